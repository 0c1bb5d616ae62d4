/**
 * `+ - * /` where an operand is an interval or both are datetimes (Spark's
 * BinaryArithmeticWithDatetimeResolver), resolved before numeric arithmetic:
 *
 * | operands                              | result                                  | shown as          |
 * | ------------------------------------- | --------------------------------------- | ----------------- |
 * | day-time ± day-time, y-m ± y-m        | the interval, fields widened            | `(a + b)`         |
 * | timestamp[_ntz] ± day-time            | the timestamp type                      | `a + b`           |
 * | timestamp[_ntz] ± year-month          | the timestamp type (months in the zone) | `a + b`           |
 * | date ± INTERVAL DAY                   | date (date_add)                         | `date_add(…)`     |
 * | date ± other day-time                 | timestamp                               | `a + b`           |
 * | date ± year-month                     | date (months clamped to month end)      | `a + b`           |
 * | date − date                           | INTERVAL DAY                            | `(a - b)`         |
 * | timestamp/date/string − timestamp     | INTERVAL DAY TO SECOND                  | `(a - b)`         |
 * | interval × numeric, interval ÷ numeric| INTERVAL DAY TO SECOND / YEAR TO MONTH  | `(iv * n)`        |
 * | interval div interval (one family)    | BIGINT                                  | `(a div b)`       |
 * | calendar ± calendar interval          | calendar interval (legacy intervals)    | `(a + b)`         |
 * | timestamp/date ± calendar interval    | the datetime type (legacy intervals)    | `a + b`           |
 *
 * `interval + datetime` is shown with the datetime first, as Spark rewrites it.
 */
import { TsparkError } from "../../common/errors.js";
import {
  checkDays,
  checkMicros,
  daysToMicros,
  floorDiv,
  localToUtcMicros,
  formatTimestamp,
  MICROS_PER_DAY,
  parseTimestamp,
  utcToLocalMicros,
} from "../../data/datetime.js";
import type { CalendarInterval } from "../../data/values.js";
import { fitsLong, normLong } from "../../data/values.js";
import {
  DATE,
  DAY_TIME_INTERVAL,
  type DataType,
  DayTimeIntervalType,
  DOUBLE,
  isNumeric,
  LONG,
  STRING,
  TIMESTAMP,
  YEAR_MONTH_INTERVAL,
} from "../../types/data-type.js";
import { findTightestCommonType } from "../../types/coercion.js";
import type { BindArg, BindContext, BoundScalar } from "../function-definition.js";
import { addMonthsToDays } from "./date-arithmetic.js";
import { unexpectedInputType } from "../errors.js";
import { castInvalid, sessionZone } from "./helpers.js";

type Op = "+" | "-" | "*" | "/" | "div";

const isDT = (t: DataType) => t.kind === "day_time_interval";
const isYM = (t: DataType) => t.kind === "year_month_interval";
const isAnsiIv = (t: DataType) => isDT(t) || isYM(t);
const isIv = (t: DataType) => isAnsiIv(t) || t.kind === "calendar_interval";
const isTs = (t: DataType) => t.kind === "timestamp" || t.kind === "timestamp_ntz";
const isDatetime = (t: DataType) => isTs(t) || t.kind === "date";
const isLoose = (t: DataType) => t.kind === "string" || t.kind === "null";

const isDTorCal = (t: DataType) => isDT(t) || t.kind === "calendar_interval";

/**
 * Which operand (0 or 1) is a string read as a TIMESTAMP when the other is a day-time or calendar
 * interval (`str ± interval`, `interval + str`), or -1. Spark adds the interval to the string cast
 * to TIMESTAMP and casts the sum back to STRING (interval.sql.out).
 */
function stringDayTimeSide(op: string, l: DataType, r: DataType): number {
  if (op !== "+" && op !== "-") return -1;
  if (l.kind === "string" && isDTorCal(r)) return 0;
  if (op === "+" && r.kind === "string" && isDTorCal(l)) return 1;
  return -1;
}

/**
 * The operand types for an interval/datetime operation, or undefined when the operands are not
 * one (numeric arithmetic then applies). `undefined` entries keep the operand's type.
 */
