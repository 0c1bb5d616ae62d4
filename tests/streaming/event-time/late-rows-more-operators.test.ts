// tspark's late rows to a side output (`withWatermark(col, delay, { lateRows })`,
// docs/event-time.md) for the operators beyond aggregations and deduplication: stream-stream joins
// (each input's late rows, with the side that dropped them), flatMapGroupsWithState with
// EventTimeTimeout (late rows dropped before the function) and session-window aggregations. Each
// scenario runs in the recovery matrix (every late row once, whatever crashed), and each operator
// gives the same results with and without `lateRows`.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataFrame } from "../../../src/api/data-frame.js";
import * as F from "../../../src/api/functions/index.js";
import type { StreamingQuery } from "../../../src/api/streaming-query.js";
import { GroupStateTimeout } from "../../../src/index.js";
import {
  AddData,
  CheckNewAnswer,
  Crash,
  Execute,
  MemoryStream,
  MultiAddData,
  StartStream,
  StopStream,
  testStream,
} from "../../../src/testing/index.js";
import { scenario, testSession } from "../scenario.js";

const spark = testSession();
const col = F.col;

/** The rows of a SQL query, as arrays (BIGINTs as numbers). */
async function sqlRows(sql: string): Promise<unknown[][]> {
  const rows = await spark.sql(sql).collect();
  return rows.map((r) => Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v)));
}

function compareRows(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Checks the whole contents of a late-rows view (`select`: its columns, as SQL), sorted. */
function CheckLateRows(view: string, select: string, ...expected: unknown[][]) {
  return Execute(async () => {
    const got = await sqlRows(`SELECT ${select} FROM ${view}`);
    assert.deepEqual(got.sort(compareRows), expected);
  }, `late rows of ${view}`);
}

/** As in late-rows.test.ts: a restart after a commit runs no no-data batch, shifting batch ids. */
const SHIFTS_BATCH_IDS = {
  points: ["after-commit-log"],
  reason:
    "a restart after a commit runs no no-data batch (no previous execution, as in Spark), which shifts the batch ids the view records",
} as const;

// ---- stream-stream joins ------------------------------------------------------------------------

/** Two inputs joined on key and a ±5 s time range; each side with a 10 s watermark. */
function rangeJoin(
  left: MemoryStream,
  right: MemoryStream,
  views: { left?: string; right?: string },
  joinType = "inner",
): DataFrame {
  const l = left
    .toDF()
    .select(col("_1").alias("lk"), F.timestamp_seconds(col("_2")).alias("lt"))
    .withWatermark("lt", "10 seconds", views.left === undefined ? {} : { lateRows: views.left });
  const r = right
    .toDF()
    .select(col("_1").alias("rk"), F.timestamp_seconds(col("_2")).alias("rt"))
    .withWatermark("rt", "10 seconds", views.right === undefined ? {} : { lateRows: views.right });
  return l
    .join(r, F.expr("lk = rk AND lt BETWEEN rt - interval 5 seconds AND rt + interval 5 seconds"), joinType)
    .select(col("lk"), col("lt").cast("long"), col("rk"), col("rt").cast("long"));
}

// Both inputs get rows in every batch (MultiAddData), so the watermark is the same after a
// restart (which forgets the per-input watermarks). Batches: 0 (watermark → min(20, 30) - 10 =
// 10), 1 (no data), 2 (late-events watermark 10: left 5, right 9 late; → 30), 3 (no data),
// 4 (late-events watermark 30: left 30, right 25 late).
scenario("lateRows: a stream-stream join routes each input's late rows, with the side", () => {
  const left = new MemoryStream(spark, "_1 INT, _2 INT");
  const right = new MemoryStream(spark, "_1 INT, _2 INT");
  return {
    df: rangeJoin(left, right, { left: "late_join_left", right: "late_join_right" }),
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      MultiAddData(
        [
          left,
          [
            [1, 10],
            [2, 20],
          ],
        ],
        [
          right,
          [
            [1, 12],
            [3, 30],
          ],
        ],
      ),
      CheckNewAnswer([1, 10, 1, 12]),
      MultiAddData(
        [
          left,
          [
            [1, 5],
            [1, 11],
            [4, 40],
          ],
        ],
        [
          right,
          [
            [1, 9],
            [1, 16],
            [4, 41],
          ],
        ],
      ),
      CheckNewAnswer([1, 11, 1, 12], [1, 11, 1, 16], [4, 40, 4, 41]),
      CheckLateRows(
        "late_join_left",
        "lk, CAST(lt AS LONG) AS t, joinSide, CAST(watermark AS LONG) AS wm, batchId",
        [1, 5, "left", 10, 2],
      ),
      CheckLateRows(
        "late_join_right",
        "rk, CAST(rt AS LONG) AS t, joinSide, CAST(watermark AS LONG) AS wm, batchId",
        [1, 9, "right", 10, 2],
      ),
      MultiAddData(
        [
          left,
          [
            [4, 30],
            [4, 35],
          ],
        ],
        [
          right,
          [
            [4, 25],
            [4, 36],
          ],
        ],
      ),
      CheckNewAnswer([4, 35, 4, 36], [4, 40, 4, 36]),
      CheckLateRows(
        "late_join_left",
        "lk, CAST(lt AS LONG) AS t, joinSide, CAST(watermark AS LONG) AS wm, batchId",
        [1, 5, "left", 10, 2],
        [4, 30, "left", 30, 4],
      ),
      CheckLateRows(
        "late_join_right",
        "rk, CAST(rt AS LONG) AS t, joinSide, CAST(watermark AS LONG) AS wm, batchId",
        [1, 9, "right", 10, 2],
        [4, 25, "right", 30, 4],
      ),
    ],
  };
});

