import assert from "node:assert/strict";
import { test } from "node:test";
import { Column } from "../column.js";
import * as F from "./core.js";

test("core wrappers build unresolved calls with PySpark argument order", () => {
  assert.deepEqual(F.col("a.b").expr, { kind: "unresolved_attribute", nameParts: ["a", "b"] });
  const c = F.col("x");
  assert.equal(F.lit(c), c);
  const one = F.lit(1).expr;
  assert.ok(one.kind === "literal" && one.value === 1 && one.dataType.kind === "int");
  assert.equal(F.coalesce("a", "b").expr.kind, "coalesce");
  const s = F.sha2("a", 256).expr;
  assert.ok(s.kind === "unresolved_function" && s.name === "sha2" && s.args[1]?.kind === "literal");
  const r = F.rand(0).expr;
  assert.ok(r.kind === "unresolved_function" && r.args.length === 1);
  const r2 = F.rand().expr;
  assert.ok(r2.kind === "unresolved_function" && r2.args.length === 0);
  assert.ok(F.hash("a", "b") instanceof Column);
  assert.equal(F.typeof("a").expr.kind, "unresolved_function");
});