export function intervalArithmeticInputTypes(
  op: string,
  l: DataType,
  r: DataType,
  ansi = true,
): readonly (DataType | undefined)[] | undefined {
  if (op === "+" || op === "-") {
    // NULL next to an ANSI interval takes the interval's type.
    if (l.kind === "null" && isAnsiIv(r)) return [r, undefined];
    if (isAnsiIv(l) && r.kind === "null") return [undefined, l];
    if (stringDayTimeSide(op, l, r) >= 0) return [undefined, undefined];
    if (l.kind === "calendar_interval" && r.kind === "calendar_interval") return [undefined, undefined];
    if (isAnsiIv(l) && isAnsiIv(r)) {
      const w = findTightestCommonType(l, r);
      return w === undefined ? undefined : [w, w];
    }
    if (isDatetime(l) && isIv(r)) return [undefined, undefined];
    if (op === "+" && isIv(l) && isDatetime(r)) return [undefined, undefined];
    if (
      op === "-" &&
      !(l.kind === "date" && r.kind === "null") &&
      (isDatetime(l) || isDatetime(r)) &&
      (isDatetime(l) || isLoose(l)) &&
      (isDatetime(r) || isLoose(r))
    ) {
      // Without ANSI a string is not read as a datetime here: bind rejects it (nonansi/date.sql.out).
      // (`'str' - date` still casts: SubtractDates takes implicit casts.)
      if (!ansi && (r.kind === "string" || (l.kind === "string" && r.kind !== "date"))) {
        return [undefined, undefined];
      }
      if ((l.kind === "date" || isLoose(l)) && (r.kind === "date" || isLoose(r))) return [DATE, DATE];
      if (l.kind === "timestamp_ntz" && r.kind === "timestamp_ntz") return [undefined, undefined];
      return [TIMESTAMP, TIMESTAMP];
    }
    return undefined;
  }
  if (op === "div" && isAnsiIv(l) && isAnsiIv(r)) {
    const w = findTightestCommonType(l, r);
    return w === undefined ? undefined : [w, w];
  }
  if (op === "*" || op === "/") {
    const factor = (t: DataType) => (t.kind === "string" ? DOUBLE : undefined);
    if (isAnsiIv(l) && (isNumeric(r) || isLoose(r))) return [undefined, factor(r)];
    if (op === "*" && isAnsiIv(r) && (isNumeric(l) || isLoose(l))) return [factor(l), undefined];
  }
  return undefined;
}

/** `a - b` of two safe-integer micros as a long (a bigint past 2^53). */
function exactDiff(a: number, b: number): number | bigint {
  const r = a - b;
  return Number.isSafeInteger(r) ? r + 0 : normLong(BigInt(a) - BigInt(b));
}

function overflow(message: string): TsparkError {
  return new TsparkError("ARITHMETIC_OVERFLOW", {
    messageParameters: { message, alternative: "", config: '"spark.sql.ansi.enabled"' },
  });
}

function big(v: unknown): bigint {
  return typeof v === "bigint" ? v : BigInt(v as number);
}

/**
 * Spark 4's INTERVAL_ARITHMETIC_OVERFLOW (interval.sql.out): with the try_ function to suggest for
 * +, - and /, without one for negation.
 */
function intervalOverflow(tryFn: string | null): TsparkError {
  return tryFn === null
    ? new TsparkError("INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION", { messageParameters: {} })
    : new TsparkError("INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION", {
        messageParameters: { functionName: `\`${tryFn}\`` },
      });
}

function longExact(v: bigint, tryFn?: string | null): number | bigint {
  if (!fitsLong(v)) throw tryFn === undefined ? overflow("long overflow") : intervalOverflow(tryFn);
  return normLong(v);
}

function intExact(v: number, tryFn?: string | null): number {
  if (v > 2147483647 || v < -2147483648) {
    throw tryFn === undefined ? overflow("integer overflow") : intervalOverflow(tryFn);
  }
  return v + 0;
}

/** Division rounding HALF_UP (Guava's LongMath.divide with HALF_UP), on bigints. */
function divHalfUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  const rem = a % b;
  if (rem === 0n) return q;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  const absB = b < 0n ? -b : b;
  if (twice >= absB) return a < 0n !== b < 0n ? q - 1n : q + 1n;
  return q;
}

/** Java's Math.round on a double (half rounds toward positive infinity). */
function javaRound(x: number): number {
  return Math.floor(x + 0.5);
}

/** Timestamp micros plus months in `zone` (null zone: wall clock as is), as java.time does. */
function addMonthsToMicros(
  micros: number,
  months: number,
  zone: ReturnType<typeof sessionZone> | null,
): number {
  const local = zone ? utcToLocalMicros(micros, zone) : micros;
  const days = floorDiv(local, MICROS_PER_DAY);
  const time = local - days * MICROS_PER_DAY;
  const shifted = addMonthsToDays(days, months) * MICROS_PER_DAY + time;
  return zone ? localToUtcMicros(shifted, zone) : checkMicros(shifted);
}

