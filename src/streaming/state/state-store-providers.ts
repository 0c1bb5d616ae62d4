/**
 * Which provider a query's state uses: Spark's `spark.sql.streaming.stateStore.providerClass`
 * (pinned in the offset log, so a restart keeps the checkpoint's provider), by Spark's class name
 * or a short name.
 *
 * The default, Spark's HDFSBackedStateStoreProvider, keeps the state in memory and writes a delta
 * file per commit and snapshots in the background under `<checkpoint>/state`. A query on a
 * temporary checkpoint (no `checkpointLocation`) can never be restarted from it, so its state stays
 * in memory only, without files (the "no checkpoint" baseline of the benchmarks).
 */
import { TsparkError } from "../../common/errors.js";
import { HDFSBackedStateStoreProvider } from "./hdfs-backed-state-store-provider.js";
import { lmdbStateStoreProvider, ROCKSDB_PROVIDER_CLASS } from "./lmdb-state-store-provider.js";
import { inMemoryStateStoreProvider } from "./state-store-registry.js";
import type { StateStoreProviderFactory } from "./state-store.js";

/** Spark's default provider class (the in-memory map with delta and snapshot files). */
export const HDFS_BACKED_PROVIDER_CLASS =
  "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";

/** The durable provider (delta and snapshot files under the store's directory). */
export const hdfsBackedStateStoreProvider: StateStoreProviderFactory = (id, conf) =>
  new HDFSBackedStateStoreProvider(id, conf);

/** The provider factory for `providerClass` (Spark's class name or a short name). */
export function resolveStateStoreProvider(
  providerClass: string | undefined,
  temporaryCheckpoint: boolean,
): StateStoreProviderFactory {
  const name = (providerClass ?? HDFS_BACKED_PROVIDER_CLASS).trim();
  switch (name) {
    case HDFS_BACKED_PROVIDER_CLASS:
    case "HDFSBackedStateStoreProvider":
    case "hdfs":
      return temporaryCheckpoint ? inMemoryStateStoreProvider : hdfsBackedStateStoreProvider;
    // Spark's RocksDB provider, served by LMDB (state on disk; lmdb-state-store-provider.ts).
    case ROCKSDB_PROVIDER_CLASS:
    case "RocksDBStateStoreProvider":
    case "rocksdb":
    case "lmdb":
      return lmdbStateStoreProvider;
    default:
      throw new TsparkError("STATE_STORE_INVALID_PROVIDER", { messageParameters: { inputClass: name } });
  }
}
