// Scenarios from Spark's StreamingJoinSuite (sql/core/src/test/scala/org/apache/spark/sql/
// streaming/StreamingJoinSuite.scala, StreamingInnerJoinSuite): stream-stream joins without a
// watermark — both sides buffered forever, every pair output once, duplicates kept, state kept
// across restarts. Spark's tuples become rows by position; expected rows and state counts are
// Spark's. The watermark cases (state cleanup, outer NULL rows, left semi) are in
// streaming-join-watermark-suite.test.ts.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { TsparkError } from "../../src/common/errors.js";
import {
  AddData,
  CheckAnswer,
  CheckNewAnswer,
  Execute,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, assertNumStateRows, scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

// StreamingInnerJoinSuite "stream stream inner join on non-time column"
scenario("stream stream inner join on non-time column", () => {
  const input1 = new MemoryStream(spark, "value INT");
  const input2 = new MemoryStream(spark, "value INT");
  const df1 = input1.toDF().select(col("value").alias("key"), col("value").multiply(2).alias("leftValue"));
  const df2 = input2.toDF().select(col("value").alias("key"), col("value").multiply(3).alias("rightValue"));
  const joined = df1.join(df2, "key");
  return {
    df: joined,
    actions: [
      AddData(input1, 1),
      CheckAnswer(),
      AddData(input2, 1, 10), // 1 arrived on input1 first, then input2, should join
      CheckNewAnswer([1, 2, 3]),
      AddData(input1, 10), // 10 arrived on input2 first, then input1, should join
      CheckNewAnswer([10, 20, 30]),
      AddData(input2, 1), // another 1 in input2 should join with 1 input1
      CheckNewAnswer([1, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 1), // multiple 1s should be kept in state causing multiple (1, 2, 3)
      CheckNewAnswer([1, 2, 3], [1, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 100),
      AddData(input2, 100),
      CheckNewAnswer([100, 200, 300]),
    ],
  };
});

// tspark: the state rows of the scenario above (Spark's metric: buffered rows of both sides).
scenario("stream stream inner join: state rows are the buffered rows of both sides", () => {
  const input1 = new MemoryStream(spark, "value INT");
  const input2 = new MemoryStream(spark, "value INT");
  const df1 = input1.toDF().select(col("value").alias("key"), col("value").multiply(2).alias("leftValue"));
  const df2 = input2.toDF().select(col("value").alias("key"), col("value").multiply(3).alias("rightValue"));
  return {
    df: df1.join(df2, "key"),
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(input1, 1),
      CheckNewAnswer(),
      assertNumStateRows(1, 1),
      AddData(input2, 1, 10),
      CheckNewAnswer([1, 2, 3]),
      assertNumStateRows(3, 2),
      AddData(input1, 1, 1),
      CheckNewAnswer([1, 2, 3], [1, 2, 3]),
      assertNumStateRows(5, 2),
    ],
  };
});

// StreamingInnerJoinSuite "stream stream self join"
scenario("stream stream self join", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input.toDF();
  const join = df
    .select(col("value").mod(5).alias("key"), col("value"))
    .join(df.select(col("value").mod(5).alias("key"), col("value")), "key");
  return {
    df: join,
    actions: [
      AddData(input, 1, 2),
      CheckAnswer([1, 1, 1], [2, 2, 2]),
      StopStream,
      StartStream(),
      AddData(input, 3, 6),
      CheckAnswer([3, 3, 3], [1, 1, 1], [1, 1, 6], [2, 2, 2], [1, 6, 1], [1, 6, 6]),
    ],
  };
});

// StreamingInnerJoinSuite "join between three streams"
scenario("join between three streams", () => {
  const input1 = new MemoryStream(spark, "value INT");
  const input2 = new MemoryStream(spark, "value INT");
  const input3 = new MemoryStream(spark, "value INT");
  const df1 = input1
    .toDF()
    .select(col("value").alias("leftKey"), col("value").multiply(2).alias("leftValue"));
  const df2 = input2
    .toDF()
    .select(col("value").alias("middleKey"), col("value").multiply(3).alias("middleValue"));
  const df3 = input3
    .toDF()
    .select(col("value").alias("rightKey"), col("value").multiply(5).alias("rightValue"));
  const joined = df1.join(df2, F.expr("leftKey = middleKey")).join(df3, F.expr("rightKey = middleKey"));
  return {
    df: joined,
    actions: [
      AddData(input1, 1, 5),
      AddData(input2, 1, 5, 10),
      AddData(input3, 5, 10),
      CheckNewAnswer([5, 10, 5, 15, 5, 25]),
    ],
  };
});

// StreamingInnerJoinSuite "streaming join should require StatefulOpClusteredDistribution from
// children" (the answer part: 1000 keys over both inputs, on two key columns)
scenario("stream stream join on two key columns over many rows", () => {
  const input1 = new MemoryStream(spark, "value INT");
  const input2 = new MemoryStream(spark, "value INT");
  const df1 = input1.toDF().select(col("value").alias("a"), col("value").multiply(2).alias("b"));
  const df2 = input2.toDF().select(col("value").alias("a"), col("value").multiply(2).alias("b"));
  const joined = df1.join(df2, ["a", "b"]).select(col("a"));
  const keys = Array.from({ length: 1000 }, (_, i) => i + 1);
  return {
    df: joined,
    actions: [AddData(input1, ...keys), AddData(input2, ...keys), CheckAnswer(...keys)],
  };
});

// tspark: a non-equi condition is applied to the joined pairs; rows of both sides stay buffered.
scenario("stream stream inner join with a condition on both sides' columns", () => {
  const input1 = new MemoryStream(spark, "k INT, v INT");
  const input2 = new MemoryStream(spark, "k INT, v INT");
  const df1 = input1.toDF().select(col("k").alias("lk"), col("v").alias("lv"));
  const df2 = input2.toDF().select(col("k").alias("rk"), col("v").alias("rv"));
  const joined = df1.join(df2, F.expr("lk = rk AND lv < rv AND lv > 0 AND rv < 100"));
  return {
    df: joined,
    actions: [
      AddData(input1, [1, 5], [1, 0], [2, 7]),
      CheckNewAnswer(),
      AddData(input2, [1, 6], [1, 4], [2, 100], [2, 8]),
      CheckNewAnswer([1, 5, 1, 6], [2, 7, 2, 8]),
      AddData(input1, [1, 3], [2, 9]),
      // (1, 3) joins with both buffered right rows; (2, 9) with neither.
      CheckNewAnswer([1, 3, 1, 6], [1, 3, 1, 4]),
    ],
  };
});

// tspark: NULL keys never match (SQL equality); `<=>` keys do. As in Spark, a row with a NULL key
// is not even buffered: `lk = rk` gives each side an `isnotnull` filter on its key
// (InferFiltersFromConstraints; the join itself also never buffers a NULL key of a side it does
// not preserve), so the state holds one row per side.
scenario("stream stream inner join: NULL keys match only through <=>", () => {
  const input1 = new MemoryStream(spark, "k INT, v STRING");
  const input2 = new MemoryStream(spark, "k INT, v STRING");
  const df1 = input1.toDF().select(col("k").alias("lk"), col("v").alias("lv"));
  const df2 = input2.toDF().select(col("k").alias("rk"), col("v").alias("rv"));
  const eq = df1.join(df2, F.expr("lk = rk"));
  return {
    df: eq,
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(input1, [null, "a"], [1, "b"]),
      CheckNewAnswer(),
      assertNumStateRows(1, 1),
      AddData(input2, [null, "c"], [1, "d"]),
      CheckNewAnswer([1, "b", 1, "d"]),
      assertNumStateRows(2, 1),
      CheckAnswer([1, "b", 1, "d"]),
    ],
  };
});

