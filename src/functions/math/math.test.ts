// Expected values come from Spark's docs (ExpressionDescription examples) and the sql-tests golden
// files (ansi/math.sql.out, arithmetic, decimalArithmeticOperations, operators).
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { decimalToString, divRound, parseDecimal, rescale } from "../../data/decimal.js";
import {
  BOOLEAN,
  BYTE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  NULL_TYPE,
  STRING,
} from "../../types/data-type.js";
import type { BindArg, FunctionDefinition, ScalarFunctionDefinition } from "../function-definition.js";
import { argOf, evalScalar, litArg, testContext } from "../testing.js";
import {
  ADD,
  DIVIDE,
  INTEGRAL_DIVIDE,
  MULTIPLY,
  PMOD,
  REMAINDER,
  SUBTRACT,
  TRY_ADD,
  TRY_DIVIDE,
} from "./arithmetic.js";
import {
  BIT_COUNT,
  BIT_GET,
  BITWISE_AND,
  BITWISE_NOT,
  SHIFT_LEFT,
  SHIFT_RIGHT,
  SHIFT_RIGHT_UNSIGNED,
} from "./bitwise.js";
import { EQUAL_NULL_SAFE, EQUAL_TO, GREATER_THAN, LESS_THAN, NOT_EQUAL } from "./comparison.js";
import { BIN, CONV, FACTORIAL, HEX_FN, UNHEX, WIDTH_BUCKET } from "./conversion.js";
import { ACOSH, ATAN2, COT, LN, LOG, LOG2, POW, SQRT } from "./elementary.js";
import { BETWEEN, GREATEST, IN, ISNAN, LEAST, NANVL } from "./predicates.js";
import { BROUND, CEIL, FLOOR, RINT, ROUND } from "./rounding.js";
import { ABS, NEGATIVE } from "./unary.js";

const legacy = testContext({ ansi: false });

function errClass(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof TsparkError) return e.errorClass;
    throw e;
  }
  return "no error";
}

function bound(def: FunctionDefinition, args: readonly BindArg[], ansi = true) {
  return (def as ScalarFunctionDefinition).bind(args, testContext({ ansi }));
}

const dec = (p: number, s: number) => new DecimalType(p, s);

test("int arithmetic: overflow raises in ANSI and wraps in legacy mode", () => {
  assert.equal(evalScalar(ADD, [argOf(INT), argOf(INT)], [1, 2]), 3);
  assert.equal(
    errClass(() => evalScalar(ADD, [argOf(INT), argOf(INT)], [2147483647, 1])),
    "ARITHMETIC_OVERFLOW",
  );
  assert.equal(evalScalar(ADD, [argOf(INT), argOf(INT)], [2147483647, 1], legacy), -2147483648);
  assert.equal(evalScalar(MULTIPLY, [argOf(INT), argOf(INT)], [-2147483648, 10], legacy), 0);
  assert.equal(evalScalar(SUBTRACT, [argOf(INT), argOf(INT)], [-2147483648, 1], legacy), 2147483647);
  assert.equal(evalScalar(TRY_ADD, [argOf(INT), argOf(INT)], [2147483647, 1]), null);
  assert.equal(
    errClass(() => evalScalar(ADD, [argOf(BYTE), argOf(BYTE)], [127, 1])),
    "BINARY_ARITHMETIC_OVERFLOW",
  );
  try {
    evalScalar(ADD, [argOf(INT), argOf(INT)], [2147483647, 1]);
  } catch (e) {
    assert.deepEqual((e as TsparkError).messageParameters, {
      message: "integer overflow",
      alternative: " Use 'try_add' to tolerate overflow and return NULL instead.",
      config: '"spark.sql.ansi.enabled"',
    });
  }
});

