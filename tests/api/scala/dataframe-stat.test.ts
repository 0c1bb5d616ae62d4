// Port of Spark's DataFrameStatSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameStatSuite.scala).
// Skipped: exact rows of sample / sampleBy (Spark's expected rows come from the JVM's
// XORShiftRandom seeded per partition of a two-partition RDD; tspark runs one partition and
// documents its sampler as its own), "Frequent Items 2" (needs four RDD partitions merged in order).
// randomSplit keeps its distribution assertions.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { col } from "../../../src/api/functions/index.js";
import { checkError, rowsOf, spark } from "./fixtures.js";

const toLetter = (i: number) => String.fromCharCode(i + 97);

test("randomSplit", async () => {
  const data = spark.range(1, 601).toDF("id");
  const all = await rowsOf(data);
  for (let seed = 1; seed <= 5; seed++) {
    const splits = data.randomSplit([1, 2, 3], seed);
    assert.equal(splits.length, 3, "wrong number of splits");
    const union = splits.reduce((a, b) => a.unionAll(b));
    assert.deepEqual(await rowsOf(union.sort("id")), all, "incomplete or wrong split");
    const s = await Promise.all(splits.map((d) => d.count()));
    assert.ok(Math.abs(s[0]! - 100) < 50);
    assert.ok(Math.abs(s[1]! - 200) < 50);
    assert.ok(Math.abs(s[2]! - 300) < 50);
  }
});

test("pearson correlation", async () => {
  const df = spark.createDataFrame(
    Array.from({ length: 10 }, (_, i) => [i, 2 * i, i * -1.0]),
    "a INT NOT NULL, b INT NOT NULL, c DOUBLE NOT NULL",
  );
  assert.ok(Math.abs((await df.stat.corr("a", "b", "pearson")) - 1.0) < 1e-12);
  assert.ok(Math.abs((await df.stat.corr("a", "c", "pearson")) + 1.0) < 1e-12);
  const df2 = spark.createDataFrame(
    Array.from({ length: 20 }, (_, x) => [x, x * x - 2 * x + 3.5]),
    "a INT NOT NULL, b DOUBLE NOT NULL",
  );
  assert.ok(Math.abs((await df2.stat.corr("a", "b", "pearson")) - 0.95723391394758572) < 1e-12);
});

test("covariance", async () => {
  const df = spark.createDataFrame(
    Array.from({ length: 10 }, (_, i) => [i, 2.0 * i, toLetter(i)]),
    "singles INT NOT NULL, doubles DOUBLE NOT NULL, letters STRING",
  );
  assert.ok(Math.abs((await df.stat.cov("singles", "doubles")) - 55.0 / 3) < 1e-12);
  // Spark: IllegalArgumentException, covariance of a string column is not supported.
  await checkError(() => df.stat.cov("singles", "letters"), null);
  const decimalData = spark
    .createDataFrame(
      Array.from({ length: 6 }, (_, i) => [i % 3, i % 2]),
      "a INT, b INT",
    )
    .selectExpr("CAST(a AS DECIMAL(38,18)) AS a", "CAST(b AS DECIMAL(38,18)) AS b");
  assert.ok(Math.abs(await decimalData.stat.cov("a", "b")) < 1e-12);
});

test("crosstab", async () => {
  // Deterministic stand-in for the suite's java.util.Random data: the same checks, any data works.
  const data = Array.from({ length: 25 }, (_, i) => [(i * 7) % 5, (i * 3) % 10] as [number, number]);
  const df = spark.createDataFrame(data, "a INT NOT NULL, b INT NOT NULL");
  const ct = await df.stat.crosstab("a", "b");
  const names = ct.columns;
  assert.equal(names[0], "a_b");
  const expected = new Map<string, number>();
  for (const [a, b] of data) expected.set(`${a},${b}`, (expected.get(`${a},${b}`) ?? 0) + 1);
  for (const row of await rowsOf(ct)) {
    const i = Number(row[0]);
    for (let c = 1; c < names.length; c++) {
      assert.equal(row[c], expected.get(`${i},${Number(names[c])}`) ?? 0);
    }
  }
});

