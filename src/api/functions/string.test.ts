import assert from "node:assert/strict";
import { test } from "node:test";
import type { Expression } from "../../expressions/expression.js";
import { concat_ws, locate, lpad, regexp_extract, split, substring, trim, upper } from "./string.js";

function shape(e: Expression): unknown {
  if (e.kind === "unresolved_function") return [e.name, ...e.args.map(shape)];
  if (e.kind === "unresolved_attribute") return e.nameParts.join(".");
  if (e.kind === "literal") return { lit: e.value };
  return e.kind;
}

test("wrappers follow PySpark signatures: literal parameters become literals", () => {
  assert.deepEqual(shape(upper("name").expr), ["upper", "name"]);
  assert.deepEqual(shape(concat_ws(",", "a", "b").expr), ["concat_ws", { lit: "," }, "a", "b"]);
  assert.deepEqual(shape(substring("s", 1, 2).expr), ["substring", "s", { lit: 1 }, { lit: 2 }]);
  assert.deepEqual(shape(regexp_extract("s", "(\\d+)", 1).expr), [
    "regexp_extract",
    "s",
    { lit: "(\\d+)" },
    { lit: 1 },
  ]);
  assert.deepEqual(shape(split("s", ",").expr), ["split", "s", { lit: "," }, { lit: -1 }]);
  assert.deepEqual(shape(locate("b", "s").expr), ["locate", { lit: "b" }, "s", { lit: 1 }]);
  assert.deepEqual(shape(lpad("s", 5, "#").expr), ["lpad", "s", { lit: 5 }, { lit: "#" }]);
  assert.deepEqual(shape(trim("s", "x").expr), ["trim", { lit: "x" }, "s"]);
});
