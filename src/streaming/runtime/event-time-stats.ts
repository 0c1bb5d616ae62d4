/**
 * Event-time statistics of a batch (Spark's `EventTimeStats`, gathered by the watermark operator)
 * and the `eventTime` map of a progress built from them (Spark's ProgressReporter):
 *
 *     {"avg":"…","max":"…","min":"…","watermark":"…"}
 *
 * `max`/`min`/`avg` appear only when the batch had new rows with event times (`avg` truncated to a
 * whole millisecond); `watermark` appears iff the query has a watermark, and is the watermark the
 * batch used. Times are epoch milliseconds (a TIMESTAMP's microseconds divided by 1000, truncated).
 */
import { formatProgressTimestamp } from "./progress-timestamp.js";

/** Running max/min/mean/count of event times in ms. */
export class EventTimeStats {
  constructor(
    public max = Number.NEGATIVE_INFINITY,
    public min = Number.POSITIVE_INFINITY,
    public avg = 0,
    public count = 0,
  ) {}

  /** Adds one event time (epoch ms). */
  add(eventTimeMs: number): void {
    this.max = Math.max(this.max, eventTimeMs);
    this.min = Math.min(this.min, eventTimeMs);
    this.count += 1;
    this.avg += (eventTimeMs - this.avg) / this.count;
  }

  /** Merges another partition's statistics into this one (count-weighted mean). */
  merge(that: EventTimeStats): void {
    if (that.count === 0) return;
    if (this.count === 0) {
      this.max = that.max;
      this.min = that.min;
      this.avg = that.avg;
      this.count = that.count;
      return;
    }
    this.max = Math.max(this.max, that.max);
    this.min = Math.min(this.min, that.min);
    this.count += that.count;
    this.avg += ((that.avg - this.avg) * that.count) / this.count;
  }
}

/** A TIMESTAMP value (µs) as the event time in ms the statistics use (truncated toward zero). */
export function eventTimeMillis(micros: number): number {
  return Math.trunc(micros / 1000);
}

/**
 * The progress `eventTime` map: `stats` (null or empty when the trigger had no new data) gives
 * `max`, `min`, `avg`; `watermarkMs` (null when the query has no watermark) gives `watermark`.
 */
export function eventTimeMap(stats: EventTimeStats | null, watermarkMs: number | null): Map<string, string> {
  const m = new Map<string, string>();
  if (stats !== null && stats.count > 0) {
    m.set("max", formatProgressTimestamp(stats.max));
    m.set("min", formatProgressTimestamp(stats.min));
    m.set("avg", formatProgressTimestamp(Math.trunc(stats.avg)));
  }
  if (watermarkMs !== null) m.set("watermark", formatProgressTimestamp(watermarkMs));
  return m;
}
