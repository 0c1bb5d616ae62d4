/**
 * The incremental planner (Spark's IncrementalExecution planning with StatefulAggregationStrategy,
 * StreamingDeduplicationStrategy and StreamingGlobalLimitStrategy): plans one micro-batch of a
 * streaming query into ExecNodes, placing stateful operators where the plan reads a stream.
 *
 * Contract with MicroBatchExecution (the caller):
 * - input: the OPTIMIZED logical plan of one batch, in which every streaming source is a leaf
 *   (`data_source_relation` or `local_relation`) with `isStreaming: true` that one of
 *   `leafPlanners` plans into an exec yielding that batch's rows; static relations are not
 *   streaming. A node is streaming when a leaf below it is (`isStreamingPlan`).
 * - output: the root exec, and the stateful operators in Spark's operator-id order. Per batch the
 *   caller executes the root (to the end: the sink drains it), then, once the sink accepted the
 *   batch, calls `commitState()` of each operator (version `batchId + 1`), or `abortState()` if
 *   anything failed; then `progress()`. The plan is built for one batch; the state lives in the
 *   process-wide store cache under `ctx.stateRoot`, so a query restarted in the same process from
 *   the same checkpoint continues where its last committed batch left off.
 * - `IncrementalPlanContext`'s first seven fields are the contract; the optional ones after them
 *   were added since (run id for explain, a clock for the state timings, the provider factory and
 *   the retention settings).
 *
 * What is planned (streaming nodes only; batch subtrees are planned as in a batch query, so the
 * static side of a stream-static join re-executes every batch):
 * - Aggregate → partial HashAggregate → PartialMerge HashAggregate → StateStoreRestore →
 *   PartialMerge HashAggregate → StateStoreSave → final HashAggregate (Spark's physical plan, the
 *   shuffle aside). Operator name `stateStoreSave`.
 *   With tspark's `lateRows` on the watermarked key, a LateRowsFilter sits below the partial
 *   aggregate (late-rows-filter-exec.ts).
 * - Aggregate grouped by a `session_window` (and at least one other key) → partial HashAggregate →
 *   SessionWindowStateStoreRestore → MergingSessions (PartialMerge) → SessionWindowStateStoreSave
 *   → final aggregate (shown as Spark's Final MergingSessions). Operator name
 *   `sessionWindowStateStoreSaveExec`.
 * - Deduplicate (dropDuplicates) and Distinct (Dataset.distinct is Deduplicate of all columns in
 *   Spark) → StreamingDeduplicate. Operator name `dedupe`.
 * - Join of two streams → StreamingSymmetricHashJoin (both sides buffered in four stores per
 *   partition; the equi-join keys are required). Operator name `symmetricHashJoin`.
 * - FlatMapGroupsWithState (applyInPandasWithState, (flat)MapGroupsWithState) over a stream →
 *   FlatMapGroupsWithStateExec. Operator name `flatMapGroupsWithState`.
 * - The same node carrying a stateful processor (transformWithState) → TransformWithStateExec.
 *   Operator name `transformWithStateExec`.
 * - Limit over a plan that produces appends (Append mode, or Complete mode with no streaming
 *   aggregation below) → StreamingGlobalLimit over StreamingLocalLimit (LocalLimit when no
 *   stateful operator is below). Other limits (Complete mode over an aggregation) and sorts are
 *   the batch operators over the whole result. Operator name `globalLimit`.
 * Operator ids: top-down pre-order over the physical plan, as IncrementalExecution's
 * `plan transform` assigns them.
 */
