/**
 * CAST kernels: which casts Spark allows (`canCast` for legacy mode, `canAnsiCast` for ANSI mode,
 * `canTryCast` for try_cast), the analyzer's check (`checkCast`), the result nullability
 * (`castNullable`) and the per-value conversion (`bindCast`), for every pair of types Spark supports.
 *
 * Modes (Spark's EvalMode):
 * - `ansi`: malformed input → `CAST_INVALID_INPUT`, overflow → `CAST_OVERFLOW`, decimal precision
 *   overflow → `NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION`;
 * - `legacy` (`spark.sql.ansi.enabled=false`): malformed input and overflow to decimal give NULL,
 *   integral overflow wraps as Java's narrowing does, fractional → integral saturates like Java;
 * - `try` (try_cast): ANSI rules, but every runtime failure gives NULL.
 */
import { TsparkError } from "../../common/errors.js";
import {
  checkMicros,
  daysToMicros,
  formatDate,
  formatTimestamp,
  getTimeZone,
  localToUtcMicros,
  MICROS_PER_SECOND,
  microsToDays,
  parseDate,
  parseTimestamp,
  parseTimestampNtz,
  utcToLocalMicros,
} from "../../data/datetime.js";
import {
  decimalToPlainString,
  javaDoubleToString,
  javaFloatToString,
  makeStringifier,
} from "../../data/render.js";
import {
  decimalFromDouble,
  decimalToDouble,
  fitsPrecision,
  parseDecimal,
  pow10,
  rescale,
} from "../../data/decimal.js";
import { type CalendarInterval, fitsLong, MapValue, normLong } from "../../data/values.js";
import {
  BINARY,
  type DataType,
  type DecimalType,
  isAnsiInterval,
  isFractional,
  isIntegral,
  isNumeric,
  sameType,
} from "../../types/data-type.js";
import type { BindContext } from "../function-definition.js";
import { buildIntervalCast, canCastInterval } from "./interval-cast.js";

/** Spark's EvalMode for a cast. */
export type CastMode = "ansi" | "legacy" | "try";

const isString = (t: DataType): boolean => t.kind === "string";
const isTimestampLike = (t: DataType): boolean => t.kind === "timestamp" || t.kind === "timestamp_ntz";

/** Spark's `Cast.canCast`: the casts allowed when ANSI mode is off. */
export function canCast(from: DataType, to: DataType): boolean {
  if (sameType(from, to) || from.kind === "null" || to.kind === "string") return true;
  if (isAnsiInterval(from) || isAnsiInterval(to)) return canCastInterval(from, to);
  switch (to.kind) {
    case "binary":
      return isString(from) || isIntegral(from);
    case "boolean":
      return isString(from) || from.kind === "date" || from.kind === "timestamp" || isNumeric(from);
    case "timestamp":
      return (
        isString(from) ||
        from.kind === "boolean" ||
        from.kind === "date" ||
        isNumeric(from) ||
        from.kind === "timestamp_ntz"
      );
    case "timestamp_ntz":
      return isString(from) || from.kind === "date" || from.kind === "timestamp";
    case "date":
      return isString(from) || isTimestampLike(from);
    case "calendar_interval":
      return isString(from);
    case "byte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
    case "decimal":
      return (
        isString(from) ||
        from.kind === "boolean" ||
        from.kind === "date" ||
        from.kind === "timestamp" ||
        isNumeric(from)
      );
    case "array":
      return (
        from.kind === "array" &&
        canCast(from.elementType, to.elementType) &&
        resolvableNullability(
          from.containsNull || forceNullable(from.elementType, to.elementType),
          to.containsNull,
        )
      );
    case "map":
      return (
        from.kind === "map" &&
        canCast(from.keyType, to.keyType) &&
        !forceNullable(from.keyType, to.keyType) &&
        canCast(from.valueType, to.valueType) &&
        resolvableNullability(
          from.valueContainsNull || forceNullable(from.valueType, to.valueType),
          to.valueContainsNull,
        )
      );
    case "struct":
      return (
        from.kind === "struct" &&
        from.fields.length === to.fields.length &&
        from.fields.every((f, i) => {
          const g = to.fields[i]!;
          return (
            canCast(f.dataType, g.dataType) &&
            resolvableNullability(f.nullable || forceNullable(f.dataType, g.dataType), g.nullable)
          );
        })
      );
    default:
      return false;
  }
}

