/**
 * Boolean predicates and null/NaN helpers: `not`, `isnull`, `isnotnull`, `in`, `between`, `isnan`,
 * `nanvl`, `greatest`, `least`. IN follows SQL three-valued logic: a match gives true, otherwise a
 * NULL anywhere gives NULL, otherwise false.
 */
import { findWiderCommonType, implicitCastTarget } from "../../types/coercion.js";
import {
  BOOLEAN,
  type DataType,
  DOUBLE,
  NULL_TYPE,
  sameTypeIgnoreNullability,
} from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { comparatorFor } from "./comparison.js";
import { argsSql, coerceToCommon, wrongType } from "./helpers.js";
import { typeMismatch, toSqlType } from "../errors.js";

/** `NOT expr`. */
export const NOT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "not",
  aliases: ["!"],
  args: { min: 1, max: 1 },
  docs: {
    usage: "Logical not.",
    examples: [
      { sql: "not true", result: "false" },
      { sql: "not NULL", result: "NULL" },
    ],
  },
  sql: (args) => `(NOT ${args[0]})`,
  coerce: (argTypes) => [implicitCastTarget(argTypes[0]!, BOOLEAN)],
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t.kind !== "boolean" && t.kind !== "null")
      throw wrongType(`(NOT ${args[0]!.sql})`, 0, '"BOOLEAN"', args[0]!);
    return { dataType: BOOLEAN, nullable: args[0]!.nullable, eval: (v) => !v, inline: (a) => `(!${a[0]})` };
  },
};

/** `expr IS NULL` / `isnull(expr)`. */
export const IS_NULL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "isnull",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Returns true if `expr` is null, or false otherwise.",
    examples: [{ sql: "isnull(1)", result: "false" }],
  },
  sql: (args) => `(${args[0]} IS NULL)`,
  bind: () => ({ dataType: BOOLEAN, nullable: false, nullIntolerant: false, eval: (v) => v === null }),
};

/** `expr IS NOT NULL` / `isnotnull(expr)`. */
export const IS_NOT_NULL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "isnotnull",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Returns true if `expr` is not null, or false otherwise.",
    examples: [{ sql: "isnotnull(1)", result: "true" }],
  },
  sql: (args) => `(${args[0]} IS NOT NULL)`,
  bind: () => ({ dataType: BOOLEAN, nullable: false, nullIntolerant: false, eval: (v) => v !== null }),
};

/** Spark's `equalsStructurally` ignoring nullability: struct field names do not matter. */
function sameStructure(a: DataType, b: DataType): boolean {
  if (a.kind === "struct" && b.kind === "struct") {
    return (
      a.fields.length === b.fields.length &&
      a.fields.every((f, i) => sameStructure(f.dataType, b.fields[i]!.dataType))
    );
  }
  if (a.kind === "array" && b.kind === "array") return sameStructure(a.elementType, b.elementType);
  if (a.kind === "map" && b.kind === "map")
    return sameStructure(a.keyType, b.keyType) && sameStructure(a.valueType, b.valueType);
  return sameTypeIgnoreNullability(a, b);
}

function checkSameTypes(name: string, callSql: string, args: readonly BindArg[]): DataType {
  let t: DataType = NULL_TYPE;
  for (const a of args) {
    if (a.dataType.kind === "null") continue;
    if (t.kind === "null") t = a.dataType;
    // IN compares structs by position, as Spark's In does: `(a, b) IN ((1, 2))` is allowed.
    else if (!(name === "in" ? sameStructure(t, a.dataType) : sameTypeIgnoreNullability(t, a.dataType))) {
      throw typeMismatch("DATA_DIFF_TYPES", callSql, {
        functionName: `\`${name}\``,
        dataType: `[${args.map((x) => toSqlType(x.dataType)).join(", ")}]`,
      });
    }
  }
  return t;
}

/** Hashable key for IN's constant-list fast path (primitives only; NaN and ±0 match as Spark). */
function isHashable(t: DataType): boolean {
  switch (t.kind) {
    case "boolean":
    case "byte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
    case "decimal":
    case "string":
    case "date":
    case "timestamp":
    case "timestamp_ntz":
      return true;
    default:
      return false;
  }
}

/** `expr IN (v1, v2, …)`. */
export const IN: ScalarFunctionDefinition = {
  type: "scalar",
  name: "in",
  args: { min: 1, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "Returns true if `expr` equals to any valN.",
    examples: [
      { sql: "1 in(1, 2, 3)", result: "true" },
      { sql: "1 in(2, 3, 4)", result: "false" },
    ],
  },
  sql: (args) => `(${args[0]} IN (${args.slice(1).join(", ")}))`,
  coerce: (argTypes: readonly DataType[], ansi = true) => coerceToCommon(argTypes, ansi),
  bind: (args) => {
    const callSql = `(${args[0]!.sql} IN (${args
      .slice(1)
      .map((a) => a.sql)
      .join(", ")}))`;
    const t = checkSameTypes("in", callSql, args);
    const nullable = args.some((a) => a.nullable);
    const list = args.slice(1);
    if (isHashable(t) && list.every((a) => a.foldable)) {
      const set = new Set<unknown>();
      let hasNull = false;
      for (const a of list) {
        const v = a.value ?? null;
        if (v === null) hasNull = true;
        // A long may be a bigint only beyond 2^53, so equal values always share a representation.
        else set.add(v);
      }
      return {
        dataType: BOOLEAN,
        nullable,
        nullIntolerant: false,
        eval: (v) => {
          if (v === null) return null;
          if (set.has(v)) return true;
          return hasNull ? null : false;
        },
      };
    }
    const cmp = comparatorFor(t);
    return {
      dataType: BOOLEAN,
      nullable,
      nullIntolerant: false,
      eval: (v, ...rest) => {
        if (v === null) return null;
        let sawNull = false;
        for (const x of rest) {
          if (x === null) sawNull = true;
          else if (cmp(v, x) === 0) return true;
        }
        return sawNull ? null : false;
      },
    };
  },
};

