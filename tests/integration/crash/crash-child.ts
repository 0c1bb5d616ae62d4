// The crash harness's child: a user program on tspark's public API running two streaming queries
// over one input directory, each with its checkpoint under one root:
//
//   dedup: JSON files → dropDuplicates(["id"]) → JSON file sink (append)
//   agg:   JSON files → groupBy("key").agg(count(*), sum(amount)) → foreachBatch (update mode)
//          writing the batch into PostgreSQL in one transaction: delete the batch id's rows,
//          insert the batch's rows, upsert the latest aggregate per key (idempotent per batch id)
//
// It kills itself with SIGKILL at the n-th time the fault point named by TSPARK_CRASH_AT is
// reached (the engine's points through setFaultHook; `during-sink-write` also inside the
// foreachBatch transaction, half-way through its inserts). Configuration: TSPARK_CRASH_CONFIG.
// stdout carries the line protocol of protocol.ts; a failed query is reported on stderr with
// exit code 1.
import { AsyncLocalStorage } from "node:async_hooks";
import { writeSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { type FaultPoint, setFaultHook } from "../../../src/common/fault-points.js";
import { type DataFrame, SparkSession, TsparkError } from "../../../src/index.js";
import * as F from "../../../src/api/functions/index.js";
import {
  CHILD_CONFIG_ENV,
  CRASH_AT_ENV,
  type ChildConfig,
  type CrashQuery,
  INPUT_SCHEMA,
  PG_CONNECTION,
  type PointOrigin,
  parseCrashTarget,
  pgTables,
} from "./protocol.js";

function readConfig(): ChildConfig {
  const text = process.env[CHILD_CONFIG_ENV];
  if (text === undefined) {
    process.stderr.write(`${CHILD_CONFIG_ENV} is not set\n`);
    process.exit(2);
  }
  return JSON.parse(text) as ChildConfig;
}
const config = readConfig();
const target = parseCrashTarget(process.env[CRASH_AT_ENV]);

// Which query reached a fault point: each query's run starts inside its own async context.
const currentQuery = new AsyncLocalStorage<CrashQuery>();

function emit(line: string): void {
  // Synchronous: the line must be out before a SIGKILL that follows it.
  writeSync(1, `${line}\n`);
}

let targetHits = 0;
function reach(point: FaultPoint, origin: PointOrigin): void {
  const query = currentQuery.getStore();
  emit(`R ${point} ${query ?? "?"} ${origin}`);
  if (target === undefined || target.point !== point) return;
  if (target.query !== undefined && target.query !== query) return;
  if (++targetHits < target.n) return;
  emit(`KILL ${point} ${query ?? "?"} ${origin}`);
  process.kill(process.pid, "SIGKILL");
}
setFaultHook((point) => reach(point, "engine"));

const tables = pgTables(config.tablePrefix);
const db = new pg.Client(PG_CONNECTION);
await db.connect();

/** Converts a long cell (number or bigint) to the text PostgreSQL takes for a BIGINT parameter. */
function bigintText(v: unknown): string {
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  throw new TypeError(`expected a long value, got ${typeof v}`);
}

/** `VALUES ($1, $2, $3, $4), …`: one tuple of four parameters per row. */
function valuesOf(rows: readonly unknown[]): string {
  return `VALUES ${rows.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`).join(", ")}`;
}

/** The parameters of {@link valuesOf}: key, cnt, total, batch id per row. */
function paramsOf(batchId: number, rows: readonly (readonly string[])[]): string[] {
  return rows.flatMap((r) => [...r, String(batchId)]);
}

async function insertRows(batchId: number, rows: readonly (readonly string[])[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${tables.batches} (key, cnt, total, batch_id) ${valuesOf(rows)}`,
    paramsOf(batchId, rows),
  );
}

