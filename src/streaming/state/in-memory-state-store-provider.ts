/**
 * The in-memory state store provider (Spark's HDFSBackedStateStoreProvider without its files).
 *
 * Layout: one live map (compact key → entry) holding the latest version, plus one undo log per
 * retained older version. A writable store at the live version updates the live map in place and
 * records, for each key it touches first, the entry the key had before (or its absence) in an
 * UndoRecord; `commit()` keeps that record as the undo log from the new version back to the old
 * one, `abort()` replays it.
 * So a batch costs time in proportion to its own updates, never to the size of the state (the
 * earlier copy-on-write design copied the whole map on every batch's first update).
 *
 * Versions: the provider keeps the latest `maxVersionsToRetain` versions (at least 2, so the last
 * batch can re-run from the version before it): the live one and, through the undo logs, the ones
 * before it. Loading an older version for update rolls the live map back to it, dropping the later
 * versions (a re-run replaces them anyway, as the StateStore contract says); a read-only view of an
 * older version is a copy. Like Spark, it counts how often a version to update was loaded
 * (`loadedMapCacheHitCount`) or not (`loadedMapCacheMissCount`; here such a load fails, since
 * there are no files to read).
 *
 * The durable provider (hdfs-backed-state-store-provider.ts) is this class plus files: it
 * overrides the protected hooks below to write each commit's delta before it is published, to
 * load a version it does not hold from the files, and to follow the live map's changes while a
 * snapshot is written in the background.
 *
 * One writable store per provider at a time (one task per partition and batch, as in Spark):
 * opening another aborts the previous one. A read-only view of the live version opened while a
 * store updates it still sees the committed version (it consults the writer's undo record).
 */
import { internalError, TsparkError } from "../../common/errors.js";
import type {
  GetStoreOptions,
  ReadStateStore,
  StateEntry,
  StateStore,
  StateStoreConf,
  StateStoreId,
  StateStoreMetrics,
  StateStoreProvider,
} from "./state-store.js";
import { storeCheckpointLocation } from "./state-store.js";
import { stateKeyOf } from "./state-key.js";
import { estimateStateValueSize } from "./state-value.js";

/** A key's entry in a loaded version. */
export interface StoredEntry extends StateEntry {
  /** Estimated size of key and value. */
  readonly bytes: number;
  /**
   * The version whose store wrote the entry (0 when it was loaded from files). An entry of the
   * open store's own version was written by that store, so the store's undo record already has
   * the key: `putCompact` and `removeCompact` skip the lookup there.
   */
  readonly writtenIn: number;
}

/** What a key held before a version's first update of it: its entry, or ABSENT. */
export const ABSENT = null;
/** A key's entry before an update, or ABSENT. */
export type Previous = StoredEntry | typeof ABSENT;

/**
 * What a writable store's updates replaced, in the order they happened: record i says that key
 * `keys[i]` held `olds[i]` just before an update. A store records a key at its first update, and
 * once more when it puts a key it removed earlier (the key's absence just before that put), so
 * the records replayed newest first (`undoInto`) restore the version the store was opened at.
 * Recording is two array appends, no hash lookup: a batch of a join that buffers and evicts
 * thousands of rows pays for no second hash table beside the live map. `asMap()` gives each key's
 * entry before the store's first update of it (its first record), for the readers that look keys
 * up (a read-only view of the version being updated, a snapshot written meanwhile); it is built on
 * the first call and extended by the records added since on later ones.
 *
 * A key has at most one record other than ABSENT: after its first record the live entry is either
 * gone or one the store wrote, and neither is recorded again.
 */
export class UndoRecord {
  private readonly keys: unknown[] = [];
  private readonly olds: Previous[] = [];
  private map: Map<unknown, Previous> | undefined;
  /** How many records `map` has taken in. */
  private mapped = 0;

  /** Records that `k` held `old` just before the update being made. */
  record(k: unknown, old: Previous): void {
    this.keys.push(k);
    this.olds.push(old);
  }

  /** The number of records. */
  get size(): number {
    return this.keys.length;
  }

  /** Passes the records to `fn` newest first (the order that undoes them). */
  forEachNewestFirst(fn: (k: unknown, old: Previous) => void): void {
    const { keys, olds } = this;
    for (let i = keys.length - 1; i >= 0; i--) fn(keys[i], olds[i]!);
  }

