/**
 * `first(expr[, ignoreNulls])`, `last(expr[, ignoreNulls])` and `any_value(expr[, ignoreNulls])`:
 * the first / last value seen in a group (non-deterministic after a shuffle, as in Spark). With
 * `ignoreNulls` true, NULL values are skipped. The flag is a BOOLEAN literal second argument; the
 * analyzer passes SQL's `first(x) IGNORE NULLS` the same way. Column names show only the value
 * argument under the canonical name: `first_value(x, true)` prints `first(x)`, as in Spark.
 */
import type { AggregateFunctionDefinition, BoundAggregate, FunctionDocs } from "../function-definition.js";
import { ignoreNullsFlag } from "./helpers.js";

// Buffer: [value, seen]; `seen` distinguishes "no row yet" from "a NULL was kept".
type PickBuffer = [unknown, boolean];

function firstKernel(dataType: BoundAggregate["dataType"], ignoreNulls: boolean): BoundAggregate {
  return {
    dataType,
    nullable: true,
    skipNulls: false,
    init: () => [null, false],
    update: (buf, x) => {
      const b = buf as PickBuffer;
      if (!b[1] && !(ignoreNulls && x === null)) {
        b[0] = x;
        b[1] = true;
      }
      return b;
    },
    merge: (a, b) => ((a as PickBuffer)[1] ? a : b),
    finish: (buf) => (buf as PickBuffer)[0],
  };
}

function lastKernel(dataType: BoundAggregate["dataType"], ignoreNulls: boolean): BoundAggregate {
  return {
    dataType,
    nullable: true,
    skipNulls: false,
    init: () => [null, false],
    update: (buf, x) => {
      const b = buf as PickBuffer;
      if (!(ignoreNulls && x === null)) {
        b[0] = x;
        b[1] = true;
      }
      return b;
    },
    merge: (a, b) => ((b as PickBuffer)[1] ? b : a),
    finish: (buf) => (buf as PickBuffer)[0],
  };
}

// Spark prints only the value argument, under the function's own name (aliases are not kept).
function valueOnlySql(name: string): (args: readonly string[]) => string {
  return (args) => `${name}(${args[0] ?? ""})`;
}

function pickDefinition(
  name: string,
  aliases: readonly string[],
  kernel: typeof firstKernel,
  docs: FunctionDocs,
): AggregateFunctionDefinition {
  return {
    type: "aggregate",
    name,
    aliases,
    args: { min: 1, max: 2 },
    sql: valueOnlySql(name),
    docs,
    bind: (args) => kernel(args[0]!.dataType, ignoreNullsFlag(name, args)),
  };
}

/** `first` (alias `first_value`): the first value of a group. */
export const first = pickDefinition("first", ["first_value"], firstKernel, {
  usage:
    "first(expr[, isIgnoreNull]) returns the first value of expr for a group of rows; with isIgnoreNull true, only non-null values.",
  examples: [
    { sql: "first(col) FROM VALUES (10), (5), (20) AS tab(col)", result: "10" },
    { sql: "first(col) FROM VALUES (NULL), (5), (20) AS tab(col)", result: "NULL" },
    { sql: "first(col, true) FROM VALUES (NULL), (5), (20) AS tab(col)", result: "5" },
  ],
  since: "2.0.0",
});

/** `last` (alias `last_value`): the last value of a group. */
export const last = pickDefinition("last", ["last_value"], lastKernel, {
  usage:
    "last(expr[, isIgnoreNull]) returns the last value of expr for a group of rows; with isIgnoreNull true, only non-null values.",
  examples: [
    { sql: "last(col) FROM VALUES (10), (5), (20) AS tab(col)", result: "20" },
    { sql: "last(col) FROM VALUES (10), (5), (NULL) AS tab(col)", result: "NULL" },
    { sql: "last(col, true) FROM VALUES (10), (5), (NULL) AS tab(col)", result: "5" },
  ],
  since: "2.0.0",
});

/** `any_value`: some value of a group (the first one seen, as Spark implements it). */
export const anyValue = pickDefinition("any_value", [], firstKernel, {
  usage:
    "any_value(expr[, isIgnoreNull]) returns some value of expr for a group of rows; with isIgnoreNull true, only non-null values.",
  examples: [
    { sql: "any_value(col) FROM VALUES (10), (5), (20) AS tab(col)", result: "10" },
    { sql: "any_value(col) FROM VALUES (NULL), (5), (20) AS tab(col)", result: "NULL" },
    { sql: "any_value(col, true) FROM VALUES (NULL), (5), (20) AS tab(col)", result: "5" },
  ],
  since: "3.4.0",
});
