/**
 * Test helpers for aggregate kernels: bind a definition, fold rows through `update` (applying the
 * caller-side `skipNulls` rule), and check that splitting the input into partial buffers and
 * merging them gives the same result as one buffer. Test-only; not exported from the package.
 */
import assert from "node:assert/strict";
import { internalError } from "../../common/errors.js";
import type {
  AggregateFunctionDefinition,
  BindArg,
  BindContext,
  BoundAggregate,
  FunctionDefinition,
} from "../function-definition.js";
import { testContext } from "../testing.js";

/** Binds an aggregate definition (throws for other kinds). */
export function bindAgg(
  def: FunctionDefinition,
  args: readonly BindArg[],
  ctx: BindContext = testContext(),
  isDistinct = false,
): BoundAggregate {
  if (def.type !== "aggregate") throw internalError(`${def.name} is not an aggregate function`);
  return (def as AggregateFunctionDefinition).bind(args, ctx, isDistinct);
}

/** Folds `rows` (each an argument tuple) into `buf` as the engine does. */
export function foldRows(k: BoundAggregate, buf: unknown, rows: readonly (readonly unknown[])[]): unknown {
  for (const row of rows) {
    if (k.skipNulls !== false && row.some((v) => v === null)) continue;
    buf = k.update(buf, ...row);
  }
  return buf;
}

/** Runs the kernel over all rows in one buffer and returns the result. */
export function runAgg(k: BoundAggregate, rows: readonly (readonly unknown[])[]): unknown {
  return k.finish(foldRows(k, k.init(), rows));
}

/**
 * Runs the kernel in one buffer and with every split point into two merged partial buffers;
 * asserts all results are equal and returns the single-buffer result.
 */
export function runAggChecked(k: BoundAggregate, rows: readonly (readonly unknown[])[]): unknown {
  const single = runAgg(k, rows);
  for (let cut = 0; cut <= rows.length; cut++) {
    const a = foldRows(k, k.init(), rows.slice(0, cut));
    const b = foldRows(k, k.init(), rows.slice(cut));
    // The final buffer starts empty and merges the partials in order, like Spark's final aggregate.
    const merged = k.merge(k.merge(k.init(), a), b);
    assert.deepEqual(k.finish(merged), single, `split at ${cut}`);
  }
  return single;
}

/** Argument tuples of one column. */
export function col(...values: unknown[]): unknown[][] {
  return values.map((v) => [v]);
}
