// show() text (byte-exact via showString) and Spark's generated column names. Expected values:
// python/pyspark/sql/dataframe.py show docstring, DataFrameSuite showString tests, Spark 4
// ToPrettyString rules (NULL, [01 02] binary, {k -> v} maps, {a, b} structs), and the column
// headers printed in python/pyspark/sql/column.py / functions/builtin.py docstrings.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { col, lit } from "../../src/api/functions/index.js";
import type { Column } from "../../src/api/column.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { Window } from "../../src/api/window.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const people = () =>
  spark.createDataFrame(
    [
      [14, "Tom"],
      [23, "Alice"],
      [16, "Bob"],
    ],
    ["age", "name"],
  );

test("show() default (dataframe.py show)", async () => {
  assert.equal(
    await people().showString(),
    "+---+-----+\n|age| name|\n+---+-----+\n| 14|  Tom|\n| 23|Alice|\n| 16|  Bob|\n+---+-----+\n",
  );
});

test("show(2) on three rows prints the footer", async () => {
  assert.equal(
    await people().showString(2),
    "+---+-----+\n|age| name|\n+---+-----+\n| 14|  Tom|\n| 23|Alice|\n+---+-----+\nonly showing top 2 rows\n",
  );
});

test("show(truncate=false) left-aligns", async () => {
  assert.equal(
    await people().showString(20, false),
    "+---+-----+\n|age|name |\n+---+-----+\n|14 |Tom  |\n|23 |Alice|\n|16 |Bob  |\n+---+-----+\n",
  );
});

test("show(truncate=3) cuts without an ellipsis", async () => {
  assert.equal(
    await people().showString(20, 3),
    "+---+----+\n|age|name|\n+---+----+\n| 14| Tom|\n| 23| Ali|\n| 16| Bob|\n+---+----+\n",
  );
});

test("show(truncate=5) cuts with an ellipsis", async () => {
  const df = spark.createDataFrame([["Alice"], ["Alexander"]], ["name"]);
  assert.equal(await df.showString(20, 5), "+-----+\n| name|\n+-----+\n|Alice|\n|Al...|\n+-----+\n");
});

test("show(vertical=true)", async () => {
  assert.equal(
    await people().showString(20, true, true),
    [
      "-RECORD 0-----",
      " age  | 14    ",
      " name | Tom   ",
      "-RECORD 1-----",
      " age  | 23    ",
      " name | Alice ",
      "-RECORD 2-----",
      " age  | 16    ",
      " name | Bob   ",
      "",
    ].join("\n"),
  );
});

// Dataset.showString: widths come from the rows shown; the footer follows the last record.
test("show(1, vertical=true) and show(2, truncate=2) with footers", async () => {
  assert.equal(
    await people().showString(1, true, true),
    "-RECORD 0---\n age  | 14  \n name | Tom \nonly showing top 1 row\n",
  );
  assert.equal(
    await people().showString(2, 2),
    "+---+----+\n|age|name|\n+---+----+\n| 14|  To|\n| 23|  Al|\n+---+----+\nonly showing top 2 rows\n",
  );
});

test("show prints NULL for nulls, and long strings cut at 20", async () => {
  const df = spark.createDataFrame(
    [
      [null, "a".repeat(25)],
      [1, null],
    ],
    "x INT, s STRING",
  );
  assert.equal(
    await df.showString(),
    [
      "+----+--------------------+",
      "|   x|                   s|",
      "+----+--------------------+",
      "|NULL|aaaaaaaaaaaaaaaaa...|",
      "|   1|                NULL|",
      "+----+--------------------+",
      "",
    ].join("\n"),
  );
});

test("show renders nested, binary, temporal and floating values as Spark 4", async () => {
  const df = spark.sql(
    "SELECT named_struct('a', 1, 'b', 'x') AS s, array(1, 2) AS a, map('a', 1) AS m, X'0102' AS b, " +
      "TIMESTAMP'2024-01-01 12:30:00' AS ts, DATE'2024-01-01' AS d, 1.0D AS dbl, 1.0E10D AS big, " +
      "CAST(1.5 AS DECIMAL(5,2)) AS dec",
  );
  assert.equal(
    await df.showString(20, false),
    [
      "+------+------+--------+-------+-------------------+----------+---+------+----+",
      "|s     |a     |m       |b      |ts                 |d         |dbl|big   |dec |",
      "+------+------+--------+-------+-------------------+----------+---+------+----+",
      "|{1, x}|[1, 2]|{a -> 1}|[01 02]|2024-01-01 12:30:00|2024-01-01|1.0|1.0E10|1.50|",
      "+------+------+--------+-------+-------------------+----------+---+------+----+",
      "",
    ].join("\n"),
  );
});

test("show renders NULL inside structs, arrays and maps", async () => {
  const df = spark.sql(
    "SELECT named_struct('a', 1, 'b', CAST(NULL AS STRING)) AS s, array(1, NULL) AS a, " +
      "map('k', CAST(NULL AS INT)) AS m",
  );
  assert.equal(
    await df.showString(20, false),
    [
      "+---------+---------+-----------+",
      "|s        |a        |m          |",
      "+---------+---------+-----------+",
      "|{1, NULL}|[1, NULL]|{k -> NULL}|",
      "+---------+---------+-----------+",
      "",
    ].join("\n"),
  );
});

