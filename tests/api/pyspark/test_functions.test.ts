// Port of python/pyspark/sql/tests/test_functions.py (Spark 4): same inputs, same expected values.
//
// Skipped (and why):
// - test_function_parity (compares with the JVM's function list), test_basic_functions and
//   test_input_file_name_* (read.json / read.text / RDDs), test_functions_broadcast (physical plan
//   of a cluster), test_higher_order_function_failures (Python lambda arity checks),
//   test_lit_day_time_interval (datetime.timedelta; intervals are being reworked).
// - The TypeError halves of test_string_functions, test_assert_true, test_raise_error and
//   test_approxQuantile: Python argument-type checks that TypeScript's types rule out.
// - test_inverse_trig_functions checks repr(acosh(c)) contains ACOSH(a); ported as the column name.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type DataFrame,
  SparkSession,
  TsparkError,
  Window,
  functions as F,
  types as T,
} from "../../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const { col, lit } = F;

/** Rows as arrays in column order. */
async function rows(df: DataFrame): Promise<unknown[][]> {
  return (await df.collectInternal()).map((r) => df.columns.map((_, i) => r[i] ?? null));
}
/** The first column of every row. */
async function firstCol(df: DataFrame): Promise<unknown[]> {
  return (await rows(df)).map((r) => r[0]);
}
function assertClose(expected: number[], actual: unknown[]): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (!Number.isFinite(e)) assert.equal(a, e);
    else assert.ok(Math.abs(a - e) < 1e-6 * Math.max(1, Math.abs(e)), `${i}: ${a} vs ${e}`);
  });
}
/** Sorts rows like Python's sorted() on tuples (None never occurs in these keys). */
function sortRows(rs: unknown[][]): unknown[][] {
  return [...rs].sort((x, y) => {
    for (let i = 0; i < x.length; i++) {
      const a = x[i] as string | number;
      const b = y[i] as string | number;
      if (a < b) return -1;
      if (a > b) return 1;
    }
    return 0;
  });
}
const date = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const range10 = (f: (i: number) => Record<string, unknown>) =>
  spark.createDataFrame(Array.from({ length: 10 }, (_, i) => f(i)));

test("test_explode", async () => {
  const data = spark.createDataFrame(
    [
      [1, [1, 2, 3], new Map([["a", "b"]])],
      [1, [], new Map()],
      [1, null, null],
    ],
    "a BIGINT, intlist ARRAY<BIGINT>, mapfield MAP<STRING, STRING>",
  );
  assert.deepEqual(
    await firstCol(data.select(F.explode(data.col("intlist")).alias("a")).select("a")),
    [1, 2, 3],
  );
  assert.deepEqual(
    await rows(data.select(F.explode(data.col("mapfield")).alias("a", "b")).select("a", "b")),
    [["a", "b"]],
  );
  assert.deepEqual(await rows(data.select(F.posexplode_outer("intlist"))), [
    [0, 1],
    [1, 2],
    [2, 3],
    [null, null],
    [null, null],
  ]);
  assert.deepEqual(await rows(data.select(F.posexplode_outer("mapfield"))), [
    [0, "a", "b"],
    [null, null, null],
    [null, null, null],
  ]);
  assert.deepEqual(await firstCol(data.select(F.explode_outer("intlist"))), [1, 2, 3, null, null]);
  assert.deepEqual(await rows(data.select(F.explode_outer("mapfield"))), [
    ["a", "b"],
    [null, null],
    [null, null],
  ]);
});

test("test_corr", async () => {
  const df = range10((i) => ({ a: i, b: Math.sqrt(i) }));
  assert.ok(Math.abs((await df.stat.corr("a", "b")) - 0.95734012) < 1e-6);
});

test("test_sampleby (local[4], as PySpark's test session)", async () => {
  // The count depends on the split into partitions (each seeds its own generator).
  const local4 = SparkSession.builder.master("local[4]").create();
  const df = local4.createDataFrame(Array.from({ length: 100 }, (_, i) => ({ a: i, b: i % 3 })));
  assert.equal(await df.stat.sampleBy("b", { 0: 0.5, 1: 0.5 }, 0).count(), 35);
});

test("test_cov", async () => {
  const df = range10((i) => ({ a: i, b: 2 * i }));
  assert.ok(Math.abs((await df.stat.cov("a", "b")) - 55.0 / 3) < 1e-6);
});

test("test_crosstab", async () => {
  const df = spark.createDataFrame(Array.from({ length: 6 }, (_, k) => ({ a: (k + 1) % 3, b: (k + 1) % 2 })));
  const ct = sortRows(await rows(await df.stat.crosstab("a", "b")));
  ct.forEach((row, i) => {
    assert.equal(row[0], String(i));
    assert.equal(row[1], 1);
    assert.equal(row[2], 1);
  });
});

