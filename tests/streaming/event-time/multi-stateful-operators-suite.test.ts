// Spark's MultiStatefulOperatorsSuite (Spark 4): chains of stateful operators under Spark 3.5+'s
// watermark propagation (src/streaming/operators/watermark-propagation.ts). Each operator filters
// late rows with its own input watermark of the previous batch and evicts with its input watermark
// of the current batch; a stream-stream join with a time-interval condition lowers the watermark
// of what is downstream of it. The `// opN W (late, evict)` comments are Spark's.
//
// Spark's `assertNumStateRows(Seq(...))` reads the latest progress (a no-data batch included) and
// `assertNumRowsDroppedByWatermark(Seq(...))` the latest progress of a batch with input rows; both
// list the state operators top-down (the last stateful operator of the query first). A crash in
// the no-data batch that follows a data batch loses the data batch's progress with the process,
// so scenarios asserting dropped rows run the crash matrix in a twin without those checks.
import assert from "node:assert/strict";
import * as F from "../../../src/api/functions/index.js";
import type { DataFrame } from "../../../src/api/data-frame.js";
import type { StreamingQuery } from "../../../src/api/streaming-query.js";
import {
  AddData,
  CheckAnswer,
  CheckNewAnswer,
  Execute,
  MemoryStream,
  MultiAddData,
  StartStream,
  type StreamAction,
} from "../../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, range, type Scenario, scenario, testSession } from "../scenario.js";

const spark = testSession();
const col = F.col;

/** Spark's suite-local `assertNumStateRows`: state rows of every operator in the latest progress. */
function assertNumStateRows(totals: readonly number[]): StreamAction {
  return Execute(
    async (q) => {
      await q.processAllAvailable();
      const last = q.recentProgress.at(-1);
      assert.ok(last, "no progress");
      assert.deepEqual(
        last.stateOperators.map((o) => o.numRowsTotal),
        [...totals],
        `state rows of batch ${last.batchId}`,
      );
    },
    `state rows ${totals.join(",")}`,
  );
}

/** Spark's suite-local `assertNumRowsDroppedByWatermark`: per operator, latest batch with input. */
function assertNumRowsDroppedByWatermark(dropped: readonly number[]): StreamAction {
  return Execute(
    async (q) => {
      await q.processAllAvailable();
      const last = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
      assert.ok(last, "no batch with input rows");
      assert.deepEqual(
        last.stateOperators.map((o) => o.numRowsDroppedByWatermark),
        [...dropped],
        `rows dropped by watermark in batch ${last.batchId}`,
      );
    },
    `dropped ${dropped.join(",")}`,
  );
}

/**
 * A Spark case as two scenarios: as written (crash matrix off when it asserts dropped rows, see
 * the header), and, when it does, a twin without the dropped-rows checks that runs the crash
 * matrix (the state-rows checks then skip the crash points after the last batch's commit).
 */
function multiScenario(name: string, build: () => Scenario): void {
  const hasDropped = (s: Scenario) => s.actions.some(isDroppedCheck);
  scenario(name, () => {
    const s = build();
    return hasDropped(s) ? { ...s, noCrashMatrix: DROPPED_IN_DATA_BATCH } : s;
  });
  if (!hasDropped(build())) return;
  scenario(`${name} (without the dropped-rows checks)`, () => {
    const s = build();
    return {
      ...s,
      actions: s.actions.filter((a) => !isDroppedCheck(a)),
      noRestartMatrix: TWIN,
      noCrashMatrix: s.noCrashMatrix ?? ASSERTS_LAST_BATCH_PROGRESS,
    };
  });
}

const DROPPED_IN_DATA_BATCH =
  "asserts rows dropped in batches with data, whose progress a crash in the no-data batch after them loses (the twin without those checks runs the crash matrix)";
const TWIN = "the scenario as written runs the restart matrix";

function isDroppedCheck(a: StreamAction): boolean {
  return a.kind === "execute" && a.message.startsWith("dropped ");
}

/**
 * The input watermarks (late events, eviction) the latest batch gave its operators, as explain
 * shows them: the stream-stream join's and the first StateStoreSave's (Spark's test reads
 * `eventTimeWatermarkForLateEvents` / `eventTimeWatermarkForEviction` of the executed plan).
 * Undefined when the run has executed no batch yet (a restarted query waiting for data).
 */
