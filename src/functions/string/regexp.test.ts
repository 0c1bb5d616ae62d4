import assert from "node:assert/strict";
import { test } from "node:test";
import { INT, STRING } from "../../types/data-type.js";
import type { BindArg, FunctionDefinition } from "../function-definition.js";
import { argOf, evalScalar, litArg } from "../testing.js";
import { STRING_FUNCTIONS } from "./index.js";

const def = (n: string): FunctionDefinition =>
  STRING_FUNCTIONS.find((f) => f.name === n || f.aliases?.includes(n))!;
const lit = (v: unknown): BindArg => litArg(typeof v === "number" ? INT : STRING, v);
const call = (name: string, ...values: unknown[]): unknown => evalScalar(def(name), values.map(lit), values);
/** Pattern (and other args) not constant: the cached path. */
const callCol = (name: string, ...values: unknown[]): unknown =>
  evalScalar(
    def(name),
    values.map((v) => argOf(typeof v === "number" ? INT : STRING)),
    values,
  );

test("rlike (Spark docs)", () => {
  assert.equal(call("rlike", "%SystemDrive%\\Users\\John", "%SystemDrive%\\\\Users.*"), true);
  assert.equal(call("rlike", "Spark", "^S.*k$"), true);
  assert.equal(call("rlike", "Spark", "park"), true);
  assert.equal(call("regexp_like", "Spark", "^park"), false);
  assert.equal(callCol("rlike", "abc", "B"), false);
  assert.equal(callCol("rlike", "abc", "(?i)B"), true);
  assert.throws(() => call("rlike", "abc", "[a"), /INVALID_PARAMETER_VALUE.PATTERN/);
  assert.throws(() => callCol("rlike", "abc", "a{"), /INVALID_PARAMETER_VALUE.PATTERN/);
  const r = def("rlike");
  assert.equal(r.sql?.(["name", "a.*"], "rlike"), "RLIKE(name, a.*)");
  assert.equal(r.sql?.(["name", "a.*"], "regexp_like"), "REGEXP_LIKE(name, a.*)");
});

test("regexp_replace (Spark docs) with group references and position", () => {
  assert.equal(call("regexp_replace", "100-200", "(\\d+)", "num"), "num-num");
  assert.equal(call("regexp_replace", "100-200", "(\\d+)-(\\d+)", "$2-$1"), "200-100");
  assert.equal(call("regexp_replace", "abc", "b", "\\$"), "a$c");
  assert.equal(call("regexp_replace", "abc", "", "-"), "-a-b-c-");
  assert.equal(
    call("regexp_replace", "healthy, wealthy, and wise", "\\w+thy", "something"),
    "something, something, and wise",
  );
  assert.equal(call("regexp_replace", "aaa", "a", "b", 2), "abb");
  assert.equal(call("regexp_replace", "aaa", "a", "b", 10), "aaa");
  assert.equal(call("regexp_replace", "aaa", "^a", "b", 2), "aba");
  assert.equal(callCol("regexp_replace", "a1b2", "\\d", "#"), "a#b#");
  assert.throws(() => call("regexp_replace", "abc", "b", "$2"), /INVALID_PARAMETER_VALUE/);
  assert.equal(call("regexp_replace", "xyz", "b", "$2"), "xyz");
  assert.throws(
    () =>
      evalScalar(def("regexp_replace"), [lit("a"), lit("a"), lit("b"), litArg(INT, 0)], ["a", "a", "b", 0]),
    /VALUE_OUT_OF_RANGE/,
  );
  assert.equal(def("regexp_replace").sql?.(["s", "r", "x"], "regexp_replace"), "regexp_replace(s, r, x, 1)");
});

test("regexp_extract / regexp_extract_all (Spark docs; no match gives '')", () => {
  assert.equal(call("regexp_extract", "100-200", "(\\d+)-(\\d+)", 1), "100");
  assert.equal(call("regexp_extract", "100-200", "(\\d+)-(\\d+)", 2), "200");
  assert.equal(call("regexp_extract", "100-200", "(\\d+)-(\\d+)", 0), "100-200");
  assert.equal(call("regexp_extract", "100-200", "(\\d+)"), "100");
  assert.equal(call("regexp_extract", "foo", "(\\d+)", 1), "");
  assert.equal(call("regexp_extract", "a", "(a)|(b)", 2), "");
  assert.throws(() => call("regexp_extract", "100-200", "(\\d+)", 2), /REGEX_GROUP_INDEX/);
  assert.equal(call("regexp_extract", "abc", "(\\d+)", 5), "");
  assert.deepEqual(call("regexp_extract_all", "100-200, 300-400", "(\\d+)-(\\d+)", 1), ["100", "300"]);
  assert.deepEqual(call("regexp_extract_all", "100-200, 300-400", "(\\d+)-(\\d+)"), ["100", "300"]);
  assert.deepEqual(call("regexp_extract_all", "abc", "\\d", 0), []);
});

test("regexp_count, regexp_substr, regexp_instr (Spark docs)", () => {
  assert.equal(call("regexp_count", "Steven Jones and Stephen Smith are the best players", "Ste(v|ph)en"), 2);
  assert.equal(call("regexp_count", "abcdefghijklmnopqrstuvwxyz", "[a-z]{3}"), 8);
  assert.equal(
    call("regexp_substr", "Steven Jones and Stephen Smith are the best players", "Ste(v|ph)en"),
    "Steven",
  );
  assert.equal(call("regexp_substr", "Steven Jones and Stephen Smith are the best players", "Jeck"), null);
  assert.equal(call("regexp_instr", "user@spark.apache.org", "@[^.]*"), 5);
  assert.equal(call("regexp_instr", "\\abc", "^\\\\abc$"), 1);
});

test("like / ilike with wildcards and escapes (Spark docs)", () => {
  assert.equal(call("like", "Spark", "_park"), true);
  assert.equal(call("like", "\\abc", "\\\\abc"), true);
  assert.equal(call("like", "%SystemDrive%/Users/John", "/%SystemDrive/%//Users%", "/"), true);
  assert.equal(call("like", "abc", "a%"), true);
  assert.equal(call("like", "abc", "%c"), true);
  assert.equal(call("like", "abc", "%b%"), true);
  assert.equal(call("like", "abc", "a%b%c"), true);
  assert.equal(call("like", "abc", "a%c%b"), false);
  assert.equal(call("like", "ab", "a%%b"), true);
  assert.equal(call("like", "a\nb", "a_b"), true);
  assert.equal(call("like", "abc", "ABC"), false);
  assert.equal(call("like", "a.c", "a.c"), true);
  assert.equal(call("like", "abc", "a.c"), false);
  assert.equal(callCol("like", "abc", "_b_"), true);
  assert.equal(call("ilike", "Spark", "_Park"), true);
  assert.equal(call("ilike", "%SystemDrive%\\USERS\\John", "\\%SystemDrive\\%\\\\Users%"), true);
  assert.throws(() => call("like", "abc", "a\\"), /ESC_AT_THE_END/);
  assert.throws(() => call("like", "abc", "\\a"), /ESC_IN_THE_MIDDLE/);
  assert.equal(def("like").sql?.(["name", "a%"], "like"), "name LIKE a%");
  assert.equal(def("ilike").sql?.(["name", "a%"], "ilike"), "ilike(name, a%)");
});
