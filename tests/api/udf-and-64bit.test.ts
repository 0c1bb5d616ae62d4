// UDFs (pyspark.sql.functions.udf / spark.udf.register docstrings: the column is named after the
// function, e.g. `add_one(age)`) and exact 64-bit / decimal values at the API edge: longs outside
// ±2^53 come back as bigint, decimals as exact strings (DecimalType results of Spark's
// DecimalPrecision rules: sum(d(p,s)) → d(p+10,s), avg → d(p+4,s+4); literal 0.1 is d(1,1)).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { col } from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { TsparkError } from "../../src/common/errors.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

test("F.udf with a DDL return type, nulls passed as null", async () => {
  const df = spark.createDataFrame([[1], [null]], "a INT");
  const plus = F.udf((x: number | null) => (x === null ? -1 : x + 1), "int");
  const out = df.select(plus(col("a")).alias("r"));
  assert.deepEqual(out.dtypes, [["r", "int"]]);
  assert.deepEqual(await out.collect(), [{ r: 2 }, { r: -1 }]);
  // returning null gives SQL NULL
  const nul = F.udf(() => null, "string");
  assert.deepEqual(await df.select(nul().alias("n")).collect(), [{ n: null }, { n: null }]);
});

test("a named function names its UDF column (functions/builtin.py udf docstring)", async () => {
  function add_one(x: number | null): number | null {
    return x === null ? null : x + 1;
  }
  const toUpper = (s: string | null) => (s === null ? null : s.toUpperCase());
  const df = spark.createDataFrame([[1, "John Doe", 21]], ["id", "name", "age"]);
  const out = df.select(F.udf(add_one, "int")("age"), F.udf(toUpper)("name"));
  assert.deepEqual(out.columns, ["add_one(age)", "toUpper(name)"]);
  assert.deepEqual(out.dtypes[1], ["toUpper(name)", "string"]);
  assert.deepEqual(await out.collect(), [{ "add_one(age)": 22, "toUpper(name)": "JOHN DOE" }]);
});

test("UDFs over struct and array values see user values", async () => {
  const df = spark.createDataFrame([[[1, 2, 3], { a: 5 }]], "arr ARRAY<INT>, s STRUCT<a: INT>");
  const total = F.udf((xs: number[]) => xs.reduce((p, q) => p + q, 0), "bigint");
  const getA = F.udf((s: { a: number }) => s.a * 2, "int");
  const out = df.select(total("arr").alias("t"), getA("s").alias("g"));
  assert.deepEqual(await out.collect(), [{ t: 6, g: 10 }]);
  const mk = F.udf((n: number) => [n, n], "array<int>");
  assert.deepEqual(await spark.range(1, 2).select(mk("id").alias("p")).collect(), [{ p: [1, 1] }]);
});

test("spark.udf.register makes the function callable from SQL", async () => {
  const s = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
  const registered = s.udf.register("plus_one", (x: number) => x + 1, "int");
  s.createDataFrame([[1], [5]], "a INT").createOrReplaceTempView("udf_t");
  const q = s.sql("SELECT plus_one(a) FROM udf_t ORDER BY a");
  assert.deepEqual(q.columns, ["plus_one(a)"]);
  assert.deepEqual(q.dtypes, [["plus_one(a)", "int"]]);
  assert.deepEqual(await q.collect(), [{ "plus_one(a)": 2 }, { "plus_one(a)": 6 }]);
  assert.deepEqual(await s.table("udf_t").selectExpr("plus_one(a) AS p").orderBy("p").collect(), [
    { p: 2 },
    { p: 6 },
  ]);
  // the returned UDF works in the DataFrame API under the same name
  assert.deepEqual(s.table("udf_t").select(registered("a")).columns, ["plus_one(a)"]);
  // registered functions are per session
  const other = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
  assert.throws(
    () => other.sql("SELECT plus_one(1)"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "UNRESOLVED_ROUTINE",
  );
});

test("range with bigint bounds beyond 2^53 is exact", async () => {
  const start = 2n ** 62n;
  const rows = await spark.range(start, start + 3n).collect();
  assert.deepEqual(
    rows.map((r) => r.id),
    [4611686018427387904n, 4611686018427387905n, 4611686018427387906n],
  );
  const stepped = await spark.range(9007199254740990n, 9007199254741000n, 4n).collect();
  assert.deepEqual(
    stepped.map((r) => BigInt(r.id as number | bigint)),
    [9007199254740990n, 9007199254740994n, 9007199254740998n],
  );
  assert.equal(typeof stepped[1]!.id, "bigint");
});

test("bigint arithmetic and sums beyond 2^53 are exact", async () => {
  const df = spark.createDataFrame([[9007199254740993n], [1n], [2n]], "v BIGINT");
  assert.deepEqual(await df.agg(F.sum("v").alias("s")).collect(), [{ s: 9007199254740996n }]);
  assert.deepEqual(await df.filter("v > 2").select(col("v").plus(2).alias("p")).collect(), [
    { p: 9007199254740995n },
  ]);
  const max = spark.createDataFrame([[9223372036854775807n]], "v BIGINT");
  assert.deepEqual(await max.collect(), [{ v: 9223372036854775807n }]);
  assert.equal(
    await max.showString(),
    "+-------------------+\n|                  v|\n+-------------------+\n|9223372036854775807|\n+-------------------+\n",
  );
  assert.deepEqual(await max.select(col("v").minus(1).alias("m")).collect(), [{ m: 9223372036854775806n }]);
});

test("bigint overflow raises ARITHMETIC_OVERFLOW in ANSI mode", async () => {
  const max = spark.createDataFrame([[9223372036854775807n], [1n]], "v BIGINT");
  await assert.rejects(
    () => max.agg(F.sum("v")).collect(),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ARITHMETIC_OVERFLOW",
  );
  await assert.rejects(
    () => max.select(col("v").plus(1)).collect(),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ARITHMETIC_OVERFLOW",
  );
});

test("decimals come back as exact strings", async () => {
  const q = spark.sql(
    "SELECT CAST('12345678901234567890.12' AS DECIMAL(38,2)) AS big, CAST(1.5 AS DECIMAL(5,2)) AS small",
  );
  assert.deepEqual(q.dtypes, [
    ["big", "decimal(38,2)"],
    ["small", "decimal(5,2)"],
  ]);
  assert.deepEqual(await q.collect(), [{ big: "12345678901234567890.12", small: "1.50" }]);
  const agg = spark.sql("SELECT sum(d) AS s, avg(d) AS a FROM VALUES (0.1), (0.2) AS t(d)");
  assert.deepEqual(agg.dtypes, [
    ["s", "decimal(11,1)"],
    ["a", "decimal(5,5)"],
  ]);
  assert.deepEqual(await agg.collect(), [{ s: "0.3", a: "0.15000" }]);
  const fromApi = spark.createDataFrame([["0.10"], ["0.20"]], "d DECIMAL(4,2)");
  assert.deepEqual(await fromApi.agg(F.sum("d").alias("s")).collect(), [{ s: "0.30" }]);
});
