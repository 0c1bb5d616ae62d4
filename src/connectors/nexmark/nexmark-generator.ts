/**
 * The Nexmark event generator (Beam's and nexmark-flink's rules, one logical generator):
 * event number n (0, 1, 2…) has event id n; `id mod (P + A + B)` picks a person, an auction or a
 * bid; ids, foreign keys, hot auction/seller/bidder, prices and strings follow the standard
 * generator (see /work/shared/NEXMARK.md §1.4–1.8 and the comments below).
 *
 * Determinism, as Beam: every event draws from its own `java.util.Random` seeded with
 * `(id + seedOffset) mod 2^48`, where `seedOffset` is 0 for seed 0 (Beam's `new Random(id)`), so an
 * event is a pure function of (options, id): any range of events can be generated alone, in any
 * order, on replay or restart, and the data does not depend on the number of partitions. The
 * per-process tables of nexmark-flink (4 hot URLs, 10 000 channel URLs, a 1 MiB pool of "extra"
 * padding) come from one more Random seeded from the seed, so they are reproducible too.
 *
 * Fields of nexmark-flink not in Beam (bid channel and url) are drawn in Flink's order (after the
 * price, before the extra); the bidder id is Beam's (+1000 once; nexmark-flink adds it twice).
 *
 * Output is columnar, in the internal representation of NEXMARK_SCHEMA: structs are arrays of
 * field values, timestamps microseconds. One Random is reseeded per event; per event the only
 * allocations are the struct array and its strings (bid strings are shared table entries and
 * slices of the padding pool).
 */
import { Buffer } from "node:buffer";
import type { RecordBatch } from "../../data/record-batch.js";
import { JavaRandom } from "./java-random.js";
import { AUCTION_EVENT, BID_EVENT, PERSON_EVENT } from "./nexmark-schema.js";

/** What the generator needs from the source options. */
export interface NexmarkGeneratorConfig {
  readonly firstEventRate: number;
  readonly personProportion: number;
  readonly auctionProportion: number;
  readonly bidProportion: number;
  readonly hotAuctionRatio: number;
  readonly hotBiddersRatio: number;
  readonly hotSellersRatio: number;
  readonly avgPersonByteSize: number;
  readonly avgAuctionByteSize: number;
  readonly avgBidByteSize: number;
  /** The seed as a long. */
  readonly seed: bigint;
  readonly baseTimeMs: number;
}

/** Ids of persons and auctions start here (ids below are "base 0"). */
export const FIRST_PERSON_ID = 1000;
/** The first auction id. */
export const FIRST_AUCTION_ID = 1000;
/** Categories are 10 … 14. */
export const FIRST_CATEGORY_ID = 10;
const NUM_CATEGORIES = 5;
/** Random person/auction ids may run this far ahead of the last generated one. */
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
/** Hot ids change every 100 persons / auctions. */
const HOT_SELLER_RATIO = 100;
const HOT_AUCTION_RATIO = 100;
const HOT_BIDDER_RATIO = 100;
/** Window of "live" auctions and "active" persons for random foreign keys. */
export const NUM_IN_FLIGHT_AUCTIONS = 100;
/** Number of persons random person ids are drawn from. */
export const NUM_ACTIVE_PEOPLE = 1000;
const MIN_STRING_LENGTH = 3;
const SPACE = 32;
const UNDERSCORE = 95;
const HOT_CHANNELS_RATIO = 2;
const CHANNELS_NUMBER = 10_000;
/** The hot channels of nexmark-flink's bids. */
export const HOT_CHANNELS: readonly string[] = ["Google", "Facebook", "Baidu", "Apple"];
const EXTRA_POOL_LENGTH = 1024 * 1024;

