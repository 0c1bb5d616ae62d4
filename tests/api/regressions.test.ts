// Regression tests for bugs found by the PySpark/Scala acceptance sweeps (each failed before its fix).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession, TsparkError, types as T } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";

const spark = SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();

test("two anonymous UDFs over the same column are different aggregates and grouping keys", async () => {
  const a = F.udf((x: number) => x + 1, "int");
  const b = F.udf((x: number) => x * 10, "int");
  const df = spark.range(1, 3).toDF("x");
  const rows = await df.agg(F.sum(a("x")).alias("a"), F.sum(b("x")).alias("b")).collect();
  assert.deepEqual(rows, [{ a: 5, b: 30 }]);
});

test("FLOAT + DECIMAL is DOUBLE (Spark's DecimalPrecision)", async () => {
  const df = spark.sql("SELECT CAST(1 AS FLOAT) + 1.5 AS s");
  assert.equal(df.schema.fields[0]!.dataType.simpleString(), "double");
  assert.deepEqual(await df.collect(), [{ s: 2.5 }]);
});

test("createDataFrame widens numbers mixed with strings to STRING (PySpark 4 test_types)", async () => {
  const df = spark.createDataFrame(
    [
      [1.33, 1],
      ["2.1", 1],
    ],
    ["a", "b"],
  );
  assert.equal(df.schema.fields[0]!.dataType.simpleString(), "string");
  assert.deepEqual(
    (await df.collect()).map((r) => r.a),
    ["1.33", "2.1"],
  );
});

test("a non-string value for a STRING field is stored as Python's str() of it", async () => {
  const df = spark.createDataFrame([[[123], 120]], "name STRING, income BIGINT");
  assert.deepEqual(await df.collect(), [{ name: "[123]", income: 120 }]);
});

test("StructType.add without a data type is an error", () => {
  assert.throws(() => new T.StructType([]).add("name"), TsparkError);
});
