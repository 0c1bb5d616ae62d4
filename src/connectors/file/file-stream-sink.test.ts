// The streaming file sink: batches as part files plus their _spark_metadata entry, idempotent
// replay, partitionBy, each format, failed batches, compaction, and Spark's start() errors
// (expected values from FileStreamSinkSuite).
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
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { injectedFault, setFaultHook } from "../../common/fault-points.js";
import type { RecordBatch } from "../../data/record-batch.js";
import { INT, LONG, STRING, StructField, StructType } from "../../types/data-type.js";
import type { OutputMode } from "../api/stream-sink.js";
import { DataSourceOptions } from "./data-source-options.js";
import { deserializeSinkFileStatuses, localPathOf, readSinkOutputFiles } from "./file-sink-log.js";
import type { FileSourceContext } from "./file-source.js";
import {
  createFileStreamSink,
  FILE_STREAM_SINK_PROVIDERS,
  type FileStreamSink,
  normalizePartitionColumns,
} from "./file-stream-sink.js";

const root = mkdtempSync(join(tmpdir(), "tspark-file-sink-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name = "out") => {
  const d = join(root, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return join(d, name);
};

function session(conf: Record<string, string> = {}): FileSourceContext {
  return {
    conf: (k) => conf[k],
    timeZone: "UTC",
    caseSensitive: false,
    partitionTypeInference: true,
    ignoreMissingFiles: false,
  };
}

const ID_VALUE = new StructType([new StructField("id", INT, false), new StructField("value", INT, false)]);
const VALUE_STR = new StructType([new StructField("value", STRING, true)]);
const AB = new StructType([new StructField("a", STRING), new StructField("b", STRING)]);

function sink(
  format: string,
  path: string | undefined,
  opts: {
    schema?: StructType;
    partitionBy?: string[];
    outputMode?: OutputMode;
    options?: Record<string, string>;
    conf?: Record<string, string>;
  } = {},
): FileStreamSink {
  return createFileStreamSink(
    {
      format,
      options: new DataSourceOptions({ ...(path === undefined ? {} : { path }), ...opts.options }),
      outputMode: opts.outputMode ?? "append",
      partitionColumns: opts.partitionBy ?? [],
      schema: opts.schema ?? ID_VALUE,
      queryName: undefined,
      session: session(opts.conf),
    },
    new ManualClock(0),
  );
}

async function* batches(...list: RecordBatch[]): AsyncIterable<RecordBatch> {
  for (const b of list) yield b;
}

function columnsOf(rows: unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
}

function rowsBatch(rows: unknown[][], width: number, partitionId?: number): RecordBatch {
  return {
    numRows: rows.length,
    columns: columnsOf(rows, width),
    ...(partitionId === undefined ? {} : { partitionId }),
  };
}

function partFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      if (name.name.startsWith("_") && !name.name.includes("=")) continue;
      if (name.isDirectory()) walk(join(d, name.name), `${rel}${name.name}/`);
      else out.push(`${rel}${name.name}`);
    }
  };
  walk(dir, "");
  return out.sort();
}

function logEntries(out: string, batchId: string) {
  const path = join(out, "_spark_metadata", batchId);
  return deserializeSinkFileStatuses(readFileSync(path, "utf8"), path);
}

const errorOf = (f: () => unknown): TsparkError => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof TsparkError, String(e));
    return e;
  }
  assert.fail("expected an error");
};

