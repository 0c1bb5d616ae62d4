/**
 * Streaming progress reports (Spark's progress.scala): what one trigger of a streaming query did,
 * per query (`StreamingQueryProgress`), per source, for the sink and per stateful operator. Each
 * has Spark's field names and `json` / `prettyJson` exactly as Spark writes them: fields in Spark's
 * order; maps (`durationMs`, `eventTime`, `customMetrics`, `metrics`, `observedMetrics`) with keys
 * sorted and left out when empty; rates rounded to tenths and left out when NaN or infinite;
 * offsets embedded as JSON when they are JSON; `name` written as `null` when unset.
 *
 *     {
 *       "id" : "…", "runId" : "…", "name" : null, "timestamp" : "2016-12-05T20:54:20.827Z",
 *       "batchId" : 2, "batchDuration" : 0, "numInputRows" : 678, "inputRowsPerSecond" : 10.0,
 *       "durationMs" : { "triggerExecution" : 3 }, "stateOperators" : [ ],
 *       "sources" : [ { "description" : "source", "startOffset" : 123, … } ],
 *       "sink" : { "description" : "sink", "numOutputRows" : -1 }
 *     }
 *
 * (Shown folded; `prettyJson` puts each object field on its own line.)
 */
import { type ObservedMetricsRow, observedMetricsRowJson } from "./observed-metrics.js";
import {
  jsonArray,
  jsonLong,
  jsonObject,
  jsonOffset,
  jsonRate,
  jsonSortedMap,
  jsonString,
  roundToTenths,
  JsonReport,
} from "./progress-json.js";

/** `numOutputRows` of a sink that does not report it (Spark's `SinkProgress.DEFAULT_NUM_OUTPUT_ROWS`). */
export const DEFAULT_NUM_OUTPUT_ROWS = -1;

/** Fields of a `StateOperatorProgress`. */
export interface StateOperatorProgressFields {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly allUpdatesTimeMs: number;
  readonly numRowsRemoved: number;
  readonly allRemovalsTimeMs: number;
  readonly commitTimeMs: number;
  readonly memoryUsedBytes: number;
  readonly numRowsDroppedByWatermark: number;
  readonly numShufflePartitions: number;
  readonly numStateStoreInstances: number;
  /** Operator-specific counters (`loadedMapCacheHitCount`, `numDroppedDuplicateRows`…); default none. */
  readonly customMetrics?: ReadonlyMap<string, number>;
}

/** What one stateful operator did in a trigger (Spark's `StateOperatorProgress`). */
export class StateOperatorProgress extends JsonReport {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly allUpdatesTimeMs: number;
  readonly numRowsRemoved: number;
  readonly allRemovalsTimeMs: number;
  readonly commitTimeMs: number;
  readonly memoryUsedBytes: number;
  readonly numRowsDroppedByWatermark: number;
  readonly numShufflePartitions: number;
  readonly numStateStoreInstances: number;
  readonly customMetrics: ReadonlyMap<string, number>;

  constructor(f: StateOperatorProgressFields) {
    super();
    this.operatorName = f.operatorName;
    this.numRowsTotal = f.numRowsTotal;
    this.numRowsUpdated = f.numRowsUpdated;
    this.allUpdatesTimeMs = f.allUpdatesTimeMs;
    this.numRowsRemoved = f.numRowsRemoved;
    this.allRemovalsTimeMs = f.allRemovalsTimeMs;
    this.commitTimeMs = f.commitTimeMs;
    this.memoryUsedBytes = f.memoryUsedBytes;
    this.numRowsDroppedByWatermark = f.numRowsDroppedByWatermark;
    this.numShufflePartitions = f.numShufflePartitions;
    this.numStateStoreInstances = f.numStateStoreInstances;
    this.customMetrics = f.customMetrics ?? new Map();
  }

  /**
   * This operator's figures for a trigger that ran no batch: everything kept as a snapshot except
   * the per-batch `numRowsUpdated` and `numRowsDroppedByWatermark`, which become 0 (Spark's
   * idle-trigger progress).
   */
  forNoExecution(): StateOperatorProgress {
    return new StateOperatorProgress({ ...this, numRowsUpdated: 0, numRowsDroppedByWatermark: 0 });
  }

