/**
 * Character-level rewrites: `translate`, `replace`, `overlay`, `repeat`, `reverse`, `space`.
 */
import { ArrayType, BINARY, type DataType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { callSql, checkResultLength, codePointLength, coerceTo, concatBytes, constValue } from "./helpers.js";
import { substringBytes, substringSql } from "./substring.js";

/** Builds Spark's translate dictionary: first mapping of a character wins; no replacement deletes. */
export function translateDict(matching: string, replace: string): Map<string, string | null> {
  const dict = new Map<string, string | null>();
  const m = Array.from(matching);
  const r = Array.from(replace);
  for (let i = 0; i < m.length; i++) {
    if (!dict.has(m[i]!)) dict.set(m[i]!, i < r.length ? r[i]! : null);
  }
  return dict;
}

/** Applies a translate dictionary to `s`. */
export function translateWith(s: string, dict: Map<string, string | null>): string {
  let out = "";
  for (const ch of s) {
    const t = dict.get(ch);
    if (t === undefined) out += ch;
    else if (t !== null) out += t;
  }
  return out;
}

/** `translate(input, from, to)`. */
export const TRANSLATE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "translate",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "translate(input, from, to) - Translates the `input` string by replacing the characters present in the `from` string with the corresponding characters in the `to` string.",
    examples: [{ sql: "translate('AaBbCc', 'abc', '123')", result: "A1B2C3" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => {
    const m = constValue(args[1]);
    const r = constValue(args[2]);
    const nullable = args.some((a) => a.nullable);
    if (typeof m === "string" && typeof r === "string") {
      const dict = translateDict(m, r);
      return { dataType: STRING, nullable, eval: (s) => translateWith(s as string, dict) };
    }
    let lastKey = "";
    let lastDict: Map<string, string | null> | undefined;
    return {
      dataType: STRING,
      nullable,
      eval: (s, from, to) => {
        const key = `${(from as string).length}:${from as string}${to as string}`;
        if (lastDict === undefined || key !== lastKey) {
          lastDict = translateDict(from as string, to as string);
          lastKey = key;
        }
        return translateWith(s as string, lastDict);
      },
    };
  },
};

/** `replace(str, search[, replace])`: every occurrence of `search` replaced; empty `search` is a no-op. */
export const REPLACE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "replace",
  args: { min: 2, max: 3 },
  docs: {
    usage: "replace(str, search[, replace]) - Replaces all occurrences of `search` with `replace`.",
    examples: [{ sql: "replace('ABCabc', 'abc', 'DEF')", result: "ABCDEF" }],
    since: "2.3.0",
  },
  sql: (args) => callSql("replace", args.length === 2 ? [...args, ""] : args),
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args.some((a) => a.nullable),
    eval: (s, search, rep) =>
      (search as string).length === 0
        ? s
        : (s as string).replaceAll(search as string, (rep as string | undefined) ?? ""),
  }),
};

/** Spark's `Overlay.calculate` on strings. */
export function overlayString(input: string, replace: string, pos: number, len: number): string {
  const tail = len < 0 ? pos + codePointLength(replace) : pos + len;
  return substringSql(input, 1, pos - 1) + replace + substringSql(input, tail, 2147483647);
}

/** Spark's `Overlay.calculate` on binaries. */
export function overlayBytes(input: Uint8Array, replace: Uint8Array, pos: number, len: number): Uint8Array {
  const tail = len < 0 ? pos + replace.length : pos + len;
  return concatBytes([substringBytes(input, 1, pos - 1), replace, substringBytes(input, tail, 2147483647)]);
}