test("a batch becomes part files in place plus _spark_metadata/<batchId>; no _SUCCESS, no _temporary", async () => {
  const out = fresh();
  const s = sink("json", out);
  assert.equal(s.description, `FileSink[${out}]`);
  // The log directory exists from the start, as Spark's metadata log creates it.
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")), []);
  await s.addBatch(0, {
    schema: ID_VALUE,
    outputMode: "append",
    rows: batches(rowsBatch([[1, 1000]], 2), rowsBatch([[2, 2000]], 2, 1), rowsBatch([[3, 3000]], 2, 1)),
  });
  assert.deepEqual(
    readdirSync(out)
      .sort()
      .filter((f) => f.startsWith("_")),
    ["_spark_metadata"],
  );
  const files = partFiles(out);
  assert.equal(files.length, 2);
  for (const [i, f] of files.entries())
    assert.match(f, new RegExp(`^part-0000${i}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}-c000\\.json$`));
  // Each file has its own UUID (ManifestFileCommitProtocol), unlike a batch write's shared job id.
  assert.notEqual(files[0]!.slice(11, 47), files[1]!.slice(11, 47));
  assert.match(readFileSync(join(out, "_spark_metadata", "0"), "utf8"), /^v1\n\{"path":"file:\//);
  const entries = logEntries(out, "0");
  assert.deepEqual(entries.map((e) => localPathOf(e.path)).sort(), files.map((f) => join(out, f)).sort());
  for (const e of entries) {
    assert.equal(e.action, "add");
    assert.equal(e.isDir, false);
    assert.equal(e.blockReplication, 1);
    assert.equal(e.blockSize, 33554432);
  }
  assert.deepEqual(
    readFileSync(join(out, files[1]!), "utf8"),
    '{"id":2,"value":2000}\n{"id":3,"value":3000}\n',
  );
});

test("a batch id already in the log is skipped (its rows still drained): replay after a crash writes nothing twice", async () => {
  const out = fresh();
  const s = sink("json", out);
  await s.addBatch(0, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[1, 1]], 2)) });
  await s.addBatch(1, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[2, 2]], 2)) });
  const before = partFiles(out);
  let drained = false;
  async function* replay(): AsyncIterable<RecordBatch> {
    yield rowsBatch([[9, 9]], 2);
    drained = true;
  }
  await s.addBatch(1, { schema: ID_VALUE, outputMode: "append", rows: replay() });
  assert.equal(drained, true);
  // A restarted query (a new sink on the same output) skips it too, and any older id.
  const restarted = sink("json", out);
  await restarted.addBatch(0, {
    schema: ID_VALUE,
    outputMode: "append",
    rows: batches(rowsBatch([[9, 9]], 2)),
  });
  await restarted.addBatch(1, {
    schema: ID_VALUE,
    outputMode: "append",
    rows: batches(rowsBatch([[9, 9]], 2)),
  });
  assert.deepEqual(partFiles(out), before);
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), ["0", "1"]);
  await restarted.addBatch(2, {
    schema: ID_VALUE,
    outputMode: "append",
    rows: batches(rowsBatch([[3, 3]], 2)),
  });
  assert.equal(partFiles(out).length, 3);
});

test("partitionBy writes id=<v>/ directories and logs the files inside them", async () => {
  const out = fresh();
  const s = sink("parquet", out, { partitionBy: ["ID"] });
  await s.addBatch(0, {
    schema: ID_VALUE,
    outputMode: "append",
    rows: batches(
      rowsBatch(
        [
          [1, 1000],
          [2, 2000],
          [3, 3000],
          [1, 1001],
        ],
        2,
      ),
    ),
  });
  const files = partFiles(out);
  assert.deepEqual(
    files.map((f) => f.split("/")[0]),
    ["id=1", "id=2", "id=3"],
  );
  for (const f of files) assert.match(f, /^id=\d\/part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/);
  assert.deepEqual(
    logEntries(out, "0")
      .map((e) => localPathOf(e.path))
      .sort(),
    files.map((f) => join(out, f)),
  );
});

