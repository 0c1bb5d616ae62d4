// Ports of Spark's UnsupportedOperationsSuite (Spark 4) to tspark's DataFrame API: plans are built
// over streaming and batch LocalRelations and checked with checkForBatch / checkForStreaming.
// Spark's suite wraps a plan in a fake streaming node to test batch subplans; here the batch
// subplan is joined (cross) to a stream, which makes the query streaming without adding a rule.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import { nextExprId } from "../expressions/expr-id.js";
import * as F from "../api/functions/index.js";
import type { DataFrame } from "../api/data-frame.js";
import { SparkSession, Window } from "../index.js";
import { INT, type JsonValue } from "../types/data-type.js";
import {
  SESSION_WINDOW_MARKER,
  type StreamingOutputMode,
  WATERMARK_DELAY_KEY,
  checkForBatch,
  checkForStreaming,
  checkStreamingQueryGlobalWatermarkLimit,
  isStreamingPlan,
} from "./unsupported-operation-checker.js";

const spark = SparkSession.builder.master("local[1]").create();
const WM = { [WATERMARK_DELAY_KEY]: 1000 };

type Col = string | { name: string; metadata: Record<string, JsonValue> };

function relation(isStreaming: boolean, cols: readonly Col[]): DataFrame {
  const output = cols.map((c) => {
    const name = typeof c === "string" ? c : c.name;
    const metadata = typeof c === "string" ? undefined : c.metadata;
    return {
      kind: "attribute" as const,
      name,
      dataType: INT,
      nullable: true,
      exprId: nextExprId(),
      qualifier: [],
      ...(metadata ? { metadata } : {}),
    };
  });
  return spark.fromPlan({ kind: "local_relation", output, rows: [], isStreaming });
}
/** A streaming relation (Spark's TestStreamingRelation); columns `a` unless given. */
const stream = (...cols: Col[]) => relation(true, cols.length > 0 ? cols : ["a"]);
/** A batch relation (Spark's LocalRelation). */
const batch = (...cols: Col[]) => relation(false, cols.length > 0 ? cols : ["a"]);
/** A stream with a watermarked column `a` (Spark's attributeWithWatermark). */
const watermarked = (name = "a") => stream({ name, metadata: WM });
/** Makes a query streaming around a possibly-batch subplan (Spark's wrapInStreaming). */
const wrapInStreaming = (df: DataFrame) => (df.isStreaming ? df : stream("z").join(df, undefined, "cross"));
const count = (df: DataFrame) => df.groupBy().count();
/** An equi-join on column `a` of both sides. */
const joinOnA = (l: DataFrame, r: DataFrame, how: string) => l.join(r, l.col("a").equalTo(r.col("a")), how);

const BASE_WORDS = ["streaming", "DataFrame", "Dataset", "not supported"];

function assertSupported(df: DataFrame, mode: StreamingOutputMode): void {
  assert.doesNotThrow(() => checkForStreaming(df.plan, mode));
}

function expectError(
  f: () => void,
  errorClass: string,
  words: readonly string[],
  parameters?: Readonly<Record<string, string>>,
): TsparkError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof TsparkError, `expected a TsparkError, got ${String(caught)}`);
  assert.equal(caught.errorClass, errorClass, caught.message);
  for (const w of words) {
    assert.ok(caught.message.toLowerCase().includes(w.toLowerCase()), `"${w}" not in: ${caught.message}`);
  }
  if (parameters) assert.deepEqual(caught.messageParameters, parameters);
  return caught;
}

/** Spark's assertNotSupportedInStreamingPlan: the legacy error with the operation's key words. */
function assertNotSupported(df: DataFrame, mode: StreamingOutputMode, words: readonly string[]): void {
  expectError(() => checkForStreaming(df.plan, mode), "_LEGACY_ERROR_TEMP_3102", [...words, ...BASE_WORDS]);
}

/** Spark's assertOutputModeNotSupportedInStreamingPlan. */
function assertOutputModeNotSupported(df: DataFrame, mode: StreamingOutputMode, operation: string): void {
  const e = expectError(
    () => checkForStreaming(df.plan, mode),
    "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
    [`Invalid streaming output mode: ${mode}`, operation, "not supported"],
    { outputMode: mode, operation },
  );
  assert.equal(e.sqlState, "42KDE");
}

const passesWatermarkLimit = (df: DataFrame, mode: StreamingOutputMode) =>
  assert.doesNotThrow(() => checkStreamingQueryGlobalWatermarkLimit(df.plan, mode));
