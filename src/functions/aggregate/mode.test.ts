import assert from "node:assert/strict";
import { test } from "node:test";
import { BOOLEAN, INT, STRING } from "../../types/data-type.js";
import { argOf, litArg } from "../testing.js";
import { mode } from "./mode.js";
import { bindAgg, col, runAggChecked } from "./testing.js";

test("mode (Spark docs)", () => {
  const k = bindAgg(mode, [argOf(INT)]);
  assert.equal(runAggChecked(k, col(0, 10, 10)), 10);
  assert.equal(runAggChecked(k, col(0, 10, 10, null, null, null)), 10);
  assert.equal(runAggChecked(k, []), null);
  const d = bindAgg(mode, [argOf(INT), litArg(BOOLEAN, true)]);
  assert.equal(
    runAggChecked(
      d,
      col(-10, 0, 10).map((r) => [...r, true]),
    ),
    -10,
  );
  assert.equal(runAggChecked(bindAgg(mode, [argOf(STRING)]), col("b", "a", "b", "a", "c")), "a");
  assert.equal(mode.sql?.(["col", "true"], "mode"), "mode(col)");
});
