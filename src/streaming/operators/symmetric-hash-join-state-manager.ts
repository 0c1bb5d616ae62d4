/**
 * The buffered rows of one side of a stream-stream join (Spark's SymmetricHashJoinStateManager,
 * state format v2): two stores per partition,
 *
 *     <side>-keyToNumValues       join key row            → number of rows buffered under it
 *     <side>-keyWithIndexToValue  join key row + index    → the input row + its `matched` flag
 *
 * so that a key's rows are found without scanning and duplicates are kept (each row has its own
 * index 0 … n−1). A removal moves the key's last row into the freed index (indexes stay dense).
 * The `matched` flag records that the row has joined at least once, so an outer join never emits
 * it with NULLs when it is evicted (SPARK-26187). All four stores of a key live in the partition
 * `statePartitionOf(stateKeyOf(key))`. Values are `[...row, matched]` (the store takes ownership;
 * a row read from the store is a fresh slice).
 */
import { BOOLEAN, LONG, StructField, StructType } from "../../types/data-type.js";
import type { Expression } from "../../expressions/expression.js";
import { statePartitionOf, stateKeyOf, stateKeyPrefixOf, stateKeyWithIndex } from "../state/state-key.js";
import type { StateStore } from "../state/state-store.js";
import { expressionsSchema } from "./aggregation-state-schema.js";
import type { AttributeReference } from "../../expressions/expression.js";

/** Which input of the join. */
export type JoinSide = "left" | "right";

/** The store names of one side, in Spark's order (keyToNumValues, then keyWithIndexToValue). */
export function joinStoreNames(side: JoinSide): readonly [string, string] {
  return [`${side}-keyToNumValues`, `${side}-keyWithIndexToValue`];
}

/** Spark's `allStateStoreNames(LeftSide, RightSide)`: the four store names of a join. */
export const ALL_JOIN_STORE_NAMES: readonly string[] = [
  ...joinStoreNames("left"),
  ...joinStoreNames("right"),
];

/** One buffered row as read from the state. */
export interface BufferedRow {
  readonly key: readonly unknown[];
  index: number;
  readonly row: readonly unknown[];
  matched: boolean;
}

/**
 * The schemas Spark records for one side's stores: the key (`field0`, `field1`, … typed as the
 * join keys), `value: long` for the counts, the key plus `index: long`, and the input row plus
 * `matched: boolean` (format v2).
 */
export function joinStoreSchemas(
  keys: readonly Expression[],
  input: readonly AttributeReference[],
): {
  readonly keySchema: StructType;
  readonly keyWithIndexSchema: StructType;
  readonly valueSchema: StructType;
} {
  const keyFields = expressionsSchema(keys).fields.map(
    (f, i) => new StructField(`field${i}`, f.dataType, f.nullable),
  );
  const keySchema = new StructType(keyFields);
  const keyWithIndexSchema = new StructType([...keyFields, new StructField("index", LONG, true)]);
  const valueSchema = new StructType([
    ...input.map((a) => new StructField(a.name, a.dataType, a.nullable)),
    new StructField("matched", BOOLEAN, true),
  ]);
  return { keySchema, keyWithIndexSchema, valueSchema };
}

/** The `<side>-keyToNumValues` value schema. */
export const NUM_VALUES_SCHEMA = new StructType([new StructField("value", LONG, true)]);

export class SymmetricHashJoinStateManager {
  /** Rows appended by this batch (numRowsUpdated). */
  appended = 0;

  /**
   * @param keyToNumValues the partitions' `<side>-keyToNumValues` stores
   * @param keyWithIndexToValue the partitions' `<side>-keyWithIndexToValue` stores (same length)
   * @param width the number of columns of a buffered row
   */
  constructor(
    private readonly keyToNumValues: readonly StateStore[],
    private readonly keyWithIndexToValue: readonly StateStore[],
    private readonly width: number,
  ) {}

  private partitionOf(key: readonly unknown[]): number {
    return statePartitionOf(stateKeyOf(key), this.keyToNumValues.length);
  }

  /** The number of rows under a key, by its compact key. */
  private countCompact(p: number, compact: unknown): number {
    const n = this.keyToNumValues[p]!.getCompact(compact);
    return typeof n === "number" ? n : n === undefined ? 0 : Number(n);
  }

  private count(p: number, key: readonly unknown[]): number {
    return this.countCompact(p, stateKeyOf(key));
  }

