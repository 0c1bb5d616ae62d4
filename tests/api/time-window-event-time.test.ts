// Event-time metadata through the window functions (docs/architecture.md "Event time"): a window
// or session window built from a watermarked column carries `spark.watermarkDelayMs`, also when
// aliased (Spark's EventTimeWatermarkSuite "SPARK-27340 Alias on TimeWindow expression may lead
// to duplicate time window"), so grouping by it counts as grouping by the event time (Append mode
// allowed by UnsupportedOperationChecker), and the helpers of plans/event-time.ts find its end.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import * as F from "../../src/api/functions/index.js";
import { col } from "../../src/api/functions/index.js";
import { checkForStreaming } from "../../src/analysis/unsupported-operation-checker.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { TsparkError } from "../../src/common/errors.js";
import { nextExprId } from "../../src/expressions/expr-id.js";
import {
  eventTimeExpressionOf,
  eventTimeWindowKeyOf,
  SESSION_WINDOW_MARKER,
  TIME_WINDOW_MARKER,
  WATERMARK_DELAY_KEY,
  watermarkDelayOf,
  windowColumnKindOf,
  windowEndOf,
} from "../../src/plans/event-time.js";
import { outputOf } from "../../src/plans/output.js";
import { TIMESTAMP } from "../../src/types/data-type.js";
import { checkAnswer } from "./scala/fixtures.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

/** A streaming relation with a TIMESTAMP `eventTime` and an INT `value` (no rows: plans only). */
function stream(): DataFrame {
  const attr = (name: string, dataType: typeof TIMESTAMP) => ({
    kind: "attribute" as const,
    name,
    dataType,
    nullable: true,
    exprId: nextExprId(),
    qualifier: [],
  });
  return spark.fromPlan({
    kind: "local_relation",
    output: [attr("eventTime", TIMESTAMP), attr("value", TIMESTAMP)],
    rows: [],
    isStreaming: true,
  });
}

const fieldMeta = (df: DataFrame, name: string) => outputOf(df.plan).find((a) => a.name === name)?.metadata;

test("window and session_window columns are nullable as in Spark: tumbling and session not, sliding yes", () => {
  // Spark builds a tumbling window and a session window with CreateNamedStruct (never NULL) after
  // filtering NULL times, and a sliding window with Expand (its output attribute is nullable).
  const nullable = (df: DataFrame, name: string) => df.schema.fields.find((f) => f.name === name)?.nullable;
  const df = stream();
  assert.equal(nullable(df.select(F.window("eventTime", "5 seconds")), "window"), false);
  assert.equal(nullable(df.select(F.window("eventTime", "10 seconds", "5 seconds")), "window"), true);
  assert.equal(nullable(df.select(F.session_window("eventTime", "5 seconds")), "session_window"), false);
  assert.equal(
    df.groupBy(F.window("eventTime", "5 seconds")).count().schemaTreeString(),
    "root\n |-- window: struct (nullable = false)\n |    |-- start: timestamp (nullable = true)\n" +
      " |    |-- end: timestamp (nullable = true)\n |-- count: long (nullable = false)\n\n",
  );
});

test("a window of a watermarked column carries the watermark delay and the window marker", () => {
  const df = stream().withWatermark("eventTime", "10 seconds");
  const w = df.select(F.window("eventTime", "5 seconds"));
  assert.deepEqual(fieldMeta(w, "window"), { [WATERMARK_DELAY_KEY]: 10_000, [TIME_WINDOW_MARKER]: true });
  const s = df.select(F.session_window("eventTime", "5 seconds"));
  assert.deepEqual(fieldMeta(s, "session_window"), {
    [WATERMARK_DELAY_KEY]: 10_000,
    [SESSION_WINDOW_MARKER]: true,
  });
  // Without a watermark the window has only its marker.
  assert.deepEqual(fieldMeta(stream().select(F.window("eventTime", "5 seconds")), "window"), {
    [TIME_WINDOW_MARKER]: true,
  });
});

test("SPARK-27340: an aliased window keeps the event-time metadata; grouping by it allows Append", () => {
  const aliased = stream()
    .withWatermark("eventTime", "1 second")
    .select(F.window("eventTime", "5 seconds").as("aliasWindow"));
  const meta = fieldMeta(aliased, "aliasWindow");
  assert.equal(meta?.[WATERMARK_DELAY_KEY], 1000);
  const counts = aliased.groupBy("aliasWindow").count();
  assert.doesNotThrow(() => checkForStreaming(counts.plan, "append"));
  // groupBy(window(...)) directly, the usual shape.
  const direct = stream()
    .withWatermark("eventTime", "1 second")
    .groupBy(F.window("eventTime", "5 seconds"))
    .count();
  assert.doesNotThrow(() => checkForStreaming(direct.plan, "append"));
  // Without the watermark, Append is refused: the window is not an event-time key.
  const plain = stream().groupBy(F.window("eventTime", "5 seconds")).count();
  assert.throws(
    () => checkForStreaming(plain.plan, "append"),
    (e: unknown) => e instanceof TsparkError && /watermark/i.test(e.message),
  );
});

test("window_time keeps the watermark but not the window marker", () => {
  const df = stream()
    .withWatermark("eventTime", "10 seconds")
    .groupBy(F.window("eventTime", "5 seconds"))
    .count()
    .select(F.window_time("window").as("wt"), col("count"));
  assert.deepEqual(fieldMeta(df, "wt"), { [WATERMARK_DELAY_KEY]: 10_000 });
});

