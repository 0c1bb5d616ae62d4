// Port of Spark's DataFrameWindowFunctionsSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameWindowFunctionsSuite.scala): same inputs, same expected rows (as multisets).
// Skipped: "window function with udaf" / "with aggregator" (UserDefinedAggregateFunction and typed
// Aggregator are JVM-only), "SPARK-21258 complex object with spilling" (reads JSON through
// spark.read and only checks that nothing throws), "numerical aggregate functions on string
// column" (runs only with ANSI off and checks the legacy MISSING_COLUMN class), plan-shape checks,
// the LEGACY_STATISTICAL_AGGREGATE=true variants (legacy conf), window spill thresholds.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { col, lit } from "../../../src/api/functions/index.js";
import { Window } from "../../../src/api/window.js";
import { checkAnswer, checkError, rowsOf, spark, testData2 } from "./fixtures.js";

const kv = (rows: [number, string][]) => spark.createDataFrame(rows, "key INT NOT NULL, value STRING");
const base = () =>
  kv([
    [1, "1"],
    [2, "2"],
    [1, "1"],
    [2, "2"],
  ]);

test("reuse window partitionBy / orderBy", async () => {
  for (const w of [Window.partitionBy("key").orderBy("value"), Window.orderBy("value").partitionBy("key")]) {
    await checkAnswer(base().select(F.lead("key", 1).over(w), F.lead("value", 1).over(w)), [
      [1, "1"],
      [2, "2"],
      [null, null],
      [null, null],
    ]);
  }
});

test("Window.rowsBetween", async () => {
  const df = spark.createDataFrame(
    [
      ["one", 1],
      ["two", 2],
    ],
    "key STRING, value INT NOT NULL",
  );
  await checkAnswer(
    df.select(
      col("key"),
      F.sum("value").over(Window.rowsBetween(Window.unboundedPreceding, Window.currentRow)),
    ),
    [
      ["one", 1],
      ["two", 3],
    ],
  );
});

test("lead / lag", async () => {
  const w = Window.partitionBy(col("key")).orderBy(col("value"));
  await checkAnswer(base().select(F.lead("value", 1).over(w)), [["1"], [null], ["2"], [null]]);
  await checkAnswer(base().select(F.lag("value", 1).over(w)), [[null], ["1"], [null], ["2"]]);
});

const seven = () =>
  kv([
    [1, "1"],
    [1, "1"],
    [2, "2"],
    [1, "1"],
    [2, "2"],
    [1, "1"],
    [2, "2"],
  ]);

test("lead / lag with default value", async () => {
  await checkAnswer(
    seven().select(F.lead("value", 2, "n/a").over(Window.partitionBy("key").orderBy("value"))),
    [["1"], ["1"], ["n/a"], ["n/a"], ["2"], ["n/a"], ["n/a"]],
  );
  await checkAnswer(
    seven().select(F.lag("value", 2, "n/a").over(Window.partitionBy(col("key")).orderBy(col("value")))),
    [["n/a"], ["n/a"], ["1"], ["1"], ["n/a"], ["n/a"], ["2"]],
  );
});

test("rank functions in unspecific window", async () => {
  const df = kv([
    [1, "1"],
    [2, "2"],
    [1, "2"],
    [2, "2"],
  ]);
  const w = () => Window.partitionBy("value").orderBy("key");
  await checkAnswer(
    df.select(
      col("key"),
      F.max("key").over(w()),
      F.min("key").over(w()),
      F.mean("key").over(w()),
      F.count("key").over(w()),
      F.sum("key").over(w()),
      F.ntile(2).over(w()),
      F.row_number().over(w()),
      F.dense_rank().over(w()),
      F.rank().over(w()),
      F.cume_dist().over(w()),
      F.percent_rank().over(w()),
    ),
    [
      [1, 1, 1, 1.0, 1, 1, 1, 1, 1, 1, 1.0, 0.0],
      [1, 1, 1, 1.0, 1, 1, 1, 1, 1, 1, 1.0 / 3.0, 0.0],
      [2, 2, 1, 5.0 / 3.0, 3, 5, 1, 2, 2, 2, 1.0, 0.5],
      [2, 2, 1, 5.0 / 3.0, 3, 5, 2, 3, 2, 2, 1.0, 0.5],
    ],
  );
});

test("window function should fail if order by clause is not specified", async () => {
  const df = kv([
    [1, "1"],
    [2, "2"],
  ]);
  // Spark: "requires window to be ordered" (MISSING_ORDER_BY_CLAUSE? the class varies by version).
  await checkError(() => df.select(F.row_number().over(Window.partitionBy("value"))).collect(), null);
});