/** `expr BETWEEN lower AND upper` (SQL only): `lower <= expr AND expr <= upper` with three-valued logic. */
export const BETWEEN: ScalarFunctionDefinition = {
  type: "scalar",
  name: "between",
  args: { min: 3, max: 3 },
  docs: {
    usage: "Returns true if `expr` is between `lower` and `upper` (inclusive).",
    examples: [
      { sql: "0.5 between 0.1 AND 1.0", result: "true" },
      { sql: "2 between 3 AND 5", result: "false" },
    ],
  },
  // Spark 4 names `x BETWEEN a AND b` as the function call `between(x, a, b)`.
  coerce: (argTypes: readonly DataType[], ansi = true) => coerceToCommon(argTypes, ansi),
  bind: (args) => {
    const callSql = `between(${args[0]!.sql}, ${args[1]!.sql}, ${args[2]!.sql})`;
    const t = checkSameTypes("between", callSql, args);
    const cmp = comparatorFor(t);
    return {
      dataType: BOOLEAN,
      nullable: args.some((a) => a.nullable),
      nullIntolerant: false,
      eval: (v, lo, hi) => {
        if (v === null) return null;
        const ge = lo === null ? null : cmp(v, lo) >= 0;
        const le = hi === null ? null : cmp(v, hi) <= 0;
        if (ge === false || le === false) return false;
        if (ge === null || le === null) return null;
        return true;
      },
    };
  },
};

function coerceFloating(argTypes: readonly DataType[]): readonly (DataType | undefined)[] {
  const anyDouble = argTypes.some((t) => t.kind !== "float" && t.kind !== "null");
  return argTypes.map((t) => {
    if (t.kind === "float" && !anyDouble) return undefined;
    if (t.kind === "double") return undefined;
    if (t.kind === "null") return anyDouble ? DOUBLE : undefined;
    return implicitCastTarget(t, DOUBLE);
  });
}

/** `isnan(expr)`: true when the float/double is NaN; false for NULL. */
export const ISNAN: ScalarFunctionDefinition = {
  type: "scalar",
  name: "isnan",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Returns true if `expr` is NaN, or false otherwise.",
    examples: [{ sql: "isnan(cast('NaN' as double))", result: "true" }],
  },
  coerce: coerceFloating,
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t.kind !== "double" && t.kind !== "float" && t.kind !== "null") {
      throw wrongType(argsSql("isnan", args), 0, '("DOUBLE" or "FLOAT")', args[0]!);
    }
    return {
      dataType: BOOLEAN,
      nullable: false,
      nullIntolerant: false,
      eval: (v) => v !== null && Number.isNaN(v as number),
    };
  },
};

/** `nanvl(expr1, expr2)`: `expr1` unless it is NaN, then `expr2`. */
export const NANVL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "nanvl",
  args: { min: 2, max: 2 },
  docs: {
    usage: "Returns `expr1` if it's not NaN, or `expr2` otherwise.",
    examples: [{ sql: "nanvl(cast('NaN' as double), 123)", result: "123.0" }],
  },
  coerce: coerceFloating,
  bind: (args) => {
    for (let i = 0; i < 2; i++) {
      const t = args[i]!.dataType;
      if (t.kind !== "double" && t.kind !== "float" && t.kind !== "null") {
        throw wrongType(argsSql("nanvl", args), i, '("DOUBLE" or "FLOAT")', args[i]!);
      }
    }
    const l = args[0]!.dataType;
    const dataType = l.kind === "null" ? args[1]!.dataType : l;
    return {
      dataType: dataType.kind === "null" ? DOUBLE : dataType,
      nullable: args[0]!.nullable || args[1]!.nullable,
      nullIntolerant: false,
      eval: (a, b) => {
        if (a === null) return null;
        return Number.isNaN(a as number) ? b : a;
      },
    };
  },
};

function extremum(name: "greatest" | "least"): ScalarFunctionDefinition {
  const sign = name === "greatest" ? 1 : -1;
  return {
    type: "scalar",
    name,
    args: { min: 2, max: Number.POSITIVE_INFINITY },
    docs: {
      usage:
        name === "greatest"
          ? "Returns the greatest value of all parameters, skipping null values."
          : "Returns the least value of all parameters, skipping null values.",
      examples: [{ sql: `${name}(10, 9, 2, 4, 3)`, result: name === "greatest" ? "10" : "2" }],
    },
    coerce: (argTypes: readonly DataType[], ansi = true) => {
      if (findWiderCommonType(argTypes, ansi) === undefined) return argTypes.map(() => undefined);
      return coerceToCommon(argTypes, ansi);
    },
    bind: (args) => {
      const t = checkSameTypes(name, argsSql(name, args), args);
      const cmp = comparatorFor(t);
      return {
        dataType: t,
        nullable: args.every((a) => a.nullable),
        nullIntolerant: false,
        eval: (...vs) => {
          let best: unknown = null;
          for (const v of vs) {
            if (v === null) continue;
            if (best === null || sign * cmp(v, best) > 0) best = v;
          }
          return best;
        },
      };
    },
  };
}

/** `greatest(expr, …)`: the largest non-null argument. */
export const GREATEST = extremum("greatest");
/** `least(expr, …)`: the smallest non-null argument. */
export const LEAST = extremum("least");
