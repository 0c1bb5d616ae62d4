import { inferJsonType } from "./json-schema-inference.js";
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ArrayType,
  BINARY,
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
} from "../types/data-type.js";
import {
  canonicalizeJsonType,
  EMPTY_JSON,
  JsonNumber,
  JsonObject,
  makeJsonReader,
  makeJsonRecordParser,
  makeJsonRowsReader,
  makeJsonWriter,
  parseJson,
  writeJsonNode,
} from "./json.js";
import { MapValue } from "./values.js";

const ab = new StructType([new StructField("a", INT), new StructField("b", DOUBLE)]);

test("parseJson keeps number text, handles Jackson features Spark enables", () => {
  const n = parseJson('{"a": 12345678901234567890, "b": 1.50}');
  assert.ok(n instanceof JsonObject);
  assert.deepEqual(n.get("a"), new JsonNumber("12345678901234567890", true));
  assert.deepEqual(n.get("b"), new JsonNumber("1.50", false));
  // Single quotes are allowed by Spark's default options, comments are not.
  assert.ok(parseJson("{'a': 'x'}") instanceof JsonObject);
  assert.equal(parseJson('{"a": 1 /* c */}'), undefined);
  assert.ok(parseJson('{"a": 1 /* c */}', { allowComments: true }) instanceof JsonObject);
  // Leading zeros need allowNumericLeadingZeros.
  assert.equal(parseJson("01"), undefined);
  assert.deepEqual(parseJson("01", { allowNumericLeadingZeros: true }), new JsonNumber("01", true));
  assert.equal(parseJson("   "), EMPTY_JSON);
  assert.equal(parseJson("[1,2"), undefined);
  assert.deepEqual(parseJson("NaN"), new JsonNumber("NaN", false));
  assert.deepEqual(parseJson("-INF"), new JsonNumber("-Infinity", false));
  assert.equal(parseJson("+1"), undefined);
  assert.equal(parseJson("NaN", { allowNonNumericNumbers: false }), undefined);
  assert.deepEqual(parseJson('"a\\u0041\\n"'), "aA\n");
});

test("from_json doc example: {'a':1, 'b':0.8} with 'a INT, b DOUBLE'", () => {
  assert.deepEqual(makeJsonReader(ab)('{"a":1, "b":0.8}'), [1, 0.8]);
});

test("PERMISSIVE: malformed struct record gives a row of nulls (Spark 3 migration guide)", () => {
  const r = makeJsonReader(new StructType([new StructField("a", INT)]));
  assert.deepEqual(r('{"a" 1}'), [null]);
  assert.equal(r(""), null);
  // A field that does not fit its type becomes null; the others are kept (partial results).
  assert.deepEqual(makeJsonReader(ab)('{"a":"x", "b":2}'), [null, 2]);
  assert.deepEqual(makeJsonReader(ab)('{"a":2147483648, "b":1}'), [null, 1]);
  assert.throws(
    () => makeJsonReader(ab, { mode: "FAILFAST" })('{"a" 1}'),
    (e: unknown) => (e as { errorClass: string }).errorClass === "MALFORMED_RECORD_IN_PARSING",
  );
});

test("from_json array and map schemas (json-functions.sql.out)", () => {
  const ints = makeJsonReader(new ArrayType(INT));
  assert.deepEqual(ints("[1, 2, 3]"), [1, 2, 3]);
  assert.deepEqual(ints("[1, 2, null]"), [1, 2, null]);
  assert.equal(ints('[1, "2", 3]'), null);
  const structs = makeJsonReader(new ArrayType(new StructType([new StructField("a", INT)])));
  assert.deepEqual(structs('[{"a": 1}, {"a":2}]'), [[1], [2]]);
  assert.deepEqual(structs('{"a": 1}'), [[1]]);
  assert.deepEqual(structs('[null, {"a":2}]'), [null, [2]]);
  const maps = makeJsonReader(new MapType(STRING, INT));
  assert.deepEqual(maps('{"a":1, "b":2}'), new MapValue(["a", "b"], [1, 2]));
  assert.equal(makeJsonReader(new ArrayType(new MapType(STRING, INT)))('[{"a": 1}, 2]'), null);
});

test("strings take nested JSON as text; decimals are exact; longs beyond 2^53 are bigints", () => {
  const t = new StructType([
    new StructField("s", STRING),
    new StructField("d", new DecimalType(20, 2)),
    new StructField("l", LONG),
    new StructField("f", FLOAT),
  ]);
  assert.deepEqual(
    makeJsonReader(t)(
      '{"s": {"x": [1, 2.50]}, "d": 12345678901234567.891, "l": 9007199254740993, "f": "NaN"}',
    ),
    ['{"x":[1,2.5]}', 1234567890123456789n, 9007199254740993n, Number.NaN],
  );
});

