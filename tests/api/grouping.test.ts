// DataFrame rollup / cube / pivot. Expected values from PySpark's docstrings (dataframe.py rollup
// and cube, group.py pivot) and Spark's DataFramePivotSuite column names.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const people = spark.createDataFrame(
  [
    { age: 2, name: "Alice" },
    { age: 5, name: "Bob" },
  ],
  "age INT, name STRING",
);
const sales = spark.createDataFrame(
  [
    { course: "dotNET", year: 2012, earnings: 10000 },
    { course: "Java", year: 2012, earnings: 20000 },
    { course: "dotNET", year: 2012, earnings: 5000 },
    { course: "dotNET", year: 2013, earnings: 48000 },
    { course: "Java", year: 2013, earnings: 30000 },
  ],
  "course STRING, year INT, earnings INT",
);

test("rollup: subtotals per prefix and a grand total", async () => {
  const df = people.rollup("name", people.col("age")).count().orderBy("name", "age");
  assert.deepEqual(df.columns, ["name", "age", "count"]);
  assert.deepEqual(await df.collect(), [
    { name: null, age: null, count: 2 },
    { name: "Alice", age: null, count: 1 },
    { name: "Alice", age: 2, count: 1 },
    { name: "Bob", age: null, count: 1 },
    { name: "Bob", age: 5, count: 1 },
  ]);
});

test("cube: every subset of the grouping columns", async () => {
  const df = people.cube("name", people.col("age")).count().orderBy("name", "age");
  assert.deepEqual(await df.collect(), [
    { name: null, age: null, count: 2 },
    { name: null, age: 2, count: 1 },
    { name: null, age: 5, count: 1 },
    { name: "Alice", age: null, count: 1 },
    { name: "Alice", age: 2, count: 1 },
    { name: "Bob", age: null, count: 1 },
    { name: "Bob", age: 5, count: 1 },
  ]);
});

test("cube with agg and grouping()", async () => {
  const df = sales
    .cube("course", "year")
    .agg(F.expr("grouping(course)"), F.sum("earnings"))
    .orderBy("course", "year");
  assert.deepEqual(df.columns, ["course", "year", "grouping(course)", "sum(earnings)"]);
  const rows = await df.collect();
  assert.equal(rows.length, 9);
  assert.deepEqual(rows[0], { course: null, year: null, "grouping(course)": 1, "sum(earnings)": 113000 });
});

test("pivot with explicit values: one column per value", async () => {
  const df = sales.groupBy("year").pivot("course", ["dotNET", "Java"]).sum("earnings").sort("year");
  assert.deepEqual(df.columns, ["year", "dotNET", "Java"]);
  assert.deepEqual(await df.collect(), [
    { year: 2012, dotNET: 15000, Java: 20000 },
    { year: 2013, dotNET: 48000, Java: 30000 },
  ]);
});

test("pivot with several aggregates names columns value_aggregate", async () => {
  const df = sales
    .groupBy("course")
    .pivot("year", [2012, 2013])
    .agg(F.sum("earnings"), F.avg("earnings"))
    .sort("course");
  assert.deepEqual(df.columns, [
    "course",
    "2012_sum(earnings)",
    "2012_avg(earnings)",
    "2013_sum(earnings)",
    "2013_avg(earnings)",
  ]);
  assert.deepEqual(await df.collect(), [
    {
      course: "Java",
      "2012_sum(earnings)": 20000,
      "2012_avg(earnings)": 20000,
      "2013_sum(earnings)": 30000,
      "2013_avg(earnings)": 30000,
    },
    {
      course: "dotNET",
      "2012_sum(earnings)": 15000,
      "2012_avg(earnings)": 7500,
      "2013_sum(earnings)": 48000,
      "2013_avg(earnings)": 48000,
    },
  ]);
});

test("pivot value without rows gives NULL", async () => {
  const df = sales.groupBy("course").pivot("year", [2012, 2014]).sum("earnings").sort("course");
  assert.deepEqual(await df.collect(), [
    { course: "Java", "2012": 20000, "2014": null },
    { course: "dotNET", "2012": 15000, "2014": null },
  ]);
});
