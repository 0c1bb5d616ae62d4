// Streaming aggregation through planIncremental, batch by batch, with the expected rows of Spark's
// StreamingAggregationSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming/).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { CODEGEN, sorted, spark, StreamRun, streamInput } from "./operators-harness.js";

const ints = (...xs: number[]) => xs.map((x) => [x]);

test("simple count, update mode (state survives a restart)", async () => {
  const q = streamInput("in", "value INT").groupBy("value").agg(F.count("*"));
  let run = new StreamRun(q, "update");
  assert.deepEqual(sorted((await run.run(ints(3))).rows), [[3, 1]]);
  assert.deepEqual(
    sorted((await run.run(ints(3, 2))).rows),
    sorted([
      [3, 2],
      [2, 1],
    ]),
  );
  run = run.restart();
  assert.deepEqual(
    sorted((await run.run(ints(3, 2, 1))).rows),
    sorted([
      [3, 3],
      [2, 2],
      [1, 1],
    ]),
  );
  assert.deepEqual((await run.run(ints(4, 4, 4, 4))).rows, [[4, 4]]);
});

test("simple count, complete mode (state survives a restart)", async () => {
  const q = streamInput("in", "value INT").groupBy("value").agg(F.count("*"));
  let run = new StreamRun(q, "complete");
  assert.deepEqual((await run.run(ints(3))).rows, [[3, 1]]);
  assert.deepEqual(
    sorted((await run.run(ints(2))).rows),
    sorted([
      [3, 1],
      [2, 1],
    ]),
  );
  run = run.restart();
  assert.deepEqual(
    sorted((await run.run(ints(3, 2, 1))).rows),
    sorted([
      [3, 2],
      [2, 2],
      [1, 1],
    ]),
  );
  assert.deepEqual(
    sorted((await run.run(ints(4, 4, 4, 4))).rows),
    sorted([
      [4, 4],
      [3, 2],
      [2, 2],
      [1, 1],
    ]),
  );
});

test("count distinct: size(collect_set) over an exploded column", async () => {
  const q = streamInput("in", "_1 INT, _2 ARRAY<INT>")
    .select(F.col("*"), F.explode(F.col("_2")).alias("value"))
    .groupBy("_1")
    .agg(F.size(F.collect_set("value")));
  const run = new StreamRun(q, "update");
  assert.deepEqual((await run.run([[1, [1, 2]]])).rows, [[1, 2]]);
});

test("sort after aggregate in complete mode", async () => {
  const q = streamInput("in", "value INT")
    .groupBy("value")
    .agg(F.count("*"))
    .toDF("value", "count")
    .orderBy(F.col("count").desc());
  let run = new StreamRun(q, "complete");
  assert.deepEqual((await run.run(ints(3))).rows, [[3, 1]]);
  assert.deepEqual((await run.run(ints(2, 3))).rows, [
    [3, 2],
    [2, 1],
  ]);
  run = run.restart();
  assert.deepEqual((await run.run(ints(3, 2, 1))).rows, [
    [3, 3],
    [2, 2],
    [1, 1],
  ]);
  assert.deepEqual((await run.run(ints(4, 4, 4, 4))).rows, [
    [4, 4],
    [3, 3],
    [2, 2],
    [1, 1],
  ]);
});

// Spark's "state metrics - update/complete mode": flatMap(x => Seq(x, x + 1)) is an explode here.
const pairs = () =>
  streamInput("in", "value INT")
    .select(F.explode(F.array(F.col("value"), F.col("value").plus(1))).alias("value"))
    .groupBy("value")
    .agg(F.count("*"));

test("state metrics - update mode", async () => {
  const run = new StreamRun(pairs(), "update");
  let b = await run.run(ints(1));
  assert.deepEqual(sorted(b.rows), [
    [1, 1],
    [2, 1],
  ]);
  assert.equal(b.progress.length, 1);
  assert.equal(b.progress[0]!.numRowsUpdated, 2);
  assert.equal(b.progress[0]!.numRowsTotal, 2);
  b = await run.run(ints(2, 3));
  assert.deepEqual(sorted(b.rows), [
    [2, 2],
    [3, 2],
    [4, 1],
  ]);
  assert.equal(b.progress[0]!.numRowsUpdated, 3);
  assert.equal(b.progress[0]!.numRowsTotal, 4);
});

test("state metrics - complete mode", async () => {
  const run = new StreamRun(pairs(), "complete");
  let b = await run.run(ints(1));
  assert.deepEqual(sorted(b.rows), [
    [1, 1],
    [2, 1],
  ]);
  assert.equal(b.progress[0]!.numRowsUpdated, 2);
  assert.equal(b.progress[0]!.numRowsTotal, 2);
  b = await run.run(ints(2, 3));
  assert.deepEqual(sorted(b.rows), [
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 1],
  ]);
  assert.equal(b.progress[0]!.numRowsUpdated, 3);
  assert.equal(b.progress[0]!.numRowsTotal, 4);
});

test("multiple keys", async () => {
  const v = F.col("value");
  const q = streamInput("in", "value INT").groupBy(v, v.plus(1)).agg(F.count("*"));
  const run = new StreamRun(q, "update");
  assert.deepEqual(sorted((await run.run(ints(1, 2))).rows), [
    [1, 2, 1],
    [2, 3, 1],
  ]);
  assert.deepEqual(sorted((await run.run(ints(1, 2))).rows), [
    [1, 2, 2],
    [2, 3, 2],
  ]);
});

