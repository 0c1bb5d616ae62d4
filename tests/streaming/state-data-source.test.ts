// Spark 4's state data sources on checkpoints that real queries wrote:
// `spark.read.format("statestore")` (the state rows of one stateful operator, at a batch, or their
// change feed) and `spark.read.format("state-metadata")` (one row per operator).
//
// The queries: a word count (MemoryStream → groupBy count, Complete mode, 3 state partitions) fed
// "a b a" then "c a", and a deduplication followed by a count. Expected state is what the query
// computed: after batch 0 a=2, b=1; after batch 1 a=3, b=1, c=1 — the rows Spark's guide shows for
// an aggregation (key = the grouping columns, value = the count buffer); a change feed holds, per
// batch, the keys that batch wrote with their new values (Spark's `update` rows).
import assert from "node:assert/strict";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import { SparkSession } from "../../src/api/spark-session.js";
import type { StreamingQuery } from "../../src/api/streaming-query.js";
import { unloadStateStores } from "../../src/streaming/state/state-store-registry.js";
import { MemoryStream } from "../../src/testing/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-state-source-"));
const wordCount = join(root, "word-count");
const dedupCount = join(root, "dedup-count");
const notStarted = join(root, "no-batch");
const PARTITIONS = 3;

const spark = SparkSession.builder
  .master("local[2]")
  .config({ "spark.sql.shuffle.partitions": PARTITIONS })
  .create();

/** Rows as arrays of their values, sorted. */
async function rowsOf(df: DataFrame): Promise<unknown[][]> {
  const rows = await df.collect();
  return rows
    .map((r) => Object.values(r) as unknown[])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/**
 * The state partition Spark puts a one-column key in: HashPartitioning's partitionIdExpression,
 * `pmod(hash(key), numPartitions)` (StateDataSourceReadSuite "partition_id column"), evaluated by
 * SQL `hash` (`literal` is the key as SQL: `'a'`, `2`).
 */
async function partitionOf(literal: string): Promise<number> {
  const rows = await spark.sql(`SELECT pmod(hash(${literal}), ${PARTITIONS}) AS p`).collect();
  return (rows[0] as unknown as { p: number }).p;
}

/** Runs `build(input)` over `batches` into a memory sink with `checkpoint`; stops it unless `keep`. */
async function run(
  checkpoint: string,
  name: string,
  build: (df: DataFrame) => DataFrame,
  batches: readonly string[][],
  mode = "complete",
): Promise<{ query: StreamingQuery; input: MemoryStream }> {
  const input = new MemoryStream(spark, "value STRING");
  const query = await build(input.toDF())
    .writeStream.format("memory")
    .outputMode(mode)
    .queryName(name)
    .option("checkpointLocation", checkpoint)
    .start();
  for (const b of batches) {
    input.addData(...b);
    await query.processAllAvailable();
  }
  return { query, input };
}

/** Waits until `cond()` holds (polling), failing after 10 s. */
async function eventually(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), "condition not reached in 10 s");
}

