// Port of Spark's DataFrameSessionWindowingSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameSessionWindowingSuite.scala): same inputs and Spark's expected rows. Plan-shape checks
// look at the optimized plan text. The suite's UDF gaps use a TypeScript UDF returning the same
// strings. Not ported: "SPARK-38227" rebuilds a DataFrame with a forced non-nullable schema (no
// such API); its assertion (start/end nullable) is checked on the ordinary schema below.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataFrame } from "../../../src/api/data-frame.js";
import * as F from "../../../src/api/functions/index.js";
import { col } from "../../../src/api/functions/index.js";
import { TsparkError } from "../../../src/common/errors.js";
import { STRING } from "../../../src/types/data-type.js";
import { checkAnswer, checkError, spark } from "./fixtures.js";

const ntz = (s: string): Date => new Date(`${s.replace(" ", "T")}Z`);

const startEnd = (c = "session_window") => [col(`${c}.start`).cast("string"), col(`${c}.end`).cast("string")];

function optimizedPlanText(df: DataFrame): string {
  const text = df.explainString(true);
  return text.slice(text.indexOf("== Optimized Logical Plan =="), text.indexOf("== Physical Plan =="));
}

const rows3 = () =>
  spark.createDataFrame(
    [
      ["2016-03-27 19:39:34", 1, "a"],
      ["2016-03-27 19:39:56", 2, "a"],
      ["2016-03-27 19:39:27", 4, "b"],
    ],
    "time STRING, value INT, id STRING",
  );

test("simple session window with record at window start", async () => {
  const df = spark.createDataFrame([["2016-03-27 19:39:30", 1, "a"]], "time STRING, value INT, id STRING");
  await checkAnswer(
    df
      .groupBy(F.session_window("time", "10 seconds"))
      .agg(F.count("*").as("counts"))
      .orderBy(col("session_window.start").asc())
      .select(...startEnd(), col("counts")),
    [["2016-03-27 19:39:30", "2016-03-27 19:39:40", 1]],
  );
});

test("session window groupBy statement", async () => {
  await checkAnswer(
    rows3()
      .groupBy(F.session_window("time", "10 seconds"))
      .agg(F.count("*").as("counts"))
      .orderBy(col("session_window.start").asc())
      .select("counts"),
    [[2], [1]],
    true,
  );
});

const fiveRows = () =>
  spark.createDataFrame(
    [
      ["2016-03-27 19:39:34", 1, "a"],
      ["2016-03-27 19:39:39", 1, "a"],
      ["2016-03-27 19:39:56", 2, "a"],
      ["2016-03-27 19:40:04", 2, "a"],
      ["2016-03-27 19:39:27", 4, "b"],
    ],
    "time STRING, value INT, id STRING",
  );

test("session window groupBy with multiple keys statement", async () => {
  // a => (19:39:34 ~ 19:39:49) (19:39:56 ~ 19:40:14); b => (19:39:27 ~ 19:39:37)
  await checkAnswer(
    fiveRows()
      .groupBy(F.session_window("time", "10 seconds"), col("id"))
      .agg(F.count("*").as("counts"), F.sum("value").as("sum"))
      .orderBy(col("session_window.start").asc())
      .selectExpr(
        "CAST(session_window.start AS STRING)",
        "CAST(session_window.end AS STRING)",
        "id",
        "counts",
        "sum",
      ),
    [
      ["2016-03-27 19:39:27", "2016-03-27 19:39:37", "b", 1, 4],
      ["2016-03-27 19:39:34", "2016-03-27 19:39:49", "a", 2, 2],
      ["2016-03-27 19:39:56", "2016-03-27 19:40:14", "a", 2, 4],
    ],
  );
});

