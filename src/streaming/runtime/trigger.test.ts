import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { nextBatchTime, triggerIntervalMs, triggerString } from "./trigger.js";

test("processing-time intervals parse as Spark's ProcessingTimeTrigger (days and time units, no months)", () => {
  assert.equal(triggerIntervalMs("10 seconds", "ProcessingTime"), 10_000);
  assert.equal(triggerIntervalMs("1 minute", "ProcessingTime"), 60_000);
  assert.equal(triggerIntervalMs("interval 1 day 2 hours", "ProcessingTime"), 93_600_000);
  assert.equal(triggerIntervalMs("500 milliseconds", "ProcessingTime"), 500);
  assert.equal(triggerIntervalMs(250, "ProcessingTime"), 250);
  assert.throws(
    () => triggerIntervalMs("1 month", "ProcessingTime"),
    (e: unknown) => e instanceof TsparkError && /Doesn't support month or year interval/.test(e.message),
  );
  assert.throws(
    () => triggerIntervalMs("-1 second", "ProcessingTime"),
    (e: unknown) => e instanceof TsparkError && /should not be negative/.test(e.message),
  );
  assert.throws(
    () => triggerIntervalMs("soon", "ProcessingTime"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "INVALID_INTERVAL_FORMAT.INTERVAL_PARSING",
  );
});

test("the next batch of a processing-time trigger starts at the next interval boundary", () => {
  // Spark's ProcessingTimeExecutorSuite: nextBatchTime(t) is the first multiple of the interval after t.
  assert.equal(nextBatchTime(0, 100), 100);
  assert.equal(nextBatchTime(99, 100), 100);
  assert.equal(nextBatchTime(100, 100), 200);
  assert.equal(nextBatchTime(101, 100), 200);
  assert.equal(nextBatchTime(77, 0), 77);
});

test("triggers print as Spark's trigger objects", () => {
  assert.equal(triggerString({ kind: "processingTime", intervalMs: 10_000 }), "ProcessingTimeTrigger(10000)");
  assert.equal(triggerString({ kind: "once" }), "OneTimeTrigger");
  assert.equal(triggerString({ kind: "availableNow" }), "AvailableNowTrigger");
});
