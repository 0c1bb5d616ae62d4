// The memory sink through the public API, from Spark's MemorySinkSuite (sql/core/src/test/scala/
// org/apache/spark/sql/streaming/MemorySinkSuite.scala): `format("memory").queryName(name)`
// exposes the sink as a table in Append, Complete and Update modes; a name is required; only a
// Complete-mode query may resume from a checkpoint (Spark's DataStreamWriter passes
// `recoverFromCheckpointLocation = outputMode == Complete`). The sink's own batch rules are unit
// tested in src/connectors/memory/memory-sink.test.ts.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import { MemoryStream } from "../../src/testing/index.js";
import { testSession } from "./scenario.js";

const spark = testSession();

async function tableValues(df: DataFrame): Promise<unknown[][]> {
  const rows = await df.collect();
  return rows.map((r) => Object.values(r)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

// MemorySinkSuite "registering as a table in Append output mode" and "… in Update output mode"
for (const mode of ["append", "update"]) {
  test(`registering as a table in ${mode} output mode`, async () => {
    const input = new MemoryStream(spark, "value INT");
    const query = await input
      .toDF()
      .writeStream.format("memory")
      .outputMode(mode)
      .queryName("memStream")
      .start();
    try {
      input.addData(1, 2, 3);
      await query.processAllAvailable();
      assert.deepEqual(await tableValues(spark.table("memStream")), [[1], [2], [3]]);
      input.addData(4, 5, 6);
      await query.processAllAvailable();
      assert.deepEqual(await tableValues(spark.table("memStream")), [[1], [2], [3], [4], [5], [6]]);
      assert.deepEqual(await tableValues(spark.sql("select * from memStream where value > 4")), [[5], [6]]);
    } finally {
      await query.stop();
    }
  });
}

// MemorySinkSuite "registering as a table in Complete output mode"
test("registering as a table in Complete output mode", async () => {
  const input = new MemoryStream(spark, "value INT");
  const query = await input
    .toDF()
    .groupBy("value")
    .count()
    .writeStream.format("memory")
    .outputMode("complete")
    .queryName("memStream")
    .start();
  try {
    input.addData(1, 2, 3);
    await query.processAllAvailable();
    assert.deepEqual(await tableValues(spark.table("memStream")), [
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    input.addData(4, 5, 6);
    await query.processAllAvailable();
    assert.deepEqual(await tableValues(spark.table("memStream")), [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
  } finally {
    await query.stop();
  }
});

// MemorySinkSuite "error when no name is specified"
test("error when no name is specified", async () => {
  const input = new MemoryStream(spark, "value INT");
  await assert.rejects(
    input.toDF().writeStream.format("memory").start(),
    (e: Error & { errorClass?: string }) => {
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_1194");
      assert.match(e.message, /queryName must be specified/);
      return true;
    },
  );
});

// MemorySinkSuite "error if attempting to resume specific checkpoint"
test("error if attempting to resume specific checkpoint", async () => {
  const location = mkdtempSync(join(tmpdir(), "steaming.checkpoint"));
  try {
    const input = new MemoryStream(spark, "value INT");
    const start = () =>
      input
        .toDF()
        .writeStream.format("memory")
        .queryName("memStream")
        .option("checkpointLocation", location)
        .start();
    const query = await start();
    input.addData(1, 2, 3);
    await query.processAllAvailable();
    await query.stop();
    await assert.rejects(start(), (e: Error & { errorClass?: string }) => {
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_1299");
      assert.match(e.message, /does not support recovering from checkpoint location/);
      return true;
    });
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
});

// The Complete-mode exception to the rule above: the query resumes, and its next batch rebuilds
// the whole table from the recovered state (values of "registering as a table in Complete output
// mode", split over two runs).
test("a Complete-mode memory sink query resumes from its checkpoint", async () => {
  const location = mkdtempSync(join(tmpdir(), "steaming.checkpoint"));
  try {
    const input = new MemoryStream(spark, "value INT");
    const start = () =>
      input
        .toDF()
        .groupBy("value")
        .count()
        .writeStream.format("memory")
        .outputMode("complete")
        .queryName("memStreamComplete")
        .option("checkpointLocation", location)
        .start();
    const first = await start();
    input.addData(1, 2, 3);
    await first.processAllAvailable();
    await first.stop();
    const second = await start();
    try {
      assert.equal(second.id, first.id);
      input.addData(4, 5, 6);
      await second.processAllAvailable();
      assert.deepEqual(await tableValues(spark.table("memStreamComplete")), [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1],
        [6, 1],
      ]);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
});
