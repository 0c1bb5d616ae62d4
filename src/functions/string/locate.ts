/**
 * Searching: `instr(str, substr)` and `locate(substr, str[, pos])` (alias `position`). Results are
 * 1-based code-point positions, 0 when not found.
 */
import { INT } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { coerceTo, cpOffsetToUnit, isBmpOnly, unitOffsetToCp } from "./helpers.js";

/** Spark's `UTF8String.indexOf(v, start)` + 1, in code points; an empty `v` gives 1. */
export function locateFrom(s: string, sub: string, startCp: number): number {
  if (sub.length === 0) return 1;
  if (isBmpOnly(s)) {
    const i = s.indexOf(sub, startCp);
    return i < 0 ? 0 : i + 1;
  }
  const i = s.indexOf(sub, cpOffsetToUnit(s, startCp));
  return i < 0 ? 0 : unitOffsetToCp(s, i) + 1;
}

/** `instr(str, substr)`. */
export const INSTR: ScalarFunctionDefinition = {
  type: "scalar",
  name: "instr",
  args: { min: 2, max: 2 },
  docs: {
    usage: "instr(str, substr) - Returns the (1-based) index of the first occurrence of `substr` in `str`.",
    examples: [{ sql: "instr('SparkSQL', 'SQL')", result: "6" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: INT,
    nullable: args.some((a) => a.nullable),
    eval: (s, sub) => locateFrom(s as string, sub as string, 0),
  }),
};

/** `locate(substr, str[, pos])`: a null `pos` gives 0, a `pos` below 1 gives 0. */
export const LOCATE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "locate",
  aliases: ["position"],
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "locate(substr, str[, pos]) - Returns the position of the first occurrence of `substr` in `str` after position `pos`. The given `pos` and return value are 1-based.",
    examples: [
      { sql: "locate('bar', 'foobarbar')", result: "4" },
      { sql: "locate('bar', 'foobarbar', 5)", result: "7" },
      { sql: "position('bar', 'foobarbar')", result: "4" },
    ],
    since: "1.5.0",
  },
  sql: (args, calledAs) => {
    const name = calledAs.toLowerCase() === "position" ? "position" : "locate";
    return `${name}(${[...args, ...(args.length === 2 ? ["1"] : [])].join(", ")})`;
  },
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => ({
    dataType: INT,
    nullable: args[0]!.nullable || args[1]!.nullable,
    nullIntolerant: false,
    eval: (sub, s, pos) => {
      const p = pos === undefined ? 1 : pos;
      if (p === null) return 0;
      if (sub === null || s === null) return null;
      if ((p as number) < 1) return 0;
      return locateFrom(s as string, sub as string, (p as number) - 1);
    },
  }),
};
