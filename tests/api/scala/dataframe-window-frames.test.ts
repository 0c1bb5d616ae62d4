// Port of Spark's DataFrameWindowFramesSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameWindowFramesSuite.scala): same inputs, same expected rows (as multisets), same error
// classes. Skipped: tests that build frames from Catalyst classes (NonFoldableLiteral,
// SpecifiedWindowFrame, GroupFrame), plan-shape checks (WindowExec/SortExec/Exchange,
// EliminateWindowPartitions), calendar-interval range frames (interval types are being added by
// another engineer), SPARK-41793 (a decimal RANGE offset; PySpark's rangeBetween takes integers),
// GROUPS frames (newer than Spark 4.0's API), and plan-shape helpers.
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { col } from "../../../src/api/functions/index.js";
import { Window } from "../../../src/api/window.js";
import { checkAnswer, checkError, spark } from "./fixtures.js";

const kv = (rows: [number, string][]) => spark.createDataFrame(rows, "key INT NOT NULL, value STRING");
const four = () =>
  kv([
    [1, "1"],
    [2, "2"],
    [1, "3"],
    [2, "4"],
  ]);
const byKey = () => Window.partitionBy(col("key")).orderBy(col("value"));
const byKeyDesc = () => Window.partitionBy(col("key")).orderBy(col("value").desc());

test("lead/lag with empty data frame", async () => {
  const df = spark.createDataFrame([], "key INT, value STRING");
  await checkAnswer(df.select(F.lead("value", 1).over(byKey()), F.lag("value", 1).over(byKey())), []);
});

test("lead/lag with positive offset", async () => {
  await checkAnswer(
    four().select(col("key"), F.lead("value", 1).over(byKey()), F.lag("value", 1).over(byKey())),
    [
      [1, "3", null],
      [1, null, "1"],
      [2, "4", null],
      [2, null, "2"],
    ],
  );
});

test("reverse lead/lag with positive offset", async () => {
  await checkAnswer(
    four().select(col("key"), F.lead("value", 1).over(byKeyDesc()), F.lag("value", 1).over(byKeyDesc())),
    [
      [1, "1", null],
      [1, null, "3"],
      [2, "2", null],
      [2, null, "4"],
    ],
  );
});

test("lead/lag with offsets beyond the window group size", async () => {
  const want = [
    [1, null, null],
    [1, null, null],
    [2, null, null],
    [2, null, null],
  ];
  await checkAnswer(
    four().select(col("key"), F.lead("value", 3).over(byKey()), F.lag("value", 3).over(byKey())),
    want,
  );
  await checkAnswer(
    four().select(col("key"), F.lead("value", -3).over(byKey()), F.lag("value", -3).over(byKey())),
    want,
  );
});

test("lead/lag with negative offset", async () => {
  await checkAnswer(
    four().select(col("key"), F.lead("value", -1).over(byKey()), F.lag("value", -1).over(byKey())),
    [
      [1, null, "3"],
      [1, "1", null],
      [2, null, "4"],
      [2, "2", null],
    ],
  );
  await checkAnswer(
    four().select(col("key"), F.lead("value", -1).over(byKeyDesc()), F.lag("value", -1).over(byKeyDesc())),
    [
      [1, null, "1"],
      [1, "3", null],
      [2, null, "2"],
      [2, "4", null],
    ],
  );
});

test("lead/lag with default value", async () => {
  const d = "n/a";
  const df = kv([
    [1, "1"],
    [2, "2"],
    [1, "3"],
    [2, "4"],
    [2, "5"],
  ]);
  const w = byKey();
  await checkAnswer(
    df.select(
      col("key"),
      F.lead("value", 2, d).over(w),
      F.lag("value", 2, d).over(w),
      F.lead("value", -2, d).over(w),
      F.lag("value", -2, d).over(w),
    ),
    [
      [1, d, d, d, d],
      [1, d, d, d, d],
      [2, "5", d, d, "5"],
      [2, d, "2", "2", d],
      [2, d, d, d, d],
    ],
  );
});

