// withWatermark's API contract (Spark's Dataset.withWatermark and EventTimeWatermarkSuite's error
// cases): the delay's parsing and sign check, the event-time column's resolution and type, the
// `spark.watermarkDelayMs` mark on the column, and the no-op over a batch plan.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryStream } from "../../../src/testing/index.js";
import { testSession } from "../scenario.js";

const spark = testSession();

function errorClassOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as { errorClass?: string }).errorClass ?? String(e);
  }
  return "no error";
}

test("withWatermark marks the event-time column with the delay in ms (months as 31 days)", () => {
  const input = new MemoryStream(spark, "ts TIMESTAMP, value INT");
  const cases: [string, number][] = [
    ["10 seconds", 10_000],
    ["interval 10 second", 10_000],
    ["interval '10' second", 10_000],
    ["1 day 2 hours 3 minutes 4 seconds", 93_784_000],
    ["interval '1 2:3:4' day to second", 93_784_000],
    ["interval '1-2' year to month", 14 * 31 * 86_400_000],
    ["0 seconds", 0],
  ];
  for (const [delay, ms] of cases) {
    const df = input.toDF().withWatermark("ts", delay);
    assert.deepEqual(
      df.schema.fields.map((f) => [f.name, f.metadata]),
      [
        ["ts", { "spark.watermarkDelayMs": ms }],
        ["value", {}],
      ],
      delay,
    );
  }
});

test("a later withWatermark moves the mark to its column", () => {
  const input = new MemoryStream(spark, "a TIMESTAMP, b TIMESTAMP");
  const df = input.toDF().withWatermark("a", "1 second").withWatermark("b", "2 seconds");
  assert.deepEqual(
    df.schema.fields.map((f) => [f.name, f.metadata]),
    [
      ["a", {}],
      ["b", { "spark.watermarkDelayMs": 2000 }],
    ],
  );
});

test("bad delays and event-time columns fail with Spark's errors", () => {
  const input = new MemoryStream(spark, "ts TIMESTAMP, value INT");
  const df = input.toDF();
  assert.equal(
    errorClassOf(() => df.withWatermark("ts", "-10 seconds")),
    "ILLEGAL_ARGUMENT",
  );
  assert.equal(
    errorClassOf(() => df.withWatermark("ts", "1 year -13 months")),
    "ILLEGAL_ARGUMENT",
  );
  assert.equal(
    errorClassOf(() => df.withWatermark("ts", "1 foo")),
    "CANNOT_PARSE_INTERVAL",
  );
  assert.equal(
    errorClassOf(() => df.withWatermark("ts", "interva 2 day")),
    "CANNOT_PARSE_INTERVAL",
  );
  assert.equal(
    errorClassOf(() => df.withWatermark("value", "1 second")),
    "EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE",
  );
  assert.match(
    String(catchOf(() => df.withWatermark("value", "1 second"))),
    /`value` has the invalid type "INT"/,
  );
  assert.equal(
    errorClassOf(() => df.withWatermark("nope", "1 second")),
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
  );
});

test("over a batch plan withWatermark is a no-op (the delay is still parsed)", async () => {
  const df = spark.sql("SELECT 1 AS value");
  const same = df.withWatermark("no_such_column", "1 second");
  assert.deepEqual(same.schema.fields[0]?.metadata, {});
  assert.equal((await same.collect()).length, 1);
  assert.equal(
    errorClassOf(() => df.withWatermark("value", "bad")),
    "CANNOT_PARSE_INTERVAL",
  );
});

function catchOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
