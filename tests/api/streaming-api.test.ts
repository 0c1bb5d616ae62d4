// The streaming API's surface and its errors (PySpark's DataStreamReader / DataStreamWriter /
// StreamingQuery rules; classes from Spark 4's error-conditions.json and PySpark's errors).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock, SparkSession, TsparkError } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";

const spark = SparkSession.builder.master("local[2]").withClock(new ManualClock(0)).create();

function rejectsWith(errorClass: string, words?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof TsparkError, `expected a TsparkError, got ${String(e)}`);
    assert.equal(e.errorClass, errorClass, e.message);
    if (words) assert.match(e.message, words);
    return true;
  };
}

test("readStream.format('rate').load() is a streaming DataFrame with the rate schema", () => {
  const df = spark.readStream.format("rate").load();
  assert.equal(df.isStreaming, true);
  assert.deepEqual(df.dtypes, [
    ["timestamp", "timestamp"],
    ["value", "bigint"],
  ]);
  assert.equal(df.select("value").isStreaming, true);
  assert.equal(spark.range(3).isStreaming, false);
});

test("socket source: schema, includeTimestamp, and Spark's option errors at load()", () => {
  const df = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load();
  assert.deepEqual(df.columns, ["value"]);
  const ts = spark.readStream
    .format("socket")
    .options({ host: "localhost", port: 9999, includeTimestamp: true })
    .load();
  assert.deepEqual(ts.columns, ["value", "timestamp"]);
  assert.throws(
    () => spark.readStream.format("socket").option("port", 9999).load(),
    rejectsWith("_LEGACY_ERROR_TEMP_1295"),
  );
  assert.throws(
    () => spark.readStream.format("socket").option("host", "h").load(),
    rejectsWith("_LEGACY_ERROR_TEMP_1296"),
  );
});

test("a fixed-schema source rejects .schema() (RateStreamProvider source does not support user-specified schema)", () => {
  assert.throws(
    () => spark.readStream.format("rate").schema("a INT").load(),
    rejectsWith(
      "STREAMING_SOURCE_USER_SCHEMA_UNSUPPORTED",
      /RateStreamProvider source does not support user-specified schema/,
    ),
  );
  assert.throws(
    () => spark.readStream.format("rate").option("rowsPerSecond", -1).load(),
    rejectsWith("ILLEGAL_ARGUMENT", /rowsPerSecond/),
  );
  assert.throws(() => spark.readStream.format("nope").load(), rejectsWith("DATA_SOURCE_NOT_FOUND"));
});

test("batch actions on a streaming DataFrame fail with Spark's writeStream.start() error", async () => {
  const df = spark.readStream.format("rate").load();
  const words = /Queries with streaming sources must be executed with writeStream\.start\(\)/;
  await assert.rejects(df.collect(), rejectsWith("_LEGACY_ERROR_TEMP_3102", words));
  await assert.rejects(df.count(), rejectsWith("_LEGACY_ERROR_TEMP_3102", words));
  await assert.rejects(df.show(), rejectsWith("_LEGACY_ERROR_TEMP_3102", words));
  await assert.rejects(df.groupBy("value").count().collect(), rejectsWith("_LEGACY_ERROR_TEMP_3102", words));
});

test("writeStream on a batch DataFrame: WRITE_STREAM_NOT_ALLOWED", () => {
  assert.throws(
    () => spark.range(3).writeStream,
    rejectsWith("WRITE_STREAM_NOT_ALLOWED", /can be called only on streaming/),
  );
});

test("writer argument checks: output mode, triggers, query name, foreachBatch", () => {
  const w = () => spark.readStream.format("rate").load().writeStream;
  assert.throws(() => w().outputMode("bogus"), rejectsWith("STREAMING_OUTPUT_MODE.INVALID", /bogus/));
  assert.throws(() => w().outputMode(""), rejectsWith("VALUE_NOT_NON_EMPTY_STR"));
  assert.equal(w().outputMode("Complete") !== undefined, true);
  assert.throws(() => w().trigger({}), rejectsWith("ONLY_ALLOW_SINGLE_TRIGGER"));
  assert.throws(
    () => w().trigger({ once: true, processingTime: "1 second" }),
    rejectsWith("ONLY_ALLOW_SINGLE_TRIGGER"),
  );
  assert.throws(() => w().trigger({ once: false }), rejectsWith("VALUE_NOT_TRUE"));
  assert.throws(() => w().trigger({ processingTime: "" }), rejectsWith("VALUE_NOT_NON_EMPTY_STR"));
  assert.throws(
    () => w().trigger({ processingTime: "1 month" }),
    rejectsWith("ILLEGAL_ARGUMENT", /month or year/),
  );
  assert.throws(() => w().queryName(""), rejectsWith("VALUE_NOT_NON_EMPTY_STR"));
  assert.throws(() => w().foreachBatch(42 as never), rejectsWith("NOT_CALLABLE"));
});

test("start(): continuous trigger, memory sink without a name, unknown sink, checkpoint rules", async () => {
  const df = spark.readStream.format("rate").load();
  await assert.rejects(
    df.writeStream.format("console").trigger({ continuous: "1 second" }).start(),
    rejectsWith("UNSUPPORTED_FEATURE.CONTINUOUS_TRIGGER"),
  );
  await assert.rejects(
    df.writeStream.format("memory").start(),
    rejectsWith("_LEGACY_ERROR_TEMP_1194", /queryName must be specified for memory sink/),
  );
  await assert.rejects(
    df.writeStream.format("memory").queryName("m").partitionBy("value").start(),
    rejectsWith("_LEGACY_ERROR_TEMP_1197", /'memory' does not support partitioning/),
  );
  await assert.rejects(df.writeStream.format("nope").start(), rejectsWith("DATA_SOURCE_NOT_FOUND"));
  await assert.rejects(
    df.groupBy("value").count().writeStream.format("console").outputMode("append").start(),
    rejectsWith("STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION"),
  );
  await assert.rejects(
    df.writeStream.format("console").outputMode("complete").start(),
    rejectsWith("STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION", /no streaming aggregations/),
  );
});

