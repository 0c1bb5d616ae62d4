/**
 * The `noop` streaming sink (Spark's NoopTable): runs each batch to the end — every row is pulled,
 * so the query's work (state updates, source reads) happens — and keeps nothing. Used to measure a
 * query or to drive it for its side effects.
 */
import type { OutputMode, SinkBatch, StreamSink } from "../api/stream-sink.js";

/** Consumes and discards every batch. Contract: accepts every output mode; never fails on data. */
export class NoopSink implements StreamSink {
  /** Spark names the table `NoopTable`. */
  readonly description = "NoopTable";
  /** Noop accepts Append, Update and Complete (it supports truncation, which Complete needs). */
  readonly supportedOutputModes: readonly OutputMode[] = ["append", "update", "complete"];

  async addBatch(_batchId: number, data: SinkBatch): Promise<void> {
    for await (const _ of data.rows) {
      // Pulling each batch is the whole point: the rows are produced and dropped.
    }
  }
}
