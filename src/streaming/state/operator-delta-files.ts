/**
 * Operator delta files: one file per stateful operator and committed version holding the delta of
 * every store the operator committed in that batch, instead of one `<version>.delta` per partition.
 *
 * Why: a micro-batch commits every partition of every stateful operator (200 by default,
 * `spark.sql.shuffle.partitions`); creating and renaming 200 small files costs ~0.1–0.3 ms each on
 * a local file system — tens of milliseconds per batch, the whole of a small batch's latency. One
 * file per operator makes that cost one file. Snapshots stay per partition (written in the
 * background), and a partition's `<version>.delta` written by a lone commit, an earlier tspark, or
 * with `tspark.sql.streaming.stateStore.operatorDeltaFiles=false` is still read.
 *
 * Layout: `<stateRoot>/<operatorId>/_deltas/<version>.delta` (the state readers only list numeric
 * directories as partitions, as Spark's do, so `_deltas` is never taken for one).
 *
 * Contract (the HDFS-backed provider relies on it):
 * - A section is a complete state file (state-files.ts) of kind delta for `version`, exactly the
 *   bytes a partition's own `<version>.delta` would hold, so it is verified the same way.
 * - Precedence: a partition's own `<version>.delta`, when present, wins over its section; a group
 *   commit of `version` deletes the partition files of that version first, so whichever was written
 *   last is the one read.
 * - A group commit of `version` deletes every operator delta file of a later version (an earlier
 *   run of a later batch, as a partition commit deletes its later files).
 * - An operator delta file is deleted once no store it has a section for needs it (the purge of
 *   every provider in the commit is past it): the committer does it, off the batch's thread.
 * - Writes are atomic (temp file, then rename; fsynced with `conf.fsync`).
 *
 * Format (little-endian):
 *
 * | part     | bytes | content                                                          |
 * | -------- | ----- | ---------------------------------------------------------------- |
 * | header   | 4     | magic `TSOD`                                                     |
 * |          | 1     | format version (1)                                               |
 * |          | 3     | reserved (0)                                                     |
 * |          | 8     | the store version of every section (uint64)                     |
 * | index    | 4     | number of sections (uint32)                                      |
 * |          | …     | per section: partition id (uint32), store name length (uint16, 0 |
 * |          |       | for the default store) and UTF-8 bytes, section length (uint32)  |
 * |          | 4     | CRC32 of header and index                                        |
 * | sections | …     | the sections' bytes, in index order                              |
 * | trailer  | 4     | end marker `TSOE`                                                |
 *
 * Reading checks size, magic, format version, store version, the index CRC, that the sections
 * fill the file exactly and the end marker, and fails with CANNOT_LOAD_STATE_STORE naming the file.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlink, unlinkSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { TsparkError } from "../../common/errors.js";
import { isTempFileName } from "../../storage/atomic-file.js";
import { ByteReader, ByteWriter } from "./state-codec.js";
import { errorCode, reasonOf, writeFileViaTemp } from "./state-file-io.js";
import { deltaFileName, parseStateFileName } from "./state-files.js";
import { DEFAULT_STATE_STORE_NAME, type StateStoreId } from "./state-store.js";

/** The directory of an operator's delta files, under `<stateRoot>/<operatorId>`. */
export const OPERATOR_DELTAS_DIR = "_deltas";

/** The format version this code writes (and the only one it reads). */
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;
// "TSOD" and "TSOE" read as little-endian uint32.
const MAGIC = 0x444f5354;
const END_MARKER = 0x454f5354;
const TWO_32 = 0x1_0000_0000;
/** Bytes of parsed files kept in the read cache (a restart reads each file once for every partition). */
const CACHE_BYTES = 64 << 20;

/** One store's delta in an operator delta file. */
export interface OperatorDeltaSection {
  readonly partitionId: number;
  /** The store name; undefined for the default store. */
  readonly storeName: string | undefined;
  readonly bytes: Uint8Array;
}

