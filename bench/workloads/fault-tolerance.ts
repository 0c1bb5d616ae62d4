/**
 * Workload: the cost of fault tolerance (issue #6). Two stateful queries over N distinct keys
 * (1 M; quick: 10 k), each run with a checkpoint location on local disk (state written as delta
 * and snapshot files, logs) and without one (a temporary checkpoint: state in memory only, as the
 * "no checkpoint" baseline), repetitions interleaved:
 *
 * - `groupBy(key).count()`, Update mode, 2N rows (every key inserted, then updated);
 * - `dropDuplicates(key)`, Append mode, 2N rows (every key inserted, then its duplicate dropped).
 *
 * Figures: rows/s of each, and the ratio checkpoint / no checkpoint (target ≥ 0.85: at most 15 %
 * slower). Then the restart: a fresh Node process starts the count query on the checkpoint its
 * last run left (N keys of state) and times `start()` → end of its first batch, which loads every
 * state partition from the files (target < 2 s at 1 M keys); baseline: the same restart of a
 * checkpoint holding 1,000 keys (the fixed cost of a restart), so the ratio shows what the state adds.
 *
 * Correctness: each run read exactly 2N rows and ends with N keys in state; the restarted query's
 * first batch sees N state rows (so it really loaded them).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SparkSession } from "tspark";
import {
  type BenchContext,
  BenchCheckFailure,
  latencySummary,
  type Measurement,
  measurement,
  measureVariants,
  summarize,
  type Workload,
  type WorkloadReport,
  withTempDir,
} from "../harness.js";
import { durationsOf, ProgressWatch } from "../support/progress-watch.js";
import { type StatefulKind, type StatefulShape, statefulQuery } from "../support/stateful-query.js";

const NAME = "fault-tolerance";
const CHILD = fileURLToPath(new URL("../support/restart-child.ts", import.meta.url));

interface RunResult {
  readonly inputRows: number;
  readonly stateRows: number;
  readonly elapsedMs: number;
  readonly cpuMs: number;
  readonly batchMs: number[];
  readonly commitMs: number[];
}

let counter = 0;

async function runOnce(
  spark: SparkSession,
  kind: StatefulKind,
  shape: StatefulShape,
  checkpoint: string | undefined,
): Promise<RunResult> {
  const watch = new ProgressWatch(spark);
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const query = await statefulQuery(spark, kind, shape, `bench_ft_${counter++}`, checkpoint).start();
    watch.follow(query.id);
    await watch.untilRows(shape.rows);
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await query.stop();
    const batches = watch.progress.filter((p) => p.numInputRows > 0);
    const last = batches[batches.length - 1];
    return {
      inputRows: batches.reduce((s, p) => s + p.numInputRows, 0),
      stateRows: last?.stateOperators[0]?.numRowsTotal ?? -1,
      elapsedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      batchMs: durationsOf(watch.progress),
      commitMs: durationsOf(watch.progress, "commitOffsets"),
    };
  } finally {
    watch.detach();
  }
}

function check(name: string, shape: StatefulShape, r: RunResult): void {
  if (r.inputRows < shape.rows)
    throw new BenchCheckFailure(NAME, `${name}: read ${r.inputRows} of ${shape.rows}`);
  if (r.stateRows !== shape.keys)
    throw new BenchCheckFailure(NAME, `${name}: ${r.stateRows} keys in state, expected ${shape.keys}`);
}

interface RestartResult {
  readonly startToFirstBatchMs: number;
  readonly processStartMs: number;
  readonly batchId: number;
  readonly stateRows: number;
  readonly firstBatchDurations: Record<string, number>;
  readonly rssBytes: number;
}

/** Restarts the count query on `checkpoint` in a fresh process (see restart-child.ts). */
export function restartInChild(
  kind: StatefulKind,
  shape: StatefulShape,
  checkpoint: string,
  nodeArgs: readonly string[] = [],
  providerClass?: string,
): RestartResult {
  const out = execFileSync(
    process.execPath,
    [...nodeArgs, "--import", "tsx", CHILD, JSON.stringify({ kind, shape, checkpoint, providerClass })],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const line = out.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as RestartResult;
}

export const workload: Workload = {
  name: NAME,
  description:
    "groupBy(key).count() and dropDuplicates(key) over N keys with and without a checkpoint (state files) — throughput ratio; restart of a query with N keys of state in a fresh process",
  nodeArgs: ["--max-old-space-size=8192"],
  async run(ctx: BenchContext): Promise<WorkloadReport> {
    const keys = ctx.quick ? 10_000 : 1_000_000;
    const shape: StatefulShape = { keys, rows: 2 * keys, rowsPerBatch: ctx.quick ? 5_000 : 100_000 };
    const spark = SparkSession.builder.appName("bench-fault-tolerance").getOrCreate();
    const reps = ctx.quick ? {} : { repetitions: 3, warmup: 0 };
    const rows: Measurement[] = [];
    const figures: Record<string, unknown> = {};

    await withTempDir("ft", async (dir) => {
      let n = 0;
      const lastCheckpoint: Partial<Record<StatefulKind, string>> = {};
      const withCheckpoint = (kind: StatefulKind) => () => {
        const cp = join(dir, `checkpoint-${kind}-${n++}`);
        lastCheckpoint[kind] = cp;
        return runOnce(spark, kind, shape, cp);
      };
      for (const kind of ["count", "dedup"] as const) {
        const label = kind === "count" ? "groupBy count" : "dropDuplicates";
        const m = await measureVariants(
          ctx,
          {
            [`${label}, checkpoint`]: withCheckpoint(kind),
            [`${label}, no checkpoint`]: () => runOnce(spark, kind, shape, undefined),
          },
          reps,
        );
        const on = m[`${label}, checkpoint`]!;
        const off = m[`${label}, no checkpoint`]!;
        for (const v of [on, off])
          for (const [i, r] of v.runs.entries()) check(`${v.name} #${i}`, shape, r.result);
        const rate = (v: typeof on) => summarize(v.runs.map((r) => shape.rows / (r.result.elapsedMs / 1000)));
        const perCore = (v: typeof on) => summarize(v.runs.map((r) => shape.rows / (r.result.cpuMs / 1000)));
        for (const v of [on, off]) {
          figures[v.name] = {
            rowsPerSecond: rate(v),
            rowsPerCoreSecond: perCore(v),
            batchLatencyMs: latencySummary(v.runs.flatMap((r) => r.result.batchMs)),
            commitMs: latencySummary(v.runs.flatMap((r) => r.result.commitMs)),
            peakRssBytes: v.peakRssBytes,
          };
        }
        rows.push(
          measurement(
            NAME,
            `${label}: rows/s with checkpoint`,
            rate(on).median,
            rate(off).median,
            "no checkpoint",
            "rows/s",
          ),
          measurement(
            NAME,
            `${label}: rows/s per core with checkpoint`,
            perCore(on).median,
            perCore(off).median,
            "no checkpoint",
            "rows/s per core",
          ),
        );
      }

      // Restart of the count query with N keys of state, in a fresh process, vs 1,000 keys.
      const small: StatefulShape = { keys: 1_000, rows: 2_000, rowsPerBatch: 1_000 };
      const smallCheckpoint = join(dir, "checkpoint-small");
      check("1,000 keys", small, await runOnce(spark, "count", small, smallCheckpoint));
      const restarts = ctx.quick ? 1 : 3;
      const big: RestartResult[] = [];
      const base: RestartResult[] = [];
      for (let i = 0; i < restarts; i++) {
        // Each restart runs one more batch on the checkpoint (no new keys: rows past `rows` are filtered out).
        big.push(restartInChild("count", shape, lastCheckpoint.count!));
        base.push(restartInChild("count", small, smallCheckpoint));
      }
      for (const r of big)
        if (r.stateRows !== keys)
          throw new BenchCheckFailure(NAME, `restart saw ${r.stateRows} state rows, expected ${keys}`);
      const bigMs = summarize(big.map((r) => r.startToFirstBatchMs));
      const baseMs = summarize(base.map((r) => r.startToFirstBatchMs));
      figures[`restart, ${keys} keys`] = { startToFirstBatchMs: bigMs, runs: big };
      figures["restart, 1000 keys"] = { startToFirstBatchMs: baseMs, runs: base };
      rows.push(
        measurement(
          NAME,
          `restart with ${keys} keys: start → first batch`,
          bigMs.median,
          baseMs.median,
          "restart with 1,000 keys",
          "ms",
        ),
      );
    });

    return {
      workload: NAME,
      measurements: rows,
      details: {
        input: { ...shape, provider: "HDFSBackedStateStoreProvider (default)", sink: "noop" },
        figures,
        checks: {
          runs: `each read ${shape.rows} rows and ends with ${keys} keys in state`,
          restart: `the restarted query's first batch saw ${keys} state rows`,
        },
        notes: [
          "no checkpoint = a temporary checkpoint: tspark keeps such a query's state in memory only (it can never be restarted from it).",
          "restart time: a fresh Node process, from start() to the end of the first batch (state loaded from snapshot + delta files); module loading before start() is reported separately (processStartMs).",
        ],
      },
    };
  },
};
