/**
 * Bitwise operators `&`, `|`, `^`, `~`, the shifts and bit_count/bit_get on integral types (Java
 * two's complement; longs beyond 32 bits go through BigInt).
 */
import { TsparkError } from "../../common/errors.js";
import { normLong } from "../../data/values.js";
import { binaryOperatorInputTypes, implicitCastTarget } from "../../types/coercion.js";
import { BYTE, type DataType, INT, isIntegral, LONG } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { argsSql, binaryOpDiffTypes, binaryOpWrongType, toNumber, wrongType } from "./helpers.js";

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

type ShiftOp = "shiftleft" | "shiftright" | "shiftrightunsigned";

/** The SQL operator of each shift; Spark names `a >> b` with the operator, `shiftright(a, b)` as a call. */
const SHIFT_OPERATORS: Readonly<Record<ShiftOp, string>> = {
  shiftleft: "<<",
  shiftright: ">>",
  shiftrightunsigned: ">>>",
};

function shiftDef(
  name: ShiftOp,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  const op = SHIFT_OPERATORS[name];
  return {
    type: "scalar",
    name,
    aliases: [op],
    sql: (args, calledAs) =>
      calledAs === op ? `(${args[0]} ${op} ${args[1]})` : `${name}(${args.join(", ")})`,
    args: { min: 2, max: 2 },
    docs: { usage, examples: [example] },
    coerce: (argTypes) => {
      const t = argTypes[0]!;
      const first =
        t.kind === "int" || t.kind === "long"
          ? undefined
          : isIntegral(t)
            ? INT
            : implicitCastTarget(t, [INT, LONG]);
      const second = argTypes[1]!.kind === "int" ? undefined : implicitCastTarget(argTypes[1]!, INT);
      return [first, second];
    },
    bind: (args) => {
      const t = args[0]!.dataType.kind === "null" ? INT : args[0]!.dataType;
      const callSql = argsSql(name, args);
      if (t.kind !== "int" && t.kind !== "long") throw wrongType(callSql, 0, '("INT" or "BIGINT")', args[0]!);
      const nullable = args[0]!.nullable || args[1]!.nullable;
      if (t.kind === "int") {
        // JS shifts mask the count to 5 bits exactly as Java's int shifts do.
        const f =
          name === "shiftleft"
            ? (a: unknown, b: unknown) => (a as number) << toNumber(b)
            : name === "shiftright"
              ? (a: unknown, b: unknown) => (a as number) >> toNumber(b)
              : (a: unknown, b: unknown) => ((a as number) >>> toNumber(b)) | 0;
        return { dataType: INT, nullable, eval: f };
      }
      return {
        dataType: LONG,
        nullable,
        eval: (a, b) => {
          const x = BigInt.asIntN(64, BigInt(a as number | bigint));
          const n = BigInt(toNumber(b) & 63);
          if (name === "shiftleft") return normLong(BigInt.asIntN(64, x << n));
          if (name === "shiftright") return normLong(x >> n);
          return normLong(BigInt.asIntN(64, BigInt.asUintN(64, x) >> n));
        },
      };
    },
  };
}

/** `shiftleft(base, expr)` / `base << expr`. */
export const SHIFT_LEFT = shiftDef("shiftleft", "Bitwise left shift.", {
  sql: "shiftleft(2, 1)",
  result: "4",
});
/** `shiftright(base, expr)` / `base >> expr`: arithmetic (signed) right shift. */
export const SHIFT_RIGHT = shiftDef("shiftright", "Bitwise (signed) right shift.", {
  sql: "shiftright(4, 1)",
  result: "2",
});
/** `shiftrightunsigned(base, expr)` / `base >>> expr`. */
export const SHIFT_RIGHT_UNSIGNED = shiftDef("shiftrightunsigned", "Bitwise unsigned right shift.", {
  sql: "shiftrightunsigned(4, 1)",
  result: "2",
});

function popCount64(v: bigint): number {
  let x = BigInt.asUintN(64, v);
  let n = 0;
  while (x !== 0n) {
    x &= x - 1n;
    n++;
  }
  return n;
}

/** `bit_count(expr)`: set bits of the 64-bit two's complement value (booleans count as 0 or 1). */
export const BIT_COUNT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "bit_count",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "Returns the number of bits that are set in the argument expr as an unsigned 64-bit integer, or NULL if the argument is NULL.",
    examples: [{ sql: "bit_count(0)", result: "0" }],
  },
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t.kind === "boolean") return { dataType: INT, nullable: args[0]!.nullable, eval: (v) => (v ? 1 : 0) };
    if (!isIntegral(t) && t.kind !== "null") {
      throw wrongType(argsSql("bit_count", args), 0, '("INTEGRAL" or "BOOLEAN")', args[0]!);
    }
    return {
      dataType: INT,
      nullable: args[0]!.nullable,
      eval: (v) => popCount64(BigInt(v as number | bigint)),
    };
  },
};

const BIT_WIDTH: Readonly<Record<string, number>> = { byte: 8, short: 16, int: 32, long: 64 };

/** `bit_get(expr, pos)` / `getbit`: the bit at `pos` (0 is the rightmost) as a TINYINT. */
export const BIT_GET: ScalarFunctionDefinition = {
  type: "scalar",
  name: "bit_get",
  aliases: ["getbit"],
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "Returns the value of the bit (0 or 1) at the specified position. The positions are numbered from right to left, starting at zero.",
    examples: [
      { sql: "bit_get(11, 0)", result: "1" },
      { sql: "bit_get(11, 2)", result: "0" },
    ],
  },
  coerce: (argTypes) => [
    undefined,
    argTypes[1]!.kind === "int" ? undefined : implicitCastTarget(argTypes[1]!, INT),
  ],
  bind: (args, _ctx) => {
    const t = args[0]!.dataType;
    if (!isIntegral(t) && t.kind !== "null")
      throw wrongType(argsSql("bit_get", args), 0, '"INTEGRAL"', args[0]!);
    const width = BIT_WIDTH[t.kind] ?? 32;
    return {
      dataType: BYTE,
      nullable: args[0]!.nullable || args[1]!.nullable,
      eval: (v, p) => {
        const pos = toNumber(p);
        if (pos < 0 || pos >= width) {
          throw new TsparkError("INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE", {
            messageParameters: {
              functionName: "`bit_get`",
              parameter: "`pos`",
              invalidValue: String(pos),
              upper: String(width),
              message: `expects an integer value in [0, ${width}), but got ${pos}.`,
            },
          });
        }
        return Number((BigInt(v as number | bigint) >> BigInt(pos)) & 1n);
      },
    };
  },
};