test("test_math_functions", async () => {
  const df = range10((i) => ({ a: i, b: 2 * i }));
  const is = Array.from({ length: 10 }, (_, i) => i);
  assertClose(
    is.map((i) => Math.cos(i)),
    await firstCol(df.select(F.cos(df.col("a")))),
  );
  assertClose(
    is.map((i) => Math.cos(i)),
    await firstCol(df.select(F.cos("a"))),
  );
  assertClose(
    is.map((i) => Math.sin(i)),
    await firstCol(df.select(F.sin(df.col("a")))),
  );
  assertClose(
    is.map((i) => i ** (2 * i)),
    await firstCol(df.select(F.pow(df.col("a"), df.col("b")))),
  );
  assertClose(
    is.map((i) => i ** 2),
    await firstCol(df.select(F.pow(df.col("a"), 2))),
  );
  assertClose(
    is.map((i) => i ** 2),
    await firstCol(df.select(F.pow(df.col("a"), 2.0))),
  );
  assertClose(
    is.map((i) => Math.hypot(i, 2 * i)),
    await firstCol(df.select(F.hypot(df.col("a"), df.col("b")))),
  );
  assertClose(
    is.map((i) => Math.hypot(i, 2 * i)),
    await firstCol(df.select(F.hypot("a", "b"))),
  );
  assertClose(
    is.map((i) => Math.hypot(i, 2)),
    await firstCol(df.select(F.hypot("a", 2))),
  );
  assertClose(
    is.map((i) => Math.hypot(i, 2)),
    await firstCol(df.select(F.hypot(df.col("a"), 2))),
  );
});

test("test_inverse_trig_functions (column names)", () => {
  const df = spark.createDataFrame([{ a: 1.5 }]);
  for (const [f, name] of [
    [F.acosh, "ACOSH"],
    [F.asinh, "ASINH"],
    [F.atanh, "ATANH"],
  ] as const) {
    for (const c of ["a", col("a")]) assert.deepEqual(df.select(f(c)).columns, [`${name}(a)`]);
  }
});

test("test_reciprocal_trig_functions", async () => {
  const lst = [
    0.0,
    Math.PI / 6,
    Math.PI / 4,
    Math.PI / 3,
    Math.PI / 2,
    Math.PI,
    (3 * Math.PI) / 2,
    2 * Math.PI,
  ];
  const df = spark.createDataFrame(lst, T.DoubleType());
  const recip = (f: (x: number) => number) =>
    lst.map((x) => (f(x) !== 0 ? 1.0 / f(x) : Number.POSITIVE_INFINITY));
  assertClose(recip(Math.cos), await firstCol(df.select(F.sec(df.col("value")))));
  assertClose(recip(Math.sin), await firstCol(df.select(F.csc(df.col("value")))));
  assertClose(recip(Math.tan), await firstCol(df.select(F.cot(df.col("value")))));
});

test("test_rand_functions", async () => {
  const df = spark.createDataFrame(Array.from({ length: 100 }, (_, i) => ({ key: i, value: String(i) })));
  for (const r of await rows(df.select("key", F.rand()))) {
    assert.ok((r[1] as number) >= 0 && (r[1] as number) <= 1);
  }
  for (const r of await rows(df.select("key", F.randn(5)))) {
    assert.ok((r[1] as number) >= -4 && (r[1] as number) <= 4);
  }
  assert.deepEqual(await rows(df.select("key", F.rand(0))), await rows(df.select("key", F.rand(0))));
  assert.deepEqual(await rows(df.select("key", F.randn(0))), await rows(df.select("key", F.randn(0))));
});

test("test_string_functions", async () => {
  const df = spark.createDataFrame([["nick"]], ["name"]);
  for (const f of [F.upper, F.lower, F.ascii, F.base64, F.unbase64, F.ltrim, F.rtrim, F.trim]) {
    assert.deepEqual(await rows(df.select(f("name"))), await rows(df.select(f(col("name")))));
  }
});

test("test_octet_length_function / test_bit_length_function", async () => {
  const df = spark.createDataFrame([["cat"], ["\u{1F408}"]], ["cat"]);
  assert.deepEqual(await firstCol(df.select(F.octet_length("cat"))), [3, 4]);
  assert.deepEqual(await firstCol(df.select(F.bit_length("cat"))), [24, 32]);
});

test("test_array_contains_function", async () => {
  const df = spark.createDataFrame([[["1", "2", "3"]], [[]]], ["data"]);
  assert.deepEqual(await df.select(F.array_contains(df.col("data"), "1").alias("b")).collect(), [
    { b: true },
    { b: false },
  ]);
});

