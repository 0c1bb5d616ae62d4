/**
 * The state data source (Spark 4's `spark.read.format("statestore")`): the key-value pairs one
 * stateful operator kept in its state store, as batch `batchId` left them — or, with
 * `readChangeFeed`, what each batch in a range changed. Schema:
 *
 *     key struct<…>, value struct<…>, partition_id int
 *     batch_id long, change_type string, key struct<…>, value struct<…>, partition_id int   (change feed)
 *
 * where `key` and `value` take the operator's state schema (`state/<op>/0/_metadata/schema`): an
 * aggregation's grouping columns and aggregation buffers, deduplication's columns and a
 * `__dummy__` null value, and so on. `change_type` is `update` (a key written in that batch, with
 * its new value) or `delete` (a key removed, value null).
 *
 * The state is read through the `StateStoreProvider` port with a new provider of the class pinned
 * in the checkpoint's offset log (see state-operator-info.ts for why not the process's cache):
 * `getReadStore(batchId + 1)` per partition directory. Errors are Spark's `STDS_*` classes; a
 * state file that cannot be read is the provider's own error naming the file.
 */
import { join } from "node:path";
import { TsparkError } from "../../common/errors.js";
import type { DataSourceOptions } from "../../connectors/file/data-source-options.js";
import { readFileIfExists } from "../../storage/atomic-file.js";
import { INT, LONG, STRING, StructField, StructType } from "../../types/data-type.js";
import { OffsetSeqLog } from "../checkpoint/offset-seq-log.js";
import {
  decodeStateSchema,
  readStateSchemaAt,
  type StateSchema,
  stateSchemaFilePath,
} from "../checkpoint/state-schema.js";
import { joinStoreNames } from "../operators/symmetric-hash-join-state-manager.js";
import { encodeStateValue } from "../state/state-codec.js";
import { HDFSBackedStateStoreProvider } from "../state/hdfs-backed-state-store-provider.js";
import { LmdbStateStoreProvider } from "../state/lmdb-state-store-provider.js";
import { resolveStateStoreProvider } from "../state/state-store-providers.js";
import {
  DEFAULT_STATE_STORE_CONF,
  type ReadStateStore,
  type StateStoreProvider,
  storeCheckpointLocation,
} from "../state/state-store.js";
import { listStatePartitionIds, stateRootOf } from "./state-directories.js";
import { readDeltaChanges, replayFromSnapshot, type StoreFiles } from "./state-file-replay.js";
import {
  type OperatorStateMetadata,
  readOperatorStateMetadataAt,
} from "../checkpoint/operator-state-metadata.js";
import {
  parseTransformWithStateProperties,
  type TransformWithStateOperatorProperties,
} from "../checkpoint/transform-with-state-properties.js";
import { providerClassOf } from "./state-operator-info.js";
import {
  TIMER_STORE_NAMES,
  type TwsChangeShape,
  type TwsStateShape,
  timersShape,
  variableChangeShape,
  variableShape,
} from "./tws-state-variable.js";
import { stateKeyOf } from "../state/state-key.js";
import {
  DEFAULT_STORE_NAME,
  describeStateSourceOptions,
  invalid,
  parseStateSourceOptions,
  STATE_SOURCE_OPTION,
  type StateSourceOptions,
} from "./state-source-options.js";
import { type StatePartitionRows, StateSourceRelation } from "./state-source-relation.js";

/** The short name of the state data source. */
export const STATE_STORE_FORMAT = "statestore";

/** Spark's operator name of transformWithState, the only operator with state variables. */
const TRANSFORM_WITH_STATE = "transformWithStateExec";

/**
 * Builds the relation of `spark.read.format("statestore").load(path)`: checks the options, reads
 * the operator's state schema and the offset log entry of the batch. Throws Spark's errors
 * (`STDS_*`) for bad options, a checkpoint without that batch, or an operator without a schema.
 */