import type { Clock } from "../../common/clock.js";
import { internalError, TsparkError } from "../../common/errors.js";
import type { OutputMode } from "../../connectors/api/stream-sink.js";
import { isStreamingPlan } from "../../analysis/unsupported-operation-checker.js";
import type { AttributeReference, Expression } from "../../expressions/expression.js";
import { exists } from "../../expressions/tree.js";
import { lateRowsViewOf, windowColumnKindOf } from "../../plans/event-time.js";
import { type Aggregate, childrenOf, type Join, type LogicalPlan } from "../../plans/logical-plan.js";
import { outputOf } from "../../plans/output.js";
import { extractEquiJoinKeys } from "../../analysis/streaming-join-helper.js";
import type { ExecNode } from "../../physical/exec-node.js";
import { type AggregateSplit, type LeafPlanner, PhysicalPlanner } from "../../physical/physical-planner.js";
import { DEFAULT_STATE_STORE_CONF, type StateStoreProviderFactory } from "../state/state-store.js";
import { EventTimeWatermarkExec } from "./event-time-watermark-exec.js";
import { FlatMapGroupsWithStateExec } from "./flat-map-groups-with-state-exec.js";
import { TransformWithStateExec } from "./transform-with-state-exec.js";
import { MergeAggregateExec } from "./merge-aggregate-exec.js";
import { FinalMergingSessionsExec, MergingSessionsExec } from "./merging-sessions-exec.js";
import { sessionLayout } from "./session-window-state.js";
import { SessionWindowStateStoreRestoreExec } from "./session-window-state-store-restore-exec.js";
import { SessionWindowStateStoreSaveExec } from "./session-window-state-store-save-exec.js";
import { StateStoreRestoreExec } from "./state-store-restore-exec.js";
import { StateStoreSaveExec } from "./state-store-save-exec.js";
import { StateStoreWriter } from "./state-store-writer.js";
import {
  type LateRowsOutput,
  type StateInfo,
  type StatefulOperator,
  statePartitionerOf,
} from "./stateful-operator.js";
import type { StatePartitionerKind } from "../state/state-partitioner.js";
import { type LateInputSink, LateRowsFilterExec } from "./late-rows-filter-exec.js";
import { findEventTimeColumn } from "./watermark-support.js";
import { StreamingDeduplicateExec } from "./streaming-deduplicate-exec.js";
import { StreamingSymmetricHashJoinExec } from "./streaming-symmetric-hash-join-exec.js";
import { StreamingGlobalLimitExec } from "./streaming-global-limit-exec.js";
import { StreamingLocalLimitExec } from "./streaming-local-limit-exec.js";
import { type OperatorWatermarks, operatorWatermark, propagateWatermark } from "./watermark-propagation.js";

export type { StatefulOperator } from "./stateful-operator.js";

/** What the planner needs to know about the batch it plans. */
export interface IncrementalPlanContext {
  readonly batchId: number; // current micro-batch
  readonly outputMode: OutputMode; // from connectors/api/stream-sink.ts
  readonly stateRoot: string; // `<checkpointDir>/state`; key of the state cache
  readonly numShufflePartitions: number; // spark.sql.shuffle.partitions pinned for the query
  readonly batchTimestampMs: number;
  readonly watermarkMs: number; // the batch's watermark (offset log); 0 until one is set
  readonly codegen: boolean;
  /**
   * `spark.sql.streaming.statefulOperator.allowMultiple` (default true); false is Spark's
   * compatibility mode, where a later withWatermark may redefine an earlier one.
   */
  readonly allowMultipleStatefulOperators?: boolean;
  /** The previous batch's watermark, for late rows (default: `watermarkMs`). */
  readonly lateEventsWatermarkMs?: number;
  /** The run id shown in explain's `state info [...]`. */
  readonly runId?: string;
  /** Times `allUpdatesTimeMs` / `commitTimeMs`; without a clock they are 0. */
  readonly clock?: Clock;
  /** Creates state store providers (default: in memory; a durable one arrives with issue #6). */
  readonly stateStoreProvider?: StateStoreProviderFactory;
  /** `spark.sql.streaming.maxBatchesToRetainInMemory` (default 2): state versions kept loaded. */
  readonly maxBatchesToRetainInMemory?: number;
  /** `spark.sql.streaming.minBatchesToRetain` (default 100): the upper bound of the above. */
  readonly minBatchesToRetain?: number;
  /** `spark.sql.streaming.stateStore.minDeltasForSnapshot` (default 10). */
  readonly minDeltasForSnapshot?: number;
  /**
   * `spark.sql.streaming.stateStore.maintenanceInterval` in ms (the runtime passes Spark's 60 s
   * unless set; undefined here: no wait between snapshots).
   */
  readonly maintenanceIntervalMs?: number;
  /** `tspark.checkpoint.fsync` (default false): durable providers fsync their files. */
  readonly fsync?: boolean;
  /**
   * `tspark.sql.streaming.stateStore.operatorDeltaFiles` (default true): one delta file per
   * operator and batch for all partitions (StateStoreConf.operatorDeltaFiles).
   */
  readonly operatorDeltaFiles?: boolean;
  /**
   * `tspark.sql.streaming.fuseStatefulAggregation` (default true): StateStoreSave runs the
   * merge/restore/merge chain below it in one pass; false executes the chain operator by
   * operator (the reference the fused path is tested against).
   */
  readonly fuseStatefulAggregation?: boolean;
  /** tspark's late-rows tables by view name (`StateInfo.lateRows`); none: late rows are only counted. */
  readonly lateRows?: (viewName: string) => LateRowsOutput | undefined;
  /**
   * `tspark.sql.streaming.stateStore.partitioner` pinned for the checkpoint (state-partitioner.ts);
   * default Spark's `murmur3`.
   */
  readonly statePartitioner?: StatePartitionerKind;
}

