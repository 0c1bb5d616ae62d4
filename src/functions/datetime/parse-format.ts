/**
 * String ↔ datetime conversions driven by Spark datetime patterns: `to_timestamp`,
 * `try_to_timestamp`, `to_date`, `to_timestamp_ntz`, `unix_timestamp`, `to_unix_timestamp`,
 * `from_unixtime` and `date_format`. A literal pattern is compiled once at bind time.
 *
 * With ANSI on, a string that does not match the pattern raises `CANNOT_PARSE_TIMESTAMP` (and,
 * without a pattern, `CAST_INVALID_INPUT` as CAST does); with ANSI off it gives NULL.
 */
import {
  checkMicros,
  floorDiv,
  getTimeZone,
  localToUtcMicros,
  MICROS_PER_DAY,
  MICROS_PER_SECOND,
  microsToDays,
  parseDate,
  parseTimestampNtz,
  type TimeZone,
} from "../../data/datetime.js";
import {
  DATE,
  type DataType,
  isNumeric,
  LONG,
  STRING,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "../../types/data-type.js";
import type { BindArg, BindContext, ScalarFunctionDefinition } from "../function-definition.js";
import { type DateTimePattern, getPattern } from "./datetime-pattern.js";
import {
  callSql,
  castInvalid,
  DEFAULT_TIMESTAMP_FORMAT,
  parserPolicy,
  requireKinds,
  sessionZone,
  toMicrosFn,
  wantString,
} from "./helpers.js";

const DATETIME_OR_STRING = ["string", "date", "timestamp", "timestamp_ntz"];

/** Coercion for (datetime-or-string [, string]) functions: other types become STRING. */
function coerceParseArgs(types: readonly DataType[]): (DataType | undefined)[] {
  const first = types[0];
  const out: (DataType | undefined)[] = [
    first === undefined || DATETIME_OR_STRING.includes(first.kind) || first.kind === "null"
      ? undefined
      : STRING,
  ];
  if (types.length > 1) out.push(wantString(types[1] as DataType));
  return out;
}

/** to_timestamp also takes numbers (seconds since the epoch) as they are. */
function coerceToTimestampArgs(types: readonly DataType[]): (DataType | undefined)[] {
  const out = coerceParseArgs(types);
  if (types[0] !== undefined && isNumeric(types[0])) out[0] = undefined;
  return out;
}

/** Returns `(s) => micros | null` parsing with the format argument (literal or per row). */
function patternParser(
  args: readonly BindArg[],
  ctx: BindContext,
  zone: TimeZone,
  failOnError: boolean,
  wallClock = false,
): (s: string, fmt: unknown) => number | null {
  const policy = parserPolicy(ctx);
  const fmtArg = args[1] as BindArg;
  if (fmtArg.foldable && typeof fmtArg.value === "string") {
    const p: DateTimePattern = getPattern(fmtArg.value, true);
    return (s) => p.parse(s, zone, failOnError, policy, wallClock);
  }
  return (s, fmt) => getPattern(fmt as string, true).parse(s, zone, failOnError, policy, wallClock);
}

/** Seconds since the epoch (a number of any numeric type) to micros, as CAST(n AS TIMESTAMP). */
function numericSecondsToMicros(t: DataType): (v: unknown) => number | null {
  if (t.kind === "decimal") {
    const div = 10n ** BigInt(t.scale);
    return (v) => checkMicros(Number(((v as bigint) * 1_000_000n) / div), "to_timestamp");
  }
  if (t.kind === "float" || t.kind === "double") {
    return (v) =>
      Number.isFinite(v as number) ? checkMicros(Math.trunc((v as number) * MICROS_PER_SECOND)) : null;
  }
  return (v) => checkMicros(typeof v === "number" ? v * MICROS_PER_SECOND : Number.NaN, "to_timestamp");
}

/** Micros from argument 0 with an optional format argument (to_timestamp / unix_timestamp). */
function bindToMicros(
  name: string,
  args: readonly BindArg[],
  ctx: BindContext,
  failOnError: boolean,
  allowNumeric = false,
): (v: unknown, fmt: unknown) => number | null {
  const first = (args[0] as BindArg).dataType;
  if (allowNumeric && isNumeric(first)) {
    const conv = numericSecondsToMicros(first);
    return (v) => conv(v);
  }
  requireKinds(name, args, 0, DATETIME_OR_STRING, '("STRING" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ")');
  const zone = sessionZone(ctx);
  const kind = (args[0] as BindArg).dataType.kind;
  if (kind === "timestamp_ntz") return (v) => localToUtcMicros(v as number, zone);
  if (kind === "string" && args.length > 1) {
    requireKinds(name, args, 1, ["string"], '"STRING"');
    const parse = patternParser(args, ctx, zone, failOnError);
    return (v, fmt) => parse(v as string, fmt);
  }
  const conv = toMicrosFn(name, args, 0, { ...ctx, ansi: failOnError });
  return (v) => conv(v);
}

/** `to_timestamp(expr[, fmt])`: parses a string (or converts a date) to a TIMESTAMP. */
export const toTimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_timestamp",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "to_timestamp(timestamp_str[, fmt]) parses the string with the datetime pattern fmt (or as CAST does without one) into a timestamp.",
    examples: [
      { sql: "to_timestamp('2016-12-31 00:12:00')", result: "2016-12-31 00:12:00" },
      { sql: "to_timestamp('2016-12-31', 'yyyy-MM-dd')", result: "2016-12-31 00:00:00" },
    ],
    since: "2.2.0",
  },
  coerce: coerceToTimestampArgs,
  bind: (args, ctx) => {
    const f = bindToMicros("to_timestamp", args, ctx, ctx.ansi, true);
    return { dataType: TIMESTAMP, nullable: true, eval: f };
  },
};

