// Streaming deduplication through planIncremental, with the expected rows and state figures of
// Spark's StreamingDeduplicationSuite (assertNumStateRows: total = numRowsTotal of the last batch,
// updated = numRowsUpdated summed since the previous check; operators in operator-id order).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { CODEGEN, collect, sorted, StreamRun, streamInput } from "./operators-harness.js";

const strs = (...xs: string[]) => xs.map((x) => [x]);
const ints = (...xs: number[]) => xs.map((x) => [x]);

function stateRows(b: { progress: { numRowsTotal: number; numRowsUpdated: number }[] }) {
  return { total: b.progress.map((p) => p.numRowsTotal), updated: b.progress.map((p) => p.numRowsUpdated) };
}

test("deduplicate with all columns", async () => {
  const run = new StreamRun(streamInput("in", "value STRING").dropDuplicates(), "append");
  let b = await run.run(strs("a"));
  assert.deepEqual(b.rows, [["a"]]);
  assert.deepEqual(stateRows(b), { total: [1], updated: [1] });
  b = await run.run(strs("a"));
  assert.deepEqual(b.rows, []);
  assert.deepEqual(stateRows(b), { total: [1], updated: [0] });
  b = await run.run(strs("b"));
  assert.deepEqual(b.rows, [["b"]]);
  assert.deepEqual(stateRows(b), { total: [2], updated: [1] });
});

test("distinct() on a stream is a streaming deduplication of all columns", async () => {
  const run = new StreamRun(streamInput("in", "value STRING").distinct(), "append");
  let b = await run.run(strs("a", "a"));
  assert.deepEqual(b.rows, [["a"]]);
  assert.equal(b.plan.statefulOperators[0]!.nodeName, "StreamingDeduplicate");
  b = await run.run(strs("a", "b"));
  assert.deepEqual(b.rows, [["b"]]);
  assert.deepEqual(stateRows(b), { total: [2], updated: [1] });
});

test("deduplicate with some columns", async () => {
  const run = new StreamRun(streamInput("in", "_1 STRING, _2 INT").dropDuplicates(["_1"]), "append");
  let b = await run.run([["a", 1]]);
  assert.deepEqual(b.rows, [["a", 1]]);
  assert.deepEqual(stateRows(b), { total: [1], updated: [1] });
  assert.equal(b.progress[0]!.numRowsDroppedByWatermark, 0);
  b = await run.run([["a", 2]]);
  assert.deepEqual(b.rows, []);
  assert.deepEqual(stateRows(b), { total: [1], updated: [0] });
  b = await run.run([["b", 1]]);
  assert.deepEqual(b.rows, [["b", 1]]);
  assert.deepEqual(stateRows(b), { total: [2], updated: [1] });
});

test("multiple deduplicates: the outer one is operator 0", async () => {
  const q = streamInput("in", "_1 STRING, _2 INT").dropDuplicates().dropDuplicates(["_1"]);
  const run = new StreamRun(q, "append");
  let b = await run.run([["a", 1]]);
  assert.deepEqual(b.rows, [["a", 1]]);
  assert.deepEqual(stateRows(b), { total: [1, 1], updated: [1, 1] });
  assert.deepEqual(
    b.plan.statefulOperators.map((o) => o.operatorId),
    [0, 1],
  );
  b = await run.run([["a", 2]]);
  assert.deepEqual(b.rows, []);
  assert.deepEqual(stateRows(b), { total: [1, 2], updated: [0, 1] });
  b = await run.run([["b", 1]]);
  assert.deepEqual(b.rows, [["b", 1]]);
  assert.deepEqual(stateRows(b), { total: [2, 3], updated: [1, 1] });
});

const strNum = () =>
  streamInput("in", "_1 STRING, _2 INT").select(F.col("_1").alias("str"), F.col("_2").alias("num"));

test("deduplicate with aggregate - update mode", async () => {
  const run = new StreamRun(strNum().dropDuplicates().groupBy("str").agg(F.sum("num")), "update");
  let b = await run.run([["a", 1]]);
  assert.deepEqual(b.rows, [["a", 1]]);
  assert.deepEqual(stateRows(b), { total: [1, 1], updated: [1, 1] });
  b = await run.run([["a", 1]]);
  assert.deepEqual(b.rows, []);
  assert.deepEqual(stateRows(b), { total: [1, 1], updated: [0, 0] });
  b = await run.run([["a", 2]]);
  assert.deepEqual(b.rows, [["a", 3]]);
  assert.deepEqual(stateRows(b), { total: [1, 2], updated: [1, 1] });
  b = await run.run([["b", 1]]);
  assert.deepEqual(b.rows, [["b", 1]]);
  assert.deepEqual(stateRows(b), { total: [2, 3], updated: [1, 1] });
});

