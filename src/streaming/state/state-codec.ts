/**
 * The binary codec of state keys and values: every value a state store holds (internal values of
 * data/values.ts and aggregation buffers built from them) to bytes and back, exactly — 64-bit
 * integers, decimals (bigint), -0, NaN, binary and nested values round-trip bit for bit.
 *
 * Format (little-endian), one tag byte per value:
 *
 * | tag | value                     | payload                                             |
 * | --- | ------------------------- | --------------------------------------------------- |
 * | 0   | null                      | —                                                   |
 * | 1   | undefined                 | — (aggregation buffers may hold it)                 |
 * | 2/3 | false / true              | —                                                   |
 * | 4   | number, int32 (not -0)    | int32                                               |
 * | 5   | any other number          | float64                                             |
 * | 6   | bigint                    | sign byte, varint n, n bytes of magnitude (LE)      |
 * | 7   | string                    | varint byte length, UTF-8                           |
 * | 8   | Uint8Array                | varint length, bytes                                |
 * | 9   | array                     | varint count, values                                |
 * | 10  | MapValue                  | varint count, keys, values                          |
 * | 11  | plain object              | varint count, (string key, value) pairs             |
 * | 12  | other typed array         | kind byte, varint byte length, bytes                |
 * | 13  | string with lone surrogates | varint count of UTF-16 units, units (uint16)      |
 * | 14  | bigint in [-2^63, 2^63)   | int64 (the common case: longs, timestamps, decimals |
 * |     |                           | up to 18 digits — no per-byte bigint arithmetic)    |
 *
 * Tag 6 remains for bigints outside the int64 range (wide decimals); files written before tag 14
 * existed hold every bigint as tag 6 and still read back.
 *
 * Anything else (a class instance, a function, a symbol) is not state data: encoding it fails
 * with INTERNAL_ERROR naming its type, rather than losing its prototype silently.
 */
import { internalError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";

const T_NULL = 0;
const T_UNDEFINED = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_INT = 4;
const T_FLOAT = 5;
const T_BIGINT = 6;
const T_STRING = 7;
const T_BINARY = 8;
const T_ARRAY = 9;
const T_MAP = 10;
const T_OBJECT = 11;
const T_TYPED = 12;
const T_STRING16 = 13;
const T_INT64 = 14;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Typed-array kinds other than Uint8Array, by their tag-12 kind byte. */
const TYPED_KINDS = [
  Int8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** An append-only byte buffer that grows as needed; `bytes()` is a view of what was written. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** The bytes written (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** The bytes it holds before growing. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Forgets the content, keeping the capacity. */
  reset(): void {
    this.length = 0;
  }

  private ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  /** An unsigned integer < 2^53 in 7-bit groups. */
  varint(n: number): void {
    this.ensure(8);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  int32(n: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, n, true);
    this.length += 4;
  }

  /** A bigint in [-2^63, 2^63). */
  int64(n: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.length, n, true);
    this.length += 8;
  }

  uint32(n: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, n, true);
    this.length += 4;
  }

  float64(n: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, n, true);
    this.length += 8;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** A string as varint byte length + UTF-8. */
  string(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.ensure(s.length * 3 + 8);
    const start = this.length;
    if (s.length < 0x80) {
      // ASCII in one pass (copied while checked); anything else is encoded below over it.
      const buf = this.buf;
      let at = start + 1;
      let i = 0;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        buf[at++] = c;
      }
      if (i === s.length) {
        buf[start] = s.length;
        this.length = at;
        return;
      }
    }
    // Reserve a 5-byte varint for the length, then move the bytes if it was shorter.
    const { written } = utf8.encodeInto(s, this.buf.subarray(start + 5));
    const lenBytes = varintSize(written!);
    if (lenBytes !== 5) this.buf.copyWithin(start + lenBytes, start + 5, start + 5 + written!);
    this.varint(written!);
    this.length = start + lenBytes + written!;
  }
}

