// Spark's StreamingJoinHelperSuite "extract watermark from time condition" (sql/catalyst/src/test/
// scala/org/apache/spark/sql/catalyst/analysis/StreamingJoinHelperSuite.scala): the state value
// watermark of the left side, from a join condition and the right side's watermark 10000 ms; plus
// the condition split and the state watermark predicates of StreamingSymmetricHashJoinHelper.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import {
  extractEquiJoinKeys,
  getStateValueWatermark,
  isWatermarkInJoinKeys,
} from "../../src/analysis/streaming-join-helper.js";
import { explainSql } from "../../src/expressions/display.js";
import type { AttributeReference } from "../../src/expressions/expression.js";
import { nextExprId } from "../../src/expressions/expr-id.js";
import { WATERMARK_DELAY_KEY } from "../../src/plans/event-time.js";
import { StructType } from "../../src/types/data-type.js";
import type { Join } from "../../src/plans/logical-plan.js";
import { outputOf } from "../../src/plans/output.js";
import {
  evictsStateRow,
  getStateWatermarkPredicates,
  splitJoinCondition,
} from "../../src/streaming/operators/streaming-symmetric-hash-join-helper.js";
import { streamInput } from "./operators-harness.js";

const left = streamInput("l", "leftTime TIMESTAMP, leftOther INT");
const right = streamInput("r", "rightTime TIMESTAMP, rightOther INT").withWatermark("rightTime", "1 second");

/** The analyzed join of `left` and `right` on `condition`. */
function joinOn(condition: string): Join {
  const plan = left.join(right, F.expr(condition)).plan;
  assert.equal(plan.kind, "join");
  return plan as Join;
}

function watermarkFrom(condition: string, rightWatermark: number | undefined = 10000): number | undefined {
  const j = joinOn(condition);
  return getStateValueWatermark(outputOf(j.left), outputOf(j.right), j.condition, rightWatermark);
}

test("extract watermark from time condition: comparison directionality", () => {
  assert.equal(watermarkFrom("leftTime > rightTime"), 10000);
  assert.equal(watermarkFrom("leftTime >= rightTime"), 9999);
  assert.equal(watermarkFrom("leftTime < rightTime"), undefined);
  assert.equal(watermarkFrom("leftTime <= rightTime"), undefined);
  assert.equal(watermarkFrom("rightTime > leftTime"), undefined);
  assert.equal(watermarkFrom("rightTime >= leftTime"), undefined);
  assert.equal(watermarkFrom("rightTime < leftTime"), 10000);
  assert.equal(watermarkFrom("rightTime <= leftTime"), 9999);
  // Without a condition or a watermark value there is none.
  const j = joinOn("leftTime > rightTime");
  assert.equal(
    getStateValueWatermark(outputOf(j.left), outputOf(j.right), j.condition, undefined),
    undefined,
  );
  assert.equal(getStateValueWatermark(outputOf(j.left), outputOf(j.right), undefined, 10000), undefined);
});

test("extract watermark from time condition: type conversions", () => {
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > CAST(rightTime AS LONG)"), 10000);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) < CAST(rightTime AS LONG)"), undefined);
  assert.equal(watermarkFrom("CAST(leftTime AS DOUBLE) > CAST(rightTime AS DOUBLE)"), 10000);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > CAST(rightTime AS DOUBLE)"), 10000);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > CAST(rightTime AS FLOAT)"), 10000);
  assert.equal(watermarkFrom("CAST(leftTime AS DOUBLE) > CAST(rightTime AS FLOAT)"), 10000);
  assert.equal(watermarkFrom("CAST(leftTime AS STRING) > CAST(rightTime AS STRING)"), undefined);
});

test("extract watermark from time condition: timestamps and intervals", () => {
  assert.equal(watermarkFrom("leftTime > rightTime + interval 1 second"), 11000);
  assert.equal(watermarkFrom("leftTime + interval 2 seconds > rightTime "), 8000);
  assert.equal(watermarkFrom("leftTime > rightTime - interval 3 second"), 7000);
  assert.equal(watermarkFrom("rightTime < leftTime - interval 3 second"), 13000);
  assert.equal(watermarkFrom("rightTime - interval 1 second < leftTime - interval 3 second"), 12000);
  assert.equal(watermarkFrom("leftTime > rightTime + interval '0 00:00:01' day to second"), 11000);
  assert.equal(watermarkFrom("leftTime + interval '00:00:02' hour to second > rightTime "), 8000);
  assert.equal(watermarkFrom("leftTime > rightTime - interval '00:03' minute to second"), 7000);
  assert.equal(watermarkFrom("rightTime < leftTime - interval '1 20:30:40' day to second"), 160250000);
  assert.equal(
    watermarkFrom("rightTime - interval 1 second < leftTime - interval '20:15:32' hour to second"),
    72941000,
  );
});

