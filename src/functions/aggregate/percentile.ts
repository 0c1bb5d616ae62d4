/**
 * `percentile(col, percentage)`: the exact percentile(s) of a numeric column with linear
 * interpolation between the two nearest ranks (Spark's `Percentile`); `median(col)` is
 * `percentile(col, 0.5)`. DOUBLE result (ARRAY<DOUBLE> for an array of percentages); NULL for no
 * input. The buffer keeps every value as a double (Spark keeps a value → count map).
 */
import { ArrayType, type DataType, DOUBLE, isNumeric } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggCallSql, toDoubleFn } from "./helpers.js";
import { readPercentages } from "./percentile-approx.js";

function exactPercentiles(values: number[], percentages: readonly number[]): number[] {
  // A Float64Array sorts like Java's Double.compare (NaN last), as Spark's ordering of doubles.
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return percentages.map((p) => {
    const pos = (n - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const lower = sorted[lo] as number;
    if (hi === lo) return lower;
    const higher = sorted[hi] as number;
    return (hi - pos) * lower + (pos - lo) * higher;
  });
}

function percentileKernel(
  toDouble: (v: unknown) => number,
  percentages: number[],
  isArray: boolean,
): BoundAggregate {
  return {
    dataType: isArray ? new ArrayType(DOUBLE, false) : DOUBLE,
    nullable: true,
    init: () => [],
    update: (buf, x) => {
      (buf as number[]).push(toDouble(x));
      return buf;
    },
    merge: (a, b) => (a as number[]).concat(b as number[]),
    finish: (buf) => {
      const values = buf as number[];
      if (values.length === 0) return null;
      const r = exactPercentiles(values, percentages);
      return isArray ? r : r[0];
    },
  };
}

const coercePercentile = (types: readonly DataType[]): (DataType | undefined)[] =>
  types.map((t, i) => {
    if (t.kind === "string" || t.kind === "null") return DOUBLE;
    if (i === 1 && isNumeric(t)) return DOUBLE;
    if (i === 1 && t.kind === "array" && isNumeric(t.elementType)) return new ArrayType(DOUBLE, false);
    return undefined;
  });

/** `percentile`: exact percentile with interpolation. */
export const percentile: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "percentile",
  args: { min: 2, max: 2 },
  coerce: coercePercentile,
  docs: {
    usage:
      "percentile(col, percentage) returns the exact percentile value of numeric column col at the given percentage (or array of percentages), each between 0.0 and 1.0.",
    examples: [
      { sql: "percentile(col, 0.3) FROM VALUES (0), (10) AS tab(col)", result: "3.0" },
      { sql: "percentile(col, array(0.25, 0.75)) FROM VALUES (0), (10) AS tab(col)", result: "[2.5, 7.5]" },
    ],
    since: "2.1.0",
  },
  bind: (args) => {
    const t = args[0]!.dataType;
    if (!isNumeric(t) && t.kind !== "null") {
      throw unexpectedInputType(aggCallSql("percentile", args), 0, '"NUMERIC"', args[0]!);
    }
    const { values, isArray } = readPercentages("percentile", args, 1);
    return percentileKernel(toDoubleFn(t), values, isArray);
  },
};

/** `median`: the exact median, `percentile(col, 0.5)`. */
export const median: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "median",
  args: { min: 1, max: 1 },
  coerce: coercePercentile,
  docs: {
    usage: "median(col) returns the median of numeric column col.",
    examples: [{ sql: "median(col) FROM VALUES (0), (10) AS tab(col)", result: "5.0" }],
    since: "3.4.0",
  },
  bind: (args) => {
    const t = args[0]!.dataType;
    if (!isNumeric(t) && t.kind !== "null") {
      throw unexpectedInputType(aggCallSql("median", args), 0, '"NUMERIC"', args[0]!);
    }
    return percentileKernel(toDoubleFn(t), [0.5], false);
  },
};
