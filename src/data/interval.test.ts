// Expected strings are Spark's ANSI interval forms as its goldens (ansi/interval.sql.out,
// timestamp.sql.out) show them in column names.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  castStringToDayTime,
  castStringToYearMonth,
  formatDayTimeInterval,
  formatYearMonthInterval,
  parseDayTimeIntervalBody,
  parseYearMonthIntervalBody,
  truncateDayTime,
} from "./interval.js";

const S = 1_000_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test("day-time intervals format with the leading field unpadded (days) or two digits", () => {
  assert.equal(
    formatDayTimeInterval(D + 2 * H + 3 * M + 4 * S + 1000, 0, 3),
    "INTERVAL '1 02:03:04.001' DAY TO SECOND",
  );
  assert.equal(formatDayTimeInterval(-(23 * H + 59 * S), 0, 3), "INTERVAL '-0 23:00:59' DAY TO SECOND");
  assert.equal(formatDayTimeInterval(14 * D + 3, 0, 3), "INTERVAL '14 00:00:00.000003' DAY TO SECOND");
  assert.equal(formatDayTimeInterval(2 * S, 3, 3), "INTERVAL '02' SECOND");
  assert.equal(formatDayTimeInterval(-2 * S, 3, 3), "INTERVAL '-02' SECOND");
  assert.equal(formatDayTimeInterval(2000, 3, 3), "INTERVAL '00.002' SECOND");
  assert.equal(formatDayTimeInterval(3 * H, 1, 1), "INTERVAL '03' HOUR");
  assert.equal(
    formatDayTimeInterval(12 * H + 12 * M + 12 * S + 123456, 1, 3),
    "INTERVAL '12:12:12.123456' HOUR TO SECOND",
  );
  assert.equal(formatDayTimeInterval(D + 12 * H, 0, 1), "INTERVAL '1 12' DAY TO HOUR");
  assert.equal(formatDayTimeInterval(20 * D + 15 * H + 40 * M, 0, 2), "INTERVAL '20 15:40' DAY TO MINUTE");
  assert.equal(formatDayTimeInterval(40 * M + 32 * S, 2, 3), "INTERVAL '40:32' MINUTE TO SECOND");
  assert.equal(formatDayTimeInterval(7 * D, 0, 0), "INTERVAL '7' DAY");
  assert.equal(
    formatDayTimeInterval(-9223372036854775808n, 0, 3),
    "INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND",
  );
});

test("year-month intervals format as years-months", () => {
  assert.equal(formatYearMonthInterval(28, 0, 1), "INTERVAL '2-4' YEAR TO MONTH");
  assert.equal(formatYearMonthInterval(-11, 0, 1), "INTERVAL '-0-11' YEAR TO MONTH");
  assert.equal(formatYearMonthInterval(-13, 0, 1), "INTERVAL '-1-1' YEAR TO MONTH");
  assert.equal(formatYearMonthInterval(24, 0, 0), "INTERVAL '2' YEAR");
  assert.equal(formatYearMonthInterval(-11, 1, 1), "INTERVAL '-11' MONTH");
});

test("day-time bodies parse per field range; later fields are range-checked, nanos truncated", () => {
  assert.equal(parseDayTimeIntervalBody("1 2:3:4.001", 0, 3), D + 2 * H + 3 * M + 4 * S + 1000);
  assert.equal(parseDayTimeIntervalBody("-1 2:3:4.001", 0, 3), -(D + 2 * H + 3 * M + 4 * S + 1000));
  assert.equal(
    parseDayTimeIntervalBody("20 15:40:32.99899999", 0, 3),
    20 * D + 15 * H + 40 * M + 32 * S + 998999,
  );
  assert.equal(parseDayTimeIntervalBody("13.123456789", 3, 3), 13 * S + 123456);
  assert.equal(parseDayTimeIntervalBody("25", 1, 1), 25 * H);
  assert.equal(parseDayTimeIntervalBody("20 15:40:32.99899999", 0, 1), null);
  assert.equal(parseDayTimeIntervalBody("15:40", 1, 3), null);
  assert.equal(parseDayTimeIntervalBody("1 24:00:00", 0, 3), null);
});

test("year-month bodies", () => {
  assert.equal(parseYearMonthIntervalBody("10-9", 0, 1), 129);
  assert.equal(parseYearMonthIntervalBody("-1-1", 0, 1), -13);
  assert.equal(parseYearMonthIntervalBody("2", 0, 0), 24);
  assert.equal(parseYearMonthIntervalBody("11", 1, 1), 11);
  assert.equal(parseYearMonthIntervalBody("1-12", 0, 1), null);
  assert.equal(parseYearMonthIntervalBody("1", 0, 1), null);
});

test("casts from strings accept the bare body or the full literal with matching fields", () => {
  assert.equal(castStringToDayTime("INTERVAL '1 02:03:04' DAY TO SECOND", 0, 3), D + 2 * H + 3 * M + 4 * S);
  assert.equal(castStringToDayTime("interval -'1' day", 0, 0), -D);
  assert.equal(castStringToDayTime("INTERVAL '1' HOUR", 0, 0), null);
  assert.equal(castStringToYearMonth("INTERVAL '2-3' YEAR TO MONTH", 0, 1), 27);
  assert.equal(castStringToYearMonth("-2-3", 0, 1), -27);
});

test("casting to a narrower end field drops the lower fields toward zero", () => {
  assert.equal(truncateDayTime(D + 2 * H + 3 * M, 1), D + 2 * H);
  assert.equal(truncateDayTime(-(D + 2 * H + 3 * M), 0), -D);
});
