/**
 * The file operations the durable state store shares between its partition files
 * (hdfs-backed-state-store-provider.ts) and its operator delta files (operator-delta-files.ts): an
 * atomic write through a hidden temp file (the `.<name>.<unique>.tmp` form storage/atomic-file.ts
 * also uses, which readers never open), the directory sync that makes a rename durable, and the
 * error helpers.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Temp file names unique within the process. */
let tempCounter = 0;

/** A hidden temp name for `name`. */
export function tempFileName(name: string): string {
  return `.${name}.${process.pid}-${++tempCounter}.tmp`;
}

/**
 * Writes `bytes` to `dir/name` atomically: a temp file, fsynced with `fsync`, renamed (then the
 * directory synced with `fsync`). Throws the file system's error after removing the temp file.
 */
export function writeFileViaTemp(dir: string, name: string, bytes: Uint8Array, fsync: boolean): void {
  const temp = join(dir, tempFileName(name));
  let fd = -1;
  try {
    fd = openSync(temp, "w");
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    if (fsync) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(temp, join(dir, name));
    if (fsync) syncDirectory(dir);
  } catch (e) {
    if (fd >= 0) closeQuietly(fd);
    rmSync(temp, { force: true });
    throw e;
  }
}

/** Makes a rename in `dir` durable, where the platform can sync a directory. */
export function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return; // Platforms that cannot open a directory cannot sync it either.
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = errorCode(e);
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "ENOTSUP") throw e;
  } finally {
    closeSync(fd);
  }
}

/** Closes `fd`, ignoring a failure (an error is already being reported). */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing: the original error is the one to report.
  }
}

/** The `code` of a Node.js system error. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e === "object" && e !== null && "code" in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** An error's message. */
export function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
