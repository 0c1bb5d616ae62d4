// Scenarios from Spark's StreamingAggregationSuite (sql/core/src/test/scala/org/apache/spark/sql/
// streaming/StreamingAggregationSuite.scala), plus the aggregation cases of StreamingQuerySuite:
// streaming aggregations without watermark in Update and Complete modes, recovered across
// restarts. Spark's tuples become rows by position; expected rows are Spark's.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { udf } from "../../src/api/udf.js";
import { SparkSession } from "../../src/api/spark-session.js";
import {
  AddData,
  AdvanceManualClock,
  CheckAnswer,
  CheckAnswerRows,
  CheckLastBatch,
  ExpectFailure,
  ManualClock,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, assertNumStateRows, scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

// StreamingAggregationSuite "simple count, update mode"
scenario("simple count, update mode", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const aggregated = inputData.toDF().groupBy(col("value")).agg(F.count("*"));
  return {
    df: aggregated,
    outputMode: "update",
    actions: [
      AddData(inputData, 3),
      CheckLastBatch([3, 1]),
      AddData(inputData, 3, 2),
      CheckLastBatch([3, 2], [2, 1]),
      StopStream,
      StartStream(),
      AddData(inputData, 3, 2, 1),
      CheckLastBatch([3, 3], [2, 2], [1, 1]),
      AddData(inputData, 4, 4, 4, 4),
      CheckLastBatch([4, 4]),
    ],
  };
});

// StreamingAggregationSuite "count distinct"
scenario("count distinct", () => {
  const inputData = new MemoryStream(spark, "_1 INT, _2 ARRAY<INT>");
  const aggregated = inputData
    .toDF()
    .select(col("*"), F.explode(col("_2")).alias("value"))
    .groupBy(col("_1"))
    .agg(F.size(F.collect_set(col("value"))));
  return {
    df: aggregated,
    outputMode: "update",
    actions: [AddData(inputData, [1, [1, 2]]), CheckLastBatch([1, 2])],
  };
});

// StreamingAggregationSuite "simple count, complete mode"
scenario("simple count, complete mode", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const aggregated = inputData.toDF().groupBy(col("value")).agg(F.count("*"));
  return {
    df: aggregated,
    outputMode: "complete",
    actions: [
      AddData(inputData, 3),
      CheckLastBatch([3, 1]),
      AddData(inputData, 2),
      CheckLastBatch([3, 1], [2, 1]),
      StopStream,
      StartStream(),
      AddData(inputData, 3, 2, 1),
      CheckLastBatch([3, 2], [2, 2], [1, 1]),
      AddData(inputData, 4, 4, 4, 4),
      CheckLastBatch([4, 4], [3, 2], [2, 2], [1, 1]),
    ],
  };
});

// StreamingAggregationSuite "simple count, append mode": an aggregation without watermark is
// rejected in Append mode when the query starts.
test("simple count, append mode", async () => {
  const inputData = new MemoryStream(spark, "value INT");
  const aggregated = inputData.toDF().groupBy(col("value")).agg(F.count("*"));
  await assert.rejects(testStream(aggregated, "append")(), (e: Error & { errorClass?: string }) => {
    assert.equal(e.errorClass, "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION");
    for (const m of ["append", "not supported"]) assert.ok(e.message.toLowerCase().includes(m), e.message);
    return true;
  });
});

// StreamingAggregationSuite "sort after aggregate in complete mode"
scenario("sort after aggregate in complete mode", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const aggregated = inputData
    .toDF()
    .groupBy(col("value"))
    .agg(F.count("*"))
    .toDF("value", "count")
    .orderBy(col("count").desc());
  const sorted = (...rows: unknown[]) => CheckAnswerRows(rows, { lastOnly: true, isSorted: true });
  return {
    df: aggregated,
    outputMode: "complete",
    actions: [
      AddData(inputData, 3),
      sorted([3, 1]),
      AddData(inputData, 2, 3),
      sorted([3, 2], [2, 1]),
      StopStream,
      StartStream(),
      AddData(inputData, 3, 2, 1),
      sorted([3, 3], [2, 2], [1, 1]),
      AddData(inputData, 4, 4, 4, 4),
      sorted([4, 4], [3, 3], [2, 2], [1, 1]),
    ],
  };
});

