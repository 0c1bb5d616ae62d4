/**
 * The streaming file sink (Spark's FileStreamSink with ManifestFileCommitProtocol):
 * `df.writeStream.format("parquet" | "csv" | "json" | "text").option("path", out)` writes each
 * micro-batch as part files into `out` and commits them by recording their names in the
 * `out/_spark_metadata` log (file-sink-log.ts). Readers that honour the log see exactly the
 * committed batches: files of a batch that failed half-way are never listed.
 *
 *     addBatch(batchId, rows)
 *       batchId <= latest id in _spark_metadata  →  drain the rows, write nothing (a batch replayed
 *                                                   after a crash is not written twice)
 *       check partitionBy and the format          (COLUMN_NOT_FOUND, ALL_PARTITION_COLUMNS_NOT_ALLOWED,
 *                                                   the format's type and option errors)
 *       for each row of Spark partition p:
 *         → file out/[a=1/b=x/]part-<p:05>-<uuid>-c<n:03><ext>   (a new uuid per file; written in
 *                                                   place, no _temporary, no _SUCCESS)
 *       unpartitioned: partition 0 always has a file (it keeps the schema of an empty batch)
 *       close the files; log.add(batchId, their statuses)   (atomic; a batch already there is
 *                                                   CONCURRENT_STREAM_LOG_UPDATE)
 *       on failure: delete this batch's files, TASK_WRITE_FAILED (cause kept)
 *
 * Only Append mode: the provider refuses Update and Complete at `start()` with
 * `STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE`; a missing `path` is `_LEGACY_ERROR_TEMP_2047`.
 * Options: `path`, `retention` (drop log entries older than this when compacting, e.g. `7d`),
 * the format's write options (`compression`, `header`, `sep`, `lineSep`, …) and
 * `maxRecordsPerFile`.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type Clock, SystemClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import type { RecordBatch } from "../../data/record-batch.js";
import { bindCast } from "../../functions/core/cast.js";
import { STRING, type StructType } from "../../types/data-type.js";
import type { StreamSinkProvider, StreamSinkRequest } from "../api/stream-provider.js";
import type { OutputMode, SinkBatch, StreamSink } from "../api/stream-sink.js";
import type { StreamOptionSpec } from "../stream-option.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FormatContext, OutputWriter } from "./file-format.js";
import { fileUrl } from "./file-input.js";
import {
  FileStreamSinkLog,
  fileSinkLogSettings,
  SPARK_METADATA_DIR,
  type SinkFileStatus,
  sinkFileStatusOf,
} from "./file-sink-log.js";
import { checkColumnNameDuplication, type FileSourceContext, fileFormatFor } from "./file-source.js";
import { planPartitionColumns } from "./file-writer.js";
import { partitionDirectory } from "./partitioning.js";
import { makeDirectories } from "../../storage/atomic-file.js";

/** The options the file sink itself reads (the format's write options come on top). */
export const FILE_SINK_OPTIONS: readonly StreamOptionSpec[] = [
  {
    name: "path",
    type: "string",
    default: undefined,
    doc: "The output directory (required; `start(path)` sets it). The sink's log goes to <path>/_spark_metadata.",
  },
  {
    name: "retention",
    type: "duration",
    default: undefined,
    doc: "Time to live of the log's entries (e.g. `7d`): entries of files older than this are dropped when the log is compacted, so readers stop seeing them. Unset: kept forever.",
  },
  {
    name: "maxRecordsPerFile",
    type: "long",
    default: "0",
    doc: "Rows per output file before the next `-c001` file is started; 0 or less is unlimited (default: spark.sql.files.maxRecordsPerFile).",
  },
];

/** The formats the file sink writes. */
export const FILE_SINK_FORMATS: readonly string[] = ["parquet", "csv", "json", "text"];

/** What a file sink is built from. */
export interface FileStreamSinkConfig {
  readonly format: FileFormat;
  /** The output directory as the user gave it (`FileSink[<path>]`). */
  readonly path: string;
  /** Partition columns, already matched to the query's column names. */
  readonly partitionColumns: readonly string[];
  readonly options: DataSourceOptions;
  readonly session: FileSourceContext;
  /** Wall time for the log's expiry and retention (the system clock when absent). */
  readonly clock?: Clock;
}

// At most this many files open at once; the least recently used is closed (a later row for its
// directory opens the next `-c001` file), like Spark's concurrent output writers.
const MAX_OPEN_WRITERS = 64;

function localPath(path: string): string {
  const stripped = path.startsWith("file://")
    ? path.slice("file://".length)
    : path.startsWith("file:")
      ? path.slice("file:".length)
      : path;
  return isAbsolute(stripped) ? resolve(stripped) : resolve(process.cwd(), stripped);
}

