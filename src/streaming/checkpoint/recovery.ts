/**
 * Where a (re)started query resumes, decided purely from its logs (Spark's
 * `MicroBatchExecution.populateStartOffsets`). With L the newest batch of `offsets/`:
 *
 * - no offsets at all: a new query, batch 0, watermark 0, sources at their starting position;
 * - `commits/L` exists: batch L finished; resume at L + 1 from L's end offsets with the watermark
 *   `commits/L` recorded for the next batch;
 * - `commits/L` is missing (crash mid-batch): re-run batch L with exactly the offsets, watermark
 *   and batch timestamp logged in `offsets/L`, starting from `offsets/<L-1>`'s end offsets.
 *
 * In every case the batch to run loads state version `stateVersion` = its batch id (the state
 * after the batches before it committed; Spark's version = batchId + 1 rule for a commit): a
 * re-run batch loads the version its first attempt loaded, replacing whatever that attempt
 * committed to the state stores before it died.
 *
 * As in Spark, an older latest commit (gaps in `commits/`) still means re-running L. A commit newer
 * than L, or a commit without any offsets, cannot come from a correct run and is
 * `STREAMING_CHECKPOINT_INCONSISTENT_LOGS`, as is re-running L > 0 without `offsets/<L-1>`.
 */
import { TsparkError } from "../../common/errors.js";
import type { SourceOffset } from "../../connectors/api/stream-source.js";
import type { CommitMetadata } from "./commit-log.js";
import type { LogEntry } from "./metadata-log.js";
import type { OffsetSeq } from "./offset-seq-log.js";

/** Per-source offsets, in source order (undefined: the source had none). */
export type SourceOffsets = readonly (SourceOffset | undefined)[];

/** What the logs say about the query's position. */
export interface RecoveryInput {
  /** The newest entry of `offsets/`, undefined when the log is empty. */
  readonly latestOffsets: LogEntry<OffsetSeq> | undefined;
  /** The newest entry of `commits/`, undefined when the log is empty. */
  readonly latestCommit: LogEntry<CommitMetadata> | undefined;
  /** `offsets/<L-1>` when L > 0 (read it only when `commits/L` is missing); undefined if absent. */
  readonly previousOffsets?: OffsetSeq | undefined;
}

/** The decision: how the next batch to run is set up. */
export type RecoveryPlan =
  | {
      /** No batch was ever planned: start a new query at batch 0. */
      readonly kind: "start";
      readonly batchId: 0;
      readonly watermarkMs: 0;
      readonly stateVersion: 0;
    }
  | {
      /** Batch `batchId - 1` committed: plan batch `batchId` afresh. */
      readonly kind: "resume";
      readonly batchId: number;
      /** The state version the batch loads (= batchId). */
      readonly stateVersion: number;
      /** The watermark the new batch runs with (`commits/<batchId-1>`). */
      readonly watermarkMs: number;
      /** Where the sources continue from: the end offsets of the committed batch. */
      readonly startOffsets: SourceOffsets;
      /** Settings pinned in the checkpoint; they override the session's. */
      readonly conf: Readonly<Record<string, string>>;
    }
  | {
      /** Batch `batchId` was planned but not committed: run it again exactly as logged. */
      readonly kind: "rerun";
      readonly batchId: number;
      /** The state version the batch loads (= batchId), as its first attempt did. */
      readonly stateVersion: number;
      /** The end offsets of the previous batch, undefined for batch 0 (sources' starting position). */
      readonly startOffsets: SourceOffsets | undefined;
      /** The logged end offsets of the batch. */
      readonly endOffsets: SourceOffsets;
      readonly watermarkMs: number;
      readonly batchTimestampMs: number;
      readonly conf: Readonly<Record<string, string>>;
    };

/** Decides where the query resumes; pure, throws only for logs no correct run can produce. */
export function planRecovery(input: RecoveryInput): RecoveryPlan {
  const { latestOffsets, latestCommit, previousOffsets } = input;
  if (latestOffsets === undefined) {
    if (latestCommit !== undefined) {
      throw inconsistent(`commits/${latestCommit.batchId} exists but the offset log is empty`);
    }
    return { kind: "start", batchId: 0, watermarkMs: 0, stateVersion: 0 };
  }
  const latest = latestOffsets.batchId;
  const seq = latestOffsets.entry;
  if (latestCommit !== undefined && latestCommit.batchId > latest) {
    throw inconsistent(`commits/${latestCommit.batchId} exists but the offset log ends at offsets/${latest}`);
  }
  if (latestCommit !== undefined && latestCommit.batchId === latest) {
    return {
      kind: "resume",
      batchId: latest + 1,
      stateVersion: latest + 1,
      watermarkMs: latestCommit.entry.nextBatchWatermarkMs,
      startOffsets: seq.offsets,
      conf: seq.metadata.conf,
    };
  }
  if (latest > 0 && previousOffsets === undefined) {
    throw inconsistent(`offsets/${latest - 1} does not exist but batch ${latest} must be re-run from it`);
  }
  return {
    kind: "rerun",
    batchId: latest,
    stateVersion: latest,
    startOffsets: latest > 0 ? previousOffsets?.offsets : undefined,
    endOffsets: seq.offsets,
    watermarkMs: seq.metadata.batchWatermarkMs,
    batchTimestampMs: seq.metadata.batchTimestampMs,
    conf: seq.metadata.conf,
  };
}

function inconsistent(reason: string): TsparkError {
  return new TsparkError("STREAMING_CHECKPOINT_INCONSISTENT_LOGS", { messageParameters: { reason } });
}
