import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { type DataType, DecimalType, INT, STRING, type StructType } from "../../types/data-type.js";
import { parseSchema } from "../../types/ddl.js";
import { DataSourceOptions } from "./data-source-options.js";
import type { FormatContext } from "./file-format.js";
import { findChild, type LeafCursor, planField, readValue } from "./parquet-assembly.js";
import { readFooterSync } from "./parquet-footer.js";
import { parquetFormat } from "./parquet-format.js";
import { lz4LiteralBlock, microsToInt96, zstdStored } from "./parquet-output-writer.js";
import { parquetToSpark, parquetTree, sparkToParquet } from "./parquet-schema.js";
import type { SourceFilter } from "./source-filter.js";

function ctxOf(conf: Record<string, string> = {}): FormatContext {
  return { conf: (k) => conf[k], timeZone: "UTC" };
}

const dir = mkdtempSync(join(tmpdir(), "tspark-parquet-"));
let counter = 0;

async function writeRows(
  schema: StructType | string,
  rows: readonly (readonly unknown[])[],
  options: Record<string, string> = {},
  conf: Record<string, string> = {},
): Promise<string> {
  const s = typeof schema === "string" ? parseSchema(schema) : schema;
  const ctx = ctxOf(conf);
  const job = parquetFormat.prepareWrite(s, new DataSourceOptions(options), ctx);
  const path = join(dir, `part-${counter++}${job.extension}`);
  const w = await parquetFormat.createWriter(path, job, ctx);
  // Two batches, to exercise appends within one file.
  const half = Math.floor(rows.length / 2);
  for (const part of [rows.slice(0, half), rows.slice(half)])
    await w.write({ numRows: part.length, columns: s.fields.map((_, c) => part.map((r) => r[c] ?? null)) });
  await w.close();
  return path;
}

