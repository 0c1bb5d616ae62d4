// `tspark checkpoint inspect` as a user runs it (bin/tspark.mjs in a child process) on checkpoints
// that real queries wrote: a streaming word count (MemoryStream → groupBy count → memory sink,
// Complete mode, 3 state partitions) stopped after two batches, the same query crashed after
// its third batch committed its state but before commits/2 (an injected fault), and damaged
// copies of them.
//
// Expected values come from what the query computed (its input: "a b a", then "c a": keys a, b,
// c), from the offsets a MemoryStream logs (its batch index), and from the files on disk, walked
// here with node:fs independently of the command.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { injectedFault, setFaultHook } from "../../src/common/fault-points.js";
import { unloadStateStores } from "../../src/streaming/state/state-store-registry.js";
import { MemoryStream } from "../../src/testing/index.js";
import { bin, type Exit, startNode } from "./node-process.js";

function tspark(args: readonly string[]): Promise<Exit> {
  return startNode([bin, ...args]).exit;
}

const root = mkdtempSync(join(tmpdir(), "tspark-inspect-"));
/** The word count stopped after batches 0 and 1. */
const clean = join(root, "clean");
/** The same query, crashed in batch 2 after its state commit, before commits/2. */
const crashed = join(root, "crashed");
let cleanQueryId = "";

/** The word count with Spark's RocksDB provider class (served by LMDB, state on disk). */
const rocksdb = join(root, "rocksdb");
const ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

function session(providerClass?: string): SparkSession {
  return SparkSession.builder
    .master("local[2]")
    .config({
      "spark.sql.shuffle.partitions": 3,
      ...(providerClass === undefined
        ? {}
        : { "spark.sql.streaming.stateStore.providerClass": providerClass }),
    })
    .create();
}

async function runWordCount(
  checkpoint: string,
  batches: readonly string[][],
  crashInLast: boolean,
  providerClass?: string,
): Promise<string> {
  const spark = session(providerClass);
  const input = new MemoryStream(spark, "value STRING");
  const counts: DataFrame = input.toDF().groupBy("value").count();
  const query = await counts.writeStream
    .format("memory")
    .outputMode("complete")
    .queryName(`inspect_${batches.length}_${crashInLast}`)
    .option("checkpointLocation", checkpoint)
    .start();
  try {
    for (let i = 0; i < batches.length; i++) {
      if (crashInLast && i === batches.length - 1) {
        setFaultHook((point) => {
          if (point === "after-state-commit") throw injectedFault(point);
        });
      }
      input.addData(...batches[i]!);
      if (crashInLast && i === batches.length - 1) {
        await assert.rejects(query.processAllAvailable());
      } else {
        await query.processAllAvailable();
      }
    }
  } finally {
    setFaultHook(undefined);
    await query.stop().catch(() => undefined);
  }
  // The command runs in another process: nothing of this process's state may help it.
  unloadStateStores();
  return query.id;
}

/** Regular files and their bytes under `dir`, walked here without the engine. */
function walk(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = walk(p);
      files += sub.files;
      bytes += sub.bytes;
    } else if (e.isFile()) {
      files++;
      bytes += statSync(p).size;
    }
  }
  return { files, bytes };
}

interface InspectJson {
  checkpoint: string;
  queryId: string | null;
  offsets: { first: number; last: number; count: number } | null;
  commits: { first: number; last: number; count: number } | null;
  lastCommit: { batchId: number; nextBatchWatermarkMs: number } | null;
  latestBatch: {
    batchId: number;
    committed: boolean;
    batchWatermarkMs: number;
    sources: { index: number; startOffset: unknown; endOffset: unknown }[];
  } | null;
  nextBatch: { batchId: number; rerun: boolean; watermarkMs: number };
  watermark: { batchWatermarkMs: number | null; nextBatchWatermarkMs: number | null };
  conf: Record<string, string>;
  stateOperators: {
    operatorId: number;
    operatorName: string | null;
    stateStores: { storeName: string; numPartitions: number }[];
    keySchema: string | null;
    valueSchema: string | null;
    numPartitions: number;
    numFiles: number;
    bytes: number;
    latestVersion: number | null;
    committedVersion: number | null;
    numKeys: number | null;
  }[];
}

