/** Scans in-memory rows (createDataFrame, VALUES) in batches. */
import { batchFromRows, DEFAULT_BATCH_SIZE, type RecordBatch } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

export class LocalTableScanExec implements ExecNode {
  readonly nodeName = "LocalTableScan";
  readonly children: readonly ExecNode[] = [];
  constructor(
    readonly output: readonly AttributeReference[],
    private readonly rows: readonly (readonly unknown[])[],
  ) {}
  describe(): string {
    return this.rows.length === 0
      ? `LocalTableScan <empty>, [${this.output.map(explainSql).join(", ")}]`
      : `LocalTableScan [${this.output.map(explainSql).join(", ")}]`;
  }
  async *execute(_ctx: TaskContext): AsyncIterable<RecordBatch> {
    for (let i = 0; i < this.rows.length; i += DEFAULT_BATCH_SIZE) {
      yield batchFromRows(this.rows.slice(i, i + DEFAULT_BATCH_SIZE), this.output.length);
    }
  }
}
