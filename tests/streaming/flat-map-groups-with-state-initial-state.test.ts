// Scenarios from Spark's FlatMapGroupsWithStateWithInitialStateSuite
// (sql/core/src/test/scala/org/apache/spark/sql/streaming/): (flat)MapGroupsWithState with an
// initial state — Scala's `initialState: KeyValueGroupedDataset` is a batch DataFrame grouped by
// the key here (`stateDf.groupBy("key")`, its other columns the state row). Applied in the first
// batch only, keys with only an initial state called without rows, duplicate keys refused, batch
// queries, a streaming initial state refused at start. Spark's RunningCount becomes a `count LONG`
// tuple and the tuples of the output rows by position. Expected rows and state counts are Spark's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import { ManualClock } from "../../src/common/clock.js";
import { TsparkError } from "../../src/common/errors.js";
import { type GroupState, type GroupStateFunction, GroupStateTimeout } from "../../src/index.js";
import {
  AddData,
  AdvanceManualClock,
  CheckNewAnswer,
  ExpectFailure,
  MultiAddData,
  MemoryStream,
  StartStream,
  StopStream,
  stateStoreMetrics,
  testStream,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, scenario, testSession } from "./scenario.js";

const spark = testSession();

const OUTPUT = "key STRING, values ARRAY<STRING>, count STRING";
const COUNT_STATE = "count LONG";
const STATE_ROWS = "key STRING, count LONG";

const countOf = (state: GroupState): number => Number(state.getOption?.[0] ?? 0);

function sessionWith(partitions: number): SparkSession {
  return SparkSession.builder
    .master("local[2]")
    .config({
      "spark.sql.shuffle.partitions": partitions,
      "spark.sql.session.timeZone": "UTC",
      "spark.sql.streaming.stateStore.minDeltasForSnapshot": 1,
      "spark.sql.streaming.stateStore.maintenanceInterval": "0",
    })
    .create();
}

/** Spark's flatMapGroupsWithStateFunc: the key, its rows and the count, counting into the state. */
const initialStateFunc: GroupStateFunction = (key, rows, state) => {
  const values = [...rows].map((r) => String(r.value));
  if (values.length === 0) assert.ok(state.exists, "a key called without rows has its initial state");
  assert.ok(state.getCurrentProcessingTimeMs() >= 0);
  assert.throws(() => state.getCurrentWatermarkMs(), { errorClass: "_LEGACY_ERROR_TEMP_2204" });
  assert.equal(state.hasTimedOut, false);
  const k = String(key[0]);
  if (k.includes("EventTime")) state.setTimeoutTimestamp(0, "1 hour");
  if (k.includes("ProcessingTime")) state.setTimeoutDuration("1 hour");
  const count = countOf(state) + values.length;
  // Without an update the initial state stays stored as it was.
  if (!k.includes("NoUpdate")) state.update([count]);
  return [[key[0], values, String(count)]];
};

// FlatMapGroupsWithStateWithInitialStateSuite "flatMapGroupsWithState - initial state - all cases
// - shuffle partitions 1, 2, 6"
for (const partitions of [1, 2, 6]) {
  scenario(`flatMapGroupsWithState - initial state - all cases - shuffle partitions ${partitions}`, () => {
    const session = sessionWith(partitions);
    const metrics = stateStoreMetrics();
    const initialState = session
      .createDataFrame(
        [
          ["keyInStateAndData-1", 1],
          ["keyInStateAndData-2", 2],
          ["keyNoUpdate", 2],
          ["keyOnlyInState-1", 1],
        ],
        STATE_ROWS,
      )
      .groupBy("key");
    const inputData = new MemoryStream(session, "value STRING");
    const result = inputData
      .toDF()
      .groupBy("value")
      .flatMapGroupsWithState(initialStateFunc, OUTPUT, COUNT_STATE, "update", "NoTimeout", initialState);
    return {
      df: result,
      outputMode: "update",
      noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
      actions: [
        AddData(inputData, "keyOnlyInData", "keyInStateAndData-2"),
        CheckNewAnswer(
          ["keyOnlyInState-1", [], "1"],
          ["keyNoUpdate", [], "2"],
          ["keyInStateAndData-2", ["keyInStateAndData-2"], "3"],
          ["keyInStateAndData-1", [], "1"],
          ["keyOnlyInData", ["keyOnlyInData"], "1"],
        ),
        metrics.assertNumStateRows(5, 4),
        // The initial state is not applied again after a restart.
        StopStream,
        StartStream(),
        AddData(inputData, "keyInStateAndData-1"),
        CheckNewAnswer(["keyInStateAndData-1", ["keyInStateAndData-1"], "2"]),
        metrics.assertNumStateRows(5, 1),
        StopStream,
      ],
    };
  });
}

