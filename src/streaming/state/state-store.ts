/**
 * The StateStore port (Spark's `StateStore` / `StateStoreProvider`): versioned key-value state of
 * one stateful operator in one partition, identified by `(stateRoot, operatorId, partitionId)` and,
 * for operators with several stores per partition (the stream-stream join), a store name.
 *
 * Versions: version `v` is the state after `v` committed batches, so batch `b` loads version `b`
 * and its commit makes version `b + 1` (Spark's numbering; version 0 is always the empty state).
 * A store loaded at version `v` sees exactly the committed version `v`; its updates stay private
 * until `commit()`, which publishes them as version `v + 1` (replacing any version `v + 1` or later
 * left by an earlier run of the same batch), or until `abort()`, which drops them.
 *
 * Keys and values: a key is a row of internal values (the grouping or deduplication columns);
 * providers index it by its compact group key (physical/group-key.ts), so keys are equal exactly
 * when Spark's grouping would equate them. Values are internal values or aggregation buffers
 * (plain data). Ownership: `put` copies the key and takes the value (the caller must not mutate
 * it afterwards); `get` and `iterator` return stored values that callers must treat as read-only
 * (clone before mutating, see `cloneStateValue`). Committed versions are never mutated.
 *
 * Durable providers implement the same interfaces and keep every committed version recoverable
 * from the checkpoint (within `minBatchesToRetain`), so that a query restarted in a new process,
 * or after `unloadStateStores()`, finds its state: `getStore(v)` of a version not in memory reads
 * it from the files, and `commit()` has made version `v + 1` durable before it resolves (if it
 * cannot, it throws, the store stays uncommitted and `abort()` leaves the loaded version as it
 * was). The default, HDFSBackedStateStoreProvider (hdfs-backed-state-store-provider.ts), writes
 * `<stateRoot>/<operatorId>/<partitionId>/<v>.delta` per commit and `<v>.snapshot` files in the
 * background; the RocksDB class name is served by an LMDB environment per operator
 * (lmdb-state-store-provider.ts). A query without a checkpoint location uses the in-memory
 * provider, which holds the last `maxVersionsToRetain` versions only.
 *
 * Order: `iterator()` and `forEachEntry()` visit the entries in a stable order of the provider's
 * (the in-memory and HDFS-backed providers: the keys' first insertion order).
 */

/** Which store: one operator's state in one partition, under the query's `<checkpoint>/state`. */
export interface StateStoreId {
  /** `<checkpointDir>/state`. */
  readonly stateRoot: string;
  readonly operatorId: number;
  readonly partitionId: number;
  /**
   * Spark's `StateStoreId.storeName`: which of the operator's stores in the partition. Absent (or
   * `"default"`, `DEFAULT_STATE_STORE_NAME`) for the one store of every operator but the
   * stream-stream join, which keeps four per partition (`left-keyToNumValues`, …).
   */
  readonly storeName?: string;
}

/** Spark's `StateStoreId.DEFAULT_STORE_NAME`. */
export const DEFAULT_STATE_STORE_NAME = "default";

/** Whether `id` names a store other than the default one. */
export function namedStoreOf(id: StateStoreId): string | undefined {
  const n = id.storeName;
  return n === undefined || n === DEFAULT_STATE_STORE_NAME ? undefined : n;
}

/**
 * Spark's `StateStoreId.storeCheckpointLocation`: `<stateRoot>/<operatorId>/<partitionId>` for the
 * default store, `<stateRoot>/<operatorId>/<partitionId>/<storeName>` for a named one.
 */
export function storeCheckpointLocation(id: StateStoreId): string {
  const base = `${id.stateRoot}/${id.operatorId}/${id.partitionId}`;
  const name = namedStoreOf(id);
  return name === undefined ? base : `${base}/${name}`;
}

/** One key and its value. */
export interface StateEntry {
  readonly key: readonly unknown[];
  readonly value: unknown;
}

/** Spark's `StateStoreMetrics`: figures of one store after its updates. */
export interface StateStoreMetrics {
  readonly numKeys: number;
  /** Estimated memory of every version the provider keeps loaded. */
  readonly memoryUsedBytes: number;
  /** Provider-specific counters (`loadedMapCacheHitCount`, …). */
  readonly customMetrics: ReadonlyMap<string, number>;
}

/** A read-only view of one committed version. */
export interface ReadStateStore {
  readonly id: StateStoreId;
  /** The version this store was loaded at. */
  readonly version: number;
  /** The value of `key`, or `undefined` when absent. */
  get(key: readonly unknown[]): unknown;
  /** `get` by the key's compact form, `stateKeyOf(key)`, for callers that computed it already. */
  getCompact(compactKey: unknown): unknown;
  /** Every entry, in a stable order (see the header). */
  iterator(): Iterable<StateEntry>;
  /** `iterator()`'s entries passed to `fn` (no entry object per key: for whole-state scans). */
  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void;
  /** Number of keys. */
  numKeys(): number;
}

