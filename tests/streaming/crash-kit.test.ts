// The crash side of the public test kit: `Crash(point)` steps, the recovery the kit performs (the
// query restarted from its checkpoint, the sink's uncommitted output forgotten, the re-run
// compared with the first attempt), the arrivals it reports, and `withCrashAtEachPoint`.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AddData,
  AdvanceManualClock,
  CheckAnswer,
  CheckLastBatch,
  Crash,
  crashVariantName,
  Execute,
  ManualClock,
  MemoryStream,
  ProcessAllAvailable,
  StartStream,
  StopStream,
  StreamTestFailure,
  testStream,
  withCrashAtEachPoint,
} from "tspark/testing";
import * as F from "../../src/api/functions/index.js";
import type { StreamingQuery } from "../../src/api/streaming-query.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { udf } from "../../src/api/udf.js";
import { testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

/** A running count per value, in Update mode. */
function counts(input: MemoryStream) {
  return input.toDF().groupBy(col("value")).agg(F.count("*").alias("n"));
}

test("Crash(after-sink-write): the sink forgets the uncommitted batch, the re-run writes it again", async () => {
  const input = new MemoryStream(spark, "value INT");
  const report = await testStream(counts(input), "update")(
    AddData(input, 1, 1),
    CheckLastBatch([1, 2]),
    Crash("after-sink-write"),
    AddData(input, 1, 2),
    CheckLastBatch([1, 3], [2, 1]),
    CheckAnswer([1, 2], [1, 3], [2, 1]),
    AddData(input, 2),
    CheckLastBatch([2, 2]),
  );
  assert.equal(report.crashes.length, 1);
  assert.deepEqual(report.crashes[0], {
    point: "after-sink-write",
    arrival: 1,
    step: 2,
    batchId: 1,
    committedBatchId: 0,
    droppedBatchIds: [1],
  });
  assert.deepEqual(report.crashesNotReached, []);
});

test("a crash at each point of one batch leaves the answers unchanged", async () => {
  for (const point of [
    "after-offsets-write",
    "during-sink-write",
    "after-sink-write",
    "during-state-commit",
    "after-state-commit",
    "after-commit-log",
  ] as const) {
    const input = new MemoryStream(spark, "value INT");
    const report = await testStream(counts(input), "update")(
      AddData(input, 5),
      CheckLastBatch([5, 1]),
      Crash(point),
      AddData(input, 5, 6),
      CheckLastBatch([5, 2], [6, 1]),
      AddData(input, 6),
      CheckLastBatch([6, 2]),
    );
    assert.deepEqual(
      report.crashes.map((c) => [c.point, c.batchId]),
      [[point, 1]],
      point,
    );
  }
});

/** The state stores' cache misses (loads from the checkpoint's files) in the last batch with data. */
function cacheMisses(q: StreamingQuery): number | undefined {
  const last = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
  return last?.stateOperators[0]?.customMetrics.get("loadedMapCacheMissCount");
}

test("a crash loses the state held in memory: the restarted query loads it from the checkpoint", async () => {
  // The HDFS-backed provider (the default) counts its loads from files as cache misses.
  const hdfs = SparkSession.builder
    .config({
      "spark.sql.shuffle.partitions": 5,
      "spark.sql.streaming.stateStore.providerClass": "HDFSBackedStateStoreProvider",
    })
    .create();
  const input = new MemoryStream(hdfs, "value INT");
  let missesBefore: number | undefined;
  await testStream(counts(input), "update")(
    AddData(input, 1),
    CheckLastBatch([1, 1]),
    StopStream,
    StartStream(),
    AddData(input, 1),
    CheckLastBatch([1, 2]),
    // A restart is a new run: as in Spark (a state store provider's id includes the query's run
    // id), its stores load the state from the checkpoint's files, every partition once.
    Execute((q) => {
      missesBefore = cacheMisses(q);
      assert.equal(missesBefore, 5);
    }),
    AddData(input, 1),
    CheckLastBatch([1, 3]),
    // Later batches of the run find their state in memory: no new loads (the count is the
    // providers' running total, as Spark's).
    Execute((q) => assert.equal(cacheMisses(q), 5)),
    Crash("after-sink-write"),
    AddData(input, 1),
    CheckLastBatch([1, 4]),
    // The process died: the re-run batch loaded every partition's state from the files.
    Execute((q) => assert.equal(cacheMisses(q), 5)),
  );
});

test("the report counts every arrival at each fault point", async () => {
  const input = new MemoryStream(spark, "value INT");
  const stateless = await testStream(input.toDF().select(col("value").plus(1)))(
    AddData(input, 1),
    CheckAnswer(2),
    AddData(input, 2),
    CheckAnswer(2, 3),
  );
  assert.equal(stateless.faultPointArrivals.get("after-offsets-write"), 2);
  assert.equal(stateless.faultPointArrivals.get("during-sink-write"), 2);
  assert.equal(stateless.faultPointArrivals.get("after-commit-log"), 2);
  assert.equal(stateless.faultPointArrivals.get("during-state-commit"), 0);
  const stateful = new MemoryStream(spark, "value INT");
  const report = await testStream(counts(stateful), "update")(
    AddData(stateful, 1),
    CheckLastBatch([1, 1]),
    AddData(stateful, 1),
    CheckLastBatch([1, 2]),
    AddData(stateful, 2),
    CheckLastBatch([2, 1]),
  );
  assert.equal(report.faultPointArrivals.get("during-state-commit"), 3);
  assert.equal(report.faultPointArrivals.get("after-state-commit"), 3);
});

test("a crash the run never reaches is reported, not a failure", async () => {
  const input = new MemoryStream(spark, "value INT");
  const report = await testStream(input.toDF())(
    AddData(input, 1),
    CheckAnswer(1),
    Crash("during-state-commit"),
    AddData(input, 2),
    CheckAnswer(1, 2),
  );
  assert.deepEqual(report.crashes, []);
  assert.deepEqual(
    report.crashesNotReached.map((c) => c.point),
    ["during-state-commit"],
  );
});

test("a crash after the last step is recovered and its re-run checked", async () => {
  const input = new MemoryStream(spark, "value INT");
  const report = await testStream(counts(input), "update")(
    Crash("after-sink-write", 2),
    AddData(input, 1),
    CheckLastBatch([1, 1]),
    AddData(input, 1),
    // The crash hits batch 1 at once or after this step; either way the kit recovers it.
    ProcessAllAvailable(),
  );
  assert.equal(report.crashes.length, 1);
  assert.equal(report.crashes[0]?.batchId, 1);
});

test("a re-run batch that writes other rows than its first attempt fails the scenario", async () => {
  const input = new MemoryStream(spark, "value INT");
  let calls = 0;
  // Not a function of its input: the re-run after the crash sees another value.
  const attempt = udf(() => calls++, "int", "attempt");
  await assert.rejects(
    testStream(input.toDF().select(col("value"), attempt().alias("attempt")))(
      Crash("after-sink-write"),
      AddData(input, 7),
      ProcessAllAvailable(),
      StopStream,
    ),
    (e: unknown) => {
      assert.ok(e instanceof StreamTestFailure);
      assert.match(e.message, /Batch 0, re-run after the crash, wrote other rows than before it/);
      assert.match(e.message, /before the crash: \[7,0\]\nafter the crash: {2}\[7,1\]/);
      assert.match(e.message, /Crash injected at after-sink-write \(arrival 1\) in batch 0/);
      return true;
    },
  );
});

test("the crash matrix crashes every batch at every point it reaches, and each run recovers", async () => {
  const names: string[] = [];
  const report = await withCrashAtEachPoint(
    () => {
      const input = new MemoryStream(spark, "value INT");
      return {
        df: counts(input),
        outputMode: "update",
        actions: [
          AddData(input, 3),
          CheckLastBatch([3, 1]),
          AddData(input, 3, 2),
          CheckLastBatch([3, 2], [2, 1]),
          StopStream,
          StartStream(),
          AddData(input, 3, 2, 1),
          CheckLastBatch([3, 3], [2, 2], [1, 1]),
        ],
      };
    },
    {
      eachVariant: async (v, run) => {
        names.push(crashVariantName(v));
        return run();
      },
    },
  );
  // Three batches, each through every point but the snapshot's (the default provider takes none
  // in three batches).
  for (const p of [
    "after-offsets-write",
    "during-sink-write",
    "after-sink-write",
    "after-commit-log",
  ] as const)
    assert.equal(report.arrivals.get(p), 3, p);
  assert.equal(report.variants.length, names.length);
  assert.ok(names.includes("during-state-commit #3"));
  assert.equal(report.crashed, report.variants.length);
  assert.deepEqual(report.notReached, []);
});

test("the crash matrix over a processing-time trigger on a manual clock", async () => {
  const report = await withCrashAtEachPoint(() => {
    const clock = new ManualClock();
    const session = SparkSession.builder.config("spark.sql.shuffle.partitions", 5).withClock(clock).create();
    const input = new MemoryStream(session, "value INT");
    return {
      df: input.toDF().groupBy(col("value")).agg(F.count("*")),
      outputMode: "complete",
      actions: [
        StartStream({ trigger: { processingTime: "10 seconds" }, clock }),
        AddData(input, 1, 2),
        AdvanceManualClock(10_000),
        CheckLastBatch([1, 1], [2, 1]),
        AddData(input, 2),
        AdvanceManualClock(10_000),
        CheckLastBatch([1, 1], [2, 2]),
        AdvanceManualClock(10_000),
        CheckAnswer([1, 1], [2, 2]),
      ],
    };
  });
  assert.ok(report.crashed >= 10, `only ${report.crashed} runs crashed`);
});

test("a failure under a crash names the variant", async () => {
  await assert.rejects(
    withCrashAtEachPoint(() => {
      const input = new MemoryStream(spark, "value INT");
      let calls = 0;
      const attempt = udf(() => calls++, "int", "attempt");
      return {
        df: input.toDF().select(attempt().alias("attempt")),
        actions: [AddData(input, 1), ProcessAllAvailable()],
      };
    }),
    /: \[crash at after-sink-write #1\] Batch 0, re-run after the crash, wrote other rows/,
  );
});