const failsWatermarkLimit = (df: DataFrame, mode: StreamingOutputMode) =>
  expectError(() => checkStreamingQueryGlobalWatermarkLimit(df.plan, mode), "_LEGACY_ERROR_TEMP_3102", [
    "Detected pattern of possible 'correctness' issue due to global watermark",
    "spark.sql.streaming.statefulOperator.checkCorrectness.enabled",
  ]);

/**
 * Spark's testBinaryOperationInStreamingPlan: the operation over stream-stream, stream-batch,
 * batch-stream and batch-batch inputs; a batch-batch subplan is wrapped in a streaming query.
 */
function testBinary(
  name: string,
  gen: (l: DataFrame, r: DataFrame) => DataFrame,
  o: {
    mode?: StreamingOutputMode;
    streamStream?: boolean;
    streamBatch?: boolean;
    batchStream?: boolean;
    words?: readonly string[];
  } = {},
): void {
  const mode = o.mode ?? "append";
  const words = o.words ?? [name];
  const cases: [string, () => DataFrame, boolean][] = [
    ["stream-stream", () => gen(stream(), stream()), o.streamStream ?? true],
    ["stream-batch", () => gen(stream(), batch()), o.streamBatch ?? true],
    ["batch-stream", () => gen(batch(), stream()), o.batchStream ?? true],
    ["batch-batch", () => wrapInStreaming(gen(batch(), batch())), true],
  ];
  for (const [inputs, plan, supported] of cases) {
    test(`streaming plan - ${name} with ${inputs} relations: ${supported ? "supported" : "not supported"}`, () => {
      if (supported) assertSupported(plan(), mode);
      else assertNotSupported(plan(), mode, words);
    });
  }
}

/** Spark's testUnaryOperatorInStreamingPlan: fails over a stream, passes over a batch subplan. */
function testUnary(
  name: string,
  gen: (df: DataFrame) => DataFrame,
  check: (df: DataFrame) => void,
  mode: StreamingOutputMode = "append",
): void {
  test(`streaming plan - ${name} with stream relation: not supported`, () => check(gen(stream("a", "b"))));
  test(`streaming plan - ${name} with batch relation: supported`, () =>
    assertSupported(wrapInStreaming(gen(batch("a", "b"))), mode));
}

// ---- batch queries ----------------------------------------------------------------------------------

test("batch plan - local relation: supported", () => {
  assert.doesNotThrow(() => checkForBatch(batch().plan));
  assert.equal(isStreamingPlan(batch().plan), false);
});

test("batch plan - streaming source: not supported", () => {
  const s = stream();
  assert.equal(isStreamingPlan(s.plan), true);
  const e = expectError(() => checkForBatch(s.plan), "_LEGACY_ERROR_TEMP_3102", [
    "Queries with streaming sources must be executed with writeStream.start()",
    "with streaming source",
    "start",
  ]);
  assert.match(e.message, /foreachBatch/);
});

test("batch plan - select on streaming source: not supported", () => {
  expectError(() => checkForBatch(stream().select("a").plan), "_LEGACY_ERROR_TEMP_3102", [
    "with streaming source",
    "start",
  ]);
});

test("batch plan - a stream joined with a static side is still streaming", () => {
  expectError(() => checkForBatch(joinOnA(batch(), stream(), "inner").plan), "_LEGACY_ERROR_TEMP_3102", [
    "writeStream.start()",
  ]);
});

// ---- streaming queries: sources and output modes ------------------------------------------------------

test("streaming plan - no streaming source", () => {
  expectError(() => checkForStreaming(batch().select("a").plan, "append"), "_LEGACY_ERROR_TEMP_3102", [
    "Queries without streaming sources cannot be executed with writeStream.start()",
    "without streaming source",
    "start",
  ]);
});

test("streaming plan - aggregate - multiple batch aggregations: supported", () => {
  assertSupported(wrapInStreaming(count(count(batch()))), "append");
});

test("streaming plan - aggregate - multiple aggregations but only one streaming aggregation: supported", () => {
  assertSupported(count(batch()).join(count(stream()), undefined, "inner"), "update");
});

test("streaming plan - aggregate - streaming aggregations in update and complete mode: supported", () => {
  assertSupported(count(stream()), "update");
  assertSupported(count(stream()), "complete");
});

