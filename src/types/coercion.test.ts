// Expected values follow Spark's TypeCoercionSuite / AnsiTypeCoercionSuite and DecimalPrecisionSuite.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  adjustPrecisionScale,
  binaryOperatorInputTypes,
  canImplicitCast,
  decimalAddType,
  decimalDivideType,
  decimalForType,
  decimalMultiplyType,
  decimalRemainderType,
  findTightestCommonType,
  findWiderCommonType,
  findWiderTypeForTwo,
  implicitCastTarget,
} from "./coercion.js";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  NULL_TYPE,
  SHORT,
  STRING,
  TIMESTAMP,
} from "./data-type.js";

const s = (t: DataType | undefined): string => (t === undefined ? "none" : t.simpleString());

test("tightest common type: numeric precedence, null, datetime", () => {
  assert.equal(s(findTightestCommonType(INT, LONG)), "bigint");
  assert.equal(s(findTightestCommonType(BYTE, SHORT)), "smallint");
  assert.equal(s(findTightestCommonType(INT, DOUBLE)), "double");
  assert.equal(s(findTightestCommonType(NULL_TYPE, STRING)), "string");
  assert.equal(s(findTightestCommonType(DATE, TIMESTAMP)), "timestamp");
  // ANSI: integral + float widens to double; legacy keeps float.
  assert.equal(s(findTightestCommonType(INT, FLOAT, true)), "double");
  assert.equal(s(findTightestCommonType(INT, FLOAT, false)), "float");
  // int fits decimal(10,0) but not decimal(5,0).
  assert.equal(s(findTightestCommonType(INT, new DecimalType(10, 0))), "decimal(10,0)");
  assert.equal(s(findTightestCommonType(INT, new DecimalType(5, 0))), "none");
  assert.equal(s(findTightestCommonType(STRING, INT)), "none");
  assert.equal(s(findTightestCommonType(BOOLEAN, INT)), "none");
});

test("wider type: decimals, string promotion ANSI vs legacy, complex", () => {
  assert.equal(s(findWiderTypeForTwo(INT, new DecimalType(5, 2))), "decimal(12,2)");
  assert.equal(s(findWiderTypeForTwo(new DecimalType(38, 10), LONG)), "decimal(38,10)");
  assert.equal(s(findWiderTypeForTwo(DOUBLE, new DecimalType(5, 2))), "double");
  assert.equal(s(findWiderTypeForTwo(STRING, INT, true)), "bigint");
  assert.equal(s(findWiderTypeForTwo(STRING, DOUBLE, true)), "double");
  assert.equal(s(findWiderTypeForTwo(STRING, DATE, true)), "date");
  assert.equal(s(findWiderTypeForTwo(STRING, INT, false)), "string");
  assert.equal(s(findWiderTypeForTwo(STRING, BOOLEAN, false)), "none");
  assert.equal(s(findWiderTypeForTwo(new ArrayType(INT), new ArrayType(LONG))), "array<bigint>");
});

test("wider common type over lists", () => {
  assert.equal(s(findWiderCommonType([INT, NULL_TYPE, LONG])), "bigint");
  assert.equal(s(findWiderCommonType([])), "void");
  assert.equal(s(findWiderCommonType([INT, BINARY])), "none");
  assert.equal(s(findWiderCommonType([TIMESTAMP, INT, STRING], false)), "string");
});

test("decimal forType and arithmetic result types", () => {
  assert.equal(s(decimalForType(BYTE)), "decimal(3,0)");
  assert.equal(s(decimalForType(INT)), "decimal(10,0)");
  assert.equal(s(decimalForType(LONG)), "decimal(20,0)");
  assert.equal(s(decimalForType(FLOAT)), "decimal(14,7)");
  assert.equal(s(decimalForType(DOUBLE)), "decimal(30,15)");
  const d = (p: number, sc: number) => new DecimalType(p, sc);
  assert.equal(s(decimalAddType(d(3, 2), d(2, 1))), "decimal(4,2)");
  assert.equal(s(decimalMultiplyType(d(3, 2), d(2, 1))), "decimal(6,3)");
  assert.equal(s(decimalDivideType(d(3, 2), d(2, 1))), "decimal(8,6)");
  assert.equal(s(decimalRemainderType(d(3, 2), d(2, 1))), "decimal(3,2)");
  // SPARK-22036: decimal(38,18) * decimal(38,18) keeps 6 fractional digits.
  assert.equal(s(decimalMultiplyType(d(38, 18), d(38, 18))), "decimal(38,6)");
  assert.equal(s(adjustPrecisionScale(39, 2)), "decimal(38,2)");
  assert.equal(s(adjustPrecisionScale(40, 10)), "decimal(38,8)");
  assert.equal(s(decimalDivideType(d(38, 18), d(38, 18))), "decimal(38,6)");
});

test("binary operator input types", () => {
  const b = (l: DataType, r: DataType, op: "arithmetic" | "comparison", ansi = true) => {
    const t = binaryOperatorInputTypes(l, r, op, ansi);
    return t === undefined ? "none" : `${t[0].simpleString()},${t[1].simpleString()}`;
  };
  assert.equal(b(INT, LONG, "arithmetic"), "bigint,bigint");
  assert.equal(b(INT, new DecimalType(5, 2), "arithmetic"), "decimal(10,0),decimal(5,2)");
  assert.equal(b(DOUBLE, new DecimalType(5, 2), "arithmetic"), "double,double");
  assert.equal(b(STRING, INT, "arithmetic", true), "bigint,bigint");
  assert.equal(b(STRING, INT, "arithmetic", false), "double,double");
  assert.equal(b(STRING, INT, "comparison", false), "int,int");
  assert.equal(b(new DecimalType(5, 2), new DecimalType(10, 0), "comparison"), "decimal(12,2),decimal(12,2)");
  assert.equal(b(BOOLEAN, INT, "comparison"), "none");
});

test("implicit casts to declared input types", () => {
  assert.equal(s(implicitCastTarget(INT, "numeric")), "int");
  assert.equal(s(implicitCastTarget(STRING, "numeric")), "double");
  assert.equal(s(implicitCastTarget(INT, "decimal")), "decimal(10,0)");
  assert.equal(s(implicitCastTarget(DOUBLE, "integral")), "none");
  assert.equal(s(implicitCastTarget(INT, STRING)), "string");
  assert.equal(s(implicitCastTarget(NULL_TYPE, "numeric")), "double");
  assert.equal(s(implicitCastTarget(BOOLEAN, "numeric")), "none");
  assert.equal(s(implicitCastTarget(DATE, "any_timestamp")), "timestamp");
  assert.equal(s(implicitCastTarget(INT, [DOUBLE, STRING])), "double");
  assert.equal(canImplicitCast(INT, LONG), true);
  assert.equal(canImplicitCast(BINARY, INT), false);
});

test("comparison of an integral with a decimal widens both to one decimal", () => {
  const t = binaryOperatorInputTypes(INT, new DecimalType(5, 5), "comparison");
  assert.equal(t?.map((x) => x.simpleString()).join(","), "decimal(15,5),decimal(15,5)");
});

test("canImplicitCast ignores nullability and lets legacy strings become atomic types", () => {
  assert.equal(canImplicitCast(new ArrayType(INT, true), new ArrayType(LONG, false)), true);
  assert.equal(canImplicitCast(STRING, BOOLEAN, false), true);
  assert.equal(canImplicitCast(STRING, BOOLEAN, true), true);
});
