// tspark's late rows to a side output (beyond Spark, opt-in): `withWatermark(col, delay,
// { lateRows: "view" })` keeps the input rows stateful operators drop as late in a temp view,
// with the late-events `watermark` they were compared with and their `batchId`
// (docs/event-time.md "Late rows to a side output"). Every scenario runs in the recovery matrix
// (restart after every batch, crash at each protocol point): the view must hold each late row
// once, whatever crashed.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataFrame } from "../../../src/api/data-frame.js";
import * as F from "../../../src/api/functions/index.js";
import type { StreamingQuery } from "../../../src/api/streaming-query.js";
import {
  AddData,
  CheckNewAnswer,
  Crash,
  Execute,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../../src/testing/index.js";
import { scenario, testSession } from "../scenario.js";

const spark = testSession();
const col = F.col;

/** The rows of a SQL query, as arrays (BIGINTs as numbers), in the query's order. */
async function sqlRows(sql: string): Promise<unknown[][]> {
  const rows = await spark.sql(sql).collect();
  return rows.map((r) => Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v)));
}

/** Orders rows column by column (numbers numerically); the expected rows are written in this order. */
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

/** Checks the whole contents of a late-rows view (`select`: its columns, as SQL). */
function CheckLateRows(view: string, select: string, ...expected: unknown[][]) {
  return Execute(async () => {
    const got = await sqlRows(`SELECT ${select} FROM ${view}`);
    assert.deepEqual(got.sort(compareRows), expected);
  }, `late rows of ${view}`);
}

/**
 * A crash after a batch's commit-log entry restarts the query without a previous execution, so
 * (as in Spark) no no-data batch follows the watermark move of that batch: the later batch ids,
 * and the next batch's late-events watermark, differ from an uninterrupted run. The explicit
 * crash test below covers that point with its own expectations.
 */
const SHIFTS_BATCH_IDS = {
  points: ["after-commit-log"],
  reason:
    "a restart after a commit runs no no-data batch (no previous execution, as in Spark), which shifts the batch ids the view records",
} as const;

function rawTimestampCounts(input: MemoryStream, lateRows: string | undefined) {
  return input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds", lateRows === undefined ? {} : { lateRows })
    .groupBy(col("eventTime"))
    .agg(F.count("*").alias("count"))
    .select(col("eventTime").cast("long"), col("count"));
}

// Batches: 0 (10..15; the watermark becomes 5), 1 (no data), 2 (25; → 15), 3 (no data: emits
// 10..15), 4 (late-events watermark 15: 10, 10, 4 and 15 are late; 16 is not).
scenario("lateRows: an aggregation over a raw timestamp routes its late input rows", () => {
  const input = new MemoryStream(spark, "value INT");
  return {
    df: rawTimestampCounts(input, "late_raw"),
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      CheckLateRows("late_raw", "value"),
      AddData(input, 25),
      CheckNewAnswer([10, 1], [11, 1], [12, 1], [13, 1], [14, 1], [15, 1]),
      AddData(input, 10, 10, 4, 15, 16),
      CheckNewAnswer(),
      CheckLateRows(
        "late_raw",
        "value, CAST(eventTime AS LONG) AS t, CAST(watermark AS LONG) AS wm, batchId",
        [4, 4, 15, 4],
        [10, 10, 15, 4],
        [10, 10, 15, 4],
        [15, 15, 15, 4],
      ),
      AddData(input, 40),
      // 16 and 25 close with the watermark at 30.
      CheckNewAnswer([16, 1], [25, 1]),
      AddData(input, 20, 31),
      CheckNewAnswer(),
      CheckLateRows(
        "late_raw",
        "value, CAST(watermark AS LONG) AS wm, batchId",
        [4, 15, 4],
        [10, 15, 4],
        [10, 15, 4],
        [15, 15, 4],
        [20, 30, 7],
      ),
    ],
  };
});

// Windows of 5 seconds: a row is late once its window's end is at or below the watermark.
scenario("lateRows: a window() aggregation routes its late rows, window column included", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds", { lateRows: "late_windows" })
    .groupBy(F.window(col("eventTime"), "5 seconds"))
    .agg(F.count("*").alias("count"))
    .select(col("window.start").cast("long").alias("start"), col("count"));
  return {
    df,
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      AddData(input, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      AddData(input, 25),
      CheckNewAnswer([10, 5]),
      // Watermark 15: [10, 15) and [0, 5) are closed; [15, 20) is open, so 17 and 15 count.
      AddData(input, 12, 17, 3, 15),
      CheckNewAnswer(),
      CheckLateRows(
        "late_windows",
        "CAST(window.start AS LONG) AS ws, CAST(window.end AS LONG) AS we, value, CAST(watermark AS LONG) AS wm, batchId",
        [0, 5, 3, 15, 4],
        [10, 15, 12, 15, 4],
      ),
      AddData(input, 40),
      CheckNewAnswer([15, 3], [25, 1]),
    ],
  };
});

