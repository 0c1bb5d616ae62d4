/**
 * `from_utc_timestamp` and `to_utc_timestamp`: shift a timestamp between UTC and a time zone's
 * wall clock (Spark's `convertTz`), for data that stored local times as if they were UTC.
 */
import { getTimeZone, localToUtcMicros, type TimeZone, utcToLocalMicros } from "../../data/datetime.js";
import { type DataType, STRING, TIMESTAMP, TIMESTAMP_NTZ } from "../../types/data-type.js";
import type { BindArg, BindContext, BoundScalar, ScalarFunctionDefinition } from "../function-definition.js";
import { requireKinds, toMicrosFn, wantTimestamp } from "./helpers.js";

function bindConvert(
  name: string,
  args: readonly BindArg[],
  ctx: BindContext,
  convert: (micros: number, zone: TimeZone) => number,
): BoundScalar {
  const toMicros = toMicrosFn(name, args, 0, ctx, false);
  requireKinds(name, args, 1, ["string"], '"STRING"');
  const tzArg = args[1] as BindArg;
  const fixed = tzArg.foldable && typeof tzArg.value === "string" ? getTimeZone(tzArg.value) : undefined;
  return {
    dataType: TIMESTAMP,
    nullable: args.some((a) => a.nullable || a.dataType.kind === "string"),
    eval: (t, tz) => {
      const micros = toMicros(t);
      return micros === null ? null : convert(micros, fixed ?? getTimeZone(tz as string));
    },
  };
}

const coerceArgs = (types: readonly DataType[]): (DataType | undefined)[] => [
  wantTimestamp(types[0] as DataType),
  types[1]?.kind === "string" ? undefined : STRING,
];

/** `from_utc_timestamp(ts, tz)`: renders the UTC instant ts as wall-clock time in tz. */
export const fromUtcTimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "from_utc_timestamp",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "from_utc_timestamp(timestamp, timezone) interprets the timestamp as UTC and returns the wall-clock time of that instant in the given time zone.",
    examples: [{ sql: "from_utc_timestamp('2016-08-31', 'Asia/Seoul')", result: "2016-08-31 09:00:00" }],
    since: "1.5.0",
  },
  coerce: coerceArgs,
  bind: (args, ctx) => bindConvert("from_utc_timestamp", args, ctx, (m, z) => utcToLocalMicros(m, z)),
};

/** `to_utc_timestamp(ts, tz)`: reads ts as wall-clock time in tz and returns the UTC instant. */
export const toUtcTimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_utc_timestamp",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "to_utc_timestamp(timestamp, timezone) interprets the timestamp as wall-clock time in the given time zone and returns it as UTC.",
    examples: [{ sql: "to_utc_timestamp('2016-08-31', 'Asia/Seoul')", result: "2016-08-30 15:00:00" }],
    since: "1.5.0",
  },
  coerce: coerceArgs,
  bind: (args, ctx) => bindConvert("to_utc_timestamp", args, ctx, (m, z) => localToUtcMicros(m, z)),
};

/**
 * `convert_timezone([sourceTz, ]targetTz, sourceTs)`: re-expresses the wall-clock TIMESTAMP_NTZ
 * sourceTs of sourceTz (default: the session zone) as wall-clock time in targetTz.
 */
export const convertTimezone: ScalarFunctionDefinition = {
  type: "scalar",
  name: "convert_timezone",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "convert_timezone([sourceTz, ]targetTz, sourceTs) converts the timestamp without time zone sourceTs from the sourceTz time zone to targetTz.",
    examples: [
      {
        sql: "convert_timezone('Europe/Brussels', 'America/Los_Angeles', timestamp_ntz'2021-12-06 00:00:00')",
        result: "2021-12-05 15:00:00",
      },
      {
        sql: "convert_timezone('Europe/Brussels', timestamp_ntz'2021-12-05 15:00:00')",
        result: "2021-12-05 16:00:00",
      },
    ],
    since: "3.4.0",
  },
  // The two-argument form names its default source zone (timestamp-ntz.sql.out).
  sql: (args) =>
    `convert_timezone(${(args.length === 2 ? ["current_timezone()", ...args] : args).join(", ")})`,
  coerce: (types) =>
    types.map((t, i) =>
      i === types.length - 1
        ? t.kind === "timestamp_ntz"
          ? undefined
          : TIMESTAMP_NTZ
        : t.kind === "string"
          ? undefined
          : STRING,
    ),
  bind: (args, ctx) => {
    const n = args.length;
    for (let i = 0; i < n - 1; i++) requireKinds("convert_timezone", args, i, ["string"], '"STRING"');
    requireKinds("convert_timezone", args, n - 1, ["timestamp_ntz"], '"TIMESTAMP_NTZ"');
    const session = ctx.timeZone;
    const zoneOf = (a: BindArg | undefined): TimeZone | undefined =>
      a?.foldable && typeof a.value === "string" ? getTimeZone(a.value) : undefined;
    const fixedSource = n === 3 ? zoneOf(args[0]) : getTimeZone(session);
    const fixedTarget = zoneOf(args[n - 2]);
    const convert = (src: TimeZone, tgt: TimeZone, micros: number): number =>
      utcToLocalMicros(localToUtcMicros(micros, src), tgt);
    return {
      dataType: TIMESTAMP_NTZ,
      nullable: args.some((a) => a.nullable),
      eval:
        n === 3
          ? (s, t, m) =>
              convert(
                fixedSource ?? getTimeZone(s as string),
                fixedTarget ?? getTimeZone(t as string),
                m as number,
              )
          : (t, m) => convert(fixedSource as TimeZone, fixedTarget ?? getTimeZone(t as string), m as number),
    };
  },
};
