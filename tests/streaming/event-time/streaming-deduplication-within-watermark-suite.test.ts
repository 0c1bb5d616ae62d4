// Scenarios from Spark's StreamingDeduplicationWithinWatermarkSuite (sql/core/src/test/scala/org/
// apache/spark/sql/streaming/StreamingDeduplicationWithinWatermarkSuite.scala, Spark 4.x):
// dropDuplicatesWithinWatermark keeps a key's first row and drops its duplicates until the
// watermark passes the first row's event time + the delay; late rows are dropped; it needs a
// watermark and a streaming DataFrame. Expected rows and state counts are Spark's.
//
// PENDING (issue #7): `.pending.ts` until the streaming dropDuplicatesWithinWatermark lands; rename
// to `.test.ts` then.
//
// Not ported, and why:
// - "SPARK-46676: canonicalization of StreamingDeduplicateWithinWatermarkExec should work": it
//   canonicalizes the executed physical plan (internal API).
// - "Partition key extraction - DedupeWithinWatermark": it reads the operator's state key and value
//   schemas through StatefulOperatorsUtils (internal API).
// - "SPARK-57843: dropDuplicatesWithinWatermark with nanosecond-precision event-time", "SPARK-57843:
//   sub-microsecond dedup semantics - epochMicros truncation dedup key" and "SPARK-57843: … NTZ
//   nanosecond-precision event-time": they need timestamp_nanos and the nanosecond timestamp types,
//   which tspark does not have.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { DataFrame } from "../../../src/api/data-frame.js";
import * as F from "../../../src/api/functions/index.js";
import {
  AddData,
  CheckAnswer,
  CheckNewAnswer,
  MemoryStream,
  StartStream,
  stateStoreMetrics,
  testStream,
} from "../../../src/testing/index.js";
import { ASSERTS_DATA_BATCH_PROGRESS, range, scenario, testSession } from "../scenario.js";

const spark = testSession();
const col = F.col;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// StreamingDeduplicationWithinWatermarkSuite "deduplicate in batch DataFrame"
test("deduplicate in batch DataFrame", async () => {
  const testAndVerify = async (df: DataFrame) => {
    await assert.rejects(df.write.format("noop").mode("append").save(), (e) => {
      assert.ok(messageOf(e).includes("dropDuplicatesWithinWatermark is not supported"), messageOf(e));
      assert.ok(messageOf(e).includes("batch DataFrames/DataSets"), messageOf(e));
      return true;
    });
  };
  await testAndVerify(spark.range(10).dropDuplicatesWithinWatermark());
  await testAndVerify(
    spark.range(10).withColumn("newcol", col("id")).dropDuplicatesWithinWatermark(["newcol"]),
  );
});

// StreamingDeduplicationWithinWatermarkSuite "deduplicate without event time column should result
// in error": the error comes when the query starts.
test("deduplicate without event time column should result in error", async () => {
  const testAndVerify = async (df: DataFrame) => {
    await assert.rejects(df.writeStream.format("noop").start(), (e) => {
      assert.ok(messageOf(e).includes("dropDuplicatesWithinWatermark is not supported"), messageOf(e));
      assert.ok(messageOf(e).includes("streaming DataFrames/DataSets without watermark"), messageOf(e));
      return true;
    });
  };
  const inputData = new MemoryStream(spark, "value STRING");
  await testAndVerify(inputData.toDF().dropDuplicatesWithinWatermark());
  await testAndVerify(
    inputData.toDF().withColumn("newcol", col("value")).dropDuplicatesWithinWatermark(["newcol"]),
  );

  const inputData2 = new MemoryStream(spark, "_1 STRING, _2 INT");
  const otherSideForJoin = inputData2
    .toDF()
    .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("time"))
    .withWatermark("Time", "10 seconds");
  const result3 = inputData
    .toDF()
    .select(col("value").alias("key"))
    // there are two streams which one stream only defines the watermark. the stream which
    // contains dropDuplicatesWithinWatermark does not define the watermark, which is not
    // supported.
    .dropDuplicatesWithinWatermark()
    .join(otherSideForJoin, "key");
  await testAndVerify(result3);
});

// StreamingDeduplicationWithinWatermarkSuite "deduplicate with all columns with event time column
// in DataFrame"
scenario("deduplicate with all columns with event time column in DataFrame", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const result = inputData
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds")
    .dropDuplicatesWithinWatermark()
    .select(col("eventTime").cast("long"));
  const { assertNumStateRows } = stateStoreMetrics();
  return {
    df: result,
    noCrashMatrix: ASSERTS_DATA_BATCH_PROGRESS,
    actions: [
      // Advance watermark to 5 secs, no-data-batch does not drop state rows
      AddData(inputData, ...range(1, 5).flatMap(() => range(10, 15))),
      CheckAnswer(...range(10, 15)),
      assertNumStateRows(6, 6),

      // Advance watermark to 7 secs, no-data-batch does not drop state rows
      AddData(inputData, ...range(13, 17)),
      // 13 to 15 are duplicated
      CheckNewAnswer(16, 17),
      assertNumStateRows(8, 2),

      AddData(inputData, 5), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertNumStateRows(8, 0, { droppedByWatermark: 1 }),

      // Advance watermark to 25 secs, no-data-batch drops state rows having expired time <= 25
      AddData(inputData, 35),
      CheckNewAnswer(35),
      assertNumStateRows(3, 1),

      // Advance watermark to 45 seconds, no-data-batch drops state rows having expired time <= 45
      AddData(inputData, 55),
      CheckNewAnswer(55),
      assertNumStateRows(1, 1),
    ],
  };
});

