// Scenarios from Spark's TransformWithListStateSuite, TransformWithMapStateSuite,
// TransformWithValueStateTTLSuite and TransformWithStateInitialStateSuite (sql/core/src/test/
// scala/org/apache/spark/sql/streaming/): list and map state, processing-time TTL on a manual
// clock, and the initial state. Spark's case-class inputs become rows with the same columns; user
// keys and values are tuples (PySpark's shape). Expected rows are Spark's; the TTL scenarios
// follow Spark 4's TTLConfig (a TTL per variable, declared in init) with the timeline of the 3.5
// suite (a value put at 1 s with a 1 minute TTL expires at 61 s).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import { ManualClock } from "../../src/common/clock.js";
import {
  type ListState,
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  TimeMode,
  type ValueState,
} from "../../src/index.js";
import {
  AddData,
  AdvanceManualClock,
  CheckNewAnswer,
  Execute,
  ExpectFailure,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, scenario, testSession } from "./scenario.js";

const spark = testSession();
const trigger = { processingTime: "1 second" };

function clockSession(): { session: SparkSession; clock: ManualClock } {
  const clock = new ManualClock();
  const session = SparkSession.builder
    .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
    .withClock(clock)
    .create();
  return { session, clock };
}

// ---- list state -----------------------------------------------------------------------------------

/** Spark's TestListStateProcessor over `InputRow(key, action, value)`. */
class TestListStateProcessor extends StatefulProcessor {
  private listState!: ListState;

  init(handle: StatefulProcessorHandle): void {
    this.listState = handle.getListState("testListState", "value STRING");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const out: unknown[][] = [];
    const split = (v: unknown) =>
      String(v)
        .split(",")
        .map((x) => [x]);
    for (const row of rows) {
      const value = row.value;
      switch (row.action) {
        case "emit":
          out.push([key[0], value]);
          break;
        case "emitAllInState":
          for (const [v] of this.listState.get()) out.push([key[0], v]);
          this.listState.clear();
          break;
        case "append":
          this.listState.appendValue([value]);
          break;
        case "appendAll":
          this.listState.appendList(split(value));
          break;
        case "put":
          this.listState.put(split(value));
          break;
        case "remove":
          this.listState.clear();
          break;
        case "tryAppendingNull":
          this.listState.appendValue(null as unknown as unknown[]);
          break;
        case "tryPutNullList":
          this.listState.put(null as unknown as unknown[][]);
          break;
        case "tryPutEmptyList":
          this.listState.put([]);
          break;
        case "tryAppendingEmptyList":
          this.listState.appendList([]);
          break;
      }
    }
    return out;
  }
}

const INPUT_ROW = "key STRING, action STRING, value STRING";

function listQuery(session: SparkSession, timeMode: string) {
  const inputData = new MemoryStream(session, INPUT_ROW);
  const result = inputData
    .toDF()
    .groupBy("key")
    .transformWithState(new TestListStateProcessor(), "key STRING, value STRING", "update", timeMode);
  return { inputData, result };
}

