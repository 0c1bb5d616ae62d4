/**
 * Decoding the inside of Parquet data pages defensively: the RLE/bit-packed hybrid runs of
 * repetition and definition levels and dictionary indexes, and the value encodings, all bounded
 * by the page's bytes and its declared value count. hyparquet's own page readers trust the counts
 * in runs and delta headers; a corrupt page could make them grow an array until V8 aborts the
 * process or loop forever, so only its bounded primitives (PLAIN, byte-stream-split, delta
 * blocks behind a checked header) are used here.
 *
 * Example: levels `[1, 1, 1, 0]` with bit width 1 encode as the hybrid bytes `06 01 02 00`
 * (an RLE run of three 1s, then an RLE run of one 0).
 */
import type { DataPageHeader, ParquetType } from "hyparquet";
import type { DataPageHeaderV2 } from "hyparquet/src/types.js";
import { deltaBinaryUnpack } from "hyparquet/src/delta.js";
import { byteStreamSplit } from "hyparquet/src/encoding.js";
import { readPlain } from "hyparquet/src/plain.js";

/** A cursor over a page's bytes. */
interface Reader {
  view: DataView;
  offset: number;
}

function fail(what: string): never {
  throw new RangeError(`corrupt Parquet page: ${what}`);
}

function readVarInt(r: Reader, end: number): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (r.offset >= end || shift > 28) fail("bad varint");
    const b = r.view.getUint8(r.offset++);
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
  }
}

/** Decodes `count` values of the RLE/bit-packed hybrid between `r.offset` and `end` into `out`. */
export function decodeHybrid(r: Reader, end: number, bitWidth: number, count: number, out: Int32Array): void {
  if (bitWidth < 0 || bitWidth > 32) fail(`bit width ${bitWidth}`);
  const bytesPerRle = (bitWidth + 7) >> 3;
  let filled = 0;
  while (filled < count) {
    const header = readVarInt(r, end);
    if (header % 2 === 1) {
      const values = Math.floor(header / 2) * 8;
      if (values === 0) fail("empty bit-packed run");
      const take = Math.min(values, count - filled);
      const bytesNeeded = Math.ceil((take * bitWidth) / 8);
      if (r.offset + bytesNeeded > end) fail("bit-packed run past the end");
      let bitPos = 0;
      const base = r.offset;
      for (let i = 0; i < take; i++) {
        let v = 0;
        for (let b = 0; b < bitWidth; b++) {
          const p = bitPos + b;
          if ((r.view.getUint8(base + (p >> 3)) >> (p & 7)) & 1) v += 2 ** b;
        }
        out[filled++] = v;
        bitPos += bitWidth;
      }
      // The run occupies whole groups; the last run may be cut short at the end of the data.
      r.offset = Math.min(end, base + Math.ceil((values * bitWidth) / 8));
    } else {
      const run = Math.floor(header / 2);
      if (run === 0) fail("empty RLE run");
      if (r.offset + bytesPerRle > end) fail("RLE run past the end");
      let v = 0;
      for (let i = 0; i < bytesPerRle; i++) v += r.view.getUint8(r.offset + i) * 2 ** (8 * i);
      r.offset += bytesPerRle;
      const take = Math.min(run, count - filled);
      out.fill(v, filled, filled + take);
      filled += take;
    }
  }
}

function bitWidthOf(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}

/** Levels and raw values of one data page. */
export interface DecodedPage {
  /** Repetition levels (undefined when the column is not repeated). */
  readonly reps: Int32Array | undefined;
  /** Definition levels (undefined when the column is required all the way). */
  readonly defs: Int32Array | undefined;
  /** The non-null values, or dictionary indexes when `dictionaryIndexes`. */
  readonly values: ArrayLike<unknown>;
  readonly dictionaryIndexes: boolean;
}

/** What the decoder needs to know about the column. */
export interface PageColumn {
  readonly type: ParquetType;
  readonly typeLength: number | undefined;
  readonly maxDef: number;
  readonly maxRep: number;
}

