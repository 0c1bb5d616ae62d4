/**
 * StreamingSymmetricHashJoinExec (Spark's, for joins between two streams): both inputs are
 * buffered in state, so that a row joins with every row of the other side that arrives in the
 * same batch or any later one. Progress name `symmetricHashJoin`; per partition four stores
 * (`left-keyToNumValues`, `left-keyWithIndexToValue`, `right-…`, see
 * symmetric-hash-join-state-manager.ts), so `numStateStoreInstances` = partitions × 4.
 *
 * Per batch (Spark's `processPartitions`):
 *
 *     for each new left row (after dropping rows ≤ the late-events watermark — with tspark's
 *       `lateRows` on the input's event time kept for the view, with the side, at state commit):
 *       fails the left-only predicate → left/full outer: emit (row, NULLs) now; never buffered
 *       else join with the right STATE (right rows of earlier batches) under its key, keeping the
 *         pairs that pass the joined-row predicate and marking those right rows matched;
 *         buffer it (matched = it joined) — even when this batch's eviction drops it again, since
 *         this batch's right rows still have to meet it (left semi: emit the row once at its
 *         first match and never buffer it)
 *     for each new right row: the same against the left state — which now holds this batch's
 *       left rows, so every (left, right) pair is found exactly once (left semi: emit each
 *       buffered left row at most once, at its first match, and mark it matched); a right row
 *       the eviction below would drop at once is not buffered, unless it must come out with
 *       NULLs (right/full outer, no match)
 *     evict state under the eviction watermark (state key / value watermarks): an outer join's
 *       preserved side emits its evicted rows that never matched with NULLs; the rest is dropped
 *
 * Equi-join keys are required (the UnsupportedOperationChecker rejects joins without one); NULL
 * keys never match (unless from `<=>`): such rows are buffered only on an outer join's preserved
 * side, to be emitted with NULLs when evicted.
 */
import { batchFromRows, batchToRows, type RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference, Expression } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { internalError } from "../../common/errors.js";
import { compileProjection } from "../../codegen/compile-pipeline.js";
import { bindAll, bindReferences } from "../../physical/bind-references.js";
import { drain, type ExecNode, type TaskContext } from "../../physical/exec-node.js";
import type { JoinType } from "../../plans/logical-plan.js";
import { JOIN_NAMES } from "../../plans/plan-string.js";
import { isWatermarkedAttribute } from "../../analysis/streaming-join-helper.js";
import type { StructType } from "../../types/data-type.js";
import type { NamedStateStoreSchema } from "../checkpoint/state-checkpoint.js";
import type { StateOperatorProgressFields } from "../runtime/progress.js";
import { stateKeyOf } from "../state/state-key.js";
import type { StateStore } from "../state/state-store.js";
import { commitStateStores } from "../state/state-commit.js";
import { stateStoreProviders } from "../state/state-store-registry.js";
import {
  type LateRowsOutput,
  type StateInfo,
  type StatefulOperator,
  statePartitionerOf,
  withInputWatermarks,
} from "./stateful-operator.js";
import { lateRowsViewOf } from "../../plans/event-time.js";
import {
  valueAtOrBelowWatermark,
  describeSplit,
  describeWatermarkPredicate,
  evictsStateRow,
  getStateWatermarkPredicates,
  type JoinConditionSplitPredicates,
  type JoinStateWatermarkPredicates,
  splitJoinCondition,
} from "./streaming-symmetric-hash-join-helper.js";
import {
  ALL_JOIN_STORE_NAMES,
  type BufferedRow,
  type JoinEvictionSpec,
  type JoinSide,
  joinStoreNames,
  joinStoreSchemas,
  NUM_VALUES_SCHEMA,
  SymmetricHashJoinStateManager,
} from "./symmetric-hash-join-state-manager.js";

/** Join types a stream-stream join supports (the checker rejects the others). */
const SUPPORTED: ReadonlySet<JoinType> = new Set([
  "inner",
  "cross",
  "left_outer",
  "right_outer",
  "full_outer",
  "left_semi",
]);

