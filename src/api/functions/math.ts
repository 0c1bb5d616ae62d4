/**
 * PySpark-named wrappers for the math function family (see functions/math/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark. Where
 * PySpark accepts `ColumnOrName | float`, a JS number becomes a literal and a string a column name.
 */
import type { Expression } from "../../expressions/expression.js";
import { type Column, type ColumnOrName, fn, fnExpr, litExpr, toExpr } from "./helpers.js";

/** A Column, a column name, or a number literal (PySpark's `Union[ColumnOrName, float]`). */
export type ColumnNameOrNumber = ColumnOrName | number;

function numOrCol(c: ColumnNameOrNumber): Expression {
  return typeof c === "number" ? litExpr(c) : toExpr(c);
}

function colOrLit(c: Column | number): Expression {
  return typeof c === "number" ? litExpr(c) : toExpr(c);
}

/** Absolute value. */
export function abs(col: ColumnOrName): Column {
  return fn("abs", col);
}
/** Inverse cosine. */
export function acos(col: ColumnOrName): Column {
  return fn("acos", col);
}
/** Inverse hyperbolic cosine. */
export function acosh(col: ColumnOrName): Column {
  return fn("acosh", col);
}
/** Inverse sine. */
export function asin(col: ColumnOrName): Column {
  return fn("asin", col);
}
/** Inverse hyperbolic sine. */
export function asinh(col: ColumnOrName): Column {
  return fn("asinh", col);
}
/** Inverse tangent. */
export function atan(col: ColumnOrName): Column {
  return fn("atan", col);
}
/** Angle of the point (col2, col1): `atan2(y, x)`. */
export function atan2(col1: ColumnNameOrNumber, col2: ColumnNameOrNumber): Column {
  return fnExpr("atan2", numOrCol(col1), numOrCol(col2));
}
/** Inverse hyperbolic tangent. */
export function atanh(col: ColumnOrName): Column {
  return fn("atanh", col);
}
/** Binary string of a long. */
export function bin(col: ColumnOrName): Column {
  return fn("bin", col);
}
/** `~col`: bitwise NOT of an integral value (column named `~col`). */
export function bitwise_not(col: ColumnOrName): Column {
  return fn("~", col);
}
/** PySpark's deprecated camel-case alias of `bitwise_not`. */
export function bitwiseNOT(col: ColumnOrName): Column {
  return bitwise_not(col);
}
/** Number of set bits of an integral (or boolean) value. */
export function bit_count(col: ColumnOrName): Column {
  return fn("bit_count", col);
}
/** The bit (0 or 1) at position `pos`, counting from the right. */
export function bit_get(col: ColumnOrName, pos: ColumnOrName): Column {
  return fn("bit_get", col, pos);
}
/** Alias of `bit_get`. */
export function getbit(col: ColumnOrName, pos: ColumnOrName): Column {
  return fn("getbit", col, pos);
}
/** HALF_EVEN rounding to `scale` decimal places. */
export function bround(col: ColumnOrName, scale?: Column | number): Column {
  return scale === undefined ? fn("bround", col) : fnExpr("bround", toExpr(col), colOrLit(scale));
}
/** Cube root. */
export function cbrt(col: ColumnOrName): Column {
  return fn("cbrt", col);
}
/** Ceiling, optionally to `scale` decimal places. */
export function ceil(col: ColumnOrName, scale?: Column | number): Column {
  return scale === undefined ? fn("ceil", col) : fnExpr("ceil", toExpr(col), colOrLit(scale));
}
/** Alias of `ceil` displayed as `ceiling(...)`. */
export function ceiling(col: ColumnOrName, scale?: Column | number): Column {
  return scale === undefined ? fn("ceiling", col) : fnExpr("ceiling", toExpr(col), colOrLit(scale));
}
/** Converts a number string from one base to another. */
export function conv(col: ColumnOrName, fromBase: number, toBase: number): Column {
  return fnExpr("conv", toExpr(col), litExpr(fromBase), litExpr(toBase));
}
/** Cosine. */
export function cos(col: ColumnOrName): Column {
  return fn("cos", col);
}
/** Hyperbolic cosine. */
export function cosh(col: ColumnOrName): Column {
  return fn("cosh", col);
}
/** Cotangent. */
export function cot(col: ColumnOrName): Column {
  return fn("cot", col);
}
/** Cosecant. */
export function csc(col: ColumnOrName): Column {
  return fn("csc", col);
}
/** Radians to degrees. */
export function degrees(col: ColumnOrName): Column {
  return fn("degrees", col);
}
/** Euler's number. */
export function e(): Column {
  return fn("e");
}
/** Exponential. */
export function exp(col: ColumnOrName): Column {
  return fn("exp", col);
}
/** exp(x) - 1. */
export function expm1(col: ColumnOrName): Column {
  return fn("expm1", col);
}
/** Factorial for 0..20. */
export function factorial(col: ColumnOrName): Column {
  return fn("factorial", col);
}
/** Floor, optionally to `scale` decimal places. */
export function floor(col: ColumnOrName, scale?: Column | number): Column {
  return scale === undefined ? fn("floor", col) : fnExpr("floor", toExpr(col), colOrLit(scale));
}
/** Largest non-null value of the columns. */
export function greatest(...cols: ColumnOrName[]): Column {
  return fn("greatest", ...cols);
}
/** Hexadecimal form of a number, string or binary. */
export function hex(col: ColumnOrName): Column {
  return fn("hex", col);
}
/** sqrt(a² + b²). */
export function hypot(col1: ColumnNameOrNumber, col2: ColumnNameOrNumber): Column {
  return fnExpr("hypot", numOrCol(col1), numOrCol(col2));
}
/** True where the value is NaN. */
export function isnan(col: ColumnOrName): Column {
  return fn("isnan", col);
}
/** Smallest non-null value of the columns. */
export function least(...cols: ColumnOrName[]): Column {
  return fn("least", ...cols);
}
/** Natural logarithm. */
export function ln(col: ColumnOrName): Column {
  return fn("ln", col);
}
/**
 * `log(col)` is the natural logarithm; `log(base, col)` with a number first argument is the
 * logarithm in that base (PySpark's `log(arg1, arg2=None)`).
 */
