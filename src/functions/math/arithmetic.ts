/**
 * Binary arithmetic operators `+ - * / % div` and `pmod`, plus the `try_*` variants. Kernels follow
 * Java semantics on the coerced operand types: byte/short/int/long wrap (legacy) or raise
 * `ARITHMETIC_OVERFLOW` (ANSI), decimals are exact on unscaled bigints and rounded HALF_UP to the
 * result type, doubles are IEEE. `/` always divides as DOUBLE unless an operand is a decimal.
 */
import { TsparkError } from "../../common/errors.js";
import { digitCount, divRound, pow10 } from "../../data/decimal.js";
import { MIN_LONG } from "../../data/values.js";
import {
  binaryOperatorInputTypes,
  decimalAddType,
  decimalDivideType,
  decimalMultiplyType,
  decimalRemainderType,
  decimalForType,
} from "../../types/coercion.js";
import {
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  INT,
  isIntegral,
  isNumeric,
  LONG,
} from "../../types/data-type.js";
import { dateAdd, dateSub } from "../datetime/date-arithmetic.js";
import { unexpectedInputType } from "../errors.js";
import { bindIntervalArithmetic, intervalArithmeticInputTypes } from "../datetime/interval-arithmetic.js";
import type {
  BindArg,
  BindContext,
  BoundScalar,
  FunctionDocs,
  ScalarFunctionDefinition,
} from "../function-definition.js";
import {
  type ArithMode,
  binaryOpDiffTypes,
  binaryOpWrongType,
  divideByZeroError,
  fitDecimal,
  funcSql,
  intResult,
  longResult,
  modeOf,
  overflowError,
  wrapIntegral,
} from "./helpers.js";

/** The arithmetic operators implemented here. */
export type ArithOp = "+" | "-" | "*" | "/" | "%" | "div" | "pmod";

const TRY_NAME: Readonly<Record<ArithOp, string>> = {
  "+": "try_add",
  "-": "try_subtract",
  "*": "try_multiply",
  "/": "try_divide",
  "%": "try_mod",
  div: "try_divide",
  pmod: "try_mod",
};

const REQUIRED_NUMERIC = '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")';

/**
 * Input types Spark's coercion rules give the operands of `op` (string promotion, decimal precision,
 * DivisionRule, IntegralDivisionRule, then the tightest common type). Non-numeric operands are left
 * alone so that date/interval arithmetic can be resolved by the datetime family.
 */
export function arithmeticInputTypes(
  op: ArithOp,
  argTypes: readonly DataType[],
  ansi = true,
): readonly (DataType | undefined)[] {
  let l = argTypes[0]!;
  let r = argTypes[1]!;
  const intervalTypes = intervalArithmeticInputTypes(op, l, r, ansi);
  if (intervalTypes !== undefined) return intervalTypes;
  if (l.kind === "null" && r.kind === "null") return op === "div" ? [LONG, LONG] : [DOUBLE, DOUBLE];
  // `date - NULL` is date_sub(date, NULL), not a date difference (date.sql.out).
  if (l.kind === "date" && r.kind === "null" && (op === "+" || op === "-")) return [undefined, INT];
  if (l.kind === "null") l = r.kind === "string" ? DOUBLE : r;
  if (r.kind === "null") r = l.kind === "string" ? DOUBLE : l;
  const dateShift = dateShiftOperands(op, l, r);
  if (dateShift !== undefined) return dateShift;
  const numericish = (t: DataType) => isNumeric(t) || t.kind === "string";
  if (!numericish(l) || !numericish(r)) return [undefined, undefined];
  const t = binaryOperatorInputTypes(l, r, "arithmetic", ansi);
  if (t === undefined) return [undefined, undefined];
  let [a, b] = t;
  // An integral operand next to a decimal keeps its type here: `bindArithmetic` picks its decimal
  // precision, which is smaller for an integer literal (Spark's literalPickMinimumPrecision).
  if (isIntegral(l) && b.kind === "decimal" && a.kind === "decimal")
    return [undefined, b === r ? undefined : b];
  if (isIntegral(r) && a.kind === "decimal" && b.kind === "decimal")
    return [a === l ? undefined : a, undefined];
  if (op === "/" && (a.kind !== "decimal" || b.kind !== "decimal")) return [DOUBLE, DOUBLE];
  if (op === "div") {
    if (a.kind === "decimal" || b.kind === "decimal") {
      a = a.kind === "decimal" ? a : (decimalForType(a) ?? a);
      b = b.kind === "decimal" ? b : (decimalForType(b) ?? b);
      return [a, b];
    }
    return [LONG, LONG];
  }
  return [a, b];
}

