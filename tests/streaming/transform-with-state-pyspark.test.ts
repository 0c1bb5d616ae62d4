// Scenarios from PySpark's python/pyspark/sql/tests/pandas/test_pandas_transform_with_state.py
// (transformWithStateInPandas): the processors SimpleStatefulProcessor, InvalidSimpleStatefulProcessor,
// ListStateProcessor, MapStateProcessor and TTLStatefulProcessor with their expected rows. PySpark
// reads text files one per batch; here each file is one AddData of the same rows, and the TTL test's
// `time.sleep(6)` between batches is a manual clock advanced by 6 s.
import assert from "node:assert/strict";
import { SparkSession } from "../../src/api/spark-session.js";
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
  Execute,
  MemoryStream,
  StartStream,
} from "../../src/testing/index.js";
import { ASSERTS_LAST_BATCH_PROGRESS, scenario, testSession } from "./scenario.js";

const spark = testSession();
const OUTPUT = "id STRING, countAsString STRING";

/** `_prepare_test_resource1` and `_prepare_test_resource2`: (id, temperature) rows. */
const RESOURCE1 = [
  ["0", 123],
  ["0", 46],
  ["1", 146],
  ["1", 346],
];
const RESOURCE2 = [
  ["0", 123],
  ["0", 223],
  ["0", 323],
  ["1", 246],
  ["1", 6],
];

const sizeOf = (rows: Iterable<unknown>) => [...rows].length;

/** PySpark's SimpleStatefulProcessor: violations (temperature > 100) per id, checked per batch. */
class SimpleStatefulProcessor extends StatefulProcessor {
  private static readonly expected: Record<number, Record<string, number>> = {
    0: { "0": 1, "1": 2 },
    1: { "0": 4, "1": 3 },
  };
  private numViolations!: ValueState;
  private tempState!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.numViolations = handle.getValueState("numViolations", "value INT");
    this.tempState = handle.getValueState("tempState", "value INT");
    handle.deleteIfExists("tempState");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    assert.throws(() => this.tempState.exists(), {
      errorClass: "STATE_STORE_UNSUPPORTED_OPERATION_ON_MISSING_COLUMN_FAMILY",
    });
    const id = String(key[0]);
    const existing = this.numViolations.exists() ? Number(this.numViolations.get()![0]) : 0;
    const batch = this.numViolations.exists() ? 1 : 0;
    if (batch === 1) assert.equal(existing, SimpleStatefulProcessor.expected[0]![id]);
    const all = [...rows];
    const updated = existing + all.filter((r) => Number(r.temperature) > 100).length;
    assert.equal(updated, SimpleStatefulProcessor.expected[batch]![id]);
    this.numViolations.update([updated]);
    return [{ id, countAsString: String(all.length) }];
  }
}

// test_transform_with_state_in_pandas_basic / _query_restarts (the restart matrix restarts it)
scenario("transformWithStateInPandas - basic", () => {
  const input = new MemoryStream(spark, "id STRING, temperature INT");
  const df = input
    .toDF()
    .groupBy("id")
    .transformWithStateInPandas(new SimpleStatefulProcessor(), OUTPUT, "Update", "None");
  return {
    df,
    outputMode: "update",
    noCrashMatrix: ASSERTS_LAST_BATCH_PROGRESS,
    actions: [
      AddData(input, ...RESOURCE1),
      CheckNewAnswer(["0", "2"], ["1", "2"]),
      Execute((q) => {
        const m = q.lastProgress!.stateOperators[0]!.customMetrics;
        assert.ok(m.get("numValueStateVars")! > 0);
        assert.ok(m.get("numDeletedStateVars")! > 0);
      }, "custom metrics"),
      AddData(input, ...RESOURCE2),
      CheckNewAnswer(["0", "3"], ["1", "2"]),
    ],
  };
});

/** PySpark's InvalidSimpleStatefulProcessor: reads and clears a value state that never has a value. */
class InvalidSimpleStatefulProcessor extends StatefulProcessor {
  private numViolations!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.numViolations = handle.getValueState("numViolations", "value INT");
  }

  handleInputRows(key: unknown[]): Iterable<unknown> {
    assert.equal(this.numViolations.exists(), false);
    assert.equal(this.numViolations.get(), undefined);
    this.numViolations.clear();
    return [{ id: key[0], countAsString: "0" }];
  }
}

