/**
 * The timestamp form of streaming progress and listener events: epoch milliseconds printed in UTC
 * with the pattern `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` (Spark's ProgressReporter formatter).
 *
 *     formatProgressTimestamp(1480971260827) → "2016-12-05T20:54:20.827Z"
 */
import { floorDiv, localMicrosToFields } from "../../data/datetime.js";

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * `yyyy` as java.time prints it: the year of era, at least four digits, `+` in front beyond four
 * digits (years before 1 CE print their year of era, `1 - year`, with no era marker).
 */
function yearOfEra(year: number): string {
  const y = year > 0 ? year : 1 - year;
  return y > 9999 ? `+${y}` : pad(y, 4);
}

/** Epoch milliseconds as `2016-12-05T20:54:20.827Z` (UTC, millisecond precision). */
export function formatProgressTimestamp(millis: number): string {
  const secs = floorDiv(millis, 1000);
  const ms = millis - secs * 1000;
  const f = localMicrosToFields(secs * 1_000_000);
  return (
    `${yearOfEra(f.year)}-${pad(f.month, 2)}-${pad(f.day, 2)}T` +
    `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}.${pad(ms, 3)}Z`
  );
}