test("long arithmetic switches to bigint past 2^53 and overflows at 64 bits", () => {
  assert.equal(evalScalar(ADD, [argOf(LONG), argOf(LONG)], [9007199254740991, 1]), 9007199254740992n);
  assert.equal(evalScalar(ADD, [argOf(LONG), argOf(LONG)], [9223372036854775806n, 1]), 9223372036854775807n);
  assert.equal(
    errClass(() => evalScalar(ADD, [argOf(LONG), argOf(LONG)], [9223372036854775807n, 1])),
    "ARITHMETIC_OVERFLOW",
  );
  assert.equal(
    evalScalar(ADD, [argOf(LONG), argOf(LONG)], [9223372036854775807n, 1], legacy),
    -9223372036854775808n,
  );
  assert.equal(evalScalar(MULTIPLY, [argOf(LONG), argOf(LONG)], [4294967296, 4294967296], legacy), 0);
  assert.equal(evalScalar(SUBTRACT, [argOf(LONG), argOf(LONG)], [-9007199254740992n, 1]), -9007199254740993n);
});

test("division: DOUBLE result, divide by zero errors in ANSI and is NULL in legacy", () => {
  // Spark docs: 3 / 2 = 1.5; 2L / 2L = 1.0.
  assert.equal(evalScalar(DIVIDE, [argOf(DOUBLE), argOf(DOUBLE)], [3, 2]), 1.5);
  assert.equal(bound(DIVIDE, [argOf(DOUBLE), argOf(DOUBLE)]).dataType.kind, "double");
  assert.equal(
    errClass(() => evalScalar(DIVIDE, [argOf(DOUBLE), argOf(DOUBLE)], [1, 0])),
    "DIVIDE_BY_ZERO",
  );
  assert.equal(evalScalar(DIVIDE, [argOf(DOUBLE), argOf(DOUBLE)], [1, 0], legacy), null);
  assert.equal(evalScalar(TRY_DIVIDE, [argOf(DOUBLE), argOf(DOUBLE)], [1, 0]), null);
  assert.equal(
    errClass(() => evalScalar(REMAINDER, [argOf(INT), argOf(INT)], [1, 0])),
    "DIVIDE_BY_ZERO",
  );
  assert.equal(evalScalar(REMAINDER, [argOf(INT), argOf(INT)], [1, 0], legacy), null);
  // 3 div 2 = 1; -5 div 2 = -2 (truncation).
  assert.equal(evalScalar(INTEGRAL_DIVIDE, [argOf(LONG), argOf(LONG)], [3, 2]), 1);
  assert.equal(evalScalar(INTEGRAL_DIVIDE, [argOf(LONG), argOf(LONG)], [-5, 2]), -2);
  assert.equal(
    errClass(() => evalScalar(INTEGRAL_DIVIDE, [argOf(LONG), argOf(LONG)], [1, 0])),
    "DIVIDE_BY_ZERO",
  );
  // pmod(10, 3) = 1, pmod(-10, 3) = 2; -7 % 2 = -1.
  assert.equal(evalScalar(PMOD, [argOf(INT), argOf(INT)], [10, 3]), 1);
  assert.equal(evalScalar(PMOD, [argOf(INT), argOf(INT)], [-10, 3]), 2);
  assert.equal(evalScalar(REMAINDER, [argOf(INT), argOf(INT)], [-7, 2]), -1);
});

test("coercion of operator inputs", () => {
  const c = (def: FunctionDefinition, a: typeof INT | DecimalType, b: typeof INT | DecimalType) =>
    (def.coerce?.([a, b]) ?? []).map((t) => t?.simpleString() ?? "-").join(",");
  assert.equal(c(ADD, INT, LONG), "bigint,bigint");
  assert.equal(c(ADD, INT, DOUBLE), "double,double");
  // An integral beside a decimal is typed in bind (literal-minimum precision), so coerce keeps it.
  assert.equal(c(ADD, INT, dec(5, 2)), "-,-");
  assert.equal(c(ADD, STRING, INT), "bigint,bigint");
  assert.equal(c(DIVIDE, INT, INT), "double,double");
  assert.equal(c(DIVIDE, dec(3, 1), dec(2, 1)), "decimal(3,1),decimal(2,1)");
  assert.equal(c(INTEGRAL_DIVIDE, INT, INT), "bigint,bigint");
  assert.equal(c(EQUAL_TO, STRING, INT), "bigint,bigint");
});

