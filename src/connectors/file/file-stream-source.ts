/**
 * The streaming file source (Spark's FileStreamSource): `spark.readStream.format("csv" | "json" |
 * "text" | "parquet").schema(…).load(dir)` reads each file that appears below `dir` exactly once.
 *
 *     latestOffset(limit)
 *       files  ← cached unread files, or list dir (glob expanded, as the batch index lists)
 *                and keep those not seen before and not older than (newest seen − maxFileAge)
 *       batch  ← sorted by modification time (newest first with latestFirst), cut at
 *                maxFilesPerTrigger / maxBytesPerTrigger (the rest is cached for later batches)
 *       log    ← batch n+1 = the batch's files (`sources/<i>/<n+1>` in the checkpoint)
 *       return {"logOffset":n+1}            (undefined while no file was ever selected)
 *     getBatch(start, end)  reads the files of log batches (start, end] with the batch reader
 *       (same parsing, modes, partition values from `key=value` directories below dir)
 *     commit(end)           cleanSource: deletes or archives the files of log batch `end`
 *
 * The seen-files map is rebuilt from the log on every (re)start, so a file is never selected
 * twice, and a planned batch is re-read with exactly its logged files. A file that vanished
 * before its batch is read is skipped (Spark lists batch files as root paths, which may be
 * missing); one that vanishes while being read follows `ignoreMissingFiles`.
 *
 * Trigger.AvailableNow: `prepareForTriggerAvailableNow()` lists the directory once; the batches
 * of that run only take files of that listing (still honouring the read limit).
 */
import { existsSync, mkdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { internalError, TsparkError } from "../../common/errors.js";
import type { RecordBatch } from "../../data/record-batch.js";
import { attributesOf } from "../../plans/output.js";
import { asNullable, StructType } from "../../types/data-type.js";
import type { FileSourceLogEntry, FileSourceLogPort } from "../api/file-source-log-port.js";
import type { StreamSourceProvider, StreamSourceRequest } from "../api/stream-provider.js";
import type { ReadLimit, SourceOffset, StreamSource } from "../api/stream-source.js";
import { DataSourceOptions } from "./data-source-options.js";
import type { FileStatus } from "./file-format.js";
import { absoluteLocalPath } from "./file-input.js";
import { globToRegExp, listFiles } from "./file-index.js";
import { FileScanExec } from "./file-scan-exec.js";
import { readSinkOutputFiles, sinkMetadataRoot } from "./file-sink-log.js";
import { type FileSourceContext, fileFormatFor, resolveFileRelation } from "./file-source.js";
import { type FileStreamOptions, parseFileStreamOptions } from "./file-stream-source-options.js";
import { illegalArgument } from "../stream-option.js";

/** The file formats that stream (Spark's built-in file sources that tspark reads). */
export const FILE_STREAM_FORMATS = ["csv", "json", "text", "parquet"] as const;

// ---- offsets ---------------------------------------------------------------------------------

/** The offset JSON of log batch `logOffset` (Spark's FileStreamSourceOffset). */
export function fileStreamSourceOffsetJson(logOffset: number): SourceOffset {
  return `{"logOffset":${logOffset}}`;
}

/** Reads `{"logOffset":N}` or Spark 2.1's bare `N`; anything else is INTERNAL_ERROR. */
export function parseFileStreamSourceOffset(text: SourceOffset): number {
  const t = text.trim();
  let value: unknown = /^[0-9]+$/.test(t) ? Number(t) : undefined;
  if (value === undefined) {
    try {
      const obj: unknown = JSON.parse(t);
      if (obj !== null && typeof obj === "object") value = (obj as { logOffset?: unknown }).logOffset;
    } catch {
      value = undefined;
    }
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < -1)
    throw internalError(`The file stream source cannot read the offset ${text}: expected {"logOffset":N}.`);
  return value;
}

// ---- paths -----------------------------------------------------------------------------------

/** Hadoop's glob test on a path: any of `{}[]*?\`. */
export function isGlobPath(path: string): boolean {
  return /[{}[\]*?\\]/.test(path);
}

/** The local path of a log entry: a `file:` URL (any slash count) or a bare path (Spark 2.1). */
function entryLocalPath(path: string): string {
  return path.startsWith("file:") ? fileURLToPath(new URL(path)) : resolve(path);
}

/** `path` with Hadoop's glob characters escaped, so a listing takes it literally. */
function escapeGlob(path: string): string {
  return isGlobPath(path) ? path.replace(/[{}[\]*?\\]/g, "\\$&") : path;
}

/** The last segment of a local path (Hadoop's `Path.getName`). */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf(sep) + 1);
}