const US_STATES = ["AZ", "CA", "ID", "OR", "WA", "WY"];
const US_CITIES = [
  "Phoenix",
  "Los Angeles",
  "San Francisco",
  "Boise",
  "Portland",
  "Bend",
  "Redmond",
  "Seattle",
  "Kent",
  "Cheyenne",
];
const FIRST_NAMES = [
  "Peter",
  "Paul",
  "Luke",
  "John",
  "Saul",
  "Vicky",
  "Kate",
  "Julie",
  "Sarah",
  "Deiter",
  "Walter",
];
const LAST_NAMES = ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];
/** "First Last" for first name i and last name j at i · |LAST_NAMES| + j. */
const FULL_NAMES = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));

const TWO_48 = 2n ** 48n;
/** Golden-ratio multiplier: spreads user seeds over the 48-bit seed space. */
const SEED_MIX = 0x9e3779b97f4a7c15n;
/** Added to the seed offset for the tables' Random ("Nexmark" in ASCII). */
const TABLE_SEED = 0x4e65786d61726bn;

/** Java's `Integer.reverse` then `Math.abs` (which leaves Integer.MIN_VALUE negative). */
export function channelIdOf(i: number): number {
  let x = i >>> 0;
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  x = (x >>> 16) | (x << 16) | 0;
  return x === -2147483648 ? x : Math.abs(x);
}

/** The size a bid's padding adds to (its fixed fields, as nexmark-flink counts them). */
const BID_FIXED_SIZE = 32;
const TWO_24 = 16777216;
const TWO_48_NUMBER = 281474976710656;

/** Above this inter-event delay (fewer than 8 events per ms) generate times every event. */
const MS_RUN_MAX_DELAY_US = 125;

/** Largest batch whose columns are preallocated (larger ones grow). */
const MAX_PREALLOCATED = 65536;

/** Generates Nexmark events by event number (see the file comment). */
export class NexmarkGenerator {
  private readonly rng = new JavaRandom();
  private readonly scratch = stringScratch();
  /** The current event time (µs) in a tagged slot, so nested rows share its box; and its ms. */
  private readonly timeBox: unknown[] = [null];
  private timeBoxMs = Number.NaN;
  /** Added to the event id to seed its Random; < 2^48. */
  private readonly seedOffset: number;
  private readonly totalProportion: number;
  private readonly interEventDelayUs: number;
  private readonly extraPool: string;
  private readonly hotUrls: readonly string[];
  private readonly channels: readonly string[];
  private readonly channelUrls: readonly string[];
  /** Events until `numInFlightAuctions` more auctions exist (the auction-length horizon). */
  private readonly eventsForAuctions: number;
  /** A bid's padding: `extra(BID_FIXED_SIZE, avgBidByteSize)` as padding(base, span); base −1: none. */
  private readonly bidPaddingBase: number;
  private readonly bidPaddingSpan: number;
  /** Ids of the current proportion epoch (setEpoch), with FIRST_PERSON_ID / FIRST_AUCTION_ID added. */
  private hotAuctionId = 0;
  private hotBidderId = 0;
  private hotSellerId = 0;
  /** A random person id is `randomPersonBase + uniform(randomPersonBound)`. */
  private randomPersonBase = 0;
  private randomPersonBound = 1;
  /** A bid's random auction id is `randomAuctionBase + uniform(randomAuctionBound)`. */
  private randomAuctionBase = 0;
  private randomAuctionBound = 1;

