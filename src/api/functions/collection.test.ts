import assert from "node:assert/strict";
import { test } from "node:test";
import type { Expression } from "../../expressions/expression.js";
import { INT, StructField, StructType } from "../../types/data-type.js";
import {
  array,
  array_join,
  create_map,
  element_at,
  from_json,
  json_tuple,
  slice,
  sort_array,
  str_to_map,
  to_json,
} from "./collection.js";

function call(e: Expression): { name: string; args: readonly Expression[] } {
  if (e.kind !== "unresolved_function") throw new TypeError(`not a call: ${e.kind}`);
  return { name: e.name, args: e.args };
}

function lit(e: Expression | undefined): unknown {
  if (e?.kind !== "literal") throw new TypeError(`not a literal: ${e?.kind}`);
  return e.value;
}

test("array(*cols) accepts names or one list, as PySpark", () => {
  assert.equal(call(array("a", "b").expr).args.length, 2);
  assert.equal(call(array(["a", "b", "c"]).expr).args.length, 3);
  assert.equal(call(array("a").expr).args[0]?.kind, "unresolved_attribute");
});

test("create_map calls Spark's `map`", () => {
  assert.equal(call(create_map("k", "v").expr).name, "map");
});

test("value arguments become literals; sort_array passes its default flag", () => {
  assert.equal(lit(call(element_at("a", 1).expr).args[1]), 1);
  assert.equal(lit(call(sort_array("a").expr).args[1]), true);
  assert.deepEqual(
    call(slice("a", 2, 3).expr)
      .args.slice(1)
      .map(lit),
    [2, 3],
  );
  assert.deepEqual(
    call(array_join("a", ",", "x").expr)
      .args.slice(1)
      .map(lit),
    [",", "x"],
  );
  assert.deepEqual(call(str_to_map("a").expr).args.slice(1).map(lit), [",", ":"]);
  assert.deepEqual(
    call(json_tuple("j", "a", "b").expr)
      .args.slice(1)
      .map(lit),
    ["a", "b"],
  );
});

test("from_json takes a StructType (as its JSON), a DDL string and options as a map() call", () => {
  const schema = new StructType([new StructField("a", INT)]);
  const c = call(from_json("j", schema, { mode: "FAILFAST" }).expr);
  assert.equal(lit(c.args[1]), schema.json());
  const opts = call(c.args[2] as Expression);
  assert.equal(opts.name, "map");
  assert.deepEqual(opts.args.map(lit), ["mode", "FAILFAST"]);
  assert.equal(lit(call(from_json("j", "a INT").expr).args[1]), "a INT");
  assert.equal(call(to_json("s").expr).args.length, 1);
});
