/**
 * The contract between the incremental planner's stateful operators and MicroBatchExecution, and
 * the per-batch state settings they are built with (Spark's `StatefulOperator` and
 * `StatefulOperatorStateInfo`).
 */
import type { Clock } from "../../common/clock.js";
import type { OutputMode } from "../../connectors/api/stream-sink.js";
import type { ExecNode } from "../../physical/exec-node.js";
import type { NamedStateStoreSchema } from "../checkpoint/state-checkpoint.js";
import type { DataType, StructType } from "../../types/data-type.js";
import type { StateOperatorProgressFields } from "../runtime/progress.js";
import type { StateStoreConf, StateStoreProviderFactory } from "../state/state-store.js";
import {
  DEFAULT_STATE_PARTITIONER,
  type StatePartitioner,
  type StatePartitionerKind,
  statePartitioner,
} from "../state/state-partitioner.js";

/**
 * A physical operator that keeps state across micro-batches. Protocol, per batch:
 * `execute()` (fully consumed, or abandoned) → the sink accepts the rows → `commitState()`
 * (or `abortState()` when anything failed) → `progress()`.
 */
export interface StatefulOperator extends ExecNode {
  /** Position in Spark's top-down (pre-order) numbering of the plan's stateful operators. */
  readonly operatorId: number;
  /** Spark's short name (`stateStoreSave`, `dedupe`, `globalLimit`), in progress and the checkpoint. */
  readonly operatorName: string;
  /** The key of the operator's state rows, as the checkpoint records it (Spark's key schema). */
  readonly stateKeySchema: StructType;
  /** The value of the operator's state rows, as the checkpoint records it. */
  readonly stateValueSchema: StructType;
  /** Whether a restart must keep the value schema (false for deduplication's placeholder value). */
  readonly checksStateValueSchema: boolean;
  /** Spark's StatefulOperatorStateInfo.numPartitions (the pinned shuffle partitions), as recorded. */
  readonly stateInfoNumPartitions: number;
  /** Spark's prefix-key columns of the state key, as the operator metadata records (default 0). */
  readonly numColsPrefixKey?: number;
  /**
   * Operators with several stores per partition (the stream-stream join): each store's name and
   * schemas, recorded and checked per store. Absent: one default store with the schemas above.
   */
  readonly stateStores?: readonly NamedStateStoreSchema[];
  /** transformWithState's properties as Spark's JSON (recorded in the metadata, checked on restart). */
  readonly operatorPropertiesJson?: string;
  /** Makes this batch's updates version batchId+1 (called after the sink accepted the batch). */
  commitState(): Promise<void>;
  /** Drops this batch's uncommitted updates (batch failed). */
  abortState(): void;
  /** Spark's StateOperatorProgress fields for this batch (see src/streaming/runtime/progress.ts). */
  progress(): StateOperatorProgressFields;
  /**
   * Whether a batch run with watermark `newWatermarkMs` would emit or evict something this batch
   * did not (Spark's `shouldRunAnotherBatch`): the engine then runs a no-data batch at once.
   * Operators without event-time state leave it out (never).
   */
  shouldRunAnotherBatch?(newWatermarkMs: number): boolean;
  /**
   * Spark's `produceOutputWatermark`: the watermark of the rows this operator emits given its input
   * watermark (watermark-propagation.ts). Absent: the input watermark (an operator never emits a
   * row older than what it was fed); undefined: no event time flows out (flatMapGroupsWithState).
   */
  produceOutputWatermark?(inputWatermarkMs: number): number | undefined;
  /**
   * Sets this batch's input watermarks of the operator (Spark's WatermarkPropagationRule), after
   * the planner numbered the operators and before the plan runs: `lateEventsMs` for late rows,
   * `evictionMs` for eviction, timers and timeouts (the `StateInfo` fields of the same names).
   */
  setInputWatermarks(lateEventsMs: number, evictionMs: number): void;
}