test("aggregation and rows between", async () => {
  const df = kv([
    [1, "1"],
    [2, "1"],
    [2, "2"],
    [1, "1"],
    [2, "2"],
  ]);
  await checkAnswer(
    df.select(F.avg("key").over(Window.partitionBy(col("value")).orderBy(col("key")).rowsBetween(-1, 2))),
    [[4.0 / 3.0], [4.0 / 3.0], [3.0 / 2.0], [2.0], [2.0]],
  );
});

test("aggregation and range between", async () => {
  const df = kv([
    [1, "1"],
    [1, "1"],
    [3, "1"],
    [2, "2"],
    [2, "1"],
    [2, "2"],
  ]);
  await checkAnswer(
    df.select(F.avg("key").over(Window.partitionBy(col("value")).orderBy(col("key")).rangeBetween(-1, 1))),
    [[4.0 / 3.0], [4.0 / 3.0], [7.0 / 4.0], [5.0 / 2.0], [2.0], [2.0]],
  );
});

const unb1 = () =>
  kv([
    [1, "1"],
    [2, "2"],
    [2, "3"],
    [1, "3"],
    [3, "2"],
    [4, "3"],
  ]);

test("aggregation and rows between with unbounded", async () => {
  const w = () => Window.partitionBy(col("value")).orderBy(col("key"));
  await checkAnswer(
    unb1().select(
      col("key"),
      F.last("key").over(w().rowsBetween(Window.currentRow, Window.unboundedFollowing)),
      F.last("key").over(w().rowsBetween(Window.unboundedPreceding, Window.currentRow)),
      F.last("key").over(w().rowsBetween(-1, 1)),
    ),
    [
      [1, 1, 1, 1],
      [2, 3, 2, 3],
      [3, 3, 3, 3],
      [1, 4, 1, 2],
      [2, 4, 2, 4],
      [4, 4, 4, 4],
    ],
  );
});

const unb2 = () =>
  kv([
    [5, "1"],
    [5, "2"],
    [4, "2"],
    [6, "2"],
    [3, "1"],
    [2, "2"],
  ]);
const LONG_MIN = -(2 ** 63);
const LONG_MAX = 2 ** 63;
const rangeCols = () => {
  const w = () => Window.partitionBy("value").orderBy("key");
  return [
    F.last("value")
      .over(Window.partitionBy(col("value")).orderBy(col("key")).rangeBetween(-2, -1))
      .equalTo("2")
      .as("last_v"),
    F.avg("key").over(w().rangeBetween(LONG_MIN, 1)).as("avg_key1"),
    F.avg("key").over(w().rangeBetween(0, LONG_MAX)).as("avg_key2"),
    F.avg("key").over(w().rangeBetween(-1, 0)).as("avg_key3"),
  ];
};

test("aggregation and range between with unbounded", async () => {
  await checkAnswer(unb2().select(col("key"), ...rangeCols()), [
    [3, null, 3.0, 4.0, 3.0],
    [5, false, 4.0, 5.0, 5.0],
    [2, null, 2.0, 17.0 / 4.0, 2.0],
    [4, true, 11.0 / 3.0, 5.0, 4.0],
    [5, true, 17.0 / 4.0, 11.0 / 2.0, 4.5],
    [6, true, 17.0 / 4.0, 6.0, 11.0 / 2.0],
  ]);
});

test("reverse sliding range frame", async () => {
  const df = spark.createDataFrame(
    [
      [1, "Thin", "Cell Phone", 6000],
      [2, "Normal", "Tablet", 1500],
      [3, "Mini", "Tablet", 5500],
      [4, "Ultra thin", "Cell Phone", 5500],
      [5, "Very thin", "Cell Phone", 6000],
      [6, "Big", "Tablet", 2500],
      [7, "Bendable", "Cell Phone", 3000],
      [8, "Foldable", "Cell Phone", 3000],
      [9, "Pro", "Tablet", 4500],
      [10, "Pro2", "Tablet", 6500],
    ],
    "id INT NOT NULL, product STRING, category STRING, revenue INT NOT NULL",
  );
  const w = Window.partitionBy(col("category")).orderBy(col("revenue").desc()).rangeBetween(-2000, 1000);
  await checkAnswer(df.select(col("id"), F.avg(col("revenue")).over(w).cast("int")), [
    [1, 5833],
    [2, 2000],
    [3, 5500],
    [4, 5833],
    [5, 5833],
    [6, 2833],
    [7, 3000],
    [8, 3000],
    [9, 5500],
    [10, 6000],
  ]);
});

test("reverse unbounded range frame", async () => {
  const df = spark.createDataFrame([[1], [2], [4], [3], [2], [1]], "value INT NOT NULL");
  const w = Window.orderBy(col("value").desc());
  await checkAnswer(
    df.select(
      col("value"),
      F.sum(col("value")).over(w.rangeBetween(LONG_MIN, 1)),
      F.sum(col("value")).over(w.rangeBetween(1, LONG_MAX)),
    ),
    [
      [1, 13, null],
      [2, 13, 2],
      [4, 7, 9],
      [3, 11, 6],
      [2, 13, 2],
      [1, 13, null],
    ],
  );
});

