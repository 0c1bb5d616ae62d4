/**
 * One run of a transformWithState processor over a batch's groups (Spark's
 * TransformWithStateExec.processData…): shared by the streaming TransformWithStateExec (named
 * state stores, one batch of a query) and the batch TransformWithStateBatchExec (temporary
 * in-memory stores, Spark's `isStreaming = false`).
 *
 * Spark runs one task per state partition, each with its own handle, so the processor's `init`
 * and `close` run once per partition (empty partitions included) and timers, TTL and the
 * output go partition by partition:
 *
 *   for each partition p, in order:
 *     handle ← new handle (CREATED); processor.init(handle); handle → INITIALIZED
 *     with an initial state (the query's first batch): handleInitialState per row of p's keys,
 *       ascending by key (two rows for one key: STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY)
 *     for each key of p with rows, ascending by key (Spark sorts the partition's input by the
 *       grouping key): emit handleInputRows(key, rows)
 *     handle → DATA_PROCESSED
 *     with a timer threshold: for each timer of p with expiry < threshold, ascending by expiry
 *       (then by the key's encoded bytes, RocksDB's order): emit handleExpiredTimer(key, expiry),
 *       then delete the timer
 *     handle → TIMER_PROCESSED; remove p's values whose TTL expired; processor.close(); → CLOSED
 *
 * The expired timers and values are found through expiry indexes (O(due entries), see
 * stateful-processor-handle-impl.ts), in the same order a scan of the whole store gives.
 */
import { TsparkError } from "../common/errors.js";
import type { TimerValues, TransformWithStateSpec } from "../plans/stateful-processor.js";
import type { GroupStateCall } from "./group-state-call.js";
import {
  compactKeyOf,
  ExecutionHandle,
  type KeyValueStore,
  type TwsMetric,
} from "./stateful-processor-handle-impl.js";
import { keyRowComparator } from "./state-key-order.js";
import type { ExpiryIndexKeeper } from "./expiry-index.js";
import type { StructType } from "../types/data-type.js";

/** A key's rows of the batch, in arrival order (the keys are sorted per partition here). */
export interface ProcessorGroup {
  readonly key: unknown[];
  /** The key's compact form (`stateKeyOf`). */
  readonly compact: unknown;
  readonly rows: Record<string, unknown>[];
}

/** What one run works with. */
export interface ProcessorRun {
  readonly spec: TransformWithStateSpec;
  readonly fn: GroupStateCall;
  /** The stores of every variable (and the timers) by name, per partition. */
  readonly stores: ReadonlyMap<string, readonly KeyValueStore[]>;
  /** The partition of a grouping key, given as values and as its compact key (the streaming state partitioner's). */
  readonly partitionOf: (key: readonly unknown[], compact: unknown) => number;
  /** How many partitions (tasks) the run has: the stores' partitions. */
  readonly numPartitions: number;
  /** Whether `close` is called once more after the last partition (Spark's batch plan). */
  readonly closeAgain?: boolean;
  readonly batchTimestampMs: number;
  /** The watermark the processor sees (-1 without one). */
  readonly watermarkMs: number;
  /** Timers with an expiry below it fire; undefined: none fires. */
  readonly timerThresholdMs: number | undefined;
  /** Whether the initial state is handed to the processor (the query's first batch). */
  readonly withInitialState: boolean;
  readonly count: (metric: TwsMetric, n?: number) => void;
  /** State rows written and removed (numRowsUpdated / numRowsRemoved). */
  readonly rows: { updated: number; removed: number };
  readonly now: () => number;
  /** Where the handles' expiry indexes of timers and TTL come from (none kept: built by a scan). */
  readonly indexes?: ExpiryIndexKeeper;
}

/** The output rows and the time spent on input rows and on timers + TTL. */
export interface ProcessorRunResult {
  readonly out: unknown[][];
  readonly updatesMs: number;
  readonly removalsMs: number;
}

