/**
 * SessionWindowStateStoreSaveExec (Spark's): stores the merged sessions of a streaming
 * session-window aggregation and emits by output mode. Its input (MergingSessions in PartialMerge
 * mode over SessionWindowStateStoreRestore) holds, for every group key the batch touched, ALL of
 * that key's sessions after merging this batch's rows with the stored ones, so per key it replaces
 * the stored sessions (session-window-state.ts has the format):
 *
 *     for each group key in the input: new ← its rows; old ← its stored sessions
 *       remove every old session whose start no new session has (numRowsRemoved)
 *       put every new session under (key, start) (numRowsUpdated)
 *
 * then
 * - Complete: emits every stored session (no eviction; late rows were still dropped below);
 * - Append: emits and removes every session that ends at or before the eviction watermark
 *   (`session.end <= watermark`), counted in numRowsRemoved too.
 * Update mode is rejected before a query runs (UnsupportedOperationChecker), as in Spark.
 * The final aggregate above turns the buffers into results. Progress name
 * `sessionWindowStateStoreSaveExec`; numRowsDroppedByWatermark is the restore's count (with
 * tspark's `lateRows`: the raw rows the LateRowsFilterExec below the partial aggregate dropped for
 * the view, the restore then seeing none).
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AggregateCall, AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { internalError } from "../../common/errors.js";
import { drain, type ExecNode, type TaskContext } from "../../physical/exec-node.js";
import { watermarkDelayOf } from "../../plans/event-time.js";
import type { StateOperatorProgressFields } from "../runtime/progress.js";
import { cloneStateValue } from "../state/state-value.js";
import { StructType } from "../../types/data-type.js";
import { aggregationStateValueSchema, attributesSchema } from "./aggregation-state-schema.js";
import type { SessionWindowStateStoreRestoreExec } from "./session-window-state-store-restore-exec.js";
import {
  groupKeyPlacement,
  sessionPartitioner,
  groupKeyValues,
  type SessionLayout,
  type StoredSession,
  sessionBounds,
  sessionStateKeySchema,
  sessionsByGroupKey,
} from "./session-window-state.js";
import { type StateRun, StateStoreWriter } from "./state-store-writer.js";
import type { StateInfo } from "./stateful-operator.js";

export class SessionWindowStateStoreSaveExec extends StateStoreWriter {
  readonly nodeName = "SessionWindowStateStoreSave";
  readonly operatorName = "sessionWindowStateStoreSaveExec";
  /** The keys without the session, then `sessionStartTime`. */
  readonly stateKeySchema: StructType;
  /** The whole aggregation row: grouping columns (with the session), then the buffers. */
  readonly stateValueSchema: StructType;
  /** Spark's prefix-scan key columns (the keys without the session), as the operator metadata records. */
  readonly numColsPrefixKey: number;
  private restore: SessionWindowStateStoreRestoreExec | undefined;

  /**
   * @param layout where the keys and the session are among the leading grouping columns
   * @param aggregates the aggregate calls whose buffers follow the grouping columns
   */
  constructor(
    child: ExecNode,
    private readonly layout: SessionLayout,
    aggregates: readonly AggregateCall[],
    info: StateInfo,
  ) {
    super(child, info, true);
    if (layout.keys.length === 0) throw internalError("a session-window state needs a grouping key");
    this.stateKeySchema = sessionStateKeySchema(layout);
    this.stateValueSchema = new StructType([
      ...attributesSchema(child.output.slice(0, layout.numGrouping)).fields,
      ...aggregationStateValueSchema(aggregates).fields,
    ]);
    this.numColsPrefixKey = layout.keys.length;
    // With tspark's `lateRows`, the late raw input rows are dropped below the partial aggregate
    // (LateRowsFilterExec, which calls dropLateInput) and go to the session's view.
    this.routeLateRows(
      watermarkDelayOf(layout.session) === undefined ? undefined : layout.session,
      rawInputOf(child),
    );
  }

  /** For the LateRowsFilterExec below: a raw row is late when its own session ends at or before the watermark. */
  lateInputTest(): ((sessionValue: unknown) => boolean) | undefined {
    if (!this.routesLateRows) return undefined;
    const wm = this.info.watermarkForLateEventsMs * 1000;
    return (v) => {
      const b = sessionBounds(v);
      return b !== undefined && b[1] <= wm;
    };
  }

  /** For the LateRowsFilterExec below: drops raw input row `r` as late (counted, kept for the view). */
  dropLateInput(columns: readonly (readonly unknown[])[], r: number): void {
    const run = this.currentRun;
    if (!run)
      throw internalError("LateRowsFilter ran before its SessionWindowStateStoreSave opened its stores");
    this.recordLateRow(run, columns, r);
  }

  /** The restore below, whose late-row count this operator reports (set by the planner). */
  attachRestore(restore: SessionWindowStateStoreRestoreExec): void {
    this.restore = restore;
  }

  /** The restore below shares this operator's id, hence its input watermarks (as in Spark). */
  override setInputWatermarks(lateEventsMs: number, evictionMs: number): void {
    super.setInputWatermarks(lateEventsMs, evictionMs);
    this.restore?.setInputWatermarks(lateEventsMs, evictionMs);
  }

  describe(): string {
    // Spark's fields: keys, session, state info, output mode, the two watermarks, state format 1.
    const { watermarkForLateEventsMs: late, watermarkForEvictionMs: evict } = this.info;
    return `SessionWindowStateStoreSave [${this.layout.keys.map(explainSql).join(", ")}], ${explainSql(this.layout.session)}, ${this.stateInfoString()}, ${this.outputModeName()}, ${late}, ${evict}, 1`;
  }

  /** Spark's: Append (and Update) act on a newer watermark. */
  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return this.info.outputMode !== "complete" && newWatermarkMs > this.info.watermarkForEvictionMs;
  }

  override progress(): StateOperatorProgressFields {
    const own = super.progress();
    // The restore's drops (partial rows), plus the raw rows the LateRowsFilter dropped (lateRows).
    return {
      ...own,
      numRowsDroppedByWatermark:
        (this.restore?.numRowsDroppedByWatermark ?? 0) + own.numRowsDroppedByWatermark,
    };
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const mode = this.info.outputMode;
    if (mode === "update") throw internalError("session windows do not support Update mode");
    const run = await this.openStores();
    const start = this.now();
    await this.putToStore(ctx, run);
    run.updatesMs = Math.max(0, this.now() - start);
    const width = this.child.output.length;
    if (mode === "complete") {
      const columns: unknown[][] = Array.from({ length: width }, () => []);
      let n = 0;
      for (const store of run.stores) {
        store.forEachEntry((_key, value) => {
          pushRow(columns, value as readonly unknown[]);
          n++;
        });
      }
      if (n > 0) yield { numRows: n, columns };
      return;
    }
    const evictStart = this.now();
    const closed = watermarkDelayOf(this.layout.session) === undefined ? undefined : this.evict(run, width);
    run.removalsMs = Math.max(0, this.now() - evictStart);
    if (closed) yield closed;
  }

  /** Replaces the stored sessions of every group key in the input (see the file header). */
  private async putToStore(ctx: TaskContext, run: StateRun): Promise<void> {
    const layout = this.layout;
    const nKeys = layout.keys.length;
    const width = this.child.output.length;
    const parts = run.stores.length;
    const partitioner = sessionPartitioner(layout, this.info, parts);
    // Per partition: compact group key → the key values and its new sessions (rows).
    const updates: (Map<unknown, { keys: unknown[]; rows: unknown[][] }> | undefined)[] = new Array(parts);
    for (const batch of await drain(this.child, ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const keys = groupKeyValues(cols, layout, r);
        const [k, p] = groupKeyPlacement(keys, partitioner);
        let m = updates[p];
        if (!m) {
          m = new Map();
          updates[p] = m;
        }
        let u = m.get(k);
        if (!u) {
          u = { keys, rows: [] };
          m.set(k, u);
        }
        const row = new Array<unknown>(width);
        for (let c = 0; c < width; c++) row[c] = cols[c]![r];
        u.rows.push(row);
      }
    }
    for (let p = 0; p < parts; p++) {
      const m = updates[p];
      if (!m) continue;
      const store = run.stores[p]!;
      const stored = sessionsByGroupKey(store, nKeys);
      for (const [k, u] of m) {
        const starts = new Set<number>();
        const puts: [unknown[], unknown[]][] = [];
        for (const row of u.rows) {
          const b = sessionBounds(row[layout.sessionOrdinal]);
          if (b === undefined) continue;
          starts.add(b[0]);
          // The store owns a copy of the buffers: the row itself goes on to the final aggregate.
          puts.push([[...u.keys, b[0]], row.map((v) => cloneStateValue(v))]);
        }
        const old: readonly StoredSession[] = stored.get(k) ?? [];
        for (const s of old) {
          if (starts.has(Number(s.key[nKeys]))) continue;
          store.remove(s.key);
          run.removed++;
        }
        for (const [key, value] of puts) store.put(key, value);
        run.updated += puts.length;
      }
    }
  }

  /** Removes and returns the sessions that end at or before the eviction watermark (Append). */
  private evict(run: StateRun, width: number): RecordBatch | undefined {
    const wm = this.info.watermarkForEvictionMs * 1000;
    const so = this.layout.sessionOrdinal;
    const columns: unknown[][] = Array.from({ length: width }, () => []);
    let n = 0;
    for (const store of run.stores) {
      const expired: (readonly unknown[])[] = [];
      store.forEachEntry((key, value) => {
        const row = value as readonly unknown[];
        const b = sessionBounds(row[so]);
        if (b === undefined || b[1] > wm) return;
        expired.push(key);
        pushRow(columns, row);
        n++;
      });
      for (const key of expired) store.remove(key);
      run.removed += expired.length;
    }
    return n > 0 ? { numRows: n, columns } : undefined;
  }
}

/** Appends a stored row to `columns`, copying object buffers (the final aggregate may fold into them). */
function pushRow(columns: unknown[][], row: readonly unknown[]): void {
  for (let c = 0; c < columns.length; c++) {
    const x = row[c];
    columns[c]!.push(x === null || typeof x !== "object" ? x : cloneStateValue(x));
  }
}

/** The input of the partial aggregate at the bottom of the chain below `node` (the view's columns). */
function rawInputOf(node: ExecNode): readonly AttributeReference[] {
  let n = node;
  while (n.children.length === 1 && n.nodeName !== "LateRowsFilter") n = n.children[0]!;
  return n.output;
}
