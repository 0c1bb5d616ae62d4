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
/** "0000" … "9999", the blocks of a credit card number. */
const CARD_BLOCKS = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, "0"));

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

  constructor(readonly config: NexmarkGeneratorConfig) {
    const { personProportion, auctionProportion, bidProportion } = config;
    this.totalProportion = personProportion + auctionProportion + bidProportion;
    this.interEventDelayUs = 1_000_000 / config.firstEventRate;
    const mixed = (((BigInt.asUintN(64, config.seed) * SEED_MIX) % TWO_48) + TWO_48) % TWO_48;
    this.seedOffset = Number(mixed);
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
    for (let i = 0; i < count; i++) {
      const n = from + i;
      const id = this.eventId(n);
      const ms = this.timestampMs(n);
      const micros = ms * 1000;
      // Nested rows hold the time as a boxed number: share one box among the events of a ms.
      if (ms !== this.timeBoxMs) {
        this.timeBox[0] = micros;
        this.timeBoxMs = ms;
      }
      const boxed = this.timeBox[0];
      let s = id + this.seedOffset;
      if (s >= 281474976710656) s -= 281474976710656;
      this.rng.setSeed(s);
      const type = this.eventType(id);
      eventType[i] = type;
      dateTime[i] = micros;
      person[i] = type === PERSON_EVENT ? this.person(id, boxed) : null;
      auction[i] = type === AUCTION_EVENT ? this.auction(n, id, ms) : null;
      bid[i] = type === BID_EVENT ? this.bid(id, boxed) : null;
    }
    const batch = { numRows: count, columns: [eventType, person, auction, bid, dateTime] };
    return partitionId === undefined ? batch : { ...batch, partitionId };
  }

  /** Draws: name (first, last), email, credit card, city, state, extra. */
  private person(id: number, micros: unknown): unknown[] {
    const rng = this.rng;
    const name = `${FIRST_NAMES[rng.nextIntBounded(FIRST_NAMES.length)]} ${LAST_NAMES[rng.nextIntBounded(LAST_NAMES.length)]}`;
    const email = `${randomString(rng, 7, SPACE, this.scratch)}@${randomString(rng, 5, SPACE, this.scratch)}.com`;
    const card = `${CARD_BLOCKS[rng.nextIntBounded(10_000)]} ${CARD_BLOCKS[rng.nextIntBounded(10_000)]} ${CARD_BLOCKS[rng.nextIntBounded(10_000)]} ${CARD_BLOCKS[rng.nextIntBounded(10_000)]}`;
    const city = US_CITIES[rng.nextIntBounded(US_CITIES.length)] as string;
    const state = US_STATES[rng.nextIntBounded(US_STATES.length)] as string;
    const size = 8 + name.length + email.length + card.length + city.length + state.length;
    const extra = this.extra(size, this.config.avgPersonByteSize);
    return [this.lastBase0PersonId(id) + FIRST_PERSON_ID, name, email, card, city, state, micros, extra];
  }

  /** Draws: seller, category, initial bid, length, item name, description, reserve, extra. */
  private auction(n: number, id: number, ms: number): unknown[] {
    const rng = this.rng;
    const c = this.config;
    const seller =
      (rng.nextIntBounded(c.hotSellersRatio) > 0
        ? Math.floor(this.lastBase0PersonId(id) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
        : this.randomPerson(id)) + FIRST_PERSON_ID;
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
      this.lastBase0AuctionId(id) + FIRST_AUCTION_ID,
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
  private bid(id: number, micros: unknown): unknown[] {
    const rng = this.rng;
    const c = this.config;
    const auction =
      (rng.nextIntBounded(c.hotAuctionRatio) > 0
        ? Math.floor(this.lastBase0AuctionId(id) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
        : this.randomAuction(id)) + FIRST_AUCTION_ID;
    const bidder =
      (rng.nextIntBounded(c.hotBiddersRatio) > 0
        ? Math.floor(this.lastBase0PersonId(id) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
        : this.randomPerson(id)) + FIRST_PERSON_ID;
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
    const extra = this.extra(32, c.avgBidByteSize);
    return [auction, bidder, price, channel, url, micros, extra];
  }

  /** A random person id (base 0) among the active ones plus a few not yet generated. */
  private randomPerson(id: number): number {
    const numPeople = this.lastBase0PersonId(id) + 1;
    const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
    return numPeople - active + this.uniform(active + PERSON_ID_LEAD);
  }

  /** A random auction id (base 0) among those likely in flight plus a few not yet generated. */
  private randomAuction(id: number): number {
    const max = this.lastBase0AuctionId(id);
    const min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
    return min + this.uniform(max - min + 1 + AUCTION_ID_LEAD);
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
    const size = d - delta + (delta === 0 ? 0 : this.rng.nextIntBounded(2 * delta));
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
  return Math.round((POW10_STEPS[i] as number) * e * 100);
}

/** Scratch for random strings (their maximum length is 99). */
const STRING_SCRATCH_LENGTH = 128;

/** Char codes and one plain array per string length (`fromCharCode.apply` takes the whole array). */
interface StringScratch {
  readonly codes: Uint8Array;
  readonly byLength: number[][];
}

/** A fresh scratch for randomString. */
function stringScratch(): StringScratch {
  return {
    codes: new Uint8Array(STRING_SCRATCH_LENGTH),
    byLength: Array.from({ length: STRING_SCRATCH_LENGTH + 1 }, (_, n) => new Array<number>(n).fill(0)),
  };
}

/**
 * Length 3 … maxLength−1; each char `special` with probability 1/13, else a–z; then trimmed of
 * spaces (Java's trim; `_` stays).
 */
function randomString(rng: JavaRandom, maxLength: number, special: number, scratch: StringScratch): string {
  const len = MIN_STRING_LENGTH + rng.nextIntBounded(maxLength - MIN_STRING_LENGTH);
  const codes = scratch.codes;
  rng.nextLetters(codes, len, special);
  let start = 0;
  let end = len;
  while (start < end && codes[start] === SPACE) start++;
  while (end > start && codes[end - 1] === SPACE) end--;
  const out = scratch.byLength[end - start] as number[];
  for (let i = start; i < end; i++) out[i - start] = codes[i] as number;
  // One call builds a flat one-byte string (cheaper than a Buffer round trip or concatenation).
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
    rnd = Math.trunc(rnd / 26);
    left--;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, length).toString("latin1");
}
