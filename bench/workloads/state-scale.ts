/**
 * Workload 5, state scale (issue #5): `groupBy(key).count()` over N distinct keys (1 M, and 10 M
 * with a checkpoint in full runs unless BENCH_STATE_10M=0; quick: 10 k) with the in-memory state store provider (the only one so far). Input: `rate-micro-batch`
 * with `key = value % N` and `value < 2N`, so every key is counted twice (the first N rows insert
 * the keys, the next N update them); Update mode into the `noop` sink. Run with an explicit
 * checkpoint location on local disk and without one (tspark then uses a temporary checkpoint, as
 * Spark does for noop; the in-memory provider writes no state files, so the two differ only in
 * where the logs go).
 *
 * Figures: rows/s and rows per CPU-second; memory per key = growth of the V8 heap (after a full
 * GC) between the query's start and the moment it has read every row, divided by N; the state
 * operator's own `memoryUsedBytes` per key; peak RSS. Baseline: a JS Map counting the same keys
 * from the same generated values.
 *
 * Correctness: every tspark run read exactly 2N rows and its state holds N groups; every batch
 * updated as many groups as the baseline finds distinct keys in that batch's values. And one
 * extra run at min(N, 100 k) keys with uneven counts (2.5 N rows: half the keys three times) into
 * the memory sink, whose last count per key must equal the baseline Map's for every key.
 */
import { join } from "node:path";
import { SparkSession } from "tspark";
import { col, max } from "tspark/functions";
import {
  type BenchContext,
  BenchCheckFailure,
  collectGarbage,
  latencySummary,
  type Measurement,
  measure,
  measurement,
  summarize,
  throughput,
  type Workload,
  type WorkloadReport,
  withTempDir,
} from "../harness.js";
import { durationsOf, ProgressWatch } from "../support/progress-watch.js";

const NAME = "state-scale";

interface Shape {
  /** Distinct keys. */
  readonly keys: number;
  /** Rows generated and kept (values 0 … rows - 1). */
  readonly rows: number;
  readonly rowsPerBatch: number;
}

interface RunResult {
  readonly inputRows: number;
  readonly stateRows: number;
  readonly updatedPerBatch: number[];
  readonly heapGrowthBytes: number;
  readonly rssGrowthBytes: number;
  readonly stateMemoryBytes: number;
  readonly batchMs: number[];
  /** Wall and CPU time from start() to the last row read (the GCs around it left out). */
  readonly elapsedMs: number;
  readonly cpuMs: number;
}

