import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { TsparkError } from "../../common/errors.js";
import { LineSplitter, READ_CHUNK_BYTES, readLineChunks } from "./file-input.js";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The lines of `bytes` fed to a splitter in pieces cut at `cuts` (sorted byte offsets). */
function splitPieces(bytes: Uint8Array, cuts: readonly number[], sep?: string, encoding = "utf-8"): string[] {
  const s = new LineSplitter(encoding, sep);
  const out: string[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(...s.push(bytes.subarray(at, c)));
    at = c;
  }
  out.push(...s.finish());
  return out;
}

/** Every way of cutting `bytes` once or twice gives `expected`. */
function assertAllCuts(bytes: Uint8Array, expected: readonly string[], sep?: string): void {
  assert.deepEqual(splitPieces(bytes, [], sep), expected);
  for (let a = 0; a <= bytes.length; a++) {
    assert.deepEqual(splitPieces(bytes, [a], sep), expected, `cut at ${a}`);
    for (let b = a; b <= bytes.length; b++)
      assert.deepEqual(splitPieces(bytes, [a, b], sep), expected, `cuts at ${a}, ${b}`);
  }
}

test("line splitter: \\n, \\r\\n and \\r end lines wherever the input is cut, \\r\\n across a cut included", () => {
  assertAllCuts(utf8("a\r\nb\rc\n\nd\r"), ["a", "b", "c", "", "d"]);
  assertAllCuts(utf8("\r\n\r\n"), ["", ""]);
  assertAllCuts(utf8("\r\r\n\n"), ["", "", ""]);
  assertAllCuts(utf8("no end"), ["no end"]);
  assertAllCuts(utf8(""), []);
});

test("line splitter: multi-byte characters cut between their bytes decode whole", () => {
  assertAllCuts(utf8("é😀x\r\n日本\nñ"), ["é😀x", "日本", "ñ"]);
});

test("line splitter: a UTF-8 byte-order mark is dropped even when cut", () => {
  assertAllCuts(utf8("\uFEFFfirst\nsecond\n"), ["first", "second"]);
});

test("line splitter: lineSep splits only at that string, also when a cut falls inside it", () => {
  assertAllCuts(utf8("a||b|c||\n||"), ["a", "b|c", "\n"], "||");
  assertAllCuts(utf8("x,y,"), ["x", "y"], ",");
});

test("line splitter: UTF-16LE input with lineSep", () => {
  const bytes = new Uint8Array(Buffer.from("ab\ncd\n", "utf16le"));
  for (let a = 0; a <= bytes.length; a++)
    assert.deepEqual(splitPieces(bytes, [a], "\n", "utf-16le"), ["ab", "cd"]);
});

function tmpFile(name: string, content: Uint8Array): string {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/tspark-file-input-`);
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

async function chunksOf(p: string, options: { lineSep?: string } = {}): Promise<string[][]> {
  const out: string[][] = [];
  for await (const chunk of readLineChunks(p, options)) out.push([...chunk]);
  return out;
}

/** `size` bytes of ASCII lines "l0000…" ending in `tail`, positioned so that `tail` starts at `at`. */
function fileAround(at: number, tail: string, after: string): { bytes: Uint8Array; lines: string[] } {
  const lines: string[] = [];
  let text = "";
  while (text.length < at - 40) {
    const l = `line ${lines.length}`.padEnd(30, ".");
    lines.push(l);
    text += `${l}\n`;
  }
  const filler = "f".repeat(at - text.length);
  return { bytes: utf8(`${text}${filler}${tail}${after}`), lines: [...lines, filler] };
}

test("readLineChunks: read boundaries inside a character, inside \\r\\n and right after a line end", async () => {
  const b = READ_CHUNK_BYTES;
  // "é" (2 bytes) starting one byte before the boundary.
  const split = fileAround(b - 1, "é\nrest", "\n");
  const p1 = tmpFile("split.txt", split.bytes);
  const lines1 = split.lines.slice(0, -1).concat([`${split.lines.at(-1)}é`, "rest"]);
  assert.deepEqual((await chunksOf(p1)).flat(), lines1);
  // "\r" the last byte of the first read, "\n" the first of the next.
  const crlf = fileAround(b - 1, "\r\nnext", "\r\n");
  assert.deepEqual((await chunksOf(tmpFile("crlf.txt", crlf.bytes))).flat(), [...crlf.lines, "next"]);
  // A line end exactly at the boundary: the first read's lines end there.
  const exact = fileAround(b - 1, "\n", "after\n");
  const chunks = await chunksOf(tmpFile("exact.txt", exact.bytes));
  assert.deepEqual(chunks.flat(), [...exact.lines, "after"]);
  assert.deepEqual(chunks[0], exact.lines);
  assert.ok(chunks.every((c) => c.length > 0));
  // The same through gzip, whose output chunks fall elsewhere.
  assert.deepEqual((await chunksOf(tmpFile("split.txt.gz", gzipSync(split.bytes)))).flat(), lines1);
  assert.deepEqual((await chunksOf(tmpFile("crlf.txt.gz", gzipSync(crlf.bytes)))).flat(), [
    ...crlf.lines,
    "next",
  ]);
});

test("readLineChunks: a missing file is FAILED_READ_FILE.FILE_NOT_EXIST naming it", async () => {
  const p = path.join(os.tmpdir(), "tspark-no-such-dir", "missing.txt");
  await assert.rejects(chunksOf(p), (e: unknown) => {
    assert.ok(e instanceof TsparkError);
    assert.equal(e.errorClass, "FAILED_READ_FILE.FILE_NOT_EXIST");
    assert.match(e.message, /missing\.txt/);
    return true;
  });
});
