/**
 * `streaming/state-source/`: reading a streaming checkpoint without running its query — Spark 4's
 * batch data sources `statestore` (the state rows of one stateful operator, or their change feed)
 * and `state-metadata` (one row per operator), and the checkpoint summary behind
 * `tspark checkpoint inspect`.
 *
 * Invariants: nothing here writes to the checkpoint; state is loaded through a new provider of the
 * checkpoint's pinned class (never the process's provider cache); corrupt files raise the
 * engine's own errors naming the file.
 * May import: up to connectors/, and streaming/checkpoint and streaming/state.
 */
import type { DataSourceOptions } from "../../connectors/file/data-source-options.js";
import { resolveStateStoreRelation, STATE_STORE_FORMAT } from "./state-data-source.js";
import { resolveStateMetadataRelation, STATE_METADATA_FORMAT } from "./state-metadata-source.js";
import type { StateSourceRelation } from "./state-source-relation.js";

export {
  type CheckpointSummary,
  checkIsCheckpoint,
  type StateOperatorSummary,
  summarizeCheckpoint,
} from "./checkpoint-summary.js";
export { resolveStateStoreRelation, STATE_STORE_FORMAT, StateStoreRelation } from "./state-data-source.js";
export {
  resolveStateMetadataRelation,
  STATE_METADATA_FORMAT,
  STATE_METADATA_SCHEMA,
  StateMetadataRelation,
} from "./state-metadata-source.js";
export { parseStateSourceOptions, type StateSourceOptions } from "./state-source-options.js";
export { planStateSourceScan, StateScanExec, StateSourceRelation } from "./state-source-relation.js";

/**
 * The relation of a batch read in one of the state formats (`statestore`, `state-metadata`; names
 * compare case-insensitively, as Spark's short names), or undefined for any other format.
 */
export function resolveStateSource(
  format: string,
  options: DataSourceOptions,
): StateSourceRelation | undefined {
  switch (format.toLowerCase()) {
    case STATE_STORE_FORMAT:
      return resolveStateStoreRelation(options);
    case STATE_METADATA_FORMAT:
      return resolveStateMetadataRelation(options);
    default:
      return undefined;
  }
}
