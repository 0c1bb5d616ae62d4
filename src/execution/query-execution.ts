/**
 * QueryExecution: one query's pipeline — analyzed → optimized → physical — with each stage
 * computed once and shown by `explain`. Running it streams RecordBatches from the physical plan.
 */
import type { RecordBatch } from "../data/record-batch.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { treeString } from "../plans/plan-string.js";
import type { Optimizer } from "../optimizer/optimizer.js";
import type { ExecNode, TaskContext } from "../physical/exec-node.js";
import type { PhysicalPlanner } from "../physical/physical-planner.js";
import { PipelineExec } from "../physical/pipeline-exec.js";
import { checkForBatch } from "../analysis/unsupported-operation-checker.js";
import { hasSubqueries, substituteSubqueries } from "./execute-subqueries.js";

/** What a QueryExecution needs from its session. */
export interface QueryEnvironment {
  readonly optimizer: Optimizer;
  readonly planner: PhysicalPlanner;
  /** `tspark.codegen.enabled` at execution time. */
  readonly codegenEnabled: () => boolean;
  /** Spark's `defaultParallelism` (from `spark.default.parallelism` or the master, `local[N]`). */
  readonly defaultParallelism?: () => number;
}

export type ExplainMode = "simple" | "extended" | "codegen" | "cost" | "formatted";

export class QueryExecution {
  private optimizedPlan: LogicalPlan | undefined;
  private physical: ExecNode | undefined;

  constructor(
    private readonly env: QueryEnvironment,
    readonly analyzed: LogicalPlan,
    readonly parsed: LogicalPlan = analyzed,
  ) {}

  get optimized(): LogicalPlan {
    this.optimizedPlan ??= this.env.optimizer.execute(this.analyzed);
    return this.optimizedPlan;
  }

  get executedPlan(): ExecNode {
    this.physical ??= this.env.planner.plan(this.optimized);
    return this.physical;
  }

  /** Streams the result batches. */
  async *batches(signal?: AbortSignal): AsyncIterable<RecordBatch> {
    checkForBatch(this.analyzed);
    const ctx: TaskContext = {
      partitionId: 0,
      codegen: this.env.codegenEnabled(),
      defaultParallelism: this.env.defaultParallelism?.() ?? 1,
      ...(signal ? { signal } : {}),
    };
    yield* (await this.preparedPlan()).execute(ctx);
  }

  /**
   * The physical plan to run: `executedPlan`, or, when the query has uncorrelated subqueries,
   * a plan of the query with their results substituted (they run first, on every execution).
   */
  private async preparedPlan(): Promise<ExecNode> {
    if (!hasSubqueries(this.optimized)) return this.executedPlan;
    const substituted = await substituteSubqueries(this.optimized, (p) =>
      new QueryExecution(this.env, p).collectRows(),
    );
    return this.env.planner.plan(substituted);
  }

  /** All result rows (internal values). */
  async collectRows(): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    for await (const b of this.batches()) {
      for (let r = 0; r < b.numRows; r++) {
        const row = new Array<unknown>(b.columns.length);
        for (let c = 0; c < b.columns.length; c++) row[c] = b.columns[c]![r];
        rows.push(row);
      }
    }
    return rows;
  }

  /** Spark's explain text for a mode. */
  explainString(mode: ExplainMode = "simple"): string {
    const physical = `== Physical Plan ==\n${physicalTreeString(this.executedPlan)}\n`;
    switch (mode) {
      case "simple":
        return physical;
      case "codegen": {
        const sources: string[] = [];
        const walk = (n: ExecNode) => {
          if (n instanceof PipelineExec) sources.push(n.generatedSource() ?? "");
          n.children.forEach(walk);
        };
        walk(this.executedPlan);
        return `Found ${sources.length} WholeStageCodegen subtrees.\n${sources.map((s, i) => `== Subtree ${i + 1} / ${sources.length} ==\n${s}\n`).join("\n")}`;
      }
      default: {
        const schema = outputOf(this.analyzed)
          .map((a) => `${a.name}: ${a.dataType.simpleString()}`)
          .join(", ");
        return [
          `== Parsed Logical Plan ==\n${treeString(this.parsed)}`,
          `== Analyzed Logical Plan ==\n${schema}\n${treeString(this.analyzed)}`,
          `== Optimized Logical Plan ==\n${treeString(this.optimized)}`,
          physical,
        ].join("\n\n");
      }
    }
  }
}

/** The physical tree, Spark style, with pipelines marked as generated stages. */
export function physicalTreeString(root: ExecNode): string {
  const lines: string[] = [];
  const walk = (node: ExecNode, prefix: string, childPrefix: string) => {
    const desc = node.describe().split("\n");
    const mark = node instanceof PipelineExec ? "*(1) " : "";
    desc.forEach((d, i) => {
      if (i === 0) lines.push(prefix + mark + d);
      else lines.push(`${childPrefix}+- ${mark}${d}`);
      if (i > 0) childPrefix = `${childPrefix}   `;
    });
    const cs = node.children;
    cs.forEach((c, i) => {
      const last = i === cs.length - 1;
      walk(c, `${childPrefix}${last ? "+- " : ":- "}`, `${childPrefix}${last ? "   " : ":  "}`);
    });
  };
  walk(root, "", "");
  return lines.join("\n");
}