  /** Each recorded key's entry before the store's first update of it. */
  asMap(): ReadonlyMap<unknown, Previous> {
    const map = (this.map ??= new Map());
    const { keys, olds } = this;
    // Extended by the records added since the last call; a key's first record wins.
    for (let i = this.mapped; i < keys.length; i++) if (!map.has(keys[i])) map.set(keys[i], olds[i]!);
    this.mapped = keys.length;
    return map;
  }

  /** Estimated size of the entries the record keeps alive. */
  bytes(): number {
    let n = 0;
    for (const e of this.olds) if (e !== ABSENT) n += e.bytes;
    return n;
  }

  /** Drops every record (an aborted store's). */
  clear(): void {
    this.keys.length = 0;
    this.olds.length = 0;
    this.map = undefined;
    this.mapped = 0;
  }
}

/** The undo log from version `version` back to `version - 1`. */
export interface UndoLog {
  readonly version: number;
  readonly previous: UndoRecord;
  /** Estimated size of the entries it keeps alive. */
  readonly bytes: number;
}

// Hash-table overhead per entry and per map, in the spirit of a JVM HashMap.
const ENTRY_OVERHEAD = 48;
const MAP_OVERHEAD = 64;

/**
 * Where a store records its updates as they happen (the durable provider's delta encoder): each
 * put and each remove of a present key, in order, while key and value are at hand.
 */
export interface UpdateLog {
  put(key: readonly unknown[], value: unknown): void;
  remove(key: readonly unknown[]): void;
}

/**
 * Collects the deltas of stores committed together (`commitStateStores`, state-commit.ts): a
 * durable provider's `persist` hands its delta here instead of writing its own file.
 */
export interface DeltaGroup {
  add(id: StateStoreId, bytes: Uint8Array): void;
}

/** Estimated memory of a map of `entries` entries whose keys and values take `bytes`. */
export function mapSize(entries: number, bytes: number): number {
  return MAP_OVERHEAD + entries * ENTRY_OVERHEAD + bytes;
}

/** Keeps one store id's versions in memory. */
export class InMemoryStateStoreProvider implements StateStoreProvider {
  /** The latest version's entries; mutated only by the open writer (and rolled back on abort). */
  readonly live = new Map<unknown, StoredEntry>();
  liveVersion = 0;
  /** Sum of the live entries' sizes. */
  liveBytes = 0;
  /** Undo logs of the retained older versions, oldest first (the last one leads to liveVersion). */
  protected undo: UndoLog[] = [];
  /** The open writable store, if any. */
  writer: InMemoryStateStore | undefined;
  /** Bumped whenever the live map changes version (commit, roll back, reset). */
  epoch = 0;
  protected cacheHits = 0;
  protected cacheMisses = 0;

  constructor(
    readonly id: StateStoreId,
    protected readonly conf: StateStoreConf,
  ) {}

  async getStore(version: number, options?: GetStoreOptions): Promise<StateStore> {
    this.checkVersion(version);
    this.writer?.abort();
    if (version === 0) {
      // Version 0 is the empty state before the first batch (not a cache lookup, as in Spark).
      if (this.liveVersion !== 0 || this.live.size > 0) this.reset();
    } else if (this.holds(version)) {
      this.cacheHits++;
      this.rollBackTo(version);
    } else if (options?.emptyIfNeverCommitted === true && this.neverCommitted()) {
      this.reset();
      this.startEmptyAt(version);
      this.liveVersion = version;
    } else {
      this.cacheMisses++;
      await this.loadLive(version);
    }
    const store = new InMemoryStateStore(this, version, this.openUpdateLog(version + 1));
    this.writer = store;
    return store;
  }

  async getReadStore(version: number): Promise<ReadStateStore> {
    this.checkVersion(version);
    if (version === this.liveVersion) return new LiveView(this, version);
    if (version === 0) return new SnapshotView(this.id, 0, new Map());
    if (this.holds(version)) return new SnapshotView(this.id, version, this.materialize(version));
    return this.readMissing(version);
  }

  /** Whether `version` (> 0) is loaded: the live one or one the undo logs lead back to. */
  protected holds(version: number): boolean {
    return version <= this.liveVersion && version >= this.liveVersion - this.undo.length;
  }

  /** Whether no version of this store was ever committed (here: none in memory). */
  protected neverCommitted(): boolean {
    return this.liveVersion === 0 && this.undo.length === 0;
  }

  /** Records that the store starts empty at `version` (durable providers write it down). */
  protected startEmptyAt(_version: number): void {}

