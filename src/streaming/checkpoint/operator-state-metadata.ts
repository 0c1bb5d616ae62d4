/**
 * A stateful operator's metadata file (Spark's OperatorStateMetadataV1 and its writer and reader):
 * `state/<operatorId>/_metadata/metadata`, beside the operator's partition directories, written
 * once on the first batch that plans the operator. A restart compares the operators it lists with
 * the query's own (which operator sits at which id). Text, no trailing newline:
 *
 *     v1
 *     {"operatorInfo":{"operatorId":0,"operatorName":"stateStoreSave"},"stateStoreInfo":[{"storeName":"default","numColsPrefixKey":0,"numPartitions":5}]}
 *
 * Version 2 (Spark's, for transformWithState) adds `operatorPropertiesJson`, the operator's
 * properties as a JSON string (transform-with-state-properties.ts); tspark writes it for
 * transformWithState, keeping its per-variable stores in `stateStoreInfo`:
 *
 *     v2
 *     {"operatorInfo":{"operatorId":0,"operatorName":"transformWithStateExec"},"stateStoreInfo":[{"storeName":"countState","numColsPrefixKey":0,"numPartitions":5}],"operatorPropertiesJson":"{\"timeMode\":\"NoTime\",\"outputMode\":\"Update\",\"stateVariables\":[…]}"}
 *
 * A transformWithState operator's variables may change from one run to the next, so, as Spark
 * keeps one OperatorStateMetadataV2 file per batch that wrote one, each run also writes its
 * version 2 metadata to `state/<operatorId>/_metadata/v2/<batchId>` (the run's first batch); the
 * state data source reads the file of the latest such batch at or before the batch it reads
 * (`readOperatorStateMetadataAt`), the `metadata` file when there is none (older checkpoints).
 */
import { join } from "node:path";
import { listDirectory, readTextIfExists, writeFileAtomic } from "../../storage/atomic-file.js";
import { corruptFile, expectObject, integerField, parseJsonLine, parseLogVersion } from "./log-version.js";

/** The metadata version written (Spark's OperatorStateMetadataV1; 2 with operator properties). */
export const OPERATOR_STATE_METADATA_VERSION = 1;

/** Spark's StateStoreId.DEFAULT_STORE_NAME: the one store of every operator but joins. */
export const DEFAULT_STORE_NAME = "default";

/** One store of an operator (Spark's StateStoreMetadataV1). */
export interface StateStoreMetadata {
  readonly storeName: string;
  readonly numColsPrefixKey: number;
  /** The operator's number of state partitions (`spark.sql.shuffle.partitions` when it ran). */
  readonly numPartitions: number;
}

/** An operator's metadata file (Spark's OperatorStateMetadataV1). */
export interface OperatorStateMetadata {
  readonly operatorInfo: { readonly operatorId: number; readonly operatorName: string };
  readonly stateStoreInfo: readonly StateStoreMetadata[];
  /** Version 2: the operator's properties (transformWithState's), a JSON string. */
  readonly operatorPropertiesJson?: string;
}

/** `<stateRoot>/<operatorId>/_metadata/metadata`. */
export function operatorStateMetadataPath(stateRoot: string, operatorId: number): string {
  return join(stateRoot, String(operatorId), "_metadata", "metadata");
}

/** `<stateRoot>/<operatorId>/_metadata/v2`: the version 2 metadata files by batch id. */
export function operatorStateMetadataV2Dir(stateRoot: string, operatorId: number): string {
  return join(stateRoot, String(operatorId), "_metadata", "v2");
}

/** The file's text: the version line, then the JSON in Spark's field order. */
export function serializeOperatorStateMetadata(metadata: OperatorStateMetadata): string {
  const json = {
    operatorInfo: {
      operatorId: metadata.operatorInfo.operatorId,
      operatorName: metadata.operatorInfo.operatorName,
    },
    stateStoreInfo: metadata.stateStoreInfo.map((s) => ({
      storeName: s.storeName,
      numColsPrefixKey: s.numColsPrefixKey,
      numPartitions: s.numPartitions,
    })),
    ...(metadata.operatorPropertiesJson === undefined
      ? {}
      : { operatorPropertiesJson: metadata.operatorPropertiesJson }),
  };
  const version = metadata.operatorPropertiesJson === undefined ? OPERATOR_STATE_METADATA_VERSION : 2;
  return `v${version}\n${JSON.stringify(json)}`;
}