test("test_between_function", async () => {
  const df = spark.createDataFrame([
    { a: 1, b: 2, c: 3 },
    { a: 2, b: 1, c: 3 },
    { a: 4, b: 1, c: 4 },
  ]);
  assert.deepEqual(await df.filter(df.col("a").between(df.col("b"), df.col("c"))).collect(), [
    { a: 2, b: 1, c: 3 },
    { a: 4, b: 1, c: 4 },
  ]);
});

test("test_dayofweek", async () => {
  const df = spark.createDataFrame([{ date: date(2017, 11, 6) }]);
  assert.deepEqual(await firstCol(df.select(F.dayofweek(df.col("date")))), [2]);
});

test("test_date_add_function / test_date_sub_function / test_add_months_function", async () => {
  const add = spark.createDataFrame([{ date: date(2021, 12, 27), add: 2 }], "date date, add integer");
  assert.deepEqual(
    await rows(
      add.select(
        F.date_add(add.col("date"), add.col("add")),
        F.date_add(add.col("date"), "add"),
        F.date_add(add.col("date"), 3),
        F.add_months(add.col("date"), add.col("add")),
        F.add_months(add.col("date"), "add"),
        F.add_months(add.col("date"), 3),
      ),
    ),
    [
      [
        date(2021, 12, 29),
        date(2021, 12, 29),
        date(2021, 12, 30),
        date(2022, 2, 27),
        date(2022, 2, 27),
        date(2022, 3, 27),
      ],
    ].map((r) => r.map((d) => Math.round(d.getTime() / 86400000))),
  );
  const sub = spark.createDataFrame([{ date: date(2021, 12, 27), sub: 2 }], "date date, sub integer");
  assert.deepEqual(
    await sub
      .select(
        F.date_sub(sub.col("date"), sub.col("sub")).alias("a"),
        F.date_sub(sub.col("date"), "sub").alias("b"),
        F.date_sub(sub.col("date"), 3).alias("c"),
      )
      .collect(),
    [{ a: date(2021, 12, 25), b: date(2021, 12, 25), c: date(2021, 12, 24) }],
  );
});

test("test_make_date", async () => {
  const df = spark.createDataFrame([[2020, 6, 26]], ["Y", "M", "D"]);
  assert.deepEqual(
    Object.values((await df.select(F.make_date(df.col("Y"), df.col("M"), df.col("D"))).first()) ?? {}),
    [date(2020, 6, 26)],
  );
  assert.deepEqual(Object.values((await df.select(F.make_date("Y", "M", "D")).first()) ?? {}), [
    date(2020, 6, 26),
  ]);
});

test("test_expr", async () => {
  const df = spark.createDataFrame([{ a: "length string", b: 75 }]);
  assert.deepEqual(await df.select(F.expr("length(a)")).collect(), [{ "length(a)": 13 }]);
});

test("test_first_last_ignorenulls", async () => {
  const df = spark.range(0, 100);
  const df2 = df.select(F.when(df.col("id").mod(3).equalTo(0), null).otherwise(df.col("id")).alias("id"));
  const df3 = df2.select(
    F.first(df2.col("id"), false).alias("a"),
    F.first(df2.col("id"), true).alias("b"),
    F.last(df2.col("id"), false).alias("c"),
    F.last(df2.col("id"), true).alias("d"),
  );
  assert.deepEqual(await df3.collect(), [{ a: null, b: 1, c: null, d: 98 }]);
});

test("test_approxQuantile", async () => {
  const df = range10((i) => ({ a: i, b: i + 10 }));
  const aq = await df.stat.approxQuantile("a", [0.1, 0.5, 0.9], 0.1);
  assert.equal(aq.length, 3);
  assert.ok(aq.every((q) => typeof q === "number"));
  const aqs = await df.stat.approxQuantile(["a", "b"], [0.1, 0.5, 0.9], 0.1);
  assert.equal(aqs.length, 2);
  for (const q of aqs) {
    assert.equal(q.length, 3);
    assert.ok(q.every((x) => typeof x === "number"));
  }
});

test("test_sorting_functions_with_column", () => {
  for (const [f, text] of [
    [F.asc_nulls_first, "x ASC NULLS FIRST"],
    [F.asc_nulls_last, "x ASC NULLS LAST"],
    [F.desc_nulls_first, "x DESC NULLS FIRST"],
    [F.desc_nulls_last, "x DESC NULLS LAST"],
    [F.asc, "x ASC NULLS FIRST"],
    [F.desc, "x DESC NULLS LAST"],
  ] as const) {
    for (const e of [col("x"), "x"]) assert.ok(String(f(e)).includes(`'${text}'`), String(f(e)));
  }
});

