// Streaming limits through planIncremental, with the expected rows of Spark's StreamSuite limit
// tests. Spark's CheckAnswer there checks everything the memory sink holds, so in Append mode a
// batch's expected rows are the difference between consecutive answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import type { ExecNode } from "../../src/physical/exec-node.js";
import { sorted, spark, StreamRun, streamInput } from "./operators-harness.js";

const ints = (...xs: number[]) => xs.map((x) => [x]);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => [a + i]);
const input = () => streamInput("in", "value INT");

function nodeNames(node: ExecNode, out: string[] = []): string[] {
  out.push(node.nodeName);
  for (const c of node.children) nodeNames(c, out);
  return out;
}

test("streaming limit without state", async () => {
  assert.deepEqual((await new StreamRun(input().limit(0), "append").run(range(1, 8))).rows, []);
  assert.deepEqual((await new StreamRun(input().limit(4), "append").run(range(1, 8))).rows, range(1, 4));
});

test("streaming limit with state", async () => {
  const run = new StreamRun(input().limit(4), "append");
  let b = await run.run(range(1, 2));
  assert.deepEqual(b.rows, range(1, 2));
  assert.equal(b.progress[0]!.operatorName, "globalLimit");
  assert.equal(b.progress[0]!.numRowsTotal, 1);
  assert.equal(b.progress[0]!.numRowsUpdated, 1);
  assert.equal(b.progress[0]!.numShufflePartitions, 5);
  assert.equal(b.progress[0]!.numStateStoreInstances, 1);
  b = await run.run(range(3, 6));
  assert.deepEqual(b.rows, range(3, 4));
  b = await run.run(range(7, 9));
  assert.deepEqual(b.rows, []);
  assert.equal(b.progress[0]!.numRowsUpdated, 0);
});

test("streaming limit with other operators", async () => {
  const run = new StreamRun(input().where("value % 2 = 1").limit(4), "append");
  assert.deepEqual((await run.run(range(1, 5))).rows, ints(1, 3, 5));
  assert.deepEqual((await run.run(range(6, 9))).rows, ints(7));
  assert.deepEqual((await run.run(range(10, 12))).rows, []);
});

test("streaming limit with multiple limits", async () => {
  let run = new StreamRun(input().limit(4).limit(2), "append");
  assert.deepEqual((await run.run(ints(1))).rows, ints(1));
  assert.deepEqual((await run.run(range(2, 8))).rows, ints(2));
  run = new StreamRun(input().limit(4).limit(100).limit(3), "append");
  assert.deepEqual((await run.run(ints(1, 2))).rows, ints(1, 2));
  const b = await run.run(range(3, 8));
  assert.deepEqual(b.rows, ints(3));
  assert.equal(b.plan.statefulOperators.length, 1);
});

test("streaming limit survives a restart", async () => {
  let run = new StreamRun(input().limit(3), "append");
  assert.deepEqual((await run.run(ints(1, 2))).rows, ints(1, 2));
  run = run.restart();
  assert.deepEqual((await run.run(ints(3, 4))).rows, ints(3));
  run = run.restart();
  assert.deepEqual((await run.run(ints(5))).rows, []);
});

test("SPARK-30658: streaming limit before agg in complete mode", async () => {
  const run = new StreamRun(input().limit(5).groupBy("value").count(), "complete");
  let b = await run.run(range(1, 3));
  assert.deepEqual(sorted(b.rows), [
    [1, 1],
    [2, 1],
    [3, 1],
  ]);
  assert.deepEqual(
    b.progress.map((p) => p.operatorName),
    ["stateStoreSave", "globalLimit"],
  );
  b = await run.run(range(1, 9));
  assert.deepEqual(sorted(b.rows), [
    [1, 2],
    [2, 2],
    [3, 1],
  ]);
});

test("SPARK-30658: streaming limits before and after agg in complete mode (after limit < before limit)", async () => {
  const q = input().limit(4).groupBy("value").count().orderBy("value").limit(3);
  const run = new StreamRun(q, "complete", { numShufflePartitions: 1 });
  const expected = [
    [1, 1],
    [2, 1],
    [3, 1],
  ];
  assert.deepEqual((await run.run(range(1, 9))).rows, expected);
  assert.deepEqual((await run.run(range(2, 6))).rows, expected);
});

test("SPARK-30658: streaming limits before and after agg in complete mode (before limit < after limit)", async () => {
  const q = input().limit(2).groupBy("value").count().orderBy("value").limit(3);
  const run = new StreamRun(q, "complete", { numShufflePartitions: 1 });
  const expected = [
    [1, 1],
    [2, 1],
  ];
  assert.deepEqual((await run.run(range(1, 9))).rows, expected);
  assert.deepEqual((await run.run(range(2, 6))).rows, expected);
});

test("SPARK-30657: streaming limit after streaming dedup in append mode", async () => {
  const run = new StreamRun(input().dropDuplicates().limit(1), "append");
  let b = await run.run(ints(1, 2));
  assert.deepEqual(b.rows, ints(1));
  // The dedup below the limit saw both rows, though only one was emitted.
  assert.deepEqual(
    b.progress.map((p) => [p.operatorName, p.numRowsTotal]),
    [
      ["globalLimit", 1],
      ["dedupe", 2],
    ],
  );
  b = await run.run(ints(3, 4));
  assert.deepEqual(b.rows, []);
});

test("SPARK-30657: a limit on the static side of a join is a batch limit", async () => {
  const staticDF = spark.createDataFrame(ints(1), "value INT").orderBy("value");
  const run = new StreamRun(input().join(staticDF.limit(1), "value"), "append");
  let b = await run.run(ints(1, 2, 3));
  assert.deepEqual(b.rows, ints(1));
  assert.equal(b.plan.statefulOperators.length, 0);
  b = await run.run(ints(1, 3, 5));
  assert.deepEqual(b.rows, ints(1));
});

test("SPARK-30657: StreamingLocalLimit only above stateful operators", () => {
  const planOf = (df: ReturnType<typeof input>, mode: "append" | "complete") =>
    nodeNames(new StreamRun(df, mode).plan(ints(1)).root);
  const localLimits = (names: string[]) =>
    names.filter((n) => n === "LocalLimit" || n === "StreamingLocalLimit");
  assert.deepEqual(localLimits(planOf(input().dropDuplicates().limit(1), "append")), ["StreamingLocalLimit"]);
  assert.deepEqual(localLimits(planOf(input().limit(1), "append")), ["LocalLimit"]);
  assert.deepEqual(localLimits(planOf(input().limit(1).groupBy().count(), "complete")), ["LocalLimit"]);
  // Complete mode over an aggregation: a plain limit over the whole result, no streaming limit.
  const names = planOf(input().groupBy("value").count().limit(1), "complete");
  assert.equal(names.includes("StreamingGlobalLimit"), false);
  assert.equal(names[0], "Limit");
});

test("a limit over a stateless stream in complete mode is a batch limit when an aggregation is below", async () => {
  const q = input().groupBy("value").agg(F.count("*").alias("n")).orderBy(F.col("n").desc()).limit(1);
  const run = new StreamRun(q, "complete");
  assert.deepEqual((await run.run(ints(1, 2, 2))).rows, [[2, 2]]);
  assert.deepEqual((await run.run(ints(1, 1))).rows, [[1, 3]]);
});
