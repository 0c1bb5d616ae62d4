// PySpark's "Quickstart: DataFrame" (python/docs/source/getting_started/quickstart_df.ipynb) ported
// to tspark. Each step prints what the PySpark notebook prints; tests/docs/examples.test.ts checks
// the output. Steps that need pandas, CSV/Parquet/ORC files or describe() are left out.
import { SparkSession, functions as F, types as T } from "../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();

// DataFrame creation with an explicit schema (Python tuples become arrays; Python's date/datetime
// become JavaScript Dates, read in the session time zone).
let df = spark.createDataFrame(
  [
    [1, 2.0, "string1", new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2000, 0, 1, 12, 0))],
    [2, 3.0, "string2", new Date(Date.UTC(2000, 1, 1)), new Date(Date.UTC(2000, 0, 2, 12, 0))],
    [3, 4.0, "string3", new Date(Date.UTC(2000, 2, 1)), new Date(Date.UTC(2000, 0, 3, 12, 0))],
  ],
  "a long, b double, c string, d date, e timestamp",
);
await df.show();
df.printSchema();

// Viewing data.
await df.show(1);
await df.show(1, true, true); // show(1, vertical=True): keyword arguments are positional here
console.log(df.columns);

// Selecting and accessing data: `df.c` / `df["c"]` become `df.col("c")`.
await df.select(df.col("c")).show();
await df.withColumn("upper_c", F.upper(df.col("c"))).show();
await df.filter(df.col("a").equalTo(1)).show();

// Grouping data. Spark does not define the order of groups; tspark's example sorts them.
df = spark.createDataFrame(
  [
    ["red", "banana", 1, 10],
    ["blue", "banana", 2, 20],
    ["red", "carrot", 3, 30],
    ["blue", "grape", 4, 40],
    ["red", "carrot", 5, 50],
    ["black", "carrot", 6, 60],
    ["red", "banana", 7, 70],
    ["red", "grape", 8, 80],
  ],
  ["color", "fruit", "v1", "v2"],
);
await df.show();
await df.groupby("color").avg().orderBy("color").show();

// Working with SQL.
df.createOrReplaceTempView("tableA");
await spark.sql("SELECT count(*) from tableA").show();

// A TypeScript function registered as a UDF (PySpark uses a pandas_udf here).
spark.udf.register("add_one", (v: unknown) => (v as number) + 1, T.IntegerType());
await spark.sql("SELECT add_one(v1) FROM tableA").show();
await df.selectExpr("add_one(v1)").show();
await df.select(F.expr("count(*)").gt(0)).show();

spark.stop();
