/**
 * The streaming Source port (Spark's `Source` with `SupportsAdmissionControl`): what
 * `MicroBatchExecution` needs from every streaming source (socket, rate, files, memory, Kafka…).
 *
 * Protocol, per trigger (see DESIGN.md "The pipeline"):
 *
 *     end ← latestOffset(committedEnd, readLimit)     undefined: no data yet, no batch
 *     (engine writes offsets/<batchId> with every source's end before reading anything)
 *     rows ← getBatch(committedEnd, end)              exactly the rows in (start, end]
 *     (sink, state, commits/<batchId>)
 *     commit(end)                                     the source may forget data ≤ end
 *
 * Contract:
 * - Offsets are JSON texts (`SourceOffset`): they go verbatim into the offset log, so a restarted
 *   query hands back exactly the offsets of a planned-but-uncommitted batch; `getBatch` must
 *   return the same rows for the same (start, end) after a restart whenever the source can
 *   (files, rate, rate-micro-batch, Kafka, memory with its data); sockets cannot and say so.
 * - `getBatch` is called at most once per batch in one run, but may be called again with the same
 *   offsets after a restart. It yields batches of `schema` (internal values, data/values.ts),
 *   tagged with `partitionId` where the source has Spark partitions.
 * - `latestOffset` honours the read limit (maxFilesPerTrigger, maxOffsetsPerTrigger,
 *   rowsPerSecond…); `ReadLimit.all` is used by `once` and to drain on `availableNow`.
 * - Errors are TsparkErrors naming the source and what failed; `stop()` releases sockets, timers
 *   and file handles and is idempotent.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";

/** A source offset as written in the offset log: a JSON text (`{"0":12}`, `5`, `{"logOffset":3}`). */
export type SourceOffset = string;

/** How much a source may admit into one micro-batch (Spark's ReadLimit). */
export type ReadLimit =
  | { readonly kind: "all" }
  | { readonly kind: "maxRows"; readonly maxRows: number }
  | { readonly kind: "maxFiles"; readonly maxFiles: number }
  | { readonly kind: "maxBytes"; readonly maxBytes: number };

/** One streaming source instance of a running query. */
export interface StreamSource {
  /** The rows' schema (fixed for the life of the query). */
  readonly schema: StructType;
  /** Spark's description in progress reports (`RateStreamV2[rowsPerSecond=1, …]`, `FileStreamSource[file:/d]`). */
  readonly description: string;
  /** The limit the source's options ask for (default `all`). */
  defaultReadLimit(): ReadLimit;
  /**
   * The newest offset available now, at most `limit` past `start` (`start` undefined: from the
   * beginning); undefined when there is no data at all yet.
   */
  latestOffset(start: SourceOffset | undefined, limit: ReadLimit): Promise<SourceOffset | undefined>;
  /**
   * The rows after `start` up to and including `end`. `columns`, given only to a source that
   * declares `supportsColumnPruning`, lists the ordinals of the schema's fields the query reads:
   * the batches then hold exactly those columns, in that order (the engine selects them itself
   * from the batches of other sources).
   */
  getBatch(
    start: SourceOffset | undefined,
    end: SourceOffset,
    signal?: AbortSignal,
    columns?: readonly number[],
  ): AsyncIterable<RecordBatch>;
  /** Whether `getBatch` honours its `columns` argument (reads only the columns a query uses). */
  readonly supportsColumnPruning?: boolean;
  /** Data up to `end` is committed downstream; the source may discard it (and archive files). */
  commit(end: SourceOffset): Promise<void>;
  /**
   * `Trigger.AvailableNow`: fix the data available now as this run's end; later `latestOffset`
   * calls never go past it (while still honouring the read limit). Sources without it get one
   * batch up to the offset they report at the start of the run.
   */
  prepareForTriggerAvailableNow?(): void | Promise<void>;
  /** Releases resources; idempotent. */
  stop(): Promise<void>;
}
