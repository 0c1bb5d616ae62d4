/**
 * Rounding: `ceil`/`ceiling`, `floor` (BIGINT for doubles, decimal rules for decimals, a decimal
 * result with a scale argument), `round` (HALF_UP) and `bround` (HALF_EVEN) keeping the input type,
 * and `rint`. Doubles are rounded through their shortest decimal text, as Spark's
 * `BigDecimal(double)` does, so round(2.675, 2) is 2.68.
 */
import { decimalFromDouble, fitsPrecision, pow10, type RoundingMode, rescale } from "../../data/decimal.js";
import { normLong, wrapLong } from "../../data/values.js";
import { decimalForType, implicitCastTarget } from "../../types/coercion.js";
import {
  type DataType,
  DecimalType,
  DOUBLE,
  INT,
  isIntegral,
  isNumeric,
  LONG,
} from "../../types/data-type.js";
import { typeMismatch, toSqlExpr, unexpectedInputType } from "../errors.js";
import type { BindArg, BindContext, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";
import {
  argsSql,
  decimalOverflowError,
  funcSql,
  modeOf,
  overflowError,
  toNumber,
  unaryDouble,
} from "./helpers.js";

const MAX_LONG_D = 2 ** 63;

/** Java's `(long) d`: NaN → 0, saturating at the long range. */
function doubleToLong(d: number): number | bigint {
  if (Number.isNaN(d)) return 0;
  if (d >= MAX_LONG_D) return 9223372036854775807n;
  if (d <= -MAX_LONG_D) return -9223372036854775808n;
  if (Number.isSafeInteger(d)) return d + 0;
  return normLong(BigInt(d));
}

/** Rounds a double to `scale` digits with `mode` through its decimal text (NaN/±Infinity unchanged). */
export function roundDouble(x: number, scale: number, mode: RoundingMode): number {
  const d = decimalFromDouble(x);
  if (d === undefined) return x;
  // Java's BigDecimal has no negative zero, so -0.0 comes back as 0.0.
  if (d.scale <= scale) return x + 0;
  const v = rescale(d.unscaled, d.scale, scale, mode);
  const r = scale >= 0 ? Number(`${v}e-${scale}`) : Number(`${v}e${-scale}`);
  // Keep the sign of zero as Java's BigDecimal.doubleValue does not: -0.4 rounds to 0.0.
  return r === 0 ? 0 : r;
}

function scaleArg(name: string, args: readonly BindArg[]): number | null {
  if (args.length < 2) return 0;
  const a = args[1]!;
  if (!a.foldable) {
    throw typeMismatch("NON_FOLDABLE_INPUT", argsSql(name, args), {
      inputName: "`scale`",
      inputType: '"INT"',
      inputExpr: toSqlExpr(a.sql),
    });
  }
  const v = a.value ?? null;
  return v === null ? null : toNumber(v);
}

function roundDecimalType(t: DecimalType, scale: number): DecimalType {
  const intDigits = t.precision - t.scale + 1;
  if (scale < 0) return new DecimalType(Math.min(Math.max(intDigits, -scale + 1), 38), 0);
  const s = Math.min(t.scale, scale);
  return new DecimalType(Math.min(intDigits + s, 38), s);
}

/** Rounds an unscaled decimal to `scale` (possibly negative) and expresses it at `outScale`. */
function roundUnscaled(v: bigint, from: number, scale: number, outScale: number, mode: RoundingMode): bigint {
  const r = rescale(v, from, scale, mode);
  return scale < outScale ? r * pow10(outScale - scale) : r;
}

function bindRound(
  name: string,
  mode: RoundingMode,
  args: readonly BindArg[],
  ctx: BindContext,
): BoundScalar {
  let t = args[0]!.dataType;
  if (t.kind === "null") t = DOUBLE;
  if (!isNumeric(t)) throw unexpectedInputType(argsSql(name, args), 0, '"NUMERIC"', args[0]!);
  const scale = scaleArg(name, args);
  const ansi = modeOf(ctx) === "ansi";
  if (scale === null)
    return { dataType: t.kind === "decimal" ? roundDecimalType(t, 0) : t, nullable: true, eval: () => null };
  const nullable = args[0]!.nullable;
  if (t.kind === "decimal") {
    const rt = roundDecimalType(t, scale);
    const from = t.scale;
    return {
      dataType: rt,
      nullable: true,
      eval: (v) => {
        const r = roundUnscaled(v as bigint, from, scale, rt.scale, mode);
        if (fitsPrecision(r, rt.precision)) return r;
        if (ansi) throw decimalOverflowError(r, rt.scale, rt);
        return null;
      },
    };
  }
  if (t.kind === "double" || t.kind === "float") {
    const f = t.kind === "float";
    return {
      dataType: t,
      nullable,
      eval: (v) => {
        const r = roundDouble(v as number, scale, mode);
        return f ? Math.fround(r) : r;
      },
    };
  }
  // Integral: only a negative scale changes the value.
  if (scale >= 0) return { dataType: t, nullable, eval: (v) => v };
  const kind = t.kind;
  const bits = kind === "byte" ? 8 : kind === "short" ? 16 : kind === "int" ? 32 : 64;
  const min = -(1n << BigInt(bits - 1));
  const max = (1n << BigInt(bits - 1)) - 1n;
  return {
    dataType: t,
    nullable,
    eval: (v) => {
      const b = typeof v === "bigint" ? v : BigInt(v as number);
      const r = roundUnscaled(b, 0, scale, 0, mode);
      if (r < min || r > max) {
        if (ansi) throw overflowError("Overflow");
        const w = BigInt.asIntN(bits, r);
        return kind === "long" ? wrapLong(w) : Number(w);
      }
      return kind === "long" ? normLong(r) : Number(r);
    },
  };
}

function coerceRound(argTypes: readonly DataType[]): readonly (DataType | undefined)[] {
  const t = argTypes[0]!;
  const first = isNumeric(t) ? undefined : implicitCastTarget(t, "numeric");
  const second =
    argTypes.length > 1 && argTypes[1]!.kind !== "int" ? implicitCastTarget(argTypes[1]!, INT) : undefined;
  return argTypes.length > 1 ? [first, second] : [first];
}

function roundDef(name: "round" | "bround", mode: RoundingMode): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 2 },
    docs:
      name === "round"
        ? {
            usage: "Returns `expr` rounded to `d` decimal places using HALF_UP rounding mode.",
            examples: [
              { sql: "round(2.5, 0)", result: "3" },
              { sql: "round(25, -1)", result: "30" },
            ],
          }
        : {
            usage: "Returns `expr` rounded to `d` decimal places using HALF_EVEN rounding mode.",
            examples: [
              { sql: "bround(2.5, 0)", result: "2" },
              { sql: "bround(25, -1)", result: "20" },
            ],
          },
    sql: (args) => funcSql(name, args.length === 1 ? [args[0]!, "0"] : args),
    coerce: coerceRound,
    bind: (args, ctx) => bindRound(name, mode, args, ctx),
  };
}

