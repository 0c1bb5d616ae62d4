// Spark's StateDataSourceTransformWithStateSuite: `spark.read.format("statestore")` over a
// transformWithState checkpoint with `stateVarName` (value, list and map variables, with and
// without `flattenCollectionValues`, with TTL) and `readRegisteredTimers`. Expected rows are what
// the processors stored (the suite's shapes: `key`, `value` / `list_value` / `user_map_key` +
// `user_map_value` / `map_value`, `partition_id`).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import type { DataFrame } from "../../src/api/data-frame.js";
import { ManualClock } from "../../src/common/clock.js";
import {
  type ListState,
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type ValueState,
} from "../../src/index.js";
import {
  AddData,
  AdvanceManualClock,
  CheckNewAnswer,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-sds-tws-"));
const varsDir = join(root, "vars");
const timersDir = join(root, "timers");
const clock = new ManualClock();
const spark = SparkSession.builder
  .config({ "spark.sql.shuffle.partitions": 3, "spark.sql.session.timeZone": "UTC" })
  .withClock(clock)
  .create();

/** A count (value), the rows' values (list), value → count (map), and a TTL value. */
class AllVariables extends StatefulProcessor {
  private count!: ValueState;
  private seen!: ListState;
  private perValue!: MapState;
  private lastSeen!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.count = handle.getValueState("countState", "value LONG");
    this.seen = handle.getListState("listState", "v INT");
    this.perValue = handle.getMapState("mapState", "k INT", "n LONG");
    this.lastSeen = handle.getValueState("ttlState", "v INT", 60_000);
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    let n = Number(this.count.get()?.[0] ?? 0);
    for (const r of rows) {
      n++;
      this.seen.appendValue([r.v]);
      this.perValue.updateValue([r.v], [Number(this.perValue.getValue([r.v])?.[0] ?? 0) + 1]);
      this.lastSeen.update([r.v]);
    }
    this.count.update([n]);
    return [[key[0], n]];
  }
}

/** Registers a processing-time timer at each row's `ts`. */
class Timers extends StatefulProcessor {
  private handle!: StatefulProcessorHandle;

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    for (const r of rows) this.handle.registerTimer(Number(r.ts));
    return [[key[0]]];
  }
}

