import assert from "node:assert/strict";
import { test } from "node:test";
import { BOOLEAN, INT } from "../../types/data-type.js";
import { bindAgg, col, runAggChecked } from "../aggregate/testing.js";
import { argOf, litArg } from "../testing.js";
import { nthValue } from "./nth-value.js";

test("nth_value over a frame (Spark docs: partition A1 ordered by b = 1, 1, 2)", () => {
  const k = bindAgg(nthValue, [argOf(INT, "b"), litArg(INT, 2)]);
  // With the default RANGE frame the peers 1, 1 share the frame [1, 1]; the last row sees [1, 1, 2].
  assert.equal(runAggChecked(k, col(1, 1)), 1);
  assert.equal(runAggChecked(k, col(1, 1, 2)), 1);
  assert.equal(runAggChecked(k, col(3)), null);
});

test("nth_value: NULLs count unless ignoreNulls", () => {
  const rows = col(null, 5, null, 7);
  assert.equal(runAggChecked(bindAgg(nthValue, [argOf(INT), litArg(INT, 2)]), rows), 5);
  assert.equal(
    runAggChecked(bindAgg(nthValue, [argOf(INT), litArg(INT, 2), litArg(BOOLEAN, true)]), rows),
    7,
  );
  assert.equal(nthValue.sql?.(["b", "2", "true"], "nth_value"), "nth_value(b, 2)");
  assert.throws(() => bindAgg(nthValue, [argOf(INT), litArg(INT, 0)]), /VALUE_OUT_OF_RANGE/);
});
