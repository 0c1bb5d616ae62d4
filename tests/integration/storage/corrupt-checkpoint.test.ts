// A real query restarted on a checkpoint with one damaged file: the restart fails with an error
// naming that file (STREAM_FAILED wrapping STREAMING_CHECKPOINT_CORRUPT_FILE or
// INVALID_LOG_VERSION for the logs the run reads; start() itself for the metadata file, as Spark's
// StreamExecution reads it when the query is created), writes nothing, and once the file is
// restored the query resumes with every input row in the output exactly once.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { type DataFrame, SparkSession, TsparkError } from "../../../src/index.js";
import { mulberry32 } from "../../support/random.js";

const root = mkdtempSync(join(tmpdir(), "tspark-corrupt-checkpoint-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A query setting: input dir → json file sink, with its checkpoint. */
interface Setup {
  readonly input: string;
  readonly out: string;
  readonly chk: string;
  readonly spark: SparkSession;
  /** Input files added so far. */
  files: number;
}

function setup(conf: Record<string, string> = {}): Setup {
  const d = join(root, `case${n++}`);
  for (const sub of ["in", "out", "chk"]) mkdirSync(join(d, sub), { recursive: true });
  const builder = SparkSession.builder.master("local[1]").config("spark.sql.session.timeZone", "UTC");
  for (const [k, v] of Object.entries(conf)) builder.config(k, v);
  return {
    input: join(d, "in"),
    out: join(d, "out"),
    chk: join(d, "chk"),
    spark: builder.create(),
    files: 0,
  };
}

/** Adds one input file holding two values. */
function addInput(s: Setup): void {
  const k = s.files++;
  writeFileSync(join(s.input, `f${k}.json`), `{"v":${2 * k}}\n{"v":${2 * k + 1}}\n`);
}

/** One run of the query over every input available now; resolves with its failure, if any. */
async function run(s: Setup): Promise<TsparkError | null> {
  const q = await s.spark.readStream
    .schema("v INT")
    .option("maxFilesPerTrigger", 1)
    .json(s.input)
    .writeStream.format("json")
    .option("checkpointLocation", s.chk)
    .trigger({ availableNow: true })
    .start(s.out);
  try {
    await q.awaitTermination();
  } catch {
    // reported by exception()
  }
  return q.exception();
}

const ints = async (df: DataFrame) => (await df.collect()).map((r) => r.v as number).sort((a, b) => a - b);

/** Every file name under `dir`, recursively, sorted. */
function snapshot(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

function causes(e: unknown): string[] {
  const out: string[] = [];
  for (let c: unknown = e; c instanceof Error; c = c.cause)
    if (c instanceof TsparkError) out.push(c.errorClass);
  return out;
}

/** The damages written over a valid log file. */
function damages(valid: string): [string, string | Uint8Array, string][] {
  const next = mulberry32(42);
  return [
    ["empty", "", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["truncated", valid.slice(0, Math.max(3, valid.length - 4)), "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [
      "garbage",
      Uint8Array.from({ length: 48 }, () => Math.floor(next() * 256)),
      "STREAMING_CHECKPOINT_CORRUPT_FILE",
    ],
    ["newer version", valid.replace(/^v1/, "v99"), "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION"],
    ["invalid JSON", "v1\n{not json", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
  ];
}

/**
 * Two committed batches, then for each damage of `path`: the restart fails naming the file and
 * changes nothing; restored, the query runs on and the output holds every input row once.
 */
async function checkLogFile(s: Setup, path: string): Promise<void> {
  addInput(s);
  addInput(s);
  assert.equal(await run(s), null);
  assert.deepEqual(await ints(s.spark.read.json(s.out)), [0, 1, 2, 3]);
  addInput(s);
  assert.ok(existsSync(path), path);
  const valid = readFileSync(path, "utf8");
  const before = { chk: snapshot(s.chk), out: snapshot(s.out) };
  for (const [name, bytes, errorClass] of damages(valid)) {
    writeFileSync(path, bytes);
    const e = await run(s);
    assert.ok(e !== null, `${name}: the restart must fail`);
    assert.equal(e.errorClass, "STREAM_FAILED", name);
    assert.equal(causes(e)[1], errorClass, `${name}: ${e.message}`);
    assert.ok(e.message.includes(path), `${name}: the message names ${path}: ${e.message}`);
    assert.deepEqual({ chk: snapshot(s.chk), out: snapshot(s.out) }, before, `${name}: nothing written`);
  }
  writeFileSync(path, valid);
  assert.equal(await run(s), null);
  assert.deepEqual(await ints(s.spark.read.json(s.out)), [0, 1, 2, 3, 4, 5]);
}

test("offsets/N: a damaged newest offsets file fails the restart naming it", async () => {
  const s = setup();
  await checkLogFile(s, join(s.chk, "offsets", "1"));
});

test("commits/N: a damaged newest commit file fails the restart naming it", async () => {
  const s = setup();
  await checkLogFile(s, join(s.chk, "commits", "1"));
});

test("sources/0/N: a damaged file-source log file fails the restart naming it", async () => {
  const s = setup();
  await checkLogFile(s, join(s.chk, "sources", "0", "1"));
});

test("sources/0/N.compact: a damaged compaction file of the file-source log fails the restart naming it", async () => {
  const s = setup({ "spark.sql.streaming.fileSource.log.compactInterval": "2" });
  await checkLogFile(s, join(s.chk, "sources", "0", "1.compact"));
});

test("_spark_metadata/N: a damaged sink log file fails the compaction that reads it, and batch reads of the output", async () => {
  const s = setup({ "spark.sql.streaming.fileSink.log.compactInterval": "3" });
  addInput(s);
  addInput(s);
  assert.equal(await run(s), null);
  addInput(s);
  const path = join(s.out, "_spark_metadata", "1");
  const valid = readFileSync(path, "utf8");
  const chkBefore = snapshot(s.chk);
  const outBefore = snapshot(s.out);
  for (const [name, bytes, errorClass] of damages(valid)) {
    writeFileSync(path, bytes);
    await assert.rejects(
      async () => ints(s.spark.read.json(s.out)),
      (e: unknown) => e instanceof TsparkError && e.errorClass === errorClass && e.message.includes(path),
      `${name}: spark.read`,
    );
    // Batch 2 is a compaction of the sink log (interval 3): it reads batches 0 and 1.
    const e = await run(s);
    assert.ok(e !== null, `${name}: the run must fail`);
    assert.equal(causes(e)[1], errorClass, `${name}: ${e.message}`);
    assert.ok(e.message.includes(path), `${name}: ${e.message}`);
    // The run planned batch 2 (offsets, source log) but its output files were removed again.
    assert.deepEqual(snapshot(s.out), outBefore, `${name}: no output left behind`);
  }
  assert.ok(snapshot(s.chk).length > chkBefore.length, "batch 2 was planned");
  writeFileSync(path, valid);
  assert.equal(await run(s), null);
  assert.deepEqual(await ints(s.spark.read.json(s.out)), [0, 1, 2, 3, 4, 5]);
  assert.ok(readdirSync(join(s.out, "_spark_metadata")).includes("2.compact"));
});

test("metadata: a damaged file fails start() naming it; a missing one with offsets present too", async () => {
  const s = setup();
  addInput(s);
  assert.equal(await run(s), null);
  const path = join(s.chk, "metadata");
  const valid = readFileSync(path, "utf8");
  const cases: [string, string | Uint8Array][] = [
    ["empty", ""],
    ["truncated", valid.slice(0, 10)],
    ["garbage", Uint8Array.from(mulberry32(3)().toString().repeat(4), (c) => c.charCodeAt(0) ^ 0x55)],
    ["invalid JSON", "{id:"],
    ["no id", "{}"],
  ];
  for (const [name, bytes] of cases) {
    writeFileSync(path, bytes);
    await assert.rejects(
      run(s),
      (e: unknown) =>
        e instanceof TsparkError &&
        e.errorClass === "STREAMING_CHECKPOINT_CORRUPT_FILE" &&
        e.message.includes(path),
      name,
    );
  }
  rmSync(path);
  await assert.rejects(
    run(s),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "STREAMING_CHECKPOINT_INCONSISTENT_LOGS" &&
      e.message.includes(path),
  );
  assert.equal(existsSync(path), false, "no new query id was minted");
  writeFileSync(path, valid);
  addInput(s);
  assert.equal(await run(s), null);
  assert.deepEqual(await ints(s.spark.read.json(s.out)), [0, 1, 2, 3]);
});
