// Parquet interoperability with an independent implementation (arrow-rs through parquet-wasm, read
// and built with apache-arrow): files tspark writes must read back with the same values there, and
// files it writes must read in tspark with Spark's type mapping (no Spark schema in their footer).
// DuckDB also reads tspark's nested timestamps and reports each column chunk's physical type.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int8,
  Int32,
  Int64,
  List,
  Struct,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  tableFromIPC,
  tableToIPC,
  Uint32,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import * as wasm from "parquet-wasm/node";
import { DataSourceOptions } from "../../../src/connectors/file/data-source-options.js";
import type { FormatContext } from "../../../src/connectors/file/file-format.js";
import { parquetFormat } from "../../../src/connectors/file/parquet-format.js";
import type { SourceFilter } from "../../../src/connectors/file/source-filter.js";
import { MapValue } from "../../../src/data/values.js";
import type { StructType } from "../../../src/types/data-type.js";
import { parseSchema } from "../../../src/types/ddl.js";

const dir = mkdtempSync(join(tmpdir(), "tspark-parquet-interop-"));
let n = 0;

function ctxOf(conf: Record<string, string> = {}): FormatContext {
  return { conf: (k) => conf[k], timeZone: "UTC" };
}

async function tsparkWrite(
  ddl: string,
  rows: unknown[][],
  options: Record<string, string> = {},
  conf: Record<string, string> = {},
) {
  const schema = parseSchema(ddl);
  const job = parquetFormat.prepareWrite(schema, new DataSourceOptions(options), ctxOf(conf));
  const path = join(dir, `t-${n++}${job.extension}`);
  const w = await parquetFormat.createWriter(path, job, ctxOf(conf));
  await w.write({
    numRows: rows.length,
    columns: schema.fields.map((_, c) => rows.map((r) => r[c] ?? null)),
  });
  await w.close();
  return path;
}

async function tsparkRead(
  path: string,
  schema?: StructType,
  filters: SourceFilter[] = [],
): Promise<unknown[][]> {
  const file = { path, size: statSync(path).size, modificationTime: 0 };
  const s = schema ?? parquetFormat.inferSchema([file], new DataSourceOptions(), ctxOf());
  assert.ok(s);
  const out: unknown[][] = [];
  for await (const b of parquetFormat.readFile(
    file,
    { dataSchema: s, requiredSchema: s, filters, options: new DataSourceOptions() },
    ctxOf(),
  ))
    for (let r = 0; r < b.numRows; r++) out.push(b.columns.map((c) => c[r]));
  return out;
}

function arrowRead(path: string): Table {
  return tableFromIPC(wasm.readParquet(new Uint8Array(readFileSync(path))).intoIPCStream());
}

function wasmWrite(table: Table, props: wasm.WriterProperties): string {
  const bytes = wasm.writeParquet(wasm.Table.fromIPCStream(tableToIPC(table, "stream")), props);
  const path = join(dir, `w-${n++}.parquet`);
  writeFileSync(path, bytes);
  return path;
}

