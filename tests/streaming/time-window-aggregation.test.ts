// Windowed aggregations on a stream without a watermark (Complete mode keeps every window), run
// through the scenario kit's recovery matrix. The data is the word-count example of Spark's
// Structured Streaming guide ("Window Operations on Event Time": 10-minute windows sliding every
// 5 minutes); the expected counts are worked out by hand from the windows each event falls in.
// Then the windowed cases of Spark's EventTimeWatermarkSuite (sql/core/src/test/scala/org/apache/
// spark/sql/streaming/EventTimeWatermarkSuite.scala): a window over a watermarked column is an
// event-time key, evicted and emitted once its end is at or below the watermark.
import * as F from "../../src/api/functions/index.js";
import assert from "node:assert/strict";
import type { StreamingQuery } from "../../src/api/streaming-query.js";
import { WATERMARK_DELAY_KEY } from "../../src/plans/event-time.js";
import { outputOf } from "../../src/plans/output.js";
import {
  AddData,
  CheckAnswer,
  CheckLastBatch,
  CheckNewAnswer,
  Execute,
  MemoryStream,
  StartStream,
  StopStream,
} from "../../src/testing/index.js";
import { scenario, testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;
const at = (hhmm: string) => new Date(`2016-03-11T${hhmm}:00Z`);

scenario("sliding windowed word count, complete mode", () => {
  const words = new MemoryStream(spark, "time TIMESTAMP, word STRING");
  const counts = words
    .toDF()
    .groupBy(F.window("time", "10 minutes", "5 minutes"), col("word"))
    .count()
    .select(col("window.start").cast("string"), col("word"), col("count"));
  return {
    df: counts,
    outputMode: "complete",
    actions: [
      AddData(words, [at("12:02"), "cat"], [at("12:02"), "dog"], [at("12:03"), "dog"], [at("12:03"), "dog"]),
      CheckLastBatch(
        ["2016-03-11 11:55:00", "cat", 1],
        ["2016-03-11 11:55:00", "dog", 3],
        ["2016-03-11 12:00:00", "cat", 1],
        ["2016-03-11 12:00:00", "dog", 3],
      ),
      AddData(words, [at("12:07"), "owl"], [at("12:07"), "cat"]),
      CheckLastBatch(
        ["2016-03-11 11:55:00", "cat", 1],
        ["2016-03-11 11:55:00", "dog", 3],
        ["2016-03-11 12:00:00", "cat", 2],
        ["2016-03-11 12:00:00", "dog", 3],
        ["2016-03-11 12:00:00", "owl", 1],
        ["2016-03-11 12:05:00", "cat", 1],
        ["2016-03-11 12:05:00", "owl", 1],
      ),
      StopStream,
      StartStream(),
      AddData(words, [at("12:11"), "dog"], [at("12:13"), "owl"]),
      CheckLastBatch(
        ["2016-03-11 11:55:00", "cat", 1],
        ["2016-03-11 11:55:00", "dog", 3],
        ["2016-03-11 12:00:00", "cat", 2],
        ["2016-03-11 12:00:00", "dog", 3],
        ["2016-03-11 12:00:00", "owl", 1],
        ["2016-03-11 12:05:00", "cat", 1],
        ["2016-03-11 12:05:00", "dog", 1],
        ["2016-03-11 12:05:00", "owl", 2],
        ["2016-03-11 12:10:00", "dog", 1],
        ["2016-03-11 12:10:00", "owl", 1],
      ),
    ],
  };
});

scenario("tumbling windowed count, update mode: only the windows the batch touched", () => {
  const events = new MemoryStream(spark, "time TIMESTAMP");
  const counts = events
    .toDF()
    .groupBy(F.window("time", "5 minutes"))
    .count()
    .select(col("window.start").cast("string"), col("window.end").cast("string"), col("count"));
  return {
    df: counts,
    outputMode: "update",
    actions: [
      AddData(events, [at("12:02")], [at("12:03")], [at("12:07")]),
      CheckLastBatch(
        ["2016-03-11 12:00:00", "2016-03-11 12:05:00", 2],
        ["2016-03-11 12:05:00", "2016-03-11 12:10:00", 1],
      ),
      AddData(events, [at("12:09")], [null]),
      CheckLastBatch(["2016-03-11 12:05:00", "2016-03-11 12:10:00", 2]),
    ],
  };
});

// A session-window aggregation on a stream keeps each user's sessions in state: a later batch's
// event that bridges two stored sessions merges them into one (counts worked out by hand).
scenario("session window count per user, complete mode: sessions merge across batches", () => {
  const events = new MemoryStream(spark, "time TIMESTAMP, user STRING");
  const counts = events
    .toDF()
    .groupBy(F.session_window("time", "10 minutes"), col("user"))
    .count()
    .select(
      col("session_window.start").cast("string"),
      col("session_window.end").cast("string"),
      col("user"),
      col("count"),
    );
  return {
    df: counts,
    outputMode: "complete",
    actions: [
      AddData(events, [at("12:00"), "a"], [at("12:05"), "a"], [at("12:01"), "b"]),
      CheckLastBatch(
        ["2016-03-11 12:00:00", "2016-03-11 12:15:00", "a", 2],
        ["2016-03-11 12:01:00", "2016-03-11 12:11:00", "b", 1],
      ),
      AddData(events, [at("12:20"), "a"]),
      CheckLastBatch(
        ["2016-03-11 12:00:00", "2016-03-11 12:15:00", "a", 2],
        ["2016-03-11 12:20:00", "2016-03-11 12:30:00", "a", 1],
        ["2016-03-11 12:01:00", "2016-03-11 12:11:00", "b", 1],
      ),
      // [12:14, 12:24) touches both sessions of a: one session [12:00, 12:30) of 4 events
      AddData(events, [at("12:14"), "a"]),
      CheckLastBatch(
        ["2016-03-11 12:00:00", "2016-03-11 12:30:00", "a", 4],
        ["2016-03-11 12:01:00", "2016-03-11 12:11:00", "b", 1],
      ),
    ],
  };
});

// ---- EventTimeWatermarkSuite: windows over a watermarked column ----------------------------------

/** Scenarios asserting on a batch's progress skip the crash points that lose it (see scenario.ts). */
const ASSERTS_PROGRESS = "asserts on the progress of the last batch, which a crash after its commit loses";

/** The progress of the last batch that ran the sink (no-data batches included). */
function lastRun(q: StreamingQuery) {
  const ran = q.recentProgress.filter((p) => p.durationMs.has("addBatch"));
  const last = ran[ran.length - 1];
  assert.ok(last, "no batch has run");
  return last;
}

/** Spark's assertNumStateRows(total) and assertNumRowsDroppedByWatermark(dropped) on the last batch. */
function assertState(total: number, dropped?: number) {
  return Execute((q) => {
    const op = lastRun(q).stateOperators[0];
    assert.equal(op?.numRowsTotal, total, "numRowsTotal");
    if (dropped !== undefined) {
      const withData = q.recentProgress.filter((p) => p.numInputRows > 0);
      assert.equal(withData[withData.length - 1]?.stateOperators[0]?.numRowsDroppedByWatermark, dropped);
    }
  }, `state rows ${total}`);
}

/** `value` seconds as the event time, a 10-second watermark, counts per 5-second window. */
function windowedCounts(input: MemoryStream, alias = false) {
  const withTime = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds");
  if (alias) {
    const aliased = withTime.select(F.window("eventTime", "5 seconds").alias("aliasWindow"));
    return aliased
      .groupBy(col("aliasWindow"))
      .agg(F.count("*").alias("count"))
      .select(col("aliasWindow").getField("start").cast("long"), col("count"));
  }
  return withTime
    .groupBy(F.window("eventTime", "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .select(col("window").getField("start").cast("long"), col("count"));
}

// EventTimeWatermarkSuite "append mode"
scenario("append mode", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: windowedCounts(input),
    outputMode: "append",
    noCrashMatrix: ASSERTS_PROGRESS,
    actions: [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      AddData(input, 25), // Advance watermark to 15 seconds
      CheckNewAnswer([10, 5]),
      assertState(2, 0),
      AddData(input, 10), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertState(2, 1),
    ],
  };
});

// EventTimeWatermarkSuite "update mode"
scenario("update mode", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: windowedCounts(input),
    outputMode: "update",
    noCrashMatrix: ASSERTS_PROGRESS,
    actions: [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer([10, 5], [15, 1]),
      AddData(input, 25), // Advance watermark to 15 seconds
      CheckNewAnswer([25, 1]),
      assertState(2, 0),
      AddData(input, 10, 25), // Ignore 10 as its less than watermark
      CheckNewAnswer([25, 2]),
      assertState(2, 1),
      AddData(input, 10), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertState(2, 1),
    ],
  };
});

