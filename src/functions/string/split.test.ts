import assert from "node:assert/strict";
import { test } from "node:test";
import { MapValue } from "../../data/values.js";
import { INT, STRING } from "../../types/data-type.js";
import { COLLECTION_FUNCTIONS } from "../collection/index.js";
import type { BindArg, FunctionDefinition, ScalarFunctionDefinition } from "../function-definition.js";
import { compileJavaRegex, javaLiteralPattern, javaSplit, literalSplit, splitterLookup } from "../regex.js";
import { argOf, evalScalar, litArg, testContext } from "../testing.js";
import { STRING_FUNCTIONS } from "./index.js";
import { splitPart } from "./split.js";
import { mulberry32 as rng } from "../../../tests/support/random.js";

const byName = (n: string): ScalarFunctionDefinition => {
  const d: FunctionDefinition | undefined = [...STRING_FUNCTIONS, ...COLLECTION_FUNCTIONS].find(
    (f) => f.name === n,
  );
  assert.ok(d && d.type === "scalar", n);
  return d;
};

/** Binds `name` once and returns its row evaluator (many rows through one kernel, as a query). */
function kernel(name: string, args: readonly BindArg[]): (...values: unknown[]) => unknown {
  const bound = byName(name).bind(args, testContext());
  const f = bound.makeEval ? bound.makeEval({ partitionId: 0 }) : bound.eval;
  return (...values) => (values.some((v) => v === null) ? null : f(...values));
}

const TOKENS = ["a", "b", "ab", "é", "😀", "\uD83D", "\uDE00", ".", " ", "  ", ",", "|", "\\", "\n", "x1"];

/** Strings built from `extra` (the delimiter and its pieces) and common tokens, lengths 0…14. */
function inputs(extra: readonly string[], count: number, seed: number): string[] {
  const next = rng(seed);
  const pool = [...TOKENS, ...extra, ...extra, ...extra];
  const out = ["", ...extra, extra.join(""), extra.join("") + extra.join("")];
  for (let i = 0; i < count; i++) {
    let s = "";
    const n = Math.floor(next() * 15);
    for (let j = 0; j < n; j++) s += pool[Math.floor(next() * pool.length)];
    out.push(s);
  }
  return out;
}

/** The pieces of a delimiter (so inputs hold partial and overlapping occurrences). */
function piecesOf(literal: string): string[] {
  const cps = Array.from(literal);
  return [literal, ...cps, cps.slice(1).join(""), cps.slice(0, -1).join("")].filter((p) => p !== "");
}

const LIMITS = [-1, 0, 1, 2, 3, 1000, 2147483647, -2147483648];

// Patterns the fast path takes, with the literal each stands for.
const LITERALS: readonly (readonly [string, string])[] = [
  [" ", " "],
  [",", ","],
  [",,", ",,"],
  ["ab", "ab"],
  ["aa", "aa"],
  ["aba", "aba"],
  ["é", "é"],
  ["😀", "😀"],
  ["a😀", "a😀"],
  ["\n", "\n"],
  ["/", "/"],
  ["::", "::"],
  ["\\.", "."],
  ["\\|", "|"],
  ["\\\\", "\\"],
  ["\\ ", " "],
  ["a\\.b", "a.b"],
  ["\\$\\{", "${"],
  ["\\-", "-"],
  ["\\}", "}"],
  ["=>", "=>"],
  ["<", "<"],
];

test("javaLiteralPattern: plain text and escaped punctuation only", () => {
  for (const [p, lit] of LITERALS) assert.equal(javaLiteralPattern(p), lit, p);
  for (const p of [
    "",
    ".",
    "a|b",
    "[ABC]",
    "a*",
    "a+",
    "a?",
    "(a)",
    "a{2}",
    "}",
    "]",
    "^a",
    "a$",
    "\\d",
    "\\s",
    "\\w",
    "\\1",
    "\\Q.\\E",
    "\\",
    "a\\",
    "\\é",
    "\\\t",
    "\uD83D",
    "\uDE00",
    "a\uD83Db",
  ]) {
    assert.equal(javaLiteralPattern(p), undefined, JSON.stringify(p));
  }
});

test("literal split equals the regex split over generated inputs", () => {
  let checked = 0;
  LITERALS.forEach(([pattern, literal], i) => {
    const re = compileJavaRegex(pattern, "split");
    for (const s of inputs(piecesOf(literal), 150, 1000 + i)) {
      for (const limit of LIMITS) {
        const expected = javaSplit(re, s, limit <= 0 ? -1 : limit);
        assert.deepEqual(literalSplit(s, literal, limit), expected, `${JSON.stringify([s, pattern, limit])}`);
        checked++;
      }
    }
  });
  assert.ok(checked > 20000);
});

test("split kernel: constant and column patterns agree with the regex path, nulls give null", () => {
  const patterns = [...LITERALS.map(([p]) => p), "[ ,]", "a|b", "\\s+", "", "(?=b)", "x*"];
  const column = kernel("split", [argOf(STRING), argOf(STRING), argOf(INT)]);
  patterns.forEach((pattern, i) => {
    const constant = kernel("split", [argOf(STRING), litArg(STRING, pattern), argOf(INT)]);
    const re = compileJavaRegex(pattern, "split");
    const literal = javaLiteralPattern(pattern);
    for (const s of inputs(literal === undefined ? [] : piecesOf(literal), 40, 2000 + i)) {
      for (const limit of LIMITS) {
        const lim = limit === 0 ? -1 : limit;
        const expected =
          pattern === "" && s !== ""
            ? // Spark's empty pattern: code points, the last piece keeping the rest.
              ((cps) => {
                const n = lim > cps.length || lim <= 0 ? cps.length : lim;
                return [...cps.slice(0, n - 1), cps.slice(n - 1).join("")];
              })(Array.from(s))
            : javaSplit(re, s, lim);
        const why = JSON.stringify([s, pattern, limit]);
        assert.deepEqual(constant(s, pattern, limit), expected, why);
        assert.deepEqual(column(s, pattern, limit), expected, why);
      }
    }
    assert.equal(constant(null, pattern, -1), null);
    assert.equal(column("a b", null, -1), null);
  });
  assert.equal(
    evalScalar(byName("split"), [argOf(STRING), litArg(STRING, " ")], [null]),
    null,
    "null input with a constant literal pattern",
  );
});

