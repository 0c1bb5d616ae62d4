// The StateStore conformance suite run against the LMDB provider (Spark's RocksDB class name),
// durable: every reload opens a new provider instance on the same directory.
import { LmdbStateStoreProvider } from "../../../src/streaming/state/lmdb-state-store-provider.js";
import { runStateStoreConformance } from "./conformance.js";

runStateStoreConformance("LmdbStateStoreProvider", (id, conf) => new LmdbStateStoreProvider(id, conf), {
  durable: true,
});
