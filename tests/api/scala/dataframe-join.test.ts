// Port of Spark's DataFrameJoinSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameJoinSuite.scala): same inputs, same expected rows (as multisets).
// Skipped: broadcast hints and plan-shape assertions (BroadcastHashJoinExec, optimized Join types;
// the rows of "outer join conversion" are still checked), Parquet round trips, typed Datasets
// (joinWith), SQL-conf variations of the join strategy.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { col } from "../../../src/api/functions/index.js";
import { checkAnswer, checkError, rowsOf, spark, testData, testData2, testData3 } from "./fixtures.js";

const intStr = (f: (i: number) => string) =>
  spark.createDataFrame(
    [1, 2, 3].map((i) => [i, f(i)]),
    "int INT NOT NULL, str STRING",
  );

test("join - join using", async () => {
  await checkAnswer(
    intStr(String).join(
      intStr((i) => String(i + 1)),
      "int",
    ),
    [
      [1, "1", "2"],
      [2, "2", "3"],
      [3, "3", "4"],
    ],
  );
});

test("join - join using multiple columns", async () => {
  const mk = (f: (i: number) => string) =>
    spark.createDataFrame(
      [1, 2, 3].map((i) => [i, i + 1, f(i)]),
      "int INT NOT NULL, int2 INT NOT NULL, str STRING",
    );
  await checkAnswer(
    mk(String).join(
      mk((i) => String(i + 1)),
      ["int", "int2"],
    ),
    [
      [1, 2, "1", "2"],
      [2, 3, "2", "3"],
      [3, 4, "3", "4"],
    ],
  );
});

const t3 = (rows: [number, number, string][], names = "int INT NOT NULL, int2 INT NOT NULL, str STRING") =>
  spark.createDataFrame(rows, names);

test("join - sorted columns not in join's outputSet", async () => {
  const df = t3(
    [
      [1, 2, "1"],
      [3, 4, "3"],
    ],
    "int INT NOT NULL, int2 INT NOT NULL, str_sort STRING",
  ).alias("df1");
  const rows: [number, number, string][] = [
    [1, 3, "1"],
    [5, 6, "5"],
  ];
  const df2 = t3(rows).alias("df2");
  const df3 = t3(rows).alias("df3");
  await checkAnswer(
    df
      .join(df2, col("df1.int").equalTo(col("df2.int")), "outer")
      .select(col("df1.int"), col("df2.int2"))
      .orderBy(col("str_sort").asc(), col("str").asc()),
    [
      [null, 6],
      [1, 3],
      [3, null],
    ],
    true,
  );
  await checkAnswer(
    df2
      .join(df3, col("df2.int").equalTo(col("df3.int")), "inner")
      .select(col("df2.int"), col("df3.int"))
      .orderBy(col("df2.str").desc()),
    [
      [5, 5],
      [1, 1],
    ],
    true,
  );
});

test("join - join using multiple columns and specifying join type", async () => {
  const df = t3([
    [1, 2, "1"],
    [3, 4, "3"],
  ]);
  const df2 = t3([
    [1, 3, "1"],
    [5, 6, "5"],
  ]);
  const on = ["int", "str"];
  await checkAnswer(df.join(df2, on, "inner"), [[1, "1", 2, 3]]);
  await checkAnswer(df.join(df2, on, "left"), [
    [1, "1", 2, 3],
    [3, "3", 4, null],
  ]);
  await checkAnswer(df.join(df2, on, "right"), [
    [1, "1", 2, 3],
    [5, "5", null, 6],
  ]);
  await checkAnswer(df.join(df2, on, "outer"), [
    [1, "1", 2, 3],
    [3, "3", 4, null],
    [5, "5", null, 6],
  ]);
  await checkAnswer(df.join(df2, on, "left_semi"), [[1, "1", 2]]);
  await checkAnswer(df.join(df2, on, "left_anti"), [[3, "3", 4]]);
});

test("join - join using self join", async () => {
  const df = intStr(String);
  await checkAnswer(df.join(df, "int"), [
    [1, "1", "1"],
    [2, "2", "2"],
    [3, "3", "3"],
  ]);
});

test("join - self join", async () => {
  const td = testData();
  const df1 = td.select(td.col("key")).alias("df1");
  const df2 = td.select(td.col("key")).alias("df2");
  td.createOrReplaceTempView("testData");
  await checkAnswer(
    df1.join(df2, col("df1.key").equalTo(col("df2.key"))),
    await rowsOf(spark.sql("SELECT a.key, b.key FROM testData a JOIN testData b ON a.key = b.key")),
  );
});

test("join - cross join", async () => {
  const df1 = spark.createDataFrame(
    [
      [1, "1"],
      [3, "3"],
    ],
    "int INT NOT NULL, str STRING",
  );
  const df2 = spark.createDataFrame(
    [
      [2, "2"],
      [4, "4"],
    ],
    "int INT NOT NULL, str STRING",
  );
  await checkAnswer(df1.crossJoin(df2), [
    [1, "1", 2, "2"],
    [1, "1", 4, "4"],
    [3, "3", 2, "2"],
    [3, "3", 4, "4"],
  ]);
  await checkAnswer(df2.crossJoin(df1), [
    [2, "2", 1, "1"],
    [2, "2", 3, "3"],
    [4, "4", 1, "1"],
    [4, "4", 3, "3"],
  ]);
});

