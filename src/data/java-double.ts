/**
 * Java 17's `Double.toString` / `Float.toString`, digit for digit. Spark 4 casts DOUBLE and FLOAT
 * to STRING with these, and its docs and golden files were produced on Java 17, whose digit
 * generator (FloatingDecimal, before the JDK 19 Schubfach rewrite, JDK-4511638) is not the
 * shortest round-trip one that JavaScript uses: `2e23` prints `1.9999999999999998E23`, `2^62`
 * prints `4.6116860184273879E18`, `Double.MIN_VALUE` prints `4.9E-324`.
 *
 * How the old generator works (re-derived here with exact BigInt arithmetic):
 *
 *     v = f · 2^e (f the significand, normalized so its top bit is bit 52)
 *     if v is an integer below 2^63:            -- "long digits" path
 *         print its decimal digits, but first round away the last k digits, where k is the number
 *         of decimal digits "insignificant" for 2^(e - nSig - 1) (for doubles k = 0 below 2^58,
 *         so 2^62 keeps 17 of its 19 digits); strip trailing zeros
 *     else:                                     -- Steele & White free-format loop
 *         k  = floor(estimate of log10 v) (a tangent-line estimate, may be one too high)
 *         B/S = v / 10^k exactly; M = half an ulp on the same scale (a quarter ulp for 2^n)
 *         emit digits q = B div S, B = 10·(B mod S), M = 10·M, until
 *             low  = B < M            (truncating here stays strictly inside the interval)
 *             high = B + M > 10·S     (rounding up here stays inside; ≥ in the big loop)
 *         (a leading 0 digit lowers k unless `high` already holds; in E-notation, the first
 *         digit never stops the loop); if high and low, round to the nearer, ties to an even
 *         digit; if only high, round up (a carry out of all 9s gives 1 and k + 1)
 *
 * The interval is symmetric and open (the big-number loop closes it at the top), so values whose
 * shortest digits sit exactly on a rounding boundary (1e23) get one more digit than JavaScript's.
 * Three arithmetic widths are used for the loop depending on estimated sizes (32-bit, 64-bit,
 * big); the narrow ones can overflow (`3.2499999999999995E25` where the nearer `…96` exists) and
 * this module reproduces their wrap-around bit for bit. Module-level scratch buffers are reused
 * across calls; nothing in them outlives a call (JavaScript is single-threaded here).
 *
 * Fast path: `String(d)` is used when it provably gives the same digits (see `shortestIsJava`).
 */

const TWO52 = 2 ** 52;
const TWO32 = 2 ** 32;

/** Bit length of 5^i for 1 ≤ i ≤ 26 (0 for i = 0), as Java sizes its arithmetic; 3·i beyond. */
const N5_BITS: readonly number[] = Array.from({ length: 27 }, (_, i) =>
  i === 0 ? 0 : (5n ** BigInt(i)).toString(2).length,
);

function n5Bits(i: number): number {
  return i < 27 ? (N5_BITS[i] as number) : i * 3;
}

const POW5: bigint[] = [1n];
function pow5(i: number): bigint {
  for (let j = POW5.length; j <= i; j++) POW5.push((POW5[j - 1] as bigint) * 5n);
  return POW5[i] as bigint;
}

/** Exact 5^i as a number for i ≤ 22 (exactly representable). */
const POW5_NUM: readonly number[] = Array.from({ length: 23 }, (_, i) => 5 ** i);

/** Exact powers of two for the fixed-width loops' shift counts. */
const POW2: readonly number[] = Array.from({ length: 80 }, (_, i) => 2 ** i);

/** floor(log10(2^p)) for p < 64. */
const LOG10_POW2: readonly number[] = Array.from(
  { length: 64 },
  (_, p) => (2n ** BigInt(p)).toString().length - 1,
);

/** Decimal digits "insignificant" for 2^p2: floor(log10(2^p2)) for 2 ≤ p2 < 64, else 0. */
function insignificantDigitsForPow2(p2: number): number {
  return p2 > 1 && p2 < 64 ? (LOG10_POW2[p2] as number) : 0;
}

