/**
 * The files of the durable state store (Spark's HDFSBackedStateStoreProvider layout): under
 * `<stateRoot>/<operatorId>/<partitionId>/`, `<version>.delta` holds the keys one batch touched
 * and `<version>.snapshot` the whole state of a version. Files are written to a hidden temp file
 * (`.<name>.<unique>.tmp`) and renamed, so a reader sees a file complete or not at all; temp files
 * are never read.
 *
 * Format (little-endian), the same for both kinds:
 *
 * | part    | bytes | content                                                               |
 * | ------- | ----- | --------------------------------------------------------------------- |
 * | header  | 4     | magic `TSSF`                                                          |
 * |         | 1     | format version (1)                                                    |
 * |         | 1     | kind: 1 delta, 2 snapshot                                             |
 * |         | 2     | reserved (0)                                                          |
 * |         | 8     | the store version the file belongs to (uint64)                       |
 * | records | …     | op byte (1 put, 2 remove), key row, value (put only), each encoded by |
 * |         |       | state-codec.ts (the key row as an array value)                       |
 * | trailer | 8     | number of records (uint64)                                            |
 * |         | 4     | CRC32 of header and records                                           |
 * |         | 4     | end marker `TSFE`                                                     |
 *
 * Records apply in order (a later record of a key replaces an earlier one; a remove deletes it).
 * A delta holds its batch's puts and removes in the order they happened (Spark's delta stream); a
 * snapshot has put records only, and may repeat a key with the same value (it is written while
 * later batches run, see the provider).
 *
 * Reading verifies everything — size, magic, format version, kind, store version, end marker,
 * CRC, record count, that the records end exactly at the trailer — and fails with an error
 * naming the file and the reason: nothing is skipped silently.
 */
import { crc32 } from "node:zlib";
import { internalError, TsparkError } from "../../common/errors.js";
import { ByteReader, ByteWriter, readStateValue, StateCodecError, writeStateValue } from "./state-codec.js";

/** The kinds of state file. */
export type StateFileKind = "delta" | "snapshot";

/** The format version this code writes (and the only one it reads). */
export const STATE_FILE_FORMAT_VERSION = 1;
/** Bytes of the header and of the trailer. */
export const STATE_FILE_HEADER_BYTES = 16;
export const STATE_FILE_TRAILER_BYTES = 16;

/** Record op: put (key row and value follow). */
export const RECORD_PUT = 1;
/** Record op: remove (the key row follows). */
export const RECORD_REMOVE = 2;

// "TSSF" and "TSFE" read as little-endian uint32.
const MAGIC = 0x46535354;
const END_MARKER = 0x45465354;
const KIND_CODES: Record<StateFileKind, number> = { delta: 1, snapshot: 2 };
const TWO_32 = 0x1_0000_0000;

/** `<version>.delta` */
export function deltaFileName(version: number): string {
  return `${version}.delta`;
}

/** `<version>.snapshot` */
export function snapshotFileName(version: number): string {
  return `${version}.snapshot`;
}

/** The version and kind of a state file name, or undefined for any other name (temp files included). */
export function parseStateFileName(name: string): { version: number; kind: StateFileKind } | undefined {
  const dot = name.indexOf(".");
  if (dot <= 0) return undefined;
  const digits = name.slice(0, dot);
  const ext = name.slice(dot + 1);
  if (ext !== "delta" && ext !== "snapshot") return undefined;
  if (!/^[0-9]+$/.test(digits)) return undefined;
  const version = Number(digits);
  if (!Number.isSafeInteger(version)) return undefined;
  return { version, kind: ext };
}

/**
 * Encodes one state file into a reused buffer. `begin` starts a file; `put`/`remove` append
 * records; `finish` appends the trailer and returns the bytes not yet taken. A long file (a
 * snapshot) can be written in pieces: `take()` returns the bytes so far and forgets them, keeping
 * the running CRC. The returned arrays are views of the buffer, valid until the next call. After
 * `finish`, records are refused until the next `begin`.
 */
export class StateFileWriter {
  private readonly w: ByteWriter;
  private crc = 0;
  private count = 0;
  private done = false;

  constructor(initialCapacity = 64 * 1024) {
    this.w = new ByteWriter(initialCapacity);
  }

  /** Records appended since `begin`. */
  get records(): number {
    return this.count;
  }

  /** Bytes buffered (not yet taken). */
  get buffered(): number {
    return this.w.length;
  }

  /** The bytes its buffer holds before growing. */
  get capacity(): number {
    return this.w.capacity;
  }

  /** Whether `finish` was called since the last `begin`. */
  get finished(): boolean {
    return this.done;
  }