test("join - using aliases after self join", async () => {
  const df = intStr(String);
  for (const g of ["x.str", "y.str"]) {
    await checkAnswer(
      df
        .alias("x")
        .join(df.alias("y"), col("x.str").equalTo(col("y.str")))
        .groupBy(g)
        .count(),
      [
        ["1", 1],
        ["2", 1],
        ["3", 1],
      ],
    );
  }
});

test("[SPARK-6231] join - self join auto resolve ambiguity", async () => {
  const df = spark.createDataFrame(
    [
      [1, "1"],
      [2, "2"],
    ],
    "key INT NOT NULL, value STRING",
  );
  await checkAnswer(df.join(df, df.col("key").equalTo(df.col("key"))), [
    [1, "1", 1, "1"],
    [2, "2", 2, "2"],
  ]);
  await checkAnswer(df.join(df.filter(col("value").equalTo("2")), df.col("key").equalTo(df.col("key"))), [
    [2, "2", 2, "2"],
  ]);
  await checkAnswer(df.join(df, df.col("key").equalTo(df.col("key")).and(df.col("value").equalTo(1))), [
    [1, "1", 1, "1"],
  ]);
  const left = df.groupBy("key").agg(F.count("*"));
  const right = df.groupBy("key").agg(F.sum("key"));
  await checkAnswer(left.join(right, left.col("key").equalTo(right.col("key"))), [
    [1, 1, 1, 1],
    [2, 1, 2, 2],
  ]);
});

test("join - outer join conversion (rows)", async () => {
  const df = t3([
    [1, 2, "1"],
    [3, 4, "3"],
  ]).alias("a");
  const df2 = t3([
    [1, 3, "1"],
    [5, 6, "5"],
  ]).alias("b");
  const on = col("a.int").equalTo(col("b.int"));
  await checkAnswer(df.join(df2, on, "outer").where(col("a.int").equalTo(3)), [
    [3, 4, "3", null, null, null],
  ]);
  await checkAnswer(df.join(df2, on, "outer").where(col("b.int").equalTo(5)), [
    [null, null, null, 5, 6, "5"],
  ]);
  await checkAnswer(df.join(df2, on, "outer").where(col("a.int").equalTo(1).and(col("b.int2").equalTo(3))), [
    [1, 2, "1", 1, 3, "1"],
  ]);
  await checkAnswer(df.join(df2, on, "right").where(col("a.int").equalTo(1)), [[1, 2, "1", 1, 3, "1"]]);
  await checkAnswer(df.join(df2, on, "left").where(col("b.int2").equalTo(3)), [[1, 2, "1", 1, 3, "1"]]);
});

test("process outer join results using the non-nullable columns in the join input", async () => {
  const df1 = spark.createDataFrame(
    [0, 1, 2, 3, 4].map((i) => [i, 0]),
    "id INT NOT NULL, count INT NOT NULL",
  );
  const df2 = spark
    .createDataFrame([[0], [1]], "id INT NOT NULL")
    .groupBy("id")
    .count();
  await checkAnswer(
    df1.join(df2, df1.col("id").equalTo(df2.col("id")), "left_outer").filter(df2.col("count").isNull()),
    [
      [2, 0, null, null],
      [3, 0, null, null],
      [4, 0, null, null],
    ],
  );
  const df3 = spark.createDataFrame([[1, 1]], "a INT NOT NULL, b INT NOT NULL");
  const df4 = spark.createDataFrame([[2, 2]], "a INT NOT NULL, b INT NOT NULL");
  await checkAnswer(
    df3
      .join(df4, df3.col("a").equalTo(df4.col("a")), "outer")
      .select(F.coalesce(df3.col("a"), df3.col("b")), F.coalesce(df4.col("a"), df4.col("b"))),
    [
      [1, null],
      [null, 2],
    ],
  );
});

test("SPARK-16991: full outer join followed by inner join", async () => {
  const a = spark.createDataFrame(
    [
      [1, 2],
      [2, 3],
    ],
    "a INT NOT NULL, b INT NOT NULL",
  );
  const b = spark.createDataFrame(
    [
      [2, 5],
      [3, 4],
    ],
    "a INT NOT NULL, c INT NOT NULL",
  );
  const c = spark.createDataFrame([[3, 1]], "a INT NOT NULL, d INT NOT NULL");
  const ab = a.join(b, ["a"], "fullouter");
  await checkAnswer(ab.join(c, "a"), [[3, null, 4, 1]]);
  assert.deepEqual(ab.join(c, "a").columns, ["a", "b", "c", "d"]);
});

test("SPARK-17685: join of limits then count", async () => {
  const df = t3([
    [1, 1, "1"],
    [2, 2, "3"],
  ]);
  const df2 = t3([
    [1, 1, "1"],
    [2, 3, "5"],
  ]);
  const limit = 1310721;
  await checkAnswer(
    df
      .limit(limit)
      .join(df2.limit(limit), ["int", "int2"], "inner")
      .agg(F.count(col("int"))),
    [[1]],
  );
});