/** The foreachBatch function: one PostgreSQL transaction per batch, idempotent per batch id. */
async function writeBatch(df: DataFrame, batchId: number): Promise<void> {
  const rows = (await df.collect()).map((r) => [String(r.key), bigintText(r.cnt), bigintText(r.total)]);
  await db.query("BEGIN");
  try {
    await db.query(`DELETE FROM ${tables.batches} WHERE batch_id = $1`, [batchId]);
    const half = Math.ceil(rows.length / 2);
    await insertRows(batchId, rows.slice(0, half));
    // A crash here leaves an open transaction: PostgreSQL rolls it back when the connection dies.
    reach("during-sink-write", "foreachBatch");
    await insertRows(batchId, rows.slice(half));
    if (rows.length > 0)
      await db.query(
        `INSERT INTO ${tables.latest} (key, cnt, total, batch_id) ${valuesOf(rows)}
         ON CONFLICT (key) DO UPDATE SET cnt = EXCLUDED.cnt, total = EXCLUDED.total, batch_id = EXCLUDED.batch_id`,
        paramsOf(batchId, rows),
      );
    await db.query("COMMIT");
  } catch (e) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw e;
  }
}

const spark = SparkSession.builder
  .master("local[2]")
  .appName("crash-harness-child")
  .config("spark.sql.session.timeZone", "UTC")
  // Few state partitions: every one commits a state version per batch.
  .config("spark.sql.shuffle.partitions", "4")
  // Snapshots every few deltas, so that kills land during snapshots too.
  .config("spark.sql.streaming.stateStore.minDeltasForSnapshot", "4")
  .config("spark.sql.streaming.stateStore.maintenanceInterval", "0")
  .create();

const source = spark.readStream
  .schema(INPUT_SCHEMA)
  .option("maxFilesPerTrigger", config.maxFilesPerTrigger)
  .json(config.inputDir);
const trigger =
  config.mode === "availableNow" ? { availableNow: true } : { processingTime: "50 milliseconds" };

const PROVIDER_CONF = "spark.sql.streaming.stateStore.providerClass";
/** Sets the state store provider the next query starts with (it is pinned in its checkpoint). */
function useProvider(query: CrashQuery): void {
  const provider = config.stateStoreProviders?.[query];
  if (provider === undefined) spark.conf.unset(PROVIDER_CONF);
  else spark.conf.set(PROVIDER_CONF, provider);
}

useProvider("dedup");
const dedup = await currentQuery.run("dedup", () =>
  source
    .dropDuplicates(["id"])
    .writeStream.format("json")
    .queryName("crash_dedup")
    .option("checkpointLocation", join(config.checkpointRoot, "dedup"))
    .trigger(trigger)
    .start(config.outputDir),
);
useProvider("agg");
const agg = await currentQuery.run("agg", () =>
  source
    .groupBy("key")
    .agg(F.count("*").alias("cnt"), F.sum("amount").alias("total"))
    .writeStream.outputMode("update")
    .queryName("crash_agg")
    .foreachBatch(writeBatch)
    .option("checkpointLocation", join(config.checkpointRoot, "agg"))
    .trigger(trigger)
    .start(),
);
emit("STARTED");

function describe(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e; c !== undefined && c !== null; c = c instanceof Error ? c.cause : undefined) {
    if (c instanceof TsparkError) parts.push(c.message);
    else if (c instanceof Error) parts.push(c.stack ?? c.message);
    else parts.push(String(c));
    if (!(c instanceof Error)) break;
  }
  return parts.join("\n  caused by: ");
}

const results = await Promise.allSettled(
  [dedup, agg].map(async (q) => {
    await q.awaitTermination();
    const failure = q.exception();
    if (failure !== null) throw failure;
  }),
);
let failed = false;
for (const [i, r] of results.entries()) {
  if (r.status === "rejected") {
    failed = true;
    process.stderr.write(`query ${i === 0 ? "dedup" : "agg"} failed: ${describe(r.reason)}\n`);
  }
}
await db.end();
if (failed) process.exit(1);
emit("DONE");
