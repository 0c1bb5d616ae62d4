/**
 * Registers a streaming scenario as written and in the recovery matrix (TESTING.md, "Recovery
 * matrix"): (a) with a stop and a restart from the checkpoint at every batch boundary
 * (`withRestartAfterEveryBatch`), (b) with a crash injected at each fault point of the batch
 * protocol, once per batch that reaches it (`withCrashAtEachPoint`, one subtest per crash). Every
 * run must give the same answers. `build` runs once per run, so each gets fresh MemoryStreams.
 *
 * Switches (environment):
 * - `TSPARK_STREAM_MATRIX`: the matrix modes to run, `restart`, `crash` (comma-separated), `all`
 *   (the default) or `none`;
 * - `TSPARK_CRASH_ARRIVALS`: how many arrivals per fault point the crash mode covers, evenly
 *   spread with the first and the last, or `all`. The default, 2 (the first batch and the last
 *   to reach each point), keeps `npm test` within its time; `all` crashes every batch (about
 *   twice the time of 2 over the streaming suites, measured in the commit that set it).
 */
import assert from "node:assert/strict";
import { type TestContext, test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import { SparkSession } from "../../src/api/spark-session.js";
import {
  crashVariantName,
  Execute,
  type FaultPoint,
  type StreamAction,
  type StreamTestReport,
  testStream,
  withCrashAtEachPoint,
  withRestartAfterEveryBatch,
} from "../../src/testing/index.js";

/** The note for a scenario that fails because of engine bug `n` of .tspark-scratch/engine-bugs.md. */
export function engineBug(n: number, what: string): string {
  return `engine bug #${n} (see .tspark-scratch/engine-bugs.md): ${what}`;
}

/**
 * One scenario: the query, its output mode and the steps. A scenario that cannot run in a matrix
 * mode by its nature says why in `noRestartMatrix` / `noCrashMatrix`: that mode (or those crash
 * points) is then reported as skipped with the reason, never left out silently.
 */
export interface Scenario {
  readonly df: DataFrame;
  readonly outputMode?: string;
  readonly actions: readonly StreamAction[];
  /** Why a restart after every batch changes what the scenario checks. */
  readonly noRestartMatrix?: string;
  /**
   * Why a crash (and the restart after it) changes what the scenario checks: at every point, or
   * at some points only (e.g. a crash after `commits/<id>` is written loses that batch's progress,
   * which a state-rows assertion reads; the batch is not re-run).
   */
  readonly noCrashMatrix?: string | { readonly points: readonly FaultPoint[]; readonly reason: string };
  /**
   * Runs the actions (default: `testStream(df, outputMode)`); resolves with the report, or with
   * undefined when nothing ran as expected (a `.stream` file whose query must fail to start).
   */
  readonly run?: (actions: readonly StreamAction[]) => Promise<StreamTestReport | undefined>;
}

/** Runs actions the way the scenario says. */
function runnerOf(s: Scenario): (actions: readonly StreamAction[]) => Promise<StreamTestReport | undefined> {
  return s.run ?? ((actions) => testStream(s.df, s.outputMode ?? "append")(...actions));
}

/**
 * How a scenario runs: `todo` marks a scenario that fails because of a known engine bug (named in
 * .tspark-scratch/engine-bugs.md); it still runs, and node:test reports it as TODO.
 */
export interface ScenarioOptions {
  readonly todo?: string;
}

/** The matrix modes `TSPARK_STREAM_MATRIX` selects. */
export function matrixModes(value = process.env.TSPARK_STREAM_MATRIX): { restart: boolean; crash: boolean } {
  const words = new Set(
    (value ?? "all")
      .split(",")
      .map((w) => w.trim().toLowerCase())
      .filter((w) => w !== ""),
  );
  for (const w of words) {
    if (!["all", "none", "restart", "crash"].includes(w))
      throw new RangeError(`TSPARK_STREAM_MATRIX: unknown mode ${w} (all, none, restart, crash)`);
  }
  const all = words.has("all");
  return { restart: all || words.has("restart"), crash: all || words.has("crash") };
}

/** The bound `TSPARK_CRASH_ARRIVALS` puts on the arrivals per fault point (undefined: all). */
export function crashArrivalsBound(value = process.env.TSPARK_CRASH_ARRIVALS): number | undefined {
  if (value === undefined || value.trim() === "") return 2;
  if (value.trim().toLowerCase() === "all") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`TSPARK_CRASH_ARRIVALS: ${value} (all or a number from 1)`);
  return n;
}

/**
 * The crash-matrix exclusion of a scenario that asserts on the progress (state rows, input rows)
 * of the batch it just ran: a crash after that batch's commit log entry, or while a state snapshot
 * is written in the background after the commit, loses its progress with the process, and the
 * restarted query does not run the committed batch again (Spark's neither). The other points
 * re-run the batch in the new process, which reports its progress.
 */
export const ASSERTS_LAST_BATCH_PROGRESS = {
  points: ["after-commit-log", "during-snapshot"],
  reason: "asserts on the progress of the batch it ran, which a crash after the batch's commit loses",
} as const satisfies Scenario["noCrashMatrix"];

/**
 * The crash-matrix exclusion of an event-time scenario asserting on the progress of its batches
 * with data: after such a batch the watermark moves and a no-data batch follows at once, so a crash
 * at any point of that no-data batch (or later) loses the data batch's progress with the process;
 * the restarted query re-runs only the no-data batch.
 */