test("streaming plan - aggregate - streaming aggregations with watermark in append mode: supported", () => {
  assertSupported(watermarked().groupBy("a").count(), "append");
});

test("streaming plan - aggregate - streaming aggregations without watermark in append mode: not supported", () => {
  assertOutputModeNotSupported(count(stream()), "append", "streaming aggregations without watermark");
  // a watermark on a column that is not grouped does not make a group final
  assertOutputModeNotSupported(
    stream({ name: "t", metadata: WM }, "a").groupBy("a").count(),
    "append",
    "streaming aggregations without watermark",
  );
});

test("streaming plan - distinct aggregate - aggregate on batch relation: supported", () => {
  assertSupported(wrapInStreaming(batch().agg(F.countDistinct("a"))), "append");
});

test("streaming plan - distinct aggregate - aggregate on streaming relation: not supported", () => {
  assertNotSupported(stream().agg(F.countDistinct("a")), "complete", [
    "distinct aggregation",
    "Consider using approx_count_distinct() instead",
  ]);
  assertNotSupported(
    stream("a", "b")
      .groupBy("a")
      .agg(F.sum_distinct(F.col("b"))),
    "update",
    ["distinct aggregation"],
  );
});

// Spark's testOutputMode
for (const [mode, aggregation, noAggregation] of [
  ["append", false, true],
  ["update", true, true],
  ["complete", true, false],
] as const) {
  test(`streaming plan - ${mode} output mode - aggregation: ${aggregation ? "supported" : "not supported"}`, () => {
    const plan = stream().groupBy("a").count();
    if (aggregation) assertSupported(plan, mode);
    else assertOutputModeNotSupported(plan, mode, "streaming aggregations without watermark");
  });
  test(`streaming plan - ${mode} output mode - no aggregation: ${noAggregation ? "supported" : "not supported"}`, () => {
    const plan = stream().where(F.col("a").gt(1));
    if (noAggregation) assertSupported(plan, mode);
    else assertOutputModeNotSupported(plan, mode, "no streaming aggregations");
  });
}

test("streaming plan - Complete mode needs a streaming aggregation, not one on the static side", () => {
  assertOutputModeNotSupported(
    stream().join(count(batch()), undefined, "cross"),
    "complete",
    "no streaming aggregations",
  );
});

test("streaming plan - SQL DISTINCT is a streaming aggregation (Spark's Distinct)", () => {
  const s = stream();
  s.createOrReplaceTempView("uoc_distinct_src");
  const q = spark.sql("SELECT DISTINCT a FROM uoc_distinct_src");
  assertOutputModeNotSupported(q, "append", "streaming aggregations without watermark");
  assertSupported(q, "update");
  assertSupported(q, "complete");
  const w = watermarked();
  w.createOrReplaceTempView("uoc_distinct_wm");
  assertSupported(spark.sql("SELECT DISTINCT a FROM uoc_distinct_wm"), "append");
});

test("streaming plan - cube and rollup are streaming aggregations (analyzed into Aggregate over Expand)", () => {
  assertSupported(stream("a", "b").cube("a", "b").count(), "complete");
  assertSupported(stream("a", "b").rollup("a").count(), "update");
});

test("streaming plan - session window aggregation in Update mode: not supported", () => {
  const s = stream({ name: "session_window", metadata: { [SESSION_WINDOW_MARKER]: true } }, "a");
  assertNotSupported(s.groupBy("session_window", "a").count(), "update", [
    "Update output mode not supported for session window on streaming DataFrames/DataSets",
  ]);
  assertSupported(s.groupBy("session_window", "a").count(), "complete");
});

// ---- deduplication ------------------------------------------------------------------------------------

test("streaming plan - Deduplicate - Deduplicate on streaming relation before aggregation - append: supported", () => {
  assertSupported(
    stream({ name: "t", metadata: WM }, "a").dropDuplicates(["a"]).groupBy("t").count(),
    "append",
  );
});

test("streaming plan - Deduplicate - Deduplicate on batch relation inside a streaming query: supported", () => {
  assertSupported(wrapInStreaming(batch().dropDuplicates(["a"])), "append");
});

test("streaming plan - dropDuplicates on a stream in Append and Update: supported", () => {
  assertSupported(stream("a", "b").dropDuplicates(["a"]), "append");
  assertSupported(stream("a", "b").dropDuplicates(), "update");
});

// ---- joins --------------------------------------------------------------------------------------------

