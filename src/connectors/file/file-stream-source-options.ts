/**
 * Options of the streaming file source (Spark's FileStreamOptions), read when a query starts the
 * source and checked in Spark's order with Spark's messages. Spark raises plain
 * IllegalArgumentExceptions here, so every error is `ILLEGAL_ARGUMENT` with Spark's text, e.g.
 * `Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer`.
 *
 * Example: `{ maxFilesPerTrigger: "2", latestFirst: "TRUE" }` →
 * `{ maxFilesPerTrigger: 2, latestFirst: true, maxFileAgeMs: 604800000, cleanSource: "off", … }`.
 */
import { TsparkError } from "../../common/errors.js";
import { type StreamOptionSpec, type StreamOptionsInput, streamOptions } from "../stream-option.js";

/** What `cleanSource` does with the files of a committed batch. */
export type CleanSourceMode = "archive" | "delete" | "off";

/** Validated file-source options (format options pass through untouched). */
export interface FileStreamOptions {
  readonly maxFilesPerTrigger: number | undefined;
  readonly maxBytesPerTrigger: number | undefined;
  /** `maxFileAge` in milliseconds (default 7 days). */
  readonly maxFileAgeMs: number;
  readonly latestFirst: boolean;
  readonly fileNameOnly: boolean;
  readonly sourceArchiveDir: string | undefined;
  readonly cleanSource: CleanSourceMode;
  readonly maxCachedFiles: number;
  /** A Java float in [0, 1] (rounded to single precision as Spark keeps it). */
  readonly discardCachedInputRatio: number;
}

/** The options the file stream source itself understands, as documented to users. */
export const FILE_STREAM_SOURCE_OPTIONS: readonly StreamOptionSpec[] = [
  {
    name: "maxFilesPerTrigger",
    type: "int",
    default: undefined,
    doc: "Maximum number of new files per micro-batch (default: no maximum); a positive integer.",
  },
  {
    name: "maxBytesPerTrigger",
    type: "long",
    default: undefined,
    doc: "Maximum total size of new files per micro-batch (a batch always takes at least one file); cannot be combined with maxFilesPerTrigger.",
  },
  {
    name: "latestFirst",
    type: "boolean",
    default: "false",
    doc: "Process the newest files first (useful with a large backlog).",
  },
  {
    name: "fileNameOnly",
    type: "boolean",
    default: "false",
    doc: "Decide whether a file is new by its name only, not its full path.",
  },
  {
    name: "maxFileAge",
    type: "duration",
    default: "7d",
    doc: "Files older than the newest seen file by more than this are ignored (the first batch takes every file); ignored when latestFirst is set with maxFilesPerTrigger or maxBytesPerTrigger.",
  },
  {
    name: "cleanSource",
    type: "string",
    default: "off",
    doc: "What happens to the files of a committed batch: off, delete, or archive (moved below sourceArchiveDir).",
  },
  {
    name: "sourceArchiveDir",
    type: "string",
    default: undefined,
    doc: "Where cleanSource=archive moves files, keeping their absolute path below it; must not match the source path pattern.",
  },
  {
    name: "maxCachedFiles",
    type: "int",
    default: "10000",
    doc: "How many listed but unread files are kept for later batches instead of listing again; 0 lists every trigger.",
  },
  {
    name: "discardCachedInputRatio",
    type: "string",
    default: "0.2",
    doc: "Cached files are dropped (and the directory listed again) when they are fewer than this fraction of a batch's limit; a float between 0 and 1.",
  },
];

function illegal(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}

const TIME_ERROR =
  "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.";

/** Microseconds per unit suffix of Spark's time strings. */
const MICROS_PER: Readonly<Record<string, bigint>> = {
  us: 1n,
  ms: 1000n,
  s: 1_000_000n,
  m: 60_000_000n,
  min: 60_000_000n,
  h: 3_600_000_000n,
  d: 86_400_000_000n,
};

const MAX_LONG = 9223372036854775807n;

/**
 * Spark's `timeStringAsMs`: `<integer><unit>` (us, ms, s, m, min, h, d; no unit means
 * milliseconds), case-insensitive, trimmed, truncated toward zero; anything else is
 * ILLEGAL_ARGUMENT with Spark's text. Results beyond 2^53 saturate at the long range.
 */