/**
 * Spark's timestampAddDayTime: the whole days of the interval move the local date in `zone` (a DST
 * day keeps its wall-clock time), the rest is added as elapsed time.
 */
function addDayTimeInZone(micros: number, dayTime: number, zone: ReturnType<typeof sessionZone>): number {
  const days = Math.trunc(dayTime / MICROS_PER_DAY);
  const rest = dayTime - days * MICROS_PER_DAY;
  let out = micros;
  if (days !== 0)
    out = localToUtcMicros(checkMicros(utcToLocalMicros(micros, zone) + days * MICROS_PER_DAY), zone);
  return checkMicros(out + rest);
}

function negateIv(t: DataType): (v: unknown) => unknown {
  if (isYM(t)) return (v) => intExact(-(v as number), null);
  if (isDT(t)) return (v) => longExact(-big(v), null);
  return (v) => {
    const c = v as CalendarInterval;
    return { months: intExact(-c.months), days: intExact(-c.days), micros: -c.micros + 0 };
  };
}

/**
 * Binds an interval/datetime operation whose operand types `intervalArithmeticInputTypes` fixed;
 * undefined when the operands are not such a pair.
 */
export function bindIntervalArithmetic(
  op: Op,
  args: readonly BindArg[],
  ctx: BindContext,
): BoundScalar | undefined {
  const l = args[0]!.dataType;
  const r = args[1]!.dataType;
  const nullable = args[0]!.nullable || args[1]!.nullable;
  const infix = (a: readonly string[]) => `(${a[0]} ${op} ${a[1]})`;
  if (op === "-" && (isDatetime(l) || isDatetime(r)) && (l.kind === "string" || r.kind === "string")) {
    // Non-ANSI `date - 'str'` is date_sub with a DOUBLE count; `ts - 'str'` is a timestamp
    // difference with a STRING operand; both are rejected (nonansi/date.sql.out, timestamp.sql.out).
    const i = l.kind === "string" ? 0 : 1;
    const arg = args[i]!;
    if (l.kind === "date" && i === 1) {
      throw unexpectedInputType(
        `date_sub(${args[0]!.sql}, ${arg.sql})`,
        1,
        '("INT" or "SMALLINT" or "TINYINT")',
        {
          ...arg,
          dataType: DOUBLE,
        },
      );
    }
    throw unexpectedInputType(
      infix(args.map((a) => a.sql)),
      i,
      '"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)"',
      arg,
    );
  }
  const strSide = stringDayTimeSide(op, l, r);
  if (strSide >= 0) {
    const inner = bindIntervalArithmetic(
      op,
      args.map((a, i) => (i === strSide ? { ...a, dataType: TIMESTAMP } : a)),
      ctx,
    );
    if (inner === undefined) return undefined;
    const k = inner.eval;
    const zone = sessionZone(ctx);
    const ansi = ctx.ansi;
    const read = (v: unknown): number | null => {
      const t = parseTimestamp(v as string, zone, ctx.currentTimeMicros);
      if (t === null && ansi) throw castInvalid(v as string, "TIMESTAMP");
      return t;
    };
    return {
      dataType: STRING,
      nullable: true,
      eval: (a, b) => {
        const x = strSide === 0 ? read(a) : a;
        const y = strSide === 1 ? read(b) : b;
        if (x === null || y === null) return null;
        return formatTimestamp(k(x, y) as number, zone);
      },
      // Spark names this without parentheses (nonansi/interval.sql.out).
      display: (a) => `${a[0]} ${op} ${a[1]}`,
    };
  }
  if (op === "+" || op === "-") {
    if (l.kind === "calendar_interval" && r.kind === "calendar_interval") {
      const sign = op === "-" ? -1 : 1;
      return {
        dataType: l,
        nullable,
        eval: (a, b) => {
          const x = a as CalendarInterval;
          const y = b as CalendarInterval;
          const micros = x.micros + sign * y.micros;
          if (!Number.isSafeInteger(micros)) throw overflow("long overflow");
          return {
            months: intExact(x.months + sign * y.months),
            days: intExact(x.days + sign * y.days),
            micros,
          };
        },
        display: infix,
      };
    }
    if (isDT(l) && isDT(r)) {
      const sub = op === "-";
      return {
        dataType: l,
        nullable,
        eval: (a, b) => {
          if (typeof a === "number" && typeof b === "number") {
            const s = sub ? a - b : a + b;
            if (Number.isSafeInteger(s)) return s + 0;
          }
          return longExact(sub ? big(a) - big(b) : big(a) + big(b), sub ? "try_subtract" : "try_add");
        },
        display: infix,
      };
    }
    if (isYM(l) && isYM(r)) {
      const sub = op === "-";
      return {
        dataType: l,
        nullable,
        eval: (a, b) =>
          intExact(
            sub ? (a as number) - (b as number) : (a as number) + (b as number),
            sub ? "try_subtract" : "try_add",
          ),
        display: infix,
      };
    }
    // datetime ± interval (interval + datetime is swapped so the datetime comes first).
    const swapped = op === "+" && isIv(l) && isDatetime(r);
    if ((isDatetime(l) && isIv(r)) || swapped) {
      const dt = swapped ? r : l;
      const iv = swapped ? l : r;
      const neg = op === "-" ? negateIv(iv) : (v: unknown) => v;
      const core = datetimePlusInterval(dt, iv, ctx);
      const eval_ = swapped
        ? (a: unknown, b: unknown) => core.eval(b, a)
        : (a: unknown, b: unknown) => core.eval(a, neg(b));
      const show = (a: readonly string[]) => {
        const [x, y] = swapped ? [a[1]!, a[0]!] : [a[0]!, a[1]!];
        if (core.dateAdd)
          return op === "+"
            ? `date_add(${x}, extractansiintervaldays(${y}))`
            : `date_add(${x}, (- extractansiintervaldays(${y})))`;
        return `${x} ${op} ${y}`;
      };
      return { dataType: core.type, nullable, eval: eval_, display: show };
    }
    if (op === "-" && l.kind === "date" && r.kind === "date") {
      return {
        dataType: new DayTimeIntervalType(0, 0),
        nullable,
        eval: (a, b) => {
          const r = ((a as number) - (b as number)) * MICROS_PER_DAY;
          return Number.isSafeInteger(r)
            ? r + 0
            : normLong(BigInt((a as number) - (b as number)) * 86_400_000_000n);
        },
        display: infix,
      };
    }
    if (op === "-" && isTs(l) && isTs(r)) {
      // Spark subtracts the local date-times in the session zone (a DST day lasts 23 or 25 hours
      // in elapsed time but 24 in wall-clock time).
      const zone = l.kind === "timestamp" ? sessionZone(ctx) : null;
      const eval_: (a: unknown, b: unknown) => unknown =
        zone === null || zone.fixedOffsetSeconds !== undefined
          ? (a, b) => exactDiff(a as number, b as number)
          : (a, b) => exactDiff(utcToLocalMicros(a as number, zone), utcToLocalMicros(b as number, zone));
      return { dataType: DAY_TIME_INTERVAL, nullable, eval: eval_, display: infix };
    }
    return undefined;
  }
  if (op === "div") {
    // IntegralDivide on two intervals of one family: how many times b fits in a, toward zero.
    if (!(isAnsiIv(l) && l.kind === r.kind)) return undefined;
    const ansi = ctx.ansi;
    return {
      dataType: LONG,
      nullable: nullable || !ansi,
      eval: (a, b) => {
        const y = big(b);
        if (y === 0n) {
          if (ansi)
            throw new TsparkError("DIVIDE_BY_ZERO", {
              messageParameters: { config: '"spark.sql.ansi.enabled"' },
            });
          return null;
        }
        return longExact(big(a) / y);
      },
      display: infix,
    };
  }
  // interval * n, n * interval, interval / n: shown with the interval first.
  const ivLeft = isAnsiIv(l);
  const iv = ivLeft ? l : r;
  const num = ivLeft ? r : l;
  if (!isAnsiIv(iv) || !(isNumeric(num) || num.kind === "null")) return undefined;
  if (op === "/" && !ivLeft) return undefined;
  const k = scaleKernel(op, iv, num);
  const show = (a: readonly string[]) => (ivLeft ? `(${a[0]} ${op} ${a[1]})` : `(${a[1]} ${op} ${a[0]})`);
  return {
    dataType: isYM(iv) ? YEAR_MONTH_INTERVAL : DAY_TIME_INTERVAL,
    nullable,
    eval: ivLeft ? k : (a, b) => k(b, a),
    display: show,
  };
}

