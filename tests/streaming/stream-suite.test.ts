// Scenarios from Spark's StreamSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming/
// StreamSuite.scala): stateless map/filter, stream-static join, union of streams, SQL over a
// streaming view, restarts, and the errors for running streaming plans as batch queries.
// Spark's typed `map(_ + 1)` becomes a column expression; expected rows are Spark's.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  ManualClock,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { ASSERTS_LAST_BATCH_PROGRESS, scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

// StreamSuite "map with recovery"
scenario("map with recovery", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const mapped = inputData.toDF().select(col("value").plus(1).alias("value"));
  return {
    df: mapped,
    actions: [
      AddData(inputData, 1, 2, 3),
      StartStream(),
      CheckAnswer(2, 3, 4),
      StopStream,
      AddData(inputData, 4, 5, 6),
      StartStream(),
      CheckAnswer(2, 3, 4, 5, 6, 7),
    ],
  };
});

// StreamSuite "join" (stream-static inner join)
scenario("join", () => {
  const smallTable = spark.createDataFrame(
    [
      [1, "one"],
      [2, "two"],
      [4, "four"],
    ],
    ["number", "word"],
  );
  const inputData = new MemoryStream(spark, "value INT");
  const joined = inputData.toDF().join(smallTable, col("value").equalTo(col("number")));
  return {
    df: joined,
    actions: [
      AddData(inputData, 1, 2, 3),
      CheckAnswer([1, 1, "one"], [2, 2, "two"]),
      AddData(inputData, 4),
      CheckAnswer([1, 1, "one"], [2, 2, "two"], [4, 4, "four"]),
    ],
  };
});

// StreamSuite "union two streams"
scenario("union two streams", () => {
  const inputData1 = new MemoryStream(spark, "value INT");
  const inputData2 = new MemoryStream(spark, "value INT");
  const unioned = inputData1.toDF().union(inputData2.toDF());
  return {
    df: unioned,
    actions: [
      AddData(inputData1, 1, 3, 5),
      CheckAnswer(1, 3, 5),
      AddData(inputData2, 2, 4, 6),
      CheckAnswer(1, 2, 3, 4, 5, 6),
      StopStream,
      AddData(inputData1, 7),
      StartStream(),
      AddData(inputData2, 8),
      CheckAnswer(1, 2, 3, 4, 5, 6, 7, 8),
    ],
  };
});

// StreamSuite "sql queries"
scenario("sql queries", () => {
  const inputData = new MemoryStream(spark, "value INT");
  inputData.toDF().createOrReplaceTempView("stream");
  const evens = spark.sql("SELECT * FROM stream WHERE value % 2 = 0");
  return { df: evens, actions: [AddData(inputData, 1, 2, 3, 4), CheckAnswer(2, 4)] };
});

// StreamingQuerySuite "input row calculation with same V2 source used twice in self-union":
// one source scanned twice gives every row twice.
scenario("self-union of one MemoryStream reads each batch twice", () => {
  const streamInput = new MemoryStream(spark, "value INT");
  return {
    df: streamInput.toDF().union(streamInput.toDF()),
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(streamInput, 1, 2, 3),
      CheckAnswer(1, 1, 2, 2, 3, 3),
      AssertOnQuery((q) => q.lastProgress?.sources.length === 1, "one source"),
      AssertOnQuery((q) => q.lastProgress?.numInputRows === 6, "the source is scanned twice"),
    ],
  };
});

// StreamSuite "unsupported queries": a batch action on a streaming plan, writeStream on a batch
// plan (Spark 4: WRITE_STREAM_NOT_ALLOWED), and a sort that cannot be incrementalized.
test("unsupported queries", async () => {
  const streamInput = new MemoryStream(spark, "value INT");
  const batchInput = spark.createDataFrame([[1], [2], [3]], ["value"]);
  await assert.rejects(
    streamInput.toDF().select(col("value")).count(),
    (e: { errorClass?: string; message: string }) => {
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_3102");
      assert.match(e.message, /Queries with streaming sources must be executed with writeStream\.start\(\)/);
      return true;
    },
  );
  await assert.rejects(testStream(batchInput.select(col("value")))(), {
    errorClass: "WRITE_STREAM_NOT_ALLOWED",
  });
  await assert.rejects(
    testStream(streamInput.toDF().sort("value"))(),
    (e: { errorClass?: string; message: string }) => {
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_3102");
      assert.match(e.message, /not supported/);
      assert.match(e.message, /streaming/);
      return true;
    },
  );
});

