/**
 * The durable state store provider, Spark's HDFSBackedStateStoreProvider (the default of
 * `spark.sql.streaming.stateStore.providerClass`): the in-memory provider's live map and undo
 * logs, plus files under `<stateRoot>/<operatorId>/<partitionId>/` (format in state-files.ts), so
 * that a query restarted in a new process finds its state.
 *
 * - Commit: `<version>.delta` — the batch's puts (key row and value) and removes in order, encoded
 *   as they happen — is written to a temp file and renamed (fsynced first with `conf.fsync`) in
 *   one write before the commit publishes anything. Committed together with the operator's other
 *   stores (`commitStateStores`, state-commit.ts), the same bytes go into the operator's one delta
 *   file of the version instead (operator-delta-files.ts; `conf.operatorDeltaFiles`, default on),
 *   and a partition's own `<version>.delta`, where one exists, wins over its section there. If the write fails, commit throws CANNOT_WRITE_STATE_STORE and the
 *   store stays unpublished: the caller's abort() rolls the live map back to the loaded version.
 *   A commit of version `v` also deletes `v.snapshot` and every file of a later version: they
 *   belong to an earlier run of the batch that this run replaces.
 * - Snapshots: once more than `conf.minDeltasForSnapshot` deltas follow the last snapshot (Spark's
 *   HDFSBackedStateStoreProvider.doSnapshot: the delta files the version is rebuilt from,
 *   counted from version 1 when there is no snapshot, must outnumber the setting) and the
 *   maintenance interval (`conf.maintenanceIntervalMs`, Spark's 60 s by default in a query) has
 *   passed since the provider was created or began its last snapshot, the state of the version
 *   just committed is written to `<version>.snapshot` in the background (Spark's maintenance
 *   task, which runs once per interval), a slice of keys per event-loop turn, one snapshot at a time in the process
 *   (the jobs queue, as Spark's maintenance threads take providers one by one: 200 partitions
 *   reaching the threshold in the same batch must not stall the next batches), while later batches go on updating
 *   the live map. The writer does not copy the state: it walks the live map and writes a key as
 *   it is unless a later batch has touched it since (the undo logs of the later versions, the
 *   open store's record and the keys an abort or roll-back restored say which); those keys are
 *   written at the end with their value at the snapshot's version, read from the undo logs. So
 *   the file holds exactly that version's state. The fault point `during-snapshot` is passed
 *   after the temp file is complete and before its rename; a snapshot cut short (a crash, a roll
 *   back below its version, `close()`) leaves at most a temp file, which loading ignores and the
 *   next listing deletes.
 * - Purge: after each commit, files no longer needed to rebuild any of the latest
 *   `conf.minBatchesToRetain` versions are deleted (by the thread pool, off the batch's thread) —
 *   everything before the newest snapshot at or before the oldest retained version (Spark's
 *   cleanup). `stateStoreMaintenanceIdle()` waits for snapshots and deletions under way.
 * - Load (a cache miss: a new process, a version no longer in memory): the latest snapshot at or
 *   before the version, then its deltas in order. Every file is verified (state-files.ts); a
 *   missing delta is CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS naming the file.
 *   A load from files counts as a `loadedMapCacheMissCount`.
 *
 * File I/O is synchronous where a batch waits for it anyway: a delta is one write of bytes encoded
 * as the batch's updates happened, and loading is on the batch's critical path. A snapshot's file
 * is created, written, fsynced and closed on the thread pool (only its rename, which publishes it,
 * is synchronous), so that the batches running meanwhile do not pay for it (~0.4 ms of `open` per
 * file on a VM: 200 partitions snapshotting every 10 batches would otherwise add ~80 ms to the
 * batches of a 100 ms trigger); purged files are deleted asynchronously.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlink, unlinkSync } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { SystemClock } from "../../common/clock.js";
import { internalError, TsparkError } from "../../common/errors.js";
import { faultPoint } from "../../common/fault-points.js";
import { isTempFileName } from "../../storage/atomic-file.js";
import {
  ABSENT,
  type DeltaGroup,
  InMemoryStateStoreProvider,
  type Previous,
  SnapshotView,
  type StoredEntry,
  type UndoRecord,
  type UpdateLog,
} from "./in-memory-state-store-provider.js";
import {
  deltaFileName,
  parseStateFileName,
  RECORD_PUT,
  readStateFile,
  type StateFileKind,
  StateFileWriter,
  snapshotFileName,
} from "./state-files.js";
import {
  listOperatorDeltaVersions,
  operatorDeltaLogsIdle,
  readOperatorDeltaSection,
} from "./operator-delta-files.js";
import { errorCode, reasonOf, syncDirectory, tempFileName, writeFileViaTemp } from "./state-file-io.js";
import { stateKeyOf } from "./state-key.js";
import type {
  GetStoreOptions,
  ReadStateStore,
  StateStore,
  StateStoreConf,
  StateStoreId,
} from "./state-store.js";
import { estimateStateValueSize } from "./state-value.js";

/** Keys a snapshot writes per event-loop turn. */
const SNAPSHOT_SLICE = 16_384;
/** Bytes a snapshot buffers before writing them to its temp file. */
const SNAPSHOT_FLUSH_BYTES = 1 << 20;

