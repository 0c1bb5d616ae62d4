// Fuzzing the text and JSON file formats with random bytes, mutated and truncated documents and
// truncated gzip streams (fixed seeds, so every run is the same): inference and reads always
// finish, and either give rows of the requested width or fail with a TsparkError.
import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { TsparkError } from "../../../src/common/errors.js";
import { DataSourceOptions } from "../../../src/connectors/file/data-source-options.js";
import type { FileFormat, FileStatus, FormatContext } from "../../../src/connectors/file/file-format.js";
import { jsonFormat } from "../../../src/connectors/file/json-format.js";
import { TEXT_SCHEMA, textFormat } from "../../../src/connectors/file/text-format.js";
import { parseSchema } from "../../../src/types/ddl.js";
import type { StructType } from "../../../src/types/data-type.js";
import { formatCtx, rng, tempFiles } from "./format-test-support.js";

const ctx: FormatContext = formatCtx;
const files = tempFiles("tspark-fuzz-");
const _dir = files.dir;

function put(content: Uint8Array, ext = ".json"): FileStatus {
  return files.put(content, ext);
}

function randomBytes(r: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  // Bias towards JSON punctuation and newlines so that the parser goes deep, not just fails early.
  const alphabet = Buffer.from("{}[]\":,\n\r\t 0123456789-+.eEtrufalsn\\/'abcxyzNIé😀");
  for (let i = 0; i < n; i++)
    out[i] = r() < 0.7 ? (alphabet[Math.floor(r() * alphabet.length)] as number) : Math.floor(r() * 256);
  return out;
}

function randomDocument(r: () => number, depth: number): string {
  const pick = r();
  if (depth > 3 || pick < 0.35) {
    const k = Math.floor(r() * 7);
    return [
      String(Math.floor(r() * 1e6) - 5e5),
      (r() * 1000 - 500).toFixed(3),
      JSON.stringify(`s${Math.floor(r() * 100)}"\n\\é`),
      "true",
      "null",
      "12345678901234567890123",
      '"2024-01-02T03:04:05Z"',
    ][k] as string;
  }
  if (pick < 0.6) {
    const n = Math.floor(r() * 4);
    return `[${Array.from({ length: n }, () => randomDocument(r, depth + 1)).join(",")}]`;
  }
  const n = Math.floor(r() * 5);
  const keys = ["a", "b", "c", "_corrupt_record", ""];
  return `{${Array.from({ length: n }, () => `${JSON.stringify(keys[Math.floor(r() * keys.length)])}:${randomDocument(r, depth + 1)}`).join(",")}}`;
}

/** A read may fail only as Spark's would: an analysis refusal, FAILFAST, or an I/O failure. */
function isExpectedFailure(e: unknown, mode: string): boolean {
  if (!(e instanceof TsparkError)) return false;
  return isAnalysisRefusal(e) || mode === "FAILFAST" || e.errorClass.startsWith("FAILED_READ_FILE");
}

/**
 * Spark's analysis-time refusals, possible in any mode: a read of nothing but the corrupt column,
 * or data whose own `_corrupt_record` field was inferred as something other than STRING.
 */
function isAnalysisRefusal(e: unknown): boolean {
  return (
    e instanceof TsparkError &&
    (e.errorClass === "UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN" ||
      e.errorClass === "INVALID_CORRUPT_RECORD_TYPE")
  );
}

async function readAll(
  format: FileFormat,
  f: FileStatus,
  schema: StructType,
  options: Record<string, string>,
) {
  const request = {
    dataSchema: schema,
    requiredSchema: schema,
    filters: [],
    options: new DataSourceOptions(options),
  };
  let rows = 0;
  for await (const b of format.readFile(f, request, ctx)) {
    assert.equal(b.columns.length, schema.fields.length);
    for (const c of b.columns) assert.equal(c.length, b.numRows);
    rows += b.numRows;
  }
  return rows;
}

/**
 * Infers and reads `f` as JSON under `options` (with the inferred schema, then a fixed one);
 * returns whether any step failed, checking that every failure is an allowed TsparkError.
 */
async function exerciseJson(f: FileStatus, options: Record<string, string>): Promise<boolean> {
  const mode = options.mode ?? "PERMISSIVE";
  let failed = false;
  const step = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (e) {
      assert.ok(
        isExpectedFailure(e, mode),
        `unexpected failure: ${e instanceof Error ? e.stack : String(e)}`,
      );
      if (!isAnalysisRefusal(e)) failed = true;
    }
  };
  await step(async () => {
    const inferred = jsonFormat.inferSchema([f], new DataSourceOptions(options), ctx) ?? parseSchema("");
    await readAll(jsonFormat, f, inferred, options);
  });
  await step(() =>
    readAll(
      jsonFormat,
      f,
      parseSchema("a BIGINT, b STRING, c ARRAY<DOUBLE>, _corrupt_record STRING"),
      options,
    ),
  );
  return failed;
}

