import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { ReadLimit } from "../api/stream-source.js";
import { DEFAULT_EVENTS_PER_TRIGGER, NexmarkStreamSource } from "./nexmark-stream-source.js";
import { parseNexmarkOptions } from "./options.js";

const ALL: ReadLimit = { kind: "all" };

function source(
  options: Record<string, string>,
  clock = new ManualClock(1_700_000_000_000),
): NexmarkStreamSource {
  return new NexmarkStreamSource(parseNexmarkOptions(options, 1), { clock });
}

async function batches(
  src: NexmarkStreamSource,
  start: string | undefined,
  end: string,
): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of src.getBatch(start, end)) out.push(b);
  return out;
}

/** Rows of batches as arrays (event_type, person, auction, bid, dateTime). */
function rowsOf(bs: readonly RecordBatch[]): unknown[][] {
  return bs.flatMap((b) => Array.from({ length: b.numRows }, (_, r) => b.columns.map((c) => c[r])));
}

test("offsets are event counts: a bounded stream without limit offers every event at once", async () => {
  const src = source({ "events.num": "1000" });
  assert.deepEqual(src.defaultReadLimit(), ALL);
  assert.equal(await src.latestOffset(undefined, ALL), "1000");
  assert.equal(await src.latestOffset("1000", ALL), "1000");
});

test("maxEventsPerTrigger is the default read limit; the last batch stops at events.num", async () => {
  const src = source({ "events.num": "250", maxEventsPerTrigger: "100" });
  const limit = src.defaultReadLimit();
  assert.deepEqual(limit, { kind: "maxRows", maxRows: 100 });
  assert.equal(await src.latestOffset(undefined, limit), "100");
  assert.equal(await src.latestOffset("100", limit), "200");
  assert.equal(await src.latestOffset("200", limit), "250");
  assert.equal(await src.latestOffset("250", limit), "250");
});

test("an unbounded, unpaced stream admits DEFAULT_EVENTS_PER_TRIGGER per trigger without a limit", async () => {
  const src = source({});
  assert.equal(await src.latestOffset(undefined, ALL), String(DEFAULT_EVENTS_PER_TRIGGER));
  assert.equal(await src.latestOffset("7", ALL), String(7 + DEFAULT_EVENTS_PER_TRIGGER));
  assert.equal(await src.latestOffset("7", { kind: "maxRows", maxRows: 3 }), "10");
});

test("rate.limited paces events by their event time from the run's first trigger", async () => {
  const clock = new ManualClock(5_000);
  // 10 000 events/s: event n is due floor(n · 100 µs) ms after the first.
  const src = source({ "rate.limited": "true" }, clock);
  assert.equal(await src.latestOffset(undefined, ALL), "10"); // events 0 … 9 share ms 0
  clock.advance(1);
  assert.equal(await src.latestOffset("10", ALL), "20");
  clock.advance(99);
  assert.equal(await src.latestOffset("10", ALL), "1010"); // events 0 … 1009 are at ms 0 … 100
  assert.equal(await src.latestOffset("10", { kind: "maxRows", maxRows: 5 }), "15");
});

test("rate.limited after a restart resumes pacing at the committed event", async () => {
  const clock = new ManualClock(1_000_000);
  const src = source({ "rate.limited": "true", "first-event.rate": "1000" }, clock);
  // Event 500 is at +500 ms of event time; the new run starts with the events of that ms due.
  assert.equal(await src.latestOffset("500", ALL), "501");
  clock.advance(20);
  assert.equal(await src.latestOffset("500", ALL), "521");
});

test("rate.limited never goes past events.num", async () => {
  const clock = new ManualClock(0);
  const src = source({ "rate.limited": "true", "events.num": "30" }, clock);
  assert.equal(await src.latestOffset(undefined, ALL), "10");
  clock.advance(10_000);
  assert.equal(await src.latestOffset("10", ALL), "30");
});

test("AvailableNow: a bounded stream ends at events.num, still in read-limit steps", async () => {
  const src = source({ "events.num": "250", maxEventsPerTrigger: "100" });
  src.prepareForTriggerAvailableNow();
  const limit = src.defaultReadLimit();
  assert.equal(await src.latestOffset(undefined, limit), "100");
  assert.equal(await src.latestOffset("100", limit), "200");
  assert.equal(await src.latestOffset("200", limit), "250");
});

test("AvailableNow on an unbounded stream fixes one trigger's worth as the end", async () => {
  const src = source({ maxEventsPerTrigger: "40" });
  src.prepareForTriggerAvailableNow();
  const limit = src.defaultReadLimit();
  assert.equal(await src.latestOffset("10", limit), "50");
  assert.equal(await src.latestOffset("50", limit), "50");
});

test("AvailableNow with rate.limited ends at what was due at the first trigger", async () => {
  const clock = new ManualClock(0);
  const src = source({ "rate.limited": "true" }, clock);
  src.prepareForTriggerAvailableNow();
  assert.equal(await src.latestOffset(undefined, ALL), "10");
  clock.advance(1000);
  assert.equal(await src.latestOffset("10", ALL), "10");
});

test("getBatch(start, end] holds event numbers start … end−1, the same on every call and in a fresh source", async () => {
  const src = source({ "events.num": "100" });
  const whole = rowsOf(await batches(src, undefined, "100"));
  assert.equal(whole.length, 100);
  const part = rowsOf(await batches(src, "37", "64"));
  assert.deepEqual(part, whole.slice(37, 64));
  assert.deepEqual(rowsOf(await batches(source({ "events.num": "100" }), "37", "64")), part);
  assert.deepEqual(rowsOf(await batches(src, "64", "64")), []);
  // dateTime at 10 000 events/s: event n at base + floor(n / 10) ms.
  assert.deepEqual(
    part.map((r) => r[4]),
    Array.from({ length: 27 }, (_, i) => (1436918400000 + Math.floor((37 + i) / 10)) * 1000),
  );
});

test("partitions are contiguous runs of the batch, in chunks of at most 4096 rows", async () => {
  const one = rowsOf(await batches(source({ "events.num": "20000" }), "5", "10005"));
  const src = source({ "events.num": "20000", numPartitions: "3" });
  const bs = await batches(src, "5", "10005");
  assert.deepEqual(
    bs.map((b) => [b.partitionId, b.numRows]),
    [
      [0, 3333],
      [1, 3333],
      [2, 3334],
    ],
  );
  assert.deepEqual(rowsOf(bs), one);
  const big = await batches(source({ "events.num": "20000" }), undefined, "10000");
  assert.deepEqual(
    big.map((b) => b.numRows),
    [4096, 4096, 1808],
  );
});

test("getBatch past events.num (a checkpoint of other options) is ILLEGAL_ARGUMENT", async () => {
  const src = source({ "events.num": "10" });
  await assert.rejects(
    batches(src, "5", "11"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ILLEGAL_ARGUMENT",
  );
});

test("an offset that is not a count is INTERNAL_ERROR", async () => {
  const src = source({});
  for (const bad of ['{"offset":3}', "-1", "1.5"])
    await assert.rejects(
      src.latestOffset(bad, ALL),
      (e: unknown) => e instanceof TsparkError && e.errorClass === "INTERNAL_ERROR",
      bad,
    );
});

test("the description names the generator's settings", () => {
  assert.equal(
    source({ "events.num": "5", seed: "3", numPartitions: "2" }).description,
    "NexmarkSource[events.num=5, first-event.rate=10000, rate.limited=false, seed=3, numPartitions=2]",
  );
});
