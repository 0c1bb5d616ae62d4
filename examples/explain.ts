// Plans and code generation (docs/execution.md): explain() in its modes, and the same query run
// with generated code and with the interpreter.
import { SparkSession, functions as F } from "tspark";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
const people = spark.createDataFrame(
  [
    { name: "ann", age: 31 },
    { name: "bob", age: null },
    { name: "ann", age: 45 },
  ],
  "name STRING, age INT",
);
const q = people
  .select(F.col("name"), F.col("age").plus(1).alias("next"))
  .filter(F.col("next").gt(30))
  .groupBy("name")
  .count();

q.explain(); // physical plan only
q.explain(true); // parsed, analyzed, optimized and physical plans
q.explain("codegen"); // the JavaScript generated for each fused pipeline

// tspark.codegen.enabled switches between generated code (default) and the interpreter; both give
// the same rows.
await q.show();
spark.conf.set("tspark.codegen.enabled", false);
await q.show();
spark.stop();
