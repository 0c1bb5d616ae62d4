/**
 * Date arithmetic: `date_add`/`dateadd`, `date_sub`, `datediff`/`date_diff`, `add_months`,
 * `months_between`, `last_day` and `next_day`. Dates are day numbers; Spark's int arithmetic on
 * them wraps as Java ints do.
 */
import { TsparkError } from "../../common/errors.js";
import {
  checkDays,
  dateToDays,
  daysInMonth,
  daysToDate,
  daysToMicros,
  floorDiv,
  isoDayOfWeek,
  MICROS_PER_SECOND,
  microsToDays,
  SECONDS_PER_DAY,
} from "../../data/datetime.js";
import { BOOLEAN, DATE, type DataType, DOUBLE, INT, STRING } from "../../types/data-type.js";
import type { BindArg, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";
import {
  requireKinds,
  sessionZone,
  sqlAsCalled,
  toDaysFn,
  toMicrosFn,
  wantDate,
  wantTimestamp,
} from "./helpers.js";

const SMALL_INTS = ["int", "short", "byte"];
const DAYS_TYPES = '("INT" or "SMALLINT" or "TINYINT")';

/**
 * The day-count argument: Spark takes it as given (ExpectsInputTypes), except that a string
 * literal is read as an integer at bind time (`date_add('2011-11-11', '1')`); any other string
 * argument is rejected. Returns `(v) => days`.
 */
function daysArg(name: string, args: readonly BindArg[], ansi: boolean): (n: unknown) => number {
  const arg = args[1] as BindArg;
  if (arg.dataType.kind === "string" && ansi) {
    // With ANSI on, Spark 4 casts a string day count to INT like any implicit cast: a non-integer
    // text is CAST_INVALID_INPUT (date.sql.out), and string columns are accepted.
    return (n) => {
      const text = (n as string).trim();
      const v = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!(Math.abs(v) <= 2_147_483_647) && v !== -2_147_483_648) {
        throw new TsparkError("CAST_INVALID_INPUT", {
          messageParameters: {
            expression: `'${(n as string).replace(/'/g, "\\'")}'`,
            sourceType: '"STRING"',
            targetType: '"INT"',
            ansiConfig: '"spark.sql.ansi.enabled"',
          },
        });
      }
      return v;
    };
  }
  if (arg.dataType.kind === "string" && arg.foldable) {
    const text = typeof arg.value === "string" ? arg.value.trim() : "";
    if (!/^[+-]?\d+$/.test(text) || Math.abs(Number(text)) > 2_147_483_647) {
      throw new TsparkError("SECOND_FUNCTION_ARGUMENT_NOT_INTEGER", {
        messageParameters: { functionName: name },
      });
    }
    const n = Number(text);
    return () => n;
  }
  requireKinds(name, args, 1, SMALL_INTS, DAYS_TYPES);
  return (n) => n as number;
}

function nullableOf(args: readonly BindArg[]): boolean {
  return args.some((a) => a.nullable || a.dataType.kind === "string");
}

function bindDateShift(
  name: string,
  sign: 1 | -1,
  args: readonly BindArg[],
  ctx: Parameters<ScalarFunctionDefinition["bind"]>[1],
): BoundScalar {
  const toDays = toDaysFn(name, args, 0, ctx);
  const count = daysArg(name, args, ctx.ansi);
  return {
    dataType: DATE,
    nullable: nullableOf(args),
    eval: (d, n) => {
      const days = toDays(d);
      return days === null ? null : (days + sign * count(n)) | 0;
    },
  };
}

/** `date_add(start_date, num_days)` (alias `dateadd`): the date num_days after start_date. */
export const dateAdd: ScalarFunctionDefinition = {
  type: "scalar",
  name: "date_add",
  aliases: ["dateadd"],
  sql: sqlAsCalled,
  args: { min: 2, max: 2 },
  docs: {
    usage: "date_add(start_date, num_days) returns the date that is num_days after start_date.",
    examples: [{ sql: "date_add('2016-07-30', 1)", result: "2016-07-31" }],
    since: "1.5.0",
  },
  coerce: (types) => [wantDate(types[0] as DataType), undefined],
  bind: (args, ctx) => bindDateShift("date_add", 1, args, ctx),
};