// ---- seen files ------------------------------------------------------------------------------

/**
 * Spark's SeenFilesMap: the files selected so far with their modification times. A file is new
 * if it was never seen and is not older than the last purge threshold; `purge` forgets files older
 * than (newest timestamp − maxAgeMs), so the map does not grow without bound.
 */
export class SeenFilesMap {
  private readonly map = new Map<string, number>();
  private latestTimestamp = 0;
  private lastPurgeTimestamp = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly fileNameOnly: boolean,
  ) {
    if (!(maxAgeMs >= 0))
      throw new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message: "requirement failed" } });
  }

  private key(path: string): string {
    return this.fileNameOnly ? baseName(path) : path;
  }

  /** Records `path` (a local path) with its modification time. */
  add(path: string, timestamp: number): void {
    this.map.set(this.key(path), timestamp);
    if (timestamp > this.latestTimestamp) this.latestTimestamp = timestamp;
  }

  /** Whether `path` is new: never seen, and not older than the last purge threshold. */
  isNewFile(path: string, timestamp: number): boolean {
    return timestamp >= this.lastPurgeTimestamp && !this.map.has(this.key(path));
  }

  /** Forgets files older than (newest − maxAgeMs); returns how many it forgot. */
  purge(): number {
    this.lastPurgeTimestamp = this.latestTimestamp - this.maxAgeMs;
    let count = 0;
    for (const [k, t] of this.map)
      if (t < this.lastPurgeTimestamp) {
        this.map.delete(k);
        count++;
      }
    return count;
  }

  /** The number of files tracked. */
  get size(): number {
    return this.map.size;
  }
}

// ---- the log without a checkpoint -------------------------------------------------------------

/** A seen-files log kept in memory, for queries without a checkpoint directory. */
export class MemoryFileSourceLog implements FileSourceLogPort {
  private readonly batches = new Map<number, readonly FileSourceLogEntry[]>();

  add(batchId: number, entries: readonly FileSourceLogEntry[]): boolean {
    if (this.batches.has(batchId)) return false;
    this.batches.set(batchId, [...entries]);
    return true;
  }

  getBatch(batchId: number): readonly FileSourceLogEntry[] | undefined {
    return this.batches.get(batchId);
  }

  getLatestBatchId(): number | undefined {
    let latest: number | undefined;
    for (const id of this.batches.keys()) if (latest === undefined || id > latest) latest = id;
    return latest;
  }

  allFiles(): readonly FileSourceLogEntry[] {
    return [...this.batches.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, e]) => e);
  }
}

// ---- cleanSource -----------------------------------------------------------------------------

function segments(path: string): string[] {
  return path.split(sep).filter((s) => s !== "");
}

/**
 * Spark's check that an archive directory can never match the source pattern: both paths are cut
 * to the smaller depth and compared segment by segment, each source segment as a glob. A match is
 * ILLEGAL_ARGUMENT (archived files could be picked up again as new input).
 */
export function checkArchiveDir(sourcePattern: string, archiveDir: string): void {
  const source = segments(absoluteLocalPath(sourcePattern));
  const archive = segments(absoluteLocalPath(archiveDir));
  const depth = Math.min(source.length, archive.length);
  const matched = source.slice(0, depth).every((glob, i) => globToRegExp(glob).test(archive[i] as string));
  if (matched)
    throw illegalArgument(
      "requirement failed: Base archive path cannot be set to the path where archived path can possibly match with source pattern. Ensure the base archive path doesn't match with source pattern in depth, where the depth is minimum of depth on both paths.",
    );
}