/** Runs the processor over `groups` (see the header). */
export async function runStatefulProcessor(
  run: ProcessorRun,
  groups: Iterable<ProcessorGroup>,
): Promise<ProcessorRunResult> {
  const { spec, fn, partitionOf } = run;
  const byKey = keyRowComparator(fn.keySchema);
  const ascending = (a: { key: readonly unknown[] }, b: { key: readonly unknown[] }) => byKey(a.key, b.key);
  const parts = run.numPartitions;
  const groupsOf: ProcessorGroup[][] = Array.from({ length: parts }, () => []);
  for (const g of groups) groupsOf[partitionOf(g.key, g.compact)]!.push(g);
  const initialOf: InitialRow[][] = Array.from({ length: parts }, () => []);
  if (spec.initialState && run.withInitialState) {
    for (const [key, row] of await spec.initialState.load()) {
      const compact = compactKeyOf(key);
      initialOf[partitionOf(key, compact)]!.push({ key, compact, row });
    }
  }
  const out: unknown[][] = [];
  const time = { updatesMs: 0, removalsMs: 0 };
  const parsedSchemas = new Map<string, StructType>();
  for (let p = 0; p < parts; p++) {
    runPartition(
      run,
      p,
      initialOf[p]!.sort(ascending),
      groupsOf[p]!.sort(ascending),
      out,
      time,
      parsedSchemas,
    );
  }
  // Spark's batch plan closes the processor a second time when it drops its temporary store.
  if (run.closeAgain) run.spec.processor.close();
  return { out, updatesMs: time.updatesMs, removalsMs: time.removalsMs };
}

/** A row of the initial state with its key. */
interface InitialRow {
  readonly key: unknown[];
  readonly compact: unknown;
  readonly row: Record<string, unknown>;
}

/** One partition's task (see the header): its own handle, init … close. */
function runPartition(
  run: ProcessorRun,
  partition: number,
  initial: readonly InitialRow[],
  groups: readonly ProcessorGroup[],
  out: unknown[][],
  time: { updatesMs: number; removalsMs: number },
  parsedSchemas: Map<string, StructType>,
): void {
  const { spec, fn, now, count } = run;
  const processor = spec.processor;
  const start = now();
  const handle = new ExecutionHandle({
    stores: run.stores,
    partition,
    keySchema: fn.keySchema,
    parsedSchemas,
    batchTimestampMs: run.batchTimestampMs,
    timeMode: spec.timeMode,
    count,
    rows: run.rows,
    ...(run.indexes ? { indexes: run.indexes } : {}),
  });
  const batchTs = run.batchTimestampMs;
  const watermark = run.watermarkMs;
  const timerValues: TimerValues = {
    getCurrentProcessingTimeInMs: () => batchTs,
    getCurrentWatermarkInMs: () => watermark,
  };
  processor.init(handle);
  handle.setHandleState("INITIALIZED");
  try {
    if (initial.length > 0) {
      const initStart = now();
      let last: unknown;
      for (const { key, compact, row } of initial) {
        if (compact === last) {
          throw new TsparkError("STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY", {
            messageParameters: { groupingKey: `[${fn.keyTuple(key).map(String).join(",")}]` },
          });
        }
        last = compact;
        handle.withKey(key, partition, () =>
          processor.handleInitialState(fn.keyTuple(key), row, timerValues),
        );
      }
      count("initialStateProcessingTimeMs", Math.max(0, now() - initStart));
    }
    for (const g of groups) {
      handle.withKey(g.key, partition, () => {
        const result = processor.handleInputRows(fn.keyTuple(g.key), g.rows, timerValues);
        for (const r of fn.outputRows(result)) out.push(r);
      });
    }
    handle.setHandleState("DATA_PROCESSED");
    time.updatesMs += Math.max(0, now() - start);
    const removalsStart = now();
    if (run.timerThresholdMs !== undefined && spec.timeMode !== "None") {
      const timersStart = now();
      for (const t of handle.expiredTimers(run.timerThresholdMs)) {
        count("numExpiredTimers");
        handle.withKey(t.key, partition, () => {
          const info = { getExpiryTimeInMs: () => t.ts };
          const result = processor.handleExpiredTimer(fn.keyTuple(t.key), timerValues, info);
          for (const r of fn.outputRows(result)) out.push(r);
          handle.deleteTimer(t.ts);
        });
      }
      count("timerProcessingTimeMs", Math.max(0, now() - timersStart));
    }
    handle.setHandleState("TIMER_PROCESSED");
    let expired = 0;
    for (const v of handle.ttlVariables) expired += v.clearExpired(partition);
    count("numValuesRemovedDueToTTLExpiry", expired);
    time.removalsMs += Math.max(0, now() - removalsStart);
  } finally {
    processor.close();
    handle.setHandleState("CLOSED");
  }
}
