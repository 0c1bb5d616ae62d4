/**
 * The per-source rates of a streaming progress, as Spark's ProgressReporter computes them.
 *
 * - `inputRowsPerSecond = rows / ((thisTriggerStart − previousTriggerStart) / 1000)`; with no
 *   previous trigger the interval is infinite, so the rate is 0; a zero interval gives Infinity
 *   (NaN for 0 rows), which the JSON leaves out.
 * - `processedRowsPerSecond = rows / (max(triggerDurationMs, 1) / 1000)`.
 *
 *     inputRowsPerSecond(10, 2000, 1000) → 10     processedRowsPerSecond(2, 0) → 2000
 */

/**
 * Arrival rate of `numInputRows` between the previous trigger's start and this one's (epoch ms);
 * `previousTriggerStartMs` is null (or negative, Spark's unset -1) for the first trigger of a run.
 */
export function inputRowsPerSecond(
  numInputRows: number,
  currentTriggerStartMs: number,
  previousTriggerStartMs: number | null,
): number {
  const seconds =
    previousTriggerStartMs !== null && previousTriggerStartMs >= 0
      ? (currentTriggerStartMs - previousTriggerStartMs) / 1000
      : Number.POSITIVE_INFINITY;
  return numInputRows / seconds;
}

/** Processing rate of `numInputRows` over a trigger that took `processingTimeMs` (at least 1 ms counted). */
export function processedRowsPerSecond(numInputRows: number, processingTimeMs: number): number {
  return numInputRows / (Math.max(1, processingTimeMs) / 1000);
}
