/**
 * Value → text, the one place that turns internal values into strings. Two flavours, as in Spark:
 *
 * - `"cast"`: `CAST(x AS STRING)` (Spark's Cast/ToStringBase): nested nulls print `null`, binary is
 *   decoded as UTF-8, decimals print plainly in ANSI mode and with Java's `BigDecimal.toString`
 *   (scientific when needed) in legacy mode.
 * - `"pretty"`: a `show()` cell (Spark 4's ToPrettyString): nulls anywhere print `NULL`, binary
 *   prints as hex bytes `[01 02 FF]`, decimals always print plainly.
 *
 * Both share Java's number formatting (`1.0`, `1.0E10`, `-0.0`, `NaN`, `Infinity`), dates as
 * `yyyy-MM-dd`, timestamps as `yyyy-MM-dd HH:mm:ss[.ffffff]` (trailing zeros of the fraction
 * dropped) in the session time zone, arrays `[1, 2]`, maps `{a -> 1}` and structs `{1, x}`.
 * Callers: show(), the SQL test runner, the console sink, and the cast kernels.
 */
import type { DataType } from "../types/data-type.js";
import { formatDate, formatTimestamp, formatTimestampNtz, getTimeZone } from "./datetime.js";
import { formatDayTimeInterval, formatYearMonthInterval } from "./interval.js";
import { javaDoubleString, javaFloatString } from "./java-double.js";
import type { CalendarInterval, MapValue } from "./values.js";

/** Options for building a stringifier. */
export interface StringifyOptions {
  /** `"pretty"` for show() cells, `"cast"` for CAST(x AS STRING). */
  readonly style: "pretty" | "cast";
  /** Session time zone (IANA id or offset like `+02:00`), used for TIMESTAMP values. */
  readonly timeZone: string;
  /** Cast style only: plain decimal strings (ANSI) instead of Java's BigDecimal.toString. */
  readonly decimalPlain?: boolean;
}

/** Options for `renderValue`. */
export interface RenderOptions {
  /** Session time zone; default `UTC`. */
  readonly timeZone?: string;
}

/**
 * Renders one value as Spark 4's `show()` renders a cell (ToPrettyString): `NULL` for null,
 * otherwise the pretty string form. Pure; safe to call per row (for many rows prefer
 * `makeStringifier` once per column).
 */
export function renderValue(v: unknown, type: DataType, opts: RenderOptions = {}): string {
  if (v === null || v === undefined) return "NULL";
  return makeStringifier(type, { style: "pretty", timeZone: opts.timeZone ?? "UTC" })(v);
}

/**
 * Builds a function from a non-null internal value of `type` to its string form in the given
 * style. Built once per column/expression; the returned function does no type dispatch.
 */
export function makeStringifier(type: DataType, opts: StringifyOptions): (v: unknown) => string {
  const nullString = opts.style === "pretty" ? "NULL" : "null";
  switch (type.kind) {
    case "null":
      return () => nullString;
    case "string":
      return (v) => v as string;
    case "boolean":
      return (v) => (v ? "true" : "false");
    case "byte":
    case "short":
    case "int":
      return (v) => String(v);
    case "long":
      return (v) => String(v);
    case "float":
      return (v) => javaFloatToString(v as number);
    case "double":
      return (v) => javaDoubleToString(v as number);
    case "decimal": {
      const scale = type.scale;
      if (opts.style === "pretty" || opts.decimalPlain !== false)
        return (v) => decimalToPlainString(v as bigint, scale);
      return (v) => decimalToJavaString(v as bigint, scale);
    }
    case "binary":
      return opts.style === "pretty" ? (v) => hexBinary(v as Uint8Array) : (v) => utf8Decode(v as Uint8Array);
    case "date":
      return (v) => formatDate(v as number);
    case "timestamp": {
      const zone = getTimeZone(opts.timeZone);
      return (v) => formatTimestamp(v as number, zone);
    }
    case "timestamp_ntz":
      return (v) => formatTimestampNtz(v as number);
    case "calendar_interval":
      return (v) => calendarIntervalToString(v as CalendarInterval);
    case "day_time_interval": {
      const { startField: s, endField: e } = type;
      return (v) => formatDayTimeInterval(v as number | bigint, s, e);
    }
    case "year_month_interval": {
      const { startField: s, endField: e } = type;
      return (v) => formatYearMonthInterval(v as number, s, e);
    }
    case "array": {
      const elem = makeStringifier(type.elementType, opts);
      return (v) => {
        const a = v as unknown[];
        let out = "[";
        for (let i = 0; i < a.length; i++) {
          if (i > 0) out += ", ";
          const e = a[i];
          out += e === null || e === undefined ? nullString : elem(e);
        }
        return `${out}]`;
      };
    }
    case "map": {
      const ks = makeStringifier(type.keyType, opts);
      const vs = makeStringifier(type.valueType, opts);
      return (v) => {
        const m = v as MapValue;
        let out = "{";
        for (let i = 0; i < m.keys.length; i++) {
          if (i > 0) out += ", ";
          const val = m.values[i];
          out += `${ks(m.keys[i])} -> ${val === null || val === undefined ? nullString : vs(val)}`;
        }
        return `${out}}`;
      };
    }
    case "struct": {
      const fs = type.fields.map((f) => makeStringifier(f.dataType, opts));
      return (v) => {
        const row = v as unknown[];
        let out = "{";
        for (let i = 0; i < fs.length; i++) {
          if (i > 0) out += ", ";
          const e = row[i];
          out += e === null || e === undefined ? nullString : fs[i]!(e);
        }
        return `${out}}`;
      };
    }
  }
}

