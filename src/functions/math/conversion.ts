/**
 * Number-base conversions and integer functions: `bin`, `hex`, `unhex`, `conv`, `factorial`, and
 * `width_bucket`. Longs are treated as unsigned 64-bit words where Java's `Long.toBinaryString`,
 * `Long.toHexString` and Spark's `NumberConverter` do.
 */
import { normLong } from "../../data/values.js";
import { BINARY, type DataType, DOUBLE, isNumeric, LONG, STRING, INT } from "../../types/data-type.js";
import { implicitCastTarget } from "../../types/coercion.js";
import { unexpectedInputType } from "../errors.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { argsSql, overflowError, toNumber } from "./helpers.js";

const U64 = 1n << 64n;
const U64_MAX = U64 - 1n;

function unsigned64(v: unknown): bigint {
  return BigInt.asUintN(64, typeof v === "bigint" ? v : BigInt(v as number));
}

/** `bin(expr)`: the binary string of a BIGINT (two's complement for negatives). */
export const BIN: ScalarFunctionDefinition = {
  type: "scalar",
  name: "bin",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Returns the string representation of the long value `expr` represented in binary.",
    examples: [
      { sql: "bin(13)", result: "1101" },
      { sql: "bin(-13)", result: "1111111111111111111111111111111111111111111111111111111111110011" },
      { sql: "bin(13.3)", result: "1101" },
    ],
  },
  coerce: (argTypes) => [argTypes[0]!.kind === "long" ? undefined : implicitCastTarget(argTypes[0]!, LONG)],
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t.kind !== "long" && t.kind !== "null" && !isNumeric(t)) {
      throw unexpectedInputType(argsSql("bin", args), 0, '"BIGINT"', args[0]!);
    }
    return {
      dataType: STRING,
      nullable: args[0]!.nullable,
      eval: (v) => (typeof v === "number" && v >= 0 ? v.toString(2) : unsigned64(v).toString(2)),
    };
  },
};

const HEX = "0123456789ABCDEF";

function hexBytes(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += HEX[x >> 4]! + HEX[x & 15]!;
  return s;
}

/** `hex(expr)`: upper-case hex of a BIGINT (unsigned), or of the UTF-8 bytes of a string / binary. */
export const HEX_FN: ScalarFunctionDefinition = {
  type: "scalar",
  name: "hex",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Converts `expr` to hexadecimal.",
    examples: [
      { sql: "hex(17)", result: "11" },
      { sql: "hex('Spark SQL')", result: "537061726B2053514C" },
    ],
  },
  coerce: (argTypes) => {
    const t = argTypes[0]!;
    if (t.kind === "long" || t.kind === "string" || t.kind === "binary") return [undefined];
    return [implicitCastTarget(t, [LONG, BINARY, STRING])];
  },
  bind: (args) => {
    const t = args[0]!.dataType;
    const nullable = args[0]!.nullable;
    if (t.kind === "string") {
      const enc = new TextEncoder();
      return { dataType: STRING, nullable, eval: (v) => hexBytes(enc.encode(v as string)) };
    }
    if (t.kind === "binary") return { dataType: STRING, nullable, eval: (v) => hexBytes(v as Uint8Array) };
    if (t.kind === "long" || t.kind === "null" || isNumeric(t)) {
      return { dataType: STRING, nullable, eval: (v) => unsigned64(v).toString(16).toUpperCase() };
    }
    throw unexpectedInputType(argsSql("hex", args), 0, '("BIGINT" or "BINARY" or "STRING")', args[0]!);
  },
};

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** `unhex(expr)`: bytes from hex digits (an odd count gets a leading 0); NULL on a non-hex digit. */
export const UNHEX: ScalarFunctionDefinition = {
  type: "scalar",
  name: "unhex",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Converts hexadecimal `expr` to binary.",
    examples: [{ sql: "hex(unhex('537061726B2053514C'))", result: "537061726B2053514C" }],
  },
  coerce: (argTypes) => [
    argTypes[0]!.kind === "string" ? undefined : implicitCastTarget(argTypes[0]!, STRING),
  ],
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t.kind !== "string" && t.kind !== "null") {
      throw unexpectedInputType(argsSql("unhex", args), 0, '"STRING"', args[0]!);
    }
    return {
      dataType: BINARY,
      nullable: true,
      eval: (v) => {
        const s = v as string;
        const odd = s.length % 2;
        const out = new Uint8Array((s.length + odd) >> 1);
        let j = 0;
        let i = 0;
        if (odd) {
          const d = hexDigit(s.charCodeAt(0));
          if (d < 0) return null;
          out[j++] = d;
          i = 1;
        }
        for (; i < s.length; i += 2) {
          const hi = hexDigit(s.charCodeAt(i));
          const lo = hexDigit(s.charCodeAt(i + 1));
          if (hi < 0 || lo < 0) return null;
          out[j++] = (hi << 4) | lo;
        }
        return out;
      },
    };
  },
};

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Spark's `NumberConverter.convert`: parses `s` in `fromBase` as an unsigned 64-bit value (a
 * leading '-' negates it), stopping at the first invalid digit, and prints it in |toBase|; a
 * negative `toBase` prints it as a signed value. Overflow past 64 bits raises in ANSI mode and
 * saturates to all ones otherwise.
 */
