/**
 * The file index (Spark's InMemoryFileIndex): turns the paths given to a reader into the list of
 * data files to read, once, when the DataFrame is created.
 *
 * - A path may be a file, a directory (listed recursively) or a glob (`*`, `?`, `[abc]`, `{a,b}`
 *   in any segment); a path that does not exist, or a glob that matches nothing, is
 *   `PATH_NOT_FOUND`. As in Spark, a read without partition directories takes only the files
 *   directly in each given directory (nested files need `recursiveFileLookup`), and a path given
 *   several times is read several times.
 * - Hidden entries are skipped at every level, as Spark does: names starting with `.`, or with `_`
 *   unless they contain `=` (so `_SUCCESS`, `_temporary`, `_spark_metadata` are never data), and
 *   names ending in `._COPYING_`.
 * - `pathGlobFilter` keeps files whose name matches a glob; `modifiedBefore` / `modifiedAfter`
 *   (`YYYY-MM-DDTHH:mm:ss`, in the `timeZone` option or the session zone) filter by modification
 *   time; `recursiveFileLookup=true` lists recursively and turns partition discovery off.
 * - Partition discovery uses the directories given (globs expanded) as base paths, or the
 *   `basePath` option (a directory above every path, else `ILLEGAL_ARGUMENT`).
 * - `ignoreMissingFiles` and `ignoreInvalidPartitionPaths` options override the session's
 *   `spark.sql.files.*` settings.
 * - The output directory of a streaming file sink is listed from its `_spark_metadata` log
 *   instead of the file system (`listLoggedFiles`; file-source.ts decides when).
 *
 * Listing is synchronous: `spark.read…load()` returns a DataFrame synchronously, as in PySpark.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { TsparkError } from "../../common/errors.js";
import { getTimeZone, parseTimestamp } from "../../data/datetime.js";
import { StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileStatus } from "./file-format.js";
import { fileUrl } from "./file-input.js";
import { type DiscoveredPartitioning, discoverPartitions } from "./partitioning.js";

/** The listed input of one read. */
export interface FileListing {
  /** The paths as given (resolved to absolute), for explain's `Location`. */
  readonly rootPaths: readonly string[];
  /** Data files to read: sorted by path, or per root path for an unpartitioned read (see above). */
  readonly files: readonly FileStatus[];
  readonly partitioning: DiscoveredPartitioning;
}

/** Settings of a listing taken from the session. */
export interface ListingContext {
  readonly timeZone: string;
  readonly caseSensitive: boolean;
  /** `spark.sql.sources.partitionColumnTypeInference.enabled`. */
  readonly partitionTypeInference: boolean;
  /** `spark.sql.files.ignoreMissingFiles`: a path that vanished while listing is skipped. */
  readonly ignoreMissingFiles: boolean;
  /** `spark.sql.files.ignoreInvalidPartitionPaths`: files outside the partition layout are dropped. */
  readonly ignoreInvalidPartitionPaths?: boolean;
  /** `spark.sql.timestampType` is TIMESTAMP_NTZ: timestamp partition values infer TIMESTAMP_NTZ. */
  readonly timestampNtz?: boolean;
}

