/**
 * The checkpoint's `metadata` file (Spark's StreamMetadata): the query id, stable across restarts,
 * written once when the checkpoint is created. One JSON object, no newline:
 *
 *     {"id":"73f7f943-0a08-4ffb-a504-9fa88ff7612a"}
 */
import { join } from "node:path";
import { TsparkError } from "../../common/errors.js";
import { readTextIfExists, writeFileAtomic } from "../../storage/atomic-file.js";
import { corruptFile, expectObject } from "../../storage/log-version.js";
import { OffsetSeqLog } from "./offset-seq-log.js";

/** The checkpoint's identity. */
export interface StreamMetadata {
  /** The query id (a UUID string). */
  readonly id: string;
}

/** The path of the `metadata` file of `checkpointDir`. */
export function streamMetadataPath(checkpointDir: string): string {
  return join(checkpointDir, "metadata");
}

/** Encodes the metadata file's text. */
export function serializeStreamMetadata(metadata: StreamMetadata): string {
  return JSON.stringify({ id: metadata.id });
}

/** Decodes the metadata file read from `path`; a file without a string `id` is corrupt. */
export function deserializeStreamMetadata(text: string, path: string): StreamMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw corruptFile(path, "the content is not valid JSON (the file may be truncated)", e);
  }
  const obj = expectObject(value, path, "the content");
  if (typeof obj.id !== "string" || obj.id === "") throw corruptFile(path, 'field "id" is missing');
  return { id: obj.id };
}

/** The metadata of `checkpointDir`, or undefined when the file does not exist yet. */
export function readStreamMetadata(checkpointDir: string): StreamMetadata | undefined {
  const path = streamMetadataPath(checkpointDir);
  const text = readTextIfExists(path);
  return text === undefined ? undefined : deserializeStreamMetadata(text, path);
}

/**
 * Writes the metadata of `checkpointDir` unless a metadata file exists; returns whether it was
 * written (the id of an existing checkpoint never changes).
 */
export function writeStreamMetadata(checkpointDir: string, metadata: StreamMetadata): boolean {
  return writeFileAtomic(streamMetadataPath(checkpointDir), serializeStreamMetadata(metadata), {
    overwrite: false,
  });
}

/**
 * The identity of the query starting on `checkpointDir`: its `metadata` file, or for a new
 * checkpoint a fresh one (`newId()`) written first. A checkpoint whose offset log holds batches but
 * that has no `metadata` file lost it (a partial copy, a deleted file): the query id cannot be
 * recovered, so this is `STREAMING_CHECKPOINT_INCONSISTENT_LOGS` naming the file. (Spark writes a
 * new id there; tspark refuses, as a restarted query must keep its id.) A corrupt file is
 * `STREAMING_CHECKPOINT_CORRUPT_FILE`.
 */
export function loadOrCreateStreamMetadata(checkpointDir: string, newId: () => string): StreamMetadata {
  const existing = readStreamMetadata(checkpointDir);
  if (existing !== undefined) return existing;
  const latest = new OffsetSeqLog(join(checkpointDir, "offsets")).getLatestBatchId();
  if (latest !== undefined)
    throw new TsparkError("STREAMING_CHECKPOINT_INCONSISTENT_LOGS", {
      messageParameters: {
        reason: `${streamMetadataPath(checkpointDir)} (the query id) does not exist, but the offset log holds batches up to ${latest}`,
      },
    });
  const created = { id: newId() };
  // Another start that wrote first wins: its id is the checkpoint's.
  return writeStreamMetadata(checkpointDir, created)
    ? created
    : (readStreamMetadata(checkpointDir) ?? created);
}