/** Whether `s` has no lone surrogate (ES2024's String.prototype.isWellFormed, in Node ≥ 20). */
function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** Reads what `ByteWriter` wrote; every read checks the bounds. */
export class ByteReader {
  private readonly view: DataView;
  /** The next byte to read. */
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    /** One past the last readable byte. */
    readonly end = buf.length,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.end)
      throw new StateCodecError(
        `needs ${n} more bytes at offset ${this.pos} but the data ends at ${this.end}`,
      );
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  varint(): number {
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 0x80;
    }
    throw new StateCodecError(`varint longer than 8 bytes at offset ${this.pos}`);
  }

  int32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  uint32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  float64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** `n` bytes (a copy, so the result does not pin the source buffer). */
  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const n = this.varint();
    this.need(n);
    const start = this.pos;
    this.pos += n;
    if (n < 64) {
      let s = "";
      for (let i = start; i < start + n; i++) {
        const c = this.buf[i]!;
        if (c > 0x7f) return this.decodeUtf8(start, n);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.decodeUtf8(start, n);
  }

  private decodeUtf8(start: number, n: number): string {
    try {
      return utf8Decoder.decode(this.buf.subarray(start, start + n));
    } catch {
      throw new StateCodecError(`invalid UTF-8 in a string at offset ${start}`);
    }
  }
}

/** A malformed encoding (the caller turns it into an error naming the file). */
export class StateCodecError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "StateCodecError";
  }
}