const MODES = ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"];

test("fuzz: random bytes never crash the JSON reader; PERMISSIVE never fails", {
  timeout: 120_000,
}, async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const r = rng(seed);
    const f = put(randomBytes(r, Math.floor(r() * 2000)));
    for (const mode of MODES) {
      for (const multiLine of ["false", "true"]) {
        const failed = await exerciseJson(f, {
          mode,
          multiLine,
          allowComments: r() < 0.5 ? "true" : "false",
        });
        if (mode === "PERMISSIVE") assert.equal(failed, false, `seed ${seed} multiLine=${multiLine}`);
      }
    }
  }
});

test("fuzz: truncated and mutated JSON documents", { timeout: 120_000 }, async () => {
  for (let seed = 100; seed < 160; seed++) {
    const r = rng(seed);
    const lines = Array.from({ length: 1 + Math.floor(r() * 20) }, () => randomDocument(r, 0));
    const full = Buffer.from(lines.join("\n"));
    const cut = full.subarray(0, Math.floor(r() * full.length));
    const mutated = Buffer.from(full);
    for (let i = 0; i < 3 && mutated.length > 0; i++)
      mutated[Math.floor(r() * mutated.length)] = Math.floor(r() * 256);
    for (const content of [full, cut, mutated]) {
      const f = put(content);
      for (const mode of MODES) {
        const failed = await exerciseJson(f, { mode });
        if (mode === "PERMISSIVE") assert.equal(failed, false, `seed ${seed}`);
      }
      const multi = put(Buffer.from(`[${lines.join(",")}]`.slice(0, Math.floor(r() * 4000) + 1)));
      assert.equal(await exerciseJson(multi, { multiLine: "true" }), false);
    }
  }
});

test("fuzz: deep nesting and huge numbers are malformed records, not crashes", async () => {
  const deep = put(
    Buffer.from(
      `${"[".repeat(50_000)}\n{"a":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}\n{"a":${"9".repeat(5000)}}\n{"b":1}`,
    ),
  );
  for (const mode of MODES) await exerciseJson(deep, { mode });
  const s = jsonFormat.inferSchema([deep], new DataSourceOptions(), ctx);
  assert.equal(s?.simpleString(), "struct<_corrupt_record:string,b:bigint>");
});

test("fuzz: truncated gzip files fail with FAILED_READ_FILE, never hang", { timeout: 60_000 }, async () => {
  for (let seed = 200; seed < 230; seed++) {
    const r = rng(seed);
    const gz = gzipSync(Buffer.from(Array.from({ length: 50 }, () => randomDocument(r, 0)).join("\n")));
    const cut = gz.subarray(0, Math.floor(r() * gz.length));
    const f = put(cut, ".json.gz");
    for (const multiLine of ["false", "true"]) {
      try {
        jsonFormat.inferSchema([f], new DataSourceOptions({ multiLine }), ctx);
        await readAll(jsonFormat, f, parseSchema("a BIGINT, _corrupt_record STRING"), { multiLine });
      } catch (e) {
        assert.ok(e instanceof TsparkError, String(e));
        assert.match(e.errorClass, /^FAILED_READ_FILE/);
      }
    }
    const t = put(cut, ".txt.gz");
    for (const wholetext of ["false", "true"]) {
      try {
        await readAll(textFormat, t, TEXT_SCHEMA, { wholetext });
      } catch (e) {
        assert.ok(e instanceof TsparkError, String(e));
        assert.match(e.errorClass, /^FAILED_READ_FILE/);
      }
    }
  }
});

test("fuzz: random bytes through the text reader give one row per line", { timeout: 60_000 }, async () => {
  for (let seed = 300; seed < 340; seed++) {
    const r = rng(seed);
    const bytes = randomBytes(r, Math.floor(r() * 5000));
    const f = put(bytes, ".txt");
    const rows = await readAll(textFormat, f, TEXT_SCHEMA, {});
    const text = new TextDecoder().decode(bytes);
    const expected = text.length === 0 ? 0 : text.replace(/(\r\n|\r|\n)$/, "").split(/\r\n|\r|\n/).length;
    assert.equal(rows, expected, `seed ${seed}`);
    assert.equal(await readAll(textFormat, f, TEXT_SCHEMA, { wholetext: "true" }), 1);
    const sep = String.fromCharCode(97 + Math.floor(r() * 26));
    await readAll(textFormat, f, TEXT_SCHEMA, { lineSep: sep });
  }
});
