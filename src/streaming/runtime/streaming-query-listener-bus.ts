/**
 * Delivers streaming query events to the session's listeners (Spark's StreamingQueryListenerBus).
 *
 * - `QueryStartedEvent` is delivered synchronously inside `post`, so every listener has seen it
 *   before `start()` returns.
 * - Progress, idle and terminated events are queued and delivered asynchronously, one event at a
 *   time, in posting order; each event goes to the listeners registered when its turn comes, in
 *   registration order, and a listener's returned promise is awaited before the next call.
 * - A listener that throws (or rejects) is reported to `onListenerError` (default: a warning on
 *   stderr naming the listener) and the other listeners and later events are unaffected.
 * - `flush()` resolves once every event posted before the call has been delivered (tests,
 *   `processAllAvailable`). The bus holds no timers, so it never keeps the process alive.
 */
import type { StreamingQueryListenerEvent } from "./listener-events.js";
import type { StreamingQueryListener } from "./streaming-query-listener.js";

/** Called when a listener throws or rejects while handling `event`. */
export type ListenerErrorHandler = (
  error: unknown,
  listener: StreamingQueryListener,
  event: StreamingQueryListenerEvent,
) => void;

/** Options of a `StreamingQueryListenerBus`. */
export interface StreamingQueryListenerBusOptions {
  /** Where listener failures go; default a warning line (and stack) on stderr. */
  readonly onListenerError?: ListenerErrorHandler;
}

function defaultErrorHandler(error: unknown, listener: StreamingQueryListener): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    `WARN StreamingQueryListenerBus: Listener ${listener.constructor.name} threw an exception\n${detail}\n`,
  );
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/** A session's streaming listener bus. */
export class StreamingQueryListenerBus {
  private readonly listeners: StreamingQueryListener[] = [];
  private tail: Promise<void> = Promise.resolve();
  private readonly onListenerError: ListenerErrorHandler;

  constructor(options: StreamingQueryListenerBusOptions = {}) {
    this.onListenerError = options.onListenerError ?? defaultErrorHandler;
  }

  /** Registers a listener (registering one twice delivers every event to it twice, as Spark). */
  addListener(listener: StreamingQueryListener): void {
    this.listeners.push(listener);
  }

  /** Unregisters one registration of `listener`; unknown listeners are ignored. */
  removeListener(listener: StreamingQueryListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** The registered listeners, in registration order. */
  get registeredListeners(): readonly StreamingQueryListener[] {
    return [...this.listeners];
  }

  /** Posts an event: a started event is delivered now; others are queued (see the module doc). */
  post(event: StreamingQueryListenerEvent): void {
    if (event.kind === "started") {
      for (const listener of [...this.listeners]) {
        try {
          const r = listener.onQueryStarted(event);
          if (isPromiseLike(r)) r.then(undefined, (e: unknown) => this.report(e, listener, event));
        } catch (e) {
          this.report(e, listener, event);
        }
      }
      return;
    }
    this.tail = this.tail.then(() => this.deliver(event));
  }

  /** Resolves when every event posted before this call has been delivered to its listeners. */
  flush(): Promise<void> {
    return this.tail;
  }

  private async deliver(event: Exclude<StreamingQueryListenerEvent, { kind: "started" }>): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        switch (event.kind) {
          case "progress":
            await listener.onQueryProgress(event);
            break;
          case "idle":
            await listener.onQueryIdle(event);
            break;
          case "terminated":
            await listener.onQueryTerminated(event);
            break;
        }
      } catch (e) {
        this.report(e, listener, event);
      }
    }
  }

  private report(error: unknown, listener: StreamingQueryListener, event: StreamingQueryListenerEvent): void {
    try {
      this.onListenerError(error, listener, event);
    } catch {
      // A failing error handler must not break delivery either.
    }
  }
}