/** Number of trailing zero bits of a positive integer below 2^53. */
function trailingZeros(x: number): number {
  const lo = x % TWO32;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Math.floor(x / TWO32);
  return 63 - Math.clz32(hi & -hi);
}

/** Java's tangent-line estimate of floor(log10(v)); never too low, sometimes one too high. */
function estimateDecExp(fract: number, binExp: number): number {
  const d2 = 1 + (fract - TWO52) / TWO52;
  return Math.floor((d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981);
}

/** Scaling exponents shared by the exact generator and the fast-path safety check. */
interface Scaling {
  decExp: number;
  b2: number;
  b5: number;
  s2: number;
  s5: number;
  m2: number;
  nFractBits: number;
  /** The significand with its trailing zero bits shifted out. */
  f: number;
}

const scaling: Scaling = { decExp: 0, b2: 0, b5: 0, s2: 0, s5: 0, m2: 0, nFractBits: 0, f: 0 };

/** Fills `scaling` for a non-integer value (or an integer at or above 2^63). */
function computeScaling(
  fract: number,
  binExp: number,
  nSig: number,
  tailZeros: number,
  nTinyBits: number,
): void {
  const nFractBits = 53 - tailZeros;
  const decExp = estimateDecExp(fract, binExp);
  const b5 = Math.max(0, -decExp);
  let b2 = b5 + nTinyBits + binExp;
  const s5 = Math.max(0, decExp);
  let s2 = s5 + nTinyBits;
  let m2 = b2 - nSig;
  b2 -= nFractBits - 1;
  const common = Math.min(b2, s2);
  b2 -= common;
  s2 -= common;
  m2 -= common;
  // An exact power of two: the gap below is half the gap above; both sides use the smaller one.
  if (nFractBits === 1) m2 -= 1;
  if (m2 < 0) {
    b2 -= m2;
    s2 -= m2;
    m2 = 0;
  }
  scaling.decExp = decExp;
  scaling.b2 = b2;
  scaling.b5 = b5;
  scaling.s2 = s2;
  scaling.s5 = s5;
  scaling.m2 = m2;
  scaling.nFractBits = nFractBits;
  scaling.f = fract / 2 ** tailZeros;
}

/** Scratch space for generated digits (at most about 20 are ever produced). */
const buf = new Uint8Array(64);
const DIGITS: readonly string[] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Digits (no leading or, except after a carry, trailing zeros) and the decimal exponent. */
interface JavaDigits {
  digits: string;
  /** The value is 0.digits × 10^decExponent. */
  decExponent: number;
}

/**
 * The old FloatingDecimal digit generator. `fract` is the significand with its top bit at bit 52
 * (floats are shifted up by 29), `binExp` the unbiased binary exponent of that top bit and `nSig`
 * the number of significant bits of the format (53, 24, or fewer for subnormals).
 */
function generateDigits(fract: number, binExp: number, nSig: number): JavaDigits {
  const tailZeros = trailingZeros(fract);
  const nFractBits = 53 - tailZeros;
  const nTinyBits = Math.max(0, nFractBits - binExp - 1);
  if (nTinyBits === 0 && binExp <= 62) return longDigits(fract, binExp, nSig);
  computeScaling(fract, binExp, nSig, tailZeros, nTinyBits);
  const { b2, b5, s2, s5, m2, f } = scaling;
  let decExp = scaling.decExp;
  const bBits = nFractBits + b2 + n5Bits(b5);
  const tenSBits = s2 + 1 + n5Bits(s5 + 1);
  let n = 0;
  let low: boolean;
  let high: boolean;
  let lowDigitDifference: number;
  // Java resets the stop flags after the first digit in E-notation (decExp < -3 or >= 8 here):
  // at least two digits are always generated there.
  if (bBits < 32 && tenSBits < 32) {
    // 32-bit arithmetic, wrapping like Java's int.
    let b = (f * POW5_NUM[b5]! * POW2[b2]!) | 0;
    const s = (POW5_NUM[s5]! * POW2[s2]!) | 0;
    let m = (POW5_NUM[b5]! * POW2[m2]!) | 0;
    const tens = Math.imul(s, 10);
    let q = (b / s) | 0;
    b = Math.imul(10, b % s);
    m = Math.imul(m, 10);
    low = b < m;
    high = ((b + m) | 0) > tens;
    if (q === 0 && !high) decExp--;
    else buf[n++] = q;
    if (decExp < -3 || decExp >= 8) high = low = false;
    while (!low && !high) {
      q = (b / s) | 0;
      b = Math.imul(10, b % s);
      m = Math.imul(m, 10);
      if (m > 0) {
        low = b < m;
        high = ((b + m) | 0) > tens;
      } else {
        low = high = true;
      }
      buf[n++] = q;
    }
    lowDigitDifference = ((b << 1) - tens) | 0;
  } else if (bBits < 64 && tenSBits <= 50 && nSig >= 24) {
    // Java's 64-bit loop, but small enough to run exactly in doubles: the first steps' M is tiny
    // (at most 100·S·2^-23 with 24 significant bits) and before any later last step M ≤ 10·S / 2,
    // so every B, M and B + M stays below 6·10·S < 2^53 and nothing can wrap.
    let b = f * POW5_NUM[b5]! * POW2[b2]!;
    const s = POW5_NUM[s5]! * POW2[s2]!;
    let m = POW5_NUM[b5]! * POW2[m2]! * 10;
    const tens = s * 10;
    let q = Math.floor(b / s);
    b -= q * s;
    if (b < 0) {
      q--;
      b += s;
    }
    b *= 10;
    low = b < m;
    high = b + m > tens;
    if (q === 0 && !high) decExp--;
    else buf[n++] = q;
    if (decExp < -3 || decExp >= 8) high = low = false;
    while (!low && !high) {
      q = Math.floor(b / s);
      b -= q * s;
      if (b < 0) {
        q--;
        b += s;
      }
      b *= 10;
      m *= 10;
      low = b < m;
      high = b + m > tens;
      buf[n++] = q;
    }
    lowDigitDifference = 2 * b - tens;
  } else if (bBits < 64 && tenSBits < 64) {
    // 64-bit arithmetic, wrapping like Java's long.
    let b = (BigInt(f) * pow5(b5)) << BigInt(b2);
    const s = pow5(s5) << BigInt(s2);
    let m = pow5(b5) << BigInt(m2);
    const tens = s * 10n;
    let q = Number(b / s);
    b = 10n * (b % s);
    m = BigInt.asIntN(64, m * 10n);
    low = b < m;
    high = BigInt.asIntN(64, b + m) > tens;
    if (q === 0 && !high) decExp--;
    else buf[n++] = q;
    if (decExp < -3 || decExp >= 8) high = low = false;
    while (!low && !high) {
      q = Number(b / s);
      b = 10n * (b % s);
      m = BigInt.asIntN(64, m * 10n);
      if (m > 0n) {
        low = b < m;
        high = BigInt.asIntN(64, b + m) > tens;
      } else {
        low = high = true;
      }
      buf[n++] = q;
    }
    lowDigitDifference = Number(BigInt.asIntN(64, (b << 1n) - tens));
  } else {
    // Arbitrary precision: exact.
    let b = (BigInt(f) * pow5(b5)) << BigInt(b2);
    const s = pow5(s5) << BigInt(s2);
    let m = (pow5(b5) << BigInt(m2)) * 10n;
    const tens = s * 10n;
    let q = Number(b / s);
    b = 10n * (b % s);
    // Unlike the fixed-width loops, this one accepts rounding up onto the upper boundary.
    low = b < m;
    high = b + m >= tens;
    if (q === 0 && !high) decExp--;
    else buf[n++] = q;
    if (decExp < -3 || decExp >= 8) high = low = false;
    while (!low && !high) {
      q = Number(b / s);
      b = 10n * (b % s);
      m *= 10n;
      low = b < m;
      high = b + m >= tens;
      buf[n++] = q;
    }
    const twice = b << 1n;
    lowDigitDifference = high && low ? (twice > tens ? 1 : twice < tens ? -1 : 0) : 0;
  }
  let decExponent = decExp + 1;
  if (high && (!low || lowDigitDifference > 0 || (lowDigitDifference === 0 && (buf[n - 1]! & 1) !== 0))) {
    // Round the last digit up; a carry out of all 9s leaves "10…0" one decade higher.
    let i = n - 1;
    while (i > 0 && buf[i] === 9) buf[i--] = 0;
    if (buf[i] === 9) {
      buf[i] = 1;
      decExponent++;
    } else {
      buf[i] = buf[i]! + 1;
    }
  }
  let digits = "";
  for (let i = 0; i < n; i++) digits += DIGITS[buf[i]!];
  return { digits, decExponent };
}

/** Integers below 2^63: exact digits, minus a few rounded-away low digits above 2^54. */
function longDigits(fract: number, binExp: number, nSig: number): JavaDigits {
  const insignificant = binExp > nSig ? insignificantDigitsForPow2(binExp - nSig - 1) : 0;
  if (binExp < 53) {
    // Exact in doubles.
    let v = fract / 2 ** (52 - binExp);
    if (insignificant !== 0) {
      const pow10 = 10 ** insignificant;
      const residue = v % pow10;
      v = (v - residue) / pow10;
      if (residue >= pow10 / 2) v++;
    }
    const str = String(v);
    let stop = str.length;
    while (stop > 1 && str.charCodeAt(stop - 1) === 48) stop--;
    return { digits: str.slice(0, stop), decExponent: str.length + insignificant };
  }
  let value = BigInt(fract) << BigInt(binExp - 52);
  if (insignificant !== 0) {
    const pow10 = 10n ** BigInt(insignificant);
    const residue = value % pow10;
    value /= pow10;
    if (residue >= pow10 >> 1n) value++;
  }
  const s = value.toString();
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
  return { digits: s.slice(0, end), decExponent: s.length + insignificant };
}

/** Java's layout of digits 0.d1d2… × 10^decExponent: plain for 10^-3 ≤ v < 10^7, else E-notation. */
function layout(negative: boolean, digits: string, decExponent: number): string {
  const sign = negative ? "-" : "";
  const n = digits.length;
  if (decExponent > 0 && decExponent < 8) {
    if (n <= decExponent) return `${sign}${digits}${"0".repeat(decExponent - n)}.0`;
    return `${sign}${digits.slice(0, decExponent)}.${digits.slice(decExponent)}`;
  }
  if (decExponent <= 0 && decExponent > -3) return `${sign}0.${"0".repeat(-decExponent)}${digits}`;
  const frac = n > 1 ? digits.slice(1) : "0";
  return `${sign}${digits[0]}.${frac}E${decExponent - 1}`;
}

const view = new DataView(new ArrayBuffer(8));

/** Java 17's `Double.toString` computed without any shortcut (exported for tests). */
export function exactJavaDoubleString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Number.POSITIVE_INFINITY) return "Infinity";
  if (d === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (hi & 0xfffff) * TWO32 + lo;
  let r: JavaDigits;
  if (biased === 0) {
    // Subnormal: normalize, and count only the bits actually present.
    const top = hi & 0xfffff;
    const bits = top !== 0 ? 64 - Math.clz32(top) : 32 - Math.clz32(lo);
    const shift = 53 - bits;
    r = generateDigits(fraction * 2 ** shift, 1 - shift - 1023, bits);
  } else {
    r = generateDigits(fraction + TWO52, biased - 1023, 53);
  }
  return layout(d < 0, r.digits, r.decExponent);
}

