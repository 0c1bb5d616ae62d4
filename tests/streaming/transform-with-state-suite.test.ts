// Scenarios from Spark's TransformWithStateSuite (sql/core/src/test/scala/org/apache/spark/sql/
// streaming/) and python/pyspark/sql/tests/pandas/test_pandas_transform_with_state.py:
// transformWithState with value state, processing-time and event-time timers, deleteIfExists,
// unions, and the handle's errors. Spark's typed Datasets become rows: `groupByKey(x => x)` over
// a string stream is `groupBy("value")`, the output tuples rows by position. Processors are
// StatefulProcessor subclasses as in PySpark. Expected rows are Spark's; every scenario runs in
// the restart and crash matrices unless it says why not.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import type { GroupedData } from "../../src/api/grouped-data.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { ManualClock } from "../../src/common/clock.js";
import {
  type ExpiredTimerInfo,
  StatefulProcessor,
  type StatefulProcessorHandle,
  TimeMode,
  type TimerValues,
  type ValueState,
} from "../../src/index.js";
import {
  AddData,
  AdvanceManualClock,
  CheckNewAnswer,
  Execute,
  ExpectFailure,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";
import { unloadStateStores } from "../../src/streaming/state/state-store-registry.js";
import { ASSERTS_LAST_BATCH_PROGRESS, scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;
const OUTPUT = "key STRING, countAsString STRING";

/** Spark's RunningCountStatefulProcessor: a count per call, removed when it reaches 3. */
class RunningCountStatefulProcessor extends StatefulProcessor {
  protected handle!: StatefulProcessorHandle;
  protected countState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
    this.countState = handle.getValueState("countState", "value LONG");
  }

  protected currentCount(): number {
    return Number(this.countState.get()?.[0] ?? 0);
  }

  handleInputRows(
    key: unknown[],
    _rows: Iterable<Record<string, unknown>>,
    _tv: TimerValues,
  ): Iterable<unknown> {
    const count = this.currentCount() + 1;
    if (count === 3) {
      this.countState.clear();
      return [];
    }
    this.countState.update([count]);
    return [[key[0], String(count)]];
  }
}

/** Spark's RunningCountStatefulProcessorWithProcTimeTimer. */
class RunningCountWithProcTimeTimer extends RunningCountStatefulProcessor {
  override handleInputRows(
    key: unknown[],
    _rows: Iterable<Record<string, unknown>>,
    tv: TimerValues,
  ): Iterable<unknown> {
    const currCount = this.currentCount();
    if (currCount === 0 && (key[0] === "a" || key[0] === "c")) {
      this.handle.registerTimer(tv.getCurrentProcessingTimeInMs() + 5000);
    }
    const count = currCount + 1;
    if (count === 3) {
      this.countState.clear();
      return [];
    }
    this.countState.update([count]);
    return [[key[0], String(count)]];
  }

  override handleExpiredTimer(key: unknown[], _tv: TimerValues, _info: ExpiredTimerInfo): Iterable<unknown> {
    this.countState.clear();
    return [[key[0], "-1"]];
  }
}

/** Spark's RunningCountStatefulProcessorWithProcTimeTimerUpdates. */
class RunningCountWithProcTimeTimerUpdates extends RunningCountStatefulProcessor {
  private timerState!: ValueState;

  override init(handle: StatefulProcessorHandle): void {
    super.init(handle);
    this.timerState = handle.getValueState("timerState", "value LONG");
  }

  override handleInputRows(
    key: unknown[],
    rows: Iterable<Record<string, unknown>>,
    tv: TimerValues,
  ): Iterable<unknown> {
    const currCount = this.currentCount();
    const count = currCount + [...rows].length;
    this.countState.update([count]);
    if (key[0] === "a") {
      if (currCount === 0) {
        const next = tv.getCurrentProcessingTimeInMs() + 5000;
        this.handle.registerTimer(next);
        this.timerState.update([next]);
      } else if (currCount === 1) {
        this.handle.deleteTimer(Number(this.timerState.get()![0]));
        const next = tv.getCurrentProcessingTimeInMs() + 7500;
        this.handle.registerTimer(next);
        this.timerState.update([next]);
      }
    }
    return [[key[0], String(count)]];
  }

  override handleExpiredTimer(key: unknown[]): Iterable<unknown> {
    this.timerState.clear();
    return [[key[0], "-1"]];
  }
}

/** Spark's RunningCountStatefulProcessorWithMultipleTimers. */
class RunningCountWithMultipleTimers extends RunningCountStatefulProcessor {
  override handleInputRows(
    _key: unknown[],
    rows: Iterable<Record<string, unknown>>,
    tv: TimerValues,
  ): Iterable<unknown> {
    const count = this.currentCount() + [...rows].length;
    this.countState.update([count]);
    if (this.handle.listTimers().length === 0) {
      const now = tv.getCurrentProcessingTimeInMs();
      this.handle.registerTimer(now + 5000);
      this.handle.registerTimer(now + 10000);
      this.handle.registerTimer(now + 15000);
      assert.equal(this.handle.listTimers().length, 3);
    }
    return [];
  }

  override handleExpiredTimer(key: unknown[]): Iterable<unknown> {
    const currCount = this.currentCount();
    if (this.handle.listTimers().length === 1) this.countState.clear();
    return [[key[0], String(currCount)]];
  }
}

/** Spark's MaxEventTimeStatefulProcessor. */
class MaxEventTimeStatefulProcessor extends StatefulProcessor {
  private handle!: StatefulProcessorHandle;
  private maxEventTimeState!: ValueState;
  private timerState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
    this.maxEventTimeState = handle.getValueState("maxEventTimeState", "value LONG");
    this.timerState = handle.getValueState("timerState", "value LONG");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const times = [...rows].map((r) => Math.floor(Number(r.eventTime) / 1000));
    const maxEventTimeSec = Math.max(...times, Number(this.maxEventTimeState.get()?.[0] ?? 0));
    const timeoutTimestampMs = (maxEventTimeSec + 5) * 1000;
    this.maxEventTimeState.update([maxEventTimeSec]);
    const registered = Number(this.timerState.get()?.[0] ?? 0);
    if (registered < timeoutTimestampMs) {
      this.handle.deleteTimer(registered);
      this.handle.registerTimer(timeoutTimestampMs);
      this.timerState.update([timeoutTimestampMs]);
    }
    return [[key[0], maxEventTimeSec]];
  }

  override handleExpiredTimer(key: unknown[]): Iterable<unknown> {
    this.maxEventTimeState.clear();
    return [[key[0], -1]];
  }
}

