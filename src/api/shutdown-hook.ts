/**
 * Graceful stop on SIGINT / SIGTERM (Spark stops its queries from a JVM shutdown hook): while any
 * streaming query runs, the first signal stops every active query of every session — the running
 * batch finishes or is aborted uncommitted, so the checkpoint stays valid — and then the signal is
 * raised again with no tspark handler left, so the process ends as it would have (exit code
 * 130 / 143), unless the program installed its own handler, which then decides.
 */
import type { StreamingQueryManager } from "./streaming-query-manager.js";

const managers = new Set<StreamingQueryManager>();
let installed = false;

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

function onSignal(signal: NodeJS.Signals): void {
  uninstall();
  // Counted now, while the program's own `once` handlers for this signal are still registered.
  const programHandlesIt = process.listenerCount(signal) > 0;
  const stopping = [...managers].map((m) => m.stopAll());
  void Promise.allSettled(stopping).then(() => {
    if (!programHandlesIt) process.kill(process.pid, signal);
  });
}

function uninstall(): void {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  installed = false;
}

/** Watches `manager`'s queries for the signal handlers (installed on the first call). */
export function watchForShutdown(manager: StreamingQueryManager): void {
  managers.add(manager);
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.once(s, onSignal);
}

/** Removes the handlers when no query runs any more, so an idle program exits normally on a signal. */
export function releaseShutdownHookIfIdle(): void {
  if ([...managers].some((m) => m.active.length > 0)) return;
  uninstall();
}
