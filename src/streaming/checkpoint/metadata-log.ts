/**
 * MetadataLog: Spark's HDFSMetadataLog, a directory holding one file per batch id (the decimal id,
 * no extension), each written atomically and never overwritten. The offset log, the commit log and
 * the file-source log are MetadataLogs with their own codecs.
 *
 * Only names that are batch ids count: temp files of an interrupted write and foreign files are
 * not batches. A batch file that exists but cannot be decoded is an error naming the file, never
 * skipped.
 */
import { internalError, TsparkError } from "../../common/errors.js";
import { deleteFile, listDirectory, readTextIfExists, writeFileAtomic } from "../../storage/atomic-file.js";
import { join } from "node:path";

/** Encodes and decodes one batch's entry; `deserialize` throws a TsparkError naming `path`. */
export interface LogCodec<T> {
  serialize(entry: T): string;
  deserialize(text: string, path: string): T;
}

/** A batch id with its decoded entry. */
export interface LogEntry<T> {
  readonly batchId: number;
  readonly entry: T;
}

/** A write-once log of per-batch entries in `directory` (created on the first `add`). */
export class MetadataLog<T> {
  constructor(
    readonly directory: string,
    protected readonly codec: LogCodec<T>,
    /** fsync each entry (see storage/atomic-file.ts); false: atomic, process-crash safe. */
    protected readonly fsync = true,
  ) {}

  /** The file holding `batchId` (it may not exist). */
  batchPath(batchId: number): string {
    return join(this.directory, this.fileName(batchId));
  }

  /**
   * Writes `entry` as batch `batchId` unless that batch exists; returns whether it was written (an
   * existing batch, even one written concurrently, is left untouched: false).
   */
  add(batchId: number, entry: T): boolean {
    checkBatchId(batchId);
    return writeFileAtomic(this.batchPath(batchId), this.codec.serialize(entry), {
      overwrite: false,
      fsync: this.fsync,
    });
  }

  /** `add`, but an existing batch is Spark's `CONCURRENT_STREAM_LOG_UPDATE`. */
  addOrFail(batchId: number, entry: T): void {
    if (!this.add(batchId, entry)) {
      throw new TsparkError("CONCURRENT_STREAM_LOG_UPDATE", {
        messageParameters: { batchId: String(batchId) },
      });
    }
  }

  /** The entry of `batchId`, or undefined when the log has no such batch. */
  get(batchId: number): T | undefined {
    checkBatchId(batchId);
    const path = this.batchPath(batchId);
    const text = readTextIfExists(path);
    return text === undefined ? undefined : this.codec.deserialize(text, path);
  }

  /** The batch ids present, ascending. */
  listBatchIds(): number[] {
    const ids: number[] = [];
    for (const name of listDirectory(this.directory)) {
      const id = this.batchIdOf(name);
      if (id !== undefined) ids.push(id);
    }
    return ids.sort((a, b) => a - b);
  }

  /** The entries with `start <= batchId <= end` (either bound optional), ascending. */
  getRange(start?: number, end?: number): LogEntry<T>[] {
    const out: LogEntry<T>[] = [];
    for (const batchId of this.listBatchIds()) {
      if ((start !== undefined && batchId < start) || (end !== undefined && batchId > end)) continue;
      const entry = this.get(batchId);
      if (entry !== undefined) out.push({ batchId, entry });
    }
    return out;
  }

  /** The newest batch id, or undefined for an empty log. */
  getLatestBatchId(): number | undefined {
    return this.listBatchIds().at(-1);
  }

  /** The newest batch with its entry, or undefined for an empty log. */
  getLatest(): LogEntry<T> | undefined {
    const ids = this.listBatchIds();
    for (let i = ids.length - 1; i >= 0; i--) {
      const batchId = ids[i] as number;
      const entry = this.get(batchId);
      // A batch deleted between listing and reading (a concurrent purge) is not the latest.
      if (entry !== undefined) return { batchId, entry };
    }
    return undefined;
  }

  /** Deletes every batch with id < `thresholdBatchId` (Spark's exclusive purge). */
  purge(thresholdBatchId: number): void {
    for (const name of listDirectory(this.directory)) {
      const id = this.batchIdOf(name);
      if (id !== undefined && id < thresholdBatchId) deleteFile(join(this.directory, name));
    }
  }

  /**
   * `purge(thresholdBatchId)` for a log already purged below `purgedBefore`: deletes only the
   * batches in [purgedBefore, thresholdBatchId) without listing the directory (a running query
   * purges one batch per batch).
   */
  purgeFrom(purgedBefore: number, thresholdBatchId: number): void {
    for (let id = Math.max(0, purgedBefore); id < thresholdBatchId; id++) deleteFile(this.batchPath(id));
  }

  /** The file name of `batchId`. */
  protected fileName(batchId: number): string {
    return String(batchId);
  }

  /** The batch id a file name stands for, undefined for names that are not batch files. */
  protected batchIdOf(name: string): number | undefined {
    return parseBatchId(name);
  }
}

/** The batch id of a plain decimal name (`"12"` → 12), undefined otherwise. */
export function parseBatchId(name: string): number | undefined {
  if (!/^[0-9]+$/.test(name)) return undefined;
  const id = Number(name);
  return Number.isSafeInteger(id) ? id : undefined;
}

/**
 * The purge threshold after batch `currentBatchId` keeping `minBatchesToRetain` batches
 * (`spark.sql.streaming.minBatchesToRetain`, default 100), or undefined when nothing is old enough.
 */
export function purgeThreshold(currentBatchId: number, minBatchesToRetain: number): number | undefined {
  return minBatchesToRetain < currentBatchId ? currentBatchId - minBatchesToRetain : undefined;
}

function checkBatchId(batchId: number): void {
  if (!Number.isSafeInteger(batchId) || batchId < 0) {
    throw internalError(`a batch id must be a non-negative integer, got ${batchId}`);
  }
}