// StreamingAggregationSuite "state metrics - update/complete mode" (the state operator's
// progress: rows held and rows updated by the batch). Spark's flatMap(x => Seq(x, x + 1)) is an
// explode of [value, value + 1].
for (const mode of ["update", "complete"] as const) {
  scenario(`state metrics - ${mode} mode`, () => {
    const inputData = new MemoryStream(spark, "value INT");
    const aggregated = inputData
      .toDF()
      .select(F.explode(F.array(col("value"), col("value").plus(1))).alias("value"))
      .groupBy(col("value"))
      .agg(F.count("*"));
    return {
      df: aggregated,
      outputMode: mode,
      noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
      actions: [
        AddData(inputData, 1),
        CheckLastBatch([1, 1], [2, 1]),
        assertNumStateRows(2, 2),
        AddData(inputData, 2, 3),
        mode === "update"
          ? CheckLastBatch([2, 2], [3, 2], [4, 1])
          : CheckLastBatch([1, 1], [2, 2], [3, 2], [4, 1]),
        assertNumStateRows(4, 3),
      ],
    };
  });
}

// StreamingAggregationSuite "multiple keys"
scenario("multiple keys", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const aggregated = inputData.toDF().groupBy(col("value"), col("value").plus(1)).agg(F.count("*"));
  return {
    df: aggregated,
    outputMode: "update",
    actions: [
      AddData(inputData, 1, 2),
      CheckLastBatch([1, 2, 1], [2, 3, 1]),
      AddData(inputData, 1, 2),
      CheckLastBatch([1, 2, 2], [2, 3, 2]),
    ],
  };
});

// StreamingAggregationSuite "midbatch failure": a batch that fails half-way leaves no state
// behind; the restarted query re-runs it and counts every row once.
scenario("midbatch failure", () => {
  const inputData = new MemoryStream(spark, "value INT");
  let firstTime = true;
  const failOnceOn4 = udf(
    (i: number) => {
      if (i === 4 && firstTime) {
        firstTime = false;
        throw new RangeError("injected failure");
      }
      return i;
    },
    "int",
    "failOnceOn4",
  );
  const aggregated = inputData
    .toDF()
    .select(failOnceOn4(col("value")).alias("value"))
    .groupBy(col("value"))
    .agg(F.count("*"));
  return {
    df: aggregated,
    outputMode: "update",
    actions: [
      StartStream(),
      AddData(inputData, 1, 2, 3, 4),
      ExpectFailure({ message: "injected failure" }),
      StartStream(),
      CheckLastBatch([1, 1], [2, 1], [3, 1], [4, 1]),
    ],
  };
});

// StreamingAggregationSuite "typed aggregators" (typed.sumLong becomes sum)
scenario("sum per key (typed aggregators)", () => {
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const aggregated = inputData
    .toDF()
    .groupBy(col("_1"))
    .agg(F.sum(col("_2")));
  return {
    df: aggregated,
    outputMode: "update",
    actions: [
      AddData(inputData, ["a", 10], ["a", 20], ["b", 1], ["b", 2], ["c", 1]),
      CheckLastBatch(["a", 30], ["b", 3], ["c", 1]),
    ],
  };
});

// StreamingAggregationSuite "changing schema of state when restarting query" (its first query):
// sum, avg and max per key.
scenario("sum, avg and max per key", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const aggregated = inputData
    .toDF()
    .selectExpr("value % 10 AS id", "value")
    .groupBy(col("id"))
    .agg(
      F.sum("value").alias("sum_value"),
      F.avg("value").alias("avg_value"),
      F.max("value").alias("max_value"),
    );
  return {
    df: aggregated,
    outputMode: "update",
    actions: [AddData(inputData, 1, 11), CheckLastBatch([1, 12, 6.0, 11])],
  };
});

// StreamingAggregationSuite "SPARK-19690: do not convert batch aggregation in streaming query to
// streaming": a batch aggregation joined with a stream stays a batch aggregation.
scenario("SPARK-19690: do not convert batch aggregation in streaming query to streaming", () => {
  const streamInput = new MemoryStream(spark, "value INT");
  const batchDF = spark
    .createDataFrame([[1], [2], [3], [4], [5]], ["value"])
    .withColumn("parity", col("value").mod(2))
    .groupBy(col("parity"))
    .agg(F.count("*").alias("joinValue"));
  const joinDF = streamInput.toDF().join(batchDF, col("value").equalTo(col("parity")));
  return {
    df: joinDF,
    outputMode: "append",
    actions: [
      AddData(streamInput, 0, 1, 2, 3),
      CheckLastBatch([0, 0, 2], [1, 1, 3]),
      AddData(streamInput, 0, 1, 2, 3),
      CheckLastBatch([0, 0, 2], [1, 1, 3]),
    ],
  };
});

