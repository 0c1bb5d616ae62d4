// The streaming file source against real files in temp dirs. Expected values follow Spark's
// FileStreamSourceSuite (schema rules, maxFilesPerTrigger batches, latestFirst, maxFileAge,
// SeenFilesMap, cleanSource, arbitrary getBatch ranges, partitioned directories).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { INT, LONG, STRING, StructField, StructType } from "../../types/data-type.js";
import { parseSchema } from "../../types/ddl.js";
import type { FileSourceLogPort } from "../api/file-source-log-port.js";
import type { ReadLimit } from "../api/stream-source.js";
import { DataSourceOptions } from "./data-source-options.js";
import { FileStreamSinkLog, fileSinkLogSettings, sinkFileStatusOf } from "./file-sink-log.js";
import type { FileSourceContext } from "./file-source.js";
import {
  checkArchiveDir,
  type FileStreamSource,
  fileStreamSourceOffsetJson,
  fileStreamSourceProvider,
  MemoryFileSourceLog,
  parseFileStreamSourceOffset,
  SeenFilesMap,
} from "./file-stream-source.js";
import { timeStringAsMs } from "../stream-option.js";
import { parseFileStreamOptions } from "./file-stream-source-options.js";
import { parquetFormat } from "./parquet-format.js";

const ALL: ReadLimit = { kind: "all" };
/** A base modification time (seconds) far from "now", so tests never depend on the clock. */
const T0 = 1_600_000_000;

function tempDir(prefix = "src"): string {
  return mkdtempSync(join(tmpdir(), `tspark-fss-${prefix}-`));
}

function session(conf: Record<string, string> = {}): FileSourceContext {
  return {
    conf: (k) => conf[k],
    timeZone: "UTC",
    caseSensitive: false,
    partitionTypeInference: true,
    ignoreMissingFiles: false,
  };
}

/** Writes `content` to `dir/name` with modification time `T0 + seconds`. */
function writeFile(dir: string, name: string, content: string, seconds = 0): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, content);
  utimesSync(path, T0 + seconds, T0 + seconds);
  return path;
}

interface SourceSpec {
  readonly format?: string;
  readonly path: string;
  readonly schema?: StructType | string;
  readonly options?: Record<string, string>;
  readonly conf?: Record<string, string>;
  readonly log?: FileSourceLogPort;
}

function request(spec: SourceSpec) {
  const userSchema = typeof spec.schema === "string" ? parseSchema(spec.schema) : spec.schema;
  return {
    format: spec.format ?? "text",
    options: new DataSourceOptions({ ...spec.options, path: spec.path }),
    userSchema,
    path: spec.path,
    session: session(spec.conf),
  };
}

/** `readStream…load(path)`: the schema at load time. */
function loadSchema(spec: SourceSpec): StructType {
  return fileStreamSourceProvider(spec.format ?? "text").sourceSchema(request(spec));
}

/** `load()` then a query start: a running source. */
function startSource(spec: SourceSpec): FileStreamSource {
  const provider = fileStreamSourceProvider(spec.format ?? "text");
  const req = request(spec);
  const schema = provider.sourceSchema(req);
  return provider.createSource(req, schema, {
    clock: { getTimeMillis: () => 0 } as never,
    defaultParallelism: 2,
    ...(spec.log ? { fileSourceLog: spec.log } : {}),
  }) as FileStreamSource;
}

/** The rows of (start, end] as arrays of values, in read order. */
async function rows(src: FileStreamSource, start: string | undefined, end: string): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const b of src.getBatch(start, end))
    for (let r = 0; r < b.numRows; r++) out.push(b.columns.map((c) => c[r]));
  return out;
}

/** Runs one trigger with the source's default limit; the new batch's rows (sorted), or undefined. */
async function trigger(
  src: FileStreamSource,
  state: { end?: string | undefined },
  limit: ReadLimit = src.defaultReadLimit(),
): Promise<unknown[][] | undefined> {
  const end = await src.latestOffset(state.end, limit);
  if (end === undefined || end === state.end) return undefined;
  const out = await rows(src, state.end, end);
  await src.commit(end);
  state.end = end;
  return out.sort((a, b) => String(a).localeCompare(String(b)));
}

function hasClass(cls: string, ...words: string[]) {
  return (e: unknown) => {
    assert.ok(e instanceof TsparkError, String(e));
    assert.equal(e.errorClass, cls, e.message);
    for (const w of words) assert.ok(e.message.includes(w), `${e.message} lacks ${w}`);
    return true;
  };
}

// ---- offsets and SeenFilesMap ------------------------------------------------------------------

test('offsets are {"logOffset":N}; Spark 2.1\'s JSON and bare long forms read back', () => {
  assert.equal(fileStreamSourceOffsetJson(3), '{"logOffset":3}');
  assert.equal(parseFileStreamSourceOffset('{"logOffset":345}'), 345);
  assert.equal(parseFileStreamSourceOffset("345"), 345);
  assert.throws(() => parseFileStreamSourceOffset('{"offset":1}'), hasClass("INTERNAL_ERROR"));
});