test("extract watermark from time condition: casted longs and constants", () => {
  // Constants on the right
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > CAST(rightTime AS LONG) + 1"), 11000);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > CAST(rightTime AS LONG) - 1"), 9000);
  assert.equal(
    watermarkFrom("CAST(leftTime AS LONG) > CAST((rightTime + interval 1 second) AS LONG)"),
    11000,
  );
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > 2 + CAST(rightTime AS LONG)"), 12000);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > -0.5 + CAST(rightTime AS LONG)"), 9500);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) - CAST(rightTime AS LONG) > 2"), 12000);
  assert.equal(watermarkFrom("-CAST(rightTime AS DOUBLE) + CAST(leftTime AS LONG) > 0.1"), 10100);
  assert.equal(watermarkFrom("0 > CAST(rightTime AS LONG) - CAST(leftTime AS LONG) + 0.2"), 10200);
  // Constants on the left
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) + 2 > CAST(rightTime AS LONG)"), 8000);
  assert.equal(watermarkFrom("1 + CAST(leftTime AS LONG) > CAST(rightTime AS LONG)"), 9000);
  assert.equal(
    watermarkFrom("CAST((leftTime  + interval 3 second) AS LONG) > CAST(rightTime AS LONG)"),
    7000,
  );
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) - 2 > CAST(rightTime AS LONG)"), 12000);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) + 0.5 > CAST(rightTime AS LONG)"), 9500);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) - CAST(rightTime AS LONG) - 2 > 0"), 12000);
  assert.equal(watermarkFrom("-CAST(rightTime AS LONG) + CAST(leftTime AS LONG) - 0.1 > 0"), 10100);
  // Constants on both sides, mixed types
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) - 2.0 > CAST(rightTime AS LONG) + 1"), 13000);
});

test("extract watermark from time condition: several conditions, invalid and static ones", () => {
  // The minimum over the conjuncts wins.
  assert.equal(
    watermarkFrom("leftTime > rightTime - interval 3 second AND rightTime < leftTime + interval 2 seconds"),
    7000,
  );
  assert.equal(
    watermarkFrom("leftTime > rightTime - interval 3 second AND rightTime < leftTime + interval 4 seconds"),
    6000,
  );
  // Non-time attributes
  assert.equal(watermarkFrom("cast(leftTime AS LONG) > leftOther"), undefined);
  assert.equal(watermarkFrom("leftOther > rightOther"), undefined);
  assert.equal(watermarkFrom("leftOther > rightOther AND leftTime > rightTime"), 10000);
  assert.equal(watermarkFrom("cast(rightTime AS DOUBLE) < rightOther"), undefined);
  // Months have no fixed length
  assert.equal(watermarkFrom("leftTime > rightTime + interval 1 month"), undefined);
  // Static comparisons
  assert.equal(watermarkFrom("cast(leftTime AS LONG) > 10"), 10000);
  // Non-positive results
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > CAST(rightTime AS LONG) - 10"), 0);
  assert.equal(watermarkFrom("CAST(leftTime AS LONG) > CAST(rightTime AS LONG) - 100"), -90000);
  // BETWEEN is two comparisons (Spark's parser expands it)
  assert.equal(
    watermarkFrom("leftTime BETWEEN rightTime - interval 10 seconds AND rightTime + interval 5 seconds"),
    9999 - 10000,
  );
});

test("equi-join keys, the rest of the condition, and a watermark among the keys", () => {
  const a = streamInput("a", "k INT, t TIMESTAMP, x INT").withWatermark("t", "5 seconds");
  const b = streamInput("b", "k2 INT, t2 TIMESTAMP, y INT");
  const j = a.join(b, F.expr("k = k2 AND t2 = t AND x < y")).plan as Join;
  const split = extractEquiJoinKeys(j);
  assert.deepEqual(split.leftKeys.map(explainSql).map(stripIds), ["k", "t"]);
  assert.deepEqual(split.rightKeys.map(explainSql).map(stripIds), ["k2", "t2"]);
  assert.deepEqual(split.nullSafe, [false, false]);
  assert.equal(stripIds(explainSql(split.otherCondition!)), "(x < y)");
  assert.equal(isWatermarkInJoinKeys(j), true);
  assert.equal(isWatermarkInJoinKeys(a.join(b, F.expr("k = k2 AND t2 > t")).plan as Join), false);
});

