/**
 * `streaming/checkpoint/`: the checkpoint directory of a streaming query in Spark's layout and
 * file formats — `metadata` (query id), `offsets/<n>` (write-ahead log), `commits/<n>`,
 * `sources/<i>/<n>[.compact]` (file source), each stateful operator's `state/<op>/_metadata/metadata`
 * and `state/<op>/0/_metadata/schema` — the restart decision, the restart's compatibility check of
 * the stateful operators, and where the checkpoint lives.
 *
 * Invariants: every file is written atomically through storage/ and never overwritten; every log
 * file starts with its version, and readers reject unknown versions, garbage and truncated files
 * with a TsparkError naming the file, never skipping one; recovery is a pure function of the logs.
 * May import: up to connectors/ (the `SourceOffset` type); I/O only through storage/.
 */
export {
  CHECKPOINT_LOCATION_CONF,
  type CheckpointLocation,
  type CheckpointLocationRequest,
  checkRecoveryAllowed,
  resolveCheckpointLocation,
  TEMP_CHECKPOINT_SINKS,
} from "./checkpoint-location.js";
export { COMMIT_LOG_VERSION, CommitLog, type CommitMetadata } from "./commit-log.js";
export {
  DEFAULT_FILE_SOURCE_LOG_COMPACT_INTERVAL,
  deriveCompactInterval,
  type FileEntry,
  FileStreamSourceLog,
  isCompactionBatch,
} from "./file-stream-source-log.js";
export { type LogCodec, type LogEntry, MetadataLog, purgeThreshold } from "./metadata-log.js";
export {
  OFFSET_LOG_VERSION,
  type OffsetSeq,
  OffsetSeqLog,
  type OffsetSeqMetadata,
} from "./offset-seq-log.js";
export {
  DEFAULT_STORE_NAME,
  listOperatorStateMetadata,
  OPERATOR_STATE_METADATA_VERSION,
  type OperatorStateMetadata,
  operatorStateMetadataPath,
  readOperatorStateMetadata,
  type StateStoreMetadata,
} from "./operator-state-metadata.js";
export { planRecovery, type RecoveryInput, type RecoveryPlan, type SourceOffsets } from "./recovery.js";
export { readStreamMetadata, type StreamMetadata, writeStreamMetadata } from "./stream-metadata.js";
export {
  checkStateCheckpoint,
  operatorStateMetadataOf,
  recordStateCheckpoint,
  type StateCheckpointCheck,
  type StatefulOperatorStateSpec,
} from "./state-checkpoint.js";
export {
  readStateSchemaFile,
  STATE_SCHEMA_VERSION,
  type StateSchema,
  stateSchemaCompatible,
  stateSchemaFilePath,
  sparkTypeString,
} from "./state-schema.js";
