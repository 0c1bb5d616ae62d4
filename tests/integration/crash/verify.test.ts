// The crash harness's checks must be able to fail: one real run of the child (Trigger.AvailableNow,
// no crash) passes them, then each kind of damage a broken recovery could cause — a lost row, a
// duplicated row, a lost batch, a wrong aggregate, a stale latest value — is made by hand in the
// output or in PostgreSQL and must be reported.
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type pg from "pg";
import { SparkSession } from "../../../src/index.js";
import { mulberry32 } from "../../support/random.js";
import { connectPostgres } from "./crash-loop.js";
import { InputFeed } from "./input-feed.js";
import { pgCreateStatements, pgTables } from "./protocol.js";
import { runChild } from "./run-child.js";
import { checkComplete, checkKillPoint, checkPrefix, CrashCheckError, type RunPaths } from "./verify.js";

const root = mkdtempSync(join(tmpdir(), "tspark-crash-verify-"));
const paths: RunPaths = {
  checkpointRoot: join(root, "checkpoint"),
  outputDir: join(root, "output"),
  tablePrefix: `crash_verify_${process.pid}`,
};
const tables = pgTables(paths.tablePrefix);
const feed = new InputFeed(join(root, "input"), mulberry32(66));
const spark = SparkSession.builder.master("local[2]").create();
let db: pg.Client | undefined;
let unreachable: string | undefined;

before(async () => {
  try {
    db = await connectPostgres();
  } catch (e) {
    unreachable = `PostgreSQL at 127.0.0.1:5432 is unreachable: ${e instanceof Error ? e.message : String(e)}`;
    if (process.env.CI === "true") throw new Error(unreachable);
    return;
  }
  for (const s of pgCreateStatements(paths.tablePrefix)) await db.query(s);
  for (let i = 0; i < 12; i++) feed.writeFile();
  const run = await runChild({
    config: { ...paths, inputDir: feed.dir, mode: "availableNow", maxFilesPerTrigger: 2 },
    timeoutMs: 120_000,
  });
  assert.equal(run.exitCode, 0, run.stderr);
});

after(async () => {
  if (db !== undefined) {
    await db.query(`DROP TABLE IF EXISTS ${tables.batches}, ${tables.latest}`);
    await db.end();
  }
  rmSync(root, { recursive: true, force: true });
});

async function rejects(pattern: RegExp): Promise<void> {
  await assert.rejects(checkPrefix(spark, db!, paths, feed), (e: unknown) => {
    assert.ok(e instanceof CrashCheckError, String(e));
    assert.match(e.message, pattern);
    return true;
  });
}

/** The committed part files of the output (those named in the sink's log). */
function partFiles(): string[] {
  return readdirSync(paths.outputDir)
    .filter((f) => f.startsWith("part-"))
    .map((f) => join(paths.outputDir, f))
    .filter((f) => readFileSync(f, "utf8").length > 0)
    .sort();
}

test("a clean run passes every check", async (t) => {
  if (unreachable !== undefined) return t.skip(unreachable);
  const s = await checkPrefix(spark, db!, paths, feed);
  assert.equal(s.dedupSinkBatch, 5);
  assert.equal(s.aggBatch, 5);
  assert.equal(s.aggBatchesChecked, 6);
  checkComplete(paths, feed);
});

test("a duplicated or lost dedup row is reported", async (t) => {
  if (unreachable !== undefined) return t.skip(unreachable);
  const file = partFiles()[0]!;
  const text = readFileSync(file, "utf8");
  const first = text.slice(0, text.indexOf("\n") + 1);
  appendFileSync(file, first);
  try {
    await rejects(/is in the output twice/);
  } finally {
    writeFileSync(file, text);
  }
  writeFileSync(file, text.slice(first.length));
  try {
    await rejects(/ids of the input of batches <= 5 are missing/);
  } finally {
    writeFileSync(file, text);
  }
});

test("a lost, partial or wrong PostgreSQL batch and a stale latest value are reported", async (t) => {
  if (unreachable !== undefined) return t.skip(unreachable);
  const snapshot = await db!.query(`SELECT * FROM ${tables.batches} WHERE batch_id IN (2, 5)`);
  const restore = async () => {
    await db!.query(`DELETE FROM ${tables.batches} WHERE batch_id IN (2, 5)`);
    for (const r of snapshot.rows)
      await db!.query(`INSERT INTO ${tables.batches} VALUES ($1, $2, $3, $4)`, [
        r.batch_id,
        r.key,
        r.cnt,
        r.total,
      ]);
  };
  await db!.query(`DELETE FROM ${tables.batches} WHERE batch_id = 5`);
  await rejects(/PostgreSQL's newest batch is 4, the commit log's 5/);
  await restore();
  await db!.query(`DELETE FROM ${tables.batches} WHERE batch_id = 2`);
  await rejects(/batch 2 is missing in PostgreSQL/);
  await restore();
  await db!.query(
    `DELETE FROM ${tables.batches} WHERE (batch_id, key) IN (SELECT batch_id, key FROM ${tables.batches} WHERE batch_id = 2 LIMIT 1)`,
  );
  await rejects(/agg: batch 2 \(source log/);
  await restore();
  await db!.query(`UPDATE ${tables.batches} SET cnt = cnt + 1 WHERE batch_id = 5`);
  await rejects(/agg: batch 5 \(source log/);
  await restore();
  await db!.query(
    `UPDATE ${tables.latest} SET total = total - 1 WHERE key = (SELECT min(key) FROM ${tables.latest})`,
  );
  await rejects(/the latest table is/);
  await db!.query(
    `UPDATE ${tables.latest} SET total = total + 1 WHERE key = (SELECT min(key) FROM ${tables.latest})`,
  );
  await db!.query(
    `UPDATE ${tables.latest} SET batch_id = batch_id + 1 WHERE key = (SELECT min(key) FROM ${tables.latest})`,
  );
  await rejects(/the latest row of .* comes from batch/);
  await db!.query(
    `UPDATE ${tables.latest} SET batch_id = batch_id - 1 WHERE key = (SELECT min(key) FROM ${tables.latest})`,
  );
  await checkPrefix(spark, db!, paths, feed);
});

test("an input file the final run never selected is reported", async (t) => {
  if (unreachable !== undefined) return t.skip(unreachable);
  const extra = feed.writeFile();
  assert.throws(
    () => checkComplete(paths, feed),
    (e: unknown) =>
      e instanceof CrashCheckError && e.message.includes(`input file ${extra} was selected 0 times`),
  );
});

test("the logs must show the protocol stopped at the point a kill was aimed at", async (t) => {
  if (unreachable !== undefined) return t.skip(unreachable);
  // A completed run looks like a kill right after the commit log of its last batch, nothing else.
  for (const query of ["dedup", "agg"] as const) {
    await checkKillPoint(db!, paths, { point: "after-commit-log", query, origin: "engine" });
    await checkKillPoint(db!, paths, { point: "during-snapshot", query, origin: "engine" });
    for (const point of [
      "after-offsets-write",
      "during-sink-write",
      "after-sink-write",
      "during-state-commit",
    ] as const)
      await assert.rejects(
        checkKillPoint(db!, paths, { point, query, origin: query === "agg" ? "foreachBatch" : "engine" }),
        (e: unknown) => e instanceof CrashCheckError && e.message.includes(`${query} killed at ${point}`),
      );
  }
});
