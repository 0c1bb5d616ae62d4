/**
 * Row comparators for ORDER BY: per-key type-specialised comparators with Spark's null ordering,
 * and the stable index sort that Sort, TakeOrderedAndProject and Window share.
 */
import type { RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, SortOrder } from "../expressions/expression.js";
import { compileProjection } from "../codegen/compile-pipeline.js";
import { bindAll } from "./bind-references.js";
import type { TaskContext } from "./exec-node.js";
import { typeOf } from "../expressions/typing.js";
import { compareValues } from "../functions/collection/compare.js";

/** Compares row indexes `i`, `j` given the evaluated key columns. */
export function makeRowComparator(
  order: readonly SortOrder[],
  keyCols: readonly unknown[][],
): (i: number, j: number) => number {
  const cmps = order.map((o) => compareValues(typeOf(o.child)));
  const n = order.length;
  return (i, j) => {
    for (let k = 0; k < n; k++) {
      const col = keyCols[k]!;
      const a = col[i];
      const b = col[j];
      const o = order[k]!;
      let c: number;
      if (a === null || b === null) {
        if (a === b) continue;
        const nullFirst = o.nullOrdering === "nulls_first";
        c = a === null ? (nullFirst ? -1 : 1) : nullFirst ? 1 : -1;
        return c;
      }
      c = cmps[k]!(a, b);
      if (c !== 0) return o.direction === "asc" ? c : -c;
    }
    return 0;
  };
}

/** Evaluates `order`'s keys over `batch` (rows of `input`) and returns the row indexes in order (stable). */
export function sortedIndices(
  batch: RecordBatch,
  order: readonly SortOrder[],
  input: readonly AttributeReference[],
  ctx: TaskContext,
): number[] {
  const keys = compileProjection(
    bindAll(
      order.map((o) => o.child),
      input,
    ),
    input.length,
    { partitionId: ctx.partitionId },
    ctx.codegen,
  ).run(batch);
  const idx = Array.from({ length: batch.numRows }, (_, i) => i);
  idx.sort(makeRowComparator(order, keys.columns));
  return idx;
}
