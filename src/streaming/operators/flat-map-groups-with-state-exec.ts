/**
 * FlatMapGroupsWithStateExec (Spark's, also for applyInPandasWithState and mapGroupsWithState):
 * calls the user function per group key with the key's rows of this micro-batch and its state,
 * kept in the state store, and emits what the function returns. Progress name
 * `flatMapGroupsWithState`.
 *
 * State row per key (Spark's state format 2): key = the grouping columns; value =
 * `[groupState, timeoutTimestamp]` — the user's state row (null when only a timeout is kept) and,
 * when a timeout kind is configured, the timeout timestamp (ms, -1 for none).
 *
 * Per batch (pseudocode):
 *   rows ← input; with EventTimeTimeout drop rows whose event time ≤ watermarkForLateEventsMs
 *     (counted in numRowsDroppedByWatermark; with tspark's `lateRows` kept for the view)
 *   batch 0 with an initial state: store each of its keys' state (no timeout; a key twice is
 *     an error) and add its keys without rows to the keys to call
 *   for each state partition (Spark's task), in order:
 *     for each of its keys with rows (or an initial state), ascending by key (Spark sorts each
 *       partition's input by the grouping key): call func(key, rows, state{stored value},
 *       hasTimedOut=false); write back
 *     if a timeout kind is set: threshold = batch timestamp (processing time) or
 *       watermarkForEvictionMs (event time); for each of the partition's stored keys whose
 *       timeout < threshold: call func(key, [], state{stored value}, hasTimedOut=true); write back
 *   write back: removed (and no timeout set) → delete the key (numRowsRemoved); else, when the
 *     call updated or removed the state or changed its timeout → store [value|null, timeout]
 *     (numRowsUpdated). A call that sets no timeout clears the key's timeout.
 * `shouldRunAnotherBatch`: always with ProcessingTimeTimeout (timeouts are checked at every
 * trigger), with EventTimeTimeout when the new watermark is past this batch's.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import { batchFromRows } from "../../data/record-batch.js";
import type { AttributeReference, Expression } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { duplicateInitialStateKey, GroupStateCall } from "../../physical/group-state-call.js";
import { GroupStateImpl, NO_TIMESTAMP } from "../../physical/group-state-impl.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import type { LogicalPlan } from "../../plans/logical-plan.js";
import { outputOf } from "../../plans/output.js";
import { LONG, StructField, StructType } from "../../types/data-type.js";
import { stateKeyOf } from "../state/state-key.js";
import type { StateStore } from "../state/state-store.js";
import { keyRowComparator } from "../../physical/state-key-order.js";
import { StateStoreWriter } from "./state-store-writer.js";
import { type StateInfo, statePartitionerOf } from "./stateful-operator.js";
import { atOrBelowWatermark, type EventTimeColumn, findEventTimeColumn } from "./watermark-support.js";

type Node = LogicalPlan & { kind: "flat_map_groups_with_state" };

/** A key's rows of the batch, in arrival order, with the key's compact form (`stateKeyOf`). */
export interface Group {
  readonly key: unknown[];
  readonly compact: unknown;
  readonly rows: Record<string, unknown>[];
}

/**
 * The child's rows grouped by key, keys in order of first arrival (flatMapGroupsWithState and
 * transformWithState sort them per partition): a row whose event time (`late`, when given) is at or below
 * `lateWatermarkMs` goes to `onLate` instead.
 */
export async function groupRowsByKey(
  child: ExecNode,
  ctx: TaskContext,
  fn: GroupStateCall,
  late: (EventTimeColumn & { readonly index: number }) | undefined,
  lateWatermarkMs: number,
  onLate: (columns: readonly (readonly unknown[])[], row: number) => void,
): Promise<Map<unknown, Group>> {
  const groups = new Map<unknown, Group>();
  for await (const batch of child.execute(ctx)) {
    const cols = batch.columns;
    for (let r = 0; r < batch.numRows; r++) {
      if (late && atOrBelowWatermark(late.micros(cols[late.index]![r]), lateWatermarkMs)) {
        onLate(cols, r);
        continue;
      }
      const key = fn.keyAt(cols, r);
      const compact = stateKeyOf(key);
      let g = groups.get(compact);
      if (!g) {
        g = { key, compact, rows: [] };
        groups.set(compact, g);
      }
      g.rows.push(fn.rowsAt(cols, [r])[0]!);
    }
  }
  return groups;
}

