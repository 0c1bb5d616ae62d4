/**
 * `make_date` and `make_timestamp`: build datetimes from fields. Invalid fields raise
 * `DATETIME_FIELD_OUT_OF_BOUNDS` with ANSI on and give NULL with it off.
 */
import { TsparkError } from "../../common/errors.js";
import {
  checkDays,
  checkMicros,
  dateToDays,
  getTimeZone,
  localToUtcMicros,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
} from "../../data/datetime.js";
import { DATE, DecimalType, STRING, TIMESTAMP, TIMESTAMP_NTZ } from "../../types/data-type.js";
import type { BindArg, BindContext, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";
import { dateFieldsError, fieldOutOfBounds, requireKinds, sessionZone, wantInt } from "./helpers.js";

const INT_KINDS = ["int", "short", "byte"];
/** Spark's type for the seconds argument of make_timestamp: seconds with microsecond precision. */
const SECONDS_TYPE = new DecimalType(16, 6);

/** `make_date(year, month, day)`. */
export const makeDate: ScalarFunctionDefinition = {
  type: "scalar",
  name: "make_date",
  args: { min: 3, max: 3 },
  docs: {
    usage: "make_date(year, month, day) creates a date from year, month and day fields.",
    examples: [{ sql: "make_date(2013, 7, 15)", result: "2013-07-15" }],
    since: "3.0.0",
  },
  coerce: (types) => types.map((t) => wantInt(t)),
  bind: (args, ctx) => {
    for (let i = 0; i < 3; i++) requireKinds("make_date", args, i, INT_KINDS, '"INT"');
    const ansi = ctx.ansi;
    return {
      dataType: DATE,
      nullable: !ansi || args.some((a) => a.nullable),
      eval: (y, m, d) => {
        const err = dateFieldsError(y as number, m as number, d as number);
        if (err !== undefined) {
          if (ansi) throw fieldOutOfBounds(err);
          return null;
        }
        return checkDays(dateToDays(y as number, m as number, d as number), "make_date");
      },
    };
  },
};

/** The seconds as Spark reports them in the error: the decimal's double value (`60.5`). */
function secondsText(unscaled: bigint): string {
  const d = Number(unscaled) / 1e6;
  return Number.isInteger(d) ? `${d}.0` : String(d);
}

/** Options of the make_timestamp family. */
interface MakeTimestampVariant {
  readonly name: string;
  /** TIMESTAMP_NTZ result (no zone argument). */
  readonly ntz: boolean;
  /** try_ variants never fail on bad fields. */
  readonly neverFail: boolean;
  readonly docs: ScalarFunctionDefinition["docs"];
}

function makeTimestampDef(v: MakeTimestampVariant): ScalarFunctionDefinition {
  const name = v.name;
  return {
    type: "scalar",
    name,
    args: { min: 6, max: v.ntz ? 6 : 7 },
    docs: v.docs,
    coerce: (types) =>
      types.map((t, i) => {
        if (i < 5) return wantInt(t);
        if (i === 5)
          return t.kind === "decimal" && t.precision === 16 && t.scale === 6 ? undefined : SECONDS_TYPE;
        return t.kind === "string" ? undefined : STRING;
      }),
    bind: (args, ctx) => bindMakeTimestamp(name, v, args, ctx),
  };
}

/** `make_timestamp(year, month, day, hour, min, sec[, timezone])`. */
export const makeTimestamp: ScalarFunctionDefinition = makeTimestampDef({
  name: "make_timestamp",
  ntz: false,
  neverFail: false,
  docs: {
    usage:
      "make_timestamp(year, month, day, hour, min, sec[, timezone]) creates a timestamp from fields; sec may have a fraction with microsecond precision and 60 rolls over to the next minute.",
    examples: [
      { sql: "make_timestamp(2014, 12, 28, 6, 30, 45.887)", result: "2014-12-28 06:30:45.887" },
      { sql: "make_timestamp(2014, 12, 28, 6, 30, 45.887, 'CET')", result: "2014-12-28 05:30:45.887" },
      { sql: "make_timestamp(2019, 6, 30, 23, 59, 60)", result: "2019-07-01 00:00:00" },
    ],
    since: "3.0.0",
  },
});

/** `make_timestamp_ltz(year, month, day, hour, min, sec[, timezone])`: always TIMESTAMP. */
export const makeTimestampLtz: ScalarFunctionDefinition = makeTimestampDef({
  name: "make_timestamp_ltz",
  ntz: false,
  neverFail: false,
  docs: {
    usage:
      "make_timestamp_ltz(year, month, day, hour, min, sec[, timezone]) creates a timestamp with local time zone from fields.",
    examples: [{ sql: "make_timestamp_ltz(2014, 12, 28, 6, 30, 45.887)", result: "2014-12-28 06:30:45.887" }],
    since: "3.4.0",
  },
});

/** `make_timestamp_ntz(year, month, day, hour, min, sec)`: a TIMESTAMP_NTZ from fields. */
export const makeTimestampNtz: ScalarFunctionDefinition = makeTimestampDef({
  name: "make_timestamp_ntz",
  ntz: true,
  neverFail: false,
  docs: {
    usage:
      "make_timestamp_ntz(year, month, day, hour, min, sec) creates a local date-time (timestamp without time zone) from fields.",
    examples: [
      { sql: "make_timestamp_ntz(2014, 12, 28, 6, 30, 45.887)", result: "2014-12-28 06:30:45.887" },
      { sql: "make_timestamp_ntz(2019, 6, 30, 23, 59, 60)", result: "2019-07-01 00:00:00" },
    ],
    since: "3.4.0",
  },
});

/** `try_make_timestamp(...)`: make_timestamp returning NULL for invalid fields. */
export const tryMakeTimestamp: ScalarFunctionDefinition = makeTimestampDef({
  name: "try_make_timestamp",
  ntz: false,
  neverFail: true,
  docs: {
    usage:
      "try_make_timestamp(year, month, day, hour, min, sec[, timezone]) creates a timestamp from fields, returning NULL on invalid inputs.",
    examples: [
      { sql: "try_make_timestamp(2019, 6, 30, 23, 59, 1)", result: "2019-06-30 23:59:01" },
      { sql: "try_make_timestamp(2024, 13, 22, 15, 30, 0)", result: "NULL" },
    ],
    since: "4.0.0",
  },
});

function bindMakeTimestamp(
  name: string,
  v: MakeTimestampVariant,
  args: readonly BindArg[],
  ctx: BindContext,
): BoundScalar {
  for (let i = 0; i < 5; i++) requireKinds(name, args, i, INT_KINDS, '"INT"');
  const secType = (args[5] as BindArg).dataType;
  if (!(secType.kind === "decimal" && secType.scale === 6) && secType.kind !== "null") {
    requireKinds(name, args, 5, [], '"DECIMAL(16,6)"');
  }
  if (args.length > 6) requireKinds(name, args, 6, ["string"], '"STRING"');
  const ansi = ctx.ansi && !v.neverFail;
  const session = sessionZone(ctx);
  const tzArg = args[6];
  const fixedZone = tzArg?.foldable && typeof tzArg.value === "string" ? getTimeZone(tzArg.value) : undefined;
  const fail = (e: TsparkError): null => {
    if (ansi) throw e;
    return null;
  };
  return {
    dataType: v.ntz ? TIMESTAMP_NTZ : TIMESTAMP,
    nullable: !ansi || args.some((a) => a.nullable),
    eval: (y, mo, d, h, mi, sec, tz) => {
      const total = sec as bigint;
      const micros = Number(((total % 1_000_000n) + 1_000_000n) % 1_000_000n);
      const seconds = Number((total - BigInt(micros)) / 1_000_000n);
      const dateErr = dateFieldsError(y as number, mo as number, d as number);
      if (dateErr !== undefined) return fail(fieldOutOfBounds(dateErr));
      const hour = h as number;
      const minute = mi as number;
      if (hour < 0 || hour > 23)
        return fail(fieldOutOfBounds(`Invalid value for HourOfDay (valid values 0 - 23): ${hour}`));
      if (minute < 0 || minute > 59) {
        return fail(fieldOutOfBounds(`Invalid value for MinuteOfHour (valid values 0 - 59): ${minute}`));
      }
      let extra = 0;
      let s = seconds;
      if (seconds === 60) {
        if (micros !== 0) {
          return fail(
            new TsparkError("INVALID_FRACTION_OF_SECOND", {
              messageParameters: {
                secAndMicros: secondsText(total),
                ansiConfig: '"spark.sql.ansi.enabled"',
              },
            }),
          );
        }
        s = 0;
        extra = MICROS_PER_MINUTE;
      } else if (seconds < 0 || seconds > 59) {
        return fail(fieldOutOfBounds(`Invalid value for SecondOfMinute (valid values 0 - 59): ${seconds}`));
      }
      const local =
        dateToDays(y as number, mo as number, d as number) * MICROS_PER_DAY +
        hour * MICROS_PER_HOUR +
        minute * MICROS_PER_MINUTE +
        s * MICROS_PER_SECOND +
        micros +
        extra;
      if (v.ntz) return checkMicros(local, name);
      const zone = fixedZone ?? (tz === undefined || tz === null ? session : getTimeZone(tz as string));
      return localToUtcMicros(local, zone);
    },
  };
}
