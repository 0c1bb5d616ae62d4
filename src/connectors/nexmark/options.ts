/**
 * Options of the `nexmark` source. Generator options keep the names of nexmark-flink's
 * `NexmarkSourceOptions` (so a Flink DDL's WITH clause carries over); the source's own options are
 * Spark-style (`numPartitions`, `maxEventsPerTrigger`, `seed`). Bad values are ILLEGAL_ARGUMENT
 * with a message naming the option, as Spark's own streaming sources report them.
 *
 * Example: `{ "events.num": "1000000", "first-event.rate": "100000", maxEventsPerTrigger: "50000" }`
 * → one logical generator over event ids 0 … 999 999, 10 µs of event time apart, admitted
 * 50 000 events per micro-batch.
 */
import { TsparkError } from "../../common/errors.js";
import type { NexmarkGeneratorConfig } from "./nexmark-generator.js";
import {
  optionBoolean,
  optionInt,
  optionLong,
  type StreamOptionSpec,
  type StreamOptionsInput,
  streamOptions,
} from "../stream-option.js";

/** Beam's base time, 2015-07-15T00:00:00.000Z, in epoch milliseconds. */
export const NEXMARK_DEFAULT_BASE_TIME_MS = 1436918400000;

/** The `nexmark` source's options, as documented to users. */
export const NEXMARK_OPTIONS: readonly StreamOptionSpec[] = [
  {
    name: "events.num",
    type: "long",
    default: "0",
    doc: "Number of events to generate (event ids 0 … n−1); 0 means unbounded. Must not be negative.",
  },
  {
    name: "first-event.rate",
    type: "int",
    default: "10000",
    doc: "Events per second of event time: event n has dateTime base-time + floor(n · 10^6 / rate) div 1000 ms. Must be positive.",
  },
  {
    name: "next-event.rate",
    type: "int",
    default: undefined,
    doc: "Accepted for nexmark-flink DDLs; rate shapes are not supported, so it must equal first-event.rate.",
  },
  {
    name: "rate.limited",
    type: "boolean",
    default: "false",
    doc: "Pace events in wall time by their event time (first-event.rate events per second); false admits them as fast as the query reads.",
  },
  {
    name: "person.proportion",
    type: "int",
    default: "1",
    doc: "Persons per proportion cycle; must be positive.",
  },
  {
    name: "auction.proportion",
    type: "int",
    default: "3",
    doc: "Auctions per proportion cycle; must be positive.",
  },
  {
    name: "bid.proportion",
    type: "int",
    default: "46",
    doc: "Bids per proportion cycle; must not be negative.",
  },
  {
    name: "bid.hot-ratio.auctions",
    type: "int",
    default: "2",
    doc: "A bid goes to the hot auction with probability 1 − 1/ratio; must be positive.",
  },
  {
    name: "bid.hot-ratio.bidders",
    type: "int",
    default: "4",
    doc: "A bid comes from the hot bidder with probability 1 − 1/ratio; must be positive.",
  },
  {
    name: "auction.hot-ratio.sellers",
    type: "int",
    default: "4",
    doc: "An auction is by the hot seller with probability 1 − 1/ratio; must be positive.",
  },
  {
    name: "person.avg-size",
    type: "string",
    default: "200b",
    doc: "Average person size in bytes that the extra padding aims at (200, 200b, 1kb).",
  },
  {
    name: "auction.avg-size",
    type: "string",
    default: "500b",
    doc: "Average auction size in bytes that the extra padding aims at.",
  },
  {
    name: "bid.avg-size",
    type: "string",
    default: "100b",
    doc: "Average bid size in bytes that the extra padding aims at.",
  },
  {
    name: "seed",
    type: "long",
    default: "0",
    doc: "Seed of the generator: each event's random stream is seeded from its id and this seed (0 gives Beam's per-event seeds).",
  },
  {
    name: "base-time",
    type: "string",
    default: "2015-07-15T00:00:00Z",
    doc: "Event time of event 0: epoch milliseconds or an ISO-8601 instant with a zone (2015-07-15T00:00:00Z).",
  },
  {
    name: "numPartitions",
    type: "int",
    default: undefined,
    doc: "Partitions the events of a batch are split into, in contiguous runs (default: the session's default parallelism). The events do not depend on it.",
  },
  {
    name: "maxEventsPerTrigger",
    type: "long",
    default: undefined,
    doc: "At most this many events per micro-batch (an unbounded stream without a rate limit admits 100 000 per trigger by default).",
  },
];

/** Validated `nexmark` options: the generator's settings and the source's own. */
export interface NexmarkOptions extends NexmarkGeneratorConfig {
  /** Events to generate; undefined when unbounded. */
  readonly maxEvents: number | undefined;
  readonly rateLimited: boolean;
  readonly numPartitions: number;
  /** The read limit per micro-batch, if any. */
  readonly maxEventsPerTrigger: number | undefined;
}

