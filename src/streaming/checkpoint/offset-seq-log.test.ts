// The offset log: Spark's file format byte for byte, round trips, and bad files.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import {
  deserializeOffsetSeq,
  latestLoggedConf,
  type OffsetSeq,
  OffsetSeqLog,
  serializeOffsetSeq,
} from "./offset-seq-log.js";

const SPARK_231 =
  'v1\n{"batchWatermarkMs":5000,"batchTimestampMs":1531991878604,"conf":{"spark.sql.shuffle.partitions":"5","spark.sql.streaming.stateStore.providerClass":"org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider"}}\n1';

function freshLog(): OffsetSeqLog {
  return new OffsetSeqLog(join(mkdtempSync(join(tmpdir(), "tspark-offsets-")), "offsets"));
}

function assertError(run: () => unknown, errorClass: string, path: string, words?: RegExp): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof TsparkError, String(e));
    assert.equal(e.errorClass, errorClass);
    assert.ok(e.message.includes(path), e.message);
    if (words) assert.match(e.message, words);
    return true;
  });
}

test("reads the Spark 2.3.1 offset file", () => {
  const log = freshLog();
  // A checkpoint file copied from Spark.
  mkdirSync(log.directory, { recursive: true });
  writeFileSync(log.batchPath(0), SPARK_231);
  assert.deepEqual(log.listBatchIds(), [0]);
  assert.deepEqual(log.get(0), {
    metadata: {
      batchWatermarkMs: 5000,
      batchTimestampMs: 1531991878604,
      conf: {
        "spark.sql.shuffle.partitions": "5",
        "spark.sql.streaming.stateStore.providerClass":
          "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
      },
    },
    offsets: ["1"],
  });
});

test("writes Spark's bytes: version, metadata, one line per source, '-' for none, no trailing newline", () => {
  const seq: OffsetSeq = deserializeOffsetSeq(SPARK_231, "mem");
  assert.equal(serializeOffsetSeq(seq), SPARK_231);
  const log = freshLog();
  const multi: OffsetSeq = {
    metadata: { batchWatermarkMs: 0, batchTimestampMs: 1480981499528, conf: {} },
    offsets: ['{"logOffset":345}', undefined, '{"topic-0":{"0":1}}'],
  };
  assert.equal(log.add(3, multi), true);
  assert.equal(
    readFileSync(log.batchPath(3), "utf8"),
    'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1480981499528,"conf":{}}\n{"logOffset":345}\n-\n{"topic-0":{"0":1}}',
  );
  assert.deepEqual(log.get(3), multi);
});

test("older metadata without conf or timestamps reads with defaults", () => {
  assert.deepEqual(
    deserializeOffsetSeq(
      'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1480981499528}\n{"logOffset":345}\n{"topic-0":{"0":1}}',
      "p",
    ),
    {
      metadata: { batchWatermarkMs: 0, batchTimestampMs: 1480981499528, conf: {} },
      offsets: ['{"logOffset":345}', '{"topic-0":{"0":1}}'],
    },
  );
  assert.deepEqual(deserializeOffsetSeq("v1\n{}\n-", "p").metadata, {
    batchWatermarkMs: 0,
    batchTimestampMs: 0,
    conf: {},
  });
});

test("a newer version is refused with an upgrade hint naming the file", () => {
  const log = freshLog();
  log.add(0, deserializeOffsetSeq(SPARK_231, "mem"));
  writeFileSync(log.batchPath(0), SPARK_231.replace("v1", "v2"));
  assertError(
    () => log.get(0),
    "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION",
    log.batchPath(0),
    /v1.*v2.*[Uu]pgrade/,
  );
  writeFileSync(log.batchPath(0), "v99999");
  assertError(() => log.get(0), "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION", log.batchPath(0), /v99999/);
});

test("garbage, empty and truncated files are corrupt, naming the file", () => {
  const log = freshLog();
  log.add(0, deserializeOffsetSeq(SPARK_231, "mem"));
  const path = log.batchPath(0);
  for (const text of [
    "",
    "garbage",
    "v0\n{}",
    "vx\n{}",
    "1\n{}",
    "v1",
    'v1\n{"batchWatermarkMs":5000,"batchTim',
    'v1\n{"batchWatermarkMs":5000}\n{"logOffset":',
    'v1\n{"batchWatermarkMs":"5000"}',
    'v1\n{"batchWatermarkMs":1.5}',
    'v1\n{"conf":{"a":1}}',
    "v1\n[1]",
    "v1\n{}\n\n1",
  ]) {
    writeFileSync(path, text);
    assertError(() => log.get(0), "STREAMING_CHECKPOINT_CORRUPT_FILE", path);
  }
});

test("an offset that is not one JSON line cannot be written", () => {
  const meta = { batchWatermarkMs: 0, batchTimestampMs: 0, conf: {} };
  assert.throws(() => serializeOffsetSeq({ metadata: meta, offsets: ['{\n"a":1}'] }), TsparkError);
});

test("latestLoggedConf: the newest entry's conf; nothing for an empty log or an unreadable entry", () => {
  const log = freshLog();
  assert.equal(latestLoggedConf(log.directory), undefined);
  mkdirSync(log.directory, { recursive: true });
  writeFileSync(log.batchPath(0), SPARK_231);
  assert.deepEqual(latestLoggedConf(log.directory), {
    "spark.sql.shuffle.partitions": "5",
    "spark.sql.streaming.stateStore.providerClass":
      "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
  });
  // The run reports a bad newest entry (it reads the same file first).
  writeFileSync(log.batchPath(1), "v1\n{garbage");
  assert.equal(latestLoggedConf(log.directory), undefined);
  assertError(() => log.getLatest(), "STREAMING_CHECKPOINT_CORRUPT_FILE", log.batchPath(1));
});
