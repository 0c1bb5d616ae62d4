// Port of Spark's ColumnExpressionSuite (sql/core/src/test/scala/org/apache/spark/sql/
// ColumnExpressionSuite.scala): same inputs; where the suite derives expected rows from the input
// with Scala code, the same derivation is written in TypeScript.
// Skipped: monotonically_increasing_id over two partitions and spark_partition_id (tspark runs
// one partition), Catalyst expression comparisons ("lift alias out of cast", "columns can be
// compared"), plan-shape checks of "rand" (Project counts), UDT and typed-Dataset tests.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { col, lit } from "../../../src/api/functions/index.js";
import {
  checkAnswer,
  checkError,
  complexData,
  lowerCaseData,
  nullStrings,
  rowsOf,
  spark,
  testData,
  testData2,
  upperCaseData,
} from "./fixtures.js";

const ab = () => testData2();
const td2Rows = [
  [1, 1],
  [1, 2],
  [2, 1],
  [2, 2],
  [3, 1],
  [3, 2],
] as const;
const intList = () => spark.createDataFrame([[1, [1, 2, 3]]], "a INT NOT NULL, intList ARRAY<INT>");

test("alias", () => {
  const df = intList();
  assert.equal(df.select(df.col("a").as("b")).columns[0], "b");
  assert.equal(df.select(df.col("a").alias("b")).columns[0], "b");
});

test("single explode / explode and other columns", async () => {
  await checkAnswer(intList().select(F.explode(col("intList"))), [[1], [2], [3]]);
  await checkAnswer(intList().select(col("a"), F.explode(col("intList"))), [
    [1, 1],
    [1, 2],
    [1, 3],
  ]);
  await checkAnswer(intList().select(col("*"), F.explode(col("intList"))), [
    [1, [1, 2, 3], 1],
    [1, [1, 2, 3], 2],
    [1, [1, 2, 3], 3],
  ]);
});

test("aliased explode", async () => {
  await checkAnswer(
    intList()
      .select(F.explode(col("intList")).as("int"))
      .select(col("int")),
    [[1], [2], [3]],
  );
  await checkAnswer(
    intList()
      .select(F.explode(col("intList")).as("int"))
      .select(F.sum(col("int"))),
    [[6]],
  );
});

test("explode on map (with aliases)", async () => {
  const df = spark.createDataFrame([[1, new Map([["a", "b"]])]], "a INT NOT NULL, map MAP<STRING, STRING>");
  await checkAnswer(df.select(F.explode(col("map"))), [["a", "b"]]);
  await checkAnswer(df.select(F.explode(col("map")).alias("key1", "value1")).select("key1", "value1"), [
    ["a", "b"],
  ]);
});

test("self join explode", async () => {
  const exploded = intList().select(F.explode(col("intList")).as("i"));
  await checkAnswer(exploded.join(exploded, exploded.col("i").equalTo(exploded.col("i"))).agg(F.count("*")), [
    [3],
  ]);
});

test("collect on column produced by a binary operator", async () => {
  const df = spark.createDataFrame([[1, 2, 3]], "a INT NOT NULL, b INT NOT NULL, c INT NOT NULL");
  await checkAnswer(df.select(df.col("a").plus(df.col("b"))), [[3]]);
  await checkAnswer(df.select(df.col("a").plus(df.col("b").as("c"))), [[3]]);
});

test("star / star qualified by data frame object / by table name", async () => {
  const td = testData();
  const gold = await rowsOf(td);
  await checkAnswer(td.select(col("*")), gold);
  await checkAnswer(td.select(td.col("*")), gold);
  const df1 = td.select(td.col("*"), lit("abcd").as("litCol"));
  await checkAnswer(df1.select(td.col("*")), gold);
  await checkAnswer(td.alias("testData").select(col("testData.*")), gold);
});

test("arithmetic operators", async () => {
  const m = (f: (a: number, b: number) => number | null) => td2Rows.map(([a, b]) => [f(a, b)]);
  await checkAnswer(
    ab().select(col("a").plus(1)),
    m((a) => a + 1),
  );
  await checkAnswer(
    ab().select(col("a").plus(col("b")).plus(2)),
    m((a, b) => a + b + 2),
  );
  await checkAnswer(
    ab().select(col("a").minus(1)),
    m((a) => a - 1),
  );
  await checkAnswer(
    ab().select(col("a").minus(col("b")).minus(2)),
    m((a, b) => a - b - 2),
  );
  await checkAnswer(
    ab().select(col("a").multiply(10)),
    m((a) => a * 10),
  );
  await checkAnswer(
    ab().select(col("a").multiply(col("b"))),
    m((a, b) => a * b),
  );
  await checkAnswer(
    ab().select(col("a").divide(2)),
    m((a) => a / 2),
  );
  await checkAnswer(
    ab().select(col("a").divide(col("b"))),
    m((a, b) => a / b),
  );
  await checkAnswer(
    ab().select(col("a").mod(2)),
    m((a) => a % 2),
  );
  await checkAnswer(
    ab().select(col("a").mod(col("b"))),
    m((a, b) => a % b),
  );
  await checkAnswer(
    ab().select(col("a").negate()),
    m((a) => -a),
  );
});

test("unary !", async () => {
  await checkAnswer(complexData().select(col("b").not()), [[false], [true]]);
});

test("isNull / isNotNull", async () => {
  await checkAnswer(nullStrings().where(col("s").isNull()), [[3, null]]);
  await checkAnswer(spark.sql("select isnull(null), isnull(1)"), [[true, false]]);
  await checkAnswer(nullStrings().where(col("s").isNotNull()), [
    [1, "abc"],
    [2, "ABC"],
  ]);
  await checkAnswer(spark.sql("select isnotnull(null), isnotnull('a')"), [[false, true]]);
});