const SMALL_INTEGRAL = new Set(["byte", "short", "int"]);

/**
 * `date + n`, `n + date` and `date - n` are Spark's `date_add`/`date_sub` (its
 * BinaryArithmeticWithDatetimeResolver); returns the operand types for them, or undefined when the
 * operands are not a date and a day count.
 */
function dateShiftOperands(
  op: ArithOp,
  l: DataType,
  r: DataType,
): readonly (DataType | undefined)[] | undefined {
  // Spark resolves date ± any numeric operand to date_add/date_sub, whose input check then rejects
  // non-small integers; `date + 'str'` casts the string to DATE first (date.sql.out).
  const days = (t: DataType) => SMALL_INTEGRAL.has(t.kind) || t.kind === "null" || isNumeric(t);
  if (op === "+" || op === "-") {
    if (l.kind === "date" && days(r)) return [undefined, r.kind === "null" ? INT : undefined];
  }
  if (op === "+" && days(l) && r.kind === "date") return [l.kind === "null" ? INT : undefined, undefined];
  if (op === "+" && l.kind === "date" && r.kind === "string") return [undefined, undefined];
  if (op === "+" && l.kind === "string" && r.kind === "date") return [undefined, undefined];
  return undefined;
}

/** Binds date ± days through the datetime family's date_add/date_sub, displayed as Spark does. */
function bindDateShift(
  op: ArithOp,
  args: readonly BindArg[],
  ctx: BindContext,
  display: string | undefined,
): BoundScalar | undefined {
  const l = args[0]!.dataType;
  const r = args[1]!.dataType;
  const swapped = l.kind !== "date";
  if (dateShiftOperands(op, l, r) === undefined || (swapped && r.kind !== "date")) return undefined;
  if (!swapped && r.kind === "date") return undefined;
  const def = op === "+" ? dateAdd : dateSub;
  const ordered = swapped ? [args[1]!, args[0]!] : [args[0]!, args[1]!];
  const count = ordered[1]!;
  if (count.dataType.kind === "string") {
    // Spark casts the string to DATE (the other side's type) and date_add then rejects a DATE count.
    const shown = `${def.name}(${ordered[0]!.sql}, ${count.sql})`;
    throw unexpectedInputType(shown, 1, '("INT" or "SMALLINT" or "TINYINT")', { ...count, dataType: DATE });
  }
  const inner = def.bind(ordered, ctx);
  const k = inner.eval;
  const name = display ?? def.name;
  return {
    dataType: inner.dataType,
    nullable: inner.nullable || display !== undefined,
    eval: swapped ? (a, b) => k(b, a) : k,
    // `1 + d` shows as date_add(d, 1), while try_add keeps the order it was written in.
    display:
      swapped && display === undefined
        ? (a) => `${name}(${a[1]}, ${a[0]})`
        : (a) => `${name}(${a[0]}, ${a[1]})`,
  };
}

/** Result type of `op` on already-coerced operand types, or undefined when the pair is not valid. */
export function arithmeticResultType(op: ArithOp, l: DataType, r: DataType): DataType | undefined {
  if (l.kind === "decimal" && r.kind === "decimal") {
    switch (op) {
      case "+":
      case "-":
        return decimalAddType(l, r);
      case "*":
        return decimalMultiplyType(l, r);
      case "/":
        return decimalDivideType(l, r);
      case "%":
      case "pmod":
        return decimalRemainderType(l, r);
      case "div":
        return LONG;
    }
  }
  if (l.kind !== r.kind || !isNumeric(l)) return undefined;
  if (op === "/") return DOUBLE;
  if (op === "div") return LONG;
  return l;
}

type Kernel = (a: unknown, b: unknown) => unknown;

function javaRem(a: number, b: number): number {
  // `+ 0` turns JS's -0 remainder of integers into Java's 0.
  return (a % b) + 0;
}

