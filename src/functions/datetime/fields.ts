/**
 * Field extraction: `year`, `quarter`, `month`, `dayofmonth`/`day`, `dayofweek`, `weekday`,
 * `dayofyear`, `weekofyear`, `hour`, `minute`, `second`, and `extract`/`date_part` which pick one of
 * them by name. Date fields take a DATE (strings and timestamps are cast); time fields take a
 * timestamp and read it in the session time zone.
 */
import { bindIntervalExtract } from "./interval-functions.js";
import { TsparkError } from "../../common/errors.js";
import {
  dateToDays,
  daysToDate,
  floorMod,
  isoDayOfWeek,
  isoWeekOfYear,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  utcToLocalMicros,
} from "../../data/datetime.js";
import { type DataType, DecimalType, DOUBLE, INT, STRING } from "../../types/data-type.js";
import type { BindArg, BindContext, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";
import { sessionZone, sqlAsCalled, toDaysFn, toMicrosFn, wantAnyTimestamp, wantDate } from "./helpers.js";

type DayField = (days: number) => number;
type TimeField = (localMicros: number) => number | bigint;

const DATE_FIELDS: Readonly<Record<string, DayField>> = {
  year: (d) => daysToDate(d).year,
  quarter: (d) => Math.floor((daysToDate(d).month - 1) / 3) + 1,
  month: (d) => daysToDate(d).month,
  dayofmonth: (d) => daysToDate(d).day,
  // Spark: 1 = Sunday … 7 = Saturday.
  dayofweek: (d) => (isoDayOfWeek(d) % 7) + 1,
  // Spark: 0 = Monday … 6 = Sunday.
  weekday: (d) => isoDayOfWeek(d) - 1,
  dayofweek_iso: (d) => isoDayOfWeek(d),
  dayofyear: (d) => d - dateToDays(daysToDate(d).year, 1, 1) + 1,
  weekofyear: (d) => isoWeekOfYear(d),
  yearofweek: (d) => daysToDate(d - isoDayOfWeek(d) + 4).year,
};

const TIME_FIELDS: Readonly<Record<string, TimeField>> = {
  hour: (l) => Math.floor(floorMod(l, MICROS_PER_DAY) / MICROS_PER_HOUR),
  minute: (l) => Math.floor(floorMod(l, MICROS_PER_HOUR) / MICROS_PER_MINUTE),
  second: (l) => Math.floor(floorMod(l, MICROS_PER_MINUTE) / MICROS_PER_SECOND),
  // extract(SECOND …): seconds with the fraction, DECIMAL(8, 6) as an unscaled value.
  second_fraction: (l) => BigInt(floorMod(l, MICROS_PER_MINUTE)),
};

const SECOND_WITH_FRACTION = new DecimalType(8, 6);

function bindDateField(
  name: string,
  field: DayField,
  args: readonly BindArg[],
  ctx: BindContext,
): BoundScalar {
  const toDays = toDaysFn(name, args, 0, ctx);
  return {
    dataType: INT,
    nullable: (args[0] as BindArg).nullable || (args[0] as BindArg).dataType.kind === "string",
    eval: (v) => {
      const d = toDays(v);
      return d === null ? null : field(d);
    },
  };
}

function bindTimeField(
  name: string,
  field: TimeField,
  dataType: DataType,
  args: readonly BindArg[],
  ctx: BindContext,
): BoundScalar {
  const kind = (args[0] as BindArg).dataType.kind;
  const zone = sessionZone(ctx);
  const toMicros = toMicrosFn(name, args, 0, ctx);
  const ntz = kind === "timestamp_ntz";
  return {
    dataType,
    nullable: (args[0] as BindArg).nullable || kind === "string",
    eval: (v) => {
      const m = toMicros(v);
      if (m === null) return null;
      return field(ntz ? m : utcToLocalMicros(m, zone));
    },
  };
}

function dateField(
  name: string,
  usage: string,
  example: { sql: string; result: string },
  since: string,
  aliases?: readonly string[],
): ScalarFunctionDefinition {
  const field = DATE_FIELDS[name] as DayField;
  return {
    type: "scalar",
    name,
    ...(aliases ? { aliases, sql: sqlAsCalled } : {}),
    args: { min: 1, max: 1 },
    docs: { usage, examples: [example], since },
    coerce: (types) => [wantDate(types[0] as DataType)],
    bind: (args, ctx) => bindDateField(name, field, args, ctx),
  };
}

function timeField(
  name: string,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  const field = TIME_FIELDS[name] as TimeField;
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs: { usage, examples: [example], since: "1.5.0" },
    coerce: (types) => [wantAnyTimestamp(types[0] as DataType)],
    bind: (args, ctx) => bindTimeField(name, field, INT, args, ctx),
  };
}