  constructor(readonly config: NexmarkGeneratorConfig) {
    const { personProportion, auctionProportion, bidProportion } = config;
    this.totalProportion = personProportion + auctionProportion + bidProportion;
    this.interEventDelayUs = 1_000_000 / config.firstEventRate;
    const mixed = (((BigInt.asUintN(64, config.seed) * SEED_MIX) % TWO_48) + TWO_48) % TWO_48;
    this.seedOffset = Number(mixed);
    const bidPadding = config.avgBidByteSize - BID_FIXED_SIZE;
    const bidDelta = Math.round(bidPadding * 0.2);
    this.bidPaddingBase = bidPadding < 0 ? -1 : bidPadding - bidDelta;
    this.bidPaddingSpan = 2 * bidDelta;
    this.eventsForAuctions = Math.floor((NUM_IN_FLIGHT_AUCTIONS * this.totalProportion) / auctionProportion);
    const tables = new JavaRandom(Number((mixed + TABLE_SEED) % TWO_48));
    this.hotUrls = HOT_CHANNELS.map(() => baseUrl(tables, this.scratch));
    const channels: string[] = [];
    const urls: string[] = [];
    for (let i = 0; i < CHANNELS_NUMBER; i++) {
      let url = baseUrl(tables, this.scratch);
      if (tables.nextIntBounded(10) > 0) url = `${url}&channel_id=${channelIdOf(i)}`;
      channels.push(`channel-${i}`);
      urls.push(url);
    }
    this.channels = channels;
    this.channelUrls = urls;
    this.extraPool = exactString(() => tables.nextInt(), EXTRA_POOL_LENGTH);
  }

  /** The event id of event number `n` (one generator, first id 0, events in order). */
  eventId(n: number): number {
    return n;
  }

  /** Event time (epoch ms) of event number `n`: base + floor(n · delayUs) div 1000. */
  timestampMs(n: number): number {
    const us = Math.floor(n * this.interEventDelayUs);
    let ms = Math.floor(us / 1000);
    if (ms * 1000 > us) ms--; // the double division may round up at huge values; keep Java's long division
    return this.config.baseTimeMs + ms;
  }

  /**
   * The first event number after `n` (whose time is `ms`) with a later time, so that generate
   * computes a time once per millisecond: a guess from the rate, then exact against timestampMs
   * (which never decreases with n). At low rates (few events per ms) simply n + 1.
   */
  private msEnd(n: number, ms: number): number {
    const delay = this.interEventDelayUs;
    if (delay > MS_RUN_MAX_DELAY_US) return n + 1;
    let m = Math.max(n + 1, Math.ceil(((ms + 1 - this.config.baseTimeMs) * 1000) / delay));
    while (m > n + 1 && this.timestampMs(m - 1) > ms) m--;
    while (this.timestampMs(m) <= ms) m++;
    return m;
  }

  /** The last person id (base 0) at event `id`: the one being generated, or the most recent one. */
  lastBase0PersonId(id: number): number {
    const t = this.totalProportion;
    const p = this.config.personProportion;
    const epoch = Math.floor(id / t);
    let offset = id - epoch * t;
    if (offset >= p) offset = p - 1;
    return epoch * p + offset;
  }

  /** The last auction id (base 0) at event `id`: the one being generated, or the most recent one. */
  lastBase0AuctionId(id: number): number {
    const t = this.totalProportion;
    const p = this.config.personProportion;
    const a = this.config.auctionProportion;
    let epoch = Math.floor(id / t);
    let offset = id - epoch * t;
    if (offset < p) {
      epoch--;
      offset = a - 1;
    } else if (offset >= p + a) {
      offset = a - 1;
    } else {
      offset -= p;
    }
    return epoch * a + offset;
  }

  /** 0 person, 1 auction, 2 bid. */
  eventType(id: number): number {
    const rem = id % this.totalProportion;
    return rem < this.config.personProportion
      ? PERSON_EVENT
      : rem < this.config.personProportion + this.config.auctionProportion
        ? AUCTION_EVENT
        : BID_EVENT;
  }

