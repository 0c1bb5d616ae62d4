// The file source's seen-files log: Spark's bytes, compaction, interval derivation, bad files.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import {
  deriveCompactInterval,
  deserializeFileEntries,
  type FileEntry,
  FileStreamSourceLog,
  isCompactionBatch,
  serializeFileEntries,
} from "./file-stream-source-log.js";

function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), "tspark-srclog-")), "sources", "0");
}

function entry(batchId: number, name: string): FileEntry {
  return { path: `file:///data/in/${name}`, timestamp: 1480730950000 + batchId, batchId };
}

test("writes v1 and one JSON line per file in Spark's field order, no trailing newline", () => {
  const log = new FileStreamSourceLog(freshDir());
  assert.equal(log.add(0, [entry(0, "a.json"), entry(0, "b.json")]), true);
  assert.equal(
    readFileSync(log.batchPath(0), "utf8"),
    'v1\n{"path":"file:///data/in/a.json","timestamp":1480730950000,"batchId":0}\n{"path":"file:///data/in/b.json","timestamp":1480730950000,"batchId":0}',
  );
  assert.deepEqual(log.getBatch(0), [entry(0, "a.json"), entry(0, "b.json")]);
  assert.equal(log.add(0, [entry(0, "c.json")]), false);
});

test("reads a Spark file-source log line", () => {
  const text = 'v1\n{"path":"file:///tmp/x/a.json","timestamp":1480730950000,"batchId":3}';
  assert.deepEqual(deserializeFileEntries(text, "p"), [
    { path: "file:///tmp/x/a.json", timestamp: 1480730950000, batchId: 3 },
  ]);
  assert.equal(serializeFileEntries(deserializeFileEntries(text, "p")), text);
  assert.deepEqual(deserializeFileEntries("v1", "p"), []);
});

test("compacts every compactInterval batches into <id>.compact holding the history", () => {
  const dir = freshDir();
  const log = new FileStreamSourceLog(dir, 3);
  const expected: FileEntry[] = [];
  for (let id = 0; id <= 7; id++) {
    const files = [entry(id, `f${id}.json`)];
    assert.equal(log.add(id, files), true);
    expected.push(...files);
    assert.deepEqual(log.allFiles(), expected, `after batch ${id}`);
    assert.deepEqual(log.getBatch(id), files);
  }
  assert.deepEqual(readdirSync(dir).sort(), ["0", "1", "2.compact", "3", "4", "5.compact", "6", "7"]);
  assert.deepEqual(
    deserializeFileEntries(readFileSync(join(dir, "5.compact"), "utf8"), "p").map((e) => e.batchId),
    [0, 1, 2, 3, 4, 5],
  );
  assert.equal(log.add(5, [entry(5, "again")]), false);
  assert.deepEqual(log.listBatchIds(), [0, 1, 2, 3, 4, 5, 6, 7]);
  // A restarted query reads the same history.
  assert.deepEqual(new FileStreamSourceLog(dir, 3).allFiles(), expected);
});

test("default interval 10: batch 9 is the first compaction", () => {
  const dir = freshDir();
  const log = new FileStreamSourceLog(dir);
  for (let id = 0; id <= 10; id++) log.add(id, [entry(id, `f${id}`)]);
  assert.ok(readdirSync(dir).includes("9.compact"));
  assert.equal(isCompactionBatch(9, 10), true);
  assert.equal(isCompactionBatch(10, 10), false);
  assert.equal(isCompactionBatch(19, 10), true);
  assert.equal(log.allFiles().length, 11);
});

test("an existing log keeps the interval it was compacted with", () => {
  assert.equal(deriveCompactInterval(10, 2), 3);
  assert.equal(deriveCompactInterval(3, 2), 3);
  assert.equal(deriveCompactInterval(2, 5), 2);
  assert.equal(deriveCompactInterval(4, 11), 4);
  assert.equal(deriveCompactInterval(5, 9), 10);
  assert.equal(deriveCompactInterval(4, 12), 13);
  const dir = freshDir();
  const old = new FileStreamSourceLog(dir, 3);
  for (let id = 0; id <= 4; id++) old.add(id, [entry(id, `f${id}`)]);
  const restarted = new FileStreamSourceLog(dir, 10);
  assert.equal(restarted.compactInterval, 3);
  restarted.add(5, [entry(5, "f5")]);
  assert.ok(readdirSync(dir).includes("5.compact"));
  assert.equal(restarted.allFiles().length, 6);
});

test("a log with two or more compaction files keeps the distance between the latest two", () => {
  // Spark's CompactibleFileStreamLog, case 2: 9.compact and 19.compact mean interval 10, whatever
  // the configured default (deriving from 19 alone would give 20 for a default of 10).
  const dir = freshDir();
  const old = new FileStreamSourceLog(dir, 10);
  for (let id = 0; id <= 24; id++) old.add(id, [entry(id, `f${id}`)]);
  for (const configured of [10, 3, 15]) {
    const restarted = new FileStreamSourceLog(dir, configured);
    assert.equal(restarted.compactInterval, 10);
    assert.deepEqual(restarted.getBatch(9), [entry(9, "f9")]);
    assert.deepEqual(restarted.getBatch(19), [entry(19, "f19")]);
  }
  const restarted = new FileStreamSourceLog(dir, 10);
  for (let id = 25; id <= 29; id++) restarted.add(id, [entry(id, `f${id}`)]);
  assert.ok(readdirSync(dir).includes("29.compact"));
  assert.equal(restarted.allFiles().length, 30);
});

test("a batch file missing under a compaction is an error naming it, not skipped", () => {
  const dir = freshDir();
  const log = new FileStreamSourceLog(dir, 3);
  log.add(0, [entry(0, "a")]);
  assert.throws(
    () => log.add(2, [entry(2, "c")]),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "STREAMING_CHECKPOINT_INCONSISTENT_LOGS" &&
      e.message.includes(join(dir, "1")),
  );
  // Batches 3 and 4 exist but the compaction file 2.compact they build on does not.
  log.add(3, [entry(3, "d")]);
  log.add(4, [entry(4, "e")]);
  assert.throws(
    () => log.allFiles(),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "STREAMING_CHECKPOINT_INCONSISTENT_LOGS" &&
      e.message.includes(join(dir, "2.compact")),
  );
});

test("bad files are errors naming the file", () => {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const log = new FileStreamSourceLog(dir);
  const path = log.batchPath(0);
  for (const [text, errorClass] of [
    ['v2\n{"path":"file:///a","timestamp":1,"batchId":0}', "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION"],
    ["", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"path":"file:///a","timest', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"timestamp":1,"batchId":0}', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"path":"file:///a","batchId":0}', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"path":"file:///a","timestamp":1,"batchId":0}\n', "none"],
  ] as const) {
    writeFileSync(path, text);
    if (errorClass === "none") {
      assert.equal(log.getBatch(0)?.length, 1);
      continue;
    }
    assert.throws(
      () => log.getBatch(0),
      (e: unknown) => e instanceof TsparkError && e.errorClass === errorClass && e.message.includes(path),
      text,
    );
  }
});

test("purge is refused as in Spark", () => {
  assert.throws(() => new FileStreamSourceLog(freshDir()).purge(1), TsparkError);
});
