// spark.sql: analysis errors carry Spark's SQL position (`line N pos M`) and commands return
// DataFrames of Spark's shape (the .slt files under tests/slt/sql cover the values).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import { TsparkError } from "../../src/common/errors.js";

function session(): SparkSession {
  return SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
}

function caught(f: () => unknown): TsparkError {
  try {
    f();
  } catch (e) {
    if (e instanceof TsparkError) return e;
    throw e;
  }
  assert.fail("expected a TsparkError");
}

test("analysis errors point into the SQL text as Spark's do", () => {
  const spark = session();
  const col = caught(() => spark.sql("SELECT nope FROM range(1)"));
  assert.equal(col.errorClass, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
  assert.deepEqual([col.context?.line, col.context?.startPosition, col.context?.fragment], [1, 7, "nope"]);
  assert.match(col.message, /SQLSTATE: 42703; line 1 pos 7$/);
  const table = caught(() => spark.sql("SELECT *\nFROM nosuch"));
  assert.equal(table.errorClass, "TABLE_OR_VIEW_NOT_FOUND");
  assert.match(table.message, /; line 2 pos 5$/);
  const fn = caught(() => spark.sql("SELECT id, nofn(id) FROM range(1)"));
  assert.deepEqual(
    [fn.errorClass, fn.context?.startPosition, fn.context?.fragment],
    ["UNRESOLVED_ROUTINE", 11, "nofn(id)"],
  );
});

test("parse errors show Spark's ParseException text: position, statement and caret", () => {
  const e = caught(() => session().sql("SELECT *\nFROM t WHERE\nx = = 1"));
  assert.equal(e.errorClass, "PARSE_SYNTAX_ERROR");
  assert.equal(e.context?.startPosition, 4);
  assert.equal(
    e.message,
    "[PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601 (line 3, pos 4)\n\n" +
      "== SQL ==\nSELECT *\nFROM t WHERE\nx = = 1\n----^^^\n",
  );
  const limit = caught(() => session().sql("SELECT 1 LIMIT -1"));
  assert.match(limit.message, /SQLSTATE: 42K0E; line 1 pos 15$/);
});

test("CACHE TABLE … AS creates the view; RESET restores the session's startup settings", async () => {
  const spark = session();
  spark.sql("CACHE TABLE c AS SELECT 1 AS one");
  assert.deepEqual(await spark.sql("SELECT * FROM c").collect(), [{ one: 1 }]);
  spark.sql("SET spark.sql.session.timeZone=Europe/Paris");
  spark.sql("RESET");
  assert.equal(spark.conf.get("spark.sql.session.timeZone"), "UTC");
  assert.equal(spark.sql("CLEAR CACHE").columns.length, 0);
});