// Every batch action on a streaming DataFrame fails the same way (Spark's
// UnsupportedOperationChecker.checkForBatch).
test("batch actions on a streaming DataFrame: _LEGACY_ERROR_TEMP_3102", async () => {
  const df = new MemoryStream(spark, "value INT").toDF();
  for (const action of [
    () => df.collect(),
    () => df.count(),
    () => df.show(),
    () => df.first(),
    () => df.take(1),
  ]) {
    await assert.rejects(action(), { errorClass: "_LEGACY_ERROR_TEMP_3102" });
  }
  assert.throws(() => spark.range(3).writeStream, { errorClass: "WRITE_STREAM_NOT_ALLOWED" });
});

// StreamSuite "minimize delay between batch construction and execution": with a 10 s
// processing-time trigger on a manual clock, a batch runs per advance with new data, no batch
// runs without data however often the clock advances, and a restart does not re-run batch 1.
const PROGRESS_OF_ONE_RUN =
  "counts the batches in the progress of one run (a restart or crash starts a new run's history)";
scenario("minimize delay between batch construction and execution", () => {
  const clock = new ManualClock();
  const session = SparkSession.builder.config("spark.sql.shuffle.partitions", 5).withClock(clock).create();
  const inputData = new MemoryStream(session, "value INT");
  const trigger = { processingTime: "10 seconds" };
  const lastBatchId = (expected: number) =>
    AssertOnQuery((q) => q.lastProgress?.batchId === expected, `last progress is batch ${expected}`);
  return {
    df: inputData.toDF(),
    noRestartMatrix: PROGRESS_OF_ONE_RUN,
    noCrashMatrix: PROGRESS_OF_ONE_RUN,
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputData, 1, 2, 3),
      AdvanceManualClock(10_000),
      CheckAnswer(1, 2, 3),
      lastBatchId(0),
      AddData(inputData, 4, 5, 6),
      AdvanceManualClock(10_000),
      CheckAnswer(1, 2, 3, 4, 5, 6),
      lastBatchId(1),
      AdvanceManualClock(10_000),
      AdvanceManualClock(10_000),
      AdvanceManualClock(10_000),
      CheckAnswer(1, 2, 3, 4, 5, 6),
      AssertOnQuery(
        (q) => q.recentProgress.filter((p) => p.numInputRows > 0).length === 2,
        "no batch without new data however often the clock advances",
      ),
      StopStream,
      StartStream({ trigger, clock }),
      AdvanceManualClock(10_000),
      CheckAnswer(1, 2, 3, 4, 5, 6),
      AssertOnQuery((q) => q.recentProgress.every((p) => p.numInputRows === 0), "batch 1 is not re-run"),
      AddData(inputData, 7, 8, 9),
      AdvanceManualClock(10_000),
      CheckAnswer(1, 2, 3, 4, 5, 6, 7, 8, 9),
      lastBatchId(2),
    ],
  };
});

// StreamSuite "explain": before the first batch and after one.
test("explain", async () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const df = inputData.toDF().select(F.concat(col("value"), F.lit("foo")).alias("value"));
  const q = await df.writeStream.queryName("memory_explain").format("memory").start();
  try {
    assert.equal(q.explainString(false), "No physical plan. Waiting for data.");
    assert.equal(q.explainString(true), "No physical plan. Waiting for data.");
    inputData.addData("abc");
    await q.processAllAvailable();
    assert.match(q.explainString(false), /== Physical Plan ==/);
    assert.doesNotMatch(q.explainString(false), /== Optimized Logical Plan ==/);
    assert.match(q.explainString(true), /== Optimized Logical Plan ==[\s\S]*== Physical Plan ==/);
  } finally {
    await q.stop();
  }
  assert.deepEqual(await spark.sql("select * from memory_explain").collect(), [{ value: "abcfoo" }]);
});
