/**
 * Field text ⇄ internal values for the CSV data source, with Spark's parsing rules (Java's
 * `Integer.parseInt` family for integers: no blanks; `Double.parseDouble` for floating point:
 * surrounding blanks, `NaN`, `Infinity`, `d`/`f` suffixes; `nanValue`/`positiveInf`/`negativeInf`
 * first; exact decimals rounded HALF_UP to the column scale, grouping commas dropped for en-US;
 * case-insensitive `true`/`false`; dates and timestamps by pattern, falling back to CAST's rules
 * when no pattern is given) and Spark's text forms when writing.
 *
 *     "  1.5 " as DOUBLE → 1.5     " 1" as INT → malformed     "1,000.50" as DECIMAL(6,1) → 10005n
 */
import { TsparkError } from "../../common/errors.js";
import {
  dateToDays,
  getTimeZone,
  isValidDate,
  parseDate,
  parseTimestamp,
  parseTimestampNtz,
  type TimeZone,
} from "../../data/datetime.js";
import { parseDecimal, toPrecision } from "../../data/decimal.js";
import { formatDayTimeInterval, formatYearMonthInterval } from "../../data/interval.js";
import { javaDoubleString, javaFloatString } from "../../data/java-double.js";
import { decimalToJavaString } from "../../data/render.js";
import { shortDecimalToDouble } from "../../data/short-decimal.js";
import { normLong } from "../../data/values.js";
import { bindCast } from "../../functions/core/cast.js";
import { type DateTimePattern, getPattern } from "../../functions/datetime/datetime-pattern.js";
import { type DataType, STRING } from "../../types/data-type.js";

const ISO_DATE_SHAPE = /^\d{4,}-\d\d-\d\d$/;
const ISO_DATE = /^([1-9]\d{3})-(\d\d)-(\d\d)$/;

/**
 * The default date pattern `yyyy-MM-dd` read strictly, without the general pattern machinery:
 * days, null when the text cannot match, undefined when the pattern itself must decide.
 */
export function isoDateDays(s: string): number | null | undefined {
  if (!ISO_DATE_SHAPE.test(s)) return null;
  const m = ISO_DATE.exec(s);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidDate(y, mo, d) ? dateToDays(y, mo, d) : null;
}

/** Returned by a field parser for text that does not fit the type (a malformed record). */
export const BAD = Symbol("csv-bad-value");

/** Field text (never null) → internal value, or `BAD`. */
export type FieldParser = (s: string) => unknown;

/** Settings the value parsers and formatters read. */
export interface CsvValueOptions {
  readonly nanValue: string;
  readonly positiveInf: string;
  readonly negativeInf: string;
  readonly dateFormat: string | undefined;
  readonly timestampFormat: string | undefined;
  readonly timestampNTZFormat: string | undefined;
  readonly enableDateTimeParsingFallback: boolean | undefined;
  readonly timeZone: string;
  readonly locale: string;
  readonly timeParserPolicy: string;
}

const DEC_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DOUBLE_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)[fFdD]?$/;

/** Java's `Long.parseLong`: optional sign and ASCII digits only; undefined when it fails. */
export function javaParseLong(s: string, min: bigint, max: bigint): bigint | undefined {
  if (!isJavaInteger(s)) return undefined;
  const v = BigInt(s);
  return v < min || v > max ? undefined : v;
}

/** `^[+-]?\d+$` without a regular expression: an optional sign and at least one ASCII digit. */
function isJavaInteger(s: string): boolean {
  const n = s.length;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  if (i === n) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Where the number of `s` ends when the whole of `s` is `DOUBLE_RE` (a decimal with optional
 * sign, fraction and exponent, then an optional d/f suffix): `s.length`, or `s.length - 1` with a
 * suffix; -1 when it is not. The regular expression's test without a regular expression.
 */
function plainDecimalEnd(s: string): number {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = s.charCodeAt(++i);
  }
  if (c === 46) {
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = s.charCodeAt(++i);
    }
  }
  if (digits === 0) return -1;
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    const expStart = i;
    while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
    if (i === expStart) return -1;
  }
  if (i === n) return n;
  if (i === n - 1 && (c === 100 || c === 68 || c === 102 || c === 70)) return i;
  return -1;
}