/** `round(expr, d = 0)`: HALF_UP. */
export const ROUND = roundDef("round", "HALF_UP");
/** `bround(expr, d = 0)`: HALF_EVEN (banker's rounding). */
export const BROUND = roundDef("bround", "HALF_EVEN");

function coerceCeil(argTypes: readonly DataType[]): readonly (DataType | undefined)[] {
  const t = argTypes[0]!;
  if (argTypes.length > 1) {
    const d =
      t.kind === "decimal" ? undefined : isNumeric(t) ? decimalForType(t) : implicitCastTarget(t, "decimal");
    return [d, argTypes[1]!.kind === "int" ? undefined : implicitCastTarget(argTypes[1]!, INT)];
  }
  if (t.kind === "long" || t.kind === "double" || t.kind === "decimal") return [undefined];
  if (isIntegral(t)) return [LONG];
  return [implicitCastTarget(t, DOUBLE)];
}

function bindCeilFloor(name: string, ceil: boolean, args: readonly BindArg[], ctx: BindContext): BoundScalar {
  const mode: RoundingMode = ceil ? "CEILING" : "FLOOR";
  let t = args[0]!.dataType;
  if (t.kind === "null") t = args.length > 1 ? new DecimalType(30, 15) : DOUBLE;
  const nullable = args[0]!.nullable;
  if (args.length > 1) {
    if (t.kind !== "decimal") {
      const d = decimalForType(t);
      if (d === undefined) throw unexpectedInputType(argsSql(name, args), 0, '"DECIMAL"', args[0]!);
      t = d;
    }
    const scale = scaleArg(name, args);
    const p = Math.min(t.precision + 1, 38);
    const rt = scale === null ? t : new DecimalType(p, scale < 0 ? 0 : Math.min(scale, t.scale));
    if (scale === null) return { dataType: rt, nullable: true, eval: () => null };
    const from = t.scale;
    const ansi = ctx.ansi;
    return {
      dataType: rt,
      nullable: true,
      eval: (v) => {
        const r = roundUnscaled(v as bigint, from, scale, rt.scale, mode);
        if (fitsPrecision(r, rt.precision)) return r;
        if (ansi) throw decimalOverflowError(r, rt.scale, rt);
        return null;
      },
    };
  }
  switch (t.kind) {
    case "long":
      return { dataType: LONG, nullable, eval: (v) => v };
    case "decimal": {
      const rt = new DecimalType(Math.min(t.precision - t.scale + 1, 38), 0);
      const from = t.scale;
      return { dataType: rt, nullable, eval: (v) => rescale(v as bigint, from, 0, mode) };
    }
    case "double": {
      const f = ceil ? Math.ceil : Math.floor;
      return { dataType: LONG, nullable, eval: (v) => doubleToLong(f(v as number)) };
    }
    default:
      throw unexpectedInputType(argsSql(name, args), 0, '("DOUBLE" or "DECIMAL" or "BIGINT")', args[0]!);
  }
}

