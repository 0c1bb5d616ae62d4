// The public test kit `tspark/testing` itself: MemoryStream, and that testStream passes what
// Spark's StreamTest passes and fails — with its report — what StreamTest fails.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckAnswerByFunc,
  CheckAnswerContains,
  CheckAnswerRows,
  CheckLastBatch,
  CheckNewAnswer,
  Execute,
  ExpectFailure,
  ManualClock,
  MemoryStream,
  ProcessAllAvailable,
  StartStream,
  StopStream,
  StreamTestFailure,
  type StreamAction,
  testStream,
  withRestartAfterEveryBatch,
} from "tspark/testing";
import * as F from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

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

test("MemoryStream: one offset per addData, rows as objects, arrays or bare values", () => {
  const input = new MemoryStream(spark, "a INT, b STRING");
  assert.equal(input.addData({ a: 1, b: "x" }, [2, "y"]), "0");
  assert.equal(input.addData(), "1");
  assert.equal(String(input), "MemoryStream[a,b]");
  assert.deepEqual(
    input.schema.fields.map((f) => f.name),
    ["a", "b"],
  );
  const one = new MemoryStream(spark, "value INT", { numPartitions: 2 });
  assert.equal(one.addData(1, 2, 3), "0");
  assert.throws(() => new MemoryStream(spark, "value INT", { numPartitions: 0 }), {
    errorClass: "ILLEGAL_ARGUMENT",
  });
  assert.throws(() => input.addData(1), { errorClass: "ILLEGAL_ARGUMENT" });
});

test("MemoryStream: every toDF() is a new streaming DataFrame over the same source", async () => {
  const input = new MemoryStream(spark, "value INT");
  const a = input.toDF();
  const b = input.toDF();
  assert.notEqual(a, b);
  assert.ok(a.isStreaming && b.isStreaming);
  // A union of two toDF() calls reads one source twice: every row comes out twice.
  await testStream(a.union(b))(AddData(input, 1, 2), CheckAnswer(1, 1, 2, 2));
});

test("MemoryStream: data added while the query is stopped is read after the restart", async () => {
  const input = new MemoryStream(spark, "value INT");
  await testStream(input.toDF())(
    AddData(input, 1),
    CheckAnswer(1),
    StopStream,
    AddData(input, 2),
    AddData(input, 3),
    StartStream(),
    CheckAnswer(1, 2, 3),
    CheckNewAnswer(),
  );
});

test("CheckNewAnswer compares the rows since the previous check; CheckLastBatch the last batch", async () => {
  const input = new MemoryStream(spark, "value INT");
  await testStream(input.toDF().select(col("value").multiply(10).alias("value")))(
    AddData(input, 1, 2),
    CheckNewAnswer(10, 20),
    CheckNewAnswer(),
    AddData(input, 3),
    CheckLastBatch(30),
    CheckNewAnswer(),
    AddData(input, 4),
    CheckNewAnswer({ value: 40 }),
    CheckAnswer(10, 20, 30, 40),
    CheckAnswerContains(40, 10),
  );
});

test("a wrong answer fails with the steps, the stream, the sink, the plan and both answers", async () => {
  const input = new MemoryStream(spark, "value INT");
  const message = await failureOf(
    testStream(input.toDF())(AddData(input, 1, 2), CheckAnswer(1, 3), AddData(input, 4)),
  );
  assert.match(message, /Results do not match/);
  assert.match(message, /!== Expected Answer - 2 ==\s+== Actual Answer - 2 ==/);
  assert.match(message, /\n !?\[1\]\s+\[1\]/);
  assert.match(message, /\n!\[3\]\s+\[2\]/);
  assert.match(
    message,
    /== Progress ==\n {3}\[-\] StartStream\(\) \(implicit\)\n {3}\[0\] AddData to MemoryStream\[value\]: 1,2\n=> \[1\] CheckAnswer: 1,3\n {3}\[2\] AddData/,
  );
  assert.match(
    message,
    /== Stream ==\nOutput Mode: append\nStream state \(committed offsets\): \{0 memory: 0\}\nQuery state: active/,
  );
  assert.match(message, /== Sink ==\n0: \[1\] \[2\]/);
  assert.match(message, /== Plan ==\n== Physical Plan ==/);
  // The test's checkpoint is removed even when the test fails.
  const checkpoint = /Checkpoint: (.*)/.exec(message)?.[1];
  assert.ok(checkpoint !== undefined);
  assert.equal(existsSync(checkpoint), false);
});

