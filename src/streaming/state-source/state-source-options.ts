/**
 * The options of the state data source (`spark.read.format("statestore")`, Spark's
 * `StateSourceOptions`), checked as Spark checks them:
 *
 * | option                 | default                      | meaning                                      |
 * | ---------------------- | ---------------------------- | -------------------------------------------- |
 * | `path`                 | required (or `load(path)`)   | the query's checkpoint location              |
 * | `batchId`              | the last committed batch     | read the state as batch `batchId` left it    |
 * | `operatorId`           | 0                            | which stateful operator                      |
 * | `storeName`            | `default`                    | which store of the operator                  |
 * | `joinSide`             | `none`                       | `left` / `right` side of a stream-stream join |
 * | `snapshotStartBatchId` | —                            | rebuild from the snapshot of that batch (with `snapshotPartitionId`) |
 * | `snapshotPartitionId`  | —                            | the one partition to rebuild                 |
 * | `readChangeFeed`       | false                        | the changes of each batch instead of the state |
 * | `changeStartBatchId`   | required with readChangeFeed | first batch of the change feed               |
 * | `changeEndBatchId`     | the last committed batch     | last batch of the change feed                |
 * | `stateVarName`         | —                            | a transformWithState variable to read        |
 * | `flattenCollectionTypes` | true                       | a list / map variable: one row per element   |
 * | `readRegisteredTimers` | false                        | a transformWithState operator's timers       |
 *
 * Violations are Spark's `STDS_*` errors (`STDS_INVALID_OPTION_VALUE.*`, `STDS_CONFLICT_OPTIONS`,
 * `STDS_REQUIRED_OPTION_UNSPECIFIED`, `STDS_COMMITTED_BATCH_UNAVAILABLE`).
 */
import { join } from "node:path";
import { TsparkError } from "../../common/errors.js";
import type { DataSourceOptions } from "../../connectors/file/data-source-options.js";
import { resolveCheckpointLocation } from "../checkpoint/checkpoint-location.js";
import { CommitLog } from "../checkpoint/commit-log.js";

/** Spark's store name of every operator but the stream-stream join. */
export const DEFAULT_STORE_NAME = "default";

/** The sides of a stream-stream join, as `joinSide` accepts them (`none`: not a join). */
export type JoinSide = "left" | "right" | "none";

/** The checked options. */
export interface StateSourceOptions {
  /** The checkpoint directory, absolute. */
  readonly checkpointLocation: string;
  /** The batch whose state is read (in change-feed mode, `changeEndBatchId`). */
  readonly batchId: number;
  readonly operatorId: number;
  readonly storeName: string;
  readonly joinSide: JoinSide;
  readonly readChangeFeed: boolean;
  readonly fromSnapshot?: { readonly snapshotStartBatchId: number; readonly snapshotPartitionId: number };
  readonly changeFeed?: { readonly changeStartBatchId: number; readonly changeEndBatchId: number };
  readonly stateVarName?: string;
  /** A list or map variable read one row per element (default) or one row per grouping key. */
  readonly flattenCollectionTypes: boolean;
  readonly readRegisteredTimers: boolean;
}

/** The option names (Spark's spelling; lookups are case-insensitive). */
export const STATE_SOURCE_OPTION = {
  path: "path",
  batchId: "batchId",
  operatorId: "operatorId",
  storeName: "storeName",
  joinSide: "joinSide",
  snapshotStartBatchId: "snapshotStartBatchId",
  snapshotPartitionId: "snapshotPartitionId",
  stateVarName: "stateVarName",
  flattenCollectionTypes: "flattenCollectionTypes",
  readRegisteredTimers: "readRegisteredTimers",
  readChangeFeed: "readChangeFeed",
  changeStartBatchId: "changeStartBatchId",
  changeEndBatchId: "changeEndBatchId",
} as const;

const O = STATE_SOURCE_OPTION;

