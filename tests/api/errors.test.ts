// Error conformance: analysis errors are raised synchronously by the transformation that causes
// them; runtime errors (ANSI) at the action. Only error classes and key message parameters are
// pinned (common/utils/src/main/resources/error/error-conditions.json, Spark 4; parameter values
// as in sql-tests golden files and QueryCompilationErrorsSuite / QueryExecutionErrorsSuite).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import { col, lit } from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { TsparkError } from "../../src/common/errors.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const df = () => spark.createDataFrame([[1, "Alice", [1, 2]]], "age INT, name STRING, arr ARRAY<INT>");

/** Runs `fn` (synchronously) and returns the TsparkError it throws. */
function thrown(fn: () => unknown): TsparkError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TsparkError, `not a TsparkError: ${String(err)}`);
    return err;
  }
  return assert.fail("expected an error at the call");
}

async function thrownAsync(fn: () => Promise<unknown>): Promise<TsparkError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof TsparkError, `not a TsparkError: ${String(err)}`);
    return err;
  }
  return assert.fail("expected an error");
}

function assertClass(err: TsparkError, cls: string, params: Record<string, string> = {}): void {
  assert.ok(
    err.errorClass === cls || err.errorClass.startsWith(`${cls}.`),
    `expected ${cls}, got ${err.errorClass}: ${err.message}`,
  );
  for (const [k, v] of Object.entries(params)) assert.equal(err.messageParameters[k], v, `parameter ${k}`);
}

