/**
 * A query's progress bookkeeping (the reporting half of Spark's ProgressReporter): keeps the recent
 * progress reports behind `recentProgress` / `lastProgress`, posts a `QueryProgressEvent` for each
 * trigger that ran a batch, and throttles the reports of triggers that found nothing to run.
 *
 * - `updateProgress(p)` (a batch ran): `p` is kept and posted; the idle clock restarts.
 * - `updateIdleness(…, p)` (no batch ran): only when `noDataProgressEventInterval` ms have passed
 *   since the last batch or kept idle report is `p` kept, and then a `QueryIdleEvent` (not a
 *   progress event) is posted — except for a query's very first idle report, which is kept silently.
 * - Retention follows Spark's loop exactly: after adding, reports are dropped while there are at
 *   least `numRecentProgressUpdates` of them, so at most `numRecentProgressUpdates − 1` are kept.
 */
import type { Clock } from "../../common/clock.js";
import { QueryIdleEvent, QueryProgressEvent } from "./listener-events.js";
import type { StreamingQueryProgress } from "./progress.js";
import { formatProgressTimestamp } from "./progress-timestamp.js";
import type { StreamingQueryListenerBus } from "./streaming-query-listener-bus.js";

/** Settings of a `ProgressReporter`. */
export interface ProgressReporterOptions {
  /** The trigger clock. */
  readonly clock: Clock;
  /** Where progress and idle events go. */
  readonly bus: StreamingQueryListenerBus;
  /** `spark.sql.streaming.noDataProgressEventInterval` in ms (default 10000). */
  readonly noDataProgressEventIntervalMs?: number;
  /** `spark.sql.streaming.numRecentProgressUpdates` (default 100). */
  readonly numRecentProgressUpdates?: number;
}

/** Recent progress of one query run, and the posting of its progress and idle events. */
export class ProgressReporter {
  private readonly buffer: StreamingQueryProgress[] = [];
  private readonly clock: Clock;
  private readonly bus: StreamingQueryListenerBus;
  private readonly noDataIntervalMs: number;
  private readonly retention: number;
  /** When the last batch ran or idle report was kept (epoch ms); -Infinity before any. */
  private lastNoExecutionProgressEventTime = Number.NEGATIVE_INFINITY;

  constructor(options: ProgressReporterOptions) {
    this.clock = options.clock;
    this.bus = options.bus;
    this.noDataIntervalMs = options.noDataProgressEventIntervalMs ?? 10_000;
    this.retention = options.numRecentProgressUpdates ?? 100;
  }

  /** The kept progress reports, oldest first (a copy). */
  get recentProgress(): StreamingQueryProgress[] {
    return [...this.buffer];
  }

  /** The newest kept progress report, or null before the first. */
  get lastProgress(): StreamingQueryProgress | null {
    return this.buffer[this.buffer.length - 1] ?? null;
  }

  /** Records the progress of a trigger that ran a batch and posts a `QueryProgressEvent`. */
  updateProgress(progress: StreamingQueryProgress): void {
    this.lastNoExecutionProgressEventTime = this.clock.nowMillis();
    this.add(progress);
    this.bus.post(new QueryProgressEvent(progress));
  }

  /**
   * Records the progress of a trigger that ran no batch, if the no-data interval has passed, and
   * then posts a `QueryIdleEvent` stamped with `triggerStartMs` (not for the first idle report).
   */
  updateIdleness(id: string, runId: string, triggerStartMs: number, progress: StreamingQueryProgress): void {
    const now = this.clock.nowMillis();
    if (now - this.noDataIntervalMs < this.lastNoExecutionProgressEventTime) return;
    this.add(progress);
    if (this.lastNoExecutionProgressEventTime > Number.NEGATIVE_INFINITY) {
      this.bus.post(new QueryIdleEvent(id, runId, formatProgressTimestamp(triggerStartMs)));
    }
    this.lastNoExecutionProgressEventTime = now;
  }

  private add(progress: StreamingQueryProgress): void {
    this.buffer.push(progress);
    while (this.buffer.length > 0 && this.buffer.length >= this.retention) this.buffer.shift();
  }
}