test("session window groupBy with multiple keys statement - one distinct", async () => {
  await checkAnswer(
    fiveRows()
      .groupBy(F.session_window("time", "10 seconds"), col("id"))
      .agg(F.count("*").as("counts"), F.sum_distinct(col("value")).as("sum"))
      .orderBy(col("session_window.start").asc())
      .selectExpr(
        "CAST(session_window.start AS STRING)",
        "CAST(session_window.end AS STRING)",
        "id",
        "counts",
        "sum",
      ),
    [
      ["2016-03-27 19:39:27", "2016-03-27 19:39:37", "b", 1, 4],
      ["2016-03-27 19:39:34", "2016-03-27 19:39:49", "a", 2, 1],
      ["2016-03-27 19:39:56", "2016-03-27 19:40:14", "a", 2, 2],
    ],
  );
});

test("session window groupBy with multiple keys statement - two distinct", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 19:39:34", 1, 2, "a"],
      ["2016-03-27 19:39:39", 1, 2, "a"],
      ["2016-03-27 19:39:56", 2, 4, "a"],
      ["2016-03-27 19:40:04", 2, 4, "a"],
      ["2016-03-27 19:39:27", 4, 8, "b"],
    ],
    "time STRING, value INT, value2 INT, id STRING",
  );
  await checkAnswer(
    df
      .groupBy(F.session_window("time", "10 seconds"), col("id"))
      .agg(F.sum_distinct(col("value")).as("sum"), F.sum_distinct(col("value2")).as("sum2"))
      .orderBy(col("session_window.start").asc())
      .selectExpr(
        "CAST(session_window.start AS STRING)",
        "CAST(session_window.end AS STRING)",
        "id",
        "sum",
        "sum2",
      ),
    [
      ["2016-03-27 19:39:27", "2016-03-27 19:39:37", "b", 4, 8],
      ["2016-03-27 19:39:34", "2016-03-27 19:39:49", "a", 1, 2],
      ["2016-03-27 19:39:56", "2016-03-27 19:40:14", "a", 2, 4],
    ],
  );
});

test("session window groupBy with multiple keys statement - keys overlapped with sessions", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 19:39:34", 1, "a"],
      ["2016-03-27 19:39:39", 1, "b"],
      ["2016-03-27 19:39:40", 2, "a"],
      ["2016-03-27 19:39:45", 2, "b"],
      ["2016-03-27 19:39:27", 4, "b"],
    ],
    "time STRING, value INT, id STRING",
  );
  // a => (19:39:34 ~ 19:39:50); b => (19:39:27 ~ 19:39:37), (19:39:39 ~ 19:39:55)
  await checkAnswer(
    df
      .groupBy(F.session_window("time", "10 seconds"), col("id"))
      .agg(F.count("*").as("counts"), F.sum("value").as("sum"))
      .orderBy(col("session_window.start").asc())
      .selectExpr(
        "CAST(session_window.start AS STRING)",
        "CAST(session_window.end AS STRING)",
        "id",
        "counts",
        "sum",
      ),
    [
      ["2016-03-27 19:39:27", "2016-03-27 19:39:37", "b", 1, 4],
      ["2016-03-27 19:39:34", "2016-03-27 19:39:50", "a", 2, 3],
      ["2016-03-27 19:39:39", "2016-03-27 19:39:55", "b", 2, 3],
    ],
  );
});

test("sessions that touch (next start == previous end) merge", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 19:39:30", "a"],
      ["2016-03-27 19:39:40", "a"],
      ["2016-03-27 19:39:51", "a"],
    ],
    "time STRING, id STRING",
  );
  await checkAnswer(
    df
      .groupBy(F.session_window("time", "10 seconds"), col("id"))
      .count()
      .select(...startEnd(), col("count")),
    [
      ["2016-03-27 19:39:30", "2016-03-27 19:39:50", 2],
      ["2016-03-27 19:39:51", "2016-03-27 19:40:01", 1],
    ],
  );
});

