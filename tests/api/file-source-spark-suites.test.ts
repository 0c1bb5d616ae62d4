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