const stat = () =>
  spark.createDataFrame(
    [
      ["a", 1],
      ["a", 1],
      ["a", 2],
      ["a", 2],
      ["b", 4],
      ["b", 3],
      ["b", 2],
    ],
    "key STRING, value INT NOT NULL",
  );

test("statistical functions", async () => {
  const w = Window.partitionBy(col("key"));
  await checkAnswer(
    stat().select(
      col("key"),
      F.var_pop(col("value")).over(w),
      F.var_samp(col("value")).over(w),
      F.approx_count_distinct(col("value")).over(w),
    ),
    [
      ...Array.from({ length: 4 }, () => ["a", 1.0 / 4.0, 1.0 / 3.0, 2]),
      ...Array.from({ length: 3 }, () => ["b", 2.0 / 3.0, 1.0, 3]),
    ],
  );
});

test("window function with aggregates", async () => {
  const w = Window.orderBy();
  await checkAnswer(
    stat()
      .groupBy(col("key"))
      .agg(
        F.sum(col("value")),
        F.sum(F.sum(col("value")))
          .over(w)
          .minus(F.sum(col("value"))),
      ),
    [
      ["a", 6, 9],
      ["b", 9, 6],
    ],
  );
});

test("SPARK-16195 empty over spec", async () => {
  const df = spark.createDataFrame(
    [
      ["a", 1],
      ["a", 1],
      ["a", 2],
      ["b", 2],
    ],
    "key STRING, value INT NOT NULL",
  );
  const want = [
    ["a", 1, 6, 1.5],
    ["a", 1, 6, 1.5],
    ["a", 2, 6, 1.5],
    ["b", 2, 6, 1.5],
  ];
  await checkAnswer(
    df.select(col("key"), col("value"), F.sum(col("value")).over(), F.avg(col("value")).over()),
    want,
  );
  df.createOrReplaceTempView("window_table");
  await checkAnswer(
    spark.sql("select key, value, sum(value) over(), avg(value) over() from window_table"),
    want,
  );
});

test("null inputs", async () => {
  const w = Window.orderBy();
  await checkAnswer(
    stat().select(col("key"), col("value"), F.avg(lit(null)).over(w), F.sum(lit(null)).over(w)),
    [
      ["a", 1, null, null],
      ["a", 1, null, null],
      ["a", 2, null, null],
      ["a", 2, null, null],
      ["b", 4, null, null],
      ["b", 3, null, null],
      ["b", 2, null, null],
    ],
  );
});

const kov = (rows: [string, number, string | null][]) =>
  spark.createDataFrame(rows, "key STRING, order INT NOT NULL, value STRING");
const nullsDf = () =>
  kov([
    ["a", 0, null],
    ["a", 1, "x"],
    ["a", 2, "y"],
    ["a", 3, "z"],
    ["a", 4, null],
    ["b", 1, null],
    ["b", 2, null],
  ]);

test("last/first with ignoreNulls", async () => {
  const w = Window.partitionBy(col("key")).orderBy(col("order"));
  const v = col("value");
  await checkAnswer(
    nullsDf().select(
      col("key"),
      col("order"),
      F.first(v).over(w),
      F.first(v, false).over(w),
      F.first(v, true).over(w),
      F.last(v).over(w),
      F.last(v, false).over(w),
      F.last(v, true).over(w),
    ),
    [
      ["a", 0, null, null, null, null, null, null],
      ["a", 1, null, null, "x", "x", "x", "x"],
      ["a", 2, null, null, "x", "y", "y", "y"],
      ["a", 3, null, null, "x", "z", "z", "z"],
      ["a", 4, null, null, "x", null, null, "z"],
      ["b", 1, null, null, null, null, null, null],
      ["b", 2, null, null, null, null, null, null],
    ],
  );
});

test("last/first on descending ordered window", async () => {
  const df = kov([
    ["a", 0, null],
    ["a", 1, "x"],
    ["a", 2, "y"],
    ["a", 3, "z"],
    ["a", 4, "v"],
    ["b", 1, "k"],
    ["b", 2, "l"],
    ["b", 3, null],
  ]);
  const w = Window.partitionBy(col("key")).orderBy(col("order").desc());
  const v = col("value");
  await checkAnswer(
    df.select(
      col("key"),
      col("order"),
      F.first(v).over(w),
      F.first(v, false).over(w),
      F.first(v, true).over(w),
      F.last(v).over(w),
      F.last(v, false).over(w),
      F.last(v, true).over(w),
    ),
    [
      ["a", 0, "v", "v", "v", null, null, "x"],
      ["a", 1, "v", "v", "v", "x", "x", "x"],
      ["a", 2, "v", "v", "v", "y", "y", "y"],
      ["a", 3, "v", "v", "v", "z", "z", "z"],
      ["a", 4, "v", "v", "v", "v", "v", "v"],
      ["b", 1, null, null, "l", "k", "k", "k"],
      ["b", 2, null, null, "l", "l", "l", "l"],
      ["b", 3, null, null, null, null, null, null],
    ],
  );
});