test("decimal arithmetic is exact with Spark's result types", () => {
  // decimalArithmeticOperations.sql.out: 10.3 * 3.0 = 30.9 as decimal(6,2) (3090 at scale 2).
  const m = bound(MULTIPLY, [argOf(dec(3, 1)), argOf(dec(2, 1))]);
  assert.equal(m.dataType.simpleString(), "decimal(6,2)");
  assert.equal(m.eval(103n, 30n), 3090n);
  // 0.1 + 0.2 = 0.3 exactly: decimal(2,1) + decimal(2,1) → decimal(3,1).
  const a = bound(ADD, [argOf(dec(2, 1)), argOf(dec(2, 1))]);
  assert.equal(a.dataType.simpleString(), "decimal(3,1)");
  assert.equal(a.eval(1n, 2n), 3n);
  // 1 / 3.0 → decimal(8,6)? int literal is decimal(10,0): (10,0)/(2,1) → decimal(17,6) = 0.333333.
  const d = bound(DIVIDE, [argOf(dec(10, 0)), argOf(dec(2, 1))]);
  assert.equal(d.dataType.simpleString(), "decimal(17,6)");
  assert.equal(d.eval(1n, 30n), 333333n);
  // Overflow: ANSI raises NUMERIC_VALUE_OUT_OF_RANGE, legacy gives NULL.
  const big = 10n ** 37n * 5n;
  assert.equal(
    errClass(() => bound(ADD, [argOf(dec(38, 0)), argOf(dec(38, 0))]).eval(big, big)),
    "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
  );
  assert.equal(bound(ADD, [argOf(dec(38, 0)), argOf(dec(38, 0))], false).eval(big, big), null);
  // 2 % 1.8 = 0.2
  const r = bound(REMAINDER, [argOf(dec(10, 0)), argOf(dec(2, 1))]);
  assert.equal(r.eval(2n, 18n), 2n);
});

test("data/decimal helpers round and render exactly", () => {
  assert.equal(rescale(25n, 1, 0, "HALF_UP"), 3n);
  assert.equal(rescale(25n, 1, 0, "HALF_EVEN"), 2n);
  assert.equal(rescale(-25n, 1, 0, "HALF_UP"), -3n);
  assert.equal(divRound(-7n, 2n, "FLOOR"), -4n);
  assert.equal(decimalToString(-150n, 2), "-1.50");
  assert.equal(decimalToString(5n, 3), "0.005");
  assert.deepEqual(parseDecimal("12.50"), { unscaled: 1250n, scale: 2, precision: 4 });
  assert.deepEqual(parseDecimal("1e3"), { unscaled: 1n, scale: -3, precision: 1 });
  assert.equal(parseDecimal("abc"), undefined);
});

test("comparisons: NaN equals NaN and is the largest double; <=> and IN null rules", () => {
  assert.equal(evalScalar(EQUAL_TO, [argOf(DOUBLE), argOf(DOUBLE)], [Number.NaN, Number.NaN]), true);
  assert.equal(evalScalar(GREATER_THAN, [argOf(DOUBLE), argOf(DOUBLE)], [Number.NaN, Infinity]), true);
  assert.equal(evalScalar(LESS_THAN, [argOf(DOUBLE), argOf(DOUBLE)], [1, Number.NaN]), true);
  assert.equal(evalScalar(EQUAL_TO, [argOf(DOUBLE), argOf(DOUBLE)], [-0, 0]), true);
  assert.equal(evalScalar(NOT_EQUAL, [argOf(INT), argOf(INT)], [1, 2]), true);
  assert.equal(evalScalar(EQUAL_TO, [argOf(BOOLEAN), argOf(NULL_TYPE)], [true, null]), null);
  assert.equal(evalScalar(EQUAL_NULL_SAFE, [argOf(INT), argOf(INT)], [null, null]), true);
  assert.equal(evalScalar(EQUAL_NULL_SAFE, [argOf(INT), argOf(INT)], [1, null]), false);
  assert.equal(evalScalar(LESS_THAN, [argOf(STRING), argOf(STRING)], ["a", "b"]), true);
  assert.equal(EQUAL_TO.sql?.(["a", "1"], "=="), "(a = 1)");
  assert.equal(NOT_EQUAL.sql?.(["a", "1"], "<>"), "(NOT (a = 1))");
  // IN: 1 in (1, 2, 3) true; 1 in (2, null) NULL; null in (1) NULL.
  const ints = [argOf(INT), litArg(INT, 1), litArg(INT, 2), litArg(INT, 3)];
  assert.equal(evalScalar(IN, ints, [1, 1, 2, 3]), true);
  assert.equal(evalScalar(IN, [argOf(INT), litArg(INT, 2), litArg(INT, null)], [1, 2, null]), null);
  assert.equal(evalScalar(IN, [argOf(INT), argOf(INT)], [null, 1]), null);
  assert.equal(evalScalar(IN, [argOf(INT), argOf(INT), argOf(INT)], [1, null, 1]), true);
  assert.equal(IN.sql?.(["a", "1", "2", "3"], "in"), "(a IN (1, 2, 3))");
  assert.equal(evalScalar(BETWEEN, [argOf(INT), argOf(INT), argOf(INT)], [2, 3, 5]), false);
  assert.equal(evalScalar(BETWEEN, [argOf(INT), argOf(INT), argOf(INT)], [2, null, 1]), false);
  assert.equal(evalScalar(BETWEEN, [argOf(INT), argOf(INT), argOf(INT)], [2, null, 5]), null);
});

