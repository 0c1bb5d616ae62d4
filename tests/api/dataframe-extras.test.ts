// The less common DataFrame methods. Expected values come from PySpark's docstrings
// (python/pyspark/sql/dataframe.py: unpivot, replace, corr, cov, approxQuantile, crosstab,
// freqItems, sampleBy, toJSON, colRegex, to, sameSemantics; functions/builtin.py: grouping,
// grouping_id) unless a comment says otherwise.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession, TsparkError } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";
import { javaRegexToJs } from "../../src/api/data-frame-extras.js";
import { LONG, STRING, StructField, StructType } from "../../src/types/data-type.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

const table = (lines: string[]) => lines.join("\n");

function errorClass(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof TsparkError) return e.errorClass;
    throw e;
  }
  return undefined;
}

test("unpivot / melt (docstring example): values widened to DOUBLE, row-major order", async () => {
  const df = spark.createDataFrame(
    [
      [1, 11, 1.1],
      [2, 12, 1.2],
    ],
    ["id", "int", "double"],
  );
  const expected = table([
    "+---+------+----+",
    "| id|   var| val|",
    "+---+------+----+",
    "|  1|   int|11.0|",
    "|  1|double| 1.1|",
    "|  2|   int|12.0|",
    "|  2|double| 1.2|",
    "+---+------+----+",
    "",
  ]);
  assert.equal(await df.unpivot("id", ["int", "double"], "var", "val").showString(), expected);
  assert.equal(await df.melt("id", null, "var", "val").showString(), expected);
  assert.deepEqual(df.unpivot(["id"], ["int"], "var", "val").dtypes, [
    ["id", "bigint"],
    ["var", "string"],
    ["val", "bigint"],
  ]);
});

test("unpivot errors: no value columns, no common type", () => {
  const df = spark.createDataFrame([[1, "a"]], "id INT, s STRING");
  assert.equal(
    errorClass(() => df.unpivot("id", [], "var", "val")),
    "UNPIVOT_REQUIRES_VALUE_COLUMNS",
  );
  assert.equal(
    errorClass(() => df.unpivot([], ["id", "s"], "var", "val")),
    "UNPIVOT_VALUE_DATA_TYPE_MISMATCH",
  );
});

const people = spark.createDataFrame(
  [
    [10, 80, "Alice"],
    [5, null, "Bob"],
    [null, 10, "Tom"],
    [null, null, null],
  ],
  "age INT, height INT, name STRING",
);

test("replace: numbers in numeric columns (docstring)", async () => {
  assert.equal(
    await people.na.replace(10, 20).showString(),
    table([
      "+----+------+-----+",
      "| age|height| name|",
      "+----+------+-----+",
      "|  20|    80|Alice|",
      "|   5|  NULL|  Bob|",
      "|NULL|    20|  Tom|",
      "|NULL|  NULL| NULL|",
      "+----+------+-----+",
      "",
    ]),
  );
});

test("replace: to null, dict form and lists with a subset (docstring)", async () => {
  const toNull = table([
    "+----+------+----+",
    "| age|height|name|",
    "+----+------+----+",
    "|  10|    80|NULL|",
    "|   5|  NULL| Bob|",
    "|NULL|    10| Tom|",
    "|NULL|  NULL|NULL|",
    "+----+------+----+",
    "",
  ]);
  assert.equal(await people.na.replace("Alice", null).showString(), toNull);
  assert.equal(await people.na.replace({ Alice: null }).showString(), toNull);
  assert.equal(
    await people.replace(["Alice", "Bob"], ["A", "B"], "name").showString(),
    table([
      "+----+------+----+",
      "| age|height|name|",
      "+----+------+----+",
      "|  10|    80|   A|",
      "|   5|  NULL|   B|",
      "|NULL|    10| Tom|",
      "|NULL|  NULL|NULL|",
      "+----+------+----+",
      "",
    ]),
  );
  // A numeric dict key (PySpark's {10: 20}) written as a JS object.
  assert.deepEqual(
    (await people.na.replace({ 10: 20 }, undefined, ["height"]).collect()).map((r) => r.height),
    [80, null, 20, null],
  );
});

test("replace: mixed types, missing value and length mismatch are errors", () => {
  assert.equal(
    errorClass(() => people.na.replace({ Alice: 1 })),
    "MIXED_TYPE_REPLACEMENT",
  );
  assert.equal(
    errorClass(() => people.na.replace("Alice")),
    "ARGUMENT_REQUIRED",
  );
  assert.equal(
    errorClass(() => people.na.replace(["a", "b"], ["c"])),
    "LENGTH_SHOULD_BE_THE_SAME",
  );
});

