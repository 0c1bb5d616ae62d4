// Which state partition holds a key, read through the state data source's `partition_id`: Spark's
// HashPartitioning of the operator's key, `pmod(hash(key…), spark.sql.shuffle.partitions)`
// (StatefulOperatorPartitioning; StateDataSourceReadSuite "partition_id column" and "partition_id
// column with stream-stream join" compute the expected ids with HashPartitioning's
// partitionIdExpression). Here the expected ids come from SQL `hash` (functions/core/hash.ts,
// checked against Spark's documented values), never from the partitioner under test.
//
// And the checkpoint pin: a checkpoint whose offset log predates the
// `tspark.sql.streaming.stateStore.partitioner` entry keeps tspark's legacy FNV partitioning, so a
// restart still finds its state.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import * as F from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { type GroupStateFunction, GroupStateTimeout, StatefulProcessor } from "../../src/index.js";
import type { StatefulProcessorHandle, ValueState } from "../../src/index.js";
import { stateKeyOf, statePartitionOf } from "../../src/streaming/state/state-key.js";
import { STATE_PARTITIONER_CONF } from "../../src/streaming/state/state-partitioner.js";
import { unloadStateStores } from "../../src/streaming/state/state-store-registry.js";
import { MemoryStream } from "../../src/testing/index.js";

const PARTITIONS = 5; // Spark's test session
const root = mkdtempSync(join(tmpdir(), "tspark-partition-id-"));
after(() => rmSync(root, { recursive: true, force: true }));

function session(extra: Record<string, string | number> = {}): SparkSession {
  return SparkSession.builder
    .master("local[2]")
    .config({ "spark.sql.shuffle.partitions": PARTITIONS, "spark.sql.session.timeZone": "UTC", ...extra })
    .create();
}
const spark = session();
const read = () => spark.read.format("statestore");

let dirs = 0;
const newDir = (): string => join(root, `q${dirs++}`);

/** Runs `df` to a noop sink over the given data batches, then stops it. */
async function runQuery(
  df: DataFrame,
  mode: string,
  checkpoint: string,
  batches: readonly (() => void)[],
): Promise<void> {
  const query = await df.writeStream
    .format("noop")
    .outputMode(mode)
    .option("checkpointLocation", checkpoint)
    .start();
  try {
    for (const add of batches) {
      add();
      await query.processAllAvailable();
    }
  } finally {
    await query.stop();
  }
  unloadStateStores();
}

/**
 * Every state row of `state` is in partition `pmod(hash(<keyExpr>), PARTITIONS)`, and the rows
 * spread over at least two partitions (so that a wrong scheme cannot pass by luck).
 */
async function assertSparkPartitions(state: DataFrame, keyExpr: string, minRows = 4): Promise<void> {
  const rows = (await state
    .selectExpr("partition_id AS actual", `pmod(hash(${keyExpr}), ${PARTITIONS}) AS expected`)
    .collect()) as unknown as { actual: number; expected: number }[];
  assert.ok(rows.length >= minRows, `only ${rows.length} state rows`);
  for (const r of rows) assert.equal(r.actual, r.expected);
  assert.ok(new Set(rows.map((r) => r.actual)).size >= 2, "all rows in one partition");
}

