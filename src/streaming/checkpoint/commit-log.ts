/**
 * The commit log (`<checkpoint>/commits/<batchId>`, Spark's CommitLog): written once a batch has
 * reached the sink and its state is saved. Two lines, no trailing newline: the version and the
 * watermark the next batch starts with:
 *
 *     v1
 *     {"nextBatchWatermarkMs":0}
 *
 * A legacy file holding only `v1` reads as watermark 0.
 */
import {
  corruptFile,
  expectObject,
  integerField,
  parseJsonLine,
  parseLogVersion,
} from "../../storage/log-version.js";
import { logLines } from "../../storage/log-lines.js";
import { type LogCodec, MetadataLog } from "./metadata-log.js";

/** The newest commit-log version this build reads and writes. */
export const COMMIT_LOG_VERSION = 1;

/** Spark's CommitMetadata. */
export interface CommitMetadata {
  /** The event-time watermark computed at the end of the batch, used by the next batch (ms). */
  readonly nextBatchWatermarkMs: number;
}

/** Encodes a commit entry as the file's text. */
export function serializeCommit(commit: CommitMetadata): string {
  return `v${COMMIT_LOG_VERSION}\n${JSON.stringify({ nextBatchWatermarkMs: commit.nextBatchWatermarkMs })}`;
}

/** Decodes a commit-log file read from `path`; a bad file is a TsparkError naming `path`. */
export function deserializeCommit(text: string, path: string): CommitMetadata {
  const lines = logLines(text);
  parseLogVersion(lines[0], COMMIT_LOG_VERSION, path);
  if (lines.length > 2) throw corruptFile(path, `expected at most 2 lines, found ${lines.length}`);
  const json = lines[1]?.trim() ?? "";
  if (json === "") return { nextBatchWatermarkMs: 0 };
  const obj = expectObject(parseJsonLine(json, path, 2), path, "the commit metadata");
  return { nextBatchWatermarkMs: integerField(obj, "nextBatchWatermarkMs", 0, path) };
}

/** The commit-log codec. */
export const COMMIT_CODEC: LogCodec<CommitMetadata> = {
  serialize: serializeCommit,
  deserialize: deserializeCommit,
};

/** The commit log of a checkpoint: `new CommitLog(join(checkpoint, "commits"))`. */
export class CommitLog extends MetadataLog<CommitMetadata> {
  constructor(directory: string, fsync = true) {
    super(directory, COMMIT_CODEC, fsync);
  }
}
