/**
 * Null-related comparisons: `nullif`, `equal_null`, `zeroifnull`, `nullifzero`. Both operands of
 * the comparisons are coerced to their wider common type (Spark coerces them for the `=` inside
 * `nullif`; the result then has that common type rather than the left operand's).
 */
import { BOOLEAN, type DataType, INT, isNumeric, LONG, STRING } from "../../types/data-type.js";
import { findWiderTypeForTwo } from "../../types/coercion.js";
import { decimalToDouble } from "../../data/decimal.js";
import { valuesEqual } from "../../data/values.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { bindCast } from "./cast.js";

function commonTypes(types: readonly DataType[]): readonly (DataType | undefined)[] {
  const w = findWiderTypeForTwo(types[0]!, types[1]!);
  return w === undefined ? [undefined, undefined] : [w, w];
}

/** A numeric internal value as a double (decimals are unscaled bigints). */
function asDouble(t: DataType): (v: unknown) => number {
  if (t.kind === "decimal") {
    const scale = t.scale;
    return (v) => decimalToDouble(v as bigint, scale);
  }
  return (v) => Number(v as number | bigint);
}

function checkComparable(name: string, args: readonly BindArg[]): void {
  const [a, b] = args;
  if (a!.dataType.kind !== b!.dataType.kind && a!.dataType.kind !== "null" && b!.dataType.kind !== "null") {
    throw typeMismatch("DATA_DIFF_TYPES", `${name}(${a!.sql}, ${b!.sql})`, {
      functionName: `\`${name}\``,
      dataType: `["${a!.dataType.sql()}", "${b!.dataType.sql()}"]`,
    });
  }
}

/** `nullif(expr1, expr2)`: NULL when the two are equal, else `expr1`. */
export const NULLIF: ScalarFunctionDefinition = {
  type: "scalar",
  name: "nullif",
  args: { min: 2, max: 2 },
  docs: {
    usage: "nullif(expr1, expr2) - Returns null if `expr1` equals to `expr2`, or `expr1` otherwise.",
    examples: [{ sql: "nullif(2, 2)", result: "NULL" }],
    since: "2.0.0",
  },
  // Spark rewrites nullif(a, b) to if(a = b, NULL, a): numbers of different types are compared
  // widened, but the result keeps the first argument's type (nullif(1, 2.1d) is an INT).
  coerce: (types) =>
    isNumeric(types[0]!) && isNumeric(types[1]!) ? [undefined, undefined] : commonTypes(types),
  bind: (args) => {
    const [ta, tb] = [args[0]!.dataType, args[1]!.dataType];
    if (isNumeric(ta) && isNumeric(tb) && ta.kind !== tb.kind) {
      const da = asDouble(ta);
      const db = asDouble(tb);
      return {
        dataType: ta,
        nullable: true,
        nullIntolerant: false,
        eval: (a, b) => (a !== null && b !== null && da(a) === db(b) ? null : a),
      };
    }
    checkComparable("nullif", args);
    return {
      dataType: args[0]!.dataType,
      nullable: true,
      nullIntolerant: false,
      eval: (a, b) => (a !== null && b !== null && valuesEqual(a, b) ? null : a),
    };
  },
};

/** `equal_null(expr1, expr2)`: `=` that treats two NULLs as equal and never returns NULL. */
export const EQUAL_NULL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "equal_null",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "equal_null(expr1, expr2) - Returns same result as the EQUAL(=) operator for non-null operands, but returns true if both are null, false if one of the them is null.",
    examples: [
      { sql: "equal_null(3, 3)", result: "true" },
      { sql: "equal_null(NULL, 'abc')", result: "false" },
      { sql: "equal_null(NULL, NULL)", result: "true" },
    ],
    since: "3.4.0",
  },
  coerce: commonTypes,
  bind: (args) => {
    checkComparable("equal_null", args);
    return {
      dataType: BOOLEAN,
      nullable: false,
      nullIntolerant: false,
      eval: (a, b) => (a === null || b === null ? a === b : valuesEqual(a, b)),
    };
  },
};

/** `zeroifnull(expr)`: `expr`, or zero when it is NULL. */
export const ZEROIFNULL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "zeroifnull",
  args: { min: 1, max: 1 },
  docs: {
    usage: "zeroifnull(expr) - Returns zero if `expr` is equal to null, or `expr` otherwise.",
    examples: [{ sql: "zeroifnull(NULL)", result: "0" }],
    since: "4.0.0",
  },
  coerce: (types) => [findWiderTypeForTwo(types[0]!, INT)],
  bind: (args) => {
    const t = args[0]!.dataType.kind === "null" ? INT : args[0]!.dataType;
    if (!isNumeric(t)) throw unexpectedInputType("zeroifnull", 0, '"NUMERIC"', args[0]!);
    const zero = t.kind === "decimal" ? 0n : 0;
    return { dataType: t, nullable: false, nullIntolerant: false, eval: (v) => (v === null ? zero : v) };
  },
};

/** `nullifzero(expr)`: NULL when `expr` is zero, else `expr`. */
export const NULLIFZERO: ScalarFunctionDefinition = {
  type: "scalar",
  name: "nullifzero",
  args: { min: 1, max: 1 },
  docs: {
    usage: "nullifzero(expr) - Returns null if `expr` is equal to zero, or `expr` otherwise.",
    examples: [
      { sql: "nullifzero(0)", result: "NULL" },
      { sql: "nullifzero(2)", result: "2" },
    ],
    since: "4.0.0",
  },
  bind: (args, ctx) => {
    const t = args[0]!.dataType;
    if (t.kind === "null") return { dataType: t, nullable: true, eval: () => null };
    // Spark rewrites nullifzero(x) to if(x = 0, NULL, x): a string keeps its type and is compared
    // as a BIGINT (so '0' gives NULL and 'abc' fails to cast), as conditional-functions.sql.out shows.
    if (t.kind === "string") {
      const toLong = bindCast(STRING, LONG, ctx.ansi ? "ansi" : "legacy", ctx);
      return {
        dataType: t,
        nullable: true,
        eval: (v) => {
          const n = toLong(v);
          return n === 0 || n === 0n ? null : v;
        },
      };
    }
    if (!isNumeric(t)) throw unexpectedInputType("nullifzero", 0, '"NUMERIC"', args[0]!);
    return { dataType: t, nullable: true, eval: (v) => (v === 0 || v === 0n ? null : v) };
  },
};
