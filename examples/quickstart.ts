// The README quickstart: a DataFrame job on embedded data, printed as PySpark prints it.
import { SparkSession, functions as F } from "../src/index.js";
import { col } from "../src/api/functions/index.js";

const spark = SparkSession.builder
  .appName("demo")
  .master("local[*]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();
const df = spark.createDataFrame(
  [
    { name: "ann", age: 31 },
    { name: "bob", age: null },
    { name: "cid", age: 25 },
  ],
  "name STRING, age INT",
);
const out = df
  .select(col("name"), F.upper(df.col("name")).alias("u"), col("age").plus(1).alias("next"))
  .filter(col("age").gt(30))
  .where("name like 'a%'");
await out.show();
console.log(await out.collect());

const words = spark
  .createDataFrame([["the quick brown fox"], ["the lazy dog"]], ["value"])
  .select(F.explode(F.split(col("value"), " ")).alias("word"));
await words.groupBy("word").count().orderBy(col("count").desc(), col("word")).show();
spark.stop();
