// The streaming word count of Spark's Structured Streaming Programming Guide ("A Quick Example"),
// as the Spanish course writes it: lines arrive on a TCP socket, are split into words at spaces,
// and after every micro-batch the console shows the running count of each word (complete mode).
//
// Run it against netcat, typing lines into nc:
//   nc -lk 9999
//   npx tsx examples/streaming-word-count.ts [host] [port]
// Host and port also come from TSPARK_HOST / TSPARK_PORT (defaults: localhost, 9999). Ctrl-C stops
// the query cleanly (tspark stops running queries on SIGINT/SIGTERM before the process ends). `tspark demo` runs the same query over Don Quijote with its own line server.
import { pathToFileURL } from "node:url";
import { SparkSession } from "tspark";
import { explode, split } from "tspark/functions";

/** Starts the word count over the lines a server sends on host:port, printing to the console. */
export async function startWordCount(spark: SparkSession, host: string, port: number) {
  const lines = spark.readStream.format("socket").option("host", host).option("port", port).load();
  const words = lines.select(explode(split(lines.col("value"), " ")).alias("palabra"));
  const conteo = words.groupBy("palabra").count();
  return conteo.writeStream.outputMode("complete").format("console").start();
}

// Run as a program (not when `tspark demo` imports startWordCount).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const host = process.argv[2] ?? process.env.TSPARK_HOST ?? "localhost";
  const port = Number(process.argv[3] ?? process.env.TSPARK_PORT ?? 9999);
  const spark = SparkSession.builder.appName("StreamingBasico").getOrCreate();
  const query = await startWordCount(spark, host, port);
  await query.awaitTermination();
  spark.stop();
}
