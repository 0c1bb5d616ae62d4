// The streaming file source end to end: spark.readStream.<format>(dir) → writeStream, with files
// appearing while the query runs. Expected answers follow Spark's FileStreamSourceSuite ("read
// from text files", "read from json files", partitioned directories, maxFilesPerTrigger with
// Trigger.Once / AvailableNow, option errors).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { type DataFrame, SparkSession, TsparkError } from "../../src/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-fss-e2e-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => {
  const d = join(root, `${name}${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const T0 = 1_600_000_000;
let fileNo = 0;

/** Adds a file as Spark's AddTextFileData does (a fresh name); `seconds` orders modification times. */
function addFile(dir: string, content: string, seconds = fileNo): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, `text-${fileNo++}`);
  writeFileSync(p, content);
  utimesSync(p, T0 + seconds, T0 + seconds);
  return p;
}

const session = () =>
  SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();

async function table(spark: SparkSession, name: string): Promise<string[]> {
  return (await spark.sql(`SELECT * FROM ${name}`).collect())
    .map((r) => JSON.stringify(Object.values(r)))
    .sort();
}

/**
 * Waits until `name` holds `count` rows. A file added just before processAllAvailable() can miss
 * a trigger that was already listing (Spark's StreamTest waits for the source offset for the same
 * reason), so tests wait for the rows themselves.
 */
async function rowsArrive(spark: SparkSession, name: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  let rows = await table(spark, name);
  while (rows.length < count && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    rows = await table(spark, name);
  }
  return rows;
}

function causes(e: unknown): string[] {
  const out: string[] = [];
  for (let c: unknown = e; c instanceof Error; c = c.cause)
    if (c instanceof TsparkError) out.push(c.errorClass);
  return out;
}

test("read from text files: files added while the query runs are read once each", async () => {
  const src = fresh("src");
  const spark = session();
  const df = spark.readStream.text(src);
  assert.equal(df.isStreaming, true);
  const q = await df.writeStream.format("memory").queryName("fss_text").start();
  try {
    addFile(src, "drop1\nkeep2\nkeep3");
    assert.deepEqual(await rowsArrive(spark, "fss_text", 3), ['["drop1"]', '["keep2"]', '["keep3"]']);
    addFile(src, "drop4\nkeep5\nkeep6");
    assert.equal((await rowsArrive(spark, "fss_text", 6)).length, 6);
    addFile(src, "drop7\nkeep8\nkeep9");
    assert.equal((await rowsArrive(spark, "fss_text", 9)).length, 9);
    // Every file was read once: nothing more arrives.
    await q.processAllAvailable();
    assert.equal((await table(spark, "fss_text")).length, 9);
    const sources = q.lastProgress?.sources ?? [];
    assert.equal(sources[0]?.description, `FileStreamSource[file:${src}]`);
  } finally {
    await q.stop();
  }
});

test("files arriving in the background are picked up by a processing-time trigger", async () => {
  const src = fresh("src");
  const spark = session();
  const q = await spark.readStream
    .schema("value STRING")
    .json(src)
    .writeStream.format("memory")
    .queryName("fss_bg")
    .trigger({ processingTime: "50 milliseconds" })
    .start();
  try {
    const writer = (async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 60));
        addFile(src, `{"value":"v${i}"}`);
      }
    })();
    await writer;
    assert.deepEqual(await rowsArrive(spark, "fss_bg", 3), ['["v0"]', '["v1"]', '["v2"]']);
  } finally {
    await q.stop();
  }
});

test("partitioned directory without a glob: the partition column comes from key=value dirs", async () => {
  const dir = fresh("part");
  const spark = session();
  const q = await spark.readStream
    .schema("value STRING, partition STRING")
    .json(dir)
    .writeStream.format("memory")
    .queryName("fss_part")
    .start();
  try {
    addFile(join(dir, "partition=foo"), "{'value': 'drop1'}\n{'value': 'keep2'}");
    assert.equal((await rowsArrive(spark, "fss_part", 2)).length, 2);
    addFile(join(dir, "partition=bar"), "{'value': 'keep4'}");
    assert.deepEqual(await rowsArrive(spark, "fss_part", 3), [
      '["drop1","foo"]',
      '["keep2","foo"]',
      '["keep4","bar"]',
    ]);
  } finally {
    await q.stop();
  }
});

test("maxFilesPerTrigger under Trigger.AvailableNow: one file per batch, only files present at start", async () => {
  const src = fresh("src");
  for (const v of [1, 2, 3]) addFile(src, String(v), v);
  const spark = session();
  const batches: [number, string[]][] = [];
  const q = await spark.readStream
    .option("maxFilesPerTrigger", 1)
    .text(src)
    .writeStream.foreachBatch(async (batch: DataFrame, id: number) => {
      batches.push([id, (await batch.collect()).map((r) => String(r.value))]);
    })
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  assert.deepEqual(batches, [
    [0, ["1"]],
    [1, ["2"]],
    [2, ["3"]],
  ]);
});

test("Trigger.Once ignores maxFilesPerTrigger: one batch with every file (SPARK-30669)", async () => {
  const src = fresh("src");
  for (const v of [1, 2, 3]) addFile(src, String(v), v);
  const spark = session();
  const batches: string[][] = [];
  const q = await spark.readStream
    .option("maxFilesPerTrigger", 1)
    .text(src)
    .writeStream.foreachBatch(async (batch: DataFrame) => {
      batches.push((await batch.collect()).map((r) => String(r.value)).sort());
    })
    .trigger({ once: true })
    .start();
  await q.awaitTermination();
  assert.deepEqual(batches, [["1", "2", "3"]]);
});

test("restarts with a checkpoint read only new files (SPARK-36533: Once, then AvailableNow twice)", async () => {
  const src = fresh("src");
  const chk = join(fresh("chk"), "cp");
  for (const v of [1, 2, 3]) addFile(src, String(v), v);
  const spark = session();
  const df = spark.readStream.option("maxFilesPerTrigger", 1).text(src);
  const once = await df.writeStream
    .foreachBatch(() => {})
    .trigger({ once: true })
    .option("checkpointLocation", chk)
    .start();
  await once.awaitTermination();
  let index = 3;
  const availableNow = async () => {
    const q = await df.writeStream
      .foreachBatch(async (batch: DataFrame) => {
        index += 1;
        assert.deepEqual(
          (await batch.collect()).map((r) => String(r.value)),
          [String(index)],
        );
      })
      .trigger({ availableNow: true })
      .option("checkpointLocation", chk)
      .start();
    await q.awaitTermination();
  };
  for (const v of [4, 5]) addFile(src, String(v), v);
  await availableNow();
  assert.equal(index, 5);
  for (const v of [6, 7]) addFile(src, String(v), v);
  await availableNow();
  assert.equal(index, 7);
});

test("load() without a schema is _LEGACY_ERROR_TEMP_2048; bad maxFilesPerTrigger fails the start", async () => {
  const src = fresh("src");
  const spark = session();
  assert.throws(
    () => spark.readStream.json(src),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_2048",
  );
  const df = spark.readStream.option("maxFilesPerTrigger", "0").text(src);
  await assert.rejects(
    (async () => {
      const q = await df.writeStream.format("memory").queryName("fss_bad").start();
      try {
        await q.processAllAvailable();
      } finally {
        await q.stop();
      }
    })(),
    (e: unknown) => causes(e).includes("ILLEGAL_ARGUMENT"),
  );
});

test("cleanSource=delete: the files of committed batches are removed (Spark's remove-completed-files case)", async () => {
  const src = fresh("src");
  const spark = session();
  const q = await spark.readStream
    .option("maxFilesPerTrigger", 1)
    .option("cleanSource", "delete")
    .text(src)
    .writeStream.format("memory")
    .queryName("fss_clean")
    .start();
  try {
    const keep1 = addFile(src, "keep1");
    await rowsArrive(spark, "fss_clean", 1);
    const keep2 = addFile(src, "keep2");
    assert.deepEqual(await rowsArrive(spark, "fss_clean", 2), ['["keep1"]', '["keep2"]']);
    await q.processAllAvailable();
    assert.ok(!existsSync(keep1));
    addFile(src, "keep3");
    assert.equal((await rowsArrive(spark, "fss_clean", 3)).length, 3);
    await q.processAllAvailable();
    assert.ok(!existsSync(keep2));
  } finally {
    await q.stop();
  }
});

test("reading another query's file sink output takes only the files its log commits", async () => {
  const input = fresh("in");
  const out = fresh("out");
  const spark = session();
  const q1 = await spark.readStream
    .text(input)
    .writeStream.format("text")
    .option("checkpointLocation", join(fresh("chk"), "q1"))
    .start(out);
  const q2 = await spark.readStream.text(out).writeStream.format("memory").queryName("fss_chain").start();
  try {
    addFile(input, "drop1\nkeep2");
    await rowsArrive(spark, "fss_chain", 2);
    // A file the sink never logged (say, left by a failed batch) is not input.
    writeFileSync(join(out, "should_not_keep.txt"), "should_not_keep!!!");
    addFile(input, "keep3");
    assert.deepEqual(await rowsArrive(spark, "fss_chain", 3), ['["drop1"]', '["keep2"]', '["keep3"]']);
    await q1.processAllAvailable();
    await q2.processAllAvailable();
    assert.equal((await table(spark, "fss_chain")).length, 3);
  } finally {
    await q2.stop();
    await q1.stop();
  }
});
