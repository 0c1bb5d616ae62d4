// Windowed aggregations on a stream without a watermark (Complete mode keeps every window), run
// through the scenario kit's recovery matrix. The data is the word-count example of Spark's
// Structured Streaming guide ("Window Operations on Event Time": 10-minute windows sliding every
// 5 minutes); the expected counts are worked out by hand from the windows each event falls in.
// Watermarked windows (Append/Update eviction) belong to the stateful-operator work of issue #7.
import * as F from "../../src/api/functions/index.js";
import { AddData, CheckLastBatch, MemoryStream, StartStream, StopStream } from "../../src/testing/index.js";
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
