/**
 * The disk-backed state store provider, for state larger than memory: what a query gets with
 * `spark.sql.streaming.stateStore.providerClass` =
 * `org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider` (or the short names
 * `RocksDBStateStoreProvider`, `rocksdb`, `lmdb`). tspark serves Spark's RocksDB class name with
 * LMDB (the `lmdb` package, a prebuilt native binary): like Spark's RocksDB provider it keeps the
 * state on local disk rather than in the heap and commits each batch atomically, so a PySpark
 * program that asks for RocksDB gets the same guarantees. The files are LMDB's, not RocksDB's: a
 * checkpoint written by Spark cannot be read here, nor the other way round.
 *
 * Layout. One LMDB environment per stateful operator, `<stateRoot>/<operatorId>/lmdb/`
 * (`data.mdb`, `lock.mdb`), holds every partition's store; each partition that committed state
 * also gets an (empty) directory `<stateRoot>/<operatorId>/<partitionId>/` (plus `<storeName>/` for a
 * named store: each of a stream-stream join's four stores has its own environment,
 * `<stateRoot>/<operatorId>/lmdb-<storeName>/`), so that tools listing
 * a checkpoint's partitions by directory find them, as for the file-based provider. Why not one
 * environment per partition (as Spark keeps one RocksDB instance per partition): measured here
 * for 200 partitions (the default `spark.sql.shuffle.partitions`), 200 environments took 280-410
 * ms to open (1.4-2 ms each, paid again on every restart), 600 file descriptors and 45 MiB of RSS
 * (≈ 220 KiB each: lock file, first data pages, native bookkeeping), where one environment with
 * the same 200 partitions took 17 ms, 3 descriptors and 6 MiB. Partitions of one operator never
 * commit concurrently (one JS thread), so sharing LMDB's single writer costs nothing.
 *
 * Keys inside the environment (one B-tree; `p` = partition id, 4 bytes big-endian):
 *
 * | key                              | value                                              |
 * | -------------------------------- | -------------------------------------------------- |
 * | `ff ff ff ff 00`                 | the format, `tspark-lmdb-state/1`                  |
 * | `p 00`                           | meta: format byte, latest version, oldest version  |
 * | `p 01 <state key>`               | record: varint n, key row (n bytes), value         |
 * | `p 02 <version, 8 bytes BE> <state key>` | undo: `00` (absent before) or `01` + old record |
 * | `p 03 <version, 8 bytes BE>`     | numKeys of that version (float64)                  |
 *
 * The state key is the compact key (`stateKeyOf`) in a canonical byte form (`writeStateKey`): so
 * keys are equal in LMDB exactly when the in-memory provider's Map equates them. Rows and values
 * use the exact state codec (state-codec.ts). A key whose canonical form exceeds 1 KiB (LMDB keys
 * stop at 1978 bytes) is stored under its SHA-256; the key row in the record is compared on read.
 *
 * Versions (the port's rules: batch b loads version b, its commit makes b + 1). A commit is one
 * LMDB write transaction holding the batch's updates, for each updated key an undo record (what
 * the key held at the version before), the new version's numKeys and the new latest version: it
 * happens entirely or not at all. Undo records are kept for the versions
 * `spark.sql.streaming.minBatchesToRetain` asks to keep recoverable (at least the last one, so the
 * last batch can always re-run); older ones are purged in the same transaction. Loading an older
 * retained version for update applies the undo records from the latest version down to it (one
 * transaction) — a re-run replaces the versions after it, as the port says; a read-only view of
 * an older version reads through the undo records without changing anything. Other versions fail
 * with `CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE` naming the directory.
 *
 * Memory. The state is never in the JS heap: a store buffers only its own batch's updates (a Map
 * from compact key to row and value) and writes them at commit; reads look in that buffer, then in
 * LMDB (memory-mapped: its pages are the OS's page cache, evictable, not heap). `memoryUsedBytes`
 * is the estimate of that buffer (at commit, what the batch held). A store iterates LMDB's entries
 * in key order with its updates applied, then the keys it added, in the order it added them.
 *
 * Durability. With `tspark.checkpoint.fsync` false the environment runs with LMDB's no-sync flag:
 * a commit is written to the file (the OS's page cache) but not flushed, so a process crash
 * (SIGKILL) never loses or corrupts a committed batch while an OS crash may lose the last ones
 * (Spark's default, which does not sync either); with fsync true each commit is flushed before it
 * returns (one fsync per partition and batch: 2.5-4 ms each measured here). Environments are
 * process-wide (LMDB allows one handle per file and process), shared by the operator's providers
 * and closed when the last one closes; the first opener's fsync setting applies to all, and a
 * partition's versions are shared by its providers (a state reader's view stays right while the
 * query commits). LMDB trusts its file — a zero-filled one crashed `open`, a truncated one raised
 * SIGBUS — so `data.mdb`'s meta pages and length are checked before it is mapped, and a damaged
 * file is `CANNOT_LOAD_STATE_STORE.UNCATEGORIZED` naming it; damage inside the B-tree is not
 * detected (LMDB keeps no page checksums).
 *
 * Metrics: `numKeys`; `memoryUsedBytes` as above; custom metrics of the store's batch, named after
 * Spark's RocksDB ones where they mean the same: `lmdbCommitWriteBatchLatency` (ms of the commit
 * transaction), `lmdbLoadRollbackLatency` (ms spent rolling back to an older version at load),
 * `lmdbGetCount` (LMDB lookups), `lmdbPutCount` (records written or deleted at commit),
 * `lmdbTotalBytesRead` / `lmdbTotalBytesWritten` (record bytes).
 *
 * The native package is loaded on first use (`await import("lmdb")` in `getStore`/
 * `getReadStore`), so a process that never selects this provider never loads it.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { internalError, TsparkError } from "../../common/errors.js";
import { ByteReader, ByteWriter, readStateValue, StateCodecError, writeStateValue } from "./state-codec.js";
import { stateKeyOf } from "./state-key.js";
import type {
  GetStoreOptions,
  ReadStateStore,
  StateEntry,
  StateStore,
  StateStoreConf,
  StateStoreId,
  StateStoreMetrics,
  StateStoreProvider,
  StateStoreProviderFactory,
} from "./state-store.js";
import { namedStoreOf, storeCheckpointLocation } from "./state-store.js";
import { estimateStateValueSize } from "./state-value.js";

/** Spark's class name this provider answers to. */
export const ROCKSDB_PROVIDER_CLASS =
  "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