test("session window with multi-column projection", async () => {
  const df = rows3()
    .select(F.session_window("time", "10 seconds"), col("value"))
    .orderBy(col("session_window.start").asc())
    .select(...startEnd(), col("value"));
  assert.doesNotMatch(optimizedPlanText(df), /Expand/, "Session windows shouldn't require expand");
  await checkAnswer(df, [
    ["2016-03-27 19:39:27", "2016-03-27 19:39:37", 4],
    ["2016-03-27 19:39:34", "2016-03-27 19:39:44", 1],
    ["2016-03-27 19:39:56", "2016-03-27 19:40:06", 2],
  ]);
});

test("session window combined with explode expression", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 19:39:34", 1, ["a", "b"]],
      ["2016-03-27 19:39:56", 2, ["a", "c", "d"]],
    ],
    "time STRING, value INT, ids ARRAY<STRING>",
  );
  await checkAnswer(
    df
      .select(F.session_window("time", "10 seconds"), col("value"), F.explode(col("ids")))
      .orderBy(col("session_window.start").asc())
      .select("value"),
    [[1], [1], [2], [2], [2]],
  );
});

test("null timestamps", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 09:00:05", 1],
      ["2016-03-27 09:00:32", 2],
      [null, 3],
      [null, 4],
    ],
    "time STRING, value INT",
  );
  await checkAnswer(
    df
      .select(F.session_window("time", "10 seconds"), col("value"))
      .orderBy(col("session_window.start").asc())
      .select("value"),
    [[1], [2]],
    true,
  );
});

test("multiple session windows in a single operator throws nice exception", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 09:00:02", 3],
      ["2016-03-27 09:00:35", 6],
    ],
    "time STRING, value INT",
  );
  try {
    df.select(F.session_window("time", "10 second"), F.session_window("time", "15 second"));
    assert.fail("expected an error");
  } catch (e) {
    assert.ok(e instanceof TsparkError);
    assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_1039");
    assert.match(e.message, /Multiple time\/session window expressions would result in a cartesian product/);
  }
  // A time window and a session window together are two window expressions as well.
  await checkError(
    () => df.select(F.window("time", "10 second"), F.session_window("time", "15 second")),
    "_LEGACY_ERROR_TEMP_1039",
  );
});

test("aliased session windows", async () => {
  const df = spark.createDataFrame(
    [
      ["2016-03-27 19:39:34", 1, ["a", "b"]],
      ["2016-03-27 19:39:56", 2, ["a", "c", "d"]],
    ],
    "time STRING, value INT, ids ARRAY<STRING>",
  );
  await checkAnswer(
    df
      .select(F.session_window("time", "10 seconds").as("session_window"), col("value"))
      .orderBy(col("session_window.start").asc())
      .select("value"),
    [[1], [2]],
    true,
  );
});

async function withTempTable(f: (table: string) => Promise<void>): Promise<void> {
  spark
    .createDataFrame(
      [
        ["2016-03-27 19:39:34", 1, "10 seconds"],
        ["2016-03-27 19:39:56", 2, "20 seconds"],
        ["2016-03-27 19:39:27", 4, "30 seconds"],
      ],
      "time STRING, value INT, duration STRING",
    )
    .createOrReplaceTempView("temp");
  try {
    await f("temp");
  } finally {
    spark.catalog.dropTempView("temp");
  }
}

test("time window in SQL with single string expression", async () => {
  await withTempTable(async (table) => {
    await checkAnswer(
      spark
        .sql(`select session_window(time, "10 seconds"), value from ${table}`)
        .select(...startEnd(), col("value")),
      [
        ["2016-03-27 19:39:27", "2016-03-27 19:39:37", 4],
        ["2016-03-27 19:39:34", "2016-03-27 19:39:44", 1],
        ["2016-03-27 19:39:56", "2016-03-27 19:40:06", 2],
      ],
    );
  });
});

