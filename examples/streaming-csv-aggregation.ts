// A running aggregation over CSV files: every new file updates the count and average per city,
// and the console sink prints the whole result table after each micro-batch (Complete mode).
// Sorting a stream is allowed only after an aggregation in Complete mode, which keeps the printed
// order stable. maxFilesPerTrigger 1 turns each file into one batch; Trigger.AvailableNow stops
// the query once both files are done.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession, functions as F } from "tspark";

const spark = SparkSession.builder
  .appName("CsvAggregation")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .config("spark.sql.shuffle.partitions", 2)
  .getOrCreate();
const dir = mkdtempSync(join(tmpdir(), "tspark-csv-agg-"));
const input = join(dir, "orders");
mkdirSync(input);

// Oldest file first: fixed modification times make the batch order certain.
const files: readonly [string, string][] = [
  ["orders-1.csv", "city,amount\nOslo,10\nLima,4\nOslo,25\n"],
  ["orders-2.csv", "city,amount\nLima,7\nRome,3\n"],
];
files.forEach(([name, text], i) => {
  writeFileSync(join(input, name), text);
  const t = new Date(Date.UTC(2024, 0, 1, 12, i));
  utimesSync(join(input, name), t, t);
});

const orders = spark.readStream
  .schema("city STRING, amount INT")
  .option("header", true)
  .option("maxFilesPerTrigger", 1)
  .csv(input);

const perCity = orders
  .groupBy("city")
  .agg(F.count("*").alias("orders"), F.avg("amount").alias("avg_amount"))
  .orderBy("city");

const query = await perCity.writeStream
  .outputMode("complete")
  .format("console")
  .option("checkpointLocation", join(dir, "checkpoint"))
  .trigger({ availableNow: true })
  .start();
await query.awaitTermination();

// The aggregation keeps one state row per city.
console.log(`cities in state: ${query.lastProgress?.stateOperators[0]?.numRowsTotal}`);
rmSync(dir, { recursive: true, force: true });
spark.stop();