/** One execution's stores and counts. */
interface JoinRun {
  readonly stores: readonly StateStore[];
  readonly left: SymmetricHashJoinStateManager;
  readonly right: SymmetricHashJoinStateManager;
  removed: number;
  droppedByWatermark: number;
  updatesMs: number;
  removalsMs: number;
  /** The late rows gathered per late-rows view (tspark's `lateRows`), both inputs together. */
  readonly late: Map<LateRowsOutput, unknown[][]>;
}

/** Where one input's late rows go: the view, and the input ordinal of each of its input columns. */
interface LateRoute {
  readonly out: LateRowsOutput;
  readonly positions: readonly number[];
}

/** A compiled predicate over rows of a known width: true only where it evaluates to TRUE. */
type RowPredicate = (rows: readonly (readonly unknown[])[]) => boolean[];

export class StreamingSymmetricHashJoinExec implements StatefulOperator {
  readonly nodeName = "StreamingSymmetricHashJoin";
  readonly operatorName = "symmetricHashJoin";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  /** The left key schema (the first store's; every store is recorded in `stateStores`). */
  readonly stateKeySchema: StructType;
  readonly stateValueSchema: StructType;
  readonly checksStateValueSchema = true;
  readonly stateStores: readonly NamedStateStoreSchema[];
  readonly condition: JoinConditionSplitPredicates;
  /** The state watermarks this batch evicts with (undefined sides are never cleaned). */
  stateWatermarkPredicates: JoinStateWatermarkPredicates;

  private id = -1;
  private run: JoinRun | undefined;
  /** Per input, its late-rows view (when its event time names one). */
  private readonly lateRoutes: { readonly left?: LateRoute; readonly right?: LateRoute };
  private committed = false;
  private commitMs = 0;

  /**
   * @param otherCondition the join condition without the equi-join keys
   * @param output the join's output (left then right columns; left only for a left semi join)
   */
  constructor(
    private readonly left: ExecNode,
    private readonly right: ExecNode,
    private readonly joinType: JoinType,
    private readonly leftKeys: readonly Expression[],
    private readonly rightKeys: readonly Expression[],
    private readonly nullSafe: readonly boolean[],
    otherCondition: Expression | undefined,
    private info: StateInfo,
    output: readonly AttributeReference[],
  ) {
    if (!SUPPORTED.has(joinType)) throw internalError(`stream-stream ${joinType} join reached the planner`);
    if (leftKeys.length === 0)
      throw internalError("stream-stream join without equi-join keys reached the planner");
    this.children = [left, right];
    this.output = output;
    this.condition = splitJoinCondition(otherCondition, left.output, right.output);
    const ls = joinStoreSchemas(leftKeys, left.output);
    const rs = joinStoreSchemas(rightKeys, right.output);
    this.stateKeySchema = ls.keySchema;
    this.stateValueSchema = NUM_VALUES_SCHEMA;
    const [lk, lv] = joinStoreNames("left");
    const [rk, rv] = joinStoreNames("right");
    this.stateStores = [
      { storeName: lk, keySchema: ls.keySchema, valueSchema: NUM_VALUES_SCHEMA },
      { storeName: lv, keySchema: ls.keyWithIndexSchema, valueSchema: ls.valueSchema },
      { storeName: rk, keySchema: rs.keySchema, valueSchema: NUM_VALUES_SCHEMA },
      { storeName: rv, keySchema: rs.keyWithIndexSchema, valueSchema: rs.valueSchema },
    ];
    this.stateWatermarkPredicates = this.statePredicatesFor(info.watermarkForEvictionMs);
    const leftRoute = this.lateRouteOf(left.output);
    const rightRoute = this.lateRouteOf(right.output);
    this.lateRoutes = {
      ...(leftRoute ? { left: leftRoute } : {}),
      ...(rightRoute ? { right: rightRoute } : {}),
    };
  }

  /** The state watermark predicates for the input watermark `watermarkMs` (Spark's helper). */
  private statePredicatesFor(watermarkMs: number): JoinStateWatermarkPredicates {
    return getStateWatermarkPredicates(
      this.left.output,
      this.right.output,
      this.leftKeys,
      this.rightKeys,
      this.condition.full,
      watermarkMs,
    );
  }