/** Creates the LMDB provider of a store id (the factory `providerClass` = RocksDB selects). */
export const lmdbStateStoreProvider: StateStoreProviderFactory = (id, conf) =>
  new LmdbStateStoreProvider(id, conf);

// ------------------------------------------------------------------ the adapter of the lmdb package

/** The part of lmdb's database API this provider uses (binary keys and values). */
interface LmdbDatabase {
  /** The value's bytes in a buffer reused by the next read. */
  getBinaryFast(key: Uint8Array): Uint8Array | undefined;
  putSync(key: Uint8Array, value: Uint8Array): unknown;
  removeSync(key: Uint8Array): boolean;
  getRange(options: LmdbRange): Iterable<{ readonly key: Uint8Array; readonly value: Uint8Array }>;
  getKeys(options: LmdbRange): Iterable<Uint8Array>;
  transactionSync<T>(action: () => T): T;
  close(): Promise<void>;
}

/**
 * `db.getBinaryFast(key)` as a plain Uint8Array of exactly the value's bytes (valid until the next
 * read): lmdb returns its reused Buffer with an overridden `length`, which typed-array methods
 * ignore, and a Buffer's `slice` is a view where the codec needs a copy.
 */
function getFast(db: LmdbDatabase, key: Uint8Array): Uint8Array | undefined {
  const b = db.getBinaryFast(key);
  return b === undefined ? undefined : new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** A Buffer of lmdb's (range values) as a plain Uint8Array (see getFast). */
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

interface LmdbRange {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
  readonly limit?: number;
}

interface LmdbModule {
  open(path: string, options: Readonly<Record<string, unknown>>): LmdbDatabase;
}

let lmdbModule: Promise<LmdbModule> | undefined;

/** The lmdb package, imported on first use only. */
function loadLmdb(): Promise<LmdbModule> {
  lmdbModule ??= import("lmdb").then((m) => {
    const mod = m as unknown as { open?: unknown; default?: { open?: unknown } };
    const open = typeof mod.open === "function" ? mod.open : mod.default?.open;
    if (typeof open !== "function") throw internalError("the lmdb package has no open()");
    return { open: open as LmdbModule["open"] };
  });
  return lmdbModule;
}

/**
 * A partition's versions as last read from or written to the environment. Shared by every provider
 * instance of the partition in this process (a query's cached provider and a state reader's fresh
 * one), so that a view opened by one stays right when the other commits.
 */
interface PartitionVersions {
  latest: number;
  oldest: number;
  /** numKeys of the latest version. */
  count: number;
  /** How many times this process changed the partition's state (commits, roll backs, resets). */
  changes: number;
}

/** One open environment, shared by the providers of one operator. */
interface Env {
  readonly dir: string;
  readonly db: LmdbDatabase;
  refs: number;
  readonly partitions: Map<number, PartitionVersions>;
}

// Process-wide on purpose: LMDB allows one open handle per environment file and process.
const envs = new Map<string, Env>();
const closing = new Map<string, Promise<void>>();

const FORMAT = "tspark-lmdb-state/1";
const FORMAT_KEY = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0]);

async function acquireEnv(dir: string, fsync: boolean): Promise<Env> {
  const lmdb = await loadLmdb();
  for (let c = closing.get(dir); c !== undefined; c = closing.get(dir)) await c;
  let env = envs.get(dir);
  if (!env) {
    mkdirSync(dir, { recursive: true });
    checkDataFile(join(dir, "data.mdb"));
    const db = lmdb.open(dir, {
      keyEncoding: "binary",
      encoding: "binary",
      cache: false,
      compression: false,
      // No fsync per commit unless asked; never lmdb's deferred-flush mode, whose commits are
      // visible before they are written.
      noSync: !fsync,
      overlappingSync: false,
    });
    checkFormat(db, dir);
    env = { dir, db, refs: 0, partitions: new Map() };
    envs.set(dir, env);
  }
  env.refs++;
  return env;
}

async function releaseEnv(env: Env): Promise<void> {
  env.refs--;
  if (env.refs > 0 || envs.get(env.dir) !== env) return;
  envs.delete(env.dir);
  const done = env.db.close().finally(() => closing.delete(env.dir));
  closing.set(env.dir, done);
  await done;
}

const MDB_MAGIC = 0xbeefc0de;

/**
 * Checks the two meta pages of an existing `data.mdb` before LMDB maps it: LMDB trusts its file
 * (a zero-filled or garbage file crashed the process in `open`, a truncated one with SIGBUS on the
 * first read beyond its end), so a damaged or partial file must be refused here, with an error
 * naming it. Both metas must carry LMDB's magic, and the file must reach the last page of the
 * newer one. Damage inside the B-tree pages is not detected (LMDB keeps no page checksums).
 */
function checkDataFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    // An empty file is a new environment to LMDB.
    if (size === 0) return;
    const read = (at: number, n: number): DataView => {
      const buf = new Uint8Array(n);
      const got = at < size ? readSync(fd, buf, 0, n, at) : 0;
      if (got < n) throw new StateCodecError(`the file ends at byte ${size}, inside LMDB's meta pages`);
      return new DataView(buf.buffer);
    };
    const first = read(0, 256);
    // The page header is 24 bytes in lmdb's data format 2, 16 in format 1.
    const header =
      first.getUint32(24, true) === MDB_MAGIC ? 24 : first.getUint32(16, true) === MDB_MAGIC ? 16 : -1;
    if (header < 0) throw new StateCodecError("its first page is not an LMDB meta page");
    const pageSize = first.getUint32(header + 24, true);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
      throw new StateCodecError(`its meta page gives a page size of ${pageSize}`);
    let lastPage = -1;
    let txnId = -1n;
    for (const meta of [first, read(pageSize, 256)]) {
      if (meta.getUint32(header, true) !== MDB_MAGIC)
        throw new StateCodecError("a meta page lacks LMDB's magic");
      const version = meta.getUint32(header + 4, true);
      if (version !== 1 && version !== 2) throw new StateCodecError(`LMDB data format ${version}`);
      const txn = meta.getBigUint64(header + 128, true);
      if (txn > txnId) {
        txnId = txn;
        lastPage = Number(meta.getBigUint64(header + 120, true));
      }
    }
    if ((lastPage + 1) * pageSize > size)
      throw new StateCodecError(
        `the file is ${size} bytes long but its last page ends at byte ${(lastPage + 1) * pageSize} (truncated)`,
      );
  } finally {
    closeSync(fd);
  }
}

