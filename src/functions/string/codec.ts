/**
 * Byte/text codecs: `base64`, `unbase64`, `encode(str, charset)`, `decode(bin, charset)`. Charsets
 * are Spark 4's allowed set (US-ASCII, ISO-8859-1, UTF-8, UTF-16BE, UTF-16LE, UTF-16, UTF-32);
 * unmappable or malformed input raises `MALFORMED_CHARACTER_CODING` as Spark 4 does by default.
 * `decode` with more than two arguments is the Oracle-style `decode(expr, search, result, …)`.
 */
import { TsparkError } from "../../common/errors.js";
import { valuesEqual } from "../../data/values.js";
import { BINARY, type DataType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { coerceTo, constValue } from "./helpers.js";

/** Charsets Spark 4 accepts without `spark.sql.legacy.javaCharsets`. */
export const VALID_CHARSETS = [
  "us-ascii",
  "iso-8859-1",
  "utf-8",
  "utf-16be",
  "utf-16le",
  "utf-16",
  "utf-32",
] as const;
type Charset = (typeof VALID_CHARSETS)[number];

function charsetOf(fn: string, name: string): Charset {
  const c = name.toLowerCase();
  if ((VALID_CHARSETS as readonly string[]).includes(c)) return c as Charset;
  throw new TsparkError("INVALID_PARAMETER_VALUE.CHARSET", {
    messageParameters: {
      functionName: `\`${fn}\``,
      parameter: "`charset`",
      charset: name,
      charsets: VALID_CHARSETS.join(", "),
      message: `expects one of the ${VALID_CHARSETS.join(", ")}, but got ${name}.`,
    },
  });
}

function malformed(fn: string, charset: string): TsparkError {
  return new TsparkError("MALFORMED_CHARACTER_CODING", {
    messageParameters: { function: `\`${fn}\``, charset },
  });
}

/** Encodes `s` in `charset` (Java's `String.getBytes` with REPORT on unmappable characters). */
export function encodeString(s: string, charset: Charset, charsetName: string = charset): Uint8Array {
  switch (charset) {
    case "utf-8": {
      if (!isWellFormed(s)) throw malformed("encode", charsetName);
      return new TextEncoder().encode(s);
    }
    case "us-ascii":
    case "iso-8859-1": {
      const max = charset === "us-ascii" ? 0x7f : 0xff;
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c > max) throw malformed("encode", charsetName);
        out[i] = c;
      }
      return out;
    }
    case "utf-16":
    case "utf-16be":
    case "utf-16le": {
      if (!isWellFormed(s)) throw malformed("encode", charsetName);
      const bom = charset === "utf-16" ? 2 : 0;
      const out = new Uint8Array(bom + s.length * 2);
      if (bom) {
        out[0] = 0xfe;
        out[1] = 0xff;
      }
      const le = charset === "utf-16le";
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        out[bom + 2 * i] = le ? c & 0xff : c >> 8;
        out[bom + 2 * i + 1] = le ? c >> 8 : c & 0xff;
      }
      return out;
    }
    case "utf-32": {
      if (!isWellFormed(s)) throw malformed("encode", charsetName);
      const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
      const out = new Uint8Array(cps.length * 4);
      const view = new DataView(out.buffer);
      for (let i = 0; i < cps.length; i++) view.setUint32(i * 4, cps[i]!, false);
      return out;
    }
  }
}

/** Decodes `b` from `charset`, raising on malformed input. */
export function decodeBytes(b: Uint8Array, charset: Charset, charsetName: string = charset): string {
  try {
    switch (charset) {
      case "utf-8":
        return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(b);
      case "us-ascii": {
        let out = "";
        for (const x of b) {
          if (x > 0x7f) throw malformed("decode", charsetName);
          out += String.fromCharCode(x);
        }
        return out;
      }
      case "iso-8859-1":
        return latin1(b);
      case "utf-16be":
        return utf16(b, false, charsetName);
      case "utf-16le":
        return utf16(b, true, charsetName);
      case "utf-16": {
        // Java's UTF-16 decoder honours a BOM and defaults to big-endian.
        if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return utf16(b.subarray(2), true, charsetName);
        if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return utf16(b.subarray(2), false, charsetName);
        return utf16(b, false, charsetName);
      }
      case "utf-32": {
        if (b.length % 4 !== 0) throw malformed("decode", charsetName);
        const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        let out = "";
        for (let i = 0; i < b.length; i += 4) {
          const cp = view.getUint32(i, false);
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw malformed("decode", charsetName);
          out += String.fromCodePoint(cp);
        }
        return out;
      }
    }
  } catch (e) {
    if (e instanceof TsparkError) throw e;
    throw malformed("decode", charsetName);
  }
}

