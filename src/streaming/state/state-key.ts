/**
 * State keys: the compact group key of a key row (the same equality as grouping, from
 * physical/group-key.ts) and the state partition a key belongs to.
 */
import { compositeKey, singleKey } from "../../physical/group-key.js";

/** The compact key of a key row: `""` for no columns, the single-column key, or the composite one. */
export function stateKeyOf(row: readonly unknown[]): unknown {
  if (row.length === 0) return "";
  if (row.length === 1) return singleKey(row[0]);
  return compositeKey(row);
}

/**
 * The partition (0 ≤ p < numPartitions) of a compact key: a deterministic hash, so that a key
 * lands in the same store in every batch and after a restart. (Spark hashes the key row with
 * Murmur3; tspark's stores are its own, so only stability matters.)
 */
export function statePartitionOf(compactKey: unknown, numPartitions: number): number {
  if (numPartitions <= 1) return 0;
  let h = 0x811c9dc5;
  const mix = (c: number): void => {
    h = Math.imul(h ^ c, 0x01000193);
  };
  if (typeof compactKey === "number") {
    if (Number.isInteger(compactKey) && Math.abs(compactKey) <= 0x7fffffff) {
      mix(compactKey & 0xffff);
      mix(compactKey >>> 16);
    } else for (const ch of String(compactKey)) mix(ch.charCodeAt(0));
  } else {
    const s = typeof compactKey === "string" ? compactKey : `${typeof compactKey}:${String(compactKey)}`;
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
  }
  // Final avalanche so that consecutive integers spread over the partitions.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % numPartitions;
}
