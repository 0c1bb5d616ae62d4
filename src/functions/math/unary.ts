/**
 * Unary arithmetic: `negative` (`(- a)`), `positive` (`(+ a)`) and `abs`. Strings are promoted to
 * DOUBLE as Spark's string promotion does; integral overflow (negating the minimum value) raises in
 * ANSI mode and wraps otherwise.
 */
import { MIN_LONG, normLong, wrapLong } from "../../data/values.js";
import { type DataType, DOUBLE, isAnsiInterval, isNumeric } from "../../types/data-type.js";
import { intervalNegateKernel } from "../datetime/interval-arithmetic.js";
import { toSqlExpr, toSqlType, typeMismatch } from "../errors.js";
import type { BindArg, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";
import { type ArithMode, intResult, modeOf, overflowError, wrapIntegral } from "./helpers.js";

function coerceUnary(argTypes: readonly DataType[]): readonly (DataType | undefined)[] {
  const t = argTypes[0]!;
  return [t.kind === "string" || t.kind === "null" ? DOUBLE : undefined];
}

function negateKernel(t: DataType, mode: ArithMode, abs: boolean): (v: unknown) => unknown {
  switch (t.kind) {
    case "byte":
    case "short":
    case "int": {
      const kind = t.kind;
      return (v) => {
        const x = v as number;
        if (abs && x >= 0) return x;
        return intResult(kind, -x, mode, "", () => wrapIntegral(kind, -x));
      };
    }
    case "long":
      return (v) => {
        if (typeof v === "number") return abs ? Math.abs(v) : -v + 0;
        const x = v as bigint;
        if (abs && x >= 0n) return x;
        if (x === MIN_LONG) {
          if (mode === "ansi") throw overflowError("long overflow");
          return wrapLong(-x);
        }
        return normLong(-x);
      };
    case "decimal":
      return (v) => {
        const x = v as bigint;
        return abs && x >= 0n ? x : -x;
      };
    default:
      // float/double: Java's -x and Math.abs (abs(-0.0) is 0.0).
      return abs ? (v) => Math.abs(v as number) : (v) => -(v as number);
  }
}

function bindUnary(
  name: string,
  sql: string,
  args: readonly BindArg[],
  mode: ArithMode,
  abs: boolean,
): BoundScalar {
  let t = args[0]!.dataType;
  if (t.kind === "null") t = DOUBLE;
  const ivKernel = intervalNegateKernel(t, abs);
  if (ivKernel) return { dataType: t, nullable: args[0]!.nullable, eval: ivKernel };
  if (!isNumeric(t)) {
    // Spark reports a non-numeric operand of unary +/- (and abs) as an unexpected input type.
    throw typeMismatch("UNEXPECTED_INPUT_TYPE", sql, {
      paramIndex: "first",
      requiredType: `("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH"${abs ? "" : ' or "INTERVAL"'})`,
      inputSql: toSqlExpr(args[0]!.sql),
      inputType: toSqlType(t),
    });
  }
  void name;
  const k = negateKernel(t, mode, abs);
  return {
    dataType: t,
    nullable: args[0]!.nullable,
    eval: k,
    ...(t.kind === "double" && !abs ? { inline: (a: readonly string[]) => `(-${a[0]})` } : {}),
  };
}

/** `negative(expr)` / `-expr`: the negated value. */
export const NEGATIVE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "negative",
  args: { min: 1, max: 1 },
  docs: { usage: "Returns the negated value of `expr`.", examples: [{ sql: "negative(1)", result: "-1" }] },
  sql: (args, calledAs) => (calledAs === "-" ? `(- ${args[0]})` : `${calledAs}(${args[0]})`),
  coerce: coerceUnary,
  bind: (args, ctx) => bindUnary("negative", `(- ${args[0]!.sql})`, args, modeOf(ctx), false),
};

/** `positive(expr)` / `+expr`: the value itself. */
export const POSITIVE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "positive",
  args: { min: 1, max: 1 },
  docs: { usage: "Returns the value of `expr`.", examples: [{ sql: "positive(1)", result: "1" }] },
  sql: (args, calledAs) => (calledAs === "+" ? `(+ ${args[0]})` : `${calledAs}(${args[0]})`),
  coerce: coerceUnary,
  bind: (args) => {
    let t = args[0]!.dataType;
    if (t.kind === "null") t = DOUBLE;
    if (!isNumeric(t) && !isAnsiInterval(t)) {
      throw typeMismatch("UNEXPECTED_INPUT_TYPE", `(+ ${args[0]!.sql})`, {
        paramIndex: "first",
        requiredType: '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")',
        inputSql: toSqlExpr(args[0]!.sql),
        inputType: toSqlType(t),
      });
    }
    return { dataType: t, nullable: args[0]!.nullable, eval: (v) => v, inline: (a) => a[0]! };
  },
};

/** `abs(expr)`: the absolute value. */
export const ABS: ScalarFunctionDefinition = {
  type: "scalar",
  name: "abs",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Returns the absolute value of the numeric or interval value.",
    examples: [{ sql: "abs(-1)", result: "1" }],
  },
  coerce: coerceUnary,
  bind: (args, ctx) => bindUnary("abs", `abs(${args[0]!.sql})`, args, modeOf(ctx), true),
};