test("a stateless query into the memory sink, queried with spark.table and spark.sql", async () => {
  const df = spark.readStream
    .format("rate-micro-batch")
    .option("rowsPerBatch", 3)
    .option("numPartitions", 1)
    .load();
  const query = await df
    .select(F.col("value").multiply(10).alias("v"))
    .where(F.col("v").gt(0))
    .writeStream.format("memory")
    .queryName("tenfold")
    .trigger({ availableNow: true })
    .start();
  await query.awaitTermination();
  assert.equal(query.isActive, false);
  assert.equal(query.exception(), null);
  const rows = (await spark.table("tenfold").collect()).map((r) => r.v);
  assert.deepEqual(rows, [10, 20]);
  const viaSql = await spark.sql("SELECT sum(v) AS s FROM tenfold").collect();
  assert.deepEqual(
    viaSql.map((r) => r.s),
    [30],
  );
  assert.equal(query.lastProgress?.numInputRows ?? query.recentProgress.at(-1)?.sources[0]?.numInputRows, 3);
});

test("a query keeps its id across restarts from the same checkpoint and gets a new run id", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-ckpt-"));
  const start = () =>
    spark.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", 2)
      .load()
      .writeStream.format("noop")
      .option("checkpointLocation", dir)
      .trigger({ availableNow: true })
      .start();
  const q1 = await start();
  await q1.awaitTermination();
  const q2 = await start();
  await q2.awaitTermination();
  assert.equal(q1.id, q2.id);
  assert.notEqual(q1.runId, q2.runId);
  assert.equal(q2.lastProgress?.batchId, 1);
});

test("distinct() on a stream is dropDuplicates (Append allowed), as Spark's Dataset.distinct", async () => {
  const df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 4).load();
  const q = await df
    .select(F.col("value").mod(2).alias("parity"))
    .distinct()
    .writeStream.format("memory")
    .queryName("parities_distinct")
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  const rows = (await spark.table("parities_distinct").collect()).map((r) => r.parity).sort();
  assert.deepEqual(rows, [0, 1]);
  assert.equal(q.lastProgress?.stateOperators[0]?.operatorName, "dedupe");
});

test("a stream-stream join starts (StreamingSymmetricHashJoin) and one without an equality is rejected", async () => {
  const a = spark.readStream.format("rate").load();
  const b = spark.readStream.format("rate").load().withColumnRenamed("value", "v2");
  const q = await a
    .join(b, a.col("value").equalTo(b.col("v2")))
    .writeStream.format("noop")
    .start();
  await q.stop();
  await assert.rejects(
    a
      .join(b, a.col("value").lt(b.col("v2")))
      .writeStream.format("console")
      .start(),
    rejectsWith("_LEGACY_ERROR_TEMP_1181", /without equality predicate/),
  );
});

test("PySpark's argument texts: VALUE_NOT_TRUE prints Python's False", () => {
  assert.throws(
    () => spark.readStream.format("rate").load().writeStream.trigger({ availableNow: false }),
    rejectsWith("VALUE_NOT_TRUE", /got 'False'/),
  );
});

test("a planned but uncommitted batch is re-run with its logged offsets; Trigger.Once then runs only it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-rerun-"));
  const seen: [number, number[]][] = [];
  const start = (trigger: { once: true } | { availableNow: true }) =>
    spark.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", 2)
      .option("numPartitions", 1)
      .load()
      .writeStream.foreachBatch(async (df, id) => {
        seen.push([id, (await df.collect()).map((r) => Number(r.value))]);
      })
      .option("checkpointLocation", dir)
      .trigger(trigger)
      .start();
  await (await start({ availableNow: true })).awaitTermination();
  await (await start({ availableNow: true })).awaitTermination();
  assert.deepEqual(seen, [
    [0, [0, 1]],
    [1, [2, 3]],
  ]);
  // Batch 1 planned (offsets/1) but its commit lost: the restart re-runs exactly that batch.
  rmSync(join(dir, "commits", "1"));
  const q = await start({ once: true });
  await q.awaitTermination();
  assert.deepEqual(seen.slice(2), [[1, [2, 3]]]);
  assert.equal(q.lastProgress?.batchId, 1);
});

test("checkpoint logs are written with or without tspark.checkpoint.fsync, in Spark's layout", async () => {
  for (const fsync of ["true", "false"]) {
    const s = spark.newSession();
    s.conf.set("tspark.checkpoint.fsync", fsync);
    const dir = mkdtempSync(join(tmpdir(), "tspark-fsync-"));
    const q = await s.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", 1)
      .load()
      .writeStream.format("noop")
      .option("checkpointLocation", dir)
      .trigger({ availableNow: true })
      .start();
    await q.awaitTermination();
    assert.deepEqual(readdirSync(join(dir, "offsets")), ["0"]);
    assert.deepEqual(readdirSync(join(dir, "commits")), ["0"]);
    assert.match(readFileSync(join(dir, "offsets", "0"), "utf8"), /^v1\n\{"batchWatermarkMs":0,/);
  }
});
