/**
 * Scans in-memory rows (createDataFrame, VALUES) in batches, split into Spark's partitions: each
 * batch holds rows of one partition and carries its id.
 */
import { batchFromRows, DEFAULT_BATCH_SIZE, type RecordBatch, sliceBounds } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

export class LocalTableScanExec implements ExecNode {
  readonly nodeName = "LocalTableScan";
  readonly children: readonly ExecNode[] = [];
  constructor(
    readonly output: readonly AttributeReference[],
    private readonly rows: readonly (readonly unknown[])[],
    private readonly slicing: "parallelize" | "local" = "local",
  ) {}
  describe(): string {
    return this.rows.length === 0
      ? `LocalTableScan <empty>, [${this.output.map(explainSql).join(", ")}]`
      : `LocalTableScan [${this.output.map(explainSql).join(", ")}]`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const p = Math.max(1, ctx.defaultParallelism ?? 1);
    const n = this.rows.length;
    // SQL VALUES scan as one partition: Spark's documented results for aggregates over inline
    // tables (checked by its ExpressionInfoSuite) match a single partition, not an even split.
    const slices = this.slicing === "parallelize" ? p : 1;
    const bounds = sliceBounds(n, slices);
    for (let partitionId = 0; partitionId < bounds.length; partitionId++) {
      const [start, end] = bounds[partitionId]!;
      for (let i = start; i < end; i += DEFAULT_BATCH_SIZE) {
        const b = batchFromRows(
          this.rows.slice(i, Math.min(end, i + DEFAULT_BATCH_SIZE)),
          this.output.length,
        );
        yield { ...b, partitionId };
      }
    }
  }
}