async function readRows(
  path: string,
  required: StructType | string,
  filters: SourceFilter[] = [],
  conf: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<unknown[][]> {
  const req = typeof required === "string" ? parseSchema(required) : required;
  const out: unknown[][] = [];
  const file = { path, size: statSync(path).size, modificationTime: 0 };
  for await (const b of parquetFormat.readFile(
    file,
    {
      dataSchema: req,
      requiredSchema: req,
      filters,
      options: new DataSourceOptions(),
      ...(signal ? { signal } : {}),
    },
    ctxOf(conf),
  )) {
    assert.equal(b.columns.length, req.fields.length);
    for (let r = 0; r < b.numRows; r++) out.push(b.columns.map((c) => c[r]));
  }
  return out;
}

function infer(paths: string[], options: Record<string, string> = {}, conf: Record<string, string> = {}) {
  return parquetFormat.inferSchema(
    paths.map((path) => ({ path, size: 0, modificationTime: 0 })),
    new DataSourceOptions(options),
    ctxOf(conf),
  );
}

function errorClass(e: unknown): string {
  assert.ok(e instanceof TsparkError, `expected a TsparkError, got ${String(e)}`);
  return e.errorClass;
}

const ALL_TYPES =
  "bo BOOLEAN, by TINYINT, sh SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, d5 DECIMAL(5,2), d15 DECIMAL(15,3), " +
  "d30 DECIMAL(30,5), s STRING, bin BINARY, dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, " +
  "ym INTERVAL YEAR TO MONTH, dtv INTERVAL DAY TO SECOND, " +
  "arr ARRAY<INT>, nested ARRAY<ARRAY<STRING>>, m MAP<STRING, BIGINT>, " +
  "st STRUCT<x: INT, y: ARRAY<STRUCT<z: STRING>>, w: MAP<INT, STRING>>";

const ALL_ROWS: unknown[][] = [
  [
    true,
    -128,
    32767,
    -2147483648,
    9223372036854775807n,
    Math.fround(1.25),
    Math.PI,
    -99999n,
    123456789012345n,
    -123456789012345678901234567890n,
    "héllo wörld 😀 中文",
    new Uint8Array([0, 1, 254, 255]),
    -719162,
    1_700_000_000_123_456,
    -8_000_000_000_000_000,
    -13,
    86_400_000_001,
    [1, null, 3],
    [["a"], [], null, [null, "b"]],
    new MapValue(["k1", "k2"], [-9007199254740993n, null]),
    [7, [[null], null, ["z"]], new MapValue([1], ["one"])],
  ],
  Array.from({ length: 21 }, () => null),
  [
    false,
    0,
    0,
    0,
    -9223372036854775808n,
    Number.NaN,
    -0,
    0n,
    -1n,
    999999999999999999999999999999n,
    "",
    new Uint8Array([]),
    0,
    -1,
    0,
    0,
    -1,
    [],
    [],
    new MapValue([], []),
    [null, [], null],
  ],
];

test("every Spark type round-trips with nulls, unicode, 64-bit and decimal exactness", async () => {
  const path = await writeRows(ALL_TYPES, ALL_ROWS);
  assert.ok(path.endsWith(".snappy.parquet"));
  const schema = infer([path]);
  assert.equal(schema?.simpleString(), parseSchema(ALL_TYPES).simpleString());
  const got = await readRows(path, ALL_TYPES);
  assert.deepEqual(got, ALL_ROWS);
});

test("timestamps as INT96 (default), TIMESTAMP_MICROS and TIMESTAMP_MILLIS (truncated)", async () => {
  const rows = [[1_700_000_000_123_456], [-1], [null], [-1_234_567_890_123_457]];
  for (const [type, expected] of [
    ["INT96", rows],
    ["TIMESTAMP_MICROS", rows],
    ["TIMESTAMP_MILLIS", [[1_700_000_000_123_000], [-1000], [null], [-1_234_567_890_124_000]]],
  ] as const) {
    const path = await writeRows(
      "t TIMESTAMP",
      rows,
      {},
      { "spark.sql.parquet.outputTimestampType": type.toLowerCase() },
    );
    assert.deepEqual(await readRows(path, "t TIMESTAMP"), expected, type);
  }
  assert.throws(
    () =>
      parquetFormat.prepareWrite(
        parseSchema("t TIMESTAMP"),
        new DataSourceOptions(),
        ctxOf({ "spark.sql.parquet.outputTimestampType": "x" }),
      ),
    (e) => errorClass(e) === "INVALID_CONF_VALUE",
  );
});

test("INT96 bytes hold nanos of day then the Julian day", () => {
  const b = microsToInt96(1_000_001);
  const v = new DataView(b.buffer);
  assert.equal(v.getBigUint64(0, true), 1_000_001_000n);
  assert.equal(v.getInt32(8, true), 2440588);
  const neg = new DataView(microsToInt96(-1).buffer);
  assert.equal(neg.getInt32(8, true), 2440587);
  assert.equal(neg.getBigUint64(0, true), 86_399_999_999_000n);
});

test("INT96 bytes of instants far from the epoch match exact BigInt arithmetic", () => {
  const day = 86_400_000_000n;
  const reference = (micros: number): [bigint, number] => {
    const m = BigInt(micros);
    const d = m / day - (m % day < 0n ? 1n : 0n);
    return [(m - d * day) * 1000n, Number(d) + 2440588];
  };
  const samples = [0, 1, -1, 86_399_999_999, 86_400_000_000, -86_400_000_000, -86_400_000_001];
  samples.push(
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    1_767_225_600_123_456,
    -9_000_000_000_000_001,
  );
  for (let k = 1; k < 2000; k++) samples.push(Math.round((k / 2000 - 0.5) * 2 * Number.MAX_SAFE_INTEGER));
  for (const micros of samples) {
    const v = new DataView(microsToInt96(micros).buffer);
    assert.deepEqual([v.getBigUint64(0, true), v.getInt32(8, true)], reference(micros), String(micros));
  }
});

test("row groups cut within a batch keep every value: repeated and non-ASCII strings, INT96, longs, nulls", async () => {
  const cats = ["books/new", "héllo wörld", "日本語", "", "x".repeat(40)];
  const rows = Array.from({ length: 3000 }, (_, i) => [
    i % 7 === 0 ? null : cats[i % cats.length],
    i % 11 === 0 ? null : 1_767_225_600_000_000 + i * 1_234_567,
    i % 13 === 0 ? null : i % 2 === 0 ? i : 2n ** 60n + BigInt(i),
    `u${i}`,
  ]);
  const schema = "c STRING, t TIMESTAMP, l BIGINT, u STRING";
  const path = await writeRows(schema, rows, { "parquet.block.size": "10000" });
  assert.deepEqual(await readRows(path, schema), rows);
});

/** Nested timestamps: a struct field, array elements, map values, a struct in a struct. */
const NESTED_TS =
  "s STRUCT<a: TIMESTAMP>, xs ARRAY<TIMESTAMP>, m MAP<STRING, TIMESTAMP>, n STRUCT<i: STRUCT<t: TIMESTAMP, k: INT>>";

/** Rows of NESTED_TS with nulls at every level; `ts` maps each written instant to what reads back. */
function nestedTsRows(ts: (micros: number) => number): unknown[][] {
  const [t1, t2, t3, t4] = [1_700_000_000_123_456, -1, -1_234_567_890_123_457, 0].map(ts) as [
    number,
    number,
    number,
    number,
  ];
  return [
    [[t1], [t1, null, t2], new MapValue(["a", "b"], [t3, null]), [[t2, 7]]],
    [null, null, null, null],
    [[null], [], new MapValue([], []), [null]],
    [[t3], [null], new MapValue(["z"], [t4]), [[null, null]]],
    [[t4], [t4, t4], new MapValue(["x"], [t1]), [[t1, -3]]],
  ];
}

const toMillis = (micros: number): number => Math.floor(micros / 1000) * 1000;

test("timestamps nested in structs, arrays and maps round-trip as INT96 (no statistics), MICROS and MILLIS", async () => {
  const written = nestedTsRows((v) => v);
  for (const [type, expected, physical] of [
    ["INT96", written, "INT96"],
    ["TIMESTAMP_MICROS", written, "INT64"],
    ["TIMESTAMP_MILLIS", nestedTsRows(toMillis), "INT64"],
  ] as const) {
    const conf = { "spark.sql.parquet.outputTimestampType": type };
    const path = await writeRows(NESTED_TS, written, {}, conf);
    assert.deepEqual(await readRows(path, NESTED_TS), expected, type);
    assert.equal(infer([path])?.simpleString(), parseSchema(NESTED_TS).simpleString(), type);
    // The footer: every timestamp leaf has the physical type Spark writes; INT96 leaves carry no
    // statistics (their order is undefined), their sibling INT column keeps its own.
    const footer = readFooterSync(path);
    const chunks = footer.metadata.row_groups[0]!.columns.map((c) => c.meta_data!);
    const leaf = (name: string) => chunks.findIndex((c) => c.path_in_schema.at(-1) === name);
    for (const name of ["a", "element", "value", "t"]) {
      const i = leaf(name);
      assert.equal(chunks[i]!.type, physical, `${type} ${name}`);
      assert.equal(footer.metadata.schema.find((e) => e.name === name)!.type, physical, `${type} ${name}`);
      if (type === "INT96") assert.equal(footer.stats[0]![i], undefined, `${type} ${name}`);
    }
    assert.equal(footer.stats[0]![leaf("k")]?.nullCount, 3n, type);
  }
});

test("nested INT96 timestamps repeated over several row groups (dictionary-sized) read back", async () => {
  const instants = [1_767_225_600_000_001, -86_400_000_001, 42];
  const rows = Array.from({ length: 600 }, (_, i) => [
    i % 17 === 0 ? null : [instants[i % 3]],
    [instants[i % 3], i % 5 === 0 ? null : instants[(i + 1) % 3]],
    new MapValue([`k${i % 4}`], [instants[(i + 2) % 3]]),
    [[i % 7 === 0 ? null : instants[i % 2], i]],
  ]);
  const path = await writeRows(NESTED_TS, rows, { "parquet.block.row.count.limit": "250" });
  const groups = readFooterSync(path).metadata.row_groups;
  assert.equal(groups.length, 3);
  // The INT96 leaves are dictionary-encoded (Spark's writer dictionary-encodes INT96 too).
  for (const g of groups)
    for (const c of g.columns)
      if (c.meta_data!.type === "INT96") assert.ok(c.meta_data!.encodings.includes("RLE_DICTIONARY"));
  assert.deepEqual(await readRows(path, NESTED_TS), rows);
});

test("Spark's Parquet schema for writing: decimals by precision, timestamps, nested layouts, legacy format", () => {
  const s = parseSchema(
    "a DECIMAL(9,2), b DECIMAL(18,0), c DECIMAL(19,1), t TIMESTAMP, n TIMESTAMP_NTZ, xs ARRAY<INT>, m MAP<STRING,INT>, by TINYINT",
  );
  const els = sparkToParquet(s, { writeLegacyFormat: false, outputTimestampType: "TIMESTAMP_MICROS" });
  const byName = (n: string) => els.find((e) => e.name === n)!;
  assert.equal(els[0]!.name, "spark_schema");
  assert.equal(byName("a").type, "INT32");
  assert.equal(byName("b").type, "INT64");
  assert.equal(byName("c").type, "FIXED_LEN_BYTE_ARRAY");
  assert.equal(byName("c").type_length, 9);
  assert.equal(byName("t").converted_type, "TIMESTAMP_MICROS");
  assert.deepEqual(byName("n").logical_type, { type: "TIMESTAMP", isAdjustedToUTC: false, unit: "MICROS" });
  assert.equal(byName("xs").converted_type, "LIST");
  assert.ok(byName("list") && byName("element"));
  assert.equal(byName("key_value").repetition_type, "REPEATED");
  assert.equal(byName("key").repetition_type, "REQUIRED");
  assert.equal(byName("by").converted_type, "INT_8");
  const legacy = sparkToParquet(s, { writeLegacyFormat: true, outputTimestampType: "INT96" });
  assert.equal(legacy.find((e) => e.name === "a")!.type, "FIXED_LEN_BYTE_ARRAY");
  assert.equal(legacy.find((e) => e.name === "a")!.type_length, 4);
  assert.equal(legacy.find((e) => e.name === "t")!.type, "INT96");
  assert.ok(legacy.find((e) => e.name === "bag"));
  assert.equal(legacy.find((e) => e.name === "map")?.converted_type, "MAP_KEY_VALUE");
});

test("writeLegacyFormat files read back", async () => {
  const rows = [
    [12345n, [1, null], new MapValue(["a"], [1])],
    [null, null, null],
  ];
  const schema = "d DECIMAL(9,2), xs ARRAY<INT>, m MAP<STRING,INT>";
  const path = await writeRows(schema, rows, {}, { "spark.sql.parquet.writeLegacyFormat": "true" });
  assert.deepEqual(await readRows(path, schema), rows);
});

test("Parquet → Spark type mapping without a Spark schema in the footer", () => {
  const conf = { binaryAsString: false, int96AsTimestamp: true, inferTimestampNTZ: true, nanosAsLong: false };
  const tree = parquetTree([
    { name: "root", num_children: 18 },
    { name: "i8", type: "INT32", converted_type: "INT_8", repetition_type: "OPTIONAL" },
    { name: "u8", type: "INT32", logical_type: { type: "INTEGER", bitWidth: 8, isSigned: false } },
    { name: "u32", type: "INT32", converted_type: "UINT_32" },
    { name: "u64", type: "INT64", converted_type: "UINT_64" },
    { name: "dec", type: "BYTE_ARRAY", converted_type: "DECIMAL", precision: 25, scale: 3 },
    {
      name: "fdec",
      type: "FIXED_LEN_BYTE_ARRAY",
      type_length: 5,
      converted_type: "DECIMAL",
      precision: 11,
      scale: 0,
    },
    { name: "e", type: "BYTE_ARRAY", converted_type: "ENUM" },
    { name: "j", type: "BYTE_ARRAY", logical_type: { type: "JSON" } },
    { name: "b", type: "BYTE_ARRAY" },
    { name: "fb", type: "FIXED_LEN_BYTE_ARRAY", type_length: 3 },
    { name: "ms", type: "INT64", converted_type: "TIMESTAMP_MILLIS" },
    {
      name: "ntz",
      type: "INT64",
      logical_type: { type: "TIMESTAMP", isAdjustedToUTC: false, unit: "MICROS" },
    },
    { name: "i96", type: "INT96" },
    { name: "two", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "array", repetition_type: "REPEATED", type: "INT32" },
    { name: "three", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "OPTIONAL", type: "BYTE_ARRAY", converted_type: "UTF8" },
    { name: "rep", repetition_type: "REPEATED", type: "INT64" },
    { name: "mp", repetition_type: "OPTIONAL", converted_type: "MAP", num_children: 1 },
    { name: "key_value", repetition_type: "REPEATED", num_children: 2 },
    { name: "key", repetition_type: "REQUIRED", type: "INT32" },
    { name: "value", repetition_type: "REQUIRED", type: "DOUBLE" },
    { name: "tup", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "tup_tuple", repetition_type: "REPEATED", num_children: 1 },
    { name: "v", type: "INT32" },
  ]);
  assert.equal(
    parquetToSpark(tree, conf).simpleString(),
    "struct<i8:tinyint,u8:int,u32:bigint,u64:decimal(20,0),dec:decimal(25,3),fdec:decimal(11,0),e:string,j:string," +
      "b:binary,fb:binary,ms:timestamp,ntz:timestamp_ntz,i96:timestamp,two:array<int>,three:array<string>," +
      "rep:array<bigint>,mp:map<int,double>,tup:array<struct<v:int>>>",
  );
  const s = parquetToSpark(tree, conf);
  assert.equal(s.fields[0]!.nullable, true);
  assert.equal(s.fields[1]!.nullable, false);
  assert.equal((s.fields[13]!.dataType as { containsNull: boolean }).containsNull, false);
  assert.equal((s.fields[14]!.dataType as { containsNull: boolean }).containsNull, true);
  assert.equal((s.fields[16]!.dataType as { valueContainsNull: boolean }).valueContainsNull, false);
  const flags = parquetToSpark(
    parquetTree([
      { name: "root", num_children: 2 },
      { name: "b", type: "BYTE_ARRAY" },
      {
        name: "ntz",
        type: "INT64",
        logical_type: { type: "TIMESTAMP", isAdjustedToUTC: false, unit: "MILLIS" },
      },
    ]),
    { ...conf, binaryAsString: true, inferTimestampNTZ: false },
  );
  assert.equal(flags.simpleString(), "struct<b:string,ntz:timestamp>");
  const nanos = parquetTree([
    { name: "root", num_children: 1 },
    { name: "n", type: "INT64", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "NANOS" } },
  ]);
  assert.throws(
    () => parquetToSpark(nanos, conf),
    (e) =>
      errorClass(e) === "PARQUET_TYPE_ILLEGAL" &&
      /INT64 \(TIMESTAMP\(NANOS,true\)\)/.test((e as Error).message),
  );
  assert.equal(parquetToSpark(nanos, { ...conf, nanosAsLong: true }).simpleString(), "struct<n:bigint>");
  const i96 = parquetTree([
    { name: "root", num_children: 1 },
    { name: "t", type: "INT96" },
  ]);
  assert.throws(
    () => parquetToSpark(i96, { ...conf, int96AsTimestamp: false }),
    (e) => errorClass(e) === "PARQUET_TYPE_ILLEGAL",
  );
  const interval = parquetTree([
    { name: "root", num_children: 1 },
    { name: "t", type: "FIXED_LEN_BYTE_ARRAY", type_length: 12, converted_type: "INTERVAL" },
  ]);
  assert.throws(
    () => parquetToSpark(interval, conf),
    (e) => errorClass(e) === "PARQUET_TYPE_NOT_SUPPORTED",
  );
});