function illegal(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}

/** Largest count of events the source handles: ids, offsets and timestamps stay safe integers. */
const MAX_EVENTS = 2 ** 48;

function positive(name: string, v: number | bigint): void {
  if (v <= 0) throw illegal(`Invalid value '${v}'. The option '${name}' must be positive`);
}

function nonNegative(name: string, v: number | bigint): void {
  if (v < 0) throw illegal(`Invalid value '${v}'. The option '${name}' must not be negative`);
}

/** Flink's MemorySize text restricted to what the padding needs: `<n>`, `<n>b`, `<n>kb`/`<n>k`. */
export function parseByteSize(name: string, text: string): number {
  const m = /^\s*([0-9]+)\s*(b|bytes|k|kb)?\s*$/i.exec(text);
  const n = m === null ? Number.NaN : Number(m[1]) * (m[2]?.toLowerCase().startsWith("k") ? 1024 : 1);
  if (!Number.isSafeInteger(n) || n > 2147483647)
    throw illegal(
      `Invalid value '${text}'. The option '${name}' must be a size in bytes such as 200, 200b or 1kb`,
    );
  return n;
}

/** Epoch milliseconds, or an ISO-8601 instant with an explicit zone. */
export function parseBaseTime(text: string): number {
  const t = text.trim();
  if (/^-?[0-9]+$/.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n)) return n;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(t)) {
    const n = Date.parse(t);
    if (Number.isFinite(n)) return n;
  }
  throw illegal(
    `Invalid value '${text}'. The option 'base-time' must be epoch milliseconds or an ISO-8601 instant such as 2015-07-15T00:00:00Z`,
  );
}

/** Reads and validates the `nexmark` options; `defaultParallelism` is numPartitions' default. */
export function parseNexmarkOptions(input: StreamOptionsInput, defaultParallelism: number): NexmarkOptions {
  const o = streamOptions(input);
  const eventsNum = optionLong(o, "events.num", 0n);
  nonNegative("events.num", eventsNum);
  if (eventsNum > BigInt(MAX_EVENTS))
    throw illegal(`Invalid value '${eventsNum}'. The option 'events.num' must be at most ${MAX_EVENTS}`);
  const firstEventRate = optionInt(o, "first-event.rate", 10000);
  positive("first-event.rate", firstEventRate);
  const nextEventRate = optionInt(o, "next-event.rate", firstEventRate);
  if (nextEventRate !== firstEventRate)
    throw illegal(
      `Invalid value '${nextEventRate}'. The option 'next-event.rate' must equal 'first-event.rate' (${firstEventRate}): rate shapes are not supported`,
    );
  const rateLimited = optionBoolean(o, "rate.limited", false);
  if (rateLimited === undefined)
    throw illegal(
      `Invalid value '${o.get("rate.limited")}'. The option 'rate.limited' must be true or false`,
    );
  const int = (name: string, fallback: number, check: (name: string, v: number) => void): number => {
    const v = optionInt(o, name, fallback);
    check(name, v);
    return v;
  };
  const personProportion = int("person.proportion", 1, positive);
  const auctionProportion = int("auction.proportion", 3, positive);
  const bidProportion = int("bid.proportion", 46, nonNegative);
  const hotAuctionRatio = int("bid.hot-ratio.auctions", 2, positive);
  const hotBiddersRatio = int("bid.hot-ratio.bidders", 4, positive);
  const hotSellersRatio = int("auction.hot-ratio.sellers", 4, positive);
  const size = (name: string, fallback: number): number => {
    const v = o.get(name);
    return v === undefined ? fallback : parseByteSize(name, v);
  };
  const seed = optionLong(o, "seed", 0n);
  const baseText = o.get("base-time");
  const numPartitions = int("numPartitions", defaultParallelism, positive);
  const maxText = o.get("maxEventsPerTrigger");
  let maxEventsPerTrigger: number | undefined;
  if (maxText !== undefined) {
    const v = optionLong(o, "maxEventsPerTrigger", 0n);
    positive("maxEventsPerTrigger", v);
    maxEventsPerTrigger = v > BigInt(MAX_EVENTS) ? MAX_EVENTS : Number(v);
  }
  return {
    maxEvents: eventsNum === 0n ? undefined : Number(eventsNum),
    firstEventRate,
    rateLimited,
    personProportion,
    auctionProportion,
    bidProportion,
    hotAuctionRatio,
    hotBiddersRatio,
    hotSellersRatio,
    avgPersonByteSize: size("person.avg-size", 200),
    avgAuctionByteSize: size("auction.avg-size", 500),
    avgBidByteSize: size("bid.avg-size", 100),
    seed,
    baseTimeMs: baseText === undefined ? NEXMARK_DEFAULT_BASE_TIME_MS : parseBaseTime(baseText),
    numPartitions,
    maxEventsPerTrigger,
  };
}
