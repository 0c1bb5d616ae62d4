/**
 * Checkpoint compatibility of a query's stateful operators (Spark 4's IncrementalExecution
 * `checkOperatorValidWithMetadata` and `StateSchemaAndOperatorMetadataRule`): what the checkpoint
 * records about each operator's state, and the check a restart runs against it.
 *
 * - `checkStateCheckpoint` reads only, and runs when a run starts, before the run writes anything
 *   (no offsets entry, no state, no metadata): a query whose stateful operators changed fails
 *   with the checkpoint exactly as it was. It checks, in Spark's order, the operators at each id
 *   (`STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA`, only when the checkpoint already
 *   ran a batch, as Spark), the number of state partitions
 *   (`STATE_STORE_INVALID_CONFIG_AFTER_RESTART`), a transformWithState operator's properties
 *   (time mode, output mode, variable types: transform-with-state-properties.ts; before the
 *   schemas, since tspark's stores of a list or map variable record their own layout, where
 *   Spark's column family schemas of a value and a list of one type are the same), then each
 *   operator's key and value schema (`STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE`,
 *   `STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE`).
 * - `recordStateCheckpoint` writes each operator's schema file and metadata file where missing
 *   (never overwriting; a transformWithState operator's metadata is rewritten with its current
 *   properties, and kept with its stores' schemas as those of the run's first batch too,
 *   operator-state-metadata.ts and state-schema.ts), on the first batch a run plans, before that
 *   batch touches state.
 */
import { TsparkError } from "../../common/errors.js";
import type { StructType } from "../../types/data-type.js";
import {
  DEFAULT_STORE_NAME,
  listOperatorStateMetadata,
  type OperatorStateMetadata,
  writeOperatorStateMetadata,
  writeOperatorStateMetadataAt,
} from "./operator-state-metadata.js";
import {
  checkStateSchemaCompatible,
  readStateSchemaFile,
  writeStateSchemaAt,
  writeStateSchemaFile,
} from "./state-schema.js";
import {
  parseTransformWithStateProperties,
  validateTransformWithStateProperties,
} from "./transform-with-state-properties.js";

/** What the checkpoint records about one stateful operator of the query. */
export interface StatefulOperatorStateSpec {
  /** Spark's operator id (top-down pre-order over the physical plan). */
  readonly operatorId: number;
  /** Spark's short name (`stateStoreSave`, `dedupe`, `globalLimit`). */
  readonly operatorName: string;
  readonly stateKeySchema: StructType;
  readonly stateValueSchema: StructType;
  /** Whether a restart compares the value schema (Spark skips deduplication's placeholder value). */
  readonly checksStateValueSchema: boolean;
  /** Spark's StatefulOperatorStateInfo.numPartitions: the pinned `spark.sql.shuffle.partitions`. */
  readonly stateInfoNumPartitions: number;
  /** Spark's prefix-key columns of the state key (the session-window state's group keys); default 0. */
  readonly numColsPrefixKey?: number;
  /**
   * An operator with several stores per partition (the stream-stream join's four): each store's
   * name and schemas, in Spark's order. Each gets its own schema file and an entry in the
   * metadata file; `stateKeySchema`/`stateValueSchema` are then not recorded. Absent: one
   * default store.
   */
  readonly stateStores?: readonly NamedStateStoreSchema[];
  /** transformWithState's properties (recorded in a version 2 metadata file, checked on restart). */
  readonly operatorPropertiesJson?: string;
}

/** One named store of an operator and its schemas. */
export interface NamedStateStoreSchema {
  readonly storeName: string;
  readonly keySchema: StructType;
  readonly valueSchema: StructType;
}

/** The stores of `op` with their schemas (the default store when it names none). */
function storesOf(op: StatefulOperatorStateSpec): readonly NamedStateStoreSchema[] {
  return (
    op.stateStores ?? [
      { storeName: DEFAULT_STORE_NAME, keySchema: op.stateKeySchema, valueSchema: op.stateValueSchema },
    ]
  );
}

/** Where and how `checkStateCheckpoint` looks. */
export interface StateCheckpointCheck {
  /** `<checkpoint>/state`. */
  readonly stateRoot: string;
  /** The checkpoint location, named in the errors. */
  readonly checkpoint: string;
  /**
   * The id of the batch the run starts with; operators are compared with the metadata only past
   * batch 0 (Spark's `currentBatchId != 0`), schemas whenever a schema file exists.
   */
  readonly batchId: number;
  /** `spark.sql.streaming.stateStore.stateSchemaCheck` (default true): false skips the schema check. */
  readonly schemaCheck: boolean;
}

/** The conf that sets the number of state partitions, named when it differs from the state's. */
const SHUFFLE_PARTITIONS_CONF = "spark.sql.shuffle.partitions";

/**
 * Throws when `operators` (the query's stateful operators, ascending id) cannot continue from the
 * state the checkpoint holds. Reads files only.
 */