test("lead/lag with column reference as default when offset exceeds window group size", async () => {
  const df = spark.range(0, 10, 1).toDF("id");
  const w = Window.partitionBy(F.expr("div(id, 2)")).orderBy(col("id"));
  const id = col("id");
  const result = df
    .select(
      id,
      F.lead(id, 1, id).over(w).as("lead_1"),
      F.lead(id, 3, id).over(w).as("lead_3"),
      F.lag(id, 1, id).over(w).as("lag_1"),
      F.lag(id, 3, id).over(w).as("lag_3"),
    )
    .orderBy("id");
  await checkAnswer(result, [
    [0, 1, 0, 0, 0],
    [1, 1, 1, 0, 1],
    [2, 3, 2, 2, 2],
    [3, 3, 3, 2, 3],
    [4, 5, 4, 4, 4],
    [5, 5, 5, 4, 5],
    [6, 7, 6, 6, 6],
    [7, 7, 7, 6, 7],
    [8, 9, 8, 8, 8],
    [9, 9, 9, 8, 9],
  ]);
});

test("rows/range between with empty data frame", async () => {
  const df = spark.createDataFrame([], "key STRING, value INT");
  const w = Window.partitionBy(col("key")).orderBy(col("value"));
  await checkAnswer(
    df.select(
      col("key"),
      F.first("value").over(w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)),
      F.first("value").over(w.rangeBetween(Window.unboundedPreceding, Window.unboundedFollowing)),
    ),
    [],
  );
});

const longKeys = () =>
  spark.createDataFrame(
    [
      [1, "1"],
      [1, "1"],
      [2147483650, "1"],
      [3, "2"],
      [2, "1"],
      [2147483650, "2"],
    ],
    "key BIGINT NOT NULL, value STRING",
  );

test("rows between should accept int/long values as boundary", async () => {
  const w = () => Window.partitionBy(col("value")).orderBy(col("key"));
  await checkAnswer(longKeys().select(col("key"), F.count("key").over(w().rowsBetween(0, 2147483647))), [
    [1, 3],
    [1, 4],
    [2, 2],
    [3, 2],
    [2147483650, 1],
    [2147483650, 1],
  ]);
  await checkError(
    () => longKeys().select(col("key"), F.count("key").over(w().rowsBetween(2147483648, 0))),
    "INVALID_BOUNDARY.START",
  );
  await checkError(
    () => longKeys().select(col("key"), F.count("key").over(w().rowsBetween(0, 2147483648))),
    "INVALID_BOUNDARY.END",
  );
});

test("range between should accept at most one ORDER BY expression when unbounded", async () => {
  const df = spark.createDataFrame([[1, 1]], "key INT NOT NULL, value INT NOT NULL");
  const w = Window.orderBy(col("key"), col("value"));
  await checkAnswer(
    df.select(
      col("key"),
      F.min("key").over(w.rangeBetween(Window.unboundedPreceding, Window.unboundedFollowing)),
    ),
    [[1, 1]],
  );
  for (const [lo, hi] of [
    [Window.unboundedPreceding, 1],
    [-1, Window.unboundedFollowing],
    [-1, 1],
  ] as const) {
    await checkError(
      () => df.select(F.min("key").over(w.rangeBetween(lo, hi))),
      "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER",
    );
  }
});

test("range between should accept numeric values only when bounded", async () => {
  const df = spark.createDataFrame([["non_numeric"]], "value STRING");
  const w = Window.orderBy(col("value"));
  await checkAnswer(
    df.select(
      col("value"),
      F.min("value").over(w.rangeBetween(Window.unboundedPreceding, Window.unboundedFollowing)),
    ),
    [["non_numeric", "non_numeric"]],
  );
  for (const [lo, hi] of [
    [Window.unboundedPreceding, 1],
    [-1, Window.unboundedFollowing],
    [-1, 1],
  ] as const) {
    await checkError(
      () => df.select(F.min("value").over(w.rangeBetween(lo, hi))),
      "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
    );
  }
});

