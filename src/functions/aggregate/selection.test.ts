import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ArrayType,
  BOOLEAN,
  DOUBLE,
  INT,
  MapType,
  STRING,
  StructField,
  StructType,
} from "../../types/data-type.js";
import { argOf, litArg } from "../testing.js";
import { collectList, collectSet } from "./collect.js";
import { anyValue, first, last } from "./first-last.js";
import { maxBy, minBy } from "./max-by-min-by.js";
import { max, min } from "./min-max.js";
import { bindAgg, col, runAggChecked } from "./testing.js";

test("max / min (Spark docs) keep the input type", () => {
  const mx = bindAgg(max, [argOf(INT)]);
  assert.equal(mx.dataType, INT);
  assert.equal(runAggChecked(mx, col(10, 50, 20)), 50);
  assert.equal(runAggChecked(bindAgg(min, [argOf(INT)]), col(10, -1, 20)), -1);
  assert.equal(runAggChecked(mx, col(null, null)), null);
});

test("max / min: Spark's total order (NaN largest, strings by code point, arrays)", () => {
  assert.ok(Number.isNaN(runAggChecked(bindAgg(max, [argOf(DOUBLE)]), col(1, Number.NaN, 3)) as number));
  assert.equal(runAggChecked(bindAgg(min, [argOf(DOUBLE)]), col(1, Number.NaN, -3)), -3);
  assert.equal(runAggChecked(bindAgg(max, [argOf(STRING)]), col("a", "\u{1F600}", "\uFFFF")), "\u{1F600}");
  assert.deepEqual(
    runAggChecked(bindAgg(max, [argOf(new ArrayType(INT))]), col([1, 2], [1, 3], [1])),
    [1, 3],
  );
  const st = new StructType([new StructField("a", INT), new StructField("b", STRING)]);
  assert.deepEqual(runAggChecked(bindAgg(min, [argOf(st)]), col([2, "a"], [1, "z"], [1, "b"])), [1, "b"]);
});

test("max / min: maps are not orderable", () => {
  assert.throws(() => bindAgg(max, [argOf(new MapType(STRING, INT))]), /INVALID_ORDERING_TYPE/);
});

test("max_by / min_by (Spark docs), NULL orderings skipped, ties go to the later row", () => {
  const args = [argOf(STRING, "x"), argOf(INT, "y")];
  const rows = [
    ["a", 10],
    ["b", 50],
    ["c", 20],
  ];
  assert.equal(runAggChecked(bindAgg(maxBy, args), rows), "b");
  assert.equal(runAggChecked(bindAgg(minBy, args), rows), "a");
  assert.equal(runAggChecked(bindAgg(maxBy, args), [...rows, ["d", null]]), "b");
  assert.equal(runAggChecked(bindAgg(maxBy, args), [[null, 60], ...rows]), null);
  assert.equal(
    runAggChecked(bindAgg(maxBy, args), [
      ["p", 5],
      ["q", 5],
    ]),
    "q",
  );
  assert.equal(runAggChecked(bindAgg(minBy, args), []), null);
});

test("first / last / any_value with and without ignoreNulls (Spark docs)", () => {
  const f = bindAgg(first, [argOf(INT)]);
  assert.equal(f.skipNulls, false);
  assert.equal(runAggChecked(f, col(10, 5, 20)), 10);
  assert.equal(runAggChecked(f, col(null, 5, 20)), null);
  const fi = bindAgg(first, [argOf(INT), litArg(BOOLEAN, true)]);
  assert.equal(
    runAggChecked(fi, [
      [null, true],
      [5, true],
      [20, true],
    ]),
    5,
  );
  const l = bindAgg(last, [argOf(INT)]);
  assert.equal(runAggChecked(l, col(10, 5, 20)), 20);
  assert.equal(runAggChecked(l, col(10, 5, null)), null);
  const li = bindAgg(last, [argOf(INT), litArg(BOOLEAN, true)]);
  assert.equal(
    runAggChecked(li, [
      [10, true],
      [5, true],
      [null, true],
    ]),
    5,
  );
  assert.equal(runAggChecked(bindAgg(anyValue, [argOf(INT)]), col(10, 5, 20)), 10);
  assert.equal(runAggChecked(f, []), null);
});

test("first: column name shows only the value; flag must be a boolean literal", () => {
  assert.equal(first.sql?.(["x", "true"], "first"), "first(x)");
  assert.equal(last.sql?.(["x"], "last_value"), "last(x)");
  assert.equal(collectList.sql?.(["x"], "array_agg"), "collect_list(x)");
  assert.throws(() => bindAgg(first, [argOf(INT), argOf(BOOLEAN)]), /NON_FOLDABLE_INPUT/);
  assert.throws(() => bindAgg(first, [argOf(INT), litArg(INT, 1)]), /UNEXPECTED_INPUT_TYPE/);
});

test("collect_list / collect_set (Spark docs)", () => {
  const l = bindAgg(collectList, [argOf(INT)]);
  assert.equal(l.dataType.simpleString(), "array<int>");
  assert.equal(l.nullable, false);
  assert.deepEqual(runAggChecked(l, col(1, 2, null, 1)), [1, 2, 1]);
  assert.deepEqual(runAggChecked(l, []), []);
  const s = bindAgg(collectSet, [argOf(INT)]);
  assert.deepEqual(runAggChecked(s, col(1, 2, null, 1)), [1, 2]);
  const d = bindAgg(collectSet, [argOf(DOUBLE)]);
  assert.equal((runAggChecked(d, col(Number.NaN, Number.NaN, 1)) as number[]).length, 2);
  const a = bindAgg(collectSet, [argOf(new ArrayType(INT))]);
  assert.deepEqual(runAggChecked(a, col([1], [1], [2])), [[1], [2]]);
  assert.throws(() => bindAgg(collectSet, [argOf(new MapType(STRING, INT))]), /UNSUPPORTED_INPUT_TYPE/);
});

test("collect_set: a deserialised buffer (no cached index) still dedupes", () => {
  const s = bindAgg(collectSet, [argOf(INT)]);
  const buf = JSON.parse(JSON.stringify(s.update(s.update(s.init(), 1), 2))) as unknown;
  assert.deepEqual(s.finish(s.update(buf, 1)), [1, 2]);
});
