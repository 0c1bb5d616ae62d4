/**
 * The offset log (`<checkpoint>/offsets/<batchId>`, Spark's OffsetSeqLog): the write-ahead record
 * of a planned batch, written before any of its data is read. Lines joined by `\n`, no trailing
 * newline: the version, the batch metadata, then one offset per source in source order (`-` for a
 * source without an offset yet). A file from a Spark 2.3.1 checkpoint:
 *
 *     v1
 *     {"batchWatermarkMs":5000,"batchTimestampMs":1531991878604,"conf":{"spark.sql.shuffle.partitions":"5","spark.sql.streaming.stateStore.providerClass":"org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider"}}
 *     1
 *
 * Metadata fields missing from older files default to 0 (watermark, timestamp) and `{}` (conf).
 */
import { internalError } from "../../common/errors.js";
import type { SourceOffset } from "../../connectors/api/stream-source.js";
import {
  corruptFile,
  expectObject,
  integerField,
  parseJsonLine,
  parseLogVersion,
} from "../../storage/log-version.js";
import { logLines } from "../../storage/log-lines.js";
import { type LogCodec, MetadataLog } from "./metadata-log.js";

/** The newest offset-log version this build reads and writes. */
export const OFFSET_LOG_VERSION = 1;

/** Spark's OffsetSeqMetadata: what a batch must reuse verbatim when it is re-run. */
export interface OffsetSeqMetadata {
  /** The event-time watermark the batch runs with (ms). */
  readonly batchWatermarkMs: number;
  /** The batch's trigger time (ms): `current_timestamp()` of the batch. */
  readonly batchTimestampMs: number;
  /** Settings pinned for the life of the checkpoint (`spark.sql.shuffle.partitions`, …). */
  readonly conf: Readonly<Record<string, string>>;
}

/** One offset-log entry: the batch metadata and each source's end offset (undefined: none yet). */
export interface OffsetSeq {
  readonly metadata: OffsetSeqMetadata;
  readonly offsets: readonly (SourceOffset | undefined)[];
}

/** Encodes an OffsetSeq as the file's text (the format in the module comment). */
export function serializeOffsetSeq(seq: OffsetSeq): string {
  const { batchWatermarkMs, batchTimestampMs, conf } = seq.metadata;
  const lines = [`v${OFFSET_LOG_VERSION}`, JSON.stringify({ batchWatermarkMs, batchTimestampMs, conf })];
  for (const offset of seq.offsets) {
    if (offset !== undefined && (offset.includes("\n") || offset.includes("\r") || offset === "-")) {
      throw internalError(`a source offset must be one line of JSON, got ${JSON.stringify(offset)}`);
    }
    lines.push(offset ?? "-");
  }
  return lines.join("\n");
}

/**
 * Decodes an offset-log file read from `path`; an unknown version, a missing metadata line, or a
 * line that is not JSON is a TsparkError naming `path`.
 */
export function deserializeOffsetSeq(text: string, path: string): OffsetSeq {
  const lines = logLines(text);
  parseLogVersion(lines[0], OFFSET_LOG_VERSION, path);
  const metaLine = lines[1];
  if (metaLine === undefined) throw corruptFile(path, "the batch metadata line is missing (truncated file)");
  const metadata = metaLine.trim() === "" ? emptyMetadata() : parseMetadata(metaLine, path);
  const offsets: (SourceOffset | undefined)[] = [];
  for (let i = 2; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "-") {
      offsets.push(undefined);
      continue;
    }
    if (line === "") throw corruptFile(path, `line ${i + 1} is empty, expected a source offset or "-"`);
    parseJsonLine(line, path, i + 1);
    offsets.push(line);
  }
  return { metadata, offsets };
}

function parseMetadata(line: string, path: string): OffsetSeqMetadata {
  const obj = expectObject(parseJsonLine(line, path, 2), path, "the batch metadata");
  const confValue = obj.conf === undefined ? {} : expectObject(obj.conf, path, 'field "conf"');
  const conf: Record<string, string> = {};
  for (const [k, v] of Object.entries(confValue)) {
    if (typeof v !== "string") throw corruptFile(path, `conf value of "${k}" is not a string`);
    conf[k] = v;
  }
  return {
    batchWatermarkMs: integerField(obj, "batchWatermarkMs", 0, path),
    batchTimestampMs: integerField(obj, "batchTimestampMs", 0, path),
    conf,
  };
}

function emptyMetadata(): OffsetSeqMetadata {
  return { batchWatermarkMs: 0, batchTimestampMs: 0, conf: {} };
}

/** The offset-log codec. */
export const OFFSET_SEQ_CODEC: LogCodec<OffsetSeq> = {
  serialize: serializeOffsetSeq,
  deserialize: deserializeOffsetSeq,
};

/** The offset log of a checkpoint: `new OffsetSeqLog(join(checkpoint, "offsets"))`. */
export class OffsetSeqLog extends MetadataLog<OffsetSeq> {
  constructor(directory: string, fsync = true) {
    super(directory, OFFSET_SEQ_CODEC, fsync);
  }
}

/**
 * The conf pinned in the newest entry of the offset log in `directory`, for a query about to start;
 * undefined when the log is empty or its newest entry cannot be read. A bad entry is not this
 * caller's to report: the run reads the same file before anything else and fails with its error
 * (`STREAM_FAILED` naming the file), as Spark reads the log in the query's own thread.
 */
export function latestLoggedConf(directory: string): Readonly<Record<string, string>> | undefined {
  try {
    return new OffsetSeqLog(directory).getLatest()?.entry.metadata.conf;
  } catch {
    return undefined;
  }
}