/**
 * The initial delta buffer of a provider; one grown past DELTA_BUFFER_KEEP is dropped after a
 * commit that used under a quarter of it (a large first batch must not pin its buffer for the
 * life of the query, while batches of a steady large size keep theirs instead of growing a new
 * one from 1 KiB every time).
 */
const DELTA_BUFFER_BYTES = 1024;
const DELTA_BUFFER_KEEP = 1 << 20;

/** Providers with background work under way (a snapshot or deletions), by state root. */
const busy = new Map<string, Set<HDFSBackedStateStoreProvider>>();

/**
 * Waits until no durable provider under `stateRoot` (every root when omitted) has background work
 * under way — snapshots being written, purged files being deleted — so that the checkpoint's files
 * stop changing (a query stopping, a test comparing the checkpoint before and after).
 */
export async function stateStoreMaintenanceIdle(stateRoot?: string): Promise<void> {
  const roots = stateRoot === undefined ? [...busy.values()] : [busy.get(stateRoot) ?? new Set()];
  for (const set of roots) for (const p of [...set]) await p.maintenanceIdle();
  await snapshotCleanupsIdle();
  await operatorDeltaLogsIdle(stateRoot);
}

/** The versions that have a delta and a snapshot file. */
interface FileIndex {
  readonly deltas: Set<number>;
  readonly snapshots: Set<number>;
  /**
   * The versions with an operator delta file (operator-delta-files.ts): this store's delta of such
   * a version, when it has no file of its own, is its section there (if the file has one).
   */
  readonly grouped: Set<number>;
}

/** Keeps one store id's versions in memory and in delta and snapshot files. */
export class HDFSBackedStateStoreProvider extends InMemoryStateStoreProvider {
  /** The files on disk, listed on first use and kept up to date by this instance. */
  private files: FileIndex | undefined;
  private dirReady = false;
  /** The snapshot being written, if any. */
  private job: SnapshotJob | undefined;
  /** The latest version committed by this instance (purge keeps the versions before it). */
  private latestCommitted = 0;
  /** Files before this version were purged already. */
  private purgedBelow = 0;
  /** Background deletions under way, and who waits for them. */
  private pendingDeletes = 0;
  private deletesDone: (() => void)[] = [];
  private closed = false;
  /**
   * Whether this instance opened a store for update (it is the query's writer): only a writer
   * deletes temp files it finds, since a reader (the state data source, `checkpoint inspect`, in
   * this process or another) cannot tell a dead writer's leftovers from a live writer's file.
   */
  private writes = false;
  /** The last failure of background work (a snapshot or a purge), for diagnostics and tests. */
  lastMaintenanceError: unknown;
  /** Encodes the open store's delta as its updates happen (reused from batch to batch). */
  private delta = new StateFileWriter(DELTA_BUFFER_BYTES);
  /** The finished delta of the open store (kept for a commit retried after a failed write). */
  private deltaBytes: Uint8Array | undefined;

