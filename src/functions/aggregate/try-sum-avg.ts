/**
 * `try_sum(expr)` and `try_avg(expr)`: `sum` / `avg` that return NULL instead of failing when the
 * sum overflows (BIGINT or the decimal(p + 10, s) buffer), whatever the ANSI setting.
 */
import { fitsLong, normLong } from "../../data/values.js";
import { isIntegral, LONG } from "../../types/data-type.js";
import { intervalAvg, intervalSum } from "../datetime/interval-aggregates.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { decimalAvg, doubleAvg } from "./avg.js";
import { coerceNumeric, requireNumericArg, toDoubleFn } from "./helpers.js";
import { DOUBLE_SUM, decimalSum } from "./sum.js";

// Once a BIGINT sum overflowed, the result is NULL whatever follows.
const OVERFLOWED = "overflow";

function addOrOverflow(a: unknown, b: unknown): unknown {
  if (a === OVERFLOWED || b === OVERFLOWED) return OVERFLOWED;
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  const r = BigInt(a as number | bigint) + BigInt(b as number | bigint);
  return fitsLong(r) ? normLong(r) : OVERFLOWED;
}

const TRY_INTEGRAL_SUM: BoundAggregate = {
  dataType: LONG,
  nullable: true,
  init: () => null,
  update: (buf, x) => (buf === null ? (typeof x === "bigint" ? normLong(x) : x) : addOrOverflow(buf, x)),
  merge: (a, b) => (a === null ? b : b === null ? a : addOrOverflow(a, b)),
  finish: (buf) => (buf === OVERFLOWED ? null : buf),
};

const NUMERIC_OR_INTERVAL = '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")';

/** `try_sum`: the sum, or NULL on overflow. */
export const trySum: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "try_sum",
  args: { min: 1, max: 1 },
  coerce: coerceNumeric,
  docs: {
    usage:
      "try_sum(expr) returns the sum calculated from values of a group and the result is null on overflow.",
    examples: [
      { sql: "try_sum(col) FROM VALUES (5), (10), (15) AS tab(col)", result: "30" },
      { sql: "try_sum(col) FROM VALUES (9223372036854775807L), (1L) AS tab(col)", result: "NULL" },
    ],
    since: "3.3.0",
  },
  bind: (args) => {
    const intervalAgg = intervalSum(args[0]!.dataType, true);
    if (intervalAgg) return intervalAgg;
    requireNumericArg("try_sum", args, 0, NUMERIC_OR_INTERVAL);
    const t = args[0]!.dataType;
    if (t.kind === "decimal") return decimalSum(t.precision, t.scale, false);
    return isIntegral(t) ? TRY_INTEGRAL_SUM : DOUBLE_SUM;
  },
};

/** `try_avg`: the mean, or NULL when the decimal sum overflows. */
export const tryAvg: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "try_avg",
  args: { min: 1, max: 1 },
  coerce: coerceNumeric,
  docs: {
    usage:
      "try_avg(expr) returns the mean calculated from values of a group and the result is null on overflow.",
    examples: [
      { sql: "try_avg(col) FROM VALUES (1), (2), (3) AS tab(col)", result: "2.0" },
      { sql: "try_avg(col) FROM VALUES (1), (2), (NULL) AS tab(col)", result: "1.5" },
    ],
    since: "3.3.0",
  },
  bind: (args) => {
    const intervalAgg = intervalAvg(args[0]!.dataType, true);
    if (intervalAgg) return intervalAgg;
    requireNumericArg("try_avg", args, 0, NUMERIC_OR_INTERVAL);
    const t = args[0]!.dataType;
    if (t.kind === "decimal") return decimalAvg(t.precision, t.scale, false);
    return doubleAvg(toDoubleFn(t));
  },
};
