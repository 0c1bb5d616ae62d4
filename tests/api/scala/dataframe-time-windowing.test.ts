// Port of Spark's DataFrameTimeWindowingSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameTimeWindowingSuite.scala): same inputs and Spark's expected rows. Each case runs on a
// STRING time column (implicitly cast to TIMESTAMP) and on a TIMESTAMP_NTZ one (Spark's
// LocalDateTime inputs), as the suite does. Plan-shape checks look at the optimized plan text.
// Not ported: "SPARK-38227" rebuilds a DataFrame with a forced non-nullable schema (no such API);
// its assertion (start/end nullable) is checked on the ordinary schema below.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataFrame } from "../../../src/api/data-frame.js";
import * as F from "../../../src/api/functions/index.js";
import { col } from "../../../src/api/functions/index.js";
import { TsparkError } from "../../../src/common/errors.js";
import { checkAnswer, checkError, spark } from "./fixtures.js";

/** Spark's LocalDateTime.parse as an input for a TIMESTAMP_NTZ column. */
const ntz = (s: string): Date => new Date(`${s.replace(" ", "T")}Z`);

/** The same rows with the time as a STRING and as a TIMESTAMP_NTZ column. */
function both(rows: readonly (readonly unknown[])[], rest: string): DataFrame[] {
  const strings = spark.createDataFrame(
    rows.map((r) => [...r]),
    `time STRING, ${rest}`,
  );
  const ntzs = spark.createDataFrame(
    rows.map((r) => [r[0] === null ? null : ntz(r[0] as string), ...r.slice(1)]),
    `time TIMESTAMP_NTZ, ${rest}`,
  );
  return [strings, ntzs];
}

const threeRows = [
  ["2016-03-27 19:39:34", 1, "a"],
  ["2016-03-27 19:39:56", 2, "a"],
  ["2016-03-27 19:39:27", 4, "b"],
] as const;

const startEnd = (c = "window") => [col(`${c}.start`).cast("string"), col(`${c}.end`).cast("string")];

function optimizedPlanText(df: DataFrame): string {
  const text = df.explainString(true);
  return text.slice(text.indexOf("== Optimized Logical Plan =="), text.indexOf("== Physical Plan =="));
}

test("simple tumbling window with record at window start", async () => {
  for (const df of both([["2016-03-27 19:39:30", 1, "a"]], "value INT, id STRING")) {
    await checkAnswer(
      df
        .groupBy(F.window("time", "10 seconds"))
        .agg(F.count("*").as("counts"))
        .orderBy(col("window.start").asc())
        .select(...startEnd(), col("counts")),
      [["2016-03-27 19:39:30", "2016-03-27 19:39:40", 1]],
    );
  }
});

test("SPARK-21590: tumbling window using negative start time", async () => {
  const rows = [
    ["2016-03-27 19:39:30", 1, "a"],
    ["2016-03-27 19:39:25", 2, "a"],
  ];
  for (const df of both(rows, "value INT, id STRING")) {
    await checkAnswer(
      df
        .groupBy(F.window("time", "10 seconds", "10 seconds", "-5 seconds"))
        .agg(F.count("*").as("counts"))
        .orderBy(col("window.start").asc())
        .select(...startEnd(), col("counts")),
      [["2016-03-27 19:39:25", "2016-03-27 19:39:35", 2]],
    );
  }
});

test("tumbling window groupBy statement", async () => {
  for (const df of both(threeRows, "value INT, id STRING")) {
    await checkAnswer(
      df
        .groupBy(F.window("time", "10 seconds"))
        .agg(F.count("*").as("counts"))
        .orderBy(col("window.start").asc())
        .select("counts"),
      [[1], [1], [1]],
    );
  }
});