// TransformWithListStateSuite "test list state correctness"
scenario("transformWithState - list state correctness", () => {
  const { session, clock } = clockSession();
  const { inputData, result } = listQuery(session, TimeMode.EventTime);
  const row = (k: string, a: string, v: string) => ({ key: k, action: a, value: v });
  return {
    df: result,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      StartStream({ trigger, clock }),
      // no interaction test
      AddData(inputData, row("k1", "emit", "v1")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1", "v1"]),
      // check simple append
      AddData(inputData, row("k1", "append", "v2")),
      AddData(inputData, row("k1", "emitAllInState", "")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1", "v2"]),
      // multiple appends are correctly stored and emitted
      AddData(inputData, row("k2", "append", "v1")),
      AddData(inputData, row("k1", "append", "v4")),
      AddData(inputData, row("k2", "append", "v2")),
      AddData(inputData, row("k1", "emit", "v5")),
      AddData(inputData, row("k2", "emit", "v3")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1", "v5"], ["k2", "v3"]),
      AddData(inputData, row("k1", "emitAllInState", "")),
      AddData(inputData, row("k2", "emitAllInState", "")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k2", "v1"], ["k2", "v2"], ["k1", "v4"]),
      // check appendAll with append
      AddData(inputData, row("k3", "appendAll", "v1,v2,v3")),
      AddData(inputData, row("k3", "emit", "v4")),
      AddData(inputData, row("k3", "append", "v5")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k3", "v4"]),
      AddData(inputData, row("k3", "emitAllInState", "")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k3", "v1"], ["k3", "v2"], ["k3", "v3"], ["k3", "v5"]),
      // check removal cleans up all data in state
      AddData(inputData, row("k4", "append", "v2")),
      AddData(inputData, row("k4", "appendList", "v3,v4")),
      AddData(inputData, row("k4", "remove", "")),
      AddData(inputData, row("k4", "emitAllInState", "")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(),
      // check put cleans up previous state and adds new state
      AddData(inputData, row("k5", "appendAll", "v1,v2,v3")),
      AddData(inputData, row("k5", "append", "v4")),
      AddData(inputData, row("k5", "put", "v5,v6")),
      AddData(inputData, row("k5", "emitAllInState", "")),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k5", "v5"], ["k5", "v6"]),
      Execute((q) => {
        assert.ok(q.lastProgress!.stateOperators[0]!.customMetrics.get("numListStateVars")! > 0);
      }, "numListStateVars"),
    ],
  };
});

// TransformWithListStateSuite: "test appending null value …", "… putting null list …",
// "… putting empty list …", "… appending empty list in list state throw exception"
for (const [action, errorClass] of [
  ["tryAppendingNull", "ILLEGAL_STATE_STORE_VALUE.NULL_VALUE"],
  ["tryPutNullList", "ILLEGAL_STATE_STORE_VALUE.NULL_VALUE"],
  ["tryPutEmptyList", "ILLEGAL_STATE_STORE_VALUE.EMPTY_LIST_VALUE"],
  ["tryAppendingEmptyList", "ILLEGAL_STATE_STORE_VALUE.EMPTY_LIST_VALUE"],
] as const) {
  test(`transformWithState - list state ${action} fails with ${errorClass}`, async () => {
    const { session, clock } = clockSession();
    const { inputData, result } = listQuery(session, TimeMode.ProcessingTime);
    await testStream(result, "update")(
      StartStream({ trigger, clock }),
      AddData(inputData, { key: "k1", action, value: "" }),
      AdvanceManualClock(1 * 1000),
      ExpectFailure({
        errorClass,
        check: (e) =>
          assert.deepEqual((e as { messageParameters?: unknown }).messageParameters, {
            stateName: "testListState",
          }),
      }),
    );
  });
}

/** Spark's ToggleSaveAndEmitProcessor: a list and a value state. */
class ToggleSaveAndEmitProcessor extends StatefulProcessor {
  private listState!: ListState;
  private valueState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.listState = handle.getListState("testListState", "value STRING");
    this.valueState = handle.getValueState("testValueState", "value BOOLEAN");
  }

  handleInputRows(_key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const values = [...rows].map((r) => [r.value]);
    if (this.valueState.get()?.[0] !== true) {
      this.listState.appendList(values);
      this.valueState.update([true]);
      return [];
    }
    this.valueState.clear();
    const stored = this.listState.get();
    this.listState.clear();
    return [...values, ...stored];
  }
}

// TransformWithListStateSuite "test ValueState And ListState in Processor"
scenario("transformWithState - value state and list state in one processor", () => {
  const { session, clock } = clockSession();
  const inputData = new MemoryStream(session, "value STRING");
  const result = inputData
    .toDF()
    .groupBy("value")
    .transformWithState(new ToggleSaveAndEmitProcessor(), "value STRING", "update", TimeMode.ProcessingTime);
  return {
    df: result,
    outputMode: "update",
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputData, "k1"),
      AddData(inputData, "k2"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(),
      AddData(inputData, "k1"),
      AddData(inputData, "k2"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1"], ["k1"], ["k2"], ["k2"]),
    ],
  };
});

// ---- map state ------------------------------------------------------------------------------------

/** Spark's TestMapStateProcessor over `InputMapRow(key, action, value: (k, v))`. */
class TestMapStateProcessor extends StatefulProcessor {
  private mapState!: MapState;

  init(handle: StatefulProcessorHandle): void {
    this.mapState = handle.getMapState("sessionState", "key STRING", "value STRING");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const out: unknown[][] = [];
    const k = key[0];
    for (const row of rows) {
      const uk = row.k === null ? (null as unknown as unknown[]) : [row.k];
      switch (row.action) {
        case "exists":
          out.push([k, "exists", String(this.mapState.exists())]);
          break;
        case "getValue":
          out.push([k, row.k, this.mapState.getValue(uk)?.[0] ?? null]);
          break;
        case "containsKey":
          out.push([k, row.k, this.mapState.containsKey(uk) ? "true" : "false"]);
          break;
        case "updateValue":
          this.mapState.updateValue(uk, row.v === null ? (null as unknown as unknown[]) : [row.v]);
          break;
        case "iterator":
          for (const [mk, mv] of this.mapState.iterator()) out.push([k, mk[0], mv[0]]);
          break;
        case "keys":
          for (const [mk] of this.mapState.keys()) out.push([row.key, mk, row.v]);
          break;
        case "values":
          for (const [mv] of this.mapState.values()) out.push([row.key, row.k, mv]);
          break;
        case "removeKey":
          this.mapState.removeKey(uk);
          break;
        case "clear":
          this.mapState.clear();
          break;
      }
    }
    return out;
  }
}

const INPUT_MAP_ROW = "key STRING, action STRING, k STRING, v STRING";
const MAP_OUTPUT = "key STRING, userKey STRING, value STRING";

function mapQuery(outputMode: "append" | "update") {
  const inputData = new MemoryStream(spark, INPUT_MAP_ROW);
  const result = inputData
    .toDF()
    .groupBy("key")
    .transformWithState(new TestMapStateProcessor(), MAP_OUTPUT, outputMode, TimeMode.None);
  return { inputData, result };
}

const mapRow = (key: string, action: string, k: string | null, v: string | null) => ({ key, action, k, v });

// TransformWithMapStateSuite "Test map state correctness"
scenario("transformWithState - map state correctness", () => {
  const { inputData, result } = mapQuery("append");
  return {
    df: result,
    outputMode: "append",
    actions: [
      // Test exists()
      AddData(inputData, mapRow("k1", "updateValue", "v1", "10")),
      AddData(inputData, mapRow("k1", "exists", "", "")),
      AddData(inputData, mapRow("k2", "exists", "", "")),
      CheckNewAnswer(["k1", "exists", "true"], ["k2", "exists", "false"]),
      // Test get and put with composite key
      AddData(inputData, mapRow("k1", "updateValue", "v2", "5")),
      AddData(inputData, mapRow("k2", "updateValue", "v2", "3")),
      AddData(inputData, mapRow("k2", "updateValue", "v2", "12")),
      AddData(inputData, mapRow("k2", "updateValue", "v4", "1")),
      // Different grouping key, same user key
      AddData(inputData, mapRow("k1", "getValue", "v2", "")),
      CheckNewAnswer(["k1", "v2", "5"]),
      // Same grouping key, same user key, update value should reflect
      AddData(inputData, mapRow("k2", "getValue", "v2", "")),
      CheckNewAnswer(["k2", "v2", "12"]),
      // Test get full map for a given grouping key
      AddData(inputData, mapRow("k2", "iterator", "", "")),
      CheckNewAnswer(["k2", "v2", "12"], ["k2", "v4", "1"]),
      AddData(inputData, mapRow("k2", "keys", "", "")),
      CheckNewAnswer(["k2", "v2", ""], ["k2", "v4", ""]),
      AddData(inputData, mapRow("k2", "values", "", "")),
      CheckNewAnswer(["k2", "", "12"], ["k2", "", "1"]),
      // Test remove functionalities
      AddData(inputData, mapRow("k1", "removeKey", "v2", "")),
      AddData(inputData, mapRow("k1", "containsKey", "v2", "")),
      CheckNewAnswer(["k1", "v2", "false"]),
      AddData(inputData, mapRow("k2", "clear", "", "")),
      AddData(inputData, mapRow("k2", "iterator", "", "")),
      CheckNewAnswer(),
      AddData(inputData, mapRow("k2", "exists", "", "")),
      CheckNewAnswer(["k2", "exists", "false"]),
    ],
  };
});

// TransformWithMapStateSuite "Test retrieving value with non-existing user key"
scenario("transformWithState - map state value of a missing user key", () => {
  const { inputData, result } = mapQuery("update");
  return {
    df: result,
    outputMode: "update",
    actions: [AddData(inputData, mapRow("k1", "getValue", "v1", "")), CheckNewAnswer(["k1", "v1", null])],
  };
});

// TransformWithMapStateSuite "Test $mapImplFunc with null user key" and "Test put value with null value"
for (const [action, k, v] of [
  ["getValue", null, ""],
  ["containsKey", null, ""],
  ["updateValue", null, ""],
  ["removeKey", null, ""],
  ["updateValue", "k1", null],
] as const) {
  test(`transformWithState - map state ${action}(${k}, ${v}) fails with NULL_VALUE`, async () => {
    const { inputData, result } = mapQuery("update");
    await testStream(result, "update")(
      AddData(inputData, mapRow("k1", action, k, v)),
      ExpectFailure({
        errorClass: "ILLEGAL_STATE_STORE_VALUE.NULL_VALUE",
        check: (e) => {
          const err = e as { messageParameters?: unknown; sqlState?: string };
          assert.deepEqual(err.messageParameters, { stateName: "sessionState" });
        },
      }),
    );
  });
}

// ---- TTL --------------------------------------------------------------------------------------------

/** Spark's ValueStateTTLProcessor (put / get on a value state with a 1 minute TTL). */
class ValueStateTTLProcessor extends StatefulProcessor {
  private valueState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.valueState = handle.getValueState("valueState", "value INT", 60_000);
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const out: unknown[][] = [];
    for (const row of rows) {
      if (row.action === "get") {
        const v = this.valueState.get();
        if (v !== undefined) out.push([key[0], v[0], false, -1]);
      } else if (row.action === "put") {
        this.valueState.update([row.value]);
      }
    }
    return out;
  }
}

const TTL_OUTPUT = "key STRING, value INT, isTTLValue BOOLEAN, ttlValue LONG";

function ttlQuery() {
  const { session, clock } = clockSession();
  const inputStream = new MemoryStream(session, "key STRING, action STRING, value INT");
  const result = inputStream
    .toDF()
    .groupBy("key")
    .transformWithState(new ValueStateTTLProcessor(), TTL_OUTPUT, "append", TimeMode.ProcessingTime);
  const event = (key: string, action: string, value: number) => ({ key, action, value });
  return { clock, inputStream, result, event };
}

// TransformWithValueStateTTLSuite "validate state is evicted at ttl expiry - processing time ttl"
scenario("transformWithState - value state is evicted at ttl expiry", () => {
  const { clock, inputStream, result, event } = ttlQuery();
  return {
    df: result,
    outputMode: "append",
    noCrashMatrix:
      "sums numValuesRemovedDueToTTLExpiry over the run's progress, and a crash restarts the run (its recentProgress starts empty, as Spark's) after the batch that removed the value",
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputStream, event("k1", "put", 1)),
      AdvanceManualClock(1 * 1000), // put at 1 s: expires at 61 s
      CheckNewAnswer(),
      StopStream,
      StartStream({ trigger, clock }),
      // get this state, and make sure we get unexpired value
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1", 1, false, -1]),
      StopStream,
      StartStream({ trigger, clock }),
      // advance clock so that state expires
      AdvanceManualClock(60 * 1000),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000),
      // validate expired value is not returned
      CheckNewAnswer(),
      // the expired value was removed from the store
      Execute((q) => {
        const p = q.lastProgress!.stateOperators[0]!;
        assert.equal(p.numRowsTotal, 0);
        const removed = q.recentProgress.reduce(
          (n, b) => n + (b.stateOperators[0]?.customMetrics.get("numValuesRemovedDueToTTLExpiry") ?? 0),
          0,
        );
        assert.equal(removed, 1);
        assert.ok(p.customMetrics.get("numValueStateWithTTLVars")! > 0);
      }, "the expired value is gone"),
    ],
  };
});

// TransformWithValueStateTTLSuite "validate ttl update updates the expiration timestamp"
scenario("transformWithState - a ttl update moves the expiration", () => {
  const { clock, inputStream, result, event } = ttlQuery();
  return {
    df: result,
    outputMode: "append",
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputStream, event("k1", "put", 1)),
      AdvanceManualClock(1 * 1000), // expires at 61 s
      CheckNewAnswer(),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1", 1, false, -1]),
      AdvanceManualClock(30 * 1000),
      AddData(inputStream, event("k1", "put", 1)),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000), // put at 33 s: expires at 93 s
      CheckNewAnswer(["k1", 1, false, -1]),
      // advance clock after the older expiration
      AdvanceManualClock(30 * 1000),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1", 1, false, -1]),
      // and after the newer one
      AdvanceManualClock(30 * 1000),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(),
    ],
  };
});