export function convertBase(s: string, fromBase: number, toBase: number, ansi: boolean): string | null {
  if (fromBase < 2 || fromBase > 36 || Math.abs(toBase) < 2 || Math.abs(toBase) > 36) return null;
  let text = s.trim();
  if (text.length === 0) return null;
  const negative = text[0] === "-";
  if (negative) text = text.slice(1);
  const fb = BigInt(fromBase);
  let v = 0n;
  let overflow = false;
  for (let i = 0; i < text.length; i++) {
    const d = DIGITS.indexOf(text[i]!.toUpperCase());
    if (d < 0 || d >= fromBase) break;
    v = v * fb + BigInt(d);
    if (v > U64_MAX) {
      overflow = true;
      break;
    }
  }
  if (overflow) {
    if (ansi) throw overflowError("Overflow in function conv()", "try_conv");
    v = U64_MAX;
  }
  if (negative) v = (U64 - v) % U64;
  let neg = false;
  if (toBase < 0 && v >= 1n << 63n) {
    neg = true;
    v = U64 - v;
  }
  const out = v.toString(Math.abs(toBase)).toUpperCase();
  return neg ? `-${out}` : out;
}

/** `conv(num, from_base, to_base)`. */
export const CONV: ScalarFunctionDefinition = {
  type: "scalar",
  name: "conv",
  args: { min: 3, max: 3 },
  docs: {
    usage: "Convert `num` from `from_base` to `to_base`.",
    examples: [
      { sql: "conv('100', 2, 10)", result: "4" },
      { sql: "conv(-10, 16, -10)", result: "-16" },
    ],
  },
  coerce: (argTypes) => [
    argTypes[0]!.kind === "string" ? undefined : implicitCastTarget(argTypes[0]!, STRING),
    argTypes[1]!.kind === "int" ? undefined : implicitCastTarget(argTypes[1]!, INT),
    argTypes[2]!.kind === "int" ? undefined : implicitCastTarget(argTypes[2]!, INT),
  ],
  bind: (_args, ctx) => ({
    dataType: STRING,
    nullable: true,
    eval: (n, f, t) => convertBase(String(n), toNumber(f), toNumber(t), ctx.ansi),
  }),
};

const FACTORIALS: bigint[] = [1n];
for (let i = 1; i <= 20; i++) FACTORIALS.push(FACTORIALS[i - 1]! * BigInt(i));

/** `factorial(expr)`: for 0..20, else NULL. */
export const FACTORIAL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "factorial",
  args: { min: 1, max: 1 },
  docs: {
    usage: "Returns the factorial of `expr`. `expr` is [0..20]. Otherwise, null.",
    examples: [{ sql: "factorial(5)", result: "120" }],
  },
  coerce: (argTypes) => [argTypes[0]!.kind === "int" ? undefined : implicitCastTarget(argTypes[0]!, INT)],
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t.kind !== "int" && t.kind !== "null" && !isNumeric(t)) {
      throw unexpectedInputType(argsSql("factorial", args), 0, '"INT"', args[0]!);
    }
    return {
      dataType: LONG,
      nullable: true,
      eval: (v) => {
        const n = toNumber(v);
        if (n < 0 || n > 20) return null;
        const f = FACTORIALS[n]!;
        return f <= 9007199254740991n ? Number(f) : f;
      },
    };
  },
};

/** `width_bucket(value, min, max, numBuckets)`: the equi-width bucket of `value`. */
export const WIDTH_BUCKET: ScalarFunctionDefinition = {
  type: "scalar",
  name: "width_bucket",
  args: { min: 4, max: 4 },
  docs: {
    usage:
      "Returns the bucket number to which `value` would be assigned in an equiwidth histogram with `num_bucket` buckets, in the range `min_value` to `max_value`.",
    examples: [
      { sql: "width_bucket(5.3, 0.2, 10.6, 5)", result: "3" },
      { sql: "width_bucket(-2.1, 1.3, 3.4, 3)", result: "0" },
    ],
  },
  coerce: (argTypes) =>
    argTypes.map((t: DataType, i) => {
      const want = i === 3 ? LONG : DOUBLE;
      return t.kind === want.kind ? undefined : implicitCastTarget(t, want);
    }),
  bind: () => ({
    dataType: LONG,
    nullable: true,
    eval: (v, lo, hi, n) => {
      const value = toNumber(v);
      const min = toNumber(lo);
      const max = toNumber(hi);
      // numBuckets may be a BIGINT beyond 2^53: only Long.MaxValue itself is rejected, as in Spark.
      const big = BigInt(n as number | bigint);
      const buckets = Number(big);
      if (
        big <= 0n ||
        big === 9223372036854775807n ||
        Number.isNaN(value) ||
        min === max ||
        !Number.isFinite(min) ||
        !Number.isFinite(max)
      ) {
        return null;
      }
      // Spark computes (numBuckets * (value - lower) / (upper - lower)).toLong + 1 in doubles.
      const bucket = (x: number): number | bigint => normLong(BigInt(Math.trunc(x)) + 1n);
      if (min < max) {
        if (value < min) return 0;
        if (value >= max) return normLong(big + 1n);
        return bucket((buckets * (value - min)) / (max - min));
      }
      if (value > min) return 0;
      if (value <= max) return normLong(big + 1n);
      return bucket((buckets * (min - value)) / (min - max));
    },
  }),
};
