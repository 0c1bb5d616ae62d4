/**
 * `java.util.Random` (the documented 48-bit linear congruential generator) in plain JS numbers:
 * the same seed gives the same draws as Java, which is what makes the Nexmark generator
 * reproduce Beam's events (Beam seeds one `new Random(eventId)` per event).
 *
 * The 48-bit state is kept as two 24-bit halves, stepped with 32-bit integer operations only
 * (see carryOf), so no BigInt and no float is needed on the hot path:
 *
 *     state' = (state · 0x5DEECE66D + 0xB) mod 2^48
 *     next(bits) = state' >>> (48 − bits)
 *
 * One instance is reseeded for every event (`setSeedHalves`, the seed stepped by the caller), so
 * generating events allocates nothing.
 */

const TWO_24 = 16777216;
const INV_TWO_24 = 1 / TWO_24;
/** Low and high 24-bit halves of the multiplier 0x5DEECE66D. */
const MUL_LO = 0xece66d;
const MUL_HI = 0x5de;
const INT_MAX = 2147483647;
/** MUL_LO in 12-bit halves, for the carry in integer arithmetic. */
const MUL_LO_HI12 = 0xece;
const MUL_LO_LO12 = 0x66d;
const TWO_48 = 281474976710656;

/** A `java.util.Random` whose draws match Java's bit for bit. */
export class JavaRandom {
  private lo = 0;
  private hi = 0;

  /** `new Random(seed)`; `seed` is a safe integer (reduced mod 2^48, as Java keeps only 48 bits). */
  constructor(seed = 0) {
    this.setSeed(seed);
  }

  /** Java's `setSeed`: state = (seed XOR 0x5DEECE66D) mod 2^48. Any safe integer, negatives included. */
  setSeed(seed: number): void {
    let s = seed % TWO_48;
    if (s < 0) s += TWO_48;
    const hi = Math.floor(s * INV_TWO_24);
    const lo = s - hi * TWO_24;
    // Both halves stay small ints (V8 keeps them as tagged small integers, no boxing).
    this.lo = lo ^ MUL_LO;
    this.hi = hi ^ MUL_HI;
  }

  /**
   * `setSeed(hi · 2^24 + lo)` for a seed already reduced to 48 bits, given as its 24-bit halves
   * (0 ≤ lo, hi < 2^24): no division, for callers that step seeds incrementally.
   */
  setSeedHalves(lo: number, hi: number): void {
    this.lo = lo ^ MUL_LO;
    this.hi = hi ^ MUL_HI;
  }

  /** Advances the state once. */
  private step(): void {
    const lo = this.lo;
    this.hi = (Math.imul(this.hi, MUL_LO) + Math.imul(lo, MUL_HI) + carryOf(lo)) & 0xffffff;
    this.lo = (Math.imul(lo, MUL_LO) + 0xb) & 0xffffff;
  }

  /** Java's `next(31)`: a uniform integer in [0, 2^31). */
  next31(): number {
    this.step();
    // hi < 2^24 and lo < 2^24, so the shifts stay within int32 (cheap integer ops).
    return (this.hi << 7) | (this.lo >>> 17);
  }

  /** Java's `nextInt()`: a uniform signed 32-bit integer. */
  nextInt(): number {
    this.step();
    return (this.hi << 8) | (this.lo >>> 16);
  }

  /** Java's `nextInt(bound)` (bound a positive int), with its rejection loop for non-powers of two. */
  nextIntBounded(bound: number): number {
    let r = this.next31();
    const m = bound - 1;
    // A power of two 2^k: Java's (bound · r) >> 31, i.e. the top k bits of r (clz32(2^k) = 31 − k).
    if ((bound & m) === 0) return r >>> Math.clz32(bound);
    let u = r;
    // Java retries while u − r + m overflows an int (the top partial block would bias the result):
    // u − r + m > 2^31 − 1, compared as u − r > 2^31 − 1 − m so every operand stays an int32.
    const limit = INT_MAX - m;
    for (r = u % bound; u - r > limit; r = u % bound) u = this.next31();
    return r;
  }

  /** Java's `nextDouble()`: 53 random bits (26 + 27) scaled to [0, 1). */
  nextDouble(): number {
    this.step();
    const a = (this.hi << 2) | (this.lo >>> 22);
    this.step();
    const b = (this.hi << 3) | (this.lo >>> 21);
    return (a * 134217728 + b) / 9007199254740992;
  }

  /**
   * Nexmark's random-string draws into `out[0 … length)`: per char `nextInt(13) == 0` gives
   * `special` (a char code), else `'a' + nextInt(26)`. The same draws as calling nextIntBounded
   * in that order, with the state in locals (this loop dominates auction generation).
   */
  nextLetters(out: number[] | Uint8Array, length: number, special: number): void {
    let lo = this.lo;
    let hi = this.hi;
    // Both draws unrolled with constant bounds, so `%` compiles to multiplications.
    for (let i = 0; i < length; i++) {
      let u: number;
      let r: number;
      do {
        hi = (Math.imul(hi, MUL_LO) + Math.imul(lo, MUL_HI) + carryOf(lo)) & 0xffffff;
        lo = (Math.imul(lo, MUL_LO) + 0xb) & 0xffffff;
        u = (hi << 7) | (lo >>> 17);
        r = u % 13;
      } while (u - r > INT_MAX - 12);
      if (r === 0) {
        out[i] = special;
        continue;
      }
      do {
        hi = (Math.imul(hi, MUL_LO) + Math.imul(lo, MUL_HI) + carryOf(lo)) & 0xffffff;
        lo = (Math.imul(lo, MUL_LO) + 0xb) & 0xffffff;
        u = (hi << 7) | (lo >>> 17);
        r = u % 26;
      } while (u - r > INT_MAX - 25);
      out[i] = 97 + r;
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** Java's `nextLong()` as a bigint: `(long) next(32) << 32` plus `next(32)` (sign-extended). */
  nextLong(): bigint {
    const a = BigInt(this.nextInt());
    const b = BigInt(this.nextInt());
    return BigInt.asIntN(64, (a << 32n) + b);
  }
}

/**
 * The carry out of the low half: floor((lo · MUL_LO + 0xB) / 2^24) for lo < 2^24, from 12-bit
 * partial products so every intermediate stays a 32-bit integer (no float round trip):
 *
 *     lo · M = a·c·2^24 + (a·d + b·c)·2^12 + b·d     with lo = a·2^12 + b, M = c·2^12 + d
 *
 * The state's next halves are then `hi' = (hi·M + lo·M_hi + carry) mod 2^24` and
 * `lo' = (lo·M + 0xB) mod 2^24`, whose low bits 32-bit wrapping products give exactly.
 */
function carryOf(lo: number): number {
  const a = lo >>> 12;
  const b = lo & 0xfff;
  const t = Math.imul(b, MUL_LO_LO12) + 0xb;
  const m = Math.imul(a, MUL_LO_LO12) + Math.imul(b, MUL_LO_HI12) + (t >>> 12);
  return Math.imul(a, MUL_LO_HI12) + (m >>> 12);
}
