/**
 * Baseline of the Nexmark workload: q0, q1, q2 and q22 written by hand in plain Node over the
 * same generator the `nexmark` source uses (NexmarkGenerator, same options, same event ids), so
 * both sides see exactly the same events and pay the same generation cost. Events are generated
 * in chunks of 4096 (as the source yields them); each query is a tight loop over a chunk's
 * columns that builds its output rows (arrays) into a per-chunk array and then drops it (a
 * blackhole sink, as in the Nexmark harness).
 *
 * Output values are those of the SQL: q1's price is 0.908 · price as DECIMAL(24,3), kept here as
 * its exact unscaled integer (price · 908 thousandths: at most ~9·10^10, a safe integer); q22
 * takes the 0-based parts 3, 4, 5 of the url split at '/'.
 */
import { NexmarkGenerator, parseNexmarkOptions } from "../../src/connectors/nexmark/index.js";

/** The queries the baseline implements. */
export type HandWrittenQuery = "q0" | "q1" | "q2" | "q22";

/** What one baseline run saw and produced. */
export interface HandWrittenResult {
  /** Events generated (all kinds). */
  readonly events: number;
  /** Output rows of the query. */
  readonly rows: number;
  /** The output rows, when asked to keep them (correctness checks). */
  readonly kept: unknown[][] | undefined;
}

const CHUNK = 4096;
const BID = 2;

/**
 * Runs `query` over events 0 … events−1 of the generator configured by `options` (the source's
 * options, e.g. `{ seed: "7" }`); keeps the output rows when `keep` is set.
 */
export function handWrittenNexmark(
  query: HandWrittenQuery,
  options: Readonly<Record<string, string>>,
  events: number,
  keep = false,
): HandWrittenResult {
  const generator = new NexmarkGenerator(parseNexmarkOptions(options, 1));
  const kept: unknown[][] | undefined = keep ? [] : undefined;
  let rows = 0;
  for (let start = 0; start < events; start += CHUNK) {
    const batch = generator.generate(start, Math.min(events, start + CHUNK));
    const types = batch.columns[0] as number[];
    const bids = batch.columns[3] as (unknown[] | null)[];
    const times = batch.columns[4] as number[];
    const out: unknown[][] = [];
    for (let i = 0; i < batch.numRows; i++) {
      if (types[i] !== BID) continue;
      // bid = [auction, bidder, price, channel, url, dateTime, extra]
      const bid = bids[i] as unknown[];
      switch (query) {
        case "q0":
          out.push([bid[0], bid[1], bid[2], times[i], bid[6]]);
          break;
        case "q1":
          out.push([bid[0], bid[1], (bid[2] as number) * 908, times[i], bid[6]]);
          break;
        case "q2":
          if ((bid[0] as number) % 123 === 0) out.push([bid[0], bid[2]]);
          break;
        case "q22": {
          const parts = (bid[4] as string).split("/");
          out.push([bid[0], bid[1], bid[2], bid[3], parts[3] ?? null, parts[4] ?? null, parts[5] ?? null]);
          break;
        }
      }
    }
    rows += out.length;
    if (kept !== undefined) for (const r of out) kept.push(r);
  }
  return { events, rows, kept };
}

/** Generates events 0 … events−1 in chunks and drops them (the generator's cost alone). */
export function generateOnly(options: Readonly<Record<string, string>>, events: number): number {
  const generator = new NexmarkGenerator(parseNexmarkOptions(options, 1));
  let n = 0;
  for (let start = 0; start < events; start += CHUNK)
    n += generator.generate(start, Math.min(events, start + CHUNK)).numRows;
  return n;
}