  /**
   * Makes the live map `version`, which is not loaded (a cache miss of `getStore`): here it
   * fails, as there are no files; the durable provider reads them. No writer is open.
   */
  protected async loadLive(version: number): Promise<void> {
    throw this.cannotLoad(version);
  }

  /** A read-only view of `version`, which is not loaded: here it fails (see `loadLive`). */
  protected async readMissing(version: number): Promise<ReadStateStore> {
    throw this.cannotLoad(version);
  }

  /**
   * Called by a store's commit before anything is published: the live map holds the new
   * `version`, and `previous` what each key it changed held before. Nothing to do in memory; the
   * durable provider writes the delta file here. Throwing leaves the store uncommitted.
   */
  persist(_version: number, _previous: UndoRecord, _log: UpdateLog | undefined, _group?: DeltaGroup): void {}

  /**
   * The log a store opened for update records its updates in, for the commit of `version`
   * (none here; the durable provider encodes its delta file as the batch goes).
   */
  protected openUpdateLog(_version: number): UpdateLog | undefined {
    return undefined;
  }

  /** Called after `version` was published, with the undo log leading back from it. */
  protected onPublished(_version: number, _previous: UndoRecord): void {}

  /** Called after the live map undid the changes of `previous` (an abort or a roll back). */
  protected onUndone(_previous: UndoRecord, _version: number): void {}

  /** Called after the live map was emptied to version 0. */
  protected onReset(): void {}

  /** The versions currently loaded, ascending (tests and diagnostics). */
  loadedVersions(): number[] {
    const out = this.undo.map((u) => u.version - 1);
    out.push(this.liveVersion);
    return this.liveVersion === 0 && this.undo.length === 0 ? [] : out;
  }

  /** Estimated memory of every loaded version (Spark's `memoryUsedBytes` of the provider). */
  memoryUsedBytes(): number {
    let n = mapSize(this.live.size, this.liveBytes);
    for (const u of this.undo) n += mapSize(u.previous.size, u.bytes);
    return n;
  }

  /** Spark's `loadedMapCacheHitCount` / `loadedMapCacheMissCount`, cumulative for this provider. */
  cacheCounts(): { readonly hits: number; readonly misses: number } {
    return { hits: this.cacheHits, misses: this.cacheMisses };
  }

  toString(): string {
    return `${this.providerName()}[id = (op=${this.id.operatorId},part=${this.id.partitionId}),dir = ${this.dir()}]`;
  }

  /** The name `toString` gives the provider. */
  protected providerName(): string {
    return "InMemoryStateStoreProvider";
  }

  /** Called by the writer's commit: the live map is now `version`, undone by `previous`. */
  published(version: number, previous: UndoRecord): void {
    this.undo.push({ version, previous, bytes: previous.bytes() });
    this.liveVersion = version;
    this.writer = undefined;
    this.epoch++;
    const keep = Math.max(2, this.conf.maxVersionsToRetain) - 1;
    if (this.undo.length > keep) this.undo = this.undo.slice(this.undo.length - keep);
    this.onPublished(version, previous);
  }

  /** Called by the writer's abort: replays its undo record, leaving the live version as it was. */
  rolledBack(previous: UndoRecord): void {
    this.undoInto(this.live, previous, true);
    this.writer = undefined;
    this.onUndone(previous, this.liveVersion + 1);
  }

  /** Applies an undo record to `map`, newest record first (adjusting liveBytes when it is the live map). */
  private undoInto(map: Map<unknown, StoredEntry>, previous: UndoRecord, live: boolean): void {
    previous.forEachNewestFirst((k, old) => {
      if (live) {
        const cur = map.get(k);
        if (cur) this.liveBytes -= cur.bytes;
        if (old) this.liveBytes += old.bytes;
      }
      if (old === ABSENT) map.delete(k);
      else map.set(k, old);
    });
  }

  /** Makes the live map `version` (held: ≤ liveVersion), dropping the versions after it. */
  private rollBackTo(version: number): void {
    while (this.liveVersion > version) {
      const u = this.undo.pop()!;
      this.undoInto(this.live, u.previous, true);
      this.liveVersion = u.version - 1;
      this.epoch++;
      this.onUndone(u.previous, u.version);
    }
  }

  /** A copy of the entries of an older retained `version`. */
  private materialize(version: number): Map<unknown, StoredEntry> {
    if (version > this.liveVersion || version < this.liveVersion - this.undo.length)
      throw this.cannotLoad(version);
    const copy = new Map(this.live);
    if (this.writer) this.undoInto(copy, this.writer.previous, false);
    for (let i = this.undo.length - 1; i >= 0 && this.undo[i]!.version > version; i--)
      this.undoInto(copy, this.undo[i]!.previous, false);
    return copy;
  }