/** The baseline: a Map from key to count over the same values. */
function mapCount(shape: Shape): Map<number, number> {
  const counts = new Map<number, number>();
  for (let v = 0; v < shape.rows; v++) {
    const k = v % shape.keys;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Distinct keys of each batch's values, as the baseline sees them. */
function distinctKeysPerBatch(shape: Shape): number[] {
  const out: number[] = [];
  for (let start = 0; start < shape.rows; start += shape.rowsPerBatch) {
    const n = Math.min(shape.rowsPerBatch, shape.rows - start);
    out.push(Math.min(n, shape.keys));
  }
  return out;
}

let counter = 0;

async function tsparkCount(
  spark: SparkSession,
  shape: Shape,
  sink: "noop" | "memory",
  checkpoint: string | undefined,
): Promise<RunResult & { table?: string }> {
  const watch = new ProgressWatch(spark);
  const queryName = `bench_state_${counter++}`;
  try {
    collectGarbage();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage.rss();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const counts = spark.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", shape.rowsPerBatch)
      .option("numPartitions", 1)
      .load()
      // Batches after the last wanted one add nothing, so the state is exact whenever we stop.
      .where(col("value").lt(shape.rows))
      .select(col("value").mod(shape.keys).alias("key"))
      .groupBy("key")
      .count();
    let writer = counts.writeStream.format(sink).outputMode("update").queryName(queryName);
    if (checkpoint !== undefined) writer = writer.option("checkpointLocation", checkpoint);
    const query = await writer.start();
    watch.follow(query.id);
    await watch.untilRows(shape.rows);
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    collectGarbage();
    const heapGrowthBytes = process.memoryUsage().heapUsed - heap0;
    const rssGrowthBytes = process.memoryUsage.rss() - rss0;
    await query.stop();
    const batches = watch.progress.filter((p) => p.numInputRows > 0);
    const last = batches[batches.length - 1];
    const op = last?.stateOperators[0];
    return {
      inputRows: batches.reduce((s, p) => s + p.numInputRows, 0),
      stateRows: op?.numRowsTotal ?? -1,
      updatedPerBatch: batches.map((p) => p.stateOperators[0]?.numRowsUpdated ?? -1),
      heapGrowthBytes,
      rssGrowthBytes,
      stateMemoryBytes: op?.memoryUsedBytes ?? Number.NaN,
      batchMs: durationsOf(watch.progress),
      elapsedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ...(sink === "memory" ? { table: queryName } : {}),
    };
  } finally {
    watch.detach();
  }
}

function checkRun(name: string, shape: Shape, r: RunResult): void {
  if (r.inputRows < shape.rows)
    throw new BenchCheckFailure(NAME, `${name}: read ${r.inputRows} of ${shape.rows} rows`);
  if (r.stateRows !== shape.keys)
    throw new BenchCheckFailure(NAME, `${name}: ${r.stateRows} groups in state, expected ${shape.keys}`);
  const expected = distinctKeysPerBatch(shape);
  const updated = r.updatedPerBatch.slice(0, expected.length);
  if (updated.some((n, i) => n !== expected[i]))
    throw new BenchCheckFailure(NAME, `${name}: groups updated per batch ${updated} ≠ ${expected}`);
}

export const workload: Workload = {
  name: NAME,
  description:
    "rate-micro-batch, key = value % N → groupBy(key).count() (Update, noop), in-memory state, with and without a checkpoint location: rows/s and memory per key; baseline: a JS Map",
  // 10 M keys hold a few GB of heap (state, garbage, the Map baseline): more than Node's default.
  nodeArgs: ["--max-old-space-size=16384"],
  async run(ctx: BenchContext): Promise<WorkloadReport> {
    const keys = ctx.quick ? 10_000 : 1_000_000;
    const shape: Shape = { keys, rows: 2 * keys, rowsPerBatch: ctx.quick ? 5_000 : 100_000 };
    // A full-size tspark run takes about a minute on this machine: one measured run, no warm-up.
    const big = ctx.quick ? {} : { repetitions: 1, warmup: 0 };
    const spark = SparkSession.builder.appName("bench-state-scale").getOrCreate();

    // The baseline, timed alone; its memory per key measured as tspark's (heap growth after a GC).
    const baseline = await measure(ctx, "JS Map", async () => mapCount(shape));
    collectGarbage();
    const heap0 = process.memoryUsage().heapUsed;
    const reference = mapCount(shape);
    collectGarbage();
    const mapHeapPerKey = (process.memoryUsage().heapUsed - heap0) / reference.size;

    const withCheckpoint = await measure(
      ctx,
      "tspark, checkpoint on local disk",
      () => withTempDir("state", (dir) => tsparkCount(spark, shape, "noop", join(dir, "checkpoint"))),
      big,
    );
    const withoutCheckpoint = await measure(
      ctx,
      "tspark, no checkpoint location",
      () => tsparkCount(spark, shape, "noop", undefined),
      big,
    );
    for (const m of [withCheckpoint, withoutCheckpoint])
      for (const [i, r] of m.runs.entries()) checkRun(`${m.name} run ${i}`, shape, r.result);

    // 10 M keys (full runs; BENCH_STATE_10M=0 skips): one run with a checkpoint, and the Map.
    const huge: Shape | undefined =
      ctx.quick || process.env.BENCH_STATE_10M === "0"
        ? undefined
        : { keys: 10 * keys, rows: 20 * keys, rowsPerBatch: 10 * shape.rowsPerBatch };
    let hugeBaseline: Awaited<ReturnType<typeof measure<Map<number, number>>>> | undefined;
    let hugeRun: Awaited<ReturnType<typeof measure<RunResult>>> | undefined;
    if (huge) {
      hugeBaseline = await measure(ctx, "JS Map, 10 M keys", async () => mapCount(huge), big);
      collectGarbage();
      hugeRun = await measure(
        ctx,
        "tspark, 10 M keys, checkpoint on local disk",
        () => withTempDir("state", (dir) => tsparkCount(spark, huge, "noop", join(dir, "checkpoint"))),
        big,
      );
      for (const [i, r] of hugeRun.runs.entries()) checkRun(`${hugeRun.name} run ${i}`, huge, r.result);
    }

    // Per-key check at a size where reading the whole table back is quick; uneven counts.
    const checkKeys = Math.min(keys, 100_000);
    const checkShape: Shape = { keys: checkKeys, rows: (5 * checkKeys) / 2, rowsPerBatch: checkKeys / 2 };
    const checked = await tsparkCount(spark, checkShape, "memory", undefined);
    const expected = mapCount(checkShape);
    const latest = await spark
      .table(checked.table!)
      .groupBy("key")
      .agg(max("count").alias("count"))
      .collect();
    spark.catalog.dropTempView(checked.table!);
    if (latest.length !== expected.size)
      throw new BenchCheckFailure(NAME, `memory sink has ${latest.length} keys, Map ${expected.size}`);
    for (const row of latest) {
      const k = Number(row.key);
      if (expected.get(k) !== Number(row.count))
        throw new BenchCheckFailure(NAME, `key ${k}: tspark ${row.count}, Map ${expected.get(k)}`);
    }
    if (reference.size !== keys) throw new BenchCheckFailure(NAME, `Map has ${reference.size} keys`);

    const tp = throughput(baseline, () => shape.rows);
    const figures: Record<string, unknown> = {
      "JS Map": {
        wallMs: baseline.wallMs,
        rowsPerSecond: tp.perSecond,
        rowsPerCoreSecond: tp.perCoreSecond,
        heapBytesPerKey: mapHeapPerKey,
      },
    };
    const rows: Measurement[] = [];
    const variants: { m: typeof withCheckpoint; shape: Shape; base: typeof tp; baseName: string }[] = [
      { m: withCheckpoint, shape, base: tp, baseName: "JS Map" },
      { m: withoutCheckpoint, shape, base: tp, baseName: "JS Map" },
    ];
    if (huge && hugeRun && hugeBaseline) {
      const hugeTp = throughput(hugeBaseline, () => huge.rows);
      figures["JS Map, 10 M keys"] = {
        wallMs: hugeBaseline.wallMs,
        rowsPerSecond: hugeTp.perSecond,
        rowsPerCoreSecond: hugeTp.perCoreSecond,
      };
      variants.push({ m: hugeRun, shape: huge, base: hugeTp, baseName: "JS Map, 10 M keys" });
    }
    for (const { m, shape, base, baseName } of variants) {
      const keys = shape.keys;
      // From start() to the last row read: the harness's wall time also holds the GCs and the stop.
      const t = {
        perSecond: summarize(m.runs.map((r) => shape.rows / (r.result.elapsedMs / 1000))),
        perCoreSecond: summarize(m.runs.map((r) => shape.rows / (r.result.cpuMs / 1000))),
        coresUsed: summarize(m.runs.map((r) => r.result.cpuMs / r.result.elapsedMs)),
      };
      const heapPerKey = summarize(m.runs.map((r) => r.result.heapGrowthBytes / keys));
      figures[m.name] = {
        wallMs: m.wallMs,
        startToLastRowMs: summarize(m.runs.map((r) => r.result.elapsedMs)),
        rowsPerSecond: t.perSecond,
        rowsPerCoreSecond: t.perCoreSecond,
        coresUsed: t.coresUsed,
        heapBytesPerKey: heapPerKey,
        rssGrowthBytesPerKey: summarize(m.runs.map((r) => r.result.rssGrowthBytes / keys)),
        stateMemoryUsedBytesPerKey: summarize(m.runs.map((r) => r.result.stateMemoryBytes / keys)),
        peakRssBytes: m.peakRssBytes,
        batchLatencyMs: latencySummary(m.runs.flatMap((r) => r.result.batchMs)),
      };
      rows.push(
        measurement(NAME, `${m.name}: rows/s`, t.perSecond.median, base.perSecond.median, baseName, "rows/s"),
        measurement(
          NAME,
          `${m.name}: rows/s per core`,
          t.perCoreSecond.median,
          base.perCoreSecond.median,
          baseName,
          "rows/s per core",
        ),
        measurement(NAME, `${m.name}: heap per key`, heapPerKey.median, mapHeapPerKey, "JS Map", "bytes/key"),
      );
    }
    return {
      workload: NAME,
      measurements: rows,
      details: {
        input: {
          ...shape,
          stateProvider: "in-memory (HDFSBackedStateStoreProvider's name)",
          outputMode: "update",
        },
        figures,
        checks: {
          measuredRuns: `each read ${shape.rows} rows${huge ? ` (10 M keys: ${huge.rows})` : ""}, state holds every key, groups updated per batch = distinct keys per batch`,
          perKey: `memory sink at ${checkKeys} keys, ${checkShape.rows} rows: last count of every key = the Map's`,
        },
        notes: [
          "Heap per key: V8 heap growth after a full GC between the query's start and its reading every row, / N (state store, plans, caches: everything the query holds).",
          "stateMemoryUsedBytesPerKey is the state operator's own estimate from the progress (memoryUsedBytes / N).",
          ctx.quick
            ? "quick run"
            : "full size: one measured run per tspark variant, no warm-up (each takes about a minute)",
        ],
      },
    };
  },
};
