import assert from "node:assert/strict";
import { test } from "node:test";
import { ArrayType, BINARY, DecimalType, DOUBLE, INT, LONG, STRING } from "../../types/data-type.js";
import { argOf, evalScalar, litArg } from "../testing.js";
import { CRC32, MD5, SHA1, SHA2 } from "./digest.js";
import { HASH, XXHASH64 } from "./hash.js";
import { murmur3Long, xxh64Bytes, xxh64Int, xxh64Long } from "./hashing.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const args3 = [argOf(STRING), argOf(new ArrayType(INT)), argOf(INT)];

// Spark SQL function docs (hash, xxhash64 examples).
test("hash('Spark', array(123), 2)", () => {
  assert.equal(evalScalar(HASH, args3, ["Spark", [123], 2]), -1321691492);
});

test("xxhash64('Spark', array(123), 2)", () => {
  assert.equal(evalScalar(XXHASH64, args3, ["Spark", [123], 2]), 5602566077635097486n);
});

// Null arguments are skipped (the seed comes back); -0.0 and 0.0 hash alike; longs as number or bigint.
test("murmur3 primitives and null skipping", () => {
  assert.equal(evalScalar(HASH, [argOf(INT)], [null]), 42);
  assert.equal(evalScalar(XXHASH64, [argOf(INT)], [null]), 42);
  for (const x of [1, -5, 2 ** 40 + 3, -(2 ** 45) - 7, 2 ** 53 - 1, -(2 ** 31)]) {
    assert.equal(murmur3Long(x, 42), murmur3Long(BigInt(x), 42), String(x));
  }
  assert.equal(evalScalar(HASH, [argOf(DOUBLE)], [-0]), evalScalar(HASH, [argOf(DOUBLE)], [0]));
  assert.equal(evalScalar(HASH, [argOf(new DecimalType(38, 0))], [10n ** 30n]) !== null, true);
  assert.equal(typeof evalScalar(HASH, [argOf(LONG)], [2n ** 62n]), "number");
});

// pyspark.sql.functions docstrings: md5/sha1/sha2/crc32 of 'ABC' and Spark SQL docs for 'Spark'.
test("digests", () => {
  assert.equal(evalScalar(MD5, [argOf(BINARY)], [enc("Spark")]), "8cde774d6f7333752ed72cacddb05126");
  assert.equal(evalScalar(MD5, [argOf(BINARY)], [enc("ABC")]), "902fbdd2b1df0c4f70b4a5d23525e932");
  assert.equal(evalScalar(SHA1, [argOf(BINARY)], [enc("Spark")]), "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c");
  assert.equal(evalScalar(SHA1, [argOf(BINARY)], [enc("ABC")]), "3c01bdbb26f358bab27f267924aa2c9a03fcfdb8");
  assert.equal(
    evalScalar(SHA2, [argOf(BINARY), litArg(INT, 256)], [enc("Spark"), 256]),
    "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b",
  );
  assert.equal(
    evalScalar(SHA2, [argOf(BINARY), litArg(INT, 0)], [enc("Spark"), 0]),
    "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b",
  );
  assert.equal(evalScalar(SHA2, [argOf(BINARY), litArg(INT, 1)], [enc("Spark"), 1]), null);
  assert.equal(evalScalar(CRC32, [argOf(BINARY)], [enc("Spark")]), 1557323817);
  assert.equal(evalScalar(CRC32, [argOf(BINARY)], [enc("ABC")]), 2743272264);
});

// A plain bigint transcription of XXH64, to check the 32-bit-halves implementation against.

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

/** Reference: Spark's `XXH64.hashInt`; seeds and results are unsigned 64-bit bigints. */
function refInt(input: number, seed: bigint): bigint {
  let h = (seed + P5 + 4n) & M64;
  h ^= (BigInt(input >>> 0) * P1) & M64;
  h = (rotl64(h, 23n) * P2 + P3) & M64;
  return fmix64(h);
}

/** Reference: Spark's `XXH64.hashLong`. */
function refLong(input: number | bigint, seed: bigint): bigint {
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

/** Reference: Spark's `XXH64.hashUnsafeBytes`. */
function refBytes(b: Uint8Array, seed: bigint): bigint {
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

test("xxh64 on 32-bit halves matches the bigint transcription", () => {
  let x = 12345;
  const next = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x;
  };
  const seeds = [42n, 0n, 0xffffffffffffffffn, 0x8000000000000000n, 123456789012345678n];
  for (const seed of seeds) {
    for (const v of [0, 1, -1, 2147483647, -2147483648, next(), -next()])
      assert.equal(xxh64Int(v, seed), refInt(v, seed));
    for (const v of [
      0,
      1,
      -1,
      2 ** 53 - 1,
      -(2 ** 53) + 1,
      next() * 1000003,
      9223372036854775807n,
      -9223372036854775808n,
    ]) {
      assert.equal(xxh64Long(v, seed), refLong(v, seed), String(v));
    }
    for (const len of [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, 100]) {
      const b = new Uint8Array(len);
      for (let i = 0; i < len; i++) b[i] = next() & 0xff;
      assert.equal(xxh64Bytes(b, seed), refBytes(b, seed), `len ${len}`);
    }
  }
});
