// foreach with a writer object: for every partition of every micro-batch the sink calls
// open(partitionId, epochId), then process(row) for each row, then close(error). The epoch id is
// the batch id; open may return false to skip a partition of an epoch that was already written
// (after a failure a batch is replayed with the same id), which is how a foreach writer avoids
// duplicates. In Spark each task gets its own copy of the writer; here one object serves the
// partitions one after another.
//
// The rate-micro-batch source deals values round-robin over numPartitions (partition p gets
// start+p, start+p+2, …). The query runs twice on one checkpoint with Trigger.AvailableNow, one
// batch per run, so the second run is epoch 1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession } from "tspark";
import { col } from "tspark/functions";

const spark = SparkSession.builder
  .appName("ForeachDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();
const checkpoint = mkdtempSync(join(tmpdir(), "tspark-foreach-"));

const squares = spark.readStream
  .format("rate-micro-batch")
  .option("rowsPerBatch", 5)
  .option("numPartitions", 2)
  .load()
  .select(col("value"), col("value").multiply(col("value")).alias("square"));

/** Collects a partition's rows and prints them when the partition is closed. */
class PrintingWriter {
  private partition = -1;
  private epoch = -1;
  private rows: string[] = [];

  open(partitionId: number, epochId: number): boolean {
    this.partition = partitionId;
    this.epoch = epochId;
    this.rows = [];
    return true; // false would skip this partition's rows
  }

  process(row: Record<string, unknown>): void {
    this.rows.push(`${row.value}²=${row.square}`);
  }

  close(error: unknown): void {
    const outcome = error === null ? "ok" : `failed: ${error}`;
    console.log(`epoch ${this.epoch}, partition ${this.partition}: ${this.rows.join(" ")} (${outcome})`);
  }
}

for (let run = 1; run <= 2; run++) {
  const query = await squares.writeStream
    .foreach(new PrintingWriter())
    .option("checkpointLocation", checkpoint)
    .trigger({ availableNow: true })
    .start();
  await query.awaitTermination();
}
rmSync(checkpoint, { recursive: true, force: true });
spark.stop();
