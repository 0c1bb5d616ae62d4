// The argument parsing and the two report formats of `tspark checkpoint inspect`, on a summary
// built here: a watermark other than 0 (no query sets one before event time lands, issue #7), an
// offset that is not JSON, a source without an offset, and an operator without metadata.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { CheckpointSummary } from "../streaming/state-source/checkpoint-summary.js";
import { StructField, StructType, LONG, STRING } from "../types/data-type.js";
import { formatSummary, parseCheckpointArgs, summaryJson } from "./checkpoint-inspect.js";

const summary: CheckpointSummary = {
  checkpoint: "/data/ckpt",
  queryId: "73f7f943-0a08-4ffb-a504-9fa88ff7612a",
  offsets: { first: 3, last: 7, count: 5 },
  commits: { first: 3, last: 6, count: 4 },
  lastCommit: { batchId: 6, nextBatchWatermarkMs: 5000 },
  latestBatch: {
    batchId: 7,
    committed: false,
    batchTimestampMs: 1531991878604,
    batchWatermarkMs: 5000,
    sources: [
      { index: 0, startOffset: '{"logOffset":2}', endOffset: '{"logOffset":3}' },
      { index: 1, startOffset: undefined, endOffset: undefined },
      { index: 2, startOffset: "not json", endOffset: "still not json" },
    ],
  },
  nextBatch: { batchId: 7, rerun: true, watermarkMs: 5000 },
  conf: { "spark.sql.shuffle.partitions": "5", "spark.sql.streaming.multipleWatermarkPolicy": "min" },
  stateOperators: [
    {
      operatorId: 0,
      operatorName: "stateStoreSave",
      stores: [{ storeName: "default", numColsPrefixKey: 0, numPartitions: 5 }],
      schema: {
        keySchema: new StructType([new StructField("word", STRING)]),
        valueSchema: new StructType([new StructField("count", LONG)]),
      },
      numPartitions: 5,
      numFiles: 12,
      bytes: 34567,
      latestVersion: 8,
      committedVersion: 7,
      numKeys: 1234,
    },
    {
      operatorId: 1,
      operatorName: undefined,
      stores: [],
      schema: undefined,
      numPartitions: 0,
      numFiles: 0,
      bytes: 0,
      latestVersion: undefined,
      committedVersion: 7,
      numKeys: undefined,
    },
  ],
};

test("the human report: one fact per line, timestamps in UTC with their milliseconds", () => {
  assert.equal(
    formatSummary(summary),
    `Checkpoint /data/ckpt
  query id:               73f7f943-0a08-4ffb-a504-9fa88ff7612a

Batches
  offset log:             batches 3..7 (5 files)
  commit log:             batches 3..6 (4 files)
  last committed:         6
  next batch:             7 (uncommitted: re-runs with its logged offsets, watermark and timestamp)

Latest batch 7 (not committed)
  timestamp:              2018-07-19T09:17:58.604Z (1531991878604 ms)
  watermark:              1970-01-01T00:00:05.000Z (5000 ms)
  source 0:               {"logOffset":2} -> {"logOffset":3}
  source 1:               - -> -
  source 2:               not json -> still not json

Watermark
  latest batch ran with:  1970-01-01T00:00:05.000Z (5000 ms)
  next batch runs with:   1970-01-01T00:00:05.000Z (5000 ms)

Pinned conf
  spark.sql.shuffle.partitions = 5
  spark.sql.streaming.multipleWatermarkPolicy = min

State operators
  id  name            partitions  files  bytes  version  committed  keys
  0   stateStoreSave           5     12  34567        8          7  1234
  1   ?                        0      0      0        -          7     -
  operator 0 key:   struct<word:string>
  operator 0 value: struct<count:bigint>
`,
  );
});

test("the JSON report: offsets parsed where they are JSON, absent values null", () => {
  const j = summaryJson(summary) as Record<string, unknown>;
  assert.deepEqual(j.latestBatch, {
    batchId: 7,
    committed: false,
    batchTimestampMs: 1531991878604,
    batchWatermarkMs: 5000,
    sources: [
      { index: 0, startOffset: { logOffset: 2 }, endOffset: { logOffset: 3 } },
      { index: 1, startOffset: null, endOffset: null },
      { index: 2, startOffset: "not json", endOffset: "still not json" },
    ],
  });
  assert.deepEqual(j.watermark, { batchWatermarkMs: 5000, nextBatchWatermarkMs: 5000 });
  assert.deepEqual(j.nextBatch, { batchId: 7, rerun: true, watermarkMs: 5000 });
  assert.deepEqual((j.stateOperators as unknown[])[1], {
    operatorId: 1,
    operatorName: null,
    stateStores: [],
    keySchema: null,
    valueSchema: null,
    numPartitions: 0,
    numFiles: 0,
    bytes: 0,
    latestVersion: null,
    committedVersion: 7,
    numKeys: null,
  });
  // Round-trips through JSON text (no undefined, no bigint).
  assert.deepEqual(JSON.parse(JSON.stringify(j)), j);
});

test("an empty checkpoint (metadata only) reports empty logs and batch 0 next", () => {
  const text = formatSummary({
    checkpoint: "/c",
    queryId: "q",
    offsets: undefined,
    commits: undefined,
    lastCommit: undefined,
    latestBatch: undefined,
    nextBatch: { batchId: 0, rerun: false, watermarkMs: 0 },
    conf: {},
    stateOperators: [],
  });
  for (const line of [
    "  offset log:             empty",
    "  last committed:         none",
    "  next batch:             0 (new)",
    "  latest batch ran with:  -",
    "  next batch runs with:   -",
    "  (none)",
  ]) {
    assert.ok(text.split("\n").includes(line), `missing ${JSON.stringify(line)} in\n${text}`);
  }
  assert.ok(!text.includes("Latest batch"));
});

test("arguments: inspect <dir> with --json / --no-keys in any order; anything else is a usage message", () => {
  assert.deepEqual(parseCheckpointArgs(["inspect", "/c"]), { dir: "/c", json: false, countKeys: true });
  assert.deepEqual(parseCheckpointArgs(["--json", "inspect", "/c", "--no-keys"]), {
    dir: "/c",
    json: true,
    countKeys: false,
  });
  assert.equal(parseCheckpointArgs(["inspect", "-h"]), "help");
  for (const [args, message] of [
    [[], /needs a subcommand/],
    [["inspect"], /needs a directory/],
    [["list", "/c"], /unknown subcommand 'list'/],
    [["inspect", "/c", "/d"], /unexpected argument '\/d'/],
    [["inspect", "/c", "--yaml"], /--yaml/],
  ] as const) {
    const r = parseCheckpointArgs(args);
    assert.equal(typeof r, "string");
    assert.match(r as string, message);
  }
});