  /** Compact JSON. */
  get json(): string {
    return jsonObject([
      ["operatorName", jsonString(this.operatorName)],
      ["numRowsTotal", jsonLong(this.numRowsTotal)],
      ["numRowsUpdated", jsonLong(this.numRowsUpdated)],
      ["allUpdatesTimeMs", jsonLong(this.allUpdatesTimeMs)],
      ["numRowsRemoved", jsonLong(this.numRowsRemoved)],
      ["allRemovalsTimeMs", jsonLong(this.allRemovalsTimeMs)],
      ["commitTimeMs", jsonLong(this.commitTimeMs)],
      ["memoryUsedBytes", jsonLong(this.memoryUsedBytes)],
      ["numRowsDroppedByWatermark", jsonLong(this.numRowsDroppedByWatermark)],
      ["numShufflePartitions", jsonLong(this.numShufflePartitions)],
      ["numStateStoreInstances", jsonLong(this.numStateStoreInstances)],
      ["customMetrics", jsonSortedMap(this.customMetrics, jsonLong)],
    ]);
  }
}

/** Fields of a `SourceProgress`. */
export interface SourceProgressFields {
  readonly description: string;
  /** The source's offset JSON text where the batch started; null for a query's first batch. */
  readonly startOffset: string | null;
  readonly endOffset: string | null;
  readonly latestOffset: string | null;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  /** Source-reported metrics (Kafka's `avgOffsetsBehindLatest`…); default none. */
  readonly metrics?: ReadonlyMap<string, string>;
}

const E_NOTATION = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;

/**
 * A source metric's value as written: a number in E-notation (`2.70941269E8`) is written plain with
 * one decimal (`270941269.0`), as Spark 4.1 does (SPARK-53690); other values are kept.
 */
function sourceMetricJson(value: string): string {
  if (E_NOTATION.test(value) && Number.isFinite(Number(value))) {
    return jsonString(roundToTenths(value) ?? value);
  }
  return jsonString(value);
}

/** What one source contributed to a trigger (Spark's `SourceProgress`). */
export class SourceProgress extends JsonReport {
  readonly description: string;
  readonly startOffset: string | null;
  readonly endOffset: string | null;
  readonly latestOffset: string | null;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly metrics: ReadonlyMap<string, string>;

  constructor(f: SourceProgressFields) {
    super();
    this.description = f.description;
    this.startOffset = f.startOffset;
    this.endOffset = f.endOffset;
    this.latestOffset = f.latestOffset;
    this.numInputRows = f.numInputRows;
    this.inputRowsPerSecond = f.inputRowsPerSecond;
    this.processedRowsPerSecond = f.processedRowsPerSecond;
    this.metrics = f.metrics ?? new Map();
  }

  /** Compact JSON. */
  get json(): string {
    return jsonObject([
      ["description", jsonString(this.description)],
      ["startOffset", jsonOffset(this.startOffset)],
      ["endOffset", jsonOffset(this.endOffset)],
      ["latestOffset", jsonOffset(this.latestOffset)],
      ["numInputRows", jsonLong(this.numInputRows)],
      ["inputRowsPerSecond", jsonRate(this.inputRowsPerSecond)],
      ["processedRowsPerSecond", jsonRate(this.processedRowsPerSecond)],
      ["metrics", jsonSortedMap(this.metrics, sourceMetricJson)],
    ]);
  }
}

/** Fields of a `SinkProgress`. */
export interface SinkProgressFields {
  readonly description: string;
  /** Rows written in the trigger; `DEFAULT_NUM_OUTPUT_ROWS` (-1) when the sink does not say. */
  readonly numOutputRows?: number;
  /** Sink-reported metrics; default none. */
  readonly metrics?: ReadonlyMap<string, string>;
}

/** What the sink received in a trigger (Spark's `SinkProgress`). */
export class SinkProgress extends JsonReport {
  readonly description: string;
  readonly numOutputRows: number;
  readonly metrics: ReadonlyMap<string, string>;

  constructor(f: SinkProgressFields) {
    super();
    this.description = f.description;
    this.numOutputRows = f.numOutputRows ?? DEFAULT_NUM_OUTPUT_ROWS;
    this.metrics = f.metrics ?? new Map();
  }

  /** Compact JSON. */
  get json(): string {
    return jsonObject([
      ["description", jsonString(this.description)],
      ["numOutputRows", jsonLong(this.numOutputRows)],
      ["metrics", jsonSortedMap(this.metrics, jsonString)],
    ]);
  }
}

