// Spark's own file data source suites, ported test by test to tspark (issue #3): each test names
// the Spark suite and test it follows, with Spark's expected values and error classes. Only the
// format-independent behaviour applies (local files; text, csv, json, parquet; no tables, Hive,
// bucketing, ORC or Avro).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { inferPartitionValueType, parsePartitionPath } from "../../src/connectors/file/partitioning.js";
import { SparkSession, TsparkError } from "../../src/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-spark-suites-"));
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
const session = (tz = "UTC", master = "local[2]") =>
  SparkSession.builder.master(master).config("spark.sql.session.timeZone", tz).create();
const errorClass = (e: unknown) => (e instanceof TsparkError ? e.errorClass : String(e));
const params = (e: unknown) => (e instanceof TsparkError ? e.messageParameters : {});
/** All files below `dir`, relative, sorted. */
const tree = (dir: string): string[] => {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else out.push(r);
    }
  };
  walk(dir, "");
  return out.sort();
};
const setMtime = (p: string, isoUtc: string) => {
  const t = new Date(isoUtc);
  utimesSync(p, t, t);
};
const rowsOf = async (df: ReturnType<SparkSession["range"]>) =>
  (await df.collect()).map((r) => ({ ...r }) as Record<string, unknown>);

// ---------------------------------------------------------------------------------------------
// PathFilterSuite (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/)
// ---------------------------------------------------------------------------------------------

const csvDirWith = (mtimes: readonly string[]) => {
  const d = fresh();
  for (const [i, m] of mtimes.entries()) setMtime(put(d, `file${i + 1}.csv`, "text"), m);
  return d;
};
const unableToInfer = (e: unknown) =>
  errorClass(e) === "UNABLE_TO_INFER_SCHEMA" && /CSV/.test((e as Error).message);

// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with a past date"
test("PathFilterSuite: modifiedAfter with a past date keeps the file", async () => {
  const d = csvDirWith(["2026-01-01T00:00:00Z"]);
  const df = session().read.option("modifiedAfter", "2019-05-10T01:11:00").format("csv").load(d);
  assert.equal(await df.count(), 1);
});

// PathFilterSuite: "SPARK-31962: when modifiedBefore specified with a future date"
test("PathFilterSuite: modifiedBefore with a future date keeps the file", async () => {
  const d = csvDirWith(["2026-01-01T00:00:00Z"]);
  const df = session().read.option("modifiedBefore", "2090-05-10T01:11:00").format("csv").load(d);
  assert.equal(await df.count(), 1);
});

// PathFilterSuite: "SPARK-31962: when modifiedBefore specified with a past date"
test("PathFilterSuite: modifiedBefore with a past date leaves nothing: UNABLE_TO_INFER_SCHEMA for CSV", () => {
  const d = csvDirWith(["2026-01-01T00:00:00Z"]);
  assert.throws(
    () => session().read.option("modifiedBefore", "1984-05-01T01:00:00").format("csv").load(d),
    unableToInfer,
  );
});

// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with a past date, multiple files, one valid"
// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with a past date, multiple files, both valid"
// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with a past date, multiple files, none valid"
test("PathFilterSuite: modifiedAfter over several files (one, both, none valid)", async () => {
  const spark = session();
  const one = csvDirWith(["2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z"]);
  assert.equal(
    await spark.read.option("modifiedAfter", "2019-05-10T01:11:00").format("csv").load(one).count(),
    1,
  );
  const both = csvDirWith(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]);
  assert.equal(
    await spark.read.option("modifiedAfter", "2019-05-10T01:11:00").format("csv").load(both).count(),
    2,
  );
  const none = csvDirWith(["1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"]);
  assert.throws(
    () => spark.read.option("modifiedAfter", "1984-05-01T01:00:00").format("csv").load(none),
    unableToInfer,
  );
});

// PathFilterSuite: "SPARK-31962: when modifiedBefore specified with a future date, multiple files, both valid"
// PathFilterSuite: "SPARK-31962: when modifiedBefore specified with a future date, multiple files, one valid"
// PathFilterSuite: "SPARK-31962: when modifiedBefore specified with a future date, multiple files, none valid"
test("PathFilterSuite: modifiedBefore over several files (both, one, none valid)", async () => {
  const spark = session();
  const both = csvDirWith(["1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"]);
  assert.equal(
    await spark.read.option("modifiedBefore", "2080-01-01T00:00:00").format("csv").load(both).count(),
    2,
  );
  const one = csvDirWith(["1970-01-01T00:00:00Z", "2090-01-01T00:00:00Z"]);
  assert.equal(
    await spark.read.option("modifiedBefore", "2080-01-01T00:00:00").format("csv").load(one).count(),
    1,
  );
  const none = csvDirWith(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]);
  assert.throws(
    () => spark.read.option("modifiedBefore", "2025-12-31T00:00:00").format("csv").load(none),
    unableToInfer,
  );
});

// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with a past date and pathGlobalFilter returning results"
// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with past date and pathGlobFilter filtering results"
// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with future date and pathGlobFilter returning results"
// PathFilterSuite: "SPARK-31962: when modifiedAfter specified with future date and pathGlobFilter filtering results"
// PathFilterSuite: "SPARK-31962: when modifiedBefore and modifiedAfter are specified out of range and pathGlobFilter returning results"
// PathFilterSuite: "SPARK-31962: when modifiedBefore and modifiedAfter are specified in range and pathGlobFilter returning results"
// PathFilterSuite: "SPARK-31962: when modifiedBefore and modifiedAfter are specified in range and pathGlobFilter filtering results"
test("PathFilterSuite: modifiedAfter / modifiedBefore combined with pathGlobFilter", async () => {
  const spark = session();
  const d = csvDirWith(["2022-01-01T00:00:00Z"]);
  const read = (opts: Record<string, string>) => spark.read.options(opts).format("csv").load(d);
  assert.equal(await read({ modifiedAfter: "1984-05-10T01:11:00", pathGlobFilter: "*.csv" }).count(), 1);
  assert.throws(() => read({ modifiedAfter: "1984-05-01T01:00:00", pathGlobFilter: "*.txt" }), unableToInfer);
  assert.throws(() => read({ modifiedAfter: "2050-05-01T01:00:00", pathGlobFilter: "*.csv" }), unableToInfer);
  assert.throws(() => read({ modifiedAfter: "2050-05-01T01:00:00", pathGlobFilter: "*.txt" }), unableToInfer);
  assert.throws(
    () =>
      read({
        modifiedAfter: "2050-05-01T01:00:00",
        modifiedBefore: "2050-05-01T01:00:00",
        pathGlobFilter: "*.csv",
      }),
    unableToInfer,
  );
  const inRange = { modifiedAfter: "2019-05-01T01:00:00", modifiedBefore: "2025-05-01T01:00:00" };
  assert.equal(await read({ ...inRange, pathGlobFilter: "*.csv" }).count(), 1);
  assert.throws(() => read({ ...inRange, pathGlobFilter: "*.txt" }), unableToInfer);
});

// PathFilterSuite: "SPARK-31962: when modifiedAfter is specified with an invalid date"
// PathFilterSuite: "SPARK-31962: modifiedBefore - empty option"
// PathFilterSuite: "SPARK-31962: modifiedAfter - empty option"
test("PathFilterSuite: an invalid or empty modifiedAfter / modifiedBefore names the option and the value", () => {
  const d = csvDirWith(["2022-01-01T00:00:00Z"]);
  const spark = session();
  for (const [key, value] of [
    ["modifiedAfter", "2024-05+1 01:00:00"],
    ["modifiedBefore", ""],
    ["modifiedAfter", ""],
  ] as const)
    assert.throws(
      () => spark.read.option(key, value).format("csv").load(d),
      (e: unknown) =>
        errorClass(e) === "INVALID_OPTION_VALUE" &&
        params(e).option === key.toLowerCase() &&
        params(e).value === value,
    );
});

