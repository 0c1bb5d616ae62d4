/**
 * `percentile_cont(p) WITHIN GROUP (ORDER BY col [DESC])` and `percentile_disc(…)`: the SQL-standard
 * inverse distribution functions. The parser turns the WITHIN GROUP form into the call
 * `percentile_cont(col, p, descending)`; the column name is rendered back in Spark's form
 * `percentile_cont(0.25) WITHIN GROUP (ORDER BY col)`. `cont` interpolates linearly between the two
 * nearest ranks; `disc` returns the first value whose cumulative distribution reaches p. DOUBLE
 * result, NULL for no input. ANSI interval inputs (Spark returns the interval type) are not
 * supported yet.
 */
import { TsparkError } from "../../common/errors.js";
import { DOUBLE, type DataType, isNumeric } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { toDoubleFn } from "./helpers.js";
import { readPercentages } from "./percentile-approx.js";

function withinGroupSql(name: string): (args: readonly string[]) => string {
  return (args) =>
    args.length === 3
      ? `${name}(${args[1] ?? ""}) WITHIN GROUP (ORDER BY ${args[0] ?? ""}${args[2] === "true" ? " DESC" : ""})`
      : `${name}(${args.join(", ")})`;
}

function inverseDistribution(name: "percentile_cont" | "percentile_disc"): AggregateFunctionDefinition {
  const discrete = name === "percentile_disc";
  return {
    type: "aggregate",
    name,
    args: { min: 1, max: 3 },
    sql: withinGroupSql(name),
    coerce: (types: readonly DataType[]) =>
      types.map((t, i) => {
        if (i === 2) return undefined;
        if (t.kind === "string" || t.kind === "null") return DOUBLE;
        return i === 1 && isNumeric(t) ? DOUBLE : undefined;
      }),
    docs: {
      usage: discrete
        ? "percentile_disc(percentage) WITHIN GROUP (ORDER BY col) - Returns a percentile value based on a discrete distribution of numeric column `col` at the given `percentage` (between 0.0 and 1.0)."
        : "percentile_cont(percentage) WITHIN GROUP (ORDER BY col) - Returns a percentile value based on a continuous distribution of numeric column `col` at the given `percentage` (between 0.0 and 1.0).",
      examples: discrete
        ? [
            {
              sql: "percentile_disc(0.25) WITHIN GROUP (ORDER BY col) FROM VALUES (0), (10) AS tab(col)",
              result: "0.0",
            },
          ]
        : [
            {
              sql: "percentile_cont(0.25) WITHIN GROUP (ORDER BY col) FROM VALUES (0), (10) AS tab(col)",
              result: "2.5",
            },
          ],
      since: "3.3.0",
    },
    bind: (args): BoundAggregate => {
      if (args.length !== 3) {
        throw new TsparkError("INVALID_INVERSE_DISTRIBUTION_FUNCTION.WITHIN_GROUP_MISSING", {
          messageParameters: { funcName: `\`${name}\`` },
        });
      }
      const t = args[0]!.dataType;
      if (!isNumeric(t) && t.kind !== "null") {
        throw unexpectedInputType(withinGroupSql(name)(args.map((a) => a.sql)), 0, '"NUMERIC"', args[0]!);
      }
      const { values } = readPercentages(name, args, 1);
      const p = values[0] ?? 0;
      const reverse = args[2]!.value === true;
      const toDouble = toDoubleFn(t);
      return {
        dataType: DOUBLE,
        nullable: true,
        init: () => [],
        update: (buf, x) => {
          (buf as number[]).push(toDouble(x));
          return buf;
        },
        merge: (a, b) => (a as number[]).concat(b as number[]),
        finish: (buf) => {
          const xs = (buf as number[]).slice();
          const n = xs.length;
          if (n === 0) return null;
          xs.sort(reverse ? (a, b) => compareDoubles(b, a) : compareDoubles);
          if (discrete) return xs[Math.max(0, Math.ceil(p * n) - 1)]!;
          const pos = p * (n - 1);
          const lo = Math.floor(pos);
          const hi = Math.ceil(pos);
          const lower = xs[lo]!;
          const higher = xs[hi]!;
          if (lo === hi || lower === higher) return lower;
          return (hi - pos) * lower + (pos - lo) * higher;
        },
      };
    },
  };
}

/** Java's Double.compare order: -0.0 before 0.0, NaN last. */
function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return (Object.is(a, -0) ? 0 : 1) - (Object.is(b, -0) ? 0 : 1);
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/** `percentile_cont(p) WITHIN GROUP (ORDER BY col)`: interpolated percentile. */
export const percentileCont = inverseDistribution("percentile_cont");

/** `percentile_disc(p) WITHIN GROUP (ORDER BY col)`: discrete percentile (an actual input value). */
export const percentileDisc = inverseDistribution("percentile_disc");