test("column pruning, case-insensitive matching, missing columns are null", async () => {
  const path = await writeRows("Id INT, name STRING, extra DOUBLE", [
    [1, "a", 1.5],
    [2, null, 2.5],
  ]);
  assert.deepEqual(await readRows(path, "name STRING, id INT, gone STRING"), [
    ["a", 1, null],
    [null, 2, null],
  ]);
  assert.deepEqual(await readRows(path, "id INT", [], { "spark.sql.caseSensitive": "true" }), [
    [null],
    [null],
  ]);
  assert.deepEqual(await readRows(path, "Id INT", [], { "spark.sql.caseSensitive": "true" }), [[1], [2]]);
  assert.deepEqual(await readRows(path, ""), [[], []]);
});

test("nested pruning: a struct's requested fields, missing nested fields null, struct nullness kept", async () => {
  const path = await writeRows("s STRUCT<a: INT, b: STRING>", [[[1, "x"]], [null], [[null, "y"]]]);
  assert.deepEqual(await readRows(path, "s STRUCT<b: STRING, c: INT>"), [
    [["x", null]],
    [null],
    [["y", null]],
  ]);
  assert.deepEqual(await readRows(path, "s STRUCT<c: INT>"), [[[null]], [null], [[null]]]);
});

test("widening reads and mismatched types", async () => {
  const path = await writeRows("i INT, f FLOAT, d DECIMAL(5,2)", [[7, 1.5, 12345n]]);
  assert.deepEqual(await readRows(path, "i BIGINT, f DOUBLE, d DECIMAL(10,4)"), [[7, 1.5, 1234500n]]);
  await assert.rejects(readRows(path, "i STRING"), (e) => {
    assert.equal(errorClass(e), "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH");
    assert.match((e as Error).message, /Expected Spark type string, actual Parquet type INT32/);
    return true;
  });
  await assert.rejects(
    readRows(path, "d DECIMAL(5,1)"),
    (e) => errorClass(e) === "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH",
  );
});

