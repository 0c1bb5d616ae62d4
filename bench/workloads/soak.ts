/**
 * Workload 6, the soak (issue #5): "the word count at a fixed input rate for 30 minutes keeps RSS
 * flat (within 10 %) and its per-batch latency stable".
 *
 * The query of the word-count workload — `socket` source → `explode(split(value, " "))` →
 * `groupBy("word").count()`, Complete mode, into the `memory` sink (so the result is checked), a
 * checkpoint in a temp directory, trigger every second, the session's default 200 shuffle
 * partitions — fed by the corpus server in its fixed-rate mode: data/don-quijote.txt's lines in
 * order, copy after copy, at {@link DEFAULT_RATE} lines/s (≈ 22 k words/s, about a fifth of what
 * tspark reads at full speed on the bench machine) in chunks every 20 ms.
 *
 * Duration: `BENCH_SOAK_MINUTES` (default 30) in a full run; about 5 s with `--quick` (then a
 * 250 ms trigger and a sample every 0.5 s, so every window has something). The rate can be
 * changed with `BENCH_SOAK_RATE` (lines/s). bench/run.ts skips this workload in a full run unless
 * it is named by `--only soak` or `--soak` is given (`longRunning`); `--quick` always runs it.
 *
 * Sampling, every 10 s: `process.memoryUsage()` (RSS, heapUsed, heapTotal, external; no GC is
 * forced), lines sent (the server's count) and lines processed (sum of the progress events'
 * numInputRows), their difference (input lag), the batches completed in the interval with their
 * triggerExecution p50/max, the state operator's rows and memory, the files in the checkpoint and
 * the 1-minute load average. Per batch (from its progress event): triggerExecution,
 * processedRowsPerSecond, and the end-to-end latency of its oldest and newest line — the arrival
 * of the progress event at the listener minus the time that line was due at the server (line k is
 * due at the connection's start + k / rate; the server sends at most one tick, 20 ms, late).
 *
 * Flatness: the first 10 % of the run is warm-up; the early window is 10–30 % of the run, the
 * late window its last 20 % (80–100 %). Figures compare the late window with the early one
 * (ratio = late / early, the early window standing as the baseline): median RSS, median heapUsed,
 * batch triggerExecution p50 and p99, end-to-end latency p50 and p99, lines processed per second.
 * The target is met when RSS and the batch p50 and p99 grow by at most 10 %.
 *
 * Correctness: when the time is up the server stops sending and reports how many lines it sent;
 * the query must process exactly that many lines, and the memory sink's table must equal the word
 * counts of exactly those lines (whole copies of the corpus plus the first lines of the next).
 *
 * Leak hunting: with `BENCH_SOAK_HEAP_SNAPSHOTS=<dir>`, V8 heap snapshots are written there at
 * the start of the early window and at the end of the run (this perturbs the figures).
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import {
  type QueryTerminatedEvent,
  SparkSession,
  type StreamingQuery,
  type StreamingQueryProgress,
} from "tspark";
import { col, explode, split } from "tspark/functions";
import {
  type BenchContext,
  BenchCheckFailure,
  type Measurement,
  measurement,
  percentile,
  summarize,
  type Workload,
  type WorkloadReport,
  withTempDir,
} from "../harness.js";
import { type RateClientStatus, startRateCorpusServer } from "../support/corpus-server-process.js";
import { ProgressWatch } from "../support/progress-watch.js";

const NAME = "soak";
const CORPUS = fileURLToPath(new URL("../../data/don-quijote.txt", import.meta.url));
/** Lines per second (≈ 11 words a line). */
const DEFAULT_RATE = 2000;
const MIB = 2 ** 20;
/** Allowed growth from the early to the late window. */
const TOLERANCE = 0.1;

/** Milliseconds since the epoch from the monotonic clock (comparable with the server's). */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** What one batch's progress event said, and when it arrived. */
interface BatchRecord {
  /** Arrival of the progress event, ms since the epoch. */
  readonly atMs: number;
  readonly batchId: number;
  readonly rows: number;
  /** Lines processed before this batch (the index of its oldest line). */
  readonly rowsBefore: number;
  readonly triggerMs: number;
  readonly processedRowsPerSecond: number;
}

