/**
 * The file sink's metadata log, `<output>/_spark_metadata/` (Spark's FileStreamSinkLog over
 * CompactibleFileStreamLog): for every committed micro-batch, the files it wrote. A file in the
 * output directory is part of the sink's output only if this log names it, so readers that honour
 * the log never see the files of a batch that failed half-way. One file per batch, named by the
 * decimal batch id, written atomically and never overwritten; lines joined by `\n`, no trailing
 * newline: the version, then one JSON object per file, fields in Spark's order:
 *
 *     v1
 *     {"path":"file:/data/out/part-00000-1b9e…-c000.snappy.parquet","size":452,"isDir":false,"modificationTime":1700000000000,"blockReplication":1,"blockSize":33554432,"action":"add"}
 *
 * Compaction: batch ids with `(id + 1) % compactInterval == 0`
 * (`spark.sql.streaming.fileSink.log.compactInterval`, default 10) are written as `<id>.compact`
 * holding every live entry since the previous compaction plus their own, so the whole log is the
 * latest compaction file plus the few batch files after it. Entries older than the sink's
 * `retention` option are dropped when compacting. After each batch, files older than the earliest
 * compaction still needed to keep `spark.sql.streaming.minBatchesToRetain` batches are deleted
 * (`spark.sql.streaming.fileSink.log.deletion`, default true) once they are older than
 * `spark.sql.streaming.fileSink.log.cleanupDelay` (default 10 minutes).
 *
 * Paths are written as Hadoop qualifies local files (`file:/abs/path`, URL-encoded); `file:///…`
 * and bare paths (Spark's tests) are read too. The compaction arithmetic (storage/compactible-log.ts)
 * is shared with the checkpoint's file-source log.
 */
import { statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Clock, SystemClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { deleteFile, listDirectory, readTextIfExists, writeFileAtomic } from "../../storage/atomic-file.js";
import { logLines } from "../../storage/log-lines.js";
import { corruptFile, expectObject, parseJsonLine, parseLogVersion } from "../../storage/log-version.js";
import {
  batchesToCompact,
  batchIdOfFileName,
  compactibleFileName,
  compactIntervalOf,
  firstBatchToRead,
  isCompactionBatch,
  nextCompactionBatchId,
} from "../../storage/compactible-log.js";
import type { FileStatus } from "./file-format.js";
import { timeStringAsMs } from "../stream-option.js";
import { absoluteLocalPath } from "./file-input.js";

// The compaction arithmetic is shared with the file source's log; these two are part of this
// module's API too.
export { deriveCompactInterval, isCompactionBatch } from "../../storage/compactible-log.js";

/** The sub-directory of a sink's output holding its log (Spark's `FileStreamSink.metadataDir`). */
export const SPARK_METADATA_DIR = "_spark_metadata";

/** The sink-log version this build reads and writes. */
export const FILE_SINK_LOG_VERSION = 1;

/** The action of an entry naming a file the sink added. */
export const ADD_ACTION = "add";

/** The action of an entry naming a file removed (written by Spark before 3.1, still honoured). */
export const DELETE_ACTION = "delete";

/** Default of `spark.sql.streaming.fileSink.log.compactInterval`. */
export const DEFAULT_FILE_SINK_LOG_COMPACT_INTERVAL = 10;

/** Hadoop's local file system reports every file with one replica… */
const LOCAL_BLOCK_REPLICATION = 1;
/** …and the `fs.local.block.size` default block size, 32 MiB. */
const LOCAL_BLOCK_SIZE = 33_554_432;

/** One file recorded by the sink (Spark's SinkFileStatus). */
export interface SinkFileStatus {
  /** The file's URI (`file:/…`) as written, or a bare path in logs from Spark's tests. */
  readonly path: string;
  readonly size: number;
  readonly isDir: boolean;
  /** Milliseconds since the epoch. */
  readonly modificationTime: number;
  readonly blockReplication: number;
  readonly blockSize: number;
  /** `add` (or `delete` in logs of old Spark versions). */
  readonly action: string;
}

/** The URI a log entry uses for the local file `path` (`file:/abs/path`, URL-encoded). */
export function sinkPathOf(path: string): string {
  // Node writes `file:///abs`; Hadoop's qualified local paths have no authority: `file:/abs`.
  return pathToFileURL(resolve(path)).href.replace(/^file:\/\/\//, "file:/");
}

/** The local path a log entry's `path` names (`file:` URIs and bare, URL-encoded paths). */
export function localPathOf(sinkPath: string): string {
  if (sinkPath.startsWith("file:")) {
    try {
      return fileURLToPath(new URL(sinkPath));
    } catch {
      // Not a well-formed URL: fall back to the text after the scheme.
      return resolve(sinkPath.replace(/^file:(\/\/)?/, ""));
    }
  }
  try {
    return resolve(decodeURIComponent(sinkPath));
  } catch {
    return resolve(sinkPath);
  }
}

/** The log entry for the local file `path`, from its status on disk (what a task commit records). */
export function sinkFileStatusOf(path: string): SinkFileStatus {
  const st = statSync(path);
  return {
    path: sinkPathOf(path),
    size: st.size,
    isDir: st.isDirectory(),
    // Java's File.lastModified: whole milliseconds.
    modificationTime: Math.floor(st.mtimeMs),
    blockReplication: LOCAL_BLOCK_REPLICATION,
    blockSize: LOCAL_BLOCK_SIZE,
    action: ADD_ACTION,
  };
}

/** Encodes one batch's entries as the log file's text. */
export function serializeSinkFileStatuses(entries: readonly SinkFileStatus[]): string {
  const lines = [`v${FILE_SINK_LOG_VERSION}`];
  for (const e of entries) {
    lines.push(
      JSON.stringify({
        path: e.path,
        size: e.size,
        isDir: e.isDir,
        modificationTime: e.modificationTime,
        blockReplication: e.blockReplication,
        blockSize: e.blockSize,
        action: e.action,
      }),
    );
  }
  return lines.join("\n");
}

/**
 * Decodes a log file read from `path`. A version above v1 is
 * `INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION`; an empty file, a bad version line or a bad entry
 * is `STREAMING_CHECKPOINT_CORRUPT_FILE` naming `path`.
 */
export function deserializeSinkFileStatuses(text: string, path: string): SinkFileStatus[] {
  const lines = logLines(text);
  parseLogVersion(lines[0], FILE_SINK_LOG_VERSION, path);
  const entries: SinkFileStatus[] = [];
  for (let i = 1; i < lines.length; i++) {
    const what = `line ${i + 1}`;
    const o = expectObject(parseJsonLine(lines[i] as string, path, i + 1), path, what);
    const field = <T>(key: string, type: string, ok: (v: unknown) => v is T): T => {
      const v = o[key];
      if (ok(v)) return v;
      throw corruptFile(path, `${what}: field "${key}" is ${v === undefined ? "missing" : `not ${type}`}`);
    };
    const int = (key: string): number => field(key, "an integer", isInteger);
    entries.push({
      path: field("path", "a string", isString),
      size: int("size"),
      isDir: field("isDir", "a boolean", isBoolean),
      modificationTime: int("modificationTime"),
      blockReplication: int("blockReplication"),
      blockSize: int("blockSize"),
      action: field("action", "a string", isString),
    });
  }
  return entries;
}

function isString(v: unknown): v is string {
  return typeof v === "string";
}

function isBoolean(v: unknown): v is boolean {
  return typeof v === "boolean";
}

function isInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v);
}