  /** Empties the live map to version 0, forgetting every loaded version. */
  protected reset(): void {
    this.live.clear();
    this.liveBytes = 0;
    this.liveVersion = 0;
    this.undo = [];
    this.epoch++;
    this.onReset();
  }

  private checkVersion(version: number): void {
    if (!Number.isSafeInteger(version) || version < 0)
      throw internalError(`invalid state version ${version}`);
  }

  /** CANNOT_READ_DELTA_FILE_NOT_EXISTS for the delta file of `version`. */
  protected cannotLoad(version: number): TsparkError {
    return new TsparkError("CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS", {
      messageParameters: { fileToRead: `${this.dir()}/${version}.delta`, clazz: this.toString() },
    });
  }

  /** `<stateRoot>/<operatorId>/<partitionId>[/<storeName>]`, the store's directory. */
  dir(): string {
    return storeCheckpointLocation(this.id);
  }
}

/** The writable store: updates the provider's live map in place, recording what it replaced. */
export class InMemoryStateStore implements StateStore {
  /** What this store's updates replaced (each touched key's entry before its first update). */
  readonly previous = new UndoRecord();
  private state: "updating" | "committed" | "aborted" = "updating";

  constructor(
    readonly provider: InMemoryStateStoreProvider,
    readonly version: number,
    /** Where updates are recorded as they happen, if the provider wants them. */
    private readonly log: UpdateLog | undefined,
  ) {}

  get id(): StateStoreId {
    return this.provider.id;
  }

  get hasCommitted(): boolean {
    return this.state === "committed";
  }

  liveState(): { readonly holder: object; readonly token: string } {
    const p = this.provider;
    return { holder: p, token: `${p.liveVersion}:${p.epoch}` };
  }

  get(key: readonly unknown[]): unknown {
    return this.getCompact(stateKeyOf(key));
  }

  getCompact(compactKey: unknown): unknown {
    this.checkReadable();
    return this.provider.live.get(compactKey)?.value;
  }

  *iterator(): Iterable<StateEntry> {
    this.checkReadable();
    for (const e of this.provider.live.values()) yield { key: e.key, value: e.value };
  }

  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void {
    this.checkReadable();
    for (const e of this.provider.live.values()) fn(e.key, e.value);
  }

  numKeys(): number {
    return this.state === "aborted" ? 0 : this.provider.live.size;
  }

  put(key: readonly unknown[], value: unknown): void {
    this.putCompact(stateKeyOf(key), key, value);
  }

  putCompact(k: unknown, key: readonly unknown[], value: unknown, keyOwned = false): void {
    this.checkWritable();
    const live = this.provider.live;
    const keyCopy = keyOwned ? key : key.slice();
    const written = this.version + 1;
    const entry: StoredEntry = {
      key: keyCopy,
      value,
      bytes: estimateStateValueSize(keyCopy) + estimateStateValueSize(value),
      writtenIn: written,
    };
    // Recorded first: a value the log cannot encode fails the put before the live map changes.
    if (this.log !== undefined) this.log.put(keyCopy, value);
    const old = live.get(k);
    if (old === undefined) {
      // Absent now: never touched by this store, or removed by it (then its entry before is
      // recorded already, and this record, replayed first, only undoes this put).
      this.previous.record(k, ABSENT);
    } else {
      // An older version's entry is this store's first update of the key (a later update would
      // have replaced the entry with one of this version, a removal would have dropped it).
      if (old.writtenIn !== written) this.previous.record(k, old);
      this.provider.liveBytes -= old.bytes;
    }
    live.set(k, entry);
    this.provider.liveBytes += entry.bytes;
  }

  remove(key: readonly unknown[]): void {
    this.removeCompact(stateKeyOf(key));
  }

  removeCompact(k: unknown): void {
    this.checkWritable();
    const live = this.provider.live;
    const old = live.get(k);
    if (!old) return;
    if (this.log !== undefined) this.log.remove(old.key);
    // As in putCompact: an entry of an older version is this store's first update of the key.
    if (old.writtenIn !== this.version + 1) this.previous.record(k, old);
    this.provider.liveBytes -= old.bytes;
    live.delete(k);
  }

  async commit(): Promise<number> {
    if (this.state === "committed") return this.version + 1;
    this.prepareCommit();
    return this.publishCommit();
  }