test("test_sort_with_nulls_order", async () => {
  const df = spark.createDataFrame(
    [
      ["Tom", 80],
      [null, 60],
      ["Alice", 50],
    ],
    ["name", "height"],
  );
  const names = async (o: ReturnType<typeof F.asc>) => firstCol(df.select(df.col("name")).orderBy(o));
  assert.deepEqual(await names(F.asc_nulls_first("name")), [null, "Alice", "Tom"]);
  assert.deepEqual(await names(F.asc_nulls_last("name")), ["Alice", "Tom", null]);
  assert.deepEqual(await names(F.desc_nulls_first("name")), [null, "Tom", "Alice"]);
  assert.deepEqual(await names(F.desc_nulls_last("name")), ["Tom", "Alice", null]);
});

test("test_slice", async () => {
  const df = spark.createDataFrame(
    [
      [[1, 2, 3], 2, 2],
      [[4, 5], 2, 2],
    ],
    ["x", "index", "len"],
  );
  const expected = [{ sliced: [2, 3] }, { sliced: [5] }];
  assert.deepEqual(await df.select(F.slice(df.col("x"), 2, 2).alias("sliced")).collect(), expected);
  assert.deepEqual(await df.select(F.slice(df.col("x"), lit(2), lit(2)).alias("sliced")).collect(), expected);
  assert.deepEqual(await df.select(F.slice("x", "index", "len").alias("sliced")).collect(), expected);
  assert.deepEqual(
    await df.select(F.slice(df.col("x"), F.size(df.col("x")).minus(1), lit(1)).alias("sliced")).collect(),
    [{ sliced: [2] }, { sliced: [4] }],
  );
  assert.deepEqual(
    await df.select(F.slice(df.col("x"), lit(1), F.size(df.col("x")).minus(1)).alias("sliced")).collect(),
    [{ sliced: [1, 2] }, { sliced: [4] }],
  );
});

test("test_array_repeat", async () => {
  const df = spark.range(1).withColumn("repeat_n", lit(3));
  const expected = [{ val: [0, 0, 0] }];
  assert.deepEqual(await df.select(F.array_repeat("id", 3).alias("val")).collect(), expected);
  assert.deepEqual(await df.select(F.array_repeat("id", lit(3)).alias("val")).collect(), expected);
  assert.deepEqual(await df.select(F.array_repeat("id", "repeat_n").alias("val")).collect(), expected);
});

test("test_least", async () => {
  const df = spark.createDataFrame([[1, 4, 3]], ["a", "b", "c"]);
  const expected = [{ least: 1 }];
  assert.deepEqual(
    await df.select(F.least(df.col("a"), df.col("b"), df.col("c")).alias("least")).collect(),
    expected,
  );
  assert.deepEqual(await df.select(F.least(lit(3), lit(5), lit(1)).alias("least")).collect(), expected);
  assert.deepEqual(await df.select(F.least("a", "b", "c").alias("least")).collect(), expected);
});

test("test_overlay", async () => {
  const texts = [
    F.overlay(col("foo"), col("bar"), 1),
    F.overlay("x", "y", 3),
    F.overlay(col("x"), col("y"), 1, 3),
    F.overlay("x", "y", 2, 5),
    F.overlay("x", "y", lit(11)),
    F.overlay("x", "y", lit(2), lit(5)),
  ].map((c) => /(overlay\(.*\))/.exec(String(c))?.[1]);
  assert.deepEqual(texts, [
    "overlay(foo, bar, 1, -1)",
    "overlay(x, y, 3, -1)",
    "overlay(x, y, 1, 3)",
    "overlay(x, y, 2, 5)",
    "overlay(x, y, 11, -1)",
    "overlay(x, y, 2, 5)",
  ]);
  const df = spark.createDataFrame([["SPARK_SQL", "CORE", 7, 0]], ["x", "y", "pos", "len"]);
  const exp = [{ ol: "SPARK_CORESQL" }];
  assert.deepEqual(await df.select(F.overlay(df.col("x"), df.col("y"), 7, 0).alias("ol")).collect(), exp);
  assert.deepEqual(
    await df.select(F.overlay(df.col("x"), df.col("y"), lit(7), lit(0)).alias("ol")).collect(),
    exp,
  );
  assert.deepEqual(await df.select(F.overlay("x", "y", "pos", "len").alias("ol")).collect(), exp);
});

