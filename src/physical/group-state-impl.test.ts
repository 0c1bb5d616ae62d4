// Spark's GroupStateSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming/
// GroupStateSuite.scala) for GroupStateImpl. Spark's `TestGroupState.create(value, timeoutConf,
// batchProcessingTimeMs, eventTimeWatermarkMs, hasTimedOut)` is `streaming(...)` below (a watermark
// given means the query has one); `GroupStateImpl.createForBatch(timeoutConf, watermarkPresent)`
// is `batch(...)`. Spark's primitive states (Int, String) are one-field tuples here.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import type { GroupStateTimeoutConf } from "../plans/group-state.js";
import { StructType } from "../types/data-type.js";
import { GroupStateImpl, NO_TIMESTAMP } from "./group-state-impl.js";

const INT_STATE = StructType.fromDDL("value INT");
const STRING_STATE = StructType.fromDDL("value STRING");
const TIMEOUTS: readonly GroupStateTimeoutConf[] = ["NoTimeout", "ProcessingTimeTimeout", "EventTimeTimeout"];

function streaming(
  value: unknown[] | undefined,
  timeoutConf: GroupStateTimeoutConf,
  batchProcessingTimeMs: number,
  watermarkMs: number | undefined,
  hasTimedOut = false,
  stateSchema: StructType = INT_STATE,
): GroupStateImpl {
  return new GroupStateImpl({
    value,
    stateSchema,
    batchProcessingTimeMs,
    eventTimeWatermarkMs: watermarkMs ?? NO_TIMESTAMP,
    timeoutConf,
    hasTimedOut,
    watermarkPresent: watermarkMs !== undefined,
  });
}

function batch(timeoutConf: GroupStateTimeoutConf, watermarkPresent: boolean, now = 1_000): GroupStateImpl {
  return new GroupStateImpl({
    value: undefined,
    stateSchema: INT_STATE,
    batchProcessingTimeMs: now,
    eventTimeWatermarkMs: NO_TIMESTAMP,
    timeoutConf,
    hasTimedOut: false,
    watermarkPresent,
  });
}

const timeoutOf = (s: GroupStateImpl): number | undefined =>
  s.timeoutTimestampMs === NO_TIMESTAMP ? undefined : s.timeoutTimestampMs;

function rejects(errorClass: string, body: () => unknown, message?: string): void {
  assert.throws(body, (e: unknown) => {
    assert.ok(e instanceof TsparkError, String(e));
    assert.equal(e.errorClass, errorClass);
    if (message !== undefined) assert.equal(e.messageParameters.message, message);
    return true;
  });
}

/** Spark's testTimeoutDurationNotAllowed: both setters fail and leave the timeout as it was. */
function timeoutDurationNotAllowed(state: GroupStateImpl): void {
  const prev = timeoutOf(state);
  rejects("_LEGACY_ERROR_TEMP_2203", () => state.setTimeoutDuration(1000));
  assert.equal(timeoutOf(state), prev);
  rejects("_LEGACY_ERROR_TEMP_2203", () => state.setTimeoutDuration("2 second"));
  assert.equal(timeoutOf(state), prev);
}

/** Spark's testTimeoutTimestampNotAllowed. */
function timeoutTimestampNotAllowed(state: GroupStateImpl): void {
  const prev = timeoutOf(state);
  rejects("_LEGACY_ERROR_TEMP_2205", () => state.setTimeoutTimestamp(2000));
  assert.equal(timeoutOf(state), prev);
  rejects("_LEGACY_ERROR_TEMP_2205", () => state.setTimeoutTimestamp(2000, "1 second"));
  assert.equal(timeoutOf(state), prev);
  rejects("_LEGACY_ERROR_TEMP_2205", () => state.setTimeoutTimestamp(new Date(2000)));
  assert.equal(timeoutOf(state), prev);
  rejects("_LEGACY_ERROR_TEMP_2205", () => state.setTimeoutTimestamp(new Date(2000), "1 second"));
  assert.equal(timeoutOf(state), prev);
}

test("GroupState - get, exists, update, remove", () => {
  let state: GroupStateImpl;
  const check = (expected: unknown[] | undefined, shouldBeUpdated = false, shouldBeRemoved = false) => {
    if (expected !== undefined) {
      assert.equal(state.exists, true);
      assert.deepEqual(state.get, expected);
    } else {
      assert.equal(state.exists, false);
      rejects("NO_SUCH_ELEMENT", () => state.get, "State is either not defined or has already been removed");
    }
    assert.deepEqual(state.getOption, expected);
    assert.equal(state.isUpdated, shouldBeUpdated);
    assert.equal(state.isRemoved, shouldBeRemoved);
  };
  // Updating empty state
  state = streaming(undefined, "NoTimeout", 1, undefined, false, STRING_STATE);
  check(undefined);
  state.update([""]);
  check([""], true);
  // Updating existing state
  state = streaming(["2"], "NoTimeout", 1, undefined, false, STRING_STATE);
  check(["2"]);
  state.update(["3"]);
  check(["3"], true);
  // Removing state
  state.remove();
  check(undefined, false, true);
  state.remove(); // should be still callable
  state.update(["4"]);
  check(["4"], true, false);
  // Updating by null throws
  rejects(
    "ILLEGAL_ARGUMENT",
    () => state.update(null as unknown as unknown[]),
    "'null' is not a valid state value",
  );
  rejects("ILLEGAL_ARGUMENT", () => state.update(undefined as unknown as unknown[]));
});