test("comparison operators", async () => {
  const keep = (f: (a: number, b: number) => boolean) =>
    td2Rows.filter(([a, b]) => f(a, b)).map((r) => [...r]);
  await checkAnswer(
    ab().filter(col("a").equalTo(1)),
    keep((a) => a === 1),
  );
  await checkAnswer(
    ab().filter(col("a").equalTo(col("b"))),
    keep((a, b) => a === b),
  );
  await checkAnswer(
    ab().filter(col("a").gt(1)),
    keep((a) => a > 1),
  );
  await checkAnswer(
    ab().filter(col("a").gt(col("b"))),
    keep((a, b) => a > b),
  );
  await checkAnswer(
    ab().filter(col("a").geq(1)),
    keep((a) => a >= 1),
  );
  await checkAnswer(
    ab().filter(col("a").geq(col("b"))),
    keep((a, b) => a >= b),
  );
  await checkAnswer(
    ab().filter(col("a").lt(2)),
    keep((a) => a < 2),
  );
  await checkAnswer(
    ab().filter(col("a").lt(col("b"))),
    keep((a, b) => a < b),
  );
  await checkAnswer(
    ab().filter(col("a").leq(2)),
    keep((a) => a <= 2),
  );
  await checkAnswer(
    ab().filter(col("a").leq(col("b"))),
    keep((a, b) => a <= b),
  );
});

test("<=> / !==", async () => {
  const nullData = spark.createDataFrame(
    [
      [1, 1],
      [1, 2],
      [1, null],
      [null, null],
    ],
    "a INT, b INT",
  );
  await checkAnswer(nullData.filter(col("b").eqNullSafe(1)), [[1, 1]]);
  await checkAnswer(nullData.filter(col("b").eqNullSafe(null)), [
    [1, null],
    [null, null],
  ]);
  await checkAnswer(nullData.filter(col("a").eqNullSafe(col("b"))), [
    [1, 1],
    [null, null],
  ]);
  await checkAnswer(nullData.filter(col("a").notEqual(col("b"))), [[1, 2]]);
});

test("between", async () => {
  const rows: [number, number, number][] = [
    [0, 1, 2],
    [1, 2, 3],
    [2, 1, 0],
    [2, 2, 4],
    [3, 1, 6],
    [3, 2, 0],
  ];
  const df = spark.createDataFrame(rows, "a INT NOT NULL, b INT NOT NULL, c INT NOT NULL");
  await checkAnswer(
    df.filter(col("a").between(col("b"), col("c"))),
    rows.filter(([a, b, c]) => a >= b && a <= c),
  );
});

test("in", async () => {
  for (const [x, y] of [
    [1, 2],
    [1, 3],
    [2, 3],
  ] as const) {
    await checkAnswer(
      ab().filter(col("a").isin(x, y)),
      td2Rows.filter(([a]) => a === x || a === y).map((r) => [...r]),
    );
  }
});

const booleanData = () =>
  spark.createDataFrame(
    [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ],
    "a BOOLEAN, b BOOLEAN",
  );

test("&& and ||", async () => {
  await checkAnswer(booleanData().filter(col("a").and(true)), [
    [true, false],
    [true, true],
  ]);
  await checkAnswer(booleanData().filter(col("a").and(false)), []);
  await checkAnswer(booleanData().filter(col("a").and(col("b"))), [[true, true]]);
  await checkAnswer(booleanData().filter(col("a").or(true)), await rowsOf(booleanData()));
  await checkAnswer(booleanData().filter(col("a").or(false)), [
    [true, false],
    [true, true],
  ]);
  await checkAnswer(booleanData().filter(col("a").or(col("b"))), [
    [false, true],
    [true, false],
    [true, true],
  ]);
});

test("SPARK-7321 when conditional statements", async () => {
  const df = spark.createDataFrame(
    [1, 2, 3].map((i) => [i, String(i)]),
    "key INT NOT NULL, value STRING",
  );
  await checkAnswer(
    df.select(F.when(col("key").equalTo(1), -1).when(col("key").equalTo(2), -2).otherwise(0)),
    [[-1], [-2], [0]],
  );
  await checkAnswer(
    df.select(F.when(col("key").equalTo(1), lit(0).minus(col("key"))).when(col("key").equalTo(2), -2)),
    [[-1], [-2], [null]],
  );
  // Spark: IllegalArgumentException for when() on a non-CASE column, otherwise() twice.
  await checkError(() => col("key").when(col("key").equalTo(1), -1), null);
  await checkError(() => col("key").otherwise(-1), null);
  await checkError(() => F.when(col("key").equalTo(1), -1).otherwise(-1).otherwise(-1), null);
});

test("sqrt", async () => {
  const seq = Array.from({ length: 100 }, (_, i) => i + 1);
  await checkAnswer(
    testData().select(F.sqrt(col("key"))),
    seq.map((n) => [Math.sqrt(n)]),
  );
  await checkAnswer(
    testData().select(F.sqrt(col("value")), col("key")),
    seq.map((n) => [Math.sqrt(n), n]),
  );
  await checkAnswer(
    testData().select(F.sqrt(lit(null))),
    seq.map(() => [null]),
  );
});

test("upper / lower", async () => {
  const seq = Array.from({ length: 100 }, (_, i) => i + 1);
  await checkAnswer(
    lowerCaseData().select(F.upper(col("l"))),
    ["A", "B", "C", "D"].map((c) => [c]),
  );
  await checkAnswer(
    testData().select(F.upper(col("value")), col("key")),
    seq.map((n) => [String(n), n]),
  );
  await checkAnswer(
    testData().select(F.upper(lit(null))),
    seq.map(() => [null]),
  );
  await checkAnswer(spark.sql("SELECT upper('aB'), ucase('cDe')"), [["AB", "CDE"]]);
  await checkAnswer(
    upperCaseData().select(F.lower(col("L"))),
    ["a", "b", "c", "d", "e", "f"].map((c) => [c]),
  );
  await checkAnswer(
    testData().select(F.lower(col("value")), col("key")),
    seq.map((n) => [String(n), n]),
  );
  await checkAnswer(
    testData().select(F.lower(lit(null))),
    seq.map(() => [null]),
  );
  await checkAnswer(spark.sql("SELECT lower('aB'), lcase('cDe')"), [["ab", "cde"]]);
});

test("rand / randn", async () => {
  const rows = await rowsOf(testData().select(col("key"), F.rand(5).as("rand")));
  for (const r of rows) assert.ok((r[1] as number) >= 0 && (r[1] as number) <= 1);
  const two = testData()
    .select(col("key"), F.rand(5).plus(1).as("rand"))
    .select(col("rand").plus(1).as("rand1"), col("rand").minus(1).as("rand2"));
  for (const [v] of await rowsOf(two.select(col("rand1").minus(col("rand2")))))
    assert.ok(Math.abs((v as number) - 2) < 1e-4);
  for (const r of await rowsOf(testData().select(col("key"), F.randn(5).as("rand")))) {
    assert.ok((r[1] as number) <= 4 && (r[1] as number) >= -4);
  }
});