  /** Real time, for the maintenance interval (Spark's maintenance task runs on a real timer). */
  private readonly clock = new SystemClock();
  /** When the maintenance interval last started: the provider's creation or its last snapshot. */
  private maintenanceFromMs: number;

  constructor(id: StateStoreId, conf: StateStoreConf) {
    super(id, conf);
    this.maintenanceFromMs = this.clock.nowMillis();
  }

  /** Whether the maintenance interval has passed since it last started (always, without one). */
  private maintenanceDue(): boolean {
    const interval = this.conf.maintenanceIntervalMs ?? 0;
    if (interval <= 0) return true;
    const now = this.clock.nowMillis();
    if (now - this.maintenanceFromMs < interval) return false;
    this.maintenanceFromMs = now;
    return true;
  }

  override async getStore(version: number, options?: GetStoreOptions): Promise<StateStore> {
    if (!this.writes) {
      // Becoming the writer: list again, this time removing dead writers' temp files.
      this.writes = true;
      this.files = undefined;
    }
    return super.getStore(version, options);
  }

  protected override providerName(): string {
    return "HDFSStateStoreProvider";
  }

  /** The snapshot being written in the background, if any: its version and completion. */
  snapshotInProgress(): { readonly version: number; readonly done: Promise<void> } | undefined {
    const j = this.job;
    return j ? { version: j.version, done: j.done } : undefined;
  }

  /** Waits for the background work: the snapshot being written and the purge's deletions. */
  async maintenanceIdle(): Promise<void> {
    while (this.job) await this.job.done;
    await snapshotCleanupsIdle();
    if (this.pendingDeletes > 0) await new Promise<void>((resolve) => this.deletesDone.push(resolve));
  }

  /** Marks this provider busy (or idle) in the process-wide set `stateStoreMaintenanceIdle` waits on. */
  private trackBusy(): void {
    const root = this.id.stateRoot;
    let set = busy.get(root);
    if (this.job !== undefined || this.pendingDeletes > 0) {
      if (!set) busy.set(root, (set = new Set()));
      set.add(this);
    } else if (set) {
      set.delete(this);
      if (set.size === 0) busy.delete(root);
    }
  }

  /** Cancels a snapshot in progress (its temp file is deleted); the committed files stay. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelJob();
  }

  // ------------------------------------------------------------------ commit

  protected override openUpdateLog(version: number): UpdateLog {
    // One store is open at a time: opening one drops the previous store's records.
    this.delta.begin("delta", version);
    this.deltaBytes = undefined;
    return this.delta;
  }

  /** Whether this provider's commits may go into its operator's delta file (`conf.operatorDeltaFiles`). */
  get groupsDeltas(): boolean {
    return this.conf.operatorDeltaFiles !== false;
  }

  override persist(
    version: number,
    _previous: UndoRecord,
    log: UpdateLog | undefined,
    group?: DeltaGroup,
  ): void {
    // The delta holds every put and remove of the batch in order (Spark's delta stream): encoded
    // as they happened, while key and value were in cache, not re-read from the live map here.
    if (log !== this.delta) throw internalError(`state store ${this.toString()} committed without its delta`);
    // A commit retried after a failed write writes the same bytes (the store refuses updates meanwhile).
    this.deltaBytes ??= this.delta.finish();
    const bytes = this.deltaBytes;
    try {
      const files = this.index();
      // A re-run of this version's batch replaces what an earlier run left of it and after it.
      this.dropFilesFrom(files, version);
      if (group !== undefined) {
        // The section is read only if this partition has no file of its own for the version.
        if (files.deltas.has(version)) this.deleteFile(files.deltas, version, "delta");
        if (!this.dirReady) {
          // The partition's directory exists from its first commit on (the state readers list them).
          mkdirSync(this.dir(), { recursive: true });
          this.dirReady = true;
        }
        group.add(this.id, bytes);
        return;
      }
      this.writeFile(deltaFileName(version), bytes);
      files.deltas.add(version);
      this.deltaBytes = undefined;
      this.shrinkDeltaBuffer(bytes.length);
    } catch (e) {
      throw new TsparkError("CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT", {
        messageParameters: { providerClass: this.toString(), version: String(version), reason: reasonOf(e) },
        cause: e,
      });
    }
  }