export class FlatMapGroupsWithStateExec extends StateStoreWriter {
  readonly nodeName: string;
  readonly operatorName = "flatMapGroupsWithState";
  override readonly output: readonly AttributeReference[];
  /** The grouping columns. */
  readonly stateKeySchema: StructType;
  /** `groupState` (the user's state row, nullable) and, with a timeout kind, `timeoutTimestamp`. */
  readonly stateValueSchema: StructType;
  private readonly fn: GroupStateCall;
  private readonly timeoutEnabled: boolean;
  /** The input column marked as event time (`spark.watermarkDelayMs`), if any, by input position. */
  private readonly eventTime: (EventTimeColumn & { readonly index: number }) | undefined;

  /**
   * @param node the analyzed logical node (its function, schemas, timeout kind)
   * @param batchTimestampMs the batch's processing time (offset log)
   */
  constructor(
    child: ExecNode,
    private readonly node: Node,
    info: StateInfo,
    private readonly batchTimestampMs: number,
  ) {
    super(child, info, true);
    this.nodeName =
      node.api === "applyInPandasWithState" ? "FlatMapGroupsInPandasWithState" : "FlatMapGroupsWithState";
    this.output = node.output;
    this.fn = new GroupStateCall(node, child.output);
    this.timeoutEnabled = node.timeout !== "NoTimeout";
    this.stateKeySchema = this.fn.keySchema;
    const fields = [new StructField("groupState", node.stateSchema, true)];
    if (this.timeoutEnabled) fields.push(new StructField("timeoutTimestamp", LONG, false));
    this.stateValueSchema = new StructType(fields);
    // Found in the logical input (whose attributes carry the column metadata) and matched to the
    // physical input by expression id.
    const logicalInput = outputOf(node.child);
    const et = findEventTimeColumn(logicalInput, info.allowMultipleEventTimeColumns);
    const id = et === undefined ? undefined : logicalInput[et.ordinal]!.exprId;
    const index = id === undefined ? -1 : child.output.findIndex((a) => a.exprId === id);
    this.eventTime = et !== undefined && index >= 0 ? { ...et, index } : undefined;
    // Late rows (dropped only with EventTimeTimeout) go to the event time's late-rows view, if any.
    if (node.timeout === "EventTimeTimeout" && this.eventTime !== undefined)
      this.routeLateRows(child.output[this.eventTime.index]);
  }

  /** Whether the input has a watermarked column (GroupState.getCurrentWatermarkMs needs one). */
  private get watermarkPresent(): boolean {
    return this.eventTime !== undefined;
  }

  describe(): string {
    const n = this.node;
    const list = (xs: readonly Expression[]) => `[${xs.map(explainSql).join(", ")}]`;
    const mode = n.outputMode === "append" ? "Append" : "Update";
    return `${this.nodeName} ${list(n.groupingExpressions)}, ${list(n.dataAttributes ?? [])}, ${list(this.output)}, ${this.stateInfoString()}, 2, ${mode}, ${n.timeout}, ${this.batchTimestampMs}, ${this.info.watermarkForLateEventsMs}, ${this.info.watermarkForEvictionMs}`;
  }

