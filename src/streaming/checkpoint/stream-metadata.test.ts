// The checkpoint's metadata file: Spark's one-line JSON, written once.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import {
  loadOrCreateStreamMetadata,
  readStreamMetadata,
  streamMetadataPath,
  writeStreamMetadata,
} from "./stream-metadata.js";

const ID = "73f7f943-0a08-4ffb-a504-9fa88ff7612a";

test('writes {"id":…} once and reads it back', () => {
  const dir = join(mkdtempSync(join(tmpdir(), "tspark-meta-")), "cp");
  assert.equal(readStreamMetadata(dir), undefined);
  assert.equal(writeStreamMetadata(dir, { id: ID }), true);
  assert.equal(readFileSync(join(dir, "metadata"), "utf8"), `{"id":"${ID}"}`);
  assert.equal(writeStreamMetadata(dir, { id: "other" }), false);
  assert.deepEqual(readStreamMetadata(dir), { id: ID });
});

test("reads a Spark metadata file, and refuses corrupt ones naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-meta-"));
  const path = streamMetadataPath(dir);
  writeFileSync(path, `{"id":"${ID}"}\n`);
  assert.deepEqual(readStreamMetadata(dir), { id: ID });
  for (const text of ["", `{"id":"73f7`, "{}", '{"id":5}', "[]"]) {
    writeFileSync(path, text);
    assert.throws(
      () => readStreamMetadata(dir),
      (e: unknown) =>
        e instanceof TsparkError &&
        e.errorClass === "STREAMING_CHECKPOINT_CORRUPT_FILE" &&
        e.message.includes(path),
      text,
    );
  }
});

test("a new checkpoint gets a fresh id written once; an existing one keeps its id", () => {
  const dir = join(mkdtempSync(join(tmpdir(), "tspark-meta-")), "cp");
  let made = 0;
  const newId = () => `id-${++made}`;
  assert.deepEqual(loadOrCreateStreamMetadata(dir, newId), { id: "id-1" });
  assert.deepEqual(loadOrCreateStreamMetadata(dir, newId), { id: "id-1" });
  assert.equal(made, 1);
  assert.equal(readFileSync(streamMetadataPath(dir), "utf8"), '{"id":"id-1"}');
});

test("offsets without a metadata file: STREAMING_CHECKPOINT_INCONSISTENT_LOGS naming the missing file", () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-meta-"));
  // An empty offsets directory is a checkpoint that never planned a batch: a new id is fine.
  mkdirSync(join(dir, "offsets"));
  writeFileSync(join(dir, "offsets", ".0.abc.tmp"), "v1");
  assert.deepEqual(
    loadOrCreateStreamMetadata(dir, () => ID),
    { id: ID },
  );
  rmSync(streamMetadataPath(dir));
  writeFileSync(join(dir, "offsets", "0"), 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{}}\n0');
  writeFileSync(join(dir, "offsets", "3"), 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{}}\n3');
  assert.throws(
    () => loadOrCreateStreamMetadata(dir, () => "new"),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "STREAMING_CHECKPOINT_INCONSISTENT_LOGS" &&
      e.message.includes(streamMetadataPath(dir)) &&
      e.message.includes("batches up to 3"),
  );
  assert.equal(existsSync(streamMetadataPath(dir)), false, "nothing written");
});
