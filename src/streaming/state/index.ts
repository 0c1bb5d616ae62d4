/**
 * Streaming state (Spark's `org.apache.spark.sql.execution.streaming.state`): the versioned
 * key-value stores of stateful operators.
 *
 * Contract (details in `state-store.ts`):
 * - a store is identified by `(stateRoot, operatorId, partitionId)` with `stateRoot =
 *   <checkpointDir>/state`; batch `b` loads version `b`, and committing its updates makes version
 *   `b + 1` (version 0 is the empty state);
 * - `get / put / remove / iterator` work on key rows of internal values, indexed by their compact
 *   group key; `commit()` publishes, `abort()` drops; committed versions are immutable;
 * - `metrics()` gives Spark's figures (`numKeys`, `memoryUsedBytes`, and the HDFS provider's
 *   custom metrics `loadedMapCacheHitCount`, `loadedMapCacheMissCount`,
 *   `stateOnCurrentVersionSizeBytes`).
 *
 * Providers are cached for the whole process (`state-store-registry.ts`) while their query runs;
 * when a query with a checkpoint stops its durable providers are dropped (after their snapshots),
 * so a restart loads the state from the files, as Spark's restarted query does. A query with a checkpoint
 * location uses a durable provider (`state-store-providers.ts`): by default the
 * HDFSBackedStateStoreProvider, which adds delta and snapshot files (`state-files.ts`) to the
 * in-memory map, so a new process reloads the state from the checkpoint. The plain in-memory
 * provider (queries without a checkpoint location) keeps the last `maxVersionsToRetain` versions
 * (≥ 2); loading a version it does not hold fails with `CANNOT_LOAD_STATE_STORE`.
 */
export {
  HDFSBackedStateStoreProvider,
  stateStoreMaintenanceIdle,
} from "./hdfs-backed-state-store-provider.js";
export { InMemoryStateStoreProvider } from "./in-memory-state-store-provider.js";
export { operatorDeltaLogsIdle } from "./operator-delta-files.js";
export { commitStateStores } from "./state-commit.js";
export type {
  ReadStateStore,
  StateEntry,
  StateStore,
  StateStoreConf,
  StateStoreId,
  StateStoreMetrics,
  StateStoreProvider,
  StateStoreProviderFactory,
} from "./state-store.js";
export { statePartitionOf, stateKeyOf } from "./state-key.js";
export {
  DEFAULT_STATE_PARTITIONER,
  LEGACY_STATE_PARTITIONER,
  parseStatePartitioner,
  STATE_PARTITIONER_CONF,
  type StatePartitioner,
  type StatePartitionerKind,
  statePartitioner,
} from "./state-partitioner.js";
export {
  HDFS_BACKED_PROVIDER_CLASS,
  hdfsBackedStateStoreProvider,
  resolveStateStoreProvider,
} from "./state-store-providers.js";
export {
  inMemoryStateStoreProvider,
  stateStoreProvider,
  stateStoreProviders,
  unloadDurableStateStores,
  unloadStateStores,
} from "./state-store-registry.js";
export { cloneStateValue, estimateStateValueSize } from "./state-value.js";