// A self-join: both inputs have the same columns, so both route to the one view; `joinSide`
// tells them apart, and both sides' rows of a batch are written together (the view keeps a batch's
// rows per operator, so a second write would replace the first).
scenario("lateRows: both inputs of a join share a view, told apart by joinSide", () => {
  const input = new MemoryStream(spark, "_1 INT, _2 INT");
  const events = input
    .toDF()
    .select(col("_1").alias("id"), F.timestamp_seconds(col("_2")).alias("t"))
    .withWatermark("t", "10 seconds", { lateRows: "late_self_join" });
  const df = events
    .alias("l")
    .join(
      events.alias("r"),
      F.expr("l.id = r.id AND r.t BETWEEN l.t - interval 5 seconds AND l.t + interval 5 seconds"),
    )
    .select(col("l.id"), col("l.t").cast("long").alias("lt"), col("r.t").cast("long").alias("rt"));
  return {
    df,
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      AddData(input, [1, 10], [2, 30]),
      CheckNewAnswer([1, 10, 10], [2, 30, 30]),
      // Late-events watermark 20: 15 is late on both sides.
      AddData(input, [1, 15], [2, 26]),
      CheckNewAnswer([2, 26, 26], [2, 26, 30], [2, 30, 26]),
      CheckLateRows(
        "late_self_join",
        "id, CAST(t AS LONG) AS t, joinSide, CAST(watermark AS LONG) AS wm, batchId",
        [1, 15, "left", 20, 2],
        [1, 15, "right", 20, 2],
      ),
    ],
  };
});

test("lateRows: a join's view has the input's columns, then joinSide, watermark and batchId", async () => {
  const left = new MemoryStream(spark, "_1 INT, _2 INT");
  const right = new MemoryStream(spark, "_1 INT, _2 INT");
  const q = await rangeJoin(left, right, { right: "late_join_schema" })
    .writeStream.format("memory")
    .queryName("late_join_schema_out")
    .start();
  try {
    assert.equal(
      spark.table("late_join_schema").schema.simpleString(),
      "struct<rk:int,rt:timestamp,joinSide:string,watermark:timestamp,batchId:bigint>",
    );
  } finally {
    await q.stop();
  }
});

// ColumnPruning keeps every column of a join input that routes late rows, however few the query reads.
scenario("lateRows: a join input's late rows are whole when the query reads few of its columns", () => {
  const left = new MemoryStream(spark, "_1 INT, _2 INT");
  const right = new MemoryStream(spark, "_1 INT, _2 INT, _3 STRING");
  const l = left
    .toDF()
    .select(col("_1").alias("lk"), F.timestamp_seconds(col("_2")).alias("lt"))
    .withWatermark("lt", "10 seconds");
  const r = right
    .toDF()
    .select(col("_1").alias("rk"), F.timestamp_seconds(col("_2")).alias("rt"), col("_3"))
    .withWatermark("rt", "10 seconds", { lateRows: "late_join_narrow" })
    .select(col("rk"), col("rt"), F.upper(col("_3")).alias("note"));
  const df = l.join(r, F.expr("lk = rk AND lt = rt")).select(col("lk"));
  return {
    df,
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      MultiAddData([left, [[1, 30]]], [right, [[1, 30, "on time"]]]),
      CheckNewAnswer([1]),
      MultiAddData([left, [[2, 40]]], [right, [[2, 5, "late"]]]),
      CheckNewAnswer(),
      CheckLateRows(
        "late_join_narrow",
        "rk, CAST(rt AS LONG) AS t, note, joinSide, CAST(watermark AS LONG) AS wm, batchId",
        [2, 5, "LATE", "right", 20, 2],
      ),
    ],
  };
});