/** How a sink log compacts, expires and cleans up (defaults: Spark's). */
export interface FileSinkLogSettings {
  /** `spark.sql.streaming.fileSink.log.compactInterval` (10). */
  readonly compactInterval: number;
  /** `spark.sql.streaming.fileSink.log.deletion` (true): delete batch files compaction made obsolete. */
  readonly deleteExpiredLog: boolean;
  /** `spark.sql.streaming.fileSink.log.cleanupDelay` (10 minutes): how old an obsolete file must be. */
  readonly cleanupDelayMs: number;
  /** `spark.sql.streaming.minBatchesToRetain` (100). */
  readonly minBatchesToRetain: number;
  /** The sink's `retention` option: entries older than this are dropped when compacting. */
  readonly retentionMs?: number;
  /** Wall time for expiry and retention. */
  readonly clock: Clock;
}

function confInt(conf: (key: string) => string | undefined, key: string, fallback: number): number {
  const v = conf(key);
  if (v === undefined) return fallback;
  const t = v.trim();
  if (!/^[+-]?[0-9]+$/.test(t) || !Number.isSafeInteger(Number(t)))
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: `${key} should be int, but was ${v}` },
    });
  return Number(t);
}

/**
 * The sink-log settings from the session's conf (`conf(key)` → value or undefined) and the sink's
 * `retention` option. A compactInterval that is not positive is `ILLEGAL_ARGUMENT`, as Spark's
 * `require` in FileStreamSinkLog.
 */
