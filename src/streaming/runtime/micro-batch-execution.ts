/**
 * MicroBatchExecution: runs one streaming query as a sequence of micro-batches (Spark's
 * MicroBatchExecution + StreamExecution), per DESIGN.md "The pipeline":
 *
 *     recover from the logs (planRecovery): start at 0, resume after the last commit, or re-run the
 *       planned-but-uncommitted batch with exactly its logged offsets, timestamp and watermark
 *     per trigger (Trigger rules in trigger.ts):
 *       latestOffset of every source (bounded by its read limit)        durationMs.latestOffset
 *       no new data → idle (status "Waiting for data to arrive"); once/availableNow stop
 *       offsets/<batchId> written before any data is read              durationMs.walCommit
 *       getBatch(start, end] of every source with new data             durationMs.getBatch
 *       incremental plan: sources → this batch's rows; optimizer; stateful planner
 *                                                                      durationMs.queryPlanning
 *       sources commit the previous batch's end (it is durable now)
 *       sink.addBatch(batchId, rows)                                   durationMs.addBatch
 *       state stores commit; commits/<batchId>                         durationMs.commitOffsets
 *       progress reported; listeners notified
 *
 * One instance is one run (one `runId`); a restart builds a new instance on the same checkpoint.
 * `stop()` aborts a running batch (its state is aborted and it is not committed, so the next run
 * re-runs it from the logs) and resolves when the run has ended. A failure ends the run with
 * `STREAM_FAILED` wrapping the cause.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type Clock, sleep, waitTill } from "../../common/clock.js";
import { internalError, TsparkError } from "../../common/errors.js";
import { faultPoint } from "../../common/fault-points.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { OutputMode, StreamSink } from "../../connectors/api/stream-sink.js";
import type { ReadLimit, SourceOffset, StreamSource } from "../../connectors/api/stream-source.js";
import { timeStringAsMs } from "../../connectors/stream-option.js";
import type { Optimizer } from "../../optimizer/optimizer.js";
import type { LeafPlanner } from "../../physical/physical-planner.js";
import { childrenOf, type LogicalPlan } from "../../plans/logical-plan.js";
import { outputOf } from "../../plans/output.js";
import { treeString } from "../../plans/plan-string.js";
import { physicalTreeString } from "../../execution/query-execution.js";
import { collectPlans, mapPlanExpressions, transformPlanDown } from "../../plans/plan-tree.js";
import { transformUp } from "../../expressions/tree.js";
import type { BoundScalar } from "../../expressions/kernels.js";
import { StructField, StructType } from "../../types/data-type.js";
import { CommitLog } from "../checkpoint/commit-log.js";
import { fileSourceLogCompactInterval, fileSourceLogPort } from "../checkpoint/file-source-log-adapter.js";
import type { CheckpointLocation } from "../checkpoint/checkpoint-location.js";
import { purgeThreshold } from "../checkpoint/metadata-log.js";
import { OffsetSeqLog, type OffsetSeq, type OffsetSeqMetadata } from "../checkpoint/offset-seq-log.js";
import { planRecovery } from "../checkpoint/recovery.js";
import { checkStateCheckpoint, recordStateCheckpoint } from "../checkpoint/state-checkpoint.js";
import { type IncrementalPlan, planIncremental } from "../operators/incremental-planner.js";
import type { LateRowsOutput } from "../operators/stateful-operator.js";
import { stateStoreMaintenanceIdle } from "../state/hdfs-backed-state-store-provider.js";
import { unloadDurableStateStores, unloadStateStores } from "../state/state-store-registry.js";
import { resolveStateStoreProvider } from "../state/state-store-providers.js";
import {
  DEFAULT_STATE_PARTITIONER,
  LEGACY_STATE_PARTITIONER,
  parseStatePartitioner,
  STATE_PARTITIONER_CONF,
} from "../state/state-partitioner.js";
import { QueryStartedEvent, QueryTerminatedEvent } from "./listener-events.js";
import { SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress } from "./progress.js";
import { inputRowsPerSecond, processedRowsPerSecond } from "./progress-rates.js";
import { ProgressReporter } from "./progress-reporter.js";
import { formatProgressTimestamp } from "./progress-timestamp.js";
import { eventTimeMap } from "./event-time-stats.js";
import {
  MULTIPLE_WATERMARK_POLICY_CONF,
  parseWatermarkPolicy,
  WatermarkTracker,
} from "./watermark-tracker.js";
import { StatusMessages, StreamingQueryStatus } from "./streaming-query-status.js";
import type { StreamingQueryListenerBus } from "./streaming-query-listener-bus.js";
import {
  StreamBatchHandle,
  StreamingSourceHandle,
  planStreamBatchScan,
  selectColumns,
  streamingSources,
} from "./streaming-relation.js";
import { nextBatchTime, type Trigger } from "./trigger.js";
import { TriggerDurations } from "./trigger-durations.js";

/** What a query needs from its session. */
export interface StreamExecutionEnvironment {
  readonly clock: Clock;
  /** The session's conf value (Spark's key), or undefined when unset. */
  readonly conf: (key: string) => string | undefined;
  readonly optimizer: Optimizer;
  /** The session's leaf planners (file scans, memory tables…). */
  readonly leafPlanners: readonly LeafPlanner[];
  readonly codegen: () => boolean;
  readonly defaultParallelism: number;
  readonly bus: StreamingQueryListenerBus;
  readonly sessionTimeZone: string;
  /**
   * The kernel of a time function (`current_timestamp`, `now`, `current_date`, `curdate`,
   * `localtimestamp`) bound to a batch's logged timestamp (Spark's CurrentBatchTimestamp), or
   * undefined for other functions.
   */
  readonly bindBatchTime?: (name: string, batchTimestampMs: number) => BoundScalar | undefined;
}

