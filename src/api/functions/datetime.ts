/**
 * PySpark-named wrappers for the datetime function family (see functions/datetime/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark. Where
 * PySpark takes a format, unit or time zone as a Python `str`, a JS string here is that literal
 * (not a column name); pass a Column to use a column instead.
 */
import type { Expression } from "../../expressions/expression.js";
import { Column, type ColumnOrName, fn, fnExpr, litExpr, toExpr } from "./helpers.js";

/** A Column, or a string literal (PySpark's `str` parameters such as formats and zone ids). */
export type ColumnOrString = Column | string;

function strOrCol(v: ColumnOrString): Expression {
  return v instanceof Column ? v.expr : litExpr(v);
}

function intOrCol(v: ColumnOrName | number): Expression {
  return typeof v === "number" ? litExpr(v) : toExpr(v);
}

/** `current_date()`: the date at the start of query evaluation. */
export function current_date(): Column {
  return fn("current_date");
}
/** `current_timestamp()`: the timestamp at the start of query evaluation. */
export function current_timestamp(): Column {
  return fn("current_timestamp");
}
/** `now()`: alias of current_timestamp. */
export function now(): Column {
  return fn("now");
}
/** `current_timezone()`: the session time zone id. */
export function current_timezone(): Column {
  return fn("current_timezone");
}

/** `date_format(date, format)`: formats a date/timestamp/string with a datetime pattern. */
export function date_format(date: ColumnOrName, format: string): Column {
  return fnExpr("date_format", toExpr(date), litExpr(format));
}

/** `year(col)`. */
export function year(col: ColumnOrName): Column {
  return fn("year", col);
}
/** `quarter(col)`: 1 to 4. */
export function quarter(col: ColumnOrName): Column {
  return fn("quarter", col);
}
/** `month(col)`: 1 to 12. */
export function month(col: ColumnOrName): Column {
  return fn("month", col);
}
/** `dayofweek(col)`: 1 = Sunday … 7 = Saturday. */
export function dayofweek(col: ColumnOrName): Column {
  return fn("dayofweek", col);
}
/** `dayofmonth(col)`. */
export function dayofmonth(col: ColumnOrName): Column {
  return fn("dayofmonth", col);
}
/** `day(col)`: alias of dayofmonth. */
export function day(col: ColumnOrName): Column {
  return fn("day", col);
}
/** `dayofyear(col)`. */
export function dayofyear(col: ColumnOrName): Column {
  return fn("dayofyear", col);
}
/** `weekday(col)`: 0 = Monday … 6 = Sunday. */
export function weekday(col: ColumnOrName): Column {
  return fn("weekday", col);
}
/** `weekofyear(col)`: ISO-8601 week number. */
export function weekofyear(col: ColumnOrName): Column {
  return fn("weekofyear", col);
}
/** `hour(col)`. */
export function hour(col: ColumnOrName): Column {
  return fn("hour", col);
}
/** `minute(col)`. */
export function minute(col: ColumnOrName): Column {
  return fn("minute", col);
}
/** `second(col)`. */
export function second(col: ColumnOrName): Column {
  return fn("second", col);
}
/** `extract(field, source)`: a part (`YEAR`, `MONTH`, `DOY`, `SECOND`, …) of a datetime. */
export function extract(field: ColumnOrString, source: ColumnOrName): Column {
  return fnExpr("extract", strOrCol(field), toExpr(source));
}
/** `date_part(field, source)`: like extract. */
export function date_part(field: ColumnOrString, source: ColumnOrName): Column {
  return fnExpr("date_part", strOrCol(field), toExpr(source));
}

/** `make_date(year, month, day)`. */
export function make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName): Column {
  return fn("make_date", year, month, day);
}

