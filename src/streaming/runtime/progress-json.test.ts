import assert from "node:assert/strict";
import { test } from "node:test";
import {
  jsonDouble,
  jsonLong,
  jsonObject,
  jsonOffset,
  jsonRate,
  jsonSortedMap,
  jsonString,
  prettyJsonText,
  roundToTenths,
} from "./progress-json.js";

test("rates: one decimal, half up on the Java decimal string, no E-notation, NaN/Infinity left out", () => {
  assert.equal(jsonRate(0), "0.0");
  assert.equal(jsonRate(-0), "0.0");
  assert.equal(jsonRate(10), "10.0");
  assert.equal(jsonRate(2000), "2000.0");
  assert.equal(jsonRate(1.9723865877712032), "2.0");
  assert.equal(jsonRate(0.05), "0.1");
  // BigDecimal(0.15) is 0.15 (from Double.toString), which rounds half up to 0.2.
  assert.equal(jsonRate(0.15), "0.2");
  assert.equal(jsonRate(0.04999), "0.0");
  assert.equal(jsonRate(6.923076923076923e8), "692307692.3");
  assert.equal(jsonRate(1e-7), "0.0");
  assert.equal(jsonRate(2.5e21), "2500000000000000000000.0");
  // Java 17 prints 1.25e22 as 1.2499999999999999E22, and BigDecimal starts from that text.
  assert.equal(jsonRate(1.25e22), "12499999999999999000000.0");
  assert.equal(jsonRate(-2.55), "-2.6");
  assert.equal(jsonRate(Number.NaN), undefined);
  assert.equal(jsonRate(Number.POSITIVE_INFINITY), undefined);
  assert.equal(jsonRate(Number.NEGATIVE_INFINITY), undefined);
});

test("roundToTenths parses decimal text and rejects other text", () => {
  assert.equal(roundToTenths("2.70941269E8"), "270941269.0");
  assert.equal(roundToTenths("9.96"), "10.0");
  assert.equal(roundToTenths(".5"), "0.5");
  assert.equal(roundToTenths("7"), "7.0");
  assert.equal(roundToTenths("-0.01"), "0.0");
  assert.equal(roundToTenths("abc"), undefined);
  assert.equal(roundToTenths("."), undefined);
  assert.equal(roundToTenths(""), undefined);
});

test("doubles as Java prints them, non-finite quoted", () => {
  assert.equal(jsonDouble(3), "3.0");
  assert.equal(jsonDouble(-20.7), "-20.7");
  assert.equal(jsonDouble(1e10), "1.0E10");
  assert.equal(jsonDouble(1e-4), "1.0E-4");
  assert.equal(jsonDouble(Number.NaN), '"NaN"');
  assert.equal(jsonDouble(Number.NEGATIVE_INFINITY), '"-Infinity"');
});

test("strings escape as Jackson does; longs and null", () => {
  assert.equal(jsonString('a"b\\c\n\u0001é/'), '"a\\"b\\\\c\\n\\u0001é/"');
  assert.equal(jsonString(null), "null");
  assert.equal(jsonLong(-0), "0");
  assert.equal(jsonLong(9007199254740993n), "9007199254740993");
});

test("objects drop undefined fields; sorted maps drop when empty", () => {
  assert.equal(
    jsonObject([
      ["a", "1"],
      ["b", undefined],
      ["c", "null"],
    ]),
    '{"a":1,"c":null}',
  );
  assert.equal(jsonSortedMap(new Map<string, number>(), jsonLong), undefined);
  assert.equal(jsonSortedMap(null, jsonLong), undefined);
  assert.equal(
    jsonSortedMap(
      new Map([
        ["b", 1],
        ["B", 2],
        ["a", 3],
        ["_", 4],
      ]),
      jsonLong,
    ),
    '{"B":2,"_":4,"a":3,"b":1}',
  );
});

test("offsets: JSON text is embedded, anything else becomes a string", () => {
  assert.equal(jsonOffset("0"), "0");
  assert.equal(jsonOffset("-0"), "0");
  assert.equal(jsonOffset(' {"a" : [ 1 , 2.50 ] } '), '{"a":[1,2.5]}');
  assert.equal(jsonOffset("1E2"), "100.0");
  assert.equal(jsonOffset("abc"), '"abc"');
  // Jackson reads one root value: text after it is ignored, but a root number must end at a space.
  assert.equal(jsonOffset("123 456"), "123");
  assert.equal(jsonOffset('{"a":1}x'), '{"a":1}');
  assert.equal(jsonOffset("123abc"), '"123abc"');
  assert.equal(jsonOffset("1.5.5"), '"1.5.5"');
  assert.equal(jsonOffset(" 7\n"), "7");
  assert.equal(jsonOffset("nullx"), '"nullx"');
  assert.equal(jsonOffset(""), '""');
  assert.equal(jsonOffset("{'a':1}"), `"{'a':1}"`);
  assert.equal(jsonOffset("NaN"), '"NaN"');
  assert.equal(jsonOffset(null), "null");
});

test("pretty layout: two-space objects, inline arrays, empty containers", () => {
  assert.equal(
    prettyJsonText('{"a":1,"b":[1,2],"c":{},"d":[],"e":[{"x":{"y":null}}]}'),
    '{\n  "a" : 1,\n  "b" : [ 1, 2 ],\n  "c" : { },\n  "d" : [ ],\n  "e" : [ {\n    "x" : {\n      "y" : null\n    }\n  } ]\n}',
  );
});
