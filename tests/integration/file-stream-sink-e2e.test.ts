// The streaming file sink end to end: MemoryStream / rate → df.writeStream.format(<file format>)
// → spark.read of the output. Expected answers follow Spark's FileStreamSinkSuite (unpartitioned
// and partitioned writing with batch reading, Update/Complete refused, every format starts,
// special characters in the output path, cleanup of an aborted task) plus restarts: a batch
// replayed from the checkpoint is not written twice.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SparkSession, TsparkError } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";
import { MemoryStream } from "../../src/testing/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-file-sink-e2e-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => {
  const d = join(root, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return join(d, name);
};
const session = () =>
  SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();

const ints = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
  (await df.collect()).map((r) => Object.values(r)[0] as number).sort((a, b) => a - b);
const sorted = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
  (await df.collect()).map((r) => JSON.stringify({ ...r })).sort();

function causes(e: unknown): string[] {
  const out: string[] = [];
  for (let c: unknown = e; c instanceof Error; c = c.cause)
    if (c instanceof TsparkError) out.push(c.errorClass);
  return out;
}

function filesUnder(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(suffix));
}

test("unpartitioned writing and batch reading", async () => {
  const spark = session();
  const out = fresh("stream.output");
  const input = new MemoryStream(spark, "value INT");
  input.addData(1, 2, 3);
  const query = await input
    .toDF()
    .writeStream.option("checkpointLocation", fresh("stream.checkpoint"))
    .format("parquet")
    .start(out);
  try {
    await query.processAllAvailable();
    assert.deepEqual(await ints(spark.read.parquet(out)), [1, 2, 3]);
    input.addData(4, 5);
    await query.processAllAvailable();
    assert.deepEqual(await ints(spark.read.parquet(out)), [1, 2, 3, 4, 5]);
    assert.equal(query.lastProgress?.sink.description, `FileSink[${out}]`);
  } finally {
    await query.stop();
  }
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), ["0", "1"]);
  assert.equal(existsSync(join(out, "_SUCCESS")), false);
});

test("partitioned writing and batch reading: value then id, by id=<v> directories", async () => {
  const spark = session();
  const out = fresh("stream.output");
  const input = new MemoryStream(spark, "value INT");
  input.addData(1, 2, 3);
  const query = await input
    .toDF()
    .select(F.col("value").alias("id"), F.col("value").multiply(1000).alias("value"))
    .writeStream.partitionBy("id")
    .option("checkpointLocation", fresh("stream.checkpoint"))
    .format("parquet")
    .start(out);
  try {
    await query.processAllAvailable();
  } finally {
    await query.stop();
  }
  const outputDf = spark.read.parquet(out);
  assert.deepEqual(
    outputDf.schema.fields.map((f) => [f.name, f.dataType.simpleString()]),
    [
      ["value", "int"],
      ["id", "int"],
    ],
  );
  assert.deepEqual(await sorted(outputDf), [
    '{"value":1000,"id":1}',
    '{"value":2000,"id":2}',
    '{"value":3000,"id":3}',
  ]);
  assert.deepEqual(
    readdirSync(out)
      .filter((d) => d.startsWith("id="))
      .sort(),
    ["id=1", "id=2", "id=3"],
  );
});

test("Update and Complete output mode not supported (STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE)", async () => {
  const spark = session();
  const df = new MemoryStream(spark, "value INT").toDF().groupBy().count();
  const dir = fresh("out");
  for (const mode of ["update", "complete"]) {
    await assert.rejects(
      df.writeStream.format("parquet").outputMode(mode).option("checkpointLocation", fresh("chk")).start(dir),
      (e: unknown) => {
        assert.ok(e instanceof TsparkError);
        assert.equal(e.errorClass, "STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE");
        assert.equal(e.sqlState, "42KDE");
        assert.deepEqual(e.messageParameters, { className: "parquet", outputMode: mode });
        return true;
      },
    );
  }
});

test("start() without a path is \"'path' is not specified\"", async () => {
  const spark = session();
  const df = new MemoryStream(spark, "value INT").toDF();
  await assert.rejects(
    df.writeStream.format("json").option("checkpointLocation", fresh("chk")).start(),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_2047",
  );
});