test("deduplicate with aggregate - complete mode", async () => {
  const run = new StreamRun(strNum().dropDuplicates().groupBy("str").agg(F.sum("num")), "complete");
  let b = await run.run([["a", 1]]);
  assert.deepEqual(b.rows, [["a", 1]]);
  assert.deepEqual(stateRows(b), { total: [1, 1], updated: [1, 1] });
  b = await run.run([["a", 1]]);
  assert.deepEqual(b.rows, [["a", 1]]);
  assert.deepEqual(stateRows(b), { total: [1, 1], updated: [0, 0] });
  b = await run.run([["a", 2]]);
  assert.deepEqual(b.rows, [["a", 3]]);
  assert.deepEqual(stateRows(b), { total: [1, 2], updated: [1, 1] });
  b = await run.run([["b", 1]]);
  assert.deepEqual(sorted(b.rows), [
    ["a", 3],
    ["b", 1],
  ]);
  assert.deepEqual(stateRows(b), { total: [2, 3], updated: [1, 1] });
});

test("SPARK-35880: custom metric numDroppedDuplicateRows", async () => {
  const run = new StreamRun(streamInput("in", "_1 STRING, _2 INT").dropDuplicates(["_1"]), "append");
  const dropped = async (rows: unknown[][], expected: unknown[][]) => {
    const b = await run.run(rows);
    assert.deepEqual(b.rows, expected);
    return b.progress[0]!.customMetrics?.get("numDroppedDuplicateRows");
  };
  assert.equal(await dropped([["a", 1]], [["a", 1]]), 0);
  assert.equal(
    await dropped(
      [
        ["a", 2],
        ["b", 3],
      ],
      [["b", 3]],
    ),
    1,
  );
  assert.equal(
    await dropped(
      [
        ["a", 5],
        ["b", 2],
        ["c", 9],
      ],
      [["c", 9]],
    ),
    2,
  );
});

test("SPARK-35896: dedupe progress names the operator and counts its partitions", async () => {
  const run = new StreamRun(streamInput("in", "value INT").dropDuplicates(), "append", {
    numShufflePartitions: 2,
  });
  const input = [1, 2, 3, 4, 5].flatMap(() => [10, 11, 12, 13, 14, 15]);
  const b = await run.run(ints(...input));
  assert.deepEqual(sorted(b.rows), ints(10, 11, 12, 13, 14, 15));
  const p = b.progress[0]!;
  assert.equal(p.operatorName, "dedupe");
  assert.equal(p.numShufflePartitions, 2);
  assert.equal(p.numStateStoreInstances, 2);
  assert.equal(p.numRowsTotal, 6);
  assert.equal(p.numRowsUpdated, 6);
  assert.equal(p.numRowsRemoved, 0);
  assert.equal(p.customMetrics?.get("numDroppedDuplicateRows"), 24);
});

test("SPARK-29438: union of a stream and a streaming deduplication, restarted", async () => {
  const df1 = streamInput("in1", "value INT").select(F.col("value"));
  const df2 = streamInput("in2", "value INT").dropDuplicates(["value"]);
  let run = new StreamRun(df1.union(df2), "append");
  assert.deepEqual(
    sorted((await run.run({ in1: ints(11, 12), in2: ints(21, 22) })).rows),
    ints(11, 12, 21, 22),
  );
  run = run.restart();
  assert.deepEqual(sorted((await run.run({ in1: ints(13, 14), in2: ints(22, 23) })).rows), ints(13, 14, 23));
});

test("a consumer that stops early still records every key of the batch", async () => {
  const run = new StreamRun(streamInput("in", "value INT").dropDuplicates(), "append");
  const plan = run.plan(ints(1, 2, 3, 4));
  // Two input partitions ([1, 2] and [3, 4]); take the first output batch only.
  for await (const b of plan.root.execute({ partitionId: 0, codegen: CODEGEN, defaultParallelism: 2 })) {
    assert.deepEqual(b.columns, [[1, 2]]);
    break;
  }
  for (const op of plan.statefulOperators) await op.commitState();
  assert.equal(plan.statefulOperators[0]!.progress().numRowsTotal, 4);
  run.batchId++;
  assert.deepEqual(sorted((await run.run(ints(3, 4, 5))).rows), ints(5));
});

test("executing a batch twice before its commit counts its rows once", async () => {
  const run = new StreamRun(streamInput("in", "value INT").dropDuplicates(), "append");
  const plan = run.plan(ints(1, 2));
  assert.deepEqual(sorted(await collect(plan)), ints(1, 2));
  assert.deepEqual(sorted(await collect(plan)), ints(1, 2));
  for (const op of plan.statefulOperators) await op.commitState();
  assert.equal(plan.statefulOperators[0]!.progress().numRowsTotal, 2);
  run.batchId++;
  assert.deepEqual((await run.run(ints(1, 3))).rows, [[3]]);
});
