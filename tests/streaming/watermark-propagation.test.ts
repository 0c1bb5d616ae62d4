// The watermark propagation of the incremental planner (src/streaming/operators/watermark-propagation.ts,
// Spark 3.5+'s PropagateWatermarkSimulator / UseSingleWatermarkPropagator) on planned batches:
// which input watermarks each stateful operator gets, the stream-stream join's output watermark
// (MultiStatefulOperatorsSuite "stream-stream time interval join - output watermark for various
// intervals", which asks the join's produceOutputWatermark(0) directly), where a watermark
// stops (flatMapGroupsWithState) and when redefining one is refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import type { DataFrame } from "../../src/api/data-frame.js";
import { GroupStateTimeout } from "../../src/index.js";
import type { StatefulOperator } from "../../src/streaming/operators/stateful-operator.js";
import { StreamRun, streamInput } from "./operators-harness.js";

const col = F.col;

/** The operator named `name` (Spark's short name) of a planned batch. */
function op(ops: readonly StatefulOperator[], name: string): StatefulOperator {
  const found = ops.find((o) => o.operatorName === name);
  assert.ok(found, `no ${name} operator`);
  return found;
}

/** `(late events, eviction)` as the operator's explain line shows them (`…, late, evict, …`). */
function explainedWatermarks(o: StatefulOperator): string {
  return o.describe();
}

function intervalJoin(condition: string): DataFrame {
  const left = streamInput("left", "_1 STRING, _2 TIMESTAMP")
    .selectExpr("_1 as leftId", "_2 as leftEventTime")
    .withWatermark("leftEventTime", "5 minutes");
  const right = streamInput("right", "_1 STRING, _2 TIMESTAMP")
    .selectExpr("_1 as rightId", "_2 as rightEventTime")
    .withWatermark("rightEventTime", "10 minutes");
  return left.join(right, F.expr(condition));
}

for (const [what, condition, expected] of [
  [
    "right rows wait 40 seconds (+ 1 ms)",
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime AND rightEventTime + INTERVAL 40 seconds",
    -40 * 1000 - 1,
  ],
  [
    "left rows wait 30 seconds (+ 1 ms)",
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 30 seconds AND rightEventTime",
    -30 * 1000 - 1,
  ],
  [
    "the longer of both waits",
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 30 seconds AND rightEventTime + INTERVAL 40 seconds",
    -40 * 1000 - 1,
  ],
] as const) {
  test(`stream-stream time interval join - output watermark: ${what}`, () => {
    const plan = new StreamRun(intervalJoin(condition), "append").plan({});
    const join = op(plan.statefulOperators, "symmetricHashJoin");
    assert.equal(join.produceOutputWatermark?.(0), expected);
  });
}

test("a join on the event time keeps the watermark; without any time condition too", () => {
  const left = streamInput("l", "k INT, t TIMESTAMP").withWatermark("t", "0 seconds");
  const right = streamInput("r", "k2 INT, t2 TIMESTAMP").withWatermark("t2", "0 seconds");
  for (const condition of ["t = t2", "k = k2"]) {
    const plan = new StreamRun(left.join(right, F.expr(condition)), "append").plan({});
    assert.equal(
      op(plan.statefulOperators, "symmetricHashJoin").produceOutputWatermark?.(5000),
      5000,
      condition,
    );
  }
});

test("each operator gets its own (late, eviction) pair; the aggregation after an interval join a lower one", () => {
  const df = intervalJoin(
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 1 hour AND rightEventTime + INTERVAL 1 hour",
  )
    .groupBy(F.window(col("leftEventTime"), "10 minutes"))
    .count();
  const hour = 3_600_000;
  const late = 10 * hour;
  const evict = 12 * hour;
  const plan = new StreamRun(df, "append", {
    extra: { watermarkMs: evict, lateEventsWatermarkMs: late },
  }).plan({});
  const join = op(plan.statefulOperators, "symmetricHashJoin");
  const agg = op(plan.statefulOperators, "stateStoreSave");
  assert.match(explainedWatermarks(join), new RegExp(`, ${late}, ${evict}, state cleanup`));
  assert.match(explainedWatermarks(agg), new RegExp(`, Append, ${late - hour - 1}, ${evict - hour - 1}, 2$`));
  // The next batch's question (shouldRunAnotherBatch) uses the same simulation.
  const next = plan.inputWatermarks(13 * hour);
  assert.deepEqual([next.get(join.operatorId), next.get(agg.operatorId)], [13 * hour, 12 * hour - 1]);
});