  /** The operator delta file `persist` added this store's delta to was written (before publishing). */
  groupWritten(version: number): void {
    this.index().grouped.add(version);
    const bytes = this.deltaBytes;
    this.deltaBytes = undefined;
    if (bytes !== undefined) this.shrinkDeltaBuffer(bytes.length);
  }

  /** Drops a delta buffer grown large that the last commit (`used` bytes) used little of. */
  private shrinkDeltaBuffer(used: number): void {
    const capacity = this.delta.capacity;
    if (capacity > DELTA_BUFFER_KEEP && capacity > 4 * used)
      this.delta = new StateFileWriter(DELTA_BUFFER_BYTES);
  }

  /**
   * The oldest version whose delta this store may still need to rebuild a retained version: the
   * operator delta files below it are no longer needed for this store (0: all may be).
   */
  neededFrom(): number {
    return this.purgedBelow;
  }

  protected override onPublished(version: number, previous: UndoRecord): void {
    this.latestCommitted = version;
    this.job?.logged(previous);
    if (this.closed) return;
    try {
      this.purge(version);
    } catch (e) {
      this.lastMaintenanceError = e;
    }
    const files = this.files;
    if (this.job || !files) return;
    if (
      version - latestBelow(files.snapshots, version) > this.conf.minDeltasForSnapshot &&
      this.maintenanceDue()
    )
      this.job = new SnapshotJob(this, version);
    this.trackBusy();
  }

  protected override onUndone(previous: UndoRecord, version: number): void {
    const job = this.job;
    if (!job) return;
    if (version <= job.version) {
      // The snapshot's own version (or an earlier one) is being replaced.
      this.cancelJob();
      return;
    }
    job.undone(previous);
  }

  protected override onReset(): void {
    this.cancelJob();
  }

  // ------------------------------------------------------------------ load

  /** No file of any version, and no section in the operator delta files. */
  protected override neverCommitted(): boolean {
    if (!super.neverCommitted()) return false;
    const files = this.listFiles();
    if (files.deltas.size > 0 || files.snapshots.size > 0) return false;
    for (const v of files.grouped) if (readOperatorDeltaSection(this.id, v) !== undefined) return false;
    return true;
  }

  /** An empty `<version>.snapshot`: the base later loads of this store start from. */
  protected override startEmptyAt(version: number): void {
    const w = new StateFileWriter(64);
    w.begin("snapshot", version);
    const bytes = w.finish();
    try {
      this.writeFile(snapshotFileName(version), bytes);
    } catch (e) {
      throw new TsparkError("CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT", {
        messageParameters: { providerClass: this.toString(), version: String(version), reason: reasonOf(e) },
        cause: e,
      });
    }
    this.index().snapshots.add(version);
    this.latestCommitted = Math.max(this.latestCommitted, version);
  }

  protected override async loadLive(version: number): Promise<void> {
    // Fails before anything changes when a file is missing.
    const base = this.planLoad(version);
    this.cancelJob();
    this.live.clear();
    this.liveBytes = 0;
    this.undo = [];
    this.liveVersion = 0;
    this.epoch++;
    try {
      this.liveBytes = this.loadInto(this.live, base, version);
    } catch (e) {
      this.reset();
      throw e;
    }
    this.liveVersion = version;
    this.latestCommitted = Math.max(this.latestCommitted, version);
  }

  protected override async readMissing(version: number): Promise<ReadStateStore> {
    this.cacheMisses++;
    if (this.writer === undefined && version > this.liveVersion) {
      // A restarted query reads the version it then updates: load it once, as the live one.
      await this.loadLive(version);
      return this.getReadStore(version);
    }
    const map = new Map<unknown, StoredEntry>();
    this.loadInto(map, this.planLoad(version), version);
    return new SnapshotView(this.id, version, map);
  }

  /**
   * The snapshot `version` loads from (0: none) after checking that it and every delta after it
   * up to `version` exist; a missing one is CANNOT_READ_DELTA_FILE_NOT_EXISTS (`version`'s own
   * delta when no file of it exists at all).
   */
  private planLoad(version: number): number {
    const files = this.listFiles();
    const base = latestBelow(files.snapshots, version);
    if (base !== version && !this.hasDelta(files, version)) throw this.cannotLoad(version);
    for (let v = base + 1; v <= version; v++) if (!this.hasDelta(files, v)) throw this.cannotLoad(v);
    return base;
  }