test("dates, timestamps and binary", () => {
  const t = new StructType([
    new StructField("d", DATE),
    new StructField("t", TIMESTAMP),
    new StructField("b", BINARY),
  ]);
  assert.deepEqual(makeJsonReader(t)('{"d":"2015-08-26","t":"2015-08-26T01:02:03Z","b":"AQI="}'), [
    16673,
    1440550923000000,
    new Uint8Array([1, 2]),
  ]);
});

test("to_json doc examples", () => {
  assert.equal(makeJsonWriter(ab)([1, 2]), '{"a":1,"b":2.0}');
  const m = new MapType(STRING, new StructType([new StructField("b", INT)]));
  assert.equal(makeJsonWriter(m)(new MapValue(["a"], [[1]])), '{"a":{"b":1}}');
  const keyed = new MapType(
    new StructType([new StructField("a", INT)]),
    new StructType([new StructField("b", INT)]),
  );
  assert.equal(makeJsonWriter(keyed)(new MapValue([[1]], [[2]])), '{"[1]":{"b":2}}');
  assert.equal(
    makeJsonWriter(new ArrayType(new MapType(STRING, INT)))([new MapValue(["a"], [1])]),
    '[{"a":1}]',
  );
  assert.equal(makeJsonWriter(new ArrayType(STRING))(["1", "2", "3"]), '["1","2","3"]');
});

test("to_json omits null struct fields, keeps null array elements, quotes NaN", () => {
  const t = new StructType([
    new StructField("a", INT),
    new StructField("b", new ArrayType(DOUBLE)),
    new StructField("c", STRING),
  ]);
  assert.equal(
    makeJsonWriter(t)([null, [1e10, null, Number.NaN], 'q"\n']),
    '{"b":[1.0E10,null,"NaN"],"c":"q\\"\\n"}',
  );
  assert.equal(
    makeJsonWriter(t, { ignoreNullFields: false })([null, null, null]),
    '{"a":null,"b":null,"c":null}',
  );
});

test("timestamps use yyyy-MM-dd'T'HH:mm:ss.SSSXXX in the session time zone", () => {
  const t = new StructType([new StructField("time", TIMESTAMP), new StructField("d", DATE)]);
  assert.equal(
    makeJsonWriter(t)([1440547200000000, 16673]),
    '{"time":"2015-08-26T00:00:00.000Z","d":"2015-08-26"}',
  );
  assert.equal(
    makeJsonWriter(t, { timeZone: "America/Los_Angeles" })([1440547200000000, 16673]),
    '{"time":"2015-08-25T17:00:00.000-07:00","d":"2015-08-26"}',
  );
});

test("decimals are written exactly (BigDecimal.toString)", () => {
  assert.equal(
    makeJsonWriter(new ArrayType(new DecimalType(38, 18)))([1500000000000000000n]),
    "[1.500000000000000000]",
  );
});

test("schema inference (schema_of_json examples)", () => {
  const infer = (s: string, o = {}) => {
    const n = parseJson(s, o);
    if (n === undefined || n === EMPTY_JSON) throw new TypeError("bad test input");
    return canonicalizeJsonType(inferJsonType(n, o)).sql();
  };
  assert.equal(infer('{"c1":0, "c2":[1]}'), "STRUCT<c1: BIGINT, c2: ARRAY<BIGINT>>");
  assert.equal(infer('[{"col":0}]'), "ARRAY<STRUCT<col: BIGINT>>");
  assert.equal(infer('{"c1":1}', { primitivesAsString: true }), "STRUCT<c1: STRING>");
  assert.equal(
    infer('{"c1":01, "c2":0.1}', { allowNumericLeadingZeros: true, prefersDecimal: true }),
    "STRUCT<c1: BIGINT, c2: DECIMAL(1,1)>",
  );
  assert.equal(infer('{"b":null, "a":[]}'), "STRUCT<a: ARRAY<STRING>, b: STRING>");
  assert.equal(infer('[1, 1.5, "x"]'), "ARRAY<STRING>");
  assert.equal(infer("[1, 1.5]"), "ARRAY<DOUBLE>");
});

test("writeJsonNode re-serialises compactly, floats as Java doubles", () => {
  const n = parseJson('{ "a" : [ 1 , 2.50 , true , null ] , "b" : "x" }');
  if (n === undefined || n === EMPTY_JSON) throw new TypeError("bad test input");
  assert.equal(writeJsonNode(n), '{"a":[1,2.5,true,null],"b":"x"}');
});

