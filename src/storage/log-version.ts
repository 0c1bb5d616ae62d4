/**
 * The version line every metadata log file starts with (`v1`: the checkpoint's offsets, commits and
 * file-source logs, the file sink's `_spark_metadata`), and the shared checks that turn a bad file
 * into an error naming it: an empty file, an unknown version, garbage, or a truncated line.
 */
import { TsparkError } from "../common/errors.js";

/**
 * The version number of `line` (`v1` → 1). A version above `maxSupported` is
 * `INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION` (written by a newer Spark: upgrade); no line at all
 * (an empty file) or anything that is not `v<positive integer>` is
 * `STREAMING_CHECKPOINT_CORRUPT_FILE`. Both name `path`.
 */
export function parseLogVersion(line: string | undefined, maxSupported: number, path: string): number {
  // Every log file has at least its version line: an empty one never was a complete write.
  if (line === undefined) throw corruptFile(path, "the file is empty");
  const text = line.trim();
  const m = /^v([0-9]+)$/.exec(text);
  const version = m?.[1] === undefined ? Number.NaN : Number(m[1]);
  if (Number.isSafeInteger(version) && version > 0) {
    if (version <= maxSupported) return version;
    throw new TsparkError("INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION", {
      messageParameters: { path, version: String(m?.[1]), maxSupportedVersion: String(maxSupported) },
    });
  }
  throw corruptFile(path, `failed to read the log version from ${JSON.stringify(text.slice(0, 40))}`);
}

/** `STREAMING_CHECKPOINT_CORRUPT_FILE` for `path` with `reason`. */
export function corruptFile(path: string, reason: string, cause?: unknown): TsparkError {
  return new TsparkError("STREAMING_CHECKPOINT_CORRUPT_FILE", {
    messageParameters: { path, reason },
    cause,
  });
}

/** Parses one JSON line of `path`, or throws `STREAMING_CHECKPOINT_CORRUPT_FILE` naming the line. */
export function parseJsonLine(text: string, path: string, lineNumber: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw corruptFile(path, `line ${lineNumber} is not valid JSON (the file may be truncated)`, e);
  }
}

/** The JSON object `value`, or throws `STREAMING_CHECKPOINT_CORRUPT_FILE` naming `what`. */
export function expectObject(value: unknown, path: string, what: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw corruptFile(path, `${what} is not a JSON object`);
}

/**
 * The integer field `key` of `obj` (a JSON long that fits a safe integer), `fallback` when absent;
 * anything else is `STREAMING_CHECKPOINT_CORRUPT_FILE`.
 */
export function integerField(
  obj: Record<string, unknown>,
  key: string,
  fallback: number | undefined,
  path: string,
): number {
  const v = obj[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  throw corruptFile(path, `field "${key}" is ${v === undefined ? "missing" : "not an integer"}`);
}
