import assert from "node:assert/strict";
import { test } from "node:test";
import type { FaultPoint } from "../common/fault-points.js";
import { crashVariantName, crashVariants, withCrashAt } from "./crash-matrix.js";
import type { MemoryStream } from "./memory-stream.js";
import {
  AddData,
  CheckAnswer,
  Crash,
  describeAction,
  StartStream,
  type StreamAction,
} from "./stream-action.js";

// The rewrite only looks at the action kinds; a stand-in source is enough to describe them.
const input = { toString: () => "MemoryStream[value]" } as unknown as MemoryStream;
const names = (actions: readonly StreamAction[]) => actions.map(describeAction);
const counts = (entries: [FaultPoint, number][]) => new Map<FaultPoint, number>(entries);

test("one variant per arrival at each point reached, in protocol order", () => {
  const variants = crashVariants(
    counts([
      ["after-commit-log", 2],
      ["after-offsets-write", 2],
      ["during-snapshot", 0],
      ["during-state-commit", 1],
    ]),
  );
  assert.deepEqual(variants.map(crashVariantName), [
    "after-offsets-write #1",
    "after-offsets-write #2",
    "during-state-commit #1",
    "after-commit-log #1",
    "after-commit-log #2",
  ]);
});

test("maxArrivalsPerPoint spreads the arrivals evenly, keeping the first and the last", () => {
  const arrivals = (n: number, max: number) =>
    crashVariants(counts([["after-sink-write", n]]), { maxArrivalsPerPoint: max }).map((v) => v.arrival);
  assert.deepEqual(arrivals(10, 2), [1, 10]);
  assert.deepEqual(arrivals(10, 3), [1, 6, 10]);
  assert.deepEqual(arrivals(10, 1), [1]);
  assert.deepEqual(arrivals(3, 5), [1, 2, 3]);
  assert.deepEqual(arrivals(7, 4), [1, 3, 5, 7]);
  assert.deepEqual(arrivals(0, 4), []);
});

test("the crash is armed first; an implicit start becomes explicit after it", () => {
  const implicit = withCrashAt([AddData(input, 1), CheckAnswer(1)], {
    point: "after-sink-write",
    arrival: 2,
  });
  assert.deepEqual(names(implicit), [
    "Crash(after-sink-write, arrival 2)",
    "StartStream()",
    "AddData to MemoryStream[value]: 1",
    "CheckAnswer: 1",
  ]);
  const explicit = withCrashAt([AddData(input, 1), StartStream(), CheckAnswer(1)], {
    point: "after-commit-log",
    arrival: 1,
  });
  assert.deepEqual(names(explicit), [
    "Crash(after-commit-log)",
    "AddData to MemoryStream[value]: 1",
    "StartStream()",
    "CheckAnswer: 1",
  ]);
});

test("Crash refuses an unknown point and an arrival below 1", () => {
  assert.throws(() => Crash("after-everything" as FaultPoint), { errorClass: "ILLEGAL_ARGUMENT" });
  assert.throws(() => Crash("after-sink-write", 0), { errorClass: "ILLEGAL_ARGUMENT" });
  assert.throws(() => Crash("after-sink-write", 1.5), { errorClass: "ILLEGAL_ARGUMENT" });
});