test("row groups are bounded by parquet.block.row.count.limit and skipped by statistics", async () => {
  const rows = Array.from({ length: 30 }, (_, i) => [
    i,
    `s${String(i).padStart(2, "0")}`,
    i % 10 === 0 ? null : i * 0.5,
    BigInt(i) * 100n,
    i < 10 ? null : i,
  ]);
  const schema = "a INT, s STRING, f DOUBLE, d DECIMAL(20,2), n INT";
  const path = await writeRows(schema, rows, { "parquet.block.row.count.limit": "10" });
  const count = async (filters: SourceFilter[]) => (await readRows(path, schema, filters)).length;
  const lit = (
    kind: "EqualTo" | "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual",
    column: string,
    value: unknown,
    dataType: DataType = INT,
  ): SourceFilter => ({ kind, column, value, dataType }) as SourceFilter;
  assert.equal(await count([]), 30);
  // Returned rows come from whole row groups: 10 per group proves the other groups were skipped.
  assert.equal(await count([lit("GreaterThan", "a", 25)]), 10);
  assert.equal(await count([lit("GreaterThan", "a", 29)]), 0);
  assert.equal(await count([lit("GreaterThanOrEqual", "a", 29)]), 10);
  assert.equal(await count([lit("LessThan", "a", 10)]), 10);
  assert.equal(await count([lit("LessThanOrEqual", "a", 10)]), 20);
  assert.equal(await count([lit("EqualTo", "A", 15)]), 10);
  assert.equal(await count([{ kind: "In", column: "a", values: [3, 25], dataType: INT }]), 20);
  assert.equal(await count([{ kind: "IsNull", column: "n" }]), 10);
  assert.equal(await count([{ kind: "IsNotNull", column: "n" }]), 20);
  assert.equal(await count([{ kind: "Not", child: { kind: "IsNotNull", column: "n" } }]), 10);
  assert.equal(await count([lit("EqualTo", "s", "s15", STRING)]), 10);
  assert.equal(await count([{ kind: "StringStartsWith", column: "s", value: "s2" }]), 10);
  assert.equal(await count([{ kind: "StringStartsWith", column: "s", value: "t" }]), 0);
  assert.equal(await count([lit("LessThan", "d", 10n, new DecimalType(10, 0))]), 10);
  assert.equal(await count([lit("GreaterThan", "d", 29n, new DecimalType(10, 0))]), 0);
  assert.equal(await count([lit("GreaterThan", "d", 2850n, new DecimalType(10, 2))]), 10);
  assert.equal(
    await count([{ kind: "Or", left: lit("LessThan", "a", 1), right: lit("GreaterThan", "a", 28) }]),
    20,
  );
  assert.equal(
    await count([{ kind: "And", left: lit("GreaterThan", "a", 5), right: lit("LessThan", "a", 8) }]),
    10,
  );
  // Floating point: > never skips (NaN rows are above every number and absent from the bounds).
  assert.equal(await count([lit("GreaterThan", "f", 100, { kind: "double" } as never)]), 30);
  assert.equal(await count([lit("LessThan", "f", 1, { kind: "double" } as never)]), 10);
  // A constant of another family never skips.
  assert.equal(await count([lit("GreaterThan", "a", "99", STRING)]), 30);
  // Pushdown off: nothing skipped.
  assert.equal(
    (
      await readRows(path, schema, [lit("GreaterThan", "a", 29)], {
        "spark.sql.parquet.filterPushdown": "false",
      })
    ).length,
    30,
  );
});