function operatorWatermarks(
  q: StreamingQuery,
): { join?: [number, number]; agg?: [number, number] } | undefined {
  const text = q.explainString();
  if (text.startsWith("No physical plan")) return undefined;
  const pair = (m: RegExpMatchArray | null): [number, number] | undefined =>
    m ? [Number(m[1]), Number(m[2])] : undefined;
  const join = pair(
    text.match(/StreamingSymmetricHashJoin .*?state info \[[^\]]*\], (-?\d+), (-?\d+), state cleanup/),
  );
  const agg = pair(text.match(/StateStoreSave \[.*?\], state info \[[^\]]*\], \w+, (-?\d+), (-?\d+), 2/));
  return { ...(join ? { join } : {}), ...(agg ? { agg } : {}) };
}

function assertOperatorWatermarks(join: [number, number], agg: [number, number]): StreamAction {
  return Execute(
    (q) => {
      const seen = operatorWatermarks(q);
      if (seen === undefined) return; // a restarted run before its first batch: nothing to read
      assert.deepEqual(seen, { join, agg }, "join / aggregation (late events, eviction) watermarks");
    },
    `watermarks join ${join.join("/")} agg ${agg.join("/")}`,
  );
}

/** A UTC timestamp from `yyyy-MM-dd HH:mm:ss` (Spark's Timestamp.valueOf under a UTC session). */
function ts(s: string): Date {
  return new Date(`${s.replace(" ", "T")}Z`);
}

/** Milliseconds of `ts(s)` (Spark's `Timestamp.valueOf(s).getTime`). */
function ms(s: string): number {
  return ts(s).getTime();
}

