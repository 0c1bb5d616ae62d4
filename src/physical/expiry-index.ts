/**
 * An in-memory index of a state store's entries by time (a binary min-heap), so that the entries
 * due by a bound are found without scanning the whole store: the stream-stream join's eviction
 * (streaming/operators/symmetric-hash-join-state-manager.ts, times in µs), transformWithState's
 * timers and its TTL values (stateful-processor-handle-impl.ts, times in ms). Spark keeps such an
 * index in RocksDB (TimerStateImpl's `tsToKeyCF`, the TTL state's index by expiration); tspark's
 * stores have no ordered scan, so the index lives beside the store and is rebuilt by one scan
 * whenever it may not follow the store (streaming/state/kept-expiry-indexes.ts).
 *
 * An entry is (time, key row, its compact form). The index may hold entries no longer in the
 * store (a timer deleted, a value written again later): its users check each entry they take
 * against the store. What they rely on is that every entry of the store has one at or before its
 * own time.
 */
export class ExpiryIndex {
  private times: number[] = [];
  private keys: (readonly unknown[])[] = [];
  private compacts: unknown[] = [];
  /**
   * What the index is valid for (the store's live map as its provider names it after the last
   * commit that kept the index up to date), or undefined while a batch updates it (not yet
   * committed) or when nothing keeps it.
   */
  token: string | undefined;

  /** @param spec what the entries are (their users' layout), checked when a kept index is reused */
  constructor(readonly spec: string) {}

  /** The number of entries. */
  get size(): number {
    return this.times.length;
  }

  /** Adds the entry (`time`, `key`, `compact`); `key` is kept as it is (not copied). */
  add(time: number, key: readonly unknown[], compact: unknown): void {
    const times = this.times;
    const keys = this.keys;
    const compacts = this.compacts;
    let i = times.length;
    times.push(time);
    keys.push(key);
    compacts.push(compact);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt <= time) break;
      times[i] = pt;
      keys[i] = keys[parent]!;
      compacts[i] = compacts[parent];
      i = parent;
    }
    times[i] = time;
    keys[i] = key;
    compacts[i] = compact;
  }

  /**
   * Takes out the entries whose time is `due`, earliest first, and calls `visit` with each (a
   * key may come several times). `due` must hold for every time below one it holds for.
   */
  takeWhile(
    due: (time: number) => boolean,
    visit: (key: readonly unknown[], compact: unknown, time: number) => void,
  ): void {
    const times = this.times;
    while (times.length > 0 && due(times[0]!)) {
      const time = times[0]!;
      const key = this.keys[0]!;
      const compact = this.compacts[0];
      this.pop();
      visit(key, compact, time);
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

/**
 * Where a batch gets the index of a store (or of stores that move together, the join's two of a
 * side): the one kept from the last batch when it still follows the stores, else a new one that
 * `build` fills by scanning them. The index then follows this batch's changes (its caller adds an
 * entry for every write that needs one), so it is kept for the next batch only once they are
 * committed. Without a keeper (the batch transformWithState's temporary stores) every index is
 * built afresh.
 */
export interface ExpiryIndexKeeper {
  open(stores: readonly object[], spec: string, build: (index: ExpiryIndex) => void): ExpiryIndex;
}

/** A keeper that keeps nothing: every `open` builds a new index. */
export const BUILD_EVERY_TIME: ExpiryIndexKeeper = {
  open(_stores, spec, build) {
    const index = new ExpiryIndex(spec);
    build(index);
    return index;
  },
};