test("order matters only when asked", async () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input.toDF().groupBy("value").count().orderBy(col("value").desc());
  await testStream(df, "complete")(
    AddData(input, 1, 2, 2),
    CheckLastBatch([1, 1], [2, 2]),
    CheckAnswerRows(
      [
        [2, 2],
        [1, 1],
      ],
      { lastOnly: true, isSorted: true },
    ),
  );
  const input2 = new MemoryStream(spark, "value INT");
  const df2 = input2.toDF().groupBy("value").count().orderBy(col("value").desc());
  const message = await failureOf(
    testStream(df2, "complete")(
      AddData(input2, 1, 2, 2),
      CheckAnswerRows(
        [
          [1, 1],
          [2, 2],
        ],
        { lastOnly: true, isSorted: true },
      ),
    ),
  );
  assert.match(message, /Results do not match \(in order\)/);
});

test("expected rows that do not fit the result schema are reported as such", async () => {
  const input = new MemoryStream(spark, "value INT");
  const message = await failureOf(testStream(input.toDF())(AddData(input, 1), CheckAnswer("one")));
  assert.match(
    message,
    /The expected rows do not fit the query's result: .*expected row 0 "one" does not fit/,
  );
});

test("ExpectFailure checks the cause's error class and message", async () => {
  const make = () => {
    const input = new MemoryStream(spark, "value INT");
    return { input, df: input.toDF().selectExpr("6 div value AS value") };
  };
  const ok = make();
  await testStream(ok.df)(
    AddData(ok.input, 0),
    ExpectFailure({
      errorClass: "DIVIDE_BY_ZERO",
      message: "Division by zero",
      check: (cause) => assert.ok(cause instanceof Error),
    }),
    AssertOnQuery((q) => !q.isActive && q.exception()?.errorClass === "STREAM_FAILED"),
  );
  const wrong = make();
  const message = await failureOf(
    testStream(wrong.df)(AddData(wrong.input, 0), ExpectFailure({ errorClass: "CAST_INVALID_INPUT" })),
  );
  assert.match(
    message,
    /incorrect cause in exception returned by query.exception\(\)\n\tExpected: CAST_INVALID_INPUT\n\tReturned: DIVIDE_BY_ZERO/,
  );
  const none = make();
  const noFailure = await failureOf(
    testStream(none.df)(StartStream({ trigger: { once: true } }), AddData(none.input, 1), ExpectFailure()),
  );
  assert.match(noFailure, /Expected the query to fail, but it terminated without an error/);
});

test("an unexpected failure makes the next check fail with the query's error", async () => {
  const input = new MemoryStream(spark, "value INT");
  const message = await failureOf(
    testStream(input.toDF().selectExpr("6 div value AS value"))(AddData(input, 0), CheckAnswer()),
  );
  assert.match(message, /DIVIDE_BY_ZERO/);
  assert.match(message, /Query state: terminated/);
});

