/**
 * `to_binary(str[, fmt])` and `try_to_binary`: a string to BINARY read as hex (the default), UTF-8
 * or Base64. The format must be a constant; a NULL format gives NULL. Malformed input fails with
 * CONVERSION_INVALID_INPUT (NULL for the try_ form).
 */
import { TsparkError } from "../../common/errors.js";
import { BINARY, type DataType, STRING } from "../../types/data-type.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";

type Format = "hex" | "utf-8" | "base64";

const utf8 = new TextEncoder();

/** Whitespace may separate Base64 characters; padding must be complete and adjacent at the end. */
const BASE64_SHAPE =
  /^\s*(?:(?:[A-Za-z0-9+/]\s*){4})*(?:(?:[A-Za-z0-9+/]\s*){2}==|(?:[A-Za-z0-9+/]\s*){3}=)?\s*$/;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Hex digits to bytes (an odd count gets a leading zero nibble); null on any other character. */
function fromHex(s: string): Uint8Array | null {
  const odd = s.length % 2;
  const out = new Uint8Array((s.length + odd) >> 1);
  let j = 0;
  for (let i = -odd; i < s.length; i += 2) {
    const hi = i < 0 ? 0 : hexValue(s.charCodeAt(i));
    const lo = hexValue(s.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return null;
    out[j++] = (hi << 4) | lo;
  }
  return out;
}

function fromBase64(s: string): Uint8Array | null {
  if (!BASE64_SHAPE.test(s)) return null;
  return new Uint8Array(Buffer.from(s.replace(/[\s=]/g, ""), "base64"));
}

function formatOf(name: string, args: readonly BindArg[], orNull: boolean): Format | null {
  const fmt = args[1];
  if (!fmt) return "hex";
  const callSql = `${name}(${args.map((a) => a.sql).join(", ")})`;
  if (!fmt.foldable) {
    throw typeMismatch("NON_FOLDABLE_INPUT", callSql, {
      inputName: "`fmt`",
      inputType: '"STRING"',
      inputExpr: `"${fmt.sql}"`,
    });
  }
  if (fmt.value === null || fmt.value === undefined) return null;
  const v = String(fmt.value).toLowerCase();
  if (v === "hex" || v === "base64") return v;
  if (v === "utf-8" || v === "utf8") return "utf-8";
  // try_to_binary answers NULL for an unknown format (try-string-functions.sql.out).
  if (orNull) return null;
  throw typeMismatch("INVALID_ARG_VALUE", callSql, {
    inputName: "fmt",
    requireType: 'case-insensitive "STRING"',
    validValues: "'hex', 'utf-8', 'utf8', or 'base64'",
    inputValue: `'${v}'`,
  });
}

function makeToBinary(name: "to_binary" | "try_to_binary", orNull: boolean): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 2 },
    docs: {
      usage: `${name}(str[, fmt]) - Converts the input \`str\` to a binary value based on the supplied \`fmt\` ('hex' by default, 'utf-8', 'utf8' or 'base64', case-insensitive).${orNull ? " Returns NULL when the conversion fails." : ""}`,
      examples: [{ sql: `${name}('abc', 'utf-8')`, result: "[61 62 63]" }],
      since: orNull ? "3.3.0" : "3.3.0",
    },
    // The string stays a string; only a non-string format gets cast (and then rejected by value).
    coerce: (types: readonly DataType[]) => types.map((t) => (t.kind === "string" ? undefined : STRING)),
    bind: (args) => {
      const fmt = formatOf(name, args, orNull);
      if (fmt === null) return { dataType: BINARY, nullable: true, nullIntolerant: false, eval: () => null };
      const decode = fmt === "hex" ? fromHex : fmt === "base64" ? fromBase64 : (s: string) => utf8.encode(s);
      const upper = `'${fmt.toUpperCase()}'`;
      return {
        dataType: BINARY,
        nullable: orNull || args[0]!.nullable,
        eval: (s) => {
          const out = decode(s as string);
          if (out !== null || orNull) return out;
          throw new TsparkError("CONVERSION_INVALID_INPUT", {
            messageParameters: {
              str: `'${s as string}'`,
              fmt: upper,
              targetType: '"BINARY"',
              suggestion: "`try_to_binary`",
            },
          });
        },
      };
    },
  };
}

/** `to_binary(str[, fmt])`. */
export const TO_BINARY = makeToBinary("to_binary", false);
/** `try_to_binary(str[, fmt])`: NULL instead of a conversion error. */
export const TRY_TO_BINARY = makeToBinary("try_to_binary", true);
