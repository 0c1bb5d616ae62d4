// Scenarios from Spark's StreamingJoinSuite (sql/core/src/test/scala/org/apache/spark/sql/
// streaming/StreamingJoinSuite.scala) that need the watermark: inner joins whose time-range
// condition cleans state ("state value watermark"), left/right/full outer joins whose NULL rows
// come when the preserved row is evicted (never after a match, SPARK-26187), and left semi joins.
// Spark's expected rows and state counts. The window-keyed cases are in
// streaming-join-window-suite.test.ts; the raw event-time key cases here cover the same rules on a
// TIMESTAMP key.
//
// Every scenario runs twice: with Spark's state-row assertions (plain run only: those sum the
// progress since the previous check, which a restart or crash splits across query instances), and
// without them in the restart/crash matrix.
import * as F from "../../src/api/functions/index.js";
import type { DataFrame } from "../../src/api/data-frame.js";
import {
  AddData,
  CheckAnswer,
  CheckNewAnswer,
  MemoryStream,
  StartStream,
  StopStream,
} from "../../src/testing/index.js";
import { scenario, testSession } from "./scenario.js";
import { joinScenario, RESTART_FORGETS_INPUT_WATERMARKS } from "./streaming-join-scenarios.js";

const spark = testSession();
const col = F.col;

/** Spark's `setupJoinWithRangeCondition`. */
function setupJoinWithRangeCondition(
  joinType: string,
  watermark = "10 seconds",
  lowerBound = "interval 5 seconds",
  upperBound = "interval 5 seconds",
): { leftInput: MemoryStream; rightInput: MemoryStream; joined: DataFrame } {
  const leftInput = new MemoryStream(spark, "_1 INT, _2 INT");
  const rightInput = new MemoryStream(spark, "_1 INT, _2 INT");
  const df1 = leftInput
    .toDF()
    .toDF("leftKey", "time")
    .select(
      col("leftKey"),
      F.timestamp_seconds(col("time")).alias("leftTime"),
      col("leftKey").multiply(2).alias("leftValue"),
    )
    .withWatermark("leftTime", watermark);
  const df2 = rightInput
    .toDF()
    .toDF("rightKey", "time")
    .select(
      col("rightKey"),
      F.timestamp_seconds(col("time")).alias("rightTime"),
      col("rightKey").multiply(3).alias("rightValue"),
    )
    .withWatermark("rightTime", watermark);
  const joined = df1.join(
    df2,
    F.expr(`leftKey = rightKey AND leftTime BETWEEN rightTime - ${lowerBound} AND rightTime + ${upperBound}`),
    joinType,
  );
  const select =
    joinType === "left_semi"
      ? joined.select(col("leftKey"), col("leftTime").cast("int"))
      : joined.select(
          col("leftKey"),
          col("rightKey"),
          col("leftTime").cast("int"),
          col("rightTime").cast("int"),
        );
  return { leftInput, rightInput, joined: select };
}

/** Spark's `setupSelfJoin`. */
function setupSelfJoin(joinType: string): { input: MemoryStream; joined: DataFrame } {
  const input = new MemoryStream(spark, "_1 INT, _2 LONG");
  const df = input.toDF().select(col("_1").alias("value"), F.timestamp_seconds(col("_2")).alias("timestamp"));
  const leftStream = df.select(col("value").alias("leftId"), col("timestamp").alias("leftTime"));
  const rightStream = df
    .where(col("value").mod(2).equalTo(0))
    .select(col("value").alias("rightId"), col("timestamp").alias("rightTime"));
  const joined = leftStream
    .withWatermark("leftTime", "5 seconds")
    .join(
      rightStream.withWatermark("rightTime", "5 seconds"),
      F.expr("leftId = rightId AND rightTime >= leftTime AND rightTime <= leftTime + interval 5 seconds"),
      joinType,
    );
  const select =
    joinType === "left_semi"
      ? joined.select(col("leftId"), col("leftTime").cast("int"))
      : joined.select(
          col("leftId"),
          col("leftTime").cast("int"),
          col("rightId"),
          col("rightTime").cast("int"),
        );
  return { input, joined: select };
}

