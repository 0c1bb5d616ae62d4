// Shared by the event-time scenario files of issue #7 (tests/streaming/event-time/*.test.ts): the
// `window` function and the query shapes and steps Spark's suites repeat.
import assert from "node:assert/strict";
import type { DataFrame } from "../../../src/api/data-frame.js";
import * as F from "../../../src/api/functions/index.js";
import {
  AddData,
  assertWatermark,
  Execute,
  type MemoryStream,
  ProcessAllAvailable,
  type StreamAction,
} from "../../../src/testing/index.js";

const col = F.col;

/** PySpark's `window(timeColumn, windowDuration, slideDuration=None, startTime=None)`. */
export const window = F.window;

/**
 * The query most of EventTimeWatermarkSuite runs: event time = `timestamp_seconds(value)`, a
 * watermark of `delay` on it (none when null), a count per 5-second window, and the window's
 * start in seconds with the count:
 *
 *     input.toDF().withColumn("eventTime", timestamp_seconds($"value"))
 *       .withWatermark("eventTime", "10 seconds")
 *       .groupBy(window($"eventTime", "5 seconds") as "window").agg(count("*") as "count")
 *       .select($"window".getField("start").cast("long"), $"count")
 */
export function windowedCount(input: MemoryStream, delay: string | null = "10 seconds"): DataFrame {
  const withEventTime = input.toDF().withColumn("eventTime", F.timestamp_seconds(col("value")));
  const watermarked = delay === null ? withEventTime : withEventTime.withWatermark("eventTime", delay);
  return watermarked
    .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
    .agg(F.count("*").alias("count"))
    .select(col("window").getField("start").cast("long"), col("count"));
}

/**
 * EventTimeWatermarkSuite's `checkWatermark(input, watermark)`: add a row (1) to `input`, wait
 * for it, and check that the latest batch used the watermark `seconds`.
 */
export function checkWatermark(input: MemoryStream, seconds: number): StreamAction[] {
  return [AddData(input, 1), ProcessAllAvailable(), assertWatermark(seconds * 1000, { progress: "latest" })];
}

/**
 * EventTimeWatermarkSuite's own `assertNumStateRows(numTotalRows)` (not StateStoreMetricsTest's):
 * once everything available is processed, the first state operator of the latest progress holds
 * `total` rows.
 */
export function assertTotalStateRows(total: number): StreamAction {
  return Execute(async (q) => {
    await q.processAllAvailable();
    const last = q.recentProgress.at(-1);
    assert.ok(last, "no progress");
    assert.equal(last.stateOperators[0]?.numRowsTotal, total, `state rows of batch ${last.batchId}`);
  }, `state rows total=${total}`);
}