  /** Row `index` of a key, `prefix` being `stateKeyPrefixOf(key)` (each key encoded once per call). */
  private read(
    p: number,
    key: readonly unknown[],
    index: number,
    prefix = stateKeyPrefixOf(key),
  ): BufferedRow {
    const v = this.keyWithIndexToValue[p]!.getCompact(stateKeyWithIndex(prefix, index)) as
      | readonly unknown[]
      | undefined;
    if (v === undefined) return { key, index, row: new Array(this.width).fill(null), matched: false };
    return { key, index, row: v.slice(0, this.width), matched: v[this.width] === true };
  }

  /** The rows buffered under `key` (fresh objects, in index order). */
  get(key: readonly unknown[]): BufferedRow[] {
    const compact = stateKeyOf(key);
    const p = statePartitionOf(compact, this.keyToNumValues.length);
    const n = this.countCompact(p, compact);
    const out: BufferedRow[] = new Array(n);
    if (n === 0) return out;
    const prefix = stateKeyPrefixOf(key);
    for (let i = 0; i < n; i++) out[i] = this.read(p, key, i, prefix);
    return out;
  }

  /** Buffers `row` under `key` with its matched flag. */
  append(key: readonly unknown[], row: readonly unknown[], matched: boolean): void {
    // The key's compact forms are computed once (three store operations use them).
    const compact = stateKeyOf(key);
    const p = statePartitionOf(compact, this.keyToNumValues.length);
    const n = this.countCompact(p, compact);
    const prefix = key.length >= 2 ? (compact as string) : stateKeyPrefixOf(key);
    this.keyWithIndexToValue[p]!.putCompact(stateKeyWithIndex(prefix, n), [...key, n], [...row, matched]);
    this.keyToNumValues[p]!.putCompact(compact, key, n + 1);
    this.appended++;
  }

  /** Sets the matched flag of a buffered row (read by `get`); no effect when already set. */
  markMatched(r: BufferedRow): void {
    if (r.matched) return;
    r.matched = true;
    this.keyWithIndexToValue[this.partitionOf(r.key)]!.put([...r.key, r.index], [...r.row, true]);
  }

  /** Removes (and returns) every row of each key for which `evict(key)` holds. */
  removeByKeyCondition(evict: (key: readonly unknown[]) => boolean): BufferedRow[] {
    const removed: BufferedRow[] = [];
    for (let p = 0; p < this.keyToNumValues.length; p++) {
      const keys: (readonly unknown[])[] = [];
      this.keyToNumValues[p]!.forEachEntry((key) => {
        if (evict(key)) keys.push(key);
      });
      for (const key of keys) {
        const n = this.count(p, key);
        for (let i = 0; i < n; i++) {
          removed.push(this.read(p, key, i));
          this.keyWithIndexToValue[p]!.remove([...key, i]);
        }
        this.keyToNumValues[p]!.remove(key);
      }
    }
    return removed;
  }

  /**
   * Removes (and returns) every buffered row for which `evict(row)` holds; a key's last row takes
   * the place of a removed one, and a key without rows is removed.
   */
  removeByValueCondition(evict: (row: readonly unknown[]) => boolean): BufferedRow[] {
    const removed: BufferedRow[] = [];
    for (let p = 0; p < this.keyToNumValues.length; p++) {
      const keys: (readonly unknown[])[] = [];
      this.keyToNumValues[p]!.forEachEntry((key) => keys.push(key));
      const values = this.keyWithIndexToValue[p]!;
      for (const key of keys) {
        let n = this.count(p, key);
        const before = n;
        let i = 0;
        while (i < n) {
          const r = this.read(p, key, i);
          if (!evict(r.row)) {
            i++;
            continue;
          }
          removed.push(r);
          const last = n - 1;
          if (i < last) values.put([...key, i], values.get([...key, last]));
          values.remove([...key, last]);
          n--;
        }
        if (n === before) continue;
        if (n === 0) this.keyToNumValues[p]!.remove(key);
        else this.keyToNumValues[p]!.put(key, n);
      }
    }
    return removed;
  }

  /** The number of buffered rows (Spark's metric: the keyWithIndexToValue stores' keys). */
  numRows(): number {
    let n = 0;
    for (const s of this.keyWithIndexToValue) n += s.numKeys();
    return n;
  }
}