  /** Whether the delta of `version` exists: the partition's own file, or its operator delta section. */
  private hasDelta(files: FileIndex, version: number): boolean {
    if (files.deltas.has(version)) return true;
    return files.grouped.has(version) && readOperatorDeltaSection(this.id, version) !== undefined;
  }

  /** Fills `map` (empty) from snapshot `base` and the deltas up to `version`; returns the entries' bytes. */
  private loadInto(map: Map<unknown, StoredEntry>, base: number, version: number): number {
    // No lookup per record: a later record of a key simply replaces the earlier one, and the
    // sizes are summed once at the end (a load is the restart's critical path).
    const apply = (op: number, key: unknown[], value: unknown) => {
      if (op === RECORD_PUT)
        map.set(stateKeyOf(key), {
          key,
          value,
          bytes: estimateStateValueSize(key) + estimateStateValueSize(value),
          writtenIn: 0,
        });
      else map.delete(stateKeyOf(key));
    };
    if (base > 0) this.readFile("snapshot", base, apply);
    for (let v = base + 1; v <= version; v++) this.readFile("delta", v, apply);
    let bytes = 0;
    for (const e of map.values()) bytes += e.bytes;
    return bytes;
  }

  private readFile(
    kind: StateFileKind,
    version: number,
    apply: (op: number, key: unknown[], value: unknown) => void,
  ): void {
    if (kind === "delta" && this.files?.deltas.has(version) !== true) {
      // No file of its own: the store's section of the operator delta file.
      const section = readOperatorDeltaSection(this.id, version);
      if (section === undefined) throw this.cannotLoad(version);
      readStateFile(section.bytes, { path: section.path, clazz: this.toString() }, { kind, version }, apply);
      return;
    }
    const path = join(this.dir(), kind === "delta" ? deltaFileName(version) : snapshotFileName(version));
    let bytes: Uint8Array;
    try {
      const buf = readFileSync(path);
      // A plain Uint8Array over the same memory: the codec copies binary values with slice(),
      // which on a Buffer would return a view (unaligned, and pinning the whole file).
      bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (e) {
      if (errorCode(e) === "ENOENT") {
        if (kind === "delta") throw this.cannotLoad(version);
        throw new TsparkError("CANNOT_LOAD_STATE_STORE.CANNOT_READ_MISSING_SNAPSHOT_FILE", {
          messageParameters: { fileToRead: path, clazz: this.toString() },
        });
      }
      throw new TsparkError("CANNOT_LOAD_STATE_STORE.UNCATEGORIZED", {
        messageParameters: { fileToRead: path, clazz: this.toString(), reason: reasonOf(e) },
        cause: e,
      });
    }
    readStateFile(bytes, { path, clazz: this.toString() }, { kind, version }, apply);
  }

  // ------------------------------------------------------------------ files

  /** The file index, listing the directory on first use. */
  private index(): FileIndex {
    return this.files ?? this.listFiles();
  }

  /**
   * Lists the directory (again): the state files by version; a writer also deletes temp files left
   * by a process that died while writing (this instance's own snapshot in progress excepted).
   */
  private listFiles(): FileIndex {
    const files: FileIndex = {
      deltas: new Set(),
      snapshots: new Set(),
      grouped: listOperatorDeltaVersions(this.id.stateRoot, this.id.operatorId),
    };
    let names: string[];
    try {
      names = readdirSync(this.dir());
      this.dirReady = true;
    } catch (e) {
      if (errorCode(e) !== "ENOENT") throw e;
      names = [];
    }
    for (const name of names) {
      if (isTempFileName(name)) {
        if (this.writes && this.job?.tempName !== name) rmSync(join(this.dir(), name), { force: true });
        continue;
      }
      const f = parseStateFileName(name);
      if (f === undefined) continue;
      (f.kind === "delta" ? files.deltas : files.snapshots).add(f.version);
    }
    this.files = files;
    return files;
  }

  /** Deletes `version.snapshot` and every file of a later version. */
  private dropFilesFrom(files: FileIndex, version: number): void {
    if (files.snapshots.has(version)) this.deleteFile(files.snapshots, version, "snapshot");
    for (const v of files.snapshots) if (v > version) this.deleteFile(files.snapshots, v, "snapshot");
    for (const v of files.deltas) if (v > version) this.deleteFile(files.deltas, v, "delta");
    // The operator's files of later versions are deleted by the next group commit (they hold
    // other stores' sections); this store's own file, written now, wins over its section anyway.
    for (const v of files.grouped) if (v > version) files.grouped.delete(v);
  }

  /**
   * Deletes the files no longer needed to rebuild any of the latest `minBatchesToRetain`
   * versions: those older than the newest snapshot at or before the oldest retained version.
   */
  private purge(latest: number): void {
    const files = this.files;
    if (!files) return;
    const oldest = latest - this.conf.minBatchesToRetain;
    if (oldest <= 0) return;
    const base = latestBelow(files.snapshots, oldest);
    if (base <= this.purgedBelow) return;
    this.purgedBelow = base;
    // Deleted by the thread pool, off the batch's thread: nothing waits for these files to go, and
    // no file of these (old) versions is ever written again.
    for (const v of files.snapshots) if (v < base) this.deleteInBackground(files.snapshots, v, "snapshot");
    for (const v of files.deltas) if (v < base) this.deleteInBackground(files.deltas, v, "delta");
    // Operator delta files are deleted by the group commit once no store needs them (neededFrom).
    for (const v of files.grouped) if (v < base) files.grouped.delete(v);
  }

  private deleteInBackground(set: Set<number>, version: number, kind: StateFileKind): void {
    set.delete(version);
    const path = join(this.dir(), kind === "delta" ? deltaFileName(version) : snapshotFileName(version));
    this.pendingDeletes++;
    unlink(path, (e) => {
      if (e && e.code !== "ENOENT") this.lastMaintenanceError = e;
      if (--this.pendingDeletes === 0) {
        const waiters = this.deletesDone;
        this.deletesDone = [];
        for (const w of waiters) w();
        this.trackBusy();
      }
    });
    this.trackBusy();
  }

  private deleteFile(set: Set<number>, version: number, kind: StateFileKind): void {
    const name = kind === "delta" ? deltaFileName(version) : snapshotFileName(version);
    try {
      unlinkSync(join(this.dir(), name));
    } catch (e) {
      if (errorCode(e) !== "ENOENT") throw e;
    }
    set.delete(version);
  }

  /** Writes `bytes` to `name` in the store's directory atomically (temp file, then rename). */
  private writeFile(name: string, bytes: Uint8Array): void {
    const dir = this.dir();
    if (!this.dirReady) {
      mkdirSync(dir, { recursive: true });
      this.dirReady = true;
    }
    writeFileViaTemp(dir, name, bytes, this.conf.fsync);
  }

  // ------------------------------------------------------------------ snapshot job

  /** Called by the job when its file is in place. */
  snapshotWritten(version: number): void {
    this.files?.snapshots.add(version);
    this.job = undefined;
    try {
      this.purge(this.latestCommitted);
    } catch (e) {
      this.lastMaintenanceError = e;
    }
    this.trackBusy();
  }

  /** Called by the job when it failed (its temp file is gone). */
  snapshotFailed(e: unknown): void {
    this.lastMaintenanceError = e;
    this.job = undefined;
    this.trackBusy();
  }

  private cancelJob(): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    job.cancel();
    this.trackBusy();
  }

