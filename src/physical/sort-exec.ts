/** Sort: materialises its input, then emits rows in order (stable, like Spark's single-partition sort). */
import { concatBatches, DEFAULT_BATCH_SIZE, type RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, SortOrder } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { drain, type ExecNode, type TaskContext } from "./exec-node.js";
import { sortedIndices } from "./sort-order-comparator.js";

export class SortExec implements ExecNode {
  readonly nodeName = "Sort";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly child: ExecNode,
    private readonly order: readonly SortOrder[],
    private readonly global: boolean,
  ) {
    this.children = [child];
    this.output = child.output;
  }
  describe(): string {
    return `Sort [${this.order.map(explainSql).join(", ")}], ${this.global}`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const width = this.output.length;
    const all = concatBatches(await drain(this.child, ctx), width);
    if (all.numRows === 0) return;
    const idx = sortedIndices(all, this.order, this.child.output, ctx);
    for (let s = 0; s < idx.length; s += DEFAULT_BATCH_SIZE) {
      const part = idx.slice(s, s + DEFAULT_BATCH_SIZE);
      yield { numRows: part.length, columns: all.columns.map((c) => part.map((i) => c[i])) };
    }
  }
}
