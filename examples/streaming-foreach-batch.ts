// foreachBatch hands every micro-batch to a function as an ordinary (batch) DataFrame with its
// batch id, so anything the batch API can do — here df.write.json into one directory per batch —
// works as a streaming sink. Text log files are the input; maxFilesPerTrigger 1 makes each file
// one batch, and Trigger.AvailableNow stops the query when both are done. Reading the output
// directory afterwards discovers the batch_id=N folders as a column.
//
// Replay: if the query stops after the function ran but before the batch was recorded as
// committed in the checkpoint, a restart calls the function again with the same batch id and the
// same rows. Writing to a folder named after the batch id in "overwrite" mode makes the replay
// harmless (the sink is idempotent); appending would duplicate the batch.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DataFrame, SparkSession } from "tspark";

const spark = SparkSession.builder
  .appName("ForeachBatchDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();
const dir = mkdtempSync(join(tmpdir(), "tspark-foreach-batch-"));
const input = join(dir, "logs");
const output = join(dir, "out");
mkdirSync(input);

// Oldest file first: fixed modification times make the batch order certain.
const logs: readonly [string, string][] = [
  ["app-1.log", "INFO start\nWARN disk 91%\nINFO ready\n"],
  ["app-2.log", "ERROR disk full\nINFO retry\n"],
];
logs.forEach(([name, text], i) => {
  writeFileSync(join(input, name), text);
  const t = new Date(Date.UTC(2024, 0, 1, 12, i));
  utimesSync(join(input, name), t, t);
});

const lines = spark.readStream
  .option("maxFilesPerTrigger", 1)
  .text(input)
  .selectExpr("split(value, ' ', 2)[0] AS level", "split(value, ' ', 2)[1] AS message");

async function writeBatch(batch: DataFrame, batchId: number): Promise<void> {
  console.log(`batch ${batchId}: ${await batch.count()} lines`);
  await batch.write.mode("overwrite").json(join(output, `batch_id=${batchId}`));
}

const query = await lines.writeStream
  .foreachBatch(writeBatch)
  .option("checkpointLocation", join(dir, "checkpoint"))
  .trigger({ availableNow: true })
  .start();
await query.awaitTermination();

await spark.read.json(output).orderBy("batch_id", "level", "message").show();

rmSync(dir, { recursive: true, force: true });
spark.stop();
