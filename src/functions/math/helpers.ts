/**
 * Shared pieces of the math family and the operators: Spark's arithmetic error factories, Java
 * integer semantics (wrap in legacy mode, raise in ANSI mode, NULL for try_*), long arithmetic on
 * `number | bigint`, decimal result fitting, and small definition builders.
 */
import { TsparkError } from "../../common/errors.js";
import { decimalToString, fitsPrecision, rescale } from "../../data/decimal.js";
import { fitsLong, normLong, wrapLong } from "../../data/values.js";
import { findWiderCommonType, implicitCastTarget } from "../../types/coercion.js";
import { type DataType, DecimalType, DOUBLE, isNumeric } from "../../types/data-type.js";
import { toSqlExpr, toSqlType, typeMismatch, unexpectedInputType } from "../errors.js";
import type { BindArg, BindContext, FunctionDocs, ScalarFunctionDefinition } from "../function-definition.js";

/** How a kernel reacts to overflow and division by zero: raise (ANSI), wrap/NULL (legacy), NULL (try_*). */
export type ArithMode = "ansi" | "legacy" | "try";

/** The conf name Spark puts in the `config` message parameter. */
export const ANSI_CONFIG = '"spark.sql.ansi.enabled"';

/** The arithmetic mode for a bind context. */
export function modeOf(ctx: BindContext): ArithMode {
  return ctx.ansi ? "ansi" : "legacy";
}

/** `ARITHMETIC_OVERFLOW` as Spark's `arithmeticOverflowError(message, hint)` builds it. */
export function overflowError(message: string, tryFunction?: string): TsparkError {
  return new TsparkError("ARITHMETIC_OVERFLOW", {
    messageParameters: {
      message,
      alternative:
        tryFunction === undefined
          ? ""
          : ` Use '${tryFunction}' to tolerate overflow and return NULL instead.`,
      config: ANSI_CONFIG,
    },
  });
}

/** `BINARY_ARITHMETIC_OVERFLOW` for byte/short arithmetic. */
export function binaryOverflowError(
  v1: string,
  symbol: string,
  v2: string,
  tryFunction: string,
): TsparkError {
  return new TsparkError("BINARY_ARITHMETIC_OVERFLOW", {
    messageParameters: { value1: v1, symbol, value2: v2, functionName: `\`${tryFunction}\`` },
  });
}

/** `DIVIDE_BY_ZERO` (ANSI `/`, `div`, `%`, `pmod` by zero). */
export function divideByZeroError(): TsparkError {
  return new TsparkError("DIVIDE_BY_ZERO", { messageParameters: { config: ANSI_CONFIG } });
}

/** `NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION` for a decimal result that needs more digits. */
export function decimalOverflowError(unscaled: bigint, scale: number, t: DecimalType): TsparkError {
  return new TsparkError("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", {
    messageParameters: {
      roundedValue: decimalToString(unscaled, scale),
      originalValue: decimalToString(unscaled, scale),
      precision: String(t.precision),
      scale: String(t.scale),
      config: ANSI_CONFIG,
    },
  });
}

/**
 * Rounds an exact decimal (unscaled at `scale`) HALF_UP to the result type; when it does not fit,
 * raises in ANSI mode and returns NULL otherwise (Spark's `Decimal.toPrecision` with
 * `nullOnOverflow = !ansi`).
 */
export function fitDecimal(unscaled: bigint, scale: number, t: DecimalType, mode: ArithMode): bigint | null {
  const v = rescale(unscaled, scale, t.scale, "HALF_UP");
  if (fitsPrecision(v, t.precision)) return v;
  if (mode === "ansi") throw decimalOverflowError(v, t.scale, t);
  return null;
}

/** Result of a long operation computed exactly as a bigint: normalised, wrapped or an error. */
export function longResult(v: bigint, mode: ArithMode, tryFunction: string): number | bigint | null {
  if (fitsLong(v)) return normLong(v);
  if (mode === "ansi") throw overflowError("long overflow", tryFunction);
  if (mode === "try") return null;
  return wrapLong(v);
}

const INT_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

/** Wraps an exact integer (|v| ≤ 2^53) to a Java byte/short/int. */
export function wrapIntegral(kind: string, v: number): number {
  switch (kind) {
    case "byte":
      return (v << 24) >> 24;
    case "short":
      return (v << 16) >> 16;
    default:
      return v | 0;
  }
}

/** Spark's SQL literal form of a byte/short value in messages (`127Y`, `32767S`). */
function smallLiteral(kind: string, v: number): string {
  return kind === "byte" ? `${v}Y` : kind === "short" ? `${v}S` : String(v);
}

/**
 * Result of a byte/short/int operation whose exact value `v` is known (or is a double that is out of
 * range when the exact one is): ANSI raises, try gives NULL, legacy wraps with `wrapped()`.
 */
