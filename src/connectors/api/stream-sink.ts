/**
 * The streaming Sink port (Spark's `Sink`): receives the result of each micro-batch.
 *
 * Contract:
 * - `addBatch(batchId, data)` is called once per executed batch, in batch-id order, after the
 *   batch's offsets are logged and before its commit is logged. After a crash the same batch id
 *   may arrive again with the same rows: a sink must be idempotent per batch id (skip a batch it
 *   already holds — memory and file sinks do — or pass the id on, as foreachBatch does).
 * - `data.rows` streams the batch's rows (internal values of `data.schema`); in Complete mode it
 *   is the whole result table, in Update mode the changed rows, in Append mode the new rows.
 * - A sink that cannot accept an output mode says so in `supportedOutputModes` and the query fails
 *   at `start()` with Spark's error.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";

/** Spark's output modes. */
export type OutputMode = "append" | "update" | "complete";

/** One micro-batch's result as a sink sees it. */
export interface SinkBatch {
  readonly schema: StructType;
  readonly outputMode: OutputMode;
  readonly rows: AsyncIterable<RecordBatch>;
}

export interface StreamSink {
  /** Spark's description in progress reports (`ConsoleSink…`, `MemorySink`, `FileSink[path]`). */
  readonly description: string;
  /**
   * Whether progress reports the rows written (`sink.numOutputRows`). Spark's data source V1
   * sinks (files, foreachBatch) report -1; the others count. Default true.
   */
  readonly reportsOutputRows?: boolean;
  /** Writes one batch; idempotent per `batchId`. */
  addBatch(batchId: number, data: SinkBatch): Promise<void>;
  /** Releases resources when the query stops; idempotent. */
  stop?(): Promise<void>;
}
