// Spark's `noop` data source for batch writes: the query runs to the end, nothing is written, no
// path is needed; a failure while running still surfaces.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import { udf } from "../../src/api/udf.js";

const spark = SparkSession.builder.master("local[1]").create();

test("df.write.format('noop').save() runs the query without a path and writes nothing", async () => {
  let seen = 0;
  const count = udf((x: unknown) => {
    seen++;
    return x;
  }, "long");
  await spark.range(7).select(count("id")).write.format("noop").mode("overwrite").save();
  assert.equal(seen, 7, "every row was computed");
});

test("a noop write surfaces the query's failure", async () => {
  await assert.rejects(
    spark.sql("SELECT assert_true(false)").write.format("noop").save(),
    /USER_RAISED_EXCEPTION/,
  );
});