test("lateRows: a join's input cannot share a view with an aggregation's (the columns differ)", async () => {
  const input = new MemoryStream(spark, "_1 INT, _2 INT");
  const events = input
    .toDF()
    .select(col("_1").alias("id"), F.timestamp_seconds(col("_2")).alias("t"))
    .withWatermark("t", "10 seconds", { lateRows: "late_join_agg" });
  const other = new MemoryStream(spark, "_1 INT, _2 INT")
    .toDF()
    .select(col("_1").alias("id2"), F.timestamp_seconds(col("_2")).alias("t2"))
    .withWatermark("t2", "10 seconds");
  const df = events
    .join(other, F.expr("id = id2 AND t = t2"))
    .select(col("id"), col("t"))
    .groupBy(col("t"))
    .count();
  await assert.rejects(
    df.writeStream.format("memory").queryName("late_join_agg_out").outputMode("append").start(),
    { errorClass: "STREAMING_LATE_ROWS_SCHEMA_MISMATCH" },
  );
});

// ---- flatMapGroupsWithState ---------------------------------------------------------------------

/** Events per key with a 10 s watermark: the function emits each row it sees. */
function eventTimeFmgws(input: MemoryStream, timeout: string, lateRows: string | undefined): DataFrame {
  return input
    .toDF()
    .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("eventTime"))
    .withWatermark("eventTime", "10 seconds", lateRows === undefined ? {} : { lateRows })
    .groupBy("key")
    .flatMapGroupsWithState(
      (key, rows, state) => {
        const seen = [...rows];
        if (state.hasTimedOut) {
          state.remove();
          return [[key[0], -1]];
        }
        if (timeout === "EventTimeTimeout") state.setTimeoutTimestamp(state.getCurrentWatermarkMs() + 60_000);
        state.update([Number(state.getOption?.[0] ?? 0) + seen.length]);
        return seen.map((r) => [key[0], (r.eventTime as Date).getTime() / 1000]);
      },
      "key STRING, eventTimeSec INT",
      "count LONG",
      "update",
      timeout,
    );
}

// FlatMapGroupsWithStateExec drops late rows before the function only with EventTimeTimeout.
scenario("lateRows: flatMapGroupsWithState with EventTimeTimeout routes the rows it drops", () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 INT");
  return {
    df: eventTimeFmgws(input, GroupStateTimeout.EventTimeTimeout, "late_fmgws"),
    outputMode: "update",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      AddData(input, ["a", 15]),
      CheckNewAnswer(["a", 15]),
      // Late-events watermark 5: 4 is late, 6 is not.
      AddData(input, ["a", 4], ["b", 6], ["b", 5]),
      CheckNewAnswer(["b", 6]),
      CheckLateRows(
        "late_fmgws",
        "key, CAST(eventTime AS LONG) AS t, CAST(watermark AS LONG) AS wm, batchId",
        ["a", 4, 5, 2],
        ["b", 5, 5, 2],
      ),
    ],
  };
});

scenario("lateRows: flatMapGroupsWithState without EventTimeTimeout drops nothing (empty view)", () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 INT");
  return {
    df: eventTimeFmgws(input, GroupStateTimeout.NoTimeout, "late_fmgws_none"),
    outputMode: "update",
    actions: [
      AddData(input, ["a", 15]),
      CheckNewAnswer(["a", 15]),
      AddData(input, ["a", 4], ["b", 6]),
      CheckNewAnswer(["a", 4], ["b", 6]),
      CheckLateRows("late_fmgws_none", "key"),
    ],
  };
});

// ---- session windows ----------------------------------------------------------------------------