/** One batch's physical plan and its stateful operators (ascending operator id). */
export interface IncrementalPlan {
  readonly root: ExecNode;
  readonly statefulOperators: readonly StatefulOperator[];
  /** The watermark nodes in plan pre-order (Spark's `collect { case e: EventTimeWatermarkExec }`). */
  readonly watermarkOperators: readonly EventTimeWatermarkExec[];
  /**
   * Each stateful operator's input watermark for a global watermark `originMs` (Spark's
   * WatermarkPropagator, watermark-propagation.ts); with `allowMultiple=false`, `originMs` for all.
   * The engine asks it with the next batch's watermark whether to run a no-data batch.
   */
  inputWatermarks(originMs: number): OperatorWatermarks;
}

/** Plans one micro-batch (see the file header for the protocol). Synchronous; no state is read yet. */
export function planIncremental(
  optimized: LogicalPlan,
  leafPlanners: readonly LeafPlanner[],
  ctx: IncrementalPlanContext,
): IncrementalPlan {
  const root = new IncrementalPlanner(leafPlanners, ctx).plan(optimized);
  const statefulOperators: (StateStoreWriter | StreamingSymmetricHashJoinExec)[] = [];
  const watermarkOperators: EventTimeWatermarkExec[] = [];
  const walk = (node: ExecNode): void => {
    if (node instanceof StateStoreWriter || node instanceof StreamingSymmetricHashJoinExec) {
      node.assignOperatorId(statefulOperators.length);
      statefulOperators.push(node);
    }
    if (node instanceof EventTimeWatermarkExec) watermarkOperators.push(node);
    for (const c of node.children) walk(c);
  };
  walk(root);
  const byNode = new Map<ExecNode, StatefulOperator>(statefulOperators.map((op) => [op, op]));
  const inputWatermarks = (originMs: number): OperatorWatermarks =>
    ctx.allowMultipleStatefulOperators === false
      ? new Map(statefulOperators.map((op) => [op.operatorId, originMs]))
      : propagateWatermark(root, originMs, (n) => byNode.get(n));
  // Spark's WatermarkPropagationRule: each operator's own watermarks, from the previous batch's
  // global watermark (late rows) and this batch's (eviction). The compatibility mode keeps the
  // global ones the operators were built with.
  if (ctx.allowMultipleStatefulOperators !== false) {
    const late = inputWatermarks(ctx.lateEventsWatermarkMs ?? ctx.watermarkMs);
    const evict = inputWatermarks(ctx.watermarkMs);
    for (const op of statefulOperators) {
      op.setInputWatermarks(operatorWatermark(late, op.operatorId), operatorWatermark(evict, op.operatorId));
    }
  }
  return { root, statefulOperators, watermarkOperators, inputWatermarks };
}

