/**
 * `format_string(strfmt, obj, …)` (alias `printf`): Java `java.util.Formatter` in Locale.US over
 * the arguments' internal values, as Spark passes them (a DATE is its day number, a TIMESTAMP its
 * microseconds). Supported conversions: `%s %S %b %B %c %C %d %o %x %X %e %E %f %g %G %% %n` with
 * flags `-#+ 0,(`, width, precision and explicit (`2$`) or relative (`<`) argument indexes.
 */
import { TsparkError } from "../../common/errors.js";
import { decimalToJavaString, javaDoubleToString, javaFloatToString } from "../../data/render.js";
import { type DataType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { aliasAwareSql } from "./helpers.js";

/** An argument with the Java class Spark would pass for it. */
interface JArg {
  readonly cls:
    | "null"
    | "Byte"
    | "Short"
    | "Integer"
    | "Long"
    | "Float"
    | "Double"
    | "Decimal"
    | "String"
    | "Boolean"
    | "Object";
  readonly v: unknown;
  readonly scale: number;
}

function javaClassOf(t: DataType): JArg["cls"] {
  switch (t.kind) {
    case "byte":
      return "Byte";
    case "short":
      return "Short";
    case "int":
    case "date":
      return "Integer";
    case "long":
    case "timestamp":
    case "timestamp_ntz":
      return "Long";
    case "float":
      return "Float";
    case "double":
      return "Double";
    case "decimal":
      return "Decimal";
    case "string":
      return "String";
    case "boolean":
      return "Boolean";
    default:
      return "Object";
  }
}

function formatError(message: string): TsparkError {
  return new TsparkError("INVALID_PARAMETER_VALUE", {
    messageParameters: { functionName: "`format_string`", parameter: "`strfmt`", message },
  });
}

function stringOf(a: JArg): string {
  switch (a.cls) {
    case "null":
      return "null";
    case "Double":
      return javaDoubleToString(a.v as number);
    case "Float":
      return javaFloatToString(a.v as number);
    case "Decimal":
      return decimalToJavaString(a.v as bigint, a.scale);
    case "Byte":
    case "Short":
    case "Integer":
    case "Long":
    case "String":
    case "Boolean":
      return String(a.v);
    default:
      if (a.v instanceof Uint8Array) return `[B@${(a.v.length >>> 0).toString(16)}`;
      return String(a.v);
  }
}

interface Spec {
  readonly index: number | "next" | "prev";
  readonly flags: string;
  readonly width: number | undefined;
  readonly precision: number | undefined;
  readonly conv: string;
  readonly text: string;
}

type Piece = string | Spec;

const SPEC = /%(\d+\$|<)?([-#+ 0,(]*)?(\d+)?(\.\d+)?([a-zA-Z%])/y;

/** Parses a Java format string into literal text and specifiers. */
export function parseFormat(fmt: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let lit = "";
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c !== "%") {
      lit += c;
      i++;
      continue;
    }
    SPEC.lastIndex = i;
    const m = SPEC.exec(fmt);
    if (m === null) {
      throw formatError(`UnknownFormatConversionException: Conversion = '${fmt.slice(i + 1, i + 2) || "%"}'`);
    }
    if (lit) out.push(lit);
    lit = "";
    const idx = m[1];
    out.push({
      index: idx === undefined ? "next" : idx === "<" ? "prev" : Number(idx.slice(0, -1)),
      flags: m[2] ?? "",
      width: m[3] === undefined ? undefined : Number(m[3]),
      precision: m[4] === undefined ? undefined : Number(m[4].slice(1)),
      conv: m[5]!,
      text: m[0],
    });
    i = SPEC.lastIndex;
  }
  if (lit) out.push(lit);
  return out;
}

function pad(s: string, spec: Spec): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  const fill = " ".repeat(spec.width - s.length);
  return spec.flags.includes("-") ? s + fill : fill + s;
}

