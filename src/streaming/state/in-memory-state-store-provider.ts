/**
 * The in-memory state store provider (Spark's HDFSBackedStateStoreProvider without its files):
 * each committed version is an immutable map from compact key to entry; a store copies its base
 * map on the first update (copy on write), and `commit()` publishes the copy as the next version.
 * The provider keeps the latest `maxVersionsToRetain` versions (at least 2, so the last batch can
 * re-run from the version before it) and counts, as Spark does, how often a version to update was
 * found loaded (`loadedMapCacheHitCount`) or not (`loadedMapCacheMissCount`; here such a load
 * fails, since there are no files to read until issue #6).
 */
import { internalError, TsparkError } from "../../common/errors.js";
import type {
  ReadStateStore,
  StateEntry,
  StateStore,
  StateStoreConf,
  StateStoreId,
  StateStoreMetrics,
  StateStoreProvider,
} from "./state-store.js";
import { stateKeyOf } from "./state-key.js";
import { estimateStateValueSize } from "./state-value.js";

interface StoredEntry extends StateEntry {
  /** Estimated size of key and value. */
  readonly bytes: number;
}

/** One committed version: never mutated once published. */
interface Version {
  readonly map: ReadonlyMap<unknown, StoredEntry>;
  /** Sum of the entries' sizes. */
  readonly bytes: number;
}

const EMPTY_VERSION: Version = { map: new Map(), bytes: 0 };

// Hash-table overhead per entry and per map, in the spirit of a JVM HashMap.
const ENTRY_OVERHEAD = 48;
const MAP_OVERHEAD = 64;

function versionSize(v: Version): number {
  return MAP_OVERHEAD + v.map.size * ENTRY_OVERHEAD + v.bytes;
}

/** Keeps one store id's versions in memory. */
export class InMemoryStateStoreProvider implements StateStoreProvider {
  private readonly versions = new Map<number, Version>();
  private cacheHits = 0;
  private cacheMisses = 0;

  constructor(
    readonly id: StateStoreId,
    private readonly conf: StateStoreConf,
  ) {}

  async getStore(version: number): Promise<StateStore> {
    return new InMemoryStateStore(this, version, this.load(version, true));
  }

  async getReadStore(version: number): Promise<ReadStateStore> {
    return new InMemoryStateStore(this, version, this.load(version, false), true);
  }

  /** The versions currently loaded, ascending (tests and diagnostics). */
  loadedVersions(): number[] {
    return [...this.versions.keys()].sort((a, b) => a - b);
  }

  /** Estimated memory of every loaded version (Spark's `memoryUsedBytes` of the provider). */
  memoryUsedBytes(): number {
    let n = 0;
    for (const v of this.versions.values()) n += versionSize(v);
    return n;
  }

  /** Spark's `loadedMapCacheHitCount` / `loadedMapCacheMissCount`, cumulative for this provider. */
  cacheCounts(): { readonly hits: number; readonly misses: number } {
    return { hits: this.cacheHits, misses: this.cacheMisses };
  }

  toString(): string {
    return `InMemoryStateStoreProvider[id = (op=${this.id.operatorId},part=${this.id.partitionId}),dir = ${this.dir()}]`;
  }

  /**
   * Publishes `v` as `version`. Versions at or above it come from an earlier run of the same batch
   * (a re-run after a failure or a restart) and are replaced; the oldest beyond the retention
   * limit are dropped.
   */
  publish(version: number, v: Version): void {
    for (const k of [...this.versions.keys()]) if (k >= version) this.versions.delete(k);
    this.versions.set(version, v);
    const loaded = this.loadedVersions();
    const keep = Math.max(2, this.conf.maxVersionsToRetain);
    for (let i = 0; i < loaded.length - keep; i++) this.versions.delete(loaded[i]!);
  }

  private load(version: number, count: boolean): Version {
    if (!Number.isSafeInteger(version) || version < 0)
      throw internalError(`invalid state version ${version}`);
    // Version 0 is the empty state before the first batch (not a cache lookup, as in Spark).
    if (version === 0) return EMPTY_VERSION;
    const v = this.versions.get(version);
    if (v) {
      if (count) this.cacheHits++;
      return v;
    }
    if (count) this.cacheMisses++;
    throw new TsparkError("CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS", {
      messageParameters: { fileToRead: `${this.dir()}/${version}.delta`, clazz: this.toString() },
    });
  }

  private dir(): string {
    return `${this.id.stateRoot}/${this.id.operatorId}/${this.id.partitionId}`;
  }
}

/** A store over one loaded version; copies the map on the first update. */
class InMemoryStateStore implements StateStore {
  private updated: Map<unknown, StoredEntry> | undefined;
  private bytes: number;
  private state: "updating" | "committed" | "aborted" = "updating";

  constructor(
    private readonly provider: InMemoryStateStoreProvider,
    readonly version: number,
    private readonly base: Version,
    private readonly readOnly = false,
  ) {
    this.bytes = base.bytes;
  }

  get id(): StateStoreId {
    return this.provider.id;
  }

  get hasCommitted(): boolean {
    return this.state === "committed";
  }

  get(key: readonly unknown[]): unknown {
    return this.current().get(stateKeyOf(key))?.value;
  }

  *iterator(): Iterable<StateEntry> {
    for (const e of this.current().values()) yield { key: e.key, value: e.value };
  }

  numKeys(): number {
    return this.current().size;
  }

  put(key: readonly unknown[], value: unknown): void {
    const m = this.writable();
    const k = stateKeyOf(key);
    const keyCopy = key.slice();
    const entry: StoredEntry = {
      key: keyCopy,
      value,
      bytes: estimateStateValueSize(keyCopy) + estimateStateValueSize(value),
    };
    const old = m.get(k);
    if (old) this.bytes -= old.bytes;
    m.set(k, entry);
    this.bytes += entry.bytes;
  }

  remove(key: readonly unknown[]): void {
    const k = stateKeyOf(key);
    if (!this.current().has(k)) return;
    const m = this.writable();
    this.bytes -= m.get(k)!.bytes;
    m.delete(k);
  }

  async commit(): Promise<number> {
    if (this.state === "committed") return this.version + 1;
    if (this.state === "aborted" || this.readOnly)
      throw internalError("cannot commit an aborted or read-only state store");
    this.provider.publish(
      this.version + 1,
      this.updated ? { map: this.updated, bytes: this.bytes } : this.base,
    );
    this.state = "committed";
    return this.version + 1;
  }

  abort(): void {
    if (this.state !== "updating") return;
    this.state = "aborted";
    this.updated = undefined;
  }

  metrics(): StateStoreMetrics {
    const { hits, misses } = this.provider.cacheCounts();
    const current = versionSize({ map: this.current(), bytes: this.bytes });
    return {
      numKeys: this.numKeys(),
      memoryUsedBytes: this.provider.memoryUsedBytes(),
      customMetrics: new Map([
        ["loadedMapCacheHitCount", hits],
        ["loadedMapCacheMissCount", misses],
        ["stateOnCurrentVersionSizeBytes", current],
      ]),
    };
  }

  private current(): ReadonlyMap<unknown, StoredEntry> {
    return this.updated ?? this.base.map;
  }

  private writable(): Map<unknown, StoredEntry> {
    if (this.state !== "updating" || this.readOnly) {
      throw internalError(`state store ${this.provider.toString()} v${this.version} is not open for updates`);
    }
    this.updated ??= new Map(this.base.map);
    return this.updated;
  }
}
