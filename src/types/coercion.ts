/**
 * Type coercion tables: Spark 4's `AnsiTypeCoercion` (default, `spark.sql.ansi.enabled=true`) and the
 * legacy `TypeCoercion` used when ANSI mode is off. Every function takes `ansi` where the two differ.
 *
 * Who uses what:
 * - binary operators and comparisons: `binaryOperatorInputType` (string promotion + decimal precision
 *   + tightest common type, in the order Spark's rules run);
 * - CASE WHEN / coalesce / IN / greatest / array() / union: `findWiderCommonType`;
 * - functions with declared input types: `implicitCastTarget(from, expected)`;
 * - decimal arithmetic result types: `decimalAddType` … `decimalRemainderType` (bounded to
 *   precision 38 with `adjustPrecisionScale`, Spark's `allowPrecisionLoss=true` default).
 * All functions are pure and allocate only the result types.
 */
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  type DataType,
  DATE,
  type DayTimeField,
  DayTimeIntervalType,
  DecimalType,
  DOUBLE,
  INT,
  isIntegral,
  isNumeric,
  LONG,
  MapType,
  NULL_TYPE,
  sameType,
  sameTypeIgnoreNullability,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
  type YearMonthField,
  YearMonthIntervalType,
} from "./data-type.js";

/** Largest decimal precision Spark supports. */
export const MAX_DECIMAL_PRECISION = 38;
/** Smallest scale `adjustPrecisionScale` keeps when it has to cut digits (Spark's MINIMUM_ADJUSTED_SCALE). */
export const MINIMUM_ADJUSTED_SCALE = 6;
/** `DecimalType.SYSTEM_DEFAULT`: decimal(38, 18), the concrete type for an abstract "decimal". */
export const SYSTEM_DEFAULT_DECIMAL = new DecimalType(38, 18);
/** `DecimalType.USER_DEFAULT`: decimal(10, 0). */
export const USER_DEFAULT_DECIMAL = new DecimalType(10, 0);

/**
 * Abstract input types a function may declare (Spark's AbstractDataType objects): `numeric`
 * accepts any numeric type and defaults to DOUBLE, `integral` defaults to INT, `fractional` and
 * `decimal` accept any of their kind, `any_timestamp` accepts TIMESTAMP/TIMESTAMP_NTZ, `any` accepts
 * everything.
 */
export type AbstractTypeName =
  | "numeric"
  | "integral"
  | "fractional"
  | "decimal"
  | "any_timestamp"
  | "string"
  | "binary"
  | "boolean"
  | "array"
  | "map"
  | "struct"
  | "any";

/** What a function parameter expects: a concrete type, an abstract type, or a list (TypeCollection). */
export type ExpectedType = DataType | AbstractTypeName | readonly ExpectedType[];

// byte < short < int < long < float < double: Spark's numericPrecedence.
const NUMERIC_RANK: Readonly<Record<string, number>> = {
  byte: 0,
  short: 1,
  int: 2,
  long: 3,
  float: 4,
  double: 5,
};

function nonDecimalNumericRank(t: DataType): number | undefined {
  return NUMERIC_RANK[t.kind];
}

/**
 * `DecimalType.forType`: the decimal that holds every value of an integral or fractional type
 * (byte → (3,0), short → (5,0), int → (10,0), long → (20,0), float → (14,7), double → (30,15)).
 * Returns the type itself for a decimal and undefined for non-numeric types.
 */
export function decimalForType(t: DataType): DecimalType | undefined {
  switch (t.kind) {
    case "byte":
      return new DecimalType(3, 0);
    case "short":
      return new DecimalType(5, 0);
    case "int":
      return new DecimalType(10, 0);
    case "long":
      return new DecimalType(20, 0);
    case "float":
      return new DecimalType(14, 7);
    case "double":
      return new DecimalType(30, 15);
    case "decimal":
      return t;
    default:
      return undefined;
  }
}

/** `DecimalType.bounded`: caps precision and scale at 38. */
export function boundedDecimal(precision: number, scale: number): DecimalType {
  return new DecimalType(Math.min(precision, MAX_DECIMAL_PRECISION), Math.min(scale, MAX_DECIMAL_PRECISION));
}