test("SPARK-24385: self join with EqualNullSafe resolves", async () => {
  const df = spark.range(2);
  await checkAnswer(df.join(df, df.col("id").eqNullSafe(df.col("id"))), [
    [0, 0],
    [1, 1],
  ]);
});

test("SPARK-32693: compare two DataFrames with the same schema except nullability", async () => {
  const df1 = spark.createDataFrame(
    [
      [10, 1, 1],
      [10, 50, 2],
    ],
    "a INT NOT NULL, b INT NOT NULL, c INT NOT NULL",
  );
  const df2 = spark.createDataFrame([[10, 1, 1]], "a INT, b INT, c INT");
  await checkAnswer(df1.subtract(df2), [[10, 50, 2]]);
  const df3 = spark.createDataFrame(
    [
      [10, 1, 1, { a: 10, b: 1, c: 1 }],
      [10, 50, 2, { a: 10, b: 50, c: 2 }],
    ],
    "a INT NOT NULL, b INT NOT NULL, c INT NOT NULL, d STRUCT<a: INT NOT NULL, b: INT NOT NULL, c: INT NOT NULL> NOT NULL",
  );
  const df4 = spark.createDataFrame(
    [[10, 1, 1, { a: 10, b: 1, c: 1 }]],
    "a INT, b INT, b INT, d STRUCT<a: INT, b: INT, c: INT>",
  );
  await checkAnswer(df3.subtract(df4), [[10, 50, 2, { a: 10, b: 50, c: 2 }]]);
});

test("SPARK-34527: resolve common columns from USING JOIN", async () => {
  const td2 = testData2();
  const td3 = testData3();
  const joinDf = td2.alias("testData2").join(td3.alias("testData3"), ["a"], "fullouter");
  const q1 = joinDf.select(
    col("a"),
    col("testData2.a"),
    col("testData2.b"),
    col("testData3.a"),
    col("testData3.b"),
  );
  const q2 = joinDf.select(col("a"), td2.col("a"), td2.col("b"), td3.col("a"), td3.col("b"));
  for (const q of [q1, q2]) {
    await checkAnswer(q, [
      [1, 1, 1, 1, null],
      [1, 1, 2, 1, null],
      [2, 2, 1, 2, 2],
      [2, 2, 2, 2, 2],
      [3, 3, 1, null, null],
      [3, 3, 2, null, null],
    ]);
  }
  // A name that is not a hidden key still fails.
  await checkError(() => joinDf.select(col("testData3.zz")), "UNRESOLVED_COLUMN.WITH_SUGGESTION");
});

test("join - semi / anti aliases and cross join with no keys", async () => {
  const df = t3([
    [1, 2, "1"],
    [3, 4, "3"],
  ]);
  const df2 = t3([
    [1, 3, "1"],
    [5, 6, "5"],
  ]);
  await checkAnswer(df.join(df2, ["int", "str"], "semi"), [[1, "1", 2]]);
  await checkAnswer(df.join(df2, ["int", "str"], "anti"), [[3, "3", 4]]);
  const a = spark.createDataFrame(
    [
      [1, "1"],
      [3, "3"],
    ],
    "int INT NOT NULL, str STRING",
  );
  const b = spark.createDataFrame(
    [
      [2, "2"],
      [4, "4"],
    ],
    "int INT NOT NULL, str STRING",
  );
  await checkAnswer(a.join(b, [], "cross"), [
    [1, "1", 2, "2"],
    [1, "1", 4, "4"],
    [3, "3", 2, "2"],
    [3, "3", 4, "4"],
  ]);
});

test("join - outer join conversion with range filters", async () => {
  const df = t3([
    [1, 2, "1"],
    [3, 4, "3"],
  ]).alias("a");
  const df2 = t3([
    [1, 3, "1"],
    [5, 6, "5"],
  ]).alias("b");
  const on = col("a.int").equalTo(col("b.int"));
  await checkAnswer(df.join(df2, on, "outer").where(col("a.int").geq(3)), [[3, 4, "3", null, null, null]]);
  await checkAnswer(df.join(df2, on, "outer").where(col("b.int").geq(3)), [[null, null, null, 5, 6, "5"]]);
  await checkAnswer(df.join(df2, on, "right").where(col("a.int").gt(0)), [[1, 2, "1", 1, 3, "1"]]);
  await checkAnswer(df.join(df2, on, "left").where(col("b.int2").gt(0)), [[1, 2, "1", 1, 3, "1"]]);
});

test("SPARK-23087: join conditions that are false or null analyze", async () => {
  const df = spark.range(10);
  const dfNull = spark.range(10).select(F.lit(null).as("b"));
  await checkAnswer(df.join(dfNull, col("id").equalTo(col("b")), "left").select(F.count("*")), [[10]]);
  const dfOne = df.select(F.lit(1).as("a"));
  const dfTwo = spark.range(10).select(F.lit(2).as("b"));
  await checkAnswer(dfOne.join(dfTwo, col("a").equalTo(col("b")), "left").select(F.count("*")), [[10]]);
});