/** Moves a completed file below `archiveDir`, keeping its absolute path; failures skip the file. */
function archiveFile(path: string, archiveDir: string): void {
  const target = absoluteLocalPath(archiveDir).replace(/\/+$/, "") + path;
  try {
    // Hadoop's rename refuses an existing destination; Spark then skips the file.
    if (existsSync(target)) return;
    mkdirSync(dirname(target), { recursive: true });
    renameSync(path, target);
  } catch {
    // Spark logs a warning and leaves the file in place.
  }
}

/** Deletes a completed file; failures skip the file (Spark logs them). */
function deleteFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Spark logs a warning and leaves the file in place.
  }
}

// ---- the source ------------------------------------------------------------------------------

/** A listed file the source may select. */
interface NewFile {
  /** Absolute local path. */
  readonly path: string;
  readonly size: number;
  /** Modification time, whole milliseconds. */
  readonly timestamp: number;
}

/** What one file stream source is built from. */
export interface FileStreamSourceParams {
  /** The format's short name (`csv`, `json`, `text`, `parquet`). */
  readonly format: string;
  /** The path given to `load()`: a directory, file or glob. */
  readonly path: string;
  /** The source schema fixed at `load()` (data columns, then partition columns). */
  readonly schema: StructType;
  /** The reader's options (format options and the file-source options). */
  readonly options: DataSourceOptions;
  readonly session: FileSourceContext;
  /** The seen-files log (the checkpoint's); absent: kept in memory. */
  readonly log?: FileSourceLogPort;
  /** Spark's default parallelism: how the files of a batch are packed into partitions. */
  readonly defaultParallelism?: number;
}

/** The streaming file source of one query run. */
export class FileStreamSource implements StreamSource {
  readonly schema: StructType;
  readonly description: string;
  /** The validated file-source options. */
  readonly options: FileStreamOptions;
  /** The files seen so far (Spark exposes it for tests and debugging). */
  readonly seenFiles: SeenFilesMap;
  private readonly log: FileSourceLogPort;
  private readonly readerOptions: DataSourceOptions;
  private currentLogOffset: number;
  private unreadFiles: NewFile[] | undefined;
  private availableNowFiles: NewFile[] | undefined;
  /**
   * Whether the path is a file sink's output, listed through its `_spark_metadata` log: decided
   * at the first listing that finds files (a glob never is), undefined until then.
   */
  private sourceHasMetadata: boolean | undefined;

  constructor(private readonly params: FileStreamSourceParams) {
    this.schema = params.schema;
    this.description = `FileStreamSource[file:${absoluteLocalPath(params.path)}]`;
    this.options = parseFileStreamOptions(params.options);
    if (this.options.cleanSource === "archive")
      checkArchiveDir(params.path, this.options.sourceArchiveDir as string);
    this.log = params.log ?? new MemoryFileSourceLog();
    // Batch files are read as a batch read of those files, with partition values taken relative
    // to the source directory (Spark passes it as basePath unless the path is a glob).
    const inner: Record<string, string> = {};
    for (const [k, v] of Object.entries(params.options.original))
      if (k.toLowerCase() !== "path" && k.toLowerCase() !== "basepath") inner[k] = v;
    const base = isGlobPath(params.path) ? params.options.get("basePath") : params.path;
    if (base !== undefined) inner.basePath = base;
    this.readerOptions = new DataSourceOptions(inner);
    if (isGlobPath(params.path)) this.sourceHasMetadata = false;

    const { latestFirst, maxFilesPerTrigger, maxBytesPerTrigger, maxFileAgeMs } = this.options;
    // With latestFirst and a limit, old files are still valid input (SPARK-19813).
    const maxAge =
      latestFirst && (maxFilesPerTrigger !== undefined || maxBytesPerTrigger !== undefined)
        ? Number.MAX_VALUE
        : maxFileAgeMs;
    this.seenFiles = new SeenFilesMap(maxAge, this.options.fileNameOnly);
    for (const e of this.log.allFiles()) this.seenFiles.add(entryLocalPath(e.path), e.timestamp);
    this.seenFiles.purge();
    this.currentLogOffset = this.log.getLatestBatchId() ?? -1;
  }