async function rowsOf(df: DataFrame): Promise<unknown[][]> {
  const rows = await df.collect();
  return rows
    .map((r) => Object.values(r) as unknown[])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const read = () => spark.read.format("statestore");

function stds(errorClass: string, pattern?: RegExp) {
  return (e: Error & { errorClass?: string }) => {
    assert.equal(e.errorClass, errorClass, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

before(async () => {
  const input = new MemoryStream(spark, "key STRING, v INT");
  const df = input
    .toDF()
    .groupBy("key")
    .transformWithState(new AllVariables(), "key STRING, n LONG", "update", "ProcessingTime");
  await testStream(df, "update")(
    StartStream({ checkpointLocation: varsDir, trigger: { processingTime: "1 second" }, clock }),
    AddData(input, { key: "a", v: 2 }, { key: "b", v: 1 }, { key: "a", v: 256 }),
    AdvanceManualClock(1000),
    CheckNewAnswer(["a", 2], ["b", 1]),
    AddData(input, { key: "a", v: 2 }),
    AdvanceManualClock(1000),
    CheckNewAnswer(["a", 3]),
    StopStream,
  );
  const timerInput = new MemoryStream(spark, "key STRING, ts LONG");
  const timers = timerInput
    .toDF()
    .groupBy("key")
    .transformWithState(new Timers(), "key STRING", "update", "ProcessingTime");
  await testStream(timers, "update")(
    StartStream({ checkpointLocation: timersDir, trigger: { processingTime: "1 second" }, clock }),
    AddData(timerInput, { key: "a", ts: 100_000 }, { key: "b", ts: 200_000 }, { key: "a", ts: 300_000 }),
    AdvanceManualClock(1000),
    CheckNewAnswer(["a"], ["b"]),
    StopStream,
  );
});
after(() => rmSync(root, { recursive: true, force: true }));

describe("statestore with stateVarName", () => {
  it("reads a value state variable: key and value structs", async () => {
    const df = read().option("stateVarName", "countState").load(varsDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "value", "partition_id"]);
    assert.deepEqual(await rowsOf(df.selectExpr("key.key AS groupingKey", "value.value AS count")), [
      ["a", 3],
      ["b", 1],
    ]);
  });

  it("reads a list state variable one row per element (flattenCollectionValues defaults to true)", async () => {
    const df = read().option("stateVarName", "listState").load(varsDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "value", "partition_id"]);
    assert.deepEqual(await rowsOf(df.selectExpr("key.key", "value.v")), [
      ["a", 2],
      ["a", 2],
      ["a", 256],
      ["b", 1],
    ]);
  });

  it("reads a list state variable as one array per key with flattenCollectionValues=false", async () => {
    const df = read()
      .option("stateVarName", "listState")
      .option("flattenCollectionValues", "false")
      .load(varsDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "list_value", "partition_id"]);
    assert.deepEqual(await rowsOf(df.selectExpr("key.key", "transform(list_value, x -> x.v)")), [
      ["a", [2, 256, 2]],
      ["b", [1]],
    ]);
  });

  it("reads a map state variable one row per entry, in RocksDB's order of the user keys", async () => {
    const df = read().option("stateVarName", "mapState").load(varsDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "user_map_key", "user_map_value", "partition_id"]);
    const rows = (await df.selectExpr("key.key", "user_map_key.k", "user_map_value.n").collect()).map((r) =>
      Object.values(r),
    );
    // 256 encodes as 00 01 …, 2 as 02 00 …: 256 comes first within key a.
    assert.deepEqual(
      rows.filter((r) => r[0] === "a"),
      [
        ["a", 256, 1],
        ["a", 2, 2],
      ],
    );
    assert.deepEqual(
      rows.filter((r) => r[0] === "b"),
      [["b", 1, 1]],
    );
  });

  it("reads a map state variable as one map per key with flattenCollectionValues=false", async () => {
    const df = read()
      .option("stateVarName", "mapState")
      .option("flattenCollectionValues", "false")
      .load(varsDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "map_value", "partition_id"]);
    assert.deepEqual(await rowsOf(df.selectExpr("key.key", "map_value[named_struct('k', 2)].n")), [
      ["a", 2],
      ["b", null],
    ]);
  });

  it("reads a value variable with TTL as struct<value, ttlExpirationMs>", async () => {
    const df = read().option("stateVarName", "ttlState").load(varsDir);
    // a was last written in the batch at 2 s, b in the batch at 1 s; the TTL is one minute.
    assert.deepEqual(await rowsOf(df.selectExpr("key.key", "value.value.v", "value.ttlExpirationMs")), [
      ["a", 2, 62_000],
      ["b", 1, 61_000],
    ]);
  });

  it("fails for a variable the operator does not have, and for stateVarName with readRegisteredTimers", () => {
    assert.throws(
      () => read().option("stateVarName", "nope").load(varsDir),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /State variable nope is not defined/),
    );
    assert.throws(
      () => read().option("stateVarName", "countState").option("readRegisteredTimers", "true").load(varsDir),
      stds("STDS_CONFLICT_OPTIONS"),
    );
  });
});

describe("statestore with readRegisteredTimers", () => {
  it("reads the registered timers: key struct<key, expiryTimestampMs>", async () => {
    const df = read().option("readRegisteredTimers", "true").load(timersDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "value", "partition_id"]);
    assert.deepEqual(
      await rowsOf(df.selectExpr("key.key.key AS groupingKey", "key.expiryTimestampMs AS expiryTimestamp")),
      [
        ["a", 100_000],
        ["a", 300_000],
        ["b", 200_000],
      ],
    );
  });
});