export function intResult(
  kind: string,
  v: number,
  mode: ArithMode,
  tryFunction: string,
  wrapped: () => number,
  operands?: readonly [number, string, number],
): number | null {
  const b = INT_BOUNDS[kind]!;
  if (v >= b[0] && v <= b[1]) return v;
  if (mode === "ansi") {
    if (kind !== "int" && operands) {
      throw binaryOverflowError(
        smallLiteral(kind, operands[0]),
        operands[1],
        smallLiteral(kind, operands[2]),
        tryFunction,
      );
    }
    throw overflowError("integer overflow", tryFunction === "" ? undefined : tryFunction);
  }
  if (mode === "try") return null;
  return wrapped();
}

/** Converts an internal numeric value (int, long, float, double; not decimal) to a JS number. */
export function toNumber(v: unknown): number {
  return typeof v === "bigint" ? Number(v) : (v as number);
}

/** `name(a, b)` from argument SQL texts. */
export function funcSql(name: string, args: readonly string[]): string {
  return `${name}(${args.join(", ")})`;
}

/** SQL text of a call from bind args, for error messages. */
export function argsSql(name: string, args: readonly BindArg[]): string {
  return funcSql(
    name,
    args.map((a) => a.sql),
  );
}

/** Spark's display for functions registered with an alias: `UPPER(x)` under the canonical name, `alias(x)` otherwise. */
export function upperUnlessAlias(canonical: string): (args: readonly string[], calledAs: string) => string {
  return (args, calledAs) =>
    calledAs.toLowerCase() === canonical
      ? funcSql(canonical.toUpperCase(), args)
      : funcSql(calledAs.toLowerCase(), args);
}

/** Throws `UNEXPECTED_INPUT_TYPE` unless argument `i` is numeric (or NULL). */
export function requireNumeric(name: string, args: readonly BindArg[], i: number): void {
  const t = args[i]!.dataType;
  if (isNumeric(t) || t.kind === "null") return;
  throw unexpectedInputType(argsSql(name, args), i, '"NUMERIC"', args[i]!);
}

/** Coercion for functions taking DOUBLE arguments (sqrt, sin, pow, …): numeric and string inputs become DOUBLE. */
export function coerceAllDouble(argTypes: readonly DataType[]): readonly (DataType | undefined)[] {
  return argTypes.map((t) =>
    t.kind === "double" ? undefined : (implicitCastTarget(t, DOUBLE) ?? undefined),
  );
}

/** Coercion that casts every argument to their wider common type (greatest, least, nanvl, IN). */
export function coerceToCommon(
  argTypes: readonly DataType[],
  ansi = true,
): readonly (DataType | undefined)[] {
  const common = findWiderCommonType(argTypes, ansi);
  if (common === undefined) return argTypes.map(() => undefined);
  return argTypes.map(() => common);
}

/** `DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES`. */
export function binaryOpDiffTypes(callSql: string, left: DataType, right: DataType): TsparkError {
  return typeMismatch("BINARY_OP_DIFF_TYPES", callSql, { left: toSqlType(left), right: toSqlType(right) });
}

/** `DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE`. */
export function binaryOpWrongType(callSql: string, required: string, actual: DataType): TsparkError {
  return typeMismatch("BINARY_OP_WRONG_TYPE", callSql, {
    inputType: required,
    actualDataType: toSqlType(actual),
  });
}

/** `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` with a free-form required type. */
export function wrongType(callSql: string, index: number, required: string, arg: BindArg): TsparkError {
  return typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
    paramIndex: ["first", "second", "third"][index] ?? `${index + 1}th`,
    requiredType: required,
    inputSql: toSqlExpr(arg.sql),
    inputType: toSqlType(arg.dataType),
  });
}

/**
 * A scalar definition of a DOUBLE → DOUBLE function (sqrt, sin, …). `f` is applied to the double
 * value; the result keeps Java semantics (NaN for out-of-domain inputs) unless `f` returns null.
 */
export function unaryDouble(
  name: string,
  f: (x: number) => number | null,
  docs: FunctionDocs,
  options: { aliases?: readonly string[]; upper?: boolean; nullable?: boolean } = {},
): ScalarFunctionDefinition {
  const def: ScalarFunctionDefinition = {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs,
    coerce: coerceAllDouble,
    bind: (args) => {
      const t = args[0]!.dataType;
      if (t.kind !== "double" && t.kind !== "null") {
        if (!isNumeric(t)) throw unexpectedInputType(argsSql(name, args), 0, '"DOUBLE"', args[0]!);
      }
      return {
        dataType: DOUBLE,
        nullable: options.nullable === true || args[0]!.nullable,
        eval: (x) => f(toNumber(x)),
      };
    },
    ...(options.aliases ? { aliases: options.aliases } : {}),
    sql:
      options.upper === false ? (a, calledAs) => funcSql(calledAs.toLowerCase(), a) : upperUnlessAlias(name),
  };
  return def;
}

/** A decimal type with the given precision/scale (helper to keep call sites short). */
export function dec(precision: number, scale: number): DecimalType {
  return new DecimalType(precision, scale);
}