/** `<stateRoot>/<operatorId>/_deltas`. */
export function operatorDeltasDir(stateRoot: string, operatorId: number): string {
  return join(stateRoot, String(operatorId), OPERATOR_DELTAS_DIR);
}

/** The path of an operator's delta file of `version`. */
export function operatorDeltaPath(stateRoot: string, operatorId: number, version: number): string {
  return join(operatorDeltasDir(stateRoot, operatorId), deltaFileName(version));
}

/** The section key of a store: its partition and store name. */
function sectionKey(partitionId: number, storeName: string | undefined): string {
  return storeName === undefined || storeName === DEFAULT_STATE_STORE_NAME
    ? String(partitionId)
    : `${partitionId}/${storeName}`;
}

/** The section key of a store id. */
export function sectionKeyOf(id: StateStoreId): string {
  return sectionKey(id.partitionId, id.storeName);
}

/** Encodes an operator delta file of `version` from its sections. */
export function encodeOperatorDelta(version: number, sections: readonly OperatorDeltaSection[]): Uint8Array {
  const encoder = new TextEncoder();
  const names = sections.map((s) =>
    s.storeName === undefined || s.storeName === DEFAULT_STATE_STORE_NAME
      ? new Uint8Array(0)
      : encoder.encode(s.storeName),
  );
  // Sized exactly, so that the sections are copied once and the buffer is the file.
  // Header, section count, index CRC, end marker; per section its index entry and its bytes.
  let total = HEADER_BYTES + 4 + 4 + 4;
  for (let i = 0; i < sections.length; i++) total += 4 + 2 + names[i]!.length + 4 + sections[i]!.bytes.length;
  const w = new ByteWriter(total);
  w.uint32(MAGIC);
  w.byte(FORMAT_VERSION);
  w.byte(0);
  w.byte(0);
  w.byte(0);
  w.uint32(version % TWO_32);
  w.uint32(Math.floor(version / TWO_32));
  w.uint32(sections.length);
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    const name = names[i]!;
    w.uint32(s.partitionId);
    w.byte(name.length & 0xff);
    w.byte(name.length >>> 8);
    w.raw(name);
    w.uint32(s.bytes.length);
  }
  w.uint32(crc32(w.bytes()));
  for (const s of sections) w.raw(s.bytes);
  w.uint32(END_MARKER);
  const bytes = w.bytes();
  return bytes.length === total ? bytes : bytes.slice();
}

/** A verified operator delta file: its bytes and where each section is. */
interface ParsedOperatorDelta {
  readonly bytes: Uint8Array;
  readonly sections: ReadonlyMap<string, { readonly start: number; readonly end: number }>;
}