// PathFilterSuite: "SPARK-31962: modifiedAfter filter takes into account local timezone when
// specified as an option" (After UTC / Before UTC): the threshold is parsed as Spark's
// stringToTimestamp does, so any timestamp CAST accepts is a valid threshold (LocalDateTime's
// toString has fractional seconds), read in the `timeZone` option.
test("PathFilterSuite: thresholds are parsed as timestamps (fractions, dates alone) in the timeZone option", async () => {
  const spark = session();
  const d = csvDirWith(["2022-06-01T12:00:00Z"]);
  const count = (opts: Record<string, string>) => spark.read.options(opts).format("csv").load(d).count();
  assert.equal(await count({ modifiedAfter: "2022-06-01T11:59:59.999999" }), 1);
  assert.equal(await count({ modifiedBefore: "2022-06-02" }), 1);
  assert.equal(await count({ modifiedAfter: "2022-06-01 11:00:00" }), 1);
  assert.throws(
    () => spark.read.option("modifiedAfter", "2022-06-01T12:00:01").format("csv").load(d),
    unableToInfer,
  );
});

// ---------------------------------------------------------------------------------------------
// PartitionedWriteSuite (sql/core/src/test/scala/org/apache/spark/sql/sources/)
// ---------------------------------------------------------------------------------------------

// PartitionedWriteSuite: "write many partitions"
// PartitionedWriteSuite: "write many partitions with repeats"
test("PartitionedWriteSuite: write many partitions (with and without repeats)", async () => {
  const spark = session();
  const base = spark.range(100);
  for (const [df, copies] of [
    [base, 1],
    [base.union(base), 2],
  ] as const) {
    const path = join(fresh(), "out");
    await df.select(F.col("id"), F.lit(1).alias("data")).write.partitionBy("id").save(path);
    const back = spark.read.load(path);
    assert.deepEqual(back.columns, ["data", "id"]);
    const rows = (await back.collect()).map((r) => `${r.data}:${r.id}`).sort();
    const expected = Array.from({ length: 100 * copies }, (_, i) => `1:${i % 100}`).sort();
    assert.deepEqual(rows, expected);
  }
});

// PartitionedWriteSuite: "partitioned columns should appear at the end of schema"
test("PartitionedWriteSuite: partitioned columns appear at the end of the schema", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  await spark
    .createDataFrame([[1, "a"]], "i INT, j STRING")
    .write.partitionBy("i")
    .parquet(path);
  assert.deepEqual(spark.read.parquet(path).columns, ["j", "i"]);
});

// PartitionedWriteSuite: "maxRecordsPerFile setting in non-partitioned write path"
test("PartitionedWriteSuite: maxRecordsPerFile in a non-partitioned write", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  const parquetFiles = () => tree(path).filter((f) => f.endsWith("parquet")).length;
  const df = spark.range(0, 4, 1, 1);
  await df.write.option("maxRecordsPerFile", 1).mode("overwrite").parquet(path);
  assert.equal(parquetFiles(), 4);
  await df.write.option("maxRecordsPerFile", 2).mode("overwrite").parquet(path);
  assert.equal(parquetFiles(), 2);
  await df.write.option("maxRecordsPerFile", -1).mode("overwrite").parquet(path);
  assert.equal(parquetFiles(), 1);
  assert.deepEqual((await spark.read.parquet(path).collect()).map((r) => r.id).sort(), [0, 1, 2, 3]);
});

// PartitionedWriteSuite: "maxRecordsPerFile setting in dynamic partition writes"
test("PartitionedWriteSuite: maxRecordsPerFile in dynamic partition writes", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  await spark
    .range(0, 4, 1, 1)
    .selectExpr("id", "id id1")
    .write.partitionBy("id")
    .option("maxRecordsPerFile", 1)
    .mode("overwrite")
    .parquet(path);
  assert.equal(tree(path).filter((f) => f.endsWith("parquet")).length, 4);
});

// PartitionedWriteSuite: "timeZone setting in dynamic partition writes"
test("PartitionedWriteSuite: timestamp partition values use the timeZone option, else the session zone", async () => {
  const partValue = (path: string) => {
    const files = tree(path).filter((f) => f.endsWith("parquet"));
    assert.equal(files.length, 1);
    const dir = files[0]!.split("/")[0]!;
    return decodeURIComponent(dir.slice(dir.indexOf("=") + 1));
  };
  const la = session("America/Los_Angeles");
  const df = la.sql("SELECT 1 AS i, TIMESTAMP'2016-12-01 00:00:00' AS ts");
  const p1 = join(fresh(), "out");
  await df.write.partitionBy("ts").parquet(p1);
  assert.equal(partValue(p1), "2016-12-01 00:00:00");
  const p2 = join(fresh(), "out");
  await df.write.option("timeZone", "UTC").partitionBy("ts").parquet(p2);
  assert.equal(partValue(p2), "2016-12-01 08:00:00");
  const p3 = join(fresh(), "out");
  la.conf.set("spark.sql.session.timeZone", "UTC");
  await df.write.partitionBy("ts").parquet(p3);
  assert.equal(partValue(p3), "2016-12-01 08:00:00");
});

// PartitionedWriteSuite: "SPARK-31968: duplicate partition columns check"
test("PartitionedWriteSuite: duplicate partition columns are COLUMN_ALREADY_EXISTS", async () => {
  const path = join(fresh(), "out");
  const df = session().createDataFrame([[3, 2]], "a INT, b INT");
  await assert.rejects(
    df.write.partitionBy("b", "b").csv(path),
    (e: unknown) => errorClass(e) === "COLUMN_ALREADY_EXISTS" && params(e).columnName === "`b`",
  );
});

// ---------------------------------------------------------------------------------------------
// FileIndexSuite (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/)
// ---------------------------------------------------------------------------------------------

// FileIndexSuite: "SPARK-26188: don't infer data types of partition columns if user specifies schema"
test("FileIndexSuite: a user schema's partition column is not inferred (a=4d stays the string 4d)", async () => {
  const d = fresh();
  put(d, "a=4d/text.txt", "text");
  const df = session().read.schema("value STRING, a STRING").text(d);
  assert.deepEqual(await rowsOf(df), [{ value: "text", a: "4d" }]);
  // Without a schema Spark infers 4d as a double (Java's parseDouble accepts the suffix).
  assert.deepEqual(session().read.text(d).dtypes[1], ["a", "double"]);
});

// FileIndexSuite: "SPARK-26990: use user specified field names if possible"
test("FileIndexSuite: the user schema's spelling of a partition column is kept", () => {
  const d = fresh();
  put(d, "a=foo/text.txt", "text");
  assert.deepEqual(session().read.schema("value STRING, A STRING").text(d).columns, ["value", "A"]);
});

// FileIndexSuite: "SPARK-26230: if case sensitive, validate partitions with original column names"
test("FileIndexSuite: a=1 and A=2 are one column unless case sensitive (CONFLICTING_PARTITION_COLUMN_NAMES)", async () => {
  const d = fresh();
  put(d, "a=1/text.txt", "text");
  put(d, "A=2/text.txt", "text");
  const insensitive = session();
  assert.equal(await insensitive.read.text(d).count(), 2);
  const sensitive = session();
  sensitive.conf.set("spark.sql.caseSensitive", "true");
  assert.throws(
    () => sensitive.read.text(d),
    (e: unknown) =>
      errorClass(e) === "CONFLICTING_PARTITION_COLUMN_NAMES" &&
      /Partition column name list #[0-1]: A/.test((e as Error).message) &&
      /Partition column name list #[0-1]: a/.test((e as Error).message),
  );
});

