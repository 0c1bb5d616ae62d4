/**
 * Exact decimal helpers on unscaled bigints (a decimal(p, s) value v is stored as v × 10^s, see
 * values.ts): rescaling with Java's rounding modes, precision checks, plain-string rendering and
 * parsing. Pure functions; powers of ten are cached so per-row calls do not recompute them.
 */

/** Java `RoundingMode`s Spark uses for decimals. */
export type RoundingMode = "HALF_UP" | "HALF_EVEN" | "HALF_DOWN" | "FLOOR" | "CEILING" | "DOWN" | "UP";

const POW10: bigint[] = [1n];

/** 10^n as a bigint (n ≥ 0), cached. */
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p !== undefined) return p;
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  p = POW10[n]!;
  return p;
}

/**
 * Divides `num` by the positive `den` and rounds the quotient with `mode` (exact: no floating
 * point). The building block for rescaling, decimal division and round/bround.
 */
export function divRound(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num - q * den;
  if (r === 0n) return q;
  const neg = num < 0n;
  const absR2 = (r < 0n ? -r : r) * 2n;
  let awayFromZero: boolean;
  switch (mode) {
    case "DOWN":
      awayFromZero = false;
      break;
    case "UP":
      awayFromZero = true;
      break;
    case "FLOOR":
      awayFromZero = neg;
      break;
    case "CEILING":
      awayFromZero = !neg;
      break;
    case "HALF_UP":
      awayFromZero = absR2 >= den;
      break;
    case "HALF_DOWN":
      awayFromZero = absR2 > den;
      break;
    case "HALF_EVEN":
      awayFromZero = absR2 > den || (absR2 === den && (q & 1n) !== 0n);
      break;
  }
  if (!awayFromZero) return q;
  return neg ? q - 1n : q + 1n;
}

/** Changes the scale of an unscaled value, rounding with `mode` when digits are dropped. */
export function rescale(
  unscaled: bigint,
  fromScale: number,
  toScale: number,
  mode: RoundingMode = "HALF_UP",
): bigint {
  if (toScale === fromScale) return unscaled;
  if (toScale > fromScale) return unscaled * pow10(toScale - fromScale);
  return divRound(unscaled, pow10(fromScale - toScale), mode);
}

/** True when the unscaled value has at most `precision` digits. */
export function fitsPrecision(unscaled: bigint, precision: number): boolean {
  const bound = pow10(precision);
  return unscaled < bound && unscaled > -bound;
}

/** Number of decimal digits of the unscaled value (0 has precision 1), as Java's `BigDecimal.precision`. */
export function digitCount(unscaled: bigint): number {
  if (unscaled < 0n) unscaled = -unscaled;
  return unscaled === 0n ? 1 : unscaled.toString().length;
}

/** Plain decimal text (`BigDecimal.toPlainString`): `-1.50` for (-150, 2); negative scales append zeros. */
export function decimalToString(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (scale === 0 ? unscaled : unscaled * pow10(-scale)).toString();
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString();
  if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return `${neg ? "-" : ""}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** A parsed decimal literal: unscaled value, scale and precision (as Java's `new BigDecimal(text)`). */
export interface ParsedDecimal {
  readonly unscaled: bigint;
  readonly scale: number;
  readonly precision: number;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses decimal text (`12.50`, `-1e3`, `.5`), trimming whitespace; undefined when malformed.
 * Exponents give a negative scale as Java does (`1e3` → unscaled 1, scale -3).
 */
export function parseDecimal(text: string): ParsedDecimal | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const intPart = m[2] ?? "";
  const fracPart = m[3] ?? "";
  if (intPart === "" && fracPart === "") return undefined;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isFinite(exp)) return undefined;
  const digits = (intPart + fracPart).replace(/^0+(?=\d)/, "");
  let unscaled = BigInt(digits === "" ? "0" : digits);
  if (m[1] === "-") unscaled = -unscaled;
  const scale = fracPart.length - exp;
  return { unscaled, scale, precision: digitCount(unscaled) };
}

/**
 * Converts a parsed or computed (unscaled, scale) to decimal(precision, targetScale) with HALF_UP
 * rounding, as Spark's `Decimal.changePrecision`; undefined when it does not fit.
 */
export function toPrecision(
  unscaled: bigint,
  scale: number,
  precision: number,
  targetScale: number,
  mode: RoundingMode = "HALF_UP",
): bigint | undefined {
  const v = rescale(unscaled, scale, targetScale, mode);
  return fitsPrecision(v, precision) ? v : undefined;
}

/** The nearest double to a decimal value (exact text → Number). */
export function decimalToDouble(unscaled: bigint, scale: number): number {
  if (scale === 0) return Number(unscaled);
  return Number(decimalToString(unscaled, scale));
}

/**
 * A double as an exact-enough decimal the way Spark's `Decimal(double)` builds it (from Java's
 * shortest `Double.toString` digits); undefined for NaN and infinities.
 */
export function decimalFromDouble(d: number): ParsedDecimal | undefined {
  if (!Number.isFinite(d)) return undefined;
  return parseDecimal(String(d));
}
