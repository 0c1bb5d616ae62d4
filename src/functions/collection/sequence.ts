/**
 * `sequence(start, stop[, step])` for integral types, and for dates and timestamps stepping by an
 * interval (months and days added in local time, as Spark does).
 */
import { TsparkError } from "../../common/errors.js";
import {
  dateToDays,
  daysInMonth,
  daysToDate,
  floorDiv,
  getTimeZone,
  localToUtcMicros,
  MICROS_PER_DAY,
  type TimeZone,
  utcToLocalMicros,
} from "../../data/datetime.js";
import type { CalendarInterval } from "../../data/values.js";
import { normLong } from "../../data/values.js";
import { findWiderCommonType } from "../../types/coercion.js";
import { ArrayType, type DataType, isIntegral } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { wrongArgType } from "./helpers.js";

/** Spark's cap on array length (`ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH`). */
const MAX_ARRAY_LENGTH = 2147483632;

function illegal(start: unknown, stop: unknown, step: unknown): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", {
    messageParameters: {
      message: `requirement failed: Illegal sequence boundaries: ${start} to ${stop} by ${step}`,
    },
  });
}

function tooLong(length: bigint): TsparkError {
  return new TsparkError("COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER", {
    messageParameters: {
      numberOfElements: String(length),
      maxRoundedArrayLength: String(MAX_ARRAY_LENGTH),
      functionName: "`sequence`",
      parameter: "`count`",
    },
  });
}

function integralSequence(start: unknown, stop: unknown, step: unknown): unknown[] {
  const a = BigInt(start as number | bigint);
  const b = BigInt(stop as number | bigint);
  const s = step === undefined ? (a <= b ? 1n : -1n) : BigInt(step as number | bigint);
  if ((s > 0n && a > b) || (s < 0n && a < b) || (s === 0n && a !== b)) throw illegal(start, stop, step);
  if (a === b) return [normLong(a)];
  const len = (b - a) / s + 1n;
  if (len > BigInt(MAX_ARRAY_LENGTH)) throw tooLong(len);
  const out = new Array<unknown>(Number(len));
  if (Number.isSafeInteger(Number(a)) && Number.isSafeInteger(Number(b))) {
    const x = Number(a);
    const d = Number(s);
    for (let i = 0; i < out.length; i++) out[i] = x + i * d;
  } else {
    for (let i = 0; i < out.length; i++) out[i] = normLong(a + BigInt(i) * s);
  }
  return out;
}

function addMonths(days: number, months: number): number {
  const { year, month, day } = daysToDate(days);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return dateToDays(y, m, Math.min(day, daysInMonth(y, m)));
}

function dateSequence(start: number, stop: number, step: CalendarInterval | undefined): number[] {
  const months = step?.months ?? 0;
  const days = step ? step.days + Math.trunc(step.micros / 86_400_000_000) : start <= stop ? 1 : -1;
  const positive = months > 0 || (months === 0 && days > 0);
  const negative = months < 0 || (months === 0 && days < 0);
  if (
    (positive && start > stop) ||
    (negative && start < stop) ||
    (!positive && !negative && start !== stop)
  ) {
    throw illegal(start, stop, step ? `${months} months ${days} days` : days);
  }
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const d = addMonths(start, months * i) + days * i;
    if (positive ? d > stop : d < stop) break;
    out.push(d);
    if (!positive && !negative) break;
    if (out.length > MAX_ARRAY_LENGTH) throw tooLong(BigInt(out.length));
  }
  return out;
}

/** Adds months and days in local time (Java's `LocalDateTime.plusMonths/plusDays`), then micros. */
function addInterval(
  micros: number,
  months: number,
  days: number,
  extra: number,
  zone: TimeZone | undefined,
): number {
  const local = zone ? utcToLocalMicros(micros, zone) : micros;
  const day = floorDiv(local, MICROS_PER_DAY);
  const timeOfDay = local - day * MICROS_PER_DAY;
  const shifted = (addMonths(day, months) + days) * MICROS_PER_DAY + timeOfDay;
  return (zone ? localToUtcMicros(shifted, zone) : shifted) + extra;
}

