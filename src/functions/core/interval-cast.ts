/**
 * CASTs to and from the ANSI interval types (Spark 4): STRING ⇄ interval (the bare body such as
 * `1 02:03:04` or the full `INTERVAL '…' DAY TO SECOND` form), interval → interval of the same
 * family (dropping the fields below the target's end field), and integral or decimal numbers ⇄
 * single-field intervals (`CAST(3 AS INTERVAL HOUR)`, `CAST(INTERVAL '3' HOUR AS INT)`,
 * `CAST(INTERVAL '1.5' SECOND AS DECIMAL(10, 6))`).
 */
import { TsparkError } from "../../common/errors.js";
import {
  castStringToDayTime,
  castStringToYearMonth,
  MICROS_PER_FIELD,
  truncateDayTime,
} from "../../data/interval.js";
import { rescale, toPrecision } from "../../data/decimal.js";
import { decimalToPlainString } from "../../data/render.js";
import { fitsLong, normLong } from "../../data/values.js";
import { type DataType, isAnsiInterval, isIntegral } from "../../types/data-type.js";

const INTEGRAL_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

/** True when Spark allows `CAST(from AS to)` with an ANSI interval on either side (both modes). */
export function canCastInterval(from: DataType, to: DataType): boolean {
  // Spark 4 casts numbers to and from multi-field intervals too, in units of the end field
  // (cast.sql.out: CAST(INTERVAL '-10-2' YEAR TO MONTH AS SMALLINT) is -122).
  if (isAnsiInterval(to)) {
    if (from.kind === "string" || from.kind === to.kind) return true;
    return isIntegral(from) || from.kind === "decimal";
  }
  if (isAnsiInterval(from)) return isIntegral(to) || to.kind === "decimal";
  return false;
}

function unmatched(input: string, to: DataType): TsparkError {
  const dt = to.kind === "day_time_interval";
  return new TsparkError("INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING", {
    messageParameters: {
      intervalStr: dt ? "day-time" : "year-month",
      supportedFormat: `\`${to.sql().replace(/^INTERVAL /, "")}\``,
      typeName: to.sql().toLowerCase(),
      input,
    },
  });
}

function overflow(v: unknown, from: DataType, to: DataType): TsparkError {
  return new TsparkError("CAST_OVERFLOW", {
    messageParameters: { value: String(v), sourceType: `"${from.sql()}"`, targetType: `"${to.sql()}"` },
  });
}

/**
 * The conversion of one non-null value for a cast that `canCastInterval` accepts; undefined for
 * other pairs. Malformed strings throw INVALID_INTERVAL_FORMAT in every mode (try_cast turns it into
 * NULL), as Spark's interval parsing does.
 */
export function buildIntervalCast(from: DataType, to: DataType): ((v: unknown) => unknown) | undefined {
  if (to.kind === "day_time_interval") {
    const { startField: s, endField: e } = to;
    if (from.kind === "string")
      return (v) => {
        const r = castStringToDayTime(v as string, s, e);
        if (r === null) throw unmatched(v as string, to);
        return r;
      };
    if (from.kind === "day_time_interval") return (v) => truncateDayTime(v as number | bigint, e);
    if (from.kind === "decimal") {
      // value × end-unit micros, rounded HALF_UP to whole micros, then cut to the end field
      // (80.654321 AS INTERVAL HOUR TO MINUTE is 01:20, cast.sql.out).
      const unit = MICROS_PER_FIELD[e];
      const scale = from.scale;
      return (v) => {
        const r = rescale((v as bigint) * unit, scale, 0);
        if (!fitsLong(r)) throw overflow(v, from, to);
        return e === 3 ? normLong(r) : truncateDayTime(normLong(r), e);
      };
    }
    if (isIntegral(from)) {
      const unit = MICROS_PER_FIELD[e];
      return (v) => {
        const r = BigInt(v as number | bigint) * unit;
        if (!fitsLong(r)) throw overflow(v, from, to);
        return normLong(r);
      };
    }
    return undefined;
  }
  if (to.kind === "year_month_interval") {
    const { startField: s, endField: e } = to;
    if (from.kind === "string")
      return (v) => {
        const r = castStringToYearMonth(v as string, s, e);
        if (r === null) throw unmatched(v as string, to);
        return r;
      };
    if (from.kind === "year_month_interval")
      return e === 0 ? (v) => (v as number) - ((v as number) % 12) + 0 : (v) => v;
    if (from.kind === "decimal") {
      const mult = e === 0 ? 12n : 1n;
      const scale = from.scale;
      return (v) => {
        const r = rescale((v as bigint) * mult, scale, 0);
        if (r > 2147483647n || r < -2147483648n) throw overflow(v, from, to);
        return Number(r);
      };
    }
    if (isIntegral(from)) {
      const mult = e === 0 ? 12n : 1n;
      return (v) => {
        const r = BigInt(v as number | bigint) * mult;
        if (r > 2147483647n || r < -2147483648n) throw overflow(v, from, to);
        return Number(r);
      };
    }
    return undefined;
  }
  if (isAnsiInterval(from) && to.kind === "decimal") {
    // Whole units, except SECOND which keeps its microseconds (scale 6); then the target's scale.
    const dt = from.kind === "day_time_interval";
    const seconds = dt && from.endField === 3;
    const unit = dt ? MICROS_PER_FIELD[from.endField] : from.endField === 0 ? 12n : 1n;
    return (v) => {
      const x = BigInt(v as number | bigint);
      const r = seconds
        ? toPrecision(x, 6, to.precision, to.scale)
        : toPrecision(x / unit, 0, to.precision, to.scale);
      if (r === undefined) {
        // Spark reports the decimal that did not fit, not a cast overflow (cast.sql.out).
        const text = seconds ? decimalToPlainString(x, 6) : decimalToPlainString(x / unit, 0);
        throw new TsparkError("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", {
          messageParameters: {
            roundedValue: text,
            originalValue: text,
            precision: String(to.precision),
            scale: String(to.scale),
            config: '"spark.sql.ansi.enabled"',
          },
        });
      }
      return r;
    };
  }
  if (isAnsiInterval(from) && isIntegral(to)) {
    const [lo, hi] = INTEGRAL_RANGE[to.kind]!;
    const unit =
      from.kind === "day_time_interval" ? MICROS_PER_FIELD[from.endField] : from.endField === 0 ? 12n : 1n;
    return (v) => {
      const r = BigInt(v as number | bigint) / unit;
      if (r < lo || r > hi) throw overflow(v, from, to);
      return to.kind === "long" ? normLong(r) : Number(r);
    };
  }
  return undefined;
}
