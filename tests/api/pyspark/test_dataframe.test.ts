// Port of python/pyspark/sql/tests/test_dataframe.py (Spark 4): same inputs, same expected values.
//
// Skipped (and why):
// - test_table, test_with_columns_renamed (NOT_DICT), test_drop_duplicates (NOT_LIST_OR_TUPLE),
//   test_sample (NOT_BOOL_OR_FLOAT_OR_INT, TypeError), test_toDF_with_string (NOT_LIST_OF_STR),
//   test_colregex, test_where, test_same_semantics_error, test_df_show, test_column_iterator:
//   Python argument-type checks that TypeScript's types rule out at compile time.
// - test_help_command (pydoc, RDD), test_toDF_with_schema_string (RDD.toDF), test_input_files,
//   test_pandas_api (file I/O, pandas).
// - test_generic_hints, test_coalesce_hints_with_string_parameter, test_extended_hint_types
//   (physical plan strings of a cluster: BroadcastHashJoin, Coalesce, REBALANCE).
// - test_cache_dataframe, test_cache_table (storage levels; tspark does not cache).
// - test_repr_behaviors (Python __repr__/_repr_html_ and eager evaluation).
// - test_create_df_with_collation (collations are not implemented).
// - test_join_without_on / test_require_cross with spark.sql.crossJoin.enabled=false: only the
//   crossJoin-enabled halves are ported (Spark 4 defaults the option to true).
// - test_dataframe_error_context: covered by tests/api/error-context.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type DataFrame, SparkSession, TsparkError, functions as F, types as T } from "../../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const { col, lit, count, struct } = F;

/** Rows as arrays in column order (rows with duplicate names cannot be objects). */
async function rows(df: DataFrame): Promise<unknown[][]> {
  return (await df.collectInternal()).map((r) => df.columns.map((_, i) => r[i] ?? null));
}

/** ReusedSQLTestCase.df: key 0..99 and value str(key). */
const testDf = () =>
  spark.createDataFrame(Array.from({ length: 100 }, (_, i) => ({ key: i, value: String(i) })));

function assertAnalysisError(f: () => unknown): void {
  assert.throws(f, (e: unknown) => e instanceof TsparkError);
}

test("test_range", async () => {
  assert.equal(await spark.range(1, 1).count(), 0);
  assert.equal(await spark.range(1, 0, -1).count(), 1);
  assert.equal(await spark.range(0, 2 ** 40, 2 ** 39).count(), 2);
  assert.equal(await spark.range(-2).count(), 0);
  assert.equal(await spark.range(3).count(), 3);
});

test("test_dataframe_star", () => {
  const df1 = spark.createDataFrame([{ a: 1 }]);
  const df2 = spark.createDataFrame([{ a: 1, b: "v" }]);
  const df3 = df2.withColumnsRenamed({ a: "x", b: "y" });

  let df = df1.join(df2);
  assert.deepEqual(df.columns, ["a", "a", "b"]);
  assert.deepEqual(df.select(df1.col("*")).columns, ["a"]);
  assert.deepEqual(df.select(df2.col("*")).columns, ["a", "b"]);

  df = df1.join(df2).withColumn("c", lit(0));
  assert.deepEqual(df.columns, ["a", "a", "b", "c"]);
  assert.deepEqual(df.select(df1.col("*")).columns, ["a"]);
  assert.deepEqual(df.select(df2.col("*")).columns, ["a", "b"]);

  df = df1.join(df2, "a");
  assert.deepEqual(df.columns, ["a", "b"]);
  assert.deepEqual(df.select(df1.col("*")).columns, ["a"]);
  assert.deepEqual(df.select(df2.col("*")).columns, ["a", "b"]);

  df = df1.join(df2, "a").withColumn("c", lit(0));
  assert.deepEqual(df.columns, ["a", "b", "c"]);
  assert.deepEqual(df.select(df1.col("*")).columns, ["a"]);
  assert.deepEqual(df.select(df2.col("*")).columns, ["a", "b"]);

  df = df2.join(df3);
  assert.deepEqual(df.columns, ["a", "b", "x", "y"]);
  assert.deepEqual(df.select(df2.col("*")).columns, ["a", "b"]);
  assert.deepEqual(df.select(df3.col("*")).columns, ["x", "y"]);

  df = df2.join(df3).withColumn("c", lit(0));
  assert.deepEqual(df.columns, ["a", "b", "x", "y", "c"]);
  assert.deepEqual(df.select(df2.col("*")).columns, ["a", "b"]);
  assert.deepEqual(df.select(df3.col("*")).columns, ["x", "y"]);
});

