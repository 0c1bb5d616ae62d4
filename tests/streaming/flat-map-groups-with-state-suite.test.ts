// Scenarios from Spark's FlatMapGroupsWithStateSuite and FlatMapGroupsInPandasWithStateSuite
// (sql/core/src/test/scala/org/apache/spark/sql/streaming/): (flat)MapGroupsWithState and
// applyInPandasWithState with TypeScript functions, state updates and removals, processing-time
// timeouts on a manual clock, recovered across restarts (the scenario matrix), batch DataFrames,
// and the UnsupportedOperationChecker's rules for them (UnsupportedOperationsSuite). Spark's
// typed Datasets become rows: `groupByKey(x => x)` over a string stream is `groupBy("value")`,
// the RunningCount state a `count LONG` tuple, the output tuples rows by position. Expected rows
// and state counts are Spark's.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import type { DataFrame } from "../../src/api/data-frame.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { ManualClock } from "../../src/common/clock.js";
import { TsparkError } from "../../src/common/errors.js";
import { type GroupState, type GroupStateFunction, GroupStateTimeout } from "../../src/index.js";
import {
  AddData,
  AdvanceManualClock,
  Assert,
  CheckNewAnswer,
  Execute,
  ExpectFailure,
  MemoryStream,
  StartStream,
  StopStream,
  type StreamAction,
  stateStoreMetrics,
  testStream,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

const OUTPUT = "key STRING, countAsString STRING";
const COUNT_STATE = "count LONG";

/** The stored count (0 without a state). */
const countOf = (state: GroupState): number => Number(state.getOption?.[0] ?? 0);
const sizeOf = (rows: Iterable<unknown>): number => [...rows].length;

/** Spark's assertCanGetProcessingTime / assertCannotGetWatermark inside the functions. */
function checkTimes(state: GroupState): void {
  assert.ok(state.getCurrentProcessingTimeMs() >= 0);
  assert.throws(() => state.getCurrentWatermarkMs(), { errorClass: "_LEGACY_ERROR_TEMP_2204" });
}

/** Spark's StateStoreMetricsTest.assertNumStateRows arguments (`removed` and drops optional). */
interface StateRows {
  total: number;
  updated: number;
  removed?: number;
  droppedByWatermark?: number;
}

/**
 * The kit's `stateStoreMetrics()` (Spark's StateStoreMetricsTest: totals of the latest report,
 * updates, drops and removals summed since the previous check) with this suite's argument shape.
 * One per run of a scenario.
 */
function stateChecks(): {
  rows: (expected: StateRows) => StreamAction;
  operatorProgress: (
    name: string,
    numShufflePartitions: number,
    numStateStoreInstances: number,
  ) => StreamAction;
} {
  const metrics = stateStoreMetrics();
  return {
    rows: (e) =>
      metrics.assertNumStateRows(e.total, e.updated, {
        droppedByWatermark: e.droppedByWatermark ?? 0,
        ...(e.removed === undefined ? {} : { removed: e.removed }),
      }),
    operatorProgress: (operatorName, numShufflePartitions, numStateStoreInstances) =>
      metrics.assertStateOperatorProgressMetric({
        operatorName,
        numShufflePartitions,
        numStateStoreInstances,
      }),
  };
}

/** A rows checker alone (see stateChecks). */
function stateRowsChecker(): (expected: StateRows) => StreamAction {
  return stateChecks().rows;
}

/** Running count up to 2, then the state is removed and nothing is returned (Spark's stateFunc). */
const runningCountUpTo2: GroupStateFunction = (key, rows, state) => {
  checkTimes(state);
  const count = countOf(state) + sizeOf(rows);
  if (count === 3) {
    state.remove();
    return [];
  }
  state.update([count]);
  return [[key[0], String(count)]];
};

// FlatMapGroupsWithStateSuite "flatMapGroupsWithState - streaming"
scenario("flatMapGroupsWithState - streaming", () => {
  const assertStateRows = stateRowsChecker();
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(runningCountUpTo2, OUTPUT, COUNT_STATE, "update", GroupStateTimeout.NoTimeout);
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      assertStateRows({ total: 1, updated: 1 }),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      assertStateRows({ total: 2, updated: 2 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      assertStateRows({ total: 1, updated: 1, droppedByWatermark: 0, removed: 1 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"]),
      assertStateRows({ total: 3, updated: 2 }),
    ],
  };
});

// FlatMapGroupsInPandasWithStateSuite "applyInPandasWithState - streaming"
scenario("applyInPandasWithState - streaming", () => {
  const assertStateRows = stateRowsChecker();
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .applyInPandasWithState(
      (key, rows, state) => {
        checkTimes(state);
        let count = countOf(state);
        for (const _ of rows) {
          count += 1;
          state.update([count]);
        }
        if (count >= 3) {
          state.remove();
          return [];
        }
        return [{ key: key[0], countAsString: String(count) }];
      },
      OUTPUT,
      COUNT_STATE,
      "Update",
      "NoTimeout",
    );
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      assertStateRows({ total: 1, updated: 1 }),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      assertStateRows({ total: 2, updated: 2 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["b", "2"]),
      assertStateRows({ total: 1, updated: 1, droppedByWatermark: 0, removed: 1 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"),
      CheckNewAnswer(["a", "1"], ["c", "1"]),
      assertStateRows({ total: 3, updated: 2 }),
    ],
  };
});

// FlatMapGroupsInPandasWithStateSuite "applyInPandasWithState - streaming, multiple groups in
// partition, multiple outputs per grouping key" (one shuffle partition in Spark's; five here)
scenario("applyInPandasWithState - streaming, multiple groups in partition, multiple outputs per key", () => {
  const assertStateRows = stateRowsChecker();
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const result = inputData
    .toDF()
    .selectExpr("_1 AS key", "_2 AS value")
    .groupBy("key")
    .applyInPandasWithState(
      function* (_key, rows, state) {
        const prev = countOf(state);
        let count = prev;
        for (const r of rows) {
          count += 1;
          yield {
            key: r.key,
            value: r.value,
            valueAsString: String(r.value),
            prevCountAsString: String(prev),
          };
        }
        state.update([count]);
      },
      "key STRING, value INT, valueAsString STRING, prevCountAsString STRING",
      COUNT_STATE,
      "Update",
      "NoTimeout",
    )
    .select("key", "value", "valueAsString", "prevCountAsString");
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, ["a", 1]),
      CheckNewAnswer(["a", 1, "1", "0"]),
      assertStateRows({ total: 1, updated: 1 }),
      AddData(inputData, ["a", 2], ["a", 3], ["b", 1]),
      CheckNewAnswer(["a", 2, "2", "1"], ["a", 3, "3", "1"], ["b", 1, "1", "0"]),
      assertStateRows({ total: 2, updated: 2 }),
      StopStream,
      StartStream(),
      AddData(inputData, ["b", 2], ["c", 1], ["d", 1], ["e", 1]),
      CheckNewAnswer(["b", 2, "2", "1"], ["c", 1, "1", "0"], ["d", 1, "1", "0"], ["e", 1, "1", "0"]),
      assertStateRows({ total: 5, updated: 4 }),
      AddData(inputData, ["a", 4]),
      CheckNewAnswer(["a", 4, "4", "3"]),
    ],
  };
});

// FlatMapGroupsWithStateSuite "flatMapGroupsWithState - streaming + func returns iterator that
// updates state lazily": a generator updating the state while it is consumed.
scenario("flatMapGroupsWithState - streaming + func returns iterator that updates state lazily", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(
      function* (key, rows, state) {
        for (const _ of rows) {
          const count = countOf(state) + 1;
          if (count === 3) state.remove();
          else {
            state.update([count]);
            yield [key[0], String(count)];
          }
        }
      },
      OUTPUT,
      COUNT_STATE,
      "update",
    );
  return {
    df: result,
    outputMode: "update",
    actions: [
      AddData(inputData, "a", "a", "b"),
      CheckNewAnswer(["a", "1"], ["a", "2"], ["b", "1"]),
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

/** Running count; -1 when it reaches 3 and the state is removed (the aggregation tests' function). */
const countOrMinusOne: GroupStateFunction = (key, rows, state) => {
  const count = countOf(state) + sizeOf(rows);
  if (count === 3) {
    state.remove();
    return [[key[0], "-1"]];
  }
  state.update([count]);
  return [[key[0], String(count)]];
};

// FlatMapGroupsWithStateSuite "flatMapGroupsWithState - streaming + aggregation" and
// FlatMapGroupsInPandasWithStateSuite "applyInPandasWithState - streaming + aggregation"
for (const api of ["flatMapGroupsWithState", "applyInPandasWithState"] as const) {
  scenario(`${api} - streaming + aggregation`, () => {
    const inputData = new MemoryStream(spark, "value STRING");
    const grouped = inputData.toDF().groupBy("value");
    const mapped =
      api === "flatMapGroupsWithState"
        ? grouped.flatMapGroupsWithState(countOrMinusOne, OUTPUT, COUNT_STATE, "append")
        : grouped.applyInPandasWithState(countOrMinusOne, OUTPUT, COUNT_STATE, "Append", "NoTimeout");
    const result = mapped.groupBy("key").count();
    return {
      df: result,
      outputMode: "complete",
      actions: [
        AddData(inputData, "a"),
        CheckNewAnswer(["a", 1]),
        AddData(inputData, "a", "b"),
        // the function emits ("a", "2"), ("b", "1"): the counts of a and b grow by 1
        CheckNewAnswer(["a", 2], ["b", 1]),
        StopStream,
        StartStream(),
        AddData(inputData, "a", "b"),
        // the state of "a" is removed, ("a", "-1") and ("b", "2") emitted
        CheckNewAnswer(["a", 3], ["b", 2]),
        StopStream,
        StartStream(),
        AddData(inputData, "a", "c"),
        // the state of "a" is recreated: ("a", "1"), ("c", "1")
        CheckNewAnswer(["a", 4], ["b", 2], ["c", 1]),
      ],
    };
  });
}

// UnsupportedOperationChecker allows several flatMapGroupsWithStates when they and the query are
// all in Append mode: each keeps its own state (operator ids 0 and 1).
scenario("two flatMapGroupsWithStates in append mode", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const first = inputData
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(countOrMinusOne, OUTPUT, COUNT_STATE, "append");
  const result = first.groupBy("key").flatMapGroupsWithState(
    (key, rows, state) => {
      const seen = countOf(state) + sizeOf(rows);
      state.update([seen]);
      return [[key[0], `seen ${seen}`]];
    },
    OUTPUT,
    COUNT_STATE,
    "append",
  );
  return {
    df: result,
    outputMode: "append",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "seen 1"]),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "seen 2"], ["b", "seen 1"]),
      Execute((q) => {
        const ops = q.lastProgress?.stateOperators ?? [];
        assert.deepEqual(
          ops.map((o) => [o.operatorName, o.numRowsTotal]),
          [
            ["flatMapGroupsWithState", 2],
            ["flatMapGroupsWithState", 2],
          ],
        );
      }, "two operators"),
    ],
  };
});

