/**
 * The benchmark harness's contract and measuring helpers (issue #5). A workload (one file in
 * bench/workloads/ exporting `workload`) runs its tspark query and its baselines in the same
 * process and run, checks that they agree, and returns a {@link WorkloadReport}; bench/run.ts
 * writes the reports to bench/results/ and the summary table of bench/RESULTS.md.
 *
 * Helpers: {@link measure} repeats a function after warm-up runs and records wall time, CPU time
 * and peak RSS per run; {@link summarize} and {@link percentile} reduce samples;
 * {@link RssSampler} polls the resident set size while something runs; {@link measurement} builds
 * one row of latest.json with its ratio.
 *
 * Ratios are always `tspark / baseline`: above 1 means more for tspark (better for a throughput,
 * worse for a duration or a memory figure); the unit says which.
 *
 * This is bench code, not engine code: reading the system clock here is fine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

/** What a workload is told about the run. */
export interface BenchContext {
  /** `--quick`: tiny sizes, one repetition; CI runs this to keep the harness working. */
  readonly quick: boolean;
  /** Measured repetitions of each variant (after the warm-up runs). */
  readonly repetitions: number;
  /** Unmeasured warm-up runs of each variant before the measured ones. */
  readonly warmup: number;
  /** The machine every figure was measured on. */
  readonly machine: MachineInfo;
}

/** The machine a figure was measured on (written next to every figure). */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  node: string;
  platform: string;
}

/** One row of bench/results/latest.json: a tspark figure, its baseline's and their ratio. */
export interface Measurement {
  workload: string;
  metric: string;
  tspark: number;
  baseline: number;
  baselineName: string;
  /** tspark / baseline (NaN when the baseline is 0 or missing). */
  ratio: number;
  unit: string;
}

/** What a workload returns: its rows for latest.json and everything else worth keeping. */
export interface WorkloadReport {
  readonly workload: string;
  readonly measurements: Measurement[];
  /** Medians, min–max, p50/p99, peak RSS, correctness check results, sizes, notes. */
  readonly details: Record<string, unknown>;
}

/** A benchmark workload (bench/workloads/<name>.ts exports one as `workload`). */
export interface Workload {
  readonly name: string;
  readonly description: string;
  /**
   * Takes long (the soak: 30 minutes): a full run of bench/run.ts skips it unless it is named by
   * `--only` or `--soak` is given; `--quick` runs it (at its quick size) like every workload.
   */
  readonly longRunning?: boolean;
  /** Extra Node flags for the workload's child process (e.g. a larger heap), full runs only. */
  readonly nodeArgs?: readonly string[];
  run(ctx: BenchContext): Promise<WorkloadReport>;
}

/** Median, min, max and mean of a list of samples. */
export interface Stats {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** One measured run of {@link measure}. */
export interface RunSample<T> {
  /** Wall-clock time of the run. */
  readonly wallMs: number;
  /** CPU time of the whole process (all threads) during the run, user + system. */
  readonly cpuMs: number;
  /** Highest resident set size seen while the run ran. */
  readonly peakRssBytes: number;
  /** RSS just before the run started. */
  readonly startRssBytes: number;
  /** What the run returned (e.g. rows processed, per-batch durations). */
  readonly result: T;
}

/** Every measured run of {@link measure} and their summaries. */
export interface MeasureResult<T> {
  readonly name: string;
  readonly runs: RunSample<T>[];
  readonly wallMs: Stats;
  readonly cpuMs: Stats;
  readonly peakRssBytes: Stats;
}

/** Options of {@link measure}; repetitions and warm-up default to the context's. */
export interface MeasureOptions {
  readonly repetitions?: number;
  readonly warmup?: number;
  /** RSS polling interval (ms); 5 by default. */
  readonly rssIntervalMs?: number;
}

/** The machine this process runs on. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** One line naming the machine, as written next to figures. */
export function describeMachine(m: MachineInfo): string {
  const gib = (m.memoryBytes / 2 ** 30).toFixed(1);
  return `${m.cpuModel}, ${m.cores} cores, ${gib} GiB, Node ${m.node}, ${m.platform}`;
}

/** Median, min, max and mean of `values` (all NaN for an empty list). */
export function summarize(values: readonly number[]): Stats {
  if (values.length === 0)
    return { n: 0, median: Number.NaN, min: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    median,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}

/** The `p`th percentile (0–100) of `values` by nearest rank (NaN for an empty list). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50, p99 and max of a list of latencies, with their count. */
export function latencySummary(values: readonly number[]): {
  n: number;
  p50: number;
  p99: number;
  max: number;
} {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** Polls `process.memoryUsage.rss()` on a timer and keeps the highest value. */
export class RssSampler {
  private peak = 0;
  private firstSample: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** The first sample (taken by `start`): the baseline that growth is measured from. */
  get first(): number {
    return this.firstSample ?? 0;
  }

  /** Starts polling every `intervalMs` (the first sample is taken at once). */
  start(intervalMs = 5): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  /** Takes one sample now (call it from hot loops that block timers). */
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (this.firstSample === undefined) this.firstSample = rss;
    if (rss > this.peak) this.peak = rss;
  }

  /** Stops polling and returns the peak (a last sample included). */
  stop(): number {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peak;
  }
}

/** Runs a full garbage collection when the process was started with --expose-gc. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === "function") {
    gc();
    gc();
  }
}

/** Milliseconds from a monotonic clock (for per-batch timings inside workloads). */
export function nowMs(): number {
  return performance.now();
}

/**
 * Runs `fn` `warmup` times unmeasured, then `repetitions` times measured: per run the wall time,
 * the process's CPU time and the peak RSS (polled), and what `fn` returned. A GC runs before each
 * run when available, so one run's garbage is not charged to the next.
 */
export async function measure<T>(
  ctx: BenchContext,
  name: string,
  fn: (iteration: number) => Promise<T>,
  options: MeasureOptions = {},
): Promise<MeasureResult<T>> {
  const repetitions = options.repetitions ?? ctx.repetitions;
  const warmup = options.warmup ?? ctx.warmup;
  for (let i = 0; i < warmup; i++) {
    collectGarbage();
    await fn(-1 - i);
  }
  const runs: RunSample<T>[] = [];
  for (let i = 0; i < repetitions; i++) {
    collectGarbage();
    const sampler = new RssSampler().start(options.rssIntervalMs ?? 5);
    const startRssBytes = sampler.first;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await fn(i);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const peakRssBytes = sampler.stop();
    runs.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssBytes, startRssBytes, result });
  }
  return {
    name,
    runs,
    wallMs: summarize(runs.map((r) => r.wallMs)),
    cpuMs: summarize(runs.map((r) => r.cpuMs)),
    peakRssBytes: summarize(runs.map((r) => r.peakRssBytes)),
  };
}

