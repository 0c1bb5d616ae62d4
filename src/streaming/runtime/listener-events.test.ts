import assert from "node:assert/strict";
import { test } from "node:test";
import {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from "./listener-events.js";
import { SinkProgress, StreamingQueryProgress } from "./progress.js";

const ID = "9a8b3024-d197-4689-9075-43c312e33637";
const RUN = "ab99d132-bfba-4d5f-9dc5-d7004ca249cd";
const TS = "2023-07-19T18:29:46.282Z";

test("QueryStartedEvent fields and json (name null when unnamed)", () => {
  const e = new QueryStartedEvent(ID, RUN, null, TS);
  assert.equal(e.json, `{"id":"${ID}","runId":"${RUN}","name":null,"timestamp":"${TS}","jobTags":[]}`);
  assert.deepEqual([...e.jobTags], []);
  const named = new QueryStartedEvent(ID, RUN, "q", TS, new Set(["t1"]));
  assert.equal(JSON.parse(named.json).name, "q");
  assert.deepEqual([...named.jobTags], ["t1"]);
  assert.deepEqual(JSON.parse(named.json).jobTags, ["t1"]);
});

test("QueryProgressEvent json wraps the progress json", () => {
  const progress = new StreamingQueryProgress({
    id: ID,
    runId: RUN,
    name: null,
    timestamp: TS,
    batchId: 0,
    batchDuration: 5,
    durationMs: new Map([["triggerExecution", 5]]),
    eventTime: null,
    stateOperators: [],
    sources: [],
    sink: new SinkProgress({ description: "MemorySink", numOutputRows: 0 }),
    observedMetrics: null,
  });
  const e = new QueryProgressEvent(progress);
  assert.equal(e.progress, progress);
  assert.equal(e.json, `{"progress":${progress.json}}`);
});

test("QueryIdleEvent and QueryTerminatedEvent json", () => {
  assert.equal(new QueryIdleEvent(ID, RUN, TS).json, `{"id":"${ID}","runId":"${RUN}","timestamp":"${TS}"}`);
  const clean = new QueryTerminatedEvent(ID, RUN, null);
  assert.equal(clean.errorClassOnException, null);
  assert.equal(clean.json, `{"id":"${ID}","runId":"${RUN}","exception":null,"errorClassOnException":null}`);
  const failed = new QueryTerminatedEvent(ID, RUN, "[DIVIDE_BY_ZERO] Division by zero.", "DIVIDE_BY_ZERO");
  assert.equal(JSON.parse(failed.json).errorClassOnException, "DIVIDE_BY_ZERO");
});
