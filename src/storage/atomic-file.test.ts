// Atomic file I/O against real files in fresh temp directories.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import {
  deleteFile,
  isTempFileName,
  listDirectory,
  makeDirectories,
  readFileIfExists,
  readTextIfExists,
  writeFileAtomic,
} from "./atomic-file.js";

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), "tspark-atomic-"));
}

test("writes bytes exactly, creating parent directories, and leaves no temp file", () => {
  const dir = freshDir();
  const path = join(dir, "a", "b", "0");
  assert.equal(writeFileAtomic(path, "v1\n{}"), true);
  assert.equal(readFileSync(path, "utf8"), "v1\n{}");
  assert.deepEqual(readdirSync(join(dir, "a", "b")), ["0"]);
  writeFileAtomic(path, new Uint8Array([0, 255, 10]));
  assert.deepEqual([...readFileSync(path)], [0, 255, 10]);
});

test("overwrite: false refuses an existing file and keeps its content", () => {
  const dir = freshDir();
  const path = join(dir, "0");
  assert.equal(writeFileAtomic(path, "first", { overwrite: false }), true);
  assert.equal(writeFileAtomic(path, "second", { overwrite: false }), false);
  assert.equal(readFileSync(path, "utf8"), "first");
  assert.deepEqual(readdirSync(dir), ["0"], "the refused write leaves no temp file");
  assert.equal(writeFileAtomic(path, "third"), true);
  assert.equal(readFileSync(path, "utf8"), "third");
});

test("a crash between temp write and rename leaves nothing visible", () => {
  const dir = freshDir();
  // What a writer killed before its rename leaves behind.
  writeFileSync(join(dir, ".5.0123456789abcdef.tmp"), 'v1\n{"batchWat');
  writeFileAtomic(join(dir, "4"), "v1");
  assert.deepEqual(listDirectory(dir), ["4"]);
  assert.equal(readTextIfExists(join(dir, "5")), undefined);
  assert.equal(isTempFileName(".5.0123456789abcdef.tmp"), true);
  assert.equal(isTempFileName("5"), false);
  assert.equal(isTempFileName("5.compact"), false);
});

test("reads and lists missing paths as absent", () => {
  const dir = freshDir();
  assert.equal(readFileIfExists(join(dir, "nope")), undefined);
  assert.deepEqual(listDirectory(join(dir, "missing")), []);
  deleteFile(join(dir, "nope"));
});

test("listDirectory sorts names; deleteFile removes; makeDirectories is idempotent", () => {
  const dir = freshDir();
  makeDirectories(join(dir, "sub"));
  makeDirectories(join(dir, "sub"));
  for (const n of ["10", "2", "1"]) writeFileAtomic(join(dir, n), n);
  assert.deepEqual(listDirectory(dir), ["1", "10", "2", "sub"]);
  deleteFile(join(dir, "10"));
  assert.deepEqual(listDirectory(dir), ["1", "2", "sub"]);
});

test("I/O failures are STORAGE_IO_ERROR naming the path", () => {
  const dir = freshDir();
  const file = join(dir, "plain");
  writeFileAtomic(file, "x");
  // A path under a regular file can be neither written nor listed nor read.
  const under = join(file, "child");
  for (const run of [
    () => writeFileAtomic(under, "y"),
    () => readFileIfExists(join(dir)),
    () => listDirectory(file),
  ]) {
    assert.throws(run, (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "STORAGE_IO_ERROR");
      assert.equal(e.sqlState, "58030");
      assert.ok(e.message.includes(dir), e.message);
      return true;
    });
  }
});

test("a failed rename fails naming the file and leaves no temp file", () => {
  const dir = freshDir();
  // The final name is taken by a non-empty directory: the rename fails after the temp write.
  writeFileAtomic(join(dir, "0", "inner"), "x");
  assert.throws(
    () => writeFileAtomic(join(dir, "0"), "v1"),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "STORAGE_IO_ERROR" &&
      e.messageParameters.path === join(dir, "0") &&
      e.messageParameters.operation === "write",
  );
  assert.equal(writeFileAtomic(join(dir, "0"), "v1", { overwrite: false }), false, "the name is taken");
  assert.deepEqual(readdirSync(dir), ["0"]);
});

test("fsync: false writes the same files with the same refusal rule (atomic, no temp file left)", () => {
  const dir = freshDir();
  const path = join(dir, "offsets", "0");
  assert.equal(writeFileAtomic(path, "v1\n{}", { fsync: false, overwrite: false }), true);
  assert.equal(writeFileAtomic(path, "v1\nother", { fsync: false, overwrite: false }), false);
  assert.equal(readFileSync(path, "utf8"), "v1\n{}");
  assert.deepEqual(readdirSync(join(dir, "offsets")), ["0"]);
});