/**
 * `DecimalType.adjustPrecisionScale`: when a result needs more than 38 digits, keep the integral
 * digits and cut the scale, but never below min(scale, 6).
 */
export function adjustPrecisionScale(precision: number, scale: number): DecimalType {
  if (precision <= MAX_DECIMAL_PRECISION) return new DecimalType(precision, scale);
  if (scale < 0) return new DecimalType(MAX_DECIMAL_PRECISION, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
  const adjustedScale = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale);
  return new DecimalType(MAX_DECIMAL_PRECISION, adjustedScale);
}

/** `DecimalType.isWiderThan`: true when `d` holds every value of `other` (a decimal or integral). */
export function decimalIsWiderThan(d: DecimalType, other: DataType): boolean {
  const o = other.kind === "decimal" ? other : isIntegral(other) ? decimalForType(other) : undefined;
  if (!o) return false;
  return d.precision - d.scale >= o.precision - o.scale && d.scale >= o.scale;
}

/** `DecimalPrecision.widerDecimalType`: the smallest decimal holding both (bounded to 38). */
export function widerDecimalType(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return boundedDecimal(range + scale, scale);
}

/** Result type of decimal `+` and `-` (Spark's `Add/Subtract.resultDecimalType`). */
export function decimalAddType(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const precision = Math.max(a.precision - a.scale, b.precision - b.scale) + scale + 1;
  return adjustPrecisionScale(precision, scale);
}

/** Result type of decimal `*`. */
export function decimalMultiplyType(a: DecimalType, b: DecimalType): DecimalType {
  return adjustPrecisionScale(a.precision + b.precision + 1, a.scale + b.scale);
}

/** Result type of decimal `/`. */
export function decimalDivideType(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(MINIMUM_ADJUSTED_SCALE, a.scale + b.precision + 1);
  const precision = a.precision - a.scale + b.scale + scale;
  return adjustPrecisionScale(precision, scale);
}

/** Result type of decimal `%` and `pmod`. */
export function decimalRemainderType(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const precision = Math.min(a.precision - a.scale, b.precision - b.scale) + scale;
  return adjustPrecisionScale(precision, scale);
}

/**
 * Decimal type used for `div` on decimals before the quotient is turned into a BIGINT
 * (Spark's `IntegralDivide.resultDecimalType`).
 */
export function decimalIntegralDivideType(a: DecimalType, b: DecimalType): DecimalType {
  const intDig = a.precision - a.scale + b.scale;
  return adjustPrecisionScale(Math.max(intDig, 1), 0);
}

function isDatetime(t: DataType): boolean {
  return t.kind === "date" || t.kind === "timestamp" || t.kind === "timestamp_ntz";
}

/** Spark's `findWiderDateTimeType`: date < timestamp_ntz < timestamp. */
function widerDatetime(a: DataType, b: DataType): DataType {
  if (a.kind === "timestamp" || b.kind === "timestamp") return TIMESTAMP;
  if (a.kind === "timestamp_ntz" || b.kind === "timestamp_ntz") return TIMESTAMP_NTZ;
  return DATE;
}

type Finder = (a: DataType, b: DataType) => DataType | undefined;

