/**
 * `count(*)`, `count(expr, …)`: the number of rows for which every argument is non-null. The
 * analyzer rewrites `count(*)` to `count(1)`, which is also the column name Spark prints.
 */
import { LONG } from "../../types/data-type.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";

// Null rows never reach `update` (skipNulls), so counting is just incrementing.
const COUNT_KERNEL: BoundAggregate = {
  dataType: LONG,
  nullable: false,
  init: () => 0,
  update: (buf) => (buf as number) + 1,
  merge: (a, b) => (a as number) + (b as number),
  finish: (buf) => buf as number,
};

/** `count`: rows where all arguments are non-null; BIGINT, never null (0 for no rows). */
export const count: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "count",
  args: { min: 1, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "count(*) returns the number of rows; count(expr[, expr...]) the number of rows for which every expression is non-null.",
    examples: [
      { sql: "count(*) FROM VALUES (NULL), (5), (5), (20) AS tab(col)", result: "4" },
      { sql: "count(col) FROM VALUES (NULL), (5), (5), (20) AS tab(col)", result: "3" },
      { sql: "count(DISTINCT col) FROM VALUES (NULL), (5), (5), (10) AS tab(col)", result: "2" },
    ],
    since: "1.0.0",
  },
  bind: () => COUNT_KERNEL,
};
