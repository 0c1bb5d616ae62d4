// Port of python/pyspark/sql/tests/test_stat.py (Spark 4): freqItems, dropna, fillna, replace,
// unpivot/melt. Same inputs, same expected values. PySpark compares Rows as tuples, so rows are
// compared by position here.
//
// Skipped (and why): the PySparkTypeError / TypeError cases (subset=10, fillna(list),
// replace(lambda), replace(datetime)) are Python argument-type checks that TypeScript's types rule
// out; unpivot(None, …) is an assertion on a Python None.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type DataFrame, SparkSession, TsparkError, types as T } from "../../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

async function rows(df: DataFrame): Promise<unknown[][]> {
  return (await df.collectInternal()).map((r) => df.columns.map((_, i) => r[i] ?? null));
}
async function first(df: DataFrame): Promise<unknown[]> {
  return (await rows(df.limit(1)))[0]!;
}

test("test_freqItems", async () => {
  const vals = Array.from({ length: 100 }, (_, i) =>
    i % 2 === 0 ? { a: 1, b: -2.0 } : { a: i, b: i * 1.5 },
  );
  const df = spark.createDataFrame(vals, "a BIGINT, b DOUBLE");
  const items = (await (await df.stat.freqItems(["a", "b"], 0.4)).collect())[0]!;
  assert.ok((items.a_freqItems as number[]).includes(1));
  assert.ok((items.b_freqItems as number[]).includes(-2.0));
});

const nah = T.StructType([
  T.StructField("name", T.StringType(), true),
  T.StructField("age", T.IntegerType(), true),
  T.StructField("height", T.DoubleType(), true),
]);
const one = (row: unknown[], schema = nah) => spark.createDataFrame([row], schema);

test("test_dropna", async () => {
  assert.equal(await one(["Alice", 50, 80.1]).dropna().count(), 1);
  assert.equal(await one(["Alice", null, 80.1]).dropna().count(), 0);
  assert.equal(await one(["Alice", null, 80.1]).dropna("any").count(), 0);
  assert.equal(await one(["Alice", null, 80.1]).dropna("all").count(), 1);
  assert.equal(await one([null, null, null]).dropna("all").count(), 0);
  assert.equal(await one(["Alice", 50, null]).dropna("any", undefined, ["name", "age"]).count(), 1);
  assert.equal(await one(["Alice", null, null]).dropna("any", undefined, ["name", "age"]).count(), 0);
  assert.equal(await one(["Alice", null, 80.1]).dropna("any", 2).count(), 1);
  assert.equal(await one(["Alice", null, null]).dropna("any", 2).count(), 0);
  assert.equal(await one(["Alice", 50, null]).dropna("any", 2, ["name", "age"]).count(), 1);
  assert.equal(await one(["Alice", null, 180.9]).dropna("any", 2, ["name", "age"]).count(), 0);
  // thresh takes precedence over how
  assert.equal(await one(["Alice", 50, null]).dropna("any", 2, ["name", "age"]).count(), 1);
});

test("test_fillna", async () => {
  const schema = T.StructType([...nah.fields, T.StructField("spy", T.BooleanType(), true)]);
  const f = (row: unknown[]) => one(row, schema);
  assert.deepEqual(await first(f(["Alice", 10, 80.1, true]).fillna(50)), ["Alice", 10, 80.1, true]);
  assert.deepEqual(await first(f(["Alice", null, null, null]).fillna(50)), ["Alice", 50, 50.0, null]);
  assert.deepEqual(await first(f(["Alice", null, null, null]).fillna(50.1)), ["Alice", 50, 50.1, null]);
  assert.deepEqual(await first(f(["Alice", null, null, null]).fillna(true)), ["Alice", null, null, true]);
  assert.deepEqual(await first(f([null, null, null, null]).fillna("hello")), ["hello", null, null, null]);
  assert.deepEqual(await first(f([null, null, null, null]).fillna(50, ["name", "age"])), [
    null,
    50,
    null,
    null,
  ]);
  assert.deepEqual(await first(f([null, null, null, null]).fillna("haha", ["name", "age"])), [
    "haha",
    null,
    null,
    null,
  ]);
  assert.deepEqual(await first(f([null, null, null, null]).fillna(true, ["name", "spy"])), [
    null,
    null,
    null,
    true,
  ]);
  const b = spark.createDataFrame([{ a: null }, { a: true }], "a BOOLEAN");
  assert.deepEqual(await first(b.fillna({ a: true })), [true]);
});