test("tumbling window groupBy statement with startTime (and SPARK-21590: negative startTime)", async () => {
  for (const start of ["5 seconds", "-5 seconds"]) {
    for (const df of both(threeRows, "value INT, id STRING")) {
      await checkAnswer(
        df
          .groupBy(F.window("time", "10 seconds", "10 seconds", start), col("id"))
          .agg(F.count("*").as("counts"))
          .orderBy(col("window.start").asc())
          .select("counts"),
        [[1], [1], [1]],
      );
    }
  }
});

test("tumbling window with multi-column projection", async () => {
  for (const base of both(threeRows, "value INT, id STRING")) {
    const df = base
      .select(F.window("time", "10 seconds"), col("value"))
      .orderBy(col("window.start").asc())
      .select(...startEnd(), col("value"));
    assert.doesNotMatch(optimizedPlanText(df), /Expand/, "Tumbling windows shouldn't require expand");
    await checkAnswer(df, [
      ["2016-03-27 19:39:20", "2016-03-27 19:39:30", 4],
      ["2016-03-27 19:39:30", "2016-03-27 19:39:40", 1],
      ["2016-03-27 19:39:50", "2016-03-27 19:40:00", 2],
    ]);
  }
});

test("sliding window grouping", async () => {
  for (const df of both(threeRows, "value INT, id STRING")) {
    await checkAnswer(
      df
        .groupBy(F.window("time", "10 seconds", "3 seconds", "0 second"))
        .agg(F.count("*").as("counts"))
        .orderBy(col("window.start").asc())
        .select(...startEnd(), col("counts")),
      // 19:39:27 -> 4 bins, 19:39:34 -> 3 bins, 19:39:56 -> 3 bins
      [
        ["2016-03-27 19:39:18", "2016-03-27 19:39:28", 1],
        ["2016-03-27 19:39:21", "2016-03-27 19:39:31", 1],
        ["2016-03-27 19:39:24", "2016-03-27 19:39:34", 1],
        ["2016-03-27 19:39:27", "2016-03-27 19:39:37", 2],
        ["2016-03-27 19:39:30", "2016-03-27 19:39:40", 1],
        ["2016-03-27 19:39:33", "2016-03-27 19:39:43", 1],
        ["2016-03-27 19:39:48", "2016-03-27 19:39:58", 1],
        ["2016-03-27 19:39:51", "2016-03-27 19:40:01", 1],
        ["2016-03-27 19:39:54", "2016-03-27 19:40:04", 1],
      ],
      true,
    );
  }
});

test("sliding window projection", async () => {
  for (const base of both(threeRows, "value INT, id STRING")) {
    const df = base
      .select(F.window("time", "10 seconds", "3 seconds", "0 second"), col("value"))
      .orderBy(col("window.start").asc(), col("value").desc())
      .select("value");
    assert.match(optimizedPlanText(df), /Expand/, "Sliding windows require expand");
    await checkAnswer(df, [[4], [4], [4], [4], [1], [1], [1], [2], [2], [2]]);
  }
});

test("windowing combined with explode expression", async () => {
  const rows = [
    ["2016-03-27 19:39:34", 1, ["a", "b"]],
    ["2016-03-27 19:39:56", 2, ["a", "c", "d"]],
  ];
  for (const df of both(rows, "value INT, ids ARRAY<STRING>")) {
    await checkAnswer(
      df
        .select(F.window("time", "10 seconds"), col("value"), F.explode(col("ids")))
        .orderBy(col("window.start").asc())
        .select("value"),
      [[1], [1], [2], [2], [2]],
    );
  }
});

test("null timestamps", async () => {
  const rows = [
    ["2016-03-27 09:00:05", 1],
    ["2016-03-27 09:00:32", 2],
    [null, 3],
    [null, 4],
  ];
  for (const df of both(rows, "value INT")) {
    await checkAnswer(
      df
        .select(F.window("time", "10 seconds"), col("value"))
        .orderBy(col("window.start").asc())
        .select("value"),
      [[1], [2]],
      true,
    );
  }
});

