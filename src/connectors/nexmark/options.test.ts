import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import {
  NEXMARK_DEFAULT_BASE_TIME_MS,
  parseBaseTime,
  parseByteSize,
  parseNexmarkOptions,
} from "./options.js";

function errorClass(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof TsparkError) return `${e.errorClass}: ${e.messageParameters.message ?? ""}`;
    throw e;
  }
  assert.fail("expected an error");
}

test("defaults are nexmark-flink's (1:3:46, 10 000 events/s, hot ratios 2/4/4, sizes 200/500/100) and Beam's base time", () => {
  const o = parseNexmarkOptions({}, 3);
  assert.deepEqual(o, {
    maxEvents: undefined,
    firstEventRate: 10000,
    rateLimited: false,
    personProportion: 1,
    auctionProportion: 3,
    bidProportion: 46,
    hotAuctionRatio: 2,
    hotBiddersRatio: 4,
    hotSellersRatio: 4,
    avgPersonByteSize: 200,
    avgAuctionByteSize: 500,
    avgBidByteSize: 100,
    seed: 0n,
    baseTimeMs: NEXMARK_DEFAULT_BASE_TIME_MS,
    numPartitions: 3,
    maxEventsPerTrigger: undefined,
  });
  assert.equal(new Date(NEXMARK_DEFAULT_BASE_TIME_MS).toISOString(), "2015-07-15T00:00:00.000Z");
});

test("Flink option names are read case-insensitively", () => {
  const o = parseNexmarkOptions(
    {
      "EVENTS.NUM": "1000",
      "first-event.rate": "100000",
      "next-event.rate": "100000",
      "rate.limited": "TRUE",
      "person.proportion": "2",
      "auction.proportion": "6",
      "bid.proportion": "0",
      "bid.hot-ratio.auctions": "3",
      "bid.hot-ratio.bidders": "5",
      "auction.hot-ratio.sellers": "6",
      "person.avg-size": "1kb",
      "auction.avg-size": "300b",
      "bid.avg-size": "64",
      seed: "-7",
      "base-time": "2020-01-01T00:00:00Z",
      numpartitions: "4",
      maxEventsPerTrigger: "500",
    },
    1,
  );
  assert.equal(o.maxEvents, 1000);
  assert.equal(o.firstEventRate, 100000);
  assert.equal(o.rateLimited, true);
  assert.deepEqual([o.personProportion, o.auctionProportion, o.bidProportion], [2, 6, 0]);
  assert.deepEqual([o.hotAuctionRatio, o.hotBiddersRatio, o.hotSellersRatio], [3, 5, 6]);
  assert.deepEqual([o.avgPersonByteSize, o.avgAuctionByteSize, o.avgBidByteSize], [1024, 300, 64]);
  assert.equal(o.seed, -7n);
  assert.equal(o.baseTimeMs, Date.UTC(2020, 0, 1));
  assert.equal(o.numPartitions, 4);
  assert.equal(o.maxEventsPerTrigger, 500);
});

test("invalid values are ILLEGAL_ARGUMENT naming the option", () => {
  const cases: [Record<string, string>, string][] = [
    [{ "events.num": "-1" }, "'events.num' must not be negative"],
    [{ "first-event.rate": "0" }, "'first-event.rate' must be positive"],
    [{ "next-event.rate": "5" }, "'next-event.rate' must equal 'first-event.rate'"],
    [{ "rate.limited": "yes" }, "'rate.limited' must be true or false"],
    [{ "person.proportion": "0" }, "'person.proportion' must be positive"],
    [{ "auction.proportion": "-3" }, "'auction.proportion' must be positive"],
    [{ "bid.proportion": "-1" }, "'bid.proportion' must not be negative"],
    [{ "bid.hot-ratio.auctions": "0" }, "'bid.hot-ratio.auctions' must be positive"],
    [{ numPartitions: "0" }, "'numPartitions' must be positive"],
    [{ maxEventsPerTrigger: "0" }, "'maxEventsPerTrigger' must be positive"],
    [{ "bid.avg-size": "lots" }, "'bid.avg-size' must be a size in bytes"],
    [{ "base-time": "yesterday" }, "'base-time' must be epoch milliseconds or an ISO-8601 instant"],
  ];
  for (const [options, words] of cases) {
    const got = errorClass(() => parseNexmarkOptions(options, 1));
    assert.match(got, /^ILLEGAL_ARGUMENT: /, JSON.stringify(options));
    assert.ok(got.includes(words), `${got} lacks ${words}`);
  }
  // Java's Long.parseLong text for a non-number.
  assert.equal(
    errorClass(() => parseNexmarkOptions({ seed: "1.5" }, 1)),
    'ILLEGAL_ARGUMENT: For input string: "1.5"',
  );
});

test("byte sizes and base times", () => {
  assert.equal(parseByteSize("x", "200"), 200);
  assert.equal(parseByteSize("x", " 200 B "), 200);
  assert.equal(parseByteSize("x", "2k"), 2048);
  assert.equal(parseBaseTime("0"), 0);
  assert.equal(parseBaseTime("1436918400000"), 1436918400000);
  assert.equal(parseBaseTime("2015-07-15T02:00:00+02:00"), 1436918400000);
  assert.equal(parseBaseTime("2015-07-15T00:00:00.250Z"), 1436918400250);
  // No zone: ambiguous, refused.
  assert.throws(() => parseBaseTime("2015-07-15T00:00:00"), TsparkError);
});
