// Higher-order functions through the PySpark-style API (JS callbacks over Columns). Expected values
// come from the docstrings in python/pyspark/sql/functions/builtin.py (transform, exists, forall,
// filter, aggregate, reduce, zip_with, transform_keys, transform_values, map_filter, map_zip_with,
// array_sort), rendered as show() cells; column names follow Spark's `lambdafunction(…,
// namedlambdavariable())` form (sql-tests analyzer-results/higher-order-functions.sql.out).
// JS has no float literal distinct from an integer one, so PySpark's `lit(0.0)` is written
// `lit(0.0).cast("double")` here.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Column } from "../../src/api/column.js";
import * as F from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/api/spark-session.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const { col, lit } = F;

/** The cells of every row, as show(truncate=false) prints them, for both codegen modes. */
async function cells(build: () => import("../../src/api/data-frame.js").DataFrame): Promise<string[][]> {
  const out: string[][][] = [];
  for (const mode of ["true", "false"]) {
    spark.conf.set("tspark.codegen.enabled", mode);
    const text = await build().showString(100, false);
    const lines = text.split("\n").filter((l) => l.startsWith("|"));
    out.push(
      lines.slice(1).map((l) =>
        l
          .slice(1, -1)
          .split("|")
          .map((c) => c.trim()),
      ),
    );
  }
  spark.conf.set("tspark.codegen.enabled", "true");
  assert.deepEqual(out[0], out[1], "codegen and interpreter disagree");
  return out[0]!;
}

const arrays = () => spark.createDataFrame([[1, [1, 2, 3, 4]]], "key INT, values ARRAY<INT>");

test("transform with one and two parameters (builtin.py transform)", async () => {
  assert.deepEqual(
    await cells(() => arrays().select(F.transform("values", (x) => x.multiply(2)).alias("doubled"))),
    [["[2, 4, 6, 8]"]],
  );
  const alternate = (x: Column, i: Column) => F.when(i.mod(2).eqNullSafe(0), x).otherwise(x.multiply(-1));
  assert.deepEqual(await cells(() => arrays().select(F.transform("values", alternate).alias("alternated"))), [
    ["[1, -2, 3, -4]"],
  ]);
});

test("transform column name is Spark's lambdafunction text", () => {
  assert.deepEqual(arrays().select(F.transform(col("values"), (x) => x.plus(1))).columns, [
    "transform(values, lambdafunction((namedlambdavariable() + 1), namedlambdavariable()))",
  ]);
  assert.deepEqual(arrays().select(F.transform(col("values"), (x, i) => x.plus(i))).columns, [
    "transform(values, lambdafunction((namedlambdavariable() + namedlambdavariable()), namedlambdavariable(), namedlambdavariable()))",
  ]);
});

test("exists and forall (builtin.py exists, forall)", async () => {
  const df = () =>
    spark.createDataFrame(
      [
        [1, [1, 2, 3, 4]],
        [2, [3, -1, 0]],
      ],
      "key INT, values ARRAY<INT>",
    );
  assert.deepEqual(await cells(() => df().select(F.exists("values", (x) => x.lt(0)).alias("any_negative"))), [
    ["false"],
    ["true"],
  ]);
  const words = () =>
    spark.createDataFrame(
      [
        [1, ["bar"]],
        [2, ["foo", "bar"]],
        [3, ["foobar", "foo"]],
      ],
      "key INT, values ARRAY<STRING>",
    );
  assert.deepEqual(
    await cells(() => words().select(F.forall("values", (x) => x.rlike("foo")).alias("all_foo"))),
    [["false"], ["false"], ["true"]],
  );
});

test("filter keeps matching elements (builtin.py filter)", async () => {
  const df = () =>
    spark.createDataFrame(
      [[1, ["2018-09-20", "2019-02-03", "2019-07-01", "2020-06-01"]]],
      "key INT, values ARRAY<STRING>",
    );
  const after = (x: Column) => F.month(F.to_date(x)).gt(6);
  assert.deepEqual(await cells(() => df().select(F.filter("values", after).alias("after_second_quarter"))), [
    ["[2018-09-20, 2019-07-01]"],
  ]);
  assert.deepEqual(
    await cells(() => arrays().select(F.filter("values", (x, i) => x.gt(i.plus(1)).or(i.equalTo(3))))),
    [["[4]"]],
  );
});