/** `date_sub(start_date, num_days)`: the date num_days before start_date. */
export const dateSub: ScalarFunctionDefinition = {
  type: "scalar",
  name: "date_sub",
  args: { min: 2, max: 2 },
  docs: {
    usage: "date_sub(start_date, num_days) returns the date that is num_days before start_date.",
    examples: [{ sql: "date_sub('2016-07-30', 1)", result: "2016-07-29" }],
    since: "1.5.0",
  },
  coerce: (types) => [wantDate(types[0] as DataType), undefined],
  bind: (args, ctx) => bindDateShift("date_sub", -1, args, ctx),
};

/** `datediff(endDate, startDate)` (alias `date_diff`): days from startDate to endDate. */
export const datediff: ScalarFunctionDefinition = {
  type: "scalar",
  name: "datediff",
  aliases: ["date_diff"],
  sql: sqlAsCalled,
  args: { min: 2, max: 2 },
  docs: {
    usage: "datediff(endDate, startDate) returns the number of days from startDate to endDate.",
    examples: [
      { sql: "datediff('2009-07-31', '2009-07-30')", result: "1" },
      { sql: "datediff('2009-07-30', '2009-07-31')", result: "-1" },
    ],
    since: "1.5.0",
  },
  coerce: (types) => [wantDate(types[0] as DataType), wantDate(types[1] as DataType)],
  bind: (args, ctx) => {
    const end = toDaysFn("datediff", args, 0, ctx);
    const start = toDaysFn("datediff", args, 1, ctx);
    return {
      dataType: INT,
      nullable: nullableOf(args),
      eval: (a, b) => {
        const x = end(a);
        const y = start(b);
        return x === null || y === null ? null : (x - y) | 0;
      },
    };
  },
};

/** Adds months as java.time's `LocalDate.plusMonths`: the day is clamped to the month's length. */
export function addMonthsToDays(days: number, months: number): number {
  const { year, month, day } = daysToDate(days);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return checkDays(dateToDays(y, m, Math.min(day, daysInMonth(y, m))), "add_months");
}

/** `add_months(start_date, num_months)`. */
export const addMonths: ScalarFunctionDefinition = {
  type: "scalar",
  name: "add_months",
  args: { min: 2, max: 2 },
  docs: {
    usage: "add_months(start_date, num_months) returns the date that is num_months after start_date.",
    examples: [{ sql: "add_months('2016-08-31', 1)", result: "2016-09-30" }],
    since: "1.5.0",
  },
  coerce: (types) => [wantDate(types[0] as DataType), types[1]?.kind === "int" ? undefined : INT],
  bind: (args, ctx) => {
    const toDays = toDaysFn("add_months", args, 0, ctx);
    requireKinds("add_months", args, 1, SMALL_INTS, '"INT"');
    return {
      dataType: DATE,
      nullable: nullableOf(args),
      eval: (d, n) => {
        const days = toDays(d);
        return days === null ? null : addMonthsToDays(days, n as number);
      },
    };
  },
};

/**
 * Rounds half-up to 8 decimals on the shortest decimal form of `d`, as Spark's
 * `BigDecimal(d).setScale(8, HALF_UP)` does.
 */
export function roundHalfUp8(d: number): number {
  if (!Number.isFinite(d) || d === 0) return d;
  const neg = d < 0;
  const s = String(Math.abs(d));
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (m === null) return d;
  const digits = (m[1] ?? "") + (m[2] ?? "");
  // Position of the decimal point within `digits`.
  const point = (m[1] ?? "").length + Number(m[3] ?? "0");
  const keep = point + 8;
  if (keep >= digits.length) return d;
  if (keep < 0) return 0;
  let kept = BigInt(digits.slice(0, keep) || "0");
  if ((digits.charCodeAt(keep) || 48) >= 53) kept += 1n;
  const r = Number(kept) / 1e8;
  return neg ? -r : r;
}

