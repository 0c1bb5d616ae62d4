/**
 * Where a streaming query keeps its checkpoint (Spark's `StreamingQueryManager.createQuery`), in
 * order of precedence:
 *
 * 1. the writer option `checkpointLocation`, as given (made absolute);
 * 2. the session conf `spark.sql.streaming.checkpointLocation` joined with the query name, or a
 *    fresh UUID when the query has none;
 * 3. for sinks whose output cannot be replayed anyway (memory, console, foreach, foreachBatch,
 *    noop), a new temporary directory `<tempDirRoot>/temporary-<uuid>`, deleted when the query
 *    stops without failing;
 * 4. otherwise Spark's `_LEGACY_ERROR_TEMP_1298`.
 *
 * The UUID source and the temp root are parameters so the decision is testable; nothing is
 * created here.
 */
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TsparkError } from "../../common/errors.js";
import { listDirectory } from "../../storage/atomic-file.js";

/** The session conf naming the root of checkpoints of queries without the option. */
export const CHECKPOINT_LOCATION_CONF = "spark.sql.streaming.checkpointLocation";

/** The sinks that may run on a temporary checkpoint (Spark's `useTempCheckpointLocation`). */
export const TEMP_CHECKPOINT_SINKS: readonly string[] = [
  "memory",
  "console",
  "foreach",
  "foreachBatch",
  "noop",
];

/** What the location depends on. */
export interface CheckpointLocationRequest {
  /** The writer option `checkpointLocation`, if set. */
  readonly option: string | undefined;
  /** The session's `spark.sql.streaming.checkpointLocation`, if set. */
  readonly conf: string | undefined;
  /** The query name (`queryName(...)`), if set. */
  readonly queryName: string | undefined;
  /** The sink's format name as the writer knows it (`parquet`, `memory`, `foreachBatch`…). */
  readonly sink: string;
  /** A new random UUID string. */
  readonly newUuid: () => string;
  /** The directory temporary checkpoints go under (the OS temp directory in production). */
  readonly tempDirRoot: string;
  /** The directory relative locations are resolved against (default: the process's). */
  readonly cwd?: string;
}

/** A resolved checkpoint location. */
export interface CheckpointLocation {
  /** Absolute local path of the checkpoint directory. */
  readonly path: string;
  /** A temporary directory tspark chose: delete it when the query stops without failing. */
  readonly temporary: boolean;
}

/** Resolves the checkpoint location of a query to start (rules in the module comment). */
export function resolveCheckpointLocation(request: CheckpointLocationRequest): CheckpointLocation {
  const cwd = request.cwd ?? process.cwd();
  if (request.option !== undefined) return { path: localPath(request.option, cwd), temporary: false };
  if (request.conf !== undefined) {
    const name = request.queryName ?? request.newUuid();
    return { path: join(localPath(request.conf, cwd), name), temporary: false };
  }
  if (TEMP_CHECKPOINT_SINKS.includes(request.sink)) {
    return {
      path: join(resolve(cwd, request.tempDirRoot), `temporary-${request.newUuid()}`),
      temporary: true,
    };
  }
  throw new TsparkError("_LEGACY_ERROR_TEMP_1298", {
    messageParameters: { config: CHECKPOINT_LOCATION_CONF },
  });
}

/**
 * Refuses to restart from `checkpointDir` a query that cannot recover (Spark: the memory sink
 * outside Complete mode) when the checkpoint already has an offset log: `_LEGACY_ERROR_TEMP_1299`.
 */
export function checkRecoveryAllowed(checkpointDir: string, recoverFromCheckpoint: boolean): void {
  if (recoverFromCheckpoint) return;
  const offsets = join(checkpointDir, "offsets");
  if (listDirectory(checkpointDir).includes("offsets")) {
    throw new TsparkError("_LEGACY_ERROR_TEMP_1299", { messageParameters: { checkpointPath: offsets } });
  }
}

/** A local path or `file:` URI as an absolute, normalized path. */
function localPath(location: string, cwd: string): string {
  const path = location.startsWith("file:") ? fileURLToPath(normalizeFileUri(location)) : location;
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}

/** Hadoop's `file:/a/b` form (one slash) as a URL `fileURLToPath` accepts. */
function normalizeFileUri(uri: string): string {
  return /^file:\/(?!\/)/.test(uri) ? `file://${uri.slice("file:".length)}` : uri;
}
