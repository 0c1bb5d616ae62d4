// FlatMapGroupsWithStateExec through planIncremental: Spark's FlatMapGroupsWithStateSuite tests of
// InputProcessor.callFunctionAndUpdateState (`testStateUpdateWithData`) and processTimedOutState
// (`testStateUpdateWithTimeout`). Batch 0 stores the prior state and timeout of key "a" (at
// processing time 0, watermark 0); batch 1 runs at processing time 1000 and watermark 1000 (Spark's
// currentBatchTimestamp / currentBatchWatermark), with a row for "a" or without one, and the test
// reads the stored [state, timeout] afterwards. Spark's Int state is a one-field tuple here.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import type { GroupState, GroupStateTimeoutConf } from "../../src/index.js";
import { NO_TIMESTAMP } from "../../src/physical/group-state-impl.js";
import { StateStoreWriter } from "../../src/streaming/operators/state-store-writer.js";
import { StreamRun, streamInput } from "./operators-harness.js";

const CURRENT_BATCH_TIMESTAMP = 1000;
const CURRENT_BATCH_WATERMARK = 1000;
const BEFORE_TIMEOUT_THRESHOLD = 999;
const AFTER_TIMEOUT_THRESHOLD = 1001;

interface Case {
  readonly timeoutConf: GroupStateTimeoutConf;
  readonly priorState: number | undefined;
  readonly priorTimeoutTimestamp: number;
  /** What the function under test does. */
  readonly stateUpdates: (state: GroupState) => void;
  /** Batch 1 has a row for the key (else the key can only time out). */
  readonly withData: boolean;
}

/** Stored [state, timeout] of key "a" after batch 1, and whether the function was called in it. */
async function runCase(c: Case): Promise<{ state: number | undefined; timeout: number; called: boolean }> {
  let phase: "setup" | "test" = "setup";
  let called = false;
  const df: DataFrame = streamInput("in", "value STRING")
    .groupBy("value")
    .flatMapGroupsWithState(
      (_key, _rows, state) => {
        if (phase === "setup") {
          if (c.priorState !== undefined) state.update([c.priorState]);
          if (c.priorTimeoutTimestamp !== NO_TIMESTAMP) {
            if (c.timeoutConf === "ProcessingTimeTimeout") state.setTimeoutDuration(c.priorTimeoutTimestamp);
            else state.setTimeoutTimestamp(c.priorTimeoutTimestamp);
          }
          // Only a timeout, no state: Spark stores the timeout with an empty state row.
          if (c.priorState === undefined && c.priorTimeoutTimestamp === NO_TIMESTAMP) state.remove();
          return [];
        }
        called = true;
        c.stateUpdates(state);
        return [];
      },
      "key STRING",
      "value INT",
      "update",
      c.timeoutConf,
    );
  const setup = new StreamRun(df, "update");
  await setup.run([["a"]]);
  phase = "test";
  const run = new StreamRun(df, "update", {
    stateRoot: setup.stateRoot,
    batchId: 1,
    extra: {
      batchTimestampMs: CURRENT_BATCH_TIMESTAMP,
      watermarkMs: CURRENT_BATCH_WATERMARK,
      lateEventsWatermarkMs: CURRENT_BATCH_WATERMARK,
      // Spark's test builds the operator with these watermarks; the query has no withWatermark
      // whose watermark the planner would propagate to it, so the single-watermark mode hands
      // the batch's watermark to the operator as is.
      allowMultipleStatefulOperators: false,
    },
  });
  await run.run(c.withData ? [["a"]] : []);
  const op = run.plan([]).statefulOperators[0];
  assert.ok(op instanceof StateStoreWriter);
  let stored: readonly unknown[] | undefined;
  for (const store of await op.readStores()) {
    const v = store.get(["a"]);
    if (v !== undefined) stored = v as readonly unknown[];
  }
  if (stored === undefined) return { state: undefined, timeout: NO_TIMESTAMP, called };
  const row = stored[0] as readonly unknown[] | null;
  const timeout = stored.length > 1 ? Number(stored[1]) : NO_TIMESTAMP;
  return { state: row === null ? undefined : Number(row[0]), timeout, called };
}