function stds(errorClass: string, pattern?: RegExp) {
  return (e: Error & { errorClass?: string }) => {
    assert.equal(e.errorClass, errorClass, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

const read = () => spark.read.format("statestore");

before(async () => {
  const wc = await run(wordCount, "wc", (df) => df.groupBy("value").count(), [
    ["a", "b", "a"],
    ["c", "a"],
  ]);
  await wc.query.stop();
  const dc = await run(dedupCount, "dc", (df) => df.dropDuplicates(["value"]).groupBy("value").count(), [
    ["x", "y", "x"],
    ["y", "z"],
  ]);
  await dc.query.stop();
  const none = await run(notStarted, "none", (df) => df.groupBy("value").count(), []);
  await none.query.stop();
  // Whatever this process cached, the reader must find the state in the checkpoint's files.
  unloadStateStores();
});
after(() => rmSync(root, { recursive: true, force: true }));

describe("spark.read.format('statestore')", () => {
  it("reads the last committed batch's state: key and value structs, partition_id", async () => {
    const df = read().load(wordCount);
    assert.equal(
      df.schema.simpleString(),
      "struct<key:struct<value:string>,value:struct<count:bigint>,partition_id:int>",
    );
    assert.deepEqual(await rowsOf(df.selectExpr("key.value", "value.count", "partition_id")), [
      ["a", 3, await partitionOf("'a'")],
      ["b", 1, await partitionOf("'b'")],
      ["c", 1, await partitionOf("'c'")],
    ]);
    // The path may also come as an option.
    const viaOption = read().option("path", wordCount).load();
    assert.equal(await viaOption.count(), 3);
  });

  it("batchId reads the state as an earlier batch left it", async () => {
    const df = read().option("batchId", 0).load(wordCount);
    assert.deepEqual(await rowsOf(df.selectExpr("key.value", "value.count")), [
      ["a", 2],
      ["b", 1],
    ]);
  });

  it("operatorId picks the operator: 0 is the top one (the aggregation), 1 the deduplication below it", async () => {
    assert.deepEqual(await rowsOf(read().load(dedupCount).selectExpr("key.value", "value.count")), [
      ["x", 1],
      ["y", 1],
      ["z", 1],
    ]);
    const dedup = read().option("operatorId", 1).load(dedupCount);
    assert.equal(
      dedup.schema.simpleString(),
      "struct<key:struct<value:string>,value:struct<__dummy__:void>,partition_id:int>",
    );
    assert.deepEqual(await rowsOf(dedup.selectExpr("key.value", "value.__dummy__")), [
      ["x", null],
      ["y", null],
      ["z", null],
    ]);
  });

  it("readChangeFeed lists what each batch wrote", async () => {
    const feed = read().option("readChangeFeed", true).option("changeStartBatchId", 0).load(wordCount);
    assert.equal(
      feed.schema.simpleString(),
      "struct<batch_id:bigint,change_type:string,key:struct<value:string>,value:struct<count:bigint>,partition_id:int>",
    );
    assert.deepEqual(await rowsOf(feed.selectExpr("batch_id", "change_type", "key.value", "value.count")), [
      [0, "update", "a", 2],
      [0, "update", "b", 1],
      [1, "update", "a", 3],
      [1, "update", "c", 1],
    ]);
    const one = read()
      .options({ readChangeFeed: "true", changeStartBatchId: "1", changeEndBatchId: "1" })
      .load(wordCount);
    assert.deepEqual(await rowsOf(one.selectExpr("batch_id", "key.value")), [
      [1, "a"],
      [1, "c"],
    ]);
  });

  it("snapshotStartBatchId rebuilds one partition from that batch's snapshot and the deltas after it", async () => {
    const dir = join(root, "snapshots");
    const snapSpark = SparkSession.builder
      .master("local[2]")
      .config({
        "spark.sql.shuffle.partitions": PARTITIONS,
        // A snapshot after every delta, written in the background after each commit.
        "spark.sql.streaming.stateStore.minDeltasForSnapshot": 0,
        "spark.sql.streaming.stateStore.maintenanceInterval": "0",
      })
      .create();
    const input = new MemoryStream(snapSpark, "value STRING");
    const query = await input
      .toDF()
      .groupBy("value")
      .count()
      .writeStream.format("memory")
      .outputMode("complete")
      .queryName("snapshots")
      .option("checkpointLocation", dir)
      .start();
    const p = await partitionOf("'a'");
    const partitionDir = join(dir, "state", "0", String(p));
    try {
      input.addData("a", "b", "a");
      await query.processAllAvailable();
      await eventually(() => existsSync(join(partitionDir, "1.snapshot")));
      input.addData("a", "c");
      await query.processAllAvailable();
      input.addData("a");
      await query.processAllAvailable();
    } finally {
      await query.stop();
    }
    const expected = (
      await rowsOf(read().load(dir).filter(`partition_id = ${p}`).selectExpr("key.value", "value.count"))
    ).sort();
    assert.deepEqual(
      expected.find((r) => r[0] === "a"),
      ["a", 4],
    );
    // From batch 0's snapshot (version 1) and the deltas of batches 1 and 2.
    const fromSnapshot = read()
      .options({ snapshotStartBatchId: "0", snapshotPartitionId: String(p) })
      .load(dir);
    assert.deepEqual(await rowsOf(fromSnapshot.selectExpr("key.value", "value.count")), expected);
    assert.deepEqual(
      (await rowsOf(fromSnapshot.select("partition_id"))).map((r) => r[0]),
      expected.map(() => p),
    );
    // Batch 0's state, from its own snapshot only.
    const atSnapshot = read()
      .options({ batchId: "0", snapshotStartBatchId: "0", snapshotPartitionId: String(p) })
      .load(dir);
    assert.deepEqual(
      (await rowsOf(atSnapshot.selectExpr("key.value", "value.count"))).find((r) => r[0] === "a"),
      ["a", 2],
    );
    // A partition the state does not have, and a batch without a snapshot file.
    await assert.rejects(
      read().options({ snapshotStartBatchId: "0", snapshotPartitionId: "9" }).load(dir).collect(),
      stds("CANNOT_LOAD_STATE_STORE.SNAPSHOT_PARTITION_ID_NOT_FOUND", /9/),
    );
    rmSync(join(partitionDir, "1.snapshot"));
    await assert.rejects(
      read()
        .options({ snapshotStartBatchId: "0", snapshotPartitionId: String(p) })
        .load(dir)
        .collect(),
      (e: Error & { errorClass?: string }) => {
        assert.equal(e.errorClass, "CANNOT_LOAD_STATE_STORE.CANNOT_READ_MISSING_SNAPSHOT_FILE");
        assert.ok(e.message.includes(join(partitionDir, "1.snapshot")), e.message);
        return true;
      },
    );
  });

  it("reads the disk-backed provider's state through the same port (RocksDBStateStoreProvider)", async () => {
    const dir = join(root, "rocksdb");
    const rocksSpark = SparkSession.builder
      .master("local[2]")
      .config({
        "spark.sql.shuffle.partitions": PARTITIONS,
        "spark.sql.streaming.stateStore.providerClass":
          "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider",
      })
      .create();
    const input = new MemoryStream(rocksSpark, "value STRING");
    const query = await input
      .toDF()
      .groupBy("value")
      .count()
      .writeStream.format("memory")
      .outputMode("complete")
      .queryName("rocksdb")
      .option("checkpointLocation", dir)
      .start();
    try {
      for (const batch of [
        ["a", "b", "a"],
        ["c", "a"],
      ]) {
        input.addData(...batch);
        await query.processAllAvailable();
      }
    } finally {
      await query.stop();
    }
    unloadStateStores();
    assert.deepEqual(await rowsOf(read().load(dir).selectExpr("key.value", "value.count", "partition_id")), [
      ["a", 3, await partitionOf("'a'")],
      ["b", 1, await partitionOf("'b'")],
      ["c", 1, await partitionOf("'c'")],
    ]);
    assert.deepEqual(
      await rowsOf(read().option("batchId", 0).load(dir).selectExpr("key.value", "value.count")),
      [
        ["a", 2],
        ["b", 1],
      ],
    );
    // Without delta files, the change feed compares each batch's state with the one before.
    const feed = read().options({ readChangeFeed: "true", changeStartBatchId: "0" }).load(dir);
    assert.deepEqual(await rowsOf(feed.selectExpr("batch_id", "change_type", "key.value", "value.count")), [
      [0, "update", "a", 2],
      [0, "update", "b", 1],
      [1, "update", "a", 3],
      [1, "update", "c", 1],
    ]);
    // Spark's RocksDB provider replays from a snapshot; LMDB keeps each retained version whole, so
    // every batch is a snapshot to start from and the replay is the version read (PySpark's
    // transformWithState tests read `snapshotStartBatchId` 0 with the RocksDB provider).
    const pa = await partitionOf("'a'");
    const fromSnapshot = (start: string, batchId?: string) =>
      read()
        .options({
          snapshotStartBatchId: start,
          snapshotPartitionId: String(pa),
          ...(batchId === undefined ? {} : { batchId }),
        })
        .load(dir)
        .selectExpr("key.value", "value.count", "partition_id");
    const inA = (rows: unknown[][]) => rows.filter((r) => r[2] === pa);
    const all = await rowsOf(read().load(dir).selectExpr("key.value", "value.count", "partition_id"));
    assert.deepEqual(await rowsOf(fromSnapshot("0")), inA(all));
    assert.deepEqual(await rowsOf(fromSnapshot("1")), inA(all));
    assert.deepEqual(
      await rowsOf(fromSnapshot("0", "0")),
      inA(
        await rowsOf(
          read().option("batchId", 0).load(dir).selectExpr("key.value", "value.count", "partition_id"),
        ),
      ),
    );
    assert.ok(inA(all).length > 0);
  });

  it("reads the committed state of a query that is still running in this process", async () => {
    const dir = join(root, "running");
    const { query, input } = await run(dir, "running", (df) => df.groupBy("value").count(), [
      ["p", "q", "p"],
    ]);
    try {
      assert.deepEqual(await rowsOf(read().load(dir).selectExpr("key.value", "value.count")), [
        ["p", 2],
        ["q", 1],
      ]);
      input.addData("q");
      await query.processAllAvailable();
      // The DataFrame reads the checkpoint again at each action; the new load sees batch 1.
      assert.deepEqual(await rowsOf(read().load(dir).selectExpr("key.value", "value.count")), [
        ["p", 2],
        ["q", 2],
      ]);
    } finally {
      await query.stop();
    }
  });

  it("checks its options as Spark does", async () => {
    assert.throws(() => read().load(), stds("STDS_REQUIRED_OPTION_UNSPECIFIED", /'path' must be specified/));
    assert.throws(
      () => read().option("batchId", -1).load(wordCount),
      stds("STDS_INVALID_OPTION_VALUE.IS_NEGATIVE", /'batchId'/),
    );
    assert.throws(
      () => read().option("operatorId", -1).load(wordCount),
      stds("STDS_INVALID_OPTION_VALUE.IS_NEGATIVE", /'operatorId'/),
    );
    assert.throws(
      () => read().option("storeName", " ").load(wordCount),
      stds("STDS_INVALID_OPTION_VALUE.IS_EMPTY", /'storeName'/),
    );
    assert.throws(
      () => read().option("joinSide", "middle").load(wordCount),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /'joinSide'.*left,right,none/),
    );
    assert.throws(
      () => read().options({ joinSide: "left", storeName: "other" }).load(wordCount),
      stds("STDS_CONFLICT_OPTIONS", /\['joinSide', 'storeName'\]/),
    );
    assert.throws(
      () => read().options({ readChangeFeed: "true", batchId: "0", changeStartBatchId: "0" }).load(wordCount),
      stds("STDS_CONFLICT_OPTIONS", /\['batchId', 'readChangeFeed'\]/),
    );
    assert.throws(
      () => read().option("readChangeFeed", "true").load(wordCount),
      stds("STDS_REQUIRED_OPTION_UNSPECIFIED", /'changeStartBatchId'/),
    );
    assert.throws(
      () =>
        read()
          .options({ readChangeFeed: "true", changeStartBatchId: "1", changeEndBatchId: "0" })
          .load(wordCount),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /'changeEndBatchId'/),
    );
    assert.throws(
      () => read().option("changeStartBatchId", 0).load(wordCount),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /only.*readChangeFeed/i),
    );
    assert.throws(
      () => read().option("snapshotPartitionId", 0).load(wordCount),
      stds("STDS_REQUIRED_OPTION_UNSPECIFIED", /'snapshotStartBatchId'/),
    );
    assert.throws(
      () => read().options({ snapshotStartBatchId: "2", snapshotPartitionId: "0" }).load(wordCount),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /'snapshotStartBatchId'.*less than or equal to 1/),
    );
  });

  it("fails like Spark for a checkpoint without the batch, the operator or a commit", async () => {
    assert.throws(
      () => read().option("batchId", 7).load(wordCount),
      stds("STDS_OFFSET_LOG_UNAVAILABLE", /batch 7/),
    );
    assert.throws(
      () => read().option("operatorId", 4).load(wordCount),
      stds("STDS_FAILED_TO_READ_STATE_SCHEMA", /operatorId=4/),
    );
    // An aggregation has no join side to read.
    assert.throws(
      () => read().option("joinSide", "left").load(wordCount),
      stds("STDS_FAILED_TO_READ_STATE_SCHEMA", /joinSide=left/),
    );
    assert.throws(() => read().load(notStarted), stds("STDS_COMMITTED_BATCH_UNAVAILABLE", /no-batch/));
  });

  it("a damaged state file fails the read with the state store's error naming the file", async () => {
    // The batch's deltas of every partition are in the operator's delta file of the version.
    const copy = join(root, "damaged");
    cpSync(wordCount, copy, { recursive: true });
    const delta = join(copy, "state", "0", "_deltas", "2.delta");
    truncateSync(delta, statSync(delta).size - 4);
    const df = read().load(copy);
    await assert.rejects(df.collect(), (e: Error & { errorClass?: string }) => {
      assert.match(e.errorClass ?? "", /^CANNOT_LOAD_STATE_STORE/);
      assert.ok(e.message.includes(delta), e.message);
      return true;
    });
    // A damaged partition's section is named by the file and the partition.
    const section = join(root, "damaged-section");
    cpSync(wordCount, section, { recursive: true });
    const file = join(section, "state", "0", "_deltas", "2.delta");
    const bytes = readFileSync(file);
    bytes[bytes.length - 6]! ^= 0xff; // inside the last section's own trailer
    writeFileSync(file, bytes);
    await assert.rejects(read().load(section).collect(), (e: Error & { errorClass?: string }) => {
      assert.match(e.errorClass ?? "", /^CANNOT_LOAD_STATE_STORE/);
      assert.ok(e.message.includes(`${file}#`), e.message);
      return true;
    });
  });
});

