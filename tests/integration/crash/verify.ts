// The crash harness's checks. After every kill the committed output must be exactly what the
// checkpoint says was processed (a prefix of the input, nothing lost, nothing twice); after the
// final run the output must equal a clean uninterrupted run's. Expected values are computed from
// the input files the harness wrote and the checkpoint logs (read by checkpoint-files.ts), never
// from the engine's answers.
import { join } from "node:path";
import type pg from "pg";
import type { FaultPoint } from "../../../src/common/fault-points.js";
import type { SparkSession } from "../../../src/index.js";
import { type CheckpointView, latestId, latestSinkBatch, readCheckpoint } from "./checkpoint-files.js";
import { type InputFeed, rowOf } from "./input-feed.js";
import { type CrashQuery, INPUT_SCHEMA, type PointOrigin, pgTables } from "./protocol.js";

/** A count and sum per key, as the aggregation query computes them. */
export type Aggregates = Map<string, { cnt: number; total: number }>;

/** A check that did not hold; the message says which and why. */
export class CrashCheckError extends Error {}

function fail(message: string): never {
  throw new CrashCheckError(message);
}

/** Where one query run keeps its checkpoint and output. */
export interface RunPaths {
  readonly checkpointRoot: string;
  readonly outputDir: string;
  readonly tablePrefix: string;
}

/** The input ids of file-source-log batches (from, to], file by file in log order. */
function idsOfSourceBatches(view: CheckpointView, feed: InputFeed, from: number, to: number): number[] {
  const ids: number[] = [];
  for (let b = from + 1; b <= to; b++) {
    const files = view.sourceBatches.get(b);
    if (files === undefined) fail(`the file source log has no batch ${b} (needed for (${from}, ${to}])`);
    for (const f of files) ids.push(...feed.idsOf(f));
  }
  return ids;
}

function addRows(into: Aggregates, ids: readonly number[]): Set<string> {
  const touched = new Set<string>();
  for (const id of ids) {
    const r = rowOf(id);
    const a = into.get(r.key) ?? { cnt: 0, total: 0 };
    into.set(r.key, { cnt: a.cnt + 1, total: a.total + r.amount });
    touched.add(r.key);
  }
  return touched;
}

/** The count and sum per key over the given ids. */
export function aggregatesOf(ids: readonly number[]): Aggregates {
  const out: Aggregates = new Map();
  addRows(out, ids);
  return out;
}

