import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  DecimalType,
  DOUBLE,
  INT,
  LONG,
  MapType,
  STRING,
  StructField,
  StructType,
} from "../../types/data-type.js";
import { compareNullable, compareStrings, compareValues, isOrderable } from "./compare.js";

const sign = (n: number) => Math.sign(n);

test("doubles: NaN is largest and equals NaN; -0.0 equals 0.0 (SQLOrderingUtil)", () => {
  const c = compareValues(DOUBLE);
  assert.equal(sign(c(Number.NaN, Number.POSITIVE_INFINITY)), 1);
  assert.equal(sign(c(Number.POSITIVE_INFINITY, Number.NaN)), -1);
  assert.equal(c(Number.NaN, Number.NaN), 0);
  assert.equal(c(-0, 0), 0);
  assert.equal(sign(c(-1.5, 2)), -1);
  const sorted = [3, Number.NaN, -1, Number.NEGATIVE_INFINITY, 0].sort(c);
  assert.deepEqual(sorted, [Number.NEGATIVE_INFINITY, -1, 0, 3, Number.NaN]);
});

test("longs mix numbers and bigints exactly", () => {
  const c = compareValues(LONG);
  assert.equal(sign(c(9007199254740993n, 9007199254740991)), 1);
  assert.equal(sign(c(-9223372036854775808n, 0)), -1);
  assert.equal(c(5, 5), 0);
});

test("strings compare by code point (UTF-8 byte order), not UTF-16 units", () => {
  // U+FF61 (one UTF-16 unit) sorts before U+1F600 (a surrogate pair) in UTF-8 byte order.
  assert.equal(sign(compareStrings("\uff61", "\u{1f600}")), -1);
  assert.equal(sign(compareStrings("a", "b")), -1);
  assert.equal(sign(compareStrings("ab", "a")), 1);
  assert.equal(sign(compareStrings("B", "a")), -1);
  assert.equal(compareStrings("", ""), 0);
});

test("binary compares unsigned bytes, then length", () => {
  const c = compareValues(BINARY);
  assert.equal(sign(c(new Uint8Array([0x80]), new Uint8Array([0x7f]))), 1);
  assert.equal(sign(c(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))), -1);
});

test("booleans false < true; decimals by unscaled value at the same scale", () => {
  assert.equal(sign(compareValues(BOOLEAN)(false, true)), -1);
  assert.equal(sign(compareValues(new DecimalType(10, 2))(150n, 99n)), 1);
});

test("arrays and structs are lexicographic with null elements first", () => {
  const arr = compareValues(new ArrayType(INT));
  assert.equal(sign(arr([1, 2], [1, 3])), -1);
  assert.equal(sign(arr([1, 2], [1, 2, 0])), -1);
  assert.equal(sign(arr([null, 5], [1])), -1);
  const st = compareValues(new StructType([new StructField("a", INT), new StructField("b", STRING)]));
  assert.equal(sign(st([1, "b"], [1, "a"])), 1);
  assert.equal(sign(st([null, "z"], [0, "a"])), -1);
});

test("compareNullable places nulls first or last", () => {
  const first = compareNullable(compareValues(INT), true);
  const last = compareNullable(compareValues(INT), false);
  assert.deepEqual([2, null, 1].sort(first), [null, 1, 2]);
  assert.deepEqual([2, null, 1].sort(last), [1, 2, null]);
});

test("maps are not orderable", () => {
  assert.equal(isOrderable(new MapType(STRING, INT)), false);
  assert.equal(isOrderable(new ArrayType(new MapType(STRING, INT))), false);
  assert.equal(isOrderable(new ArrayType(INT)), true);
  assert.equal(isOrderable(new ArrayType(new StructType([new StructField("m", new ArrayType(INT))]))), true);
});
