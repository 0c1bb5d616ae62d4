/**
 * StreamingQuery: the handle `writeStream.start()` returns (PySpark's `StreamingQuery`). It wraps
 * one run of the query (`MicroBatchExecution`); timeouts are in seconds, as in PySpark.
 *
 *     const query = await df.writeStream.format("console").start();
 *     await query.processAllAvailable();     // everything available now is processed
 *     query.lastProgress?.numInputRows;
 *     await query.stop();                    // idempotent; resolves when the run has ended
 */
import { TsparkError } from "../common/errors.js";
import type { MicroBatchExecution } from "../streaming/runtime/micro-batch-execution.js";
import type { StreamingQueryProgress } from "../streaming/runtime/progress.js";
import type { StreamingQueryStatus } from "../streaming/runtime/streaming-query-status.js";

export class StreamingQuery {
  private stopped: Promise<void> | undefined;

  /** @internal started by `DataStreamWriter.start()`. */
  constructor(
    /** @internal the run behind this handle. */
    readonly execution: MicroBatchExecution,
    /** Query id (a UUID string), stable across restarts from the same checkpoint. */
    readonly id: string,
    /** This run's id (a new UUID string on every start). */
    readonly runId: string,
    private readonly queryName: string | undefined,
  ) {}

  /** The name given with `queryName(...)`, or null. */
  get name(): string | null {
    return this.queryName ?? null;
  }

  /** Whether the query is running. */
  get isActive(): boolean {
    return this.execution.isActive;
  }

  /** What the query is doing now (`message`, `isDataAvailable`, `isTriggerActive`). */
  get status(): StreamingQueryStatus {
    return this.execution.status;
  }

  /** The most recent progress report, or null before the first. */
  get lastProgress(): StreamingQueryProgress | null {
    return this.execution.lastProgress;
  }

  /** The recent progress reports, oldest first (`spark.sql.streaming.numRecentProgressUpdates`). */
  get recentProgress(): StreamingQueryProgress[] {
    return this.execution.recentProgress;
  }

  /**
   * Waits for the query to end. Without a timeout resolves when it stops; with one (seconds,
   * > 0) resolves `true` if it ended in time, else `false`. Rejects with the query's
   * `STREAM_FAILED` error if it failed.
   */
  awaitTermination(): Promise<void>;
  awaitTermination(timeoutSeconds: number): Promise<boolean>;
  async awaitTermination(timeoutSeconds?: number | null): Promise<boolean | void> {
    if (timeoutSeconds === undefined || timeoutSeconds === null) {
      await this.execution.termination;
      this.throwIfFailed();
      return undefined;
    }
    checkTimeout(timeoutSeconds);
    const ended = await settlesWithin(this.execution.termination, timeoutSeconds * 1000);
    if (ended) this.throwIfFailed();
    return ended;
  }

  /**
   * Resolves once all data available in the sources now has been processed and committed
   * (for tests; with data arriving continuously it may never resolve). Rejects if the query fails.
   */
  async processAllAvailable(): Promise<void> {
    await this.execution.processAllAvailable();
    this.throwIfFailed();
  }

  /** Stops the query; resolves when it has stopped. Calling it again is harmless. */
  stop(): Promise<void> {
    this.stopped ??= this.execution.stop();
    return this.stopped;
  }

  /** The failure that ended the query (`STREAM_FAILED` with the cause attached), or null. */
  exception(): TsparkError | null {
    return this.execution.exception ?? null;
  }

  /** Prints the plan of the last batch (`extended`: the logical plan too). */
  explain(extended = false): void {
    process.stdout.write(`${this.explainString(extended)}\n`);
  }

  /** The text `explain()` prints. */
  explainString(extended = false): string {
    return this.execution.explainString(extended);
  }

  toString(): string {
    return `<StreamingQuery id=${this.id} runId=${this.runId} name=${this.name}>`;
  }

  private throwIfFailed(): void {
    const e = this.execution.exception;
    if (e) throw e;
  }
}

/** PySpark's check of an await timeout: a number > 0 (`VALUE_NOT_POSITIVE`). */
export function checkTimeout(timeoutSeconds: number): void {
  if (typeof timeoutSeconds !== "number" || !(timeoutSeconds > 0)) {
    throw new TsparkError("VALUE_NOT_POSITIVE", {
      messageParameters: { arg_name: "timeout", arg_value: String(timeoutSeconds) },
    });
  }
}

/** Whether `p` settles within `ms` (a real timer; never rejects). */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