/** Words of a line as session ids (Spark's sessionWindowQuery), a 30 s watermark, 10 s gap. */
function sessionCounts(input: MemoryStream, lateRows: string | undefined): DataFrame {
  return input
    .toDF()
    .select(col("_1").alias("value"), col("_2").cast("timestamp").alias("eventTime"))
    .withWatermark("eventTime", "30 seconds", lateRows === undefined ? {} : { lateRows })
    .selectExpr("explode(split(value, ' ')) AS sessionId", "eventTime")
    .groupBy(F.session_window(col("eventTime"), "10 seconds").alias("session"), col("sessionId"))
    .agg(F.count("*").alias("numEvents"))
    .selectExpr("sessionId", "CAST(session.start AS LONG)", "CAST(session.end AS LONG)", "numEvents");
}

// Watermark 11 after the first batch (41 - 30): a row whose own session [t, t + 10) ends at or
// before 11 is late, whatever stored session it would have joined.
scenario("lateRows: a session-window aggregation routes its late input rows", () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 BIGINT");
  return {
    df: sessionCounts(input, "late_sessions"),
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      AddData(input, ["hello world", 40], ["spark", 41]),
      CheckNewAnswer(),
      // 0 and 1 are late (sessions end at 10, 11); 2 is not (ends at 12).
      AddData(input, ["spark streaming", 0], ["hello", 1], ["late", 2]),
      CheckNewAnswer(),
      CheckLateRows(
        "late_sessions",
        "sessionId, CAST(session_window.end AS LONG) AS se, CAST(eventTime AS LONG) AS t, CAST(watermark AS LONG) AS wm, batchId",
        ["hello", 11, 1, 11, 2],
        ["spark", 10, 0, 11, 2],
        ["streaming", 10, 0, 11, 2],
      ),
      AddData(input, ["x", 100]),
      CheckNewAnswer(["hello", 40, 50, 1], ["world", 40, 50, 1], ["spark", 41, 51, 1], ["late", 2, 12, 1]),
    ],
  };
});

// ---- the same results with and without lateRows --------------------------------------------------

/**
 * Runs `batches` (each a list of [source index, row]) through `build(lateRows)` with a memory
 * sink; returns the sink's whole table after each batch, the rows dropped per batch, and the view's
 * row count.
 */
async function runBatches(
  name: string,
  mode: "append" | "update",
  inputs: number,
  build: (inputs: readonly MemoryStream[], lateRows: string | undefined) => DataFrame,
  batches: readonly (readonly (readonly [number, readonly unknown[]])[])[],
  lateRows: string | undefined,
  views: (lateRows: string | undefined) => readonly string[],
): Promise<{ results: string[][]; dropped: number; late: number }> {
  const streams = Array.from({ length: inputs }, () => new MemoryStream(spark, "_1 STRING, _2 INT"));
  const q: StreamingQuery = await build(streams, lateRows)
    .writeStream.format("memory")
    .queryName(name)
    .outputMode(mode)
    .start();
  const results: string[][] = [];
  try {
    for (const b of batches) {
      for (const [i, row] of b) streams[i]!.addData(row);
      await q.processAllAvailable();
      const rows = await spark.table(name).collect();
      results.push(
        rows
          .map((r) => JSON.stringify(Object.values(r), (_k, v) => (typeof v === "bigint" ? Number(v) : v)))
          .sort(),
      );
    }
  } finally {
    await q.stop();
  }
  const dropped = q.recentProgress.reduce(
    (s, p) => s + p.stateOperators.reduce((t, o) => t + o.numRowsDroppedByWatermark, 0),
    0,
  );
  let late = 0;
  for (const v of views(lateRows)) late += (await sqlRows(`SELECT COUNT(*) FROM ${v}`))[0]![0] as number;
  return { results, dropped, late };
}

/** A deterministic stream of (key, seconds) rows over `inputs` inputs, with late rows. */
function eventBatches(seed: number, inputs: number): [number, unknown[]][][] {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const out: [number, unknown[]][][] = [];
  let now = 20;
  for (let b = 0; b < 10; b++) {
    now += next() % 9;
    const rows: [number, unknown[]][] = [];
    const n = 1 + (next() % 6);
    for (let i = 0; i < n; i++)
      rows.push([next() % inputs, [`k${next() % 3}`, Math.max(0, now - (next() % 25))]]);
    out.push(rows);
  }
  return out;
}

const COMPARED: Record<
  string,
  {
    inputs: number;
    mode: "append" | "update";
    /** The views `lateRows` names (default: itself). */
    views?: (lateRows: string) => string[];
    build: (inputs: readonly MemoryStream[], lateRows: string | undefined) => DataFrame;
  }
