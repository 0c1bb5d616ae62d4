import assert from "node:assert/strict";
import { test } from "node:test";
import { BOOLEAN, INT, STRING } from "../../types/data-type.js";
import { first, last } from "../aggregate/first-last.js";
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

test("nth_value / first / last IGNORE NULLS over growing frames (window.sql.out test_ignore_null)", () => {
  const v = [null, "x", null, null, "y", null, "z", "v", null];
  const overPrefixes = (k: ReturnType<typeof bindAgg>): unknown[] =>
    v.map((_, i) =>
      runAggChecked(
        k,
        v.slice(0, i + 1).map((x) => [x, 2, true]),
      ),
    );
  const nth2 = bindAgg(nthValue, [argOf(STRING), litArg(INT, 2), litArg(BOOLEAN, true)]);
  assert.deepEqual(overPrefixes(nth2), [null, null, null, null, "y", "y", "y", "y", "y"]);
  const nth3 = bindAgg(nthValue, [argOf(STRING), litArg(INT, 3), litArg(BOOLEAN, true)]);
  assert.deepEqual(overPrefixes(nth3), [null, null, null, null, null, null, "z", "z", "z"]);
  const fv = bindAgg(first, [argOf(STRING), litArg(BOOLEAN, true)]);
  assert.deepEqual(overPrefixes(fv), [null, "x", "x", "x", "x", "x", "x", "x", "x"]);
  const lv = bindAgg(last, [argOf(STRING), litArg(BOOLEAN, true)]);
  assert.deepEqual(overPrefixes(lv), [null, "x", "x", "x", "y", "y", "z", "v", "v"]);
});
