/**
 * `to_number`/`try_to_number` (string → decimal through a number format) and `to_char`/`to_varchar`
 * (decimal → string through a number format; dates and timestamps go to `date_format`, binaries to
 * 'base64'/'hex'/'utf-8' text). The format must be a constant; it is compiled once at bind time.
 */
import { TsparkError } from "../../common/errors.js";
import { type DataType, DecimalType, STRING } from "../../types/data-type.js";
import { dateFormat } from "../datetime/parse-format.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";
import { bindSql, requireFoldable, requireKind } from "./helpers.js";
import { compileNumberFormat, formatWithNumberFormat, parseWithNumberFormat } from "./number-format.js";

function constFormat(name: string, args: readonly BindArg[]): string | null {
  requireKind(name, args, 1, ["string"]);
  requireFoldable(name, args, 1, "format");
  const v = (args[1] as BindArg).value;
  return v === null || v === undefined ? null : (v as string);
}

const nullResult = (dataType: DataType): BoundScalar => ({ dataType, nullable: true, eval: () => null });

function toNumberDef(name: "to_number" | "try_to_number", orNull: boolean): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 2 },
    docs: {
      usage: `${name}(expr, fmt) - Converts string 'expr' to a number based on the string format 'fmt'.${orNull ? " Returns NULL if the string does not match the format." : " Throws an exception if the conversion fails."}`,
      examples: [
        { sql: `${name}('454', '999')`, result: "454" },
        { sql: `${name}('454.00', '000.00')`, result: "454.00" },
        { sql: `${name}('12,454', '99,999')`, result: "12454" },
        { sql: `${name}('$78.12', '$99.99')`, result: "78.12" },
        { sql: `${name}('12,454.8-', '99,999.9S')`, result: "-12454.8" },
      ],
      since: orNull ? "3.3.0" : "3.3.0",
    },
    coerce: (types) => types.map((t) => (t.kind === "string" ? undefined : STRING)),
    bind: (args) => {
      requireKind(name, args, 0, ["string"]);
      const text = constFormat(name, args);
      if (text === null) return nullResult(new DecimalType(38, 18));
      const f = compileNumberFormat(text);
      return {
        dataType: f.resultType,
        nullable: true,
        eval: (v) => {
          const r = parseWithNumberFormat(f, v as string);
          if (r !== undefined) return r;
          if (orNull) return null;
          throw new TsparkError("INVALID_FORMAT.MISMATCH_INPUT", {
            messageParameters: { inputType: '"STRING"', input: v as string, format: text },
          });
        },
      };
    },
  };
}

/** `to_number(expr, fmt)`: parses a string with a number format; a mismatch is an error. */
export const TO_NUMBER = toNumberDef("to_number", false);

/** `try_to_number(expr, fmt)`: as `to_number` but NULL when the string does not match. */
export const TRY_TO_NUMBER = toNumberDef("try_to_number", true);

function isDatetime(t: DataType | undefined): boolean {
  return t?.kind === "date" || t?.kind === "timestamp" || t?.kind === "timestamp_ntz";
}

/** Spark's implicit numeric → decimal widening (int → decimal(10,0), double → decimal(30,15)). */
function decimalFor(t: DataType): DataType | undefined {
  switch (t.kind) {
    case "decimal":
      return undefined;
    case "byte":
      return new DecimalType(3, 0);
    case "short":
      return new DecimalType(5, 0);
    case "int":
      return new DecimalType(10, 0);
    case "long":
      return new DecimalType(20, 0);
    case "float":
      return new DecimalType(14, 7);
    case "double":
      return new DecimalType(30, 15);
    default:
      return undefined;
  }
}

function binaryFormatter(name: string, args: readonly BindArg[], text: string): (b: Uint8Array) => string {
  switch (text.toLowerCase().replace(/\s/g, "")) {
    case "base64":
      return (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
    case "hex":
      return (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex").toUpperCase();
    case "utf-8":
    case "utf8": {
      const dec = new TextDecoder();
      return (b) => dec.decode(b);
    }
    default:
      throw typeMismatch("INVALID_ARG_VALUE", bindSql(name, args), {
        inputName: "fmt",
        requireType: 'case-insensitive "STRING"',
        validValues: "'base64', 'hex', 'utf-8'",
        inputValue: `'${text}'`,
      });
  }
}

function toCharDef(): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name: "to_char",
    aliases: ["to_varchar"],
    args: { min: 2, max: 2 },
    docs: {
      usage:
        "to_char(expr, format) - Converts `expr` to a string based on the `format`: a number format for numbers, a datetime pattern for dates and timestamps, or 'base64', 'hex', 'utf-8' for binaries.",
      examples: [
        { sql: "to_char(454, '999')", result: "454" },
        { sql: "to_char(454.00, '000D00')", result: "454.00" },
        { sql: "to_char(12454, '99G999')", result: "12,454" },
        { sql: "to_char(78.12, '$99.99')", result: "$78.12" },
        { sql: "to_char(-12454.8, '99G999D9S')", result: "12,454.8-" },
        { sql: "to_char(date'2016-04-08', 'y')", result: "2016" },
        { sql: "to_char(x'537061726b2053514c', 'base64')", result: "U3BhcmsgU1FM" },
        { sql: "to_char(x'537061726b2053514c', 'hex')", result: "537061726B2053514C" },
        { sql: "to_char(encode('abc', 'utf-8'), 'utf-8')", result: "abc" },
        { sql: "to_varchar(78.12, '$99.99')", result: "$78.12" },
      ],
      since: "3.4.0",
    },
    sql: (args, calledAs) =>
      `${calledAs.toLowerCase() === "to_varchar" ? "to_varchar" : "to_char"}(${args.join(", ")})`,
    coerce: (types, ansi) => {
      const t0 = types[0];
      if (isDatetime(t0)) return dateFormat.coerce ? dateFormat.coerce(types, ansi) : [];
      return [
        t0 === undefined ? undefined : decimalFor(t0),
        types[1]?.kind === "string" ? undefined : STRING,
      ];
    },
    bind: (args, ctx) => {
      const name = "to_char";
      const a0 = args[0] as BindArg;
      if (isDatetime(a0.dataType)) return dateFormat.bind(args, ctx);
      requireKind(name, args, 0, ["decimal", "binary"]);
      const text = constFormat(name, args);
      if (text === null) return nullResult(STRING);
      if (a0.dataType.kind === "binary") {
        const fmt = binaryFormatter(name, args, text);
        return { dataType: STRING, nullable: true, eval: (b) => fmt(b as Uint8Array) };
      }
      const f = compileNumberFormat(text);
      const scale = a0.dataType instanceof DecimalType ? a0.dataType.scale : 0;
      return {
        dataType: STRING,
        nullable: a0.nullable,
        eval: (v) => formatWithNumberFormat(f, v as bigint, scale),
      };
    },
  };
}

/** `to_char(expr, format)` (alias `to_varchar`): number/datetime/binary to a formatted string. */
export const TO_CHAR = toCharDef();