/**
 * Where a stateful operator's late input rows go (tspark's opt-in `lateRows`, docs/event-time.md):
 * the in-memory table behind one temp view. Each row is the operator's input row followed by the
 * `watermark` it was compared with (TIMESTAMP, µs) and the `batchId` (BIGINT).
 * Contract: `replace` is called once per batch and operator, at the batch's state commit (after
 * the sink accepted the batch); it replaces whatever that (batch, operator) pair wrote before,
 * so a batch re-run after a crash or restart never duplicates its late rows.
 */
export interface LateRowsOutput {
  /** The view's columns: the operators' input columns, then `watermark` and `batchId`. */
  readonly schema: StructType;
  replace(batchId: number, operatorId: number, rows: readonly (readonly unknown[])[]): void;
}

/** What every stateful operator of one batch shares (Spark's StatefulOperatorStateInfo + conf). */
export interface StateInfo {
  /** `<checkpointDir>/state`. */
  readonly stateRoot: string;
  readonly batchId: number;
  /** `spark.sql.shuffle.partitions` pinned for the query: the number of stores of a keyed operator. */
  readonly numShufflePartitions: number;
  readonly outputMode: OutputMode;
  /**
   * The batch's event-time watermark as this operator sees it (= `watermarkForEvictionMs`; 0 until
   * one is set). The planner builds every operator with the query's global watermarks, then sets
   * each operator's own (`StatefulOperator.setInputWatermarks`, watermark-propagation.ts).
   */
  readonly watermarkMs: number;
  /**
   * Spark 3.5+'s "input watermark for late events": the previous batch's watermark. An input row
   * whose event time (or window end) is ≤ it is late: dropped and counted in
   * `numRowsDroppedByWatermark`. 0 when there is none (nothing is late).
   */
  readonly watermarkForLateEventsMs: number;
  /**
   * The watermark this batch evicts with (the batch's own, from its offset-log entry): state whose
   * event time (or window end) is ≤ it is emitted (Append) and removed; event-time timers and
   * timeouts ≤ it fire. 0 when there is none.
   */
  readonly watermarkForEvictionMs: number;
  /**
   * Whether an operator's input may carry several distinct event-time columns (it then uses the
   * first): only in Spark's compatibility mode (`statefulOperator.allowMultiple` false).
   */
  readonly allowMultipleEventTimeColumns: boolean;
  /** Shown in explain (`runId = …`); empty when the caller does not give one. */
  readonly runId: string;
  /** Times the updates and commits (`allUpdatesTimeMs`, `commitTimeMs`); without one they read 0. */
  readonly clock: Clock | undefined;
  readonly providerFactory: StateStoreProviderFactory | undefined;
  readonly storeConf: StateStoreConf;
  /**
   * The late-rows tables of the query by view name (tspark's `lateRows`); undefined or a missing
   * name: late rows are only counted. Operators reach it through `StateStoreWriter.routeLateRows`
   * and `recordLateRow`.
   */
  readonly lateRows?: (viewName: string) => LateRowsOutput | undefined;
  /**
   * How keys map to state partitions (state-partitioner.ts), pinned per checkpoint; undefined:
   * Spark's (`murmur3`).
   */
  readonly statePartitioner?: StatePartitionerKind;
}

/** The partitioner of an operator keyed by `keyTypes` over `numPartitions` stores, per `info`. */
export function statePartitionerOf(
  info: StateInfo,
  keyTypes: readonly DataType[],
  numPartitions: number,
): StatePartitioner {
  return statePartitioner(info.statePartitioner ?? DEFAULT_STATE_PARTITIONER, keyTypes, numPartitions);
}

/** `info` with an operator's own input watermarks (StatefulOperator.setInputWatermarks). */
export function withInputWatermarks(info: StateInfo, lateEventsMs: number, evictionMs: number): StateInfo {
  return {
    ...info,
    watermarkMs: evictionMs,
    watermarkForLateEventsMs: lateEventsMs,
    watermarkForEvictionMs: evictionMs,
  };
}
