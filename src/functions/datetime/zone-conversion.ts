/**
 * `from_utc_timestamp` and `to_utc_timestamp`: shift a timestamp between UTC and a time zone's
 * wall clock (Spark's `convertTz`), for data that stored local times as if they were UTC.
 */
import { getTimeZone, localToUtcMicros, type TimeZone, utcToLocalMicros } from "../../data/datetime.js";
import { type DataType, STRING, TIMESTAMP } from "../../types/data-type.js";
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
