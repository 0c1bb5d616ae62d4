// The file data source engine, independent of the format (tested through `text`): path listing
// (directories, globs, hidden files), partition discovery with Spark's type inference, reader
// options that filter files, Spark's file-to-partition packing, partition pruning, missing files,
// and the write job (save modes, partitionBy layout, atomic commit, errors). Expected behaviour
// from Spark's DataFrameReader/Writer docs, PartitioningUtils and InMemoryFileIndex
// (ParquetPartitionDiscoverySuite, FileIndexSuite, DataFrameReaderWriterSuite, FileBasedDataSourceSuite).
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { SparkSession, TsparkError } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-file-source-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(root, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const put = (base: string, rel: string, text: string) => {
  const p = join(base, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};
const session = (master = "local[2]") =>
  SparkSession.builder.master(master).config("spark.sql.session.timeZone", "UTC").create();
const errorClass = (e: unknown) => (e instanceof TsparkError ? e.errorClass : String(e));
const values = async (df: ReturnType<SparkSession["range"]>, col = "value") =>
  (await df.collect()).map((r) => r[col]).sort();

test("a directory's own files are read (nested ones with recursiveFileLookup); hidden and temporary entries are skipped", async () => {
  const d = fresh();
  put(d, "a.txt", "a1\na2\n");
  put(d, "sub/b.txt", "b1\n");
  put(d, "_SUCCESS", "");
  put(d, ".a.txt.crc", "junk\n");
  put(d, "_temporary/0/c.txt", "hidden\n");
  put(d, "sub/.hidden/d.txt", "hidden\n");
  put(d, "e.txt._COPYING_", "hidden\n");
  const spark = session();
  // As Spark's InMemoryFileIndex.allFiles: without partition directories only the files directly
  // in the given directory are read.
  assert.deepEqual(await values(spark.read.text(d)), ["a1", "a2"]);
  assert.deepEqual(await values(spark.read.option("recursiveFileLookup", true).text(d)), ["a1", "a2", "b1"]);
  assert.deepEqual(spark.read.text(d).columns, ["value"]);
});

test("files, several paths and globs (*, ?, [..], {..}) are all accepted", async () => {
  const d = fresh();
  for (const name of ["x1.txt", "x2.txt", "y1.txt", "z.log"]) put(d, name, `${name}\n`);
  const spark = session();
  assert.deepEqual(await values(spark.read.text(join(d, "x1.txt"))), ["x1.txt"]);
  assert.deepEqual(await values(spark.read.text([join(d, "x1.txt"), join(d, "z.log")])), ["x1.txt", "z.log"]);
  assert.deepEqual(await values(spark.read.text(join(d, "x*.txt"))), ["x1.txt", "x2.txt"]);
  assert.deepEqual(await values(spark.read.text(join(d, "?1.txt"))), ["x1.txt", "y1.txt"]);
  assert.deepEqual(await values(spark.read.text(join(d, "[xz]*"))), ["x1.txt", "x2.txt", "z.log"]);
  assert.deepEqual(await values(spark.read.text(join(d, "{y1.txt,z.log}"))), ["y1.txt", "z.log"]);
  assert.deepEqual(await values(spark.read.format("text").load(`file:${join(d, "z.log")}`)), ["z.log"]);
  assert.deepEqual(await values(spark.read.format("text").option("path", join(d, "z.log")).load()), [
    "z.log",
  ]);
});

test("a missing path or a glob without matches is PATH_NOT_FOUND naming the path", () => {
  const d = fresh();
  const spark = session();
  assert.throws(
    () => spark.read.text(join(d, "nope")),
    (e: unknown) =>
      errorClass(e) === "PATH_NOT_FOUND" && (e as Error).message.includes(`file:${join(d, "nope")}`),
  );
  assert.throws(
    () => spark.read.text(join(d, "*.csv")),
    (e: unknown) => errorClass(e) === "PATH_NOT_FOUND",
  );
});

test("an unknown format is DATA_SOURCE_NOT_FOUND", () => {
  const d = fresh();
  put(d, "a.txt", "x\n");
  assert.throws(
    () => session().read.format("avro2").load(d),
    (e: unknown) => errorClass(e) === "DATA_SOURCE_NOT_FOUND" && (e as Error).message.includes("avro2"),
  );
});

test("partition discovery: key=value directories become typed columns after the data columns", async () => {
  const d = fresh();
  put(d, "i=1/l=3000000000/dbl=1.5/s=abc/dt=2024-01-31/ts=2024-01-31 10%3A20%3A30/part.txt", "r1\n");
  put(
    d,
    "i=2/l=4/dbl=2/s=__HIVE_DEFAULT_PARTITION__/dt=2024-02-01/ts=2024-02-01 00%3A00%3A00/part.txt",
    "r2\n",
  );
  const spark = session();
  const df = spark.read.text(d);
  assert.deepEqual(df.dtypes, [
    ["value", "string"],
    ["i", "int"],
    ["l", "bigint"],
    ["dbl", "double"],
    ["s", "string"],
    ["dt", "date"],
    ["ts", "timestamp"],
  ]);
  const rows = (await df.orderBy("value").collect()).map((r) => ({ ...r }));
  assert.equal(rows[0]!.i, 1);
  assert.equal(rows[0]!.l, 3000000000);
  assert.equal(rows[0]!.dbl, 1.5);
  assert.equal(rows[0]!.s, "abc");
  assert.equal((rows[0]!.dt as Date).toISOString(), "2024-01-31T00:00:00.000Z");
  assert.equal((rows[0]!.ts as Date).toISOString(), "2024-01-31T10:20:30.000Z");
  assert.equal(rows[1]!.s, null);
  assert.equal(rows[1]!.dbl, 2);
});

test("partition value types widen across directories; conflicts become string", () => {
  const d = fresh();
  put(d, "a=1/b=1/c=x/f.txt", "1\n");
  put(d, "a=2/b=2.5/c=3/f.txt", "2\n");
  put(d, "a=9999999999/b=3/c=4/f.txt", "3\n");
  assert.deepEqual(session().read.text(d).dtypes.slice(1), [
    ["a", "bigint"],
    ["b", "double"],
    ["c", "string"],
  ]);
  const big = fresh();
  put(big, "n=123456789012345678901234567890/f.txt", "1\n");
  assert.deepEqual(session().read.text(big).dtypes.slice(1), [["n", "decimal(30,0)"]]);
});

test("partition type inference can be switched off; a user schema fixes partition types", async () => {
  const d = fresh();
  put(d, "year=2024/f.txt", "a\n");
  const spark = session();
  spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
  assert.deepEqual(spark.read.text(d).dtypes, [
    ["value", "string"],
    ["year", "string"],
  ]);
  const s2 = session();
  const df = s2.read.schema("year BIGINT, value STRING").text(d);
  // The user's partition columns go after the data columns, with the user's type.
  assert.deepEqual(df.dtypes, [
    ["value", "string"],
    ["year", "bigint"],
  ]);
  assert.equal((await df.collect())[0]!.year, 2024);
});

test("basePath makes the partition directories of a sub-path columns", async () => {
  const d = fresh();
  put(d, "k=1/f.txt", "a\n");
  put(d, "k=2/f.txt", "b\n");
  const spark = session();
  assert.deepEqual(spark.read.text(join(d, "k=1")).columns, ["value"]);
  const df = spark.read.option("basePath", d).text(join(d, "k=1"));
  assert.deepEqual(df.columns, ["value", "k"]);
  assert.deepEqual(
    (await df.collect()).map((r) => r.k),
    [1],
  );
});

test("files in a plain directory beside partition directories are CONFLICTING_DIRECTORY_STRUCTURES; mixed names CONFLICTING_PARTITION_COLUMN_NAMES", () => {
  // (Files directly in the base path are not a conflict in Spark: they are left out of the read.)
  const d = fresh();
  put(d, "k=1/f.txt", "a\n");
  put(d, "plain/loose.txt", "b\n");
  assert.throws(
    () => session().read.text(d),
    (e: unknown) => errorClass(e) === "CONFLICTING_DIRECTORY_STRUCTURES",
  );
  const d2 = fresh();
  put(d2, "a=1/f.txt", "a\n");
  put(d2, "b=1/f.txt", "b\n");
  assert.throws(
    () => session().read.text(d2),
    (e: unknown) => errorClass(e) === "CONFLICTING_PARTITION_COLUMN_NAMES",
  );
});

test("recursiveFileLookup reads nested files without partition columns; pathGlobFilter filters file names", async () => {
  const d = fresh();
  put(d, "k=1/a.txt", "a\n");
  put(d, "k=2/deeper/b.log", "b\n");
  const spark = session();
  const rec = spark.read.option("recursiveFileLookup", true).text(d);
  assert.deepEqual(rec.columns, ["value"]);
  assert.deepEqual(await values(rec), ["a", "b"]);
  const filtered = spark.read.option("pathGlobFilter", "*.log").text(d);
  assert.deepEqual(await values(filtered), ["b"]);
});

test("modifiedBefore / modifiedAfter keep files by modification time (session time zone)", async () => {
  const d = fresh();
  const old = put(d, "old.txt", "old\n");
  const recent = put(d, "new.txt", "new\n");
  utimesSync(old, new Date("2020-06-01T00:00:00Z"), new Date("2020-06-01T00:00:00Z"));
  utimesSync(recent, new Date("2024-06-01T00:00:00Z"), new Date("2024-06-01T00:00:00Z"));
  const spark = session();
  assert.deepEqual(await values(spark.read.option("modifiedBefore", "2021-01-01T00:00:00").text(d)), ["old"]);
  assert.deepEqual(await values(spark.read.option("modifiedAfter", "2021-01-01T00:00:00").text(d)), ["new"]);
  assert.throws(
    () => spark.read.option("modifiedAfter", "yesterday").text(d),
    (e: unknown) => errorClass(e) === "INVALID_OPTION_VALUE",
  );
});

test("files are packed into partitions as Spark does (largest first, maxSplitBytes, open cost)", async () => {
  const d = fresh();
  put(d, "a.txt", "a\n");
  put(d, "b.txt", "bb\n");
  put(d, "c.txt", "ccc\n");
  const spark = session("local[2]");
  const parts = (await spark.read.text(d).select("value", F.spark_partition_id().alias("p")).collect()).map(
    (r) => `${r.value}:${r.p}`,
  );
  // total = 3 files × (size + 4 MB) → maxSplit = 6 MB: two files fit in partition 0, largest first.
  assert.deepEqual(parts.sort(), ["a:1", "bb:0", "ccc:0"]);
  spark.conf.set("spark.sql.files.openCostInBytes", "0");
  spark.conf.set("spark.sql.files.maxPartitionBytes", "3");
  const one = (await spark.read.text(d).select(F.spark_partition_id().alias("p")).collect()).map((r) => r.p);
  assert.deepEqual([...new Set(one)].sort(), [0, 1, 2]);
});

test("filters on partition columns prune whole files; explain shows the partition and pushed filters", async () => {
  const d = fresh();
  put(d, "year=2023/f.txt", "old\n");
  const doomed = put(d, "year=2024/f.txt", "new\n");
  const spark = session();
  const df = spark.read.text(d);
  const q = df.filter(F.col("year").gt(2023)).filter(F.col("value").startswith("n"));
  const plan = q.select("value").explainString();
  assert.match(plan, /FileScan text \[value#\d+,year#\d+\] Batched: false/);
  // InferFiltersFromConstraints adds the `isnotnull` the conditions imply; Spark's explain shows
  // `PartitionFilters: [isnotnull(year#1), (year#1 > 2023)], PushedFilters: [IsNotNull(value), …]`.
  assert.match(plan, /PartitionFilters: \[isnotnull\(year#\d+\), \(year#\d+ > 2023\)\]/);
  assert.match(plan, /PushedFilters: \[IsNotNull\(value\), StringStartsWith\(value,n\)\]/);
  assert.match(plan, /ReadSchema: struct<value:string>/);
  assert.deepEqual(await values(q), ["new"]);
  // The pruned partition's file is never opened: removing it does not matter.
  const pruned = df.filter(F.col("year").equalTo(2023));
  unlinkSync(doomed);
  assert.deepEqual(await values(pruned), ["old"]);
});

test("a file deleted after listing: FAILED_READ_FILE.FILE_NOT_EXIST, or skipped with ignoreMissingFiles", async () => {
  const d = fresh();
  put(d, "a.txt", "a\n");
  const gone = put(d, "b.txt", "b\n");
  const spark = session();
  const df = spark.read.text(d);
  unlinkSync(gone);
  await assert.rejects(df.collect(), (e: unknown) => {
    return errorClass(e) === "FAILED_READ_FILE.FILE_NOT_EXIST" && (e as Error).message.includes(gone);
  });
  spark.conf.set("spark.sql.files.ignoreMissingFiles", "true");
  assert.deepEqual(await values(df), ["a"]);
});

test("only the columns a query uses are read (column pruning reaches the scan)", () => {
  const d = fresh();
  put(d, "k=1/f.txt", "a\n");
  const plan = session().read.text(d).select("k").explainString();
  assert.match(plan, /FileScan text \[k#\d+\]/);
  assert.match(plan, /ReadSchema: struct<>/);
});

const listTree = (d: string, prefix = ""): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTree(join(d, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );

test("write layout: part-<partition>-<job uuid>-c000.<ext> files and _SUCCESS; read back equal", async () => {
  const d = join(fresh(), "out");
  const spark = session("local[2]");
  const df = spark.createDataFrame(["a", "b", "c", "d"], "string");
  await df.write.text(d);
  const files = listTree(d).sort();
  assert.equal(files[0], "_SUCCESS");
  const parts = files.slice(1);
  assert.equal(parts.length, 2);
  for (const [i, f] of parts.entries())
    assert.match(
      f,
      new RegExp(`^part-0000${i}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\\.txt$`),
    );
  assert.deepEqual(await values(spark.read.text(d)), ["a", "b", "c", "d"]);
  assert.ok(!existsSync(join(d, "_temporary")));
});

test("save modes: errorifexists (default), ignore, append, overwrite; invalid mode is INVALID_SAVE_MODE", async () => {
  const d = join(fresh(), "out");
  const spark = session("local[1]");
  const one = spark.createDataFrame(["x"], "string");
  await one.write.text(d);
  await assert.rejects(one.write.text(d), (e: unknown) => {
    return errorClass(e) === "PATH_ALREADY_EXISTS" && (e as Error).message.includes(`file:${d}`);
  });
  await assert.rejects(
    one.write.mode("error").text(d),
    (e: unknown) => errorClass(e) === "PATH_ALREADY_EXISTS",
  );
  await spark.createDataFrame(["ignored"], "string").write.mode("ignore").text(d);
  assert.deepEqual(await values(spark.read.text(d)), ["x"]);
  await spark.createDataFrame(["y"], "string").write.mode("append").text(d);
  assert.deepEqual(await values(spark.read.text(d)), ["x", "y"]);
  await spark.createDataFrame(["z"], "string").write.text(d, { mode: "overwrite" });
  assert.deepEqual(await values(spark.read.text(d)), ["z"]);
  assert.throws(
    () => one.write.mode("sometimes"),
    (e: unknown) => errorClass(e) === "INVALID_SAVE_MODE",
  );
});

test("partitionBy writes escaped key=value directories, NULL as __HIVE_DEFAULT_PARTITION__, and reads back", async () => {
  const d = join(fresh(), "out");
  const spark = session("local[1]");
  const df = spark.createDataFrame(
    [
      { value: "a", k: "x", n: 1 },
      { value: "b", k: "a/b=c", n: 1 },
      { value: "c", k: null, n: 2 },
    ],
    "value STRING, k STRING, n INT",
  );
  await df.write.partitionBy("n", "k").text(d);
  const dirs = listTree(d)
    .filter((f) => f !== "_SUCCESS")
    .map((f) => dirname(f))
    .sort();
  assert.deepEqual(dirs, ["n=1/k=a%2Fb%3Dc", "n=1/k=x", "n=2/k=__HIVE_DEFAULT_PARTITION__"]);
  const back = (await spark.read.text(d).orderBy("value").collect()).map((r) => [r.value, r.n, r.k]);
  assert.deepEqual(back, [
    ["a", 1, "x"],
    ["b", 1, "a/b=c"],
    ["c", 2, null],
  ]);
});

test("partitionBy errors: unknown column, all columns, nested types — before any file is written", async () => {
  const root2 = fresh();
  const spark = session();
  const df = spark.createDataFrame([{ value: "a", k: "x" }], "value STRING, k STRING");
  await assert.rejects(df.write.partitionBy("nope").text(join(root2, "o1")), (e: unknown) => {
    return errorClass(e) === "COLUMN_NOT_FOUND" && (e as Error).message.includes("`nope`");
  });
  await assert.rejects(
    df.write.partitionBy("value", "k").text(join(root2, "o2")),
    (e: unknown) => errorClass(e) === "ALL_PARTITION_COLUMNS_NOT_ALLOWED",
  );
  const nested = spark.createDataFrame([{ value: "a", k: [1] }], "value STRING, k ARRAY<INT>");
  await assert.rejects(
    nested.write.partitionBy("k").text(join(root2, "o3")),
    (e: unknown) => errorClass(e) === "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
  );
  for (const o of ["o1", "o2", "o3"]) assert.ok(!existsSync(join(root2, o, "_SUCCESS")));
});

test("a write that fails midway leaves no visible files, and overwrite keeps the old data", async () => {
  const d = join(fresh(), "out");
  const spark = session("local[2]");
  await spark.createDataFrame(["keep"], "string").write.text(d);
  const before = listTree(d).sort();
  // Row 5000 fails at run time (ANSI cast), after earlier rows were already written.
  const failing = spark
    .range(0, 10000, 1, 2)
    .select(
      F.when(F.col("id").equalTo(9000), F.lit("boom"))
        .otherwise(F.col("id").cast("string"))
        .cast("int")
        .cast("string")
        .alias("value"),
    );
  await assert.rejects(failing.write.mode("overwrite").text(d), (e: unknown) => {
    return errorClass(e) === "TASK_WRITE_FAILED" && (e as { cause?: unknown }).cause instanceof TsparkError;
  });
  assert.deepEqual(listTree(d).sort(), before);
  assert.deepEqual(await values(spark.read.text(d)), ["keep"]);
  assert.ok(!existsSync(join(d, "_temporary")));
  const fresh2 = join(dirname(d), "never");
  await assert.rejects(failing.write.text(fresh2), (e: unknown) => errorClass(e) === "TASK_WRITE_FAILED");
  assert.deepEqual(existsSync(fresh2) ? listTree(fresh2) : [], []);
});

test("an empty DataFrame still writes one (empty) file, so the output can be read back", async () => {
  const d = join(fresh(), "out");
  const spark = session("local[2]");
  await spark.createDataFrame([], "value STRING").write.text(d);
  assert.equal(listTree(d).filter((f) => f.startsWith("part-00000-")).length, 1);
  assert.equal(await spark.read.text(d).count(), 0);
});

test("options are case-insensitive and PySpark-style values are stringified; write on a missing path option fails clearly", async () => {
  const d = fresh();
  put(d, "a.txt", "x|y|z");
  const spark = session();
  assert.deepEqual(await values(spark.read.options({ LINESEP: "|" }).text(d)), ["x", "y", "z"]);
  assert.deepEqual(await values(spark.read.text(d, { lineSep: "|", wholetext: false })), ["x", "y", "z"]);
  await assert.rejects(
    spark.range(1).select(F.lit("a")).write.format("text").save(),
    (e: unknown) => errorClass(e) === "ILLEGAL_ARGUMENT",
  );
});

test("input_file_name() / input_file_block_start() / input_file_block_length() name the file being read", async () => {
  const d = fresh();
  const a = put(d, "a b.txt", "x\ny\n");
  const spark = session("local[1]");
  const rows = await spark.read
    .text(d)
    .select(
      F.input_file_name().alias("f"),
      F.expr("input_file_block_start()").alias("s"),
      F.expr("input_file_block_length()").alias("l"),
    )
    .collect();
  assert.deepEqual(
    rows.map((r) => [r.f, r.s, r.l]),
    [
      [`file://${a.replace(" ", "%20")}`, 0, 4],
      [`file://${a.replace(" ", "%20")}`, 0, 4],
    ],
  );
  // Outside a file scan (and after one stopped early) the values are Spark's "unknown".
  await spark.read.text(d).limit(1).collect();
  const outside = await spark
    .range(1)
    .select(F.input_file_name().alias("f"), F.expr("input_file_block_length()").alias("l"))
    .collect();
  assert.deepEqual([outside[0]!.f, outside[0]!.l], ["", -1]);
});

test("SQL runs directly on files: SELECT … FROM <format>.`<path>`", async () => {
  const d = fresh();
  put(d, "k=1/a.txt", "a\nb\n");
  put(d, "k=2/b.txt", "c\n");
  const spark = session();
  const rows = await spark.sql(`SELECT value, k FROM text.\`${d}\` WHERE k = 2`).collect();
  assert.deepEqual(
    rows.map((r) => [r.value, r.k]),
    [["c", 2]],
  );
  assert.throws(
    () => spark.sql(`SELECT * FROM text.\`${join(d, "none")}\``),
    (e: unknown) => errorClass(e) === "PATH_NOT_FOUND",
  );
  // Not a format name: an ordinary (missing) table.
  assert.throws(
    () => spark.sql(`SELECT * FROM nosuchformat.\`${d}\``),
    (e: unknown) => errorClass(e) === "TABLE_OR_VIEW_NOT_FOUND",
  );
  spark.conf.set("spark.sql.runSQLOnFiles", "false");
  assert.throws(
    () => spark.sql(`SELECT * FROM text.\`${d}\``),
    (e: unknown) => errorClass(e) === "TABLE_OR_VIEW_NOT_FOUND",
  );
});

test("overwriting the path a query reads from is UNSUPPORTED_OVERWRITE.PATH, as in Spark", async () => {
  const d = join(fresh(), "out");
  const spark = session("local[1]");
  await spark.createDataFrame(["a"], "string").write.text(d);
  const df = spark.read.text(d);
  await assert.rejects(
    df.write.mode("overwrite").text(d),
    (e: unknown) => errorClass(e) === "UNSUPPORTED_OVERWRITE.PATH",
  );
  assert.deepEqual(await values(spark.read.text(d)), ["a"]);
  await df.write.mode("append").text(d);
  assert.deepEqual(await values(spark.read.text(d)), ["a", "a"]);
});

test("writing duplicate column names is COLUMN_ALREADY_EXISTS (case-insensitive by default)", async () => {
  const spark = session();
  const df = spark.range(1).select(F.lit("a").alias("x"), F.lit("b").alias("X"));
  await assert.rejects(
    df.write.csv(join(fresh(), "o")),
    (e: unknown) => errorClass(e) === "COLUMN_ALREADY_EXISTS",
  );
});

test("planning-time read errors are raised as Spark raises them, not wrapped in FAILED_READ_FILE", async () => {
  const d = fresh();
  put(d, "a.json", '{"a":1}\n{bad\n');
  const spark = session();
  const df = spark.read.schema("a INT, _corrupt_record STRING").json(d);
  await assert.rejects(
    df.select("_corrupt_record").collect(),
    (e: unknown) => errorClass(e) === "UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN",
  );
  const bad = spark.read.schema("a INT, _corrupt_record INT").json(d);
  await assert.rejects(bad.collect(), (e: unknown) => errorClass(e) === "INVALID_CORRUPT_RECORD_TYPE");
  assert.deepEqual(
    (await df.collect()).map((r) => r._corrupt_record),
    [null, "{bad"],
  );
});

test("CREATE TEMPORARY VIEW … USING format OPTIONS (…) reads files into a view", async () => {
  const d = fresh();
  put(d, "people.csv", "name,age\nann,31\nbob,25\n");
  const spark = session();
  spark.sql(
    `CREATE TEMPORARY VIEW people USING csv OPTIONS (path '${d}', header true, 'inferSchema' = 'true')`,
  );
  assert.deepEqual(spark.table("people").dtypes, [
    ["name", "string"],
    ["age", "int"],
  ]);
  assert.deepEqual(
    (await spark.sql("SELECT name FROM people WHERE age > 30").collect()).map((r) => r.name),
    ["ann"],
  );
  spark.sql(
    `CREATE OR REPLACE TEMP VIEW people (name STRING, age BIGINT) USING csv OPTIONS (path '${d}', header true)`,
  );
  assert.deepEqual(spark.table("people").dtypes, [
    ["name", "string"],
    ["age", "bigint"],
  ]);
  assert.throws(
    () => spark.sql(`CREATE TEMPORARY VIEW people USING csv OPTIONS (path '${d}')`),
    (e: unknown) => errorClass(e) === "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
  );
  assert.throws(
    () => spark.sql(`CREATE TEMPORARY VIEW x USING nosuch OPTIONS (path '${d}')`),
    (e: unknown) => errorClass(e) === "DATA_SOURCE_NOT_FOUND",
  );
});

test("file data is read as nullable whatever the given schema says (Spark's dataSchema.asNullable)", () => {
  const d = fresh();
  put(d, "a.csv", "1,x\n");
  const df = session().read.schema("a INT NOT NULL, b ARRAY<INT>").json(d);
  assert.deepEqual(
    df.schema.fields.map((f) => f.nullable),
    [true, true],
  );
  assert.equal(
    session()
      .read.schema("a INT NOT NULL, b STRING NOT NULL")
      .csv(d)
      .schema.fields.every((f) => f.nullable),
    true,
  );
});