// Spark's inner-join cases have no condition; a stream-stream join needs an equality predicate
// (Spark's planner rule, checked here too), so these join on `a`.
testBinary("single inner join in append mode", (l, r) => joinOnA(l, r, "inner"));

testBinary("multiple inner joins in append mode", (l, r) => {
  const j = joinOnA(l, r, "inner").select(l.col("a"));
  return joinOnA(j, stream(), "inner");
});

testBinary("inner join in update mode", (l, r) => joinOnA(l, r, "inner"), {
  mode: "update",
  streamStream: false,
  words: ["is not supported in Update output mode", "only in Append output mode"],
});

testBinary("FullOuter join", (l, r) => joinOnA(l, r, "full_outer"), {
  streamStream: false,
  streamBatch: false,
  batchStream: false,
});

for (const [how, name] of [
  ["left_outer", "LeftOuter join"],
  ["left_semi", "LeftSemi join"],
  ["left_anti", "LeftAnti join"],
] as const) {
  testBinary(name, (l, r) => joinOnA(l, r, how), { batchStream: false, streamStream: false });
}

testBinary("RightOuter join", (l, r) => joinOnA(l, r, "right_outer"), {
  streamBatch: false,
  streamStream: false,
});

test("streaming plan - stream-static joins name the side of the stream", () => {
  assertNotSupported(joinOnA(stream(), batch(), "full_outer"), "append", [
    "FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right",
  ]);
  assertNotSupported(joinOnA(batch(), stream(), "full_outer"), "append", [
    "FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left",
  ]);
  assertNotSupported(joinOnA(batch(), stream(), "left_outer"), "append", [
    "LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left",
  ]);
  assertNotSupported(joinOnA(stream(), batch(), "right_outer"), "append", [
    "RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right",
  ]);
  assertNotSupported(joinOnA(stream(), stream(), "left_anti"), "append", [
    "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported",
  ]);
  // a stream on the left of an anti join with a static right side is fine
  assertSupported(joinOnA(stream(), batch(), "left_anti"), "append");
});

for (const how of ["left_outer", "right_outer", "full_outer", "left_semi"] as const) {
  test(`streaming plan - ${how} join with stream-stream relations and update mode: not supported`, () => {
    assertNotSupported(joinOnA(stream(), stream(), how), "update", [
      "is not supported in Update output mode",
    ]);
  });
  test(`streaming plan - ${how} join with stream-stream relations and complete mode: not supported`, () => {
    assertNotSupported(count(joinOnA(stream(), stream(), how)), "complete", [
      "is not supported in Complete output mode",
    ]);
  });
  test(`streaming plan - ${how} join with stream-stream relations and join on attribute with left watermark: supported`, () => {
    assertSupported(joinOnA(watermarked(), stream(), how), "append");
  });
  test(`streaming plan - ${how} join with stream-stream relations and join on attribute with right watermark: supported`, () => {
    assertSupported(joinOnA(stream(), watermarked(), how), "append");
  });
  test(`streaming plan - ${how} join with stream-stream relations and join on non-watermarked attribute: not supported`, () => {
    assertNotSupported(joinOnA(stream(), stream(), how), "append", ["without a watermark in the join keys"]);
  });
  test(`streaming plan - ${how} join with stream-stream relations and insufficient range condition: not supported`, () => {
    const withWm = stream({ name: "b", metadata: WM });
    const [l, r] = how === "right_outer" ? [withWm, stream()] : [stream(), withWm];
    const a = (how === "right_outer" ? r : l).col("a");
    const b = (how === "right_outer" ? l : r).col("b");
    assertNotSupported(l.join(r, a.lt(b.plus(10)), how), "append", [
      "is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
    ]);
  });
  test(`streaming plan - ${how} join with stream-stream relations and a range condition bounding the preserved side: supported`, () => {
    // The preserved side's time `t` is bounded below by the other side's watermarked `b`
    // (Spark's getStateValueWatermark finds `t > b - 5`).
    const preserved = stream("a", "t");
    const other = stream("a", { name: "b", metadata: WM });
    const [l, r] = how === "right_outer" ? [other, preserved] : [preserved, other];
    const cond = l
      .col("a")
      .equalTo(r.col("a"))
      .and(preserved.col("t").gt(other.col("b").minus(5)));
    assertSupported(l.join(r, cond, how), "append");
    // The other direction bounds nothing.
    const wrong = l
      .col("a")
      .equalTo(r.col("a"))
      .and(preserved.col("t").lt(other.col("b").minus(5)));
    assertNotSupported(l.join(r, wrong, how), "append", [
      "a watermark on the nullable side and an appropriate range condition",
    ]);
  });
}