/** Spark's hidden-path rule for one file or directory name. */
export function isHiddenName(name: string): boolean {
  return (name.startsWith("_") && !name.includes("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
}

/** A glob (Hadoop syntax: `*`, `?`, `[…]`, `[^…]`, `{a,b}`, `\` escapes) as a RegExp for one name. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let inClass = false;
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\" && i + 1 < glob.length) {
      re += `\\${glob[++i]!}`;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      re += c === "\\" ? "\\\\" : c;
      continue;
    }
    switch (c) {
      case "*":
        re += "[^/]*";
        break;
      case "?":
        re += "[^/]";
        break;
      case "[":
        inClass = true;
        if (glob[i + 1] === "^" || glob[i + 1] === "!") {
          i++;
          re += "[^";
        } else re += "[";
        break;
      case "{":
        braces++;
        re += "(?:";
        break;
      case "}":
        if (braces > 0) {
          braces--;
          re += ")";
        } else re += "\\}";
        break;
      case ",":
        re += braces > 0 ? "|" : ",";
        break;
      default:
        re += /[.+^$()|]/.test(c) ? `\\${c}` : c;
    }
  }
  return new RegExp(`^${re}$`, "s");
}

function hasGlob(segment: string): boolean {
  return /[*?[{]/.test(segment);
}

function toLocalPath(p: string): string {
  const stripped = p.startsWith("file://")
    ? p.slice("file://".length)
    : p.startsWith("file:")
      ? p.slice(5)
      : p;
  return isAbsolute(stripped) ? resolve(stripped) : resolve(process.cwd(), stripped);
}

function notFound(path: string): TsparkError {
  return new TsparkError("PATH_NOT_FOUND", { messageParameters: { path: fileUrl(path) } });
}

/** Expands one path (with glob segments) into existing paths, sorted. */
function expandGlob(path: string): string[] {
  const parts = path.split(sep);
  let current = [parts[0] === "" ? sep : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === "") continue;
    const next: string[] = [];
    for (const base of current) {
      if (!hasGlob(part)) {
        next.push(join(base, part));
        continue;
      }
      const re = globToRegExp(part);
      let names: string[];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      for (const n of names.sort()) if (re.test(n) && !isHiddenName(n)) next.push(join(base, n));
    }
    current = next;
  }
  return current.filter((p) => {
    try {
      statSync(p);
      return true;
    } catch {
      return false;
    }
  });
}

// Spark's ModifiedDateFilter: the threshold is read as CAST reads a timestamp (stringToTimestamp),
// local times in the `timeZone` option or the session zone; the error names the lower-cased option.
function parseModified(options: DataSourceOptions, key: string, timeZone: string): number | undefined {
  const v = options.get(key);
  if (v === undefined) return undefined;
  const micros = parseTimestamp(v, getTimeZone(options.get("timeZone") ?? timeZone));
  if (micros === null)
    throw new TsparkError("INVALID_OPTION_VALUE", {
      messageParameters: {
        option: key.toLowerCase(),
        value: v,
        expected: "a timestamp as YYYY-MM-DDTHH:mm:ss",
      },
    });
  return micros / 1000;
}

/**
 * Lists the data files of `paths`. `userSchema` (the reader's schema, if any) fixes the types of
 * partition columns it names.
 */
export function listFiles(
  paths: readonly string[],
  options: DataSourceOptions,
  ctx: ListingContext,
  userSchema?: StructType,
): FileListing {
  const recursive = options.bool("recursiveFileLookup", false);
  // The reader options override the session's settings, as Spark's FileIndexOptions.
  const ignoreMissing = options.bool("ignoreMissingFiles", ctx.ignoreMissingFiles);
  const ignoreInvalidPartitionPaths = options.bool(
    "ignoreInvalidPartitionPaths",
    ctx.ignoreInvalidPartitionPaths ?? false,
  );
  const globFilter = options.get("pathGlobFilter");
  const nameFilter = globFilter === undefined ? undefined : globToRegExp(globFilter);
  const before = parseModified(options, "modifiedBefore", ctx.timeZone);
  const after = parseModified(options, "modifiedAfter", ctx.timeZone);
  const roots: string[] = [];
  const basePaths = new Set<string>();
  const files = new Map<string, FileStatus>();

  const addFile = (path: string, size: number, mtime: number) => {
    const name = path.slice(path.lastIndexOf(sep) + 1);
    if (nameFilter && !nameFilter.test(name)) return;
    if (before !== undefined && !(mtime < before)) return;
    if (after !== undefined && !(mtime > after)) return;
    files.set(path, { path, size, modificationTime: mtime });
  };
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      if (ignoreMissing && (e as { code?: string }).code === "ENOENT") return;
      throw new TsparkError("FAILED_READ_FILE.NO_HINT", {
        messageParameters: { path: fileUrl(dir) },
        cause: e,
      });
    }
    for (const n of names.sort()) {
      if (isHiddenName(n)) continue;
      const p = join(dir, n);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(p);
      } catch (e) {
        if ((e as { code?: string }).code === "ENOENT") continue;
        throw new TsparkError("FAILED_READ_FILE.NO_HINT", {
          messageParameters: { path: fileUrl(p) },
          cause: e,
        });
      }
      if (st.isDirectory()) walk(p);
      else addFile(p, st.size, st.mtimeMs);
    }
  };

  for (const given of paths) {
    const local = toLocalPath(given);
    const expanded = local.split(sep).some(hasGlob) ? expandGlob(local) : [local];
    if (expanded.length === 0) throw notFound(local);
    for (const p of expanded) {
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(p);
      } catch {
        throw notFound(p);
      }
      roots.push(p);
      if (st.isDirectory()) {
        basePaths.add(p);
        walk(p);
      } else {
        basePaths.add(dirname(p));
        addFile(p, st.size, st.mtimeMs);
      }
    }
  }
  const base = options.get("basePath");
  if (base !== undefined) {
    const local = toLocalPath(base);
    let isDir = false;
    try {
      isDir = statSync(local).isDirectory();
    } catch {
      // A missing basePath is not a directory either.
    }
    if (!isDir)
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: "Option 'basePath' must be a directory" },
      });
    // Every root path must lie below the base path (Spark compares the qualified path strings).
    const wrong = roots.find((r) => !r.startsWith(local));
    if (wrong !== undefined)
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: `Wrong basePath ${base} for the root path: ${wrong}` },
      });
    basePaths.clear();
    basePaths.add(local);
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const partitioning: DiscoveredPartitioning = recursive
    ? { schema: new StructType([]), valuesByFile: new Map() }
    : discoverPartitions(
        sorted.map((f) => f.path),
        basePaths,
        {
          typeInference: ctx.partitionTypeInference,
          caseSensitive: ctx.caseSensitive,
          ignoreInvalidPartitionPaths,
          timestampNtz: ctx.timestampNtz ?? false,
          ...(userSchema ? { userSchema } : {}),
        },
      );
  // Spark's allFiles: an unpartitioned read without recursiveFileLookup takes, root path by root
  // path, the file itself or the files directly in the directory (a path given twice is read
  // twice); files in plain subdirectories are listed (for partition discovery) but not read.
  const read =
    recursive || partitioning.schema.fields.length > 0
      ? sorted
      : roots.flatMap((r) => {
          const own = files.get(r);
          return own ? [own] : sorted.filter((f) => dirname(f.path) === r);
        });
  return { rootPaths: roots, files: read, partitioning };
}

