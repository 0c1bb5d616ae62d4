import assert from "node:assert/strict";
import { test } from "node:test";
import { BOOLEAN, DecimalType, DOUBLE, INT, LONG, STRING } from "../../types/data-type.js";
import { argOf, testContext } from "../testing.js";
import { avg } from "./avg.js";
import { bitAnd, bitOr, bitXor } from "./bit-aggregates.js";
import { boolAnd, boolOr } from "./bool-and-or.js";
import { count } from "./count.js";
import { countIf } from "./count-if.js";
import { product } from "./product.js";
import { sum } from "./sum.js";
import { tryAvg, trySum } from "./try-sum-avg.js";
import { bindAgg, col, runAgg, runAggChecked } from "./testing.js";

test("count: counts rows with all arguments non-null (Spark docs)", () => {
  const k = bindAgg(count, [argOf(INT)]);
  assert.equal(runAggChecked(k, col(null, 5, 5, 20)), 3);
  assert.equal(runAggChecked(k, []), 0);
  const k2 = bindAgg(count, [argOf(INT), argOf(STRING)]);
  assert.equal(
    runAggChecked(k2, [
      [1, "a"],
      [null, "b"],
      [2, null],
      [3, "c"],
    ]),
    2,
  );
  assert.equal(k.dataType, LONG);
  assert.equal(k.nullable, false);
});

test("count_if: counts TRUE only", () => {
  const k = bindAgg(countIf, [argOf(BOOLEAN)]);
  assert.equal(runAggChecked(k, col(null, true, false, true)), 2);
  assert.throws(() => bindAgg(countIf, [argOf(INT)]), /UNEXPECTED_INPUT_TYPE/);
});

test("sum: integral → BIGINT, NULL for no input (Spark docs)", () => {
  const k = bindAgg(sum, [argOf(INT)]);
  assert.equal(k.dataType, LONG);
  assert.equal(runAggChecked(k, col(5, 10, 15)), 30);
  assert.equal(runAggChecked(k, col(null, 10, 15)), 25);
  assert.equal(runAggChecked(k, col(null, null)), null);
  assert.equal(runAggChecked(k, []), null);
});

test("sum: BIGINT overflow is ARITHMETIC_OVERFLOW in ANSI mode and wraps otherwise", () => {
  const rows = col(9223372036854775807n, 1);
  assert.throws(() => runAgg(bindAgg(sum, [argOf(LONG)]), rows), /ARITHMETIC_OVERFLOW/);
  const legacy = bindAgg(sum, [argOf(LONG)], testContext({ ansi: false }));
  assert.equal(runAgg(legacy, rows), -9223372036854775808n);
  // Large but in-range values stay exact.
  assert.equal(runAggChecked(bindAgg(sum, [argOf(LONG)]), col(9007199254740993n, 1)), 9007199254740994n);
});

test("sum: decimal(p, s) → decimal(p + 10, s)", () => {
  const k = bindAgg(sum, [argOf(new DecimalType(5, 2))]);
  assert.equal(k.dataType.simpleString(), "decimal(15,2)");
  assert.equal(runAggChecked(k, col(150n, 225n, null)), 375n);
  const big = new DecimalType(38, 0);
  const max = 10n ** 38n - 1n;
  assert.throws(() => runAgg(bindAgg(sum, [argOf(big)]), col(max, 1n)), /ARITHMETIC_OVERFLOW/);
  assert.equal(runAgg(bindAgg(sum, [argOf(big)], testContext({ ansi: false })), col(max, 1n)), null);
});

test("sum: double", () => {
  const k = bindAgg(sum, [argOf(DOUBLE)]);
  assert.equal(runAggChecked(k, col(1.5, 2.5, null)), 4);
});

test("avg: double result, decimal(p+4, s+4) for decimals (Spark docs)", () => {
  const k = bindAgg(avg, [argOf(INT)]);
  assert.equal(k.dataType, DOUBLE);
  assert.equal(runAggChecked(k, col(1, 2, 3)), 2);
  assert.equal(runAggChecked(k, col(1, 2, null)), 1.5);
  assert.equal(runAggChecked(k, []), null);
  const d = bindAgg(avg, [argOf(new DecimalType(10, 2))]);
  assert.equal(d.dataType.simpleString(), "decimal(14,6)");
  // avg(1.00, 2.00, 2.00) = 1.666667 (HALF_UP)
  assert.equal(runAggChecked(d, col(100n, 200n, 200n)), 1666667n);
  assert.equal(runAggChecked(d, col(-100n, -200n, -200n)), -1666667n);
});