test("special crosstab elements (., '', null, ``)", async () => {
  const df = spark.createDataFrame(
    [
      ["a", Number.NaN, "ho"],
      [null, 2.0, "ho"],
      ["a.b", Number.NEGATIVE_INFINITY, ""],
      ["b", Number.POSITIVE_INFINITY, "`ha`"],
      ["a", 1.0, null],
    ],
    "`1` STRING, `2` DOUBLE, `3` STRING",
  );
  const ct1 = await df.stat.crosstab("1", "2");
  assert.equal(ct1.schema.fields.length, 6);
  assert.equal((await ct1.collect()).length, 4);
  const ct2 = await df.stat.crosstab("1", "3");
  assert.equal(ct2.schema.fields.length, 5);
  assert.ok(ct2.columns.includes("ha"));
  assert.equal((await ct2.collect()).length, 4);
  const ct3 = await df.stat.crosstab("3", "2");
  assert.equal(ct3.schema.fields.length, 6);
  for (const n of ["NaN", "Infinity", "-Infinity"]) assert.ok(ct3.columns.includes(n), n);
  assert.equal((await ct3.collect()).length, 4);
  const ct4 = await df.stat.crosstab("3", "1");
  assert.equal(ct4.schema.fields.length, 5);
  assert.ok(ct4.columns.includes("null"));
  assert.ok(ct4.columns.includes("a.b"));
  assert.equal((await ct4.collect()).length, 4);
});

test("Frequent Items", async () => {
  const rows = Array.from({ length: 1000 }, (_, i) =>
    i % 3 === 0 ? [1, toLetter(1), -1.0] : [i, toLetter(i), i * -1.0],
  );
  const df = spark.createDataFrame(rows, "numbers INT NOT NULL, letters STRING, negDoubles DOUBLE NOT NULL");
  const [items] = await rowsOf(await df.stat.freqItems(["numbers", "letters"], 0.1));
  assert.ok((items![0] as number[]).includes(1));
  assert.ok((items![1] as string[]).includes(toLetter(1)));
  const [items2] = await rowsOf(await df.stat.freqItems(["negDoubles"], 0.1));
  assert.ok((items2![0] as number[]).includes(-1.0));
});

test("randomSplit: non-overlapping, complete and deterministic splits", async () => {
  const data = spark
    .range(1, 601)
    .select(
      col("id").cast("int").as("int"),
      F.create_map(col("id").cast("int"), col("id").cast("string")).as("map"),
    );
  const splits = data.randomSplit([2, 3], 1);
  assert.equal(splits.length, 2);
  const key = (r: unknown[]) => String(r[0]);
  const a = (await rowsOf(splits[0]!)).map(key);
  const b = (await rowsOf(splits[1]!)).map(key);
  assert.equal(a.length + b.length, 600);
  assert.equal(new Set([...a, ...b]).size, 600);
  const again = data.randomSplit([2, 3], 1);
  assert.deepEqual((await rowsOf(again[0]!)).map(key), a);
});