scenario("lateRows: dropDuplicates routes its late rows", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds", { lateRows: "late_dedup" })
    .dropDuplicates(["value", "eventTime"])
    .select(col("value"));
  return {
    df,
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      AddData(input, 10, 11, 25),
      CheckNewAnswer([10], [11], [25]),
      // Watermark 15: 10 and 14 are late (10 would have been a duplicate as well); 16 is new once.
      AddData(input, 10, 14, 16, 16),
      CheckNewAnswer([16]),
      CheckLateRows(
        "late_dedup",
        "value, CAST(eventTime AS LONG) AS t, CAST(watermark AS LONG) AS wm, batchId",
        [10, 10, 15, 2],
        [14, 14, 15, 2],
      ),
    ],
  };
});

scenario("lateRows: dropDuplicatesWithinWatermark routes its late rows", () => {
  const input = new MemoryStream(spark, "id STRING, t INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("t")))
    .withWatermark("eventTime", "10 seconds", { lateRows: "late_within" })
    .dropDuplicatesWithinWatermark(["id"])
    .select(col("id"), col("t"));
  return {
    df,
    outputMode: "append",
    noCrashMatrix: SHIFTS_BATCH_IDS,
    actions: [
      AddData(input, ["a", 10], ["a", 11], ["b", 30]),
      CheckNewAnswer(["a", 10], ["b", 30]),
      // Watermark 20: a's first row (10 + 10 s) has expired; a at 19 is late, a at 21 is new.
      AddData(input, ["a", 19], ["a", 21], ["b", 20]),
      CheckNewAnswer(["a", 21]),
      CheckLateRows(
        "late_within",
        "id, t, CAST(eventTime AS LONG) AS et, CAST(watermark AS LONG) AS wm, batchId",
        ["a", 19, 19, 20, 2],
        ["b", 20, 20, 20, 2],
      ),
    ],
  };
});

// The view is written at the state commit, after the sink accepted the batch; a crash after that
// commit re-runs the batch, which replaces its late rows instead of adding them again.
test("lateRows: a batch re-run after a crash replaces its late rows (idempotent per batch)", async () => {
  for (const point of ["after-sink-write", "after-state-commit", "after-commit-log"] as const) {
    const input = new MemoryStream(spark, "value INT");
    await testStream(rawTimestampCounts(input, "late_crash"), "append")(
      AddData(input, 10, 25),
      CheckNewAnswer([10, 1]),
      Crash(point),
      // Does not move the watermark: the batch after it runs with the same late-events watermark
      // whether or not this batch was re-run.
      AddData(input, 4, 4, 20),
      CheckNewAnswer(),
      CheckLateRows("late_crash", "value, CAST(watermark AS LONG) AS wm, batchId", [4, 15, 2], [4, 15, 2]),
      StopStream,
      StartStream(),
      AddData(input, 5),
      CheckNewAnswer(),
      CheckLateRows(
        "late_crash",
        "value, CAST(watermark AS LONG) AS wm, batchId",
        [4, 15, 2],
        [4, 15, 2],
        [5, 15, 3],
      ),
    );
  }
});

test("lateRows: the view's schema is the operator's input columns, watermark and batchId", async () => {
  const input = new MemoryStream(spark, "id STRING, t INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("t")))
    .withWatermark("eventTime", "10 seconds", { lateRows: "late_schema" });
  const q = await df
    .groupBy(F.window(col("eventTime"), "5 seconds"), col("id"))
    .count()
    .writeStream.format("memory")
    .queryName("late_schema_out")
    .outputMode("update")
    .start();
  try {
    assert.equal(
      spark.table("late_schema").schema.simpleString(),
      "struct<window:struct<start:timestamp,end:timestamp>,id:string,t:int,eventTime:timestamp,watermark:timestamp,batchId:bigint>",
    );
    const fields = spark.table("late_schema").schema.fields;
    assert.deepEqual(
      fields.slice(-2).map((f) => f.nullable),
      [false, false],
    );
    assert.deepEqual(await spark.table("late_schema").collect(), []);
  } finally {
    await q.stop();
  }
});

test("lateRows: operators with different input columns cannot share a view (fails at start)", async () => {
  const input = new MemoryStream(spark, "id STRING, t INT");
  const marked = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("t")))
    .withWatermark("eventTime", "10 seconds", { lateRows: "late_shared" });
  const df = marked.dropDuplicates(["id", "eventTime"]).select(col("eventTime")).groupBy("eventTime").count();
  await assert.rejects(
    df.writeStream.format("memory").queryName("late_shared_out").outputMode("append").start(),
    (e: unknown) => {
      const err = e as { errorClass?: string; message?: string };
      assert.equal(err.errorClass, "STREAMING_LATE_ROWS_SCHEMA_MISMATCH");
      assert.match(
        err.message ?? "",
        /The late rows of the aggregation \(struct<eventTime:timestamp,watermark:timestamp,batchId:bigint>\) cannot go to the late-rows view late_shared, which already receives the late rows of dropDuplicates \(struct<id:string,t:int,eventTime:timestamp,watermark:timestamp,batchId:bigint>\)/,
      );
      return true;
    },
  );
  // The same columns on both sides: both route to the one view.
  const same = marked.dropDuplicates(["id", "eventTime"]).groupBy("eventTime").count();
  const q = await same.writeStream.format("memory").queryName("late_shared_ok").outputMode("append").start();
  await q.stop();
});

