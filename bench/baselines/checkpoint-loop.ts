/**
 * The I/O floor of a micro-batch with a checkpoint: a minimal hand-written loop that, per batch,
 * does on local disk what tspark's engine does and nothing else — the offsets file `offsets/<id>`
 * (Spark's format: version line, batch metadata, the source offset), the purge of the entries that
 * just fell out of the retained window, then the commit file `commits/<id>`.
 *
 * Each file is written as the engine's logs write it (src/storage/atomic-file.ts with
 * `overwrite: false`, from src/streaming/checkpoint/metadata-log.ts): a hidden temp file in the
 * same directory, hard-linked onto the final name (a link, not a rename, so an existing batch file
 * is never replaced), then the temp name unlinked. Two modes, as the engine's
 * `tspark.checkpoint.fsync`:
 * - `fsync: false` (the engine's default, as Spark's checkpoint writes on a local file system):
 *   no flush; atomic and process-crash safe, not power-loss safe.
 * - `fsync: true`: the temp file is fsynced before the link and the directory after it. The loop
 *   keeps the two directories open; the engine opens the directory for each flush.
 *
 * Purge (Spark's `minBatchesToRetain`, 100): after writing offsets of batch N the engine deletes
 * every entry below N - 100 in both logs; a running query has deleted all older ones already, so
 * this is one file per log per batch, `N - 101`, deleted without listing the directories.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

const RETAIN = 100;

/** Options of `checkpointLoop`. */
export interface CheckpointLoopOptions {
  /** fsync each file and its directory, as the engine with `tspark.checkpoint.fsync=true`. */
  readonly fsync: boolean;
}

function writeLogFile(dir: string, name: string, text: string, dirFd: number | undefined): void {
  const temp = join(dir, `.${name}.tmp`);
  const fd = openSync(temp, "wx");
  try {
    writeSync(fd, text);
    if (dirFd !== undefined) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  linkSync(temp, join(dir, name));
  unlinkSync(temp);
  if (dirFd !== undefined) fsyncSync(dirFd);
}

/** Runs `batches` batches into `checkpoint`; returns each batch's duration in ms. */
export function checkpointLoop(
  checkpoint: string,
  batches: number,
  options: CheckpointLoopOptions,
): number[] {
  const offsets = join(checkpoint, "offsets");
  const commits = join(checkpoint, "commits");
  mkdirSync(offsets, { recursive: true });
  mkdirSync(commits, { recursive: true });
  const offsetsFd = options.fsync ? openSync(offsets, "r") : undefined;
  const commitsFd = options.fsync ? openSync(commits, "r") : undefined;
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
      writeLogFile(offsets, String(batchId), `v1\n${metadata}\n${source}`, offsetsFd);
      if (batchId > RETAIN) {
        const expired = String(batchId - RETAIN - 1);
        unlinkSync(join(offsets, expired));
        unlinkSync(join(commits, expired));
      }
      // The batch itself: one row into a sink that discards it.
      writeLogFile(commits, String(batchId), 'v1\n{"nextBatchWatermarkMs":0}', commitsFd);
      durations.push(performance.now() - t0);
    }
  } finally {
    if (offsetsFd !== undefined) closeSync(offsetsFd);
    if (commitsFd !== undefined) closeSync(commitsFd);
  }
  return durations;
}