/** The functions whose value is the batch's timestamp in a streaming query. */
const BATCH_TIME_FUNCTIONS = new Set([
  "current_timestamp",
  "now",
  "current_date",
  "curdate",
  "localtimestamp",
]);

/** One run of a query. */
export interface MicroBatchExecutionParams {
  /** Stable query id (from the checkpoint's metadata). */
  readonly id: string;
  /** This run's id. */
  readonly runId: string;
  readonly name: string | undefined;
  /** The analyzed streaming plan. */
  readonly plan: LogicalPlan;
  readonly sink: StreamSink;
  readonly outputMode: OutputMode;
  readonly trigger: Trigger;
  readonly checkpoint: CheckpointLocation;
  readonly env: StreamExecutionEnvironment;
  /** Settings pinned for the checkpoint's life (written to every offset-log entry). */
  readonly pinnedConf: Readonly<Record<string, string>>;
  /**
   * tspark's late-rows tables by view name (`withWatermark(…, { lateRows })`; see
   * late-rows-views.ts): the stateful operators write the rows they drop as late there at each
   * batch's state commit.
   */
  readonly lateRows?: ReadonlyMap<string, LateRowsOutput>;
}

/** tspark's setting: fsync checkpoint log files (default false, as Spark on a local file system). */
export const CHECKPOINT_FSYNC_CONF = "tspark.checkpoint.fsync";

/** The conf keys Spark pins in the offset log, with Spark 4's defaults. */
export const PINNED_CONF_DEFAULTS: Readonly<Record<string, string>> = {
  "spark.sql.streaming.stateStore.providerClass":
    "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
  "spark.sql.streaming.join.stateFormatVersion": "2",
  "spark.sql.streaming.stateStore.compression.codec": "lz4",
  "spark.sql.streaming.stateStore.rocksdb.formatVersion": "5",
  "spark.sql.streaming.statefulOperator.useStrictDistribution": "true",
  "spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion": "2",
  "spark.sql.streaming.multipleWatermarkPolicy": "min",
  "spark.sql.streaming.aggregation.stateFormatVersion": "2",
  "spark.sql.shuffle.partitions": "200",
  // tspark's: how keys map to state partitions (state-partitioner.ts); Spark's for new queries.
  [STATE_PARTITIONER_CONF]: DEFAULT_STATE_PARTITIONER,
};

/**
 * The value of a pinned conf for a checkpoint whose offset log predates the entry (Spark's
 * OffsetSeqMetadata.relevantSQLConfDefaultValues): a query restarted from such a checkpoint keeps
 * the behaviour it was written with. Keys not listed take the session's value (or the default).
 */
export const PINNED_CONF_LEGACY_DEFAULTS: Readonly<Record<string, string>> = {
  [STATE_PARTITIONER_CONF]: LEGACY_STATE_PARTITIONER,
};

/**
 * The pinned conf of a run: for each key, the newest offset-log entry's value (`logged`, undefined
 * for a new checkpoint); for a key that entry lacks, its legacy default; else the session's value
 * (`session`), else Spark's default.
 */
export function resolvePinnedConf(
  logged: Readonly<Record<string, string>> | undefined,
  session: (key: string) => string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(PINNED_CONF_DEFAULTS)) {
    out[k] =
      logged?.[k] ?? (logged === undefined ? undefined : PINNED_CONF_LEGACY_DEFAULTS[k]) ?? session(k) ?? v;
  }
  return out;
}

interface SourceState {
  readonly handle: StreamingSourceHandle;
  readonly source: StreamSource;
  /** End offset of the last committed batch (the next batch's start). */
  committed: SourceOffset | undefined;
  /** End offset planned for the current batch. */
  available: SourceOffset | undefined;
  /** The newest offset the source reported in this trigger (progress `latestOffset`). */
  latest: SourceOffset | undefined;
  /** Rows read in the current batch. */
  numInputRows: number;
  /** The start offset of the batch last run (progress `startOffset`). */
  batchStart: SourceOffset | undefined;
  /** availableNow for sources without native support: the one end offset of this run. */
  availableNowEnd?: SourceOffset | undefined;
  availableNowDone?: boolean;
}

/** What a finished run reports. */
export interface RunOutcome {
  readonly error: TsparkError | undefined;
}

/** One run of a streaming query on micro-batches. */
export class MicroBatchExecution {
  private readonly params: MicroBatchExecutionParams;
  private readonly clock: Clock;
  private readonly offsetLog: OffsetSeqLog;
  private readonly commitLog: CommitLog;
  private readonly reporter: ProgressReporter;
  private readonly abort = new AbortController();
  private sources: SourceState[] = [];
  private currentStatus = StreamingQueryStatus.initial();
  private runPromise: Promise<RunOutcome> | undefined;
  private stopping = false;
  private failure: TsparkError | undefined;
  /** The batch to run next. */
  private batchId = 0;
  /** The watermark of the next batch (WatermarkTracker's global one). */
  private watermarkMs = 0;
  /** The watermark the previous batch ran with: its late-row threshold (Spark 3.5+). */
  private lateEventsWatermarkMs = 0;
  private readonly tracker: WatermarkTracker;
  /** Whether the query has a withWatermark (progress reports `eventTime.watermark`). */
  private readonly hasEventTime: boolean;
  private lastExecution: IncrementalPlan | undefined;
  /**
   * After a resume (the last logged batch committed): that batch's watermark, and the query planned
   * with it. tspark runs the no-data batch the committed batch's new watermark calls for right after
   * the restart (Spark waits for new data: its lastExecution is empty after a restart), so a crash
   * between a batch's commit and its no-data batch does not hold closed windows back.
   */
  private resumedWatermarkMs: number | undefined;
  private resumedExecution: IncrementalPlan | undefined;
  private lastOptimized: LogicalPlan | undefined;
  /** Resolvers of `processAllAvailable` waiting for the query to catch up. */
  private progressWaiters: (() => void)[] = [];
  /** Triggers started so far in this run. */
  private triggerCount = 0;
  /** The number (1-based) of the newest trigger that found no new data. */
  private lastIdleTrigger = 0;
  /** `tspark.checkpoint.fsync`: flush log and state files before their rename. */
  private readonly fsync: boolean;
  /** Log entries below this batch id are purged already in this run. */
  private purgedBefore: number | undefined;
  /** Whether this run wrote (or found) its stateful operators' schema and metadata files. */
  private stateRecorded = false;
  /** Whether the newest batch of this run read new data (false for a no-data batch). */
  private lastBatchHadData = false;