test("lateRows: an input column named like a column the view adds fails at start", async () => {
  const input = new MemoryStream(spark, "batchId INT, t INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("t")))
    .withWatermark("eventTime", "10 seconds", { lateRows: "late_conflict" })
    .dropDuplicates(["batchId", "eventTime"]);
  await assert.rejects(
    df.writeStream.format("memory").queryName("late_conflict_out").start(),
    (e: unknown) => {
      const err = e as { errorClass?: string; message?: string };
      assert.equal(err.errorClass, "STREAMING_LATE_ROWS_COLUMN_CONFLICT");
      assert.match(err.message ?? "", /the operator's input already has a column batchId/);
      return true;
    },
  );
});

test("lateRows must name a view", () => {
  const input = new MemoryStream(spark, "t TIMESTAMP");
  assert.throws(() => input.toDF().withWatermark("t", "1 second", { lateRows: " " }), /lateRows must name/);
});

/**
 * Runs `batches` through `build(lateRows)` with a memory sink; returns, per batch with data, the
 * sink's whole table and numRowsDroppedByWatermark, plus the late-rows view's rows per batch id.
 */
async function runBatches(
  name: string,
  mode: "append" | "update" | "complete",
  build: (input: MemoryStream, lateRows: string | undefined) => DataFrame,
  batches: readonly (readonly number[])[],
  lateRows: string | undefined,
): Promise<{ results: string[][]; dropped: number[]; late: Map<number, number> }> {
  const input = new MemoryStream(spark, "value INT");
  const q: StreamingQuery = await build(input, lateRows)
    .writeStream.format("memory")
    .queryName(name)
    .outputMode(mode)
    .start();
  const results: string[][] = [];
  try {
    for (const b of batches) {
      input.addData(...b);
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
  const dropped = q.recentProgress
    .filter((p) => p.numInputRows > 0)
    .map((p) => p.stateOperators.reduce((s, o) => s + o.numRowsDroppedByWatermark, 0));
  const late = new Map<number, number>();
  if (lateRows !== undefined) {
    for (const r of await sqlRows(`SELECT batchId FROM ${lateRows}`)) {
      const id = r[0] as number;
      late.set(id, (late.get(id) ?? 0) + 1);
    }
  }
  return { results, dropped, late };
}

/** A deterministic stream of event times (seconds) with late rows and duplicates. */
function eventBatches(seed: number): number[][] {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const out: number[][] = [];
  let now = 20;
  for (let b = 0; b < 12; b++) {
    now += next() % 9;
    const rows: number[] = [];
    const n = 1 + (next() % 7);
    for (let i = 0; i < n; i++) rows.push(Math.max(0, now - (next() % 30)));
    out.push(rows);
  }
  return out;
}

const QUERIES: Record<string, (input: MemoryStream, lateRows: string | undefined) => DataFrame> = {
  raw: (input, lateRows) => rawTimestampCounts(input, lateRows),
  tumbling: (input, lateRows) =>
    input
      .toDF()
      .withColumn("eventTime", F.timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds", lateRows === undefined ? {} : { lateRows })
      .groupBy(F.window(col("eventTime"), "5 seconds"))
      .agg(F.count("*").alias("n"), F.sum("value").alias("s"))
      .select(col("window.start").cast("long").alias("start"), col("n"), col("s")),
  sliding: (input, lateRows) =>
    input
      .toDF()
      .withColumn("eventTime", F.timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds", lateRows === undefined ? {} : { lateRows })
      .groupBy(F.window(col("eventTime"), "10 seconds", "5 seconds"))
      .agg(F.count("*").alias("n"), F.max("value").alias("m"))
      .select(col("window.start").cast("long").alias("start"), col("n"), col("m")),
};

// The precision rule: with lateRows the aggregation drops late rows before the partial
// aggregation (raw input rows), without it after (merged rows, as Spark); the results, and which
// rows are late, are the same — only numRowsDroppedByWatermark counts input rows instead of groups.
for (const [kind, build] of Object.entries(QUERIES)) {
  for (const mode of ["append", "update", "complete"] as const) {
    test(`lateRows: ${kind} aggregation, ${mode} mode: results with and without lateRows are identical`, async () => {
      for (const seed of [1, 7, 42]) {
        const batches = eventBatches(seed);
        const view = `late_cmp_${kind}_${mode}_${seed}`;
        const plain = await runBatches(`cmp_plain_${kind}_${mode}_${seed}`, mode, build, batches, undefined);
        const routed = await runBatches(`cmp_routed_${kind}_${mode}_${seed}`, mode, build, batches, view);
        assert.deepEqual(routed.results, plain.results, `seed ${seed}`);
        const lateRows = [...routed.late.values()].reduce((a, b) => a + b, 0);
        assert.equal(
          lateRows,
          routed.dropped.reduce((a, b) => a + b, 0),
          `seed ${seed}: view rows = dropped input rows`,
        );
        if (mode === "complete") {
          assert.equal(lateRows, 0, "Complete mode drops nothing");
          continue;
        }
        // Without lateRows a batch drops at most as many merged rows as input rows, and drops in
        // exactly the batches where lateRows drops input rows.
        assert.equal(plain.dropped.length, routed.dropped.length);
        plain.dropped.forEach((d, i) => {
          assert.ok(
            d <= routed.dropped[i]!,
            `seed ${seed} batch ${i}: ${d} groups vs ${routed.dropped[i]} rows`,
          );
          assert.equal(d === 0, routed.dropped[i] === 0, `seed ${seed} batch ${i}`);
        });
      }
    });
  }
}

test("lateRows: the comparison above sees late rows (the inputs are not all on time)", async () => {
  const routed = await runBatches("cmp_sanity", "append", QUERIES.raw!, eventBatches(7), "late_cmp_sanity");
  assert.ok([...routed.late.values()].reduce((a, b) => a + b, 0) > 3);
});

// The late rows are written with the state commit, after the sink accepted the batch: a batch
// whose sink failed leaves nothing in the view.
test("lateRows: a batch the sink refused writes no late rows", async () => {
  const input = new MemoryStream(spark, "value INT");
  let failAt = -1;
  const q = await rawTimestampCounts(input, "late_refused")
    .writeStream.outputMode("append")
    .foreachBatch(async (_df, batchId) => {
      if (batchId === failAt) throw new Error(`sink refused batch ${batchId}`);
    })
    .start();
  input.addData(10, 25);
  await q.processAllAvailable();
  failAt = 2;
  input.addData(4, 4, 20);
  await assert.rejects(q.processAllAvailable(), /sink refused batch 2/);
  assert.deepEqual(await sqlRows("SELECT value FROM late_refused"), []);
  await q.stop();
});

// The unfused merge/restore/merge chain (the reference the fused StateStoreSave is tested against)
// reaches the LateRowsFilter below it the same way.
test("lateRows: unfused stateful aggregation: same results, late input rows in the view", async () => {
  spark.conf.set("tspark.sql.streaming.fuseStatefulAggregation", "false");
  try {
    for (const kind of ["raw", "tumbling"] as const) {
      const batches = eventBatches(7);
      const plain = await runBatches(`unfused_plain_${kind}`, "update", QUERIES[kind]!, batches, undefined);
      const routed = await runBatches(
        `unfused_routed_${kind}`,
        "update",
        QUERIES[kind]!,
        batches,
        `late_unfused_${kind}`,
      );
      assert.deepEqual(routed.results, plain.results);
      const lateRows = [...routed.late.values()].reduce((a, b) => a + b, 0);
      assert.ok(lateRows > 0);
      assert.equal(
        lateRows,
        routed.dropped.reduce((a, b) => a + b, 0),
      );
    }
  } finally {
    spark.conf.unset("tspark.sql.streaming.fuseStatefulAggregation");
  }
});