// StreamingInnerJoinSuite "stream stream inner join with time range - with watermark - one side condition"
joinScenario(
  "stream stream inner join with time range - with watermark - one side condition",
  (rows) => {
    const leftInput = new MemoryStream(spark, "_1 INT, _2 INT");
    const rightInput = new MemoryStream(spark, "_1 INT, _2 INT");
    const df1 = leftInput
      .toDF()
      .toDF("leftKey", "time")
      .select(
        col("leftKey"),
        F.timestamp_seconds(col("time")).alias("leftTime"),
        col("leftKey").multiply(2).alias("leftValue"),
      )
      .withWatermark("leftTime", "10 seconds");
    const df2 = rightInput
      .toDF()
      .toDF("rightKey", "time")
      .select(
        col("rightKey"),
        F.timestamp_seconds(col("time")).alias("rightTime"),
        col("rightKey").multiply(3).alias("rightValue"),
      )
      .withWatermark("rightTime", "10 seconds");
    const joined = df1
      .join(df2, F.expr("leftKey = rightKey AND leftTime < rightTime - interval 5 seconds"))
      .select(col("leftKey"), col("leftTime").cast("int"), col("rightTime").cast("int"));
    return {
      df: joined,
      actions: [
        AddData(leftInput, [1, 5]),
        CheckAnswer(),
        AddData(rightInput, [1, 11]),
        CheckNewAnswer([1, 5, 11]),
        AddData(rightInput, [1, 10]),
        CheckNewAnswer(), // no match as leftTime 5 is not < rightTime 10 - 5
        rows(3, 3),
        // Increase event time watermark to 20s by adding data with time = 30s on both inputs
        AddData(leftInput, [1, 3], [1, 30]),
        CheckNewAnswer([1, 3, 10], [1, 3, 11]),
        rows(5, 2),
        AddData(rightInput, [0, 30]),
        CheckNewAnswer(),
        // watermark 20: right state where rightTime <= 25 is cleared, (1, 11) and (1, 10) removed
        rows(4, 1),
        // (1, 20) filtered by the watermark; (1, 21) joins but is not buffered (21 < state
        // watermark 25); (1, 28) joins and is buffered
        AddData(rightInput, [1, 20], [1, 21], [1, 28]),
        CheckNewAnswer([1, 3, 21], [1, 5, 21], [1, 3, 28], [1, 5, 28]),
        rows(5, 1, 1),
        // New data to left input with leftTime <= 20 should be filtered due to event time watermark
        AddData(leftInput, [1, 20], [1, 21]),
        CheckNewAnswer([1, 21, 28]),
        rows(6, 1, 1),
      ],
    };
  },
  { noRestartMatrix: RESTART_FORGETS_INPUT_WATERMARKS },
);

// StreamingInnerJoinSuite "stream stream inner join with time range - with watermark - two side conditions"
joinScenario(
  "stream stream inner join with time range - with watermark - two side conditions",
  (rows) => {
    const leftInput = new MemoryStream(spark, "_1 INT, _2 INT");
    const rightInput = new MemoryStream(spark, "_1 INT, _2 INT");
    const df1 = leftInput
      .toDF()
      .toDF("leftKey", "time")
      .select(
        col("leftKey"),
        F.timestamp_seconds(col("time")).alias("leftTime"),
        col("leftKey").multiply(2).alias("leftValue"),
      )
      .withWatermark("leftTime", "20 seconds");
    const df2 = rightInput
      .toDF()
      .toDF("rightKey", "time")
      .select(
        col("rightKey"),
        F.timestamp_seconds(col("time")).alias("rightTime"),
        col("rightKey").multiply(3).alias("rightValue"),
      )
      .withWatermark("rightTime", "30 seconds");
    const condition = F.expr(
      "leftKey = rightKey AND leftTime BETWEEN rightTime - interval 10 seconds AND rightTime + interval 5 seconds",
    );
    const joined = df1
      .join(df2, condition)
      .select(col("leftKey"), col("leftTime").cast("int"), col("rightTime").cast("int"));
    return {
      df: joined,
      actions: [
        // If leftTime = 20, then it match only with rightTime = [15, 30]
        AddData(leftInput, [1, 20]),
        CheckAnswer(),
        AddData(rightInput, [1, 14], [1, 15], [1, 25], [1, 26], [1, 30], [1, 31]),
        CheckNewAnswer([1, 20, 15], [1, 20, 25], [1, 20, 26], [1, 20, 30]),
        rows(7, 7),
        // If rightTime = 60, then it matches only leftTime = [50, 65]
        AddData(rightInput, [1, 60]),
        CheckNewAnswer(), // matches with nothing on the left
        AddData(leftInput, [1, 49], [1, 50], [1, 65], [1, 66]),
        CheckNewAnswer([1, 50, 60], [1, 65, 60]),
        // watermark 30: left state value watermark ~20 drops nothing, right ~25 drops 14 and 15
        rows(10, 5),
        AddData(leftInput, [1, 30], [1, 31]), // 30 should not be processed or added to state
        CheckNewAnswer([1, 31, 26], [1, 31, 30], [1, 31, 31]),
        rows(11, 1, 1), // only 31 added
        // Advance the watermark
        AddData(rightInput, [1, 80]),
        CheckNewAnswer(),
        // watermark 46: drops < 36 from the left (20, 31) and < 41 from the right (25, 26, 30, 31)
        rows(6, 1),
        AddData(rightInput, [1, 46], [1, 50]), // 46 should not be processed or added to state
        CheckNewAnswer([1, 49, 50], [1, 50, 50]),
        rows(7, 1, 1), // 50 added
      ],
    };
  },
  { noRestartMatrix: RESTART_FORGETS_INPUT_WATERMARKS },
);

