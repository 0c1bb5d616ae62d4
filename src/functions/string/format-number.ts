/**
 * `format_number(x, d)`: Java `DecimalFormat` output in Locale.US with HALF_EVEN rounding, either
 * with `d` decimal places (`#,###,###,###,###,###,##0.00…`) or with a user pattern string.
 * Rounding uses the exact binary value of doubles, as DecimalFormat does.
 */
import { divRound, pow10 } from "../../data/decimal.js";
import { type DataType, INT, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { requireKind } from "./helpers.js";

/** A parsed DecimalFormat pattern (the subset Spark users write: `#`, `0`, `,`, `.`, affixes). */
export interface NumberPattern {
  readonly prefix: string;
  readonly suffix: string;
  readonly minInt: number;
  readonly grouping: number;
  readonly minFrac: number;
  readonly maxFrac: number;
}

const DEFAULT_PATTERN = "#,###,###,###,###,###,##0";

/** Parses a DecimalFormat pattern (positive subpattern only). */
export function parseNumberPattern(pattern: string): NumberPattern {
  const positive = pattern.split(";")[0]!;
  const m = /^([^#0,.]*)([#0,.]*)(.*)$/.exec(positive)!;
  const body = m[2]!;
  const dot = body.indexOf(".");
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? "" : body.slice(dot + 1);
  const lastComma = intPart.lastIndexOf(",");
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  return {
    prefix: m[1]!.replace(/'/g, ""),
    suffix: m[3]!.replace(/'/g, ""),
    minInt: (intPart.match(/0/g) ?? []).length,
    grouping: lastComma < 0 ? 0 : intPart.length - lastComma - 1,
    minFrac,
    maxFrac: minFrac + (fracPart.match(/#/g) ?? []).length,
  };
}

/** The pattern for `d` decimal places. */
export function patternForDecimals(d: number): NumberPattern {
  return parseNumberPattern(d > 0 ? `${DEFAULT_PATTERN}.${"0".repeat(d)}` : DEFAULT_PATTERN);
}

/** |x| × 10^d rounded HALF_EVEN from the exact binary value of the double `x`. */
export function scaledDouble(x: number, d: number): bigint {
  const abs = Math.abs(x);
  if (abs === 0) return 0n;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, abs);
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  const num = mant * pow10(d);
  if (exp >= 0) return num << BigInt(exp);
  return divRound(num, 1n << BigInt(-exp), "HALF_EVEN");
}

function group(digits: string, size: number): string {
  if (size <= 0 || digits.length <= size) return digits;
  let out = "";
  const first = digits.length % size || size;
  out = digits.slice(0, first);
  for (let i = first; i < digits.length; i += size) out += `,${digits.slice(i, i + size)}`;
  return out;
}

/** Lays out |value| × 10^maxFrac (already rounded) with the pattern. */
export function layoutNumber(scaled: bigint, negative: boolean, p: NumberPattern): string {
  let digits = scaled.toString();
  if (digits.length <= p.maxFrac) digits = "0".repeat(p.maxFrac - digits.length + 1) + digits;
  let intDigits = digits.slice(0, digits.length - p.maxFrac);
  let frac = digits.slice(digits.length - p.maxFrac);
  while (frac.length > p.minFrac && frac.endsWith("0")) frac = frac.slice(0, -1);
  intDigits = intDigits.replace(/^0+/, "");
  if (intDigits.length < p.minInt) intDigits = "0".repeat(p.minInt - intDigits.length) + intDigits;
  let body = group(intDigits, p.grouping);
  if (frac.length > 0) body += `.${frac}`;
  if (body === "") body = "0";
  return `${negative ? "-" : ""}${p.prefix}${body}${p.suffix}`;
}

/** Formats an internal numeric value of type `t` with the pattern. */
export function formatNumberValue(v: unknown, t: DataType, p: NumberPattern): string {
  if (t.kind === "double" || t.kind === "float") {
    const x = v as number;
    if (Number.isNaN(x)) return "NaN";
    const negative = x < 0 || Object.is(x, -0);
    if (!Number.isFinite(x)) return `${negative ? "-" : ""}${p.prefix}∞${p.suffix}`;
    return layoutNumber(scaledDouble(x, p.maxFrac), negative, p);
  }
  if (t.kind === "decimal") {
    const u = v as bigint;
    const neg = u < 0n;
    const abs = neg ? -u : u;
    const scaled =
      p.maxFrac >= t.scale
        ? abs * pow10(p.maxFrac - t.scale)
        : divRound(abs, pow10(t.scale - p.maxFrac), "HALF_EVEN");
    return layoutNumber(scaled, neg, p);
  }
  const big = typeof v === "bigint" ? v : BigInt(v as number);
  const neg = big < 0n;
  return layoutNumber((neg ? -big : big) * pow10(p.maxFrac), neg, p);
}

/** `format_number(expr1, expr2)`. */
export const FORMAT_NUMBER: ScalarFunctionDefinition = {
  type: "scalar",
  name: "format_number",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "format_number(expr1, expr2) - Formats the number `expr1` like '#,###,###.##', rounded to `expr2` decimal places. If `expr2` is 0, the result has no decimal point or fractional part. `expr2` also accepts a user specified format.",
    examples: [
      { sql: "format_number(12332.123456, 4)", result: "12,332.1235" },
      { sql: "format_number(12332.123456, '##################.###')", result: "12332.123" },
    ],
    since: "1.5.0",
  },
  coerce: (types) =>
    types.map((t, i) => {
      if (i === 0) return undefined;
      return t.kind === "int" || t.kind === "string"
        ? undefined
        : t.kind === "null"
          ? undefined
          : undefinedOrInt(t);
    }),
  bind: (args) => {
    requireKind("format_number", args, 0, ["byte", "short", "int", "long", "float", "double", "decimal"]);
    requireKind("format_number", args, 1, ["int", "string"]);
    const t = args[0]!.dataType;
    const byString = args[1]!.dataType.kind === "string";
    let lastKey: unknown;
    let last: NumberPattern | undefined;
    return {
      dataType: STRING,
      nullable: true,
      eval: (x, d) => {
        if (last === undefined || d !== lastKey) {
          if (!byString && (d as number) < 0) return null;
          last = byString
            ? parseNumberPattern((d as string) === "" ? DEFAULT_PATTERN : (d as string))
            : patternForDecimals(d as number);
          lastKey = d;
        }
        return formatNumberValue(x, t, last);
      },
    };
  },
};

function undefinedOrInt(t: DataType): DataType | undefined {
  return t.kind === "byte" || t.kind === "short" || t.kind === "long" ? INT : undefined;
}
