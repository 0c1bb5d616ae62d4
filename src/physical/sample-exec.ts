/** Bernoulli (or Poisson, with replacement) sampling with a seeded generator: same seed, same rows. */
import type { RecordBatch } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";
import type { ExecNode, TaskContext } from "./exec-node.js";

export class SampleExec implements ExecNode {
  readonly nodeName = "Sample";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly child: ExecNode,
    private readonly fraction: number,
    private readonly withReplacement: boolean,
    private readonly seed: number,
  ) {
    this.children = [child];
    this.output = child.output;
  }
  describe(): string {
    return `Sample 0.0, ${this.fraction}, ${this.withReplacement}, ${this.seed}`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const generators = new Map<number, () => number>();
    for await (const batch of this.child.execute(ctx)) {
      const partitionId = batch.partitionId ?? ctx.partitionId;
      let rnd = generators.get(partitionId);
      if (!rnd) {
        rnd = xorshift(this.seed + partitionId);
        generators.set(partitionId, rnd);
      }
      const pick: number[] = [];
      for (let r = 0; r < batch.numRows; r++) {
        if (this.withReplacement) {
          // Poisson(fraction) copies of each row (Knuth).
          const l = Math.exp(-this.fraction);
          let k = 0;
          let p = rnd();
          while (p > l) {
            k++;
            p *= rnd();
          }
          for (let i = 0; i < k; i++) pick.push(r);
        } else if (rnd() < this.fraction) pick.push(r);
      }
      if (pick.length > 0)
        yield { numRows: pick.length, columns: batch.columns.map((c) => pick.map((r) => c[r])) };
    }
  }
}

/** A small deterministic PRNG in [0, 1). */
export function xorshift(seed: number): () => number {
  let x = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}