/** A list and a map state with a 1 minute TTL: `put` appends / sets, `get` emits what is live. */
class ListAndMapTTLProcessor extends StatefulProcessor {
  private listState!: ListState;
  private mapState!: MapState;

  init(handle: StatefulProcessorHandle): void {
    this.listState = handle.getListState("listState", "value INT", 60_000);
    this.mapState = handle.getMapState("mapState", "k INT", "v INT", 60_000);
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const out: unknown[][] = [];
    for (const row of rows) {
      if (row.action === "put") {
        this.listState.appendValue([row.value]);
        this.mapState.updateValue([row.value], [row.value]);
      } else if (row.action === "get") {
        for (const [v] of this.listState.get()) out.push([key[0], "list", v]);
        for (const [[k]] of this.mapState.iterator()) out.push([key[0], "map", k]);
      }
    }
    return out;
  }
}

// TransformWithListStateTTLSuite / TransformWithMapStateTTLSuite: each element has its own
// expiration (a value appended later outlives the earlier ones)
scenario("transformWithState - list and map state elements expire one by one", () => {
  const { session, clock } = clockSession();
  const inputStream = new MemoryStream(session, "key STRING, action STRING, value INT");
  const result = inputStream
    .toDF()
    .groupBy("key")
    .transformWithState(
      new ListAndMapTTLProcessor(),
      "key STRING, kind STRING, value INT",
      "append",
      "ProcessingTime",
    );
  const event = (key: string, action: string, value: number) => ({ key, action, value });
  return {
    df: result,
    outputMode: "append",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      StartStream({ trigger, clock }),
      AddData(inputStream, event("k1", "put", 1)),
      AdvanceManualClock(1 * 1000), // expires at 61 s
      CheckNewAnswer(),
      AdvanceManualClock(30 * 1000),
      AddData(inputStream, event("k1", "put", 2)),
      AdvanceManualClock(1 * 1000), // expires at 92 s
      CheckNewAnswer(),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["k1", "list", 1], ["k1", "list", 2], ["k1", "map", 1], ["k1", "map", 2]),
      AdvanceManualClock(30 * 1000),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000), // 64 s: 1 expired
      CheckNewAnswer(["k1", "list", 2], ["k1", "map", 2]),
      AdvanceManualClock(30 * 1000),
      AddData(inputStream, event("k1", "get", -1)),
      AdvanceManualClock(1 * 1000), // 95 s: both expired
      CheckNewAnswer(),
      Execute(
        (q) => assert.equal(q.lastProgress!.stateOperators[0]!.numRowsTotal, 0),
        "nothing left in state",
      ),
    ],
  };
});

