import assert from "node:assert/strict";
import { test } from "node:test";
import { DOUBLE, INT, STRING } from "../../types/data-type.js";
import { argOf, litArg } from "../testing.js";
import { approxCountDistinct, hllPrecision } from "./approx-count-distinct.js";
import { bindAgg, col, runAgg, runAggChecked } from "./testing.js";

test("approx_count_distinct (Spark docs): VALUES (1), (1), (2), (2), (3) → 3", () => {
  const k = bindAgg(approxCountDistinct, [argOf(INT)]);
  assert.equal(k.nullable, false);
  assert.equal(runAggChecked(k, col(1, 1, 2, 2, 3)), 3);
  assert.equal(runAggChecked(k, col(null, null)), 0);
  assert.equal(runAggChecked(k, []), 0);
});

test("approx_count_distinct: precision from rsd as Spark computes it", () => {
  assert.equal(hllPrecision(0.05), 9);
  assert.equal(hllPrecision(0.01), 14);
  assert.throws(
    () => bindAgg(approxCountDistinct, [argOf(INT), litArg(DOUBLE, 0.5)]),
    /INVALID_PARAMETER_VALUE/,
  );
});

test("approx_count_distinct: small cardinalities are exact-ish and merge like one buffer", () => {
  const k = bindAgg(approxCountDistinct, [argOf(STRING)]);
  const rows = col(...Array.from({ length: 60 }, (_, i) => `v${i % 30}`));
  const n = runAggChecked(k, rows) as number;
  assert.ok(Math.abs(n - 30) <= 2, String(n));
  const big = bindAgg(approxCountDistinct, [argOf(INT), litArg(DOUBLE, 0.01)]);
  const many = runAgg(big, col(...Array.from({ length: 5000 }, (_, i) => i))) as number;
  assert.ok(Math.abs(many - 5000) < 200, String(many));
});
