/**
 * Character sets of the JSON source beyond what `TextDecoder` covers: Jackson's detection of a
 * whole document's encoding (BOMs, then the zero-byte pattern of the first four bytes), Java's
 * `UTF-16` (BOM-driven, big-endian by default) and `UTF-32` (big-endian) semantics, and encoders
 * for the writer (UTF-8, UTF-16LE/BE, UTF-16 with a BOM, UTF-32LE/BE, ISO-8859-1, US-ASCII).
 *
 *     FF FE 7B 00 …  → utf-16le        00 00 00 7B …  → utf-32be        7B 22 …  → utf-8
 */
import { TsparkError } from "../../common/errors.js";

/** A charset name folded for comparison: lower case without `-` and `_` (`UTF-16LE` → `utf16le`). */
function fold(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/** Whether `name` is a UTF-32 variant (TextDecoder has none). */
export function isUtf32(name: string): boolean {
  return fold(name).startsWith("utf32");
}

/** Whether the runtime can decode `name` (TextDecoder, or our own UTF-32). */
export function canDecode(name: string): boolean {
  if (isUtf32(name) && ["utf32", "utf32le", "utf32be"].includes(fold(name))) return true;
  try {
    new TextDecoder(name);
    return true;
  } catch {
    return false;
  }
}

/** Jackson's encoding detection for a document given without an `encoding` option. */
export function detectEncoding(b: Uint8Array): string {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return "utf-32be";
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return "utf-32le";
  if (b0 === 0xfe && b1 === 0xff) return "utf-16be";
  if (b0 === 0xff && b1 === 0xfe) return "utf-16le";
  if (b.length >= 4) {
    if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return "utf-32be";
    if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return "utf-32le";
  }
  if (b.length >= 2) {
    if (b0 === 0 && b1 !== 0) return "utf-16be";
    if (b0 !== 0 && b1 === 0) return "utf-16le";
  }
  return "utf-8";
}

function decodeUtf32(b: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    chunk.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    if (chunk.length >= 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (b.length % 4 !== 0) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  const s = parts.join("");
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Decodes a whole document in `encoding` (Java's names and semantics), a BOM dropped. */
export function decodeDocument(b: Uint8Array, encoding: string): string {
  let f = fold(encoding);
  if (f === "utf16") f = b[0] === 0xff && b[1] === 0xfe ? "utf16le" : "utf16be";
  if (f === "utf32") f = b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0 ? "utf32le" : "utf32be";
  if (f === "utf32le" || f === "utf32be") return decodeUtf32(b, f === "utf32le");
  const name = f === "utf16le" ? "utf-16le" : f === "utf16be" ? "utf-16be" : encoding;
  return new TextDecoder(name).decode(b);
}

/** Encodes text for one output file; `UTF-16` writes its BOM before the first text, as Java's encoder. */
export type TextEncoderFn = (s: string) => Uint8Array;

function utf16be(s: string): Uint8Array {
  const out = Buffer.from(s, "utf16le");
  out.swap16();
  return out;
}

function utf32(s: string, littleEndian: boolean): Uint8Array {
  const cps = Array.from(s, (c) => c.codePointAt(0) as number);
  const out = new Uint8Array(cps.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < cps.length; i++) view.setUint32(i * 4, cps[i] as number, littleEndian);
  return out;
}

/** An encoder for `encoding`, or an `INVALID_OPTION_VALUE` naming what can be written. */
export function makeEncoder(encoding: string): TextEncoderFn {
  switch (fold(encoding)) {
    case "utf8":
      return (s) => Buffer.from(s, "utf8");
    case "utf16le":
      return (s) => Buffer.from(s, "utf16le");
    case "utf16be":
      return utf16be;
    case "utf16": {
      let first = true;
      return (s) => {
        const body = utf16be(s);
        if (!first) return body;
        first = false;
        return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
      };
    }
    case "utf32":
    case "utf32be":
      return (s) => utf32(s, false);
    case "utf32le":
      return (s) => utf32(s, true);
    case "iso88591":
    case "latin1":
      return (s) => Buffer.from(s, "latin1");
    case "usascii":
    case "ascii":
      return (s) => Buffer.from(s, "ascii");
    default:
      throw new TsparkError("INVALID_OPTION_VALUE", {
        messageParameters: {
          option: "encoding",
          value: encoding,
          expected:
            "UTF-8, UTF-16, UTF-16LE, UTF-16BE, UTF-32, UTF-32LE, UTF-32BE, ISO-8859-1 or US-ASCII for writing",
        },
      });
  }
}
