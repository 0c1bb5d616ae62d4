/**
 * Spark's hash functions over internal values, bit-for-bit: Murmur3 x86_32 (`hash`, partitioning,
 * bucketing) and XXH64 (`xxhash64`, approx_count_distinct), with Spark's per-type encoding
 * (InterpretedHashFunction):
 *
 * | type                        | hashed as                                                      |
 * | --------------------------- | -------------------------------------------------------------- |
 * | null                        | skipped: the running hash passes through unchanged             |
 * | boolean                     | int 1 / 0                                                      |
 * | byte, short, int, date      | int                                                            |
 * | long, timestamp(_ntz)       | long                                                           |
 * | float                       | int bits (`-0.0` → `0.0`, NaN canonical)                       |
 * | double                      | long bits (`-0.0` → `0.0`, NaN canonical)                      |
 * | decimal(p ≤ 18)             | long of the unscaled value                                     |
 * | decimal(p > 18)             | bytes of the unscaled value (two's complement, big-endian)     |
 * | string, binary              | bytes (UTF-8 for strings)                                      |
 * | interval                    | micros (long), then days (int), then months (int)              |
 * | array / map / struct        | elements (map: key then value) folded left to right            |
 *
 * Murmur3 hashes bytes the way Spark's `hashUnsafeBytes` does (each trailing byte mixed as its own
 * signed int), which differs from the reference Murmur3 tail handling on purpose.
 */
import type { CalendarInterval, MapValue } from "../../data/values.js";
import type { DataType } from "../../types/data-type.js";

// ---- Murmur3 x86_32 ---------------------------------------------------------------------------

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k: number): number {
  let k1 = Math.imul(k, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  return Math.imul(k1, C2);
}

function mixH1(h: number, k1: number): number {
  let h1 = h ^ k1;
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

function fmix32(h: number, length: number): number {
  let h1 = h ^ length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

/** Spark's `Murmur3_x86_32.hashInt`. */
export function murmur3Int(input: number, seed: number): number {
  return fmix32(mixH1(seed, mixK1(input | 0)), 4);
}

/** Spark's `Murmur3_x86_32.hashLong` for a long held as number or bigint. */
export function murmur3Long(input: number | bigint, seed: number): number {
  if (typeof input === "number") {
    // Safe integers split exactly with float arithmetic, without a bigint or an array per row.
    const high = Math.floor(input / 4294967296);
    return murmur3LongHalves((input - high * 4294967296) | 0, high | 0, seed);
  }
  const [low, high] = longHalves(input);
  return murmur3LongHalves(low, high, seed);
}

/** Spark's `Murmur3_x86_32.hashUnsafeBytes` (Spark's own tail handling). */
export function murmur3Bytes(b: Uint8Array, seed: number): number {
  return murmur3BytesPrefix(b, b.length, seed);
}

/** `murmur3Bytes` of the first `len` bytes of `b`. */
function murmur3BytesPrefix(b: Uint8Array, len: number, seed: number): number {
  const aligned = len - (len % 4);
  let h1 = seed;
  for (let i = 0; i < aligned; i += 4) {
    const word = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    h1 = mixH1(h1, mixK1(word));
  }
  for (let i = aligned; i < len; i++) {
    const signed = (b[i]! << 24) >> 24;
    h1 = mixH1(h1, mixK1(signed));
  }
  return fmix32(h1, len);
}

// murmur3Utf8's scratch buffer: the UTF-8 bytes of the string being hashed (grown, never shrunk).
let utf8Scratch = new Uint8Array(256);

/**
 * `murmur3Bytes` of the UTF-8 encoding of `s` (as `TextEncoder` encodes it: a lone surrogate is
 * U+FFFD), without allocating: the bytes are written into a reused buffer. The per-row path of the
 * state partitioner hashes string keys through it.
 */
export function murmur3Utf8(s: string, seed: number): number {
  const n = s.length;
  // ASCII (the common key): the UTF-16 units are the bytes; hash them straight from the string.
  let h1 = seed;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 0x80) break;
    h1 = mixH1(h1, mixK1(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24)));
  }
  if (i + 4 > n) {
    let j = i;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x80) break;
    }
    if (j === n) {
      // Spark's tail: each remaining byte mixed as its own (here non-negative) int.
      for (; i < n; i++) h1 = mixH1(h1, mixK1(s.charCodeAt(i)));
      return fmix32(h1, n);
    }
  }
  return murmur3Utf8Encoded(s, seed);
}