// FlatMapGroupsWithStateSuite "mapGroupsWithState - streaming"
scenario("mapGroupsWithState - streaming", () => {
  const assertStateRows = stateRowsChecker();
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .mapGroupsWithState(
      (key, rows, state) => {
        checkTimes(state);
        const count = countOf(state) + sizeOf(rows);
        if (count === 3) {
          state.remove();
          return [key[0], "-1"];
        }
        state.update({ count });
        return { key: key[0], countAsString: String(count) };
      },
      OUTPUT,
      COUNT_STATE,
    );
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      assertStateRows({ total: 1, updated: 1 }),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      assertStateRows({ total: 2, updated: 2 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"), // should remove state for "a" and return count as -1
      CheckNewAnswer(["a", "-1"], ["b", "2"]),
      assertStateRows({ total: 1, updated: 1 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"]),
      assertStateRows({ total: 3, updated: 2 }),
    ],
  };
});

// FlatMapGroupsWithStateSuite "SPARK-29438: ensure UNION doesn't lead (flat)MapGroupsWithState to
// use shifted partition IDs" (without changing the other input's partition count): the state is
// found by key whatever the other side of the union brings.
scenario("SPARK-29438: UNION with mapGroupsWithState keeps its state across restarts", () => {
  const input1 = new MemoryStream(spark, "value STRING", { numPartitions: 2 });
  const input2 = new MemoryStream(spark, "value STRING");
  const df1 = input1.toDF().select(col("value"), col("value"));
  const df2 = input2
    .toDF()
    .groupBy("value")
    .mapGroupsWithState(
      (key, rows, state) => {
        const count = countOf(state) + sizeOf(rows);
        state.update([count]);
        return [key[0], String(count)];
      },
      OUTPUT,
      COUNT_STATE,
    );
  return {
    df: df1.union(df2),
    outputMode: "update",
    actions: [
      AddData(input1, "input1-a"),
      AddData(input2, "input2-a"),
      CheckNewAnswer(["input1-a", "input1-a"], ["input2-a", "1"]),
      StopStream,
      StartStream(),
      AddData(input1, "input1-a"),
      AddData(input2, "input2-a", "input2-b"),
      CheckNewAnswer(["input1-a", "input1-a"], ["input2-a", "2"], ["input2-b", "1"]),
    ],
  };
});

/** Count with a 10 s processing-time timeout; -1 when the key timed out (Spark's stateFunc). */
const countWithTimeout = (duration: string | number): GroupStateFunction => {
  return (key, rows, state) => {
    checkTimes(state);
    if (state.hasTimedOut) {
      assert.equal(sizeOf(rows), 0, "a timed-out call gets no rows");
      state.remove();
      return [[key[0], "-1"]];
    }
    const count = countOf(state) + sizeOf(rows);
    state.update([count]);
    state.setTimeoutDuration(duration);
    return [[key[0], String(count)]];
  };
};

/** The query and the steps of Spark's processing-time timeout test, up to its last data batch. */
function processingTimeTimeout(api: "flatMapGroupsWithState" | "applyInPandasWithState"): {
  clock: ManualClock;
  df: DataFrame;
  steps: StreamAction[];
  assertStateRows: ReturnType<typeof stateRowsChecker>;
} {
  const clock = new ManualClock();
  const session = SparkSession.builder
    .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
    .withClock(clock)
    .create();
  const inputData = new MemoryStream(session, "value STRING");
  const grouped = inputData.toDF().groupBy("value");
  const df =
    api === "flatMapGroupsWithState"
      ? grouped.flatMapGroupsWithState(
          countWithTimeout("10 seconds"),
          OUTPUT,
          COUNT_STATE,
          "update",
          "ProcessingTimeTimeout",
        )
      : grouped.applyInPandasWithState(
          countWithTimeout(10_000),
          OUTPUT,
          COUNT_STATE,
          "Update",
          "ProcessingTimeTimeout",
        );
  const trigger = { processingTime: "1 second" };
  const assertStateRows = stateRowsChecker();
  const steps: StreamAction[] = [
    StartStream({ trigger, clock }),
    AddData(inputData, "a"),
    AdvanceManualClock(1 * 1000),
    CheckNewAnswer(["a", "1"]),
    assertStateRows({ total: 1, updated: 1 }),

    AddData(inputData, "b"),
    AdvanceManualClock(1 * 1000),
    CheckNewAnswer(["b", "1"]),
    assertStateRows({ total: 2, updated: 1 }),

    AddData(inputData, "b"),
    AdvanceManualClock(10 * 1000),
    CheckNewAnswer(["a", "-1"], ["b", "2"]),
    assertStateRows({ total: 1, updated: 1, droppedByWatermark: 0, removed: 1 }),

    StopStream,
    StartStream({ trigger, clock }),

    AddData(inputData, "c"),
    AdvanceManualClock(11 * 1000),
    CheckNewAnswer(["b", "-1"], ["c", "1"]),
    assertStateRows({ total: 1, updated: 1, droppedByWatermark: 0, removed: 1 }),
  ];
  return { clock, df, steps, assertStateRows };
}

/** The no-data trigger at 35 s that times "c" out (Spark's last steps). */
function timeoutWithoutData(
  clock: ManualClock,
  assertStateRows: ReturnType<typeof stateRowsChecker>,
): StreamAction[] {
  return [
    AdvanceManualClock(12 * 1000),
    Assert(() => clock.nowMillis() === 35_000),
    // Spark's wait for the trigger at 35 s; it throws when the query died (a crash in the
    // matrix), so that the kit restarts it and runs the step again.
    Execute(async (q) => {
      const deadline = performance.now() + 30_000;
      while (q.lastProgress?.timestamp !== "1970-01-01T00:00:35.000Z") {
        if (!q.isActive) throw new RangeError("the query stopped before its trigger at 35 s");
        if (performance.now() > deadline) throw new RangeError("no trigger at 35 s");
        await new Promise((r) => setTimeout(r, 1));
      }
    }, "the trigger at 35 s has run"),
    CheckNewAnswer(["c", "-1"]),
    assertStateRows({ total: 0, updated: 0, droppedByWatermark: 0, removed: 1 }),
  ];
}

// FlatMapGroupsWithStateSuite "flatMapGroupsWithState - streaming with processing time timeout"
// and FlatMapGroupsInPandasWithStateSuite "applyInPandasWithState - streaming with processing
// time timeout": first the data batches (timeouts fire in batches with data), in the matrix…
for (const api of ["flatMapGroupsWithState", "applyInPandasWithState"] as const) {
  scenario(`${api} - streaming with processing time timeout (data batches)`, () => {
    const { df, steps } = processingTimeTimeout(api);
    return { df, outputMode: "update", noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS, actions: steps };
  });

  // …then the whole test, whose last trigger has no data: the key times out in a no-data batch
  // that runs because the last batch's operator asks for one at every trigger.
  scenario(`${api} - streaming with processing time timeout`, () => {
    const { clock, df, steps, assertStateRows } = processingTimeTimeout(api);
    return {
      df,
      outputMode: "update",
      noRestartMatrix:
        "a restarted query runs no no-data batch before its first batch with data (Spark's MicroBatchExecution has no last execution to ask then), so the timeout at 35 s would wait for data",
      noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
      actions: [...steps, ...timeoutWithoutData(clock, assertStateRows)],
    };
  });
}

/**
 * Spark's `sampleTestFunction`: keeps the max event time (s) seen as the state with an event-time
 * timeout 5 s after it; returns the max event time, or -1 when the key timed out.
 */
const sampleTestFunction: GroupStateFunction = (key, rows, state) => {
  assert.ok(state.getCurrentProcessingTimeMs() >= 0);
  assert.ok(state.getCurrentWatermarkMs() >= -1);
  const timeoutDelaySec = 5;
  if (state.hasTimedOut) {
    state.remove();
    return [[key[0], -1]];
  }
  const times = [...rows].map((r) => (r.eventTime as Date).getTime() / 1000);
  const maxEventTimeSec = Math.max(...times, Number(state.getOption?.[0] ?? 0));
  state.update([maxEventTimeSec]);
  state.setTimeoutTimestamp((maxEventTimeSec + timeoutDelaySec) * 1000);
  return [[key[0], maxEventTimeSec]];
};

/**
 * A crash right after a batch's commit restarts the query without a last execution, so the
 * no-data batch that would move the watermark on never runs (Spark's neither) and the next
 * batch's late-events watermark is the older one: the late row of the event-time timeout test
 * then reaches the function.
 */
const NO_DATA_BATCH_LOST_BY_CRASH = {
  points: ["after-commit-log"],
  reason:
    "a crash after the commit of the batch that moves the watermark skips the no-data batch after it (no last execution after a restart, as in Spark), so the next batch's late-events watermark is the older one",
} as const;

/** The sums of Spark's state metrics span batches of several runs, and a run only knows its own. */
const SUMS_PROGRESS_ACROSS_RUNS =
  "sums the progress of batches since the previous check, which may have run before a restart (a new run's recentProgress starts empty, as Spark's)";

/** `(key, eventTime)` rows with a 10 s watermark, grouped by key (Spark's event-time timeout input). */
function eventTimeInput(inputData: MemoryStream): ReturnType<DataFrame["groupBy"]> {
  return inputData
    .toDF()
    .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("eventTime"))
    .withWatermark("eventTime", "10 seconds")
    .groupBy("key");
}

// FlatMapGroupsWithStateSuite "flatMapGroupsWithState - streaming w/ event time timeout +
// watermark" and FlatMapGroupsInPandasWithStateSuite "applyInPandasWithState - streaming w/ event
// time timeout + watermark": late rows are dropped, and the key times out in the no-data batch
// that follows the watermark's advance past its timeout.
for (const api of ["flatMapGroupsWithState", "applyInPandasWithState"] as const) {
  scenario(`${api} - streaming w/ event time timeout + watermark`, () => {
    const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
    const grouped = eventTimeInput(inputData);
    const out = "key STRING, maxEventTimeSec INT";
    const result =
      api === "flatMapGroupsWithState"
        ? grouped.flatMapGroupsWithState(
            sampleTestFunction,
            out,
            "maxEventTime LONG",
            "update",
            "EventTimeTimeout",
          )
        : grouped.applyInPandasWithState(
            sampleTestFunction,
            out,
            "maxEventTime LONG",
            "Update",
            "EventTimeTimeout",
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
        // Timeout timestamp for "a" is still 20 as max event time for "a" is still 15.
        // Watermark is still 5 as max event time for all data is still 15.
        AddData(inputData, ["b", 31]), // Add data newer than watermark for "b", not "a"
        // Watermark = 31 - 10 = 21, so "a" should be timed out as timeout timestamp for "a" is 20.
        CheckNewAnswer(["a", -1], ["b", 31]), // State for "a" should timeout and emit -1
      ],
    };
  });
}