/**
 * Keeps a few numbers per batch of one query (not the progress objects: 1,800 of them would be
 * growth of the bench's own heap); {@link ProgressWatch} resolves `untilRows` once a number of
 * lines has been processed and rejects when no progress arrives for two minutes.
 */
class SoakListener extends ProgressWatch {
  readonly batches: BatchRecord[] = [];
  stateRows = Number.NaN;
  stateMemoryBytes = Number.NaN;
  failure: string | undefined;
  private followed: string | undefined;

  override follow(queryId: string): void {
    this.followed = queryId;
    super.follow(queryId);
  }

  protected override record(p: StreamingQueryProgress, rowsBefore: number): void {
    const state = p.stateOperators[0];
    if (state !== undefined) {
      this.stateRows = state.numRowsTotal;
      this.stateMemoryBytes = state.memoryUsedBytes;
    }
    if (p.numInputRows > 0)
      this.batches.push({
        atMs: epochMs(),
        batchId: p.batchId,
        rows: p.numInputRows,
        rowsBefore,
        triggerMs: p.durationMs.get("triggerExecution") ?? Number.NaN,
        processedRowsPerSecond: p.processedRowsPerSecond,
      });
  }

  override onQueryTerminated(event: QueryTerminatedEvent): void {
    if ((this.followed === undefined || event.id === this.followed) && event.exception !== null)
      this.failure = event.exception;
    super.onQueryTerminated(event);
  }
}

/** One sample of the process and the query. */
interface Sample {
  /** Seconds since the query started. */
  readonly t: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly externalMiB: number;
  readonly linesSent: number;
  readonly linesProcessed: number;
  /** linesSent − linesProcessed. */
  readonly lagLines: number;
  /** Batches completed since the previous sample, and their triggerExecution p50 / max (ms). */
  readonly batches: number;
  readonly batchP50Ms: number | null;
  readonly batchMaxMs: number | null;
  readonly stateRows: number;
  readonly stateMemoryMiB: number;
  readonly checkpointFiles: number;
  readonly load1: number;
}

function countFiles(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

/** Word counts of the first `lines` lines sent: whole copies of the corpus, then a prefix. */
function expectedCounts(corpusLines: readonly string[], lines: number): Map<string, number> {
  const copies = Math.floor(lines / corpusLines.length);
  const rest = lines % corpusLines.length;
  const counts = new Map<string, number>();
  corpusLines.forEach((line, i) => {
    const times = copies + (i < rest ? 1 : 0);
    if (times === 0) return;
    for (const w of line.split(" ")) counts.set(w, (counts.get(w) ?? 0) + times);
  });
  return counts;
}

function sameCounts(got: ReadonlyMap<string, number>, want: ReadonlyMap<string, number>): string | undefined {
  if (got.size !== want.size) return `${got.size} distinct words in the table, ${want.size} sent`;
  for (const [w, n] of want)
    if (got.get(w) !== n) return `word ${JSON.stringify(w)}: ${got.get(w)} counted, ${n} sent`;
  return undefined;
}

/** A window of the run, in seconds since the query started: [from, to). */
interface Window {
  readonly from: number;
  readonly to: number;
}

const round = (v: number, digits = 2): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);