/** Java 17's `Float.toString` computed without any shortcut (exported for tests). */
export function exactJavaFloatString(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Number.POSITIVE_INFINITY) return "Infinity";
  if (f === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (f === 0) return Object.is(f, -0) ? "-0.0" : "0.0";
  view.setFloat32(0, f);
  const bitsAll = view.getUint32(0);
  const biased = (bitsAll >>> 23) & 0xff;
  const fraction = bitsAll & 0x7fffff;
  let r: JavaDigits;
  if (biased === 0) {
    const bits = 32 - Math.clz32(fraction);
    const shift = 24 - bits;
    r = generateDigits(fraction * 2 ** (shift + 29), 1 - shift - 127, bits);
  } else {
    r = generateDigits((fraction + 0x800000) * 2 ** 29, biased - 127, 24);
  }
  return layout(f < 0, r.digits, r.decExponent);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Index of the high word of a double in `u32` (platform byte order). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;
/** 10·5^i as a double (exact up to i = 21, close enough beyond for a threshold test). */
const TEN5: readonly number[] = Array.from({ length: 28 }, (_, i) => 10 * 5 ** i);
/** Java strings of ±2^k for negative k, filled on first use (exponent + 1074 → string). */
const powerOfTwoCache: (string | undefined)[] = [];

/**
 * Whether nothing can wrap in Java's fixed-width loop for a normal double with a non-zero fraction
 * (`top`: high 20 fraction bits, `lo`: low 32), the arithmetic half of the fast-path proof.
 *
 * The proof: the loop above is Steele & White's free-format generator. It stops at the first
 * length n where one of the two n-digit neighbours of v lies inside (v − ½ulp, v + ½ulp) and takes
 * the nearer one, ties to an even digit — the shortest, nearest digits JavaScript prints — unless
 *  (a) a candidate lies exactly on a boundary (2m ± 1)·2^(e−1): JavaScript accepts both for even
 *      m, Java rejects the lower always and the upper in the fixed-width loops only;
 *  (b) the significand is a power of two (Java narrows both sides to the smaller gap);
 *  (c) fixed-width arithmetic wraps;
 *  (d) E-notation forces a second digit: harmless for normal doubles, where ½ulp is far below
 *      that digit's unit, so Java only appends the 0 that JavaScript leaves out.
 * Below 2^53, (a) is impossible: a boundary with e ≤ −1 has exactly 1 − e fraction digits and at
 * least 18 significant ones (integers take Java's exact integer path, and their shortest digits are
 * their own). From 2^63 up the callers test (a) on the digits. For (c): doubles never use the
 * 32-bit loop (B ≥ 2^53·M); in the 64-bit loop, before the last step M ≤ 10·S/2 held, so the last
 * step's M ≤ 5·(10·S) and B + M < 6·(10·S): nothing wraps when 10·S < 2^63 / 6.
 */
function shortestIsJava(top: number, lo: number, binExp: number): boolean {
  const tailZeros =
    lo !== 0 ? 31 - Math.clz32(lo & -lo) : 63 - Math.clz32((top | 0x100000) & -(top | 0x100000));
  const nFractBits = 53 - tailZeros;
  const nTinyBits = Math.max(0, nFractBits - binExp - 1);
  // Same estimate as estimateDecExp, with 1.fraction built directly from the bits.
  u32[HI] = top | 0x3ff00000;
  u32[LO] = lo;
  const decExp = Math.floor((f64[0]! - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981);
  const b5 = Math.max(0, -decExp);
  const s5 = Math.max(0, decExp);
  let b2 = b5 + nTinyBits + binExp - nFractBits + 1;
  let s2 = s5 + nTinyBits;
  let m2 = b5 + nTinyBits + binExp - 53;
  const common = Math.min(b2, s2);
  b2 -= common;
  s2 -= common;
  m2 -= common;
  if (m2 < 0) {
    b2 -= m2;
    s2 -= m2;
  }
  if (nFractBits + b2 + n5Bits(b5) >= 64) return true;
  const tenSBits = s2 + 1 + n5Bits(s5 + 1);
  return tenSBits >= 64 || tenSBits <= 60 || TEN5[s5]! * POW2[s2]! < 1.5e18;
}

/**
 * For |v| ≥ 2^63 (always the exact big-number loop): whether JavaScript's shortest digits
 * `digits`·10^x avoid the rounding boundaries (2m ± 1)·2^(e−1), the only place where they can
 * differ from Java's (see `shortestIsJava`). A boundary has exactly e − 1 factors of two, so the
 * candidate must too; checked on the digits only when the count of twos could match.
 */
function largeShortestIsJava(mant: string, exp10: number, binExp: number): boolean {
  const digits = mant.length > 1 ? mant.replace(".", "") : mant;
  const twos = binExp - 53 - (exp10 - (digits.length - 1));
  if (twos < 0 || twos > 57) return true;
  const n = BigInt(digits);
  const pow = 1n << BigInt(twos);
  return n % pow !== 0n || ((n / pow) & 1n) === 0n;
}

/**
 * For |v| ≥ 2^63: whether the upper boundary (2m + 1)·2^(e−1) has more than 17 significant digits,
 * so that the big-number loop (which, unlike JavaScript for odd m, accepts a candidate on it) cannot
 * stop there. It has at least exp10 + 1 − 17 trailing decimal zeros only if 5^(exp10 − 17) divides
 * 2m + 1 (the twos are plentiful: e − 1 ≥ 10).
 */
function upperBoundaryIsLong(top: number, lo: number, exp10: number): boolean {
  const k = exp10 - 17;
  if (k > 23) return true; // 2m + 1 < 2^54 < 5^24
  // 2^32 ≡ 1 (mod 5): a cheap first filter before the exact test.
  if ((2 * ((top + 0x100000 + lo) % 5) + 1) % 5 !== 0) return true;
  const odd = ((BigInt(top + 0x100000) << 32n) | BigInt(lo)) * 2n + 1n;
  return odd % 5n ** BigInt(k) !== 0n;
}

/** Java's layout applied to JavaScript's shortest digits for 10^-3 ≤ |d| < 10^7. */
function plainLayout(d: number): string {
  const s = String(d);
  return s.includes(".") ? s : `${s}.0`;
}

/** Java's E-notation from `toExponential()` parts. */
function scientificLayout(mant: string, exp: number): string {
  return mant.includes(".") ? `${mant}E${exp}` : `${mant}.0E${exp}`;
}

/**
 * Java 17's `Double.toString(d)`: `1.0`, `0.001`, `1.0E-4`, `1.2345678E7`, `-0.0`, `NaN`,
 * `-Infinity`, with Java 17's (not always shortest) digits. Pure and deterministic.
 */
export function javaDoubleString(d: number): string {
  f64[0] = d;
  const hi = u32[HI]!;
  const lo = u32[LO]!;
  const biased = (hi >>> 20) & 0x7ff;
  const binExp = biased - 1023;
  const top = hi & 0xfffff;
  if (biased === 0 || biased === 0x7ff) return exactJavaDoubleString(d);
  const abs = d < 0 ? -d : d;
  if (binExp < 53) {
    if ((top | lo) === 0 && binExp < 0) {
      const key = (binExp + 1074) * 2 + (d < 0 ? 1 : 0);
      const hit = powerOfTwoCache[key];
      if (hit !== undefined) return hit;
      const s = exactJavaDoubleString(d);
      powerOfTwoCache[key] = s;
      return s;
    }
    // Integers (and the (top|lo) === 0 powers of two ≥ 1 among them) take Java's exact integer path.
    if (Number.isInteger(d) || shortestIsJava(top, lo, binExp)) {
      if (abs >= 1e-3 && abs < 1e7) return plainLayout(d);
      const e = d.toExponential();
      const at = e.indexOf("e");
      return scientificLayout(e.slice(0, at), Number(e.slice(at + 1)));
    }
  } else if (binExp >= 63 && (top | lo) !== 0) {
    const e = d.toExponential();
    const at = e.indexOf("e");
    const mant = e.slice(0, at);
    const exp10 = Number(e.slice(at + 1));
    if (
      shortestIsJava(top, lo, binExp) &&
      largeShortestIsJava(d < 0 ? mant.slice(1) : mant, exp10, binExp) &&
      upperBoundaryIsLong(top, lo, exp10)
    )
      return scientificLayout(mant, exp10);
  }
  return exactJavaDoubleString(d);
}

/**
 * Java 17's `Float.toString(f)` for a float value (a double already rounded with `Math.fround`):
 * `0.1`, `1.0E10`, `9.6599998E10`, `3.4028235E38`. Always the exact generator, which for floats
 * mostly runs in 32-bit or small 64-bit arithmetic and is cheap. Pure and deterministic.
 */
export function javaFloatString(f: number): string {
  return exactJavaFloatString(f);
}
