/**
 * Options of the streaming file source (Spark's FileStreamOptions), read when a query starts the
 * source and checked in Spark's order with Spark's messages. Spark raises plain
 * IllegalArgumentExceptions here, so every error is `ILLEGAL_ARGUMENT` with Spark's text, e.g.
 * `Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer`.
 *
 * Example: `{ maxFilesPerTrigger: "2", latestFirst: "TRUE" }` →
 * `{ maxFilesPerTrigger: 2, latestFirst: true, maxFileAgeMs: 604800000, cleanSource: "off", … }`.
 */
import type { DataSourceOptions } from "./data-source-options.js";
import {
  illegalArgument,
  optionBoolean,
  type StreamOptionSpec,
  type StreamOptionsInput,
  streamOptions,
  timeStringAsMs,
  toJavaInt,
  toJavaLong,
} from "../stream-option.js";

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

/** Scala's `String.toFloat` (Java's parseFloat: blanks trimmed, an `f`/`d` suffix allowed). */
function toFloat(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)$/.test(t)) return undefined;
  return Math.fround(Number.parseFloat(t));
}

/** A boolean option (default false) read as Scala's `toBoolean`: `true`/`false` in any case, nothing else. */
function booleanOption(o: DataSourceOptions, name: string): boolean {
  const v = optionBoolean(o, name, false);
  if (v === undefined)
    throw illegalArgument(`Invalid value '${o.get(name)}' for option '${name}', must be 'true' or 'false'`);
  return v;
}

/** Reads and validates the file stream source's options in Spark's order. */
export function parseFileStreamOptions(input: StreamOptionsInput): FileStreamOptions {
  const o = streamOptions(input);
  for (const param of ["modifiedBefore", "modifiedAfter"])
    if (o.has(param)) throw illegalArgument(`option '${param}' is not allowed in file stream sources`);

  const filesText = o.get("maxFilesPerTrigger");
  let maxFilesPerTrigger: number | undefined;
  if (filesText !== undefined) {
    const v = toJavaInt(filesText);
    if (v === undefined || v <= 0)
      throw illegalArgument(
        `Invalid value '${filesText}' for option 'maxFilesPerTrigger', must be a positive integer`,
      );
    maxFilesPerTrigger = v;
  }

  const bytesText = o.get("maxBytesPerTrigger");
  let maxBytesPerTrigger: number | undefined;
  if (bytesText !== undefined) {
    const v = toJavaLong(bytesText);
    if (v === undefined || v <= 0n)
      throw illegalArgument(
        `Invalid value '${bytesText}' for option 'maxBytesPerTrigger', must be a positive integer`,
      );
    if (maxFilesPerTrigger !== undefined)
      throw illegalArgument(
        "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
      );
    maxBytesPerTrigger = Number(v);
  }

  const maxFileAgeMs = timeStringAsMs(o.get("maxFileAge") ?? "7d");
  const latestFirst = booleanOption(o, "latestFirst");
  const fileNameOnly = booleanOption(o, "fileNameOnly");
  const sourceArchiveDir = o.get("sourceArchiveDir");

  const cleanText = o.get("cleanSource");
  let cleanSource: CleanSourceMode = "off";
  if (cleanText !== undefined) {
    const mode = cleanText.toUpperCase();
    if (mode !== "ARCHIVE" && mode !== "DELETE" && mode !== "OFF")
      // Spark prints the Scala Option it looked at.
      throw illegalArgument(
        `Invalid mode for clean source option Some(${cleanText}). Must be one of ARCHIVE,DELETE,OFF`,
      );
    cleanSource = mode.toLowerCase() as CleanSourceMode;
  }
  if (cleanSource === "archive" && sourceArchiveDir === undefined)
    throw illegalArgument("Archive mode must be used with 'sourceArchiveDir' option.");

  const cachedText = o.get("maxCachedFiles");
  let maxCachedFiles = 10000;
  if (cachedText !== undefined) {
    const v = toJavaInt(cachedText);
    if (v === undefined || v < 0)
      throw illegalArgument(
        `Invalid value '${cachedText}' for option 'maxCachedFiles', must be an integer greater than or equal to 0`,
      );
    maxCachedFiles = v;
  }

  const ratioText = o.get("discardCachedInputRatio");
  let discardCachedInputRatio = Math.fround(0.2);
  if (ratioText !== undefined) {
    const v = toFloat(ratioText);
    if (v === undefined || !(v >= 0 && v <= 1))
      throw illegalArgument(
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
