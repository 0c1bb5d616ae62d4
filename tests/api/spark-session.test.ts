// SparkSession conformance: builder, conf, createDataFrame, range, views, catalog, newSession.
// Expected values: PySpark docstrings (python/pyspark/sql/session.py, conf.py, catalog.py) and
// Spark's SparkSessionBuilderSuite / SQLConfSuite.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import { TsparkError } from "../../src/common/errors.js";
import * as T from "../../src/types/public.js";

function newSpark(): SparkSession {
  return SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
}

function errorClass(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TsparkError, `not a TsparkError: ${String(err)}`);
    return err.errorClass;
  }
  return assert.fail("expected an error");
}

test("builder.getOrCreate returns the same session until stop()", () => {
  const a = SparkSession.builder.appName("conformance").master("local[2]").getOrCreate();
  const b = SparkSession.builder.config("spark.some.key", "v1").getOrCreate();
  assert.equal(a, b);
  // SparkSessionBuilderSuite "config options are propagated to existing SparkSession"
  assert.equal(a.conf.get("spark.some.key"), "v1");
  assert.equal(SparkSession.getActiveSession(), a);
  a.stop();
  assert.equal(a.isStopped, true);
  const c = SparkSession.builder.getOrCreate();
  assert.notEqual(c, a);
  c.stop();
});

test("builder.config accepts a map of options", () => {
  const s = SparkSession.builder.config({ "spark.a": "1", "spark.b": true }).create();
  assert.equal(s.conf.get("spark.a"), "1");
  assert.equal(s.conf.get("spark.b"), "true");
});

test("a session built with a bad setting fails at creation, with the error spark.conf.set gives", () => {
  // Spark applies the builder's settings through SQLConf's setConfString, which checks them.
  const errorOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as TsparkError;
    }
    assert.fail("no error");
  };
  for (const [key, value] of [
    ["spark.sql.session.timeZone", "Mars/Olympus"],
    ["spark.sql.streaming.multipleWatermarkPolicy", "median"],
    ["spark.sql.streaming.stateStore.maintenanceInterval", "soon"],
    ["tspark.sql.streaming.stateStore.partitioner", "crc32"],
  ] as const) {
    const viaBuilder = errorOf(() => SparkSession.builder.config(key, value).create());
    const viaSet = errorOf(() => SparkSession.builder.create().conf.set(key, value));
    assert.equal(viaBuilder.message, viaSet.message, key);
    assert.equal(viaBuilder.errorClass, viaSet.errorClass, key);
  }
  // getOrCreate checks them too, and a good value still builds the session.
  assert.throws(() =>
    SparkSession.builder.config("spark.sql.session.timeZone", "Mars/Olympus").getOrCreate(),
  );
  assert.equal(
    SparkSession.builder
      .config("spark.sql.session.timeZone", "Asia/Tokyo")
      .create()
      .conf.get("spark.sql.session.timeZone"),
    "Asia/Tokyo",
  );
});

test("conf.get / set / unset (pyspark conf.py docstring)", () => {
  const spark = newSpark();
  spark.conf.set("my.key", "value");
  assert.equal(spark.conf.get("my.key"), "value");
  spark.conf.set("my.num", 3);
  assert.equal(spark.conf.get("my.num"), "3");
  spark.conf.unset("my.key");
  assert.equal(spark.conf.get("my.key", "dflt"), "dflt");
  // a key that is neither set nor known is SQL_CONF_NOT_FOUND
  assert.equal(
    errorClass(() => spark.conf.get("my.key")),
    "SQL_CONF_NOT_FOUND",
  );
  // known keys report Spark's default
  assert.equal(spark.conf.get("spark.sql.ansi.enabled"), "true");
  assert.equal(spark.conf.get("spark.sql.shuffle.partitions"), "200");
  assert.equal(spark.conf.get("spark.sql.session.timeZone"), "UTC");
});

test("createDataFrame from tuples with column names infers bigint/string/double/boolean", () => {
  const spark = newSpark();
  const df = spark.createDataFrame(
    [
      [2, "Alice", 1.5, true],
      [5, "Bob", 2.0, false],
    ],
    ["age", "name", "h", "ok"],
  );
  assert.deepEqual(df.columns, ["age", "name", "h", "ok"]);
  assert.deepEqual(df.dtypes, [
    ["age", "bigint"],
    ["name", "string"],
    ["h", "double"],
    ["ok", "boolean"],
  ]);
});

test("createDataFrame without names uses _1, _2", () => {
  const spark = newSpark();
  const df = spark.createDataFrame([[1, "a"]]);
  assert.deepEqual(df.columns, ["_1", "_2"]);
  assert.deepEqual(df.dtypes, [
    ["_1", "bigint"],
    ["_2", "string"],
  ]);
});

test("createDataFrame from objects (keys sorted as PySpark's dict inference)", async () => {
  const spark = newSpark();
  const df = spark.createDataFrame([
    { age: 1, name: "Alice" },
    { age: 2, name: null },
  ]);
  assert.deepEqual(df.dtypes, [
    ["age", "bigint"],
    ["name", "string"],
  ]);
  assert.deepEqual(await df.collect(), [
    { age: 1, name: "Alice" },
    { age: 2, name: null },
  ]);
});