test("test_percentile_approx", () => {
  const texts = [
    F.percentile_approx(col("foo"), lit(0.5)),
    F.percentile_approx(col("bar"), 0.25, 42),
    F.percentile_approx(col("bar"), [0.25, 0.5, 0.75]),
    F.percentile_approx(col("foo"), [0.05, 0.95], 100),
    F.percentile_approx("foo", 0.5),
    F.percentile_approx("bar", [0.1, 0.9], lit(10)),
  ].map((c) => /(percentile_approx\(.*\))/.exec(String(c))?.[1]);
  assert.deepEqual(texts, [
    "percentile_approx(foo, 0.5, 10000)",
    "percentile_approx(bar, 0.25, 42)",
    "percentile_approx(bar, array(0.25, 0.5, 0.75), 10000)",
    "percentile_approx(foo, array(0.05, 0.95), 100)",
    "percentile_approx(foo, 0.5, 10000)",
    "percentile_approx(bar, array(0.1, 0.9), 10)",
  ]);
});

test("test_nth_value", async () => {
  const df = spark.createDataFrame(
    [
      ["a", 0, null],
      ["a", 1, "x"],
      ["a", 2, "y"],
      ["a", 3, "z"],
      ["a", 4, null],
      ["b", 1, null],
      ["b", 2, null],
    ],
    ["key", "order", "value"],
  );
  const w = Window.partitionBy("key").orderBy("order");
  const rs = await rows(
    df.select(
      df.col("key"),
      df.col("order"),
      F.nth_value("value", 2).over(w),
      F.nth_value("value", 2, false).over(w),
      F.nth_value("value", 2, true).over(w),
    ),
  );
  assert.deepEqual(sortRows(rs), [
    ["a", 0, null, null, null],
    ["a", 1, "x", "x", null],
    ["a", 2, "x", "x", "y"],
    ["a", 3, "x", "x", "y"],
    ["a", 4, "x", "x", "y"],
    ["b", 1, null, null, null],
    ["b", 2, null, null, null],
  ]);
});

test("test_nested_higher_order_function", async () => {
  const df = spark.sql("SELECT array(1, 2, 3) as numbers, array('a', 'b', 'c') as letters");
  const actual = Object.values(
    (await df
      .select(
        F.flatten(
          F.transform("numbers", (n) => F.transform("letters", (l) => F.struct(n.alias("n"), l.alias("l")))),
        ),
      )
      .first()) ?? {},
  );
  const expected: { n: number; l: string }[] = [];
  for (const n of [1, 2, 3]) for (const l of ["a", "b", "c"]) expected.push({ n, l });
  assert.deepEqual(actual, [expected]);
});

const kv = () =>
  spark.createDataFrame(
    [
      [1, "1"],
      [2, "2"],
      [1, "2"],
      [1, "2"],
    ],
    ["key", "value"],
  );

test("test_window_functions", async () => {
  const df = kv();
  const w = Window.partitionBy("value").orderBy("key");
  const sel = df.select(
    df.col("value"),
    df.col("key"),
    F.max("key").over(w.rowsBetween(0, 1)),
    F.min("key").over(w.rowsBetween(0, 1)),
    F.count("key").over(w.rowsBetween(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)),
    F.row_number().over(w),
    F.rank().over(w),
    F.dense_rank().over(w),
    F.ntile(2).over(w),
  );
  assert.deepEqual(sortRows(await rows(sel)), [
    ["1", 1, 1, 1, 1, 1, 1, 1, 1],
    ["2", 1, 1, 1, 3, 1, 1, 1, 1],
    ["2", 1, 2, 1, 3, 2, 1, 1, 1],
    ["2", 2, 2, 2, 3, 3, 3, 2, 2],
  ]);
});

test("test_window_functions_without_partitionBy", async () => {
  const df = kv();
  const w = Window.orderBy("key", df.col("value"));
  const sel = df.select(
    df.col("value"),
    df.col("key"),
    F.max("key").over(w.rowsBetween(0, 1)),
    F.min("key").over(w.rowsBetween(0, 1)),
    F.count("key").over(w.rowsBetween(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)),
    F.row_number().over(w),
    F.rank().over(w),
    F.dense_rank().over(w),
    F.ntile(2).over(w),
  );
  assert.deepEqual(sortRows(await rows(sel)), [
    ["1", 1, 1, 1, 4, 1, 1, 1, 1],
    ["2", 1, 1, 1, 4, 2, 2, 2, 1],
    ["2", 1, 2, 1, 4, 3, 2, 2, 2],
    ["2", 2, 2, 2, 4, 4, 4, 3, 2],
  ]);
});