/** `to_timestamp_ltz(expr[, fmt])`: to_timestamp that always gives a TIMESTAMP (with local time zone). */
export const toTimestampLtz: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_timestamp_ltz",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "to_timestamp_ltz(timestamp_str[, fmt]) parses the string with the datetime pattern fmt (or as CAST does without one) into a timestamp with local time zone.",
    examples: [{ sql: "to_timestamp_ltz('2016-12-31 00:12:00')", result: "2016-12-31 00:12:00" }],
    since: "3.4.0",
  },
  coerce: coerceToTimestampArgs,
  bind: (args, ctx) => {
    const f = bindToMicros("to_timestamp_ltz", args, ctx, ctx.ansi, true);
    return { dataType: TIMESTAMP, nullable: true, eval: f };
  },
};

/** `try_to_timestamp(expr[, fmt])`: to_timestamp that returns NULL for unparseable strings. */
export const tryToTimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "try_to_timestamp",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "try_to_timestamp(timestamp_str[, fmt]) is to_timestamp that returns NULL instead of failing on malformed input.",
    examples: [
      { sql: "try_to_timestamp('2016-12-31', 'yyyy-MM-dd')", result: "2016-12-31 00:00:00" },
      { sql: "try_to_timestamp('foo', 'yyyy-MM-dd')", result: "NULL" },
    ],
    since: "3.4.0",
  },
  coerce: coerceToTimestampArgs,
  bind: (args, ctx) => {
    const f = bindToMicros("try_to_timestamp", args, ctx, false, true);
    return { dataType: TIMESTAMP, nullable: true, eval: f };
  },
};

/** `to_date(expr[, fmt])`: parses a string (or truncates a timestamp) to a DATE. */
export const toDate: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_date",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "to_date(date_str[, fmt]) parses the string with the datetime pattern fmt (or as CAST does without one) into a date.",
    examples: [
      { sql: "to_date('2009-07-30 04:17:52')", result: "2009-07-30" },
      { sql: "to_date('2016-12-31', 'yyyy-MM-dd')", result: "2016-12-31" },
    ],
    since: "1.5.0",
  },
  coerce: coerceParseArgs,
  bind: (args, ctx) => {
    requireKinds(
      "to_date",
      args,
      0,
      DATETIME_OR_STRING,
      '("STRING" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ")',
    );
    const zone = sessionZone(ctx);
    const kind = (args[0] as BindArg).dataType.kind;
    let f: (v: unknown, fmt: unknown) => number | null;
    if (kind === "date") f = (v) => v as number;
    else if (kind === "timestamp") f = (v) => microsToDays(v as number, zone);
    else if (kind === "timestamp_ntz") f = (v) => floorDiv(v as number, MICROS_PER_DAY);
    else if (args.length > 1) {
      requireKinds("to_date", args, 1, ["string"], '"STRING"');
      const parse = patternParser(args, ctx, zone, ctx.ansi);
      f = (v, fmt) => {
        const t = parse(v as string, fmt);
        return t === null ? null : microsToDays(t, zone);
      };
    } else {
      const ansi = ctx.ansi;
      f = (v) => {
        const d = parseDate(v as string);
        if (d === null && ansi) throw castInvalid(v as string, "DATE");
        return d;
      };
    }
    return { dataType: DATE, nullable: true, eval: f };
  },
};

