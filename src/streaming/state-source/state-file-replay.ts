/**
 * Fine-grained replay of the HDFS-backed provider's files (Spark's `SupportsFineGrainedReplay`),
 * for the state data source options that need more than a version's state:
 *
 * - `readChangeFeed`: the records of `<version>.delta` (or of the store's section of the operator
 *   delta file of the version, operator-delta-files.ts), one per key its batch wrote (`update`,
 *   with the new value) or removed (`delete`);
 * - `snapshotStartBatchId`: the state rebuilt from `<snapshotStartBatchId + 1>.snapshot` and the
 *   deltas after it, ignoring any later snapshot (to check a snapshot, or skip a damaged one).
 *
 * Files are read and verified by state-files.ts; nothing is written or deleted. A missing file is
 * Spark's `CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS` /
 * `CANNOT_READ_MISSING_SNAPSHOT_FILE`, a damaged one `CANNOT_LOAD_STATE_STORE.UNCATEGORIZED`, each
 * naming the file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TsparkError } from "../../common/errors.js";
import {
  deltaFileName,
  RECORD_PUT,
  readStateFile,
  type StateFileKind,
  snapshotFileName,
} from "../state/state-files.js";
import { readOperatorDeltaSection } from "../state/operator-delta-files.js";
import { stateKeyOf } from "../state/state-key.js";
import type { StateStoreId } from "../state/state-store.js";

/** One record of a delta file: a key written with its value, or removed. */
export interface StateChange {
  readonly kind: "update" | "delete";
  readonly key: readonly unknown[];
  /** The new value (`delete`: undefined). */
  readonly value: unknown;
}

/** Where a store's files are and who wrote them (named in errors). */
export interface StoreFiles {
  /** `<stateRoot>/<operatorId>/<partitionId>`. */
  readonly dir: string;
  /** The provider's description (Spark's `clazz` error parameter). */
  readonly clazz: string;
  /** The store, to find its section of an operator delta file when it has no delta file of its own. */
  readonly id?: StateStoreId;
}

/** The records of `version`'s delta file, in the order the batch wrote them. */
export function readDeltaChanges(files: StoreFiles, version: number): StateChange[] {
  const out: StateChange[] = [];
  readFile(files, "delta", version, (op, key, value) => {
    out.push(op === RECORD_PUT ? { kind: "update", key, value } : { kind: "delete", key, value: undefined });
  });
  return out;
}

/**
 * The state of `endVersion` rebuilt from the snapshot of `snapshotVersion` and the deltas after
 * it, as entries in first-written order.
 */
export function replayFromSnapshot(
  files: StoreFiles,
  snapshotVersion: number,
  endVersion: number,
): { key: readonly unknown[]; value: unknown }[] {
  const state = new Map<unknown, { key: readonly unknown[]; value: unknown }>();
  const apply = (op: number, key: unknown[], value: unknown) => {
    const k = stateKeyOf(key);
    if (op === RECORD_PUT) state.set(k, { key, value });
    else state.delete(k);
  };
  // Version 0 is the empty state: nothing to read before the first delta.
  if (snapshotVersion > 0) readFile(files, "snapshot", snapshotVersion, apply);
  for (let v = snapshotVersion + 1; v <= endVersion; v++) readFile(files, "delta", v, apply);
  return [...state.values()];
}

function readFile(
  files: StoreFiles,
  kind: StateFileKind,
  version: number,
  apply: (op: 1 | 2, key: unknown[], value: unknown) => void,
): void {
  const path = join(files.dir, kind === "delta" ? deltaFileName(version) : snapshotFileName(version));
  let bytes: Uint8Array;
  try {
    const buf = readFileSync(path);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code =
      typeof e === "object" && e !== null && "code" in e ? (e as { code: unknown }).code : undefined;
    const section =
      code === "ENOENT" && kind === "delta" && files.id !== undefined
        ? readOperatorDeltaSection(files.id, version)
        : undefined;
    if (section !== undefined) {
      readStateFile(section.bytes, { path: section.path, clazz: files.clazz }, { kind, version }, apply);
      return;
    }
    if (code === "ENOENT") {
      throw new TsparkError(
        kind === "delta"
          ? "CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS"
          : "CANNOT_LOAD_STATE_STORE.CANNOT_READ_MISSING_SNAPSHOT_FILE",
        { messageParameters: { fileToRead: path, clazz: files.clazz } },
      );
    }
    throw new TsparkError("CANNOT_LOAD_STATE_STORE.UNCATEGORIZED", {
      messageParameters: {
        fileToRead: path,
        clazz: files.clazz,
        reason: e instanceof Error ? e.message : String(e),
      },
      cause: e,
    });
  }
  readStateFile(bytes, { path, clazz: files.clazz }, { kind, version }, apply);
}