  /** Starts a file of `kind` for store `version` (forgetting anything buffered). */
  begin(kind: StateFileKind, version: number): void {
    this.w.reset();
    this.crc = 0;
    this.count = 0;
    this.done = false;
    this.w.uint32(MAGIC);
    this.w.byte(STATE_FILE_FORMAT_VERSION);
    this.w.byte(KIND_CODES[kind]);
    this.w.byte(0);
    this.w.byte(0);
    writeUint64(this.w, version);
  }

  /** Appends a put record. */
  put(key: readonly unknown[], value: unknown): void {
    if (this.done) throw this.afterFinish();
    this.w.byte(RECORD_PUT);
    writeStateValue(this.w, key);
    writeStateValue(this.w, value);
    this.count++;
  }

  /** Appends a remove record. */
  remove(key: readonly unknown[]): void {
    if (this.done) throw this.afterFinish();
    this.w.byte(RECORD_REMOVE);
    writeStateValue(this.w, key);
    this.count++;
  }

  /** The bytes buffered so far (folded into the CRC), then forgotten. */
  take(): Uint8Array {
    const bytes = this.w.bytes();
    this.crc = crc32(bytes, this.crc);
    this.w.reset();
    return bytes;
  }

  /** Appends the trailer; returns the bytes not taken before, trailer included. */
  finish(): Uint8Array {
    if (this.done) throw this.afterFinish();
    this.done = true;
    const body = this.w.bytes();
    this.crc = crc32(body, this.crc);
    writeUint64(this.w, this.count);
    this.w.uint32(this.crc);
    this.w.uint32(END_MARKER);
    return this.w.bytes();
  }

  private afterFinish(): Error {
    return internalError("a state file cannot take records after it was finished");
  }
}

/** Where a file came from, for error messages. */
export interface StateFileSource {
  /** The file's path. */
  readonly path: string;
  /** The provider's description (Spark's `clazz` parameter). */
  readonly clazz: string;
}

/** What reading a file expects it to be. */
export interface StateFileExpectation {
  readonly kind: StateFileKind;
  readonly version: number;
}

/** Receives the records of a file in order. */
export type StateRecordSink = (
  op: typeof RECORD_PUT | typeof RECORD_REMOVE,
  key: unknown[],
  value: unknown,
) => void;

/**
 * Verifies the bytes of a state file and passes its records to `apply` in order; returns the
 * number of records. Throws `CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION` for an
 * unknown format version and `CANNOT_LOAD_STATE_STORE.UNCATEGORIZED` for any other defect, both
 * naming the file. Nothing reaches `apply` unless the whole file checks out (size, markers, CRC).
 */
export function readStateFile(
  bytes: Uint8Array,
  source: StateFileSource,
  expected: StateFileExpectation,
  apply: StateRecordSink,
): number {
  // The codec copies binary values with slice(), which on a Buffer returns an unaligned view.
  if (bytes.constructor !== Uint8Array)
    bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (reason: string) => damaged(source, reason);
  const min = STATE_FILE_HEADER_BYTES + STATE_FILE_TRAILER_BYTES;
  if (bytes.length < min)
    throw fail(
      `the file has ${bytes.length} bytes, fewer than the ${min} of an empty state file (truncated)`,
    );
  const r = new ByteReader(bytes);
  if (r.uint32() !== MAGIC)
    throw fail("it does not start with the state file magic number (not a state file)");
  const format = r.byte();
  if (format !== STATE_FILE_FORMAT_VERSION)
    throw new TsparkError("CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION", {
      messageParameters: { fileToRead: source.path, version: String(format) },
    });
  const kindCode = r.byte();
  if (kindCode !== KIND_CODES[expected.kind]) {
    const found =
      kindCode === KIND_CODES.delta
        ? "delta"
        : kindCode === KIND_CODES.snapshot
          ? "snapshot"
          : `kind ${kindCode}`;
    throw fail(`it is a ${found} file where a ${expected.kind} file was expected`);
  }
  if (r.byte() !== 0 || r.byte() !== 0) throw fail("its header has non-zero reserved bytes");
  const version = readUint64(r);
  if (version !== expected.version)
    throw fail(`it holds version ${version} of the state, not version ${expected.version}`);

  const trailer = bytes.length - STATE_FILE_TRAILER_BYTES;
  const t = new ByteReader(bytes, trailer);
  const count = readUint64(t);
  const crc = t.uint32();
  if (t.uint32() !== END_MARKER)
    throw fail("it does not end with the end marker (truncated, or bytes were appended)");
  const actual = crc32(bytes.subarray(0, trailer));
  if (actual !== crc)
    throw fail(`its CRC32 is ${hex(actual)} but the trailer records ${hex(crc)} (the content is corrupt)`);

  const body = new RecordReader(bytes, STATE_FILE_HEADER_BYTES, trailer);
  let n = 0;
  try {
    while (body.pos < trailer) {
      const op = bytes[body.pos++];
      if (op === RECORD_PUT) {
        const key = body.value();
        if (!Array.isArray(key)) throw new StateCodecError(`record ${n} has a key that is not a row`);
        apply(RECORD_PUT, key, body.value());
      } else if (op === RECORD_REMOVE) {
        const key = body.value();
        if (!Array.isArray(key)) throw new StateCodecError(`record ${n} has a key that is not a row`);
        apply(RECORD_REMOVE, key, undefined);
      } else {
        throw new StateCodecError(`record ${n} has unknown op ${op} at offset ${body.pos - 1}`);
      }
      n++;
    }
  } catch (e) {
    if (e instanceof StateCodecError) throw fail(`record ${n} cannot be decoded: ${e.reason}`);
    throw e;
  }
  if (n !== count) throw fail(`it has ${n} records but its trailer records ${count}`);
  return n;
}

