// Scenarios from Spark's StreamingDeduplicationSuite (sql/core/src/test/scala/org/apache/spark/
// sql/streaming/StreamingDeduplicationSuite.scala): dropDuplicates without a watermark, on all
// columns or a subset, alone, chained, or under an aggregation. The watermark cases belong to
// issue #7. Spark's tuples become rows by position; expected rows and state counts are Spark's.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import {
  AddData,
  CheckLastBatch,
  Execute,
  MemoryStream,
  type StreamAction,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, assertNumStateRows, scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

// StreamingDeduplicationSuite "deduplicate with all columns"
scenario("deduplicate with all columns", () => {
  const inputData = new MemoryStream(spark, "value STRING");
  const result = inputData.toDF().dropDuplicates();
  return {
    df: result,
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, "a"),
      CheckLastBatch("a"),
      assertNumStateRows(1, 1),
      AddData(inputData, "a"),
      CheckLastBatch(),
      assertNumStateRows(1, 0),
      AddData(inputData, "b"),
      CheckLastBatch("b"),
      assertNumStateRows(2, 1),
    ],
  };
});

// StreamingDeduplicationSuite "deduplicate with some columns"
scenario("deduplicate with some columns", () => {
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const result = inputData.toDF().dropDuplicates(["_1"]);
  return {
    df: result,
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, ["a", 1]),
      CheckLastBatch(["a", 1]),
      assertNumStateRows(1, 1),
      AddData(inputData, ["a", 2]), // Dropped
      CheckLastBatch(),
      assertNumStateRows(1, 0),
      AddData(inputData, ["b", 1]),
      CheckLastBatch(["b", 1]),
      assertNumStateRows(2, 1),
    ],
  };
});

// StreamingDeduplicationSuite "multiple deduplicates"
scenario("multiple deduplicates", () => {
  const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const result = inputData.toDF().dropDuplicates().dropDuplicates(["_1"]);
  return {
    df: result,
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(inputData, ["a", 1]),
      CheckLastBatch(["a", 1]),
      assertNumStateRows([1, 1], [1, 1]),
      AddData(inputData, ["a", 2]), // Dropped from the second `dropDuplicates`
      CheckLastBatch(),
      assertNumStateRows([1, 2], [0, 1]),
      AddData(inputData, ["b", 1]),
      CheckLastBatch(["b", 1]),
      assertNumStateRows([2, 3], [1, 1]),
    ],
  };
});

// StreamingDeduplicationSuite "deduplicate with aggregate - update mode" and "… - complete mode"
for (const mode of ["update", "complete"] as const) {
  scenario(`deduplicate with aggregate - ${mode} mode`, () => {
    const inputData = new MemoryStream(spark, "_1 STRING, _2 INT");
    const result = inputData
      .toDF()
      .select(col("_1").alias("str"), col("_2").alias("num"))
      .dropDuplicates()
      .groupBy("str")
      .agg(F.sum("num"));
    const update = mode === "update";
    return {
      df: result,
      outputMode: mode,
      noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
      actions: [
        AddData(inputData, ["a", 1]),
        CheckLastBatch(["a", 1]),
        assertNumStateRows([1, 1], [1, 1]),
        AddData(inputData, ["a", 1]), // Dropped
        update ? CheckLastBatch() : CheckLastBatch(["a", 1]),
        assertNumStateRows([1, 1], [0, 0]),
        AddData(inputData, ["a", 2]),
        CheckLastBatch(["a", 3]),
        assertNumStateRows([1, 2], [1, 1]),
        AddData(inputData, ["b", 1]),
        update ? CheckLastBatch(["b", 1]) : CheckLastBatch(["a", 3], ["b", 1]),
        assertNumStateRows([2, 3], [1, 1]),
      ],
    };
  });
}

// StreamingDeduplicationSuite "SPARK-35880: custom metric numDroppedDuplicateRows in state
// operator progress" (its case without watermark)
scenario("SPARK-35880: custom metric numDroppedDuplicateRows in state operator progress", () => {
  const dedupeInputData = new MemoryStream(spark, "_1 STRING, _2 INT");
  const dedupe = dedupeInputData.toDF().dropDuplicates(["_1"]);
  const droppedDuplicates = (expected: number): StreamAction =>
    Execute((q) => {
      const last = q.recentProgress.filter((p) => p.durationMs.has("addBatch")).at(-1);
      assert.equal(last?.stateOperators[0]?.customMetrics.get("numDroppedDuplicateRows"), expected);
    }, `numDroppedDuplicateRows = ${expected}`);
  return {
    df: dedupe,
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(dedupeInputData, ["a", 1]),
      CheckLastBatch(["a", 1]),
      droppedDuplicates(0),
      AddData(dedupeInputData, ["a", 2], ["b", 3]),
      CheckLastBatch(["b", 3]),
      droppedDuplicates(1),
      AddData(dedupeInputData, ["a", 5], ["b", 2], ["c", 9]),
      CheckLastBatch(["c", 9]),
      droppedDuplicates(2),
    ],
  };
});

// StreamingDeduplicationSuite "deduplicate with file sink"
test("deduplicate with file sink", async () => {
  const root = mkdtempSync(join(tmpdir(), "tspark-dedup-file-sink-"));
  const outputPath = join(root, "output");
  const inputData = new MemoryStream(spark, "value STRING");
  const q = await inputData
    .toDF()
    .dropDuplicates()
    .writeStream.format("parquet")
    .outputMode("append")
    .option("checkpointLocation", join(root, "checkpoint"))
    .start(outputPath);
  const values = async () =>
    (await spark.read.parquet(outputPath).collect()).map((r) => r.value as string).sort();
  try {
    inputData.addData("a");
    await q.processAllAvailable();
    assert.deepEqual(await values(), ["a"]);
    inputData.addData("a"); // Dropped
    await q.processAllAvailable();
    assert.deepEqual(await values(), ["a"]);
    inputData.addData("b");
    await q.processAllAvailable();
    assert.deepEqual(await values(), ["a", "b"]);
  } finally {
    await q.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
