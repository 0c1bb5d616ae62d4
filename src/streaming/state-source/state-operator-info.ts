/**
 * One stateful operator of a checkpoint as the state readers see it: its name and stores from
 * `state/<operatorId>/_metadata/metadata`, its state schema from
 * `state/<operatorId>/0/_metadata/schema`, and its number of keys at a committed version, loaded
 * by providers of the checkpoint's pinned class.
 *
 * The state comes from fresh providers, never the process-wide cache: a reader must see what the
 * checkpoint holds on disk (as Spark's state reader, which creates its own provider), must not
 * keep a running query's versions alive or evict them, and works the same in a process that never
 * ran the query.
 */
import { HDFS_BACKED_PROVIDER_CLASS, resolveStateStoreProvider } from "../state/state-store-providers.js";
import { DEFAULT_STATE_STORE_CONF } from "../state/state-store.js";
import { readOperatorStateMetadata, type StateStoreMetadata } from "../checkpoint/operator-state-metadata.js";
import { readStateSchemaFile, type StateSchema } from "../checkpoint/state-schema.js";
import { stateRootOf } from "./state-directories.js";

/** The conf key of the state store provider class (pinned in the offset log). */
export const STATE_STORE_PROVIDER_CONF = "spark.sql.streaming.stateStore.providerClass";

/** What the checkpoint says about one operator. */
export interface StateOperatorInfo {
  readonly operatorId: number;
  /** Spark's operator name (`stateStoreSave`, `dedupe`, …); undefined without operator metadata. */
  readonly operatorName: string | undefined;
  /** The operator's stores as its metadata lists them (name and partition count). */
  readonly stores: readonly StateStoreMetadata[];
  /** The state schema (`state/<op>/0/_metadata/schema`); undefined when not written. */
  readonly schema: StateSchema | undefined;
}

/**
 * The operator's metadata (`state/<op>/_metadata/metadata`) and state schema, as far as the
 * checkpoint records them; a corrupt file is the engine's error naming it.
 */
export function readStateOperatorInfo(checkpointDir: string, operatorId: number): StateOperatorInfo {
  const stateRoot = stateRootOf(checkpointDir);
  const metadata = readOperatorStateMetadata(stateRoot, operatorId);
  return {
    operatorId,
    operatorName: metadata?.operatorInfo.operatorName,
    stores: metadata?.stateStoreInfo ?? [],
    schema: readStateSchemaFile(stateRoot, operatorId),
  };
}

/** The provider class a checkpoint's state was written with (Spark's default when not pinned). */
export function providerClassOf(conf: Readonly<Record<string, string>>): string {
  return conf[STATE_STORE_PROVIDER_CONF] ?? HDFS_BACKED_PROVIDER_CLASS;
}

/**
 * The number of keys of `partitions` of `operatorId` at committed `version`, each partition loaded
 * by a new provider of the class pinned in `conf` and closed after. A version that cannot be
 * loaded (missing or corrupt files) is the provider's error, naming the file.
 */
export async function countStateKeys(
  checkpointDir: string,
  operatorId: number,
  partitions: readonly number[],
  version: number,
  conf: Readonly<Record<string, string>>,
): Promise<number> {
  const factory = resolveStateStoreProvider(providerClassOf(conf), false);
  const stateRoot = stateRootOf(checkpointDir);
  let numKeys = 0;
  for (const partitionId of partitions) {
    const provider = factory({ stateRoot, operatorId, partitionId }, DEFAULT_STATE_STORE_CONF);
    try {
      numKeys += (await provider.getReadStore(version)).numKeys();
    } finally {
      await provider.close?.();
    }
  }
  return numKeys;
}
