// The checkpoint's metadata file: Spark's one-line JSON, written once.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { readStreamMetadata, streamMetadataPath, writeStreamMetadata } from "./stream-metadata.js";

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
