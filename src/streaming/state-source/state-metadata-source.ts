/**
 * The state metadata data source (Spark's `spark.read.format("state-metadata").load(checkpoint)`):
 * one row per stateful operator and state store of a checkpoint, with Spark's columns
 *
 *     operatorId long, operatorName string, stateStoreName string, numPartitions int,
 *     minBatchId long, maxBatchId long, operatorProperties string
 *
 * read from each operator's metadata file (`state/<op>/_metadata/metadata`), where the batch range
 * is the commit log's (-1 when it is empty) — the batches whose state the `statestore` source can
 * read — and `operatorProperties` is empty but for transformWithState (its time mode, output
 * mode and state variables as Spark's JSON), which is one row with the `default` store, as in
 * Spark (one store with a column family per variable; tspark's stores per variable are its
 * own layout). Only `path` is read; without it `STDS_REQUIRED_OPTION_UNSPECIFIED`.
 */
import { join } from "node:path";
import { TsparkError } from "../../common/errors.js";
import type { DataSourceOptions } from "../../connectors/file/data-source-options.js";
import { INT, LONG, STRING, StructField, StructType } from "../../types/data-type.js";
import { resolveCheckpointLocation } from "../checkpoint/checkpoint-location.js";
import { CommitLog } from "../checkpoint/commit-log.js";
import { DEFAULT_STORE_NAME, listOperatorStateMetadata } from "../checkpoint/operator-state-metadata.js";
import { stateRootOf } from "./state-directories.js";
import { STATE_SOURCE_OPTION } from "./state-source-options.js";
import { type StatePartitionRows, StateSourceRelation } from "./state-source-relation.js";

/** The short name of the state metadata source. */
export const STATE_METADATA_FORMAT = "state-metadata";

/** Spark's `StateMetadataTableEntry.schema`. */
export const STATE_METADATA_SCHEMA = new StructType([
  new StructField("operatorId", LONG),
  new StructField("operatorName", STRING),
  new StructField("stateStoreName", STRING),
  new StructField("numPartitions", INT),
  new StructField("minBatchId", LONG),
  new StructField("maxBatchId", LONG),
  new StructField("operatorProperties", STRING),
]);

/** Builds the relation of `spark.read.format("state-metadata").load(path)`. */
export function resolveStateMetadataRelation(options: DataSourceOptions): StateMetadataRelation {
  const path = options.get(STATE_SOURCE_OPTION.path);
  if (path === undefined) {
    throw new TsparkError("STDS_REQUIRED_OPTION_UNSPECIFIED", {
      messageParameters: { optionName: STATE_SOURCE_OPTION.path },
    });
  }
  const checkpoint = resolveCheckpointLocation({
    option: path,
    conf: undefined,
    queryName: undefined,
    sink: "",
    newUuid: () => "",
    tempDirRoot: "",
  }).path;
  return new StateMetadataRelation(checkpoint);
}

/** The relation of one `state-metadata` read. */
export class StateMetadataRelation extends StateSourceRelation {
  constructor(readonly checkpoint: string) {
    super(STATE_METADATA_FORMAT, STATE_METADATA_SCHEMA);
  }

  description(): string {
    return `StateMetadataScan [checkpointLocation=${this.checkpoint}]`;
  }

  async *readPartitions(): AsyncIterable<StatePartitionRows> {
    yield { partitionId: 0, rows: stateMetadataRows(this.checkpoint) };
  }
}

/**
 * The rows of the source for `checkpoint` (absolute path): one per store of each operator with a
 * metadata file, by operator id (Spark's reader lists the operators' metadata files).
 */
export function stateMetadataRows(checkpoint: string): unknown[][] {
  const batchIds = new CommitLog(join(checkpoint, "commits"), false).listBatchIds();
  const minBatchId = batchIds[0] ?? -1;
  const maxBatchId = batchIds.at(-1) ?? -1;
  const rows: unknown[][] = [];
  for (const [operatorId, metadata] of listOperatorStateMetadata(stateRootOf(checkpoint))) {
    const props = metadata.operatorPropertiesJson;
    const stores =
      props !== undefined && metadata.stateStoreInfo.length > 0
        ? [{ ...metadata.stateStoreInfo[0]!, storeName: DEFAULT_STORE_NAME }]
        : metadata.stateStoreInfo;
    for (const store of stores) {
      rows.push([
        operatorId,
        metadata.operatorInfo.operatorName,
        store.storeName,
        store.numPartitions,
        minBatchId,
        maxBatchId,
        metadata.operatorPropertiesJson ?? "",
      ]);
    }
  }
  return rows.sort((a, b) => (a[0] as number) - (b[0] as number));
}
