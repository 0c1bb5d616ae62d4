/**
 * ANSI interval values (`INTERVAL DAY TO SECOND`: a long of microseconds; `INTERVAL YEAR TO MONTH`:
 * an int of months) as text, both ways, in Spark's ANSI style:
 *
 *     INTERVAL '1 02:03:04.5' DAY TO SECOND     INTERVAL '-0 23:00:59' DAY TO SECOND
 *     INTERVAL '02' HOUR                         INTERVAL '2-3' YEAR TO MONTH
 *     INTERVAL '-11' MONTH                       INTERVAL '25:01' HOUR TO MINUTE
 *
 * The leading field is unbounded (days print as is, hours/minutes/seconds with at least two
 * digits), later fields are two digits, and seconds keep up to six fraction digits with trailing
 * zeros dropped. Used by rendering, casts, literals and column names.
 */
import type { DayTimeField, YearMonthField } from "../types/data-type.js";
import { normLong } from "./values.js";

/** Microseconds in a day, hour, minute and second, indexed by day-time field. */
export const MICROS_PER_FIELD: readonly [bigint, bigint, bigint, bigint] = [
  86_400_000_000n,
  3_600_000_000n,
  60_000_000n,
  1_000_000n,
];

const DT_NAMES = ["DAY", "HOUR", "MINUTE", "SECOND"] as const;
const YM_NAMES = ["YEAR", "MONTH"] as const;

function suffix(names: readonly string[], start: number, end: number): string {
  return start === end ? names[start]! : `${names[start]!} TO ${names[end]!}`;
}

function pad2(n: bigint): string {
  return n < 10n ? `0${n}` : String(n);
}

function secondsText(micros: bigint): string {
  const whole = micros / 1_000_000n;
  const frac = micros % 1_000_000n;
  const head = pad2(whole);
  if (frac === 0n) return head;
  return `${head}.${String(frac).padStart(6, "0").replace(/0+$/, "")}`;
}

/** The quoted body of a day-time interval (`1 02:03:04.5`, `-02`) without `INTERVAL` and fields. */
export function dayTimeIntervalBody(micros: number | bigint, start: DayTimeField, end: DayTimeField): string {
  let rest = typeof micros === "bigint" ? micros : BigInt(micros);
  const sign = rest < 0n ? "-" : "";
  if (rest < 0n) rest = -rest;
  let out = "";
  for (let f = start; f <= end; f++) {
    const unit = MICROS_PER_FIELD[f]!;
    if (f === 3) {
      out += (f === start ? "" : ":") + secondsText(rest);
      break;
    }
    const n = rest / unit;
    rest %= unit;
    if (f === start) out += f === 0 ? String(n) : pad2(n);
    else out += (f === 1 ? " " : ":") + pad2(n);
  }
  return sign + out;
}

/** `INTERVAL '1 02:03:04.5' DAY TO SECOND`: Spark's ANSI string of a day-time interval. */
export function formatDayTimeInterval(
  micros: number | bigint,
  start: DayTimeField,
  end: DayTimeField,
): string {
  return `INTERVAL '${dayTimeIntervalBody(micros, start, end)}' ${suffix(DT_NAMES, start, end)}`;
}

/** The quoted body of a year-month interval (`2-3`, `-0-11`, `2`). */
export function yearMonthIntervalBody(months: number, start: YearMonthField, end: YearMonthField): string {
  const sign = months < 0 ? "-" : "";
  const abs = Math.abs(months);
  if (start === 1) return `${sign}${abs}`;
  const years = Math.trunc(abs / 12);
  return end === 0 ? `${sign}${years}` : `${sign}${years}-${abs % 12}`;
}

/** `INTERVAL '2-3' YEAR TO MONTH`: Spark's ANSI string of a year-month interval. */
export function formatYearMonthInterval(months: number, start: YearMonthField, end: YearMonthField): string {
  return `INTERVAL '${yearMonthIntervalBody(months, start, end)}' ${suffix(YM_NAMES, start, end)}`;
}

const MAX_LONG = 9223372036854775807n;

/** Parses `[+-]?digits[.fraction]` seconds into micros (fraction beyond 6 digits is dropped). */
function secondsMicros(text: string): bigint {
  const [w, f = ""] = text.split(".");
  return BigInt(w!) * 1_000_000n + BigInt((f + "000000").slice(0, 6));
}

/**
 * Parses the body of a day-time interval for the fields `start`..`end` (`1 02:03:04.5` for DAY TO
 * SECOND, `10` for DAY, `13.123456789` for SECOND, `25:01` for HOUR TO MINUTE), optionally signed.
 * The leading field is unbounded; later ones must be within their range. Returns micros (a long),
 * or null when the text does not match.
 */