test("time window joins", async () => {
  const left = both(
    [
      ["2016-03-27 09:00:05", 1],
      ["2016-03-27 09:00:32", 2],
      [null, 3],
      [null, 4],
    ],
    "value INT",
  );
  const right = both(
    [
      ["2016-03-27 09:00:02", 3],
      ["2016-03-27 09:00:35", 6],
    ],
    "othervalue INT",
  );
  for (let i = 0; i < 2; i++) {
    await checkAnswer(
      left[i]!.select(F.window("time", "10 seconds"), col("value"))
        .join(right[i]!.select(F.window("time", "10 seconds"), col("othervalue")), ["window"])
        .groupBy("window")
        .agg(F.sum("value").plus(F.sum("othervalue")).as("total"))
        .orderBy(col("window.start").asc())
        .select("total"),
      [[4], [8]],
      true,
    );
  }
});

test("negative timestamps", async () => {
  const rows = [
    ["1970-01-01 00:00:02", 1],
    ["1970-01-01 00:00:12", 2],
  ];
  for (const df of both(rows, "value INT")) {
    await checkAnswer(
      df
        .select(F.window("time", "10 seconds", "10 seconds", "5 seconds"), col("value"))
        .orderBy(col("window.start").asc())
        .select(...startEnd(), col("value")),
      [
        ["1969-12-31 23:59:55", "1970-01-01 00:00:05", 1],
        ["1970-01-01 00:00:05", "1970-01-01 00:00:15", 2],
      ],
      true,
    );
  }
});

test("multiple time windows in a single operator throws nice exception", async () => {
  const rows = [
    ["2016-03-27 09:00:02", 3],
    ["2016-03-27 09:00:35", 6],
  ];
  for (const df of both(rows, "value INT")) {
    try {
      df.select(F.window("time", "10 second"), F.window("time", "15 second"));
      assert.fail("expected an error");
    } catch (e) {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_1039");
      assert.match(
        e.message,
        /Multiple time\/session window expressions would result in a cartesian product/,
      );
    }
  }
});

test("aliased windows", async () => {
  const rows = [
    ["2016-03-27 19:39:34", 1, ["a", "b"]],
    ["2016-03-27 19:39:56", 2, ["a", "c", "d"]],
  ];
  for (const df of both(rows, "value INT, ids ARRAY<STRING>")) {
    await checkAnswer(
      df
        .select(F.window("time", "10 seconds").as("time_window"), col("value"))
        .orderBy(col("time_window.start").asc())
        .select("value"),
      [[1], [2]],
      true,
    );
  }
});

test("millisecond precision sliding windows", async () => {
  const rows = [
    ["2016-03-27 09:00:00.41", 3],
    ["2016-03-27 09:00:00.62", 6],
    ["2016-03-27 09:00:00.715", 8],
  ];
  for (const df of both(rows, "value INT")) {
    await checkAnswer(
      df
        .groupBy(F.window("time", "200 milliseconds", "40 milliseconds", "0 milliseconds"))
        .agg(F.count("*").as("counts"))
        .orderBy(col("window.start").asc())
        .select(...startEnd(), col("counts")),
      [
        ["2016-03-27 09:00:00.24", "2016-03-27 09:00:00.44", 1],
        ["2016-03-27 09:00:00.28", "2016-03-27 09:00:00.48", 1],
        ["2016-03-27 09:00:00.32", "2016-03-27 09:00:00.52", 1],
        ["2016-03-27 09:00:00.36", "2016-03-27 09:00:00.56", 1],
        ["2016-03-27 09:00:00.4", "2016-03-27 09:00:00.6", 1],
        ["2016-03-27 09:00:00.44", "2016-03-27 09:00:00.64", 1],
        ["2016-03-27 09:00:00.48", "2016-03-27 09:00:00.68", 1],
        ["2016-03-27 09:00:00.52", "2016-03-27 09:00:00.72", 2],
        ["2016-03-27 09:00:00.56", "2016-03-27 09:00:00.76", 2],
        ["2016-03-27 09:00:00.6", "2016-03-27 09:00:00.8", 2],
        ["2016-03-27 09:00:00.64", "2016-03-27 09:00:00.84", 1],
        ["2016-03-27 09:00:00.68", "2016-03-27 09:00:00.88", 1],
      ],
      true,
    );
  }
});

