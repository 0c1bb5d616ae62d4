// Every sink is idempotent per batch id across a crash and a restart from the checkpoint, as in
// Spark: the file sink skips a batch its _spark_metadata log holds and its readers never see the
// files of a batch that crashed before its log entry; foreachBatch gets the same batch id and rows
// again; console and noop simply process the batch again. The crash is the engine's fault hook
// throwing INJECTED_FAULT at a named protocol point (common/fault-points.ts).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, test } from "node:test";
import { type FaultPoint, injectedFault, setFaultHook } from "../../src/common/fault-points.js";
import { type DataFrame, SparkSession, TsparkError } from "../../src/index.js";
import { MemoryStream } from "../../src/testing/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-sink-idempotence-"));
after(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => setFaultHook(undefined));
let n = 0;
const fresh = (name: string) => {
  const d = join(root, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return join(d, name);
};
const session = () =>
  SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();

/** The query crashes the `arrival`-th time (from now) the protocol reaches `point`. */
function crashAt(point: FaultPoint, arrival = 1): void {
  let seen = 0;
  setFaultHook((p) => {
    if (p === point && ++seen === arrival) throw injectedFault(point);
  });
}

function causes(e: unknown): string[] {
  const out: string[] = [];
  for (let c: unknown = e; c instanceof Error; c = c.cause)
    if (c instanceof TsparkError) out.push(c.errorClass);
  return out;
}

const ints = async (df: DataFrame) =>
  (await df.collect()).map((r) => Object.values(r)[0] as number).sort((a, b) => a - b);

function partFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir) as string[]).filter((f) => f.startsWith("part-")).sort();
}

/** Waits for the query to fail; returns its error. */
async function failure(q: { awaitTermination(): Promise<void> }): Promise<TsparkError> {
  try {
    await q.awaitTermination();
  } catch (e) {
    assert.ok(e instanceof TsparkError);
    return e;
  }
  assert.fail("the query should have failed");
}

test("file sink: a crash between a batch's files and its log entry; readers honouring the log skip the files, the restart writes the batch once", async () => {
  const spark = session();
  const out = fresh("out");
  const chk = fresh("chk");
  const input = new MemoryStream(spark, "value INT");
  const start = () => input.toDF().writeStream.format("json").option("checkpointLocation", chk).start(out);
  input.addData(1, 2);
  let q = await start();
  await q.processAllAvailable();
  const committed = partFiles(out);
  crashAt("during-sink-write");
  input.addData(3, 4);
  const e = await failure(q);
  assert.equal(e.errorClass, "STREAM_FAILED");
  assert.deepEqual(causes(e), ["STREAM_FAILED", "INJECTED_FAULT"]);
  const orphans = partFiles(out).filter((f) => !committed.includes(f));
  assert.ok(orphans.length > 0, "the crashed batch's files are on disk");
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")), ["0"]);
  // A batch read and a file stream source over the output list the log, not the directory.
  assert.deepEqual(await ints(spark.read.json(out)), [1, 2]);
  const reader = await spark.readStream
    .schema("value INT")
    .json(out)
    .writeStream.format("memory")
    .queryName("sink_output_while_crashed")
    .start();
  await reader.processAllAvailable();
  await reader.stop();
  assert.deepEqual(await ints(spark.table("sink_output_while_crashed")), [1, 2]);

  setFaultHook(undefined);
  q = await start();
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), ["0", "1"]);
  assert.deepEqual(await ints(spark.read.json(out)), [1, 2, 3, 4]);
  const after = await spark.readStream
    .schema("value INT")
    .json(out)
    .writeStream.format("memory")
    .queryName("sink_output_after_restart")
    .start();
  await after.processAllAvailable();
  await after.stop();
  assert.deepEqual(await ints(spark.table("sink_output_after_restart")), [1, 2, 3, 4]);
  // The orphaned files are still there: only the log keeps them out.
  for (const f of orphans) assert.ok(existsSync(join(out, f)));
  spark.conf.set("spark.sql.streaming.fileStreamSink.ignoreMetadata", "true");
  assert.deepEqual(await ints(spark.read.json(out)), [1, 2, 3, 3, 4, 4]);
});

