/**
 * SQL literal conversion: numeric token text to a typed literal with Spark's type rules, and typed
 * literals (`DATE '…'`, `TIMESTAMP '…'`, `X'…'`, `INTERVAL …`) to internal values.
 */
import { TsparkError } from "../common/errors.js";
import { formatTimestamp, parseDate, parseTimestamp, parseTimestampNtz } from "../data/datetime.js";
import { parseDayTimeIntervalBody, parseYearMonthIntervalBody } from "../data/interval.js";
import { type CalendarInterval, normLong } from "../data/values.js";
import type { Literal } from "../expressions/expression.js";
import { literal } from "../expressions/literal.js";
import {
  BINARY,
  BYTE,
  CALENDAR_INTERVAL,
  DATE,
  type DayTimeField,
  DayTimeIntervalType,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  parseAnsiIntervalType,
  SHORT,
  TIMESTAMP,
  TIMESTAMP_NTZ,
  type YearMonthField,
  YearMonthIntervalType,
} from "../types/data-type.js";

const MAX_PRECISION = 38;
const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;
const FLOAT_MAX = 3.4028234663852886e38;

function rangeError(raw: string, typeName: string, min: string, max: string): TsparkError {
  return new TsparkError("INVALID_NUMERIC_LITERAL_RANGE", {
    messageParameters: { rawStrippedQualifier: raw, typeName, minValue: min, maxValue: max },
  });
}

/** The digits of a number's text as an exact (unscaled, scale) pair: `-1.20E3` → (-120, -1). */
function exactDecimal(body: string, negative: boolean): { unscaled: bigint; scale: number } {
  const m = /^(\d*)(?:\.(\d*))?(?:[Ee]([+-]?\d+))?$/.exec(body);
  const intPart = m?.[1] ?? "";
  const frac = m?.[2] ?? "";
  const exp = m?.[3] !== undefined ? Number(m[3]) : 0;
  let unscaled = BigInt(`${intPart}${frac}` || "0");
  if (negative) unscaled = -unscaled;
  return { unscaled, scale: frac.length - exp };
}

function digitCount(v: bigint): number {
  const s = (v < 0n ? -v : v).toString();
  return s.length;
}

/**
 * A DECIMAL literal for an exact value, as Spark's `Literal(BigDecimal)`: a negative scale is
 * normalised to 0 and the type is `DECIMAL(max(precision, scale), scale)`.
 */
function decimalLiteral(unscaled: bigint, scale: number): Literal {
  let u = unscaled;
  let s = scale;
  if (s < 0) {
    u *= 10n ** BigInt(-s);
    s = 0;
  }
  const precision = Math.max(digitCount(u), s);
  if (precision > MAX_PRECISION) {
    throw new TsparkError("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", {
      messageParameters: { precision: String(precision), maxPrecision: String(MAX_PRECISION) },
    });
  }
  return literal(u, new DecimalType(precision, s));
}

/**
 * Converts a numeric token (`42`, `1L`, `2.5`, `1e3`, `1.5F`, `9BD`), with the sign folded in, into a
 * literal: integers take the narrowest of INT, BIGINT, DECIMAL(n,0); `L S Y` force BIGINT,
 * SMALLINT, TINYINT with a range check; exponent forms and `D` are DOUBLE; `F` is FLOAT; a plain
 * fraction and `BD` are exact DECIMALs.
 */
