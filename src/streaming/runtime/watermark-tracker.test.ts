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

test("idle advance: after the timeout a node's watermark follows processing time from its last rows", () => {
  const t = new WatermarkTracker("min");
  t.update([{ delayMs: 5_000, stats: stats(10_000), idleTimeoutMs: 3_000 }], 100_000);
  assert.equal(t.currentWatermarkMs, 5_000);
  assert.equal(t.advanceIdle(102_999), false, "not idle long enough");
  assert.equal(t.currentWatermarkMs, 5_000);
  assert.equal(t.advanceIdle(103_000), true);
  assert.equal(t.currentWatermarkMs, 8_000);
  assert.equal(t.advanceIdle(105_000), true);
  assert.equal(t.currentWatermarkMs, 10_000);
  // New rows re-date the node; an older max does not lower what idling reached.
  t.update([{ delayMs: 5_000, stats: stats(9_000), idleTimeoutMs: 3_000 }], 106_000);
  assert.equal(t.currentWatermarkMs, 10_000);
  assert.equal(t.advanceIdle(107_000), false);
});

test("idle advance needs the option and rows seen; min waits for every node", () => {
  const t = new WatermarkTracker("min");
  t.update(
    [
      { delayMs: 0, stats: stats(10_000), idleTimeoutMs: 1_000 },
      { delayMs: 0, stats: stats(20_000) },
    ],
    0,
  );
  assert.equal(t.currentWatermarkMs, 10_000);
  assert.equal(t.advanceIdle(5_000), true, "the idle node moves to 15 s, the min follows");
  assert.equal(t.currentWatermarkMs, 15_000);
  assert.equal(t.advanceIdle(50_000), true);
  assert.equal(t.currentWatermarkMs, 20_000, "the node without the option holds the min");
  const off = new WatermarkTracker("min");
  off.update([{ delayMs: 0, stats: stats(10_000) }], 0);
  assert.equal(off.advanceIdle(1_000_000), false);
});
