// The watermark engine on raw event-time columns (window() aside): Spark's EventTimeWatermarkSuite
// "group by on raw timestamp", the late-row drop and its metric, Update-mode eviction, no-data
// batches and their switch, the eventTime progress map, and the watermark in the logs.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import {
  AddData,
  AdvanceManualClock,
  CheckAnswer,
  CheckNewAnswer,
  Execute,
  ExpectFailure,
  ManualClock,
  MemoryStream,
  StartStream,
} from "../../../src/testing/index.js";
import type { StreamingQuery } from "../../../src/api/streaming-query.js";
import { SparkSession } from "../../../src/api/spark-session.js";
import { ASSERTS_DATA_BATCH_PROGRESS, scenario, testSession } from "../scenario.js";

const spark = testSession();
const col = F.col;

/** The last progress of a batch that read rows (a no-data batch after it is skipped, as Spark's suite does). */
function lastProgressWithData(q: StreamingQuery) {
  const withData = q.recentProgress.filter((p) => p.numInputRows > 0);
  const last = withData[withData.length - 1];
  assert.ok(last, "no batch has run");
  return last;
}

/** The watermark the query's latest progress reports (ISO text). */
function assertEventTimeWatermark(iso: string) {
  return Execute((q) => {
    const p = q.lastProgress;
    assert.ok(p, "no progress");
    assert.equal(p.eventTime.get("watermark"), iso);
  }, `watermark ${iso}`);
}

function assertDropped(n: number) {
  return Execute((q) => {
    assert.equal(lastProgressWithData(q).stateOperators[0]?.numRowsDroppedByWatermark, n);
  }, `numRowsDroppedByWatermark ${n}`);
}

function rawTimestampCounts(input: MemoryStream) {
  return input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds")
    .groupBy(col("eventTime"))
    .agg(F.count("*").alias("count"))
    .select(col("eventTime").cast("long"), col("count"));
}

// EventTimeWatermarkSuite "group by on raw timestamp"
scenario("append: a raw event-time group is emitted once the watermark passes it", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: rawTimestampCounts(input),
    outputMode: "append",
    actions: [
      AddData(input, 10),
      CheckAnswer(),
      AddData(input, 25), // watermark → 15 s, then a no-data batch emits 10
      CheckAnswer([10, 1]),
    ],
  };
});

function lateRowsActions(input: MemoryStream, withMetrics: boolean) {
  return [
    AddData(input, 10, 11),
    CheckNewAnswer(),
    AddData(input, 25), // watermark 15 s: 10 and 11 close
    CheckNewAnswer([10, 1], [11, 1]),
    ...(withMetrics ? [assertEventTimeWatermark("1970-01-01T00:00:15.000Z")] : []),
    AddData(input, 10, 10, 15, 16), // 10 and 15 are late (≤ 15 s): 2 keys after partial aggregation
    CheckNewAnswer(),
    ...(withMetrics ? [assertDropped(2)] : []),
    AddData(input, 40), // watermark 30 s: 16 and 25 close
    CheckNewAnswer([16, 1], [25, 1]),
  ];
}

scenario("append: rows at or below the previous watermark are dropped", () => {
  const input = new MemoryStream(spark, "value INT");
  return { df: rawTimestampCounts(input), outputMode: "append", actions: lateRowsActions(input, false) };
});

scenario("append: late rows are counted in numRowsDroppedByWatermark", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: rawTimestampCounts(input),
    outputMode: "append",
    noCrashMatrix: ASSERTS_DATA_BATCH_PROGRESS,
    actions: lateRowsActions(input, true),
  };
});

scenario("update: updated groups are emitted, expired ones evicted silently", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: rawTimestampCounts(input),
    outputMode: "update",
    noCrashMatrix: ASSERTS_DATA_BATCH_PROGRESS,
    actions: [
      AddData(input, 10, 10, 12),
      CheckNewAnswer([10, 2], [12, 1]),
      AddData(input, 25), // watermark → 15 s; the no-data batch evicts 10 and 12
      CheckNewAnswer([25, 1]),
      Execute((q) => {
        const ran = q.recentProgress.filter((p) => p.durationMs.has("addBatch"));
        assert.equal(ran[ran.length - 1]?.stateOperators[0]?.numRowsTotal, 1, "only 25 remains");
      }, "state holds only 25"),
      AddData(input, 12, 26), // 12 is late
      CheckNewAnswer([26, 1]),
      assertDropped(1),
    ],
  };
});

