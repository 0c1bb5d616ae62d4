// Event-time windows in a batch query, after the examples of Spark's `window`, `session_window`
// and `window_time` function docs (TimeWindow.scala, SessionWindow.scala): tumbling, sliding and
// session windows over the same rows, in SQL and with the DataFrame API.
import { SparkSession, functions as F } from "tspark";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
spark
  .sql(
    `SELECT * FROM VALUES ('A1', '2021-01-01 00:00:00'), ('A1', '2021-01-01 00:04:30'),
       ('A1', '2021-01-01 00:06:00'), ('A2', '2021-01-01 00:01:00') AS tab(a, b)`,
  )
  .createOrReplaceTempView("tab");

// Tumbling 5-minute windows.
await spark
  .sql(
    `SELECT a, window.start, window.end, count(*) AS cnt FROM tab
     GROUP BY a, window(b, '5 minutes') ORDER BY a, start`,
  )
  .show();

// Sliding 10-minute windows every 5 minutes: each row is in two windows.
await spark
  .sql(
    `SELECT a, window.start, window.end, count(*) AS cnt FROM tab
     GROUP BY a, window(b, '10 minutes', '5 minutes') ORDER BY a, start`,
  )
  .show();

// Session windows with a 5-minute gap (Spark's session_window examples): a session closes five
// minutes after its last row; with a per-row gap, A2's rows are one minute apart at most.
const sessions = spark.sql(
  `SELECT * FROM VALUES ('A1', '2021-01-01 00:00:00'), ('A1', '2021-01-01 00:04:30'),
     ('A1', '2021-01-01 00:10:00'), ('A2', '2021-01-01 00:01:00'), ('A2', '2021-01-01 00:04:30') AS s(a, b)`,
);
await sessions
  .groupBy(F.col("a"), F.session_window("b", "5 minutes"))
  .agg(F.count("*").alias("cnt"))
  .select("a", "session_window.start", "session_window.end", "cnt")
  .orderBy("a", "start")
  .show();
const gap = F.when(F.col("a").equalTo("A1"), "5 minutes")
  .when(F.col("a").equalTo("A2"), "1 minute")
  .otherwise("10 minutes");
await sessions
  .groupBy(F.col("a"), F.session_window("b", gap))
  .agg(F.count("*").alias("cnt"))
  .select("a", "session_window.start", "session_window.end", "cnt")
  .orderBy("a", "start")
  .show();

// window_time: the last instant of each window, the event time of a windowed result.
await spark
  .table("tab")
  .groupBy(F.window("b", "5 minutes"))
  .agg(F.count("*").alias("cnt"))
  .select(F.window_time("window").alias("time"), "cnt")
  .orderBy("time")
  .show(20, false);