// "flatMapGroupsWithState - initial state - case class key": a two-column key.
scenario("flatMapGroupsWithState - initial state - two-column key", () => {
  const initialState = spark
    .createDataFrame(
      [
        ["keyInStateAndData", "1", 1],
        ["keyOnlyInState", "1", 1],
        ["keyNoUpdate", "2", 2],
      ],
      "name STRING, id STRING, count LONG",
    )
    .groupBy("name", "id");
  const metrics = stateStoreMetrics();
  const inputData = new MemoryStream(spark, "name STRING, id STRING");
  const result = inputData
    .toDF()
    .groupBy("name", "id")
    .flatMapGroupsWithState(
      (key, rows, state) => {
        const names = [...rows].map((r) => String(r.name));
        if (names.length === 0) assert.ok(state.exists);
        const count = countOf(state) + names.length;
        if (!String(key[0]).includes("NoUpdate")) state.update([count]);
        return [[key[0], key[1], names, String(count)]];
      },
      "name STRING, id STRING, values ARRAY<STRING>, count STRING",
      COUNT_STATE,
      "update",
      GroupStateTimeout.NoTimeout,
      initialState,
    );
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, ["keyInStateAndData", "1"], ["keyOnlyInData", "1"]),
      CheckNewAnswer(
        ["keyInStateAndData", "1", ["keyInStateAndData"], "2"],
        ["keyOnlyInState", "1", [], "1"],
        ["keyNoUpdate", "2", [], "2"],
        ["keyOnlyInData", "1", ["keyOnlyInData"], "1"],
      ),
      metrics.assertNumStateRows(4, 3),
      StopStream,
      StartStream(),
      AddData(inputData, ["keyOnlyInData", "1"]),
      CheckNewAnswer(["keyOnlyInData", "1", ["keyOnlyInData"], "2"]),
      metrics.assertNumStateRows(4, 1),
      StopStream,
    ],
  };
});

/** The error Spark raises for two initial states of one key. */
function isDuplicateKeyError(e: unknown): boolean {
  assert.ok(e instanceof TsparkError, String(e));
  assert.equal(e.errorClass, "ILLEGAL_ARGUMENT");
  assert.match(e.message, /The initial state provided contained multiple rows\(state\) with the same key/);
  return true;
}

// "flatMapGroupsWithState - initial state - duplicate keys"
test("flatMapGroupsWithState - initial state - duplicate keys", async () => {
  const initialState = spark
    .createDataFrame(
      [
        ["a", 2],
        ["a", 1],
      ],
      STATE_ROWS,
    )
    .groupBy("key");
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(initialStateFunc, OUTPUT, COUNT_STATE, "update", "NoTimeout", initialState);
  await testStream(result, "update")(
    AddData(inputData, "a"),
    ExpectFailure({
      errorClass: "ILLEGAL_ARGUMENT",
      message: "The initial state provided contained multiple rows(state) with the same key",
    }),
  );
});