export function numberLiteral(text: string, negative: boolean): Literal {
  const suffixMatch = /(BD|[LSYDF])$/i.exec(text);
  const suffix = suffixMatch ? suffixMatch[1]!.toUpperCase() : "";
  const body = suffix ? text.slice(0, text.length - suffix.length) : text;
  const raw = negative ? `-${body}` : body;
  switch (suffix) {
    case "L":
    case "S":
    case "Y": {
      const v = BigInt(raw);
      const [min, max, type, name] =
        suffix === "L"
          ? [LONG_MIN, LONG_MAX, LONG, "bigint"]
          : suffix === "S"
            ? [-32768n, 32767n, SHORT, "smallint"]
            : [-128n, 127n, BYTE, "tinyint"];
      if (v < min || v > max) throw rangeError(raw, name, String(min), String(max));
      return literal(suffix === "L" ? normLong(v) : Number(v), type);
    }
    case "D": {
      const v = Number(raw);
      if (!Number.isFinite(v))
        throw rangeError(raw, "double", "-1.7976931348623157E+308", "1.7976931348623157E+308");
      return literal(v, DOUBLE);
    }
    case "F": {
      const v = Number(raw);
      if (!Number.isFinite(v) || Math.abs(v) > FLOAT_MAX) {
        throw rangeError(raw, "float", "-3.4028234663852886E+38", "3.4028234663852886E+38");
      }
      return literal(Math.fround(v), FLOAT);
    }
    case "BD": {
      const { unscaled, scale } = exactDecimal(body, negative);
      return decimalLiteral(unscaled, scale);
    }
    default:
      break;
  }
  if (/[Ee]/.test(body)) {
    const v = Number(raw);
    if (!Number.isFinite(v))
      throw rangeError(raw, "double", "-1.7976931348623157E+308", "1.7976931348623157E+308");
    return literal(v, DOUBLE);
  }
  if (body.includes(".")) {
    const { unscaled, scale } = exactDecimal(body, negative);
    return decimalLiteral(unscaled, scale);
  }
  const v = BigInt(raw);
  if (v >= INT_MIN && v <= INT_MAX) return literal(Number(v), INT);
  if (v >= LONG_MIN && v <= LONG_MAX) return literal(normLong(v), LONG);
  return decimalLiteral(v, 0);
}

function invalidTyped(valueType: string, value: string): TsparkError {
  return new TsparkError("INVALID_TYPED_LITERAL", {
    messageParameters: { valueType: `"${valueType}"`, value: `'${value.replace(/'/g, "\\'")}'` },
  });
}

/** Decodes the body of `X'…'`; an odd digit count gets a leading zero as Spark's `Hex.unhex` does. */
export function binaryLiteral(hex: string): Literal {
  if (!/^[0-9A-Fa-f]*$/.test(hex)) throw invalidTyped("X", hex);
  const padded = hex.length % 2 === 1 ? `0${hex}` : hex;
  const bytes = new Uint8Array(padded.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return literal(bytes, BINARY);
}

/** Types accepted before a string in a typed literal. */
export const TYPED_LITERAL_TYPES = [
  "DATE",
  "TIMESTAMP_NTZ",
  "TIMESTAMP_LTZ",
  "TIMESTAMP",
  "INTERVAL",
  "X",
] as const;

/**
 * `DATE 'yyyy-mm-dd'`, `TIMESTAMP[_LTZ|_NTZ] '…'`, `X'…'`, `INTERVAL '…'`: the literal, parsed as
 * CAST from string would parse it (timestamps in `timeZone`). Throws INVALID_TYPED_LITERAL for a
 * malformed value and UNSUPPORTED_TYPED_LITERAL for another type name.
 */
export function typedLiteral(typeName: string, value: string, timeZone: string): Literal {
  switch (typeName.toUpperCase()) {
    case "DATE": {
      const d = parseDate(value);
      if (d === null) throw invalidTyped("DATE", value);
      return literal(d, DATE);
    }
    case "TIMESTAMP":
    case "TIMESTAMP_LTZ": {
      const t = parseTimestamp(value, timeZone);
      if (t === null) throw invalidTyped(typeName.toUpperCase(), value);
      // Spark names a TIMESTAMP literal in the session time zone (timestamp.sql.out).
      return { ...literal(t, TIMESTAMP), text: `TIMESTAMP '${formatTimestamp(t, timeZone)}'` };
    }
    case "TIMESTAMP_NTZ": {
      const t = parseTimestampNtz(value);
      if (t === null) throw invalidTyped("TIMESTAMP_NTZ", value);
      return literal(t, TIMESTAMP_NTZ);
    }
    case "X":
      return binaryLiteral(value);
    case "INTERVAL": {
      const iv = parseIntervalString(value);
      if (iv === null) throw invalidTyped("INTERVAL", value);
      return literal(iv, CALENDAR_INTERVAL);
    }
    default:
      throw new TsparkError("UNSUPPORTED_TYPED_LITERAL", {
        messageParameters: {
          unsupportedType: `"${typeName.toUpperCase()}"`,
          supportedTypes: TYPED_LITERAL_TYPES.map((t) => `"${t}"`).join(", "),
        },
      });
  }
}

const MICROS: Readonly<Record<string, number>> = {
  microsecond: 1,
  millisecond: 1000,
  second: 1_000_000,
  minute: 60_000_000,
  hour: 3_600_000_000,
};

/**
 * Adds `count unit` to an interval (units as in Spark's multi-unit interval syntax, singular or
 * plural). Returns null for an unknown unit or a fraction where only whole numbers are allowed.
 */
export function addIntervalUnit(
  iv: CalendarInterval,
  count: string,
  unitText: string,
): CalendarInterval | null {
  const unit = unitText.toLowerCase().replace(/s$/, "");
  const n = Number(count);
  if (!Number.isFinite(n)) return null;
  const whole = Number.isInteger(n);
  switch (unit) {
    case "year":
      return whole ? { ...iv, months: iv.months + n * 12 } : null;
    case "month":
      return whole ? { ...iv, months: iv.months + n } : null;
    case "week":
      return whole ? { ...iv, days: iv.days + n * 7 } : null;
    case "day":
      return whole ? { ...iv, days: iv.days + n } : null;
    case "second":
    case "millisecond":
    case "microsecond": {
      // Spark keeps nanosecond digits of a fraction and drops them when storing micros: truncate.
      const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(count);
      if (!m) return null;
      const scale = unit === "second" ? 6 : unit === "millisecond" ? 3 : 0;
      const frac = (m[3] ?? "").padEnd(scale, "0").slice(0, scale);
      const abs = Number(m[2] || "0") * 10 ** scale + Number(frac || "0");
      return { ...iv, micros: iv.micros + (m[1] === "-" ? -abs : abs) };
    }
    default: {
      const m = MICROS[unit];
      if (m === undefined) return null;
      return { ...iv, micros: iv.micros + Math.round(n * m) };
    }
  }
}

/** Parses `'1 day 2 hours'` (optionally starting with `interval`) into a CalendarInterval. */
export function parseIntervalString(text: string): CalendarInterval | null {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === "interval") words.shift();
  if (words.length === 0 || words.length % 2 !== 0) return null;
  let iv: CalendarInterval | null = { months: 0, days: 0, micros: 0 };
  for (let i = 0; i < words.length && iv !== null; i += 2) {
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(words[i]!)) return null;
    iv = addIntervalUnit(iv, words[i]!, words[i + 1]!);
  }
  return iv;
}

