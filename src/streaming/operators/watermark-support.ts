/**
 * Spark's WatermarkSupport for the stateful operators: which column of a row carries the event
 * time (the first attribute marked with `spark.watermarkDelayMs`, see plans/event-time.ts), and
 * the predicate "at or below the watermark" on it — `ts <= watermark` for a TIMESTAMP column,
 * `window.end <= watermark` for a window struct (so a row is late only once its whole window
 * closed). A NULL event time is never late and never evicted (the SQL predicate is NULL).
 */
import type { AttributeReference, Expression } from "../../expressions/expression.js";
import { watermarkDelayOf, windowEndOf } from "../../plans/event-time.js";
import { TsparkError } from "../../common/errors.js";

/** Where a row's event time is, and how to read it in µs. */
export interface EventTimeColumn {
  /** Ordinal among the attributes searched. */
  readonly ordinal: number;
  /** The event time (µs) of the column's value, or null. */
  readonly micros: (value: unknown) => number | null;
}

/**
 * The event-time column among `exprs` (a marked attribute), if any: the first one. Spark 3.5+
 * (`allowMultiple` false only in its compatibility mode) refuses two distinct ones
 * (_LEGACY_ERROR_TEMP_3077), e.g. both sides' event times after a join.
 */
export function findEventTimeColumn(
  exprs: readonly Expression[],
  allowMultiple = false,
): EventTimeColumn | undefined {
  const marked = exprs.filter(
    (e): e is AttributeReference => e.kind === "attribute" && watermarkDelayOf(e) !== undefined,
  );
  if (!allowMultiple && new Set(marked.map((a) => a.exprId)).size > 1) {
    throw new TsparkError("_LEGACY_ERROR_TEMP_3077", {
      messageParameters: { eventTimeCols: `(${marked.map((a) => `${a.name}#${a.exprId}`).join(",")})` },
    });
  }
  const ordinal = exprs.findIndex((e) => e.kind === "attribute" && watermarkDelayOf(e) !== undefined);
  if (ordinal < 0) return undefined;
  const isWindow = (exprs[ordinal] as AttributeReference).dataType.kind === "struct";
  return { ordinal, micros: (v) => eventTimeMicros(v, isWindow) };
}

/**
 * The event time (µs) of an event-time column's value: a window struct's `end` (Spark reads the
 * struct's second field), else the timestamp itself; null for NULL.
 */
export function eventTimeMicros(value: unknown, isWindow: boolean): number | null {
  const t = isWindow ? windowEndOf(value) : value;
  return t === null || t === undefined ? null : Number(t);
}

/** Whether an event time (µs, or null) is at or below a watermark (ms). */
export function atOrBelowWatermark(micros: number | null, watermarkMs: number): boolean {
  return micros !== null && micros <= watermarkMs * 1000;
}
