import assert from "node:assert/strict";
import { test } from "node:test";
import { withRestartAfterEveryBatch, startsImplicitly } from "./restart-matrix.js";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckNewAnswer,
  describeAction,
  ExpectFailure,
  MultiAddData,
  StartStream,
  StopStream,
  type StreamAction,
} from "./stream-action.js";
import type { MemoryStream } from "./memory-stream.js";

// The rewrite only looks at the action kinds; a stand-in source is enough to describe them.
const input = { toString: () => "MemoryStream[value]" } as unknown as MemoryStream;
const names = (actions: readonly StreamAction[]) => actions.map(describeAction);

test("a restart goes at every batch boundary: after a check, before the next input", () => {
  const out = withRestartAfterEveryBatch([
    AddData(input, 1),
    CheckAnswer(1),
    AssertOnQuery(() => true, "same run"),
    AddData(input, 2),
    CheckNewAnswer(2),
    AddData(input, 3),
    AddData(input, 4),
    CheckAnswer(1, 2, 3, 4),
  ]);
  assert.deepEqual(names(out), [
    "AddData to MemoryStream[value]: 1",
    "CheckAnswer: 1",
    "AssertOnQuery(<condition>, same run)",
    "StopStream",
    "StartStream()",
    "AddData to MemoryStream[value]: 2",
    "CheckNewAnswer: 2",
    "StopStream",
    "StartStream()",
    "AddData to MemoryStream[value]: 3",
    "AddData to MemoryStream[value]: 4",
    "CheckAnswer: 1,2,3,4",
  ]);
});

test("the restart reuses the latest StartStream's options and skips stopped streams", () => {
  const start = StartStream({ trigger: { processingTime: "10 seconds" } });
  const out = withRestartAfterEveryBatch([
    start,
    AddData(input, 1),
    AdvanceManualClock(10_000),
    CheckAnswer(1),
    AdvanceManualClock(10_000),
    CheckAnswer(1),
    StopStream,
    AddData(input, 2),
    StartStream(),
    CheckAnswer(1, 2),
    ExpectFailure(),
    AddData(input, 3),
  ]);
  assert.deepEqual(names(out), [
    'StartStream(trigger={"processingTime":"10 seconds"})',
    "AddData to MemoryStream[value]: 1",
    "AdvanceManualClock(10000)",
    "CheckAnswer: 1",
    "StopStream",
    'StartStream(trigger={"processingTime":"10 seconds"})',
    "AdvanceManualClock(10000)",
    "CheckAnswer: 1",
    "StopStream",
    "AddData to MemoryStream[value]: 2",
    "StartStream()",
    "CheckAnswer: 1,2",
    "ExpectFailure()",
    "AddData to MemoryStream[value]: 3",
  ]);
});

test("the query starts implicitly unless a StartStream precedes the first step that needs it", () => {
  assert.equal(startsImplicitly([AddData(input, 1), CheckAnswer(1)]), true);
  assert.equal(startsImplicitly([AddData(input, 1), StartStream(), CheckAnswer(1)]), false);
  assert.equal(startsImplicitly([CheckAnswer(), StartStream()]), true);
});

test("MultiAddData is an input: the restart goes before it, and it describes every stream", () => {
  const other = { toString: () => "MemoryStream[other]" } as unknown as MemoryStream;
  const out = withRestartAfterEveryBatch([
    MultiAddData([input, [1]], [other, [2, 3]]),
    CheckAnswer(1, 2, 3),
    MultiAddData([input, [4]], [other, []]),
    CheckNewAnswer(4),
  ]);
  assert.deepEqual(names(out), [
    "MultiAddData to MemoryStream[value]: 1; to MemoryStream[other]: 2,3",
    "CheckAnswer: 1,2,3",
    "StopStream",
    "StartStream()",
    "MultiAddData to MemoryStream[value]: 4; to MemoryStream[other]: ",
    "CheckNewAnswer: 4",
  ]);
  assert.throws(() => MultiAddData(), { errorClass: "ILLEGAL_ARGUMENT" });
});