/** The batch planner plus Spark's streaming strategies. */
class IncrementalPlanner extends PhysicalPlanner {
  private readonly info: StateInfo;
  /** LateRowsFilterExecs waiting for the state-saving operator of their aggregate. */
  private readonly pendingLateRowsFilters = new Map<Aggregate, (save: LateInputSink) => void>();

  constructor(
    leafPlanners: readonly LeafPlanner[],
    private readonly ctx: IncrementalPlanContext,
  ) {
    super(leafPlanners, ctx.clock);
    const inMemory = ctx.maxBatchesToRetainInMemory ?? 2;
    const upper = ctx.minBatchesToRetain ?? 100;
    this.info = {
      stateRoot: ctx.stateRoot,
      batchId: ctx.batchId,
      numShufflePartitions: ctx.numShufflePartitions,
      outputMode: ctx.outputMode,
      watermarkMs: ctx.watermarkMs,
      watermarkForLateEventsMs: ctx.lateEventsWatermarkMs ?? ctx.watermarkMs,
      watermarkForEvictionMs: ctx.watermarkMs,
      allowMultipleEventTimeColumns: ctx.allowMultipleStatefulOperators === false,
      runId: ctx.runId ?? "",
      clock: ctx.clock,
      providerFactory: ctx.stateStoreProvider,
      storeConf: {
        maxVersionsToRetain: Math.max(2, Math.min(inMemory, upper)),
        minDeltasForSnapshot: ctx.minDeltasForSnapshot ?? DEFAULT_STATE_STORE_CONF.minDeltasForSnapshot,
        ...(ctx.maintenanceIntervalMs === undefined
          ? {}
          : { maintenanceIntervalMs: ctx.maintenanceIntervalMs }),
        minBatchesToRetain: upper,
        fsync: ctx.fsync ?? false,
        operatorDeltaFiles: ctx.operatorDeltaFiles ?? true,
      },
      ...(ctx.lateRows === undefined ? {} : { lateRows: ctx.lateRows }),
      ...(ctx.statePartitioner === undefined ? {} : { statePartitioner: ctx.statePartitioner }),
    };
  }

  protected override planNode(p: LogicalPlan): ExecNode {
    switch (p.kind) {
      case "aggregate":
        if (isStreamingPlan(p.child) && p.aggregateExpressions.some(hasDistinctAggregate)) {
          // The UnsupportedOperationChecker rejects this before a query starts.
          throw unsupported("distinct aggregations on streaming DataFrames/Datasets");
        }
        if (
          isStreamingPlan(p.child) &&
          p.groupingExpressions.some((g) => g.kind === "attribute" && windowColumnKindOf(g) === "session")
        ) {
          return new FinalMergingSessionsExec(super.planNode(p));
        }
        return super.planNode(p);
      case "deduplicate":
        if (isStreamingPlan(p.child))
          return new StreamingDeduplicateExec(
            this.plan(p.child),
            p.keys,
            this.info,
            p.withinWatermark === true,
          );
        return super.planNode(p);
      case "event_time_watermark": {
        if (!isStreamingPlan(p.child)) return this.plan(p.child);
        const et = p.eventTime;
        if (et.kind !== "attribute") throw internalError("event_time_watermark is not resolved");
        // A watermark redefined over another is refused by the watermark propagation once there
        // is a watermark to propagate (watermark-propagation.ts), unless a flatMapGroupsWithState
        // in between stops the first one.
        return new EventTimeWatermarkExec(
          this.plan(p.child),
          et,
          p.delayMs,
          p.delayText,
          outputOf(p),
          p.idleTimeoutMs,
        );
      }
      case "distinct":
        if (isStreamingPlan(p.child)) {
          const child = this.plan(p.child);
          return new StreamingDeduplicateExec(child, child.output, this.info);
        }
        return super.planNode(p);
      case "flat_map_groups_with_state":
        if (p.transformWithState && isStreamingPlan(p.child))
          return new TransformWithStateExec(this.plan(p.child), p, this.info, this.ctx.batchTimestampMs);
        if (isStreamingPlan(p.child))
          return new FlatMapGroupsWithStateExec(this.plan(p.child), p, this.info, this.ctx.batchTimestampMs);
        return super.planNode(p);
      case "limit": {
        if (!this.generatesStreamingAppends(p.child)) return super.planNode(p);
        // Directly nested limits keep the smallest (Spark's optimizer combines them).
        let limit = p.limit;
        let inner = p.child;
        while (inner.kind === "limit") {
          limit = Math.min(limit, inner.limit);
          inner = inner.child;
        }
        const child = this.plan(inner);
        return new StreamingGlobalLimitExec(
          new StreamingLocalLimitExec(child, limit, hasStatefulOperator(child)),
          limit,
          this.info,
        );
      }
      case "join":
        if (isStreamingPlan(p.left) && isStreamingPlan(p.right)) return this.planStreamStreamJoin(p);
        return super.planNode(p);
      default:
        return super.planNode(p);
    }
  }

