// The memory sink keeps a query's output in a table named after the query, so plain SQL can look
// at it — handy in tests and notebooks (it holds everything in memory: small data only).
// The same running word count goes to two memory sinks: in Complete mode the table is replaced by
// the whole result after every batch; in Update mode each batch appends only the counts that
// changed, so the table keeps a history of updates. MemoryStream (tspark/testing, Spark's test
// source) lets the program add input rows by hand.
import { SparkSession } from "tspark";
import { MemoryStream } from "tspark/testing";

const spark = SparkSession.builder
  .appName("MemorySinkDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .config("spark.sql.shuffle.partitions", 2)
  .getOrCreate();

const words = new MemoryStream(spark, "word STRING");
const counts = words.toDF().groupBy("word").count();

const complete = await counts.writeStream
  .format("memory")
  .queryName("counts_complete")
  .outputMode("complete")
  .start();
const update = await counts.writeStream
  .format("memory")
  .queryName("counts_update")
  .outputMode("update")
  .start();

async function batch(...data: string[]): Promise<void> {
  words.addData(...data);
  // Wait until both queries have processed what was just added.
  await complete.processAllAvailable();
  await update.processAllAvailable();
}

await batch("spark", "stream", "spark");
await batch("stream", "sink");

console.log("Complete mode: the latest full result");
await spark.sql("SELECT word, count FROM counts_complete ORDER BY word").show();
console.log("Update mode: the rows each batch changed, appended");
await spark.sql("SELECT word, count FROM counts_update ORDER BY word, count").show();

await complete.stop();
await update.stop();
spark.stop();
