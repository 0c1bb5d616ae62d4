/** UNION ALL: children's batches one after the other. */
import type { RecordBatch } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

export class UnionExec implements ExecNode {
  readonly nodeName = "Union";
  constructor(
    readonly children: readonly ExecNode[],
    readonly output: readonly AttributeReference[],
  ) {}
  describe(): string {
    return "Union";
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    for (const c of this.children) yield* c.execute(ctx);
  }
}
