// The durable state store providers a test restarts "in a new process" on: the HDFS-backed one
// (snapshots every few deltas, so a restart also loads from a snapshot) and LMDB.
import { HDFSBackedStateStoreProvider } from "../../src/streaming/state/hdfs-backed-state-store-provider.js";
import { LmdbStateStoreProvider } from "../../src/streaming/state/lmdb-state-store-provider.js";
import {
  DEFAULT_STATE_STORE_CONF,
  type StateStoreId,
  type StateStoreProvider,
} from "../../src/streaming/state/state-store.js";

/** `[name, factory]` of each durable provider. */
export function durableProviderFactories(): [string, (id: StateStoreId) => StateStoreProvider][] {
  return [
    [
      "hdfs",
      (id) => new HDFSBackedStateStoreProvider(id, { ...DEFAULT_STATE_STORE_CONF, minDeltasForSnapshot: 3 }),
    ],
    ["lmdb", (id) => new LmdbStateStoreProvider(id, DEFAULT_STATE_STORE_CONF)],
  ];
}