export function fileSinkLogSettings(
  conf: (key: string) => string | undefined,
  clock: Clock = new SystemClock(),
  retention?: string,
): FileSinkLogSettings {
  const key = "spark.sql.streaming.fileSink.log.compactInterval";
  const compactInterval = confInt(conf, key, DEFAULT_FILE_SINK_LOG_COMPACT_INTERVAL);
  if (compactInterval <= 0)
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: {
        message: `requirement failed: Please set ${key} (was ${compactInterval}) to a positive value.`,
      },
    });
  const deletion = conf("spark.sql.streaming.fileSink.log.deletion");
  const delay = conf("spark.sql.streaming.fileSink.log.cleanupDelay");
  return {
    compactInterval,
    deleteExpiredLog: deletion === undefined ? true : deletion.trim().toLowerCase() !== "false",
    cleanupDelayMs: delay === undefined ? 600_000 : timeStringAsMs(delay),
    minBatchesToRetain: confInt(conf, "spark.sql.streaming.minBatchesToRetain", 100),
    ...(retention === undefined ? {} : { retentionMs: timeStringAsMs(retention) }),
    clock,
  };
}

/**
 * The metadata log of one file sink, in `directory` (`<output>/_spark_metadata`, created on the
 * first `add`). Writers: one sink at a time (`add` never overwrites; a batch that exists is left
 * alone). Readers may list while a writer compacts and deletes: `allFiles` retries past files
 * deleted under it.
 */
export class FileStreamSinkLog {
  private interval: number | undefined;

  constructor(
    readonly directory: string,
    private readonly settings: FileSinkLogSettings,
  ) {}

  /**
   * The compaction interval in force (fixed on first use): the configured one for a log without
   * compaction files; with one, the derived compatible interval; with several, the distance
   * between the latest two.
   */
  get compactInterval(): number {
    this.interval ??= compactIntervalOf(listDirectory(this.directory), this.settings.compactInterval);
    return this.interval;
  }

  /** The file holding `batchId` (it may not exist). */
  batchPath(batchId: number): string {
    return join(this.directory, compactibleFileName(batchId, this.compactInterval));
  }

  /** The entries of `batchId` as stored (a compaction file holds the history), or undefined. */
  get(batchId: number): SinkFileStatus[] | undefined {
    const path = this.batchPath(batchId);
    const text = readTextIfExists(path);
    return text === undefined ? undefined : deserializeSinkFileStatuses(text, path);
  }

  /** The batch ids whose files are present under the current naming, ascending. */
  listBatchIds(): number[] {
    const names = new Set(listDirectory(this.directory));
    const ids: number[] = [];
    for (const name of names) {
      const id = batchIdOfFileName(name);
      // A file named for another interval (`9` where 9 is now a compaction) is not this log's batch.
      if (id !== undefined && this.batchPath(id) === join(this.directory, name)) ids.push(id);
    }
    return ids.sort((a, b) => a - b);
  }

  /** The newest batch id, without reading any file (Spark's `getLatestBatchId`). */
  getLatestBatchId(): number | undefined {
    return this.listBatchIds().at(-1);
  }