test("SPARK-36465: time window in SQL with dynamic string expression", async () => {
  await withTempTable(async (table) => {
    await checkAnswer(
      spark
        .sql(`select session_window(time, duration), value from ${table}`)
        .select(...startEnd(), col("value")),
      [
        ["2016-03-27 19:39:27", "2016-03-27 19:39:57", 4],
        ["2016-03-27 19:39:34", "2016-03-27 19:39:44", 1],
        ["2016-03-27 19:39:56", "2016-03-27 19:40:16", 2],
      ],
    );
  });
});

test("SPARK-36465: Unsupported dynamic gap datatype", async () => {
  await withTempTable(async (table) => {
    try {
      spark.sql(`select session_window(time, 1.0), value from ${table}`);
      assert.fail("expected an error");
    } catch (e) {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_1040");
      assert.match(
        e.message,
        /Gap duration expression used in session window must be CalendarIntervalType, but got DecimalType\(2,1\)/,
      );
    }
  });
});

test("SPARK-36465: time window in SQL with UDF as gap duration", async () => {
  await withTempTable(async (table) => {
    spark.udf.register(
      "gapDuration",
      (i: number | null) => (i === null ? null : `${i * 10} seconds`),
      STRING,
    );
    await checkAnswer(
      spark
        .sql(`select session_window(time, gapDuration(value)), value from ${table}`)
        .select(...startEnd(), col("value")),
      [
        ["2016-03-27 19:39:27", "2016-03-27 19:40:07", 4],
        ["2016-03-27 19:39:34", "2016-03-27 19:39:44", 1],
        ["2016-03-27 19:39:56", "2016-03-27 19:40:16", 2],
      ],
    );
  });
});

test("SPARK-36465: time window in SQL with conditional expression as gap duration", async () => {
  await withTempTable(async (table) => {
    await checkAnswer(
      spark
        .sql(
          `select session_window(time, case when value = 1 then "2 seconds" when value = 2 then "10 seconds" else "20 seconds" end), value from ${table}`,
        )
        .select(...startEnd(), col("value")),
      [
        ["2016-03-27 19:39:27", "2016-03-27 19:39:47", 4],
        ["2016-03-27 19:39:34", "2016-03-27 19:39:36", 1],
        ["2016-03-27 19:39:56", "2016-03-27 19:40:06", 2],
      ],
    );
  });
});

test("SPARK-36465: filter out events with negative/zero gap duration", async () => {
  await withTempTable(async (table) => {
    spark.udf.register(
      "gapDuration",
      (i: number | null) => (i === 1 ? "0 seconds" : i === 2 ? "-10 seconds" : "5 seconds"),
      STRING,
    );
    await checkAnswer(
      spark
        .sql(`select session_window(time, gapDuration(value)), value from ${table}`)
        .groupBy(col("session_window"))
        .agg(F.count("*").as("counts"))
        .select(...startEnd(), col("counts")),
      [["2016-03-27 19:39:27", "2016-03-27 19:39:32", 1]],
    );
  });
});

test("SPARK-36465: filter out events with invalid gap duration.", async () => {
  const df = spark.createDataFrame([["2016-03-27 19:39:30", 1, "a"]], "time STRING, value INT, id STRING");
  await checkAnswer(
    df
      .groupBy(F.session_window("time", "x sec"))
      .agg(F.count("*").as("counts"))
      .orderBy(col("session_window.start").asc())
      .select(...startEnd(), col("counts")),
    [],
  );
  await withTempTable(async (table) => {
    await checkAnswer(
      spark
        .sql(
          `select session_window(time, case when value = 1 then "2 seconds" when value = 2 then "invalid gap duration" else "20 seconds" end), value from ${table}`,
        )
        .select(...startEnd(), col("value")),
      [
        ["2016-03-27 19:39:27", "2016-03-27 19:39:47", 4],
        ["2016-03-27 19:39:34", "2016-03-27 19:39:36", 1],
      ],
    );
  });
});

