/**
 * Workload: state larger than the heap (issue #6). `groupBy(key).count()` over N distinct keys
 * (10 M; quick: 10 k) with the disk-backed provider (Spark's RocksDB provider class name, served
 * by LMDB in tspark) in a process whose V8 heap is limited to 1.5 GiB — less than the in-memory
 * provider needs for these keys (about 217 B per key measured by state-scale: 2.2 GB at 10 M) —
 * then a restart of the query from its checkpoint in a fresh process with the same heap limit.
 *
 * Figures: rows/s (baseline: the same query with the in-memory provider at N/10 keys in the same
 * process, for scale), peak RSS, heap used at the end, and the restart time. Correctness: every
 * row read, N keys in state at the end and in the restarted query's first batch.
 */
import { join } from "node:path";
import { SparkSession } from "tspark";
import {
  type BenchContext,
  BenchCheckFailure,
  collectGarbage,
  latencySummary,
  measurement,
  summarize,
  type Workload,
  type WorkloadReport,
  withTempDir,
} from "../harness.js";
import { durationsOf, ProgressWatch } from "../support/progress-watch.js";
import { type StatefulShape, statefulQuery } from "../support/stateful-query.js";
import { restartInChild } from "./fault-tolerance.js";

const NAME = "state-disk";
const ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
const HDFS = "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
const HEAP_LIMIT = ["--max-old-space-size=1536"];

interface Run {
  readonly inputRows: number;
  readonly stateRows: number;
  readonly elapsedMs: number;
  readonly cpuMs: number;
  readonly batchMs: number[];
  readonly heapUsedBytes: number;
  readonly peakRssBytes: number;
}

async function run(
  spark: SparkSession,
  shape: StatefulShape,
  providerClass: string,
  checkpoint: string,
): Promise<Run> {
  spark.conf.set("spark.sql.streaming.stateStore.providerClass", providerClass);
  const watch = new ProgressWatch(spark, 600_000);
  let peakRssBytes = 0;
  const poll = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, 50);
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const query = await statefulQuery(
      spark,
      "count",
      shape,
      `bench_disk_${providerClass.length}`,
      checkpoint,
    ).start();
    watch.follow(query.id);
    await watch.untilRows(shape.rows);
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await query.stop();
    collectGarbage();
    const batches = watch.progress.filter((p) => p.numInputRows > 0);
    return {
      inputRows: batches.reduce((s, p) => s + p.numInputRows, 0),
      stateRows: batches[batches.length - 1]?.stateOperators[0]?.numRowsTotal ?? -1,
      elapsedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      batchMs: durationsOf(watch.progress),
      heapUsedBytes: process.memoryUsage().heapUsed,
      peakRssBytes,
    };
  } finally {
    clearInterval(poll);
    watch.detach();
    spark.conf.unset("spark.sql.streaming.stateStore.providerClass");
  }
}

export const workload: Workload = {
  name: NAME,
  description:
    "groupBy(key).count() over 10 M keys with the disk-backed state provider (RocksDB class name → LMDB) under a 1.5 GiB heap limit, then a restart from its checkpoint",
  nodeArgs: HEAP_LIMIT,
  async run(ctx: BenchContext): Promise<WorkloadReport> {
    const keys = ctx.quick ? 10_000 : 10_000_000;
    const shape: StatefulShape = { keys, rows: 2 * keys, rowsPerBatch: ctx.quick ? 5_000 : 500_000 };
    const small: StatefulShape = { keys: keys / 10, rows: keys / 5, rowsPerBatch: shape.rowsPerBatch };
    const spark = SparkSession.builder.appName("bench-state-disk").getOrCreate();
    return withTempDir("disk", async (dir) => {
      const memory = await run(spark, small, HDFS, join(dir, "checkpoint-memory"));
      const disk = await run(spark, shape, ROCKSDB, join(dir, "checkpoint-disk"));
      for (const [name, r, s] of [
        ["in-memory", memory, small],
        ["disk", disk, shape],
      ] as const) {
        if (r.inputRows < s.rows)
          throw new BenchCheckFailure(NAME, `${name}: read ${r.inputRows} of ${s.rows}`);
        if (r.stateRows !== s.keys)
          throw new BenchCheckFailure(NAME, `${name}: ${r.stateRows} keys, expected ${s.keys}`);
      }
      const restart = restartInChild(
        "count",
        shape,
        join(dir, "checkpoint-disk"),
        ctx.quick ? [] : HEAP_LIMIT,
        ROCKSDB,
      );
      if (restart.stateRows !== keys)
        throw new BenchCheckFailure(NAME, `restart saw ${restart.stateRows} state rows, expected ${keys}`);
      const rate = (r: Run, s: StatefulShape) => s.rows / (r.elapsedMs / 1000);
      const perCore = (r: Run, s: StatefulShape) => s.rows / (r.cpuMs / 1000);
      return {
        workload: NAME,
        measurements: [
          measurement(
            NAME,
            `disk provider, ${keys} keys: rows/s`,
            rate(disk, shape),
            rate(memory, small),
            `in-memory provider, ${small.keys} keys`,
            "rows/s",
          ),
          measurement(
            NAME,
            `disk provider, ${keys} keys: rows/s per core`,
            perCore(disk, shape),
            perCore(memory, small),
            `in-memory provider, ${small.keys} keys`,
            "rows/s per core",
          ),
          measurement(
            NAME,
            `disk provider, ${keys} keys: peak RSS`,
            disk.peakRssBytes,
            217 * keys,
            "in-memory state estimate (217 B/key × keys)",
            "bytes",
          ),
          measurement(
            NAME,
            `disk provider, restart with ${keys} keys: start → first batch`,
            restart.startToFirstBatchMs,
            2000,
            "target (2 s)",
            "ms",
          ),
        ],
        details: {
          input: { ...shape, heapLimit: ctx.quick ? "none (quick)" : HEAP_LIMIT.join(" "), sink: "noop" },
          figures: {
            disk: {
              ...disk,
              batchMs: undefined,
              batchLatencyMs: latencySummary(disk.batchMs),
              rowsPerSecond: rate(disk, shape),
            },
            memory: {
              ...memory,
              batchMs: undefined,
              batchLatencyMs: latencySummary(memory.batchMs),
              rowsPerSecond: rate(memory, small),
            },
            restart,
            batchMsSummary: summarize(disk.batchMs),
          },
          checks: {
            rows: "every row read",
            state: `${keys} keys in state at the end and in the restarted query's first batch`,
          },
          notes: [
            "The heap limit applies to the workload's process and to the restart child in full runs; the in-memory provider would need about 2.2 GB of heap for 10 M keys.",
          ],
        },
      };
    });
  },
};
