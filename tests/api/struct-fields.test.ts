// Column.withField / dropFields (expected outputs from pyspark/sql/column.py docstrings).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession, TsparkError } from "../../src/index.js";
import { col, lit } from "../../src/api/functions/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const df = spark.createDataFrame(
  [[{ b: 1, c: 2, d: 3, e: { f: 4, g: 5, h: 6 } }]],
  "a STRUCT<b: INT, c: INT, d: INT, e: STRUCT<f: INT, g: INT, h: INT>>",
);

const cell = async (d: typeof df) => (await d.showString()).split("\n")[3];

test("dropFields removes top-level and nested fields", async () => {
  assert.equal(await cell(df.withColumn("a", col("a").dropFields("b"))), "|{2, 3, {4, 5, 6}}|");
  assert.equal(await cell(df.withColumn("a", col("a").dropFields("b", "c"))), "|{3, {4, 5, 6}}|");
  assert.equal(await cell(df.withColumn("a", col("a").dropFields("e.g", "e.h"))), "|{1, 2, 3, {4}}|");
});

test("dropping every field is a type error", () => {
  assert.throws(
    () => df.select(col("a.e").dropFields("f", "g", "h")),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS",
  );
});

test("withField replaces or appends a field, also nested", async () => {
  assert.deepEqual(
    await df
      .withColumn("a", col("a").withField("b", lit(3)))
      .select("a.b")
      .collect(),
    [{ b: 3 }],
  );
  assert.deepEqual(
    await df
      .withColumn("a", col("a").withField("z", lit(4)))
      .select("a.z")
      .collect(),
    [{ z: 4 }],
  );
  assert.deepEqual(
    await df
      .withColumn("a", col("a").withField("e.f", lit(40)))
      .select("a.e.f")
      .collect(),
    [{ f: 40 }],
  );
});

test("a NULL struct stays NULL", async () => {
  const n = spark.createDataFrame([[null]], "a STRUCT<b: INT>");
  assert.deepEqual(await n.select(col("a").withField("b", lit(1)).alias("a")).collect(), [{ a: null }]);
});
