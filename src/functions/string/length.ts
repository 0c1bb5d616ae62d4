/**
 * Lengths: `length` (aliases `char_length`, `character_length`, `len`), `bit_length`,
 * `octet_length`. Strings count code points (or UTF-8 bytes / bits); binaries count bytes.
 */
import { INT } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { aliasAwareSql, codePointLength, coerceTo, utf8 } from "./helpers.js";

/** `length(expr)`: characters of a string (code points) or bytes of a binary. */
export const LENGTH: ScalarFunctionDefinition = {
  type: "scalar",
  name: "length",
  aliases: ["char_length", "character_length", "len"],
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "length(expr) - Returns the character length of string data or number of bytes of binary data; trailing spaces count.",
    examples: [
      { sql: "length('Spark SQL ')", result: "10" },
      { sql: "char_length('Spark SQL ')", result: "10" },
      { sql: "character_length('Spark SQL ')", result: "10" },
    ],
    since: "1.5.0",
  },
  sql: aliasAwareSql("length", ["char_length", "character_length", "len"]),
  coerce: coerceTo("string_or_binary"),
  bind: (args) => {
    const binary = args[0]!.dataType.kind === "binary";
    return {
      dataType: INT,
      nullable: args[0]!.nullable,
      eval: binary ? (b) => (b as Uint8Array).length : (s) => codePointLength(s as string),
    };
  },
};

/** `octet_length(expr)`: bytes of the UTF-8 string or of the binary. */
export const OCTET_LENGTH: ScalarFunctionDefinition = {
  type: "scalar",
  name: "octet_length",
  args: { min: 1, max: 1 },
  docs: {
    usage: "octet_length(expr) - Returns the byte length of string data or number of bytes of binary data.",
    examples: [
      { sql: "octet_length('Spark SQL')", result: "9" },
      { sql: "octet_length(x'537061726b2053514c')", result: "9" },
    ],
    since: "2.3.0",
  },
  coerce: coerceTo("string_or_binary"),
  bind: (args) => {
    const binary = args[0]!.dataType.kind === "binary";
    return {
      dataType: INT,
      nullable: args[0]!.nullable,
      eval: binary ? (b) => (b as Uint8Array).length : (s) => utf8(s as string).length,
    };
  },
};

/** `bit_length(expr)`: bits of the UTF-8 string or of the binary. */
export const BIT_LENGTH: ScalarFunctionDefinition = {
  type: "scalar",
  name: "bit_length",
  args: { min: 1, max: 1 },
  docs: {
    usage: "bit_length(expr) - Returns the bit length of string data or number of bits of binary data.",
    examples: [
      { sql: "bit_length('Spark SQL')", result: "72" },
      { sql: "bit_length(x'537061726b2053514c')", result: "72" },
    ],
    since: "2.3.0",
  },
  coerce: coerceTo("string_or_binary"),
  bind: (args) => {
    const binary = args[0]!.dataType.kind === "binary";
    return {
      dataType: INT,
      nullable: args[0]!.nullable,
      eval: binary ? (b) => (b as Uint8Array).length * 8 : (s) => utf8(s as string).length * 8,
    };
  },
};