/** The units named in a multi-unit interval string (`'1 day 2 hours'` → day, hour), singular. */
export function intervalStringUnits(text: string): string[] {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === "interval") words.shift();
  const out: string[] = [];
  for (let i = 1; i < words.length; i += 2) out.push(words[i]!.toLowerCase().replace(/s$/, ""));
  return out;
}

const YM_UNIT: Readonly<Record<string, YearMonthField>> = { year: 0, month: 1 };
const DT_UNIT: Readonly<Record<string, DayTimeField>> = {
  week: 0,
  day: 0,
  hour: 1,
  minute: 2,
  second: 3,
  millisecond: 3,
  microsecond: 3,
};

/**
 * Spark 4's multi-unit interval literal (`INTERVAL 1 DAY 2 HOURS`, `INTERVAL '2 years 4 months'`):
 * year/month units give `INTERVAL YEAR [TO MONTH]`, the others `INTERVAL DAY … SECOND` spanning the
 * written units (weeks count as days, milli/microseconds as seconds). Throws _LEGACY_ERROR_TEMP_0029
 * when both families are written, ARITHMETIC_OVERFLOW when the value does not fit.
 */
export function ansiIntervalLiteral(
  iv: CalendarInterval,
  units: readonly string[],
  sourceText: string,
): Literal {
  const ym = units.filter((u) => u in YM_UNIT).map((u) => YM_UNIT[u]!);
  const dt = units.filter((u) => u in DT_UNIT).map((u) => DT_UNIT[u]!);
  if (ym.length > 0 && dt.length > 0) {
    // Spark 4.0 still reports this under its legacy class (interval.sql.out, cast.sql.out).
    throw new TsparkError("_LEGACY_ERROR_TEMP_0029", { messageParameters: { literal: sourceText } });
  }
  if (ym.length > 0) {
    if (iv.months > 2147483647 || iv.months < -2147483648) throw intervalOverflow(true);
    return literal(
      iv.months,
      new YearMonthIntervalType(Math.min(...ym) as YearMonthField, Math.max(...ym) as YearMonthField),
    );
  }
  const micros = BigInt(iv.days) * 86_400_000_000n + BigInt(iv.micros);
  if (micros > LONG_MAX || micros < LONG_MIN) throw intervalOverflow(false);
  const start = dt.length > 0 ? (Math.min(...dt) as DayTimeField) : 0;
  const end = dt.length > 0 ? (Math.max(...dt) as DayTimeField) : 3;
  return literal(normLong(micros), new DayTimeIntervalType(start, end));
}

