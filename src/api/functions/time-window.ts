/**
 * PySpark's event-time window functions: `window`, `session_window` and `window_time`. They only
 * build unresolved calls; the Analyzer's time-window rewrite (analysis/resolve-time-windows.ts)
 * turns them into the `window` / `session_window` struct columns, checking the durations there.
 */
import type { Expression } from "../../expressions/expression.js";
import { Column, type ColumnOrName, fnExpr, litExpr, toExpr } from "./helpers.js";

/**
 * `window(timeColumn, windowDuration, slideDuration?, startTime?)`: buckets rows into tumbling
 * (no slide) or sliding time windows aligned to 1970-01-01 00:00:00 UTC plus `startTime`.
 * Durations are interval strings (`"10 minutes"`, `"1 second"`); months and years are not
 * allowed. The result is a struct column named `window` with `start` (inclusive) and `end`
 * (exclusive) of the time column's type; a null time yields no row, and a sliding window yields
 * one row per window the time falls in.
 */
export function window(
  timeColumn: ColumnOrName,
  windowDuration: string,
  slideDuration?: string | null,
  startTime?: string | null,
): Column {
  const args: Expression[] = [toExpr(timeColumn), litExpr(windowDuration)];
  if (slideDuration != null || startTime != null) args.push(litExpr(slideDuration ?? windowDuration));
  if (startTime != null) args.push(litExpr(startTime));
  return fnExpr("window", ...args);
}

/**
 * `session_window(timeColumn, gapDuration)`: a session window per event, `[time, time + gap)`,
 * which a `groupBy` merges with the overlapping or touching sessions of the same key. The gap is
 * an interval string or a Column evaluated per row (dynamic gap; rows whose gap is not a positive
 * interval are dropped). The result is a struct column named `session_window` (`start`, `end`).
 */
export function session_window(timeColumn: ColumnOrName, gapDuration: Column | string): Column {
  const gap = gapDuration instanceof Column ? gapDuration.expr : litExpr(gapDuration);
  return fnExpr("session_window", toExpr(timeColumn), gap);
}

/**
 * `window_time(windowColumn)`: the event time of a `window`/`session_window` column, its `end`
 * minus one microsecond (the last instant inside the window), usable as the time column of a
 * further windowed aggregation. It keeps the window column's watermark.
 */
export function window_time(windowColumn: ColumnOrName): Column {
  return fnExpr("window_time", toExpr(windowColumn));
}
