/**
 * Positional extraction: `substring`/`substr`, `left`, `right`, `substring_index`. Positions are
 * 1-based code points (bytes for binaries); negative positions count from the end, and position 0
 * acts as 1 (Spark's `substringSQL`).
 */
import { BINARY, STRING } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { aliasAwareSql, callSql, codePointLength, coerceTo, cpOffsetToUnit, isBmpOnly } from "./helpers.js";

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** [start, end) in characters for Spark's `substringSQL(pos, length)` over `len` characters. */
export function sqlRange(len: number, pos: number, length: number): [number, number] {
  let start = pos > 0 ? pos - 1 : pos < 0 ? len + pos : 0;
  let end = start + length;
  if (end > INT_MAX) end = INT_MAX;
  else if (end < INT_MIN) end = INT_MIN;
  start = Math.max(start, 0);
  if (start >= end) return [0, 0];
  return [start, Math.min(end, len)];
}

/** Spark's `UTF8String.substringSQL`. */
export function substringSql(s: string, pos: number, length: number): string {
  if (isBmpOnly(s)) {
    const [a, b] = sqlRange(s.length, pos, length);
    return a >= b ? "" : s.slice(a, b);
  }
  const [a, b] = sqlRange(codePointLength(s), pos, length);
  if (a >= b) return "";
  const ua = cpOffsetToUnit(s, a);
  return s.slice(ua, ua + cpOffsetToUnit(s.slice(ua), b - a));
}

/** Spark's `ByteArray.subStringSQL`. */
export function substringBytes(b: Uint8Array, pos: number, length: number): Uint8Array {
  const [a, e] = sqlRange(b.length, pos, length);
  return a >= e ? new Uint8Array(0) : b.slice(a, e);
}

const isBinary = (args: readonly BindArg[]): boolean => args[0]!.dataType.kind === "binary";

/** `substring(str, pos[, len])`, alias `substr` (which keeps its name in generated columns). */
export const SUBSTRING: ScalarFunctionDefinition = {
  type: "scalar",
  name: "substring",
  aliases: ["substr"],
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "substring(str, pos[, len]) - Returns the substring of `str` that starts at `pos` and is of length `len`, or the slice of byte array that starts at `pos` and is of length `len`.",
    examples: [
      { sql: "substring('Spark SQL', 5)", result: "k SQL" },
      { sql: "substring('Spark SQL', -3)", result: "SQL" },
      { sql: "substring('Spark SQL', 5, 1)", result: "k" },
      { sql: "substr('Spark SQL', 5, 1)", result: "k" },
    ],
    since: "1.5.0",
  },
  sql: (args, calledAs) =>
    aliasAwareSql("substring", ["substr"])(args.length === 2 ? [...args, String(INT_MAX)] : args, calledAs),
  coerce: coerceTo("string_or_binary", "int", "int"),
  bind: (args) => {
    const nullable = args.some((a) => a.nullable);
    if (isBinary(args)) {
      return {
        dataType: BINARY,
        nullable,
        eval: (b, pos, len) =>
          substringBytes(b as Uint8Array, pos as number, (len as number | undefined) ?? INT_MAX),
      };
    }
    return {
      dataType: STRING,
      nullable,
      eval: (s, pos, len) => substringSql(s as string, pos as number, (len as number | undefined) ?? INT_MAX),
    };
  },
};

/** `left(str, len)`: the leftmost `len` characters (empty when `len` ≤ 0). */
export const LEFT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "left",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "left(str, len) - Returns the leftmost `len` (`len` can be string type) characters from `str`; if `len` is less or equal than 0 the result is an empty string.",
    examples: [{ sql: "left('Spark SQL', 3)", result: "Spa" }],
    since: "2.3.0",
  },
  coerce: coerceTo("string_or_binary", "int"),
  bind: (args) => {
    const nullable = args.some((a) => a.nullable);
    if (isBinary(args)) {
      return { dataType: BINARY, nullable, eval: (b, n) => substringBytes(b as Uint8Array, 1, n as number) };
    }
    return { dataType: STRING, nullable, eval: (s, n) => substringSql(s as string, 1, n as number) };
  },
};

/** `right(str, len)`: the rightmost `len` characters (empty when `len` ≤ 0). */
export const RIGHT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "right",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "right(str, len) - Returns the rightmost `len` (`len` can be string type) characters from `str`; if `len` is less or equal than 0 the result is an empty string.",
    examples: [{ sql: "right('Spark SQL', 3)", result: "SQL" }],
    since: "2.3.0",
  },
  coerce: coerceTo("string_or_binary", "int"),
  bind: (args) => {
    const nullable = args.some((a) => a.nullable);
    if (isBinary(args)) {
      return {
        dataType: BINARY,
        nullable,
        eval: (b, n) =>
          (n as number) <= 0
            ? new Uint8Array(0)
            : substringBytes(b as Uint8Array, -(n as number), n as number),
      };
    }
    return {
      dataType: STRING,
      nullable,
      eval: (s, n) => ((n as number) <= 0 ? "" : substringSql(s as string, -(n as number), n as number)),
    };
  },
};

/** Spark's `UTF8String.subStringIndex(delim, count)`. */
export function substringIndex(s: string, delim: string, count: number): string {
  if (delim.length === 0 || count === 0) return "";
  if (count > 0) {
    let idx = -1;
    while (count > 0) {
      idx = s.indexOf(delim, idx + 1);
      if (idx < 0) return s;
      count--;
    }
    return s.slice(0, idx);
  }
  let idx = s.length - delim.length + 1;
  while (count < 0) {
    idx = idx - 1 < 0 ? -1 : s.lastIndexOf(delim, idx - 1);
    if (idx < 0) return s;
    count++;
  }
  return s.slice(idx + delim.length);
}

/** `substring_index(str, delim, count)`. */
export const SUBSTRING_INDEX: ScalarFunctionDefinition = {
  type: "scalar",
  name: "substring_index",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "substring_index(str, delim, count) - Returns the substring from `str` before `count` occurrences of the delimiter `delim`; a negative `count` counts from the right.",
    examples: [{ sql: "substring_index('www.apache.org', '.', 2)", result: "www.apache" }],
    since: "1.5.0",
  },
  sql: (args) => callSql("substring_index", args),
  coerce: coerceTo("string", "string", "int"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args.some((a) => a.nullable),
    eval: (s, d, n) => substringIndex(s as string, d as string, n as number),
  }),
};
