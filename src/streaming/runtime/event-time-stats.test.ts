import assert from "node:assert/strict";
import { test } from "node:test";
import { EventTimeStats, eventTimeMap, eventTimeMillis } from "./event-time-stats.js";

test("add keeps max, min, count and the running mean", () => {
  const s = new EventTimeStats();
  for (const t of [10_000, 12_000, 11_001]) s.add(t);
  assert.equal(s.max, 12_000);
  assert.equal(s.min, 10_000);
  assert.equal(s.count, 3);
  assert.equal(s.avg, 11_000.333333333334);
});

test("merge weights the means by count and ignores empty stats", () => {
  const a = new EventTimeStats();
  a.add(1000);
  a.add(3000);
  const b = new EventTimeStats();
  b.add(8000);
  a.merge(new EventTimeStats());
  assert.equal(a.count, 2);
  a.merge(b);
  assert.deepEqual([a.max, a.min, a.count, a.avg], [8000, 1000, 3, 4000]);
  const empty = new EventTimeStats();
  empty.merge(b);
  assert.deepEqual([empty.max, empty.min, empty.count, empty.avg], [8000, 8000, 1, 8000]);
});

test("eventTime map: stats and watermark, avg truncated to whole ms", () => {
  const s = new EventTimeStats();
  s.add(1480971260827);
  s.add(1480971260830);
  assert.deepEqual(Object.fromEntries(eventTimeMap(s, 0)), {
    max: "2016-12-05T20:54:20.830Z",
    min: "2016-12-05T20:54:20.827Z",
    avg: "2016-12-05T20:54:20.828Z",
    watermark: "1970-01-01T00:00:00.000Z",
  });
});

test("eventTime map without data has only the watermark; without a watermark it may be empty", () => {
  assert.deepEqual([...eventTimeMap(null, 1480971250827)], [["watermark", "2016-12-05T20:54:10.827Z"]]);
  assert.deepEqual([...eventTimeMap(new EventTimeStats(), null)], []);
  const s = new EventTimeStats();
  s.add(5);
  assert.deepEqual([...eventTimeMap(s, null).keys()], ["max", "min", "avg"]);
});

test("event times in ms truncate microseconds toward zero", () => {
  assert.equal(eventTimeMillis(1_480_971_260_827_999), 1_480_971_260_827);
  assert.equal(eventTimeMillis(-1_500), -1);
});