/** Spark's withTempTable: the three rows as the view `temp`, once per time column type. */
async function withTempTable(f: (table: string) => Promise<void>): Promise<void> {
  const rows = [
    ["2016-03-27 19:39:34", 1],
    ["2016-03-27 19:39:56", 2],
    ["2016-03-27 19:39:27", 4],
  ];
  for (const df of both(rows, "value INT")) {
    df.createOrReplaceTempView("temp");
    try {
      await f("temp");
    } finally {
      spark.catalog.dropTempView("temp");
    }
  }
}

test("time window in SQL with single string expression / two expressions", async () => {
  for (const call of [`window(time, "10 seconds")`, `window(time, "10 seconds", 10000000)`]) {
    await withTempTable(async (table) => {
      await checkAnswer(
        spark.sql(`select ${call}, value from ${table}`).select(...startEnd(), col("value")),
        [
          ["2016-03-27 19:39:20", "2016-03-27 19:39:30", 4],
          ["2016-03-27 19:39:30", "2016-03-27 19:39:40", 1],
          ["2016-03-27 19:39:50", "2016-03-27 19:40:00", 2],
        ],
      );
    });
  }
});

test("time window in SQL with three expressions (SPARK-21590: including negative start time)", async () => {
  for (const start of ["5 seconds", "-5 seconds"]) {
    await withTempTable(async (table) => {
      await checkAnswer(
        spark
          .sql(`select window(time, "10 seconds", 10000000, "${start}"), value from ${table}`)
          .select(...startEnd(), col("value")),
        [
          ["2016-03-27 19:39:25", "2016-03-27 19:39:35", 1],
          ["2016-03-27 19:39:25", "2016-03-27 19:39:35", 4],
          ["2016-03-27 19:39:55", "2016-03-27 19:40:05", 2],
        ],
      );
    });
  }
});

test("SPARK-36091: Support TimestampNTZ type in expression TimeWindow", () => {
  const rows = [
    ["2016-03-27 19:39:30", 1, "a"],
    ["2016-03-27 19:39:25", 2, "a"],
  ];
  const [strings, ntzs] = both(rows, "value INT, id STRING");
  for (const [df, type] of [
    [strings!, "struct<start:timestamp,end:timestamp>"],
    [ntzs!, "struct<start:timestamp_ntz,end:timestamp_ntz>"],
  ] as const) {
    const plan = df
      .groupBy(F.window("time", "10 seconds", "10 seconds", "-5 seconds"))
      .agg(F.count("*").as("counts")).plan;
    assert.equal(plan.kind, "aggregate");
    const key = plan.kind === "aggregate" ? plan.groupingExpressions[0] : undefined;
    assert.equal(key?.kind, "attribute");
    if (key?.kind === "attribute") {
      assert.equal(key.name, "window");
      assert.equal(key.dataType.simpleString(), type);
    }
  }
});

test("No need to filter windows when windowDuration is multiple of slideDuration", () => {
  const rows = [
    ["2022-02-15 19:39:34", 1, "a"],
    ["2022-02-15 19:39:56", 2, "a"],
    ["2022-02-15 19:39:27", 4, "b"],
  ];
  for (const start of ["0 second", "-2 second", "2 second"]) {
    for (const base of both(rows, "value INT, id STRING")) {
      const df = base
        .select(F.window("time", "9 seconds", "3 seconds", start), col("value"))
        .orderBy(col("window.start").asc(), col("value").desc())
        .select("value");
      const plan = optimizedPlanText(df);
      assert.match(plan, /Filter/);
      assert.doesNotMatch(plan, /Filter .*(>=|<)/, "No need to filter windows");
    }
  }
  // A slide that does not divide the window keeps the range filter.
  const df = both(rows, "value INT, id STRING")[0]!.select(F.window("time", "10 seconds", "3 seconds"));
  assert.match(optimizedPlanText(df), /Filter .*>=.*window.*</);
});

