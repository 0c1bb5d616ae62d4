/**
 * The listener users subclass to follow streaming queries (PySpark's `StreamingQueryListener`):
 * `onQueryStarted` runs synchronously inside `start()` (keep it quick); `onQueryProgress`,
 * `onQueryIdle` and `onQueryTerminated` run later, in posting order, on the listener bus. A
 * method may return a promise; the bus waits for it before delivering the next event. Whatever a
 * method throws is logged and never stops the query.
 *
 *     class Printer extends StreamingQueryListener {
 *       onQueryStarted(e: QueryStartedEvent) { console.log("started", e.id); }
 *       onQueryProgress(e: QueryProgressEvent) { console.log(e.progress.prettyJson); }
 *       onQueryTerminated(e: QueryTerminatedEvent) { console.log("done", e.exception); }
 *     }
 */
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from "./listener-events.js";

/** Base class of streaming query listeners; `onQueryIdle` is optional (a no-op by default). */
export abstract class StreamingQueryListener {
  /** A query started (called synchronously before `start()` returns). */
  abstract onQueryStarted(event: QueryStartedEvent): void | Promise<void>;

  /** A trigger reported progress (asynchronous). */
  abstract onQueryProgress(event: QueryProgressEvent): void | Promise<void>;

  /** The query is idle, waiting for data (asynchronous; does nothing unless overridden). */
  onQueryIdle(_event: QueryIdleEvent): void | Promise<void> {}

  /** The query stopped, cleanly or with an error (asynchronous). */
  abstract onQueryTerminated(event: QueryTerminatedEvent): void | Promise<void>;
}