function checkFormat(db: LmdbDatabase, dir: string): void {
  const found = getFast(db, FORMAT_KEY);
  if (found === undefined) {
    db.transactionSync(() => db.putSync(FORMAT_KEY, new TextEncoder().encode(FORMAT)));
    return;
  }
  const text = new TextDecoder().decode(found);
  if (text !== FORMAT)
    throw new TsparkError("CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION", {
      messageParameters: { fileToRead: join(dir, "data.mdb"), version: JSON.stringify(text) },
    });
}

// ------------------------------------------------------------------ keys

const KIND_META = 0;
const KIND_DATA = 1;
const KIND_UNDO = 2;
const KIND_COUNT = 3;

// Tags of the canonical state key form.
const K_STRING = 1;
const K_UTF16 = 2;
const K_INT = 3;
const K_FLOAT = 4;
const K_NAN = 5;
const K_BIGINT = 6;
const K_FALSE = 7;
const K_TRUE = 8;
const K_UNDEFINED = 9;
const K_HASHED = 0x7f;

/** Longest canonical key stored as it is; longer ones are hashed (LMDB's limit is 1978 bytes). */
const MAX_PLAIN_KEY = 1024;
/** `p kind version` before the state key of an undo record. */
const UNDO_HEADER = 13;
/** A lone UTF-16 surrogate (in `u` mode a class of surrogates matches only unpaired ones). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Writes the canonical bytes of a compact key: equal keys (SameValueZero, as the in-memory
 * provider's Map) give equal bytes, different keys different bytes. -0 is 0 and every NaN one NaN
 * (as Map), a number is never a bigint (1 and 1n are different Map keys), and a string with lone
 * surrogates is written as UTF-16 so that it cannot collide with its UTF-8 replacement.
 */
function writeStateKey(w: ByteWriter, k: unknown): void {
  switch (typeof k) {
    case "string":
      if (!LONE_SURROGATE.test(k)) {
        w.byte(K_STRING);
        w.string(k);
        return;
      }
      w.byte(K_UTF16);
      w.varint(k.length);
      for (let i = 0; i < k.length; i++) {
        const c = k.charCodeAt(i);
        w.byte(c & 0xff);
        w.byte(c >>> 8);
      }
      return;
    case "number":
      if ((k | 0) === k) {
        w.byte(K_INT);
        w.int32(k | 0);
      } else if (Number.isNaN(k)) {
        w.byte(K_NAN);
      } else {
        w.byte(K_FLOAT);
        w.float64(k);
      }
      return;
    case "bigint": {
      w.byte(K_BIGINT);
      writeStateValue(w, k);
      return;
    }
    case "boolean":
      w.byte(k ? K_TRUE : K_FALSE);
      return;
    case "undefined":
      w.byte(K_UNDEFINED);
      return;
    default:
      throw internalError(`a compact state key of type ${typeof k} cannot be stored`);
  }
}

/** Builds one partition's LMDB keys (views into a reused buffer unless said otherwise). */
class KeyBuilder {
  private readonly w = new ByteWriter(256);
  private readonly p0: number;
  private readonly p1: number;
  private readonly p2: number;
  private readonly p3: number;

  constructor(partitionId: number) {
    this.p0 = (partitionId >>> 24) & 0xff;
    this.p1 = (partitionId >>> 16) & 0xff;
    this.p2 = (partitionId >>> 8) & 0xff;
    this.p3 = partitionId & 0xff;
  }

  private start(kind: number): void {
    const w = this.w;
    w.reset();
    w.byte(this.p0);
    w.byte(this.p1);
    w.byte(this.p2);
    w.byte(this.p3);
    w.byte(kind);
  }

  /** `p 01 <state key>` of compact key `k` (valid until the next call). */
  data(k: unknown): Uint8Array {
    this.start(KIND_DATA);
    writeStateKey(this.w, k);
    const bytes = this.w.bytes();
    if (bytes.length - 5 <= MAX_PLAIN_KEY) return bytes;
    const digest = createHash("sha256").update(bytes.subarray(5)).digest();
    this.start(KIND_DATA);
    this.w.byte(K_HASHED);
    this.w.raw(digest);
    return this.w.bytes();
  }

  /** `p 00` (a fresh array). */
  meta(): Uint8Array {
    this.start(KIND_META);
    return this.w.bytes().slice();
  }

  /** `p 03 <version>` (a fresh array). */
  count(version: number): Uint8Array {
    this.start(KIND_COUNT);
    this.version(version);
    return this.w.bytes().slice();
  }

  /** `p <kind>` and `p <kind + 1>`: the bounds of every key of one kind (fresh arrays). */
  kindRange(kind: number): LmdbRange {
    this.start(kind);
    const start = this.w.bytes().slice();
    this.start(kind + 1);
    return { start, end: this.w.bytes().slice() };
  }

  /** The bounds of version `version`'s undo records (fresh arrays). */
  undoRange(version: number): LmdbRange {
    this.start(KIND_UNDO);
    this.version(version);
    const start = this.w.bytes().slice();
    this.start(KIND_UNDO);
    this.version(version + 1);
    return { start, end: this.w.bytes().slice() };
  }

