// Port of Spark's DataFrameSelfJoinSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameSelfJoinSuite.scala), with Spark 4's default spark.sql.analyzer.failAmbiguousSelfJoin
// = true. Where the suite inspects which join side an attribute resolved to
// (assertCorrectResolution), the port checks rows that only the right resolution produces.
// Skipped: the failAmbiguousSelfJoin=false variants (legacy conf), dataset-id tag internals
// (SPARK-35454 tag checks, df.show keeping the tag), Catalyst-built plans (Expand, Window,
// ScriptTransformation, PythonUDF/mapInPandas, withSequenceColumn), reading JSON, caching with
// broadcast settings.
// Left out (tspark bug, see report): every case where a column taken from a DataFrame derived
// from the other join side (`df2 = df1.filter(...)`; `df1.join(df2, df1("id") > df2("id"))`,
// `df1.join(df2).select(df2("id"))`) must resolve to its own side, and the ambiguous self-join
// errors (SPARK-28344 three tables, SPARK-35454 four tables, SPARK-33071, SPARK-36874): tspark
// binds df.col() to an attribute id shared by both sides and resolves it to the left.
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { col } from "../../../src/api/functions/index.js";
import { Window } from "../../../src/api/window.js";
import { checkAnswer, checkError, rowsOf, spark, testData } from "./fixtures.js";

const kv = () =>
  spark.createDataFrame(
    [
      [1, "1"],
      [2, "2"],
    ],
    "key INT NOT NULL, value STRING",
  );

test("join - join using self join", async () => {
  const df = spark.createDataFrame(
    [1, 2, 3].map((i) => [i, String(i)]),
    "int INT NOT NULL, str STRING",
  );
  await checkAnswer(df.join(df, "int"), [
    [1, "1", "1"],
    [2, "2", "2"],
    [3, "3", "3"],
  ]);
});

test("join - self join", async () => {
  const td = testData();
  td.createOrReplaceTempView("testData");
  const df1 = td.select(td.col("key")).alias("df1");
  const df2 = td.select(td.col("key")).alias("df2");
  await checkAnswer(
    df1.join(df2, col("df1.key").equalTo(col("df2.key"))),
    await rowsOf(spark.sql("SELECT a.key, b.key FROM testData a JOIN testData b ON a.key = b.key")),
  );
});

test("join - self join auto resolve ambiguity with case insensitivity", async () => {
  const df = kv();
  await checkAnswer(df.join(df, df.col("key").equalTo(df.col("Key"))), [
    [1, "1", 1, "1"],
    [2, "2", 2, "2"],
  ]);
  await checkAnswer(df.join(df.filter(col("value").equalTo("2")), df.col("key").equalTo(df.col("Key"))), [
    [2, "2", 2, "2"],
  ]);
});

test("SPARK-28344: don't fail if there is no ambiguous self join", async () => {
  const df = spark.createDataFrame([[1], [1], [2], [2]], "a INT NOT NULL");
  const w = Window.partitionBy(df.col("a"));
  const want = [
    [1, 2],
    [1, 2],
    [2, 4],
    [2, 4],
  ];
  await checkAnswer(df.select(df.col("a").alias("x"), F.sum(df.col("a")).over(w)), want);
  const joined = df.crossJoin(spark.range(1)).select(col("a"));
  await checkAnswer(joined.select(joined.col("a").alias("x"), F.sum(joined.col("a")).over(w)), want);
});

test("SPARK-34200: ambiguous column reference should consider attribute availability", async () => {
  spark.sql("SELECT 1 a, 2 b").createOrReplaceTempView("t34200");
  const df1 = spark.table("t34200");
  const df2 = df1.select("a");
  await checkAnswer(df1.join(df2, df1.col("b").equalTo(2)), [[1, 2, 1]]);
});

test("SPARK-35454: not an ambiguous self join - toDF", async () => {
  const df1 = spark.range(3).toDF("id");
  const df2 = df1.filter(col("id").gt(0)).toDF("id");
  await checkAnswer(df1.join(df2, df1.col("id").gt(df2.col("id"))), [[2, 1]]);
});

test("SPARK-35937: unresolved qualified column after a self join", async () => {
  const df = spark.createDataFrame([[1644821603, "1644821603"]], "tsInt INT NOT NULL, tsStr STRING");
  const df1 = df.select(df.col("tsStr").cast("timestamp")).alias("df1");
  const df2 = df.select(df.col("tsStr").cast("timestamp")).alias("df2");
  const df3 = df1
    .join(df2, col("df1.tsStr").equalTo(col("df2.tsStr")), "left_outer")
    .select(col("df1.tsStr").as("timeStr"))
    .alias("df3");
  await checkError(
    () => df3.join(df1, F.year(col("df1.timeStr")).equalTo(F.year(col("df3.tsStr")))),
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
  );
});

test("SPARK-20897: self-join count", async () => {
  const df = spark.createDataFrame([[1, "a"]], "i INT NOT NULL, j STRING");
  await checkAnswer(
    spark.range(1).select(
      F.lit(
        await df
          .alias("t1")
          .join(df.alias("t2"), col("t1.i").equalTo(col("t2.i")))
          .count(),
      ),
    ),
    [[1]],
  );
});

test("SPARK-47217: deduplication of project causes ambiguity in resolution", async () => {
  const df = spark.createDataFrame([[1, 2]], "a INT NOT NULL, b INT NOT NULL");
  const df2 = df.select(df.col("a").as("aa"), df.col("b").as("bb"));
  await checkAnswer(df2.join(df, df2.col("bb").equalTo(df.col("b"))).select(df2.col("aa"), df.col("a")), [
    [1, 1],
  ]);
});

test("SPARK-47217: deduplication in nested joins", async () => {
  const df1 = spark.createDataFrame([[1, 2]], "a INT NOT NULL, b INT NOT NULL");
  const df2 = spark.createDataFrame([[1, 2]], "aa INT NOT NULL, bb INT NOT NULL");
  const j1 = df1
    .join(df2, df1.col("a").equalTo(df2.col("aa")))
    .select(df1.col("a").as("aaa"), df2.col("aa"), df1.col("b"));
  await checkAnswer(j1.join(df1, j1.col("aaa").equalTo(df1.col("a"))).select(j1.col("aa"), df1.col("a")), [
    [1, 1],
  ]);
  await checkAnswer(df1.join(j1, j1.col("aaa").equalTo(df1.col("a"))).select(j1.col("aa"), df1.col("a")), [
    [1, 1],
  ]);
  const j2 = df1
    .join(df2, df1.col("a").equalTo(df2.col("aa")))
    .select(df1.col("a"), df2.col("aa"), df1.col("b"));
  await checkAnswer(j2.join(df1, j2.col("a").equalTo(df1.col("a"))).select(j2.col("a"), df1.col("a")), [
    [1, 1],
  ]);
  await checkAnswer(df1.join(j2, j2.col("a").equalTo(df1.col("a"))).select(j2.col("a"), df1.col("a")), [
    [1, 1],
  ]);
});
