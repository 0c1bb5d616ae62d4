// The noop sink runs the whole query and throws the rows away — a way to measure a query, or to
// look at its progress reports, without writing anywhere. A progress report (lastProgress) is the
// JSON Spark logs after every trigger; PySpark hands it over as a dict. Only the fields that do not
// depend on the clock are printed here (no timestamps, durations or rates).
import { SparkSession } from "tspark";
import { col } from "tspark/functions";

const spark = SparkSession.builder
  .appName("NoopProgressDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();

const multiplesOfThree = spark.readStream
  .format("rate-micro-batch")
  .option("rowsPerBatch", 10)
  .option("numPartitions", 2)
  .load()
  .where(col("value").mod(3).equalTo(0));

const query = await multiplesOfThree.writeStream
  .format("noop")
  .queryName("multiples_of_three")
  .trigger({ availableNow: true })
  .start();
await query.awaitTermination();

// As in PySpark: progress = query.lastProgress (a dict parsed from the report's JSON).
const progress = JSON.parse(query.lastProgress?.prettyJson ?? "null");
const source = progress.sources[0];
console.log(`progress reports: ${query.recentProgress.length}`);
console.log(`name: ${progress.name}`);
console.log(`batchId: ${progress.batchId}`);
console.log(`numInputRows: ${progress.numInputRows}`);
console.log(`stateOperators: ${JSON.stringify(progress.stateOperators)}`);
console.log(`source: ${source.description}`);
console.log(`  startOffset: ${JSON.stringify(source.startOffset)}`);
console.log(`  endOffset: ${JSON.stringify(source.endOffset)}`);
console.log(`  numInputRows: ${source.numInputRows}`);
// Spark describes this sink by its object string, with a hash code that changes from run to run
// (org.apache.spark.sql.execution.datasources.noop.NoopTable$@…): keep only the class name.
const sinkClass = String(progress.sink.description).split(".").pop()?.split(/[$@]/)[0];
console.log(`sink: ${sinkClass}`);
console.log(`  numOutputRows: ${progress.sink.numOutputRows}`);
spark.stop();
