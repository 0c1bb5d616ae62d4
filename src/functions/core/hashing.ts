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
  const [low, high] = longHalves(input);
  let h1 = mixH1(seed, mixK1(low));
  h1 = mixH1(h1, mixK1(high));
  return fmix32(h1, 8);
}

/** Spark's `Murmur3_x86_32.hashUnsafeBytes` (Spark's own tail handling). */
export function murmur3Bytes(b: Uint8Array, seed: number): number {
  const len = b.length;
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

const LOW32 = 0xffffffffn;

/** The low and high 32-bit halves (as signed ints) of a 64-bit long. */
function longHalves(input: number | bigint): [number, number] {
  if (typeof input === "number") {
    // Safe integers split exactly with float arithmetic, avoiding a bigint per row.
    const high = Math.floor(input / 4294967296);
    return [(input - high * 4294967296) | 0, high | 0];
  }
  const v = BigInt.asUintN(64, BigInt(input));
  return [Number(v & LOW32) | 0, Number(v >> 32n) | 0];
}

// ---- XXH64 ------------------------------------------------------------------------------------

const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;
const M64 = 0xffffffffffffffffn;

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & M64;
}

function fmix64(h: bigint): bigint {
  let x = h;
  x ^= x >> 33n;
  x = (x * P2) & M64;
  x ^= x >> 29n;
  x = (x * P3) & M64;
  x ^= x >> 32n;
  return x;
}

/** Spark's `XXH64.hashInt`; seeds and results are unsigned 64-bit bigints. */
export function xxh64Int(input: number, seed: bigint): bigint {
  let h = (seed + P5 + 4n) & M64;
  h ^= (BigInt(input >>> 0) * P1) & M64;
  h = (rotl64(h, 23n) * P2 + P3) & M64;
  return fmix64(h);
}

/** Spark's `XXH64.hashLong`. */
export function xxh64Long(input: number | bigint, seed: bigint): bigint {
  const v = BigInt.asUintN(64, BigInt(input));
  let h = (seed + P5 + 8n) & M64;
  h ^= (rotl64((v * P2) & M64, 31n) * P1) & M64;
  h = (rotl64(h, 27n) * P1 + P4) & M64;
  return fmix64(h);
}

function readLong(b: Uint8Array, i: number): bigint {
  const lo = (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
  const hi = (b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function round64(acc: bigint, lane: bigint): bigint {
  let v = (acc + lane * P2) & M64;
  v = rotl64(v, 31n);
  return (v * P1) & M64;
}

/** Spark's `XXH64.hashUnsafeBytes`. */
export function xxh64Bytes(b: Uint8Array, seed: bigint): bigint {
  const len = b.length;
  let off = 0;
  let h: bigint;
  if (len >= 32) {
    const limit = len - 32;
    let v1 = (seed + P1 + P2) & M64;
    let v2 = (seed + P2) & M64;
    let v3 = seed;
    let v4 = (seed - P1) & M64;
    do {
      v1 = round64(v1, readLong(b, off));
      v2 = round64(v2, readLong(b, off + 8));
      v3 = round64(v3, readLong(b, off + 16));
      v4 = round64(v4, readLong(b, off + 24));
      off += 32;
    } while (off <= limit);
    h = (rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n)) & M64;
    for (const v of [v1, v2, v3, v4]) {
      h ^= round64(0n, v);
      h = (h * P1 + P4) & M64;
    }
  } else {
    h = (seed + P5) & M64;
  }
  h = (h + BigInt(len)) & M64;
  while (off <= len - 8) {
    const k1 = round64(0n, readLong(b, off));
    h ^= k1;
    h = (rotl64(h, 27n) * P1 + P4) & M64;
    off += 8;
  }
  if (off + 4 <= len) {
    const word = (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
    h ^= (BigInt(word) * P1) & M64;
    h = (rotl64(h, 23n) * P2 + P3) & M64;
    off += 4;
  }
  while (off < len) {
    h ^= (BigInt(b[off]!) * P5) & M64;
    h = (rotl64(h, 11n) * P1) & M64;
    off++;
  }
  return fmix64(h);
}

// ---- per-type encoding ------------------------------------------------------------------------

/** A hash algorithm over Spark's primitive encodings; `S` is the running hash (seed) type. */
export interface HashAlgorithm<S> {
  readonly int: (v: number, seed: S) => S;
  readonly long: (v: number | bigint, seed: S) => S;
  readonly bytes: (b: Uint8Array, seed: S) => S;
}

/** Murmur3 x86_32 with int seeds (Spark's `hash`). */
export const MURMUR3: HashAlgorithm<number> = { int: murmur3Int, long: murmur3Long, bytes: murmur3Bytes };
/** XXH64 with unsigned 64-bit bigint seeds (Spark's `xxhash64`). */
export const XXH64: HashAlgorithm<bigint> = { int: xxh64Int, long: xxh64Long, bytes: xxh64Bytes };

const utf8 = new TextEncoder();
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

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
      return (v, seed) => algo.int(v as number, seed);
    case "long":
    case "timestamp":
    case "timestamp_ntz":
      return (v, seed) => algo.long(v as number | bigint, seed);
    case "float":
      return (v, seed) => algo.int(floatBits(v as number), seed);
    case "double":
      return (v, seed) => algo.long(doubleBits(v as number), seed);
    case "decimal":
      if (type.precision <= 18) return (v, seed) => algo.long(v as bigint, seed);
      return (v, seed) => algo.bytes(bigIntToBytes(v as bigint), seed);
    case "string":
      return (v, seed) => algo.bytes(utf8.encode(v as string), seed);
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
        for (const x of v as unknown[]) if (x !== null && x !== undefined) h = e(x, h);
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