function pmodNumber(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? (r + b) % b : r;
}

const INT_MIN: Readonly<Record<string, number>> = { byte: -128, short: -32768, int: -2147483648 };
const INT_MAX: Readonly<Record<string, number>> = { byte: 127, short: 32767, int: 2147483647 };

function intKernel(op: ArithOp, kind: string, mode: ArithMode): Kernel {
  const tn = TRY_NAME[op];
  const lo = INT_MIN[kind]!;
  const hi = INT_MAX[kind]!;
  // The range check is inline so the common (no overflow) path allocates nothing; `intResult`
  // only runs on overflow to raise, wrap or return NULL.
  switch (op) {
    case "+":
      return (a, b) => {
        const r = (a as number) + (b as number);
        if (r >= lo && r <= hi) return r;
        return intResult(kind, r, mode, tn, () => wrapIntegral(kind, r), [a as number, "+", b as number]);
      };
    case "-":
      return (a, b) => {
        const r = (a as number) - (b as number);
        if (r >= lo && r <= hi) return r;
        return intResult(kind, r, mode, tn, () => wrapIntegral(kind, r), [a as number, "-", b as number]);
      };
    case "*":
      return (a, b) => {
        const x = a as number;
        const y = b as number;
        const r = x * y;
        if (r >= lo && r <= hi) return r + 0;
        return intResult(
          kind,
          r,
          mode,
          tn,
          () => (kind === "int" ? Math.imul(x, y) : wrapIntegral(kind, r)),
          [x, "*", y],
        );
      };
    case "%":
    case "pmod": {
      const f = op === "%" ? javaRem : pmodNumber;
      return (a, b) => {
        const y = b as number;
        if (y === 0) return zeroDivisor(mode);
        return f(a as number, y) + 0;
      };
    }
    default:
      return (a, b) => (a as number) + (b as number);
  }
}

function zeroDivisor(mode: ArithMode): null {
  if (mode === "ansi") throw divideByZeroError();
  return null;
}

function big(v: unknown): bigint {
  return typeof v === "bigint" ? v : BigInt(v as number);
}

function longKernel(op: ArithOp, mode: ArithMode): Kernel {
  const tn = TRY_NAME[op];
  switch (op) {
    case "+":
      return (a, b) => {
        if (typeof a === "number" && typeof b === "number") {
          const r = a + b;
          if (Number.isSafeInteger(r)) return r;
        }
        return longResult(big(a) + big(b), mode, tn);
      };
    case "-":
      return (a, b) => {
        if (typeof a === "number" && typeof b === "number") {
          const r = a - b;
          if (Number.isSafeInteger(r)) return r;
        }
        return longResult(big(a) - big(b), mode, tn);
      };
    case "*":
      return (a, b) => {
        if (typeof a === "number" && typeof b === "number") {
          const r = a * b;
          if (Number.isSafeInteger(r)) return r + 0;
        }
        return longResult(big(a) * big(b), mode, tn);
      };
    case "div":
      return (a, b) => {
        if (b === 0) return zeroDivisor(mode);
        if (typeof a === "number" && typeof b === "number" && Math.abs(a) <= 2147483648) {
          return Math.trunc(a / b) + 0;
        }
        const x = big(a);
        const y = big(b);
        if (x === MIN_LONG && y === -1n) {
          if (mode === "ansi") throw overflowError("Overflow in integral divide", "try_divide");
          if (mode === "try") return null;
          return MIN_LONG;
        }
        return longResult(x / y, mode, tn);
      };
    case "%":
    case "pmod":
      return (a, b) => {
        if (b === 0) return zeroDivisor(mode);
        if (typeof a === "number" && typeof b === "number") {
          return op === "%" ? javaRem(a, b) : pmodNumber(a, b) + 0;
        }
        const x = big(a);
        const y = big(b);
        let r = x % y;
        if (op === "pmod" && r < 0n) r = (r + y) % y;
        return longResult(r, mode, tn);
      };
    default:
      return () => null;
  }
}

