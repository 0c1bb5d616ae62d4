// The crash-injection loop: fresh input keeps arriving while the child (two streaming queries on
// one checkpoint root) is started and SIGKILLed over and over, at each named fault point in turn
// and at random moments; after every kill the committed output must be exactly the logged prefix
// of the input. Then a last child runs to completion (Trigger.AvailableNow) and its output must
// equal a clean uninterrupted run's over the same input. Runs are grouped in rounds (each with its
// own input, checkpoint and tables) so a long loop does not grow one input without bound.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { FAULT_POINTS, type FaultPoint } from "../../../src/common/fault-points.js";
import { SparkSession } from "../../../src/index.js";
import { mulberry32 } from "../../support/random.js";
import { FeedTimer, InputFeed } from "./input-feed.js";
import {
  type ChildConfig,
  type CrashQuery,
  type CrashTarget,
  formatCrashTarget,
  PG_CONNECTION,
  pgCreateStatements,
  pgTables,
} from "./protocol.js";
import { type ChildOutcome, runChild } from "./run-child.js";
import {
  checkComplete,
  checkKillPoint,
  checkPrefix,
  compareWithClean,
  CrashCheckError,
  type RunPaths,
} from "./verify.js";

/** Spark's class name of the disk-backed provider (served by LMDB in tspark). */
const ROCKSDB_PROVIDER = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

/** How long a child may run without reaching its fault point before the parent kills it. */
const NOT_REACHED_MS = 5000;

/** Settings of one crash loop. */
export interface CrashLoopOptions {
  /** Kill-and-restart cycles in all. */
  readonly runs: number;
  readonly seed: number;
  /** Cycles per round (each round ends with the final run and the clean comparison). */
  readonly roundSize: number;
  /** Milliseconds between input files. */
  readonly feedIntervalMs: number;
  readonly maxFilesPerTrigger: number;
  /** Progress lines. */
  readonly log: (line: string) => void;
  /** Keep the directories and tables of a passing round (a failing one is always kept). */
  readonly keep?: boolean;
}

/** What a named-point cycle aimed at and what happened. */
interface Tally {
  /** Kills at the point, by the query that reached it ("?" outside a query's context). */
  readonly kills: Record<string, number>;
  /** Named-point cycles whose point was not reached in time (the parent killed the child). */
  fallbacks: number;
}

/** The loop's result. */
export interface CrashLoopReport {
  readonly runs: number;
  /** Cycles after which every check held. */
  passed: number;
  /** Rounds whose final output equalled the clean run's. */
  roundsPassed: number;
  readonly rounds: number;
  /** The first failure, with the cycle and the paths kept for inspection. */
  failure: string | undefined;
  /** Per fault point: kills by query, and cycles where it was not reached. */
  readonly byPoint: Record<FaultPoint, Tally>;
  /** Kills by the parent at a random moment. */
  randomKills: number;
  /** Per fault point: how often each query reached it, over all children. */
  readonly reached: Record<FaultPoint, Record<string, number>>;
  /** Per fault point and origin (`engine` / `foreachBatch`): how often it was reached. */
  readonly reachedByOrigin: Record<string, number>;
  /** Wall time of the whole loop, and of the final and clean runs. */
  elapsedMs: number;
  finalRunsMs: number;
  /** Rows and keys of the last compared round. */
  lastCompared: { dedupRows: number; keys: number; files: number } | undefined;
}

function emptyReport(options: CrashLoopOptions, rounds: number): CrashLoopReport {
  const byPoint = {} as Record<FaultPoint, Tally>;
  const reached = {} as Record<FaultPoint, Record<string, number>>;
  for (const p of FAULT_POINTS) {
    byPoint[p] = { kills: {}, fallbacks: 0 };
    reached[p] = {};
  }
  return {
    runs: options.runs,
    passed: 0,
    roundsPassed: 0,
    rounds,
    failure: undefined,
    byPoint,
    randomKills: 0,
    reached,
    reachedByOrigin: {},
    elapsedMs: 0,
    finalRunsMs: 0,
    lastCompared: undefined,
  };
}

/**
 * Cycle i's target: the fault points in protocol order, then a random kill; the query alternates,
 * except that only a query on the HDFS-backed provider writes snapshots.
 */
function targetOf(
  cycle: number,
  random: () => number,
  providers: Partial<Record<CrashQuery, string>>,
): CrashTarget | "random" {
  const slots = FAULT_POINTS.length + 1;
  const point = FAULT_POINTS[cycle % slots];
  if (point === undefined) return "random";
  let query: CrashQuery = Math.floor(cycle / slots) % 2 === 0 ? "dedup" : "agg";
  if (point === "during-snapshot" && providers[query] === ROCKSDB_PROVIDER)
    query = query === "agg" ? "dedup" : "agg";
  // The first to fourth time it is reached: a kill in the recovery batch as well as in later ones.
  return { point, query, n: 1 + Math.floor(random() * 4) };
}

