/**
 * Greenwald–Khanna quantile summaries exactly as Spark's `QuantileSummaries` (catalyst util), so that
 * `percentile_approx` returns Spark's values, including the head buffer of up to 50,000 unsorted
 * samples, the compress threshold of 10,000 and the merge that widens deltas of interleaved samples.
 *
 * The state is plain data (it is an aggregate buffer):
 *
 *     [relativeError, count, compressed, values[], gs[], deltas[], head[]]
 *
 * `count` counts the samples already in `values` (not those waiting in `head`). Functions mutate and
 * return the state they are given, except `mergeSummaries`, which returns a new one.
 */

/** The summary state, see the file comment. */
export type QuantileState = [number, number, boolean, number[], number[], number[], number[]];

const HEAD_SIZE = 50000;
const COMPRESS_THRESHOLD = 10000;

/** A fresh, empty (and therefore compressed) summary with the given relative error. */
export function newSummary(relativeError: number): QuantileState {
  return [relativeError, 0, true, [], [], [], []];
}

/** Adds one observation (Spark's `insert`). */
export function insertValue(s: QuantileState, x: number): QuantileState {
  s[6].push(x);
  s[2] = false;
  if (s[6].length >= HEAD_SIZE) {
    insertHead(s);
    if (s[3].length >= COMPRESS_THRESHOLD) compressSummary(s);
  }
  return s;
}

/** Sorted-merges the head buffer into the samples (Spark's `withHeadBufferInserted`). */
function insertHead(s: QuantileState): void {
  const head = s[6];
  if (head.length === 0) return;
  // A Float64Array sorts like Java's Double.compare: -0.0 before 0.0, NaN last.
  const sorted = Float64Array.from(head).sort();
  const [relErr, , , values, gs, deltas] = s;
  const nv: number[] = [];
  const ng: number[] = [];
  const nd: number[] = [];
  let count = s[1];
  let si = 0;
  for (let oi = 0; oi < sorted.length; oi++) {
    const x = sorted[oi] as number;
    while (si < values.length && (values[si] as number) <= x) {
      nv.push(values[si] as number);
      ng.push(gs[si] as number);
      nd.push(deltas[si] as number);
      si++;
    }
    count++;
    const delta =
      nv.length === 0 || (si === values.length && oi === sorted.length - 1)
        ? 0
        : Math.floor(2 * relErr * count);
    nv.push(x);
    ng.push(1);
    nd.push(delta);
  }
  for (; si < values.length; si++) {
    nv.push(values[si] as number);
    ng.push(gs[si] as number);
    nd.push(deltas[si] as number);
  }
  s[1] = count;
  s[2] = false;
  s[3] = nv;
  s[4] = ng;
  s[5] = nd;
  s[6] = [];
}

/** Spark's `compressImmut`: merges neighbouring samples while g + delta stays under the threshold. */
function compressSamples(
  values: number[],
  gs: number[],
  deltas: number[],
  mergeThreshold: number,
): [number[], number[], number[]] {
  const n = values.length;
  if (n === 0) return [[], [], []];
  // Built back to front, then reversed.
  const rv: number[] = [];
  const rg: number[] = [];
  const rd: number[] = [];
  let hv = values[n - 1] as number;
  let hg = gs[n - 1] as number;
  let hd = deltas[n - 1] as number;
  for (let i = n - 2; i >= 1; i--) {
    const g = gs[i] as number;
    if (g + hg + hd < mergeThreshold) {
      hg += g;
    } else {
      rv.push(hv);
      rg.push(hg);
      rd.push(hd);
      hv = values[i] as number;
      hg = g;
      hd = deltas[i] as number;
    }
  }
  rv.push(hv);
  rg.push(hg);
  rd.push(hd);
  if ((values[0] as number) <= hv && n > 1) {
    rv.push(values[0] as number);
    rg.push(gs[0] as number);
    rd.push(deltas[0] as number);
  }
  return [rv.reverse(), rg.reverse(), rd.reverse()];
}

