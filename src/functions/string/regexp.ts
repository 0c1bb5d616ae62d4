/**
 * Java-regex functions: `rlike` (aliases `regexp`, `regexp_like`), `regexp_replace`,
 * `regexp_extract`, `regexp_extract_all`, `regexp_count`, `regexp_substr`, `regexp_instr`.
 * Patterns are translated by ../regex.ts; a constant pattern compiles once at bind time.
 */
import { TsparkError } from "../../common/errors.js";
import { ArrayType, BOOLEAN, INT, STRING } from "../../types/data-type.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import {
  type CompiledRegex,
  forEachMatch,
  JavaReplacement,
  javaReplaceAll,
  patternLookup,
} from "../regex.js";
import { bindSql, callSql, coerceTo, constValue, requireFoldable } from "./helpers.js";

function lookupFor(name: string, args: readonly BindArg[]): (p: string) => CompiledRegex {
  const c = constValue(args[1]);
  return patternLookup(name, typeof c === "string" ? c : undefined);
}

/** `INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX`. */
function groupIndexError(fn: string, groupCount: number, idx: number): TsparkError {
  return new TsparkError("INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX", {
    messageParameters: {
      parameter: "`idx`",
      functionName: `\`${fn}\``,
      groupCount: String(groupCount),
      groupIndex: String(idx),
      message: `Expects group index between 0 and ${groupCount}, but got ${idx}.`,
    },
  });
}

function checkGroup(fn: string, re: CompiledRegex, idx: number): void {
  if (idx < 0 || idx > re.groupCount) throw groupIndexError(fn, re.groupCount, idx);
}

/** `rlike(str, regexp)`: true when the pattern is found anywhere in `str`. */
export const RLIKE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "rlike",
  aliases: ["regexp", "regexp_like"],
  args: { min: 2, max: 2 },
  docs: {
    usage: "rlike(str, regexp) - Returns true if `str` matches `regexp`, or false otherwise.",
    examples: [
      { sql: "rlike('%SystemDrive%\\\\Users\\\\John', '%SystemDrive%\\\\\\\\Users.*')", result: "true" },
      { sql: "regexp_like('Spark', 'S.*k')", result: "true" },
    ],
    since: "1.0.0",
  },
  sql: (args, calledAs) => {
    const lower = calledAs.toLowerCase();
    const name = lower === "regexp" || lower === "regexp_like" ? lower : "rlike";
    return `${name.toUpperCase()}(${args.join(", ")})`;
  },
  coerce: coerceTo("string"),
  bind: (args) => {
    const lookup = lookupFor("rlike", args);
    return {
      dataType: BOOLEAN,
      nullable: args.some((a) => a.nullable),
      eval: (s, p) => lookup(p as string).regex.test(s as string),
    };
  },
};

/** `regexp_replace(str, regexp, rep[, position])`. */
export const REGEXP_REPLACE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "regexp_replace",
  args: { min: 3, max: 4 },
  docs: {
    usage:
      "regexp_replace(str, regexp, rep[, position]) - Replaces all substrings of `str` that match `regexp` with `rep`.",
    examples: [{ sql: "regexp_replace('100-200', '(\\\\d+)', 'num')", result: "num-num" }],
    since: "1.5.0",
  },
  sql: (args) => callSql("regexp_replace", args.length === 3 ? [...args, "1"] : args),
  coerce: coerceTo("string", "string", "string", "int"),
  bind: (args) => {
    if (args.length === 4) {
      requireFoldable("regexp_replace", args, 3, "position");
      const pos = args[3]!.value;
      if (pos !== null && pos !== undefined && (pos as number) <= 0) {
        throw typeMismatch("VALUE_OUT_OF_RANGE", bindSql("regexp_replace", args), {
          exprName: "position",
          valueRange: "(0, 2147483647]",
          currentValue: String(pos),
        });
      }
    }
    const lookup = lookupFor("regexp_replace", args);
    let lastRep: string | undefined;
    let lastRe: CompiledRegex | undefined;
    let parsed: JavaReplacement | undefined;
    const replacementFor = (re: CompiledRegex, rep: string) => (): JavaReplacement => {
      if (parsed === undefined || lastRep !== rep || lastRe !== re) {
        parsed = new JavaReplacement(rep, re, "regexp_replace");
        lastRep = rep;
        lastRe = re;
      }
      return parsed;
    };
    return {
      dataType: STRING,
      nullable: args.some((a) => a.nullable),
      eval: (s, p, rep, pos) => {
        const source = s as string;
        const position = ((pos as number | undefined) ?? 1) - 1;
        const re = lookup(p as string);
        if (position === 0) return javaReplaceAll(re, source, replacementFor(re, rep as string));
        if (position >= source.length) return source;
        // Java searches the region [position, end) with opaque, anchoring bounds: same as
        // matching on the suffix alone.
        return (
          source.slice(0, position) +
          javaReplaceAll(re, source.slice(position), replacementFor(re, rep as string))
        );
      },
    };
  },
};