/** A string stream grouped by its value (Spark's `groupByKey(x => x)`). */
function byValue(input: MemoryStream): GroupedData {
  return input.toDF().groupBy("value");
}

/** A session with a manual clock and 5 shuffle partitions (Spark's processing-time tests). */
function clockSession(): { session: SparkSession; clock: ManualClock } {
  const clock = new ManualClock();
  const session = SparkSession.builder
    .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
    .withClock(clock)
    .create();
  return { session, clock };
}

const trigger = { processingTime: "1 second" };

// TransformWithStateSuite "transformWithState - streaming with rocksdb should succeed"
scenario("transformWithState - value state", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = byValue(inputData).transformWithState(
    new RunningCountStatefulProcessor(),
    OUTPUT,
    "update",
    TimeMode.None,
  );
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      Execute((q) => {
        const p = q.lastProgress!.stateOperators[0]!;
        assert.equal(p.operatorName, "transformWithStateExec");
        assert.ok(p.customMetrics.get("numValueStateVars")! > 0);
        assert.equal(p.customMetrics.get("numRegisteredTimers"), 0);
      }, "transformWithState metrics"),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"]),
    ],
  };
});

// PySpark's name for the same operator
scenario("transformWithStateInPandas - value state", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = byValue(inputData).transformWithStateInPandas(
    new RunningCountStatefulProcessor(),
    OUTPUT,
    "Update",
    "none",
  );
  return {
    df: result,
    outputMode: "update",
    actions: [
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["b", "2"]),
    ],
  };
});

// TransformWithStateSuite "transformWithState - streaming with rocksdb and processing time timer
// should succeed"
scenario("transformWithState - processing time timer", () => {
  const { session, clock } = clockSession();
  const inputData = new MemoryStream(session, "value STRING");
  const result = byValue(inputData).transformWithState(
    new RunningCountWithProcTimeTimer(),
    OUTPUT,
    "update",
    TimeMode.ProcessingTime,
  );
  return {
    df: result,
    outputMode: "update",
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputData, "a"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["a", "1"]),

      AddData(inputData, "b"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["b", "1"]),

      AddData(inputData, "b"),
      AdvanceManualClock(10 * 1000),
      CheckNewAnswer(["a", "-1"], ["b", "2"]),

      StopStream,
      StartStream({ trigger, clock }),
      AddData(inputData, "b"),
      AddData(inputData, "c"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["c", "1"]), // should remove 'b' as count reaches 3

      AddData(inputData, "d"),
      AdvanceManualClock(10 * 1000),
      CheckNewAnswer(["c", "-1"], ["d", "1"]),
      StopStream,
    ],
  };
});

// TransformWithStateSuite "… processing time timer and updating timers should succeed"
scenario("transformWithState - processing time timer and updating timers", () => {
  const { session, clock } = clockSession();
  const inputData = new MemoryStream(session, "value STRING");
  const result = byValue(inputData).transformWithState(
    new RunningCountWithProcTimeTimerUpdates(),
    OUTPUT,
    "update",
    TimeMode.ProcessingTime,
  );
  return {
    df: result,
    outputMode: "update",
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputData, "a"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["a", "1"]), // at batch 0, ts = 1, timer = "a" -> [6] (= 1 + 5)

      AddData(inputData, "a"),
      AdvanceManualClock(2 * 1000),
      CheckNewAnswer(["a", "2"]), // at batch 1, ts = 3, timer = "a" -> [10.5] (3 + 7.5)
      StopStream,

      StartStream({ trigger, clock }),
      AddData(inputData, "d"),
      AdvanceManualClock(10 * 1000),
      // at batch 2, ts = 13, the timer for "a" expired; had it not been replaced it would fire twice
      CheckNewAnswer(["a", "-1"], ["d", "1"]),
      StopStream,
    ],
  };
});

