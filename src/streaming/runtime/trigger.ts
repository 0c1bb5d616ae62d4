/**
 * Triggers (Spark's `Trigger`): when a streaming query runs its micro-batches.
 *
 * - `processingTime` with interval 0 (the default): a batch as soon as the previous one ends and
 *   data is available; when none is, the query polls every `spark.sql.streaming.pollingDelay`.
 * - `processingTime` > 0: batches start at multiples of the interval (Spark's
 *   ProcessingTimeExecutor: the next start is the first boundary after the previous batch ended);
 *   the wait goes through the session's Clock, so a ManualClock drives it in tests.
 * - `once`: one batch with everything available, then stop (no batch when there is no data).
 * - `availableNow`: everything available at start, in as many batches as the sources' read limits
 *   need, then stop.
 * - `continuous`: Spark's continuous processing; not supported by tspark (a clear error at start).
 */
import { TsparkError } from "../../common/errors.js";
import { stringToInterval } from "../../functions/core/cast.js";

/** A parsed trigger. */
export type Trigger =
  | { readonly kind: "processingTime"; readonly intervalMs: number }
  | { readonly kind: "once" }
  | { readonly kind: "availableNow" }
  | { readonly kind: "continuous"; readonly intervalMs: number };

/** The default trigger: ProcessingTime(0). */
export const DEFAULT_TRIGGER: Trigger = { kind: "processingTime", intervalMs: 0 };

/** A trigger interval given as text (`"10 seconds"`, `"1 minute"`) or milliseconds. */
export function triggerIntervalMs(interval: string | number, triggerName: string): number {
  let ms: number;
  if (typeof interval === "number") {
    ms = interval;
  } else {
    const iv = stringToInterval(interval);
    if (iv === null) {
      throw new TsparkError("INVALID_INTERVAL_FORMAT.INTERVAL_PARSING", {
        messageParameters: { interval: `'${interval}'` },
      });
    }
    if (iv.months !== 0) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: `Doesn't support month or year interval: ${interval}` },
      });
    }
    ms = Math.trunc((iv.days * 86_400_000_000 + iv.micros) / 1000);
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: {
        message: `requirement failed: the interval of trigger ${triggerName} should not be negative`,
      },
    });
  }
  return ms;
}

/**
 * The next batch start of a processing-time trigger after `now` (Spark's `nextBatchTime`): the
 * first multiple of `intervalMs` strictly after `now`.
 */
export function nextBatchTime(now: number, intervalMs: number): number {
  if (intervalMs === 0) return now;
  return (Math.floor(now / intervalMs) + 1) * intervalMs;
}

/** How Spark prints a trigger in explain and errors. */
export function triggerString(t: Trigger): string {
  switch (t.kind) {
    case "processingTime":
      return `ProcessingTimeTrigger(${t.intervalMs})`;
    case "once":
      return "OneTimeTrigger";
    case "availableNow":
      return "AvailableNowTrigger";
    case "continuous":
      return `ContinuousTrigger(${t.intervalMs})`;
  }
}
