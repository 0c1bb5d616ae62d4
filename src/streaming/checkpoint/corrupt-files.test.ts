// Every checkpoint file the engine reads, damaged every way a file gets damaged: each read is an
// error naming the file (STREAMING_CHECKPOINT_CORRUPT_FILE, or INVALID_LOG_VERSION for a file
// from a newer version), never a silently skipped or defaulted entry. One table per file kind:
// metadata, offsets/N, commits/N, sources/<i>/N and N.compact, the file sink's _spark_metadata/N,
// and the state checkpoint's operator metadata and schema files, each read through the reader the
// engine uses. (The state stores' delta and snapshot files have their own tests in streaming/state.)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { rmSync } from "node:fs";
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { LONG, STRING, StructField, StructType } from "../../types/data-type.js";
import {
  FileStreamSinkLog,
  fileSinkLogSettings,
  readSinkOutputFiles,
} from "../../connectors/file/file-sink-log.js";
import { CommitLog } from "./commit-log.js";
import { FileStreamSourceLog } from "./file-stream-source-log.js";
import { OffsetSeqLog } from "./offset-seq-log.js";
import {
  operatorStateMetadataPath,
  readOperatorStateMetadata,
  writeOperatorStateMetadata,
} from "./operator-state-metadata.js";
import { readStateSchemaFile, stateSchemaFilePath, writeStateSchemaFile } from "./state-schema.js";
import { readStreamMetadata, streamMetadataPath, writeStreamMetadata } from "./stream-metadata.js";
import { mulberry32 } from "../../../tests/support/random.js";