export function timeStringAsMs(text: string): number {
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(text.toLowerCase().trim());
  if (m === null) throw illegal(`${TIME_ERROR}\nFailed to parse time string: ${text}`);
  const suffix = m[2];
  const per = suffix === undefined ? 1000n : MICROS_PER[suffix];
  if (per === undefined) throw illegal(`${TIME_ERROR}\nInvalid suffix: "${suffix}"`);
  const value = BigInt(m[1] as string);
  if (value > MAX_LONG || value < -MAX_LONG - 1n) throw illegal(`${TIME_ERROR}\nFor input string: "${m[1]}"`);
  // TimeUnit.convert saturates instead of overflowing.
  const ms = (value * per) / 1000n;
  const clamped = ms > MAX_LONG ? MAX_LONG : ms < -MAX_LONG - 1n ? -MAX_LONG - 1n : ms;
  return Number(clamped);
}

/** Scala's `String.toInt` (Java's parseInt), or undefined when the text is not an int. */
function toInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const v = Number(text);
  return v > 2147483647 || v < -2147483648 ? undefined : v;
}

/** Scala's `String.toLong` (Java's parseLong), or undefined when the text is not a long. */
function toLong(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v > MAX_LONG || v < -MAX_LONG - 1n ? undefined : v;
}

/** Scala's `String.toFloat` (Java's parseFloat: blanks trimmed, an `f`/`d` suffix allowed). */
function toFloat(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)$/.test(t)) return undefined;
  return Math.fround(Number.parseFloat(t));
}

function booleanOption(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  // Scala's toBoolean: `true`/`false` in any case, nothing else (no trimming).
  const t = value.toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  throw illegal(`Invalid value '${value}' for option '${name}', must be 'true' or 'false'`);
}

/** Reads and validates the file stream source's options in Spark's order. */
export function parseFileStreamOptions(input: StreamOptionsInput): FileStreamOptions {
  const o = streamOptions(input);
  for (const param of ["modifiedBefore", "modifiedAfter"])
    if (o.has(param)) throw illegal(`option '${param}' is not allowed in file stream sources`);

  const filesText = o.get("maxFilesPerTrigger");
  let maxFilesPerTrigger: number | undefined;
  if (filesText !== undefined) {
    const v = toInt(filesText);
    if (v === undefined || v <= 0)
      throw illegal(
        `Invalid value '${filesText}' for option 'maxFilesPerTrigger', must be a positive integer`,
      );
    maxFilesPerTrigger = v;
  }

  const bytesText = o.get("maxBytesPerTrigger");
  let maxBytesPerTrigger: number | undefined;
  if (bytesText !== undefined) {
    const v = toLong(bytesText);
    if (v === undefined || v <= 0n)
      throw illegal(
        `Invalid value '${bytesText}' for option 'maxBytesPerTrigger', must be a positive integer`,
      );
    if (maxFilesPerTrigger !== undefined)
      throw illegal(
        "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
      );
    maxBytesPerTrigger = Number(v);
  }

  const maxFileAgeMs = timeStringAsMs(o.get("maxFileAge") ?? "7d");
  const latestFirst = booleanOption(o.get("latestFirst"), "latestFirst");
  const fileNameOnly = booleanOption(o.get("fileNameOnly"), "fileNameOnly");
  const sourceArchiveDir = o.get("sourceArchiveDir");

  const cleanText = o.get("cleanSource");
  let cleanSource: CleanSourceMode = "off";
  if (cleanText !== undefined) {
    const mode = cleanText.toUpperCase();
    if (mode !== "ARCHIVE" && mode !== "DELETE" && mode !== "OFF")
      // Spark prints the Scala Option it looked at.
      throw illegal(
        `Invalid mode for clean source option Some(${cleanText}). Must be one of ARCHIVE,DELETE,OFF`,
      );
    cleanSource = mode.toLowerCase() as CleanSourceMode;
  }
  if (cleanSource === "archive" && sourceArchiveDir === undefined)
    throw illegal("Archive mode must be used with 'sourceArchiveDir' option.");

  const cachedText = o.get("maxCachedFiles");
  let maxCachedFiles = 10000;
  if (cachedText !== undefined) {
    const v = toInt(cachedText);
    if (v === undefined || v < 0)
      throw illegal(
        `Invalid value '${cachedText}' for option 'maxCachedFiles', must be an integer greater than or equal to 0`,
      );
    maxCachedFiles = v;
  }

  const ratioText = o.get("discardCachedInputRatio");
  let discardCachedInputRatio = Math.fround(0.2);
  if (ratioText !== undefined) {
    const v = toFloat(ratioText);
    if (v === undefined || !(v >= 0 && v <= 1))
      throw illegal(
        `Invalid value '${ratioText}' for option 'discardCachedInputRatio', must be a positive float between 0 and 1`,
      );
    discardCachedInputRatio = v;
  }

  return {
    maxFilesPerTrigger,
    maxBytesPerTrigger,
    maxFileAgeMs,
    latestFirst,
    fileNameOnly,
    sourceArchiveDir,
    cleanSource,
    maxCachedFiles,
    discardCachedInputRatio,
  };
}