  constructor(params: MicroBatchExecutionParams) {
    this.params = params;
    this.clock = params.env.clock;
    const conf = params.env.conf;
    // Spark's local checkpoint writes are atomic renames without fsync; tspark.checkpoint.fsync
    // adds durability against power loss at the cost of milliseconds per batch.
    const fsync = (conf(CHECKPOINT_FSYNC_CONF) ?? "false").trim().toLowerCase() === "true";
    this.fsync = fsync;
    this.offsetLog = new OffsetSeqLog(join(params.checkpoint.path, "offsets"), fsync);
    this.tracker = new WatermarkTracker(
      parseWatermarkPolicy(params.pinnedConf[MULTIPLE_WATERMARK_POLICY_CONF]),
    );
    this.hasEventTime = collectPlans(params.plan).some((p) => p.kind === "event_time_watermark");
    this.commitLog = new CommitLog(join(params.checkpoint.path, "commits"), fsync);
    this.reporter = new ProgressReporter({
      clock: this.clock,
      bus: params.env.bus,
      noDataProgressEventIntervalMs: confMs(conf("spark.sql.streaming.noDataProgressEventInterval"), 10_000),
      numRecentProgressUpdates: Number(conf("spark.sql.streaming.numRecentProgressUpdates") ?? 100),
    });
  }

  get status(): StreamingQueryStatus {
    return this.currentStatus;
  }
  get recentProgress(): StreamingQueryProgress[] {
    return this.reporter.recentProgress;
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.reporter.lastProgress;
  }
  /** The id of the batch that runs next (the last run batch + 1). */
  get currentBatchId(): number {
    return this.batchId;
  }
  /** The failure that ended the run, if any. */
  get exception(): TsparkError | undefined {
    return this.failure;
  }
  /** Whether the run is still going. */
  get isActive(): boolean {
    return this.runPromise !== undefined && !this.ended;
  }
  private ended = false;

  /**
   * Starts the run: creates the sources, posts `QueryStartedEvent` (delivered before this returns)
   * and runs the trigger loop in the background. Resolves with the run's end via `termination`.
   */
  start(): void {
    const { id, runId, name } = this.params;
    this.params.env.bus.post(
      new QueryStartedEvent(id, runId, name ?? null, formatProgressTimestamp(this.clock.nowMillis())),
    );
    this.runPromise = this.run();
  }

  /** Resolves when the run ends (stopped, finished, or failed — see `exception`). */
  get termination(): Promise<RunOutcome> {
    return this.runPromise ?? Promise.resolve({ error: undefined });
  }