test("bitwiseAND / bitwiseOR / bitwiseXOR", async () => {
  const m = (f: (a: number, b: number) => number) => td2Rows.map(([a, b]) => [f(a, b)]);
  await checkAnswer(
    ab().select(col("a").bitwiseAND(75)),
    m((a) => a & 75),
  );
  await checkAnswer(
    ab().select(col("a").bitwiseAND(col("b")).bitwiseAND(22)),
    m((a, b) => a & b & 22),
  );
  await checkAnswer(
    ab().select(col("a").bitwiseOR(170)),
    m((a) => a | 170),
  );
  await checkAnswer(
    ab().select(col("a").bitwiseOR(col("b")).bitwiseOR(42)),
    m((a, b) => a | b | 42),
  );
  await checkAnswer(
    ab().select(col("a").bitwiseXOR(112)),
    m((a) => a ^ 112),
  );
  await checkAnswer(
    ab().select(col("a").bitwiseXOR(col("b")).bitwiseXOR(39)),
    m((a, b) => a ^ b ^ 39),
  );
});

test("IN/INSET with bytes, shorts, ints, dates", async () => {
  const df = spark.createDataFrame(
    [
      [-128, -32768, -2147483648, new Date(Date.UTC(2017, 0, 1))],
      [127, null, 2147483647, null],
    ],
    "b TINYINT NOT NULL, s SMALLINT, i INT NOT NULL, d DATE",
  );
  await checkAnswer(df.select(col("b").isin(-128, 127)), [[true], [true]]);
  await checkAnswer(df.select(col("b").isin(-1, 2)), [[false], [false]]);
  await checkAnswer(df.select(col("s").isin(-32768, 1)), [[true], [null]]);
  await checkAnswer(df.select(col("s").isin(0, null)), [[null], [null]]);
  await checkAnswer(df.select(col("i").isin(0, -2147483648)), [[true], [false]]);
  await checkAnswer(df.select(col("i").isin(null, -2147483648)), [[true], [null]]);
  await checkAnswer(
    df.select(col("d").isin(lit("1950-01-01").cast("date"), lit("2017-01-01").cast("date"))),
    [[true], [null]],
  );
  await checkAnswer(df.select(col("d").isin(lit("1950-01-01").cast("date"), null)), [[null], [null]]);
});

test("isin with a column of another type fails analysis", async () => {
  const df2 = spark.createDataFrame(
    [
      [1, [1]],
      [2, [2]],
      [3, [3]],
    ],
    "a INT NOT NULL, b ARRAY<INT>",
  );
  await checkError(() => df2.filter(col("a").isin(col("b"))), "DATATYPE_MISMATCH.DATA_DIFF_TYPES");
});

test("typedLit-like literals of arrays, maps and structs", async () => {
  const df = spark.createDataFrame([[0]], "a INT NOT NULL");
  await checkAnswer(df.select(F.array(lit(1), lit(2), lit(3))), [[[1, 2, 3]]]);
  await checkAnswer(df.select(F.create_map(lit("a"), lit(1), lit("b"), lit(2))), [
    [
      new Map([
        ["a", 1],
        ["b", 2],
      ]),
    ],
  ]);
  await checkAnswer(df.select(F.struct(lit("a"), lit(2), lit(1.0))), [[{ col1: "a", col2: 2, col3: 1.0 }]]);
});

// withField / dropFields fixtures: structType = a INT NOT NULL, b INT, c INT NOT NULL.
const S = "STRUCT<a: INT NOT NULL, b: INT, c: INT NOT NULL>";
const structLevel1 = () => spark.createDataFrame([[{ a: 1, b: null, c: 3 }]], `a ${S} NOT NULL`);
const nullableStructLevel1 = () => spark.createDataFrame([[null], [{ a: 1, b: null, c: 3 }]], `a ${S}`);
const structLevel2 = () =>
  spark.createDataFrame([[{ a: { a: 1, b: null, c: 3 } }]], `a STRUCT<a: ${S} NOT NULL> NOT NULL`);
const nullableStructLevel2 = () =>
  spark.createDataFrame([[null], [{ a: null }], [{ a: { a: 1, b: null, c: 3 } }]], `a STRUCT<a: ${S}>`);
const structLevel3 = () =>
  spark.createDataFrame(
    [[{ a: { a: { a: 1, b: null, c: 3 } } }]],
    `a STRUCT<a: STRUCT<a: ${S} NOT NULL> NOT NULL> NOT NULL`,
  );

async function checkWithSchema(
  df: ReturnType<typeof structLevel1>,
  rows: unknown[][],
  ddl: string,
): Promise<void> {
  await checkAnswer(df, rows);
  assert.equal(df.schemaTreeString(), spark.createDataFrame([], ddl).schemaTreeString());
}

const S4 = (d: string) => `STRUCT<a: INT NOT NULL, b: INT, c: INT NOT NULL, ${d}>`;

