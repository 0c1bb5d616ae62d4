// Spark's partitioning of in-memory data, which partition-sensitive results depend on:
// spark.range splits its ids evenly over numPartitions (default: defaultParallelism from the master
// local[N] or spark.default.parallelism), createDataFrame parallelizes rows over defaultParallelism
// slices (PySpark), SQL VALUES scan as one partition. Expected values from PySpark's docstrings
// (functions/builtin.py monotonically_increasing_id, spark_partition_id, rand).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";

const session = (master: string) =>
  SparkSession.builder.master(master).config("spark.sql.session.timeZone", "UTC").create();

test("monotonically_increasing_id over spark.range(0, 10, 1, 2)", async () => {
  const spark = session("local[4]");
  const rows = await spark.range(0, 10, 1, 2).select(F.monotonically_increasing_id().alias("id")).collect();
  assert.deepEqual(
    rows.map((r) => r.id),
    [0, 1, 2, 3, 4, 8589934592, 8589934593, 8589934594, 8589934595, 8589934596],
  );
});

test("spark.range uses defaultParallelism partitions: local[N] or spark.default.parallelism", async () => {
  const ids = async (spark: SparkSession) =>
    (await spark.range(6).select(F.spark_partition_id().alias("p")).collect()).map((r) => r.p);
  assert.deepEqual(await ids(session("local[4]")), [0, 1, 1, 2, 3, 3]);
  assert.deepEqual(await ids(session("local[1]")), [0, 0, 0, 0, 0, 0]);
  const three = session("local[8]");
  three.conf.set("spark.default.parallelism", "3");
  assert.deepEqual(await ids(three), [0, 0, 1, 1, 2, 2]);
});

test("createDataFrame parallelizes rows over defaultParallelism slices, some empty", async () => {
  const spark = session("local[4]");
  const df = spark.createDataFrame([[1], [2], [3]], "a INT");
  assert.deepEqual(
    (await df.select(F.spark_partition_id().alias("p")).collect()).map((r) => r.p),
    [1, 2, 3],
  );
});

test("SQL VALUES scan as one partition", async () => {
  const spark = session("local[4]");
  const rows = await spark
    .sql("SELECT spark_partition_id() AS p FROM VALUES (1), (2), (3) AS t(a)")
    .collect();
  assert.deepEqual(
    rows.map((r) => r.p),
    [0, 0, 0],
  );
});

test("union concatenates its children's partitions", async () => {
  const spark = session("local[2]");
  const a = spark.range(0, 2, 1, 2);
  const rows = await a.union(a).select(F.spark_partition_id().alias("p")).collect();
  assert.deepEqual(
    rows.map((r) => r.p),
    [0, 1, 2, 3],
  );
});

test("statistics merge partial results in partition order, as Spark's final aggregation", async () => {
  // PySpark's describe() docstring (local[4]): every row in its own partition.
  const spark = session("local[4]");
  const df = spark.createDataFrame([[40.3], [37.8], [44.1]], "w DOUBLE");
  assert.deepEqual(await df.agg(F.stddev("w").alias("s")).collect(), [{ s: 3.1722757341273704 }]);
});
