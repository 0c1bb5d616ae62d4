import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, SystemClock, waitTill } from "./clock.js";

test("ManualClock.waitTill resolves only when the clock is advanced far enough", async () => {
  const clock = new ManualClock(1000);
  let woke = false;
  const p = clock.waitTill(1500).then(() => {
    woke = true;
  });
  assert.equal(clock.isWaitingAt(1500), true);
  clock.advance(400);
  await Promise.resolve();
  assert.equal(woke, false);
  clock.advance(100);
  await p;
  assert.equal(woke, true);
  assert.equal(clock.hasWaiters, false);
});

test("ManualClock.waitTill ends early on abort, and at once for a time already passed", async () => {
  const clock = new ManualClock(10);
  await clock.waitTill(5);
  const ac = new AbortController();
  const p = clock.waitTill(1_000_000, ac.signal);
  ac.abort();
  await p;
  assert.equal(clock.hasWaiters, false);
});

test("waitTill on a clock without waitTill sleeps in real time", async () => {
  const clock = new SystemClock();
  const target = clock.nowMillis() + 20;
  await waitTill(clock, target);
  assert.ok(clock.nowMillis() >= target - 1);
});
