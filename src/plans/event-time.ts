/**
 * Event-time metadata (Spark's `EventTimeWatermark.delayKey`): `withWatermark(col, delay)` marks
 * its event-time attribute with the column metadata `spark.watermarkDelayMs` = the delay in
 * milliseconds; every operator that needs "the" event-time column of its input (the late-row
 * filter and eviction of stateful operators, the window functions, the join's state cleanup)
 * finds it through this key. See docs/architecture.md "Event time".
 */
import type { AttributeReference, Expression } from "../expressions/expression.js";
import type { JsonValue } from "../types/data-type.js";

/** The column-metadata key of a watermarked event-time attribute. */
export const WATERMARK_DELAY_KEY = "spark.watermarkDelayMs";

/** The watermark delay (ms) an attribute carries, or undefined when it is not an event-time column. */
export function watermarkDelayOf(attr: {
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}): number | undefined {
  const v = attr.metadata?.[WATERMARK_DELAY_KEY];
  return typeof v === "number" ? v : undefined;
}

/**
 * tspark's column-metadata key (opt-in, `withWatermark(col, delay, { lateRows: "view" })`): the
 * temp view that receives the input rows a stateful operator drops as late. It rides on the
 * event-time attribute next to `spark.watermarkDelayMs` (and so on a `window(...)` built from it);
 * a stateful operator reads it with `lateRowsViewOf` on its event-time column.
 */
export const LATE_ROWS_KEY = "tspark.lateRows";

/** The late-rows view an event-time attribute routes to, or undefined (late rows are dropped). */
export function lateRowsViewOf(attr: {
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}): string | undefined {
  const v = attr.metadata?.[LATE_ROWS_KEY];
  return typeof v === "string" ? v : undefined;
}

/** `attr` marked as the event-time column with `delayMs` (and the late-rows view, when given). */
export function withWatermarkDelay(
  attr: AttributeReference,
  delayMs: number,
  lateRows?: string,
): AttributeReference {
  const { [LATE_ROWS_KEY]: _old, ...base } = attr.metadata ?? {};
  return {
    ...attr,
    metadata: {
      ...base,
      [WATERMARK_DELAY_KEY]: delayMs,
      ...(lateRows === undefined ? {} : { [LATE_ROWS_KEY]: lateRows }),
    },
  };
}

/** `attr` without the event-time mark and late-rows view (unchanged when it has none). */
export function withoutWatermarkDelay(attr: AttributeReference): AttributeReference {
  if (
    attr.metadata === undefined ||
    !(WATERMARK_DELAY_KEY in attr.metadata || LATE_ROWS_KEY in attr.metadata)
  )
    return attr;
  const { [WATERMARK_DELAY_KEY]: _dropped, [LATE_ROWS_KEY]: _late, ...rest } = attr.metadata;
  if (Object.keys(rest).length === 0) {
    const { metadata: _m, ...plain } = attr;
    return plain;
  }
  return { ...attr, metadata: rest };
}

/**
 * The column-metadata key (value `true`) marking a `window(...)` struct column (Spark's
 * `TimeWindow.marker`); set by the analyzer's time-window rewrite, kept by aliases.
 */
export const TIME_WINDOW_MARKER = "spark.timeWindow";

/**
 * The column-metadata key (value `true`) marking a `session_window(...)` struct column (Spark's
 * `SessionWindow.marker`); a grouping key carrying it makes the aggregation merge sessions.
 */
export const SESSION_WINDOW_MARKER = "spark.sessionWindow";

/** Which window function produced an attribute: `time` (window), `session` (session_window). */
export type WindowColumnKind = "time" | "session";

/**
 * The kind of window struct `attr` is (a `window(...)` or `session_window(...)` column, aliased
 * or not), or undefined for any other column. Pure; callers are the window_time rewrite, the
 * session-merging aggregation and the streaming operators.
 */
export function windowColumnKindOf(attr: {
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}): WindowColumnKind | undefined {
  if (attr.metadata?.[TIME_WINDOW_MARKER] === true) return "time";
  if (attr.metadata?.[SESSION_WINDOW_MARKER] === true) return "session";
  return undefined;
}

/**
 * An event-time window key: a `window`/`session_window` struct attribute built from a watermarked
 * event-time column. Its value is the struct `[start, end]` (microseconds; end exclusive), and
 * `end` is what a stateful operator compares with the watermark (a window is complete, and its
 * state evictable, once `end <= watermark`, as Spark's `watermarkExpression` does for a window).
 */
export interface EventTimeWindowKey {
  readonly kind: WindowColumnKind;
  /** The watermark delay (ms) carried over from the time column. */
  readonly delayMs: number;
}

/**
 * Whether `attr` is a window struct with watermark metadata (see `EventTimeWindowKey`); undefined
 * for a plain event-time column (use `watermarkDelayOf`) and for columns without a watermark.
 * Used by stateful operators to pick "the" event-time key of their grouping attributes.
 */
export function eventTimeWindowKeyOf(attr: {
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}): EventTimeWindowKey | undefined {
  const kind = windowColumnKindOf(attr);
  const delayMs = watermarkDelayOf(attr);
  return kind === undefined || delayMs === undefined ? undefined : { kind, delayMs };
}

/**
 * The `end` of a window struct value in microseconds (the eviction time of an event-time window
 * key), or null for a null struct or end. `value` is the internal struct value `[start, end]`.
 */
export function windowEndOf(value: unknown): number | null {
  if (!Array.isArray(value)) return null;
  const end: unknown = value[1];
  return typeof end === "number" ? end : null;
}

/**
 * The event time (microseconds) a stateful operator compares with the watermark for a key or
 * input attribute (Spark's `watermarkExpression`): `attr.end` for a window / session window
 * struct, `attr` itself for a plain event-time column, undefined when `attr` has no watermark.
 * Evaluate it on the attribute's rows (bind it like any expression over the operator's input).
 */
export function eventTimeExpressionOf(attr: AttributeReference): Expression | undefined {
  if (watermarkDelayOf(attr) === undefined) return undefined;
  if (windowColumnKindOf(attr) === undefined) return attr;
  return { kind: "get_struct_field", child: attr, ordinal: 1, name: "end" };
}

/** The metadata of a window-derived column without the window markers (`window_time(w)`). */
export function withoutWindowMarkers(
  metadata: Readonly<Record<string, JsonValue>> | undefined,
): Readonly<Record<string, JsonValue>> | undefined {
  if (metadata === undefined) return undefined;
  const { [TIME_WINDOW_MARKER]: _t, [SESSION_WINDOW_MARKER]: _s, ...rest } = metadata;
  return Object.keys(rest).length === 0 ? undefined : rest;
}