  /** The live map and the open writer's record, for the snapshot job. */
  liveState(): {
    readonly live: ReadonlyMap<unknown, StoredEntry>;
    readonly writing: ReadonlyMap<unknown, Previous> | undefined;
  } {
    return { live: this.live, writing: this.writer?.previous.asMap() };
  }

  /** The settings (the job fsyncs as commits do). */
  get storeConf(): StateStoreConf {
    return this.conf;
  }
}

/**
 * Writes the state of `version` to `<version>.snapshot` over several event-loop turns while the
 * live map moves on (see the header: keys touched since are written last, with their value at
 * `version` taken from the undo logs).
 */
class SnapshotJob {
  /** The undo records of the versions after `version` published since the job began, oldest first. */
  private readonly logs: ReadonlyMap<unknown, Previous>[] = [];
  /** The keys of `logs` (a key in none of them still holds its value at `version` in the live map). */
  private readonly loggedKeys = new Set<unknown>();
  /** Keys an abort or roll-back restored in the live map since the job began. */
  private readonly restored = new Set<unknown>();
  readonly tempName: string;
  readonly done: Promise<void>;
  // Made when the job's turn comes (many jobs can wait in the queue): the live map's iterator
  // (keys changed meanwhile are in `logs`, written last with their value at `version`) and the
  // file's encoder.
  private iter!: Iterator<[unknown, StoredEntry]>;
  private writer!: StateFileWriter;
  private readonly dir: string;
  /**
   * The temp file's I/O (open, writes, fsync, close), chained in order on the thread pool so that
   * the batches running meanwhile do not wait for the file system; a slice of keys is encoded only
   * once the previous slice's bytes are written.
   */
  private io: Promise<void> = Promise.resolve();
  private file: FileHandle | undefined;
  private cancelled = false;
  private finishDone!: () => void;