> = {
  "left outer join": {
    inputs: 2,
    mode: "append",
    // One view per input.
    views: (v) => [`${v}_l`, `${v}_r`],
    build: ([l, r], lateRows) => {
      const side = (s: MemoryStream, p: string) =>
        s
          .toDF()
          .select(col("_1").alias(`${p}k`), F.timestamp_seconds(col("_2")).alias(`${p}t`))
          .withWatermark(
            `${p}t`,
            "5 seconds",
            lateRows === undefined ? {} : { lateRows: `${lateRows}_${p}` },
          );
      return side(l!, "l")
        .join(
          side(r!, "r"),
          F.expr("lk = rk AND lt BETWEEN rt - interval 3 seconds AND rt + interval 3 seconds"),
          "left_outer",
        )
        .select(col("lk"), col("lt").cast("long"), col("rk"), col("rt").cast("long"));
    },
  },
  "flatMapGroupsWithState (EventTimeTimeout)": {
    inputs: 1,
    mode: "update",
    build: ([s], lateRows) => eventTimeFmgws(s!, GroupStateTimeout.EventTimeTimeout, lateRows),
  },
  "session window": {
    inputs: 1,
    mode: "append",
    build: ([s], lateRows) =>
      s!
        .toDF()
        .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("eventTime"))
        .withWatermark("eventTime", "5 seconds", lateRows === undefined ? {} : { lateRows })
        .groupBy(F.session_window(col("eventTime"), "4 seconds").alias("session"), col("key"))
        .agg(F.count("*").alias("n"))
        .select(col("key"), col("session.start").cast("long"), col("session.end").cast("long"), col("n")),
  },
};

for (const [kind, c] of Object.entries(COMPARED)) {
  test(`lateRows: ${kind}: the same results with and without lateRows, each dropped row in the view`, async () => {
    const tag = kind.replace(/[^a-z]+/gi, "_").toLowerCase();
    let anyLate = 0;
    for (const seed of [3, 11, 42]) {
      const batches = eventBatches(seed, c.inputs);
      const view = `late_cmp2_${tag}_${seed}`;
      const views = (v: string | undefined) => (v === undefined ? [] : (c.views?.(v) ?? [v]));
      const plain = await runBatches(
        `cmp2_plain_${tag}_${seed}`,
        c.mode,
        c.inputs,
        c.build,
        batches,
        undefined,
        views,
      );
      const routed = await runBatches(
        `cmp2_routed_${tag}_${seed}`,
        c.mode,
        c.inputs,
        c.build,
        batches,
        view,
        views,
      );
      assert.deepEqual(routed.results, plain.results, `seed ${seed}`);
      const late = routed.late;
      assert.equal(late, routed.dropped, `seed ${seed}: view rows = rows dropped as late`);
      anyLate += late;
    }
    assert.ok(anyLate > 0, "the inputs have late rows");
  });
}

// The view is written at the state commit: a join batch re-run after a crash replaces its late
// rows, never adds them twice.
test("lateRows: a join batch re-run after a crash replaces its late rows", async () => {
  for (const point of ["after-sink-write", "after-state-commit", "after-commit-log"] as const) {
    const left = new MemoryStream(spark, "_1 INT, _2 INT");
    const right = new MemoryStream(spark, "_1 INT, _2 INT");
    await testStream(
      rangeJoin(left, right, { left: "late_join_crash", right: "late_join_crash_r" }),
      "append",
    )(
      MultiAddData([left, [[1, 30]]], [right, [[1, 31]]]),
      CheckNewAnswer([1, 30, 1, 31]),
      Crash(point),
      MultiAddData([left, [[1, 3]]], [right, [[1, 32]]]),
      CheckNewAnswer([1, 30, 1, 32]),
      CheckLateRows("late_join_crash", "lk, CAST(lt AS LONG) AS t, joinSide", [1, 3, "left"]),
      StopStream,
      StartStream(),
      MultiAddData([left, [[1, 4]]], [right, [[1, 5]]]),
      CheckNewAnswer(),
      CheckLateRows("late_join_crash", "lk, CAST(lt AS LONG) AS t, joinSide", [1, 3, "left"], [1, 4, "left"]),
      CheckLateRows("late_join_crash_r", "rk, CAST(rt AS LONG) AS t, joinSide", [1, 5, "right"]),
    );
  }
});
