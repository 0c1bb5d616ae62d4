/**
 * Comparison operators `= == <=> != <> < <= > >=`. Operands are coerced to one type with Spark's
 * binary-comparison rules; doubles and floats compare as Spark does (NaN equals NaN and is larger
 * than every other value, -0.0 equals 0.0); other types use the shared total orderings.
 */
import { binaryOperatorInputTypes } from "../../types/coercion.js";
import { BOOLEAN, type DataType, DOUBLE, sameTypeIgnoreNullability } from "../../types/data-type.js";
import { type Comparator, compareStrings, compareValues } from "../collection/compare.js";
import type { BindArg, BoundScalar, FunctionDocs, ScalarFunctionDefinition } from "../function-definition.js";
import { binaryOpDiffTypes, binaryOpWrongType } from "./helpers.js";

/** The comparison operators. */
export type CompareOp = "=" | "<=>" | "!=" | "<" | "<=" | ">" | ">=";

/** Spark's double comparison: NaN is the largest value and equal to itself; -0.0 equals 0.0. */
export function compareDoubles(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  const xn = Number.isNaN(x);
  const yn = Number.isNaN(y);
  return xn === yn ? 0 : xn ? 1 : -1;
}

/** A comparator for non-null values of `t`, specialised once per type. */
export function comparatorFor(t: DataType): Comparator {
  switch (t.kind) {
    case "float":
    case "double":
      return (a, b) => compareDoubles(a as number, b as number);
    case "byte":
    case "short":
    case "int":
    case "long":
    case "decimal":
    case "date":
    case "timestamp":
    case "timestamp_ntz":
    case "boolean":
      return (a, b) => {
        const x = a as number;
        const y = b as number;
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case "string":
      return (a, b) => compareStrings(a as string, b as string);
    default:
      return compareValues(t);
  }
}

/** Input types for a comparison (Spark's PromoteStrings + DecimalPrecision + ImplicitTypeCasts). */
export function comparisonInputTypes(
  argTypes: readonly DataType[],
  ansi = true,
): readonly (DataType | undefined)[] {
  const [l, r] = [argTypes[0]!, argTypes[1]!];
  // A string compared with a decimal compares as DOUBLE in Spark 4 (predicate-functions.sql.out:
  // '1.5' > 0.5 is true rather than an overflow of DECIMAL(1,1), and 1.5 = '1.51' is false).
  if ((l.kind === "string" && r.kind === "decimal") || (l.kind === "decimal" && r.kind === "string")) {
    return [DOUBLE, DOUBLE];
  }
  // Spark never reads a string as an ANSI interval for a comparison: the types stay different
  // (interval.sql.out and nonansi/interval.sql.out `INTERVAL '1' DAY < '1'`).
  const ansiIv = (t: DataType) => t.kind === "day_time_interval" || t.kind === "year_month_interval";
  if ((l.kind === "string" && ansiIv(r)) || (ansiIv(l) && r.kind === "string")) return [undefined, undefined];
  const t = binaryOperatorInputTypes(l, r, "comparison", ansi);
  return t === undefined ? [undefined, undefined] : t;
}

function callText(op: CompareOp, a: string, b: string): string {
  return op === "!=" ? `(NOT (${a} = ${b}))` : `(${a} ${op} ${b})`;
}

/** Checks the coerced operand types and returns the type values are compared as. */
function operandType(op: CompareOp, args: readonly BindArg[]): DataType {
  const l = args[0]!.dataType;
  const r = args[1]!.dataType;
  const sql = callText(op, args[0]!.sql, args[1]!.sql);
  const t = l.kind === "null" ? r : l;
  if (l.kind !== "null" && r.kind !== "null" && !sameTypeIgnoreNullability(l, r)) {
    throw binaryOpDiffTypes(sql, l, r);
  }
  if (t.kind === "map" || t.kind === "calendar_interval") {
    throw binaryOpWrongType(sql, '"ANY"', t);
  }
  return t;
}

const INLINE_TYPES = new Set([
  "byte",
  "short",
  "int",
  "long",
  "date",
  "timestamp",
  "timestamp_ntz",
  "boolean",
]);

function bindCompare(op: CompareOp, args: readonly BindArg[]): BoundScalar {
  const t = operandType(op, args);
  const cmp = comparatorFor(t);
  const nullable = args[0]!.nullable || args[1]!.nullable;
  if (op === "<=>") {
    return {
      dataType: BOOLEAN,
      nullable: false,
      nullIntolerant: false,
      eval: (a, b) => (a === null || b === null ? a === b : cmp(a, b) === 0),
    };
  }
  const simple = INLINE_TYPES.has(t.kind);
  const js = op === "=" ? "===" : op === "!=" ? "!==" : op;
  const inline = simple ? { inline: (a: readonly string[]) => `(${a[0]} ${js} ${a[1]})` } : {};
  let evalFn: (a: unknown, b: unknown) => unknown;
  switch (op) {
    case "=":
      evalFn = simple ? (a, b) => a === b : (a, b) => cmp(a, b) === 0;
      break;
    case "!=":
      evalFn = simple ? (a, b) => a !== b : (a, b) => cmp(a, b) !== 0;
      break;
    case "<":
      evalFn = (a, b) => cmp(a, b) < 0;
      break;
    case "<=":
      evalFn = (a, b) => cmp(a, b) <= 0;
      break;
    case ">":
      evalFn = (a, b) => cmp(a, b) > 0;
      break;
    default:
      evalFn = (a, b) => cmp(a, b) >= 0;
      break;
  }
  return { dataType: BOOLEAN, nullable, eval: evalFn, ...inline };
}

function compareDef(
  op: CompareOp,
  name: string,
  docs: FunctionDocs,
  aliases?: readonly string[],
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    ...(aliases ? { aliases } : {}),
    args: { min: 2, max: 2 },
    docs,
    sql: (args) => callText(op, args[0]!, args[1]!),
    coerce: comparisonInputTypes,
    bind: (args) => bindCompare(op, args),
  };
}