const root = mkdtempSync(join(tmpdir(), "tspark-corrupt-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const d = join(root, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

const CORRUPT = "STREAMING_CHECKPOINT_CORRUPT_FILE";
const TOO_NEW = "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION";

/** Seeded random bytes: what a disk or a careless copy leaves in a file. */
function garbage(seed: number, length = 64): Uint8Array {
  const next = mulberry32(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

/** One damaged file: its bytes and the error class its read must raise. */
interface Damage {
  readonly name: string;
  readonly bytes: string | Uint8Array;
  readonly errorClass: string;
  /** Words the message must hold besides the path. */
  readonly words?: RegExp;
}

/** The damages every versioned log file gets, from one valid file's text (version v<max>). */
function logDamages(valid: string, badJsonLine: string, max = 1): Damage[] {
  return [
    { name: "empty file", bytes: "", errorClass: CORRUPT, words: /the file is empty|log version from ""/ },
    { name: "truncated mid-line", bytes: valid.slice(0, valid.length - 5), errorClass: CORRUPT },
    { name: "only a truncated version line", bytes: "v", errorClass: CORRUPT, words: /log version/ },
    { name: "garbage bytes", bytes: garbage(7), errorClass: CORRUPT },
    { name: "garbage text", bytes: "hello world\nnot a log", errorClass: CORRUPT, words: /log version/ },
    {
      name: "a newer version",
      bytes: valid.replace(/^v[0-9]+/, "v99"),
      errorClass: TOO_NEW,
      words: new RegExp(`maximum supported log version is v${max}.*v99`),
    },
    { name: "version v0", bytes: valid.replace(/^v[0-9]+/, "v0"), errorClass: CORRUPT },
    { name: "version without v", bytes: valid.replace(/^v/, ""), errorClass: CORRUPT },
    {
      name: "invalid JSON line",
      bytes: `v${max}\n${badJsonLine}`,
      errorClass: CORRUPT,
      words: /not valid JSON/,
    },
    { name: "a JSON array instead of an object", bytes: `v${max}\n[1,2]`, errorClass: CORRUPT },
  ];
}

/**
 * Writes each damage to the file `path` and checks that `read` raises the damage's error naming
 * `path`; `restore` puts a valid file back, and `read` must then succeed (so the error came from
 * the damage, not from the setup).
 */
function checkTable(path: string, damages: readonly Damage[], read: () => unknown, valid: string): void {
  writeFileSync(path, valid);
  read();
  for (const d of damages) {
    writeFileSync(path, d.bytes);
    assert.throws(
      read,
      (e: unknown) => {
        assert.ok(e instanceof TsparkError, `${d.name}: ${String(e)}`);
        assert.equal(e.errorClass, d.errorClass, `${d.name}: ${e.message}`);
        assert.ok(e.message.includes(path), `${d.name}: the message names the file: ${e.message}`);
        if (d.words) assert.match(e.message, d.words, d.name);
        return true;
      },
      d.name,
    );
  }
  writeFileSync(path, valid);
  read();
}

test("metadata: empty, truncated, garbage, invalid JSON, wrong shape", () => {
  const dir = freshDir();
  writeStreamMetadata(dir, { id: "73f7f943-0a08-4ffb-a504-9fa88ff7612a" });
  const path = streamMetadataPath(dir);
  const valid = readFileSync(path, "utf8");
  checkTable(
    path,
    [
      { name: "empty file", bytes: "", errorClass: CORRUPT, words: /not valid JSON/ },
      { name: "truncated", bytes: valid.slice(0, 12), errorClass: CORRUPT },
      { name: "garbage bytes", bytes: garbage(11), errorClass: CORRUPT },
      { name: "trailing garbage", bytes: `${valid}x`, errorClass: CORRUPT },
      { name: "a JSON array", bytes: "[]", errorClass: CORRUPT },
      { name: "JSON null", bytes: "null", errorClass: CORRUPT },
      { name: "no id", bytes: "{}", errorClass: CORRUPT, words: /"id"/ },
      { name: "an empty id", bytes: '{"id":""}', errorClass: CORRUPT, words: /"id"/ },
      { name: "a numeric id", bytes: '{"id":7}', errorClass: CORRUPT, words: /"id"/ },
    ],
    () => readStreamMetadata(dir),
    valid,
  );
});

test("offsets/N: every damage of a log file, plus a missing metadata line, a bad conf, a blank offset", () => {
  const log = new OffsetSeqLog(join(freshDir(), "offsets"));
  log.add(0, {
    metadata: { batchWatermarkMs: 0, batchTimestampMs: 1000, conf: { a: "1" } },
    offsets: ["5", undefined],
  });
  const path = log.batchPath(0);
  const valid = readFileSync(path, "utf8");
  checkTable(
    path,
    [
      ...logDamages(valid, '{"batchWatermarkMs":0,'),
      { name: "no metadata line", bytes: "v1", errorClass: CORRUPT, words: /metadata line is missing/ },
      {
        name: "a non-string conf value",
        bytes: 'v1\n{"conf":{"a":1}}\n5',
        errorClass: CORRUPT,
        words: /"a"/,
      },
      {
        name: "a watermark that is no integer",
        bytes: 'v1\n{"batchWatermarkMs":"x"}\n5',
        errorClass: CORRUPT,
      },
      { name: "a blank offset line", bytes: "v1\n{}\n\n5", errorClass: CORRUPT, words: /line 3 is empty/ },
      { name: "an offset that is not JSON", bytes: "v1\n{}\n{5", errorClass: CORRUPT, words: /line 3/ },
    ],
    () => log.getLatest(),
    valid,
  );
});

test("commits/N: every damage of a log file, plus extra lines and a bad watermark", () => {
  const log = new CommitLog(join(freshDir(), "commits"));
  log.add(0, { nextBatchWatermarkMs: 1500 });
  const path = log.batchPath(0);
  const valid = readFileSync(path, "utf8");
  checkTable(
    path,
    [
      ...logDamages(valid, '{"nextBatchWatermarkMs":'),
      { name: "a third line", bytes: `${valid}\n{}`, errorClass: CORRUPT, words: /at most 2 lines/ },
      {
        name: "a watermark that is no integer",
        bytes: 'v1\n{"nextBatchWatermarkMs":1.5}',
        errorClass: CORRUPT,
      },
    ],
    () => log.getLatest(),
    valid,
  );
});

test("sources/<i>/N and N.compact: every damage of a log file, plus entries without path or batch id", () => {
  const dir = join(freshDir(), "sources", "0");
  const log = new FileStreamSourceLog(dir, 2);
  log.add(0, [{ path: "file:///in/a.json", timestamp: 1000, batchId: 0 }]);
  log.add(1, [{ path: "file:///in/b.json", timestamp: 2000, batchId: 1 }]);
  log.add(2, [{ path: "file:///in/c.json", timestamp: 3000, batchId: 2 }]);
  const damages = (valid: string): Damage[] => [
    ...logDamages(valid, '{"path":"file:///in/a.json","timest'),
    { name: "no path", bytes: 'v1\n{"timestamp":1,"batchId":0}', errorClass: CORRUPT, words: /"path"/ },
    {
      name: "no batch id",
      bytes: 'v1\n{"path":"file:///x","timestamp":1}',
      errorClass: CORRUPT,
      words: /"batchId"/,
    },
    { name: "a blank entry line", bytes: `${valid}\n`.replace("\n", "\n\n"), errorClass: CORRUPT },
  ];
  // A restarting file source reads the whole log: the latest compaction and the batches after it.
  const compact = log.batchPath(1);
  assert.ok(compact.endsWith("1.compact"));
  checkTable(
    compact,
    damages(readFileSync(compact, "utf8")),
    () => log.allFiles(),
    readFileSync(compact, "utf8"),
  );
  const plain = log.batchPath(2);
  checkTable(plain, damages(readFileSync(plain, "utf8")), () => log.allFiles(), readFileSync(plain, "utf8"));
  // A batch re-run reads its own batch file.
  checkTable(plain, damages(readFileSync(plain, "utf8")), () => log.getBatch(2), readFileSync(plain, "utf8"));
});

test("_spark_metadata/N and N.compact: every damage of a log file, plus entries with missing fields", () => {
  const out = freshDir();
  const logDir = join(out, "_spark_metadata");
  const conf = (k: string) => (k === "spark.sql.streaming.fileSink.log.compactInterval" ? "2" : undefined);
  const log = new FileStreamSinkLog(logDir, fileSinkLogSettings(conf, new ManualClock(0)));
  const entry = (name: string) => ({
    path: `file:${out}/${name}`,
    size: 10,
    isDir: false,
    modificationTime: 1000,
    blockReplication: 1,
    blockSize: 33554432,
    action: "add",
  });
  log.add(0, [entry("part-0.json")]);
  log.add(1, [entry("part-1.json")]);
  log.add(2, [entry("part-2.json")]);
  const damages = (valid: string): Damage[] => [
    ...logDamages(valid, '{"path":"file:/out/part-0.json","size":1'),
    {
      name: "no size",
      bytes: 'v1\n{"path":"/a","isDir":false,"action":"add"}',
      errorClass: CORRUPT,
      words: /"size"/,
    },
    {
      name: "isDir not a boolean",
      bytes: valid.replace('"isDir":false', '"isDir":0'),
      errorClass: CORRUPT,
      words: /"isDir"/,
    },
    {
      name: "no action",
      bytes: valid.replace(',"action":"add"', ""),
      errorClass: CORRUPT,
      words: /"action"/,
    },
  ];
  // What spark.read of the output (and a file stream source over it) reads.
  const read = () => readSinkOutputFiles(out, conf);
  for (const path of [log.batchPath(1), log.batchPath(2)]) {
    const valid = readFileSync(path, "utf8");
    checkTable(path, damages(valid), read, valid);
  }
  assert.ok(log.batchPath(1).endsWith("1.compact"));
});

test("state/<op>/_metadata/metadata: every damage of a log file (version v2), plus missing fields", () => {
  const stateRoot = join(freshDir(), "state");
  writeOperatorStateMetadata(
    stateRoot,
    {
      operatorInfo: { operatorId: 0, operatorName: "stateStoreSave" },
      stateStoreInfo: [{ storeName: "default", numColsPrefixKey: 0, numPartitions: 5 }],
    },
    false,
  );
  const path = operatorStateMetadataPath(stateRoot, 0);
  const valid = readFileSync(path, "utf8");
  checkTable(
    path,
    [
      ...logDamages(valid, '{"operatorInfo":{"operatorId":0,', 2),
      { name: "no metadata line", bytes: "v1", errorClass: CORRUPT, words: /missing/ },
      {
        name: "no operator name",
        bytes: valid.replace(',"operatorName":"stateStoreSave"', ""),
        errorClass: CORRUPT,
      },
      { name: "no partitions", bytes: valid.replace(',"numPartitions":5', ""), errorClass: CORRUPT },
    ],
    () => readOperatorStateMetadata(stateRoot, 0),
    valid,
  );
});

test("state/<op>/0/_metadata/schema (binary, Java writeUTF): empty, truncated, garbage, newer version, bad JSON, trailing bytes", () => {
  const stateRoot = join(freshDir(), "state");
  const schema = {
    keySchema: new StructType([new StructField("k", STRING)]),
    valueSchema: new StructType([new StructField("n", LONG)]),
  };
  writeStateSchemaFile(stateRoot, 0, schema, false);
  const path = stateSchemaFilePath(stateRoot, 0);
  const valid = readFileSync(path);
  /** Java's writeUTF of ASCII text: a big-endian u16 length, then the bytes. */
  const utf = (t: string) => Buffer.concat([Buffer.from([t.length >> 8, t.length & 255]), Buffer.from(t)]);
  const int = (v: number) => Buffer.from([0, 0, 0, v]);
  const read = () => readStateSchemaFile(stateRoot, 0);
  writeFileSync(path, valid);
  assert.deepEqual(read()?.keySchema.json(), schema.keySchema.json());
  const damages: Damage[] = [
    { name: "empty file", bytes: new Uint8Array(), errorClass: CORRUPT },
    {
      name: "truncated",
      bytes: valid.subarray(0, valid.length - 6),
      errorClass: CORRUPT,
      words: /truncated/,
    },
    { name: "garbage bytes", bytes: garbage(5, 40), errorClass: CORRUPT },
    { name: "a newer version", bytes: Buffer.concat([utf("v9"), valid.subarray(4)]), errorClass: TOO_NEW },
    {
      name: "a key schema that is not JSON",
      bytes: Buffer.concat([utf("v2"), int(1), utf('{"type":"str'), int(1), utf("{}")]),
      errorClass: CORRUPT,
      words: /key schema/,
    },
    { name: "trailing bytes", bytes: Buffer.concat([valid, Buffer.from([1])]), errorClass: CORRUPT },
  ];
  for (const d of damages) {
    writeFileSync(path, d.bytes);
    assert.throws(
      read,
      (e: unknown) => {
        assert.ok(e instanceof TsparkError, `${d.name}: ${String(e)}`);
        assert.equal(e.errorClass, d.errorClass, `${d.name}: ${e.message}`);
        assert.ok(e.message.includes(path), `${d.name}: ${e.message}`);
        if (d.words) assert.match(e.message, d.words, d.name);
        return true;
      },
      d.name,
    );
  }
});
