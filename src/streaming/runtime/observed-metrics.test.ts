import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  CALENDAR_INTERVAL,
  DATE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  MapType,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "../../types/data-type.js";
import { observedMetricsRowJson } from "./observed-metrics.js";

const schema = (...fields: [string, ConstructorParameters<typeof StructField>[1]][]) =>
  new StructType(fields.map(([n, t]) => new StructField(n, t)));

test("scalars as Row.jsonValue writes them", () => {
  const s = schema(
    ["b", BOOLEAN],
    ["i", INT],
    ["l", LONG],
    ["f", FLOAT],
    ["d", DOUBLE],
    ["nan", DOUBLE],
    ["dec", new DecimalType(10, 2)],
    ["str", STRING],
    ["bin", BINARY],
    ["date", DATE],
    ["ts", TIMESTAMP],
    ["iv", CALENDAR_INTERVAL],
    ["n", LONG],
  );
  const values = [
    true,
    7,
    9007199254740993n,
    Math.fround(0.1),
    1e10,
    Number.NaN,
    12345n,
    'q"',
    new Uint8Array([1, 2, 3]),
    19000,
    1_700_000_000_123_000,
    { months: 14, days: 2, micros: 3_000_000 },
    null,
  ];
  assert.equal(
    observedMetricsRowJson({ schema: s, values }),
    '{"b":true,"i":7,"l":9007199254740993,"f":0.10000000149011612,"d":1.0E10,"nan":"NaN","dec":123.45,' +
      '"str":"q\\"","bin":"AQID","date":"2022-01-08","ts":"2023-11-14 22:13:20.123",' +
      '"iv":"1 years 2 months 2 days 3 seconds","n":null}',
  );
});

test("timestamps use the session time zone", () => {
  const s = schema(["ts", TIMESTAMP]);
  assert.equal(
    observedMetricsRowJson({ schema: s, values: [0] }, "America/Los_Angeles"),
    '{"ts":"1969-12-31 16:00:00"}',
  );
});

test("arrays, maps (string keys sorted; others as key/value entries) and nested structs", () => {
  const s = schema(
    ["a", new ArrayType(LONG)],
    ["m", new MapType(STRING, INT)],
    ["k", new MapType(INT, STRING)],
    ["st", schema(["x", INT], ["y", STRING])],
  );
  const values = [[1, null, 3], new MapValue(["b", "a"], [2, 1]), new MapValue([5], ["v"]), [1, "z"]];
  assert.equal(
    observedMetricsRowJson({ schema: s, values }),
    '{"a":[1,null,3],"m":{"a":1,"b":2},"k":[{"key":5,"value":"v"}],"st":{"x":1,"y":"z"}}',
  );
});

test("types Spark's converter has no case for are rejected", () => {
  assert.throws(
    () => observedMetricsRowJson({ schema: schema(["t", TIMESTAMP_NTZ]), values: [0] }),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "INTERNAL_ERROR",
  );
});