  /** The newest log batch id (-1 before the first batch). */
  get logOffset(): number {
    return this.currentLogOffset;
  }

  /** maxFilesPerTrigger, else maxBytesPerTrigger, else all. */
  defaultReadLimit(): ReadLimit {
    const { maxFilesPerTrigger, maxBytesPerTrigger } = this.options;
    if (maxFilesPerTrigger !== undefined) return { kind: "maxFiles", maxFiles: maxFilesPerTrigger };
    if (maxBytesPerTrigger !== undefined) return { kind: "maxBytes", maxBytes: maxBytesPerTrigger };
    return { kind: "all" };
  }

  /** Trigger.AvailableNow: the files listed now are the only ones this run will select. */
  prepareForTriggerAvailableNow(): void {
    this.availableNowFiles = this.fetchAllFiles();
  }

  /** Selects the next files (see the module comment); `start` plays no part, as in Spark. */
  async latestOffset(_start: SourceOffset | undefined, limit: ReadLimit): Promise<SourceOffset | undefined> {
    const { latestFirst, maxCachedFiles, discardCachedInputRatio } = this.options;
    const newFiles =
      this.unreadFiles !== undefined && this.unreadFiles.length > 0
        ? this.unreadFiles
        : (this.availableNowFiles ?? this.fetchAllFiles()).filter((f) =>
            this.seenFiles.isNewFile(f.path, f.timestamp),
          );
    const shouldCache = !latestFirst && this.availableNowFiles === undefined;
    let batch: NewFile[];
    let rest: NewFile[] | undefined;
    if (limit.kind === "maxFiles") {
      batch = newFiles.slice(0, limit.maxFiles);
      if (shouldCache) {
        rest = newFiles.slice(limit.maxFiles);
        // Too few leftovers would make a tiny next batch while new files may exist: list again.
        if (rest.length < Math.fround(limit.maxFiles * discardCachedInputRatio)) rest = undefined;
      }
    } else if (limit.kind === "maxBytes") {
      const split = takeFilesUntilMax(newFiles, limit.maxBytes);
      batch = split.taken;
      if (shouldCache && split.restSize >= Math.fround(limit.maxBytes * discardCachedInputRatio))
        rest = split.rest;
    } else {
      // `all` (and limits meant for other sources) admit every new file.
      batch = newFiles;
    }
    this.unreadFiles =
      rest !== undefined && rest.length > 0 && maxCachedFiles > 0 ? rest.slice(0, maxCachedFiles) : undefined;
    for (const f of batch) this.seenFiles.add(f.path, f.timestamp);
    this.seenFiles.purge();
    if (batch.length > 0) {
      const batchId = this.currentLogOffset + 1;
      const entries = batch.map((f) => ({
        path: pathToFileURL(f.path).href,
        timestamp: f.timestamp,
        batchId,
      }));
      if (!this.log.add(batchId, entries))
        throw new TsparkError("CONCURRENT_STREAM_LOG_UPDATE", {
          messageParameters: { batchId: String(batchId) },
        });
      this.currentLogOffset = batchId;
    }
    return this.currentLogOffset === -1 ? undefined : fileStreamSourceOffsetJson(this.currentLogOffset);
  }

  /** The rows of the files of log batches (start, end], read as the batch reader reads them. */
  /** Reads only the columns a query uses (the file scan's column pruning). */
  readonly supportsColumnPruning = true;

