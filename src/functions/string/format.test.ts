import assert from "node:assert/strict";
import { test } from "node:test";
import { BOOLEAN, DecimalType, DOUBLE, FLOAT, INT, LONG, NULL_TYPE, STRING } from "../../types/data-type.js";
import type { BindArg } from "../function-definition.js";
import { evalScalar, litArg } from "../testing.js";
import { FORMAT_NUMBER } from "./format-number.js";
import { FORMAT_STRING } from "./format-string.js";

const fmtNum = (x: unknown, xt: BindArg["dataType"], d: unknown): unknown =>
  evalScalar(FORMAT_NUMBER, [litArg(xt, x), litArg(typeof d === "string" ? STRING : INT, d)], [x, d]);

test("format_number (Spark docs) rounds HALF_EVEN on the exact value", () => {
  assert.equal(fmtNum(12332.123456, DOUBLE, 4), "12,332.1235");
  assert.equal(fmtNum(12332.123456, DOUBLE, "##################.###"), "12332.123");
  assert.equal(fmtNum(1234567, INT, 0), "1,234,567");
  assert.equal(fmtNum(0.125, DOUBLE, 2), "0.12");
  assert.equal(fmtNum(0.375, DOUBLE, 2), "0.38");
  assert.equal(fmtNum(2.5, DOUBLE, 0), "2");
  assert.equal(fmtNum(1.005, DOUBLE, 2), "1.00");
  assert.equal(fmtNum(-1234.5, DOUBLE, 1), "-1,234.5");
  assert.equal(fmtNum(5, INT, -1), null);
  assert.equal(fmtNum(12345n, new DecimalType(10, 2), 1), "123.4");
  assert.equal(fmtNum(12355n, new DecimalType(10, 2), 1), "123.6");
  assert.equal(fmtNum(9223372036854775807n, LONG, 0), "9,223,372,036,854,775,807");
  assert.equal(fmtNum(12332.123456, DOUBLE, ""), "12,332");
  assert.equal(fmtNum(Math.fround(0.1), FLOAT, 4), "0.1000");
});

const fmt = (f: string, ...args: [unknown, BindArg["dataType"]][]): unknown =>
  evalScalar(
    FORMAT_STRING,
    [litArg(STRING, f), ...args.map(([v, t]) => litArg(t, v))],
    [f, ...args.map(([v]) => v)],
  );

test("format_string / printf (Spark docs and java.util.Formatter)", () => {
  assert.equal(fmt("Hello World %d %s", [100, INT], ["days", STRING]), "Hello World 100 days");
  assert.equal(fmt("%s", [null, NULL_TYPE]), "null");
  assert.equal(fmt("%5s|%-5s|", ["ab", STRING], ["cd", STRING]), "   ab|cd   |");
  assert.equal(fmt("%.2s", ["abc", STRING]), "ab");
  assert.equal(fmt("%S", ["abc", STRING]), "ABC");
  assert.equal(fmt("%05d", [42, INT]), "00042");
  assert.equal(fmt("%,d", [1234567, INT]), "1,234,567");
  assert.equal(fmt("%+d %(d", [5, INT], [-5, INT]), "+5 (5)");
  assert.equal(fmt("%x %X %o", [255, INT], [255, INT], [8, INT]), "ff FF 10");
  assert.equal(fmt("%x", [-1, INT]), "ffffffff");
  assert.equal(fmt("%#x", [255, LONG]), "0xff");
  assert.equal(fmt("%.2f", [3.14259, DOUBLE]), "3.14");
  assert.equal(fmt("%05.2f", [3.14259, DOUBLE]), "03.14");
  assert.equal(fmt("%.2f", [0.125, DOUBLE]), "0.13");
  assert.equal(fmt("%f", [1.5, DOUBLE]), "1.500000");
  assert.equal(fmt("%.0f", [2.5, DOUBLE]), "3");
  assert.equal(fmt("%,.2f", [1234567.891, DOUBLE]), "1,234,567.89");
  assert.equal(fmt("%e", [12345.678, DOUBLE]), "1.234568e+04");
  assert.equal(fmt("%.2E", [0.000123, DOUBLE]), "1.23E-04");
  assert.equal(fmt("%g", [123.456, DOUBLE]), "123.456");
  assert.equal(fmt("%g", [0.0001, DOUBLE]), "0.000100000");
  assert.equal(fmt("%s", [1.0, DOUBLE]), "1.0");
  assert.equal(fmt("%s", [1e10, DOUBLE]), "1.0E10");
  assert.equal(fmt("%b %b", [null, NULL_TYPE], [true, BOOLEAN]), "false true");
  assert.equal(fmt("%c", [65, INT]), "A");
  assert.equal(fmt("%2$s %1$s %<s", ["a", STRING], ["b", STRING]), "b a a");
  assert.equal(fmt("100%% %n"), "100% \n");
  assert.equal(fmt("%s", [150n, new DecimalType(5, 2)]), "1.50");
  assert.throws(() => fmt("%d", ["x", STRING]), /IllegalFormatConversion/);
  assert.throws(() => fmt("%s %s", ["x", STRING]), /MissingFormatArgument/);
  assert.throws(() => fmt("%q", ["x", STRING]), /UnknownFormatConversion/);
  assert.equal(FORMAT_STRING.sql?.(["%d", "a"], "printf"), "printf(%d, a)");
});