function floatingKernel(op: ArithOp, isFloat: boolean, mode: ArithMode): Kernel {
  const round = isFloat ? Math.fround : (x: number) => x;
  switch (op) {
    case "+":
      return (a, b) => round((a as number) + (b as number));
    case "-":
      return (a, b) => round((a as number) - (b as number));
    case "*":
      return (a, b) => round((a as number) * (b as number));
    case "/":
      return (a, b) => {
        const y = b as number;
        if (y === 0) return zeroDivisor(mode);
        return round((a as number) / y);
      };
    case "%":
      return (a, b) => {
        const y = b as number;
        if (y === 0) return zeroDivisor(mode);
        return round((a as number) % y);
      };
    case "pmod":
      return (a, b) => {
        const y = b as number;
        if (y === 0) return zeroDivisor(mode);
        return round(pmodNumber(a as number, y));
      };
    default:
      return () => null;
  }
}

function decimalKernel(op: ArithOp, l: DecimalType, r: DecimalType, rt: DataType, mode: ArithMode): Kernel {
  const s = Math.max(l.scale, r.scale);
  const lUp = pow10(s - l.scale);
  const rUp = pow10(s - r.scale);
  switch (op) {
    case "+":
      return (a, b) => fitDecimal((a as bigint) * lUp + (b as bigint) * rUp, s, rt as DecimalType, mode);
    case "-":
      return (a, b) => fitDecimal((a as bigint) * lUp - (b as bigint) * rUp, s, rt as DecimalType, mode);
    case "*":
      return (a, b) => fitDecimal((a as bigint) * (b as bigint), l.scale + r.scale, rt as DecimalType, mode);
    case "/": {
      const t = rt as DecimalType;
      // a/10^ls ÷ b/10^rs at scale t.scale = a·10^(rs+ts) ÷ (b·10^ls), rounded once HALF_UP.
      const numUp = pow10(r.scale + t.scale);
      const denUp = pow10(l.scale);
      return (a, b) => {
        if (b === 0n) return zeroDivisor(mode);
        return fitDecimal(
          divRound((a as bigint) * numUp, (b as bigint) * denUp, "HALF_UP"),
          t.scale,
          t,
          mode,
        );
      };
    }
    case "%":
    case "pmod":
      return (a, b) => {
        if (b === 0n) return zeroDivisor(mode);
        const x = (a as bigint) * lUp;
        const y = (b as bigint) * rUp;
        let m = x % y;
        if (op === "pmod" && m < 0n) m = (m + y) % y;
        return fitDecimal(m, s, rt as DecimalType, mode);
      };
    case "div":
      return (a, b) => {
        if (b === 0n) return zeroDivisor(mode);
        const q = ((a as bigint) * lUp) / ((b as bigint) * rUp);
        return longResult(q, mode, "try_divide");
      };
  }
}

/**
 * The decimal type an integral operand takes next to a decimal: an integer literal needs only its
 * own digits (Spark's `DecimalType.fromLiteral`, e.g. `2` is decimal(1,0)), anything else the
 * whole range of its type (`DecimalType.forType`).
 */
export function integralOperandDecimal(arg: BindArg, t: DataType): DecimalType {
  const v = arg.value;
  if (
    arg.foldable &&
    t.kind !== "byte" &&
    /^-?\d+$/.test(arg.sql) &&
    (typeof v === "number" || typeof v === "bigint")
  ) {
    return new DecimalType(Math.max(digitCount(BigInt(v)), 1), 0);
  }
  return decimalForType(t)!;
}

function bindIntegralWithDecimal(
  op: ArithOp,
  callSql: string,
  args: readonly BindArg[],
  l: DataType,
  r: DataType,
  mode: ArithMode,
): BoundScalar {
  const leftInt = isIntegral(l);
  const dl = leftInt ? integralOperandDecimal(args[0]!, l) : (l as DecimalType);
  const dr = leftInt ? (r as DecimalType) : integralOperandDecimal(args[1]!, r);
  const inner = bindArithmetic(
    op,
    callSql,
    [
      { ...args[0]!, dataType: dl },
      { ...args[1]!, dataType: dr },
    ],
    mode,
  );
  const k = inner.eval;
  const eval_ = leftInt
    ? (a: unknown, b: unknown) => k(BigInt(a as number | bigint), b)
    : (a: unknown, b: unknown) => k(a, BigInt(b as number | bigint));
  return { dataType: inner.dataType, nullable: inner.nullable, eval: eval_ };
}