// tspark: the state key watermark on a raw event-time join key (Spark's windowed inner join with
// watermark, with the timestamp itself as the key).
joinScenario("stream stream inner join on an event-time key - with watermark", (rows) => {
  const input1 = new MemoryStream(spark, "value INT");
  const input2 = new MemoryStream(spark, "value INT");
  const df1 = input1
    .toDF()
    .select(
      col("value").alias("key"),
      F.timestamp_seconds(col("value")).alias("timestamp"),
      col("value").multiply(2).alias("leftValue"),
    )
    .withWatermark("timestamp", "10 seconds");
  const df2 = input2
    .toDF()
    .select(
      col("value").alias("key"),
      F.timestamp_seconds(col("value")).alias("timestamp"),
      col("value").multiply(3).alias("rightValue"),
    );
  const joined = df1
    .join(df2, ["key", "timestamp"])
    .select(col("key"), col("timestamp").cast("long"), col("leftValue"), col("rightValue"));
  return {
    df: joined,
    actions: [
      AddData(input1, 1),
      CheckAnswer(),
      rows(1, 1),
      AddData(input2, 1),
      CheckAnswer([1, 1, 2, 3]),
      rows(2, 1),
      StopStream,
      StartStream(),
      AddData(input1, 25),
      CheckNewAnswer(), // watermark = 15, the no-data batch removes both rows with key time 1
      rows(1, 1),
      AddData(input2, 25),
      CheckNewAnswer([25, 25, 50, 75]),
      rows(2, 1),
      StopStream,
      StartStream(),
      AddData(input2, 1),
      CheckNewAnswer(), // not joined: below the state key watermark 15
      rows(2, 0), // not buffered either (the right side has no watermark to drop it by)
      AddData(input1, 5),
      CheckNewAnswer(),
      rows(2, 0, 1),
    ],
  };
});

for (const [joinType, outerResult] of [
  ["left_outer", [3, null, 5, null]],
  ["right_outer", [null, 2, null, 5]],
] as const) {
  const name = joinType.replace("_", " ");
  // StreamingOuterJoinSuite "left outer with watermark range condition" / "right outer …"
  joinScenario(
    `${name} with watermark range condition`,
    (rows) => {
      const { leftInput, rightInput, joined } = setupJoinWithRangeCondition(joinType);
      return {
        df: joined,
        actions: [
          AddData(leftInput, [1, 5], [3, 5]),
          CheckAnswer(),
          AddData(rightInput, [1, 10], [2, 5]),
          CheckNewAnswer([1, 1, 5, 10]),
          AddData(rightInput, [1, 11]),
          CheckNewAnswer(), // no match as left time is too low
          rows(5, 5),
          // Increase event time watermark to 20s by adding data with time = 30s on both inputs
          AddData(leftInput, [1, 7], [1, 30]),
          CheckNewAnswer([1, 1, 7, 10], [1, 1, 7, 11]),
          rows(7, 2),
          AddData(rightInput, [0, 30]), // watermark = 30 - 10 = 20, no-data-batch computes nulls
          CheckNewAnswer([...outerResult]),
          rows(2, 1),
        ],
      };
    },
    { noRestartMatrix: RESTART_FORGETS_INPUT_WATERMARKS },
  );

  // The same with minutes (Spark's second part of that test)
  joinScenario(
    `${name} with watermark range condition in minutes`,
    (rows) => {
      const { leftInput, rightInput, joined } = setupJoinWithRangeCondition(
        joinType,
        "10 minutes",
        "interval 3 minutes 30 seconds",
        "interval 3 minutes 30 seconds",
      );
      return {
        df: joined,
        actions: [
          AddData(leftInput, [1, 210], [3, 5]),
          CheckAnswer(),
          AddData(rightInput, [1, 300], [2, 5]),
          CheckNewAnswer([1, 1, 210, 300]),
          AddData(rightInput, [1, 450]),
          CheckNewAnswer(),
          rows(5, 5),
          AddData(leftInput, [1, 260], [1, 1800]),
          CheckNewAnswer([1, 1, 260, 300], [1, 1, 260, 450]),
          rows(7, 2),
          AddData(rightInput, [0, 1800]),
          CheckNewAnswer([...outerResult]),
          rows(2, 1),
        ],
      };
    },
    { noRestartMatrix: RESTART_FORGETS_INPUT_WATERMARKS },
  );
}