// FileIndexSuite: "SPARK-26263: Throw exception when partition value can't be casted to user-specified type"
test("FileIndexSuite: a partition value that does not cast to the user's type is INVALID_PARTITION_COLUMN_CAST", async () => {
  const d = fresh();
  put(d, "a=foo/text.txt", "text");
  const strict = session();
  assert.throws(
    () => strict.read.schema("value STRING, a INT").text(d),
    (e: unknown) =>
      errorClass(e) === "INVALID_PARTITION_COLUMN_CAST" &&
      params(e).value === "'foo'" &&
      params(e).dataType === '"INT"' &&
      params(e).columnName === "`a`",
  );
  const lenient = session();
  lenient.conf.set("spark.sql.sources.validatePartitionColumns", "false");
  assert.deepEqual(await rowsOf(lenient.read.schema("value STRING, a INT").text(d)), [
    { value: "text", a: null },
  ]);
});

// FileIndexSuite: "SPARK-29537: throw exception when user defined a wrong base path"
// (with "SPARK-32368: 'basePath' can be case insensitive")
test("FileIndexSuite: a basePath that is not above the read path is ILLEGAL_ARGUMENT (Wrong basePath …)", () => {
  const d = fresh();
  put(d, "a=foo/text.txt", "text");
  const wrong = join(d, "unknown");
  mkdirSync(wrong);
  assert.throws(
    () => session().read.option("bAsepAtH", wrong).text(d),
    (e: unknown) =>
      errorClass(e) === "ILLEGAL_ARGUMENT" &&
      (e as Error).message.includes(`Wrong basePath ${wrong} for the root path: ${d}`),
  );
  // A basePath that is not a directory is refused too (PartitioningAwareFileIndex.basePaths).
  assert.throws(
    () =>
      session()
        .read.option("basePath", join(d, "a=foo", "text.txt"))
        .text(d),
    (e: unknown) =>
      errorClass(e) === "ILLEGAL_ARGUMENT" && /'basePath' must be a directory/.test((e as Error).message),
  );
});

// FileIndexSuite: "SPARK-34075: InMemoryFileIndex filters out hidden file on partition inference"
test("FileIndexSuite: a partition directory renamed to a hidden name is skipped", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  await spark.range(2).select(F.col("id").alias("p"), F.col("id")).write.partitionBy("p").parquet(path);
  const { renameSync } = await import("node:fs");
  renameSync(join(path, "p=1"), join(path, "_hidden_path"));
  assert.equal(await spark.read.parquet(path).count(), 1);
});

// FileIndexSuite: "SPARK-20367 - properly unescape column names in inferPartitioning"
test("FileIndexSuite: escaped partition column names are unescaped when read back", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  const name = "Column/#%'?";
  await spark.range(1).select(F.col("id").alias(name), F.col("id")).write.partitionBy(name).parquet(path);
  assert.ok(spark.read.parquet(path).columns.includes(name));
});

// FileIndexSuite: "SPARK-48649: Ignore invalid partitions"
test("FileIndexSuite: ignoreInvalidPartitionPaths (conf or option) reads only the valid partitions", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  await spark
    .range(1, 3, 1, 2)
    .withColumn("part_col", F.col("id"))
    .write.mode("overwrite")
    .format("parquet")
    .partitionBy("part_col")
    .save(path);
  const { renameSync } = await import("node:fs");
  renameSync(join(path, "part_col=1"), join(path, "undefined"));
  const conflicting = (e: unknown) =>
    errorClass(e) === "CONFLICTING_DIRECTORY_STRUCTURES" &&
    /Conflicting directory structures detected/.test((e as Error).message);
  assert.throws(() => spark.read.format("parquet").load(path), conflicting);
  spark.conf.set("spark.sql.files.ignoreInvalidPartitionPaths", "true");
  assert.deepEqual(await rowsOf(spark.read.format("parquet").load(path)), [{ id: 2, part_col: 2 }]);
  assert.throws(
    () => spark.read.format("parquet").option("ignoreInvalidPartitionPaths", "false").load(path),
    conflicting,
  );
  spark.conf.set("spark.sql.files.ignoreInvalidPartitionPaths", "false");
  assert.deepEqual(
    await rowsOf(spark.read.format("parquet").option("ignoreInvalidPartitionPaths", "true").load(path)),
    [{ id: 2, part_col: 2 }],
  );
});

// FileIndexSuite: "SPARK-27676: InMemoryFileIndex respects ignoreMissingFiles config for non-root paths"
// (the data source option takes precedence over the conf; here for a file deleted after listing)
test("FileIndexSuite: the ignoreMissingFiles option overrides spark.sql.files.ignoreMissingFiles", async () => {
  const d = fresh();
  put(d, "a.txt", "a\n");
  const gone = put(d, "b.txt", "b\n");
  const spark = session();
  spark.conf.set("spark.sql.files.ignoreMissingFiles", "false");
  const lenient = spark.read.option("ignoreMissingFiles", "true").text(d);
  spark.conf.set("spark.sql.files.ignoreMissingFiles", "true");
  const strict = spark.read.option("ignoreMissingFiles", "false").text(d);
  rmSync(gone);
  assert.deepEqual(await rowsOf(lenient), [{ value: "a" }]);
  await assert.rejects(strict.collect(), (e: unknown) => errorClass(e) === "FAILED_READ_FILE.FILE_NOT_EXIST");
});

// ---------------------------------------------------------------------------------------------
// ParquetPartitionDiscoverySuite (sql/core/src/test/scala/org/apache/spark/sql/execution/
// datasources/parquet/): the format-independent parts, through `text` where no Parquet is needed
// ---------------------------------------------------------------------------------------------

/** Rows as strings of their columns (cast to string in SQL), sorted: a type-independent compare. */
const asText = async (df: ReturnType<SparkSession["range"]>) =>
  (await df.selectExpr(...df.columns.map((c) => `cast(\`${c}\` as string) as \`${c}\``)).collect())
    .map((r) => df.columns.map((c) => String(r[c])).join("|"))
    .sort();

// ParquetPartitionDiscoverySuite: "column type inference"
test("ParquetPartitionDiscoverySuite: column type inference", () => {
  const cases: [string | null, string][] = [
    ["10", "int"],
    ["1000000000000000", "bigint"],
    ["1".repeat(20), "decimal(20,0)"],
    ["1.5", "double"],
    ["hello", "string"],
    ["1990-02-24", "date"],
    ["1990-02-24 12:00:30", "timestamp"],
    [null, "void"],
  ];
  for (const [raw, type] of cases)
    assert.equal(inferPartitionValueType(raw).simpleString(), type, String(raw));
  assert.equal(inferPartitionValueType("1990-02-24 12:00:30", true).simpleString(), "timestamp_ntz");
});