/** Figures of one window. */
function windowFigures(
  w: Window,
  samples: readonly Sample[],
  batches: readonly BatchRecord[],
  startMs: number,
  latency: (b: BatchRecord) => { oldest: number; newest: number },
) {
  const inWindow = (t: number) => t >= w.from && t < w.to;
  const s = samples.filter((x) => inWindow(x.t));
  let b = batches.filter((x) => inWindow((x.atMs - startMs) / 1000));
  // A short (quick) run may have no batch ending inside a window: take the nearest one.
  if (b.length === 0 && batches.length > 0) {
    const mid = (w.from + w.to) / 2;
    const nearest = batches.reduce((best, x) =>
      Math.abs((x.atMs - startMs) / 1000 - mid) < Math.abs((best.atMs - startMs) / 1000 - mid) ? x : best,
    );
    b = [nearest];
  }
  const trigger = b.map((x) => x.triggerMs);
  const oldest = b.map((x) => latency(x).oldest);
  const rows = b.reduce((n, x) => n + x.rows, 0);
  const span = b.length > 1 ? (b[b.length - 1]!.atMs - b[0]!.atMs) / 1000 : Number.NaN;
  return {
    seconds: [round(w.from, 1), round(w.to, 1)],
    samples: s.length,
    rssMiB: round(summarize(s.map((x) => x.rssMiB)).median),
    heapUsedMiB: round(summarize(s.map((x) => x.heapUsedMiB)).median),
    lagLines: summarize(s.map((x) => x.lagLines)).median,
    batches: b.length,
    batchMs: { p50: percentile(trigger, 50), p99: percentile(trigger, 99), max: Math.max(...trigger) },
    endToEndOldestLineMs: {
      p50: round(percentile(oldest, 50), 1),
      p99: round(percentile(oldest, 99), 1),
      max: round(Math.max(...oldest), 1),
    },
    // Lines of the batches after the first, over the time from the first to the last.
    linesPerSecond: round(
      b.length > 1 ? (rows - b[0]!.rows) / span : summarize(b.map((x) => x.processedRowsPerSecond)).median,
      1,
    ),
    processedRowsPerSecondMedian: round(summarize(b.map((x) => x.processedRowsPerSecond)).median, 1),
  };
}

function sleepUntil(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - performance.now())));
}