// "flatMapGroupsWithState - initial state - batch mode - timeout …"
for (const timeout of ["NoTimeout", "EventTimeTimeout", "ProcessingTimeTimeout"] as const) {
  test(`flatMapGroupsWithState - initial state - batch mode - timeout ${timeout}`, async () => {
    const initialState = spark
      .createDataFrame(
        [
          [`keyInStateAndData-1-${timeout}`, 1],
          ["keyInStateAndData-2", 2],
          ["keyNoUpdate", 2],
          ["keyOnlyInState-1", 1],
        ],
        STATE_ROWS,
      )
      .groupBy("key");
    const result = spark
      .createDataFrame([["keyOnlyInData"], ["keyInStateAndData-2"]], "value STRING")
      .groupBy("value")
      .flatMapGroupsWithState(initialStateFunc, OUTPUT, COUNT_STATE, "update", timeout, initialState);
    const rows = (await result.collect()).map((r) => [r.key, r.values, r.count]);
    rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const expected = [
      ["keyOnlyInState-1", [], "1"],
      ["keyNoUpdate", [], "2"],
      ["keyInStateAndData-2", ["keyInStateAndData-2"], "3"],
      [`keyInStateAndData-1-${timeout}`, [], "1"],
      ["keyOnlyInData", ["keyOnlyInData"], "1"],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(rows, expected);
  });
}

// "flatMapGroupsWithState - initial state - batch mode - duplicate state"
test("flatMapGroupsWithState - initial state - batch mode - duplicate state", async () => {
  const initialState = spark
    .createDataFrame(
      [
        ["a", 1],
        ["a", 2],
      ],
      STATE_ROWS,
    )
    .groupBy("key");
  const result = spark
    .createDataFrame([["a"], ["b"]], "value STRING")
    .groupBy("value")
    .flatMapGroupsWithState(initialStateFunc, OUTPUT, COUNT_STATE, "update", "NoTimeout", initialState);
  await assert.rejects(result.collect(), isDuplicateKeyError);
});

// "flatMapGroupsWithState - initial state - streaming initial state": refused when the query starts.
test("flatMapGroupsWithState - initial state - streaming initial state", async () => {
  const initialStateData = new MemoryStream(spark, STATE_ROWS);
  initialStateData.addData(["a", 1]);
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(
      initialStateFunc,
      OUTPUT,
      COUNT_STATE,
      "update",
      "NoTimeout",
      initialStateData.toDF().groupBy("key"),
    );
  await assert.rejects(
    async () => {
      const q = await result.writeStream.format("memory").queryName("initial_state_stream").start();
      await q.stop();
    },
    (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_3102");
      assert.match(
        e.message,
        /Non-streaming DataFrame\/Dataset is not supported as the initial state in \[flatMap\|map\]GroupsWithState operation on a streaming DataFrame\/Dataset/,
      );
      return true;
    },
  );
});

// "flatMapGroupsWithState - initial state - initial state has flatMapGroupsWithState": the
// initial state is itself the output of a (batch) mapGroupsWithState.
scenario("flatMapGroupsWithState - initial state - initial state has flatMapGroupsWithState", () => {
  const initialState = spark
    .createDataFrame([["keyInStateAndData", 1]], STATE_ROWS)
    .groupBy("key")
    .mapGroupsWithState(
      (key, rows) => [key[0], [...rows][0]!.count],
      STATE_ROWS,
      "flag BOOLEAN",
      GroupStateTimeout.NoTimeout,
    )
    .groupBy("key");
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(initialStateFunc, OUTPUT, COUNT_STATE, "update", "NoTimeout", initialState);
  return {
    df: result,
    outputMode: "update",
    actions: [
      AddData(inputData, "keyInStateAndData"),
      CheckNewAnswer(["keyInStateAndData", ["keyInStateAndData"], "2"]),
      StopStream,
    ],
  };
});

// "mapGroupsWithState - initial state - null key"
scenario("mapGroupsWithState - initial state - null key", () => {
  const metrics = stateStoreMetrics();
  const initialState = spark
    .createDataFrame(
      [
        ["key", 5],
        [null, 2],
      ],
      STATE_ROWS,
    )
    .groupBy("key");
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .mapGroupsWithState(
      (key, rows, state) => {
        const count = countOf(state) + [...rows].length;
        state.update([count]);
        return [key[0], String(state.get[0])];
      },
      "key STRING, count STRING",
      COUNT_STATE,
      GroupStateTimeout.NoTimeout,
      initialState,
    );
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, "key", null),
      CheckNewAnswer(["key", "6"], [null, "3"]),
      metrics.assertNumStateRows(2, 2),
      StopStream,
    ],
  };
});

