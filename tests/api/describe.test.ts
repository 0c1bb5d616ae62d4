// describe() / summary() and head() as PySpark documents them (pyspark/sql/dataframe.py docstrings).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/index.js";

// PySpark's doctests run on local[4]; partitioning decides the last digits of the statistics.
const spark = SparkSession.builder.master("local[4]").config("spark.sql.session.timeZone", "UTC").create();
const df = spark.createDataFrame(
  [
    ["Bob", 13, 40.3, 150.5],
    ["Alice", 12, 37.8, 142.3],
    ["Tom", 11, 44.1, 142.2],
  ],
  ["name", "age", "weight", "height"],
);

test("describe(['age'])", async () => {
  assert.equal(
    await df.describe(["age"]).showString(),
    [
      "+-------+----+",
      "|summary| age|",
      "+-------+----+",
      "|  count|   3|",
      "|   mean|12.0|",
      "| stddev| 1.0|",
      "|    min|  11|",
      "|    max|  13|",
      "+-------+----+",
      "",
    ].join("\n"),
  );
});

test("describe() prints doubles as Spark on Java 17 does (dataframe.py docstring)", async () => {
  assert.equal(
    await df.describe(["age", "weight", "height"]).showString(),
    [
      "+-------+----+------------------+-----------------+",
      "|summary| age|            weight|           height|",
      "+-------+----+------------------+-----------------+",
      "|  count|   3|                 3|                3|",
      "|   mean|12.0| 40.73333333333333|            145.0|",
      "| stddev| 1.0|3.1722757341273704|4.763402145525822|",
      "|    min|  11|              37.8|            142.2|",
      "|    max|  13|              44.1|            150.5|",
      "+-------+----+------------------+-----------------+",
      "",
    ].join("\n"),
  );
});

test("describe() of a string column has NULL mean and stddev", async () => {
  const rows = await df.describe("name").collect();
  assert.deepEqual(rows, [
    { summary: "count", name: "3" },
    { summary: "mean", name: null },
    { summary: "stddev", name: null },
    { summary: "min", name: "Alice" },
    { summary: "max", name: "Tom" },
  ]);
});

test("summary() adds the 25%, 50% and 75% percentiles", async () => {
  const rows = await df.select("age").summary().collect();
  assert.deepEqual(
    rows.map((r) => [r.summary, r.age]),
    [
      ["count", "3"],
      ["mean", "12.0"],
      ["stddev", "1.0"],
      ["min", "11"],
      ["25%", "11"],
      ["50%", "12"],
      ["75%", "13"],
      ["max", "13"],
    ],
  );
  assert.deepEqual(
    (await df.select("age").summary("count", "min", "max").collect()).map((r) => r.summary),
    ["count", "min", "max"],
  );
});

test("head() is the first Row (or null), head(n) a list", async () => {
  assert.deepEqual(await df.head(), { name: "Bob", age: 13, weight: 40.3, height: 150.5 });
  assert.equal((await df.head(2)).length, 2);
  assert.equal(await df.limit(0).head(), null);
  assert.deepEqual(await df.limit(0).head(1), []);
});