function ceilFloorDef(name: "ceil" | "floor"): ScalarFunctionDefinition {
  const ceil = name === "ceil";
  return {
    type: "scalar",
    name,
    ...(ceil ? { aliases: ["ceiling"] } : {}),
    args: { min: 1, max: 2 },
    docs: ceil
      ? {
          usage: "Returns the smallest number after rounding up that is not smaller than `expr`.",
          examples: [
            { sql: "ceil(-0.1)", result: "0" },
            { sql: "ceil(5)", result: "5" },
            { sql: "ceil(3.1411, 3)", result: "3.142" },
          ],
        }
      : {
          usage: "Returns the largest number after rounding down that is not greater than `expr`.",
          examples: [
            { sql: "floor(-0.1)", result: "-1" },
            { sql: "floor(5)", result: "5" },
            { sql: "floor(3.1411, 3)", result: "3.141" },
          ],
        },
    sql: (args, calledAs) => {
      const c = calledAs.toLowerCase();
      if (args.length > 1 || c !== name) return funcSql(c, args);
      return funcSql(name.toUpperCase(), args);
    },
    coerce: coerceCeil,
    bind: (args, ctx) => bindCeilFloor(name, ceil, args, ctx),
  };
}

/** `ceil(expr[, scale])` / `ceiling`. */
export const CEIL = ceilFloorDef("ceil");
/** `floor(expr[, scale])`. */
export const FLOOR = ceilFloorDef("floor");

/** Java's `Math.rint`: nearest integer, ties to even, keeping the sign of zero. */
export function rint(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  const f = Math.floor(x);
  const diff = x - f;
  let r: number;
  if (diff > 0.5) r = f + 1;
  else if (diff < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  return r === 0 && x < 0 ? -0 : r;
}

/** `rint(expr)`. */
export const RINT = unaryDouble(
  "rint",
  rint,
  {
    usage:
      "Returns the double value that is closest in value to the argument and is equal to a mathematical integer.",
    examples: [{ sql: "rint(12.3456)", result: "12.0" }],
  },
  { upper: false },
);
