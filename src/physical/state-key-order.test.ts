import assert from "node:assert/strict";
import { test } from "node:test";
import { INT, LONG, STRING, StructField, StructType } from "../types/data-type.js";
import { compareBytes, encodedKeyComparator, unsafeRowBytes, wrappedKeyBytes } from "./state-key-order.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("unsafeRowBytes: null bits, little-endian slots, variable data after the slots", () => {
  assert.equal(hex(unsafeRowBytes([7], [INT])), `${"00".repeat(8)}0700000000000000`);
  assert.equal(hex(unsafeRowBytes([null], [INT])), `01${"00".repeat(7)}${"00".repeat(8)}`);
  // "ab": size 2, offset 16, then the bytes padded to 8.
  assert.equal(
    hex(unsafeRowBytes(["ab"], [STRING])),
    `${"00".repeat(8)}0200000010000000${"6162"}${"00".repeat(6)}`,
  );
});

test("wrappedKeyBytes: the key struct nested in a one-field row (the header's example)", () => {
  const schema = new StructType([new StructField("key", INT, false)]);
  assert.equal(
    hex(wrappedKeyBytes([7], schema)),
    `${"00".repeat(8)}1000000010000000${"00".repeat(8)}0700000000000000`,
  );
});

test("encodedKeyComparator orders ints by their little-endian bytes, strings by length first", () => {
  const ints = encodedKeyComparator(new StructType([new StructField("k", INT, false)]));
  assert.deepEqual(
    [[1], [256], [0], [-1], [2]].sort(ints).map((r) => r[0]),
    [0, 256, 1, 2, -1],
  );
  const longs = encodedKeyComparator(new StructType([new StructField("k", LONG, false)]));
  assert.deepEqual(
    [[-2], [1], [2 ** 40]].sort(longs).map((r) => r[0]),
    [2 ** 40, 1, -2],
  );
  const strings = encodedKeyComparator(new StructType([new StructField("k", STRING, false)]));
  assert.deepEqual(
    [["b"], ["aa"], ["a"]].sort(strings).map((r) => r[0]),
    ["a", "b", "aa"],
  );
  assert.ok(compareBytes(new Uint8Array([1]), new Uint8Array([1, 0])) < 0);
});
