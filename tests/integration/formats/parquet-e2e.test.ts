// Parquet through the public API: df.write.parquet / spark.read.parquet with partitioning, options,
// confs and filters, as PySpark users call them (expected behaviour from Spark's ParquetIOSuite,
// ParquetQuerySuite and the Parquet data source docs).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { SparkSession, SparkTimestamp, TsparkError } from "../../../src/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-parquet-e2e-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `case${n++}`);
const session = () =>
  SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();
const errorClass = (e: unknown) => (e instanceof TsparkError ? e.errorClass : String(e));

test("write then read keeps every column type, value and nullability rule", async () => {
  const spark = session();
  const dir = fresh();
  const df = spark.createDataFrame(
    [
      { id: 1, big: 9007199254740993n, amount: "12.34", name: "ü 😀", tags: ["x", null], attrs: { k: 1 } },
      { id: 2, big: null, amount: null, name: null, tags: [], attrs: {} },
    ],
    "id INT NOT NULL, big BIGINT, amount STRING, name STRING, tags ARRAY<STRING>, attrs MAP<STRING, INT>",
  );
  const typed = df.withColumn("amount", F.col("amount").cast("decimal(10,2)"));
  await typed.write.parquet(dir);
  const files = readdirSync(dir).filter((f) => f.endsWith(".parquet"));
  assert.ok(files.length > 0 && files.every((f) => f.endsWith(".snappy.parquet")), files.join(","));
  const back = spark.read.parquet(dir);
  assert.equal(
    back.schema.toDDL(),
    "id INT,big BIGINT,amount DECIMAL(10,2),name STRING,tags ARRAY<STRING>,attrs MAP<STRING, INT>",
  );
  // Spark reads Parquet columns as nullable whatever was written.
  assert.ok(back.schema.fields.every((f) => f.nullable));
  const rows = (await back.orderBy("id").collect()).map((r) => ({ ...r }));
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.big, 9007199254740993n);
  assert.equal(rows[0]!.name, "ü 😀");
  assert.deepEqual(rows[0]!.tags, ["x", null]);
  assert.equal(rows[1]!.big, null);
  assert.deepEqual(rows[1]!.tags, []);
});

test("partitionBy directories, filters and pruned columns", async () => {
  const spark = session();
  const dir = fresh();
  const df = spark
    .range(0, 100)
    .select(
      F.col("id"),
      F.col("id").mod(3).alias("p"),
      F.concat(F.lit("v"), F.col("id").cast("string")).alias("s"),
    );
  await df.write.partitionBy("p").option("parquet.block.row.count.limit", "10").parquet(dir);
  assert.deepEqual(
    readdirSync(dir)
      .filter((f) => f.startsWith("p="))
      .sort(),
    ["p=0", "p=1", "p=2"],
  );
  const back = spark.read.parquet(dir);
  const got = await back
    .filter(F.col("id").gt(90).and(F.col("p").equalTo(1)))
    .select("s")
    .collect();
  assert.deepEqual(
    got.map((r) => r.s),
    ["v91", "v94", "v97"],
  );
  assert.equal(await back.filter(F.col("s").startswith("v9")).count(), 11);
});

test("compression option, codec conf and the file names Spark gives them", async () => {
  const spark = session();
  const df = spark.range(0, 10);
  for (const [codec, ext] of [
    ["gzip", ".gz.parquet"],
    ["zstd", ".zstd.parquet"],
    ["none", ".parquet"],
  ]) {
    const dir = fresh();
    await df.write.option("compression", codec!).parquet(dir);
    const files = readdirSync(dir).filter((f) => f.startsWith("part-"));
    assert.ok(
      files.length > 0 &&
        files.every((f) => f.endsWith(ext!) && (codec !== "none" || !f.includes(".snappy."))),
      files.join(","),
    );
    assert.equal(await spark.read.parquet(dir).count(), 10);
  }
  const dir = fresh();
  spark.conf.set("spark.sql.parquet.compression.codec", "gzip");
  await df.write.parquet(dir);
  assert.ok(readdirSync(dir).some((f) => f.endsWith(".gz.parquet")));
  await assert.rejects(df.write.option("compression", "nope").parquet(fresh()), (e) => {
    assert.equal(errorClass(e), "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION");
    return true;
  });
});

test("mergeSchema option and conf", async () => {
  const spark = session();
  const dir = fresh();
  await spark.createDataFrame([{ a: 1 }], "a INT").write.parquet(join(dir, "k=1"));
  await spark.createDataFrame([{ a: 2, b: "x" }], "a INT, b STRING").write.parquet(join(dir, "k=2"));
  const merged = spark.read.option("mergeSchema", "true").parquet(dir);
  assert.deepEqual(merged.columns, ["a", "b", "k"]);
  const rows = (await merged.orderBy("a").collect()).map((r) => [r.a, r.b, r.k]);
  assert.deepEqual(rows, [
    [1, null, 1],
    [2, "x", 2],
  ]);
  const conflicting = fresh();
  await spark.createDataFrame([{ a: 1 }], "a INT").write.parquet(join(conflicting, "k=1"));
  await spark.createDataFrame([{ a: "s" }], "a STRING").write.parquet(join(conflicting, "k=2"));
  assert.throws(
    () => spark.read.option("mergeSchema", "true").parquet(conflicting),
    (e) => errorClass(e) === "CANNOT_MERGE_SCHEMAS",
  );
});