test("eventTimeWindowKeyOf / windowColumnKindOf / windowEndOf", async () => {
  const grouped = stream()
    .withWatermark("eventTime", "10 seconds")
    .groupBy(F.window("eventTime", "5 seconds"), "value");
  const plan = grouped.count().plan;
  assert.equal(plan.kind, "aggregate");
  if (plan.kind !== "aggregate") return;
  const keys = plan.groupingExpressions.flatMap((g) => (g.kind === "attribute" ? [g] : []));
  assert.deepEqual(
    keys.map((k) => eventTimeWindowKeyOf(k)),
    [{ kind: "time", delayMs: 10_000 }, undefined],
  );
  assert.equal(windowColumnKindOf(keys[0]!), "time");
  // The eviction time of a window key is its end; a plain event-time column is its own.
  assert.deepEqual(eventTimeExpressionOf(keys[0]!), {
    kind: "get_struct_field",
    child: keys[0],
    ordinal: 1,
    name: "end",
  });
  assert.equal(eventTimeExpressionOf(keys[1]!), undefined);
  const eventTime = outputOf(stream().withWatermark("eventTime", "1 second").plan)[0]!;
  assert.equal(eventTimeExpressionOf(eventTime), eventTime);
  assert.equal(watermarkDelayOf(keys[0]!), 10_000);
  // A window without watermark is a window column but no event-time key.
  const noWm = outputOf(stream().select(F.session_window("eventTime", "1 minute")).plan)[0]!;
  assert.equal(windowColumnKindOf(noWm), "session");
  assert.equal(eventTimeWindowKeyOf(noWm), undefined);
  // windowEndOf reads the internal struct value [start, end].
  const batch = spark.createDataFrame([[new Date("2016-03-27T19:39:34Z")]], "t TIMESTAMP");
  const rows = await batch.select(F.window("t", "10 seconds")).collectInternal();
  assert.equal(windowEndOf(rows[0]![0]), Date.parse("2016-03-27T19:39:40Z") * 1000);
  assert.equal(windowEndOf(null), null);
});

test("a batch query: withWatermark is a no-op (Spark's EliminateEventTimeWatermark), so the window has only its marker", async () => {
  const df = spark
    .createDataFrame(
      [
        [new Date("2016-03-27T19:39:34Z"), 1],
        [new Date("2016-03-27T19:39:31Z"), 2],
      ],
      "eventTime TIMESTAMP, value INT",
    )
    .withWatermark("eventTime", "10 seconds");
  const agg = df.groupBy(F.window("eventTime", "5 seconds")).agg(F.sum("value").as("s"));
  assert.deepEqual(fieldMeta(agg, "window"), { [TIME_WINDOW_MARKER]: true });
  await checkAnswer(agg.select(col("window.start").cast("string"), col("s")), [["2016-03-27 19:39:30", 3]]);
});

test("SELECT *, window(...): the star is the input's columns, not the window column the rewrite adds", async () => {
  const df = spark.createDataFrame([[new Date("2016-03-27T19:39:34Z"), 1]], "eventTime TIMESTAMP, value INT");
  df.createOrReplaceTempView("star_window_events");
  const viaSql = spark.sql(
    "SELECT *, window(eventTime, '5 seconds') AS w, window_time(window(eventTime, '5 seconds')) AS t FROM star_window_events",
  );
  assert.deepEqual(viaSql.columns, ["eventTime", "value", "w", "t"]);
  const viaDf = df.select(col("*"), F.window("eventTime", "5 seconds").alias("w"));
  assert.deepEqual(viaDf.columns, ["eventTime", "value", "w"]);
  await checkAnswer(viaDf.select(col("value"), col("w.start").cast("string")), [[1, "2016-03-27 19:39:30"]]);
  // A joinable column: a self-join on the window is not ambiguous.
  const w = spark.sql("SELECT *, window(eventTime, '5 seconds') AS window FROM star_window_events");
  assert.deepEqual(w.columns, ["eventTime", "value", "window"]);
});

test("rows alternating between windows each get their own window (a run of rows in one window shares its struct)", async () => {
  const df = spark.createDataFrame(
    [
      { t: "2016-03-27 19:39:31", n: 1 },
      { t: "2016-03-27 19:39:42", n: 2 },
      { t: "2016-03-27 19:39:33", n: 3 },
      { t: "2016-03-27 19:39:34", n: 4 },
      { t: "2016-03-27 19:39:55", n: 5 },
    ],
    "t STRING, n INT",
  );
  const windows = (d: DataFrame) =>
    d.select(col("n"), col("window.start").cast("string"), col("window.end").cast("string"));
  await checkAnswer(windows(df.select(col("n"), F.window(col("t").cast("timestamp"), "10 seconds"))), [
    [1, "2016-03-27 19:39:30", "2016-03-27 19:39:40"],
    [2, "2016-03-27 19:39:40", "2016-03-27 19:39:50"],
    [3, "2016-03-27 19:39:30", "2016-03-27 19:39:40"],
    [4, "2016-03-27 19:39:30", "2016-03-27 19:39:40"],
    [5, "2016-03-27 19:39:50", "2016-03-27 19:40:00"],
  ]);
  // Sliding: each row's two windows come from two window expressions, each remembering its own.
  const sliding = df.select(col("n"), F.window(col("t").cast("timestamp"), "10 seconds", "5 seconds"));
  await checkAnswer(windows(sliding.filter(col("n").leq(2))), [
    [1, "2016-03-27 19:39:25", "2016-03-27 19:39:35"],
    [1, "2016-03-27 19:39:30", "2016-03-27 19:39:40"],
    [2, "2016-03-27 19:39:35", "2016-03-27 19:39:45"],
    [2, "2016-03-27 19:39:40", "2016-03-27 19:39:50"],
  ]);
});