/** Checks `options` (the reader's, `path` included) and fills in the defaults. */
export function parseStateSourceOptions(options: DataSourceOptions): StateSourceOptions {
  const path = options.get(O.path);
  if (path === undefined) throw requiredOption(O.path);
  const operatorId = integerOption(options, O.operatorId) ?? 0;
  if (operatorId < 0) throw negative(O.operatorId);
  const storeName = (options.get(O.storeName) ?? DEFAULT_STORE_NAME).trim();
  if (storeName === "") {
    throw new TsparkError("STDS_INVALID_OPTION_VALUE.IS_EMPTY", {
      messageParameters: { optionName: O.storeName },
    });
  }
  const stateVarName = options.get(O.stateVarName)?.trim();
  const joinSideText = options.get(O.joinSide);
  let joinSide: JoinSide = "none";
  if (joinSideText !== undefined) {
    // Scala's Enumeration.withName: exact, case-sensitive names.
    if (joinSideText !== "left" && joinSideText !== "right" && joinSideText !== "none") {
      throw invalid(O.joinSide, "Valid values are left,right,none");
    }
    joinSide = joinSideText;
  }
  if (joinSide !== "none" && storeName !== DEFAULT_STORE_NAME) throw conflict(O.joinSide, O.storeName);
  const checkpointLocation = resolveCheckpointLocation({
    option: path,
    conf: undefined,
    queryName: undefined,
    sink: "",
    newUuid: () => "",
    tempDirRoot: "",
  }).path;

  let batchId = integerOption(options, O.batchId);
  const snapshotStartBatchId = integerOption(options, O.snapshotStartBatchId);
  const snapshotPartitionId = integerOption(options, O.snapshotPartitionId);
  const readChangeFeed = booleanOption(options, O.readChangeFeed);
  const changeStartBatchId = integerOption(options, O.changeStartBatchId);
  let changeEndBatchId = integerOption(options, O.changeEndBatchId);
  // Spark's message for these two (readChangeFeed's is tspark's own).
  const readRegisteredTimers = booleanOption(options, O.readRegisteredTimers, "Boolean value is expected");
  const flattenCollectionTypes =
    options.get(O.flattenCollectionTypes) === undefined
      ? true
      : booleanOption(options, O.flattenCollectionTypes, "Boolean value is expected");
  if (readRegisteredTimers && stateVarName !== undefined)
    throw conflict(O.readRegisteredTimers, O.stateVarName);
  if ((readRegisteredTimers || stateVarName !== undefined) && joinSide !== "none") {
    throw conflict(O.joinSide, readRegisteredTimers ? O.readRegisteredTimers : O.stateVarName);
  }
  const common = {
    checkpointLocation,
    operatorId,
    storeName,
    joinSide,
    readChangeFeed,
    flattenCollectionTypes,
    readRegisteredTimers,
  };
  const varName = stateVarName === undefined ? {} : { stateVarName };

  if (readChangeFeed) {
    if (joinSide !== "none") throw conflict(O.joinSide, O.readChangeFeed);
    if (batchId !== undefined) throw conflict(O.batchId, O.readChangeFeed);
    if (snapshotStartBatchId !== undefined) throw conflict(O.snapshotStartBatchId, O.readChangeFeed);
    if (snapshotPartitionId !== undefined) throw conflict(O.snapshotPartitionId, O.readChangeFeed);
    if (changeStartBatchId === undefined) throw requiredOption(O.changeStartBatchId);
    changeEndBatchId ??= lastCommittedBatch(checkpointLocation);
    if (changeStartBatchId < 0) throw negative(O.changeStartBatchId);
    if (changeEndBatchId < changeStartBatchId) {
      throw invalid(
        O.changeEndBatchId,
        `${O.changeEndBatchId} cannot be smaller than ${O.changeStartBatchId}. Check ${O.changeEndBatchId}, or, when it is left to its default (the last committed batch, ${changeEndBatchId}), that ${O.changeStartBatchId} is not after it.`,
      );
    }
    return {
      ...common,
      batchId: changeEndBatchId,
      changeFeed: { changeStartBatchId, changeEndBatchId },
      ...varName,
    };
  }

  const onlyWithChangeFeed = `Only specify this option when ${O.readChangeFeed} is set to true.`;
  if (changeStartBatchId !== undefined) throw invalid(O.changeStartBatchId, onlyWithChangeFeed);
  if (changeEndBatchId !== undefined) throw invalid(O.changeEndBatchId, onlyWithChangeFeed);
  batchId ??= lastCommittedBatch(checkpointLocation);
  if (batchId < 0) throw negative(O.batchId);
  if (snapshotStartBatchId !== undefined && snapshotStartBatchId < 0) throw negative(O.snapshotStartBatchId);
  if (snapshotStartBatchId !== undefined && snapshotStartBatchId > batchId) {
    throw invalid(O.snapshotStartBatchId, `value should be less than or equal to ${batchId}`);
  }
  if (snapshotPartitionId !== undefined && snapshotPartitionId < 0) throw negative(O.snapshotPartitionId);
  // Both or neither: each partition has its own snapshots.
  if (snapshotPartitionId !== undefined && snapshotStartBatchId === undefined) {
    throw requiredOption(O.snapshotStartBatchId);
  }
  if (snapshotPartitionId === undefined && snapshotStartBatchId !== undefined) {
    throw requiredOption(O.snapshotPartitionId);
  }
  return {
    ...common,
    batchId,
    ...(snapshotStartBatchId !== undefined && snapshotPartitionId !== undefined
      ? { fromSnapshot: { snapshotStartBatchId, snapshotPartitionId } }
      : {}),
    ...varName,
  };
}