scenario("progress reports the batch's event-time statistics and watermark", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: rawTimestampCounts(input),
    outputMode: "update",
    noCrashMatrix: ASSERTS_DATA_BATCH_PROGRESS,
    actions: [
      AddData(input, 15, 15, 30),
      CheckNewAnswer([15, 2], [30, 1]),
      Execute((q) => {
        const p = lastProgressWithData(q);
        assert.deepEqual(Object.fromEntries(p.eventTime), {
          avg: "1970-01-01T00:00:20.000Z",
          max: "1970-01-01T00:00:30.000Z",
          min: "1970-01-01T00:00:15.000Z",
          watermark: "1970-01-01T00:00:00.000Z",
        });
      }, "eventTime of batch 0"),
    ],
  };
});

function dedupWithWatermark(input: MemoryStream) {
  return input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds")
    .dropDuplicates()
    .select(col("eventTime").cast("long"));
}

// StreamingDeduplicationSuite "deduplicate with watermark" (outputs)
scenario("dedup with watermark: late rows dropped, expired keys evicted", () => {
  const input = new MemoryStream(spark, "value INT");
  const tens = [10, 11, 12, 13, 14, 15];
  return {
    df: dedupWithWatermark(input),
    outputMode: "append",
    actions: [
      AddData(input, ...tens, ...tens, ...tens),
      CheckAnswer(...tens.map((v) => [v])),
      AddData(input, 25), // watermark → 15 s: the no-data batch evicts 10..15
      CheckNewAnswer([25]),
      AddData(input, 10), // late
      CheckNewAnswer(),
      AddData(input, 45), // watermark → 35 s: 25 evicted
      CheckNewAnswer([45]),
      AddData(input, 45), // a duplicate
      CheckNewAnswer(),
      AddData(input, 35), // late
      CheckNewAnswer(),
    ],
  };
});

scenario("dedup with watermark: state rows and late-row counts", () => {
  const input = new MemoryStream(spark, "value INT");
  const state = (total: number, dropped: number) =>
    Execute((q) => {
      const ran = q.recentProgress.filter((p) => p.durationMs.has("addBatch"));
      assert.equal(ran[ran.length - 1]?.stateOperators[0]?.numRowsTotal, total, "state rows");
      assert.equal(lastProgressWithData(q).stateOperators[0]?.numRowsDroppedByWatermark, dropped, "dropped");
    }, `state ${total}, dropped ${dropped}`);
  return {
    df: dedupWithWatermark(input),
    outputMode: "append",
    noCrashMatrix: ASSERTS_DATA_BATCH_PROGRESS,
    actions: [
      AddData(input, 10, 11, 12, 10),
      CheckNewAnswer([10], [11], [12]),
      state(3, 0),
      AddData(input, 25),
      CheckNewAnswer([25]),
      state(1, 0),
      AddData(input, 10, 14, 26),
      CheckNewAnswer([26]),
      state(2, 2),
    ],
  };
});

// dropDuplicatesWithinWatermark (Spark 3.5+, StreamingDeduplicationWithinWatermarkSuite's rules)
scenario(
  "dropDuplicatesWithinWatermark: a key is remembered until watermark ≥ first event time + delay",
  () => {
    const input = new MemoryStream(spark, "_1 STRING, _2 INT");
    const df = input
      .toDF()
      .withColumn("eventTime", F.timestamp_seconds(col("_2")))
      .withWatermark("eventTime", "2 seconds")
      .dropDuplicatesWithinWatermark(["_1"])
      .select(col("_1"), col("eventTime").cast("long"));
    return {
      df,
      outputMode: "append",
      actions: [
        AddData(input, ["a", 17]), // watermark → 15 s; "a" expires at 19 s
        CheckNewAnswer(["a", 17]),
        AddData(input, ["a", 18], ["b", 16]), // "a" is a duplicate even with another event time
        CheckNewAnswer(["b", 16]),
        AddData(input, ["a", 21]), // watermark → 19 s: "a" (19) and "b" (18) expire
        CheckNewAnswer(),
        AddData(input, ["a", 22], ["b", 18]), // "a" is new again; "b" at 18 ≤ 19 is late
        CheckNewAnswer(["a", 22]),
      ],
    };
  },
);

test("dropDuplicatesWithinWatermark needs a watermark and a stream (Spark's messages)", async () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 INT");
  await assert.rejects(
    input.toDF().dropDuplicatesWithinWatermark(["_1"]).writeStream.format("memory").queryName("dw1").start(),
    /dropDuplicatesWithinWatermark is not supported on streaming DataFrames\/DataSets without watermark/,
  );
  const batch = spark.sql("SELECT 'a' AS _1");
  await assert.rejects(
    batch.dropDuplicatesWithinWatermark(["_1"]).collect(),
    /dropDuplicatesWithinWatermark is not supported with batch DataFrames\/DataSets/,
  );
});