export function resolveStateStoreRelation(options: DataSourceOptions): StateStoreRelation {
  let opts = parseStateSourceOptions(options);
  const twsRead = opts.stateVarName !== undefined || opts.readRegisteredTimers;
  const operatorName = () => operatorNameOf(opts);
  if (twsRead) {
    const name = operatorName() ?? "unknown";
    if (name !== TRANSFORM_WITH_STATE) {
      throw invalid(
        STATE_SOURCE_OPTION.stateVarName,
        `Providing state variable names is only supported with the ${TRANSFORM_WITH_STATE} operator. Found operator=${name}. Remove this option and run the query again.`,
      );
    }
    opts = { ...opts, storeName: twsStoreName(opts) };
  } else if (opts.joinSide === "none" && operatorName() === TRANSFORM_WITH_STATE) {
    // Spark's: a transformWithState operator has no default store to read.
    throw new TsparkError("STDS_REQUIRED_OPTION_UNSPECIFIED", {
      messageParameters: { optionName: STATE_SOURCE_OPTION.stateVarName },
    });
  }
  const stateSchema = readSchemaFor(opts);
  const seq = new OffsetSeqLog(join(opts.checkpointLocation, "offsets"), false).get(opts.batchId);
  if (seq === undefined) {
    throw new TsparkError("STDS_OFFSET_LOG_UNAVAILABLE", {
      messageParameters: { batchId: String(opts.batchId), checkpointLocation: opts.checkpointLocation },
    });
  }
  const shape =
    !twsRead || opts.readChangeFeed
      ? undefined
      : opts.readRegisteredTimers
        ? timersShape(stateSchema)
        : variableShape(stateSchema, opts.flattenCollectionTypes, recordedVariableType(opts));
  const changeShape =
    opts.readChangeFeed && opts.stateVarName !== undefined
      ? variableChangeShape(stateSchema, recordedVariableType(opts))
      : undefined;
  return new StateStoreRelation(opts, stateSchema, seq.metadata.conf, shape, changeShape);
}

/** The variable's type in the operator's recorded properties, if the checkpoint has them. */
function recordedVariableType(opts: StateSourceOptions): string | undefined {
  return recordedProperties(opts)?.stateVariables.find((v) => v.stateName === opts.stateVarName)
    ?.stateVariableType;
}

/**
 * The operator's metadata as it applied at the batch read (Spark reads the OperatorStateMetadataV2
 * of that batch: a transformWithState operator's variables can change from run to run).
 */
function metadataOf(opts: StateSourceOptions): OperatorStateMetadata | undefined {
  return readOperatorStateMetadataAt(stateRootOf(opts.checkpointLocation), opts.operatorId, opts.batchId);
}

/** The operator's recorded transformWithState properties (metadata version 2), if any. */
function recordedProperties(opts: StateSourceOptions): TransformWithStateOperatorProperties | undefined {
  try {
    const json = metadataOf(opts)?.operatorPropertiesJson;
    return json === undefined ? undefined : parseTransformWithStateProperties(json);
  } catch {
    return undefined;
  }
}

/** The operator's name from its metadata file; undefined without one (or an unreadable one). */
function operatorNameOf(opts: StateSourceOptions): string | undefined {
  try {
    return metadataOf(opts)?.operatorInfo.operatorName;
  } catch {
    return undefined;
  }
}

/**
 * The store of a transformWithState read: the variable's own (each variable is a named store), or
 * the timers' store of the operator's time mode. Spark's errors for a variable the operator does
 * not have, or timers without a time mode.
 */
function twsStoreName(opts: StateSourceOptions): string {
  const stateRoot = stateRootOf(opts.checkpointLocation);
  const exists = (store: string) =>
    readFileIfExists(join(stateRoot, String(opts.operatorId), "0", store, "_metadata", "schema")) !==
    undefined;
  const props = recordedProperties(opts);
  if (opts.readRegisteredTimers && props?.timeMode === "NoTime") {
    throw invalid(
      STATE_SOURCE_OPTION.readRegisteredTimers,
      "Registered timers are not available in TimeMode=None.",
    );
  }
  if (opts.stateVarName !== undefined) {
    const recorded =
      props === undefined ||
      props.stateVariables.some(
        (v) => v.stateName === opts.stateVarName && v.stateVariableType !== "TimerState",
      );
    if (opts.stateVarName.startsWith("$") || !recorded || !exists(opts.stateVarName)) {
      throw invalid(
        STATE_SOURCE_OPTION.stateVarName,
        `State variable ${opts.stateVarName} is not defined for the transformWithState operator.`,
      );
    }
    return opts.stateVarName;
  }
  const timers = TIMER_STORE_NAMES.find(exists);
  if (timers === undefined) {
    throw invalid(
      STATE_SOURCE_OPTION.readRegisteredTimers,
      "Registered timers are not available in TimeMode=None.",
    );
  }
  return timers;
}

