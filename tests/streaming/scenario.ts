/**
 * Registers a streaming scenario twice: once as written and once with a stop and a restart from
 * the checkpoint at every batch boundary (`withRestartAfterEveryBatch`); both runs must give the
 * same answers. `build` runs once per registration, so each run gets fresh MemoryStreams.
 */
/** The note for a scenario that fails because of engine bug `n` of .tspark-scratch/engine-bugs.md. */
export function engineBug(n: number, what: string): string {
  return `engine bug #${n} (see .tspark-scratch/engine-bugs.md): ${what}`;
}

import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import { SparkSession } from "../../src/api/spark-session.js";
import {
  Execute,
  type StreamAction,
  testStream,
  withRestartAfterEveryBatch,
} from "../../src/testing/index.js";

/** One scenario: the query, its output mode and the steps. */
export interface Scenario {
  readonly df: DataFrame;
  readonly outputMode?: string;
  readonly actions: readonly StreamAction[];
}

/**
 * How a scenario runs: `todo` marks a scenario that fails because of a known engine bug (named in
 * .tspark-scratch/engine-bugs.md); it still runs, and node:test reports it as TODO.
 */
export interface ScenarioOptions {
  readonly todo?: string;
}

/** `name` as written, and `name [restart after every batch]`. */
export function scenario(name: string, build: () => Scenario, options: ScenarioOptions = {}): void {
  const opts = options.todo === undefined ? {} : { todo: options.todo };
  test(name, opts, async () => {
    const s = build();
    await testStream(s.df, s.outputMode ?? "append")(...s.actions);
  });
  test(`${name} [restart after every batch]`, opts, async () => {
    const s = build();
    await testStream(s.df, s.outputMode ?? "append")(...withRestartAfterEveryBatch(s.actions));
  });
}

/** A session like Spark's test session: 5 shuffle partitions, UTC. */
export function testSession(): SparkSession {
  return SparkSession.builder
    .master("local[2]")
    .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
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