async function inspectJson(dir: string): Promise<InspectJson> {
  const r = await tspark(["checkpoint", "inspect", dir, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  return JSON.parse(r.stdout) as InspectJson;
}

describe("tspark checkpoint inspect", () => {
  before(async () => {
    cleanQueryId = await runWordCount(
      clean,
      [
        ["a", "b", "a"],
        ["c", "a"],
      ],
      false,
    );
    await runWordCount(
      crashed,
      [
        ["a", "b", "a"],
        ["c", "a"],
        ["b", "d"],
      ],
      true,
    );
    await runWordCount(
      rocksdb,
      [
        ["a", "b", "a"],
        ["c", "a"],
      ],
      false,
      ROCKSDB,
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("--json reports the logs, offsets, watermark, pinned conf and the state of a stopped query", async () => {
    const j = await inspectJson(clean);
    assert.equal(j.checkpoint, clean);
    assert.equal(j.queryId, cleanQueryId);
    assert.deepEqual(j.offsets, { first: 0, last: 1, count: 2 });
    assert.deepEqual(j.commits, { first: 0, last: 1, count: 2 });
    assert.deepEqual(j.lastCommit, { batchId: 1, nextBatchWatermarkMs: 0 });
    assert.equal(j.latestBatch?.batchId, 1);
    assert.equal(j.latestBatch?.committed, true);
    // A MemoryStream's offset is the index of its last added batch.
    assert.deepEqual(j.latestBatch?.sources, [{ index: 0, startOffset: 0, endOffset: 1 }]);
    assert.deepEqual(j.nextBatch, { batchId: 2, rerun: false, watermarkMs: 0 });
    assert.deepEqual(j.watermark, { batchWatermarkMs: 0, nextBatchWatermarkMs: 0 });
    assert.equal(j.conf["spark.sql.shuffle.partitions"], "3");
    assert.equal(
      j.conf["spark.sql.streaming.stateStore.providerClass"],
      "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
    );
    assert.equal(j.stateOperators.length, 1);
    const op = j.stateOperators[0]!;
    const disk = walk(join(clean, "state", "0"));
    assert.deepEqual(op, {
      operatorId: 0,
      operatorName: "stateStoreSave",
      stateStores: [{ storeName: "default", numPartitions: 3 }],
      // The grouping column and the count's buffer (Spark's aggregation state).
      keySchema: "struct<value:string>",
      valueSchema: "struct<count:bigint>",
      numPartitions: 3,
      numFiles: disk.files,
      bytes: disk.bytes,
      // Two batches: version 2 is the state after batch 1.
      latestVersion: 2,
      committedVersion: 2,
      // a, b, c.
      numKeys: 3,
    });
  });

  it("prints the same report for people, one fact per line", async () => {
    const r = await tspark(["checkpoint", "inspect", clean]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    const disk = walk(join(clean, "state", "0"));
    for (const line of [
      `Checkpoint ${clean}`,
      `  query id:               ${cleanQueryId}`,
      "  offset log:             batches 0..1 (2 files)",
      "  commit log:             batches 0..1 (2 files)",
      "  last committed:         1",
      "  next batch:             2 (new)",
      "Latest batch 1 (committed)",
      "  watermark:              1970-01-01T00:00:00.000Z (0 ms)",
      "  source 0:               0 -> 1",
      "  next batch runs with:   1970-01-01T00:00:00.000Z (0 ms)",
      "  spark.sql.shuffle.partitions = 3",
      "  operator 0 key:   struct<value:string>",
      "  operator 0 value: struct<count:bigint>",
    ]) {
      assert.ok(out.split("\n").includes(line), `missing line ${JSON.stringify(line)} in:\n${out}`);
    }
    const table = out.slice(out.indexOf("State operators\n")).split("\n").slice(1, 3);
    assert.deepEqual(table[0]!.trim().split(/\s+/), [
      "id",
      "name",
      "partitions",
      "files",
      "bytes",
      "version",
      "committed",
      "keys",
    ]);
    assert.deepEqual(table[1]!.trim().split(/\s+/), [
      "0",
      "stateStoreSave",
      "3",
      String(disk.files),
      String(disk.bytes),
      "2",
      "2",
      "3",
    ]);
  });

  it("shows a batch that crashed before its commit as uncommitted, to be re-run", async () => {
    const j = await inspectJson(crashed);
    assert.deepEqual(j.offsets, { first: 0, last: 2, count: 3 });
    assert.deepEqual(j.commits, { first: 0, last: 1, count: 2 });
    assert.equal(j.latestBatch?.committed, false);
    assert.deepEqual(j.latestBatch?.sources, [{ index: 0, startOffset: 1, endOffset: 2 }]);
    assert.deepEqual(j.nextBatch, { batchId: 2, rerun: true, watermarkMs: 0 });
    const op = j.stateOperators[0]!;
    // Batch 2 committed its state (version 3) before the crash; the committed batch is still 1,
    // whose version 2 holds a, b, c.
    assert.equal(op.latestVersion, 3);
    assert.equal(op.committedVersion, 2);
    assert.equal(op.numKeys, 3);
    const r = await tspark(["checkpoint", "inspect", crashed]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}next batch: +2 \(uncommitted: re-runs with its logged offsets/m);
    assert.match(r.stdout, /^Latest batch 2 \(not committed\)$/m);
  });

  it("counts the keys of the disk-backed provider's state through the same port", async () => {
    const j = await inspectJson(rocksdb);
    assert.equal(j.conf["spark.sql.streaming.stateStore.providerClass"], ROCKSDB);
    const op = j.stateOperators[0]!;
    const disk = walk(join(rocksdb, "state", "0"));
    assert.equal(op.operatorName, "stateStoreSave");
    assert.equal(op.numPartitions, 3);
    assert.deepEqual([op.numFiles, op.bytes], [disk.files, disk.bytes]);
    // Its versions live inside the LMDB environment, not in <version>.delta files.
    assert.equal(op.latestVersion, null);
    assert.equal(op.committedVersion, 2);
    assert.equal(op.numKeys, 3);
  });

  it("--no-keys does not load the state", async () => {
    const j = JSON.parse(
      (await tspark(["checkpoint", "inspect", clean, "--json", "--no-keys"])).stdout,
    ) as InspectJson;
    assert.equal(j.stateOperators[0]?.numKeys, null);
    assert.equal(j.stateOperators[0]?.latestVersion, 2);
  });

  it("a missing directory or one that is not a checkpoint is exit code 1 with a clear message", async () => {
    const missing = await tspark(["checkpoint", "inspect", join(root, "nope")]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, "");
    assert.match(missing.stderr, /\[PATH_NOT_FOUND\] Path does not exist: .*nope/);
    // A file where the directory should be is not a directory either.
    cpSync(join(clean, "metadata"), join(root, "not-a-checkpoint.txt"));
    const plain = mkdtempSync(join(root, "plain-"));
    writeFileSync(join(plain, "data.json"), "{}");
    const notCheckpoint = await tspark(["checkpoint", "inspect", plain]);
    assert.equal(notCheckpoint.code, 1);
    assert.match(
      notCheckpoint.stderr,
      /\[STREAMING_CHECKPOINT_NOT_FOUND\] .*plain-.* is not the checkpoint of a streaming query/,
    );
    const file = await tspark(["checkpoint", "inspect", join(root, "not-a-checkpoint.txt")]);
    assert.equal(file.code, 1);
    assert.match(file.stderr, /\[PATH_NOT_FOUND\]/);
  });

  it("a corrupt log or metadata file is the engine's error naming the file, exit code 1", async () => {
    const copy = join(root, "corrupt-offsets");
    cpSync(clean, copy, { recursive: true });
    writeFileSync(join(copy, "offsets", "1"), 'v1\n{"batchWatermarkMs":0,"batchTi');
    const r = await tspark(["checkpoint", "inspect", copy]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.ok(r.stderr.includes("[STREAMING_CHECKPOINT_CORRUPT_FILE]"), r.stderr);
    assert.ok(r.stderr.includes(join(copy, "offsets", "1")), r.stderr);

    const meta = join(root, "corrupt-metadata");
    cpSync(clean, meta, { recursive: true });
    writeFileSync(join(meta, "metadata"), "garbage");
    const m = await tspark(["checkpoint", "inspect", meta, "--json"]);
    assert.equal(m.code, 1);
    assert.ok(
      m.stderr.includes(`[STREAMING_CHECKPOINT_CORRUPT_FILE] The checkpoint file ${join(meta, "metadata")}`),
      m.stderr,
    );

    const commit = join(root, "future-commit");
    cpSync(clean, commit, { recursive: true });
    writeFileSync(join(commit, "commits", "1"), 'v9\n{"nextBatchWatermarkMs":0}');
    const c = await tspark(["checkpoint", "inspect", commit]);
    assert.equal(c.code, 1);
    assert.ok(c.stderr.includes("[INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION]"), c.stderr);
    assert.ok(c.stderr.includes(join(commit, "commits", "1")), c.stderr);
  });

  it("a damaged state file is the state store's error naming the file, exit code 1", async () => {
    const copy = join(root, "corrupt-state");
    cpSync(clean, copy, { recursive: true });
    // The batch's deltas of every partition are in the operator's delta file of the version.
    const delta = join(copy, "state", "0", "_deltas", "2.delta");
    truncateSync(delta, statSync(delta).size - 3);
    const r = await tspark(["checkpoint", "inspect", copy]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.ok(r.stderr.includes("CANNOT_LOAD_STATE_STORE"), r.stderr);
    assert.ok(r.stderr.includes(delta), r.stderr);
    // Without loading the state the rest of the report still prints.
    const noKeys = await tspark(["checkpoint", "inspect", copy, "--no-keys"]);
    assert.equal(noKeys.code, 0, noKeys.stderr);
  });

  it("usage errors exit with 2; --help prints the command's help", async () => {
    for (const args of [
      ["checkpoint"],
      ["checkpoint", "inspect"],
      ["checkpoint", "show", clean],
      ["checkpoint", "inspect", clean, "--yaml"],
    ]) {
      const r = await tspark(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /tspark --help/);
    }
    const help = await tspark(["checkpoint", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: tspark checkpoint inspect <dir> \[--json\]/);
    const main = await tspark(["--help"]);
    assert.match(main.stdout, /checkpoint inspect <dir> \[--json\]/);
  });
});
