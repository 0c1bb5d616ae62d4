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
  assertStateOperatorCustomMetric,
  assertStateOperatorProgressMetric,
  assertWatermark,
  CheckLastBatch,
  MemoryStream,
  MultiAddData,
  numStateRowsChecker,
  StartStream,
  StopStream,
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

test("numStateRowsChecker: total from the latest report, counts summed since the previous check", async () => {
  const input = new MemoryStream(spark, "value STRING");
  const assertNumStateRows = numStateRowsChecker();
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
    // No batch since the previous check: nothing updated, the total is the latest report's.
    assertNumStateRows(2, 0),
    // A new run counts from its own first report.
    StopStream,
    StartStream(),
    AddData(input, "c", "d"),
    CheckLastBatch("c", "d"),
    assertNumStateRows([4], [2]),
  );
});

test("numStateRowsChecker fails with the counts and the reports it summed", async () => {
  const input = new MemoryStream(spark, "value STRING");
  const assertNumStateRows = numStateRowsChecker(FAST);
  const updated = await failureOf(
    testStream(input.toDF().dropDuplicates())(
      AddData(input, "a", "b"),
      CheckLastBatch("a", "b"),
      assertNumStateRows(2, 1),
    ),
  );
  assert.match(updated, /incorrect updated rows: expected \[1\], got \[2\]/);
  assert.match(updated, /progress since the previous check/);
  const other = new MemoryStream(spark, "value STRING");
  const total = await failureOf(
    testStream(other.toDF().dropDuplicates())(
      AddData(other, "a", "b", "c"),
      CheckLastBatch("a", "b", "c"),
      numStateRowsChecker(FAST)(2, 3),
    ),
  );
  assert.match(total, /incorrect total rows: expected \[2\], got \[3\]/);
});

test("state operator progress and custom metrics of the latest batch with input rows", async () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 INT");
  await testStream(input.toDF().dropDuplicates(["_1"]))(
    AddData(input, ["a", 1], ["a", 2], ["b", 3]),
    CheckLastBatch(["a", 1], ["b", 3]),
    assertStateOperatorProgressMetric({
      operatorName: "dedupe",
      numShufflePartitions: 5,
      numStateStoreInstances: 5,
    }),
    assertStateOperatorCustomMetric("numDroppedDuplicateRows", 1),
    assertNumRowsDroppedByWatermark(0),
  );
  const again = new MemoryStream(spark, "_1 STRING, _2 INT");
  const wrong = await failureOf(
    testStream(again.toDF().dropDuplicates(["_1"]))(
      AddData(again, ["a", 1]),
      CheckLastBatch(["a", 1]),
      assertStateOperatorProgressMetric(
        { operatorName: "stateStoreSave", numShufflePartitions: 5, numStateStoreInstances: 5 },
        FAST,
      ),
    ),
  );
  assert.match(wrong, /state operator 0: expected \{"operatorName":"stateStoreSave"/);
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
