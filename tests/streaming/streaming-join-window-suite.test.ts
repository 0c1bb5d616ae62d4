// Scenarios from Spark's StreamingJoinSuite (sql/core/src/test/scala/org/apache/spark/sql/
// streaming/StreamingJoinSuite.scala) that join on `window(time, "10 second")`: the state key
// watermark on a window (a row's state goes once `window.end` ≤ watermark, on both sides even
// when only one declares the watermark), outer NULL rows at eviction, left semi, and the early
// state exclusion of rows failing their own side's condition. Spark's expected rows and state
// counts; Spark's MultiAddData(a)(b) is AddData(a) then AddData(b) (the answers and the summed
// counts are the same whether the two land in one batch or two).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../src/api/functions/index.js";
import type { DataFrame } from "../../src/api/data-frame.js";
import {
  AddData,
  CheckAnswer,
  CheckNewAnswer,
  Execute,
  MemoryStream,
  StartStream,
  StopStream,
  testStream,
} from "../../src/testing/index.js";
import { joinScenario, stateRowsChecker } from "./streaming-join-scenarios.js";
import { testSession } from "./scenario.js";

const spark = testSession();
const col = F.col;

/** Spark's `setupStream(prefix, multiplier)`: key, `<prefix>Time` (watermark 10 s), `<prefix>Value`. */
function setupStream(prefix: string, multiplier: number): { input: MemoryStream; df: DataFrame } {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .select(
      col("value").alias("key"),
      F.timestamp_seconds(col("value")).alias(`${prefix}Time`),
      col("value").multiply(multiplier).alias(`${prefix}Value`),
    )
    .withWatermark(`${prefix}Time`, "10 seconds");
  return { input, df };
}

/** Spark's `setupWindowedJoin(joinType)`. */
function setupWindowedJoin(joinType: string): {
  leftInput: MemoryStream;
  rightInput: MemoryStream;
  joined: DataFrame;
} {
  const l = setupStream("left", 2);
  const r = setupStream("right", 3);
  const windowed1 = l.df.select(col("key"), F.window(col("leftTime"), "10 second"), col("leftValue"));
  const windowed2 = r.df.select(col("key"), F.window(col("rightTime"), "10 second"), col("rightValue"));
  const joined = windowed1.join(windowed2, ["key", "window"], joinType);
  const select =
    joinType === "left_semi"
      ? joined.select(col("key"), col("window.end").cast("long"), col("leftValue"))
      : joined.select(col("key"), col("window.end").cast("long"), col("leftValue"), col("rightValue"));
  return { leftInput: l.input, rightInput: r.input, joined: select };
}

/** Spark's `setupWindowedJoinWithLeftCondition` / `…WithRightCondition`. */
function setupWindowedJoinWithCondition(
  joinType: string,
  side: "left" | "right",
): { leftInput: MemoryStream; rightInput: MemoryStream; joined: DataFrame } {
  const l = setupStream("left", 2);
  const r = setupStream("right", 3);
  const left = l.df.select(col("key"), F.window(col("leftTime"), "10 second"), col("leftValue"));
  const right = r.df.select(
    col("key"),
    F.window(col("rightTime"), "10 second"),
    col("rightValue").cast("string").alias("rightValue"),
  );
  const own = side === "left" ? col("leftValue").gt(4) : col("rightValue").cast("int").gt(7);
  const joined = left.join(
    right,
    left
      .col("key")
      .equalTo(right.col("key"))
      .and(left.col("window").equalTo(right.col("window")))
      .and(own),
    joinType,
  );
  const select =
    joinType === "left_semi"
      ? joined.select(left.col("key"), left.col("window.end").cast("long"), col("leftValue"))
      : joinType === "left_outer"
        ? joined.select(
            left.col("key"),
            left.col("window.end").cast("long"),
            col("leftValue"),
            col("rightValue"),
          )
        : joinType === "right_outer"
          ? joined.select(
              right.col("key"),
              right.col("window.end").cast("long"),
              col("leftValue"),
              col("rightValue"),
            )
          : joined.select(
              left.col("key"),
              left.col("window.end").cast("long"),
              col("leftValue"),
              right.col("key"),
              right.col("window.end").cast("long"),
              col("rightValue"),
            );
  return { leftInput: l.input, rightInput: r.input, joined: select };
}