test("every format starts; parquet is the default (testFormat)", async () => {
  for (const format of [undefined, "parquet", "text", "json", "csv"]) {
    const spark = session();
    const input = new MemoryStream(spark, "value INT");
    input.addData(1, 2);
    const df =
      format === "text"
        ? input.toDF().select(F.col("value").cast("string").alias("value"))
        : input.toDF().select(F.col("value").alias("id"), F.col("value").multiply(1000).alias("value"));
    const writer = df.writeStream.option("checkpointLocation", fresh("chk"));
    if (format !== undefined) writer.format(format);
    const out = fresh("out");
    const query = await writer.start(out);
    try {
      await query.processAllAvailable();
    } finally {
      await query.stop();
    }
    const read = spark.read.format(format ?? "parquet").load(out);
    assert.equal(await read.count(), 2, format);
  }
});

test("special characters in output path: _spark_metadata is in it and the rows read back", async () => {
  const spark = session();
  const base = fresh("tmp");
  const out = join(base, "output @#output");
  const input = new MemoryStream(spark, "value INT");
  input.addData(1, 2, 3);
  const q = await input
    .toDF()
    .writeStream.option("checkpointLocation", join(base, "chk"))
    .format("parquet")
    .start(out);
  try {
    await q.processAllAvailable();
  } finally {
    await q.stop();
  }
  assert.ok(readdirSync(out).includes("_spark_metadata"));
  assert.deepEqual(await ints(spark.read.parquet(out)), [1, 2, 3]);
});

test("cleanup incomplete output for aborted task: a failing batch leaves no parquet files", async () => {
  const spark = session();
  const base = fresh("tmp");
  const out = join(base, "output");
  const input = new MemoryStream(spark, "value INT");
  input.addData(1, 2, 3);
  const q = await input
    .toDF()
    .select(F.col("value").divide(0).cast("int").alias("v"))
    .writeStream.option("checkpointLocation", join(base, "chk"))
    .format("parquet")
    .start(out);
  await assert.rejects(
    (async () => {
      try {
        await q.processAllAvailable();
      } finally {
        await q.stop();
      }
    })(),
    (e: unknown) => causes(e).includes("DIVIDE_BY_ZERO") || causes(q.exception()).includes("DIVIDE_BY_ZERO"),
  );
  assert.deepEqual(filesUnder(out, ".parquet"), [], "Incomplete files should be cleaned up.");
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")), []);
});

test("restart: a batch replayed from the checkpoint (commit lost) is not written twice", async () => {
  const spark = session();
  const out = fresh("out");
  const chk = fresh("chk");
  const run = async () => {
    const q = await spark.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", 3)
      .load()
      .select("value")
      .writeStream.format("json")
      .option("checkpointLocation", chk)
      .trigger({ availableNow: true })
      .start(out);
    await q.awaitTermination();
    assert.equal(q.exception(), null);
  };
  await run();
  await run();
  assert.deepEqual(await ints(spark.read.json(out)), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), ["0", "1"]);
  // A crash after the sink committed batch 1 but before the commit log: Spark re-runs batch 1
  // with the same offsets, and the sink skips it.
  unlinkSync(join(chk, "commits", "1"));
  await run();
  const values = await ints(spark.read.json(out));
  assert.deepEqual(values, [...new Set(values)], "no row written twice");
  assert.deepEqual(values.slice(0, 6), [0, 1, 2, 3, 4, 5]);
  const logged = readdirSync(join(out, "_spark_metadata")).sort();
  assert.deepEqual(logged, Array.from({ length: logged.length }, (_, i) => String(i)).sort());
  assert.equal(values.length, logged.length * 3);
});

test("rate-micro-batch → json file sink with availableNow, read back by value", async () => {
  const spark = session();
  const out = fresh("out");
  const q = await spark.readStream
    .format("rate-micro-batch")
    .option("rowsPerBatch", 4)
    .option("numPartitions", 2)
    .load()
    .select("value")
    .writeStream.format("json")
    .option("checkpointLocation", fresh("chk"))
    .trigger({ availableNow: true })
    .start(out);
  await q.awaitTermination();
  assert.equal(q.exception(), null);
  assert.deepEqual(await ints(spark.read.json(out)), [0, 1, 2, 3]);
});
