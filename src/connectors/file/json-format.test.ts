import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { parseSchema } from "../../types/ddl.js";
import type { StructType } from "../../types/data-type.js";
import { DataSourceOptions } from "./data-source-options.js";
import type { FileStatus, FormatContext } from "./file-format.js";
import { jsonFormat } from "./json-format.js";

function context(conf: Record<string, string> = {}, timeZone = "UTC"): FormatContext {
  return { conf: (k) => conf[k], timeZone };
}
const ctx = context();

function tmpDir(): string {
  return fs.mkdtempSync(`${os.tmpdir()}/tspark-json-`);
}

function put(dir: string, name: string, content: string | Uint8Array): FileStatus {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return { path: p, size: fs.statSync(p).size, modificationTime: 0 };
}

function file(content: string | Uint8Array, name = "data.json"): FileStatus {
  return put(tmpDir(), name, content);
}

function infer(files: FileStatus[], options: Record<string, string> = {}, c = ctx): string {
  const s = jsonFormat.inferSchema(files, new DataSourceOptions(options), c);
  return s === undefined ? "undefined" : s.simpleString();
}

async function read(
  f: FileStatus,
  schema: StructType | string,
  options: Record<string, string> = {},
  required?: StructType | string,
  c = ctx,
): Promise<unknown[][]> {
  const data = typeof schema === "string" ? parseSchema(schema) : schema;
  const req = required === undefined ? data : typeof required === "string" ? parseSchema(required) : required;
  const rows: unknown[][] = [];
  const request = {
    dataSchema: data,
    requiredSchema: req,
    filters: [],
    options: new DataSourceOptions(options),
  };
  for await (const b of jsonFormat.readFile(f, request, c)) {
    assert.equal(b.columns.length, req.fields.length);
    for (let r = 0; r < b.numRows; r++) rows.push(b.columns.map((col) => col[r]));
  }
  return rows;
}

/** Infers, then reads every file with the inferred schema. */
async function load(
  files: FileStatus[],
  options: Record<string, string> = {},
): Promise<[string, unknown[][]]> {
  const schema = jsonFormat.inferSchema(files, new DataSourceOptions(options), ctx) as StructType;
  const rows: unknown[][] = [];
  for (const f of files) rows.push(...(await read(f, schema, options)));
  return [schema.simpleString(), rows];
}

async function write(
  schema: StructType | string,
  rows: unknown[][],
  options: Record<string, string> = {},
  c = ctx,
): Promise<{ path: string; text: string; extension: string }> {
  const s = typeof schema === "string" ? parseSchema(schema) : schema;
  const job = jsonFormat.prepareWrite(s, new DataSourceOptions(options), c);
  const p = path.join(tmpDir(), `part-00000${job.extension}`);
  const w = await jsonFormat.createWriter(p, job, c);
  await w.write({ numRows: rows.length, columns: s.fields.map((_, i) => rows.map((r) => r[i] ?? null)) });
  await w.close();
  const buf = fs.readFileSync(p);
  const text = p.endsWith(".gz") ? gunzipSync(buf).toString("utf8") : buf.toString("utf8");
  return { path: p, text, extension: job.extension };
}

function errorOf(e: unknown): TsparkError {
  assert.ok(e instanceof TsparkError, `expected a TsparkError, got ${String(e)}`);
  return e;
}

// ---- inference ---------------------------------------------------------------------------------

test("infer: fields sorted by name; integers BIGINT, fractions DOUBLE, nested structs and arrays", () => {
  const f = file('{"b":1,"a":"x","c":{"z":true,"y":[1,2]}}\n{"d":2.5,"b":3}\n');
  assert.equal(infer([f]), "struct<a:string,b:bigint,c:struct<y:array<bigint>,z:boolean>,d:double>");
});

test("infer: merges across files (long+double widen, conflicting types become STRING)", () => {
  const dir = tmpDir();
  const f1 = put(dir, "1.json", '{"a":1,"b":true,"c":[1]}');
  const f2 = put(dir, "2.json", '{"a":1.5,"b":"yes","c":[{"x":1}],"d":null}');
  assert.equal(infer([f1, f2]), "struct<a:double,b:string,c:array<string>,d:string>");
});

test("infer: big integers become DECIMAL(p,0) and merge with longs; past 38 digits DOUBLE", () => {
  const f = file('{"a":12345678901234567890123}\n{"a":1}\n{"b":123456789012345678901234567890123456789}\n');
  assert.equal(infer([f]), "struct<a:decimal(23,0),b:double>");
  const g = file('{"a":12345678901234567890}\n{"a":1.5}\n');
  assert.equal(infer([g]), "struct<a:double>");
});

test("infer: arrays of mixed element types merge; empty arrays and nulls are STRING", () => {
  const f = file('{"a":[1,2.5],"b":[],"c":[null],"d":[[1],[2,3]]}');
  assert.equal(infer([f]), "struct<a:array<double>,b:array<string>,c:array<string>,d:array<array<bigint>>>");
});

test("infer: blank lines and null roots are ignored; empty input gives an empty struct", () => {
  const f = file('\n{"a":1}\n   \nnull\n\n');
  assert.equal(infer([f]), "struct<a:bigint>");
  assert.equal(infer([file("")]), "struct<>");
  assert.equal(infer([]), "undefined");
});

test("infer: a malformed record adds _corrupt_record (PERMISSIVE), in sorted position", () => {
  const f = file('{"b":1}\n{"a":\n{"z":2}\n');
  assert.equal(infer([f]), "struct<_corrupt_record:string,b:bigint,z:bigint>");
  assert.equal(infer([f], { mode: "DROPMALFORMED" }), "struct<b:bigint,z:bigint>");
  assert.equal(infer([f], { columnNameOfCorruptRecord: "bad" }), "struct<b:bigint,bad:string,z:bigint>");
  assert.equal(
    infer([f], {}, context({ "spark.sql.columnNameOfCorruptRecord": "_broken" })),
    "struct<_broken:string,b:bigint,z:bigint>",
  );
});