export function parseDayTimeIntervalBody(
  text: string,
  start: DayTimeField,
  end: DayTimeField,
): number | bigint | null {
  const t = text.trim();
  const m = /^([+-])?(.*)$/.exec(t)!;
  const negative = m[1] === "-";
  // A single-field body may have blanks between its sign and digits (interval.sql.out: '-\t 1' DAY).
  let body = start === end ? m[2]!.trim() : m[2]!;
  const parts: string[] = [];
  if (start === 0 && end > 0) {
    const sp = /^(\d+)\s+(.*)$/.exec(body);
    if (!sp) return null;
    parts.push(sp[1]!);
    body = sp[2]!;
    parts.push(...body.split(":"));
  } else {
    parts.push(...body.split(":"));
  }
  if (parts.length !== end - start + 1) return null;
  let total = 0n;
  for (let i = 0; i < parts.length; i++) {
    const f = (start + i) as DayTimeField;
    const p = parts[i]!;
    const isSecond = f === 3;
    if (!(isSecond ? /^\d+(\.\d{0,9})?$/ : /^\d+$/).test(p)) return null;
    if (i > 0 && p.split(".")[0]!.length > 2) return null;
    const v = isSecond ? secondsMicros(p) : BigInt(p) * MICROS_PER_FIELD[f]!;
    if (i > 0) {
      const limit = f === 1 ? 24n : 60n;
      if (v >= limit * MICROS_PER_FIELD[f]!) return null;
    }
    total += v;
  }
  // The negative range reaches one further than the positive one (Long.MinValue micros).
  if (total > (negative ? MAX_LONG + 1n : MAX_LONG)) return null;
  return normLong(negative ? -total : total);
}

/**
 * Parses the body of a year-month interval (`2-3` for YEAR TO MONTH, `2` for YEAR, `11` for MONTH),
 * optionally signed; months within 0..11 after a year. Returns months, or null.
 */
export function parseYearMonthIntervalBody(
  text: string,
  start: YearMonthField,
  end: YearMonthField,
): number | null {
  const m = /^([+-])?(\d+)(?:-(\d{1,2}))?$/.exec(
    start === end ? text.trim().replace(/^([+-])\s+/, "$1") : text.trim(),
  );
  if (!m) return null;
  const hasMonth = m[3] !== undefined;
  if (hasMonth !== (start === 0 && end === 1)) return null;
  const lead = Number(m[2]);
  let months: number;
  if (hasMonth) {
    const mm = Number(m[3]);
    if (mm > 11) return null;
    months = lead * 12 + mm;
  } else months = start === 0 ? lead * 12 : lead;
  // Int.MinValue months ('-178956970-8' YEAR TO MONTH) is in range; its negation is not.
  if (months > (m[1] === "-" ? 2147483648 : 2147483647)) return null;
  return m[1] === "-" ? -months : months;
}

const DT_FIELD_INDEX: Readonly<Record<string, DayTimeField>> = { day: 0, hour: 1, minute: 2, second: 3 };
const YM_FIELD_INDEX: Readonly<Record<string, YearMonthField>> = { year: 0, month: 1 };

/**
 * Unwraps Spark's full literal form `INTERVAL [+-]'body' FROM [TO TO]` when `text` has it and its
 * fields are `start`..`end`; returns the signed body, or the text itself when it is not in that form,
 * or null when the fields differ.
 */
function unwrapLiteral(
  text: string,
  index: Readonly<Record<string, number>>,
  start: number,
  end: number,
): string | null {
  const m = /^\s*interval\s*([+-])?\s*'([^']*)'\s+(\w+)(?:\s+to\s+(\w+))?\s*$/i.exec(text);
  if (!m) return text;
  const s = index[m[3]!.toLowerCase()];
  const e = m[4] === undefined ? s : index[m[4].toLowerCase()];
  if (s !== start || e !== end) return null;
  const body = m[2]!.trim();
  if (m[1] !== "-") return body;
  return body.startsWith("-") ? body.slice(1) : body.startsWith("+") ? `-${body.slice(1)}` : `-${body}`;
}

/** CAST(string AS INTERVAL day-time): the bare body or the full literal form; null when malformed. */
export function castStringToDayTime(
  text: string,
  start: DayTimeField,
  end: DayTimeField,
): number | bigint | null {
  const body = unwrapLiteral(text, DT_FIELD_INDEX, start, end);
  return body === null ? null : parseDayTimeIntervalBody(body, start, end);
}

/** CAST(string AS INTERVAL year-month): the bare body or the full literal form; null when malformed. */
export function castStringToYearMonth(
  text: string,
  start: YearMonthField,
  end: YearMonthField,
): number | null {
  const body = unwrapLiteral(text, YM_FIELD_INDEX, start, end);
  return body === null ? null : parseYearMonthIntervalBody(body, start, end);
}

/** Keeps only the whole `end` fields of a day-time interval (casting DAY TO SECOND to DAY TO HOUR). */
export function truncateDayTime(micros: number | bigint, end: DayTimeField): number | bigint {
  if (end === 3) return micros;
  const unit = MICROS_PER_FIELD[end]!;
  const v = typeof micros === "bigint" ? micros : BigInt(micros);
  return normLong((v / unit) * unit);
}
