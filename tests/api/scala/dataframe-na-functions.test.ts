// Port of Spark's DataFrameNaFunctionsSuite (sql/core/src/test/scala/org/apache/spark/sql/
// DataFrameNaFunctionsSuite.scala). Scala's na.drop(cols) / drop(how, cols) / drop(minNonNulls,
// cols), fill(value, cols) and replace(cols, map) become PySpark's drop(how, thresh, subset),
// fill(value, subset) and replace(toReplace, value, subset).
// Skipped: the Java-map overload of fill (same as the object form), emptyDataFrame (no PySpark
// equivalent; an empty-schema DataFrame is used instead).
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkAnswer, checkError, rowsOf, spark } from "./fixtures.js";

const createDF = () =>
  spark.createDataFrame(
    [
      ["Bob", 16, 176.5],
      ["Alice", null, 164.3],
      ["David", 60, null],
      ["Nina", 25, Number.NaN],
      ["Amy", null, null],
      [null, null, null],
    ],
    "name STRING, age INT, height DOUBLE",
  );
const row0 = ["Bob", 16, 176.5];

test("drop", async () => {
  const input = createDF();
  await checkAnswer(input.na.drop("any", undefined, ["name"]).select("name"), [
    ["Bob"],
    ["Alice"],
    ["David"],
    ["Nina"],
    ["Amy"],
  ]);
  await checkAnswer(input.na.drop("any", undefined, ["age"]).select("name"), [["Bob"], ["David"], ["Nina"]]);
  // NaN counts as missing for drop (Spark's drop uses isnan for floating columns).
  await checkAnswer(input.na.drop("any", undefined, ["age", "height"]), [row0]);
  await checkAnswer(input.na.drop(), [row0]);
  const empty = spark.createDataFrame([], "x INT").select();
  assert.equal(await empty.na.drop().count(), 0);
  assert.deepEqual(input.na.drop().columns, input.columns);
});

test("drop with how", async () => {
  const input = createDF();
  await checkAnswer(input.na.drop("all").select("name"), [["Bob"], ["Alice"], ["David"], ["Nina"], ["Amy"]]);
  await checkAnswer(input.na.drop("any"), [row0]);
  await checkAnswer(input.na.drop("any", undefined, ["age", "height"]), [row0]);
  await checkAnswer(input.na.drop("all", undefined, ["age", "height"]).select("name"), [
    ["Bob"],
    ["Alice"],
    ["David"],
    ["Nina"],
  ]);
});

test("drop with threshold", async () => {
  const input = createDF();
  await checkAnswer(input.na.drop("any", 2, ["age", "height"]), [row0]);
  await checkAnswer(input.na.drop("any", 3, ["name", "age", "height"]), [row0]);
  assert.deepEqual(input.na.drop("any", 2, ["age", "height"]).columns, input.columns);
});

