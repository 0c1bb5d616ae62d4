// Generated column names follow Spark's toPrettySQL (expected names from PySpark's docs and
// Spark's sql-tests golden outputs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession, Window } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const df = spark.createDataFrame([{ b: 1, s: "x" }], "b INT, s STRING");
const { col } = F;

test("operators and predicates", () => {
  assert.deepEqual(
    df.select(
      col("b").plus(1),
      col("b").notEqual(1),
      col("b").isNull(),
      col("b").between(1, 2),
      col("b").isin(1, 2),
    ).columns,
    ["(b + 1)", "(NOT (b = 1))", "(b IS NULL)", "((b >= 1) AND (b <= 2))", "(b IN (1, 2))"],
  );
});

test("SQL operators", () => {
  assert.deepEqual(spark.sql("SELECT 1 + 2, 'a' = 'b', NOT true, 5 % 2, 3 div 2, 'a' LIKE 'b'").columns, [
    "(1 + 2)",
    "(a = b)",
    "(NOT true)",
    "(5 % 2)",
    "(3 div 2)",
    "a LIKE b",
  ]);
});

test("an alias inside a function argument shows as `x AS name` and names a struct field", () => {
  const out = df.select(F.struct(col("b").alias("x")));
  assert.deepEqual(out.columns, ["struct(b AS x)"]);
  assert.equal(out.schema.simpleString(), "struct<struct(b AS x):struct<x:int>>");
  assert.equal(
    spark.sql("SELECT struct(1 AS x, 2 AS y) AS s").schema.simpleString(),
    "struct<s:struct<x:int,y:int>>",
  );
});

test("aggregates: count(*) is count(1), mean is avg, groupBy().count() is count", () => {
  assert.deepEqual(df.agg(F.count("*"), F.mean("b"), F.sum("b")).columns, ["count(1)", "avg(b)", "sum(b)"]);
  assert.deepEqual(df.groupBy("s").count().columns, ["s", "count"]);
});

test("CASE WHEN, and a cast of a column keeps the column name (ResolveAliases)", () => {
  assert.deepEqual(df.select(F.when(col("b").gt(1), "x").otherwise("y"), col("b").cast("string")).columns, [
    "CASE WHEN (b > 1) THEN x ELSE y END",
    "b",
  ]);
});

test("window columns spell out their frame", () => {
  const w = Window.partitionBy("s").orderBy(col("b").desc());
  assert.deepEqual(df.select(F.lag("b").over(w), F.sum("b").over(Window.partitionBy("s"))).columns, [
    "lag(b, 1, NULL) OVER (PARTITION BY s ORDER BY b DESC NULLS LAST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)",
    "sum(b) OVER (PARTITION BY s ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
  ]);
});
