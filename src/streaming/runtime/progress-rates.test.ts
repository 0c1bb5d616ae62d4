import assert from "node:assert/strict";
import { test } from "node:test";
import { inputRowsPerSecond, processedRowsPerSecond } from "./progress-rates.js";

test("input rate: rows over the time since the previous trigger started", () => {
  assert.equal(inputRowsPerSecond(10, 2000, 1000), 10);
  assert.equal(inputRowsPerSecond(3, 1500, 1000), 6);
  assert.equal(inputRowsPerSecond(0, 2000, 1000), 0);
});

test("input rate of the first trigger is 0 (infinite interval)", () => {
  assert.equal(inputRowsPerSecond(678, 1000, null), 0);
  assert.equal(inputRowsPerSecond(678, 1000, -1), 0);
});

test("input rate over a zero interval is Infinity, or NaN with no rows", () => {
  assert.equal(inputRowsPerSecond(5, 1000, 1000), Number.POSITIVE_INFINITY);
  assert.ok(Number.isNaN(inputRowsPerSecond(0, 1000, 1000)));
});

test("processed rate counts at least 1 ms (SPARK-29973)", () => {
  assert.equal(processedRowsPerSecond(2, 0), 2000);
  assert.equal(processedRowsPerSecond(2, 1), 2000);
  assert.equal(processedRowsPerSecond(0, 0), 0);
  assert.equal(processedRowsPerSecond(678, 2000), 339);
});