test("withField should throw if called on a non-StructType column or missing intermediate structs", async () => {
  await checkError(
    () => testData().withColumn("key", col("key").withField("a", lit(2))),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
  await checkError(
    () => structLevel2().withColumn("a", col("a").withField("x.b", lit(2))),
    "FIELD_NOT_FOUND",
  );
  await checkError(
    () => structLevel3().withColumn("a", col("a").withField("a.x.b", lit(2))),
    "FIELD_NOT_FOUND",
  );
  await checkError(
    () => structLevel1().withColumn("a", col("a").withField("b.a", lit(2))),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
});

test("withField should add fields", async () => {
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("d", lit(4))),
    [[{ a: 1, b: null, c: 3, d: 4 }]],
    `a ${S4("d: INT NOT NULL")} NOT NULL`,
  );
  await checkWithSchema(
    nullableStructLevel1().withColumn("a", col("a").withField("d", lit(4))),
    [[null], [{ a: 1, b: null, c: 3, d: 4 }]],
    `a ${S4("d: INT NOT NULL")}`,
  );
  await checkWithSchema(
    nullableStructLevel2().withColumn("a", col("a").withField("a.d", lit(4))),
    [[null], [{ a: null }], [{ a: { a: 1, b: null, c: 3, d: 4 } }]],
    `a STRUCT<a: ${S4("d: INT NOT NULL")}>`,
  );
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("d", lit(null).cast("int"))),
    [[{ a: 1, b: null, c: 3, d: null }]],
    `a ${S4("d: INT")} NOT NULL`,
  );
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("d", lit(4)).withField("e", lit(5))),
    [[{ a: 1, b: null, c: 3, d: 4, e: 5 }]],
    `a ${S4("d: INT NOT NULL, e: INT NOT NULL")} NOT NULL`,
  );
  for (const df of [
    structLevel2().withColumn("a", col("a").withField("a.d", lit(4))),
    structLevel2().withColumn("a", col("a").withField("a", col("a.a").withField("d", lit(4)))),
  ]) {
    await checkWithSchema(
      df,
      [[{ a: { a: 1, b: null, c: 3, d: 4 } }]],
      `a STRUCT<a: ${S4("d: INT NOT NULL")} NOT NULL> NOT NULL`,
    );
  }
  for (const c of [
    col("a").withField("a", col("a.a").withField("d", lit(4)).withField("e", lit(5))),
    col("a").withField("a.d", lit(4)).withField("a.e", lit(5)),
  ]) {
    await checkWithSchema(
      structLevel2().select(c.as("a")),
      [[{ a: { a: 1, b: null, c: 3, d: 4, e: 5 } }]],
      `a STRUCT<a: ${S4("d: INT NOT NULL, e: INT NOT NULL")} NOT NULL> NOT NULL`,
    );
    await checkWithSchema(
      nullableStructLevel2().select(c.as("a")),
      [[null], [{ a: null }], [{ a: { a: 1, b: null, c: 3, d: 4, e: 5 } }]],
      `a STRUCT<a: ${S4("d: INT NOT NULL, e: INT NOT NULL")}>`,
    );
  }
  await checkWithSchema(
    structLevel3().withColumn("a", col("a").withField("a.a.d", lit(4))),
    [[{ a: { a: { a: 1, b: null, c: 3, d: 4 } } }]],
    `a STRUCT<a: STRUCT<a: ${S4("d: INT NOT NULL")} NOT NULL> NOT NULL> NOT NULL`,
  );
});

test("withField should replace fields", async () => {
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("b", lit(2))),
    [[{ a: 1, b: 2, c: 3 }]],
    "a STRUCT<a: INT NOT NULL, b: INT NOT NULL, c: INT NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    nullableStructLevel1().withColumn("a", col("a").withField("b", lit("foo"))),
    [[null], [{ a: 1, b: "foo", c: 3 }]],
    "a STRUCT<a: INT NOT NULL, b: STRING NOT NULL, c: INT NOT NULL>",
  );
  await checkWithSchema(
    nullableStructLevel2().withColumn("a", col("a").withField("a.b", lit("foo"))),
    [[null], [{ a: null }], [{ a: { a: 1, b: "foo", c: 3 } }]],
    "a STRUCT<a: STRUCT<a: INT NOT NULL, b: STRING NOT NULL, c: INT NOT NULL>>",
  );
});

test("withField should replace fields (null value, multiple, nested, in order)", async () => {
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("c", lit(null).cast("int"))),
    [[{ a: 1, b: null, c: null }]],
    "a STRUCT<a: INT NOT NULL, b: INT, c: INT> NOT NULL",
  );
  const full = "STRUCT<a: INT NOT NULL, b: INT NOT NULL, c: INT NOT NULL>";
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("a", lit(10)).withField("b", lit(20))),
    [[{ a: 10, b: 20, c: 3 }]],
    `a ${full} NOT NULL`,
  );
  await checkWithSchema(
    nullableStructLevel1().withColumn("a", col("a").withField("a", lit(10)).withField("b", lit(20))),
    [[null], [{ a: 10, b: 20, c: 3 }]],
    `a ${full}`,
  );
  for (const df of [
    structLevel2().withColumn("a", col("a").withField("a.b", lit(2))),
    structLevel2().withColumn("a", col("a").withField("a", col("a.a").withField("b", lit(2)))),
  ]) {
    await checkWithSchema(df, [[{ a: { a: 1, b: 2, c: 3 } }]], `a STRUCT<a: ${full} NOT NULL> NOT NULL`);
  }
  for (const c of [
    col("a").withField("a", col("a.a").withField("a", lit(10)).withField("b", lit(20))),
    col("a").withField("a.a", lit(10)).withField("a.b", lit(20)),
  ]) {
    await checkWithSchema(
      structLevel2().select(c.as("a")),
      [[{ a: { a: 10, b: 20, c: 3 } }]],
      `a STRUCT<a: ${full} NOT NULL> NOT NULL`,
    );
    await checkWithSchema(
      nullableStructLevel2().select(c.as("a")),
      [[null], [{ a: null }], [{ a: { a: 10, b: 20, c: 3 } }]],
      `a STRUCT<a: ${full}>`,
    );
  }
  await checkWithSchema(
    structLevel3().withColumn("a", col("a").withField("a.a.b", lit(2))),
    [[{ a: { a: { a: 1, b: 2, c: 3 } } }]],
    `a STRUCT<a: STRUCT<a: ${full} NOT NULL> NOT NULL> NOT NULL`,
  );
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("b", lit(2)).withField("b", lit(20))),
    [[{ a: 1, b: 20, c: 3 }]],
    `a ${full} NOT NULL`,
  );
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").withField("d", lit(4)).withField("d", lit(5))),
    [[{ a: 1, b: null, c: 3, d: 5 }]],
    `a ${S4("d: INT NOT NULL")} NOT NULL`,
  );
});

test("withField should replace all fields with the given name", async () => {
  const df = spark.createDataFrame(
    [[[1, 2, 3]]],
    "a STRUCT<a: INT NOT NULL, b: INT NOT NULL, b: INT NOT NULL> NOT NULL",
  );
  const out = df.withColumn("a", col("a").withField("b", lit(100)));
  assert.deepEqual(await rowsOf(out.select(F.to_json(col("a")))), [['{"a":1,"b":100,"b":100}']]);
});