function testStateUpdateWithData(
  name: string,
  c: Omit<Case, "withData">,
  expectedState: number | undefined,
  expectedTimeoutTimestamp = NO_TIMESTAMP,
): void {
  test(`${name} (with data)`, async () => {
    const r = await runCase({ ...c, withData: true });
    assert.deepEqual(
      { state: r.state, timeout: r.timeout },
      { state: expectedState, timeout: expectedTimeoutTimestamp },
    );
  });
}

// Tests for InputProcessor.callFunctionAndUpdateState
for (const priorState of [undefined, 5]) {
  const testName = priorState === undefined ? "prior state = None" : `prior state = ${priorState}`;
  for (const timeoutConf of ["NoTimeout", "ProcessingTimeTimeout", "EventTimeTimeout"] as const) {
    // Spark's priorTimeoutTimestamp: none without a timeout kind, else one before the threshold.
    const priorTimeoutTimestamp =
      timeoutConf === "NoTimeout" || priorState === undefined ? NO_TIMESTAMP : BEFORE_TIMEOUT_THRESHOLD;
    const base = { timeoutConf, priorState, priorTimeoutTimestamp };
    testStateUpdateWithData(
      `${timeoutConf} - ${testName} - no update`,
      { ...base, stateUpdates: () => {} },
      priorState,
    );
    testStateUpdateWithData(
      `${timeoutConf} - ${testName} - state updated`,
      { ...base, stateUpdates: (s) => s.update([5]) },
      5,
    );
    testStateUpdateWithData(
      `${timeoutConf} - ${testName} - state removed`,
      { ...base, stateUpdates: (s) => s.remove() },
      undefined,
    );
  }

  const proc = {
    timeoutConf: "ProcessingTimeTimeout" as const,
    priorState,
    priorTimeoutTimestamp: priorState === undefined ? NO_TIMESTAMP : BEFORE_TIMEOUT_THRESHOLD,
  };
  if (priorState === undefined) {
    testStateUpdateWithData(
      `ProcessingTimeTimeout - ${testName} - timeout updated without initializing state`,
      { ...proc, stateUpdates: (s) => s.setTimeoutDuration(5000) },
      undefined,
      CURRENT_BATCH_TIMESTAMP + 5000,
    );
  }
  testStateUpdateWithData(
    `ProcessingTimeTimeout - ${testName} - state and timeout duration updated`,
    {
      ...proc,
      stateUpdates: (s) => {
        s.update([5]);
        s.setTimeoutDuration(5000);
      },
    },
    5,
    CURRENT_BATCH_TIMESTAMP + 5000,
  );
  testStateUpdateWithData(
    `ProcessingTimeTimeout - ${testName} - timeout updated after state removed`,
    {
      ...proc,
      stateUpdates: (s) => {
        s.remove();
        s.setTimeoutDuration(5000);
      },
    },
    undefined,
    CURRENT_BATCH_TIMESTAMP + 5000,
  );

  const event = { ...proc, timeoutConf: "EventTimeTimeout" as const };
  if (priorState === undefined) {
    testStateUpdateWithData(
      `EventTimeTimeout - ${testName} - setting timeout without init state not allowed`,
      { ...event, stateUpdates: (s) => s.setTimeoutTimestamp(10000) },
      undefined,
      10000,
    );
  }
  testStateUpdateWithData(
    `EventTimeTimeout - ${testName} - state and timeout timestamp updated`,
    {
      ...event,
      stateUpdates: (s) => {
        s.update([5]);
        s.setTimeoutTimestamp(5000);
      },
    },
    5,
    5000,
  );
  testStateUpdateWithData(
    `EventTimeTimeout - ${testName} - timeout timestamp updated to before watermark`,
    {
      ...event,
      stateUpdates: (s) => {
        s.update([5]);
        assert.throws(() => s.setTimeoutTimestamp(CURRENT_BATCH_WATERMARK - 1), {
          errorClass: "ILLEGAL_ARGUMENT",
        });
      },
    },
    5,
    NO_TIMESTAMP,
  );
  testStateUpdateWithData(
    `EventTimeTimeout - ${testName} - setting timeout with state removal not allowed`,
    {
      ...event,
      stateUpdates: (s) => {
        s.remove();
        s.setTimeoutTimestamp(10000);
      },
    },
    undefined,
    10000,
  );
}