function groupDigits(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Applies sign, grouping, zero padding and parentheses to a magnitude string. */
function numeric(magnitude: string, negative: boolean, spec: Spec, allowGroup = true): string {
  let body = magnitude;
  if (allowGroup && spec.flags.includes(",")) {
    const dot = body.search(/[.e]/);
    body = dot < 0 ? groupDigits(body) : groupDigits(body.slice(0, dot)) + body.slice(dot);
  }
  let prefix = "";
  let suffix = "";
  if (negative) {
    if (spec.flags.includes("(")) {
      prefix = "(";
      suffix = ")";
    } else prefix = "-";
  } else if (spec.flags.includes("+")) prefix = "+";
  else if (spec.flags.includes(" ")) prefix = " ";
  if (spec.flags.includes("0") && spec.width !== undefined) {
    const n = spec.width - prefix.length - suffix.length - body.length;
    if (n > 0) body = "0".repeat(n) + body;
  }
  return pad(prefix + body + suffix, spec);
}

function integralOf(a: JArg, spec: Spec): bigint {
  if (a.cls === "Byte" || a.cls === "Short" || a.cls === "Integer" || a.cls === "Long") {
    return typeof a.v === "bigint" ? a.v : BigInt(a.v as number);
  }
  throw formatError(
    `IllegalFormatConversionException: ${spec.conv} != java.lang.${a.cls === "Decimal" ? "Object" : a.cls}`,
  );
}

const BITS: Readonly<Record<string, bigint>> = { Byte: 8n, Short: 16n, Integer: 32n, Long: 64n };

/** Java's shortest-repr digits and decimal exponent of |x| (x finite, non-zero). */
function shortestDigits(x: number): { digits: string; exp: number } {
  const e = Math.abs(x).toExponential();
  const at = e.indexOf("e");
  return { digits: e.slice(0, at).replace(".", ""), exp: Number(e.slice(at + 1)) };
}

/** Rounds a digit string HALF_UP to `keep` digits; returns new digits and whether it carried. */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  if (keep < 0) return { digits: "", carry: false };
  if (digits.length <= keep) return { digits: digits.padEnd(keep, "0"), carry: false };
  let head = digits.slice(0, keep);
  if (digits.charCodeAt(keep) - 48 >= 5) {
    const arr = head.split("").map(Number);
    let k = arr.length - 1;
    while (k >= 0) {
      if (arr[k]! < 9) {
        arr[k]!++;
        break;
      }
      arr[k] = 0;
      k--;
    }
    head = arr.join("");
    if (k < 0) return { digits: `1${head}`, carry: true };
  }
  return { digits: head, carry: false };
}

/** `%f` magnitude of |x| with `prec` fraction digits (HALF_UP on the shortest digits). */
function fixed(x: number, prec: number): string {
  if (x === 0) return prec > 0 ? `0.${"0".repeat(prec)}` : "0";
  const { digits, exp } = shortestDigits(x);
  const intLen = exp + 1;
  const r = roundDigits(digits, intLen + prec);
  let all = r.digits;
  const newIntLen = r.carry ? intLen + 1 : intLen;
  if (newIntLen <= 0) all = "0".repeat(1 - newIntLen) + all;
  const cut = Math.max(newIntLen, 1);
  const intPart = all.slice(0, cut) || "0";
  const frac = all.slice(cut).padEnd(prec, "0").slice(0, prec);
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}

