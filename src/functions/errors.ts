/**
 * Error factories for function binding: type mismatches and bad arguments, with Spark's classes.
 */
import { TsparkError } from "../common/errors.js";
import type { DataType } from "../types/data-type.js";
import type { BindArg } from "./function-definition.js";

/** Spark's ordinal words for parameter positions (`first`, `second`, `third`, `4th`). */
export function ordinalNumber(i: number): string {
  return ["first", "second", "third"][i] ?? `${i + 1}th`;
}

/** Quotes a SQL expression text as Spark does in messages: "upper(name)". */
export function toSqlExpr(sql: string): string {
  return `"${sql}"`;
}

/** Quotes a type as Spark does in messages: "INT". */
export function toSqlType(t: DataType | string): string {
  return `"${typeof t === "string" ? t : t.sql()}"`;
}

/** `DATATYPE_MISMATCH.<sub>` for the call `callSql`. */
export function typeMismatch(sub: string, callSql: string, params: Record<string, string> = {}): TsparkError {
  return new TsparkError(`DATATYPE_MISMATCH.${sub}`, {
    messageParameters: { sqlExpr: toSqlExpr(callSql), ...params },
  });
}

/** `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` for argument `index` of `callSql`. */
export function unexpectedInputType(
  callSql: string,
  index: number,
  requiredType: string,
  arg: BindArg,
): TsparkError {
  return typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
    paramIndex: ordinalNumber(index),
    requiredType,
    inputSql: toSqlExpr(arg.sql),
    inputType: toSqlType(arg.dataType),
  });
}

/** A bad argument value found at runtime or bind time (`INVALID_PARAMETER_VALUE`). */
export function invalidParameter(functionName: string, parameter: string, message: string): TsparkError {
  return new TsparkError("INVALID_PARAMETER_VALUE", {
    messageParameters: { functionName: `\`${functionName}\``, parameter: `\`${parameter}\``, message },
  });
}