// StreamingAggregationSuite "SPARK-22230: last should change with new batches" (a global
// aggregation; an empty AddData still runs a batch)
scenario("SPARK-22230: last should change with new batches", () => {
  const input = new MemoryStream(spark, "value INT");
  const aggregated = input.toDF().agg(F.last(col("value")));
  return {
    df: aggregated,
    outputMode: "complete",
    actions: [
      AddData(input, 1, 2, 3),
      CheckLastBatch(3),
      AddData(input, 4, 5, 6),
      CheckLastBatch(6),
      AddData(input),
      CheckLastBatch(6),
      AddData(input, 0),
      CheckLastBatch(0),
    ],
  };
});

// StreamingAggregationSuite "SPARK-21977: coalesce(1) with 0 partition RDD should be repartitioned
// to 1": a global count in Complete mode keeps its state over batches without rows (Spark's
// block-backed source becomes a MemoryStream; an empty AddData is its empty block).
scenario("global count keeps its state over empty batches (SPARK-21977)", () => {
  const input = new MemoryStream(spark, "a INT");
  const aggregated = input.toDF().coalesce(1).groupBy().count();
  return {
    df: aggregated,
    outputMode: "complete",
    actions: [
      AddData(input, 1),
      CheckLastBatch(1),
      AddData(input),
      CheckLastBatch(1),
      AddData(input, 2, 3),
      CheckLastBatch(3),
      AddData(input),
      CheckLastBatch(3),
      StopStream,
    ],
  };
});

// StreamingQuerySuite "SPARK-22238: don't check for RDD partitions during streaming aggregation
// preparation": stream-static join feeding an aggregation in Complete mode.
scenario("SPARK-22238: stream-static join then aggregation in complete mode", () => {
  const stream = new MemoryStream(spark, "_1 INT, _2 INT");
  const baseDf = spark
    .createDataFrame(
      [
        [1, "A"],
        [2, "b"],
      ],
      ["num", "char"],
    )
    .where("char = 'A'");
  const otherDf = stream
    .toDF()
    .toDF("num", "numSq")
    .join(F.broadcast(baseDf), "num")
    .groupBy(col("char"))
    .agg(F.sum(col("numSq")));
  return {
    df: otherDf,
    outputMode: "complete",
    actions: [AddData(stream, [1, 1], [2, 4]), CheckLastBatch(["A", 1])],
  };
});

// StreamingQuerySuite "SPARK-32456: distinct in streaming query of complete mode"
scenario("SPARK-32456: distinct in streaming query of complete mode", () => {
  const inputData = new MemoryStream(spark, "value INT");
  inputData.toDF().toDF("value").createOrReplaceTempView("deduptest");
  const distinct = spark.sql("select distinct value from deduptest");
  return {
    df: distinct,
    outputMode: "complete",
    actions: [AddData(inputData, 1, 2, 3, 3, 4), CheckAnswer(1, 2, 3, 4)],
  };
});

// StreamingQuerySuite "SPARK-32456: distinct in streaming query of append mode without
// watermark": an aggregation (distinct) without watermark cannot run in Append mode.
test("SPARK-32456: distinct in streaming query of append mode without watermark", async () => {
  const inputData = new MemoryStream(spark, "value INT");
  inputData.toDF().toDF("value").createOrReplaceTempView("deduptest_append");
  const distinct = spark.sql("select distinct value from deduptest_append");
  await assert.rejects(testStream(distinct, "append")(AddData(inputData, 1)), {
    errorClass: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
  });
});

// StreamingAggregationSuite "prune results by current_time, complete mode" (its first three
// batches): current_timestamp() is the batch's trigger time on the query's clock.
scenario("prune results by current_time, complete mode", () => {
  const clock = new ManualClock();
  const session = SparkSession.builder.config("spark.sql.shuffle.partitions", 5).withClock(clock).create();
  const inputData = new MemoryStream(session, "value BIGINT");
  const aggregated = inputData
    .toDF()
    .groupBy(col("value"))
    .agg(F.count("*"))
    .where(col("value").geq(F.current_timestamp().cast("long").minus(10)));
  const trigger = { processingTime: "10 seconds" };
  return {
    df: aggregated,
    outputMode: "complete",
    actions: [
      StartStream({ trigger, clock }),
      // advance clock to 10 seconds, all keys retained
      AddData(inputData, 0, 5, 5, 10),
      AdvanceManualClock(10_000),
      CheckLastBatch([0, 1], [5, 2], [10, 1]),
      // advance clock to 20 seconds, should retain keys >= 10
      AddData(inputData, 15, 15, 20),
      AdvanceManualClock(10_000),
      CheckLastBatch([10, 1], [15, 2], [20, 1]),
      // advance clock to 30 seconds, should retain keys >= 20
      AddData(inputData, 0, 85),
      AdvanceManualClock(10_000),
      CheckLastBatch([20, 1], [85, 1]),
    ],
  };
});
