import assert from "node:assert/strict";
import { test } from "node:test";
import { EventTimeStats } from "./event-time-stats.js";
import { parseWatermarkPolicy, WatermarkTracker } from "./watermark-tracker.js";

function stats(...times: number[]): EventTimeStats {
  const s = new EventTimeStats();
  for (const t of times) s.add(t);
  return s;
}

test("one node: max event time minus the delay, never moving back", () => {
  const t = new WatermarkTracker("min");
  assert.equal(t.currentWatermarkMs, 0);
  t.update([{ delayMs: 10_000, stats: stats(15_000, 12_000) }]);
  assert.equal(t.currentWatermarkMs, 5_000);
  t.update([{ delayMs: 10_000, stats: stats(11_000) }]);
  assert.equal(t.currentWatermarkMs, 5_000, "an older max does not lower it");
  t.update([{ delayMs: 10_000, stats: stats() }]);
  assert.equal(t.currentWatermarkMs, 5_000, "a batch without rows keeps it");
  t.update([{ delayMs: 10_000, stats: stats(25_000) }]);
  assert.equal(t.currentWatermarkMs, 15_000);
});

test("min policy waits for every input; max follows the fastest", () => {
  const min = new WatermarkTracker("min");
  const max = new WatermarkTracker("max");
  for (const t of [min, max])
    t.update([
      { delayMs: 0, stats: stats(10_000) },
      { delayMs: 0, stats: stats() },
    ]);
  assert.equal(min.currentWatermarkMs, 0, "the second input has seen nothing yet");
  assert.equal(max.currentWatermarkMs, 10_000);
  for (const t of [min, max])
    t.update([
      { delayMs: 0, stats: stats() },
      { delayMs: 0, stats: stats(4_000) },
    ]);
  assert.equal(min.currentWatermarkMs, 4_000);
  assert.equal(max.currentWatermarkMs, 10_000);
  for (const t of [min, max])
    t.update([
      { delayMs: 0, stats: stats(30_000) },
      { delayMs: 0, stats: stats(2_000) },
    ]);
  assert.equal(min.currentWatermarkMs, 4_000, "node watermarks are monotonic too");
  assert.equal(max.currentWatermarkMs, 30_000);
});

test("a restored watermark is a floor", () => {
  const t = new WatermarkTracker("min", 0);
  t.setWatermark(20_000);
  t.update([{ delayMs: 5_000, stats: stats(21_000) }]);
  assert.equal(t.currentWatermarkMs, 20_000);
  t.setWatermark(1_000);
  assert.equal(t.currentWatermarkMs, 20_000);
});

test("a plan without watermark nodes leaves the watermark alone", () => {
  const t = new WatermarkTracker("max", 7);
  t.update([]);
  assert.equal(t.currentWatermarkMs, 7);
});

test("policy values", () => {
  assert.equal(parseWatermarkPolicy(undefined), "min");
  assert.equal(parseWatermarkPolicy(" MAX "), "max");
  assert.throws(() => parseWatermarkPolicy("avg"), /valid values are 'min' and 'max'/);
});
