/**
 * Event-time metadata (Spark's `EventTimeWatermark.delayKey`): `withWatermark(col, delay)` marks
 * its event-time attribute with the column metadata `spark.watermarkDelayMs` = the delay in
 * milliseconds; every operator that needs "the" event-time column of its input (the late-row
 * filter and eviction of stateful operators, the window functions, the join's state cleanup)
 * finds it through this key. See docs/architecture.md "Event time".
 */
import type { AttributeReference } from "../expressions/expression.js";
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

/** `attr` marked as the event-time column with `delayMs`. */
export function withWatermarkDelay(attr: AttributeReference, delayMs: number): AttributeReference {
  return { ...attr, metadata: { ...(attr.metadata ?? {}), [WATERMARK_DELAY_KEY]: delayMs } };
}

/** `attr` without the event-time mark (unchanged when it has none). */
export function withoutWatermarkDelay(attr: AttributeReference): AttributeReference {
  if (attr.metadata === undefined || !(WATERMARK_DELAY_KEY in attr.metadata)) return attr;
  const { [WATERMARK_DELAY_KEY]: _dropped, ...rest } = attr.metadata;
  if (Object.keys(rest).length === 0) {
    const { metadata: _m, ...plain } = attr;
    return plain;
  }
  return { ...attr, metadata: rest };
}
