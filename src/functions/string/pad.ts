/**
 * `lpad` and `rpad` for strings (padding counted in code points) and binaries (bytes).
 */
import { BINARY, INT as INT_TYPE, STRING } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { checkResultLength, codePoints, cpOffsetToUnit, isBmpOnly } from "./helpers.js";

/** Spark's `UTF8String.lpad/rpad`: pads to `len` code points, or truncates to `len`. */
export function padString(s: string, len: number, pad: string, left: boolean): string {
  if (isBmpOnly(s) && isBmpOnly(pad)) {
    const spaces = len - s.length;
    if (spaces <= 0 || pad.length === 0) return len <= 0 ? "" : s.slice(0, len);
    checkResultLength(left ? "lpad" : "rpad", len);
    const fill = pad.repeat(Math.ceil(spaces / pad.length)).slice(0, spaces);
    return left ? fill + s : s + fill;
  }
  const sc = codePoints(s);
  const spaces = len - sc.length;
  if (spaces <= 0 || pad.length === 0) return len <= 0 ? "" : s.slice(0, cpOffsetToUnit(s, len));
  checkResultLength(left ? "lpad" : "rpad", len * 2);
  const pc = codePoints(pad);
  let fill = "";
  for (let i = 0; i < spaces; i++) fill += pc[i % pc.length]!;
  return left ? fill + s : s + fill;
}

/** Byte-wise padding (Spark's `ByteArray.lpad/rpad`). */
export function padBytes(b: Uint8Array, len: number, pad: Uint8Array, left: boolean): Uint8Array {
  const spaces = len - b.length;
  if (spaces <= 0 || pad.length === 0) return b.slice(0, Math.max(0, len));
  checkResultLength(left ? "lpad" : "rpad", len);
  const out = new Uint8Array(len);
  const fillAt = left ? 0 : b.length;
  for (let i = 0; i < spaces; i++) out[fillAt + i] = pad[i % pad.length]!;
  out.set(b, left ? spaces : 0);
  return out;
}

function isBinaryPad(args: readonly BindArg[]): boolean {
  const str = args[0]!.dataType.kind;
  const pad = args[2]?.dataType.kind ?? "binary";
  return str === "binary" && (pad === "binary" || pad === "null");
}

function makePad(name: "lpad" | "rpad", left: boolean): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 3 },
    docs: {
      usage: `${name}(str, len[, pad]) - Returns \`str\`, ${left ? "left" : "right"}-padded with \`pad\` to a length of \`len\`; a longer \`str\` is shortened to \`len\` characters or bytes. The default pad is a space for strings and a zero byte for binaries.`,
      examples: left
        ? [
            { sql: "lpad('hi', 5, '??')", result: "???hi" },
            { sql: "lpad('hi', 1, '??')", result: "h" },
            { sql: "lpad('hi', 5)", result: "   hi" },
          ]
        : [
            { sql: "rpad('hi', 5, '??')", result: "hi???" },
            { sql: "rpad('hi', 1, '??')", result: "h" },
            { sql: "rpad('hi', 5)", result: "hi   " },
          ],
      since: "1.5.0",
    },
    sql: (args) => `${name}(${[...args, ...(args.length === 2 ? [" "] : [])].join(", ")})`,
    coerce: (types) => {
      const str = types[0]!;
      const pad = types[2];
      const binary =
        str.kind === "binary" && (pad === undefined || pad.kind === "binary" || pad.kind === "null");
      return types.map((t, i) => {
        if (i === 1) return t.kind === "int" ? undefined : INT_TYPE;
        if (binary) return t.kind === "binary" ? undefined : BINARY;
        return t.kind === "string" ? undefined : STRING;
      });
    },
    bind: (args) => {
      const nullable = args.some((a) => a.nullable);
      if (isBinaryPad(args)) {
        const zero = new Uint8Array([0]);
        return {
          dataType: BINARY,
          nullable,
          // the default pad of a binary is a zero byte, which Spark's column name shows
          ...(args.length === 2
            ? { display: (a: readonly string[]) => `${name}(${a[0]}, ${a[1]}, X'00')` }
            : {}),
          eval: (b, len, pad) =>
            padBytes(b as Uint8Array, len as number, (pad as Uint8Array | undefined) ?? zero, left),
        };
      }
      return {
        dataType: STRING,
        nullable,
        eval: (s, len, pad) =>
          padString(s as string, len as number, (pad as string | undefined) ?? " ", left),
      };
    },
  };
}

/** `lpad(str, len[, pad])`. */
export const LPAD = makePad("lpad", true);
/** `rpad(str, len[, pad])`. */
export const RPAD = makePad("rpad", false);
