import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { TsparkError } from "../../common/errors.js";
import { INT, STRING, StructField, StructType } from "../../types/data-type.js";
import { DataSourceOptions } from "./data-source-options.js";
import type { FileStatus, FormatContext } from "./file-format.js";
import { TEXT_SCHEMA, textFormat } from "./text-format.js";

const ctx: FormatContext = { conf: () => undefined, timeZone: "UTC" };

function tmpDir(): string {
  return fs.mkdtempSync(`${os.tmpdir()}/tspark-text-`);
}

function put(dir: string, name: string, content: string | Uint8Array): FileStatus {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return { path: p, size: fs.statSync(p).size, modificationTime: 0 };
}

async function read(
  file: FileStatus,
  options: Record<string, string> = {},
  required: StructType = TEXT_SCHEMA,
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  const req = {
    dataSchema: TEXT_SCHEMA,
    requiredSchema: required,
    filters: [],
    options: new DataSourceOptions(options),
  };
  for await (const b of textFormat.readFile(file, req, ctx)) {
    for (let r = 0; r < b.numRows; r++) rows.push(b.columns.map((c) => c[r]));
  }
  return rows;
}

async function write(schema: StructType, rows: unknown[][], options: Record<string, string> = {}) {
  const dir = tmpDir();
  const job = textFormat.prepareWrite(schema, new DataSourceOptions(options), ctx);
  const p = path.join(dir, `part-00000${job.extension}`);
  const w = await textFormat.createWriter(p, job, ctx);
  const columns = schema.fields.map((_, c) => rows.map((r) => r[c] ?? null));
  await w.write({ numRows: rows.length, columns });
  await w.close();
  return { path: p, job };
}

test("text: the schema is one STRING column named value, even with no files", () => {
  const s = textFormat.inferSchema([], new DataSourceOptions(), ctx);
  assert.equal(s?.fields.length, 1);
  assert.equal(s?.fields[0]?.name, "value");
  assert.equal(s?.fields[0]?.dataType.kind, "string");
});

test("text: one row per line; \\n, \\r\\n and \\r all end lines; empty lines kept; no trailing empty row", async () => {
  const f = put(tmpDir(), "a.txt", "first\r\nsecond\n\nthird\rfourth\n");
  assert.deepEqual(await read(f), [["first"], ["second"], [""], ["third"], ["fourth"]]);
});

test("text: unicode, tabs and quotes pass through untouched", async () => {
  const f = put(tmpDir(), "u.txt", 'héllo wörld 😀\t"quoted",x\n日本語');
  assert.deepEqual(await read(f), [['héllo wörld 😀\t"quoted",x'], ["日本語"]]);
});

test("text: lineSep splits only at that string", async () => {
  const f = put(tmpDir(), "s.txt", "a\nb,c,,d,");
  assert.deepEqual(await read(f, { lineSep: "," }), [["a\nb"], ["c"], [""], ["d"]]);
});

test("text: wholetext gives one row per file with its whole content, an empty file included", async () => {
  const dir = tmpDir();
  const f = put(dir, "w.txt", "line1\nline2\r\n");
  assert.deepEqual(await read(f, { wholetext: "true" }), [["line1\nline2\r\n"]]);
  const e = put(dir, "e.txt", "");
  assert.deepEqual(await read(e, { wholetext: "true" }), [[""]]);
  const g = put(dir, "w.txt.gz", gzipSync(Buffer.from("zip\nped")));
  assert.deepEqual(await read(g, { wholeText: "TRUE" }), [["zip\nped"]]);
});

test("text: gzip files are decompressed by extension", async () => {
  const f = put(tmpDir(), "z.txt.gz", gzipSync(Buffer.from("x\ny\n")));
  assert.deepEqual(await read(f), [["x"], ["y"]]);
});

test("text: no required column still counts every line", async () => {
  const f = put(tmpDir(), "c.txt", "a\nb\n\nc");
  const rows = await read(f, {}, new StructType([]));
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[0], []);
});

test("text: a user schema may name the column differently", async () => {
  const f = put(tmpDir(), "n.txt", "q");
  assert.deepEqual(await read(f, {}, new StructType([new StructField("line", STRING)])), [["q"]]);
});

