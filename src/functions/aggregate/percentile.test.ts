import assert from "node:assert/strict";
import { test } from "node:test";
import { ArrayType, DATE, DecimalType, DOUBLE, INT, LONG } from "../../types/data-type.js";
import { argOf, litArg } from "../testing.js";
import { median, percentile } from "./percentile.js";
import { percentileApprox } from "./percentile-approx.js";
import {
  compressSummary,
  insertValue,
  mergeSummaries,
  newSummary,
  queryQuantiles,
} from "./quantile-summaries.js";
import { bindAgg, col, runAgg, runAggChecked } from "./testing.js";

const pcts = (...ps: number[]) => litArg(new ArrayType(DOUBLE, false), ps, `array(${ps.join(", ")})`);

test("percentile_approx (Spark docs)", () => {
  const k = bindAgg(percentileApprox, [argOf(INT, "col"), pcts(0.5, 0.4, 0.1), litArg(INT, 100)]);
  assert.equal(k.dataType.simpleString(), "array<int>");
  assert.deepEqual(runAgg(k, col(0, 1, 2, 10)), [1, 1, 0]);
  const k2 = bindAgg(percentileApprox, [argOf(INT, "col"), litArg(DOUBLE, 0.5), litArg(INT, 100)]);
  assert.equal(k2.dataType, INT);
  assert.equal(runAgg(k2, col(0, 6, 7, 9, 10)), 7);
  // Spark docs: percentile_approx(10.0, array(0.5, 0.4, 0.1), 100) = [10.0, 10.0, 10.0]
  const k3 = bindAgg(percentileApprox, [argOf(new DecimalType(3, 1)), pcts(0.5, 0.4, 0.1), litArg(INT, 100)]);
  assert.deepEqual(runAgg(k3, col(100n)), [100n, 100n, 100n]);
});

test("percentile_approx: NULL for no input, default accuracy, dates keep their type", () => {
  const k = bindAgg(percentileApprox, [argOf(DOUBLE), litArg(DOUBLE, 0.5)]);
  assert.equal(runAggChecked(k, []), null);
  assert.equal(runAggChecked(k, col(null, 3, 1, 2)), 2);
  const dk = bindAgg(percentileApprox, [argOf(DATE), litArg(DOUBLE, 0.5)]);
  assert.equal(dk.dataType, DATE);
  assert.equal(runAgg(dk, col(19000, 19002, 19001)), 19001);
});

test("percentile_approx: argument checks", () => {
  assert.throws(
    () => bindAgg(percentileApprox, [argOf(INT), litArg(DOUBLE, 1.5)]),
    /DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE/,
  );
  assert.throws(
    () => bindAgg(percentileApprox, [argOf(INT), litArg(DOUBLE, 0.5), litArg(INT, 0)]),
    /VALUE_OUT_OF_RANGE/,
  );
  assert.throws(() => bindAgg(percentileApprox, [argOf(INT), argOf(DOUBLE)]), /NON_FOLDABLE_INPUT/);
  assert.throws(() => bindAgg(percentileApprox, [argOf(INT), litArg(DOUBLE, null)]), /UNEXPECTED_NULL/);
});

test("quantile summaries: merge of partial summaries answers like Spark's GK merge", () => {
  // 1..100 split into odds and evens: both halves are exact, the merged summary stays within 1%.
  let a = newSummary(0.01);
  let b = newSummary(0.01);
  for (let i = 1; i <= 100; i++) {
    if (i % 2) a = insertValue(a, i);
    else b = insertValue(b, i);
  }
  const m = mergeSummaries(compressSummary(a), compressSummary(b));
  const [p50] = queryQuantiles(m, [0.5]) ?? [];
  assert.ok(p50 !== undefined && Math.abs(p50 - 50) <= 2, String(p50));
  // Large input crosses the 50,000-sample head buffer and the compress threshold.
  let big = newSummary(0.001);
  for (let i = 0; i < 120000; i++) big = insertValue(big, (i * 7919) % 120000);
  const [q1, q2] = queryQuantiles(big, [0.25, 0.75]) ?? [];
  assert.ok(Math.abs((q1 as number) - 30000) <= 240, String(q1));
  assert.ok(Math.abs((q2 as number) - 90000) <= 240, String(q2));
  assert.ok(big[3].length < 5000);
  // The buffer is plain data.
  assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
});

test("percentile / median: exact with interpolation (Spark docs)", () => {
  assert.equal(runAggChecked(bindAgg(percentile, [argOf(INT), litArg(DOUBLE, 0.3)]), col(0, 10)), 3);
  const k = bindAgg(percentile, [argOf(INT), pcts(0.25, 0.75)]);
  assert.equal(k.dataType.simpleString(), "array<double>");
  assert.deepEqual(runAggChecked(k, col(0, 10)), [2.5, 7.5]);
  assert.equal(runAggChecked(bindAgg(median, [argOf(INT)]), col(0, 10)), 5);
  assert.equal(runAggChecked(bindAgg(median, [argOf(LONG)]), col(3, null, 1, 2)), 2);
  assert.equal(runAggChecked(bindAgg(median, [argOf(INT)]), []), null);
});

test("percentile with a frequency column weights rows; negative frequency fails", () => {
  const k = bindAgg(percentile, [argOf(INT), litArg(DOUBLE, 0.5), argOf(INT, "f")]);
  // Values 1 (×3) and 10 (×1): sorted 1, 1, 1, 10 → position 1.5 → 1.
  assert.equal(
    runAggChecked(k, [
      [1, 0.5, 3],
      [10, 0.5, 1],
      [5, 0.5, 0],
    ]),
    1,
  );
  assert.throws(() => runAgg(k, [[1, 0.5, -1]]), /NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION/);
});

test("percentile names include the default accuracy / frequency children, as Spark's", () => {
  assert.equal(percentileApprox.sql?.(["x", "0.5"], "percentile_approx"), "percentile_approx(x, 0.5, 10000)");
  assert.equal(
    percentileApprox.sql?.(["x", "0.5", "100"], "approx_percentile"),
    "approx_percentile(x, 0.5, 100)",
  );
  assert.equal(percentile.sql?.(["x", "0.5"], "percentile"), "percentile(x, 0.5, 1)");
  assert.equal(median.sql, undefined);
});
