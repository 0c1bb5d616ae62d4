/**
 * Expand (GROUPING SETS / ROLLUP / CUBE): each input row comes out once per projection, in
 * projection order, as Spark's ExpandExec emits it. Each projection is compiled once per run.
 */
import { compileProjection } from "../codegen/compile-pipeline.js";
import type { RecordBatch } from "../data/record-batch.js";
import { explainSql } from "../expressions/display.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { bindAll } from "./bind-references.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

/** The physical Expand operator. */
export class ExpandExec implements ExecNode {
  readonly nodeName = "Expand";
  readonly children: readonly ExecNode[];
  constructor(
    private readonly child: ExecNode,
    private readonly projections: readonly (readonly Expression[])[],
    readonly output: readonly AttributeReference[],
  ) {
    this.children = [child];
  }

  describe(): string {
    const ps = this.projections.map((p) => `[${p.map(explainSql).join(", ")}]`).join(", ");
    return `Expand [${ps}], [${this.output.map(explainSql).join(", ")}]`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const input = this.child.output;
    const compiled = this.projections.map((p) =>
      compileProjection(bindAll(p, input), input.length, { partitionId: ctx.partitionId }, ctx.codegen),
    );
    const k = compiled.length;
    const width = this.output.length;
    for await (const batch of this.child.execute(ctx)) {
      if (batch.numRows === 0) continue;
      const parts = compiled.map((c) => c.run(batch));
      const n = batch.numRows;
      const cols: unknown[][] = [];
      for (let c = 0; c < width; c++) {
        const col = new Array<unknown>(n * k);
        for (let j = 0; j < k; j++) {
          const src = parts[j]!.columns[c]!;
          for (let r = 0; r < n; r++) col[r * k + j] = src[r];
        }
        cols.push(col);
      }
      yield { numRows: n * k, columns: cols };
    }
  }
}