test("test_count_star", () => {
  const df1 = spark.createDataFrame([{ a: 1 }]);
  const df2 = spark.createDataFrame([{ a: 1, b: "v" }]);
  const df3 = df2.select(struct("a", "b").alias("s"));
  for (const df of [df1, df2, df3]) {
    assert.deepEqual(df.select(count(df.col("*"))).columns, ["count(1)"]);
    assert.deepEqual(df.select(count(col("*"))).columns, ["count(1)"]);
  }
  assert.deepEqual(df3.select(count(col("s.*"))).columns, ["count(1)"]);
});

test("test_self_join", async () => {
  const df1 = spark.range(10).withColumn("a", lit(0));
  const df2 = df1.withColumnRenamed("a", "b");
  assert.equal(await df1.join(df2, df1.col("a").equalTo(df2.col("b"))).count(), 100);
  assert.equal(await df2.join(df1, df2.col("b").equalTo(df1.col("a"))).count(), 100);
});

test("test_duplicated_column_names", async () => {
  const df = spark.createDataFrame([[1, 2]], ["c", "c"]);
  assert.deepEqual(await rows(df.select("*").limit(1)), [[1, 2]]);
  assertAnalysisError(() => df.select(df.col("c")));
  assertAnalysisError(() => df.select(col("c")));
});

test("test_drop", () => {
  const df = spark.createDataFrame(
    [
      ["A", 50, "Y"],
      ["B", 60, "Y"],
    ],
    ["name", "age", "active"],
  );
  assert.deepEqual(df.drop("active").columns, ["name", "age"]);
  assert.deepEqual(df.drop("active", "nonexistent_column").columns, ["name", "age"]);
  assert.deepEqual(df.drop("name", "age", "active").columns, []);
  assert.deepEqual(df.drop(col("name")).columns, ["age", "active"]);
  assert.deepEqual(df.drop(col("name"), col("age")).columns, ["active"]);
  assert.deepEqual(df.drop(col("name"), col("age"), col("random")).columns, ["active"]);
});

test("test_drop_join", async () => {
  const left = spark.createDataFrame(
    [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ],
    ["join_key", "value1"],
  );
  const right = spark.createDataFrame(
    [
      [1, "aa"],
      [2, "bb"],
      [4, "dd"],
    ],
    ["join_key", "value2"],
  );
  const joined = left.join(right, left.col("join_key").equalTo(right.col("join_key")), "left");
  const d1 = joined.drop(left.col("join_key"));
  assert.deepEqual(d1.columns, ["value1", "join_key", "value2"]);
  assert.deepEqual(await d1.sort("value1").collect(), [
    { value1: "a", join_key: 1, value2: "aa" },
    { value1: "b", join_key: 2, value2: "bb" },
    { value1: "c", join_key: null, value2: null },
  ]);
  const d2 = joined.drop(right.col("join_key"));
  assert.deepEqual(d2.columns, ["join_key", "value1", "value2"]);
  assert.deepEqual(await d2.sort("value1").collect(), [
    { join_key: 1, value1: "a", value2: "aa" },
    { join_key: 2, value1: "b", value2: "bb" },
    { join_key: 3, value1: "c", value2: null },
  ]);
});

test("test_with_columns_renamed", () => {
  const df = spark.createDataFrame(
    [
      ["Alice", 50],
      ["Alice", 60],
    ],
    ["name", "age"],
  );
  assert.deepEqual(df.withColumnsRenamed({ name: "naam", age: "leeftijd" }).columns, ["naam", "leeftijd"]);
  assert.deepEqual(df.withColumnsRenamed({ name: "naam", address: "adres" }).columns, ["naam", "age"]);
});

test("test_with_columns_renamed_with_duplicated_names", () => {
  const df1 = spark.createDataFrame([[1, "v1"]], ["id", "value"]);
  const df2 = spark.createDataFrame([[1, "x", "v2"]], ["id", "a", "value"]);
  const join = df2.join(df1, ["id"], "left");
  for (const [from, to] of [
    ["id", "value"],
    ["a", "b"],
    ["value", "new_value"],
    ["x", "y"],
  ] as const) {
    assert.deepEqual(
      join.withColumnRenamed(from, to).columns,
      join.withColumnsRenamed({ [from]: to }).columns,
    );
  }
  assert.deepEqual(join.withColumnRenamed("value", "new_value").columns, [
    "id",
    "a",
    "new_value",
    "new_value",
  ]);
});