  /** Stops the run: aborts a running batch and resolves once everything is released. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wakeProgressWaiters();
    await this.runPromise;
  }

  /**
   * Resolves once every source's data available now has been processed (Spark's
   * processAllAvailable); rejects with the query's failure.
   */
  async processAllAvailable(): Promise<void> {
    // Only a trigger that starts after this call has seen all data available now (a trigger
    // already asking for offsets may have missed data added just before the call).
    const seen = this.triggerCount;
    while (!this.ended) {
      if (this.lastIdleTrigger > seen) return;
      await new Promise<void>((resolve) => this.progressWaiters.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Spark's explain of the last executed batch (or of the query before its first batch). */
  explainString(extended: boolean): string {
    const plan = this.lastExecution;
    if (!plan) return "No physical plan. Waiting for data.";
    const physical = `== Physical Plan ==\n${physicalString(plan)}`;
    if (!extended || !this.lastOptimized) return physical;
    return `== Optimized Logical Plan ==\n${treeOf(this.lastOptimized)}\n\n${physical}`;
  }

  private wakeProgressWaiters(): void {
    const ws = this.progressWaiters;
    this.progressWaiters = [];
    for (const w of ws) w();
  }

  private setStatus(changes: {
    message?: string;
    isDataAvailable?: boolean;
    isTriggerActive?: boolean;
  }): void {
    this.currentStatus = this.currentStatus.copy(changes);
  }

  private async run(): Promise<RunOutcome> {
    try {
      this.setStatus({ message: StatusMessages.initializingSources });
      this.createSources();
      const rerun = this.recover();
      this.checkStateCompatibility();
      if (this.params.trigger.kind === "availableNow") await this.prepareAvailableNow();
      this.setStatus({ message: StatusMessages.waitingForDataToArrive });
      if (rerun) await this.runBatch(rerun, this.clock.nowMillis(), undefined);
      // Trigger.Once's single trigger is the re-run batch when there is one (Spark's
      // SingleBatchExecutor runs the batch recovery constructed).
      if (!(rerun && this.params.trigger.kind === "once")) await this.triggerLoop();
    } catch (e) {
      if (!(this.stopping && isAbort(e))) {
        this.failure = streamFailed(this.params.id, this.params.runId, e);
      }
    } finally {
      await this.cleanUp();
    }
    return { error: this.failure };
  }

  /** Starts every source of the plan (in the query's task, so a bad option fails the query as Spark's). */
  private createSources(): void {
    for (const [i, handle] of streamingSources(this.params.plan).entries()) {
      const metadataPath = join(this.params.checkpoint.path, "sources", String(i));
      this.sources.push({
        handle,
        source: handle.create({
          clock: this.clock,
          defaultParallelism: this.params.env.defaultParallelism,
          metadataPath,
          fileSourceLog: fileSourceLogPort(metadataPath, fileSourceLogCompactInterval(this.params.env.conf)),
        }),
        committed: undefined,
        available: undefined,
        latest: undefined,
        numInputRows: 0,
        batchStart: undefined,
      });
    }
  }

  /**
   * `p` with new seeds for its random functions, and its time functions bound to the batch's logged timestamp and marked
   * non-deterministic, so a predicate on them is never pushed below a stateful operator (Spark's
   * CurrentBatchTimestamp); a re-run batch gets its original time.
   */
  private withBatchTime(p: LogicalPlan, batchTimestampMs: number): LogicalPlan {
    const bind = this.params.env.bindBatchTime;
    return mapPlanExpressions(p, (e) =>
      transformUp(e, (x) => {
        if (x.kind !== "call") return x;
        // Spark gives every random-seeded expression a new seed per batch (SPARK-24896).
        if (x.bound.withSeed) return { ...x, bound: x.bound.withSeed(randomSeed()) };
        if (x.args.length > 0 || !BATCH_TIME_FUNCTIONS.has(x.name)) return x;
        const bound = bind?.(x.name, batchTimestampMs);
        return bound ? { ...x, bound: { ...bound, deterministic: false } } : x;
      }),
    );
  }

  /** Reads the logs; returns the logged batch to re-run, if any. */
  private recover(): OffsetSeq | undefined {
    const latestOffsets = this.offsetLog.getLatest();
    const latestCommit = this.commitLog.getLatest();
    const previousOffsets =
      latestOffsets && latestOffsets.batchId > 0 && latestCommit?.batchId !== latestOffsets.batchId
        ? this.offsetLog.get(latestOffsets.batchId - 1)
        : undefined;
    const plan = planRecovery({ latestOffsets, latestCommit, previousOffsets });
    switch (plan.kind) {
      case "start":
        this.batchId = 0;
        return undefined;
      case "resume":
        this.checkSourceCount(plan.startOffsets.length);
        this.batchId = plan.batchId;
        this.tracker.setWatermark(plan.watermarkMs);
        this.watermarkMs = this.tracker.currentWatermarkMs;
        // The committed batch's own watermark is the next batch's late-row threshold.
        this.lateEventsWatermarkMs = latestOffsets!.entry.metadata.batchWatermarkMs;
        this.resumedWatermarkMs = latestOffsets!.entry.metadata.batchWatermarkMs;
        this.sources.forEach((s, i) => {
          s.committed = plan.startOffsets[i];
        });
        return undefined;
      case "rerun": {
        this.checkSourceCount(plan.endOffsets.length);
        this.batchId = plan.batchId;
        this.tracker.setWatermark(plan.watermarkMs);
        this.watermarkMs = plan.watermarkMs;
        this.lateEventsWatermarkMs = previousOffsets?.metadata.batchWatermarkMs ?? 0;
        this.sources.forEach((s, i) => {
          s.committed = plan.startOffsets?.[i];
        });
        return latestOffsets!.entry;
      }
    }
  }

  /**
   * Spark's restart check of the stateful operators (checkpoint/state-checkpoint.ts), run before
   * this run writes anything: the query is planned once, over empty batches, and its operators'
   * ids, names, partition counts and state schemas are compared with what the checkpoint
   * recorded. A mismatch fails the run with the checkpoint untouched.
   */
  private checkStateCompatibility(): void {
    const conf = this.params.pinnedConf;
    // Planned with the watermark the last committed batch ran with: the plan then also tells
    // whether the watermark that batch produced needs a no-data batch (see resumedExecution).
    const { plan } = this.planBatch(
      this.batchId,
      {
        batchWatermarkMs: this.resumedWatermarkMs ?? this.watermarkMs,
        batchTimestampMs: this.clock.nowMillis(),
        conf,
      },
      (p) => ({ ...p, handle: StreamBatchHandle.of(p.output, []), prunable: true }),
    );
    if (this.resumedWatermarkMs !== undefined) {
      this.resumedExecution = plan;
      // As if the committed batch had just run: it may call for one no-data batch (AvailableNow too).
      this.lastBatchHadData = true;
    }
    checkStateCheckpoint(plan.statefulOperators, {
      stateRoot: join(this.params.checkpoint.path, "state"),
      checkpoint: this.params.checkpoint.path,
      batchId: this.batchId,
      schemaCheck:
        (this.params.env.conf("spark.sql.streaming.stateStore.stateSchemaCheck") ?? "true")
          .trim()
          .toLowerCase() !== "false",
    });
  }

  /**
   * Plans batch `batchId` (IncrementalExecution): every streaming leaf becomes `leaf(p)` (that
   * batch's rows), time functions take the batch's logged timestamp, then the optimizer and the
   * incremental planner run. Synchronous; reads no state.
   */
  private planBatch(
    batchId: number,
    metadata: OffsetSeqMetadata,
    leaf: (p: LogicalPlan & { kind: "data_source_relation" }) => LogicalPlan,
  ): { optimized: LogicalPlan; plan: IncrementalPlan } {
    const conf = metadata.conf;
    const conf2 = this.params.env.conf;
    const incremental = transformPlanDown(this.params.plan, (p) => {
      if (p.kind === "data_source_relation" && p.isStreaming) return leaf(p);
      return this.withBatchTime(p, metadata.batchTimestampMs);
    });
    const optimized = this.params.env.optimizer.execute(incremental);
    const allowMultiple =
      (conf2("spark.sql.streaming.statefulOperator.allowMultiple") ?? "true").trim().toLowerCase() !==
      "false";
    const plan = planIncremental(optimized, [planStreamBatchScan, ...this.params.env.leafPlanners], {
      batchId,
      outputMode: this.params.outputMode,
      stateRoot: join(this.params.checkpoint.path, "state"),
      numShufflePartitions: Number(conf["spark.sql.shuffle.partitions"] ?? "200"),
      batchTimestampMs: metadata.batchTimestampMs,
      watermarkMs: metadata.batchWatermarkMs,
      // Spark 3.5+ drops rows late by the previous batch's watermark; its compatibility mode
      // (allowMultiple=false, one watermark for everything) by the batch's own.
      lateEventsWatermarkMs: allowMultiple
        ? Math.min(this.lateEventsWatermarkMs, metadata.batchWatermarkMs)
        : metadata.batchWatermarkMs,
      allowMultipleStatefulOperators: allowMultiple,
      codegen: this.params.env.codegen(),
      runId: this.params.runId,
      clock: this.clock,
      maxBatchesToRetainInMemory: Number(conf2("spark.sql.streaming.maxBatchesToRetainInMemory") ?? 2),
      minBatchesToRetain: Number(conf2("spark.sql.streaming.minBatchesToRetain") ?? 100),
      fuseStatefulAggregation: conf2("tspark.sql.streaming.fuseStatefulAggregation") !== "false",
      stateStoreProvider: resolveStateStoreProvider(
        conf["spark.sql.streaming.stateStore.providerClass"],
        this.params.checkpoint.temporary,
      ),
      minDeltasForSnapshot: Number(conf2("spark.sql.streaming.stateStore.minDeltasForSnapshot") ?? 10),
      maintenanceIntervalMs: timeStringAsMs(
        conf2("spark.sql.streaming.stateStore.maintenanceInterval") ?? "60s",
      ),
      fsync: this.fsync,
      operatorDeltaFiles: conf2("tspark.sql.streaming.stateStore.operatorDeltaFiles") !== "false",
      ...(this.params.lateRows === undefined
        ? {}
        : { lateRows: (v: string) => this.params.lateRows?.get(v) }),
      // A (re-run) entry written before the scheme was recorded used the legacy one.
      statePartitioner: parseStatePartitioner(conf[STATE_PARTITIONER_CONF] ?? LEGACY_STATE_PARTITIONER),
    });
    return { optimized, plan };
  }

  private checkSourceCount(logged: number): void {
    if (logged !== this.sources.length) {
      throw new TsparkError("STREAMING_CHECKPOINT_SOURCE_COUNT_MISMATCH", {
        messageParameters: {
          checkpoint: this.params.checkpoint.path,
          logged: String(logged),
          current: String(this.sources.length),
        },
      });
    }
  }

  private async prepareAvailableNow(): Promise<void> {
    for (const s of this.sources) {
      if (s.source.prepareForTriggerAvailableNow) await s.source.prepareForTriggerAvailableNow();
      else s.availableNowEnd = await s.source.latestOffset(s.committed, { kind: "all" });
    }
  }

  private async triggerLoop(): Promise<void> {
    const trigger = this.params.trigger;
    const interval = trigger.kind === "processingTime" ? trigger.intervalMs : 0;
    const pollingDelayMs = confMs(this.params.env.conf("spark.sql.streaming.pollingDelay"), 10);
    while (!this.stopping) {
      // Let timers and I/O run between triggers: a source that always has data would otherwise
      // keep the loop in microtasks and starve the rest of the program.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.stopping) return;
      const triggerStart = this.clock.nowMillis();
      const ranBatch = await this.runTrigger(triggerStart);
      if (this.stopping) return;
      if (trigger.kind === "once") return;
      if (trigger.kind === "availableNow" && !ranBatch) return;
      if (interval > 0) {
        this.setStatus({ message: StatusMessages.waitingForNextTrigger });
        await waitTill(this.clock, nextBatchTime(this.clock.nowMillis(), interval), this.abort.signal);
      } else if (!ranBatch) {
        await sleep(pollingDelayMs, this.abort.signal);
      }
    }
  }

  /** One trigger: plan the next batch and run it if there is new data. Returns whether a batch ran. */
  private async runTrigger(triggerStart: number): Promise<boolean> {
    const triggerNumber = ++this.triggerCount;
    const durations = new TriggerDurations(this.clock);
    this.setStatus({ isTriggerActive: true });
    const limitFor = (s: SourceState): ReadLimit =>
      this.params.trigger.kind === "once" ? { kind: "all" } : s.source.defaultReadLimit();
    let hasNewData = false;
    await durations.timeAsync("latestOffset", async () => {
      for (const s of this.sources) {
        this.setStatus({ message: StatusMessages.gettingOffsetsFrom(s.source.description) });
        let end: SourceOffset | undefined;
        if (s.availableNowEnd !== undefined || s.availableNowDone) {
          end = s.availableNowDone ? s.committed : s.availableNowEnd;
          s.availableNowDone = true;
        } else {
          end = await s.source.latestOffset(s.committed, limitFor(s));
        }
        s.latest = end;
        s.available = end ?? s.committed;
        if (s.available !== undefined && s.available !== s.committed) hasNewData = true;
      }
    });
    if (this.stopping) return false;
    // tspark's idle timeout (opt-in): a quiet input's watermark moves with processing time.
    if (!hasNewData && this.tracker.advanceIdle(triggerStart))
      this.watermarkMs = this.tracker.currentWatermarkMs;
    // Spark's no-data batch: a stateful operator would emit or evict with the advanced watermark,
    // or times keys out by processing time ((flat)MapGroupsWithState with ProcessingTimeTimeout
    // asks at every trigger). Never under Trigger.Once; under AvailableNow only right after a
    // batch that read data, so that it ends. After a restart the question goes to the query as
    // the last committed batch ran it (resumedExecution).
    const lastExecution = this.lastExecution ?? this.resumedExecution;
    const trigger = this.params.trigger.kind;
    const requiresAnotherBatch =
      !hasNewData &&
      trigger !== "once" &&
      !(trigger === "availableNow" && !this.lastBatchHadData) &&
      lastExecution !== undefined &&
      noDataMicroBatchesEnabled(this.params.env.conf) &&
      shouldRunAnotherBatch(lastExecution, this.watermarkMs);
    if (!hasNewData && !requiresAnotherBatch) {
      this.setStatus({
        message: StatusMessages.waitingForDataToArrive,
        isDataAvailable: false,
        isTriggerActive: false,
      });
      this.lastIdleTrigger = triggerNumber;
      this.wakeProgressWaiters();
      const end = this.clock.nowMillis();
      durations.add("triggerExecution", Math.max(0, end - triggerStart));
      this.reporter.updateIdleness(
        this.params.id,
        this.params.runId,
        triggerStart,
        this.progress(triggerStart, end, durations, [], 0, undefined, false, this.watermarkMs),
      );
      return false;
    }
    this.setStatus({ message: StatusMessages.writingOffsetsToLog, isDataAvailable: true });
    const seq: OffsetSeq = {
      metadata: {
        batchWatermarkMs: this.watermarkMs,
        batchTimestampMs: triggerStart,
        conf: this.params.pinnedConf,
      },
      offsets: this.sources.map((s) => s.available),
    };
    durations.time("walCommit", () => {
      this.offsetLog.add(this.batchId, seq);
      const minBatches = Number(this.params.env.conf("spark.sql.streaming.minBatchesToRetain") ?? 100);
      const threshold = purgeThreshold(this.batchId, minBatches);
      if (threshold !== undefined) {
        // The first purge of a run lists the logs; later ones delete just the new old entries.
        if (this.purgedBefore === undefined) {
          this.offsetLog.purge(threshold);
          this.commitLog.purge(threshold);
        } else {
          this.offsetLog.purgeFrom(this.purgedBefore, threshold);
          this.commitLog.purgeFrom(this.purgedBefore, threshold);
        }
        this.purgedBefore = threshold;
      }
    });
    faultPoint("after-offsets-write");
    // The previous batch is durable now: its sources may discard the data up to its end (Spark
    // commits batch N-1's offsets when batch N is logged, so a re-run of N-1 never needs data a
    // source has dropped).
    for (const s of this.sources) if (s.committed !== undefined) await s.source.commit(s.committed);
    await this.runBatch(seq, triggerStart, durations);
    this.lastBatchHadData = hasNewData;
    if (requiresAnotherBatch) {
      // The trigger found no new data: processAllAvailable may return once the no-data batch ran
      // (a query whose operators ask for a batch at every trigger would otherwise never be idle).
      this.lastIdleTrigger = triggerNumber;
      this.wakeProgressWaiters();
    }
    return true;
  }

  /** Runs the batch `this.batchId` with the logged `seq` (fresh or re-run). */
  private async runBatch(
    seq: OffsetSeq,
    triggerStart: number,
    given: TriggerDurations | undefined,
  ): Promise<void> {
    const durations = given ?? new TriggerDurations(this.clock);
    const batchId = this.batchId;
    this.setStatus({
      message: StatusMessages.processingNewData,
      isDataAvailable: true,
      isTriggerActive: true,
    });
    const signal = this.abort.signal;
    // A source scanned once by the plan is read lazily, while the plan runs (Spark's V1 sources
    // return a lazy DataFrame from getBatch too), and only for the columns the query uses; one
    // scanned more than once (a self-union) is read here, whole, and its rows are shared.
    const scans = new Map<StreamingSourceHandle, number>();
    const countScans = (p: LogicalPlan): void => {
      if (p.kind === "data_source_relation" && p.handle instanceof StreamingSourceHandle)
        scans.set(p.handle, (scans.get(p.handle) ?? 0) + 1);
      for (const c of childrenOf(p)) countScans(c);
    };
    countScans(this.params.plan);
    const readers = new Map<StreamingSourceHandle, LazySourceRead>();
    const batchData = new Map<StreamingSourceHandle, RecordBatch[]>();
    await durations.timeAsync("getBatch", async () => {
      for (const [i, s] of this.sources.entries()) {
        const end = seq.offsets[i];
        s.available = end;
        s.batchStart = s.committed;
        s.numInputRows = 0;
        const hasData = end !== undefined && end !== s.committed;
        if (hasData && (scans.get(s.handle) ?? 0) === 1) {
          readers.set(s.handle, new LazySourceRead(s, s.committed, end, signal));
          continue;
        }
        const batches: RecordBatch[] = [];
        if (hasData) {
          for await (const b of s.source.getBatch(s.committed, end, signal)) {
            if (b.numRows > 0) {
              batches.push(b);
              s.numInputRows += b.numRows;
            }
          }
        }
        batchData.set(s.handle, batches);
      }
    });
    const plan = durations.time("queryPlanning", () => {
      const planned = this.planBatch(batchId, seq.metadata, (p) => {
        const handle = p.handle as StreamingSourceHandle;
        const lazy = readers.get(handle);
        const data = lazy
          ? new StreamBatchHandle(p.output, (columns) => lazy.read(columns, p.output.length))
          : StreamBatchHandle.of(p.output, batchData.get(handle) ?? []);
        return { ...p, handle: data, prunable: true };
      });
      // Spark counts the rows of every scan of a source (a self-union reads each row twice).
      for (const s of this.sources) if (!readers.has(s.handle)) s.numInputRows *= scans.get(s.handle) ?? 1;
      this.lastOptimized = planned.optimized;
      return planned.plan;
    });
    this.lastExecution = plan;
    if (!this.stateRecorded) {
      // Spark records each stateful operator's schema and metadata while planning the first batch
      // of a run, before the batch touches state; files already there are kept.
      recordStateCheckpoint(
        plan.statefulOperators,
        join(this.params.checkpoint.path, "state"),
        this.fsync,
        batchId,
      );
      this.stateRecorded = true;
    }
    let numOutputRows = 0;
    const schema = schemaOf(this.params.plan);
    try {
      await durations.timeAsync("addBatch", async () => {
        const rows = countRows(
          plan.root.execute({
            partitionId: 0,
            codegen: this.params.env.codegen(),
            defaultParallelism: this.params.env.defaultParallelism,
            signal,
          }),
          (n) => {
            numOutputRows += n;
          },
          signal,
        );
        await this.params.sink.addBatch(batchId, { schema, outputMode: this.params.outputMode, rows });
        // A plan that stopped early (a limit) or never scanned a source still reports every row
        // of the batch as input, as when the rows were read before the plan ran.
        for (const r of readers.values()) await r.finish();
      });
      if (signal.aborted) throw abortError();
      faultPoint("after-sink-write");
      await durations.timeAsync("commitOffsets", async () => {
        for (const op of plan.statefulOperators) await op.commitState();
        faultPoint("after-state-commit");
        // The batch's event times move the watermark the next batch uses (Spark's
        // markMicroBatchEnd): logged in this commit and in the next offset-log entry.
        this.tracker.update(plan.watermarkOperators, seq.metadata.batchTimestampMs);
        this.commitLog.add(batchId, { nextBatchWatermarkMs: this.tracker.currentWatermarkMs });
      });
      faultPoint("after-commit-log");
    } catch (e) {
      for (const op of plan.statefulOperators) op.abortState();
      throw e;
    }
    for (const s of this.sources) s.committed = s.available;
    this.watermarkMs = this.tracker.currentWatermarkMs;
    this.lateEventsWatermarkMs = seq.metadata.batchWatermarkMs;
    const end = this.clock.nowMillis();
    durations.add("triggerExecution", Math.max(0, end - triggerStart));
    this.reporter.updateProgress(
      this.progress(
        triggerStart,
        end,
        durations,
        plan.statefulOperators.map((o) => new StateOperatorProgress(o.progress())),
        numOutputRows,
        batchId,
        true,
        seq.metadata.batchWatermarkMs,
      ),
    );
    this.batchId = batchId + 1;
    this.setStatus({ message: StatusMessages.waitingForDataToArrive, isTriggerActive: false });
    this.wakeProgressWaiters();
  }

  private progress(
    triggerStart: number,
    triggerEnd: number,
    durations: TriggerDurations,
    stateOperators: readonly StateOperatorProgress[],
    numOutputRows: number,
    batchId: number | undefined,
    executed: boolean,
    batchWatermarkMs: number,
  ): StreamingQueryProgress {
    const processingMs = triggerEnd - triggerStart;
    const previousStart = this.previousTriggerStart ?? null;
    if (executed) this.previousTriggerStart = triggerStart;
    const sources = this.sources.map((s) => {
      const rows = executed ? s.numInputRows : 0;
      return new SourceProgress({
        description: s.source.description,
        startOffset: (executed ? s.batchStart : s.committed) ?? null,
        endOffset: s.available ?? s.committed ?? null,
        latestOffset: s.latest ?? null,
        numInputRows: rows,
        inputRowsPerSecond: inputRowsPerSecond(rows, triggerStart, previousStart),
        processedRowsPerSecond: processedRowsPerSecond(rows, processingMs),
      });
    });
    return new StreamingQueryProgress({
      id: this.params.id,
      runId: this.params.runId,
      name: this.params.name ?? null,
      timestamp: formatProgressTimestamp(triggerStart),
      batchId: batchId ?? Math.max(0, this.batchId - 1),
      batchDuration: processingMs,
      durationMs: durations.toMap(),
      // Spark reports the first watermark node's statistics that saw rows, and the watermark the
      // batch ran with whenever the query has a withWatermark.
      eventTime: eventTimeMap(
        (executed
          ? this.lastExecution?.watermarkOperators.find((w) => w.stats.count > 0)?.stats
          : undefined) ?? null,
        this.hasEventTime ? batchWatermarkMs : null,
      ),
      stateOperators: executed ? stateOperators : [],
      sources,
      sink: new SinkProgress({
        description: this.params.sink.description,
        // Spark: 0 for a trigger without data; -1 when a V1 sink ran a batch (no write metrics).
        numOutputRows: !executed ? 0 : this.params.sink.reportsOutputRows === false ? -1 : numOutputRows,
      }),
      observedMetrics: null,
      sessionTimeZone: this.params.env.sessionTimeZone,
    });
  }
  private previousTriggerStart: number | undefined;

  private async cleanUp(): Promise<void> {
    this.ended = true;
    for (const s of this.sources) {
      try {
        await s.source.stop();
      } catch {
        // A source that fails to release must not hide the query's own outcome.
      }
    }
    try {
      await this.params.sink.stop?.();
    } catch {
      // As above.
    }
    this.setStatus({
      message: this.failure
        ? StatusMessages.terminatedWithException(this.failure.message)
        : StatusMessages.stopped,
      isDataAvailable: false,
      isTriggerActive: false,
    });
    const stateRoot = join(this.params.checkpoint.path, "state");
    if (this.params.checkpoint.temporary && !this.failure) {
      rmSync(this.params.checkpoint.path, { recursive: true, force: true });
      unloadStateStores(stateRoot);
    } else {
      // State on disk is reloaded by the next run (Spark: a new run id gets new providers); the
      // snapshots and deletions under way finish first, so the files are as the run left them.
      try {
        await stateStoreMaintenanceIdle(stateRoot);
        await unloadDurableStateStores(stateRoot);
      } catch {
        // Releasing memory must not hide the query's own outcome.
      }
    }
    this.params.env.bus.post(
      new QueryTerminatedEvent(
        this.params.id,
        this.params.runId,
        this.failure
          ? this.failure.cause instanceof Error
            ? describeError(this.failure.cause)
            : this.failure.message
          : null,
        this.failure ? (causeErrorClass(this.failure) ?? null) : null,
      ),
    );
    this.wakeProgressWaiters();
  }
}

/** `spark.sql.streaming.noDataMicroBatches.enabled` (default true). */
function noDataMicroBatchesEnabled(conf: (key: string) => string | undefined): boolean {
  return (conf("spark.sql.streaming.noDataMicroBatches.enabled") ?? "true").trim().toLowerCase() !== "false";
}

/** A duration conf (`10s`, `500ms`, or plain milliseconds) in ms. */
function confMs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^\s*(\d+)\s*(ms|s|m|min|h)?\s*$/i.exec(value);
  if (!m) return fallback;
  const n = Number(m[1]);
  switch ((m[2] ?? "ms").toLowerCase()) {
    case "s":
      return n * 1000;
    case "m":
    case "min":
      return n * 60_000;
    case "h":
      return n * 3_600_000;
    default:
      return n;
  }
}

function abortError(): TsparkError {
  return new TsparkError("OPERATION_CANCELED", { messageParameters: {} });
}

function isAbort(e: unknown): boolean {
  return (
    (e instanceof TsparkError && e.errorClass === "OPERATION_CANCELED") ||
    (e instanceof Error && e.name === "AbortError")
  );
}

/** Spark's StreamingQueryException: `STREAM_FAILED` naming the query, with the cause attached. */
function streamFailed(id: string, runId: string, cause: unknown): TsparkError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new TsparkError("STREAM_FAILED", {
    messageParameters: { id, runId, message },
    cause,
  });
}

/** The listener's `exception` text: the cause's stack-like description. */
function describeError(e: Error): string {
  return e.stack ?? `${e.name}: ${e.message}`;
}

function causeErrorClass(e: TsparkError): string | undefined {
  return e.cause instanceof TsparkError ? e.cause.errorClass : undefined;
}

function schemaOf(plan: LogicalPlan): StructType {
  return new StructType(
    outputOf(plan).map((a) => new StructField(a.name, a.dataType, a.nullable, a.metadata)),
  );
}

/** Passes batches through, counting rows; stops with an abort error when `signal` aborts. */
async function* countRows(
  batches: AsyncIterable<RecordBatch>,
  count: (n: number) => void,
  signal: AbortSignal,
): AsyncIterable<RecordBatch> {
  for await (const b of batches) {
    if (signal.aborted) throw abortError();
    count(b.numRows);
    yield b;
  }
}

function physicalString(plan: IncrementalPlan): string {
  return physicalTreeString(plan.root);
}

function treeOf(plan: LogicalPlan): string {
  return treeString(plan);
}

/** A fresh 64-bit seed (Spark's Utils.random.nextLong: not reproducible across runs). */
function randomSeed(): bigint {
  return randomBytes(8).readBigInt64LE();
}

/**
 * One source's rows of one batch, read while the plan runs: `getBatch` is called once, with the
 * columns the plan's scan asks for when the source can skip the others; `finish()` reads (and
 * counts) whatever the plan did not pull, so `numInputRows` is the batch's whole input.
 */
class LazySourceRead {
  private iterator: AsyncIterator<RecordBatch> | undefined;
  private done = false;