/** The kernel of `datetime + interval` (interval already negated for `-`). */
function datetimePlusInterval(
  dt: DataType,
  iv: DataType,
  ctx: BindContext,
): { type: DataType; eval: (d: unknown, i: unknown) => unknown; dateAdd?: boolean } {
  const zone = dt.kind === "timestamp_ntz" ? null : sessionZone(ctx);
  if (dt.kind === "date") {
    if (isYM(iv)) return { type: DATE, eval: (d, m) => addMonthsToDays(d as number, m as number) };
    if (iv instanceof DayTimeIntervalType && iv.startField === 0 && iv.endField === 0) {
      return {
        type: DATE,
        dateAdd: true,
        eval: (d, us) => checkDays((d as number) + Number(big(us) / 86_400_000_000n), "date_add"),
      };
    }
    if (isDT(iv)) {
      const z = sessionZone(ctx);
      return {
        type: TIMESTAMP,
        eval: (d, us) => addDayTimeInZone(daysToMicros(d as number, z), Number(us), z),
      };
    }
    // Legacy calendar interval on a date: months then days (the time part must be zero in Spark).
    return {
      type: DATE,
      eval: (d, c) => {
        const ci = c as CalendarInterval;
        return checkDays(
          addMonthsToDays(d as number, ci.months) + ci.days + Math.trunc(ci.micros / MICROS_PER_DAY),
        );
      },
    };
  }
  if (isYM(iv)) return { type: dt, eval: (t, m) => addMonthsToMicros(t as number, m as number, zone) };
  if (isDT(iv)) {
    if (zone === null || zone.fixedOffsetSeconds !== undefined)
      return { type: dt, eval: (t, us) => checkMicros((t as number) + Number(us)) };
    return { type: dt, eval: (t, us) => addDayTimeInZone(t as number, Number(us), zone) };
  }
  return {
    type: dt,
    eval: (t, c) => {
      const ci = c as CalendarInterval;
      let out = t as number;
      if (ci.months !== 0) out = addMonthsToMicros(out, ci.months, zone);
      if (ci.days !== 0) {
        const local = zone ? utcToLocalMicros(out, zone) : out;
        const moved = local + ci.days * MICROS_PER_DAY;
        out = zone ? localToUtcMicros(moved, zone) : moved;
      }
      return checkMicros(out + ci.micros);
    },
  };
}

