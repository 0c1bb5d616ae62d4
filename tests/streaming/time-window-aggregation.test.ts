// Windowed aggregations on a stream without a watermark (Complete mode keeps every window), run
// through the scenario kit's recovery matrix. The data is the word-count example of Spark's
// Structured Streaming guide ("Window Operations on Event Time": 10-minute windows sliding every
// 5 minutes); the expected counts are worked out by hand from the windows each event falls in.
// Watermarked windows (Append/Update eviction) belong to the stateful-operator work of issue #7.
import * as F from "../../src/api/functions/index.js";
import { test } from "node:test";
import {
  AddData,
  CheckLastBatch,
  ExpectFailure,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
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

// A streaming session-window aggregation needs session state merged across batches (Spark's
// SessionWindowStateStoreRestore/Save, TODO(#7)); until then it fails instead of keeping one
// group per batch's session.
test("session window aggregation on a stream: refused until session state exists", async () => {
  const events = new MemoryStream(spark, "time TIMESTAMP, user STRING");
  const counts = events.toDF().groupBy(F.session_window("time", "10 seconds"), col("user")).count();
  await testStream(counts, "complete")(
    AddData(events, [at("12:00"), "a"]),
    ExpectFailure({ message: "session window aggregations on streaming DataFrames are not supported" }),
  );
});
