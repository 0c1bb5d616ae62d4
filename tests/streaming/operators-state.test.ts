// The state side of planIncremental: restarts from the process-wide cache, re-runs, retention,
// progress figures, operator ids and explain.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import type { Clock } from "../../src/common/clock.js";
import type { TsparkError } from "../../src/common/errors.js";
import { physicalTreeString } from "../../src/execution/query-execution.js";
import { unloadStateStores } from "../../src/streaming/state/index.js";
import { collect, sorted, StreamRun, streamInput } from "./operators-harness.js";

const ints = (...xs: number[]) => xs.map((x) => [x]);
const counts = () => streamInput("in", "value INT").groupBy("value").agg(F.count("*"));

test("a query restarted in a new process (no cached state) fails with CANNOT_LOAD_STATE_STORE", async () => {
  const run = new StreamRun(counts(), "update");
  await run.run(ints(1));
  unloadStateStores(run.stateRoot);
  await assert.rejects(
    () => run.restart().run(ints(1)),
    (e: TsparkError) =>
      e.errorClass === "CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS" &&
      e.message.includes(`${run.stateRoot}/0/0/1.delta`),
  );
  // A fresh query on the same root starts from batch 0 and empty state.
  const fresh = new StreamRun(counts(), "update", { stateRoot: run.stateRoot });
  assert.deepEqual((await fresh.run(ints(1))).rows, [[1, 1]]);
});

test("re-running the last batch (its commit log lost) gives the same rows", async () => {
  const run = new StreamRun(counts(), "complete");
  await run.run(ints(1, 2));
  const last = await run.run(ints(2, 3));
  const rerun = new StreamRun(counts(), "complete", { stateRoot: run.stateRoot, batchId: 1 });
  const again = await rerun.run(ints(2, 3));
  assert.deepEqual(sorted(again.rows), sorted(last.rows));
  assert.deepEqual(sorted(again.rows), [
    [1, 1],
    [2, 2],
    [3, 1],
  ]);
  // And the query goes on from there.
  assert.deepEqual(sorted((await rerun.run(ints(3))).rows), [
    [1, 1],
    [2, 2],
    [3, 2],
  ]);
});

test("version retention: two versions by default, more with maxBatchesToRetainInMemory", async () => {
  const run = new StreamRun(counts(), "update");
  for (let b = 0; b < 5; b++) await run.run(ints(1));
  // Versions 4 and 5 are kept: batch 4 can re-run, batch 3 cannot.
  const rerun4 = new StreamRun(counts(), "update", { stateRoot: run.stateRoot, batchId: 4 });
  assert.deepEqual((await rerun4.run(ints(1))).rows, [[1, 5]]);
  const rerun3 = new StreamRun(counts(), "update", { stateRoot: run.stateRoot, batchId: 3 });
  await assert.rejects(
    () => rerun3.run(ints(1)),
    (e: TsparkError) => e.errorClass.startsWith("CANNOT_LOAD_STATE_STORE"),
  );

  const keep4 = { extra: { maxBatchesToRetainInMemory: 4 } };
  const long = new StreamRun(counts(), "update", keep4);
  for (let b = 0; b < 5; b++) await long.run(ints(1));
  const back = new StreamRun(counts(), "update", { ...keep4, stateRoot: long.stateRoot, batchId: 2 });
  assert.deepEqual((await back.run(ints(1))).rows, [[1, 3]]);
  // minBatchesToRetain bounds it: three versions (4, 5 and 6) after six batches.
  const bounded = { extra: { maxBatchesToRetainInMemory: 10, minBatchesToRetain: 3 } };
  const b3 = new StreamRun(counts(), "update", bounded);
  for (let b = 0; b < 6; b++) await b3.run(ints(1));
  const at = (batchId: number) =>
    new StreamRun(counts(), "update", { ...bounded, stateRoot: b3.stateRoot, batchId }).run(ints(1));
  await assert.rejects(() => at(3));
  assert.deepEqual((await at(4)).rows, [[1, 5]]);
});

test("a stateful operator the plan never pulled commits its state unchanged", async () => {
  const run = new StreamRun(counts(), "update");
  await run.run(ints(7));
  const plan = run.plan(ints(7));
  for (const op of plan.statefulOperators) await op.commitState();
  run.batchId++;
  assert.deepEqual((await run.run(ints(7))).rows, [[7, 2]]);
});

test("progress: partitions, cumulative cache hits, memory and timings", async () => {
  let t = 0;
  const ticking: Clock = { nowMillis: () => (t += 1), nowMicros: () => t * 1000 };
  const run = new StreamRun(counts(), "update", { numShufflePartitions: 5, extra: { clock: ticking } });
  let p = (await run.run(ints(1, 2))).progress[0]!;
  assert.equal(p.operatorName, "stateStoreSave");
  assert.equal(p.numShufflePartitions, 5);
  assert.equal(p.numStateStoreInstances, 5);
  assert.equal(p.numRowsDroppedByWatermark, 0);
  assert.ok(p.memoryUsedBytes > 0);
  assert.ok(p.allUpdatesTimeMs > 0 && p.commitTimeMs > 0);
  assert.equal(p.customMetrics?.get("loadedMapCacheHitCount"), 0);
  assert.equal(p.customMetrics?.get("loadedMapCacheMissCount"), 0);
  p = (await run.run(ints(1))).progress[0]!;
  assert.equal(p.customMetrics?.get("loadedMapCacheHitCount"), 5);
  p = (await run.run(ints(1))).progress[0]!;
  assert.equal(p.customMetrics?.get("loadedMapCacheHitCount"), 10);
  assert.ok((p.customMetrics?.get("stateOnCurrentVersionSizeBytes") ?? 0) > 0);

  const global = new StreamRun(streamInput("in", "value INT").groupBy().count(), "complete");
  p = (await global.run(ints(1))).progress[0]!;
  // A global aggregate uses one store (AllTuples: one task) out of the state info's partitions.
  assert.equal(p.numShufflePartitions, 5);
  assert.equal(p.numStateStoreInstances, 1);
});

