/**
 * Workload: event-time windows with a watermark (issue #7).
 *
 * 1. Windowed count throughput. Nexmark bids (seed 0, 10 000 events per second of event time, so
 *    N events span N/10 000 s and close many windows) → `withWatermark(dateTime, 4 s)` →
 *    `groupBy(window(dateTime, 10 s), auction).count()` → noop, Append mode, AvailableNow in
 *    micro-batches. Baseline: the same windowed count hand-written in Node over the same
 *    generator and batches (a map per open window, windows emitted and dropped once the batch's
 *    watermark passes their end, as Append mode does). Figures: events/s and events/s per core,
 *    per-batch p50/p99, and the largest number of state rows any batch held (bounded by the
 *    watermark: flat however long the stream).
 * 2. Latency at 10 000 events/s. `rate-micro-batch` (1 000 rows per 100 ms trigger, event time
 *    advancing 100 ms per batch) → withWatermark(timestamp, 1 s)
 *    → groupBy(window(timestamp, 1 s), value % 100).count() → noop, Append, processing-time
 *    trigger of 100 ms, for a few seconds: the p50/p99 of a batch's triggerExecution (the engine's
 *    share of end-to-end latency: a row waits at most one trigger interval, then its batch runs),
 *    against the 10 ms target.
 *
 * Correctness: both sides read every event and emit the same number of window rows; the
 * largest state seen stays within the number of windows the watermark keeps open.
 */
import { join } from "node:path";
import { type DataFrame, SparkSession } from "tspark";
import { col, count, window } from "tspark/functions";
import { NexmarkGenerator, parseNexmarkOptions } from "../../src/connectors/nexmark/index.js";
import {
  type BenchContext,
  BenchCheckFailure,
  latencySummary,
  type Measurement,
  measurement,
  measureVariants,
  percentile,
  throughput,
  type Workload,
  type WorkloadReport,
  withTempDir,
} from "../harness.js";
import { durationsOf, ProgressWatch } from "../support/progress-watch.js";

const NAME = "event-time";
const BID = 2;
const WINDOW_US = 10_000_000;
const DELAY_US = 4_000_000;

interface WindowRun {
  readonly inputRows: number;
  readonly outputRows: number;
  readonly batchMs: number[];
  readonly maxStateRows: number;
}

let counter = 0;

function sourceOptions(events: number, perTrigger: number): Record<string, string> {
  return {
    "events.num": String(events),
    "first-event.rate": "10000",
    maxEventsPerTrigger: String(perTrigger),
    numPartitions: "1",
  };
}

/** The windowed count over the source's bids. */
function windowedCount(events: DataFrame): DataFrame {
  return events
    .where(col("event_type").eqNullSafe(BID))
    .select(col("bid.auction").alias("auction"), col("dateTime"))
    .withWatermark("dateTime", "4 seconds")
    .groupBy(window(col("dateTime"), "10 seconds"), col("auction"))
    .agg(count("*").alias("num"));
}

async function tsparkWindowedCount(spark: SparkSession, options: Record<string, string>): Promise<WindowRun> {
  return withTempDir("event-time", async (dir) => {
    const watch = new ProgressWatch(spark);
    try {
      const reader = spark.readStream.format("nexmark");
      for (const [k, v] of Object.entries(options)) reader.option(k, v);
      const q = await windowedCount(reader.load())
        .writeStream.format("noop")
        .queryName(`event_time_${counter++}`)
        .outputMode("append")
        .option("checkpointLocation", join(dir, "checkpoint"))
        .trigger({ availableNow: true })
        .start();
      watch.follow(q.id);
      await q.awaitTermination();
      return {
        inputRows: watch.progress.reduce((s, p) => s + p.numInputRows, 0),
        outputRows: watch.progress.reduce((s, p) => s + Math.max(0, p.sink.numOutputRows), 0),
        batchMs: durationsOf(watch.progress),
        maxStateRows: Math.max(0, ...watch.progress.map((p) => p.stateOperators[0]?.numRowsTotal ?? 0)),
      };
    } finally {
      watch.detach();
    }
  });
}

