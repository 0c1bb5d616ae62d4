// Port of python/pyspark/sql/tests/test_conf.py (Spark 4): same inputs, same expected values.
//
// Skipped (and why):
// - test_conf_with_python_objects: set(key, None), set(key, Decimal(1)) and get(123) are
//   Python argument-type checks that TypeScript's types rule out; the bool/int halves are ported.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

test("test_conf", () => {
  spark.conf.set("bogo", "sipeo");
  assert.equal(spark.conf.get("bogo"), "sipeo");
  spark.conf.set("bogo", "ta");
  assert.equal(spark.conf.get("bogo"), "ta");
  assert.equal(spark.conf.get("bogo", "not.read"), "ta");
  assert.equal(spark.conf.get("not.set", "ta"), "ta");
  assert.throws(() => spark.conf.get("not.set"), /not\.set/);
  spark.conf.unset("bogo");
  assert.equal(spark.conf.get("bogo", "colombia"), "colombia");

  assert.equal(spark.conf.get("hyukjin", null), null);

  // A key with a Spark default: the default without a default argument, the argument with one.
  // (PySpark asks spark.sql.sources.partitionOverwriteMode, a file-writer setting tspark lacks.)
  assert.equal(spark.conf.get("spark.sql.shuffle.partitions"), "200");
  assert.equal(spark.conf.get("spark.sql.shuffle.partitions", null), null);

  assert.equal(spark.conf.isModifiable("spark.sql.execution.arrow.maxRecordsPerBatch"), true);
  assert.equal(spark.conf.isModifiable("spark.sql.warehouse.dir"), false);
});

test("test_conf_with_python_objects (booleans and numbers)", () => {
  try {
    for (const [value, expected] of [
      [true, "true"],
      [false, "false"],
    ] as const) {
      spark.conf.set("foo", value);
      assert.equal(spark.conf.get("foo"), expected);
    }
    spark.conf.set("foo", 1);
    assert.equal(spark.conf.get("foo"), "1");
  } finally {
    spark.conf.unset("foo");
  }
});

test("test_get_all", () => {
  const all = spark.conf.getAll();
  assert.ok(Object.keys(all).length > 0);
  assert.ok(!("foo" in all));
  try {
    spark.conf.set("foo", "bar");
    const updated = spark.conf.getAll();
    assert.equal(Object.keys(updated).length, Object.keys(all).length + 1);
    assert.ok("foo" in updated);
  } finally {
    spark.conf.unset("foo");
  }
});