/**
 * The key and value schemas of the store the options name, or `STDS_FAILED_TO_READ_STATE_SCHEMA`.
 * With `joinSide` (Spark's StreamStreamJoinStateHelper.readSchema): the join key schema of the
 * side's `keyToNumValues` store and the input row schema of its `keyWithIndexToValue` store,
 * without the internal `matched` column of state format 2.
 */
function readSchemaFor(opts: StateSourceOptions): StateSchema {
  if (opts.joinSide === "none") return readStoreSchema(opts, opts.storeName);
  const [numValues, withIndex] = joinStoreNames(opts.joinSide);
  const { keySchema } = readStoreSchema(opts, numValues);
  const { valueSchema } = readStoreSchema(opts, withIndex);
  const last = valueSchema.fields.at(-1);
  const fields =
    last?.name === "matched" && last.dataType.simpleString() === "boolean"
      ? valueSchema.fields.slice(0, -1)
      : valueSchema.fields;
  return { keySchema, valueSchema: new StructType(fields) };
}

function readStoreSchema(opts: StateSourceOptions, storeName: string): StateSchema {
  const stateRoot = stateRootOf(opts.checkpointLocation);
  // A join keeps its four stores under partition directories by name (`left-keyToNumValues`, …),
  // each with its own schema; other operators have only the default store.
  const path =
    storeName !== DEFAULT_STORE_NAME
      ? join(stateRoot, String(opts.operatorId), "0", storeName, "_metadata", "schema")
      : stateSchemaFilePath(stateRoot, opts.operatorId);
  const failed = (reason: string, cause?: unknown) =>
    new TsparkError("STDS_FAILED_TO_READ_STATE_SCHEMA", {
      messageParameters: { sourceOptions: describeStateSourceOptions(opts), reason },
      cause,
    });
  // A transformWithState store: the schema of the run that wrote the batch (state-schema.ts).
  if (storeName !== DEFAULT_STORE_NAME) {
    try {
      const at = readStateSchemaAt(stateRoot, opts.operatorId, storeName, opts.batchId);
      if (at !== undefined) return at.schema;
    } catch (e) {
      throw failed(e instanceof Error ? e.message : String(e), e);
    }
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = readFileIfExists(path);
  } catch (e) {
    throw failed(e instanceof Error ? e.message : String(e), e);
  }
  if (bytes === undefined) {
    const what = opts.joinSide !== "none" ? "the operator is not a stream-stream join, or " : "";
    throw failed(`${what}the schema file ${path} does not exist`);
  }
  try {
    return decodeStateSchema(bytes, path);
  } catch (e) {
    throw failed(e instanceof Error ? e.message : String(e), e);
  }
}

/** The relation of one `statestore` read. */
export class StateStoreRelation extends StateSourceRelation {
  constructor(
    readonly options: StateSourceOptions,
    readonly stateSchema: StateSchema,
    /** The settings pinned in the offset log entry of the batch read. */
    readonly conf: Readonly<Record<string, string>>,
    /** A transformWithState variable's (or the timers') shape of the rows, see tws-state-variable.ts. */
    readonly twsShape?: TwsStateShape,
    /** A list or map variable's change feed, per element (see tws-state-variable.ts). */
    readonly twsChangeShape?: TwsChangeShape,
  ) {
    super(
      STATE_STORE_FORMAT,
      twsShape?.schema ?? twsChangeShape?.schema ?? outputSchema(stateSchema, options.readChangeFeed),
    );
  }

