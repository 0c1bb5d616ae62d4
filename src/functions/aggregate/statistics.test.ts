import assert from "node:assert/strict";
import { test } from "node:test";
import { BOOLEAN, DOUBLE, INT, STRING } from "../../types/data-type.js";
import { argOf, testContext } from "../testing.js";
import { kurtosis, skewness, stddevPop, stddevSamp, varPop, varSamp } from "./central-moment.js";
import { corr, covarPop, covarSamp } from "./covariance.js";
import { bindAgg, col, runAgg, runAggChecked } from "./testing.js";

test("stddev / variance family (Spark docs: VALUES (1), (2), (3))", () => {
  const rows = col(1, 2, 3);
  assert.equal(runAggChecked(bindAgg(stddevSamp, [argOf(DOUBLE)]), rows), 1);
  assert.equal(runAggChecked(bindAgg(stddevPop, [argOf(DOUBLE)]), rows), 0.816496580927726);
  assert.equal(runAggChecked(bindAgg(varSamp, [argOf(DOUBLE)]), rows), 1);
  assert.equal(runAggChecked(bindAgg(varPop, [argOf(DOUBLE)]), rows), 0.6666666666666666);
  assert.equal(runAggChecked(bindAgg(stddevSamp, [argOf(INT)]), col(1, 2, 3, null)), 1);
});

test("stddev family: NULL for no input; one value → NULL (NaN with the legacy flag)", () => {
  assert.equal(runAggChecked(bindAgg(stddevSamp, [argOf(DOUBLE)]), []), null);
  assert.equal(runAggChecked(bindAgg(stddevPop, [argOf(DOUBLE)]), []), null);
  assert.equal(runAggChecked(bindAgg(varSamp, [argOf(DOUBLE)]), col(5)), null);
  assert.equal(runAggChecked(bindAgg(stddevPop, [argOf(DOUBLE)]), col(5)), 0);
  const legacy = testContext({
    conf: (k) => (k === "spark.sql.legacy.statisticalAggregate" ? "true" : undefined),
  });
  assert.ok(Number.isNaN(runAgg(bindAgg(varSamp, [argOf(DOUBLE)], legacy), col(5)) as number));
});

test("stddev aliases print as called", () => {
  assert.equal(stddevSamp.sql?.(["x"], "stddev"), "stddev(x)");
  assert.equal(stddevSamp.sql?.(["x"], "std"), "std(x)");
  assert.deepEqual(stddevSamp.aliases, ["stddev", "std"]);
});

test("skewness / kurtosis (Spark docs; their examples ran with one row per partition)", () => {
  // Spark's documented outputs come from merging one partial buffer per row; reproduce that.
  const perRow = (def: typeof skewness, values: number[]): unknown => {
    const k = bindAgg(def, [argOf(DOUBLE)]);
    let buf = k.init();
    for (const v of values) buf = k.merge(buf, k.update(k.init(), v));
    return k.finish(buf);
  };
  assert.equal(perRow(skewness, [-10, -20, 100, 1000]), 1.1135657469022013);
  assert.equal(perRow(skewness, [-1000, -100, 10, 20]), -1.1135657469022011);
  assert.equal(perRow(kurtosis, [-10, -20, 100, 1000]), -0.7014368047529618);
  assert.equal(perRow(kurtosis, [1, 10, 100, 10, 1]), 0.19432323191698986);
  const k = (def: typeof skewness) => bindAgg(def, [argOf(DOUBLE)]);
  assert.equal(runAgg(k(kurtosis), col(1, 10, 100, 10, 1)), 0.19432323191698986);
  // Symmetric data: skewness 0, kurtosis 3·2/2² − 3 = −1.5.
  assert.equal(runAggChecked(k(skewness), col(1, 2, 3)), 0);
  assert.equal(runAggChecked(k(kurtosis), col(1, 2, 3)), -1.5);
  assert.equal(runAgg(k(skewness), col(3, 3)), null);
  assert.equal(runAgg(k(kurtosis), []), null);
});