// "flatMapGroupsWithState - initial state - processing time timeout"
scenario("flatMapGroupsWithState - initial state - processing time timeout", () => {
  const clock = new ManualClock();
  const session = SparkSession.builder
    .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
    .withClock(clock)
    .create();
  const inputData = new MemoryStream(session, "key STRING, time LONG");
  const initialState = session.createDataFrame([["c", 2]], STATE_ROWS).groupBy("key");
  const result = inputData
    .toDF()
    .selectExpr("key", "timestamp_seconds(time) AS timestamp")
    .withWatermark("timestamp", "10 second")
    .groupBy("key")
    .flatMapGroupsWithState(
      (key, rows, state) => {
        if (state.hasTimedOut) {
          state.remove();
          return [[key[0], "-1"]];
        }
        const count = countOf(state) + [...rows].length;
        state.update([count]);
        state.setTimeoutDuration("10 seconds");
        return [[key[0], String(count)]];
      },
      "key STRING, count STRING",
      COUNT_STATE,
      "update",
      GroupStateTimeout.ProcessingTimeTimeout,
      initialState,
    );
  const trigger = { processingTime: "1 second" };
  return {
    df: result,
    outputMode: "update",
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputData, ["a", 1]),
      AdvanceManualClock(1 * 1000), // a and c are processed here for the first time
      CheckNewAnswer(["a", "1"], ["c", "2"]),
      AdvanceManualClock(10 * 1000),
      AddData(inputData, ["b", 1]), // a and c time out
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["a", "-1"], ["b", "1"], ["c", "-1"]),
    ],
  };
});

test("an initial state whose columns do not match the key or the state schema is refused", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const grouped = inputData.toDF().groupBy("value");
  const fmgws = (initial: ReturnType<ReturnType<typeof spark.createDataFrame>["groupBy"]>) =>
    grouped.flatMapGroupsWithState(initialStateFunc, OUTPUT, COUNT_STATE, "update", "NoTimeout", initial);
  assert.throws(
    () => fmgws(spark.createDataFrame([["a", 1, 2]], "key STRING, count LONG, more LONG").groupBy("key")),
    { errorClass: "UNSUPPORTED_DESERIALIZER.FIELD_NUMBER_MISMATCH" },
  );
  assert.throws(() => fmgws(spark.createDataFrame([["a", "1"]], "key STRING, count STRING").groupBy("key")), {
    errorClass: "CANNOT_UP_CAST_DATATYPE",
  });
  assert.throws(() => fmgws(spark.createDataFrame([[1, 1]], "key INT, count LONG").groupBy("key")), {
    errorClass: "CANNOT_UP_CAST_DATATYPE",
  });
});

// ---- spark.sql.streaming.flatMapGroupsWithState.skipEmittingInitialStateKeys ----------------------

const SKIP_CONF = "spark.sql.streaming.flatMapGroupsWithState.skipEmittingInitialStateKeys";

/** Spark's fruitCountFunc: the count of the key, from its state plus its rows. */
const fruitCount: GroupStateFunction = (key, rows, state) => {
  const count = countOf(state) + [...rows].length;
  state.update([count]);
  return [[key[0], count]];
};

/** A session with the conf set (the initial state reads it when the query is built). */
function sessionSkipping(skip: boolean, clock?: ManualClock): SparkSession {
  const b = SparkSession.builder.config({
    "spark.sql.shuffle.partitions": 5,
    "spark.sql.session.timeZone": "UTC",
    [SKIP_CONF]: String(skip),
  });
  return (clock ? b.withClock(clock) : b).create();
}

function fruits(session: SparkSession, inputData: MemoryStream, initial: [string, number][]) {
  const initialState = session.createDataFrame(initial, "fruit STRING, count LONG").groupBy("fruit");
  return inputData
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(
      fruitCount,
      "key STRING, count LONG",
      COUNT_STATE,
      "update",
      "NoTimeout",
      initialState,
    );
}