/** `to_timestamp_ntz(expr[, fmt])`: parses a string into a TIMESTAMP_NTZ (no time zone). */
export const toTimestampNtz: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_timestamp_ntz",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "to_timestamp_ntz(timestamp_str[, fmt]) parses the string with the datetime pattern fmt (or as CAST does without one) into a timestamp without time zone.",
    examples: [{ sql: "to_timestamp_ntz('2016-12-31 00:12:00')", result: "2016-12-31 00:12:00" }],
    since: "3.4.0",
  },
  coerce: coerceParseArgs,
  bind: (args, ctx) => {
    requireKinds(
      "to_timestamp_ntz",
      args,
      0,
      DATETIME_OR_STRING,
      '("STRING" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ")',
    );
    const zone = sessionZone(ctx);
    const kind = (args[0] as BindArg).dataType.kind;
    let f: (v: unknown, fmt: unknown) => number | null;
    if (kind === "timestamp_ntz") f = (v) => v as number;
    else if (kind === "date") f = (v) => (v as number) * MICROS_PER_DAY;
    else if (kind === "timestamp") {
      f = (v) =>
        checkMicros(
          (v as number) + zone.offsetAtUtc(floorDiv(v as number, MICROS_PER_SECOND)) * MICROS_PER_SECOND,
        );
    } else if (args.length > 1) {
      requireKinds("to_timestamp_ntz", args, 1, ["string"], '"STRING"');
      // Wall-clock parsing: a zone in the text is ignored (Spark's parseWithoutTimeZone).
      const parse = patternParser(args, ctx, getTimeZone("UTC"), ctx.ansi, true);
      f = (v, fmt) => parse(v as string, fmt);
    } else {
      const ansi = ctx.ansi;
      f = (v) => {
        const t = parseTimestampNtz(v as string);
        if (t === null && ansi) throw castInvalid(v as string, "TIMESTAMP_NTZ");
        return t;
      };
    }
    return { dataType: TIMESTAMP_NTZ, nullable: true, eval: f };
  },
};

function unixTimestampSql(name: string): (args: readonly string[]) => string {
  return (args) => {
    const a = [...args];
    if (a.length === 0) a.push("current_timestamp()");
    if (a.length === 1) a.push(DEFAULT_TIMESTAMP_FORMAT);
    return callSql(name, a);
  };
}

function bindUnixTimestamp(name: string, args: readonly BindArg[], ctx: BindContext) {
  if (args.length === 0) {
    const secs = floorDiv(ctx.currentTimeMicros, MICROS_PER_SECOND);
    return { dataType: LONG, nullable: false, eval: () => secs };
  }
  const withFormat: readonly BindArg[] =
    args.length === 1 && (args[0] as BindArg).dataType.kind === "string"
      ? [
          ...args,
          { dataType: STRING, nullable: false, foldable: true, value: DEFAULT_TIMESTAMP_FORMAT, sql: "" },
        ]
      : args;
  // TIMESTAMP_NTZ counts its wall clock as UTC here (Spark divides the raw value).
  const f =
    (args[0] as BindArg).dataType.kind === "timestamp_ntz"
      ? (v: unknown) => v as number
      : bindToMicros(name, withFormat, ctx, ctx.ansi);
  return {
    dataType: LONG,
    nullable: true,
    eval: (v: unknown, fmt: unknown) => {
      const t = f(v, fmt);
      // Java's long division truncates toward zero (not floorDiv) for times before 1970; + 0 drops -0.
      return t === null ? null : Math.trunc(t / MICROS_PER_SECOND) + 0;
    },
  };
}

/** `unix_timestamp([expr[, fmt]])`: seconds since the epoch of a time (now when no argument). */
export const unixTimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "unix_timestamp",
  args: { min: 0, max: 2 },
  docs: {
    usage:
      "unix_timestamp([timeExp[, fmt]]) returns the UNIX timestamp (seconds) of the current or specified time, parsing strings with fmt (default yyyy-MM-dd HH:mm:ss).",
    examples: [{ sql: "unix_timestamp('2016-04-08', 'yyyy-MM-dd')", result: "1460073600" }],
    since: "1.5.0",
  },
  sql: unixTimestampSql("unix_timestamp"),
  coerce: coerceParseArgs,
  bind: (args, ctx) => bindUnixTimestamp("unix_timestamp", args, ctx),
};

