/**
 * Declared options of the streaming sources (rate, rate-micro-batch, socket, memory) and the typed
 * readers they share. Values are read as Spark's `CaseInsensitiveStringMap` reads them: keys
 * case-insensitive, `getLong`/`getInt` through Java's `parseLong`/`parseInt` (an optional sign and
 * ASCII digits, no blanks; anything else is Java's NumberFormatException, an
 * IllegalArgumentException, so `ILLEGAL_ARGUMENT` with Java's text), `getBoolean` accepting only
 * `true`/`false` in any case.
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

function numberFormat(text: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", {
    messageParameters: { message: `For input string: "${text}"` },
  });
}

/** Java's `Long.parseLong`: the value as a bigint, or ILLEGAL_ARGUMENT `For input string: "…"`. */
export function parseJavaLong(text: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(text)) throw numberFormat(text);
  const v = BigInt(text);
  if (v > MAX_LONG || v < MIN_LONG) throw numberFormat(text);
  return v;
}

/** Java's `Integer.parseInt`: the value, or ILLEGAL_ARGUMENT `For input string: "…"`. */
export function parseJavaInt(text: string): number {
  if (!/^[+-]?[0-9]+$/.test(text)) throw numberFormat(text);
  const v = Number(text);
  if (v > 2147483647 || v < -2147483648) throw numberFormat(text);
  return v;
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