// TransformWithStateSuite "… processing time timer and multiple timers should succeed"
scenario("transformWithState - processing time timer and multiple timers", () => {
  const { session, clock } = clockSession();
  const inputData = new MemoryStream(session, "value STRING");
  const result = byValue(inputData).transformWithState(
    new RunningCountWithMultipleTimers(),
    OUTPUT,
    "update",
    TimeMode.ProcessingTime,
  );
  return {
    df: result,
    outputMode: "update",
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputData, "a"),
      AdvanceManualClock(1 * 1000), // at batch 0, add 3 timers for given key = "a"

      AddData(inputData, "a"),
      AdvanceManualClock(6 * 1000),
      CheckNewAnswer(["a", "2"]), // at ts = 7, first timer expires and produces ("a", "2")
      AddData(inputData, "a"),
      AdvanceManualClock(5 * 1000),
      CheckNewAnswer(["a", "3"]), // at ts = 12, second timer expires and produces ("a", "3")
      StopStream,

      StartStream({ trigger, clock }),
      AddData(inputData, "a"),
      AdvanceManualClock(5 * 1000),
      CheckNewAnswer(["a", "4"]), // at ts = 17, third timer expires and produces ("a", "4")
      StopStream,
    ],
  };
});

/** A crash after the commit of the batch that moves the watermark loses the no-data batch after it. */
const NO_DATA_BATCH_LOST_BY_CRASH = {
  points: ["after-commit-log"],
  reason:
    "a crash after the commit of the batch that moves the watermark skips the no-data batch after it (no last execution after a restart, as in Spark), so the next batch's late-events watermark is the older one",
} as const;

// TransformWithStateSuite "transformWithState - streaming with rocksdb and event time based timer"
scenario("transformWithState - event time timer", () => {
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const result = inputData
    .toDF()
    .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("eventTime"))
    .withWatermark("eventTime", "10 seconds")
    .groupBy("key")
    .transformWithState(
      new MaxEventTimeStatefulProcessor(),
      "key STRING, maxEventTimeSec INT",
      "update",
      "EventTime",
    );
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: NO_DATA_BATCH_LOST_BY_CRASH,
    actions: [
      StartStream(),
      AddData(inputData, ["a", 11], ["a", 13], ["a", 15]),
      // Max event time = 15. Timeout timestamp for "a" = 15 + 5 = 20. Watermark = 15 - 10 = 5.
      CheckNewAnswer(["a", 15]), // Output = max event time of a
      AddData(inputData, ["a", 4]), // Add data older than watermark for "a"
      CheckNewAnswer(), // No output as data should get filtered by watermark
      AddData(inputData, ["a", 10]), // Add data newer than watermark for "a"
      CheckNewAnswer(["a", 15]), // Max event time is still the same
      AddData(inputData, ["b", 31]), // Add data newer than watermark for "b", not "a"
      // Watermark = 31 - 10 = 21, so "a" should be timed out as timeout timestamp for "a" is 20.
      CheckNewAnswer(["a", -1], ["b", 31]),
    ],
  };
});

// TransformWithStateSuite "transformWithState - two input streams"
scenario("transformWithState - two input streams", () => {
  const inputData1 = new MemoryStream(spark, "value STRING");
  const inputData2 = new MemoryStream(spark, "value STRING");
  const result = inputData1
    .toDF()
    .union(inputData2.toDF())
    .groupBy("value")
    .transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "update", "None");
  return {
    df: result,
    outputMode: "update",
    actions: [
      AddData(inputData1, "a"),
      CheckNewAnswer(["a", "1"]),
      AddData(inputData2, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      AddData(inputData1, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      AddData(inputData1, "d", "e"),
      AddData(inputData2, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"], ["d", "1"], ["e", "1"]),
      StopStream,
    ],
  };
});

// ---- errors -------------------------------------------------------------------------------------

/** Spark's RunningCountStatefulProcessorWithError: declares a state variable outside init. */
class DeclaresStateInHandleInputRows extends RunningCountStatefulProcessor {
  override handleInputRows(): Iterable<unknown> {
    this.handle.getValueState("tempState", "value LONG");
    return [];
  }
}

// TransformWithStateSuite "transformWithState - streaming with rocksdb and invalid processor should fail"
test("transformWithState - declaring a state variable outside init fails", async () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = byValue(inputData).transformWithState(
    new DeclaresStateInHandleInputRows(),
    OUTPUT,
    "update",
    TimeMode.None,
  );
  await testStream(result, "update")(
    AddData(inputData, "a"),
    ExpectFailure({
      errorClass: "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE",
      check: (e) =>
        assert.deepEqual((e as { messageParameters?: unknown }).messageParameters, {
          operationType: "get_value_state",
          handleState: "INITIALIZED",
        }),
    }),
  );
});

/** Spark's TestValueStateExistsInInit. */
class ValueStateExistsInInit extends RunningCountStatefulProcessor {
  override init(handle: StatefulProcessorHandle): void {
    super.init(handle);
    this.countState.exists();
  }
}

// TransformWithStateSuite "transformWithState - ValueState.exists() should fail in init"
test("transformWithState - ValueState.exists() fails in init", async () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = byValue(inputData).transformWithState(
    new ValueStateExistsInInit(),
    OUTPUT,
    "update",
    "None",
  );
  await testStream(result, "update")(
    AddData(inputData, "a"),
    ExpectFailure({
      errorClass: "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE",
      check: (e) =>
        assert.deepEqual((e as { messageParameters?: unknown }).messageParameters, {
          operationType: "valueState.exists",
          handleState: "PRE_INIT",
        }),
    }),
  );
});

