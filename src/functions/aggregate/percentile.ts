/**
 * `percentile(col, percentage[, frequency])`: the exact percentile(s) of a numeric column with linear
 * interpolation between the two nearest ranks (Spark's `Percentile`); `median(col)` is
 * `percentile(col, 0.5)`. DOUBLE result (ARRAY<DOUBLE> for an array of percentages); NULL for no
 * input. The buffer keeps every value as a double (Spark keeps a value → count map).
 */
import { TsparkError } from "../../common/errors.js";
import { ArrayType, type DataType, DOUBLE, isIntegral, isNumeric, LONG } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggCallSql, toDoubleFn } from "./helpers.js";
import { readPercentages } from "./percentile-approx.js";

/** Exact percentiles of weighted values (Spark's `Percentile.getPercentiles` on its count map). */
function exactPercentiles(values: number[], weights: number[], percentages: readonly number[]): number[] {
  const order = values.map((_, i) => i);
  // Java's Double.compare order (NaN last), as Spark sorts the distinct values.
  order.sort((i, j) => compareDoubles(values[i] as number, values[j] as number));
  const sorted = order.map((i) => values[i] as number);
  const cumulative: number[] = [];
  let total = 0;
  for (const i of order) {
    total += weights[i] as number;
    cumulative.push(total);
  }
  // The value at 0-based rank r: the first entry whose cumulative count exceeds r.
  const at = (r: number): number => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo] as number;
  };
  return percentages.map((p) => {
    const pos = (total - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const lower = at(lo);
    if (hi === lo) return lower;
    const higher = at(hi);
    // Spark skips the interpolation when both keys are equal (so -0.0 and 0.0 give -0.0).
    if (higher === lower) return lower;
    return (hi - pos) * lower + (pos - lo) * higher;
  });
}

function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  // Java's Double.compare puts -0.0 before 0.0.
  if (a === b) return a !== 0 ? 0 : (Object.is(a, -0) ? 0 : 1) - (Object.is(b, -0) ? 0 : 1);
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

// Buffer: [values[], weights[]].
function percentileKernel(
  toDouble: (v: unknown) => number,
  percentages: number[],
  isArray: boolean,
  frequencySql: string | undefined,
): BoundAggregate {
  return {
    dataType: isArray ? new ArrayType(DOUBLE, false) : DOUBLE,
    nullable: true,
    init: () => [[], []],
    // Every argument reaches update: (value, percentage, frequency).
    update: (buf, x, _percentage, freq) => {
      let w = 1;
      if (frequencySql !== undefined) {
        w = typeof freq === "bigint" ? Number(freq) : (freq as number);
        if (w < 0) {
          throw new TsparkError("NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION", {
            messageParameters: { frequencyExpression: `"${frequencySql}"`, negativeValue: String(freq) },
          });
        }
        if (w === 0) return buf;
      }
      const b = buf as [number[], number[]];
      b[0].push(toDouble(x));
      b[1].push(w);
      return b;
    },
    merge: (a, b) => {
      const x = a as [number[], number[]];
      const y = b as [number[], number[]];
      return [x[0].concat(y[0]), x[1].concat(y[1])];
    },
    finish: (buf) => {
      const [values, weights] = buf as [number[], number[]];
      if (values.length === 0) return null;
      const r = exactPercentiles(values, weights, percentages);
      return isArray ? r : r[0];
    },
  };
}

const coercePercentile = (types: readonly DataType[]): (DataType | undefined)[] =>
  types.map((t, i) => {
    if (i === 2) return t.kind === "null" ? LONG : undefined;
    if (t.kind === "string" || t.kind === "null") return DOUBLE;
    if (i === 1 && isNumeric(t)) return DOUBLE;
    if (i === 1 && t.kind === "array" && isNumeric(t.elementType)) return new ArrayType(DOUBLE, false);
    return undefined;
  });

/** `percentile`: exact percentile with interpolation. */
export const percentile: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "percentile",
  args: { min: 2, max: 3 },
  // The default frequency is a literal child (1), which the name shows: percentile(x, 0.5, 1).
  sql: (args) => `percentile(${(args.length === 2 ? [...args, "1"] : args).join(", ")})`,
  coerce: coercePercentile,
  docs: {
    usage:
      "percentile(col, percentage [, frequency]) returns the exact percentile value of numeric column col at the given percentage (or array of percentages), each between 0.0 and 1.0; frequency (a positive integral) weights each row.",
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
    const freq = args[2];
    if (freq !== undefined && !isIntegral(freq.dataType)) {
      throw unexpectedInputType(aggCallSql("percentile", args), 2, '"INTEGRAL"', freq);
    }
    return percentileKernel(toDoubleFn(t), values, isArray, freq?.sql);
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
    return percentileKernel(toDoubleFn(t), [0.5], false, undefined);
  },
};
