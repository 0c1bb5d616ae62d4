/**
 * Internal value representation: how each Spark type's values live inside batches and expression
 * evaluation. Every operator, function kernel, cast and renderer relies on this table.
 *
 * | Spark type                    | internal value                                                       |
 * | ----------------------------- | -------------------------------------------------------------------- |
 * | any type, SQL NULL            | `null` (never `undefined`)                                           |
 * | boolean                       | `boolean`                                                            |
 * | byte, short, int              | `number` (an integer within the type's range)                        |
 * | long                          | `number` when it is a safe integer (abs ≤ 2^53 − 1), else `bigint`    |
 * |                               | (normalised by `normLong`: a bigint is never used for a safe value)  |
 * | float                         | `number` (rounded with `Math.fround`)                                |
 * | double                        | `number`                                                             |
 * | decimal(p, s)                 | `bigint`: the unscaled value (value × 10^s), exact                   |
 * | string                        | `string` (JS UTF-16; lengths count code points as Spark does)        |
 * | binary                        | `Uint8Array`                                                         |
 * | date                          | `number`: days since 1970-01-01                                      |
 * | timestamp, timestamp_ntz      | `number`: microseconds since the epoch (UTC for timestamp); must be  |
 * |                               | a safe integer (years ~1685–2255), otherwise `DATETIME_OVERFLOW`     |
 * | calendar_interval             | `CalendarInterval` { months, days, micros }                          |
 * | interval day … second         | a long (as `long` above): the duration in microseconds               |
 * | interval year … month         | `number`: an int of months                                           |
 * | array<T>                      | `unknown[]` of T's internal values                                   |
 * | map<K, V>                     | `MapValue`: parallel `keys` / `values` arrays, insertion order kept  |
 * | struct<…>                     | `unknown[]`: field values by position                                |
 *
 * User-facing values (collect, Row objects) are converted at the edges by `data/external.ts`.
 */

/** A map value: keys and values in parallel arrays, in insertion order, keys distinct. */
export class MapValue {
  constructor(
    readonly keys: unknown[],
    readonly values: unknown[],
  ) {}
  get size(): number {
    return this.keys.length;
  }
}

/** Spark's CalendarInterval. */
export interface CalendarInterval {
  readonly months: number;
  readonly days: number;
  readonly micros: number;
}

export const MAX_LONG = 9223372036854775807n;
export const MIN_LONG = -9223372036854775808n;

/** Normalises a long: a safe-integer bigint becomes a number. */
export function normLong(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Converts an internal long (`number | bigint`) to bigint. */
export function longToBigInt(v: number | bigint): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

/** True when a bigint fits in a signed 64-bit long. */
export function fitsLong(v: bigint): boolean {
  return v >= MIN_LONG && v <= MAX_LONG;
}

/** Wraps a bigint to signed 64 bits (Java long overflow semantics). */
export function wrapLong(v: bigint): number | bigint {
  return normLong(BigInt.asIntN(64, v));
}

/** Wraps a number to signed 32 bits (Java int overflow semantics). */
export function wrapInt(v: number): number {
  return v | 0;
}

/** Structural equality of two internal values of the same type (NaN equals NaN, as in Spark grouping). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a === "bigint" || typeof b === "bigint") {
    if (
      (typeof a === "bigint" || typeof a === "number") &&
      (typeof b === "bigint" || typeof b === "number")
    ) {
      return typeof a === typeof b ? a === b : false;
    }
    return false;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof MapValue && b instanceof MapValue) {
    return valuesEqual(a.keys, b.keys) && valuesEqual(a.values, b.values);
  }
  if (typeof a === "object" && typeof b === "object") {
    const x = a as CalendarInterval;
    const y = b as CalendarInterval;
    return x.months === y.months && x.days === y.days && x.micros === y.micros;
  }
  return false;
}
