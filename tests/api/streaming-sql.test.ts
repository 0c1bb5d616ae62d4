// spark.sql over streaming temp views returns streaming DataFrames (Spark: a view over a streaming
// Dataset stays streaming), readStream.table reads such a view, and toTable writes a file table
// that spark.table reads back.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SparkSession, TsparkError } from "../../src/index.js";

const spark = SparkSession.builder.master("local[1]").config("spark.sql.session.timeZone", "UTC").create();

test("spark.sql over a streaming view is a streaming query with an aggregation", async () => {
  spark.readStream
    .format("rate-micro-batch")
    .option("rowsPerBatch", 5)
    .load()
    .createOrReplaceTempView("events");
  const df = spark.sql("SELECT value % 2 AS parity, count(*) AS n FROM events GROUP BY value % 2");
  assert.equal(df.isStreaming, true);
  const q = await df.writeStream
    .outputMode("complete")
    .format("memory")
    .queryName("parities")
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  const rows = (await spark.sql("SELECT * FROM parities ORDER BY parity").collect()).map((r) => [
    r.parity,
    r.n,
  ]);
  // Values 0..4: three even, two odd.
  assert.deepEqual(rows, [
    [0, 3],
    [1, 2],
  ]);
  await assert.rejects(spark.sql("SELECT count(*) FROM events").collect(), (e: unknown) => {
    return e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_3102";
  });
});

test("readStream.table reads a streaming view; a batch view is refused", () => {
  spark.readStream.format("rate").load().createOrReplaceTempView("ticks");
  assert.equal(spark.readStream.table("ticks").isStreaming, true);
  spark.range(3).createOrReplaceTempView("static3");
  assert.throws(
    () => spark.readStream.table("static3"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "UNSUPPORTED_FEATURE.TABLE_OPERATION",
  );
});

test("toTable writes a parquet table under the warehouse directory, readable with spark.table", async () => {
  const base = mkdtempSync(join(tmpdir(), "tspark-totable-"));
  spark.conf.set("spark.sql.warehouse.dir", join(base, "warehouse"));
  const q = await spark.readStream
    .format("rate-micro-batch")
    .option("rowsPerBatch", 3)
    .load()
    .select("value")
    .writeStream.option("checkpointLocation", join(base, "ckpt"))
    .trigger({ once: true })
    .toTable("numbers");
  await q.awaitTermination();
  const values = (await spark.table("numbers").collect()).map((r) => r.value).sort();
  assert.deepEqual(values, [0, 1, 2]);
});
