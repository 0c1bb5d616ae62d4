/**
 * Atomic small-file I/O for checkpoints, state and sink logs: a file is either absent or complete,
 * never partially visible, whatever the moment the process dies.
 *
 * A write goes to a hidden temp file in the same directory (`.<name>.<random>.tmp`), is fsynced,
 * then renamed (or hard-linked, when overwriting is refused) onto its final name, and the
 * directory is fsynced where the platform allows it. With `fsync: false` the two fsyncs are
 * skipped: the write is still atomic and survives the process dying (the data is in the OS page
 * cache), but not a power loss or OS crash — what Spark's checkpoint writes on a local file
 * system guarantee. A crash before the rename leaves only a temp
 * file, which `listDirectory` never returns and readers never open. Every failure is a
 * `STORAGE_IO_ERROR` naming the path. The calls are synchronous: the files are small and the
 * callers (offset log, commit log) must not interleave writes.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { TsparkError } from "../common/errors.js";

/** Options of `writeFileAtomic`. */
export interface AtomicWriteOptions {
  /** Replace an existing file (default true); when false an existing file is left untouched. */
  readonly overwrite?: boolean;
  /** Flush the file and its directory to the device before returning (default true). */
  readonly fsync?: boolean;
}

/** Whether `name` is one of the temp files `writeFileAtomic` creates (hidden, `.tmp`). */
export function isTempFileName(name: string): boolean {
  return name.startsWith(".") && name.endsWith(".tmp");
}

/**
 * Writes `data` to `path` atomically, creating missing parent directories. Returns false (and
 * writes nothing) when `overwrite` is false and `path` already exists, true otherwise. Throws
 * `STORAGE_IO_ERROR` naming `path` on any I/O failure, after removing its temp file.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): boolean {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(8).toString("hex")}.tmp`);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let tempExists = false;
  try {
    makeDirectoriesOrThrow(dir);
    const fd = openSync(temp, "wx");
    tempExists = true;
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      if (options.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.overwrite === false) {
      // A hard link fails with EEXIST instead of replacing: no window where a concurrent writer's
      // file could be clobbered.
      try {
        linkSync(temp, path);
      } catch (e) {
        if (errorCode(e) === "EEXIST") return false;
        throw e;
      }
      unlinkSync(temp);
    } else {
      renameSync(temp, path);
    }
    tempExists = false;
    if (options.fsync !== false) syncDirectory(dir);
    return true;
  } catch (e) {
    throw ioError("write", path, e);
  } finally {
    if (tempExists) rmSync(temp, { force: true });
  }
}

/** The bytes of `path`, or undefined when it does not exist; other failures are `STORAGE_IO_ERROR`. */
export function readFileIfExists(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    if (errorCode(e) === "ENOENT") return undefined;
    throw ioError("read", path, e);
  }
}

/** The UTF-8 text of `path`, or undefined when it does not exist. */
export function readTextIfExists(path: string): string | undefined {
  const bytes = readFileIfExists(path);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
}

/**
 * The names in directory `dir` (files and sub-directories), sorted, without `writeFileAtomic`'s
 * temp files; empty when `dir` does not exist.
 */
export function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => !isTempFileName(n))
      .sort();
  } catch (e) {
    if (errorCode(e) === "ENOENT") return [];
    throw ioError("list", dir, e);
  }
}

/** Deletes file `path`; a missing file is not an error. */
export function deleteFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if (errorCode(e) === "ENOENT") return;
    throw ioError("delete", path, e);
  }
}

/** Creates directory `dir` and its parents when missing. */
export function makeDirectories(dir: string): void {
  try {
    makeDirectoriesOrThrow(dir);
  } catch (e) {
    throw ioError("create the directory", dir, e);
  }
}

/**
 * `mkdir -p dir`, failing with the real reason: Node's recursive mkdir reports ENOENT whenever a
 * missing level cannot be created (on a read-only file system, say), so on ENOENT the levels are
 * created one by one and the first failure (EROFS, ENOSPC, EACCES…) is thrown.
 */
function makeDirectoriesOrThrow(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    return;
  } catch (e) {
    if (errorCode(e) !== "ENOENT") throw e;
  }
  const parent = dirname(dir);
  if (parent !== dir) makeDirectoriesOrThrow(parent);
  try {
    mkdirSync(dir);
  } catch (e) {
    if (errorCode(e) !== "EEXIST") throw e;
  }
}

/** Flushes a directory entry (the rename) to disk; platforms that cannot open directories skip it. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch (e) {
    if (isUnsupported(e)) return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!isUnsupported(e)) throw e;
  } finally {
    closeSync(fd);
  }
}

function isUnsupported(e: unknown): boolean {
  const code = errorCode(e);
  return code === "EISDIR" || code === "EPERM" || code === "EINVAL" || code === "ENOTSUP";
}

function errorCode(e: unknown): string | undefined {
  if (typeof e === "object" && e !== null && "code" in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

function ioError(operation: string, path: string, cause: unknown): TsparkError {
  if (cause instanceof TsparkError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TsparkError("STORAGE_IO_ERROR", {
    messageParameters: { operation, path, reason },
    cause,
  });
}
