// One Parquet file stream, three file sinks: JSON, CSV and text. Each sink writes its rows as
// part files plus a _spark_metadata log that records which files belong to committed batches;
// spark.read on the sink's directory lists files through that log, so it never sees a file of an
// unfinished batch. File sinks support only the Append output mode and need a checkpoint each.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { type DataFrame, SparkSession } from "tspark";

const spark = SparkSession.builder
  .appName("FileFormatsDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();
const dir = mkdtempSync(join(tmpdir(), "tspark-file-formats-"));
const input = join(dir, "readings");
const schema = "sensor STRING, reading DOUBLE";

// Some Parquet input, written with the batch API.
await spark
  .createDataFrame(
    [
      ["a", 21.5],
      ["b", 19.0],
      ["c", null],
    ],
    schema,
  )
  .write.parquet(input);

// File streams need the schema up front, Parquet too.
const readings = spark.readStream.schema(schema).parquet(input);

/** Runs `df` into a `format` file sink until the input is used up; returns the output directory. */
async function writeOnce(
  df: DataFrame,
  format: string,
  options: Record<string, string> = {},
): Promise<string> {
  const out = join(dir, format);
  const query = await df.writeStream
    .format(format)
    .options(options)
    .option("checkpointLocation", join(dir, `checkpoint-${format}`))
    .trigger({ availableNow: true })
    .start(out);
  await query.awaitTermination();
  const parts = readdirSync(out).filter((f) => f.startsWith("part-"));
  const kinds = [...new Set(parts.map((f) => extname(f)))].join(", ");
  console.log(
    `${format} sink: ${parts.length} part file(s) (${kinds}), metadata log: ${readdirSync(out).includes("_spark_metadata")}`,
  );
  return out;
}

// JSON leaves out null fields; reading it back infers the columns in alphabetical order.
const jsonOut = await writeOnce(readings, "json");
await spark.read.json(jsonOut).orderBy("sensor").show();

// CSV writes nulls as empty fields, read back as null.
const csvOut = await writeOnce(readings, "csv", { header: "true" });
await spark.read.schema(schema).option("header", true).csv(csvOut).orderBy("sensor").show();

// The text sink takes exactly one string column.
const lines = readings.selectExpr("concat(sensor, '=', coalesce(cast(reading AS STRING), 'n/a')) AS value");
const textOut = await writeOnce(lines, "text");
await spark.read.text(textOut).orderBy("value").show();

rmSync(dir, { recursive: true, force: true });
spark.stop();