test("test_window_functions_cumulative_sum", async () => {
  const df = spark.createDataFrame(
    [
      ["one", 1],
      ["two", 2],
    ],
    ["key", "value"],
  );
  const run = async (w: ReturnType<typeof Window.rowsBetween>) =>
    sortRows(await rows(df.select(df.col("key"), F.sum(df.col("value")).over(w))));
  assert.deepEqual(await run(Window.rowsBetween(Window.unboundedPreceding, 0)), [
    ["one", 1],
    ["two", 3],
  ]);
  assert.deepEqual(await run(Window.rowsBetween(Window.unboundedPreceding - 1, 0)), [
    ["one", 1],
    ["two", 3],
  ]);
  assert.deepEqual(await run(Window.rowsBetween(Window.currentRow, Window.unboundedFollowing + 1)), [
    ["one", 3],
    ["two", 2],
  ]);
});

test("test_collect_functions", async () => {
  const df = kv();
  const sorted = async (c: ReturnType<typeof F.collect_set>) =>
    [...(((await df.select(c.alias("r")).first())?.r as (number | string)[] | undefined) ?? [])].sort();
  assert.deepEqual(await sorted(F.collect_set(df.col("key"))), [1, 2]);
  assert.deepEqual(await sorted(F.collect_list(df.col("key"))), [1, 1, 1, 2]);
  assert.deepEqual(await sorted(F.collect_set(df.col("value"))), ["1", "2"]);
  assert.deepEqual(await sorted(F.collect_list(df.col("value"))), ["1", "2", "2", "2"]);
});

test("test_datetime_functions", async () => {
  const df = spark.range(1).selectExpr("'2017-01-22' as dateCol");
  const r = await df.select(F.to_date(col("dateCol"))).first();
  assert.deepEqual(r?.["to_date(dateCol)"], date(2017, 1, 22));
});

test("test_assert_true", async () => {
  const df = spark.range(3);
  assert.deepEqual(
    await df
      .select(F.assert_true(df.col("id").lt(3)))
      .toDF("val")
      .collect(),
    [{ val: null }, { val: null }, { val: null }],
  );
  await assert.rejects(
    async () =>
      df
        .select(F.assert_true(df.col("id").lt(2), "too big"))
        .toDF("val")
        .collect(),
    (e: unknown) => e instanceof TsparkError && e.message.includes("too big"),
  );
  await assert.rejects(
    async () =>
      df
        .select(F.assert_true(df.col("id").lt(2), df.col("id").multiply(1e6)))
        .toDF("val")
        .collect(),
    (e: unknown) => e instanceof TsparkError && e.message.includes("2000000"),
  );
});

test("test_raise_error", async () => {
  const df = spark.createDataFrame([{ id: "foobar" }]);
  await assert.rejects(
    async () => df.select(F.raise_error(df.col("id"))).collect(),
    (e: unknown) => e instanceof TsparkError && e.message.includes("foobar"),
  );
  await assert.rejects(
    async () => df.select(F.raise_error("barfoo")).collect(),
    (e: unknown) => e instanceof TsparkError && e.message.includes("barfoo"),
  );
});

test("test_sum_distinct / test_shiftleft / test_shiftright / test_shiftrightunsigned", async () => {
  const df = spark.range(10);
  const id = col("id");
  for (const c of [F.sum_distinct(id).equalTo(F.sumDistinct(id))]) {
    assert.deepEqual(await firstCol(df.select(F.assert_true(c))), [null]);
  }
  for (const c of [
    F.shiftLeft(id, 2).equalTo(F.shiftleft(id, 2)),
    F.shiftRight(id, 2).equalTo(F.shiftright(id, 2)),
    F.shiftRightUnsigned(id, 2).equalTo(F.shiftrightunsigned(id, 2)),
  ]) {
    assert.equal((await firstCol(df.select(F.assert_true(c)))).length, 10);
  }
});

// ---- tests added in Spark 4's version of test_functions.py ----------------------------------------
// Skipped there: time-type tests (time_diff, time_trunc, make_time, to_time, hour/minute/second of
// TIME, lit(datetime.time)), try_make_timestamp* / make_timestamp keyword forms (datetime family,
// being reworked), kll_sketch_*, collation, variant (parse_json, variant_get), listagg /
// string_agg, try_to_date, numpy inputs, avro, and
// the PySparkTypeError / PySparkValueError argument checks.

test("test_inline", async () => {
  const data = spark.createDataFrame(
    [
      [
        [
          { b: 1, c: 2 },
          { b: 3, c: 4 },
        ],
      ],
      [[{ b: null, c: 5 }, null]],
      [[]],
    ],
    "structlist ARRAY<STRUCT<b: BIGINT, c: BIGINT>>",
  );
  assert.deepEqual(await rows(data.select(F.inline(data.col("structlist")))), [
    [1, 2],
    [3, 4],
    [null, 5],
    [null, null],
  ]);
  assert.deepEqual(await rows(data.select(F.inline_outer(data.col("structlist")))), [
    [1, 2],
    [3, 4],
    [null, 5],
    [null, null],
    [null, null],
  ]);
});

