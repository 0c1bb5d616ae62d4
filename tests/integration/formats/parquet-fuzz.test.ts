// Parquet robustness: random bytes, truncations and byte mutations of valid files (deterministic
// seeds) must never hang or crash the reader: every read ends with rows or a TsparkError.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Field, Int32, List, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import * as wasm from "parquet-wasm/node";
import { TsparkError } from "../../../src/common/errors.js";
import { DataSourceOptions } from "../../../src/connectors/file/data-source-options.js";
import type { FormatContext } from "../../../src/connectors/file/file-format.js";
import { parquetFormat } from "../../../src/connectors/file/parquet-format.js";
import { MapValue } from "../../../src/data/values.js";
import type { StructType } from "../../../src/types/data-type.js";
import { parseSchema } from "../../../src/types/ddl.js";
import { mulberry32 as rng } from "../../support/random.js";

const ctx: FormatContext = { conf: () => undefined, timeZone: "UTC" };
const dir = mkdtempSync(join(tmpdir(), "tspark-parquet-fuzz-"));

const SCHEMA = parseSchema(
  "id BIGINT, s STRING, d DECIMAL(20,4), ts TIMESTAMP, xs ARRAY<INT>, m MAP<STRING, DOUBLE>, st STRUCT<a: INT, b: ARRAY<STRING>>",
);

async function validFile(codec: string): Promise<Uint8Array> {
  const job = parquetFormat.prepareWrite(
    SCHEMA,
    new DataSourceOptions({ compression: codec, "parquet.block.row.count.limit": "7" }),
    ctx,
  );
  const path = join(dir, `valid-${codec}${job.extension}`);
  const w = await parquetFormat.createWriter(path, job, ctx);
  const rows = Array.from({ length: 20 }, (_, i) => [
    BigInt(i) * 1_000_000_007n,
    i % 4 === 0 ? null : `row ${i % 3}`,
    BigInt(i) * 12345n,
    i * 1_000_000,
    i % 5 === 0 ? null : Array.from({ length: i % 4 }, (_, k) => (k === 1 ? null : k)),
    new MapValue([`k${i % 2}`], [i / 3]),
    [i, [`x${i}`, null]],
  ]);
  await w.write({
    numRows: rows.length,
    columns: SCHEMA.fields.map((_, c) => rows.map((r) => r[c] ?? null)),
  });
  await w.close();
  return new Uint8Array(readFileSync(path));
}

type Outcome = "rows" | "error";

/** Infers and reads a file; returns how it ended, failing the test on any non-TsparkError. */
async function attempt(bytes: Uint8Array, name: string, schema: StructType = SCHEMA): Promise<Outcome> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const file = { path, size: bytes.length, modificationTime: 0 };
  try {
    parquetFormat.inferSchema([file], new DataSourceOptions(), ctx);
    let n = 0;
    for await (const b of parquetFormat.readFile(
      file,
      { dataSchema: schema, requiredSchema: schema, filters: [], options: new DataSourceOptions() },
      ctx,
    )) {
      assert.equal(b.columns.length, schema.fields.length);
      for (const c of b.columns) assert.equal(c.length, b.numRows);
      n += b.numRows;
    }
    assert.ok(n >= 0);
    return "rows";
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.ok(e instanceof TsparkError, `${name}: not a TsparkError: ${String((e as Error)?.stack ?? e)}`);
    assert.match(
      e.errorClass,
      /^(FAILED_READ_FILE|PARQUET_TYPE_|CANNOT_|_LEGACY_ERROR_TEMP_2093)/,
      `${name}: ${e.message}`,
    );
    return "error";
  }
}

test("random bytes are never mistaken for Parquet", { timeout: 120_000 }, async () => {
  const r = rng(1);
  for (let i = 0; i < 150; i++) {
    const len = Math.floor(r() * 700);
    const bytes = Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
    // Every third file gets Parquet's magic at both ends and a plausible footer length.
    if (i % 3 === 0 && len >= 12) {
      bytes.set([0x50, 0x41, 0x52, 0x31], 0);
      bytes.set([0x50, 0x41, 0x52, 0x31], len - 4);
      new DataView(bytes.buffer).setUint32(len - 8, Math.floor(r() * (len - 12)), true);
    }
    assert.equal(await attempt(bytes, `random-${i}.parquet`), "error", `random file ${i}`);
  }
});

test("every truncation of a valid file fails cleanly", { timeout: 120_000 }, async () => {
  const bytes = await validFile("snappy");
  assert.equal(await attempt(bytes, "whole.parquet"), "rows");
  const step = Math.max(1, Math.floor(bytes.length / 120));
  for (let len = 0; len < bytes.length; len += step)
    assert.equal(
      await attempt(bytes.subarray(0, len), `trunc-${len}.parquet`),
      "error",
      `truncated to ${len}`,
    );
});

for (const codec of ["snappy", "gzip", "zstd", "none", "lz4_raw", "lz4", "brotli"]) {
  test(`byte mutations of a valid ${codec} file give rows or a TsparkError`, {
    timeout: 120_000,
  }, async () => {
    await mutate(await validFile(codec), codec, rng(codec.length * 7919), SCHEMA);
  });
}

async function mutate(bytes: Uint8Array, codec: string, r: () => number, schema: StructType): Promise<void> {
  const outcomes = { rows: 0, error: 0 };
  for (let i = 0; i < 150; i++) {
    const mutated = new Uint8Array(bytes);
    const flips = 1 + Math.floor(r() * 6);
    for (let k = 0; k < flips; k++) {
      // Half the mutations hit the footer, where the structure lives.
      const footerStart = Math.max(4, bytes.length - 600);
      const pos =
        r() < 0.5
          ? footerStart + Math.floor(r() * (bytes.length - footerStart))
          : Math.floor(r() * bytes.length);
      mutated[pos] = Math.floor(r() * 256);
    }
    outcomes[await attempt(mutated, `mut-${codec}-${i}.parquet`, schema)]++;
  }
  assert.equal(outcomes.rows + outcomes.error, 150);
  assert.ok(outcomes.error > 0, "some mutation should be detected");
}

test("byte mutations of a foreign file (v1 pages, dictionaries) give rows or a TsparkError", {
  timeout: 120_000,
}, async () => {
  const table = new Table({
    id: vectorFromArray(
      Array.from({ length: 30 }, (_, i) => (i % 7 === 0 ? null : i)),
      new Int32(),
    ),
    s: vectorFromArray(
      Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? null : `v${i % 4}`)),
      new Utf8(),
    ),
    xs: vectorFromArray(
      Array.from({ length: 30 }, (_, i) => (i % 6 === 0 ? null : [i, null])),
      new List(new Field("item", new Int32(), true)),
    ),
  });
  const props = new wasm.WriterPropertiesBuilder()
    .setCompression(wasm.Compression.SNAPPY)
    .setMaxRowGroupSize(8)
    .build();
  const bytes = wasm.writeParquet(wasm.Table.fromIPCStream(tableToIPC(table, "stream")), props);
  const schema = parseSchema("id INT, s STRING, xs ARRAY<INT>");
  assert.equal(await attempt(bytes, "foreign.parquet", schema), "rows");
  await mutate(bytes, "foreign", rng(4242), schema);
});

test("a valid file read under a mismatched schema is a TsparkError, not a crash", async () => {
  const bytes = await validFile("snappy");
  assert.equal(await attempt(bytes, "mismatch.parquet", parseSchema("id STRING, xs MAP<INT, INT>")), "error");
});