// "flatMapGroupsWithState - initial state - skipEmittingInitialStateKeys=true / false": the keys
// with only an initial state are called in the first batch unless the conf says to skip them;
// their state is stored either way (orange counts on from 2).
for (const skip of [true, false]) {
  scenario(`flatMapGroupsWithState - initial state - skipEmittingInitialStateKeys=${skip}`, () => {
    const session = sessionSkipping(skip);
    const inputData = new MemoryStream(session, "value STRING");
    const initial: [string, number][] = [
      ["apple", 1],
      ["orange", 2],
      ["mango", 5],
    ];
    return {
      df: fruits(session, inputData, initial),
      outputMode: "update",
      actions: [
        MultiAddData([inputData, ["apple", "banana"]]),
        skip
          ? CheckNewAnswer(["apple", 2], ["banana", 1])
          : CheckNewAnswer(["apple", 2], ["banana", 1], ["orange", 2], ["mango", 5]),
        AddData(inputData, "orange"),
        CheckNewAnswer(["orange", 3]),
        StopStream,
      ],
    };
  });
}

// "flatMapGroupsWithState - initial state and initial batch have same keys and
// skipEmittingInitialStateKeys=…": the same answer either way.
for (const skip of [true, false]) {
  scenario(
    `flatMapGroupsWithState - initial state and initial batch have same keys and skipEmittingInitialStateKeys=${skip}`,
    () => {
      const clock = new ManualClock();
      const session = sessionSkipping(skip, clock);
      const inputData = new MemoryStream(session, "value STRING");
      const trigger = { processingTime: "1 second" };
      return {
        df: fruits(session, inputData, [
          ["apple", 1],
          ["orange", 2],
        ]),
        outputMode: "update",
        actions: [
          StartStream({ trigger, clock }),
          AddData(inputData, "apple"),
          AddData(inputData, "apple"),
          AddData(inputData, "orange"),
          AdvanceManualClock(1 * 1000),
          CheckNewAnswer(["apple", 3], ["orange", 3]),
          AddData(inputData, "orange"),
          AdvanceManualClock(1 * 1000),
          CheckNewAnswer(["orange", 4]),
          StopStream,
        ],
      };
    },
  );
}

// "flatMapGroupsWithState - batch query and skipEmittingInitialStateKeys=…"
for (const skip of [true, false]) {
  test(`flatMapGroupsWithState - batch query and skipEmittingInitialStateKeys=${skip}`, async () => {
    const session = sessionSkipping(skip);
    const initialState = session
      .createDataFrame(
        [
          ["apple", 1],
          ["orange", 2],
        ],
        "fruit STRING, count LONG",
      )
      .groupBy("fruit");
    const result = session
      .createDataFrame([["orange"], ["mango"]], "value STRING")
      .groupBy("value")
      .flatMapGroupsWithState(
        fruitCount,
        "key STRING, count LONG",
        COUNT_STATE,
        "update",
        "NoTimeout",
        initialState,
      );
    const rows = (await result.collect()).map((r) => [r.key, Number(r.count)]).sort();
    assert.deepEqual(
      rows,
      skip
        ? [
            ["mango", 1],
            ["orange", 3],
          ]
        : [
            ["apple", 1],
            ["mango", 1],
            ["orange", 3],
          ],
    );
  });
}

// tspark: applyInPandasWithState takes the same initial state (PySpark's has none).
scenario("applyInPandasWithState - initial state (tspark)", () => {
  const session = sessionSkipping(false);
  const inputData = new MemoryStream(session, "value STRING");
  const initialState = session
    .createDataFrame(
      [
        ["apple", 1],
        ["mango", 5],
      ],
      "fruit STRING, count LONG",
    )
    .groupBy("fruit");
  const df = inputData
    .toDF()
    .groupBy("value")
    .applyInPandasWithState(
      fruitCount,
      "key STRING, count LONG",
      COUNT_STATE,
      "Update",
      "NoTimeout",
      initialState,
    );
  return {
    df,
    outputMode: "update",
    actions: [
      AddData(inputData, "apple", "kiwi"),
      CheckNewAnswer(["apple", 2], ["kiwi", 1], ["mango", 5]),
      AddData(inputData, "mango"),
      CheckNewAnswer(["mango", 6]),
    ],
  };
});
