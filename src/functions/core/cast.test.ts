import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  BYTE,
  CALENDAR_INTERVAL,
  type DataType,
  DATE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  MapType,
  SHORT,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "../../types/data-type.js";
import { testContext } from "../testing.js";
import { bindCast, type CastMode, canAnsiCast, canCast, castNullable, checkCast } from "./cast.js";

const ctx = testContext();
const cast = (v: unknown, from: DataType, to: DataType, mode: CastMode = "ansi"): unknown =>
  bindCast(from, to, mode, ctx)(v);
const errorClass = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof TsparkError) return e.errorClass;
    throw e;
  }
  return "no error";
};

// sql-tests results/cast.sql.out (legacy) and results/ansi/cast.sql.out.
test("string → integral: legacy accepts decimals and gives NULL on bad input", () => {
  assert.equal(cast("1.23", STRING, INT, "legacy"), 1);
  assert.equal(cast("-4.56", STRING, LONG, "legacy"), -4);
  assert.equal(cast("abc", STRING, INT, "legacy"), null);
  assert.equal(cast("1234567890123", STRING, INT, "legacy"), null);
  assert.equal(cast("", STRING, INT, "legacy"), null);
  assert.equal(cast("123.a", STRING, INT, "legacy"), null);
  assert.equal(cast("-2147483648", STRING, INT, "legacy"), -2147483648);
  assert.equal(cast("-2147483649", STRING, INT, "legacy"), null);
  assert.equal(cast("9223372036854775807", STRING, LONG, "legacy"), 9223372036854775807n);
  assert.equal(cast("9223372036854775808", STRING, LONG, "legacy"), null);
  assert.equal(cast(" 1\t", STRING, BYTE, "legacy"), 1);
  assert.equal(cast("1中文", STRING, INT, "legacy"), null);
});

test("string → integral: ANSI raises CAST_INVALID_INPUT with Spark's parameters", () => {
  assert.equal(
    errorClass(() => cast("1.23", STRING, INT)),
    "CAST_INVALID_INPUT",
  );
  assert.equal(
    errorClass(() => cast("2147483648", STRING, INT)),
    "CAST_INVALID_INPUT",
  );
  assert.equal(cast(" 1", STRING, SHORT), 1);
  assert.equal(cast("-9223372036854775808", STRING, LONG), -9223372036854775808n);
  try {
    cast("abc", STRING, INT);
    assert.fail("expected an error");
  } catch (e) {
    assert.ok(e instanceof TsparkError);
    assert.deepEqual(e.messageParameters, {
      expression: "'abc'",
      sourceType: '"STRING"',
      targetType: '"INT"',
    });
  }
  assert.equal(cast("abc", STRING, INT, "try"), null);
});

test("string → fractional and decimal", () => {
  assert.equal(cast(" 1", STRING, FLOAT), 1);
  assert.equal(cast(" 1 ", STRING, DOUBLE), 1);
  assert.equal(cast("1e10", STRING, DOUBLE), 1e10);
  assert.equal(cast("1.5d", STRING, DOUBLE), 1.5);
  assert.ok(Number.isNaN(cast("NaN", STRING, DOUBLE) as number));
  assert.equal(cast("-inf", STRING, DOUBLE), Number.NEGATIVE_INFINITY);
  assert.equal(cast("abc", STRING, DOUBLE, "legacy"), null);
  assert.equal(
    errorClass(() => cast("abc", STRING, DOUBLE)),
    "CAST_INVALID_INPUT",
  );
  assert.equal(cast("1.0 ", STRING, new DecimalType(10, 0)), 1n);
  assert.equal(cast("23.45", STRING, new DecimalType(4, 2)), 2345n);
  assert.equal(cast("123.45", STRING, new DecimalType(4, 2), "legacy"), null);
  assert.equal(
    errorClass(() => cast("123.45", STRING, new DecimalType(4, 2))),
    "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
  );
  assert.equal(cast("xyz", STRING, new DecimalType(4, 2), "legacy"), null);
  assert.equal(cast("1.005", STRING, new DecimalType(4, 2)), 101n); // HALF_UP
  assert.equal(cast("-1.005", STRING, new DecimalType(4, 2)), -101n);
});

test("string → boolean", () => {
  assert.equal(cast("\t\t true \n\r ", STRING, BOOLEAN), true);
  assert.equal(cast("\t\n false \t\r", STRING, BOOLEAN), false);
  for (const s of ["t", "y", "YES", "1"]) assert.equal(cast(s, STRING, BOOLEAN), true);
  for (const s of ["f", "n", "No", "0"]) assert.equal(cast(s, STRING, BOOLEAN), false);
  assert.equal(cast("xyz", STRING, BOOLEAN, "legacy"), null);
  assert.equal(
    errorClass(() => cast("xyz", STRING, BOOLEAN)),
    "CAST_INVALID_INPUT",
  );
});