test("a pattern column compiles each distinct pattern once (cached splitter)", () => {
  const lookup = splitterLookup("split", undefined);
  assert.equal(lookup("[ABC]"), lookup("[ABC]"));
  assert.equal(lookup(" "), lookup(" "));
  assert.notEqual(lookup(" "), lookup(","));
  const small = splitterLookup("split", undefined, 2);
  const first = small("a");
  small("b");
  small("c");
  assert.notEqual(small("a"), first, "bounded: the oldest entry was evicted");
  assert.throws(() => lookup("[a"), /INVALID_PARAMETER_VALUE.PATTERN/);
});

test("split and split_part: Spark's documented results", () => {
  const call = (name: string, ...values: unknown[]): unknown =>
    evalScalar(
      byName(name),
      values.map((v) => litArg(typeof v === "number" ? INT : STRING, v)),
      values,
    );
  assert.deepEqual(call("split", "oneAtwoBthreeC", "[ABC]"), ["one", "two", "three", ""]);
  assert.deepEqual(call("split", "oneAtwoBthreeC", "[ABC]", -1), ["one", "two", "three", ""]);
  assert.deepEqual(call("split", "oneAtwoBthreeC", "[ABC]", 2), ["one", "twoBthreeC"]);
  assert.deepEqual(call("split", "one two  three ", " "), ["one", "two", "", "three", ""]);
  assert.deepEqual(call("split", "one two  three ", " ", 2), ["one", "two  three "]);
  assert.deepEqual(call("split", "a.b.c", "\\."), ["a", "b", "c"]);
  assert.deepEqual(call("split", "a.b.c", "."), ["", "", "", "", "", ""]);
  assert.equal(call("split_part", "11.12.13", ".", 3), "13");
  assert.equal(call("split_part", "11.12.13", ".", -1), "13");
  assert.equal(call("split_part", "11.12.13", ".", -3), "11");
  assert.equal(call("split_part", "11.12.13", ".", -4), "");
  assert.equal(call("split_part", "11.12.13", ".", 4), "");
  assert.equal(call("split_part", "11.12.13", "", 1), "11.12.13");
  assert.equal(call("split_part", "11.12.13", "", -1), "11.12.13");
  assert.equal(call("split_part", "11.12.13", "", 2), "");
  assert.throws(() => call("split_part", "11.12.13", ".", 0), /INVALID_INDEX_OF_ZERO/);
});

test("split_part equals element_at over the quoted-regex split, for generated inputs", () => {
  const delimiters = [".", "/", " ", "|", "*", "aa", "aba", "ab", "😀", "é", ",,", "\\"];
  const ks = [1, 2, 3, 4, 7, -1, -2, -3, -4, -7, 2147483647, -2147483648];
  let checked = 0;
  delimiters.forEach((d, i) => {
    const re = compileJavaRegex(`\\Q${d}\\E`, "split_part");
    for (const s of inputs(piecesOf(d), 150, 3000 + i)) {
      const parts = javaSplit(re, s, -1);
      for (const k of ks) {
        const idx = k > 0 ? k - 1 : parts.length + k;
        const expected = idx >= 0 && idx < parts.length ? parts[idx] : "";
        assert.equal(splitPart(s, d, k), expected, JSON.stringify([s, d, k]));
        checked++;
      }
    }
  });
  assert.ok(checked > 20000);
});

test("str_to_map: Java regex delimiters with UTF8String.split rules", () => {
  const s2m = (text: string, ...delims: string[]): unknown =>
    evalScalar(
      byName("str_to_map"),
      [argOf(STRING), ...delims.map((d) => litArg(STRING, d))],
      [text, ...delims],
    );
  assert.deepEqual(s2m("a:1,b:2,c:3", ",", ":"), new MapValue(["a", "b", "c"], ["1", "2", "3"]));
  assert.deepEqual(s2m("a"), new MapValue(["a"], [null]));
  assert.deepEqual(s2m("a:1:2,b"), new MapValue(["a", "b"], ["1:2", null]));
  assert.deepEqual(s2m("a=1&&b=2", "&&", "="), new MapValue(["a", "b"], ["1", "2"]));
  // A group in the delimiter does not add pieces (Java's split, unlike JavaScript's).
  assert.deepEqual(s2m("a:1;b:2", "(;)", ":"), new MapValue(["a", "b"], ["1", "2"]));
  assert.deepEqual(s2m("a.1|b.2", "\\|", "\\."), new MapValue(["a", "b"], ["1", "2"]));
  assert.deepEqual(s2m("a1 b2", "\\s+", "(?<=[a-z])"), new MapValue(["a", "b"], ["1", "2"]));
  // An empty key/value delimiter splits off the first character.
  assert.deepEqual(s2m("ab,c", ",", ""), new MapValue(["a", "c"], ["b", null]));
  const column = kernel("str_to_map", [argOf(STRING), argOf(STRING), argOf(STRING)]);
  assert.deepEqual(column("a-1 b-2", " ", "-"), new MapValue(["a", "b"], ["1", "2"]));
  assert.deepEqual(column("a-1|b-2", "[|]", "-"), new MapValue(["a", "b"], ["1", "2"]));
});
