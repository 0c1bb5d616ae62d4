/**
 * The process-wide cache of state store providers, keyed by `stateRoot/operatorId/partitionId`
 * (Spark's executor-wide `StateStore` object). It is deliberately not per session: a streaming
 * query stopped and restarted from the same checkpoint — by any session of the process — must find
 * the state its last batches committed, as a Spark executor keeps its loaded providers.
 *
 * Entries live until `unloadStateStores` drops them (a query whose temporary checkpoint is deleted,
 * tests); a durable provider (issue #6) can then reload them from the checkpoint.
 */
import { InMemoryStateStoreProvider } from "./in-memory-state-store-provider.js";
import type {
  StateStoreConf,
  StateStoreId,
  StateStoreProvider,
  StateStoreProviderFactory,
} from "./state-store.js";

const providers = new Map<string, StateStoreProvider>();

function cacheKey(id: StateStoreId): string {
  return `${id.stateRoot}/${id.operatorId}/${id.partitionId}`;
}

/** The in-memory provider (the default factory). */
export const inMemoryStateStoreProvider: StateStoreProviderFactory = (id, conf) =>
  new InMemoryStateStoreProvider(id, conf);

/**
 * The provider of `id`, created with `factory` on first use and cached for the process. A cached
 * provider is returned as it is (its factory and settings were fixed when it was created).
 */
export function stateStoreProvider(
  id: StateStoreId,
  conf: StateStoreConf,
  factory: StateStoreProviderFactory = inMemoryStateStoreProvider,
): StateStoreProvider {
  const key = cacheKey(id);
  let p = providers.get(key);
  if (!p) {
    p = factory(id, conf);
    providers.set(key, p);
  }
  return p;
}

/**
 * Drops the cached providers under `stateRoot` (every provider when omitted), with all the state
 * they hold in memory. Spark's `StateStore.unloadAll()` for the whole process.
 */
export function unloadStateStores(stateRoot?: string): void {
  if (stateRoot === undefined) {
    providers.clear();
    return;
  }
  for (const [k, p] of providers) if (p.id.stateRoot === stateRoot) providers.delete(k);
}