/** Builds the kernel of `op` on coerced operand types; throws Spark's type errors for invalid pairs. */
export function bindArithmetic(
  op: ArithOp,
  callSql: string,
  args: readonly BindArg[],
  mode: ArithMode,
): BoundScalar {
  let l = args[0]!.dataType;
  let r = args[1]!.dataType;
  if (l.kind === "null") l = r.kind === "null" ? (op === "div" ? LONG : DOUBLE) : r;
  if (r.kind === "null") r = l;
  if ((isIntegral(l) && r.kind === "decimal") || (l.kind === "decimal" && isIntegral(r))) {
    return bindIntegralWithDecimal(op, callSql, args, l, r, mode);
  }
  const rt = arithmeticResultType(op, l, r);
  if (rt === undefined) {
    if (l.kind !== r.kind && !(l.kind === "decimal" && r.kind === "decimal")) {
      throw binaryOpDiffTypes(callSql, l, r);
    }
    throw binaryOpWrongType(callSql, REQUIRED_NUMERIC, l);
  }
  const nullable = args[0]!.nullable || args[1]!.nullable;
  let kernel: Kernel;
  let inline: ((a: readonly string[]) => string) | undefined;
  if (l.kind === "decimal" && r.kind === "decimal") {
    kernel = decimalKernel(op, l, r, rt, mode);
  } else if (op === "/") {
    kernel = floatingKernel(op, false, mode);
  } else if (l.kind === "double" || l.kind === "float") {
    kernel = floatingKernel(op, l.kind === "float", mode);
    if (l.kind === "double" && (op === "+" || op === "-" || op === "*")) {
      inline = (a) => `(${a[0]} ${op} ${a[1]})`;
    }
  } else if (l.kind === "long" || op === "div") {
    kernel = longKernel(op, mode);
  } else {
    kernel = intKernel(op, l.kind, mode);
    if (l.kind === "int" && mode === "legacy") {
      if (op === "+" || op === "-") inline = (a) => `((${a[0]} ${op} ${a[1]}) | 0)`;
      if (op === "*") inline = (a) => `Math.imul(${a[0]}, ${a[1]})`;
    }
  }
  // Outside ANSI mode division by zero and decimal overflow give NULL instead of an error.
  const divisionLike = op === "/" || op === "%" || op === "div" || op === "pmod";
  const canBeNull = nullable || (mode !== "ansi" && (divisionLike || rt.kind === "decimal"));
  return {
    dataType: rt,
    nullable: canBeNull,
    eval: kernel,
    ...(inline ? { inline } : {}),
  };
}

const isDayTimeOrCalendar = (t: DataType) => t.kind === "day_time_interval" || t.kind === "calendar_interval";
const TIMESTAMP_KINDS = new Set(["timestamp", "timestamp_ntz"]);

/**
 * Operand pairs Spark's datetime resolver turns into a timestamp + interval addition that then
 * rejects its non-timestamp first operand (interval.sql.out: `1 - interval '2' second`, `interval
 * '2-2' year to month + interval '3' day`), and ANSI `timestamp + 'str'`, where the string is cast to
 * TIMESTAMP and the operator rejects that type (timestamp.sql.out). Pairs bound earlier never get here.
 */
function rejectTimeAddOperands(op: "+" | "-", args: readonly BindArg[], ansi: boolean): void {
  const [a, b] = args as [BindArg, BindArg];
  const l = a.dataType;
  const r = b.dataType;
  const loose = (t: DataType) => t.kind === "null" || t.kind === "string" || t.kind === "date";
  const timeAdd = (ts: BindArg, ivSql: string) =>
    unexpectedInputType(`${ts.sql} + ${ivSql}`, 0, '"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)"', ts);
  if (isDayTimeOrCalendar(r) && !loose(l) && !TIMESTAMP_KINDS.has(l.kind) && !isDayTimeOrCalendar(l)) {
    throw timeAdd(a, op === "-" ? `(- ${b.sql})` : b.sql);
  }
  if (
    op === "+" &&
    isDayTimeOrCalendar(l) &&
    !loose(r) &&
    !TIMESTAMP_KINDS.has(r.kind) &&
    !isDayTimeOrCalendar(r)
  ) {
    throw timeAdd(b, a.sql);
  }
  if (ansi && op === "+") {
    if (TIMESTAMP_KINDS.has(l.kind) && r.kind === "string")
      throw binaryOpWrongType(`(${a.sql} + ${b.sql})`, REQUIRED_NUMERIC, l);
    if (TIMESTAMP_KINDS.has(r.kind) && l.kind === "string")
      throw binaryOpWrongType(`(${a.sql} + ${b.sql})`, REQUIRED_NUMERIC, r);
  }
}

