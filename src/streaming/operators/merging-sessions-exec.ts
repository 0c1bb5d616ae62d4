/**
 * MergingSessionsExec in PartialMerge mode (Spark's, shown as `merge_<fn>`), between
 * SessionWindowStateStoreRestore and SessionWindowStateStoreSave: its input holds the rows of each
 * group key contiguously, sorted by session start (the restore's output); rows `[grouping…,
 * buffers…]` whose sessions overlap or touch are merged into one row per merged session:
 *
 *     for each run of rows of one group key:
 *       current ← first row (session [s, e), fresh buffers ⊕ its buffers)
 *       for each next row r: if r.start <= current.end: current.end ← max(current.end, r.end),
 *                              buffers ⊕= r's buffers
 *                            else emit current; current ← r
 *       emit current
 *
 * The session of a merged row is `[min start, max end)`; batches keep their partition tag.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AggregateCall, AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { stateKeyOf } from "../state/state-key.js";
import { groupKeyValues, type SessionLayout, sessionBounds } from "./session-window-state.js";

export class MergingSessionsExec implements ExecNode {
  readonly nodeName = "MergingSessions";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];

  /**
   * @param layout where the keys and the session are among the leading grouping columns
   * @param aggregates the aggregate calls whose buffers follow the grouping columns, in order
   */
  constructor(
    private readonly child: ExecNode,
    private readonly layout: SessionLayout,
    private readonly aggregates: readonly AggregateCall[],
  ) {
    this.children = [child];
    this.output = child.output;
  }

  describe(): string {
    const keys = [...this.layout.keys, this.layout.session].map(explainSql).join(", ");
    const fns = this.aggregates.map((a) => `merge_${explainSql(a)}`).join(", ");
    return `MergingSessions(keys=[${keys}], functions=[${fns}])`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const kernels = this.aggregates.map((a) => a.bound!);
    const layout = this.layout;
    const nGroup = layout.numGrouping;
    const width = nGroup + kernels.length;
    const so = layout.sessionOrdinal;
    for await (const batch of this.child.execute(ctx)) {
      const cols = batch.columns;
      const out: unknown[][] = Array.from({ length: width }, () => []);
      let n = 0;
      let curKey: unknown;
      let cur: unknown[] | undefined;
      let curStart = 0;
      let curEnd = 0;
      const close = (): void => {
        if (!cur) return;
        cur[so] = [curStart, curEnd];
        for (let c = 0; c < width; c++) out[c]!.push(cur[c]);
        n++;
        cur = undefined;
      };
      for (let r = 0; r < batch.numRows; r++) {
        const k = stateKeyOf(groupKeyValues(cols, layout, r));
        const b = sessionBounds(cols[so]![r]);
        if (cur && k === curKey && b !== undefined && b[0] <= curEnd) {
          if (b[1] > curEnd) curEnd = b[1];
        } else {
          close();
          if (b === undefined) {
            // A null session is never merged (the session-window rewrite filters them out).
            for (let c = 0; c < width; c++) out[c]!.push(cols[c]![r]);
            n++;
            continue;
          }
          curKey = k;
          [curStart, curEnd] = b;
          cur = new Array<unknown>(width);
          for (let c = 0; c < nGroup; c++) cur[c] = cols[c]![r];
          for (let j = 0; j < kernels.length; j++) cur[nGroup + j] = kernels[j]!.init();
        }
        for (let j = 0; j < kernels.length; j++)
          cur![nGroup + j] = kernels[j]!.merge(cur![nGroup + j], cols[nGroup + j]![r]);
      }
      close();
      if (n > 0)
        yield {
          numRows: n,
          columns: out,
          ...(batch.partitionId !== undefined ? { partitionId: batch.partitionId } : {}),
        };
    }
  }
}

/**
 * The Final stage of a streaming session-window aggregation as Spark's explain shows it
 * (MergingSessionsExec in Final mode): SessionWindowStateStoreSave emits one row per merged
 * session, so the final stage only finishes each row's buffers — the batch planner's final
 * HashAggregate does exactly that, and this node runs it under Spark's name.
 */
export class FinalMergingSessionsExec implements ExecNode {
  readonly nodeName = "MergingSessions";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];

  /** @param final the planned final aggregate over the session save operator */
  constructor(private readonly final: ExecNode) {
    this.children = final.children;
    this.output = final.output;
  }

  describe(): string {
    const text = this.final.describe();
    return text.startsWith("HashAggregate(")
      ? `MergingSessions(${text.slice("HashAggregate(".length)}`
      : text;
  }

  execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    return this.final.execute(ctx);
  }
}