test("withField should handle fields with dots in their name if correctly quoted", async () => {
  const df = spark.createDataFrame(
    [[{ "a.b": { "c.d": 1, "e.f": null, "g.h": 3 } }]],
    "a STRUCT<`a.b`: STRUCT<`c.d`: INT NOT NULL, `e.f`: INT, `g.h`: INT NOT NULL> NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    df.withColumn("a", col("a").withField("`a.b`.`e.f`", lit(2))),
    [[{ "a.b": { "c.d": 1, "e.f": 2, "g.h": 3 } }]],
    "a STRUCT<`a.b`: STRUCT<`c.d`: INT NOT NULL, `e.f`: INT NOT NULL, `g.h`: INT NOT NULL> NOT NULL> NOT NULL",
  );
  await checkError(() => df.withColumn("a", col("a").withField("a.b.e.f", lit(2))), "FIELD_NOT_FOUND");
});

const mixedCase1 = () =>
  spark.createDataFrame([[{ a: 1, B: 1 }]], "a STRUCT<a: INT NOT NULL, B: INT NOT NULL> NOT NULL");

test("withField should replace field in struct even if casing is different", async () => {
  await checkWithSchema(
    mixedCase1().withColumn("a", col("a").withField("A", lit(2))),
    [[{ A: 2, B: 1 }]],
    "a STRUCT<A: INT NOT NULL, B: INT NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    mixedCase1().withColumn("a", col("a").withField("b", lit(2))),
    [[{ a: 1, b: 2 }]],
    "a STRUCT<a: INT NOT NULL, b: INT NOT NULL> NOT NULL",
  );
});

test("withField should add field to struct because casing is different (case sensitive)", async () => {
  spark.conf.set("spark.sql.caseSensitive", true);
  try {
    await checkWithSchema(
      mixedCase1().withColumn("a", col("a").withField("A", lit(2))),
      [[{ a: 1, B: 1, A: 2 }]],
      "a STRUCT<a: INT NOT NULL, B: INT NOT NULL, A: INT NOT NULL> NOT NULL",
    );
  } finally {
    spark.conf.set("spark.sql.caseSensitive", false);
  }
});

test("withField user-facing examples", async () => {
  const q = (s: string) => spark.sql(s);
  await checkAnswer(
    q("SELECT named_struct('a', 1, 'b', 2) struct_col").select(col("struct_col").withField("c", lit(3))),
    [[{ a: 1, b: 2, c: 3 }]],
  );
  await checkAnswer(
    q("SELECT named_struct('a', 1, 'b', 2) struct_col").select(col("struct_col").withField("b", lit(3))),
    [[{ a: 1, b: 3 }]],
  );
  await checkAnswer(
    q("SELECT CAST(NULL AS struct<a:int,b:int>) struct_col").select(col("struct_col").withField("c", lit(3))),
    [[null]],
  );
  await checkAnswer(
    q("SELECT named_struct('a', named_struct('a', 1, 'b', 2)) struct_col").select(
      col("struct_col").withField("a.c", lit(3)),
    ),
    [[{ a: { a: 1, b: 2, c: 3 } }]],
  );
  await checkError(
    () =>
      q("SELECT named_struct('a', named_struct('b', 1), 'a', named_struct('c', 2)) struct_col").select(
        col("struct_col").withField("a.c", lit(3)),
      ),
    "AMBIGUOUS_REFERENCE_TO_FIELDS",
  );
  await checkAnswer(
    q("SELECT named_struct('a', named_struct('a', 1, 'b', 2)) struct_col").select(
      col("struct_col").withField("a.c", lit(3)).withField("a.d", lit(4)),
    ),
    [[{ a: { a: 1, b: 2, c: 3, d: 4 } }]],
  );
});

test("SPARK-32641: extracting a field after withField", async () => {
  const one = (c: ReturnType<typeof col>, want: unknown, nullable: boolean, df = structLevel1()) =>
    checkWithSchema(df.withColumn("a", c), [[want]], `a INT${nullable ? "" : " NOT NULL"}`);
  await one(col("a").withField("d", lit(4)).getField("d"), 4, false);
  await one(col("a").withField("a", lit(4)).getField("a"), 4, false);
  await one(col("a").withField("d", lit(4)).getField("c"), 3, false);
  await one(col("a").withField("a", lit(4)).getField("c"), 3, false);
  const nullStruct = () => spark.createDataFrame([[null]], `a ${S}`);
  await one(col("a").withField("d", lit(4)).getField("d"), null, true, nullStruct());
  await one(col("a").withField("a", lit(4)).getField("a"), null, true, nullStruct());
  await one(col("a").withField("d", lit(4)).getField("c"), null, true, nullStruct());
});

test("SPARK-32641: extracting a field after withField from a struct column with nulls", async () => {
  const df = () => spark.createDataFrame([[{ a: 1, b: null, c: 3 }], [null]], `a ${S}`);
  const check = (c: ReturnType<typeof col>, v: number) =>
    checkWithSchema(df().withColumn("a", c), [[v], [null]], "a INT");
  await check(col("a").withField("d", lit(4)).getField("d"), 4);
  await check(col("a").withField("a", lit(4)).getField("a"), 4);
  await check(col("a").withField("d", lit(4)).getField("c"), 3);
  await check(col("a").withField("a", lit(4)).getField("c"), 3);
});

test("SPARK-35213: chained withField operations keep the schema of new columns", async () => {
  const df = spark.createDataFrame([[null]], "data VOID");
  const want = [[{ a: { aa: "aa1", ab: "ab1" }, b: { ba: "ba1" } }]];
  await checkWithSchema(
    df.withColumn(
      "data",
      F.struct()
        .withField("a", F.struct())
        .withField("b", F.struct())
        .withField("a.aa", lit("aa1"))
        .withField("b.ba", lit("ba1"))
        .withField("a.ab", lit("ab1")),
    ),
    want,
    "data STRUCT<a: STRUCT<aa: STRING NOT NULL, ab: STRING NOT NULL> NOT NULL, b: STRUCT<ba: STRING NOT NULL> NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    df
      .withColumn(
        "data",
        F.struct()
          .withField("a", F.struct().withField("aa", lit("aa1")))
          .withField("b", F.struct().withField("ba", lit("ba1"))),
      )
      .withColumn("data", col("data").withField("b.bb", lit("bb1")))
      .withColumn("data", col("data").withField("a.ab", lit("ab1"))),
    [[{ a: { aa: "aa1", ab: "ab1" }, b: { ba: "ba1", bb: "bb1" } }]],
    "data STRUCT<a: STRUCT<aa: STRING NOT NULL, ab: STRING NOT NULL> NOT NULL, b: STRUCT<ba: STRING NOT NULL, bb: STRING NOT NULL> NOT NULL> NOT NULL",
  );
});