// StreamingDeduplicationWithinWatermarkSuite "deduplicate with subset of columns which event time
// column is not in subset"
scenario("deduplicate with subset of columns which event time column is not in subset", () => {
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const result = inputData
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("_2")))
    .withWatermark("eventTime", "2 seconds")
    .dropDuplicatesWithinWatermark(["_1"])
    .select(col("_1"), col("eventTime").cast("long"));
  const { assertNumStateRows } = stateStoreMetrics();
  return {
    df: result,
    noCrashMatrix: ASSERTS_DATA_BATCH_PROGRESS,
    actions: [
      // Advances watermark to 15
      AddData(inputData, ["a", 17]),
      CheckNewAnswer(["a", 17]),
      // expired time is set to 19
      assertNumStateRows(1, 1),

      // Watermark does not advance
      AddData(inputData, ["a", 16]),
      CheckNewAnswer(),
      assertNumStateRows(1, 0),

      // Watermark does not advance
      // Should not emit anything as data less than watermark
      AddData(inputData, ["a", 13]),
      CheckNewAnswer(),
      assertNumStateRows(1, 0, { droppedByWatermark: 1 }),

      // Advances watermark to 20. no-data batch drops state row ("a" -> 19)
      AddData(inputData, ["b", 22], ["c", 21]),
      CheckNewAnswer(["b", 22], ["c", 21]),
      // expired time is set to 24 and 23
      assertNumStateRows(2, 2),

      // Watermark does not advance
      AddData(inputData, ["a", 21]),
      // "a" is identified as new event since previous batch dropped state row ("a" -> 19)
      CheckNewAnswer(["a", 21]),
      // expired time is set to 23
      assertNumStateRows(3, 1),

      // Advances watermark to 23. no-data batch drops state row ("a" -> 23), ("c" -> 23)
      AddData(inputData, ["d", 25]),
      CheckNewAnswer(["d", 25]),
      assertNumStateRows(2, 1),
    ],
  };
});

// StreamingDeduplicationWithinWatermarkSuite "SPARK-39650: duplicate with specific keys should
// allow input to change schema": a second query with one more column restarts from the first
// query's checkpoint (two testStream runs over one checkpoint, as in Spark).
test("SPARK-39650: duplicate with specific keys should allow input to change schema", async () => {
  const checkpointLocation = mkdtempSync(join(tmpdir(), "tspark-spark-39650-"));
  try {
    const dedupeInputData = new MemoryStream(spark, "_1 STRING, _2 INT");
    const dedupe = dedupeInputData
      .toDF()
      .withColumn("eventTime", F.timestamp_seconds(col("_2")))
      .withWatermark("eventTime", "10 second")
      .dropDuplicatesWithinWatermark(["_1"])
      .select(col("_1"), col("eventTime").cast("long"));
    await testStream(dedupe, "append")(
      StartStream({ checkpointLocation }),
      AddData(dedupeInputData, ["a", 1]),
      CheckNewAnswer(["a", 1]),
      AddData(dedupeInputData, ["a", 2], ["b", 3]),
      CheckNewAnswer(["b", 3]),
    );

    const dedupeInputData2 = new MemoryStream(spark, "_1 STRING, _2 INT, _3 STRING");
    const dedupe2 = dedupeInputData2
      .toDF()
      .withColumn("eventTime", F.timestamp_seconds(col("_2")))
      .withWatermark("eventTime", "10 second")
      .dropDuplicatesWithinWatermark(["_1"])
      .select(col("_1"), col("eventTime").cast("long"), col("_3"));
    // initialize new memory stream with previously executed batches
    dedupeInputData2.addData(["a", 1, "dummy"]);
    dedupeInputData2.addData(["a", 2, "dummy"], ["b", 3, "dummy"]);
    await testStream(dedupe2, "append")(
      StartStream({ checkpointLocation }),
      AddData(dedupeInputData2, ["a", 5, "a"], ["b", 2, "b"], ["c", 9, "c"]),
      CheckNewAnswer(["c", 9, "c"]),
    );
  } finally {
    rmSync(checkpointLocation, { recursive: true, force: true });
  }
});

// StreamingDeduplicationWithinWatermarkSuite "SPARK-50492: drop event time column after
// dropDuplicatesWithinWatermark"
scenario("SPARK-50492: drop event time column after dropDuplicatesWithinWatermark", () => {
  const inputData = new MemoryStream(spark, "_1 INT, _2 INT");
  const result = inputData
    .toDF()
    .withColumn("first", F.timestamp_seconds(col("_1")))
    .withWatermark("first", "10 seconds")
    .dropDuplicatesWithinWatermark(["_2"])
    .select("_2");
  return {
    df: result,
    actions: [AddData(inputData, [1, 2]), CheckAnswer(2)],
  };
});
