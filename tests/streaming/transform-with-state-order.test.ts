// transformWithState's task structure and orders, as Spark's TransformWithStateExec has them: one
// handle per state partition (init … close per partition and batch, empty partitions included),
// keys visited ascending within a partition (the operator's requiredChildOrdering), timers of one
// expiry and a MapState's entries in RocksDB's order of their encoded keys (UnsafeRow bytes:
// little-endian ints, strings by length first). Expected orders are worked out from Spark's
// encoders (src/physical/state-key-order.ts shows the bytes).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import { ManualClock } from "../../src/common/clock.js";
import {
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type TimerValues,
  type ExpiredTimerInfo,
  TimeMode,
  type ValueState,
} from "../../src/index.js";
import {
  AddData,
  AdvanceManualClock,
  CheckNewAnswer,
  Execute,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";

function session(partitions: number, clock?: ManualClock): SparkSession {
  const b = SparkSession.builder.config({
    "spark.sql.shuffle.partitions": partitions,
    "spark.sql.session.timeZone": "UTC",
  });
  return (clock ? b.withClock(clock) : b).create();
}

/** The lifecycle state of a handle (the execution handle exposes it; the planner's is PRE_INIT). */
function stateOf(handle: StatefulProcessorHandle): string {
  return String((handle as unknown as { handleState?: string }).handleState);
}

/** Counts the executions' init and close calls and records the keys in call order. */
class Recording extends StatefulProcessor {
  inits = 0;
  closes = 0;
  /** The handle state at every close (the planner's PRE_INIT closes too). */
  readonly closedAt: string[] = [];
  readonly calls: string[] = [];
  private handle!: StatefulProcessorHandle;
  private count!: ValueState;

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
    if (stateOf(handle) === "CREATED") this.inits++;
    this.count = handle.getValueState("count", "value LONG");
  }

  handleInputRows(key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    this.calls.push(String(key[0]));
    const n = Number(this.count.get()?.[0] ?? 0) + [...rows].length;
    this.count.update([n]);
    return [[key[0], String(n)]];
  }

  override close(): void {
    this.closedAt.push(stateOf(this.handle));
    if (stateOf(this.handle) === "TIMER_PROCESSED") this.closes++;
  }
}

test("transformWithState - init and close run once per state partition and batch, empty partitions included", async () => {
  const spark = session(5);
  const input = new MemoryStream(spark, "value STRING");
  const p = new Recording();
  const df = input
    .toDF()
    .groupBy("value")
    .transformWithState(p, "key STRING, count STRING", "update", TimeMode.None);
  await testStream(df, "update")(
    AddData(input, "a", "b", "a"),
    CheckNewAnswer(["a", "2"], ["b", "1"]),
    Execute((q) => {
      assert.equal(p.inits, 5);
      assert.equal(p.closes, 5);
      // Spark sums the tasks' metrics: one value state declared by each of the 5 tasks.
      assert.equal(q.lastProgress!.stateOperators[0]!.customMetrics.get("numValueStateVars"), 5);
    }, "5 tasks"),
    AddData(input, "c"),
    CheckNewAnswer(["c", "1"]),
    Execute(() => {
      assert.equal(p.inits, 10);
      assert.equal(p.closes, 10);
    }, "5 more"),
    StopStream,
  );
});

test("transformWithState - the keys of a partition are called in ascending key order, not arrival order", async () => {
  const spark = session(1);
  const input = new MemoryStream(spark, "value STRING");
  const p = new Recording();
  const df = input
    .toDF()
    .groupBy("value")
    .transformWithState(p, "key STRING, count STRING", "update", TimeMode.None);
  await testStream(df, "update")(
    AddData(input, "c", "a", "b", "a", "B"),
    CheckNewAnswer(["c", "1"], ["a", "2"], ["b", "1"], ["B", "1"]),
    Execute(() => assert.deepEqual(p.calls, ["B", "a", "b", "c"]), "sorted"),
    StopStream,
  );
});

test("transformWithState - batch DataFrame: keys ascending, one init, close twice (Spark's batch plan)", async () => {
  const spark = session(5);
  const p = new Recording();
  const df = spark
    .createDataFrame([["b"], ["a"], ["c"], ["a"]], "value STRING")
    .groupBy("value")
    .transformWithState(p, "key STRING, count STRING", "append", TimeMode.None);
  const rows = (await df.collect()).map((r) => Object.values(r));
  assert.deepEqual(rows, [
    ["a", "2"],
    ["b", "1"],
    ["c", "1"],
  ]);
  assert.equal(p.inits, 1);
  // The first close comes with the handle still at TIMER_PROCESSED, the second after CLOSED.
  assert.deepEqual(p.closedAt.slice(-2), ["TIMER_PROCESSED", "CLOSED"]);
});

/** Registers a timer per row at the row's `ts`; a timer emits the key and its expiry. */
class TimerOrder extends StatefulProcessor {
  private handle!: StatefulProcessorHandle;
  readonly fired: unknown[][] = [];

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
  }

  handleInputRows(_key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    for (const r of rows) this.handle.registerTimer(Number(r.ts));
    return [];
  }

  override handleExpiredTimer(key: unknown[], _t: TimerValues, info: ExpiredTimerInfo): Iterable<unknown> {
    this.fired.push([key[0], info.getExpiryTimeInMs()]);
    return [[key[0], info.getExpiryTimeInMs()]];
  }
}

