/**
 * Truncation: `trunc(date, fmt)` to a DATE and `date_trunc(fmt, ts)` to a TIMESTAMP, with Spark's
 * unit names (`YEAR`/`YYYY`/`YY`, `QUARTER`, `MONTH`/`MM`/`MON`, `WEEK`, `DAY`/`DD`, `HOUR`,
 * `MINUTE`, `SECOND`, `MILLISECOND`, `MICROSECOND`); an unknown unit gives NULL.
 */
import {
  dateToDays,
  daysToDate,
  daysToMicros,
  floorMod,
  isoDayOfWeek,
  localToUtcMicros,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MILLI,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  microsToDays,
  type TimeZone,
  utcToLocalMicros,
} from "../../data/datetime.js";
import { DATE, type DataType, STRING, TIMESTAMP } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { requireKinds, sessionZone, toDaysFn, toMicrosFn, wantDate, wantTimestamp } from "./helpers.js";

/** Truncation levels, finest first (Spark's order: date levels start at WEEK). */
type Level =
  | "microsecond"
  | "millisecond"
  | "second"
  | "minute"
  | "hour"
  | "day"
  | "week"
  | "month"
  | "quarter"
  | "year";

const LEVELS: Readonly<Record<string, Level>> = {
  MICROSECOND: "microsecond",
  MILLISECOND: "millisecond",
  SECOND: "second",
  MINUTE: "minute",
  HOUR: "hour",
  DAY: "day",
  DD: "day",
  WEEK: "week",
  MON: "month",
  MONTH: "month",
  MM: "month",
  QUARTER: "quarter",
  YEAR: "year",
  YYYY: "year",
  YY: "year",
};

const DATE_LEVELS = new Set<Level>(["week", "month", "quarter", "year"]);

function parseLevel(fmt: unknown): Level | undefined {
  return typeof fmt === "string" ? LEVELS[fmt.toUpperCase()] : undefined;
}

/** Truncates a day number to the start of a date level. */
function truncDays(days: number, level: Level): number {
  switch (level) {
    case "week":
      return days - isoDayOfWeek(days) + 1;
    case "month": {
      const d = daysToDate(days);
      return dateToDays(d.year, d.month, 1);
    }
    case "quarter": {
      const d = daysToDate(days);
      return dateToDays(d.year, d.month - ((d.month - 1) % 3), 1);
    }
    default:
      return dateToDays(daysToDate(days).year, 1, 1);
  }
}

/** Truncates a timestamp in `zone` as Spark's `truncTimestamp` does. */
function truncMicros(micros: number, level: Level, zone: TimeZone): number {
  switch (level) {
    case "microsecond":
      return micros;
    case "millisecond":
      return micros - floorMod(micros, MICROS_PER_MILLI);
    case "second":
      return micros - floorMod(micros, MICROS_PER_SECOND);
    case "minute":
    case "hour":
    case "day": {
      const unit =
        level === "minute" ? MICROS_PER_MINUTE : level === "hour" ? MICROS_PER_HOUR : MICROS_PER_DAY;
      const local = utcToLocalMicros(micros, zone);
      return localToUtcMicros(local - floorMod(local, unit), zone);
    }
    default:
      return daysToMicros(truncDays(microsToDays(micros, zone), level), zone);
  }
}

/** `trunc(date, fmt)`: the date truncated to the year, quarter, month or week. */
export const trunc: ScalarFunctionDefinition = {
  type: "scalar",
  name: "trunc",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "trunc(date, fmt) returns date with the time portion of the day truncated to the unit specified by the format model fmt (YEAR, YYYY, YY, QUARTER, MON, MONTH, MM, WEEK).",
    examples: [
      { sql: "trunc('2019-08-04', 'week')", result: "2019-07-29" },
      { sql: "trunc('2019-08-04', 'quarter')", result: "2019-07-01" },
      { sql: "trunc('2009-02-12', 'MM')", result: "2009-02-01" },
      { sql: "trunc('2015-10-27', 'YEAR')", result: "2015-01-01" },
    ],
    since: "1.5.0",
  },
  coerce: (types) => [wantDate(types[0] as DataType), types[1]?.kind === "string" ? undefined : STRING],
  bind: (args, ctx) => {
    const toDays = toDaysFn("trunc", args, 0, ctx);
    requireKinds("trunc", args, 1, ["string"], '"STRING"');
    const fmtArg = args[1] as BindArg;
    const fixed = fmtArg.foldable ? parseLevel(fmtArg.value) : undefined;
    return {
      dataType: DATE,
      nullable: true,
      eval: (d, fmt) => {
        const level = fixed ?? parseLevel(fmt);
        if (level === undefined || !DATE_LEVELS.has(level)) return null;
        const days = toDays(d);
        return days === null ? null : truncDays(days, level);
      },
    };
  },
};

/** `date_trunc(fmt, ts)`: the timestamp truncated to the unit fmt, in the session time zone. */
export const dateTrunc: ScalarFunctionDefinition = {
  type: "scalar",
  name: "date_trunc",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "date_trunc(fmt, ts) returns timestamp ts truncated to the unit specified by the format model fmt (YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND and their abbreviations).",
    examples: [
      { sql: "date_trunc('YEAR', '2015-03-05T09:32:05.359')", result: "2015-01-01 00:00:00" },
      { sql: "date_trunc('MM', '2015-03-05T09:32:05.359')", result: "2015-03-01 00:00:00" },
      { sql: "date_trunc('DD', '2015-03-05T09:32:05.359')", result: "2015-03-05 00:00:00" },
      { sql: "date_trunc('HOUR', '2015-03-05T09:32:05.359')", result: "2015-03-05 09:00:00" },
      { sql: "date_trunc('MILLISECOND', '2015-03-05T09:32:05.123456')", result: "2015-03-05 09:32:05.123" },
    ],
    since: "2.3.0",
  },
  coerce: (types) => [types[0]?.kind === "string" ? undefined : STRING, wantTimestamp(types[1] as DataType)],
  bind: (args, ctx) => {
    requireKinds("date_trunc", args, 0, ["string"], '"STRING"');
    const toMicros = toMicrosFn("date_trunc", args, 1, ctx, false);
    const zone = sessionZone(ctx);
    const fmtArg = args[0] as BindArg;
    const fixed = fmtArg.foldable ? parseLevel(fmtArg.value) : undefined;
    return {
      dataType: TIMESTAMP,
      nullable: true,
      eval: (fmt, t) => {
        const level = fixed ?? parseLevel(fmt);
        if (level === undefined) return null;
        const micros = toMicros(t);
        return micros === null ? null : truncMicros(micros, level, zone);
      },
    };
  },
};
