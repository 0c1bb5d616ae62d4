import assert from "node:assert/strict";
import { createHash, type Hash } from "node:crypto";
import { test } from "node:test";
import { NexmarkGenerator } from "./nexmark-generator.js";
import { parseNexmarkOptions } from "./options.js";

/**
 * Pinned fingerprints of the generator's output: every value of every event (event type, the
 * three nested rows field by field, dateTime) with its JS type, hashed in event order. The
 * generator is a pure function of (options, event number), so these digests only change when a
 * generated value (or its internal representation) changes — which must not happen by accident:
 * checkpoints, benchmarks and the expected rows of other tests rely on the exact events.
 */

/** Appends one internal value to the hash, tagged with its type (so 1 and "1" differ). */
function feed(hash: Hash, v: unknown): void {
  if (v === null) hash.update("_");
  else if (typeof v === "number") hash.update(`n${v};`);
  else if (typeof v === "string") hash.update(`s${v.length}:${v}`);
  else if (typeof v === "bigint") hash.update(`b${v};`);
  else if (Array.isArray(v)) {
    hash.update(`[${v.length}`);
    for (const x of v) feed(hash, x);
    hash.update("]");
  } else assert.fail(`unexpected value ${String(v)} (${typeof v})`);
}

/** SHA-256 of events from … to−1 generated in chunks of `chunk` events. */
function fingerprint(options: Record<string, string>, from: number, to: number, chunk: number): string {
  const generator = new NexmarkGenerator(parseNexmarkOptions(options, 1));
  const hash = createHash("sha256");
  for (let start = from; start < to; start += chunk) {
    const batch = generator.generate(start, Math.min(to, start + chunk));
    assert.equal(batch.columns.length, 5);
    for (let i = 0; i < batch.numRows; i++) for (const c of batch.columns) feed(hash, c[i]);
  }
  return hash.digest("hex");
}

interface Pinned {
  readonly name: string;
  readonly options: Record<string, string>;
  readonly from: number;
  readonly to: number;
  readonly sha256: string;
}

const PINNED: readonly Pinned[] = [
  {
    name: "defaults (seed 0, 10 000 events/s), events 0 … 199 999",
    options: {},
    from: 0,
    to: 200_000,
    sha256: "52ac7a4570839b2d423af9c642f1c9b8cfe02df7b2952942272ce2ae5d73d302",
  },
  {
    name: "seed 7 at the bench's 10 M events/s, events 0 … 199 999",
    options: { seed: "7", "first-event.rate": "10000000" },
    from: 0,
    to: 200_000,
    sha256: "4ded4e997b0b050d8990c02b63ff29eb1ce3a8f1c05f6bf175a5cb78ff99c431",
  },
  {
    name: "seed -3, 1 000 events/s, other proportions, hot ratios, sizes and base time, from event 10^12",
    options: {
      seed: "-3",
      "first-event.rate": "1000",
      "person.proportion": "2",
      "auction.proportion": "5",
      "bid.proportion": "13",
      "bid.hot-ratio.auctions": "3",
      "bid.hot-ratio.bidders": "5",
      "auction.hot-ratio.sellers": "7",
      "person.avg-size": "1kb",
      "auction.avg-size": "100",
      "bid.avg-size": "40b",
      "base-time": "1700000000123",
    },
    from: 1_000_000_000_000,
    to: 1_000_000_050_000,
    sha256: "a144e6cb69b6e6871dba90b14c0af3b2609b12d684032db3df6bdc9e0d89316e",
  },
  {
    name: "padding longer than half the pool (Beam's exact string), persons only",
    options: { seed: "11", "bid.proportion": "0", "auction.proportion": "1", "person.avg-size": "1024k" },
    from: 0,
    to: 40,
    sha256: "24e3072ab9ace8463783407a682455a0872e2f222b4f5e7f466bad1f50e67ed7",
  },
];

for (const p of PINNED)
  test(`generator fingerprint: ${p.name}`, () => {
    assert.equal(fingerprint(p.options, p.from, p.to, 4096), p.sha256);
  });

test("generator fingerprint does not depend on the chunking (odd chunks, one batch above the preallocation limit)", () => {
  const p = PINNED[1] as Pinned;
  assert.equal(fingerprint(p.options, p.from, p.to, 1000), p.sha256);
  assert.equal(fingerprint(p.options, p.from, p.to, 100_000), p.sha256);
  assert.equal(fingerprint(p.options, p.from, p.to, 7), p.sha256);
});
