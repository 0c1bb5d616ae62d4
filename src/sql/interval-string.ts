/**
 * Spark's `IntervalUtils.fromIntervalString`: the interval strings of the DataFrame API
 * (`withWatermark(col, "10 seconds")`, `window(ts, "5 minutes")`): a unit list (`"1 day 2 hours"`,
 * `"10 seconds"`) or, when the text starts with `interval`, any SQL interval literal
 * (`"interval '1 2:3:4' day to second"`, `"interval '1-2' year to month"`). Anything else fails
 * with CANNOT_PARSE_INTERVAL naming the text.
 */
import { TsparkError } from "../common/errors.js";
import type { CalendarInterval } from "../data/values.js";
import { parseIntervalString } from "./literals.js";
import { parseExpression } from "./parser.js";

const MICROS_PER_DAY = 86_400_000_000;

export function fromIntervalString(text: string): CalendarInterval {
  const fail = (cause?: unknown): TsparkError =>
    new TsparkError("CANNOT_PARSE_INTERVAL", { messageParameters: { intervalString: `'${text}'` }, cause });
  if (text.trim().toLowerCase().startsWith("interval")) {
    let e: ReturnType<typeof parseExpression>;
    try {
      e = parseExpression(text);
    } catch (err) {
      throw fail(err);
    }
    if (e.kind === "literal" && e.value !== null) {
      if (e.dataType.kind === "year_month_interval") return { months: Number(e.value), days: 0, micros: 0 };
      if (e.dataType.kind === "day_time_interval") return { months: 0, days: 0, micros: Number(e.value) };
      if (e.dataType.kind === "calendar_interval") return e.value as CalendarInterval;
    }
    throw fail();
  }
  const iv = parseIntervalString(text);
  if (iv === null) throw fail();
  return iv;
}

/** An interval's length in microseconds, a month counting as 31 days (Spark's `getDuration`). */
export function intervalDurationMicros(iv: CalendarInterval): number {
  return iv.months * 31 * MICROS_PER_DAY + iv.days * MICROS_PER_DAY + iv.micros;
}
