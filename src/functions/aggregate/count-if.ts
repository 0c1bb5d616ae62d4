/** `count_if(expr)`: the number of rows for which the boolean expression is true. */
import { LONG } from "../../types/data-type.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { requireBooleanArg } from "./helpers.js";

const COUNT_IF_KERNEL: BoundAggregate = {
  dataType: LONG,
  nullable: false,
  init: () => 0,
  update: (buf, x) => (x === true ? (buf as number) + 1 : buf),
  merge: (a, b) => (a as number) + (b as number),
  finish: (buf) => buf as number,
};

/** `count_if`: counts TRUE values (NULL and FALSE are not counted); BIGINT, never null. */
export const countIf: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "count_if",
  args: { min: 1, max: 1 },
  docs: {
    usage: "count_if(expr) returns the number of TRUE values for the expression.",
    examples: [
      { sql: "count_if(col % 2 = 0) FROM VALUES (NULL), (0), (1), (2), (3) AS tab(col)", result: "2" },
      { sql: "count_if(col IS NULL) FROM VALUES (NULL), (0), (1), (2), (3) AS tab(col)", result: "1" },
    ],
    since: "3.0.0",
  },
  bind: (args) => {
    requireBooleanArg("count_if", args, 0);
    return COUNT_IF_KERNEL;
  },
};