test("moments: merging partial buffers matches one pass (exact on small integers)", () => {
  for (const def of [stddevSamp, stddevPop, varSamp, varPop]) {
    runAggChecked(bindAgg(def, [argOf(DOUBLE)]), col(1, 2, 3, 4, 5, 6, 7));
  }
  // Higher moments: merged results agree to rounding.
  for (const def of [skewness, kurtosis]) {
    const kern = bindAgg(def, [argOf(DOUBLE)]);
    const rows = col(-10, -20, 100, 1000, 7);
    const one = runAgg(kern, rows) as number;
    const a = rows.slice(0, 2).reduce((b, r) => kern.update(b, ...r), kern.init());
    const b = rows.slice(2).reduce((b2, r) => kern.update(b2, ...r), kern.init());
    const merged = kern.finish(kern.merge(a, b)) as number;
    assert.ok(Math.abs(one - merged) < 1e-12, `${def.name}: ${one} vs ${merged}`);
  }
});

test("corr / covar_pop / covar_samp (Spark docs)", () => {
  const two = [argOf(DOUBLE, "c1"), argOf(DOUBLE, "c2")];
  assert.equal(
    runAgg(bindAgg(corr, two), [
      [3, 2],
      [3, 3],
      [6, 4],
    ]),
    0.8660254037844387,
  );
  const diag = [
    [1, 1],
    [2, 2],
    [3, 3],
  ];
  assert.equal(runAggChecked(bindAgg(covarPop, two), diag), 0.6666666666666666);
  assert.equal(runAggChecked(bindAgg(covarSamp, two), diag), 1);
  assert.equal(runAggChecked(bindAgg(covarSamp, two), [[1, 1]]), null);
  assert.equal(runAggChecked(bindAgg(covarPop, two), []), null);
  // Rows with a null in either argument are skipped.
  assert.equal(runAggChecked(bindAgg(covarPop, two), [...diag, [null, 5], [7, null]]), 0.6666666666666666);
});

test("corr: constant column divides by zero (ANSI error, NULL otherwise)", () => {
  const two = [argOf(DOUBLE), argOf(DOUBLE)];
  const rows = [
    [1, 1],
    [1, 2],
    [1, 3],
  ];
  assert.throws(() => runAgg(bindAgg(corr, two), rows), /DIVIDE_BY_ZERO/);
  assert.equal(runAgg(bindAgg(corr, two, testContext({ ansi: false })), rows), null);
  assert.equal(runAgg(bindAgg(corr, two), [[1, 2]]), null);
});

test("numeric aggregates reject non-numeric input", () => {
  assert.throws(() => bindAgg(stddevSamp, [argOf(BOOLEAN)]), /UNEXPECTED_INPUT_TYPE/);
  assert.throws(() => bindAgg(corr, [argOf(DOUBLE), argOf(STRING)]), /UNEXPECTED_INPUT_TYPE/);
});

test("group-by.sql.out golden values (one partial buffer per row, as Spark's test run merged them)", () => {
  const perRow = (def: typeof varSamp, rows: unknown[][]): unknown => {
    const k = bindAgg(
      def,
      rows[0]!.map(() => argOf(DOUBLE)),
    );
    let buf = k.init();
    for (const r of rows) if (!r.includes(null)) buf = k.merge(buf, k.update(k.init(), ...r));
    return k.finish(buf);
  };
  const a = col(1, 1, 2, 2, 3, 3, null, 3, null);
  assert.equal(perRow(varSamp, a), 0.8095238095238094);
  assert.equal(perRow(stddevSamp, a), 0.8997354108424372);
  const reg = [
    [10, 11],
    [20, 22],
    [30, 35],
  ];
  assert.equal(perRow(corr, reg), 0.9988445981121533);
});