test("corr and cov (docstrings)", async () => {
  const df = spark.createDataFrame(
    [
      [1, 12],
      [10, 1],
      [19, 8],
    ],
    ["c1", "c2"],
  );
  assert.equal(await df.corr("c1", "c2"), -0.3592106040535498);
  assert.equal(await df.cov("c1", "c2"), -18.0);
  const df2 = spark.createDataFrame(
    [
      [11, 12],
      [10, 11],
      [9, 10],
    ],
    ["small", "bigger"],
  );
  assert.equal(await df2.stat.corr("small", "bigger"), 1.0);
  assert.equal(await df2.stat.cov("small", "bigger"), 1.0);
  await assert.rejects(
    () => df.corr("c1", "c2", "spearman"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ILLEGAL_ARGUMENT",
  );
});

test("approxQuantile (docstrings): one column, several, nulls ignored, relative error", async () => {
  const df = spark.createDataFrame([[1], [2], [3], [4], [5]], ["values"]);
  assert.deepEqual(await df.approxQuantile("values", [0.0, 0.5, 1.0], 0.05), [1.0, 3.0, 5.0]);
  assert.deepEqual(await df.approxQuantile("values", [0.0, 0.2, 1.0], 0.1), [1.0, 1.0, 5.0]);
  const two = spark.createDataFrame(
    [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
      [5, 50],
    ],
    ["col1", "col2"],
  );
  assert.deepEqual(await two.approxQuantile(["col1", "col2"], [0.0, 0.5, 1.0], 0.05), [
    [1.0, 3.0, 5.0],
    [10.0, 30.0, 50.0],
  ]);
  const withNulls = spark.createDataFrame([[1], [null], [3], [4], [null]], "values INT");
  assert.deepEqual(await withNulls.stat.approxQuantile("values", [0.0, 0.5, 1.0], 0.05), [1.0, 3.0, 4.0]);
  const empty = spark.createDataFrame([], "values INT");
  assert.deepEqual(await empty.approxQuantile("values", [0.5], 0.01), []);
});

test("crosstab (docstring): `c1_c2`, columns sorted as strings, zero counts", async () => {
  const df = spark.createDataFrame(
    [
      [1, 11],
      [1, 11],
      [3, 10],
      [4, 8],
      [4, 8],
    ],
    ["c1", "c2"],
  );
  const ct = await df.crosstab("c1", "c2");
  assert.equal(
    await ct.sort("c1_c2").showString(),
    table([
      "+-----+---+---+---+",
      "|c1_c2| 10| 11|  8|",
      "+-----+---+---+---+",
      "|    1|  0|  2|  0|",
      "|    3|  1|  0|  0|",
      "|    4|  0|  0|  2|",
      "+-----+---+---+---+",
      "",
    ]),
  );
  assert.deepEqual(ct.dtypes, [
    ["c1_c2", "string"],
    ["10", "bigint"],
    ["11", "bigint"],
    ["8", "bigint"],
  ]);
});

test("freqItems (docstring data; order is not defined, so compared sorted)", async () => {
  const df = spark.createDataFrame(
    [
      [1, 11],
      [1, 11],
      [3, 10],
      [4, 8],
      [4, 8],
    ],
    ["c1", "c2"],
  );
  const fi = await df.freqItems(["c1", "c2"]);
  assert.deepEqual(fi.columns, ["c1_freqItems", "c2_freqItems"]);
  const [row] = await fi.collect();
  const sorted = (v: unknown) => [...(v as bigint[])].map(Number).sort((a, b) => a - b);
  assert.deepEqual(sorted(row!.c1_freqItems), [1, 3, 4]);
  assert.deepEqual(sorted(row!.c2_freqItems), [8, 10, 11]);
});

test("freqItems keeps only frequent items when the counters overflow (support 0.5: at most 2)", async () => {
  // 1 occurs in 4 of 6 rows: it must survive; Karp et al. guarantee no false negatives.
  const df = spark.createDataFrame([[1], [2], [1], [3], [1], [1]], "x INT");
  const [row] = await (await df.stat.freqItems(["x"], 0.5)).collect();
  assert.ok((row!.x_freqItems as number[]).includes(1));
});

test("sampleBy: fractions per stratum, unknown strata dropped, deterministic", async () => {
  const dataset = spark.range(0, 100).select(F.col("id").mod(3).alias("key"));
  // Docstring: a fraction of 1.0 keeps the whole stratum.
  assert.equal(await dataset.sampleBy(F.col("key"), { 2: 1.0 }, 0).count(), 33);
  const sampled = dataset.sampleBy("key", { 0: 0.1, 1: 0.2 }, 0);
  const keys = (await sampled.collect()).map((r) => Number(r.key));
  assert.ok(keys.every((k) => k === 0 || k === 1));
  assert.deepEqual(
    (await dataset.sampleBy("key", { 0: 0.1, 1: 0.2 }, 0).collect()).map((r) => Number(r.key)),
    keys,
  );
  assert.equal(await dataset.sampleBy("key", new Map([[0n, 1.0]]), 1).count(), 34);
});

test("randomSplit: disjoint cover, deterministic per seed, weights normalised", async () => {
  const df = spark.range(0, 200);
  const splits = df.randomSplit([1.0, 2.0], 24);
  assert.equal(splits.length, 2);
  const ids = async (d: (typeof splits)[number]) => (await d.collect()).map((r) => Number(r.id));
  const a = await ids(splits[0]!);
  const b = await ids(splits[1]!);
  assert.equal(a.length + b.length, 200);
  assert.deepEqual(
    [...a, ...b].sort((x, y) => x - y),
    [...Array(200).keys()],
  );
  assert.ok(a.length > 30 && a.length < 110, `first split has ${a.length} rows`);
  assert.deepEqual(await ids(df.randomSplit([1.0, 2.0], 24)[0]!), a);
  assert.deepEqual(splits[0]!.columns, ["id"]);
  assert.throws(() => df.randomSplit([-1, 2], 1), TsparkError);
});

test("toJSON (docstring) and null fields left out", async () => {
  const df = spark.createDataFrame(
    [
      [2, "Alice"],
      [5, "Bob"],
    ],
    ["age", "name"],
  );
  assert.equal((await df.toJSON())[0], '{"age":2,"name":"Alice"}');
  const n = spark.createDataFrame([[null, "x"]], "a INT, b STRING");
  assert.deepEqual(await n.toJSON(), ['{"b":"x"}']);
});

test("colRegex (docstring): backquoted Java regex with a possessive quantifier", async () => {
  const df = spark.createDataFrame(
    [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ],
    ["Col1", "Col2"],
  );
  assert.equal(
    await df.select(df.colRegex("`(Col1)?+.+`")).showString(),
    table(["+----+", "|Col2|", "+----+", "|   1|", "|   2|", "|   3|", "+----+", ""]),
  );
  assert.deepEqual(df.select(df.colRegex("`col.`")).columns, ["Col1", "Col2"]);
  assert.deepEqual(df.select(df.colRegex("Col1")).columns, ["Col1"]);
  assert.deepEqual(df.alias("t").select(df.alias("t").colRegex("t.`.*2`")).columns, ["Col2"]);
  assert.ok(new RegExp(`^${javaRegexToJs("a*+b")}$`).test("aab"));
  assert.ok(!new RegExp(`^(?:${javaRegexToJs("a*+a")})$`).test("aaa"));
});

test("to(schema) (docstring): reorder by name and cast", async () => {
  const df = spark.createDataFrame(
    [["a", 1]],
    new StructType([new StructField("i", STRING, true), new StructField("j", LONG, true)]),
  );
  const schema = new StructType([new StructField("j", STRING, true), new StructField("i", STRING, true)]);
  const df2 = df.to(schema);
  assert.equal(df2.schema.simpleString(), "struct<j:string,i:string>");
  assert.equal(
    await df2.showString(),
    table(["+---+---+", "|  j|  i|", "+---+---+", "|  1|  a|", "+---+---+", ""]),
  );
  // Spark's DataFrameToSchemaSuite: a missing nullable column is NULL, a missing non-nullable one,
  // an ambiguous name, nullable into non-nullable and an impossible cast are errors.
  const filled = df.to(
    new StructType([new StructField("non_exist", STRING, true), new StructField("j", STRING)]),
  );
  assert.deepEqual(await filled.collect(), [{ non_exist: null, j: "1" }]);
  assert.equal(
    errorClass(() => df.to(new StructType([new StructField("k", STRING, false)]))),
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
  );
  assert.equal(
    errorClass(() =>
      spark.createDataFrame([["a", "b"]], ["i", "I"]).to(new StructType([new StructField("i", STRING)])),
    ),
    "AMBIGUOUS_COLUMN_OR_FIELD",
  );
  // "keep the nullability of the original column" and "upcast the original column".
  const nn = spark.sql("SELECT 'a' AS i, 1 AS j");
  const up = nn.to(new StructType([new StructField("j", LONG, false)]));
  assert.equal(up.schema.fields[0]!.nullable, false);
  assert.deepEqual(await up.collect(), [{ j: 1 }]);
  assert.equal(
    errorClass(() => df.to(new StructType([new StructField("i", STRING, false)]))),
    "NULLABLE_COLUMN_OR_FIELD",
  );
  assert.equal(
    errorClass(() => df.to(new StructType([new StructField("i", LONG, true)]))),
    "INVALID_COLUMN_OR_FIELD_DATA_TYPE",
  );
});

test("sameSemantics and semanticHash (docstring)", () => {
  const df1 = spark.range(10);
  const df2 = spark.range(10);
  const a = df1.withColumn("col1", df1.col("id").multiply(2));
  assert.equal(a.sameSemantics(df2.withColumn("col1", df2.col("id").multiply(2))), true);
  assert.equal(a.sameSemantics(df2.withColumn("col1", df2.col("id").plus(2))), false);
  assert.equal(a.sameSemantics(df2.withColumn("col0", df2.col("id").multiply(2))), true);
  assert.equal(a.semanticHash(), df2.withColumn("col1", df2.col("id").multiply(2)).semanticHash());
  assert.notEqual(spark.range(10).semanticHash(), spark.range(11).semanticHash());
});

test("foreach, foreachPartition, checkpoints, inputFiles, dropDuplicatesWithinWatermark", async () => {
  const df = spark.createDataFrame([[1], [2], [2]], "x INT");
  const seen: unknown[] = [];
  await df.foreach((r) => {
    seen.push(r.x);
  });
  assert.deepEqual(seen, [1, 2, 2]);
  let parts = 0;
  await df.foreachPartition((rows) => {
    parts++;
    assert.equal([...rows].length, 3);
  });
  assert.equal(parts, 1);
  const cp = await df.filter("x > 1").localCheckpoint();
  assert.deepEqual(await cp.collect(), [{ x: 2 }, { x: 2 }]);
  assert.deepEqual(await (await df.checkpoint()).select(cp.columns).count(), 3);
  assert.deepEqual(df.inputFiles(), []);
  // Spark refuses it on a batch DataFrame when an action runs (UnsupportedOperationChecker.checkForBatch).
  await assert.rejects(
    df.dropDuplicatesWithinWatermark().count(),
    /dropDuplicatesWithinWatermark is not supported with batch DataFrames\/DataSets/,
  );
});

test("grouping and grouping_id (functions docstrings)", async () => {
  const df = spark.createDataFrame(
    [
      [2, "Alice"],
      [5, "Bob"],
    ],
    ["age", "name"],
  );
  assert.equal(
    await df.cube("name").agg(F.grouping("name"), F.sum("age")).orderBy("name").showString(),
    table([
      "+-----+--------------+--------+",
      "| name|grouping(name)|sum(age)|",
      "+-----+--------------+--------+",
      "| NULL|             1|       7|",
      "|Alice|             0|       2|",
      "|  Bob|             0|       5|",
      "+-----+--------------+--------+",
      "",
    ]),
  );
  const df2 = spark.createDataFrame(
    [
      [1, "a", "a"],
      [3, "a", "a"],
      [4, "b", "c"],
    ],
    ["c1", "c2", "c3"],
  );
  assert.equal(
    await df2.cube("c2", "c3").agg(F.grouping_id(), F.sum("c1")).orderBy("c2", "c3").showString(),
    table([
      "+----+----+-------------+-------+",
      "|  c2|  c3|grouping_id()|sum(c1)|",
      "+----+----+-------------+-------+",
      "|NULL|NULL|            3|      8|",
      "|NULL|   a|            2|      4|",
      "|NULL|   c|            2|      4|",
      "|   a|NULL|            1|      4|",
      "|   a|   a|            0|      4|",
      "|   b|NULL|            1|      4|",
      "|   b|   c|            0|      4|",
      "+----+----+-------------+-------+",
      "",
    ]),
  );
});

test("withMetadata (docstring): metadata in the StructField, kept through selects and aliases", () => {
  const df = spark.createDataFrame(
    [
      [2, "Alice"],
      [5, "Bob"],
    ],
    ["age", "name"],
  );
  const dfMeta = df.withMetadata("age", { foo: "bar" });
  assert.deepEqual(dfMeta.schema.fields[0]!.metadata, { foo: "bar" });
  assert.deepEqual(dfMeta.columns, ["age", "name"]);
  assert.deepEqual(dfMeta.select(F.col("age").alias("a")).schema.fields[0]!.metadata, { foo: "bar" });
  assert.deepEqual(dfMeta.filter("age > 1").schema.fields[0]!.metadata, { foo: "bar" });
  // An expression over the column is a new column without metadata (Spark's Alias rule).
  assert.deepEqual(dfMeta.select(F.col("age").plus(1)).schema.fields[0]!.metadata, {});
  // A schema's field metadata is kept by createDataFrame.
  const withSchema = spark.createDataFrame(
    [[1]],
    new StructType([new StructField("x", LONG, true, { k: 1 })]),
  );
  assert.deepEqual(withSchema.schema.fields[0]!.metadata, { k: 1 });
});