/** `to_unix_timestamp(expr[, fmt])`: seconds since the epoch of the given time. */
export const toUnixTimestamp: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_unix_timestamp",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "to_unix_timestamp(timeExp[, fmt]) returns the UNIX timestamp (seconds) of the given time, parsing strings with fmt (default yyyy-MM-dd HH:mm:ss).",
    examples: [{ sql: "to_unix_timestamp('2016-04-08', 'yyyy-MM-dd')", result: "1460073600" }],
    since: "1.6.0",
  },
  sql: unixTimestampSql("to_unix_timestamp"),
  coerce: coerceParseArgs,
  bind: (args, ctx) => bindUnixTimestamp("to_unix_timestamp", args, ctx),
};

/** Returns `(micros, fmt) => string` formatting with the format argument at index `fi`. */
function patternFormatter(
  args: readonly BindArg[],
  fi: number,
  zone: TimeZone,
): (micros: number, fmt: unknown) => string {
  const fmtArg = args[fi];
  if (fmtArg === undefined) {
    const p = getPattern(DEFAULT_TIMESTAMP_FORMAT, false);
    return (m) => p.format(m, zone);
  }
  if (fmtArg.foldable && typeof fmtArg.value === "string") {
    const p = getPattern(fmtArg.value, false);
    return (m) => p.format(m, zone);
  }
  return (m, fmt) => getPattern(fmt as string, false).format(m, zone);
}

/** `from_unixtime(unix_time[, fmt])`: formats seconds since the epoch in the session time zone. */
export const fromUnixtime: ScalarFunctionDefinition = {
  type: "scalar",
  name: "from_unixtime",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "from_unixtime(unix_time[, fmt]) formats seconds since the epoch as a string with fmt (default yyyy-MM-dd HH:mm:ss) in the session time zone.",
    examples: [
      { sql: "from_unixtime(0, 'yyyy-MM-dd HH:mm:ss')", result: "1970-01-01 00:00:00" },
      { sql: "from_unixtime(0)", result: "1970-01-01 00:00:00" },
    ],
    since: "1.5.0",
  },
  sql: (args) => callSql("from_unixtime", args.length === 1 ? [...args, DEFAULT_TIMESTAMP_FORMAT] : args),
  coerce: (types) => [
    types[0]?.kind === "long" ? undefined : LONG,
    ...(types.length > 1 ? [wantString(types[1] as DataType)] : []),
  ],
  bind: (args, ctx) => {
    requireKinds("from_unixtime", args, 0, ["long", "int", "short", "byte"], '"BIGINT"');
    if (args.length > 1) requireKinds("from_unixtime", args, 1, ["string"], '"STRING"');
    const fmt = patternFormatter(args, 1, sessionZone(ctx));
    return {
      dataType: STRING,
      nullable: true,
      // A bigint long is beyond the representable range once scaled to micros.
      eval: (v, f) =>
        fmt(checkMicros(typeof v === "number" ? v * MICROS_PER_SECOND : Number.NaN, "from_unixtime"), f),
    };
  },
};

/** `date_format(timestamp, fmt)`: formats a timestamp with a datetime pattern. */
export const dateFormat: ScalarFunctionDefinition = {
  type: "scalar",
  name: "date_format",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "date_format(timestamp, fmt) converts the timestamp to a string in the format given by the datetime pattern fmt.",
    examples: [{ sql: "date_format('2016-04-08', 'y')", result: "2016" }],
    since: "1.5.0",
  },
  coerce: (types) => [
    types[0]?.kind === "timestamp" || types[0]?.kind === "timestamp_ntz" ? undefined : TIMESTAMP,
    wantString(types[1] as DataType),
  ],
  bind: (args, ctx) => {
    requireKinds("date_format", args, 1, ["string"], '"STRING"');
    const ntz = (args[0] as BindArg).dataType.kind === "timestamp_ntz";
    const toMicros = ntz ? (v: unknown) => v as number : toMicrosFn("date_format", args, 0, ctx);
    const fmt = patternFormatter(args, 1, ntz ? getTimeZone("UTC") : sessionZone(ctx));
    return {
      dataType: STRING,
      nullable: true,
      eval: (v, f) => {
        const m = toMicros(v);
        return m === null ? null : fmt(m, f);
      },
    };
  },
};
