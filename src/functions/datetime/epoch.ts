/**
 * Conversions between datetimes and numbers counted from the epoch 1970-01-01T00:00:00Z:
 * `timestamp_seconds`/`_millis`/`_micros`, `unix_seconds`/`_millis`/`_micros`, `unix_date` and
 * `date_from_unix_date`. Except date_from_unix_date, Spark declares these with ExpectsInputTypes:
 * arguments are not implicitly cast.
 */
import { TsparkError } from "../../common/errors.js";
import {
  checkDays,
  checkMicros,
  floorDiv,
  MICROS_PER_MILLI,
  MICROS_PER_SECOND,
} from "../../data/datetime.js";
import { DATE, type DataType, INT, LONG, TIMESTAMP } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { requireKinds, wantInt } from "./helpers.js";

const INTEGRAL_KINDS = ["byte", "short", "int", "long"];

/** Scales an integral internal value to micros, throwing DATETIME_OVERFLOW beyond the range. */
function scaleIntegral(v: unknown, factor: number, op: string): number {
  return checkMicros(typeof v === "number" ? v * factor : Number.NaN, op);
}

/** `timestamp_seconds(seconds)`: a timestamp from (possibly fractional) seconds since the epoch. */
export const timestampSeconds: ScalarFunctionDefinition = {
  type: "scalar",
  name: "timestamp_seconds",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "timestamp_seconds(seconds) creates a timestamp from the number of seconds (can be fractional) since the UTC epoch.",
    examples: [
      { sql: "timestamp_seconds(1230219000)", result: "2008-12-25 15:30:00" },
      { sql: "timestamp_seconds(1230219000.123)", result: "2008-12-25 15:30:00.123" },
    ],
    since: "3.1.0",
  },
  bind: (args) => {
    requireKinds(
      "timestamp_seconds",
      args,
      0,
      [...INTEGRAL_KINDS, "float", "double", "decimal"],
      '"NUMERIC"',
    );
    const t = (args[0] as BindArg).dataType;
    if (t.kind === "float" || t.kind === "double") {
      return {
        dataType: TIMESTAMP,
        nullable: true,
        eval: (v) => {
          const d = v as number;
          if (!Number.isFinite(d)) return null;
          return checkMicros(Math.trunc(d * MICROS_PER_SECOND), "timestamp_seconds");
        },
      };
    }
    if (t.kind === "decimal") {
      const div = 10n ** BigInt(t.scale);
      // Spark takes the micros with longValueExact: a fraction finer than a microsecond is an
      // ArithmeticException ("Rounding necessary"), timestamp.sql.out TIMESTAMP_SECONDS(0.1234567).
      return {
        dataType: TIMESTAMP,
        nullable: (args[0] as BindArg).nullable,
        eval: (v) => {
          const scaled = (v as bigint) * 1_000_000n;
          if (scaled % div !== 0n) {
            throw new TsparkError("ARITHMETIC_OVERFLOW", {
              messageParameters: {
                message: "Rounding necessary",
                alternative: "",
                config: '"spark.sql.ansi.enabled"',
              },
            });
          }
          return checkMicros(Number(scaled / div), "timestamp_seconds");
        },
      };
    }
    return {
      dataType: TIMESTAMP,
      nullable: (args[0] as BindArg).nullable,
      eval: (v) => scaleIntegral(v, MICROS_PER_SECOND, "timestamp_seconds"),
    };
  },
};

function integralToTimestamp(
  name: string,
  factor: number,
  usage: string,
  example: { sql: string; result: string },
  since: string,
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs: { usage, examples: [example], since },
    bind: (args) => {
      requireKinds(name, args, 0, INTEGRAL_KINDS, '"INTEGRAL"');
      return {
        dataType: TIMESTAMP,
        nullable: (args[0] as BindArg).nullable,
        eval: (v) => scaleIntegral(v, factor, name),
      };
    },
  };
}

