/**
 * Workload 1, the seed word count (issue #5): a corpus server (a child process) replays Don Quijote
 * at full speed over TCP; tspark reads it with the `socket` source, runs
 * `explode(split(value, " "))` → `groupBy("word").count()` in Complete mode into the `noop` and the
 * `memory` sinks; the same job runs as a hand-written Node program (baseline A) and as an RxJS
 * pipeline (baseline B), on the same bytes, interleaved run by run.
 *
 * Correctness, every run: each baseline sees every line; the memory sink's final table equals the
 * hand-written counts word for word; the noop query read every line and its state holds as many
 * groups as there are distinct words; RxJS's counts equal the hand-written ones.
 *
 * Figures: words/s and words per CPU-second (process CPU time, so "per core used"), lines/s,
 * per-batch latency p50/p99 (triggerExecution of the progress of the batches that read data),
 * peak RSS. The query runs with the session's defaults (200 shuffle partitions, as in Spark), and
 * once more with `spark.sql.shuffle.partitions` = 2 (this machine's cores), as Spark users tune it
 * for local runs.
 */
import { fileURLToPath } from "node:url";
import { SparkSession } from "tspark";
import { col, explode, split } from "tspark/functions";
import { handWrittenWordCount, type WordCountResult } from "../baselines/word-count-hand-written.js";
import { rxjsWordCount } from "../baselines/word-count-rxjs.js";
import {
  type BenchContext,
  BenchCheckFailure,
  latencySummary,
  type MeasureResult,
  type Measurement,
  measurement,
  measureVariants,
  summarize,
  throughput,
  type Workload,
  type WorkloadReport,
} from "../harness.js";
import { type CorpusServer, startCorpusServer } from "../support/corpus-server-process.js";
import { durationsOf, ProgressWatch } from "../support/progress-watch.js";

const NAME = "word-count";
const CORPUS = fileURLToPath(new URL("../../data/don-quijote.txt", import.meta.url));

/** What one run of any variant returns. */
interface RunResult {
  /** Final counts (baselines, memory sink); undefined for the noop sink. */
  readonly counts: Map<string, number> | undefined;
  readonly lines: number;
  /** Distinct words held in the query's state (tspark only). */
  readonly stateRows?: number;
  /** Per-batch triggerExecution (ms) of the batches that read data (tspark only). */
  readonly batchMs?: number[];
  readonly batches?: number;
}

type TsparkSink = "noop" | "memory";

let queryCounter = 0;

/** One tspark run: start the query, wait until it has read every line, stop it, read the result. */
async function tsparkWordCount(
  spark: SparkSession,
  server: CorpusServer,
  sink: TsparkSink,
  shufflePartitions: number | undefined,
): Promise<RunResult> {
  if (shufflePartitions === undefined) spark.conf.unset("spark.sql.shuffle.partitions");
  else spark.conf.set("spark.sql.shuffle.partitions", String(shufflePartitions));
  const watch = new ProgressWatch(spark);
  const queryName = `bench_word_count_${queryCounter++}`;
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
    const query = await counts.writeStream.outputMode("complete").format(sink).queryName(queryName).start();
    watch.follow(query.id);
    await watch.untilRows(server.lines);
    await query.stop();
    const last = watch.progress[watch.progress.length - 1];
    const stateRows = last?.stateOperators[0]?.numRowsTotal;
    let result: Map<string, number> | undefined;
    if (sink === "memory") {
      result = new Map();
      for (const row of await spark.table(queryName).collect())
        result.set(row.word as string, Number(row.count));
      spark.catalog.dropTempView(queryName);
    }
    return {
      counts: result,
      lines: watch.inputRows,
      ...(stateRows === undefined ? {} : { stateRows }),
      batchMs: durationsOf(watch.progress),
      batches: watch.progress.filter((p) => p.numInputRows > 0).length,
    };
  } finally {
    watch.detach();
  }
}

function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): string | undefined {
  if (a.size !== b.size) return `${a.size} distinct words against ${b.size}`;
  for (const [w, n] of a) if (b.get(w) !== n) return `word ${JSON.stringify(w)}: ${n} against ${b.get(w)}`;
  return undefined;
}

function toBaseline(r: WordCountResult): RunResult {
  return { counts: r.counts, lines: r.lines };
}