  async *getBatch(
    start: SourceOffset | undefined,
    end: SourceOffset,
    signal?: AbortSignal,
    columns?: readonly number[],
  ): AsyncIterable<RecordBatch> {
    const from = start === undefined ? -1 : parseFileStreamSourceOffset(start);
    const to = parseFileStreamSourceOffset(end);
    if (from > to) throw internalError(`The file stream source batch (${start}, ${end}] runs backwards.`);
    const paths: string[] = [];
    for (let id = from + 1; id <= to; id++) {
      const entries = this.log.getBatch(id);
      if (entries === undefined)
        throw new TsparkError("STREAMING_CHECKPOINT_INCONSISTENT_LOGS", {
          messageParameters: {
            reason: `the file source log has no batch ${id}, needed to read offsets (${start ?? "none"}, ${end}] of ${this.description}`,
          },
        });
      for (const e of entries) paths.push(entryLocalPath(e.path));
    }
    // Spark lists batch files as root paths, and a missing root path is no error.
    const present = paths.filter((p) => existsSync(p));
    if (present.length === 0) return;
    const relation = resolveFileRelation(
      this.params.format,
      // The batch index globs every path; Spark turns globbing off here, escaping does the same.
      present.map(escapeGlob),
      this.schema,
      this.readerOptions,
      this.params.session,
    );
    // Columns by name: a column the batch's directories give as a partition takes its value,
    // every other column is read from the files.
    const all = attributesOf(this.schema.fields);
    const output = columns ? columns.map((c) => all[c]!) : all;
    const scan = new FileScanExec(relation, output, []);
    yield* scan.execute({
      partitionId: 0,
      codegen: false,
      defaultParallelism: this.params.defaultParallelism ?? 1,
      ...(signal ? { signal } : {}),
    });
  }

  /** cleanSource: deletes or archives the files of log batch `end` (failures leave files in place). */
  async commit(end: SourceOffset): Promise<void> {
    const { cleanSource, sourceArchiveDir } = this.options;
    if (cleanSource === "off") return;
    const logOffset = parseFileStreamSourceOffset(end);
    if (logOffset < 0) return;
    for (const e of this.log.getBatch(logOffset) ?? []) {
      if (e.batchId !== logOffset) continue;
      const path = entryLocalPath(e.path);
      if (cleanSource === "delete") deleteFile(path);
      else archiveFile(path, sourceArchiveDir as string);
    }
  }

  async stop(): Promise<void> {}

  /**
   * Lists the source path as the batch index does (a file sink's output through its log),
   * sorted by modification time.
   */
  private fetchAllFiles(): NewFile[] {
    let listed: readonly FileStatus[];
    if (this.sourceHasMetadata === true) listed = this.loggedFiles();
    else {
      listed = this.listDirectory();
      // Spark decides once files show up, looking for the log again in case the sink wrote it
      // between the first look and the listing.
      if (this.sourceHasMetadata === undefined && (this.sinkRoot() !== undefined || listed.length > 0)) {
        this.sourceHasMetadata = this.sinkRoot() !== undefined;
        if (this.sourceHasMetadata) {
          if (this.options.cleanSource !== "off") throw new TsparkError("_LEGACY_ERROR_TEMP_2261");
          listed = this.loggedFiles();
        }
      }
    }
    const files = listed.map((f) => ({
      path: f.path,
      size: f.size,
      timestamp: Math.floor(f.modificationTime),
    }));
    const sign = this.options.latestFirst ? -1 : 1;
    // Array.prototype.sort is stable: equal times keep the listing order, as Spark's sortBy.
    return files.sort((a, b) => sign * (a.timestamp - b.timestamp));
  }

  /** The file system listing of the source path (empty while it does not exist). */
  private listDirectory(): readonly FileStatus[] {
    try {
      return listFiles([this.params.path], this.params.options, this.params.session, new StructType([]))
        .files;
    } catch (e) {
      // A glob that matches nothing yet, or a directory not created yet, lists as empty.
      if (e instanceof TsparkError && e.errorClass === "PATH_NOT_FOUND") return [];
      throw e;
    }
  }

  /** The output directory of a file sink at the source path, if it is one. */
  private sinkRoot(): string | undefined {
    const conf = this.params.session.conf("spark.sql.streaming.fileStreamSink.ignoreMetadata");
    return sinkMetadataRoot([this.params.path], (conf ?? "").trim().toLowerCase() === "true");
  }

  /** The files a file sink's log lists as its output. */
  private loggedFiles(): readonly FileStatus[] {
    const root = this.sinkRoot();
    return root === undefined ? [] : readSinkOutputFiles(root, this.params.session.conf);
  }
}