  /**
   * A session-window aggregation of a stream merges sessions across batches in its state
   * operators (`planAggregateState`), so the partial aggregate reads the rows with their own
   * sessions (Spark's planStreamingAggregationForSession without local merging). A session window
   * without another grouping key is refused, as Spark's planner does.
   */
  protected override planSessionMerge(child: ExecNode, p: Aggregate): ExecNode {
    if (!isStreamingPlan(p.child)) return super.planSessionMerge(child, p);
    const session = p.groupingExpressions.some(
      (g) => g.kind === "attribute" && windowColumnKindOf(g) === "session",
    );
    if (!session) return this.planLateRowsFilter(child, p);
    if (p.groupingExpressions.length < 2) {
      throw new TsparkError("_LEGACY_ERROR_TEMP_3102", {
        messageParameters: {
          msg: "Global aggregation with session window in streaming query is not supported.",
        },
      });
    }
    // With `lateRows` the raw rows whose own session has ended are dropped here, for the view
    // (SessionWindowStateStoreRestore would drop their partial aggregates, the same sessions).
    return this.planLateRowsFilter(child, p);
  }

  /** Spark's StreamingJoinStrategy: equi-join keys required, then StreamingSymmetricHashJoinExec. */
  private planStreamStreamJoin(p: Join): ExecNode {
    const split = extractEquiJoinKeys(p);
    if (split.leftKeys.length === 0) {
      // The UnsupportedOperationChecker rejects this before a query starts.
      throw new TsparkError("_LEGACY_ERROR_TEMP_1181");
    }
    return new StreamingSymmetricHashJoinExec(
      this.plan(p.left),
      this.plan(p.right),
      p.joinType,
      split.leftKeys,
      split.rightKeys,
      split.nullSafe,
      split.otherCondition,
      this.info,
      outputOf(p),
    );
  }

  /**
   * tspark's `lateRows` on an aggregation: late rows are dropped from the raw input, below the
   * partial aggregate, by the key StateStoreSaveExec compares (late-rows-filter-exec.ts), so the
   * view receives input rows. The filter finds its StateStoreSave once that is planned.
   */
  private planLateRowsFilter(child: ExecNode, p: Aggregate): ExecNode {
    const et = findEventTimeColumn(p.groupingExpressions);
    const key = et ? (p.groupingExpressions[et.ordinal] as AttributeReference) : undefined;
    const view = key ? lateRowsViewOf(key) : undefined;
    if (!key || view === undefined || this.info.lateRows?.(view) === undefined) return child;
    let save: LateInputSink | undefined;
    this.pendingLateRowsFilters.set(p, (s) => {
      save = s;
    });
    return new LateRowsFilterExec(child, key, () => {
      if (!save) throw internalError("LateRowsFilter used before its StateStoreSave was built");
      return save;
    });
  }

