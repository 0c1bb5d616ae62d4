// The file sink's `_spark_metadata` log: Spark's bytes (FileStreamSinkLogSuite), compaction,
// expiry, retention, reading Spark 2.1's log, and the reader's metadata rules.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { timeStringAsMs } from "../stream-option.js";
import {
  ancestorIsMetadataDirectory,
  deriveCompactInterval,
  deserializeSinkFileStatuses,
  type FileSinkLogSettings,
  FileStreamSinkLog,
  fileSinkLogSettings,
  isCompactionBatch,
  localPathOf,
  type SinkFileStatus,
  serializeSinkFileStatuses,
  sinkFileStatusOf,
  sinkMetadataRoot,
  sinkPathOf,
} from "./file-sink-log.js";

function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), "tspark-sinklog-")), "_spark_metadata");
}

function settings(overrides: Partial<FileSinkLogSettings> = {}): FileSinkLogSettings {
  return { ...fileSinkLogSettings(() => undefined, new ManualClock(0)), ...overrides };
}

// FileStreamSinkLogSuite's newFakeSinkFileStatus: size 100, block size 100, one replica.
function fake(path: string, modificationTime = 8_000_000_000_000): SinkFileStatus {
  return {
    path,
    size: 100,
    isDir: false,
    modificationTime,
    blockReplication: 1,
    blockSize: 100,
    action: "add",
  };
}

const X: SinkFileStatus = {
  path: "/a/b/x",
  size: 100,
  isDir: false,
  modificationTime: 1000,
  blockReplication: 1,
  blockSize: 10000,
  action: "add",
};
const Z: SinkFileStatus = {
  path: "/a/b/z",
  size: 300,
  isDir: false,
  modificationTime: 3000,
  blockReplication: 3,
  blockSize: 30000,
  action: "add",
};
const XZ_TEXT =
  'v1\n{"path":"/a/b/x","size":100,"isDir":false,"modificationTime":1000,"blockReplication":1,"blockSize":10000,"action":"add"}\n{"path":"/a/b/z","size":300,"isDir":false,"modificationTime":3000,"blockReplication":3,"blockSize":30000,"action":"add"}';

test("serialize: v1 then one JSON line per file in Spark's field order, no trailing newline", () => {
  assert.equal(serializeSinkFileStatuses([X, Z]), XZ_TEXT);
  assert.equal(serializeSinkFileStatuses([]), "v1");
});

test("deserialize: Spark's lines back to entries; an empty batch is just the version", () => {
  assert.deepEqual(deserializeSinkFileStatuses(XZ_TEXT, "p"), [X, Z]);
  assert.deepEqual(deserializeSinkFileStatuses(`${XZ_TEXT}\n`, "p"), [X, Z]);
  assert.deepEqual(deserializeSinkFileStatuses("v1", "p"), []);
});

test("deserialize: a newer version, a bad version line, an empty file and bad JSON are errors naming the file", () => {
  const cls = (text: string) => {
    try {
      deserializeSinkFileStatuses(text, "/out/_spark_metadata/3");
    } catch (e) {
      assert.ok(e instanceof TsparkError);
      assert.match(e.message, /\/out\/_spark_metadata\/3/);
      return e.errorClass;
    }
    return "no error";
  };
  assert.equal(cls("v2\n"), "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION");
  assert.equal(cls("version 1"), "STREAMING_CHECKPOINT_CORRUPT_FILE");
  assert.equal(cls(""), "STREAMING_CHECKPOINT_CORRUPT_FILE");
  assert.equal(cls('v1\n{"path":"/a","size":1'), "STREAMING_CHECKPOINT_CORRUPT_FILE");
  assert.equal(cls('v1\n{"path":"/a","size":"1"}'), "STREAMING_CHECKPOINT_CORRUPT_FILE");
});

test("compact: with compactInterval 3 every third batch holds all files so far (FileStreamSinkLogSuite)", () => {
  const dir = freshDir();
  const log = new FileStreamSinkLog(dir, settings({ compactInterval: 3 }));
  for (let batchId = 0; batchId <= 10; batchId++) {
    assert.equal(log.add(batchId, [fake(`/a/b/${batchId}`)]), true);
    const expected = Array.from({ length: batchId + 1 }, (_, id) => fake(`/a/b/${id}`));
    assert.deepEqual(log.allFiles(), expected, `after batch ${batchId}`);
    if (isCompactionBatch(batchId, 3)) assert.deepEqual(log.get(batchId), expected);
  }
  // Default settings: nothing is old enough to delete (100 batches retained).
  assert.deepEqual(readdirSync(dir).sort(), [
    "0",
    "1",
    "10",
    "2.compact",
    "3",
    "4",
    "5.compact",
    "6",
    "7",
    "8.compact",
    "9",
  ]);
  assert.equal(readFileSync(join(dir, "8.compact"), "utf8").split("\n").length, 10);
});

