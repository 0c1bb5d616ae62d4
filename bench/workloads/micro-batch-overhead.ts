/**
 * Workload 4, micro-batch overhead (issue #5): `rate-micro-batch` with one row per batch into the
 * `noop` sink, with a checkpoint on local disk (a temp directory): batches per second and the
 * per-batch duration p50/p99. tspark's per-batch figures are taken two ways: the interval between
 * consecutive progress events (what a batch really costs, the engine's yield between triggers
 * included; sub-millisecond resolution) and the progress's own `triggerExecution` (whole ms, as
 * Spark reports it).
 *
 * Baseline: a hand-written loop doing only the checkpoint I/O of a batch, exactly as the engine
 * does it (bench/baselines/checkpoint-loop.ts): the same two files (offsets/<id>, commits/<id>),
 * each a temp file hard-linked onto its name, and the newly expired entry of each log deleted — so
 * the ratio is the engine's overhead over the I/O floor. Two modes, each tspark run against the
 * loop doing the same I/O:
 * - default: no fsync (the engine's default `tspark.checkpoint.fsync=false`, as Spark's checkpoint
 *   writes on a local file system) — the rows without a suffix;
 * - fsync: tspark with `spark.conf.set("tspark.checkpoint.fsync", "true")` against the loop that
 *   fsyncs each file and its directory — the rows marked "(fsync)", showing what durability
 *   against power loss costs on this disk.
 * Spark's own floor (tens of ms per micro-batch) is quoted in RESULTS.md, not measured here.
 *
 * Correctness: every tspark run processed exactly one row per batch for the expected number of
 * batches, and its checkpoint holds the last batch's offsets and commit files.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SparkSession } from "tspark";
import { checkpointLoop } from "../baselines/checkpoint-loop.js";
import {
  type BenchContext,
  BenchCheckFailure,
  latencySummary,
  type Measurement,
  measurement,
  measureVariants,
  nowMs,
  summarize,
  type Workload,
  type WorkloadReport,
  withTempDir,
} from "../harness.js";
import { durationsOf, ProgressWatch } from "../support/progress-watch.js";

const NAME = "micro-batch-overhead";
const LOOP = "checkpoint I/O loop";
const TSPARK_FSYNC = "tspark with fsync";
const LOOP_FSYNC = "checkpoint I/O loop with fsync";
/** The engine's setting (src/streaming/runtime/micro-batch-execution.ts), read at query start. */
const FSYNC_CONF = "tspark.checkpoint.fsync";

interface RunResult {
  readonly batches: number;
  /** Per-batch cost in ms (tspark: interval between progress events; loop: iteration time). */
  readonly batchMs: number[];
  /** tspark only: triggerExecution of each batch (whole ms). */
  readonly triggerMs?: number[];
  /** tspark only: the median of every durationMs phase. */
  readonly phasesMs?: Record<string, number>;
}

async function tsparkRun(spark: SparkSession, batches: number, fsync: boolean): Promise<RunResult> {
  return withTempDir("micro-batch", async (dir) => {
    const checkpoint = join(dir, "checkpoint");
    const watch = new ProgressWatch(spark);
    const arrivals: number[] = [];
    const onProgress = watch.onQueryProgress.bind(watch);
    // Stamped as each progress event arrives: the gaps are the per-batch cost.
    watch.onQueryProgress = (event) => {
      arrivals.push(nowMs());
      onProgress(event);
    };
    if (fsync) spark.conf.set(FSYNC_CONF, "true");
    else spark.conf.unset(FSYNC_CONF);
    try {
      const query = await spark.readStream
        .format("rate-micro-batch")
        .option("rowsPerBatch", 1)
        .option("numPartitions", 1)
        .load()
        .writeStream.format("noop")
        .option("checkpointLocation", checkpoint)
        .start();
      watch.follow(query.id);
      await watch.untilRows(batches);
      await query.stop();
      const progress = watch.progress.slice(0, batches);
      if (progress.some((p) => p.numInputRows !== 1))
        throw new BenchCheckFailure(NAME, "a batch did not read exactly one row");
      const lastId = progress[progress.length - 1]!.batchId;
      for (const log of ["offsets", "commits"])
        if (!existsSync(join(checkpoint, log, String(lastId))))
          throw new BenchCheckFailure(NAME, `checkpoint lacks ${log}/${lastId}`);
      const phases: Record<string, number> = {};
      for (const key of progress[0]?.durationMs?.keys() ?? [])
        phases[key] = summarize(durationsOf(progress, key)).median;
      return {
        batches: progress.length,
        batchMs: arrivals.slice(1, batches).map((t, i) => t - arrivals[i]!),
        triggerMs: durationsOf(progress),
        phasesMs: phases,
      };
    } finally {
      spark.conf.unset(FSYNC_CONF);
      watch.detach();
    }
  });
}