/** Spark's inner-join inputs of the window tests (the watermark only on the left when `watermark`). */
function windowedInner(watermark: boolean): {
  input1: MemoryStream;
  input2: MemoryStream;
  joined: DataFrame;
} {
  const input1 = new MemoryStream(spark, "value INT");
  const input2 = new MemoryStream(spark, "value INT");
  let left = input1
    .toDF()
    .select(
      col("value").alias("key"),
      F.timestamp_seconds(col("value")).alias("timestamp"),
      col("value").multiply(2).alias("leftValue"),
    );
  if (watermark) left = left.withWatermark("timestamp", "10 seconds");
  const df1 = left.select(col("key"), F.window(col("timestamp"), "10 second"), col("leftValue"));
  const df2 = input2
    .toDF()
    .select(
      col("value").alias("key"),
      F.timestamp_seconds(col("value")).alias("timestamp"),
      col("value").multiply(3).alias("rightValue"),
    )
    .select(col("key"), F.window(col("timestamp"), "10 second"), col("rightValue"));
  const joined = df1
    .join(df2, ["key", "window"])
    .select(col("key"), col("window.end").cast("long"), col("leftValue"), col("rightValue"));
  return { input1, input2, joined };
}

// StreamingInnerJoinSuite "stream stream inner join on windows - without watermark"
joinScenario("stream stream inner join on windows - without watermark", () => {
  const { input1, input2, joined } = windowedInner(false);
  return {
    df: joined,
    actions: [
      AddData(input1, 1),
      CheckNewAnswer(),
      AddData(input2, 1),
      CheckNewAnswer([1, 10, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 25),
      CheckNewAnswer(),
      StopStream,
      StartStream(),
      AddData(input2, 25),
      CheckNewAnswer([25, 30, 50, 75]),
      AddData(input1, 1),
      CheckNewAnswer([1, 10, 2, 3]), // State for 1 still around as there is no watermark
      StopStream,
      StartStream(),
      AddData(input1, 5),
      CheckNewAnswer(),
      AddData(input2, 5),
      CheckNewAnswer([5, 10, 10, 15]), // No filter by any watermark
    ],
  };
});

// StreamingInnerJoinSuite "stream stream inner join on windows - with watermark"
joinScenario("stream stream inner join on windows - with watermark", (rows) => {
  const { input1, input2, joined } = windowedInner(true);
  return {
    df: joined,
    actions: [
      AddData(input1, 1),
      CheckAnswer(),
      rows(1, 1),
      AddData(input2, 1),
      CheckAnswer([1, 10, 2, 3]),
      rows(2, 1),
      StopStream,
      StartStream(),
      AddData(input1, 25),
      CheckNewAnswer(), // watermark = 15, no-data-batch should remove 2 rows having window=[0,10]
      rows(1, 1),
      AddData(input2, 25),
      CheckNewAnswer([25, 30, 50, 75]),
      rows(2, 1),
      StopStream,
      StartStream(),
      AddData(input2, 1),
      CheckNewAnswer(), // Should not join as < 15 removed
      rows(2, 0), // row not add as 1 < state key watermark = 15
      AddData(input1, 5),
      CheckNewAnswer(), // Same reason as above
      rows(2, 0, 1),
    ],
  };
});

for (const [joinType, nulls] of [
  [
    "left_outer",
    [
      [1, 10, 2, null],
      [2, 10, 4, null],
    ],
  ],
  [
    "right_outer",
    [
      [6, 10, null, 18],
      [7, 10, null, 21],
    ],
  ],
] as const) {
  // StreamingOuterJoinSuite "windowed left outer join" / "windowed right outer join"
  joinScenario(`windowed ${joinType.replace("_", " ")} join`, (rows) => {
    const { leftInput, rightInput, joined } = setupWindowedJoin(joinType);
    return {
      df: joined,
      actions: [
        AddData(leftInput, 1, 2, 3, 4, 5),
        AddData(rightInput, 3, 4, 5, 6, 7),
        CheckNewAnswer([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15]),
        AddData(leftInput, 21),
        AddData(rightInput, 22), // watermark = 11, no-data-batch computes nulls
        CheckNewAnswer(...nulls.map((r) => [...r])),
        rows(2, 12),
        AddData(leftInput, 22),
        CheckNewAnswer([22, 30, 44, 66]),
        rows(3, 1),
      ],
    };
  });
}

// StreamingFullOuterJoinSuite "windowed full outer join"
joinScenario("windowed full outer join", (rows) => {
  const { leftInput, rightInput, joined } = setupWindowedJoin("full_outer");
  return {
    df: joined,
    actions: [
      AddData(leftInput, 1, 2, 3, 4, 5),
      AddData(rightInput, 3, 4, 5, 6, 7),
      CheckNewAnswer([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15]),
      rows(10, 10),
      AddData(leftInput, 21),
      AddData(rightInput, 22),
      // Watermark = 11, should remove rows having window=[0,10].
      CheckNewAnswer([1, 10, 2, null], [2, 10, 4, null], [6, 10, null, 18], [7, 10, null, 21]),
      rows(2, 2),
      AddData(leftInput, 22),
      CheckNewAnswer([22, 30, 44, 66]),
      rows(3, 1),
      StopStream,
      StartStream(),
      AddData(leftInput, 1),
      CheckNewAnswer(), // Row not add as 1 < state key watermark = 12.
      rows(3, 0, 1),
      AddData(rightInput, 5),
      CheckNewAnswer(), // Row not add as 5 < state key watermark = 12.
      rows(3, 0, 1),
    ],
  };
});

// StreamingLeftSemiJoinSuite "windowed left semi join"
joinScenario("windowed left semi join", (rows) => {
  const { leftInput, rightInput, joined } = setupWindowedJoin("left_semi");
  return {
    df: joined,
    actions: [
      AddData(leftInput, 1, 2, 3, 4, 5),
      AddData(rightInput, 3, 4, 5, 6, 7),
      CheckNewAnswer([3, 10, 6], [4, 10, 8], [5, 10, 10]),
      rows(10, 10),
      AddData(leftInput, 21),
      AddData(rightInput, 22),
      CheckNewAnswer(), // Watermark = 11, should remove rows having window=[0,10].
      rows(2, 2),
      AddData(leftInput, 22),
      CheckNewAnswer([22, 30, 44]),
      rows(2, 0), // a matched left row is not buffered
      StopStream,
      StartStream(),
      AddData(leftInput, 1),
      CheckNewAnswer(), // Row not add as 1 < state key watermark = 12.
      rows(2, 0, 1),
      AddData(rightInput, 5),
      CheckNewAnswer(), // Row not add as 5 < state key watermark = 12.
      rows(2, 0, 1),
    ],
  };
});

/** One of Spark's early-state-exclusion tests: both batches' inputs and answers. */
interface EarlyExclusion {
  readonly name: string;
  readonly joinType: string;
  readonly side: "left" | "right";
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly first: readonly (readonly unknown[])[];
  readonly evicted: readonly (readonly unknown[])[];
  readonly last: readonly unknown[];
}

const LOW = [1, 2, 3];
const HIGH = [3, 4, 5];

// StreamingOuterJoinSuite, StreamingFullOuterJoinSuite, StreamingLeftSemiJoinSuite
// "<join> early state exclusion on <side>"
const EARLY_EXCLUSION: readonly EarlyExclusion[] = [
  {
    name: "left outer early state exclusion on left",
    joinType: "left_outer",
    side: "left",
    left: LOW,
    right: HIGH,
    first: [
      [3, 10, 6, "9"],
      [1, 10, 2, null],
      [2, 10, 4, null],
    ],
    evicted: [],
    last: [20, 30, 40, "60"],
  },
  {
    name: "left outer early state exclusion on right",
    joinType: "left_outer",
    side: "right",
    left: HIGH,
    right: LOW,
    first: [[3, 10, 6, "9"]],
    evicted: [
      [4, 10, 8, null],
      [5, 10, 10, null],
    ],
    last: [20, 30, 40, "60"],
  },
  {
    name: "right outer early state exclusion on left",
    joinType: "right_outer",
    side: "left",
    left: LOW,
    right: HIGH,
    first: [[3, 10, 6, "9"]],
    evicted: [
      [4, 10, null, "12"],
      [5, 10, null, "15"],
    ],
    last: [20, 30, 40, "60"],
  },
  {
    name: "right outer early state exclusion on right",
    joinType: "right_outer",
    side: "right",
    left: HIGH,
    right: LOW,
    first: [
      [3, 10, 6, "9"],
      [1, 10, null, "3"],
      [2, 10, null, "6"],
    ],
    evicted: [],
    last: [20, 30, 40, "60"],
  },
  {
    name: "full outer early state exclusion on left",
    joinType: "full_outer",
    side: "left",
    left: LOW,
    right: HIGH,
    first: [
      [1, 10, 2, null, null, null],
      [2, 10, 4, null, null, null],
      [3, 10, 6, 3, 10, "9"],
    ],
    evicted: [
      [null, null, null, 4, 10, "12"],
      [null, null, null, 5, 10, "15"],
    ],
    last: [20, 30, 40, 20, 30, "60"],
  },
  {
    name: "full outer early state exclusion on right",
    joinType: "full_outer",
    side: "right",
    left: HIGH,
    right: LOW,
    first: [
      [null, null, null, 1, 10, "3"],
      [null, null, null, 2, 10, "6"],
      [3, 10, 6, 3, 10, "9"],
    ],
    evicted: [
      [4, 10, 8, null, null, null],
      [5, 10, 10, null, null, null],
    ],
    last: [20, 30, 40, 20, 30, "60"],
  },
  {
    name: "left semi early state exclusion on left",
    joinType: "left_semi",
    side: "left",
    left: LOW,
    right: HIGH,
    first: [[3, 10, 6]],
    evicted: [],
    last: [20, 30, 40],
  },
  {
    name: "left semi early state exclusion on right",
    joinType: "left_semi",
    side: "right",
    left: HIGH,
    right: LOW,
    first: [[3, 10, 6]],
    evicted: [],
    last: [20, 30, 40],
  },
];

for (const c of EARLY_EXCLUSION) {
  joinScenario(c.name, (rows) => {
    const { leftInput, rightInput, joined } = setupWindowedJoinWithCondition(c.joinType, c.side);
    return {
      df: joined,
      actions: [
        AddData(leftInput, ...c.left),
        AddData(rightInput, ...c.right),
        CheckNewAnswer(...c.first.map((r) => [...r])),
        rows(4, 4),
        AddData(leftInput, 20),
        AddData(rightInput, 21), // watermark = 10: outer rows of never-matched buffered rows
        CheckNewAnswer(...c.evicted.map((r) => [...r])),
        rows(2, 2),
        AddData(rightInput, 20),
        CheckNewAnswer([...c.last]),
        rows(3, 1),
      ],
    };
  });
}

// StreamingOuterJoinSuite "left outer join with non-key condition violated": when the condition
// fails, the outer NULL rows come even though the keys match. A left row failing its own side's
// part (`leftValue > 10`) is output at once and never buffered; a pair failing the right side's
// part (`rightValue` in [300, 1000]) waits for the left row's eviction.
joinScenario("left outer join with non-key condition violated", (rows) => {
  const l = setupStream("left", 2);
  const r = setupStream("right", 3);
  const left = l.df.select(col("key"), F.window(col("leftTime"), "10 second"), col("leftValue"));
  const right = r.df.select(col("key"), F.window(col("rightTime"), "10 second"), col("rightValue"));
  const joined = left
    .join(
      right,
      left
        .col("key")
        .equalTo(right.col("key"))
        .and(left.col("window").equalTo(right.col("window")))
        .and(col("leftValue").gt(10))
        .and(col("rightValue").lt(300).or(col("rightValue").gt(1000))),
      "left_outer",
    )
    .select(left.col("key"), left.col("window.end").cast("long"), col("leftValue"), col("rightValue"));
  const both = (a: readonly number[], b: readonly number[]) => [
    AddData(l.input, ...a),
    AddData(r.input, ...b),
  ];
  return {
    df: joined,
    actions: [
      // leftValue <= 10 generates outer join rows even though the right keys match
      ...both([1, 2, 3], [1, 2, 3]),
      CheckNewAnswer([1, 10, 2, null], [2, 10, 4, null], [3, 10, 6, null]),
      rows(3, 3), // only right 1, 2, 3 added
      ...both([20], [21]), // watermark = 10, the no-data batch clears < 10
      CheckNewAnswer(),
      rows(2, 2), // only 20 and 21 left in state
      AddData(r.input, 20),
      CheckNewAnswer([20, 30, 40, 60]),
      rows(3, 1),
      // leftValue and rightValue both satisfying the condition: no outer rows
      ...both([40, 41], [40, 41]), // watermark = 31
      CheckNewAnswer([40, 50, 80, 120], [41, 50, 82, 123]),
      rows(4, 4), // only left 40, 41 + right 40, 41 left in state
      ...both([70], [71]), // watermark = 60
      CheckNewAnswer(),
      rows(2, 2), // only 70, 71 left in state
      AddData(r.input, 70),
      CheckNewAnswer([70, 80, 140, 210]),
      rows(3, 1),
      // rightValue between 300 and 1000 generates outer rows even though it matches the left
      ...both([101, 102, 103], [101, 102, 103]), // watermark = 91
      CheckNewAnswer(),
      rows(6, 3), // only 101 - 103 left in state
      ...both([1000], [1001]),
      CheckNewAnswer([101, 110, 202, null], [102, 110, 204, null], [103, 110, 206, null]),
      rows(2, 2),
    ],
  };
});

/** Spark's `testForLeftOuterJoinKeyNullability`: `leftKey1 <=> rightKey1` plus an equality and the window. */
function leftOuterJoinKeyNullability(leftKeyType: string, rightKeyType: string) {
  const input1 = new MemoryStream(spark, `_1 ${leftKeyType}, _2 INT`);
  const input2 = new MemoryStream(spark, `_1 ${rightKeyType}, _2 INT`);
  const df1 = input1
    .toDF()
    .selectExpr(
      "_1 as leftKey1",
      "_2 as leftKey2",
      "timestamp_seconds(_2) as leftTime",
      "_2 * 2 as leftValue",
    )
    .withWatermark("leftTime", "10 seconds");
  const df2 = input2
    .toDF()
    .selectExpr(
      "_1 as rightKey1",
      "_2 as rightKey2",
      "timestamp_seconds(_2) as rightTime",
      "_2 * 3 as rightValue",
    )
    .withWatermark("rightTime", "10 seconds");
  const windowed1 = df1.select(
    col("leftKey1"),
    col("leftKey2"),
    F.window(col("leftTime"), "10 second").alias("leftWindow"),
    col("leftValue"),
  );
  const windowed2 = df2.select(
    col("rightKey1"),
    col("rightKey2"),
    F.window(col("rightTime"), "10 second").alias("rightWindow"),
    col("rightValue"),
  );
  const joined = windowed1
    .join(
      windowed2,
      F.expr("leftKey1 <=> rightKey1 AND leftKey2 = rightKey2 AND leftWindow = rightWindow"),
      "left_outer",
    )
    .select(
      col("leftKey1"),
      col("rightKey1"),
      col("leftKey2"),
      col("rightKey2"),
      col("leftWindow.end").cast("long"),
      col("leftValue"),
      col("rightValue"),
    );
  return { input1, input2, joined };
}

// StreamingOuterJoinSuite "left-outer: joining non-nullable left join key with nullable right join key"
joinScenario("left-outer: joining non-nullable left join key with nullable right join key", () => {
  const { input1, input2, joined } = leftOuterJoinKeyNullability("INT NOT NULL", "INT");
  return {
    df: joined,
    actions: [
      AddData(input1, [1, 1], [1, 2], [1, 3], [1, 4], [1, 5]),
      AddData(input2, [1, 3], [1, 4], [1, 5], [1, 6]),
      CheckNewAnswer([1, 1, 3, 3, 10, 6, 9], [1, 1, 4, 4, 10, 8, 12], [1, 1, 5, 5, 10, 10, 15]),
      AddData(input1, [1, 21]),
      AddData(input2, [1, 22]), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([1, null, 1, null, 10, 2, null], [1, null, 2, null, 10, 4, null]),
    ],
  };
});

// StreamingOuterJoinSuite "left-outer: joining nullable left join key with non-nullable right join key"
joinScenario("left-outer: joining nullable left join key with non-nullable right join key", () => {
  const { input1, input2, joined } = leftOuterJoinKeyNullability("INT", "INT NOT NULL");
  return {
    df: joined,
    actions: [
      AddData(input1, [1, 1], [null, 2], [1, 3], [1, 4], [1, 5]),
      AddData(input2, [1, 3], [1, 4], [1, 5], [1, 6]),
      CheckNewAnswer([1, 1, 3, 3, 10, 6, 9], [1, 1, 4, 4, 10, 8, 12], [1, 1, 5, 5, 10, 10, 15]),
      AddData(input1, [1, 21]),
      AddData(input2, [1, 22]), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([1, null, 1, null, 10, 2, null], [null, null, 2, null, 10, 4, null]),
    ],
  };
});

// StreamingOuterJoinSuite "left-outer: joining nullable left join key with nullable right join key"
joinScenario("left-outer: joining nullable left join key with nullable right join key", () => {
  const { input1, input2, joined } = leftOuterJoinKeyNullability("INT", "INT");
  return {
    df: joined,
    actions: [
      AddData(input1, [1, 1], [null, 2], [1, 3], [null, 4], [1, 5]),
      AddData(input2, [1, 3], [null, 4], [1, 5], [1, 6]),
      CheckNewAnswer([1, 1, 3, 3, 10, 6, 9], [null, null, 4, 4, 10, 8, 12], [1, 1, 5, 5, 10, 10, 15]),
      AddData(input1, [1, 21]),
      AddData(input2, [1, 22]), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([1, null, 1, null, 10, 2, null], [null, null, 2, null, 10, 4, null]),
    ],
  };
});

/** Spark's `testForJoinKeyNullability`: an inner join on `leftKey <=> rightKey`. */
function joinKeyNullability(leftType: string, rightType: string) {
  const input1 = new MemoryStream(spark, `value ${leftType}`);
  const input2 = new MemoryStream(spark, `value ${rightType}`);
  const df1 = input1.toDF().selectExpr("value as leftKey", "value * 2 as leftValue");
  const df2 = input2.toDF().selectExpr("value as rightKey", "value * 3 as rightValue");
  const joined = df1
    .join(df2, F.expr("leftKey <=> rightKey"))
    .select("leftKey", "rightKey", "leftValue", "rightValue");
  return { input1, input2, joined };
}

// StreamingInnerJoinSuite "joining non-nullable left join key with nullable right join key"
joinScenario("joining non-nullable left join key with nullable right join key", () => {
  const { input1, input2, joined } = joinKeyNullability("INT NOT NULL", "INT");
  return {
    df: joined,
    actions: [
      AddData(input1, 1, 5),
      AddData(input2, 1, 5, 10, null),
      CheckNewAnswer([1, 1, 2, 3], [5, 5, 10, 15]),
    ],
  };
});

// StreamingInnerJoinSuite "joining nullable left join key with non-nullable right join key"
joinScenario("joining nullable left join key with non-nullable right join key", () => {
  const { input1, input2, joined } = joinKeyNullability("INT", "INT NOT NULL");
  return {
    df: joined,
    actions: [
      AddData(input1, 1, 5, 10, null),
      AddData(input2, 1, 5),
      CheckNewAnswer([1, 1, 2, 3], [5, 5, 10, 15]),
    ],
  };
});

// StreamingInnerJoinSuite "joining nullable left join key with nullable right join key"
joinScenario("joining nullable left join key with nullable right join key", () => {
  const { input1, input2, joined } = joinKeyNullability("INT", "INT");
  return {
    df: joined,
    actions: [
      AddData(input1, 1, 5, 10, null),
      AddData(input2, 1, 5, null),
      CheckNewAnswer([1, 1, 2, 3], [5, 5, 10, 15], [null, null, null, null]),
    ],
  };
});

// StreamingInnerJoinSuite "SPARK-35896: metrics in StateOperatorProgress are output correctly"
test("SPARK-35896: metrics in StateOperatorProgress are output correctly", async () => {
  const { input1, input2, joined } = windowedInner(true);
  const rows = stateRowsChecker();
  await testStream(joined)(
    StartStream({ additionalConfs: { "spark.sql.shuffle.partitions": "3" } }),
    AddData(input1, 1),
    CheckAnswer(),
    Execute((q) => {
      const op = q.lastProgress?.stateOperators[0];
      assert.equal(op?.operatorName, "symmetricHashJoin");
      assert.equal(op?.numShufflePartitions, 3);
      assert.equal(op?.numStateStoreInstances, 3 * 4);
    }),
    rows(1, 1), // (Spark's progress-metric check also marks the batch as checked)
    AddData(input2, 1),
    CheckAnswer([1, 10, 2, 3]),
    rows(2, 1, 0, 0),
    AddData(input1, 25),
    CheckNewAnswer(), // watermark = 15, no-data-batch should remove 2 rows having window=[0,10]
    rows(1, 1, 0, 2),
    AddData(input2, 25),
    CheckNewAnswer([25, 30, 50, 75]),
    rows(2, 1, 0, 0),
  );
});
