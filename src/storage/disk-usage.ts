/**
 * How much a directory tree holds on disk (`du`): the number of regular files and their sizes,
 * for reports such as `tspark checkpoint inspect`. Temp files of an interrupted atomic write are
 * counted too: they occupy the disk all the same.
 */
import { lstatSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { TsparkError } from "../common/errors.js";

/** Files and bytes under a directory. */
export interface DiskUsage {
  /** Regular files (at any depth). */
  readonly files: number;
  /** Their sizes in bytes (apparent size, as `du --apparent-size`). */
  readonly bytes: number;
}

/**
 * The regular files under `dir` (recursively; symbolic links are not followed) and their total
 * size; zero for a missing directory. Other failures are `STORAGE_IO_ERROR` naming the path.
 */
export function directoryUsage(dir: string): DiskUsage {
  let files = 0;
  let bytes = 0;
  const walk = (path: string): void => {
    let names: string[];
    try {
      names = readdirSync(path);
    } catch (e) {
      if (errorCode(e) === "ENOENT") return;
      throw ioError("list", path, e);
    }
    for (const name of names) {
      const child = join(path, name);
      let stat: ReturnType<typeof lstatSync>;
      try {
        stat = lstatSync(child);
      } catch (e) {
        // Deleted between the listing and the stat (a concurrent purge): not part of the tree.
        if (errorCode(e) === "ENOENT") continue;
        throw ioError("read", child, e);
      }
      if (stat.isDirectory()) walk(child);
      else if (stat.isFile()) {
        files++;
        bytes += stat.size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function errorCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e
    ? String((e as { code: unknown }).code)
    : undefined;
}

function ioError(operation: string, path: string, cause: unknown): TsparkError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TsparkError("STORAGE_IO_ERROR", { messageParameters: { operation, path, reason }, cause });
}

/** Whether `path` is an existing directory (following symbolic links). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    if (errorCode(e) === "ENOENT" || errorCode(e) === "ENOTDIR") return false;
    throw ioError("read", path, e);
  }
}
