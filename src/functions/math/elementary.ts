/**
 * DOUBLE → DOUBLE math functions (roots, exponentials, logarithms, trigonometry), the two-argument
 * ones (pow, atan2, hypot, log(base, x)) and the constants e() and pi(). JS's `Math` functions are
 * fdlibm ports like Java's `StrictMath`; where Spark uses a formula rather than a library call
 * (log2, asinh, acosh, atanh) the same formula is used so results match to the last bit. Logarithms
 * of values at or below their asymptote return NULL, as Spark does.
 */
import { DOUBLE, isAnsiInterval, isNumeric } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { argsSql, coerceAllDouble, funcSql, toNumber, unaryDouble, upperUnlessAlias } from "./helpers.js";

const LN2 = Math.log(2);

/** `sqrt(expr)`. */
export const SQRT = unaryDouble("sqrt", Math.sqrt, {
  usage: "Returns the square root of `expr`.",
  examples: [{ sql: "sqrt(4)", result: "2.0" }],
});
/** `cbrt(expr)`. */
export const CBRT = unaryDouble("cbrt", Math.cbrt, {
  usage: "Returns the cube root of `expr`.",
  examples: [{ sql: "cbrt(27.0)", result: "3.0" }],
});
/** `exp(expr)`. */
export const EXP = unaryDouble("exp", Math.exp, {
  usage: "Returns e to the power of `expr`.",
  examples: [{ sql: "exp(0)", result: "1.0" }],
});
/** `expm1(expr)`. */
export const EXPM1 = unaryDouble("expm1", Math.expm1, {
  usage: "Returns exp(`expr`) - 1.",
  examples: [{ sql: "expm1(0)", result: "0.0" }],
});
/** `ln(expr)`: natural logarithm; NULL for values ≤ 0. */
export const LN = unaryDouble(
  "ln",
  (x) => (x <= 0 ? null : Math.log(x)),
  { usage: "Returns the natural logarithm (base e) of `expr`.", examples: [{ sql: "ln(1)", result: "0.0" }] },
  { upper: false, nullable: true },
);
/** `log10(expr)`. */
export const LOG10 = unaryDouble(
  "log10",
  (x) => (x <= 0 ? null : Math.log10(x)),
  { usage: "Returns the logarithm of `expr` with base 10.", examples: [{ sql: "log10(10)", result: "1.0" }] },
  { nullable: true },
);
/** `log2(expr)`. */
export const LOG2 = unaryDouble(
  "log2",
  (x) => (x <= 0 ? null : Math.log(x) / LN2),
  { usage: "Returns the logarithm of `expr` with base 2.", examples: [{ sql: "log2(2)", result: "1.0" }] },
  { nullable: true },
);
/** `log1p(expr)`. */
export const LOG1P = unaryDouble(
  "log1p",
  (x) => (x <= -1 ? null : Math.log1p(x)),
  { usage: "Returns log(1 + `expr`).", examples: [{ sql: "log1p(0)", result: "0.0" }] },
  { nullable: true },
);
/** `sin(expr)`. */
export const SIN = unaryDouble("sin", Math.sin, {
  usage: "Returns the sine of `expr`, as if computed by `java.lang.Math.sin`.",
  examples: [{ sql: "sin(0)", result: "0.0" }],
});
/** `cos(expr)`. */
export const COS = unaryDouble("cos", Math.cos, {
  usage: "Returns the cosine of `expr`, as if computed by `java.lang.Math.cos`.",
  examples: [{ sql: "cos(0)", result: "1.0" }],
});
/** `tan(expr)`. */
export const TAN = unaryDouble("tan", Math.tan, {
  usage: "Returns the tangent of `expr`, as if computed by `java.lang.Math.tan`.",
  examples: [{ sql: "tan(0)", result: "0.0" }],
});
/** `asin(expr)`. */
export const ASIN = unaryDouble("asin", Math.asin, {
  usage: "Returns the inverse sine (a.k.a. arc sine) the arc sin of `expr`.",
  examples: [
    { sql: "asin(0)", result: "0.0" },
    { sql: "asin(2)", result: "NaN" },
  ],
});
/** `acos(expr)`. */
export const ACOS = unaryDouble("acos", Math.acos, {
  usage: "Returns the inverse cosine (a.k.a. arc cosine) of `expr`.",
  examples: [
    { sql: "acos(1)", result: "0.0" },
    { sql: "acos(2)", result: "NaN" },
  ],
});
/** `atan(expr)`. */
export const ATAN = unaryDouble("atan", Math.atan, {
  usage: "Returns the inverse tangent (a.k.a. arc tangent) of `expr`.",
  examples: [{ sql: "atan(0)", result: "0.0" }],
});
/** `sinh(expr)`. */
export const SINH = unaryDouble("sinh", Math.sinh, {
  usage: "Returns hyperbolic sine of `expr`.",
  examples: [{ sql: "sinh(0)", result: "0.0" }],
});
/** `cosh(expr)`. */
export const COSH = unaryDouble("cosh", Math.cosh, {
  usage: "Returns the hyperbolic cosine of `expr`.",
  examples: [{ sql: "cosh(0)", result: "1.0" }],
});
/** `tanh(expr)`. */
export const TANH = unaryDouble("tanh", Math.tanh, {
  usage: "Returns the hyperbolic tangent of `expr`.",
  examples: [{ sql: "tanh(0)", result: "0.0" }],
});
/** `asinh(expr)`, with Spark's formula. */
export const ASINH = unaryDouble(
  "asinh",
  (x) => (x === Number.NEGATIVE_INFINITY ? x : Math.log(x + Math.sqrt(x * x + 1))),
  { usage: "Returns inverse hyperbolic sine of `expr`.", examples: [{ sql: "asinh(0)", result: "0.0" }] },
);
/** `acosh(expr)`, with Spark's formula. */
export const ACOSH = unaryDouble("acosh", (x) => Math.log(x + Math.sqrt(x * x - 1)), {
  usage: "Returns inverse hyperbolic cosine of `expr`.",
  examples: [
    { sql: "acosh(1)", result: "0.0" },
    { sql: "acosh(0)", result: "NaN" },
  ],
});
/** `atanh(expr)`, with Spark's formula. */
export const ATANH = unaryDouble("atanh", (x) => 0.5 * (Math.log1p(x) - Math.log1p(-x)), {
  usage: "Returns inverse hyperbolic tangent of `expr`.",
  examples: [
    { sql: "atanh(0)", result: "0.0" },
    { sql: "atanh(2)", result: "NaN" },
  ],
});
/** `cot(expr)`. */
export const COT = unaryDouble("cot", (x) => 1 / Math.tan(x), {
  usage: "Returns the cotangent of `expr`, as if computed by `1/java.lang.Math.tan`.",
  examples: [{ sql: "cot(1)", result: "0.6420926159343306" }],
});
/** `sec(expr)`. */
export const SEC = unaryDouble("sec", (x) => 1 / Math.cos(x), {
  usage: "Returns the secant of `expr`, as if computed by `1/java.lang.Math.cos`.",
  examples: [{ sql: "sec(0)", result: "1.0" }],
});
/** `csc(expr)`. */
export const CSC = unaryDouble("csc", (x) => 1 / Math.sin(x), {
  usage: "Returns the cosecant of `expr`, as if computed by `1/java.lang.Math.sin`.",
  examples: [{ sql: "csc(1)", result: "1.1883951057781212" }],
});
/** `degrees(expr)`: radians to degrees (Java's `Math.toDegrees`). */
export const DEGREES = unaryDouble("degrees", (x) => x * (180 / Math.PI), {
  usage: "Converts radians to degrees.",
  examples: [{ sql: "degrees(3.141592653589793)", result: "180.0" }],
});
/** `radians(expr)`: degrees to radians (Java's `Math.toRadians`). */
export const RADIANS = unaryDouble("radians", (x) => x * (Math.PI / 180), {
  usage: "Converts degrees to radians.",
  examples: [{ sql: "radians(180)", result: "3.141592653589793" }],
});
const SIGNUM_NUMERIC = unaryDouble(
  "signum",
  Math.sign,
  {
    usage: "Returns -1.0, 0.0 or 1.0 as `expr` is negative, 0 or positive.",
    examples: [{ sql: "sign(40)", result: "1.0" }],
  },
  { aliases: ["sign"] },
);

