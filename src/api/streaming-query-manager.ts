/**
 * StreamingQueryManager (`spark.streams`): the active streaming queries of one session, waiting
 * for any of them to end, and the session's streaming listeners (PySpark's
 * `StreamingQueryManager`).
 *
 * Rules (Spark's StreamingQueryManager.startQuery): a query name is unique among active queries
 * (ILLEGAL_ARGUMENT otherwise); starting a query whose id (from its checkpoint) is already running
 * stops the running one first when `spark.sql.streaming.stopActiveRunOnRestart` is true (default),
 * else fails with ILLEGAL_STATE.
 */
import { TsparkError } from "../common/errors.js";
import { StreamingQueryListenerBus } from "../streaming/runtime/streaming-query-listener-bus.js";
import type { StreamingQueryListener } from "../streaming/runtime/streaming-query-listener.js";
import type { SessionState } from "./session-state.js";
import { releaseShutdownHookIfIdle, watchForShutdown } from "./shutdown-hook.js";
import { checkTimeout, type StreamingQuery, settlesWithin } from "./streaming-query.js";

export class StreamingQueryManager {
  /** @internal the session's listener bus. */
  readonly bus = new StreamingQueryListenerBus();
  private readonly activeQueries = new Map<string, StreamingQuery>();
  private lastTerminated: StreamingQuery | undefined;
  private terminationWaiters: (() => void)[] = [];

  /** @internal use `spark.streams`. */
  constructor(private readonly state: SessionState) {}

  /** The active queries of this session. */
  get active(): StreamingQuery[] {
    return [...this.activeQueries.values()];
  }

  /** The active query with this id (a UUID string), or null. */
  get(id: string): StreamingQuery | null {
    return this.activeQueries.get(id) ?? null;
  }

  /**
   * Waits until any query of this session terminates (or has terminated since the last
   * `resetTerminated()`); with a timeout (seconds) resolves whether one did. Rejects with that
   * query's failure.
   */
  awaitAnyTermination(): Promise<void>;
  awaitAnyTermination(timeoutSeconds: number): Promise<boolean>;
  async awaitAnyTermination(timeoutSeconds?: number | null): Promise<boolean | void> {
    const waitForOne = new Promise<void>((resolve) => {
      if (this.lastTerminated) resolve();
      else this.terminationWaiters.push(resolve);
    });
    if (timeoutSeconds === undefined || timeoutSeconds === null) {
      await waitForOne;
      this.throwIfLastFailed();
      return undefined;
    }
    checkTimeout(timeoutSeconds);
    const ended = await settlesWithin(waitForOne, timeoutSeconds * 1000);
    if (ended) this.throwIfLastFailed();
    return ended;
  }

  /** Forgets terminated queries so `awaitAnyTermination` waits for a new one. */
  resetTerminated(): void {
    this.lastTerminated = undefined;
  }

  /** Registers a listener for every query of this session. */
  addListener(listener: StreamingQueryListener): void {
    this.bus.addListener(listener);
  }

  /** Unregisters a listener. */
  removeListener(listener: StreamingQueryListener): void {
    this.bus.removeListener(listener);
  }

  /** @internal checks that a query with this name and id may start (stopping an old run if asked). */
  async beforeStart(name: string | undefined, id: string): Promise<void> {
    if (name !== undefined && [...this.activeQueries.values()].some((q) => q.name === name)) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `Cannot start query with name ${name} as a query with that name is already active in this SparkSession`,
        },
      });
    }
    const running = this.activeQueries.get(id);
    if (!running) return;
    if ((this.state.getConf("spark.sql.streaming.stopActiveRunOnRestart") ?? "true") === "true") {
      await running.stop();
      return;
    }
    throw new TsparkError("ILLEGAL_STATE", {
      messageParameters: {
        message: `Cannot start query with id ${id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active.`,
      },
    });
  }

  /** @internal records a started query and watches for its end. */
  register(query: StreamingQuery): void {
    this.activeQueries.set(query.id, query);
    watchForShutdown(this);
    void query.execution.termination.then(() => {
      if (this.activeQueries.get(query.id) === query) this.activeQueries.delete(query.id);
      releaseShutdownHookIfIdle();
      this.lastTerminated = query;
      const ws = this.terminationWaiters;
      this.terminationWaiters = [];
      for (const w of ws) w();
    });
  }

  /** @internal stops every active query (session stop, SIGINT/SIGTERM). */
  async stopAll(): Promise<void> {
    await Promise.all(this.active.map((q) => q.stop()));
  }

  private throwIfLastFailed(): void {
    const e = this.lastTerminated?.exception();
    if (e) throw e;
  }
}