  constructor(
    private readonly provider: HDFSBackedStateStoreProvider,
    readonly version: number,
  ) {
    this.dir = provider.dir();
    this.tempName = tempFileName(snapshotFileName(version));
    this.done = new Promise((resolve) => {
      this.finishDone = resolve;
    });
    enqueueSnapshot(this);
  }

  /** Starts the job's slices (the queue calls it when the job's turn comes). */
  start(): void {
    if (this.cancelled) {
      snapshotDone(this);
      return;
    }
    this.iter = this.provider.liveState().live.entries();
    this.writer = new StateFileWriter(16 * 1024);
    this.writer.begin("snapshot", this.version);
    setImmediate(() => this.step());
  }

  /** The keys of `previous` are back at an earlier value in the live map. */
  /** A version after `version` was published with these undo records. */
  logged(previous: UndoRecord): void {
    const touched = previous.asMap();
    this.logs.push(touched);
    for (const k of touched.keys()) this.loggedKeys.add(k);
  }

  undone(previous: UndoRecord): void {
    // The same map `logged` kept (asMap returns one map per record).
    const touched = previous.asMap();
    const i = this.logs.lastIndexOf(touched);
    if (i >= 0) this.logs.splice(i, 1);
    for (const k of touched.keys()) this.restored.add(k);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.cleanUp();
    snapshotDone(this);
  }

  private step(): void {
    if (this.cancelled) return;
    try {
      const { writing } = this.provider.liveState();
      const w = this.writer;
      for (let n = 0; n < SNAPSHOT_SLICE; n++) {
        const next = this.iter.next();
        if (next.done) {
          this.finish();
          return;
        }
        const [k, e] = next.value;
        if (this.touched(k, writing)) continue;
        w.put(e.key, e.value);
      }
      if (w.buffered >= SNAPSHOT_FLUSH_BYTES) {
        this.write(w.take());
        this.io.then(
          () => setImmediate(() => this.step()),
          () => {},
        );
      } else setImmediate(() => this.step());
    } catch (e) {
      this.fail(e);
    }
  }

  /** Whether a batch after `version` changed key `k` (so the live entry may not be its value at `version`). */
  private touched(k: unknown, writing: ReadonlyMap<unknown, Previous> | undefined): boolean {
    // One lookup, not one per log: a job over a large state spans many batches.
    return this.loggedKeys.has(k) || writing?.has(k) === true || this.restored.has(k);
  }