test("operator ids are assigned top-down: an aggregation over a deduplication is operator 0", async () => {
  const q = streamInput("in", "value INT").dropDuplicates().groupBy("value").count();
  const plan = new StreamRun(q, "update").plan(ints(1));
  assert.deepEqual(
    plan.statefulOperators.map((o) => [o.operatorId, o.nodeName]),
    [
      [0, "StateStoreSave"],
      [1, "StreamingDeduplicate"],
    ],
  );
});

test("explain shows Spark's streaming aggregation operators", () => {
  const run = new StreamRun(counts(), "update", { batchId: 2, extra: { runId: "r-1" } });
  const text = physicalTreeString(run.plan(ints(1)).root);
  const info = `state info \\[ checkpoint = file:${run.stateRoot}, runId = r-1, opId = 0, ver = 2, numPartitions = 5\\]`;
  const lines = [
    String.raw`HashAggregate\(keys=\[value#\d+\], functions=\[count\(1\)\]\)`,
    String.raw`\+- StateStoreSave \[value#\d+\], ${info}, Update, 0, 0, 2`,
    String.raw`   \+- HashAggregate\(keys=\[value#\d+\], functions=\[merge_count\(1\)\]\)`,
    String.raw`      \+- StateStoreRestore \[value#\d+\], ${info}, 2`,
    String.raw`         \+- HashAggregate\(keys=\[value#\d+\], functions=\[merge_count\(1\)\]\)`,
    String.raw`            \+- HashAggregate\(keys=\[value#\d+\], functions=\[partial_count\(1\)\]\)`,
  ];
  assert.match(text, new RegExp(`^${lines.join("\\n")}\\n`));
});

test("explain shows StreamingDeduplicate and StreamingGlobalLimit", () => {
  const q = streamInput("in", "value INT").dropDuplicates().limit(3);
  const text = physicalTreeString(new StreamRun(q, "append").plan(ints(1)).root);
  assert.match(
    text,
    /^StreamingGlobalLimit 3, state info \[ checkpoint = .*, opId = 0, ver = 0, numPartitions = 5\], Append\n/,
  );
  assert.match(text, /\+- StreamingLocalLimit 3\n/);
  assert.match(text, /\+- StreamingDeduplicate \[value#\d+\], state info \[ .*opId = 1, .*\], 0, 0\n/);
});

test("unsupported streaming plans fail when planned", () => {
  const a = streamInput("a", "value INT");
  const c = streamInput("c", "other INT");
  assert.throws(
    () => new StreamRun(a.join(c, F.expr("value < other")), "append").plan({ a: [], c: [] }),
    (e: TsparkError) => e.errorClass === "_LEGACY_ERROR_TEMP_1181",
  );
  assert.throws(
    () => new StreamRun(a.agg(F.countDistinct("value")), "complete").plan([]),
    (e: TsparkError) => e.errorClass === "UNSUPPORTED_FEATURE.DESC",
  );
});

test("explain shows StreamingSymmetricHashJoin with its condition split and state info", () => {
  const a = streamInput("a", "k INT, x INT");
  const b = streamInput("b", "k2 INT, y INT");
  const q = a.join(b, F.expr("k = k2 AND x > 1 AND y < 5 AND x < y"));
  const text = physicalTreeString(new StreamRun(q, "append").plan({ a: [], b: [] }).root);
  assert.match(
    text,
    /^StreamingSymmetricHashJoin \[k#\d+\], \[k2#\d+\], Inner, condition = \[ leftOnly = null, rightOnly = null, both = \(x#\d+ < y#\d+\), full = \(x#\d+ < y#\d+\) \], state info \[ checkpoint = .*, opId = 0, ver = 0, numPartitions = 5\], 0, 0, state cleanup \[ left null, right null \], 2\n/,
  );
  // Spark's optimizer gives an inner join's single-side conjuncts to their sides (the condition
  // split of what stays is in streaming-join-helper.test.ts), with the `isnotnull` filters
  // InferFiltersFromConstraints adds (Spark: `Filter ((isnotnull(x) AND (x > 1)) AND isnotnull(k))`).
  assert.match(
    text,
    /\n:- \*\(1\) Filter \(\(isnotnull\(x#\d+\) AND \(x#\d+ > 1\)\) AND isnotnull\(k#\d+\)\)\n/,
  );
  assert.match(
    text,
    /\n\+- \*\(1\) Filter \(\(isnotnull\(y#\d+\) AND \(y#\d+ < 5\)\) AND isnotnull\(k2#\d+\)\)\n/,
  );
});

test("a batch with no stateful operator plans none", async () => {
  const run = new StreamRun(streamInput("in", "value INT").where("value > 1"), "append");
  const b = await run.run(ints(1, 2, 3));
  assert.deepEqual(sorted(b.rows), ints(2, 3));
  assert.equal(b.plan.statefulOperators.length, 0);
  assert.deepEqual(await collect(run.plan(ints(5))), ints(5));
});