function intervalDividedByZero(): TsparkError {
  return new TsparkError("INTERVAL_DIVIDED_BY_ZERO", { messageParameters: {} });
}

/** `interval * n` / `interval / n` with Spark's rounding: exact for integrals, HALF_UP for decimals, Math.round for doubles. */
function scaleKernel(op: "*" | "/", iv: DataType, num: DataType): (a: unknown, b: unknown) => unknown {
  const ym = isYM(iv);
  const tryFn = op === "/" ? "try_divide" : undefined;
  const finish = ym ? (v: bigint) => intExact(Number(v), tryFn) : (v: bigint) => longExact(v, tryFn);
  if (num.kind === "decimal") {
    const scale = 10n ** BigInt(num.scale);
    return (a, b) => {
      const x = big(a);
      const n = b as bigint;
      if (op === "*") return finish(divHalfUp(x * n, scale));
      if (n === 0n) throw intervalDividedByZero();
      return finish(divHalfUp(x * scale, n));
    };
  }
  if (num.kind === "float" || num.kind === "double") {
    return (a, b) => {
      const x = Number(a);
      const n = b as number;
      if (op === "/" && n === 0) throw intervalDividedByZero();
      const v = op === "*" ? x * n : x / n;
      if (!Number.isFinite(v)) throw overflow(ym ? "integer overflow" : "long overflow");
      return finish(BigInt(javaRound(v)));
    };
  }
  return (a, b) => {
    if (b === null) return null;
    const x = big(a);
    const n = big(b);
    if (op === "*") return finish(x * n);
    if (n === 0n) throw intervalDividedByZero();
    return finish(divHalfUp(x, n));
  };
}

/** `-interval` / `abs(interval)` for the ANSI interval types, with overflow checks. */
export function intervalNegateKernel(t: DataType, abs: boolean): ((v: unknown) => unknown) | undefined {
  const tryFn = abs ? undefined : null;
  if (isYM(t)) return (v) => (abs && (v as number) >= 0 ? v : intExact(-(v as number), tryFn));
  if (isDT(t)) return (v) => (abs && big(v) >= 0n ? v : longExact(-big(v), tryFn));
  if (t.kind === "calendar_interval" && !abs) return negateIv(t);
  return undefined;
}
