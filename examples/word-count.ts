// The word count from Spark's Quick Start guide (docs/quick-start.md, "More on Dataset
// Operations"), on embedded lines instead of README.md because file sources arrive with a later
// issue. The PySpark original is in README.md next to this port.
import { SparkSession, functions as sf } from "tspark";

const spark = SparkSession.builder.appName("WordCount").getOrCreate();
const textFile = spark.createDataFrame(
  [["the quick brown fox"], ["jumps over the lazy dog"], ["the dog sleeps"]],
  ["value"],
);
const wordCounts = textFile
  .select(sf.explode(sf.split(textFile.col("value"), "\\s+")).alias("word"))
  .groupBy("word")
  .count();
await wordCounts.orderBy(sf.col("count").desc(), "word").show();
console.log(await wordCounts.orderBy(sf.col("count").desc(), "word").take(2));
spark.stop();