test("partition values with spaces and an output path with special characters (SPARK-21167)", async () => {
  const out = fresh("output @#output");
  const s = sink("json", out, {
    schema: new StructType([new StructField("value", STRING), new StructField("len", INT)]),
    partitionBy: ["value"],
  });
  await s.addBatch(0, {
    schema: new StructType([new StructField("value", STRING), new StructField("len", INT)]),
    outputMode: "append",
    rows: batches(rowsBatch([["hello world", 11]], 2)),
  });
  const entries = logEntries(out, "0");
  assert.equal(entries.length, 1);
  assert.ok(entries[0]!.path.includes("output%20@%23output/value=hello"), entries[0]!.path);
  const local = localPathOf(entries[0]!.path);
  assert.equal(existsSync(local), true);
  assert.equal(readFileSync(local, "utf8"), '{"len":11}\n');
});

test("each format writes its own extension and options (csv header, json, text, parquet)", async () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["csv", { header: "true" }, /\.csv$/],
    ["json", {}, /\.json$/],
    ["text", { compression: "gzip" }, /\.txt\.gz$/],
    ["parquet", {}, /\.snappy\.parquet$/],
  ];
  for (const [format, options, ext] of cases) {
    const out = fresh();
    const schema = format === "text" ? VALUE_STR : ID_VALUE;
    const row = format === "text" ? ["a"] : [1, 1000];
    const s = sink(format, out, { schema, options });
    await s.addBatch(0, { schema, outputMode: "append", rows: batches(rowsBatch([row], row.length)) });
    const files = partFiles(out);
    assert.equal(files.length, 1, format);
    assert.match(files[0]!, ext, format);
    if (format === "csv") assert.equal(readFileSync(join(out, files[0]!), "utf8"), "id,value\n1,1000\n");
  }
});

test("maxRecordsPerFile rolls over to -c001, -c002 within a partition", async () => {
  const out = fresh();
  const s = sink("json", out, { options: { maxRecordsPerFile: "2" } });
  const rows = [1, 2, 3, 4, 5].map((i) => [i, i]);
  await s.addBatch(0, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch(rows, 2)) });
  const files = partFiles(out);
  assert.deepEqual(files.map((f) => f.slice(-9)).sort(), ["c000.json", "c001.json", "c002.json"]);
  assert.equal(logEntries(out, "0").length, 3);
});

test("an empty batch still logs partition 0's file (it carries the schema); partitioned, it logs none", async () => {
  const out = fresh();
  await sink("parquet", out).addBatch(0, { schema: ID_VALUE, outputMode: "append", rows: batches() });
  assert.equal(logEntries(out, "0").length, 1);
  const out2 = fresh();
  await sink("parquet", out2, { partitionBy: ["id"] }).addBatch(0, {
    schema: ID_VALUE,
    outputMode: "append",
    rows: batches(),
  });
  assert.equal(readFileSync(join(out2, "_spark_metadata", "0"), "utf8"), "v1");
});

test("a batch that fails mid-way leaves no part files and no log entry (cleanup of aborted tasks)", async () => {
  const out = fresh();
  const s = sink("parquet", out);
  await s.addBatch(0, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[1, 1]], 2)) });
  const committed = partFiles(out);
  async function* failing(): AsyncIterable<RecordBatch> {
    yield rowsBatch([[2, 2]], 2);
    yield rowsBatch([[3, 3]], 2, 3);
    throw new TsparkError("DIVIDE_BY_ZERO", { messageParameters: { config: '"spark.sql.ansi.enabled"' } });
  }
  await assert.rejects(s.addBatch(1, { schema: ID_VALUE, outputMode: "append", rows: failing() }), (e) => {
    assert.ok(e instanceof TsparkError);
    assert.equal(e.errorClass, "TASK_WRITE_FAILED");
    assert.equal((e.cause as TsparkError).errorClass, "DIVIDE_BY_ZERO");
    return true;
  });
  assert.deepEqual(partFiles(out), committed);
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")), ["0"]);
  // The retried batch is written normally.
  await s.addBatch(1, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[2, 2]], 2)) });
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), ["0", "1"]);
});

/** Runs `f` with a fault hook that calls `onPoint` at during-sink-write, removing it afterwards. */
async function atSinkWrite<T>(onPoint: () => void, f: () => Promise<T>): Promise<T> {
  setFaultHook((point) => {
    if (point === "during-sink-write") onPoint();
  });
  try {
    return await f();
  } finally {
    setFaultHook(undefined);
  }
}