test("midbatch failure: an aborted batch leaves the previous version, its re-run counts once", async () => {
  const q = streamInput("in", "value INT").groupBy("value").agg(F.count("*"));
  const run = new StreamRun(q, "update");
  // The batch runs but the sink fails: state is aborted and the batch re-runs with the same id.
  const failed = run.plan(ints(1, 2, 3, 4));
  for await (const _ of failed.root.execute({ partitionId: 0, codegen: CODEGEN, defaultParallelism: 2 })) {
    // the sink received some rows before failing
  }
  for (const op of failed.statefulOperators) op.abortState();
  assert.deepEqual(
    sorted((await run.run(ints(1, 2, 3, 4))).rows),
    sorted([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ]),
  );
});

test("SPARK-22230: last should change with new batches (complete mode, global aggregate)", async () => {
  const q = streamInput("in", "value INT").agg(F.last("value"));
  const run = new StreamRun(q, "complete");
  assert.deepEqual((await run.run(ints(1, 2, 3))).rows, [[3]]);
  assert.deepEqual((await run.run(ints(4, 5, 6))).rows, [[6]]);
  assert.deepEqual((await run.run(ints())).rows, [[6]]);
  assert.deepEqual((await run.run(ints(0))).rows, [[0]]);
});

test("SPARK-21977: a global count keeps its state over empty batches", async () => {
  const q = streamInput("in", "value INT").groupBy().count();
  const run = new StreamRun(q, "complete");
  assert.deepEqual((await run.run(ints(1))).rows, [[1]]);
  assert.deepEqual((await run.run(ints())).rows, [[1]]);
  assert.deepEqual((await run.run(ints(2, 3))).rows, [[3]]);
  assert.deepEqual((await run.run(ints())).rows, [[3]]);
});

test("SPARK-19690: a batch aggregation joined to a stream stays a batch aggregation", async () => {
  const batch = spark
    .createDataFrame(ints(1, 2, 3, 4, 5), "value INT")
    .withColumn("parity", F.col("value").mod(2))
    .groupBy("parity")
    .agg(F.count("*").alias("joinValue"));
  const q = streamInput("in", "value INT").join(batch, F.col("value").equalTo(F.col("parity")));
  const run = new StreamRun(q, "append");
  let b = await run.run(ints(0, 1, 2, 3));
  assert.deepEqual(sorted(b.rows), [
    [0, 0, 2],
    [1, 1, 3],
  ]);
  assert.equal(b.plan.statefulOperators.length, 0);
  b = await run.run(ints(0, 1, 2, 3));
  assert.deepEqual(sorted(b.rows), [
    [0, 0, 2],
    [1, 1, 3],
  ]);
});

test("typed aggregators: sum per key", async () => {
  const q = streamInput("in", "_1 STRING, _2 INT").groupBy("_1").agg(F.sum("_2"));
  const run = new StreamRun(q, "update");
  const rows = [
    ["a", 10],
    ["a", 20],
    ["b", 1],
    ["b", 2],
    ["c", 1],
  ];
  assert.deepEqual(sorted((await run.run(rows)).rows), [
    ["a", 30],
    ["b", 3],
    ["c", 1],
  ]);
});

test("sum, avg and max over a computed key", async () => {
  // Spark's "changing schema of state when restarting query" first run.
  const q = streamInput("in", "value INT")
    .selectExpr("value % 10 AS id", "value")
    .groupBy("id")
    .agg(
      F.sum("value").alias("sum_value"),
      F.avg("value").alias("avg_value"),
      F.max("value").alias("max_value"),
    );
  const run = new StreamRun(q, "update");
  assert.deepEqual((await run.run(ints(1, 11))).rows, [[1, 12, 6.0, 11]]);
});

test("SPARK-23004: collect_list over 128 one-row groups in one partition", async () => {
  const q = streamInput("in", "value INT")
    .selectExpr("value as group", "value")
    .groupBy("group")
    .agg(F.collect_list("value"));
  const run = new StreamRun(q, "update", { numShufflePartitions: 1 });
  const input = Array.from({ length: 128 }, (_, i) => i + 1);
  const b = await run.run(ints(...input));
  assert.deepEqual(sorted(b.rows), sorted(input.map((i) => [i, [i]])));
});

test("SPARK-29438: union of a stream and a streaming aggregation", async () => {
  const df1 = streamInput("in1", "value INT").select(F.col("value"), F.col("value").plus(1));
  const df2 = streamInput("in2", "value INT").groupBy("value").agg(F.count("*"));
  let run = new StreamRun(df1.union(df2), "update");
  assert.deepEqual(sorted((await run.run({ in1: ints(11, 12), in2: ints(21, 22) })).rows), [
    [11, 12],
    [12, 13],
    [21, 1],
    [22, 1],
  ]);
  run = run.restart();
  assert.deepEqual(sorted((await run.run({ in1: ints(13, 14), in2: ints(22, 23) })).rows), [
    [13, 14],
    [14, 15],
    [22, 2],
    [23, 1],
  ]);
});