test("avg: mean prints as called", () => {
  assert.equal(avg.sql?.(["x"], "mean"), "mean(x)");
  assert.equal(avg.sql?.(["x"], "avg"), "avg(x)");
});

test("bool_and / bool_or (Spark docs)", () => {
  const and = bindAgg(boolAnd, [argOf(BOOLEAN)]);
  assert.equal(runAggChecked(and, col(true, true, true)), true);
  assert.equal(runAggChecked(and, col(null, true, true)), true);
  assert.equal(runAggChecked(and, col(true, false, true)), false);
  assert.equal(runAggChecked(and, col(null, null)), null);
  const or = bindAgg(boolOr, [argOf(BOOLEAN)]);
  assert.equal(runAggChecked(or, col(true, false, false)), true);
  assert.equal(runAggChecked(or, col(null, true, false)), true);
  assert.equal(runAggChecked(or, col(false, false, null)), false);
});

test("bit_and / bit_or / bit_xor (Spark docs)", () => {
  assert.equal(runAggChecked(bindAgg(bitAnd, [argOf(INT)]), col(3, 5)), 1);
  assert.equal(runAggChecked(bindAgg(bitOr, [argOf(INT)]), col(3, 5)), 7);
  assert.equal(runAggChecked(bindAgg(bitXor, [argOf(INT)]), col(3, 5)), 6);
  assert.equal(runAggChecked(bindAgg(bitOr, [argOf(LONG)]), col(2n ** 40n, 1)), 2 ** 40 + 1);
  assert.equal(runAggChecked(bindAgg(bitXor, [argOf(LONG)]), col(-1, 2n ** 62n)), -(2n ** 62n) - 1n);
  assert.equal(runAggChecked(bindAgg(bitAnd, [argOf(INT)]), []), null);
});

test("product", () => {
  const k = bindAgg(product, [argOf(INT)]);
  assert.equal(runAggChecked(k, col(1, 2, 3, null)), 6);
  assert.equal(runAggChecked(k, []), null);
});

test("decimal sum/avg overflow is checked against the decimal(p + 10, s) buffer", () => {
  const t = new DecimalType(38, 0);
  const max = 10n ** 38n - 1n;
  const near = 10n ** 37n * 9n;
  assert.throws(() => runAgg(bindAgg(sum, [argOf(t)]), col(near, near)), /ARITHMETIC_OVERFLOW/);
  assert.throws(() => runAgg(bindAgg(avg, [argOf(t)]), col(near, near)), /ARITHMETIC_OVERFLOW/);
  const legacy = testContext({ ansi: false });
  // Non-ANSI: once the buffer overflowed the result stays NULL, even if later values bring it back.
  assert.equal(runAgg(bindAgg(sum, [argOf(t)], legacy), col(near, near, -near)), null);
  assert.equal(runAgg(bindAgg(avg, [argOf(t)], legacy), col(near, near, -near)), null);
  assert.equal(runAgg(bindAgg(sum, [argOf(t)], legacy), col(max - 1n, 1n)), max);
});

test("try_sum / try_avg return NULL on overflow in any mode (Spark docs)", () => {
  assert.equal(runAggChecked(bindAgg(trySum, [argOf(INT)]), col(5, 10, 15)), 30);
  assert.equal(runAggChecked(bindAgg(trySum, [argOf(LONG)]), col(9223372036854775807n, 1)), null);
  // Overflow depends on the order of additions (as in Spark), so this one runs in a single buffer.
  assert.equal(runAgg(bindAgg(trySum, [argOf(LONG)]), col(9223372036854775807n, 1, -5)), null);
  assert.equal(runAggChecked(bindAgg(trySum, [argOf(INT)]), []), null);
  assert.equal(runAggChecked(bindAgg(tryAvg, [argOf(INT)]), col(1, 2, 3)), 2);
  assert.equal(runAggChecked(bindAgg(tryAvg, [argOf(INT)]), col(1, 2, null)), 1.5);
  const near = 10n ** 37n * 9n;
  assert.equal(runAgg(bindAgg(tryAvg, [argOf(new DecimalType(38, 0))]), col(near, near)), null);
});
