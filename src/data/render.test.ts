import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  DATE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  MapType,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
  CALENDAR_INTERVAL,
} from "../types/data-type.js";
import {
  decimalToJavaString,
  javaDoubleToString,
  javaFloatToString,
  makeStringifier,
  renderValue,
} from "./render.js";
import { formatDate, formatTimestamp } from "./datetime.js";
import { MapValue } from "./values.js";

// Java Double.toString / Float.toString reference outputs (JDK docs and Spark cast.sql.out).
test("doubles print like Java", () => {
  assert.equal(javaDoubleToString(1), "1.0");
  assert.equal(javaDoubleToString(1e10), "1.0E10");
  assert.equal(javaDoubleToString(12345678), "1.2345678E7");
  assert.equal(javaDoubleToString(1234567), "1234567.0");
  assert.equal(javaDoubleToString(0.001), "0.001");
  assert.equal(javaDoubleToString(0.0001), "1.0E-4");
  assert.equal(javaDoubleToString(-0), "-0.0");
  assert.equal(javaDoubleToString(Number.NaN), "NaN");
  assert.equal(javaDoubleToString(Number.NEGATIVE_INFINITY), "-Infinity");
  assert.equal(javaDoubleToString(1.7976931348623157e308), "1.7976931348623157E308");
});

test("floats print with float precision", () => {
  assert.equal(javaFloatToString(Math.fround(0.1)), "0.1");
  assert.equal(javaFloatToString(Math.fround(3.4028235e38)), "3.4028235E38");
  assert.equal(javaFloatToString(Math.fround(1.1)), "1.1");
});

test("decimals: plain and Java BigDecimal.toString", () => {
  const t = new DecimalType(5, 2);
  assert.equal(renderValue(150n, t), "1.50");
  assert.equal(renderValue(-5n, t), "-0.05");
  assert.equal(decimalToJavaString(0n, 10), "0E-10");
  assert.equal(decimalToJavaString(1n, 7), "1E-7");
  assert.equal(decimalToJavaString(123n, 2), "1.23");
});

test("dates and timestamps", () => {
  assert.equal(formatDate(0), "1970-01-01");
  assert.equal(formatDate(19723), "2024-01-01");
  assert.equal(formatDate(-719162), "0001-01-01");
  assert.equal(formatTimestamp(1704067200000000, "UTC"), "2024-01-01 00:00:00");
  assert.equal(formatTimestamp(1704067200123000, "UTC"), "2024-01-01 00:00:00.123");
  assert.equal(formatTimestamp(1704067200000001, "UTC"), "2024-01-01 00:00:00.000001");
  assert.equal(formatTimestamp(1704067200000000, "America/Los_Angeles"), "2023-12-31 16:00:00");
  assert.equal(formatTimestamp(1704067200000000, "+02:00"), "2024-01-01 02:00:00");
  assert.equal(formatTimestamp(-1, "UTC"), "1969-12-31 23:59:59.999999");
  assert.equal(
    renderValue(1704067200000000, TIMESTAMP_NTZ, { timeZone: "Asia/Tokyo" }),
    "2024-01-01 00:00:00",
  );
  assert.equal(renderValue(1704067200000000, TIMESTAMP, { timeZone: "Asia/Tokyo" }), "2024-01-01 09:00:00");
  assert.equal(renderValue(0, DATE), "1970-01-01");
});

test("pretty vs cast for nested nulls and binary", () => {
  const arr = new ArrayType(INT);
  assert.equal(renderValue([1, 2, null], arr), "[1, 2, NULL]");
  assert.equal(makeStringifier(arr, { style: "cast", timeZone: "UTC" })([1, 2, null]), "[1, 2, null]");
  const m = new MapType(STRING, INT);
  assert.equal(renderValue(new MapValue(["a", "b"], [1, null]), m), "{a -> 1, b -> NULL}");
  assert.equal(
    makeStringifier(m, { style: "cast", timeZone: "UTC" })(new MapValue(["a", "b"], [1, null])),
    "{a -> 1, b -> null}",
  );
  const st = new StructType([new StructField("a", INT), new StructField("b", STRING)]);
  assert.equal(renderValue([1, "x"], st), "{1, x}");
  assert.equal(renderValue([null, "x"], st), "{NULL, x}");
  assert.equal(renderValue(new Uint8Array([0x61, 0x62]), BINARY), "[61 62]");
  assert.equal(
    makeStringifier(BINARY, { style: "cast", timeZone: "UTC" })(new Uint8Array([0x61, 0x62])),
    "ab",
  );
  assert.equal(renderValue(null, STRING), "NULL");
  assert.equal(renderValue(true, BOOLEAN), "true");
  assert.equal(renderValue(1.5, DOUBLE), "1.5");
  assert.equal(renderValue(Math.fround(1.5), FLOAT), "1.5");
});

test("calendar intervals", () => {
  assert.equal(
    renderValue({ months: 1, days: 2, micros: 3_723_500_000 }, CALENDAR_INTERVAL),
    "1 months 2 days 1 hours 2 minutes 3.5 seconds",
  );
  assert.equal(renderValue({ months: 0, days: 0, micros: 0 }, CALENDAR_INTERVAL), "0 seconds");
});
