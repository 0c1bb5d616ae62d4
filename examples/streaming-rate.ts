// The rate-micro-batch source into the console sink, run twice on one checkpoint: the second run
// resumes where the first stopped (batch 1, values 4..7) instead of starting over. Each run uses
// Trigger.AvailableNow, so it processes what is available and stops by itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession } from "tspark";
import { col } from "tspark/functions";

const spark = SparkSession.builder
  .appName("RateDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();
const checkpoint = mkdtempSync(join(tmpdir(), "tspark-rate-"));

const numbers = spark.readStream
  .format("rate-micro-batch")
  .option("rowsPerBatch", 4)
  .option("numPartitions", 1)
  .load()
  .select(col("timestamp"), col("value"), col("value").mod(2).equalTo(0).alias("even"));

for (let run = 1; run <= 2; run++) {
  const query = await numbers.writeStream
    .format("console")
    .option("checkpointLocation", checkpoint)
    .trigger({ availableNow: true })
    .start();
  await query.awaitTermination();
  console.log(
    `run ${run}: last batch ${query.lastProgress?.batchId}, rows ${query.lastProgress?.numInputRows}`,
  );
}
rmSync(checkpoint, { recursive: true, force: true });
spark.stop();
