// The StateStore conformance suite run against tspark's own providers.
import { HDFSBackedStateStoreProvider } from "../../../src/streaming/state/hdfs-backed-state-store-provider.js";
import { InMemoryStateStoreProvider } from "../../../src/streaming/state/in-memory-state-store-provider.js";
import { runStateStoreConformance } from "./conformance.js";

runStateStoreConformance(
  "InMemoryStateStoreProvider",
  (id, conf) => new InMemoryStateStoreProvider(id, conf),
  {
    insertionOrder: true,
  },
);

runStateStoreConformance(
  "HDFSBackedStateStoreProvider",
  (id, conf) => new HDFSBackedStateStoreProvider(id, conf),
  { durable: true, insertionOrder: true },
);

// Snapshots and purges on almost every commit, so that every test also loads from snapshots.
runStateStoreConformance(
  "HDFSBackedStateStoreProvider (snapshot every 2 deltas, 3 batches retained)",
  (id, conf) => new HDFSBackedStateStoreProvider(id, conf),
  { durable: true, insertionOrder: true, conf: { minDeltasForSnapshot: 2, minBatchesToRetain: 3 } },
);
