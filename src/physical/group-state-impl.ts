/**
 * GroupStateImpl (Spark's GroupStateImpl): the `GroupState` handle of one call of a
 * (flat)MapGroupsWithState / applyInPandasWithState function. It holds the key's state as the
 * user sees it (a tuple of external values), records what the call did (updated, removed, the new
 * timeout) for the operator to write back, and enforces Spark's rules and errors:
 * - `get` without a state: NoSuchElementException "State is either not defined or has already
 *   been removed" (`NO_SUCH_ELEMENT`); `update(null)`: IllegalArgumentException "'null' is not a
 *   valid state value";
 * - `setTimeoutDuration` only with ProcessingTimeTimeout (`_LEGACY_ERROR_TEMP_2203`), > 0 ms
 *   ("Timeout duration must be positive"); a string is an interval ("Provided duration (…) is
 *   negative" below zero), a month counting as 31 days;
 * - `setTimeoutTimestamp` only with EventTimeTimeout (`_LEGACY_ERROR_TEMP_2205`), > 0 ("Timeout
 *   timestamp must be positive") and not before the watermark ("Timeout timestamp (t) cannot be
 *   earlier than the current watermark (w)");
 * - `getCurrentWatermarkMs` only when the input has a watermark (`_LEGACY_ERROR_TEMP_2204`).
 * A failed call leaves the timeout as it was. Each call starts without a timeout (the timeout is
 * reset per call, as in Spark).
 */
import { TsparkError } from "../common/errors.js";
import { fromExternal, toExternal } from "../data/external.js";
import type { GroupState, GroupStateTimeoutConf } from "../plans/group-state.js";
import { fromIntervalString, intervalDurationMicros } from "../sql/interval-string.js";
import type { StructType } from "../types/data-type.js";

/** Spark's NO_TIMESTAMP: no timeout set. */
export const NO_TIMESTAMP = -1;

/** How a GroupStateImpl is created for one call. */
export interface GroupStateInit {
  /** The stored state (internal values in the state schema's order), or undefined. */
  readonly value: readonly unknown[] | undefined;
  readonly stateSchema: StructType;
  /** The batch's processing time (ms); must be ≥ 0. */
  readonly batchProcessingTimeMs: number;
  /** The batch's event-time watermark (ms), NO_TIMESTAMP when there is none. */
  readonly eventTimeWatermarkMs: number;
  readonly timeoutConf: GroupStateTimeoutConf;
  readonly hasTimedOut: boolean;
  /** Whether the operator's input has a watermarked column. */
  readonly watermarkPresent: boolean;
}

export class GroupStateImpl implements GroupState {
  readonly hasTimedOut: boolean;
  private value: unknown[] | undefined;
  private defined: boolean;
  private updated = false;
  private removed = false;
  private timeoutTimestamp = NO_TIMESTAMP;
  private timeoutUpdated = false;

  /** Spark's `createForStreaming`, with its argument checks. */
  constructor(private readonly init: GroupStateInit) {
    if (init.batchProcessingTimeMs < 0) throw illegalArgument("batchProcessingTimeMs must be 0 or positive");
    if (init.watermarkPresent && init.eventTimeWatermarkMs < 0 && init.eventTimeWatermarkMs !== NO_TIMESTAMP)
      throw illegalArgument("eventTimeWatermarkMs must be 0 or positive if present");
    if (init.hasTimedOut && init.timeoutConf === "NoTimeout") {
      throw new TsparkError("_LEGACY_ERROR_TEMP_3168");
    }
    this.hasTimedOut = init.hasTimedOut;
    this.defined = init.value !== undefined;
    this.value = init.value === undefined ? undefined : this.toTuple(init.value);
  }

  get exists(): boolean {
    return this.defined;
  }

  get get(): unknown[] {
    if (!this.defined || this.value === undefined) {
      throw new TsparkError("NO_SUCH_ELEMENT", {
        messageParameters: { message: "State is either not defined or has already been removed" },
      });
    }
    return this.value;
  }

