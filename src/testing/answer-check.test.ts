import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkTimestamp } from "../data/external.js";
import { parseSchema } from "../types/ddl.js";
import { canonicalRows, expectedRows, includesRows, sameRows } from "./answer-check.js";

const kv = parseSchema("key INT, value STRING");

test("expected rows as arrays, objects and bare values meet the internal rows", () => {
  const actual = canonicalRows(
    [
      [1, "a"],
      [2, null],
    ],
    kv,
  );
  assert.deepEqual(expectedRows([[1, "a"], { key: 2 }], kv), actual);
  const one = parseSchema("value BIGINT");
  assert.deepEqual(expectedRows([3, 3n, [3], { value: 3 }], one), canonicalRows([[3], [3], [3], [3]], one));
});

test("values are compared after validation against the result schema", () => {
  const s = parseSchema("d DECIMAL(4,2), ts TIMESTAMP, m MAP<STRING,INT>, arr ARRAY<INT>");
  const internal = [[150n, 1_000_001, null, [1, 2]]];
  const expected = [["1.50", new SparkTimestamp(1_000_001), null, [1, 2]]];
  assert.deepEqual(expectedRows(expected, s), canonicalRows(internal, s));
  // A decimal given as a number is rounded to the scale, as createDataFrame does.
  assert.deepEqual(expectedRows([[1.5, null, null, null]], s), canonicalRows([[150n, null, null, null]], s));
});

test("a one-column array result takes arrays as bare values", () => {
  const s = parseSchema("xs ARRAY<INT>");
  assert.deepEqual(expectedRows([[1, 2]], s), canonicalRows([[[1, 2]]], s));
});

test("an expected row that does not fit the schema is reported with its index", () => {
  assert.throws(
    () => expectedRows([[1, "a"], [1]], kv),
    /expected row 1 .* has 1 values but the result has 2 columns/,
  );
  assert.throws(
    () => expectedRows([{ key: 1, valu: "a" }], kv),
    /expected row 0 names columns the result does not have: valu/,
  );
  assert.throws(() => expectedRows([["x", "a"]], kv), /expected row 0 .* does not fit the result schema/);
  assert.throws(() => expectedRows([1], kv), /a bare value needs a one-column result/);
});

test("sameRows ignores order unless sorted, and shows both answers when they differ", () => {
  assert.equal(sameRows(["[1]", "[2]"], ["[2]", "[1]"], false), undefined);
  const msg = sameRows(["[1]", "[2]"], ["[2]", "[1]"], true);
  assert.match(msg ?? "", /Results do not match \(in order\)/);
  const diff = sameRows(["[1]", "[2]", "[2]"], ["[1]", "[2]"], false) ?? "";
  assert.match(diff, /== Expected Answer - 3 ==\s+== Actual Answer - 2 ==/);
  assert.match(diff, /\n !?\[1\]/);
  assert.match(diff, /\n!\[2\]\s*$/);
});

test("includesRows counts duplicates", () => {
  assert.equal(includesRows(["[1]"], ["[2]", "[1]"]), undefined);
  assert.match(includesRows(["[1]", "[1]"], ["[1]", "[2]"]) ?? "", /missing: \[1\]/);
});