/**
 * NULL beside an operand the operator does not take (a datetime, or an interval where no interval
 * rule applies) is not cast to it, so the operand types differ (timestamp.sql.out `ts + null`,
 * interval.sql.out `null / interval '2' year`).
 */
function rejectNullBesideNonNumeric(callSql: string, args: readonly BindArg[]): void {
  const l = args[0]!.dataType;
  const r = args[1]!.dataType;
  if (l.kind !== "null" && r.kind !== "null") return;
  const other = l.kind === "null" ? r : l;
  if (other.kind === "null" || other.kind === "string" || isNumeric(other)) return;
  throw binaryOpDiffTypes(callSql, l, r);
}

/** Operators display in infix form whatever name they were called by (`MOD(2, 1.8)` shows `(2 % 1.8)`). */
function operatorSql(symbol: string): (args: readonly string[]) => string {
  return (args) => `(${args[0]} ${symbol} ${args[1]})`;
}

function arithmeticDef(
  op: ArithOp,
  name: string,
  docs: FunctionDocs,
  aliases?: readonly string[],
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    ...(aliases ? { aliases } : {}),
    args: { min: 2, max: 2 },
    docs,
    sql: op === "pmod" ? (args) => funcSql("pmod", args) : operatorSql(op),
    coerce: (argTypes: readonly DataType[], ansi = true) => arithmeticInputTypes(op, argTypes, ansi),
    bind: (args, ctx) => {
      const shifted = bindDateShift(op, args, ctx, undefined);
      if (shifted) return shifted;
      if (op === "+" || op === "-" || op === "*" || op === "/" || op === "div") {
        const iv = bindIntervalArithmetic(op, args, ctx);
        if (iv) return iv;
      }
      if (op === "+" || op === "-") rejectTimeAddOperands(op, args, ctx.ansi);
      if (op !== "pmod") rejectNullBesideNonNumeric(`(${args[0]!.sql} ${op} ${args[1]!.sql})`, args);
      const symbolSql =
        op === "pmod"
          ? funcSql(
              "pmod",
              args.map((a) => a.sql),
            )
          : `${args[0]!.sql} ${op} ${args[1]!.sql}`;
      return bindArithmetic(op, op === "pmod" ? symbolSql : `(${symbolSql})`, args, modeOf(ctx));
    },
  };
}

/** `expr1 + expr2`. */
export const ADD = arithmeticDef("+", "+", {
  usage: "Returns `expr1`+`expr2`.",
  examples: [{ sql: "1 + 2", result: "3" }],
});

/** `expr1 - expr2`. */
export const SUBTRACT = arithmeticDef("-", "-", {
  usage: "Returns `expr1`-`expr2`.",
  examples: [{ sql: "2 - 1", result: "1" }],
});

/** `expr1 * expr2`. */
export const MULTIPLY = arithmeticDef("*", "*", {
  usage: "Returns `expr1`*`expr2`.",
  examples: [{ sql: "2 * 3", result: "6" }],
});

/** `expr1 / expr2`: always floating-point division (DOUBLE), or decimal division for decimals. */
export const DIVIDE = arithmeticDef("/", "/", {
  usage: "Returns `expr1`/`expr2`. It always performs floating point division.",
  examples: [
    { sql: "3 / 2", result: "1.5" },
    { sql: "2L / 2L", result: "1.0" },
  ],
});

