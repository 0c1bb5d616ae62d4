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
 * it with NULLs when it is evicted (SPARK-26187). All four stores of a key live in the join key's
 * state partition (`partitioner`: Spark's hash of the join keys, state-partitioner.ts). Values
 * are `[...row, matched]` (the store takes ownership; a row read from the store is a fresh slice).
 *
 * Eviction under the state watermark goes through each partition's eviction index (an
 * ExpiryIndex, physical/expiry-index.ts, kept between batches by kept-expiry-indexes.ts): the
 * buffered rows' event times, so that a watermark finds the keys it evicts without scanning the
 * whole state (Nexmark q4 buffers seconds of bids, and every batch evicted a slice).
 *
 *     state key watermark   (kind "key"):   one entry per key   (its ordinal-th value's time, µs)
 *     state value watermark (kind "value"): one entry per row   (its event-time column's time, µs)
 *
 * NULL times are never evicted, so not indexed. Every buffered key (key kind) or row (value
 * kind) whose time is not NULL has an entry, and an entry is taken out only by the eviction that
 * removes its key (key kind) or row (value kind): keys are created by appends only and removed by
 * evictions only, and a value eviction removes, under a key it visits, every row at or below the
 * watermark. The keys it visits are those with a key or a row at or below the watermark, in time
 * order; the rows of a key are removed as Spark's `removeByKeyCondition` /
 * `removeByValueCondition` do.
 */
import { BOOLEAN, LONG, StructField, StructType } from "../../types/data-type.js";
import type { Expression } from "../../expressions/expression.js";
import { stateKeyOf, stateKeyPrefixOf, stateKeyWithIndex } from "../state/state-key.js";
import type { StatePartitioner } from "../state/state-partitioner.js";
import type { StateStore } from "../state/state-store.js";
import { KeptExpiryIndexes } from "../state/kept-expiry-indexes.js";
import type { ExpiryIndex } from "../../physical/expiry-index.js";
import { atOrBelowWatermark, eventTimeMicros } from "./watermark-support.js";
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

/** `get` of a key without rows (shared: most lookups of a stream's new keys find none). */
const NO_ROWS: readonly BufferedRow[] = Object.freeze([]);

/** The shape of one side's state watermark predicate (its bound aside): what the index orders by. */
export interface JoinEvictionSpec {
  /** "key": the key's `position`-th value; "value": the row's `position`-th column. */
  readonly kind: "key" | "value";
  readonly position: number;
  /** Whether the value is a window (its end is the time). */
  readonly isWindow: boolean;
}

export class SymmetricHashJoinStateManager {
  /** Rows appended by this batch (numRowsUpdated). */
  appended = 0;
  /** Per partition, the eviction index in use by this batch (opened on first use). */
  private readonly indexes: (ExpiryIndex | undefined)[];
  private readonly kept = new KeptExpiryIndexes();
  private readonly specText: string | undefined;
  /** `[...key, index]`, reused: the stores copy the key rows they are given. */
  private keyWithIndex: unknown[] = [];
  /**
   * The counts appends changed, by compact key, not yet written to `keyToNumValues`: a key
   * appended to many times in a batch has its count written once (`flushCounts`), not per row.
   */
  private readonly pendingCounts = new Map<
    unknown,
    { readonly p: number; readonly key: readonly unknown[]; n: number }
  >();

  /**
   * @param keyToNumValues the partitions' `<side>-keyToNumValues` stores
   * @param keyWithIndexToValue the partitions' `<side>-keyWithIndexToValue` stores (same length)
   * @param width the number of columns of a buffered row
   * @param partitioner maps a join key to its partition (over as many partitions as stores)
   * @param eviction the shape of the side's state watermark predicate (none: never evicted)
   */
  constructor(
    private readonly keyToNumValues: readonly StateStore[],
    private readonly keyWithIndexToValue: readonly StateStore[],
    private readonly width: number,
    private readonly partitioner: StatePartitioner,
    private readonly eviction?: JoinEvictionSpec,
  ) {
    this.indexes = new Array(keyToNumValues.length).fill(undefined);
    this.specText = eviction && `${eviction.kind}:${eviction.position}:${eviction.isWindow}`;
  }

  /** The number of rows under a key, by its compact key. */
  private countCompact(p: number, compact: unknown): number {
    const pending = this.pendingCounts.get(compact);
    if (pending !== undefined) return pending.n;
    const n = this.keyToNumValues[p]!.getCompact(compact);
    return typeof n === "number" ? n : n === undefined ? 0 : Number(n);
  }

  /** `[...key, index]` in the reused array (valid until the next call). */
  private withIndex(key: readonly unknown[], index: number): unknown[] {
    const a = this.keyWithIndex;
    const n = key.length;
    a.length = n + 1;
    for (let i = 0; i < n; i++) a[i] = key[i];
    a[n] = index;
    return a;
  }

  /** Row `index` of a key, `prefix` being `stateKeyPrefixOf(key)` (each key encoded once per call). */
  private read(p: number, key: readonly unknown[], index: number, prefix: string): BufferedRow {
    const v = this.keyWithIndexToValue[p]!.getCompact(stateKeyWithIndex(prefix, index)) as
      | readonly unknown[]
      | undefined;
    if (v === undefined) return { key, index, row: new Array(this.width).fill(null), matched: false };
    return { key, index, row: v.slice(0, this.width), matched: v[this.width] === true };
  }

  /**
   * The rows buffered under `key` (fresh objects, in index order); `compact` is
   * `stateKeyOf(key)` when the caller has it.
   */
  get(key: readonly unknown[], compact: unknown = stateKeyOf(key)): readonly BufferedRow[] {
    const p = this.partitioner.ofKey(key, compact);
    const n = this.countCompact(p, compact);
    if (n === 0) return NO_ROWS;
    const out: BufferedRow[] = new Array(n);
    const prefix = key.length >= 2 ? (compact as string) : stateKeyPrefixOf(key);
    for (let i = 0; i < n; i++) out[i] = this.read(p, key, i, prefix);
    return out;
  }

  /**
   * Buffers `row` under `key` with its matched flag; `compact` is `stateKeyOf(key)`. Keeps
   * `key` (the caller does not change it afterwards); `row` is copied.
   */
  append(
    key: readonly unknown[],
    row: unknown[],
    matched: boolean,
    compact: unknown = stateKeyOf(key),
  ): void {
    const p = this.partitioner.ofKey(key, compact);
    // countCompact, keeping the pending count found (one lookup of the key per append).
    const pending = this.pendingCounts.get(compact);
    let n: number;
    if (pending !== undefined) n = pending.n;
    else {
      const c = this.keyToNumValues[p]!.getCompact(compact);
      n = typeof c === "number" ? c : c === undefined ? 0 : Number(c);
    }
    const prefix = key.length >= 2 ? (compact as string) : stateKeyPrefixOf(key);
    // The stored value, `[...row, matched]`, allocated at its size: pushing onto the row would
    // grow its backing store to about 4× (V8 grows by half plus 16 slots), and the value stays
    // in the state until its watermark passes.
    const w = row.length;
    const value: unknown[] = new Array(w + 1);
    for (let i = 0; i < w; i++) value[i] = row[i];
    value[w] = matched;
    if (this.eviction !== undefined) {
      const e = this.eviction;
      if (e.kind === "value" || n === 0) {
        const t = eventTimeMicros(e.kind === "key" ? key[e.position] : row[e.position], e.isWindow);
        if (t !== null) this.indexOf(p).add(t, key, compact);
      }
    }
    this.keyWithIndexToValue[p]!.putCompact(stateKeyWithIndex(prefix, n), this.withIndex(key, n), value);
    if (pending !== undefined) pending.n = n + 1;
    else this.pendingCounts.set(compact, { p, key, n: n + 1 });
    this.appended++;
  }

  /**
   * Writes the counts of the keys appended to since the last call to `keyToNumValues`; called
   * once the batch's appends are done (before eviction and commit).
   */
  flushCounts(): void {
    // The keys are the callers' (never changed once appended): the stores keep them as they are.
    for (const [compact, c] of this.pendingCounts)
      this.keyToNumValues[c.p]!.putCompact(compact, c.key, c.n, true);
    this.pendingCounts.clear();
  }

  /** Sets the matched flag of a buffered row (read by `get`); no effect when already set. */
  markMatched(r: BufferedRow): void {
    if (r.matched) return;
    r.matched = true;
    const compact = stateKeyOf(r.key);
    const p = this.partitioner.ofKey(r.key, compact);
    const prefix = r.key.length >= 2 ? (compact as string) : stateKeyPrefixOf(r.key);
    const w = r.row.length;
    const value: unknown[] = new Array(w + 1);
    for (let i = 0; i < w; i++) value[i] = r.row[i];
    value[w] = true;
    this.keyWithIndexToValue[p]!.putCompact(
      stateKeyWithIndex(prefix, r.index),
      this.withIndex(r.key, r.index),
      value,
    );
  }

  /**
   * The eviction index of partition `p` for this batch: the one kept beside the store when it is
   * valid for the store's live map, else rebuilt by a scan. From now on it follows this batch's
   * changes, so it is valid again only once they are committed (`committed`).
   */
  private indexOf(p: number): ExpiryIndex {
    const open = this.indexes[p];
    if (open !== undefined) return open;
    const spec = this.eviction!;
    const counts = this.keyToNumValues[p]!;
    const values = this.keyWithIndexToValue[p]!;
    const index = this.kept.open([counts, values], this.specText!, (target) => {
      if (spec.kind === "key") {
        counts.forEachEntry((key) => {
          const t = eventTimeMicros(key[spec.position], spec.isWindow);
          if (t !== null) target.add(t, key, stateKeyOf(key));
        });
      } else {
        values.forEachEntry((keyWithIndex, value) => {
          const t = eventTimeMicros((value as readonly unknown[])[spec.position], spec.isWindow);
          if (t === null) return;
          const key = keyWithIndex.slice(0, keyWithIndex.length - 1);
          target.add(t, key, stateKeyOf(key));
        });
      }
    });
    this.indexes[p] = index;
    return index;
  }

  /**
   * Records that this batch's changes were committed: the indexes it updated are valid for the
   * stores' new live maps. Called after every store of the side committed.
   */
  committed(): void {
    this.kept.committed();
  }

  /**
   * Removes the rows the state watermark `watermarkMs` evicts: with a key predicate every row of
   * each key at or below it, with a value predicate every row at or below it — a key's last row
   * taking the place of a removed one, and a key without rows being removed (Spark's
   * `removeByKeyCondition` / `removeByValueCondition`). Partitions in order; in a partition, keys
   * in the order of their oldest evicted time. Returns the number of rows removed, and passes
   * each to `emit` when given (an outer join's preserved side; the rows are not read otherwise).
   */
  evict(watermarkMs: number, emit?: (r: BufferedRow) => void): number {
    this.flushCounts();
    const spec = this.eviction;
    if (spec === undefined) return 0;
    let removed = 0;
    const due = (micros: number) => atOrBelowWatermark(micros, watermarkMs);
    for (let p = 0; p < this.keyToNumValues.length; p++) {
      if (spec.kind === "key") {
        // One entry per key, but for a key removed and appended again since it was indexed: its
        // older entry then comes first and removes every row, the later one finds none.
        const keys: (readonly unknown[])[] = [];
        const compacts: unknown[] = [];
        this.indexOf(p).takeWhile(due, (key, compact) => {
          keys.push(key);
          compacts.push(compact);
        });
        for (let i = 0; i < keys.length; i++) removed += this.removeKey(p, keys[i]!, compacts[i], emit);
        continue;
      }
      // One entry per row: each key once, where its first row comes.
      const visit = new Map<unknown, readonly unknown[]>();
      this.indexOf(p).takeWhile(due, (key, compact) => {
        if (!visit.has(compact)) visit.set(compact, key);
      });
      for (const [compact, key] of visit)
        removed += this.removeRowsAtOrBelow(p, key, compact, spec, watermarkMs, emit);
    }
    return removed;
  }

  /** Removes every row of `key` (partition `p`); returns how many. */
  private removeKey(
    p: number,
    key: readonly unknown[],
    compact: unknown,
    emit: ((r: BufferedRow) => void) | undefined,
  ): number {
    const n = this.countCompact(p, compact);
    if (n === 0) return 0;
    const values = this.keyWithIndexToValue[p]!;
    const prefix = key.length >= 2 ? (compact as string) : stateKeyPrefixOf(key);
    for (let i = 0; i < n; i++) {
      const k = stateKeyWithIndex(prefix, i);
      if (emit) emit(this.read(p, key, i, prefix));
      values.removeCompact(k);
    }
    this.keyToNumValues[p]!.removeCompact(compact);
    return n;
  }

  /**
   * Removes the rows of `key` (partition `p`) whose event time is at or below `watermarkMs`;
   * returns how many. The rows end where Spark's removal leaves them (each removed row replaced
   * by the key's last one, which is looked at in turn): that walk runs over the values read
   * once, and only the indexes whose row changed are written (the same state as writing every
   * step, with fewer updates).
   */
  private removeRowsAtOrBelow(
    p: number,
    key: readonly unknown[],
    compact: unknown,
    spec: JoinEvictionSpec,
    watermarkMs: number,
    emit: ((r: BufferedRow) => void) | undefined,
  ): number {
    const before = this.countCompact(p, compact);
    if (before === 0) return 0;
    const values = this.keyWithIndexToValue[p]!;
    const prefix = key.length >= 2 ? (compact as string) : stateKeyPrefixOf(key);
    const at: string[] = new Array(before);
    const original: (readonly unknown[] | undefined)[] = new Array(before);
    for (let i = 0; i < before; i++) {
      at[i] = stateKeyWithIndex(prefix, i);
      original[i] = values.getCompact(at[i]!) as readonly unknown[] | undefined;
    }
    const rows = original.slice();
    let n = before;
    let i = 0;
    while (i < n) {
      const v = rows[i];
      const t = v === undefined ? null : eventTimeMicros(v[spec.position], spec.isWindow);
      if (!atOrBelowWatermark(t, watermarkMs)) {
        i++;
        continue;
      }
      if (emit) emit({ key, index: i, row: v!.slice(0, this.width), matched: v![this.width] === true });
      rows[i] = rows[n - 1];
      n--;
    }
    if (n === before) return 0;
    for (let j = 0; j < n; j++)
      if (rows[j] !== original[j]) values.putCompact(at[j]!, this.withIndex(key, j), rows[j]);
    for (let j = n; j < before; j++) values.removeCompact(at[j]!);
    if (n === 0) this.keyToNumValues[p]!.removeCompact(compact);
    else this.keyToNumValues[p]!.putCompact(compact, key, n, true);
    return before - n;
  }

  /** The number of buffered rows (Spark's metric: the keyWithIndexToValue stores' keys). */
  numRows(): number {
    let n = 0;
    for (const s of this.keyWithIndexToValue) n += s.numKeys();
    return n;
  }
}