test("condition split: own-side, other-side and joined-row predicates (nondeterministic ones joined)", () => {
  const a = streamInput("a", "x INT");
  const b = streamInput("b", "y INT");
  const j = a.join(b, F.expr("x = y AND x > 4 AND y < 7 AND x + y > 3 AND rand() > 0.5 AND 1 = 1"))
    .plan as Join;
  const s = splitJoinCondition(extractEquiJoinKeys(j).otherCondition, outputOf(j.left), outputOf(j.right));
  assert.equal(stripIds(explainSql(s.leftSideOnly!)), "((x > 4) AND (1 = 1))");
  assert.equal(stripIds(explainSql(s.rightSideOnly!)), "(y < 7)");
  assert.match(stripIds(explainSql(s.bothSides!)), /^\(\(\(x \+ y\) > 3\) AND \(rand\(.*\) > .*0\.5.*\)\)$/);
});

test("state watermark predicates: key watermark on both sides, value watermark from a time range", () => {
  const a = streamInput("a", "k INT, t TIMESTAMP").withWatermark("t", "5 seconds");
  const b = streamInput("b", "k2 INT, t2 TIMESTAMP").withWatermark("t2", "5 seconds");
  // State key watermark: the event time is a join key; both sides drop keys ≤ W.
  const byKey = a.join(b, F.expr("k = k2 AND t = t2")).plan as Join;
  const ks = extractEquiJoinKeys(byKey);
  const kp = getStateWatermarkPredicates(
    outputOf(byKey.left),
    outputOf(byKey.right),
    ks.leftKeys,
    ks.rightKeys,
    ks.otherCondition,
    20_000,
  );
  assert.deepEqual(kp.left, { kind: "key", ordinal: 1, isWindow: false, watermarkMs: 20_000 });
  assert.deepEqual(kp.right, kp.left);
  assert.equal(evictsStateRow(kp.left, [1, 20_000_000], []), true);
  assert.equal(evictsStateRow(kp.left, [1, 20_000_001], []), false);
  assert.equal(evictsStateRow(kp.left, [1, null], []), false);
  // State value watermark: t BETWEEN t2 - 10 s AND t2 + 5 s.
  const byRange = a.join(
    b,
    F.expr("k = k2 AND t BETWEEN t2 - interval 10 seconds AND t2 + interval 5 seconds"),
  ).plan as Join;
  const rs = extractEquiJoinKeys(byRange);
  const vp = getStateWatermarkPredicates(
    outputOf(byRange.left),
    outputOf(byRange.right),
    rs.leftKeys,
    rs.rightKeys,
    rs.otherCondition,
    30_000,
  );
  assert.deepEqual(vp.left, { kind: "value", index: 1, isWindow: false, watermarkMs: 19_999 });
  assert.deepEqual(vp.right, { kind: "value", index: 1, isWindow: false, watermarkMs: 24_999 });
  // Without a watermark nothing is ever cleaned.
  const none = getStateWatermarkPredicates(
    outputOf(byRange.left),
    outputOf(byRange.right),
    rs.leftKeys,
    rs.rightKeys,
    rs.otherCondition,
    undefined,
  );
  assert.deepEqual(none, { left: undefined, right: undefined });
});

/** `x#12` → `x` (expression ids differ between runs). */
function stripIds(s: string): string {
  return s.replace(/#\d+L?/g, "");
}

test("state key watermark on a window key compares the window's end", () => {
  const windowType = StructType.fromDDL("start TIMESTAMP, end TIMESTAMP");
  const attr = (name: string, watermarked: boolean): AttributeReference => ({
    kind: "attribute",
    name,
    dataType: windowType,
    nullable: true,
    exprId: nextExprId(),
    qualifier: [],
    ...(watermarked ? { metadata: { [WATERMARK_DELAY_KEY]: 10_000 } } : {}),
  });
  // Only the left window carries the watermark: both sides still drop by it (the keys are equal).
  const lw = attr("window", true);
  const rw = attr("window", false);
  const p = getStateWatermarkPredicates([lw], [rw], [lw], [rw], undefined, 11_000);
  assert.deepEqual(p.left, { kind: "key", ordinal: 0, isWindow: true, watermarkMs: 11_000 });
  assert.deepEqual(p.right, p.left);
  // window [0 s, 10 s) ends at or below 11 s: dropped; [10 s, 20 s) is not.
  assert.equal(evictsStateRow(p.left, [[0, 10_000_000]], []), true);
  assert.equal(evictsStateRow(p.right, [[10_000_000, 20_000_000]], []), false);
});