/** True when `s` has no lone surrogates (String.prototype.isWellFormed is ES2024). */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** Legacy (`spark.sql.legacy.codingErrorAction=true`) encoding: unmappable characters become '?'. */
export function encodeLenient(s: string, charset: Charset): Uint8Array {
  const max = charset === "us-ascii" ? 0x7f : charset === "iso-8859-1" ? 0xff : 0x10ffff;
  let fixed = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    fixed += cp > max || (cp >= 0xd800 && cp <= 0xdfff) ? "?" : ch;
  }
  return encodeString(fixed, charset);
}

/** Legacy decoding: malformed input becomes U+FFFD. */
export function decodeLenient(b: Uint8Array, charset: Charset): string {
  switch (charset) {
    case "us-ascii": {
      let out = "";
      for (const x of b) out += x > 0x7f ? "\ufffd" : String.fromCharCode(x);
      return out;
    }
    case "iso-8859-1":
      return latin1(b);
    case "utf-8":
      return new TextDecoder("utf-8", { ignoreBOM: true }).decode(b);
    case "utf-16le":
      return new TextDecoder("utf-16le", { ignoreBOM: true }).decode(b);
    case "utf-16be":
      return new TextDecoder("utf-16be", { ignoreBOM: true }).decode(b);
    default:
      try {
        return decodeBytes(b, charset);
      } catch {
        return new TextDecoder(charset === "utf-16" ? "utf-16be" : "utf-8").decode(b);
      }
  }
}

function latin1(b: Uint8Array): string {
  let out = "";
  for (const x of b) out += String.fromCharCode(x);
  return out;
}

function utf16(b: Uint8Array, le: boolean, charsetName: string): string {
  if (b.length % 2 !== 0) throw malformed("decode", charsetName);
  let out = "";
  for (let i = 0; i < b.length; i += 2) {
    out += String.fromCharCode(le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  }
  if (!isWellFormed(out)) throw malformed("decode", charsetName);
  return out;
}

/** `base64(bin)`: standard Base64 without line breaks (Spark 4 default, no chunking). */
export const BASE64: ScalarFunctionDefinition = {
  type: "scalar",
  name: "base64",
  args: { min: 1, max: 1 },
  docs: {
    usage: "base64(bin) - Converts the argument from a binary `bin` to a base 64 string.",
    examples: [{ sql: "base64('Spark SQL')", result: "U3BhcmsgU1FM" }],
    since: "1.5.0",
  },
  coerce: coerceTo("binary"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]!.nullable,
    eval: (b) =>
      Buffer.from(
        (b as Uint8Array).buffer,
        (b as Uint8Array).byteOffset,
        (b as Uint8Array).byteLength,
      ).toString("base64"),
  }),
};

/**
 * `unbase64(str)`: decodes Base64 leniently as Java's MIME decoder does (characters outside the
 * alphabet are skipped).
 */
