/** dropDuplicates(keys) / DISTINCT: keeps the first row seen for each key. */
import type { RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { compileProjection } from "../codegen/compile-pipeline.js";
import { bindAll } from "./bind-references.js";
import type { ExecNode, TaskContext } from "./exec-node.js";
import { compositeKey, singleKey } from "./group-key.js";

export class DeduplicateExec implements ExecNode {
  readonly nodeName = "Deduplicate";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly child: ExecNode,
    private readonly keys: readonly Expression[],
  ) {
    this.children = [child];
    this.output = child.output;
  }
  describe(): string {
    return `Deduplicate [${this.keys.map(explainSql).join(", ")}]`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const proj = compileProjection(
      bindAll(this.keys, this.child.output),
      this.child.output.length,
      { partitionId: ctx.partitionId },
      ctx.codegen,
    );
    const seen = new Set<unknown>();
    for await (const batch of this.child.execute(ctx)) {
      const k = proj.run(batch);
      const keep: number[] = [];
      for (let r = 0; r < batch.numRows; r++) {
        const key =
          k.columns.length === 1 ? singleKey(k.columns[0]![r]) : compositeKey(k.columns.map((c) => c[r]));
        if (seen.has(key)) continue;
        seen.add(key);
        keep.push(r);
      }
      if (keep.length > 0)
        yield { numRows: keep.length, columns: batch.columns.map((c) => keep.map((r) => c[r])) };
    }
  }
}