  /**
   * Events with numbers `from` … `to − 1` as one batch of NEXMARK_SCHEMA columns (event_type,
   * person, auction, bid, dateTime). Pure: the same range gives equal values every time.
   *
   * The loop steps what the per-id helpers compute by division: the Random's seed (as 24-bit
   * halves), the proportion epoch and `id mod (P + A + B)`; the bids of one epoch share their
   * hot ids and random-id windows (setEpoch). Exact for every id below 2^48: `floor(id / T)` of
   * a double division is exact below 2^53.
   */
  generate(from: number, to: number, partitionId?: number): RecordBatch {
    const count = to - from;
    // Columns preallocated and filled by index (V8 keeps `new Array(n)` fast only below ~100 k).
    const column = <T>(): T[] => (count <= MAX_PREALLOCATED ? new Array<T>(count) : []);
    const eventType = column<number>();
    const person = column<unknown[] | null>();
    const auction = column<unknown[] | null>();
    const bid = column<unknown[] | null>();
    const dateTime = column<number>();
    const rng = this.rng;
    const total = this.totalProportion;
    const p = this.config.personProportion;
    const pa = p + this.config.auctionProportion;
    let epoch = Math.floor(from / total);
    let rem = from - epoch * total;
    this.setEpoch(epoch);
    let s = from + this.seedOffset;
    if (s >= TWO_48_NUMBER) s -= TWO_48_NUMBER;
    let seedHi = Math.floor(s / TWO_24);
    let seedLo = s - seedHi * TWO_24;
    let ms = 0;
    let micros = 0;
    let boxed: unknown = null;
    /** The first event number past the millisecond `ms`. */
    let msEnd = from;
    for (let i = 0; i < count; i++) {
      const n = from + i;
      if (n >= msEnd) {
        ms = this.timestampMs(n);
        msEnd = this.msEnd(n, ms);
        micros = ms * 1000;
        // Nested rows hold the time as a boxed number: share one box among the events of a ms.
        if (ms !== this.timeBoxMs) {
          this.timeBox[0] = micros;
          this.timeBoxMs = ms;
        }
        boxed = this.timeBox[0];
      }
      // The event's own Random: seed (id + seedOffset) mod 2^48.
      rng.setSeedHalves(seedLo, seedHi);
      if (++seedLo === TWO_24) {
        seedLo = 0;
        seedHi = (seedHi + 1) & 0xffffff;
      }
      dateTime[i] = micros;
      if (rem >= pa) {
        eventType[i] = BID_EVENT;
        person[i] = null;
        auction[i] = null;
        bid[i] = this.bid(boxed);
      } else if (rem >= p) {
        eventType[i] = AUCTION_EVENT;
        person[i] = null;
        auction[i] = this.auction(n, epoch, rem - p, ms);
        bid[i] = null;
      } else {
        eventType[i] = PERSON_EVENT;
        person[i] = this.person(epoch * p + rem, boxed);
        auction[i] = null;
        bid[i] = null;
      }
      if (++rem === total) {
        rem = 0;
        this.setEpoch(++epoch);
      }
    }
    const batch = { numRows: count, columns: [eventType, person, auction, bid, dateTime] };
    return partitionId === undefined ? batch : { ...batch, partitionId };
  }