test("a crash at during-sink-write leaves files the log does not name: readers skip them, the re-run writes the batch once", async () => {
  const out = fresh();
  const s = sink("json", out);
  await s.addBatch(0, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[1, 10]], 2)) });
  const committed = partFiles(out);
  await assert.rejects(
    atSinkWrite(
      () => {
        throw injectedFault("during-sink-write");
      },
      () =>
        s.addBatch(1, {
          schema: ID_VALUE,
          outputMode: "append",
          rows: batches(rowsBatch([[2, 20]], 2), rowsBatch([[3, 30]], 2, 1)),
        }),
    ),
    (e) => e instanceof TsparkError && e.errorClass === "INJECTED_FAULT",
  );
  // The point is after the data files and before the log entry: both part files exist.
  const orphans = partFiles(out).filter((f) => !committed.includes(f));
  assert.equal(orphans.length, 2);
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")), ["0"]);
  const listed = () =>
    readSinkOutputFiles(out, () => undefined)
      .map((f) => f.path)
      .sort();
  assert.deepEqual(
    listed(),
    committed.map((f) => join(out, f)),
  );
  // The restarted query's sink re-runs batch 1: new files, one log entry naming only them.
  const restarted = sink("json", out);
  await restarted.addBatch(1, {
    schema: ID_VALUE,
    outputMode: "append",
    rows: batches(rowsBatch([[2, 20]], 2), rowsBatch([[3, 30]], 2, 1)),
  });
  const logged = logEntries(out, "1").map((e) => localPathOf(e.path));
  assert.equal(logged.length, 2);
  for (const f of logged) assert.ok(!orphans.map((o) => join(out, o)).includes(f), "fresh file names");
  assert.deepEqual(listed(), [...committed.map((f) => join(out, f)), ...logged].sort());
  const rows = listed()
    .map((f) => readFileSync(f, "utf8"))
    .join("")
    .trim()
    .split("\n")
    .sort();
  assert.deepEqual(rows, ['{"id":1,"value":10}', '{"id":2,"value":20}', '{"id":3,"value":30}']);
});

test("a log entry that cannot be written deletes the batch's files (Spark's abortJob)", async () => {
  const out = fresh();
  // compactInterval 2: batch 1 is a compaction that needs batch 0's entry.
  const conf = { "spark.sql.streaming.fileSink.log.compactInterval": "2" };
  const s = sink("json", out, { conf });
  await s.addBatch(0, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[1, 10]], 2)) });
  const before = partFiles(out);
  let written: string[] = [];
  await assert.rejects(
    atSinkWrite(
      () => {
        written = partFiles(out);
        rmSync(join(out, "_spark_metadata", "0"));
      },
      () => s.addBatch(1, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[2, 20]], 2)) }),
    ),
    (e) => e instanceof TsparkError && e.errorClass === "STREAMING_CHECKPOINT_INCONSISTENT_LOGS",
  );
  assert.equal(written.length, before.length + 1, "the batch's file existed before the log write");
  assert.deepEqual(partFiles(out), before);
});

test("a batch id another writer logged first is CONCURRENT_STREAM_LOG_UPDATE and this writer's files go", async () => {
  const out = fresh();
  const s = sink("json", out);
  await s.addBatch(0, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[1, 10]], 2)) });
  const before = partFiles(out);
  // The other writer's entry for batch 1 lands between this writer's files and its log write.
  const theirs = "v1";
  await assert.rejects(
    atSinkWrite(
      () => writeFileSync(join(out, "_spark_metadata", "1"), theirs),
      () => s.addBatch(1, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[2, 20]], 2)) }),
    ),
    (e) => e instanceof TsparkError && e.errorClass === "CONCURRENT_STREAM_LOG_UPDATE",
  );
  assert.deepEqual(partFiles(out), before);
  assert.equal(readFileSync(join(out, "_spark_metadata", "1"), "utf8"), theirs);
});

