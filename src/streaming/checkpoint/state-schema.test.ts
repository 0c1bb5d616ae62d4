import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import {
  ArrayType,
  DecimalType,
  INT,
  LONG,
  MapType,
  NULL_TYPE,
  STRING,
  StructField,
  StructType,
} from "../../types/data-type.js";
import {
  checkStateSchemaCompatible,
  decodeStateSchema,
  encodeStateSchema,
  readStateSchemaFile,
  sparkTypeString,
  stateSchemaCompatible,
  stateSchemaFilePath,
  writeStateSchemaFile,
} from "./state-schema.js";

const struct = (...fields: StructField[]): StructType => new StructType(fields);

/** Java's writeUTF of an ASCII string, built by hand (independent of the encoder under test). */
function javaUtf(ascii: string): number[] {
  return [ascii.length >> 8, ascii.length & 0xff, ...Buffer.from(ascii, "latin1")];
}
function javaInt(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function errorClassOf(e: unknown): string | undefined {
  return e instanceof TsparkError ? e.errorClass : undefined;
}

test("a schema file is Spark's SchemaV2 layout byte for byte", () => {
  const keySchema = struct(new StructField("key", NULL_TYPE, true));
  const valueSchema = struct(new StructField("value", LONG, true));
  const keyJson = '{"type":"struct","fields":[{"name":"key","type":"void","nullable":true,"metadata":{}}]}';
  const valueJson =
    '{"type":"struct","fields":[{"name":"value","type":"long","nullable":true,"metadata":{}}]}';
  const expected = Uint8Array.from([
    ...javaUtf("v2"),
    ...javaInt(1),
    ...javaUtf(keyJson),
    ...javaInt(1),
    ...javaUtf(valueJson),
  ]);
  assert.deepEqual(encodeStateSchema({ keySchema, valueSchema }), expected);
  const back = decodeStateSchema(expected, "/x/schema");
  assert.equal(back.keySchema.json(), keyJson);
  assert.equal(back.valueSchema.json(), valueJson);
});

test("version 1 files (two writeUTFs, no chunk counts) are read", () => {
  const keyJson = '{"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,"metadata":{}}]}';
  const valueJson = '{"type":"struct","fields":[]}';
  const bytes = Uint8Array.from([...javaUtf("v1"), ...javaUtf(keyJson), ...javaUtf(valueJson)]);
  const s = decodeStateSchema(bytes, "/x/schema");
  assert.equal(s.keySchema.fields[0]!.name, "a");
  assert.equal(s.keySchema.fields[0]!.nullable, false);
  assert.equal(s.valueSchema.fields.length, 0);
});

test("a schema longer than one writeUTF is split into chunks of 65535 characters and read back", () => {
  const fields = Array.from({ length: 1500 }, (_, i) => new StructField(`column_number_${i}`, STRING, true));
  const keySchema = struct(...fields);
  const json = keySchema.json();
  assert.ok(json.length > 65535 * 1.5);
  const bytes = encodeStateSchema({ keySchema, valueSchema: struct() });
  // After writeUTF("v2") (4 bytes): the key's chunk count, then the first chunk's length.
  const view = Buffer.from(bytes);
  assert.equal(view.readInt32BE(4), Math.ceil(json.length / 65535));
  assert.equal(view.readUInt16BE(8), 65535);
  assert.equal(decodeStateSchema(bytes, "/x").keySchema.json(), json);
});

test("names with non-ASCII characters survive Java's modified UTF-8", () => {
  const keySchema = struct(
    new StructField("größe\u0000😀", INT, true),
    new StructField("名前", STRING, true),
  );
  const bytes = encodeStateSchema({ keySchema, valueSchema: struct() });
  // Modified UTF-8 writes each surrogate of the emoji as three bytes (JSON escapes the NUL).
  const hex = Buffer.from(bytes).toString("hex");
  assert.ok(hex.includes("eda0bdedb880"), hex);
  assert.ok(hex.includes("c3b6"), hex);
  assert.deepEqual(decodeStateSchema(bytes, "/x").keySchema.fieldNames(), ["größe\u0000😀", "名前"]);
});

test("truncated, garbage, newer and over-long schema files are errors naming the file", () => {
  const good = encodeStateSchema({ keySchema: struct(new StructField("k", INT)), valueSchema: struct() });
  const path = "/ckpt/state/0/0/_metadata/schema";
  const cases: [Uint8Array, string][] = [
    [good.slice(0, good.length - 3), "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [good.slice(0, 5), "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [Uint8Array.from([0, 2, 0x76, 0x32, 0xff, 0xff, 0xff, 0xff]), "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [Buffer.from("garbage that is not a schema file"), "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [Uint8Array.from([...good, 1, 2, 3]), "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [
      Uint8Array.from([
        ...javaUtf("v2"),
        ...javaInt(1),
        ...javaUtf("[1,2]"),
        ...javaInt(1),
        ...javaUtf("{}"),
      ]),
      "STREAMING_CHECKPOINT_CORRUPT_FILE",
    ],
    [Uint8Array.from([...javaUtf("v3"), ...javaUtf("{}")]), "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION"],
  ];
  for (const [bytes, errorClass] of cases) {
    assert.throws(
      () => decodeStateSchema(bytes, path),
      (e: unknown) => errorClassOf(e) === errorClass && (e as Error).message.includes(path),
      `${Buffer.from(bytes).toString("hex")} should fail with ${errorClass}`,
    );
  }
});

test("the schema file sits in partition 0's _metadata directory and is never overwritten", () => {
  const root = mkdtempSync(join(tmpdir(), "tspark-schema-"));
  try {
    const stateRoot = join(root, "state");
    assert.equal(stateSchemaFilePath(stateRoot, 3), join(stateRoot, "3", "0", "_metadata", "schema"));
    assert.equal(readStateSchemaFile(stateRoot, 3), undefined);
    const first = { keySchema: struct(new StructField("a", INT)), valueSchema: struct() };
    assert.equal(writeStateSchemaFile(stateRoot, 3, first, false), true);
    const before = readFileSync(stateSchemaFilePath(stateRoot, 3));
    const second = { keySchema: struct(new StructField("b", STRING)), valueSchema: struct() };
    assert.equal(writeStateSchemaFile(stateRoot, 3, second, false), false);
    assert.deepEqual(readFileSync(stateSchemaFilePath(stateRoot, 3)), before);
    assert.equal(readStateSchemaFile(stateRoot, 3)?.keySchema.fields[0]?.name, "a");
    writeFileSync(stateSchemaFilePath(stateRoot, 3), "junk");
    assert.throws(() => readStateSchemaFile(stateRoot, 3), {
      errorClass: "STREAMING_CHECKPOINT_CORRUPT_FILE",
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("compatibility follows Spark: names ignored, same types and count, nullability may only tighten", () => {
  const f = (name: string, t: StructField["dataType"], nullable = true) => new StructField(name, t, nullable);
  const stored = struct(f("value", INT), f("n", LONG, false));
  assert.ok(stateSchemaCompatible(stored, struct(f("renamed", INT), f("other", LONG, false))));
  assert.ok(stateSchemaCompatible(stored, struct(f("value", INT, false), f("n", LONG, false))));
  assert.ok(!stateSchemaCompatible(stored, struct(f("value", INT), f("n", LONG, true))));
  assert.ok(!stateSchemaCompatible(stored, struct(f("value", LONG), f("n", LONG, false))));
  assert.ok(!stateSchemaCompatible(stored, struct(f("value", INT))));
  assert.ok(!stateSchemaCompatible(stored, struct(f("n", LONG, false), f("value", INT))));
  assert.ok(
    !stateSchemaCompatible(struct(f("d", new DecimalType(10, 2))), struct(f("d", new DecimalType(10, 3)))),
  );
  // Nested: array elements and map values follow the same nullability rule; struct fields too.
  const arr = (containsNull: boolean) => struct(f("a", new ArrayType(INT, containsNull)));
  assert.ok(stateSchemaCompatible(arr(true), arr(false)));
  assert.ok(!stateSchemaCompatible(arr(false), arr(true)));
  const map = (nullValues: boolean) => struct(f("m", new MapType(STRING, INT, nullValues)));
  assert.ok(stateSchemaCompatible(map(true), map(false)));
  assert.ok(!stateSchemaCompatible(map(false), map(true)));
  const nested = (name: string, nullable: boolean) => struct(f("s", struct(f(name, INT, nullable))));
  assert.ok(stateSchemaCompatible(nested("x", true), nested("y", false)));
  assert.ok(!stateSchemaCompatible(nested("x", false), nested("x", true)));
  assert.ok(!stateSchemaCompatible(struct(f("a", INT)), struct(f("a", new ArrayType(INT)))));
});

test("types print as Spark's Scala toString", () => {
  const t = struct(
    new StructField("k", INT, false),
    new StructField("a", new ArrayType(new DecimalType(12, 2), true)),
    new StructField("m", new MapType(STRING, LONG, false)),
    new StructField("n", NULL_TYPE),
  );
  assert.equal(
    sparkTypeString(t),
    "StructType(StructField(k,IntegerType,false),StructField(a,ArrayType(DecimalType(12,2),true),true)," +
      "StructField(m,MapType(StringType,LongType,false),true),StructField(n,NullType,true))",
  );
});

test("an incompatible key or value schema is Spark's error, naming the operator, both schemas and the way out", () => {
  const owner = { operatorId: 1, operatorName: "stateStoreSave", checkpoint: "/ckpt" };
  const stored = {
    keySchema: struct(new StructField("value", INT)),
    valueSchema: struct(new StructField("count", LONG, false)),
  };
  const keyChanged = { ...stored, keySchema: struct(new StructField("value", STRING)) };
  assert.throws(
    () => checkStateSchemaCompatible(stored, keyChanged, true, owner),
    (e: unknown) => {
      assert.equal(errorClassOf(e), "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE");
      const m = (e as Error).message;
      for (const part of [
        "stateful operator 1 (stateStoreSave)",
        "key_schema=StructType(StructField(value,IntegerType,true))",
        "new key_schema=StructType(StructField(value,StringType,true))",
        "new checkpoint location",
        "/ckpt",
      ]) {
        assert.ok(m.includes(part), `${m} should include ${part}`);
      }
      return true;
    },
  );
  const valueChanged = { ...stored, valueSchema: struct(new StructField("sum", LONG)) };
  assert.throws(() => checkStateSchemaCompatible(stored, valueChanged, true, owner), {
    errorClass: "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE",
  });
  // Deduplication's placeholder value is not compared (Spark's FORMAT_VALIDATION_CHECK_VALUE off).
  checkStateSchemaCompatible(stored, valueChanged, false, owner);
  // Both changed: the key is reported, as Spark checks it first.
  assert.throws(
    () =>
      checkStateSchemaCompatible(
        stored,
        { ...keyChanged, valueSchema: valueChanged.valueSchema },
        true,
        owner,
      ),
    {
      errorClass: "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
    },
  );
});