test("SPARK-38227: 'start' and 'end' fields should be nullable", () => {
  for (const base of both(
    [
      ["2016-03-27 09:00:05", 1],
      ["2016-03-27 09:00:32", 2],
    ],
    "value INT",
  )) {
    for (const w of [F.window("time", "10 seconds"), F.window("time", "10 seconds", "3 seconds")]) {
      const field = base.select(w.as("window"), col("value")).schema.fields[0]!;
      assert.equal(field.name, "window");
      assert.ok(field.dataType.kind === "struct");
      if (field.dataType.kind === "struct") {
        assert.deepEqual(
          field.dataType.fields.map((f) => [f.name, f.nullable]),
          [
            ["start", true],
            ["end", true],
          ],
        );
      }
    }
  }
});

test("window_time function on raw window column", async () => {
  const df = spark.createDataFrame([["2016-03-27 19:38:18"], ["2016-03-27 19:39:25"]], "time STRING");
  await checkAnswer(
    df
      .select(F.window("time", "10 seconds").as("window"))
      .select(col("window.end").cast("string"), F.window_time("window").cast("string")),
    [
      ["2016-03-27 19:38:20", "2016-03-27 19:38:19.999999"],
      ["2016-03-27 19:39:30", "2016-03-27 19:39:29.999999"],
    ],
  );
});

test("2 window_time functions on raw window column", async () => {
  const df = spark.createDataFrame([["2016-03-27 19:38:18"], ["2016-03-27 19:39:25"]], "time STRING");
  const df2 = df
    .withColumn("time2", F.expr("time - INTERVAL 15 minutes"))
    .select(F.window("time", "10 seconds").as("window1"), col("time2"))
    .select(col("window1"), F.window("time2", "10 seconds").as("window2"));
  await checkAnswer(
    df2.select(
      col("window1.end").cast("string"),
      F.window_time("window1").cast("string"),
      col("window2.end").cast("string"),
      F.window_time("window2").cast("string"),
    ),
    [
      [
        "2016-03-27 19:38:20",
        "2016-03-27 19:38:19.999999",
        "2016-03-27 19:23:20",
        "2016-03-27 19:23:19.999999",
      ],
      [
        "2016-03-27 19:39:30",
        "2016-03-27 19:39:29.999999",
        "2016-03-27 19:24:30",
        "2016-03-27 19:24:29.999999",
      ],
    ],
  );
  const names = df2
    .select(
      F.window_time("window1").cast("string"),
      F.window_time("window2").cast("string"),
      F.window_time("window2").as("wt2_aliased").cast("string"),
    )
    .schema.fields.map((f) => f.name);
  assert.ok(names.includes("window_time(window1)"), names.join());
  assert.ok(names.includes("window_time(window2)"), names.join());
  assert.ok(names.includes("wt2_aliased"), names.join());
});

test("window_time function on agg output", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 19:38:19", 1],
      ["2016-03-27 19:39:25", 2],
    ],
    "time STRING, value INT",
  );
  await checkAnswer(
    df
      .groupBy(F.window("time", "10 seconds"))
      .agg(F.count("*").as("counts"))
      .orderBy(col("window.start").asc())
      .select(...startEnd(), F.window_time("window").cast("string"), col("counts")),
    [
      ["2016-03-27 19:38:10", "2016-03-27 19:38:20", "2016-03-27 19:38:19.999999", 1],
      ["2016-03-27 19:39:20", "2016-03-27 19:39:30", "2016-03-27 19:39:29.999999", 1],
    ],
    true,
  );
});

