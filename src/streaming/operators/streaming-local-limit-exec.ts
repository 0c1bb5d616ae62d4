/**
 * The per-batch limit under a StreamingGlobalLimitExec. Over a plan with stateful operators it is
 * Spark's StreamingLocalLimitExec: it passes at most `limit` rows and then keeps consuming its
 * input, so the operators below update their state with every row. Without stateful operators below
 * it is a plain LocalLimit that stops pulling (Spark's IncrementalExecution swaps one for the other
 * the same way).
 */
import { type RecordBatch, sliceBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";

export class StreamingLocalLimitExec implements ExecNode {
  readonly nodeName: string;
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];

  /** @param consumeAll whether to read the input to the end (a stateful operator is below) */
  constructor(
    private readonly child: ExecNode,
    private readonly limit: number,
    private readonly consumeAll: boolean,
  ) {
    this.children = [child];
    this.output = child.output;
    this.nodeName = consumeAll ? "StreamingLocalLimit" : "LocalLimit";
  }

  describe(): string {
    return `${this.nodeName} ${this.limit}`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    // Taking the first `limit` rows overall passes every row a per-partition limit followed by the
    // global one could emit, so one counter serves.
    let left = this.limit;
    for await (const batch of this.child.execute(ctx)) {
      if (left <= 0) {
        if (this.consumeAll) continue;
        return;
      }
      const take = Math.min(left, batch.numRows);
      left -= take;
      yield take === batch.numRows ? batch : sliceBatch(batch, 0, take);
    }
  }
}