test("file sink: a crash after the sink committed, before the commit log; the re-run batch is skipped", async () => {
  const spark = session();
  const out = fresh("out");
  const chk = fresh("chk");
  const input = new MemoryStream(spark, "value INT");
  const start = () => input.toDF().writeStream.format("json").option("checkpointLocation", chk).start(out);
  input.addData(1, 2);
  let q = await start();
  await q.processAllAvailable();
  crashAt("after-sink-write");
  input.addData(3, 4);
  assert.deepEqual(causes(await failure(q)), ["STREAM_FAILED", "INJECTED_FAULT"]);
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), ["0", "1"]);
  assert.deepEqual(readdirSync(join(chk, "commits")).sort(), ["0"]);
  const files = partFiles(out);
  setFaultHook(undefined);
  q = await start();
  await q.processAllAvailable();
  input.addData(5);
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(readdirSync(join(chk, "commits")).sort(), ["0", "1", "2"]);
  assert.deepEqual(
    partFiles(out).filter((f) => !files.includes(f)).length,
    1,
    "the re-run of batch 1 wrote nothing, batch 2 one file",
  );
  assert.deepEqual(await ints(spark.read.json(out)), [1, 2, 3, 4, 5]);
});

test("foreachBatch: the batch re-run after a crash reaches the function with the same id and rows", async () => {
  const spark = session();
  const chk = fresh("chk");
  const input = new MemoryStream(spark, "value INT");
  const calls: { batchId: number; values: number[] }[] = [];
  /** An idempotent store keyed by batch id (what user code does with the id). */
  const byBatch = new Map<number, number[]>();
  const start = () =>
    input
      .toDF()
      .writeStream.option("checkpointLocation", chk)
      .foreachBatch(async (df: DataFrame, batchId: number) => {
        const values = await ints(df);
        calls.push({ batchId, values });
        byBatch.set(batchId, values);
      })
      .start();
  input.addData(1, 2);
  let q = await start();
  await q.processAllAvailable();
  crashAt("after-sink-write");
  input.addData(3);
  assert.deepEqual(causes(await failure(q)), ["STREAM_FAILED", "INJECTED_FAULT"]);
  setFaultHook(undefined);
  q = await start();
  await q.processAllAvailable();
  input.addData(4);
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(calls, [
    { batchId: 0, values: [1, 2] },
    { batchId: 1, values: [3] },
    { batchId: 1, values: [3] },
    { batchId: 2, values: [4] },
  ]);
  assert.deepEqual([...byBatch.values()].flat(), [1, 2, 3, 4]);
});

test("console and noop process a re-run batch again (Spark: at-least-once sinks)", async () => {
  const spark = session();
  const input = new MemoryStream(spark, "value INT");
  const chk = fresh("chk");
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // Capture only the console sink's blocks; everything else (the test reporter) passes through.
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "string" && chunk.includes("\nBatch: ")) {
      printed.push(/Batch: (\d+)/.exec(chunk)?.[1] ?? "?");
      return true;
    }
    return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    const start = () => input.toDF().writeStream.format("console").option("checkpointLocation", chk).start();
    input.addData(1);
    let q = await start();
    await q.processAllAvailable();
    crashAt("after-sink-write");
    input.addData(2);
    assert.deepEqual(causes(await failure(q)), ["STREAM_FAILED", "INJECTED_FAULT"]);
    setFaultHook(undefined);
    q = await start();
    await q.processAllAvailable();
    await q.stop();
  } finally {
    process.stdout.write = write;
  }
  assert.deepEqual(printed, ["0", "1", "1"]);

  // noop: the re-run batch is processed (and counted) again.
  const noopChk = fresh("noop-chk");
  const noopInput = new MemoryStream(spark, "value INT");
  const start = () =>
    noopInput.toDF().writeStream.format("noop").option("checkpointLocation", noopChk).start();
  noopInput.addData(1, 2);
  let q = await start();
  await q.processAllAvailable();
  crashAt("after-sink-write");
  noopInput.addData(3);
  assert.deepEqual(causes(await failure(q)), ["STREAM_FAILED", "INJECTED_FAULT"]);
  setFaultHook(undefined);
  q = await start();
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(
    q.recentProgress.map((p) => [p.batchId, p.numInputRows]),
    [[1, 1]],
    "the restarted run re-ran batch 1",
  );
});