test("NaN in a float column is not skipped by comparisons", async () => {
  const path = await writeRows("f DOUBLE", [[1], [Number.NaN], [2]], {
    "parquet.block.row.count.limit": "3",
  });
  const rows = await readRows(path, "f DOUBLE", [
    { kind: "GreaterThan", column: "f", value: 5, dataType: { kind: "double" } as never },
  ]);
  assert.equal(rows.length, 3);
});

test("timestamps skip by microseconds whatever the stored unit", async () => {
  const rows = Array.from({ length: 20 }, (_, i) => [i * 1_000_000]);
  for (const t of ["TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"]) {
    const path = await writeRows(
      "t TIMESTAMP",
      rows,
      { "parquet.block.row.count.limit": "10" },
      { "spark.sql.parquet.outputTimestampType": t },
    );
    const got = await readRows(path, "t TIMESTAMP", [
      { kind: "GreaterThan", column: "t", value: 9_000_000, dataType: { kind: "timestamp" } as never },
    ]);
    assert.equal(got.length, 10, t);
  }
});

test("compression codecs and their file extensions", async () => {
  const rows = Array.from({ length: 200 }, (_, i) => [i, `value ${i % 7}`]);
  for (const [name, ext] of [
    ["snappy", ".snappy.parquet"],
    ["gzip", ".gz.parquet"],
    ["zstd", ".zstd.parquet"],
    ["brotli", ".br.parquet"],
    ["lz4_raw", ".lz4raw.parquet"],
    ["lz4", ".lz4hadoop.parquet"],
    ["none", ".parquet"],
    ["UNCOMPRESSED", ".parquet"],
  ]) {
    const path = await writeRows("a INT, s STRING", rows, { compression: name! });
    assert.ok(path.endsWith(ext!), `${name} → ${path}`);
    assert.deepEqual(await readRows(path, "a INT, s STRING"), rows, name);
  }
  const viaAlias = await writeRows("a INT", [[1]], { "parquet.compression": "gzip" });
  assert.ok(viaAlias.endsWith(".gz.parquet"));
  const viaConf = await writeRows("a INT", [[1]], {}, { "spark.sql.parquet.compression.codec": "zstd" });
  assert.ok(viaConf.endsWith(".zstd.parquet"));
  assert.throws(
    () =>
      parquetFormat.prepareWrite(
        parseSchema("a INT"),
        new DataSourceOptions({ compression: "lzo2" }),
        ctxOf(),
      ),
    (e) => {
      assert.equal(errorClass(e), "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION");
      assert.match(
        (e as Error).message,
        /The codec lzo2 is not available\. Available codecs are brotli, uncompressed/,
      );
      return true;
    },
  );
});