test("dropFields errors", async () => {
  await checkError(
    () => testData().withColumn("key", col("key").dropFields("a")),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
  await checkError(() => structLevel2().withColumn("a", col("a").dropFields("x.b")), "FIELD_NOT_FOUND");
  await checkError(() => structLevel3().withColumn("a", col("a").dropFields("a.x.b")), "FIELD_NOT_FOUND");
  await checkError(
    () => structLevel1().withColumn("a", col("a").dropFields("b.a")),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
  const amb = spark.createDataFrame(
    [
      [
        [
          { a: 1, b: null, c: 3 },
          { a: 1, b: null, c: 3 },
        ],
      ],
    ],
    `a STRUCT<a: ${S} NOT NULL, a: ${S} NOT NULL> NOT NULL`,
  );
  await checkError(() => amb.withColumn("a", col("a").dropFields("a.b")), "AMBIGUOUS_REFERENCE_TO_FIELDS");
  await checkError(
    () => structLevel1().withColumn("a", col("a").dropFields("a", "b", "c")),
    "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS",
  );
});

test("dropFields should drop fields", async () => {
  const ac = "STRUCT<a: INT NOT NULL, c: INT NOT NULL>";
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").dropFields("b")),
    [[{ a: 1, c: 3 }]],
    `a ${ac} NOT NULL`,
  );
  await checkWithSchema(
    nullableStructLevel1().withColumn("a", col("a").dropFields("b")),
    [[null], [{ a: 1, c: 3 }]],
    `a ${ac}`,
  );
  for (const df of [
    structLevel1().withColumn("a", col("a").dropFields("b", "c")),
    structLevel1().withColumn("a", col("a").dropFields("b").dropFields("c")),
  ]) {
    await checkWithSchema(df, [[{ a: 1 }]], "a STRUCT<a: INT NOT NULL> NOT NULL");
  }
  const noName = spark.createDataFrame([[[1, 2]]], "a STRUCT<a: INT NOT NULL, ``: INT NOT NULL> NOT NULL");
  await checkWithSchema(
    noName.withColumn("a", col("a").dropFields("")),
    [[{ a: 1 }]],
    "a STRUCT<a: INT NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    structLevel2().withColumn("a", col("a").dropFields("a.b")),
    [[{ a: { a: 1, c: 3 } }]],
    `a STRUCT<a: ${ac} NOT NULL> NOT NULL`,
  );
  await checkWithSchema(
    structLevel2().withColumn("a", col("a").dropFields("a.b", "a.c")),
    [[{ a: { a: 1 } }]],
    "a STRUCT<a: STRUCT<a: INT NOT NULL> NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    nullableStructLevel2().withColumn("a", col("a").dropFields("a.b")),
    [[null], [{ a: null }], [{ a: { a: 1, c: 3 } }]],
    `a STRUCT<a: ${ac}>`,
  );
  await checkWithSchema(
    structLevel3().withColumn("a", col("a").dropFields("a.a.b")),
    [[{ a: { a: { a: 1, c: 3 } } }]],
    `a STRUCT<a: STRUCT<a: ${ac} NOT NULL> NOT NULL> NOT NULL`,
  );
  const dup = spark.createDataFrame(
    [[[1, 2, 3]]],
    "a STRUCT<a: INT NOT NULL, b: INT NOT NULL, b: INT NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    dup.withColumn("a", col("a").dropFields("b")),
    [[{ a: 1 }]],
    "a STRUCT<a: INT NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").dropFields("d")),
    [[{ a: 1, b: null, c: 3 }]],
    `a ${S} NOT NULL`,
  );
  await checkWithSchema(
    structLevel1().withColumn("a", col("a").dropFields("b", "d")),
    [[{ a: 1, c: 3 }]],
    `a ${ac} NOT NULL`,
  );
  await checkWithSchema(
    structLevel2().withColumn("a", col("a").dropFields("a.b", "a.d")),
    [[{ a: { a: 1, c: 3 } }]],
    `a STRUCT<a: ${ac} NOT NULL> NOT NULL`,
  );
});

test("dropFields and casing", async () => {
  await checkWithSchema(
    mixedCase1().withColumn("a", col("a").dropFields("A")),
    [[{ B: 1 }]],
    "a STRUCT<B: INT NOT NULL> NOT NULL",
  );
  await checkWithSchema(
    mixedCase1().withColumn("a", col("a").dropFields("b")),
    [[{ a: 1 }]],
    "a STRUCT<a: INT NOT NULL> NOT NULL",
  );
  const mixedCase2 = () =>
    spark.createDataFrame(
      [[{ a: { a: 1, b: 1 }, B: { a: 1, b: 1 } }]],
      "a STRUCT<a: STRUCT<a: INT NOT NULL, b: INT NOT NULL> NOT NULL, B: STRUCT<a: INT NOT NULL, b: INT NOT NULL> NOT NULL> NOT NULL",
    );
  await checkWithSchema(
    mixedCase2().withColumn("a", col("a").dropFields("A.a")),
    [[{ A: { b: 1 }, B: { a: 1, b: 1 } }]],
    "a STRUCT<A: STRUCT<b: INT NOT NULL> NOT NULL, B: STRUCT<a: INT NOT NULL, b: INT NOT NULL> NOT NULL> NOT NULL",
  );
  spark.conf.set("spark.sql.caseSensitive", true);
  try {
    await checkWithSchema(
      mixedCase1().withColumn("a", col("a").dropFields("A")),
      [[{ a: 1, B: 1 }]],
      "a STRUCT<a: INT NOT NULL, B: INT NOT NULL> NOT NULL",
    );
    await checkError(() => mixedCase2().withColumn("a", col("a").dropFields("A.a")), "FIELD_NOT_FOUND");
    await checkError(() => mixedCase2().withColumn("a", col("a").dropFields("b.a")), "FIELD_NOT_FOUND");
  } finally {
    spark.conf.set("spark.sql.caseSensitive", false);
  }
});