// FlatMapGroupsWithStateSuite "SPARK-35896: metrics in StateOperatorProgress are output correctly"
scenario("SPARK-35896: metrics in StateOperatorProgress are output correctly", () => {
  const checks = stateChecks();
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const result = eventTimeInput(inputData).flatMapGroupsWithState(
    sampleTestFunction,
    "key STRING, maxEventTimeSec INT",
    "maxEventTime LONG",
    "update",
    "EventTimeTimeout",
  );
  return {
    df: result,
    outputMode: "update",
    noRestartMatrix: SUMS_PROGRESS_ACROSS_RUNS,
    noCrashMatrix: SUMS_PROGRESS_ACROSS_RUNS,
    actions: [
      StartStream({ additionalConfs: { "spark.sql.shuffle.partitions": "3" } }),
      AddData(inputData, ["a", 11], ["a", 13], ["a", 15]),
      // Max event time = 15. Timeout timestamp for "a" = 15 + 5 = 20. Watermark = 15 - 10 = 5.
      CheckNewAnswer(["a", 15]), // Output = max event time of a
      checks.rows({ total: 1, updated: 1, droppedByWatermark: 0, removed: 0 }),
      AddData(inputData, ["a", 4]), // Add data older than watermark for "a"
      CheckNewAnswer(), // No output as data should get filtered by watermark
      checks.operatorProgress("flatMapGroupsWithState", 3, 3),
      AddData(inputData, ["a", 10]), // Add data newer than watermark for "a"
      CheckNewAnswer(["a", 15]), // Max event time is still the same
      AddData(inputData, ["b", 31]), // Add data newer than watermark for "b", not "a"
      // Watermark = 31 - 10 = 21, so "a" should be timed out as timeout timestamp for "a" is 20.
      CheckNewAnswer(["a", -1], ["b", 31]), // State for "a" should timeout and emit -1
      checks.rows({ total: 1, updated: 2, droppedByWatermark: 0, removed: 1 }),
    ],
  };
});

