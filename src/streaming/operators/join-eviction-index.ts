/**
 * The eviction index of one side and partition of a stream-stream join's state: the buffered
 * rows' event times in a binary min-heap, so that a watermark finds the keys it evicts without
 * scanning the whole state (Nexmark q4 buffers seconds of bids, and every batch evicted a slice).
 *
 *     state key watermark   (kind "key"):   one entry per key   (its ordinal-th value's time)
 *     state value watermark (kind "value"): one entry per row   (its event-time column's time)
 *
 * An entry is (event time in µs, join key row, its compact form `stateKeyOf(key)`); NULL times are never evicted, so not indexed.
 * Invariant: every buffered key (key kind) or row (value kind) whose time is not NULL has an
 * entry, and an entry is taken out only by the eviction that removes its key (key kind) or row
 * (value kind): keys are created by appends only and removed by evictions only, and a value
 * eviction removes, under a key it visits, every row at or below the watermark.
 *
 * The index lives in memory beside the state store provider and is not persisted: it is valid
 * for the provider's live map as the last commit left it (its `token`), and is rebuilt by one
 * scan of the store whenever that does not hold (first use, a restart or a reload, a roll back,
 * an aborted batch, a provider that cannot tell, a different predicate).
 */
import { atOrBelowWatermark } from "./watermark-support.js";

export class JoinEvictionIndex {
  private times: number[] = [];
  private keys: (readonly unknown[])[] = [];
  private compacts: unknown[] = [];
  /**
   * What the index is valid for (the stores' versions as the providers name them after the last
   * commit that kept it up to date), or undefined while a batch updates it (not yet committed).
   */
  token: string | undefined;

  /** @param spec the predicate's shape the entries follow (kind, column, window or not) */
  constructor(readonly spec: string) {}

  /** The number of entries. */
  get size(): number {
    return this.times.length;
  }

  /** Adds the entry (`micros`, `key`, `compact`); `key` is kept as it is (not copied). */
  add(micros: number, key: readonly unknown[], compact: unknown): void {
    const times = this.times;
    const keys = this.keys;
    const compacts = this.compacts;
    let i = times.length;
    times.push(micros);
    keys.push(key);
    compacts.push(compact);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt <= micros) break;
      times[i] = pt;
      keys[i] = keys[parent]!;
      compacts[i] = compacts[parent];
      i = parent;
    }
    times[i] = micros;
    keys[i] = key;
    compacts[i] = compact;
  }

  /**
   * Takes out every entry at or below `watermarkMs` and calls `visit` with each entry's key and
   * compact key, in time order (a key may come several times).
   */
  takeAtOrBelow(watermarkMs: number, visit: (key: readonly unknown[], compact: unknown) => void): void {
    const times = this.times;
    while (times.length > 0 && atOrBelowWatermark(times[0]!, watermarkMs)) {
      const key = this.keys[0]!;
      const compact = this.compacts[0];
      this.pop();
      visit(key, compact);
    }
  }

  /** Removes the first entry. */
  private pop(): void {
    const times = this.times;
    const keys = this.keys;
    const compacts = this.compacts;
    const lastTime = times.pop()!;
    const lastKey = keys.pop()!;
    const lastCompact = compacts.pop();
    const n = times.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && times[r]! < times[l]! ? r : l;
      if (times[c]! >= lastTime) break;
      times[i] = times[c]!;
      keys[i] = keys[c]!;
      compacts[i] = compacts[c];
      i = c;
    }
    times[i] = lastTime;
    keys[i] = lastKey;
    compacts[i] = lastCompact;
  }
}
