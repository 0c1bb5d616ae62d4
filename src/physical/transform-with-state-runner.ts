/**
 * One run of a transformWithState processor over a batch's groups (Spark's
 * TransformWithStateExec.processData…): shared by the streaming TransformWithStateExec (named
 * state stores, one batch of a query) and the batch TransformWithStateBatchExec (temporary
 * in-memory stores, Spark's `isStreaming = false`).
 *
 *   handle ← new handle (CREATED); processor.init(handle); handle → INITIALIZED
 *   with an initial state (the query's first batch): handleInitialState per row (two rows for one
 *     key: STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY)
 *   for each key with rows, in order of first arrival: emit handleInputRows(key, rows)
 *   handle → DATA_PROCESSED
 *   with a timer threshold: for each timer with expiry < threshold, ascending: emit
 *     handleExpiredTimer(key, expiry), then delete the timer
 *   handle → TIMER_PROCESSED; remove the values whose TTL expired; processor.close(); → CLOSED
 */
import { TsparkError } from "../common/errors.js";
import type { TimerValues, TransformWithStateSpec } from "../plans/stateful-processor.js";
import type { GroupStateCall } from "./group-state-call.js";
import {
  compactKeyOf,
  ExecutionHandle,
  type KeyValueStore,
  type TwsMetric,
  timerStoreName,
} from "./stateful-processor-handle-impl.js";

/** A key's rows of the batch, in arrival order. */
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
  /** The partition of a compact key (the streaming stores' `statePartitionOf`). */
  readonly partitionOf: (compact: unknown) => number;
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
  const { spec, fn, partitionOf, now, count } = run;
  const processor = spec.processor;
  const start = now();
  const handle = new ExecutionHandle({
    stores: run.stores,
    batchTimestampMs: run.batchTimestampMs,
    timeMode: spec.timeMode,
    count,
    rows: run.rows,
  });
  const batchTs = run.batchTimestampMs;
  const watermark = run.watermarkMs;
  const timerValues: TimerValues = {
    getCurrentProcessingTimeInMs: () => batchTs,
    getCurrentWatermarkInMs: () => watermark,
  };
  const out: unknown[][] = [];
  let updatesMs = 0;
  let removalsMs = 0;
  processor.init(handle);
  handle.setHandleState("INITIALIZED");
  try {
    if (spec.initialState && run.withInitialState) {
      const initStart = now();
      const seen = new Set<unknown>();
      for (const [key, row] of await spec.initialState.load()) {
        const compact = compactKeyOf(key);
        if (seen.has(compact)) {
          throw new TsparkError("STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY", {
            messageParameters: { groupingKey: `[${fn.keyTuple(key).map(String).join(",")}]` },
          });
        }
        seen.add(compact);
        handle.withKey(key, partitionOf(compact), () =>
          processor.handleInitialState(fn.keyTuple(key), row, timerValues),
        );
      }
      count("initialStateProcessingTimeMs", Math.max(0, now() - initStart));
    }
    for (const g of groups) {
      handle.withKey(g.key, partitionOf(g.compact), () => {
        const result = processor.handleInputRows(fn.keyTuple(g.key), g.rows, timerValues);
        for (const r of fn.outputRows(result)) out.push(r);
      });
    }
    handle.setHandleState("DATA_PROCESSED");
    updatesMs = Math.max(0, now() - start);
    const removalsStart = now();
    if (run.timerThresholdMs !== undefined && spec.timeMode !== "None") {
      const timersStart = now();
      const threshold = run.timerThresholdMs;
      const stores = run.stores.get(timerStoreName(spec.timeMode)) ?? [];
      const width = fn.keySchema.fields.length;
      const expired: { key: unknown[]; ts: number; partition: number }[] = [];
      stores.forEach((store, partition) => {
        store.forEachEntry((k) => {
          const ts = Number(k[width]);
          if (ts < threshold) expired.push({ key: k.slice(0, width), ts, partition });
        });
      });
      expired.sort((a, b) => a.ts - b.ts);
      for (const t of expired) {
        count("numExpiredTimers");
        handle.withKey(t.key, t.partition, () => {
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
    for (const v of handle.ttlVariables) expired += v.clearExpired();
    count("numValuesRemovedDueToTTLExpiry", expired);
    removalsMs = Math.max(0, now() - removalsStart);
  } finally {
    processor.close();
    handle.setHandleState("CLOSED");
  }
  return { out, updatesMs, removalsMs };
}
