// Port of python/pyspark/sql/tests/test_session.py (Spark 4): the active / default session and
// the builder. Same inputs, same expected values. The tests share the process-wide active session,
// so they run in order and stop what they start.
//
// Skipped (and why): SQLContext / SparkContext / JVM default-session tests (no SparkContext or
// JVM), test_spark_session's CREATE DATABASE / CREATE TABLE (no persistent catalog) and its `{c}`
// kwargs templating, enableHiveSupport, SparkExtensionsTest.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../../src/index.js";

test("test_get_active_session_when_no_active_session / test_active_session", async () => {
  assert.equal(SparkSession.getActiveSession(), undefined);
  const spark = SparkSession.builder.master("local").getOrCreate();
  assert.equal(SparkSession.getActiveSession(), spark);
  const active = SparkSession.getActiveSession()!;
  assert.deepEqual(await active.createDataFrame([[1, "Alice"]], ["age", "name"]).collect(), [
    { age: 1, name: "Alice" },
  ]);
  spark.stop();
  assert.equal(SparkSession.getActiveSession(), undefined);
});

test("test_global_default_session", () => {
  const spark = SparkSession.builder.master("local").getOrCreate();
  try {
    assert.equal(SparkSession.builder.getOrCreate(), spark);
  } finally {
    spark.stop();
  }
});

test("test_config_option_propagated_to_existing_session", () => {
  const session1 = SparkSession.builder.master("local").config("spark-config1", "a").getOrCreate();
  assert.equal(session1.conf.get("spark-config1"), "a");
  const session2 = SparkSession.builder.config("spark-config1", "b").getOrCreate();
  try {
    assert.equal(session1, session2);
    assert.equal(session1.conf.get("spark-config1"), "b");
  } finally {
    session1.stop();
  }
});

test("test_spark_session (conf and range)", async () => {
  const spark = SparkSession.builder.master("local").config("some-config", "v2").getOrCreate();
  try {
    assert.equal(spark.conf.get("some-config"), "v2");
    assert.equal(await spark.range(3).count(), 3);
  } finally {
    spark.stop();
  }
});

test("test_new_session / test_create_new_session_if_old_session_stopped", () => {
  const session = SparkSession.builder.master("local").getOrCreate();
  const newSession = session.newSession();
  assert.notEqual(session, newSession);
  session.stop();
  newSession.stop();
  const old = SparkSession.builder.master("local").getOrCreate();
  old.stop();
  const fresh = SparkSession.builder.master("local").getOrCreate();
  try {
    assert.notEqual(old, fresh);
  } finally {
    fresh.stop();
  }
});

test("test_get_active_session_after_create_dataframe", () => {
  const session1 = SparkSession.builder.master("local").getOrCreate();
  let session2: SparkSession | undefined;
  try {
    assert.equal(SparkSession.getActiveSession(), session1);
    session2 = session1.newSession();
    assert.equal(SparkSession.getActiveSession(), session1);
    session2.createDataFrame([[1, "Alice"]], ["age", "name"]);
    assert.equal(SparkSession.getActiveSession(), session2);
    session1.createDataFrame([[1, "Alice"]], ["age", "name"]);
    assert.equal(SparkSession.getActiveSession(), session1);
  } finally {
    session2?.stop();
    session1.stop();
  }
});

test("test_create_spark_context_with_initial_session_options_bool", () => {
  for (const [value, text] of [
    [true, "true"],
    [false, "false"],
  ] as const) {
    const session = SparkSession.builder
      .config("spark.sql.pyspark.jvmStacktrace.enabled", value)
      .getOrCreate();
    try {
      assert.equal(session.conf.get("spark.sql.pyspark.jvmStacktrace.enabled"), text);
    } finally {
      session.stop();
    }
  }
});
