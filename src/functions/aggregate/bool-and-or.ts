/**
 * `bool_and(expr)` (alias `every`) and `bool_or(expr)` (aliases `some`, `any`): logical AND / OR of
 * a group's non-null BOOLEAN values; NULL for no input. Aliases print as written (`every(x)`).
 */
import { BOOLEAN, type DataType } from "../../types/data-type.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { requireBooleanArg, sqlAsCalled } from "./helpers.js";

/** A STRING argument is implicitly cast to BOOLEAN (`every('true')` is true in group-by.sql.out). */
const coerceStringToBoolean = (types: readonly DataType[]): readonly (DataType | undefined)[] =>
  types.map((t) => (t.kind === "string" ? BOOLEAN : undefined));

const AND_KERNEL: BoundAggregate = {
  dataType: BOOLEAN,
  nullable: true,
  init: () => null,
  update: (buf, x) => (buf === null ? x : buf === true && x === true),
  merge: (a, b) => (a === null ? b : b === null ? a : a === true && b === true),
  finish: (buf) => buf,
};

const OR_KERNEL: BoundAggregate = {
  dataType: BOOLEAN,
  nullable: true,
  init: () => null,
  update: (buf, x) => (buf === null ? x : buf === true || x === true),
  merge: (a, b) => (a === null ? b : b === null ? a : a === true || b === true),
  finish: (buf) => buf,
};

/** `bool_and` (alias `every`): true when every non-null value is true. */
export const boolAnd: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "bool_and",
  aliases: ["every"],
  args: { min: 1, max: 1 },
  sql: sqlAsCalled,
  coerce: coerceStringToBoolean,
  docs: {
    usage: "bool_and(expr) returns true if all values of expr are true.",
    examples: [
      { sql: "bool_and(col) FROM VALUES (true), (true), (true) AS tab(col)", result: "true" },
      { sql: "bool_and(col) FROM VALUES (NULL), (true), (true) AS tab(col)", result: "true" },
      { sql: "bool_and(col) FROM VALUES (true), (false), (true) AS tab(col)", result: "false" },
    ],
    since: "3.0.0",
  },
  bind: (args) => {
    requireBooleanArg("bool_and", args, 0);
    return AND_KERNEL;
  },
};

/** `bool_or` (aliases `some`, `any`): true when at least one value is true. */
export const boolOr: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "bool_or",
  aliases: ["some", "any"],
  args: { min: 1, max: 1 },
  sql: sqlAsCalled,
  coerce: coerceStringToBoolean,
  docs: {
    usage: "bool_or(expr) returns true if at least one value of expr is true.",
    examples: [
      { sql: "bool_or(col) FROM VALUES (true), (false), (false) AS tab(col)", result: "true" },
      { sql: "bool_or(col) FROM VALUES (NULL), (true), (false) AS tab(col)", result: "true" },
      { sql: "bool_or(col) FROM VALUES (false), (false), (NULL) AS tab(col)", result: "false" },
    ],
    since: "3.0.0",
  },
  bind: (args) => {
    requireBooleanArg("bool_or", args, 0);
    return OR_KERNEL;
  },
};
