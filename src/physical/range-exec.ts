/** `spark.range`: generates the `id` column lazily in batches, split into partitions as Spark's RangeExec. */
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
    private readonly numPartitions?: number,
  ) {}
  describe(): string {
    return `Range (${this.start}, ${this.end}, step=${this.step}, splits=${this.numPartitions ?? "default"}) [${this.output.map(explainSql).join(", ")}]`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const { start, end, step } = this;
    if (step === 0n) return;
    // number of elements, then Spark's even split of element indexes over the partitions
    const span = end - start;
    const count = span > 0n === step > 0n && span !== 0n ? (span + step - (step > 0n ? 1n : -1n)) / step : 0n;
    const slices = BigInt(Math.max(1, this.numPartitions ?? ctx.defaultParallelism ?? 1));
    for (let p = 0n; p < slices; p++) {
      const from = (p * count) / slices;
      const to = ((p + 1n) * count) / slices;
      const partitionId = Number(p);
      for (let i = from; i < to; i += BigInt(DEFAULT_BATCH_SIZE)) {
        const last = i + BigInt(DEFAULT_BATCH_SIZE) < to ? i + BigInt(DEFAULT_BATCH_SIZE) : to;
        const first = start + i * step;
        const col: unknown[] = new Array(Number(last - i));
        if (
          first >= -(2n ** 52n) &&
          first <= 2n ** 52n &&
          step >= -(2n ** 20n) &&
          step <= 2n ** 20n &&
          last - i <= 2n ** 20n
        ) {
          const f = Number(first);
          const st = Number(step);
          for (let k = 0; k < col.length; k++) col[k] = f + k * st;
        } else {
          for (let k = 0; k < col.length; k++) col[k] = normLong(first + BigInt(k) * step);
        }
        yield { numRows: col.length, columns: [col], partitionId };
      }
    }
  }
}
