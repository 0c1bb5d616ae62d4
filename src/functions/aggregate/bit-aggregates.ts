/**
 * `bit_and`, `bit_or`, `bit_xor`: bitwise reductions of a group's non-null integral values; the
 * result has the input's type, NULL for no input. BIGINT values are combined as 64-bit integers.
 */
import { longToBigInt, normLong } from "../../data/values.js";
import { isIntegral } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggCallSql } from "./helpers.js";

type Op = "and" | "or" | "xor";

function combine32(op: Op): (a: number, b: number) => number {
  switch (op) {
    case "and":
      return (a, b) => a & b;
    case "or":
      return (a, b) => a | b;
    default:
      return (a, b) => a ^ b;
  }
}

function combine64(op: Op): (a: unknown, b: unknown) => unknown {
  const f =
    op === "and"
      ? (x: bigint, y: bigint) => x & y
      : op === "or"
        ? (x: bigint, y: bigint) => x | y
        : (x: bigint, y: bigint) => x ^ y;
  return (a, b) =>
    normLong(BigInt.asIntN(64, f(longToBigInt(a as number | bigint), longToBigInt(b as number | bigint))));
}

function bitDefinition(op: Op, example: [string, string]): AggregateFunctionDefinition {
  const name = `bit_${op}`;
  return {
    type: "aggregate",
    name,
    args: { min: 1, max: 1 },
    docs: {
      usage: `${name}(expr) returns the bitwise ${op.toUpperCase()} of all non-null input values, or null if none.`,
      examples: [{ sql: example[0], result: example[1] }],
      since: "3.0.0",
    },
    bind: (args): BoundAggregate => {
      const t = args[0]!.dataType;
      if (!isIntegral(t) && t.kind !== "null") {
        throw unexpectedInputType(aggCallSql(name, args), 0, '"INTEGRAL"', args[0]!);
      }
      const c = t.kind === "long" ? combine64(op) : (combine32(op) as (a: unknown, b: unknown) => unknown);
      const step = (a: unknown, b: unknown): unknown => (a === null ? b : b === null ? a : c(a, b));
      return { dataType: t, nullable: true, init: () => null, update: step, merge: step, finish: (b) => b };
    },
  };
}

/** `bit_and`: bitwise AND of a group's values. */
export const bitAnd = bitDefinition("and", ["bit_and(col) FROM VALUES (3), (5) AS tab(col)", "1"]);
/** `bit_or`: bitwise OR of a group's values. */
export const bitOr = bitDefinition("or", ["bit_or(col) FROM VALUES (3), (5) AS tab(col)", "7"]);
/** `bit_xor`: bitwise XOR of a group's values. */
export const bitXor = bitDefinition("xor", ["bit_xor(col) FROM VALUES (3), (5) AS tab(col)", "6"]);