function testStateUpdateWithTimeout(
  name: string,
  timeoutConf: GroupStateTimeoutConf,
  priorTimeoutTimestamp: number,
  stateUpdates: (state: GroupState) => void,
  expectedState: number | undefined,
  expectedTimeoutTimestamp: number,
): void {
  test(`${name} (timeout)`, async () => {
    const r = await runCase({
      timeoutConf,
      priorState: 5,
      priorTimeoutTimestamp,
      stateUpdates,
      withData: false,
    });
    assert.deepEqual(
      { state: r.state, timeout: r.timeout },
      { state: expectedState, timeout: expectedTimeoutTimestamp },
    );
  });
}

// Tests for InputProcessor.processTimedOutState()
for (const timeoutConf of ["ProcessingTimeTimeout", "EventTimeTimeout"] as const) {
  test(`${timeoutConf} - should not timeout`, async () => {
    const r = await runCase({
      timeoutConf,
      priorState: 5,
      priorTimeoutTimestamp: AFTER_TIMEOUT_THRESHOLD,
      stateUpdates: () => assert.fail("function called without timeout"),
      withData: false,
    });
    assert.deepEqual(r, { state: 5, timeout: AFTER_TIMEOUT_THRESHOLD, called: false });
  });
  testStateUpdateWithTimeout(
    `${timeoutConf} - should timeout - no update/remove`,
    timeoutConf,
    BEFORE_TIMEOUT_THRESHOLD,
    (s) => {
      assert.equal(s.hasTimedOut, true);
      assert.equal(s.getCurrentProcessingTimeMs(), CURRENT_BATCH_TIMESTAMP);
      assert.throws(() => s.getCurrentWatermarkMs(), { errorClass: "_LEGACY_ERROR_TEMP_2204" }); // no watermark
    },
    5,
    NO_TIMESTAMP,
  );
  testStateUpdateWithTimeout(
    `${timeoutConf} - should timeout - update state`,
    timeoutConf,
    BEFORE_TIMEOUT_THRESHOLD,
    (s) => s.update([5]),
    5,
    NO_TIMESTAMP,
  );
  testStateUpdateWithTimeout(
    `${timeoutConf} - should timeout - remove state`,
    timeoutConf,
    BEFORE_TIMEOUT_THRESHOLD,
    (s) => s.remove(),
    undefined,
    NO_TIMESTAMP,
  );
}
testStateUpdateWithTimeout(
  "ProcessingTimeTimeout - should timeout - timeout duration updated",
  "ProcessingTimeTimeout",
  BEFORE_TIMEOUT_THRESHOLD,
  (s) => s.setTimeoutDuration(2000),
  5,
  CURRENT_BATCH_TIMESTAMP + 2000,
);
testStateUpdateWithTimeout(
  "ProcessingTimeTimeout - should timeout - timeout duration and state updated",
  "ProcessingTimeTimeout",
  BEFORE_TIMEOUT_THRESHOLD,
  (s) => {
    s.update([5]);
    s.setTimeoutDuration(2000);
  },
  5,
  CURRENT_BATCH_TIMESTAMP + 2000,
);
testStateUpdateWithTimeout(
  "EventTimeTimeout - should timeout - timeout timestamp updated",
  "EventTimeTimeout",
  BEFORE_TIMEOUT_THRESHOLD,
  (s) => s.setTimeoutTimestamp(5000),
  5,
  5000,
);
testStateUpdateWithTimeout(
  "EventTimeTimeout - should timeout - timeout and state updated",
  "EventTimeTimeout",
  BEFORE_TIMEOUT_THRESHOLD,
  (s) => {
    s.update([5]);
    s.setTimeoutTimestamp(5000);
  },
  5,
  5000,
);