/** `year(date)`. */
export const year = dateField(
  "year",
  "year(date) returns the year component of the date/timestamp.",
  { sql: "year('2016-07-30')", result: "2016" },
  "1.5.0",
);
/** `quarter(date)`: 1 to 4. */
export const quarter = dateField(
  "quarter",
  "quarter(date) returns the quarter of the year for date, in the range 1 to 4.",
  { sql: "quarter('2016-08-31')", result: "3" },
  "1.5.0",
);
/** `month(date)`: 1 to 12. */
export const month = dateField(
  "month",
  "month(date) returns the month component of the date/timestamp.",
  { sql: "month('2016-07-30')", result: "7" },
  "1.5.0",
);
/** `dayofmonth(date)` (alias `day`). */
export const dayofmonth = dateField(
  "dayofmonth",
  "dayofmonth(date) returns the day of month of the date/timestamp.",
  { sql: "dayofmonth('2009-07-30')", result: "30" },
  "1.5.0",
  ["day"],
);
/** `dayofweek(date)`: 1 = Sunday … 7 = Saturday. */
export const dayofweek = dateField(
  "dayofweek",
  "dayofweek(date) returns the day of the week for date/timestamp (1 = Sunday, 2 = Monday, ..., 7 = Saturday).",
  { sql: "dayofweek('2009-07-30')", result: "5" },
  "2.3.0",
);
/** `weekday(date)`: 0 = Monday … 6 = Sunday. */
export const weekday = dateField(
  "weekday",
  "weekday(date) returns the day of the week for date/timestamp (0 = Monday, 1 = Tuesday, ..., 6 = Sunday).",
  { sql: "weekday('2009-07-30')", result: "3" },
  "2.4.0",
);
/** `dayofyear(date)`: 1 to 366. */
export const dayofyear = dateField(
  "dayofyear",
  "dayofyear(date) returns the day of year of the date/timestamp.",
  { sql: "dayofyear('2016-04-09')", result: "100" },
  "1.5.0",
);
/** `weekofyear(date)`: ISO-8601 week number. */
export const weekofyear = dateField(
  "weekofyear",
  "weekofyear(date) returns the week of the year of the given date; a week starts on Monday and week 1 is the first week with more than 3 days.",
  { sql: "weekofyear('2008-02-20')", result: "8" },
  "1.5.0",
);
/** `hour(timestamp)`: 0 to 23 in the session time zone. */
export const hour = timeField("hour", "hour(timestamp) returns the hour component of the string/timestamp.", {
  sql: "hour('2009-07-30 12:58:59')",
  result: "12",
});
/** `minute(timestamp)`. */
export const minute = timeField(
  "minute",
  "minute(timestamp) returns the minute component of the string/timestamp.",
  {
    sql: "minute('2009-07-30 12:58:59')",
    result: "58",
  },
);
/** `second(timestamp)`: whole seconds. */
export const second = timeField(
  "second",
  "second(timestamp) returns the second component of the string/timestamp.",
  {
    sql: "second('2009-07-30 12:58:59')",
    result: "59",
  },
);

const MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function nameField(
  name: string,
  names: (days: number) => string,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs: { usage, examples: [example], since: "4.0.0" },
    coerce: (types) => [wantDate(types[0] as DataType)],
    bind: (args, ctx) => {
      const toDays = toDaysFn(name, args, 0, ctx);
      return {
        dataType: STRING,
        nullable: (args[0] as BindArg).nullable || (args[0] as BindArg).dataType.kind === "string",
        eval: (v) => {
          const d = toDays(v);
          return d === null ? null : names(d);
        },
      };
    },
  };
}

/** `monthname(date)`: the three-letter English month name. */
export const monthname = nameField(
  "monthname",
  (d) => MONTH_ABBR[daysToDate(d).month - 1] ?? "",
  "monthname(date) returns the three-letter abbreviated month name from the given date.",
  { sql: "monthname('2008-02-20')", result: "Feb" },
);

/** `dayname(date)`: the three-letter English day name. */
export const dayname = nameField(
  "dayname",
  (d) => DAY_ABBR[isoDayOfWeek(d) - 1] ?? "",
  "dayname(date) returns the three-letter abbreviated day name from the given date.",
  { sql: "dayname(DATE('2008-02-20'))", result: "Wed" },
);

