/**
 * Declared options of the streaming sources (rate, rate-micro-batch, socket, memory) and the typed
 * readers they share. Values are read as Spark's `CaseInsensitiveStringMap` reads them: keys
 * case-insensitive, `getLong`/`getInt` through Java's `parseLong`/`parseInt` (an optional sign and
 * ASCII digits, no blanks; anything else is Java's NumberFormatException, an
 * IllegalArgumentException, so `ILLEGAL_ARGUMENT` with Java's text), `getBoolean` accepting only
 * `true`/`false` in any case. Time strings (`rampUpTime`, `maxFileAge`, `retention`) are read as
 * Spark's `JavaUtils.timeStringAs` reads them.
 */
import type { Clock } from "../common/clock.js";
import { TsparkError } from "../common/errors.js";
import { MAX_LONG, MIN_LONG } from "../data/values.js";
import type { FileSourceLogPort } from "./api/file-source-log-port.js";
import { DataSourceOptions } from "./file/data-source-options.js";

/** One option a streaming source understands, as documented to users. */
export interface StreamOptionSpec {
  /** The name users pass to `option()` (matched case-insensitively). */
  readonly name: string;
  /** How the value text is read. */
  readonly type: "long" | "int" | "boolean" | "string" | "duration";
  /** The default as users would write it; undefined when the option is required or has none. */
  readonly default: string | undefined;
  /** What the option does and which values are valid. */
  readonly doc: string;
}

/** What the engine hands every streaming source factory besides the user's options. */
export interface StreamSourceContext {
  /** Wall time (ManualClock in tests). */
  readonly clock: Clock;
  /** The session's default parallelism: numPartitions' default. */
  readonly defaultParallelism: number;
  /** The source's metadata directory in the checkpoint (`<checkpoint>/sources/<n>`), if any. */
  readonly metadataPath?: string;
  /** The file source's seen-files log over `metadataPath` (absent: the source keeps it in memory). */
  readonly fileSourceLog?: FileSourceLogPort;
}

/** A source's raw options: a plain record (keys in any case) or already-wrapped options. */
export type StreamOptionsInput = Readonly<Record<string, string>> | DataSourceOptions;

/** Wraps raw options for case-insensitive typed reads. */
export function streamOptions(input: StreamOptionsInput): DataSourceOptions {
  return input instanceof DataSourceOptions ? input : new DataSourceOptions(input);
}

/** A source's IllegalArgumentException: `ILLEGAL_ARGUMENT` with Spark's (Java's) `message`. */
export function illegalArgument(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}

function numberFormat(text: string): TsparkError {
  return illegalArgument(`For input string: "${text}"`);
}

/** Scala's `String.toLong` (Java's `Long.parseLong`): the value as a bigint, or undefined. */
export function toJavaLong(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v > MAX_LONG || v < MIN_LONG ? undefined : v;
}

/** Scala's `String.toInt` (Java's `Integer.parseInt`): the value, or undefined. */
export function toJavaInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const v = Number(text);
  return v > 2147483647 || v < -2147483648 ? undefined : v;
}

/** Java's `Long.parseLong`: the value as a bigint, or ILLEGAL_ARGUMENT `For input string: "…"`. */
export function parseJavaLong(text: string): bigint {
  const v = toJavaLong(text);
  if (v === undefined) throw numberFormat(text);
  return v;
}

/** Java's `Integer.parseInt`: the value, or ILLEGAL_ARGUMENT `For input string: "…"`. */
export function parseJavaInt(text: string): number {
  const v = toJavaInt(text);
  if (v === undefined) throw numberFormat(text);
  return v;
}

const TIME_ERROR =
  "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.";

/** Microseconds per unit suffix of Spark's time strings. */
const TIME_SUFFIX_MICROS: Readonly<Record<string, bigint>> = {
  us: 1n,
  ms: 1000n,
  s: 1_000_000n,
  m: 60_000_000n,
  min: 60_000_000n,
  h: 3_600_000_000n,
  d: 86_400_000_000n,
};

/**
 * Spark's `JavaUtils.timeStringAs(text, unit)`: `<integer><suffix>` (us, ms, s, m, min, h, d; no
 * suffix means `unit`), trimmed, case-insensitive, converted to `unit` (given as its length in
 * microseconds: `1000n` for milliseconds, `1_000_000n` for seconds) truncating toward zero and
 * saturating at the long range as `TimeUnit.convert` does. Anything else is ILLEGAL_ARGUMENT with
 * Java's text (`Failed to parse time string: …`, `Invalid suffix: "…"`, `For input string: "…"`).
 */
export function timeStringAs(text: string, unitMicros: bigint): bigint {
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(text.toLowerCase().trim());
  if (m === null) throw illegalArgument(`${TIME_ERROR}\nFailed to parse time string: ${text}`);
  const suffix = m[2];
  const perSuffix = suffix === undefined ? unitMicros : TIME_SUFFIX_MICROS[suffix];
  if (perSuffix === undefined) throw illegalArgument(`${TIME_ERROR}\nInvalid suffix: "${suffix}"`);
  const value = toJavaLong(m[1] as string);
  if (value === undefined) throw illegalArgument(`${TIME_ERROR}\nFor input string: "${m[1]}"`);
  const converted = (value * perSuffix) / unitMicros;
  if (converted > MAX_LONG) return MAX_LONG;
  if (converted < MIN_LONG) return MIN_LONG;
  return converted;
}

/** `timeStringAs` in milliseconds (Spark's `timeStringAsMs`), as a number. */
export function timeStringAsMs(text: string): number {
  return Number(timeStringAs(text, 1000n));
}

/** `timeStringAs` in seconds (Spark's `timeStringAsSec`). */
export function timeStringAsSeconds(text: string): bigint {
  return timeStringAs(text, 1_000_000n);
}

/** `getLong(name, fallback)` of Spark's options map. */
export function optionLong(options: DataSourceOptions, name: string, fallback: bigint): bigint {
  const v = options.get(name);
  return v === undefined ? fallback : parseJavaLong(v);
}

/** `getInt(name, fallback)` of Spark's options map. */
export function optionInt(options: DataSourceOptions, name: string, fallback: number): number {
  const v = options.get(name);
  return v === undefined ? fallback : parseJavaInt(v);
}

/**
 * `getBoolean(name, fallback)` of Spark's options map: `true`/`false` in any case, else undefined
 * (callers raise their source's own error, as Spark's providers do).
 */
export function optionBoolean(
  options: DataSourceOptions,
  name: string,
  fallback: boolean,
): boolean | undefined {
  const v = options.get(name);
  if (v === undefined) return fallback;
  const t = v.toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  return undefined;
}
