import assert from "node:assert/strict";
import { test } from "node:test";
import { compileNumberFormat, formatWithNumberFormat, parseWithNumberFormat } from "./number-format.js";

// Cases from the examples of Spark's ToNumber / ToCharacter ExpressionDescriptions.
test("to_number parses with the format and sizes the decimal", () => {
  const f = compileNumberFormat("99,999.9S");
  assert.equal(f.resultType.precision, 6);
  assert.equal(f.resultType.scale, 1);
  assert.equal(parseWithNumberFormat(f, "12,454.8-"), -124548n);
  assert.equal(parseWithNumberFormat(compileNumberFormat("$99.99"), "$78.12"), 7812n);
  assert.equal(parseWithNumberFormat(compileNumberFormat("000.00"), "454.00"), 45400n);
  assert.equal(parseWithNumberFormat(compileNumberFormat("999"), "abc"), undefined);
});

test("to_char formats decimals", () => {
  assert.equal(formatWithNumberFormat(compileNumberFormat("99G999D9S"), -124548n, 1), "12,454.8-");
  assert.equal(formatWithNumberFormat(compileNumberFormat("000D00"), 45400n, 2), "454.00");
  assert.equal(formatWithNumberFormat(compileNumberFormat("$99.99"), 7812n, 2), "$78.12");
});

test("malformed formats raise INVALID_FORMAT", () => {
  assert.throws(() => compileNumberFormat(""), /INVALID_FORMAT.EMPTY/);
  assert.throws(() => compileNumberFormat("9.9.9"), /INVALID_FORMAT.WRONG_NUM_TOKEN/);
  assert.throws(() => compileNumberFormat("99x"), /INVALID_FORMAT.UNEXPECTED_TOKEN/);
});
