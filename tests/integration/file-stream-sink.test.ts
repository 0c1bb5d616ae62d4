// Batch readers over a streaming file sink's output: only the files its _spark_metadata log names
// are read (Spark's MetadataLogFileIndex), unless spark.sql.streaming.fileStreamSink.ignoreMetadata;
// partitions are discovered from the logged paths; globs and sub-directories list the file system.
// Expected values from FileStreamSinkSuite. The sink is driven batch by batch (addBatch), as the
// engine drives it; tests/integration/file-stream-sink-e2e.test.ts runs whole queries.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ManualClock, SparkSession, TsparkError } from "../../src/index.js";
import type { OutputMode } from "../../src/connectors/api/stream-sink.js";
import { DataSourceOptions } from "../../src/connectors/file/data-source-options.js";
import {
  FileStreamSinkLog,
  fileSinkLogSettings,
  localPathOf,
} from "../../src/connectors/file/file-sink-log.js";
import type { FileSourceContext } from "../../src/connectors/file/file-source.js";
import { createFileStreamSink, type FileStreamSink } from "../../src/connectors/file/file-stream-sink.js";
import type { RecordBatch } from "../../src/data/record-batch.js";
import { INT, STRING, StructField, StructType } from "../../src/types/data-type.js";

const root = mkdtempSync(join(tmpdir(), "tspark-file-sink-read-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name = "output") => {
  const d = join(root, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return join(d, name);
};
const session = () =>
  SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();
const errorClass = (e: unknown) => (e instanceof TsparkError ? e.errorClass : String(e));

function context(conf: Record<string, string> = {}): FileSourceContext {
  return {
    conf: (k) => conf[k],
    timeZone: "UTC",
    caseSensitive: false,
    partitionTypeInference: true,
    ignoreMissingFiles: false,
  };
}

function fileSink(
  format: string,
  out: string,
  schema: StructType,
  opts: { partitionBy?: string[]; conf?: Record<string, string>; outputMode?: OutputMode } = {},
): FileStreamSink {
  return createFileStreamSink(
    {
      format,
      options: new DataSourceOptions({ path: out }),
      outputMode: opts.outputMode ?? "append",
      partitionColumns: opts.partitionBy ?? [],
      schema,
      queryName: undefined,
      session: context(opts.conf),
    },
    new ManualClock(0),
  );
}

/** One micro-batch: rows dealt into Spark partitions (`partitions[p]` holds partition p's rows). */
async function write(s: FileStreamSink, batchId: number, schema: StructType, ...partitions: unknown[][][]) {
  async function* rows(): AsyncIterable<RecordBatch> {
    for (const [p, part] of partitions.entries()) {
      if (part.length === 0) continue;
      yield {
        numRows: part.length,
        columns: schema.fields.map((_, c) => part.map((r) => r[c])),
        partitionId: p,
      };
    }
  }
  await s.addBatch(batchId, { schema, outputMode: "append", rows: rows() });
}

const VALUE = new StructType([new StructField("value", INT, false)]);
const TEXT = new StructType([new StructField("value", STRING, true)]);
const ID_VALUE = new StructType([new StructField("id", INT, false), new StructField("value", INT, false)]);

const sorted = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
  (await df.collect()).map((r) => JSON.stringify({ ...r })).sort();
const ints = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
  (await df.collect()).map((r) => Object.values(r)[0] as number).sort((a, b) => a - b);

test("unpartitioned writing and batch reading", async () => {
  const out = fresh();
  await write(fileSink("parquet", out, VALUE), 0, VALUE, [[1], [2], [3]]);
  const spark = session();
  assert.deepEqual(await ints(spark.read.parquet(out)), [1, 2, 3]);
});

test("partitioned writing and batch reading: partition columns come last, pruning by id works", async () => {
  const out = fresh();
  await write(fileSink("parquet", out, ID_VALUE, { partitionBy: ["id"] }), 0, ID_VALUE, [
    [1, 1000],
    [2, 2000],
    [3, 3000],
  ]);
  const spark = session();
  const df = spark.read.parquet(out);
  assert.deepEqual(
    df.schema.fields.map((f) => [f.name, f.dataType.simpleString()]),
    [
      ["value", "int"],
      ["id", "int"],
    ],
  );
  assert.deepEqual(await sorted(df), [
    '{"value":1000,"id":1}',
    '{"value":2000,"id":2}',
    '{"value":3000,"id":3}',
  ]);
  assert.deepEqual(await sorted(df.filter("id = 1")), ['{"value":1000,"id":1}']);
  assert.deepEqual(await sorted(df.filter("id in (1, 2)").select("id")), ['{"id":1}', '{"id":2}']);
});

test("partitioned writing and batch reading with 'basePath' and a glob (the glob lists the file system)", async () => {
  const out = fresh();
  const schema = new StructType([
    new StructField("id1", INT, false),
    new StructField("id2", INT, false),
    new StructField("value", INT, false),
  ]);
  await write(fileSink("parquet", out, schema, { partitionBy: ["id1", "id2"] }), 0, schema, [
    [1, -1, 1000],
    [2, -2, 2000],
    [3, -3, 3000],
  ]);
  const spark = session();
  const readIn = spark.read.option("basePath", out).parquet(`${out}/*/*`);
  assert.deepEqual(await sorted(readIn.select("value", "id1", "id2")), [
    '{"value":1000,"id1":1,"id2":-1}',
    '{"value":2000,"id1":2,"id2":-2}',
    '{"value":3000,"id1":3,"id2":-3}',
  ]);
});

test("SPARK-35565: a stray file is not read through the log, and is read with ignoreMetadata", async () => {
  for (const ignoreMetadata of [false, true]) {
    const out = fresh();
    const s = fileSink("text", out, TEXT);
    await write(s, 0, TEXT, [["1"], ["2"], ["3"]]);
    await write(s, 1, TEXT, [["4"], ["5"]]);
    writeFileSync(join(out, "additional.txt"), "6");
    const spark = session();
    spark.conf.set("spark.sql.streaming.fileStreamSink.ignoreMetadata", String(ignoreMetadata));
    const outputDf = spark.read.format("text").load(out).selectExpr("CAST(value AS INT)");
    assert.deepEqual(await ints(outputDf), ignoreMetadata ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5]);
  }
});

test("files of a batch that failed half-way are ignored; the retried batch is read once", async () => {
  const out = fresh();
  const s = fileSink("json", out, ID_VALUE);
  await write(s, 0, ID_VALUE, [[1, 10]]);
  // What a crash mid-batch leaves behind: complete and partial part files the log never named.
  writeFileSync(
    join(out, "part-00000-0b1a2c3d-0000-4000-8000-000000000000-c000.json"),
    '{"id":2,"value":20}\n',
  );
  writeFileSync(join(out, "part-00001-0b1a2c3d-0000-4000-8000-000000000001-c000.json"), '{"id":3,"val');
  const spark = session();
  assert.deepEqual(await sorted(spark.read.json(out)), ['{"id":1,"value":10}']);
  await write(s, 1, ID_VALUE, [[2, 20]], [[3, 30]]);
  assert.deepEqual(await sorted(spark.read.json(out)), [
    '{"id":1,"value":10}',
    '{"id":2,"value":20}',
    '{"id":3,"value":30}',
  ]);
  // Replaying batch 1 (a restart before the commit log was written) adds nothing.
  await write(fileSink("json", out, ID_VALUE), 1, ID_VALUE, [[2, 20]], [[3, 30]]);
  assert.equal(await spark.read.json(out).count(), 3);
});

test("Handle FileStreamSink metadata correctly for empty partitions (every format)", async () => {
  for (const format of ["parquet", "text", "json", "csv"]) {
    const out = fresh();
    const s = fileSink(format, out, TEXT);
    // Ten partitions, most of them empty (the suite's repartition(10) of five rows).
    const empty = (k: number) => Array.from({ length: k }, () => [] as unknown[][]);
    await write(s, 0, TEXT, [], [["1"]], ...empty(3), [["2"], ["3"]], ...empty(4));
    await write(s, 1, TEXT, ...empty(7), [["4"]], [["5"]], []);
    const log = new FileStreamSinkLog(
      join(out, "_spark_metadata"),
      fileSinkLogSettings(() => undefined),
    );
    const allFiles = log.allFiles();
    // Only partition 0 (always) and the non-empty partitions have files.
    assert.equal(allFiles.length, 6, format);
    assert.ok(allFiles.length < 10 * 2);
    for (const f of allFiles) assert.equal(existsSync(localPathOf(f.path)), true);
    const spark = session();
    const outputDf = spark.read
      .format(format)
      .load(out)
      .selectExpr(`CAST(${format === "csv" ? "_c0" : "value"} AS INT)`);
    assert.deepEqual(await ints(outputDf), [1, 2, 3, 4, 5], format);
  }
});

test("special characters in the output path: _spark_metadata lies in it and the rows read back", async () => {
  const out = fresh("output @#output");
  await write(fileSink("parquet", out, VALUE), 0, VALUE, [[1], [2], [3]]);
  assert.equal(existsSync(join(out, "_spark_metadata", "0")), true);
  const spark = session();
  assert.deepEqual(await ints(spark.read.parquet(out)), [1, 2, 3]);
});

test("SPARK-21167: a partition value with a space reads back", async () => {
  const out = fresh();
  const schema = new StructType([new StructField("value", STRING, true), new StructField("len", INT, false)]);
  await write(fileSink("parquet", out, schema, { partitionBy: ["value"] }), 0, schema, [["hello world", 11]]);
  const spark = session();
  assert.deepEqual(await sorted(spark.read.parquet(out)), ['{"len":11,"value":"hello world"}']);
});

test("SPARK-20460: duplicate names in a user schema over the sink output are COLUMN_ALREADY_EXISTS", async () => {
  for (const [caseSensitive, c0, c1] of [
    [true, "a", "a"],
    [false, "aA", "Aa"],
  ] as const) {
    const out = fresh();
    const schema = new StructType([new StructField("_1", INT, false), new StructField("_2", INT, false)]);
    await write(fileSink("json", out, schema), 0, schema, [[1, 1]]);
    const spark = session();
    spark.conf.set("spark.sql.caseSensitive", String(caseSensitive));
    assert.throws(
      () => spark.read.schema(`${c0} INT, ${c1} INT`).json(out),
      (e: unknown) => {
        assert.equal(errorClass(e), "COLUMN_ALREADY_EXISTS");
        assert.equal((e as TsparkError).messageParameters.columnName, `\`${c1.toLowerCase()}\``);
        return true;
      },
    );
  }
});

test("an output whose log has no batch yet reads as empty: no schema to infer, or the user's schema", async () => {
  const out = fresh();
  fileSink("json", out, ID_VALUE);
  // A file dropped in before the first batch is not part of the output.
  writeFileSync(join(out, "stray.json"), '{"id":1}\n');
  const spark = session();
  assert.throws(
    () => spark.read.json(out),
    (e: unknown) => errorClass(e) === "UNABLE_TO_INFER_SCHEMA",
  );
  assert.deepEqual(await spark.read.schema("id INT").json(out).collect(), []);
});

test("reads across compactions and expired-log deletion", async () => {
  const out = fresh();
  const conf = {
    "spark.sql.streaming.fileSink.log.compactInterval": "3",
    "spark.sql.streaming.minBatchesToRetain": "1",
    "spark.sql.streaming.fileSink.log.cleanupDelay": "0",
  };
  const s = createFileStreamSink(
    {
      format: "json",
      options: new DataSourceOptions({ path: out }),
      outputMode: "append",
      partitionColumns: [],
      schema: ID_VALUE,
      queryName: undefined,
      session: context(conf),
    },
    new ManualClock(4102444800000),
  );
  for (let id = 0; id < 8; id++) await write(s, id, ID_VALUE, [[id, id * 10]]);
  const spark = session();
  spark.conf.set("spark.sql.streaming.fileSink.log.compactInterval", "3");
  const df = spark.read.json(out);
  assert.deepEqual(
    (await df.collect()).map((r) => r.id as number).sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  // The reader derives the interval from the log when its own conf says otherwise.
  const other = session();
  assert.equal(await other.read.json(out).count(), 8);
});

test("a sub-directory of the output is read by listing the file system", async () => {
  const out = fresh();
  await write(fileSink("json", out, ID_VALUE, { partitionBy: ["id"] }), 0, ID_VALUE, [
    [1, 10],
    [2, 20],
  ]);
  writeFileSync(join(out, "id=1", "extra.json"), '{"value":11}\n');
  const spark = session();
  assert.deepEqual(await sorted(spark.read.json(join(out, "id=1"))), ['{"value":10}', '{"value":11}']);
  assert.deepEqual(await sorted(spark.read.json(out)), ['{"value":10,"id":1}', '{"value":20,"id":2}']);
});
