import assert from "node:assert/strict";
import { test } from "node:test";
import { formatProgressTimestamp } from "./progress-timestamp.js";

test("progress timestamps are UTC with milliseconds and Z", () => {
  assert.equal(formatProgressTimestamp(1480971260827), "2016-12-05T20:54:20.827Z");
  assert.equal(formatProgressTimestamp(0), "1970-01-01T00:00:00.000Z");
  assert.equal(formatProgressTimestamp(1716854400233), "2024-05-28T00:00:00.233Z");
  assert.equal(formatProgressTimestamp(-1), "1969-12-31T23:59:59.999Z");
});

test("years outside 1..9999 print as java.time's yyyy (year of era)", () => {
  assert.equal(formatProgressTimestamp(253402300800000), "+10000-01-01T00:00:00.000Z");
  // 0001-01-01 minus one day is 1 BCE (proleptic year 0), year of era 1.
  assert.equal(formatProgressTimestamp(-62135596800000 - 86400000), "0001-12-31T00:00:00.000Z");
});
