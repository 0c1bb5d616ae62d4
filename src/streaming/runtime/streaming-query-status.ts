/**
 * A streaming query's instantaneous status (Spark's `StreamingQueryStatus`, PySpark's
 * `query.status`): a message saying what the query is doing, whether new data is available and
 * whether a trigger is running; with Spark's status messages.
 *
 *     {
 *       "message" : "Waiting for data to arrive",
 *       "isDataAvailable" : false,
 *       "isTriggerActive" : false
 *     }
 */
import { JsonReport, jsonBool, jsonObject, jsonString } from "./progress-json.js";

/** Spark's status messages, in the order a query goes through them. */
export const StatusMessages = {
  /** Right after the query object is created. */
  initializingStreamExecution: "Initializing StreamExecution",
  /** While the query thread starts its sources. */
  initializingSources: "Initializing sources",
  /** While asking a source for its latest offset (`source` is the source's description). */
  gettingOffsetsFrom: (source: string): string => `Getting offsets from ${source}`,
  /** While writing the batch's offsets to the offset log. */
  writingOffsetsToLog: "Writing offsets to log",
  /** While running a batch. */
  processingNewData: "Processing new data",
  /** A processing-time trigger waiting for its next interval. */
  waitingForNextTrigger: "Waiting for next trigger",
  /** A trigger found no new data. */
  waitingForDataToArrive: "Waiting for data to arrive",
  /** After `stop()`. */
  stopped: "Stopped",
  /** After a failure (`message` is the failure's message). */
  terminatedWithException: (message: string): string => `Terminated with exception: ${message}`,
} as const;

/** Fields that `StreamingQueryStatus.copy` may replace. */
export interface StreamingQueryStatusChanges {
  readonly message?: string;
  readonly isDataAvailable?: boolean;
  readonly isTriggerActive?: boolean;
}

/** A query's status (immutable; the engine replaces it with `copy`). */
export class StreamingQueryStatus extends JsonReport {
  constructor(
    readonly message: string,
    readonly isDataAvailable: boolean,
    readonly isTriggerActive: boolean,
  ) {
    super();
  }

  /** The status a query has when created (`Initializing StreamExecution`, both flags false). */
  static initial(): StreamingQueryStatus {
    return new StreamingQueryStatus(StatusMessages.initializingStreamExecution, false, false);
  }

  /** This status with some fields replaced. */
  copy(changes: StreamingQueryStatusChanges): StreamingQueryStatus {
    return new StreamingQueryStatus(
      changes.message ?? this.message,
      changes.isDataAvailable ?? this.isDataAvailable,
      changes.isTriggerActive ?? this.isTriggerActive,
    );
  }

  /** PySpark's `query.status` dict: `{message, isDataAvailable, isTriggerActive}`. */
  toDict(): { message: string; isDataAvailable: boolean; isTriggerActive: boolean } {
    return {
      message: this.message,
      isDataAvailable: this.isDataAvailable,
      isTriggerActive: this.isTriggerActive,
    };
  }

  /** Compact JSON. */
  get json(): string {
    return jsonObject([
      ["message", jsonString(this.message)],
      ["isDataAvailable", jsonBool(this.isDataAvailable)],
      ["isTriggerActive", jsonBool(this.isTriggerActive)],
    ]);
  }
}