test("infer: a root that is not an object is malformed; FAILFAST raises Spark's inference errors", () => {
  const f = file('{"a":1}\n7\n');
  assert.equal(infer([f]), "struct<_corrupt_record:string,a:bigint>");
  assert.throws(
    () => infer([f], { mode: "FAILFAST" }),
    (e: unknown) => errorOf(e).errorClass === "_LEGACY_ERROR_TEMP_2167",
  );
  const g = file('{"a":1}\n{oops}\n');
  assert.throws(
    () => infer([g], { mode: "failfast" }),
    (e: unknown) =>
      errorOf(e).errorClass === "_LEGACY_ERROR_TEMP_2165" && /FAILFAST/.test(errorOf(e).message),
  );
});

test("infer: a top-level array of objects contributes every element", () => {
  const f = file('[{"a":1},{"b":"x"}]\n{"c":true}\n');
  assert.equal(infer([f]), "struct<a:bigint,b:string,c:boolean>");
});

test("infer: primitivesAsString, prefersDecimal (numbers and numeric strings), empty strings", () => {
  const f = file('{"a":1,"b":1.25,"c":true,"d":"2.50","e":"","f":"x"}');
  assert.equal(
    infer([f], { primitivesAsString: "true" }),
    "struct<a:string,b:string,c:string,d:string,e:string,f:string>",
  );
  assert.equal(
    infer([f], { prefersDecimal: "true" }),
    "struct<a:bigint,b:decimal(3,2),c:boolean,d:decimal(3,2),e:string,f:string>",
  );
  const g = file('{"a":0.01}\n{"a":123.4}\n');
  assert.equal(infer([g], { prefersDecimal: "true" }), "struct<a:decimal(5,2)>");
});

test("infer: dropFieldIfAllNull drops NULL-only fields and then-empty structs; empty structs always go", () => {
  const f = file('{"a":null,"b":1,"c":{"d":null},"e":[],"f":{}}');
  assert.equal(infer([f]), "struct<a:string,b:bigint,c:struct<d:string>,e:array<string>>");
  assert.equal(infer([f], { dropFieldIfAllNull: "true" }), "struct<b:bigint>");
});

test("infer: inferTimestamp recognises timestamps (zone-less too, as the session timestamp type)", () => {
  const f = file('{"a":"2024-01-02T03:04:05","b":"2024-01-02T03:04:05Z","c":"hello"}');
  assert.equal(infer([f]), "struct<a:string,b:string,c:string>");
  assert.equal(infer([f], { inferTimestamp: "true" }), "struct<a:timestamp,b:timestamp,c:string>");
  assert.equal(
    infer([f], { inferTimestamp: "true" }, context({ "spark.sql.timestampType": "TIMESTAMP_NTZ" })),
    "struct<a:timestamp_ntz,b:timestamp,c:string>",
  );
  const g = file('{"t":"02/01/2024 10:00"}');
  assert.equal(
    infer([g], { inferTimestamp: "true", timestampFormat: "dd/MM/yyyy HH:mm" }),
    "struct<t:timestamp>",
  );
});

test("infer: samplingRatio is deterministic and reads a subset", () => {
  const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ [`k${i}`]: i })).join("\n");
  const f = file(lines);
  const a = infer([f], { samplingRatio: "0.3" });
  assert.equal(a, infer([f], { samplingRatio: "0.3" }));
  const n = (a.match(/:bigint/g) ?? []).length;
  assert.ok(n > 20 && n < 120, `sampled ${n} of 200`);
  assert.throws(
    () => infer([f], { samplingRatio: "-1" }),
    (e: unknown) => errorOf(e).errorClass === "INVALID_OPTION_VALUE",
  );
});

// ---- reading -----------------------------------------------------------------------------------

test("read: values of every basic type, missing fields NULL, blank lines skipped", async () => {
  const f = file('{"a":1,"b":"x","c":1.5,"d":true}\n\n{"b":null}\n{"a":9223372036854775807,"e":[1,null]}\n');
  const rows = await read(f, "a BIGINT, b STRING, c DOUBLE, d BOOLEAN, e ARRAY<INT>");
  assert.deepEqual(rows, [
    [1, "x", 1.5, true, null],
    [null, null, null, null, null],
    [9223372036854775807n, null, null, null, [1, null]],
  ]);
});

test("read: load() with inference keeps exact decimals, nested structs and maps", async () => {
  const f = file('{"n":{"x":1,"y":"s"},"big":123456789012345678901234567890,"arr":[{"k":1}]}');
  const [schema, rows] = await load([f]);
  assert.equal(schema, "struct<arr:array<struct<k:bigint>>,big:decimal(30,0),n:struct<x:bigint,y:string>>");
  assert.deepEqual(rows, [[[[1]], 123456789012345678901234567890n, [1, "s"]]]);
  const m = await read(file('{"m":{"a":1,"b":2}}'), "m MAP<STRING, INT>");
  const mv = m[0]?.[0] as MapValue;
  assert.ok(mv instanceof MapValue);
  assert.deepEqual(
    [mv.keys, mv.values],
    [
      ["a", "b"],
      [1, 2],
    ],
  );
});

test("read: a top-level array gives one row per object; [] gives none", async () => {
  const f = file('[{"a":1},{"a":2}]\n[]\n{"a":3}\n');
  assert.deepEqual(await read(f, "a INT"), [[1], [2], [3]]);
});

test("read: column pruning produces only the required columns, in the required order", async () => {
  const f = file('{"a":1,"b":"x","c":true}\n{"a":2,"b":"y","c":false}\n');
  assert.deepEqual(await read(f, "a INT, b STRING, c BOOLEAN", {}, "c BOOLEAN, a INT"), [
    [true, 1],
    [false, 2],
  ]);
});