function formatAggregates(a: Aggregates): string {
  return [...a.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}:${v.cnt}/${v.total}`)
    .join(" ");
}

function sameAggregates(a: Aggregates, b: Aggregates): boolean {
  return formatAggregates(a) === formatAggregates(b);
}

/** What one check looked at (for the report). */
export interface CheckSummary {
  /** Dedup: the newest batch in the sink's log, and the rows read back. */
  readonly dedupSinkBatch: number;
  readonly dedupRows: number;
  /** Aggregation: the newest batch id in PostgreSQL, and how many batches were compared row by row. */
  readonly aggBatch: number;
  readonly aggBatchesChecked: number;
}

/**
 * The dedup query's output as tspark's batch reader sees it (honouring `_spark_metadata`) must be
 * exactly one row per distinct id of the input its newest sink batch covers, each row equal to
 * the input row; the sink's newest batch must be the last committed batch or the one after it.
 */
async function checkDedup(spark: SparkSession, paths: RunPaths, feed: InputFeed): Promise<[number, number]> {
  const view = readCheckpoint(join(paths.checkpointRoot, "dedup"));
  const sinkBatch = latestSinkBatch(paths.outputDir);
  const committed = latestId(view.commits);
  if (sinkBatch !== committed && sinkBatch !== committed + 1)
    fail(`dedup: the file sink's newest batch is ${sinkBatch}, the commit log's ${committed}`);
  const rows = sinkBatch === -1 ? [] : await spark.read.schema(INPUT_SCHEMA).json(paths.outputDir).collect();
  let expected = new Set<number>();
  if (sinkBatch >= 0) {
    const logOffset = view.offsets.get(sinkBatch);
    if (logOffset === undefined)
      fail(`dedup: the sink holds batch ${sinkBatch} but offsets/${sinkBatch} is missing`);
    expected = new Set(idsOfSourceBatches(view, feed, -1, logOffset));
  }
  const seen = new Set<number>();
  for (const r of rows) {
    const id = Number(r.id);
    if (seen.has(id)) fail(`dedup: id ${id} is in the output twice (sink batch ${sinkBatch})`);
    seen.add(id);
    const want = rowOf(id);
    const got = { id, key: r.key, amount: Number(r.amount), name: r.name };
    if (JSON.stringify(got) !== JSON.stringify(want))
      fail(`dedup: row ${JSON.stringify(got)} differs from the input row ${JSON.stringify(want)}`);
    if (!expected.has(id))
      fail(`dedup: id ${id} is in the output but not in the input of batches <= ${sinkBatch}`);
  }
  const lost = [...expected].filter((id) => !seen.has(id));
  if (lost.length > 0)
    fail(
      `dedup: ${lost.length} ids of the input of batches <= ${sinkBatch} are missing, e.g. ${lost.slice(0, 5).join(", ")}`,
    );
  return [sinkBatch, rows.length];
}

/** Reads a run's two PostgreSQL tables. */
export async function readAggTables(
  db: pg.Client,
  prefix: string,
): Promise<{ batches: Map<number, Aggregates>; latest: Aggregates; latestBatch: Map<string, number> }> {
  const t = pgTables(prefix);
  const batches = new Map<number, Aggregates>();
  const b = await db.query<{ batch_id: string; key: string; cnt: string; total: string }>(
    `SELECT batch_id, key, cnt, total FROM ${t.batches}`,
  );
  for (const r of b.rows) {
    const id = Number(r.batch_id);
    let a = batches.get(id);
    if (a === undefined) batches.set(id, (a = new Map()));
    a.set(r.key, { cnt: Number(r.cnt), total: Number(r.total) });
  }
  const latest: Aggregates = new Map();
  const latestBatch = new Map<string, number>();
  const l = await db.query<{ key: string; cnt: string; total: string; batch_id: string }>(
    `SELECT key, cnt, total, batch_id FROM ${t.latest}`,
  );
  for (const r of l.rows) {
    latest.set(r.key, { cnt: Number(r.cnt), total: Number(r.total) });
    latestBatch.set(r.key, Number(r.batch_id));
  }
  return { batches, latest, latestBatch };
}

/**
 * The aggregation's PostgreSQL tables against its checkpoint: batch ids 0..M without a gap, M the
 * last committed batch or the one after it; every batch whose offsets are still logged holds
 * exactly the keys its input touched with their running count and sum up to its end offset
 * (Update mode); the latest table holds every key seen up to batch M with its total, tagged with
 * the last batch that changed it.
 */
async function checkAgg(db: pg.Client, paths: RunPaths, feed: InputFeed): Promise<[number, number]> {
  const view = readCheckpoint(join(paths.checkpointRoot, "agg"));
  const { batches, latest, latestBatch } = await readAggTables(db, paths.tablePrefix);
  const newest = latestId(batches.keys());
  const committed = latestId(view.commits);
  if (newest !== committed && newest !== committed + 1)
    fail(`agg: PostgreSQL's newest batch is ${newest}, the commit log's ${committed}`);
  for (let b = 0; b <= newest; b++)
    if (!batches.has(b)) fail(`agg: batch ${b} is missing in PostgreSQL (newest ${newest})`);
  // Running aggregates per file-source-log batch, computed once.
  const running: Aggregates[] = [];
  const acc: Aggregates = new Map();
  const maxLog = latestId(view.sourceBatches.keys());
  for (let s = 0; s <= maxLog; s++) {
    addRows(acc, idsOfSourceBatches(view, feed, s - 1, s));
    running.push(new Map([...acc].map(([k, v]) => [k, { ...v }])));
  }
  const runningAt = (logOffset: number): Aggregates =>
    running[logOffset] ?? fail(`agg: no source log batch ${logOffset}`);
  let checked = 0;
  const lastTouch = new Map<string, number>();
  for (let b = 0; b <= newest; b++) {
    const to = view.offsets.get(b);
    const from = b === 0 ? -1 : view.offsets.get(b - 1);
    // Batches whose offsets were purged (minBatchesToRetain) were checked by earlier cycles.
    if (to === undefined || from === undefined) continue;
    const touched = addRows(new Map(), idsOfSourceBatches(view, feed, from, to));
    const cumulative = runningAt(to);
    const expected: Aggregates = new Map([...touched].map((k) => [k, cumulative.get(k)!]));
    const got = batches.get(b)!;
    if (!sameAggregates(got, expected))
      fail(
        `agg: batch ${b} (source log (${from}, ${to}]) in PostgreSQL is ${formatAggregates(got)}, expected ${formatAggregates(expected)}`,
      );
    for (const k of touched) lastTouch.set(k, b);
    checked++;
  }
  if (newest >= 0) {
    const to = view.offsets.get(newest);
    if (to === undefined) fail(`agg: PostgreSQL holds batch ${newest} but offsets/${newest} is missing`);
    const expected = runningAt(to);
    if (!sameAggregates(latest, expected))
      fail(
        `agg: the latest table is ${formatAggregates(latest)}, expected ${formatAggregates(expected)} (batch ${newest})`,
      );
    for (const [k, b] of lastTouch)
      if (latestBatch.get(k) !== b)
        fail(`agg: the latest row of ${k} comes from batch ${latestBatch.get(k)}, expected ${b}`);
  } else if (latest.size > 0) {
    fail(`agg: the latest table has ${latest.size} rows but no batch was written`);
  }
  return [newest, checked];
}

/** The checks that hold after any kill: committed output is exactly the logged prefix of the input. */
export async function checkPrefix(
  spark: SparkSession,
  db: pg.Client,
  paths: RunPaths,
  feed: InputFeed,
): Promise<CheckSummary> {
  const [dedupSinkBatch, dedupRows] = await checkDedup(spark, paths, feed);
  const [aggBatch, aggBatchesChecked] = await checkAgg(db, paths, feed);
  return { dedupSinkBatch, dedupRows, aggBatch, aggBatchesChecked };
}

/**
 * The killed query's logs show the protocol stopped where the kill was aimed (C: newest commit,
 * O: newest offsets, S: newest batch in its sink — `_spark_metadata` or PostgreSQL). A new batch
 * logs its offsets before it writes (after-offsets-write: O = C+1, S = C); the file sink's log
 * entry comes last in its write (during-sink-write: S = C); the sink holds the batch before any
 * state commit (after-sink-write, during/after-state-commit: O = S = C+1); the commit log closes
 * the batch (after-commit-log: O = S = C). foreachBatch's transaction may be a re-run's, whose
 * first attempt already committed (S = C or C+1). Snapshots run apart from the batch: no rule.
 */
export async function checkKillPoint(
  db: pg.Client,
  paths: RunPaths,
  kill: { readonly point: FaultPoint; readonly query: CrashQuery; readonly origin: PointOrigin },
): Promise<void> {
  const view = readCheckpoint(join(paths.checkpointRoot, kill.query));
  const c = latestId(view.commits);
  const o = latestId(view.offsets.keys());
  const sink =
    kill.query === "dedup"
      ? latestSinkBatch(paths.outputDir)
      : latestId((await readAggTables(db, paths.tablePrefix)).batches.keys());
  const expect = (offsets: number, sinks: readonly number[]) => {
    if (o !== offsets || !sinks.includes(sink))
      fail(
        `${kill.query} killed at ${kill.point} (${kill.origin}): offsets ${o}, commits ${c}, sink ${sink}; expected offsets ${offsets}, sink ${sinks.join(" or ")}`,
      );
  };
  switch (kill.point) {
    case "after-offsets-write":
      return expect(c + 1, [c]);
    case "during-sink-write":
      return expect(c + 1, kill.origin === "foreachBatch" ? [c, c + 1] : [c]);
    case "after-sink-write":
    case "during-state-commit":
    case "after-state-commit":
      return expect(c + 1, [c + 1]);
    case "after-commit-log":
      return expect(c, [c]);
    case "during-snapshot":
      return;
  }
}

/** After a run to completion: both queries' source logs hold every input file exactly once. */
export function checkComplete(paths: RunPaths, feed: InputFeed): void {
  for (const query of ["dedup", "agg"]) {
    const view = readCheckpoint(join(paths.checkpointRoot, query));
    const seen = new Map<string, number>();
    for (const files of view.sourceBatches.values())
      for (const f of files) {
        const name = f.slice(f.lastIndexOf("/") + 1);
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
    for (const name of feed.files.keys())
      if (seen.get(name) !== 1)
        fail(`${query}: input file ${name} was selected ${seen.get(name) ?? 0} times`);
    if (seen.size !== feed.files.size)
      fail(`${query}: the source log names ${seen.size} files, the input has ${feed.files.size}`);
    const lastBatch = latestId(view.offsets.keys());
    if (!view.commits.has(lastBatch))
      fail(`${query}: batch ${lastBatch} is logged but not committed after the final run`);
  }
}

/**
 * The crashed run's final output against the clean run's and against the input: the same dedup
 * rows (read back with tspark's batch reader) and the same aggregates per key in PostgreSQL.
 */
export async function compareWithClean(
  spark: SparkSession,
  db: pg.Client,
  crashed: RunPaths,
  clean: RunPaths,
  feed: InputFeed,
): Promise<{ dedupRows: number; keys: number }> {
  const read = async (dir: string) =>
    (await spark.read.schema(INPUT_SCHEMA).json(dir).collect())
      .map((r) => JSON.stringify({ id: Number(r.id), key: r.key, amount: Number(r.amount), name: r.name }))
      .sort();
  const [a, b] = [await read(crashed.outputDir), await read(clean.outputDir)];
  const allIds = [...feed.files.values()].flat();
  const distinct = new Set(allIds);
  if (a.length !== b.length || a.some((x, i) => x !== b[i]))
    fail(`dedup: the crashed run wrote ${a.length} rows, the clean run ${b.length}, and they differ`);
  if (a.length !== distinct.size)
    fail(`dedup: ${a.length} rows, the input has ${distinct.size} distinct ids`);
  const expected = aggregatesOf(allIds);
  const [x, y] = [await readAggTables(db, crashed.tablePrefix), await readAggTables(db, clean.tablePrefix)];
  if (!sameAggregates(x.latest, y.latest))
    fail(`agg: crashed run ${formatAggregates(x.latest)} vs clean run ${formatAggregates(y.latest)}`);
  if (!sameAggregates(x.latest, expected))
    fail(`agg: ${formatAggregates(x.latest)}, the input gives ${formatAggregates(expected)}`);
  return { dedupRows: a.length, keys: expected.size };
}