export const workload: Workload = {
  name: NAME,
  description:
    'socket source (corpus server at full speed) → explode(split(value, " ")) → groupBy("word").count(), complete mode into noop and memory; baselines: hand-written Node (net, split, Map) and RxJS',
  async run(ctx: BenchContext): Promise<WorkloadReport> {
    // 2,000 replays (8.4 M words, 47 MB): long enough that starting and stopping a query is noise.
    const repeats = ctx.quick ? 2 : 2000;
    const server = await startCorpusServer(CORPUS, repeats);
    const spark = SparkSession.builder.appName("bench-word-count").getOrCreate();
    try {
      // The words of one replay, counted once up front, so every variant is checked against it.
      const reference = await handWrittenWordCount(server.port);
      if (reference.lines !== server.lines)
        throw new BenchCheckFailure(NAME, `hand-written saw ${reference.lines} of ${server.lines} lines`);
      const words = reference.words;
      const variants: Record<string, (i: number) => Promise<RunResult>> = {
        "hand-written": async () => toBaseline(await handWrittenWordCount(server.port)),
        rxjs: async () => toBaseline(await rxjsWordCount(server.port)),
        "tspark noop": () => tsparkWordCount(spark, server, "noop", undefined),
        "tspark memory": () => tsparkWordCount(spark, server, "memory", undefined),
        "tspark noop, 2 shuffle partitions": () => tsparkWordCount(spark, server, "noop", 2),
      };
      const results = await measureVariants(ctx, variants);

      // Correctness, run by run.
      const checks: Record<string, string> = {};
      for (const [name, m] of Object.entries(results))
        m.runs.forEach((run, i) => {
          const r = run.result;
          if (r.lines !== server.lines)
            throw new BenchCheckFailure(NAME, `${name} run ${i} read ${r.lines} of ${server.lines} lines`);
          if (r.counts !== undefined) {
            const diff = sameCounts(r.counts, reference.counts);
            if (diff !== undefined) throw new BenchCheckFailure(NAME, `${name} run ${i}: ${diff}`);
          }
          if (r.stateRows !== undefined && r.stateRows !== reference.counts.size)
            throw new BenchCheckFailure(
              NAME,
              `${name} run ${i}: ${r.stateRows} groups in state, ${reference.counts.size} distinct words`,
            );
        });
      for (const name of Object.keys(results))
        checks[name] =
          name === "tspark noop" || name.startsWith("tspark noop")
            ? `every run read all ${server.lines} lines; state holds ${reference.counts.size} groups = distinct words`
            : `every run read all ${server.lines} lines; counts equal the hand-written counts (${reference.counts.size} words)`;

      const summary = (m: MeasureResult<RunResult>) => {
        const t = throughput(m, () => words);
        const batchMs = m.runs.flatMap((r) => r.result.batchMs ?? []);
        return {
          wallMs: m.wallMs,
          cpuMs: m.cpuMs,
          wordsPerSecond: t.perSecond,
          wordsPerCoreSecond: t.perCoreSecond,
          linesPerSecond: summarize(m.runs.map((r) => server.lines / (r.wallMs / 1000))),
          coresUsed: t.coresUsed,
          peakRssBytes: m.peakRssBytes,
          peakRssGrowthBytes: summarize(m.runs.map((r) => r.peakRssBytes - r.startRssBytes)),
          batches: summarize(m.runs.map((r) => r.result.batches ?? Number.NaN)),
          batchLatencyMs: batchMs.length === 0 ? undefined : latencySummary(batchMs),
        };
      };
      const figures = Object.fromEntries(Object.entries(results).map(([n, m]) => [n, summary(m)]));
      const hand = figures["hand-written"]!;
      const rx = figures.rxjs!;
      const rows: Measurement[] = [];
      for (const name of ["tspark noop", "tspark memory", "tspark noop, 2 shuffle partitions"]) {
        const f = figures[name]!;
        rows.push(
          measurement(
            NAME,
            `${name}: words/s`,
            f.wordsPerSecond.median,
            hand.wordsPerSecond.median,
            "hand-written Node",
            "words/s",
          ),
          measurement(
            NAME,
            `${name}: words/s per core`,
            f.wordsPerCoreSecond.median,
            hand.wordsPerCoreSecond.median,
            "hand-written Node",
            "words/s per core",
          ),
        );
      }
      const noop = figures["tspark noop"]!;
      rows.push(
        measurement(
          NAME,
          "tspark noop: words/s",
          noop.wordsPerSecond.median,
          rx.wordsPerSecond.median,
          "RxJS",
          "words/s",
        ),
        measurement(
          NAME,
          "tspark noop: peak RSS growth during a run",
          noop.peakRssGrowthBytes.median / 2 ** 20,
          hand.peakRssGrowthBytes.median / 2 ** 20,
          "hand-written Node",
          "MiB",
        ),
        measurement(
          NAME,
          "rxjs: words/s (baseline B against A)",
          rx.wordsPerSecond.median,
          hand.wordsPerSecond.median,
          "hand-written Node",
          "words/s",
        ),
      );
      return {
        workload: NAME,
        measurements: rows,
        details: {
          input: {
            corpus: "data/don-quijote.txt",
            repeats,
            lines: server.lines,
            bytes: server.bytes,
            words,
            distinctWords: reference.counts.size,
          },
          figures,
          checks,
          notes: [
            "Process CPU time (all threads, GC included) is the denominator of 'per core'; the corpus server runs in a child process and is not counted.",
            "Peak RSS is the bench process's (one process per workload), polled every 5 ms during a run; variants share the process, so the comparable figure is the growth of RSS during a run (peak minus RSS at its start).",
            "tspark times include starting the query (planning, first connection) and stopping it; baselines include connecting.",
          ],
        },
      };
    } finally {
      spark.conf.unset("spark.sql.shuffle.partitions");
      await server.close();
    }
  },
};