test("streaming plan - stream-stream join without an equality predicate: not supported", () => {
  const l = stream();
  const r = stream();
  expectError(
    () => checkForStreaming(l.join(r, l.col("a").lt(r.col("a"))).plan, "append"),
    "_LEGACY_ERROR_TEMP_1181",
    ["Stream-stream join without equality predicate is not supported"],
  );
  expectError(
    () => checkForStreaming(stream().join(stream(), undefined, "cross").plan, "append"),
    "_LEGACY_ERROR_TEMP_1181",
    ["without equality predicate"],
  );
  // an equality between columns of one side is not a join key
  const l2 = stream("a", "b");
  expectError(
    () => checkForStreaming(l2.join(stream(), l2.col("a").equalTo(l2.col("b"))).plan, "append"),
    "_LEGACY_ERROR_TEMP_1181",
    ["equality predicate"],
  );
});

test("streaming plan - stream-static joins need no equality predicate", () => {
  const l = stream();
  const r = batch();
  assertSupported(l.join(r, l.col("a").lt(r.col("a"))), "append");
  assertSupported(stream().join(batch(), undefined, "cross"), "update");
});

test("streaming plan - USING joins are equi-joins", () => {
  assertSupported(stream().join(stream(), "a"), "append");
  assertSupported(watermarked().join(stream(), ["a"], "left"), "append");
});

// ---- set operations -----------------------------------------------------------------------------------

testBinary("union", (l, r) => l.union(r), {
  streamBatch: false,
  batchStream: false,
  words: ["Union between streaming and batch DataFrames/Datasets is not supported"],
});

testBinary("except", (l, r) => l.subtract(r), {
  streamStream: false,
  batchStream: false,
  words: ["Except on a streaming DataFrame/Dataset on the right is not supported"],
});

testBinary("intersect", (l, r) => l.intersect(r), {
  streamStream: false,
  streamBatch: false,
  batchStream: false,
  words: ["Intersect of streaming DataFrames/Datasets is not supported"],
});

test("streaming plan - exceptAll and intersectAll follow subtract and intersect", () => {
  assertSupported(stream().exceptAll(batch()), "append");
  assertNotSupported(batch().exceptAll(stream()), "append", ["Except"]);
  assertNotSupported(stream().intersectAll(batch()), "append", ["Intersect"]);
});

// ---- unary operators ----------------------------------------------------------------------------------

testUnary(
  "sort",
  (df) => df.orderBy("a"),
  (df) => assertNotSupported(df, "append", ["sort"]),
);

testUnary(
  "sortWithinPartitions",
  (df) => df.sortWithinPartitions("a"),
  (df) => assertNotSupported(df, "append", ["Sorting is not supported"]),
);

test("streaming plan - sort - sort after aggregation in Complete output mode: supported", () => {
  assertSupported(count(stream()).orderBy("count"), "complete");
  assertSupported(stream().groupBy("a").count().orderBy(F.col("count").desc()), "complete");
});

test("streaming plan - sort - sort before aggregation in Complete output mode: not supported", () => {
  assertNotSupported(count(stream().orderBy("a")), "complete", ["sort", "aggregat", "complete"]);
});

test("streaming plan - sort - sort over aggregated data in Update output mode: not supported", () => {
  assertNotSupported(count(stream()).orderBy("count"), "update", [
    "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
    "aggregat",
    "complete",
  ]);
});

testUnary(
  "sample",
  (df) => df.sample(0.1, 1),
  (df) => assertNotSupported(df, "append", ["sampling"]),
);

testUnary(
  "window",
  (df) => df.withColumn("rn", F.row_number().over(Window.partitionBy("a").orderBy("b"))),
  (df) =>
    expectError(() => checkForStreaming(df.plan, "append"), "NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING", [
      "Window function is not supported",
      "Structured Streaming only supports time-window aggregation",
    ]),
);

