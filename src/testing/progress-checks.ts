/**
 * Checks on a streaming query's progress reports, as steps of a `testStream` scenario: Spark's
 * `StateStoreMetricsTest` helpers and the event-time helpers of its `EventTimeWatermarkSuite`.
 *
 *     const { assertNumStateRows } = stateStoreMetrics();   // one per scenario run
 *     AddData(input, 25), CheckNewAnswer(25),
 *     assertNumStateRows(1, 1, { removed: 6 }),             // summed over batches since last check
 *     assertEventStats({ min: 25_000, max: 25_000, avg: 25_000, watermark: 5_000 }),
 *     assertWatermark(15_000),                              // the last data batch's watermark
 *
 * Which progress each check reads (Spark's choices, kept so that Spark's expected numbers hold):
 * - `stateStoreMetrics()`'s `assertNumStateRows`, `assertStateOperatorCustomMetric` and
 *   `assertStateOperatorProgressMetric`: the reports since the previous of these checks on the
 *   same query run — totals and operator metrics from the latest, counts (updated, dropped,
 *   removed, custom metrics) summed over all of them, no-data batches included;
 * - `assertEventStats`, `assertWatermark`, `assertNumRowsDroppedByWatermark`: the latest report of
 *   a batch that read input rows (a no-data batch that follows would otherwise hide the numbers of
 *   the batch with data); `assertWatermark(ms, { progress: "latest" })`: the latest report.
 *
 * Every check polls until it holds or 10 s pass (Spark's `eventually(timeout(streamingTimeout))`),
 * since a report can land just after the step that waited for the batch.
 */
import { AssertionError } from "node:assert";
import { isDeepStrictEqual } from "node:util";
import type { StreamingQuery } from "../api/streaming-query.js";
import { sleep } from "../common/clock.js";
import type { StreamingQueryProgress } from "../streaming/runtime/progress.js";
import { formatProgressTimestamp } from "../streaming/runtime/progress-timestamp.js";
import { Execute, type ExecuteAction } from "./stream-action.js";

const CHECK_TIMEOUT_MS = 10_000;
const POLL_MS = 10;

/** How long a progress check polls before it fails. */
export interface ProgressCheckOptions {
  /** Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/** Runs `check` until it stops throwing; rethrows its last error after the timeout. */
async function eventually<T>(check: () => T, options: ProgressCheckOptions): Promise<T> {
  const deadline = performance.now() + (options.timeoutMs ?? CHECK_TIMEOUT_MS);
  for (;;) {
    try {
      return check();
    } catch (e) {
      if (performance.now() >= deadline) throw e;
    }
    await sleep(POLL_MS);
  }
}

function fail(message: string): never {
  throw new AssertionError({ message });
}

function expectEqual(actual: unknown, expected: unknown, what: string, context = ""): void {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(
      `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}${context ? `\n${context}` : ""}`,
    );
  }
}

/** The latest progress of a batch that read input rows (Spark's "last progress with data"). */
function lastProgressWithData(q: StreamingQuery): StreamingQueryProgress {
  const withData = q.recentProgress.filter((p) => p.numInputRows > 0);
  const last = withData[withData.length - 1];
  if (last === undefined) fail("no progress of a batch with input rows");
  return last;
}

function operatorOf(p: StreamingQueryProgress, index: number) {
  const op = p.stateOperators[index];
  if (op === undefined)
    fail(`batch ${p.batchId} has ${p.stateOperators.length} state operators, no operator ${index}`);
  return op;
}

const asList = (v: number | readonly number[]): number[] => (typeof v === "number" ? [v] : [...v]);

/** The optional counts of an `assertNumStateRows` check. */
export interface NumStateRowsOptions {
  /** Rows dropped as late, summed since the previous check (default 0 per operator). */
  readonly droppedByWatermark?: number | readonly number[];
  /** State rows removed (evicted), summed since the previous check (not checked by default). */
  readonly removed?: number | readonly number[];
}

/** The expected metrics of `assertStateOperatorProgressMetric`. */
export interface StateOperatorProgressMetric {
  readonly operatorName: string;
  readonly numShufflePartitions: number;
  readonly numStateStoreInstances: number;
  /** Which state operator, in plan order from the sink down (default 0). */
  readonly operatorIndex?: number;
}

