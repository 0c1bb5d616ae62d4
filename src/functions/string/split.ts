/**
 * Splitting: `split(str, regex[, limit])` (Java regex, Spark's limit rules) and
 * `split_part(str, delimiter, partNum)` (literal delimiter).
 */
import { TsparkError } from "../../common/errors.js";
import { ArrayType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { type JavaSplitter, literalSplit, splitterLookup } from "../regex.js";
import { codePoints, coerceTo, constValue } from "./helpers.js";

/**
 * Spark's `UTF8String.split(pattern, limit)` for a non-empty `s` and an empty pattern: one piece
 * per code point, the last piece keeping the rest when `limit` is reached.
 */
function splitWithEmptyPattern(s: string, limit: number): string[] {
  const cps = codePoints(s);
  const n = limit > cps.length || limit <= 0 ? cps.length : limit;
  const out = cps.slice(0, n - 1);
  out.push(cps.slice(n - 1).join(""));
  return out;
}

/**
 * Spark's `UTF8String.split(pattern, limit)` as a kernel helper: `(str, pattern, limit)` → pieces.
 * An empty pattern on a non-empty string splits into code points; otherwise Java's
 * `String.split(pattern, limit)` with limit 0 treated as -1 (trailing empty strings stay). A
 * literal pattern (no regex construct, see `javaLiteralPattern`) splits with `indexOf`; other
 * patterns compile once — at bind time when `constPattern` is a string, else once per distinct
 * pattern in a bounded cache. Used by `split` and `str_to_map`.
 */
export function utf8SplitLookup(
  functionName: string,
  constPattern: unknown,
): (s: string, pattern: string, limit: number) => string[] {
  const lookup: (pattern: string) => JavaSplitter = splitterLookup(
    functionName,
    typeof constPattern === "string" ? constPattern : undefined,
  );
  return (s, pattern, limit) => {
    if (pattern.length === 0 && s.length !== 0) return splitWithEmptyPattern(s, limit);
    return lookup(pattern)(s, limit === 0 ? -1 : limit);
  };
}

/**
 * Part `k` (1-based; negative counts from the end) of `s` split around the literal `delimiter`
 * (Spark's `split_part`: `splitSQL` then `element_at` with '' by default), found with `indexOf`
 * without building the array of parts.
 */
export function splitPart(s: string, delimiter: string, k: number): string {
  if (k === 0) throw new TsparkError("INVALID_INDEX_OF_ZERO");
  // splitSQL: an empty delimiter leaves the string whole.
  if (delimiter.length === 0) return k === 1 || k === -1 ? s : "";
  if (k > 0) {
    let start = 0;
    for (let i = 1; i < k; i++) {
      const j = s.indexOf(delimiter, start);
      if (j < 0) return "";
      start = j + delimiter.length;
    }
    const end = s.indexOf(delimiter, start);
    return end < 0 ? s.slice(start) : s.slice(start, end);
  }
  if (delimiter.length === 1) {
    // A one-character delimiter finds the same occurrences from the right; a longer one may not
    // ("aaa" around "aa" is ["", "a"]), so it takes the full split below.
    let end = s.length;
    for (let i = -1; i > k; i--) {
      const j = end > 0 ? s.lastIndexOf(delimiter, end - 1) : -1;
      if (j < 0) return "";
      end = j;
    }
    const j = end > 0 ? s.lastIndexOf(delimiter, end - 1) : -1;
    return s.slice(j + 1, end);
  }
  const parts = literalSplit(s, delimiter, -1);
  const i = parts.length + k;
  return i >= 0 ? parts[i]! : "";
}

/** `split(str, regex[, limit])`. */
export const SPLIT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "split",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "split(str, regex, limit) - Splits `str` around occurrences that match `regex` and returns an array with a length of at most `limit`.",
    examples: [
      { sql: "split('oneAtwoBthreeC', '[ABC]')", result: "[one, two, three, ]" },
      { sql: "split('oneAtwoBthreeC', '[ABC]', -1)", result: "[one, two, three, ]" },
      { sql: "split('oneAtwoBthreeC', '[ABC]', 2)", result: "[one, twoBthreeC]" },
    ],
    since: "1.5.0",
  },
  sql: (args) => `split(${[...args, ...(args.length === 2 ? ["-1"] : [])].join(", ")})`,
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => {
    const split = utf8SplitLookup("split", constValue(args[1]));
    return {
      dataType: new ArrayType(STRING, false),
      nullable: args.some((a) => a.nullable),
      eval: (s, pattern, limit) => split(s as string, pattern as string, (limit as number | undefined) ?? -1),
    };
  },
};

/** `split_part(str, delimiter, partNum)`: 1-based part, negative from the end, '' when out of range. */
export const SPLIT_PART: ScalarFunctionDefinition = {
  type: "scalar",
  name: "split_part",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "split_part(str, delimiter, partNum) - Splits `str` by `delimiter` and returns the requested part of the split (1-based); out-of-range parts give an empty string and partNum 0 is an error.",
    examples: [{ sql: "split_part('11.12.13', '.', 3)", result: "13" }],
    since: "3.3.0",
  },
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args.some((a) => a.nullable),
    eval: (s, d, n) => splitPart(s as string, d as string, n as number),
  }),
};