/** A running file sink: one per query run, writing into one output directory. */
export class FileStreamSink implements StreamSink {
  /** Spark's description: `FileSink[<path as given>]`. */
  readonly description: string;
  /** A V1 sink in Spark: progress shows numOutputRows -1. */
  readonly reportsOutputRows = false;
  /** The file sink writes Append mode only. */
  readonly supportedOutputModes: readonly OutputMode[] = ["append"];
  /** The absolute output directory. */
  readonly root: string;
  /** The sink's metadata log. */
  readonly log: FileStreamSinkLog;

  constructor(private readonly config: FileStreamSinkConfig) {
    this.description = `FileSink[${config.path}]`;
    this.root = localPath(config.path);
    const logDir = join(this.root, SPARK_METADATA_DIR);
    this.log = new FileStreamSinkLog(
      logDir,
      fileSinkLogSettings(
        config.session.conf,
        config.clock ?? new SystemClock(),
        config.options.get("retention"),
      ),
    );
    // As Spark's metadata log, the directory exists from the start: a reader of the output then
    // lists the (empty) log instead of stray files.
    makeDirectories(logDir);
  }

  /**
   * Writes batch `batchId` and records its files; a batch id at or below the log's latest is
   * drained and skipped. Idempotent per batch id.
   */
  async addBatch(batchId: number, data: SinkBatch): Promise<void> {
    const latest = this.log.getLatestBatchId();
    if (latest !== undefined && batchId <= latest) {
      for await (const _ of data.rows) {
        // Already committed: the batch still runs to its end (its stateful operators must see
        // the rows), but nothing is written again.
      }
      return;
    }
    const files = await this.writeBatch(data.rows, data.schema);
    if (!this.log.add(batchId, files)) {
      throw new TsparkError("CONCURRENT_STREAM_LOG_UPDATE", {
        messageParameters: { batchId: String(batchId) },
      });
    }
  }

  /** Writes the rows as part files in place; returns the statuses of the files written. */
  private async writeBatch(
    batches: AsyncIterable<RecordBatch>,
    schema: StructType,
  ): Promise<SinkFileStatus[]> {
    const { format, options, session } = this.config;
    const caseSensitive = session.caseSensitive;
    checkColumnNameDuplication(schema, caseSensitive);
    const { dataSchema, dataIndexes, partitionIndexes } = planPartitionColumns(
      schema,
      this.config.partitionColumns,
      caseSensitive,
    );
    const job = format.prepareWrite(dataSchema, options, session);
    const partitionNames = partitionIndexes.map((i) => schema.fields[i]!.name);
    const toText = partitionValueWriters(schema, partitionIndexes, options, session);
    const maxRecords = maxRecordsPerFile(options, session);
    const open = new Map<string, { writer: OutputWriter; rows: number }>();
    const counters = new Map<string, number>();
    const created: string[] = [];

    const writerFor = async (p: number, dir: string) => {
      const key = `${p}\u0000${dir}`;
      const found = open.get(key);
      if (found) {
        open.delete(key);
        open.set(key, found);
        return found;
      }
      if (open.size >= MAX_OPEN_WRITERS) {
        const [oldestKey, oldest] = open.entries().next().value as [string, { writer: OutputWriter }];
        open.delete(oldestKey);
        await oldest.writer.close();
      }
      const counter = counters.get(key) ?? 0;
      counters.set(key, counter + 1);
      // ManifestFileCommitProtocol: a fresh UUID for every file, written straight into place.
      const name = `part-${String(p).padStart(5, "0")}-${randomUUID()}-c${String(counter).padStart(3, "0")}${job.extension}`;
      const file = join(this.root, dir, name);
      await mkdir(dirname(file), { recursive: true });
      created.push(file);
      const entry = { writer: await format.createWriter(file, job, session), rows: 0 };
      open.set(key, entry);
      return entry;
    };

    const writeRows = async (p: number, dir: string, columns: unknown[][], count: number) => {
      let start = 0;
      while (start < count) {
        let f = await writerFor(p, dir);
        if (maxRecords > 0 && f.rows >= maxRecords) {
          open.delete(`${p}\u0000${dir}`);
          await f.writer.close();
          f = await writerFor(p, dir);
        }
        const take = maxRecords > 0 ? Math.min(count - start, maxRecords - f.rows) : count - start;
        const slice =
          start === 0 && take === count ? columns : columns.map((c) => c.slice(start, start + take));
        await f.writer.write({ numRows: take, columns: slice });
        f.rows += take;
        start += take;
      }
    };

    try {
      if (partitionIndexes.length === 0) await writerFor(0, "");
      for await (const batch of batches) {
        if (batch.numRows === 0) continue;
        const p = batch.partitionId ?? 0;
        if (partitionIndexes.length === 0) {
          await writeRows(
            p,
            "",
            dataIndexes.map((i) => batch.columns[i]!),
            batch.numRows,
          );
          continue;
        }
        const groups = new Map<string, number[]>();
        for (let r = 0; r < batch.numRows; r++) {
          const values = partitionIndexes.map((c, k) => {
            const v = batch.columns[c]![r];
            return v === null || v === undefined ? null : toText[k]!(v);
          });
          const dir = partitionDirectory(partitionNames, values);
          let g = groups.get(dir);
          if (!g) groups.set(dir, (g = []));
          g.push(r);
        }
        for (const [dir, rows] of groups) {
          await writeRows(
            p,
            dir,
            dataIndexes.map((i) => rows.map((r) => batch.columns[i]![r])),
            rows.length,
          );
        }
      }
      for (const f of open.values()) await f.writer.close();
      open.clear();
      return created.map(sinkFileStatusOf);
    } catch (e) {
      // Spark's abortTask: close what is open and delete this batch's files (they carry fresh
      // UUIDs, so nothing else can be named like them).
      for (const f of open.values()) await f.writer.close().catch(() => undefined);
      for (const file of created) await rm(file, { force: true }).catch(() => undefined);
      if (e instanceof TsparkError && e.errorClass === "TASK_WRITE_FAILED") throw e;
      throw new TsparkError("TASK_WRITE_FAILED", {
        messageParameters: { path: fileUrl(this.root) },
        cause: e,
      });
    }
  }
}

