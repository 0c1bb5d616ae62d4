/**
 * The contract between the incremental planner's stateful operators and MicroBatchExecution, and
 * the per-batch state settings they are built with (Spark's `StatefulOperator` and
 * `StatefulOperatorStateInfo`).
 */
import type { Clock } from "../../common/clock.js";
import type { OutputMode } from "../../connectors/api/stream-sink.js";
import type { ExecNode } from "../../physical/exec-node.js";
import type { StateOperatorProgressFields } from "../runtime/progress.js";
import type { StateStoreConf, StateStoreProviderFactory } from "../state/state-store.js";

/**
 * A physical operator that keeps state across micro-batches. Protocol, per batch:
 * `execute()` (fully consumed, or abandoned) → the sink accepts the rows → `commitState()`
 * (or `abortState()` when anything failed) → `progress()`.
 */
export interface StatefulOperator extends ExecNode {
  /** Position in Spark's top-down (pre-order) numbering of the plan's stateful operators. */
  readonly operatorId: number;
  /** Makes this batch's updates version batchId+1 (called after the sink accepted the batch). */
  commitState(): Promise<void>;
  /** Drops this batch's uncommitted updates (batch failed). */
  abortState(): void;
  /** Spark's StateOperatorProgress fields for this batch (see src/streaming/runtime/progress.ts). */
  progress(): StateOperatorProgressFields;
}

/** What every stateful operator of one batch shares (Spark's StatefulOperatorStateInfo + conf). */
export interface StateInfo {
  /** `<checkpointDir>/state`. */
  readonly stateRoot: string;
  readonly batchId: number;
  /** `spark.sql.shuffle.partitions` pinned for the query: the number of stores of a keyed operator. */
  readonly numShufflePartitions: number;
  readonly outputMode: OutputMode;
  /** The batch's event-time watermark (0 until event time lands, TODO(#7)). */
  readonly watermarkMs: number;
  /** Shown in explain (`runId = …`); empty when the caller does not give one. */
  readonly runId: string;
  /** Times the updates and commits (`allUpdatesTimeMs`, `commitTimeMs`); without one they read 0. */
  readonly clock: Clock | undefined;
  readonly providerFactory: StateStoreProviderFactory | undefined;
  readonly storeConf: StateStoreConf;
}