/** murmur3Utf8 of a string that is not all ASCII: encoded into the reused byte buffer. */
function murmur3Utf8Encoded(s: string, seed: number): number {
  // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
  const need = s.length * 3;
  if (utf8Scratch.length < need) utf8Scratch = new Uint8Array(Math.max(need, utf8Scratch.length * 2));
  const { written } = utf8.encodeInto(s, utf8Scratch);
  return murmur3BytesPrefix(utf8Scratch, written, seed);
}

/** `murmur3Long(doubleBits(d))` without the bigint: Spark's `hash` of a double. */
export function murmur3Double(d: number, seed: number): number {
  if (d === 0) return murmur3LongHalves(0, 0, seed);
  if (Number.isNaN(d)) return murmur3LongHalves(0, 0x7ff80000, seed);
  f64[0] = d;
  return murmur3LongHalves(i32d[0]!, i32d[1]!, seed);
}

function murmur3LongHalves(low: number, high: number, seed: number): number {
  return fmix32(mixH1(mixH1(seed, mixK1(low)), mixK1(high)), 8);
}

const LOW32 = 0xffffffffn;

/** The low and high 32-bit halves (as signed ints) of a 64-bit long held as a bigint. */
function longHalves(input: bigint): [number, number] {
  const v = BigInt.asUintN(64, input);
  return [Number(v & LOW32) | 0, Number(v >> 32n) | 0];
}

// ---- XXH64 ------------------------------------------------------------------------------------
// 64-bit lanes are (hi, lo) pairs of uint32 numbers; helpers leave their result in RH/RL so the
// per-row path allocates no bigint until the final result. The tests check this against a plain
// bigint transcription of the algorithm.

let RH = 0;
let RL = 0;

const P1H = 0x9e3779b1;
const P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d;
const P2L = 0x27d4eb4f;
const P3H = 0x165667b1;
const P3L = 0x9e3779f9;
const P4H = 0x85ebca77;
const P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f;
const P5L = 0x165667c5;

/** (ah, al) × (bh, bl) mod 2^64 into RH/RL, by 16-bit limbs so every partial product is exact. */
function mul64(ah: number, al: number, bh: number, bl: number): void {
  const a48 = ah >>> 16;
  const a32 = ah & 0xffff;
  const a16 = al >>> 16;
  const a00 = al & 0xffff;
  const b48 = bh >>> 16;
  const b32 = bh & 0xffff;
  const b16 = bl >>> 16;
  const b00 = bl & 0xffff;
  let c00 = a00 * b00;
  let c16 = c00 >>> 16;
  c00 &= 0xffff;
  c16 += a16 * b00;
  let c32 = c16 >>> 16;
  c16 &= 0xffff;
  c16 += a00 * b16;
  c32 += c16 >>> 16;
  c16 &= 0xffff;
  c32 += a32 * b00;
  let c48 = c32 >>> 16;
  c32 &= 0xffff;
  c32 += a16 * b16;
  c48 += c32 >>> 16;
  c32 &= 0xffff;
  c32 += a00 * b32;
  c48 += c32 >>> 16;
  c32 &= 0xffff;
  c48 += a48 * b00 + a32 * b16 + a16 * b32 + a00 * b48;
  c48 &= 0xffff;
  RH = ((c48 << 16) | c32) >>> 0;
  RL = ((c16 << 16) | c00) >>> 0;
}