/** Arrow JS decimals print their unscaled value (sometimes quoted). */
function unscaled(v: unknown): bigint | null {
  return v === null ? null : BigInt(String(v).replace(/"/g, ""));
}

const DDL =
  "b BOOLEAN, t8 TINYINT, i INT, l BIGINT, d DOUBLE, s STRING, bin BINARY, d5 DECIMAL(5,2), d18 DECIMAL(18,3), " +
  "d38 DECIMAL(38,0), dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, xs ARRAY<INT>, st STRUCT<a: INT, b: STRING>, " +
  "m MAP<STRING, INT>";

const ROWS: unknown[][] = [
  [
    true,
    -7,
    42,
    -9223372036854775807n,
    2.5,
    "naïve ☃ 𝄞",
    new Uint8Array([1, 2, 255]),
    -12345n,
    999999999999999999n,
    -(10n ** 38n - 1n),
    -1,
    1_700_000_000_123_456,
    86_400_000_000,
    [1, null, 2],
    [1, "x"],
    new MapValue(["k"], [7]),
  ],
  Array.from({ length: 16 }, () => null),
  [false, 0, 0, 0, 0, "", new Uint8Array(), 0n, 0n, 0n, 0, 0, 0, [], [null, null], new MapValue([], [])],
];

for (const [codec, conf] of [
  ["snappy", { "spark.sql.parquet.outputTimestampType": "INT96" }],
  ["zstd", { "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS" }],
  ["gzip", { "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MILLIS" }],
  ["lz4_raw", {}],
  ["brotli", {}],
  ["none", {}],
] as const) {
  test(`tspark-written ${codec} file reads in parquet-wasm with the same values`, async () => {
    const path = await tsparkWrite(DDL, ROWS, { compression: codec }, conf);
    const t = arrowRead(path);
    assert.equal(t.numRows, 3);
    assert.deepEqual(
      t.schema.fields.map((f) => f.name),
      parseSchema(DDL).fieldNames(),
    );
    const rows = t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const r0 = rows[0]!;
    assert.equal(r0.b, true);
    assert.equal(r0.t8, -7);
    assert.equal(r0.i, 42);
    assert.equal(r0.l, -9223372036854775807n);
    assert.equal(r0.d, 2.5);
    assert.equal(r0.s, "naïve ☃ 𝄞");
    assert.deepEqual([...(r0.bin as Uint8Array)], [1, 2, 255]);
    assert.equal(unscaled(r0.d5), -12345n);
    assert.equal(unscaled(r0.d18), 999999999999999999n);
    assert.equal(unscaled(r0.d38), -(10n ** 38n - 1n));
    assert.equal(r0.dt, -86_400_000);
    const tsMillis = 1_700_000_000_123.456;
    const expectedTs =
      "spark.sql.parquet.outputTimestampType" in conf &&
      conf["spark.sql.parquet.outputTimestampType"] === "TIMESTAMP_MILLIS"
        ? 1_700_000_000_123
        : tsMillis;
    assert.ok(Math.abs(Number(r0.ts) - expectedTs) < 1e-3, `ts ${String(r0.ts)}`);
    assert.equal(Number(r0.ntz), 86_400_000);
    assert.deepEqual([...(r0.xs as Iterable<unknown>)], [1, null, 2]);
    assert.deepEqual(JSON.parse(JSON.stringify(r0.st)), { a: 1, b: "x" });
    assert.deepEqual(JSON.parse(JSON.stringify(r0.m)), { k: 7 });
    assert.ok(Object.values(rows[1]!).every((v) => v === null));
    assert.deepEqual([...(rows[2]!.xs as Iterable<unknown>)], []);
    assert.deepEqual(JSON.parse(JSON.stringify(rows[2]!.st)), { a: null, b: null });
    // And tspark reads its own file back identically.
    assert.deepEqual(
      await tsparkRead(path, parseSchema(DDL)),
      conf["spark.sql.parquet.outputTimestampType" as never] === "TIMESTAMP_MILLIS"
        ? ROWS.map((r, i) => (i === 0 ? r.map((v, c) => (c === 11 ? 1_700_000_000_123_000 : v)) : r))
        : ROWS,
    );
  });
}

function foreignTable(): Table {
  const structType = new Struct([new Field("a", new Int32(), true), new Field("b", new Utf8(), true)]);
  return new Table({
    i8: vectorFromArray([1, -128, null, 127], new Int8()),
    i32: vectorFromArray([1, null, -2147483648, 2147483647], new Int32()),
    u32: vectorFromArray([0, 4294967295, null, 1], new Uint32()),
    i64: vectorFromArray([1n, -9223372036854775808n, null, 9007199254740993n], new Int64()),
    f64: vectorFromArray([1.5, Number.NaN, null, -0], new Float64()),
    s: vectorFromArray(["a", null, "ü𝄞", ""], new Utf8()),
    bo: vectorFromArray([true, false, null, true], new Bool()),
    dt: vectorFromArray([0, 86_400_000, null, -86_400_000], new DateDay()),
    tsu: vectorFromArray([1_700_000_000_123, null, 0, -1], new TimestampMillisecond("UTC")),
    // Arrow JS takes timestamps in milliseconds whatever the unit.
    tsn: vectorFromArray([1_000, null, 0, 2_000], new TimestampMicrosecond()),
    xs: vectorFromArray([[1, 2], null, [], [null, 3]], new List(new Field("item", new Int32(), true))),
    st: vectorFromArray([{ a: 1, b: "p" }, null, { a: null, b: null }, { a: 4, b: "q" }], structType),
  });
}

for (const [name, props] of [
  [
    "v1 pages, dictionary, snappy",
    () => new wasm.WriterPropertiesBuilder().setCompression(wasm.Compression.SNAPPY).build(),
  ],
  [
    "v2 pages, zstd, small row groups",
    () =>
      new wasm.WriterPropertiesBuilder()
        .setCompression(wasm.Compression.ZSTD)
        .setWriterVersion(wasm.WriterVersion.V2)
        .setMaxRowGroupSize(2)
        .build(),
  ],
  [
    "plain, no dictionary, gzip",
    () =>
      new wasm.WriterPropertiesBuilder()
        .setCompression(wasm.Compression.GZIP)
        .setDictionaryEnabled(false)
        .build(),
  ],
  ["lz4_raw", () => new wasm.WriterPropertiesBuilder().setCompression(wasm.Compression.LZ4_RAW).build()],
  ["brotli", () => new wasm.WriterPropertiesBuilder().setCompression(wasm.Compression.BROTLI).build()],
] as const) {
  test(`parquet-wasm-written file (${name}) reads in tspark with Spark's type mapping`, async () => {
    const path = wasmWrite(foreignTable(), props());
    const schema = parquetFormat.inferSchema(
      [{ path, size: 0, modificationTime: 0 }],
      new DataSourceOptions(),
      ctxOf(),
    );
    assert.equal(
      schema?.simpleString(),
      "struct<i8:tinyint,i32:int,u32:bigint,i64:bigint,f64:double,s:string,bo:boolean,dt:date,tsu:timestamp," +
        "tsn:timestamp_ntz,xs:array<int>,st:struct<a:int,b:string>>",
    );
    const rows = await tsparkRead(path);
    assert.deepEqual(rows, [
      [1, 1, 0, 1, 1.5, "a", true, 0, 1_700_000_000_123_000, 1_000_000, [1, 2], [1, "p"]],
      [-128, null, 4294967295, -9223372036854775808n, Number.NaN, null, false, 1, null, null, null, null],
      [null, -2147483648, null, null, null, "ü𝄞", null, null, 0, 0, [], [null, null]],
      [127, 2147483647, 1, 9007199254740993n, -0, "", true, -1, -1000, 2_000_000, [null, 3], [4, "q"]],
    ]);
  });
}

test("row groups of a foreign file are skipped by its statistics", async () => {
  const values = Array.from({ length: 40 }, (_, i) => i);
  const table = new Table({ a: vectorFromArray(values, new Int32()) });
  const path = wasmWrite(table, new wasm.WriterPropertiesBuilder().setMaxRowGroupSize(10).build());
  const schema = parseSchema("a INT");
  const rows = await tsparkRead(path, schema, [
    { kind: "GreaterThanOrEqual", column: "a", value: 35, dataType: schema.fields[0]!.dataType },
  ]);
  assert.deepEqual(
    rows.map((r) => r[0]),
    [30, 31, 32, 33, 34, 35, 36, 37, 38, 39],
  );
});

test("foreign delta, byte-stream-split and plain encodings decode exactly", async () => {
  const n = 300;
  const table = new Table({
    i32: vectorFromArray(
      Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : i * 7 - 1000)),
      new Int32(),
    ),
    i64: vectorFromArray(
      Array.from({ length: n }, (_, i) => BigInt(i) * 123456789012n - 5n),
      new Int64(),
    ),
    f64: vectorFromArray(
      Array.from({ length: n }, (_, i) => i / 7),
      new Float64(),
    ),
    s: vectorFromArray(
      Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : `prefix-${Math.floor(i / 3)}-é`)),
      new Utf8(),
    ),
    s2: vectorFromArray(
      Array.from({ length: n }, (_, i) => `v${i % 17}`),
      new Utf8(),
    ),
  });
  const props = new wasm.WriterPropertiesBuilder()
    .setDictionaryEnabled(false)
    .setWriterVersion(wasm.WriterVersion.V2)
    .setColumnEncoding("i32", wasm.Encoding.DELTA_BINARY_PACKED)
    .setColumnEncoding("i64", wasm.Encoding.DELTA_BINARY_PACKED)
    .setColumnEncoding("f64", wasm.Encoding.BYTE_STREAM_SPLIT)
    .setColumnEncoding("s", wasm.Encoding.DELTA_BYTE_ARRAY)
    .setColumnEncoding("s2", wasm.Encoding.DELTA_LENGTH_BYTE_ARRAY)
    .setDataPageSizeLimit(512)
    .build();
  const path = wasmWrite(table, props);
  const rows = await tsparkRead(path);
  assert.equal(rows.length, n);
  rows.forEach((r, i) => {
    assert.deepEqual(r, [
      i % 11 === 0 ? null : i * 7 - 1000,
      (() => {
        const v = BigInt(i) * 123456789012n - 5n;
        return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
      })(),
      i / 7,
      i % 13 === 0 ? null : `prefix-${Math.floor(i / 3)}-é`,
      `v${i % 17}`,
    ]);
  });
});