test("aggregate and reduce with and without finish (builtin.py aggregate)", async () => {
  const df = () => spark.createDataFrame([[1, [20.0, 4.0, 2.0, 6.0, 10.0]]], "id INT, values ARRAY<DOUBLE>");
  assert.deepEqual(
    await cells(() =>
      df().select(F.aggregate("values", lit(0.0).cast("double"), (acc, x) => acc.plus(x)).alias("sum")),
    ),
    [["42.0"]],
  );
  const merge = (acc: Column, x: Column) =>
    F.struct(acc.getField("count").plus(1).alias("count"), acc.getField("sum").plus(x).alias("sum"));
  const finish = (acc: Column) => acc.getField("sum").divide(acc.getField("count"));
  assert.deepEqual(
    await cells(() =>
      df().select(
        F.reduce(
          "values",
          F.struct(lit(0).alias("count"), lit(0.0).cast("double").alias("sum")),
          merge,
          finish,
        ).alias("mean"),
      ),
    ),
    [["8.4"]],
  );
  assert.deepEqual(await cells(() => arrays().select(F.aggregate("values", 0, (a, x) => a.plus(x)))), [
    ["10"],
  ]);
});

test("aggregate without finish names the identity lambda", () => {
  assert.deepEqual(arrays().select(F.aggregate("values", lit(0), (a, x) => a.plus(x))).columns, [
    "aggregate(values, 0, lambdafunction((namedlambdavariable() + namedlambdavariable()), namedlambdavariable(), namedlambdavariable()), lambdafunction(namedlambdavariable(), namedlambdavariable()))",
  ]);
});

test("zip_with pads the shorter array with NULL (builtin.py zip_with)", async () => {
  const df = () =>
    spark.createDataFrame([[1, [1, 3, 5, 8], [0, 2, 4, 6]]], "id INT, xs ARRAY<INT>, ys ARRAY<INT>");
  assert.deepEqual(
    await cells(() => df().select(F.zip_with("xs", "ys", (x, y) => F.pow(x, y)).alias("powers"))),
    [["[1.0, 9.0, 625.0, 262144.0]"]],
  );
  const df2 = () =>
    spark.createDataFrame([[1, ["foo", "bar"], [1, 2, 3]]], "id INT, xs ARRAY<STRING>, ys ARRAY<INT>");
  assert.deepEqual(
    await cells(() => df2().select(F.zip_with("xs", "ys", (x, y) => F.concat_ws("_", x, y)).alias("xs_ys"))),
    [["[foo_1, bar_2, 3]"]],
  );
});

test("map functions: transform_keys, transform_values, map_filter, map_zip_with", async () => {
  const df = () => spark.createDataFrame([[1, { foo: -2.0, bar: 2.0 }]], "id INT, data MAP<STRING, DOUBLE>");
  assert.deepEqual(
    await cells(() => df().select(F.transform_keys("data", (k, _v) => F.upper(k)).alias("data_upper"))),
    [["{FOO -> -2.0, BAR -> 2.0}"]],
  );
  const df2 = () =>
    spark.createDataFrame([[1, { IT: 10.0, SALES: 2.0, OPS: 24.0 }]], "id INT, data MAP<STRING, DOUBLE>");
  assert.deepEqual(
    await cells(() =>
      df2().select(
        F.transform_values("data", (k, v) => F.when(k.isin("IT", "OPS"), v.plus(10.0)).otherwise(v)).alias(
          "new_data",
        ),
      ),
    ),
    [["{IT -> 20.0, SALES -> 2.0, OPS -> 34.0}"]],
  );
  const df3 = () =>
    spark.createDataFrame([[1, { foo: 42.0, bar: 1.0, baz: 32.0 }]], "id INT, data MAP<STRING, DOUBLE>");
  assert.deepEqual(
    await cells(() => df3().select(F.map_filter("data", (_, v) => v.gt(30.0)).alias("data_filtered"))),
    [["{foo -> 42.0, baz -> 32.0}"]],
  );
  const df4 = () =>
    spark.createDataFrame(
      [[1, { IT: 24.0, SALES: 12.0 }, { IT: 2.0, SALES: 1.4 }]],
      "id INT, base MAP<STRING, DOUBLE>, ratio MAP<STRING, DOUBLE>",
    );
  assert.deepEqual(
    await cells(() =>
      df4().select(
        F.map_zip_with("base", "ratio", (_k, v1, v2) => F.round(v1.multiply(v2), 2)).alias("updated_data"),
      ),
    ),
    [["{IT -> 48.0, SALES -> 16.8}"]],
  );
});

test("array_sort with a comparator (builtin.py array_sort)", async () => {
  const df = () =>
    spark.createDataFrame([[["foo", "foobar", null, "bar"]], [["foo"]], [[]]], "data ARRAY<STRING>");
  const byLengthDesc = (x: Column, y: Column) =>
    F.when(x.isNull().or(y.isNull()), lit(0)).otherwise(F.length(y).minus(F.length(x)));
  assert.deepEqual(await cells(() => df().select(F.array_sort(col("data"), byLengthDesc).alias("r"))), [
    ["[foobar, foo, NULL, bar]"],
    ["[foo]"],
    ["[]"],
  ]);
});

