/**
 * The orders transformWithState and (flat)MapGroupsWithState visit keys in, as Spark's do:
 *
 * - Grouping keys within a partition: ascending by the grouping columns, nulls first (Spark sorts
 *   each partition's input by the grouping key — the operators' `requiredChildOrdering`).
 * - Keys read back from RocksDB (a MapState's user keys within its grouping key; timers that
 *   expire at the same time): the byte order of Spark's UnsafeRow encoding of a one-field row
 *   holding the key struct, compared as unsigned bytes (RocksDB's bytewise comparator). This is
 *   not the value order: fixed-width fields are little-endian (an int key orders by its lowest
 *   byte first: 0, 256, 1, -1) and a string orders by its length before its content ("b" before
 *   "aa"). `unsafeRowBytes` encodes booleans, integral types, floats, dates, timestamps, decimals
 *   of precision ≤ 18, strings, binaries and structs of them as Spark does; a key holding any
 *   other type (arrays, maps, wide decimals, intervals) is ordered by value instead.
 *
 * Example: the user key row [7] of a MapState with user key `key INT` is the row [[7]] of
 * struct<userKey: struct<key: int>>:
 *
 *     00×8 (null bits) | 10 00 00 00 10 00 00 00 (offset 16, size 16) |
 *     00×8 (nested null bits) | 07 00 00 00 00 00 00 00
 */
import type { DataType, StructType } from "../types/data-type.js";
import { compareValues } from "../functions/collection/compare.js";

/** Compares two key rows (internal values) of `schema`: ascending by field, nulls first. */
export function keyRowComparator(
  schema: StructType,
): (a: readonly unknown[], b: readonly unknown[]) => number {
  return compareValues(schema) as (a: readonly unknown[], b: readonly unknown[]) => number;
}

/** Whether every field of `schema` has an UnsafeRow encoding here (see the header). */
export function hasUnsafeRowEncoding(schema: StructType): boolean {
  return schema.fields.every((f) => encodable(f.dataType));
}

function encodable(t: DataType): boolean {
  switch (t.kind) {
    case "boolean":
    case "byte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
    case "date":
    case "timestamp":
    case "timestamp_ntz":
    case "string":
    case "binary":
    case "null":
      return true;
    case "decimal":
      return t.precision <= 18;
    case "struct":
      return hasUnsafeRowEncoding(t);
    default:
      return false;
  }
}

/**
 * A comparator of key rows of `schema` in RocksDB's order for keys stored as a row holding the
 * key struct (see the header); falls back to `keyRowComparator` when a field has no encoding.
 * Encodes each row once per comparison: callers sort small sets (one grouping key's map entries,
 * the timers of one expiry).
 */
export function encodedKeyComparator(
  schema: StructType,
): (a: readonly unknown[], b: readonly unknown[]) => number {
  if (!hasUnsafeRowEncoding(schema)) return keyRowComparator(schema);
  return (a, b) => compareBytes(wrappedKeyBytes(a, schema), wrappedKeyBytes(b, schema));
}

/** The UnsafeRow bytes of the one-field row `[row]` (the key struct nested in a row). */
export function wrappedKeyBytes(row: readonly unknown[], schema: StructType): Uint8Array {
  const w = new Writer();
  w.row([row], [schema]);
  return w.bytes();
}

/** Spark's UnsafeRow bytes of `row` with field types `types` (see `hasUnsafeRowEncoding`). */
export function unsafeRowBytes(row: readonly unknown[], types: readonly DataType[]): Uint8Array {
  const w = new Writer();
  w.row(row, types);
  return w.bytes();
}

/** Unsigned lexicographic order of byte strings (RocksDB's default comparator). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const encoder = new TextEncoder();

/** A growable little-endian buffer writing UnsafeRow layouts. */
class Writer {
  private buf = new Uint8Array(64);
  private view = new DataView(this.buf.buffer);
  private end = 0;

  bytes(): Uint8Array {
    return this.buf.slice(0, this.end);
  }

  private reserve(n: number): number {
    const at = this.end;
    const need = at + n;
    if (need > this.buf.length) {
      const next = new Uint8Array(Math.max(need, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.end));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.end = need;
    return at;
  }

  /**
   * Writes a row at the end: null bits (one 8-byte word per 64 fields), one 8-byte slot per
   * field, then the variable-length data of the fields in order, each padded to 8 bytes.
   */
  row(row: readonly unknown[], types: readonly DataType[]): void {
    const n = types.length;
    const base = this.reserve(Math.ceil(n / 64) * 8 + n * 8);
    const slots = base + Math.ceil(n / 64) * 8;
    for (let i = 0; i < n; i++) {
      const v = row[i] ?? null;
      const slot = slots + i * 8;
      if (v === null) {
        this.buf[base + (i >> 3)]! |= 1 << (i & 7);
        continue;
      }
      const t = types[i]!;
      switch (t.kind) {
        case "boolean":
          this.buf[slot] = v === true ? 1 : 0;
          break;
        case "byte":
          this.view.setInt8(slot, Number(v));
          break;
        case "short":
          this.view.setInt16(slot, Number(v), true);
          break;
        case "int":
        case "date":
          this.view.setInt32(slot, Number(v), true);
          break;
        case "long":
        case "timestamp":
        case "timestamp_ntz":
        case "decimal":
          this.view.setBigInt64(slot, BigInt(v as number | bigint), true);
          break;
        case "float":
          this.view.setFloat32(slot, Number.isNaN(v) ? Number.NaN : Number(v), true);
          break;
        case "double":
          this.view.setFloat64(slot, Number.isNaN(v) ? Number.NaN : Number(v), true);
          break;
        case "string":
          this.variable(slot, base, encoder.encode(String(v)));
          break;
        case "binary":
          this.variable(slot, base, v as Uint8Array);
          break;
        case "struct": {
          const start = this.end;
          this.row(
            v as readonly unknown[],
            t.fields.map((f) => f.dataType),
          );
          this.offsetAndSize(slot, start - base, this.end - start);
          break;
        }
        default:
          break;
      }
    }
  }

  private variable(slot: number, base: number, data: Uint8Array): void {
    const at = this.reserve(Math.ceil(data.length / 8) * 8);
    this.buf.set(data, at);
    this.offsetAndSize(slot, at - base, data.length);
  }

  private offsetAndSize(slot: number, offset: number, size: number): void {
    this.view.setUint32(slot, size, true);
    this.view.setUint32(slot + 4, offset, true);
  }
}
