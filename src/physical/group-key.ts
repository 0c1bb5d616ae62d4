/**
 * Compact grouping keys for hash tables: a single primitive key is used as is (Map's SameValueZero
 * already equates NaN with NaN and -0 with 0, as Spark's normalisation does); composite or nested
 * keys become a length-prefixed string encoding. Never JSON of whole rows.
 */
import { MapValue } from "../data/values.js";

const NULL_KEY = "\u0000null";

/** Key for one value. */
export function singleKey(v: unknown): unknown {
  if (v === null) return NULL_KEY;
  if (typeof v === "object") return encode(v);
  if (typeof v === "string") return v.startsWith("\u0000") ? `\u0000s${v}` : v;
  return v;
}

/** Key for several values. */
export function compositeKey(values: readonly unknown[]): string {
  let s = "";
  for (let i = 0; i < values.length; i++) s += encode(values[i]);
  return s;
}

/**
 * The key of row `row` over the first `n` columns, without building the row: `""` for none,
 * `singleKey` for one, `compositeKey` of the values for more (equal to those functions' results).
 */
export function groupKeyAt(columns: readonly (readonly unknown[])[], n: number, row: number): unknown {
  if (n === 0) return "";
  if (n === 1) return singleKey(columns[0]![row]);
  let s = "";
  for (let i = 0; i < n; i++) s += encode(columns[i]![row]);
  return s;
}

function encode(v: unknown): string {
  if (v === null || v === undefined) return "~";
  switch (typeof v) {
    case "number":
      return Number.isNaN(v) ? "nNaN;" : `n${v === 0 ? 0 : v};`;
    case "bigint":
      return `n${v};`;
    case "string":
      return `s${v.length}:${v}`;
    case "boolean":
      return v ? "T" : "F";
    default:
      break;
  }
  if (v instanceof Uint8Array) {
    let s = `x${v.length}:`;
    for (const b of v) s += String.fromCharCode(b);
    return s;
  }
  if (Array.isArray(v)) return encodeArray(v);
  if (v instanceof MapValue) {
    // Spark 4 groups maps by their entries regardless of order (maps are normalised by key), so
    // map(1, 2, 2, 3) and map(2, 3, 1, 2) share a key: sort the encoded entries.
    const entries = v.keys.map((k, i) => `${encode(k)}${encode(v.values[i])}`).sort();
    return `{${entries.length}:${entries.join("")}}`;
  }
  const iv = v as { months?: number; days?: number; micros?: number };
  return `i${iv.months},${iv.days},${iv.micros};`;
}

/**
 * The last array (struct) encoded and its encoding: rows that follow one another often carry
 * equal structs (a window, a key's struct column), encoded once for the run of them. Reused only
 * when every element is the same primitive (`===`, so never for NaN or nested values); the
 * encoding is a function of the values alone, so the cache never changes a key.
 */
const lastArray: unknown[] = [];
let lastArrayKey = "[0:]";

function encodeArray(v: unknown[]): string {
  const n = v.length;
  if (n === lastArray.length) {
    let same = true;
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (x !== lastArray[i] || (x !== null && typeof x === "object")) {
        same = false;
        break;
      }
    }
    if (same) return lastArrayKey;
  }
  let s = `[${n}:`;
  // Indexed: a recursive function's for-of allocates an iterator result per element.
  for (let i = 0; i < n; i++) s += encode(v[i]);
  s = `${s}]`;
  // A copy of the values (into the one reused array), so that a caller changing its array
  // afterwards cannot stale the cache; no allocation when structs alternate (hop windows).
  lastArray.length = n;
  for (let i = 0; i < n; i++) lastArray[i] = v[i];
  lastArrayKey = s;
  return s;
}
