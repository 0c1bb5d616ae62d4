// Spark's StateDataSourceTransformWithStateSuite: `spark.read.format("statestore")` over a
// transformWithState checkpoint with `stateVarName` (value, list and map variables, with and
// without `flattenCollectionTypes`, with TTL) and `readRegisteredTimers`. Expected rows are what
// the processors stored (the suite's shapes: `key`, `value` / `list_value` / `user_map_key` +
// `user_map_value` / `map_value`, `partition_id`).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
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

  it("reads a list state variable one row per element (flattenCollectionTypes defaults to true)", async () => {
    const df = read().option("stateVarName", "listState").load(varsDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "list_element", "partition_id"]);
    assert.deepEqual(await rowsOf(df.selectExpr("key.key", "list_element.v")), [
      ["a", 2],
      ["a", 2],
      ["a", 256],
      ["b", 1],
    ]);
  });

  it("reads a list state variable as one array per key with flattenCollectionTypes=false", async () => {
    const df = read()
      .option("stateVarName", "listState")
      .option("flattenCollectionTypes", "false")
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

  it("reads a map state variable as one map per key with flattenCollectionTypes=false", async () => {
    const df = read()
      .option("stateVarName", "mapState")
      .option("flattenCollectionTypes", "false")
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

/** A value variable whose schema looks like tspark's list layout (`values array<struct<value>>`). */
class ListLookingValue extends StatefulProcessor {
  private v!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.v = handle.getValueState("v", "values ARRAY<STRUCT<value: STRING>>");
  }

  handleInputRows(key: unknown[]): Iterable<unknown> {
    this.v.update([[["x"], ["y"]]]);
    return [[key[0]]];
  }
}

describe("statestore: the recorded variable types decide the shape", () => {
  it("reads a value variable shaped like a list as a value", async () => {
    const d = mkdtempSync(join(root, "shape-"));
    const input = new MemoryStream(spark, "value STRING");
    const df = input
      .toDF()
      .groupBy("value")
      .transformWithState(new ListLookingValue(), "key STRING", "update", "None");
    await testStream(df, "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, "a"),
      CheckNewAnswer(["a"]),
      StopStream,
    );
    const state = read().option("stateVarName", "v").load(d);
    assert.deepEqual(state.schema.fieldNames(), ["key", "value", "partition_id"]);
    assert.deepEqual(await rowsOf(state.selectExpr("key.value", "transform(value.values, e -> e.value)")), [
      ["a", ["x", "y"]],
    ]);
  });
});

/** A query's processor before and after a restart: a count, then a list (run 1) or a map (run 2). */
class Run extends StatefulProcessor {
  private count!: ValueState;
  private list: ListState | undefined;
  private map: MapState | undefined;

  constructor(private readonly run: 1 | 2) {
    super();
  }

  init(handle: StatefulProcessorHandle): void {
    this.count = handle.getValueState("count", "n LONG");
    if (this.run === 1) this.list = handle.getListState("seen", "v STRING");
    else this.map = handle.getMapState("perValue", "v STRING", "n LONG");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    let n = Number(this.count.get()?.[0] ?? 0);
    for (const r of rows) {
      n++;
      this.list?.appendValue([r.v]);
      this.map?.updateValue([r.v], [n]);
    }
    this.count.update([n]);
    return [[key[0], n]];
  }
}

/** A count whose field is renamed on the restart (names are not part of schema compatibility). */
class Renamed extends StatefulProcessor {
  private count!: ValueState;

  constructor(private readonly field: string) {
    super();
  }

  init(handle: StatefulProcessorHandle): void {
    this.count = handle.getValueState("count", `${this.field} LONG`);
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const n = Number(this.count.get()?.[0] ?? 0) + [...rows].length;
    this.count.update([n]);
    return [[key[0], n]];
  }
}

describe("statestore: an older batch is read with the variables of its run", () => {
  it("reads batchId with the operator metadata that applied at that batch (Spark's OperatorStateMetadataV2 per batch)", async () => {
    const d = mkdtempSync(join(root, "runs-"));
    const input = new MemoryStream(spark, "key STRING, v STRING");
    const query = (run: 1 | 2) =>
      input.toDF().groupBy("key").transformWithState(new Run(run), "key STRING, n LONG", "update", "None");
    await testStream(query(1), "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, { key: "a", v: "x" }),
      CheckNewAnswer(["a", 1]),
      AddData(input, { key: "a", v: "y" }),
      CheckNewAnswer(["a", 2]),
      StopStream,
    );
    // The restarted query keeps `count`, drops `seen` and adds `perValue` (batches 2 and 3).
    await testStream(query(2), "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, { key: "a", v: "z" }),
      CheckNewAnswer(["a", 3]),
      AddData(input, { key: "b", v: "z" }),
      CheckNewAnswer(["b", 1]),
      StopStream,
    );
    const at = (batchId: number, name: string) =>
      read().option("stateVarName", name).option("batchId", batchId).load(d);
    assert.deepEqual(await rowsOf(at(1, "seen").selectExpr("key.key", "list_element.v")), [
      ["a", "x"],
      ["a", "y"],
    ]);
    assert.throws(
      () => at(1, "perValue"),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /perValue is not defined/),
    );
    assert.deepEqual(
      await rowsOf(at(3, "perValue").selectExpr("key.key", "user_map_key.v", "user_map_value.n")),
      [
        ["a", "z", 3],
        ["b", "z", 1],
      ],
    );
    assert.throws(() => at(3, "seen"), stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /seen is not defined/));
    assert.deepEqual(await rowsOf(at(1, "count").selectExpr("key.key", "value.n")), [["a", 2]]);
    // Without batchId: the last batch's.
    assert.deepEqual(
      await rowsOf(read().option("stateVarName", "count").load(d).selectExpr("key.key", "value.n")),
      [
        ["a", 3],
        ["b", 1],
      ],
    );
  });

  it("reads batchId with the state schema of its run (Spark's state schema file per batch)", async () => {
    const d = mkdtempSync(join(root, "renamed-"));
    const input = new MemoryStream(spark, "key STRING");
    const query = (field: string) =>
      input
        .toDF()
        .groupBy("key")
        .transformWithState(new Renamed(field), "key STRING, n LONG", "update", "None");
    await testStream(query("n"), "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, { key: "a" }),
      CheckNewAnswer(["a", 1]),
      StopStream,
    );
    await testStream(query("total"), "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, { key: "a" }),
      CheckNewAnswer(["a", 2]),
      StopStream,
    );
    const at = (batchId: number) => read().option("stateVarName", "count").option("batchId", batchId).load(d);
    assert.equal(
      at(0).schema.simpleString(),
      "struct<key:struct<key:string>,value:struct<n:bigint>,partition_id:int>",
    );
    assert.deepEqual(await rowsOf(at(0).selectExpr("key.key", "value.n")), [["a", 1]]);
    assert.equal(
      at(1).schema.simpleString(),
      "struct<key:struct<key:string>,value:struct<total:bigint>,partition_id:int>",
    );
    assert.deepEqual(await rowsOf(at(1).selectExpr("key.key", "value.total")), [["a", 2]]);
  });
});

describe("statestore with readRegisteredTimers", () => {
  it("reads the registered timers: key and expiration_timestamp_ms", async () => {
    const df = read().option("readRegisteredTimers", "true").load(timersDir);
    assert.deepEqual(df.schema.fieldNames(), ["key", "expiration_timestamp_ms", "partition_id"]);
    assert.deepEqual(
      await rowsOf(df.selectExpr("key.key AS groupingKey", "expiration_timestamp_ms AS expiryTimestamp")),
      [
        ["a", 100_000],
        ["a", 300_000],
        ["b", 200_000],
      ],
    );
  });
});

// ---- Spark's StateDataSourceTransformWithStateSuite, case by case (partition ids are tspark's) ----

/** Spark's StatefulProcessorWithSingleValueVar: a TestClass(id, name) value per key. */
class SingleValueVar extends StatefulProcessor {
  private valueState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.valueState = handle.getValueState("valueState", "id LONG, name STRING");
  }

  handleInputRows(key: unknown[]): Iterable<unknown> {
    const count = Number(this.valueState.get()?.[0] ?? 0) + 1;
    this.valueState.update([count, "dummyKey"]);
    return [[key[0], String(count)]];
  }
}

