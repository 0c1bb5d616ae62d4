/**
 * `current_database()` (alias `current_schema()`) and `current_catalog()`. tspark has one session
 * catalog, `spark_catalog`, whose current database is `default`.
 */
import { STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

/** `current_database()` / `current_schema()`: the current database of the session. */
export const CURRENT_DATABASE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "current_database",
  aliases: ["current_schema"],
  args: { min: 0, max: 0 },
  docs: {
    usage: "current_database() - Returns the current database.",
    examples: [{ sql: "current_database()", result: "default" }],
    since: "1.6.0",
  },
  sql: (_args, calledAs) =>
    `${calledAs.toLowerCase() === "current_schema" ? "current_schema" : "current_database"}()`,
  bind: () => ({ dataType: STRING, nullable: false, nullIntolerant: false, eval: () => "default" }),
};

/** `current_catalog()`: the current catalog of the session. */
export const CURRENT_CATALOG: ScalarFunctionDefinition = {
  type: "scalar",
  name: "current_catalog",
  args: { min: 0, max: 0 },
  docs: {
    usage: "current_catalog() - Returns the current catalog.",
    examples: [{ sql: "current_catalog()", result: "spark_catalog" }],
    since: "3.1.0",
  },
  bind: () => ({ dataType: STRING, nullable: false, nullIntolerant: false, eval: () => "spark_catalog" }),
};
