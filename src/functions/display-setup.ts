/**
 * Connects expression display (column names, explain) to the built-in function syntax table and
 * to Spark's literal text. Called once when the first session state is created.
 */
import { renderValue } from "../data/render.js";
import { formatDate, formatTimestamp, formatTimestampNtz } from "../data/datetime.js";
import { decimalToJavaString, hexBinary } from "../data/render.js";
import { installDisplayDefaults } from "../expressions/display.js";
import type { DataType } from "../types/data-type.js";
import { BUILTIN_FUNCTIONS } from "./builtin.js";
import type { FunctionDefinition } from "./function-definition.js";

let installed = false;

/** Spark's Literal text in generated names: numbers and strings bare, others in SQL literal form. */
export function literalText(v: unknown, t: DataType): string {
  switch (t.kind) {
    case "date":
      return `DATE '${formatDate(v as number)}'`;
    case "timestamp":
      return `TIMESTAMP '${formatTimestamp(v as number, "UTC")}'`;
    case "timestamp_ntz":
      return `TIMESTAMP_NTZ '${formatTimestampNtz(v as number)}'`;
    case "binary":
      return `X'${hexBinary(v as Uint8Array).replace(/[[\] ]/g, "")}'`;
    case "boolean":
      return v ? "true" : "false";
    case "decimal":
      // Spark's Literal.toString is Java's BigDecimal.toString: 123.0E-28BD names `1.230E-26`.
      return decimalToJavaString(v as bigint, t.scale);
    default:
      return renderValue(v, t);
  }
}

export function installFunctionDisplay(): void {
  if (installed) return;
  installed = true;
  const byName = new Map<string, FunctionDefinition>();
  for (const d of BUILTIN_FUNCTIONS) {
    byName.set(d.name.toLowerCase(), d);
    for (const a of d.aliases ?? []) byName.set(a.toLowerCase(), d);
  }
  installDisplayDefaults({
    functionSql: (name, args) => {
      // unary minus/plus are the negative/positive functions under their operator names
      const unary = args.length === 1 && (name === "-" || name === "+");
      const key = unary ? (name === "-" ? "negative" : "positive") : name.toLowerCase();
      return byName.get(key)?.sql?.(args, name);
    },
    literalText,
  });
}