// ParquetPartitionDiscoverySuite: "parse invalid partitioned directories"
test("ParquetPartitionDiscoverySuite: parse invalid partitioned directories", async () => {
  const conflicting = (e: unknown) =>
    errorClass(e) === "CONFLICTING_DIRECTORY_STRUCTURES" &&
    /Conflicting directory structures detected/.test((e as Error).message);
  const spark = session();
  // Invalid: a plain directory beside a partitioned table.
  const a = fresh();
  put(a, "invalidPath/f.txt", "x");
  put(a, "path/a=10/b=20/f.txt", "x");
  put(a, "path/a=10.5/b=hello/f.txt", "x");
  assert.throws(() => spark.read.text(a), conflicting);
  // Valid: _temporary directories are ignored.
  const b = fresh();
  put(b, "path/_temporary/f.txt", "x");
  put(b, "path/a=10/b=20/f.txt", "x");
  put(b, "path/_temporary/path/f.txt", "x");
  assert.deepEqual(spark.read.text(join(b, "path")).columns, ["value", "a", "b"]);
  // Valid: files directly in the base path (a `key=value` name above it is not a column).
  const c = fresh();
  const table = join(c, "path", "something=true", "table");
  put(table, "f.txt", "direct");
  put(table, "_temporary/f.txt", "x");
  put(table, "a=10/b=20/f.txt", "nested");
  const df = spark.read.text(table);
  assert.deepEqual(df.columns, ["value", "a", "b"]);
  // The files directly in the base path are not part of any partition: Spark leaves them out.
  assert.deepEqual(await asText(df), ["nested|10|20"]);
  // Invalid: a plain directory with files beside the partition directories.
  const d = fresh();
  put(d, "path/_temporary/f.txt", "x");
  put(d, "path/a=10/b=20/f.txt", "x");
  put(d, "path/path1/f.txt", "x");
  assert.throws(() => spark.read.text(join(d, "path")), conflicting);
  // Invalid: a partitioned table beside non-partitioned ones.
  const e = fresh();
  put(e, "tables/partitionedTable/f.txt", "x");
  put(e, "tables/partitionedTable/p=1/f.txt", "x");
  put(e, "tables/nonPartitionedTable1/f.txt", "x");
  put(e, "tables/nonPartitionedTable2/f.txt", "x");
  assert.throws(() => spark.read.text(join(e, "tables")), conflicting);
});

// ParquetPartitionDiscoverySuite: "parse partition"
// ParquetPartitionDiscoverySuite: "parse partition with base paths"
test("ParquetPartitionDiscoverySuite: parse partition (with and without base paths)", () => {
  const none = new Set<string>();
  const cols = (p: string, bases: ReadonlySet<string> = none) => {
    const s = parsePartitionPath(p, bases);
    return s === undefined ? undefined : { columns: s.columns, values: s.values };
  };
  assert.deepEqual(cols("/path/a=10/f"), { columns: ["a"], values: ["10"] });
  assert.deepEqual(cols("/path/a=10/b=hello/c=1.5/f"), {
    columns: ["a", "b", "c"],
    values: ["10", "hello", "1.5"],
  });
  assert.deepEqual(cols("/path/a=10/b_hello/c=1.5/f"), { columns: ["c"], values: ["1.5"] });
  assert.deepEqual(cols("/f"), { columns: [], values: [] });
  assert.equal(cols("/path/_temporary/f"), undefined);
  assert.equal(cols("/path/_temporary/c=1.5/f"), undefined);
  assert.equal(cols("/path/_temporary/path/f"), undefined);
  assert.equal(cols("/path/a=10/_temporary/c=1.5/f"), undefined);
  assert.equal(cols("/path/a=10/c=1.5/_temporary/f"), undefined);
  assert.deepEqual(cols("/path/a=10/f", new Set(["/path/a=10"])), { columns: [], values: [] });
  assert.deepEqual(cols("/path/a=10/f", new Set(["/path"])), { columns: ["a"], values: ["10"] });
});

// ParquetPartitionDiscoverySuite: "parse partitions"
test("ParquetPartitionDiscoverySuite: parse partitions (types resolved across directories)", async () => {
  const spark = session();
  const read = (dirs: string[]) => {
    const d = fresh();
    for (const dir of dirs) put(d, `${dir}/f.txt`, "v");
    return spark.read.text(d);
  };
  const one = read(["a=10/b=hello"]);
  assert.deepEqual(one.dtypes.slice(1), [
    ["a", "int"],
    ["b", "string"],
  ]);
  const two = read(["a=10/b=20", "a=10.5/b=hello"]);
  assert.deepEqual(two.dtypes.slice(1), [
    ["a", "double"],
    ["b", "string"],
  ]);
  assert.deepEqual(await asText(two), ["v|10.0|20", "v|10.5|hello"]);
  const withTemp = read([
    "_temporary",
    "a=10/b=20",
    "a=10.5/b=hello",
    "a=10.5/_temporary",
    "a=10.5/_TeMpOrArY",
    "a=10.5/b=hello/_temporary",
    "a=10.5/b=hello/_TEMPORARY",
    "_temporary/path",
    "a=11/_temporary/path",
    "a=10.5/b=world/_temporary/path",
  ]);
  assert.deepEqual(withTemp.dtypes.slice(1), [
    ["a", "double"],
    ["b", "string"],
  ]);
  assert.deepEqual(await asText(withTemp), ["v|10.0|20", "v|10.5|hello"]);
  const nulls = read(["a=10/b=20", "a=__HIVE_DEFAULT_PARTITION__/b=hello"]);
  assert.deepEqual(nulls.dtypes.slice(1), [
    ["a", "int"],
    ["b", "string"],
  ]);
  assert.deepEqual(await asText(nulls), ["v|10|20", "v|null|hello"]);
  // A column of NULLs only is NullType in Spark's spec, a string column in the relation.
  const allNull = read(["a=10/b=__HIVE_DEFAULT_PARTITION__", "a=10.5/b=__HIVE_DEFAULT_PARTITION__"]);
  assert.deepEqual(allNull.dtypes.slice(1), [
    ["a", "double"],
    ["b", "string"],
  ]);
  const mixed = read([
    "a=__HIVE_DEFAULT_PARTITION__/b=0",
    `a=2014-01-01/b=${9223372036854775807n}111`,
    "a=2014-01-01 00%3A01%3A00.0/b=__HIVE_DEFAULT_PARTITION__",
  ]);
  assert.deepEqual(mixed.dtypes.slice(1), [
    ["a", "timestamp"],
    ["b", "decimal(22,0)"],
  ]);
  assert.deepEqual(await asText(mixed), [
    "v|2014-01-01 00:00:00|9223372036854775807111",
    "v|2014-01-01 00:01:00|null",
    "v|null|0",
  ]);
  const ntz = session();
  ntz.conf.set("spark.sql.timestampType", "TIMESTAMP_NTZ");
  const d = fresh();
  put(d, "a=2014-01-01/f.txt", "v");
  put(d, "a=2014-01-01 00%3A01%3A00.0/f.txt", "v");
  assert.deepEqual(ntz.read.text(d).dtypes.slice(1), [["a", "timestamp_ntz"]]);
});

// ParquetPartitionDiscoverySuite: "parse partitions with type inference disabled"
test("ParquetPartitionDiscoverySuite: parse partitions with type inference disabled", async () => {
  const spark = session();
  spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
  const d = fresh();
  for (const dir of [
    "a=10/b=20",
    "a=10.5/b=hello",
    "a=__HIVE_DEFAULT_PARTITION__/b=__HIVE_DEFAULT_PARTITION__",
  ])
    put(d, `${dir}/f.txt`, "v");
  const df = spark.read.text(d);
  assert.deepEqual(df.dtypes.slice(1), [
    ["a", "string"],
    ["b", "string"],
  ]);
  assert.deepEqual(await asText(df), ["v|10.5|hello", "v|10|20", "v|null|null"]);
});

