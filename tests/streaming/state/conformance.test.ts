// The StateStore conformance suite run against tspark's own providers.
import { InMemoryStateStoreProvider } from "../../../src/streaming/state/in-memory-state-store-provider.js";
import { runStateStoreConformance } from "./conformance.js";

runStateStoreConformance(
  "InMemoryStateStoreProvider",
  (id, conf) => new InMemoryStateStoreProvider(id, conf),
  {
    insertionOrder: true,
  },
);