  /** The undo key of version `version` for data key `dataKey` (a fresh array). */
  undo(version: number, dataKey: Uint8Array): Uint8Array {
    const out = new Uint8Array(UNDO_HEADER + dataKey.length - 5);
    out.set(dataKey.subarray(0, 4));
    out[4] = KIND_UNDO;
    writeVersion(out, 5, version);
    out.set(dataKey.subarray(5), UNDO_HEADER);
    return out;
  }

  /** The data key an undo key restores (a fresh array). */
  static dataOfUndo(undoKey: Uint8Array): Uint8Array {
    const out = new Uint8Array(undoKey.length - UNDO_HEADER + 5);
    out.set(undoKey.subarray(0, 4));
    out[4] = KIND_DATA;
    out.set(undoKey.subarray(UNDO_HEADER), 5);
    return out;
  }

  private version(v: number): void {
    const b = new Uint8Array(8);
    writeVersion(b, 0, v);
    this.w.raw(b);
  }
}

/** A version (< 2^53) as 8 bytes big-endian, so that keys sort by version. */
function writeVersion(out: Uint8Array, at: number, v: number): void {
  const hi = Math.floor(v / 0x1_0000_0000);
  const lo = v >>> 0;
  out[at] = hi >>> 24;
  out[at + 1] = (hi >>> 16) & 0xff;
  out[at + 2] = (hi >>> 8) & 0xff;
  out[at + 3] = hi & 0xff;
  out[at + 4] = lo >>> 24;
  out[at + 5] = (lo >>> 16) & 0xff;
  out[at + 6] = (lo >>> 8) & 0xff;
  out[at + 7] = lo & 0xff;
}

function isHashedDataKey(dataKey: Uint8Array): boolean {
  return dataKey[5] === K_HASHED;
}

// ------------------------------------------------------------------ records

const rowWriter = new ByteWriter(256);
const recordWriter = new ByteWriter(1024);
const undoWriter = new ByteWriter(1024);

/** `varint n, key row (n bytes), value` (a view valid until the next call). */
function encodeRecord(row: readonly unknown[], value: unknown): Uint8Array {
  rowWriter.reset();
  writeStateValue(rowWriter, row);
  recordWriter.reset();
  recordWriter.varint(rowWriter.length);
  recordWriter.raw(rowWriter.bytes());
  writeStateValue(recordWriter, value);
  return recordWriter.bytes();
}

/** The value of a record, skipping its key row. */
function decodeRecordValue(rec: Uint8Array): unknown {
  const r = new ByteReader(rec);
  const n = r.varint();
  r.pos += n;
  const v = readStateValue(r);
  if (r.remaining !== 0) throw new StateCodecError(`${r.remaining} bytes after the value`);
  return v;
}

/** The key row of a record. */
function decodeRecordRow(rec: Uint8Array): readonly unknown[] {
  const r = new ByteReader(rec);
  const n = r.varint();
  const row = readStateValue(new ByteReader(rec, r.pos, r.pos + n));
  if (!Array.isArray(row)) throw new StateCodecError("the key row is not an array");
  return row;
}

/** Key row and value of a record. */
function decodeRecord(rec: Uint8Array): { readonly row: readonly unknown[]; readonly value: unknown } {
  const r = new ByteReader(rec);
  const n = r.varint();
  const row = readStateValue(new ByteReader(rec, r.pos, r.pos + n));
  if (!Array.isArray(row)) throw new StateCodecError("the key row is not an array");
  r.pos += n;
  const value = readStateValue(r);
  if (r.remaining !== 0) throw new StateCodecError(`${r.remaining} bytes after the value`);
  return { row, value };
}

const ABSENT_UNDO = new Uint8Array([0]);
/** A value that is not in LMDB (distinct from a stored `undefined`). */
const MISSING: unique symbol = Symbol("missing");

/** What `p 00` holds. */
interface Meta {
  readonly latest: number;
  readonly oldest: number;
}

function encodeMeta(m: Meta): Uint8Array {
  const out = new Uint8Array(17);
  const view = new DataView(out.buffer);
  out[0] = 1;
  view.setFloat64(1, m.latest, true);
  view.setFloat64(9, m.oldest, true);
  return out;
}

function encodeCount(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, n, true);
  return out;
}

// Hash-table overhead per buffered entry and per buffer, as the in-memory provider estimates.
const ENTRY_OVERHEAD = 48;
const MAP_OVERHEAD = 64;
/** Chunk of records read before they are rewritten (rollback, purge), bounding the heap used. */
const CHUNK = 4096;

// ------------------------------------------------------------------ the provider

/** Keeps one store id's versions in the operator's LMDB environment (see the file header). */
export class LmdbStateStoreProvider implements StateStoreProvider {
  /** This partition's versions (shared with its other providers once the environment is open). */
  private versions: PartitionVersions = { latest: 0, oldest: 0, count: 0, changes: 0 };
  /** The open writable store, if any. */
  writer: LmdbStateStore | undefined;
  private readonly keys: KeyBuilder;
  private env: Env | undefined;
  private opening: Promise<Env> | undefined;
  private partitionDirMade = false;
  /** Undo versions kept: the versions minBatchesToRetain keeps recoverable, at least one. */
  private readonly undoVersions: number;

  constructor(
    readonly id: StateStoreId,
    private readonly conf: StateStoreConf,
  ) {
    if (!Number.isInteger(id.partitionId) || id.partitionId < 0 || id.partitionId >= 0xffffffff)
      throw internalError(`invalid state partition id ${id.partitionId}`);
    this.keys = new KeyBuilder(id.partitionId);
    this.undoVersions = Math.max(1, conf.minBatchesToRetain - 1);
  }

  /**
   * `<stateRoot>/<operatorId>/lmdb`: the operator's environment; a named store (the stream-stream
   * join's four) has its own, `<stateRoot>/<operatorId>/lmdb-<storeName>`.
   */
  get envDir(): string {
    const name = namedStoreOf(this.id);
    return join(this.id.stateRoot, String(this.id.operatorId), name === undefined ? "lmdb" : `lmdb-${name}`);
  }

  /** The latest committed version (as of the last load or commit in this process). */
  get latest(): number {
    return this.versions.latest;
  }

  /** The oldest version still loadable (0, the empty state, always is). */
  get oldest(): number {
    return this.versions.oldest;
  }