// ParquetPartitionDiscoverySuite: "read partitioned table - normal case"
test("ParquetPartitionDiscoverySuite: read partitioned table - normal case (with _temporary directories)", async () => {
  const spark = session();
  const base = fresh();
  for (const pi of [1, 2])
    for (const ps of ["foo", "bar"]) {
      put(
        base,
        `pi=${pi}/ps=${ps}/data.csv`,
        Array.from({ length: 10 }, (_, i) => `${i + 1},${i + 1}`).join("\n"),
      );
      mkdirSync(join(base, `pi=${pi}/ps=${ps}/_temporary`));
    }
  mkdirSync(join(base, "_temporary"));
  spark.read.schema("intField INT, stringField STRING").csv(base).createOrReplaceTempView("t_normal");
  const all = await asText(spark.sql("SELECT * FROM t_normal"));
  assert.equal(all.length, 40);
  assert.ok(all.includes("3|3|2|bar"));
  assert.equal((await spark.sql("SELECT intField, pi FROM t_normal").collect()).length, 40);
  const pi1 = await asText(spark.sql("SELECT * FROM t_normal WHERE pi = 1"));
  assert.equal(pi1.length, 20);
  assert.ok(pi1.every((r) => r.split("|")[2] === "1"));
  const foo = await asText(spark.sql("SELECT * FROM t_normal WHERE ps = 'foo'"));
  assert.equal(foo.length, 20);
  assert.ok(foo.every((r) => r.endsWith("|foo")));
});

// ParquetPartitionDiscoverySuite: "read partitioned table using different path options"
test("ParquetPartitionDiscoverySuite: read partitioned table using different path options", async () => {
  const spark = session();
  const base = fresh();
  const file = put(base, "pi=1/ps=foo/part.csv", "1,a\n");
  const schema = "intField INT, stringField STRING";
  assert.deepEqual(spark.read.schema(schema).csv(base).columns, ["intField", "stringField", "pi", "ps"]);
  assert.deepEqual(spark.read.schema(schema).csv(dirname(file)).columns, ["intField", "stringField"]);
  assert.deepEqual(spark.read.schema(schema).csv(file).columns, ["intField", "stringField"]);
  assert.deepEqual(spark.read.schema(schema).option("basePath", base).csv(file).columns, [
    "intField",
    "stringField",
    "pi",
    "ps",
  ]);
});

// ParquetPartitionDiscoverySuite: "read partitioned table - with nulls"
test("ParquetPartitionDiscoverySuite: read partitioned table - with nulls", async () => {
  const spark = session();
  const base = fresh();
  for (const pi of ["1", "__HIVE_DEFAULT_PARTITION__"])
    for (const ps of ["foo", "__HIVE_DEFAULT_PARTITION__"])
      put(base, `pi=${pi}/ps=${ps}/data.csv`, "1,1\n2,2\n");
  const t = spark.read.schema("intField INT, stringField STRING").csv(base);
  assert.deepEqual(t.dtypes.slice(2), [
    ["pi", "int"],
    ["ps", "string"],
  ]);
  assert.equal(await t.count(), 8);
  assert.deepEqual(await asText(t.where("pi IS NULL")), [
    "1|1|null|foo",
    "1|1|null|null",
    "2|2|null|foo",
    "2|2|null|null",
  ]);
  assert.deepEqual(await asText(t.where("ps IS NULL")), [
    "1|1|1|null",
    "1|1|null|null",
    "2|2|1|null",
    "2|2|null|null",
  ]);
});

// ParquetPartitionDiscoverySuite: "SPARK-7847: Dynamic partition directory path escaping and unescaping"
test("ParquetPartitionDiscoverySuite: SPARK-7847 partition directory path escaping and unescaping", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  const df = spark.createDataFrame(
    [
      [0, "/"],
      [1, "[]"],
      [2, "?"],
    ],
    "i INT, s STRING",
  );
  await df.write.format("parquet").partitionBy("s").save(path);
  assert.deepEqual(
    tree(path)
      .filter((f) => f.endsWith(".parquet"))
      .map((f) => f.split("/")[0])
      .sort(),
    ["s=%2F", "s=%3F", "s=%5B%5D"],
  );
  assert.deepEqual(await asText(spark.read.parquet(path)), ["0|/", "1|[]", "2|?"]);
});

// ParquetPartitionDiscoverySuite: "Various partition value types"
test("ParquetPartitionDiscoverySuite: various partition value types round-trip", async () => {
  for (const tz of ["America/Los_Angeles"]) {
    const spark = session(tz);
    const df = spark.sql(`SELECT CAST(100 AS TINYINT) p_0, CAST(-25536 AS SMALLINT) p_1, 2147483647 p_2,
      9223372036854775807L p_3, CAST(1.5 AS FLOAT) p_4, 4.5D p_5, CAST(2.125 AS DECIMAL(10,5)) p_6,
      CAST(2.125 AS DECIMAL(38,18)) p_7, DATE'2015-05-23' p_8, TIMESTAMP'1969-12-31 16:00:00' p_9,
      'This is a string, /[]?=:' p_10, 'This is not a partition column' i`);
    const names = df.columns.filter((c) => c !== "i");
    const casts = df.dtypes.map(([c, t]) => F.col(c).cast(t).alias(c));
    for (const utc of [false, true]) {
      const path = join(fresh(), "out");
      const w = df.write.format("parquet").partitionBy(...names);
      await (utc ? w.option("timeZone", "UTC") : w).save(path);
      const r = utc ? spark.read.option("timeZone", "UTC") : spark.read;
      assert.deepEqual(await asText(r.load(path).select(...casts)), await asText(df));
    }
  }
});

// ParquetPartitionDiscoverySuite: "Various inferred partition value types"
test("ParquetPartitionDiscoverySuite: various inferred partition value types", async () => {
  const spark = session("America/Los_Angeles");
  const df =
    spark.sql(`SELECT 9223372036854775807L p_0, 4.5D p_1, CAST('${"1".repeat(20)}' AS DECIMAL(20,0)) p_2,
    DATE'2015-05-23' p_3, TIMESTAMP'1990-02-24 12:00:30' p_4, 'This is a string, /[]?=:' p_5,
    'This is not a partition column' i`);
  const path = join(fresh(), "out");
  await df.write.format("parquet").partitionBy("p_0", "p_1", "p_2", "p_3", "p_4", "p_5").save(path);
  const back = spark.read.load(path).select(...df.columns);
  assert.deepEqual(back.dtypes, df.dtypes);
  assert.deepEqual(await asText(back), await asText(df));
});

// ParquetPartitionDiscoverySuite: "SPARK-8037: Ignores files whose name starts with dot"
// ParquetPartitionDiscoverySuite: "_SUCCESS should not break partitioning discovery"
// ParquetPartitionDiscoverySuite: "SPARK-15895 summary files in non-leaf partition directories"
test("ParquetPartitionDiscoverySuite: dot files, _SUCCESS and summary files in partition directories are ignored", async () => {
  const spark = session();
  const path = join(fresh(), "table");
  const df = spark.createDataFrame(
    [1, 2, 3].map((i) => [i, i, i, i]),
    "a INT, b INT, c INT, d INT",
  );
  await df.write.format("parquet").partitionBy("b", "c", "d").save(path);
  put(path, "b=1/.DS_Store", "");
  mkdirSync(join(path, "b=1/c=1/.foo/bar"), { recursive: true });
  put(path, "b=1/_SUCCESS", "");
  put(path, "b=1/c=1/_SUCCESS", "");
  put(path, "b=1/c=1/d=1/_SUCCESS", "");
  put(path, "b=1/_metadata", "junk");
  put(path, "b=1/_common_metadata", "junk");
  assert.deepEqual(await asText(spark.read.format("parquet").load(path)), ["1|1|1|1", "2|2|2|2", "3|3|3|3"]);
});

// ParquetPartitionDiscoverySuite: "SPARK-11678: Partition discovery stops at the root path of the dataset"
test("ParquetPartitionDiscoverySuite: SPARK-11678 partition discovery stops at the root path", async () => {
  const spark = session();
  for (const rel of ["key=value", "key=value/table"]) {
    const tablePath = join(fresh(), rel);
    const df = spark.createDataFrame(
      [1, 2, 3].map((i) => [i, i, i, i]),
      "a INT, b INT, c INT, d INT",
    );
    await df.write.format("parquet").partitionBy("b", "c", "d").save(tablePath);
    const back = spark.read.format("parquet").load(tablePath);
    assert.deepEqual(back.columns, ["a", "b", "c", "d"]);
    assert.deepEqual(await asText(back), ["1|1|1|1", "2|2|2|2", "3|3|3|3"]);
  }
});

