/**
 * Helpers shared by the aggregate kernels: argument checks with Spark's error classes, the
 * implicit-cast wishes of numeric aggregates, conversion of internal numeric values to doubles and
 * small readers of foldable arguments.
 */
import { TsparkError } from "../../common/errors.js";
import { decimalToDouble } from "../../data/decimal.js";
import { type DataType, DOUBLE, isNumeric } from "../../types/data-type.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { BindArg } from "../function-definition.js";

/** The SQL text of a call, `name(a, b)`, as used in error messages. */
export function aggCallSql(name: string, args: readonly BindArg[]): string {
  return `${name}(${args.map((a) => a.sql).join(", ")})`;
}

/** Display name `calledAs(a, b)`: Spark prints aliases such as `mean`, `std`, `every` as written. */
export function sqlAsCalled(args: readonly string[], calledAs: string): string {
  return `${calledAs}(${args.join(", ")})`;
}

/**
 * Coercion for aggregates declared with Spark's `DoubleType` input (stddev, corr, …): numeric,
 * string and NULL arguments become DOUBLE; other types stay and fail in `bind`.
 */
export function coerceAllToDouble(argTypes: readonly DataType[]): readonly (DataType | undefined)[] {
  return argTypes.map((t) => (isNumeric(t) || t.kind === "string" || t.kind === "null" ? DOUBLE : undefined));
}

/**
 * Coercion for aggregates declared with Spark's `NumericType` input (sum, avg): numeric types stay,
 * string and NULL become DOUBLE (the default numeric type).
 */
export function coerceNumeric(argTypes: readonly DataType[]): readonly (DataType | undefined)[] {
  return argTypes.map((t) => (t.kind === "string" || t.kind === "null" ? DOUBLE : undefined));
}

/** True for types whose values `toDoubleFn` can convert (numeric and NULL). */
export function isNumericOrNull(t: DataType): boolean {
  return isNumeric(t) || t.kind === "null";
}

/** Throws `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` unless argument `index` is numeric (or NULL). */
export function requireNumericArg(
  name: string,
  args: readonly BindArg[],
  index: number,
  requiredType = '"DOUBLE"',
): void {
  const arg = args[index] as BindArg;
  if (!isNumericOrNull(arg.dataType))
    throw unexpectedInputType(aggCallSql(name, args), index, requiredType, arg);
}

/** Throws `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` unless argument `index` is BOOLEAN (or NULL). */
export function requireBooleanArg(name: string, args: readonly BindArg[], index: number): void {
  const arg = args[index] as BindArg;
  if (arg.dataType.kind !== "boolean" && arg.dataType.kind !== "null") {
    throw unexpectedInputType(aggCallSql(name, args), index, '"BOOLEAN"', arg);
  }
}

/**
 * A converter from an internal numeric value of `t` to a JS double, as Spark's cast to DOUBLE:
 * longs held as bigint and decimals (unscaled bigint) are rounded to the nearest double.
 */
export function toDoubleFn(t: DataType): (v: unknown) => number {
  switch (t.kind) {
    case "long":
      return (v) => (typeof v === "bigint" ? Number(v) : (v as number));
    case "decimal": {
      const scale = t.scale;
      return (v) => decimalToDouble(v as bigint, scale);
    }
    default:
      return (v) => v as number;
  }
}

/**
 * Reads a foldable argument's constant value; throws `DATATYPE_MISMATCH.NON_FOLDABLE_INPUT` when the
 * argument is not constant (Spark requires literals for percentages, accuracies, flags).
 */
export function foldableValue(
  name: string,
  args: readonly BindArg[],
  index: number,
  inputName: string,
  inputType: string,
): unknown {
  const arg = args[index] as BindArg;
  if (!arg.foldable) {
    throw typeMismatch("NON_FOLDABLE_INPUT", aggCallSql(name, args), {
      inputName: `\`${inputName}\``,
      inputType,
      inputExpr: `"${arg.sql}"`,
    });
  }
  return arg.value ?? null;
}

/**
 * Reads the optional `ignoreNulls` flag of first/last/any_value (a BOOLEAN literal second argument);
 * Spark rejects anything that is not a boolean literal.
 */
export function ignoreNullsFlag(name: string, args: readonly BindArg[]): boolean {
  if (args.length < 2) return false;
  const arg = args[1] as BindArg;
  if (arg.dataType.kind !== "boolean") throw unexpectedInputType(aggCallSql(name, args), 1, '"BOOLEAN"', arg);
  const v = foldableValue(name, args, 1, "ignoreNulls", '"BOOLEAN"');
  return v === true;
}

/** Spark's `ARITHMETIC_OVERFLOW` for a sum or product that left its type (ANSI mode). */
export function aggregateOverflow(message: string, suggestedFunc: string): TsparkError {
  return new TsparkError("ARITHMETIC_OVERFLOW", {
    messageParameters: {
      message,
      alternative: ` Use '${suggestedFunc}' to tolerate overflow and return NULL instead.`,
      config: '"spark.sql.ansi.enabled"',
    },
  });
}

/** Spark's `DIVIDE_BY_ZERO` (ANSI mode division inside an aggregate's final expression). */
export function aggregateDivideByZero(): TsparkError {
  return new TsparkError("DIVIDE_BY_ZERO", { messageParameters: { config: '"spark.sql.ansi.enabled"' } });
}