function loopRun(batches: number, fsync: boolean): Promise<RunResult> {
  return withTempDir("checkpoint-loop", async (dir) => {
    const batchMs = checkpointLoop(join(dir, "checkpoint"), batches, { fsync });
    return { batches, batchMs };
  });
}

export const workload: Workload = {
  name: NAME,
  description:
    "rate-micro-batch (rowsPerBatch 1) → noop with a checkpoint on local disk: batches/s, per-batch p50/p99, without and with tspark.checkpoint.fsync; baseline: a hand-written loop doing the engine's checkpoint I/O (same offsets and commits files, same purge) in the same mode",
  async run(ctx: BenchContext): Promise<WorkloadReport> {
    const batches = ctx.quick ? 20 : 500;
    const spark = SparkSession.builder.appName("bench-micro-batch").getOrCreate();
    const results = await measureVariants<RunResult>(ctx, {
      tspark: () => tsparkRun(spark, batches, false),
      [LOOP]: () => loopRun(batches, false),
      [TSPARK_FSYNC]: () => tsparkRun(spark, batches, true),
      [LOOP_FSYNC]: () => loopRun(batches, true),
    });
    const figures = Object.fromEntries(
      Object.entries(results).map(([name, m]) => {
        const all = m.runs.flatMap((r) => r.result.batchMs);
        const trigger = m.runs.flatMap((r) => r.result.triggerMs ?? []);
        return [
          name,
          {
            wallMs: m.wallMs,
            batchesPerSecond: summarize(m.runs.map((r) => r.result.batches / (r.wallMs / 1000))),
            batchMs: latencySummary(all),
            triggerExecutionMs: trigger.length === 0 ? undefined : latencySummary(trigger),
            phasesMedianMs: m.runs[m.runs.length - 1]?.result.phasesMs,
            peakRssBytes: m.peakRssBytes,
          },
        ];
      }),
    );
    const rows: Measurement[] = [];
    for (const [engine, floorName, suffix] of [
      ["tspark", LOOP, ""],
      [TSPARK_FSYNC, LOOP_FSYNC, " (fsync)"],
    ] as const) {
      const t = figures[engine]!;
      const floor = figures[floorName]!;
      rows.push(
        measurement(
          NAME,
          `batches/s${suffix}`,
          t.batchesPerSecond.median,
          floor.batchesPerSecond.median,
          floorName,
          "batches/s",
        ),
        measurement(NAME, `batch duration p50${suffix}`, t.batchMs.p50, floor.batchMs.p50, floorName, "ms"),
        measurement(NAME, `batch duration p99${suffix}`, t.batchMs.p99, floor.batchMs.p99, floorName, "ms"),
      );
    }
    return {
      workload: NAME,
      measurements: rows,
      details: {
        input: { batches, rowsPerBatch: 1, checkpoint: "temp directory on the local disk" },
        figures,
        checks: {
          tspark: `every run (both modes): ${batches} batches of exactly one row; offsets and commits of the last batch on disk`,
        },
        targets: { p50Ms: 1, p99Ms: 5 },
        notes: [
          "tspark's batchMs is the gap between consecutive progress events (listener arrival times).",
          "triggerExecutionMs is the progress's own figure, in whole milliseconds as in Spark.",
          `"${TSPARK_FSYNC}" runs with ${FSYNC_CONF}=true and is compared with "${LOOP_FSYNC}"; the rows without a suffix are the defaults (no fsync) on both sides.`,
        ],
      },
    };
  },
};