// ParquetPartitionDiscoverySuite: "use basePath to specify the root dir of a partitioned table."
test("ParquetPartitionDiscoverySuite: basePath gives the root of a partitioned table; without it two partitions conflict", async () => {
  const spark = session();
  const tablePath = join(fresh(), "table");
  const df = spark.createDataFrame(
    [1, 2, 3].map((i) => [i, i, i, i]),
    "a INT, b INT, c INT, d INT",
  );
  await df.write.format("parquet").partitionBy("b", "c", "d").save(tablePath);
  const two = spark.read
    .option("basePath", tablePath)
    .parquet(join(tablePath, "b=1"), join(tablePath, "b=2"));
  assert.deepEqual(await asText(two), ["1|1|1|1", "2|2|2|2"]);
  assert.throws(
    () => spark.read.parquet(join(tablePath, "b=1"), join(tablePath, "b=2")),
    (e: unknown) => errorClass(e) === "CONFLICTING_DIRECTORY_STRUCTURES",
  );
});

// ParquetPartitionDiscoverySuite: "use basePath and file globbing to selectively load partitioned table"
test("ParquetPartitionDiscoverySuite: basePath and globs selectively load a partitioned table", async () => {
  const spark = session();
  const dir = join(fresh(), "t");
  const df = spark.createDataFrame(
    [
      [1, "foo", 100],
      [1, "bar", 200],
      [2, "foo", 300],
      [2, "bar", 400],
    ],
    "p1 INT, p2 STRING, v INT",
  );
  await df.write.mode("overwrite").partitionBy("p1", "p2").parquet(dir);
  const check = async (path: string, basePath: string, columns: string[], expected: string[]) => {
    const got = spark.read.option("basePath", basePath).parquet(path);
    assert.deepEqual(got.columns, columns, path);
    assert.deepEqual(await asText(got), expected, path);
  };
  const all = ["100|1|foo", "200|1|bar", "300|2|foo", "400|2|bar"];
  await check(dir, dir, ["v", "p1", "p2"], all);
  await check(`${dir}/*`, dir, ["v", "p1", "p2"], all);
  await check(`${dir}/*/*`, dir, ["v", "p1", "p2"], all);
  await check(`${dir}/*/*/*`, dir, ["v", "p1", "p2"], all);
  await check(`${dir}/p1=1/*`, `${dir}/p1=1/`, ["v", "p2"], ["100|foo", "200|bar"]);
  await check(`${dir}/p1=1/p2=foo/*`, `${dir}/p1=1/`, ["v", "p2"], ["100|foo"]);
  await check(`${dir}/p1=1/p2=foo/*`, `${dir}/p1=1/p2=foo/`, ["v"], ["100"]);
});

// ParquetPartitionDiscoverySuite: "conflictingPartitionColumnsError"
// ParquetPartitionDiscoverySuite: "SPARK-49163: Attempt to create table based on broken parquet partition data"
test("ParquetPartitionDiscoverySuite: CONFLICTING_PARTITION_COLUMN_NAMES lists the column lists and the suspicious directories", async () => {
  const d = fresh();
  put(d, "a=1/f.txt", "x");
  put(d, "b=1/f.txt", "x");
  assert.throws(
    () => session().read.text(d),
    (e: unknown) =>
      errorClass(e) === "CONFLICTING_PARTITION_COLUMN_NAMES" &&
      params(e).distinctPartColLists ===
        "\n\tPartition column name list #0: a\n\tPartition column name list #1: b\n" &&
      params(e).suspiciousPaths === `\n\tfile:${d}/a=1\n\tfile:${d}/b=1`,
  );
  const spark = session();
  const dir = join(fresh(), "t");
  await spark
    .createDataFrame([["a", "b", "c"]], "col1 STRING, col2 STRING, col3 STRING")
    .write.mode("overwrite")
    .partitionBy("col1", "col2")
    .parquet(dir);
  put(dir, "col1=a/dummy", "");
  assert.throws(
    () => spark.read.parquet(dir),
    (e: unknown) =>
      errorClass(e) === "CONFLICTING_PARTITION_COLUMN_NAMES" &&
      /Partition column name list #[0-1]: col1\n/.test((e as Error).message) &&
      /Partition column name list #[0-1]: col1, col2/.test((e as Error).message) &&
      params(e).suspiciousPaths === `\n\tfile:${dir}/col1=a\n\tfile:${dir}/col1=a/col2=b`,
  );
});

// ParquetPartitionDiscoverySuite: "SPARK-22109: Resolve type conflicts between strings and timestamps in partition column"
// ParquetPartitionDiscoverySuite: "Resolve type conflicts - decimals, dates and timestamps in partition column"
// ParquetPartitionDiscoverySuite: "SPARK-34314: preserve partition values of the string type"
test("ParquetPartitionDiscoverySuite: type conflicts in a partition column resolve as Spark's", async () => {
  const spark = session();
  const roundTrip = async (rows: [number, string][], col: string) => {
    const path = join(fresh(), "out");
    await spark
      .createDataFrame(rows, `i INT, ${col} STRING`)
      .write.format("parquet")
      .partitionBy(col)
      .save(path);
    return spark.read.load(path);
  };
  const strs = await roundTrip(
    [
      [1, "2015-01-01 00:00:00"],
      [2, "2014-01-01 00:00:00"],
      [3, "blah"],
    ],
    "str",
  );
  assert.deepEqual(strs.dtypes, [
    ["i", "int"],
    ["str", "string"],
  ]);
  assert.deepEqual(await asText(strs), ["1|2015-01-01 00:00:00", "2|2014-01-01 00:00:00", "3|blah"]);
  const ts = await roundTrip(
    [
      [1, "2014-01-01"],
      [2, "2016-01-01"],
      [3, "2015-01-01 00:01:00"],
    ],
    "ts",
  );
  assert.deepEqual(ts.dtypes[1], ["ts", "timestamp"]);
  assert.deepEqual(await asText(ts), [
    "1|2014-01-01 00:00:00",
    "2|2016-01-01 00:00:00",
    "3|2015-01-01 00:01:00",
  ]);
  const dec = await roundTrip(
    [
      [1, "1"],
      [2, "3"],
      [3, "2".repeat(30)],
    ],
    "decimal",
  );
  assert.deepEqual(dec.dtypes[1], ["decimal", "decimal(30,0)"]);
  assert.deepEqual(await asText(dec), ["1|1", "2|3", `3|${"2".repeat(30)}`]);
  const kept = await roundTrip(
    [
      [0, "AA"],
      [1, "-0"],
    ],
    "part",
  );
  assert.deepEqual(kept.dtypes[1], ["part", "string"]);
  assert.deepEqual(await asText(kept), ["0|AA", "1|-0"]);
});

// ParquetPartitionDiscoverySuite: "SPARK-23436, SPARK-36861: invalid Dates should be inferred as String in partition inference"
test("ParquetPartitionDiscoverySuite: invalid dates and T-separated times are inferred as strings", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  const data = spark.createDataFrame(
    [["1", "2018-41", "2018-01-01-04", "2021-01-01T00", "test"]],
    "id STRING, date_month STRING, date_hour STRING, date_t_hour STRING, data STRING",
  );
  await data.write.partitionBy("date_month", "date_hour", "date_t_hour").parquet(path);
  const input = spark.read.parquet(path).select("id", "date_month", "date_hour", "date_t_hour", "data");
  assert.deepEqual(input.dtypes, data.dtypes);
  assert.deepEqual(await asText(input), await asText(data));
  // Spark's partition patterns take only a space between date and time, and two-digit fields.
  for (const raw of [
    "2021-01-01T00:00:00",
    "2021-1-01",
    "2021-01-01 1:00:00",
    "2021-02-30",
    "2021-01-01 25:00:00",
  ])
    assert.equal(inferPartitionValueType(raw).simpleString(), "string", raw);
});