// The late row of the test above is counted where it was dropped (Spark's
// numRowsDroppedByWatermark), and only with EventTimeTimeout: without it the same row reaches
// the function (FlatMapGroupsWithStateExec filters late rows only for event-time timeouts).
for (const timeout of ["EventTimeTimeout", "NoTimeout"] as const) {
  scenario(`late rows are dropped only with EventTimeTimeout (${timeout})`, () => {
    const checks = stateChecks();
    const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
    const result = eventTimeInput(inputData).flatMapGroupsWithState(
      (key, rows) => [...rows].map((r) => [key[0], (r.eventTime as Date).getTime() / 1000]),
      "key STRING, eventTimeSec INT",
      "unused LONG",
      "update",
      timeout,
    );
    return {
      df: result,
      outputMode: "update",
      noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
      actions: [
        AddData(inputData, ["a", 15]),
        CheckNewAnswer(["a", 15]),
        checks.rows({ total: 0, updated: 0, droppedByWatermark: 0 }),
        AddData(inputData, ["a", 4], ["b", 6]), // watermark 5: 4 is late, 6 is not
        timeout === "EventTimeTimeout" ? CheckNewAnswer(["b", 6]) : CheckNewAnswer(["a", 4], ["b", 6]),
        checks.rows({ total: 0, updated: 0, droppedByWatermark: timeout === "EventTimeTimeout" ? 1 : 0 }),
      ],
    };
  });
}