  /** This join's input watermarks; the state watermarks follow the eviction one. */
  setInputWatermarks(lateEventsMs: number, evictionMs: number): void {
    this.info = withInputWatermarks(this.info, lateEventsMs, evictionMs);
    this.stateWatermarkPredicates = this.statePredicatesFor(evictionMs);
  }

  /**
   * Spark's: a row leaves the join no older than the state watermarks of both sides (a buffered
   * row can still be emitted, joined or with NULLs, until its side's state watermark passes it),
   * so the output watermark is the smallest of the two state watermarks and the input one. E.g.
   * `l.time BETWEEN r.time - INTERVAL 1 HOUR AND r.time + INTERVAL 1 HOUR` with input W gives
   * W − 1 hour − 1 ms; an equality on the event time gives W.
   */
  produceOutputWatermark(inputWatermarkMs: number): number {
    const p = this.statePredicatesFor(inputWatermarkMs);
    return Math.min(
      p.left?.watermarkMs ?? inputWatermarkMs,
      p.right?.watermarkMs ?? inputWatermarkMs,
      inputWatermarkMs,
    );
  }

  /**
   * tspark's `lateRows`: the view an input's late rows go to (its event-time column's mark), with
   * the view's input columns found by name among the input's (start() derived them from the plan).
   */
  private lateRouteOf(attrs: readonly AttributeReference[]): LateRoute | undefined {
    const et = attrs.find(isWatermarkedAttribute);
    const view = et === undefined ? undefined : lateRowsViewOf(et);
    const out = view === undefined ? undefined : this.info.lateRows?.(view);
    if (!out) return undefined;
    const names = out.schema.fields.slice(0, -3).map((f) => f.name);
    const positions = names.map((n) => attrs.findIndex((a) => a.name === n));
    if (positions.length !== attrs.length || positions.some((p) => p < 0)) {
      throw internalError(
        `${this.nodeName}: late-rows view ${view} has columns [${names.join(", ")}], the input [${attrs.map((a) => a.name).join(", ")}]`,
      );
    }
    return { out, positions };
  }

  get operatorId(): number {
    if (this.id < 0) throw internalError(`${this.nodeName} has no operator id yet`);
    return this.id;
  }

  /** Set once by the planner, in Spark's top-down order, before the plan runs. */
  assignOperatorId(id: number): void {
    if (this.id >= 0) throw internalError(`${this.nodeName} already has operator id ${this.id}`);
    this.id = id;
  }

  get stateInfoNumPartitions(): number {
    return Math.max(1, this.info.numShufflePartitions);
  }

  describe(): string {
    const root = this.info.stateRoot.startsWith("/") ? `file:${this.info.stateRoot}` : this.info.stateRoot;
    const op = this.id < 0 ? "?" : String(this.id);
    const stateInfo = `state info [ checkpoint = ${root}, runId = ${this.info.runId}, opId = ${op}, ver = ${this.info.batchId}, numPartitions = ${this.stateInfoNumPartitions}]`;
    const keys = (ks: readonly Expression[]) => `[${ks.map(explainSql).join(", ")}]`;
    const p = this.stateWatermarkPredicates;
    return `StreamingSymmetricHashJoin ${keys(this.leftKeys)}, ${keys(this.rightKeys)}, ${JOIN_NAMES[this.joinType]}, condition = ${describeSplit(this.condition)}, ${stateInfo}, ${this.info.watermarkForLateEventsMs}, ${this.info.watermarkForEvictionMs}, state cleanup [ left ${describeWatermarkPredicate(p.left)}, right ${describeWatermarkPredicate(p.right)} ], 2`;
  }

