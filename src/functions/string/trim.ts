/**
 * Trimming: `trim`, `ltrim`, `rtrim` (one argument: spaces; two arguments `(trimStr, str)`: each of
 * trimStr's characters) and `btrim(str[, trimStr])`. With a trim string the generated name is
 * Spark's `TRIM(BOTH|LEADING|TRAILING trimStr FROM str)`.
 */
import { STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { callSql, coerceTo } from "./helpers.js";

type Side = "BOTH" | "LEADING" | "TRAILING";

/** Removes ASCII spaces (only U+0020, as Spark's `UTF8String.trim`) from the given side(s). */
export function trimSpaces(s: string, side: Side): string {
  let start = 0;
  let end = s.length;
  if (side !== "TRAILING") while (start < end && s.charCodeAt(start) === 32) start++;
  if (side !== "LEADING") while (end > start && s.charCodeAt(end - 1) === 32) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Removes any code point of `chars` from the given side(s) of `s`. */
export function trimChars(s: string, chars: string, side: Side): string {
  if (chars.length === 0) return s;
  const set = new Set(Array.from(chars));
  const cps = Array.from(s);
  let start = 0;
  let end = cps.length;
  if (side !== "TRAILING") while (start < end && set.has(cps[start]!)) start++;
  if (side !== "LEADING") while (end > start && set.has(cps[end - 1]!)) end--;
  return start === 0 && end === cps.length ? s : cps.slice(start, end).join("");
}

function trimKernel(side: Side, constChars: string | undefined) {
  if (constChars !== undefined && constChars.length > 0) {
    const set = new Set(Array.from(constChars));
    const allBmp = Array.from(constChars).every((c) => c.length === 1);
    if (allBmp) {
      // Fast path: every trim character is one code unit, so unit-wise scanning is exact.
      return (s: string): string => {
        let start = 0;
        let end = s.length;
        if (side !== "TRAILING") while (start < end && set.has(s[start]!)) start++;
        if (side !== "LEADING") while (end > start && set.has(s[end - 1]!)) end--;
        return start === 0 && end === s.length ? s : s.slice(start, end);
      };
    }
  }
  return undefined;
}

function makeTrim(name: "trim" | "ltrim" | "rtrim", side: Side, since: string): ScalarFunctionDefinition {
  const examples =
    name === "trim"
      ? [
          { sql: "trim('    SparkSQL   ')", result: "SparkSQL" },
          { sql: "trim(BOTH 'SL' FROM 'SSparkSQLS')", result: "parkSQ" },
          { sql: "trim('SL', 'SSparkSQLS')", result: "parkSQ" },
        ]
      : name === "ltrim"
        ? [
            { sql: "ltrim('    SparkSQL   ')", result: "SparkSQL   " },
            { sql: "ltrim('Sp', 'SSparkSQLS')", result: "arkSQLS" },
          ]
        : [
            { sql: "rtrim('    SparkSQL   ')", result: "    SparkSQL" },
            { sql: "rtrim('LQSa', 'SSparkSQLS')", result: "SSpark" },
          ];
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 2 },
    docs: {
      usage: `${name}([trimStr, ]str) - Removes the ${side === "BOTH" ? "leading and trailing" : side.toLowerCase()} space characters (or the characters of trimStr) from \`str\`.`,
      examples,
      since,
    },
    sql: (args) => (args.length === 2 ? `TRIM(${side} ${args[0]} FROM ${args[1]})` : callSql(name, args)),
    coerce: coerceTo("string"),
    bind: (args) => {
      if (args.length === 1) {
        return { dataType: STRING, nullable: args[0]!.nullable, eval: (s) => trimSpaces(s as string, side) };
      }
      const c = args[0]!.foldable && typeof args[0]!.value === "string" ? args[0]!.value : undefined;
      const fast = trimKernel(side, c);
      return {
        dataType: STRING,
        nullable: args[0]!.nullable || args[1]!.nullable,
        eval: fast
          ? (_chars, s) => fast(s as string)
          : (chars, s) => trimChars(s as string, chars as string, side),
      };
    },
  };
}

/** `trim([trimStr, ]str)`. */
export const TRIM = makeTrim("trim", "BOTH", "1.5.0");
/** `ltrim([trimStr, ]str)`. */
export const LTRIM = makeTrim("ltrim", "LEADING", "1.5.0");
/** `rtrim([trimStr, ]str)`. */
export const RTRIM = makeTrim("rtrim", "TRAILING", "1.5.0");

/** `btrim(str[, trimStr])`: like trim, but the source string comes first. */
export const BTRIM: ScalarFunctionDefinition = {
  type: "scalar",
  name: "btrim",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "btrim(str[, trimStr]) - Removes the leading and trailing space characters (or trimStr characters) from `str`.",
    examples: [
      { sql: "btrim('    SparkSQL   ')", result: "SparkSQL" },
      { sql: "btrim('SSparkSQLS', 'SL')", result: "parkSQ" },
    ],
    since: "3.2.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => {
    if (args.length === 1) {
      return { dataType: STRING, nullable: args[0]!.nullable, eval: (s) => trimSpaces(s as string, "BOTH") };
    }
    const c = args[1]!.foldable && typeof args[1]!.value === "string" ? args[1]!.value : undefined;
    const fast = trimKernel("BOTH", c);
    return {
      dataType: STRING,
      nullable: args[0]!.nullable || args[1]!.nullable,
      eval: fast ? (s) => fast(s as string) : (s, chars) => trimChars(s as string, chars as string, "BOTH"),
    };
  },
};
