import assert from "node:assert/strict";
import { test } from "node:test";
import { sqlErrorContext } from "./error-position.js";

test("an unresolved column points at its reference (qualified or not)", () => {
  const sql = "SELECT id, r.nope FROM range(1) r";
  assert.deepEqual(sqlErrorContext(sql, "UNRESOLVED_COLUMN.WITH_SUGGESTION", { objectName: "`r`.`nope`" }), {
    sqlText: sql,
    line: 1,
    startPosition: 11,
    fragment: "r.nope",
  });
  const ctx = sqlErrorContext("SELECT a FROM t WHERE nope > 1", "UNRESOLVED_COLUMN.WITH_SUGGESTION", {
    objectName: "`nope`",
  });
  assert.equal(ctx?.startPosition, 22);
});

test("a missing relation points at the name after FROM/JOIN, on its own line", () => {
  const sql = "SELECT nosuch.a\nFROM nosuch";
  const ctx = sqlErrorContext(sql, "TABLE_OR_VIEW_NOT_FOUND", { relationName: "`nosuch`" });
  assert.deepEqual([ctx?.line, ctx?.startPosition, ctx?.fragment], [2, 5, "nosuch"]);
});

test("an unresolved routine covers the whole call", () => {
  const sql = "SELECT nofn + 1, nofn(id, (2)) FROM t";
  const ctx = sqlErrorContext(sql, "UNRESOLVED_ROUTINE", { routineName: "`nofn`" });
  assert.deepEqual([ctx?.startPosition, ctx?.fragment], [17, "nofn(id, (2))"]);
});

test("errors naming nothing in the text keep no position", () => {
  assert.equal(
    sqlErrorContext("SELECT 1", "UNRESOLVED_COLUMN.WITH_SUGGESTION", { objectName: "`x`" }),
    undefined,
  );
  assert.equal(sqlErrorContext("SELECT 1", "DIVIDE_BY_ZERO", {}), undefined);
});

test("an error about a call (sqlExpr) points at the first call of that function", () => {
  const sql = "SELECT upper(name), inline_outer(array()) FROM t";
  const ctx = sqlErrorContext(sql, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {
    sqlExpr: '"inline_outer(array())"',
  });
  assert.deepEqual([ctx?.startPosition, ctx?.fragment], [20, "inline_outer(array())"]);
  assert.equal(
    sqlErrorContext(sql, "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", { sqlExpr: '"(a + b)"' }),
    undefined,
  );
});
