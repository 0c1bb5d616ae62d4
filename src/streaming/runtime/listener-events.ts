/**
 * The events a `StreamingQueryListener` receives (Spark's `StreamingQueryListener.*Event`, PySpark's
 * `pyspark.sql.streaming.listener`), with Spark's fields and their compact `json`:
 *
 *     QueryStartedEvent    {"id":"…","runId":"…","name":null,"timestamp":"2016-12-05T20:54:20.827Z","jobTags":[]}
 *     QueryProgressEvent   {"progress":{…StreamingQueryProgress json…}}
 *     QueryIdleEvent       {"id":"…","runId":"…","timestamp":"…"}
 *     QueryTerminatedEvent {"id":"…","runId":"…","exception":null,"errorClassOnException":null}
 */
import type { StreamingQueryProgress } from "./progress.js";
import { jsonArray, jsonObject, jsonString } from "./progress-json.js";

/** A query started: posted synchronously, before `start()` returns. */
export class QueryStartedEvent {
  readonly kind = "started" as const;
  /**
   * @param id query id (stable across restarts); @param runId id of this run; @param name the
   * query name or null; @param timestamp start time as `formatProgressTimestamp` prints it;
   * @param jobTags the session's job tags when the query started (PySpark 4.0's `jobTags`).
   */
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly name: string | null,
    readonly timestamp: string,
    readonly jobTags: ReadonlySet<string> = new Set(),
  ) {}

  /** Compact JSON (id, runId, name, timestamp, and jobTags as an array, as Spark 4.1 writes it). */
  get json(): string {
    return jsonObject([
      ["id", jsonString(this.id)],
      ["runId", jsonString(this.runId)],
      ["name", jsonString(this.name)],
      ["timestamp", jsonString(this.timestamp)],
      ["jobTags", jsonArray([...this.jobTags].map(jsonString))],
    ]);
  }
}

/** A trigger finished and reported its progress. */
export class QueryProgressEvent {
  readonly kind = "progress" as const;
  constructor(readonly progress: StreamingQueryProgress) {}

  /** Compact JSON: `{"progress":…}`. */
  get json(): string {
    return jsonObject([["progress", this.progress.json]]);
  }
}

/** The query has been idle, waiting for new data (at most once per no-data progress interval). */
export class QueryIdleEvent {
  readonly kind = "idle" as const;
  /** @param timestamp start of the latest trigger that ran no batch (`formatProgressTimestamp`). */
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly timestamp: string,
  ) {}

  /** Compact JSON (id, runId, timestamp). */
  get json(): string {
    return jsonObject([
      ["id", jsonString(this.id)],
      ["runId", jsonString(this.runId)],
      ["timestamp", jsonString(this.timestamp)],
    ]);
  }
}

/** The query stopped: `exception` is null for a clean stop, else the failure's message. */
export class QueryTerminatedEvent {
  readonly kind = "terminated" as const;
  /**
   * @param exception the failure's message (with its cause) or null; @param errorClassOnException
   * the failure's error class when it has one, else null.
   */
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly exception: string | null,
    readonly errorClassOnException: string | null = null,
  ) {}

  /** Compact JSON (id, runId, exception, errorClassOnException; nulls written as null). */
  get json(): string {
    return jsonObject([
      ["id", jsonString(this.id)],
      ["runId", jsonString(this.runId)],
      ["exception", jsonString(this.exception)],
      ["errorClassOnException", jsonString(this.errorClassOnException)],
    ]);
  }
}

/** Any streaming query listener event. */
export type StreamingQueryListenerEvent =
  | QueryStartedEvent
  | QueryProgressEvent
  | QueryIdleEvent
  | QueryTerminatedEvent;