test("GroupState - update takes a tuple or an object and checks it against the state schema", () => {
  const schema = StructType.fromDDL("count LONG, name STRING");
  const state = streaming(undefined, "NoTimeout", 1, undefined, false, schema);
  state.update({ count: 3, name: "x" });
  assert.deepEqual(state.get, [3, "x"]);
  state.update([4, null]);
  assert.deepEqual(state.get, [4, null]);
  assert.deepEqual(state.internalValue(), [4, null]);
  assert.throws(() => state.update(["not a number", "x"]), {
    errorClass: "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
  });
  assert.deepEqual(state.get, [4, null], "a rejected value leaves the state as it was");
});

test("GroupState - setTimeout - with NoTimeout", () => {
  for (const init of [undefined, [5]]) {
    for (const state of [streaming(init, "NoTimeout", 1000, undefined), batch("NoTimeout", false)]) {
      timeoutDurationNotAllowed(state);
      timeoutTimestampNotAllowed(state);
    }
  }
});

test("GroupState - setTimeout - with ProcessingTimeTimeout", () => {
  // for streaming queries
  let state = streaming(undefined, "ProcessingTimeTimeout", 1000, undefined);
  assert.equal(timeoutOf(state), undefined);
  state.setTimeoutDuration("-1 month 31 days 1 second");
  assert.equal(timeoutOf(state), 2000);
  state.setTimeoutDuration(500);
  assert.equal(timeoutOf(state), 1500); // can be set without initializing state
  timeoutTimestampNotAllowed(state);

  state.update([5]);
  assert.equal(timeoutOf(state), 1500); // does not change
  state.setTimeoutDuration(1000);
  assert.equal(timeoutOf(state), 2000);
  state.setTimeoutDuration("2 second");
  assert.equal(timeoutOf(state), 3000);
  timeoutTimestampNotAllowed(state);

  state.remove();
  assert.equal(timeoutOf(state), 3000); // does not change
  state.setTimeoutDuration(500); // can still be set
  assert.equal(timeoutOf(state), 1500);
  timeoutTimestampNotAllowed(state);

  // for batch queries
  state = batch("ProcessingTimeTimeout", false);
  assert.equal(timeoutOf(state), undefined);
  state.setTimeoutDuration(500);
  timeoutTimestampNotAllowed(state);
  state.update([5]);
  state.setTimeoutDuration(1000);
  state.setTimeoutDuration("2 second");
  timeoutTimestampNotAllowed(state);
  state.remove();
  state.setTimeoutDuration(500);
  timeoutTimestampNotAllowed(state);
});

test("GroupState - setTimeout - with EventTimeTimeout", () => {
  let state = streaming(undefined, "EventTimeTimeout", 1000, 1000);
  assert.equal(timeoutOf(state), undefined);
  timeoutDurationNotAllowed(state);
  state.setTimeoutTimestamp(5000);
  assert.equal(timeoutOf(state), 5000); // can be set without initializing state

  state.update([5]);
  assert.equal(timeoutOf(state), 5000); // does not change
  state.setTimeoutTimestamp(10000);
  assert.equal(timeoutOf(state), 10000);
  state.setTimeoutTimestamp(new Date(20000));
  assert.equal(timeoutOf(state), 20000);
  timeoutDurationNotAllowed(state);

  state.remove();
  assert.equal(timeoutOf(state), 20000);
  state.setTimeoutTimestamp(5000);
  assert.equal(timeoutOf(state), 5000); // can be set after removing state
  timeoutDurationNotAllowed(state);

  // for batch queries
  state = batch("EventTimeTimeout", false);
  assert.equal(timeoutOf(state), undefined);
  timeoutDurationNotAllowed(state);
  state.setTimeoutTimestamp(5000);
  state.update([5]);
  state.setTimeoutTimestamp(10000);
  state.setTimeoutTimestamp(new Date(20000));
  timeoutDurationNotAllowed(state);
  state.remove();
  state.setTimeoutTimestamp(5000);
  timeoutDurationNotAllowed(state);
});