test("test_ordering_of_with_columns_renamed", () => {
  const df = spark.range(10);
  assert.deepEqual(df.withColumnsRenamed({ id: "a", a: "b" }).columns, ["b"]);
  assert.deepEqual(df.withColumnsRenamed({ a: "b", id: "a" }).columns, ["a"]);
});

test("test_drop_duplicates", async () => {
  const df = spark.createDataFrame(
    [
      ["Alice", 50],
      ["Alice", 60],
    ],
    ["name", "age"],
  );
  assert.equal(await df.dropDuplicates().count(), 2);
  assert.equal(await df.dropDuplicates(["name"]).count(), 1);
  assert.equal(await df.dropDuplicates(["name", "age"]).count(), 2);
});

test("test_drop_duplicates_with_ambiguous_reference", () => {
  const df1 = spark.createDataFrame(
    [
      [14, "Tom"],
      [23, "Alice"],
      [16, "Bob"],
    ],
    ["age", "name"],
  );
  const df2 = spark.createDataFrame([
    { height: 80, name: "Tom" },
    { height: 85, name: "Bob" },
  ]);
  const df3 = df1.join(df2, df1.col("name").equalTo(df2.col("name")), "inner");
  assert.deepEqual(df3.drop("name", "age").columns, ["height"]);
  assert.deepEqual(df3.drop("name", df3.col("age"), "unknown").columns, ["height"]);
  assert.deepEqual(df3.drop("name", "age", df3.col("height")).columns, []);
});

test("test_drop_empty_column", () => {
  const df = spark.createDataFrame(
    [
      [14, "Tom"],
      [23, "Alice"],
      [16, "Bob"],
    ],
    ["age", "name"],
  );
  assert.deepEqual(df.drop().columns, ["age", "name"]);
  assert.deepEqual(df.drop(...[]).columns, ["age", "name"]);
});

test("test_drop_column_name_with_dot", () => {
  const df = spark
    .range(1, 3)
    .withColumn("first.name", lit("Peter"))
    .withColumn("city.name", lit("raleigh"))
    .withColumn("state", lit("nc"));
  assert.deepEqual(df.drop("first.name").columns, ["id", "city.name", "state"]);
  assert.deepEqual(df.drop("city.name").columns, ["id", "first.name", "state"]);
  assert.deepEqual(df.drop("first.name", "city.name").columns, ["id", "state"]);
  assert.deepEqual(df.drop("first.name", "city.name", "unknown.unknown").columns, ["id", "state"]);
  assert.deepEqual(df.drop("unknown.unknown").columns, ["id", "first.name", "city.name", "state"]);
});

