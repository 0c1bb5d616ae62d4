/**
 * Decoding one Parquet column chunk into its Dremel streams: repetition levels, definition levels
 * and the non-null physical values (booleans, numbers, bigints for INT64/INT96, Uint8Array for
 * byte arrays), dictionary references resolved. Pages are decompressed and decoded by hyparquet's
 * page primitives; type conversion and record assembly are tspark's (parquet-assembly.ts), so
 * values stay exact.
 *
 * Example: an optional INT32 column holding [1, null, 3] decodes to
 * `{ count: 3, defs: [1, 0, 1], reps: undefined, values: [1, 3] }`.
 */
import type { ColumnMetaData, CompressionCodec } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { decompressPage } from "hyparquet/src/datapage.js";
import { readPlain } from "hyparquet/src/plain.js";
import { compressors as libraryCompressors } from "hyparquet-compressors";
import { type DecodedPage, decodeDataPageV1, decodeDataPageV2 } from "./parquet-page-decoder.js";
import type { ParquetNode } from "./parquet-schema.js";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

/** The decoded streams of one leaf column for one row group. */
export interface LeafData {
  /** Number of level entries (one per value or null/empty marker). */
  readonly count: number;
  readonly maxDef: number;
  readonly maxRep: number;
  /** Definition level per entry; undefined when every entry is at `maxDef`. */
  readonly defs: ArrayLike<number> | undefined;
  /** Repetition level per entry; undefined when `maxRep` is 0. */
  readonly reps: ArrayLike<number> | undefined;
  /** The values of entries at `maxDef`, in order. */
  readonly values: ArrayLike<unknown>;
}

/**
 * Decompressors by codec: node's zlib for gzip and brotli (hyparquet-compressors' own gzip can
 * loop forever on corrupt input), hyparquet-compressors for zstd and the LZ4 variants.
 */
const compressors = {
  ...libraryCompressors,
  GZIP: (input: Uint8Array, outputLength: number) =>
    new Uint8Array(gunzipSync(input, { maxOutputLength: Math.max(1, outputLength) })),
  BROTLI: (input: Uint8Array, outputLength: number) =>
    new Uint8Array(brotliDecompressSync(input, { maxOutputLength: Math.max(1, outputLength) })),
};

/** Largest decompressed page accepted (parquet-mr's default page is 1 MiB). */
const MAX_PAGE_BYTES = 256 * 1024 * 1024;

/**
 * Largest value counts accepted per page and per column chunk: level and value arrays are plain
 * JS arrays, and V8 aborts the process (not a catchable error) when one outgrows ~134M elements.
 * Writers put ~20,000 values in a page (parquet-mr, arrow-rs defaults).
 */
const MAX_PAGE_VALUES = 1 << 24;
const MAX_CHUNK_VALUES = 1 << 26;

function checkCount(n: number, count: number, total: number): void {
  if (!(Number.isSafeInteger(n) && n >= 0) || count + n > total || n > MAX_PAGE_VALUES)
    throw new RangeError("page holds more values than its column chunk");
}