/** `%e` magnitude of |x|: d.ddd e±xx. */
function scientific(x: number, prec: number, upper: boolean): string {
  let mant: string;
  let exp: number;
  if (x === 0) {
    mant = prec > 0 ? `0.${"0".repeat(prec)}` : "0";
    exp = 0;
  } else {
    const s = shortestDigits(x);
    const r = roundDigits(s.digits, prec + 1);
    exp = s.exp + (r.carry ? 1 : 0);
    const d = r.digits.slice(0, prec + 1);
    mant = prec > 0 ? `${d[0]}.${d.slice(1)}` : d[0]!;
  }
  const e = `${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return mant + e;
}

function floating(a: JArg, spec: Spec): string {
  if (a.cls !== "Double" && a.cls !== "Float") {
    throw formatError(
      `IllegalFormatConversionException: ${spec.conv} != java.lang.${a.cls === "Decimal" ? "Object" : a.cls}`,
    );
  }
  const x = a.v as number;
  const upper = spec.conv === "E" || spec.conv === "G";
  if (Number.isNaN(x)) return pad(upper ? "NAN" : "NaN", spec);
  const negative = x < 0 || Object.is(x, -0);
  if (!Number.isFinite(x)) {
    const inf = upper ? "INFINITY" : "Infinity";
    return pad(
      negative
        ? spec.flags.includes("(")
          ? `(${inf})`
          : `-${inf}`
        : spec.flags.includes("+")
          ? `+${inf}`
          : inf,
      spec,
    );
  }
  const abs = Math.abs(x);
  const prec = spec.precision ?? 6;
  let mag: string;
  switch (spec.conv) {
    case "f":
      mag = fixed(abs, prec);
      break;
    case "e":
    case "E":
      mag = scientific(abs, prec, upper);
      break;
    default: {
      const p = prec === 0 ? 1 : prec;
      // Java picks the layout from the value after rounding to p significant digits.
      const rounded = abs === 0 ? 0 : Number(scientific(abs, p - 1, false));
      if (rounded !== 0 && (rounded < 1e-4 || rounded >= 10 ** p)) mag = scientific(abs, p - 1, upper);
      else {
        const e = rounded === 0 ? 0 : Math.floor(Math.log10(rounded));
        mag = fixed(abs, Math.max(0, p - 1 - e));
      }
    }
  }
  return numeric(mag, negative, spec);
}

function formatOne(spec: Spec, a: JArg): string {
  switch (spec.conv) {
    case "s":
    case "S": {
      let s = stringOf(a);
      if (spec.precision !== undefined) s = s.slice(0, spec.precision);
      s = pad(s, spec);
      return spec.conv === "S" ? s.toUpperCase() : s;
    }
    case "b":
    case "B": {
      let s = a.cls === "null" ? "false" : a.cls === "Boolean" ? String(a.v) : "true";
      if (spec.precision !== undefined) s = s.slice(0, spec.precision);
      s = pad(s, spec);
      return spec.conv === "B" ? s.toUpperCase() : s;
    }
    case "c":
    case "C": {
      if (a.cls === "null") return pad("null", spec);
      if (a.cls !== "Byte" && a.cls !== "Short" && a.cls !== "Integer") {
        throw formatError(`IllegalFormatConversionException: c != java.lang.${a.cls}`);
      }
      const s = pad(String.fromCodePoint(a.v as number), spec);
      return spec.conv === "C" ? s.toUpperCase() : s;
    }
    case "d": {
      if (a.cls === "null") return pad("null", spec);
      const v = integralOf(a, spec);
      return numeric((v < 0n ? -v : v).toString(), v < 0n, spec);
    }
    case "o":
    case "x":
    case "X": {
      if (a.cls === "null") return pad("null", spec);
      let v = integralOf(a, spec);
      if (v < 0n) v += 1n << BITS[a.cls]!;
      let s = v.toString(spec.conv === "o" ? 8 : 16);
      if (spec.flags.includes("#")) s = (spec.conv === "o" ? "0" : "0x") + s;
      if (spec.flags.includes("0") && spec.width !== undefined && s.length < spec.width) {
        s = "0".repeat(spec.width - s.length) + s;
      }
      s = pad(s, spec);
      return spec.conv === "X" ? s.toUpperCase() : s;
    }
    case "e":
    case "E":
    case "f":
    case "g":
    case "G":
      if (a.cls === "null") return pad("null", spec);
      return floating(a, spec);
    default:
      throw formatError(`UnknownFormatConversionException: Conversion = '${spec.conv}'`);
  }
}

/** Formats `args` with a parsed format, as `java.util.Formatter.format`. */
export function formatJava(pieces: readonly Piece[], args: readonly JArg[]): string {
  let out = "";
  let ordinary = 0;
  let last = -1;
  for (const p of pieces) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    if (p.conv === "%") {
      out += pad("%", p);
      continue;
    }
    if (p.conv === "n") {
      out += "\n";
      continue;
    }
    let idx: number;
    if (p.index === "next") idx = ordinary++;
    else if (p.index === "prev") idx = last;
    else idx = p.index - 1;
    if (idx < 0 || idx >= args.length) {
      throw formatError(`MissingFormatArgumentException: Format specifier '${p.text}'`);
    }
    last = idx;
    out += formatOne(p, args[idx]!);
  }
  return out;
}

/** `format_string(strfmt, obj, …)`. */
export const FORMAT_STRING: ScalarFunctionDefinition = {
  type: "scalar",
  name: "format_string",
  aliases: ["printf"],
  args: { min: 1, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "format_string(strfmt, obj, ...) - Returns a formatted string from printf-style format strings.",
    examples: [
      { sql: "format_string('Hello World %d %s', 100, 'days')", result: "Hello World 100 days" },
      { sql: "printf('Hello World %d %s', 100, 'days')", result: "Hello World 100 days" },
    ],
    since: "1.5.0",
  },
  sql: aliasAwareSql("format_string", ["printf"]),
  coerce: (types) => types.map((t, i) => (i === 0 && t.kind !== "string" ? STRING : undefined)),
  bind: (args) => {
    const classes = args.slice(1).map((a) => javaClassOf(a.dataType));
    const scales = args.slice(1).map((a) => (a.dataType.kind === "decimal" ? a.dataType.scale : 0));
    const constFmt = args[0]!.foldable && typeof args[0]!.value === "string" ? args[0]!.value : undefined;
    const fixedPieces = constFmt === undefined ? undefined : parseFormat(constFmt);
    let lastFmt: string | undefined;
    let lastPieces: Piece[] | undefined;
    return {
      dataType: STRING,
      nullable: args[0]!.nullable,
      nullIntolerant: false,
      eval: (fmt, ...values) => {
        if (fmt === null) return null;
        let pieces = fixedPieces;
        if (pieces === undefined) {
          if (lastPieces === undefined || lastFmt !== fmt) {
            lastPieces = parseFormat(fmt as string);
            lastFmt = fmt as string;
          }
          pieces = lastPieces;
        }
        const jargs: JArg[] = values.map((v, i) => ({
          cls: v === null ? "null" : classes[i]!,
          v,
          scale: scales[i]!,
        }));
        return formatJava(pieces, jargs);
      },
    };
  },
};
