// Port of Spark's DataFrameSelfJoinSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameSelfJoinSuite.scala), with Spark 4's default spark.sql.analyzer.failAmbiguousSelfJoin
// = true. Where the suite inspects which join side an attribute resolved to
// (assertCorrectResolution), the port checks rows that only the right resolution produces.
// Skipped: the failAmbiguousSelfJoin=false variants (legacy conf), dataset-id tag internals
// (SPARK-35454 tag checks, df.show keeping the tag), Catalyst-built plans (Expand, Window,
// ScriptTransformation, PythonUDF/mapInPandas, withSequenceColumn), reading JSON, caching with
// broadcast settings.
// Left out (differs from Spark, see report): the ambiguous self-join errors of SPARK-28344 (three
// tables) and SPARK-35454 (four tables): tspark resolves those column references by the
// DataFrame they were taken from (as Spark Connect does) instead of failing.
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

test("SPARK-28344: not an ambiguous self join - column ref in join condition", async () => {
  const df1 = spark.range(3);
  const df2 = df1.filter(col("id").gt(0));
  await checkAnswer(df1.join(df2, df1.col("id").gt(df2.col("id"))), [[2, 1]]);
  await checkAnswer(df1.alias("left").join(df2.alias("right"), col("left.id").gt(col("right.id"))), [[2, 1]]);
});

test("SPARK-28344: not an ambiguous self join - column ref in Project", async () => {
  const df1 = spark.range(3);
  const df2 = df1.filter(col("id").gt(0));
  const want = [1, 1, 1, 2, 2, 2].map((x) => [x]);
  await checkAnswer(df1.crossJoin(df2).select(df2.col("id")), want);
  await checkAnswer(df1.alias("left").crossJoin(df2.alias("right")).select(col("right.id")), want);
});

test("SPARK-28344: three tables - qualified names and columns of joined DataFrames", async () => {
  const df1 = spark.range(3);
  const df2 = df1.filter(col("id").gt(0));
  const df3 = df1.filter(col("id").leq(2));
  const df4 = spark.range(1);
  // Spark (failAmbiguousSelfJoin) resolves df2("id") after df1.join(df4).join(df2) to df2's side.
  await checkAnswer(
    df1.crossJoin(df4).crossJoin(df2).select(df2.col("id")),
    [1, 2, 1, 2, 1, 2].map((x) => [x]),
  );
  await checkAnswer(
    df1.crossJoin(df4).crossJoin(df2).select(df4.col("id")),
    [0, 0, 0, 0, 0, 0].map((x) => [x]),
  );
  const x = df1.alias("x");
  const y = df2.alias("y");
  const z = df3.alias("z");
  await checkAnswer(x.crossJoin(y).join(z, col("y.id").lt(col("z.id"))), [
    [0, 1, 2],
    [1, 1, 2],
    [2, 1, 2],
  ]);
  await checkAnswer(
    x.crossJoin(df4).crossJoin(y).select(col("y.id")),
    [1, 1, 1, 2, 2, 2].map((v) => [v]),
  );
});

test("SPARK-33071/SPARK-33536: join() keeps the DataFrame's identity for self-join detection", async () => {
  const emp = (n: number) =>
    spark.createDataFrame(
      [
        [1, "sales"],
        [2, "personnel"],
        [3, "develop"],
        [4, "IT"],
      ].slice(0, n),
      "key INT NOT NULL, value STRING",
    );
  const emp1 = emp(4);
  const emp2 = emp(3);
  const emp3 = emp1.join(emp2, emp1.col("key").equalTo(emp2.col("key"))).select(emp1.col("*"));
  await checkAnswer(emp1.join(emp3, emp1.col("key").equalTo(emp3.col("key"))), [
    [1, "sales", 1, "sales"],
    [2, "personnel", 2, "personnel"],
    [3, "develop", 3, "develop"],
  ]);
  await checkAnswer(
    emp1
      .join(emp3, emp1.col("key").equalTo(emp3.col("key")), "left_outer")
      .select(emp1.col("*"), emp3.col("key").as("e2")),
    [
      [1, "sales", 1],
      [2, "personnel", 2],
      [3, "develop", 3],
      [4, "IT", null],
    ],
  );
});

test("SPARK-36874: self join over a filtered / aggregated copy resolves each side", async () => {
  const df1 = spark.createDataFrame(
    [
      [1, 2, "A1"],
      [2, 1, "A2"],
    ],
    "key1 INT NOT NULL, key2 INT NOT NULL, value STRING",
  );
  const df2 = df1.filter(col("value").equalTo("A2"));
  await checkAnswer(df1.join(df2, df1.col("key1").equalTo(df2.col("key2"))), [[1, 2, "A1", 2, 1, "A2"]]);
  await checkAnswer(df2.join(df1, df1.col("key1").equalTo(df2.col("key2"))), [[2, 1, "A2", 1, 2, "A1"]]);
  const df5 = df1.groupBy(col("key1")).agg(F.count(col("value")).as("count"));
  const df6 = df5.filter(col("key1").gt(0));
  await checkAnswer(df5.join(df6, df5.col("key1").equalTo(df6.col("count"))), [
    [1, 1, 1, 1],
    [1, 1, 2, 1],
  ]);
  await checkAnswer(df6.join(df5, df5.col("key1").equalTo(df6.col("count"))), [
    [1, 1, 1, 1],
    [2, 1, 1, 1],
  ]);
});

test("SPARK-35454: four tables - unambiguous references", async () => {
  const df1 = spark.range(3).select(col("id").as("a"), col("id").as("b"));
  const df2 = df1.filter(col("a").gt(0)).select("b");
  const df3 = df1.filter(col("a").leq(2)).select("b");
  const df5 = spark.range(1);
  await checkAnswer(
    df1.crossJoin(df5).crossJoin(df3).select(df5.col("id")),
    Array.from({ length: 9 }, () => [0]),
  );
  const w = df1.alias("w");
  const x = df2.alias("x");
  const y = df3.alias("y");
  const z = df3.alias("z");
  await checkAnswer(
    w
      .crossJoin(x)
      .crossJoin(y)
      .join(z, col("x.b").lt(col("y.b"))),
    [
      [0, 0, 1, 2, 0],
      [0, 0, 1, 2, 1],
      [0, 0, 1, 2, 2],
      [1, 1, 1, 2, 0],
      [1, 1, 1, 2, 1],
      [1, 1, 1, 2, 2],
      [2, 2, 1, 2, 0],
      [2, 2, 1, 2, 1],
      [2, 2, 1, 2, 2],
    ],
  );
  await checkAnswer(
    w.crossJoin(df5).crossJoin(y).select(col("y.b")),
    [0, 0, 0, 1, 1, 1, 2, 2, 2].map((v) => [v]),
  );
});
