import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusMessages, StreamingQueryStatus } from "./streaming-query-status.js";

test("prettyJson, json and toString as Spark's suite", () => {
  const s = new StreamingQueryStatus("active", true, false);
  assert.equal(
    s.prettyJson,
    '{\n  "message" : "active",\n  "isDataAvailable" : true,\n  "isTriggerActive" : false\n}',
  );
  assert.equal(s.json, '{"message":"active","isDataAvailable":true,"isTriggerActive":false}');
  assert.equal(String(s), s.prettyJson);
  assert.deepEqual(s.toDict(), { message: "active", isDataAvailable: true, isTriggerActive: false });
});

test("Spark's status messages", () => {
  assert.equal(StreamingQueryStatus.initial().message, "Initializing StreamExecution");
  assert.equal(StatusMessages.initializingSources, "Initializing sources");
  assert.equal(
    StatusMessages.gettingOffsetsFrom("MemoryStream[value#1]"),
    "Getting offsets from MemoryStream[value#1]",
  );
  assert.equal(StatusMessages.processingNewData, "Processing new data");
  assert.equal(StatusMessages.waitingForNextTrigger, "Waiting for next trigger");
  assert.equal(StatusMessages.waitingForDataToArrive, "Waiting for data to arrive");
  assert.equal(StatusMessages.stopped, "Stopped");
  assert.equal(StatusMessages.terminatedWithException("boom"), "Terminated with exception: boom");
});

test("copy replaces only the given fields", () => {
  const s = StreamingQueryStatus.initial().copy({
    message: StatusMessages.processingNewData,
    isTriggerActive: true,
  });
  assert.equal(s.message, "Processing new data");
  assert.equal(s.isTriggerActive, true);
  assert.equal(s.isDataAvailable, false);
  const t = s.copy({ isDataAvailable: true });
  assert.equal(t.message, "Processing new data");
  assert.equal(t.isDataAvailable, true);
  assert.equal(s.isDataAvailable, false);
});
