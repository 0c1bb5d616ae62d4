/**
 * The file stream source's seen-files log as the source sees it (Spark's FileStreamSourceLog):
 * for each log batch id, the files the source selected for it. The streaming engine hands the
 * source an implementation over `<checkpoint>/sources/<n>` (streaming/checkpoint's
 * FileStreamSourceLog, with compaction); without a checkpoint the source keeps one in memory.
 *
 * Contract:
 * - `add` writes a batch once: it returns false, and changes nothing, when the batch exists.
 * - `getBatch` returns the entries of that batch alone (a compaction file is filtered to it), or
 *   undefined when the log has no such batch.
 * - `allFiles` returns every entry ever added, for rebuilding the seen-files map on a restart.
 */

/** One file a batch selected (Spark's FileEntry): its `file:` URL, modification time, batch. */
export interface FileSourceLogEntry {
  /** The file's URL (`file:///data/in/a.json`, percent-encoded). */
  readonly path: string;
  /** Its modification time in milliseconds since the epoch. */
  readonly timestamp: number;
  /** The log batch that selected it. */
  readonly batchId: number;
}

/** The seen-files log of one file stream source. */
export interface FileSourceLogPort {
  /** Records the files of `batchId`; false when that batch already exists. */
  add(batchId: number, entries: readonly FileSourceLogEntry[]): boolean;
  /** The files of `batchId` alone, or undefined when the log has no such batch. */
  getBatch(batchId: number): readonly FileSourceLogEntry[] | undefined;
  /** The newest batch id, or undefined for an empty log. */
  getLatestBatchId(): number | undefined;
  /** Every file recorded so far. */
  allFiles(): readonly FileSourceLogEntry[];
}