/** `months_between(timestamp1, timestamp2[, roundOff])`. */
export const monthsBetween: ScalarFunctionDefinition = {
  type: "scalar",
  name: "months_between",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "months_between(timestamp1, timestamp2[, roundOff]) returns the number of months between the timestamps, fractional parts based on 31-day months, rounded to 8 digits unless roundOff is false.",
    examples: [
      { sql: "months_between('1997-02-28 10:30:00', '1996-10-30')", result: "3.94959677" },
      { sql: "months_between('1997-02-28 10:30:00', '1996-10-30', false)", result: "3.9495967741935485" },
    ],
    since: "1.5.0",
  },
  sql: (args) => `months_between(${[...args, ...(args.length === 2 ? ["true"] : [])].join(", ")})`,
  coerce: (types) => [
    wantTimestamp(types[0] as DataType),
    wantTimestamp(types[1] as DataType),
    ...(types.length > 2 ? [types[2]?.kind === "boolean" ? undefined : BOOLEAN] : []),
  ],
  bind: (args, ctx) => {
    const t1 = toMicrosFn("months_between", args, 0, ctx, false);
    const t2 = toMicrosFn("months_between", args, 1, ctx, false);
    if (args.length > 2) requireKinds("months_between", args, 2, ["boolean"], '"BOOLEAN"');
    const zone = sessionZone(ctx);
    const parts = (micros: number) => {
      const days = microsToDays(micros, zone);
      const { year, month, day } = daysToDate(days);
      const secs = floorDiv(micros - daysToMicros(days, zone), MICROS_PER_SECOND);
      return { months: year * 12 + month, day, lastDay: day === daysInMonth(year, month), secs };
    };
    return {
      dataType: DOUBLE,
      nullable: nullableOf(args),
      eval: (a, b, round) => {
        const x = t1(a);
        const y = t2(b);
        if (x === null || y === null) return null;
        const p = parts(x);
        const q = parts(y);
        const monthDiff = p.months - q.months;
        if (p.day === q.day || (p.lastDay && q.lastDay)) return monthDiff;
        const secondsDiff = (p.day - q.day) * SECONDS_PER_DAY + p.secs - q.secs;
        const diff = monthDiff + secondsDiff / (31 * SECONDS_PER_DAY);
        return round === false ? diff : roundHalfUp8(diff);
      },
    };
  },
};

/** `last_day(date)`: the last day of the date's month. */
export const lastDay: ScalarFunctionDefinition = {
  type: "scalar",
  name: "last_day",
  args: { min: 1, max: 1 },
  docs: {
    usage: "last_day(date) returns the last day of the month which the date belongs to.",
    examples: [{ sql: "last_day('2009-01-12')", result: "2009-01-31" }],
    since: "1.5.0",
  },
  coerce: (types) => [wantDate(types[0] as DataType)],
  bind: (args, ctx) => {
    const toDays = toDaysFn("last_day", args, 0, ctx);
    return {
      dataType: DATE,
      nullable: nullableOf(args),
      eval: (v) => {
        const days = toDays(v);
        if (days === null) return null;
        const { year, month, day } = daysToDate(days);
        return days + daysInMonth(year, month) - day;
      },
    };
  },
};

const DAY_NAMES: Readonly<Record<string, number>> = {
  MO: 1,
  MON: 1,
  MONDAY: 1,
  TU: 2,
  TUE: 2,
  TUESDAY: 2,
  WE: 3,
  WED: 3,
  WEDNESDAY: 3,
  TH: 4,
  THU: 4,
  THURSDAY: 4,
  FR: 5,
  FRI: 5,
  FRIDAY: 5,
  SA: 6,
  SAT: 6,
  SATURDAY: 6,
  SU: 7,
  SUN: 7,
  SUNDAY: 7,
};

/** `next_day(start_date, day_of_week)`: the first date later than start_date on that weekday. */
export const nextDay: ScalarFunctionDefinition = {
  type: "scalar",
  name: "next_day",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "next_day(start_date, day_of_week) returns the first date which is later than start_date and named as indicated (e.g. 'MO', 'TUE', 'FRIDAY').",
    examples: [{ sql: "next_day('2015-01-14', 'TU')", result: "2015-01-20" }],
    since: "1.5.0",
  },
  coerce: (types) => [wantDate(types[0] as DataType), types[1]?.kind === "string" ? undefined : STRING],
  bind: (args, ctx) => {
    const toDays = toDaysFn("next_day", args, 0, ctx);
    requireKinds("next_day", args, 1, ["string"], '"STRING"');
    const ansi = ctx.ansi;
    return {
      dataType: DATE,
      nullable: true,
      eval: (d, name) => {
        const days = toDays(d);
        if (days === null) return null;
        const target = DAY_NAMES[(name as string).toUpperCase()];
        if (target === undefined) {
          if (ansi)
            throw new TsparkError("ILLEGAL_DAY_OF_WEEK", { messageParameters: { string: name as string } });
          return null;
        }
        const delta = (target - isoDayOfWeek(days) + 7) % 7;
        return days + (delta === 0 ? 7 : delta);
      },
    };
  },
};