function isCount(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

/** Decodes a column chunk's bytes (dictionary page first, if any). */
export function decodeColumnChunk(bytes: Uint8Array, meta: ColumnMetaData, leaf: ParquetNode): LeafData {
  const element = leaf.element;
  const type = meta.type;
  const codec: CompressionCodec = meta.codec;
  if (type !== element.type || meta.path_in_schema.join("\u0000") !== leaf.path.join("\u0000"))
    throw new RangeError("column chunk does not match its schema element");
  const maxDef = leaf.defLevel;
  const maxRep = leaf.repLevel;
  const total = Number(meta.num_values);
  if (!(Number.isSafeInteger(total) && total >= 0 && total <= MAX_CHUNK_VALUES))
    throw new RangeError(`column chunk of ${total} values is beyond what tspark reads (${MAX_CHUNK_VALUES})`);
  const defs: number[] = [];
  const reps: number[] = [];
  const values: unknown[] = [];
  let anyNull = false;
  let count = 0;
  let dictionary: ArrayLike<unknown> | undefined;
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  while (count < total) {
    if (reader.offset >= bytes.byteLength) throw new RangeError("column chunk ends before all its values");
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    if (!(size >= 0) || reader.offset + size > bytes.byteLength)
      throw new RangeError("page extends past its column chunk");
    const page = bytes.subarray(reader.offset, reader.offset + size);
    reader.offset += size;
    // A corrupt header must not make the decoders allocate gigabytes.
    const inflated = header.uncompressed_page_size;
    if (!(inflated >= 0) || inflated > MAX_PAGE_BYTES || (codec === "UNCOMPRESSED" && inflated > size + 64))
      throw new RangeError(`implausible page size ${inflated}`);
    if (header.type === "DICTIONARY_PAGE") {
      const dh = header.dictionary_page_header;
      if (dh === undefined) throw new RangeError("dictionary page without header");
      if (!(dh.num_values >= 0) || dh.num_values > inflated * 8 + 8 || dh.num_values > MAX_PAGE_VALUES)
        throw new RangeError("implausible dictionary size");
      const raw = decompressPage(page, header.uncompressed_page_size, codec, compressors);
      dictionary = readPlain(
        { view: new DataView(raw.buffer, raw.byteOffset, raw.byteLength), offset: 0 },
        type,
        dh.num_values,
        element.type_length,
      );
      continue;
    }
    let n: number;
    let decoded: DecodedPage;
    const col = { type, typeLength: element.type_length, maxDef, maxRep };
    if (header.type === "DATA_PAGE") {
      const dh = header.data_page_header;
      if (dh === undefined) throw new RangeError("data page without header");
      n = dh.num_values;
      checkCount(n, count, total);
      const raw = decompressPage(page, header.uncompressed_page_size, codec, compressors);
      decoded = decodeDataPageV1(raw, dh, col);
    } else if (header.type === "DATA_PAGE_V2") {
      const dh = header.data_page_header_v2;
      if (dh === undefined) throw new RangeError("data page v2 without header");
      n = dh.num_values;
      checkCount(n, count, total);
      const dl = dh.definition_levels_byte_length;
      const rl = dh.repetition_levels_byte_length;
      if (
        !(isCount(dl) && isCount(rl) && isCount(dh.num_nulls) && isCount(dh.num_rows)) ||
        dl + rl > size ||
        dl + rl > inflated ||
        dh.num_nulls > n
      )
        throw new RangeError("inconsistent data page v2 header");
      decoded = decodeDataPageV2(page, dh, col, inflated, (b, len) =>
        decompressPage(b, len, codec, compressors),
      );
    } else continue;
    const { reps: r, defs: d, values: dataPage } = decoded;
    let present = n;
    if (d !== undefined) {
      present = 0;
      for (let i = 0; i < n; i++) {
        const x = d[i]!;
        if (x === maxDef) present++;
        else anyNull = true;
        defs.push(x);
      }
    } else if (maxDef > 0) for (let i = 0; i < n; i++) defs.push(maxDef);
    if (r !== undefined) for (let i = 0; i < n; i++) reps.push(r[i]!);
    if (dataPage.length < present) throw new RangeError("page holds fewer values than its levels say");
    if (decoded.dictionaryIndexes) {
      if (dictionary === undefined) throw new RangeError("dictionary-encoded page without a dictionary");
      for (let i = 0; i < present; i++) {
        const idx = dataPage[i] as number;
        if (!(idx >= 0 && idx < dictionary.length)) throw new RangeError("dictionary index out of range");
        values.push(dictionary[idx]);
      }
    } else for (let i = 0; i < present; i++) values.push(dataPage[i]);
    count += n;
  }
  return {
    count,
    maxDef,
    maxRep,
    defs: maxDef > 0 && anyNull ? defs : undefined,
    reps: maxRep > 0 ? reps : undefined,
    values,
  };
}
