// Reading and writing files, after Spark's "Generic Load/Save Functions" and CSV / Parquet / JSON
// data source pages: a CSV with a header and schema inference (Spark's people.csv), written as
// Parquet partitioned by a column, read back with partition discovery, a JSON round trip, and SQL
// run directly on files. Everything happens in a temporary directory.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession, functions as F } from "tspark";

const spark = SparkSession.builder.appName("Files").config("spark.sql.session.timeZone", "UTC").getOrCreate();
const dir = mkdtempSync(join(tmpdir(), "tspark-files-"));
try {
  writeFileSync(join(dir, "people.csv"), "name;age;job\nJorge;30;Developer\nBob;32;Developer\n");

  // PySpark: spark.read.csv(path, sep=";", header=True, inferSchema=True)
  const people = spark.read.csv(join(dir, "people.csv"), { sep: ";", header: true, inferSchema: true });
  people.printSchema();
  await people.show();

  // PySpark: people.write.partitionBy("job").parquet(path)
  const parquetPath = join(dir, "people.parquet");
  await people.write.partitionBy("job").parquet(parquetPath);
  console.log(readdirSync(parquetPath).sort());

  const back = spark.read.parquet(parquetPath);
  back.printSchema();
  await back.where("age > 30").show();

  // PySpark: people.select("name", (people.age + 1).alias("next")).write.json(path)
  const jsonPath = join(dir, "people.json");
  await people.select("name", F.col("age").plus(1).alias("next")).write.json(jsonPath);
  await spark.read.json(jsonPath).orderBy("name").show();

  await spark
    .sql(`SELECT job, count(*) AS n, avg(age) AS avg_age FROM parquet.\`${parquetPath}\` GROUP BY job`)
    .show();
} finally {
  rmSync(dir, { recursive: true, force: true });
  spark.stop();
}