/** Connects to the test PostgreSQL; rejects if it is unreachable. */
export async function connectPostgres(): Promise<pg.Client> {
  const db = new pg.Client(PG_CONNECTION);
  await db.connect();
  return db;
}

function tally(report: CrashLoopReport, outcome: ChildOutcome): void {
  for (const l of outcome.lines) {
    if (l.kind === "reached") {
      const r = report.reached[l.point];
      r[l.query] = (r[l.query] ?? 0) + 1;
      const o = `${l.point} (${l.origin})`;
      report.reachedByOrigin[o] = (report.reachedByOrigin[o] ?? 0) + 1;
    } else if (l.kind === "kill") {
      const k = report.byPoint[l.point].kills;
      const name = l.origin === "foreachBatch" ? `${l.query} in foreachBatch` : l.query;
      k[name] = (k[name] ?? 0) + 1;
    }
  }
}

function childFailure(what: string, outcome: ChildOutcome): string {
  const how = outcome.signal !== null ? `signal ${outcome.signal}` : `exit code ${outcome.exitCode}`;
  return `${what} ended by itself (${how}) after ${Math.round(outcome.elapsedMs)} ms:\n${outcome.stderr.trim()}`;
}

/** Runs the crash loop (see the module comment) and returns its report; never throws for a failed check. */
export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopReport> {
  const rounds = Math.ceil(options.runs / options.roundSize);
  const report = emptyReport(options, rounds);
  const random = mulberry32(options.seed);
  const started = performance.now();
  const db = await connectPostgres();
  const spark = SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();
  const runId = `${process.pid}_${Math.floor(performance.timeOrigin).toString(36)}`;
  let cycle = 0;
  try {
    for (let round = 0; round < rounds && report.failure === undefined; round++) {
      const runs = Math.min(options.roundSize, options.runs - cycle);
      const root = mkdtempSync(join(tmpdir(), "tspark-crash-"));
      const paths = (name: string): RunPaths => {
        mkdirSync(join(root, name), { recursive: true });
        return {
          checkpointRoot: join(root, name, "checkpoint"),
          outputDir: join(root, name, "output"),
          tablePrefix: `crash_${runId}_r${round}_${name}`,
        };
      };
      const crashed = paths("crashed");
      const clean = paths("clean");
      for (const p of [crashed, clean]) for (const s of pgCreateStatements(p.tablePrefix)) await db.query(s);
      const feed = new InputFeed(join(root, "input"), random);
      // Both state store providers: one query of the crashed run on each, swapped every round
      // (the clean reference run uses the default for both).
      const providers: Partial<Record<CrashQuery, string>> =
        round % 2 === 0 ? { agg: ROCKSDB_PROVIDER } : { dedup: ROCKSDB_PROVIDER };
      const config = (
        p: RunPaths,
        mode: ChildConfig["mode"],
        maxFilesPerTrigger = options.maxFilesPerTrigger,
      ): ChildConfig => ({
        inputDir: feed.dir,
        checkpointRoot: p.checkpointRoot,
        outputDir: p.outputDir,
        tablePrefix: p.tablePrefix,
        mode,
        maxFilesPerTrigger,
        ...(p === crashed ? { stateStoreProviders: providers } : {}),
      });
      options.log(
        `round ${round + 1}/${rounds}: ${runs} runs in ${root}; state: dedup on ${providers.dedup ?? "the default (HDFS-backed)"} provider, agg on ${providers.agg ?? "the default (HDFS-backed)"}`,
      );
      const keepNote = () =>
        `kept: ${root}, tables ${Object.values(pgTables(crashed.tablePrefix)).join(", ")} / ${clean.tablePrefix}_*`;
      // Input arrives while the child is down (a few files before each start) and while it runs
      // (a file every feedIntervalMs from its start to its death), so the backlog stays about
      // what the child can work through however slowly the machine starts processes.
      const timer = new FeedTimer(feed, options.feedIntervalMs);
      const onStarted = () => timer.start();
      try {
        for (let i = 0; i < runs; i++, cycle++) {
          const target = targetOf(cycle, random, providers);
          for (let f = 1 + Math.floor(random() * 3); f > 0; f--) feed.writeFile();
          const outcome =
            target === "random"
              ? await runChild({
                  config: config(crashed, "stream"),
                  // Some kills while the child starts and recovers, most while it processes.
                  ...(random() < 0.3
                    ? { killAfterMs: 200 + Math.floor(random() * 3000) }
                    : { killAfterStartMs: Math.floor(random() * 2500), timeoutMs: 60_000 }),
                  onStarted,
                })
              : await runChild({
                  config: config(crashed, "stream"),
                  crashAt: formatCrashTarget(target),
                  killAfterStartMs: NOT_REACHED_MS,
                  timeoutMs: 60_000,
                  onStarted,
                });
          timer.stop();
          tally(report, outcome);
          if (outcome.endedBy === "exit") {
            report.failure = `cycle ${cycle}: ${childFailure("the child", outcome)}\n${keepNote()}`;
            break;
          }
          if (target === "random") report.randomKills++;
          else if (outcome.endedBy === "parent") report.byPoint[target.point].fallbacks++;
          const startup =
            outcome.startedAfterMs === undefined
              ? "killed before start"
              : `started in ${Math.round(outcome.startedAfterMs)} ms`;
          const what =
            target === "random"
              ? `random kill after ${Math.round(outcome.elapsedMs)} ms (${startup})`
              : `${formatCrashTarget(target)}${outcome.endedBy === "parent" ? ` not reached, killed ${NOT_REACHED_MS} ms after start` : ""} (${startup})`;
          try {
            const kill = outcome.lines.find((l) => l.kind === "kill");
            if (kill?.kind === "kill" && kill.query !== "?")
              await checkKillPoint(db, crashed, {
                point: kill.point,
                query: kill.query,
                origin: kill.origin,
              });
            const s = await checkPrefix(spark, db, crashed, feed);
            report.passed++;
            options.log(
              `cycle ${cycle + 1}/${options.runs} ok: ${what}; dedup sink batch ${s.dedupSinkBatch} (${s.dedupRows} rows), agg batch ${s.aggBatch} (${s.aggBatchesChecked} compared), ${feed.files.size} files`,
            );
          } catch (e) {
            if (!(e instanceof CrashCheckError)) throw e;
            report.failure = `cycle ${cycle + 1} (${what}): ${e.message}\n${keepNote()}`;
            break;
          }
        }
      } finally {
        timer.stop();
      }
      if (report.failure !== undefined) break;
      const finalStart = performance.now();
      const final = await runChild({ config: config(crashed, "availableNow"), timeoutMs: 600_000 });
      tally(report, final);
      if (final.endedBy !== "exit" || final.exitCode !== 0) {
        report.failure = `round ${round + 1}: ${childFailure("the final run", final)}\n${keepNote()}`;
        break;
      }
      // The reference run takes bigger batches: the final output does not depend on batch
      // boundaries, and the round's time should go to the crashes.
      const reference = await runChild({ config: config(clean, "availableNow", 10), timeoutMs: 600_000 });
      if (reference.endedBy !== "exit" || reference.exitCode !== 0) {
        report.failure = `round ${round + 1}: ${childFailure("the clean run", reference)}\n${keepNote()}`;
        break;
      }
      report.finalRunsMs += performance.now() - finalStart;
      try {
        for (const p of [crashed, clean]) {
          checkComplete(p, feed);
          await checkPrefix(spark, db, p, feed);
        }
        const compared = await compareWithClean(spark, db, crashed, clean, feed);
        report.lastCompared = { ...compared, files: feed.files.size };
        report.roundsPassed++;
        options.log(
          `round ${round + 1}/${rounds} ok: final output equals the clean run's (${compared.dedupRows} distinct rows, ${compared.keys} keys, ${feed.files.size} files, ${feed.rowCount} rows); final + clean runs ${Math.round(final.elapsedMs)} + ${Math.round(reference.elapsedMs)} ms`,
        );
      } catch (e) {
        if (!(e instanceof CrashCheckError)) throw e;
        report.failure = `round ${round + 1} final comparison: ${e.message}\n${keepNote()}`;
        break;
      }
      if (!options.keep) {
        rmSync(root, { recursive: true, force: true });
        for (const p of [crashed, clean]) {
          const t = pgTables(p.tablePrefix);
          await db.query(`DROP TABLE IF EXISTS ${t.batches}, ${t.latest}`);
        }
      }
    }
  } finally {
    await db.end();
    report.elapsedMs = performance.now() - started;
  }
  return report;
}

