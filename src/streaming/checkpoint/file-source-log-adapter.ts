/**
 * The checkpoint side of the file source's seen-files log: a `FileSourceLogPort` over
 * `<checkpoint>/sources/<n>` written as Spark's FileStreamSourceLog (v1 lines, compaction every
 * `spark.sql.streaming.fileSource.log.compactInterval` batches). The engine builds one per file
 * source and passes it in `StreamSourceContext.fileSourceLog`.
 */
import { TsparkError } from "../../common/errors.js";
import type { FileSourceLogPort } from "../../connectors/api/file-source-log-port.js";
import { DEFAULT_FILE_SOURCE_LOG_COMPACT_INTERVAL, FileStreamSourceLog } from "./file-stream-source-log.js";

/** The conf naming the compaction interval of file-source logs. */
export const FILE_SOURCE_LOG_COMPACT_INTERVAL_CONF = "spark.sql.streaming.fileSource.log.compactInterval";

/**
 * The compaction interval a session asks for: the conf's value (a positive integer, else
 * `INVALID_CONF_VALUE`), or Spark's default 10 when unset.
 */
export function fileSourceLogCompactInterval(conf: (key: string) => string | undefined): number {
  const text = conf(FILE_SOURCE_LOG_COMPACT_INTERVAL_CONF);
  if (text === undefined) return DEFAULT_FILE_SOURCE_LOG_COMPACT_INTERVAL;
  const n = /^\s*[0-9]+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new TsparkError("INVALID_CONF_VALUE", {
      messageParameters: { confValue: text, confName: FILE_SOURCE_LOG_COMPACT_INTERVAL_CONF },
    });
  return n;
}

/**
 * The seen-files log of the file source whose metadata directory is `directory`, compacted every
 * `compactInterval` batches: a number, or the session's conf to read it from (default 10).
 */
export function fileSourceLogPort(
  directory: string,
  compactInterval: number | ((key: string) => string | undefined) = DEFAULT_FILE_SOURCE_LOG_COMPACT_INTERVAL,
): FileSourceLogPort {
  const interval =
    typeof compactInterval === "number" ? compactInterval : fileSourceLogCompactInterval(compactInterval);
  const log = new FileStreamSourceLog(directory, interval);
  return {
    add: (batchId, entries) => log.add(batchId, entries),
    getBatch: (batchId) => log.getBatch(batchId),
    getLatestBatchId: () => log.getLatestBatchId(),
    allFiles: () => log.allFiles(),
  };
}