test("dropFields user-facing examples", async () => {
  const q = (s: string) => spark.sql(s);
  const ab = "SELECT named_struct('a', 1, 'b', 2) struct_col";
  await checkAnswer(q(ab).select(col("struct_col").dropFields("b")), [[{ a: 1 }]]);
  await checkAnswer(q(ab).select(col("struct_col").dropFields("c")), [[{ a: 1, b: 2 }]]);
  await checkAnswer(
    q("SELECT named_struct('a', 1, 'b', 2, 'c', 3) struct_col").select(
      col("struct_col").dropFields("b", "c"),
    ),
    [[{ a: 1 }]],
  );
  await checkError(
    () => q(ab).select(col("struct_col").dropFields("a", "b")),
    "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS",
  );
  await checkAnswer(
    q("SELECT CAST(NULL AS struct<a:int,b:int>) struct_col").select(col("struct_col").dropFields("b")),
    [[null]],
  );
  await checkAnswer(
    q("SELECT named_struct('a', 1, 'b', 2, 'b', 3) struct_col").select(col("struct_col").dropFields("b")),
    [[{ a: 1 }]],
  );
  await checkAnswer(
    q("SELECT named_struct('a', named_struct('a', 1, 'b', 2)) struct_col").select(
      col("struct_col").dropFields("a.b"),
    ),
    [[{ a: { a: 1 } }]],
  );
  await checkError(
    () =>
      q("SELECT named_struct('a', named_struct('b', 1), 'a', named_struct('c', 2)) struct_col").select(
        col("struct_col").dropFields("a.c"),
      ),
    "AMBIGUOUS_REFERENCE_TO_FIELDS",
  );
  const abc = "SELECT named_struct('a', named_struct('a', 1, 'b', 2, 'c', 3)) struct_col";
  await checkAnswer(q(abc).select(col("struct_col").dropFields("a.b", "a.c")), [[{ a: { a: 1 } }]]);
  await checkAnswer(
    q(abc).select(col("struct_col").withField("a", col("struct_col.a").dropFields("b", "c"))),
    [[{ a: { a: 1 } }]],
  );
});

test("different dropField + withField + getField combinations", async () => {
  const st = "STRUCT<a: INT NOT NULL, b: INT NOT NULL>";
  const level1 = () => spark.createDataFrame([[{ a: 1, b: 2 }]], `a ${st} NOT NULL`);
  const nullLevel1 = () => spark.createDataFrame([[null]], `a ${st}`);
  const nullable1 = () => spark.createDataFrame([[{ a: 1, b: 2 }], [null]], `a ${st}`);
  type Op = (c: ReturnType<typeof col>) => ReturnType<typeof col>;
  const check = async (op: Op, name: string, expected: number | null) => {
    const query = (df: ReturnType<typeof level1>) => df.select(op(col("a")).getField(name).as("res"));
    await checkWithSchema(query(level1()), [[expected]], `res INT${expected === null ? "" : " NOT NULL"}`);
    await checkWithSchema(query(nullLevel1()), [[null]], "res INT");
    await checkWithSchema(query(nullable1()), [[expected], [null]], "res INT");
  };
  const n = () => lit(null).cast("int");
  await check((c) => c.withField("c", lit(3)), "a", 1);
  await check((c) => c.withField("c", lit(3)), "b", 2);
  await check((c) => c.withField("c", lit(3)), "c", 3);
  await check((c) => c.withField("c", col("a.a")), "c", 1);
  await check((c) => c.withField("c", col("a.b")), "c", 2);
  await check((c) => c.withField("c", n()), "c", null);
  await check((c) => c.withField("b", lit(3)), "a", 1);
  await check((c) => c.withField("a", lit(3)), "b", 2);
  await check((c) => c.withField("b", lit(3)), "b", 3);
  await check((c) => c.withField("b", n()), "b", null);
  await check((c) => c.withField("a", lit(3)), "a", 3);
  await check((c) => c.withField("a", n()), "a", null);
  await check((c) => c.dropFields("b"), "a", 1);
  await check((c) => c.dropFields("a"), "b", 2);
  await check((c) => c.dropFields("b").withField("c", lit(3)), "a", 1);
  await check((c) => c.dropFields("a").withField("c", lit(3)), "b", 2);
  await check((c) => c.dropFields("a").withField("c", lit(3)), "c", 3);
  await check((c) => c.dropFields("b").withField("c", lit(3)), "c", 3);
  await check((c) => c.withField("c", lit(3)).dropFields("a"), "b", 2);
  await check((c) => c.withField("c", lit(3)).dropFields("b"), "a", 1);
  await check((c) => c.withField("c", lit(3)).dropFields("a"), "c", 3);
  await check((c) => c.withField("c", lit(3)).dropFields("b"), "c", 3);
  await check((c) => c.withField("b", lit(3)).dropFields("b"), "a", 1);
  await check((c) => c.withField("a", lit(3)).dropFields("a"), "b", 2);
  await check((c) => c.withField("c", lit(3)).dropFields("c"), "a", 1);
  await check((c) => c.withField("c", lit(3)).dropFields("c"), "b", 2);
  await check((c) => c.withField("b", lit(3)).dropFields("a"), "b", 3);
  await check((c) => c.withField("a", lit(3)).dropFields("b"), "a", 3);
  await check((c) => c.withField("b", n()).dropFields("a"), "b", null);
  await check((c) => c.withField("a", n()).dropFields("b"), "a", null);
  await check((c) => c.dropFields("b").withField("b", lit(3)), "b", 3);
  await check((c) => c.dropFields("a").withField("a", lit(3)), "a", 3);
  await check((c) => c.dropFields("b").withField("b", n()), "b", null);
  await check((c) => c.dropFields("a").withField("a", n()), "a", null);
  await check((c) => c.dropFields("c").withField("c", lit(3)), "c", 3);
  await check((c) => c.withField("c", lit(3)).dropFields("c").withField("c", lit(4)), "c", 4);
});

test("should move field up one level of nesting", async () => {
  await checkWithSchema(
    nullableStructLevel2().select(col("a").withField("c", col("a.a.c")).dropFields("a.c").as("res")),
    [[null], [{ a: null, c: null }], [{ a: { a: 1, b: null }, c: 3 }]],
    "res STRUCT<a: STRUCT<a: INT NOT NULL, b: INT>, c: INT>",
  );
  await checkWithSchema(
    nullableStructLevel2().select(
      col("a").withField("c", col("a.a.c")).dropFields("a.c").getField("c").as("res"),
    ),
    [[null], [null], [3]],
    "res INT",
  );
});

