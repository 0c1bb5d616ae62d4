/**
 * The file source's seen-files log (`<checkpoint>/sources/<i>/<batchId>`, Spark's
 * FileStreamSourceLog over CompactibleFileStreamLog): for each batch, the files it selected. A
 * file source's offset `{"logOffset":n}` points at batch n of this log. Lines joined by `\n`, no
 * trailing newline: the version, then one JSON object per file:
 *
 *     v1
 *     {"path":"file:///data/in/a.json","timestamp":1480730950000,"batchId":3}
 *     {"path":"file:///data/in/b.json","timestamp":1480730951000,"batchId":3}
 *
 * Every `compactInterval` batches (`spark.sql.streaming.fileSource.log.compactInterval`, default
 * 10) — batch ids with `(id + 1) % compactInterval == 0` — the batch is written as
 * `<id>.compact`, holding the entries of every batch since the previous compaction plus its own,
 * so the whole history is the latest compaction file plus the few batch files after it. A log
 * that already has compaction files keeps the interval it was written with (the distance between
 * the latest two, or Spark's derivation from a single one).
 */
import { internalError, TsparkError } from "../../common/errors.js";
import { listDirectory } from "../../storage/atomic-file.js";
import {
  batchesToCompact,
  batchIdOfFileName,
  compactibleFileName,
  compactIntervalOf,
  firstBatchToRead,
  isCompactionBatch,
} from "../../storage/compactible-log.js";
import {
  corruptFile,
  expectObject,
  integerField,
  parseJsonLine,
  parseLogVersion,
} from "../../storage/log-version.js";
import { logLines } from "../../storage/log-lines.js";
import { type LogCodec, MetadataLog } from "./metadata-log.js";

// The compaction arithmetic is shared with the file sink's log; these two are part of this
// module's API too.
export { deriveCompactInterval, isCompactionBatch } from "../../storage/compactible-log.js";

/** The newest file-source-log version this build reads and writes. */
export const FILE_SOURCE_LOG_VERSION = 1;

/** Default of `spark.sql.streaming.fileSource.log.compactInterval`. */
export const DEFAULT_FILE_SOURCE_LOG_COMPACT_INTERVAL = 10;

/** One file selected by a batch (Spark's FileEntry). */
export interface FileEntry {
  /** The file's URI, `file:///…`. */
  readonly path: string;
  /** Its modification time (ms). */
  readonly timestamp: number;
  /** The batch that selected it. */
  readonly batchId: number;
}

/** Encodes one batch's entries as the file's text. */
export function serializeFileEntries(entries: readonly FileEntry[]): string {
  const lines = [`v${FILE_SOURCE_LOG_VERSION}`];
  for (const e of entries)
    lines.push(JSON.stringify({ path: e.path, timestamp: e.timestamp, batchId: e.batchId }));
  return lines.join("\n");
}

/** Decodes a file-source-log file read from `path`; a bad line is a TsparkError naming `path`. */
export function deserializeFileEntries(text: string, path: string): FileEntry[] {
  const lines = logLines(text);
  parseLogVersion(lines[0], FILE_SOURCE_LOG_VERSION, path);
  const entries: FileEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const obj = expectObject(parseJsonLine(lines[i] as string, path, i + 1), path, `line ${i + 1}`);
    if (typeof obj.path !== "string") throw corruptFile(path, `line ${i + 1} has no "path"`);
    entries.push({
      path: obj.path,
      timestamp: integerField(obj, "timestamp", undefined, path),
      batchId: integerField(obj, "batchId", undefined, path),
    });
  }
  return entries;
}

/** The file-source-log codec. */
export const FILE_ENTRIES_CODEC: LogCodec<readonly FileEntry[]> = {
  serialize: serializeFileEntries,
  deserialize: deserializeFileEntries,
};

/** The seen-files log of one file source. */
export class FileStreamSourceLog extends MetadataLog<readonly FileEntry[]> {
  private interval: number | undefined;

  constructor(
    directory: string,
    private readonly defaultCompactInterval = DEFAULT_FILE_SOURCE_LOG_COMPACT_INTERVAL,
  ) {
    super(directory, FILE_ENTRIES_CODEC);
    if (!Number.isSafeInteger(defaultCompactInterval) || defaultCompactInterval <= 0) {
      throw internalError(`compactInterval must be a positive integer, got ${defaultCompactInterval}`);
    }
  }

  /**
   * The compaction interval in force (fixed on first use): the configured one for a log without
   * compaction files; with one, the derived compatible interval; with several, the distance
   * between the latest two (Spark's rule).
   */
  get compactInterval(): number {
    this.interval ??= compactIntervalOf(listDirectory(this.directory), this.defaultCompactInterval);
    return this.interval;
  }

  /**
   * Records the files of batch `batchId` unless it exists (false). A compaction batch writes
   * `<id>.compact` with every entry since the previous compaction plus `entries`; a batch file it
   * needs that is missing is `STREAMING_CHECKPOINT_INCONSISTENT_LOGS`.
   */
  override add(batchId: number, entries: readonly FileEntry[]): boolean {
    if (!isCompactionBatch(batchId, this.compactInterval)) return super.add(batchId, entries);
    if (this.get(batchId) !== undefined) return false;
    const all: FileEntry[] = [];
    for (const id of batchesToCompact(batchId, this.compactInterval)) {
      all.push(...this.required(id, `compacting batch ${batchId}`));
    }
    all.push(...entries);
    return super.add(batchId, all);
  }

  /** The files selected by batch `batchId` alone (a compaction file is filtered to that batch). */
  getBatch(batchId: number): FileEntry[] | undefined {
    const entries = this.get(batchId);
    if (entries === undefined) return undefined;
    return isCompactionBatch(batchId, this.compactInterval)
      ? entries.filter((e) => e.batchId === batchId)
      : [...entries];
  }

  /** Every file recorded so far: the latest compaction file plus the batch files after it. */
  allFiles(): FileEntry[] {
    const latest = this.getLatestBatchId();
    if (latest === undefined) return [];
    const out: FileEntry[] = [];
    for (let id = firstBatchToRead(latest, this.compactInterval); id <= latest; id++)
      out.push(...this.required(id, `reading up to batch ${latest}`));
    return out;
  }

  /** Refused, as in Spark: deleting batches would lose files that compaction files still need. */
  override purge(_thresholdBatchId: number): void {
    throw internalError("the file source log cannot be purged; compaction keeps it small");
  }

  protected override fileName(batchId: number): string {
    return compactibleFileName(batchId, this.compactInterval);
  }

  protected override batchIdOf(name: string): number | undefined {
    return batchIdOfFileName(name);
  }

  private required(batchId: number, doing: string): readonly FileEntry[] {
    const entries = this.get(batchId);
    if (entries === undefined) {
      throw new TsparkError("STREAMING_CHECKPOINT_INCONSISTENT_LOGS", {
        messageParameters: {
          reason: `${this.batchPath(batchId)} does not exist when ${doing} (compactInterval: ${this.compactInterval})`,
        },
      });
    }
    return entries;
  }
}
