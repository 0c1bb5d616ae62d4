import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import { StructType } from "./data-type.js";
import { parseDataType, parseSchema } from "./ddl.js";

function simple(s: string): string {
  return parseDataType(s).simpleString();
}

function errorOf(f: () => unknown): TsparkError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof TsparkError, String(e));
    return e;
  }
  assert.fail("expected an error");
}

test("atomic type names and synonyms, case-insensitive", () => {
  const cases: [string, string][] = [
    ["string", "string"],
    ["STRING", "string"],
    ["varchar(10)", "string"],
    ["char(3)", "string"],
    ["boolean", "boolean"],
    ["bool", "boolean"],
    ["tinyint", "tinyint"],
    ["byte", "tinyint"],
    ["smallint", "smallint"],
    ["short", "smallint"],
    ["int", "int"],
    ["Integer", "int"],
    ["bigint", "bigint"],
    ["long", "bigint"],
    ["float", "float"],
    ["real", "float"],
    ["double", "double"],
    ["date", "date"],
    ["timestamp", "timestamp"],
    ["timestamp_ltz", "timestamp"],
    ["timestamp_ntz", "timestamp_ntz"],
    ["binary", "binary"],
    ["void", "void"],
    ["interval", "interval"],
    ["interval day to second", "interval day to second"],
    ["INTERVAL DAY", "interval day"],
    ["interval hour to minute", "interval hour to minute"],
    ["interval year to month", "interval year to month"],
    ["interval month", "interval month"],
  ];
  for (const [input, expected] of cases) assert.equal(simple(input), expected, input);
});

test("decimal forms and defaults", () => {
  assert.equal(simple("decimal"), "decimal(10,0)");
  assert.equal(simple("decimal(5)"), "decimal(5,0)");
  assert.equal(simple("DECIMAL(10, 2)"), "decimal(10,2)");
  assert.equal(simple("dec(38,18)"), "decimal(38,18)");
  assert.equal(simple("numeric(4,1)"), "decimal(4,1)");
  assert.equal(
    errorOf(() => parseDataType("decimal(39,0)")).errorClass,
    "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
  );
});

test("complex types", () => {
  assert.equal(simple("array<int>"), "array<int>");
  assert.equal(simple("map<string, array<bigint>>"), "map<string,array<bigint>>");
  assert.equal(simple("struct<a: int, b string>"), "struct<a:int,b:string>");
  assert.equal(simple("struct<>"), "struct<>");
  assert.equal(simple("array<struct<`x y`:int>>"), "array<struct<x y:int>>");
  assert.equal(simple("array<array<int>>"), "array<array<int>>");
  const st = parseDataType("struct<a: int NOT NULL COMMENT 'the a', `b``c` string>");
  assert.equal(st.kind, "struct");
  if (st.kind === "struct") {
    assert.equal(st.fields[0]?.nullable, false);
    assert.deepEqual(st.fields[0]?.metadata, { comment: "the a" });
    assert.equal(st.fields[1]?.name, "b`c");
  }
});

test("schema forms", () => {
  assert.equal(parseSchema("a INT, b STRING NOT NULL").toDDL(), "a INT,b STRING NOT NULL");
  assert.equal(parseSchema("a: int, b: string").simpleString(), "struct<a:int,b:string>");
  assert.equal(parseSchema("struct<a:int,b:string>").simpleString(), "struct<a:int,b:string>");
  assert.equal(parseSchema("struct int, b string").simpleString(), "struct<struct:int,b:string>");
  assert.equal(parseSchema("").fields.length, 0);
  assert.equal(StructType.fromDDL("`a b` DECIMAL(10,2)").toDDL(), "`a b` DECIMAL(10,2)");
});

test("round trip through toDDL and simpleString", () => {
  const ddls = [
    "a INT,b STRING NOT NULL",
    "m MAP<STRING, ARRAY<BIGINT>>,s STRUCT<x: DOUBLE, `y-z`: DATE>",
    "d DECIMAL(38,10),t TIMESTAMP,n TIMESTAMP_NTZ,bin BINARY",
  ];
  for (const ddl of ddls) {
    assert.equal(parseSchema(ddl).toDDL(), ddl);
    const t = parseSchema(ddl);
    if (!ddl.includes("`")) assert.equal(parseDataType(t.simpleString()).simpleString(), t.simpleString());
    assert.equal(parseDataType(t.sql()).sql(), t.sql());
  }
});

test("errors", () => {
  const e1 = errorOf(() => parseDataType("foo"));
  assert.equal(e1.errorClass, "UNSUPPORTED_DATATYPE");
  assert.equal(e1.messageParameters.typeName, '"FOO"');
  const e2 = errorOf(() => parseDataType("array<int"));
  assert.equal(e2.errorClass, "PARSE_SYNTAX_ERROR");
  assert.equal(e2.messageParameters.error, "end of input");
  const e3 = errorOf(() => parseDataType("map<int>"));
  assert.equal(e3.errorClass, "PARSE_SYNTAX_ERROR");
  assert.equal(e3.messageParameters.error, "'>'");
  const e4 = errorOf(() => parseSchema("a int,, b int"));
  assert.equal(e4.messageParameters.error, "','");
  assert.equal(e4.context?.startPosition, 6);
  assert.equal(errorOf(() => parseDataType("")).errorClass, "PARSE_SYNTAX_ERROR");
});

test("ANSI interval types: SQL form, JSON round trip, and invalid field ranges", () => {
  const s = parseSchema("a INTERVAL DAY TO SECOND, b INTERVAL YEAR");
  assert.equal(s.toDDL(), "a INTERVAL DAY TO SECOND,b INTERVAL YEAR");
  assert.equal(s.json(), StructType.fromJson(s.json()).json());
  assert.equal(errorOf(() => parseDataType("interval second to day")).errorClass, "PARSE_SYNTAX_ERROR");
});