/** Spark's field names for extract/date_part, mapped to our field keys. */
const EXTRACT_FIELDS: Readonly<Record<string, string>> = {
  YEAR: "year",
  Y: "year",
  YEARS: "year",
  YR: "year",
  YRS: "year",
  YEAROFWEEK: "yearofweek",
  QUARTER: "quarter",
  QTR: "quarter",
  MONTH: "month",
  MON: "month",
  MONS: "month",
  MONTHS: "month",
  WEEK: "weekofyear",
  W: "weekofyear",
  WEEKS: "weekofyear",
  DAY: "dayofmonth",
  D: "dayofmonth",
  DAYS: "dayofmonth",
  DAYOFWEEK: "dayofweek",
  DOW: "dayofweek",
  DAYOFWEEK_ISO: "dayofweek_iso",
  DOW_ISO: "dayofweek_iso",
  DOY: "dayofyear",
  HOUR: "hour",
  H: "hour",
  HOURS: "hour",
  HR: "hour",
  HRS: "hour",
  MINUTE: "minute",
  M: "minute",
  MIN: "minute",
  MINS: "minute",
  MINUTES: "minute",
  SECOND: "second_fraction",
  S: "second_fraction",
  SEC: "second_fraction",
  SECONDS: "second_fraction",
  SECS: "second_fraction",
};

function bindExtract(name: string, args: readonly BindArg[], ctx: BindContext): BoundScalar {
  const fieldArg = args[0] as BindArg;
  const source = args[1] as BindArg;
  if (!fieldArg.foldable) {
    throw new TsparkError("NON_FOLDABLE_ARGUMENT", {
      messageParameters: { funcName: `\`${name}\``, paramName: "`field`", paramType: '"STRING"' },
    });
  }
  // A NULL field gives a NULL of type DOUBLE, as Spark does.
  if (fieldArg.value === null)
    return { dataType: DOUBLE, nullable: true, eval: () => null, nullIntolerant: false };
  const raw = typeof fieldArg.value === "string" ? fieldArg.value : undefined;
  const key = raw === undefined ? undefined : EXTRACT_FIELDS[raw.toUpperCase()];
  const ivExtract = bindIntervalExtract(key, raw ?? fieldArg.sql, source);
  if (ivExtract) return ivExtract;
  const srcKind = source.dataType.kind;
  const srcOk =
    srcKind === "date" || srcKind === "timestamp" || srcKind === "timestamp_ntz" || srcKind === "string";
  if (key === undefined || !srcOk) {
    throw new TsparkError("INVALID_EXTRACT_FIELD", {
      messageParameters: { field: `\`${raw ?? fieldArg.sql}\``, expr: `"${source.sql}"` },
    });
  }
  const srcArgs = [source];
  const dayField = DATE_FIELDS[key];
  const inner =
    dayField !== undefined
      ? bindDateField(name, dayField, srcArgs, ctx)
      : bindTimeField(
          name,
          TIME_FIELDS[key] as TimeField,
          key === "second_fraction" ? SECOND_WITH_FRACTION : INT,
          srcArgs,
          ctx,
        );
  // The kernel receives the field name too; only the source matters per row.
  const evalSource = inner.eval;
  return { ...inner, eval: (_field, v) => evalSource(v) };
}

/** `date_part(field, source)`: one field of a date or timestamp, by Spark's field names. */
export const datePart: ScalarFunctionDefinition = {
  type: "scalar",
  name: "date_part",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "date_part(field, source) extracts a part of the date/timestamp; field is a name such as YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DOY, HOUR, MINUTE or SECOND.",
    examples: [
      { sql: "date_part('YEAR', TIMESTAMP '2019-08-12 01:00:00.123456')", result: "2019" },
      { sql: "date_part('SECONDS', TIMESTAMP '2019-10-01 00:00:01.000001')", result: "1.000001" },
    ],
    since: "3.0.0",
  },
  coerce: (types) => [types[0]?.kind === "string" ? undefined : STRING, undefined],
  bind: (args, ctx) => bindExtract("date_part", args, ctx),
};

/** `extract(field FROM source)`, called with the field name as a string argument. */
export const extract: ScalarFunctionDefinition = {
  type: "scalar",
  name: "extract",
  args: { min: 2, max: 2 },
  docs: {
    usage: "extract(field FROM source) extracts a part of the date/timestamp, like date_part.",
    examples: [
      { sql: "extract(YEAR FROM TIMESTAMP '2019-08-12 01:00:00.123456')", result: "2019" },
      { sql: "extract(DOY FROM DATE '2019-08-12')", result: "224" },
    ],
    since: "3.0.0",
  },
  sql: (args) => `extract(${(args[0] ?? "").replace(/^'(.*)'$/, "$1")} FROM ${args[1] ?? ""})`,
  coerce: (types) => [types[0]?.kind === "string" ? undefined : STRING, undefined],
  bind: (args, ctx) => bindExtract("extract", args, ctx),
};
