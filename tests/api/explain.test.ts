// explain(true) prints Spark's four sections; the parsed plan is the plan as the user built it
// (unresolved names quoted with ', as Spark prints them), the physical plan splits aggregation
// into partial and final stages.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const df = spark.createDataFrame([{ name: "ann", age: 31 }], "name STRING, age INT");

test("explain(true) shows parsed, analyzed, optimized and physical plans", () => {
  const text = df
    .select(F.col("name"), F.col("age").plus(1).alias("next"))
    .filter(F.col("next").gt(30))
    .explainString(true);
  const sections = text.split("\n\n").map((s) => s.split("\n")[0]);
  assert.deepEqual(sections.slice(0, 4), [
    "== Parsed Logical Plan ==",
    "== Analyzed Logical Plan ==",
    "== Optimized Logical Plan ==",
    "== Physical Plan ==",
  ]);
  assert.match(
    text,
    /== Parsed Logical Plan ==\n'Filter \('next > 30\)\n\+- 'Project \['name, \('age \+ 1\) AS next#\d+\]/,
  );
  assert.match(text, /== Analyzed Logical Plan ==\nname: string, next: int\nFilter \(next#\d+ > 30\)/);
});

test("the default explain prints only the physical plan", () => {
  const text = df.groupBy("name").agg(F.sum("age")).explainString();
  assert.match(
    text,
    /^== Physical Plan ==\nHashAggregate\(keys=\[name#\d+\], functions=\[sum\(age#\d+\)\]\)\n\+- HashAggregate\(keys=\[name#\d+\], functions=\[partial_sum\(age#\d+\)\]\)\n/,
  );
});

test("plans print IS NULL / IS NOT NULL as Spark's isnull(...) / isnotnull(...); column names keep the SQL", () => {
  const q = df.filter(
    F.col("age")
      .isNotNull()
      .and(F.col("name").isNull().or(F.col("age").gt(1))),
  );
  const text = q.explainString(true);
  assert.match(
    text,
    /== Parsed Logical Plan ==\n'Filter \(isnotnull\('age\) AND \(isnull\('name\) OR \('age > 1\)\)\)/,
  );
  assert.match(
    text,
    /== Analyzed Logical Plan ==\nname: string, age: int\nFilter \(isnotnull\(age#\d+\) AND /,
  );
  assert.deepEqual(df.select(F.col("age").isNotNull()).columns, ["(age IS NOT NULL)"]);
});
