/**
 * `sum` and `avg` over ANSI intervals: sum keeps the input interval type and raises
 * ARITHMETIC_OVERFLOW past its range; avg divides the exact sum by the count rounding HALF_UP (as
 * Spark's DivideDTInterval/DivideYMInterval) and returns the default interval type of the family.
 * Buffers are exact bigints so partial merges never lose precision.
 */
import { TsparkError } from "../../common/errors.js";
import { normLong } from "../../data/values.js";
import { type DataType, DAY_TIME_INTERVAL, YEAR_MONTH_INTERVAL } from "../../types/data-type.js";
import type { BoundAggregate } from "../function-definition.js";

const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

function bounds(t: DataType): readonly [bigint, bigint] {
  return t.kind === "year_month_interval" ? [-2147483648n, 2147483647n] : [LONG_MIN, LONG_MAX];
}

function overflow(t: DataType, fn: string): TsparkError {
  return new TsparkError("ARITHMETIC_OVERFLOW", {
    messageParameters: {
      message: t.kind === "year_month_interval" ? "integer overflow" : "long overflow",
      alternative: ` Use '${fn}' to tolerate overflow and return NULL instead.`,
      config: '"spark.sql.ansi.enabled"',
    },
  });
}

function toValue(t: DataType, v: bigint): number | bigint {
  return t.kind === "year_month_interval" ? Number(v) : normLong(v);
}

// A try_sum/try_avg buffer that overflowed: it stays overflowed and the result is NULL.
const OVERFLOWED = "overflow";

/** `sum(interval)` (`try_sum` when `tryMode`: NULL on overflow), or undefined for other types. */
export function intervalSum(t: DataType, tryMode = false): BoundAggregate | undefined {
  if (t.kind !== "day_time_interval" && t.kind !== "year_month_interval") return undefined;
  const [lo, hi] = bounds(t);
  const add = (a: unknown, b: unknown): unknown => {
    if (a === OVERFLOWED || b === OVERFLOWED) return OVERFLOWED;
    const v = (a as bigint) + (b as bigint);
    if (v >= lo && v <= hi) return v;
    if (tryMode) return OVERFLOWED;
    throw overflow(t, "try_sum");
  };
  return {
    dataType: t,
    nullable: true,
    init: () => null,
    update: (buf, x) => add(buf === null ? 0n : buf, BigInt(x as number | bigint)),
    merge: (a, b) => (a === null ? b : b === null ? a : add(a, b)),
    finish: (buf) => (buf === null || buf === OVERFLOWED ? null : toValue(t, buf as bigint)),
  };
}

function divHalfUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  const rem = a % b;
  if (rem === 0n) return q;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  return twice >= b ? (a < 0n ? q - 1n : q + 1n) : q;
}

/** `avg(interval)` (`try_avg` when `tryMode`: NULL on overflow), or undefined for other types. */
export function intervalAvg(t: DataType, tryMode = false): BoundAggregate | undefined {
  if (t.kind !== "day_time_interval" && t.kind !== "year_month_interval") return undefined;
  const resultType = t.kind === "year_month_interval" ? YEAR_MONTH_INTERVAL : DAY_TIME_INTERVAL;
  const [lo, hi] = bounds(t);
  const check = (v: bigint): bigint | typeof OVERFLOWED => {
    if (v >= lo && v <= hi) return v;
    if (tryMode) return OVERFLOWED;
    throw overflow(t, "try_avg");
  };
  type Buf = [bigint | typeof OVERFLOWED, bigint];
  const plus = (a: bigint | typeof OVERFLOWED, b: bigint | typeof OVERFLOWED) =>
    a === OVERFLOWED || b === OVERFLOWED ? OVERFLOWED : check(a + b);
  return {
    dataType: resultType,
    nullable: true,
    init: (): Buf => [0n, 0n],
    update: (buf, x) => {
      const [s, c] = buf as Buf;
      return [plus(s, BigInt(x as number | bigint)), c + 1n];
    },
    merge: (a, b) => {
      const [s1, c1] = a as Buf;
      const [s2, c2] = b as Buf;
      return [plus(s1, s2), c1 + c2];
    },
    finish: (buf) => {
      const [s, c] = buf as Buf;
      return c === 0n || s === OVERFLOWED ? null : toValue(resultType, divHalfUp(s, c));
    },
  };
}