  /**
   * Spark's: the user function may emit any event time, so no watermark flows out (a stateful
   * operator after it needs its own withWatermark, docs/event-time.md).
   */
  produceOutputWatermark(): number | undefined {
    return undefined;
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    switch (this.node.timeout) {
      case "ProcessingTimeTimeout":
        return true;
      case "EventTimeTimeout":
        return newWatermarkMs > this.info.watermarkForEvictionMs;
      default:
        return false;
    }
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const run = await this.openStores();
    const start = this.now();
    const stores = run.stores;
    const parts = stores.length;
    const fn = this.fn;
    // Spark hashes the grouping attributes (the key schema) into the partitions.
    const partitioner = statePartitionerOf(
      this.info,
      fn.keySchema.fields.map((f) => f.dataType),
      parts,
    );
    // Late rows are dropped only with EventTimeTimeout (Spark's FlatMapGroupsWithStateExec).
    const late = this.node.timeout === "EventTimeTimeout" ? this.eventTime : undefined;
    const lateWatermarkMs = this.info.watermarkForLateEventsMs;
    const groups = await groupRowsByKey(this.child, ctx, fn, late, lateWatermarkMs, (cols, r) =>
      this.recordLateRow(run, cols, r),
    );
    // The initial state, in the query's first batch only (Spark's IncrementalExecution sets
    // hasInitialState for batch 0): stored before the calls, its keys called even without rows.
    const initial = this.info.batchId === 0 ? this.node.initialState : undefined;
    if (initial !== undefined) {
      const seen = new Set<unknown>();
      for (const row of await initial.rows()) {
        const key = row.slice(0, initial.numKeys).map((v) => v ?? null);
        const value = row.slice(initial.numKeys);
        const compact = stateKeyOf(key);
        if (seen.has(compact)) throw duplicateInitialStateKey();
        seen.add(compact);
        stores[partitioner.ofKey(key, compact)]!.put(
          key,
          this.timeoutEnabled ? [value, NO_TIMESTAMP] : [value],
        );
        if (!groups.has(compact)) groups.set(compact, { key, compact, rows: [] });
      }
    }
    // Spark's tasks: partition by partition, the keys with rows (or an initial state) ascending
    // (the operator's requiredChildOrdering), then the partition's timed-out keys.
    const byPartition: Group[][] = Array.from({ length: parts }, () => []);
    for (const g of groups.values()) byPartition[partitioner.ofKey(g.key, g.compact)]!.push(g);
    const byKey = keyRowComparator(fn.keySchema);
    const out: unknown[][] = [];
    const threshold =
      this.node.timeout === "ProcessingTimeTimeout"
        ? this.batchTimestampMs
        : this.info.watermarkForEvictionMs;
    let removalsMs = 0;
    for (let p = 0; p < parts; p++) {
      const store = stores[p]!;
      for (const g of byPartition[p]!.sort((a, b) => byKey(a.key, b.key))) {
        // A key with only an initial state (no rows) when Spark's skipEmittingInitialStateKeys is set.
        if (g.rows.length === 0 && initial?.skipEmittingInitialStateKeys === true) continue;
        this.callAndWrite(store, g.key, g.rows, false, out, run);
      }
      if (this.timeoutEnabled) {
        const removalsStart = this.now();
        // Collected first: the calls write to the store being read.
        const timedOut: unknown[][] = [];
        store.forEachEntry((key, value) => {
          const ts = timeoutOf(value);
          if (ts !== NO_TIMESTAMP && ts < threshold) timedOut.push([...key]);
        });
        for (const key of timedOut) this.callAndWrite(store, key, [], true, out, run);
        removalsMs += Math.max(0, this.now() - removalsStart);
      }
    }
    run.updatesMs = Math.max(0, this.now() - start - removalsMs);
    if (this.timeoutEnabled) run.removalsMs = removalsMs;
    if (out.length > 0) yield batchFromRows(out, this.output.length);
  }

  /** One call of the function for `key`, its output appended to `out`, its state written back. */
  private callAndWrite(
    store: StateStore,
    key: unknown[],
    rows: Record<string, unknown>[],
    hasTimedOut: boolean,
    out: unknown[][],
    run: { updated: number; removed: number },
  ): void {
    const stored = store.get(key) as readonly unknown[] | undefined;
    const priorValue = stored?.[0];
    const priorTimeout = timeoutOf(stored);
    const state = new GroupStateImpl({
      value: priorValue === null || priorValue === undefined ? undefined : (priorValue as unknown[]),
      stateSchema: this.node.stateSchema,
      batchProcessingTimeMs: this.batchTimestampMs,
      eventTimeWatermarkMs: this.info.watermarkForEvictionMs,
      timeoutConf: this.node.timeout,
      hasTimedOut,
      watermarkPresent: this.watermarkPresent,
    });
    for (const r of this.fn.call(key, rows, state)) out.push(r);
    const timeout = state.timeoutTimestampMs;
    if (state.isRemoved && timeout === NO_TIMESTAMP) {
      store.remove(key);
      run.removed++;
      return;
    }
    if (state.isUpdated || state.isRemoved || timeout !== priorTimeout) {
      const value = state.internalValue() ?? null;
      store.put(key, this.timeoutEnabled ? [value, timeout] : [value]);
      run.updated++;
    }
  }
}

/** The timeout timestamp of a stored value (`[groupState, timeoutTimestamp]`), or NO_TIMESTAMP. */
function timeoutOf(value: unknown): number {
  if (!Array.isArray(value) || value.length < 2) return NO_TIMESTAMP;
  const ts = value[1];
  return typeof ts === "number" ? ts : typeof ts === "bigint" ? Number(ts) : NO_TIMESTAMP;
}
