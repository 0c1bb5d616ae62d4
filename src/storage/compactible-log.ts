/**
 * The file naming and compaction arithmetic of a compactible metadata log (Spark's
 * `CompactibleFileStreamLog` object), shared by the file sink's `_spark_metadata` log
 * (connectors/file/file-sink-log.ts) and the file source's seen-files log
 * (streaming/checkpoint/file-stream-source-log.ts). Pure functions over batch ids and file names.
 *
 * With `compactInterval` 3 a log directory reads:
 *
 *     0  1  2.compact  3  4  5.compact  6
 *
 * Batch ids with `(id + 1) % compactInterval == 0` are compaction batches, written as
 * `<id>.compact` holding the entries of every batch since the previous compaction plus their own;
 * the whole log is the latest compaction file plus the batch files after it (here 5.compact, 6).
 */

/** The suffix of a compaction batch's file name. */
export const COMPACT_FILE_SUFFIX = ".compact";

/** Whether `batchId` is written as a compaction file under `compactInterval`. */
export function isCompactionBatch(batchId: number, compactInterval: number): boolean {
  return (batchId + 1) % compactInterval === 0;
}

/** The file name of `batchId` under `compactInterval`: `<id>.compact` or `<id>`. */
export function compactibleFileName(batchId: number, compactInterval: number): string {
  return isCompactionBatch(batchId, compactInterval) ? `${batchId}${COMPACT_FILE_SUFFIX}` : String(batchId);
}

/** The batch id a log file name stands for (`"12"`, `"11.compact"`), undefined for any other name. */
export function batchIdOfFileName(name: string): number | undefined {
  const base = name.endsWith(COMPACT_FILE_SUFFIX) ? name.slice(0, -COMPACT_FILE_SUFFIX.length) : name;
  if (!/^[0-9]+$/.test(base)) return undefined;
  const id = Number(base);
  return Number.isSafeInteger(id) ? id : undefined;
}

/**
 * The interval a log with one compaction file was written with: the smallest divisor of
 * `latestCompactBatchId + 1` that is at least `defaultInterval` (Spark's `deriveCompactInterval`),
 * so changing the setting never breaks an existing log.
 */
export function deriveCompactInterval(defaultInterval: number, latestCompactBatchId: number): number {
  const n = latestCompactBatchId + 1;
  if (n <= defaultInterval) return n;
  const half = Math.floor(n / 2);
  if (defaultInterval < half) {
    for (let i = defaultInterval; i <= half; i++) if (n % i === 0) return i;
  }
  return n;
}

/**
 * The compaction interval of a log whose directory holds `fileNames` (Spark's rule): the
 * configured `defaultInterval` without compaction files; with one, the derived compatible
 * interval; with several, the distance between the latest two.
 */
export function compactIntervalOf(fileNames: readonly string[], defaultInterval: number): number {
  const [latest, previous] = fileNames
    .filter((name) => name.endsWith(COMPACT_FILE_SUFFIX))
    .map(batchIdOfFileName)
    .filter((id): id is number => id !== undefined)
    .sort((a, b) => b - a);
  if (latest === undefined) return defaultInterval;
  return previous === undefined ? deriveCompactInterval(defaultInterval, latest) : latest - previous;
}

/**
 * The batches a compaction at `compactionBatchId` folds in, oldest first: the previous compaction
 * and the batches since (Spark's `getValidBatchesBeforeCompactionBatch`).
 */
export function batchesToCompact(compactionBatchId: number, compactInterval: number): number[] {
  const ids: number[] = [];
  for (let id = Math.max(0, compactionBatchId - compactInterval); id < compactionBatchId; id++) ids.push(id);
  return ids;
}

/**
 * The first batch whose file is read to see the whole log up to `batchId`: the latest compaction
 * at or before it, or 0 before the first one (Spark's `getAllValidBatches`).
 */
export function firstBatchToRead(batchId: number, compactInterval: number): number {
  return Math.max(0, Math.floor((batchId + 1) / compactInterval) * compactInterval - 1);
}

/** The first compaction batch after `batchId` (Spark's `nextCompactionBatchId`). */
export function nextCompactionBatchId(batchId: number, compactInterval: number): number {
  return Math.floor((batchId + compactInterval + 1) / compactInterval) * compactInterval - 1;
}