/**
 * Measures several variants of one job fairly: the warm-up runs of every variant first, then the
 * measured repetitions round-robin (A, B, C, A, B, C…), so that load from outside the bench or a
 * slow drift of the machine is spread over all of them instead of hitting one.
 */
export async function measureVariants<T>(
  ctx: BenchContext,
  variants: Readonly<Record<string, (iteration: number) => Promise<T>>>,
  options: MeasureOptions = {},
): Promise<Record<string, MeasureResult<T>>> {
  const repetitions = options.repetitions ?? ctx.repetitions;
  const warmup = options.warmup ?? ctx.warmup;
  const names = Object.keys(variants);
  for (let i = 0; i < warmup; i++)
    for (const name of names) {
      collectGarbage();
      await variants[name]!(-1 - i);
    }
  const results: Record<string, MeasureResult<T>> = {};
  const runs: Record<string, RunSample<T>[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < repetitions; i++)
    for (const name of names) {
      const one = await measure(ctx, name, () => variants[name]!(i), {
        ...options,
        repetitions: 1,
        warmup: 0,
      });
      runs[name]!.push(...one.runs);
    }
  for (const name of names) {
    const r = runs[name]!;
    results[name] = {
      name,
      runs: r,
      wallMs: summarize(r.map((x) => x.wallMs)),
      cpuMs: summarize(r.map((x) => x.cpuMs)),
      peakRssBytes: summarize(r.map((x) => x.peakRssBytes)),
    };
  }
  return results;
}

/**
 * Throughput of a measured variant: `events` per run divided by the wall time (events/s), and by
 * the CPU time (events/s per core used); medians with min–max.
 */
export function throughput<T>(
  m: MeasureResult<T>,
  events: (r: RunSample<T>) => number,
): { perSecond: Stats; perCoreSecond: Stats; coresUsed: Stats } {
  return {
    perSecond: summarize(m.runs.map((r) => events(r) / (r.wallMs / 1000))),
    perCoreSecond: summarize(m.runs.map((r) => events(r) / (r.cpuMs / 1000))),
    coresUsed: summarize(m.runs.map((r) => r.cpuMs / r.wallMs)),
  };
}

/** One row of latest.json; the ratio is tspark / baseline. */
export function measurement(
  workload: string,
  metric: string,
  tspark: number,
  baseline: number,
  baselineName: string,
  unit: string,
): Measurement {
  return {
    workload,
    metric,
    tspark,
    baseline,
    baselineName,
    ratio: baseline === 0 || !Number.isFinite(baseline) ? Number.NaN : tspark / baseline,
    unit,
  };
}

/** A fresh temporary directory, removed after `fn` settles. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(os.tmpdir(), `tspark-bench-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Thrown (as a plain failure of the bench, not an engine error) when a correctness check fails. */
export class BenchCheckFailure extends Error {
  constructor(workload: string, what: string) {
    super(`${workload}: correctness check failed: ${what}`);
    this.name = "BenchCheckFailure";
  }
}
