/**
 * Shared pieces of the string family: implicit-cast wishes (`coerce`), generated-column-name
 * builders, argument checks and code-point utilities. Kernels call these at bind time only, except
 * the small code-point helpers which are allocation-free.
 */
import { TsparkError } from "../../common/errors.js";
import { BINARY, type DataType, INT, LONG, STRING } from "../../types/data-type.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { BindArg } from "../function-definition.js";

/** What a string-family parameter wants the analyzer to cast to. */
export type Want = "string" | "int" | "long" | "string_or_binary" | "binary" | "keep";

/** True for atomic types Spark implicitly casts to STRING for a string parameter. */
function castsToString(t: DataType): boolean {
  switch (t.kind) {
    case "array":
    case "map":
    case "struct":
    case "calendar_interval":
      return false;
    default:
      return true;
  }
}

function wantedType(want: Want, t: DataType): DataType | undefined {
  switch (want) {
    case "string":
      return t.kind === "string" ? undefined : STRING;
    case "int":
      return t.kind === "int" ? undefined : INT;
    case "long":
      return t.kind === "long" ? undefined : LONG;
    case "binary":
      return t.kind === "binary" ? undefined : BINARY;
    case "string_or_binary":
      return t.kind === "string" || t.kind === "binary" ? undefined : STRING;
    case "keep":
      return undefined;
  }
}

/**
 * Builds a `coerce` function from per-position wishes; positions past the list reuse the last
 * wish (variadic functions). Complex types are still asked for, so the analyzer reports
 * `UNEXPECTED_INPUT_TYPE` for them.
 */
export function coerceTo(...wants: Want[]): (types: readonly DataType[]) => (DataType | undefined)[] {
  return (types) =>
    types.map((t, i) => {
      const w = wants[Math.min(i, wants.length - 1)] ?? "keep";
      if (w === "string" && !castsToString(t)) return STRING;
      return wantedType(w, t);
    });
}

/**
 * Spark's rule for functions over STRING or BINARY (concat, lpad, …): binary stays binary only
 * when every such argument is binary, otherwise everything becomes STRING.
 */
export function coerceAllStringOrBinary(positions: (i: number) => boolean, otherWant: Want = "int") {
  return (types: readonly DataType[]): (DataType | undefined)[] => {
    const picked = types.filter((_, i) => positions(i));
    const allBinary = picked.length > 0 && picked.every((t) => t.kind === "binary" || t.kind === "null");
    const anyBinary = picked.some((t) => t.kind === "binary");
    return types.map((t, i) => {
      if (!positions(i)) return wantedType(otherWant, t);
      if (allBinary && anyBinary) return t.kind === "binary" ? undefined : BINARY;
      return t.kind === "string" ? undefined : STRING;
    });
  };
}

/** `name(a, b, c)`: Spark's default `prettyName(children.sql)` rendering. */
export function callSql(name: string, args: readonly string[]): string {
  return `${name}(${args.join(", ")})`;
}

/** The generated name when the function keeps the alias it was called by (FUNC_ALIAS). */
export function aliasAwareSql(
  canonical: string,
  aliases: readonly string[],
): (args: readonly string[], calledAs: string) => string {
  return (args, calledAs) => {
    const lower = calledAs.toLowerCase();
    return callSql(aliases.includes(lower) ? lower : canonical, args);
  };
}

/** Appends the display text of defaulted trailing arguments, as Spark's constructors add literals. */
export function withDefaults(args: readonly string[], defaults: readonly string[], total: number): string[] {
  const out = [...args];
  for (let i = args.length; i < total; i++) out.push(defaults[i - (total - defaults.length)] ?? "");
  return out;
}

/** The SQL text of a call for error messages. */
export function bindSql(name: string, args: readonly BindArg[]): string {
  return callSql(
    name,
    args.map((a) => a.sql),
  );
}

/** Throws `UNEXPECTED_INPUT_TYPE` unless argument `i` has one of the kinds. */
export function requireKind(
  name: string,
  args: readonly BindArg[],
  i: number,
  kinds: readonly string[],
): void {
  const a = args[i];
  if (a === undefined) return;
  if (a.dataType.kind === "null" || kinds.includes(a.dataType.kind)) return;
  const required = kinds.map((k) => `"${k === "int" ? "INT" : k.toUpperCase()}"`).join(" or ");
  throw unexpectedInputType(bindSql(name, args), i, required, a);
}

/** Throws `NON_FOLDABLE_INPUT` unless argument `i` is a constant. */
export function requireFoldable(name: string, args: readonly BindArg[], i: number, inputName: string): void {
  const a = args[i];
  if (a === undefined || a.foldable) return;
  throw typeMismatch("NON_FOLDABLE_INPUT", bindSql(name, args), {
    inputName: `\`${inputName}\``,
    inputType: `"${a.dataType.sql()}"`,
    inputExpr: `"${a.sql}"`,
  });
}

/** The constant value of a foldable argument, or undefined when it is not foldable. */
export function constValue(arg: BindArg | undefined): unknown {
  return arg?.foldable ? (arg.value ?? null) : undefined;
}

/** Number of code points in a JS string (Spark's `numChars`). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** True when the string has no surrogate pairs, so code-unit indexes are code-point indexes. */
export function isBmpOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** Splits a string into its code points (as strings). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Converts a code-point offset to a UTF-16 offset in `s` (clamped to the string's end). */
export function cpOffsetToUnit(s: string, cp: number): number {
  let unit = 0;
  for (let i = 0; i < cp && unit < s.length; i++) {
    const c = s.charCodeAt(unit);
    unit += c >= 0xd800 && c <= 0xdbff && unit + 1 < s.length ? 2 : 1;
  }
  return unit;
}

/** Converts a UTF-16 offset in `s` to a code-point offset. */
export function unitOffsetToCp(s: string, unit: number): number {
  return codePointLength(s.slice(0, unit));
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: false });

/** UTF-8 bytes of a string (Spark strings are UTF-8 internally). */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes UTF-8 bytes, replacing malformed sequences as Spark's binary → string cast does. */
export function fromUtf8(b: Uint8Array): string {
  return strictDecoder.decode(b);
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** JS strings cap out near 2^29 code units; refuse earlier with a Spark-style error. */
export const MAX_STRING_UNITS = 1 << 28;

/** Throws when a result would be too long to build (instead of a bare RangeError). */
export function checkResultLength(fn: string, units: number): void {
  if (units > MAX_STRING_UNITS) {
    throw new TsparkError("INVALID_PARAMETER_VALUE", {
      messageParameters: {
        functionName: `\`${fn}\``,
        parameter: "`len`",
        message: `the result would have ${units} characters, more than tspark supports (${MAX_STRING_UNITS}).`,
      },
    });
  }
}