  /** numKeys of the latest version. */
  get count(): number {
    return this.versions.count;
  }

  /**
   * The token of the partition's committed state (StateStore.liveState): the latest version and
   * how many times this process changed the state. The state changes only through this process's
   * commits, roll backs and resets (a checkpoint has one writer), and the versions are shared by
   * the partition's providers in the process.
   */
  get liveToken(): string {
    return `${this.versions.latest}:${this.versions.changes}`;
  }

  async getStore(version: number, options?: GetStoreOptions): Promise<StateStore> {
    checkVersion(version);
    const db = await this.open();
    this.writer?.abort();
    this.readMeta(db);
    if (
      options?.emptyIfNeverCommitted === true &&
      version > this.latest &&
      getFast(db, this.keys.meta()) === undefined
    ) {
      // A store that never committed (no version record) starts empty at `version`.
      this.write(db, version, () => {
        db.putSync(this.keys.count(version), encodeCount(0));
        db.putSync(this.keys.meta(), encodeMeta({ latest: version, oldest: version }));
      });
      this.versions.latest = version;
      this.versions.oldest = version;
      this.versions.count = 0;
      this.versions.changes++;
    }
    let rollbackMs = 0;
    if (version !== this.latest) {
      const start = performance.now();
      if (version === 0 && this.oldest > 0) this.reset(db);
      else if (version < this.oldest || version > this.latest) throw this.cannotLoad(version);
      else this.rollBackTo(db, version);
      rollbackMs = performance.now() - start;
    }
    const store = new LmdbStateStore(this, db, version, rollbackMs);
    this.writer = store;
    return store;
  }

  async getReadStore(version: number): Promise<ReadStateStore> {
    checkVersion(version);
    const db = await this.open();
    this.readMeta(db);
    if (version === 0) return new EmptyView(this.id);
    if (version < this.oldest || version > this.latest) throw this.cannotLoad(version);
    return new LmdbReadView(this, db, version);
  }

  /**
   * Releases the environment (closed with its last provider); the state stays on disk. Never
   * rejects: the registry closes dropped providers without waiting, and a failed close of a
   * memory map leaves nothing to act on.
   */
  async close(): Promise<void> {
    this.writer?.abort();
    const env = this.env ?? (this.opening ? await this.opening.catch(() => undefined) : undefined);
    this.env = undefined;
    this.opening = undefined;
    if (env) await releaseEnv(env).catch(() => undefined);
  }

  toString(): string {
    return `LmdbStateStoreProvider[id = (op=${this.id.operatorId},part=${this.id.partitionId}),dir = ${this.envDir}]`;
  }

  // ---------------------------------------------------------------- reads (stores and views)

  /** The value of compact key `k` at the latest version, or MISSING. */
  readLatest(db: LmdbDatabase, k: unknown, stats: StoreStats | undefined): unknown {
    const dataKey = this.keys.data(k);
    const hashed = isHashedDataKey(dataKey);
    const rec = getFast(db, dataKey);
    if (stats) stats.gets++;
    if (rec === undefined) return MISSING;
    if (stats) stats.bytesRead += rec.length;
    return this.decodeValue(rec, hashed ? k : MISSING);
  }

  /** The value of compact key `k` at retained version `version`, or MISSING. */
  readAt(db: LmdbDatabase, version: number, k: unknown): unknown {
    this.checkStillLoadable(version);
    if (version === 0) return MISSING;
    if (version === this.latest) return this.readLatest(db, k, undefined);
    const dataKey = this.keys.data(k).slice();
    const hashed = isHashedDataKey(dataKey);
    for (let u = version + 1; u <= this.latest; u++) {
      const undo = getFast(db, this.keys.undo(u, dataKey));
      if (undo !== undefined)
        return undo[0] === 1 ? this.decodeValue(undo.subarray(1), hashed ? k : MISSING) : MISSING;
    }
    const rec = getFast(db, dataKey);
    return rec === undefined ? MISSING : this.decodeValue(rec, hashed ? k : MISSING);
  }

  /** numKeys of retained version `version`. */
  countAt(db: LmdbDatabase, version: number): number {
    this.checkStillLoadable(version);
    if (version === 0) return 0;
    if (version === this.latest) return this.count;
    return this.readCount(db, version);
  }

  /** Every entry of the latest version, in key order, decoded. */
  *scanLatest(db: LmdbDatabase): Generator<{ readonly row: readonly unknown[]; readonly value: unknown }> {
    for (const { value } of db.getRange(this.keys.kindRange(KIND_DATA))) yield this.decode(plain(value));
  }

  /**
   * Every entry of retained version `version` < latest: the latest entries as they were at
   * `version` (through the undo records), then the keys removed since (found in the undo records).
   */
  *scanAt(
    db: LmdbDatabase,
    version: number,
  ): Generator<{ readonly row: readonly unknown[]; readonly value: unknown }> {
    this.checkStillLoadable(version);
    const latest = this.latest;
    const undoOf = (dataKey: Uint8Array, from: number, to: number): Uint8Array | undefined => {
      for (let u = from; u <= to; u++) {
        const undo = getFast(db, this.keys.undo(u, dataKey));
        if (undo !== undefined) return undo.slice();
      }
      return undefined;
    };
    for (const { key, value } of db.getRange(this.keys.kindRange(KIND_DATA))) {
      const undo = undoOf(key, version + 1, latest);
      if (undo === undefined) yield this.decode(plain(value));
      else if (undo[0] === 1) yield this.decode(undo.subarray(1));
    }
    for (let u = version + 1; u <= latest; u++) {
      for (const { key, value } of db.getRange(this.keys.undoRange(u))) {
        if (value[0] !== 1) continue;
        const dataKey = KeyBuilder.dataOfUndo(key);
        // Yielded above when the key exists now, or by an earlier version's undo record.
        if (getFast(db, dataKey) !== undefined || undoOf(dataKey, version + 1, u - 1) !== undefined) continue;
        yield this.decode(plain(value).subarray(1));
      }
    }
  }