  description(): string {
    const o = this.options;
    let text = `StateScan [stateCkptLocation=${stateRootOf(o.checkpointLocation)}][batchId=${o.batchId}][operatorId=${o.operatorId}][storeName=${o.storeName}]`;
    if (o.joinSide !== "none") text += `[joinSide=${o.joinSide}]`;
    if (o.fromSnapshot) {
      text += `[snapshotStartBatchId=${o.fromSnapshot.snapshotStartBatchId}][snapshotPartitionId=${o.fromSnapshot.snapshotPartitionId}]`;
    }
    if (o.changeFeed) {
      text += `[changeStartBatchId=${o.changeFeed.changeStartBatchId}][changeEndBatchId=${o.changeFeed.changeEndBatchId}]`;
    }
    return text;
  }

  /** A transformWithState variable's rows in one partition at `batchId + 1` (`twsShape`'s). */
  private async twsRows(
    provider: StateStoreProvider,
    batchId: number,
    partitionId: number,
  ): Promise<unknown[][]> {
    const shape = this.twsShape!;
    const store = await provider.getReadStore(batchId + 1);
    const rows: unknown[][] = [];
    store.forEachEntry((key, value) => {
      for (const r of shape.rows(key, value, partitionId)) rows.push(r);
    });
    return rows;
  }

  /** The processing time of batch `batchId` in the offset log (the TTL cleanup's clock). */
  private batchTimestampOf(batchId: number): number {
    const log = new OffsetSeqLog(join(this.options.checkpointLocation, "offsets"), false);
    return log.get(batchId)?.metadata.batchTimestampMs ?? 0;
  }

  async *readPartitions(): AsyncIterable<StatePartitionRows> {
    const o = this.options;
    let partitions = listStatePartitionIds(o.checkpointLocation, o.operatorId);
    if (partitions.length === 0) {
      throw new TsparkError("STDS_NO_PARTITION_DISCOVERED_IN_STATE_STORE", {
        messageParameters: { sourceOptions: describeStateSourceOptions(o) },
      });
    }
    if (o.fromSnapshot) {
      const { snapshotPartitionId } = o.fromSnapshot;
      if (!partitions.includes(snapshotPartitionId)) {
        throw new TsparkError("CANNOT_LOAD_STATE_STORE.SNAPSHOT_PARTITION_ID_NOT_FOUND", {
          messageParameters: {
            snapshotPartitionId: String(snapshotPartitionId),
            operatorId: String(o.operatorId),
            checkpointLocation: stateRootOf(o.checkpointLocation),
          },
        });
      }
      partitions = [snapshotPartitionId];
    }
    const factory = resolveStateStoreProvider(providerClassOf(this.conf), false);
    const stateRoot = stateRootOf(o.checkpointLocation);
    const nValue = this.stateSchema.valueSchema.fields.length;
    if (o.joinSide !== "none") {
      for (const partitionId of partitions) {
        const rows = await joinSideRows(factory, stateRoot, o, o.joinSide, partitionId, () =>
          providerClassOf(this.conf),
        );
        yield { partitionId, rows };
      }
      return;
    }
    for (const partitionId of partitions) {
      // A named store (a stream-stream join's `left-keyToNumValues`, …) lives in its own directory.
      const id =
        o.storeName === DEFAULT_STORE_NAME
          ? { stateRoot, operatorId: o.operatorId, partitionId }
          : { stateRoot, operatorId: o.operatorId, partitionId, storeName: o.storeName };
      const provider = factory(id, DEFAULT_STATE_STORE_CONF);
      // The HDFS-backed provider's delta and snapshot files allow replaying single batches
      // (Spark's SupportsFineGrainedReplay); other providers only give whole versions.
      const files =
        provider instanceof HDFSBackedStateStoreProvider
          ? { dir: storeCheckpointLocation(id), clazz: provider.toString(), id }
          : undefined;
      try {
        let rows: unknown[][];
        if (o.changeFeed !== undefined && this.twsChangeShape !== undefined) {
          rows = await elementChangeRows(
            provider,
            files,
            o.changeFeed,
            partitionId,
            this.twsChangeShape,
            (batchId) => this.batchTimestampOf(batchId),
          );
        } else if (o.changeFeed !== undefined) {
          rows = files
            ? deltaChangeRows(files, o.changeFeed, partitionId, nValue)
            : await diffChangeRows(provider, o.changeFeed, partitionId, nValue);
        } else if (o.fromSnapshot !== undefined && !files) {
          await checkWholeVersionReplay(provider, o.fromSnapshot.snapshotStartBatchId, () =>
            providerClassOf(this.conf),
          );
          rows = this.twsShape
            ? await this.twsRows(provider, o.batchId, partitionId)
            : await stateRows(provider, o, partitionId, nValue);
        } else if (o.fromSnapshot !== undefined && files) {
          const entries = replayFromSnapshot(files, o.fromSnapshot.snapshotStartBatchId + 1, o.batchId + 1);
          const shape = this.twsShape;
          rows = shape
            ? entries.flatMap((e) => shape.rows(e.key, e.value, partitionId))
            : entries.map((e) => [[...e.key], valueStruct(e.value, nValue), partitionId]);
        } else if (this.twsShape) {
          rows = await this.twsRows(provider, o.batchId, partitionId);
        } else {
          rows = await stateRows(provider, o, partitionId, nValue);
        }
        yield { partitionId, rows };
      } finally {
        await provider.close?.();
      }
    }
  }
}

