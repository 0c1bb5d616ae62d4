import assert from "node:assert/strict";
import { test } from "node:test";
import {
  compileJavaRegex,
  forEachMatch,
  JavaReplacement,
  javaReplaceAll,
  javaSplit,
  translateJavaRegex,
} from "./regex.js";

const matches = (pattern: string, s: string): boolean => compileJavaRegex(pattern, "rlike").regex.test(s);

test("Java syntax translated: escapes, quoting, classes, properties", () => {
  assert.equal(matches("a\\-b", "a-b"), true);
  assert.equal(matches("\\Qa.b\\E", "a.b"), true);
  assert.equal(matches("\\Qa.b\\E", "axb"), false);
  assert.equal(matches("^[a-z&&[^aeiou]]+$", "bcd"), true);
  assert.equal(matches("^[a-z&&[^aeiou]]+$", "bad"), false);
  assert.equal(matches("^[a-c[x-z]]+$", "axz"), true);
  assert.equal(matches("^\\p{Alpha}+$", "abcXYZ"), true);
  assert.equal(matches("^\\p{Alpha}+$", "é"), false);
  assert.equal(matches("^\\p{L}+$", "é"), true);
  assert.equal(matches("^\\p{IsLatin}+$", "é"), true);
  assert.equal(matches("^\\p{Punct}$", "!"), true);
  assert.equal(matches("^\\p{javaLowerCase}$", "a"), true);
  assert.equal(matches("\\x{41}", "A"), true);
  assert.equal(matches("\\0101", "A"), true);
  assert.equal(matches("^a++b$", "aab"), true);
  assert.equal(matches("^(?>a|ab)c$", "ac"), true);
  assert.equal(matches("\\Aab\\z", "ab"), true);
  assert.equal(matches("(?i)abc", "ABC"), true);
  assert.equal(matches("a(?i:b)c", "aBc"), true);
  assert.equal(matches("(?x) a b # comment", "ab"), true);
  assert.equal(matches("(?<year>\\d{4})-\\k<year>", "2024-2024"), true);
  assert.equal(matches("]", "]"), true);
  assert.equal(matches("\\h", "\u00a0"), true);
});

test("Java line-terminator semantics for $, . and \\s", () => {
  assert.equal(matches("c$", "abc\n"), true);
  assert.equal(matches("c\\z", "abc\n"), false);
  assert.equal(matches("c\\Z", "abc\n"), true);
  assert.equal(matches("a.b", "a\u0085b"), false);
  assert.equal(matches("(?s)a.b", "a\nb"), true);
  assert.equal(matches("\\s", "\u00a0"), false);
  assert.equal(matches("\\s", "\u000b"), true);
  assert.equal(matches("(?m)^b$", "a\nb\nc"), true);
});

test("invalid patterns fail like Java", () => {
  for (const p of ["[a", "a{", "(a", "\\", "\\y", "*a", "a{3,1}", "\\p{InGreek}"]) {
    assert.throws(() => compileJavaRegex(p, "rlike"), /INVALID_PARAMETER_VALUE.PATTERN/, p);
  }
});

test("group counting and back references", () => {
  const t = translateJavaRegex("(a)(?:b)(?<n>c)(?=d)");
  assert.equal(t.groupCount, 2);
  assert.deepEqual(t.groupNames, ["n"]);
  assert.equal(matches("(a)\\1", "aa"), true);
  assert.equal(matches("^(a)\\10$", "aa0"), true);
});

test("find loop advances past empty matches (Java Matcher.find)", () => {
  const re = compileJavaRegex("x*", "regexp_replace");
  const found: string[] = [];
  forEachMatch(re, "axb", (m) => {
    found.push(`${m.index}:${m[0]}`);
    return true;
  });
  assert.deepEqual(found, ["0:", "1:x", "2:", "3:"]);
  assert.equal(
    javaReplaceAll(re, "axb", () => new JavaReplacement("-", re, "regexp_replace")),
    "-a--b-",
  );
});

test("Pattern.split semantics", () => {
  const comma = compileJavaRegex(",", "split");
  assert.deepEqual(javaSplit(comma, "a,b,,", -1), ["a", "b", "", ""]);
  assert.deepEqual(javaSplit(comma, "a,b,c", 2), ["a", "b,c"]);
  assert.deepEqual(javaSplit(comma, "abc", -1), ["abc"]);
  assert.deepEqual(javaSplit(comma, ",a", -1), ["", "a"]);
  const zeroWidth = compileJavaRegex("(?=b)", "split");
  assert.deepEqual(javaSplit(zeroWidth, "bab", -1), ["ba", "b"]);
});

test("appendReplacement syntax", () => {
  const re = compileJavaRegex("(\\d)(\\d)?", "regexp_replace");
  assert.equal(
    javaReplaceAll(re, "12", () => new JavaReplacement("$2$1", re, "f")),
    "21",
  );
  assert.equal(
    javaReplaceAll(re, "1", () => new JavaReplacement("[$2]", re, "f")),
    "[]",
  );
  assert.equal(
    javaReplaceAll(re, "12", () => new JavaReplacement("$12", re, "f")),
    "12",
  );
  const named = compileJavaRegex("(?<d>\\d)", "regexp_replace");
  assert.equal(
    javaReplaceAll(named, "a1", () => new JavaReplacement(["<$", "{d}>"].join(""), named, "f")),
    "a<1>",
  );
  assert.throws(() => new JavaReplacement("$", re, "f"), /INVALID_PARAMETER_VALUE/);
  assert.throws(() => new JavaReplacement("\\", re, "f"), /INVALID_PARAMETER_VALUE/);
  assert.throws(() => new JavaReplacement(["$", "{x}"].join(""), named, "f"), /INVALID_PARAMETER_VALUE/);
});
