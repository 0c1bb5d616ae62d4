/**
 * The contract of `transformWithState` (Spark 4's arbitrary stateful processing v2, PySpark's
 * `pyspark.sql.streaming.stateful_processor`): the user's `StatefulProcessor`, the handle it gets
 * in `init`, the state variables (value, list, map — each optionally with a processing-time TTL),
 * timers, and the time modes. The logical node `flat_map_groups_with_state` carries a processor
 * in its `transformWithState` field; streaming/operators/transform-with-state-exec.ts runs it.
 *
 * Values are tuples in the variable's schema order (PySpark's Rows), as `GroupState` hands them
 * out; `update`/`put`/`appendValue`/`updateValue` accept a tuple or an object keyed by field name.
 */
import type { StructType } from "../types/data-type.js";

/** PySpark's `TimeMode`: the strings the API takes (case-insensitive). */
export const TimeMode = Object.freeze({
  None: "None",
  ProcessingTime: "ProcessingTime",
  EventTime: "EventTime",
} as const);

/** One of `TimeMode`'s values. */
export type TimeModeName = (typeof TimeMode)[keyof typeof TimeMode];

/** A state value as the user passes it: a tuple in schema order or an object keyed by field name. */
export type StateRowInput = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A schema argument: a StructType or a DDL string (`"count LONG"`). */
export type StateSchemaInput = StructType | string;

/** The batch's times, as a processor sees them (PySpark's `TimerValues`). */
export interface TimerValues {
  /** The batch's processing time (ms) — the same for every call of a batch. */
  getCurrentProcessingTimeInMs(): number;
  /** The batch's event-time watermark (ms) for eviction; -1 when the input has no watermark. */
  getCurrentWatermarkInMs(): number;
}

/** The timer that fired (PySpark's `ExpiredTimerInfo`). */
export interface ExpiredTimerInfo {
  getExpiryTimeInMs(): number;
}

/** One value per grouping key (PySpark's `ValueState`). */
export interface ValueState {
  exists(): boolean;
  /** The value, or undefined when there is none (or it expired by TTL). */
  get(): unknown[] | undefined;
  update(newValue: StateRowInput): void;
  clear(): void;
}

/** A list of values per grouping key (PySpark's `ListState`). */
export interface ListState {
  exists(): boolean;
  /** The values (the unexpired ones, with TTL), in the order appended. */
  get(): unknown[][];
  /** Replaces the list (an empty list is an error, as in Spark). */
  put(newState: readonly StateRowInput[]): void;
  appendValue(newState: StateRowInput): void;
  appendList(newState: readonly StateRowInput[]): void;
  clear(): void;
}

/** A map per grouping key (PySpark's `MapState`); keys and values are tuples of their schemas. */
export interface MapState {
  exists(): boolean;
  getValue(key: StateRowInput): unknown[] | undefined;
  containsKey(key: StateRowInput): boolean;
  updateValue(key: StateRowInput, value: StateRowInput): void;
  /** `[key, value]` pairs, in the order keys were first put. */
  iterator(): IterableIterator<[unknown[], unknown[]]>;
  keys(): IterableIterator<unknown[]>;
  values(): IterableIterator<unknown[]>;
  removeKey(key: StateRowInput): void;
  clear(): void;
}

/**
 * The handle a processor gets in `init` (PySpark's `StatefulProcessorHandle`). State variables
 * are declared in `init` only; timers are used in the handle… and close calls of a batch, for the
 * grouping key of the call, and need a time mode other than None.
 */
export interface StatefulProcessorHandle {
  getValueState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ValueState;
  getListState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ListState;
  getMapState(
    stateName: string,
    userKeySchema: StateSchemaInput,
    valueSchema: StateSchemaInput,
    ttlDurationMs?: number,
  ): MapState;
  registerTimer(expiryTimestampMs: number): void;
  deleteTimer(expiryTimestampMs: number): void;
  /** The grouping key's registered timers (ms), ascending. */
  listTimers(): number[];
  /** Removes a state variable and all its values (declared in an earlier run). */
  deleteIfExists(stateName: string): void;
}

/**
 * The user's processor (PySpark's `StatefulProcessor`, Spark 4.1's Row-based shape). Output rows
 * are objects keyed by field name or tuples in the output schema's order.
 */
export abstract class StatefulProcessor {
  /** Declares the state variables (once per batch, and once when the query is planned). */
  abstract init(handle: StatefulProcessorHandle): void;
  /** Called per grouping key with the key's rows of the batch. */
  abstract handleInputRows(
    key: unknown[],
    rows: Iterable<Record<string, unknown>>,
    timerValues: TimerValues,
  ): Iterable<unknown>;
  /** Called per expired timer of a grouping key (the timer is deleted afterwards). */
  handleExpiredTimer(
    _key: unknown[],
    _timerValues: TimerValues,
    _expiredTimerInfo: ExpiredTimerInfo,
  ): Iterable<unknown> {
    return [];
  }
  /** Called in the first batch per row of the initial state (one row per grouping key). */
  handleInitialState(
    _key: unknown[],
    _initialState: Record<string, unknown>,
    _timerValues: TimerValues,
  ): void {}
  /** Called at the end of every batch. */
  close(): void {}
}

/** The initial state of a transformWithState: a batch DataFrame's rows, grouped by key. */
export interface TransformWithStateInitialState {
  /** The initial state's rows as `[key tuple (internal values), row (external object)]`. */
  readonly load: () => Promise<readonly (readonly [unknown[], Record<string, unknown>])[]>;
  /** The initial state's grouping key schema (must match the input's). */
  readonly keySchema: StructType;
}

/** What makes a `flat_map_groups_with_state` node a transformWithState. */
export interface TransformWithStateSpec {
  readonly processor: StatefulProcessor;
  readonly timeMode: TimeModeName;
  readonly initialState?: TransformWithStateInitialState;
  /**
   * `eventTimeColumnName`: the output column that carries event time downstream (marked with the
   * input's watermark delay); rows whose value is older than the late-events watermark fail.
   */
  readonly eventTimeColumn?: string;
}