/** Converters of partition values to their directory text (timestamps in the `timeZone` option's zone). */
function partitionValueWriters(
  schema: StructType,
  partitionIndexes: readonly number[],
  options: DataSourceOptions,
  ctx: FormatContext,
): ((v: unknown) => string)[] {
  const bind = {
    ansi: ctx.conf("spark.sql.ansi.enabled") !== "false",
    timeZone: options.get("timeZone") ?? ctx.timeZone,
    conf: ctx.conf,
    randomSeed: () => 0,
    currentTimeMicros: 0,
  };
  return partitionIndexes.map((i) => {
    const t = schema.fields[i]!.dataType;
    return t.kind === "string"
      ? (v: unknown) => v as string
      : (bindCast(t, STRING, "legacy", bind) as (v: unknown) => string);
  });
}

/** `maxRecordsPerFile` (option, else `spark.sql.files.maxRecordsPerFile`); 0 when unlimited. */
function maxRecordsPerFile(options: DataSourceOptions, ctx: FormatContext): number {
  const v = options.get("maxRecordsPerFile") ?? ctx.conf("spark.sql.files.maxRecordsPerFile");
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * The partition columns matched to the query's columns (Spark's DataStreamWriter normalization):
 * each name takes the schema's spelling; a name not in the schema is `_LEGACY_ERROR_TEMP_1196`.
 */
export function normalizePartitionColumns(
  schema: StructType,
  partitionColumns: readonly string[],
  caseSensitive: boolean,
): string[] {
  const names = schema.fields.map((f) => f.name);
  return partitionColumns.map((c) => {
    const found = names.find((n) => (caseSensitive ? n === c : n.toLowerCase() === c.toLowerCase()));
    if (found === undefined)
      throw new TsparkError("_LEGACY_ERROR_TEMP_1196", {
        messageParameters: { columnType: "Partition", columnName: c, validColumnNames: names.join(", ") },
      });
    return found;
  });
}

/**
 * Builds the file sink for `request` (Spark's DataSource.createSink for file formats): partition
 * columns must name query columns, `path` must be set, and the output mode must be Append
 * (`STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE` otherwise), checked in Spark's order.
 */
export function createFileStreamSink(request: StreamSinkRequest, clock?: Clock): FileStreamSink {
  const format = fileFormatFor(request.format);
  const partitionColumns = normalizePartitionColumns(
    request.schema,
    request.partitionColumns,
    request.session.caseSensitive,
  );
  const path = request.options.get("path");
  if (path === undefined) throw new TsparkError("_LEGACY_ERROR_TEMP_2047", { messageParameters: {} });
  if (request.outputMode !== "append")
    throw new TsparkError("STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE", {
      messageParameters: { className: request.format, outputMode: request.outputMode },
    });
  return new FileStreamSink({
    format,
    path,
    partitionColumns,
    options: request.options,
    session: request.session,
    ...(clock ? { clock } : {}),
  });
}

/** The sink provider of one file format (`format("parquet")`, …). */
export function fileStreamSinkProvider(shortName: string): StreamSinkProvider {
  return {
    shortName,
    createSink: (request) => createFileStreamSink(request),
  };
}

/** The file sink providers for every format the sink writes. */
export const FILE_STREAM_SINK_PROVIDERS: readonly StreamSinkProvider[] =
  FILE_SINK_FORMATS.map(fileStreamSinkProvider);
