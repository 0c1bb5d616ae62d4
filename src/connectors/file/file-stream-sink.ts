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
 *       close the files                           (a failure: delete this batch's files,
 *                                                   TASK_WRITE_FAILED with the cause kept)
 *       faultPoint("during-sink-write")           (the files exist, the log does not name them)
 *       log.add(batchId, their statuses)          (atomic: the batch's commit; a batch already
 *                                                   there is CONCURRENT_STREAM_LOG_UPDATE, and a
 *                                                   failed or lost add deletes this batch's files,
 *                                                   as Spark's abortJob, unless the entry landed)
 *
 * A process that dies between writing the files and the log entry leaves part files no log entry
 * names. Readers that honour the log (spark.read of the output directory, a file stream source
 * over it) never list them, and the re-run batch writes its rows again under fresh names: the
 * output seen through the log holds every batch exactly once.
 *
 * Only Append mode: the provider refuses Update and Complete at `start()` with
 * `STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE`; a missing `path` is `_LEGACY_ERROR_TEMP_2047`.
 * Options: `path`, `retention` (drop log entries older than this when compacting, e.g. `7d`),
 * the format's write options (`compression`, `header`, `sep`, `lineSep`, …) and
 * `maxRecordsPerFile`.
 */
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type Clock, SystemClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { faultPoint } from "../../common/fault-points.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";
import type { StreamSinkProvider, StreamSinkRequest } from "../api/stream-provider.js";
import type { OutputMode, SinkBatch, StreamSink } from "../api/stream-sink.js";
import type { StreamOptionSpec } from "../stream-option.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat } from "./file-format.js";
import { absoluteLocalPath, fileUrl } from "./file-input.js";
import {
  FileStreamSinkLog,
  fileSinkLogSettings,
  localPathOf,
  SPARK_METADATA_DIR,
  type SinkFileStatus,
  sinkFileStatusOf,
} from "./file-sink-log.js";
import { checkColumnNameDuplication, type FileSourceContext, fileFormatFor } from "./file-source.js";
import { planPartitionColumns } from "./file-writer.js";
import { writePartFiles } from "./part-file-writer.js";
import { makeDirectories, readTextIfExists } from "../../storage/atomic-file.js";

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
    this.root = absoluteLocalPath(config.path);
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
    // A crash here leaves the files unnamed by the log: invisible to its readers, rewritten by
    // the re-run batch.
    faultPoint("during-sink-write");
    let added: boolean;
    try {
      added = this.log.add(batchId, files);
    } catch (e) {
      // The entry may have landed before a later step failed (deleting expired log files): the
      // files are committed then and must stay.
      if (!this.entryMayExist(batchId)) await deleteFiles(files);
      throw e;
    }
    if (!added) {
      // Another writer committed this batch id with its own files: ours are not part of it.
      await deleteFiles(files);
      throw new TsparkError("CONCURRENT_STREAM_LOG_UPDATE", {
        messageParameters: { batchId: String(batchId) },
      });
    }
  }

  /** Whether the log may hold `batchId` (true when that cannot even be checked). */
  private entryMayExist(batchId: number): boolean {
    try {
      return readTextIfExists(this.log.batchPath(batchId)) !== undefined;
    } catch {
      return true;
    }
  }

  /** Writes the rows as part files in place; returns the statuses of the files written. */
  private async writeBatch(
    batches: AsyncIterable<RecordBatch>,
    schema: StructType,
  ): Promise<SinkFileStatus[]> {
    const { format, options, session } = this.config;
    checkColumnNameDuplication(schema, session.caseSensitive);
    const columns = planPartitionColumns(schema, this.config.partitionColumns, session.caseSensitive);
    const job = format.prepareWrite(columns.dataSchema, options, session);
    const created: string[] = [];
    try {
      // ManifestFileCommitProtocol: a fresh UUID for every file, written straight into place.
      await writePartFiles(
        batches,
        schema,
        columns,
        { format, job, options, ctx: session, directory: this.root, fileId: randomUUID },
        created,
      );
      return created.map(sinkFileStatusOf);
    } catch (e) {
      // Spark's abortTask: delete this batch's files (they carry fresh UUIDs, so nothing else can
      // be named like them); writePartFiles has closed what was open.
      for (const file of created) await rm(file, { force: true }).catch(() => undefined);
      if (e instanceof TsparkError && e.errorClass === "TASK_WRITE_FAILED") throw e;
      throw new TsparkError("TASK_WRITE_FAILED", {
        messageParameters: { path: fileUrl(this.root) },
        cause: e,
      });
    }
  }
}

/** Best-effort removal of a failed batch's files (Spark's abortJob): they carry fresh UUIDs. */
async function deleteFiles(files: readonly SinkFileStatus[]): Promise<void> {
  for (const f of files) await rm(localPathOf(f.path), { force: true }).catch(() => undefined);
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
