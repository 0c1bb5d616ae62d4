// The `rate` source generates rows (timestamp, value) in real time: rowsPerSecond values per
// second of wall time, numbered 0, 1, 2, … and spread evenly over each second. It is meant for
// load tests and demos. The query runs into a memory sink until at least ten rows have arrived
// (about two seconds), then stops; only what does not depend on when the program ran is printed:
// the values and the gaps between their timestamps (1000 ms / 5 rows = 200 ms).
import { SparkSession } from "tspark";

const spark = SparkSession.builder
  .appName("RateSourceDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();

const ticks = spark.readStream.format("rate").option("rowsPerSecond", 5).load();
console.log(`isStreaming: ${ticks.isStreaming}`);
ticks.printSchema();

const query = await ticks.writeStream.format("memory").queryName("ticks").start();
const deadline = performance.now() + 60_000;
while ((await spark.table("ticks").count()) < 10 && performance.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await query.stop();
console.log(`source: ${query.lastProgress?.sources[0]?.description}`);

await spark
  .sql(`
    SELECT value,
           unix_millis(timestamp) - unix_millis(lag(timestamp) OVER (ORDER BY value)) AS gap_ms
    FROM ticks
    WHERE value < 10
    ORDER BY value`)
  .show();
spark.stop();
