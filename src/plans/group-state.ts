/**
 * The contract of arbitrary stateful processing (Spark's `GroupState`, PySpark's
 * `pyspark.sql.streaming.state`): the timeout kinds, the per-key state handle the user function
 * receives, and the function's shape. The logical node `flat_map_groups_with_state` holds the
 * function; physical/group-state-impl.ts implements the handle.
 */

/** PySpark's `GroupStateTimeout`: the timeout kinds as the strings PySpark passes. */
export const GroupStateTimeout = Object.freeze({
  NoTimeout: "NoTimeout",
  ProcessingTimeTimeout: "ProcessingTimeTimeout",
  EventTimeTimeout: "EventTimeTimeout",
} as const);

/** One of `GroupStateTimeout`'s values. */
export type GroupStateTimeoutConf = (typeof GroupStateTimeout)[keyof typeof GroupStateTimeout];

/**
 * The state of one group key, handed to the user function for one call (Spark's `GroupState`).
 * The value is a tuple in the state schema's field order (PySpark's `state.get`); `update`
 * accepts a tuple or an object keyed by field name.
 */
export interface GroupState {
  /** Whether state is defined for the key. */
  readonly exists: boolean;
  /** The state value; throws when there is none ("State is either not defined or has already been removed"). */
  readonly get: unknown[];
  /** The state value, or undefined when there is none. */
  readonly getOption: unknown[] | undefined;
  /** True only in the call made because the key timed out (its rows are then empty). */
  readonly hasTimedOut: boolean;
  /** Sets the state; null or undefined is an error ("'null' is not a valid state value"). */
  update(newValue: readonly unknown[] | Readonly<Record<string, unknown>>): void;
  /** Removes the key's state. */
  remove(): void;
  /**
   * ProcessingTimeTimeout only: the key times out once the batch processing time passes
   * `getCurrentProcessingTimeMs() + duration` (milliseconds, or an interval string like
   * `"10 seconds"`); the duration must be positive.
   */
  setTimeoutDuration(duration: number | string): void;
  /**
   * EventTimeTimeout only: the key times out once the watermark passes `timestampMs` (plus
   * `additionalDuration`, an interval string); it must be positive and not before the watermark.
   */
  setTimeoutTimestamp(timestampMs: number | Date, additionalDuration?: string): void;
  /** The event-time watermark of the batch; an error when the query has no watermark. */
  getCurrentWatermarkMs(): number;
  /** The batch's processing time (the same for every key of a batch). */
  getCurrentProcessingTimeMs(): number;
}

/**
 * The user function of `applyInPandasWithState` / `flatMapGroupsWithState`: the group key (a
 * tuple of the grouping columns' values), the key's rows of this batch (objects keyed by column
 * name, in arrival order; empty when the key timed out) and its state; returns the output rows
 * (objects keyed by field name, or tuples in the output schema's order). `mapGroupsWithState`'s
 * function returns exactly one row instead.
 */
export type GroupStateFunction = (
  key: unknown[],
  rows: Iterable<Record<string, unknown>>,
  state: GroupState,
) => unknown;

/** Which API built the node: the errors and the checker's messages name it. */
export type GroupStateApi =
  | "applyInPandasWithState"
  | "flatMapGroupsWithState"
  | "mapGroupsWithState"
  | "transformWithState"
  | "transformWithStateInPandas";

/**
 * The initial state of a (flat)MapGroupsWithState (Scala's `initialState` argument, a
 * KeyValueGroupedDataset grouped like the data): a batch DataFrame's rows, read once, in the
 * query's first batch (batch 0), each the key columns then the state columns in the state schema's
 * order (internal values). The API layer builds it; the operators only call `rows`.
 */
export interface GroupStateInitialState {
  /** How many leading columns of each row are the key. */
  readonly numKeys: number;
  /** Whether the initial state's plan reads a stream (refused when the query starts, as Spark does). */
  readonly isStreaming: boolean;
  /**
   * Spark's `spark.sql.streaming.flatMapGroupsWithState.skipEmittingInitialStateKeys` (read when
   * the query is built): keys with only an initial state are not called (their state is still
   * stored).
   */
  readonly skipEmittingInitialStateKeys: boolean;
  /** Executes the initial state's plan. */
  readonly rows: () => Promise<readonly (readonly unknown[])[]>;
}