// test_transform_with_state_in_pandas_non_exist_value_state
scenario("transformWithStateInPandas - non-existing value state", () => {
  const input = new MemoryStream(spark, "id STRING, temperature INT");
  const df = input
    .toDF()
    .groupBy("id")
    .transformWithStateInPandas(new InvalidSimpleStatefulProcessor(), OUTPUT, "Update", "None");
  return {
    df,
    outputMode: "update",
    actions: [AddData(input, ...RESOURCE1), CheckNewAnswer(["0", "0"], ["1", "0"])],
  };
});

/** PySpark's ListStateProcessor (optionally with a large TTL). */
class ListStateProcessor extends StatefulProcessor {
  private list1!: ListState;
  private list2!: ListState;

  constructor(private readonly ttlMs?: number) {
    super();
  }

  init(handle: StatefulProcessorHandle): void {
    this.list1 = handle.getListState("listState1", "temperature INT", this.ttlMs);
    this.list2 = handle.getListState("listState2", "temperature INT", this.ttlMs);
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const listStateRows = [[120], [20]];
    this.list1.put(listStateRows);
    this.list2.put(listStateRows);
    this.list1.appendValue([111]);
    this.list2.appendValue([222]);
    this.list1.appendList(listStateRows);
    this.list2.appendList(listStateRows);
    assert.deepEqual(
      this.list1.get().map((r) => r[0]),
      [120, 20, 111, 120, 20],
    );
    assert.deepEqual(
      this.list2.get().map((r) => r[0]),
      [120, 20, 222, 120, 20],
    );
    return [{ id: key[0], countAsString: String(sizeOf(rows)) }];
  }
}

/** PySpark's MapStateProcessor (optionally with a large TTL). */
class MapStateProcessor extends StatefulProcessor {
  private map!: MapState;

  constructor(private readonly ttlMs?: number) {
    super();
  }

  init(handle: StatefulProcessorHandle): void {
    this.map = handle.getMapState("mapState", "name STRING", "count INT", this.ttlMs);
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const count = sizeOf(rows);
    const key1 = ["key1"];
    const key2 = ["key2"];
    let value1 = count;
    let value2 = count;
    if (this.map.exists()) {
      if (this.map.containsKey(key1)) value1 += Number(this.map.getValue(key1)![0]);
      if (this.map.containsKey(key2)) value2 += Number(this.map.getValue(key2)![0]);
    }
    this.map.updateValue(key1, [value1]);
    this.map.updateValue(key2, [value2]);
    assert.deepEqual([...this.map.keys()], [["key1"], ["key2"]]);
    assert.deepEqual([...this.map.values()], [[value1], [value2]]);
    const it = this.map.iterator();
    assert.deepEqual(it.next().value?.[0], key1);
    assert.deepEqual(it.next().value?.[1], [value2]);
    this.map.removeKey(key1);
    assert.equal(this.map.containsKey(key1), false);
    return [{ id: key[0], countAsString: String(count) }];
  }
}

// test_transform_with_state_in_pandas_list_state / _map_state and their _large_ttl variants
for (const [name, make, timeMode] of [
  ["list state", () => new ListStateProcessor(), "None"],
  ["list state with a large TTL", () => new ListStateProcessor(30_000), "processingTime"],
  ["map state", () => new MapStateProcessor(), "None"],
  ["map state with a large TTL", () => new MapStateProcessor(30_000), "processingTime"],
] as const) {
  scenario(`transformWithStateInPandas - ${name}`, () => {
    const input = new MemoryStream(spark, "id STRING, temperature INT");
    const df = input.toDF().groupBy("id").transformWithStateInPandas(make(), OUTPUT, "Update", timeMode);
    return {
      df,
      outputMode: "update",
      actions: [AddData(input, ...RESOURCE1), CheckNewAnswer(["0", "2"], ["1", "2"])],
    };
  });
}