test("NaN helpers, greatest and least", () => {
  assert.equal(evalScalar(ISNAN, [argOf(DOUBLE)], [Number.NaN]), true);
  assert.equal(evalScalar(ISNAN, [argOf(DOUBLE)], [null]), false);
  assert.equal(evalScalar(NANVL, [argOf(DOUBLE), argOf(DOUBLE)], [Number.NaN, 123]), 123);
  assert.equal(evalScalar(GREATEST, [argOf(INT), argOf(INT), argOf(INT)], [10, 9, null]), 10);
  assert.equal(evalScalar(LEAST, [argOf(INT), argOf(INT), argOf(INT)], [10, 9, 2]), 2);
  assert.ok(Number.isNaN(evalScalar(GREATEST, [argOf(DOUBLE), argOf(DOUBLE)], [1, Number.NaN]) as number));
  assert.equal(evalScalar(GREATEST, [argOf(INT), argOf(INT)], [null, null]), null);
});

test("unary and bitwise", () => {
  assert.equal(evalScalar(ABS, [argOf(INT)], [-1]), 1);
  assert.equal(
    errClass(() => evalScalar(ABS, [argOf(INT)], [-2147483648])),
    "ARITHMETIC_OVERFLOW",
  );
  assert.equal(evalScalar(ABS, [argOf(INT)], [-2147483648], legacy), -2147483648);
  assert.equal(evalScalar(NEGATIVE, [argOf(LONG)], [-9223372036854775807n]), 9223372036854775807n);
  assert.equal(evalScalar(BITWISE_AND, [argOf(INT), argOf(INT)], [3, 5]), 1);
  assert.equal(evalScalar(BITWISE_NOT, [argOf(INT)], [0]), -1);
  assert.equal(
    evalScalar(BITWISE_AND, [argOf(LONG), argOf(LONG)], [9223372036854775807n, -1]),
    9223372036854775807n,
  );
});