test("SeenFilesMap (Spark's cases)", () => {
  const map = new SeenFilesMap(10, false);
  map.add("a", 5);
  assert.equal(map.size, 1);
  map.purge();
  assert.equal(map.size, 1);
  // The gap is exactly 10 ms: nothing purged.
  map.add("b", 15);
  assert.equal(map.size, 2);
  map.purge();
  assert.equal(map.size, 2);
  map.add("c", 16);
  assert.equal(map.size, 3);
  map.purge();
  assert.equal(map.size, 2);
  map.add("c", 25);
  assert.equal(map.size, 2);
  assert.equal(map.isNewFile("c", 20), false);
  assert.equal(map.isNewFile("d", 5), false);
  assert.equal(map.isNewFile("e", 20), true);
});

test("SeenFilesMap with fileNameOnly compares names only", () => {
  const map = new SeenFilesMap(10, true);
  map.add("/a/b/c/d", 5);
  map.add("/a/b/c/e", 5);
  assert.equal(map.size, 2);
  for (const p of ["d", "/d", "/x/d", "/x/y/d"]) assert.equal(map.isNewFile(p, 5), false);
  map.add("/bucket/d", 5);
  map.add("/other/bucket/d", 5);
  assert.equal(map.size, 2);
});

test("SeenFilesMap: a file is old only if earlier than the last purge time", () => {
  const map = new SeenFilesMap(10, false);
  map.add("a", 20);
  assert.equal(map.size, 1);
  assert.equal(map.isNewFile("b", 9), true);
  assert.equal(map.isNewFile("b", 10), true);
  map.purge();
  assert.equal(map.isNewFile("b", 9), false);
  assert.equal(map.isNewFile("b", 10), true);
});

// ---- schema at load() --------------------------------------------------------------------------

test("schema: no path is _LEGACY_ERROR_TEMP_2047 (the path, not the schema), with or without inference", () => {
  for (const inference of ["false", "true"]) {
    const req = { ...request({ path: "x", conf: { "spark.sql.streaming.schemaInference": inference } }) };
    assert.throws(
      () =>
        fileStreamSourceProvider("json").sourceSchema({
          ...req,
          path: undefined,
          options: new DataSourceOptions(),
        }),
      hasClass("_LEGACY_ERROR_TEMP_2047", "path"),
    );
  }
});

test("schema: a path that does not exist is PATH_NOT_FOUND, with or without a schema", () => {
  const missing = join(tempDir(), "1");
  assert.throws(() => loadSchema({ format: "json", path: missing }), hasClass("PATH_NOT_FOUND"));
  assert.throws(
    () => loadSchema({ format: "json", path: missing, schema: "value INT" }),
    hasClass("PATH_NOT_FOUND"),
  );
  // A glob is not checked: it may match only once files arrive.
  assert.deepEqual(
    loadSchema({ path: join(missing, "*") }),
    new StructType([new StructField("value", STRING)]),
  );
});

test("schema: text has value STRING without a schema, the user's with one", () => {
  const src = tempDir();
  assert.deepEqual(loadSchema({ path: src }), new StructType([new StructField("value", STRING)]));
  writeFile(src, "1", "a\nb\nc");
  assert.deepEqual(loadSchema({ path: src }), new StructType([new StructField("value", STRING)]));
  assert.deepEqual(
    loadSchema({ path: src, schema: "userColumn STRING" }),
    new StructType([new StructField("userColumn", STRING)]),
  );
});

test("schema: json needs a schema unless spark.sql.streaming.schemaInference is true", () => {
  const src = tempDir();
  assert.throws(
    () => loadSchema({ format: "json", path: src }),
    hasClass(
      "_LEGACY_ERROR_TEMP_2048",
      "Schema must be specified when creating a streaming source DataFrame",
    ),
  );
  const inference = { "spark.sql.streaming.schemaInference": "true" };
  assert.throws(
    () => loadSchema({ format: "json", path: src, conf: inference }),
    (e: unknown) =>
      hasClass("UNABLE_TO_INFER_SCHEMA")(e) && (e as TsparkError).messageParameters.format === "JSON",
  );
  writeFile(src, "1", "{'c': '1'}\n{'c': '2'}\n{'c': '3'}");
  assert.deepEqual(
    loadSchema({ format: "json", path: src, conf: inference }),
    new StructType([new StructField("c", STRING)]),
  );
  assert.deepEqual(
    loadSchema({ format: "json", path: src, schema: "userColumn STRING" }),
    new StructType([new StructField("userColumn", STRING)]),
  );
});