test("newly added / dropped nested columns", async () => {
  await checkError(
    () => structLevel1().select(col("a").withField("d", lit(4)).withField("e", col("a.d").plus(1)).as("a")),
    "FIELD_NOT_FOUND",
  );
  await checkWithSchema(
    structLevel1()
      .select(col("a").withField("d", lit(4)).as("a"))
      .select(col("a").withField("e", col("a.d").plus(1)).as("a")),
    [[{ a: 1, b: null, c: 3, d: 4, e: 5 }]],
    `a ${S4("d: INT NOT NULL, e: INT NOT NULL")} NOT NULL`,
  );
  for (const q of [
    structLevel1().select(col("a").withField("d", lit(4)).dropFields("d").as("a")),
    structLevel1()
      .select(col("a").withField("d", lit(4)).as("a"))
      .select(col("a").dropFields("d").as("a")),
  ]) {
    await checkWithSchema(q, [[{ a: 1, b: null, c: 3 }]], `a ${S} NOT NULL`);
  }
  await checkWithSchema(
    structLevel1().select(col("a").dropFields("c").withField("z", col("a.c")).as("a")),
    [[{ a: 1, b: null, z: 3 }]],
    "a STRUCT<a: INT NOT NULL, b: INT, z: INT NOT NULL> NOT NULL",
  );
  await checkError(
    () =>
      structLevel1()
        .select(col("a").dropFields("c").as("a"))
        .select(col("a").withField("z", col("a.c"))),
    "FIELD_NOT_FOUND",
  );
});

test("column names with space / with dot", async () => {
  const df = spark.createDataFrame([[1, "a"]], "`name with space` INT NOT NULL, `name.with.dot` STRING");
  for (const sel of [
    df.col("name with space"),
    col("name with space"),
    "name with space",
    F.expr("`name with space`"),
  ]) {
    await checkAnswer(df.select(sel), [[1]]);
  }
  const da = df.alias("a");
  for (const sel of [
    da.col("`name.with.dot`"),
    col("`name.with.dot`"),
    "`name.with.dot`",
    F.expr("`name.with.dot`"),
    da.col("a.`name.with.dot`"),
    col("a.`name.with.dot`"),
    "a.`name.with.dot`",
    F.expr("a.`name.with.dot`"),
  ]) {
    await checkAnswer(da.select(sel), [["a"]]);
  }
});

test("alias and name", () => {
  const df = intList();
  assert.equal(df.select(df.col("a").name("b")).columns[0], "b");
});

test("isNaN", async () => {
  const df = spark.createDataFrame(
    [
      [Number.NaN, Number.NaN],
      [Math.log(-1), Math.fround(Math.log(-3))],
      [null, null],
      [Number.MAX_VALUE, -3.4028234663852886e38],
    ],
    "a DOUBLE, b FLOAT",
  );
  const want = [
    [true, true],
    [true, true],
    [false, false],
    [false, false],
  ];
  await checkAnswer(df.select(col("a").isNaN(), col("b").isNaN()), want);
  await checkAnswer(df.select(F.isnan(col("a")), F.isnan(col("b"))), want);
  // 'invalid' is implicitly cast to DOUBLE: under ANSI (Spark 4's default) that cast fails.
  await checkError(() => spark.sql("select isnan(15), isnan('invalid')").collect(), "CAST_INVALID_INPUT");
  spark.conf.set("spark.sql.ansi.enabled", false);
  try {
    await checkAnswer(spark.sql("select isnan(15), isnan('invalid')"), [[false, false]]);
  } finally {
    spark.conf.set("spark.sql.ansi.enabled", true);
  }
});

test("nanvl", async () => {
  const df = spark.createDataFrame(
    [[null, 3.0, Number.NaN, Number.POSITIVE_INFINITY, 1.0, 4]],
    "a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE, e FLOAT, f INT",
  );
  const want = [[null, 3.0, 10.0, null, Number.POSITIVE_INFINITY, 3.0, 1.0]];
  await checkAnswer(
    df.select(
      F.nanvl(col("a"), lit(5)),
      F.nanvl(col("b"), lit(10)),
      F.nanvl(lit(10), col("b")),
      F.nanvl(col("c"), lit(null).cast("double")),
      F.nanvl(col("d"), lit(10)),
      F.nanvl(col("b"), col("e")),
      F.nanvl(col("e"), col("f")),
    ),
    want,
  );
  df.createOrReplaceTempView("t");
  await checkAnswer(
    spark.sql(
      "select nanvl(a, 5), nanvl(b, 10), nanvl(10, b), nanvl(c, null), nanvl(d, 10), nanvl(b, e), nanvl(e, f) from t",
    ),
    want,
  );
});

test("<=> and =!= with nulls", async () => {
  const nullData2 = spark.createDataFrame([["abc"], [null], ["xyz"]], "a STRING");
  await checkAnswer(nullData2.filter(col("a").eqNullSafe(null)), [[null]]);
  const nullData = spark.createDataFrame(
    [
      [1, 1],
      [1, 2],
      [1, null],
      [null, null],
    ],
    "a INT, b INT",
  );
  await checkAnswer(nullData.filter(col("b").notEqual(1)), [[1, 2]]);
  await checkAnswer(nullData.filter(col("b").notEqual(null)), []);
  await checkAnswer(nullData.filter(col("a").notEqual(col("b"))), [[1, 2]]);
});

test("in with strings and mixed literal types", async () => {
  const rows: [number, string][] = [
    [1, "x"],
    [2, "y"],
    [3, "z"],
  ];
  const df = spark.createDataFrame(rows, "a INT NOT NULL, b STRING");
  const keep = (f: (r: [number, string]) => boolean) => rows.filter(f);
  await checkAnswer(
    df.filter(col("b").isin("y", "x")),
    keep((r) => r[1] === "y" || r[1] === "x"),
  );
  await checkAnswer(
    df.filter(col("b").isin("z", "x")),
    keep((r) => r[1] === "z" || r[1] === "x"),
  );
  await checkAnswer(
    df.filter(col("a").isin(lit(1).cast("smallint"), "2")),
    keep((r) => r[0] === 1 || r[0] === 2),
  );
  await checkAnswer(
    df.filter(col("a").isin("3", lit(2).cast("bigint"))),
    keep((r) => r[0] === 3 || r[0] === 2),
  );
  await checkAnswer(
    df.filter(col("a").isin(3, "1")),
    keep((r) => r[0] === 3 || r[0] === 1),
  );
});