/**
 * `snapshotStartBatchId` on a provider without delta and snapshot files: the LMDB provider (what
 * Spark's RocksDB class name gets) keeps each retained version whole, so every retained version
 * is a snapshot and replaying from one up to `batchId` gives version `batchId + 1` as it is; the
 * start must be a version the provider can still load (its error otherwise). Other providers
 * cannot replay (Spark's error for a provider without SupportsFineGrainedReplay).
 */
async function checkWholeVersionReplay(
  provider: StateStoreProvider,
  snapshotStartBatchId: number,
  providerClass: () => string,
): Promise<void> {
  if (!(provider instanceof LmdbStateStoreProvider)) {
    throw new TsparkError("STATE_STORE_PROVIDER_DOES_NOT_SUPPORT_FINE_GRAINED_STATE_REPLAY", {
      messageParameters: { inputClass: providerClass() },
    });
  }
  await provider.getReadStore(snapshotStartBatchId + 1);
}

/** Spark's schema of the source: the state's key and value structs, the partition, and the change columns. */
function outputSchema(schema: StateSchema, changeFeed: boolean): StructType {
  const fields = [
    new StructField("key", schema.keySchema),
    new StructField("value", schema.valueSchema),
    new StructField("partition_id", INT),
  ];
  return new StructType(
    changeFeed
      ? [new StructField("batch_id", LONG), new StructField("change_type", STRING), ...fields]
      : fields,
  );
}

/** What a join side is read from: its two stores' entries, by key. */
interface JoinSideState {
  forEachCount(fn: (key: readonly unknown[], count: unknown) => void): void;
  value(keyWithIndex: readonly unknown[]): unknown;
}

/**
 * One partition's buffered rows of a join side at `batchId + 1` (Spark's
 * StreamStreamJoinStatePartitionReader): for each join key of `keyToNumValues`, in store order,
 * its rows at index 0 … n − 1 of `keyWithIndexToValue`, as `[key, row without matched,
 * partition_id]`. With `snapshotStartBatchId` both stores are rebuilt from their snapshot of that
 * batch and the deltas after it (Spark's join reader replays each store from the snapshot): the
 * HDFS-backed provider's files, the LMDB provider's whole versions (checkWholeVersionReplay).
 */