test("fill", async () => {
  const input = createDF();
  const boolInput = spark.createDataFrame(
    [
      ["Bob", false],
      ["Alice", null],
      ["Mallory", true],
      [null, null],
    ],
    "name STRING, spy BOOLEAN",
  );
  const fillNumeric = input.na.fill(50.6);
  await checkAnswer(fillNumeric, [
    ["Bob", 16, 176.5],
    ["Alice", 50, 164.3],
    ["David", 60, 50.6],
    ["Nina", 25, 50.6],
    ["Amy", 50, 50.6],
    [null, 50, 50.6],
  ]);
  assert.deepEqual(fillNumeric.columns, input.columns);
  await checkAnswer(input.na.fill("unknown").select("name"), [
    ["Bob"],
    ["Alice"],
    ["David"],
    ["Nina"],
    ["Amy"],
    ["unknown"],
  ]);
  assert.deepEqual(input.na.fill("unknown").columns, input.columns);
  await checkAnswer(boolInput.na.fill(true).select("spy"), [[false], [true], [true], [true]]);
  await checkAnswer(input.na.fill(50.6, ["age"]).select("name", "age"), [
    ["Bob", 16],
    ["Alice", 50],
    ["David", 60],
    ["Nina", 25],
    ["Amy", 50],
    [null, 50],
  ]);
  await checkAnswer(boolInput.na.fill(true, ["spy"]).select("name", "spy"), [
    ["Bob", false],
    ["Alice", true],
    ["Mallory", true],
    [null, true],
  ]);
  await checkAnswer(
    spark.createDataFrame([[null, null]], "col1 STRING, col2 STRING").na.fill("test", ["col1"]),
    [["test", null]],
  );
  const big1 = 9123146099426677101n;
  const big2 = 9123146560113991650n;
  await checkAnswer(
    spark
      .createDataFrame(
        [
          [1, 2],
          [-1, -2],
          [big1, big2],
        ],
        "a BIGINT NOT NULL, b BIGINT NOT NULL",
      )
      .na.fill(0),
    [
      [1, 2],
      [-1, -2],
      [big1, big2],
    ],
  );
  const longDouble = (rows: unknown[][], t = "DOUBLE") => spark.createDataFrame(rows, `a BIGINT, b ${t}`);
  await checkAnswer(
    longDouble([
      [null, 3.14],
      [big1, null],
      [big2, 1.6],
      [null, null],
    ]).na.fill(0.2),
    [
      [0, 3.14],
      [big1, 0.2],
      [big2, 1.6],
      [0, 0.2],
    ],
  );
  const f = (x: number) => Math.fround(x);
  await checkAnswer(
    longDouble(
      [
        [null, 3.14],
        [big1, null],
        [big2, 1.6],
        [null, null],
      ],
      "FLOAT",
    ).na.fill(0.2),
    [
      [0, f(3.14)],
      [big1, f(0.2)],
      [big2, f(1.6)],
      [0, f(0.2)],
    ],
  );
  const small = () =>
    longDouble([
      [null, 1.23],
      [3, null],
      [4, 3.45],
    ]);
  await checkAnswer(small().na.fill(2.34), [
    [2, 1.23],
    [3, 2.34],
    [4, 3.45],
  ]);
  await checkAnswer(small().na.fill(5), [
    [5, 1.23],
    [3, 5.0],
    [4, 3.45],
  ]);
});

test("fill with map", async () => {
  const df = spark.createDataFrame(
    [[null, null, null, null, null, null, null]],
    "stringFieldA STRING, stringFieldB STRING, integerField INT, longField BIGINT, floatField FLOAT, doubleField DOUBLE, booleanField BOOLEAN",
  );
  const fillMap = {
    stringFieldA: "test",
    integerField: 1,
    longField: 2,
    floatField: 3.3,
    doubleField: 4.4,
    booleanField: false,
  };
  await checkAnswer(df.na.fill(fillMap), [["test", null, 1, 2, Math.fround(3.3), 4.4, false]]);
  await checkAnswer(df.na.fill({ integerField: 1.0, longField: 2.0, floatField: 3.0, doubleField: 4.0 }), [
    [null, null, 1, 2, 3, 4, null],
  ]);
  assert.deepEqual(
    df.na.fill(fillMap).schema.fields.map((x) => x.dataType.simpleString()),
    df.schema.fields.map((x) => x.dataType.simpleString()),
  );
});

const sameNames = () => {
  const df1 = spark.createDataFrame(
    [
      ["f1-1", "f2", null],
      ["f1-2", null, null],
      ["f1-3", "f2", "f3-1"],
      ["f1-4", "f2", "f3-1"],
    ],
    "f1 STRING, f2 STRING, f3 STRING",
  );
  const df2 = spark.createDataFrame(
    [
      ["f1-1", null, null],
      ["f1-2", "f2", null],
      ["f1-3", "f2", "f4-1"],
    ],
    "f1 STRING, f2 STRING, f4 STRING",
  );
  return df1.join(df2, ["f1"], "left_outer");
};

