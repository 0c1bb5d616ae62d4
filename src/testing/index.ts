/**
 * Layer `testing/` (public as `tspark/testing`): the streaming test kit, Spark's `StreamTest` for
 * TypeScript programs and tspark's own suites.
 *
 * - `MemoryStream`: a streaming source fed by hand (`addData`), surviving query restarts.
 * - `testStream(df, outputMode)(...actions)`: runs a streaming DataFrame into an in-memory sink and
 *   executes `AddData`, `MultiAddData`, `CheckAnswer`, `CheckLastBatch`, `CheckNewAnswer`, `StopStream`,
 *   `StartStream`, `AdvanceManualClock`, `ExpectFailure`, `ProcessAllAvailable`, `AssertOnQuery`,
 *   `Execute`… in order, waiting for the query where a step needs it, and fails with Spark's
 *   report (steps, stream state, sink, plan) and the expected and actual rows side by side.
 * - `withRestartAfterEveryBatch(actions)`: the same scenario with a stop and a restart from the
 *   checkpoint at every batch boundary (answers must not change).
 * - `Crash(point)` and `withCrashAtEachPoint(build)`: a crash injected at a point of the batch
 *   protocol (or at each point, once per batch), recovered as after a process death: state
 *   reloaded from the checkpoint, the sink's uncommitted output forgotten, the query restarted;
 *   answers must not change, and a re-run batch must write what its first attempt wrote.
 * - Progress checks (Spark's StateStoreMetricsTest and EventTimeWatermarkSuite helpers):
 *   `stateStoreMetrics()` (`assertNumStateRows`, `assertStateOperatorCustomMetric`,
 *   `assertStateOperatorProgressMetric`, counted since the previous check), `assertEventStats`,
 *   `assertWatermark`, `assertNumRowsDroppedByWatermark`.
 * - `ManualClock`, re-exported: build the session with `SparkSession.builder.withClock(clock)`.
 *
 * Invariants: the kit only uses public engine behaviour (writeStream, the checkpoint's logs, the
 * memory sink); waits are bounded by a timeout; every `testStream` call owns a temporary
 * checkpoint directory that it removes (given as `checkpointLocation`, so the query's state is
 * durable: the engine keeps only a query without that option in memory); `testStream` runs of one
 * process must not overlap (the fault hook is process-wide).
 * May import: every layer up to api/.
 */
export { ManualClock } from "../common/clock.js";
export { canonicalRows, expectedRows, includesRows, sameRows } from "./answer-check.js";
export {
  type CrashMatrixOptions,
  type CrashMatrixReport,
  type CrashVariant,
  crashVariantName,
  crashVariants,
  type MatrixScenario,
  withCrashAt,
  withCrashAtEachPoint,
} from "./crash-matrix.js";
export { FAULT_POINTS, type FaultPoint } from "../common/fault-points.js";
export { MemoryStream } from "./memory-stream.js";
export {
  assertEventStats,
  assertNumRowsDroppedByWatermark,
  assertWatermark,
  type AssertWatermarkOptions,
  type EventStats,
  type NumStateRowsOptions,
  type ProgressCheckOptions,
  type StateOperatorProgressMetric,
  type StateStoreMetricsChecks,
  stateStoreMetrics,
} from "./progress-checks.js";
export { startsImplicitly, withRestartAfterEveryBatch } from "./restart-matrix.js";
export {
  AddData,
  type AddDataAction,
  AdvanceManualClock,
  type AdvanceManualClockAction,
  type AnswerScope,
  Assert,
  type AssertAction,
  AssertOnQuery,
  type AssertOnQueryAction,
  CheckAnswer,
  CheckAnswerByFunc,
  type CheckAnswerByFuncAction,
  CheckAnswerContains,
  type CheckAnswerContainsAction,
  CheckAnswerRows,
  type CheckAnswerRowsAction,
  CheckLastBatch,
  CheckNewAnswer,
  type CheckNewAnswerAction,
  Crash,
  type CrashAction,
  describeAction,
  Execute,
  type ExecuteAction,
  ExpectFailure,
  type ExpectFailureAction,
  type ExpectFailureOptions,
  MultiAddData,
  type MultiAddDataAction,
  ProcessAllAvailable,
  type ProcessAllAvailableAction,
  type SinkAnswer,
  StartStream,
  type StartStreamAction,
  type StartStreamOptions,
  type StreamAction,
  StopStream,
  type StopStreamAction,
} from "./stream-action.js";
export {
  type InjectedCrash,
  StreamTestFailure,
  type StreamTestReport,
  type TestStreamOptions,
  testStream,
} from "./test-stream.js";