  /**
   * The first half of a commit: durable providers write the delta (or, with `group`, hand it to
   * the group, which the caller writes before `publishCommit`). If that fails, the store stays
   * open (not committed) and the caller's abort() rolls the live map back.
   */
  prepareCommit(group?: DeltaGroup): void {
    if (this.state === "aborted") throw internalError("cannot commit an aborted state store");
    if (this.state === "committed") throw internalError("the state store is already committed");
    this.provider.persist(this.version + 1, this.previous, this.log, group);
  }

  /** The second half of a commit: publishes the new version. */
  publishCommit(): number {
    if (this.state === "committed") return this.version + 1;
    this.provider.published(this.version + 1, this.previous);
    this.state = "committed";
    return this.version + 1;
  }

  abort(): void {
    if (this.state !== "updating") return;
    this.state = "aborted";
    this.provider.rolledBack(this.previous);
    this.previous.clear();
  }

  metrics(): StateStoreMetrics {
    const { hits, misses } = this.provider.cacheCounts();
    return {
      numKeys: this.numKeys(),
      memoryUsedBytes: this.provider.memoryUsedBytes(),
      customMetrics: new Map([
        ["loadedMapCacheHitCount", hits],
        ["loadedMapCacheMissCount", misses],
        ["stateOnCurrentVersionSizeBytes", mapSize(this.numKeys(), this.provider.liveBytes)],
      ]),
    };
  }

  private checkReadable(): void {
    // After commit the live map is this store's version + 1 until the next batch opens a store.
    if (this.state === "aborted" || (this.state === "committed" && this.provider.writer !== undefined))
      throw internalError(`state store ${this.provider.toString()} v${this.version} is no longer readable`);
  }

  private checkWritable(): void {
    if (this.state !== "updating")
      throw internalError(`state store ${this.provider.toString()} v${this.version} is not open for updates`);
  }
}

/**
 * A read-only view of the live version, valid while the live map stays at that version: while a
 * writer updates it, a key the writer touched reads as it was before.
 */
class LiveView implements ReadStateStore {
  private readonly epoch: number;

  constructor(
    private readonly provider: InMemoryStateStoreProvider,
    readonly version: number,
  ) {
    this.epoch = provider.epoch;
  }

  get id(): StateStoreId {
    return this.provider.id;
  }

  get(key: readonly unknown[]): unknown {
    return this.getCompact(stateKeyOf(key));
  }

  getCompact(k: unknown): unknown {
    this.check();
    const touched = this.provider.writer?.previous.asMap();
    if (touched?.has(k)) return touched.get(k)?.value;
    return this.provider.live.get(k)?.value;
  }

  *iterator(): Iterable<StateEntry> {
    this.check();
    const w = this.provider.writer;
    if (!w || w.previous.size === 0) {
      for (const e of this.provider.live.values()) yield { key: e.key, value: e.value };
      return;
    }
    const touched = w.previous.asMap();
    for (const [k, e] of this.provider.live) {
      if (!touched.has(k)) yield { key: e.key, value: e.value };
    }
    for (const e of touched.values()) if (e) yield { key: e.key, value: e.value };
  }

  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void {
    for (const e of this.iterator()) fn(e.key, e.value);
  }

  numKeys(): number {
    this.check();
    const w = this.provider.writer;
    let n = this.provider.live.size;
    if (w) {
      for (const [k, old] of w.previous.asMap()) {
        const now = this.provider.live.has(k);
        if (now && old === ABSENT) n--;
        else if (!now && old !== ABSENT) n++;
      }
    }
    return n;
  }

  private check(): void {
    if (this.provider.epoch !== this.epoch)
      throw internalError(
        `read-only state store ${this.provider.toString()} v${this.version} used after the state moved on`,
      );
  }
}

/** A read-only copy of an older version. */
export class SnapshotView implements ReadStateStore {
  constructor(
    readonly id: StateStoreId,
    readonly version: number,
    private readonly map: ReadonlyMap<unknown, StoredEntry>,
  ) {}

  get(key: readonly unknown[]): unknown {
    return this.getCompact(stateKeyOf(key));
  }

  getCompact(compactKey: unknown): unknown {
    return this.map.get(compactKey)?.value;
  }

  *iterator(): Iterable<StateEntry> {
    for (const e of this.map.values()) yield { key: e.key, value: e.value };
  }

  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void {
    for (const e of this.map.values()) fn(e.key, e.value);
  }

  numKeys(): number {
    return this.map.size;
  }
}
