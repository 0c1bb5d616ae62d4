/**
 * State keys: the compact group key of a key row (the same equality as grouping, from
 * physical/group-key.ts) and the state partition a key belongs to.
 */
import { compositeKey, groupKeyAt, singleKey } from "../../physical/group-key.js";

export { compositeKey as stateKeyPrefixOf };

/** The compact key of a key row: `""` for no columns, the single-column key, or the composite one. */
export function stateKeyOf(row: readonly unknown[]): unknown {
  if (row.length === 0) return "";
  if (row.length === 1) return singleKey(row[0]);
  return compositeKey(row);
}

/**
 * The compact key of `[...key, index]` from `compositeKey(key)` (the join's keyWithIndexToValue
 * keys, `key` of one or more values): equal to `stateKeyOf([...key, index])`, without building the
 * row or encoding the key again (a row of two or more values is the concatenation of its values'
 * encodings).
 */
export function stateKeyWithIndex(keyPrefix: string, index: number): string {
  // compositeKey([index]) of an index (a non-negative integer), without the array: `n<index>;`,
  // the small ones made once (one concatenation per key, not a chain of three).
  return keyPrefix + (index < INDEX_SUFFIXES.length ? INDEX_SUFFIXES[index]! : `n${index};`);
}

/** `n<i>;` for the first indexes (most join keys buffer a few rows). */
const INDEX_SUFFIXES: readonly string[] = Array.from({ length: 64 }, (_, i) => `n${i};`);

/** The compact key of row `row` over the first `n` columns (`stateKeyOf` of that key row). */
export { groupKeyAt as stateKeyAt };

/**
 * The legacy (`fnv1a`) partition (0 ≤ p < numPartitions) of a compact key: FNV-1a of tspark's
 * compact key. Checkpoints written before tspark partitioned state as Spark does keep using it;
 * everything else goes through a StatePartitioner (state-partitioner.ts). Never change it: it
 * decides where those checkpoints' keys are stored.
 */
export function statePartitionOf(compactKey: unknown, numPartitions: number): number {
  if (numPartitions <= 1) return 0;
  // FNV-1a, inlined (a closure per call was a measurable cost per row).
  let h = 0x811c9dc5;
  if (typeof compactKey === "number" && Number.isInteger(compactKey) && Math.abs(compactKey) <= 0x7fffffff) {
    h = Math.imul(h ^ (compactKey & 0xffff), 0x01000193);
    h = Math.imul(h ^ (compactKey >>> 16), 0x01000193);
  } else {
    const s =
      typeof compactKey === "string"
        ? compactKey
        : typeof compactKey === "number"
          ? String(compactKey)
          : `${typeof compactKey}:${String(compactKey)}`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  // Final avalanche so that consecutive integers spread over the partitions.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % numPartitions;
}