function intervalOverflow(yearMonth: boolean): TsparkError {
  // Spark's literal conversion fails in Math.multiplyExact/toIntExact: a plain arithmetic overflow.
  return new TsparkError("ARITHMETIC_OVERFLOW", {
    messageParameters: {
      message: yearMonth ? "integer overflow" : "long overflow",
      alternative: "",
      config: '"spark.sql.ansi.enabled"',
    },
  });
}

/**
 * `INTERVAL 'body' FROM TO TO` (`'1 02:03:04.5' DAY TO SECOND`, `'2-3' YEAR TO MONTH`), negated when
 * written `INTERVAL -'…'`. Throws INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING for a malformed
 * body and INVALID_INTERVAL_FORMAT.UNSUPPORTED_FROM_TO_EXPRESSION for unsupported fields.
 */
export function unitToUnitIntervalLiteral(
  body: string,
  negate: boolean,
  fromUnit: string,
  toUnit: string,
): Literal {
  const from = fromUnit.toLowerCase().replace(/s$/, "");
  const to = toUnit.toLowerCase().replace(/s$/, "");
  const type = parseAnsiIntervalType(`interval ${from} to ${to}`);
  if (type === undefined || (from === to && from !== "")) {
    // Spark 4.0's class for this (interval.sql.out).
    throw new TsparkError("INVALID_INTERVAL_FORMAT.UNSUPPORTED_FROM_TO_EXPRESSION", {
      messageParameters: { input: body, from: fromUnit.toLowerCase(), to: toUnit.toLowerCase() },
    });
  }
  // Spark folds the outer minus into the text (dropping a leading '-' or adding one), so
  // INTERVAL -'178956970-8' YEAR TO MONTH reaches Int.MinValue months (interval.sql.out).
  const signed = negate ? (body.startsWith("-") ? body.slice(1) : `-${body}`) : body;
  if (type.kind === "year_month_interval") {
    const v = parseYearMonthIntervalBody(signed, type.startField, type.endField);
    if (v === null) {
      // Well-formed but past Int months: Spark's INTERVAL_PARSING (interval.sql.out '178956970-8').
      if (/^\s*[+-]?\d+(-\d{1,2})?\s*$/.test(signed) && (type.startField === 0) === signed.includes("-", 1)) {
        throw new TsparkError("INVALID_INTERVAL_FORMAT.INTERVAL_PARSING", {
          messageParameters: { input: signed, interval: type.sql().toLowerCase() },
        });
      }
      throw unmatchedIntervalFormat(signed, type.sql());
    }
    return literal(v + 0, type);
  }
  const v = parseDayTimeIntervalBody(signed, type.startField, type.endField);
  if (v === null) {
    // A leading field past the long range is Spark's "requirement failed" (interval.sql.out).
    const lead = /^\s*[+-]?(\d+)/.exec(signed);
    const limit = [106751991n, 2562047788n, 153722867280n, 9223372036854n][type.startField]!;
    if (lead && BigInt(lead[1]!) > limit) {
      const field = ["day", "hour", "minute", "second"][type.startField]!;
      throw new TsparkError("_LEGACY_ERROR_TEMP_0063", {
        messageParameters: {
          msg: `requirement failed: ${field} ${BigInt(lead[1]!)} outside range [0, ${limit}]`,
        },
      });
    }
    throw unmatchedIntervalFormat(signed, type.sql());
  }
  return literal(v, type);
}

function unmatchedIntervalFormat(body: string, typeSql: string): TsparkError {
  const fields = typeSql.replace(/^INTERVAL /, "");
  const yearMonth = fields.startsWith("YEAR") || fields.startsWith("MONTH");
  // Spark 4 adds the legacy-config notice for day-time literals only (interval.sql.out).
  const cls = yearMonth
    ? "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING"
    : "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE";
  return new TsparkError(cls, {
    messageParameters: {
      intervalStr: yearMonth ? "year-month" : "day-time",
      supportedFormat: `\`INTERVAL [+|-]'…' ${fields}\``,
      typeName: typeSql.toLowerCase(),
      input: body,
    },
  });
}