test("test_replace", async () => {
  const r = async (df: DataFrame) => first(df);
  assert.deepEqual(await r(one(["Alice", 10, 10.0]).replace(10, 20)), ["Alice", 20, 20.0]);
  assert.deepEqual(await r(one(["Alice", 80, 80.0]).replace(80.0, 82.1)), ["Alice", 82, 82.1]);
  assert.deepEqual(await r(one(["Alice", 10, 80.1]).replace("Alice", "Ann")), ["Ann", 10, 80.1]);
  assert.deepEqual(await r(one(["Alice", 10, 80.1]).replace(10, 20, "age")), ["Alice", 20, 80.1]);
  assert.deepEqual(await r(one(["Alice", 10, 80.1]).replace(10, 20, "height")), ["Alice", 10, 80.1]);
  assert.deepEqual(await r(one(["Alice", 10, 10.0]).replace(10, 20, ["name", "age"])), ["Alice", 20, 10.0]);
  assert.deepEqual(await r(one(["Alice", 10, null]).replace(10, 20, ["name", "height"])), [
    "Alice",
    10,
    null,
  ]);
  assert.deepEqual(await r(one(["Alice", 10, 80.1]).replace(["Alice"], ["Ann"])), ["Ann", 10, 80.1]);
  assert.deepEqual(await r(one(["Alice", 10, 80.1]).replace(new Map([[10, 11]]))), ["Alice", 11, 80.1]);
  assert.deepEqual(await r(one(["Alice", 10, 80.1]).replace({ Alice: "Bob" }, 1)), ["Bob", 10, 80.1]);
  assert.deepEqual(
    await r(
      one(["Alice", 10, 80.1]).replace(
        new Map([
          [10, -10],
          [80.1, 90.5],
        ]),
      ),
    ),
    ["Alice", -10, 90.5],
  );
  assert.deepEqual(await r(one(["Alice", 10, 80.1]).replace(["Alice"], ["Bob"])), ["Bob", 10, 80.1]);
  assert.deepEqual(await r(one(["Alice", 10, 80.0]).replace([10, 80.0], [20, 90])), ["Alice", 20, 90.0]);
  assert.deepEqual(await r(one(["Alice", 10, 80.0]).replace([10, 80], [20, 90.5])), ["Alice", 20, 90.5]);
  assert.deepEqual(
    await r(
      one(["Alice", 10, 80.0]).replace(
        new Map([
          [10, 20],
          [80, 90.5],
        ]),
      ),
    ),
    ["Alice", 20, 90.5],
  );
  assert.deepEqual(
    await r(one(["Alice", 10, 80.0]).selectExpr("name = 'Bob'", "age <= 15").replace(false, true)),
    [true, true],
  );
  assert.equal(await one(["Alice", 10, 80.0]).replace("Alice", null).dropna().count(), 0);
  assert.deepEqual(await r(one(["Alice", 10, 80.0]).replace([10, 80], [20, null])), ["Alice", 20, null]);

  assert.throws(
    () => one(["Alice", 10, 80.1]).replace(["Alice", "Bob"], ["Eve"]),
    (e: unknown) => e instanceof TsparkError,
  );
  assert.throws(
    () => one(["Alice", 10, 80.1]).replace(["Alice", 10], ["Eve", 20]),
    (e: unknown) => e instanceof TsparkError,
  );
  assert.throws(
    () =>
      one(["Alice", 10, 80.1]).replace(
        new Map<string | number, string | number>([
          ["Alice", "Bob"],
          [10, 20],
        ]),
      ),
    (e: unknown) => e instanceof TsparkError,
  );
  assert.throws(
    () => one(["Alice", 10, 80.0]).replace(["Alice", "Bob"]),
    (e: unknown) => e instanceof TsparkError,
  );
});

const wide = () =>
  spark.createDataFrame(
    [
      [1, 10, 1.0, "one"],
      [2, 20, 2.0, "two"],
      [3, 30, 3.0, "three"],
    ],
    // PySpark infers 1.0 as double; a JS 1.0 is the integer 1, so the types are spelled out.
    "id BIGINT, int BIGINT, double DOUBLE, str STRING",
  );