/**
 * The hand-written windowed count: per micro-batch of `perTrigger` events, counts per (window,
 * auction) of its bids, then emits and drops the windows whose end is at or below the watermark
 * the batch ran with (the previous batch's max event time − 4 s), as Append mode does; a final
 * pass with the last watermark (AvailableNow's closing no-data batch).
 */
function handWrittenWindowedCount(
  options: Record<string, string>,
  events: number,
  perTrigger: number,
): WindowRun {
  const generator = new NexmarkGenerator(parseNexmarkOptions(options, 1));
  const open = new Map<number, Map<number, number>>();
  let watermark = 0;
  let maxTime = Number.NEGATIVE_INFINITY;
  let outputRows = 0;
  let maxStateRows = 0;
  let stateRows = 0;
  const close = (wm: number): void => {
    for (const [start, counts] of open) {
      if (start + WINDOW_US > wm) continue;
      outputRows += counts.size;
      stateRows -= counts.size;
      open.delete(start);
    }
  };
  for (let from = 0; from < events; from += perTrigger) {
    const to = Math.min(events, from + perTrigger);
    for (let start = from; start < to; start += 4096) {
      const batch = generator.generate(start, Math.min(to, start + 4096));
      const types = batch.columns[0] as number[];
      const bids = batch.columns[3] as (unknown[] | null)[];
      const times = batch.columns[4] as number[];
      for (let i = 0; i < batch.numRows; i++) {
        if (types[i] !== BID) continue;
        const t = times[i]!;
        if (t > maxTime) maxTime = t;
        const w = t - (((t % WINDOW_US) + WINDOW_US) % WINDOW_US);
        let counts = open.get(w);
        if (!counts) {
          counts = new Map();
          open.set(w, counts);
        }
        const auction = (bids[i] as unknown[])[0] as number;
        const c = counts.get(auction);
        if (c === undefined) stateRows++;
        counts.set(auction, (c ?? 0) + 1);
      }
    }
    // After the batch's eviction, as the engine's progress reports numRowsTotal.
    close(watermark);
    if (stateRows > maxStateRows) maxStateRows = stateRows;
    // The next batch's watermark, in ms as the engine keeps it.
    const next = Math.trunc(maxTime / 1000) * 1000 - DELAY_US;
    if (next > watermark) watermark = next;
  }
  close(watermark);
  return { inputRows: events, outputRows, batchMs: [], maxStateRows };
}

/** Runs the latency query for `seconds` and returns its batches' triggerExecution durations. */
async function latencyRun(
  spark: SparkSession,
  seconds: number,
): Promise<{ batchMs: number[]; maxState: number }> {
  return withTempDir("event-time-latency", async (dir) => {
    const watch = new ProgressWatch(spark);
    try {
      // rate-micro-batch: 1 000 rows per trigger, event time advancing 100 ms per batch, so at
      // one trigger per 100 ms the stream runs at 10 000 events/s in both event and wall time.
      const q = await spark.readStream
        .format("rate-micro-batch")
        .option("rowsPerBatch", 1_000)
        .option("advanceMillisPerBatch", 100)
        .load()
        .withWatermark("timestamp", "1 second")
        .groupBy(window(col("timestamp"), "1 second"), col("value").mod(100).alias("k"))
        .agg(count("*").alias("n"))
        .writeStream.format("noop")
        .queryName(`event_time_latency_${counter++}`)
        .outputMode("append")
        .option("checkpointLocation", join(dir, "checkpoint"))
        .trigger({ processingTime: "100 milliseconds" })
        .start();
      watch.follow(q.id);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      await q.stop();
      // The first second warms up (code generation, the first state stores).
      const steady = watch.progress.slice(Math.min(10, Math.floor(watch.progress.length / 2)));
      return {
        batchMs: durationsOf(steady),
        maxState: Math.max(0, ...steady.map((p) => p.stateOperators[0]?.numRowsTotal ?? 0)),
      };
    } finally {
      watch.detach();
    }
  });
}

