// The word count from Spark's Quick Start guide (docs/quick-start.md, "More on Dataset
// Operations"), reading a small text file written first (the guide reads Spark's README.md, whose
// words would make the expected output change with every edit). The PySpark original is in
// README.md next to this port.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession, functions as sf } from "tspark";

const spark = SparkSession.builder.appName("WordCount").getOrCreate();
const dir = mkdtempSync(join(tmpdir(), "tspark-wordcount-"));
writeFileSync(join(dir, "lines.txt"), "the quick brown fox\njumps over the lazy dog\nthe dog sleeps\n");
const textFile = spark.read.text(join(dir, "lines.txt"));
const wordCounts = textFile
  .select(sf.explode(sf.split(textFile.col("value"), "\\s+")).alias("word"))
  .groupBy("word")
  .count();
await wordCounts.orderBy(sf.col("count").desc(), "word").show();
console.log(await wordCounts.orderBy(sf.col("count").desc(), "word").take(2));
rmSync(dir, { recursive: true, force: true });
spark.stop();
