/**
 * TakeOrderedAndProject (`orderBy(...).limit(n)`): keeps only the best `n` rows while reading,
 * pruning its buffer whenever it grows past 2n, so memory stays O(n) instead of sorting everything.
 * Ties keep input order (stable), like a full sort followed by a limit.
 */
import { concatBatches, type RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, SortOrder } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import type { ExecNode, TaskContext } from "./exec-node.js";
import { sortedIndices } from "./sort-order-comparator.js";

export class TakeOrderedExec implements ExecNode {
  readonly nodeName = "TakeOrderedAndProject";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly child: ExecNode,
    private readonly order: readonly SortOrder[],
    private readonly limit: number,
  ) {
    this.children = [child];
    this.output = child.output;
  }
  describe(): string {
    return `TakeOrderedAndProject(limit=${this.limit}, orderBy=[${this.order.map(explainSql).join(",")}], output=[${this.output.map(explainSql).join(",")}])`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    if (this.limit <= 0) return;
    const width = this.output.length;
    let kept: RecordBatch = { numRows: 0, columns: Array.from({ length: width }, () => []) };
    let pending: RecordBatch[] = [];
    let pendingRows = 0;
    const prune = () => {
      const all = concatBatches([kept, ...pending], width);
      const top = sortedIndices(all, this.order, this.child.output, ctx).slice(0, this.limit);
      kept = { numRows: top.length, columns: all.columns.map((c) => top.map((i) => c[i])) };
      pending = [];
      pendingRows = 0;
    };
    for await (const b of this.child.execute(ctx)) {
      if (b.numRows === 0) continue;
      pending.push(b);
      pendingRows += b.numRows;
      if (pendingRows > Math.max(this.limit, 1024)) prune();
    }
    prune();
    if (kept.numRows > 0) yield kept;
  }
}