/** (ah, al) + (bh, bl) mod 2^64 into RH/RL. */
function add64(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  RL = lo >>> 0;
  RH = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** Rotate left by r (0 < r < 64) into RH/RL. */
function rotl64(h: number, l: number, r: number): void {
  if (r === 32) {
    RH = l;
    RL = h;
  } else if (r < 32) {
    RH = ((h << r) | (l >>> (32 - r))) >>> 0;
    RL = ((l << r) | (h >>> (32 - r))) >>> 0;
  } else {
    const s = r - 32;
    RH = ((l << s) | (h >>> (32 - s))) >>> 0;
    RL = ((h << s) | (l >>> (32 - s))) >>> 0;
  }
}

/** XXH64's final avalanche of (h, l), returned as an unsigned bigint. */
function fmix64(h0: number, l0: number): bigint {
  let h = h0;
  let l = (l0 ^ (h >>> 1)) >>> 0;
  mul64(h, l, P2H, P2L);
  h = RH;
  l = RL;
  l = (l ^ ((l >>> 29) | (h << 3))) >>> 0;
  h = (h ^ (h >>> 29)) >>> 0;
  mul64(h, l, P3H, P3L);
  h = RH;
  l = (RL ^ RH) >>> 0;
  return (BigInt(h) << 32n) | BigInt(l);
}

/** One accumulator round: rotl(acc + lane × P2, 31) × P1, into RH/RL. */
function round64(ah: number, al: number, lh: number, ll: number): void {
  mul64(lh, ll, P2H, P2L);
  add64(ah, al, RH, RL);
  rotl64(RH, RL, 31);
  mul64(RH, RL, P1H, P1L);
}

function seedHi(seed: bigint): number {
  return Number(BigInt.asUintN(64, seed) >> 32n);
}

function seedLo(seed: bigint): number {
  return Number(BigInt.asUintN(32, seed));
}

/** Spark's `XXH64.hashInt`; seeds and results are unsigned 64-bit bigints. */
export function xxh64Int(input: number, seed: bigint): bigint {
  add64(seedHi(seed), seedLo(seed), P5H, P5L);
  add64(RH, RL, 0, 4);
  const hh = RH;
  const hl = RL;
  mul64(0, input >>> 0, P1H, P1L);
  rotl64((hh ^ RH) >>> 0, (hl ^ RL) >>> 0, 23);
  mul64(RH, RL, P2H, P2L);
  add64(RH, RL, P3H, P3L);
  return fmix64(RH, RL);
}

/** Splits a long (number or bigint) into unsigned 32-bit halves in RH/RL. */
function splitLong(input: number | bigint): void {
  if (typeof input === "number") {
    const high = Math.floor(input / 4294967296);
    RH = high >>> 0;
    RL = (input - high * 4294967296) >>> 0;
  } else {
    const u = BigInt.asUintN(64, input);
    RH = Number(u >> 32n);
    RL = Number(u & 0xffffffffn);
  }
}

/** Spark's `XXH64.hashLong`. */
export function xxh64Long(input: number | bigint, seed: bigint): bigint {
  splitLong(input);
  const ih = RH;
  const il = RL;
  add64(seedHi(seed), seedLo(seed), P5H, P5L);
  add64(RH, RL, 0, 8);
  const hh = RH;
  const hl = RL;
  round64(0, 0, ih, il);
  rotl64((hh ^ RH) >>> 0, (hl ^ RL) >>> 0, 27);
  mul64(RH, RL, P1H, P1L);
  add64(RH, RL, P4H, P4L);
  return fmix64(RH, RL);
}

function readU32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** Spark's `XXH64.hashUnsafeBytes`. */
export function xxh64Bytes(b: Uint8Array, seed: bigint): bigint {
  const len = b.length;
  const sh = seedHi(seed);
  const sl = seedLo(seed);
  let off = 0;
  let hh: number;
  let hl: number;
  if (len >= 32) {
    const limit = len - 32;
    add64(sh, sl, P1H, P1L);
    add64(RH, RL, P2H, P2L);
    let v1h = RH;
    let v1l = RL;
    add64(sh, sl, P2H, P2L);
    let v2h = RH;
    let v2l = RL;
    let v3h = sh;
    let v3l = sl;
    // seed - P1 = seed + (2^64 - P1)
    add64(sh, sl, ~P1H >>> 0, ~P1L >>> 0);
    add64(RH, RL, 0, 1);
    let v4h = RH;
    let v4l = RL;
    do {
      round64(v1h, v1l, readU32(b, off + 4), readU32(b, off));
      v1h = RH;
      v1l = RL;
      round64(v2h, v2l, readU32(b, off + 12), readU32(b, off + 8));
      v2h = RH;
      v2l = RL;
      round64(v3h, v3l, readU32(b, off + 20), readU32(b, off + 16));
      v3h = RH;
      v3l = RL;
      round64(v4h, v4l, readU32(b, off + 28), readU32(b, off + 24));
      v4h = RH;
      v4l = RL;
      off += 32;
    } while (off <= limit);
    rotl64(v1h, v1l, 1);
    hh = RH;
    hl = RL;
    rotl64(v2h, v2l, 7);
    add64(hh, hl, RH, RL);
    hh = RH;
    hl = RL;
    rotl64(v3h, v3l, 12);
    add64(hh, hl, RH, RL);
    hh = RH;
    hl = RL;
    rotl64(v4h, v4l, 18);
    add64(hh, hl, RH, RL);
    hh = RH;
    hl = RL;
    const lanes = [v1h, v1l, v2h, v2l, v3h, v3l, v4h, v4l];
    for (let i = 0; i < 8; i += 2) {
      round64(0, 0, lanes[i]!, lanes[i + 1]!);
      mul64((hh ^ RH) >>> 0, (hl ^ RL) >>> 0, P1H, P1L);
      add64(RH, RL, P4H, P4L);
      hh = RH;
      hl = RL;
    }
  } else {
    add64(sh, sl, P5H, P5L);
    hh = RH;
    hl = RL;
  }
  add64(hh, hl, 0, len);
  hh = RH;
  hl = RL;
  while (off <= len - 8) {
    round64(0, 0, readU32(b, off + 4), readU32(b, off));
    rotl64((hh ^ RH) >>> 0, (hl ^ RL) >>> 0, 27);
    mul64(RH, RL, P1H, P1L);
    add64(RH, RL, P4H, P4L);
    hh = RH;
    hl = RL;
    off += 8;
  }
  if (off + 4 <= len) {
    mul64(0, readU32(b, off), P1H, P1L);
    rotl64((hh ^ RH) >>> 0, (hl ^ RL) >>> 0, 23);
    mul64(RH, RL, P2H, P2L);
    add64(RH, RL, P3H, P3L);
    hh = RH;
    hl = RL;
    off += 4;
  }
  while (off < len) {
    mul64(0, b[off]!, P5H, P5L);
    rotl64((hh ^ RH) >>> 0, (hl ^ RL) >>> 0, 11);
    mul64(RH, RL, P1H, P1L);
    hh = RH;
    hl = RL;
    off++;
  }
  return fmix64(hh, hl);
}

// ---- per-type encoding ------------------------------------------------------------------------

/** A hash algorithm over Spark's primitive encodings; `S` is the running hash (seed) type. */
export interface HashAlgorithm<S> {
  readonly int: (v: number, seed: S) => S;
  readonly long: (v: number | bigint, seed: S) => S;
  readonly bytes: (b: Uint8Array, seed: S) => S;
  /** `bytes` of a string's UTF-8 encoding without encoding it (else encoded, then `bytes`). */
  readonly utf8?: (s: string, seed: S) => S;
  /** `long` of a double's bits (`doubleBits`) without the bigint (else through `doubleBits`). */
  readonly double?: (d: number, seed: S) => S;
}

/** Murmur3 x86_32 with int seeds (Spark's `hash`). */
export const MURMUR3: HashAlgorithm<number> = {
  int: murmur3Int,
  long: murmur3Long,
  bytes: murmur3Bytes,
  utf8: murmur3Utf8,
  double: murmur3Double,
};
/** XXH64 with unsigned 64-bit bigint seeds (Spark's `xxhash64`). */
export const XXH64: HashAlgorithm<bigint> = { int: xxh64Int, long: xxh64Long, bytes: xxh64Bytes };

const utf8 = new TextEncoder();
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
// Little-endian halves of f64 (every platform Node supports is little-endian).
const i32d = new Int32Array(f64.buffer);

/** Java's `Float.floatToIntBits` (canonical NaN) after Spark's `-0.0` → `0.0` normalisation. */
export function floatBits(f: number): number {
  if (f === 0) return 0;
  if (Number.isNaN(f)) return 0x7fc00000;
  f32[0] = f;
  return i32[0]!;
}

/** Java's `Double.doubleToLongBits` (canonical NaN) after `-0.0` → `0.0`, as a long. */
export function doubleBits(d: number): bigint {
  if (d === 0) return 0n;
  if (Number.isNaN(d)) return 0x7ff8000000000000n;
  f64[0] = d;
  return i64[0]!;
}

/** Java's `BigInteger.toByteArray`: minimal two's-complement big-endian bytes. */
export function bigIntToBytes(v: bigint): Uint8Array {
  // The minimal byte length that still has the right sign bit.
  let n = 1;
  while (BigInt.asIntN(n * 8, v) !== v) n++;
  const hex = BigInt.asUintN(n * 8, v)
    .toString(16)
    .padStart(n * 2, "0");
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Builds the hasher of one non-null value of `type`: `(value, seed) → new seed`. Nested nulls are
 * skipped as in Spark. Built once per argument at bind time.
 */
export function makeHasher<S>(type: DataType, algo: HashAlgorithm<S>): (v: unknown, seed: S) => S {
  switch (type.kind) {
    case "null":
      return (_v, seed) => seed;
    case "boolean":
      return (v, seed) => algo.int(v ? 1 : 0, seed);
    case "byte":
    case "short":
    case "int":
    case "date":
    case "year_month_interval":
      return (v, seed) => algo.int(v as number, seed);
    case "long":
    case "timestamp":
    case "timestamp_ntz":
    case "day_time_interval":
      return (v, seed) => algo.long(v as number | bigint, seed);
    case "float":
      return (v, seed) => algo.int(floatBits(v as number), seed);
    case "double": {
      const double = algo.double;
      if (double) return (v, seed) => double(v as number, seed);
      return (v, seed) => algo.long(doubleBits(v as number), seed);
    }
    case "decimal":
      if (type.precision <= 18) return (v, seed) => algo.long(v as bigint, seed);
      return (v, seed) => algo.bytes(bigIntToBytes(v as bigint), seed);
    case "string": {
      const str = algo.utf8;
      if (str) return (v, seed) => str(v as string, seed);
      return (v, seed) => algo.bytes(utf8.encode(v as string), seed);
    }
    case "binary":
      return (v, seed) => algo.bytes(v as Uint8Array, seed);
    case "calendar_interval":
      return (v, seed) => {
        const iv = v as CalendarInterval;
        return algo.int(iv.months, algo.int(iv.days, algo.long(iv.micros, seed)));
      };
    case "array": {
      const e = makeHasher(type.elementType, algo);
      return (v, seed) => {
        let h = seed;
        const a = v as unknown[];
        // Indexed: for-of through a closure per element allocated an iterator result each.
        for (let i = 0; i < a.length; i++) {
          const x = a[i];
          if (x !== null && x !== undefined) h = e(x, h);
        }
        return h;
      };
    }
    case "map": {
      const k = makeHasher(type.keyType, algo);
      const val = makeHasher(type.valueType, algo);
      return (v, seed) => {
        const m = v as MapValue;
        let h = seed;
        for (let i = 0; i < m.keys.length; i++) {
          h = k(m.keys[i], h);
          const x = m.values[i];
          if (x !== null && x !== undefined) h = val(x, h);
        }
        return h;
      };
    }
    case "struct": {
      const fs = type.fields.map((f) => makeHasher(f.dataType, algo));
      return (v, seed) => {
        const row = v as unknown[];
        let h = seed;
        for (let i = 0; i < fs.length; i++) {
          const x = row[i];
          if (x !== null && x !== undefined) h = fs[i]!(x, h);
        }
        return h;
      };
    }
  }
}