test("add never overwrites a batch: the second writer of a batch id gets false", () => {
  const log = new FileStreamSinkLog(freshDir(), settings({ compactInterval: 3 }));
  assert.equal(log.add(0, [fake("/a/b/0")]), true);
  assert.equal(log.add(0, [fake("/a/b/other")]), false);
  assert.equal(log.add(1, [fake("/a/b/1")]), true);
  assert.equal(log.add(2, [fake("/a/b/2")]), true);
  assert.equal(log.add(2, [fake("/a/b/other")]), false);
  assert.deepEqual(
    log.allFiles().map((e) => e.path),
    ["/a/b/0", "/a/b/1", "/a/b/2"],
  );
  assert.equal(log.getLatestBatchId(), 2);
});

function batchFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /^[0-9]+(\.compact)?$/.test(n))
    .sort();
}

test("delete expired file: minBatchesToRetain 1 keeps only the latest compaction and what follows", () => {
  const dir = freshDir();
  // cleanupDelay 0 and a clock far ahead: every obsolete file is old enough (Spark's test sets the delay to 0).
  const log = new FileStreamSinkLog(
    dir,
    settings({
      compactInterval: 3,
      cleanupDelayMs: 0,
      minBatchesToRetain: 1,
      clock: new ManualClock(4102444800000),
    }),
  );
  const steps: [number, string[]][] = [
    [0, ["0"]],
    [1, ["0", "1"]],
    [2, ["0", "1", "2.compact"]],
    [3, ["2.compact", "3"]],
    [4, ["2.compact", "3", "4"]],
    [5, ["2.compact", "3", "4", "5.compact"]],
    [6, ["5.compact", "6"]],
  ];
  for (const [id, files] of steps) {
    log.add(id, [fake(`/a/b/${id}`)]);
    assert.deepEqual(batchFiles(dir), files, `after batch ${id}`);
  }
  assert.deepEqual(
    log.allFiles().map((e) => e.path),
    ["/a/b/0", "/a/b/1", "/a/b/2", "/a/b/3", "/a/b/4", "/a/b/5", "/a/b/6"],
  );
});

test("delete expired file: minBatchesToRetain 2", () => {
  const dir = freshDir();
  const log = new FileStreamSinkLog(
    dir,
    settings({
      compactInterval: 3,
      cleanupDelayMs: 0,
      minBatchesToRetain: 2,
      clock: new ManualClock(4102444800000),
    }),
  );
  const steps: [number, string[]][] = [
    [0, ["0"]],
    [1, ["0", "1"]],
    [2, ["0", "1", "2.compact"]],
    [3, ["0", "1", "2.compact", "3"]],
    [4, ["2.compact", "3", "4"]],
    [5, ["2.compact", "3", "4", "5.compact"]],
    [6, ["2.compact", "3", "4", "5.compact", "6"]],
    [7, ["5.compact", "6", "7"]],
  ];
  for (const [id, files] of steps) {
    log.add(id, [fake(`/a/b/${id}`)]);
    assert.deepEqual(batchFiles(dir), files, `after batch ${id}`);
  }
});

test("obsolete files younger than the cleanup delay stay; deletion off keeps everything", () => {
  const dir = freshDir();
  // The clock reads the epoch: every file on disk is "in the future", none is old enough.
  const log = new FileStreamSinkLog(dir, settings({ compactInterval: 3, minBatchesToRetain: 1 }));
  for (let id = 0; id <= 6; id++) log.add(id, [fake(`/a/b/${id}`)]);
  assert.deepEqual(batchFiles(dir), ["0", "1", "2.compact", "3", "4", "5.compact", "6"]);
  const dir2 = freshDir();
  const log2 = new FileStreamSinkLog(
    dir2,
    settings({
      compactInterval: 3,
      minBatchesToRetain: 1,
      cleanupDelayMs: 0,
      deleteExpiredLog: false,
      clock: new ManualClock(4102444800000),
    }),
  );
  for (let id = 0; id <= 6; id++) log2.add(id, [fake(`/a/b/${id}`)]);
  assert.deepEqual(batchFiles(dir2), ["0", "1", "2.compact", "3", "4", "5.compact", "6"]);
});

