/**
 * `sum(expr)`: integral inputs sum to BIGINT (ANSI: `ARITHMETIC_OVERFLOW` on overflow, otherwise
 * Java wrap-around), float/double to DOUBLE, decimal(p, s) to decimal(p + 10, s) (overflow: error in
 * ANSI mode, NULL otherwise). NULL when there is no non-null input.
 */
import { fitsPrecision } from "../../data/decimal.js";
import { fitsLong, normLong, wrapLong } from "../../data/values.js";
import { type DataType, DOUBLE, isIntegral, LONG } from "../../types/data-type.js";
import { boundedDecimal } from "../../types/coercion.js";
import { intervalSum } from "../datetime/interval-aggregates.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggregateOverflow, coerceNumeric, requireNumericArg } from "./helpers.js";

/** Adds two internal longs; on overflow throws (ANSI) or wraps like Java. */
export function addLongs(a: number | bigint, b: number | bigint, ansi: boolean): number | bigint {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  const r = BigInt(a) + BigInt(b);
  if (fitsLong(r)) return normLong(r);
  if (ansi) throw aggregateOverflow("long overflow", "try_sum");
  return wrapLong(r);
}

function integralSum(ansi: boolean): BoundAggregate {
  return {
    dataType: LONG,
    nullable: true,
    init: () => null,
    update: (buf, x) =>
      buf === null ? normalizeLong(x) : addLongs(buf as number | bigint, x as number | bigint, ansi),
    merge: (a, b) => {
      if (a === null) return b;
      if (b === null) return a;
      return addLongs(a as number | bigint, b as number | bigint, ansi);
    },
    finish: (buf) => buf,
  };
}

function normalizeLong(x: unknown): number | bigint {
  return typeof x === "bigint" ? normLong(x) : (x as number);
}

/** The DOUBLE sum kernel (float and double inputs); also used by `try_sum`. */
export const DOUBLE_SUM: BoundAggregate = {
  dataType: DOUBLE,
  nullable: true,
  init: () => null,
  update: (buf, x) => (buf === null ? (x as number) : (buf as number) + (x as number)),
  merge: (a, b) => (a === null ? b : b === null ? a : (a as number) + (b as number)),
  finish: (buf) => buf,
};

// A decimal sum whose running value left the buffer's precision in non-ANSI mode: Spark stores NULL
// in its decimal(p + 10, s) buffer, which stays NULL, so the result is NULL.
const OVERFLOWED = "overflow";

/** The decimal sum kernel; with `ansi` false overflow gives NULL (also `try_sum`). */
export function decimalSum(precision: number, scale: number, ansi: boolean): BoundAggregate {
  const resultType = boundedDecimal(precision + 10, scale);
  const add = (a: unknown, b: unknown): unknown => {
    if (a === OVERFLOWED || b === OVERFLOWED) return OVERFLOWED;
    const r = (a as bigint) + (b as bigint);
    if (fitsPrecision(r, resultType.precision)) return r;
    if (ansi) throw aggregateOverflow("Overflow in sum of decimals", "try_sum");
    return OVERFLOWED;
  };
  return {
    dataType: resultType,
    nullable: true,
    init: () => null,
    update: (buf, x) => (buf === null ? x : add(buf, x)),
    merge: (a, b) => (a === null ? b : b === null ? a : add(a, b)),
    finish: (buf) => {
      if (buf === null) return null;
      if (buf === OVERFLOWED) return null;
      if (fitsPrecision(buf as bigint, resultType.precision)) return buf;
      if (ansi) throw aggregateOverflow("Overflow in sum of decimals", "try_sum");
      return null;
    },
  };
}

/** The result type of `sum` over `t` (Spark's `Sum.resultType`). */
export function sumResultType(t: DataType): DataType {
  if (t.kind === "decimal") return boundedDecimal(t.precision + 10, t.scale);
  return isIntegral(t) ? LONG : DOUBLE;
}

/** `sum`: the sum of the non-null values of a group. */
export const sum: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "sum",
  args: { min: 1, max: 1 },
  coerce: coerceNumeric,
  docs: {
    usage: "sum(expr) returns the sum calculated from values of a group.",
    examples: [
      { sql: "sum(col) FROM VALUES (5), (10), (15) AS tab(col)", result: "30" },
      { sql: "sum(col) FROM VALUES (NULL), (10), (15) AS tab(col)", result: "25" },
      { sql: "sum(col) FROM VALUES (NULL), (NULL) AS tab(col)", result: "NULL" },
    ],
    since: "1.0.0",
  },
  bind: (args, ctx) => {
    const intervalAgg = intervalSum(args[0]!.dataType);
    if (intervalAgg) return intervalAgg;
    requireNumericArg("sum", args, 0, '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")');
    const t = args[0]!.dataType;
    if (t.kind === "decimal") return decimalSum(t.precision, t.scale, ctx.ansi);
    if (isIntegral(t)) return integralSum(ctx.ansi);
    return DOUBLE_SUM;
  },
};