// Spark's TimeWindow.checkInputDataTypes / parseExpression errors (TimeWindowSuite, analysis).
test("window duration errors: non-positive durations, slide > window, |startTime| >= slide", async () => {
  const df = spark.createDataFrame([["2016-03-27 19:39:30"]], "time STRING");
  await checkError(() => df.select(F.window("time", "0 seconds")), "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE");
  await checkError(
    () => df.select(F.window("time", "10 seconds", "-1 second")),
    "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
  );
  await checkError(
    () => df.select(F.window("time", "5 seconds", "10 seconds")),
    "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION",
  );
  await checkError(
    () => df.select(F.window("time", "10 seconds", "5 seconds", "-5 seconds")),
    "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION",
  );
  try {
    df.select(F.window("time", "5 minutes", "10 minutes"));
    assert.fail("expected an error");
  } catch (e) {
    assert.ok(e instanceof TsparkError);
    assert.match(e.message, /`slide_duration`\(600000000L\) must be <= the `window_duration`\(300000000L\)/);
  }
  await checkError(() => df.select(F.window("time", "1 month")), "_LEGACY_ERROR_TEMP_3231");
  await checkError(() => df.select(F.window("time", "1 year")), "_LEGACY_ERROR_TEMP_3231");
  await checkError(() => df.select(F.window("time", "ten seconds")), "CANNOT_PARSE_INTERVAL");
  await checkError(() => spark.sql("select window(current_timestamp(), 1.5)"), "_LEGACY_ERROR_TEMP_1207");
  await checkError(
    () => spark.createDataFrame([[1]], "time INT").select(F.window("time", "10 seconds")),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
  await checkError(() => df.select(F.window_time("time")), "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
  await checkError(
    () =>
      spark.sql("select window_time(named_struct('start', current_timestamp(), 'end', current_timestamp()))"),
    "_LEGACY_ERROR_TEMP_3101",
  );
});

test("SQL: GROUP BY window(...) as in Spark's TimeWindow examples", async () => {
  const rows = spark.sql(
    "SELECT a, window.start, window.end, count(*) as cnt FROM VALUES ('A1', '2021-01-01 00:00:00'), ('A1', '2021-01-01 00:04:30'), ('A1', '2021-01-01 00:06:00'), ('A2', '2021-01-01 00:01:00') AS tab(a, b) GROUP by a, window(b, '10 minutes', '5 minutes') ORDER BY a, start",
  );
  await checkAnswer(
    rows.select(col("a"), col("start").cast("string"), col("end").cast("string"), col("cnt")),
    [
      ["A1", "2020-12-31 23:55:00", "2021-01-01 00:05:00", 2],
      ["A1", "2021-01-01 00:00:00", "2021-01-01 00:10:00", 3],
      ["A1", "2021-01-01 00:05:00", "2021-01-01 00:15:00", 1],
      ["A2", "2020-12-31 23:55:00", "2021-01-01 00:05:00", 1],
      ["A2", "2021-01-01 00:00:00", "2021-01-01 00:10:00", 1],
    ],
    true,
  );
});

test("a window of a window: the time column may be a window struct (its window_time)", async () => {
  const df = spark.createDataFrame(
    [["2016-03-27 19:39:34"], ["2016-03-27 19:39:56"], ["2016-03-27 19:39:27"]],
    "time STRING",
  );
  const inner = df.groupBy(F.window("time", "10 seconds")).agg(F.count("*").as("n"));
  await checkAnswer(
    inner
      .groupBy(F.window("window", "1 minute"))
      .agg(F.sum("n").as("n"))
      .select(...startEnd(), col("n")),
    [["2016-03-27 19:39:00", "2016-03-27 19:40:00", 3]],
  );
});

test("window in filter and orderBy (Spark rewrites any one-child operator)", async () => {
  for (const df of both(threeRows, "value INT, id STRING")) {
    await checkAnswer(
      df.orderBy(F.window("time", "10 seconds").getField("start").desc()).select("value"),
      [[2], [1], [4]],
      true,
    );
    await checkAnswer(
      df
        .filter(F.window("time", "10 seconds").getField("start").gt(F.lit("2016-03-27 19:39:25")))
        .select("value"),
      [[1], [2]],
    );
  }
});

// ---- Spark's TimeWindowSuite (catalyst), through the API ----------------------------------------

const oneRow = () => spark.createDataFrame([["2016-03-27 19:39:34"]], "time STRING");
const windowOf = async (df: DataFrame) => {
  const rows = await df.select(...startEnd()).collect();
  return rows.map((r) => Object.values(r));
};

test("TimeWindowSuite: interval strings work with and without 'interval' prefix", async () => {
  for (const text of ["1 second", "1 minute", "2 hours"]) {
    assert.deepEqual(
      await windowOf(oneRow().select(F.window("time", `interval ${text}`))),
      await windowOf(oneRow().select(F.window("time", text))),
    );
  }
  assert.deepEqual(await windowOf(oneRow().select(F.window("time", "2 hours"))), [
    ["2016-03-27 18:00:00", "2016-03-27 20:00:00"],
  ]);
});

test("TimeWindowSuite: SPARK-21590 start time works with negative values", async () => {
  // 10-minute windows starting 10 seconds / 1 minute before each multiple of 10 minutes.
  for (const [text, start] of [
    ["-10 seconds", "2016-03-27 19:29:50"],
    ["-1 minute", "2016-03-27 19:39:00"],
  ] as const) {
    for (const t of [text, `interval ${text}`]) {
      const got = await windowOf(oneRow().select(F.window("time", "10 minutes", "10 minutes", t)));
      assert.equal(got[0]![0], start, t);
    }
  }
});

test("TimeWindowSuite: invalid and month intervals throw; durations must be positive (window first)", async () => {
  for (const bad of ["2 apples", " "]) {
    await checkError(() => oneRow().select(F.window("time", bad)), "CANNOT_PARSE_INTERVAL");
    await checkError(() => oneRow().select(F.window("time", "10 seconds", bad)), "CANNOT_PARSE_INTERVAL");
    await checkError(
      () => oneRow().select(F.window("time", "10 seconds", "10 seconds", bad)),
      "CANNOT_PARSE_INTERVAL",
    );
  }
  await checkError(
    () => oneRow().select(F.window("time", "10 seconds", "1 month")),
    "_LEGACY_ERROR_TEMP_3231",
  );
  const name = (w: string, s: string) => {
    try {
      oneRow().select(F.window("time", w, s));
    } catch (e) {
      return e instanceof TsparkError ? `${e.errorClass} ${e.messageParameters.exprName}` : String(e);
    }
    return "no error";
  };
  for (const [w, s, which] of [
    ["-2 seconds", "1 seconds", "`window_duration`"],
    ["1 seconds", "-2 seconds", "`slide_duration`"],
    ["0 seconds", "1 seconds", "`window_duration`"],
    ["1 seconds", "0 seconds", "`slide_duration`"],
    ["-2 seconds", "-2 seconds", "`window_duration`"],
    ["-2 seconds", "-2 hours", "`window_duration`"],
    ["0 seconds", "0 seconds", "`window_duration`"],
  ] as const) {
    assert.equal(name(w, s), `DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE ${which}`, `${w} / ${s}`);
  }
  // SQL integer and long durations (microseconds) are checked the same way.
  for (const [w, s, which] of [
    ["-2L", "2L", "`window_duration`"],
    ["2L", "-2L", "`slide_duration`"],
    ["-2", "2", "`window_duration`"],
    ["2", "-2", "`slide_duration`"],
  ] as const) {
    try {
      spark.sql(`SELECT window(current_timestamp(), ${w}, ${s})`);
      assert.fail("expected an error");
    } catch (e) {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE");
      assert.equal(e.messageParameters.exprName, which);
    }
  }
});