/** `regexp_extract(str, regexp[, idx])`: group `idx` of the first match, '' when none. */
export const REGEXP_EXTRACT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "regexp_extract",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "regexp_extract(str, regexp[, idx]) - Extracts the first string in `str` that matches `regexp` and corresponds to the regex group index `idx` (default 1, 0 is the whole match).",
    examples: [{ sql: "regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 1)", result: "100" }],
    since: "1.5.0",
  },
  sql: (args) => callSql("regexp_extract", args.length === 2 ? [...args, "1"] : args),
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => {
    const lookup = lookupFor("regexp_extract", args);
    return {
      dataType: STRING,
      nullable: args.some((a) => a.nullable),
      eval: (s, p, i) => {
        const re = lookup(p as string);
        const idx = (i as number | undefined) ?? 1;
        const m = re.regex.exec(s as string);
        if (m === null) return "";
        checkGroup("regexp_extract", re, idx);
        return m[idx] ?? "";
      },
    };
  },
};

/** `regexp_extract_all(str, regexp[, idx])`: group `idx` of every match. */
export const REGEXP_EXTRACT_ALL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "regexp_extract_all",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "regexp_extract_all(str, regexp[, idx]) - Extracts all strings in `str` that match `regexp` and correspond to the regex group index `idx`.",
    examples: [
      { sql: "regexp_extract_all('100-200, 300-400', '(\\\\d+)-(\\\\d+)', 1)", result: "[100, 300]" },
    ],
    since: "3.1.0",
  },
  sql: (args) => callSql("regexp_extract_all", args.length === 2 ? [...args, "1"] : args),
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => {
    const lookup = lookupFor("regexp_extract_all", args);
    return {
      dataType: new ArrayType(STRING, true),
      nullable: args.some((a) => a.nullable),
      eval: (s, p, i) => {
        const re = lookup(p as string);
        const idx = (i as number | undefined) ?? 1;
        const out: string[] = [];
        forEachMatch(re, s as string, (m) => {
          checkGroup("regexp_extract_all", re, idx);
          out.push(m[idx] ?? "");
          return true;
        });
        return out;
      },
    };
  },
};

/** `regexp_count(str, regexp)`: the number of matches. */
export const REGEXP_COUNT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "regexp_count",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "regexp_count(str, regexp) - Returns a count of the number of times that `regexp` is matched in `str`.",
    examples: [
      {
        sql: "regexp_count('Steven Jones and Stephen Smith are the best players', 'Ste(v|ph)en')",
        result: "2",
      },
      { sql: "regexp_count('abcdefghijklmnopqrstuvwxyz', '[a-z]{3}')", result: "8" },
    ],
    since: "3.4.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => {
    const lookup = lookupFor("regexp_count", args);
    return {
      dataType: INT,
      nullable: args.some((a) => a.nullable),
      eval: (s, p) => {
        let n = 0;
        forEachMatch(lookup(p as string), s as string, () => {
          n++;
          return true;
        });
        return n;
      },
    };
  },
};

/** `regexp_substr(str, regexp)`: the first match, or null when there is none. */
export const REGEXP_SUBSTR: ScalarFunctionDefinition = {
  type: "scalar",
  name: "regexp_substr",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "regexp_substr(str, regexp) - Returns the substring that matches `regexp` within `str`, or null when there is no match.",
    examples: [
      {
        sql: "regexp_substr('Steven Jones and Stephen Smith are the best players', 'Ste(v|ph)en')",
        result: "Steven",
      },
      { sql: "regexp_substr('Steven Jones and Stephen Smith are the best players', 'Jeck')", result: "NULL" },
    ],
    since: "3.4.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => {
    const lookup = lookupFor("regexp_substr", args);
    return {
      dataType: STRING,
      nullable: true,
      eval: (s, p) => {
        const m = lookup(p as string).regex.exec(s as string);
        return m === null || m[0] === "" ? null : m[0];
      },
    };
  },
};

/** `regexp_instr(str, regexp[, idx])`: 1-based position of the first match, 0 when none. */
export const REGEXP_INSTR: ScalarFunctionDefinition = {
  type: "scalar",
  name: "regexp_instr",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "regexp_instr(str, regexp) - Returns the 1-based position of the first substring of `str` that matches `regexp`, or 0 when there is none.",
    examples: [{ sql: "regexp_instr('user@spark.apache.org', '@[^.]*')", result: "5" }],
    since: "3.4.0",
  },
  sql: (args) => callSql("regexp_instr", args.length === 2 ? [...args, "0"] : args),
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => {
    const lookup = lookupFor("regexp_instr", args);
    return {
      dataType: INT,
      nullable: args.some((a) => a.nullable),
      eval: (s, p) => {
        const m = lookup(p as string).regex.exec(s as string);
        // Java reports the UTF-16 start index, so no code-point conversion here.
        return m === null ? 0 : m.index + 1;
      },
    };
  },
};