/** Java's `Double.parseDouble` (blanks trimmed, NaN, Infinity, d/f suffixes, hex); undefined when it fails. */
export function javaParseDouble(text: string): number | undefined {
  const short = shortDecimalToDouble(text, 0, text.length);
  if (short !== undefined) return short;
  // Then a plain decimal without blanks, converted without slicing or regexes.
  const plain = plainDecimalEnd(text);
  if (plain >= 0) return Number(plain === text.length ? text : text.slice(0, plain));
  let a = 0;
  let b = text.length;
  while (a < b && text.charCodeAt(a) <= 32) a++;
  while (b > a && text.charCodeAt(b - 1) <= 32) b--;
  const s = text.slice(a, b);
  if (DOUBLE_RE.test(s)) return Number(/[fFdD]$/.test(s) ? s.slice(0, -1) : s);
  const body = s.replace(/^[+-]/, "");
  if (body === "NaN") return Number.NaN;
  if (body === "Infinity") return s.startsWith("-") ? -Infinity : Infinity;
  const h = HEX_RE.exec(s);
  if (h) {
    const int = h[2] ?? "";
    const frac = h[3] ?? "";
    if (int === "" && frac === "") return undefined;
    const mant = Number.parseInt(`${int}${frac}` || "0", 16);
    const v = mant * 2 ** (Number(h[4]) - 4 * frac.length);
    return h[1] === "-" ? -v : v;
  }
  return undefined;
}

/** Java's `new BigDecimal(s)` (no blanks); undefined when malformed. */
export function javaParseBigDecimal(
  s: string,
): { unscaled: bigint; scale: number; precision: number } | undefined {
  return DEC_RE.test(s) ? parseDecimal(s) : undefined;
}

/** The decimal and grouping separators of a locale (Java's DecimalFormatSymbols). */
function separators(locale: string): { group: string; decimal: string } {
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.5);
    return {
      group: parts.find((p) => p.type === "group")?.value ?? ",",
      decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    };
  } catch {
    return { group: ",", decimal: "." };
  }
}

