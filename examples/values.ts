// How Spark values look in TypeScript (docs/types-and-values.md): collect() returns plain objects,
// 64-bit integers stay exact, decimals are exact strings, timestamps keep their microseconds.
import { SparkSession, SparkTimestamp, TsparkError } from "tspark";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();

const df = spark.sql(`SELECT
  CAST(42 AS BIGINT) AS small_long,
  9007199254740993L AS big_long,
  CAST('12345678901234567890.123' AS DECIMAL(38, 3)) AS dec,
  TIMESTAMP'2024-05-01 12:30:45.123456' AS ts,
  DATE'2024-05-01' AS d,
  array(1, 2, NULL) AS arr,
  map('a', 1, 'b', 2) AS m,
  named_struct('x', 1, 'y', 'z') AS s,
  X'CAFE' AS bin`);
await df.show(20, false);
console.log(df.dtypes);

const row = (await df.collect())[0]!;
console.log(typeof row.small_long, row.small_long);
console.log(typeof row.big_long, row.big_long);
console.log(typeof row.dec, row.dec);
const ts = row.ts as SparkTimestamp;
console.log(ts instanceof Date, ts instanceof SparkTimestamp, ts.toISOString(), ts.micros);
console.log((row.d as Date).toISOString());
console.log(row.arr, row.m, row.s, row.bin);

// Input: a bigint for a long beyond 2^53, a string for an exact decimal.
const exact = spark.createDataFrame([[2n ** 62n, "0.10"]], "id BIGINT, price DECIMAL(10, 2)");
await exact.selectExpr("id + 1 AS next", "price * 3 AS total").show();

// An unsafe JavaScript number for a BIGINT column is refused instead of silently rounded.
try {
  spark.createDataFrame([[2 ** 53 + 2]], "id BIGINT");
} catch (e) {
  if (e instanceof TsparkError) console.log(e.errorClass);
}

// ANSI mode (Spark 4's default): overflow and bad casts are errors; try_* functions return NULL.
await spark.sql("SELECT try_add(9223372036854775807L, 1L) AS t, try_cast('x' AS INT) AS c").show();
spark.stop();