test("test_unpivot", async () => {
  const df = wide();
  const intDouble = [
    ["int", 10.0],
    ["double", 1.0],
    ["int", 20.0],
    ["double", 2.0],
    ["int", 30.0],
    ["double", 3.0],
  ];
  const withId = (ids: unknown[][]) => intDouble.map((r, i) => [...ids[Math.floor(i / 2)]!, ...r]);

  const noIds = df.unpivot([], ["int", "double"], "var", "val");
  assert.equal(noIds.schema.simpleString(), "struct<var:string,val:double>");
  assert.deepEqual(await rows(noIds), intDouble);

  for (const id of ["id", ["id"]]) {
    const a = df.unpivot(id, ["int", "double"], "var", "val");
    assert.equal(a.schema.simpleString(), "struct<id:bigint,var:string,val:double>");
    assert.deepEqual(await rows(a), withId([[1], [2], [3]]));
  }

  const multi = df.unpivot(["id", "double"], ["int", "double"], "var", "val");
  assert.equal(multi.schema.simpleString(), "struct<id:bigint,double:double,var:string,val:double>");
  assert.deepEqual(
    await rows(multi),
    withId([
      [1, 1.0],
      [2, 2.0],
      [3, 3.0],
    ]),
  );

  const allValues = df.select("id", "int", "double").unpivot([], null, "var", "val");
  assert.equal(allValues.schema.simpleString(), "struct<var:string,val:double>");
  assert.deepEqual(await rows(allValues), [
    ["id", 1.0],
    ["int", 10.0],
    ["double", 1.0],
    ["id", 2.0],
    ["int", 20.0],
    ["double", 2.0],
    ["id", 3.0],
    ["int", 30.0],
    ["double", 3.0],
  ]);

  const idNoValues = df.select("id", "int", "double").unpivot("id", null, "var", "val");
  assert.equal(idNoValues.schema.simpleString(), "struct<id:bigint,var:string,val:double>");
  assert.deepEqual(await rows(idNoValues), withId([[1], [2], [3]]));

  const idsNoValues = df.unpivot(["id", "str"], null, "var", "val");
  assert.equal(idsNoValues.schema.simpleString(), "struct<id:bigint,str:string,var:string,val:double>");
  assert.deepEqual(
    await rows(idsNoValues),
    withId([
      [1, "one"],
      [2, "two"],
      [3, "three"],
    ]),
  );

  for (const values of ["int", ["int"]]) {
    const a = df.unpivot("id", values, "var", "val");
    assert.equal(a.schema.simpleString(), "struct<id:bigint,var:string,val:bigint>");
    assert.deepEqual(await rows(a), [
      [1, "int", 10],
      [2, "int", 20],
      [3, "int", 30],
    ]);
  }

  const byName = await rows(df.unpivot("id", ["int", "double"], "var", "val"));
  assert.deepEqual(
    await rows(df.unpivot(df.col("id"), [df.col("int"), df.col("double")], "var", "val")),
    byName,
  );
  assert.deepEqual(
    await rows(df.unpivot([df.col("id")], [df.col("int"), df.col("double")], "var", "val")),
    byName,
  );
  assert.deepEqual(
    await rows(df.unpivot([df.col("id"), "str"], [df.col("int"), "double"], "var", "val")),
    await rows(df.unpivot(["id", "str"], ["int", "double"], "var", "val")),
  );
  assert.deepEqual(await rows(df.melt("id", ["int", "double"], "var", "val")), byName);
});

test("test_unpivot_negative", () => {
  const df = wide();
  assert.throws(() => df.unpivot("id", [], "var", "val"), /UNPIVOT_REQUIRES_VALUE_COLUMNS/);
  assert.throws(() => df.unpivot("id", ["int", "str"], "var", "val"), /UNPIVOT_VALUE_DATA_TYPE_MISMATCH/);
});

test("test_melt_groupby", async () => {
  const df = spark.createDataFrame(
    [[1, 2, 3, 4, 5, 6]],
    ["f1", "f2", "label", "pred", "model_version", "ts"],
  );
  assert.equal(await df.melt("model_version", ["label", "f2"], "f1", "f2").groupby("f1").count().count(), 2);
});