/** DuckDB's `parquet_metadata` of a file's column chunks, and `query`'s rows over it as JSON. */
async function duckRead(path: string, query: string) {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    const file = `'${path.replaceAll("'", "''")}'`;
    const chunks = (
      await c.runAndReadAll(
        `SELECT path_in_schema, type, stats_null_count, encodings FROM parquet_metadata(${file})`,
      )
    ).getRowObjectsJson();
    const rows = (await c.runAndReadAll(query.replace("$FILE", file))).getRowObjectsJson();
    return { chunks, rows };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const NESTED_TS_DDL =
  "s STRUCT<a: TIMESTAMP>, xs ARRAY<TIMESTAMP>, m MAP<STRING, TIMESTAMP>, n STRUCT<i: STRUCT<t: TIMESTAMP, k: INT>>";

/** Every timestamp leaf of NESTED_TS_DDL as microseconds, and the nullness of each level. */
const NESTED_TS_QUERY =
  "SELECT s IS NULL AS sn, epoch_us(s.a) AS a, list_transform(xs, x -> epoch_us(x)) AS xs, " +
  "list_transform(map_entries(m), e -> {'k': e.key, 'v': epoch_us(e.value)}) AS m, n IS NULL AS nn, " +
  "n.i IS NULL AS ni, epoch_us(n.i.t) AS t, n.i.k AS k FROM read_parquet($FILE)";

/** Rows of NESTED_TS_DDL with nulls at every level, before and after 1970 and 1900, sub-millisecond. */
function nestedTsRows(ts: (micros: number) => number): unknown[][] {
  const [t0, t1, t2, t3] = [1_700_000_000_123_456, -1, -2_208_988_799_999_999, 7_271_208_000_000_999].map(
    ts,
  ) as [number, number, number, number];
  return [
    [[t0], [t0, null, t1], new MapValue(["a", "b"], [t2, null]), [[t1, 7]]],
    [null, null, null, null],
    [[null], [], new MapValue([], []), [null]],
    [[t3], [null], new MapValue(["z"], [ts(0)]), [[null, null]]],
  ];
}

/**
 * A row of NESTED_TS_DDL flattened as NESTED_TS_QUERY gives it: the nullness of each level, then the
 * leaves, timestamps as `us(micros)` (DuckDB's JSON gives longs as strings).
 */
function flatRow(r: unknown[], us: (micros: number) => unknown = String): Record<string, unknown> {
  const u = (v: unknown) => (v === null ? null : us(v as number));
  const [s, xs, m, n] = r as [
    [number | null] | null,
    (number | null)[] | null,
    MapValue | null,
    [[number | null, number | null] | null] | null,
  ];
  const inner = n === null ? null : n[0];
  return {
    sn: s === null,
    a: s === null ? null : u(s[0]),
    xs: xs === null ? null : xs.map(u),
    m: m === null ? null : m.keys.map((k, i) => ({ k, v: u(m.values[i]) })),
    nn: n === null,
    ni: inner === null,
    t: inner === null ? null : u(inner[0]),
    k: inner === null ? null : inner[1],
  };
}

/** An Arrow JS row of NESTED_TS_DDL as `flatRow(…, Number)`: its timestamps are fractional millis. */
function arrowFlatRow(o: Record<string, unknown>): Record<string, unknown> {
  const u = (v: unknown) => (v === null ? null : Math.round(Number(v) * 1000));
  const s = o.s as { a: unknown } | null;
  const m = o.m as Record<string, unknown> | null;
  const n = o.n as { i: { t: unknown; k: unknown } | null } | null;
  const inner = n === null ? null : n.i;
  return {
    sn: s === null,
    a: s === null ? null : u(s.a),
    xs: o.xs === null ? null : (o.xs as unknown[]).map(u),
    m: m === null ? null : Object.entries(m).map(([k, v]) => ({ k, v: u(v) })),
    nn: n === null,
    ni: inner === null,
    t: inner === null ? null : u(inner.t),
    k: inner === null ? null : inner.k,
  };
}

for (const [type, physical] of [
  ["INT96", "INT96"],
  ["TIMESTAMP_MICROS", "INT64"],
  ["TIMESTAMP_MILLIS", "INT64"],
] as const) {
  test(`timestamps nested in structs, arrays and maps (${type}) read in DuckDB and parquet-wasm with the same values`, async () => {
    const path = await tsparkWrite(
      NESTED_TS_DDL,
      nestedTsRows((v) => v),
      {},
      {
        "spark.sql.parquet.outputTimestampType": type,
      },
    );
    const ts = type === "TIMESTAMP_MILLIS" ? (m: number) => Math.floor(m / 1000) * 1000 : (m: number) => m;
    const expected = nestedTsRows(ts);
    const duck = await duckRead(path, NESTED_TS_QUERY);
    // The physical type of every leaf is Spark's (INT96 when nested too), and INT96 chunks carry no
    // statistics while their INT32 sibling keeps its null count.
    assert.deepEqual(
      duck.chunks.map((c) => [c.path_in_schema, c.type]),
      [
        ["s, a", physical],
        ["xs, list, element", physical],
        ["m, key_value, key", "BYTE_ARRAY"],
        ["m, key_value, value", physical],
        ["n, i, t", physical],
        ["n, i, k", "INT32"],
      ],
    );
    if (physical === "INT96")
      for (const c of duck.chunks) if (c.type === "INT96") assert.equal(c.stats_null_count, null);
    assert.equal(duck.chunks.at(-1)!.stats_null_count, "3");
    assert.deepEqual(
      duck.rows,
      expected.map((r) => flatRow(r)),
    );
    // arrow-rs maps INT96 to nanosecond timestamps without a zone, INT64 ones to their unit in UTC.
    const t = arrowRead(path);
    const unit = {
      INT96: "NANOSECOND",
      TIMESTAMP_MICROS: "MICROSECOND, UTC",
      TIMESTAMP_MILLIS: "MILLISECOND, UTC",
    }[type];
    assert.deepEqual(
      t.schema.fields.map((f) => String(f.type)),
      [
        `Struct<{a:Timestamp<${unit}>}>`,
        `List<Timestamp<${unit}>>`,
        `Map<{key:Utf8, value:Timestamp<${unit}>}>`,
        `Struct<{i:Struct<{t:Timestamp<${unit}>, k:Int32}>}>`,
      ],
    );
    // Arrow JS gives timestamps as (fractional) milliseconds: compared to the microsecond.
    assert.deepEqual(
      t.toArray().map((r) => arrowFlatRow(JSON.parse(JSON.stringify(r)) as Record<string, unknown>)),
      expected.map((r) => flatRow(r, (v) => v)),
    );
    // And tspark reads its own file back identically.
    assert.deepEqual(await tsparkRead(path, parseSchema(NESTED_TS_DDL)), expected);
  });
}

test("repeated nested INT96 timestamps (dictionary-encoded, several row groups) read in DuckDB", async () => {
  const instants = [1_767_225_600_000_001, -86_400_000_001, 42];
  const rows = Array.from({ length: 600 }, (_, i) => [
    i % 17 === 0 ? null : [instants[i % 3]],
    [instants[i % 3], i % 5 === 0 ? null : instants[(i + 1) % 3]],
    new MapValue([`k${i % 4}`], [instants[(i + 2) % 3]]),
    [[i % 7 === 0 ? null : instants[i % 2], i]],
  ]);
  const path = await tsparkWrite(NESTED_TS_DDL, rows, { "parquet.block.row.count.limit": "250" });
  const duck = await duckRead(path, NESTED_TS_QUERY);
  const int96 = duck.chunks.filter((c) => c.type === "INT96");
  assert.equal(int96.length, 4 * 3);
  assert.ok(
    int96.every((c) => String(c.encodings).includes("RLE_DICTIONARY")),
    JSON.stringify(int96),
  );
  assert.deepEqual(
    duck.rows,
    rows.map((r) => flatRow(r)),
  );
  assert.deepEqual(await tsparkRead(path, parseSchema(NESTED_TS_DDL)), rows);
});