test("numeric narrowing: ANSI overflow vs legacy Java wrapping/saturation", () => {
  assert.equal(
    errorClass(() => cast(128, INT, BYTE)),
    "CAST_OVERFLOW",
  );
  assert.equal(cast(128, INT, BYTE, "legacy"), -128);
  assert.equal(cast(2147483648, LONG, INT, "legacy"), -2147483648);
  assert.equal(cast(9223372036854775807n, LONG, INT, "legacy"), -1);
  assert.equal(cast(1e20, DOUBLE, INT, "legacy"), 2147483647);
  assert.equal(cast(Number.NaN, DOUBLE, INT, "legacy"), 0);
  assert.equal(cast(1e20, DOUBLE, LONG, "legacy"), 9223372036854775807n);
  assert.equal(cast(-1.9, DOUBLE, INT), -1);
  assert.equal(
    errorClass(() => cast(1e20, DOUBLE, INT)),
    "CAST_OVERFLOW",
  );
  assert.equal(
    errorClass(() => cast(Number.NaN, DOUBLE, LONG)),
    "CAST_OVERFLOW",
  );
  assert.equal(cast(300.7, DOUBLE, BYTE, "legacy"), 44);
  assert.equal(cast(12345n, new DecimalType(5, 2), INT), 123);
  assert.equal(cast(-12399n, new DecimalType(5, 2), INT), -123);
  assert.equal(cast(1, INT, DOUBLE), 1);
  assert.equal(cast(0.1, DOUBLE, FLOAT), Math.fround(0.1));
  try {
    cast(128, INT, BYTE);
  } catch (e) {
    assert.ok(e instanceof TsparkError);
    assert.deepEqual(e.messageParameters, { value: "128", sourceType: '"INT"', targetType: '"TINYINT"' });
  }
});

test("numeric → decimal and decimal → decimal", () => {
  assert.equal(cast(1.5, DOUBLE, new DecimalType(5, 2)), 150n);
  assert.equal(cast(0.125, DOUBLE, new DecimalType(5, 2)), 13n);
  assert.equal(cast(123, INT, new DecimalType(3, 1), "legacy"), null);
  assert.equal(
    errorClass(() => cast(123, INT, new DecimalType(3, 1))),
    "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
  );
  assert.equal(cast(12345n, new DecimalType(5, 2), new DecimalType(4, 1)), 1235n);
  assert.equal(cast(12345n, new DecimalType(5, 2), DOUBLE), 123.45);
  assert.equal(cast(true, BOOLEAN, new DecimalType(1, 0)), 1n);
});

test("to string: Java number formatting, decimals, complex types with null", () => {
  assert.equal(cast(1, DOUBLE, STRING), "1.0");
  assert.equal(cast(1e10, DOUBLE, STRING), "1.0E10");
  assert.equal(cast(-0, DOUBLE, STRING), "-0.0");
  assert.equal(cast(Math.fround(1.1), FLOAT, STRING), "1.1");
  assert.equal(cast(150n, new DecimalType(5, 2), STRING), "1.50");
  assert.equal(cast(0n, new DecimalType(20, 10), STRING, "legacy"), "0E-10");
  assert.equal(cast(0n, new DecimalType(20, 10), STRING, "ansi"), "0.0000000000");
  assert.equal(cast([1, 2, null], new ArrayType(INT), STRING), "[1, 2, null]");
  assert.equal(
    cast(new MapValue(["a", "b"], [1, null]), new MapType(STRING, INT), STRING),
    "{a -> 1, b -> null}",
  );
  const st = new StructType([new StructField("a", INT), new StructField("b", STRING)]);
  assert.equal(cast([1, "x"], st, STRING), "{1, x}");
  assert.equal(cast(new Uint8Array([0x61, 0x62, 0x63]), BINARY, STRING), "abc");
  assert.equal(cast(true, BOOLEAN, STRING), "true");
  assert.equal(cast(19723, DATE, STRING), "2024-01-01");
  assert.equal(cast(1704067200000000, TIMESTAMP, STRING), "2024-01-01 00:00:00");
});