test("corrupt files fail naming the file, or are skipped with spark.sql.files.ignoreCorruptFiles", async () => {
  const spark = session();
  const dir = fresh();
  await spark.range(0, 5).write.parquet(dir);
  writeFileSync(join(dir, "part-99999-bad.parquet"), "not parquet");
  const schema = "id BIGINT";
  await assert.rejects(spark.read.schema(schema).parquet(dir).collect(), (e) => {
    assert.equal(errorClass(e), "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER");
    assert.match((e as Error).message, /part-99999-bad\.parquet/);
    return true;
  });
  spark.conf.set("spark.sql.files.ignoreCorruptFiles", "true");
  assert.equal(await spark.read.schema(schema).parquet(dir).count(), 5);
});

test("calendar intervals cannot be written", async () => {
  const spark = session();
  const df = spark
    .sql("SELECT INTERVAL 1 DAY AS i, 1 AS x")
    .select(F.col("x"), F.expr("make_interval(1, 2)").alias("ci"));
  await assert.rejects(df.write.parquet(fresh()), (e) => {
    assert.equal(errorClass(e), "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
    assert.match(
      (e as Error).message,
      /The Parquet datasource doesn't support the column `ci` of the type "INTERVAL"/,
    );
    return true;
  });
});

/** Collected values with timestamps as their microseconds (`ts` applied) and maps as entry lists. */
function plain(v: unknown, ts: (micros: number) => number): unknown {
  if (v instanceof SparkTimestamp) return { micros: ts(v.micros) };
  if (v instanceof Map) return [...v].map(([k, x]) => [plain(k, ts), plain(x, ts)]);
  if (Array.isArray(v)) return v.map((x) => plain(x, ts));
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, ts)]));
  return v;
}

test("timestamps nested in structs, arrays and maps are written with every outputTimestampType and read back", async () => {
  const spark = session();
  // The reported case: a struct holding a timestamp under the default INT96.
  const reported = fresh();
  await spark.sql("SELECT named_struct('a', TIMESTAMP'2024-01-02 03:04:05') AS s").write.parquet(reported);
  assert.deepEqual(
    plain(await spark.read.parquet(reported).collect(), (m) => m),
    [{ s: { a: { micros: 1_704_164_645_000_000 } } }],
  );
  const df = spark.sql(`SELECT * FROM VALUES
    (1, named_struct('a', TIMESTAMP'2024-01-02 03:04:05.123456'),
        array(TIMESTAMP'2024-01-02 03:04:05.123456', NULL, TIMESTAMP'1969-12-31 23:59:59.999999'),
        map('k', TIMESTAMP'1900-01-01 00:00:00.000001', 'n', NULL),
        named_struct('i', named_struct('t', TIMESTAMP'1969-12-31 23:59:59.999999'))),
    (2, NULL, NULL, NULL, NULL),
    (3, named_struct('a', CAST(NULL AS TIMESTAMP)), CAST(array() AS ARRAY<TIMESTAMP>),
        CAST(map() AS MAP<STRING, TIMESTAMP>), named_struct('i', CAST(NULL AS STRUCT<t: TIMESTAMP>))),
    (4, named_struct('a', TIMESTAMP'1970-01-01 00:00:00'), array(CAST(NULL AS TIMESTAMP)),
        map('z', TIMESTAMP'2200-06-01 12:00:00.000999'),
        named_struct('i', named_struct('t', CAST(NULL AS TIMESTAMP))))
    AS t(id, s, xs, m, n)`);
  const source = await df.orderBy("id").collect();
  assert.equal(source.length, 4);
  for (const type of ["INT96", "TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"]) {
    spark.conf.set("spark.sql.parquet.outputTimestampType", type);
    const dir = fresh();
    await df.write.parquet(dir);
    const back = spark.read.parquet(dir);
    assert.equal(
      back.schema.toDDL(),
      "id INT,s STRUCT<a: TIMESTAMP>,xs ARRAY<TIMESTAMP>,m MAP<STRING, TIMESTAMP>,n STRUCT<i: STRUCT<t: TIMESTAMP>>",
      type,
    );
    // MILLIS keeps whole milliseconds (floor, as Spark's DateTimeUtils.microsToMillis).
    const ts = type === "TIMESTAMP_MILLIS" ? (m: number) => Math.floor(m / 1000) * 1000 : (m: number) => m;
    assert.deepEqual(
      plain(await back.orderBy("id").collect(), (m) => m),
      plain(source, ts),
      type,
    );
  }
});