test("test_inverse_trig_functions (values)", async () => {
  const df = spark.createDataFrame(
    Array.from({ length: 10 }, (_, i) => ({ a: i * 0.2, b: i * -0.2 })),
    "a DOUBLE, b DOUBLE",
  );
  const up = Array.from({ length: 10 }, (_, n) => n * 0.2);
  const down = up.map((x) => -x);
  const check = async (trig: typeof F.cosh, inv: typeof F.acosh, symmetrical: boolean) => {
    assertClose(up, await firstCol(df.select(inv(trig(df.col("a"))))));
    assertClose(symmetrical ? up : down, await firstCol(df.select(inv(trig(df.col("b"))))));
  };
  await check(F.cosh, F.acosh, true);
  await check(F.sinh, F.asinh, false);
  await check(F.tanh, F.atanh, false);
});

test("test_levenshtein_function", async () => {
  const df = spark.createDataFrame([["kitten", "sitting"]], ["l", "r"]);
  assert.deepEqual(await df.select(F.levenshtein(df.col("l"), df.col("r")).alias("b")).collect(), [{ b: 3 }]);
  assert.deepEqual(await df.select(F.levenshtein(df.col("l"), df.col("r"), 2).alias("b")).collect(), [
    { b: -1 },
  ]);
});

test("test_monthname / test_dayname", async () => {
  const df = spark.createDataFrame([{ date: new Date(Date.UTC(2017, 10, 6)) }]);
  assert.deepEqual(await firstCol(df.select(F.monthname(df.col("date")))), ["Nov"]);
  assert.deepEqual(await firstCol(df.select(F.dayname(df.col("date")))), ["Mon"]);
});

test("test_percentile / test_median (string forms)", () => {
  const texts = [
    F.percentile(col("foo"), lit(0.5)),
    F.percentile(col("bar"), 0.25, 2),
    F.percentile(col("bar"), [0.25, 0.5, 0.75]),
    F.percentile(col("foo"), [0.05, 0.95], 100),
    F.percentile("foo", 0.5),
    F.percentile("bar", [0.1, 0.9], lit(10)),
  ].map((c) => /(percentile\(.*\))/.exec(String(c))?.[1]);
  assert.deepEqual(texts, [
    "percentile(foo, 0.5, 1)",
    "percentile(bar, 0.25, 2)",
    "percentile(bar, array(0.25, 0.5, 0.75), 1)",
    "percentile(foo, array(0.05, 0.95), 100)",
    "percentile(foo, 0.5, 1)",
    "percentile(bar, array(0.1, 0.9), 10)",
  ]);
  assert.equal(/(median\(.*\))/.exec(String(F.median(col("foo"))))?.[1], "median(foo)");
});

test("test_least / test_greatest need two columns", () => {
  const df = spark.createDataFrame([[1, 4, 3]], ["a", "b", "c"]);
  assert.throws(
    () => df.select(F.least(df.col("a")).alias("least")),
    (e: unknown) => e instanceof TsparkError,
  );
  assert.throws(
    () => df.select(F.greatest(df.col("a"))),
    (e: unknown) => e instanceof TsparkError,
  );
});

test("test_window_functions_moving_average", async () => {
  const day = (d: number) => new Date(Date.UTC(2023, 0, d));
  const df = spark.createDataFrame(
    [
      [day(1), 20],
      [day(2), 22],
      [day(3), 21],
      [day(4), 23],
      [day(5), 24],
      [day(6), 26],
    ],
    ["date", "temperature"],
  );
  const w = Window.orderBy(col("date").cast("timestamp").cast("long")).rangeBetween(-3 * 86400, 0);
  const res = await rows(df.withColumn("3_day_avg_temp", F.avg("temperature").over(w)).orderBy("date"));
  assert.deepEqual(
    res.map((r) => r.slice(1)),
    [
      [20, 20.0],
      [22, 21.0],
      [21, 21.0],
      [23, 21.5],
      [24, 22.5],
      [26, 23.5],
    ],
  );
});

test("test_lit_list", async () => {
  assert.deepEqual(await firstCol(spark.range(1).select(lit([1, 2, 3]))), [[1, 2, 3]]);
  assert.deepEqual(
    await firstCol(
      spark.range(1).select(
        lit([
          [1, 2, 3],
          [3, 4],
        ]),
      ),
    ),
    [
      [
        [1, 2, 3],
        [3, 4],
      ],
    ],
  );
});