/** An inner join of two memory streams on `key` into the memory sink, on a session with `conf`. */
async function startJoin(checkpoint: string, queryName: string, conf: Record<string, string | number> = {}) {
  const session = SparkSession.builder
    .master("local[2]")
    .config({ "spark.sql.shuffle.partitions": PARTITIONS, ...conf })
    .create();
  const left = new MemoryStream(session, "value INT");
  const right = new MemoryStream(session, "value INT");
  const joined = left
    .toDF()
    .selectExpr("value AS key", "value * 2 AS leftValue")
    .join(right.toDF().selectExpr("value AS key", "value * 3 AS rightValue"), "key");
  const query = await joined.writeStream
    .format("memory")
    .outputMode("append")
    .queryName(queryName)
    .option("checkpointLocation", checkpoint)
    .start();
  return { left, right, query };
}

describe("spark.read.format('statestore') with joinSide", () => {
  it("reads each side's buffered rows of a stream-stream join: join key, input row without `matched`", async () => {
    const checkpoint = join(root, "join");
    const { left, right, query } = await startJoin(checkpoint, "joined_state");
    left.addData(1, 2, 3);
    right.addData(2, 3, 4);
    await query.processAllAvailable();
    left.addData(2);
    await query.processAllAvailable();
    await query.stop();
    unloadStateStores();
    const l = read().option("joinSide", "left").load(checkpoint);
    assert.equal(
      l.schema.simpleString(),
      "struct<key:struct<field0:int>,value:struct<key:int,leftValue:int>,partition_id:int>",
    );
    const [p1, p2, p3] = [await partitionOf("1"), await partitionOf("2"), await partitionOf("3")];
    assert.deepEqual(
      await rowsOf(l.selectExpr("key.field0", "value.key", "value.leftValue", "partition_id")),
      [
        [1, 1, 2, p1],
        [2, 2, 4, p2],
        [2, 2, 4, p2],
        [3, 3, 6, p3],
      ],
    );
    const r = read().option("joinSide", "right").load(checkpoint);
    assert.equal(
      r.schema.simpleString(),
      "struct<key:struct<field0:int>,value:struct<key:int,rightValue:int>,partition_id:int>",
    );
    assert.deepEqual(await rowsOf(r.selectExpr("key.field0", "value.rightValue")), [
      [2, 6],
      [3, 9],
      [4, 12],
    ]);
    // Batch 0's state: the second left row of key 2 came in batch 1.
    const before = read().option("joinSide", "left").option("batchId", 0).load(checkpoint);
    assert.equal((await before.collect()).length, 3);
  });
});