export function log(arg1: ColumnOrName | number, arg2?: ColumnOrName): Column {
  if (arg2 === undefined) return fnExpr("ln", numOrCol(arg1));
  return fnExpr("log", numOrCol(arg1), toExpr(arg2));
}
/** Base-10 logarithm. */
export function log10(col: ColumnOrName): Column {
  return fn("log10", col);
}
/** log(1 + x). */
export function log1p(col: ColumnOrName): Column {
  return fn("log1p", col);
}
/** Base-2 logarithm. */
export function log2(col: ColumnOrName): Column {
  return fn("log2", col);
}
/** `col1` unless it is NaN, else `col2`. */
export function nanvl(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("nanvl", col1, col2);
}
/** Negated value. */
export function negative(col: ColumnOrName): Column {
  return fn("negative", col);
}
/** Negated value (PySpark's older name). */
export function negate(col: ColumnOrName): Column {
  return fn("negative", col);
}
/** pi. */
export function pi(): Column {
  return fn("pi");
}
/** Positive remainder. */
export function pmod(dividend: ColumnNameOrNumber, divisor: ColumnNameOrNumber): Column {
  return fnExpr("pmod", numOrCol(dividend), numOrCol(divisor));
}
/** The value itself. */
export function positive(col: ColumnOrName): Column {
  return fn("positive", col);
}
/** `col1` raised to `col2`, displayed `POWER(a, b)`. */
export function pow(col1: ColumnNameOrNumber, col2: ColumnNameOrNumber): Column {
  return fnExpr("power", numOrCol(col1), numOrCol(col2));
}
/** Alias of `pow`. */
export function power(col1: ColumnNameOrNumber, col2: ColumnNameOrNumber): Column {
  return fnExpr("power", numOrCol(col1), numOrCol(col2));
}
/** Degrees to radians. */
export function radians(col: ColumnOrName): Column {
  return fn("radians", col);
}
/** Nearest mathematical integer as a double (ties to even). */
export function rint(col: ColumnOrName): Column {
  return fn("rint", col);
}
/** HALF_UP rounding to `scale` decimal places. */
export function round(col: ColumnOrName, scale?: Column | number): Column {
  return scale === undefined ? fn("round", col) : fnExpr("round", toExpr(col), colOrLit(scale));
}
/** Secant. */
export function sec(col: ColumnOrName): Column {
  return fn("sec", col);
}
/** Bitwise left shift by `numBits`. */
export function shiftleft(col: ColumnOrName, numBits: number): Column {
  return fnExpr("shiftleft", toExpr(col), litExpr(numBits));
}
/** Deprecated alias of `shiftleft`. */
export function shiftLeft(col: ColumnOrName, numBits: number): Column {
  return shiftleft(col, numBits);
}
/** Bitwise signed right shift by `numBits`. */
export function shiftright(col: ColumnOrName, numBits: number): Column {
  return fnExpr("shiftright", toExpr(col), litExpr(numBits));
}
/** Deprecated alias of `shiftright`. */
export function shiftRight(col: ColumnOrName, numBits: number): Column {
  return shiftright(col, numBits);
}
/** Bitwise unsigned right shift by `numBits`. */
export function shiftrightunsigned(col: ColumnOrName, numBits: number): Column {
  return fnExpr("shiftrightunsigned", toExpr(col), litExpr(numBits));
}
/** Deprecated alias of `shiftrightunsigned`. */
export function shiftRightUnsigned(col: ColumnOrName, numBits: number): Column {
  return shiftrightunsigned(col, numBits);
}
/** Sign of the value as -1.0, 0.0 or 1.0 (displayed `sign(x)`). */
export function sign(col: ColumnOrName): Column {
  return fn("sign", col);
}
/** Sign of the value as -1.0, 0.0 or 1.0. */
export function signum(col: ColumnOrName): Column {
  return fn("signum", col);
}
/** Sine. */
export function sin(col: ColumnOrName): Column {
  return fn("sin", col);
}
/** Hyperbolic sine. */
export function sinh(col: ColumnOrName): Column {
  return fn("sinh", col);
}
/** Square root. */
export function sqrt(col: ColumnOrName): Column {
  return fn("sqrt", col);
}
/** Tangent. */
export function tan(col: ColumnOrName): Column {
  return fn("tan", col);
}
/** Hyperbolic tangent. */
export function tanh(col: ColumnOrName): Column {
  return fn("tanh", col);
}
/** Deprecated alias of `degrees`. */
export function toDegrees(col: ColumnOrName): Column {
  return degrees(col);
}
/** Deprecated alias of `radians`. */
export function toRadians(col: ColumnOrName): Column {
  return radians(col);
}
/** `left + right`, NULL on overflow. */
export function try_add(left: ColumnOrName, right: ColumnOrName): Column {
  return fn("try_add", left, right);
}
/** `left / right`, NULL when `right` is 0. */
export function try_divide(left: ColumnOrName, right: ColumnOrName): Column {
  return fn("try_divide", left, right);
}
/** `left % right`, NULL when `right` is 0. */
export function try_mod(left: ColumnOrName, right: ColumnOrName): Column {
  return fn("try_mod", left, right);
}
/** `left * right`, NULL on overflow. */
export function try_multiply(left: ColumnOrName, right: ColumnOrName): Column {
  return fn("try_multiply", left, right);
}
/** `left - right`, NULL on overflow. */
export function try_subtract(left: ColumnOrName, right: ColumnOrName): Column {
  return fn("try_subtract", left, right);
}
/** Bytes from a hex string. */
export function unhex(col: ColumnOrName): Column {
  return fn("unhex", col);
}
/** The equi-width histogram bucket of `v` between `min` and `max` with `numBucket` buckets. */
export function width_bucket(
  v: ColumnOrName,
  min: ColumnOrName,
  max: ColumnOrName,
  numBucket: ColumnOrName | number,
): Column {
  return fnExpr("width_bucket", toExpr(v), toExpr(min), toExpr(max), numOrCol(numBucket));
}
/** `bitmap_bit_position(col)`: the bit position of a value within its bitmap bucket. */
export function bitmap_bit_position(col: ColumnOrName): Column {
  return fn("bitmap_bit_position", col);
}
/** `bitmap_bucket_number(col)`: the bitmap bucket of a value. */
export function bitmap_bucket_number(col: ColumnOrName): Column {
  return fn("bitmap_bucket_number", col);
}
/** `bitmap_count(col)`: the number of set bits in a bitmap. */
export function bitmap_count(col: ColumnOrName): Column {
  return fn("bitmap_count", col);
}
