/**
 * The I/O floor of a micro-batch with a checkpoint: a minimal hand-written loop that, per batch,
 * does what a micro-batch engine must write to local disk and nothing else — the offsets file
 * `offsets/<id>` (Spark's format: version line, batch metadata, the source offset), then the
 * commit file `commits/<id>`, each written durably (temp file, fsync, hard link onto the final
 * name, unlink, directory fsync), and the files 100 batches old deleted (Spark's
 * minBatchesToRetain). With `durable: false` the fsyncs are skipped, to show what they cost.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

const RETAIN = 100;

function writeDurably(
  dir: string,
  name: string,
  text: string,
  durable: boolean,
  dirFds: Map<string, number>,
): void {
  const temp = join(dir, `.${name}.tmp`);
  const fd = openSync(temp, "wx");
  try {
    writeSync(fd, text);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  linkSync(temp, join(dir, name));
  unlinkSync(temp);
  if (durable) fsyncSync(dirFds.get(dir)!);
}

/** Runs `batches` batches into `checkpoint`; returns each batch's duration in ms. */
export function checkpointLoop(checkpoint: string, batches: number, durable = true): number[] {
  const offsets = join(checkpoint, "offsets");
  const commits = join(checkpoint, "commits");
  mkdirSync(offsets, { recursive: true });
  mkdirSync(commits, { recursive: true });
  const dirFds = new Map([
    [offsets, openSync(offsets, "r")],
    [commits, openSync(commits, "r")],
  ]);
  const durations: number[] = [];
  try {
    let offset = 0;
    for (let batchId = 0; batchId < batches; batchId++) {
      const t0 = performance.now();
      offset += 1; // one row per batch
      const metadata = JSON.stringify({
        batchWatermarkMs: 0,
        batchTimestampMs: 1_700_000_000_000 + batchId,
        conf: { "spark.sql.shuffle.partitions": "200" },
      });
      const source = JSON.stringify({ offset, timestamp: offset * 1000 });
      writeDurably(offsets, String(batchId), `v1\n${metadata}\n${source}`, durable, dirFds);
      // The batch itself: one row into a sink that discards it.
      writeDurably(commits, String(batchId), 'v1\n{"nextBatchWatermarkMs":0}', durable, dirFds);
      if (batchId >= RETAIN) {
        rmSync(join(offsets, String(batchId - RETAIN)), { force: true });
        rmSync(join(commits, String(batchId - RETAIN)), { force: true });
      }
      durations.push(performance.now() - t0);
    }
  } finally {
    for (const fd of dirFds.values()) closeSync(fd);
  }
  return durations;
}