/** Fields of a `StreamingQueryProgress`. */
export interface StreamingQueryProgressFields {
  /** Query id (a UUID string, stable across restarts). */
  readonly id: string;
  /** Run id (a UUID string, new on every start). */
  readonly runId: string;
  /** The query name, or null when unnamed. */
  readonly name: string | null;
  /** Trigger start, as `formatProgressTimestamp` prints it. */
  readonly timestamp: string;
  readonly batchId: number;
  /** Trigger end minus trigger start, in ms. */
  readonly batchDuration: number;
  /** Phase durations in ms (`addBatch`, `triggerExecution`…); null or empty is left out of the JSON. */
  readonly durationMs: ReadonlyMap<string, number> | null;
  /** Event-time statistics (`avg`, `max`, `min`, `watermark`); null or empty is left out. */
  readonly eventTime: ReadonlyMap<string, string> | null;
  readonly stateOperators: readonly StateOperatorProgress[];
  readonly sources: readonly SourceProgress[];
  readonly sink: SinkProgress;
  /** `df.observe` results by name; null or empty is left out. */
  readonly observedMetrics: ReadonlyMap<string, ObservedMetricsRow> | null;
  /** Session time zone for TIMESTAMP values in observed metrics (default UTC). */
  readonly sessionTimeZone?: string;
}

/** What one trigger of a streaming query did (Spark's `StreamingQueryProgress`). */
export class StreamingQueryProgress extends JsonReport {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly timestamp: string;
  readonly batchId: number;
  readonly batchDuration: number;
  readonly durationMs: ReadonlyMap<string, number>;
  readonly eventTime: ReadonlyMap<string, string>;
  readonly stateOperators: readonly StateOperatorProgress[];
  readonly sources: readonly SourceProgress[];
  readonly sink: SinkProgress;
  readonly observedMetrics: ReadonlyMap<string, ObservedMetricsRow>;
  private readonly sessionTimeZone: string;

  constructor(f: StreamingQueryProgressFields) {
    super();
    this.id = f.id;
    this.runId = f.runId;
    this.name = f.name;
    this.timestamp = f.timestamp;
    this.batchId = f.batchId;
    this.batchDuration = f.batchDuration;
    this.durationMs = f.durationMs ?? new Map();
    this.eventTime = f.eventTime ?? new Map();
    this.stateOperators = f.stateOperators;
    this.sources = f.sources;
    this.sink = f.sink;
    this.observedMetrics = f.observedMetrics ?? new Map();
    this.sessionTimeZone = f.sessionTimeZone ?? "UTC";
  }

  /** Input rows of the trigger, summed over sources. */
  get numInputRows(): number {
    return this.sources.reduce((s, p) => s + p.numInputRows, 0);
  }

  /** Arrival rate, summed over sources (0 with no sources; NaN/Infinity if a source's is). */
  get inputRowsPerSecond(): number {
    return this.sources.reduce((s, p) => s + p.inputRowsPerSecond, 0);
  }

  /** Processing rate, summed over sources. */
  get processedRowsPerSecond(): number {
    return this.sources.reduce((s, p) => s + p.processedRowsPerSecond, 0);
  }

  /** Compact JSON. */
  get json(): string {
    return jsonObject([
      ["id", jsonString(this.id)],
      ["runId", jsonString(this.runId)],
      ["name", jsonString(this.name)],
      ["timestamp", jsonString(this.timestamp)],
      ["batchId", jsonLong(this.batchId)],
      ["batchDuration", jsonLong(this.batchDuration)],
      ["numInputRows", jsonLong(this.numInputRows)],
      ["inputRowsPerSecond", jsonRate(this.inputRowsPerSecond)],
      ["processedRowsPerSecond", jsonRate(this.processedRowsPerSecond)],
      ["durationMs", jsonSortedMap(this.durationMs, jsonLong)],
      ["eventTime", jsonSortedMap(this.eventTime, jsonString)],
      ["stateOperators", jsonArray(this.stateOperators.map((o) => o.json))],
      ["sources", jsonArray(this.sources.map((s) => s.json))],
      ["sink", this.sink.json],
      [
        "observedMetrics",
        jsonSortedMap(this.observedMetrics, (r) => observedMetricsRowJson(r, this.sessionTimeZone)),
      ],
    ]);
  }
}
