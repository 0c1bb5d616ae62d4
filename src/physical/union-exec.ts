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
  /** Spark's union concatenates its children's partitions: the second child's partitions follow the first's. */
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    let offset = 0;
    for (const c of this.children) {
      let maxSeen = -1;
      for await (const b of c.execute(ctx)) {
        const id = b.partitionId ?? 0;
        if (id > maxSeen) maxSeen = id;
        yield { ...b, partitionId: offset + id };
      }
      offset += Math.max(maxSeen + 1, ctx.defaultParallelism ?? 1);
    }
  }
}
