/**
 * Layer `storage/`. Durable files on the local file system: atomic write-then-rename of small
 * files (checkpoint logs, state, sink metadata), reads and directory listings; the file naming and
 * compaction arithmetic of compactible metadata logs (`compactible-log.ts`); the version line and
 * corrupt-file checks every metadata log reader shares (`log-version.ts`, `log-lines.ts`).
 *
 * Invariants: a file written here is either absent or complete (temp file in the same directory,
 * fsync, rename, directory fsync); temp files are never listed; every I/O failure is a
 * TsparkError naming the path.
 * May import: common/, types/, data/.
 */
export {
  type AtomicWriteOptions,
  deleteFile,
  isTempFileName,
  listDirectory,
  makeDirectories,
  readFileIfExists,
  readTextIfExists,
  writeFileAtomic,
} from "./atomic-file.js";
export {
  batchesToCompact,
  batchIdOfFileName,
  COMPACT_FILE_SUFFIX,
  compactibleFileName,
  compactIntervalOf,
  deriveCompactInterval,
  firstBatchToRead,
  isCompactionBatch,
  nextCompactionBatchId,
} from "./compactible-log.js";
export { logLines } from "./log-lines.js";
export { corruptFile, expectObject, integerField, parseJsonLine, parseLogVersion } from "./log-version.js";
