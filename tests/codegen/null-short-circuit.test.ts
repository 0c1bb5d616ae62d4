/**
 * A null-intolerant call stops at its first NULL argument in generated code as in the interpreter
 * (and as Spark's BinaryExpression.eval / nullSafeCodeGen in Expression.scala do): arguments after
 * it are not evaluated, so an error they would raise (division by zero under ANSI) never surfaces.
 * Before the fix, generated code evaluated every argument first and threw DIVIDE_BY_ZERO where the
 * interpreter returned NULL.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, SparkSession } from "../../src/index.js";

function session(codegen: boolean): SparkSession {
  return SparkSession.builder
    .config({ "spark.sql.session.timeZone": "UTC", "tspark.codegen.enabled": codegen })
    .withClock(new ManualClock(0))
    .create();
}

const CASES: readonly [string, unknown[][]][] = [
  ["SELECT a + (1 / b) FROM VALUES (CAST(NULL AS INT), 0) AS t(a, b)", [[null]]],
  ["SELECT a + (1 / b) FROM VALUES (CAST(NULL AS INT), 0), (2, 1) AS t(a, b)", [[null], [3]]],
  ["SELECT concat(s, CAST(1 div b AS STRING)) FROM VALUES (CAST(NULL AS STRING), 0) AS t(s, b)", [[null]]],
  // The NULL is in the middle: the third argument is not evaluated either.
  ["SELECT substring('abc', a, 1 div b) FROM VALUES (CAST(NULL AS INT), 0) AS t(a, b)", [[null]]],
  ["SELECT b FROM VALUES (CAST(NULL AS INT), 0) AS t(a, b) WHERE (a + (1 div b)) IS NULL", [[0]]],
];

for (const codegen of [true, false]) {
  test(`codegen=${codegen}: NULL argument short-circuits later arguments`, async () => {
    const spark = session(codegen);
    for (const [sql, expected] of CASES) {
      assert.deepEqual(await spark.sql(sql).collectInternal(), expected, sql);
    }
  });

  test(`codegen=${codegen}: a non-NULL first argument still evaluates (and raises) the rest`, async () => {
    const spark = session(codegen);
    await assert.rejects(
      spark.sql("SELECT a + (1 / b) FROM VALUES (1, 0) AS t(a, b)").collectInternal(),
      (e: unknown) => (e as { errorClass?: string }).errorClass === "DIVIDE_BY_ZERO",
    );
  });
}
