/**
 * tspark: Apache Spark's DataFrame API and Structured Streaming for TypeScript.
 * Public entry point; `tspark/functions` and `tspark/types` are also importable directly.
 */
export { Column, type ColumnOrName } from "./api/column.js";
export { DataFrame } from "./api/data-frame.js";
export { DataFrameReader, type ReaderOptions } from "./api/data-frame-reader.js";
export { DataFrameWriter, type WriterOptions } from "./api/data-frame-writer.js";
export { GroupedData } from "./api/grouped-data.js";
export { DataFrameNaFunctions } from "./api/na-functions.js";
export type { Row } from "./api/row.js";
export { RuntimeConfig } from "./api/runtime-config.js";
export { Builder, SparkSession } from "./api/spark-session.js";
export { DataStreamReader } from "./api/data-stream-reader.js";
export {
  DataStreamWriter,
  type ForeachBatchFn,
  type StartOptions,
  type TriggerOptions,
} from "./api/data-stream-writer.js";
export { nexmarkViewStatements, registerNexmarkViews } from "./connectors/nexmark/nexmark-views.js";
export { StreamingQuery } from "./api/streaming-query.js";
export { StreamingQueryManager } from "./api/streaming-query-manager.js";
export { udf, type UserDefinedFunction } from "./api/udf.js";
export { Window, WindowSpec } from "./api/window.js";
export { type Clock, ManualClock, SystemClock } from "./common/clock.js";
export { TsparkError } from "./common/errors.js";
export { SparkTimestamp } from "./data/external.js";
export {
  type GroupState,
  type GroupStateFunction,
  GroupStateTimeout,
  type GroupStateTimeoutConf,
} from "./plans/group-state.js";
export {
  type ExpiredTimerInfo,
  type ListState,
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type StateRowInput,
  TimeMode,
  type TimeModeName,
  type TimerValues,
  type ValueState,
} from "./plans/stateful-processor.js";
export {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from "./streaming/runtime/listener-events.js";
export {
  SinkProgress,
  SourceProgress,
  StateOperatorProgress,
  StreamingQueryProgress,
} from "./streaming/runtime/progress.js";
export { StreamingQueryListener } from "./streaming/runtime/streaming-query-listener.js";
export { StreamingQueryStatus } from "./streaming/runtime/streaming-query-status.js";
export * as functions from "./api/functions/index.js";
export * as types from "./types/public.js";
