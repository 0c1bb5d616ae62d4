import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import { TriggerDurations } from "./trigger-durations.js";

test("phases are timed with the clock and add up", () => {
  const clock = new ManualClock(100);
  const d = new TriggerDurations(clock);
  assert.equal(
    d.time("walCommit", () => {
      clock.advance(3);
      return "ok";
    }),
    "ok",
  );
  d.time("walCommit", () => clock.advance(2));
  d.add("getBatch", 0);
  assert.equal(d.get("walCommit"), 5);
  assert.equal(d.get("addBatch"), undefined);
  assert.deepEqual(
    [...d.toMap()],
    [
      ["walCommit", 5],
      ["getBatch", 0],
    ],
  );
});

test("a clock going backwards counts 0; a throwing phase is still timed", () => {
  const clock = new ManualClock(100);
  const d = new TriggerDurations(clock);
  d.time("latestOffset", () => clock.setTime(50));
  assert.equal(d.get("latestOffset"), 0);
  assert.throws(() =>
    d.time("addBatch", () => {
      clock.advance(7);
      throw new TypeError("sink failed");
    }),
  );
  assert.equal(d.get("addBatch"), 7);
});

test("async phases are timed until they settle; clear forgets everything", async () => {
  const clock = new ManualClock(0);
  const d = new TriggerDurations(clock);
  const v = await d.timeAsync("addBatch", async () => {
    await Promise.resolve();
    clock.advance(11);
    return 42;
  });
  assert.equal(v, 42);
  await assert.rejects(
    d.timeAsync("commitOffsets", async () => {
      clock.advance(1);
      throw new TypeError("x");
    }),
  );
  const snapshot = d.toMap();
  d.clear();
  assert.deepEqual(
    [...snapshot],
    [
      ["addBatch", 11],
      ["commitOffsets", 1],
    ],
  );
  assert.equal(d.toMap().size, 0);
});
