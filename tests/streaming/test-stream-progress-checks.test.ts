// The progress checks and MultiAddData of the test kit (src/testing/progress-checks.ts,
// stream-action.ts) on real queries: what they pass, what they fail and with which message. The
// event-time numbers (min/max/avg/watermark) need the engine of issue #7; until then they are
// checked on queries without a watermark, whose eventTime map is empty.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AddData,
  assertEventStats,
  assertNumRowsDroppedByWatermark,
  assertWatermark,
  CheckLastBatch,
  MemoryStream,
  MultiAddData,
  StartStream,
  StopStream,
  stateStoreMetrics,
  StreamTestFailure,
  testStream,
} from "../../src/testing/index.js";
import { testSession } from "./scenario.js";

const spark = testSession();
const FAST = { timeoutMs: 50 };

/** Runs a scenario that must fail; returns the failure's message. */
async function failureOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    assert.ok(e instanceof StreamTestFailure, `expected a StreamTestFailure, got ${String(e)}`);
    return e.message;
  }
  assert.fail("the scenario passed but should have failed");
}

test("MultiAddData puts the rows of every stream into one batch", async () => {
  const a = new MemoryStream(spark, "value INT");
  const b = new MemoryStream(spark, "value INT");
  const union = a.toDF().union(b.toDF());
  const steps = [1, 2, 3, 4, 5].flatMap((i) => [
    MultiAddData([a, [i]], [b, [i + 100, i + 200]]),
    CheckLastBatch(i, i + 100, i + 200),
  ]);
  await testStream(union)(...steps);
});

test("MultiAddData to a stream the query does not read fails the step", async () => {
  const a = new MemoryStream(spark, "value INT");
  const stray = new MemoryStream(spark, "value INT");
  const message = await failureOf(
    testStream(a.toDF())(MultiAddData([a, [1]], [stray, [2]]), CheckLastBatch(1)),
  );
  assert.match(message, /Could not find the index of the source/);
});

test("stateStoreMetrics: total from the latest report, counts summed since the previous check", async () => {
  const input = new MemoryStream(spark, "value STRING");
  const { assertNumStateRows } = stateStoreMetrics();
  await testStream(input.toDF().dropDuplicates())(
    AddData(input, "a"),
    CheckLastBatch("a"),
    assertNumStateRows(1, 1),
    // Two batches between checks: updated is 0 + 1.
    AddData(input, "a"),
    CheckLastBatch(),
    AddData(input, "b"),
    CheckLastBatch("b"),
    assertNumStateRows(2, 1, { droppedByWatermark: 0, removed: 0 }),
    // A new run counts from its own first report.
    StopStream,
    StartStream(),
    AddData(input, "c", "d"),
    CheckLastBatch("c", "d"),
    assertNumStateRows([4], [2]),
  );
});

test("stateStoreMetrics fails with the counts and the reports it summed, or when no report is new", async () => {
  const input = new MemoryStream(spark, "value STRING");
  const updated = await failureOf(
    testStream(input.toDF().dropDuplicates())(
      AddData(input, "a", "b"),
      CheckLastBatch("a", "b"),
      stateStoreMetrics(FAST).assertNumStateRows(2, 1),
    ),
  );
  assert.match(updated, /incorrect updated rows: expected \[1\], got \[2\]/);
  assert.match(updated, /progress since the previous check/);
  const other = new MemoryStream(spark, "value STRING");
  const total = await failureOf(
    testStream(other.toDF().dropDuplicates())(
      AddData(other, "a", "b", "c"),
      CheckLastBatch("a", "b", "c"),
      stateStoreMetrics(FAST).assertNumStateRows(2, 3),
    ),
  );
  assert.match(total, /incorrect total rows: expected \[2\], got \[3\]/);
  // As in Spark, a second check with no batch in between has nothing to look at.
  const third = new MemoryStream(spark, "value STRING");
  const { assertNumStateRows } = stateStoreMetrics(FAST);
  const twice = await failureOf(
    testStream(third.toDF().dropDuplicates())(
      AddData(third, "a"),
      CheckLastBatch("a"),
      assertNumStateRows(1, 1),
      assertNumStateRows(1, 0),
    ),
  );
  assert.match(twice, /no progress since the previous check/);
});