test("range between should accept int/long values as boundary", async () => {
  const w = () => Window.partitionBy(col("value")).orderBy(col("key"));
  await checkAnswer(longKeys().select(col("key"), F.count("key").over(w().rangeBetween(0, 2147483648))), [
    [1, 3],
    [1, 3],
    [2, 2],
    [3, 2],
    [2147483650, 1],
    [2147483650, 1],
  ]);
  await checkAnswer(longKeys().select(col("key"), F.count("key").over(w().rangeBetween(-2147483649, 0))), [
    [1, 2],
    [1, 2],
    [2, 3],
    [2147483650, 2],
    [2147483650, 4],
    [3, 1],
  ]);
});

test("unbounded rows/range between with aggregation", async () => {
  const df = spark.createDataFrame(
    [
      ["one", 1],
      ["two", 2],
      ["one", 3],
      ["two", 4],
    ],
    "key STRING, value INT NOT NULL",
  );
  const w = Window.partitionBy(col("key")).orderBy(col("value"));
  await checkAnswer(
    df.select(
      col("key"),
      F.sum("value").over(w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)),
      F.sum("value").over(w.rangeBetween(Window.unboundedPreceding, Window.unboundedFollowing)),
    ),
    [
      ["one", 4, 4],
      ["one", 4, 4],
      ["two", 6, 6],
      ["two", 6, 6],
    ],
  );
});

test("unbounded preceding/following rows between with aggregation", async () => {
  const df = kv([
    [1, "1"],
    [2, "2"],
    [2, "3"],
    [1, "3"],
    [3, "2"],
    [4, "3"],
  ]);
  const w = Window.partitionBy(col("value")).orderBy(col("key"));
  await checkAnswer(
    df.select(
      col("key"),
      F.last("key").over(w.rowsBetween(Window.currentRow, Window.unboundedFollowing)),
      F.last("key").over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow)),
    ),
    [
      [1, 1, 1],
      [2, 3, 2],
      [3, 3, 3],
      [1, 4, 1],
      [2, 4, 2],
      [4, 4, 4],
    ],
  );
});

test("reverse unbounded preceding/following rows between with aggregation", async () => {
  const df = kv([
    [1, "1"],
    [2, "2"],
    [2, "3"],
    [1, "3"],
    [3, "2"],
    [4, "3"],
  ]);
  const w = Window.partitionBy(col("value")).orderBy(col("key").desc());
  await checkAnswer(
    df.select(
      col("key"),
      F.last("key").over(w.rowsBetween(Window.currentRow, Window.unboundedFollowing)),
      F.last("key").over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow)),
    ),
    [
      [1, 1, 1],
      [3, 2, 3],
      [2, 2, 2],
      [4, 1, 4],
      [2, 1, 2],
      [1, 1, 1],
    ],
  );
});

test("unbounded preceding/following range between with aggregation", async () => {
  const df = kv([
    [5, "1"],
    [5, "2"],
    [4, "2"],
    [6, "2"],
    [3, "1"],
    [2, "2"],
  ]);
  const w = Window.partitionBy("value").orderBy("key");
  await checkAnswer(
    df.select(
      col("key"),
      F.avg("key").over(w.rangeBetween(Window.unboundedPreceding, 1)).as("avg_key1"),
      F.avg("key").over(w.rangeBetween(Window.currentRow, Window.unboundedFollowing)).as("avg_key2"),
    ),
    [
      [3, 3.0, 4.0],
      [5, 4.0, 5.0],
      [2, 2.0, 17.0 / 4.0],
      [4, 11.0 / 3.0, 5.0],
      [5, 17.0 / 4.0, 11.0 / 2.0],
      [6, 17.0 / 4.0, 6.0],
    ],
  );
});

