/**
 * `timestampadd(unit, quantity, ts)` and `timestampdiff(unit, start, end)`: the SQL forms
 * `dateadd`/`date_add`/`timestampadd(UNIT, …)` and `datediff`/`date_diff`/`timestampdiff`/
 * `timediff(UNIT, …)` reach these (the parser turns the bare unit into a string literal). Calendar
 * units work on the local date-time in the session zone (TIMESTAMP_NTZ: as is), as java.time does.
 */
import { TsparkError } from "../../common/errors.js";
import {
  checkMicros,
  floorDiv,
  localToUtcMicros,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MILLI,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  type TimeZone,
  utcToLocalMicros,
  daysToDate,
} from "../../data/datetime.js";
import { type DataType, LONG, TIMESTAMP } from "../../types/data-type.js";
import type { BindArg, BindContext, ScalarFunctionDefinition } from "../function-definition.js";
import { addMonthsToDays } from "./date-arithmetic.js";
import { requireKinds, sessionZone } from "./helpers.js";

/** Micros in one unit for the time-based units; calendar units are handled separately. */
const UNIT_MICROS: Record<string, number> = {
  MICROSECOND: 1,
  MILLISECOND: MICROS_PER_MILLI,
  SECOND: MICROS_PER_SECOND,
  MINUTE: MICROS_PER_MINUTE,
  HOUR: MICROS_PER_HOUR,
};

/** The units Spark's timestampadd/timestampdiff accept. */
export const TIMESTAMP_UNITS: ReadonlySet<string> = new Set([
  "MICROSECOND",
  "MILLISECOND",
  "SECOND",
  "MINUTE",
  "HOUR",
  "DAY",
  "DAYOFYEAR",
  "WEEK",
  "MONTH",
  "QUARTER",
  "YEAR",
]);

function unitOf(name: string, args: readonly BindArg[]): string {
  const a = args[0] as BindArg;
  const unit = typeof a.value === "string" ? a.value.toUpperCase() : "";
  if (!a.foldable || !TIMESTAMP_UNITS.has(unit)) {
    throw new TsparkError("INVALID_PARAMETER_VALUE.DATETIME_UNIT", {
      messageParameters: {
        functionName: `\`${name}\``,
        parameter: "`unit`",
        invalidValue: `'${String(a.value)}'`,
      },
    });
  }
  return unit === "DAYOFYEAR" ? "DAY" : unit;
}

function zoneFor(args: readonly BindArg[], i: number, ctx: BindContext): TimeZone | null {
  return (args[i] as BindArg).dataType.kind === "timestamp_ntz" ? null : sessionZone(ctx);
}

function monthsOf(unit: string): number {
  return unit === "MONTH" ? 1 : unit === "QUARTER" ? 3 : unit === "YEAR" ? 12 : 0;
}

function wantTs(t: DataType | undefined, other: DataType | undefined): DataType | undefined {
  if (t === undefined || t.kind === "timestamp") return undefined;
  if (t.kind === "timestamp_ntz" && (other === undefined || other.kind === "timestamp_ntz")) return undefined;
  return TIMESTAMP;
}

/** `timestampadd(unit, quantity, timestamp)`: the timestamp moved by quantity units. */
export const timestampadd: ScalarFunctionDefinition = {
  type: "scalar",
  name: "timestampadd",
  args: { min: 3, max: 3 },
  docs: {
    usage: "timestampadd(unit, quantity, timestamp) adds quantity units to timestamp.",
    examples: [
      { sql: "timestampadd(HOUR, 8, timestamp_ntz'2022-02-11 20:30:00')", result: "2022-02-12 04:30:00" },
    ],
    since: "3.3.0",
  },
  coerce: (types) => [undefined, undefined, wantTs(types[2], undefined)],
  bind: (args, ctx) => {
    const unit = unitOf("timestampadd", args);
    requireKinds("timestampadd", args, 1, ["long", "int", "short", "byte"], '"BIGINT"');
    const zone = zoneFor(args, 2, ctx);
    const t = (args[2] as BindArg).dataType;
    const months = monthsOf(unit);
    const step = UNIT_MICROS[unit];
    const dayStep = unit === "DAY" ? 1 : unit === "WEEK" ? 7 : 0;
    const toLocal = (m: number): number => (zone ? utcToLocalMicros(m, zone) : m);
    const fromLocal = (m: number): number => (zone ? localToUtcMicros(m, zone) : checkMicros(m));
    return {
      dataType: t.kind === "timestamp_ntz" ? t : TIMESTAMP,
      nullable: args.some((a) => a.nullable),
      eval: (_u, q, ts) => {
        const n = Number(q as number | bigint);
        const micros = ts as number;
        if (step !== undefined) return checkMicros(micros + n * step);
        const local = toLocal(micros);
        if (dayStep !== 0) return fromLocal(local + n * dayStep * MICROS_PER_DAY);
        const days = floorDiv(local, MICROS_PER_DAY);
        const time = local - days * MICROS_PER_DAY;
        return fromLocal(addMonthsToDays(days, n * months) * MICROS_PER_DAY + time);
      },
    };
  },
};

/** Whole months from local date-time a to b, truncated toward zero as java.time's MONTHS.between. */
function monthsBetweenLocal(a: number, b: number): number {
  const da = floorDiv(a, MICROS_PER_DAY);
  const db = floorDiv(b, MICROS_PER_DAY);
  const ta = a - da * MICROS_PER_DAY;
  const tb = b - db * MICROS_PER_DAY;
  let end = db;
  if (db > da && tb < ta) end -= 1;
  else if (db < da && tb > ta) end += 1;
  const x = daysToDate(da);
  const y = daysToDate(end);
  const packed1 = (x.year * 12 + x.month - 1) * 32 + x.day;
  const packed2 = (y.year * 12 + y.month - 1) * 32 + y.day;
  return Math.trunc((packed2 - packed1) / 32);
}

/** Whole days from local date-time a to b, as java.time's DAYS.between. */
function daysBetweenLocal(a: number, b: number): number {
  return Math.trunc((b - a) / MICROS_PER_DAY);
}

/** `timestampdiff(unit, start, end)`: whole units from start to end. */
export const timestampdiff: ScalarFunctionDefinition = {
  type: "scalar",
  name: "timestampdiff",
  args: { min: 3, max: 3 },
  docs: {
    usage: "timestampdiff(unit, start, end) returns the number of whole units from start to end.",
    examples: [
      {
        sql: "timestampdiff(HOUR, timestamp_ntz'2022-02-11 20:30:00', timestamp_ntz'2022-02-12 04:30:00')",
        result: "8",
      },
    ],
    since: "3.3.0",
  },
  coerce: (types) => [undefined, wantTs(types[1], types[2]), wantTs(types[2], types[1])],
  bind: (args, ctx) => {
    const unit = unitOf("timestampdiff", args);
    const zone = zoneFor(args, 1, ctx);
    const toLocal = (m: number): number => (zone ? utcToLocalMicros(m, zone) : m);
    const months = monthsOf(unit);
    const step = UNIT_MICROS[unit];
    const dayStep = unit === "DAY" ? 1 : unit === "WEEK" ? 7 : 0;
    return {
      dataType: LONG,
      nullable: args.some((a) => a.nullable),
      eval: (_u, s, e) => {
        const a = toLocal(s as number);
        const b = toLocal(e as number);
        if (step !== undefined) return Math.trunc((b - a) / step) || 0;
        if (dayStep !== 0) return Math.trunc(daysBetweenLocal(a, b) / dayStep) || 0;
        return Math.trunc(monthsBetweenLocal(a, b) / months) || 0;
      },
    };
  },
};