test("SPARK-36724: Support timestamp_ntz as a type of time column for SessionWindow", async () => {
  const df = spark.createDataFrame(
    [
      [ntz("2016-03-27 19:39:30"), 1, "a"],
      [ntz("2016-03-27 19:39:25"), 2, "a"],
    ],
    "time TIMESTAMP_NTZ, value INT, id STRING",
  );
  const agg = df.groupBy(F.session_window("time", "10 seconds")).agg(F.count("*").as("counts"));
  const plan = agg.plan;
  assert.equal(plan.kind, "aggregate");
  const key = plan.kind === "aggregate" ? plan.groupingExpressions[0] : undefined;
  assert.equal(key?.kind, "attribute");
  if (key?.kind === "attribute") {
    assert.equal(key.name, "session_window");
    assert.equal(key.dataType.simpleString(), "struct<start:timestamp_ntz,end:timestamp_ntz>");
  }
  await checkAnswer(agg.orderBy(col("session_window.start").asc()).select(...startEnd(), col("counts")), [
    ["2016-03-27 19:39:25", "2016-03-27 19:39:40", 2],
  ]);
});

test("SPARK-38227: 'start' and 'end' fields should be nullable", () => {
  const df = spark.createDataFrame(
    [
      ["hello", "2016-03-27 09:00:05", 1],
      ["structured", "2016-03-27 09:00:32", 2],
    ],
    "id STRING, time STRING, value INT",
  );
  for (const w of [
    F.session_window("time", "10 seconds"),
    F.session_window("time", F.concat(col("value"), F.lit(" seconds"))),
  ]) {
    const field = df.select(w.as("session"), col("value")).schema.fields[0]!;
    assert.equal(field.name, "session");
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
});

test("SPARK-38349: No need to filter events when gapDuration greater than 0", () => {
  const filterOf = (df: DataFrame) => {
    const line = optimizedPlanText(df)
      .split("\n")
      .find((l) => l.includes("Filter"));
    assert.ok(line, "a Filter is expected");
    return line;
  };
  const one = (t: string) => spark.createDataFrame([[t, 1, "a"]], "time STRING, value INT, id STRING");
  const q = (df: DataFrame, gap: string | ReturnType<typeof F.lit>) =>
    df
      .groupBy(F.session_window("time", gap))
      .agg(F.count("*").as("counts"))
      .orderBy(col("session_window.start").asc())
      .select(...startEnd(), col("counts"));
  assert.match(filterOf(q(one("2016-03-27 19:39:30"), "-5 seconds")), />/, "negative gap: filter");
  assert.doesNotMatch(filterOf(q(one("2016-03-27 19:39:40"), "5 seconds")), />/, "positive gap: no filter");
  assert.match(filterOf(q(one("2016-03-27 19:39:40"), "x seconds")), />/, "invalid gap: filter");
  // A gap known only per row (not foldable) keeps the range filter: Spark's SessionWindowing adds
  // `session_window.end > session_window.start` unless the gap folds to a positive interval, and
  // Spark's current suite expects it here ("Need to filter events when gap duration dynamically";
  // an older version of the suite asserted the opposite on the optimized plan).
  const caseWhen = F.when(col("time").equalTo("1"), "5 seconds")
    .when(col("time").equalTo("2"), "10 seconds")
    .otherwise("10 seconds");
  assert.match(filterOf(q(one("2016-03-27 19:39:40"), caseWhen)), />/, "dynamic gap: filter");
});

test("session_window errors: argument count and time column type", async () => {
  const df = rows3();
  await checkError(
    () => df.select(F.session_window(col("value"), "10 seconds")),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
  await checkError(
    () => spark.sql("select session_window(current_timestamp())"),
    "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
  );
});

test("window_time of a session window is its end minus one microsecond", async () => {
  await checkAnswer(
    rows3()
      .groupBy(F.session_window("time", "10 seconds"), col("id"))
      .count()
      .select(col("id"), F.window_time("session_window").cast("string")),
    [
      ["a", "2016-03-27 19:39:43.999999"],
      ["a", "2016-03-27 19:40:05.999999"],
      ["b", "2016-03-27 19:39:36.999999"],
    ],
  );
});
