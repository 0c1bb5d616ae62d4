// Zone-dependent interval arithmetic, following the contracts documented on Spark's DateTimeUtils:
// timestampAddDayTime ("adds days and then the time part" to the local timestamp),
// timestampAddMonths (ZonedDateTime.plusMonths) and subtractTimestamps ("the difference in
// microseconds between local timestamps at the given time zone"). America/Los_Angeles switched
// to daylight saving time at 2021-03-14 02:00 (PST −08:00 → PDT −07:00).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DAY_TIME_INTERVAL,
  DayTimeIntervalType,
  TIMESTAMP,
  YEAR_MONTH_INTERVAL,
} from "../../types/data-type.js";
import { ADD, SUBTRACT } from "../math/arithmetic.js";
import { argOf, evalScalar, testContext } from "../testing.js";

const LA = testContext({ timeZone: "America/Los_Angeles" });
const H = 3_600_000_000;
const D = 24 * H;
// 2021-03-13 12:00 PST = 20:00 UTC
const SAT_NOON = Date.UTC(2021, 2, 13, 20) * 1000;

test("a whole day keeps the wall-clock time across the DST switch; hours are elapsed time", () => {
  const ts = argOf(TIMESTAMP, "ts");
  const day = argOf(new DayTimeIntervalType(0, 0), "i");
  // 2021-03-14 12:00 PDT = 19:00 UTC (23 elapsed hours later)
  assert.equal(evalScalar(ADD, [ts, day], [SAT_NOON, D], LA), Date.UTC(2021, 2, 14, 19) * 1000);
  // 1 day and 1 hour: the day on the local date, then one elapsed hour
  assert.equal(
    evalScalar(ADD, [ts, argOf(DAY_TIME_INTERVAL)], [SAT_NOON, D + H], LA),
    Date.UTC(2021, 2, 14, 20) * 1000,
  );
  // 23 hours are elapsed time only: 2021-03-14 12:00 PDT as well
  assert.equal(
    evalScalar(ADD, [ts, argOf(DAY_TIME_INTERVAL)], [SAT_NOON, 23 * H], LA),
    Date.UTC(2021, 2, 14, 19) * 1000,
  );
});

test("timestamp differences are taken between local date-times", () => {
  const a = argOf(TIMESTAMP, "a");
  const b = argOf(TIMESTAMP, "b");
  assert.equal(evalScalar(SUBTRACT, [a, b], [Date.UTC(2021, 2, 14, 19) * 1000, SAT_NOON], LA), D);
  assert.equal(evalScalar(SUBTRACT, [a, b], [Date.UTC(2021, 2, 14, 19) * 1000, SAT_NOON]), 23 * H);
});

test("months are added to the local date, clamped to the month's end", () => {
  const ts = argOf(TIMESTAMP, "ts");
  // 2021-01-31 12:00 PST + 1 month = 2021-02-28 12:00 PST = 20:00 UTC
  const jan31 = Date.UTC(2021, 0, 31, 20) * 1000;
  assert.equal(
    evalScalar(ADD, [ts, argOf(YEAR_MONTH_INTERVAL)], [jan31, 1], LA),
    Date.UTC(2021, 1, 28, 20) * 1000,
  );
  // + 2 months crosses into PDT: 2021-03-31 12:00 PDT = 19:00 UTC
  assert.equal(
    evalScalar(ADD, [ts, argOf(YEAR_MONTH_INTERVAL)], [jan31, 2], LA),
    Date.UTC(2021, 2, 31, 19) * 1000,
  );
});
