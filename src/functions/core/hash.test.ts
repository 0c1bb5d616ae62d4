import assert from "node:assert/strict";
import { test } from "node:test";
import { ArrayType, BINARY, DecimalType, DOUBLE, INT, LONG, STRING } from "../../types/data-type.js";
import { argOf, evalScalar, litArg } from "../testing.js";
import { CRC32, MD5, SHA1, SHA2 } from "./digest.js";
import { HASH, XXHASH64 } from "./hash.js";
import { murmur3Long } from "./hashing.js";

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