/** `expr1 % expr2` and `mod(expr1, expr2)`: the remainder with the dividend's sign (Java `%`). */
export const REMAINDER = arithmeticDef(
  "%",
  "%",
  {
    usage: "Returns the remainder after `expr1`/`expr2`.",
    examples: [
      { sql: "2 % 1.8", result: "0.2" },
      { sql: "MOD(2, 1.8)", result: "0.2" },
    ],
  },
  ["mod"],
);

/** `expr1 div expr2`: integral division, truncating toward zero, returning BIGINT. */
export const INTEGRAL_DIVIDE = arithmeticDef("div", "div", {
  usage:
    "Divide `expr1` by `expr2`. It returns NULL if an operand is NULL or `expr2` is 0. The result is casted to long.",
  examples: [{ sql: "3 div 2", result: "1" }],
});

/** `pmod(expr1, expr2)`: the positive remainder. */
export const PMOD = arithmeticDef("pmod", "pmod", {
  usage: "Returns the positive value of `expr1` mod `expr2`.",
  examples: [
    { sql: "pmod(10, 3)", result: "1" },
    { sql: "pmod(-10, 3)", result: "2" },
  ],
});

/** An interval operation under a `try_*` name: errors (overflow, division by zero) become NULL. */
function tryInterval(b: BoundScalar, name: string): BoundScalar {
  const k = b.eval;
  return {
    dataType: b.dataType,
    nullable: true,
    eval: (...a: unknown[]) => {
      try {
        return k(...a);
      } catch (e) {
        if (e instanceof TsparkError) return null;
        throw e;
      }
    },
    display: (a) => `${name}(${a[0]}, ${a[1]})`,
  };
}

function tryDef(op: ArithOp, name: string, docs: FunctionDocs): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 2 },
    docs,
    coerce: (argTypes: readonly DataType[], ansi = true) => arithmeticInputTypes(op, argTypes, ansi),
    bind: (args, ctx) => {
      const shifted = bindDateShift(op, args, ctx, name);
      if (shifted) return shifted;
      if (op === "+" || op === "-" || op === "*" || op === "/") {
        const iv = bindIntervalArithmetic(op, args, ctx);
        if (iv) return tryInterval(iv, name);
      }
      const b = bindArithmetic(
        op,
        funcSql(
          name,
          args.map((a) => a.sql),
        ),
        args,
        "try",
      );
      return { dataType: b.dataType, nullable: true, eval: b.eval };
    },
  };
}

/** `try_add`: `+` that returns NULL on overflow. */
export const TRY_ADD = tryDef("+", "try_add", {
  usage: "Returns the sum of `expr1`and `expr2` and the result is null on overflow.",
  examples: [
    { sql: "try_add(1, 2)", result: "3" },
    { sql: "try_add(2147483647, 1)", result: "NULL" },
  ],
});

/** `try_subtract`: `-` that returns NULL on overflow. */
export const TRY_SUBTRACT = tryDef("-", "try_subtract", {
  usage: "Returns `expr1`-`expr2` and the result is null on overflow.",
  examples: [
    { sql: "try_subtract(2, 1)", result: "1" },
    { sql: "try_subtract(-2147483648, 1)", result: "NULL" },
  ],
});

/** `try_multiply`: `*` that returns NULL on overflow. */
export const TRY_MULTIPLY = tryDef("*", "try_multiply", {
  usage: "Returns `expr1`*`expr2` and the result is null on overflow.",
  examples: [
    { sql: "try_multiply(2, 3)", result: "6" },
    { sql: "try_multiply(-2147483648, 10)", result: "NULL" },
  ],
});

/** `try_divide`: `/` that returns NULL when the divisor is 0. */
export const TRY_DIVIDE = tryDef("/", "try_divide", {
  usage:
    "Returns `dividend`/`divisor`. It always performs floating point division. Its result is always null if `expr2` is 0.",
  examples: [
    { sql: "try_divide(3, 2)", result: "1.5" },
    { sql: "try_divide(1, 0)", result: "NULL" },
  ],
});

/** `try_mod`: `%` that returns NULL when the divisor is 0. */
export const TRY_MOD = tryDef("%", "try_mod", {
  usage: "Returns the remainder after `expr1`/`expr2`, or NULL when `expr2` is 0.",
  examples: [
    { sql: "try_mod(3, 2)", result: "1" },
    { sql: "try_mod(1, 0)", result: "NULL" },
  ],
});
