// The StreamingQuery handle, from Spark's StreamingQuerySuite (sql/core/src/test/scala/org/
// apache/spark/sql/streaming/StreamingQuerySuite.scala): names and ids, isActive / exception /
// awaitTermination, stop, processAllAvailable, once and availableNow triggers, progress and status.
// Spark's `map(6 / _)` on ints is SQL's integer division `6 div value` (DIVIDE_BY_ZERO for 0).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import * as F from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/api/spark-session.js";
import type { StreamingQuery } from "../../src/api/streaming-query.js";
import { sleep } from "../../src/common/clock.js";
import {
  AddData,
  AdvanceManualClock,
  Assert,
  AssertOnQuery,
  CheckAnswer,
  CheckAnswerByFunc,
  CheckLastBatch,
  Execute,
  ExpectFailure,
  ManualClock,
  MemoryStream,
  StartStream,
  StopStream,
  type StreamAction,
  testStream,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, scenario, testSession } from "./scenario.js";

const spark = testSession();

/** Spark's AwaitTerminationTester: how long "blocked" is waited for. */
const BLOCKED_FOR_MS = 500;

type Settled = { kind: "value"; value: unknown } | { kind: "error"; error: unknown } | { kind: "blocked" };

async function settleWithin(p: Promise<unknown>, ms: number): Promise<Settled> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const blocked = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "blocked" }), ms);
  });
  try {
    return await Promise.race([
      p.then(
        (value): Settled => ({ kind: "value", value }),
        (error): Settled => ({ kind: "error", error }),
      ),
      blocked,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Spark's TestAwaitTermination: `awaitTermination(timeout?)` is blocked, returns (a value), or
 * fails with STREAM_FAILED caused by `causeClass`.
 */
function TestAwaitTermination(
  expected: "blocked" | "notBlocked" | { causeClass: string },
  timeoutMs?: number,
  expectedReturnValue?: boolean,
): StreamAction {
  return Execute(
    async (q) => {
      const call = timeoutMs === undefined ? q.awaitTermination() : q.awaitTermination(timeoutMs / 1000);
      const r = await settleWithin(call, BLOCKED_FOR_MS);
      if (expected === "blocked") {
        assert.equal(r.kind, "blocked", "Was not blocked when expected.");
        return;
      }
      if (expected === "notBlocked") {
        assert.equal(r.kind, "value", "Got blocked when expected non-blocking.");
        if (r.kind === "value" && timeoutMs !== undefined) assert.equal(r.value, expectedReturnValue);
        return;
      }
      assert.equal(r.kind, "error", `Did not throw when expected: ${r.kind}`);
      const error = (r as { error: { errorClass?: string; cause?: { errorClass?: string } } }).error;
      assert.equal(error.errorClass, "STREAM_FAILED");
      assert.equal(error.cause?.errorClass, expected.causeClass, "exception of incorrect type was thrown");
    },
    `TestAwaitTermination(${JSON.stringify(expected)}, ${timeoutMs})`,
  );
}

const sixDiv = (input: MemoryStream): DataFrame => input.toDF().selectExpr("6 div value AS value");

// StreamingQuerySuite "name unique in active queries"
test("name unique in active queries", async () => {
  const startQuery = (name?: string): Promise<StreamingQuery> => {
    const writer = new MemoryStream(spark, "value INT").toDF().writeStream;
    if (name !== undefined) writer.queryName(name);
    return writer.foreach(() => {}).start();
  };
  // No name by default, multiple active queries can have no name
  const q1 = await startQuery();
  const q2 = await startQuery();
  const q3 = await startQuery("q3");
  try {
    assert.equal(q1.name, null);
    assert.equal(q2.name, null);
    assert.equal(q3.name, "q3");
    // Multiple active queries cannot have same name
    await assert.rejects(startQuery("q3"), { errorClass: "ILLEGAL_ARGUMENT" });
  } finally {
    await Promise.all([q1.stop(), q2.stop(), q3.stop()]);
  }
  // Spark's "isActive, exception, and awaitTermination" neighbour: a stopped query frees its name.
  const q4 = await startQuery("q3");
  await q4.stop();
});

// StreamingQuerySuite "id unique in active queries + persists across restarts, runId unique across
// start/restarts"
test("id unique in active queries + persists across restarts, runId unique across start/restarts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-query-ids-"));
  let cpDir: string | undefined;
  let n = 0;
  const startQuery = (restart: boolean): Promise<StreamingQuery> => {
    if (cpDir === undefined || !restart) cpDir = join(dir, `cp${n++}`);
    return new MemoryStream(spark, "value INT")
      .toDF()
      .groupBy()
      .count()
      .writeStream.format("memory")
      .outputMode("complete")
      .queryName(`name${n++}`)
      .option("checkpointLocation", cpDir)
      .start();
  };
  try {
    // id and runId unique for new queries
    const q1 = await startQuery(false);
    const q2 = await startQuery(false);
    assert.notEqual(q1.id, q2.id);
    assert.notEqual(q1.runId, q2.runId);
    await q1.stop();
    await q2.stop();
    // id persists across restarts, runId unique across restarts
    const q3 = await startQuery(false);
    await q3.stop();
    const q4 = await startQuery(true);
    await q4.stop();
    assert.equal(q3.id, q4.id);
    assert.notEqual(q3.runId, q4.runId);
    // Only one query with same id can be active
    spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false");
    try {
      const q5 = await startQuery(false);
      try {
        await assert.rejects(startQuery(true), { errorClass: "ILLEGAL_STATE" });
      } finally {
        await q5.stop();
      }
    } finally {
      spark.conf.unset("spark.sql.streaming.stopActiveRunOnRestart");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// StreamingQuerySuite "isActive, exception, and awaitTermination"
scenario("isActive, exception, and awaitTermination", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const failure = { causeClass: "DIVIDE_BY_ZERO" };
  return {
    df: sixDiv(inputData),
    actions: [
      AssertOnQuery((q) => q.isActive),
      AssertOnQuery((q) => q.exception() === null),
      AddData(inputData, 1, 2),
      CheckAnswer(6, 3),
      TestAwaitTermination("blocked"),
      TestAwaitTermination("blocked", 2000),
      TestAwaitTermination("notBlocked", 10, false),
      StopStream,
      AssertOnQuery((q) => q.isActive === false),
      AssertOnQuery((q) => q.exception() === null),
      TestAwaitTermination("notBlocked"),
      TestAwaitTermination("notBlocked", 2000, true),
      TestAwaitTermination("notBlocked", 10, true),
      StartStream(),
      AssertOnQuery((q) => q.isActive),
      AddData(inputData, 0),
      ExpectFailure({ errorClass: "DIVIDE_BY_ZERO" }),
      AssertOnQuery((q) => q.isActive === false),
      TestAwaitTermination(failure),
      TestAwaitTermination(failure, 2000),
      TestAwaitTermination(failure, 10),
    ],
  };
});

// StreamingQuerySuite "OneTime trigger, commit log, and exception" (without its commit-log purge)
scenario("OneTime trigger, commit log, and exception", () => {
  const inputData = new MemoryStream(spark, "value INT");
  const once = { trigger: { once: true } } as const;
  return {
    df: sixDiv(inputData),
    actions: [
      AssertOnQuery((q) => q.isActive),
      StopStream,
      AddData(inputData, 1, 2),
      StartStream(once),
      CheckAnswer(6, 3),
      StopStream, // clears out StreamTest state
      AddData(inputData, 3),
      StartStream(once),
      CheckLastBatch(2),
      StopStream,
      AddData(inputData, 0),
      StartStream(once),
      ExpectFailure({ errorClass: "DIVIDE_BY_ZERO" }),
      AssertOnQuery((q) => q.isActive === false),
    ],
  };
});

// StreamingQuerySuite "status, lastProgress, and recentProgress", without its source that blocks
// on the clock inside latestOffset/getBatch: the status while waiting for the next trigger, the
// progress of the first two batches, and status and progress after stop and after a failure.
const STATUS_OF_ONE_RUN =
  "asserts on the status and progress history of one run (a restart or crash starts a new run)";
scenario("status, lastProgress, and recentProgress", () => {
  const clock = new ManualClock();
  const session = SparkSession.builder.config("spark.sql.shuffle.partitions", 5).withClock(clock).create();
  const inputData = new MemoryStream(session, "value BIGINT");
  // count(value), not count(*): Spark's typed map cannot be pruned, a column that no one reads can.
  const mapped = inputData.toDF().coalesce(1).selectExpr("10 div value AS value").agg(F.count("value"));
  const trigger = { processingTime: 1000 };
  let lastProgressBeforeStop = "";
  // Spark's AssertStreamExecThreadIsWaitingForTime: the query waits on the clock for `target`.
  const waitingFor = (target: number): StreamAction =>
    AssertOnQuery(async (q) => {
      const deadline = performance.now() + 20_000;
      while (q.exception() === null && !clock.isWaitingAt(target)) {
        if (performance.now() > deadline) return false;
        await sleep(5);
      }
      if (q.exception() !== null) throw q.exception();
      return true;
    }, `AssertStreamExecThreadIsWaitingForTime(${target})`);
  const status = (message: string, isDataAvailable: boolean, isTriggerActive: boolean): StreamAction =>
    AssertOnQuery(
      (q) =>
        q.status.message === message &&
        q.status.isDataAvailable === isDataAvailable &&
        q.status.isTriggerActive === isTriggerActive,
      `status is ${message}, dataAvailable=${isDataAvailable}, triggerActive=${isTriggerActive}`,
    );
  return {
    df: mapped,
    outputMode: "complete",
    noRestartMatrix: STATUS_OF_ONE_RUN,
    noCrashMatrix: STATUS_OF_ONE_RUN,
    actions: [
      StartStream({ trigger, clock }),
      waitingFor(1000),
      AssertOnQuery((q) => q.status.message === "Waiting for next trigger"),
      AssertOnQuery((q) => q.status.isTriggerActive === false),
      AssertOnQuery((q) => q.recentProgress.filter((p) => p.numInputRows > 0).length === 0),
      AddData(inputData, 1, 2),
      AdvanceManualClock(1000),
      CheckAnswer(2),
      waitingFor(2000), // will block until the next trigger
      status("Waiting for next trigger", true, false),
      Execute((q) => {
        const progress = q.lastProgress;
        assert.ok(progress);
        assert.ok(q.recentProgress.some((p) => p.numInputRows > 0));
        assert.equal(q.recentProgress.at(-1), progress);
        assert.equal(progress.id, q.id);
        assert.equal(progress.name, q.name);
        assert.equal(progress.batchId, 0);
        assert.equal(progress.timestamp, "1970-01-01T00:00:01.000Z");
        assert.equal(progress.numInputRows, 2);
        assert.equal(progress.sources.length, 1);
        assert.match(progress.sources[0]?.description ?? "", /MemoryStream/);
        assert.equal(progress.sources[0]?.startOffset, null); // no prior offset
        assert.equal(progress.sources[0]?.endOffset, "0");
        assert.equal(progress.stateOperators.length, 1);
        assert.equal(progress.stateOperators[0]?.numRowsUpdated, 1);
        assert.equal(progress.stateOperators[0]?.numRowsTotal, 1);
      }, "first batch's progress"),
      AddData(inputData, 1, 2),
      AdvanceManualClock(1000),
      waitingFor(3000), // will block waiting for next trigger time
      CheckAnswer(4),
      status("Waiting for next trigger", true, false),
      Execute((q) => {
        assert.equal(q.recentProgress.at(-1), q.lastProgress);
        assert.equal(q.lastProgress?.batchId, 1);
        assert.equal(q.lastProgress?.inputRowsPerSecond, 2.0);
        assert.equal(q.lastProgress?.sources[0]?.inputRowsPerSecond, 2.0);
        assert.equal(q.lastProgress?.sources[0]?.startOffset, "0");
        assert.equal(q.lastProgress?.sources[0]?.endOffset, "1");
      }, "second batch's progress"),
      // Test status and progress after data is not available for a trigger
      AdvanceManualClock(1000),
      waitingFor(4000),
      status("Waiting for next trigger", false, false),
      // Test status and progress after query stopped
      Execute((q) => {
        lastProgressBeforeStop = q.lastProgress?.json ?? "";
      }),
      StopStream,
      AssertOnQuery((q) => q.lastProgress?.json === lastProgressBeforeStop, "lastProgress kept after stop"),
      status("Stopped", false, false),
      // Test status and progress after query terminated with error
      StartStream({ trigger, clock }),
      AdvanceManualClock(1000), // ensure initial trigger completes before AddData
      AddData(inputData, 0),
      AdvanceManualClock(1000), // allow another trigger
      ExpectFailure({ errorClass: "DIVIDE_BY_ZERO" }),
      AssertOnQuery((q) => q.status.isDataAvailable === false),
      AssertOnQuery((q) => q.status.isTriggerActive === false),
      AssertOnQuery((q) => q.status.message.startsWith("Terminated with exception")),
    ],
  };
});

// StreamingQuerySuite "input row calculation with trigger having data for only one of two V2
// sources"
scenario("input row calculation with trigger having data for only one of two V2 sources", () => {
  const streamInput1 = new MemoryStream(spark, "value INT");
  const streamInput2 = new MemoryStream(spark, "value INT");
  const lastProgressWithData = (q: StreamingQuery) =>
    q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
  return {
    df: streamInput1.toDF().union(streamInput2.toDF()),
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(streamInput1, 1, 2, 3),
      CheckLastBatch(1, 2, 3),
      Execute((q) => {
        const p = lastProgressWithData(q);
        assert.equal(p?.numInputRows, 3);
        assert.deepEqual(
          p?.sources.map((s) => s.numInputRows),
          [3, 0],
        );
      }),
      AddData(streamInput2, 4, 5),
      CheckLastBatch(4, 5),
      Execute((q) => {
        const p = lastProgressWithData(q);
        assert.equal(p?.numInputRows, 2);
        assert.deepEqual(
          p?.sources.map((s) => s.numInputRows),
          [0, 2],
        );
      }),
    ],
  };
});

// StreamingQuerySuite "input row calculation with mixed batch and streaming V2 sources" (its
// first query)
scenario("input row calculation with mixed batch and streaming V2 sources", () => {
  const streamInput = new MemoryStream(spark, "value INT");
  const staticInputDF = spark.createDataFrame(
    [
      [1, "1"],
      [2, "2"],
    ],
    ["value", "anotherValue"],
  );
  return {
    df: streamInput.toDF().join(staticInputDF, "value"),
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(streamInput, 1, 2, 3),
      Execute(async (q) => {
        await q.processAllAvailable();
        const p = q.recentProgress.filter((x) => x.numInputRows > 0).at(-1);
        assert.equal(p?.numInputRows, 3);
        assert.equal(p?.sources.length, 1);
        assert.equal(p?.sources[0]?.numInputRows, 3);
      }),
    ],
  };
});

// StreamingQuerySuite "StreamExecution metadata garbage collection"
const gcRoot = mkdtempSync(join(tmpdir(), "tspark-gc-"));
after(() => rmSync(gcRoot, { recursive: true, force: true }));
for (const [minBatchesToRetain, batches, expectedFiles] of [
  [1, 3, ["1", "2"]],
  [2, 5, ["2", "3", "4"]],
] as const) {
  scenario(`StreamExecution metadata garbage collection (minBatchesToRetain = ${minBatchesToRetain})`, () => {
    const checkpointLocation = mkdtempSync(join(gcRoot, "cp-"));
    const inputData = new MemoryStream(spark, "value INT");
    const actions: StreamAction[] = [
      StartStream({
        checkpointLocation,
        additionalConfs: { "spark.sql.streaming.minBatchesToRetain": String(minBatchesToRetain) },
      }),
    ];
    const all: number[] = [];
    for (let b = 0; b < batches; b++) {
      actions.push(AddData(inputData, 2 * b + 1, 2 * b + 2));
      all.push(2 * b + 1, 2 * b + 2);
      actions.push(CheckAnswer(...all));
    }
    actions.push(
      Assert(() => {
        const files = readdirSync(join(checkpointLocation, "offsets")).filter((f) => /^\d+$/.test(f));
        assert.deepEqual(files.sort(), [...expectedFiles]);
        return true;
      }, "metadata log should contain only the retained batches"),
    );
    return { df: inputData.toDF(), actions };
  });
}

// StreamingQuerySuite "processAllAvailable should not block forever when a query is stopped" (and
// its Trigger.AvailableNow variant); Spark's console sink is the noop sink here (same path, no output).
for (const trigger of [{ once: true }, { availableNow: true }] as const) {
  test(`processAllAvailable should not block forever when a query is stopped - ${Object.keys(trigger)[0]}`, async () => {
    const input = new MemoryStream(spark, "value INT");
    input.addData(1);
    const query = await input.toDF().writeStream.trigger(trigger).format("noop").start();
    const r = await settleWithin(query.processAllAvailable(), 10_000);
    assert.equal(r.kind, "value");
    await query.awaitTermination();
    assert.equal(query.isActive, false);
  });
}

// A stopped query can be stopped again (StreamingQuerySuite's "OneTime trigger" test stops
// queries that already ended); stop() resolves only once the run has ended.
test("stop is idempotent", async () => {
  const input = new MemoryStream(spark, "value INT");
  const query = await input.toDF().writeStream.format("noop").start();
  await Promise.all([query.stop(), query.stop()]);
  assert.equal(query.isActive, false);
  await query.stop();
  assert.equal(query.exception(), null);
  assert.equal(query.status.message, "Stopped");
});

/** Why a query drawing random values cannot be crash-tested by comparing a re-run batch's rows. */
const NEW_VALUES_PER_EXECUTION =
  "a re-run batch draws new random values (Spark seeds them per batch execution, SPARK-24896), so it writes other rows than its first attempt";

// StreamingQuerySuite "Uuid in streaming query should not produce same uuids in each execution"
scenario("Uuid in streaming query should not produce same uuids in each execution", () => {
  const uuids: unknown[] = [];
  const stream = new MemoryStream(spark, "value INT");
  const collectUuid = CheckAnswerByFunc((rows) => {
    for (const r of rows) uuids.push(Object.values(r)[0]);
  });
  return {
    df: stream.toDF().select(F.uuid()),
    noCrashMatrix: NEW_VALUES_PER_EXECUTION,
    actions: [
      AddData(stream, 1),
      collectUuid,
      AddData(stream, 2),
      collectUuid,
      Assert(() => new Set(uuids).size === 2, "two different uuids"),
    ],
  };
});

// StreamingQuerySuite "Rand/Randn in streaming query should not produce same results in each
// execution"
scenario("Rand/Randn in streaming query should not produce same results in each execution", () => {
  const rands: unknown[] = [];
  const stream = new MemoryStream(spark, "value INT");
  const collectRand = CheckAnswerByFunc((rows) => {
    for (const r of rows) rands.push(...Object.values(r));
  });
  return {
    df: stream.toDF().select(F.rand(), F.randn()),
    noCrashMatrix: NEW_VALUES_PER_EXECUTION,
    actions: [
      AddData(stream, 1),
      collectRand,
      AddData(stream, 2),
      collectRand,
      Assert(() => new Set(rands).size === 4, "four different random values"),
    ],
  };
});

// StreamingQuerySuite "special characters in checkpoint path"
test("special characters in checkpoint path", async () => {
  const tempDir = mkdtempSync(join(tmpdir(), "tspark-special-"));
  try {
    const checkpointDir = join(tempDir, "chk @#chk");
    const inputData = new MemoryStream(spark, "value INT");
    inputData.addData(1);
    const q = await inputData
      .toDF()
      .writeStream.format("noop")
      .option("checkpointLocation", checkpointDir)
      .start();
    try {
      await q.processAllAvailable();
      assert.ok(existsSync(checkpointDir) && readdirSync(checkpointDir).length > 0);
    } finally {
      await q.stop();
    }
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
});

// StreamingQuerySuite "SPARK-32456: SQL union in streaming query of append mode without watermark"
test("SPARK-32456: SQL union in streaming query of append mode without watermark", async () => {
  const inputData1 = new MemoryStream(spark, "value INT");
  const inputData2 = new MemoryStream(spark, "value INT");
  inputData1.toDF().createOrReplaceTempView("s1");
  inputData2.toDF().createOrReplaceTempView("s2");
  const unioned = spark.sql("select s1.value from s1 union select s2.value from s2");
  await assert.rejects(testStream(unioned, "append")(AddData(inputData1, 1)), {
    errorClass: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
  });
});
