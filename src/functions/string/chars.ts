/**
 * Character codes and fuzzy matching: `ascii`, `chr`/`char`, `levenshtein`, `soundex`.
 */
import { INT, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { aliasAwareSql, coerceTo } from "./helpers.js";

/** `ascii(str)`: the code point of the first character, 0 for an empty string. */
export const ASCII: ScalarFunctionDefinition = {
  type: "scalar",
  name: "ascii",
  args: { min: 1, max: 1 },
  docs: {
    usage: "ascii(str) - Returns the numeric value of the first character of `str`.",
    examples: [
      { sql: "ascii('222')", result: "50" },
      { sql: "ascii(2)", result: "50" },
    ],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: INT,
    nullable: args[0]!.nullable,
    eval: (s) => ((s as string).length === 0 ? 0 : (s as string).codePointAt(0)!),
  }),
};

/** `chr(n)` / `char(n)`: the character with code `n % 256`; empty for negative `n`. */
export const CHR: ScalarFunctionDefinition = {
  type: "scalar",
  name: "chr",
  aliases: ["char"],
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "chr(expr) - Returns the ASCII character having the binary equivalent to `expr`. If n is larger than 256 the result is equivalent to chr(n % 256).",
    examples: [
      { sql: "chr(65)", result: "A" },
      { sql: "char(65)", result: "A" },
    ],
    since: "2.3.0",
  },
  sql: aliasAwareSql("chr", ["char"]),
  coerce: coerceTo("long"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]!.nullable,
    eval: (n) => {
      const v = typeof n === "bigint" ? n : BigInt(n as number);
      if (v < 0n) return "";
      return String.fromCharCode(Number(v & 0xffn));
    },
  }),
};

/**
 * Levenshtein distance over code points; with `threshold`, -1 when the distance exceeds it
 * (Spark's `UTF8String.levenshteinDistance(other, threshold)`).
 */
export function levenshtein(a: string, b: string, threshold?: number): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (threshold !== undefined && Math.abs(s.length - t.length) > threshold) return -1;
  if (s.length === 0) return threshold !== undefined && t.length > threshold ? -1 : t.length;
  if (t.length === 0) return threshold !== undefined && s.length > threshold ? -1 : s.length;
  let prev = new Int32Array(t.length + 1);
  let cur = new Int32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const cost = si === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  const d = prev[t.length]!;
  return threshold !== undefined && d > threshold ? -1 : d;
}

/** `levenshtein(str1, str2[, threshold])`. */
export const LEVENSHTEIN: ScalarFunctionDefinition = {
  type: "scalar",
  name: "levenshtein",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "levenshtein(str1, str2[, threshold]) - Returns the Levenshtein distance between the two given strings. If threshold is set and distance more than it, return -1.",
    examples: [
      { sql: "levenshtein('kitten', 'sitting')", result: "3" },
      { sql: "levenshtein('kitten', 'sitting', 2)", result: "-1" },
    ],
    since: "1.5.0",
  },
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => ({
    dataType: INT,
    nullable: args.some((a) => a.nullable),
    eval: (a, b, t) => levenshtein(a as string, b as string, t as number | undefined),
  }),
};

const SOUNDEX_CODES = "01230127022455012623017202";

/** Spark's `UTF8String.soundex()` (American Soundex; strings not starting with a letter are kept). */
export function soundex(s: string): string {
  if (s.length === 0) return "";
  let b = s.charCodeAt(0);
  if (b >= 97 && b <= 122) b -= 32;
  else if (b < 65 || b > 90) return s;
  const sx = [String.fromCharCode(b), "0", "0", "0"];
  let sxi = 1;
  let last = SOUNDEX_CODES[b - 65]!;
  const bytes = new TextEncoder().encode(s);
  for (let i = 1; i < bytes.length; i++) {
    let c = bytes[i]!;
    if (c >= 97 && c <= 122) c -= 32;
    else if (c < 65 || c > 90) {
      last = "0";
      continue;
    }
    const code = SOUNDEX_CODES[c - 65]!;
    if (code === "7") continue;
    if (code !== "0" && code !== last) {
      sx[sxi++] = code;
      if (sxi > 3) break;
    }
    last = code;
  }
  return sx.join("");
}

/** `soundex(str)`. */
export const SOUNDEX: ScalarFunctionDefinition = {
  type: "scalar",
  name: "soundex",
  args: { min: 1, max: 1 },
  docs: {
    usage: "soundex(str) - Returns Soundex code of the string.",
    examples: [{ sql: "soundex('Miller')", result: "M460" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => ({ dataType: STRING, nullable: args[0]!.nullable, eval: (s) => soundex(s as string) }),
};
