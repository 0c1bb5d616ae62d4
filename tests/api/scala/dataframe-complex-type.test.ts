// Port of Spark's DataFrameComplexTypeSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameComplexTypeSuite.scala).
// Skipped: SPARK-15285 and SPARK-31552 (JVM encoders of case classes and Scala arrays),
// SPARK-29503 (Catalyst MapObjects), the map lookups guarded by `!conf.ansiEnabled` (Spark 4 runs
// with ANSI on). The UDF tests only check that collect() succeeds, as the suite does.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { col, lit, udf } from "../../../src/api/functions/index.js";
import { checkAnswer, complexData, spark } from "./fixtures.js";

const ab = () => spark.createDataFrame([[1, 1]], "a INT NOT NULL, b INT NOT NULL");
const identity = () => udf((a: unknown) => (a === null ? null : String(a)), "string");

test("UDF on struct / named_struct / array / map", async () => {
  const f = identity();
  await ab()
    .select(F.struct(col("a")).as("s"))
    .select(f(col("s.a")))
    .collect();
  await ab()
    .selectExpr("named_struct('a', a) s")
    .select(f(col("s.a")))
    .collect();
  await ab()
    .select(F.array(col("a")).as("s"))
    .select(f(col("s").getItem(0)))
    .collect();
  const df = spark.createDataFrame([["a", 1]], "a STRING, b INT NOT NULL");
  await df
    .select(F.create_map(col("a"), col("b")).as("s"))
    .select(f(col("s").getItem("a")))
    .collect();
});

test("SPARK-12477 accessing null element in array field", async () => {
  const df = spark.createDataFrame(
    [
      [
        ["val1", null, "val2"],
        [1, null, 2],
      ],
    ],
    "s ARRAY<STRING>, i ARRAY<INT>",
  );
  await checkAnswer(df.selectExpr("s[1]"), [[null]]);
  await checkAnswer(df.selectExpr("i[1]"), [[null]]);
});

test("access complex data", async () => {
  const cd = complexData();
  assert.equal(await cd.filter(cd.col("a").getItem(0).equalTo(2)).count(), 1);
  assert.equal(await cd.filter(cd.col("s").getField("key").equalTo(1)).count(), 1);
});

test("SPARK-7133: struct, array, and map field accessor", async () => {
  const cd = complexData();
  assert.equal(await cd.filter(cd.col("a").getItem(0).equalTo(2)).count(), 1);
  assert.equal(await cd.filter(cd.col("s").getItem("key").equalTo(1)).count(), 1);
  assert.equal(await cd.filter(cd.col("m").getItem(cd.col("s").getItem("value")).equalTo(1)).count(), 1);
  assert.equal(await cd.filter(cd.col("a").getItem(cd.col("s").getItem("key")).equalTo(1)).count(), 1);
});

test("SPARK-24313: access map with binary keys", async () => {
  const key = new Uint8Array([1]);
  const mapWithBinaryKey = F.create_map(lit(key), lit(1));
  await checkAnswer(spark.range(1).select(mapWithBinaryKey.getItem(lit(new Uint8Array([1])))), [[1]]);
});

test("SPARK-37855: transforming an array inside a nested struct", async () => {
  const df = spark
    .createDataFrame(
      [
        [
          "row1",
          [
            {
              id: 1,
              inner_array_struct: {
                inner_array: [
                  { id: 3, value: 3.12 },
                  { id: 4, value: 2.1 },
                ],
              },
            },
          ],
        ],
        [
          "row2",
          [
            { id: 2, inner_array_struct: { inner_array: [{ id: 1, value: 985.2 }] } },
            {
              id: 3,
              inner_array_struct: {
                inner_array: [
                  { id: 10, value: 757548.0 },
                  { id: 1223, value: 0.665 },
                ],
              },
            },
          ],
        ],
      ],
      "name STRING, outer_array ARRAY<STRUCT<id: INT, inner_array_struct: STRUCT<inner_array: ARRAY<STRUCT<id: INT, value: DOUBLE>>>>>",
    )
    .limit(2);
  const res = df.withColumn(
    "extracted",
    F.transform(col("outer_array"), (c1) =>
      F.struct(
        c1.getField("id").alias("outer_id"),
        F.transform(c1.getField("inner_array_struct").getField("inner_array"), (c2) =>
          F.struct(c2.getField("value").alias("inner_value")),
        ),
      ),
    ),
  );
  assert.equal((await res.collect()).length, 2);
});

test("SPARK-39293: the accumulator of ArrayAggregate handles complex types", async () => {
  const reverse = udf((s: string) => [...s].reverse().join(""), "string");
  const df = spark.createDataFrame([[["abc", "def"]]], "array ARRAY<STRING>");
  await checkAnswer(
    df.select(
      F.aggregate(col("array"), F.array().cast("array<string>"), (acc, s) =>
        F.concat(acc, F.array(reverse(s))),
      ),
    ),
    [[["cba", "fed"]]],
  );
  await checkAnswer(
    df.select(
      F.aggregate(col("array"), F.create_map().cast("map<string, string>"), (acc, s) =>
        F.map_concat(acc, F.create_map(s, reverse(s))),
      ),
    ),
    [
      [
        new Map([
          ["abc", "cba"],
          ["def", "fed"],
        ]),
      ],
    ],
  );
});

test("SPARK-24165: CaseWhen/If - nullability of nested types", async () => {
  const sourceDF = spark.createDataFrame(
    [
      [true, { val1: "x", val2: 1 }, ["x", "y"], new Map([[0, "x"]])],
      [false, { val1: null, val2: 2 }, [null, "z"], new Map([[0, null]])],
    ],
    "cond BOOLEAN, s STRUCT<val1: STRING, val2: INT NOT NULL> NOT NULL, a ARRAY<STRING>, m MAP<INT, STRING>",
  );
  const want = [["a"], [null]];
  await checkAnswer(
    sourceDF
      .select(
        F.when(col("cond"), F.struct(lit("a").as("val1"), lit(10).as("val2")))
          .otherwise(col("s"))
          .as("res"),
      )
      .select(col("res").getField("val1")),
    want,
  );
  await checkAnswer(
    sourceDF
      .select(
        F.when(col("cond"), F.array(lit("a"), lit("b")))
          .otherwise(col("a"))
          .as("res"),
      )
      .select(col("res").getItem(0)),
    want,
  );
  await checkAnswer(
    sourceDF
      .select(
        F.when(col("cond"), F.create_map(lit(0), lit("a")))
          .otherwise(col("m"))
          .as("res"),
      )
      .select(col("res").getItem(0)),
    want,
  );
  await checkAnswer(
    sourceDF
      .select(F.expr("if(cond, struct('a' as val1, 10 as val2), s)").as("res"))
      .select(col("res").getField("val1")),
    want,
  );
  await checkAnswer(
    sourceDF.select(F.expr("if(cond, array('a', 'b'), a)").as("res")).select(col("res").getItem(0)),
    want,
  );
  await checkAnswer(
    sourceDF.select(F.expr("if(cond, map(0, 'a'), m)").as("res")).select(col("res").getItem(0)),
    want,
  );
});
