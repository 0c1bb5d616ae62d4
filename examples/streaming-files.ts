// A file stream: JSON files dropped into a directory are filtered and written to a Parquet file
// sink, then read back with the batch reader. maxFilesPerTrigger 1 makes every file its own
// micro-batch. The query runs twice on one checkpoint: the second run, after a new file arrived,
// reads only that file — the checkpoint remembers which files were already seen (each file is read
// once). Trigger.AvailableNow processes what is there and stops by itself.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession } from "tspark";
import { col } from "tspark/functions";

const spark = SparkSession.builder
  .appName("FileStreamDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();
const dir = mkdtempSync(join(tmpdir(), "tspark-file-stream-"));
const input = join(dir, "in");
const output = join(dir, "out");
const checkpoint = join(dir, "checkpoint");
mkdirSync(input);

// Files are picked oldest first, so each gets its own modification time (minutes apart) to fix the
// order; write to a temp name and rename in a real system, so that no half-written file is read.
let minute = 0;
function drop(name: string, people: readonly object[]): void {
  const path = join(input, name);
  writeFileSync(path, people.map((p) => `${JSON.stringify(p)}\n`).join(""));
  const t = new Date(Date.UTC(2024, 0, 1, 12, minute++));
  utimesSync(path, t, t);
}

drop("part-1.json", [
  { name: "Alice", age: 34, city: "Oslo" },
  { name: "Bob", age: 15, city: "Rome" },
]);
drop("part-2.json", [
  { name: "Carol", age: 27, city: "Lima" },
  { name: "Dan", age: 41, city: "Oslo" },
  { name: "Erin", age: 9, city: "Lima" },
]);

// A file stream needs its schema up front (Spark does not infer it for streams by default).
const adults = spark.readStream
  .schema("name STRING, age INT, city STRING")
  .option("maxFilesPerTrigger", 1)
  .json(input)
  .filter(col("age").geq(18))
  .select("name", "city", "age");

async function runOnce(run: number): Promise<void> {
  const query = await adults.writeStream
    .format("parquet")
    .option("checkpointLocation", checkpoint)
    .trigger({ availableNow: true })
    .start(output);
  await query.awaitTermination();
  const batches = query.recentProgress.map((p) => `batch ${p.batchId}: ${p.numInputRows} rows in`);
  console.log(`run ${run}: ${batches.join(", ")}`);
}

await runOnce(1);
await spark.read.parquet(output).orderBy("name").show();

drop("part-3.json", [
  { name: "Frank", age: 58, city: "Rome" },
  { name: "Grace", age: 17, city: "Oslo" },
]);
await runOnce(2);
await spark.read.parquet(output).orderBy("name").show();

rmSync(dir, { recursive: true, force: true });
spark.stop();