test("streaming plan - SPARK-44044: non-time-window error parameters", () => {
  const df = stream("col1", "col2")
    .withColumn("rn_col", F.row_number().over(Window.partitionBy("col1").orderBy(F.col("col2"))))
    .select("rn_col", "col1", "col2");
  const e = expectError(
    () => checkForStreaming(df.plan, "append"),
    "NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING",
    [],
    {
      windowFunc: "ROW_NUMBER()",
      columnName: "`rn_col`",
      windowSpec:
        "(PARTITION BY COL1 ORDER BY COL2 ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    },
  );
  assert.equal(e.sqlState, "42KDE");
});

test("streaming plan - limit: supported in Append and Complete, not in Update", () => {
  assertSupported(stream().limit(5), "append");
  assertSupported(count(stream()).limit(5), "complete");
  assertNotSupported(stream().limit(5), "update", [
    "Limits are not supported on streaming DataFrames/Datasets in Update output mode",
  ]);
  assertSupported(wrapInStreaming(batch().limit(5)), "update");
});

test("streaming plan - offset: not supported, even over a static side", () => {
  assertNotSupported(stream().offset(2), "append", [
    "Offset is not supported on streaming DataFrames/Datasets",
  ]);
  assertNotSupported(wrapInStreaming(batch().offset(2)), "append", ["Offset is not supported"]);
});

test("streaming plan - stateless operators: supported", () => {
  const s = stream("a", "b");
  assertSupported(
    s
      .select(F.col("a").plus(1).alias("x"), F.explode(F.array(F.col("a"), F.col("b"))).alias("y"))
      .where(F.col("x").gt(0))
      .alias("t"),
    "append",
  );
});

test("streaming plan - MonotonicallyIncreasingID: not supported", () => {
  assertNotSupported(stream().select(F.monotonically_increasing_id()), "append", [
    "Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets",
  ]);
  // Spark checks every operator of a streaming query, the static side included
  assertNotSupported(wrapInStreaming(batch().select(F.monotonically_increasing_id())), "append", [
    "monotonically_increasing_id",
  ]);
});

// ---- chained stateful operators (global watermark limit) ------------------------------------------------

const chainedAggs = () => count(stream().groupBy("a").count());

test("Global watermark limit - aggregate - multiple streaming aggregations - append: passes", () => {
  passesWatermarkLimit(chainedAggs(), "append");
});

test("Global watermark limit - aggregate - multiple streaming aggregations - update and complete: fail", () => {
  failsWatermarkLimit(chainedAggs(), "update");
  failsWatermarkLimit(chainedAggs(), "complete");
});

test("streaming plan - chained aggregations in Update mode fail with the correctness error and its hint", () => {
  assertNotSupported(chainedAggs(), "update", [
    "Detected pattern of possible 'correctness' issue",
    "Multiple streaming aggregations are not supported with streaming DataFrames/Datasets",
  ]);
});

test("streaming plan - checkCorrectness=false turns the correctness error into a warning", () => {
  const warnings: string[] = [];
  assert.doesNotThrow(() =>
    checkForStreaming(chainedAggs().plan, "complete", {
      checkCorrectness: false,
      onWarning: (m) => warnings.push(m),
    }),
  );
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? "", /correctness/);
});

test("Global watermark limit - stream-stream equality and time-interval joins followed by agg: pass", () => {
  const l = stream("a", { name: "t", metadata: WM });
  const r = stream("a", { name: "t", metadata: WM });
  passesWatermarkLimit(count(joinOnA(l, r, "inner")), "append");
  passesWatermarkLimit(
    count(
      l.join(
        r,
        l
          .col("a")
          .equalTo(r.col("a"))
          .and(l.col("t").gt(r.col("t").plus(10))),
      ),
    ),
    "append",
  );
});

for (const mode of ["update", "complete"] as const) {
  test(`Global watermark limit - aggregation(${mode} mode) followed by dedup (with event-time): fails`, () => {
    failsWatermarkLimit(stream({ name: "t", metadata: WM }).groupBy("t").count().dropDuplicates(["t"]), mode);
  });
  test(`Global watermark limit - aggregation(${mode} mode) followed by dedup (without event-time): passes`, () => {
    passesWatermarkLimit(
      stream({ name: "t", metadata: WM }).groupBy("t").count().dropDuplicates(["count"]),
      mode,
    );
  });
}

test("Global watermark limit - stream-stream time interval join followed by dedup: passes", () => {
  const l = stream("a", { name: "t", metadata: WM });
  const r = stream("a", { name: "t", metadata: WM });
  const j = l.join(
    r,
    l
      .col("a")
      .equalTo(r.col("a"))
      .and(l.col("t").gt(r.col("t").plus(10))),
  );
  passesWatermarkLimit(j.dropDuplicates(), "append");
});

