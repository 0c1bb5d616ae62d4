// Fuzzing the CSV file format with random bytes, mutated and truncated CSV documents and truncated
// gzip streams under random option sets (fixed seeds, so every run is the same): inference and
// reads always finish, and either give rows of the requested width or fail with a TsparkError.
import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { TsparkError } from "../../../src/common/errors.js";
import { csvFormat } from "../../../src/connectors/file/csv-format.js";
import { DataSourceOptions } from "../../../src/connectors/file/data-source-options.js";
import type { FileStatus, FormatContext } from "../../../src/connectors/file/file-format.js";
import type { StructType } from "../../../src/types/data-type.js";
import { parseSchema } from "../../../src/types/ddl.js";
import { formatCtx, rng, tempFiles } from "./format-test-support.js";

const ctx: FormatContext = formatCtx;
const files = tempFiles("tspark-csv-fuzz-");
const _dir = files.dir;

function put(content: Uint8Array, ext = ".csv"): FileStatus {
  return files.put(content, ext);
}

function randomBytes(r: () => number, n: number): Uint8Array {
  // Biased towards CSV punctuation and line breaks so that the tokenizer goes deep.
  const alphabet = Buffer.from(",;\"'\\\n\r\t #|0123456789-+.eENaIfTRUEfalsé😀");
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    out[i] = r() < 0.75 ? (alphabet[Math.floor(r() * alphabet.length)] as number) : Math.floor(r() * 256);
  return out;
}

function randomDocument(r: () => number): string {
  const values = [
    "1",
    "-2",
    "3.5",
    "1e3",
    "NaN",
    "true",
    "2024-01-02",
    "2024-01-02 03:04:05",
    '"q,uo""te"',
    "",
    "x y",
    '"a\nb"',
    "\\",
    '"',
  ];
  const width = 1 + Math.floor(r() * 5);
  const rows = Math.floor(r() * 20);
  let s = "";
  for (let i = 0; i < rows; i++) {
    const n = r() < 0.8 ? width : Math.floor(r() * 7);
    const fields: string[] = [];
    for (let j = 0; j < n; j++) fields.push(values[Math.floor(r() * values.length)] as string);
    s += fields.join(",") + (r() < 0.9 ? "\n" : "\r\n");
  }
  return s;
}

function mutate(r: () => number, s: Buffer): Buffer {
  const b = Buffer.from(s);
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n && b.length > 0; i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
  return b.subarray(0, Math.floor(r() * (b.length + 1)));
}

function randomOptions(r: () => number): DataSourceOptions {
  const o: Record<string, string> = {};
  const maybe = (k: string, vs: readonly string[]) => {
    if (r() < 0.35) o[k] = vs[Math.floor(r() * vs.length)] as string;
  };
  maybe("header", ["true", "false"]);
  maybe("inferSchema", ["true", "false"]);
  maybe("multiLine", ["true", "false"]);
  maybe("mode", ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"]);
  maybe("sep", [",", ";", "\\t", "||"]);
  maybe("quote", ['"', "'", ""]);
  maybe("escape", ["\\", '"', ""]);
  maybe("comment", ["#", ""]);
  maybe("ignoreLeadingWhiteSpace", ["true"]);
  maybe("ignoreTrailingWhiteSpace", ["true"]);
  maybe("unescapedQuoteHandling", [
    "STOP_AT_DELIMITER",
    "STOP_AT_CLOSING_QUOTE",
    "BACK_TO_DELIMITER",
    "SKIP_VALUE",
    "RAISE_ERROR",
  ]);
  maybe("maxColumns", ["3", "20480"]);
  maybe("maxCharsPerColumn", ["5", "-1"]);
  maybe("encoding", ["UTF-8", "ISO-8859-1", "UTF-16LE"]);
  maybe("lineSep", ["\n", ";", "\r\n"]);
  maybe("samplingRatio", ["0.5", "1"]);
  return new DataSourceOptions(o);
}

const SCHEMAS = [
  "a STRING",
  "a INT, b DOUBLE, _corrupt_record STRING",
  "a DATE, b TIMESTAMP, c BOOLEAN, d DECIMAL(5,2)",
  "a BIGINT, b STRING, c TIMESTAMP_NTZ, d FLOAT, e BINARY",
];

/** Runs inference and a full read; returns what happened (rows or a TsparkError), never anything else. */
async function exercise(
  file: FileStatus,
  options: DataSourceOptions,
  schemaDdl: string,
  label: string,
): Promise<void> {
  let inferred: StructType | undefined;
  try {
    inferred = csvFormat.inferSchema([file], options, ctx);
  } catch (e) {
    assert.ok(e instanceof TsparkError, `${label}: inference threw ${String(e)}`);
  }
  for (const schema of [inferred, parseSchema(schemaDdl)]) {
    if (schema === undefined) continue;
    const required = schema;
    try {
      for await (const b of csvFormat.readFile(
        file,
        { dataSchema: schema, requiredSchema: required, filters: [], options },
        ctx,
      )) {
        assert.equal(b.columns.length, required.fields.length, label);
        for (const c of b.columns) assert.equal(c.length, b.numRows, label);
      }
    } catch (e) {
      assert.ok(e instanceof TsparkError, `${label}: read threw ${String(e)}`);
    }
  }
}

test("random bytes under random options: rows or a TsparkError", async () => {
  for (let seed = 1; seed <= 250; seed++) {
    const r = rng(seed);
    const f = put(randomBytes(r, Math.floor(r() * 400)));
    await exercise(f, randomOptions(r), SCHEMAS[seed % SCHEMAS.length] as string, `bytes seed ${seed}`);
  }
});

test("mutated and truncated CSV documents: rows or a TsparkError", async () => {
  for (let seed = 1; seed <= 250; seed++) {
    const r = rng(seed * 31);
    const doc = Buffer.from(randomDocument(r));
    const f = put(mutate(r, doc));
    await exercise(f, randomOptions(r), SCHEMAS[seed % SCHEMAS.length] as string, `doc seed ${seed}`);
  }
});

test("truncated gzip streams: rows or a TsparkError", async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const r = rng(seed * 977);
    const gz = gzipSync(randomDocument(r));
    const cut = gz.subarray(0, Math.floor(r() * (gz.length + 1)));
    const f = put(cut, ".csv.gz");
    await exercise(f, randomOptions(r), SCHEMAS[seed % SCHEMAS.length] as string, `gzip seed ${seed}`);
  }
});

test("a file that is one long unterminated quoted value stays readable", async () => {
  const f = put(Buffer.from(`"${"x".repeat(200_000)}`));
  for (const multiLine of ["true", "false"]) {
    const options = new DataSourceOptions({ multiLine });
    const schema = parseSchema("a STRING");
    let rows = 0;
    for await (const b of csvFormat.readFile(
      f,
      { dataSchema: schema, requiredSchema: schema, filters: [], options },
      ctx,
    ))
      rows += b.numRows;
    assert.equal(rows, 1);
  }
});