test("schema: parquet is inferred from existing files only with schemaInference", async () => {
  const src = tempDir();
  const schema = parseSchema("value STRING");
  const ctx = session();
  const job = parquetFormat.prepareWrite(schema, new DataSourceOptions(), ctx);
  const w = await parquetFormat.createWriter(join(src, `part-0${job.extension}`), job, ctx);
  await w.write({ numRows: 3, columns: [["a", "b", "c"]] });
  await w.close();
  assert.throws(() => loadSchema({ format: "parquet", path: src }), hasClass("_LEGACY_ERROR_TEMP_2048"));
  assert.deepEqual(
    loadSchema({ format: "parquet", path: src, conf: { "spark.sql.streaming.schemaInference": "true" } }),
    new StructType([new StructField("value", STRING)]),
  );
});

test("schema: forced nullable (SPARK-28651) unless fileSource.schema.forceNullable is false", () => {
  const src = tempDir();
  const schema = new StructType([new StructField("foo", LONG, false)]);
  assert.deepEqual(
    loadSchema({ format: "json", path: src, schema }),
    new StructType([new StructField("foo", LONG, true)]),
  );
  assert.deepEqual(
    loadSchema({
      format: "json",
      path: src,
      schema,
      conf: { "spark.sql.streaming.fileSource.schema.forceNullable": "false" },
    }),
    schema,
  );
});

// ---- reading ----------------------------------------------------------------------------------

test("read from text files; a restart with the same log reads only new files", async () => {
  const src = tempDir();
  const log = new MemoryFileSourceLog();
  const q1 = startSource({ path: src, log });
  assert.equal(q1.description, `FileStreamSource[file:${src}]`);
  const state: { end?: string } = {};
  assert.equal(await q1.latestOffset(undefined, ALL), undefined);
  writeFile(src, "a.txt", "drop1\nkeep2\nkeep3");
  assert.deepEqual(await trigger(q1, state), [["drop1"], ["keep2"], ["keep3"]]);
  assert.equal(state.end, '{"logOffset":0}');
  await q1.stop();

  writeFile(src, "b.txt", "drop4\nkeep5\nkeep6", 1);
  const q2 = startSource({ path: src, log });
  assert.equal(q2.seenFiles.size, 1);
  assert.deepEqual(await trigger(q2, state), [["drop4"], ["keep5"], ["keep6"]]);
  assert.equal(state.end, '{"logOffset":1}');
  writeFile(src, "c.txt", "drop7\nkeep8\nkeep9", 2);
  assert.deepEqual(await trigger(q2, state), [["drop7"], ["keep8"], ["keep9"]]);
  // Nothing new: the same offset, no batch.
  assert.equal(await q2.latestOffset(state.end, ALL), '{"logOffset":2}');
});

test("a planned batch re-reads exactly its logged files after a restart", async () => {
  const src = tempDir();
  const log = new MemoryFileSourceLog();
  const q1 = startSource({ path: src, log });
  writeFile(src, "a.txt", "a");
  const end = await q1.latestOffset(undefined, ALL);
  assert.equal(end, '{"logOffset":0}');
  // Crash before the batch commits; more files arrive meanwhile.
  writeFile(src, "b.txt", "b", 1);
  const q2 = startSource({ path: src, log });
  assert.deepEqual(await rows(q2, undefined, end as string), [["a"]]);
  assert.equal(await q2.latestOffset(end, ALL), '{"logOffset":1}');
  assert.deepEqual(await rows(q2, end, '{"logOffset":1}'), [["b"]]);
  assert.deepEqual(log.getBatch(0), [
    { path: `file://${join(src, "a.txt")}`, timestamp: T0 * 1000, batchId: 0 },
  ]);
});

test("getBatch of arbitrary log ranges (Spark's 'get arbitrary batch')", async () => {
  const src = tempDir();
  const q = startSource({ path: src });
  const state: { end?: string } = {};
  for (const [i, v] of ["keep1", "keep2", "keep3"].entries()) {
    writeFile(src, `${v}.txt`, v, i);
    await trigger(q, state);
  }
  const off = fileStreamSourceOffsetJson;
  assert.deepEqual(await rows(q, undefined, off(2)), [["keep1"], ["keep2"], ["keep3"]]);
  assert.deepEqual(await rows(q, off(0), off(1)), [["keep2"]]);
  assert.deepEqual(await rows(q, off(0), off(2)), [["keep2"], ["keep3"]]);
  assert.deepEqual(await rows(q, off(1), off(2)), [["keep3"]]);
  assert.deepEqual(await rows(q, off(2), off(2)), []);
});

test("json files: PERMISSIVE keeps a malformed line as nulls, DROPMALFORMED drops it, FAILFAST fails the batch", async () => {
  const src = tempDir();
  writeFile(src, "a.json", '{"value":"ok"}\n{"value": \n');
  const read = async (mode: string) => {
    const q = startSource({ format: "json", path: src, schema: "value STRING", options: { mode } });
    const end = (await q.latestOffset(undefined, ALL)) as string;
    return rows(q, undefined, end);
  };
  assert.deepEqual(await read("PERMISSIVE"), [["ok"], [null]]);
  assert.deepEqual(await read("DROPMALFORMED"), [["ok"]]);
  await assert.rejects(read("FAILFAST"), (e: unknown) => e instanceof TsparkError);
});