// Spark 3.5+ (statefulOperator.allowMultiple): a watermark redefined over another fails once a
// watermark is there to propagate (_LEGACY_ERROR_TEMP_3076): here the no-data batch after batch 0.
scenario("a watermark redefined over another fails once the watermark moves", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds")
    .withWatermark("eventTime", "5 seconds")
    .groupBy(col("eventTime"))
    .count();
  return {
    df,
    outputMode: "update",
    noRestartMatrix: "the failure ends the run",
    noCrashMatrix: "the failure ends the run",
    actions: [
      // Batch 0 runs at watermark 0; the no-data batch after it would propagate 10 s.
      AddData(input, 20),
      ExpectFailure({ errorClass: "_LEGACY_ERROR_TEMP_3076", message: "Redefining watermark is disallowed" }),
    ],
  };
});

// Beyond Spark: withWatermark(col, delay, { idleTimeout }) lets a quiet stream's watermark move
// with processing time, so the last group closes without new data.
function idleScenario(idleTimeout: string | undefined) {
  const clock = new ManualClock();
  const session = SparkSession.builder
    .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
    .withClock(clock)
    .create();
  const input = new MemoryStream(session, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "5 seconds", idleTimeout === undefined ? {} : { idleTimeout })
    .groupBy(col("eventTime"))
    .agg(F.count("*").alias("count"))
    .select(col("eventTime").cast("long"), col("count"));
  return { clock, input, df };
}

scenario(
  "idleTimeout: the last group of a quiet stream closes after the delay passes in processing time",
  () => {
    const { clock, input, df } = idleScenario("3 seconds");
    return {
      df,
      outputMode: "append",
      noRestartMatrix: "a restart forgets when the last rows came (the idle clock starts with the next rows)",
      noCrashMatrix: "a crash forgets when the last rows came (the idle clock starts with the next rows)",
      actions: [
        StartStream({ trigger: { processingTime: "1 second" }, clock }),
        AddData(input, 10),
        // An AdvanceManualClock returns once the query waits on the clock again, i.e. once the
        // trigger at the previous tick (and any no-data batch it ran) is over.
        AdvanceManualClock(1_000), // t = 1 s: batch 0 reads 10; watermark 5 s
        AdvanceManualClock(1_000),
        CheckNewAnswer(),
        AdvanceManualClock(1_000),
        AdvanceManualClock(1_000), // t = 4 s: idle 3 s, watermark 8 s
        AdvanceManualClock(1_000), // t = 5 s: 9 s
        CheckNewAnswer(),
        AdvanceManualClock(1_000), // t = 6 s: 10 s, a no-data batch closes 10
        AdvanceManualClock(1_000),
        CheckNewAnswer([10, 1]),
      ],
    };
  },
);

scenario("without idleTimeout a quiet stream keeps its last group open (Spark)", () => {
  const { clock, input, df } = idleScenario(undefined);
  return {
    df,
    outputMode: "append",
    actions: [
      StartStream({ trigger: { processingTime: "1 second" }, clock }),
      AddData(input, 10),
      AdvanceManualClock(1_000),
      CheckNewAnswer(),
      AdvanceManualClock(10_000),
      AdvanceManualClock(1_000),
      CheckNewAnswer(),
    ],
  };
});

// MultiStatefulOperatorsSuite "window agg -> window agg, append mode" (first steps): a windowed
// count over the windows of another (window(col("window"), …) uses its window_time), both in
// Append mode under one watermark; the outer window closes in the no-data batch that closes the
// inner ones.
scenario("chained window aggregations in Append mode", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "0 seconds")
    .groupBy(F.window(col("eventTime"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .groupBy(F.window(col("window"), "10 seconds"))
    .agg(F.count("*").alias("count"), F.sum("count").alias("sum"))
    .select(col("window").getField("start").cast("long"), col("count"), col("sum"));
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  return {
    df,
    outputMode: "append",
    actions: [
      AddData(input, ...range(10, 21)),
      // inner: [10,15) 5, [15,20) 5 close at watermark 21 (no-data batch); outer [10,20) = 2 windows, 10 rows
      CheckNewAnswer([10, 2, 10]),
      AddData(input, ...range(10, 29)),
      // [10,15) and [15,20) are late for the inner count; [20,25) closes, [20,30) stays open
      CheckNewAnswer(),
    ],
  };
});