/**
 * Spark's takeFilesUntilMax: files are taken in order while their total stays within `maxBytes`
 * (the first file always), the first file that does not fit and everything after it are left.
 */
function takeFilesUntilMax(
  files: readonly NewFile[],
  maxBytes: number,
): { taken: NewFile[]; rest: NewFile[]; restSize: number } {
  const taken: NewFile[] = [];
  const rest: NewFile[] = [];
  let size = 0;
  let restSize = 0;
  files.forEach((f, i) => {
    if (i === 0 || (rest.length === 0 && size + f.size <= maxBytes)) {
      size += f.size;
      taken.push(f);
    } else {
      restSize += f.size;
      rest.push(f);
    }
  });
  return { taken, rest, restSize };
}

// ---- provider --------------------------------------------------------------------------------

/** The path of a file stream request: `load(path)` or the `path` option. */
function requestPath(request: StreamSourceRequest): string {
  const path = request.path ?? request.options.get("path");
  if (path === undefined) throw new TsparkError("_LEGACY_ERROR_TEMP_2047");
  return path;
}

/**
 * The source schema at `load()` (Spark's DataSource.sourceSchema for file formats): the path must
 * exist unless it is a glob; a schema is required unless `spark.sql.streaming.schemaInference` is
 * true (text has its own); partition columns found below the path go last; the data columns are
 * made nullable unless `spark.sql.streaming.fileSource.schema.forceNullable` is false.
 */
export function fileStreamSourceSchema(format: string, request: StreamSourceRequest): StructType {
  const path = requestPath(request);
  const glob = isGlobPath(path);
  if (!glob) {
    try {
      statSync(absoluteLocalPath(path));
    } catch {
      throw new TsparkError("PATH_NOT_FOUND", { messageParameters: { path } });
    }
  }
  const { session, userSchema } = request;
  const inference = (session.conf("spark.sql.streaming.schemaInference") ?? "").toLowerCase() === "true";
  if (!inference && format !== "text" && userSchema === undefined)
    throw new TsparkError("_LEGACY_ERROR_TEMP_2048");
  let data: StructType;
  let partitions: StructType;
  try {
    const relation = resolveFileRelation(format, [path], userSchema, request.options, session);
    data = relation.dataSchema;
    partitions = relation.listing.partitioning.schema;
  } catch (e) {
    // A glob that matches nothing yet: no files to infer from, no partitions.
    if (!(glob && e instanceof TsparkError && e.errorClass === "PATH_NOT_FOUND")) throw e;
    const f = fileFormatFor(format);
    const inferred = userSchema ?? f.inferSchema([], request.options, session);
    if (inferred === undefined)
      throw new TsparkError("UNABLE_TO_INFER_SCHEMA", { messageParameters: { format: f.displayName } });
    data = asNullable(inferred);
    partitions = new StructType([]);
  }
  const norm = (n: string) => (session.caseSensitive ? n : n.toLowerCase());
  const partNames = new Set(partitions.fields.map((f) => norm(f.name)));
  const forceNullable = session.conf("spark.sql.streaming.fileSource.schema.forceNullable") !== "false";
  const dataFields = (!forceNullable && userSchema !== undefined ? userSchema : data).fields.filter(
    (f) => !partNames.has(norm(f.name)),
  );
  return new StructType([...dataFields, ...partitions.fields]);
}

/** The stream source provider of one file format. */
export function fileStreamSourceProvider(format: string): StreamSourceProvider {
  return {
    shortName: format,
    sourceSchema: (request) => fileStreamSourceSchema(format, request),
    createSource: (request, schema, context) =>
      new FileStreamSource({
        format,
        path: requestPath(request),
        schema,
        options: request.options,
        session: request.session,
        ...(context.fileSourceLog ? { log: context.fileSourceLog } : {}),
        defaultParallelism: context.defaultParallelism,
      }),
  };
}

/** The stream source providers of every streaming file format. */
export const FILE_STREAM_SOURCE_PROVIDERS: readonly StreamSourceProvider[] =
  FILE_STREAM_FORMATS.map(fileStreamSourceProvider);
