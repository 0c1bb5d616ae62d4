/** `product(expr)`: the product of a group's non-null values as DOUBLE; NULL for no input. */
import { DOUBLE } from "../../types/data-type.js";
import type { AggregateFunctionDefinition } from "../function-definition.js";
import { coerceAllToDouble, requireNumericArg, toDoubleFn } from "./helpers.js";

/** `product`: multiplies the values of a group. */
export const product: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "product",
  args: { min: 1, max: 1 },
  coerce: coerceAllToDouble,
  docs: {
    usage: "product(expr) returns the product calculated from values of a group.",
    examples: [{ sql: "product(col) FROM VALUES (1), (2), (3) AS tab(col)", result: "6.0" }],
    since: "3.2.0",
  },
  bind: (args) => {
    requireNumericArg("product", args, 0);
    const toDouble = toDoubleFn(args[0]!.dataType);
    return {
      dataType: DOUBLE,
      nullable: true,
      init: () => null,
      update: (buf, x) => (buf === null ? toDouble(x) : (buf as number) * toDouble(x)),
      merge: (a, b) => (a === null ? b : b === null ? a : (a as number) * (b as number)),
      finish: (buf) => buf,
    };
  },
};
