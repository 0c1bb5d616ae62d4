/**
 * `quote(str)`: the string in single quotes with each single quote inside escaped by a backslash,
 * for building SQL text.
 */
import { STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { coerceTo } from "./helpers.js";

/** `quote`: `Don't` becomes `'Don\'t'`. */
export const QUOTE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "quote",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "quote(str) - Returns `str` enclosed by single quotes and each instance of single quote in it is preceded by a backslash.",
    examples: [{ sql: "quote('Don\\'t')", result: "'Don\\'t'" }],
    since: "4.0.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]?.nullable ?? true,
    eval: (s) => `'${(s as string).replaceAll("'", "\\'")}'`,
  }),
};