// ParquetPartitionDiscoverySuite: "SPARK-40212: SparkSQL castPartValue does not properly handle byte, short, float"
test("ParquetPartitionDiscoverySuite: SPARK-40212 byte, short and float partition columns from a user schema", async () => {
  const spark = session();
  const dir = join(fresh(), "t");
  await spark
    .sql("SELECT 1 a, CAST(2 AS TINYINT) b, CAST(3 AS SMALLINT) c, CAST(4.0 AS FLOAT) d")
    .write.mode("overwrite")
    .partitionBy("b", "c", "d")
    .parquet(dir);
  const res = spark.read.schema("a INT, b BYTE, c SHORT, d FLOAT").parquet(dir);
  assert.deepEqual(res.dtypes, [
    ["a", "int"],
    ["b", "tinyint"],
    ["c", "smallint"],
    ["d", "float"],
  ]);
  assert.deepEqual(await rowsOf(res), [{ a: 1, b: 2, c: 3, d: 4 }]);
});

// ParquetV1PartitionDiscoverySuite: "SPARK-18108 Parquet reader fails when data column types conflict with partition ones"
test("ParquetPartitionDiscoverySuite: SPARK-18108 a partition column overrides a data column of the same name", async () => {
  const spark = session();
  const path = fresh();
  await spark.sql("SELECT 1L a, 2.0D b").write.parquet(join(path, "a=1"));
  const back = spark.read.parquet(path);
  assert.deepEqual(back.dtypes, [
    ["a", "int"],
    ["b", "double"],
  ]);
  assert.deepEqual(await rowsOf(back), [{ a: 1, b: 2 }]);
});

// ---------------------------------------------------------------------------------------------
// SaveLoadSuite (sql/core/src/test/scala/org/apache/spark/sql/sources/)
// ---------------------------------------------------------------------------------------------

const saveLoadSetup = () => {
  const spark = session();
  const df = spark.read.json(
    put(
      fresh(),
      "in.json",
      Array.from({ length: 10 }, (_, i) => `{"a":${i + 1}, "b":"str${i + 1}"}`).join("\n"),
    ),
  );
  return { spark, df, path: join(fresh(), "out") };
};
/** SaveLoadSuite's checkLoad: the default source, an explicit format, and a user schema. */
const checkLoad = async (spark: SparkSession, path: string, expected: string[]) => {
  spark.conf.set("spark.sql.sources.default", "org.apache.spark.sql.json");
  assert.deepEqual(await asText(spark.read.load(path)), expected);
  spark.conf.set("spark.sql.sources.default", "not a source name");
  assert.deepEqual(await asText(spark.read.format("json").load(path)), expected);
  assert.deepEqual(
    await asText(spark.read.format("json").schema("b STRING").load(path)),
    expected.map((r) => r.split("|")[1]!).sort(),
  );
};
const tenRows = Array.from({ length: 10 }, (_, i) => `${i + 1}|str${i + 1}`).sort();

// SaveLoadSuite: "save with path and load"
// SaveLoadSuite: "save with path and datasource, and load"
// SaveLoadSuite: "save with data source and options, and load"
test("SaveLoadSuite: save with a path (default source, named source, error mode) and load", async () => {
  for (const how of ["default", "json", "errorifexists"] as const) {
    const { spark, df, path } = saveLoadSetup();
    if (how === "default") {
      spark.conf.set("spark.sql.sources.default", "org.apache.spark.sql.json");
      await df.write.save(path);
    } else {
      spark.conf.set("spark.sql.sources.default", "not a source name");
      await (how === "json" ? df.write.json(path) : df.write.mode("errorifexists").json(path));
    }
    await checkLoad(spark, path, tenRows);
  }
});

// SaveLoadSuite: "save with string mode and path, and load"
test("SaveLoadSuite: overwrite replaces a plain file at the target path", async () => {
  const { spark, df, path } = saveLoadSetup();
  spark.conf.set("spark.sql.sources.default", "org.apache.spark.sql.json");
  writeFileSync(path, "");
  await df.write.mode("overwrite").save(path);
  await checkLoad(spark, path, tenRows);
});

// SaveLoadSuite: "save and save again"
test("SaveLoadSuite: save and save again (already exists, overwrite, append)", async () => {
  const { spark, df, path } = saveLoadSetup();
  await df.write.json(path);
  await assert.rejects(df.write.json(path), (e: unknown) => /already exists/.test((e as Error).message));
  rmSync(path, { recursive: true });
  await df.write.json(path);
  await checkLoad(spark, path, tenRows);
  await df.write.mode("overwrite").json(path);
  await checkLoad(spark, path, tenRows);
  await df.write.mode("append").json(path);
  await checkLoad(spark, path, [...tenRows, ...tenRows].sort());
});

// ---------------------------------------------------------------------------------------------
// DataFrameReaderWriterSuite (sql/core/src/test/scala/org/apache/spark/sql/test/)
// ---------------------------------------------------------------------------------------------

const rwData = ["bob", "alice", "charlie"];
const firstCol = async (df: ReturnType<SparkSession["range"]>) =>
  (await df.collect()).map((r) => r[df.columns[0]!] as string | null).sort();
const schemaOf = (df: ReturnType<SparkSession["range"]>) => df.dtypes.map(([c, t]) => `${c}:${t}`).join(",");

// DataFrameReaderWriterSuite: "text - API and behavior regarding schema"
// DataFrameReaderWriterSuite: "SPARK-20431: Specify a schema by using a DDL-formatted string"
test("DataFrameReaderWriterSuite: text - API and behavior regarding schema", async () => {
  const spark = session();
  const dir = join(fresh(), "t");
  await spark.createDataFrame(rwData, "string").write.mode("overwrite").text(dir);
  const sorted = [...rwData].sort();
  assert.deepEqual(await firstCol(spark.read.text(dir)), sorted);
  assert.equal(schemaOf(spark.read.text(dir)), "value:string");
  assert.deepEqual(await firstCol(spark.read.text([])), []);
  assert.equal(schemaOf(spark.read.text([])), "value:string");
  assert.deepEqual(
    await firstCol(spark.read.text([dir, dir, dir])),
    [...rwData, ...rwData, ...rwData].sort(),
  );
  const user = spark.read.schema("s STRING");
  assert.deepEqual(await firstCol(user.text([])), []);
  assert.equal(schemaOf(spark.read.schema("s STRING").text(dir)), "s:string");
  assert.deepEqual(await firstCol(spark.read.schema("s STRING").text(dir)), sorted);
  assert.deepEqual(
    await firstCol(spark.read.schema("s STRING").text([dir, dir])),
    [...rwData, ...rwData].sort(),
  );
});