test("a callback must return a Column and take 1 to 3 parameters", () => {
  assert.throws(
    () => F.transform("values", (() => 1) as unknown as (x: Column) => Column),
    /WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION/,
  );
  assert.throws(
    () => F.transform("values", ((x: Column) => [x]) as unknown as (x: Column) => Column),
    /HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN/,
  );
});

// Start value from a column, NULL arrays and NULL start values; names with and without finish.
// Values follow ArrayAggregate.eval (NULL array → NULL; the fold starts from the start value even
// when it is NULL) and match a PySpark compatibility suite's recorded Spark results.
test("aggregate with a column start value and NULLs", async () => {
  const df = () =>
    spark.createDataFrame(
      [
        [null, null],
        [null, 0],
        [[], null],
        [[], 0],
        [[1, -2, 3], 100],
      ],
      "a ARRAY<INT>, i INT",
    );
  const merge = (acc: Column, x: Column) => acc.plus(F.abs(x));
  const finish = (acc: Column) => acc.cast("string");
  const v = "namedlambdavariable()";
  assert.deepEqual(df().select(F.aggregate("a", "i", merge, finish), F.aggregate("a", "i", merge)).columns, [
    `aggregate(a, i, lambdafunction((${v} + abs(${v})), ${v}, ${v}), lambdafunction(CAST(${v} AS STRING), ${v}))`,
    `aggregate(a, i, lambdafunction((${v} + abs(${v})), ${v}, ${v}), lambdafunction(${v}, ${v}))`,
  ]);
  assert.deepEqual(
    await cells(() => df().select(F.aggregate("a", "i", merge, finish), F.aggregate("a", "i", merge))),
    [
      ["NULL", "NULL"],
      ["NULL", "NULL"],
      ["NULL", "NULL"],
      ["0", "0"],
      ["106", "106"],
    ],
  );
});

// Output names of the documented examples (sql/core/src/test/resources/sql-functions/
// sql-expression-schema.md: aggregate, exists, filter, forall, array_sort, transform).
test("SQL column names of higher-order function examples", () => {
  const v = "namedlambdavariable()";
  const cases: [string, string][] = [
    [
      "aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x)",
      `aggregate(array(1, 2, 3), 0, lambdafunction((${v} + ${v}), ${v}, ${v}), lambdafunction(${v}, ${v}))`,
    ],
    [
      "exists(array(1, 2, 3), x -> x % 2 == 0)",
      `exists(array(1, 2, 3), lambdafunction(((${v} % 2) = 0), ${v}))`,
    ],
    [
      "filter(array(1, 2, 3), x -> x % 2 == 1)",
      `filter(array(1, 2, 3), lambdafunction(((${v} % 2) = 1), ${v}))`,
    ],
    [
      "forall(array(1, 2, 3), x -> x % 2 == 0)",
      `forall(array(1, 2, 3), lambdafunction(((${v} % 2) = 0), ${v}))`,
    ],
    [
      "array_sort(array(5, 6, 1), (left, right) -> case when left < right then -1 when left > right then 1 else 0 end)",
      `array_sort(array(5, 6, 1), lambdafunction(CASE WHEN (${v} < ${v}) THEN -1 WHEN (${v} > ${v}) THEN 1 ELSE 0 END, ${v}, ${v}))`,
    ],
    ["transform(array(1, 2, 3), x -> x + 1)", `transform(array(1, 2, 3), lambdafunction((${v} + 1), ${v}))`],
  ];
  for (const [sql, name] of cases) assert.deepEqual(spark.sql(`SELECT ${sql}`).columns, [name]);
});

// One-argument array_sort is ArraySort with Spark's default comparator (ArraySort.defaultComparator:
// nested If over IsNull/LessThan/GreaterThan, as its analyzed plan prints), so the lambda is named.
test("array_sort without comparator names the default comparator lambda", () => {
  const v = "namedlambdavariable()";
  const cmp =
    `lambdafunction((IF(((${v} IS NULL) AND (${v} IS NULL)), 0, (IF((${v} IS NULL), 1, (IF((${v} IS NULL), -1, ` +
    `(IF((${v} < ${v}), -1, (IF((${v} > ${v}), 1, 0)))))))))), ${v}, ${v})`;
  assert.deepEqual(arrays().select(F.array_sort("values")).columns, [`array_sort(values, ${cmp})`]);
});
