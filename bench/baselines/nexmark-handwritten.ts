/**
 * Baseline of the Nexmark workload: q0, q1, q2 and q22 written by hand in plain Node over the
 * same generator the `nexmark` source uses (NexmarkGenerator, same options, same event ids), so
 * both sides see exactly the same events and pay the same generation cost. Events are generated
 * in chunks of 4096 (as the source yields them); each query is its own tight loop over a chunk's
 * columns that fills the chunk's output columns (arrays, preallocated and filled by index, as the
 * engine's batches are columnar) and then drops them (a blackhole sink, as in the Nexmark
 * harness). q22 finds the url's slashes with indexOf instead of splitting the whole url (what
 * careful hand-written code does). Columnar output also keeps V8 from pretenuring: rows built as
 * one array each and held for a chunk were, in some processes and not others, allocated straight
 * into the old generation (allocation-site pretenuring), which made q0/q1 2x slower there.
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
 * One query's loop over a chunk: writes the output columns of its bids into `out` (one array per
 * output column, preallocated to the chunk's size) and returns the number of output rows.
 */
type ChunkQuery = (
  types: number[],
  bids: (unknown[] | null)[],
  times: number[],
  n: number,
  out: unknown[][],
) => number;

/** The output columns of each query. */
const WIDTH: Record<HandWrittenQuery, number> = { q0: 5, q1: 5, q2: 2, q22: 7 };

// bid = [auction, bidder, price, channel, url, dateTime, extra]; one tight loop per query.
const QUERIES: Record<HandWrittenQuery, ChunkQuery> = {
  q0: (types, bids, times, n, [auction, bidder, price, dateTime, extra]) => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (types[i] !== BID) continue;
      const bid = bids[i] as unknown[];
      auction![k] = bid[0];
      bidder![k] = bid[1];
      price![k] = bid[2];
      dateTime![k] = times[i];
      extra![k++] = bid[6];
    }
    return k;
  },
  q1: (types, bids, times, n, [auction, bidder, price, dateTime, extra]) => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (types[i] !== BID) continue;
      const bid = bids[i] as unknown[];
      auction![k] = bid[0];
      bidder![k] = bid[1];
      price![k] = (bid[2] as number) * 908;
      dateTime![k] = times[i];
      extra![k++] = bid[6];
    }
    return k;
  },
  q2: (types, bids, _times, n, [auction, price]) => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (types[i] !== BID) continue;
      const bid = bids[i] as unknown[];
      if ((bid[0] as number) % 123 !== 0) continue;
      auction![k] = bid[0];
      price![k++] = bid[2];
    }
    return k;
  },
  q22: (types, bids, _times, n, [auction, bidder, price, channel, dir1, dir2, dir3]) => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (types[i] !== BID) continue;
      const bid = bids[i] as unknown[];
      const url = bid[4] as string;
      // The 0-based parts 3, 4, 5 of url.split("/") (null past the last part), found with indexOf.
      let d1: string | null = null;
      let d2: string | null = null;
      let d3: string | null = null;
      let a = url.indexOf("/");
      if (a >= 0) a = url.indexOf("/", a + 1);
      if (a >= 0) a = url.indexOf("/", a + 1);
      if (a >= 0) {
        const b = url.indexOf("/", a + 1);
        d1 = b < 0 ? url.slice(a + 1) : url.slice(a + 1, b);
        if (b >= 0) {
          const c = url.indexOf("/", b + 1);
          d2 = c < 0 ? url.slice(b + 1) : url.slice(b + 1, c);
          if (c >= 0) {
            const d = url.indexOf("/", c + 1);
            d3 = d < 0 ? url.slice(c + 1) : url.slice(c + 1, d);
          }
        }
      }
      auction![k] = bid[0];
      bidder![k] = bid[1];
      price![k] = bid[2];
      channel![k] = bid[3];
      dir1![k] = d1;
      dir2![k] = d2;
      dir3![k++] = d3;
    }
    return k;
  },
};

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
  const run = QUERIES[query];
  const width = WIDTH[query];
  const kept: unknown[][] | undefined = keep ? [] : undefined;
  let rows = 0;
  for (let start = 0; start < events; start += CHUNK) {
    const batch = generator.generate(start, Math.min(events, start + CHUNK));
    const n = batch.numRows;
    const out: unknown[][] = [];
    for (let c = 0; c < width; c++) out.push(new Array<unknown>(n));
    const k = run(
      batch.columns[0] as number[],
      batch.columns[3] as (unknown[] | null)[],
      batch.columns[4] as number[],
      n,
      out,
    );
    for (const column of out) column.length = k;
    rows += k;
    if (kept !== undefined) for (let r = 0; r < k; r++) kept.push(out.map((column) => column[r]));
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
