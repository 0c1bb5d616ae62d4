// Errors carry Spark's error class (docs/errors.md). Analysis errors are raised when the DataFrame
// is built; runtime errors (ANSI arithmetic, casts) when an action runs.
import { SparkSession, TsparkError, functions as F } from "tspark";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
const df = spark.createDataFrame([{ name: "ann", age: 31 }], "name STRING, age INT");

/** Runs `f` and prints the error class, SQLSTATE and parameters of the TsparkError it throws. */
async function report(label: string, f: () => unknown): Promise<void> {
  try {
    await f();
    console.log(`${label}: no error`);
  } catch (e) {
    if (!(e instanceof TsparkError)) throw e;
    console.log(`${label}: ${e.errorClass} (SQLSTATE ${e.sqlState})`, e.messageParameters);
  }
}

// Raised by select() itself, before any action.
await report("unknown column", () => df.select(F.col("nme")));
await report("unknown function", () => spark.sql("SELECT no_such_fn(1)"));
await report("wrong argument count", () => spark.sql("SELECT upper('a', 'b')"));
await report("type mismatch", () => df.select(F.col("name").minus(F.array(F.lit(1)))));
await report("no GROUP BY", () => spark.sql("SELECT name, count(*) FROM VALUES ('a') AS t(name)"));
await report("not grouped", () =>
  spark.sql("SELECT name, count(*) FROM VALUES ('a', 1) AS t(name, n) GROUP BY n"),
);
await report("syntax error", () => spark.sql("SELEC 1"));

// Raised when the query runs (ANSI mode is on by default, as in Spark 4).
await report("divide by zero", () => spark.sql("SELECT 1 / 0").collect());
await report("bad cast", () => spark.sql("SELECT CAST('abc' AS INT)").collect());
await report("overflow", () => spark.sql("SELECT 2147483647 + 1").collect());

// The message says what happened and how to fix it, as Spark's does; for DataFrame calls it goes on
// with the user's call site (`"select" was called from …`).
try {
  df.select("nme");
} catch (e) {
  if (e instanceof TsparkError) console.log(e.message.split("\n")[0]);
}
spark.stop();