test("nth_value with ignoreNulls", async () => {
  const w = Window.partitionBy(col("key")).orderBy(col("order"));
  const v = col("value");
  await checkAnswer(
    nullsDf().select(
      col("key"),
      col("order"),
      F.nth_value(v, 2).over(w),
      F.nth_value(v, 2, false).over(w),
      F.nth_value(v, 2, true).over(w),
      F.nth_value(v, 3, false).over(w),
    ),
    [
      ["a", 0, null, null, null, null],
      ["a", 1, "x", "x", null, null],
      ["a", 2, "x", "x", "y", "y"],
      ["a", 3, "x", "x", "y", "y"],
      ["a", 4, "x", "x", "y", "y"],
      ["b", 1, null, null, null, null],
      ["b", 2, null, null, null, null],
    ],
  );
});

test("nth_value with ignoreNulls over offset window frame", async () => {
  const w1 = Window.partitionBy(col("key"))
    .orderBy(col("order"))
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
  const w2 = Window.partitionBy(col("key"))
    .orderBy(col("order"))
    .rowsBetween(Window.unboundedPreceding, Window.currentRow);
  const v = col("value");
  await checkAnswer(
    nullsDf().select(
      col("key"),
      col("order"),
      F.nth_value(v, 2).over(w1),
      F.nth_value(v, 2, false).over(w1),
      F.nth_value(v, 2, true).over(w1),
      F.nth_value(v, 2).over(w2),
      F.nth_value(v, 2, false).over(w2),
      F.nth_value(v, 2, true).over(w2),
    ),
    [
      ["a", 0, "x", "x", "y", null, null, null],
      ["a", 1, "x", "x", "y", "x", "x", null],
      ["a", 2, "x", "x", "y", "x", "x", "y"],
      ["a", 3, "x", "x", "y", "x", "x", "y"],
      ["a", 4, "x", "x", "y", "x", "x", "y"],
      ["b", 1, null, null, null, null, null, null],
      ["b", 2, null, null, null, null, null, null],
    ],
  );
  const df2 = kov([
    ["a", 1, "x"],
    ["a", 2, "y"],
    ["a", 3, "z"],
  ]);
  const cols = [2, 3, 4].flatMap((n) => [
    F.nth_value(v, n).over(w1),
    F.nth_value(v, n, true).over(w1),
    F.nth_value(v, n).over(w2),
    F.nth_value(v, n, true).over(w2),
  ]);
  await checkAnswer(df2.select(col("key"), col("order"), ...cols), [
    ["a", 1, "y", "y", null, null, "z", "z", null, null, null, null, null, null],
    ["a", 2, "y", "y", "y", "y", "z", "z", null, null, null, null, null, null],
    ["a", 3, "y", "y", "y", "y", "z", "z", "z", "z", null, null, null, null],
  ]);
  const df3 = kov([
    ["a", 1, "x"],
    ["a", 2, null],
    ["a", 3, "z"],
  ]);
  await checkAnswer(
    df3.select(
      col("key"),
      col("order"),
      F.nth_value(v, 3).over(w1),
      F.nth_value(v, 3, true).over(w1),
      F.nth_value(v, 3).over(w2),
      F.nth_value(v, 3, true).over(w2),
    ),
    [
      ["a", 1, "z", null, null, null],
      ["a", 2, "z", null, null, null],
      ["a", 3, "z", null, "z", null],
    ],
  );
});

test("SPARK-12989 ExtractWindowExpressions treats alias as regular attribute", async () => {
  const src = spark
    .createDataFrame([[0, 3, 5]], "a INT NOT NULL, b INT NOT NULL, c INT NOT NULL")
    .withColumn("Data", F.struct("a", "b"))
    .drop("a")
    .drop("b");
  const w = Window.partitionBy("Data.a", "Data.b").orderBy(col("c").desc());
  await checkAnswer(src.select(col("*"), F.max("c").over(w).as("max")), [[5, { a: 0, b: 3 }, 5]]);
});