/** `make_timestamp(years, months, days, hours, mins, secs[, timezone])`. */
export function make_timestamp(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column {
  const args = [years, months, days, hours, mins, secs].map(toExpr);
  if (timezone !== undefined) args.push(toExpr(timezone));
  return fnExpr("make_timestamp", ...args);
}

/** `date_add(start, days)`: the date `days` after start. */
export function date_add(start: ColumnOrName, days: ColumnOrName | number): Column {
  return fnExpr("date_add", toExpr(start), intOrCol(days));
}
/** `dateadd(start, days)`: alias of date_add. */
export function dateadd(start: ColumnOrName, days: ColumnOrName | number): Column {
  return fnExpr("dateadd", toExpr(start), intOrCol(days));
}
/** `date_sub(start, days)`: the date `days` before start. */
export function date_sub(start: ColumnOrName, days: ColumnOrName | number): Column {
  return fnExpr("date_sub", toExpr(start), intOrCol(days));
}
/** `datediff(end, start)`: days from start to end. */
export function datediff(end: ColumnOrName, start: ColumnOrName): Column {
  return fn("datediff", end, start);
}
/** `date_diff(end, start)`: alias of datediff. */
export function date_diff(end: ColumnOrName, start: ColumnOrName): Column {
  return fn("date_diff", end, start);
}
/** `add_months(start, months)`. */
export function add_months(start: ColumnOrName, months: ColumnOrName | number): Column {
  return fnExpr("add_months", toExpr(start), intOrCol(months));
}
/** `months_between(date1, date2, roundOff = true)`. */
export function months_between(date1: ColumnOrName, date2: ColumnOrName, roundOff = true): Column {
  return fnExpr("months_between", toExpr(date1), toExpr(date2), litExpr(roundOff));
}
/** `last_day(date)`: the last day of the date's month. */
export function last_day(date: ColumnOrName): Column {
  return fn("last_day", date);
}
/** `next_day(date, dayOfWeek)`: the first later date on that weekday (`"Mon"`, `"TU"`, …). */
export function next_day(date: ColumnOrName, dayOfWeek: string): Column {
  return fnExpr("next_day", toExpr(date), litExpr(dayOfWeek));
}
/** `trunc(date, format)`: a date truncated to `year`, `quarter`, `month` or `week`. */
export function trunc(date: ColumnOrName, format: string): Column {
  return fnExpr("trunc", toExpr(date), litExpr(format));
}
/** `date_trunc(format, timestamp)`: a timestamp truncated to a unit (`year` … `microsecond`). */
export function date_trunc(format: string, timestamp: ColumnOrName): Column {
  return fnExpr("date_trunc", litExpr(format), toExpr(timestamp));
}

/** `to_date(col[, format])`: a date from a string (CAST rules without a format). */
export function to_date(col: ColumnOrName, format?: string): Column {
  return format === undefined ? fn("to_date", col) : fnExpr("to_date", toExpr(col), litExpr(format));
}
/** `to_timestamp(col[, format])`: a timestamp from a string (CAST rules without a format). */
export function to_timestamp(col: ColumnOrName, format?: string): Column {
  return format === undefined
    ? fn("to_timestamp", col)
    : fnExpr("to_timestamp", toExpr(col), litExpr(format));
}
/** `try_to_timestamp(col[, format])`: to_timestamp returning NULL on malformed input. */
export function try_to_timestamp(col: ColumnOrName, format?: ColumnOrString): Column {
  return format === undefined
    ? fn("try_to_timestamp", col)
    : fnExpr("try_to_timestamp", toExpr(col), strOrCol(format));
}
/** `to_timestamp_ntz(timestamp[, format])`: a timestamp without time zone from a string. */
export function to_timestamp_ntz(timestamp: ColumnOrName, format?: ColumnOrString): Column {
  return format === undefined
    ? fn("to_timestamp_ntz", timestamp)
    : fnExpr("to_timestamp_ntz", toExpr(timestamp), strOrCol(format));
}
/** `from_unixtime(timestamp, format = "yyyy-MM-dd HH:mm:ss")`: seconds since the epoch as a string. */
export function from_unixtime(timestamp: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss"): Column {
  return fnExpr("from_unixtime", toExpr(timestamp), litExpr(format));
}
/** `unix_timestamp(timestamp?, format = "yyyy-MM-dd HH:mm:ss")`: seconds since the epoch (now without arguments). */
export function unix_timestamp(timestamp?: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss"): Column {
  if (timestamp === undefined) return fn("unix_timestamp");
  return fnExpr("unix_timestamp", toExpr(timestamp), litExpr(format));
}
/** `to_unix_timestamp(timestamp[, format])`: seconds since the epoch of a time. */
export function to_unix_timestamp(timestamp: ColumnOrName, format?: ColumnOrString): Column {
  return format === undefined
    ? fn("to_unix_timestamp", timestamp)
    : fnExpr("to_unix_timestamp", toExpr(timestamp), strOrCol(format));
}
/** `from_utc_timestamp(timestamp, tz)`: the UTC instant as wall-clock time in tz (a string is a zone id). */
export function from_utc_timestamp(timestamp: ColumnOrName, tz: ColumnOrString): Column {
  return fnExpr("from_utc_timestamp", toExpr(timestamp), strOrCol(tz));
}
/** `to_utc_timestamp(timestamp, tz)`: wall-clock time in tz as a UTC instant (a string is a zone id). */
export function to_utc_timestamp(timestamp: ColumnOrName, tz: ColumnOrString): Column {
  return fnExpr("to_utc_timestamp", toExpr(timestamp), strOrCol(tz));
}

/** `timestamp_seconds(col)`: a timestamp from seconds since the epoch. */
export function timestamp_seconds(col: ColumnOrName): Column {
  return fn("timestamp_seconds", col);
}
/** `timestamp_millis(col)`: a timestamp from milliseconds since the epoch. */
export function timestamp_millis(col: ColumnOrName): Column {
  return fn("timestamp_millis", col);
}
/** `timestamp_micros(col)`: a timestamp from microseconds since the epoch. */
export function timestamp_micros(col: ColumnOrName): Column {
  return fn("timestamp_micros", col);
}
/** `unix_seconds(col)`: seconds since the epoch of a timestamp. */
export function unix_seconds(col: ColumnOrName): Column {
  return fn("unix_seconds", col);
}
/** `unix_millis(col)`: milliseconds since the epoch of a timestamp. */
export function unix_millis(col: ColumnOrName): Column {
  return fn("unix_millis", col);
}
/** `unix_micros(col)`: microseconds since the epoch of a timestamp. */
export function unix_micros(col: ColumnOrName): Column {
  return fn("unix_micros", col);
}
/** `unix_date(col)`: days since 1970-01-01 of a date. */
export function unix_date(col: ColumnOrName): Column {
  return fn("unix_date", col);
}
/** `date_from_unix_date(days)`: the date that many days after 1970-01-01. */
export function date_from_unix_date(days: ColumnOrName): Column {
  return fn("date_from_unix_date", days);
}

/** `curdate()`: alias of current_date. */
export function curdate(): Column {
  return fn("curdate");
}
/** `localtimestamp()`: the query start time as a timestamp without time zone. */
export function localtimestamp(): Column {
  return fn("localtimestamp");
}
/** `monthname(col)`: three-letter month name. */
export function monthname(col: ColumnOrName): Column {
  return fn("monthname", col);
}
/** `dayname(col)`: three-letter day name. */
export function dayname(col: ColumnOrName): Column {
  return fn("dayname", col);
}
/** `make_timestamp_ltz(years, months, days, hours, mins, secs[, timezone])`. */
export function make_timestamp_ltz(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column {
  const args = [years, months, days, hours, mins, secs].map(toExpr);
  if (timezone !== undefined) args.push(toExpr(timezone));
  return fnExpr("make_timestamp_ltz", ...args);
}
/** `make_timestamp_ntz(years, months, days, hours, mins, secs)`. */
export function make_timestamp_ntz(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
): Column {
  return fn("make_timestamp_ntz", years, months, days, hours, mins, secs);
}
/** `try_make_timestamp(years, months, days, hours, mins, secs[, timezone])`: NULL on invalid fields. */
export function try_make_timestamp(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column {
  const args = [years, months, days, hours, mins, secs].map(toExpr);
  if (timezone !== undefined) args.push(toExpr(timezone));
  return fnExpr("try_make_timestamp", ...args);
}
/** `convert_timezone(sourceTz, targetTz, sourceTs)`: PySpark's signature; pass `null` as sourceTz for the session zone. */
export function convert_timezone(sourceTz: Column | null, targetTz: Column, sourceTs: ColumnOrName): Column {
  return sourceTz === null
    ? fnExpr("convert_timezone", targetTz.expr, toExpr(sourceTs))
    : fnExpr("convert_timezone", sourceTz.expr, targetTz.expr, toExpr(sourceTs));
}
