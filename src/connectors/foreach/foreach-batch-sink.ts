/**
 * The `foreachBatch` streaming sink (Spark's ForeachBatchSink): hands each micro-batch's result to
 * a user function as a DataFrame together with the batch id. The sink keeps no state: a batch
 * replayed after a restart reaches the function again with the same id, which is how user code
 * makes its writes idempotent. Building the DataFrame belongs to the API layer, which passes a
 * factory; the sink gathers the batch's rows and calls it. It has no `during-sink-write` fault
 * point: the batch's writes happen inside the user function, where the engine cannot stop half-way;
 * a crash before or after the call is `after-offsets-write` / `after-sink-write`.
 */
import type { StructType } from "../../types/data-type.js";
import type { OutputMode, SinkBatch, StreamSink } from "../api/stream-sink.js";
import { rowAt } from "../../data/record-batch.js";
import { wrapUserFunctionError } from "./user-function-error.js";

/** Builds the value the user function receives (a DataFrame) from a batch's internal rows. */
export type BatchFrameFactory<F> = (schema: StructType, rows: unknown[][]) => F;

/** The user function: `(batchDf, batchId)`; may return a Promise, which is awaited. */
export type ForeachBatchFunction<F> = (batchDf: F, batchId: number) => unknown;

/**
 * Calls `fn(makeFrame(schema, rows), batchId)` once per `addBatch`. Contract: every row of the
 * batch is pulled before the function runs; an error thrown (or a rejection) by the function is
 * raised as `FOREACH_BATCH_USER_FUNCTION_ERROR` with the original as `cause`, except a
 * TsparkError, which passes unchanged, as Spark lets a SparkThrowable through.
 */
export class ForeachBatchSink<F = unknown> implements StreamSink {
  /** Spark's name for the sink in progress reports. */
  readonly description = "ForeachBatchSink";
  /** A V1 sink in Spark: progress shows numOutputRows -1. */
  readonly reportsOutputRows = false;
  /** foreachBatch accepts Append, Update and Complete. */
  readonly supportedOutputModes: readonly OutputMode[] = ["append", "update", "complete"];

  constructor(
    private readonly fn: ForeachBatchFunction<F>,
    private readonly makeFrame: BatchFrameFactory<F>,
  ) {}

  async addBatch(batchId: number, data: SinkBatch): Promise<void> {
    const rows: unknown[][] = [];
    for await (const b of data.rows) for (let r = 0; r < b.numRows; r++) rows.push(rowAt(b, r));
    const frame = this.makeFrame(data.schema, rows);
    try {
      await this.fn(frame, batchId);
    } catch (e) {
      throw wrapUserFunctionError("FOREACH_BATCH_USER_FUNCTION_ERROR", e);
    }
  }
}
