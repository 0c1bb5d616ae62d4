// Streaming query listeners, from Spark's StreamingQueryListenerSuite (sql/core/src/test/scala/org/
// apache/spark/sql/streaming/StreamingQueryListenerSuite.scala): the started event reaches the
// listeners before start() returns, progress events follow batches, the terminated event comes
// last (with the failure when there is one), and listeners can be added and removed. Spark's
// `map(10 / _)` on ints is `10 div value`. Not in the recovery matrix of scenario(): each test
// asserts the exact event sequence of its query runs, which a restart or a crash changes by
// nature (another started and terminated event per run).
import assert from "node:assert/strict";
import { test } from "node:test";
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from "../../src/streaming/runtime/listener-events.js";
import { StreamingQueryListener } from "../../src/streaming/runtime/streaming-query-listener.js";
import { SparkSession } from "../../src/api/spark-session.js";
import {
  AddData,
  AdvanceManualClock,
  Assert,
  AssertOnQuery,
  CheckAnswer,
  Execute,
  ExpectFailure,
  ManualClock,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";
import { testSession } from "./scenario.js";

/** Spark's EventCollector: the events of one query, checking their order as they arrive. */
class EventCollector extends StreamingQueryListener {
  startEvent: QueryStartedEvent | null = null;
  terminationEvent: QueryTerminatedEvent | null = null;
  readonly progressEvents: QueryProgressEvent[] = [];
  private readonly asyncErrors: string[] = [];

  reset(): void {
    this.startEvent = null;
    this.terminationEvent = null;
    this.progressEvents.length = 0;
    this.asyncErrors.length = 0;
  }

  /** Spark's checkAsyncErrors: no event arrived out of order. */
  checkAsyncErrors(): void {
    assert.deepEqual(this.asyncErrors, []);
  }

  onQueryStarted(event: QueryStartedEvent): void {
    if (this.startEvent !== null) this.asyncErrors.push("onQueryStarted called twice");
    this.startEvent = event;
  }

  onQueryProgress(event: QueryProgressEvent): void {
    if (this.startEvent === null) this.asyncErrors.push("onQueryProgress called before onQueryStarted");
    if (this.terminationEvent !== null)
      this.asyncErrors.push("onQueryProgress called after onQueryTerminated");
    this.progressEvents.push(event);
  }

  override onQueryIdle(_event: QueryIdleEvent): void {}

  onQueryTerminated(event: QueryTerminatedEvent): void {
    if (this.startEvent === null) this.asyncErrors.push("onQueryTerminated called before onQueryStarted");
    this.terminationEvent = event;
  }
}

/** Spark's waitUntilEmpty on the listener bus. */
async function drain(spark: SparkSession): Promise<void> {
  await spark.streams.bus.flush();
}

async function withListenerAdded(
  spark: SparkSession,
  listener: StreamingQueryListener,
  body: () => Promise<unknown>,
) {
  spark.streams.addListener(listener);
  try {
    await body();
  } finally {
    spark.streams.removeListener(listener);
  }
}

// StreamingQueryListenerSuite "single listener, check trigger events are generated correctly"
test("single listener, check trigger events are generated correctly", async () => {
  const clock = new ManualClock();
  const spark = SparkSession.builder.config("spark.sql.shuffle.partitions", 5).withClock(clock).create();
  const inputData = new MemoryStream(spark, "value INT");
  const df = inputData.toDF().selectExpr("10 div value AS value");
  const listener = new EventCollector();
  const trigger = { processingTime: 100 };
  await withListenerAdded(spark, listener, () =>
    testStream(df, "append")(
      // Start event generated when query started
      StartStream({ trigger, clock }),
      Execute((query) => {
        assert.ok(listener.startEvent !== null);
        assert.equal(listener.startEvent.id, query.id);
        assert.equal(listener.startEvent.runId, query.runId);
        assert.equal(listener.startEvent.name, query.name);
        assert.equal(listener.progressEvents.length, 0);
        assert.equal(listener.terminationEvent, null);
      }),
      // Progress event generated when data processed
      AddData(inputData, 1, 2),
      AdvanceManualClock(100),
      CheckAnswer(10, 5),
      Execute(async (query) => {
        await drain(spark);
        assert.ok(listener.progressEvents.length > 0);
        assert.equal(listener.progressEvents.at(-1)?.progress.json, query.lastProgress?.json);
        assert.equal(listener.terminationEvent, null);
      }),
      // Termination event generated when stopped cleanly
      StopStream,
      Execute(async (query) => {
        await drain(spark);
        assert.ok(listener.terminationEvent !== null);
        assert.equal(listener.terminationEvent.id, query.id);
        assert.equal(listener.terminationEvent.runId, query.runId);
        assert.equal(listener.terminationEvent.exception, null);
        listener.checkAsyncErrors();
        listener.reset();
      }),
      // Termination event generated with exception message when stopped with error
      StartStream({ trigger, clock }),
      AddData(inputData, 0),
      AdvanceManualClock(100), // process bad data
      ExpectFailure({ errorClass: "DIVIDE_BY_ZERO" }),
      Execute(async (query) => {
        await drain(spark);
        const event = listener.terminationEvent;
        assert.ok(event !== null);
        assert.equal(event.id, query.id);
        assert.ok(event.exception !== null);
        // The reported text is the actual failure with its stack, not the STREAM_FAILED wrapper.
        assert.doesNotMatch(event.exception, /STREAM_FAILED/);
        assert.match(event.exception, /DIVIDE_BY_ZERO/);
        assert.equal(event.errorClassOnException, "DIVIDE_BY_ZERO");
        listener.checkAsyncErrors();
      }),
    ),
  );
});

// StreamingQueryListenerSuite "adding and removing listener"
test("adding and removing listener", async () => {
  const spark = testSession();
  const isListenerActive = async (listener: EventCollector): Promise<boolean> => {
    listener.reset();
    await testStream(new MemoryStream(spark, "value INT").toDF())(StartStream(), StopStream);
    await drain(spark);
    return listener.startEvent !== null;
  };
  const listener1 = new EventCollector();
  const listener2 = new EventCollector();
  try {
    spark.streams.addListener(listener1);
    assert.equal(await isListenerActive(listener1), true);
    assert.equal(await isListenerActive(listener2), false);
    spark.streams.addListener(listener2);
    assert.equal(await isListenerActive(listener1), true);
    assert.equal(await isListenerActive(listener2), true);
    spark.streams.removeListener(listener1);
    assert.equal(await isListenerActive(listener1), false);
    assert.equal(await isListenerActive(listener2), true);
  } finally {
    spark.streams.removeListener(listener1);
    spark.streams.removeListener(listener2);
  }
});

// StreamingQueryListenerSuite "event ordering" (Spark repeats it 100 times; 20 here)
test("event ordering", async () => {
  const spark = testSession();
  const listener = new EventCollector();
  await withListenerAdded(spark, listener, async () => {
    for (let i = 1; i <= 20; i++) {
      listener.reset();
      assert.equal(listener.startEvent, null);
      await testStream(new MemoryStream(spark, "value INT").toDF())(
        StartStream(),
        Assert(() => listener.startEvent !== null, "onQueryStarted not called before query returned"),
        StopStream,
        Assert(async () => {
          await drain(spark);
          listener.checkAsyncErrors();
          return listener.terminationEvent !== null;
        }, "onQueryTerminated called last"),
      );
    }
  });
});

// StreamingQueryListenerSuite "exception should be reported in QueryTerminated"
test("exception should be reported in QueryTerminated", async () => {
  const spark = testSession();
  const listener = new EventCollector();
  await withListenerAdded(spark, listener, async () => {
    const input = new MemoryStream(spark, "value INT");
    await testStream(input.toDF().selectExpr("value div 0 AS value"))(
      StartStream(),
      AddData(input, 1),
      ExpectFailure(),
      Assert(async () => {
        await drain(spark);
        assert.ok(listener.terminationEvent !== null);
        const exception = listener.terminationEvent.exception;
        assert.ok(exception !== null);
        // Make sure that the exception message reported through listener
        // contains the actual exception and relevant stack trace
        assert.doesNotMatch(exception, /STREAM_FAILED/);
        assert.match(exception, /DIVIDE_BY_ZERO/);
        assert.match(exception, /\n\s+at /);
        return true;
      }),
    );
  });
});

// StreamingQueryListenerSuite: one progress event per batch that ran, in batch order, each with
// the batch's input rows ("single listener, check trigger events are generated correctly" counts
// them per query; here over three batches).
test("progress events follow batches in order", async () => {
  const spark = testSession();
  const listener = new EventCollector();
  await withListenerAdded(spark, listener, async () => {
    const input = new MemoryStream(spark, "value INT");
    await testStream(input.toDF())(
      AddData(input, 1),
      CheckAnswer(1),
      AddData(input, 2, 3),
      CheckAnswer(1, 2, 3),
      AddData(input, 4, 5, 6),
      CheckAnswer(1, 2, 3, 4, 5, 6),
      AssertOnQuery(async (q) => {
        await drain(spark);
        const withData = listener.progressEvents.map((e) => e.progress).filter((p) => p.numInputRows > 0);
        assert.deepEqual(
          withData.map((p) => [p.batchId, p.numInputRows]),
          [
            [0, 1],
            [1, 2],
            [2, 3],
          ],
        );
        assert.ok(withData.every((p) => p.id === q.id && p.runId === q.runId));
        return true;
      }),
    );
  });
});
