// A streaming aggregation on the disk-backed state store, through the public API: a PySpark
// program that sets Spark's RocksDB provider class gets tspark's LMDB provider; the query stops,
// every loaded store is dropped (`unloadStateStores()`, as in a new process), and the restarted
// query continues from the state on disk with the right counts.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { DataFrame } from "../../../src/api/data-frame.js";
import { SparkSession } from "../../../src/api/spark-session.js";
import type { StreamingQuery } from "../../../src/api/streaming-query.js";
import { unloadStateStores } from "../../../src/streaming/state/state-store-registry.js";
import { MemoryStream } from "../../../src/testing/index.js";

const ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

async function counts(df: DataFrame): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await df.collect()) out[String(r.value)] = Number(r.count);
  return out;
}

for (const [outputMode, partitions] of [
  ["complete", 5],
  ["update", 200],
] as const) {
  test(`groupBy count on Spark's RocksDB provider (LMDB), ${outputMode} mode, ${partitions} partitions: stop, unload, restart`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "tspark-lmdb-query-"));
    const checkpoint = join(dir, "checkpoint");
    const spark = SparkSession.builder
      .config("spark.sql.shuffle.partitions", partitions)
      .config("spark.sql.streaming.stateStore.providerClass", ROCKSDB)
      .create();
    const input = new MemoryStream(spark, "value STRING");
    // Each batch's rows (every key in Complete mode, the updated ones in Update mode); the totals
    // are the last count seen per key.
    const totals: Record<string, number> = {};
    let lastBatch: Record<string, number> = {};
    const start = (): Promise<StreamingQuery> =>
      input
        .toDF()
        .groupBy("value")
        .count()
        .writeStream.foreachBatch(async (df) => {
          lastBatch = await counts(df);
          Object.assign(totals, lastBatch);
        })
        .outputMode(outputMode)
        .option("checkpointLocation", checkpoint)
        .start();
    let q = await start();
    try {
      input.addData("a", "b", "a");
      await q.processAllAvailable();
      input.addData("c", "a");
      await q.processAllAvailable();
      assert.deepEqual(totals, { a: 3, b: 1, c: 1 });
      const op = q.lastProgress?.stateOperators[0];
      assert.equal(op?.numRowsTotal, 3);
      assert.ok(
        op?.customMetrics.has("lmdbCommitWriteBatchLatency"),
        [...(op?.customMetrics.keys() ?? [])].join(),
      );
      await q.stop();
      await unloadStateStores();

      // The state is LMDB's, under the checkpoint, and the provider class is pinned in the offset log.
      assert.ok(existsSync(join(checkpoint, "state", "0", "lmdb", "data.mdb")));
      assert.ok(readFileSync(join(checkpoint, "offsets", "1"), "utf8").includes(ROCKSDB));

      q = await start();
      input.addData("b", "d", "a");
      await q.processAllAvailable();
      assert.deepEqual(totals, { a: 4, b: 2, c: 1, d: 1 });
      assert.deepEqual(lastBatch, outputMode === "update" ? { a: 4, b: 2, d: 1 } : totals);
      assert.equal(q.lastProgress?.stateOperators[0]?.numRowsTotal, 4);
    } finally {
      await q.stop();
      await unloadStateStores();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