test("stored zstd frames and literal LZ4 blocks have the exact layout", () => {
  const z = zstdStored(new Uint8Array([1, 2, 3]));
  assert.deepEqual([...z.subarray(0, 4)], [0x28, 0xb5, 0x2f, 0xfd]);
  assert.equal(z.length, 4 + 1 + 8 + 3 + 3);
  assert.deepEqual([...lz4LiteralBlock(new Uint8Array([9]))], [0x10, 9]);
  const long = lz4LiteralBlock(new Uint8Array(15 + 255 + 3));
  assert.deepEqual([...long.subarray(0, 3)], [0xf0, 255, 3]);
});

test("interval and void columns: calendar intervals are rejected, ANSI intervals are written", () => {
  for (const [ddl, type] of [
    ["i INTERVAL", '"INTERVAL"'],
    ["a ARRAY<INTERVAL>", '"ARRAY<INTERVAL>"'],
    ["v VOID", '"VOID"'],
  ] as const) {
    assert.throws(
      () => parquetFormat.prepareWrite(parseSchema(ddl), new DataSourceOptions(), ctxOf()),
      (e) => {
        assert.equal(errorClass(e), "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
        assert.equal((e as TsparkError).messageParameters.columnType, type);
        assert.equal((e as TsparkError).messageParameters.format, "Parquet");
        return true;
      },
    );
  }
  assert.ok(
    parquetFormat.prepareWrite(
      parseSchema("y INTERVAL YEAR, d INTERVAL DAY"),
      new DataSourceOptions(),
      ctxOf(),
    ),
  );
});

test("corrupt, truncated and empty files fail with CANNOT_READ_FILE_FOOTER naming the file, or are skipped", async () => {
  const good = await writeRows("a INT", [[1], [2]]);
  const bytes = readFileSync(good);
  const cases: [string, Uint8Array][] = [
    ["empty.parquet", new Uint8Array()],
    ["garbage.parquet", new TextEncoder().encode("this is not parquet at all, just text")],
    ["truncated.parquet", bytes.subarray(0, bytes.length - 5)],
    ["tailonly.parquet", bytes.subarray(bytes.length - 12)],
  ];
  for (const [name, content] of cases) {
    const p = join(dir, name);
    writeFileSync(p, content);
    await assert.rejects(readRows(p, "a INT"), (e) => {
      assert.equal(errorClass(e), "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER", name);
      assert.ok((e as Error).message.includes(`file:${p}`), (e as Error).message);
      return true;
    });
    assert.throws(
      () => infer([p]),
      (e) => errorClass(e) === "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER",
    );
    assert.deepEqual(await readRows(p, "a INT", [], { "spark.sql.files.ignoreCorruptFiles": "true" }), []);
    assert.equal(infer([p], {}, { "spark.sql.files.ignoreCorruptFiles": "true" }), undefined);
    // Without mergeSchema only the first file (in path order) is consulted.
    assert.equal(
      infer([good, p], {}, { "spark.sql.files.ignoreCorruptFiles": "true" })?.simpleString(),
      p < good ? undefined : "struct<a:int>",
    );
    assert.equal(
      infer(
        [p, good],
        { mergeSchema: "true" },
        { "spark.sql.files.ignoreCorruptFiles": "true" },
      )?.simpleString(),
      "struct<a:int>",
    );
  }
  // A corrupted data page (footer intact) is a TsparkError too.
  const damaged = new Uint8Array(bytes);
  for (let i = 4; i < 40; i++) damaged[i] = 0xff;
  const p = join(dir, "damaged.parquet");
  writeFileSync(p, damaged);
  await assert.rejects(
    readRows(p, "a INT"),
    (e) => e instanceof TsparkError && e.errorClass.startsWith("FAILED_READ_FILE"),
  );
});

test("schema inference: first file in path order, or all files merged with mergeSchema", async () => {
  const a = await writeRows("id INT, x STRING", [[1, "a"]]);
  const b = await writeRows("id INT, y ARRAY<STRUCT<p: INT>>, s STRUCT<q: INT>", [[2, [[1]], [3]]]);
  const c = await writeRows("s STRUCT<r: STRING>", [[["r"]]]);
  assert.equal(infer([b, a])?.simpleString(), "struct<id:int,x:string>");
  assert.equal(
    infer([a, b, c], { mergeSchema: "true" })?.simpleString(),
    "struct<id:int,x:string,y:array<struct<p:int>>,s:struct<q:int,r:string>>",
  );
  assert.equal(
    infer([a, b], {}, { "spark.sql.parquet.mergeSchema": "true" })?.simpleString(),
    "struct<id:int,x:string,y:array<struct<p:int>>,s:struct<q:int>>",
  );
  const conflict = await writeRows("id BIGINT", [[1]]);
  assert.throws(
    () => infer([a, conflict], { mergeSchema: "true" }),
    (e) => {
      assert.equal(errorClass(e), "CANNOT_MERGE_SCHEMAS");
      assert.match((e as Error).message, /Initial schema:\n"STRUCT<id: INT, x: STRING>"\n/);
      return true;
    },
  );
  assert.equal(infer([]), undefined);
  // Reading a file under the merged schema gives nulls for the other files' columns.
  const merged = infer([a, b], { mergeSchema: "true" })!;
  assert.deepEqual(await readRows(a, merged), [[1, "a", null, null]]);
});

test("an aborted read stops with the signal's reason", async () => {
  const path = await writeRows("a INT", [[1], [2], [3]], { "parquet.block.row.count.limit": "1" });
  const ac = new AbortController();
  ac.abort(new Error("stop"));
  await assert.rejects(readRows(path, "a INT", [], {}, ac.signal), /stop/);
  // Also when corrupt files are ignored: an abort is never mistaken for corruption.
  await assert.rejects(
    readRows(path, "a INT", [], { "spark.sql.files.ignoreCorruptFiles": "true" }, ac.signal),
    /stop/,
  );
  // Aborting between row groups stops the stream.
  const ac2 = new AbortController();
  const req = parseSchema("a INT");
  const seen: unknown[] = [];
  await assert.rejects(async () => {
    for await (const b of parquetFormat.readFile(
      { path, size: statSync(path).size, modificationTime: 0 },
      {
        dataSchema: req,
        requiredSchema: req,
        filters: [],
        options: new DataSourceOptions(),
        signal: ac2.signal,
      },
      ctxOf(),
    )) {
      seen.push(b.columns[0]![0]);
      ac2.abort(new Error("halt"));
    }
  }, /halt/);
  assert.deepEqual(seen, [1]);
});

test("large files are written in several row groups and read in bounded batches", async () => {
  const n = 10_000;
  const rows = Array.from({ length: n }, (_, i) => [i, i % 3 === 0 ? null : `r${i}`]);
  const path = await writeRows("a INT, s STRING", rows, { "parquet.block.size": "20000" });
  const req = parseSchema("a INT, s STRING");
  let batches = 0;
  let total = 0;
  for await (const b of parquetFormat.readFile(
    { path, size: statSync(path).size, modificationTime: 0 },
    { dataSchema: req, requiredSchema: req, filters: [], options: new DataSourceOptions() },
    ctxOf(),
  )) {
    batches++;
    assert.ok(b.numRows <= 4096);
    for (let r = 0; r < b.numRows; r++) {
      assert.equal(b.columns[0]![r], total);
      total++;
    }
  }
  assert.equal(total, n);
  assert.ok(batches > 3, `expected several row groups, got ${batches} batches`);
});

test("reading a calendar interval column is UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE, as writing is", async () => {
  const path = await writeRows("a INT", [[1]]);
  await assert.rejects(readRows(path, "a INT, i INTERVAL"), (e) => {
    assert.equal(errorClass(e), "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
    assert.equal((e as TsparkError).messageParameters.columnName, "`i`");
    return true;
  });
});

test("assembly of legacy 2-level lists, bare repeated fields and MAP_KEY_VALUE maps", () => {
  const tree = parquetTree([
    { name: "root", num_children: 4 },
    { name: "two", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "array", repetition_type: "REPEATED", type: "INT32" },
    { name: "rep", repetition_type: "REPEATED", type: "INT64" },
    { name: "tup", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "tup_tuple", repetition_type: "REPEATED", num_children: 1 },
    { name: "v", repetition_type: "OPTIONAL", type: "INT32" },
    { name: "m", repetition_type: "OPTIONAL", converted_type: "MAP", num_children: 1 },
    { name: "map", repetition_type: "REPEATED", converted_type: "MAP_KEY_VALUE", num_children: 2 },
    { name: "key", repetition_type: "REQUIRED", type: "BYTE_ARRAY", converted_type: "UTF8" },
    { name: "value", repetition_type: "OPTIONAL", type: "INT32" },
  ]);
  const conf = { binaryAsString: false, int96AsTimestamp: true, inferTimestampNTZ: true, nanosAsLong: false };
  const schema = parquetToSpark(tree, conf);
  assert.equal(
    schema.simpleString(),
    "struct<two:array<int>,rep:array<bigint>,tup:array<struct<v:int>>,m:map<string,int>>",
  );
  const cursors: LeafCursor[] = [];
  const pctx = { path: "/x", caseSensitive: false, cursors };
  const readers = schema.fields.map((f) => planField(findChild(tree, f.name, false)!, f.dataType, pctx));
  const enc = (s: string) => new TextEncoder().encode(s);
  // Rows: 0 → two [1, 2], rep [7], tup [{v: 5}, {v: null}], m {a: 1, b: null}
  //       1 → two null, rep [], tup [], m null
  //       2 → two [], rep [8, 9], tup null, m {}
  const data: Record<
    string,
    { defs?: number[]; reps?: number[]; values: unknown[]; maxDef: number; maxRep: number }
  > = {
    "two.array": { maxDef: 2, maxRep: 1, defs: [2, 2, 0, 1], reps: [0, 1, 0, 0], values: [1, 2] },
    rep: { maxDef: 1, maxRep: 1, defs: [1, 0, 1, 1], reps: [0, 0, 0, 1], values: [7n, 8n, 9n] },
    "tup.tup_tuple.v": { maxDef: 3, maxRep: 1, defs: [3, 2, 1, 0], reps: [0, 1, 0, 0], values: [5] },
    "m.map.key": {
      maxDef: 2,
      maxRep: 1,
      defs: [2, 2, 0, 1],
      reps: [0, 1, 0, 0],
      values: [enc("a"), enc("b")],
    },
    "m.map.value": { maxDef: 3, maxRep: 1, defs: [3, 2, 0, 1], reps: [0, 1, 0, 0], values: [1] },
  };
  for (const c of cursors) {
    const d = data[c.node.path.join(".")]!;
    c.data = {
      count: d.defs!.length,
      maxDef: d.maxDef,
      maxRep: d.maxRep,
      defs: d.defs,
      reps: d.reps,
      values: d.values,
    };
  }
  const rows = [0, 1, 2].map(() => readers.map((r) => readValue(r)));
  assert.deepEqual(rows, [
    [[1, 2], [7], [[5], [null]], new MapValue(["a", "b"], [1, null])],
    [null, [], [], null],
    [[], [8, 9], null, new MapValue([], [])],
  ]);
});

test("a file with no rows keeps its schema", async () => {
  const path = await writeRows("a INT, s ARRAY<STRING>", []);
  assert.equal(infer([path])?.simpleString(), "struct<a:int,s:array<string>>");
  assert.deepEqual(await readRows(path, "a INT, s ARRAY<STRING>"), []);
});

test("case-insensitive reads refuse a name the file holds twice in different cases", async () => {
  const path = await writeRows("a INT, A STRING", [[1, "x"]], {}, {});
  await assert.rejects(readRows(path, "a INT"), (e) => {
    assert.equal(errorClass(e), "_LEGACY_ERROR_TEMP_2093");
    assert.match((e as Error).message, /Found duplicate field\(s\) "a": \[a, A\] in case-insensitive mode/);
    return true;
  });
  assert.deepEqual(await readRows(path, "A STRING, a INT", [], { "spark.sql.caseSensitive": "true" }), [
    ["x", 1],
  ]);
});
