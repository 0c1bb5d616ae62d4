/**
 * Copies and size estimates of state values: internal values (data/values.ts) and aggregation
 * buffers, which are plain data (arrays, typed arrays, numbers, bigints, strings, MapValue, plain
 * objects such as CalendarInterval).
 */
import { MapValue } from "../../data/values.js";

/**
 * A deep copy of a state value, so that a stored version never shares a mutable buffer with an
 * operator that merges into it. Immutable leaves (primitives) are returned as they are.
 */
export function cloneStateValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(cloneStateValue);
  if (ArrayBuffer.isView(v)) return (v as Uint8Array).slice();
  if (v instanceof MapValue) return new MapValue(v.keys.map(cloneStateValue), v.values.map(cloneStateValue));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, cloneStateValue(x)]));
  if (v instanceof Set) return new Set(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = cloneStateValue(x);
  return out;
}

// Rough JVM-like figures, so that memory figures have Spark's order of magnitude.
const OBJECT_OVERHEAD = 16;
const REFERENCE = 8;

/** An estimate of the bytes a value occupies (Spark's SizeEstimator plays this role). */
export function estimateStateValueSize(v: unknown): number {
  if (v === null || v === undefined) return REFERENCE;
  switch (typeof v) {
    case "number":
    case "boolean":
      return 8;
    case "bigint":
      return OBJECT_OVERHEAD + 8 * Math.max(1, Math.ceil(v.toString(16).length / 16));
    case "string":
      return OBJECT_OVERHEAD + 2 * v.length;
    default:
      break;
  }
  if (Array.isArray(v)) {
    let n = OBJECT_OVERHEAD;
    // An indexed loop: a recursive function's for-of allocates an iterator result per element.
    for (let i = 0; i < v.length; i++) n += REFERENCE + estimateStateValueSize(v[i]);
    return n;
  }
  if (ArrayBuffer.isView(v)) return OBJECT_OVERHEAD + v.byteLength;
  if (v instanceof MapValue)
    return OBJECT_OVERHEAD + estimateStateValueSize(v.keys) + estimateStateValueSize(v.values);
  if (v instanceof Map || v instanceof Set) {
    let n = OBJECT_OVERHEAD;
    for (const x of v instanceof Map ? v.values() : v) n += 2 * REFERENCE + estimateStateValueSize(x);
    return n;
  }
  let n = OBJECT_OVERHEAD;
  for (const x of Object.values(v as object)) n += REFERENCE + estimateStateValueSize(x);
  return n;
}