/** Spark's decimal parser for a locale: en-US drops commas; others read the locale's separators. */
export function decimalParser(locale: string): (s: string) => ReturnType<typeof javaParseBigDecimal> {
  if (/^en[-_]US$/i.test(locale)) return (s) => javaParseBigDecimal(s.replaceAll(",", ""));
  const { group, decimal } = separators(locale);
  return (s) => {
    // DecimalFormat: a leading minus, grouping separators anywhere in the integer part, no exponent.
    if (!/^-?[\d\s\u00a0\u202f.,']*$/.test(s) || s === "" || s === "-") return undefined;
    let t = s.split(group).join("");
    if (group.trim() === "") t = t.replace(/[\s\u00a0\u202f]/g, "");
    t = t.split(decimal).join(".");
    return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? parseDecimal(t) : undefined;
  };
}

function intParser(min: number, max: number): FieldParser {
  return (s) => {
    if (!isJavaInteger(s)) return BAD;
    const v = Number(s);
    return v < min || v > max ? BAD : v;
  };
}

/** LONG fields: up to 15 digits convert as numbers (always safe integers), longer ones as bigints. */
function parseLongField(s: string): unknown {
  if (!isJavaInteger(s)) return BAD;
  const c0 = s.charCodeAt(0);
  const digits = c0 === 43 || c0 === 45 ? s.length - 1 : s.length;
  if (digits <= 15) {
    const v = Number(s);
    // BigInt("-0") is 0: no negative zero.
    return v === 0 ? 0 : v;
  }
  const v = javaParseLong(s, MIN_LONG, MAX_LONG);
  return v === undefined ? BAD : normLong(v);
}

const MIN_LONG = -9223372036854775808n;
const MAX_LONG = 9223372036854775807n;

/**
 * The parser of one column type; undefined for a type the CSV source cannot read (nested types,
 * VOID and the legacy CALENDAR interval: Spark's `supportReadDataType` takes atomic types only).
 */
export function fieldParser(t: DataType, o: CsvValueOptions): FieldParser | undefined {
  const zone = () => getTimeZone(o.timeZone);
  switch (t.kind) {
    case "string":
      return (s) => s;
    case "byte":
      return intParser(-128, 127);
    case "short":
      return intParser(-32768, 32767);
    case "int":
      return intParser(-2147483648, 2147483647);
    case "long":
      return parseLongField;
    case "float":
    case "double": {
      const round = t.kind === "float" ? Math.fround : (x: number) => x;
      return (s) => {
        if (s === o.nanValue) return Number.NaN;
        if (s === o.negativeInf) return -Infinity;
        if (s === o.positiveInf) return Infinity;
        const v = javaParseDouble(s);
        return v === undefined ? BAD : round(v);
      };
    }
    case "boolean":
      return (s) => {
        const l = s.toLowerCase();
        return l === "true" ? true : l === "false" ? false : BAD;
      };
    case "decimal": {
      const parse = decimalParser(o.locale);
      return (s) => {
        const d = parse(s);
        if (d === undefined) return BAD;
        return toPrecision(d.unscaled, d.scale, t.precision, t.scale) ?? BAD;
      };
    }
    case "date": {
      const pattern = getPattern(o.dateFormat ?? "yyyy-MM-dd", true);
      const fallback =
        o.enableDateTimeParsingFallback ?? (o.timeParserPolicy === "LEGACY" || o.dateFormat === undefined);
      const iso = (o.dateFormat ?? "yyyy-MM-dd") === "yyyy-MM-dd" && o.timeParserPolicy === "CORRECTED";
      return (s) => {
        const fast = iso ? isoDateDays(s) : undefined;
        const d = fast !== undefined ? fast : safeDate(pattern, s, o.timeParserPolicy);
        if (d !== null) return d;
        if (!fallback) return BAD;
        return parseDate(s) ?? BAD;
      };
    }
    case "timestamp": {
      const z = zone();
      const fmt = o.timestampFormat;
      if (fmt === undefined) return (s) => castTimestamp(s, z) ?? BAD;
      const pattern = getPattern(fmt, true);
      const fallback = o.enableDateTimeParsingFallback ?? o.timeParserPolicy === "LEGACY";
      return (s) => {
        const v = safePattern(pattern, s, z, o.timeParserPolicy, false);
        if (v !== null) return v;
        if (!fallback) return BAD;
        return castTimestamp(s, z) ?? BAD;
      };
    }
    case "timestamp_ntz": {
      const fmt = o.timestampNTZFormat;
      if (fmt === undefined) return (s) => castTimestampNtz(s) ?? BAD;
      const pattern = getPattern(fmt, true);
      const utc = getTimeZone("UTC");
      return (s) => safePattern(pattern, s, utc, o.timeParserPolicy, true) ?? BAD;
    }
    case "binary": {
      const enc = new TextEncoder();
      return (s) => enc.encode(s);
    }
    case "day_time_interval":
    case "year_month_interval": {
      const cast = bindCast(STRING, t, "try", {
        ansi: true,
        timeZone: o.timeZone,
        conf: () => undefined,
        randomSeed: () => 0,
        currentTimeMicros: 0,
      });
      return (s) => cast(s) ?? BAD;
    }
    default:
      return undefined;
  }
}

/**
 * Overflows and unparseable text are malformed values (null here); Spark's upgrade errors under
 * `spark.sql.legacy.timeParserPolicy=EXCEPTION` fail the read, as SparkUpgradeException does.
 */
function rethrowUpgrade(e: unknown): null {
  if (e instanceof TsparkError && e.errorClass.startsWith("INCONSISTENT_BEHAVIOR_CROSS_VERSION")) throw e;
  return null;
}

function safeDate(pattern: DateTimePattern, s: string, policy: string): number | null {
  try {
    return pattern.parseDate(s, false, policy);
  } catch (e) {
    return rethrowUpgrade(e);
  }
}

function safePattern(
  p: DateTimePattern,
  s: string,
  zone: TimeZone,
  policy: string,
  wallClock: boolean,
): number | null {
  try {
    return p.parse(s, zone, false, policy, wallClock);
  } catch (e) {
    return rethrowUpgrade(e);
  }
}

function castTimestamp(s: string, zone: TimeZone): number | null {
  try {
    return parseTimestamp(s, zone);
  } catch {
    return null;
  }
}

function castTimestampNtz(s: string): number | null {
  try {
    return parseTimestampNtz(s, false);
  } catch {
    return null;
  }
}

/** Non-null internal value → the text Spark's CSV writer produces. */
export type FieldFormatter = (v: unknown) => string;

/** The formatter of one column type (only types `prepareWrite` accepts). */
export function fieldFormatter(t: DataType, o: CsvValueOptions): FieldFormatter {
  switch (t.kind) {
    case "date": {
      const p = getPattern(o.dateFormat ?? "yyyy-MM-dd", false);
      return (v) => p.formatDate(v as number);
    }
    case "timestamp": {
      const p = getPattern(o.timestampFormat ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", false);
      const z = getTimeZone(o.timeZone);
      return (v) => p.format(v as number, z);
    }
    case "timestamp_ntz": {
      const p = getPattern(o.timestampNTZFormat ?? "yyyy-MM-dd'T'HH:mm:ss[.SSS]", false);
      const utc = getTimeZone("UTC");
      return (v) => p.format(v as number, utc);
    }
    case "double":
      return (v) => javaDoubleString(v as number);
    case "float":
      return (v) => javaFloatString(v as number);
    case "decimal":
      return (v) => decimalToJavaString(v as bigint, t.scale);
    case "boolean":
      return (v) => (v ? "true" : "false");
    case "binary": {
      const dec = new TextDecoder();
      return (v) => dec.decode(v as Uint8Array);
    }
    case "day_time_interval":
      return (v) => formatDayTimeInterval(v as number | bigint, t.startField, t.endField);
    case "year_month_interval":
      return (v) => formatYearMonthInterval(v as number, t.startField, t.endField);
    default:
      return (v) => String(v);
  }
}