// StatefulProcessorHandleSuite "registering processing/event time timeouts with NoTimeout should fail"
test("transformWithState - a timer with time mode None fails", async () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = byValue(inputData).transformWithState(
    new RunningCountWithProcTimeTimer(),
    OUTPUT,
    "update",
    TimeMode.None,
  );
  await testStream(result, "update")(
    AddData(inputData, "a"),
    ExpectFailure({
      errorClass: "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE",
      check: (e) =>
        assert.deepEqual((e as { messageParameters?: unknown }).messageParameters, {
          operationType: "register_timer",
          timeMode: "NoTime",
        }),
    }),
  );
});

/** Declares two variables with one name. */
class DuplicateVariables extends RunningCountStatefulProcessor {
  override init(handle: StatefulProcessorHandle): void {
    super.init(handle);
    handle.getListState("countState", "value LONG");
  }
}

test("transformWithState - a duplicate state variable fails", async () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = byValue(inputData).transformWithState(new DuplicateVariables(), OUTPUT, "update", "None");
  await testStream(result, "update")(
    AddData(inputData, "a"),
    ExpectFailure({ errorClass: "STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED" }),
  );
});

test("transformWithState - an unknown time mode and Complete output are rejected", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  assert.throws(
    () =>
      byValue(inputData).transformWithState(
        new RunningCountStatefulProcessor(),
        OUTPUT,
        "update",
        "Sometime",
      ),
    { errorClass: "STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE" },
  );
  assert.throws(
    () =>
      byValue(inputData).transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "complete", "None"),
    { errorClass: "ILLEGAL_ARGUMENT" },
  );
});

// ---- deleteIfExists -------------------------------------------------------------------------------

/** Spark's RunningCountMostRecentStatefulProcessor over `(key, value)` rows. */
class RunningCountMostRecentStatefulProcessor extends StatefulProcessor {
  private countState!: ValueState;
  private mostRecent!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.countState = handle.getValueState("countState", "value LONG");
    this.mostRecent = handle.getValueState("mostRecent", "value STRING");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const count = Number(this.countState.get()?.[0] ?? 0) + 1;
    const mostRecent = this.mostRecent.get()?.[0] ?? "";
    const out: unknown[][] = [];
    for (const row of rows) {
      this.mostRecent.update([row._2]);
      this.countState.update([count]);
      out.push([key[0], String(count), mostRecent]);
    }
    return out;
  }
}

/** Spark's MostRecentStatefulProcessorWithDeletion: drops `countState` in init. */
class MostRecentStatefulProcessorWithDeletion extends StatefulProcessor {
  private mostRecent!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    handle.deleteIfExists("countState");
    this.mostRecent = handle.getValueState("mostRecent", "value STRING");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const mostRecent = this.mostRecent.get()?.[0] ?? "";
    const out: unknown[][] = [];
    for (const row of rows) {
      this.mostRecent.update([row._2]);
      out.push([key[0], mostRecent]);
    }
    return out;
  }
}

