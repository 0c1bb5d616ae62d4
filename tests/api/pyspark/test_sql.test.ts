// Port of python/pyspark/sql/tests/test_sql.py (Spark 4): spark.sql with parameter markers.
// Same inputs, same expected values.
//
// Left out (see the sweep report): IDENTIFIER(:name) table references (test_args_dict,
// test_kwargs_literal*, test_nested_view) — the SQL parser has no IDENTIFIER clause yet; the
// `{df}` / `{m1}` string-formatting kwargs (test_kwargs_*, test_nested_dataframe) are PySpark's
// Python-side templating into temp views. test_kwargs_literal is ported with `:name` markers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

test("test_simple", async () => {
  const res = await spark.sql("SELECT 1 + 1").collect();
  assert.equal(res.length, 1);
  assert.deepEqual(Object.values(res[0]!), [2]);
});

test("test_args_list", async () => {
  spark.range(10).createOrReplaceTempView("test");
  try {
    const df = spark.sql("SELECT * FROM test WHERE ? < id AND id < ?", [1, 6]);
    assert.equal(await df.count(), 4);
    assert.equal(await df.limit(3).count(), 3);
    assert.equal(await df.offset(3).count(), 1);
    assert.deepEqual(await df.take(1), [{ id: 2 }]);
    assert.deepEqual(await df.tail(1), [{ id: 5 }]);
  } finally {
    spark.catalog.dropTempView("test");
  }
});

test("test_kwargs_literal (named markers)", async () => {
  spark.range(10).createOrReplaceTempView("test");
  try {
    const df = spark.sql("SELECT * FROM test WHERE :m1 < id AND id < :m2 OR id = :m3", {
      m1: 3,
      m2: 7,
      m3: 9,
    });
    assert.equal(await df.count(), 4);
    assert.deepEqual(await df.collect(), [{ id: 4 }, { id: 5 }, { id: 6 }, { id: 9 }]);
    assert.deepEqual(await df.take(1), [{ id: 4 }]);
    assert.deepEqual(await df.tail(1), [{ id: 9 }]);
    const multi = spark.sql("SELECT * FROM test WHERE :m = id OR id > :m OR :m < 0", { m: 6 });
    assert.deepEqual(await multi.collect(), [{ id: 6 }, { id: 7 }, { id: 8 }, { id: 9 }]);
  } finally {
    spark.catalog.dropTempView("test");
  }
});

test("test_nested_view (named markers on views)", async () => {
  spark.range(10).createOrReplaceTempView("v1");
  try {
    spark.sql("SELECT * FROM v1 WHERE id > :m", { m: 1 }).createOrReplaceTempView("v2");
    spark.sql("SELECT * FROM v2 WHERE id > :m", { m: 2 }).createOrReplaceTempView("v3");
    spark.sql("SELECT * FROM v3 WHERE id > :m", { m: 3 }).createOrReplaceTempView("v4");
    const df = spark.sql("select * from v4");
    assert.equal(await df.count(), 6);
    assert.deepEqual(await df.take(1), [{ id: 4 }]);
    assert.deepEqual(await df.tail(1), [{ id: 9 }]);
  } finally {
    for (const v of ["v1", "v2", "v3", "v4"]) spark.catalog.dropTempView(v);
  }
});
