// The crash harness reads a checkpoint with its own small parsers (not the engine's log classes),
// so a bug in the engine's readers cannot hide the same bug in what it wrote. Formats:
// ../shared/spark-semantics.md "checkpoint layout" (Spark's OffsetSeqLog, CommitLog,
// FileStreamSourceLog and FileStreamSinkLog: a `v1` line, then JSON lines).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The log files of `dir`: batch id → file name (`<id>` or `<id>.compact`); temp files ignored. */
function logFiles(dir: string): Map<number, string> {
  const out = new Map<number, string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const m = /^([0-9]+)(\.compact)?$/.exec(name);
    if (m !== null) out.set(Number(m[1]), name);
  }
  return out;
}

function linesOf(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  if (lines[0] !== "v1")
    throw new Error(`${path}: expected version line v1, got ${JSON.stringify(lines[0])}`);
  return lines;
}

/** What the harness needs from one query's checkpoint. */
export interface CheckpointView {
  /** Batch id → the file source's log offset recorded in `offsets/<id>` (one source). */
  readonly offsets: ReadonlyMap<number, number>;
  /** Batch ids with a `commits/<id>` file. */
  readonly commits: ReadonlySet<number>;
  /** File source log batch id → the file URLs it selected (`sources/0`, compactions merged). */
  readonly sourceBatches: ReadonlyMap<number, readonly string[]>;
}

/** The newest batch id of a set or map of ids; -1 when empty. */
export function latestId(ids: Iterable<number>): number {
  let latest = -1;
  for (const id of ids) if (id > latest) latest = id;
  return latest;
}

/** Reads the offsets, commits and file-source logs of the checkpoint at `dir`. */
export function readCheckpoint(dir: string): CheckpointView {
  const offsets = new Map<number, number>();
  for (const [id, name] of logFiles(join(dir, "offsets"))) {
    const path = join(dir, "offsets", name);
    const lines = linesOf(path);
    const source = lines[2];
    const parsed: unknown = source === undefined ? undefined : JSON.parse(source);
    const logOffset = (parsed as { logOffset?: unknown } | undefined)?.logOffset;
    if (lines.length !== 3 || typeof logOffset !== "number")
      throw new Error(`${path}: expected metadata and one {"logOffset":N} line`);
    offsets.set(id, logOffset);
  }
  const commits = new Set(logFiles(join(dir, "commits")).keys());
  const sourceBatches = new Map<number, string[]>();
  const sourceDir = join(dir, "sources", "0");
  for (const name of logFiles(sourceDir).values()) {
    for (const line of linesOf(join(sourceDir, name)).slice(1)) {
      if (line === "") continue;
      const e = JSON.parse(line) as { path: string; batchId: number };
      let files = sourceBatches.get(e.batchId);
      if (files === undefined) sourceBatches.set(e.batchId, (files = []));
      // A compaction repeats the entries of the batch files it merges.
      if (!files.includes(e.path)) files.push(e.path);
    }
  }
  return { offsets, commits, sourceBatches };
}

/** The newest batch id in a file sink's `_spark_metadata` log; -1 when it has none. */
export function latestSinkBatch(outputDir: string): number {
  return latestId(logFiles(join(outputDir, "_spark_metadata")).keys());
}
