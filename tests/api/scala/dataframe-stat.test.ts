// Port of Spark's DataFrameStatSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameStatSuite.scala).
// Skipped: exact rows of sample / sampleBy (Spark's expected rows come from the JVM's
// XORShiftRandom seeded per partition of a two-partition RDD; tspark runs one partition and
// documents its sampler as its own), "Frequent Items 2" (needs four RDD partitions merged in order).
// randomSplit keeps its distribution assertions.
import assert from "node:assert/strict";
import { test } from "node:test";
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