test("fill unambiguous field for join operation", async () => {
  await checkAnswer(sameNames().na.fill("", ["f4"]), [
    ["f1-1", "f2", null, null, ""],
    ["f1-2", null, null, "f2", ""],
    ["f1-3", "f2", "f3-1", "f2", "f4-1"],
    ["f1-4", "f2", "f3-1", null, ""],
  ]);
});

test("fill ambiguous field for join operation", async () => {
  await checkError(() => sameNames().na.fill("", ["f2"]), "AMBIGUOUS_REFERENCE");
});

test("fill with col(*)", async () => {
  const df = createDF();
  await checkAnswer(df.na.fill("new name", ["*"]), await rowsOf(df));
});

test("fill with nested columns", async () => {
  const df = spark.createDataFrame(
    [[{ "c1-1": null, "c1-2": "a2" }], [{ "c1-1": "b1", "c1-2": "b2" }], [null]],
    "c1 STRUCT<`c1-1`: STRING, `c1-2`: STRING>",
  );
  await checkAnswer(df.select("c1.c1-1"), [[null], ["b1"], [null]]);
  await checkAnswer(df.na.fill("a1", ["c1.c1-1"]), await rowsOf(df));
});

test("replace", async () => {
  const input = createDF();
  const mapping = new Map<number, number>([
    [16, 61],
    [60, 6],
    [164.3, 461.3],
  ]);
  const out = await rowsOf(input.na.replace(mapping, undefined, ["age", "height"]));
  assert.deepEqual(out[0], ["Bob", 61, 176.5]);
  assert.deepEqual(out[1], ["Alice", null, 461.3]);
  assert.deepEqual(out[2], ["David", 6, null]);
  assert.ok(Number.isNaN(out[3]![2]));
  assert.deepEqual(out[4], ["Amy", null, null]);
  assert.deepEqual(out[5], [null, null, null]);
  const out1 = await rowsOf(input.na.replace(mapping, undefined, "age"));
  assert.deepEqual(out1[0], ["Bob", 61, 176.5]);
  assert.deepEqual(out1[1], ["Alice", null, 164.3]);
  assert.deepEqual(out1[2], ["David", 6, null]);
  assert.ok(Number.isNaN(out1[3]![2]));
});

test("replace with null", async () => {
  const input = spark.createDataFrame(
    [
      ["Bob", 176.5, true],
      ["Alice", 164.3, false],
      ["David", null, true],
    ],
    "name STRING, height DOUBLE, married BOOLEAN",
  );
  await checkAnswer(input.na.replace({ Bob: "Bravo", Alice: null }, undefined, "name"), [
    ["Bravo", 176.5, true],
    [null, 164.3, false],
    ["David", null, true],
  ]);
  await checkAnswer(input.na.replace(new Map([[164.3, null]]), undefined, "height"), [
    ["Bob", 176.5, true],
    ["Alice", null, false],
    ["David", null, true],
  ]);
  await checkAnswer(input.na.replace(new Map([[false, null]]), undefined, "*"), [
    ["Bob", 176.5, true],
    ["Alice", 164.3, null],
    ["David", null, true],
  ]);
  await checkAnswer(
    input.na.replace({ Bob: null }, undefined, "name").na.drop("any", undefined, ["name"]).select("name"),
    [["Alice"], ["David"]],
  );
});

test("SPARK-29890: duplicate names are allowed for fill() if column names are not specified", async () => {
  const left = spark.createDataFrame(
    [
      ["1", null],
      ["3", "4"],
    ],
    "col1 STRING, col2 STRING",
  );
  const right = spark.createDataFrame(
    [
      ["1", "2"],
      ["3", null],
    ],
    "col1 STRING, col2 STRING",
  );
  const df = left.join(right, ["col1"]);
  await checkError(() => df.na.fill("hello", ["col2"]), "AMBIGUOUS_REFERENCE");
  await checkAnswer(df.na.fill("hello"), [
    ["1", "hello", "2"],
    ["3", "4", "hello"],
  ]);
});