test("GroupState - illegal params to setTimeout", () => {
  let state = streaming([5], "ProcessingTimeTimeout", 1000, undefined);
  const illegal = (body: () => void, message?: string) => {
    rejects("ILLEGAL_ARGUMENT", body, message);
    assert.equal(timeoutOf(state), undefined);
  };
  illegal(() => state.setTimeoutDuration(-1000), "Timeout duration must be positive");
  illegal(() => state.setTimeoutDuration(0), "Timeout duration must be positive");
  illegal(() => state.setTimeoutDuration("-2 second"), "Provided duration (-2 second) is negative");
  illegal(() => state.setTimeoutDuration("-1 month"), "Provided duration (-1 month) is negative");
  illegal(() => state.setTimeoutDuration("1 month -31 day"), "Timeout duration must be positive");

  state = streaming([5], "EventTimeTimeout", 1000, 1000);
  illegal(() => state.setTimeoutTimestamp(-10000), "Timeout timestamp must be positive");
  illegal(() => state.setTimeoutTimestamp(10000, "-3 second"), "Provided duration (-3 second) is negative");
  illegal(() => state.setTimeoutTimestamp(10000, "-1 month"));
  illegal(() => state.setTimeoutTimestamp(10000, "1 month -32 day"));
  illegal(() => state.setTimeoutTimestamp(new Date(-10000)));
  illegal(() => state.setTimeoutTimestamp(new Date(-10000), "-3 second"));
  illegal(() => state.setTimeoutTimestamp(new Date(-10000), "-1 month"));
  illegal(() => state.setTimeoutTimestamp(new Date(-10000), "1 month -32 day"));
  // FlatMapGroupsWithStateSuite "… timeout timestamp updated to before watermark"
  illegal(
    () => state.setTimeoutTimestamp(999),
    "Timeout timestamp (999) cannot be earlier than the current watermark (1000)",
  );
  state.setTimeoutTimestamp(1000); // at the watermark is allowed
  assert.equal(timeoutOf(state), 1000);
  // An unparsable interval is Spark's CANNOT_PARSE_INTERVAL.
  assert.throws(() => state.setTimeoutTimestamp(10000, "1 foo"), { errorClass: "CANNOT_PARSE_INTERVAL" });
});

test("SPARK-35800: illegal params to create", () => {
  rejects(
    "ILLEGAL_ARGUMENT",
    () => streaming([5], "EventTimeTimeout", 100, -1000),
    "eventTimeWatermarkMs must be 0 or positive if present",
  );
  rejects(
    "ILLEGAL_ARGUMENT",
    () => streaming([5], "EventTimeTimeout", -100, 1000),
    "batchProcessingTimeMs must be 0 or positive",
  );
  assert.throws(
    () => streaming([5], "NoTimeout", 100, undefined, true),
    (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_3168");
      assert.match(e.message, /hasTimedOut is true however there's no timeout configured/);
      return true;
    },
  );
});

test("GroupState - hasTimedOut", () => {
  for (const conf of TIMEOUTS) {
    for (const init of [undefined, [5]]) {
      assert.equal(streaming(init, conf, 1000, undefined, false).hasTimedOut, false);
      if (conf !== "NoTimeout") assert.equal(streaming(init, conf, 1000, undefined, true).hasTimedOut, true);
    }
    assert.equal(batch(conf, false).hasTimedOut, false);
  }
});

test("GroupState - getCurrentWatermarkMs", () => {
  for (const conf of TIMEOUTS) {
    rejects("_LEGACY_ERROR_TEMP_2204", () =>
      streaming(undefined, conf, 1000, undefined).getCurrentWatermarkMs(),
    );
    assert.equal(streaming(undefined, conf, 1000, 0).getCurrentWatermarkMs(), 0);
    assert.equal(streaming(undefined, conf, 1000, 1000).getCurrentWatermarkMs(), 1000);
    assert.equal(streaming(undefined, conf, 1000, 2000).getCurrentWatermarkMs(), 2000);
    assert.equal(batch("EventTimeTimeout", true).getCurrentWatermarkMs(), -1);
    rejects("_LEGACY_ERROR_TEMP_2204", () => batch(conf, false).getCurrentWatermarkMs());
    assert.equal(batch(conf, true).getCurrentWatermarkMs(), -1);
  }
  assert.match(
    new TsparkError("_LEGACY_ERROR_TEMP_2204").message,
    /Cannot get event time watermark timestamp without setting watermark before \[map\|flatMap\]GroupsWithState/,
  );
});

test("GroupState - getCurrentProcessingTimeMs", () => {
  for (const conf of TIMEOUTS) {
    for (const wm of [undefined, 1000]) {
      assert.equal(streaming([1000], conf, 0, wm).getCurrentProcessingTimeMs(), 0);
      assert.equal(streaming([1000], conf, 1000, wm).getCurrentProcessingTimeMs(), 1000);
      assert.equal(streaming([1000], conf, 2000, wm).getCurrentProcessingTimeMs(), 2000);
      assert.equal(batch(conf, wm !== undefined, 1234).getCurrentProcessingTimeMs(), 1234);
    }
  }
});

test("GroupState - primitive type", () => {
  let intState = streaming(undefined, "NoTimeout", 1000, undefined);
  rejects("NO_SUCH_ELEMENT", () => intState.get);
  assert.equal(intState.getOption, undefined);
  intState = streaming([10], "NoTimeout", 1000, undefined);
  assert.deepEqual(intState.get, [10]);
  intState.update([0]);
  assert.deepEqual(intState.get, [0]);
  intState.remove();
  rejects("NO_SUCH_ELEMENT", () => intState.get);
});