  /** Spark's `shouldRunAnotherBatch`: some state is watermark-cleaned and the watermark moved on. */
  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    const cleans = hasWatermarkCleanup(
      this.left.output,
      this.right.output,
      this.leftKeys,
      this.rightKeys,
      this.condition.full,
    );
    return cleans && newWatermarkMs > this.info.watermarkForEvictionMs;
  }

  private now(): number {
    return this.info.clock?.nowMillis() ?? 0;
  }

  private async openStores(): Promise<JoinRun> {
    this.abortState();
    this.committed = false;
    const parts = this.stateInfoNumPartitions;
    const byName = new Map<string, StateStore[]>();
    const stores: StateStore[] = [];
    for (const name of ALL_JOIN_STORE_NAMES) {
      const providers = stateStoreProviders(
        this.info.stateRoot,
        this.operatorId,
        parts,
        this.info.storeConf,
        this.info.providerFactory,
        name,
      );
      const opened: StateStore[] = [];
      for (const p of providers) opened.push(await p.getStore(this.info.batchId));
      byName.set(name, opened);
      stores.push(...opened);
    }
    const side = (s: JoinSide, width: number) => {
      const [k, v] = joinStoreNames(s);
      const p = this.stateWatermarkPredicates[s];
      const eviction: JoinEvictionSpec | undefined = p && {
        kind: p.kind,
        position: p.kind === "key" ? p.ordinal : p.index,
        isWindow: p.isWindow,
      };
      // Spark hashes each side's join keys (of one type after coercion) into the partitions.
      const keySchema = this.stateStores[s === "left" ? 0 : 2]!.keySchema;
      const partitioner = statePartitionerOf(
        this.info,
        keySchema.fields.map((f) => f.dataType),
        parts,
      );
      return new SymmetricHashJoinStateManager(byName.get(k)!, byName.get(v)!, width, partitioner, eviction);
    };
    const run: JoinRun = {
      stores,
      left: side("left", this.left.output.length),
      right: side("right", this.right.output.length),
      removed: 0,
      droppedByWatermark: 0,
      updatesMs: 0,
      removalsMs: 0,
      late: new Map(),
    };
    this.run = run;
    return run;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const run = await this.openStores();
    const start = this.now();
    const leftRows = (await drain(this.left, ctx)).flatMap(batchToRows);
    const rightRows = (await drain(this.right, ctx)).flatMap(batchToRows);
    const lw = this.left.output.length;
    const rw = this.right.output.length;
    const semi = this.joinType === "left_semi";
    const leftOuter = this.joinType === "left_outer" || this.joinType === "full_outer";
    const rightOuter = this.joinType === "right_outer" || this.joinType === "full_outer";
    const nullsLeft: unknown[] = new Array(lw).fill(null);
    const nullsRight: unknown[] = new Array(rw).fill(null);
    const out: unknown[][] = [];
    const joined = this.left.output.concat(this.right.output);
    const postJoin = this.predicate(this.condition.bothSides, joined, ctx);
    const preds = this.stateWatermarkPredicates;
    const lateMs = this.info.watermarkForLateEventsMs;

    const processSide = (side: JoinSide, input: unknown[][]): void => {
      const isLeft = side === "left";
      const attrs = isLeft ? this.left.output : this.right.output;
      const me = isLeft ? run.left : run.right;
      const other = isLeft ? run.right : run.left;
      const myPredicate = isLeft ? preds.left : preds.right;
      const preserved = isLeft ? leftOuter : rightOuter;
      // Late rows: event time at or below the previous batch's watermark.
      const timeIndex = attrs.findIndex(isWatermarkedAttribute);
      let rows = input;
      if (timeIndex >= 0) {
        const isWindow = attrs[timeIndex]!.dataType.kind === "struct";
        const route = this.lateRoutes[side];
        rows = input.filter((r) => {
          if (!valueAtOrBelowWatermark(r[timeIndex], isWindow, lateMs)) return true;
          if (route) this.keepLateRow(run, route, side, r);
          return false;
        });
        run.droppedByWatermark += input.length - rows.length;
      }
      if (rows.length === 0) return;
      const keyCols = compileProjection(
        bindAll(isLeft ? this.leftKeys : this.rightKeys, attrs),
        attrs.length,
        { partitionId: ctx.partitionId },
        ctx.codegen,
      ).run(batchFromRows(rows, attrs.length)).columns;
      const pre = this.predicate(
        isLeft ? this.condition.leftSideOnly : this.condition.rightSideOnly,
        attrs,
        ctx,
      );
      const passesPre = pre ? pre(rows) : undefined;
      // Candidates: for each row, the other side's buffered rows under its key.
      // Only keys with rows are kept: a lookup that finds none costs about what the cache would,
      // and most keys of an append-heavy stream find none (Nexmark q7: every bid's own key).
      const cache = new Map<unknown, readonly BufferedRow[]>();
      const candidates: { readonly r: number; readonly that: BufferedRow }[] = [];
      const keys: (readonly unknown[] | undefined)[] = new Array(rows.length);
      const compacts: unknown[] = new Array(rows.length);
      // Rows with a NULL key that no `<=>` matches: never joined (buffered only when preserved).
      const nullKeys = new Uint8Array(rows.length);
      const nk = keyCols.length;
      for (let r = 0; r < rows.length; r++) {
        if (passesPre && !passesPre[r]) continue;
        const key: unknown[] = new Array(nk);
        let nullKey = false;
        for (let i = 0; i < nk; i++) {
          const v = keyCols[i]![r];
          key[i] = v;
          if (v === null && !this.nullSafe[i]) nullKey = true;
        }
        keys[r] = key;
        if (nullKey) {
          nullKeys[r] = 1;
          continue;
        }
        const ck = stateKeyOf(key);
        compacts[r] = ck;
        let buffered = cache.get(ck);
        if (buffered === undefined) {
          buffered = other.get(key, ck);
          if (buffered.length > 0) cache.set(ck, buffered);
        }
        for (const that of buffered) candidates.push({ r, that });
      }
      const pairRow = (r: number, that: BufferedRow) =>
        isLeft ? [...rows[r]!, ...that.row] : [...that.row, ...rows[r]!];
      // The joined rows the predicate reads are the ones emitted (built once).
      const pairs = postJoin ? candidates.map((c) => pairRow(c.r, c.that)) : undefined;
      const pass = postJoin ? postJoin(pairs!) : undefined;
      let c = 0;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        const key = keys[r];
        if (key === undefined) {
          // Fails its own side's predicate: can never match.
          if (preserved) out.push(isLeft ? [...row, ...nullsRight] : [...nullsLeft, ...row]);
          continue;
        }
        let matched = false;
        for (; c < candidates.length && candidates[c]!.r === r; c++) {
          if (pass && !pass[c]) continue;
          const that = candidates[c]!.that;
          if (semi) {
            if (isLeft) {
              // The left row is emitted once, at its first match.
              if (!matched) out.push(row);
            } else if (!that.matched) {
              out.push(that.row as unknown[]);
            }
          } else {
            out.push(pairs ? pairs[c]! : pairRow(r, that));
          }
          matched = true;
          other.markMatched(that);
        }
        if (nullKeys[r] === 1 && !preserved) continue;
        if (semi && isLeft && matched) continue;
        // Spark 4 (SPARK-49829): a left row is buffered even when this batch's eviction removes it
        // again, since this batch's right rows have yet to meet it; a right row due for eviction is
        // buffered only when it must come out with NULLs at the eviction (right/full outer).
        if (!isLeft && evictsStateRow(myPredicate, key, row) && !(preserved && !matched)) continue;
        // The state takes the row (no later use here) and the key.
        me.append(key, row, matched, compacts[r] ?? stateKeyOf(key));
      }
    };

    processSide("left", leftRows);
    processSide("right", rightRows);
    run.left.flushCounts();
    run.right.flushCounts();
    run.updatesMs = Math.max(0, this.now() - start);

    // Eviction: the preserved side of an outer join emits its never-matched rows with NULLs.
    const removalStart = this.now();
    // Only the preserved side's evicted rows are read (the others are just removed).
    if (preds.left !== undefined)
      run.removed += run.left.evict(
        preds.left.watermarkMs,
        leftOuter
          ? (r) => {
              if (!r.matched) out.push([...r.row, ...nullsRight]);
            }
          : undefined,
      );
    if (preds.right !== undefined)
      run.removed += run.right.evict(
        preds.right.watermarkMs,
        rightOuter
          ? (r) => {
              if (!r.matched) out.push([...nullsLeft, ...r.row]);
            }
          : undefined,
      );
    run.removalsMs = Math.max(0, this.now() - removalStart);
    if (out.length > 0) yield batchFromRows(out, this.output.length);
  }

  /** `e` compiled over rows of `attrs` (undefined when there is no predicate). */
  private predicate(
    e: Expression | undefined,
    attrs: readonly AttributeReference[],
    ctx: TaskContext,
  ): RowPredicate | undefined {
    if (e === undefined) return undefined;
    const proj = compileProjection(
      [bindReferences(e, attrs)],
      attrs.length,
      { partitionId: ctx.partitionId },
      ctx.codegen,
    );
    return (rows) => {
      if (rows.length === 0) return [];
      const col = proj.run(batchFromRows(rows, attrs.length)).columns[0]!;
      return col.map((v) => v === true);
    };
  }

  /** Keeps late input row `row` of `side` for its view: its columns, the side, the watermark, the batch. */
  private keepLateRow(run: JoinRun, route: LateRoute, side: JoinSide, row: readonly unknown[]): void {
    const kept = route.positions.map((p) => row[p]);
    kept.push(side, this.info.watermarkForLateEventsMs * 1000, this.info.batchId);
    let rows = run.late.get(route.out);
    if (!rows) {
      rows = [];
      run.late.set(route.out, rows);
    }
    rows.push(kept);
  }

  async commitState(): Promise<void> {
    if (this.committed) return;
    const run = this.run ?? (await this.openStores());
    const start = this.now();
    run.left.flushCounts();
    run.right.flushCounts();
    // One operator delta file for every partition (state-commit.ts); passes `during-state-commit`.
    await commitStateStores(run.stores);
    run.left.committed();
    run.right.committed();
    // The late rows are written with the state (after the sink accepted the batch), replacing an
    // earlier run's of this batch; both inputs' in one write when they share a view.
    for (const out of new Set([this.lateRoutes.left?.out, this.lateRoutes.right?.out])) {
      out?.replace(this.info.batchId, this.operatorId, run.late.get(out) ?? []);
    }
    this.commitMs = Math.max(0, this.now() - start);
    this.committed = true;
  }

  abortState(): void {
    if (this.committed || !this.run) return;
    for (const s of this.run.stores) s.abort();
    this.run = undefined;
  }

  progress(): StateOperatorProgressFields {
    const run = this.run;
    let memoryUsedBytes = 0;
    // Spark's join metric: rows whose buffered value was missing (a damaged state) and skipped;
    // tspark's stores never lose a value, so it stays 0.
    const custom = new Map<string, number>([["skippedNullValueCount", 0]]);
    for (const s of run?.stores ?? []) {
      const m = s.metrics();
      memoryUsedBytes += m.memoryUsedBytes;
      for (const [k, v] of m.customMetrics) custom.set(k, (custom.get(k) ?? 0) + v);
    }
    return {
      operatorName: this.operatorName,
      numRowsTotal: run ? run.left.numRows() + run.right.numRows() : 0,
      numRowsUpdated: run ? run.left.appended + run.right.appended : 0,
      allUpdatesTimeMs: run?.updatesMs ?? 0,
      numRowsRemoved: run?.removed ?? 0,
      allRemovalsTimeMs: run?.removalsMs ?? 0,
      commitTimeMs: this.commitMs,
      memoryUsedBytes,
      numRowsDroppedByWatermark: run?.droppedByWatermark ?? 0,
      numShufflePartitions: this.stateInfoNumPartitions,
      numStateStoreInstances: this.stateInfoNumPartitions * ALL_JOIN_STORE_NAMES.length,
      customMetrics: custom,
    };
  }
}

/** Whether any side's state is cleaned by a watermark (the predicates exist for some watermark). */
function hasWatermarkCleanup(
  left: readonly AttributeReference[],
  right: readonly AttributeReference[],
  leftKeys: readonly Expression[],
  rightKeys: readonly Expression[],
  condition: Expression | undefined,
): boolean {
  const p = getStateWatermarkPredicates(left, right, leftKeys, rightKeys, condition, 1_000_000);
  return p.left !== undefined || p.right !== undefined;
}