/** The sorted `[key, partition_id]` pairs of the rows whose partition is even (Spark's filter). */
async function evenPartitionRows(df: DataFrame, key: string): Promise<[number, number][]> {
  const rows = await df
    .selectExpr(`${key} AS k`, "partition_id AS p")
    .where("partition_id % 2 = 0")
    .collect();
  return (rows as unknown as { k: number; p: number }[])
    .map((r) => [r.k, r.p] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

/** Spark's expected pairs for int keys `keys`: `pmod(hash(k), PARTITIONS)`, even ones only. */
async function expectedEven(keys: readonly number[]): Promise<[number, number][]> {
  const rows = await spark
    .range(0, keys.length)
    .selectExpr(`element_at(array(${keys.join(", ")}), CAST(id + 1 AS INT)) AS k`)
    .selectExpr("k", `pmod(hash(k), ${PARTITIONS}) AS p`)
    .where("p % 2 = 0")
    .collect();
  return (rows as unknown as { k: number; p: number }[])
    .map((r) => [r.k, r.p] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
};

describe("partition_id is Spark's", () => {
  // StateDataSourceReadSuite "partition_id column".
  it("aggregation: groupBy(value).count() over 1..10000", async () => {
    const dir = newDir();
    const input = new MemoryStream(spark, "value INT");
    await runQuery(input.toDF().groupBy("value").count(), "update", dir, [
      () => input.addData(...range(1, 10000)),
    ]);
    const state = read().load(dir);
    assert.deepEqual(await evenPartitionRows(state, "key.value"), await expectedEven(range(1, 10000)));
    // Spark's hash(1) is -559580957: key 1 is in partition 3 of 5.
    const one = await state.where("key.value = 1").select("partition_id").collect();
    assert.deepEqual(
      one.map((r) => (r as unknown as { partition_id: number }).partition_id),
      [3],
    );
    await assertSparkPartitions(state, "key.value");
  });

  // StateDataSourceReadSuite "partition_id column with stream-stream join": every store of a side
  // places a key by the join key, whatever else its own key holds (the index).
  it("stream-stream join: both sides, all four stores, by the join key", async () => {
    const dir = newDir();
    const s = session({ "spark.sql.streaming.noDataMicroBatches.enabled": "false" });
    const input = new MemoryStream(s, "_1 INT, _2 LONG");
    const df = input.toDF().select(F.col("_1").as("value"), F.timestamp_seconds(F.col("_2")).as("timestamp"));
    const left = df.select(F.col("value").as("leftId"), F.col("timestamp").as("leftTime"));
    const right = df
      .where(F.col("value").mod(2).equalTo(0))
      .select(F.col("value").as("rightId"), F.col("timestamp").as("rightTime"));
    const joined = left
      .withWatermark("leftTime", "5 seconds")
      .join(
        right.withWatermark("rightTime", "5 seconds"),
        F.expr("rightId = leftId AND rightTime >= leftTime AND rightTime <= leftTime + interval 5 seconds"),
        "inner",
      )
      .select(
        F.col("leftId"),
        F.col("leftTime").cast("int"),
        F.col("rightId"),
        F.col("rightTime").cast("int"),
      );
    await runQuery(joined, "append", dir, [() => input.addData(...range(1, 1000).map((i) => [i, i]))]);
    const expected = await expectedEven(range(2, 1000, 2));
    for (const side of ["left", "right"]) {
      const stores = [
        s.read.format("statestore").option("joinSide", side).load(dir),
        s.read.format("statestore").option("storeName", `${side}-keyToNumValues`).load(dir),
        s.read.format("statestore").option("storeName", `${side}-keyWithIndexToValue`).load(dir),
      ];
      for (const store of stores) {
        // The right side keeps the even ids; the left side all of them unless the optimizer
        // infers the filter (Spark does): compare the even ids, which both sides hold.
        const even = (await evenPartitionRows(store, "key.field0")).filter(([k]) => k % 2 === 0);
        assert.deepEqual(even, expected, side);
        await assertSparkPartitions(store, "key.field0");
      }
    }
  });

  it("dropDuplicates: the deduplication columns", async () => {
    const dir = newDir();
    const input = new MemoryStream(spark, "col1 STRING, col2 INT");
    const df = input.toDF().dropDuplicates(["col1"]);
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
    await runQuery(df, "append", dir, [() => input.addData(...letters.map((l, i) => [l, i]))]);
    await assertSparkPartitions(read().load(dir), "key.col1", letters.length);
  });

  it("window aggregation: the window struct and the other grouping column", async () => {
    const dir = newDir();
    const input = new MemoryStream(spark, "user STRING, t LONG");
    const df = input
      .toDF()
      .select(F.col("user"), F.timestamp_seconds(F.col("t")).as("ts"))
      .withWatermark("ts", "1 hour")
      .groupBy(F.window(F.col("ts"), "10 seconds"), F.col("user"))
      .count();
    const rows = range(0, 40).map((i) => [`u${i % 4}`, i * 3]);
    await runQuery(df, "update", dir, [() => input.addData(...rows)]);
    const state = read().load(dir);
    // hash(key) of the key struct folds its fields: hash(window, user).
    await assertSparkPartitions(state, "key");
    await assertSparkPartitions(state, "key.window, key.user");
  });

  it("session window: the grouping keys without the session", async () => {
    const dir = newDir();
    const input = new MemoryStream(spark, "value STRING, t LONG");
    const df = input
      .toDF()
      .select(F.col("value"), F.col("t").cast("timestamp").as("eventTime"))
      .withWatermark("eventTime", "30 seconds")
      .selectExpr("explode(split(value, ' ')) AS sessionId", "eventTime")
      .groupBy(F.session_window(F.col("eventTime"), "10 seconds"), F.col("sessionId"))
      .agg(F.count("*").as("numEvents"));
    await runQuery(df, "append", dir, [
      () => input.addData(["hello world spark streaming", 40], ["structured streaming world hello", 41]),
      () => input.addData(["apache spark kafka state", 42]),
    ]);
    await assertSparkPartitions(read().load(dir), "key.sessionId");
  });

  it("flatMapGroupsWithState: the grouping key", async () => {
    const dir = newDir();
    const input = new MemoryStream(spark, "value STRING");
    const count: GroupStateFunction = (key, rows, state) => {
      const n = Number(state.getOption?.[0] ?? 0) + [...rows].length;
      state.update([n]);
      return [[key[0], n]];
    };
    const df = input
      .toDF()
      .groupBy("value")
      .flatMapGroupsWithState(count, "key STRING, n LONG", "n LONG", "update", GroupStateTimeout.NoTimeout);
    const words = range(0, 30).map((i) => `w${i}`);
    await runQuery(df, "update", dir, [() => input.addData(...words)]);
    await assertSparkPartitions(read().load(dir), "key", words.length);
  });

  it("transformWithState: the grouping key, in every variable's store", async () => {
    const dir = newDir();
    class Count extends StatefulProcessor {
      private count!: ValueState;
      init(handle: StatefulProcessorHandle): void {
        this.count = handle.getValueState("countState", "value LONG");
      }
      handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
        const n = Number(this.count.get()?.[0] ?? 0) + [...rows].length;
        this.count.update([n]);
        return [[key[0], n]];
      }
    }
    const input = new MemoryStream(spark, "key STRING");
    const df = input
      .toDF()
      .groupBy("key")
      .transformWithState(new Count(), "key STRING, n LONG", "update", "None");
    const keys = range(0, 30).map((i) => `k${i}`);
    await runQuery(df, "update", dir, [() => input.addData(...keys)]);
    await assertSparkPartitions(read().option("stateVarName", "countState").load(dir), "key", keys.length);
  });
});

/** Removes the partitioner entry from every offset-log file: a checkpoint of a tspark before it. */
function stripPartitionerEntry(checkpoint: string): void {
  const offsets = join(checkpoint, "offsets");
  for (const name of readdirSync(offsets)) {
    if (!/^\d+$/.test(name)) continue;
    const path = join(offsets, name);
    const lines = readFileSync(path, "utf8").split("\n");
    const meta = JSON.parse(lines[1]!) as { conf: Record<string, string> };
    assert.ok(STATE_PARTITIONER_CONF in meta.conf, "the run recorded the entry");
    delete meta.conf[STATE_PARTITIONER_CONF];
    lines[1] = JSON.stringify(meta);
    writeFileSync(path, lines.join("\n"));
  }
}

/** The partitioner entry of the newest offset-log file. */
function loggedPartitioner(checkpoint: string): string | undefined {
  const offsets = join(checkpoint, "offsets");
  const newest = Math.max(
    ...readdirSync(offsets)
      .filter((n) => /^\d+$/.test(n))
      .map(Number),
  );
  const meta = JSON.parse(readFileSync(join(offsets, String(newest)), "utf8").split("\n")[1]!) as {
    conf: Record<string, string>;
  };
  return meta.conf[STATE_PARTITIONER_CONF];
}

describe("the partitioning is pinned in the checkpoint", () => {
  const words = range(0, 19).map((i) => `k${i}`);

  /**
   * Runs a word count over `batch` once more on `checkpoint`; its state after: each word with its
   * count and state partition.
   */
  async function wordCount(
    s: SparkSession,
    input: MemoryStream,
    checkpoint: string,
    batch: readonly string[] = words,
  ): Promise<{ k: string; n: number; p: number }[]> {
    const query = await input
      .toDF()
      .groupBy("value")
      .count()
      .writeStream.format("noop")
      .outputMode("update")
      .option("checkpointLocation", checkpoint)
      .start();
    try {
      input.addData(...batch);
      await query.processAllAvailable();
    } finally {
      await query.stop();
    }
    unloadStateStores();
    return (await s.read
      .format("statestore")
      .load(checkpoint)
      .selectExpr("key.value AS k", "value.count AS n", "partition_id AS p")
      .collect()) as unknown as { k: string; n: number; p: number }[];
  }

  /** Word → count of `wordCount`'s rows. */
  const countsOf = (rows: readonly { k: string; n: number }[]) =>
    new Map(rows.map((r) => [r.k, Number(r.n)] as const));

  it("spark.conf.set checks the value: murmur3 or fnv1a", () => {
    const s = session();
    s.conf.set(STATE_PARTITIONER_CONF, "FNV1A");
    s.conf.set(STATE_PARTITIONER_CONF, "murmur3");
    assert.throws(
      () => s.conf.set(STATE_PARTITIONER_CONF, "xxhash"),
      (e: Error & { errorClass?: string }) => e.errorClass === "INVALID_CONF_VALUE.REQUIREMENT",
    );
  });

  it("a new checkpoint records murmur3", async () => {
    const dir = newDir();
    await wordCount(spark, new MemoryStream(spark, "value STRING"), dir);
    assert.equal(loggedPartitioner(dir), "murmur3");
  });

  it("a checkpoint without the entry (legacy FNV state) restarts with its state found, and stays legacy", async () => {
    const dir = newDir();
    const s = session();
    const input = new MemoryStream(s, "value STRING");
    // The first run partitions as tspark did before the entry existed, then loses the entry.
    s.conf.set(STATE_PARTITIONER_CONF, "fnv1a");
    const first = countsOf(await wordCount(s, input, dir));
    assert.deepEqual(
      words.map((w) => first.get(w)),
      words.map(() => 1),
    );
    stripPartitionerEntry(dir);
    const fnv = (w: string) => statePartitionOf(stateKeyOf([w]), PARTITIONS);
    // Spark's scheme would look most of these keys up elsewhere: the restart must not use it.
    const [murmur] = await s
      .sql(`SELECT ${words.map((w, i) => `pmod(hash('${w}'), ${PARTITIONS}) AS p${i}`).join(", ")}`)
      .collect();
    const moved = words.filter((w, i) => (murmur as unknown as Record<string, number>)[`p${i}`] !== fnv(w));
    assert.ok(moved.length >= 5, `only ${moved.length} keys move`);
    // Restarted by a session with the default (murmur3): every key's count continues.
    s.conf.unset(STATE_PARTITIONER_CONF);
    const second = countsOf(await wordCount(s, input, dir));
    assert.deepEqual(
      words.map((w) => second.get(w)),
      words.map(() => 2),
    );
    assert.equal(loggedPartitioner(dir), "fnv1a");
    const ids = (await s.read
      .format("statestore")
      .load(dir)
      .selectExpr("key.value AS k", "partition_id AS p")
      .collect()) as unknown as { k: string; p: number }[];
    assert.equal(ids.length, words.length);
    for (const r of ids) assert.equal(r.p, fnv(r.k), r.k);
  });

  // A checkpoint written by tspark before the entry existed (commit d861dcb: a word count over
  // w0…w29 on a MemoryStream, 5 shuffle partitions, one batch), kept as a fixture.
  it("a checkpoint written by an older tspark restarts with its state found", async () => {
    const fixture = join(
      dirname(fileURLToPath(import.meta.url)),
      "../fixtures/checkpoints/legacy-fnv-word-count",
    );
    const dir = newDir();
    cpSync(fixture, dir, { recursive: true });
    assert.equal(loggedPartitioner(dir), undefined);
    const s = session();
    const input = new MemoryStream(s, "value STRING");
    const fixtureWords = range(0, 29).map((i) => `w${i}`);
    input.addData(...fixtureWords); // the batch the fixture committed
    const rows = await wordCount(s, input, dir, fixtureWords);
    assert.equal(rows.length, fixtureWords.length);
    for (const r of rows) {
      assert.equal(Number(r.n), 2, r.k);
      assert.equal(r.p, statePartitionOf(stateKeyOf([r.k]), PARTITIONS), r.k);
    }
    assert.equal(loggedPartitioner(dir), "fnv1a");
  });
});