/** `signum(expr)` / `sign(expr)`: -1.0, 0.0 or 1.0 (NaN stays NaN); ANSI intervals too. */
export const SIGNUM: ScalarFunctionDefinition = {
  ...SIGNUM_NUMERIC,
  // Spark 4 takes ANSI intervals as they are (interval.sql.out: signum(INTERVAL '-10' YEAR) is -1.0).
  coerce: (types, ansi) =>
    types[0] !== undefined && isAnsiInterval(types[0])
      ? [undefined]
      : (SIGNUM_NUMERIC.coerce?.(types, ansi) ?? types.map(() => undefined)),
  bind: (args, ctx) => {
    if (!isAnsiInterval(args[0]!.dataType)) return SIGNUM_NUMERIC.bind(args, ctx);
    return {
      dataType: DOUBLE,
      nullable: args[0]!.nullable,
      eval: (v) => (typeof v === "bigint" ? (v > 0n ? 1 : v < 0n ? -1 : 0) : Math.sign(v as number) + 0),
    };
  },
};

function constant(name: string, value: number, usage: string, result: string): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 0, max: 0 },
    docs: { usage, examples: [{ sql: `${name}()`, result }] },
    sql: () => `${name.toUpperCase()}()`,
    bind: () => ({ dataType: DOUBLE, nullable: false, eval: () => value }),
  };
}