async function joinSideRows(
  factory: ReturnType<typeof resolveStateStoreProvider>,
  stateRoot: string,
  o: StateSourceOptions,
  side: "left" | "right",
  partitionId: number,
  providerClass: () => string,
): Promise<unknown[][]> {
  const [numValuesName, withIndexName] = joinStoreNames(side);
  const idOf = (storeName: string) => ({ stateRoot, operatorId: o.operatorId, partitionId, storeName });
  const numValuesProvider = factory(idOf(numValuesName), DEFAULT_STATE_STORE_CONF);
  const withIndexProvider = factory(idOf(withIndexName), DEFAULT_STATE_STORE_CONF);
  try {
    let state: JoinSideState;
    const fromSnapshot = o.fromSnapshot;
    if (fromSnapshot !== undefined && numValuesProvider instanceof HDFSBackedStateStoreProvider) {
      const replay = (provider: StateStoreProvider, storeName: string) => {
        const id = idOf(storeName);
        const files = { dir: storeCheckpointLocation(id), clazz: provider.toString(), id };
        return replayFromSnapshot(files, fromSnapshot.snapshotStartBatchId + 1, o.batchId + 1);
      };
      const counts = replay(numValuesProvider, numValuesName);
      const values = new Map(
        replay(withIndexProvider, withIndexName).map((e) => [stateKeyOf(e.key), e.value] as const),
      );
      state = {
        forEachCount: (fn) => {
          for (const e of counts) fn(e.key, e.value);
        },
        value: (keyWithIndex) => values.get(stateKeyOf(keyWithIndex)),
      };
    } else {
      if (fromSnapshot !== undefined) {
        // Whole versions (see checkWholeVersionReplay): both stores from their start version on.
        await checkWholeVersionReplay(numValuesProvider, fromSnapshot.snapshotStartBatchId, providerClass);
        await checkWholeVersionReplay(withIndexProvider, fromSnapshot.snapshotStartBatchId, providerClass);
      }
      const counts = await numValuesProvider.getReadStore(o.batchId + 1);
      const values = await withIndexProvider.getReadStore(o.batchId + 1);
      state = { forEachCount: (fn) => counts.forEachEntry(fn), value: (k) => values.get(k) };
    }
    const rows: unknown[][] = [];
    state.forEachCount((key, count) => {
      const n = Number(Array.isArray(count) ? count[0] : count);
      for (let i = 0; i < n; i++) {
        const value = state.value([...key, i]);
        // A value removed without its count (never written so) is skipped, as Spark's iterator does.
        if (!Array.isArray(value)) continue;
        rows.push([[...key], value.slice(0, -1), partitionId]);
      }
    });
    return rows;
  } finally {
    await numValuesProvider.close?.();
    await withIndexProvider.close?.();
  }
}

/** One partition's pairs at `batchId + 1`: `[key, value, partition_id]` rows. */
async function stateRows(
  provider: StateStoreProvider,
  o: StateSourceOptions,
  partitionId: number,
  nValue: number,
): Promise<unknown[][]> {
  const store = await provider.getReadStore(o.batchId + 1);
  const rows: unknown[][] = [];
  store.forEachEntry((key, value) => {
    rows.push([[...key], valueStruct(value, nValue), partitionId]);
  });
  return rows;
}

/**
 * One partition's changes over the batch range from its delta files: `[batch_id, change_type,
 * key, value, partition_id]` rows, batch by batch, each in the order the batch wrote them.
 */
function deltaChangeRows(
  files: StoreFiles,
  range: NonNullable<StateSourceOptions["changeFeed"]>,
  partitionId: number,
  nValue: number,
): unknown[][] {
  const rows: unknown[][] = [];
  for (let batchId = range.changeStartBatchId; batchId <= range.changeEndBatchId; batchId++) {
    for (const c of readDeltaChanges(files, batchId + 1)) {
      const value = c.kind === "update" ? valueStruct(c.value, nValue) : null;
      rows.push([batchId, c.kind, [...c.key], value, partitionId]);
    }
  }
  return rows;
}

/**
 * One partition's changes over the batch range for a provider without delta files (the
 * disk-backed one), from its versions: keys added or whose value changed between the state before
 * a batch and after it are `update`s, keys gone `delete`s. Unlike a delta, a key the batch wrote
 * again with the same value does not show.
 */
async function diffChangeRows(
  provider: StateStoreProvider,
  range: NonNullable<StateSourceOptions["changeFeed"]>,
  partitionId: number,
  nValue: number,
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  await forEachVersionChange(provider, range, (batchId, key, _before, after) =>
    rows.push(
      after === undefined
        ? [batchId, "delete", key, null, partitionId]
        : [batchId, "update", key, valueStruct(after, nValue), partitionId],
    ),
  );
  return rows;
}