/** `overlay(input, replace, pos[, len])`. */
export const OVERLAY: ScalarFunctionDefinition = {
  type: "scalar",
  name: "overlay",
  args: { min: 3, max: 4 },
  docs: {
    usage:
      "overlay(input, replace, pos[, len]) - Replaces `input` with `replace` that starts at `pos` and is of length `len`.",
    examples: [
      { sql: "overlay('Spark SQL', '_', 6)", result: "Spark_SQL" },
      { sql: "overlay('Spark SQL', 'CORE', 7)", result: "Spark CORE" },
      { sql: "overlay('Spark SQL', 'ANSI ', 7, 0)", result: "Spark ANSI SQL" },
      { sql: "overlay('Spark SQL', 'tructured', 2, 4)", result: "Structured SQL" },
    ],
    since: "3.0.0",
  },
  sql: (args) => callSql("overlay", args.length === 3 ? [...args, "-1"] : args),
  coerce: (types) => {
    const binary = types[0]!.kind === "binary" && (types[1]!.kind === "binary" || types[1]!.kind === "null");
    const strType: DataType = binary ? BINARY : STRING;
    return types.map((t, i) =>
      i < 2 ? (t.kind === strType.kind ? undefined : strType) : coerceTo("int")([t])[0],
    );
  },
  bind: (args) => {
    const nullable = args.some((a) => a.nullable);
    if (args[0]!.dataType.kind === "binary") {
      return {
        dataType: BINARY,
        nullable,
        eval: (i, r, p, l) =>
          overlayBytes(i as Uint8Array, r as Uint8Array, p as number, (l as number | undefined) ?? -1),
      };
    }
    return {
      dataType: STRING,
      nullable,
      eval: (i, r, p, l) =>
        overlayString(i as string, r as string, p as number, (l as number | undefined) ?? -1),
    };
  },
};

/** `repeat(str, n)`: `str` repeated `n` times; empty when `n` ≤ 0. */
export const REPEAT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "repeat",
  args: { min: 2, max: 2 },
  docs: {
    usage: "repeat(str, n) - Returns the string which repeats the given string value n times.",
    examples: [{ sql: "repeat('123', 2)", result: "123123" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string", "int"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args.some((a) => a.nullable),
    eval: (s, n) => {
      const times = n as number;
      if (times <= 0) return "";
      checkResultLength("repeat", (s as string).length * times);
      return (s as string).repeat(times);
    },
  }),
};

/** `reverse(str)` (code points) or `reverse(array)` (elements). */
export const REVERSE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "reverse",
  args: { min: 1, max: 1 },
  docs: {
    usage: "reverse(array) - Returns a reversed string or an array with reverse order of elements.",
    examples: [
      { sql: "reverse('Spark SQL')", result: "LQS krapS" },
      { sql: "reverse(array(2, 1, 4, 3))", result: "[3, 4, 1, 2]" },
    ],
    since: "1.5.0",
  },
  coerce: (types) => types.map((t) => (t.kind === "string" || t.kind === "array" ? undefined : STRING)),
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t instanceof ArrayType) {
      return { dataType: t, nullable: args[0]!.nullable, eval: (a) => (a as unknown[]).slice().reverse() };
    }
    return {
      dataType: STRING,
      nullable: args[0]!.nullable,
      eval: (s) => {
        const str = s as string;
        let out = "";
        for (let i = str.length - 1; i >= 0; i--) {
          const c = str.charCodeAt(i);
          if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
            const h = str.charCodeAt(i - 1);
            if (h >= 0xd800 && h <= 0xdbff) {
              out += str[i - 1]! + str[i]!;
              i--;
              continue;
            }
          }
          out += str[i]!;
        }
        return out;
      },
    };
  },
};

/** `space(n)`: `n` spaces; empty when `n` ≤ 0. */
export const SPACE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "space",
  args: { min: 1, max: 1 },
  docs: {
    usage: "space(n) - Returns a string consisting of `n` spaces.",
    examples: [{ sql: "concat(space(2), '1')", result: "  1" }],
    since: "1.5.0",
  },
  coerce: coerceTo("int"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]!.nullable,
    eval: (n) => {
      const k = n as number;
      if (k <= 0) return "";
      checkResultLength("space", k);
      return " ".repeat(k);
    },
  }),
};