export const UNBASE64: ScalarFunctionDefinition = {
  type: "scalar",
  name: "unbase64",
  args: { min: 1, max: 1 },
  docs: {
    usage: "unbase64(str) - Converts the argument from a base 64 string `str` to a binary.",
    examples: [{ sql: "cast(unbase64('U3BhcmsgU1FM') AS STRING)", result: "Spark SQL" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: BINARY,
    nullable: args[0]!.nullable,
    eval: (s) => {
      const clean = (s as string).replace(/[^A-Za-z0-9+/=]/g, "");
      const cut = clean.indexOf("=");
      return new Uint8Array(Buffer.from(cut < 0 ? clean : clean.slice(0, cut), "base64"));
    },
  }),
};

/** `encode(str, charset)`. */
export const ENCODE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "encode",
  args: { min: 2, max: 2 },
  docs: {
    usage: "encode(str, charset) - Encodes the first argument using the second argument character set.",
    examples: [{ sql: "hex(encode('abc', 'utf-8'))", result: "616263" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args, ctx) => {
    const c = constValue(args[1]);
    const fixed = typeof c === "string" ? charsetOf("encode", c) : undefined;
    const legacy = ctx.conf("spark.sql.legacy.codingErrorAction") === "true";
    const enc = legacy ? (s: string, cs: Charset) => encodeLenient(s, cs) : encodeString;
    return {
      dataType: BINARY,
      nullable: args.some((a) => a.nullable),
      eval: fixed
        ? (s) => enc(s as string, fixed, c as string)
        : (s, cs) => enc(s as string, charsetOf("encode", cs as string), cs as string),
    };
  },
};

function commonType(types: readonly DataType[]): DataType | undefined {
  return types.find((t) => t.kind !== "null");
}

/** `decode(bin, charset)` or `decode(expr, search, result[, search, result]…[, default])`. */
export const DECODE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "decode",
  args: { min: 2, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "decode(bin, charset) - Decodes the first argument using the second argument character set. decode(expr, search, result [, search, result ] ... [, default]) - Compares expr to each search value in order and returns the matching result, else default (or null).",
    examples: [
      { sql: "decode(encode('abc', 'utf-8'), 'utf-8')", result: "abc" },
      {
        sql: "decode(2, 1, 'Southlake', 2, 'San Francisco', 3, 'New Jersey', 4, 'Seattle', 'Non domestic')",
        result: "San Francisco",
      },
      { sql: "decode(6, 1, 'Southlake', 2, 'San Francisco', 3, 'New Jersey', 4, 'Seattle')", result: "NULL" },
    ],
    since: "1.5.0",
  },
  coerce: (types) => {
    if (types.length === 2) return coerceTo("binary", "string")(types);
    const input = types[0]!;
    const rest = types.length - 1;
    const isResult = (i: number): boolean => (i - 1) % 2 === 1 || (rest % 2 === 1 && i === types.length - 1);
    const resultType = commonType(types.filter((_, i) => i > 0 && isResult(i)));
    return types.map((t, i) => {
      if (i === 0) return undefined;
      const want = isResult(i) ? resultType : input;
      return want === undefined || t.kind === "null" || t.kind === want.kind || want.kind === "null"
        ? undefined
        : want;
    });
  },
  bind: (args, ctx) => {
    if (args.length === 2) {
      const c = constValue(args[1]);
      const fixed = typeof c === "string" ? charsetOf("decode", c) : undefined;
      const legacy = ctx.conf("spark.sql.legacy.codingErrorAction") === "true";
      const dec = legacy ? (b: Uint8Array, cs: Charset) => decodeLenient(b, cs) : decodeBytes;
      return {
        dataType: STRING,
        nullable: args.some((a) => a.nullable),
        eval: fixed
          ? (b) => dec(b as Uint8Array, fixed, c as string)
          : (b, cs) => dec(b as Uint8Array, charsetOf("decode", cs as string), cs as string),
      };
    }
    const pairs = Math.floor((args.length - 1) / 2);
    const hasDefault = (args.length - 1) % 2 === 1;
    const resultType =
      commonType(
        args
          .filter((_, i) => i > 0 && (i % 2 === 0 || (hasDefault && i === args.length - 1)))
          .map((a) => a.dataType),
      ) ?? STRING;
    return {
      dataType: resultType,
      nullable: true,
      nullIntolerant: false,
      eval: (input, ...rest) => {
        for (let k = 0; k < pairs; k++) {
          const search = rest[2 * k];
          if (input === null ? search === null : search !== null && valuesEqual(input, search))
            return rest[2 * k + 1];
        }
        return hasDefault ? rest[rest.length - 1] : null;
      },
    };
  },
};
