/** Generate (explode, posexplode, inline, …): child row × generated rows; `outer` keeps empty input rows with nulls. */
import type { RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, Expression, GeneratorCall } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { compileProjection } from "../codegen/compile-pipeline.js";
import { bindAll } from "./bind-references.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

export class GenerateExec implements ExecNode {
  readonly nodeName = "Generate";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly child: ExecNode,
    private readonly generator: GeneratorCall,
    private readonly outer: boolean,
    private readonly generatorOutput: readonly AttributeReference[],
  ) {
    this.children = [child];
    this.output = [...child.output, ...generatorOutput];
  }
  describe(): string {
    return `Generate ${explainSql(this.generator)}, [${this.child.output.map(explainSql).join(", ")}], ${this.outer}, [${this.generatorOutput.map(explainSql).join(", ")}]`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const args = compileProjection(
      bindAll(this.generator.args as Expression[], this.child.output),
      this.child.output.length,
      { partitionId: ctx.partitionId },
      ctx.codegen,
    );
    const gen = this.generator.bound!.generate;
    const elements = this.generator.bound!.elements;
    const inW = this.child.output.length;
    const genW = this.generatorOutput.length;
    for await (const batch of this.child.execute(ctx)) {
      const a = args.run(batch);
      if (elements && genW === 1 && a.columns.length === 1) {
        const out = this.explodeElements(batch, a.columns[0]!, elements);
        if (out) yield out;
        continue;
      }
      const cols: unknown[][] = Array.from({ length: inW + genW }, () => []);
      let n = 0;
      for (let r = 0; r < batch.numRows; r++) {
        const produced = gen(...a.columns.map((c) => c[r]));
        const rows = produced.length === 0 && this.outer ? [new Array<unknown>(genW).fill(null)] : produced;
        for (const g of rows) {
          for (let c = 0; c < inW; c++) cols[c]!.push(batch.columns[c]![r]);
          for (let c = 0; c < genW; c++) {
            const v = g[c];
            cols[inW + c]!.push(v === undefined ? null : v);
          }
          n++;
        }
      }
      if (n > 0)
        yield {
          numRows: n,
          columns: cols,
          ...(batch.partitionId !== undefined ? { partitionId: batch.partitionId } : {}),
        };
    }
  }

  /** The one-column fast path (explode of arrays): values are copied without a row per value. */
  private explodeElements(
    batch: RecordBatch,
    arg: readonly unknown[],
    elements: (v: unknown) => readonly unknown[] | null | undefined,
  ): RecordBatch | undefined {
    const inW = this.child.output.length;
    const inCols = batch.columns;
    // First the output size, so that every column is allocated once and filled by index.
    let n = 0;
    for (let r = 0; r < batch.numRows; r++) {
      const len = elements(arg[r])?.length ?? 0;
      n += len === 0 ? (this.outer ? 1 : 0) : len;
    }
    if (n === 0) return undefined;
    const cols: unknown[][] = Array.from({ length: inW + 1 }, () => new Array<unknown>(n));
    const gen = cols[inW]!;
    let o = 0;
    for (let r = 0; r < batch.numRows; r++) {
      const els = elements(arg[r]);
      const len = els ? els.length : 0;
      if (len === 0) {
        if (!this.outer) continue;
        for (let c = 0; c < inW; c++) cols[c]![o] = inCols[c]![r];
        gen[o++] = null;
        continue;
      }
      for (let c = 0; c < inW; c++) cols[c]!.fill(inCols[c]![r], o, o + len);
      for (let i = 0; i < len; i++) {
        const v = els![i];
        gen[o++] = v === undefined ? null : v;
      }
    }
    return {
      numRows: n,
      columns: cols,
      ...(batch.partitionId !== undefined ? { partitionId: batch.partitionId } : {}),
    };
  }
}