/** Parses and verifies an operator delta file's frame (the sections verify themselves when read). */
export function parseOperatorDelta(bytes: Uint8Array, path: string, version: number): ParsedOperatorDelta {
  const fail = (reason: string) =>
    new TsparkError("CANNOT_LOAD_STATE_STORE.UNCATEGORIZED", {
      messageParameters: { fileToRead: path, clazz: "HDFSStateStoreProvider", reason },
    });
  if (bytes.length < HEADER_BYTES + 12)
    throw fail(`the file has ${bytes.length} bytes, fewer than an empty operator delta file (truncated)`);
  const r = new ByteReader(bytes);
  if (r.uint32() !== MAGIC) throw fail("it does not start with the operator delta file magic number");
  const format = r.byte();
  if (format !== FORMAT_VERSION)
    throw new TsparkError("CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION", {
      messageParameters: { fileToRead: path, version: String(format) },
    });
  if (r.byte() !== 0 || r.byte() !== 0 || r.byte() !== 0)
    throw fail("its header has non-zero reserved bytes");
  const lo = r.uint32();
  const found = r.uint32() * TWO_32 + lo;
  if (found !== version) throw fail(`it holds version ${found} of the state, not version ${version}`);
  const sections = new Map<string, { start: number; end: number }>();
  const lengths: [string, number][] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    const count = r.uint32();
    for (let i = 0; i < count; i++) {
      const partitionId = r.uint32();
      const nameLength = r.byte() | (r.byte() << 8);
      const name = nameLength === 0 ? undefined : decoder.decode(r.raw(nameLength));
      lengths.push([sectionKey(partitionId, name), r.uint32()]);
    }
  } catch (e) {
    throw fail(`its section index cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const indexEnd = r.pos;
  if (indexEnd + 4 > bytes.length) throw fail("its section index is truncated");
  const crc = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(indexEnd, true);
  const actual = crc32(bytes.subarray(0, indexEnd));
  if (crc !== actual)
    throw fail("the CRC32 of its header and section index does not match (the content is corrupt)");
  let pos = indexEnd + 4;
  for (const [key, length] of lengths) {
    sections.set(key, { start: pos, end: pos + length });
    pos += length;
  }
  if (pos + 4 !== bytes.length)
    throw fail(
      `its sections end at byte ${pos} but the file has ${bytes.length} bytes (truncated, or bytes were appended)`,
    );
  if (new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(pos, true) !== END_MARKER)
    throw fail("it does not end with the end marker");
  return { bytes, sections };
}

/** Parsed files by path, with what identifies the file on disk (a rewrite changes it). */
const cache = new Map<string, { readonly stamp: string; readonly parsed: ParsedOperatorDelta }>();
let cachedBytes = 0;

function forget(path: string): void {
  const e = cache.get(path);
  if (!e) return;
  cachedBytes -= e.parsed.bytes.length;
  cache.delete(path);
}

/**
 * The section of store `id` in the operator delta file of `version`: its bytes and a name for
 * errors, or undefined when the file does not exist or has no section for the store. A damaged
 * file is CANNOT_LOAD_STATE_STORE naming it.
 */
export function readOperatorDeltaSection(
  id: StateStoreId,
  version: number,
): { readonly bytes: Uint8Array; readonly path: string } | undefined {
  const path = operatorDeltaPath(id.stateRoot, id.operatorId, version);
  let stamp: string;
  try {
    const st = statSync(path);
    stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch (e) {
    if (errorCode(e) === "ENOENT") return undefined;
    throw cannotRead(path, e);
  }
  let entry = cache.get(path);
  if (entry?.stamp !== stamp) {
    forget(path);
    let bytes: Uint8Array;
    try {
      const buf = readFileSync(path);
      bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (e) {
      if (errorCode(e) === "ENOENT") return undefined;
      throw cannotRead(path, e);
    }
    entry = { stamp, parsed: parseOperatorDelta(bytes, path, version) };
    while (cachedBytes + bytes.length > CACHE_BYTES && cache.size > 0) forget(cache.keys().next().value!);
    cache.set(path, entry);
    cachedBytes += bytes.length;
  }
  const s = entry.parsed.sections.get(sectionKeyOf(id));
  if (!s) return undefined;
  return { bytes: entry.parsed.bytes.subarray(s.start, s.end), path: `${path}#${sectionKeyOf(id)}` };
}

/** The versions that have an operator delta file (temp files are never listed). */
export function listOperatorDeltaVersions(stateRoot: string, operatorId: number): Set<number> {
  const out = new Set<number>();
  let names: string[];
  try {
    names = readdirSync(operatorDeltasDir(stateRoot, operatorId));
  } catch (e) {
    if (errorCode(e) === "ENOENT") return out;
    throw e;
  }
  for (const name of names) {
    if (isTempFileName(name)) continue;
    const f = parseStateFileName(name);
    if (f?.kind === "delta") out.add(f.version);
  }
  return out;
}

/**
 * The writer side of one operator's delta files (one per `(stateRoot, operatorId)` in a process,
 * see `operatorDeltaLog`): writes a version's file, deletes later ones, purges old ones.
 */
export class OperatorDeltaLog {
  /** The versions with a file, listed on first use and kept up to date by this instance. */
  private versions: Set<number> | undefined;
  private dirReady = false;
  /** Background deletions under way. */
  private pendingDeletes = 0;
  private deletesDone: (() => void)[] = [];

  constructor(
    readonly stateRoot: string,
    readonly operatorId: number,
  ) {}

  private dir(): string {
    return operatorDeltasDir(this.stateRoot, this.operatorId);
  }

  private known(): Set<number> {
    if (this.versions) return this.versions;
    const set = listOperatorDeltaVersions(this.stateRoot, this.operatorId);
    // A writer removes the temp files a dead writer left.
    try {
      for (const name of readdirSync(this.dir()))
        if (isTempFileName(name)) rmSync(join(this.dir(), name), { force: true });
      this.dirReady = true;
    } catch (e) {
      if (errorCode(e) !== "ENOENT") throw e;
    }
    this.versions = set;
    return set;
  }

  /**
   * Writes the file of `version` (replacing one an earlier run left) after deleting every file of a
   * later version. Throws the file system's error; nothing is left but what was there before
   * (minus the later versions) when it fails.
   */
  write(version: number, sections: readonly OperatorDeltaSection[], fsync: boolean): void {
    const versions = this.known();
    for (const v of [...versions]) {
      if (v <= version) continue;
      const path = operatorDeltaPath(this.stateRoot, this.operatorId, v);
      try {
        unlinkSync(path);
      } catch (e) {
        if (errorCode(e) !== "ENOENT") throw e;
      }
      forget(path);
      versions.delete(v);
    }
    const dir = this.dir();
    if (!this.dirReady) {
      mkdirSync(dir, { recursive: true });
      this.dirReady = true;
    }
    const bytes = encodeOperatorDelta(version, sections);
    const name = deltaFileName(version);
    writeFileViaTemp(dir, name, bytes, fsync);
    forget(join(dir, name));
    versions.add(version);
  }

  /** Deletes the files of versions below `version` in the background (off the batch's thread). */
  purgeBelow(version: number): void {
    const versions = this.versions;
    if (!versions) return;
    for (const v of [...versions]) {
      if (v >= version) continue;
      versions.delete(v);
      const path = operatorDeltaPath(this.stateRoot, this.operatorId, v);
      forget(path);
      this.pendingDeletes++;
      unlink(path, () => {
        if (--this.pendingDeletes === 0) {
          const waiters = this.deletesDone;
          this.deletesDone = [];
          for (const w of waiters) w();
        }
      });
    }
  }

  /** Waits for the background deletions under way. */
  async idle(): Promise<void> {
    if (this.pendingDeletes > 0) await new Promise<void>((resolve) => this.deletesDone.push(resolve));
  }
}

/** The writer of each operator's delta files in this process, by `stateRoot` and operator id. */
const logs = new Map<string, OperatorDeltaLog>();

/** The process's writer of the delta files of operator `operatorId` under `stateRoot`. */
export function operatorDeltaLog(stateRoot: string, operatorId: number): OperatorDeltaLog {
  const key = `${stateRoot}\u0000${operatorId}`;
  let log = logs.get(key);
  if (!log) logs.set(key, (log = new OperatorDeltaLog(stateRoot, operatorId)));
  return log;
}

/** Waits for every operator delta log's background deletions (a query stopping, tests). */
export async function operatorDeltaLogsIdle(stateRoot?: string): Promise<void> {
  for (const log of logs.values())
    if (stateRoot === undefined || log.stateRoot === stateRoot) await log.idle();
}

/**
 * Forgets the process's writers under `stateRoot` (all when omitted) and the cached files, with
 * `unloadStateStores`: the next writer lists the files again, as a new process would.
 */
export function resetOperatorDeltaLogs(stateRoot?: string): void {
  for (const [key, log] of logs) if (stateRoot === undefined || log.stateRoot === stateRoot) logs.delete(key);
  cache.clear();
  cachedBytes = 0;
}

function cannotRead(path: string, e: unknown): TsparkError {
  return new TsparkError("CANNOT_LOAD_STATE_STORE.UNCATEGORIZED", {
    messageParameters: {
      fileToRead: path,
      clazz: "HDFSStateStoreProvider",
      reason: reasonOf(e),
    },
    cause: e,
  });
}
