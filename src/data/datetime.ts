/**
 * Pure helpers on the internal date/timestamp representation (see values.ts): a date is a number of
 * days since 1970-01-01, a timestamp a number of microseconds since 1970-01-01T00:00:00Z (for
 * TIMESTAMP_NTZ: of the local wall clock read as if it were UTC). The calendar is the proleptic
 * Gregorian one, as in Spark 3+.
 *
 * Provides calendar arithmetic, conversions between instants and local fields in a time zone,
 * Spark's default string forms (what CAST to STRING and `show()` print) and Spark's CAST parsing
 * rules (`stringToDate`, `stringToTimestamp`). Callers decide whether an unparseable string is an
 * error or NULL; these helpers return null for it.
 */
import { TsparkError } from "../common/errors.js";
import { getTimeZone, type TimeZone, tryGetTimeZone } from "./timezone.js";

export { getTimeZone, type TimeZone, tryGetTimeZone } from "./timezone.js";

/** Microseconds in a millisecond. */
export const MICROS_PER_MILLI = 1_000;
/** Microseconds in a second. */
export const MICROS_PER_SECOND = 1_000_000;
/** Microseconds in a minute. */
export const MICROS_PER_MINUTE = 60_000_000;
/** Microseconds in an hour. */
export const MICROS_PER_HOUR = 3_600_000_000;
/** Microseconds in a day (days have no leap seconds here, as in java.time). */
export const MICROS_PER_DAY = 86_400_000_000;
/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;
/** Smallest date: Spark's date range is a Java int of days. */
export const MIN_DATE_DAYS = -2_147_483_648;
/** Largest date (a Java int of days). */
export const MAX_DATE_DAYS = 2_147_483_647;

/** Floor division for integers held in numbers (exact for safe integers). */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r < 0) q -= 1;
  else if (r >= b) q += 1;
  return q;
}

/** Floor modulus matching `floorDiv` (result has the sign of `b`). */
export function floorMod(a: number, b: number): number {
  return a - floorDiv(a, b) * b;
}

/** Throws `DATETIME_OVERFLOW` unless `micros` is a safe integer; returns it. */
export function checkMicros(micros: number, operation = "timestamp out of range"): number {
  if (!Number.isSafeInteger(micros)) {
    throw new TsparkError("DATETIME_OVERFLOW", { messageParameters: { operation } });
  }
  return micros;
}

/** Throws `DATETIME_OVERFLOW` unless `days` is an int; returns it. */
export function checkDays(days: number, operation = "date out of range"): number {
  if (!Number.isInteger(days) || days < MIN_DATE_DAYS || days > MAX_DATE_DAYS) {
    throw new TsparkError("DATETIME_OVERFLOW", { messageParameters: { operation } });
  }
  return days;
}

