/**
 * The "crash at each protocol point" matrix of a scenario (TESTING.md, "Recovery matrix" (b)):
 * the scenario re-run once per arrival of the batch protocol at each fault point, with a crash
 * injected there. The kit recovers each crash as after a process death (state reloaded from the
 * checkpoint, the sink's uncommitted output forgotten, the query restarted) and the expected
 * answers must not change.
 *
 *     const report = await withCrashAtEachPoint(() => {
 *       const input = new MemoryStream(spark, "value INT");
 *       return {
 *         df: input.toDF().groupBy("value").count(),
 *         outputMode: "update",
 *         actions: [AddData(input, 1, 1), CheckLastBatch([1, 2]), AddData(input, 1), CheckLastBatch([1, 3])],
 *       };
 *     });
 *     assert.ok(report.crashed > 0);
 *
 * A first run without a crash counts how often the scenario reaches each point (every batch
 * passes `after-offsets-write`, `after-sink-write`, `after-state-commit`, `after-commit-log`; a
 * batch that writes output `during-sink-write`; one with state `during-state-commit`…); then
 * every (point, n-th arrival) is a variant, i.e. every batch the scenario runs, no-data batches
 * included. A point the scenario never reaches gives no variant; an arrival a variant does not
 * reach (a run may take fewer batches) is reported, not a failure.
 *
 * `build` runs once per run: each run needs fresh MemoryStreams (a stream keeps its rows).
 */
import { FAULT_POINTS, type FaultPoint } from "../common/fault-points.js";
import { startsImplicitly } from "./restart-matrix.js";
import { Crash, StartStream, type StreamAction } from "./stream-action.js";
import { type StreamTestReport, type TestStreamOptions, testStream } from "./test-stream.js";
import type { DataFrame } from "../api/data-frame.js";

/** One crash of the matrix: the `arrival`-th time the protocol reaches `point`. */
export interface CrashVariant {
  readonly point: FaultPoint;
  readonly arrival: number;
}

/** A scenario as the matrix runs it: built afresh for every run. */
export interface MatrixScenario {
  readonly df: DataFrame;
  readonly outputMode?: string;
  readonly actions: readonly StreamAction[];
}

/** How `withCrashAtEachPoint` runs. */
export interface CrashMatrixOptions extends TestStreamOptions {
  /**
   * At most this many arrivals per point (evenly spread, the first and the last always among
   * them); default: every arrival.
   */
  readonly maxArrivalsPerPoint?: number;
  /** The arrivals of a clean run, when the caller has them already (skips the counting run). */
  readonly arrivals?: ReadonlyMap<FaultPoint, number>;
  /**
   * Runs one variant (default: just `run()`): lets a test runner wrap each in its own test.
   * `run` rejects when the scenario fails under this crash.
   */
  readonly eachVariant?: (
    variant: CrashVariant,
    run: () => Promise<StreamTestReport>,
  ) => Promise<StreamTestReport | undefined>;
}

/** What the matrix ran. */
export interface CrashMatrixReport {
  /** The arrivals of the clean run, per point. */
  readonly arrivals: ReadonlyMap<FaultPoint, number>;
  /** The variants run. */
  readonly variants: readonly CrashVariant[];
  /** How many variants crashed (and recovered). */
  readonly crashed: number;
  /** Variants whose arrival never came in their run. */
  readonly notReached: readonly CrashVariant[];
  /** Points the scenario never reaches (no variant). */
  readonly pointsNotReached: readonly FaultPoint[];
}

/** How a variant is named in reports: `after-sink-write #2`. */
export function crashVariantName(v: CrashVariant): string {
  return `${v.point} #${v.arrival}`;
}

/** The variants for a clean run's arrivals, in protocol order (see `maxArrivalsPerPoint`). */
export function crashVariants(
  arrivals: ReadonlyMap<FaultPoint, number>,
  options: { readonly maxArrivalsPerPoint?: number } = {},
): CrashVariant[] {
  const out: CrashVariant[] = [];
  for (const point of FAULT_POINTS) {
    const n = arrivals.get(point) ?? 0;
    for (const arrival of spread(n, options.maxArrivalsPerPoint ?? n)) out.push({ point, arrival });
  }
  return out;
}

/** `k` of the numbers 1…n, evenly spread, with 1 and n among them (all of them when k ≥ n). */
function spread(n: number, k: number): number[] {
  if (n <= 0 || k <= 0) return [];
  if (k >= n) return Array.from({ length: n }, (_, i) => i + 1);
  if (k === 1) return [1];
  const picked = new Set<number>();
  for (let i = 0; i < k; i++) picked.add(1 + Math.round((i * (n - 1)) / (k - 1)));
  return [...picked].sort((a, b) => a - b);
}

/**
 * The actions with the crash armed before anything runs: `Crash(point, arrival)` first, and the
 * query's implicit start made explicit after it, so arrivals count from the very first batch.
 */
export function withCrashAt(actions: readonly StreamAction[], variant: CrashVariant): StreamAction[] {
  const crash = Crash(variant.point, variant.arrival);
  return startsImplicitly(actions) ? [crash, StartStream(), ...actions] : [crash, ...actions];
}

/**
 * Runs the scenario `build` returns once without a crash (to count the arrivals at each point,
 * unless `options.arrivals` gives them), then once per variant with that crash injected; rejects
 * on the first variant that fails (its name in the message). Resolves with what ran.
 */
export async function withCrashAtEachPoint(
  build: () => MatrixScenario,
  options: CrashMatrixOptions = {},
): Promise<CrashMatrixReport> {
  const runOnce = (extra: (actions: readonly StreamAction[]) => StreamAction[]) => {
    const s = build();
    return testStream(s.df, s.outputMode ?? "append", options)(...extra(s.actions));
  };
  const arrivals = options.arrivals ?? (await runOnce((a) => [...a])).faultPointArrivals;
  const variants = crashVariants(arrivals, options);
  const notReached: CrashVariant[] = [];
  let crashed = 0;
  for (const v of variants) {
    const run = async (): Promise<StreamTestReport> => {
      try {
        return await runOnce((a) => withCrashAt(a, v));
      } catch (e) {
        if (e instanceof Error) e.message = `[crash at ${crashVariantName(v)}] ${e.message}`;
        throw e;
      }
    };
    const report = await (options.eachVariant ? options.eachVariant(v, run) : run());
    if (report === undefined) continue;
    if (report.crashes.length > 0) crashed++;
    else notReached.push(v);
  }
  return {
    arrivals,
    variants,
    crashed,
    notReached,
    pointsNotReached: FAULT_POINTS.filter((p) => (arrivals.get(p) ?? 0) === 0),
  };
}
