// `spark.sql.streaming.stateStore.maintenanceInterval` in a query: Spark writes state snapshots
// from a maintenance task that runs once per interval (default 1 minute, SQLConf
// STREAMING_MAINTENANCE_INTERVAL), so a short query with Spark's defaults writes only deltas; with
// no interval (tspark's `0`) a snapshot follows as soon as more than `minDeltasForSnapshot` deltas are there.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MemoryStream } from "tspark/testing";
import * as F from "../../../src/api/functions/index.js";
import { SparkSession } from "../../../src/api/spark-session.js";

/** Runs a count per value over `batches` batches with `conf`; returns the snapshot files written. */
async function snapshotsAfter(batches: number, conf: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "tspark-maintenance-"));
  try {
    const spark = SparkSession.builder
      .config({ "spark.sql.shuffle.partitions": "1", "spark.sql.session.timeZone": "UTC", ...conf })
      .create();
    const input = new MemoryStream(spark, "value INT");
    const q = await input
      .toDF()
      .groupBy(F.col("value"))
      .count()
      .writeStream.outputMode("update")
      .format("noop")
      .option("checkpointLocation", join(dir, "checkpoint"))
      .start();
    try {
      for (let b = 0; b < batches; b++) {
        input.addData(b % 3);
        await q.processAllAvailable();
      }
    } finally {
      await q.stop();
    }
    const partition = join(dir, "checkpoint", "state", "0", "0");
    return readdirSync(partition)
      .filter((f) => f.endsWith(".snapshot"))
      .sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("Spark's defaults (10 deltas, at most once a minute): a query of 12 batches writes no snapshot", async () => {
  assert.deepEqual(await snapshotsAfter(12, {}), []);
});

test("maintenanceInterval 0: a snapshot as soon as more than minDeltasForSnapshot deltas follow the last one", async () => {
  // Spark's doSnapshot wants more delta files than the setting: versions 4 and 8 for 3.
  assert.deepEqual(
    await snapshotsAfter(9, {
      "spark.sql.streaming.stateStore.minDeltasForSnapshot": "3",
      "spark.sql.streaming.stateStore.maintenanceInterval": "0",
    }),
    ["4.snapshot", "8.snapshot"],
  );
  // 0 (Spark does not forbid it): every version.
  assert.deepEqual(
    await snapshotsAfter(3, {
      "spark.sql.streaming.stateStore.minDeltasForSnapshot": "0",
      "spark.sql.streaming.stateStore.maintenanceInterval": "0",
    }),
    ["1.snapshot", "2.snapshot", "3.snapshot"],
  );
});

test("maintenanceInterval takes Spark's time strings; a bad one fails the query with Spark's message", async () => {
  // An hour, spelt as Spark reads it: no snapshot in this short run despite 1 delta per snapshot.
  assert.deepEqual(
    await snapshotsAfter(4, {
      "spark.sql.streaming.stateStore.minDeltasForSnapshot": "1",
      "spark.sql.streaming.stateStore.maintenanceInterval": "1h",
    }),
    [],
  );
  await assert.rejects(
    () => snapshotsAfter(1, { "spark.sql.streaming.stateStore.maintenanceInterval": "soon" }),
    /Failed to parse time string: soon/,
  );
});

test("spark.conf.set checks the maintenance interval as Spark converts a time setting", () => {
  const spark = SparkSession.builder.create();
  spark.conf.set("spark.sql.streaming.stateStore.maintenanceInterval", "30s");
  assert.equal(spark.conf.get("spark.sql.streaming.stateStore.maintenanceInterval"), "30s");
  assert.throws(
    () => spark.conf.set("spark.sql.streaming.stateStore.maintenanceInterval", "10 parsecs"),
    /Failed to parse time string: 10 parsecs/,
  );
  assert.equal(spark.conf.get("spark.sql.streaming.stateStore.maintenanceInterval"), "30s");
});