/** Inserts the head buffer and compresses (Spark's `compress`). */
export function compressSummary(s: QuantileState): QuantileState {
  insertHead(s);
  const [v, g, d] = compressSamples(s[3], s[4], s[5], 2 * s[0] * s[1]);
  s[2] = true;
  s[3] = v;
  s[4] = g;
  s[5] = d;
  return s;
}

/** Compresses `s` unless it already is (Spark's `PercentileDigest.quantileSummaries`). */
function ensureCompressed(s: QuantileState): QuantileState {
  return s[2] ? s : compressSummary(s);
}

/** Merges two summaries (Spark's `PercentileDigest.merge`): both are compressed first. */
export function mergeSummaries(a: QuantileState, b: QuantileState): QuantileState {
  ensureCompressed(a);
  ensureCompressed(b);
  if (b[1] === 0) return a;
  if (a[1] === 0) return [b[0], b[1], b[2], b[3].slice(), b[4].slice(), b[5].slice(), []];
  const relErr = Math.max(a[0], b[0]);
  const count = a[1] + b[1];
  const extraA = Math.floor(2 * b[0] * b[1]);
  const extraB = Math.floor(2 * a[0] * a[1]);
  const [av, ag, ad] = [a[3], a[4], a[5]];
  const [bv, bg, bd] = [b[3], b[4], b[5]];
  const mv: number[] = [];
  const mg: number[] = [];
  const md: number[] = [];
  let i = 0;
  let j = 0;
  while (i < av.length && j < bv.length) {
    if ((av[i] as number) < (bv[j] as number)) {
      mv.push(av[i] as number);
      mg.push(ag[i] as number);
      md.push((ad[i] as number) + (j > 0 ? extraA : 0));
      i++;
    } else {
      mv.push(bv[j] as number);
      mg.push(bg[j] as number);
      md.push((bd[j] as number) + (i > 0 ? extraB : 0));
      j++;
    }
  }
  for (; i < av.length; i++) {
    mv.push(av[i] as number);
    mg.push(ag[i] as number);
    md.push(ad[i] as number);
  }
  for (; j < bv.length; j++) {
    mv.push(bv[j] as number);
    mg.push(bg[j] as number);
    md.push(bd[j] as number);
  }
  const [v, g, d] = compressSamples(mv, mg, md, 2 * relErr * count);
  return [relErr, count, true, v, g, d, []];
}

/**
 * The approximate quantiles for `percentiles` (each in [0, 1]), in the given order, or undefined
 * for an empty summary (Spark's `getPercentiles` + `query`). Compresses the state first.
 */
export function queryQuantiles(s: QuantileState, percentiles: readonly number[]): number[] | undefined {
  ensureCompressed(s);
  const [relErr, count, , values, gs, deltas] = s;
  if (count === 0 || values.length === 0 || percentiles.length === 0) return undefined;
  let maxSpan = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++)
    maxSpan = Math.max(maxSpan, (gs[i] as number) + (deltas[i] as number));
  // Spark divides a long by 2 (truncating).
  const targetError = Math.trunc(maxSpan / 2);
  const last = values.length - 1;
  let index = 0;
  let minRank = gs[0] as number;
  const order = percentiles.map((p, pos) => [p, pos] as const).sort((x, y) => x[0] - y[0]);
  const result = new Array<number>(percentiles.length).fill(0);
  for (const [p, pos] of order) {
    if (p <= relErr) {
      result[pos] = values[0] as number;
    } else if (p >= 1 - relErr) {
      result[pos] = values[last] as number;
    } else {
      const rank = Math.ceil(p * count);
      let i = index;
      let r = minRank;
      let found: number | undefined;
      while (i < last) {
        const maxRank = r + (deltas[i] as number);
        if (maxRank - targetError <= rank && rank <= r + targetError) {
          found = values[i] as number;
          break;
        }
        i++;
        r += gs[i] as number;
      }
      if (found === undefined) {
        // Spark restarts from the last sample with a rank of 0 in this case.
        index = last;
        minRank = 0;
        result[pos] = values[last] as number;
      } else {
        index = i;
        minRank = r;
        result[pos] = found;
      }
    }
  }
  return result;
}