/** `e()`: Euler's number. */
export const E = constant("e", Math.E, "Returns Euler's number, e.", "2.718281828459045");
/** `pi()`. */
export const PI = constant("pi", Math.PI, "Returns pi.", "3.141592653589793");

function binaryDouble(
  name: string,
  f: (x: number, y: number) => number | null,
  docs: ScalarFunctionDefinition["docs"],
  options: { aliases?: readonly string[]; nullable?: boolean } = {},
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    ...(options.aliases ? { aliases: options.aliases } : {}),
    args: { min: 2, max: 2 },
    docs,
    sql: upperUnlessAlias(name),
    coerce: coerceAllDouble,
    bind: (args) => {
      for (let i = 0; i < 2; i++) {
        const t = args[i]!.dataType;
        if (t.kind !== "null" && !isNumeric(t)) {
          throw unexpectedInputType(argsSql(name, args), i, '"DOUBLE"', args[i]!);
        }
      }
      return {
        dataType: DOUBLE,
        nullable: options.nullable === true || args[0]!.nullable || args[1]!.nullable,
        eval: (a, b) => f(toNumber(a), toNumber(b)),
      };
    },
  };
}

/** `pow(expr1, expr2)` / `power`. */
export const POW = binaryDouble(
  "power",
  Math.pow,
  { usage: "Raises `expr1` to the power of `expr2`.", examples: [{ sql: "pow(2, 3)", result: "8.0" }] },
  { aliases: ["pow"] },
);

/** `atan2(exprY, exprX)`: the angle of the point (x, y); -0.0 is normalised to 0.0 as Spark does. */
export const ATAN2 = binaryDouble("atan2", (y, x) => Math.atan2(y + 0, x + 0), {
  usage:
    "Returns the angle in radians between the positive x-axis of a plane and the point given by the coordinates (`exprX`, `exprY`).",
  examples: [{ sql: "atan2(0, 0)", result: "0.0" }],
});

/** `hypot(expr1, expr2)`: sqrt(a² + b²) without intermediate overflow. */
export const HYPOT = binaryDouble("hypot", Math.hypot, {
  usage: "Returns sqrt(`expr1`**2 + `expr2`**2).",
  examples: [{ sql: "hypot(3, 4)", result: "5.0" }],
});

/** `log(base, expr)` or `log(expr)` (natural logarithm); NULL when either is ≤ 0. */
export const LOG: ScalarFunctionDefinition = {
  type: "scalar",
  name: "log",
  args: { min: 1, max: 2 },
  docs: {
    usage: "Returns the logarithm of `expr` with `base`; with one argument, the natural logarithm.",
    examples: [{ sql: "log(10, 100)", result: "2.0" }],
  },
  sql: (args) => (args.length === 1 ? `LOG(E(), ${args[0]})` : funcSql("LOG", args)),
  coerce: coerceAllDouble,
  bind: (args) => {
    args.forEach((a, i) => {
      if (a.dataType.kind !== "null" && !isNumeric(a.dataType)) {
        throw unexpectedInputType(argsSql("log", args), i, '"DOUBLE"', a);
      }
    });
    if (args.length === 1) {
      return {
        dataType: DOUBLE,
        nullable: true,
        eval: (x) => {
          const d = toNumber(x);
          return d <= 0 ? null : Math.log(d);
        },
      };
    }
    return {
      dataType: DOUBLE,
      nullable: true,
      eval: (b, x) => {
        const base = toNumber(b);
        const d = toNumber(x);
        if (base <= 0 || d <= 0) return null;
        return Math.log(d) / Math.log(base);
      },
    };
  },
};
