/**
 * Shared pieces of the datetime family: the implicit casts Spark applies to datetime arguments,
 * converters from an argument's internal value to days or micros, and small naming helpers.
 */
import { TsparkError } from "../../common/errors.js";
import {
  daysToMicros,
  getTimeZone,
  MICROS_PER_DAY,
  microsToDays,
  parseDate,
  parseTimestamp,
  type TimeZone,
} from "../../data/datetime.js";
import { DATE, type DataType, INT, STRING, TIMESTAMP } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { BindArg, BindContext } from "../function-definition.js";

/** The default format of from_unixtime / unix_timestamp. */
export const DEFAULT_TIMESTAMP_FORMAT = "yyyy-MM-dd HH:mm:ss";

/** `name(a, b)` display form. */
export function callSql(name: string, args: readonly string[]): string {
  return `${name}(${args.join(", ")})`;
}

/** Display name for functions Spark registers with an alias: printed as called. */
export function sqlAsCalled(args: readonly string[], calledAs: string): string {
  return callSql(calledAs.toLowerCase(), args);
}

/** The session's zone for a bind context. */
export function sessionZone(ctx: BindContext): TimeZone {
  return getTimeZone(ctx.timeZone);
}

/** Coercion wanting a DATE (strings and timestamps are cast, as Spark's ImplicitCastInputTypes). */
export function wantDate(t: DataType): DataType | undefined {
  return t.kind === "date" ? undefined : DATE;
}

/** Coercion wanting any timestamp: TIMESTAMP_NTZ stays, everything else becomes TIMESTAMP. */
export function wantAnyTimestamp(t: DataType): DataType | undefined {
  return t.kind === "timestamp" || t.kind === "timestamp_ntz" ? undefined : TIMESTAMP;
}

/** Coercion wanting a TIMESTAMP (with local time zone). */
export function wantTimestamp(t: DataType): DataType | undefined {
  return t.kind === "timestamp" ? undefined : TIMESTAMP;
}

/** Coercion wanting a STRING. */
export function wantString(t: DataType): DataType | undefined {
  return t.kind === "string" ? undefined : STRING;
}

/** Coercion wanting an INT (strings and other numbers are cast; the analyzer rejects the rest). */
export function wantInt(t: DataType): DataType | undefined {
  return t.kind === "int" ? undefined : INT;
}

/** Full call text for error messages. */
function callText(name: string, args: readonly BindArg[]): string {
  return callSql(
    name,
    args.map((a) => a.sql),
  );
}

/**
 * A converter from argument `i`'s internal value to days, for DATE (as is), TIMESTAMP (local date in
 * the session zone), TIMESTAMP_NTZ and STRING (Spark's cast). Other types throw
 * `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` requiring DATE.
 */
export function toDaysFn(
  name: string,
  args: readonly BindArg[],
  i: number,
  ctx: BindContext,
): (v: unknown) => number | null {
  const arg = args[i] as BindArg;
  switch (arg.dataType.kind) {
    case "null":
      return () => null;
    case "date":
      return (v) => v as number;
    case "timestamp": {
      const zone = sessionZone(ctx);
      return (v) => microsToDays(v as number, zone);
    }
    case "timestamp_ntz":
      return (v) => Math.floor((v as number) / MICROS_PER_DAY);
    case "string":
      return (v) => {
        const d = parseDate(v as string);
        if (d === null && ctx.ansi) throw castInvalid(v as string, "DATE");
        return d;
      };
    default:
      throw unexpectedInputType(callText(name, args), i, '"DATE"', arg);
  }
}

/**
 * A converter from argument `i`'s internal value to UTC micros, for TIMESTAMP (as is), DATE (local
 * midnight in the session zone) and STRING (Spark's cast); TIMESTAMP_NTZ is returned as is (its
 * wall clock read as UTC) when `allowNtz`.
 */
export function toMicrosFn(
  name: string,
  args: readonly BindArg[],
  i: number,
  ctx: BindContext,
  allowNtz = true,
): (v: unknown) => number | null {
  const arg = args[i] as BindArg;
  switch (arg.dataType.kind) {
    case "null":
      return () => null;
    case "timestamp":
      return (v) => v as number;
    case "timestamp_ntz":
      if (allowNtz) return (v) => v as number;
      break;
    case "date": {
      const zone = sessionZone(ctx);
      return (v) => daysToMicros(v as number, zone);
    }
    case "string": {
      const zone = sessionZone(ctx);
      return (v) => {
        const t = parseTimestamp(v as string, zone, ctx.currentTimeMicros);
        if (t === null && ctx.ansi) throw castInvalid(v as string, "TIMESTAMP");
        return t;
      };
    }
    default:
      break;
  }
  throw unexpectedInputType(callText(name, args), i, '"TIMESTAMP"', arg);
}

/** Spark's `CAST_INVALID_INPUT` for a string that is not a valid date or timestamp. */
export function castInvalid(s: string, target: "DATE" | "TIMESTAMP" | "TIMESTAMP_NTZ"): TsparkError {
  return new TsparkError("CAST_INVALID_INPUT", {
    messageParameters: {
      expression: `'${s.replace(/'/g, "\\'")}'`,
      sourceType: '"STRING"',
      targetType: `"${target}"`,
      ansiConfig: '"spark.sql.ansi.enabled"',
    },
  });
}

/** Requires argument `i` to be one of `kinds`, else `UNEXPECTED_INPUT_TYPE` naming `required`. */
export function requireKinds(
  name: string,
  args: readonly BindArg[],
  i: number,
  kinds: readonly string[],
  required: string,
): void {
  const arg = args[i] as BindArg;
  if (arg.dataType.kind === "null" || kinds.includes(arg.dataType.kind)) return;
  throw unexpectedInputType(callText(name, args), i, required, arg);
}

/** `spark.sql.legacy.timeParserPolicy` (CORRECTED by default since Spark 4.0). */
export function parserPolicy(ctx: BindContext): string {
  return (ctx.conf("spark.sql.legacy.timeParserPolicy") ?? "CORRECTED").toUpperCase();
}

/** `DATETIME_FIELD_OUT_OF_BOUNDS` with Spark's range message. */
export function fieldOutOfBounds(rangeMessage: string): TsparkError {
  return new TsparkError("DATETIME_FIELD_OUT_OF_BOUNDS", {
    messageParameters: { rangeMessage, ansiConfig: '"spark.sql.ansi.enabled"' },
  });
}

const MONTH_NAMES = [
  "JANUARY",
  "FEBRUARY",
  "MARCH",
  "APRIL",
  "MAY",
  "JUNE",
  "JULY",
  "AUGUST",
  "SEPTEMBER",
  "OCTOBER",
  "NOVEMBER",
  "DECEMBER",
];

/** Checks date fields as java.time's `LocalDate.of` does; returns the error message or undefined. */
export function dateFieldsError(year: number, month: number, day: number): string | undefined {
  if (year < -999_999_999 || year > 999_999_999) {
    return `Invalid value for Year (valid values -999999999 - 999999999): ${year}`;
  }
  if (month < 1 || month > 12) return `Invalid value for MonthOfYear (valid values 1 - 12): ${month}`;
  if (day < 1 || day > 31) return `Invalid value for DayOfMonth (valid values 1 - 28/31): ${day}`;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (day > max) {
    if (month === 2 && day === 29) return `Invalid date 'February 29' as '${year}' is not a leap year`;
    return `Invalid date '${MONTH_NAMES[month - 1]} ${day}'`;
  }
  return undefined;
}
