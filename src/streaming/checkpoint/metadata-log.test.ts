// The generic write-once batch log: add/get/latest/range/purge on real directories.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { corruptFile, parseLogVersion } from "../../storage/log-version.js";
import { type LogCodec, MetadataLog, parseBatchId, purgeThreshold } from "./metadata-log.js";

const TEXT_CODEC: LogCodec<string> = {
  serialize: (s) => `v1\n${s}`,
  deserialize: (text, path) => {
    const [version, body] = text.split("\n");
    parseLogVersion(version, 1, path);
    if (body === undefined) throw corruptFile(path, "no body");
    return body;
  },
};

function freshLog(): MetadataLog<string> {
  return new MetadataLog(join(mkdtempSync(join(tmpdir(), "tspark-mlog-")), "log"), TEXT_CODEC);
}

test("an empty or missing log has no batches", () => {
  const log = freshLog();
  assert.equal(log.get(0), undefined);
  assert.equal(log.getLatest(), undefined);
  assert.equal(log.getLatestBatchId(), undefined);
  assert.deepEqual(log.listBatchIds(), []);
  assert.deepEqual(log.getRange(), []);
  log.purge(10);
});

test("add writes one file per batch named by the decimal id; get, latest and range read them back", () => {
  const log = freshLog();
  for (const id of [0, 1, 2, 10]) assert.equal(log.add(id, `batch${id}`), true);
  assert.deepEqual(readdirSync(log.directory).sort(), ["0", "1", "10", "2"]);
  assert.equal(readFileSync(log.batchPath(10), "utf8"), "v1\nbatch10");
  assert.equal(log.get(2), "batch2");
  assert.equal(log.get(3), undefined);
  assert.deepEqual(log.listBatchIds(), [0, 1, 2, 10]);
  assert.deepEqual(log.getLatest(), { batchId: 10, entry: "batch10" });
  assert.equal(log.getLatestBatchId(), 10);
  assert.deepEqual(
    log.getRange(1, 2).map((e) => e.batchId),
    [1, 2],
  );
  assert.deepEqual(
    log.getRange(2).map((e) => e.entry),
    ["batch2", "batch10"],
  );
  assert.deepEqual(
    log.getRange(undefined, 1).map((e) => e.entry),
    ["batch0", "batch1"],
  );
});

test("a batch is never overwritten: add returns false, addOrFail is CONCURRENT_STREAM_LOG_UPDATE", () => {
  const log = freshLog();
  assert.equal(log.add(0, "first"), true);
  assert.equal(log.add(0, "second"), false);
  assert.equal(log.get(0), "first");
  assert.throws(
    () => log.addOrFail(0, "third"),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "CONCURRENT_STREAM_LOG_UPDATE" &&
      e.sqlState === "40000" &&
      e.messageParameters.batchId === "0",
  );
  log.addOrFail(1, "ok");
  assert.equal(log.get(1), "ok");
  assert.deepEqual(readdirSync(log.directory).sort(), ["0", "1"]);
});

test("a new instance over the same directory sees the batches (restart)", () => {
  const log = freshLog();
  log.add(0, "a");
  log.add(1, "b");
  const again = new MetadataLog(log.directory, TEXT_CODEC);
  assert.deepEqual(again.getLatest(), { batchId: 1, entry: "b" });
  assert.equal(again.add(1, "c"), false);
});

test("purge deletes batches strictly older than the threshold", () => {
  const log = freshLog();
  for (let id = 0; id < 6; id++) log.add(id, `b${id}`);
  log.purge(3);
  assert.deepEqual(log.listBatchIds(), [3, 4, 5]);
  log.purge(0);
  assert.deepEqual(log.listBatchIds(), [3, 4, 5]);
  log.purge(100);
  assert.deepEqual(log.listBatchIds(), []);
});

test("purgeThreshold keeps minBatchesToRetain batches as Spark does", () => {
  assert.equal(purgeThreshold(0, 100), undefined);
  assert.equal(purgeThreshold(100, 100), undefined);
  assert.equal(purgeThreshold(101, 100), 1);
  assert.equal(purgeThreshold(5, 2), 3);
  const log = freshLog();
  for (let id = 0; id <= 5; id++) log.add(id, `b${id}`);
  const threshold = purgeThreshold(5, 2);
  if (threshold !== undefined) log.purge(threshold);
  assert.deepEqual(log.listBatchIds(), [3, 4, 5]);
});

test("temp files of an interrupted write and foreign names are not batches", () => {
  const log = freshLog();
  log.add(0, "a");
  mkdirSync(log.directory, { recursive: true });
  writeFileSync(join(log.directory, ".1.deadbeef.tmp"), "v1\npart");
  writeFileSync(join(log.directory, ".0.crc"), "x");
  writeFileSync(join(log.directory, "README"), "x");
  assert.deepEqual(log.listBatchIds(), [0]);
  assert.deepEqual(log.getLatest(), { batchId: 0, entry: "a" });
  assert.equal(log.get(1), undefined);
  assert.equal(log.add(1, "b"), true);
  assert.equal(log.get(1), "b");
});

test("a corrupt latest batch is an error, not skipped", () => {
  const log = freshLog();
  log.add(0, "a");
  writeFileSync(log.batchPath(1), "v1");
  assert.throws(
    () => log.getLatest(),
    (e: unknown) => e instanceof TsparkError && e.message.includes(log.batchPath(1)),
  );
});

test("batch ids must be non-negative integers", () => {
  const log = freshLog();
  for (const id of [-1, 1.5, Number.NaN]) assert.throws(() => log.add(id, "x"), TsparkError);
  assert.equal(parseBatchId("12"), 12);
  assert.equal(parseBatchId("12.compact"), undefined);
  assert.equal(parseBatchId("-1"), undefined);
  assert.equal(parseBatchId(""), undefined);
});

test("purgeFrom deletes the batches in [from, threshold) without touching newer ones", () => {
  const log = freshLog();
  for (let b = 0; b < 6; b++) log.add(b, `e${b}`);
  log.purge(2);
  log.purgeFrom(2, 4);
  assert.deepEqual(log.listBatchIds(), [4, 5]);
  log.purgeFrom(4, 4);
  assert.deepEqual(log.listBatchIds(), [4, 5]);
});