export const workload: Workload = {
  name: NAME,
  description:
    "event-time windows with a watermark: Nexmark bids → 10 s tumbling window count per auction (Append, watermark 4 s) vs the same count hand-written in Node; and the batch latency of a windowed count at 10 000 events/s (100 ms trigger) vs the 10 ms target",
  async run(ctx: BenchContext): Promise<WorkloadReport> {
    const events = ctx.quick ? 20_000 : Number(process.env.EVENT_TIME_EVENTS ?? 2_000_000);
    const perTrigger = ctx.quick ? 5_000 : 250_000;
    const options = sourceOptions(events, perTrigger);
    const spark = SparkSession.builder
      .appName("bench-event-time")
      .config("spark.sql.session.timeZone", "UTC")
      .getOrCreate();

    const expected = handWrittenWindowedCount(options, events, perTrigger);
    const results = await measureVariants<WindowRun>(ctx, {
      tspark: () => tsparkWindowedCount(spark, options),
      "hand-written Node": async () => handWrittenWindowedCount(options, events, perTrigger),
    });
    for (const [variant, m] of Object.entries(results))
      for (const [i, r] of m.runs.entries()) {
        if (r.result.inputRows !== events)
          throw new BenchCheckFailure(
            NAME,
            `${variant} run ${i}: read ${r.result.inputRows} of ${events} events`,
          );
        if (r.result.outputRows !== expected.outputRows)
          throw new BenchCheckFailure(
            NAME,
            `${variant} run ${i}: ${r.result.outputRows} window rows, the hand-written count emits ${expected.outputRows}`,
          );
      }
    const tp = Object.fromEntries(
      Object.entries(results).map(([variant, m]) => [variant, throughput(m, () => events)]),
    );
    const t = tp.tspark!;
    const b = tp["hand-written Node"]!;
    const tsparkBatches = latencySummary(results.tspark!.runs.flatMap((r) => r.result.batchMs));
    const maxState = Math.max(...results.tspark!.runs.map((r) => r.result.maxStateRows));

    const latencySeconds = ctx.quick ? 2 : 8;
    const latency = await latencyRun(spark, latencySeconds);
    const p99 = percentile(latency.batchMs, 99);

    const rows: Measurement[] = [
      measurement(
        NAME,
        "windowed count events/s per core",
        t.perCoreSecond.median,
        b.perCoreSecond.median,
        "hand-written Node",
        "events/s/core",
      ),
      measurement(
        NAME,
        "windowed count events/s",
        t.perSecond.median,
        b.perSecond.median,
        "hand-written Node",
        "events/s",
      ),
      measurement(
        NAME,
        "windowed count: largest state (rows)",
        maxState,
        expected.maxStateRows,
        "hand-written Node's open groups",
        "rows",
      ),
      measurement(NAME, "windowed count at 10 k events/s: batch p99", p99, 10, "target (10 ms)", "ms"),
    ];
    return {
      workload: NAME,
      measurements: rows,
      details: {
        input: {
          events,
          maxEventsPerTrigger: perTrigger,
          sourceOptions: options,
          query:
            "bid (event_type = 2) → withWatermark(dateTime, '4 seconds') → groupBy(window(dateTime, '10 seconds'), auction).count() → noop, Append, AvailableNow",
        },
        windowedCount: {
          outputRows: expected.outputRows,
          tspark: {
            eventsPerSecond: t.perSecond,
            eventsPerCoreSecond: t.perCoreSecond,
            coresUsed: t.coresUsed,
            batchMs: tsparkBatches,
            maxStateRows: maxState,
          },
          handWritten: {
            eventsPerSecond: b.perSecond,
            eventsPerCoreSecond: b.perCoreSecond,
            maxStateRows: expected.maxStateRows,
          },
        },
        latency: {
          query:
            "rate-micro-batch 1 000 rows per trigger, +100 ms event time per batch → withWatermark(timestamp, '1 second') → groupBy(window(timestamp, '1 second'), value % 100).count() → noop, Append, processingTime 100 ms, spark.sql.shuffle.partitions 200 (Spark's default)",
          seconds: latencySeconds,
          batchMs: latencySummary(latency.batchMs),
          maxStateRows: latency.maxState,
          note: "the engine's share of end-to-end latency: a row waits for the next trigger (≤ 100 ms here), then its batch runs for the time shown; the first second is left out (warm-up)",
        },
        notes: [
          "events/s per core = input events (all kinds) / process CPU time, generator included.",
          "Other processes on the machine skew the wall-clock figures; see the load averages in this file.",
        ],
      },
    };
  },
};