test("test_with_column_with_existing_name", async () => {
  const df = testDf();
  const keys = await df.withColumn("key", df.col("key")).select("key").collect();
  assert.deepEqual(
    keys.map((r) => r.key),
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test("test_with_columns", async () => {
  const df = testDf();
  const keys = await df
    .withColumns({ key: df.col("key") })
    .select("key")
    .collect();
  assert.deepEqual(
    keys.map((r) => r.key),
    Array.from({ length: 100 }, (_, i) => i),
  );
  const expected = Array.from({ length: 100 }, (_, i) => [i, String(i)]);
  const kvs = await df
    .withColumns({ key: df.col("key"), value: df.col("value") })
    .select("key", "value")
    .collect();
  assert.deepEqual(
    kvs.map((r) => [r.key, r.value]),
    expected,
  );
  const aliased = await df
    .withColumns({ key_alias: df.col("key"), value_alias: df.col("value") })
    .select("key_alias", "value_alias")
    .collect();
  assert.deepEqual(
    aliased.map((r) => [r.key_alias, r.value_alias]),
    expected,
  );
});

test("test_sample: a negative fraction is rejected", async () => {
  await assert.rejects(
    async () => spark.range(1).sample(-1.0).count(),
    (e: unknown) => e instanceof TsparkError,
  );
});

test("test_toDF_with_string", async () => {
  const df = spark.createDataFrame([
    ["John", 30],
    ["Alice", 25],
    ["Bob", 28],
  ]);
  const result = df.toDF("key", "value");
  assert.equal(result.schema.simpleString(), "struct<key:string,value:bigint>");
  assert.deepEqual(await rows(result), [
    ["John", 30],
    ["Alice", 25],
    ["Bob", 28],
  ]);
});

test("test_print_schema", () => {
  // PySpark infers the tuple (2, 2) as struct<_1: bigint, _2: bigint>; JS arrays infer as arrays.
  const df = spark.createDataFrame([[1, [2, 2]]], "a BIGINT, b STRUCT<_1: BIGINT, _2: BIGINT>");
  const countOf = (s: string, w: string) => s.split(w).length - 1;
  const one = df.schemaTreeString(1);
  assert.equal(countOf(one, "long"), 1);
  assert.equal(countOf(one, "_1"), 0);
  assert.equal(countOf(one, "_2"), 0);
  const two = df.schemaTreeString(2);
  assert.equal(countOf(two, "long"), 3);
  assert.equal(countOf(two, "_1"), 1);
  assert.equal(countOf(two, "_2"), 1);
});

test("test_join_without_on (crossJoin enabled)", async () => {
  const df1 = spark.range(1).toDF("a");
  const df2 = spark.range(1).toDF("b");
  assert.deepEqual(await df1.join(df2, undefined, "inner").collect(), [{ a: 0, b: 0 }]);
});

test("test_invalid_join_method", () => {
  const df1 = spark.createDataFrame(
    [
      ["Alice", 5],
      ["Bob", 8],
    ],
    ["name", "age"],
  );
  const df2 = spark.createDataFrame(
    [
      ["Alice", 80],
      ["Bob", 90],
    ],
    ["name", "height"],
  );
  assert.throws(
    () => df1.join(df2, undefined, "invalid-join-type"),
    (e: unknown) => e instanceof TsparkError,
  );
});

test("test_require_cross: crossJoin works", async () => {
  const df1 = spark.createDataFrame([[1, "1"]], ["key", "value"]);
  const df2 = spark.createDataFrame([[1, "1"]], ["key", "value"]);
  assert.equal(await df1.crossJoin(df2).count(), 1);
});

test("test_to", async () => {
  const schema = T.StructType([
    T.StructField("i", T.StringType(), true),
    T.StructField("j", T.IntegerType(), true),
  ]);
  const df = spark.createDataFrame([["a", 1]], schema);

  const schema1 = T.StructType([T.StructField("j", T.StringType()), T.StructField("i", T.StringType())]);
  const df1 = df.to(schema1);
  assert.equal(df1.schema.simpleString(), schema1.simpleString());
  assert.equal(await df1.count(), 1);

  const schema2 = T.StructType([T.StructField("j", T.LongType())]);
  const df2 = df.to(schema2);
  assert.equal(df2.schema.simpleString(), schema2.simpleString());
  assert.equal(await df2.count(), 1);

  const schema3 = T.StructType([T.StructField("struct", schema1, false)]);
  const df3 = df.select(struct("i", "j").alias("struct")).to(schema3);
  assert.equal(df3.schema.simpleString(), schema3.simpleString());
  assert.equal(df3.schema.fields[0]?.nullable, false);
  assert.equal(await df3.count(), 1);

  const schema4 = T.StructType([T.StructField("j", T.LongType(), false)]);
  assert.throws(() => df.to(schema4), /NULLABLE_COLUMN_OR_FIELD/);
  const schema5 = T.StructType([T.StructField("i", T.LongType())]);
  assert.throws(() => df.to(schema5), /INVALID_COLUMN_OR_FIELD_DATA_TYPE/);
});

test("test_duplicate_field_names", async () => {
  const schema = T.StructType()
    .add("struct", T.StructType().add("x", T.StringType()).add("x", T.IntegerType()))
    .add(
      "struct",
      T.StructType()
        .add("a", T.IntegerType())
        .add("x", T.IntegerType())
        .add("x", T.StringType())
        .add("y", T.IntegerType())
        .add("y", T.StringType())
        .add("x", T.StringType()),
    );
  const data = [
    [
      ["a", 1],
      [2, 3, "b", 4, "c", "d"],
    ],
    [
      ["w", 6],
      [7, 8, "x", 9, "y", "z"],
    ],
  ];
  const df = spark.createDataFrame(data, schema);
  assert.equal(df.schema.simpleString(), schema.simpleString());
  assert.deepEqual(await rows(df), data);
});
