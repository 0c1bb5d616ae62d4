/**
 * Layer `streaming/`. Structured Streaming's micro-batch engine (issue #4). `api/` starts a query
 * (`DataStreamWriter.start()` builds a `MicroBatchExecution`); everything it runs lives here:
 *
 * - `runtime/`: the engine and what it reports.
 *   - `micro-batch-execution.ts`: `MicroBatchExecution`, one run of a query: recovery from the
 *     logs, the trigger loop, and per batch latestOffset → `offsets/N` → source commit of batch
 *     N-1 → getBatch → incremental plan → sink → state commit → `commits/N` → progress.
 *   - `streaming-relation.ts`: the streaming leaf `readStream…load()` puts in a plan
 *     (`StreamingSourceHandle`) and the per-batch leaf that replaces it (`StreamBatchHandle`).
 *   - `trigger.ts`: default / processingTime / once / availableNow (continuous is refused).
 *   - progress (`StreamingQueryProgress` and its JSON), status, trigger durations, event-time
 *     statistics, listener events, the listener bus and the progress reporter.
 * - `operators/`: `planIncremental` (incremental-planner.ts) plans one batch's optimized plan
 *   into ExecNodes with the stateful operators: StateStoreRestore/Save around the partial-merge
 *   stages of an aggregation, StreamingDeduplicate, StreamingGlobalLimit/LocalLimit.
 * - `state/`: versioned key-value state stores per (operator, partition), kept in memory and
 *   cached per process under `<checkpoint>/state` (durable stores are issue #6).
 * - `checkpoint/`: Spark's checkpoint layout and file formats (`metadata`, `offsets/N`,
 *   `commits/N`, the file source's `sources/i/N` log), the pure recovery decision
 *   (`planRecovery`) and checkpoint location resolution.
 *
 * Sources and sinks live in `connectors/` behind the ports `connectors/api/stream-source.ts` and
 * `connectors/api/stream-sink.ts`; the output-mode and unsupported-operation rules in
 * `analysis/unsupported-operation-checker.ts`. Event time (watermarks, windows, stream-stream
 * joins) is issue #7.
 *
 * Invariants: time comes only from the injected Clock; checkpoint files are written atomically
 * (storage/); offsets are logged before a batch reads any data; a batch's state is committed
 * only after the sink accepted it, and before `commits/N` is written.
 * May import: every layer up to connectors/.
 */
export * from "./checkpoint/index.js";
export * from "./state/index.js";
export {
  type IncrementalPlan,
  type IncrementalPlanContext,
  planIncremental,
} from "./operators/incremental-planner.js";
export {
  MicroBatchExecution,
  type MicroBatchExecutionParams,
  PINNED_CONF_DEFAULTS,
  PINNED_CONF_LEGACY_DEFAULTS,
  resolvePinnedConf,
  type RunOutcome,
  type StreamExecutionEnvironment,
} from "./runtime/micro-batch-execution.js";
export { DEFAULT_TRIGGER, type Trigger, triggerIntervalMs } from "./runtime/trigger.js";