// DataFrameReaderWriterSuite: "csv - API and behavior regarding schema"
// DataFrameReaderWriterSuite: "json - API and behavior regarding schema"
// DataFrameReaderWriterSuite: "parquet - API and behavior regarding schema"
test("DataFrameReaderWriterSuite: csv / json / parquet - API and behavior regarding schema", async () => {
  for (const format of ["csv", "json", "parquet"] as const) {
    const spark = session();
    const dir = join(fresh(), "t");
    await spark.createDataFrame(rwData, "str STRING").write.mode("overwrite").format(format).save(dir);
    const read = () => spark.read.format(format);
    const df = read().load(dir);
    assert.deepEqual(await firstCol(df), [...rwData].sort(), format);
    assert.throws(
      () => read().load([]),
      (e: unknown) => errorClass(e) === "UNABLE_TO_INFER_SCHEMA",
      format,
    );
    assert.deepEqual(await firstCol(read().load([dir, dir])), [...rwData, ...rwData].sort(), format);
    // With a user schema: an empty read, and the file data under the user's schema (CSV is
    // positional; JSON and Parquet match names, so the unknown column is NULL).
    const user = () => spark.read.format(format).schema("s STRING");
    assert.deepEqual(await firstCol(user().load([])), [], format);
    assert.equal(schemaOf(user().load([])), "s:string");
    const expected = format === "csv" ? [...rwData].sort() : [null, null, null];
    assert.deepEqual(await firstCol(user().load(dir)), expected, format);
    assert.deepEqual(await firstCol(user().load([dir, dir])), [...expected, ...expected].sort(), format);
  }
});

// DataFrameReaderWriterSuite: "prevent all column partitioning"
test("DataFrameReaderWriterSuite: prevent all column partitioning", async () => {
  const spark = session();
  const path = fresh();
  for (const format of ["parquet", "csv"])
    await assert.rejects(
      spark.range(10).write.format(format).mode("overwrite").partitionBy("id").save(path),
      (e: unknown) => errorClass(e) === "ALL_PARTITION_COLUMNS_NOT_ALLOWED",
    );
});

// DataFrameReaderWriterSuite: "SPARK-29537: throw exception when user defined a wrong base path"
test("DataFrameReaderWriterSuite: SPARK-29537 wrong base path", async () => {
  const spark = session();
  const path = join(fresh(), "p");
  await spark
    .createDataFrame(
      [
        [1, 1],
        [2, 2],
      ],
      "c1 INT, c2 INT",
    )
    .write.partitionBy("c1")
    .mode("overwrite")
    .parquet(path);
  const wrong = join(path, "unknown");
  mkdirSync(wrong);
  assert.throws(
    () => spark.read.option("basePath", wrong).parquet(path),
    (e: unknown) => (e as Error).message.includes(`Wrong basePath ${wrong} for the root path: ${path}`),
  );
});

// DataFrameReaderWriterSuite: "save mode"
test("DataFrameReaderWriterSuite: save mode 'default' is errorifexists", async () => {
  const spark = session();
  const path = join(fresh(), "p");
  await spark.range(3).write.mode("default").parquet(path);
  await assert.rejects(spark.range(3).write.mode("default").parquet(path), (e: unknown) =>
    /PATH_ALREADY_EXISTS/.test(errorClass(e)),
  );
});

// DataFrameReaderWriterSuite: "SPARK-17230: write out results of decimal calculation"
test("DataFrameReaderWriterSuite: SPARK-17230 write out results of decimal calculation", async () => {
  const spark = session();
  const dir = join(fresh(), "p");
  const df = spark
    .range(99, 101)
    .selectExpr("id", "cast(id as long) * cast('1.0' as decimal(38, 18)) as num");
  await df.write.mode("overwrite").parquet(dir);
  const back = spark.read.parquet(dir);
  assert.deepEqual(back.dtypes, df.dtypes);
  assert.deepEqual(await asText(back), await asText(df));
});

// DataFrameReaderWriterSuite: "SPARK-18510: use user specified types for partition columns in file sources"
test("DataFrameReaderWriterSuite: SPARK-18510 user-given partition types; partition columns go last in directory order", async () => {
  const spark = session();
  const src = join(fresh(), "p");
  await spark
    .range(4)
    .selectExpr(
      "transform(sequence(1, cast(id + 1 as int)), x -> cast(x as string)) as ex",
      "id",
      "id % 4 as part",
    )
    .coalesce(1)
    .write.partitionBy("part", "id")
    .mode("overwrite")
    .parquet(src);
  const df = spark.read.schema("id STRING, ex ARRAY<STRING>").format("parquet").load(src);
  assert.deepEqual(df.dtypes, [
    ["ex", "array<string>"],
    ["part", "int"],
    ["id", "string"],
  ]);
  assert.deepEqual(await asText(df), ["[1, 2, 3, 4]|3|3", "[1, 2, 3]|2|2", "[1, 2]|1|1", "[1]|0|0"]);
});

// ---------------------------------------------------------------------------------------------
// FileBasedDataSourceSuite (sql/core/src/test/scala/org/apache/spark/sql/)
// ---------------------------------------------------------------------------------------------

const allFormats = ["csv", "json", "parquet", "text"] as const;

// FileBasedDataSourceSuite: "Writing empty datasets should not fail - $format"
test("FileBasedDataSourceSuite: writing empty datasets does not fail", async () => {
  const spark = session();
  for (const format of allFormats) {
    const path = join(fresh(), "out");
    await spark.createDataFrame(["str"], "string").limit(0).write.format(format).save(path);
    assert.ok(tree(path).includes("_SUCCESS"), format);
  }
});

// FileBasedDataSourceSuite: "SPARK-23072 Write and read back unicode column names - $format"
test("FileBasedDataSourceSuite: SPARK-23072 unicode column names round-trip", async () => {
  const spark = session();
  for (const format of ["csv", "json", "parquet"] as const) {
    const path = join(fresh(), "out");
    const df = spark.createDataFrame(["a"], "`한글` STRING");
    await df.write.format(format).option("header", "true").save(path);
    const back = spark.read.format(format).option("header", "true").load(path);
    assert.deepEqual(back.dtypes, df.dtypes, format);
    assert.deepEqual(await rowsOf(back), [{ 한글: "a" }], format);
  }
});

// FileBasedDataSourceSuite: "SPARK-15474 Write and read back non-empty schema with empty dataframe - $format"
test("FileBasedDataSourceSuite: SPARK-15474 an empty DataFrame keeps its schema (parquet)", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  const empty = spark.sql("SELECT true AS _1, 1 AS _2, 'str' AS _3").limit(0);
  await empty.write.format("parquet").save(path);
  const back = spark.read.format("parquet").load(path);
  assert.deepEqual(back.dtypes, empty.dtypes);
  assert.equal(await back.count(), 0);
});

// FileBasedDataSourceSuite: "SPARK-22146 read files containing special characters using $format"
test("FileBasedDataSourceSuite: SPARK-22146 paths with special characters", async () => {
  const spark = session();
  for (const format of ["csv", "json", "parquet", "text"] as const) {
    const path = join(fresh(), "sp&cial%c hars");
    await spark.createDataFrame(["a", "b"], "value STRING").write.format(format).save(path);
    assert.deepEqual(
      (await spark.read.format(format).load(path).collect()).map((r) => Object.values(r)[0]).sort(),
      ["a", "b"],
      format,
    );
  }
});

// FileBasedDataSourceSuite: "UDF input_file_name()"
test("FileBasedDataSourceSuite: input_file_name() contains the path", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  await spark.range(10).write.parquet(path);
  const row = (await spark.read.parquet(path).select(F.input_file_name().alias("f")).collect())[0]!;
  assert.ok(String(row.f).includes(path));
});

// FileIndexSuite / PartitioningAwareFileIndex.listFiles (isNonEmptyFile): empty files are not read,
// so a 0-byte file beside Parquet data is no corrupt file.
test("PartitioningAwareFileIndex: empty files are skipped by the scan", async () => {
  const spark = session();
  const path = join(fresh(), "out");
  await spark.range(3).write.parquet(path);
  put(path, "empty.parquet", "");
  assert.deepEqual(
    (await spark.read.schema("id BIGINT").parquet(path).collect()).map((r) => r.id).sort(),
    [0, 1, 2],
  );
});
