/**
 * Fused Filter/Project/Expand chain (Spark's WholeStageCodegen for narrow operators): one compiled
 * loop per batch. Explain shows the chain as Project/Filter/Expand lines.
 */
import type { RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { compilePipeline, type PipelineStep } from "../codegen/compile-pipeline.js";
import { bindAll, bindReferences } from "./bind-references.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

/** A step before binding: expressions over the previous step's output attributes. */
export type UnboundStep =
  | { readonly kind: "filter"; readonly condition: Expression }
  | {
      readonly kind: "project";
      readonly exprs: readonly Expression[];
      readonly output: readonly AttributeReference[];
    }
  | {
      readonly kind: "expand";
      readonly projections: readonly (readonly Expression[])[];
      readonly output: readonly AttributeReference[];
    };

export class PipelineExec implements ExecNode {
  readonly nodeName = "Pipeline";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  private readonly steps: readonly PipelineStep[];

  constructor(
    private readonly child: ExecNode,
    private readonly unbound: readonly UnboundStep[],
  ) {
    this.children = [child];
    let input = child.output;
    const steps: PipelineStep[] = [];
    for (const s of unbound) {
      if (s.kind === "filter") steps.push({ kind: "filter", condition: bindReferences(s.condition, input) });
      else if (s.kind === "project") {
        steps.push({ kind: "project", exprs: bindAll(s.exprs, input) });
        input = s.output;
      } else {
        const from = input;
        steps.push({ kind: "expand", projections: s.projections.map((p) => bindAll(p, from)) });
        input = s.output;
      }
    }
    this.steps = steps;
    this.output = input;
  }

  describe(): string {
    return [...this.unbound]
      .reverse()
      .map((s) => {
        if (s.kind === "filter") return `Filter ${explainSql(s.condition)}`;
        if (s.kind === "project") return `Project [${s.exprs.map(explainSql).join(", ")}]`;
        const ps = s.projections.map((p) => `[${p.map(explainSql).join(", ")}]`).join(", ");
        return `Expand [${ps}], [${s.output.map(explainSql).join(", ")}]`;
      })
      .join("\n");
  }

  /** The generated source for this pipeline (explain codegen). */
  generatedSource(): string | undefined {
    return compilePipeline(this.steps, this.child.output.length, { partitionId: 0 }, true).source;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    // One instance per partition: kernels with per-partition state (monotonically_increasing_id,
    // rand) restart for each partition, as in Spark.
    const pipelines = new Map<number, ReturnType<typeof compilePipeline>>();
    for await (const batch of this.child.execute(ctx)) {
      const partitionId = batch.partitionId ?? 0;
      let pipeline = pipelines.get(partitionId);
      if (!pipeline) {
        pipeline = compilePipeline(this.steps, this.child.output.length, { partitionId }, ctx.codegen);
        pipelines.set(partitionId, pipeline);
      }
      const out = pipeline.run(batch);
      if (out.numRows > 0) yield batch.partitionId === undefined ? out : { ...out, partitionId };
    }
  }
}