/** Appends the encoding of `v` to `w`. */
export function writeStateValue(w: ByteWriter, v: unknown): void {
  if (v === null) {
    w.byte(T_NULL);
    return;
  }
  switch (typeof v) {
    case "undefined":
      w.byte(T_UNDEFINED);
      return;
    case "boolean":
      w.byte(v ? T_TRUE : T_FALSE);
      return;
    case "number":
      if ((v | 0) === v && !Object.is(v, -0)) {
        w.byte(T_INT);
        w.int32(v);
        return;
      }
      w.byte(T_FLOAT);
      w.float64(v);
      return;
    case "bigint":
      writeBigInt(w, v);
      return;
    case "string":
      if (!isWellFormed(v)) {
        // UTF-8 cannot hold a lone surrogate (TextEncoder would make it U+FFFD): keep the units.
        w.byte(T_STRING16);
        w.varint(v.length);
        for (let i = 0; i < v.length; i++) {
          const c = v.charCodeAt(i);
          w.byte(c & 0xff);
          w.byte(c >>> 8);
        }
        return;
      }
      w.byte(T_STRING);
      w.string(v);
      return;
    case "object":
      break;
    default:
      throw internalError(`a state value of type ${typeof v} cannot be stored`);
  }
  if (Array.isArray(v)) {
    w.byte(T_ARRAY);
    w.varint(v.length);
    // Indexed loops: a recursive function's for-of allocates an iterator result per element.
    for (let i = 0; i < v.length; i++) writeStateValue(w, v[i]);
    return;
  }
  if (v instanceof Uint8Array) {
    w.byte(T_BINARY);
    w.varint(v.length);
    w.raw(v);
    return;
  }
  if (ArrayBuffer.isView(v)) {
    const kind = TYPED_KINDS.findIndex((k) => v instanceof k);
    if (kind < 0) throw internalError(`a state value of type ${v.constructor.name} cannot be stored`);
    w.byte(T_TYPED);
    w.byte(kind);
    w.varint(v.byteLength);
    w.raw(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    return;
  }
  if (v instanceof MapValue) {
    w.byte(T_MAP);
    w.varint(v.keys.length);
    for (let i = 0; i < v.keys.length; i++) writeStateValue(w, v.keys[i]);
    for (let i = 0; i < v.values.length; i++) writeStateValue(w, v.values[i]);
    return;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const name = (v as { constructor?: { name?: string } }).constructor?.name ?? "object";
    throw internalError(`a state value of class ${name} cannot be stored`);
  }
  const keys = Object.keys(v);
  w.byte(T_OBJECT);
  w.varint(keys.length);
  for (const k of keys) {
    w.string(k);
    writeStateValue(w, (v as Record<string, unknown>)[k]);
  }
}

function writeBigInt(w: ByteWriter, v: bigint): void {
  if (v >= INT64_MIN && v <= INT64_MAX) {
    w.byte(T_INT64);
    w.int64(v);
    return;
  }
  w.byte(T_BIGINT);
  const negative = v < 0n;
  let mag = negative ? -v : v;
  w.byte(negative ? 1 : 0);
  const bytes: number[] = [];
  while (mag > 0n) {
    bytes.push(Number(mag & 0xffn));
    mag >>= 8n;
  }
  w.varint(bytes.length);
  for (const b of bytes) w.byte(b);
}

/** Reads one value written by `writeStateValue`. */
export function readStateValue(r: ByteReader): unknown {
  const tag = r.byte();
  switch (tag) {
    case T_NULL:
      return null;
    case T_UNDEFINED:
      return undefined;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_INT:
      return r.int32();
    case T_FLOAT:
      return r.float64();
    case T_INT64:
      return r.int64();
    case T_BIGINT: {
      const sign = r.byte();
      const n = r.varint();
      let mag = 0n;
      let shift = 0n;
      for (let i = 0; i < n; i++) {
        mag |= BigInt(r.byte()) << shift;
        shift += 8n;
      }
      return sign === 1 ? -mag : mag;
    }
    case T_STRING:
      return r.string();
    case T_STRING16: {
      const n = r.varint();
      if (2 * n > r.remaining)
        throw new StateCodecError(`string of ${n} units but only ${r.remaining} bytes left`);
      let out = "";
      for (let i = 0; i < n; i++) out += String.fromCharCode(r.byte() | (r.byte() << 8));
      return out;
    }
    case T_BINARY:
      return r.raw(r.varint());
    case T_ARRAY: {
      const n = r.varint();
      if (n > r.remaining)
        throw new StateCodecError(`array of ${n} values but only ${r.remaining} bytes left`);
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = readStateValue(r);
      return out;
    }
    case T_MAP: {
      const n = r.varint();
      if (2 * n > r.remaining)
        throw new StateCodecError(`map of ${n} entries but only ${r.remaining} bytes left`);
      const keys: unknown[] = new Array(n);
      const values: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) keys[i] = readStateValue(r);
      for (let i = 0; i < n; i++) values[i] = readStateValue(r);
      return new MapValue(keys, values);
    }
    case T_OBJECT: {
      const n = r.varint();
      if (2 * n > r.remaining)
        throw new StateCodecError(`object of ${n} fields but only ${r.remaining} bytes left`);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = r.string();
        out[k] = readStateValue(r);
      }
      return out;
    }
    case T_TYPED: {
      const kind = TYPED_KINDS[r.byte()];
      if (!kind) throw new StateCodecError(`unknown typed-array kind at offset ${r.pos - 1}`);
      const bytes = r.raw(r.varint());
      if (bytes.byteLength % kind.BYTES_PER_ELEMENT !== 0)
        throw new StateCodecError(`${kind.name} of ${bytes.byteLength} bytes`);
      return new kind(
        bytes.buffer as ArrayBuffer,
        bytes.byteOffset,
        bytes.byteLength / kind.BYTES_PER_ELEMENT,
      );
    }
    default:
      throw new StateCodecError(`unknown value tag ${tag} at offset ${r.pos - 1}`);
  }
}

/** The encoding of one value, as a fresh array. */
export function encodeStateValue(v: unknown): Uint8Array {
  const w = new ByteWriter(64);
  writeStateValue(w, v);
  return w.bytes().slice();
}

/** Decodes bytes holding exactly one value; trailing bytes are an error. */
export function decodeStateValue(bytes: Uint8Array): unknown {
  const r = new ByteReader(bytes);
  const v = readStateValue(r);
  if (r.remaining !== 0) throw new StateCodecError(`${r.remaining} bytes after the value`);
  return v;
}