test("aggregation and rows between with unbounded + predicate pushdown", async () => {
  const w = () => Window.partitionBy(col("value")).orderBy(col("key"));
  const sel = [
    col("key"),
    col("value"),
    F.last("key").over(w().rowsBetween(0, LONG_MAX)),
    F.last("key").over(w().rowsBetween(LONG_MIN, 0)),
    F.last("key").over(w().rowsBetween(-1, 1)),
  ];
  await checkAnswer(
    unb1()
      .select(...sel)
      .where(col("value").lt("3")),
    [
      [1, "1", 1, 1, 1],
      [2, "2", 3, 2, 3],
      [3, "2", 3, 3, 3],
    ],
  );
});

test("aggregation and range between with unbounded + predicate pushdown", async () => {
  const df = unb2().select(col("key"), col("value"), ...rangeCols());
  // value < 2 compares a string with an int: under ANSI the string is cast to bigint.
  await checkAnswer(df.where(col("value").lt(2)), [
    [3, "1", null, 3.0, 4.0, 3.0],
    [5, "1", false, 4.0, 5.0, 5.0],
  ]);
});

const partDf = () =>
  spark.createDataFrame(
    [
      ["a", "p1", "1"],
      ["b", "p1", "2"],
      ["c", "p1", "2"],
      ["d", "p1", null],
      ["e", "p1", "3"],
      ["f", "p2", "10"],
      ["g", "p2", "11"],
      ["h", "p3", "20"],
      ["i", "p4", null],
    ],
    "key STRING, partition STRING, value STRING",
  );

test("collect_list in descending ordered window", async () => {
  const w = Window.partitionBy(col("partition"))
    .orderBy(col("value").desc())
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
  const all = ["1", "2", "2", "3"];
  await checkAnswer(partDf().select(col("key"), F.sort_array(F.collect_list("value").over(w))), [
    ["a", all],
    ["b", all],
    ["c", all],
    ["d", all],
    ["e", all],
    ["f", ["10", "11"]],
    ["g", ["10", "11"]],
    ["h", ["20"]],
    ["i", []],
  ]);
});

test("collect_set in window", async () => {
  const df = spark.createDataFrame(
    [
      ["a", "p1", "1"],
      ["b", "p1", "2"],
      ["c", "p1", "2"],
      ["d", "p1", "3"],
      ["e", "p1", "3"],
      ["f", "p2", "10"],
      ["g", "p2", "11"],
      ["h", "p3", "20"],
    ],
    "key STRING, partition STRING, value STRING",
  );
  const w = Window.partitionBy(col("partition"))
    .orderBy(col("value"))
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
  const all = ["1", "2", "3"];
  await checkAnswer(df.select(col("key"), F.sort_array(F.collect_set("value").over(w))), [
    ["a", all],
    ["b", all],
    ["c", all],
    ["d", all],
    ["e", all],
    ["f", ["10", "11"]],
    ["g", ["10", "11"]],
    ["h", ["20"]],
  ]);
});

test("skewness and kurtosis functions in window", async () => {
  const df = spark.createDataFrame(
    [
      ["a", "p1", 1.0],
      ["b", "p1", 1.0],
      ["c", "p1", 2.0],
      ["d", "p1", 2.0],
      ["e", "p1", 3.0],
      ["f", "p1", 3.0],
      ["g", "p1", 3.0],
      ["h", "p2", 1.0],
      ["i", "p2", 2.0],
      ["j", "p2", 5.0],
    ],
    "key STRING, partition STRING, value DOUBLE NOT NULL",
  );
  const w = Window.partitionBy("partition")
    .orderBy(col("key"))
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
  const rows = await df
    .select(col("key"), F.skewness("value").over(w), F.kurtosis("value").over(w))
    .orderBy("key")
    .collect();
  const p1 = [-0.27238010581457267, -1.506920415224914];
  const p2 = [0.5280049792181881, -1.5000000000000013];
  for (const r of rows) {
    const want = (r.key as string) < "h" ? p1 : p2;
    const got = Object.values(r).slice(1) as number[];
    assert.ok(
      Math.abs(got[0]! - want[0]!) < 1e-12 && Math.abs(got[1]! - want[1]!) < 1e-12,
      `${r.key}: ${got}`,
    );
  }
});

const statDf = () =>
  spark.createDataFrame(
    [
      ["a", "p1", 10.0, 20.0],
      ["b", "p1", 20.0, 10.0],
      ["c", "p2", 20.0, 20.0],
      ["d", "p2", 20.0, 20.0],
      ["e", "p3", 0.0, 0.0],
      ["f", "p3", 6.0, 12.0],
      ["g", "p3", 6.0, 12.0],
      ["h", "p3", 8.0, 16.0],
      ["i", "p4", 5.0, 5.0],
    ],
    "key STRING, partitionId STRING, value1 DOUBLE NOT NULL, value2 DOUBLE NOT NULL",
  );
const wholePartition = () =>
  Window.partitionBy("partitionId")
    .orderBy("key")
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);

