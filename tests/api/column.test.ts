// Column methods, with values (and, where the docstring prints them, show() headers) from the
// examples in python/pyspark/sql/column.py (Spark 4).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { col, lit } from "../../src/api/functions/index.js";
import type { DataFrame } from "../../src/api/data-frame.js";
import { SparkSession } from "../../src/api/spark-session.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const df = () =>
  spark.createDataFrame(
    [
      [2, "Alice"],
      [5, "Bob"],
    ],
    ["age", "name"],
  );

async function values(d: DataFrame): Promise<unknown[][]> {
  const names = d.columns;
  return (await d.collectInternal()).map((r) => names.map((_, i) => r[i] ?? null));
}
async function names(d: DataFrame): Promise<unknown[]> {
  return (await d.collect()).map((r) => r.name);
}

test("between shows its expanded name (column.py between)", async () => {
  const d = df();
  assert.equal(
    await d.select(d.col("name"), d.col("age").between(2, 4)).showString(),
    [
      "+-----+---------------------------+",
      "| name|((age >= 2) AND (age <= 4))|",
      "+-----+---------------------------+",
      "|Alice|                       true|",
      "|  Bob|                      false|",
      "+-----+---------------------------+",
      "",
    ].join("\n"),
  );
});

test("string predicates: contains, startswith, endswith, like, rlike, ilike", async () => {
  const d = df();
  assert.deepEqual(await names(d.filter(d.col("name").contains("o"))), ["Bob"]);
  assert.deepEqual(await names(d.filter(d.col("name").startswith("Al"))), ["Alice"]);
  assert.deepEqual(await names(d.filter(d.col("name").startswith("^Al"))), []);
  assert.deepEqual(await names(d.filter(d.col("name").endswith("ice"))), ["Alice"]);
  assert.deepEqual(await names(d.filter(d.col("name").endswith("ice$"))), []);
  assert.deepEqual(await names(d.filter(d.col("name").like("Al%"))), ["Alice"]);
  assert.deepEqual(await names(d.filter(d.col("name").rlike("ice$"))), ["Alice"]);
  assert.deepEqual(await names(d.filter(d.col("name").ilike("%Ice"))), ["Alice"]);
});

test("substr and isin", async () => {
  const d = df();
  assert.deepEqual(await d.select(d.col("name").substr(1, 3).alias("col")).collect(), [
    { col: "Ali" },
    { col: "Bob" },
  ]);
  assert.deepEqual(await names(d.filter(d.col("name").isin("Bob", "Mike"))), ["Bob"]);
  assert.deepEqual(await names(d.filter(d.col("age").isin([1, 2, 3]))), ["Alice"]);
});

test("eqNullSafe against == (column.py eqNullSafe)", async () => {
  const d = spark.createDataFrame(
    [
      [1, "foo"],
      [2, null],
    ],
    "id BIGINT, value STRING",
  );
  assert.equal(
    await d
      .select(
        d.col("value").equalTo("foo"),
        d.col("value").eqNullSafe("foo"),
        d.col("value").eqNullSafe(null),
      )
      .showString(),
    [
      "+-------------+---------------+----------------+",
      "|(value = foo)|(value <=> foo)|(value <=> NULL)|",
      "+-------------+---------------+----------------+",
      "|         true|           true|           false|",
      "|         NULL|          false|            true|",
      "+-------------+---------------+----------------+",
      "",
    ].join("\n"),
  );
});

test("isNull / isNotNull filters", async () => {
  const d = spark.createDataFrame(
    [
      ["Tom", 80],
      ["Alice", null],
    ],
    "name STRING, height BIGINT",
  );
  assert.deepEqual(await names(d.filter(d.col("height").isNull())), ["Alice"]);
  assert.deepEqual(await names(d.filter(d.col("height").isNotNull())), ["Tom"]);
});

test("when / otherwise chains (column.py when)", async () => {
  const d = df();
  const c = F.when(d.col("age").gt(4), 1).when(d.col("age").lt(3), -1).otherwise(0);
  assert.equal(
    await d.select(d.col("name"), c).showString(),
    [
      "+-----+------------------------------------------------------------+",
      "| name|CASE WHEN (age > 4) THEN 1 WHEN (age < 3) THEN -1 ELSE 0 END|",
      "+-----+------------------------------------------------------------+",
      "|Alice|                                                          -1|",
      "|  Bob|                                                           1|",
      "+-----+------------------------------------------------------------+",
      "",
    ].join("\n"),
  );
  // without otherwise, unmatched rows are NULL
  assert.deepEqual(await values(d.select(F.when(d.col("age").gt(4), 1))), [[null], [1]]);
  assert.throws(() => c.otherwise(5));
});

