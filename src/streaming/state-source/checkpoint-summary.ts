/**
 * What a streaming checkpoint holds, read without running the query (`tspark checkpoint inspect`):
 * the query id, the offset and commit logs (which batch the next run starts or re-runs), the
 * latest batch's offsets, watermark and pinned settings, and per stateful operator its partitions,
 * files, bytes on disk, newest state version and number of keys.
 *
 * Everything is read through the engine's own readers, so a corrupt file is the same
 * `STREAMING_CHECKPOINT_CORRUPT_FILE` (naming the file) a restarted query would raise. Nothing is
 * written: state is loaded through a provider of its own, never the process's cache.
 */
import { join } from "node:path";
import { TsparkError } from "../../common/errors.js";
import type { SourceOffset } from "../../connectors/api/stream-source.js";
import { listDirectory } from "../../storage/atomic-file.js";
import { directoryUsage, isDirectory } from "../../storage/disk-usage.js";
import { CommitLog } from "../checkpoint/commit-log.js";
import type { LogEntry } from "../checkpoint/metadata-log.js";
import { type OffsetSeq, OffsetSeqLog } from "../checkpoint/offset-seq-log.js";
import { planRecovery } from "../checkpoint/recovery.js";
import { readStreamMetadata } from "../checkpoint/stream-metadata.js";
import { listOperatorDeltaVersions } from "../state/operator-delta-files.js";
import {
  latestStateFileVersion,
  listStateOperatorIds,
  listStatePartitionIds,
  stateRootOf,
} from "./state-directories.js";
import { countStateKeys, type StateOperatorInfo, readStateOperatorInfo } from "./state-operator-info.js";

/** The first and last batch ids of a log and how many entries it holds. */
export interface BatchRange {
  readonly first: number;
  readonly last: number;
  readonly count: number;
}

/** One source's offsets in the latest batch. */
export interface SourceOffsetsSummary {
  /** The source's position in the query (its line in the offset log). */
  readonly index: number;
  /** Where the batch starts: the previous batch's end offset (undefined: none, or not logged). */
  readonly startOffset: SourceOffset | undefined;
  /** Where the batch ends (undefined: the source had no data yet). */
  readonly endOffset: SourceOffset | undefined;
}

/** The newest batch of the offset log. */
export interface LatestBatchSummary {
  readonly batchId: number;
  /** Whether `commits/<batchId>` exists. */
  readonly committed: boolean;
  readonly batchTimestampMs: number;
  /** The watermark the batch runs with (`batchWatermarkMs` of its offset-log entry). */
  readonly batchWatermarkMs: number;
  readonly sources: readonly SourceOffsetsSummary[];
}

/** What a restart from the checkpoint does first. */
export interface NextBatchSummary {
  readonly batchId: number;
  /** True: the batch was planned but not committed, and runs again exactly as logged. */
  readonly rerun: boolean;
  /** The watermark it runs with (ms). */
  readonly watermarkMs: number;
}

/** One stateful operator's state on disk. */
export interface StateOperatorSummary extends StateOperatorInfo {
  /** Partition directories found. */
  readonly numPartitions: number;
  /** Files under `state/<operatorId>/` and their total size. */
  readonly numFiles: number;
  readonly bytes: number;
  /** The newest version with a state file in any partition (undefined: none found). */
  readonly latestVersion: number | undefined;
  /** The version of the last committed batch (`batchId + 1`), where `numKeys` is counted. */
  readonly committedVersion: number | undefined;
  /** Keys at `committedVersion` over all partitions (undefined: not counted). */
  readonly numKeys: number | undefined;
}

/** The whole report. */
export interface CheckpointSummary {
  /** The checkpoint directory (absolute). */
  readonly checkpoint: string;
  /** The query id from `metadata` (undefined: the file does not exist yet). */
  readonly queryId: string | undefined;
  readonly offsets: BatchRange | undefined;
  readonly commits: BatchRange | undefined;
  /** The newest commit and the watermark it hands to the next batch. */
  readonly lastCommit: { readonly batchId: number; readonly nextBatchWatermarkMs: number } | undefined;
  readonly latestBatch: LatestBatchSummary | undefined;
  readonly nextBatch: NextBatchSummary;
  /** The settings pinned in the latest offset-log entry (empty without one). */
  readonly conf: Readonly<Record<string, string>>;
  readonly stateOperators: readonly StateOperatorSummary[];
}

/** Options of `summarizeCheckpoint`. */
export interface SummaryOptions {
  /** Load each operator's committed state to count its keys (default true). */
  readonly countKeys?: boolean;
}

/** The entries of a directory that make it a checkpoint. */
const CHECKPOINT_ENTRIES = ["metadata", "offsets", "commits", "state"];

/**
 * Reads the checkpoint at `checkpointDir` (an absolute local path). A missing directory is
 * `PATH_NOT_FOUND`; a directory with none of `metadata`, `offsets/`, `commits/`, `state/` is
 * `STREAMING_CHECKPOINT_NOT_FOUND`; corrupt or inconsistent files raise the engine's errors.
 */
