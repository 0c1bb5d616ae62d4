// Streaming limits, from the limit cases of Spark's StreamSuite (sql/core/src/test/scala/org/
// apache/spark/sql/streaming/StreamSuite.scala, "streaming limit …" and "SPARK-30657/30658 …"):
// a limit keeps its count in state across batches in Append and Complete modes and is rejected
// in Update mode. Expected rows are Spark's.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Row } from "../../src/api/row.js";
import * as F from "../../src/api/functions/index.js";
import {
  AddData,
  CheckAnswer,
  CheckAnswerByFunc,
  MemoryStream,
  StartStream,
  testStream,
} from "../../src/testing/index.js";
import { range, scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

// StreamSuite "streaming limit without state" (its two queries)
scenario("streaming limit without state - limit(0)", () => {
  const inputData1 = new MemoryStream(spark, "value INT");
  return { df: inputData1.toDF().limit(0), actions: [AddData(inputData1, ...range(1, 8)), CheckAnswer()] };
});
scenario("streaming limit without state - limit(4)", () => {
  const inputData2 = new MemoryStream(spark, "value INT");
  return {
    df: inputData2.toDF().limit(4),
    actions: [AddData(inputData2, ...range(1, 8)), CheckAnswer(...range(1, 4))],
  };
});

// StreamSuite "streaming limit with state"
scenario("streaming limit with state", () => {
  const inputData = new MemoryStream(spark, "value INT");
  return {
    df: inputData.toDF().limit(4),
    actions: [
      AddData(inputData, ...range(1, 2)),
      CheckAnswer(...range(1, 2)),
      AddData(inputData, ...range(3, 6)),
      CheckAnswer(...range(1, 4)),
      AddData(inputData, ...range(7, 9)),
      CheckAnswer(...range(1, 4)),
    ],
  };
});

// StreamSuite "streaming limit with other operators"
scenario("streaming limit with other operators", () => {
  const inputData = new MemoryStream(spark, "value INT");
  return {
    df: inputData.toDF().where("value % 2 = 1").limit(4),
    actions: [
      AddData(inputData, ...range(1, 5)),
      CheckAnswer(1, 3, 5),
      AddData(inputData, ...range(6, 9)),
      CheckAnswer(1, 3, 5, 7),
      AddData(inputData, ...range(10, 12)),
      CheckAnswer(1, 3, 5, 7),
    ],
  };
});

// StreamSuite "streaming limit with multiple limits" (its two queries)
scenario("streaming limit with multiple limits - limit(4).limit(2)", () => {
  const inputData1 = new MemoryStream(spark, "value INT");
  return {
    df: inputData1.toDF().limit(4).limit(2),
    actions: [AddData(inputData1, 1), CheckAnswer(1), AddData(inputData1, ...range(2, 8)), CheckAnswer(1, 2)],
  };
});
scenario("streaming limit with multiple limits - limit(4).limit(100).limit(3)", () => {
  const inputData2 = new MemoryStream(spark, "value INT");
  return {
    df: inputData2.toDF().limit(4).limit(100).limit(3),
    actions: [
      AddData(inputData2, 1, 2),
      CheckAnswer(1, 2),
      AddData(inputData2, ...range(3, 8)),
      CheckAnswer(...range(1, 3)),
    ],
  };
});

// StreamSuite "SPARK-30658: streaming limit before agg in complete mode"
scenario("SPARK-30658: streaming limit before agg in complete mode", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const limited = inputData.toDF().limit(5).groupBy("value").count();
  return {
    df: limited,
    outputMode: "complete",
    actions: [
      AddData(inputData, ...range(1, 3)),
      CheckAnswer([1, 1], [2, 1], [3, 1]),
      AddData(inputData, ...range(1, 9)),
      CheckAnswer([1, 2], [2, 2], [3, 1]),
    ],
  };
});

// StreamSuite "SPARK-30658: streaming limits before and after agg in complete mode (after limit <
// before limit)"
scenario(
  "SPARK-30658: streaming limits before and after agg in complete mode (after limit < before limit)",
  () => {
    const inputData = new MemoryStream(spark, "value INT");
    const limited = inputData.toDF().limit(4).groupBy("value").count().orderBy("value").limit(3);
    return {
      df: limited,
      outputMode: "complete",
      actions: [
        StartStream({ additionalConfs: { "spark.sql.shuffle.partitions": "1" } }),
        AddData(inputData, ...range(1, 9)),
        // only 1 to 4 should be allowed to aggregate, and counts for only 1 to 3 should be output
        CheckAnswer([1, 1], [2, 1], [3, 1]),
        AddData(inputData, ...range(2, 6)),
        // None of the new values should be allowed to aggregate, same 3 counts should be output
        CheckAnswer([1, 1], [2, 1], [3, 1]),
      ],
    };
  },
);