test("datetime casts", () => {
  assert.equal(cast("2022-01-01", STRING, DATE), 18993);
  assert.equal(cast("a", STRING, DATE, "legacy"), null);
  assert.equal(
    errorClass(() => cast("a", STRING, DATE)),
    "CAST_INVALID_INPUT",
  );
  assert.equal(cast("2022-01-01 00:00:00", STRING, TIMESTAMP), 18993 * 86400 * 1e6);
  assert.equal(cast("2022-01-01 00:00:00", STRING, TIMESTAMP_NTZ), 18993 * 86400 * 1e6);
  assert.equal(cast("a", STRING, TIMESTAMP, "try"), null);
  assert.equal(cast(Number.POSITIVE_INFINITY, DOUBLE, TIMESTAMP, "legacy"), null);
  assert.equal(cast(1, LONG, TIMESTAMP), 1_000_000);
  assert.equal(cast(1.5, DOUBLE, TIMESTAMP), 1_500_000);
  assert.equal(cast(-1_500_000, TIMESTAMP, LONG), -2);
  assert.equal(cast(1_500_000, TIMESTAMP, DOUBLE), 1.5);
  assert.equal(cast(18993, DATE, TIMESTAMP), 18993 * 86400 * 1e6);
  assert.equal(cast(18993 * 86400 * 1e6 + 5, TIMESTAMP, DATE), 18993);
  const la = testContext({ timeZone: "America/Los_Angeles" });
  assert.equal(bindCast(DATE, TIMESTAMP, "ansi", la)(0), 8 * 3600 * 1e6);
  assert.equal(bindCast(TIMESTAMP, TIMESTAMP_NTZ, "ansi", la)(0), -8 * 3600 * 1e6);
  assert.equal(bindCast(TIMESTAMP, STRING, "ansi", la)(0), "1969-12-31 16:00:00");
});

test("binary casts", () => {
  assert.deepEqual(cast("abc", STRING, BINARY), new Uint8Array([0x61, 0x62, 0x63]));
  assert.deepEqual(cast(-123, BYTE, BINARY, "legacy"), new Uint8Array([0x85]));
  assert.deepEqual(cast(123, SHORT, BINARY, "legacy"), new Uint8Array([0x00, 0x7b]));
  assert.deepEqual(cast(-123, INT, BINARY, "legacy"), new Uint8Array([0xff, 0xff, 0xff, 0x85]));
  assert.deepEqual(cast(123, LONG, BINARY, "legacy"), new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x7b]));
});

test("complex casts are element-wise", () => {
  assert.deepEqual(cast(["1", null, "3"], new ArrayType(STRING), new ArrayType(INT)), [1, null, 3]);
  assert.deepEqual(cast(["1", "x"], new ArrayType(STRING), new ArrayType(INT), "legacy"), [1, null]);
  const m = cast(
    new MapValue(["a"], ["1"]),
    new MapType(STRING, STRING),
    new MapType(STRING, INT),
  ) as MapValue;
  assert.deepEqual([m.keys, m.values], [["a"], [1]]);
  const from = new StructType([new StructField("a", STRING), new StructField("b", INT)]);
  const to = new StructType([new StructField("x", INT), new StructField("y", STRING)]);
  assert.deepEqual(cast(["7", 8], from, to), [7, "8"]);
});

test("allowed casts and the analyzer's errors", () => {
  assert.ok(canCast(INT, BINARY));
  assert.ok(!canAnsiCast(INT, BINARY));
  assert.ok(canCast(DATE, INT));
  assert.ok(!canAnsiCast(DATE, INT));
  assert.ok(!canCast(INT, DATE));
  assert.ok(canAnsiCast(TIMESTAMP, LONG));
  assert.ok(!canCast(BINARY, INT));
  assert.equal(
    errorClass(() => checkCast(INT, BINARY, "ansi", "CAST(1 AS BINARY)")),
    "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
  );
  assert.equal(
    errorClass(() => checkCast(DATE, INT, "ansi", "CAST(d AS INT)")),
    "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION",
  );
  assert.equal(
    errorClass(() => checkCast(INT, DATE, "legacy", "CAST(1 AS DATE)")),
    "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
  );
  assert.equal(
    errorClass(() => checkCast(BINARY, INT, "ansi", "CAST(b AS INT)")),
    "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
  );
  checkCast(STRING, INT, "ansi", "CAST(s AS INT)");
  assert.equal(castNullable(STRING, INT, "ansi", false), true);
  assert.equal(castNullable(INT, LONG, "ansi", false), false);
  assert.equal(castNullable(INT, STRING, "try", false), false);
});

// sql-tests cast.sql: CAST('interval 3 month 1 hour' AS interval) → 3 months 1 hours.
test("string → interval", () => {
  assert.deepEqual(cast("interval 3 month 1 hour", STRING, CALENDAR_INTERVAL), {
    months: 3,
    days: 0,
    micros: 3_600_000_000,
  });
  assert.deepEqual(cast("1 day 1.5 seconds", STRING, CALENDAR_INTERVAL), {
    months: 0,
    days: 1,
    micros: 1_500_000,
  });
  assert.equal(cast("abc", STRING, CALENDAR_INTERVAL), null);
  assert.equal(cast("1.5 days", STRING, CALENDAR_INTERVAL), null);
});