/** Spark 4's `Cast.canAnsiCast`: the casts allowed in ANSI mode. */
export function canAnsiCast(from: DataType, to: DataType): boolean {
  if (sameType(from, to) || from.kind === "null" || to.kind === "string") return true;
  if (isAnsiInterval(from) || isAnsiInterval(to)) return canCastInterval(from, to);
  switch (to.kind) {
    case "binary":
      return isString(from);
    case "boolean":
      return isString(from) || isNumeric(from);
    case "timestamp":
      return isString(from) || from.kind === "date" || from.kind === "timestamp_ntz" || isNumeric(from);
    case "timestamp_ntz":
      return isString(from) || from.kind === "date" || from.kind === "timestamp";
    case "date":
      return isString(from) || isTimestampLike(from);
    case "calendar_interval":
      return isString(from);
    case "byte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
    case "decimal":
      return isNumeric(from) || isString(from) || from.kind === "boolean" || from.kind === "timestamp";
    case "array":
      return (
        from.kind === "array" &&
        canAnsiCast(from.elementType, to.elementType) &&
        resolvableNullability(from.containsNull, to.containsNull)
      );
    case "map":
      return (
        from.kind === "map" &&
        canAnsiCast(from.keyType, to.keyType) &&
        canAnsiCast(from.valueType, to.valueType) &&
        resolvableNullability(from.valueContainsNull, to.valueContainsNull)
      );
    case "struct":
      return (
        from.kind === "struct" &&
        from.fields.length === to.fields.length &&
        from.fields.every((f, i) => {
          const g = to.fields[i]!;
          return canAnsiCast(f.dataType, g.dataType) && resolvableNullability(f.nullable, g.nullable);
        })
      );
    default:
      return false;
  }
}

/** Spark's `Cast.canTryCast`: complex types use `canCast` element rules, the rest `canAnsiCast`. */
export function canTryCast(from: DataType, to: DataType): boolean {
  if (
    (from.kind === "array" && to.kind === "array") ||
    (from.kind === "map" && to.kind === "map") ||
    (from.kind === "struct" && to.kind === "struct")
  ) {
    return canCast(from, to);
  }
  return canAnsiCast(from, to);
}

function resolvableNullability(from: boolean, to: boolean): boolean {
  return !from || to;
}

function canNullSafeCastToDecimal(from: DataType, to: DecimalType): boolean {
  const wider = (p: number, s: number): boolean => to.precision - to.scale >= p - s && to.scale >= s;
  switch (from.kind) {
    case "boolean":
      return wider(1, 0);
    case "byte":
      return wider(3, 0);
    case "short":
      return wider(5, 0);
    case "int":
      return wider(10, 0);
    case "long":
      return wider(20, 0);
    case "decimal":
      return to.precision - to.scale > from.precision - from.scale;
    default:
      return false;
  }
}

/** Spark's `Cast.forceNullable`: true when casting a non-null value may still give NULL. */
export function forceNullable(from: DataType, to: DataType): boolean {
  if (from.kind === "null") return false;
  if (sameType(from, to)) return false;
  if (isString(from)) return !(to.kind === "binary" || isString(to));
  if (isString(to)) return false;
  if (from.kind === "timestamp" && (to.kind === "byte" || to.kind === "short" || to.kind === "int"))
    return true;
  if (isFractional(from) && to.kind === "timestamp") return true;
  if (from.kind === "timestamp" && to.kind === "date") return false;
  if (to.kind === "date") return true;
  if (from.kind === "date" && to.kind === "timestamp") return false;
  if (from.kind === "date") return true;
  if (to.kind === "calendar_interval") return true;
  if (to.kind === "decimal" && !canNullSafeCastToDecimal(from, to)) return true;
  if (isFractional(from) && isIntegral(to)) return true;
  return false;
}

