// Test data of Spark's SQLTestData trait (sql/core/src/test/scala/org/apache/spark/sql/test/
// SQLTestData.scala), rebuilt as tspark DataFrames, plus a checkAnswer that compares result rows as
// multisets, as Spark's QueryTest.checkAnswer does for unordered plans.
import assert from "node:assert/strict";
import type { DataFrame } from "../../../src/api/data-frame.js";
import { SparkSession } from "../../../src/api/spark-session.js";
import { toExternal } from "../../../src/data/external.js";
import { TsparkError } from "../../../src/common/errors.js";

/** One session for the Scala-suite ports (UTC, Spark 4 defaults). */
export const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

/** Result rows as positional arrays of external values (duplicate column names kept apart). */
export async function rowsOf(df: DataFrame): Promise<unknown[][]> {
  const fields = df.schema.fields;
  return (await df.collectInternal()).map((r) => fields.map((f, i) => toExternal(r[i] ?? null, f.dataType)));
}

function key(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === "bigint") return `${x}n`;
    if (typeof x === "number") {
      if (Number.isNaN(x)) return "NaN";
      if (!Number.isFinite(x)) return String(x);
      return Object.is(x, -0) ? 0 : x;
    }
    if (x instanceof Map) return { map: [...x.entries()] };
    if (x instanceof Uint8Array) return { bin: [...x] };
    return x;
  });
}

function normalize(rows: readonly (readonly unknown[])[]): string[] {
  // Spark's checkAnswer compares numbers of every integral width as equal when the values are;
  // a bigint within the safe range and the same number compare equal here too.
  return rows.map((r) =>
    key(r.map((v) => (typeof v === "bigint" && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v))),
  );
}

/** Spark's checkAnswer: the same rows, order ignored unless `ordered`. */
export async function checkAnswer(
  df: DataFrame,
  expected: readonly (readonly unknown[])[],
  ordered = false,
): Promise<void> {
  const actual = normalize(await rowsOf(df));
  const want = normalize(expected);
  if (ordered) assert.deepEqual(actual, want);
  else assert.deepEqual([...actual].sort(), [...want].sort());
}

/** Asserts that `f` throws (or rejects with) a TsparkError of the given Spark error class (any class for null). */
export async function checkError(f: () => unknown, errorClass: string | null): Promise<void> {
  try {
    await f();
  } catch (e) {
    assert.ok(e instanceof TsparkError, `expected TsparkError ${errorClass}, got ${String(e)}`);
    if (errorClass !== null) assert.equal(e.errorClass, errorClass, (e as Error).message);
    return;
  }
  assert.fail(`expected ${errorClass}, nothing was thrown`);
}

/** testData: (key INT, value STRING) for 1..100. */
export const testData = (): DataFrame =>
  spark.createDataFrame(
    Array.from({ length: 100 }, (_, i) => [i + 1, String(i + 1)]),
    "key INT NOT NULL, value STRING",
  );

/** testData2: (a, b) over {1,2,3} × {1,2}. */
export const testData2 = (): DataFrame =>
  spark.createDataFrame(
    [
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
    ],
    "a INT NOT NULL, b INT NOT NULL",
  );

/** testData3: (a INT, b INT nullable). */
export const testData3 = (): DataFrame =>
  spark.createDataFrame(
    [
      [1, null],
      [2, 2],
    ],
    "a INT NOT NULL, b INT",
  );

/** decimalData: (a, b) as decimal(38,18), the same pairs as testData2. */
export const decimalData = (): DataFrame =>
  spark
    .createDataFrame(
      [
        ["1", "1"],
        ["1", "2"],
        ["2", "1"],
        ["2", "2"],
        ["3", "1"],
        ["3", "2"],
      ],
      "a STRING, b STRING",
    )
    .selectExpr("CAST(a AS DECIMAL(38,18)) AS a", "CAST(b AS DECIMAL(38,18)) AS b");

/** upperCaseData: (N, L). */
export const upperCaseData = (): DataFrame =>
  spark.createDataFrame(
    ["A", "B", "C", "D", "E", "F"].map((l, i) => [i + 1, l]),
    "N INT NOT NULL, L STRING",
  );

/** lowerCaseData: (n, l). */
export const lowerCaseData = (): DataFrame =>
  spark.createDataFrame(
    ["a", "b", "c", "d"].map((l, i) => [i + 1, l]),
    "n INT NOT NULL, l STRING",
  );

/** nullInts: a = 1, 2, 3, NULL. */
export const nullInts = (): DataFrame => spark.createDataFrame([[1], [2], [3], [null]], "a INT");

/** allNulls: four NULL ints. */
export const allNulls = (): DataFrame => spark.createDataFrame([[null], [null], [null], [null]], "a INT");

/** nullStrings: (n, s) with one NULL s. */
export const nullStrings = (): DataFrame =>
  spark.createDataFrame(
    [
      [1, "abc"],
      [2, "ABC"],
      [3, null],
    ],
    "n INT NOT NULL, s STRING",
  );

/** person: (id, name, age). */
export const person = (): DataFrame =>
  spark.createDataFrame(
    [
      [0, "mike", 30],
      [1, "jim", 20],
    ],
    "id INT NOT NULL, name STRING, age INT NOT NULL",
  );

/** salary: (personId, salary). */
export const salary = (): DataFrame =>
  spark.createDataFrame(
    [
      [0, 2000.0],
      [1, 1000.0],
    ],
    "personId INT NOT NULL, salary DOUBLE NOT NULL",
  );

/** courseSales: (course, year, earnings). */
export const courseSales = (): DataFrame =>
  spark.createDataFrame(
    [
      ["dotNET", 2012, 10000.0],
      ["Java", 2012, 20000.0],
      ["dotNET", 2012, 5000.0],
      ["dotNET", 2013, 48000.0],
      ["Java", 2013, 30000.0],
    ],
    "course STRING, year INT NOT NULL, earnings DOUBLE NOT NULL",
  );

/** complexData: (m map<string,int>, s struct<key,value>, a array<int>, b boolean). */
export const complexData = (): DataFrame =>
  spark.createDataFrame(
    [
      [new Map([["1", 1]]), { key: 1, value: "1" }, [1, 1, 1], true],
      [new Map([["2", 2]]), { key: 2, value: "2" }, [2, 2, 2], false],
    ],
    "m MAP<STRING, INT>, s STRUCT<key: INT NOT NULL, value: STRING>, a ARRAY<INT>, b BOOLEAN NOT NULL",
  );

/** arrayData: (data array<int>, nestedData array<array<int>>). */
export const arrayData = (): DataFrame =>
  spark.createDataFrame(
    [
      [[1, 2, 3], [[1, 2, 3]]],
      [[2, 3, 4], [[2, 3, 4]]],
    ],
    "data ARRAY<INT>, nestedData ARRAY<ARRAY<INT>>",
  );

/** mapData: data map<int,string>. */
export const mapData = (): DataFrame =>
  spark.createDataFrame(
    [
      [
        new Map([
          [1, "a1"],
          [2, "b1"],
          [3, "c1"],
          [4, "d1"],
          [5, "e1"],
        ]),
      ],
      [
        new Map([
          [1, "a2"],
          [2, "b2"],
          [3, "c2"],
          [4, "d2"],
        ]),
      ],
      [
        new Map([
          [1, "a3"],
          [2, "b3"],
          [3, "c3"],
        ]),
      ],
      [
        new Map([
          [1, "a4"],
          [2, "b4"],
        ]),
      ],
      [new Map([[1, "a5"]])],
    ],
    "data MAP<INT, STRING>",
  );