/** PySpark's TTLStatefulProcessor: counts in value, list and map state with a 10 s TTL, and without. */
class TTLStatefulProcessor extends StatefulProcessor {
  private ttlCount!: ValueState;
  private count!: ValueState;
  private ttlList!: ListState;
  private ttlMap!: MapState;

  init(handle: StatefulProcessorHandle): void {
    this.ttlCount = handle.getValueState("ttl-state", "value INT", 10_000);
    this.count = handle.getValueState("state", "value INT");
    this.ttlList = handle.getListState("ttl-list-state", "value INT", 10_000);
    this.ttlMap = handle.getMapState("ttl-map-state", "id STRING", "value INT", 10_000);
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    const id = String(key[0]);
    let count = this.count.exists() ? Number(this.count.get()![0]) : 0;
    let ttlCount = this.ttlCount.exists() ? Number(this.ttlCount.get()![0]) : 0;
    let listCount = 0;
    if (this.ttlList.exists()) for (const [v] of this.ttlList.get()) listCount += Number(v);
    let mapCount = this.ttlMap.exists() ? Number(this.ttlMap.getValue(key)![0]) : 0;
    const n = sizeOf(rows);
    count += n;
    ttlCount += n;
    listCount += n;
    mapCount += n;
    this.count.update([count]);
    // skip updating state for the 2nd batch so that ttl state expire
    if (!(ttlCount === 2 && id === "0")) {
      this.ttlCount.update([ttlCount]);
      this.ttlList.put([[listCount], [listCount]]);
      this.ttlMap.updateValue(key, [mapCount]);
    }
    return [
      [`ttl-count-${id}`, ttlCount],
      [`count-${id}`, count],
      [`ttl-list-state-count-${id}`, listCount],
      [`ttl-map-state-count-${id}`, mapCount],
    ];
  }
}

// test_value_state_ttl_expiration
scenario("transformWithStateInPandas - value, list and map state TTL expiration", () => {
  const clock = new ManualClock();
  const session = SparkSession.builder
    .config({ "spark.sql.shuffle.partitions": 5, "spark.sql.session.timeZone": "UTC" })
    .withClock(clock)
    .create();
  const input = new MemoryStream(session, "id STRING, temperature INT");
  const df = input
    .toDF()
    .groupBy("id")
    .transformWithStateInPandas(
      new TTLStatefulProcessor(),
      "id STRING, count INT",
      "Update",
      "processingTime",
    );
  const batch = [
    ["1", 0],
    ["0", 0],
  ];
  const trigger = { processingTime: "1 second" };
  return {
    df,
    outputMode: "update",
    actions: [
      StartStream({ trigger, clock }),
      AddData(input, ...batch),
      AdvanceManualClock(1000), // batch 0 at 1 s: TTL states expire at 11 s
      CheckNewAnswer(
        ["ttl-count-0", 1],
        ["count-0", 1],
        ["ttl-list-state-count-0", 1],
        ["ttl-map-state-count-0", 1],
        ["ttl-count-1", 1],
        ["count-1", 1],
        ["ttl-list-state-count-1", 1],
        ["ttl-map-state-count-1", 1],
      ),
      AddData(input, ...batch),
      AdvanceManualClock(6000), // batch 1 at 7 s: "1" is updated (expires at 17 s), "0" is not
      CheckNewAnswer(
        ["ttl-count-0", 2],
        ["count-0", 2],
        ["ttl-list-state-count-0", 3],
        ["ttl-map-state-count-0", 2],
        ["ttl-count-1", 2],
        ["count-1", 2],
        ["ttl-list-state-count-1", 3],
        ["ttl-map-state-count-1", 2],
      ),
      AddData(input, ...batch),
      AdvanceManualClock(6000), // batch 2 at 13 s: the TTL states of "0" expired
      CheckNewAnswer(
        ["ttl-count-0", 1],
        ["count-0", 3],
        ["ttl-list-state-count-0", 1],
        ["ttl-map-state-count-0", 1],
        ["ttl-count-1", 3],
        ["count-1", 3],
        ["ttl-list-state-count-1", 7],
        ["ttl-map-state-count-1", 3],
      ),
    ],
  };
});