/**
 * The listing of a file sink's output read through its `_spark_metadata` log (Spark's
 * MetadataLogFileIndex): `logged` (the log's files, local paths) stand in for a directory walk of
 * `root`, so files the log does not name — partial output of failed batches, stray files — are
 * never read. Partitions are discovered from the logged paths below `root`; `pathGlobFilter` and
 * `recursiveFileLookup` apply as for any listing, and an unpartitioned read takes the files
 * directly in `root`.
 */
export function listLoggedFiles(
  root: string,
  logged: readonly FileStatus[],
  options: DataSourceOptions,
  ctx: ListingContext,
  userSchema?: StructType,
): FileListing {
  const recursive = options.bool("recursiveFileLookup", false);
  const globFilter = options.get("pathGlobFilter");
  const nameFilter = globFilter === undefined ? undefined : globToRegExp(globFilter);
  const files = new Map<string, FileStatus>();
  for (const f of logged) {
    const name = f.path.slice(f.path.lastIndexOf(sep) + 1);
    if (nameFilter && !nameFilter.test(name)) continue;
    files.set(f.path, f);
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const partitioning: DiscoveredPartitioning = recursive
    ? { schema: new StructType([]), valuesByFile: new Map() }
    : discoverPartitions(
        sorted.map((f) => f.path),
        new Set([root]),
        {
          typeInference: ctx.partitionTypeInference,
          caseSensitive: ctx.caseSensitive,
          ignoreInvalidPartitionPaths: options.bool(
            "ignoreInvalidPartitionPaths",
            ctx.ignoreInvalidPartitionPaths ?? false,
          ),
          timestampNtz: ctx.timestampNtz ?? false,
          ...(userSchema ? { userSchema } : {}),
        },
      );
  const read =
    recursive || partitioning.schema.fields.length > 0
      ? sorted
      : sorted.filter((f) => dirname(f.path) === root);
  return { rootPaths: [root], files: read, partitioning };
}