  protected override planAggregateState(partial: ExecNode, split: AggregateSplit): ExecNode {
    if (!isStreamingPlan(split.aggregate.child)) return partial;
    const keys = split.groupingAttributes;
    if (keys.some((k) => windowColumnKindOf(k) === "session")) return this.planSessionState(partial, split);
    // A global aggregate has one state partition (Spark's AllTuples distribution).
    const parts = keys.length > 0 ? Math.max(1, this.ctx.numShufflePartitions) : 1;
    const partitioner = statePartitionerOf(
      this.info,
      keys.map((k) => k.dataType),
      parts,
    );
    let save: StateStoreSaveExec | undefined;
    const merged = new MergeAggregateExec(partial, keys, split.aggregates, partitioner);
    const restore = new StateStoreRestoreExec(merged, keys, partitioner, () => {
      if (!save) throw internalError("StateStoreRestore used before its StateStoreSave was built");
      return save;
    });
    // The save runs the merge/restore/merge chain itself (one pass); the chain stays for explain.
    save = new StateStoreSaveExec(
      new MergeAggregateExec(restore, keys, split.aggregates, partitioner, true),
      keys,
      split.aggregates,
      this.info,
      this.ctx.fuseStatefulAggregation === false ? undefined : { partial, aggregates: split.aggregates },
    );
    this.pendingLateRowsFilters.get(split.aggregate)?.(save);
    this.pendingLateRowsFilters.delete(split.aggregate);
    return save;
  }

  /**
   * Spark's session-window chain: partial aggregate → SessionWindowStateStoreRestore (late rows
   * dropped, stored sessions of the batch's keys joined in) → MergingSessions (PartialMerge) →
   * SessionWindowStateStoreSave. Operator name `sessionWindowStateStoreSaveExec`.
   */
  private planSessionState(partial: ExecNode, split: AggregateSplit): ExecNode {
    const layout = sessionLayout(split.groupingAttributes);
    let save: SessionWindowStateStoreSaveExec | undefined;
    const restore = new SessionWindowStateStoreRestoreExec(partial, layout, this.info, () => {
      if (!save) throw internalError("SessionWindowStateStoreRestore used before its save was built");
      return save;
    });
    save = new SessionWindowStateStoreSaveExec(
      new MergingSessionsExec(restore, layout, split.aggregates),
      layout,
      split.aggregates,
      this.info,
    );
    save.attachRestore(restore);
    this.pendingLateRowsFilters.get(split.aggregate)?.(save);
    this.pendingLateRowsFilters.delete(split.aggregate);
    return save;
  }

  /**
   * Spark's StreamingGlobalLimitStrategy condition: the limit's input is a stream of appends —
   * Append mode, or Complete mode without a streaming aggregation below the limit.
   */
  private generatesStreamingAppends(child: LogicalPlan): boolean {
    if (!isStreamingPlan(child)) return false;
    if (this.ctx.outputMode === "append") return true;
    return this.ctx.outputMode === "complete" && !hasStreamingAggregate(child);
  }
}

function hasStreamingAggregate(p: LogicalPlan): boolean {
  if (p.kind === "aggregate" && isStreamingPlan(p)) return true;
  return childrenOf(p).some(hasStreamingAggregate);
}

function hasStatefulOperator(node: ExecNode): boolean {
  return (
    node instanceof StateStoreWriter ||
    node instanceof StreamingSymmetricHashJoinExec ||
    node.children.some(hasStatefulOperator)
  );
}

function hasDistinctAggregate(e: Expression): boolean {
  return exists(e, (x) => x.kind === "aggregate" && x.isDistinct === true);
}

function unsupported(what: string): TsparkError {
  return new TsparkError("UNSUPPORTED_FEATURE.DESC", {
    messageParameters: { desc: `${what} are not supported` },
  });
}