// EventTimeWatermarkSuite "complete mode"
scenario("complete mode", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: windowedCounts(input),
    outputMode: "complete",
    actions: [
      AddData(input, 10, 11, 12),
      CheckAnswer([10, 3]),
      AddData(input, 25),
      CheckAnswer([10, 3], [25, 1]),
      AddData(input, 25),
      CheckAnswer([10, 3], [25, 2]),
      AddData(input, 10),
      CheckAnswer([10, 4], [25, 2]),
      AddData(input, 25),
      CheckAnswer([10, 4], [25, 3]),
    ],
  };
});

// EventTimeWatermarkSuite "SPARK-27340 Alias on TimeWindow expression cause watermark metadata lost"
scenario("SPARK-27340 Alias on TimeWindow expression cause watermark metadata lost", () => {
  const input = new MemoryStream(spark, "value INT");
  const aliased = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds")
    .select(F.window("eventTime", "5 seconds").alias("aliasWindow"));
  // The eventTime metadata is kept in the top level alias.
  assert.ok(outputOf(aliased.plan).some((a) => a.metadata?.[WATERMARK_DELAY_KEY] !== undefined));
  return {
    df: windowedCounts(input, true),
    outputMode: "append",
    noCrashMatrix: ASSERTS_PROGRESS,
    actions: [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      AddData(input, 25), // Advance watermark to 15 seconds
      CheckNewAnswer([10, 5]),
      assertState(2),
      AddData(input, 10), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertState(2),
    ],
  };
});

// EventTimeWatermarkSuite "event time and watermark metrics": the windowed answers (the metrics
// themselves are the watermark engine's tests).
scenario("event time and watermark metrics: windowed answers with and without watermark", () => {
  const input = new MemoryStream(spark, "value INT");
  const withoutWatermark = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .groupBy(F.window("eventTime", "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .select(col("window").getField("start").cast("long"), col("count"));
  return {
    df: withoutWatermark,
    outputMode: "complete",
    actions: [
      AddData(input, 15),
      CheckAnswer([15, 1]),
      AddData(input, 10, 12, 14),
      CheckAnswer([10, 3], [15, 1]),
    ],
  };
});

scenario("event time and watermark metrics: with a watermark, append mode", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: windowedCounts(input),
    outputMode: "append",
    actions: [
      AddData(input, 15),
      CheckAnswer(),
      AddData(input, 10, 12, 14),
      CheckAnswer(),
      AddData(input, 25),
      CheckAnswer([10, 3]),
    ],
  };
});
