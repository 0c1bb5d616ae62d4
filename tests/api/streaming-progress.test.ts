// Progress reports of a running query (Spark's StreamingQueryStatusAndProgressSuite and
// ProgressReporter): fields, offsets, phase names, sink row counts, retention and status.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SparkSession } from "../../src/index.js";

const spark = SparkSession.builder.master("local[1]").config("spark.sql.session.timeZone", "UTC").create();

const rate = (rows = 4) =>
  spark.readStream.format("rate-micro-batch").option("rowsPerBatch", rows).option("numPartitions", 1).load();

test("a batch's progress: ids, batch id, sources with offsets, sink with rows, Spark's phase names", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-progress-"));
  const q = await rate()
    .writeStream.format("memory")
    .queryName("progress_rows")
    .option("checkpointLocation", join(dir, "c"))
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  const p = q.lastProgress!;
  assert.equal(p.id, q.id);
  assert.equal(p.runId, q.runId);
  assert.equal(p.name, "progress_rows");
  assert.equal(p.batchId, 0);
  assert.equal(p.numInputRows, 4);
  assert.equal(p.sources.length, 1);
  assert.equal(p.sources[0]!.startOffset, null);
  assert.deepEqual(JSON.parse(p.sources[0]!.endOffset!), { offset: 4, timestamp: 1000 });
  assert.equal(p.sink.description, "MemorySink");
  assert.equal(p.sink.numOutputRows, 4);
  assert.deepEqual([...p.durationMs.keys()].sort(), [
    "addBatch",
    "commitOffsets",
    "getBatch",
    "latestOffset",
    "queryPlanning",
    "triggerExecution",
    "walCommit",
  ]);
  const json = JSON.parse(p.json) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), [
    "id",
    "runId",
    "name",
    "timestamp",
    "batchId",
    "batchDuration",
    "numInputRows",
    "inputRowsPerSecond",
    "processedRowsPerSecond",
    "durationMs",
    "stateOperators",
    "sources",
    "sink",
  ]);
  // The second run resumes: batch 1 starts where batch 0 ended.
  const q2 = await rate()
    .writeStream.format("memory")
    .queryName("progress_rows2")
    .option("checkpointLocation", join(dir, "c2"))
    .trigger({ availableNow: true })
    .start();
  await q2.awaitTermination();
  assert.equal(q2.lastProgress!.batchId, 0);
});

test("V1 sinks (files, foreachBatch) report numOutputRows -1, as Spark", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-progress-v1-"));
  const files = await rate()
    .writeStream.format("json")
    .option("checkpointLocation", join(dir, "c1"))
    .trigger({ once: true })
    .start(join(dir, "out"));
  await files.awaitTermination();
  assert.equal(files.lastProgress!.sink.numOutputRows, -1);
  assert.match(files.lastProgress!.sink.description, /^FileSink\[/);
  const batches: number[] = [];
  const fb = await rate()
    .writeStream.foreachBatch(async (df, id) => {
      batches.push(id, await df.count());
    })
    .trigger({ once: true })
    .start();
  await fb.awaitTermination();
  assert.deepEqual(batches, [0, 4]);
  assert.equal(fb.lastProgress!.sink.numOutputRows, -1);
  assert.equal(fb.lastProgress!.sink.description, "ForeachBatchSink");
});

test("stateful operators appear in progress with Spark's operator names", async () => {
  const q = await rate(6)
    .groupBy(rate(6).col("value").mod(3).alias("k"))
    .count()
    .writeStream.format("memory")
    .queryName("progress_agg")
    .outputMode("complete")
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  const ops = q.lastProgress!.stateOperators;
  assert.equal(ops.length, 1);
  assert.equal(ops[0]!.operatorName, "stateStoreSave");
  assert.equal(ops[0]!.numRowsTotal, 3);
  assert.equal(ops[0]!.numRowsUpdated, 3);
  assert.equal(q.lastProgress!.sink.numOutputRows, 3);
});

test("status after the query ends, and recentProgress bounded by numRecentProgressUpdates", async () => {
  const s2 = spark.newSession();
  s2.conf.set("spark.sql.streaming.numRecentProgressUpdates", "3");
  const df = s2.readStream.format("rate-micro-batch").option("rowsPerBatch", 1).load();
  const q = await df.writeStream.format("noop").start();
  while ((q.lastProgress?.batchId ?? 0) < 5) {
    assert.equal(q.exception(), null);
    await new Promise((r) => setTimeout(r, 10));
  }
  // Spark keeps fewer than numRecentProgressUpdates reports (its retention loop).
  assert.ok(q.recentProgress.length <= 2, `kept ${q.recentProgress.length}`);
  await q.stop();
  assert.equal(q.isActive, false);
  assert.equal(q.status.message, "Stopped");
  assert.equal(q.status.isTriggerActive, false);
  assert.equal(q.status.isDataAvailable, false);
});