  /**
   * Writes the touched keys with their value at `version` (read now, while the undo logs hold
   * them), then completes the file on the thread pool and renames it in place.
   */
  private finish(): void {
    const { live, writing } = this.provider.liveState();
    // A touched key's entry at `version`: the record of the oldest log after it that has the key,
    // else the open store's record, else the live entry. Built with one pass over each record,
    // newest first, so that older records replace newer ones.
    const atVersion = new Map<unknown, Previous>();
    if (writing) for (const [k, e] of writing) atVersion.set(k, e);
    for (let i = this.logs.length - 1; i >= 0; i--) for (const [k, e] of this.logs[i]!) atVersion.set(k, e);
    for (const k of this.restored) if (!atVersion.has(k)) atVersion.set(k, live.get(k) ?? ABSENT);
    const w = this.writer;
    for (const e of atVersion.values()) if (e !== ABSENT) w.put(e.key, e.value);
    this.write(w.finish());
    const fsync = this.provider.storeConf.fsync;
    this.io = this.io.then(async () => {
      const file = this.file;
      // Cancelled before the file was opened: nothing to complete (publish() will not run).
      if (file === undefined) return;
      if (fsync) await file.sync();
      this.file = undefined;
      await file.close();
    });
    this.io.then(
      () => this.publish(),
      () => {},
    );
  }

  /** The temp file is complete: renames it to the snapshot's name (unless the job was cancelled). */
  private publish(): void {
    if (this.cancelled) return;
    try {
      // A crash here leaves a complete temp file that no reader opens.
      faultPoint("during-snapshot");
      if (this.cancelled) return;
      renameSync(join(this.dir, this.tempName), join(this.dir, snapshotFileName(this.version)));
      if (this.provider.storeConf.fsync) syncDirectory(this.dir);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.cancelled = true;
    this.provider.snapshotWritten(this.version);
    this.finishDone();
    snapshotDone(this);
  }

  /** Appends `bytes` to the temp file (created on the first write) after the writes before them. */
  private write(bytes: Uint8Array): void {
    const path = join(this.dir, this.tempName);
    this.io = this.io.then(async () => {
      if (this.cancelled) return;
      if (this.file === undefined) this.file = await open(path, "wx");
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await this.file.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    });
    this.io.catch((e: unknown) => this.fail(e));
  }

  private fail(e: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.cleanUp();
    this.provider.snapshotFailed(e);
    snapshotDone(this);
  }

  /**
   * Deletes the temp file once the I/O under way has settled; `done` resolves after that (and
   * `stateStoreMaintenanceIdle()` waits for it), so nothing writes into the directory afterwards.
   */
  private cleanUp(): void {
    const path = join(this.dir, this.tempName);
    const cleaned = this.io
      .catch(() => {})
      .then(async () => {
        const file = this.file;
        this.file = undefined;
        if (file !== undefined) await file.close().catch(() => {});
        await rm(path, { force: true }).catch(() => {});
      })
      .finally(() => {
        snapshotCleanups.delete(cleaned);
        this.finishDone();
      });
    snapshotCleanups.add(cleaned);
  }
}

/** Cancelled or failed snapshots whose temp file is being closed and deleted. */
const snapshotCleanups = new Set<Promise<void>>();

/** Waits for the temp files of cancelled and failed snapshots to be gone. */
async function snapshotCleanupsIdle(): Promise<void> {
  while (snapshotCleanups.size > 0) await Promise.all([...snapshotCleanups]);
}

/** Snapshot jobs waiting for their turn, oldest first, and the one running. */
const snapshotQueue: SnapshotJob[] = [];
let runningSnapshot: SnapshotJob | undefined;

function enqueueSnapshot(job: SnapshotJob): void {
  snapshotQueue.push(job);
  if (runningSnapshot === undefined) startNextSnapshot();
}

/** A job ended (written, failed or cancelled): the next one in the queue starts. */
function snapshotDone(job: SnapshotJob): void {
  const i = snapshotQueue.indexOf(job);
  if (i >= 0) snapshotQueue.splice(i, 1);
  if (runningSnapshot !== job) return;
  runningSnapshot = undefined;
  startNextSnapshot();
}

function startNextSnapshot(): void {
  const next = snapshotQueue.shift();
  if (next === undefined) return;
  runningSnapshot = next;
  next.start();
}

/** The newest version in `set` at or below `version`, or 0. */
function latestBelow(set: ReadonlySet<number>, version: number): number {
  let best = 0;
  for (const v of set) if (v <= version && v > best) best = v;
  return best;
}