/** The checks of Spark's `StateStoreMetricsTest`, sharing one "previous check" position. */
export interface StateStoreMetricsChecks {
  /**
   * Per state operator (plan order from the sink down): `total` = `numRowsTotal` of the latest
   * report; `updated`, `droppedByWatermark` and `removed` = sums of `numRowsUpdated`,
   * `numRowsDroppedByWatermark` and `numRowsRemoved` over the reports since the previous check.
   */
  readonly assertNumStateRows: (
    total: number | readonly number[],
    updated: number | readonly number[],
    options?: NumStateRowsOptions,
  ) => ExecuteAction;
  /** A custom metric of a state operator, summed over the reports since the previous check. */
  readonly assertStateOperatorCustomMetric: (
    metric: string,
    expected: number,
    operatorIndex?: number,
  ) => ExecuteAction;
  /** Name, shuffle partitions and state store instances of a state operator in the latest report. */
  readonly assertStateOperatorProgressMetric: (expected: StateOperatorProgressMetric) => ExecuteAction;
}

/**
 * Spark's `StateStoreMetricsTest` for one scenario run: its three checks share the position of
 * the previous check, so build one per run (in the scenario's `build`). Each check looks at the
 * progress reports since the previous check on the same query run (all of the run's reports after
 * a restart: a new run counts from its first report), leaving out reports with another number of
 * state operators than the latest; it fails when there is none, and once it passes the next check
 * starts after the latest report.
 */
export function stateStoreMetrics(checkOptions: ProgressCheckOptions = {}): StateStoreMetricsChecks {
  let lastQuery: StreamingQuery | undefined;
  let lastChecked = -1;
  /** Runs `check` on the reports since the previous check (Spark's retrieveProgressesSinceLastCheck). */
  const sinceLastCheck = (
    description: string,
    check: (since: readonly StreamingQueryProgress[], numStateOperators: number, debug: string) => void,
  ): ExecuteAction =>
    Execute(async (q) => {
      if (q !== lastQuery) lastChecked = -1;
      lastQuery = q;
      const checkedUpTo = await eventually(() => {
        const recent = q.recentProgress;
        const latest = recent[recent.length - 1];
        if (latest === undefined) fail("No progress made, cannot check the state operators");
        const n = latest.stateOperators.length;
        const since = recent.slice(lastChecked + 1).filter((p) => p.stateOperators.length === n);
        if (since.length === 0) fail("no progress since the previous check");
        check(since, n, `progress since the previous check:\n${since.map((p) => p.prettyJson).join("\n\n")}`);
        return recent.length - 1;
      }, checkOptions);
      lastChecked = checkedUpTo;
    }, description);
  const sum = (
    since: readonly StreamingQueryProgress[],
    n: number,
    value: (op: ReturnType<typeof operatorOf>) => number,
  ): number[] => Array.from({ length: n }, (_, i) => since.reduce((s, p) => s + value(operatorOf(p, i)), 0));

  return {
    assertNumStateRows: (total, updated, options = {}) => {
      const totals = asList(total);
      const updates = asList(updated);
      const dropped =
        options.droppedByWatermark === undefined ? totals.map(() => 0) : asList(options.droppedByWatermark);
      const removed = options.removed === undefined ? undefined : asList(options.removed);
      return sinceLastCheck(
        `state rows total=${totals.join(",")} updated=${updates.join(",")} ` +
          `droppedByWatermark=${dropped.join(",")}${removed ? ` removed=${removed.join(",")}` : ""}`,
        (since, n, debug) => {
          const latest = since[since.length - 1]!;
          expectEqual(
            latest.stateOperators.map((o) => o.numRowsTotal),
            totals,
            "incorrect total rows",
            debug,
          );
          expectEqual(
            sum(since, n, (o) => o.numRowsUpdated),
            updates,
            "incorrect updated rows",
            debug,
          );
          expectEqual(
            sum(since, n, (o) => o.numRowsDroppedByWatermark),
            dropped,
            "incorrect rows dropped by watermark",
            debug,
          );
          if (removed !== undefined) {
            expectEqual(
              sum(since, n, (o) => o.numRowsRemoved),
              removed,
              "incorrect removed rows",
              debug,
            );
          }
        },
      );
    },
    assertStateOperatorCustomMetric: (metric, expected, operatorIndex = 0) =>
      sinceLastCheck(`custom metric ${metric} = ${expected}`, (since, n, debug) => {
        if (operatorIndex >= n) fail(`Invalid operator index: ${operatorIndex}`);
        const values = since.map((p) => operatorOf(p, operatorIndex).customMetrics.get(metric) ?? 0);
        expectEqual(
          values.reduce((a, b) => a + b, 0),
          expected,
          `incorrect custom metric (${metric})`,
          debug,
        );
      }),
    assertStateOperatorProgressMetric: (expected) => {
      const index = expected.operatorIndex ?? 0;
      const want = {
        operatorName: expected.operatorName,
        numShufflePartitions: expected.numShufflePartitions,
        numStateStoreInstances: expected.numStateStoreInstances,
      };
      return sinceLastCheck(
        `operator progress metrics: ${want.operatorName}, ${want.numShufflePartitions} shuffle partitions, ${want.numStateStoreInstances} state stores`,
        (since, n, debug) => {
          if (index >= n) fail(`Invalid operator index: ${index}`);
          const op = operatorOf(since[since.length - 1]!, index);
          expectEqual(
            {
              operatorName: op.operatorName,
              numShufflePartitions: op.numShufflePartitions,
              numStateStoreInstances: op.numStateStoreInstances,
            },
            want,
            `state operator ${index}`,
            debug,
          );
        },
      );
    },
  };
}