test("read: PERMISSIVE keeps fields that fit and puts the record in the corrupt column", async () => {
  const f = file('{"a":1,"b":"x"}\n{"a":"nope","b":"y"}\n{"a":\n7\n');
  const rows = await read(f, "_corrupt_record STRING, a INT, b STRING");
  assert.deepEqual(rows, [
    [null, 1, "x"],
    ['{"a":"nope","b":"y"}', null, "y"],
    ['{"a":', null, null],
    ["7", null, null],
  ]);
  // Without the corrupt column the bad records are rows of what did fit.
  assert.deepEqual(await read(f, "a INT, b STRING"), [
    [1, "x"],
    [null, "y"],
    [null, null],
    [null, null],
  ]);
});

test("read: columnNameOfCorruptRecord option and conf name the column", async () => {
  const f = file("{bad\n");
  assert.deepEqual(await read(f, "a INT, oops STRING", { columnNameOfCorruptRecord: "oops" }), [
    [null, "{bad"],
  ]);
  const c = context({ "spark.sql.columnNameOfCorruptRecord": "_x" });
  assert.deepEqual(await read(f, "_x STRING, a INT", {}, undefined, c), [["{bad", null]]);
});

test("read: DROPMALFORMED drops bad records", async () => {
  const f = file('{"a":1}\n{"a":"x"}\n{\n{"a":2}\n');
  assert.deepEqual(await read(f, "a INT", { mode: "DROPMALFORMED" }), [[1], [2]]);
});