/** True for leap years of the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/** True when year/month/day names a real date. */
export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (fields are not validated). */
export function dateToDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Year, month (1–12) and day (1–31) of a date. */
export interface DateFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The calendar fields of a day number. */
export function daysToDate(days: number): DateFields {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Year of a day number (cheaper callers may still use daysToDate). */
export function yearOfDays(days: number): number {
  return daysToDate(days).year;
}

/** 1-based day of the year. */
export function dayOfYear(days: number): number {
  return days - dateToDays(daysToDate(days).year, 1, 1) + 1;
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function isoDayOfWeek(days: number): number {
  // 1970-01-01 was a Thursday (4).
  return floorMod(days + 3, 7) + 1;
}

/** ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOfYear(days: number): number {
  const thursday = days - isoDayOfWeek(days) + 4;
  const y = daysToDate(thursday).year;
  return Math.floor((thursday - dateToDays(y, 1, 1)) / 7) + 1;
}

/** Local date-time fields of a timestamp; `micros` is the microsecond of the second (0–999999). */
export interface DateTimeFields extends DateFields {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micros: number;
}

/** The local wall-clock microseconds (as if UTC) for a UTC instant in zone `tz`. */
export function utcToLocalMicros(micros: number, tz: TimeZone): number {
  if (tz.fixedOffsetSeconds !== undefined) return micros + tz.fixedOffsetSeconds * MICROS_PER_SECOND;
  const secs = floorDiv(micros, MICROS_PER_SECOND);
  return micros + tz.offsetAtUtc(secs) * MICROS_PER_SECOND;
}

/** The UTC instant for local wall-clock microseconds in zone `tz` (Java's gap/overlap rules). */
export function localToUtcMicros(localMicros: number, tz: TimeZone): number {
  // Out-of-range wall clocks (year 294248) must overflow here, before the zone rules see them.
  checkMicros(localMicros);
  if (tz.fixedOffsetSeconds !== undefined) {
    return checkMicros(localMicros - tz.fixedOffsetSeconds * MICROS_PER_SECOND);
  }
  const secs = floorDiv(localMicros, MICROS_PER_SECOND);
  const frac = localMicros - secs * MICROS_PER_SECOND;
  return checkMicros(tz.localToUtc(secs) * MICROS_PER_SECOND + frac);
}

/** Splits wall-clock microseconds (as if UTC) into calendar and clock fields. */
export function localMicrosToFields(localMicros: number): DateTimeFields {
  const days = floorDiv(localMicros, MICROS_PER_DAY);
  const { year, month, day } = daysToDate(days);
  let rest = localMicros - days * MICROS_PER_DAY;
  const hour = Math.floor(rest / MICROS_PER_HOUR);
  rest -= hour * MICROS_PER_HOUR;
  const minute = Math.floor(rest / MICROS_PER_MINUTE);
  rest -= minute * MICROS_PER_MINUTE;
  const second = Math.floor(rest / MICROS_PER_SECOND);
  return { year, month, day, hour, minute, second, micros: rest - second * MICROS_PER_SECOND };
}

/** Local fields of a timestamp in time zone `tz` (id or resolved zone). */
export function microsToFields(micros: number, tz: string | TimeZone): DateTimeFields {
  const zone = typeof tz === "string" ? getTimeZone(tz) : tz;
  return localMicrosToFields(utcToLocalMicros(micros, zone));
}

/** Wall-clock microseconds (as if UTC) from fields; fields are not validated. */
export function fieldsToLocalMicros(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  micros: number,
): number {
  return (
    dateToDays(year, month, day) * MICROS_PER_DAY +
    hour * MICROS_PER_HOUR +
    minute * MICROS_PER_MINUTE +
    second * MICROS_PER_SECOND +
    micros
  );
}

/** The local date (days) of a timestamp in zone `tz` (Spark's `microsToDays`). */
export function microsToDays(micros: number, tz: TimeZone): number {
  return floorDiv(utcToLocalMicros(micros, tz), MICROS_PER_DAY);
}

/** The instant of local midnight starting `days` in zone `tz` (Spark's `daysToMicros`). */
export function daysToMicros(days: number, tz: TimeZone): number {
  return localToUtcMicros(days * MICROS_PER_DAY, tz);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A year as Spark prints it: at least 4 digits, `+` above 9999, `-` below 0. */
export function formatYear(year: number): string {
  if (year < 0) return `-${String(-year).padStart(4, "0")}`;
  if (year > 9999) return `+${year}`;
  return String(year).padStart(4, "0");
}

/** Spark's default date string `yyyy-MM-dd` (CAST(date AS STRING)). */
export function formatDate(days: number): string {
  const { year, month, day } = daysToDate(days);
  return `${formatYear(year)}-${pad2(month)}-${pad2(day)}`;
}

/** Fraction of a second as Spark prints it: `.` plus digits with trailing zeros trimmed, or "". */
export function formatFraction(micros: number): string {
  if (micros === 0) return "";
  let s = String(micros).padStart(6, "0");
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  s = s.slice(0, end);
  return `.${s}`;
}

function formatLocal(localMicros: number): string {
  const f = localMicrosToFields(localMicros);
  return (
    `${formatYear(f.year)}-${pad2(f.month)}-${pad2(f.day)} ` +
    `${pad2(f.hour)}:${pad2(f.minute)}:${pad2(f.second)}${formatFraction(f.micros)}`
  );
}

/** Spark's default timestamp string in zone `tz`: `2024-01-31 12:34:56.123`. */
export function formatTimestamp(micros: number, tz: string | TimeZone): string {
  const zone = typeof tz === "string" ? getTimeZone(tz) : tz;
  return formatLocal(utcToLocalMicros(micros, zone));
}

/** Spark's default TIMESTAMP_NTZ string (no zone conversion). */
export function formatTimestampNtz(micros: number): string {
  return formatLocal(micros);
}

/** Whitespace or ISO control characters, which Spark trims from datetime strings. */
function isTrimmable(c: number): boolean {
  return c <= 32 || (c >= 127 && c <= 159);
}

/** Start of `s` with Spark's datetime trimming applied (see `trimmedEnd`). */
function trimmedStart(s: string): number {
  let start = 0;
  while (start < s.length && isTrimmable(s.charCodeAt(start))) start++;
  return start;
}

/** End of `s` with trailing trimmable characters dropped, not before `start`. */
function trimmedEnd(s: string, start: number): number {
  let end = s.length;
  while (end > start && isTrimmable(s.charCodeAt(end - 1))) end--;
  return end;
}

function validDateDigits(segment: number, n: number): boolean {
  return segment === 0 ? n >= 4 && n <= 7 : n > 0 && n <= 2;
}

/**
 * Parses a date as Spark's CAST does (`stringToDate`): trimmed `[+-]yyyy[y…]`, `yyyy-[m]m`,
 * `yyyy-[m]m-[d]d`, optionally followed by a space or `T` and anything. Returns days or null.
 */
export function parseDate(str: string): number | null {
  // Per-value hot path (CSV/JSON readers, CAST): no closure, tuple or array per call.
  let j = trimmedStart(str);
  const end = trimmedEnd(str, j);
  if (j === end) return null;
  let sign = 1;
  const c0 = str.charCodeAt(j);
  if (c0 === 45 || c0 === 43) {
    sign = c0 === 45 ? -1 : 1;
    j++;
  }
  let seg0 = 1;
  let seg1 = 1;
  let i = 0;
  let value = 0;
  let digits = 0;
  while (j < end) {
    const c = str.charCodeAt(j);
    if (c === 32 || c === 84) break;
    if (i < 2 && c === 45) {
      if (!validDateDigits(i, digits)) return null;
      if (i === 0) seg0 = value;
      else seg1 = value;
      value = 0;
      digits = 0;
      i++;
    } else {
      const d = c - 48;
      if (d < 0 || d > 9) return null;
      value = value * 10 + d;
      digits++;
    }
    j++;
  }
  if (!validDateDigits(i, digits)) return null;
  if (i < 2 && j < end) return null;
  let day = 1;
  if (i === 0) seg0 = value;
  else if (i === 1) seg1 = value;
  else day = value;
  const year = sign * seg0;
  const month = seg1;
  if (!isValidDate(year, month, day)) return null;
  const days = dateToDays(year, month, day);
  return days < MIN_DATE_DAYS || days > MAX_DATE_DAYS ? null : days;
}

function validTsDigits(segment: number, n: number): boolean {
  if (segment === 6) return true;
  if (segment === 0) return n >= 4 && n <= 6;
  if (segment === 7) return n <= 2;
  return n > 0 && n <= 2;
}

/**
 * The fields of the last timestamp string `parseTimestampParts` accepted (Spark's
 * `parseTimestampString` segments: year, month, day, hour, minute, second, microseconds, and two
 * zone-offset slots), its zone suffix and whether it was a time alone. One scratch record reused
 * by every call, so that parsing allocates nothing but a zone suffix; callers read it right after
 * the call (nothing in between parses another timestamp).
 */
const PARTS: { seg: number[]; zone: string | undefined; justTime: boolean } = {
  seg: [1, 1, 1, 0, 0, 0, 0, 0, 0],
  zone: undefined,
  justTime: false,
};

/** Splits a timestamp string into `PARTS`; false when it is not a valid timestamp string. */
function parseTimestampParts(str: string): boolean {
  let j = trimmedStart(str);
  const end = trimmedEnd(str, j);
  if (j === end) return false;
  const seg = PARTS.seg;
  seg[0] = 1;
  seg[1] = 1;
  seg[2] = 1;
  for (let k = 3; k < 9; k++) seg[k] = 0;
  let i = 0;
  let value = 0;
  let digits = 0;
  let fracDigits = 0;
  let justTime = false;
  let yearSign = 0;
  let zone: string | undefined;
  const c0 = str.charCodeAt(j);
  if (c0 === 45 || c0 === 43) {
    yearSign = c0 === 45 ? -1 : 1;
    j++;
  }
  // "Closing" a segment (Spark's inner step): check its digit count, store it, move to the next.
  // Written out at each use: a local closure would be created on every call.
  while (j < end) {
    const c = str.charCodeAt(j);
    const d = c - 48;
    if (d < 0 || d > 9) {
      if (j === 0 && c === 84) {
        justTime = true;
        i += 3;
      } else if (i < 2) {
        if (c === 45) {
          if (!validTsDigits(i, digits)) return false;
          seg[i++] = value;
          value = 0;
          digits = 0;
        } else if (i === 0 && c === 58 && yearSign === 0) {
          justTime = true;
          if (!validTsDigits(3, digits)) return false;
          seg[3] = value;
          value = 0;
          digits = 0;
          i = 4;
        } else {
          return false;
        }
      } else if (i === 2) {
        if (c !== 32 && c !== 84) return false;
        if (!validTsDigits(i, digits)) return false;
        seg[i++] = value;
        value = 0;
        digits = 0;
      } else if (i === 3 || i === 4) {
        if (c !== 58) return false;
        if (!validTsDigits(i, digits)) return false;
        seg[i++] = value;
        value = 0;
        digits = 0;
      } else if (i === 5 || i === 6) {
        const wasSeconds = i === 5;
        if (!validTsDigits(i, digits)) return false;
        seg[i++] = value;
        value = 0;
        digits = 0;
        if (!(c === 46 && wasSeconds)) {
          zone = str.slice(j, end);
          j = end - 1;
          // Seconds followed directly by a zone: there is no fraction segment.
          if (wasSeconds) i++;
        }
      } else if (i < 9 && (c === 58 || c === 32)) {
        if (!validTsDigits(i, digits)) return false;
        seg[i++] = value;
        value = 0;
        digits = 0;
      } else {
        return false;
      }
    } else {
      if (i === 6) fracDigits++;
      // Digits beyond microseconds are dropped (Spark truncates nanoseconds).
      if (i !== 6 || digits < 6) value = value * 10 + d;
      digits++;
    }
    j++;
  }
  if (!validTsDigits(i, digits)) return false;
  seg[i] = value;
  while (fracDigits < 6) {
    seg[6] = (seg[6] ?? 0) * 10;
    fracDigits++;
  }
  if (yearSign !== 0) seg[0] = (seg[0] ?? 0) * yearSign;
  PARTS.zone = zone?.trim();
  PARTS.justTime = justTime;
  return true;
}

function partsToLocalMicros(seg: readonly number[], days: number): number | null {
  const hour = seg[3] ?? 0;
  const minute = seg[4] ?? 0;
  const second = seg[5] ?? 0;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return (
    days * MICROS_PER_DAY +
    hour * MICROS_PER_HOUR +
    minute * MICROS_PER_MINUTE +
    second * MICROS_PER_SECOND +
    (seg[6] ?? 0)
  );
}

function partsDays(seg: readonly number[]): number | null {
  const year = seg[0] ?? 1;
  const month = seg[1] ?? 1;
  const day = seg[2] ?? 1;
  return isValidDate(year, month, day) ? dateToDays(year, month, day) : null;
}

/**
 * Parses a timestamp as Spark's CAST does (`stringToTimestamp`): `[+-]yyyy[-[m]m[-[d]d]]`, then
 * optionally ` ` or `T` and `[h]h:[m]m:[s]s[.ffffff]` and a zone (`Z`, `+hh:mm`, `UTC`, `GMT+8`,
 * region ids such as `Europe/Madrid`); or a time alone (`[T][h]h:[m]m:[s]s…`), which takes today's
 * date from `currentMicros` (null when not given). Local times are read in `tz` unless the string
 * names a zone. Returns microseconds, or null when the string is not a valid timestamp.
 * Throws `DATETIME_OVERFLOW` when the instant does not fit the internal representation.
 */
export function parseTimestamp(str: string, tz: string | TimeZone, currentMicros?: number): number | null {
  if (!parseTimestampParts(str)) return null;
  const parts = PARTS;
  let zone: TimeZone;
  if (parts.zone !== undefined) {
    const z = tryResolveZoneSuffix(parts.zone);
    if (z === undefined) return null;
    zone = z;
  } else {
    zone = typeof tz === "string" ? getTimeZone(tz) : tz;
  }
  let days: number | null;
  if (parts.justTime) {
    if (currentMicros === undefined) return null;
    days = microsToDays(currentMicros, zone);
  } else {
    days = partsDays(parts.seg);
  }
  if (days === null) return null;
  const local = partsToLocalMicros(parts.seg, days);
  if (local === null) return null;
  return localToUtcMicros(checkMicros(local), zone);
}

/**
 * Parses a TIMESTAMP_NTZ as Spark's CAST does (`stringToTimestampWithoutTimeZone`): like
 * `parseTimestamp` but a time alone is rejected and a zone suffix is ignored when `allowTimeZone`
 * (the CAST default), else rejected. Returns wall-clock microseconds or null.
 */
export function parseTimestampNtz(str: string, allowTimeZone = true): number | null {
  if (!parseTimestampParts(str)) return null;
  const parts = PARTS;
  if (parts.justTime) return null;
  if (parts.zone !== undefined) {
    if (!allowTimeZone || tryResolveZoneSuffix(parts.zone) === undefined) return null;
  }
  const days = partsDays(parts.seg);
  if (days === null) return null;
  const local = partsToLocalMicros(parts.seg, days);
  return local === null ? null : checkMicros(local);
}

function tryResolveZoneSuffix(id: string): TimeZone | undefined {
  return tryGetTimeZone(id);
}