// StreamSuite "SPARK-30658: streaming limits before and after agg in complete mode (before limit <
// after limit)"
scenario(
  "SPARK-30658: streaming limits before and after agg in complete mode (before limit < after limit)",
  () => {
    const inputData = new MemoryStream(spark, "value INT");
    const limited = inputData.toDF().limit(2).groupBy("value").count().orderBy("value").limit(3);
    return {
      df: limited,
      outputMode: "complete",
      actions: [
        StartStream({ additionalConfs: { "spark.sql.shuffle.partitions": "1" } }),
        AddData(inputData, ...range(1, 9)),
        CheckAnswer([1, 1], [2, 1]),
        AddData(inputData, ...range(2, 6)),
        CheckAnswer([1, 1], [2, 1]),
      ],
    };
  },
);

// StreamSuite "SPARK-30657: streaming limit after streaming dedup in append mode"
scenario("SPARK-30657: streaming limit after streaming dedup in append mode", () => {
  const inputData = new MemoryStream(spark, "value INT");
  return {
    df: inputData.toDF().dropDuplicates().limit(1),
    actions: [AddData(inputData, 1, 2), CheckAnswer(1), AddData(inputData, 3, 4), CheckAnswer(1)],
  };
});

// StreamSuite "streaming limit in update mode"
test("streaming limit in update mode", async () => {
  const inputData = new MemoryStream(spark, "value INT");
  await assert.rejects(
    testStream(inputData.toDF().limit(5), "update")(AddData(inputData, ...range(1, 3))),
    (e: Error & { errorClass?: string }) => {
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_3102");
      assert.match(
        e.message,
        /Limits are not supported on streaming DataFrames\/Datasets in Update output mode/,
      );
      return true;
    },
  );
});

// StreamSuite "streaming limit in multiple partitions"
scenario("streaming limit in multiple partitions", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const sevenOfTheFirstTen = (rows: Row[]) => {
    assert.equal(rows.length, 7);
    assert.ok(rows.every((r) => (r.value as number) <= 10));
  };
  return {
    df: inputData.toDF().repartition(2).limit(7),
    actions: [
      AddData(inputData, ...range(1, 10)),
      CheckAnswerByFunc(sevenOfTheFirstTen),
      AddData(inputData, ...range(11, 20)),
      CheckAnswerByFunc(sevenOfTheFirstTen),
    ],
  };
});

// StreamSuite "streaming limit in multiple partitions by column"
scenario("streaming limit in multiple partitions by column", () => {
  const inputData = new MemoryStream(spark, "_1 INT, _2 INT");
  const df = inputData.toDF().repartition(2, col("_2")).limit(7);
  return {
    df,
    actions: [
      AddData(inputData, [1, 0], [2, 0], [3, 1], [4, 1]),
      CheckAnswerByFunc((rows) => {
        assert.equal(rows.length, 4);
        assert.ok(rows.every((r) => (r._1 as number) <= 4));
      }),
      AddData(inputData, [5, 0], [6, 0], [7, 1], [8, 1]),
      CheckAnswerByFunc((rows) => {
        assert.equal(rows.length, 7);
        assert.ok(rows.every((r) => (r._1 as number) <= 8));
      }),
    ],
  };
});

// StreamSuite "SPARK-30657: streaming limit should not apply on limits on state subplans": the
// limit of the static side of a stream-static join is a batch limit.
scenario("SPARK-30657: streaming limit should not apply on limits on state subplans", () => {
  const streamData = new MemoryStream(spark, "value INT");
  const streamingDF = streamData.toDF().toDF("value");
  const staticDF = spark.createDataFrame([[1]], ["value"]).orderBy("value");
  return {
    df: streamingDF.join(staticDF.limit(1), "value"),
    actions: [AddData(streamData, 1, 2, 3), CheckAnswer(1), AddData(streamData, 1, 3, 5), CheckAnswer(1, 1)],
  };
});