test("shouldRetain: entries older than the retention are filtered out when compacting (ttl 60s)", () => {
  const curTime = 1_700_000_000_000;
  const log = new FileStreamSinkLog(
    freshDir(),
    settings({ retentionMs: 60000, clock: new ManualClock(curTime) }),
  );
  for (const p of ["/a/b/x", "/a/b/y", "/a/b/z"])
    assert.equal(log.shouldRetain(fake(p, curTime), curTime), true);
  assert.equal(log.shouldRetain(fake("/a/b/m", curTime - 80000), curTime), false);
  assert.equal(log.shouldRetain(fake("/a/b/n", curTime - 120000), curTime), false);
  // Without a retention everything is kept.
  const keepAll = new FileStreamSinkLog(freshDir(), settings());
  assert.equal(keepAll.shouldRetain(fake("/a/b/x", 0), curTime), true);
  // Compaction drops the expired entries from the .compact file.
  const dir = freshDir();
  const ttl = new FileStreamSinkLog(
    dir,
    settings({ compactInterval: 2, retentionMs: 60000, clock: new ManualClock(curTime) }),
  );
  ttl.add(0, [fake("/a/b/old", curTime - 120000), fake("/a/b/new", curTime - 1000)]);
  ttl.add(1, [fake("/a/b/one", curTime)]);
  assert.deepEqual(
    (ttl.get(1) ?? []).map((e) => e.path),
    ["/a/b/new", "/a/b/one"],
  );
});

test("reads Spark 2.1.0's log (7.compact, 8, 9): the interval is derived from the compaction file", () => {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const line = (i: number, size: number, mtime: number, repl = 1, block = 100) =>
    `{"path":"/a/b/${i}","size":${size},"isDir":false,"modificationTime":${mtime},"blockReplication":${repl},"blockSize":${block},"action":"add"}`;
  const compacted = [line(0, 1, 1), ...[1, 2, 3, 4, 5, 6, 7].map((i) => line(i, i * 100, i * 100))];
  writeFileSync(join(dir, "7.compact"), `v1\n${compacted.join("\n")}\n`);
  writeFileSync(join(dir, "8"), `v1\n${line(8, 800, 800)}\n`);
  writeFileSync(join(dir, "9"), `v1\n${line(9, 900, 900, 3, 200)}\n`);
  const log = new FileStreamSinkLog(dir, settings());
  assert.equal(log.compactInterval, 8);
  const status = (i: number, size: number, mtime: number, repl = 1, block = 100): SinkFileStatus => ({
    path: `/a/b/${i}`,
    size,
    isDir: false,
    modificationTime: mtime,
    blockReplication: repl,
    blockSize: block,
    action: "add",
  });
  assert.deepEqual(log.allFiles(), [
    status(0, 1, 1),
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => status(i, i * 100, i * 100)),
    status(9, 900, 900, 3, 200),
  ]);
  assert.equal(log.getLatestBatchId(), 9);
});

test("a delete entry (Spark before 3.1) removes the file it names", () => {
  const dir = freshDir();
  const log = new FileStreamSinkLog(dir, settings());
  log.add(0, [fake("/a/b/0"), fake("/a/b/1")]);
  log.add(1, [{ ...fake("/a/b/0"), action: "delete" }, fake("/a/b/2")]);
  assert.deepEqual(
    log.allFiles().map((e) => e.path),
    ["/a/b/1", "/a/b/2"],
  );
});

test("getLatestBatchId ignores foreign names and temp files", () => {
  const dir = freshDir();
  const log = new FileStreamSinkLog(dir, settings());
  log.add(0, []);
  log.add(1, []);
  writeFileSync(join(dir, ".2.abc.tmp"), "v1");
  writeFileSync(join(dir, "notes.txt"), "x");
  assert.equal(log.getLatestBatchId(), 1);
  assert.deepEqual(log.listBatchIds(), [0, 1]);
  assert.equal(new FileStreamSinkLog(freshDir(), settings()).getLatestBatchId(), undefined);
  assert.deepEqual(new FileStreamSinkLog(freshDir(), settings()).allFiles(), []);
});

test("a compaction that needs a missing batch file is STREAMING_CHECKPOINT_INCONSISTENT_LOGS", () => {
  const dir = freshDir();
  const log = new FileStreamSinkLog(dir, settings({ compactInterval: 3 }));
  log.add(0, [fake("/a/b/0")]);
  assert.throws(
    () => log.add(2, [fake("/a/b/2")]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "STREAMING_CHECKPOINT_INCONSISTENT_LOGS",
  );
});

test("the compact interval of an existing log: derived from one .compact, the distance between two", () => {
  assert.equal(deriveCompactInterval(5, 11), 6); // 11.compact, default 5 → 6 (Spark's example)
  assert.equal(deriveCompactInterval(10, 7), 8);
  assert.equal(deriveCompactInterval(3, 15), 4);
  assert.equal(deriveCompactInterval(9, 15), 16);
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "3.compact"), "v1");
  writeFileSync(join(dir, "7.compact"), "v1");
  assert.equal(new FileStreamSinkLog(dir, settings()).compactInterval, 4);
});

