/**
 * Case conversion: `upper`/`ucase`, `lower`/`lcase`, `initcap`.
 */
import { STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { aliasAwareSql, coerceTo } from "./helpers.js";

/** `upper(str)`: the string in upper case (Java `toUpperCase(Locale.ROOT)`). */
export const UPPER: ScalarFunctionDefinition = {
  type: "scalar",
  name: "upper",
  aliases: ["ucase"],
  args: { min: 1, max: 1 },
  docs: {
    usage: "upper(str) - Returns `str` with all characters changed to uppercase.",
    examples: [{ sql: "upper('SparkSql')", result: "SPARKSQL" }],
    since: "1.0.1",
  },
  sql: aliasAwareSql("upper", ["ucase"]),
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]!.nullable,
    eval: (s) => (s as string).toUpperCase(),
  }),
};

/** `lower(str)`: the string in lower case. */
export const LOWER: ScalarFunctionDefinition = {
  type: "scalar",
  name: "lower",
  aliases: ["lcase"],
  args: { min: 1, max: 1 },
  docs: {
    usage: "lower(str) - Returns `str` with all characters changed to lowercase.",
    examples: [{ sql: "lower('SparkSql')", result: "sparksql" }],
    since: "1.0.1",
  },
  sql: aliasAwareSql("lower", ["lcase"]),
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]!.nullable,
    eval: (s) => (s as string).toLowerCase(),
  }),
};

/**
 * Title-cases a lower-cased string: the first letter of each space-separated word in upper case
 * (Spark's `UTF8String.toTitleCase`, where only ' ' separates words).
 */
export function initcap(s: string): string {
  const lower = s.toLowerCase();
  let out = "";
  let startOfWord = true;
  for (const ch of lower) {
    out += startOfWord ? ch.toUpperCase() : ch;
    startOfWord = ch === " ";
  }
  return out;
}

/** `initcap(str)`: each word's first letter upper-cased, the rest lower-cased. */
export const INITCAP: ScalarFunctionDefinition = {
  type: "scalar",
  name: "initcap",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "initcap(str) - Returns `str` with the first letter of each word in uppercase and all other letters in lowercase; words are delimited by white space.",
    examples: [{ sql: "initcap('sPark sql')", result: "Spark Sql" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => ({ dataType: STRING, nullable: args[0]!.nullable, eval: (s) => initcap(s as string) }),
};