/** Spark's StatefulProcessorWithTTL: a count with a 30 s TTL, cleared at 3. */
class CountWithTTL extends StatefulProcessor {
  private countState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.countState = handle.getValueState("countState", "value LONG", 30_000);
  }

  handleInputRows(key: unknown[]): Iterable<unknown> {
    const count = Number(this.countState.get()?.[0] ?? 0) + 1;
    if (count === 3) {
      this.countState.clear();
      return [];
    }
    this.countState.update([count]);
    return [[key[0], String(count)]];
  }
}

/** Spark's SessionGroupsStatefulProcessor(WithTTL): appends each row's group to a list. */
class SessionGroups extends StatefulProcessor {
  private groups!: ListState;

  constructor(private readonly ttlMs?: number) {
    super();
  }

  init(handle: StatefulProcessorHandle): void {
    this.groups = handle.getListState(
      this.ttlMs === undefined ? "groupsList" : "groupsListWithTTL",
      "value STRING",
      this.ttlMs,
    );
  }

  handleInputRows(_key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    for (const r of rows) this.groups.appendValue([r._2]);
    return [];
  }
}

/** Spark's TestMapStateProcessor, the actions the suite uses (updateValue, exists). */
class TestMapStateProcessor extends StatefulProcessor {
  private map!: MapState;