test("transformWithState - TTL needs the ProcessingTime time mode and a positive duration", async () => {
  class TtlIn extends StatefulProcessor {
    constructor(private readonly ttl: number) {
      super();
    }
    init(handle: StatefulProcessorHandle): void {
      handle.getValueState("valueState", "value INT", this.ttl);
    }
    handleInputRows(): Iterable<unknown> {
      return [];
    }
  }
  for (const [processor, mode, errorClass, parameters] of [
    [
      new TtlIn(1000),
      "None",
      "STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL",
      { stateName: "valueState", timeMode: "None" },
    ],
    [
      new TtlIn(0),
      "ProcessingTime",
      "STATEFUL_PROCESSOR_TTL_DURATION_MUST_BE_POSITIVE",
      { operationType: "update", stateName: "valueState" },
    ],
  ] as const) {
    const inputStream = new MemoryStream(spark, "key STRING");
    const result = inputStream
      .toDF()
      .groupBy("key")
      .transformWithState(processor, "key STRING", "update", mode);
    await testStream(result, "update")(
      AddData(inputStream, { key: "a" }),
      ExpectFailure({
        errorClass,
        check: (e) => assert.deepEqual((e as { messageParameters?: unknown }).messageParameters, parameters),
      }),
    );
  }
});

// ---- initial state ----------------------------------------------------------------------------------