/** Spark's `StateSourceOptions.toString`, quoted in `STDS_*` messages. */
export function describeStateSourceOptions(o: StateSourceOptions): string {
  let text =
    `StateSourceOptions(checkpointLocation=${o.checkpointLocation}, batchId=${o.batchId}, ` +
    `operatorId=${o.operatorId}, storeName=${o.storeName}, joinSide=${o.joinSide}, ` +
    `stateVarName=${o.stateVarName ?? "None"}, flattenCollectionTypes=${o.flattenCollectionTypes})`;
  if (o.fromSnapshot) {
    text += `, snapshotStartBatchId=${o.fromSnapshot.snapshotStartBatchId}`;
    text += `, snapshotPartitionId=${o.fromSnapshot.snapshotPartitionId}`;
  }
  if (o.changeFeed) {
    text += `, changeStartBatchId=${o.changeFeed.changeStartBatchId}`;
    text += `, changeEndBatchId=${o.changeFeed.changeEndBatchId}`;
  }
  return text;
}

/** The newest batch of the checkpoint's commit log, or `STDS_COMMITTED_BATCH_UNAVAILABLE`. */
export function lastCommittedBatch(checkpointLocation: string): number {
  const latest = new CommitLog(join(checkpointLocation, "commits"), false).getLatestBatchId();
  if (latest === undefined) {
    throw new TsparkError("STDS_COMMITTED_BATCH_UNAVAILABLE", { messageParameters: { checkpointLocation } });
  }
  return latest;
}

function integerOption(options: DataSourceOptions, name: string): number | undefined {
  const v = options.get(name);
  if (v === undefined) return undefined;
  const t = v.trim();
  const n = Number(t);
  if (!/^[+-]?[0-9]+$/.test(t) || !Number.isSafeInteger(n)) {
    throw invalid(name, `'${v}' is not an integer`);
  }
  return n;
}

function booleanOption(options: DataSourceOptions, name: string, message?: string): boolean {
  const v = options.get(name);
  if (v === undefined) return false;
  // Scala's String.toBoolean: true/false in any case, nothing else.
  const t = v.toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  throw invalid(name, message ?? `'${v}' is not a boolean (true or false)`);
}

function requiredOption(optionName: string): TsparkError {
  return new TsparkError("STDS_REQUIRED_OPTION_UNSPECIFIED", { messageParameters: { optionName } });
}

function negative(optionName: string): TsparkError {
  return new TsparkError("STDS_INVALID_OPTION_VALUE.IS_NEGATIVE", { messageParameters: { optionName } });
}

/** `STDS_INVALID_OPTION_VALUE.WITH_MESSAGE` for `optionName`. */
export function invalid(optionName: string, message: string): TsparkError {
  return new TsparkError("STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", {
    messageParameters: { optionName, message },
  });
}

function conflict(...names: string[]): TsparkError {
  return new TsparkError("STDS_CONFLICT_OPTIONS", {
    messageParameters: { options: `[${names.map((n) => `'${n}'`).join(", ")}]` },
  });
}