test("settings from the conf: defaults, time strings, a non-positive interval is ILLEGAL_ARGUMENT", () => {
  const d = fileSinkLogSettings(() => undefined, new ManualClock(0));
  assert.equal(d.compactInterval, 10);
  assert.equal(d.deleteExpiredLog, true);
  assert.equal(d.cleanupDelayMs, 600_000);
  assert.equal(d.minBatchesToRetain, 100);
  assert.equal(d.retentionMs, undefined);
  const conf = new Map([
    ["spark.sql.streaming.fileSink.log.compactInterval", "3"],
    ["spark.sql.streaming.fileSink.log.deletion", "false"],
    ["spark.sql.streaming.fileSink.log.cleanupDelay", "5s"],
    ["spark.sql.streaming.minBatchesToRetain", "2"],
  ]);
  const s = fileSinkLogSettings((k) => conf.get(k), new ManualClock(0), "1h");
  assert.deepEqual(
    [s.compactInterval, s.deleteExpiredLog, s.cleanupDelayMs, s.minBatchesToRetain, s.retentionMs],
    [3, false, 5000, 2, 3_600_000],
  );
  assert.throws(
    () => fileSinkLogSettings((k) => (k.endsWith("compactInterval") ? "0" : undefined)),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ILLEGAL_ARGUMENT",
  );
  assert.equal(timeStringAsMs("100"), 100);
  assert.equal(timeStringAsMs(" 2MIN "), 120_000);
  assert.equal(timeStringAsMs("1500us"), 1);
  assert.equal(timeStringAsMs("1d"), 86_400_000);
  assert.throws(
    () => timeStringAsMs("ten seconds"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ILLEGAL_ARGUMENT",
  );
  assert.throws(
    () => timeStringAsMs("10weeks"),
    (e: unknown) => e instanceof TsparkError && /Invalid suffix/.test(e.message),
  );
});

test("entries name files by Hadoop's file: URI and read back to the local path", () => {
  const base = mkdtempSync(join(tmpdir(), "tspark-sinklog-uri-"));
  const dir = join(base, "output @#output", "value=hello world");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "part-00000-x-c000.json");
  writeFileSync(file, '{"a":1}\n');
  const st = sinkFileStatusOf(file);
  assert.match(st.path, /^file:\/[^/]/);
  assert.ok(st.path.includes("output%20@%23output/value=hello%20world/part-00000-x-c000.json"), st.path);
  assert.equal(st.size, 8);
  assert.equal(st.isDir, false);
  assert.equal(st.blockReplication, 1);
  assert.equal(st.blockSize, 33554432);
  assert.equal(st.action, "add");
  assert.equal(Number.isInteger(st.modificationTime), true);
  assert.equal(localPathOf(st.path), file);
  assert.equal(localPathOf(sinkPathOf(file).replace("file:/", "file:///")), file);
  assert.equal(localPathOf("/a/b/x%20y"), "/a/b/x y");
});

test("hasMetadata: only a single directory path holding _spark_metadata; ignoreMetadata turns it off", () => {
  const out = mkdtempSync(join(tmpdir(), "tspark-sinkroot-"));
  const plain = mkdtempSync(join(tmpdir(), "tspark-sinkroot-plain-"));
  mkdirSync(join(out, "_spark_metadata"));
  mkdirSync(join(out, "id=1"));
  writeFileSync(join(out, "f.json"), "{}");
  assert.equal(sinkMetadataRoot([out], false), out);
  assert.equal(sinkMetadataRoot([`file://${out}`], false), out);
  assert.equal(sinkMetadataRoot([`file:${out}`], false), out);
  assert.equal(sinkMetadataRoot([out], true), undefined);
  assert.equal(sinkMetadataRoot([out, plain], false), undefined);
  assert.equal(sinkMetadataRoot([plain], false), undefined);
  assert.equal(sinkMetadataRoot([join(out, "*")], false), undefined);
  assert.equal(sinkMetadataRoot([join(out, "id=1")], false), undefined);
  assert.equal(sinkMetadataRoot([join(out, "f.json")], false), undefined);
  assert.equal(sinkMetadataRoot([join(out, "missing")], false), undefined);
  assert.equal(sinkMetadataRoot([""], false), undefined);
  assert.equal(sinkMetadataRoot([], false), undefined);
});

test("ancestorIsMetadataDirectory (FileStreamSinkSuite's cases)", () => {
  for (const p of [
    "/_spark_metadata",
    "/_spark_metadata/",
    "/a/_spark_metadata",
    "/a/_spark_metadata/",
    "/a/b/_spark_metadata/c",
    "/a/b/_spark_metadata/c/",
  ])
    assert.equal(ancestorIsMetadataDirectory(p), true, p);
  for (const p of ["/a/b/c", "/a/b/c/_spark_metadataextra"])
    assert.equal(ancestorIsMetadataDirectory(p), false, p);
});
