// Port of python/pyspark/sql/tests/test_catalog.py (Spark 4), temp-view parts only.
//
// Skipped (and why): tspark has no databases, persistent tables or persistent functions yet, so
// test_current_database (CREATE DATABASE / setCurrentDatabase), test_list_databases,
// test_database_exists, test_get_database, test_list_functions, test_function_exists,
// test_get_function, test_list_columns, test_table_cache, test_get_table, test_refresh_table and
// the CREATE TABLE halves of test_list_tables / test_table_exists are skipped. What is ported: the
// temp-view rows of listTables and tableExists.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

test("test_list_tables (temp view)", () => {
  assert.deepEqual(spark.catalog.listTables(), []);
  spark.createDataFrame([[1, 1]]).createOrReplaceTempView("temp_tab");
  try {
    const tables = spark.catalog.listTables();
    assert.equal(tables.length, 1);
    const t = tables[0]!;
    assert.equal(t.name, "temp_tab");
    assert.equal(t.description, null);
    assert.equal(t.tableType, "TEMPORARY");
    assert.equal(t.isTemporary, true);
  } finally {
    spark.catalog.dropTempView("temp_tab");
  }
  assert.deepEqual(spark.catalog.listTables(), []);
});

test("test_table_exists (temp view)", () => {
  assert.equal(spark.catalog.tableExists("tab1"), false);
  spark.range(1).createOrReplaceTempView("tab1");
  try {
    assert.equal(spark.catalog.tableExists("tab1"), true);
  } finally {
    assert.equal(spark.catalog.dropTempView("tab1"), true);
  }
  assert.equal(spark.catalog.tableExists("tab1"), false);
  assert.equal(spark.catalog.dropTempView("tab1"), false);
});