export const workload: Workload = {
  name: NAME,
  description:
    'soak: the word count (socket → explode(split) → groupBy("word").count(), complete, memory sink, 1 s trigger, checkpoint) fed at a fixed rate for BENCH_SOAK_MINUTES (30); RSS and batch latency, late window against early window',
  longRunning: true,
  async run(ctx: BenchContext): Promise<WorkloadReport> {
    const minutes = ctx.quick ? 5 / 60 : Number(process.env.BENCH_SOAK_MINUTES ?? "30");
    const rate = Number(process.env.BENCH_SOAK_RATE ?? String(DEFAULT_RATE));
    if (!(minutes > 0) || !(rate > 0))
      throw new Error(`${NAME}: bad BENCH_SOAK_MINUTES (${minutes}) or BENCH_SOAK_RATE (${rate})`);
    const durationMs = minutes * 60_000;
    const sampleMs = ctx.quick ? 500 : 10_000;
    const trigger = ctx.quick ? "250 milliseconds" : "1 second";
    const snapshotDir = process.env.BENCH_SOAK_HEAP_SNAPSHOTS;
    const snapshots: string[] = [];

    let text = readFileSync(CORPUS, "utf8").replace(/\r\n?/g, "\n");
    if (!text.endsWith("\n")) text += "\n";
    const corpusLines = text.split("\n").slice(0, -1);
    const wordsPerLine = corpusLines.reduce((n, l) => n + l.split(" ").length, 0) / corpusLines.length;

    return withTempDir("soak", async (dir) => {
      const checkpoint = join(dir, "checkpoint");
      const server = await startRateCorpusServer(CORPUS, rate);
      const spark = SparkSession.builder.appName("bench-soak").getOrCreate();
      const listener = new SoakListener(spark);
      const queryName = "bench_soak";
      const loadStart = os.loadavg();
      let query: StreamingQuery | undefined;
      try {
        const lines = spark.readStream
          .format("socket")
          .option("host", "127.0.0.1")
          .option("port", server.port)
          .load();
        const counts = lines
          .select(explode(split(col("value"), " ")).alias("word"))
          .groupBy("word")
          .count();
        const startMs = epochMs();
        const t0 = performance.now();
        query = await counts.writeStream
          .outputMode("complete")
          .format("memory")
          .queryName(queryName)
          .option("checkpointLocation", checkpoint)
          .trigger({ processingTime: trigger })
          .start();
        listener.follow(query.id);

        const samples: Sample[] = [];
        let batchesSeen = 0;
        let serverStart: number | undefined;
        let snapshotEarlyTaken = false;
        const takeSample = async (): Promise<void> => {
          const mem = process.memoryUsage();
          const status = await server.status();
          const sent = status.reduce((n, c) => n + c.lines, 0);
          serverStart ??= status[0]?.startedAtMs;
          const fresh = listener.batches.slice(batchesSeen).map((b) => b.triggerMs);
          batchesSeen = listener.batches.length;
          samples.push({
            t: round((performance.now() - t0) / 1000, 1),
            rssMiB: round(mem.rss / MIB),
            heapUsedMiB: round(mem.heapUsed / MIB),
            heapTotalMiB: round(mem.heapTotal / MIB),
            externalMiB: round(mem.external / MIB),
            linesSent: sent,
            linesProcessed: listener.inputRows,
            lagLines: sent - listener.inputRows,
            batches: fresh.length,
            batchP50Ms: fresh.length === 0 ? null : percentile(fresh, 50),
            batchMaxMs: fresh.length === 0 ? null : Math.max(...fresh),
            stateRows: listener.stateRows,
            stateMemoryMiB: round(listener.stateMemoryBytes / MIB),
            checkpointFiles: countFiles(checkpoint),
            load1: round(os.loadavg()[0]!),
          });
        };
        for (let k = 1; ; k++) {
          const due = Math.min(t0 + k * sampleMs, t0 + durationMs);
          await sleepUntil(due);
          if (listener.failure !== undefined)
            throw new Error(`${NAME}: the query failed: ${listener.failure}`);
          if (snapshotDir !== undefined && !snapshotEarlyTaken && due - t0 >= 0.1 * durationMs) {
            snapshotEarlyTaken = true;
            snapshots.push(v8.writeHeapSnapshot(join(snapshotDir, "soak-early.heapsnapshot")));
          }
          await takeSample();
          if (due >= t0 + durationMs) break;
        }
        if (snapshotDir !== undefined)
          snapshots.push(v8.writeHeapSnapshot(join(snapshotDir, "soak-late.heapsnapshot")));
        const loadEnd = os.loadavg();

        // Stop the input, let the query catch up, check the table against what was sent.
        const stopped: RateClientStatus[] = await server.stop();
        if (stopped.length !== 1)
          throw new BenchCheckFailure(NAME, `the server had ${stopped.length} clients, expected 1`);
        const sent = stopped[0]!.lines;
        serverStart ??= stopped[0]!.startedAtMs;
        await listener.untilRows(sent);
        await query.stop();
        if (listener.inputRows !== sent)
          throw new BenchCheckFailure(
            NAME,
            `the query processed ${listener.inputRows} lines, ${sent} were sent`,
          );
        const table = new Map<string, number>();
        for (const row of await spark.table(queryName).collect())
          table.set(row.word as string, Number(row.count));
        spark.catalog.dropTempView(queryName);
        const diff = sameCounts(table, expectedCounts(corpusLines, sent));
        if (diff !== undefined) throw new BenchCheckFailure(NAME, diff);

        // Windows and figures.
        const end = samples[samples.length - 1]!.t;
        const early: Window = { from: 0.1 * end, to: 0.3 * end };
        const late: Window = { from: 0.8 * end, to: end + 1e-9 };
        const origin = serverStart;
        const latency = (b: BatchRecord) => ({
          oldest: b.atMs - (origin + (1000 * b.rowsBefore) / rate),
          newest: b.atMs - (origin + (1000 * (b.rowsBefore + b.rows - 1)) / rate),
        });
        const measured = listener.batches.filter((b) => (b.atMs - startMs) / 1000 <= end);
        const e = windowFigures(early, samples, measured, startMs, latency);
        const l = windowFigures(late, samples, measured, startMs, latency);
        const growth = (late: number, early: number) => round(late / early - 1, 4);
        const criteria = {
          rss: { early: e.rssMiB, late: l.rssMiB, growth: growth(l.rssMiB, e.rssMiB) },
          batchP50: {
            early: e.batchMs.p50,
            late: l.batchMs.p50,
            growth: growth(l.batchMs.p50, e.batchMs.p50),
          },
          batchP99: {
            early: e.batchMs.p99,
            late: l.batchMs.p99,
            growth: growth(l.batchMs.p99, e.batchMs.p99),
          },
        };
        const met = Object.fromEntries(
          Object.entries(criteria).map(([k, c]) => [k, c.growth <= TOLERANCE]),
        ) as Record<keyof typeof criteria, boolean>;
        const all = measured.map((b) => b.triggerMs);
        const oldestAll = measured.map((b) => latency(b).oldest);
        const newestAll = measured.map((b) => latency(b).newest);

        const base = "early window (10–30 % of the run)";
        const rows: Measurement[] = [
          measurement(NAME, "RSS median, last 20 % / early window", l.rssMiB, e.rssMiB, base, "MiB"),
          measurement(
            NAME,
            "heapUsed median, last 20 % / early window",
            l.heapUsedMiB,
            e.heapUsedMiB,
            base,
            "MiB",
          ),
          measurement(
            NAME,
            "batch triggerExecution p50, last 20 % / early window",
            l.batchMs.p50,
            e.batchMs.p50,
            base,
            "ms",
          ),
          measurement(
            NAME,
            "batch triggerExecution p99, last 20 % / early window",
            l.batchMs.p99,
            e.batchMs.p99,
            base,
            "ms",
          ),
          measurement(
            NAME,
            "end-to-end latency p50 (oldest line of a batch), last 20 % / early window",
            l.endToEndOldestLineMs.p50,
            e.endToEndOldestLineMs.p50,
            base,
            "ms",
          ),
          measurement(
            NAME,
            "end-to-end latency p99 (oldest line of a batch), last 20 % / early window",
            l.endToEndOldestLineMs.p99,
            e.endToEndOldestLineMs.p99,
            base,
            "ms",
          ),
          measurement(
            NAME,
            "lines processed per second, last 20 % / early window",
            l.linesPerSecond,
            e.linesPerSecond,
            base,
            "lines/s",
          ),
        ];
        return {
          workload: NAME,
          measurements: rows,
          details: {
            config: {
              corpus: "data/don-quijote.txt",
              corpusLines: corpusLines.length,
              linesPerSecond: rate,
              wordsPerSecond: round(rate * wordsPerLine, 0),
              sendTickMs: 20,
              trigger,
              shufflePartitions: spark.conf.get("spark.sql.shuffle.partitions"),
              sink: "memory, complete mode",
              checkpoint: "temp directory on the local disk",
              minutes: round(minutes, 3),
              sampleEverySeconds: sampleMs / 1000,
              gc: "none forced (process.memoryUsage() as is)",
            },
            target: {
              rule: `growth of the late window (last 20 %) over the early window (10–30 %; the first 10 % is warm-up) at most ${TOLERANCE * 100} % for the median RSS and the batch triggerExecution p50 and p99`,
              criteria,
              met,
              allMet: met.rss && met.batchP50 && met.batchP99,
            },
            windows: { early: e, late: l },
            wholeRun: {
              seconds: end,
              linesSent: sent,
              wordsSent: Math.round(sent * wordsPerLine),
              batches: measured.length,
              batchMs: { p50: percentile(all, 50), p99: percentile(all, 99), max: Math.max(...all) },
              endToEndOldestLineMs: {
                p50: round(percentile(oldestAll, 50), 1),
                p99: round(percentile(oldestAll, 99), 1),
                max: round(Math.max(...oldestAll), 1),
              },
              endToEndNewestLineMs: {
                p50: round(percentile(newestAll, 50), 1),
                p99: round(percentile(newestAll, 99), 1),
              },
              rssMiB: {
                min: summarize(samples.map((s) => s.rssMiB)).min,
                max: summarize(samples.map((s) => s.rssMiB)).max,
              },
              loadAverage: { start: loadStart.map((v) => round(v)), end: loadEnd.map((v) => round(v)) },
            },
            checks: `the query processed exactly the ${sent} lines sent; the memory sink's table equals the word counts of those lines (${table.size} words)`,
            ...(snapshots.length > 0 ? { heapSnapshots: snapshots } : {}),
            samples,
            notes: [
              "End-to-end latency of a line: arrival of its batch's progress event at the listener minus the time the line was due at the server (it is sent at most one 20 ms tick later); the oldest line of a batch waited for the trigger and the batch.",
              "Input lag: lines the server had sent minus lines the query had processed at the sample (the lines of the running batch and those waiting for the next trigger).",
              "The bench keeps a few numbers per batch (not the progress objects); its own growth over 30 minutes is a few hundred kB.",
            ],
          },
        };
      } finally {
        if (query?.isActive) await query.stop();
        listener.detach();
        await server.close();
      }
    });
  },
};