test("transformWithState - timers fire ascending by expiry, then by the key's encoded bytes", async () => {
  const clock = new ManualClock();
  const spark = session(1, clock);
  const input = new MemoryStream(spark, "key STRING, ts LONG");
  const p = new TimerOrder();
  const df = input
    .toDF()
    .groupBy("key")
    .transformWithState(p, "key STRING, expiry LONG", "update", TimeMode.ProcessingTime);
  await testStream(df, "update")(
    StartStream({ trigger: { processingTime: "1 second" }, clock }),
    AddData(
      input,
      { key: "aa", ts: 500 },
      { key: "b", ts: 500 },
      { key: "a", ts: 500 },
      { key: "c", ts: 200 },
    ),
    AdvanceManualClock(1000), // the batch at 1 s: all four are due
    CheckNewAnswer(["c", 200], ["a", 500], ["b", 500], ["aa", 500]),
    Execute(
      () =>
        assert.deepEqual(p.fired, [
          ["c", 200],
          ["a", 500],
          ["b", 500],
          ["aa", 500],
        ]),
      "order",
    ),
    StopStream,
  );
});

/** Puts each row's user key into a map state; `list` emits the keys in iteration order. */
class MapOrder extends StatefulProcessor {
  private map!: MapState;
  readonly listed: unknown[][] = [];

  constructor(private readonly keyType: string) {
    super();
  }

  init(handle: StatefulProcessorHandle): void {
    this.map = handle.getMapState("m", `k ${this.keyType}`, "v INT");
  }

  handleInputRows(_key: unknown[], rows: Iterable<Record<string, unknown>>): Iterable<unknown> {
    for (const r of rows) {
      if (r.action === "put") this.map.updateValue([r.k], [1]);
      else {
        const keys = [...this.map.keys()].map((k) => k[0]);
        const fromIterator = [...this.map.iterator()].map(([k]) => k[0]);
        assert.deepEqual(fromIterator, keys);
        assert.equal([...this.map.values()].length, keys.length);
        this.listed.push(keys);
      }
    }
    return [];
  }
}

async function mapKeysInOrder(keyType: string, keys: readonly unknown[]): Promise<unknown[]> {
  const spark = session(2);
  const input = new MemoryStream(spark, `g STRING, action STRING, k ${keyType}`);
  const p = new MapOrder(keyType);
  const df = input.toDF().groupBy("g").transformWithState(p, "g STRING", "update", TimeMode.None);
  await testStream(df, "update")(
    AddData(input, ...keys.slice(0, 2).map((k) => ({ g: "g", action: "put", k }))),
    CheckNewAnswer(),
    AddData(input, ...keys.slice(2).map((k) => ({ g: "g", action: "put", k }))),
    CheckNewAnswer(),
    AddData(input, { g: "g", action: "list", k: null }),
    CheckNewAnswer(),
    StopStream,
  );
  return p.listed[0]!;
}

test("transformWithState - MapState iterates INT user keys in little-endian byte order", async () => {
  assert.deepEqual(await mapKeysInOrder("INT", [1, 256, 0, -1, 2]), [0, 256, 1, 2, -1]);
});

test("transformWithState - MapState iterates BIGINT user keys in little-endian byte order", async () => {
  assert.deepEqual(await mapKeysInOrder("BIGINT", [1, 2 ** 40, -2, 3]), [2 ** 40, 1, 3, -2]);
});

test("transformWithState - MapState iterates STRING user keys by length, then by bytes", async () => {
  assert.deepEqual(await mapKeysInOrder("STRING", ["b", "abcdefghi", "aa", "a", "é"]), [
    "a",
    "b",
    "aa",
    "é",
    "abcdefghi",
  ]);
});

// flatMapGroupsWithState and mapGroupsWithState over a batch: Spark's FlatMapGroupsWithStateExec and
// MapGroupsExec require their input sorted by the grouping key within each partition.
test("flatMapGroupsWithState - the keys of a partition are called in ascending key order", async () => {
  const spark = session(1);
  const input = new MemoryStream(spark, "value STRING");
  const calls: string[] = [];
  const df = input
    .toDF()
    .groupBy("value")
    .flatMapGroupsWithState(
      (key, rows) => {
        calls.push(String(key[0]));
        return [[key[0], [...rows].length]];
      },
      "key STRING, n INT",
      "n INT",
      "update",
    );
  await testStream(df, "update")(
    AddData(input, "c", "a", "b", "a"),
    CheckNewAnswer(["c", 1], ["a", 2], ["b", 1]),
    Execute(() => assert.deepEqual(calls, ["a", "b", "c"]), "sorted"),
    StopStream,
  );
  const batchCalls: string[] = [];
  const batch = spark
    .createDataFrame([[3], [1], [null], [2], [1]], "value INT")
    .groupBy("value")
    .flatMapGroupsWithState(
      (key) => {
        batchCalls.push(String(key[0]));
        return [];
      },
      "key INT",
      "n INT",
      "update",
    );
  await batch.collect();
  assert.deepEqual(batchCalls, ["null", "1", "2", "3"]);
});