/** Spark's InitialStateInMemoryTestClass: a value, a list and a map state, seeded by the initial state. */
class InitialStateInMemoryTestClass extends StatefulProcessor {
  private valState!: ValueState;
  private listState!: ListState;
  private mapState!: MapState;

  init(handle: StatefulProcessorHandle): void {
    this.valState = handle.getValueState("testValueInit", "value DOUBLE");
    this.listState = handle.getListState("testListInit", "value DOUBLE");
    this.mapState = handle.getMapState("testMapInit", "key DOUBLE", "count INT");
  }

  override handleInitialState(_key: unknown[], initialState: Record<string, unknown>): void {
    this.valState.update([initialState.value]);
    this.listState.appendList((initialState.entries as number[]).map((e) => [e]));
    for (const [k, v] of initialState.mapping as Map<number, number>) this.mapState.updateValue([k], [v]);
  }

  private countOf(v: unknown): number {
    return this.mapState.containsKey([v]) ? Number(this.mapState.getValue([v])![0]) : 0;
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const out: unknown[][] = [];
    for (const row of rows) {
      const k = key[0];
      switch (row.action) {
        case "getOption":
          out.push([k, row.action, this.valState.get()?.[0] ?? -1.0]);
          break;
        case "update":
          this.valState.update([row.value]);
          break;
        case "remove":
          this.valState.clear();
          break;
        case "getList":
          for (const [e] of this.listState.get()) out.push([k, row.action, e]);
          break;
        case "appendList":
          this.listState.appendValue([row.value]);
          break;
        case "clearList":
          this.listState.clear();
          break;
        case "getCount":
          out.push([k, row.action, this.countOf(row.value)]);
          break;
        case "incCount":
          this.mapState.updateValue([row.value], [this.countOf(row.value) + 1]);
          break;
        case "clearCount":
          this.mapState.removeKey([row.value]);
          break;
      }
    }
    return out;
  }
}

