// Property: a watermarked session-window count in Append mode loses nothing when the events'
// disorder is smaller than the watermark delay — the session counterpart of
// batch-equals-stream.test.ts. For seeded random event streams (mulberry32) whose event times
// trail the arrival order by less than MAX_DISORDER_MS, with a delay larger than that, no row is
// late, and no row can reach a session already emitted (its event time is above the watermark,
// which is at or above the end of every emitted session); so once a final event has pushed the
// watermark past every session, the union of all Append-mode outputs equals the batch query over
// all the events — and both equal a sessionization computed here in plain code. Static gaps and a
// per-key gap (a `when` column) alternate by seed.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Column } from "../../../src/api/column.js";
import type { DataFrame } from "../../../src/api/data-frame.js";
import * as F from "../../../src/api/functions/index.js";
import type { Row } from "../../../src/api/row.js";
import {
  AddData,
  CheckAnswerByFunc,
  Execute,
  MemoryStream,
  ProcessAllAvailable,
  type StreamAction,
  testStream,
} from "../../../src/testing/index.js";
import { mulberry32 } from "../../support/random.js";
import { range, scenario, testSession } from "../scenario.js";

const spark = testSession();
const col = F.col;

const MAX_DISORDER_MS = 8_000;
const DELAY_MS = 10_000;
const DELAY = "10 seconds";
const FLUSH_KEY = "~flush";
/** The per-key gaps of the dynamic cases (the flush key gets 2 s). */
const DYNAMIC_GAP_MS: Readonly<Record<string, number>> = { a: 1_000, b: 3_000, c: 2_000 };

interface EventCase {
  readonly seed: number;
  /** A static gap in ms, or null for the per-key gaps. */
  readonly gapMs: number | null;
  readonly events: readonly (readonly [string, number])[];
  readonly chunks: readonly number[];
  readonly waitAfter: readonly boolean[];
}

function generate(seed: number): EventCase {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const gapMs = seed % 2 === 0 ? null : [1_000, 2_000, 5_000][int(0, 2)]!;
  const n = int(20, 80);
  const keys = ["a", "b", "c"].slice(0, int(1, 3));
  let base = 1_000_000_000 + int(0, 60_000);
  const events: [string, number][] = [];
  for (let i = 0; i < n; i++) {
    base += int(0, 3_000);
    events.push([keys[int(0, keys.length - 1)]!, base - int(0, MAX_DISORDER_MS - 1)]);
  }
  const chunks: number[] = [];
  const waitAfter: boolean[] = [];
  for (let left = n; left > 0; ) {
    const size = Math.min(left, int(1, 15));
    chunks.push(size);
    waitAfter.push(rnd() < 0.7);
    left -= size;
  }
  return { seed, gapMs, events, chunks, waitAfter };
}

const gapOf = (c: EventCase, key: string): number => c.gapMs ?? DYNAMIC_GAP_MS[key] ?? 2_000;

/** The plain-code sessionization: `key|startMs|endMs` → count. */
function modelSessions(c: EventCase): Map<string, number> {
  const byKey = new Map<string, number[]>();
  for (const [key, ts] of c.events) byKey.set(key, [...(byKey.get(key) ?? []), ts]);
  const out = new Map<string, number>();
  for (const [key, times] of byKey) {
    times.sort((x, y) => x - y);
    const gap = gapOf(c, key);
    let start = times[0]!;
    let end = start + gap;
    let n = 0;
    for (const t of times) {
      if (t > end) {
        out.set(`${key}|${start}|${end}`, n);
        start = t;
        n = 0;
      }
      end = Math.max(end, t + gap);
      n++;
    }
    out.set(`${key}|${start}|${end}`, n);
  }
  return out;
}

/** The session count over `df` (columns key, ts): key, session start and end in ms, count. */
function sessionCounts(df: DataFrame, c: EventCase): DataFrame {
  const gap: string | Column =
    c.gapMs === null
      ? F.when(col("key").equalTo("a"), "1 second")
          .when(col("key").equalTo("b"), "3 seconds")
          .otherwise("2 seconds")
      : `${c.gapMs / 1000} seconds`;
  return df
    .groupBy(col("key"), F.session_window(col("ts"), gap).alias("session"))
    .count()
    .select(
      col("key"),
      F.unix_millis(col("session").getField("start")).alias("start"),
      F.unix_millis(col("session").getField("end")).alias("end"),
      col("count"),
    );
}

/** Result rows as `key|start|end` → count, leaving out the flush event's session. */
function countsOf(rows: readonly Row[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (r.key === FLUSH_KEY) continue;
    const id = `${String(r.key)}|${Number(r.start)}|${Number(r.end)}`;
    assert.ok(!out.has(id), `session ${id} was output twice`);
    out.set(id, Number(r.count));
  }
  return out;
}

const sorted = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The streaming query, and the steps that feed it the case and compare its output with the batch query's. */
function streamCase(c: EventCase): { df: DataFrame; actions: StreamAction[] } {
  const input = new MemoryStream(spark, "key STRING, ts TIMESTAMP");
  const df = sessionCounts(input.toDF().withWatermark("ts", DELAY), c);
  const actions: StreamAction[] = [];
  let at = 0;
  c.chunks.forEach((size, i) => {
    actions.push(AddData(input, ...c.events.slice(at, at + size).map(([k, ts]) => [k, new Date(ts)])));
    if (c.waitAfter[i]) actions.push(ProcessAllAvailable());
    at += size;
  });
  // Push the watermark past every session of the real events: its no-data batch emits them.
  const maxTs = Math.max(...c.events.map(([, ts]) => ts));
  const flushTs = maxTs + DELAY_MS + 5_000 + 1_000;
  actions.push(
    AddData(input, [FLUSH_KEY, new Date(flushTs)]),
    ProcessAllAvailable(),
    CheckAnswerByFunc(async (rows) => {
      const batch = sessionCounts(
        spark.createDataFrame(
          c.events.map(([k, ts]) => [k, new Date(ts)]),
          "key STRING, ts TIMESTAMP",
        ),
        c,
      );
      const expected = countsOf(await batch.collect());
      assert.deepEqual(
        sorted(expected),
        sorted(modelSessions(c)),
        `seed ${c.seed}: the batch query against the model`,
      );
      assert.deepEqual(
        sorted(countsOf(rows)),
        sorted(expected),
        `seed ${c.seed}: the stream's outputs against the batch query`,
      );
    }),
    Execute((q) => {
      const dropped = q.recentProgress.reduce(
        (s, p) => s + p.stateOperators.reduce((t, o) => t + o.numRowsDroppedByWatermark, 0),
        0,
      );
      assert.equal(dropped, 0, `seed ${c.seed}: no row is late`);
    }, "no row dropped by the watermark"),
  );
  return { df, actions };
}

for (const seed of range(1, 10)) {
  const c = generate(seed);
  test(`seed ${seed}: Append outputs of a watermarked session count (${c.gapMs === null ? "per-key gap" : `gap ${c.gapMs} ms`}, ${c.events.length} events, ${c.chunks.length} chunks) equal the batch query`, async () => {
    const { df, actions } = streamCase(c);
    await testStream(df, "append")(...actions);
  });
}

// The same property through the recovery matrix (restart after every batch, crash at each point).
for (const seed of [101, 102]) {
  scenario(`session batch equals stream with restarts and crashes - seed ${seed}`, () => {
    const { df, actions } = streamCase(generate(seed));
    return { df, outputMode: "append", actions };
  });
}