  constructor(
    private readonly state: SourceState,
    private readonly start: SourceOffset | undefined,
    private readonly end: SourceOffset,
    private readonly signal: AbortSignal,
  ) {}

  async *read(columns: readonly number[], width: number): AsyncIterable<RecordBatch> {
    if (this.iterator) throw internalError("a micro-batch source read lazily was scanned twice");
    const source = this.state.source;
    const pruned = source.supportsColumnPruning === true;
    this.iterator = source
      .getBatch(this.start, this.end, this.signal, pruned ? columns : undefined)
      [Symbol.asyncIterator]();
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        return;
      }
      const b = next.value;
      if (b.numRows === 0) continue;
      this.state.numInputRows += b.numRows;
      yield pruned ? b : selectColumns(b, columns, width);
    }
  }

  async finish(): Promise<void> {
    if (this.done) return;
    this.iterator ??= this.state.source.getBatch(this.start, this.end, this.signal)[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) break;
      this.state.numInputRows += next.value.numRows;
    }
    this.done = true;
  }
}

/**
 * Spark's IncrementalExecution.shouldRunAnotherBatch: each stateful operator is asked with its own
 * input watermark under the next batch's global watermark `nextWatermarkMs` (propagated through
 * the plan as the next batch would, see watermark-propagation.ts).
 */
function shouldRunAnotherBatch(execution: IncrementalPlan, nextWatermarkMs: number): boolean {
  const ops = execution.statefulOperators.filter((op) => op.shouldRunAnotherBatch !== undefined);
  if (ops.length === 0) return false;
  const next = execution.inputWatermarks(nextWatermarkMs);
  return ops.some((op) => op.shouldRunAnotherBatch?.(next.get(op.operatorId) ?? 0) === true);
}