scenario("stream stream inner join on a null-safe key", () => {
  const input1 = new MemoryStream(spark, "k INT, v STRING");
  const input2 = new MemoryStream(spark, "k INT, v STRING");
  const df1 = input1.toDF().select(col("k").alias("lk"), col("v").alias("lv"));
  const df2 = input2.toDF().select(col("k").alias("rk"), col("v").alias("rv"));
  return {
    df: df1.join(df2, F.expr("lk <=> rk")),
    actions: [
      AddData(input1, [null, "a"], [1, "b"]),
      CheckNewAnswer(),
      AddData(input2, [null, "c"], [1, "d"]),
      CheckNewAnswer([null, "a", null, "c"], [1, "b", 1, "d"]),
    ],
  };
});

// StreamingInnerJoinSuite "stream stream inner join without equality predicate"
test("stream stream inner join without equality predicate", async () => {
  const input1 = new MemoryStream(spark, "value INT");
  const input2 = new MemoryStream(spark, "value INT");
  const df1 = input1
    .toDF()
    .select(col("value").alias("leftKey"), col("value").multiply(2).alias("leftValue"));
  const df2 = input2
    .toDF()
    .select(col("value").alias("rightKey"), col("value").multiply(3).alias("rightValue"));
  const joined = df1.join(df2, F.expr("leftKey < rightKey"));
  await assert.rejects(
    async () => {
      const q = await joined.writeStream.format("memory").queryName("join_without_equality").start();
      await q.stop();
    },
    (e: unknown) =>
      e instanceof TsparkError &&
      /Stream-stream join without equality predicate is not supported/.test(e.message),
  );
});