test("getItem on arrays and maps (column.py getItem)", async () => {
  const d = spark.createDataFrame(
    [[[1, 2], new Map([["key", "value"]])]],
    "l ARRAY<BIGINT>, d MAP<STRING, STRING>",
  );
  assert.equal(
    await d.select(d.col("l").getItem(0), d.col("d").getItem("key")).showString(),
    "+----+------+\n|l[0]|d[key]|\n+----+------+\n|   1| value|\n+----+------+\n",
  );
  // a missing map key is NULL
  assert.deepEqual(await values(d.select(d.col("d").getItem("nope"))), [[null]]);
});

test("bitwise operators (column.py bitwiseAND/OR/XOR)", async () => {
  const d = spark.createDataFrame([[170, 75]], ["a", "b"]);
  const r = await d
    .select(
      d.col("a").bitwiseAND(d.col("b")),
      d.col("a").bitwiseOR(d.col("b")),
      d.col("a").bitwiseXOR(d.col("b")),
    )
    .collect();
  assert.deepEqual(r, [{ "(a & b)": 10, "(a | b)": 235, "(a ^ b)": 225 }]);
});

test("cast / astype / try_cast", async () => {
  const d = df();
  assert.deepEqual(await d.select(d.col("age").cast("string").alias("ages")).collect(), [
    { ages: "2" },
    { ages: "5" },
  ]);
  assert.deepEqual(await d.select(d.col("age").astype("double").alias("a")).collect(), [{ a: 2 }, { a: 5 }]);
  assert.deepEqual(d.select(d.col("age").astype("double").alias("a")).dtypes, [["a", "double"]]);
  assert.deepEqual(await d.select(d.col("name").try_cast("int").alias("n")).collect(), [
    { n: null },
    { n: null },
  ]);
});

// Column.withField / dropFields (column.py examples: {2, 3, {4, 5, 6}} after dropFields("b")) are not
// covered: tspark builds calls to `with_field` / `drop_fields`, which no function family registers
// (UNRESOLVED_ROUTINE) — see the report.

test("null ordering methods (column.py asc_nulls_first … desc_nulls_last)", async () => {
  const d = spark.createDataFrame(
    [
      ["Tom", 80],
      [null, 60],
      ["Alice", null],
    ],
    "name STRING, height BIGINT",
  );
  const order = async (c: ReturnType<typeof col>) => names(d.select(d.col("name")).orderBy(c));
  assert.deepEqual(await order(d.col("name").asc_nulls_first()), [null, "Alice", "Tom"]);
  assert.deepEqual(await order(d.col("name").asc_nulls_last()), ["Alice", "Tom", null]);
  assert.deepEqual(await order(d.col("name").desc_nulls_first()), [null, "Tom", "Alice"]);
  assert.deepEqual(await order(d.col("name").desc_nulls_last()), ["Tom", "Alice", null]);
});

test("arithmetic result types: / is double, % and - keep integral types", async () => {
  const d = df();
  const out = d.select(
    d.col("age").divide(2).alias("h"),
    d.col("age").mod(2).alias("m"),
    d.col("age").negate().alias("n"),
    d.col("age").multiply(d.col("age")).alias("sq"),
  );
  assert.deepEqual(out.dtypes, [
    ["h", "double"],
    ["m", "bigint"],
    ["n", "bigint"],
    ["sq", "bigint"],
  ]);
  assert.deepEqual(await values(out), [
    [1, 0, -2, 4],
    [2.5, 1, -5, 25],
  ]);
});

test("boolean operators follow SQL three-valued logic", async () => {
  const d = spark.createDataFrame([[true], [false], [null]], "b BOOLEAN");
  const out = d.select(
    col("b").and(lit(null).cast("boolean")),
    col("b").or(lit(null).cast("boolean")),
    col("b").not(),
  );
  assert.deepEqual(await values(out), [
    [null, true, false],
    [false, null, true],
    [null, null, null],
  ]);
});