test("SPARK-13860: corr, covar_pop, stddev_pop functions in specific window (LEGACY_STATISTICAL_AGGREGATE off)", async () => {
  const w = wholePartition;
  // The suite runs this with ANSI off: corr's ck / sqrt(0) is an ANSI division by zero.
  await checkError(() => statDf().select(F.corr("value1", "value2").over(w())).collect(), "DIVIDE_BY_ZERO");
  spark.conf.set("spark.sql.ansi.enabled", false);
  try {
    await corrCheck(w);
  } finally {
    spark.conf.set("spark.sql.ansi.enabled", true);
  }
});

async function corrCheck(w: typeof wholePartition): Promise<void> {
  await checkAnswer(
    statDf().select(
      col("key"),
      F.corr("value1", "value2").over(w()),
      F.covar_pop("value1", "value2").over(w()),
      F.var_pop("value1").over(w()),
      F.stddev_pop("value1").over(w()),
      F.var_pop("value2").over(w()),
      F.stddev_pop("value2").over(w()),
    ),
    [
      ["a", -1.0, -25.0, 25.0, 5.0, 25.0, 5.0],
      ["b", -1.0, -25.0, 25.0, 5.0, 25.0, 5.0],
      ["c", null, 0.0, 0.0, 0.0, 0.0, 0.0],
      ["d", null, 0.0, 0.0, 0.0, 0.0, 0.0],
      ["e", 1.0, 18.0, 9.0, 3.0, 36.0, 6.0],
      ["f", 1.0, 18.0, 9.0, 3.0, 36.0, 6.0],
      ["g", 1.0, 18.0, 9.0, 3.0, 36.0, 6.0],
      ["h", 1.0, 18.0, 9.0, 3.0, 36.0, 6.0],
      ["i", null, 0.0, 0.0, 0.0, 0.0, 0.0],
    ],
  );
}

test("SPARK-13860: covar_samp, var_samp, stddev_samp functions in specific window (LEGACY_STATISTICAL_AGGREGATE off)", async () => {
  const w = wholePartition;
  await checkAnswer(
    statDf().select(
      col("key"),
      F.covar_samp("value1", "value2").over(w()),
      F.var_samp("value1").over(w()),
      F.variance("value1").over(w()),
      F.stddev_samp("value1").over(w()),
      F.stddev("value1").over(w()),
    ),
    [
      ["a", -50.0, 50.0, 50.0, 7.0710678118654755, 7.0710678118654755],
      ["b", -50.0, 50.0, 50.0, 7.0710678118654755, 7.0710678118654755],
      ["c", 0.0, 0.0, 0.0, 0.0, 0.0],
      ["d", 0.0, 0.0, 0.0, 0.0, 0.0],
      ["e", 24.0, 12.0, 12.0, 3.4641016151377544, 3.4641016151377544],
      ["f", 24.0, 12.0, 12.0, 3.4641016151377544, 3.4641016151377544],
      ["g", 24.0, 12.0, 12.0, 3.4641016151377544, 3.4641016151377544],
      ["h", 24.0, 12.0, 12.0, 3.4641016151377544, 3.4641016151377544],
      ["i", null, null, null, null, null],
    ],
  );
});

test("collect_list in ascending ordered window", async () => {
  const w = Window.partitionBy(col("partition"))
    .orderBy(col("value"))
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
  const all = ["1", "2", "2", "3"];
  await checkAnswer(partDf().select(col("key"), F.sort_array(F.collect_list("value").over(w))), [
    ["a", all],
    ["b", all],
    ["c", all],
    ["d", all],
    ["e", all],
    ["f", ["10", "11"]],
    ["g", ["10", "11"]],
    ["h", ["20"]],
    ["i", []],
  ]);
});

test("aggregation function on invalid column", async () => {
  const df = spark.createDataFrame([[1, "1"]], "key INT NOT NULL, value STRING");
  await checkError(
    () => df.select(col("key"), F.count("invalid").over()),
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
  );
});

test("nth_value on descending ordered window", async () => {
  const df = kov([
    ["a", 0, null],
    ["a", 1, "x"],
    ["a", 2, "y"],
    ["a", 3, "z"],
    ["a", 4, "v"],
    ["b", 1, "k"],
    ["b", 2, "l"],
    ["b", 3, null],
  ]);
  const w = Window.partitionBy(col("key")).orderBy(col("order").desc());
  const v = col("value");
  await checkAnswer(
    df.select(
      col("key"),
      col("order"),
      F.nth_value(v, 2).over(w),
      F.nth_value(v, 2, false).over(w),
      F.nth_value(v, 2, true).over(w),
    ),
    [
      ["a", 0, "z", "z", "z"],
      ["a", 1, "z", "z", "z"],
      ["a", 2, "z", "z", "z"],
      ["a", 3, "z", "z", "z"],
      ["a", 4, null, null, null],
      ["b", 1, "l", "l", "k"],
      ["b", 2, "l", "l", null],
      ["b", 3, null, null, null],
    ],
  );
});