// FlatMapGroupsWithStateSuite "StateStore.abort on task failure handling"
scenario("StateStore.abort on task failure handling", () => {
  let failInTask = false;
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .mapGroupsWithState(
      (key, rows, state) => {
        if (failInTask) throw new RangeError("expected failure");
        const count = countOf(state) + sizeOf(rows);
        state.update([count]);
        return [key[0], count];
      },
      "key STRING, count LONG",
      COUNT_STATE,
    );
  const setFailInTask = (v: boolean) =>
    Execute(() => {
      failInTask = v;
    }, `failInTask = ${v}`);
  return {
    df: result,
    outputMode: "update",
    actions: [
      setFailInTask(false),
      AddData(inputData, "a"),
      CheckNewAnswer(["a", 1]),
      AddData(inputData, "a"),
      CheckNewAnswer(["a", 2]),
      setFailInTask(true),
      AddData(inputData, "a"),
      ExpectFailure({ message: "expected failure" }), // fails without incrementing the count
      setFailInTask(false),
      StartStream(),
      CheckNewAnswer(["a", 3]), // the batch runs again with the right count
    ],
  };
});

// Spark's applyInPandasWithState groups by an expression through a projected key column; the
// function sees the input's own columns.
scenario("applyInPandasWithState - grouping by an expression", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const result = inputData
    .toDF()
    .groupBy(col("value").mod(2))
    .applyInPandasWithState(
      (key, rows, state) => {
        const values = [...rows].map((r) => {
          assert.deepEqual(Object.keys(r), ["value"]);
          return Number(r.value);
        });
        const sum = countOf(state) + values.reduce((a, b) => a + b, 0);
        state.update([sum]);
        return [[key[0], sum]];
      },
      "parity INT, runningSum LONG",
      "sum LONG",
      "update",
      "NoTimeout",
    );
  return {
    df: result,
    outputMode: "update",
    actions: [
      AddData(inputData, 1, 2, 3),
      CheckNewAnswer([1, 4], [0, 2]),
      AddData(inputData, 4, 5),
      CheckNewAnswer([0, 6], [1, 9]),
    ],
  };
});