multiScenario("window agg -> window agg, append mode", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "0 seconds")
    .groupBy(F.window(col("eventTime"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .groupBy(F.window(col("window"), "10 seconds"))
    .agg(F.count("*").alias("count"), F.sum("count").alias("sum"))
    .select(col("window").getField("start").cast("long"), col("count"), col("sum"));
  return {
    df,
    actions: [
      AddData(input, ...range(10, 21)),
      // op1 W (0, 0): state [10, 15) 5, [15, 20) 5, [20, 25) 2; no-data batch: op1 W (0, 21)
      // emits [10, 15) and [15, 20); op2 W (0, 21) emits [10, 20) (2, 10)
      CheckNewAnswer([10, 2, 10]),
      assertNumStateRows([0, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
      AddData(input, ...range(10, 29)),
      // op1 W (21, 21): [10, 15) and [15, 20) late (2 partial rows); no-data batch op1 W (21, 29)
      // emits [20, 25) 7; op2 keeps [20, 30) (1, 7)
      CheckNewAnswer(),
      assertNumStateRows([1, 1]),
      assertNumRowsDroppedByWatermark([0, 2]),
      AddData(input, 30, 31),
      // no-data batch W (29, 31): op1 emits [25, 30) 5; op2 emits [20, 30) (2, 12)
      CheckNewAnswer([20, 2, 12]),
      assertNumStateRows([0, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
    ],
  };
});

multiScenario("agg -> agg -> agg, append mode", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "0 seconds")
    .groupBy(F.window(col("eventTime"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .groupBy(F.window(F.window_time(col("window")), "10 seconds"))
    .agg(F.count("*").alias("count"), F.sum("count").alias("sum"))
    .groupBy(F.window(F.window_time(col("window")), "20 seconds"))
    .agg(F.count("*").alias("count"), F.sum("sum").alias("sum"))
    .select(
      col("window").getField("start").cast("long"),
      col("window").getField("end").cast("long"),
      col("count"),
      col("sum"),
    );
  return {
    df,
    actions: [
      AddData(input, ...range(0, 37)),
      // no-data batch W (0, 37): op1 emits [0, 35); op2 emits [0, 30); op3 emits [0, 20) (2, 20)
      CheckNewAnswer([0, 20, 2, 20]),
      assertNumStateRows([1, 1, 1]),
      assertNumRowsDroppedByWatermark([0, 0, 0]),
      AddData(input, ...range(30, 60)),
      // op1 W (37, 37) drops the partial row of [30, 35); no-data batch W (37, 60) closes the rest
      CheckNewAnswer([20, 40, 2, 23], [40, 60, 2, 20]),
      assertNumStateRows([0, 0, 1]),
      assertNumRowsDroppedByWatermark([0, 0, 1]),
    ],
  };
});

multiScenario("stream deduplication -> aggregation, append mode", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "10 seconds")
    .dropDuplicates(["value", "eventTime"])
    .groupBy(F.window(col("eventTime"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"), F.sum("value").alias("sum"))
    .select(col("window").getField("start").cast("long"), col("count"));
  return {
    df,
    actions: [
      AddData(input, ...range(1, 15)),
      // no-data batch W (0, 5): dedup keeps 6..15; the aggregation emits [0, 5) 4
      CheckNewAnswer([0, 4]),
      assertNumStateRows([3, 10]),
      assertNumRowsDroppedByWatermark([0, 0]),
    ],
  };
});

multiScenario("join -> window agg, append mode", () => {
  const input1 = new MemoryStream(spark, "value INT");
  const df1 = input1
    .toDF()
    .withColumnRenamed("value", "value1")
    .withColumn("eventTime1", F.timestamp_seconds(col("value1")))
    .withWatermark("eventTime1", "0 seconds");
  const input2 = new MemoryStream(spark, "value INT");
  const df2 = input2
    .toDF()
    .withColumnRenamed("value", "value2")
    .withColumn("eventTime2", F.timestamp_seconds(col("value2")))
    .withWatermark("eventTime2", "0 seconds");
  const df = df1
    .join(df2, F.expr("eventTime1 = eventTime2"), "inner")
    .groupBy(F.window(col("eventTime1"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .select(col("window").getField("start").cast("long"), col("count"));
  return {
    df,
    actions: [
      MultiAddData([input1, range(1, 4)], [input2, range(1, 4)]),
      // join on the event time: the output watermark is the input one; no-data batch W (0, 4)
      // empties the join's state and keeps [0, 5) 4 in the aggregation
      CheckNewAnswer(),
      assertNumStateRows([1, 0]),
      assertNumRowsDroppedByWatermark([0, 0]),
      MultiAddData([input1, [5]], [input2, [5]]),
      // no-data batch W (4, 5): [0, 5) closes
      CheckNewAnswer([0, 4]),
      assertNumStateRows([1, 0]),
      assertNumRowsDroppedByWatermark([0, 0]),
    ],
  };
});

function windowedCountWithEnd(input: MemoryStream): DataFrame {
  return input
    .toDF()
    .withColumn("eventTime", F.timestamp_seconds(col("value")))
    .withWatermark("eventTime", "0 seconds")
    .groupBy(F.window(col("eventTime"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .withColumn("windowEnd", F.expr("window.end"));
}

// Spark's "aggregation -> stream deduplication, append mode", first query: the dedup keys carry no
// event time, so its state is never trimmed.
multiScenario("aggregation -> stream deduplication, append mode (keys without event time)", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = windowedCountWithEnd(input)
    .dropDuplicates(["count", "windowEnd"])
    .select(col("windowEnd").cast("long"), col("count"));
  return {
    df,
    actions: [
      AddData(input, 1, 5, 10, 15),
      // no-data batch W (0, 15): the aggregation emits 3 windows; the dedup keeps all 3
      CheckNewAnswer([5, 1], [10, 1], [15, 1]),
      assertNumStateRows([3, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
    ],
  };
});

// The same query's second half: with `window_time(window)` among the dedup keys the dedup's state
// is trimmed by its input watermark in the same no-data batch.
multiScenario("aggregation -> stream deduplication, append mode (keys with event time)", () => {
  const input = new MemoryStream(spark, "value INT");
  const df = windowedCountWithEnd(input)
    .withColumn("windowTime", F.expr("window_time(window)"))
    .withColumn("windowTimeMicros", F.expr("unix_micros(windowTime)"))
    .dropDuplicates(["count", "windowEnd", "windowTime"])
    .select(col("windowEnd").cast("long"), col("windowTimeMicros").cast("long"), col("count"));
  return {
    df,
    actions: [
      AddData(input, 1, 5, 10, 15),
      CheckNewAnswer([5, 4999999, 1], [10, 9999999, 1], [15, 14999999, 1]),
      assertNumStateRows([0, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
    ],
  };
});

multiScenario("join with range join on non-time intervals -> window agg, append mode, shouldn't fail", () => {
  const input1 = new MemoryStream(spark, "value INT");
  const df1 = input1
    .toDF()
    .withColumnRenamed("value", "value1")
    .withColumn("eventTime1", F.timestamp_seconds(col("value1")))
    .withColumn("v1", F.timestamp_seconds(col("value1")))
    .withWatermark("eventTime1", "0 seconds");
  const input2 = new MemoryStream(spark, "_1 INT, _2 INT");
  const df2 = input2
    .toDF()
    .toDF("start", "end")
    .withColumn("eventTime2Start", F.timestamp_seconds(col("start")))
    .withColumn("start2", F.timestamp_seconds(col("start")))
    .withColumn("end2", F.timestamp_seconds(col("end")))
    .withWatermark("eventTime2Start", "0 seconds");
  const df = df1
    .join(df2, F.expr("v1 >= start2 AND v1 < end2 AND eventTime1 = start2"), "inner")
    .groupBy(F.window(col("eventTime1"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .select(col("window").getField("start").cast("long"), col("count"));
  return {
    df,
    actions: [
      AddData(input1, 1, 2, 3, 4),
      AddData(input2, [1, 2], [2, 3], [3, 4], [4, 5]),
      CheckNewAnswer(),
      assertNumStateRows([1, 0]),
      assertNumRowsDroppedByWatermark([0, 0]),
    ],
  };
});

/**
 * Spark's "stream-stream time interval left/right outer join -> aggregation, append mode": the
 * join's BETWEEN ± 1 hour keeps rows in state an hour past the watermark, so the join's output
 * watermark, the aggregation's input, is the watermark − 1 hour − 1 ms.
 */
function intervalOuterJoinThenAggregation(joinType: "leftOuter" | "rightOuter"): Scenario {
  const input1 = new MemoryStream(spark, "_1 STRING, _2 TIMESTAMP");
  const input2 = new MemoryStream(spark, "_1 STRING, _2 TIMESTAMP");
  const s1 = input1.toDF().toDF("id1", "timestamp1").withWatermark("timestamp1", "0 seconds").alias("s1");
  const s2 = input2.toDF().toDF("id2", "timestamp2").withWatermark("timestamp2", "0 seconds").alias("s2");
  const s3 = s1.join(
    s2,
    F.expr(
      "s1.id1 = s2.id2 AND (s1.timestamp1 BETWEEN s2.timestamp2 - INTERVAL 1 hour AND s2.timestamp2 + INTERVAL 1 hour)",
    ),
    joinType,
  );
  const df = s3
    .groupBy(F.window(col(joinType === "leftOuter" ? "timestamp1" : "timestamp2"), "10 minutes"))
    .agg(F.count("*").alias("cnt"))
    .selectExpr(
      "CAST(window.start AS STRING) AS window_start",
      "CAST(window.end AS STRING) AS window_end",
      "cnt",
    );
  // The preserved side (left for leftOuter) is `outer`, the other `inner`.
  const [outer, inner] = joinType === "leftOuter" ? [input1, input2] : [input2, input1];
  return {
    df,
    actions: [
      MultiAddData(
        [
          outer,
          [
            ["1", ts("2023-01-01 01:00:10")],
            ["2", ts("2023-01-01 01:00:30")],
          ],
        ],
        [inner, [["1", ts("2023-01-01 01:00:20")]]],
      ),
      // origin watermark 01:00:20 (the smaller input); join IW (0, 01:00:20), OW 00:00:19.999;
      // aggregation IW (0, 00:00:19.999): [01:00, 01:10) 1 stays
      CheckAnswer(),
      assertOperatorWatermarks([0, ms("2023-01-01 01:00:20")], [0, ms("2023-01-01 00:00:20") - 1]),
      MultiAddData([outer, [["5", ts("2023-01-01 01:15:00")]]], [inner, [["6", ts("2023-01-01 01:15:00")]]]),
      CheckAnswer(),
      assertOperatorWatermarks(
        [ms("2023-01-01 01:00:20"), ms("2023-01-01 01:15:00")],
        [ms("2023-01-01 00:00:20") - 1, ms("2023-01-01 00:15:00") - 1],
      ),
      MultiAddData([outer, [["5", ts("2023-01-01 02:16:00")]]], [inner, [["6", ts("2023-01-01 02:16:00")]]]),
      // join IW (01:15, 02:16), OW 01:15:59.999: ("1", 01:00:30) and ("5", 01:15) leave with NULLs;
      // aggregation IW (00:14:59.999, 01:15:59.999) closes [01:00, 01:10) with 2 rows
      CheckAnswer(["2023-01-01 01:00:00", "2023-01-01 01:10:00", 2]),
      assertOperatorWatermarks(
        [ms("2023-01-01 01:15:00"), ms("2023-01-01 02:16:00")],
        [ms("2023-01-01 00:15:00") - 1, ms("2023-01-01 01:16:00") - 1],
      ),
    ],
  };
}

multiScenario("stream-stream time interval left outer join -> aggregation, append mode", () =>
  intervalOuterJoinThenAggregation("leftOuter"),
);

multiScenario("stream-stream time interval right outer join -> aggregation, append mode", () =>
  intervalOuterJoinThenAggregation("rightOuter"),
);

// tspark: the same query in Spark's compatibility mode (statefulOperator.allowMultiple=false,
// UseSingleWatermarkPropagator): every operator gets the query's watermark and late rows are
// judged by the batch's own, so the aggregation closes [01:00, 01:10) at 01:15:00 with the one
// joined row, and the join's NULL rows of the last no-data batch (01:00:30 and 01:15:00, evicted
// at 02:16:00 − 1 hour − 1 ms) arrive late for it and are dropped.
multiScenario(
  "time interval left outer join -> aggregation with one watermark for all (allowMultiple=false)",
  () => {
    const s = intervalOuterJoinThenAggregation("leftOuter");
    const checks = s.actions.filter((a) => a.kind !== "execute");
    const [add0, , add1, , add2] = checks;
    const global = (ms1: number, ms2: number) => [ms1, ms2] as [number, number];
    return {
      ...s,
      actions: [
        StartStream({ additionalConfs: { "spark.sql.streaming.statefulOperator.allowMultiple": "false" } }),
        add0!,
        CheckAnswer(),
        assertOperatorWatermarks(
          global(ms("2023-01-01 01:00:20"), ms("2023-01-01 01:00:20")),
          global(ms("2023-01-01 01:00:20"), ms("2023-01-01 01:00:20")),
        ),
        add1!,
        CheckAnswer(["2023-01-01 01:00:00", "2023-01-01 01:10:00", 1]),
        add2!,
        CheckAnswer(["2023-01-01 01:00:00", "2023-01-01 01:10:00", 1]),
        assertOperatorWatermarks(
          global(ms("2023-01-01 02:16:00"), ms("2023-01-01 02:16:00")),
          global(ms("2023-01-01 02:16:00"), ms("2023-01-01 02:16:00")),
        ),
      ],
    };
  },
);

/**
 * Spark's "stream-stream time interval join - output watermark for various intervals" asks the
 * join's `produceOutputWatermark(0)`; here the answer is read where it lands, as the eviction
 * watermark of an aggregation after the join: with the origin watermark W (the smaller input's
 * max event time − its delay), the aggregation evicts with W + Spark's expected output watermark.
 */
function joinOutputWatermark(condition: string, expectedOutputWatermarkAt0: number): Scenario {
  const input1 = new MemoryStream(spark, "_1 STRING, _2 TIMESTAMP");
  const df1 = input1
    .toDF()
    .selectExpr("_1 as leftId", "_2 as leftEventTime")
    .withWatermark("leftEventTime", "5 minutes");
  const input2 = new MemoryStream(spark, "_1 STRING, _2 TIMESTAMP");
  const df2 = input2
    .toDF()
    .selectExpr("_1 as rightId", "_2 as rightEventTime")
    .withWatermark("rightEventTime", "10 minutes");
  const df = df1
    .join(df2, F.expr(condition))
    .groupBy(F.window(col("leftEventTime"), "10 minutes"))
    .agg(F.count("*").alias("cnt"))
    .select(col("cnt"));
  // Both inputs at 01:00:10: W = 01:00:10 − 10 minutes (the right input's delay) = 00:50:10.
  const origin = ms("2023-01-01 00:50:10");
  return {
    df,
    actions: [
      MultiAddData(
        [input1, [["1", ts("2023-01-01 01:00:10")]]],
        [input2, [["2", ts("2023-01-01 01:00:10")]]],
      ),
      CheckAnswer(),
      assertOperatorWatermarks([0, origin], [0, origin + expectedOutputWatermarkAt0]),
    ],
  };
}

multiScenario("stream-stream time interval join - output watermark: right rows wait 40 seconds", () =>
  joinOutputWatermark(
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime AND rightEventTime + INTERVAL 40 seconds",
    -40 * 1000 - 1,
  ),
);

multiScenario("stream-stream time interval join - output watermark: left rows wait 30 seconds", () =>
  joinOutputWatermark(
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 30 seconds AND rightEventTime",
    -30 * 1000 - 1,
  ),
);

multiScenario("stream-stream time interval join - output watermark: the longer wait of both sides", () =>
  joinOutputWatermark(
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 30 seconds AND rightEventTime + INTERVAL 40 seconds",
    -40 * 1000 - 1,
  ),
);

multiScenario("SPARK-49829 time window agg per each source followed by stream-stream join", () => {
  const input1 = new MemoryStream(spark, "value LONG");
  const input2 = new MemoryStream(spark, "value LONG");
  const df1 = input1
    .toDF()
    .selectExpr("value", "timestamp_seconds(value) AS ts")
    .withWatermark("ts", "5 seconds");
  const df2 = input2
    .toDF()
    .selectExpr("value", "timestamp_seconds(value) AS ts")
    .withWatermark("ts", "5 seconds");
  const w1 = df1.groupBy(F.window(col("ts"), "10 seconds")).agg(F.sum("value").alias("sum_df1"));
  const w2 = df2.groupBy(F.window(col("ts"), "10 seconds")).agg(F.sum("value").alias("sum_df2"));
  const df = w1
    .join(w2, "window", "inner")
    .selectExpr("CAST(window.end AS long) AS window_end", "sum_df1", "sum_df2");
  return {
    df,
    actions: [
      MultiAddData([input1, [1, 2, 3, 4, 5]], [input2, [5, 6, 7, 8, 9]]),
      // watermark 5 − 5 = 0
      CheckNewAnswer(),
      MultiAddData([input1, [11, 12, 13, 14, 15]], [input2, [15, 16, 17, 18, 19]]),
      // watermark 15 − 5 = 10: both [0, 10) windows close and join in the same batch
      CheckNewAnswer([10, 15, 35]),
      MultiAddData([input1, [100]], [input2, [101]]),
      // watermark 100 − 5 = 95
      CheckNewAnswer([20, 65, 85]),
    ],
  };
});

// tspark (from Spark's propagation rules; Spark's suite has no such case): flatMapGroupsWithState
// gives no output watermark, so a withWatermark on its output is no redefinition (no
// _LEGACY_ERROR_TEMP_3076 once the watermark moves) and the aggregation after it works with the
// query's watermark (the min of both watermark nodes: 12 s, then 25 s).
multiScenario("flatMapGroupsWithState -> withWatermark -> window agg, append mode", () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 INT");
  const df = input
    .toDF()
    .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("eventTime"))
    .withWatermark("eventTime", "0 seconds")
    .groupBy("key")
    .flatMapGroupsWithState(
      (key, rows) => [[key[0], Math.max(...[...rows].map((r) => (r.eventTime as Date).getTime() / 1000))]],
      "key STRING, maxSec INT",
      "unused LONG",
      "append",
      "NoTimeout",
    )
    .withColumn("t", F.timestamp_seconds(col("maxSec")))
    .withWatermark("t", "0 seconds")
    .groupBy(F.window(col("t"), "10 seconds"))
    .count()
    .select(col("window").getField("start").cast("long"), col("count"));
  return {
    df,
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(input, ["a", 1], ["a", 3], ["b", 12]),
      // flatMapGroupsWithState emits (a, 3), (b, 12); watermark 12 s closes [0, 10)
      CheckNewAnswer([0, 1]),
      AddData(input, ["a", 25]),
      // (a, 25); watermark 25 s closes [10, 20)
      CheckNewAnswer([10, 1]),
      // the aggregation keeps [20, 30); the function stores no state
      assertNumStateRows([1, 0]),
    ],
  };
});

// tspark (from Spark's propagation rules; Spark's suite has no session-window chain): a session
// window aggregation passes its input watermark on, so a window aggregation over the sessions'
// window_time closes in the same no-data batch as the sessions it counts.
multiScenario("session window agg -> window agg, append mode", () => {
  const input = new MemoryStream(spark, "_1 STRING, _2 INT");
  const df = input
    .toDF()
    .select(col("_1").alias("key"), F.timestamp_seconds(col("_2")).alias("eventTime"))
    .withWatermark("eventTime", "0 seconds")
    .groupBy(col("key"), F.session_window(col("eventTime"), "5 seconds"))
    .agg(F.count("*").alias("n"))
    .groupBy(F.window(F.window_time(col("session_window")), "10 seconds"))
    .agg(F.count("*").alias("sessions"), F.sum("n").alias("events"))
    .select(col("window").getField("start").cast("long"), col("sessions"), col("events"));
  return {
    df,
    actions: [
      AddData(input, ["a", 1], ["a", 3], ["b", 2]),
      // sessions a [1, 8) 2 and b [2, 7) 1 stay open at watermark 3
      CheckNewAnswer(),
      AddData(input, ["a", 20]),
      // watermark 20: both sessions close (window_time 7.999999 and 6.999999), and so does [0, 10)
      CheckNewAnswer([0, 2, 3]),
      assertNumStateRows([0, 1]),
    ],
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
  };
});
