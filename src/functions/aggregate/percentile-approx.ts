/**
 * `percentile_approx(col, percentage[, accuracy])` (alias `approx_percentile`): the approximate
 * percentile(s) of a numeric, DATE or TIMESTAMP column with Spark's Greenwald–Khanna summary
 * (relative error 1 / accuracy, default accuracy 10000). The result has the column's type, or is
 * an ARRAY of it when `percentage` is an array. Percentage and accuracy must be constants.
 */
import { fitsPrecision, rescale } from "../../data/decimal.js";
import { decimalFromDouble } from "../../data/decimal.js";
import { normLong } from "../../data/values.js";
import { ArrayType, type DataType, DOUBLE, isIntegral, isNumeric } from "../../types/data-type.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BindArg, BoundAggregate } from "../function-definition.js";
import { aggCallSql, foldableValue, sqlAsCalled, toDoubleFn } from "./helpers.js";
import {
  insertValue,
  mergeSummaries,
  newSummary,
  type QuantileState,
  queryQuantiles,
} from "./quantile-summaries.js";

/** Spark's `ApproximatePercentile.DEFAULT_PERCENTILE_ACCURACY`. */
export const DEFAULT_PERCENTILE_ACCURACY = 10000;

function isPercentileInput(t: DataType): boolean {
  return (
    isNumeric(t) ||
    t.kind === "date" ||
    t.kind === "timestamp" ||
    t.kind === "timestamp_ntz" ||
    t.kind === "null"
  );
}

/** Converts a double result back to the column's internal representation (Spark's `eval`). */
function fromDoubleFn(t: DataType): (d: number) => unknown {
  switch (t.kind) {
    case "byte":
    case "short":
    case "int":
    case "date":
      return (d) => Math.trunc(d) | 0;
    case "long":
    case "timestamp":
    case "timestamp_ntz":
      return (d) => (Number.isSafeInteger(Math.trunc(d)) ? Math.trunc(d) : normLong(BigInt(Math.trunc(d))));
    case "float":
      return (d) => Math.fround(d);
    case "decimal": {
      const { precision, scale } = t;
      return (d) => {
        const p = decimalFromDouble(d);
        if (p === undefined) return null;
        const v = rescale(p.unscaled, p.scale, scale, "HALF_UP");
        return fitsPrecision(v, precision) ? v : null;
      };
    }
    default:
      return (d) => d;
  }
}

/** Reads the constant percentage(s), with Spark's checks. */
export function readPercentages(
  name: string,
  args: readonly BindArg[],
  index: number,
): { readonly values: number[]; readonly isArray: boolean } {
  const arg = args[index]!;
  const t = arg.dataType;
  const elem = t.kind === "array" ? t.elementType : t;
  if (!isNumeric(elem) && elem.kind !== "null") {
    throw unexpectedInputType(aggCallSql(name, args), index, '("DOUBLE" or "ARRAY<DOUBLE>")', arg);
  }
  const v = foldableValue(name, args, index, "percentage", '"DOUBLE"');
  if (v === null) throw typeMismatch("UNEXPECTED_NULL", aggCallSql(name, args), { exprName: "`percentage`" });
  const toDouble = toDoubleFn(elem);
  const isArray = t.kind === "array";
  const raw = isArray ? (v as unknown[]) : [v];
  const values = raw.map((x) => (x === null ? Number.NaN : toDouble(x)));
  if (values.some((p) => !(p >= 0 && p <= 1))) {
    throw typeMismatch("VALUE_OUT_OF_RANGE", aggCallSql(name, args), {
      exprName: "`percentage`",
      valueRange: "[0.0, 1.0]",
      currentValue: values.join(", "),
    });
  }
  return { values, isArray };
}

/** `percentile_approx` (alias `approx_percentile`). */
export const percentileApprox: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "percentile_approx",
  aliases: ["approx_percentile"],
  args: { min: 2, max: 3 },
  // The two-argument form gets the default accuracy as a literal child, which the name shows.
  sql: (args, calledAs) =>
    sqlAsCalled(args.length === 2 ? [...args, String(DEFAULT_PERCENTILE_ACCURACY)] : args, calledAs),
  coerce: (types) =>
    types.map((t, i) => {
      if (i === 0) return t.kind === "string" || t.kind === "null" ? DOUBLE : undefined;
      if (i === 1) {
        if (isNumeric(t) || t.kind === "null") return DOUBLE;
        if (t.kind === "array" && (isNumeric(t.elementType) || t.elementType.kind === "null")) {
          return new ArrayType(DOUBLE, false);
        }
      }
      return undefined;
    }),
  docs: {
    usage:
      "percentile_approx(col, percentage [, accuracy]) returns the smallest value of col such that no more than percentage of the values are less than it; 1/accuracy is the relative error.",
    examples: [
      {
        sql: "percentile_approx(col, array(0.5, 0.4, 0.1), 100) FROM VALUES (0), (1), (2), (10) AS tab(col)",
        result: "[1, 1, 0]",
      },
      {
        sql: "percentile_approx(col, 0.5, 100) FROM VALUES (0), (6), (7), (9), (10) AS tab(col)",
        result: "7",
      },
    ],
    since: "2.1.0",
  },
  bind: (args): BoundAggregate => {
    const name = "percentile_approx";
    const colType = args[0]!.dataType;
    if (!isPercentileInput(colType)) {
      throw unexpectedInputType(
        aggCallSql(name, args),
        0,
        '("NUMERIC" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ")',
        args[0]!,
      );
    }
    const { values: percentages, isArray } = readPercentages(name, args, 1);
    let accuracy = DEFAULT_PERCENTILE_ACCURACY;
    if (args.length > 2) {
      const a = args[2]!;
      if (!isIntegral(a.dataType)) throw unexpectedInputType(aggCallSql(name, args), 2, '"INTEGRAL"', a);
      const v = foldableValue(name, args, 2, "accuracy", '"INTEGRAL"');
      const n = typeof v === "bigint" ? Number(v) : (v as number | null);
      if (n === null || n <= 0 || n > 2147483647) {
        throw typeMismatch("VALUE_OUT_OF_RANGE", aggCallSql(name, args), {
          exprName: "`accuracy`",
          valueRange: "(0, 2147483647]",
          currentValue: `${String(v)}L`,
        });
      }
      accuracy = n;
    }
    const relativeError = 1 / accuracy;
    const toDouble =
      colType.kind === "date" || colType.kind.startsWith("timestamp")
        ? toDoubleFn(DOUBLE)
        : toDoubleFn(colType);
    const fromDouble = fromDoubleFn(colType);
    const resultType = isArray ? new ArrayType(colType, false) : colType;
    return {
      dataType: resultType,
      nullable: true,
      init: () => newSummary(relativeError),
      update: (buf, x) => insertValue(buf as QuantileState, toDouble(x)),
      merge: (a, b) => mergeSummaries(a as QuantileState, b as QuantileState),
      finish: (buf) => {
        const r = queryQuantiles(buf as QuantileState, percentages);
        if (r === undefined) return null;
        const out = r.map(fromDouble);
        return isArray ? out : out[0];
      },
    };
  },
};
