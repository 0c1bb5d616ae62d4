// The Nexmark queries with joins and windows (bench/workloads/nexmark-stateful.ts, issue #7): each
// runs as a stream over 200 k events (20 s of event time) into the memory sink and its rows must
// equal, as a multiset, the suite's own SQL run as a batch query over the same events, restricted
// to the windows and sessions the stream's final watermark closed. Also checks that the state of
// every query is bounded: it stops growing once the watermark evicts (flat second half of the run).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CHECK_EVENTS,
  checkStatefulQuery,
  NEXMARK_STATEFUL_QUERIES,
  statefulOptions,
  statefulSession,
} from "../../bench/workloads/nexmark-stateful.js";

const spark = statefulSession();

/** Rows each query writes over the checked events (seed 0): a change needs a reason. */
const EXPECTED_ROWS: Record<string, number> = { q3: 1203, q4: 5, q5: 10, q7: 1, q8: 902, q11: 296 };

for (const q of NEXMARK_STATEFUL_QUERIES) {
  test(`Nexmark ${q.name} (${q.title}): stream rows = batch rows over the same events; bounded state`, async () => {
    const r = await checkStatefulQuery(spark, q, statefulOptions(CHECK_EVENTS, CHECK_EVENTS / 10));
    assert.equal(r.rows, EXPECTED_ROWS[q.name]);
    // The global watermark is the lowest input's: in q3, q4 and q8 a filter on one input (a
    // category, a state, …) goes below its withWatermark as in Spark, so that input's last
    // accepted event is a little earlier than the generator's last event.
    const watermark = ["q3", "q4", "q8"].includes(q.name)
      ? "2015-07-15T00:00:15.995Z"
      : "2015-07-15T00:00:15.999Z";
    assert.equal(new Date(r.watermarkMs).toISOString(), watermark);
    // 20 s of event time in 10 batches of 2 s: the state after the last data batch is no larger
    // than 1.25 x the largest state of batches 6-8 (12-16 s, after the 10 s windows started closing).
    // q11's sessions live ~19 s (a bidder is drawn for ~5 s, then the 10 s gap and the 4 s
    // watermark delay): 20 s is too short to see its plateau; the benchmark's 50 s run shows it.
    const s = r.stateRows;
    assert.ok(s.length >= 10, `${s.length} batches`);
    if (q.name === "q11") return;
    const middle = Math.max(...s.slice(5, 8));
    assert.ok(s.at(-1)! <= middle * 1.25, `state grows: ${s.join(" ")}`);
  });
}
