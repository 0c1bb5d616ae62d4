import assert from "node:assert/strict";
import { test } from "node:test";
import { ArrayType, BINARY, INT, LONG, STRING, StructField, StructType } from "../types/data-type.js";
import { escapeMetaCharacters, showString, stringHalfWidth } from "./show.js";

const people = new StructType([new StructField("age", LONG), new StructField("name", STRING)]);
const rows = [
  [14, "Tom"],
  [23, "Alice"],
  [16, "Bob"],
];

// Expected strings: pyspark.sql.DataFrame.show docstring (Spark 4).
test("show() default: right-aligned, full table", () => {
  assert.equal(
    showString(rows, people, 20, true),
    [
      "+---+-----+",
      "|age| name|",
      "+---+-----+",
      "| 14|  Tom|",
      "| 23|Alice|",
      "| 16|  Bob|",
      "+---+-----+",
      "",
    ].join("\n"),
  );
});

test("show(2): footer with plural rows", () => {
  assert.equal(
    showString(rows, people, 2, true),
    "+---+-----+\n|age| name|\n+---+-----+\n| 14|  Tom|\n| 23|Alice|\n+---+-----+\nonly showing top 2 rows\n",
  );
  assert.equal(
    showString(rows, people, 1, true),
    "+---+----+\n|age|name|\n+---+----+\n| 14| Tom|\n+---+----+\nonly showing top 1 row\n",
  );
});

test("show(truncate=3): no ellipsis under 4 characters", () => {
  assert.equal(
    showString(rows, people, 20, 3),
    "+---+----+\n|age|name|\n+---+----+\n| 14| Tom|\n| 23| Ali|\n| 16| Bob|\n+---+----+\n",
  );
});

test("show(truncate=false): left-aligned", () => {
  assert.equal(
    showString(rows, people, 20, false),
    "+---+-----+\n|age|name |\n+---+-----+\n|14 |Tom  |\n|23 |Alice|\n|16 |Bob  |\n+---+-----+\n",
  );
});

test("show(vertical=True)", () => {
  assert.equal(
    showString(rows, people, 20, true, true),
    [
      "-RECORD 0-----",
      " age  | 14    ",
      " name | Tom   ",
      "-RECORD 1-----",
      " age  | 23    ",
      " name | Alice ",
      "-RECORD 2-----",
      " age  | 16    ",
      " name | Bob   ",
      "",
    ].join("\n"),
  );
  assert.equal(showString([], people, 20, true, true), "(0 rows)\n");
});

test("truncation to 20 characters with ellipsis, nulls as NULL", () => {
  const s = new StructType([new StructField("value", STRING)]);
  const out = showString([["a".repeat(25)], [null]], s, 20, true);
  assert.equal(
    out,
    "+--------------------+\n|               value|\n+--------------------+\n|aaaaaaaaaaaaaaaaa...|\n|                NULL|\n+--------------------+\n",
  );
});

test("empty result keeps the header", () => {
  const s = new StructType([new StructField("a", INT)]);
  assert.equal(showString([], s, 20, true), "+---+\n|  a|\n+---+\n+---+\n");
});

test("binary as hex and arrays with NULL elements", () => {
  const s = new StructType([new StructField("b", BINARY), new StructField("arr", new ArrayType(INT))]);
  const out = showString([[new Uint8Array([1, 2, 255]), [1, null]]], s, 20, false);
  assert.equal(
    out,
    "+----------+---------+\n|b         |arr      |\n+----------+---------+\n|[01 02 FF]|[1, NULL]|\n+----------+---------+\n",
  );
});

// DataFrameSuite "SPARK-25108 Fix the show method to display the full width character alignment".
test("full-width characters count as two", () => {
  assert.equal(stringHalfWidth("数据"), 4);
  const s = new StructType([new StructField("_1", STRING), new StructField("_2", INT)]);
  const out = showString(
    [
      ["abc", 1],
      ["数据砖头", 2],
    ],
    s,
    20,
    true,
  );
  assert.equal(
    out,
    "+--------+---+\n|      _1| _2|\n+--------+---+\n|     abc|  1|\n|数据砖头|  2|\n+--------+---+\n",
  );
});

test("meta characters are escaped", () => {
  assert.equal(escapeMetaCharacters("a\nb\tc"), "a\\nb\\tc");
});

// DataFrameSuite "showString: truncate = [0, 20]" and "showString(0)".
test("DataFrameSuite truncate = [0, 20]", () => {
  const long = "1".repeat(21);
  const s = new StructType([new StructField("value", STRING)]);
  assert.equal(
    showString([["1"], [long]], s, 20, 0),
    "+---------------------+\n|value                |\n+---------------------+\n|1                    |\n|111111111111111111111|\n+---------------------+\n",
  );
  assert.equal(
    showString([["1"], [long]], s, 20, 20),
    "+--------------------+\n|               value|\n+--------------------+\n|                   1|\n|11111111111111111...|\n+--------------------+\n",
  );
});

test("DataFrameSuite showString(0)", () => {
  const s = new StructType([new StructField("key", INT), new StructField("value", STRING)]);
  assert.equal(
    showString([[1, "1"]], s, 0, true),
    "+---+-----+\n|key|value|\n+---+-----+\n+---+-----+\nonly showing top 0 rows\n",
  );
  assert.equal(showString([[1, "1"]], s, 0, true, true), "(0 rows)\n");
});