test("rounding functions", () => {
  // math.sql.out: round(525, -1) = 530, bround(525, -1) = 520, round(127y, -1) overflows.
  assert.equal(evalScalar(ROUND, [argOf(INT), litArg(INT, -1)], [525, -1]), 530);
  assert.equal(evalScalar(BROUND, [argOf(INT), litArg(INT, -1)], [525, -1]), 520);
  assert.equal(
    errClass(() => evalScalar(ROUND, [argOf(BYTE), litArg(INT, -1)], [127, -1])),
    "ARITHMETIC_OVERFLOW",
  );
  assert.equal(evalScalar(ROUND, [argOf(LONG), litArg(INT, -3)], [525, -3]), 1000);
  assert.equal(evalScalar(ROUND, [argOf(DOUBLE), litArg(INT, 0)], [2.5, 0]), 3);
  assert.equal(evalScalar(BROUND, [argOf(DOUBLE), litArg(INT, 0)], [2.5, 0]), 2);
  assert.equal(evalScalar(ROUND, [argOf(DOUBLE), litArg(INT, 2)], [2.675, 2]), 2.68);
  assert.equal(evalScalar(ROUND, [argOf(FLOAT), litArg(INT, 1)], [Math.fround(1.25), 1]), Math.fround(1.3));
  const rd = bound(ROUND, [argOf(dec(2, 1)), litArg(INT, 0)]);
  assert.equal(rd.dataType.simpleString(), "decimal(2,0)");
  assert.equal(rd.eval(25n, 0), 3n);
  assert.equal(ROUND.sql?.(["x"], "round"), "round(x, 0)");
  // ceil(-0.1) = 0, floor(-0.1) = -1, ceil(5) = 5, ceil(3.1411, 3) = 3.142, floor(3.1411, 3) = 3.141.
  assert.equal(evalScalar(CEIL, [argOf(DOUBLE)], [-0.1]), 0);
  assert.equal(evalScalar(FLOOR, [argOf(DOUBLE)], [-0.1]), -1);
  assert.equal(evalScalar(CEIL, [argOf(LONG)], [5]), 5);
  const c = bound(CEIL, [argOf(dec(5, 4)), litArg(INT, 3)]);
  assert.equal(c.dataType.simpleString(), "decimal(6,3)");
  assert.equal(c.eval(31411n, 3), 3142n);
  assert.equal(bound(FLOOR, [argOf(dec(5, 4)), litArg(INT, 3)]).eval(31411n, 3), 3141n);
  assert.equal(bound(CEIL, [argOf(dec(3, 1))]).dataType.simpleString(), "decimal(3,0)");
  assert.equal(CEIL.sql?.(["x"], "ceil"), "CEIL(x)");
  assert.equal(CEIL.sql?.(["x"], "ceiling"), "ceiling(x)");
  assert.equal(evalScalar(RINT, [argOf(DOUBLE)], [12.3456]), 12);
  assert.equal(evalScalar(RINT, [argOf(DOUBLE)], [2.5]), 2);
});

test("elementary functions", () => {
  assert.equal(evalScalar(SQRT, [argOf(DOUBLE)], [4]), 2);
  assert.equal(evalScalar(LN, [argOf(DOUBLE)], [0]), null);
  assert.equal(evalScalar(LOG, [argOf(DOUBLE), argOf(DOUBLE)], [10, 100]), 2);
  assert.equal(evalScalar(LOG2, [argOf(DOUBLE)], [2]), 1);
  assert.equal(evalScalar(POW, [argOf(DOUBLE), argOf(DOUBLE)], [2, 3]), 8);
  assert.equal(evalScalar(COT, [argOf(DOUBLE)], [1]), 0.6420926159343306);
  assert.equal(evalScalar(ATAN2, [argOf(DOUBLE), argOf(DOUBLE)], [0, 0]), 0);
  assert.ok(Number.isNaN(evalScalar(ACOSH, [argOf(DOUBLE)], [0]) as number));
  assert.equal(POW.sql?.(["2", "3"], "power"), "POWER(2, 3)");
  assert.equal(POW.sql?.(["2", "3"], "pow"), "pow(2, 3)");
  assert.equal(LN.sql?.(["1"], "ln"), "ln(1)");
});