test("lead/lag with ignoreNulls", async () => {
  const df = kov([
    ["a", 0, null],
    ["a", 1, "x"],
    ["b", 2, null],
    ["c", 3, null],
    ["a", 4, "y"],
    ["b", 5, null],
    ["a", 6, "z"],
    ["a", 7, "v"],
    ["a", 8, null],
  ]);
  const w = Window.orderBy(col("order"));
  // Scala's lead(col, n, null, ignoreNulls = true) is SQL's lead(col, n) IGNORE NULLS.
  const ign = (fn: string, arg: string, n: number) =>
    F.expr(`${fn}(${arg}, ${n}) IGNORE NULLS OVER (ORDER BY \`order\`)`);
  await checkAnswer(
    df
      .select(
        col("key"),
        col("order"),
        col("value"),
        F.lead(col("value"), 1).over(w),
        F.lead(col("value"), 2).over(w),
        ign("lead", "value", 0),
        ign("lead", "value", 1),
        ign("lead", "value", 2),
        ign("lead", "value", 3),
        ign("lead", "concat(value, key)", 1),
        F.lag(col("value"), 1).over(w),
        F.lag(col("value"), 2).over(w),
        ign("lag", "value", 0),
        ign("lag", "value", 1),
        ign("lag", "value", 2),
        ign("lag", "value", 3),
        ign("lag", "concat(value, key)", 1),
      )
      .orderBy(col("order")),
    [
      ["a", 0, null, "x", null, null, "x", "y", "z", "xa", null, null, null, null, null, null, null],
      ["a", 1, "x", null, null, "x", "y", "z", "v", "ya", null, null, "x", null, null, null, null],
      ["b", 2, null, null, "y", null, "y", "z", "v", "ya", "x", null, null, "x", null, null, "xa"],
      ["c", 3, null, "y", null, null, "y", "z", "v", "ya", null, "x", null, "x", null, null, "xa"],
      ["a", 4, "y", null, "z", "y", "z", "v", null, "za", null, null, "y", "x", null, null, "xa"],
      ["b", 5, null, "z", "v", null, "z", "v", null, "za", "y", null, null, "y", "x", null, "ya"],
      ["a", 6, "z", "v", null, "z", "v", null, null, "va", null, "y", "z", "y", "x", null, "ya"],
      ["a", 7, "v", null, null, "v", null, null, null, null, "z", null, "v", "z", "y", "x", "za"],
      ["a", 8, null, null, null, null, null, null, null, null, "v", "z", null, "v", "z", "y", "va"],
    ],
    true,
  );
});

test("SPARK-24575: window functions inside WHERE and HAVING clauses", async () => {
  const t = testData2;
  const rank = () => F.rank().over(Window.orderBy(col("b")));
  await checkError(() => t().select("a").where(rank().equalTo(1)), null);
  await checkError(() => t().where(col("b").equalTo(2).and(rank().equalTo(1))), null);
  const rankA = () => F.rank().over(Window.orderBy(col("a")));
  await checkError(
    () =>
      t()
        .groupBy(col("a"))
        .agg(F.avg(col("b")).as("avgb"))
        .where(col("a").gt(col("avgb")).and(rankA().equalTo(1))),
    null,
  );
  await checkError(
    () =>
      t()
        .groupBy(col("a"))
        .agg(F.max(col("b")).as("maxb"), F.sum(col("b")).as("sumb"))
        .where(rankA().equalTo(1)),
    null,
  );
  t().createOrReplaceTempView("testData2");
  for (const q of [
    "SELECT a FROM testData2 WHERE RANK() OVER(ORDER BY b) = 1",
    "SELECT * FROM testData2 WHERE b = 2 AND RANK() OVER(ORDER BY b) = 1",
    "SELECT * FROM testData2 GROUP BY a HAVING a > AVG(b) AND RANK() OVER(ORDER BY a) = 1",
    "SELECT a, MAX(b), SUM(b) FROM testData2 GROUP BY a HAVING RANK() OVER(ORDER BY a) = 1",
    "SELECT a, MAX(b) FROM testData2 GROUP BY a HAVING SUM(b) = 5 AND RANK() OVER(ORDER BY a) = 1",
  ]) {
    await checkError(() => spark.sql(q), null);
  }
});

