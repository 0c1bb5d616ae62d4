// GroupedData.pivotDistinct: PySpark's pivot(col) without values, made async. Expected values
// from PySpark's group.py pivot docstring and Spark's DataFramePivotSuite ("pivot courses with
// no values", "pivot year with no values", "pivot max values enforced").
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { TsparkError } from "../../src/common/errors.js";
import { SparkSession } from "../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const df1 = spark.createDataFrame(
  [
    { course: "dotNET", year: 2012, earnings: 10000 },
    { course: "Java", year: 2012, earnings: 20000 },
    { course: "dotNET", year: 2012, earnings: 5000 },
    { course: "dotNET", year: 2013, earnings: 48000 },
    { course: "Java", year: 2013, earnings: 30000 },
  ],
  "course STRING, year INT, earnings INT",
);

test("docstring: pivot without values sorts the distinct values (Java before dotNET)", async () => {
  const df = (await df1.groupBy("year").pivotDistinct("course")).sum("earnings").sort("year");
  assert.deepEqual(df.columns, ["year", "Java", "dotNET"]);
  assert.equal(
    await df.showString(),
    [
      "+----+-----+------+",
      "|year| Java|dotNET|",
      "+----+-----+------+",
      "|2012|20000| 15000|",
      "|2013|30000| 48000|",
      "+----+-----+------+",
      "",
    ].join("\n"),
  );
});

test("docstring: nested fields as grouping and pivot columns", async () => {
  const df2 = spark.createDataFrame(
    [
      { training: "expert", sales: { course: "dotNET", year: 2012, earnings: 10000 } },
      { training: "junior", sales: { course: "Java", year: 2012, earnings: 20000 } },
      { training: "expert", sales: { course: "dotNET", year: 2012, earnings: 5000 } },
      { training: "junior", sales: { course: "dotNET", year: 2013, earnings: 48000 } },
      { training: "expert", sales: { course: "Java", year: 2013, earnings: 30000 } },
    ],
    "training STRING, sales STRUCT<course: STRING, year: INT, earnings: INT>",
  );
  const grouped = await df2.groupBy("sales.year").pivotDistinct("sales.course");
  const df = grouped.agg(F.sum("sales.earnings")).sort("year");
  assert.deepEqual(df.columns, ["year", "Java", "dotNET"]);
  assert.deepEqual(await df.collect(), [
    { year: 2012, Java: 20000, dotNET: 15000 },
    { year: 2013, Java: 30000, dotNET: 48000 },
  ]);
});

test("DataFramePivotSuite: pivot year with no values, columns named by the value as a string", async () => {
  const df = (await df1.groupBy("course").pivotDistinct(F.col("year"))).agg(F.sum("earnings")).sort("course");
  assert.deepEqual(df.columns, ["course", "2012", "2013"]);
  assert.deepEqual(await df.collect(), [
    { course: "Java", "2012": 20000, "2013": 30000 },
    { course: "dotNET", "2012": 15000, "2013": 48000 },
  ]);
});

test("a NULL pivot value sorts first and makes a column named null", async () => {
  const df = spark.createDataFrame(
    [
      { k: 1, p: "b", v: 1 },
      { k: 1, p: null, v: 2 },
      { k: 1, p: "a", v: 3 },
    ],
    "k INT, p STRING, v INT",
  );
  const out = (await df.groupBy("k").pivotDistinct("p")).sum("v");
  assert.deepEqual(out.columns, ["k", "null", "a", "b"]);
  assert.deepEqual(await out.collect(), [{ k: 1, null: 2, a: 3, b: 1 }]);
});

test("DataFramePivotSuite: pivot max values enforced", async () => {
  const s = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
  s.conf.set("spark.sql.pivotMaxValues", 1);
  const df = s.createDataFrame(
    [
      { course: "a", year: 1 },
      { course: "b", year: 1 },
    ],
    "course STRING, year INT",
  );
  await assert.rejects(
    () => df.groupBy("year").pivotDistinct("course"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_1324",
  );
});

test("pivot(col) without values is rejected with a pointer to pivotDistinct", () => {
  assert.throws(
    () => df1.groupBy("year").pivot("course"),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "UNSUPPORTED_FEATURE.DESC" &&
      e.message.includes("pivotDistinct"),
  );
});

test("pivot with explicit values is unchanged", async () => {
  const df = df1.groupBy("year").pivot("course", ["dotNET", "Java"]).sum("earnings").sort("year");
  assert.deepEqual(await df.collect(), [
    { year: 2012, dotNET: 15000, Java: 20000 },
    { year: 2013, dotNET: 48000, Java: 30000 },
  ]);
});
