// Analysis errors from DataFrame calls are raised at the call and point at the user's call site.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession, TsparkError } from "../../src/index.js";
import { col } from "../../src/api/functions/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const df = spark.createDataFrame([{ name: "ann", age: 31 }], "name STRING, age INT");

test("an unresolved column names the DataFrame method and the caller's file and line", () => {
  assert.throws(
    () => df.select(col("nme")),
    (err: unknown) => {
      assert.ok(err instanceof TsparkError);
      assert.equal(err.errorClass, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
      assert.equal(err.sqlState, "42703");
      assert.equal(err.messageParameters.objectName, "`nme`");
      assert.equal(err.messageParameters.proposal, "`name`, `age`");
      assert.equal(err.context?.fragment, "select");
      assert.match(err.context?.callSite ?? "", /error-context\.test\.ts:\d+:\d+/);
      assert.match(err.message, /== DataFrame ==\n"select" was called from/);
      return true;
    },
  );
});

test("filter with a SQL string reports the filter call", () => {
  assert.throws(
    () => df.filter("agee > 1"),
    (err: unknown) => err instanceof TsparkError && err.context?.fragment === "filter",
  );
});
