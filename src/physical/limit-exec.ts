/** LIMIT and OFFSET: stop pulling the child as soon as enough rows have passed. */
import { type RecordBatch, sliceBatch } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

export class LimitExec implements ExecNode {
  readonly nodeName = "Limit";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly child: ExecNode,
    private readonly limit: number,
    private readonly offset = 0,
  ) {
    this.children = [child];
    this.output = child.output;
  }
  describe(): string {
    return this.offset > 0
      ? `GlobalLimitAndOffset ${this.limit}, ${this.offset}`
      : `CollectLimit ${this.limit}`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    let skip = this.offset;
    let left = this.limit;
    if (left <= 0) return;
    for await (const b of this.child.execute(ctx)) {
      let batch = b;
      if (skip > 0) {
        if (batch.numRows <= skip) {
          skip -= batch.numRows;
          continue;
        }
        batch = sliceBatch(batch, skip, batch.numRows);
        skip = 0;
      }
      if (batch.numRows >= left) {
        yield sliceBatch(batch, 0, left);
        return;
      }
      left -= batch.numRows;
      yield batch;
    }
  }
}