  init(handle: StatefulProcessorHandle): void {
    this.map = handle.getMapState("sessionState", "value STRING", "value STRING");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const out: unknown[][] = [];
    for (const r of rows) {
      if (r.action === "updateValue") this.map.updateValue([r.k], [r.v]);
      else if (r.action === "exists") out.push([key[0], "exists", String(this.map.exists())]);
    }
    return out;
  }
}

/** Spark's RunningCountStatefulProcessorWithProcTimeTimerUpdates (timer moved on the second row). */
class ProcTimeTimerUpdates extends StatefulProcessor {
  private handle!: StatefulProcessorHandle;
  private countState!: ValueState;
  private timerState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
    this.countState = handle.getValueState("countState", "value LONG");
    this.timerState = handle.getValueState("timerState", "value LONG");
  }

  handleInputRows(
    key: unknown[],
    rows: Iterable<Record<string, unknown>>,
    tv: { getCurrentProcessingTimeInMs(): number },
  ): Iterable<unknown> {
    const curr = Number(this.countState.get()?.[0] ?? 0);
    const count = curr + [...rows].length;
    this.countState.update([count]);
    if (key[0] === "a") {
      if (curr === 0) {
        const next = tv.getCurrentProcessingTimeInMs() + 5000;
        this.handle.registerTimer(next);
        this.timerState.update([next]);
      } else if (curr === 1) {
        this.handle.deleteTimer(Number(this.timerState.get()![0]));
        const next = tv.getCurrentProcessingTimeInMs() + 7500;
        this.handle.registerTimer(next);
        this.timerState.update([next]);
      }
    }
    return [[key[0], String(count)]];
  }
}

/** Spark's MaxEventTimeStatefulProcessor: a timer at max event time + 5 s. */
class MaxEventTime extends StatefulProcessor {
  private handle!: StatefulProcessorHandle;
  private maxState!: ValueState;
  private timerState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
    this.maxState = handle.getValueState("maxEventTimeState", "value LONG");
    this.timerState = handle.getValueState("timerState", "value LONG");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const times = [...rows].map((r) => Math.floor(Number(r.eventTime) / 1000));
    const max = Math.max(...times, Number(this.maxState.get()?.[0] ?? 0));
    const timeout = (max + 5) * 1000;
    this.maxState.update([max]);
    const registered = Number(this.timerState.get()?.[0] ?? 0);
    if (registered < timeout) {
      this.handle.deleteTimer(registered);
      this.handle.registerTimer(timeout);
      this.timerState.update([timeout]);
    }
    return [[key[0], max]];
  }
}