/** The report as text: pass counts, timing, kills and reaches per fault point. */
export function formatReport(r: CrashLoopReport): string {
  const lines = [
    `crash loop: ${r.passed}/${r.runs} runs passed, ${r.roundsPassed}/${r.rounds} final comparisons passed, ${(r.elapsedMs / 1000).toFixed(1)} s (final + clean runs ${(r.finalRunsMs / 1000).toFixed(1)} s)`,
  ];
  if (r.lastCompared)
    lines.push(
      `last round: ${r.lastCompared.files} input files, ${r.lastCompared.dedupRows} distinct rows, ${r.lastCompared.keys} keys`,
    );
  lines.push("point                 kills (by query)                       not reached  reached (by query)");
  for (const p of FAULT_POINTS) {
    const t = r.byPoint[p];
    const kills = Object.entries(t.kills)
      .map(([q, n]) => `${q} ${n}`)
      .join(", ");
    const reached = Object.entries(r.reached[p])
      .map(([q, n]) => `${q} ${n}`)
      .join(", ");
    lines.push(
      `${p.padEnd(22)}${(kills || "0").padEnd(39)}${String(t.fallbacks).padEnd(13)}${reached || "NEVER"}`,
    );
  }
  lines.push(`random kills: ${r.randomKills}`);
  lines.push(
    `reached by origin: ${Object.entries(r.reachedByOrigin)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
  if (r.failure !== undefined) lines.push(`FAILED: ${r.failure}`);
  return lines.join("\n");
}
