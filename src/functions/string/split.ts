/**
 * Splitting: `split(str, regex[, limit])` (Java regex, Spark's limit rules) and
 * `split_part(str, delimiter, partNum)` (literal delimiter).
 */
import { TsparkError } from "../../common/errors.js";
import { ArrayType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { javaSplit, patternLookup } from "../regex.js";
import { codePoints, coerceTo, constValue } from "./helpers.js";

/**
 * Spark's `UTF8String.split(pattern, limit)`: an empty pattern splits into code points (the last
 * piece keeps the rest when `limit` is reached); otherwise Java's `Pattern.split` with limit 0
 * treated as -1 so trailing empty strings stay.
 */
function splitWithEmptyPattern(s: string, limit: number): string[] {
  const cps = codePoints(s);
  const n = limit > cps.length || limit <= 0 ? cps.length : limit;
  const out = cps.slice(0, n - 1);
  out.push(cps.slice(n - 1).join(""));
  return out;
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
    const constPattern = constValue(args[1]);
    const lookup = patternLookup("split", typeof constPattern === "string" ? constPattern : undefined);
    return {
      dataType: new ArrayType(STRING, false),
      nullable: args.some((a) => a.nullable),
      eval: (s, pattern, limit) => {
        const str = s as string;
        const lim = (limit as number | undefined) ?? -1;
        if (str.length !== 0 && (pattern as string).length === 0) return splitWithEmptyPattern(str, lim);
        return javaSplit(lookup(pattern as string), str, lim === 0 ? -1 : lim);
      },
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
    eval: (s, d, n) => {
      const parts = (d as string).length === 0 ? [s as string] : (s as string).split(d as string);
      const k = n as number;
      if (k === 0) throw new TsparkError("INVALID_INDEX_OF_ZERO");
      const i = k > 0 ? k - 1 : parts.length + k;
      return i >= 0 && i < parts.length ? parts[i]! : "";
    },
  }),
};