// Tags of state-codec.ts that RecordReader decodes itself (the common shapes of keys and
// aggregation buffers); every other tag goes through the codec's readStateValue.
const T_NULL = 0;
const T_UNDEFINED = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_INT = 4;
const T_FLOAT = 5;
const T_STRING = 7;
const T_ARRAY = 9;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes the values of a file's records: the codec's format (state-codec.ts), with the common
 * tags — null, booleans, numbers, strings and arrays of them — read inline without a call per
 * byte (loading a million-key snapshot decodes two million values); other tags are delegated to
 * `readStateValue`. Every read is bounds-checked: a malformed record is a StateCodecError.
 */
class RecordReader {
  pos: number;
  private readonly view: DataView;
  private readonly slow: ByteReader;

  constructor(
    private readonly buf: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.slow = new ByteReader(buf, start, end);
  }

  value(): unknown {
    const buf = this.buf;
    if (this.pos >= this.end) throw this.short(1);
    const tag = buf[this.pos]!;
    switch (tag) {
      case T_NULL:
        this.pos++;
        return null;
      case T_UNDEFINED:
        this.pos++;
        return undefined;
      case T_FALSE:
        this.pos++;
        return false;
      case T_TRUE:
        this.pos++;
        return true;
      case T_INT: {
        if (this.pos + 5 > this.end) throw this.short(5);
        const v = this.view.getInt32(this.pos + 1, true);
        this.pos += 5;
        return v;
      }
      case T_FLOAT: {
        if (this.pos + 9 > this.end) throw this.short(9);
        const v = this.view.getFloat64(this.pos + 1, true);
        this.pos += 9;
        return v;
      }
      case T_STRING: {
        this.pos++;
        const n = this.varint();
        if (this.pos + n > this.end) throw this.short(n);
        const start = this.pos;
        this.pos += n;
        if (n < 64) {
          let s = "";
          for (let i = start; i < start + n; i++) {
            const c = buf[i]!;
            if (c > 0x7f) return this.utf8(start, n);
            s += String.fromCharCode(c);
          }
          return s;
        }
        return this.utf8(start, n);
      }
      case T_ARRAY: {
        this.pos++;
        const n = this.varint();
        if (n > this.end - this.pos)
          throw new StateCodecError(`array of ${n} values but only ${this.end - this.pos} bytes left`);
        // Literals for the usual one- and two-column rows: V8 tracks their allocation sites and
        // allocates survivors (all of a loaded state) directly in the old generation.
        if (n === 1) return [this.value()];
        if (n === 2) {
          const a = this.value();
          return [a, this.value()];
        }
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return out;
      }
      default: {
        const slow = this.slow;
        slow.pos = this.pos;
        const v = readStateValue(slow);
        this.pos = slow.pos;
        return v;
      }
    }
  }

  private varint(): number {
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.end) throw this.short(1);
      const b = this.buf[this.pos++]!;
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 0x80;
    }
    throw new StateCodecError(`varint longer than 8 bytes at offset ${this.pos}`);
  }

  private utf8(start: number, n: number): string {
    try {
      return utf8.decode(this.buf.subarray(start, start + n));
    } catch {
      throw new StateCodecError(`invalid UTF-8 in a string at offset ${start}`);
    }
  }

  private short(n: number): StateCodecError {
    return new StateCodecError(
      `needs ${n} more bytes at offset ${this.pos} but the data ends at ${this.end}`,
    );
  }
}

/** The error for a damaged state file. */
export function damaged(source: StateFileSource, reason: string): TsparkError {
  return new TsparkError("CANNOT_LOAD_STATE_STORE.UNCATEGORIZED", {
    messageParameters: { fileToRead: source.path, clazz: source.clazz, reason },
  });
}

function writeUint64(w: ByteWriter, n: number): void {
  w.uint32(n % TWO_32);
  w.uint32(Math.floor(n / TWO_32));
}

function readUint64(r: ByteReader): number {
  const lo = r.uint32();
  const hi = r.uint32();
  return hi * TWO_32 + lo;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