// tspark: the checkpoint holds Spark's layout for a join — four stores per partition, one schema
// file per store, the operator metadata listing the four stores — and progress reports Spark's
// operator name and store instances (partitions × 4).
test("stream stream join: checkpoint layout, state metadata and progress", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-join-layout-"));
  try {
    const input1 = new MemoryStream(spark, "value INT");
    const input2 = new MemoryStream(spark, "value INT");
    const df1 = input1.toDF().select(col("value").alias("key"), col("value").multiply(2).alias("leftValue"));
    const df2 = input2.toDF().select(col("value").alias("key"), col("value").multiply(3).alias("rightValue"));
    await testStream(df1.join(df2, "key"))(
      StartStream({ checkpointLocation: dir }),
      AddData(input1, 1, 2),
      AddData(input2, 2),
      CheckAnswer([2, 4, 6]),
      Execute((q) => {
        const op = q.lastProgress?.stateOperators[0];
        assert.ok(op);
        assert.equal(op.operatorName, "symmetricHashJoin");
        assert.equal(op.numShufflePartitions, 5);
        assert.equal(op.numStateStoreInstances, 20);
        assert.equal(op.customMetrics?.get("skippedNullValueCount"), 0);
        assert.equal(op.numRowsTotal, 3);
      }),
    );
    const stores = [
      "left-keyToNumValues",
      "left-keyWithIndexToValue",
      "right-keyToNumValues",
      "right-keyWithIndexToValue",
    ];
    const metadata = readFileSync(join(dir, "state", "0", "_metadata", "metadata"), "utf8");
    assert.equal(
      metadata,
      `v1\n${JSON.stringify({
        operatorInfo: { operatorId: 0, operatorName: "symmetricHashJoin" },
        stateStoreInfo: stores.map((storeName) => ({ storeName, numColsPrefixKey: 0, numPartitions: 5 })),
      })}`,
    );
    for (const s of stores) {
      assert.ok(
        existsSync(join(dir, "state", "0", "0", s, "_metadata", "schema")),
        `${s} has its schema file`,
      );
    }
    assert.equal(existsSync(join(dir, "state", "0", "0", "_metadata", "schema")), false);
    const kwi = readFileSync(join(dir, "state", "0", "0", "left-keyWithIndexToValue", "_metadata", "schema"));
    const text = kwi.toString("latin1");
    assert.match(text, /"name":"field0","type":"integer"/);
    assert.match(text, /"name":"index","type":"long"/);
    assert.match(text, /"name":"matched","type":"boolean"/);
    // The statestore reader reads a named store (Spark's `storeName` option).
    const values = await spark.read
      .format("statestore")
      .option("storeName", "left-keyWithIndexToValue")
      .load(dir)
      .selectExpr("key.field0 AS k", "key.index AS i", "value.leftValue AS v", "value.matched AS m")
      .orderBy("k")
      .collect();
    assert.deepEqual(
      values.map((r) => [r.k, r.i, r.v, r.m]),
      [
        [1, 0, 2, false],
        [2, 0, 4, true],
      ],
    );
    const counts = await spark.read
      .format("statestore")
      .option("storeName", "right-keyToNumValues")
      .load(dir)
      .selectExpr("key.field0 AS k", "value.value AS n")
      .collect();
    assert.deepEqual(
      counts.map((r) => [r.k, r.n]),
      [[2, 1]],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// tspark: a restart with a different join key type fails on the recorded key schema of the stores
// (Spark's SPARK-48687 tests do this with a Spark 3.5 checkpoint).
test("stream stream join: a changed key schema fails the restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-join-schema-"));
  try {
    const input1 = new MemoryStream(spark, "value INT");
    const input2 = new MemoryStream(spark, "value INT");
    const q1 = input1
      .toDF()
      .select(col("value").alias("key"))
      .join(input2.toDF().select(col("value").alias("key")), "key");
    await testStream(q1)(
      StartStream({ checkpointLocation: dir }),
      AddData(input1, 1),
      AddData(input2, 1),
      CheckAnswer(1),
    );
    const q2 = input1
      .toDF()
      .select(col("value").cast("string").alias("key"))
      .join(input2.toDF().select(col("value").cast("string").alias("key")), "key");
    await assert.rejects(
      testStream(q2)(StartStream({ checkpointLocation: dir }), AddData(input1, 2), CheckAnswer()),
      /STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