export function checkStateCheckpoint(
  operators: readonly StatefulOperatorStateSpec[],
  check: StateCheckpointCheck,
): void {
  const recorded = listOperatorStateMetadata(check.stateRoot);
  if (check.batchId !== 0 && recorded.size > 0) checkOperatorsMatch(recorded, operators, check.checkpoint);
  for (const op of operators) {
    const metadata = recorded.get(op.operatorId);
    const firstStore = storesOf(op)[0]?.storeName ?? DEFAULT_STORE_NAME;
    const stored = metadata?.stateStoreInfo.find((s) => s.storeName === firstStore);
    if (stored !== undefined && stored.numPartitions !== op.stateInfoNumPartitions) {
      throw new TsparkError("STATE_STORE_INVALID_CONFIG_AFTER_RESTART", {
        messageParameters: {
          configName: SHUFFLE_PARTITIONS_CONF,
          oldConfig: String(stored.numPartitions),
          newConfig: String(op.stateInfoNumPartitions),
          operatorId: String(op.operatorId),
          operatorName: op.operatorName,
          checkpoint: check.checkpoint,
        },
      });
    }
    const recordedProps = metadata?.operatorPropertiesJson;
    if (op.operatorPropertiesJson !== undefined && recordedProps !== undefined) {
      const before = parseTransformWithStateProperties(recordedProps);
      const now = parseTransformWithStateProperties(op.operatorPropertiesJson);
      if (before !== undefined && now !== undefined) {
        validateTransformWithStateProperties(before, now, {
          operatorId: op.operatorId,
          operatorName: op.operatorName,
          checkpoint: check.checkpoint,
        });
      }
    }
    if (!check.schemaCheck) continue;
    for (const store of storesOf(op)) {
      const schema = readStateSchemaFile(check.stateRoot, op.operatorId, store.storeName);
      if (schema === undefined) continue;
      checkStateSchemaCompatible(
        schema,
        { keySchema: store.keySchema, valueSchema: store.valueSchema },
        op.checksStateValueSchema,
        { operatorId: op.operatorId, operatorName: op.operatorName, checkpoint: check.checkpoint },
      );
    }
  }
}

/**
 * Writes the schema and metadata files of every operator that has none yet; `batchId` is the
 * run's first batch (a transformWithState operator's metadata is kept as that batch's).
 */
export function recordStateCheckpoint(
  operators: readonly StatefulOperatorStateSpec[],
  stateRoot: string,
  fsync: boolean,
  batchId?: number,
): void {
  for (const op of operators) {
    for (const store of storesOf(op)) {
      writeStateSchemaFile(
        stateRoot,
        op.operatorId,
        { keySchema: store.keySchema, valueSchema: store.valueSchema },
        fsync,
        store.storeName,
      );
    }
    const metadata = operatorStateMetadataOf(op);
    writeOperatorStateMetadata(stateRoot, metadata, fsync, op.operatorPropertiesJson !== undefined);
    if (op.operatorPropertiesJson !== undefined && batchId !== undefined) {
      // transformWithState: this run's metadata and schemas, as the ones of its first batch.
      writeOperatorStateMetadataAt(stateRoot, metadata, batchId, fsync);
      for (const store of storesOf(op)) {
        const schema = { keySchema: store.keySchema, valueSchema: store.valueSchema };
        writeStateSchemaAt(stateRoot, op.operatorId, store.storeName, batchId, schema, fsync);
      }
    }
  }
}

/**
 * Spark's `StateStoreWriter.operatorStateMetadata()`: each store (one default store for every
 * operator but the stream-stream join) with the partition count, and the prefix-key columns of
 * SessionWindowStateStoreSaveExec's override.
 */
export function operatorStateMetadataOf(op: StatefulOperatorStateSpec): OperatorStateMetadata {
  return {
    operatorInfo: { operatorId: op.operatorId, operatorName: op.operatorName },
    stateStoreInfo: storesOf(op).map((s) => ({
      storeName: s.storeName,
      numColsPrefixKey: op.numColsPrefixKey ?? 0,
      numPartitions: op.stateInfoNumPartitions,
    })),
    ...(op.operatorPropertiesJson === undefined ? {} : { operatorPropertiesJson: op.operatorPropertiesJson }),
  };
}

/** Spark's check: every id in the metadata or the plan has the same operator name in both. */
function checkOperatorsMatch(
  recorded: ReadonlyMap<number, OperatorStateMetadata>,
  operators: readonly StatefulOperatorStateSpec[],
  checkpoint: string,
): void {
  const current = new Map(operators.map((o) => [o.operatorId, o.operatorName]));
  const ids = new Set([...recorded.keys(), ...current.keys()]);
  for (const id of ids) {
    const before = recorded.get(id)?.operatorInfo.operatorName ?? "not found";
    const now = current.get(id) ?? "not found";
    if (before === now) continue;
    const list = (pairs: Iterable<readonly [number, string]>): string =>
      [...pairs]
        .sort((a, b) => a[0] - b[0])
        .map(([i, name]) => `(OperatorId: ${i} -> OperatorName: ${name})`)
        .join(", ");
    throw new TsparkError("STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA", {
      messageParameters: {
        OpsInMetadataSeq: list([...recorded].map(([i, m]) => [i, m.operatorInfo.operatorName] as const)),
        OpsInCurBatchSeq: list(current),
        checkpoint,
      },
    });
  }
}