export async function summarizeCheckpoint(
  checkpointDir: string,
  options: SummaryOptions = {},
): Promise<CheckpointSummary> {
  checkIsCheckpoint(checkpointDir);
  const metadata = readStreamMetadata(checkpointDir);
  const offsetLog = new OffsetSeqLog(join(checkpointDir, "offsets"), false);
  const commitLog = new CommitLog(join(checkpointDir, "commits"), false);
  const offsetIds = offsetLog.listBatchIds();
  const commitIds = commitLog.listBatchIds();
  const latestOffsets = offsetLog.getLatest();
  const latestCommit = commitLog.getLatest();
  const previous =
    latestOffsets !== undefined && latestOffsets.batchId > 0
      ? offsetLog.get(latestOffsets.batchId - 1)
      : undefined;
  const plan = planRecovery({
    latestOffsets,
    latestCommit,
    previousOffsets: latestCommit?.batchId === latestOffsets?.batchId ? undefined : previous,
  });
  const nextBatch: NextBatchSummary =
    plan.kind === "rerun"
      ? { batchId: plan.batchId, rerun: true, watermarkMs: plan.watermarkMs }
      : { batchId: plan.batchId, rerun: false, watermarkMs: plan.watermarkMs };
  const conf = latestOffsets?.entry.metadata.conf ?? {};
  const committedVersion = latestCommit === undefined ? undefined : latestCommit.batchId + 1;
  const stateOperators: StateOperatorSummary[] = [];
  for (const operatorId of listStateOperatorIds(checkpointDir)) {
    stateOperators.push(
      await summarizeOperator(checkpointDir, operatorId, conf, committedVersion, options.countKeys !== false),
    );
  }
  return {
    checkpoint: checkpointDir,
    queryId: metadata?.id,
    offsets: rangeOf(offsetIds),
    commits: rangeOf(commitIds),
    lastCommit:
      latestCommit === undefined
        ? undefined
        : { batchId: latestCommit.batchId, nextBatchWatermarkMs: latestCommit.entry.nextBatchWatermarkMs },
    latestBatch:
      latestOffsets === undefined ? undefined : latestBatchOf(latestOffsets, previous, latestCommit),
    nextBatch,
    conf,
    stateOperators,
  };
}

/** Refuses a path that is not a directory holding a checkpoint (see `summarizeCheckpoint`). */
export function checkIsCheckpoint(checkpointDir: string): void {
  if (!isDirectory(checkpointDir)) {
    throw new TsparkError("PATH_NOT_FOUND", { messageParameters: { path: checkpointDir } });
  }
  if (!listDirectory(checkpointDir).some((n) => CHECKPOINT_ENTRIES.includes(n))) {
    throw new TsparkError("STREAMING_CHECKPOINT_NOT_FOUND", { messageParameters: { path: checkpointDir } });
  }
}

function rangeOf(ids: readonly number[]): BatchRange | undefined {
  const first = ids[0];
  const last = ids.at(-1);
  return first === undefined || last === undefined ? undefined : { first, last, count: ids.length };
}

function latestBatchOf(
  latest: LogEntry<OffsetSeq>,
  previous: OffsetSeq | undefined,
  latestCommit: LogEntry<unknown> | undefined,
): LatestBatchSummary {
  const { batchId, entry } = latest;
  return {
    batchId,
    committed: latestCommit?.batchId === batchId,
    batchTimestampMs: entry.metadata.batchTimestampMs,
    batchWatermarkMs: entry.metadata.batchWatermarkMs,
    sources: entry.offsets.map((endOffset, index) => ({
      index,
      startOffset: previous?.offsets[index],
      endOffset,
    })),
  };
}

async function summarizeOperator(
  checkpointDir: string,
  operatorId: number,
  conf: Readonly<Record<string, string>>,
  committedVersion: number | undefined,
  countKeys: boolean,
): Promise<StateOperatorSummary> {
  const operatorDir = join(stateRootOf(checkpointDir), String(operatorId));
  const partitions = listStatePartitionIds(checkpointDir, operatorId);
  const usage = directoryUsage(operatorDir);
  let latestVersion: number | undefined;
  for (const p of partitions) {
    const v = latestStateFileVersion(join(operatorDir, String(p)));
    if (v !== undefined && (latestVersion === undefined || v > latestVersion)) latestVersion = v;
  }
  // The operator delta files (`_deltas/<v>.delta`) hold every partition's delta of their version.
  for (const v of listOperatorDeltaVersions(stateRootOf(checkpointDir), operatorId))
    if (latestVersion === undefined || v > latestVersion) latestVersion = v;
  let numKeys: number | undefined;
  if (countKeys && committedVersion !== undefined && partitions.length > 0) {
    numKeys = await countStateKeys(checkpointDir, operatorId, partitions, committedVersion, conf);
  }
  return {
    ...readStateOperatorInfo(checkpointDir, operatorId),
    numPartitions: partitions.length,
    numFiles: usage.files,
    bytes: usage.bytes,
    latestVersion,
    committedVersion,
    numKeys,
  };
}
