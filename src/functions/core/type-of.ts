/**
 * `typeof(expr)`: the DDL name of the argument's type, computed at bind time.
 */
import { STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

/** `typeof(expr)`: the type of `expr` as a DDL string (`int`, `array<string>`). */
export const TYPEOF: ScalarFunctionDefinition = {
  type: "scalar",
  name: "typeof",
  args: { min: 1, max: 1 },
  docs: {
    usage: "typeof(expr) - Return DDL-formatted type string for the data type of the input.",
    examples: [
      { sql: "typeof(1)", result: "int" },
      { sql: "typeof(array(1))", result: "array<int>" },
    ],
    since: "3.0.0",
  },
  bind: (args) => {
    const name = args[0]!.dataType.simpleString();
    return { dataType: STRING, nullable: false, nullIntolerant: false, eval: () => name };
  },
};