test("window functions in multiple selects", async () => {
  const df = spark.createDataFrame(
    [
      ["S1", "P1", 100],
      ["S1", "P1", 700],
      ["S2", "P1", 200],
      ["S2", "P2", 300],
    ],
    "sno STRING, pno STRING, qty INT NOT NULL",
  );
  const w1 = Window.partitionBy("sno");
  const w2 = Window.partitionBy("sno", "pno");
  const select = df
    .select(col("sno"), col("pno"), col("qty"), F.sum(col("qty")).over(w2).alias("sum_qty_2"))
    .select(col("sno"), col("pno"), col("qty"), col("sum_qty_2"), F.sum("qty").over(w1).alias("sum_qty_1"));
  await checkAnswer(select, [
    ["S1", "P1", 100, 800, 800],
    ["S1", "P1", 700, 800, 800],
    ["S2", "P1", 200, 200, 500],
    ["S2", "P2", 300, 300, 500],
  ]);
});

test("NaN and -0.0 in window partition keys", async () => {
  const df = spark.createDataFrame(
    [
      [Number.NaN, Number.NaN],
      [Number.NaN, Number.NaN],
      [0.0, 0.0],
      [-0.0, -0.0],
    ],
    "f FLOAT NOT NULL, d DOUBLE NOT NULL",
  );
  const want = [
    [Number.NaN, 2],
    [Number.NaN, 2],
    [0.0, 2],
    [-0.0, 2],
  ];
  await checkAnswer(df.select(col("f"), F.count(lit(1)).over(Window.partitionBy("f", "d"))), want);
  await checkAnswer(
    df.select(col("f"), F.count(lit(1)).over(Window.partitionBy(F.array("f"), F.struct("d")))),
    want,
  );
  await checkAnswer(
    df.select(
      col("f"),
      F.count(lit(1)).over(Window.partitionBy(F.array(F.struct("f")), F.struct(F.array("d")))),
    ),
    want,
  );
  const df2 = spark.createDataFrame(
    [
      [[-0.0, 0.0], { _1: -0.0, _2: Number.NaN }, [{ _1: -0.0, _2: Number.NaN }]],
      [[0.0, -0.0], { _1: 0.0, _2: Number.NaN }, [{ _1: 0.0, _2: Number.NaN }]],
    ],
    "arr ARRAY<FLOAT>, stru STRUCT<_1: DOUBLE, _2: DOUBLE>, arrOfStru ARRAY<STRUCT<_1: DOUBLE, _2: DOUBLE>>",
  );
  const rows = await rowsOf(df2.select(F.count(lit(1)).over(Window.partitionBy("arr", "stru", "arrOfStru"))));
  assert.deepEqual(rows, [[2], [2]]);
});

test("SPARK-34227: WindowFunctionFrame should clear its states during preparation", async () => {
  const df = spark
    .range(0, 3)
    .select(
      F.when(col("id").lt(2), lit("a")).otherwise(lit("b")).as("key"),
      col("id").mod(2).cast("int").as("order"),
      F.when(col("id").mod(2).equalTo(0), lit(null)).otherwise(lit("x")).as("value"),
    );
  const w1 = Window.partitionBy(col("key"))
    .orderBy(col("order"))
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
  const w2 = Window.partitionBy(col("key"))
    .orderBy(col("order"))
    .rowsBetween(Window.unboundedPreceding, Window.currentRow);
  await checkAnswer(
    df.select(
      col("key"),
      col("order"),
      F.nth_value(col("value"), 1, true).over(w1),
      F.nth_value(col("value"), 1, true).over(w2),
    ),
    [
      ["a", 0, "x", null],
      ["a", 1, "x", "x"],
      ["b", 0, null, null],
    ],
  );
});

test("SPARK-38237: lead over a window partitioned by two keys", async () => {
  const df = spark.createDataFrame(
    [
      ["a", 1, 1],
      ["a", 2, 2],
      ["b", 1, 3],
      ["b", 1, 4],
    ],
    "key1 STRING, key2 INT NOT NULL, value INT NOT NULL",
  );
  const w = Window.partitionBy("key1", "key2").orderBy("value");
  await checkAnswer(df.select(F.lead(col("key1"), 1).over(w), F.lead(col("value"), 1).over(w)), [
    ["b", 4],
    [null, null],
    [null, null],
    [null, null],
  ]);
});

test("SPARK-38308: properly handle a list of window expressions", async () => {
  const df = spark.createDataFrame(
    [
      [1, 2, 3],
      [1, 3, 4],
      [2, 4, 5],
      [2, 5, 6],
    ],
    "a INT NOT NULL, b INT NOT NULL, c INT NOT NULL",
  );
  const w = Window.partitionBy("a").orderBy("b").rowsBetween(Window.unboundedPreceding, Window.currentRow);
  await checkAnswer(df.select(F.sum("c").over(w).as("sumc"), F.avg("c").over(w).as("avgc")), [
    [3, 3],
    [7, 3.5],
    [5, 5],
    [11, 5.5],
  ]);
});
