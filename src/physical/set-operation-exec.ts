/** INTERSECT / EXCEPT [ALL] by hashing whole rows of both sides. */
import { concatBatches, type RecordBatch } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";
import { drain, type ExecNode, type TaskContext } from "./exec-node.js";
import { compositeKey } from "./group-key.js";

export class SetOperationExec implements ExecNode {
  readonly nodeName: string;
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly op: "intersect" | "except",
    private readonly isAll: boolean,
    private readonly left: ExecNode,
    private readonly right: ExecNode,
  ) {
    this.children = [left, right];
    this.output = left.output;
    this.nodeName = op === "intersect" ? "Intersect" : "Except";
  }
  describe(): string {
    return `${this.nodeName}${this.isAll ? "All" : ""}`;
  }
  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const w = this.output.length;
    const right = concatBatches(await drain(this.right, ctx), w);
    const counts = new Map<string, number>();
    for (let r = 0; r < right.numRows; r++) {
      const k = compositeKey(right.columns.map((c) => c[r]));
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const emitted = new Set<string>();
    const cols: unknown[][] = Array.from({ length: w }, () => []);
    let n = 0;
    for await (const b of this.left.execute(ctx)) {
      for (let r = 0; r < b.numRows; r++) {
        const k = compositeKey(b.columns.map((c) => c[r]));
        const inRight = counts.get(k) ?? 0;
        let keep: boolean;
        if (this.isAll) {
          if (this.op === "intersect") {
            keep = inRight > 0;
            if (keep) counts.set(k, inRight - 1);
          } else {
            keep = inRight === 0;
            if (!keep) counts.set(k, inRight - 1);
          }
        } else {
          keep = (this.op === "intersect" ? inRight > 0 : inRight === 0) && !emitted.has(k);
          if (keep) emitted.add(k);
        }
        if (keep) {
          for (let c = 0; c < w; c++) cols[c]!.push(b.columns[c]![r]);
          n++;
        }
      }
    }
    if (n > 0) yield { numRows: n, columns: cols };
  }
}