export const ASSERTS_DATA_BATCH_PROGRESS =
  "asserts on the progress of batches with data, which a crash in the no-data batch after them loses";

const MODES = matrixModes();
const MAX_ARRIVALS = crashArrivalsBound();

/**
 * `name` as written, `name [restart after every batch]` and `name [crash at each protocol point]`
 * (as `TSPARK_STREAM_MATRIX` selects). The crash test reuses the arrivals the plain run counted
 * (or counts them itself when run alone), runs one subtest per crash, and fails when no crash
 * happened at all (a matrix that crashed nothing proves nothing).
 */
export function scenario(name: string, build: () => Scenario, options: ScenarioOptions = {}): void {
  const opts = options.todo === undefined ? {} : { todo: options.todo };
  let arrivals: ReadonlyMap<FaultPoint, number> | undefined;
  test(name, opts, async () => {
    const s = build();
    arrivals = (await runnerOf(s)(s.actions))?.faultPointArrivals;
  });
  if (MODES.restart) {
    test(`${name} [restart after every batch]`, opts, async (t) => {
      const s = build();
      if (s.noRestartMatrix !== undefined) return t.skip(s.noRestartMatrix);
      await runnerOf(s)(withRestartAfterEveryBatch(s.actions));
    });
  }
  if (MODES.crash) {
    test(`${name} [crash at each protocol point]`, opts, async (t) => {
      const first = build();
      const no = first.noCrashMatrix;
      if (typeof no === "string") return t.skip(no);
      const counted = arrivals ?? (await runnerOf(first)(first.actions))?.faultPointArrivals;
      if (counted === undefined) return t.skip("the query does not start: no batch to crash");
      const skipPoint = (p: FaultPoint) =>
        no?.points.includes(p) ? `${no.reason} (not run at ${p})` : undefined;
      const report = await withCrashAtEachPoint(build, {
        arrivals: counted,
        ...(MAX_ARRIVALS === undefined ? {} : { maxArrivalsPerPoint: MAX_ARRIVALS }),
        eachVariant: (v, run) => subtest(t, crashVariantName(v), { ...opts, skip: skipPoint(v.point) }, run),
      });
      const notReached = report.notReached.map(crashVariantName);
      t.diagnostic(
        `${report.crashed} of ${report.variants.length} runs crashed and recovered` +
          (notReached.length > 0 ? `; not reached: ${notReached.join(", ")}` : "") +
          (report.pointsNotReached.length > 0
            ? `; points never reached: ${report.pointsNotReached.join(", ")}`
            : ""),
      );
      assert.ok(report.crashed > 0, "the crash matrix crashed no run");
    });
  }
}

/** Runs `run` as a subtest of `t`; resolves with its report, or undefined when it failed or was skipped. */
async function subtest(
  t: TestContext,
  name: string,
  opts: { readonly todo?: string; readonly skip?: string | undefined },
  run: () => Promise<StreamTestReport>,
): Promise<StreamTestReport | undefined> {
  let report: StreamTestReport | undefined;
  const { skip, ...rest } = opts;
  await t.test(name, skip === undefined ? rest : { skip }, async () => {
    report = await run();
  });
  return report;
}

/**
 * A session like Spark's test session: 5 shuffle partitions, UTC. A state snapshot every 2 deltas
 * (minDeltasForSnapshot 1: more than one delta since the last snapshot) with no maintenance interval (Spark's defaults are 10 deltas, at most once a minute), so that scenarios of a few batches also load state from snapshots after
 * a crash, and the crash matrix reaches `during-snapshot`. `TSPARK_STATE_STORE_PROVIDER` (a
 * `spark.sql.streaming.stateStore.providerClass` value, e.g. `rocksdb`) runs the scenarios on
 * another state store provider than the default.
 */
export function testSession(): SparkSession {
  const provider = process.env.TSPARK_STATE_STORE_PROVIDER;
  return SparkSession.builder
    .master("local[2]")
    .config({
      "spark.sql.shuffle.partitions": 5,
      "spark.sql.session.timeZone": "UTC",
      "spark.sql.streaming.stateStore.minDeltasForSnapshot": 1,
      "spark.sql.streaming.stateStore.maintenanceInterval": "0",
      ...(provider ? { "spark.sql.streaming.stateStore.providerClass": provider } : {}),
    })
    .create();
}

/** `from..to` inclusive (Scala's `from to to`). */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Spark's StateStoreMetricsTest.assertNumStateRows: the state operators of the last batch that
 * ran (in plan order from the sink down, as Spark lists them) hold `total` rows and updated
 * `updated` rows.
 */
export function assertNumStateRows(
  total: number | readonly number[],
  updated: number | readonly number[],
): StreamAction {
  const totals = typeof total === "number" ? [total] : total;
  const updates = typeof updated === "number" ? [updated] : updated;
  return Execute(
    (q) => {
      const withData = q.recentProgress.filter((p) => p.durationMs.has("addBatch"));
      const last = withData[withData.length - 1];
      assert.ok(last, "no batch has run");
      const ops = last.stateOperators;
      assert.deepEqual(
        { total: ops.map((o) => o.numRowsTotal), updated: ops.map((o) => o.numRowsUpdated) },
        { total: [...totals], updated: [...updates] },
        `state rows of batch ${last.batchId}`,
      );
    },
    `state rows total=${totals.join(",")} updated=${updates.join(",")}`,
  );
}