// ---- numbers ---------------------------------------------------------------------------------

/**
 * Java's `Double.toString`: plain notation with at least one fraction digit for 1e-3 ≤ |d| < 1e7
 * (`1.0`, `123.456`), otherwise computerized scientific notation (`1.0E10`, `1.2345678E7`,
 * `1.0E-5`); `-0.0`, `NaN`, `Infinity`. Digits are Java 17's (Spark 4's runtime), which are not
 * always the shortest: `1.9999999999999998E23`, `4.6116860184273879E18` (see java-double.ts).
 */
export function javaDoubleToString(d: number): string {
  return javaDoubleString(d);
}

/** Java 17's `Float.toString` for a float value (a double already rounded with `Math.fround`). */
export function javaFloatToString(f: number): string {
  return javaFloatString(f);
}

/** A decimal's unscaled value and scale as a plain string (`BigDecimal.toPlainString`): `1.50`. */
export function decimalToPlainString(unscaled: bigint, scale: number): string {
  if (scale <= 0) return scale === 0 ? unscaled.toString() : (unscaled * 10n ** BigInt(-scale)).toString();
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString();
  if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return `${neg ? "-" : ""}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** Java's `BigDecimal.toString`: plain unless the adjusted exponent is below -6 (`1E-7`, `0E-10`). */
export function decimalToJavaString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString();
  const adjusted = -scale + (digits.length - 1);
  if (scale >= 0 && adjusted >= -6) return decimalToPlainString(unscaled, scale);
  let mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  if (neg) mant = `-${mant}`;
  return `${mant}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
}

// ---- binary ----------------------------------------------------------------------------------

const HEX = "0123456789ABCDEF";
const utf8 = new TextDecoder("utf-8");

/** Binary as Spark 4's show() prints it: upper-case hex bytes, space separated, in brackets. */
export function hexBinary(b: Uint8Array): string {
  let out = "[";
  for (let i = 0; i < b.length; i++) {
    if (i > 0) out += " ";
    const x = b[i]!;
    out += HEX[x >> 4]! + HEX[x & 15]!;
  }
  return `${out}]`;
}

/** Bytes decoded as UTF-8, malformed sequences replaced by U+FFFD (Java's `new String(b, UTF_8)`). */
export function utf8Decode(b: Uint8Array): string {
  return utf8.decode(b);
}

// ---- intervals -----------------------------------------------------------------------------------

/** Spark's `CalendarInterval.toString`: `1 months 2 days 3 hours 4 minutes 5.5 seconds`. */
export function calendarIntervalToString(iv: CalendarInterval): string {
  if (iv.months === 0 && iv.days === 0 && iv.micros === 0) return "0 seconds";
  const parts: string[] = [];
  // Spark's CalendarInterval.toString splits months into years and months.
  const years = Math.trunc(iv.months / 12);
  const months = iv.months % 12;
  if (years !== 0) parts.push(`${years} years`);
  if (months !== 0) parts.push(`${months} months`);
  if (iv.days !== 0) parts.push(`${iv.days} days`);
  let rest = iv.micros;
  if (rest !== 0) {
    if (Math.abs(rest) >= 3_600_000_000) {
      const hours = Math.trunc(rest / 3_600_000_000);
      parts.push(`${hours} hours`);
      rest -= hours * 3_600_000_000;
    }
    if (Math.abs(rest) >= 60_000_000) {
      const minutes = Math.trunc(rest / 60_000_000);
      parts.push(`${minutes} minutes`);
      rest -= minutes * 60_000_000;
    }
    if (rest !== 0) parts.push(`${decimalToPlainString(BigInt(rest), 6).replace(/\.?0+$/, "")} seconds`);
  }
  return parts.join(" ");
}