test("misuse is reported as Spark's StreamTest reports it", async () => {
  const input = new MemoryStream(spark, "value INT");
  const other = new MemoryStream(spark, "value INT");
  const cases: [StreamAction[], RegExp][] = [
    [[StopStream, StopStream], /can not stop a stream that is not running/],
    [[StartStream(), StartStream()], /stream already running/],
    [[AddData(other, 1)], /Could not find the index of the source to which data was added/],
    [[StartStream(), AdvanceManualClock(10)], /the stream was not started with StartStream\(\{ clock \}\)/],
    [[StartStream({ clock: new ManualClock() })], /needs the session's own clock/],
    [[StopStream, ExpectFailure()], /can not expect failure when stream is not running/],
    [[AssertOnQuery((q) => q.isActive === false, "not active")], /Assert on query failed: not active/],
    [
      [
        Execute(() => {
          throw new RangeError("boom");
        }, "throws"),
      ],
      /Execute failed: throws: RangeError: boom/,
    ],
  ];
  for (const [actions, expected] of cases) {
    assert.match(await failureOf(testStream(input.toDF())(...actions)), expected);
  }
});

test("an invalid output mode is Spark's STREAMING_OUTPUT_MODE.INVALID", () => {
  assert.throws(() => testStream(new MemoryStream(spark, "value INT").toDF(), "sideways"), {
    errorClass: "STREAMING_OUTPUT_MODE.INVALID",
  });
});

test("start errors pass through unchanged; a batch DataFrame is WRITE_STREAM_NOT_ALLOWED", async () => {
  await assert.rejects(testStream(spark.range(3))(), { errorClass: "WRITE_STREAM_NOT_ALLOWED" });
  const input = new MemoryStream(spark, "value INT");
  await assert.rejects(testStream(input.toDF().groupBy("value").count(), "append")(), {
    errorClass: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
  });
});

test("a manual clock: data waits for the next advance; checks wait for the batch; a timeout names what it waited for", async () => {
  const clock = new ManualClock();
  const session = SparkSession.builder.config("spark.sql.shuffle.partitions", 5).withClock(clock).create();
  const input = new MemoryStream(session, "value INT");
  const trigger = { processingTime: "1 second" };
  await testStream(input.toDF())(
    StartStream({ trigger, clock }),
    AddData(input, 1),
    AdvanceManualClock(1000),
    CheckAnswer(1),
    AssertOnQuery((q) => q.lastProgress?.timestamp === "1970-01-01T00:00:01.000Z"),
    StopStream,
    AddData(input, 2),
    StartStream({ trigger, clock }),
    // The restarted query runs a batch at once (its first trigger), at the clock's time.
    CheckAnswer(1, 2),
    AddData(input, 3),
    AdvanceManualClock(1000),
    CheckAnswer(1, 2, 3),
  );
  const input2 = new MemoryStream(session, "value INT");
  const message = await failureOf(
    testStream(input2.toDF(), "append", { timeoutMs: 300 })(
      StartStream({ trigger, clock }),
      AddData(input2, 1),
      CheckAnswer(1),
    ),
  );
  assert.match(message, /Timed out: the query has not processed offset 0 of source 0/);
});

test("additionalConfs apply to the query and are restored afterwards", async () => {
  const input = new MemoryStream(spark, "value INT");
  assert.equal(spark.conf.get("spark.sql.streaming.minBatchesToRetain", null), null);
  await testStream(input.toDF())(
    StartStream({ additionalConfs: { "spark.sql.streaming.minBatchesToRetain": "7" } }),
    Execute(() => assert.equal(spark.conf.get("spark.sql.streaming.minBatchesToRetain"), "7")),
  );
  assert.equal(spark.conf.get("spark.sql.streaming.minBatchesToRetain", null), null);
});

test("the restart matrix runs each batch in a new run of the same query", async () => {
  const input = new MemoryStream(spark, "value INT");
  const runIds = new Set<string>();
  const ids = new Set<string>();
  const note = Execute((q) => {
    runIds.add(q.runId);
    ids.add(q.id);
  });
  await testStream(
    input.toDF().groupBy("value").count(),
    "update",
  )(
    ...withRestartAfterEveryBatch([
      AddData(input, 1),
      CheckLastBatch([1, 1]),
      note,
      AddData(input, 1),
      CheckLastBatch([1, 2]),
      note,
      AddData(input, 2),
      CheckLastBatch([2, 1]),
      note,
      AssertOnQuery((q) => q.lastProgress?.batchId === 2, "batch ids continue across restarts"),
    ]),
  );
  assert.equal(runIds.size, 3);
  assert.equal(ids.size, 1);
});

test("ProcessAllAvailable waits without reading; CheckAnswerByFunc sees new rows and internal rows", async () => {
  const input = new MemoryStream(spark, "value BIGINT");
  const seen: unknown[][] = [];
  await testStream(input.toDF())(
    AddData(input, 1, 2),
    ProcessAllAvailable(),
    AssertOnQuery((q) => q.lastProgress?.numInputRows === 2, "processed before the next step"),
    CheckAnswerByFunc(
      (rows, answer) => {
        assert.deepEqual(rows, [{ value: 1 }, { value: 2 }]);
        assert.equal(answer.schema.fields[0]?.dataType.simpleString(), "bigint");
        seen.push(...answer.rows.map((r) => [...r]));
      },
      { newOnly: true },
    ),
    AddData(input, 3),
    CheckAnswerByFunc((rows) => assert.deepEqual(rows, [{ value: 3 }]), { newOnly: true }),
    CheckAnswerByFunc((rows) => assert.deepEqual(rows, []), { newOnly: true }),
    CheckAnswerByFunc((rows) => assert.equal(rows.length, 3)),
  );
  assert.deepEqual(seen, [[1], [2]]);
});