test("an origin watermark of 0 is not propagated: every operator reads 0", () => {
  const df = intervalJoin(
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 1 hour AND rightEventTime + INTERVAL 1 hour",
  )
    .groupBy(F.window(col("leftEventTime"), "10 minutes"))
    .count();
  const plan = new StreamRun(df, "append").plan({});
  const zero = plan.inputWatermarks(0);
  assert.deepEqual(
    plan.statefulOperators.map((o) => zero.get(o.operatorId) ?? 0),
    [0, 0],
  );
});

test("allowMultiple=false (Spark's compatibility mode): the global watermark for every operator", () => {
  const df = intervalJoin(
    "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 1 hour AND rightEventTime + INTERVAL 1 hour",
  )
    .groupBy(F.window(col("leftEventTime"), "10 minutes"))
    .count();
  const plan = new StreamRun(df, "append", {
    extra: {
      watermarkMs: 50_000_000,
      lateEventsWatermarkMs: 50_000_000,
      allowMultipleStatefulOperators: false,
    },
  }).plan({});
  const agg = op(plan.statefulOperators, "stateStoreSave");
  assert.match(explainedWatermarks(agg), /, Append, 50000000, 50000000, 2$/);
  assert.equal(plan.inputWatermarks(60_000_000).get(agg.operatorId), 60_000_000);
});

test("a union passes on the watermark of its watermarked inputs; an operator on a branch without one gets 0", () => {
  const a = streamInput("a", "v INT, t TIMESTAMP").withWatermark("t", "0 seconds");
  const b = streamInput("b", "v INT, t TIMESTAMP");
  // Only `a` has a watermark: the union passes it on (inputs without one do not count).
  const df = a
    .union(b.dropDuplicates(["v"]))
    .groupBy(F.window(col("t"), "5 seconds"))
    .count();
  const plan = new StreamRun(df, "append", {
    extra: { watermarkMs: 20_000, lateEventsWatermarkMs: 10_000 },
  }).plan({});
  const wm = plan.inputWatermarks(20_000);
  // The dedup below the union has no watermark flowing in: 0.
  assert.equal(wm.get(op(plan.statefulOperators, "dedupe").operatorId), 0);
  assert.equal(wm.get(op(plan.statefulOperators, "stateStoreSave").operatorId), 20_000);
});

test("flatMapGroupsWithState stops the watermark; a withWatermark after it is no redefinition", () => {
  const input = streamInput("in", "key STRING, t TIMESTAMP").withWatermark("t", "0 seconds");
  const df = input
    .groupBy("key")
    .flatMapGroupsWithState(
      (key, rows) => [[key[0], [...rows].length, new Date(0)]],
      "key STRING, n LONG, t2 TIMESTAMP",
      "n LONG",
      "append",
      GroupStateTimeout.NoTimeout,
    )
    .withWatermark("t2", "0 seconds")
    .groupBy(F.window(col("t2"), "5 seconds"))
    .count();
  const plan = new StreamRun(df, "append", {
    extra: { watermarkMs: 20_000, lateEventsWatermarkMs: 10_000 },
  }).plan({});
  const fmgws = op(plan.statefulOperators, "flatMapGroupsWithState");
  assert.equal(fmgws.produceOutputWatermark?.(20_000), undefined);
  const agg = op(plan.statefulOperators, "stateStoreSave");
  assert.match(explainedWatermarks(agg), /, Append, 10000, 20000, 2$/);
});

test("a watermark redefined over another is refused once there is one to propagate", () => {
  const df = streamInput("in", "v INT, t TIMESTAMP")
    .withWatermark("t", "0 seconds")
    .withColumn("t2", col("t"))
    .withWatermark("t2", "5 seconds")
    .groupBy(F.window(col("t2"), "5 seconds"))
    .count();
  // Watermark 0: nothing is propagated, nothing refused (as in Spark).
  new StreamRun(df, "append").plan({});
  assert.throws(() => new StreamRun(df, "append", { extra: { watermarkMs: 1000 } }).plan({}), {
    errorClass: "_LEGACY_ERROR_TEMP_3076",
  });
  // The compatibility mode lets the later withWatermark win.
  new StreamRun(df, "append", { extra: { watermarkMs: 1000, allowMultipleStatefulOperators: false } }).plan(
    {},
  );
});
