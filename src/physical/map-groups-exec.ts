/**
 * MapGroupsExec (Spark's plan for (flat)MapGroupsWithState over a batch DataFrame): groups the
 * input by key and calls the function once per key, keys ascending (Spark sorts the input by the
 * grouping key: the operator's requiredChildOrdering; tspark's batch plan is one partition), each with
 * all its rows in input order and a fresh state (no value — or the initial state's for its keys,
 * which are called even without rows — never timed out, no watermark value;
 * the timeout setters follow the node's timeout kind but nothing ever times out). Processing time
 * is the planner's clock at the call. Output: the rows the function returns.
 */
import type { Clock } from "../common/clock.js";
import { batchFromRows, type RecordBatch } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { watermarkDelayOf } from "../plans/event-time.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import type { ExecNode, TaskContext } from "./exec-node.js";
import { groupKeyAt } from "./group-key.js";
import { duplicateInitialStateKey, GroupStateCall } from "./group-state-call.js";
import { GroupStateImpl, NO_TIMESTAMP } from "./group-state-impl.js";
import { keyRowComparator } from "./state-key-order.js";

export class MapGroupsExec implements ExecNode {
  readonly nodeName = "MapGroups";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  private readonly fn: GroupStateCall;

  constructor(
    private readonly child: ExecNode,
    node: LogicalPlan & { kind: "flat_map_groups_with_state" },
    private readonly clock: Clock,
  ) {
    this.children = [child];
    this.output = node.output;
    this.fn = new GroupStateCall(node, child.output);
  }

  describe(): string {
    const n = this.fn.node;
    return `MapGroups [${n.groupingExpressions.map(explainSql).join(", ")}], [${this.output.map(explainSql).join(", ")}]`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const fn = this.fn;
    const node = fn.node;
    const watermarkPresent = this.child.output.some((a) => watermarkDelayOf(a) !== undefined);
    // key → [key values, the rows' batch columns and row numbers]
    const groups = new Map<unknown, { key: unknown[]; rows: Record<string, unknown>[] }>();
    for await (const batch of this.child.execute(ctx)) {
      const cols = batch.columns;
      const keyCols = fn.keyIndexes.map((i) => cols[i]!);
      for (let r = 0; r < batch.numRows; r++) {
        const k = groupKeyAt(keyCols, keyCols.length, r);
        let g = groups.get(k);
        if (!g) {
          g = { key: fn.keyAt(cols, r), rows: [] };
          groups.set(k, g);
        }
        g.rows.push(fn.rowsAt(cols, [r])[0]!);
      }
    }
    // The initial state (Spark plans a CoGroup): each of its keys gets its state, and is called
    // even without rows; a key twice is an error.
    const initialValues = new Map<unknown, unknown[]>();
    const initial = node.initialState;
    if (initial !== undefined) {
      for (const row of await initial.rows()) {
        const key = row.slice(0, initial.numKeys).map((v) => v ?? null);
        const k = groupKeyAt(
          key.map((v) => [v]),
          key.length,
          0,
        );
        if (initialValues.has(k)) throw duplicateInitialStateKey();
        initialValues.set(k, row.slice(initial.numKeys));
        if (!groups.has(k)) groups.set(k, { key, rows: [] });
      }
    }
    const out: unknown[][] = [];
    const byKey = keyRowComparator(fn.keySchema);
    for (const [k, g] of [...groups].sort((a, b) => byKey(a[1].key, b[1].key))) {
      if (g.rows.length === 0 && initial?.skipEmittingInitialStateKeys === true) continue;
      const state = new GroupStateImpl({
        value: initialValues.get(k),
        stateSchema: node.stateSchema,
        batchProcessingTimeMs: this.clock.nowMillis(),
        eventTimeWatermarkMs: NO_TIMESTAMP,
        timeoutConf: node.timeout,
        hasTimedOut: false,
        watermarkPresent,
      });
      for (const row of fn.call(g.key, g.rows, state)) out.push(row);
    }
    if (out.length > 0) yield batchFromRows(out, this.output.length);
  }
}
