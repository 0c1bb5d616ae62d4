// Issue #6 "How to prove it": a real query process (file source → dropDuplicates → file sink, and
// file source → groupBy/agg → foreachBatch into PostgreSQL) is SIGKILLed TSPARK_CRASH_RUNS times
// (default 50) at each named fault point in turn and at random moments, with fresh input arriving
// all the while; after every kill the committed output is exactly the logged prefix of the input,
// and the final output equals a clean uninterrupted run's (crash-loop.ts). The long loop:
// `npm run test:crash -- --runs 500`.
//
// PostgreSQL at 127.0.0.1:5432 (database `test`, trust auth) is required: under CI=true an
// unreachable server fails the test (scripts/ci-services.sh starts it); elsewhere it is skipped.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FAULT_POINTS } from "../../../src/common/fault-points.js";
import { connectPostgres, formatReport, runCrashLoop } from "./crash-loop.js";
import { crashLoopDefaults } from "./crash-settings.js";

test("crash loop: SIGKILL at every fault point and at random moments, output equals a clean run's", async (t) => {
  try {
    const db = await connectPostgres();
    await db.end();
  } catch (e) {
    const reason = `PostgreSQL at 127.0.0.1:5432 (database test) is unreachable: ${e instanceof Error ? e.message : String(e)}`;
    if (process.env.CI === "true") assert.fail(`${reason} (CI runs scripts/ci-services.sh to start it)`);
    t.skip(`${reason}; start it (scripts/ci-services.sh) to run the crash-injection loop`);
    return;
  }
  const options = crashLoopDefaults(process.env);
  t.diagnostic(`runs ${options.runs}, seed ${options.seed} (TSPARK_CRASH_RUNS, TSPARK_CRASH_SEED)`);
  const report = await runCrashLoop({ ...options, log: (line) => t.diagnostic(line) });
  const text = formatReport(report);
  for (const line of text.split("\n")) t.diagnostic(line);
  assert.equal(report.failure, undefined, text);
  assert.equal(report.passed, report.runs, text);
  assert.equal(report.roundsPassed, report.rounds, text);
  // A loop long enough to aim at every point must have killed the child at each of them: a point
  // the protocol no longer reaches would otherwise pass unnoticed.
  if (report.runs >= FAULT_POINTS.length + 1) {
    for (const p of FAULT_POINTS) {
      const kills = Object.values(report.byPoint[p].kills).reduce((a, n) => a + n, 0);
      assert.ok(kills > 0, `no kill at ${p}:\n${text}`);
    }
    assert.ok(report.randomKills > 0, text);
  }
});
