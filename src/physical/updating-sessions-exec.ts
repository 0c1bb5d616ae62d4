/**
 * UpdatingSessions (Spark's UpdatingSessionsExec): before an aggregation grouped by a
 * `session_window` column, replaces each row's own session `[t, t + gap)` with the session it
 * belongs to once the sessions of its group (the other grouping keys) are merged, so the hash
 * aggregation that follows groups by merged sessions.
 *
 *   for each group key: sort the rows by session start (then end)
 *     current ← first session
 *     for each next session s: if s.start <= current.end (overlapping or touching)
 *       current.end ← max(current.end, s.end)   else close current, current ← s
 *     every row gets the closed session that covers it
 *
 * Materialises its input (a batch operator; streaming plans its own session state operators).
 * Rows with a null session never reach it (the session-window rewrite filters them out), and
 * come out unchanged if they do.
 */
import { compileProjection } from "../codegen/compile-pipeline.js";
import { concatBatches, DEFAULT_BATCH_SIZE, type RecordBatch } from "../data/record-batch.js";
import { explainSql } from "../expressions/display.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { bindAll } from "./bind-references.js";
import { drain, type ExecNode, type TaskContext } from "./exec-node.js";
import { groupKeyAt } from "./group-key.js";

/** The physical UpdatingSessions operator; output = child output, session column rewritten. */
export class UpdatingSessionsExec implements ExecNode {
  readonly nodeName = "UpdatingSessions";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  private readonly sessionOrdinal: number;

  /**
   * @param keys the grouping expressions other than the session column (over `child.output`)
   * @param session the session_window attribute (one of `child.output`)
   */
  constructor(
    private readonly child: ExecNode,
    private readonly keys: readonly Expression[],
    private readonly session: AttributeReference,
  ) {
    this.children = [child];
    this.output = child.output;
    this.sessionOrdinal = child.output.findIndex((a) => a.exprId === session.exprId);
  }

  describe(): string {
    return `UpdatingSessions [${this.keys.map(explainSql).join(", ")}], ${explainSql(this.session)}`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const width = this.output.length;
    const all = concatBatches(await drain(this.child, ctx), width);
    const n = all.numRows;
    if (n === 0) return;
    const keyCols =
      this.keys.length === 0
        ? []
        : compileProjection(
            bindAll(this.keys, this.child.output),
            width,
            { partitionId: ctx.partitionId },
            ctx.codegen,
          ).run(all).columns;
    const groups = new Map<unknown, number[]>();
    for (let r = 0; r < n; r++) {
      const k = groupKeyAt(keyCols, keyCols.length, r);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
    const sessions = all.columns[this.sessionOrdinal]!;
    const merged = sessions.slice();
    for (const rows of groups.values()) mergeGroup(rows, sessions, merged);
    const columns = all.columns.map((c, i) => (i === this.sessionOrdinal ? merged : c));
    for (let s = 0; s < n; s += DEFAULT_BATCH_SIZE) {
      const end = Math.min(n, s + DEFAULT_BATCH_SIZE);
      yield { numRows: end - s, columns: columns.map((c) => c.slice(s, end)) };
    }
  }
}

/** Writes into `out[r]` the merged session of each row `r` of one group. */
function mergeGroup(rows: number[], sessions: readonly unknown[], out: unknown[]): void {
  const bounds = (r: number): [number, number] | undefined => {
    const v = sessions[r];
    if (!Array.isArray(v)) return undefined;
    const [s, e] = v as [unknown, unknown];
    return typeof s === "number" && typeof e === "number" ? [s, e] : undefined;
  };
  const live = rows.filter((r) => bounds(r) !== undefined);
  live.sort((a, b) => {
    const x = bounds(a)!;
    const y = bounds(b)!;
    return x[0] - y[0] || x[1] - y[1];
  });
  let i = 0;
  while (i < live.length) {
    const [start, firstEnd] = bounds(live[i]!)!;
    let end = firstEnd;
    let j = i + 1;
    while (j < live.length) {
      const [s, e] = bounds(live[j]!)!;
      if (s > end) break;
      if (e > end) end = e;
      j++;
    }
    const session = [start, end];
    for (let k = i; k < j; k++) out[live[k]!] = session;
    i = j;
  }
}
