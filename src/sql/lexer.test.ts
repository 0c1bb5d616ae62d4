import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import { tokenize, unescapeSqlString } from "./lexer.js";

function kinds(sql: string): string[] {
  return tokenize(sql).map((t) => `${t.kind}:${t.text}`);
}

test("identifiers, keywords and backquotes", () => {
  assert.deepEqual(kinds("SELECT a_1, `b``c` FROM t"), [
    "ident:SELECT",
    "ident:a_1",
    "op:,",
    "quoted_ident:b`c",
    "ident:FROM",
    "ident:t",
    "eof:",
  ]);
});

test("strings: both quotes, escapes, raw strings", () => {
  assert.deepEqual(kinds(`'it\\'s' "say \\"hi\\"" 'a\\nb' r'\\d+'`), [
    "string:it's",
    'string:say "hi"',
    "string:a\nb",
    "string:\\d+",
    "eof:",
  ]);
  // Spark's literals.sql: octal and unicode escapes.
  assert.equal(unescapeSqlString("\\110\\145\\154\\154\\157\\041"), "Hello!");
  assert.equal(unescapeSqlString("\\u0057\\u006F\\u0072\\u006C\\u0064"), "World");
  // `\%` and `\_` keep their backslash (they are LIKE escapes).
  assert.equal(unescapeSqlString("no-pattern\\%"), "no-pattern\\%");
  assert.equal(unescapeSqlString("pattern\\\\%"), "pattern\\%");
});

test("numbers with suffixes and exponents", () => {
  const nums = tokenize("1 1L 2S 3Y 1.5 .5 1. 1e3 1.5E-2 2D 2.5F 9BD 1a").map((t) => `${t.kind}:${t.raw}`);
  assert.deepEqual(nums, [
    "number:1",
    "number:1L",
    "number:2S",
    "number:3Y",
    "number:1.5",
    "number:.5",
    "number:1.",
    "number:1e3",
    "number:1.5E-2",
    "number:2D",
    "number:2.5F",
    "number:9BD",
    "ident:1a",
    "eof:",
  ]);
});

test("operators: longest match", () => {
  assert.deepEqual(
    tokenize("a<=>b<>c!=d<=e>=f==g||h::int->x>>>1<<2")
      .filter((t) => t.kind === "op")
      .map((t) => t.text),
    ["<=>", "<>", "!=", "<=", ">=", "==", "||", "::", "->", ">>>", "<<"],
  );
});

test("binary literal and comments", () => {
  assert.deepEqual(kinds("X'1F' -- comment\n/* a /* nested */ b */ x"), ["binary:1F", "ident:x", "eof:"]);
});

test("positions: line and column", () => {
  const toks = tokenize("SELECT\n  a,\n  bb");
  const bb = toks.find((t) => t.text === "bb");
  assert.equal(bb?.line, 3);
  assert.equal(bb?.column, 2);
  assert.equal(bb?.offset, 14);
});

test("lexical errors", () => {
  assert.throws(
    () => tokenize("SELECT 'abc"),
    (e) => e instanceof TsparkError && e.errorClass === "PARSE_SYNTAX_ERROR",
  );
  assert.throws(
    () => tokenize("SELECT 1 /* open"),
    (e) => e instanceof TsparkError && e.errorClass === "UNCLOSED_BRACKETED_COMMENT",
  );
  assert.throws(
    () => tokenize("SELECT #"),
    (e) => e instanceof TsparkError && e.messageParameters.error === "'#'" && e.context?.startPosition === 7,
  );
});
