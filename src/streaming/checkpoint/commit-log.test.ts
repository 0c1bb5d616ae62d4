// The commit log: Spark's bytes, the legacy one-line form, and bad files.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { CommitLog, deserializeCommit, serializeCommit } from "./commit-log.js";

function freshLog(): CommitLog {
  return new CommitLog(join(mkdtempSync(join(tmpdir(), "tspark-commits-")), "commits"));
}

test("writes v1 and the next watermark, no trailing newline, and reads it back", () => {
  const log = freshLog();
  assert.equal(log.add(0, { nextBatchWatermarkMs: 0 }), true);
  assert.equal(log.add(1, { nextBatchWatermarkMs: 15000 }), true);
  assert.equal(readFileSync(log.batchPath(0), "utf8"), 'v1\n{"nextBatchWatermarkMs":0}');
  assert.equal(readFileSync(log.batchPath(1), "utf8"), 'v1\n{"nextBatchWatermarkMs":15000}');
  assert.deepEqual(log.getLatest(), { batchId: 1, entry: { nextBatchWatermarkMs: 15000 } });
  assert.equal(log.add(1, { nextBatchWatermarkMs: 1 }), false);
});

test("legacy files without the metadata line read as watermark 0", () => {
  assert.deepEqual(deserializeCommit("v1", "p"), { nextBatchWatermarkMs: 0 });
  assert.deepEqual(deserializeCommit("v1\n", "p"), { nextBatchWatermarkMs: 0 });
  assert.deepEqual(deserializeCommit("v1\n{}", "p"), { nextBatchWatermarkMs: 0 });
  assert.equal(serializeCommit({ nextBatchWatermarkMs: 7 }), 'v1\n{"nextBatchWatermarkMs":7}');
});

test("unknown versions, garbage and truncated files are errors naming the file", () => {
  const log = freshLog();
  log.add(0, { nextBatchWatermarkMs: 0 });
  const path = log.batchPath(0);
  const cases: [string, string][] = [
    ['v2\n{"nextBatchWatermarkMs":0}', "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION"],
    ["", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["xyz", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"nextBatchWatermarkMs":1', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"nextBatchWatermarkMs":"1"}', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["v1\n{}\nextra", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
  ];
  for (const [text, errorClass] of cases) {
    writeFileSync(path, text);
    assert.throws(
      () => log.get(0),
      (e: unknown) => e instanceof TsparkError && e.errorClass === errorClass && e.message.includes(path),
      text,
    );
  }
});