test("UNRESOLVED_COLUMN.WITH_SUGGESTION from select, filter, withColumn, df.col, at the call", () => {
  const d = df();
  const e = thrown(() => d.select("nme"));
  assert.equal(e.errorClass, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
  assert.equal(e.messageParameters.objectName, "`nme`");
  // closest names first (orderSuggestedIdentifiersBySimilarity)
  assert.equal(e.messageParameters.proposal, "`name`, `age`, `arr`");
  assertClass(
    thrown(() => d.filter(col("agee").gt(1))),
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    { objectName: "`agee`" },
  );
  assertClass(
    thrown(() => d.filter("agee > 1")),
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    {
      objectName: "`agee`",
    },
  );
  assertClass(
    thrown(() => d.withColumn("x", col("nope").plus(1))),
    "UNRESOLVED_COLUMN",
    {
      objectName: "`nope`",
    },
  );
  assertClass(
    thrown(() => d.col("nope")),
    "UNRESOLVED_COLUMN",
    { objectName: "`nope`" },
  );
  assertClass(
    thrown(() => d.selectExpr("nope + 1")),
    "UNRESOLVED_COLUMN",
    { objectName: "`nope`" },
  );
  assertClass(
    thrown(() => d.orderBy("nope")),
    "UNRESOLVED_COLUMN",
    { objectName: "`nope`" },
  );
  assertClass(
    thrown(() => d.groupBy("nope").count()),
    "UNRESOLVED_COLUMN",
    { objectName: "`nope`" },
  );
});

test("AMBIGUOUS_REFERENCE for an unqualified name after a join", () => {
  const l = df();
  const r = df();
  const j = l.join(r, l.col("age").equalTo(r.col("age")));
  assertClass(
    thrown(() => j.select("name")),
    "AMBIGUOUS_REFERENCE",
    { name: "`name`" },
  );
});

test("UNRESOLVED_USING_COLUMN_FOR_JOIN", () => {
  const other = spark.createDataFrame([[1]], "k INT");
  assertClass(
    thrown(() => df().join(other, "k")),
    "UNRESOLVED_USING_COLUMN_FOR_JOIN",
    {
      colName: "`k`",
      side: "left",
    },
  );
});

test("DATATYPE_MISMATCH at the call", () => {
  const d = df();
  assertClass(
    thrown(() => d.select(col("name").plus(col("arr")))),
    "DATATYPE_MISMATCH",
  );
  assertClass(
    thrown(() => d.select(col("arr").plus(1))),
    "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
  );
  assertClass(
    thrown(() => d.select(F.upper(col("arr")))),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
  assertClass(
    thrown(() => d.filter(col("age").plus(1))),
    "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
  );
});

test("UNRESOLVED_ROUTINE for an unknown function", () => {
  const e = thrown(() => df().select(F.expr("nope(1)")));
  assertClass(e, "UNRESOLVED_ROUTINE", { routineName: "`nope`" });
  assertClass(
    thrown(() => df().selectExpr("nope(age)")),
    "UNRESOLVED_ROUTINE",
    {
      routineName: "`nope`",
    },
  );
});

test("WRONG_NUM_ARGS", () => {
  const e = thrown(() => df().selectExpr("upper(name, name)"));
  assertClass(e, "WRONG_NUM_ARGS", { functionName: "`upper`", expectedNum: "1", actualNum: "2" });
});

test("PARSE_SYNTAX_ERROR from selectExpr, filter and expr strings", () => {
  assertClass(
    thrown(() => df().selectExpr("age +")),
    "PARSE_SYNTAX_ERROR",
  );
  assertClass(
    thrown(() => df().filter("age >")),
    "PARSE_SYNTAX_ERROR",
  );
  assertClass(
    thrown(() => df().where("age = = 1")),
    "PARSE_SYNTAX_ERROR",
  );
  assertClass(
    thrown(() => F.expr("(age")),
    "PARSE_SYNTAX_ERROR",
  );
  assertClass(
    thrown(() => spark.sql("SELEC 1")),
    "PARSE_SYNTAX_ERROR",
  );
});

test("MISSING_AGGREGATION and MISSING_GROUP_BY", () => {
  const d = df();
  assertClass(
    thrown(() => d.groupBy("age").agg(col("name"))),
    "MISSING_AGGREGATION",
    {
      expression: '"name"',
    },
  );
  d.createOrReplaceTempView("err_t");
  assertClass(
    thrown(() => spark.sql("SELECT age, name FROM err_t GROUP BY age")),
    "MISSING_AGGREGATION",
    {
      expression: '"name"',
    },
  );
  assertClass(
    thrown(() => d.select(col("age"), F.count("*"))),
    "MISSING_GROUP_BY",
  );
  assertClass(
    thrown(() => spark.sql("SELECT age, count(*) FROM err_t")),
    "MISSING_GROUP_BY",
  );
});

test("TABLE_OR_VIEW_NOT_FOUND", () => {
  assertClass(
    thrown(() => spark.table("no_such_view")),
    "TABLE_OR_VIEW_NOT_FOUND",
    {
      relationName: "`no_such_view`",
    },
  );
  assertClass(
    thrown(() => spark.sql("SELECT * FROM no_such_view")),
    "TABLE_OR_VIEW_NOT_FOUND",
  );
});

test("DIVIDE_BY_ZERO is raised at collect in ANSI mode, NULL otherwise", async () => {
  const d = df();
  const q = d.select(col("age").divide(0).alias("q"), col("age").mod(0).alias("m"));
  assertClass(await thrownAsync(() => q.collect()), "DIVIDE_BY_ZERO");
  assertClass(await thrownAsync(() => d.select(F.expr("age div 0")).collect()), "DIVIDE_BY_ZERO");
  const s = SparkSession.builder
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.sql.ansi.enabled", "false")
    .create();
  const d2 = s.createDataFrame([[1]], "age INT");
  assert.deepEqual(await d2.select(col("age").divide(0).alias("q"), col("age").mod(0).alias("m")).collect(), [
    { q: null, m: null },
  ]);
});

test("CAST_INVALID_INPUT is raised at collect in ANSI mode, NULL otherwise", async () => {
  const d = df();
  const q = d.select(lit("abc").cast("int").alias("c"));
  assertClass(await thrownAsync(() => q.collect()), "CAST_INVALID_INPUT", {
    expression: "'abc'",
    sourceType: '"STRING"',
    targetType: '"INT"',
  });
  // try_cast never raises
  assert.deepEqual(await d.select(lit("abc").try_cast("int").alias("c")).collect(), [{ c: null }]);
  const s = SparkSession.builder
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.sql.ansi.enabled", "false")
    .create();
  assert.deepEqual(await s.range(1).select(lit("abc").cast("int").alias("c")).collect(), [{ c: null }]);
});

test("ANSI arithmetic overflow is raised at collect", async () => {
  const d = spark.createDataFrame([[2147483647]], "a INT");
  assertClass(await thrownAsync(() => d.select(col("a").plus(1)).collect()), "ARITHMETIC_OVERFLOW");
});

test("limit / sample argument checks", () => {
  assert.throws(() => df().limit(-1));
  assert.throws(() => df().sample(1.5));
});