test("rows reader: corrupt-record column, DROPMALFORMED, arrays of objects (JSON file source)", () => {
  const schema = new StructType([new StructField("_corrupt_record", STRING), new StructField("a", INT)]);
  const permissive = makeJsonRowsReader(schema, { allowArrayAsStructs: true });
  assert.deepEqual(permissive('{"a":1}'), [[null, 1]]);
  assert.deepEqual(permissive('[{"a":1},{"a":2}]'), [
    [null, 1],
    [null, 2],
  ]);
  assert.deepEqual(permissive('{"a":'), [['{"a":', null]]);
  assert.deepEqual(permissive('{"a":"x"}'), [['{"a":"x"}', null]]);
  assert.deepEqual(permissive(""), []);
  const drop = makeJsonRowsReader(schema, { mode: "DROPMALFORMED" });
  assert.deepEqual(drop('{"a":'), []);
  assert.deepEqual(drop('{"a":3}'), [[null, 3]]);
});

test("record parser: members in another order than the last record's, unknown and escaped names", () => {
  const schema = new StructType([
    new StructField("a", INT),
    new StructField("b", LONG),
    new StructField('q"', INT),
  ]);
  const parse = makeJsonRecordParser(schema, { exactStrings: true, keepSource: true });
  assert.deepEqual(parse('{"a":1,"b":2}'), { ok: true, rows: [[1, 2, null]] });
  assert.deepEqual(parse('{"b":3,"a":4}'), { ok: true, rows: [[4, 3, null]] });
  assert.deepEqual(parse('{"a":5,"zz":{"n":[1,{"m":"x"}]},"b":6}'), { ok: true, rows: [[5, 6, null]] });
  assert.deepEqual(parse('{"\\u0061":7, "ab":8, "b" : 9}'), { ok: true, rows: [[7, 9, null]] });
  assert.deepEqual(parse(`{'a':10,"q\\"":11}`), { ok: true, rows: [[10, null, 11]] });
  assert.deepEqual(parse('{"a" :12,"q\\"":13}'), { ok: true, rows: [[12, null, 13]] });
  assert.deepEqual(parse("{}"), { ok: true, rows: [[null, null, null]] });
});

test("record parser: duplicate members, values that do not fit, and syntax errors after them", () => {
  const schema = new StructType([new StructField("a", INT), new StructField("xs", new ArrayType(INT))]);
  const parse = makeJsonRecordParser(schema);
  // The last duplicate wins; one that did not fit still marks the record malformed.
  assert.deepEqual(parse('{"a":"x","a":2}'), { ok: false, partials: [[2, null]] });
  assert.deepEqual(parse('{"a":1,"a":"x"}'), { ok: false, partials: [[null, null]] });
  // An array with an element that does not fit is null as a whole; the rest is still read.
  assert.deepEqual(parse('{"xs":[1,"y",3],"a":4}'), { ok: false, partials: [[4, null]] });
  // ... and checked: malformed text after a bad element makes the whole record malformed.
  assert.deepEqual(parse('{"xs":[1,"y",3}'), { ok: false, partials: [] });
  assert.deepEqual(parse('{"a":"x","b":"\\q"}'), { ok: false, partials: [] });
  assert.deepEqual(parse('{"a":1,"b":[1,2'), { ok: false, partials: [] });
  assert.deepEqual(parse(`{"a":1,"b":${"[".repeat(1001)}${"]".repeat(1001)}}`), { ok: false, partials: [] });
  assert.deepEqual(parse(`{"a":1,"b":${"[".repeat(998)}${"]".repeat(998)}}`), {
    ok: true,
    rows: [[1, null]],
  });
  assert.deepEqual(parse('{"a":01}'), { ok: false, partials: [] });
  assert.deepEqual(parse('{"a":1} trailing text is not read'), { ok: true, rows: [[1, null]] });
});

test("record parser: integers read in place keep the tree converter's ranges and forms", () => {
  const schema = new StructType([
    new StructField("i", INT),
    new StructField("l", LONG),
    new StructField("d", DOUBLE),
    new StructField("s", STRING),
  ]);
  const parse = makeJsonRecordParser(schema, { exactStrings: true, allowNumericLeadingZeros: true });
  assert.deepEqual(parse('{"i":-0,"l":-0,"d":-0.0,"s":-0}'), { ok: true, rows: [[0, 0, -0, "-0"]] });
  assert.deepEqual(parse('{"i":2147483647,"l":9007199254740993,"d":1e3,"s":1.50}'), {
    ok: true,
    rows: [[2147483647, 9007199254740993n, 1000, "1.50"]],
  });
  assert.deepEqual(parse('{"i":0000000000000042,"l":-9223372036854775808}'), {
    ok: true,
    rows: [[42, -9223372036854775808n, null, null]],
  });
  assert.deepEqual(parse('{"i":2147483648}'), { ok: false, partials: [[null, null, null, null]] });
  assert.deepEqual(parse('{"l":9223372036854775808}'), { ok: false, partials: [[null, null, null, null]] });
  assert.deepEqual(parse('{"i":1.0,"l":1e2}'), { ok: false, partials: [[null, null, null, null]] });
  assert.deepEqual(parse('{"i":-Infinity,"d":-Infinity}'), {
    ok: false,
    partials: [[null, null, Number.NEGATIVE_INFINITY, null]],
  });
});