// The state schema is recorded like the other operators': a restart with another timeout kind
// changes the state value schema (Spark: changing the timeout type is not allowed).
test("flatMapGroupsWithState - changing the timeout kind on restart fails the state schema check", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "fmgws-schema-"));
  try {
    const inputData = new MemoryStream(spark, "value STRING");
    const withTimeout = (timeout: string) =>
      inputData
        .toDF()
        .groupBy("value")
        .flatMapGroupsWithState(
          (key, rows, state) => {
            state.update([countOf(state) + sizeOf(rows)]);
            return [[key[0], "x"]];
          },
          OUTPUT,
          COUNT_STATE,
          "update",
          timeout,
        );
    await testStream(withTimeout("NoTimeout"), "update")(
      StartStream({ checkpointLocation: dir }),
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "x"]),
      StopStream,
    );
    await testStream(withTimeout("ProcessingTimeTimeout"), "update")(
      StartStream({ checkpointLocation: dir }),
      AddData(inputData, "b"),
      ExpectFailure({ message: "timeoutTimestamp" }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Spark's state data source reads this operator's state as key, value (groupState, and
// timeoutTimestamp with a timeout kind) and partition_id.
test("the state rows in the state store (statestore reader)", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { unloadStateStores } = await import("../../src/streaming/state/state-store-registry.js");
  const dir = mkdtempSync(join(tmpdir(), "fmgws-state-"));
  try {
    const clock = new ManualClock();
    const session = SparkSession.builder
      .config({ "spark.sql.shuffle.partitions": 2 })
      .withClock(clock)
      .create();
    const inputData = new MemoryStream(session, "value STRING");
    const result = inputData
      .toDF()
      .groupBy("value")
      .flatMapGroupsWithState(
        (key, rows, state) => {
          state.update([countOf(state) + sizeOf(rows)]);
          if (key[0] === "b") state.setTimeoutDuration(60_000);
          return [];
        },
        OUTPUT,
        COUNT_STATE,
        "update",
        "ProcessingTimeTimeout",
      );
    await testStream(result, "update")(
      StartStream({ trigger: { processingTime: "1 second" }, clock, checkpointLocation: dir }),
      AddData(inputData, "a", "b", "a"),
      AdvanceManualClock(1000),
      CheckNewAnswer(),
      StopStream,
    );
    unloadStateStores();
    const df = session.read.format("statestore").load(dir);
    assert.equal(
      df.schema.simpleString(),
      "struct<key:struct<value:string>,value:struct<groupState:struct<count:bigint>,timeoutTimestamp:bigint>,partition_id:int>",
    );
    const rows = (
      await df.selectExpr("key.value", "value.groupState.count", "value.timeoutTimestamp").collect()
    )
      .map((r) => [r.value, r.count, r.timeoutTimestamp])
      .sort();
    assert.deepEqual(rows, [
      ["a", 2, -1],
      ["b", 1, 61_000],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- batch DataFrames ------------------------------------------------------------------------------

// FlatMapGroupsWithStateSuite "flatMapGroupsWithState - batch"
test("flatMapGroupsWithState - batch", async () => {
  const df = spark
    .createDataFrame([["a"], ["a"], ["b"]], "value STRING")
    .groupBy("value")
    .flatMapGroupsWithState(
      (key, rows, state) => {
        assert.ok(state.getCurrentProcessingTimeMs() > 0);
        assert.throws(() => state.getCurrentWatermarkMs(), { errorClass: "_LEGACY_ERROR_TEMP_2204" });
        if (state.exists) throw new RangeError("state.exists should be false");
        return [[key[0], sizeOf(rows)]];
      },
      "key STRING, count INT",
      "count LONG",
      "update",
      "NoTimeout",
    );
  const rows = (await df.collect()).map((r) => [r.key, r.count]).sort();
  assert.deepEqual(rows, [
    ["a", 2],
    ["b", 1],
  ]);
});

// FlatMapGroupsWithStateSuite "mapGroupsWithState - batch": no initial state, timeout setters
// work (SPARK-20792), the processing time is there.
test("mapGroupsWithState - batch", async () => {
  const df = spark
    .createDataFrame([["a"], ["a"], ["b"]], "value STRING")
    .groupBy("value")
    .mapGroupsWithState(
      (key, rows, state) => {
        assert.ok(state.getCurrentProcessingTimeMs() > 0);
        assert.throws(() => state.getCurrentWatermarkMs(), { errorClass: "_LEGACY_ERROR_TEMP_2204" });
        if (state.exists) throw new RangeError("state.exists should be false");
        state.setTimeoutTimestamp(0, "1 hour");
        state.update([10]);
        return [key[0], sizeOf(rows)];
      },
      "key STRING, count INT",
      "value INT",
      "EventTimeTimeout",
    );
  const rows = (await df.collect()).map((r) => [r.key, r.count]).sort();
  assert.deepEqual(rows, [
    ["a", 2],
    ["b", 1],
  ]);
});

test("applyInPandasWithState - batch query fails as Spark's (_LEGACY_ERROR_TEMP_3176)", async () => {
  const df = spark
    .createDataFrame([["a"]], "value STRING")
    .groupBy("value")
    .applyInPandasWithState(() => [], OUTPUT, COUNT_STATE, "update", "NoTimeout");
  await assert.rejects(df.collect(), (e: unknown) => {
    assert.ok(e instanceof TsparkError);
    assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_3176");
    assert.match(
      e.message,
      /applyInPandasWithState is unsupported in batch query\. Use applyInPandas instead\./,
    );
    return true;
  });
});

// ---- API arguments -----------------------------------------------------------------------------------

// FlatMapGroupsWithStateSuite "disallow complete mode"
test("disallow complete mode", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  for (const call of [
    () =>
      inputData
        .toDF()
        .groupBy("value")
        .flatMapGroupsWithState(() => [], OUTPUT, COUNT_STATE, "complete"),
    () =>
      inputData
        .toDF()
        .groupBy("value")
        .applyInPandasWithState(() => [], OUTPUT, COUNT_STATE, "Complete", "NoTimeout"),
  ]) {
    assert.throws(call, (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "ILLEGAL_ARGUMENT");
      assert.equal(e.messageParameters.message, "The output mode of function should be append or update");
      return true;
    });
  }
  assert.throws(
    () =>
      inputData
        .toDF()
        .groupBy("value")
        .flatMapGroupsWithState(() => [], OUTPUT, COUNT_STATE, "sideways"),
    { errorClass: "STREAMING_OUTPUT_MODE.INVALID" },
  );
  assert.throws(
    () =>
      inputData
        .toDF()
        .groupBy("value")
        .applyInPandasWithState(() => [], OUTPUT, COUNT_STATE, "update", "Never"),
    (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.messageParameters.message, "Invalid string for GroupStateTimeout: Never");
      return true;
    },
  );
});

test("a function result that is not rows fails the query with what was returned", async () => {
  const cases: [string, (df: DataFrame) => DataFrame, RegExp][] = [
    [
      "mapGroupsWithState returning nothing",
      (df) => df.groupBy("value").mapGroupsWithState(() => undefined, OUTPUT, COUNT_STATE),
      /The function of mapGroupsWithState must return one row .*got undefined/,
    ],
    [
      "flatMapGroupsWithState returning a row instead of rows",
      (df) => df.groupBy("value").flatMapGroupsWithState(() => "a", OUTPUT, COUNT_STATE, "update"),
      /The function of flatMapGroupsWithState must return an iterable of rows .*got string/,
    ],
    [
      "applyInPandasWithState yielding a number",
      (df) =>
        df.groupBy("value").applyInPandasWithState(() => [1], OUTPUT, COUNT_STATE, "update", "NoTimeout"),
      /The function of applyInPandasWithState must return rows .*got number/,
    ],
  ];
  for (const [what, build, message] of cases) {
    const inputData = new MemoryStream(spark, "value STRING");
    await testStream(build(inputData.toDF()), "update")(
      AddData(inputData, "a"),
      ExpectFailure({
        errorClass: "ILLEGAL_ARGUMENT",
        check: (e) => assert.match(String((e as Error).message), message, what),
      }),
    );
  }
});

test("GroupStateTimeout constants are PySpark's strings", () => {
  assert.deepEqual(
    { ...GroupStateTimeout },
    {
      NoTimeout: "NoTimeout",
      ProcessingTimeTimeout: "ProcessingTimeTimeout",
      EventTimeTimeout: "EventTimeTimeout",
    },
  );
});

// ---- UnsupportedOperationChecker (UnsupportedOperationsSuite's (flat)MapGroupsWithState cases) ------

async function startFails(df: DataFrame, mode: string, message: string): Promise<void> {
  await assert.rejects(testStream(df, mode)(AddData(new MemoryStream(spark, "x INT"))), (e: unknown) => {
    assert.ok(e instanceof TsparkError, String(e));
    assert.ok(e.message.includes(message), `${e.message}\n  does not contain\n${message}`);
    return true;
  });
}

const stream = () => new MemoryStream(spark, "value STRING, ts TIMESTAMP");
const fmgws = (df: DataFrame, fnMode: string, timeout = "NoTimeout") =>
  df.groupBy("value").flatMapGroupsWithState(() => [], OUTPUT, COUNT_STATE, fnMode, timeout);
const mgws = (df: DataFrame, timeout = "NoTimeout") =>
  df.groupBy("value").mapGroupsWithState((k) => [k[0], ""], OUTPUT, COUNT_STATE, timeout);
const pandas = (df: DataFrame, fnMode: string, timeout = "NoTimeout") =>
  df.groupBy("value").applyInPandasWithState(() => [], OUTPUT, COUNT_STATE, fnMode, timeout);

test("UnsupportedOperationChecker: mapGroupsWithState needs Update output mode", async () => {
  await startFails(
    mgws(stream().toDF()),
    "append",
    "mapGroupsWithState is not supported with Append output mode on a streaming DataFrame/Dataset",
  );
  // Complete mode fails first on the missing aggregation (Spark's output-mode check).
  await assert.rejects(testStream(mgws(stream().toDF()), "complete")(AddData(stream())), {
    errorClass: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
  });
});

test("UnsupportedOperationChecker: the function's output mode must be the query's without aggregation", async () => {
  await startFails(
    fmgws(stream().toDF(), "update"),
    "append",
    "flatMapGroupsWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset",
  );
  await startFails(
    fmgws(stream().toDF(), "append"),
    "update",
    "flatMapGroupsWithState in append mode is not supported with Update output mode on a streaming DataFrame/Dataset",
  );
  await startFails(
    pandas(stream().toDF(), "update"),
    "append",
    "applyInPandasWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset",
  );
});

test("UnsupportedOperationChecker: with an aggregation the function must be in append mode", async () => {
  await startFails(
    fmgws(stream().toDF(), "update").groupBy("key").count(),
    "complete",
    "flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset",
  );
  await startFails(
    pandas(stream().toDF(), "update").groupBy("key").count(),
    "update",
    "applyInPandasWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset",
  );
  const aggregated = stream().toDF().groupBy("value").count().selectExpr("value", "count");
  await startFails(
    pandas(aggregated, "append"),
    "complete",
    "applyInPandasWithState in append mode is not supported after aggregation on a streaming DataFrame/Dataset",
  );
});

test("UnsupportedOperationChecker: several (flat)MapGroupsWithStates", async () => {
  const twoMaps = mgws(mgws(stream().toDF()).withColumnRenamed("key", "value"));
  await startFails(
    twoMaps,
    "update",
    "Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets",
  );
  const mixed = fmgws(mgws(stream().toDF()).withColumnRenamed("key", "value"), "update");
  await startFails(
    mixed,
    "update",
    "Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets",
  );
  const twoFlat = fmgws(fmgws(stream().toDF(), "append").withColumnRenamed("key", "value"), "update");
  await startFails(
    twoFlat,
    "update",
    "Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets",
  );
  const twoPandas = pandas(pandas(stream().toDF(), "update").withColumnRenamed("key", "value"), "update");
  await startFails(
    twoPandas,
    "update",
    "Multiple applyInPandasWithStates are not supported on a streaming DataFrames/Datasets",
  );
});

test("UnsupportedOperationChecker: event-time timeout needs a watermark", async () => {
  await startFails(
    fmgws(stream().toDF(), "update", "EventTimeTimeout"),
    "update",
    "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.",
  );
  await startFails(
    pandas(stream().toDF(), "update", "EventTimeTimeout"),
    "update",
    "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a applyInPandasWithState. Event-time timeout not supported without watermark.",
  );
});

test("UnsupportedOperationChecker: a stateful operator after event-time timeouts (global watermark check)", async () => {
  const watermarked = stream().toDF().withWatermark("ts", "10 seconds");
  await startFails(
    fmgws(watermarked, "append", "EventTimeTimeout").groupBy("key").count(),
    "update",
    "Detected pattern of possible 'correctness' issue due to global watermark.",
  );
});
