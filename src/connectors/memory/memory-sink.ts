/**
 * The `memory` streaming sink (Spark's MemorySink): keeps every batch's rows in memory so the API
 * layer can expose them as the temporary table named by the query's `queryName`.
 *
 * Rules (Spark's MemorySink write path):
 * - A batch whose id is not above the last stored id is skipped (its rows are still pulled): a
 *   batch replayed after a restart is not stored twice.
 * - Complete mode replaces the table with the batch's rows; Append and Update add them (Spark
 *   writes Update "as append": an updated key appears once per batch that changed it).
 * - All three output modes are accepted. Recovering from a checkpoint is allowed only in
 *   Complete mode (`recoversFromCheckpoint`), where the next batch rebuilds the whole table.
 *
 * No `during-sink-write` fault point (common/fault-points.ts): a batch is stored in one
 * synchronous step once all its rows are pulled, so there is no moment at which part of a batch
 * is stored. A failure while the rows are pulled stores nothing, and a batch is either absent or
 * whole, so the re-run after a restart stores it once.
 *
 * Rows are internal values of `schema`, by position.
 */
import { rowAt } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";
import type { OutputMode, SinkBatch, StreamSink } from "../api/stream-sink.js";

/** One stored batch. */
interface StoredBatch {
  readonly batchId: number;
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * An in-memory table fed by a streaming query. Contract: `addBatch` is idempotent per batch id;
 * the accessors return copies of the row lists (the row arrays themselves are shared, not to be
 * mutated).
 */
export class MemorySink implements StreamSink {
  /** Spark's name for the sink in progress reports. */
  readonly description = "MemorySink";
  /** Memory accepts Append, Update (as append) and Complete. */
  readonly supportedOutputModes: readonly OutputMode[] = ["append", "update", "complete"];
  private batches: StoredBatch[] = [];
  private currentSchema: StructType | undefined;

  /** `schema`: the query's output schema when known at start (the table exists before batch 0). */
  constructor(schema?: StructType) {
    this.currentSchema = schema;
  }

  /** Whether a query writing in `outputMode` may restart from an existing checkpoint (Complete only). */
  static recoversFromCheckpoint(outputMode: OutputMode): boolean {
    return outputMode === "complete";
  }

  /** The table's schema: that of the last stored batch, else the one given at construction. */
  get schema(): StructType | undefined {
    return this.currentSchema;
  }

  /** The id of the last stored batch, or undefined before the first. */
  get latestBatchId(): number | undefined {
    return this.batches[this.batches.length - 1]?.batchId;
  }

  /** Every stored row, in batch order (the table's contents). */
  allRows(): (readonly unknown[])[] {
    return this.batches.flatMap((b) => b.rows);
  }

  /** The rows of the last stored batch. */
  latestBatchRows(): (readonly unknown[])[] {
    return [...(this.batches[this.batches.length - 1]?.rows ?? [])];
  }

  /** The rows of the stored batches with an id above `batchId`. */
  rowsSinceBatch(batchId: number): (readonly unknown[])[] {
    return this.batches.filter((b) => b.batchId > batchId).flatMap((b) => b.rows);
  }

  /** Drops every stored batch (Spark's `clear`). */
  clear(): void {
    this.batches = [];
  }

  async addBatch(batchId: number, data: SinkBatch): Promise<void> {
    const latest = this.latestBatchId;
    if (latest !== undefined && batchId <= latest) {
      for await (const _ of data.rows) {
        // Already stored: the batch still runs to its end (as Spark's write job does), rows dropped.
      }
      return;
    }
    const rows: unknown[][] = [];
    for await (const b of data.rows) for (let r = 0; r < b.numRows; r++) rows.push(rowAt(b, r));
    this.currentSchema = data.schema;
    const stored: StoredBatch = { batchId, rows };
    if (data.outputMode === "complete") this.batches = [stored];
    else this.batches.push(stored);
  }
}