// TransformWithStateSuite "transformWithState - test deleteIfExists operator"
test("transformWithState - deleteIfExists drops a state variable of an earlier run", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-tws-delete-"));
  try {
    const inputData = new MemoryStream(spark, "_1 STRING, _2 STRING");
    const stream1 = inputData
      .toDF()
      .groupBy("_1")
      .transformWithState(
        new RunningCountMostRecentStatefulProcessor(),
        "key STRING, count STRING, mostRecent STRING",
        "update",
        TimeMode.None,
      );
    const stream2 = inputData
      .toDF()
      .groupBy("_1")
      .transformWithState(
        new MostRecentStatefulProcessorWithDeletion(),
        "key STRING, mostRecent STRING",
        "update",
        TimeMode.None,
      );
    await testStream(stream1, "update")(
      StartStream({ checkpointLocation: dir }),
      AddData(inputData, ["a", "str1"]),
      CheckNewAnswer(["a", "1", ""]),
      StopStream,
    );
    await testStream(stream2, "update")(
      StartStream({ checkpointLocation: dir }),
      AddData(inputData, ["a", "str2"], ["b", "str3"]),
      CheckNewAnswer(["a", "str1"], ["b", ""]), // should not factor in previous count state
      Execute((q) => {
        const p = q.lastProgress!.stateOperators[0]!;
        assert.equal(p.customMetrics.get("numDeletedStateVars"), 1);
        assert.equal(p.numRowsTotal, 2); // mostRecent of a and b; countState is gone
      }, "countState deleted"),
      StopStream,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- explain and checkpoint --------------------------------------------------------------------------

test("transformWithState - explain names the operator and its stores are recorded in the checkpoint", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-tws-explain-"));
  try {
    const inputData = new MemoryStream(spark, "value STRING");
    const result = byValue(inputData).transformWithState(
      new RunningCountWithProcTimeTimer(),
      OUTPUT,
      "update",
      TimeMode.ProcessingTime,
    );
    await testStream(result, "update")(
      StartStream({ checkpointLocation: dir }),
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      Execute((q) => {
        assert.match(q.explainString(), /TransformWithState \[value#\d+\], .*ProcessingTime, Update/);
      }, "explain"),
      StopStream,
    );
    // One schema file per store (state/<op>/0/<store>/_metadata/schema), as for the join's stores.
    const stores = readdirSync(join(dir, "state", "0", "0")).filter((f) =>
      existsSync(join(dir, "state", "0", "0", f, "_metadata", "schema")),
    );
    assert.deepEqual(stores.sort(), ["$procTimers_keyToTimestamp", "countState"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** RunningCount with its count kept as a string (an incompatible change of `countState`). */
class RunningCountAsString extends RunningCountStatefulProcessor {
  override init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
    this.countState = handle.getValueState("countState", "value STRING");
  }
}

// TransformWithStateSuite "test that different outputMode after query restart fails"-style check
// for state: a state variable whose schema changed is rejected on restart (Spark's schema check of
// each column family).
test("transformWithState - restarting with an incompatible state variable schema fails", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-tws-schema-"));
  try {
    const inputData = new MemoryStream(spark, "value STRING");
    await testStream(
      byValue(inputData).transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "update", "None"),
      "update",
    )(
      StartStream({ checkpointLocation: dir }),
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      StopStream,
    );
    await testStream(
      byValue(inputData).transformWithState(new RunningCountAsString(), OUTPUT, "update", "None"),
      "update",
    )(
      StartStream({ checkpointLocation: dir }),
      AddData(inputData, "a"),
      ExpectFailure({ errorClass: "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE" }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Spark's RunningCountListStatefulProcessor: `countState` declared as a list. */
class RunningCountListStatefulProcessor extends StatefulProcessor {
  init(handle: StatefulProcessorHandle): void {
    handle.getListState("countState", "value LONG");
  }

  handleInputRows(): Iterable<unknown> {
    return [];
  }
}

/** The messageParameters of a failure's cause, compared with `expected`. */
function parametersAre(expected: Record<string, string>) {
  return (cause: unknown) => {
    const params = (cause as { messageParameters?: Record<string, string> }).messageParameters ?? {};
    for (const [k, v] of Object.entries(expected)) assert.equal(params[k], v, k);
  };
}

/** Runs `first` with a checkpoint (one batch: "a" → 1), then `second` on it. */
async function restartWith(
  first: import("../../src/api/data-frame.js").DataFrame,
  second: import("../../src/api/data-frame.js").DataFrame,
  input: MemoryStream,
  secondActions: (dir: string) => Parameters<ReturnType<typeof testStream>>,
  clock?: ManualClock,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tspark-tws-restart-"));
  try {
    await testStream(first, "update")(
      ...(clock === undefined
        ? [StartStream({ checkpointLocation: dir }), AddData(input, "a")]
        : [
            StartStream({ checkpointLocation: dir, trigger, clock }),
            AddData(input, "a"),
            AdvanceManualClock(1000),
          ]),
      CheckNewAnswer(["a", "1"]),
      StopStream,
    );
    await testStream(second, "update")(...secondActions(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// TransformWithStateSuite "test that different outputMode after query restart fails"
test("transformWithState - test that different outputMode after query restart fails", async () => {
  const input = new MemoryStream(spark, "value STRING");
  await restartWith(
    byValue(input).transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "update", "None"),
    byValue(input).transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "append", "None"),
    input,
    (dir) => [
      StartStream({ checkpointLocation: dir }),
      AddData(input, "a"),
      ExpectFailure({
        errorClass: "STATE_STORE_INVALID_CONFIG_AFTER_RESTART",
        check: parametersAre({ configName: "outputMode", oldConfig: "Update", newConfig: "Append" }),
      }),
    ],
  );
});

// TransformWithStateSuite "test that changing between different state variable types fails"
test("transformWithState - test that changing between different state variable types fails", async () => {
  const input = new MemoryStream(spark, "value STRING");
  await restartWith(
    byValue(input).transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "update", "None"),
    byValue(input).transformWithState(new RunningCountListStatefulProcessor(), OUTPUT, "update", "None"),
    input,
    (dir) => [
      StartStream({ checkpointLocation: dir }),
      AddData(input, "a"),
      ExpectFailure({
        errorClass: "STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE",
        check: parametersAre({ stateVarName: "countState", newType: "ListState", oldType: "ValueState" }),
      }),
    ],
  );
});

// TransformWithStateSuite "test that different timeMode after query restart fails"
test("transformWithState - test that different timeMode after query restart fails", async () => {
  const { session, clock } = clockSession();
  const input = new MemoryStream(session, "value STRING");
  await restartWith(
    byValue(input).transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "update", "None"),
    byValue(input).transformWithState(
      new RunningCountStatefulProcessor(),
      OUTPUT,
      "update",
      "ProcessingTime",
    ),
    input,
    (dir) => [
      // Spark adds data and advances the clock first; tspark's check fails the run's first batch,
      // planned at once.
      StartStream({ checkpointLocation: dir, trigger, clock }),
      ExpectFailure({
        errorClass: "STATE_STORE_INVALID_CONFIG_AFTER_RESTART",
        check: parametersAre({ configName: "timeMode", oldConfig: "NoTime", newConfig: "ProcessingTime" }),
      }),
    ],
  );
});

// TransformWithStateSuite "test query restart with new state variable succeeds" (a timer added in
// the same time mode) and "test query restart succeeds"
test("transformWithState - test query restart with new state variable succeeds", async () => {
  const { session, clock } = clockSession();
  const input = new MemoryStream(session, "value STRING");
  await restartWith(
    byValue(input).transformWithState(
      new RunningCountStatefulProcessor(),
      OUTPUT,
      "update",
      "ProcessingTime",
    ),
    byValue(input).transformWithState(
      new RunningCountWithProcTimeTimer(),
      OUTPUT,
      "update",
      "ProcessingTime",
    ),
    input,
    (dir) => [
      StartStream({ checkpointLocation: dir, trigger, clock }),
      AddData(input, "a"),
      AdvanceManualClock(1000),
      CheckNewAnswer(["a", "2"]),
      StopStream,
    ],
    clock,
  );
});

// TransformWithStateSuite "transformWithState - verify that OperatorStateMetadataV2 file is being
// written correctly": the state-metadata source shows one default store and the properties.
test("transformWithState - the operator metadata records its properties (state-metadata source)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-tws-metadata-"));
  try {
    const session = SparkSession.builder
      .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
      .create();
    const input = new MemoryStream(session, "value STRING");
    const df = byValue(input).transformWithState(
      new RunningCountStatefulProcessor(),
      OUTPUT,
      "update",
      "None",
    );
    await testStream(df, "update")(
      StartStream({ checkpointLocation: dir }),
      AddData(input, "a"),
      CheckNewAnswer(["a", "1"]),
      StopStream,
      StartStream({ checkpointLocation: dir }),
      AddData(input, "a"),
      CheckNewAnswer(["a", "2"]),
      StopStream,
    );
    const meta = session.read.format("state-metadata").load(dir);
    const rows = (
      await meta
        .select("operatorId", "operatorName", "stateStoreName", "numPartitions", "minBatchId", "maxBatchId")
        .collect()
    ).map((r) => Object.values(r));
    assert.deepEqual(rows, [[0, "transformWithStateExec", "default", 5, 0, 1]]);
    const props = JSON.parse(
      String(Object.values((await meta.select("operatorProperties").collect())[0]!)[0]),
    );
    assert.equal(props.timeMode, "NoTime");
    assert.equal(props.outputMode, "Update");
    assert.deepEqual(
      props.stateVariables.map((v: { stateName: string }) => v.stateName),
      ["countState"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- chaining (TransformWithStateChainingSuite) -------------------------------------------------------

/** Spark's TestStatefulProcessor: per key, the earliest event time of the batch and the row count. */
class MinEventTimeProcessor extends StatefulProcessor {
  init(): void {}

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const all = [...rows];
    if (all.length === 0) return [];
    let min = all[0]!.eventTime as Date;
    for (const r of all) if ((r.eventTime as Date).getTime() < min.getTime()) min = r.eventTime as Date;
    return [{ key: key[0], outputEventTime: min, count: all.length }];
  }
}

/** Spark's StatefulProcessorEmittingRowsOlderThanWatermark: always emits event time 1 ms. */
class EmitsOldRows extends StatefulProcessor {
  init(): void {}

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    return [{ key: key[0], outputEventTime: new Date(1), count: [...rows].length }];
  }
}

/** Spark's InputCountStatefulProcessor. */
class InputCountProcessor extends StatefulProcessor {
  init(): void {}

  handleInputRows(_key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    return [[[...rows].length]];
  }
}

const CHAIN_OUTPUT = "key STRING, outputEventTime TIMESTAMP, count INT";

function eventRows(): { input: MemoryStream; watermarked: () => GroupedData } {
  const input = new MemoryStream(spark, "key STRING, eventTime STRING, event STRING");
  const watermarked = () =>
    input
      .toDF()
      .select(col("key"), col("eventTime").cast("timestamp").alias("eventTime"), col("event"))
      .withWatermark("eventTime", "1 minute")
      .groupBy("key");
  return { input, watermarked };
}

/** Asserts the query's last reported watermark (Spark's assertWatermarkEquals). */
const watermarkIs = (iso: string) =>
  Execute((q) => assert.equal(q.lastProgress!.eventTime.get("watermark"), iso), `watermark ${iso}`);

// TransformWithStateChainingSuite "watermark is propagated correctly for next stateful operator
// after transformWithState"
scenario("transformWithState - event-time column feeds a window aggregation", () => {
  const { input, watermarked } = eventRows();
  const result = watermarked()
    .transformWithState(
      new MinEventTimeProcessor(),
      CHAIN_OUTPUT,
      "append",
      "None",
      undefined,
      "outputEventTime",
    )
    .groupBy(F.window(col("outputEventTime"), "1 minute"))
    .count()
    .select(col("window.start").cast("string"), col("window.end").cast("string"), col("count"));
  return {
    df: result,
    outputMode: "append",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(input, ["k1", "2024-01-01 00:00:00", "e1"]),
      // watermark 1 minute behind; nothing is emitted
      CheckNewAnswer(),
      watermarkIs("2023-12-31T23:59:00.000Z"),
      AddData(input, ["k1", "2024-02-01 00:00:00", "e1"]),
      CheckNewAnswer(["2024-01-01 00:00:00", "2024-01-01 00:01:00", 1]),
      watermarkIs("2024-01-31T23:59:00.000Z"),
      AddData(input, ["k1", "2024-02-02 00:00:00", "e1"]),
      CheckNewAnswer(["2024-02-01 00:00:00", "2024-02-01 00:01:00", 1]),
    ],
  };
});

// TransformWithStateChainingSuite "chaining multiple transformWithState operators"
scenario("transformWithState - chaining two transformWithState operators", () => {
  const { input, watermarked } = eventRows();
  const result = watermarked()
    .transformWithState(
      new MinEventTimeProcessor(),
      CHAIN_OUTPUT,
      "append",
      "None",
      undefined,
      "outputEventTime",
    )
    .groupBy("key")
    .transformWithState(new InputCountProcessor(), "value INT", "append", "None");
  return {
    df: result,
    outputMode: "append",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(input, ["k1", "2024-01-01 00:00:00", "e1"]),
      CheckNewAnswer([1]),
      watermarkIs("2023-12-31T23:59:00.000Z"),
      AddData(input, ["k1", "2024-02-01 00:00:00", "e1"]),
      CheckNewAnswer([1]),
      watermarkIs("2024-01-31T23:59:00.000Z"),
      AddData(input, ["k1", "2024-02-02 00:00:00", "e1"]),
      CheckNewAnswer([1]),
    ],
  };
});

// TransformWithStateChainingSuite "query fails if the output dataset contains rows older than
// current watermark"
test("transformWithState - an event-time column older than the watermark fails", async () => {
  const { input, watermarked } = eventRows();
  const result = watermarked().transformWithState(
    new EmitsOldRows(),
    CHAIN_OUTPUT,
    "append",
    "None",
    undefined,
    "outputEventTime",
  );
  await testStream(result, "append")(
    AddData(input, ["k1", "2024-02-01 00:00:00", "e1"]),
    // after the first batch, the rows are emitted with timestamp 1 ms after epoch
    CheckNewAnswer(["k1", new Date(1), 1]),
    // this batch fails: the watermark moved past 1 ms after epoch
    AddData(input, ["k1", "2024-02-02 00:00:00", "e1"]),
    ExpectFailure({
      errorClass: "EMITTING_ROWS_OLDER_THAN_WATERMARK_NOT_ALLOWED",
      check: (e) =>
        // Spark's suite reads "2024-02-01 00:00:00" in America/Los_Angeles (1706774340000);
        // this session is UTC: 2024-02-01 00:00 UTC − 1 minute.
        assert.deepEqual((e as { messageParameters?: unknown }).messageParameters, {
          currentWatermark: "1706745540000",
          emittedRowEventTime: "1000",
        }),
    }),
  );
});

// TransformWithStateChainingSuite "passing eventTime column to transformWithState fails if no
// watermark is defined", "query fails if the output dataset does not contain specified
// eventTimeColumn" and "missing eventTime column to transformWithState fails the query if another
// stateful operator is added"
test("transformWithState - event-time column errors", async () => {
  const { input, watermarked } = eventRows();
  assert.throws(
    () =>
      input
        .toDF()
        .groupBy("key")
        .transformWithState(
          new MinEventTimeProcessor(),
          CHAIN_OUTPUT,
          "append",
          "None",
          undefined,
          "outputEventTime",
        ),
    { errorClass: "CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK" },
  );
  assert.throws(
    () =>
      watermarked().transformWithState(
        new MinEventTimeProcessor(),
        CHAIN_OUTPUT,
        "append",
        "None",
        undefined,
        "missingEventTimeColumn",
      ),
    (e: unknown) => {
      const err = e as { errorClass?: string; messageParameters?: Record<string, string> };
      assert.equal(err.errorClass, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
      assert.deepEqual(err.messageParameters, {
        objectName: "`missingEventTimeColumn`",
        proposal: "`outputEventTime`, `count`, `key`",
      });
      return true;
    },
  );
  const unmarked = watermarked()
    .transformWithState(new MinEventTimeProcessor(), CHAIN_OUTPUT, "append", "None")
    .groupBy(F.window(col("outputEventTime"), "1 minute"))
    .count();
  await assert.rejects(
    unmarked.writeStream.format("memory").queryName("tws_unmarked").outputMode("append").start(),
    (e: unknown) => {
      const err = e as { errorClass?: string; messageParameters?: Record<string, string> };
      assert.equal(err.errorClass, "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION");
      assert.deepEqual(err.messageParameters, {
        outputMode: "append",
        operation: "streaming aggregations without watermark",
      });
      return true;
    },
  );
});

// TransformWithStateChainingSuite "dropDuplicateWithWatermark after transformWithState operator"
// and "… fails if watermark column is not provided"
scenario("transformWithState - dropDuplicatesWithinWatermark after transformWithState", () => {
  const { input, watermarked } = eventRows();
  const result = watermarked()
    .transformWithState(
      new MinEventTimeProcessor(),
      CHAIN_OUTPUT,
      "append",
      "None",
      undefined,
      "outputEventTime",
    )
    .dropDuplicatesWithinWatermark();
  return {
    df: result,
    outputMode: "append",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(input, ["k1", "2024-02-01 00:00:00", "e1"], ["k1", "2024-02-01 00:00:00", "e1"]),
      CheckNewAnswer(["k1", new Date("2024-02-01T00:00:00Z"), 2]),
      watermarkIs("2024-01-31T23:59:00.000Z"),
    ],
  };
});

test("transformWithState - dropDuplicatesWithinWatermark without an event-time column fails", async () => {
  const { watermarked } = eventRows();
  const result = watermarked()
    .transformWithState(new MinEventTimeProcessor(), CHAIN_OUTPUT, "append", "None")
    .dropDuplicatesWithinWatermark();
  await assert.rejects(
    result.writeStream.format("memory").queryName("tws_dedup_unmarked").outputMode("append").start(),
    (e: unknown) => {
      assert.match(
        String((e as Error).message),
        /dropDuplicatesWithinWatermark is not supported on streaming DataFrames\/DataSets without watermark/,
      );
      return true;
    },
  );
});

/** RunningCount plus a state variable the first run did not have. */
class RunningCountWithExtraState extends RunningCountStatefulProcessor {
  private seen!: ValueState;

  override init(handle: StatefulProcessorHandle): void {
    super.init(handle);
    this.seen = handle.getValueState("seen", "value BOOLEAN");
  }

  override handleInputRows(
    key: unknown[],
    rows: Iterable<Record<string, unknown>>,
    tv: TimerValues,
  ): Iterable<unknown> {
    const before = this.seen.exists();
    this.seen.update([true]);
    return [...super.handleInputRows(key, rows, tv)].map((r) => [...(r as unknown[]), String(before)]);
  }
}

// A state variable added on restart starts empty (Spark adds the column family).
test("transformWithState - a state variable added on restart starts empty", async () => {
  for (const provider of ["hdfs", "rocksdb"]) {
    const dir = mkdtempSync(join(tmpdir(), "tspark-tws-added-"));
    const confs = { "spark.sql.streaming.stateStore.providerClass": provider };
    try {
      const inputData = new MemoryStream(spark, "value STRING");
      await testStream(
        byValue(inputData).transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "update", "None"),
        "update",
      )(
        StartStream({ checkpointLocation: dir, additionalConfs: confs }),
        AddData(inputData, "a"),
        CheckNewAnswer(["a", "1"]),
        AddData(inputData, "b"),
        CheckNewAnswer(["b", "1"]),
        StopStream,
      );
      // As a new process would: nothing of the first run in memory.
      await unloadStateStores();
      await testStream(
        byValue(inputData).transformWithState(
          new RunningCountWithExtraState(),
          `${OUTPUT}, seenBefore STRING`,
          "update",
          "None",
        ),
        "update",
      )(
        StartStream({ checkpointLocation: dir, additionalConfs: confs }),
        AddData(inputData, "a"),
        CheckNewAnswer(["a", "2", "false"]),
        AddData(inputData, "c"),
        CheckNewAnswer(["c", "1", "false"]),
        StopStream,
        StartStream({ checkpointLocation: dir, additionalConfs: confs }),
        AddData(inputData, "c"),
        CheckNewAnswer(["c", "2", "true"]),
        StopStream,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

// tspark's late-rows side output (docs/event-time.md): in EventTime mode the rows transformWithState
// drops as late go to the input's late-rows view, with the late-events watermark and batch id.
scenario("transformWithState - late rows go to the late-rows view", () => {
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const result = inputData
    .toDF()
    .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("eventTime"))
    .withWatermark("eventTime", "10 seconds", { lateRows: "late_tws" })
    .groupBy("key")
    .transformWithState(
      new MaxEventTimeStatefulProcessor(),
      "key STRING, maxEventTimeSec INT",
      "update",
      "EventTime",
    );
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: NO_DATA_BATCH_LOST_BY_CRASH,
    actions: [
      AddData(inputData, ["a", 11], ["a", 13], ["a", 15]),
      CheckNewAnswer(["a", 15]),
      AddData(inputData, ["a", 4], ["a", 12]), // 4 is late (watermark 5), 12 is not
      CheckNewAnswer(["a", 15]),
      Execute(async () => {
        const rows = await spark
          .sql("SELECT key, CAST(eventTime AS LONG), CAST(watermark AS LONG), batchId FROM late_tws")
          .collect();
        assert.deepEqual(
          rows.map((r) => Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v))),
          [["a", 4, 5, 2]],
        );
      }, "late rows of late_tws"),
    ],
  };
});

// ---- batch DataFrames ---------------------------------------------------------------------------

// TransformWithStateSuite "transformWithState - batch should succeed"
test("transformWithState - batch should succeed", async () => {
  const df = spark
    .createDataFrame([["a"], ["b"]], "value STRING")
    .groupBy("value")
    .transformWithState(new RunningCountStatefulProcessor(), OUTPUT, "append", TimeMode.None);
  const rows = (await df.collect()).map((r) => Object.values(r));
  assert.deepEqual(
    rows.sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    [
      ["a", "1"],
      ["b", "1"],
    ],
  );
});

/** Spark's TestMapStateProcessor, reduced to updateValue and getValue. */
class MapUpdateThenGet extends StatefulProcessor {
  private map!: import("../../src/index.js").MapState;

  init(handle: StatefulProcessorHandle): void {
    this.map = handle.getMapState("sessionState", "key STRING", "value STRING");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const out: unknown[][] = [];
    for (const row of rows) {
      if (row.action === "updateValue") this.map.updateValue([row.k], [row.v]);
      else if (row.action === "getValue") out.push([key[0], row.k, this.map.getValue([row.k])?.[0] ?? null]);
    }
    return out;
  }
}

// TransformWithMapStateSuite "transformWithMapState - batch should succeed"
test("transformWithState - map state over a batch DataFrame", async () => {
  const df = spark
    .createDataFrame(
      [
        ["k1", "updateValue", "v1", "10"],
        ["k1", "getValue", "v1", ""],
      ],
      "key STRING, action STRING, k STRING, v STRING",
    )
    .groupBy("key")
    .transformWithState(new MapUpdateThenGet(), "key STRING, userKey STRING, value STRING", "append", "None");
  assert.deepEqual(
    (await df.collect()).map((r) => Object.values(r)),
    [["k1", "v1", "10"]],
  );
});