test("stateStoreMetrics: operator metrics of the latest report, custom metrics summed since the previous check", async () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 INT");
  const { assertStateOperatorCustomMetric, assertStateOperatorProgressMetric } = stateStoreMetrics();
  await testStream(input.toDF().dropDuplicates(["_1"]))(
    AddData(input, ["a", 1], ["a", 2], ["b", 3]),
    CheckLastBatch(["a", 1], ["b", 3]),
    assertStateOperatorProgressMetric({
      operatorName: "dedupe",
      numShufflePartitions: 5,
      numStateStoreInstances: 5,
    }),
    // Two batches since the previous check: 1 + 2 duplicates dropped.
    AddData(input, ["a", 4]),
    CheckLastBatch(),
    AddData(input, ["b", 5], ["c", 6], ["c", 7]),
    CheckLastBatch(["c", 6]),
    assertStateOperatorCustomMetric("numDroppedDuplicateRows", 3),
    assertNumRowsDroppedByWatermark(0),
  );
  const again = new MemoryStream(spark, "_1 STRING, _2 INT");
  const wrong = await failureOf(
    testStream(again.toDF().dropDuplicates(["_1"]))(
      AddData(again, ["a", 1]),
      CheckLastBatch(["a", 1]),
      stateStoreMetrics(FAST).assertStateOperatorProgressMetric({
        operatorName: "stateStoreSave",
        numShufflePartitions: 5,
        numStateStoreInstances: 5,
      }),
    ),
  );
  assert.match(wrong, /state operator 0: expected \{"operatorName":"stateStoreSave"/);
  const index = await failureOf(
    testStream(new MemoryStream(spark, "_1 STRING, _2 INT").toDF().dropDuplicates(["_1"]))(
      CheckLastBatch(),
      stateStoreMetrics(FAST).assertStateOperatorCustomMetric("numDroppedDuplicateRows", 0, 1),
    ),
  );
  assert.match(index, /Invalid operator index: 1|No progress made/);
});

test("without a watermark the eventTime map is empty: assertEventStats and assertWatermark say so", async () => {
  const input = new MemoryStream(spark, "value INT");
  await testStream(input.toDF())(
    AddData(input, 15),
    CheckLastBatch(15),
    assertEventStats((e) => assert.equal(e.size, 0)),
  );
  const second = new MemoryStream(spark, "value INT");
  const stats = await failureOf(
    testStream(second.toDF())(
      AddData(second, 15),
      CheckLastBatch(15),
      assertEventStats({ min: 15_000, max: 15_000, avg: 15_000, watermark: 0 }, FAST),
    ),
  );
  assert.match(
    stats,
    /AssertEventStats\(avg=1970-01-01T00:00:15\.000Z, max=.*watermark=1970-01-01T00:00:00\.000Z\)/,
  );
  assert.match(stats, /eventTime\.avg of batch 0: expected "1970-01-01T00:00:15\.000Z", got undefined/);
  const third = new MemoryStream(spark, "value INT");
  const watermark = await failureOf(
    testStream(third.toDF())(AddData(third, 15), CheckLastBatch(15), assertWatermark(5_000, FAST)),
  );
  assert.match(watermark, /AssertWatermark\(1970-01-01T00:00:05\.000Z\)/);
  assert.match(watermark, /eventTime\.watermark of batch 0: expected "1970-01-01T00:00:05\.000Z"/);
  const fourth = new MemoryStream(spark, "value INT");
  const latest = await failureOf(
    testStream(fourth.toDF())(
      AddData(fourth, 15),
      CheckLastBatch(15),
      assertWatermark(0, { ...FAST, progress: "latest" }),
    ),
  );
  assert.match(latest, /AssertWatermark\(1970-01-01T00:00:00\.000Z, latest progress\)/);
});