// StreamingOuterJoinSuite "SPARK-26187 self left outer join should not return outer nulls for
// already matched rows"
joinScenario(
  "SPARK-26187 self left outer join should not return outer nulls for already matched rows",
  (rows) => {
    const { input, joined } = setupSelfJoin("left_outer");
    return {
      df: joined,
      actions: [
        AddData(input, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
        CheckNewAnswer([2, 2, 2, 2], [4, 4, 4, 4]),
        rows(7, 7),
        AddData(input, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
        CheckNewAnswer([6, 6, 6, 6], [8, 8, 8, 8], [10, 10, 10, 10]),
        rows(13, 8),
        AddData(input, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
        CheckNewAnswer([12, 12, 12, 12], [14, 14, 14, 14], [1, 1, null, null], [3, 3, null, null]),
        rows(15, 7),
      ],
    };
  },
);

// StreamingOuterJoinSuite "SPARK-26187 self right outer join should not return outer nulls for
// already matched rows"
joinScenario(
  "SPARK-26187 self right outer join should not return outer nulls for already matched rows",
  (rows) => {
    const input = new MemoryStream(spark, "_1 INT, _2 LONG");
    const df = input
      .toDF()
      .select(col("_1").alias("value"), F.timestamp_seconds(col("_2")).alias("timestamp"));
    const leftStream = df
      .where(col("value").mod(2).equalTo(0))
      .select(col("value").alias("leftId"), col("timestamp").alias("leftTime"));
    const rightStream = df.select(col("value").alias("rightId"), col("timestamp").alias("rightTime"));
    const joined = leftStream
      .withWatermark("leftTime", "5 seconds")
      .join(
        rightStream.withWatermark("rightTime", "5 seconds"),
        F.expr("leftId = rightId AND leftTime >= rightTime AND leftTime <= rightTime + interval 5 seconds"),
        "rightOuter",
      )
      .select(col("leftId"), col("leftTime").cast("int"), col("rightId"), col("rightTime").cast("int"));
    return {
      df: joined,
      actions: [
        AddData(input, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
        CheckNewAnswer([2, 2, 2, 2], [4, 4, 4, 4]),
        rows(7, 7),
        AddData(input, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
        CheckNewAnswer([6, 6, 6, 6], [8, 8, 8, 8], [10, 10, 10, 10]),
        rows(13, 8),
        AddData(input, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
        CheckNewAnswer([12, 12, 12, 12], [14, 14, 14, 14], [null, null, 1, 1], [null, null, 3, 3]),
        rows(15, 7),
      ],
    };
  },
);

// StreamingFullOuterJoinSuite "full outer join with watermark range condition"
joinScenario(
  "full outer join with watermark range condition",
  (rows) => {
    const { leftInput, rightInput, joined } = setupJoinWithRangeCondition("full_outer");
    return {
      df: joined,
      actions: [
        AddData(leftInput, [1, 5], [3, 5]),
        CheckNewAnswer(),
        rows(2, 2),
        AddData(rightInput, [1, 10], [2, 5]),
        CheckNewAnswer([1, 1, 5, 10]),
        rows(4, 2),
        AddData(rightInput, [1, 9]),
        CheckNewAnswer([1, 1, 5, 9]),
        rows(5, 1),
        // Increase event time watermark to 20s by adding data with time = 30s on both inputs.
        AddData(leftInput, [1, 7], [1, 30]),
        CheckNewAnswer([1, 1, 7, 9], [1, 1, 7, 10]),
        rows(7, 2),
        // Watermark = 30 - 10 = 20: outer rows for every row that never matched.
        AddData(rightInput, [0, 30]),
        CheckNewAnswer([3, null, 5, null], [null, 2, null, 5]),
        rows(2, 1),
      ],
    };
  },
  { noRestartMatrix: RESTART_FORGETS_INPUT_WATERMARKS },
);

// StreamingFullOuterJoinSuite "self full outer join"
joinScenario("self full outer join", (rows) => {
  const { input, joined } = setupSelfJoin("full_outer");
  return {
    df: joined,
    actions: [
      AddData(input, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
      CheckNewAnswer([2, 2, 2, 2], [4, 4, 4, 4]),
      rows(7, 7),
      AddData(input, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
      CheckNewAnswer([6, 6, 6, 6], [8, 8, 8, 8], [10, 10, 10, 10]),
      rows(13, 8),
      AddData(input, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
      CheckNewAnswer([12, 12, 12, 12], [14, 14, 14, 14], [1, 1, null, null], [3, 3, null, null]),
      rows(15, 7),
    ],
  };
});

// StreamingLeftSemiJoinSuite "left semi join with watermark range condition"
joinScenario("left semi join with watermark range condition", (rows) => {
  const { leftInput, rightInput, joined } = setupJoinWithRangeCondition("left_semi");
  return {
    df: joined,
    actions: [
      AddData(leftInput, [1, 5], [3, 5]),
      CheckNewAnswer(),
      rows(2, 2),
      AddData(rightInput, [1, 10], [2, 5]),
      CheckNewAnswer([1, 5]), // match left row in the state
      rows(4, 2),
      AddData(rightInput, [1, 9]),
      CheckNewAnswer(), // no match as left row is already matched
      rows(5, 1),
      // Increase event time watermark to 20s by adding data with time = 30s on both inputs.
      AddData(leftInput, [1, 7], [1, 30]),
      CheckNewAnswer([1, 7]),
      rows(6, 1),
      // Watermark = 30 - 10 = 20, no matched row.
      AddData(rightInput, [0, 30]),
      CheckNewAnswer(),
      rows(2, 1),
    ],
  };
});

// StreamingLeftSemiJoinSuite "self left semi join". InferFiltersFromConstraints gives the left side
// `leftId % 2 = 0` from the join key and the right side's filter, so the left state holds only the
// even rows (4, 8, 9 state rows, as in Spark).
joinScenario("self left semi join", (rows) => {
  const { input, joined } = setupSelfJoin("left_semi");
  return {
    df: joined,
    actions: [
      AddData(input, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
      CheckNewAnswer([2, 2], [4, 4]),
      rows(4, 4),
      AddData(input, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
      CheckNewAnswer([6, 6], [8, 8], [10, 10]),
      rows(8, 6),
      AddData(input, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
      CheckNewAnswer([12, 12], [14, 14]),
      rows(9, 4),
    ],
  };
});

/**
 * Spark's `setupWindowedJoinWithLeftCondition` / `…WithRightCondition` with the event time itself as
 * the join key instead of `window(time, "10 second")` (the window form is in
 * streaming-join-window-suite.test.ts). Left rows: key v, time v s, leftValue 2v; right rows: key v, time v s, rightValue 3v as
 * a string; watermarks of 10 s; the extra condition is on one side only.
 */
function setupKeyedJoinWithCondition(
  joinType: string,
  conditionSide: "left" | "right",
): { leftInput: MemoryStream; rightInput: MemoryStream; joined: DataFrame } {
  const leftInput = new MemoryStream(spark, "value INT");
  const rightInput = new MemoryStream(spark, "value INT");
  const left = leftInput
    .toDF()
    .select(
      col("value").alias("key"),
      F.timestamp_seconds(col("value")).alias("leftTime"),
      col("value").multiply(2).alias("leftValue"),
    )
    .withWatermark("leftTime", "10 seconds");
  const right = rightInput
    .toDF()
    .select(
      col("value").alias("key"),
      F.timestamp_seconds(col("value")).alias("rightTime"),
      col("value").multiply(3).cast("string").alias("rightValue"),
    )
    .withWatermark("rightTime", "10 seconds");
  const own = conditionSide === "left" ? col("leftValue").gt(4) : col("rightValue").cast("int").gt(7);
  const joined = left.join(
    right,
    left
      .col("key")
      .equalTo(right.col("key"))
      .and(col("leftTime").equalTo(col("rightTime")))
      .and(own),
    joinType,
  );
  const select =
    joinType === "left_semi"
      ? joined.select(left.col("key"), col("leftTime").cast("long"), col("leftValue"))
      : joinType === "left_outer"
        ? joined.select(left.col("key"), col("leftTime").cast("long"), col("leftValue"), col("rightValue"))
        : joinType === "right_outer"
          ? joined.select(
              right.col("key"),
              col("rightTime").cast("long"),
              col("leftValue"),
              col("rightValue"),
            )
          : joined.select(
              left.col("key"),
              col("leftTime").cast("long"),
              col("leftValue"),
              right.col("key"),
              col("rightTime").cast("long"),
              col("rightValue"),
            );
  return { leftInput, rightInput, joined: select };
}

/** One early-state-exclusion case: the first batch's inputs and answers, then the eviction's. */
interface EarlyExclusionCase {
  readonly name: string;
  readonly joinType: string;
  readonly side: "left" | "right";
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly first: readonly unknown[][];
  readonly evicted: readonly unknown[][];
  readonly last: readonly unknown[];
}

// Spark's "<join> early state exclusion on <side>" tests (StreamingOuterJoinSuite,
// StreamingFullOuterJoinSuite, StreamingLeftSemiJoinSuite) on a TIMESTAMP key: a row
// failing its own side's condition never matches — an outer join's preserved side emits it with
// NULLs at once, and it is not buffered; state counts are Spark's.
const EARLY_EXCLUSION: readonly EarlyExclusionCase[] = [
  {
    name: "left outer early state exclusion on left",
    joinType: "left_outer",
    side: "left",
    left: [1, 2, 3],
    right: [3, 4, 5],
    first: [
      [3, 3, 6, "9"],
      [1, 1, 2, null],
      [2, 2, 4, null],
    ],
    evicted: [],
    last: [20, 20, 40, "60"],
  },
  {
    name: "right outer early state exclusion on right",
    joinType: "right_outer",
    side: "right",
    left: [3, 4, 5],
    right: [1, 2, 3],
    first: [
      [3, 3, 6, "9"],
      [1, 1, null, "3"],
      [2, 2, null, "6"],
    ],
    evicted: [],
    last: [20, 20, 40, "60"],
  },
  {
    name: "full outer early state exclusion on left",
    joinType: "full_outer",
    side: "left",
    left: [1, 2, 3],
    right: [3, 4, 5],
    first: [
      [1, 1, 2, null, null, null],
      [2, 2, 4, null, null, null],
      [3, 3, 6, 3, 3, "9"],
    ],
    evicted: [
      [null, null, null, 4, 4, "12"],
      [null, null, null, 5, 5, "15"],
    ],
    last: [20, 20, 40, 20, 20, "60"],
  },
  {
    name: "full outer early state exclusion on right",
    joinType: "full_outer",
    side: "right",
    left: [3, 4, 5],
    right: [1, 2, 3],
    first: [
      [null, null, null, 1, 1, "3"],
      [null, null, null, 2, 2, "6"],
      [3, 3, 6, 3, 3, "9"],
    ],
    evicted: [
      [4, 4, 8, null, null, null],
      [5, 5, 10, null, null, null],
    ],
    last: [20, 20, 40, 20, 20, "60"],
  },
  {
    name: "left semi early state exclusion on left",
    joinType: "left_semi",
    side: "left",
    left: [1, 2, 3],
    right: [3, 4, 5],
    first: [[3, 3, 6]],
    evicted: [],
    last: [20, 20, 40],
  },
  {
    name: "left semi early state exclusion on right",
    joinType: "left_semi",
    side: "right",
    left: [3, 4, 5],
    right: [1, 2, 3],
    first: [[3, 3, 6]],
    evicted: [],
    last: [20, 20, 40],
  },
];

for (const c of EARLY_EXCLUSION) {
  joinScenario(`${c.name} (event-time key)`, (rows) => {
    const { leftInput, rightInput, joined } = setupKeyedJoinWithCondition(c.joinType, c.side);
    return {
      df: joined,
      actions: [
        AddData(leftInput, ...c.left),
        AddData(rightInput, ...c.right),
        CheckNewAnswer(...c.first),
        rows(4, 4),
        // Watermark 10 s: every row ≤ 10 s is evicted; only never-matched preserved rows give NULLs.
        AddData(leftInput, 20),
        AddData(rightInput, 21),
        CheckNewAnswer(...c.evicted),
        rows(2, 2),
        AddData(rightInput, 20),
        CheckNewAnswer([...c.last]),
        rows(3, 1),
      ],
    };
  });
}

// StreamingOuterJoinSuite "SPARK-32148 stream-stream join regression on Spark 3.0.0": a left outer
// join on a string key and a BETWEEN range; the row without a partner comes out with NULLs once
// both inputs moved the watermark past its range.
scenario("SPARK-32148 stream-stream join regression on Spark 3.0.0", () => {
  const input1 = new MemoryStream(spark, "_1 TIMESTAMP, _2 STRING, _3 STRING");
  const df1 = input1
    .toDF()
    .selectExpr("_1 as eventTime", "_2 as id", "_3 as comment")
    .withWatermark("eventTime", "2 minutes");
  const input2 = new MemoryStream(spark, "_1 TIMESTAMP, _2 STRING, _3 STRING");
  const df2 = input2
    .toDF()
    .selectExpr("_1 as eventTime", "_2 as id", "_3 as name")
    .withWatermark("eventTime", "4 minutes");
  const joined = df1.alias("left").join(
    df2.alias("right"),
    F.expr(`
        left.id = right.id AND left.eventTime BETWEEN
          right.eventTime - INTERVAL 30 seconds AND
          right.eventTime + INTERVAL 30 seconds`),
    "leftOuter",
  );
  const ts = (s: string) => new Date(`${s.replace(" ", "T")}Z`);
  return {
    df: joined,
    actions: [
      AddData(
        input1,
        [ts("2020-01-01 00:00:00"), "abc", "has no join partner"],
        [ts("2020-01-02 00:00:00"), "abc", "joined with A"],
        [ts("2020-01-02 01:00:00"), "abc", "joined with B"],
      ),
      AddData(
        input2,
        [ts("2020-01-02 00:00:10"), "abc", "A"],
        [ts("2020-01-02 00:59:59"), "abc", "B"],
        [ts("2020-01-02 02:00:00"), "abc", "C"],
      ),
      CheckNewAnswer(
        [ts("2020-01-01 00:00:00"), "abc", "has no join partner", null, null, null],
        [ts("2020-01-02 00:00:00"), "abc", "joined with A", ts("2020-01-02 00:00:10"), "abc", "A"],
        [ts("2020-01-02 01:00:00"), "abc", "joined with B", ts("2020-01-02 00:59:59"), "abc", "B"],
      ),
    ],
  };
});

// tspark: without no-data batches (spark.sql.streaming.noDataMicroBatches.enabled=false) the
// outer NULL row waits for the next batch with data, which evicts with the watermark the previous
// batch moved (Spark's shouldRunAnotherBatch is what runs the no-data batch otherwise).
scenario("left outer join: NULL rows wait for data when no-data batches are off", () => {
  const { leftInput, rightInput, joined } = setupJoinWithRangeCondition("left_outer");
  return {
    df: joined,
    noRestartMatrix: RESTART_FORGETS_INPUT_WATERMARKS,
    noCrashMatrix: RESTART_FORGETS_INPUT_WATERMARKS,
    actions: [
      StartStream({ additionalConfs: { "spark.sql.streaming.noDataMicroBatches.enabled": "false" } }),
      AddData(leftInput, [1, 5], [3, 5]),
      AddData(rightInput, [1, 10], [2, 5]),
      CheckAnswer([1, 1, 5, 10]),
      AddData(leftInput, [1, 7], [1, 30]),
      CheckNewAnswer([1, 1, 7, 10]),
      AddData(rightInput, [0, 30]), // the watermark becomes 20 after this batch: no batch follows
      CheckNewAnswer(),
      AddData(leftInput, [5, 31]), // this batch evicts with watermark 20
      CheckNewAnswer([3, null, 5, null]),
    ],
  };
});
