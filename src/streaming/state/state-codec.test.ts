import assert from "node:assert/strict";
import { test } from "node:test";
import { MapValue } from "../../data/values.js";
import { mulberry32 } from "../../../tests/support/random.js";
import {
  ByteReader,
  ByteWriter,
  decodeStateValue,
  encodeStateValue,
  readStateValue,
  StateCodecError,
  writeStateValue,
} from "./state-codec.js";

function roundTrip(v: unknown): unknown {
  return decodeStateValue(encodeStateValue(v));
}

test("internal values round-trip exactly, including -0, NaN, longs beyond 2^53 and decimals", () => {
  const values: unknown[] = [
    null,
    undefined,
    true,
    false,
    0,
    -0,
    1,
    -1,
    2147483647,
    -2147483648,
    2147483648,
    9007199254740991,
    -9007199254740991,
    0.1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MIN_VALUE,
    9223372036854775807n,
    -9223372036854775808n,
    0n,
    -1n,
    123456789012345678901234567890123456789n,
    "",
    "abc",
    "ñandú 🦩 \u0000 x",
    // ASCII first, then not (the ASCII pass stops midway and the string is encoded again).
    "ascii before ñandú",
    `${"y".repeat(126)}é`,
    "z".repeat(127),
    "z".repeat(128),
    "\ud800",
    "a\udc00b",
    "🦩\ud83d",
    ["\udfff", "x"],
    "x".repeat(100_000),
    "é".repeat(200),
    new Uint8Array([0, 1, 255]),
    new Uint8Array(0),
    [1, "a", null, [2n, [3]]],
    new MapValue(["k1", "k2"], [1, null]),
    { months: 1, days: -2, micros: 3 },
    new Float64Array([1.5, -0, Number.NaN]),
    new BigInt64Array([-5n, 7n]),
    new Int32Array([1, -1]),
  ];
  for (const v of values) {
    const back = roundTrip(v);
    if (typeof v === "number") assert.ok(Object.is(back, v), `${v}`);
    else assert.deepStrictEqual(back, v);
  }
});

test("random nested values round-trip (seeded)", () => {
  const rnd = mulberry32(6);
  const gen = (depth: number): unknown => {
    const k = Math.floor(rnd() * (depth > 3 ? 6 : 9));
    switch (k) {
      case 0:
        return null;
      case 1:
        return Math.floor(rnd() * 2 ** 40) - 2 ** 39;
      case 2:
        return rnd() * 1e6 - 5e5;
      case 3:
        return BigInt(Math.floor(rnd() * 1e9)) * 10n ** 12n * (rnd() < 0.5 ? -1n : 1n);
      case 4:
        return String.fromCodePoint(
          ...Array.from({ length: Math.floor(rnd() * 20) }, () => Math.floor(rnd() * 0x2ffff)).filter(
            (c) => c < 0xd800 || c > 0xdfff,
          ),
        );
      case 5:
        return rnd() < 0.5;
      case 6:
        return Array.from({ length: Math.floor(rnd() * 5) }, () => gen(depth + 1));
      case 7:
        return new MapValue([gen(depth + 1)], [gen(depth + 1)]);
      default:
        return new Uint8Array(Array.from({ length: Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256)));
    }
  };
  const w = new ByteWriter(4);
  const expected: unknown[] = [];
  for (let i = 0; i < 2000; i++) {
    const v = gen(0);
    expected.push(v);
    writeStateValue(w, v);
  }
  const r = new ByteReader(w.bytes());
  for (const v of expected) assert.deepStrictEqual(readStateValue(r), v);
  assert.equal(r.remaining, 0);
});

test("truncated, trailing or unknown bytes fail with a StateCodecError, class instances do not encode", () => {
  const bytes = encodeStateValue(["abc", 123456789012345678901234567890n, 1.5]);
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(() => decodeStateValue(bytes.subarray(0, n)), StateCodecError, `cut at ${n}`);
  }
  assert.throws(() => decodeStateValue(new Uint8Array([...bytes, 0])), StateCodecError);
  assert.throws(() => decodeStateValue(new Uint8Array([99])), /unknown value tag 99/);
  class Sketch {
    n = 1;
  }
  assert.throws(() => encodeStateValue(new Sketch()), /class Sketch/);
  assert.throws(() => encodeStateValue(() => 1), /function/);
});

test("bigints in the int64 range take 9 bytes; wider ones (and files written before tag 14) still round-trip", () => {
  for (const v of [0n, -1n, 9223372036854775807n, -9223372036854775808n, 1_700_000_000_000_000n]) {
    const bytes = encodeStateValue(v);
    assert.equal(bytes.length, 9, `${v}`);
    assert.equal(bytes[0], 14);
    assert.equal(decodeStateValue(bytes), v);
  }
  for (const v of [9223372036854775808n, -9223372036854775809n, 10n ** 38n - 1n, -(10n ** 38n) + 1n]) {
    const bytes = encodeStateValue(v);
    assert.equal(bytes[0], 6, `${v} outside int64 keeps the magnitude form`);
    assert.equal(decodeStateValue(bytes), v);
  }
  // The tag-6 form of an int64-range value, as earlier versions wrote every bigint: -258n.
  assert.equal(decodeStateValue(new Uint8Array([6, 1, 2, 0x02, 0x01])), -258n);
  assert.equal(decodeStateValue(new Uint8Array([6, 0, 0])), 0n);
  // A truncated int64 is a codec error, not a wrong value.
  assert.throws(() => decodeStateValue(new Uint8Array([14, 1, 2, 3])), StateCodecError);
});