test("test_regexp_replace", async () => {
  const df = spark.createDataFrame([["100-200", "(\\d+)", "--"]], ["str", "pattern", "replacement"]);
  assert.deepEqual(
    await rows(
      df.select(
        F.regexp_replace("str", "(\\d+)", "--").equalTo("-----"),
        F.regexp_replace("str", col("pattern"), col("replacement")).equalTo("-----"),
      ),
    ),
    [[true, true]],
  );
});

test("test_binary_math_function", async () => {
  const expected = [0.13664, 8.07527, 2.14359, 1.1];
  const r = (
    await rows(
      spark.range(1).select(F.atan2(1.1, 8), F.hypot(1.1, 8), F.pow(1.1, 8), F.pmod(lit(1.1), lit(8))),
    )
  )[0]!;
  r.forEach((a, i) => {
    assert.ok(Math.abs((a as number) - expected[i]!) < 5e-6, `${i}: ${a}`);
  });
});

test("test_map_functions", async () => {
  const df = spark.createDataFrame(
    [
      [
        ["a", "b"],
        [1, 2],
      ],
    ],
    ["k", "v"],
  );
  const actual = (await df
    .select(
      F.expr("map('c', 3, 'd', 4) as dict2"),
      F.map_from_arrays(df.col("k"), df.col("v")).alias("dict"),
      "*",
    )
    .select(
      F.map_contains_key("dict", "a").alias("one"),
      F.map_contains_key("dict", "d").alias("not_exists"),
      F.map_keys("dict").alias("keys"),
      F.map_values("dict").alias("values"),
      F.map_entries("dict").alias("items"),
      "*",
    )
    .select(
      F.map_concat("dict", "dict2").alias("merged"),
      F.map_from_entries(F.arrays_zip("keys", "values")).alias("from_items"),
      "*",
    )
    .first())!;
  const expected = new Map([
    ["a", 1],
    ["b", 2],
  ]);
  assert.deepEqual(actual.dict, expected);
  assert.equal(actual.one, true);
  assert.equal(actual.not_exists, false);
  assert.deepEqual(actual.keys, ["a", "b"]);
  assert.deepEqual(actual.values, [1, 2]);
  assert.deepEqual(actual.items, [
    { key: "a", value: 1 },
    { key: "b", value: 2 },
  ]);
  assert.deepEqual(
    actual.merged,
    new Map([
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["d", 4],
    ]),
  );
  assert.deepEqual(actual.from_items, expected);
});

test("test_current_user", async () => {
  const df = spark.range(1).select(F.current_user());
  assert.equal(typeof (await firstCol(df))[0], "string");
  assert.deepEqual(df.schema.names, ["current_user()"]);
  assert.deepEqual(spark.range(1).select(F.user()).schema.names, ["user()"]);
  assert.deepEqual(spark.range(1).select(F.session_user()).schema.names, ["session_user()"]);
});

test("test_window_time", async () => {
  const df = spark.createDataFrame([[new Date("2016-03-11T09:00:07Z"), 1]], ["date", "val"]);
  const w = df.groupBy(F.window("date", "5 seconds", "5 seconds")).agg(F.sum("val").alias("sum"));
  const r = await rows(
    w.select(
      w.col("window").getField("end").cast("string").alias("end"),
      F.window_time(w.col("window")).cast("string").alias("window_time"),
      "sum",
    ),
  );
  assert.deepEqual(r, [["2016-03-11 09:00:10", "2016-03-11 09:00:09.999999", 1]]);
});

// The docstring examples of pyspark.sql.functions.window and session_window.
test("window / session_window docstring examples", async () => {
  const df = spark.createDataFrame([[new Date("2016-03-11T09:00:07Z"), 1]], ["date", "val"]);
  const w = df.groupBy(F.window("date", "5 seconds")).agg(F.sum("val").alias("sum"));
  assert.deepEqual(
    await rows(
      w.select(
        w.col("window").getField("start").cast("string").alias("start"),
        w.col("window").getField("end").cast("string").alias("end"),
        "sum",
      ),
    ),
    [["2016-03-11 09:00:05", "2016-03-11 09:00:10", 1]],
  );
  const sdf = spark.createDataFrame([["2016-03-11 09:00:07", 1]]).toDF("date", "val");
  for (const gap of ["5 seconds", lit("5 seconds")]) {
    const s = sdf.groupBy(F.session_window("date", gap)).agg(F.sum("val").alias("sum"));
    assert.deepEqual(
      await rows(
        s.select(
          s.col("session_window").getField("start").cast("string").alias("start"),
          s.col("session_window").getField("end").cast("string").alias("end"),
          "sum",
        ),
      ),
      [["2016-03-11 09:00:07", "2016-03-11 09:00:12", 1]],
    );
  }
});