const INIT_INPUT_ROW = "key STRING, action STRING, value DOUBLE";
const INIT_OUTPUT = "key STRING, action STRING, value DOUBLE";

function initialStateDf() {
  return spark
    .createDataFrame(
      [
        ["init_1", 40.0, [40.0], new Map([[40.0, 1]])],
        ["init_2", 100.0, [100.0], new Map([[100.0, 1]])],
      ],
      "key STRING, value DOUBLE, entries ARRAY<DOUBLE>, mapping MAP<DOUBLE, INT>",
    )
    .groupBy("key");
}

// TransformWithStateInitialStateSuite "transformWithStateWithInitialState - correctness test, run
// with multiple state variables - in-memory type"
scenario("transformWithState - initial state with value, list and map state", () => {
  const inputData = new MemoryStream(spark, INIT_INPUT_ROW);
  const query = inputData
    .toDF()
    .groupBy("key")
    .transformWithState(new InitialStateInMemoryTestClass(), INIT_OUTPUT, "append", "None", initialStateDf());
  const row = (key: string, action: string, value: number) => ({ key, action, value });
  return {
    df: query,
    outputMode: "update",
    actions: [
      // non-exist key test
      AddData(inputData, row("k1", "update", 37.0)),
      AddData(inputData, row("k2", "update", 40.0)),
      AddData(inputData, row("non-exist", "getOption", -1.0)),
      CheckNewAnswer(["non-exist", "getOption", -1.0]),
      AddData(inputData, row("k1", "appendList", 37.0)),
      AddData(inputData, row("k2", "appendList", 40.0)),
      AddData(inputData, row("non-exist", "getList", -1.0)),
      CheckNewAnswer(),

      AddData(inputData, row("k1", "incCount", 37.0)),
      AddData(inputData, row("k2", "incCount", 40.0)),
      AddData(inputData, row("non-exist", "getCount", -1.0)),
      CheckNewAnswer(["non-exist", "getCount", 0.0]),
      AddData(inputData, row("k2", "incCount", 40.0)),
      AddData(inputData, row("k2", "getCount", 40.0)),
      CheckNewAnswer(["k2", "getCount", 2.0]),

      // test every row in initial State is processed
      AddData(inputData, row("init_1", "getOption", -1.0)),
      CheckNewAnswer(["init_1", "getOption", 40.0]),
      AddData(inputData, row("init_2", "getOption", -1.0)),
      CheckNewAnswer(["init_2", "getOption", 100.0]),

      AddData(inputData, row("init_1", "getList", -1.0)),
      CheckNewAnswer(["init_1", "getList", 40.0]),
      AddData(inputData, row("init_2", "getList", -1.0)),
      CheckNewAnswer(["init_2", "getList", 100.0]),

      AddData(inputData, row("init_1", "getCount", 40.0)),
      CheckNewAnswer(["init_1", "getCount", 1.0]),
      AddData(inputData, row("init_2", "getCount", 100.0)),
      CheckNewAnswer(["init_2", "getCount", 1.0]),

      // Update row with key in initial row will work
      AddData(inputData, row("init_1", "update", 50.0)),
      AddData(inputData, row("init_1", "getOption", -1.0)),
      CheckNewAnswer(["init_1", "getOption", 50.0]),
      AddData(inputData, row("init_1", "remove", -1.0)),
      AddData(inputData, row("init_1", "getOption", -1.0)),
      CheckNewAnswer(["init_1", "getOption", -1.0]),

      AddData(inputData, row("init_1", "appendList", 50.0)),
      AddData(inputData, row("init_1", "getList", -1.0)),
      CheckNewAnswer(["init_1", "getList", 50.0], ["init_1", "getList", 40.0]),

      AddData(inputData, row("init_1", "incCount", 40.0)),
      AddData(inputData, row("init_1", "getCount", 40.0)),
      CheckNewAnswer(["init_1", "getCount", 2.0]),

      // test remove
      AddData(inputData, row("k1", "remove", -1.0)),
      AddData(inputData, row("k1", "getOption", -1.0)),
      CheckNewAnswer(["k1", "getOption", -1.0]),

      AddData(inputData, row("init_1", "clearCount", -1.0)),
      AddData(inputData, row("init_1", "getCount", -1.0)),
      CheckNewAnswer(["init_1", "getCount", 0.0]),

      AddData(inputData, row("init_1", "clearList", -1.0)),
      AddData(inputData, row("init_1", "getList", -1.0)),
      CheckNewAnswer(),
    ],
  };
});

// TransformWithStateInitialStateSuite "transformWithStateWithInitialState - cannot re-initialize
// state during initial state handling"
test("transformWithState - two initial state rows for one key fail", async () => {
  const initDf = spark
    .createDataFrame(
      [
        ["a", 1.0, [1.0], new Map()],
        ["a", 2.0, [2.0], new Map()],
      ],
      "key STRING, value DOUBLE, entries ARRAY<DOUBLE>, mapping MAP<DOUBLE, INT>",
    )
    .groupBy("key");
  const inputData = new MemoryStream(spark, INIT_INPUT_ROW);
  const query = inputData
    .toDF()
    .groupBy("key")
    .transformWithState(new InitialStateInMemoryTestClass(), INIT_OUTPUT, "append", "None", initDf);
  await testStream(query, "update")(
    AddData(inputData, { key: "k1", action: "getOption", value: -1 }),
    ExpectFailure({
      errorClass: "STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY",
      check: (e) =>
        assert.deepEqual((e as { messageParameters?: unknown }).messageParameters, { groupingKey: "[a]" }),
    }),
  );
});