/** Nullability of `CAST(child AS to)` in the given mode (Spark's `Cast.nullable`). */
export function castNullable(from: DataType, to: DataType, mode: CastMode, childNullable: boolean): boolean {
  if (mode !== "try") return childNullable || forceNullable(from, to);
  if (isString(from) && to.kind === "binary") return childNullable;
  return childNullable || !(sameType(from, to) || isString(to) || from.kind === "null");
}

/**
 * The analyzer's check for `CAST(child AS to)`: throws Spark's `DATATYPE_MISMATCH.CAST_*` error
 * when the cast is not allowed in `mode`. `sqlExpr` is the cast's SQL text, e.g. `CAST(a AS INT)`.
 */
export function checkCast(from: DataType, to: DataType, mode: CastMode, sqlExpr: string): void {
  const ok =
    mode === "legacy" ? canCast(from, to) : mode === "ansi" ? canAnsiCast(from, to) : canTryCast(from, to);
  if (ok) return;
  const base = { sqlExpr: `"${sqlExpr}"`, srcType: `"${from.sql()}"`, targetType: `"${to.sql()}"` };
  if (mode !== "legacy") {
    const funcs = suggestedFunctions(from, to);
    if (funcs) {
      throw new TsparkError("DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION", {
        messageParameters: { ...base, functionNames: funcs.map((f) => `\`${f}\``).join("/") },
      });
    }
    if (mode === "ansi" && canCast(from, to)) {
      throw new TsparkError("DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION", {
        messageParameters: { ...base, config: '"spark.sql.ansi.enabled"', configVal: "'false'" },
      });
    }
  }
  throw new TsparkError("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", { messageParameters: base });
}

function suggestedFunctions(from: DataType, to: DataType): string[] | undefined {
  if (isNumeric(from) && to.kind === "timestamp")
    return ["TIMESTAMP_SECONDS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS"];
  if (from.kind === "timestamp" && isNumeric(to)) return ["UNIX_SECONDS", "UNIX_MILLIS", "UNIX_MICROS"];
  if (isNumeric(from) && to.kind === "date") return ["DATE_FROM_UNIX_DATE"];
  if (from.kind === "date" && isNumeric(to)) return ["UNIX_DATE"];
  return undefined;
}

// ---- errors ------------------------------------------------------------------------------------