  /**
   * The ids every event of proportion epoch `epoch` draws from: for a bid (and an auction's
   * seller) the last person and auction are the epoch's last ones, whatever the event's offset.
   */
  private setEpoch(epoch: number): void {
    const p = this.config.personProportion;
    const a = this.config.auctionProportion;
    const lastPerson = epoch * p + p - 1;
    const lastAuction = epoch * a + a - 1;
    this.hotAuctionId = Math.floor(lastAuction / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO + FIRST_AUCTION_ID;
    this.hotBidderId = Math.floor(lastPerson / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1 + FIRST_PERSON_ID;
    this.hotSellerId = Math.floor(lastPerson / HOT_SELLER_RATIO) * HOT_SELLER_RATIO + FIRST_PERSON_ID;
    // randomPerson: the active persons plus PERSON_ID_LEAD not yet generated.
    const numPeople = lastPerson + 1;
    const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
    this.randomPersonBase = numPeople - active + FIRST_PERSON_ID;
    this.randomPersonBound = active + PERSON_ID_LEAD;
    // randomAuction (bids): the in-flight auctions plus AUCTION_ID_LEAD not yet generated.
    const minAuction = Math.max(lastAuction - NUM_IN_FLIGHT_AUCTIONS, 0);
    this.randomAuctionBase = minAuction + FIRST_AUCTION_ID;
    this.randomAuctionBound = lastAuction - minAuction + 1 + AUCTION_ID_LEAD;
  }

  /** Draws: name (first, last), email, credit card, city, state, extra. `id0`: base-0 person id. */
  private person(id0: number, micros: unknown): unknown[] {
    const rng = this.rng;
    const first = rng.nextIntBounded(FIRST_NAMES.length);
    const name = FULL_NAMES[first * LAST_NAMES.length + rng.nextIntBounded(LAST_NAMES.length)] as string;
    const email = randomEmail(rng, this.scratch);
    const card = randomCreditCard(rng, this.scratch);
    const city = US_CITIES[rng.nextIntBounded(US_CITIES.length)] as string;
    const state = US_STATES[rng.nextIntBounded(US_STATES.length)] as string;
    const size = 8 + name.length + email.length + card.length + city.length + state.length;
    const extra = this.extra(size, this.config.avgPersonByteSize);
    return [id0 + FIRST_PERSON_ID, name, email, card, city, state, micros, extra];
  }

  /**
   * Draws: seller, category, initial bid, length, item name, description, reserve, extra.
   * `offset`: the auction's index within its epoch (0 … A−1).
   */
  private auction(n: number, epoch: number, offset: number, ms: number): unknown[] {
    const rng = this.rng;
    const c = this.config;
    const seller = rng.nextIntBounded(c.hotSellersRatio) > 0 ? this.hotSellerId : this.randomPersonId();
    const category = FIRST_CATEGORY_ID + rng.nextIntBounded(NUM_CATEGORIES);
    const initialBid = nextPrice(rng);
    // Auctions last about as long as it takes to generate numInFlightAuctions more of them.
    const horizonMs = this.timestampMs(n + this.eventsForAuctions) - ms;
    const expires = ms + 1 + this.uniform(Math.max(horizonMs * 2, 1));
    const itemName = randomString(rng, 20, SPACE, this.scratch);
    const description = randomString(rng, 100, SPACE, this.scratch);
    const reserve = initialBid + nextPrice(rng);
    const size = 8 + itemName.length + description.length + 40;
    const extra = this.extra(size, c.avgAuctionByteSize);
    return [
      epoch * c.auctionProportion + offset + FIRST_AUCTION_ID,
      itemName,
      description,
      initialBid,
      reserve,
      ms * 1000,
      expires * 1000,
      seller,
      category,
      extra,
    ];
  }

  /** Draws: auction, bidder, price, channel (and url), extra. */
  private bid(micros: unknown): unknown[] {
    const rng = this.rng;
    const c = this.config;
    const auction =
      rng.nextIntBounded(c.hotAuctionRatio) > 0
        ? this.hotAuctionId
        : this.randomAuctionBase + this.uniform(this.randomAuctionBound);
    const bidder = rng.nextIntBounded(c.hotBiddersRatio) > 0 ? this.hotBidderId : this.randomPersonId();
    const price = nextPrice(rng);
    let channel: string;
    let url: string;
    if (rng.nextIntBounded(HOT_CHANNELS_RATIO) > 0) {
      const i = rng.nextIntBounded(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i] as string;
      url = this.hotUrls[i] as string;
    } else {
      const i = rng.nextIntBounded(CHANNELS_NUMBER);
      channel = this.channels[i] as string;
      url = this.channelUrls[i] as string;
    }
    const extra = this.bidPaddingBase < 0 ? "" : this.padding(this.bidPaddingBase, this.bidPaddingSpan);
    return [auction, bidder, price, channel, url, micros, extra];
  }

  /** A random person id among the active ones plus a few not yet generated (this epoch's window). */
  private randomPersonId(): number {
    return this.randomPersonBase + this.uniform(this.randomPersonBound);
  }

  /** The generator's `nextLong(random, n)`: nextInt(n) for int-sized n, else |nextLong() mod n|. */
  private uniform(n: number): number {
    if (n < 2147483647) return this.rng.nextIntBounded(n);
    const r = this.rng.nextLong() % BigInt(n);
    return Number(r < 0n ? -r : r);
  }

  /** Padding so that `current` + its length averages `average` (± 20 %). */
  private extra(current: number, average: number): string {
    if (current > average) return "";
    const d = average - current;
    const delta = Math.round(d * 0.2);
    return this.padding(d - delta, 2 * delta);
  }

  /** Padding of `base + uniform(span)` chars (`base` when span is 0): extra's draws. */
  private padding(base: number, span: number): string {
    const size = span === 0 ? base : base + this.rng.nextIntBounded(span);
    const pool = this.extraPool;
    // nexmark-flink's cheap exact string: a random slice of the pool (V8 slices share the pool).
    if (size < pool.length / 2) {
      const offset = this.rng.nextIntBounded(pool.length - size);
      return pool.substring(offset, offset + size);
    }
    return exactString(() => this.rng.nextInt(), size);
  }
}

/** 10^(i/1024) for i = 0 … 6144: the coarse steps of nextPrice's power of ten. */
const POW10_STEPS = Float64Array.from({ length: 6 * 1024 + 1 }, (_, i) => 10 ** (i / 1024));
const LN10_STEP = Math.LN10 / 1024;

/**
 * `round(10^(6u) · 100)` cents: log-uniform over [$1, $1 M). 10^(6u) is a table step times
 * exp(y) for the remaining y < ln10/1024 (a 5-term series, relative error ~1e-16): a fraction
 * of Math.pow's cost, and the rounded price differs from pow's only when 100·10^(6u) lies within
 * ~1e-8 of a half cent.
 */
function nextPrice(rng: JavaRandom): number {
  const t = rng.nextDouble() * 6144;
  const i = Math.floor(t);
  const y = (t - i) * LN10_STEP;
  const e = 1 + y * (1 + y * (0.5 + y * (1 / 6 + y * (1 / 24 + y / 120))));
  // Math.round, written as floor(x + 0.5) (V8 lowers it to one instruction; Math.round costs ~10 ns):
  // equal for every x ≥ 0.5, where x + 0.5 is exact unless it crosses a power of two (whose floor
  // is then the same), and x ≥ 100 here.
  return Math.floor((POW10_STEPS[i] as number) * e * 100 + 0.5);
}

/** Scratch for random strings (their maximum length is 99). */
const STRING_SCRATCH_LENGTH = 128;

/**
 * One plain array of char codes per string length: `fromCharCode.apply` takes a whole array, so
 * a string of length n is assembled in `byLength[n]`; `work` holds a string being composed.
 */
interface StringScratch {
  readonly byLength: number[][];
  readonly work: number[];
}

/** A fresh scratch for randomString. */
function stringScratch(): StringScratch {
  return {
    byLength: Array.from({ length: STRING_SCRATCH_LENGTH + 1 }, (_, n) => new Array<number>(n).fill(0)),
    work: new Array<number>(STRING_SCRATCH_LENGTH).fill(0),
  };
}

/**
 * Length 3 … maxLength−1; each char `special` with probability 1/13, else a–z; then trimmed of
 * spaces (Java's trim; `_` stays).
 */
function randomString(rng: JavaRandom, maxLength: number, special: number, scratch: StringScratch): string {
  const len = MIN_STRING_LENGTH + rng.nextIntBounded(maxLength - MIN_STRING_LENGTH);
  const codes = scratch.byLength[len] as number[];
  rng.nextLetters(codes, len, special);
  // Mostly nothing to trim: the drawn array is the string's (one call builds a flat string).
  if (codes[0] !== SPACE && codes[len - 1] !== SPACE) return String.fromCharCode.apply(null, codes);
  let start = 0;
  let end = len;
  while (start < end && codes[start] === SPACE) start++;
  while (end > start && codes[end - 1] === SPACE) end--;
  const out = scratch.byLength[end - start] as number[];
  for (let i = start; i < end; i++) out[i - start] = codes[i] as number;
  return String.fromCharCode.apply(null, out);
}

/**
 * randomString's draws, the trimmed chars written into `scratch.work` from `pos`; returns the
 * position after them (for strings composed of several parts).
 */
function appendRandomString(
  rng: JavaRandom,
  maxLength: number,
  special: number,
  scratch: StringScratch,
  pos: number,
): number {
  const len = MIN_STRING_LENGTH + rng.nextIntBounded(maxLength - MIN_STRING_LENGTH);
  const codes = scratch.byLength[len] as number[];
  rng.nextLetters(codes, len, special);
  let start = 0;
  let end = len;
  while (start < end && codes[start] === SPACE) start++;
  while (end > start && codes[end - 1] === SPACE) end--;
  const work = scratch.work;
  for (let i = start; i < end; i++) work[pos++] = codes[i] as number;
  return pos;
}

/** The string of `scratch.work[0 … length)`. */
function workString(scratch: StringScratch, length: number): string {
  const out = scratch.byLength[length] as number[];
  const work = scratch.work;
  for (let i = 0; i < length; i++) out[i] = work[i] as number;
  return String.fromCharCode.apply(null, out);
}

/** `rs(7) + "@" + rs(5) + ".com"` as one flat string. */
function randomEmail(rng: JavaRandom, scratch: StringScratch): string {
  const work = scratch.work;
  let pos = appendRandomString(rng, 7, SPACE, scratch, 0);
  work[pos++] = 64; // @
  pos = appendRandomString(rng, 5, SPACE, scratch, pos);
  work[pos++] = 46; // .
  work[pos++] = 99; // c
  work[pos++] = 111; // o
  work[pos++] = 109; // m
  return workString(scratch, pos);
}

/** Four zero-padded blocks 0000 … 9999 drawn in order, separated by spaces (19 chars). */
function randomCreditCard(rng: JavaRandom, scratch: StringScratch): string {
  const out = scratch.byLength[19] as number[];
  for (let b = 0; b < 4; b++) {
    const v = rng.nextIntBounded(10_000);
    const at = b * 5;
    const hi = Math.floor(v / 100);
    const lo = v - hi * 100;
    out[at] = 48 + Math.floor(hi / 10);
    out[at + 1] = 48 + (hi % 10);
    out[at + 2] = 48 + Math.floor(lo / 10);
    out[at + 3] = 48 + (lo % 10);
    if (b < 3) out[at + 4] = SPACE;
  }
  return String.fromCharCode.apply(null, out);
}

/** nexmark-flink's base URL: three random path segments of up to 4 chars, `_` as the special char. */
function baseUrl(rng: JavaRandom, scratch: StringScratch): string {
  const a = randomString(rng, 5, UNDERSCORE, scratch);
  const b = randomString(rng, 5, UNDERSCORE, scratch);
  const c = randomString(rng, 5, UNDERSCORE, scratch);
  return `https://www.nexmark.com/${a}/${b}/${c}/item.htm?query=1`;
}

/**
 * Beam's exact string: 6 chars per `nextInt()`, char = 'a' + (r mod 26) with Java's signed
 * remainder, then r = trunc(r / 26) — negative ints give the chars just below 'a'.
 */
function exactString(nextInt: () => number, length: number): string {
  const bytes = new Uint8Array(length);
  let rnd = 0;
  let left = 0;
  for (let i = 0; i < length; i++) {
    if (left === 0) {
      rnd = nextInt();
      left = 6;
    }
    bytes[i] = 97 + (rnd % 26);
    rnd = (rnd / 26) | 0; // Java's int division (truncates toward zero), as an integer division
    left--;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, length).toString("latin1");
}
