/**
 * MemoryStream for tests and examples (Spark's `MemoryStream`): a streaming source whose rows the
 * program adds by hand. It lives as long as the object does, so a query stopped and started again
 * over it (with the same checkpoint) resumes exactly where it stopped, as Spark's does.
 *
 *     const input = new MemoryStream(spark, "value INT");
 *     const doubled = input.toDF().select(col("value").multiply(2));
 *     input.addData(1, 2, 3);                    // one offset ("0") holding three rows
 *     input.addData({ value: 4 }, [5]);          // rows as objects, arrays or bare values
 *
 * Each `addData` call is one offset of the source; every `toDF()` is a fresh DataFrame over the
 * same source (a self-union reads each batch twice, as in Spark).
 */
import type { DataFrame } from "../api/data-frame.js";
import type { SparkSession } from "../api/spark-session.js";
import type { SourceOffset } from "../connectors/api/stream-source.js";
import { MemoryStream as MemoryStreamSource } from "../connectors/memory/memory-stream.js";
import type { MemoryStreamOptions } from "../connectors/memory/options.js";
import { StreamingSourceHandle, streamingRelation } from "../streaming/runtime/streaming-relation.js";
import type { StructType } from "../types/data-type.js";

/** A hand-fed streaming source bound to one session (Spark's `MemoryStream`). */
export class MemoryStream {
  /** The running source every query over this stream reads (the same instance across restarts). */
  readonly source: MemoryStreamSource;
  /** How the stream appears in plans; `testStream` finds a source's index by it. */
  readonly handle: StreamingSourceHandle;

  /** `schema`: a StructType or DDL (`"a INT, b STRING"`); `numPartitions` deals rows round-robin. */
  constructor(
    readonly spark: SparkSession,
    schema: StructType | string,
    options: MemoryStreamOptions = {},
  ) {
    this.source = new MemoryStreamSource(schema, options);
    // Every query run gets this same source object, so added data survives a restart.
    this.handle = new StreamingSourceHandle("memory", this.source.schema, () => this.source);
  }

  /** The rows' schema. */
  get schema(): StructType {
    return this.source.schema;
  }

  /** Spark's per-process stream id. */
  get id(): number {
    return this.source.id;
  }

  /**
   * Adds one batch of rows (objects by column name, arrays by position, or bare values for a
   * one-column schema) and returns its offset (`"0"`, `"1"`, …).
   */
  addData(...rows: unknown[]): SourceOffset {
    return this.source.addData(...rows);
  }

  /** A streaming DataFrame over this stream (a fresh plan leaf on every call, one source). */
  toDF(): DataFrame {
    return this.spark.fromPlan(streamingRelation(this.handle));
  }

  /** Drops every row and offset (Spark's `reset`); for a stream no query has read yet. */
  reset(): void {
    this.source.reset();
  }

  toString(): string {
    return this.source.description;
  }
}