  get getOption(): unknown[] | undefined {
    return this.defined ? this.value : undefined;
  }

  update(newValue: readonly unknown[] | Readonly<Record<string, unknown>>): void {
    if (newValue === null || newValue === undefined)
      throw illegalArgument("'null' is not a valid state value");
    // Validated (and converted) now, so that a bad value fails in the call that gave it.
    const internal = fromExternal(newValue, this.init.stateSchema, "state", false) as unknown[];
    this.value = this.toTuple(internal);
    this.defined = true;
    this.updated = true;
    this.removed = false;
  }

  remove(): void {
    this.defined = false;
    this.updated = false;
    this.removed = true;
  }

  setTimeoutDuration(duration: number | string): void {
    if (this.init.timeoutConf !== "ProcessingTimeTimeout") {
      throw new TsparkError("_LEGACY_ERROR_TEMP_2203");
    }
    const ms = typeof duration === "string" ? parseDuration(duration) : duration;
    if (!(ms > 0)) throw illegalArgument("Timeout duration must be positive");
    this.timeoutTimestamp = ms + this.init.batchProcessingTimeMs;
    this.timeoutUpdated = true;
  }

  setTimeoutTimestamp(timestampMs: number | Date, additionalDuration?: string): void {
    if (this.init.timeoutConf !== "EventTimeTimeout") throw new TsparkError("_LEGACY_ERROR_TEMP_2205");
    const base = timestampMs instanceof Date ? timestampMs.getTime() : timestampMs;
    const ts = additionalDuration === undefined ? base : base + parseDuration(additionalDuration);
    if (!(ts > 0)) throw illegalArgument("Timeout timestamp must be positive");
    const wm = this.init.eventTimeWatermarkMs;
    if (wm !== NO_TIMESTAMP && ts < wm) {
      throw illegalArgument(`Timeout timestamp (${ts}) cannot be earlier than the current watermark (${wm})`);
    }
    this.timeoutTimestamp = ts;
    this.timeoutUpdated = true;
  }

  getCurrentWatermarkMs(): number {
    if (!this.init.watermarkPresent) throw new TsparkError("_LEGACY_ERROR_TEMP_2204");
    return this.init.eventTimeWatermarkMs;
  }

  getCurrentProcessingTimeMs(): number {
    return this.init.batchProcessingTimeMs;
  }

  toString(): string {
    return this.defined ? `GroupState(${JSON.stringify(this.value)})` : "GroupState(<undefined>)";
  }

  // ---- for the operator ----------------------------------------------------------------------

  /** Whether `remove()` was the last state change of the call. */
  get isRemoved(): boolean {
    return this.removed;
  }

  /** Whether `update()` was the last state change of the call. */
  get isUpdated(): boolean {
    return this.updated;
  }

  /** Whether the call set a timeout. */
  get isTimeoutUpdated(): boolean {
    return this.timeoutUpdated;
  }

  /** The timeout the call set, or NO_TIMESTAMP. */
  get timeoutTimestampMs(): number {
    return this.timeoutTimestamp;
  }

  /** The state to store (internal values in the state schema's order), or undefined when none. */
  internalValue(): unknown[] | undefined {
    if (!this.defined || this.value === undefined) return undefined;
    return fromExternal(this.value, this.init.stateSchema, "state", false) as unknown[];
  }

  /** Internal values → the user's tuple. */
  private toTuple(internal: readonly unknown[]): unknown[] {
    return this.init.stateSchema.fields.map((f, i) => toExternal(internal[i] ?? null, f.dataType));
  }
}

/** Spark's `parseDuration`: an interval string in milliseconds (a month as 31 days); negative is an error. */
function parseDuration(duration: string): number {
  const micros = intervalDurationMicros(fromIntervalString(duration));
  if (micros < 0) throw illegalArgument(`Provided duration (${duration}) is negative`);
  return Math.trunc(micros / 1000);
}

function illegalArgument(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}
