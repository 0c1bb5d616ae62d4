// Shared by the stream-stream join suites: Spark's StateStoreMetricsTest.assertNumStateRows
// semantics, and the scenario registration that runs each join scenario with those assertions
// (plain run) and without them (restart/crash matrix).
import assert from "node:assert/strict";
import type { DataFrame } from "../../src/api/data-frame.js";
import type { StreamingQuery } from "../../src/api/streaming-query.js";
import { Execute, type StreamAction } from "../../src/testing/index.js";
import { scenario } from "./scenario.js";

const METRICS_ONLY_PLAIN =
  "asserts Spark's state-row counts summed over the progress since the previous check, which a restart or crash splits across query instances";

/**
 * Spark's StateStoreMetricsTest.assertNumStateRows: the latest progress's total state rows, and the
 * rows updated and dropped by the watermark (and, when given, removed) summed over the progress since
 * the previous check. Returns the action factory of one run (its "previous check" is per run).
 */
export function stateRowsChecker(): (
  total: number,
  updated: number,
  droppedByWatermark?: number,
  removed?: number,
) => StreamAction {
  let lastQuery: StreamingQuery | undefined;
  let lastChecked = -1;
  return (total, updated, droppedByWatermark = 0, removed = undefined) =>
    Execute((q) => {
      if (q !== lastQuery) lastChecked = -1;
      lastQuery = q;
      const recent = q.recentProgress;
      assert.ok(recent.length > 0, "no progress");
      const since = recent.slice(lastChecked + 1).filter((p) => p.stateOperators.length > 0);
      const last = recent[recent.length - 1]!;
      const sum = (f: (o: (typeof last.stateOperators)[number]) => number) =>
        since.reduce((acc, p) => acc + f(p.stateOperators[0]!), 0);
      assert.deepEqual(
        {
          total: last.stateOperators[0]?.numRowsTotal,
          updated: sum((o) => o.numRowsUpdated),
          droppedByWatermark: sum((o) => o.numRowsDroppedByWatermark),
          ...(removed === undefined ? {} : { removed: sum((o) => o.numRowsRemoved) }),
        },
        { total, updated, droppedByWatermark, ...(removed === undefined ? {} : { removed }) },
        `state rows after batch ${last.batchId}`,
      );
      lastChecked = recent.length - 1;
    }, `state rows total=${total} updated=${updated} dropped=${droppedByWatermark}`);
}

/**
 * Why a scenario's answers change with a restart after every batch: the per-input watermarks live
 * in memory only (Spark's WatermarkTracker too), so after a restart an input that has not had rows
 * yet counts as 0 and holds the `min` watermark back — eviction and the outer NULL rows then wait
 * for more data than in one run (Spark behaves the same).
 */
export const RESTART_FORGETS_INPUT_WATERMARKS =
  "a restart forgets the per-input watermarks (in memory only, as in Spark): an input without rows since the restart holds the min watermark at 0, delaying the eviction this scenario checks";

/** Registers `name` with the metric assertions (plain run) and without them (recovery matrix). */
export function joinScenario(
  name: string,
  build: (rows: (total: number, updated: number, dropped?: number) => StreamAction | undefined) => {
    readonly df: DataFrame;
    readonly actions: readonly (StreamAction | undefined)[];
  },
  options: { readonly noRestartMatrix?: string } = {},
): void {
  scenario(name, () => {
    const check = stateRowsChecker();
    const s = build(check);
    return {
      df: s.df,
      actions: s.actions.filter((a): a is StreamAction => a !== undefined),
      noRestartMatrix: METRICS_ONLY_PLAIN,
      noCrashMatrix: METRICS_ONLY_PLAIN,
    };
  });
  scenario(`${name} [answers]`, () => {
    const s = build(() => undefined);
    return {
      df: s.df,
      actions: s.actions.filter((a): a is StreamAction => a !== undefined),
      ...(options.noRestartMatrix === undefined ? {} : { noRestartMatrix: options.noRestartMatrix }),
      // A crash restarts the query too: the same per-input watermarks are lost (whichever
      // points and arrivals the matrix picks).
      ...(options.noRestartMatrix === RESTART_FORGETS_INPUT_WATERMARKS
        ? { noCrashMatrix: RESTART_FORGETS_INPUT_WATERMARKS }
        : {}),
    };
  });
}
