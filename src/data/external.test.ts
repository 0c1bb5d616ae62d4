import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
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
import { fromExternal, inferSchemaFromRows, SparkTimestamp, toExternal } from "./external.js";
import { MapValue } from "./values.js";

const errorClass = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof TsparkError) return e.errorClass;
    throw e;
  }
  return "no error";
};

test("toExternal", () => {
  assert.equal(toExternal(150n, new DecimalType(5, 2)), "1.50");
  assert.equal(toExternal(9007199254740993n, LONG), 9007199254740993n);
  assert.equal(toExternal(5, LONG), 5);
  assert.equal((toExternal(1, DATE) as Date).toISOString(), "1970-01-02T00:00:00.000Z");
  const ts = toExternal(1_500_001, TIMESTAMP) as SparkTimestamp;
  assert.ok(ts instanceof Date);
  assert.equal(ts.getTime(), 1500);
  assert.equal(ts.micros, 1_500_001);
  const st = new StructType([new StructField("a", INT), new StructField("m", new MapType(STRING, INT))]);
  assert.deepEqual(toExternal([1, new MapValue(["k"], [2])], st), { a: 1, m: new Map([["k", 2]]) });
  assert.deepEqual(toExternal([1, null], new ArrayType(INT)), [1, null]);
  assert.equal(toExternal(null, INT), null);
});

test("fromExternal converts and validates", () => {
  assert.equal(fromExternal(1, INT, "a"), 1);
  assert.equal(fromExternal(2n ** 62n, LONG, "a"), 2n ** 62n);
  assert.equal(fromExternal(5n, LONG, "a"), 5);
  assert.equal(fromExternal(0.1, FLOAT, "a"), Math.fround(0.1));
  assert.equal(fromExternal("1.5", new DecimalType(5, 2), "a"), 150n);
  assert.equal(fromExternal(1.005, new DecimalType(5, 2), "a"), 101n);
  assert.equal(fromExternal(new Date(86_400_000 * 2 + 5), DATE, "a"), 2);
  assert.equal(fromExternal(new Date(1500), TIMESTAMP, "a"), 1_500_000);
  assert.equal(fromExternal(new SparkTimestamp(1_500_001), TIMESTAMP, "a"), 1_500_001);
  const st = new StructType([new StructField("a", INT), new StructField("b", STRING)]);
  assert.deepEqual(fromExternal({ a: 1 }, st, ""), [1, null]);
  assert.deepEqual(fromExternal([1, "x"], st, ""), [1, "x"]);
  const m = fromExternal({ k: 1 }, new MapType(STRING, INT), "m") as MapValue;
  assert.deepEqual([m.keys, m.values], [["k"], [1]]);
  assert.equal(
    errorClass(() => fromExternal("x", INT, "a")),
    "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
  );
  assert.equal(
    errorClass(() => fromExternal(1.5, INT, "a")),
    "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
  );
  assert.equal(
    errorClass(() => fromExternal(2 ** 31, INT, "a")),
    "VALUE_OUT_OF_BOUNDS",
  );
  assert.equal(
    errorClass(() => fromExternal("2024-01-01", DATE, "a")),
    "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
  );
  assert.equal(
    errorClass(() => fromExternal("1000", new DecimalType(3, 0), "a")),
    "VALUE_OUT_OF_BOUNDS",
  );
  assert.equal(
    errorClass(() => fromExternal(null, INT, "a", false)),
    "FIELD_NOT_NULLABLE_WITH_NAME",
  );
  assert.equal(
    errorClass(() => fromExternal([1], st, "")),
    "LENGTH_SHOULD_BE_THE_SAME",
  );
  try {
    fromExternal({ a: "x" }, st, "");
  } catch (e) {
    assert.ok(e instanceof TsparkError);
    assert.equal(e.messageParameters.field_name, "a");
    assert.equal(e.messageParameters.obj, "'x'");
  }
});

// PySpark createDataFrame inference: int → LongType, float → DoubleType, str → StringType, …
test("inferSchemaFromRows", () => {
  const s = inferSchemaFromRows([
    { name: "Alice", age: 1, score: 1.5, ok: true, at: new Date(0), bin: new Uint8Array(1) },
    { name: null, age: null, score: 2, ok: null, at: null, bin: null },
  ]);
  assert.deepEqual(
    s.fields.map((f) => [f.name, f.dataType.simpleString(), f.nullable]),
    // object rows are dicts: PySpark's _infer_schema sorts their keys
    [
      ["age", "bigint", true],
      ["at", "timestamp", true],
      ["bin", "binary", true],
      ["name", "string", true],
      ["ok", "boolean", true],
      ["score", "double", true],
    ],
  );
  const t = inferSchemaFromRows(
    [
      [1, [1, 2], new Map([["a", 1]]), { x: "y" }],
      [2, [], new Map(), { x: null }],
    ],
    ["id"],
  );
  assert.deepEqual(
    t.simpleString(),
    "struct<id:bigint,_2:array<bigint>,_3:map<string,bigint>,_4:struct<x:string>>",
  );
  assert.equal(inferSchemaFromRows([{ a: 2n }]).fields[0]!.dataType, LONG);
  assert.equal(inferSchemaFromRows([{ a: 1 }, { a: 0.5 }]).fields[0]!.dataType, DOUBLE);
  assert.equal(
    errorClass(() => inferSchemaFromRows([{ a: null }, { a: null }])),
    "CANNOT_DETERMINE_TYPE",
  );
  assert.equal(
    errorClass(() => inferSchemaFromRows([{ a: [] }])),
    "CANNOT_DETERMINE_TYPE",
  );
  // PySpark 4 widens atomic values mixed with strings to STRING (test_types test_infer_schema_upcast_*)
  assert.equal(inferSchemaFromRows([{ a: 1 }, { a: "x" }]).fields[0]!.dataType, STRING);
  assert.equal(
    errorClass(() => inferSchemaFromRows([{ a: 1 }, { a: [1] }])),
    "CANNOT_MERGE_TYPE",
  );
  assert.equal(
    errorClass(() => inferSchemaFromRows([])),
    "CANNOT_INFER_EMPTY_SCHEMA",
  );
  assert.equal(inferSchemaFromRows([{ b: true }]).fields[0]!.dataType, BOOLEAN);
  assert.equal(inferSchemaFromRows([[new Uint8Array(0)]]).fields[0]!.dataType, BINARY);
});