  /**
   * Records the files of batch `batchId` unless that batch exists (false, nothing written). A
   * compaction batch writes `<id>.compact` with the retained entries of the previous compaction
   * and the batches since, plus `entries`; a batch file it needs that is missing is
   * `STREAMING_CHECKPOINT_INCONSISTENT_LOGS`. After a write, obsolete batch files are deleted
   * when the settings say so.
   */
  add(batchId: number, entries: readonly SinkFileStatus[]): boolean {
    if (!Number.isSafeInteger(batchId) || batchId < 0)
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: { message: `a batch id must be a non-negative integer, got ${batchId}` },
      });
    const interval = this.compactInterval;
    let toWrite: readonly SinkFileStatus[] = entries;
    if (isCompactionBatch(batchId, interval)) {
      if (readTextIfExists(this.batchPath(batchId)) !== undefined) return false;
      const now = this.settings.clock.nowMillis();
      const all: SinkFileStatus[] = [];
      for (const id of batchesToCompact(batchId, interval)) {
        all.push(...this.required(id, `compacting batch ${batchId}`));
      }
      all.push(...entries);
      toWrite = all.filter((e) => this.shouldRetain(e, now));
    }
    const written = writeFileAtomic(this.batchPath(batchId), serializeSinkFileStatuses(toWrite), {
      overwrite: false,
    });
    if (written && this.settings.deleteExpiredLog) this.deleteExpiredLog(batchId);
    return written;
  }

  /**
   * Every live file: the latest compaction file plus the batch files after it, minus files a
   * `delete` entry removed and entries past the retention. A batch file deleted by a concurrent compaction is retried from the
   * newer compaction; a file still missing is `STREAMING_CHECKPOINT_INCONSISTENT_LOGS`.
   */
  allFiles(): SinkFileStatus[] {
    const now = this.settings.clock.nowMillis();
    let latest = this.getLatestBatchId();
    for (;;) {
      if (latest === undefined) return [];
      const out: SinkFileStatus[] = [];
      let missing: number | undefined;
      for (let id = firstBatchToRead(latest, this.compactInterval); id <= latest; id++) {
        const entries = this.get(id);
        if (entries === undefined) {
          missing = id;
          break;
        }
        for (const e of entries) if (this.shouldRetain(e, now)) out.push(e);
      }
      if (missing === undefined) return liveEntries(out);
      // A writer compacted and deleted old files while we read: the newer compaction has them.
      const nextCompaction = nextCompactionBatchId(latest, this.compactInterval);
      const newer = this.getLatestBatchId();
      if (newer === undefined || newer < nextCompaction)
        throw this.inconsistent(missing, `reading up to batch ${latest}`);
      latest = newer;
    }
  }

  /** Whether `entry` is still within the sink's `retention` at `now` (always, without one). */
  shouldRetain(entry: SinkFileStatus, now: number): boolean {
    const r = this.settings.retentionMs;
    return r === undefined || now - entry.modificationTime <= r;
  }

  /**
   * Deletes batch files before the earliest compaction needed to keep `minBatchesToRetain`
   * batches, once they are older than the cleanup delay (Spark's `deleteExpiredLog`).
   */
  private deleteExpiredLog(currentBatchId: number): void {
    const interval = this.compactInterval;
    const minBatchId = currentBatchId + 1 - this.settings.minBatchesToRetain;
    if (interval > minBatchId) return;
    const minCompactionBatchId = minBatchId - (minBatchId % interval) - 1;
    const expiredTime = this.settings.clock.nowMillis() - this.settings.cleanupDelayMs;
    for (const name of listDirectory(this.directory)) {
      const id = batchIdOfFileName(name);
      if (id === undefined || id >= minCompactionBatchId) continue;
      const path = join(this.directory, name);
      let mtime: number;
      try {
        mtime = statSync(path).mtimeMs;
      } catch {
        continue; // deleted concurrently
      }
      if (Math.floor(mtime) <= expiredTime) deleteFile(path);
    }
  }

  private required(batchId: number, doing: string): SinkFileStatus[] {
    const entries = this.get(batchId);
    if (entries === undefined) throw this.inconsistent(batchId, doing);
    return entries;
  }

  private inconsistent(batchId: number, doing: string): TsparkError {
    return new TsparkError("STREAMING_CHECKPOINT_INCONSISTENT_LOGS", {
      messageParameters: {
        reason: `${this.batchPath(batchId)} does not exist when ${doing} (compactInterval: ${this.compactInterval})`,
      },
    });
  }
}

/** `entries` without the files a later `delete` entry removed, and without the `delete` entries. */
function liveEntries(entries: readonly SinkFileStatus[]): SinkFileStatus[] {
  const deleted = new Set(entries.filter((e) => e.action === DELETE_ACTION).map((e) => e.path));
  if (deleted.size === 0) return [...entries];
  return entries.filter((e) => e.action !== DELETE_ACTION && !deleted.has(e.path));
}

/**
 * Spark's `FileStreamSink.hasMetadata`: the local root directory whose sink log a read of `paths`
 * must list, or undefined. Only a read of exactly one path that is a directory holding
 * `_spark_metadata` uses the log (so globs, several paths, files and sub-directories of the output
 * list the file system as usual); `ignoreMetadata`
 * (`spark.sql.streaming.fileStreamSink.ignoreMetadata`) turns it off. Failures to look are "no log".
 */
export function sinkMetadataRoot(paths: readonly string[], ignoreMetadata: boolean): string | undefined {
  if (ignoreMetadata || paths.length !== 1) return undefined;
  const given = paths[0] as string;
  if (given === "") return undefined;
  const local = absoluteLocalPath(given);
  try {
    if (!statSync(local).isDirectory()) return undefined;
    statSync(join(local, SPARK_METADATA_DIR));
    return local;
  } catch {
    return undefined;
  }
}

/**
 * Spark's `FileStreamSink.ancestorIsMetadataDirectory`: whether `path` is a `_spark_metadata`
 * directory or lies inside one.
 */
export function ancestorIsMetadataDirectory(path: string): boolean {
  return absoluteLocalPath(path)
    .split(sep)
    .some((segment) => segment === SPARK_METADATA_DIR);
}

/**
 * The files a reader of the sink output `root` reads: the live entries of its log that are not
 * directories, as local file statuses (size and time as logged). `conf` gives the compaction
 * interval the log was written with.
 */
export function readSinkOutputFiles(root: string, conf: (key: string) => string | undefined): FileStatus[] {
  // A reader keeps every logged entry: retention is applied by the sink when it compacts.
  const log = new FileStreamSinkLog(join(root, SPARK_METADATA_DIR), fileSinkLogSettings(conf));
  return log
    .allFiles()
    .filter((e) => !e.isDir)
    .map((e) => ({ path: localPathOf(e.path), size: e.size, modificationTime: e.modificationTime }));
}
