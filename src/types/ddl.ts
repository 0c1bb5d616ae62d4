/**
 * DDL type strings: `parseDataType("array<int>")`, `parseSchema("a INT, b STRING NOT NULL")`.
 * (Placeholder: the full parser lands with the SQL lexer.)
 */
import { TsparkError } from "../common/errors.js";
import { atomic, type DataType, installDdlParser, type StructType } from "./data-type.js";

export function parseDataType(text: string): DataType {
  const k = text.trim().toLowerCase();
  const map: Record<string, Parameters<typeof atomic>[0]> = {
    string: "string",
    int: "int",
    integer: "int",
    bigint: "long",
    long: "long",
    double: "double",
    boolean: "boolean",
  };
  const kind = map[k];
  if (!kind)
    throw new TsparkError("PARSE_SYNTAX_ERROR", { messageParameters: { error: `'${text}'`, hint: "" } });
  return atomic(kind);
}

export function parseSchema(text: string): StructType {
  throw new TsparkError("PARSE_SYNTAX_ERROR", { messageParameters: { error: `'${text}'`, hint: "" } });
}

installDdlParser(parseDataType, parseSchema);