test("read: FAILFAST fails with FAILED_READ_FILE naming the file, caused by the bad record", async () => {
  const f = file('{"a":1}\n{"a":"x"}\n');
  await assert.rejects(read(f, "a INT, b STRING", { mode: "FAILFAST" }), (e: unknown) => {
    const err = errorOf(e);
    assert.equal(err.errorClass, "FAILED_READ_FILE.NO_HINT");
    assert.equal(err.messageParameters.path, `file:${f.path}`);
    const cause = errorOf(err.cause);
    assert.equal(cause.errorClass, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
    assert.equal(cause.messageParameters.badRecord, "[null,null]");
    assert.equal(cause.messageParameters.failFastMode, "FAILFAST");
    return true;
  });
  await assert.rejects(read(f, "a INT, _corrupt_record STRING", { mode: "FAILFAST" }), (e: unknown) => {
    assert.equal(errorOf(errorOf(e).cause).messageParameters.badRecord, '[null,{"a":"x"}]');
    return true;
  });
});

test("read: the corrupt column must be a nullable STRING and cannot be queried alone", async () => {
  const f = file("{}\n");
  await assert.rejects(read(f, "a INT, _corrupt_record INT"), (e: unknown) => {
    assert.equal(errorOf(e).errorClass, "INVALID_CORRUPT_RECORD_TYPE");
    assert.equal(errorOf(e).messageParameters.columnName, "`_corrupt_record`");
    return true;
  });
  await assert.rejects(
    read(f, "a INT, _corrupt_record STRING", {}, "_corrupt_record STRING"),
    (e: unknown) => errorOf(e).errorClass === "UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN",
  );
});

test("read: with no required column every record is still parsed (count())", async () => {
  const f = file('{"a":1}\n\n{broken\n[{"a":1},{"a":2}]\n');
  assert.equal((await read(f, "a INT", {}, "")).length, 4);
  assert.equal((await read(f, "a INT", { mode: "DROPMALFORMED" }, "")).length, 3);
});

test("read: multiLine reads a whole document or an array of documents", async () => {
  const doc = file('{\n  "a": 1,\n  "b": "two\\nlines"\n}\n');
  assert.equal(infer([doc], { multiLine: "true" }), "struct<a:bigint,b:string>");
  assert.deepEqual(await read(doc, "a INT, b STRING", { multiLine: "true" }), [[1, "two\nlines"]]);
  const arr = file('[\n {"a": 1},\n {"a": 2}\n]');
  assert.deepEqual(await read(arr, "a INT", { multiline: "true" }), [[1], [2]]);
  const bad = file('{\n "a": 1,\n');
  assert.deepEqual(await read(bad, "a INT, _corrupt_record STRING", { multiLine: "true" }), [
    [null, '{\n "a": 1,\n'],
  ]);
  assert.equal(infer([bad], { multiLine: "true" }), "struct<_corrupt_record:string>");
});

test("read: Jackson feature options", async () => {
  const cases: [string, Record<string, string>, string, unknown][] = [
    ['{"a":1 /* c */}', { allowComments: "true" }, "a INT", 1],
    ["{a:1}", { allowUnquotedFieldNames: "true" }, "a INT", 1],
    ['{"a":007}', { allowNumericLeadingZeros: "true" }, "a INT", 7],
    ['{"a":"\\q"}', { allowBackslashEscapingAnyCharacter: "true" }, "a STRING", "q"],
    ['{"a":"x\ty"}', { allowUnquotedControlChars: "true" }, "a STRING", "x\ty"],
    ["{'a':'s'}", {}, "a STRING", "s"],
    ['{"a":NaN}', {}, "a DOUBLE", Number.NaN],
    ['{"a":-Infinity}', {}, "a DOUBLE", Number.NEGATIVE_INFINITY],
  ];
  for (const [text, opts, schema, expected] of cases) {
    const f = file(text);
    assert.deepEqual(await read(f, `${schema}, _corrupt_record STRING`, opts), [[expected, null]], text);
    // With the feature off (the default for most) the record is malformed.
    const off = Object.fromEntries(Object.keys(opts).map((k) => [k, "false"]));
    if (Object.keys(opts).length > 0)
      assert.deepEqual(await read(f, `${schema}, _corrupt_record STRING`, off), [[null, text]], text);
  }
  const f = file("{'a':1}");
  assert.deepEqual(await read(f, "a INT, _corrupt_record STRING", { allowSingleQuotes: "false" }), [
    [null, "{'a':1}"],
  ]);
  const g = file('{"a":NaN}');
  assert.deepEqual(await read(g, "a DOUBLE, _corrupt_record STRING", { allowNonNumericNumbers: "false" }), [
    [null, '{"a":NaN}'],
  ]);
  await assert.rejects(read(g, "a DOUBLE", { allowComments: "maybe" }), (e: unknown) => {
    return errorOf(e).errorClass === "INVALID_OPTION_VALUE";
  });
});

test("read: dates and timestamps by default and with patterns; epoch seconds for timestamps", async () => {
  const f = file('{"d":"2024-03-05","t":"2024-03-05T01:02:03.5Z","n":"2024-03-05T01:02:03","s":1}');
  const rows = await read(f, "d DATE, t TIMESTAMP, n TIMESTAMP_NTZ, s TIMESTAMP");
  const day = Date.UTC(2024, 2, 5) / 86400000;
  const micros = (Date.UTC(2024, 2, 5, 1, 2, 3) + 500) * 1000;
  assert.deepEqual(rows, [[day, micros, micros - 500000, 1000000]]);
  const g = file('{"d":"05/03/2024","t":"05/03/2024 01:02","n":"2024.03.05 01:02"}');
  const opts = {
    dateFormat: "dd/MM/yyyy",
    timestampFormat: "dd/MM/yyyy HH:mm",
    timestampNTZFormat: "yyyy.MM.dd HH:mm",
  };
  const minute = Date.UTC(2024, 2, 5, 1, 2) * 1000;
  assert.deepEqual(await read(g, "d DATE, t TIMESTAMP, n TIMESTAMP_NTZ", opts), [[day, minute, minute]]);
  // A zone-less timestamp is read in the timeZone option's zone.
  const h = file('{"t":"2024-03-05T01:02:00"}');
  assert.deepEqual(await read(h, "t TIMESTAMP", { timeZone: "+02:00" }), [[minute - 2 * 3600 * 1000000]]);
});

test("read: lineSep and encoding", async () => {
  const f = file('{"a":1}|{"a":2}|');
  assert.deepEqual(await read(f, "a INT", { lineSep: "|" }), [[1], [2]]);
  const latin = file(Buffer.from('{"a":"caf\u00e9"}\n{"a":"x"}\n', "latin1"));
  assert.deepEqual(await read(latin, "a STRING", { encoding: "ISO-8859-1", lineSep: "\n" }), [
    ["café"],
    ["x"],
  ]);
  await assert.rejects(read(latin, "a STRING", { encoding: "ISO-8859-1" }), (e: unknown) => {
    return errorOf(e).errorClass === "INVALID_OPTION_VALUE" && /lineSep/.test(errorOf(e).message);
  });
  const gz = file(gzipSync(Buffer.from('{"a":5}\n')), "x.json.gz");
  assert.deepEqual(await read(gz, "a INT"), [[5]]);
  assert.equal(infer([gz]), "struct<a:bigint>");
});

// ---- writing -----------------------------------------------------------------------------------

test("write: JSON Lines, schema order, null fields omitted by default; .json extension", async () => {
  const out = await write("b INT, a STRING, c ARRAY<INT>", [
    [1, "x", [1, null]],
    [null, null, null],
    [2, 'q"uo\\te\nnl', []],
  ]);
  assert.equal(out.extension, ".json");
  assert.equal(out.text, '{"b":1,"a":"x","c":[1,null]}\n{}\n{"b":2,"a":"q\\"uo\\\\te\\nnl","c":[]}\n');
});

test("write: ignoreNullFields=false and the spark.sql.jsonGenerator.ignoreNullFields conf", async () => {
  const a = await write("a INT, b STRING", [[null, "x"]], { ignoreNullFields: "false" });
  assert.equal(a.text, '{"a":null,"b":"x"}\n');
  const c = context({ "spark.sql.jsonGenerator.ignoreNullFields": "false" });
  const b = await write("a INT, b STRING", [[null, "x"]], {}, c);
  assert.equal(b.text, '{"a":null,"b":"x"}\n');
});

test("write: every type; decimals and 64-bit longs exact; binary base64; maps; nested structs", async () => {
  const schema =
    "l BIGINT, i INT, s SMALLINT, y TINYINT, f FLOAT, d DOUBLE, m DECIMAL(38,10), b BOOLEAN, " +
    "bin BINARY, dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, mp MAP<STRING, BIGINT>, st STRUCT<x: INT, y: ARRAY<STRING>>";
  const micros = Date.UTC(2024, 0, 2, 3, 4, 5, 678) * 1000;
  const row = [
    -9223372036854775808n,
    2147483647,
    -32768,
    127,
    1.5,
    0.1,
    12345678901234567890123456789012345678n,
    false,
    new Uint8Array([0, 1, 2, 250]),
    19724,
    micros,
    micros,
    new MapValue(["k", "z"], [9007199254740993n, null]),
    [7, ["a", null]],
  ];
  const out = await write(schema, [row]);
  assert.equal(
    out.text,
    '{"l":-9223372036854775808,"i":2147483647,"s":-32768,"y":127,"f":1.5,"d":0.1,' +
      '"m":1234567890123456789012345678.9012345678,"b":false,"bin":"AAEC+g==","dt":"2024-01-02",' +
      '"ts":"2024-01-02T03:04:05.678Z","ntz":"2024-01-02T03:04:05.678","mp":{"k":9007199254740993,"z":null},' +
      '"st":{"x":7,"y":["a",null]}}\n',
  );
  // Read back with the same schema: every value survives.
  const f: FileStatus = { path: out.path, size: fs.statSync(out.path).size, modificationTime: 0 };
  const back = await read(f, schema);
  assert.equal(back.length, 1);
  const got = back[0] as unknown[];
  assert.deepEqual(got.slice(0, 12), row.slice(0, 12));
  const gm = got[12] as MapValue;
  assert.deepEqual(
    [gm.keys, gm.values],
    [
      ["k", "z"],
      [9007199254740993n, null],
    ],
  );
  assert.deepEqual(got[13], row[13]);
});

test("write: round trip of every type with NULLs, unicode and embedded quotes/newlines via inference-free read", async () => {
  const schema =
    "s STRING, n BIGINT, d DECIMAL(10,2), a ARRAY<STRING>, m MAP<STRING,STRING>, t STRUCT<q: STRING>";
  const rows: unknown[][] = [
    [
      '日本語 😀 "quoted"\nnew\r\nline\t\u0001',
      1,
      12345n,
      ["x", null, ""],
      new MapValue(["k"], ['v"']),
      ["ü"],
    ],
    [null, null, null, null, null, null],
    ["", -1, -5n, [], new MapValue([], []), [null]],
  ];
  const out = await write(schema, rows);
  const f: FileStatus = { path: out.path, size: fs.statSync(out.path).size, modificationTime: 0 };
  const back = await read(f, schema);
  const norm = (r: unknown[]) => r.map((v) => (v instanceof MapValue ? [v.keys, v.values] : v));
  assert.deepEqual(back.map(norm), rows.map(norm));
});

test("write: dateFormat, timestampFormat, timestampNTZFormat, timeZone", async () => {
  const micros = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;
  const out = await write("d DATE, t TIMESTAMP, n TIMESTAMP_NTZ", [[19724, micros, micros]], {
    dateFormat: "dd/MM/yyyy",
    timestampFormat: "yyyy-MM-dd HH:mm XXX",
    timestampNTZFormat: "HH:mm:ss",
    timeZone: "+01:00",
  });
  assert.equal(out.text, '{"d":"02/01/2024","t":"2024-01-02 04:04 +01:00","n":"03:04:05"}\n');
  const def = await write("t TIMESTAMP", [[micros]], {}, context({}, "America/Los_Angeles"));
  assert.equal(def.text, '{"t":"2024-01-01T19:04:05.000-08:00"}\n');
});

test("write: lineSep, encoding and gzip compression", async () => {
  const a = await write("a STRING", [["é"], ["b"]], { lineSep: "\r\n", compression: "gzip" });
  assert.equal(a.extension, ".json.gz");
  assert.equal(a.text, '{"a":"é"}\r\n{"a":"b"}\r\n');
  const b = await write("a STRING", [["é"]], { encoding: "ISO-8859-1" });
  assert.deepEqual([...fs.readFileSync(b.path)], [...Buffer.from('{"a":"\u00e9"}\n', "latin1")]);
});

test("write: CalendarInterval columns are UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", () => {
  assert.throws(
    () => jsonFormat.prepareWrite(parseSchema("a INT, i INTERVAL"), new DataSourceOptions(), ctx),
    (e: unknown) =>
      errorOf(e).errorClass === "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE" &&
      errorOf(e).messageParameters.columnName === "`i`" &&
      errorOf(e).messageParameters.format === "JSON",
  );
});

test("write then infer: the inferred schema reads the written rows back", async () => {
  const out = await write("id BIGINT, name STRING, score DOUBLE, tags ARRAY<STRING>", [
    [1, "a", 1.5, ["x"]],
    [2, null, 2.0, null],
  ]);
  const f: FileStatus = { path: out.path, size: fs.statSync(out.path).size, modificationTime: 0 };
  const [schema, rows] = await load([f]);
  assert.equal(schema, "struct<id:bigint,name:string,score:double,tags:array<string>>");
  assert.deepEqual(rows, [
    [1, "a", 1.5, ["x"]],
    [2, null, 2, null],
  ]);
});

test("write: writeNonAsciiCharacterAsCodePoint escapes non-ASCII in names and values", async () => {
  const out = await write("`é` STRING", [["ü😀"]], { writeNonAsciiCharacterAsCodePoint: "true" });
  assert.equal(out.text, '{"\\u00E9":"\\u00FC\\uD83D\\uDE00"}\n');
  const f: FileStatus = { path: out.path, size: fs.statSync(out.path).size, modificationTime: 0 };
  assert.deepEqual(await read(f, "`é` STRING"), [["ü😀"]]);
});

test("read: enableDateTimeParsingFallback lets a custom pattern fall back to the default parsing", async () => {
  const f = file('{"d":"2024-03-05","t":"2024-03-05T01:02:03Z"}');
  const opts = { dateFormat: "dd/MM/yyyy", timestampFormat: "dd/MM/yyyy HH:mm" };
  assert.deepEqual(await read(f, "d DATE, t TIMESTAMP", opts), [[null, null]]);
  const day = Date.UTC(2024, 2, 5) / 86400000;
  assert.deepEqual(await read(f, "d DATE, t TIMESTAMP", { ...opts, enableDateTimeParsingFallback: "true" }), [
    [day, Date.UTC(2024, 2, 5, 1, 2, 3) * 1000],
  ]);
});

test("read: FAILFAST with no required column reports Spark's empty row", async () => {
  const f = file("{oops\n");
  await assert.rejects(read(f, "a INT", { mode: "FAILFAST" }, ""), (e: unknown) => {
    assert.equal(errorOf(errorOf(e).cause).messageParameters.badRecord, "[empty row]");
    return true;
  });
});

test("write: ANSI intervals as their SQL literals, FLOAT as Java prints it, VOID omitted; all read back", async () => {
  const schema =
    "a INTERVAL DAY TO SECOND, b INTERVAL YEAR TO MONTH, c INTERVAL HOUR, f FLOAT, t TINYINT, n VOID";
  const row = [90061000001, 14, 7200000000, Math.fround(3.4), -5, null];
  const out = await write(schema, [row]);
  assert.equal(
    out.text,
    '{"a":"INTERVAL \'1 01:01:01.000001\' DAY TO SECOND","b":"INTERVAL \'1-2\' YEAR TO MONTH",' +
      '"c":"INTERVAL \'02\' HOUR","f":3.4,"t":-5}\n',
  );
  const f: FileStatus = { path: out.path, size: fs.statSync(out.path).size, modificationTime: 0 };
  assert.deepEqual(await read(f, schema), [row]);
});

test("JsonSuite: count() for malformed input counts every non-blank record", async () => {
  const valid = '{"a":"b"}';
  const inputs = [
    ["{-}", valid],
    [valid, "?"],
    ["}", valid],
    [valid, '{"a": [1, 2, 3]}'],
    ['{"a": {"a": "b"}}', valid],
  ];
  for (const lines of inputs)
    assert.equal((await read(file(lines.join("\n")), "a STRING", {}, "")).length, 2);
  assert.equal((await read(file(""), "a STRING", {}, "")).length, 0);
  // SPARK-26745: blank and whitespace-only lines are no records.
  const f = file('{ "a" : 1 }\n\n     { "a" : 2 }\n \t \n');
  assert.equal((await load([f]))[1].length, 2);
});

test("JsonSuite SPARK-18352: multiLine reads only the first document of a file", async () => {
  const f = file("{}{invalid}\n");
  assert.equal(infer([f], { multiLine: "true" }), "struct<>");
  assert.equal((await read(f, "", { multiLine: "true" })).length, 1);
});

test("JsonSuite corrupt records: inferred schema and rows in each mode", async () => {
  const corrupt = file('{\n{"a":1, b:2}\n{"a":{, b:3}\n{"b":"str_b_4", "a":"str_a_4", "c":"str_c_4"}\n]\n');
  const c = context({ "spark.sql.columnNameOfCorruptRecord": "_unparsed" });
  const schema = jsonFormat.inferSchema([corrupt], new DataSourceOptions(), c) as StructType;
  assert.equal(schema.simpleString(), "struct<_unparsed:string,a:string,b:string,c:string>");
  assert.deepEqual(await read(corrupt, schema, {}, undefined, c), [
    ["{", null, null, null],
    ['{"a":1, b:2}', null, null, null],
    ['{"a":{, b:3}', null, null, null],
    [null, "str_a_4", "str_b_4", "str_c_4"],
    ["]", null, null, null],
  ]);
  assert.equal(infer([corrupt], { mode: "DROPMALFORMED" }), "struct<a:string,b:string,c:string>");
  assert.deepEqual(await read(corrupt, "a STRING", { mode: "DROPMALFORMED" }), [["str_a_4"]]);
});

test("JsonSuite SPARK-4068: nulls in nested arrays", () => {
  const f = file(
    '{"field1": [[null], [[["Test"]]]]}\n{"field2": [null, [{"Test": 1}]]}\n' +
      '{"field3": [[null], [{"Test": "2"}]]}\n{"field4": [[null, [1, 2, 3]]]}\n',
  );
  assert.equal(
    infer([f]),
    "struct<field1:array<array<array<array<string>>>>,field2:array<array<struct<Test:bigint>>>," +
      "field3:array<array<struct<Test:string>>>,field4:array<array<array<bigint>>>>",
  );
});

test("encodings: UTF-16/UTF-32 documents detected or named (multiLine); UTF-16BE lines; writing them", async () => {
  const doc = '{"firstName":"Chris","lastName":"Baird"}';
  const be16 = Buffer.from(doc, "utf16le").swap16();
  const withBom = Buffer.concat([Buffer.from([0xfe, 0xff]), be16]);
  assert.deepEqual(await read(file(withBom), "firstName STRING, lastName STRING", { multiLine: "true" }), [
    ["Chris", "Baird"],
  ]);
  assert.deepEqual(await read(file(withBom), "firstName STRING", { multiLine: "true", encoding: "UTF-16" }), [
    ["Chris"],
  ]);
  const u32 = Buffer.alloc(doc.length * 4);
  for (let i = 0; i < doc.length; i++) u32.writeUInt32BE(doc.charCodeAt(i), i * 4);
  assert.equal(infer([file(u32)], { multiLine: "true" }), "struct<firstName:string,lastName:string>");
  assert.deepEqual(await read(file(u32), "lastName STRING", { multiLine: "true", encoding: "UTF-32BE" }), [
    ["Baird"],
  ]);
  // Line mode: UTF-16BE needs lineSep; UTF-16 (BOM) is refused.
  const lines = Buffer.from('{"a":"x"}\n{"a":"é"}\n', "utf16le").swap16();
  assert.deepEqual(await read(file(lines), "a STRING", { encoding: "UTF-16BE", lineSep: "\n" }), [
    ["x"],
    ["é"],
  ]);
  await assert.rejects(read(file(lines), "a STRING", { encoding: "UTF-16", lineSep: "\n" }), (e: unknown) => {
    return errorOf(e).errorClass === "INVALID_OPTION_VALUE";
  });
  await assert.rejects(
    read(file(lines), "a STRING", { encoding: "UTF-128", lineSep: "\n" }),
    (e: unknown) => {
      return errorOf(e).errorClass === "INVALID_OPTION_VALUE" && /UTF-128/.test(errorOf(e).message);
    },
  );
  // Writing: UTF-32BE, and UTF-16 with one BOM (Java's encoder).
  const w32 = await write("_1 STRING, _2 INT", [["Dog", 42]], { encoding: "UTF-32BE" });
  const expected32 = '{"_1":"Dog","_2":42}\n';
  const bytes32 = fs.readFileSync(w32.path);
  assert.equal(bytes32.length, expected32.length * 4);
  assert.equal(bytes32.readUInt32BE(0), "{".charCodeAt(0));
  const w16 = await write("_1 STRING", [["a"], ["b"]], { encoding: "UTF-16" });
  const b16 = fs.readFileSync(w16.path);
  assert.deepEqual([...b16.subarray(0, 4)], [0xfe, 0xff, 0x00, 0x7b]);
  assert.equal(b16.length, 2 + '{"_1":"a"}\n{"_1":"b"}\n'.length * 2);
  assert.throws(
    () => jsonFormat.prepareWrite(parseSchema("a INT"), new DataSourceOptions({ encoding: "CP1251" }), ctx),
    (e: unknown) => errorOf(e).errorClass === "INVALID_OPTION_VALUE",
  );
});

test("JsonSuite: inferring timestamp type merges with nulls, not with numbers or other strings", () => {
  const schemaOf = (...lines: string[]) => infer([file(lines.join("\n"))], { inferTimestamp: "true" });
  const ts = '{"a":"2018-12-17T10:11:12.123-01:00"}';
  assert.equal(schemaOf(ts, '{"a":"2018-12-16T22:23:24.123-02:00"}'), "struct<a:timestamp>");
  assert.equal(schemaOf(ts, '{"a":1}'), "struct<a:string>");
  assert.equal(schemaOf(ts, '{"a":"123"}'), "struct<a:string>");
  assert.equal(schemaOf(ts, '{"a":null}'), "struct<a:timestamp>");
  assert.equal(schemaOf('{"a":null}', ts), "struct<a:timestamp>");
  // A year past tspark's range is a value that does not parse, never a failed read.
  assert.equal(schemaOf('{"a":"12345"}'), "struct<a:string>");
});

test("JsonSuite: partial results for bad records; out-of-range datetimes are bad values", async () => {
  const f = file('{"a":"-","b":[0, 1, 2],"c":"abc"}\n{"a":0.1,"b":{},"c":"def"}\n{"a":1,"t":"12345"}\n');
  assert.deepEqual(
    await read(f, "a DOUBLE, b ARRAY<INT>, c STRING, t TIMESTAMP_NTZ, _corrupt_record STRING"),
    [
      [null, [0, 1, 2], "abc", null, '{"a":"-","b":[0, 1, 2],"c":"abc"}'],
      [0.1, null, "def", null, '{"a":0.1,"b":{},"c":"def"}'],
      [1, null, null, null, '{"a":1,"t":"12345"}'],
    ],
  );
});

test("write: pretty prints each record as Jackson's DefaultPrettyPrinter, then lineSep", async () => {
  const a = await write("value STRING", [["a"], ["b"]], { pretty: "true" });
  assert.equal(a.text, '{\n  "value" : "a"\n}\n{\n  "value" : "b"\n}\n');
  const b = await write(
    "a DECIMAL(30,2), b ARRAY<STRUCT<c: INT>>, d STRUCT<e: ARRAY<INT>>, m MAP<STRING,INT>",
    [[123456789012345678901234567890n, [[1], [null]], [[]], new MapValue([], [])]],
    { pretty: "true", ignoreNullFields: "false" },
  );
  assert.equal(
    b.text,
    '{\n  "a" : 1234567890123456789012345678.90,\n  "b" : [ {\n    "c" : 1\n  }, {\n    "c" : null\n  } ],\n' +
      '  "d" : {\n    "e" : [ ]\n  },\n  "m" : { }\n}\n',
  );
  // Pretty output reads back with multiLine.
  const f: FileStatus = { path: a.path, size: fs.statSync(a.path).size, modificationTime: 0 };
  assert.deepEqual(await read(f, "value STRING", { multiLine: "true" }), [["a"]]);
  // SPARK-35047: escaped non-ASCII with pretty.
  const c = await write("value STRING", [["\u3042"]], {
    pretty: "true",
    writeNonAsciiCharacterAsCodePoint: "true",
  });
  assert.equal(c.text, '{\n  "value" : "\\u3042"\n}\n');
});

test("JsonSuite SPARK-36536: without a pattern dates and timestamps are read as casts read them", async () => {
  const f = file(
    '{"d":"2021","ts_ltz":"2021","ts_ntz": "2021"}\n' +
      '{"d":"2021-01","ts_ltz":"2021-01 ","ts_ntz":"2021-01"}\n' +
      '{"d":" 2021-2-1","ts_ltz":"2021-3-02","ts_ntz": "2021-10-1"}\n' +
      '{"d":"2021-8-18 00:00:00","ts_ltz":"2021-8-18 21:44:30Z","ts_ntz":"2021-8-18T21:44:30.123"}\n',
  );
  const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86400000;
  const us = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
    Date.UTC(y, m - 1, d, h, mi, s, ms) * 1000;
  assert.deepEqual(await read(f, "d DATE, ts_ltz TIMESTAMP, ts_ntz TIMESTAMP_NTZ"), [
    [day(2021, 1, 1), us(2021, 1, 1), us(2021, 1, 1)],
    [day(2021, 1, 1), us(2021, 1, 1), us(2021, 1, 1)],
    [day(2021, 2, 1), us(2021, 3, 2), us(2021, 10, 1)],
    [day(2021, 8, 18), us(2021, 8, 18, 21, 44, 30), us(2021, 8, 18, 21, 44, 30, 123)],
  ]);
});

test("JsonSuite SPARK-36379: a root array failing in the middle is one malformed record", async () => {
  const f = file('[{"a": "str"}, null, {"a": "str"}]');
  assert.equal(infer([f]), "struct<a:string>");
  assert.deepEqual(await read(f, "a STRING"), [[null]]);
  await assert.rejects(read(f, "a STRING", { mode: "FAILFAST" }), (e: unknown) => {
    return errorOf(errorOf(e).cause).errorClass === "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION";
  });
});

test("JsonSuite: type inferring with empty strings, empty structs and nulls in sampling", async () => {
  const f = file(
    '{"nullstr":"","ip":"27.31.100.29","headers":{"Host":"1.abc.com","Charset":"UTF-8"}}\n' +
      '{"nullstr":"","ip":"27.31.100.29","headers":{}}\n' +
      '{"nullstr":"","ip":"27.31.100.29","headers":""}\n' +
      '{"nullstr":null,"ip":"27.31.100.29","headers":null}\n',
  );
  const [schema, rows] = await load([f]);
  assert.equal(schema, "struct<headers:struct<Charset:string,Host:string>,ip:string,nullstr:string>");
  assert.deepEqual(
    rows.map((r) => [r[2], (r[0] as unknown[] | null)?.[1] ?? null]),
    [
      ["", "1.abc.com"],
      ["", null],
      ["", null],
      [null, null],
    ],
  );
  const p = file(
    '{"string":"this is a simple string.", "integer":10, "long":21474836470, "bigInteger":92233720368547758070, "double":1.7976931348623157, "boolean":true, "null":null}',
  );
  assert.equal(
    infer([p]),
    "struct<bigInteger:decimal(20,0),boolean:boolean,double:double,integer:bigint,long:bigint,null:string,string:string>",
  );
  assert.deepEqual((await load([p]))[1], [
    [92233720368547758070n, true, 1.7976931348623157, 10, 21474836470, null, "this is a simple string."],
  ]);
  const big = file('{"arrayOfBigInteger":[922337203685477580700, -922337203685477580800]}');
  assert.equal(infer([big]), "struct<arrayOfBigInteger:array<decimal(21,0)>>");
});

test("read: a CalendarInterval column in the schema is UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", async () => {
  await assert.rejects(read(file("{}"), "a INT, i INTERVAL"), (e: unknown) => {
    return (
      errorOf(e).errorClass === "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE" &&
      errorOf(e).messageParameters.columnName === "`i`"
    );
  });
});

test("read: quoted NaN/Infinity strings are FLOAT/DOUBLE only with allowNonNumericNumbers, never plain INF", async () => {
  const f = file('{"a":"NaN","b":"-INF","c":"+Infinity","d":"INF"}');
  assert.deepEqual(await read(f, "a DOUBLE, b DOUBLE, c FLOAT, d DOUBLE"), [
    [Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, null],
  ]);
  assert.deepEqual(await read(f, "a DOUBLE, b DOUBLE", { allowNonNumericNumbers: "false" }), [[null, null]]);
});

test("read: non-numeric number tokens as Jackson takes them (NaN, ±Infinity, ±INF; not bare INF)", async () => {
  const f = file(
    '{"a":NaN}\n{"a":Infinity}\n{"a":+Infinity}\n{"a":-Infinity}\n{"a":+INF}\n{"a":-INF}\n{"a":INF}\n',
  );
  assert.deepEqual(await read(f, "a DOUBLE, _corrupt_record STRING"), [
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [Number.POSITIVE_INFINITY, null],
    [Number.NEGATIVE_INFINITY, null],
    [Number.POSITIVE_INFINITY, null],
    [Number.NEGATIVE_INFINITY, null],
    [null, '{"a":INF}'],
  ]);
});

test("JsonSuite SPARK-23849: samplingRatio samples exactly the lines Spark samples (seed 1)", () => {
  const sampled = new Set([3, 18, 20, 24, 50, 60, 87, 99]);
  const lines = Array.from({ length: 100 }, (_, i) => (sampled.has(i) ? `{"f1":${i}}` : `{"f1":${i}.1}`));
  const f = file(lines.join("\n"));
  assert.equal(infer([f], { samplingRatio: "0.1" }), "struct<f1:bigint>");
  assert.equal(infer([f]), "struct<f1:double>");
  assert.throws(
    () => infer([f], { samplingRatio: "0" }),
    (e: unknown) => errorOf(e).errorClass === "INVALID_OPTION_VALUE",
  );
});

test("read: a root array with a bad element keeps every element's partial row (PERMISSIVE)", async () => {
  const f = file('[{"a":1,"b":"x"},{"a":"bad","b":"y"}]\n');
  assert.deepEqual(await read(f, "a INT, b STRING, _corrupt_record STRING"), [
    [1, "x", '[{"a":1,"b":"x"},{"a":"bad","b":"y"}]'],
    [null, "y", '[{"a":1,"b":"x"},{"a":"bad","b":"y"}]'],
  ]);
  await assert.rejects(read(f, "a INT, b STRING", { mode: "FAILFAST" }), (e: unknown) => {
    assert.equal(errorOf(errorOf(e).cause).messageParameters.badRecord, "[1,x]");
    return true;
  });
  assert.deepEqual(await read(f, "a INT", { mode: "DROPMALFORMED" }), []);
});

test("read: allowUnquotedFieldNames takes Java identifiers of any script and length", async () => {
  const long = "n".repeat(300);
  const f = file(`{$a:1, _b:2, é:3, ${long}:4}`);
  assert.deepEqual(
    await read(f, `\`$a\` INT, _b INT, \`é\` INT, ${long} INT`, { allowUnquotedFieldNames: "true" }),
    [[1, 2, 3, 4]],
  );
});

test("read: STRING fields keep numbers, objects and arrays exactly as written (enableExactStringParsing)", async () => {
  const f = file('{"a": {"b" : 1.50,  "c":[1, 2]}, "n": 1E2, "z": 007, "t": true}\n');
  const opts = { allowNumericLeadingZeros: "true" };
  assert.deepEqual(await read(f, "a STRING, n STRING, z STRING, t STRING", opts), [
    ['{"b" : 1.50,  "c":[1, 2]}', "1E2", "007", "true"],
  ]);
  const off = context({ "spark.sql.json.enableExactStringParsing": "false" });
  assert.deepEqual(await read(f, "a STRING, n STRING, z STRING, t STRING", opts, undefined, off), [
    ['{"b":1.5,"c":[1,2]}', "100.0", "7", "true"],
  ]);
  // Compressed multiLine documents are streamed: re-serialised, as Spark does.
  const gz = file(gzipSync(Buffer.from('{"a": {"b" : 1.50}}')), "doc.json.gz");
  assert.deepEqual(await read(gz, "a STRING", { multiLine: "true" }), [['{"b":1.5}']]);
});