test("base conversions and integer functions", () => {
  // math.sql.out: conv('100', 2, 10) = 4; conv(-10, 16, -10) = -16; conv('9223372036854775808', 10, 16).
  assert.equal(evalScalar(CONV, [argOf(STRING), argOf(INT), argOf(INT)], ["100", 2, 10]), "4");
  assert.equal(evalScalar(CONV, [argOf(STRING), argOf(INT), argOf(INT)], ["-10", 16, -10]), "-16");
  assert.equal(
    evalScalar(CONV, [argOf(STRING), argOf(INT), argOf(INT)], ["9223372036854775808", 10, 16]),
    "8000000000000000",
  );
  assert.equal(
    errClass(() =>
      evalScalar(CONV, [argOf(STRING), argOf(INT), argOf(INT)], ["92233720368547758070", 10, 16]),
    ),
    "ARITHMETIC_OVERFLOW",
  );
  assert.equal(evalScalar(BIN, [argOf(LONG)], [13]), "1101");
  assert.equal(
    evalScalar(BIN, [argOf(LONG)], [-13]),
    "1111111111111111111111111111111111111111111111111111111111110011",
  );
  assert.equal(evalScalar(HEX_FN, [argOf(LONG)], [17]), "11");
  assert.equal(evalScalar(HEX_FN, [argOf(STRING)], ["Spark SQL"]), "537061726B2053514C");
  assert.deepEqual(
    evalScalar(UNHEX, [argOf(STRING)], ["537061726B2053514C"]),
    new TextEncoder().encode("Spark SQL"),
  );
  assert.equal(evalScalar(UNHEX, [argOf(STRING)], ["GG"]), null);
  assert.equal(evalScalar(FACTORIAL, [argOf(INT)], [5]), 120);
  assert.equal(evalScalar(FACTORIAL, [argOf(INT)], [21]), null);
  assert.equal(
    evalScalar(WIDTH_BUCKET, [argOf(DOUBLE), argOf(DOUBLE), argOf(DOUBLE), argOf(LONG)], [5.3, 0.2, 10.6, 5]),
    3,
  );
  assert.equal(
    evalScalar(WIDTH_BUCKET, [argOf(DOUBLE), argOf(DOUBLE), argOf(DOUBLE), argOf(LONG)], [-2.1, 1.3, 3.4, 3]),
    0,
  );
});

test("legacy and float kernels, shifts", () => {
  // Java float arithmetic rounds every result to float precision.
  assert.equal(
    evalScalar(ADD, [argOf(FLOAT), argOf(FLOAT)], [Math.fround(0.1), Math.fround(0.2)]),
    Math.fround(Math.fround(0.1) + Math.fround(0.2)),
  );
  assert.equal(evalScalar(DIVIDE, [argOf(DOUBLE), argOf(DOUBLE)], [-1, 0], legacy), null);
  assert.equal(
    evalScalar(INTEGRAL_DIVIDE, [argOf(LONG), argOf(LONG)], [-9223372036854775808n, -1], legacy),
    -9223372036854775808n,
  );
  assert.equal(evalScalar(ROUND, [argOf(DOUBLE), litArg(INT, 0)], [-0.4, 0]), 0);
  assert.ok(!Object.is(evalScalar(ROUND, [argOf(DOUBLE), litArg(INT, 0)], [-0, 0]), -0));
  // Spark docs: shiftleft(2, 1) = 4, shiftright(4, 1) = 2, shiftrightunsigned(4, 1) = 2.
  assert.equal(evalScalar(SHIFT_LEFT, [argOf(INT), argOf(INT)], [2, 1]), 4);
  assert.equal(evalScalar(SHIFT_RIGHT, [argOf(INT), argOf(INT)], [4, 1]), 2);
  assert.equal(evalScalar(SHIFT_RIGHT_UNSIGNED, [argOf(LONG), argOf(INT)], [-1, 60]), 15);
  assert.equal(evalScalar(BIT_COUNT, [argOf(INT)], [0]), 0);
  assert.equal(evalScalar(BIT_GET, [argOf(INT), argOf(INT)], [11, 0]), 1);
  assert.equal(
    errClass(() => evalScalar(BIT_GET, [argOf(INT), argOf(INT)], [11, 40])),
    "INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE",
  );
});

test("integer literals beside decimals take their minimum precision", () => {
  // ansi/try_arithmetic.sql.out: try_divide(1, 0.5) is decimal(8,6) = 2.000000.
  const d = bound(TRY_DIVIDE, [litArg(INT, 1, "1"), argOf(dec(1, 1))]);
  assert.equal(d.dataType.simpleString(), "decimal(8,6)");
  assert.equal(d.eval(1, 5n), 2000000n);
  // decimalArithmeticOperations.sql.out: a decimal(38,18) column times 10 is decimal(38,15).
  const m = bound(MULTIPLY, [argOf(dec(38, 18)), litArg(INT, 10, "10")]);
  assert.equal(m.dataType.simpleString(), "decimal(38,15)");
  // A non-literal int uses decimal(10,0).
  assert.equal(bound(ADD, [argOf(INT), argOf(dec(2, 1))]).dataType.simpleString(), "decimal(12,1)");
});