test("createDataFrame with a DDL string and a StructType", async () => {
  const spark = newSpark();
  const a = spark.createDataFrame([[1, "x"]], "a INT, b STRING");
  assert.deepEqual(a.dtypes, [
    ["a", "int"],
    ["b", "string"],
  ]);
  const schema = T.StructType([
    T.StructField("id", T.LongType(), false),
    T.StructField("tags", T.ArrayType(T.StringType()), true),
  ]);
  const b = spark.createDataFrame([[7, ["p", "q"]]], schema);
  assert.equal(b.schema.fields[0]!.nullable, false);
  assert.deepEqual(b.dtypes, [
    ["id", "bigint"],
    ["tags", "array<string>"],
  ]);
  assert.deepEqual(await b.collect(), [{ id: 7, tags: ["p", "q"] }]);
  // a single atomic type names its column `value`
  const c = spark.createDataFrame([1, 2, 3], "int");
  assert.deepEqual(c.columns, ["value"]);
  assert.deepEqual(await c.collect(), [{ value: 1 }, { value: 2 }, { value: 3 }]);
});

test("createDataFrame with no rows and no schema cannot infer", () => {
  const spark = newSpark();
  assert.equal(
    errorClass(() => spark.createDataFrame([])),
    "CANNOT_INFER_EMPTY_SCHEMA",
  );
});

test("range(end), range(start, end, step), negative step", async () => {
  const spark = newSpark();
  assert.deepEqual(spark.range(3).dtypes, [["id", "bigint"]]);
  assert.equal(spark.range(3).schema.fields[0]!.nullable, false);
  // pyspark session.py docstring: spark.range(1, 7, 2) → 1, 3, 5
  assert.deepEqual(
    (await spark.range(1, 7, 2).collect()).map((r) => r.id),
    [1, 3, 5],
  );
  assert.deepEqual(
    (await spark.range(3).collect()).map((r) => r.id),
    [0, 1, 2],
  );
  assert.deepEqual(
    (await spark.range(5, 0, -2).collect()).map((r) => r.id),
    [5, 3, 1],
  );
  assert.equal(await spark.range(0).count(), 0);
  assert.equal(await spark.range(10, 0).count(), 0);
});

test("createOrReplaceTempView / table / listTables / dropTempView", async () => {
  const spark = newSpark();
  const df = spark.createDataFrame([[1], [2]], ["x"]);
  df.createOrReplaceTempView("tv");
  assert.equal(await spark.table("tv").count(), 2);
  assert.equal(await spark.sql("SELECT sum(x) AS s FROM tv").count(), 1);
  assert.deepEqual(await spark.sql("SELECT sum(x) AS s FROM tv").collect(), [{ s: 3 }]);
  const tables = spark.catalog.listTables();
  assert.deepEqual(
    tables.map((t) => [t.name, t.isTemporary, t.tableType]),
    [["tv", true, "TEMPORARY"]],
  );
  assert.equal(spark.catalog.tableExists("tv"), true);
  // createTempView on an existing name fails; createOrReplaceTempView replaces
  assert.equal(
    errorClass(() => df.createTempView("tv")),
    "TABLE_OR_VIEW_ALREADY_EXISTS",
  );
  spark.createDataFrame([[9]], ["x"]).createOrReplaceTempView("tv");
  assert.deepEqual(await spark.table("tv").collect(), [{ x: 9 }]);
  assert.equal(spark.catalog.dropTempView("tv"), true);
  assert.equal(spark.catalog.dropTempView("tv"), false);
  assert.equal(
    errorClass(() => spark.table("tv")),
    "TABLE_OR_VIEW_NOT_FOUND",
  );
});

test("newSession isolates temp views and conf", () => {
  const spark = newSpark();
  spark.createDataFrame([[1]], ["x"]).createOrReplaceTempView("only_parent");
  spark.conf.set("my.conf", "parent");
  const child = spark.newSession();
  assert.notEqual(child, spark);
  assert.equal(child.catalog.tableExists("only_parent"), false);
  assert.equal(child.conf.get("my.conf", "unset"), "unset");
  child.conf.set("my.conf", "child");
  assert.equal(spark.conf.get("my.conf"), "parent");
  assert.equal(
    errorClass(() => child.table("only_parent")),
    "TABLE_OR_VIEW_NOT_FOUND",
  );
});

test("sql SET reports key/value and changes conf", async () => {
  const spark = newSpark();
  const r = await spark.sql("SET spark.sql.ansi.enabled=false").collect();
  assert.deepEqual(r, [{ key: "spark.sql.ansi.enabled", value: "false" }]);
  assert.equal(spark.conf.get("spark.sql.ansi.enabled"), "false");
});

test("version is 4.x", () => {
  assert.match(newSpark().version, /^4\./);
});
