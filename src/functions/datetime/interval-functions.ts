/**
 * Interval constructors and field extraction: `make_dt_interval`, `make_ym_interval`,
 * `make_interval` (a legacy CalendarInterval), and `extract`/`date_part` on interval sources
 * (YEAR → INT, MONTH → TINYINT, DAY → INT, HOUR/MINUTE → TINYINT, SECOND → DECIMAL(8,6); fields
 * keep the interval's sign, as Java's `/` and `%` do).
 */
import { TsparkError } from "../../common/errors.js";
import type { CalendarInterval } from "../../data/values.js";
import { fitsLong, normLong } from "../../data/values.js";
import {
  BYTE,
  type DataType,
  DAY_TIME_INTERVAL,
  DecimalType,
  INT,
  YEAR_MONTH_INTERVAL,
  CALENDAR_INTERVAL,
} from "../../types/data-type.js";
import type { BindArg, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";

const SECS_TYPE = new DecimalType(18, 6);
const SECOND_FIELD_TYPE = new DecimalType(8, 6);

function overflow(message: string): TsparkError {
  return new TsparkError("ARITHMETIC_OVERFLOW", {
    messageParameters: { message, alternative: "", config: '"spark.sql.ansi.enabled"' },
  });
}

/** Spark 4 reports make_dt_interval/make_ym_interval overflow as INTERVAL_ARITHMETIC_OVERFLOW (interval.sql.out). */
function ivOverflow(): TsparkError {
  return new TsparkError("INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION", { messageParameters: {} });
}

/** Fills omitted trailing arguments with Spark's defaults in the generated column name. */
function withDefaults(name: string, defaults: readonly string[]): (args: readonly string[]) => string {
  return (args) => `${name}(${[...args, ...defaults.slice(args.length)].join(", ")})`;
}

const wantIntArg = (t: DataType): DataType | undefined => (t.kind === "int" ? undefined : INT);
const wantSecs = (t: DataType): DataType | undefined =>
  t.kind === "decimal" && t.precision === 18 && t.scale === 6 ? undefined : SECS_TYPE;

/** `make_dt_interval([days[, hours[, mins[, secs]]]])`: an INTERVAL DAY TO SECOND. */
export const makeDtInterval: ScalarFunctionDefinition = {
  type: "scalar",
  name: "make_dt_interval",
  args: { min: 0, max: 4 },
  docs: {
    usage:
      "make_dt_interval([days[, hours[, mins[, secs]]]]) makes a day-time interval from days, hours, minutes and seconds.",
    examples: [
      { sql: "make_dt_interval(1, 12, 30, 01.001001)", result: "INTERVAL '1 12:30:01.001001' DAY TO SECOND" },
      { sql: "make_dt_interval(2)", result: "INTERVAL '2 00:00:00' DAY TO SECOND" },
      { sql: "make_dt_interval(100, null, 3)", result: "NULL" },
    ],
    since: "3.2.0",
  },
  sql: withDefaults("make_dt_interval", ["0", "0", "0", "0.000000"]),
  coerce: (types) => types.map((t, i) => (i < 3 ? wantIntArg(t) : wantSecs(t))),
  bind: (args) => ({
    dataType: DAY_TIME_INTERVAL,
    nullable: args.some((a) => a.nullable),
    eval: (...v: unknown[]) => {
      const d = BigInt((v[0] as number | undefined) ?? 0);
      const h = BigInt((v[1] as number | undefined) ?? 0);
      const m = BigInt((v[2] as number | undefined) ?? 0);
      const s = (v[3] as bigint | undefined) ?? 0n;
      const micros = ((d * 24n + h) * 60n + m) * 60_000_000n + s;
      if (!fitsLong(micros)) throw ivOverflow();
      return normLong(micros);
    },
  }),
};

/** `make_ym_interval([years[, months]])`: an INTERVAL YEAR TO MONTH. */
export const makeYmInterval: ScalarFunctionDefinition = {
  type: "scalar",
  name: "make_ym_interval",
  args: { min: 0, max: 2 },
  docs: {
    usage: "make_ym_interval([years[, months]]) makes a year-month interval from years and months.",
    examples: [
      { sql: "make_ym_interval(1, 2)", result: "INTERVAL '1-2' YEAR TO MONTH" },
      { sql: "make_ym_interval(-1, 1)", result: "INTERVAL '-0-11' YEAR TO MONTH" },
      { sql: "make_ym_interval(2)", result: "INTERVAL '2-0' YEAR TO MONTH" },
    ],
    since: "3.2.0",
  },
  sql: withDefaults("make_ym_interval", ["0", "0"]),
  coerce: (types) => types.map(wantIntArg),
  bind: (args) => ({
    dataType: YEAR_MONTH_INTERVAL,
    nullable: args.some((a) => a.nullable),
    eval: (...v: unknown[]) => {
      const months = ((v[0] as number | undefined) ?? 0) * 12 + ((v[1] as number | undefined) ?? 0);
      if (months > 2147483647 || months < -2147483648) throw ivOverflow();
      return months + 0;
    },
  }),
};

/** `make_interval([years[, months[, weeks[, days[, hours[, mins[, secs]]]]]]])`: a legacy CalendarInterval. */
/** Argument `i` of make_interval's integer fields (a missing one is 0). */
function intArg(v: readonly unknown[], i: number): number {
  return (v[i] as number | undefined) ?? 0;
}

export const makeInterval: ScalarFunctionDefinition = {
  type: "scalar",
  name: "make_interval",
  args: { min: 0, max: 7 },
  docs: {
    usage:
      "make_interval([years[, months[, weeks[, days[, hours[, mins[, secs]]]]]]]) makes a calendar interval from its parts.",
    examples: [
      {
        sql: "make_interval(100, 11, 1, 1, 12, 30, 01.001001)",
        result: "100 years 11 months 8 days 12 hours 30 minutes 1.001001 seconds",
      },
      { sql: "make_interval(100, null, 3)", result: "NULL" },
      {
        sql: "make_interval(0, 1, 0, 1, 0, 0, 100.000001)",
        result: "1 months 1 days 1 minutes 40.000001 seconds",
      },
    ],
    since: "3.0.0",
  },
  sql: withDefaults("make_interval", ["0", "0", "0", "0", "0", "0", "0.000000"]),
  coerce: (types) => types.map((t, i) => (i < 6 ? wantIntArg(t) : wantSecs(t))),
  bind: (args, ctx) => {
    const ansi = ctx.ansi;
    return {
      dataType: CALENDAR_INTERVAL,
      nullable: !ansi || args.some((a) => a.nullable),
      eval: (...v: unknown[]): CalendarInterval | null => {
        const months = intArg(v, 0) * 12 + intArg(v, 1);
        const days = intArg(v, 2) * 7 + intArg(v, 3);
        const micros =
          (BigInt(intArg(v, 4)) * 60n + BigInt(intArg(v, 5))) * 60_000_000n +
          ((v[6] as bigint | undefined) ?? 0n);
        const bad =
          months > 2147483647 ||
          months < -2147483648 ||
          days > 2147483647 ||
          days < -2147483648 ||
          !fitsLong(micros);
        if (bad) {
          if (ansi) throw overflow("integer overflow");
          return null;
        }
        return { months, days, micros: Number(micros) };
      },
    };
  },
};

const YM_KEYS: Readonly<Record<string, 0 | 1>> = { year: 0, month: 1 };
const DT_KEYS: Readonly<Record<string, 0 | 1 | 2 | 3>> = {
  dayofmonth: 0,
  hour: 1,
  minute: 2,
  second_fraction: 3,
};

/**
 * `extract(field FROM interval)`: binds the field `key` (extract's field keys: year, month,
 * dayofmonth, hour, minute, second_fraction) of an interval source; undefined when the source is
 * not an interval, and INVALID_EXTRACT_FIELD when the field is not one of the interval's.
 */
export function bindIntervalExtract(
  key: string | undefined,
  raw: string,
  source: BindArg,
): BoundScalar | undefined {
  const t = source.dataType;
  const bad = () =>
    new TsparkError("INVALID_EXTRACT_FIELD", {
      messageParameters: { field: `\`${raw}\``, expr: `"${source.sql}"` },
    });
  const nullable = source.nullable;
  if (t.kind === "year_month_interval") {
    const f = key === undefined ? undefined : YM_KEYS[key];
    if (f === undefined || f < t.startField || f > t.endField) throw bad();
    if (f === 0) return { dataType: INT, nullable, eval: (_k, v) => Math.trunc((v as number) / 12) + 0 };
    return { dataType: BYTE, nullable, eval: (_k, v) => ((v as number) % 12) + 0 };
  }
  if (t.kind === "day_time_interval") {
    const f = key === undefined ? undefined : DT_KEYS[key];
    if (f === undefined || f < t.startField || f > t.endField) throw bad();
    return dayTimeField(f, nullable, (v) => BigInt(v as number | bigint));
  }
  if (t.kind === "calendar_interval") {
    if (key === "year")
      return {
        dataType: INT,
        nullable,
        eval: (_k, v) => Math.trunc((v as CalendarInterval).months / 12) + 0,
      };
    if (key === "month")
      return { dataType: BYTE, nullable, eval: (_k, v) => ((v as CalendarInterval).months % 12) + 0 };
    if (key === "dayofmonth")
      return { dataType: INT, nullable, eval: (_k, v) => (v as CalendarInterval).days };
    const f = key === undefined ? undefined : DT_KEYS[key];
    if (f === undefined || f === 0) throw bad();
    // A calendar interval's time part is below a day only by convention; its micros are taken as is.
    return dayTimeField(f, nullable, (v) => BigInt((v as CalendarInterval).micros));
  }
  return undefined;
}

function dayTimeField(f: 0 | 1 | 2 | 3, nullable: boolean, micros: (v: unknown) => bigint): BoundScalar {
  switch (f) {
    case 0:
      return { dataType: INT, nullable, eval: (_k, v) => Number(micros(v) / 86_400_000_000n) + 0 };
    case 1:
      return {
        dataType: BYTE,
        nullable,
        eval: (_k, v) => Number((micros(v) % 86_400_000_000n) / 3_600_000_000n) + 0,
      };
    case 2:
      return {
        dataType: BYTE,
        nullable,
        eval: (_k, v) => Number((micros(v) % 3_600_000_000n) / 60_000_000n) + 0,
      };
    default:
      return { dataType: SECOND_FIELD_TYPE, nullable, eval: (_k, v) => micros(v) % 60_000_000n };
  }
}
