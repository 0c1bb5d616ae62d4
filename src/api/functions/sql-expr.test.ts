import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { expr } from "./sql-expr.js";

test("expr() wraps the parsed expression in a Column", () => {
  const c = expr("a + 1 AS b");
  assert.equal(c.expr.kind, "alias");
  if (c.expr.kind === "alias") {
    assert.equal(c.expr.name, "b");
    assert.equal(c.expr.child.kind, "unresolved_function");
  }
  assert.equal(expr("count(*)").expr.kind, "unresolved_function");
});

test("expr() reports syntax errors", () => {
  assert.throws(
    () => expr("a +"),
    (e) => e instanceof TsparkError && e.errorClass === "PARSE_SYNTAX_ERROR",
  );
});
