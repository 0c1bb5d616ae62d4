/**
 * `min(expr)` / `max(expr)`: the smallest / largest non-null value of any orderable type (Spark's
 * total order: NaN above every number, strings by code point, arrays and structs lexicographic).
 * The result has the input's type; NULL when there is no non-null input.
 */
import type { DataType } from "../../types/data-type.js";
import { type Comparator, compareValues, isOrderable } from "../collection/compare.js";
import { typeMismatch } from "../errors.js";
import type { AggregateFunctionDefinition, BindArg, BoundAggregate } from "../function-definition.js";
import { aggCallSql } from "./helpers.js";

/** Throws `DATATYPE_MISMATCH.INVALID_ORDERING_TYPE` unless argument `index` can be ordered. */
export function requireOrderable(name: string, args: readonly BindArg[], index: number): DataType {
  const t = args[index]!.dataType;
  if (!isOrderable(t)) {
    throw typeMismatch("INVALID_ORDERING_TYPE", aggCallSql(name, args), {
      functionName: `\`${name}\``,
      dataType: `"${t.sql()}"`,
    });
  }
  return t;
}

function extremum(type: DataType, cmp: Comparator, sign: 1 | -1): BoundAggregate {
  // Keeps the first of equal values, which only matters for -0.0 vs 0.0 and equal structs.
  const pick = (a: unknown, b: unknown): unknown =>
    a === null ? b : b === null ? a : sign * cmp(b, a) > 0 ? b : a;
  return {
    dataType: type,
    nullable: true,
    init: () => null,
    update: pick,
    merge: pick,
    finish: (buf) => buf,
  };
}

function extremumDefinition(name: string, sign: 1 | -1, examples: string[][]): AggregateFunctionDefinition {
  return {
    type: "aggregate",
    name,
    args: { min: 1, max: 1 },
    docs: {
      usage: `${name}(expr) returns the ${sign > 0 ? "maximum" : "minimum"} value of expr.`,
      examples: examples.map(([sql, result]) => ({ sql: sql!, result: result! })),
      since: "1.0.0",
    },
    bind: (args) => {
      const t = requireOrderable(name, args, 0);
      return extremum(t, compareValues(t), sign);
    },
  };
}

/** `max`: the largest value of a group. */
export const max = extremumDefinition("max", 1, [
  ["max(col) FROM VALUES (10), (50), (20) AS tab(col)", "50"],
]);

/** `min`: the smallest value of a group. */
export const min = extremumDefinition("min", -1, [
  ["min(col) FROM VALUES (10), (-1), (20) AS tab(col)", "-1"],
]);
