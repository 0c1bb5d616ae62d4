/**
 * UTF-8 validity functions (Spark 4): `is_valid_utf8`, `make_valid_utf8`, `validate_utf8`,
 * `try_validate_utf8`. tspark strings are always valid, so the interesting input is a BINARY
 * (which Spark casts to STRING byte for byte); it is checked as bytes here rather than decoded.
 */
import { TsparkError } from "../../common/errors.js";
import { BOOLEAN, type DataType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

const strict = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8");

/** Keeps STRING and BINARY arguments; anything else becomes STRING. */
function coerceText(types: readonly DataType[]): (DataType | undefined)[] {
  return types.map((t) => (t.kind === "string" || t.kind === "binary" ? undefined : STRING));
}

function isValid(b: Uint8Array): boolean {
  try {
    strict.decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Spark's rendering of the bad input in INVALID_UTF8_STRING: printable ASCII kept, other bytes `\xHH`. */
function describeBytes(b: Uint8Array): string {
  let s = "";
  for (const x of b)
    s +=
      x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : `\\x${x.toString(16).toUpperCase().padStart(2, "0")}`;
  return s;
}

function def(
  name: string,
  usage: string,
  example: { sql: string; result: string },
  dataType: DataType,
  onBytes: (b: Uint8Array) => unknown,
  nullable = false,
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs: { usage, examples: [example], since: "4.0.0" },
    coerce: coerceText,
    bind: (args) => {
      const binary = args[0]!.dataType.kind === "binary";
      const fromString = dataType.kind === "boolean" ? () => true : (s: unknown) => s;
      return {
        dataType,
        nullable: args[0]!.nullable || nullable,
        eval: binary ? (v) => onBytes(v as Uint8Array) : fromString,
      };
    },
  };
}

/** `is_valid_utf8(str)`: whether the input is valid UTF-8. */
export const IS_VALID_UTF8 = def(
  "is_valid_utf8",
  "is_valid_utf8(str) - Returns true if `str` is a valid UTF-8 string, otherwise returns false.",
  { sql: "is_valid_utf8('Spark')", result: "true" },
  BOOLEAN,
  isValid,
);

/** `make_valid_utf8(str)`: invalid byte sequences replaced by U+FFFD. */
export const MAKE_VALID_UTF8 = def(
  "make_valid_utf8",
  "make_valid_utf8(str) - Returns the original string if `str` is a valid UTF-8 string, otherwise returns a new string whose invalid UTF8 byte sequences are replaced using the UNICODE replacement character U+FFFD.",
  { sql: "make_valid_utf8('Spark')", result: "Spark" },
  STRING,
  (b) => lenient.decode(b),
);

/** `validate_utf8(str)`: the input, or INVALID_UTF8_STRING when it is not valid UTF-8. */
export const VALIDATE_UTF8 = def(
  "validate_utf8",
  "validate_utf8(str) - Returns the original string if `str` is a valid UTF-8 string, otherwise throws an exception.",
  { sql: "validate_utf8('Spark')", result: "Spark" },
  STRING,
  (b) => {
    if (isValid(b)) return strict.decode(b);
    throw new TsparkError("INVALID_UTF8_STRING", { messageParameters: { str: describeBytes(b) } });
  },
);

/** `try_validate_utf8(str)`: the input, or NULL when it is not valid UTF-8. */
export const TRY_VALIDATE_UTF8 = def(
  "try_validate_utf8",
  "try_validate_utf8(str) - Returns the original string if `str` is a valid UTF-8 string, otherwise returns NULL.",
  { sql: "try_validate_utf8('Spark')", result: "Spark" },
  STRING,
  (b) => (isValid(b) ? strict.decode(b) : null),
  true,
);
