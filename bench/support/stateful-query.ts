/**
 * The stateful queries the fault-tolerance benchmarks run (bench/workloads/fault-tolerance.ts,
 * state-disk.ts and their restart child): `rate-micro-batch` with `key = value % keys`, rows
 * `value < rows`, into the `noop` sink, either `groupBy(key).count()` (Update) or
 * `dropDuplicates(key)` (Append). The same function builds the query in the parent and in the
 * restart child, so both plans (and their state schemas) are identical.
 */
import type { DataStreamWriter, SparkSession } from "tspark";
import { col } from "tspark/functions";

/** The shape of a stateful run. */
export interface StatefulShape {
  readonly keys: number;
  readonly rows: number;
  readonly rowsPerBatch: number;
}

/** Which stateful operator the query has. */
export type StatefulKind = "count" | "dedup";

/** The writer of the query (not started); `checkpoint` undefined runs on a temporary checkpoint. */
export function statefulQuery(
  spark: SparkSession,
  kind: StatefulKind,
  shape: StatefulShape,
  queryName: string,
  checkpoint: string | undefined,
): DataStreamWriter {
  const keys = spark.readStream
    .format("rate-micro-batch")
    .option("rowsPerBatch", shape.rowsPerBatch)
    .option("numPartitions", 1)
    .load()
    // Batches after the last wanted one add nothing, so the state is exact whenever we stop.
    .where(col("value").lt(shape.rows))
    .select(col("value").mod(shape.keys).alias("key"));
  const df = kind === "count" ? keys.groupBy("key").count() : keys.dropDuplicates(["key"]);
  let writer = df.writeStream
    .format("noop")
    .outputMode(kind === "count" ? "update" : "append")
    .queryName(queryName);
  if (checkpoint !== undefined) writer = writer.option("checkpointLocation", checkpoint);
  return writer;
}