/** Event-time statistics of a batch, in epoch milliseconds (the `eventTime` map of its progress). */
export interface EventStats {
  readonly min: number;
  readonly max: number;
  /** The mean, truncated to a whole millisecond as the progress prints it. */
  readonly avg: number;
  /** The watermark the batch used. */
  readonly watermark: number;
}

/**
 * EventTimeWatermarkSuite's `assertEventStats`: the `eventTime` map of the latest batch with
 * input rows has these `min`, `max`, `avg` and `watermark` (epoch ms, compared as the progress
 * prints them), or passes `check`.
 */
export function assertEventStats(
  expected: EventStats | ((eventTime: ReadonlyMap<string, string>) => void),
  options: ProgressCheckOptions = {},
): ExecuteAction {
  if (typeof expected === "function") {
    return Execute(async (q) => {
      await eventually(() => expected(lastProgressWithData(q).eventTime), options);
    }, "AssertEventStats(<check>)");
  }
  const want = new Map([
    ["avg", formatProgressTimestamp(Math.trunc(expected.avg))],
    ["max", formatProgressTimestamp(expected.max)],
    ["min", formatProgressTimestamp(expected.min)],
    ["watermark", formatProgressTimestamp(expected.watermark)],
  ]);
  return Execute(
    async (q) => {
      await eventually(() => {
        const p = lastProgressWithData(q);
        for (const [key, value] of want) {
          expectEqual(p.eventTime.get(key), value, `eventTime.${key} of batch ${p.batchId}`);
        }
      }, options);
    },
    `AssertEventStats(${[...want].map(([k, v]) => `${k}=${v}`).join(", ")})`,
  );
}

/** Which progress `assertWatermark` reads. */
export interface AssertWatermarkOptions extends ProgressCheckOptions {
  /**
   * `"withData"` (default, Spark's `assertWatermark`): the latest batch that read input rows;
   * `"latest"` (Spark's `checkWatermark`): the latest progress, a no-data batch included.
   */
  readonly progress?: "withData" | "latest";
}

/**
 * EventTimeWatermarkSuite's `assertWatermark`: the watermark (epoch ms) that the latest batch
 * with input rows used, as its `eventTime` map prints it; with `progress: "latest"`, the one of
 * the query's latest progress (what its `checkWatermark` reads after adding a row).
 */
export function assertWatermark(watermarkMs: number, options: AssertWatermarkOptions = {}): ExecuteAction {
  const want = formatProgressTimestamp(watermarkMs);
  const latest = options.progress === "latest";
  return Execute(
    async (q) => {
      await eventually(() => {
        const p = latest ? q.lastProgress : lastProgressWithData(q);
        if (p === null) fail("no progress yet");
        expectEqual(p.eventTime.get("watermark"), want, `eventTime.watermark of batch ${p.batchId}`);
      }, options);
    },
    `AssertWatermark(${want}${latest ? ", latest progress" : ""})`,
  );
}

/**
 * EventTimeWatermarkSuite's `assertNumRowsDroppedByWatermark`: `numRowsDroppedByWatermark` of the
 * first state operator in the latest batch with input rows.
 */
export function assertNumRowsDroppedByWatermark(
  expected: number,
  options: ProgressCheckOptions = {},
): ExecuteAction {
  return Execute(async (q) => {
    await eventually(() => {
      const p = lastProgressWithData(q);
      expectEqual(
        operatorOf(p, 0).numRowsDroppedByWatermark,
        expected,
        `rows dropped by watermark in batch ${p.batchId}`,
      );
    }, options);
  }, `AssertNumRowsDroppedByWatermark(${expected})`);
}