test("csv options pass through to the reader", async () => {
  const src = tempDir();
  writeFile(src, "a.csv", "id;name\n1;x\n2;y\n");
  const q = startSource({
    format: "csv",
    path: src,
    schema: "id INT, name STRING",
    options: { header: "true", sep: ";" },
  });
  const end = (await q.latestOffset(undefined, ALL)) as string;
  assert.deepEqual(await rows(q, undefined, end), [
    [1, "x"],
    [2, "y"],
  ]);
});

// ---- read limits -------------------------------------------------------------------------------

test("maxFilesPerTrigger: 2 files per batch in modification-time order (Spark's batches)", async () => {
  const src = tempDir();
  let t = 0;
  const create = (n: number) => writeFile(src, `${n}.txt`, String(n), t++);
  for (const n of [1, 2, 3]) create(n);
  const q = startSource({ path: src, options: { maxFilesPerTrigger: "2" } });
  assert.deepEqual(q.defaultReadLimit(), { kind: "maxFiles", maxFiles: 2 });
  const state: { end?: string } = {};
  assert.deepEqual(await trigger(q, state), [["1"], ["2"]]);
  assert.deepEqual(await trigger(q, state), [["3"]]);
  assert.equal(await trigger(q, state), undefined);
  for (const n of [4, 5, 6, 7]) create(n);
  assert.deepEqual(await trigger(q, state), [["4"], ["5"]]);
  assert.deepEqual(await trigger(q, state), [["6"], ["7"]]);
  for (const n of [8, 9, 10, 11, 12]) create(n);
  assert.deepEqual(await trigger(q, state), [["8"], ["9"]]);
  assert.deepEqual(await trigger(q, state), [["10"], ["11"]]);
  assert.deepEqual(await trigger(q, state), [["12"]]);
  assert.equal(state.end, '{"logOffset":6}');
});

test("maxFilesPerTrigger: incorrect values fail when the query starts the source", () => {
  const src = tempDir();
  for (const value of ["not-a-integer", "-1", "0", "10.1"]) {
    // load() accepts it; the error comes when the query creates the source, as in Spark.
    loadSchema({ path: src, options: { maxFilesPerTrigger: value } });
    assert.throws(
      () => startSource({ path: src, options: { maxFilesPerTrigger: value } }),
      hasClass("ILLEGAL_ARGUMENT", "maxFilesPerTrigger", value, "positive integer"),
    );
  }
});

test("ReadLimit all (Trigger.Once) ignores maxFilesPerTrigger (SPARK-30669)", async () => {
  const src = tempDir();
  for (const n of [1, 2, 3]) writeFile(src, `${n}.txt`, String(n), n);
  const q = startSource({ path: src, options: { maxFilesPerTrigger: "1" } });
  const state: { end?: string } = {};
  assert.deepEqual(await trigger(q, state, ALL), [["1"], ["2"], ["3"]]);
  for (const n of [4, 5]) writeFile(src, `${n}.txt`, String(n), n);
  assert.deepEqual(await trigger(q, state, ALL), [["4"], ["5"]]);
});

test("Trigger.AvailableNow: the listing at start bounds the run; maxFilesPerTrigger still applies", async () => {
  const src = tempDir();
  for (const n of [1, 2, 3]) writeFile(src, `${n}.txt`, String(n), n);
  const log = new MemoryFileSourceLog();
  const q = startSource({ path: src, options: { maxFilesPerTrigger: "1" }, log });
  q.prepareForTriggerAvailableNow();
  writeFile(src, "4.txt", "4", 4);
  const state: { end?: string } = {};
  const batches: unknown[][][] = [];
  for (let b = await trigger(q, state); b !== undefined; b = await trigger(q, state)) batches.push(b);
  assert.deepEqual(batches, [[["1"]], [["2"]], [["3"]]]);
  // The next run (a new source over the same log) picks the late file up.
  const q2 = startSource({ path: src, options: { maxFilesPerTrigger: "1" }, log });
  q2.prepareForTriggerAvailableNow();
  assert.deepEqual(await trigger(q2, state), [["4"]]);
  assert.equal(await trigger(q2, state), undefined);
});

test("maxBytesPerTrigger: files while their total fits, always at least one", async () => {
  const src = tempDir();
  for (const n of [1, 2, 3, 4, 5]) writeFile(src, `${n}.txt`, `${n}`.repeat(10), n);
  writeFile(src, "6.txt", "6".repeat(40), 6);
  const q = startSource({ path: src, options: { maxBytesPerTrigger: "25" } });
  assert.deepEqual(q.defaultReadLimit(), { kind: "maxBytes", maxBytes: 25 });
  const state: { end?: string } = {};
  const sizes: number[] = [];
  for (let b = await trigger(q, state); b !== undefined; b = await trigger(q, state)) sizes.push(b.length);
  // 10+10 | 10+10 | 10 (the 40-byte file does not fit after it) | 40 alone.
  assert.deepEqual(sizes, [2, 2, 1, 1]);
});