function timestampSequence(
  start: number,
  stop: number,
  step: CalendarInterval | undefined,
  zone: TimeZone | undefined,
): number[] {
  const months = step?.months ?? 0;
  const days = step ? step.days : start <= stop ? 1 : -1;
  const micros = step?.micros ?? 0;
  // The step's sign, as Spark estimates it (a month counts as 28 days, a day as 24 hours).
  const approx = months * 28 * MICROS_PER_DAY + days * MICROS_PER_DAY + micros;
  if ((approx > 0 && start > stop) || (approx < 0 && start < stop) || (approx === 0 && start !== stop)) {
    throw illegal(start, stop, step ? `${months} months ${days} days ${micros} microseconds` : days);
  }
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const t = addInterval(start, months * i, days * i, micros * i, zone);
    if (approx >= 0 ? t > stop : t < stop) break;
    out.push(t);
    if (approx === 0) break;
    if (out.length > MAX_ARRAY_LENGTH) throw tooLong(BigInt(out.length));
  }
  return out;
}

/** Reads a step of any interval type as a CalendarInterval (ANSI intervals are Spark 4's default). */
function stepAsCalendar(t: DataType | undefined): ((v: unknown) => CalendarInterval | undefined) | undefined {
  switch (t?.kind) {
    case "calendar_interval":
      return (v) => v as CalendarInterval | undefined;
    case "year_month_interval":
      return (v) => (v === undefined ? undefined : { months: v as number, days: 0, micros: 0 });
    case "day_time_interval":
      return (v) => (v === undefined ? undefined : { months: 0, days: 0, micros: Number(v) });
    default:
      return undefined;
  }
}

/**
 * `sequence(start, stop[, step])`: integers from start to stop inclusive (step defaults to 1 or
 * -1), or dates stepping by an interval (default one day).
 */
export const sequenceFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "sequence",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "sequence(start, stop[, step]) - Generates an array of elements from start to stop (inclusive), incrementing by step.",
    examples: [
      { sql: "sequence(1, 5)", result: "[1, 2, 3, 4, 5]" },
      { sql: "sequence(5, 1)", result: "[5, 4, 3, 2, 1]" },
      {
        sql: "sequence(to_date('2018-01-01'), to_date('2018-03-01'), interval 1 month)",
        result: "[2018-01-01, 2018-02-01, 2018-03-01]",
      },
    ],
    since: "2.4.0",
  },
  coerce: (types) => {
    const ends = types.slice(0, 2);
    if (ends.every((t) => isIntegral(t))) {
      const w = findWiderCommonType(types.every((t) => isIntegral(t)) ? types : ends);
      return w ? types.map((t) => (isIntegral(t) ? w : undefined)) : [];
    }
    return [];
  },
  bind(args, ctx) {
    const t: DataType | undefined = args[0]?.dataType;
    const nullable = args.some((a) => a.nullable);
    if (t && isIntegral(t)) {
      if (!isIntegral(args[1]?.dataType ?? t)) throw wrongArgType("sequence", args, 1, `"${t.sql()}"`);
      if (args[2] && !isIntegral(args[2].dataType)) throw wrongArgType("sequence", args, 2, `"${t.sql()}"`);
      return {
        dataType: new ArrayType(t, false),
        nullable,
        eval: (a, b, s) => integralSequence(a, b, s),
      };
    }
    const step = stepAsCalendar(args[2]?.dataType);
    if (t?.kind === "date" && args[1]?.dataType.kind === "date") {
      if (args[2] && !step) {
        throw wrongArgType("sequence", args, 2, '"INTERVAL"');
      }
      return {
        dataType: new ArrayType(t, false),
        nullable,
        eval: (a, b, s) => dateSequence(a as number, b as number, step?.(s)),
      };
    }
    if ((t?.kind === "timestamp" || t?.kind === "timestamp_ntz") && args[1]?.dataType.kind === t.kind) {
      if (args[2] && !step) {
        throw wrongArgType("sequence", args, 2, '"INTERVAL"');
      }
      const zone = t.kind === "timestamp" ? getTimeZone(ctx.timeZone) : undefined;
      return {
        dataType: new ArrayType(t, false),
        nullable,
        eval: (a, b, s) => timestampSequence(a as number, b as number, step?.(s), zone),
      };
    }
    throw wrongArgType("sequence", args, 0, '("INTEGRAL" or "DATE" or "TIMESTAMP")');
  },
};
