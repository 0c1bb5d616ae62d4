/** `spark.range`: generates the `id` column lazily in batches. */
import { DEFAULT_BATCH_SIZE, type RecordBatch } from "../data/record-batch.js";
import { normLong } from "../data/values.js";
import type { AttributeReference } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

export class RangeExec implements ExecNode {
  readonly nodeName = "Range";
  readonly children: readonly ExecNode[] = [];
  constructor(
    readonly output: readonly AttributeReference[],
    private readonly start: bigint,
    private readonly end: bigint,
    private readonly step: bigint,
  ) {}
  describe(): string {
    return `Range (${this.start}, ${this.end}, step=${this.step}, splits=1) [${this.output.map(explainSql).join(", ")}]`;
  }
  async *execute(_ctx: TaskContext): AsyncIterable<RecordBatch> {
    const { start, end, step } = this;
    if (step === 0n) return;
    const safe = [start, end, step].every((v) => v >= -(2n ** 52n) && v <= 2n ** 52n);
    if (safe) {
      const s = Number(start);
      const e = Number(end);
      const st = Number(step);
      let cur = s;
      while (st > 0 ? cur < e : cur > e) {
        const col: unknown[] = [];
        while (col.length < DEFAULT_BATCH_SIZE && (st > 0 ? cur < e : cur > e)) {
          col.push(cur);
          cur += st;
        }
        yield { numRows: col.length, columns: [col] };
      }
      return;
    }
    let cur = start;
    while (step > 0n ? cur < end : cur > end) {
      const col: unknown[] = [];
      while (col.length < DEFAULT_BATCH_SIZE && (step > 0n ? cur < end : cur > end)) {
        col.push(normLong(cur));
        cur += step;
      }
      yield { numRows: col.length, columns: [col] };
    }
  }
}