/** `expr1 = expr2` (also `==`). */
export const EQUAL_TO = compareDef(
  "=",
  "=",
  {
    usage: "Returns true if `expr1` equals `expr2`, or false otherwise.",
    examples: [
      { sql: "2 = 2", result: "true" },
      { sql: "1 = '1'", result: "true" },
      { sql: "true = NULL", result: "NULL" },
    ],
  },
  ["=="],
);

/** `expr1 <=> expr2`: null-safe equality. */
export const EQUAL_NULL_SAFE = compareDef("<=>", "<=>", {
  usage:
    "Returns same result as the EQUAL(=) operator for non-null operands, but returns true if both are null, false if one of the them is null.",
  examples: [
    { sql: "2 <=> 2", result: "true" },
    { sql: "NULL <=> NULL", result: "true" },
  ],
});

/** `expr1 != expr2` (also `<>`), displayed as `(NOT (a = b))`. */
export const NOT_EQUAL = compareDef(
  "!=",
  "!=",
  {
    usage: "Returns true if `expr1` is not equal to `expr2`, or false otherwise.",
    examples: [
      { sql: "1 != 2", result: "true" },
      { sql: "1 != '1'", result: "false" },
    ],
  },
  ["<>"],
);

/** `expr1 < expr2`. */
export const LESS_THAN = compareDef("<", "<", {
  usage: "Returns true if `expr1` is less than `expr2`.",
  examples: [{ sql: "1 < 2", result: "true" }],
});

/** `expr1 <= expr2`. */
export const LESS_THAN_OR_EQUAL = compareDef("<=", "<=", {
  usage: "Returns true if `expr1` is less than or equal to `expr2`.",
  examples: [{ sql: "2 <= 2", result: "true" }],
});

/** `expr1 > expr2`. */
export const GREATER_THAN = compareDef(">", ">", {
  usage: "Returns true if `expr1` is greater than `expr2`.",
  examples: [{ sql: "2 > 1", result: "true" }],
});

/** `expr1 >= expr2`. */
export const GREATER_THAN_OR_EQUAL = compareDef(">=", ">=", {
  usage: "Returns true if `expr1` is greater than or equal to `expr2`.",
  examples: [{ sql: "2 >= 1", result: "true" }],
});
