// The condition table stays sorted, and every sub-class has a parent that carries the SQLSTATE.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ERROR_CONDITIONS } from "./error-conditions.js";
import { TsparkError } from "./errors.js";

test("error classes are sorted", () => {
  const keys = Object.keys(ERROR_CONDITIONS);
  assert.deepEqual(keys, [...keys].sort());
});

test("every sub-class has a parent entry with a SQLSTATE", () => {
  for (const k of Object.keys(ERROR_CONDITIONS)) {
    const dot = k.indexOf(".");
    if (dot < 0) continue;
    const parent = ERROR_CONDITIONS[k.slice(0, dot)];
    assert.ok(parent, `${k} has no parent ${k.slice(0, dot)}`);
  }
});

test("a sub-class error takes its parent's SQLSTATE and both messages", () => {
  const e = new TsparkError("UNRESOLVED_COLUMN.WITH_SUGGESTION", {
    messageParameters: { objectName: "`x`", proposal: "`y`" },
  });
  assert.equal(e.sqlState, "42703");
  assert.match(e.message, /^\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] .*`x`.*`y`.* SQLSTATE: 42703$/);
});
