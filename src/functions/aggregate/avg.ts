/**
 * `avg(expr)` / `mean(expr)`: the mean of the non-null values; DOUBLE for integral and floating
 * inputs, decimal(p + 4, s + 4) for decimal(p, s). NULL for no input. `mean` prints as written
 * (`mean(x)`) in SQL; the DataFrame `mean()` wrapper calls `avg`, as PySpark does.
 */
import { divRound, fitsPrecision, pow10, rescale } from "../../data/decimal.js";
import { DecimalType, DOUBLE } from "../../types/data-type.js";
import { boundedDecimal, decimalDivideType } from "../../types/coercion.js";
import { intervalAvg } from "../datetime/interval-aggregates.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggregateOverflow, coerceNumeric, requireNumericArg, sqlAsCalled, toDoubleFn } from "./helpers.js";

// Buffer: [sum, count]; sum is a double (Spark casts every input to DOUBLE before adding).
/** The DOUBLE mean kernel over values converted by `toDouble`; also used by `try_avg`. */
export function doubleAvg(toDouble: (v: unknown) => number): BoundAggregate {
  return {
    dataType: DOUBLE,
    nullable: true,
    init: () => [0, 0],
    update: (buf, x) => {
      const b = buf as number[];
      b[0] = (b[0] as number) + toDouble(x);
      b[1] = (b[1] as number) + 1;
      return b;
    },
    merge: (a, b) => {
      const x = a as number[];
      const y = b as number[];
      return [(x[0] as number) + (y[0] as number), (x[1] as number) + (y[1] as number)];
    },
    finish: (buf) => {
      const b = buf as number[];
      return b[1] === 0 ? null : (b[0] as number) / (b[1] as number);
    },
  };
}

/**
 * Buffer: [unscaled sum (bigint), count, overflowed]. The result is Spark's
 * `cast(sum / cast(count as decimal(20, 0)) as decimal(p + 4, s + 4))`: the division is rounded
 * HALF_UP to the scale of the decimal division type, then rounded again to the result scale. A sum
 * that leaves its decimal(p + 10, s) buffer is an error in ANSI mode and makes the result NULL
 * otherwise (Spark's buffer turns NULL and stays so).
 */
export function decimalAvg(precision: number, scale: number, ansi: boolean): BoundAggregate {
  const sumType = boundedDecimal(precision + 10, scale);
  const resultType = boundedDecimal(precision + 4, scale + 4);
  const divType = decimalDivideType(sumType, new DecimalType(20, 0));
  const check = (b: [bigint, number, boolean]): [bigint, number, boolean] => {
    if (!b[2] && !fitsPrecision(b[0], sumType.precision)) {
      if (ansi) throw aggregateOverflow("Overflow in sum of decimals", "try_avg");
      b[2] = true;
    }
    return b;
  };
  return {
    dataType: resultType,
    nullable: true,
    init: () => [0n, 0, false],
    update: (buf, x) => {
      const b = buf as [bigint, number, boolean];
      b[0] += x as bigint;
      b[1] += 1;
      return check(b);
    },
    merge: (a, b) => {
      const x = a as [bigint, number, boolean];
      const y = b as [bigint, number, boolean];
      return check([x[0] + y[0], x[1] + y[1], x[2] || y[2]]);
    },
    finish: (buf) => {
      const [s, n, overflowed] = buf as [bigint, number, boolean];
      if (n === 0 || overflowed) return null;
      const q = divRound(s * pow10(divType.scale - scale), BigInt(n), "HALF_UP");
      const r = rescale(q, divType.scale, resultType.scale, "HALF_UP");
      return fitsPrecision(r, resultType.precision) ? r : null;
    },
  };
}

/** `avg` (alias `mean`): the arithmetic mean of a group's non-null values. */
export const avg: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "avg",
  aliases: ["mean"],
  args: { min: 1, max: 1 },
  coerce: coerceNumeric,
  sql: sqlAsCalled,
  docs: {
    usage: "avg(expr) returns the mean calculated from values of a group.",
    examples: [
      { sql: "avg(col) FROM VALUES (1), (2), (3) AS tab(col)", result: "2.0" },
      { sql: "avg(col) FROM VALUES (1), (2), (NULL) AS tab(col)", result: "1.5" },
    ],
    since: "1.0.0",
  },
  bind: (args, ctx) => {
    const intervalAgg = intervalAvg(args[0]!.dataType);
    if (intervalAgg) return intervalAgg;
    requireNumericArg("avg", args, 0, '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")');
    const t = args[0]!.dataType;
    if (t.kind === "decimal") return decimalAvg(t.precision, t.scale, ctx.ansi);
    return doubleAvg(toDoubleFn(t));
  },
};