for (const how of ["inner", "left_outer", "right_outer", "full_outer"] as const) {
  test(`Global watermark limit - streaming aggregation and dedup after stream-stream ${how} join: pass`, () => {
    const l = watermarked();
    const j = joinOnA(l, stream(), how);
    passesWatermarkLimit(count(j), "append");
    passesWatermarkLimit(j.dropDuplicates(), "append");
    for (const how2 of ["inner", "left_outer", "right_outer"] as const) {
      passesWatermarkLimit(joinOnA(watermarked(), j.select(l.col("a")), how2), "append");
    }
  });
}

test("Global watermark limit - streaming aggregation: single and chained in Append mode pass", () => {
  passesWatermarkLimit(stream().groupBy("a").count(), "append");
  passesWatermarkLimit(chainedAggs(), "append");
  for (const how of ["inner", "left_outer", "right_outer"] as const) {
    passesWatermarkLimit(stream().join(stream().groupBy("a").count(), "a", how), "append");
  }
  passesWatermarkLimit(stream().groupBy("a").count().dropDuplicates(["a"]), "append");
});

test("Global watermark limit - join after a streaming aggregation in Update mode fails", () => {
  failsWatermarkLimit(stream().join(stream().groupBy("a").count(), "a"), "update");
});

test("Global watermark limit - deduplicate: aggregation and joins after it pass", () => {
  passesWatermarkLimit(stream().dropDuplicates(["a"]).groupBy("a").count(), "append");
  for (const how of ["inner", "left_outer", "right_outer"] as const) {
    passesWatermarkLimit(joinOnA(watermarked(), stream().dropDuplicates(["a"]), how), "append");
  }
});

// ---- sources and messages -----------------------------------------------------------------------------

test("a streaming data_source_relation leaf makes a plan streaming", () => {
  const output = [
    {
      kind: "attribute" as const,
      name: "value",
      dataType: INT,
      nullable: true,
      exprId: nextExprId(),
      qualifier: [],
    },
  ];
  const source = {
    kind: "data_source_relation" as const,
    sourceName: "socket",
    output,
    isStreaming: true,
    handle: null,
  };
  const plan = {
    kind: "filter" as const,
    condition: { kind: "literal" as const, value: true, dataType: INT },
    child: source,
  };
  assert.equal(isStreamingPlan(plan), true);
  expectError(() => checkForBatch(plan), "_LEGACY_ERROR_TEMP_3102", ["writeStream.start()"]);
  assert.doesNotThrow(() => checkForStreaming(plan, "append"));
  assert.equal(isStreamingPlan({ ...source, isStreaming: false }), false);
});

test("messages: Spark's text first, then tspark's fix", () => {
  const e = expectError(
    () => checkForStreaming(stream().offset(1).plan, "append"),
    "_LEGACY_ERROR_TEMP_3102",
    [],
  );
  assert.equal(
    e.message,
    "[_LEGACY_ERROR_TEMP_3102] Offset is not supported on streaming DataFrames/Datasets. Remove offset() from the streaming query.",
  );
  const m = expectError(
    () => checkForStreaming(stream().plan, "complete"),
    "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
    [],
  );
  assert.match(
    m.message,
    /^\[STREAMING_OUTPUT_MODE\.UNSUPPORTED_OPERATION\] Invalid streaming output mode: complete\. This output mode is not supported for no streaming aggregations on streaming DataFrames\/DataSets\. .* SQLSTATE: 42KDE$/,
  );
});

test("streaming plan - a comma (cross) join of two streams with the equality in WHERE is an equi-join", () => {
  // Spark checks the optimized plan, where PushPredicateThroughJoin has moved the WHERE equality
  // into the join condition (`FROM a, b WHERE a.x = b.x`, Nexmark q4's form).
  const l = stream();
  const r = stream();
  const where = l.join(r, undefined, "cross").where(l.col("a").equalTo(r.col("a")));
  checkForStreaming(where.plan, "append");
  // A non-equality in WHERE is still no join key.
  const l2 = stream();
  const r2 = stream();
  expectError(
    () =>
      checkForStreaming(l2.join(r2, undefined, "cross").where(l2.col("a").lt(r2.col("a"))).plan, "append"),
    "_LEGACY_ERROR_TEMP_1181",
    ["without equality predicate"],
  );
});