function suiteSession(clock?: ManualClock): SparkSession {
  const b = SparkSession.builder.config({
    "spark.sql.shuffle.partitions": 5,
    "spark.sql.session.timeZone": "UTC",
  });
  return (clock ? b.withClock(clock) : b).create();
}

describe("StateDataSourceTransformWithStateSuite", () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(root, "case-"));
    dirs.push(d);
    return d;
  };

  it("state data source integration - value state with single variable", async () => {
    const s = suiteSession();
    const d = dir();
    const input = new MemoryStream(s, "value STRING");
    const df = input
      .toDF()
      .groupBy("value")
      .transformWithState(new SingleValueVar(), "key STRING, count STRING", "update", "None");
    await testStream(df, "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, "a"),
      CheckNewAnswer(["a", "1"]),
      AddData(input, "b"),
      CheckNewAnswer(["b", "1"]),
      StopStream,
    );
    const state = s.read.format("statestore").option("stateVarName", "valueState").load(d);
    assert.deepEqual(
      await rowsOf(
        state.selectExpr("key.value AS groupingKey", "value.id AS valueId", "value.name AS valueName"),
      ),
      [
        ["a", 1, "dummyKey"],
        ["b", 1, "dummyKey"],
      ],
    );
    // "state data source cdf integration - value state with single variable"
    const changes = s.read
      .format("statestore")
      .option("stateVarName", "valueState")
      .option("readChangeFeed", true)
      .option("changeStartBatchId", 0)
      .load(d);
    assert.deepEqual(
      await rowsOf(
        changes.selectExpr(
          "change_type",
          "key.value AS groupingKey",
          "value.id AS valueId",
          "value.name AS valueName",
        ),
      ),
      [
        ["update", "a", 1, "dummyKey"],
        ["update", "b", 1, "dummyKey"],
      ],
    );
    assert.throws(
      () => s.read.format("statestore").option("stateVarName", "non-exist").load(d),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /State variable non-exist is not defined/),
    );
    assert.throws(
      () => s.read.format("statestore").option("readRegisteredTimers", true).load(d),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /Registered timers are not available/),
    );
    // Spark's runStateVarChecks: a transformWithState operator needs stateVarName.
    assert.throws(
      () => s.read.format("statestore").load(d),
      stds("STDS_REQUIRED_OPTION_UNSPECIFIED", /stateVarName/),
    );
    assert.throws(
      () =>
        s.read
          .format("statestore")
          .option("stateVarName", "valueState")
          .option("flattenCollectionTypes", "yes")
          .load(d),
      stds("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", /Boolean value is expected/),
    );
  });

  it("state data source integration - value state with single variable and TTL", async () => {
    const clock = new ManualClock();
    const s = suiteSession(clock);
    const d = dir();
    const input = new MemoryStream(s, "value STRING");
    const df = input
      .toDF()
      .groupBy("value")
      .transformWithState(new CountWithTTL(), "key STRING, count STRING", "update", "ProcessingTime");
    await testStream(df, "update")(
      StartStream({ checkpointLocation: d, trigger: { processingTime: "1 second" }, clock }),
      AddData(input, "a"),
      AddData(input, "b"),
      AdvanceManualClock(5000),
      CheckNewAnswer(["a", "1"], ["b", "1"]),
      StopStream,
    );
    const state = s.read.format("statestore").option("stateVarName", "countState").load(d);
    const rows = await rowsOf(
      state.selectExpr(
        "key.value AS groupingKey",
        "value.value.value AS valueId",
        "value.ttlExpirationMs AS ttl",
      ),
    );
    assert.equal(rows.length, 2);
    for (const r of rows) assert.ok(Number(r[2]) > 0);
    assert.deepEqual(
      rows.map((r) => r.slice(0, 2)),
      [
        ["a", 1],
        ["b", 1],
      ],
    );
  });

  it("state data source integration - list state (and with TTL)", async () => {
    for (const ttl of [undefined, 30_000]) {
      const clock = new ManualClock();
      const s = suiteSession(clock);
      const d = dir();
      const input = new MemoryStream(s, "_1 STRING, _2 STRING");
      const df = input
        .toDF()
        .groupBy("_1")
        .transformWithState(
          new SessionGroups(ttl),
          "g STRING",
          "update",
          ttl === undefined ? "None" : "ProcessingTime",
        );
      await testStream(df, "update")(
        StartStream({ checkpointLocation: d, trigger: { processingTime: "1 second" }, clock }),
        AddData(input, ["session1", "group2"], ["session1", "group1"], ["session2", "group1"]),
        AdvanceManualClock(1000),
        CheckNewAnswer(),
        AddData(input, ["session3", "group7"], ["session1", "group4"]),
        AdvanceManualClock(1000),
        CheckNewAnswer(),
        StopStream,
      );
      const name = ttl === undefined ? "groupsList" : "groupsListWithTTL";
      const expected = [
        ["session1", "group1"],
        ["session1", "group2"],
        ["session1", "group4"],
        ["session2", "group1"],
        ["session3", "group7"],
      ];
      const value = ttl === undefined ? "value" : "value.value";
      const nested = s.read
        .format("statestore")
        .option("stateVarName", name)
        .option("flattenCollectionTypes", false)
        .load(d);
      assert.deepEqual(
        await rowsOf(
          nested
            .selectExpr("key.`_1` AS groupingKey", "explode(list_value) AS v")
            .selectExpr("groupingKey", `v.${value}`),
        ),
        expected,
      );
      const flat = s.read.format("statestore").option("stateVarName", name).load(d);
      assert.deepEqual(await rowsOf(flat.selectExpr("key.`_1`", `list_element.${value}`)), expected);
      if (ttl !== undefined) {
        const exp = await rowsOf(flat.selectExpr("list_element.ttlExpirationMs"));
        assert.equal(exp.length, 5);
        for (const [t] of exp) assert.ok(Number(t) > 0);
      }
    }
  });

  it("state data source cdf integration - list state", async () => {
    const s = suiteSession();
    const d = dir();
    const input = new MemoryStream(s, "_1 STRING, _2 STRING");
    const df = input
      .toDF()
      .groupBy("_1")
      .transformWithState(new SessionGroups(), "g STRING", "update", "None");
    await testStream(df, "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, ["session1", "group2"], ["session1", "group1"], ["session2", "group1"]),
      CheckNewAnswer(),
      AddData(input, ["session3", "group7"], ["session1", "group4"]),
      CheckNewAnswer(),
      StopStream,
    );
    const changes = s.read
      .format("statestore")
      .option("stateVarName", "groupsList")
      .option("readChangeFeed", true)
      .option("changeStartBatchId", 0)
      .load(d);
    assert.deepEqual(changes.schema.fieldNames(), [
      "batch_id",
      "change_type",
      "key",
      "list_element",
      "partition_id",
    ]);
    // Spark's expected rows (partition ids aside: tspark hashes keys to partitions its own way).
    assert.deepEqual(
      await rowsOf(
        changes.selectExpr("batch_id", "change_type", "key.`_1` AS groupingKey", "list_element.value"),
      ),
      [
        [0, "append", "session1", "group1"],
        [0, "append", "session1", "group2"],
        [0, "append", "session2", "group1"],
        [1, "append", "session1", "group4"],
        [1, "append", "session3", "group7"],
      ],
    );
  });

  for (const provider of ["default", "RocksDB (LMDB)"]) {
    it(`state data source cdf integration - list state and TTL (${provider})`, async () => {
      const clock = new ManualClock();
      const s = suiteSession(clock);
      if (provider !== "default")
        s.conf.set(
          "spark.sql.streaming.stateStore.providerClass",
          "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider",
        );
      const d = dir();
      const input = new MemoryStream(s, "_1 STRING, _2 STRING");
      const df = input
        .toDF()
        .groupBy("_1")
        .transformWithState(new SessionGroups(30_000), "g STRING", "update", "ProcessingTime");
      await testStream(df, "update")(
        StartStream({ checkpointLocation: d, trigger: { processingTime: "1 second" }, clock }),
        AddData(input, ["session1", "group2"], ["session1", "group1"], ["session2", "group1"]),
        AdvanceManualClock(5000),
        CheckNewAnswer(),
        AddData(input, ["session3", "group7"], ["session1", "group4"]),
        AdvanceManualClock(30_000),
        CheckNewAnswer(),
        StopStream,
      );
      if (provider !== "default") assert.ok(existsSync(join(d, "state", "0", "lmdb-groupsListWithTTL")));
      const changes = s.read
        .format("statestore")
        .option("stateVarName", "groupsListWithTTL")
        .option("readChangeFeed", true)
        .option("changeStartBatchId", 0)
        .load(d);
      const withTtl = await rowsOf(
        changes.where("list_element IS NOT NULL").selectExpr("list_element.ttlExpirationMs"),
      );
      assert.equal(withTtl.length, 6);
      for (const [t] of withTtl) assert.ok(Number(t) > 0);
      assert.deepEqual(
        await rowsOf(
          changes.selectExpr("change_type", "key.`_1` AS groupingKey", "list_element.value.value AS groupId"),
        ),
        [
          ["append", "session1", "group1"],
          ["append", "session1", "group2"],
          ["append", "session1", "group4"],
          ["append", "session2", "group1"],
          ["append", "session3", "group7"],
          ["delete", "session1", null],
          ["delete", "session2", null],
          ["update", "session1", "group4"],
        ],
      );
      if (provider === "default") return;
      // PySpark's transformWithState tests read each partition again from snapshotStartBatchId 0
      // with the RocksDB provider: the same rows as the plain read of that partition.
      const plain = await rowsOf(
        s.read
          .format("statestore")
          .option("stateVarName", "groupsListWithTTL")
          .load(d)
          .selectExpr("partition_id", "key.`_1`", "list_element.value.value"),
      );
      const partitions = [...new Set(plain.map((r) => r[0] as number))];
      assert.ok(partitions.length > 0);
      for (const p of partitions) {
        const fromSnapshot = s.read
          .format("statestore")
          .option("stateVarName", "groupsListWithTTL")
          .option("snapshotPartitionId", p)
          .option("snapshotStartBatchId", 0)
          .load(d)
          .selectExpr("partition_id", "key.`_1`", "list_element.value.value");
        assert.deepEqual(
          await rowsOf(fromSnapshot),
          plain.filter((r) => r[0] === p),
        );
      }
    });
  }

  it("state data source integration - map state with single variable", async () => {
    const s = suiteSession();
    const d = dir();
    const input = new MemoryStream(s, "key STRING, action STRING, k STRING, v STRING");
    const row = (key: string, action: string, k = "", v = "") => ({ key, action, k, v });
    const df = input
      .toDF()
      .groupBy("key")
      .transformWithState(
        new TestMapStateProcessor(),
        "key STRING, action STRING, result STRING",
        "append",
        "None",
      );
    await testStream(df, "append")(
      StartStream({ checkpointLocation: d }),
      AddData(input, row("k1", "updateValue", "v1", "10")),
      AddData(input, row("k1", "exists")),
      AddData(input, row("k2", "exists")),
      CheckNewAnswer(["k1", "exists", "true"], ["k2", "exists", "false"]),
      AddData(input, row("k1", "updateValue", "v2", "5")),
      AddData(input, row("k2", "updateValue", "v2", "3")),
      CheckNewAnswer(),
      StopStream,
    );
    const nested = s.read
      .format("statestore")
      .option("stateVarName", "sessionState")
      .option("flattenCollectionTypes", false)
      .load(d);
    assert.deepEqual(
      await rowsOf(
        nested.selectExpr(
          "key.key AS groupingKey",
          "map_value[named_struct('value', 'v1')].value",
          "map_value[named_struct('value', 'v2')].value",
        ),
      ),
      [
        ["k1", "10", "5"],
        ["k2", null, "3"],
      ],
    );
    const flat = s.read.format("statestore").option("stateVarName", "sessionState").load(d);
    assert.deepEqual(
      await rowsOf(
        flat.selectExpr(
          "key.key AS groupingKey",
          "user_map_key.value AS mapKey",
          "user_map_value.value AS mapValue",
        ),
      ),
      [
        ["k1", "v1", "10"],
        ["k1", "v2", "5"],
        ["k2", "v2", "3"],
      ],
    );
    // "state data source cdf integration - map state with single variable"
    const changes = s.read
      .format("statestore")
      .option("stateVarName", "sessionState")
      .option("readChangeFeed", true)
      .option("changeStartBatchId", 0)
      .load(d);
    assert.deepEqual(changes.schema.fieldNames(), [
      "batch_id",
      "change_type",
      "key",
      "user_map_key",
      "user_map_value",
      "partition_id",
    ]);
    assert.deepEqual(
      await rowsOf(
        changes.selectExpr(
          "change_type",
          "key.key AS groupingKey",
          "user_map_key.value AS mapKey",
          "user_map_value.value AS mapValue",
        ),
      ),
      [
        ["update", "k1", "v1", "10"],
        ["update", "k1", "v2", "5"],
        ["update", "k2", "v2", "3"],
      ],
    );
  });

  it("state data source - processing-time timers integration", async () => {
    const clock = new ManualClock();
    const s = suiteSession(clock);
    const d = dir();
    const input = new MemoryStream(s, "value STRING");
    const df = input
      .toDF()
      .groupBy("value")
      .transformWithState(new ProcTimeTimerUpdates(), "key STRING, count STRING", "update", "ProcessingTime");
    await testStream(df, "update")(
      StartStream({ checkpointLocation: d, trigger: { processingTime: "1 second" }, clock }),
      AddData(input, "a"),
      AdvanceManualClock(1000),
      CheckNewAnswer(["a", "1"]), // at batch 0, ts = 1 s, timer "a" -> 6 s
      AddData(input, "a"),
      AdvanceManualClock(2000),
      CheckNewAnswer(["a", "2"]), // at batch 1, ts = 3 s, timer "a" -> 10.5 s
      StopStream,
    );
    const state = s.read.format("statestore").option("readRegisteredTimers", true).load(d);
    assert.deepEqual(
      await rowsOf(
        state.selectExpr("key.value AS groupingKey", "expiration_timestamp_ms AS expiryTimestamp"),
      ),
      [["a", 10_500]],
    );
  });

  it("state data source - event-time timers integration", async () => {
    const s = suiteSession();
    const d = dir();
    const input = new MemoryStream(s, "_1 STRING, _2 INT");
    const df = input
      .toDF()
      .selectExpr("_1 AS key", "timestamp_seconds(_2) AS eventTime")
      .withWatermark("eventTime", "10 seconds")
      .groupBy("key")
      .transformWithState(new MaxEventTime(), "key STRING, maxEventTime LONG", "update", "EventTime");
    await testStream(df, "update")(
      StartStream({ checkpointLocation: d }),
      AddData(input, ["a", 11], ["a", 13], ["a", 15]),
      CheckNewAnswer(["a", 15]), // timer at 15 + 5 = 20 s; watermark 5 s
      AddData(input, ["a", 4]), // older than the watermark
      CheckNewAnswer(),
      StopStream,
    );
    const state = s.read.format("statestore").option("readRegisteredTimers", true).load(d);
    assert.deepEqual(
      await rowsOf(state.selectExpr("key.key AS groupingKey", "expiration_timestamp_ms AS expiryTimestamp")),
      [["a", 20_000]],
    );
  });
});
