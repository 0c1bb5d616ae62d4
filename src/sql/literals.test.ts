// Interval literals as Spark 4 types them (ansi/interval.sql.out schemas).
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import type { Expression } from "../expressions/expression.js";
import { parseExpression } from "./parser.js";

function lit(sql: string, legacyInterval = false): { value: unknown; type: string } {
  const e: Expression = parseExpression(sql, { legacyInterval });
  assert.equal(e.kind, "literal", sql);
  const l = e as Extract<Expression, { kind: "literal" }>;
  return { value: l.value, type: l.dataType.simpleString() };
}

function errorClass(sql: string): string {
  try {
    parseExpression(sql);
  } catch (e) {
    if (e instanceof TsparkError) return e.errorClass;
    throw e;
  }
  return "no error";
}

test("multi-unit literals take the fields of the units written", () => {
  assert.deepEqual(lit("interval 2 years 4 months"), { value: 28, type: "interval year to month" });
  assert.deepEqual(lit("interval 2 year"), { value: 24, type: "interval year" });
  assert.deepEqual(lit("interval 3 hours"), { value: 3 * 3_600_000_000, type: "interval hour" });
  assert.deepEqual(lit("interval 1 day 2 hours"), { value: 93_600_000_000, type: "interval day to hour" });
  assert.deepEqual(lit("interval 1 week"), { value: 7 * 86_400_000_000, type: "interval day" });
  assert.deepEqual(lit("interval 2 millisecond"), { value: 2000, type: "interval second" });
  assert.deepEqual(lit("interval '2 seconds'"), { value: 2_000_000, type: "interval second" });
  assert.deepEqual(lit("interval '-1 year 1 month'"), { value: -11, type: "interval year to month" });
});

test("FROM TO literals", () => {
  assert.deepEqual(lit("interval '1 02:03:04.5' day to second"), {
    value: 93_784_500_000,
    type: "interval day to second",
  });
  assert.deepEqual(lit("interval '2-3' year to month"), { value: 27, type: "interval year to month" });
  assert.deepEqual(lit("interval -'1-1' year to month"), { value: -13, type: "interval year to month" });
  assert.deepEqual(lit("interval '15:40' hour to minute"), {
    value: 56_400_000_000,
    type: "interval hour to minute",
  });
});

test("legacy mode keeps calendar intervals", () => {
  assert.deepEqual(lit("interval 1 day 2 hours", true), {
    value: { months: 0, days: 1, micros: 7_200_000_000 },
    type: "interval",
  });
});

test("errors", () => {
  assert.equal(errorClass("interval 1 month 2 hours"), "_LEGACY_ERROR_TEMP_0029");
  assert.equal(
    errorClass("interval '20 15:40:32.99899999' day to hour"),
    // Spark 4.0 interval.sql.out: day-time literals carry the legacy-config notice.
    "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE",
  );
  assert.equal(
    errorClass("interval '1' year to second"),
    "INVALID_INTERVAL_FORMAT.UNSUPPORTED_FROM_TO_EXPRESSION",
  );
  assert.equal(errorClass("interval 2147483647 day"), "ARITHMETIC_OVERFLOW");
});
