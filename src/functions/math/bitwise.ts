/**
 * Bitwise operators `&`, `|`, `^` and `~` on integral types (Java two's complement; longs beyond
 * 32 bits go through BigInt).
 */
import { normLong } from "../../data/values.js";
import { binaryOperatorInputTypes } from "../../types/coercion.js";
import { type DataType, isIntegral } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { binaryOpDiffTypes, binaryOpWrongType } from "./helpers.js";

type BitOp = "&" | "|" | "^";

function isInt32(v: unknown): v is number {
  return typeof v === "number" && (v | 0) === v;
}

function longBits(op: BitOp): (a: unknown, b: unknown) => unknown {
  return (a, b) => {
    if (isInt32(a) && isInt32(b)) {
      return op === "&" ? a & b : op === "|" ? a | b : a ^ b;
    }
    const x = BigInt.asIntN(64, BigInt(a as number | bigint));
    const y = BigInt.asIntN(64, BigInt(b as number | bigint));
    return normLong(BigInt.asIntN(64, op === "&" ? x & y : op === "|" ? x | y : x ^ y));
  };
}

function integralType(callSql: string, args: readonly BindArg[]): DataType {
  const l = args[0]!.dataType;
  const r = args[args.length - 1]!.dataType;
  const t = l.kind === "null" ? r : l;
  if (r.kind !== "null" && l.kind !== "null" && l.kind !== r.kind) throw binaryOpDiffTypes(callSql, l, r);
  if (t.kind === "null") return t;
  if (!isIntegral(t)) throw binaryOpWrongType(callSql, '"INTEGRAL"', t);
  return t;
}

function bitDef(
  op: BitOp,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name: op,
    args: { min: 2, max: 2 },
    docs: { usage, examples: [example] },
    sql: (args) => `(${args[0]} ${op} ${args[1]})`,
    coerce: (argTypes: readonly DataType[], ansi = true) => {
      const t = binaryOperatorInputTypes(argTypes[0]!, argTypes[1]!, "bitwise", ansi);
      return t === undefined ? [undefined, undefined] : t;
    },
    bind: (args) => {
      const t = integralType(`(${args[0]!.sql} ${op} ${args[1]!.sql})`, args);
      const nullable = args[0]!.nullable || args[1]!.nullable;
      if (t.kind === "long") return { dataType: t, nullable, eval: longBits(op) };
      const f =
        op === "&"
          ? (a: unknown, b: unknown) => (a as number) & (b as number)
          : op === "|"
            ? (a: unknown, b: unknown) => (a as number) | (b as number)
            : (a: unknown, b: unknown) => (a as number) ^ (b as number);
      return { dataType: t, nullable, eval: f, inline: (a) => `(${a[0]} ${op} ${a[1]})` };
    },
  };
}

/** `expr1 & expr2`. */
export const BITWISE_AND = bitDef("&", "Returns the result of bitwise AND of `expr1` and `expr2`.", {
  sql: "3 & 5",
  result: "1",
});
/** `expr1 | expr2`. */
export const BITWISE_OR = bitDef("|", "Returns the result of bitwise OR of `expr1` and `expr2`.", {
  sql: "3 | 5",
  result: "7",
});
/** `expr1 ^ expr2`. */
export const BITWISE_XOR = bitDef("^", "Returns the result of bitwise exclusive OR of `expr1` and `expr2`.", {
  sql: "3 ^ 5",
  result: "6",
});

/** `~ expr`: bitwise NOT. */
export const BITWISE_NOT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "~",
  args: { min: 1, max: 1 },
  docs: { usage: "Returns the result of bitwise NOT of `expr`.", examples: [{ sql: "~ 0", result: "-1" }] },
  sql: (args) => `~${args[0]}`,
  bind: (args) => {
    const t = integralType(`~${args[0]!.sql}`, args);
    if (t.kind === "long") {
      return {
        dataType: t,
        nullable: args[0]!.nullable,
        eval: (v) => (isInt32(v) ? ~v : normLong(BigInt.asIntN(64, ~BigInt(v as number | bigint)))),
      };
    }
    return {
      dataType: t,
      nullable: args[0]!.nullable,
      eval: (v) => ~(v as number),
      inline: (a) => `(~${a[0]})`,
    };
  },
};
