import assert from "node:assert/strict";
import { test } from "node:test";
import type { Expression } from "../../expressions/expression.js";
import {
  approx_count_distinct,
  count,
  countDistinct,
  first,
  mean,
  percentile_approx,
  sum_distinct,
} from "./aggregate.js";
import { lag, ntile, row_number } from "./window.js";

function call(e: Expression): { name: string; args: readonly Expression[]; isDistinct: boolean } {
  assert.equal(e.kind, "unresolved_function");
  if (e.kind !== "unresolved_function") assert.fail("not a call");
  return e;
}

test("count('*') counts rows as count(1); countDistinct is DISTINCT", () => {
  const c = call(count("*").expr);
  assert.equal(c.name, "count");
  const one = c.args[0];
  assert.ok(one?.kind === "literal" && one.value === 1 && one.dataType.kind === "int");
  const d = call(countDistinct("a", "b").expr);
  assert.equal(d.isDistinct, true);
  assert.equal(d.args.length, 2);
  assert.equal(call(sum_distinct("a").expr).isDistinct, true);
});

test("mean builds avg; first passes the ignorenulls literal", () => {
  assert.equal(call(mean("a").expr).name, "avg");
  const f = call(first("a", true).expr);
  assert.equal(f.args.length, 2);
  assert.deepEqual(f.args[1]?.kind === "literal" ? f.args[1].value : undefined, true);
});

test("percentile_approx: list percentages become array(…) of DOUBLE literals, default accuracy 10000", () => {
  // PySpark passes a list as array(lit(p), …): str() reads `percentile_approx(a, array(0.0, 0.5), 10000)`.
  const p = call(percentile_approx("a", [0, 0.5]).expr);
  const pct = call(p.args[1]!);
  assert.equal(pct.name, "array");
  assert.deepEqual(
    pct.args.map((a) => (a.kind === "literal" ? [a.value, a.dataType.simpleString()] : a.kind)),
    [
      [0, "double"],
      [0.5, "double"],
    ],
  );
  const acc = p.args[2];
  assert.ok(acc?.kind === "literal" && acc.value === 10000);
  assert.equal(call(approx_count_distinct("a").expr).args.length, 1);
  assert.equal(call(approx_count_distinct("a", 0.1).expr).args.length, 2);
});

test("window wrappers", () => {
  assert.equal(call(row_number().expr).args.length, 0);
  assert.equal(call(ntile(4).expr).args.length, 1);
  const l = call(lag("a").expr);
  assert.equal(l.args.length, 3);
  assert.ok(l.args[1]?.kind === "literal" && l.args[1].value === 1);
  assert.ok(l.args[2]?.kind === "literal" && l.args[2].value === null);
});