test("approximate quantile", async () => {
  const n = 1000;
  const df = spark.createDataFrame(
    Array.from({ length: n + 1 }, (_, i) => [i, 2.0 * i]),
    "singles INT NOT NULL, doubles DOUBLE NOT NULL",
  );
  const q1 = 0.5;
  const q2 = 0.8;
  for (const epsilon of [0.1, 0.05, 0.001]) {
    const [single1] = (await df.stat.approxQuantile("singles", [q1], epsilon)) as number[];
    const [double2] = (await df.stat.approxQuantile("doubles", [q2], epsilon)) as number[];
    const [d1, d2] = (await df.stat.approxQuantile("doubles", [q1, q2], epsilon)) as number[];
    const [s1, s2] = (await df.stat.approxQuantile("singles", [q1, q2], epsilon)) as number[];
    const errorSingle = 1000 * epsilon;
    const errorDouble = 2.0 * errorSingle;
    assert.ok(Math.abs(single1! - q1 * n) <= errorSingle);
    assert.ok(Math.abs(double2! - 2 * q2 * n) <= errorDouble);
    assert.ok(Math.abs(s1! - q1 * n) <= errorSingle);
    assert.ok(Math.abs(s2! - q2 * n) <= errorSingle);
    assert.ok(Math.abs(d1! - 2 * q1 * n) <= errorDouble);
    assert.ok(Math.abs(d2! - 2 * q2 * n) <= errorDouble);
    const [[ms1, ms2], [md1, md2]] = (await df.stat.approxQuantile(
      ["singles", "doubles"],
      [q1, q2],
      epsilon,
    )) as number[][] as [[number, number], [number, number]];
    assert.ok(Math.abs(ms1 - q1 * n) <= errorSingle);
    assert.ok(Math.abs(ms2 - q2 * n) <= errorSingle);
    assert.ok(Math.abs(md1 - 2 * q1 * n) <= errorDouble);
    assert.ok(Math.abs(md2 - 2 * q2 * n) <= errorDouble);
  }
  // Spark: IllegalArgumentException for a quantile outside [0, 1] or a negative relative error.
  await checkError(() => df.stat.approxQuantile(["singles", "doubles"], [q1, q2, -0.1], 0.1), null);
  await checkError(() => df.stat.approxQuantile(["singles", "doubles"], [q1, q2], -1.0), null);
});

test("approximate quantile 2: relativeError greater than 1 gives the same result as 1", async () => {
  const df = spark.createDataFrame(
    Array.from({ length: 1000 }, (_, i) => [i, 2.0 * i]),
    "singles INT NOT NULL, doubles DOUBLE NOT NULL",
  );
  const base = await df.stat.approxQuantile(["singles", "doubles"], [0.5, 0.8], 1.0);
  const single = await df.stat.approxQuantile("singles", [0.5, 0.8], 1.0);
  for (const epsilon of [2.0, 5.0, 100.0]) {
    assert.deepEqual(await df.stat.approxQuantile(["singles", "doubles"], [0.5, 0.8], epsilon), base);
    assert.deepEqual(await df.stat.approxQuantile("singles", [0.5, 0.8], epsilon), single);
  }
});

test("approximate quantile 3: NaN and null values", async () => {
  const N = Number.NaN;
  const dfNaN = spark.createDataFrame(
    [
      [N, 1.0, N],
      [1.0, -1.0, null],
      [-1.0, N, null],
      [N, N, null],
      [null, null, N],
      [null, 1.0, null],
      [-1.0, null, N],
      [N, null, null],
    ],
    "input1 DOUBLE, input2 DOUBLE, input3 DOUBLE",
  );
  const r1 = (await dfNaN.stat.approxQuantile("input1", [0.5, 0.8], 0.1)) as number[];
  assert.equal(r1.filter(Number.isNaN).length, 0);
  const r2 = (await dfNaN.stat.approxQuantile("input2", [0.5, 0.8], 0.1)) as number[];
  assert.equal(r2.filter(Number.isNaN).length, 0);
  assert.deepEqual(await dfNaN.stat.approxQuantile("input3", [0.5, 0.8], 0.1), []);
  const all = (await dfNaN.stat.approxQuantile(
    ["input1", "input2", "input3"],
    [0.5, 0.8],
    0.1,
  )) as number[][];
  assert.equal(all.flat().filter(Number.isNaN).length, 0);
  assert.deepEqual(all[0], r1);
  assert.deepEqual(all[1], r2);
  assert.deepEqual(all[2], []);
  assert.deepEqual(await dfNaN.selectExpr("*").limit(0).stat.approxQuantile("input1", [0.5, 0.8], 0.1), []);
  assert.deepEqual(
    await dfNaN.selectExpr("*").limit(0).stat.approxQuantile(["input1", "input2"], [0.5, 0.8], 0.1),
    [[], []],
  );
});

test("SPARK-15709: freqItems support out of range", async () => {
  const ds = spark.createDataFrame([[1], [2], [2], [3], [3], [3]], "value INT NOT NULL");
  await checkError(() => ds.stat.freqItems(["value"], 0), null);
  await checkError(() => ds.stat.freqItems(["value"], 2), null);
});
