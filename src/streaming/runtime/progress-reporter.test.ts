import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import type { QueryIdleEvent, QueryProgressEvent } from "./listener-events.js";
import { SinkProgress, StreamingQueryProgress } from "./progress.js";
import { ProgressReporter } from "./progress-reporter.js";
import { StreamingQueryListener } from "./streaming-query-listener.js";
import { StreamingQueryListenerBus } from "./streaming-query-listener-bus.js";

const ID = "9a8b3024-d197-4689-9075-43c312e33637";
const RUN = "ab99d132-bfba-4d5f-9dc5-d7004ca249cd";

const progress = (batchId: number) =>
  new StreamingQueryProgress({
    id: ID,
    runId: RUN,
    name: null,
    timestamp: "2016-12-05T20:54:20.827Z",
    batchId,
    batchDuration: 0,
    durationMs: null,
    eventTime: null,
    stateOperators: [],
    sources: [],
    sink: new SinkProgress({ description: "sink" }),
    observedMetrics: null,
  });

class Recorder extends StreamingQueryListener {
  readonly seen: string[] = [];
  onQueryStarted(): void {}
  onQueryProgress(e: QueryProgressEvent): void {
    this.seen.push(`progress:${e.progress.batchId}`);
  }
  override onQueryIdle(e: QueryIdleEvent): void {
    this.seen.push(`idle:${e.timestamp}`);
  }
  onQueryTerminated(): void {}
}

function setup(interval = 10_000, retention = 100) {
  const clock = new ManualClock(1_000_000);
  const bus = new StreamingQueryListenerBus();
  const r = new Recorder();
  bus.addListener(r);
  const reporter = new ProgressReporter({
    clock,
    bus,
    noDataProgressEventIntervalMs: interval,
    numRecentProgressUpdates: retention,
  });
  return { clock, bus, r, reporter };
}

test("lastProgress is null before the first report; batch progress is kept and posted", async () => {
  const { bus, r, reporter } = setup();
  const before = reporter.lastProgress;
  assert.equal(before, null);
  assert.deepEqual(reporter.recentProgress, []);
  const p0 = progress(0);
  reporter.updateProgress(p0);
  reporter.updateProgress(progress(1));
  assert.equal(reporter.recentProgress[0], p0);
  assert.equal(reporter.lastProgress?.batchId, 1);
  await bus.flush();
  assert.deepEqual(r.seen, ["progress:0", "progress:1"]);
});

test("retention keeps at most numRecentProgressUpdates − 1 reports, dropping the oldest", () => {
  const { reporter } = setup(10_000, 3);
  for (let i = 0; i < 5; i++) reporter.updateProgress(progress(i));
  assert.deepEqual(
    reporter.recentProgress.map((p) => p.batchId),
    [3, 4],
  );
});

test("idle reports: the first is kept silently, then at most one per interval with an idle event", async () => {
  const { clock, bus, r, reporter } = setup(10_000);
  reporter.updateIdleness(ID, RUN, clock.nowMillis(), progress(0));
  assert.equal(reporter.recentProgress.length, 1);
  clock.advance(9_999);
  reporter.updateIdleness(ID, RUN, clock.nowMillis(), progress(0));
  assert.equal(reporter.recentProgress.length, 1);
  clock.advance(1);
  const start = clock.nowMillis() - 5;
  reporter.updateIdleness(ID, RUN, start, progress(0));
  assert.equal(reporter.recentProgress.length, 2);
  await bus.flush();
  assert.deepEqual(r.seen, ["idle:1970-01-01T00:16:49.995Z"]);
});

test("a batch restarts the idle interval", async () => {
  const { clock, bus, r, reporter } = setup(10_000);
  reporter.updateProgress(progress(0));
  clock.advance(5_000);
  reporter.updateIdleness(ID, RUN, clock.nowMillis(), progress(1));
  assert.equal(reporter.recentProgress.length, 1);
  clock.advance(5_000);
  reporter.updateIdleness(ID, RUN, clock.nowMillis(), progress(1));
  assert.equal(reporter.recentProgress.length, 2);
  await bus.flush();
  assert.deepEqual(r.seen, ["progress:0", "idle:1970-01-01T00:16:50.000Z"]);
});