test("text: large files stream in bounded batches", async () => {
  const n = 10_000;
  const f = put(tmpDir(), "big.txt", Array.from({ length: n }, (_, i) => `row ${i}`).join("\n"));
  const req = {
    dataSchema: TEXT_SCHEMA,
    requiredSchema: TEXT_SCHEMA,
    filters: [],
    options: new DataSourceOptions(),
  };
  let total = 0;
  let batches = 0;
  for await (const b of textFormat.readFile(f, req, ctx)) {
    assert.ok(b.numRows <= 4096);
    total += b.numRows;
    batches++;
  }
  assert.equal(total, n);
  assert.ok(batches >= 3);
});

test("text: a missing file is FAILED_READ_FILE naming it", async () => {
  const f: FileStatus = { path: path.join(tmpDir(), "nope.txt"), size: 1, modificationTime: 0 };
  await assert.rejects(read(f), (e: unknown) => {
    assert.ok(e instanceof TsparkError);
    assert.match(e.errorClass, /^FAILED_READ_FILE/);
    assert.match(e.message, /nope\.txt/);
    return true;
  });
});

test("text writer: values then \\n; NULL is an empty line; extension .txt", async () => {
  const { path: p, job } = await write(TEXT_SCHEMA, [["a"], [null], ['b,"c"\nd'], ["é"]]);
  assert.equal(job.extension, ".txt");
  assert.equal(fs.readFileSync(p, "utf8"), 'a\n\nb,"c"\nd\né\n');
});

test("text writer: lineSep and gzip compression", async () => {
  const { path: p, job } = await write(TEXT_SCHEMA, [["a"], ["b"]], { lineSep: "|", compression: "gzip" });
  assert.equal(job.extension, ".txt.gz");
  assert.equal(gunzipSync(fs.readFileSync(p)).toString("utf8"), "a|b|");
});

test("text writer: round trip through the reader", async () => {
  const values = ["plain", "", "tab\there", "ünïcødé ✓", 'quote " and , comma'];
  const { path: p } = await write(
    TEXT_SCHEMA,
    values.map((v) => [v]),
  );
  const f: FileStatus = { path: p, size: fs.statSync(p).size, modificationTime: 0 };
  assert.deepEqual(
    await read(f),
    values.map((v) => [v]),
  );
});

test("text writer: more than one column is _LEGACY_ERROR_TEMP_1290", () => {
  const two = new StructType([new StructField("a", STRING), new StructField("b", STRING)]);
  assert.throws(
    () => textFormat.prepareWrite(two, new DataSourceOptions(), ctx),
    (e: unknown) =>
      e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_1290" && /2 columns/.test(e.message),
  );
  assert.throws(
    () => textFormat.prepareWrite(new StructType([]), new DataSourceOptions(), ctx),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_1290",
  );
});

test("text writer: a non-STRING column is UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE (checked first)", () => {
  const s = new StructType([new StructField("a", STRING), new StructField("n", INT)]);
  assert.throws(
    () => textFormat.prepareWrite(s, new DataSourceOptions(), ctx),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE" &&
      e.messageParameters.columnName === "`n`" &&
      e.messageParameters.columnType === '"INT"' &&
      e.messageParameters.format === "Text",
  );
});

test("text writer: an unknown codec is CODEC_NOT_AVAILABLE with Spark's list; class names work", async () => {
  assert.throws(
    () => textFormat.prepareWrite(TEXT_SCHEMA, new DataSourceOptions({ compression: "zip" }), ctx),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION" &&
      e.messageParameters.codecName === "zip" &&
      e.messageParameters.availableCodecs === "bzip2, deflate, uncompressed, snappy, none, lz4, gzip",
  );
  const job = textFormat.prepareWrite(
    TEXT_SCHEMA,
    new DataSourceOptions({ codec: "org.apache.hadoop.io.compress.GzipCodec" }),
    ctx,
  );
  assert.equal(job.extension, ".txt.gz");
  const none = textFormat.prepareWrite(TEXT_SCHEMA, new DataSourceOptions({ compression: "NONE" }), ctx);
  assert.equal(none.extension, ".txt");
});

test("text: a UTF-8 byte-order mark is dropped from the first line but kept by wholetext", async () => {
  const f = put(tmpDir(), "bom.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a\nb")]));
  assert.deepEqual(await read(f), [["a"], ["b"]]);
  assert.deepEqual(await read(f, { wholetext: "true" }), [["\ufeffa\nb"]]);
});