/** Spark's `toSQLValue`: a value as a SQL literal for error messages (`'abc'`, `128L`, `1.5BD`). */
export function toSqlValue(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return "NULL";
  switch (t.kind) {
    case "string":
      return `'${String(v).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
    case "byte":
      return `${v}Y`;
    case "short":
      return `${v}S`;
    case "int":
      return String(v);
    case "long":
      return `${v}L`;
    case "float": {
      const n = v as number;
      if (!Number.isFinite(n)) return `CAST('${javaFloatToString(n)}' AS FLOAT)`;
      return `CAST(${javaFloatToString(n)} AS FLOAT)`;
    }
    case "double": {
      const n = v as number;
      if (!Number.isFinite(n)) return `CAST('${javaDoubleToString(n)}' AS DOUBLE)`;
      return `${javaDoubleToString(n)}D`;
    }
    case "decimal":
      return `${decimalToPlainString(v as bigint, t.scale)}BD`;
    case "boolean":
      return v ? "true" : "false";
    case "date":
      return `DATE '${formatDate(v as number)}'`;
    case "timestamp":
      return `TIMESTAMP '${formatTimestamp(v as number, "UTC")}'`;
    case "timestamp_ntz":
      return `TIMESTAMP_NTZ '${formatTimestamp(v as number, "UTC")}'`;
    default:
      return makeStringifier(t, { style: "cast", timeZone: "UTC" })(v);
  }
}

function invalidInput(v: unknown, from: DataType, to: DataType): TsparkError {
  return new TsparkError("CAST_INVALID_INPUT", {
    messageParameters: {
      expression: toSqlValue(v, from),
      sourceType: `"${from.sql()}"`,
      targetType: `"${to.sql()}"`,
    },
  });
}

function overflow(v: unknown, from: DataType, to: DataType): TsparkError {
  return new TsparkError("CAST_OVERFLOW", {
    messageParameters: {
      value: toSqlValue(v, from),
      sourceType: `"${from.sql()}"`,
      targetType: `"${to.sql()}"`,
    },
  });
}

function decimalOutOfRange(unscaled: bigint, scale: number, to: DecimalType): TsparkError {
  return new TsparkError("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", {
    messageParameters: {
      roundedValue: decimalToPlainString(rescale(unscaled, scale, to.scale), to.scale),
      originalValue: decimalToPlainString(unscaled, scale),
      precision: String(to.precision),
      scale: String(to.scale),
      config: '"spark.sql.ansi.enabled"',
    },
  });
}

// ---- integral helpers -------------------------------------------------------------------------

// Long.MaxValue as a double is 2^63, which Spark's overflow checks compare against.
const TWO_POW_63 = 2 ** 63;
const INT_BITS: Readonly<Record<string, number>> = { byte: 8, short: 16, int: 32, long: 64 };
const INT_MIN: Readonly<Record<string, number>> = { byte: -128, short: -32768, int: -2147483648 };
const INT_MAX: Readonly<Record<string, number>> = { byte: 127, short: 32767, int: 2147483647 };

/** Wraps an integer (number or bigint) to `bits` as Java's narrowing conversion does. */
function wrapTo(v: number | bigint, bits: number): number | bigint {
  if (bits === 64) return typeof v === "bigint" ? normLong(BigInt.asIntN(64, v)) : v;
  if (typeof v === "bigint") return Number(BigInt.asIntN(bits, v));
  if (bits === 32) return v | 0;
  const shift = 32 - bits;
  return ((v | 0) << shift) >> shift;
}

function inRange(v: number | bigint, kind: string): boolean {
  if (kind === "long") return typeof v === "number" || fitsLong(v);
  const n = typeof v === "bigint" ? Number(v) : v;
  return n >= INT_MIN[kind]! && n <= INT_MAX[kind]!;
}

/** Java's `(long) d` / `(int) d`: NaN → 0, saturating at the bounds, truncating toward zero. */
function javaDoubleToIntegral(d: number, kind: string): number | bigint {
  if (Number.isNaN(d)) return 0;
  if (kind === "long") {
    if (d >= TWO_POW_63) return 9223372036854775807n;
    if (d <= -TWO_POW_63) return -9223372036854775808n;
    const t = Math.trunc(d);
    return Number.isSafeInteger(t) ? t : normLong(BigInt(t));
  }
  // byte and short go through int first (Spark's `numeric.toInt(b).toByte`).
  const i = d >= 2147483647 ? 2147483647 : d <= -2147483648 ? -2147483648 : Math.trunc(d);
  return kind === "int" ? i : wrapTo(i, INT_BITS[kind]!);
}

// ---- string parsing -----------------------------------------------------------------------------

function isTrimmable(c: number): boolean {
  return c <= 32 || (c >= 127 && c <= 159);
}

/** Spark's `trimAll`: strips whitespace and ISO control characters at both ends. */
function trimAll(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isTrimmable(s.charCodeAt(a))) a++;
  while (b > a && isTrimmable(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Spark's `UTF8String.toLong/toInt`: trimmed, optional sign, digits; with `allowDecimal` (legacy)
 * a `.` and digits may follow and are truncated. Returns a bigint or null when malformed.
 */
function parseIntegral(s: string, allowDecimal: boolean): bigint | null {
  const t = trimAll(s);
  let i = 0;
  const n = t.length;
  if (n === 0) return null;
  const c0 = t.charCodeAt(0);
  if (c0 === 45 || c0 === 43) i++;
  // A sign alone is malformed; with `allowDecimal`, "." and "-.5" read as 0 as in Spark.
  if (i === n) return null;
  const start = i;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  const digitsEnd = i;
  if (i < n) {
    if (!allowDecimal || t.charCodeAt(i) !== 46) return null;
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      i++;
    }
  }
  const v = digitsEnd > start ? BigInt(t.slice(start, digitsEnd)) : 0n;
  return c0 === 45 ? -v : v;
}

const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/** Java's `Double.parseDouble` after trimming, plus Spark's special literals (`inf`, `-infinity`, `nan`). */
function parseJavaDouble(s: string): number | null {
  const t = trimAll(s);
  switch (t.toLowerCase()) {
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return Number.POSITIVE_INFINITY;
    case "-inf":
    case "-infinity":
      return Number.NEGATIVE_INFINITY;
    case "nan":
      return Number.NaN;
    default:
      break;
  }
  if (!JAVA_DOUBLE.test(t)) return null;
  const last = t.charCodeAt(t.length - 1);
  const body = (last | 32) === 102 || (last | 32) === 100 ? t.slice(0, -1) : t;
  if (body.endsWith("NaN")) return Number.NaN;
  return Number(body);
}

const INTERVAL_UNIT_MICROS: Readonly<Record<string, number>> = {
  hour: 3_600_000_000,
  minute: 60_000_000,
  second: 1_000_000,
  millisecond: 1_000,
  microsecond: 1,
};

/**
 * Spark's `stringToInterval` for the multi-unit form: optional `interval`, then `<number> <unit>`
 * pairs (year, month, week, day, hour, minute, second, millisecond, microsecond; singular or
 * plural). Only seconds may have a fraction (up to microseconds). Returns null when malformed.
 */
export function stringToInterval(s: string): CalendarInterval | null {
  // A sign may be separated from its number by blanks: '+     1 second' (interval.sql.out).
  const words = trimAll(s)
    .toLowerCase()
    .replace(/(^|\s)([+-])\s+/g, "$1$2")
    .split(/\s+/);
  if (words[0] === "interval") words.shift();
  if (words.length === 0 || words[0] === "" || words.length % 2 !== 0) return null;
  let months = 0;
  let days = 0;
  let micros = 0;
  for (let i = 0; i < words.length; i += 2) {
    const num = words[i]!;
    const unit = words[i + 1]!.replace(/s$/, "");
    if (!/^[+-]?\d+(\.\d{0,6})?$/.test(num)) return null;
    const whole = !num.includes(".");
    const n = Number(num);
    switch (unit) {
      case "year":
        if (!whole) return null;
        months += n * 12;
        break;
      case "month":
        if (!whole) return null;
        months += n;
        break;
      case "week":
        if (!whole) return null;
        days += n * 7;
        break;
      case "day":
        if (!whole) return null;
        days += n;
        break;
      default: {
        const m = INTERVAL_UNIT_MICROS[unit];
        if (m === undefined || (!whole && unit !== "second")) return null;
        micros += Math.round(n * m);
      }
    }
  }
  return { months, days, micros };
}

const TRUE_STRINGS = new Set(["t", "true", "y", "yes", "1"]);
const FALSE_STRINGS = new Set(["f", "false", "n", "no", "0"]);

// ---- the kernels --------------------------------------------------------------------------------

type Conv = (v: unknown) => unknown;

/**
 * Builds the conversion of one non-null internal value of `from` to `to`. Legacy mode returns
 * null where Spark does; ANSI and try modes throw Spark's errors, which try mode turns into null.
 * Call `checkCast` first: pairs Spark rejects throw `DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION`.
 */
export function bindCast(from: DataType, to: DataType, mode: CastMode, ctx: BindContext): Conv {
  const f = build(from, to, mode !== "legacy", mode, ctx);
  if (mode !== "try") return f;
  return (v) => {
    try {
      return f(v);
    } catch (e) {
      if (e instanceof TsparkError) return null;
      throw e;
    }
  };
}

function build(from: DataType, to: DataType, ansi: boolean, mode: CastMode, ctx: BindContext): Conv {
  if (sameType(from, to)) return (v) => v;
  if (from.kind === "null") return () => null;
  const intervalCast = buildIntervalCast(from, to);
  if (intervalCast) return intervalCast;
  switch (to.kind) {
    case "string": {
      const s = makeStringifier(from, { style: "cast", timeZone: ctx.timeZone, decimalPlain: ansi });
      return s;
    }
    case "boolean":
      return toBoolean(from, to, ansi);
    case "byte":
    case "short":
    case "int":
    case "long":
      return toIntegral(from, to, ansi);
    case "float":
    case "double":
      return toFractional(from, to, ansi);
    case "decimal":
      return toDecimal(from, to, ansi);
    case "date":
      return toDate(from, to, ansi, ctx);
    case "timestamp":
    case "timestamp_ntz":
      return toTimestamp(from, to, ansi, ctx);
    case "binary":
      return toBinary(from);
    case "calendar_interval":
      if (from.kind !== "string") return unsupported(from, to);
      // Spark's castToInterval uses safeStringToInterval: bad input is NULL even in ANSI mode.
      return (v) => stringToInterval(v as string);
    case "array": {
      if (from.kind !== "array") return unsupported(from, to);
      const e = build(from.elementType, to.elementType, ansi, mode, ctx);
      return (v) => (v as unknown[]).map((x) => (x === null ? null : e(x)));
    }
    case "map": {
      if (from.kind !== "map") return unsupported(from, to);
      const k = build(from.keyType, to.keyType, ansi, mode, ctx);
      const val = build(from.valueType, to.valueType, ansi, mode, ctx);
      return (v) => {
        const m = v as MapValue;
        return new MapValue(
          m.keys.map((x) => k(x)),
          m.values.map((x) => (x === null ? null : val(x))),
        );
      };
    }
    case "struct": {
      if (from.kind !== "struct" || from.fields.length !== to.fields.length) return unsupported(from, to);
      const fs = from.fields.map((f, i) => build(f.dataType, to.fields[i]!.dataType, ansi, mode, ctx));
      return (v) => {
        const row = v as unknown[];
        const out = new Array<unknown>(fs.length);
        for (let i = 0; i < fs.length; i++) {
          const x = row[i];
          out[i] = x === null || x === undefined ? null : fs[i]!(x);
        }
        return out;
      };
    }
    default:
      return unsupported(from, to);
  }
}

function unsupported(from: DataType, to: DataType): never {
  throw new TsparkError("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", {
    messageParameters: {
      sqlExpr: `"CAST(${from.sql()} AS ${to.sql()})"`,
      srcType: `"${from.sql()}"`,
      targetType: `"${to.sql()}"`,
    },
  });
}

function toBoolean(from: DataType, to: DataType, ansi: boolean): Conv {
  switch (from.kind) {
    case "string":
      return (v) => {
        const t = trimAll(v as string).toLowerCase();
        if (TRUE_STRINGS.has(t)) return true;
        if (FALSE_STRINGS.has(t)) return false;
        if (ansi) throw invalidInput(v, from, to);
        return null;
      };
    case "byte":
    case "short":
    case "int":
    case "float":
    case "double":
      return (v) => v !== 0;
    case "long":
      return (v) => v !== 0 && v !== 0n;
    case "decimal":
      return (v) => v !== 0n;
    case "timestamp":
      return (v) => v !== 0;
    case "date":
      return () => null;
    default:
      return unsupported(from, to);
  }
}

function toIntegral(from: DataType, to: DataType, ansi: boolean): Conv {
  const kind = to.kind;
  const bits = INT_BITS[kind]!;
  const fromKind = from.kind;
  switch (fromKind) {
    case "string":
      return (v) => {
        const b = parseIntegral(v as string, !ansi);
        if (b === null || !inRange(b, kind) || (kind === "long" && !fitsLong(b))) {
          if (ansi) throw invalidInput(v, from, to);
          return null;
        }
        return kind === "long" ? normLong(b) : Number(b);
      };
    case "boolean":
      return (v) => (v ? 1 : 0);
    case "date":
      return () => null;
    case "timestamp":
      return (v) => {
        const secs = Math.floor((v as number) / MICROS_PER_SECOND);
        if (kind === "long" || inRange(secs, kind)) return secs;
        if (ansi) throw overflow(v, from, to);
        return null;
      };
    case "byte":
    case "short":
    case "int":
    case "long":
      if (bits >= INT_BITS[fromKind]!) return (v) => v;
      return (v) => {
        const x = v as number | bigint;
        if (ansi) {
          if (!inRange(x, kind)) throw overflow(v, from, to);
          return typeof x === "bigint" ? Number(x) : x;
        }
        return wrapTo(x, bits);
      };
    case "float":
    case "double":
      return (v) => {
        const d = v as number;
        if (ansi) {
          const lo = kind === "long" ? -TWO_POW_63 : INT_MIN[kind]!;
          const hi = kind === "long" ? TWO_POW_63 : INT_MAX[kind]!;
          if (!(Math.floor(d) <= hi && Math.ceil(d) >= lo)) throw overflow(v, from, to);
        }
        return javaDoubleToIntegral(d, kind);
      };
    case "decimal": {
      const div = pow10(from.scale);
      return (v) => {
        const q = (v as bigint) / div;
        if (ansi) {
          if (!inRange(q, kind) || (kind === "long" && !fitsLong(q))) throw overflow(v, from, to);
          return kind === "long" ? normLong(q) : Number(q);
        }
        return wrapTo(BigInt.asIntN(64, q), bits);
      };
    }
    default:
      return unsupported(from, to);
  }
}

function toFractional(from: DataType, to: DataType, ansi: boolean): Conv {
  const round = to.kind === "float" ? Math.fround : (x: number) => x;
  switch (from.kind) {
    case "string":
      return (v) => {
        const d = parseJavaDouble(v as string);
        if (d === null) {
          if (ansi) throw invalidInput(v, from, to);
          return null;
        }
        return round(d);
      };
    case "boolean":
      return (v) => (v ? 1 : 0);
    case "date":
      return () => null;
    case "timestamp":
      return (v) => round((v as number) / MICROS_PER_SECOND);
    case "byte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
      return (v) => round(Number(v));
    case "decimal": {
      const scale = from.scale;
      return (v) => round(decimalToDouble(v as bigint, scale));
    }
    default:
      return unsupported(from, to);
  }
}

function toDecimal(from: DataType, to: DecimalType, ansi: boolean): Conv {
  const { precision, scale } = to;
  const finish = (unscaled: bigint, srcScale: number): bigint | null => {
    const r = rescale(unscaled, srcScale, scale);
    if (fitsPrecision(r, precision)) return r;
    if (ansi) throw decimalOutOfRange(unscaled, srcScale, to);
    return null;
  };
  switch (from.kind) {
    case "string":
      return (v) => {
        const p = parseDecimal(trimAll(v as string));
        if (p === undefined) {
          if (ansi) throw invalidInput(v, from, to);
          return null;
        }
        return finish(p.unscaled, p.scale);
      };
    case "boolean":
      return (v) => finish(v ? 1n : 0n, 0);
    case "date":
      return () => null;
    case "byte":
    case "short":
    case "int":
    case "long":
      return (v) => finish(BigInt(v as number | bigint), 0);
    case "decimal": {
      const s = from.scale;
      return (v) => finish(v as bigint, s);
    }
    case "float":
    case "double":
    case "timestamp": {
      const isTs = from.kind === "timestamp";
      return (v) => {
        const d = isTs ? (v as number) / MICROS_PER_SECOND : (v as number);
        const p = decimalFromDouble(d);
        if (p === undefined) {
          if (ansi) throw overflow(v, from, to);
          return null;
        }
        return finish(p.unscaled, p.scale);
      };
    }
    default:
      return unsupported(from, to);
  }
}

function toDate(from: DataType, to: DataType, ansi: boolean, ctx: BindContext): Conv {
  switch (from.kind) {
    case "string":
      return (v) => {
        const d = parseDate(v as string);
        if (d === null && ansi) throw invalidInput(v, from, to);
        return d;
      };
    case "timestamp": {
      const zone = getTimeZone(ctx.timeZone);
      return (v) => microsToDays(v as number, zone);
    }
    case "timestamp_ntz":
      return (v) => Math.floor((v as number) / 86_400_000_000);
    default:
      return unsupported(from, to);
  }
}

function toTimestamp(from: DataType, to: DataType, ansi: boolean, ctx: BindContext): Conv {
  const ntz = to.kind === "timestamp_ntz";
  const zone = getTimeZone(ctx.timeZone);
  switch (from.kind) {
    case "string":
      return (v) => {
        const t = ntz
          ? parseTimestampNtz(v as string)
          : parseTimestamp(v as string, zone, ctx.currentTimeMicros);
        if (t === null && ansi) throw invalidInput(v, from, to);
        return t;
      };
    case "date":
      return ntz
        ? (v) => checkMicros((v as number) * 86_400_000_000)
        : (v) => daysToMicros(v as number, zone);
    case "timestamp":
      return (v) => utcToLocalMicros(v as number, zone);
    case "timestamp_ntz":
      return (v) => localToUtcMicros(v as number, zone);
    case "boolean":
      return (v) => (v ? 1 : 0);
    case "byte":
    case "short":
    case "int":
    case "long":
      return (v) => {
        const secs = v as number | bigint;
        if (typeof secs === "bigint") return checkMicros(Number(secs) * MICROS_PER_SECOND);
        return checkMicros(secs * MICROS_PER_SECOND);
      };
    case "float":
    case "double":
      return (v) => {
        const d = v as number;
        if (!Number.isFinite(d)) {
          if (ansi) throw invalidInput(v, from, to);
          return null;
        }
        return checkMicros(Math.trunc(d * MICROS_PER_SECOND));
      };
    case "decimal": {
      const scale = from.scale;
      return (v) => {
        const micros = rescaleDown((v as bigint) * 1_000_000n, scale);
        return checkMicros(Number(BigInt.asIntN(64, micros)));
      };
    }
    default:
      return unsupported(from, to);
  }
}

function rescaleDown(unscaled: bigint, scale: number): bigint {
  return scale <= 0 ? unscaled * pow10(-scale) : unscaled / pow10(scale);
}

const utf8 = new TextEncoder();

function toBinary(from: DataType): Conv {
  switch (from.kind) {
    case "string":
      return (v) => utf8.encode(v as string);
    case "byte":
    case "short":
    case "int":
    case "long": {
      const bytes = INT_BITS[from.kind]! / 8;
      return (v) => {
        let x = BigInt.asUintN(bytes * 8, BigInt(v as number | bigint));
        const out = new Uint8Array(bytes);
        for (let i = bytes - 1; i >= 0; i--) {
          out[i] = Number(x & 0xffn);
          x >>= 8n;
        }
        return out;
      };
    }
    default:
      return unsupported(from, BINARY);
  }
}
