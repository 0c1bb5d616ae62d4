/**
 * `current_timestamp`/`now`, `current_date`, `current_timezone`: constants of the running query,
 * read from the bind context (the query's start time and session zone), never from the clock.
 */
import { microsToDays, utcToLocalMicros } from "../../data/datetime.js";
import { DATE, STRING, TIMESTAMP, TIMESTAMP_NTZ } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { sessionZone } from "./helpers.js";

/** `current_timestamp()`: the query's start time; the same value everywhere in one query. */
export const currentTimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "current_timestamp",
  args: { min: 0, max: 0 },
  docs: {
    usage: "current_timestamp() returns the current timestamp at the start of query evaluation.",
    examples: [{ sql: "current_timestamp() = current_timestamp()", result: "true" }],
    since: "1.5.0",
  },
  bind: (_args, ctx) => {
    const now = ctx.currentTimeMicros;
    return { dataType: TIMESTAMP, nullable: false, eval: () => now };
  },
};

/** `now()`: same as current_timestamp(). */
export const now: ScalarFunctionDefinition = {
  ...currentTimestamp,
  name: "now",
  docs: {
    usage: "now() returns the current timestamp at the start of query evaluation.",
    examples: [{ sql: "now() = current_timestamp()", result: "true" }],
    since: "1.6.0",
  },
};

/** `current_date()`: the query's start date in the session time zone. */
export const currentDate: ScalarFunctionDefinition = {
  type: "scalar",
  name: "current_date",
  args: { min: 0, max: 0 },
  docs: {
    usage: "current_date() returns the current date at the start of query evaluation.",
    examples: [{ sql: "current_date() = current_date()", result: "true" }],
    since: "1.5.0",
  },
  bind: (_args, ctx) => {
    const today = microsToDays(ctx.currentTimeMicros, sessionZone(ctx));
    return { dataType: DATE, nullable: false, eval: () => today };
  },
};

/** `current_timezone()`: the session time zone id. */
export const currentTimezone: ScalarFunctionDefinition = {
  type: "scalar",
  name: "current_timezone",
  args: { min: 0, max: 0 },
  docs: {
    usage: "current_timezone() returns the current session local timezone.",
    examples: [{ sql: "current_timezone()", result: "UTC" }],
    since: "3.1.0",
  },
  bind: (_args, ctx) => {
    const tz = ctx.timeZone;
    return { dataType: STRING, nullable: false, eval: () => tz };
  },
};

/** `curdate()`: same as current_date() (Spark builds a CurrentDate, so names it current_date()). */
export const curdate: ScalarFunctionDefinition = {
  ...currentDate,
  name: "curdate",
  sql: () => "current_date()",
  docs: {
    usage: "curdate() returns the current date at the start of query evaluation.",
    examples: [{ sql: "curdate() = current_date()", result: "true" }],
    since: "3.4.0",
  },
};

/** `localtimestamp()`: the query's start time as a wall-clock TIMESTAMP_NTZ in the session zone. */
export const localtimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "localtimestamp",
  args: { min: 0, max: 0 },
  docs: {
    usage:
      "localtimestamp() returns the current timestamp without time zone at the start of query evaluation.",
    examples: [{ sql: "localtimestamp() = localtimestamp()", result: "true" }],
    since: "3.4.0",
  },
  bind: (_args, ctx) => {
    const local = utcToLocalMicros(ctx.currentTimeMicros, sessionZone(ctx));
    return { dataType: TIMESTAMP_NTZ, nullable: false, eval: () => local };
  },
};