/**
 * Compares the versions before and after each batch of the range: `visit` gets each key added or
 * whose value changed (its value before, undefined when added, and after), then each key gone
 * (after undefined), per batch in order.
 */
async function forEachVersionChange(
  provider: StateStoreProvider,
  range: NonNullable<StateSourceOptions["changeFeed"]>,
  visit: (batchId: number, key: unknown[], before: unknown, after: unknown) => void,
): Promise<void> {
  let before: ReadStateStore = await provider.getReadStore(range.changeStartBatchId);
  for (let batchId = range.changeStartBatchId; batchId <= range.changeEndBatchId; batchId++) {
    const after = await provider.getReadStore(batchId + 1);
    const prev = before;
    after.forEachEntry((key, value) => {
      const old = prev.get(key);
      if (old === undefined || !sameStateValue(old, value)) visit(batchId, [...key], old, value);
    });
    prev.forEachEntry((key, value) => {
      if (after.get(key) === undefined) visit(batchId, [...key], value, undefined);
    });
    before = after;
  }
}

/**
 * One partition's changes of a list or map variable over the batch range, per element: for each
 * key a batch changed, the key's value before and after the batch compared by `shape` (see
 * tws-state-variable.ts). With delta files: the state of `changeStartBatchId` is read once and
 * each batch's delta applied to it (its keys in the order it wrote them); without: the versions
 * are compared (the keys whose value differs).
 */
async function elementChangeRows(
  provider: StateStoreProvider,
  files: StoreFiles | undefined,
  range: NonNullable<StateSourceOptions["changeFeed"]>,
  partitionId: number,
  shape: TwsChangeShape,
  batchTimestampOf: (batchId: number) => number,
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  const emit = (batchId: number, key: readonly unknown[], before: unknown, after: unknown, ts: number) => {
    for (const r of shape.rows(batchId, key, before, after, partitionId, ts)) rows.push(r);
  };
  if (files) {
    const state = new Map<unknown, unknown>();
    (await provider.getReadStore(range.changeStartBatchId)).forEachEntry((key, value) =>
      state.set(stateKeyOf(key), value),
    );
    for (let batchId = range.changeStartBatchId; batchId <= range.changeEndBatchId; batchId++) {
      // A key written several times by the batch: its place of first write, its last value.
      const changed = new Map<unknown, { readonly key: readonly unknown[]; value: unknown }>();
      for (const c of readDeltaChanges(files, batchId + 1)) {
        const k = stateKeyOf(c.key);
        const value = c.kind === "update" ? c.value : undefined;
        const seen = changed.get(k);
        if (seen) seen.value = value;
        else changed.set(k, { key: c.key, value });
      }
      const ts = batchTimestampOf(batchId);
      for (const [k, c] of changed) {
        emit(batchId, c.key, state.get(k), c.value, ts);
        if (c.value === undefined) state.delete(k);
        else state.set(k, c.value);
      }
    }
    return rows;
  }
  // The batch's timestamp read once per batch (an offset log read).
  let tsBatch = -1;
  let ts = 0;
  await forEachVersionChange(provider, range, (batchId, key, before, after) => {
    if (batchId !== tsBatch) {
      tsBatch = batchId;
      ts = batchTimestampOf(batchId);
    }
    emit(batchId, key, before, after, ts);
  });
  return rows;
}

/** Whether two stored values are the same bits (the state codec's encoding is exact). */
function sameStateValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = encodeStateValue(a);
  const y = encodeStateValue(b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * A stored value as the value struct: operators that keep one value per key (a count, the
 * deduplication placeholder) store it bare, those with several (aggregation buffers) as an array.
 */
function valueStruct(value: unknown, nFields: number): unknown[] {
  if (Array.isArray(value) && value.length === nFields) return [...value];
  if (nFields === 1) return [value ?? null];
  throw new TsparkError("STDS_INTERNAL_ERROR", {
    messageParameters: {
      message: `a state value does not match the value schema's ${nFields} fields.`,
    },
  });
}