/** Decodes a metadata file read from `path`; a bad version, JSON or field names the file. */
export function deserializeOperatorStateMetadata(text: string, path: string): OperatorStateMetadata {
  const newline = text.indexOf("\n");
  const versionLine = newline < 0 ? text : text.slice(0, newline);
  parseLogVersion(versionLine, 2, path);
  if (newline < 0) throw corruptFile(path, "the operator metadata is missing (the file may be truncated)");
  const obj = expectObject(parseJsonLine(text.slice(newline + 1), path, 2), path, "the operator metadata");
  const info = expectObject(obj.operatorInfo, path, '"operatorInfo"');
  const operatorId = integerField(info, "operatorId", undefined, path);
  const operatorName = info.operatorName;
  if (typeof operatorName !== "string")
    throw corruptFile(path, '"operatorInfo.operatorName" is not a string');
  if (!Array.isArray(obj.stateStoreInfo)) throw corruptFile(path, '"stateStoreInfo" is not an array');
  const stateStoreInfo = obj.stateStoreInfo.map((s: unknown, i: number): StateStoreMetadata => {
    const store = expectObject(s, path, `"stateStoreInfo[${i}]"`);
    if (typeof store.storeName !== "string") {
      throw corruptFile(path, `"stateStoreInfo[${i}].storeName" is not a string`);
    }
    return {
      storeName: store.storeName,
      numColsPrefixKey: integerField(store, "numColsPrefixKey", 0, path),
      numPartitions: integerField(store, "numPartitions", undefined, path),
    };
  });
  const props = obj.operatorPropertiesJson;
  if (props !== undefined && typeof props !== "string")
    throw corruptFile(path, '"operatorPropertiesJson" is not a string');
  return {
    operatorInfo: { operatorId, operatorName },
    stateStoreInfo,
    ...(props === undefined ? {} : { operatorPropertiesJson: props }),
  };
}

/** The metadata of `operatorId`, or undefined when its file does not exist. */
export function readOperatorStateMetadata(
  stateRoot: string,
  operatorId: number,
): OperatorStateMetadata | undefined {
  const path = operatorStateMetadataPath(stateRoot, operatorId);
  const text = readTextIfExists(path);
  return text === undefined ? undefined : deserializeOperatorStateMetadata(text, path);
}

/**
 * The metadata of `operatorId` that applied at batch `batchId`: the version 2 file of the latest
 * batch at or before it that wrote one (see the header), else the `metadata` file; undefined
 * without either.
 */
export function readOperatorStateMetadataAt(
  stateRoot: string,
  operatorId: number,
  batchId: number,
): OperatorStateMetadata | undefined {
  const dir = operatorStateMetadataV2Dir(stateRoot, operatorId);
  let best = -1;
  for (const name of listDirectory(dir)) {
    if (!/^[0-9]+$/.test(name)) continue;
    const id = Number(name);
    if (id <= batchId && id > best) best = id;
  }
  if (best < 0) return readOperatorStateMetadata(stateRoot, operatorId);
  const path = join(dir, String(best));
  const text = readTextIfExists(path);
  return text === undefined
    ? readOperatorStateMetadata(stateRoot, operatorId)
    : deserializeOperatorStateMetadata(text, path);
}

/**
 * The metadata of every operator directory under `stateRoot` that has a metadata file, by
 * operator id (Spark's state-metadata reader: operators without one, from older versions, are
 * not listed).
 */
export function listOperatorStateMetadata(stateRoot: string): Map<number, OperatorStateMetadata> {
  const out = new Map<number, OperatorStateMetadata>();
  for (const name of listDirectory(stateRoot)) {
    if (!/^[0-9]+$/.test(name)) continue;
    const id = Number(name);
    const metadata = readOperatorStateMetadata(stateRoot, id);
    if (metadata !== undefined) out.set(id, metadata);
  }
  return out;
}

/**
 * Writes `metadata` (version 2, with operator properties) as the one of batch `batchId` (see the
 * header), replacing a file an earlier run of that batch wrote.
 */
export function writeOperatorStateMetadataAt(
  stateRoot: string,
  metadata: OperatorStateMetadata,
  batchId: number,
  fsync: boolean,
): void {
  writeFileAtomic(
    join(operatorStateMetadataV2Dir(stateRoot, metadata.operatorInfo.operatorId), String(batchId)),
    serializeOperatorStateMetadata(metadata),
    { overwrite: true, fsync },
  );
}

/**
 * Writes `metadata` unless its operator already has a metadata file (or, with `overwrite`, in any
 * case: transformWithState records its current properties); returns whether it wrote.
 */
export function writeOperatorStateMetadata(
  stateRoot: string,
  metadata: OperatorStateMetadata,
  fsync: boolean,
  overwrite = false,
): boolean {
  return writeFileAtomic(
    operatorStateMetadataPath(stateRoot, metadata.operatorInfo.operatorId),
    serializeOperatorStateMetadata(metadata),
    { overwrite, fsync },
  );
}