/** A store open for updates to one version (one batch of one partition). */
export interface StateStore extends ReadStateStore {
  put(key: readonly unknown[], value: unknown): void;
  /**
   * `put` with the key's compact form, `stateKeyOf(key)`, computed by the caller. With
   * `keyOwned`, the store may keep `key` itself instead of a copy: the caller hands it over and
   * neither it nor anyone else changes it afterwards (a key row kept in state for many batches
   * then costs one array, not two).
   */
  putCompact(compactKey: unknown, key: readonly unknown[], value: unknown, keyOwned?: boolean): void;
  remove(key: readonly unknown[]): void;
  /** `remove` with the key's compact form, `stateKeyOf(key)`, computed by the caller. */
  removeCompact(compactKey: unknown): void;
  /** Publishes the updates as version `version + 1`; returns that version. Idempotent. */
  commit(): Promise<number>;
  /** Drops the updates; no effect after `commit`. Idempotent. */
  abort(): void;
  readonly hasCommitted: boolean;
  metrics(): StateStoreMetrics;
  /**
   * What in-memory caches kept beside the provider between batches (expiry indexes,
   * kept-expiry-indexes.ts) check they still follow: the provider (`holder`, what a cache hangs
   * on) and a `token` of its committed state that changes whenever that state changes (a commit,
   * a roll back, a reload, a reset; not this store's own uncommitted updates). Optional: without
   * it such caches are rebuilt in every batch.
   */
  liveState?(): { readonly holder: object; readonly token: string };
}

/** Loads versions of one store id; lives as long as its process-wide cache entry. */
export interface StateStoreProvider {
  readonly id: StateStoreId;
  /**
   * A store at `version` for updates (batch `version`); fails when the version cannot be loaded.
   * With `options.emptyIfNeverCommitted`, a store that never committed any version (no file, no
   * section of an operator delta file) opens empty at `version` instead of failing — a state
   * variable that transformWithState adds on restart (Spark's new column family); durable
   * providers record that empty version so that later loads find it.
   */
  getStore(version: number, options?: GetStoreOptions): Promise<StateStore>;
  /** A read-only view of committed `version`. */
  getReadStore(version: number): Promise<ReadStateStore>;
  /** Spark's provider description (error messages). */
  toString(): string;
  /**
   * Releases what the provider holds open (files, handles, background work) once it is no longer
   * used; the committed versions stay where they are. Optional: the in-memory provider has nothing
   * to release.
   */
  close?(): Promise<void>;
}

/** Options of `StateStoreProvider.getStore`. */
export interface GetStoreOptions {
  readonly emptyIfNeverCommitted?: boolean;
}

/** Retention settings a provider honours. */
export interface StateStoreConf {
  /**
   * How many committed versions stay loaded (Spark's
   * `spark.sql.streaming.maxBatchesToRetainInMemory`, default 2; never fewer than 2 so that the
   * last batch can re-run, never more than `minBatchesToRetain`).
   */
  readonly maxVersionsToRetain: number;
  /**
   * Spark's `spark.sql.streaming.stateStore.minDeltasForSnapshot` (default 10): the HDFS-backed
   * provider writes a snapshot once more than this many delta files follow the last snapshot (the
   * LMDB provider keeps its state in its own environment and writes none).
   */
  readonly minDeltasForSnapshot: number;
  /**
   * Spark's `spark.sql.streaming.minBatchesToRetain` (default 100): the versions whose files a
   * durable provider keeps recoverable; older files are purged.
   */
  readonly minBatchesToRetain: number;
  /**
   * Spark's `spark.sql.streaming.stateStore.maintenanceInterval` in ms (Spark's default 60 s;
   * undefined or 0 here: no wait). Spark writes snapshots from a background maintenance task that
   * runs once per interval; a durable provider here writes one when `minDeltasForSnapshot` deltas
   * follow the last snapshot and at least this long has passed (real time, as Spark's timer)
   * since the provider was created or started its last snapshot.
   */
  readonly maintenanceIntervalMs?: number;
  /** tspark's `tspark.checkpoint.fsync` (default false): fsync state files before their rename. */
  readonly fsync: boolean;
  /**
   * tspark's `tspark.sql.streaming.stateStore.operatorDeltaFiles` (default true): the stores an
   * operator commits together write one delta file per version for all its partitions
   * (operator-delta-files.ts) instead of one per partition, as Spark does.
   */
  readonly operatorDeltaFiles?: boolean;
}

/** Spark's defaults of the settings above. */
export const DEFAULT_STATE_STORE_CONF: StateStoreConf = {
  maxVersionsToRetain: 2,
  minDeltasForSnapshot: 10,
  minBatchesToRetain: 100,
  fsync: false,
};

/** Creates the provider of a store id (state-store-providers.ts picks it from the query's conf). */
export type StateStoreProviderFactory = (id: StateStoreId, conf: StateStoreConf) => StateStoreProvider;
