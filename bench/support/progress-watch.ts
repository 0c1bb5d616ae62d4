/**
 * Follows one streaming query's progress through a listener: keeps every StreamingQueryProgress,
 * and resolves {@link ProgressWatch.untilRows} once the query has read a given number of input
 * rows. A watchdog rejects when no progress arrives for a while (a query that lost rows would
 * otherwise wait for ever), and the query's termination with an error rejects too.
 */
import {
  type QueryProgressEvent,
  type QueryTerminatedEvent,
  type SparkSession,
  StreamingQueryListener,
  type StreamingQueryProgress,
} from "tspark";

/** The progress of one query (see the file comment); `detach()` removes the listener. */
export class ProgressWatch extends StreamingQueryListener {
  readonly progress: StreamingQueryProgress[] = [];
  private rows = 0;
  private target = Number.POSITIVE_INFINITY;
  private settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private queryId: string | undefined;

  constructor(
    private readonly spark: SparkSession,
    /** Milliseconds without any progress before {@link untilRows} gives up. */
    private readonly stallMs = 120_000,
  ) {
    super();
    spark.streams.addListener(this);
  }

  /** Only events of this query id count (set it right after start). */
  follow(queryId: string): void {
    this.queryId = queryId;
  }

  /** Input rows read so far. */
  get inputRows(): number {
    return this.rows;
  }

  /** Resolves once `rows` input rows have been processed (counted over completed triggers). */
  untilRows(rows: number): Promise<void> {
    this.target = rows;
    if (this.rows >= rows) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      this.arm();
    });
  }

  onQueryStarted(): void {}

  onQueryProgress(event: QueryProgressEvent): void {
    const p = event.progress;
    if (this.queryId !== undefined && p.id !== this.queryId) return;
    this.record(p, this.rows);
    this.rows += p.numInputRows;
    if (this.settle === undefined) return;
    if (this.rows >= this.target) this.finish();
    else this.arm();
  }

  onQueryTerminated(event: QueryTerminatedEvent): void {
    if (this.queryId !== undefined && event.id !== this.queryId) return;
    if (this.settle !== undefined && event.exception !== null) this.finish(new Error(event.exception));
  }

  /**
   * What is kept of each progress event of the query (every progress object here; a long run can
   * keep a few numbers instead). `rowsBefore`: input rows of the triggers before this one.
   */
  protected record(p: StreamingQueryProgress, rowsBefore: number): void {
    void rowsBefore;
    this.progress.push(p);
  }

  /** Removes the listener. */
  detach(): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    this.spark.streams.removeListener(this);
  }

  private arm(): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(
      () =>
        this.finish(new Error(`no progress for ${this.stallMs} ms at ${this.rows} of ${this.target} rows`)),
      this.stallMs,
    );
  }

  private finish(error?: Error): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    const s = this.settle;
    this.settle = undefined;
    if (s === undefined) return;
    if (error === undefined) s.resolve();
    else s.reject(error);
  }
}

/** Durations (ms) of one progress field over the triggers that read data. */
export function durationsOf(progress: readonly StreamingQueryProgress[], key = "triggerExecution"): number[] {
  return progress
    .filter((p) => p.numInputRows > 0)
    .map((p) => p.durationMs?.get(key))
    .filter((v): v is number => v !== undefined);
}