describe("spark.read.format('statestore') with joinSide and snapshotStartBatchId", () => {
  // StateDataSourceReadSuite's snapshotStartBatchId tests, on a join side: the side's two stores
  // of one partition rebuilt from their snapshot of that batch and the deltas after it give the
  // side's rows of that partition as the plain read does.

  it("replays a join side of one partition from a snapshot (HDFS-backed provider)", async () => {
    const checkpoint = join(root, "join-snapshot");
    const { left, right, query } = await startJoin(checkpoint, "joined_snapshot", {
      "spark.sql.streaming.stateStore.minDeltasForSnapshot": 0,
      "spark.sql.streaming.stateStore.maintenanceInterval": "0",
    });
    const p = await partitionOf("2");
    const store = (name: string) => join(checkpoint, "state", "0", String(p), name);
    try {
      left.addData(1, 2, 3, 2);
      right.addData(2, 4);
      await query.processAllAvailable();
      await eventually(
        () =>
          existsSync(join(store("left-keyToNumValues"), "1.snapshot")) &&
          existsSync(join(store("left-keyWithIndexToValue"), "1.snapshot")),
      );
      left.addData(2, 5);
      right.addData(3);
      await query.processAllAvailable();
      left.addData(2);
      await query.processAllAvailable();
    } finally {
      await query.stop();
    }
    unloadStateStores();
    for (const side of ["left", "right"]) {
      const plain = await rowsOf(
        read()
          .option("joinSide", side)
          .load(checkpoint)
          .filter(`partition_id = ${p}`)
          .selectExpr("key.field0", "value", "partition_id"),
      );
      const replayed = read()
        .options({ joinSide: side, snapshotStartBatchId: "0", snapshotPartitionId: String(p) })
        .load(checkpoint);
      assert.deepEqual(await rowsOf(replayed.selectExpr("key.field0", "value", "partition_id")), plain);
      if (side === "left") assert.equal(plain.filter((r) => r[0] === 2).length, 4);
    }
    // Batch 0's left side from its own snapshot: key 2 had two rows then.
    const atSnapshot = read()
      .options({ joinSide: "left", batchId: "0", snapshotStartBatchId: "0", snapshotPartitionId: String(p) })
      .load(checkpoint);
    assert.equal((await rowsOf(atSnapshot.filter("key.field0 = 2"))).length, 2);
    rmSync(join(store("left-keyWithIndexToValue"), "1.snapshot"));
    await assert.rejects(
      read()
        .options({ joinSide: "left", snapshotStartBatchId: "0", snapshotPartitionId: String(p) })
        .load(checkpoint)
        .collect(),
      (e: Error & { errorClass?: string }) => {
        assert.equal(e.errorClass, "CANNOT_LOAD_STATE_STORE.CANNOT_READ_MISSING_SNAPSHOT_FILE");
        return true;
      },
    );
  });

  it("reads a join side of one partition from any retained batch (RocksDB class name, LMDB)", async () => {
    const checkpoint = join(root, "join-snapshot-lmdb");
    const { left, right, query } = await startJoin(checkpoint, "joined_snapshot_lmdb", {
      "spark.sql.streaming.stateStore.providerClass":
        "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider",
    });
    const p = await partitionOf("2");
    try {
      left.addData(1, 2, 3, 2);
      right.addData(2, 4);
      await query.processAllAvailable();
      left.addData(2, 5);
      right.addData(3);
      await query.processAllAvailable();
    } finally {
      await query.stop();
    }
    unloadStateStores();
    for (const side of ["left", "right"]) {
      for (const batchId of ["0", "1"]) {
        const plain = await rowsOf(
          read()
            .options({ joinSide: side, batchId })
            .load(checkpoint)
            .filter(`partition_id = ${p}`)
            .selectExpr("key.field0", "value", "partition_id"),
        );
        const replayed = read()
          .options({ joinSide: side, batchId, snapshotStartBatchId: "0", snapshotPartitionId: String(p) })
          .load(checkpoint);
        assert.deepEqual(await rowsOf(replayed.selectExpr("key.field0", "value", "partition_id")), plain);
        if (side === "left") assert.equal(plain.filter((r) => r[0] === 2).length, batchId === "0" ? 2 : 3);
      }
    }
  });
});

describe("spark.read.format('state-metadata')", () => {
  it("lists each stateful operator with its store, partitions and committed batch range", async () => {
    const df = spark.read.format("state-metadata").load(dedupCount);
    assert.deepEqual(df.columns, [
      "operatorId",
      "operatorName",
      "stateStoreName",
      "numPartitions",
      "minBatchId",
      "maxBatchId",
      "operatorProperties",
    ]);
    assert.deepEqual(await rowsOf(df), [
      [0, "stateStoreSave", "default", PARTITIONS, 0, 1, ""],
      [1, "dedupe", "default", PARTITIONS, 0, 1, ""],
    ]);
  });

  it("needs a path", () => {
    assert.throws(() => spark.read.format("state-metadata").load(), stds("STDS_REQUIRED_OPTION_UNSPECIFIED"));
  });
});