test("reverse preceding/following range between with aggregation", async () => {
  const df = spark.createDataFrame([[1], [2], [4], [3], [2], [1]], "value INT NOT NULL");
  const w = Window.orderBy(col("value").desc());
  await checkAnswer(
    df.select(
      col("value"),
      F.sum(col("value")).over(w.rangeBetween(Window.unboundedPreceding, 1)),
      F.sum(col("value")).over(w.rangeBetween(1, Window.unboundedFollowing)),
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

const sliding = () =>
  kv([
    [1, "1"],
    [2, "1"],
    [2, "2"],
    [1, "1"],
    [2, "2"],
  ]);

test("sliding rows between with aggregation (and reversed)", async () => {
  await checkAnswer(
    sliding().select(
      col("key"),
      F.avg("key").over(Window.partitionBy(col("value")).orderBy(col("key")).rowsBetween(-1, 2)),
    ),
    [
      [1, 4.0 / 3.0],
      [1, 4.0 / 3.0],
      [2, 3.0 / 2.0],
      [2, 2.0],
      [2, 2.0],
    ],
  );
  await checkAnswer(
    sliding().select(
      col("key"),
      F.avg("key").over(Window.partitionBy(col("value")).orderBy(col("key").desc()).rowsBetween(-1, 2)),
    ),
    [
      [1, 1.0],
      [1, 4.0 / 3.0],
      [2, 4.0 / 3.0],
      [2, 2.0],
      [2, 2.0],
    ],
  );
});

test("sliding range between with aggregation", async () => {
  const df = kv([
    [1, "1"],
    [1, "1"],
    [3, "1"],
    [2, "2"],
    [2, "1"],
    [2, "2"],
  ]);
  await checkAnswer(
    df.select(
      col("key"),
      F.avg("key").over(Window.partitionBy(col("value")).orderBy(col("key")).rangeBetween(-1, 1)),
    ),
    [
      [1, 4.0 / 3.0],
      [1, 4.0 / 3.0],
      [2, 7.0 / 4.0],
      [3, 5.0 / 2.0],
      [2, 2.0],
      [2, 2.0],
    ],
  );
});

const ni = () =>
  spark.createDataFrame(
    [
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
    ],
    "n INT NOT NULL, i INT NOT NULL",
  );

test("SPARK-24033: analysis of offset window functions with a matching frame", async () => {
  const res = [
    [1, 1, null],
    [1, 2, 1],
    [1, 3, 2],
    [2, 1, null],
    [2, 2, 1],
  ];
  const w = Window.partitionBy("n").orderBy("i").rowsBetween(-1, -1);
  await checkAnswer(ni().withColumn("m", F.lead("i", -1).over(w)), res);
  await checkAnswer(ni().withColumn("m", F.lag("i", 1).over(w)), res);
});

test("SPARK-41805: reuse expressions in WindowSpecDefinition", async () => {
  const w = Window.partitionBy(col("n")).orderBy(col("n").cast("string").asc());
  await checkAnswer(ni().select(F.sum("i").over(w), F.avg("i").over(w)), [
    [3, 1.5],
    [3, 1.5],
    [6, 2.0],
    [6, 2.0],
    [6, 2.0],
  ]);
});

test("SPARK-45352: eliminate foldable window partitions", async () => {
  const df = spark.createDataFrame(
    [
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
    ],
    "a INT NOT NULL, b INT NOT NULL",
  );
  await checkAnswer(
    df.select(col("a"), col("b"), F.row_number().over(Window.partitionBy(F.lit(1)).orderBy(col("b")))),
    [
      [1, 1, 1],
      [1, 2, 3],
      [1, 3, 5],
      [2, 1, 2],
      [2, 2, 4],
    ],
  );
  await checkAnswer(
    df.select(
      col("a"),
      col("b"),
      F.row_number().over(Window.partitionBy(col("a"), F.lit(1)).orderBy(col("b"))),
    ),
    [
      [1, 1, 1],
      [1, 2, 2],
      [1, 3, 3],
      [2, 1, 1],
      [2, 2, 2],
    ],
  );
});
