/**
 * Fast exact conversion of short decimal text to a double, for the per-value paths of the CSV and
 * JSON readers: `[+-]digits[.digits]` with at most 15 digits in all is one exact integer divided
 * by an exact power of ten, a single correctly rounded operation, so the result is the double
 * `Number(text)` gives (Clinger's fast path). Anything else is left to the caller's general path.
 *
 *     "123.45" → 12345 / 100 = 123.45      "-0.0" → -0      "1e5", "1234567890123456" → undefined
 */

/** Exact powers of ten as doubles (10^22 is the largest). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The double of `s.slice(start, end)` when it is `[+-]?\d+(\.\d*)?` with at most 15 digits;
 * undefined otherwise (an exponent, more digits, a missing integer part, any other character).
 */
export function shortDecimalToDouble(s: string, start: number, end: number): number | undefined {
  let i = start;
  const c0 = s.charCodeAt(start);
  if (c0 === 45 || c0 === 43) i++;
  const intStart = i;
  let m = 0;
  let c = s.charCodeAt(i);
  while (i < end && c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    c = s.charCodeAt(++i);
  }
  let digits = i - intStart;
  if (digits === 0) return undefined;
  let scale = 0;
  if (i < end && c === 46) {
    c = s.charCodeAt(++i);
    while (i < end && c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      scale++;
      c = s.charCodeAt(++i);
    }
    digits += scale;
  }
  if (i !== end || digits > 15) return undefined;
  const v = scale === 0 ? m : m / (POW10[scale] as number);
  return c0 === 45 ? -v : v;
}