function levels(r: Reader, end: number, max: number, n: number): Int32Array | undefined {
  if (max === 0) return undefined;
  const out = new Int32Array(n);
  decodeHybrid(r, end, bitWidthOf(max), n, out);
  for (let i = 0; i < n; i++) if (out[i]! > max) fail("level above its maximum");
  return out;
}

function lengthPrefixed(r: Reader, end: number): number {
  if (r.offset + 4 > end) fail("missing length prefix");
  const len = r.view.getUint32(r.offset, true);
  r.offset += 4;
  if (r.offset + len > end) fail("length prefix past the end");
  return r.offset + len;
}

/** Decodes a V1 data page (already decompressed). */
export function decodeDataPageV1(bytes: Uint8Array, h: DataPageHeader, col: PageColumn): DecodedPage {
  const r: Reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  const end = bytes.byteLength;
  const n = h.num_values;
  let reps: Int32Array | undefined;
  let defs: Int32Array | undefined;
  if (col.maxRep > 0) {
    if (h.repetition_level_encoding !== "RLE")
      fail(`repetition level encoding ${h.repetition_level_encoding}`);
    const e = lengthPrefixed(r, end);
    reps = levels(r, e, col.maxRep, n);
    r.offset = e;
  }
  if (col.maxDef > 0) {
    if (h.definition_level_encoding !== "RLE")
      fail(`definition level encoding ${h.definition_level_encoding}`);
    const e = lengthPrefixed(r, end);
    defs = levels(r, e, col.maxDef, n);
    r.offset = e;
  }
  return { reps, defs, ...decodeValues(r, end, h.encoding, countPresent(defs, col.maxDef, n), col) };
}

/** Decodes a V2 data page; `decompress` inflates the values section when it is compressed. */
export function decodeDataPageV2(
  bytes: Uint8Array,
  h: DataPageHeaderV2,
  col: PageColumn,
  uncompressedSize: number,
  decompress: (b: Uint8Array, size: number) => Uint8Array,
): DecodedPage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = h.num_values;
  const rl = h.repetition_levels_byte_length;
  const dl = h.definition_levels_byte_length;
  const r: Reader = { view, offset: 0 };
  const reps = col.maxRep > 0 ? levels(r, rl, col.maxRep, n) : undefined;
  r.offset = rl;
  const defs = col.maxDef > 0 ? levels(r, rl + dl, col.maxDef, n) : undefined;
  let values = bytes.subarray(rl + dl);
  const size = uncompressedSize - rl - dl;
  if (size < 0) fail("levels larger than the page");
  if (h.is_compressed !== false) values = decompress(values, size);
  const vr: Reader = { view: new DataView(values.buffer, values.byteOffset, values.byteLength), offset: 0 };
  const present = countPresent(defs, col.maxDef, n);
  if (defs !== undefined && n - present !== h.num_nulls) fail("null count does not match the levels");
  return { reps, defs, ...decodeValues(vr, values.byteLength, h.encoding, present, col) };
}

function countPresent(defs: Int32Array | undefined, maxDef: number, n: number): number {
  if (defs === undefined) return n;
  let k = 0;
  for (let i = 0; i < n; i++) if (defs[i] === maxDef) k++;
  return k;
}

/** Checks a DELTA_BINARY_PACKED header before hyparquet decodes the blocks. */
function checkDeltaHeader(r: Reader, end: number): void {
  const probe: Reader = { view: r.view, offset: r.offset };
  const blockSize = readVarInt(probe, end);
  const miniblocks = readVarInt(probe, end);
  readVarInt(probe, end);
  if (blockSize <= 0 || blockSize % 128 !== 0 || miniblocks <= 0 || (blockSize / miniblocks) % 32 !== 0)
    fail("bad delta header");
}