test("show renders special doubles", async () => {
  const df = spark.sql(
    "SELECT CAST('NaN' AS DOUBLE) AS n, CAST('Infinity' AS DOUBLE) AS i, -0.5D AS h, 1.0E-5D AS e, 123456789.0D AS l",
  );
  assert.equal(
    await df.showString(20, false),
    [
      "+---+--------+----+------+------------+",
      "|n  |i       |h   |e     |l           |",
      "+---+--------+----+------+------------+",
      "|NaN|Infinity|-0.5|1.0E-5|1.23456789E8|",
      "+---+--------+----+------+------------+",
      "",
    ].join("\n"),
  );
});

test("show of an empty result keeps the header", async () => {
  assert.equal(
    await people().filter("age < 0").showString(),
    "+---+----+\n|age|name|\n+---+----+\n+---+----+\n",
  );
});

/** The single column name a select of `c` produces. */
function nameOf(c: Column): string {
  const df = spark.createDataFrame(
    [[1, 2, "x", 1.5, [1, 2], { b: 7 }, true]],
    "a INT, b INT, name STRING, d DOUBLE, arr ARRAY<INT>, s STRUCT<b: INT>, flag BOOLEAN",
  );
  return df.select(c).columns[0]!;
}

// Two Spark rules tspark does not follow yet are left out here (see the report): ResolveAliases
// names a Cast over a named expression after it (`col("a").cast("string")` is `a`, as the
// dataframe.py transform docstring shows), and an extract-only chain by its pretty SQL
// (`col("s").getField("b")` is `s.b`, column.py getField docstring).
test("generated column names follow Spark", () => {
  const cases: [Column, string][] = [
    [col("a").plus(1), "(a + 1)"],
    [col("a").minus(col("b")), "(a - b)"],
    [col("a").plus(col("b")).multiply(2), "((a + b) * 2)"],
    [col("a").divide(2), "(a / 2)"],
    [col("a").mod(2), "(a % 2)"],
    [F.upper(col("name")), "upper(name)"],
    [F.upper("name"), "upper(name)"],
    [F.abs(col("a")), "abs(a)"],
    [col("a").notEqual(1), "(NOT (a = 1))"],
    [col("a").equalTo(1), "(a = 1)"],
    [col("a").eqNullSafe(1), "(a <=> 1)"],
    [col("a").gt(1).and(col("b").lt(2)), "((a > 1) AND (b < 2))"],
    [col("flag").or(lit(false)), "(flag OR false)"],
    [col("flag").not(), "(NOT flag)"],
    [F.when(col("a").gt(1), "x").otherwise("y"), "CASE WHEN (a > 1) THEN x ELSE y END"],
    [F.when(col("a").gt(1), 1), "CASE WHEN (a > 1) THEN 1 END"],
    [col("a").isNull(), "(a IS NULL)"],
    [col("a").isNotNull(), "(a IS NOT NULL)"],
    [col("a").plus(1).cast("string"), "CAST((a + 1) AS STRING)"],
    [lit("7").cast("bigint"), "CAST(7 AS BIGINT)"],
    [col("arr").getItem(0), "arr[0]"],
    [col("s.b"), "b"],
    [col("a").isin(1, 2), "(a IN (1, 2))"],
    [col("a").between(1, 3), "((a >= 1) AND (a <= 3))"],
    [col("name").like("x%"), "name LIKE x%"],
    [lit(1), "1"],
    [lit("x"), "x"],
    [F.coalesce(col("a"), lit(0)), "coalesce(a, 0)"],
    [F.expr("a + 1"), "(a + 1)"],
    [col("a").bitwiseAND(1), "(a & 1)"],
    [F.struct("a", "b"), "struct(a, b)"],
    [F.array("a", "b"), "array(a, b)"],
    [F.round(col("d"), 1), "round(d, 1)"],
    [col("a").alias("z"), "z"],
  ];
  for (const [c, name] of cases) assert.equal(nameOf(c), name);
});

test("aggregate column names follow Spark", () => {
  const df = spark.createDataFrame([[1, 2.0]], "x INT, y DOUBLE");
  assert.deepEqual(df.select(F.count(lit(1))).columns, ["count(1)"]);
  assert.deepEqual(df.select(F.count("*")).columns, ["count(1)"]);
  assert.deepEqual(df.select(F.count("x")).columns, ["count(x)"]);
  assert.deepEqual(df.select(F.mean("x")).columns, ["avg(x)"]);
  assert.deepEqual(df.select(F.avg("x")).columns, ["avg(x)"]);
  assert.deepEqual(df.select(F.sum("x"), F.max("y"), F.min("y")).columns, ["sum(x)", "max(y)", "min(y)"]);
  assert.deepEqual(df.select(F.countDistinct("x")).columns, ["count(DISTINCT x)"]);
  assert.deepEqual(df.groupBy().sum("x").columns, ["sum(x)"]);
  assert.deepEqual(df.groupBy("x").count().columns, ["x", "count"]);
  assert.deepEqual(df.groupBy().count().columns, ["count"]);
});

test("window column names follow Spark", () => {
  const df = spark.createDataFrame([[1, 2]], "a INT, b INT");
  const w = Window.partitionBy("a").orderBy("b");
  assert.deepEqual(df.select(F.row_number().over(w)).columns, [
    "row_number() OVER (PARTITION BY a ORDER BY b ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
  ]);
  assert.deepEqual(df.select(F.sum("b").over(Window.partitionBy("a"))).columns, [
    "sum(b) OVER (PARTITION BY a ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
  ]);
});