test("the log compacts at spark.sql.streaming.fileSink.log.compactInterval", async () => {
  const out = fresh();
  const s = sink("json", out, { conf: { "spark.sql.streaming.fileSink.log.compactInterval": "2" } });
  for (let id = 0; id < 5; id++)
    await s.addBatch(id, { schema: ID_VALUE, outputMode: "append", rows: batches(rowsBatch([[id, id]], 2)) });
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), [
    "0",
    "1.compact",
    "2",
    "3.compact",
    "4",
  ]);
  assert.equal(logEntries(out, "3.compact").length, 4);
  assert.deepEqual(
    s.log
      .allFiles()
      .map((e) => localPathOf(e.path))
      .sort(),
    partFiles(out).map((f) => join(out, f)),
  );
});

test("Update and Complete output modes are STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE (42KDE)", () => {
  for (const mode of ["update", "complete"] as const) {
    const e = errorOf(() => sink("parquet", fresh(), { outputMode: mode }));
    assert.equal(e.errorClass, "STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE");
    assert.equal(e.sqlState, "42KDE");
    assert.deepEqual(e.messageParameters, { className: "parquet", outputMode: mode });
    assert.match(
      e.message,
      new RegExp(
        `Invalid streaming output mode: ${mode}\\. This output mode is not supported in Data Source parquet\\.`,
      ),
    );
  }
});

test("a missing path is Spark's \"'path' is not specified\" (_LEGACY_ERROR_TEMP_2047)", () => {
  const e = errorOf(() => sink("json", undefined));
  assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_2047");
  assert.match(e.message, /'path' is not specified/);
});

test("partitionBy names are matched to the query's columns; an unknown one is _LEGACY_ERROR_TEMP_1196", () => {
  assert.deepEqual(normalizePartitionColumns(ID_VALUE, ["ID", "Value"], false), ["id", "value"]);
  const e = errorOf(() => sink("parquet", fresh(), { partitionBy: ["col1"] }));
  assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_1196");
  assert.match(e.message, /Partition column col1 not found in existing columns \(id, value\)/);
  assert.equal(
    errorOf(() => normalizePartitionColumns(ID_VALUE, ["ID"], true)).errorClass,
    "_LEGACY_ERROR_TEMP_1196",
  );
});

test("format errors surface at the first batch: text takes one column, all-partition columns are refused", async () => {
  const out = fresh();
  await assert.rejects(
    sink("text", out, { schema: AB }).addBatch(0, {
      schema: AB,
      outputMode: "append",
      rows: batches(rowsBatch([["x", "y"]], 2)),
    }),
    (e) => e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_1290",
  );
  const two = new StructType([new StructField("a", LONG), new StructField("b", LONG)]);
  await assert.rejects(
    sink("json", fresh(), { schema: two, partitionBy: ["a", "b"] }).addBatch(0, {
      schema: two,
      outputMode: "append",
      rows: batches(),
    }),
    (e) => e instanceof TsparkError && e.errorClass === "ALL_PARTITION_COLUMNS_NOT_ALLOWED",
  );
  assert.deepEqual(readdirSync(join(out, "_spark_metadata")), []);
});

test("providers are registered for parquet, csv, json and text", () => {
  assert.deepEqual(
    FILE_STREAM_SINK_PROVIDERS.map((p) => p.shortName),
    ["parquet", "csv", "json", "text"],
  );
  const out = fresh();
  const p = FILE_STREAM_SINK_PROVIDERS[0]!;
  const s = p.createSink({
    format: "parquet",
    options: new DataSourceOptions({ path: out }),
    outputMode: "append",
    partitionColumns: [],
    schema: ID_VALUE,
    queryName: undefined,
    session: session(),
  });
  assert.equal(s.description, `FileSink[${out}]`);
});
