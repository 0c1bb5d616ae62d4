/**
 * The process-wide cache of state store providers, keyed by `stateRoot/operatorId/partitionId` and
 * the store name (Spark's `StateStoreProviderId`)
 * (Spark's executor-wide `StateStore` object). It is not per session: providers of in-memory
 * state (no files) must be found again by a query restarted from the same checkpoint — by any
 * session of the process.
 *
 * Entries live until `unloadStateStores` drops them (a query whose temporary checkpoint is deleted,
 * tests) or, for durable providers, until the query using them stops
 * (`unloadDurableStateStores`): a durable provider (issue #6) reloads its state from the
 * checkpoint when the query restarts — as Spark's restarted query (a new run id, so new
 * providers) does — and a process that starts and stops many queries does not keep the state of
 * every stopped one in memory. In-memory providers stay (their state lives nowhere else).
 */
import { InMemoryStateStoreProvider } from "./in-memory-state-store-provider.js";
import { resetOperatorDeltaLogs } from "./operator-delta-files.js";
import {
  DEFAULT_STATE_STORE_NAME,
  namedStoreOf,
  type StateStoreConf,
  type StateStoreId,
  type StateStoreProvider,
  type StateStoreProviderFactory,
} from "./state-store.js";

/** Per `stateRoot`, operator and store name (`"<operatorId>/<storeName>"`): the providers by partition id. */
const providers = new Map<string, Map<string, (StateStoreProvider | undefined)[]>>();

/** The in-memory provider (the default factory). */
export const inMemoryStateStoreProvider: StateStoreProviderFactory = (id, conf) =>
  new InMemoryStateStoreProvider(id, conf);

/** The cached providers of one operator's store's partitions (created on demand, indexed by partition id). */
function operatorProviders(
  stateRoot: string,
  operatorId: number,
  storeName: string | undefined,
): (StateStoreProvider | undefined)[] {
  let byOperator = providers.get(stateRoot);
  if (!byOperator) {
    byOperator = new Map();
    providers.set(stateRoot, byOperator);
  }
  const key = `${operatorId}/${storeName ?? DEFAULT_STATE_STORE_NAME}`;
  let parts = byOperator.get(key);
  if (!parts) {
    parts = [];
    byOperator.set(key, parts);
  }
  return parts;
}

/**
 * The provider of `id`, created with `factory` on first use and cached for the process. A cached
 * provider is returned as it is (its factory and settings were fixed when it was created).
 */
export function stateStoreProvider(
  id: StateStoreId,
  conf: StateStoreConf,
  factory: StateStoreProviderFactory = inMemoryStateStoreProvider,
): StateStoreProvider {
  const { stateRoot, operatorId, partitionId } = id;
  const storeName = namedStoreOf(id);
  return providerIn(
    operatorProviders(stateRoot, operatorId, storeName),
    stateRoot,
    operatorId,
    partitionId,
    conf,
    factory,
    storeName,
  );
}

/** The cached provider of one partition in its operator's list, created on first use. */
function providerIn(
  parts: (StateStoreProvider | undefined)[],
  stateRoot: string,
  operatorId: number,
  partitionId: number,
  conf: StateStoreConf,
  factory: StateStoreProviderFactory,
  storeName: string | undefined,
): StateStoreProvider {
  let p = parts[partitionId];
  if (!p) {
    p = factory(
      storeName === undefined
        ? { stateRoot, operatorId, partitionId }
        : { stateRoot, operatorId, partitionId, storeName },
      conf,
    );
    parts[partitionId] = p;
  }
  return p;
}

/**
 * The providers of partitions 0 … numPartitions − 1 of one operator's store (one cache lookup for
 * all); `storeName` absent or `"default"` for the operator's only store.
 */
export function stateStoreProviders(
  stateRoot: string,
  operatorId: number,
  numPartitions: number,
  conf: StateStoreConf,
  factory: StateStoreProviderFactory = inMemoryStateStoreProvider,
  storeName?: string,
): StateStoreProvider[] {
  const name = storeName === DEFAULT_STATE_STORE_NAME ? undefined : storeName;
  const parts = operatorProviders(stateRoot, operatorId, name);
  const out: StateStoreProvider[] = new Array(numPartitions);
  for (let partitionId = 0; partitionId < numPartitions; partitionId++)
    out[partitionId] = providerIn(parts, stateRoot, operatorId, partitionId, conf, factory, name);
  return out;
}

/**
 * Drops the cached providers under `stateRoot` (every provider when omitted), with all the state
 * they hold in memory. Spark's `StateStore.unloadAll()` for the whole process. The cache is emptied
 * at once; the returned promise resolves when the dropped providers have closed (`close?()`: files
 * and handles released), which a caller that deletes the directory next should await.
 */
export function unloadStateStores(stateRoot?: string): Promise<void> {
  const dropped: StateStoreProvider[] = [];
  for (const [root, byOperator] of providers) {
    if (stateRoot !== undefined && root !== stateRoot) continue;
    for (const parts of byOperator.values()) for (const p of parts) if (p?.close) dropped.push(p);
  }
  if (stateRoot === undefined) providers.clear();
  else providers.delete(stateRoot);
  // Their operator delta files are listed again by the next writer, as after a restart.
  resetOperatorDeltaLogs(stateRoot);
  if (dropped.length === 0) return Promise.resolve();
  return Promise.all(dropped.map((p) => p.close?.())).then(() => undefined);
}

/**
 * Drops the cached providers under `stateRoot` that have state on disk (those with `close()`),
 * closing them; in-memory providers stay cached, since a restart in this process could not find
 * their state anywhere else. Called when a query with a checkpoint stops, after its background
 * maintenance (snapshots, deletions) has finished.
 */
export function unloadDurableStateStores(stateRoot: string): Promise<void> {
  const byOperator = providers.get(stateRoot);
  if (!byOperator) return Promise.resolve();
  const dropped: StateStoreProvider[] = [];
  for (const [key, parts] of byOperator) {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p?.close) {
        dropped.push(p);
        parts[i] = undefined;
      }
    }
    if (parts.every((p) => p === undefined)) byOperator.delete(key);
  }
  if (byOperator.size === 0) providers.delete(stateRoot);
  if (dropped.length === 0) return Promise.resolve();
  // Their operator delta files are listed again by the next writer, as after a restart.
  resetOperatorDeltaLogs(stateRoot);
  return Promise.all(dropped.map((p) => p.close?.())).then(() => undefined);
}