function deltaInts(r: Reader, end: number, count: number): Int32Array {
  const out = new Int32Array(count);
  if (count === 0) return out;
  checkDeltaHeader(r, end);
  deltaBinaryUnpack(r, count, out);
  if (r.offset > end) fail("delta block past the end");
  return out;
}

function sliceBytes(r: Reader, end: number, len: number): Uint8Array {
  if (len < 0 || r.offset + len > end) fail("byte array past the end");
  const b = new Uint8Array(r.view.buffer, r.view.byteOffset + r.offset, len);
  r.offset += len;
  return b;
}

function decodeValues(
  r: Reader,
  end: number,
  encoding: string,
  count: number,
  col: PageColumn,
): { values: ArrayLike<unknown>; dictionaryIndexes: boolean } {
  const { type, typeLength } = col;
  switch (encoding) {
    case "PLAIN": {
      const minBytes =
        type === "BOOLEAN"
          ? count / 8
          : type === "BYTE_ARRAY"
            ? count * 4
            : count * fixedWidth(type, typeLength);
      if (r.offset + Math.ceil(minBytes) > end) fail("values past the end");
      return { values: readPlain(r, type, count, typeLength), dictionaryIndexes: false };
    }
    case "PLAIN_DICTIONARY":
    case "RLE_DICTIONARY": {
      const out = new Int32Array(count);
      if (count > 0) {
        if (r.offset >= end) fail("missing dictionary index width");
        const width = r.view.getUint8(r.offset++);
        decodeHybrid(r, end, width, count, out);
      }
      return { values: out, dictionaryIndexes: true };
    }
    case "RLE": {
      if (type !== "BOOLEAN") fail(`RLE values of type ${type}`);
      const e = lengthPrefixed(r, end);
      const out = new Int32Array(count);
      decodeHybrid(r, e, 1, count, out);
      return { values: Array.from(out, (x) => x === 1), dictionaryIndexes: false };
    }
    case "DELTA_BINARY_PACKED": {
      if (type === "INT32") return { values: deltaInts(r, end, count), dictionaryIndexes: false };
      if (type !== "INT64") fail(`delta values of type ${type}`);
      const out = new BigInt64Array(count);
      if (count > 0) {
        checkDeltaHeader(r, end);
        deltaBinaryUnpack(r, count, out);
      }
      return { values: out, dictionaryIndexes: false };
    }
    case "DELTA_LENGTH_BYTE_ARRAY": {
      const lengths = deltaInts(r, end, count);
      return { values: Array.from(lengths, (len) => sliceBytes(r, end, len)), dictionaryIndexes: false };
    }
    case "DELTA_BYTE_ARRAY": {
      const prefixes = deltaInts(r, end, count);
      const suffixes = deltaInts(r, end, count);
      const out: Uint8Array[] = [];
      let prev = new Uint8Array();
      for (let i = 0; i < count; i++) {
        const p = prefixes[i]!;
        if (p < 0 || p > prev.length) fail("delta prefix longer than the previous value");
        const s = sliceBytes(r, end, suffixes[i]!);
        const v = new Uint8Array(p + s.length);
        v.set(prev.subarray(0, p));
        v.set(s, p);
        out.push(v);
        prev = v;
      }
      return { values: out, dictionaryIndexes: false };
    }
    case "BYTE_STREAM_SPLIT": {
      const width = fixedWidth(type, typeLength);
      if (r.offset + count * width > end) fail("values past the end");
      return { values: byteStreamSplit(r, count, type, typeLength), dictionaryIndexes: false };
    }
    default:
      return fail(`unsupported encoding ${encoding}`);
  }
}

function fixedWidth(type: ParquetType, typeLength: number | undefined): number {
  switch (type) {
    case "INT32":
    case "FLOAT":
      return 4;
    case "INT64":
    case "DOUBLE":
      return 8;
    case "INT96":
      return 12;
    case "FIXED_LEN_BYTE_ARRAY":
      return typeLength ?? 0;
    default:
      return 1;
  }
}