  /** Throws when a view's version is no longer loadable (rolled back past or purged). */
  checkStillLoadable(version: number): void {
    if (version !== 0 && (version > this.latest || version < this.oldest))
      throw internalError(
        `read-only state store ${this.toString()} v${version} used after the version went away`,
      );
  }

  private decode(rec: Uint8Array): { readonly row: readonly unknown[]; readonly value: unknown } {
    try {
      return decodeRecord(rec);
    } catch (e) {
      throw this.damaged(e);
    }
  }

  /** A record's value; for a hashed key, `k` is checked against the record's key row. */
  private decodeValue(rec: Uint8Array, k: unknown): unknown {
    try {
      if (k !== MISSING && stateKeyOf(decodeRecordRow(rec)) !== k)
        throw internalError(`two state keys share the SHA-256 of their encoding in ${this.toString()}`);
      return decodeRecordValue(rec);
    } catch (e) {
      throw this.damaged(e);
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Commits `store`'s buffered updates as version `store.version + 1`: one transaction writes the
   * records, their undo records, the version's numKeys, the purge of undo records no longer
   * retained, and the new latest version.
   */
  commitUpdates(db: LmdbDatabase, store: LmdbStateStore): void {
    const version = store.version;
    const next = version + 1;
    const stats = store.stats;
    let count = 0;
    let oldest = 0;
    try {
      db.transactionSync(() => {
        const meta = this.readMetaIn(db);
        if (meta.latest !== version)
          throw internalError(
            `state store ${this.toString()} v${version} committed after the state moved to v${meta.latest}`,
          );
        count = this.readCount(db, version);
        for (const [k, e] of store.pending) {
          const dataKey = this.keys.data(k);
          const old = getFast(db, dataKey);
          if (old === undefined && e.row === null) continue;
          let undo: Uint8Array = ABSENT_UNDO;
          if (old !== undefined) {
            // Into a reused buffer: lmdb caches the native address of a value's ArrayBuffer, and
            // looking up a fresh one per key costs more than the copy.
            undoWriter.reset();
            undoWriter.byte(1);
            undoWriter.raw(old);
            undo = undoWriter.bytes();
          }
          if (e.row !== null) {
            const rec = encodeRecord(e.row, e.value);
            db.putSync(dataKey, rec);
            stats.bytesWritten += rec.length;
            if (old === undefined) count++;
          } else {
            db.removeSync(dataKey);
            count--;
          }
          stats.puts++;
          const undoKey = this.keys.undo(next, dataKey);
          db.putSync(undoKey, undo);
          stats.bytesWritten += undo.length;
        }
        db.putSync(this.keys.count(next), encodeCount(count));
        oldest = Math.max(meta.oldest, next - this.undoVersions);
        // Versions oldest..next stay loadable: undo records of (oldest, next], counts of [oldest, next].
        for (let u = meta.oldest + 1; u <= oldest; u++) this.deleteRange(db, this.keys.undoRange(u));
        for (let c = meta.oldest; c < oldest; c++) db.removeSync(this.keys.count(c));
        db.putSync(this.keys.meta(), encodeMeta({ latest: next, oldest }));
      });
    } catch (e) {
      if (e instanceof TsparkError) throw e;
      throw new TsparkError("CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT", {
        messageParameters: {
          providerClass: ROCKSDB_PROVIDER_CLASS,
          version: String(next),
          reason: `${errorText(e)} (LMDB environment ${this.envDir}, partition ${this.id.partitionId})`,
        },
        cause: e,
      });
    }
    this.versions.latest = next;
    this.versions.oldest = oldest;
    this.versions.count = count;
    this.versions.changes++;
    if (!this.partitionDirMade) {
      // The partition's directory marks that it has state (see the file header).
      mkdirSync(storeCheckpointLocation(this.id), { recursive: true });
      this.partitionDirMade = true;
    }
  }

  /** Makes `version` (oldest ≤ version < latest) the latest, applying undo records newest first. */
  private rollBackTo(db: LmdbDatabase, version: number): void {
    let count = 0;
    this.write(db, version, () => {
      for (let u = this.latest; u > version; u--) {
        const range = this.keys.undoRange(u);
        for (;;) {
          const chunk = [...db.getRange({ ...range, limit: CHUNK })];
          if (chunk.length === 0) break;
          for (const { key, value } of chunk) {
            const dataKey = KeyBuilder.dataOfUndo(key);
            if (value[0] === 1) db.putSync(dataKey, value.subarray(1));
            else db.removeSync(dataKey);
            db.removeSync(key);
          }
        }
        db.removeSync(this.keys.count(u));
      }
      count = this.readCount(db, version);
      db.putSync(this.keys.meta(), encodeMeta({ latest: version, oldest: this.oldest }));
    });
    this.versions.latest = version;
    this.versions.count = count;
    this.versions.changes++;
  }

  /** Empties the partition (version 0 asked for when it is no longer retained). */
  private reset(db: LmdbDatabase): void {
    this.write(db, 0, () => {
      for (const kind of [KIND_DATA, KIND_UNDO, KIND_COUNT]) this.deleteRange(db, this.keys.kindRange(kind));
      db.putSync(this.keys.meta(), encodeMeta({ latest: 0, oldest: 0 }));
    });
    this.versions.latest = 0;
    this.versions.oldest = 0;
    this.versions.count = 0;
    this.versions.changes++;
  }

  private deleteRange(db: LmdbDatabase, range: LmdbRange): void {
    for (;;) {
      const chunk = [...db.getKeys({ ...range, limit: CHUNK })];
      if (chunk.length === 0) return;
      for (const key of chunk) db.removeSync(key);
    }
  }

  /** Runs the transaction of a load (roll back, reset), turning LMDB's failures into tspark's. */
  private write(db: LmdbDatabase, version: number, body: () => void): void {
    try {
      db.transactionSync(body);
    } catch (e) {
      throw this.ioFailed(`roll back to version ${version} of partition ${this.id.partitionId} in`, e);
    }
  }

  // ---------------------------------------------------------------- meta

  private readMeta(db: LmdbDatabase): void {
    try {
      const meta = this.readMetaIn(db);
      this.versions.latest = meta.latest;
      this.versions.oldest = meta.oldest;
      this.versions.count = this.readCount(db, meta.latest);
    } catch (e) {
      throw this.ioFailed(`read the versions of partition ${this.id.partitionId} in`, e);
    }
  }

  private readMetaIn(db: LmdbDatabase): Meta {
    const rec = getFast(db, this.keys.meta());
    if (rec === undefined) return { latest: 0, oldest: 0 };
    if (rec.length !== 17 || rec[0] !== 1)
      throw this.damaged(new StateCodecError("malformed version record"));
    const view = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    return { latest: view.getFloat64(1, true), oldest: view.getFloat64(9, true) };
  }

  private readCount(db: LmdbDatabase, version: number): number {
    if (version === 0) return 0;
    const rec = getFast(db, this.keys.count(version));
    if (rec === undefined || rec.length !== 8)
      throw this.damaged(new StateCodecError(`no key count for version ${version}`));
    return new DataView(rec.buffer, rec.byteOffset, 8).getFloat64(0, true);
  }

  // ---------------------------------------------------------------- environment and errors

  private async open(): Promise<LmdbDatabase> {
    if (this.env) return this.env.db;
    this.opening ??= acquireEnv(this.envDir, this.conf.fsync);
    try {
      const env = await this.opening;
      let versions = env.partitions.get(this.id.partitionId);
      if (!versions) {
        versions = { latest: 0, oldest: 0, count: 0, changes: 0 };
        env.partitions.set(this.id.partitionId, versions);
      }
      this.versions = versions;
      this.env = env;
    } catch (e) {
      this.opening = undefined;
      throw this.ioFailed("open the state store", e);
    }
    return this.env.db;
  }

  private cannotLoad(version: number): TsparkError {
    return new TsparkError("CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE", {
      messageParameters: {
        fileToRead: `${this.envDir} (partition ${this.id.partitionId}, version ${version}; versions ${this.oldest} to ${this.latest} are retained)`,
      },
    });
  }

  /** A damaged environment (`partition` false) or record of this partition, naming `data.mdb`. */
  private damaged(e: unknown, partition = true): TsparkError {
    if (e instanceof TsparkError) return e;
    return new TsparkError("CANNOT_LOAD_STATE_STORE.UNCATEGORIZED", {
      messageParameters: {
        fileToRead: join(this.envDir, "data.mdb"),
        clazz: this.toString(),
        reason: partition ? `partition ${this.id.partitionId}: ${errorText(e)}` : errorText(e),
      },
      cause: e,
    });
  }

  /**
   * An error of LMDB or the file system as tspark's: a damaged file (the codec's or LMDB's own
   * verdict) names `data.mdb`; anything else (permissions, a full disk) is an I/O error naming the
   * environment's directory.
   */
  private ioFailed(operation: string, e: unknown): TsparkError {
    if (e instanceof TsparkError) return e;
    const reason = errorText(e);
    if (e instanceof StateCodecError || /MDB_(INVALID|CORRUPTED|VERSION_MISMATCH|PAGE_NOTFOUND)/.test(reason))
      return this.damaged(e, false);
    return new TsparkError("STORAGE_IO_ERROR", {
      messageParameters: { operation, path: this.envDir, reason },
      cause: e,
    });
  }
}

function checkVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0) throw internalError(`invalid state version ${version}`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ------------------------------------------------------------------ stores

/** One buffered update: the key row and value put, or a removal (row null). */
interface Pending {
  readonly row: readonly unknown[] | null;
  readonly value: unknown;
  readonly bytes: number;
  /** Whether the key is in the loaded version; undefined until looked up. */
  existed: boolean | undefined;
}

/** The counters of one store (its batch). */
interface StoreStats {
  gets: number;
  puts: number;
  bytesRead: number;
  bytesWritten: number;
  commitMs: number;
  rollbackMs: number;
}

const NO_KEY: unique symbol = Symbol("no key");

/** The writable store: the batch's updates in a Map, written to LMDB at commit. */
class LmdbStateStore implements StateStore {
  readonly pending = new Map<unknown, Pending>();
  readonly stats: StoreStats;
  private state: "updating" | "committed" | "aborted" = "updating";
  private pendingBytes = 0;
  /** The buffer's size when it was committed (memoryUsedBytes after commit). */
  private committedBytes = 0;
  // The last key looked up in LMDB and whether it was there: an aggregation reads a key, then
  // puts it, and the put then knows whether the key is new without a second lookup.
  private lastKey: unknown = NO_KEY;
  private lastFound = false;

  constructor(
    private readonly provider: LmdbStateStoreProvider,
    private readonly db: LmdbDatabase,
    readonly version: number,
    rollbackMs: number,
  ) {
    this.stats = { gets: 0, puts: 0, bytesRead: 0, bytesWritten: 0, commitMs: 0, rollbackMs };
  }

  get id(): StateStoreId {
    return this.provider.id;
  }

  get hasCommitted(): boolean {
    return this.state === "committed";
  }

  liveState(): { readonly holder: object; readonly token: string } {
    return { holder: this.provider, token: this.provider.liveToken };
  }

  get(key: readonly unknown[]): unknown {
    return this.getCompact(stateKeyOf(key));
  }

  getCompact(k: unknown): unknown {
    this.checkReadable();
    const e = this.pending.get(k);
    if (e !== undefined) return e.row === null ? undefined : e.value;
    const v = this.provider.readLatest(this.db, k, this.stats);
    this.lastKey = k;
    this.lastFound = v !== MISSING;
    return v === MISSING ? undefined : v;
  }

  *iterator(): Iterable<StateEntry> {
    this.checkReadable();
    for (const [row, value] of this.entries()) yield { key: row, value };
  }

  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void {
    this.checkReadable();
    for (const [row, value] of this.entries()) fn(row, value);
  }

  /** LMDB's entries with the buffer's updates applied, then the buffer's new keys. */
  private *entries(): Generator<readonly [readonly unknown[], unknown]> {
    const pending = this.pending;
    if (pending.size === 0) {
      for (const { row, value } of this.provider.scanLatest(this.db)) yield [row, value];
      return;
    }
    const seen = new Set<unknown>();
    for (const { row, value } of this.provider.scanLatest(this.db)) {
      const k = stateKeyOf(row);
      const e = pending.get(k);
      if (e === undefined) {
        yield [row, value];
        continue;
      }
      seen.add(k);
      e.existed = true;
      if (e.row !== null) yield [e.row, e.value];
    }
    for (const [k, e] of pending) {
      if (seen.has(k)) continue;
      e.existed = false;
      if (e.row !== null) yield [e.row, e.value];
    }
  }

  numKeys(): number {
    if (this.state === "aborted") return 0;
    if (this.state === "committed") return this.provider.count;
    let n = this.provider.count;
    for (const [k, e] of this.pending) {
      if (e.existed === undefined) e.existed = this.provider.readLatest(this.db, k, this.stats) !== MISSING;
      if (e.row !== null) n++;
      if (e.existed) n--;
    }
    return n;
  }

  put(key: readonly unknown[], value: unknown): void {
    this.putCompact(stateKeyOf(key), key, value);
  }

  putCompact(k: unknown, key: readonly unknown[], value: unknown): void {
    this.checkWritable();
    const row = key.slice();
    const bytes = ENTRY_OVERHEAD + estimateStateValueSize(row) + estimateStateValueSize(value);
    const old = this.pending.get(k);
    let existed: boolean | undefined;
    if (old !== undefined) {
      existed = old.existed;
      this.pendingBytes -= old.bytes;
    } else if (k === this.lastKey) {
      existed = this.lastFound;
    }
    this.pending.set(k, { row, value, bytes, existed });
    this.pendingBytes += bytes;
  }

  remove(key: readonly unknown[]): void {
    this.removeCompact(stateKeyOf(key));
  }

  removeCompact(k: unknown): void {
    this.checkWritable();
    const old = this.pending.get(k);
    let existed: boolean | undefined;
    if (old !== undefined) {
      if (old.row === null) return;
      existed = old.existed;
      this.pendingBytes -= old.bytes;
    } else {
      // A key in neither the buffer nor LMDB needs no entry.
      existed = this.provider.readLatest(this.db, k, this.stats) !== MISSING;
      if (!existed) return;
    }
    this.pending.set(k, { row: null, value: undefined, bytes: ENTRY_OVERHEAD, existed });
    this.pendingBytes += ENTRY_OVERHEAD;
  }

  async commit(): Promise<number> {
    if (this.state === "committed") return this.version + 1;
    if (this.state === "aborted") throw internalError("cannot commit an aborted state store");
    const start = performance.now();
    this.provider.commitUpdates(this.db, this);
    this.stats.commitMs = performance.now() - start;
    this.committedBytes = this.pendingBytes;
    this.pending.clear();
    this.pendingBytes = 0;
    this.state = "committed";
    if (this.provider.writer === this) this.provider.writer = undefined;
    return this.version + 1;
  }

  abort(): void {
    if (this.state !== "updating") return;
    this.state = "aborted";
    this.pending.clear();
    this.pendingBytes = 0;
    if (this.provider.writer === this) this.provider.writer = undefined;
  }

  metrics(): StateStoreMetrics {
    const s = this.stats;
    const buffered = this.state === "committed" ? this.committedBytes : this.pendingBytes;
    return {
      numKeys: this.numKeys(),
      memoryUsedBytes: MAP_OVERHEAD + buffered,
      customMetrics: new Map([
        ["lmdbCommitWriteBatchLatency", roundMs(s.commitMs)],
        ["lmdbLoadRollbackLatency", roundMs(s.rollbackMs)],
        ["lmdbGetCount", s.gets],
        ["lmdbPutCount", s.puts],
        ["lmdbTotalBytesRead", s.bytesRead],
        ["lmdbTotalBytesWritten", s.bytesWritten],
      ]),
    };
  }

  private checkReadable(): void {
    // After commit LMDB holds this store's version + 1 until the next batch opens a store.
    if (
      this.state === "aborted" ||
      (this.state === "committed" &&
        (this.provider.writer !== undefined || this.provider.latest !== this.version + 1))
    )
      throw internalError(`state store ${this.provider.toString()} v${this.version} is no longer readable`);
  }

  private checkWritable(): void {
    if (this.state !== "updating")
      throw internalError(`state store ${this.provider.toString()} v${this.version} is not open for updates`);
  }
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * A read-only view of a committed version: reads the latest version directly and an older
 * retained one through the undo records; valid as long as its version stays loadable (a writer's
 * uncommitted updates are never visible: they are not in LMDB).
 */
class LmdbReadView implements ReadStateStore {
  constructor(
    private readonly provider: LmdbStateStoreProvider,
    private readonly db: LmdbDatabase,
    readonly version: number,
  ) {}

  get id(): StateStoreId {
    return this.provider.id;
  }

  get(key: readonly unknown[]): unknown {
    return this.getCompact(stateKeyOf(key));
  }

  getCompact(k: unknown): unknown {
    const v = this.provider.readAt(this.db, this.version, k);
    return v === MISSING ? undefined : v;
  }

  *iterator(): Iterable<StateEntry> {
    for (const { row, value } of this.scan()) yield { key: row, value };
  }

  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void {
    for (const { row, value } of this.scan()) fn(row, value);
  }

  numKeys(): number {
    return this.provider.countAt(this.db, this.version);
  }

  private scan(): Iterable<{ readonly row: readonly unknown[]; readonly value: unknown }> {
    this.provider.checkStillLoadable(this.version);
    return this.version === this.provider.latest
      ? this.provider.scanLatest(this.db)
      : this.provider.scanAt(this.db, this.version);
  }
}

/** Version 0: the empty state. */
class EmptyView implements ReadStateStore {
  readonly version = 0;

  constructor(readonly id: StateStoreId) {}

  get(): unknown {
    return undefined;
  }

  getCompact(): unknown {
    return undefined;
  }

  iterator(): Iterable<StateEntry> {
    return [];
  }

  forEachEntry(): void {}

  numKeys(): number {
    return 0;
  }
}