test("maxBytesPerTrigger: bad values and the combination with maxFilesPerTrigger are Spark's errors", () => {
  const src = tempDir();
  for (const value of ["0", "-5", "1.5", "x"])
    assert.throws(
      () => startSource({ path: src, options: { maxBytesPerTrigger: value } }),
      hasClass("ILLEGAL_ARGUMENT", `Invalid value '${value}' for option 'maxBytesPerTrigger'`),
    );
  assert.throws(
    () => startSource({ path: src, options: { maxFilesPerTrigger: "1", maxBytesPerTrigger: "10" } }),
    hasClass("ILLEGAL_ARGUMENT", "can't be both set at the same time"),
  );
});

test("unread files are cached: a batch takes the cached listing before listing again", async () => {
  const src = tempDir();
  for (let n = 0; n < 30; n++) writeFile(src, `f${String(n).padStart(2, "0")}`, String(n), 100 + n);
  const q = startSource({ path: src, options: { maxFilesPerTrigger: "10" } });
  const state: { end?: string } = {};
  const first = await trigger(q, state);
  assert.deepEqual(
    first?.map((r) => Number(r[0])).sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  // An older file arriving now would sort first in a new listing; the cache is used instead.
  writeFile(src, "late", "late", 0);
  const second = await trigger(q, state);
  assert.deepEqual(
    second?.map((r) => Number(r[0])).sort((a, b) => a - b),
    [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
  );
  // The last 10 cached files, then a fresh listing finds the late file.
  assert.equal((await trigger(q, state))?.length, 10);
  assert.deepEqual(await trigger(q, state), [["late"]]);
});

// ---- latestFirst, maxFileAge, fileNameOnly -------------------------------------------------------

async function twoBatches(src: string, options: Record<string, string>): Promise<unknown[]> {
  const q = startSource({ path: src, options: { maxFilesPerTrigger: "1", ...options } });
  const state: { end?: string } = {};
  return [await trigger(q, state), await trigger(q, state)];
}

test("latestFirst: oldest file first by default, newest first with latestFirst", async () => {
  const src = tempDir();
  writeFile(src, "1.txt", "1", 0);
  writeFile(src, "2.txt", "2", 1);
  assert.deepEqual(await twoBatches(src, { latestFirst: "false" }), [[["1"]], [["2"]]]);
  assert.deepEqual(await twoBatches(src, { latestFirst: "true" }), [[["2"]], [["1"]]]);
});

test("maxFileAge is ignored with latestFirst and maxFilesPerTrigger (SPARK-19813)", async () => {
  const src = tempDir();
  writeFile(src, "1.txt", "1", 0);
  writeFile(src, "2.txt", "2", 3600);
  assert.deepEqual(await twoBatches(src, { latestFirst: "true", maxFileAge: "1m" }), [[["2"]], [["1"]]]);
});

test("maxFileAge: after the first batch, files older than newest − maxFileAge are skipped", async () => {
  const src = tempDir();
  writeFile(src, "new.txt", "new", 3600);
  const q = startSource({ path: src, options: { maxFileAge: "1m" } });
  const state: { end?: string } = {};
  assert.deepEqual(await trigger(q, state), [["new"]]);
  writeFile(src, "old.txt", "old", 0);
  writeFile(src, "recent.txt", "recent", 3590);
  assert.deepEqual(await trigger(q, state), [["recent"]]);
});

test("the seen-files map forgets files older than maxFileAge (SPARK-17165)", async () => {
  const src = tempDir();
  const q = startSource({ path: src, options: { maxFileAge: "5ms" } });
  const state: { end?: string } = {};
  writeFile(src, "a.txt", "a\nb", 0);
  assert.deepEqual(await trigger(q, state), [["a"], ["b"]]);
  writeFile(src, "c.txt", "c\nd", 1);
  assert.deepEqual(await trigger(q, state), [["c"], ["d"]]);
  assert.equal(q.seenFiles.size, 1);
});

test("fileNameOnly: a file with a seen name in another directory is not new", async () => {
  const root = tempDir();
  writeFile(join(root, "a"), "x.txt", "first", 0);
  const q = startSource({ path: join(root, "*"), options: { fileNameOnly: "true" } });
  const state: { end?: string } = {};
  assert.deepEqual(await trigger(q, state), [["first"]]);
  writeFile(join(root, "b"), "x.txt", "second", 1);
  writeFile(join(root, "b"), "y.txt", "third", 2);
  assert.deepEqual(await trigger(q, state), [["third"]]);
});

test("boolean options accept true/false in any case only", () => {
  const src = tempDir();
  assert.equal(startSource({ path: src, options: { latestFirst: "TRUE" } }).options.latestFirst, true);
  assert.throws(
    () => startSource({ path: src, options: { fileNameOnly: "yes" } }),
    hasClass("ILLEGAL_ARGUMENT", "Invalid value 'yes' for option 'fileNameOnly', must be 'true' or 'false'"),
  );
});

test("modifiedBefore / modifiedAfter are not allowed (SPARK-31962)", () => {
  const src = tempDir();
  for (const option of ["modifiedBefore", "modifiedAfter"])
    assert.throws(
      () =>
        startSource({
          format: "csv",
          path: src,
          schema: "a STRING",
          options: { [option]: "2020-01-01T00:00:00" },
        }),
      hasClass("ILLEGAL_ARGUMENT", "is not allowed in file stream source"),
    );
});

// ---- directories, globs, partitions -------------------------------------------------------------

test("globs: dir/*/* reads files one and two levels down as the batch index lists them", async () => {
  const dir = tempDir();
  const sub = join(dir, "subdir");
  const subsub = join(sub, "subsubdir");
  const q = startSource({ path: join(dir, "*", "*") });
  const state: { end?: string } = {};
  assert.equal(await trigger(q, state), undefined);
  writeFile(sub, "1", "drop1\nkeep2", 1);
  assert.deepEqual(await trigger(q, state), [["drop1"], ["keep2"]]);
  writeFile(sub, "2", "keep3", 2);
  assert.deepEqual(await trigger(q, state), [["keep3"]]);
  writeFile(subsub, "3", "keep4", 3);
  assert.deepEqual(await trigger(q, state), [["keep4"]]);
  writeFile(dir, "4", "keep6", 4);
  writeFile(join(subsub, "subsubsubdir"), "5", "keep7", 5);
  writeFile(sub, "6", "keep8", 6);
  assert.deepEqual(await trigger(q, state), [["keep8"]]);
});

test("partitioned directory without a glob: partition values come from key=value dirs", async () => {
  const dir = tempDir();
  const q = startSource({ format: "json", path: dir, schema: "value STRING, partition STRING" });
  const state: { end?: string } = {};
  writeFile(join(dir, "partition=foo"), "1", "{'value': 'drop1'}\n{'value': 'keep2'}", 1);
  assert.deepEqual(await trigger(q, state), [
    ["drop1", "foo"],
    ["keep2", "foo"],
  ]);
  writeFile(join(dir, "partition=bar"), "2", "{'value': 'keep4'}", 2);
  assert.deepEqual(await trigger(q, state), [["keep4", "bar"]]);
});

test("partitioned directory read through a glob: no partition values (the column is read from the data)", async () => {
  const dir = tempDir();
  const q = startSource({
    format: "json",
    path: join(dir, "*", "*"),
    schema: "value STRING, partition STRING",
  });
  const state: { end?: string } = {};
  writeFile(join(dir, "partition=foo"), "1", "{'value': 'keep2'}", 1);
  assert.deepEqual(await trigger(q, state), [["keep2", null]]);
});

test("schema inference on a partitioned directory: partition columns last, read per file", async () => {
  const dir = tempDir();
  writeFile(join(dir, "partition=foo"), "0", "{'value': 'drop0'}", 0);
  const spec = { format: "json", path: dir, conf: { "spark.sql.streaming.schemaInference": "true" } };
  assert.deepEqual(
    loadSchema(spec),
    new StructType([new StructField("value", STRING), new StructField("partition", STRING)]),
  );
  const q = startSource(spec);
  const state: { end?: string } = {};
  assert.deepEqual(await trigger(q, state), [["drop0", "foo"]]);
  writeFile(join(dir, "partition=bar"), "1", "{'value': 'keep4'}", 1);
  assert.deepEqual(await trigger(q, state), [["keep4", "bar"]]);
});

test("a user schema's partition column moves to the end when the directory is partitioned at load", async () => {
  const dir = tempDir();
  writeFile(join(dir, "p=1"), "a.json", '{"value":"x"}', 0);
  const spec = { format: "json", path: dir, schema: "p INT, value STRING" };
  assert.deepEqual(
    loadSchema(spec),
    new StructType([new StructField("value", STRING), new StructField("p", INT)]),
  );
  const q = startSource(spec);
  const state: { end?: string } = {};
  assert.deepEqual(await trigger(q, state), [["x", 1]]);
  writeFile(join(dir, "p=2"), "b.json", '{"value":"y"}', 1);
  assert.deepEqual(await trigger(q, state), [["y", 2]]);
});

test("pathGlobFilter keeps matching file names", async () => {
  const dir = tempDir();
  writeFile(dir, "a.txt", "foo", 0);
  writeFile(dir, "b.orc", "bar", 1);
  const q = startSource({ path: dir, options: { pathGlobFilter: "*.txt" } });
  assert.deepEqual(await trigger(q, {}), [["foo"]]);
});

test("a logged file deleted before its batch is read is skipped", async () => {
  const dir = tempDir();
  const a = writeFile(dir, "a.txt", "a", 0);
  writeFile(dir, "b.txt", "b", 1);
  const q = startSource({ path: dir });
  const end = (await q.latestOffset(undefined, ALL)) as string;
  rmSync(a);
  assert.deepEqual(await rows(q, undefined, end), [["b"]]);
});

test("file names with spaces, % and brackets are logged URL-encoded and read back", async () => {
  const dir = tempDir();
  const log = new MemoryFileSourceLog();
  writeFile(dir, "text [123] %x y", "keep", 0);
  const q = startSource({ path: dir, log });
  assert.deepEqual(await trigger(q, {}), [["keep"]]);
  assert.equal(log.getBatch(0)?.[0]?.path, `file://${dir}/text%20%5B123%5D%20%25x%20y`);
  const again = startSource({ path: dir, log });
  assert.equal(await again.latestOffset('{"logOffset":0}', ALL), '{"logOffset":0}');
});

// ---- cleanSource -------------------------------------------------------------------------------

test("cleanSource=delete removes the files of a committed batch only", async () => {
  const src = tempDir();
  const q = startSource({ path: src, options: { maxFilesPerTrigger: "1", cleanSource: "delete" } });
  writeFile(src, "keep1", "keep1", 0);
  writeFile(src, "ke ep2 %", "keep2", 1);
  const e0 = (await q.latestOffset(undefined, q.defaultReadLimit())) as string;
  const e1 = (await q.latestOffset(e0, q.defaultReadLimit())) as string;
  assert.deepEqual(readdirSync(src).sort(), ["ke ep2 %", "keep1"]);
  await q.commit(e0);
  assert.deepEqual(readdirSync(src), ["ke ep2 %"]);
  await q.commit(e1);
  assert.deepEqual(readdirSync(src), []);
});

test("cleanSource=archive moves files below sourceArchiveDir keeping their absolute path", async () => {
  const src = tempDir();
  const archive = tempDir("archive");
  const q = startSource({
    path: join(src, "*", "*"),
    options: { maxFilesPerTrigger: "1", cleanSource: "archive", sourceArchiveDir: archive },
  });
  const dir1 = join(src, "k %1");
  const dir2 = join(dir1, "k 2");
  writeFile(dir1, "keep1", "keep1", 0);
  writeFile(dir2, "keep2 %", "keep2", 1);
  const state: { end?: string } = {};
  assert.deepEqual(await trigger(q, state), [["keep1"]]);
  assert.ok(!existsSync(join(dir1, "keep1")));
  assert.ok(existsSync(join(archive, dir1, "keep1")));
  assert.ok(existsSync(join(dir2, "keep2 %")));
  assert.deepEqual(await trigger(q, state), [["keep2"]]);
  assert.ok(existsSync(join(archive, dir2, "keep2 %")));
});

test("cleanSource options: Spark's errors for a bad mode, a missing or overlapping archive dir", () => {
  const src = tempDir();
  assert.throws(
    () => startSource({ path: src, options: { cleanSource: "move" } }),
    hasClass(
      "ILLEGAL_ARGUMENT",
      "Invalid mode for clean source option Some(move). Must be one of ARCHIVE,DELETE,OFF",
    ),
  );
  assert.throws(
    () => startSource({ path: src, options: { cleanSource: "archive" } }),
    hasClass("ILLEGAL_ARGUMENT", "Archive mode must be used with 'sourceArchiveDir' option."),
  );
  assert.throws(
    () =>
      startSource({
        path: src,
        options: { cleanSource: "archive", sourceArchiveDir: join(src, "archived") },
      }),
    hasClass(
      "ILLEGAL_ARGUMENT",
      "Base archive path cannot be set to the path where archived path can possibly match",
    ),
  );
});

test("archive dir vs source pattern (Spark's SourceFileArchiver cases)", () => {
  const fails = (source: string, archive: string) =>
    assert.throws(() => checkArchiveDir(source, archive), hasClass("ILLEGAL_ARGUMENT"));
  fails("/hello*/spar?", "/hello/spark/structured/streaming");
  fails("/hello*/spar?/structured/streaming", "/hello/spark/structured");
  fails("/hello*/spar?/structured/*", "/hello/spark/structured/streaming");
  checkArchiveDir("/hello*/h{e,f}ll?", "/hello/world");
  checkArchiveDir("/data/in", "/data/archive");
});

test("cleanSource off leaves files; commit of an unknown batch is a no-op", async () => {
  const src = tempDir();
  const q = startSource({ path: src, options: { cleanSource: "delete" } });
  await q.commit('{"logOffset":5}');
  writeFile(src, "a", "a");
  const q2 = startSource({ path: src });
  const e = (await q2.latestOffset(undefined, ALL)) as string;
  await q2.commit(e);
  assert.deepEqual(readdirSync(src), ["a"]);
});

// ---- a file sink's output directory ------------------------------------------------------------

function sinkLog(dir: string): FileStreamSinkLog {
  return new FileStreamSinkLog(
    join(dir, "_spark_metadata"),
    fileSinkLogSettings(() => undefined),
  );
}

test("a file sink's output is read through its _spark_metadata log: unlogged files are never read", async () => {
  const out = tempDir("sinkout");
  const q = startSource({ path: out });
  const state: { end?: string } = {};
  writeFile(out, "part-0.txt", "drop1\nkeep2", 0);
  sinkLog(out).add(0, [sinkFileStatusOf(join(out, "part-0.txt"))]);
  assert.deepEqual(await trigger(q, state), [["drop1"], ["keep2"]]);
  // A file the sink did not log (a failed batch's leftover) is not input.
  writeFile(out, "should_not_keep.txt", "should_not_keep!!!", 1);
  writeFile(out, "part-1.txt", "keep3", 2);
  sinkLog(out).add(1, [sinkFileStatusOf(join(out, "part-1.txt"))]);
  assert.deepEqual(await trigger(q, state), [["keep3"]]);
  assert.equal(await trigger(q, state), undefined);
});

test("spark.sql.streaming.fileStreamSink.ignoreMetadata lists a sink's output as plain files", async () => {
  const out = tempDir("sinkout");
  writeFile(out, "part-0.txt", "keep0", 0);
  writeFile(out, "stray.txt", "stray", 1);
  sinkLog(out).add(0, [sinkFileStatusOf(join(out, "part-0.txt"))]);
  const q = startSource({ path: out, conf: { "spark.sql.streaming.fileStreamSink.ignoreMetadata": "true" } });
  assert.deepEqual(await trigger(q, {}), [["keep0"], ["stray"]]);
});

test("cleanSource on a file sink's output is _LEGACY_ERROR_TEMP_2261", async () => {
  const out = tempDir("sinkout");
  writeFile(out, "part-0.txt", "keep1", 0);
  sinkLog(out).add(0, [sinkFileStatusOf(join(out, "part-0.txt"))]);
  for (const cleanSource of ["delete", "archive"]) {
    const q = startSource({
      path: out,
      options: { cleanSource, sourceArchiveDir: tempDir("archive"), maxFilesPerTrigger: "1" },
    });
    await assert.rejects(
      q.latestOffset(undefined, q.defaultReadLimit()),
      hasClass("_LEGACY_ERROR_TEMP_2261", "Clean up source files is not supported"),
    );
  }
});

// ---- option parsing -----------------------------------------------------------------------------

test("maxFileAge is read as Spark's time strings (default 7d, bare numbers in ms)", () => {
  assert.equal(timeStringAsMs("7d"), 604_800_000);
  assert.equal(timeStringAsMs("5ms"), 5);
  assert.equal(timeStringAsMs(" 1M "), 60_000);
  assert.equal(timeStringAsMs("2min"), 120_000);
  assert.equal(timeStringAsMs("10"), 10);
  assert.equal(timeStringAsMs("1500us"), 1);
  assert.equal(parseFileStreamOptions({}).maxFileAgeMs, 604_800_000);
  assert.throws(() => timeStringAsMs("1x"), hasClass("ILLEGAL_ARGUMENT", 'Invalid suffix: "x"'));
  assert.throws(
    () => timeStringAsMs("abc"),
    hasClass("ILLEGAL_ARGUMENT", "Failed to parse time string: abc"),
  );
  // A negative age fails the seen-files map's requirement when the source starts.
  assert.throws(
    () => startSource({ path: tempDir(), options: { maxFileAge: "-1s" } }),
    hasClass("ILLEGAL_ARGUMENT"),
  );
});

test("maxCachedFiles and discardCachedInputRatio: Spark's ranges and messages", () => {
  const o = parseFileStreamOptions({ maxCachedFiles: "0", discardCachedInputRatio: "1" });
  assert.equal(o.maxCachedFiles, 0);
  assert.equal(o.discardCachedInputRatio, 1);
  assert.equal(parseFileStreamOptions({}).discardCachedInputRatio, Math.fround(0.2));
  assert.throws(
    () => parseFileStreamOptions({ maxCachedFiles: "-1" }),
    hasClass("ILLEGAL_ARGUMENT", "'maxCachedFiles', must be an integer greater than or equal to 0"),
  );
  for (const bad of ["1.5", "-0.1", "x"])
    assert.throws(
      () => parseFileStreamOptions({ discardCachedInputRatio: bad }),
      hasClass("ILLEGAL_ARGUMENT", "'discardCachedInputRatio', must be a positive float between 0 and 1"),
    );
  // Option names are case-insensitive (SPARK-18433).
  assert.equal(parseFileStreamOptions({ maxfilespertrigger: "1" }).maxFilesPerTrigger, 1);
});
