/**
 * The FileFormat port: what one file format (text, csv, json, parquet) provides to the file data
 * source — schema inference over a set of files, reading one file as RecordBatches, and writing
 * RecordBatches to one output file. The file source (listing, globs, partition discovery, split
 * planning, the commit protocol) is format-agnostic and lives beside this port; formats never list
 * directories or rename files themselves.
 *
 * Contract:
 * - `inferSchema` sees every data file of the read (never `_`/`.`-prefixed files) and returns the
 *   data schema without partition columns, or `undefined` when there is nothing to infer from (the
 *   caller then raises `UNABLE_TO_INFER_SCHEMA`, as Spark does for an empty directory). It is
 *   SYNCHRONOUS on purpose: `spark.read.csv(path)` returns a DataFrame synchronously, as in PySpark
 *   (Spark also lists files and infers the schema eagerly), so ports stay line by line. Use the
 *   synchronous readers of file-input.ts (`readLinesSync`, `readWholeFileSync`); reading the data
 *   itself (`readFile`) is async.
 * - `readFile` yields batches whose columns are exactly `request.requiredSchema`, in that order,
 *   holding internal values (data/values.ts). It must stream: memory stays bounded by the batch size
 *   for line-based input (a whole file may be held only for `multiLine`/`wholetext`/Parquet row
 *   groups). It honours `request.signal`. Malformed input follows the `mode` option (PERMISSIVE,
 *   DROPMALFORMED, FAILFAST); any other failure is a TsparkError naming the file
 *   (`FAILED_READ_FILE.*`). `filters` are hints (row groups may be skipped); rows that do not match
 *   may still be returned, the engine re-applies every filter.
 * - `prepareWrite` checks the schema (`UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE`) and options before any
 *   file is created; `createWriter` opens one output file, `write` appends a batch whose columns are
 *   `dataSchema`, `close` flushes it. The caller writes into a hidden temporary directory and renames
 *   on commit, so a writer only ever sees its own path.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { SourceFilter } from "./source-filter.js";

/** A file as listed by the file index. */
export interface FileStatus {
  /** Absolute local path. */
  readonly path: string;
  readonly size: number;
  /** Modification time, milliseconds since the epoch. */
  readonly modificationTime: number;
}

/** Session settings a format may read (the session's conf, time zone). */
export interface FormatContext {
  /** The session's conf value for `key` (Spark's name), or undefined when unset. */
  readonly conf: (key: string) => string | undefined;
  /** `spark.sql.session.timeZone`. */
  readonly timeZone: string;
}

/** What a read of one file asks for. */
export interface ReadRequest {
  /** The full data schema of the files (user-given or inferred), without partition columns. */
  readonly dataSchema: StructType;
  /** The columns to produce, a subset of `dataSchema` (by name), in output order. */
  readonly requiredSchema: StructType;
  /** Predicates on data columns the format may use to skip data (never required to). */
  readonly filters: readonly SourceFilter[];
  readonly options: DataSourceOptions;
  readonly signal?: AbortSignal;
}

/** One open output file. */
export interface OutputWriter {
  /** Appends rows; the batch's columns are the writer's data schema. */
  write(batch: RecordBatch): Promise<void>;
  /** Flushes and closes the file. Called once, also for a writer that got no rows. */
  close(): Promise<void>;
}

/** A write job's settings, checked once by `prepareWrite` before any file exists. */
export interface WriteJob {
  /** Columns written into each file (partition columns removed). */
  readonly dataSchema: StructType;
  readonly options: DataSourceOptions;
  /** File name suffix including the dot and compression: `.csv`, `.csv.gz`, `.snappy.parquet`. */
  readonly extension: string;
}

export interface FileFormat {
  /** Spark's short name: `text`, `csv`, `json`, `parquet`. */
  readonly shortName: string;
  /** The name explain shows after `Format:` (`CSV`, `JSON`, `Text`, `Parquet`). */
  readonly displayName: string;
  /** Infers the data schema; `undefined` when no file gives anything to infer from. */
  inferSchema(
    files: readonly FileStatus[],
    options: DataSourceOptions,
    ctx: FormatContext,
  ): StructType | undefined;
  /**
   * Optional: validates a read once, before any file is opened (Spark raises these while
   * planning the scan, e.g. `UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN`). Its errors
   * reach the user as they are; errors of `readFile` are wrapped as `FAILED_READ_FILE.*`.
   */
  checkRead?(request: ReadRequest, ctx: FormatContext): void;
  /** Reads one file as batches of `request.requiredSchema`. */
  readFile(file: FileStatus, request: ReadRequest, ctx: FormatContext): AsyncIterable<RecordBatch>;
  /** Validates a write (types, options) and fixes its file extension. */
  prepareWrite(dataSchema: StructType, options: DataSourceOptions, ctx: FormatContext): WriteJob;
  /** Opens one output file at `path` (a fresh path inside the job's temporary directory). */
  createWriter(path: string, job: WriteJob, ctx: FormatContext): Promise<OutputWriter>;
}