/** `timestamp_millis(millis)`: a timestamp from milliseconds since the epoch. */
export const timestampMillis = integralToTimestamp(
  "timestamp_millis",
  MICROS_PER_MILLI,
  "timestamp_millis(milliseconds) creates a timestamp from the number of milliseconds since the UTC epoch.",
  { sql: "timestamp_millis(1230219000123)", result: "2008-12-25 15:30:00.123" },
  "3.1.0",
);

/** `timestamp_micros(micros)`: a timestamp from microseconds since the epoch. */
export const timestampMicros = integralToTimestamp(
  "timestamp_micros",
  1,
  "timestamp_micros(microseconds) creates a timestamp from the number of microseconds since the UTC epoch.",
  { sql: "timestamp_micros(1230219000123123)", result: "2008-12-25 15:30:00.123123" },
  "3.1.0",
);

function timestampToLong(
  name: string,
  divisor: number,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs: { usage, examples: [example], since: "3.1.0" },
    bind: (args) => {
      requireKinds(name, args, 0, ["timestamp"], '"TIMESTAMP"');
      return {
        dataType: LONG,
        nullable: (args[0] as BindArg).nullable,
        eval: divisor === 1 ? (v) => v : (v) => floorDiv(v as number, divisor),
      };
    },
  };
}

/** `unix_seconds(timestamp)`: whole seconds since the epoch (floored). */
export const unixSeconds = timestampToLong(
  "unix_seconds",
  MICROS_PER_SECOND,
  "unix_seconds(timestamp) returns the number of seconds since 1970-01-01 00:00:00 UTC, truncating finer units.",
  { sql: "unix_seconds(TIMESTAMP('1970-01-01 00:00:01Z'))", result: "1" },
);

/** `unix_millis(timestamp)`: whole milliseconds since the epoch (floored). */
export const unixMillis = timestampToLong(
  "unix_millis",
  MICROS_PER_MILLI,
  "unix_millis(timestamp) returns the number of milliseconds since 1970-01-01 00:00:00 UTC, truncating finer units.",
  { sql: "unix_millis(TIMESTAMP('1970-01-01 00:00:01Z'))", result: "1000" },
);

/** `unix_micros(timestamp)`: microseconds since the epoch. */
export const unixMicros = timestampToLong(
  "unix_micros",
  1,
  "unix_micros(timestamp) returns the number of microseconds since 1970-01-01 00:00:00 UTC.",
  { sql: "unix_micros(TIMESTAMP('1970-01-01 00:00:01Z'))", result: "1000000" },
);

/** `unix_date(date)`: days since 1970-01-01. */
export const unixDate: ScalarFunctionDefinition = {
  type: "scalar",
  name: "unix_date",
  args: { min: 1, max: 1 },
  docs: {
    usage: "unix_date(date) returns the number of days since 1970-01-01.",
    examples: [{ sql: "unix_date(DATE('1970-01-02'))", result: "1" }],
    since: "3.1.0",
  },
  bind: (args) => {
    requireKinds("unix_date", args, 0, ["date"], '"DATE"');
    return { dataType: INT, nullable: (args[0] as BindArg).nullable, eval: (v) => v };
  },
};

/** `date_from_unix_date(days)`: the date that many days after 1970-01-01. */
export const dateFromUnixDate: ScalarFunctionDefinition = {
  type: "scalar",
  name: "date_from_unix_date",
  args: { min: 1, max: 1 },
  docs: {
    usage: "date_from_unix_date(days) creates a date from the number of days since 1970-01-01.",
    examples: [{ sql: "date_from_unix_date(1)", result: "1970-01-02" }],
    since: "3.1.0",
  },
  coerce: (types) => [wantInt(types[0] as DataType)],
  bind: (args) => {
    requireKinds("date_from_unix_date", args, 0, ["int", "short", "byte"], '"INT"');
    return { dataType: DATE, nullable: (args[0] as BindArg).nullable, eval: (v) => checkDays(v as number) };
  },
};