/** Spark's `findTypeForComplex`: widen arrays, maps and structs element-wise with `f`. */
function findTypeForComplex(a: DataType, b: DataType, f: Finder): DataType | undefined {
  if (a.kind === "array" && b.kind === "array") {
    const e = f(a.elementType, b.elementType);
    return e === undefined ? undefined : new ArrayType(e, a.containsNull || b.containsNull);
  }
  if (a.kind === "map" && b.kind === "map") {
    const k = f(a.keyType, b.keyType);
    const v = f(a.valueType, b.valueType);
    if (k === undefined || v === undefined) return undefined;
    return new MapType(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  if (a.kind === "struct" && b.kind === "struct") {
    if (a.fields.length !== b.fields.length) return undefined;
    const fields: StructField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!;
      const fb = b.fields[i]!;
      // Field names must match case-insensitively (the default `spark.sql.caseSensitive=false`).
      if (fa.name.toLowerCase() !== fb.name.toLowerCase()) return undefined;
      const t = f(fa.dataType, fb.dataType);
      if (t === undefined) return undefined;
      // Spark keeps the left name when names differ only in case.
      fields.push(new StructField(fa.name, t, fa.nullable || fb.nullable));
    }
    return new StructType(fields);
  }
  return undefined;
}

/**
 * `findTightestCommonType`: the common type reachable without losing precision, or undefined.
 * In ANSI mode an integral combined with FLOAT widens to DOUBLE; in legacy mode it stays FLOAT, and
 * DATE with TIMESTAMP gives TIMESTAMP in both.
 */
export function findTightestCommonType(a: DataType, b: DataType, ansi = true): DataType | undefined {
  if (sameType(a, b)) return a;
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (isIntegral(a) && b.kind === "decimal") return decimalIsWiderThan(b, a) ? b : undefined;
  if (a.kind === "decimal" && isIntegral(b)) return decimalIsWiderThan(a, b) ? a : undefined;
  const ra = nonDecimalNumericRank(a);
  const rb = nonDecimalNumericRank(b);
  if (ra !== undefined && rb !== undefined) {
    const wider = ra >= rb ? a : b;
    if (ansi && wider.kind === "float") return DOUBLE;
    return wider;
  }
  if (isDatetime(a) && isDatetime(b)) return widerDatetime(a, b);
  // ANSI intervals of one family widen to the union of their fields (DAY and HOUR → DAY TO HOUR).
  if (a.kind === "day_time_interval" && b.kind === "day_time_interval")
    return new DayTimeIntervalType(
      Math.min(a.startField, b.startField) as DayTimeField,
      Math.max(a.endField, b.endField) as DayTimeField,
    );
  if (a.kind === "year_month_interval" && b.kind === "year_month_interval")
    return new YearMonthIntervalType(
      Math.min(a.startField, b.startField) as YearMonthField,
      Math.max(a.endField, b.endField) as YearMonthField,
    );
  return findTypeForComplex(a, b, (x, y) => findTightestCommonType(x, y, ansi));
}

/** Spark's `findWiderTypeForDecimal`: decimal with decimal/integral → wider decimal; with float/double → DOUBLE. */
export function findWiderTypeForDecimal(a: DataType, b: DataType): DataType | undefined {
  if (a.kind === "decimal" && b.kind === "decimal") return widerDecimalType(a, b);
  if (isIntegral(a) && b.kind === "decimal") return widerDecimalType(decimalForType(a)!, b);
  if (a.kind === "decimal" && isIntegral(b)) return widerDecimalType(decimalForType(b)!, a);
  if ((a.kind === "float" || a.kind === "double") && b.kind === "decimal") return DOUBLE;
  if (a.kind === "decimal" && (b.kind === "float" || b.kind === "double")) return DOUBLE;
  return undefined;
}

/**
 * ANSI string promotion (`AnsiStringPromotionTypeCoercion.findWiderTypeForString`): STRING with an
 * integral → BIGINT, with FLOAT/DOUBLE → DOUBLE, with NULL → STRING, with any other atomic type
 * (decimal, date, timestamp, boolean, binary) → that type. STRING with STRING → undefined.
 */
export function findWiderTypeForString(a: DataType, b: DataType): DataType | undefined {
  if (a.kind === "string") {
    if (isIntegral(b)) return LONG;
    if (b.kind === "float" || b.kind === "double") return DOUBLE;
    if (b.kind === "null") return STRING;
    if (b.kind === "string" || b.kind === "calendar_interval") return undefined;
    if (b.kind === "decimal" || b.kind in ATOMIC_KINDS) return b;
    return undefined;
  }
  if (b.kind === "string") return findWiderTypeForString(b, a);
  return undefined;
}

const ATOMIC_KINDS: Readonly<Record<string, true>> = {
  binary: true,
  boolean: true,
  date: true,
  timestamp: true,
  timestamp_ntz: true,
};

function isAtomicNonComplex(t: DataType): boolean {
  return t.kind !== "array" && t.kind !== "map" && t.kind !== "struct";
}

/** Legacy `stringPromotion`: STRING with any atomic type but BINARY/BOOLEAN widens to STRING. */
function legacyStringPromotion(a: DataType, b: DataType): DataType | undefined {
  if (a.kind === "string" && isAtomicNonComplex(b) && b.kind !== "binary" && b.kind !== "boolean")
    return STRING;
  if (b.kind === "string" && isAtomicNonComplex(a) && a.kind !== "binary" && a.kind !== "boolean")
    return STRING;
  return undefined;
}

/**
 * `findWiderTypeForTwo`: tightest common type, else decimal widening, else string promotion (ANSI:
 * the string becomes the other type; legacy: everything becomes STRING), else element-wise for
 * complex types.
 */
export function findWiderTypeForTwo(a: DataType, b: DataType, ansi = true): DataType | undefined {
  return (
    findTightestCommonType(a, b, ansi) ??
    findWiderTypeForDecimal(a, b) ??
    (ansi ? findWiderTypeForString(a, b) : legacyStringPromotion(a, b)) ??
    findTypeForComplex(a, b, (x, y) => findWiderTypeForTwo(x, y, ansi))
  );
}

/**
 * `findWiderCommonType`: folds `findWiderTypeForTwo` over the types starting from NULL; undefined
 * when some pair has no common type. The legacy rule is not associative with strings, so (as Spark
 * does) it folds the string-bearing types first: (timestamp, int, string) gives STRING.
 */
export function findWiderCommonType(types: readonly DataType[], ansi = true): DataType | undefined {
  const ordered = ansi
    ? types
    : [...types.filter((t) => hasStringType(t)), ...types.filter((t) => !hasStringType(t))];
  let acc: DataType = NULL_TYPE;
  for (const t of ordered) {
    const w = findWiderTypeForTwo(acc, t, ansi);
    if (w === undefined) return undefined;
    acc = w;
  }
  return acc;
}

function hasStringType(t: DataType): boolean {
  switch (t.kind) {
    case "string":
      return true;
    case "array":
      return hasStringType(t.elementType);
    case "map":
      return hasStringType(t.keyType) || hasStringType(t.valueType);
    case "struct":
      return t.fields.some((f) => hasStringType(f.dataType));
    default:
      return false;
  }
}

/**
 * Legacy `findCommonTypeForBinaryComparison`: how a comparison with a STRING side is typed when
 * ANSI is off (string vs number compares as that number's type, decimal as DOUBLE, date/timestamp
 * as the datetime type).
 */
function legacyComparisonType(a: DataType, b: DataType): DataType | undefined {
  if (a.kind === "string" && b.kind === "null") return STRING;
  if (a.kind === "null" && b.kind === "string") return STRING;
  if (a.kind === "date" && b.kind === "timestamp") return TIMESTAMP;
  if (a.kind === "timestamp" && b.kind === "date") return TIMESTAMP;
  if (a.kind === "string" && b.kind === "decimal") return DOUBLE;
  if (a.kind === "decimal" && b.kind === "string") return DOUBLE;
  if (a.kind === "string" && b.kind !== "string" && isAtomicNonComplex(b)) return b;
  if (b.kind === "string" && a.kind !== "string" && isAtomicNonComplex(a)) return a;
  return undefined;
}

/** Which family of binary operator is being coerced (they differ in string and decimal handling). */
export type BinaryOperatorKind = "arithmetic" | "comparison" | "bitwise";

/**
 * The types the two operands of a binary operator should be cast to (left, right), running Spark's
 * rules in order: string promotion, decimal precision (an integral beside a decimal becomes its
 * `decimalForType`, a decimal beside FLOAT/DOUBLE becomes DOUBLE, decimals in a comparison widen to
 * one type), then the tightest common type. Undefined when nothing applies; the operator's own type
 * check then reports the mismatch. Decimal arithmetic keeps each side's precision: the result type
 * comes from `decimalAddType` and friends.
 */
export function binaryOperatorInputTypes(
  left: DataType,
  right: DataType,
  op: BinaryOperatorKind,
  ansi = true,
): readonly [DataType, DataType] | undefined {
  let l = left;
  let r = right;
  // 1. string promotion.
  if (l.kind === "string" || r.kind === "string") {
    if (ansi) {
      const p = findWiderTypeForString(l, r);
      if (p !== undefined) {
        l = p;
        r = p;
      }
    } else if (op === "comparison") {
      const p = legacyComparisonType(l, r);
      if (p !== undefined) {
        l = p;
        r = p;
      }
    } else {
      // Legacy PromoteStrings: a string in arithmetic becomes DOUBLE.
      if (l.kind === "string") l = DOUBLE;
      if (r.kind === "string") r = DOUBLE;
    }
  }
  // 2. decimal precision.
  if (l.kind === "decimal" && r.kind === "decimal") {
    if (op === "comparison" && !sameType(l, r)) {
      const w = widerDecimalType(l, r);
      return [w, w];
    }
    return [l, r];
  }
  if (l.kind === "decimal" || r.kind === "decimal") {
    if (isIntegral(l) || isIntegral(r)) {
      const dl = isIntegral(l) ? decimalForType(l)! : (l as DecimalType);
      const dr = isIntegral(r) ? decimalForType(r)! : (r as DecimalType);
      if (op === "comparison") {
        const w = widerDecimalType(dl, dr);
        return [w, w];
      }
      return [dl, dr];
    }
    // A decimal meets a float or double as DOUBLE on both sides (Spark's DecimalPrecision).
    if (l.kind === "float" || l.kind === "double" || r.kind === "float" || r.kind === "double")
      return [DOUBLE, DOUBLE];
  }
  // 3. implicit casts to the tightest common type.
  if (sameType(l, r)) return [l, r];
  const t = findTightestCommonType(l, r, ansi);
  if (t !== undefined) return [t, t];
  return undefined;
}

function isAbstract(e: ExpectedType): e is AbstractTypeName {
  return typeof e === "string";
}

/** Spark's `AbstractDataType.acceptsType`. */
export function acceptsType(expected: ExpectedType, t: DataType): boolean {
  if (Array.isArray(expected)) return expected.some((e: ExpectedType) => acceptsType(e, t));
  if (isAbstract(expected)) {
    switch (expected) {
      case "numeric":
        return isNumeric(t);
      case "integral":
        return isIntegral(t);
      case "fractional":
        return t.kind === "float" || t.kind === "double" || t.kind === "decimal";
      case "decimal":
        return t.kind === "decimal";
      case "any_timestamp":
        return t.kind === "timestamp" || t.kind === "timestamp_ntz";
      case "any":
        return true;
      default:
        return t.kind === expected;
    }
  }
  const dt = expected as DataType;
  // A concrete ARRAY<T> accepts exactly; Spark's ArrayType object is the abstract "array".
  return sameType(dt, t);
}

/** Spark's `AbstractDataType.defaultConcreteType`. */
export function defaultConcreteType(expected: AbstractTypeName | DataType): DataType {
  if (!isAbstract(expected)) return expected;
  switch (expected) {
    case "numeric":
    case "fractional":
      return DOUBLE;
    case "integral":
      return INT;
    case "decimal":
      return SYSTEM_DEFAULT_DECIMAL;
    case "any_timestamp":
      return TIMESTAMP;
    case "string":
      return STRING;
    case "binary":
      return BINARY;
    case "boolean":
      return BOOLEAN;
    case "array":
      return new ArrayType(NULL_TYPE, true);
    case "map":
      return new MapType(NULL_TYPE, NULL_TYPE, true);
    case "struct":
      return new StructType([]);
    case "any":
      return NULL_TYPE;
  }
}

/** `Cast.canANSIStoreAssign`: the casts ANSI mode allows implicitly (may still fail at runtime). */
export function canAnsiStoreAssign(from: DataType, to: DataType): boolean {
  if (sameType(from, to)) return true;
  if (from.kind === "null") return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (to.kind === "string" && isAtomicNonComplex(from)) return true;
  if (isDatetime(from) && isDatetime(to)) return true;
  if (from.kind === to.kind && (from.kind === "day_time_interval" || from.kind === "year_month_interval"))
    return true;
  if (from.kind === "array" && to.kind === "array")
    return (to.containsNull || !from.containsNull) && canAnsiStoreAssign(from.elementType, to.elementType);
  if (from.kind === "map" && to.kind === "map")
    return (
      (to.valueContainsNull || !from.valueContainsNull) &&
      canAnsiStoreAssign(from.keyType, to.keyType) &&
      canAnsiStoreAssign(from.valueType, to.valueType)
    );
  if (from.kind === "struct" && to.kind === "struct")
    return (
      from.fields.length === to.fields.length &&
      from.fields.every((f, i) => {
        const g = to.fields[i]!;
        return (g.nullable || !f.nullable) && canAnsiStoreAssign(f.dataType, g.dataType);
      })
    );
  return false;
}

function ansiImplicitCast(from: DataType, expected: ExpectedType): DataType | undefined {
  if (acceptsType(expected, from)) return from;
  if (Array.isArray(expected)) {
    for (const e of expected as readonly ExpectedType[]) {
      const t = ansiImplicitCast(from, e);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  const exp = expected as AbstractTypeName | DataType;
  if (exp === "decimal" && isNumeric(from)) return decimalForType(from);
  if (from.kind === "string" && (exp === "string" || (!isAbstract(exp) && exp.kind === "string")))
    return undefined;
  if ((from.kind === "float" || from.kind === "double") && exp === "integral") return undefined;
  if (from.kind === "string") {
    // Not ANSI SQL, but Spark lets strings become any atomic type implicitly.
    if (isAbstract(exp)) {
      if (exp === "array" || exp === "map" || exp === "struct" || exp === "any") return undefined;
      return defaultConcreteType(exp);
    }
    if (isAtomicNonComplex(exp)) return exp;
  }
  if (from.kind === "array" && !isAbstract(exp) && exp.kind === "array") {
    const e = ansiImplicitCast(from.elementType, exp.elementType);
    return e === undefined ? undefined : new ArrayType(e, true);
  }
  const concrete = defaultConcreteType(exp);
  return canAnsiStoreAssign(from, concrete) ? concrete : undefined;
}

function legacyImplicitCast(from: DataType, expected: ExpectedType): DataType | undefined {
  if (acceptsType(expected, from)) return from;
  if (Array.isArray(expected)) {
    for (const e of expected as readonly ExpectedType[]) {
      const t = legacyImplicitCast(from, e);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  const exp = expected as AbstractTypeName | DataType;
  if (from.kind === "null") return defaultConcreteType(exp);
  if (exp === "decimal" && isNumeric(from)) return decimalForType(from);
  const target = isAbstract(exp) ? defaultConcreteType(exp) : exp;
  if (exp === "any" || exp === "array" || exp === "map" || exp === "struct") return undefined;
  if (isNumeric(from) && isNumeric(target)) return target;
  // Legacy mode lets a string become any atomic type (comparisons such as 'true' = true rely on it).
  if (from.kind === "string" && isAtomicNonComplex(target)) return target;
  if (isDatetime(from) && isDatetime(target)) return target;
  if (from.kind === target.kind && (from.kind === "day_time_interval" || from.kind === "year_month_interval"))
    return target;
  if (target.kind === "string" && isAtomicNonComplex(from) && from.kind !== "binary") return STRING;
  if (from.kind === "array" && target.kind === "array") {
    const e = legacyImplicitCast(from.elementType, target.elementType);
    return e === undefined ? undefined : new ArrayType(e, from.containsNull);
  }
  return undefined;
}

/**
 * The type an argument of type `from` is implicitly cast to when a parameter expects `expected`;
 * `from` itself when it is accepted as is; undefined when no implicit cast exists (the analyzer
 * then raises `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE`).
 */
export function implicitCastTarget(
  from: DataType,
  expected: ExpectedType,
  ansi = true,
): DataType | undefined {
  if (from.kind === "null" && !Array.isArray(expected)) {
    return acceptsType(expected, from) ? from : defaultConcreteType(expected as AbstractTypeName | DataType);
  }
  return ansi ? ansiImplicitCast(from, expected) : legacyImplicitCast(from, expected);
}

/** True when `from` may be implicitly cast to the concrete type `to`. */
export function canImplicitCast(from: DataType, to: DataType, ansi = true): boolean {
  const t = implicitCastTarget(from, to, ansi);
  return t !== undefined && sameTypeIgnoreNullability(t, to);
}
