/**
 * Writing one Parquet file from RecordBatches with hyparquet-writer: the schema from
 * `sparkToParquet`, the Spark schema JSON in the footer under SPARK_METADATA_KEY, the chosen
 * codec, and row groups of bounded size: rows are buffered only until their estimated size
 * reaches `parquet.block.size` (default 128 MiB, as parquet-mr) or their count reaches
 * `parquet.block.row.count.limit` (default 1,000,000 here), then encoded and appended to the file,
 * so memory holds one row group at a time.
 *
 * Example: writing `a INT` rows 1, 2 with snappy gives `PAR1 <a chunk> <footer with
 * "org.apache.spark.sql.parquet.row.metadata" = {"type":"struct","fields":[…]}> <len> PAR1`.
 */
import { open } from "node:fs/promises";
import { brotliCompressSync, gzipSync } from "node:zlib";
import type { CompressionCodec, SchemaElement } from "hyparquet";
import { ByteWriter, type ColumnSource, ParquetWriter } from "hyparquet-writer";
import type { RecordBatch } from "../../data/record-batch.js";
import { floorDiv } from "../../data/datetime.js";
import { MapValue } from "../../data/values.js";
import type { DataType, StructType } from "../../types/data-type.js";
import type { OutputWriter } from "./file-format.js";
import { SPARK_METADATA_KEY } from "./parquet-schema.js";

/** Parquet writer settings fixed by prepareWrite. */
export interface ParquetWriteSettings {
  readonly codec: CompressionCodec;
  readonly elements: readonly SchemaElement[];
  readonly outputTimestampType: "INT96" | "TIMESTAMP_MICROS" | "TIMESTAMP_MILLIS";
  readonly blockSize: number;
  readonly rowLimit: number;
  readonly pageSize: number;
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const JULIAN_EPOCH_DAY = 2440588;
const MICROS_PER_DAY = 86400000000n;
const MICROS_PER_DAY_NUMBER = 86_400_000_000;
const TWO_POW_32 = 4294967296;

/** A timestamp (micros since the epoch) as Spark's INT96: 8 bytes nanos of day, 4 bytes Julian day. */
export function microsToInt96(micros: number): Uint8Array {
  const out = new Uint8Array(12);
  writeInt96(micros, new DataView(out.buffer), 0);
  return out;
}

/**
 * Writes `microsToInt96(micros)` into `view` at `offset`. Internal timestamps are safe integers,
 * so days and nanos of day are exact in Number arithmetic (nanos < 8.64e13); anything else goes
 * through BigInt.
 */
function writeInt96(micros: number, view: DataView, offset: number): void {
  if (!Number.isSafeInteger(micros)) {
    const m = BigInt(micros);
    let day = m / MICROS_PER_DAY;
    let rem = m % MICROS_PER_DAY;
    if (rem < 0n) {
      rem += MICROS_PER_DAY;
      day -= 1n;
    }
    view.setBigUint64(offset, rem * 1000n, true);
    view.setInt32(offset + 8, Number(day) + JULIAN_EPOCH_DAY, true);
    return;
  }
  const day = floorDiv(micros, MICROS_PER_DAY_NUMBER);
  const nanos = (micros - day * MICROS_PER_DAY_NUMBER) * 1000;
  view.setUint32(offset, nanos >>> 0, true);
  view.setUint32(offset + 4, Math.floor(nanos / TWO_POW_32), true);
  view.setInt32(offset + 8, day + JULIAN_EPOCH_DAY, true);
}

/** INT96 values of a row group: 12-byte views of one buffer (nulls stay null). */
function int96Column(values: readonly unknown[]): unknown[] {
  let n = 0;
  for (const v of values) if (v !== null) n++;
  const bytes = new Uint8Array(12 * n);
  const view = new DataView(bytes.buffer);
  const out = new Array<unknown>(values.length);
  let offset = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      out[i] = null;
      continue;
    }
    writeInt96(v as number, view, offset);
    out[i] = bytes.subarray(offset, offset + 12);
    offset += 12;
  }
  return out;
}

/** Longs (numbers or bigints) of a row group as the bigints INT64 columns take. */
function bigIntColumn(values: readonly unknown[], divisor = 1): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] =
      v === null
        ? null
        : divisor === 1
          ? BigInt(v as number | bigint)
          : BigInt(Math.floor((v as number) / divisor));
  }
  return out;
}

/** Distinct strings remembered per string column, so that repeated values share one encoding. */
const STRING_CACHE_LIMIT = 1024;

/**
 * UTF-8 encoding of a string column's values with the encodings of up to `STRING_CACHE_LIMIT`
 * distinct values remembered: a repeated value costs a map lookup and gives the same byte array
 * object, which the Parquet writer's dictionary recognises by identity. Keys are fresh copies
 * decoded from the bytes, never the values themselves: a value may be a slice of a whole read
 * buffer, which the cache must not keep alive.
 */
class StringEncoder {
  private readonly cache = new Map<string, Uint8Array>();

  encode(s: string): Uint8Array {
    const hit = this.cache.get(s);
    if (hit !== undefined) return hit;
    const bytes = ENCODER.encode(s);
    if (this.cache.size < STRING_CACHE_LIMIT) {
      const key = DECODER.decode(bytes);
      // Lone surrogates do not round-trip; such values are just not remembered.
      if (key === s) this.cache.set(key, bytes);
    }
    return bytes;
  }
}

/**
 * How one column's values are buffered and written: `keep` turns an internal value (never null)
 * into what the row group buffer holds, `finish` turns a row group's buffered values into what
 * hyparquet-writer takes. Conversions that would allocate an object per value (bigints, INT96
 * byte arrays) wait for `finish`, so the buffer holds plain numbers until the group is written.
 */
interface ColumnWriter {
  readonly keep: (v: unknown) => unknown;
  readonly finish: (values: unknown[]) => unknown[];
}

const identity = (v: unknown): unknown => v;
const asIs = (values: unknown[]): unknown[] => values;

function columnWriter(t: DataType, int96: boolean, millis: boolean): ColumnWriter {
  switch (t.kind) {
    case "long":
    case "day_time_interval":
    case "timestamp_ntz":
      return { keep: identity, finish: (values) => bigIntColumn(values) };
    case "timestamp":
      if (int96) return { keep: identity, finish: int96Column };
      return { keep: identity, finish: (values) => bigIntColumn(values, millis ? 1000 : 1) };
    case "string": {
      const strings = new StringEncoder();
      return { keep: (v) => strings.encode(v as string), finish: asIs };
    }
    case "array":
    case "map":
    case "struct":
      return { keep: (v) => toWriterValue(v, t, int96, millis), finish: asIs };
    default:
      return { keep: identity, finish: asIs };
  }
}

/** Converts an internal value to what hyparquet-writer expects for a column of type `t`. */
function toWriterValue(v: unknown, t: DataType, int96: boolean, millis: boolean): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "long":
    case "day_time_interval":
      return BigInt(v as number | bigint);
    case "string":
      return ENCODER.encode(v as string);
    case "timestamp":
      if (int96) return microsToInt96(v as number);
      return millis ? BigInt(Math.floor((v as number) / 1000)) : BigInt(v as number);
    case "timestamp_ntz":
      return BigInt(v as number);
    case "decimal":
      return v as bigint;
    case "array":
      return (v as unknown[]).map((x) => toWriterValue(x, t.elementType, int96, millis));
    case "map": {
      const m = v as MapValue;
      return m.keys.map((k, i) => [
        toWriterValue(k, t.keyType, int96, millis),
        toWriterValue(m.values[i], t.valueType, int96, millis),
      ]);
    }
    case "struct": {
      const row = v as unknown[];
      const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      t.fields.forEach((f, i) => {
        o[f.name] = toWriterValue(row[i], f.dataType, int96, millis);
      });
      return o;
    }
    default:
      return v;
  }
}

/** A rough in-memory size of a value, to cut row groups near `parquet.block.size`. */
function estimateSize(v: unknown): number {
  if (typeof v === "number") return 8;
  if (v === null || v === undefined) return 1;
  if (typeof v === "string") return v.length + 4;
  if (v instanceof Uint8Array) return v.length + 4;
  if (Array.isArray(v)) {
    let n = 4;
    for (const x of v) n += estimateSize(x);
    return n;
  }
  if (v instanceof MapValue) return estimateSize(v.keys) + estimateSize(v.values);
  return 8;
}

function hasInt96(e: SchemaElement): boolean {
  return e.type === "INT96";
}

/** Minimal zstd frame of raw (stored) blocks: valid for every zstd decoder. */
export function zstdStored(input: Uint8Array): Uint8Array {
  const MAX = 128 * 1024;
  const blocks = Math.max(1, Math.ceil(input.length / MAX));
  const out = new Uint8Array(4 + 1 + 8 + blocks * 3 + input.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xfd2fb528, true);
  out[4] = 0xe0; // single segment, 8-byte frame content size
  v.setBigUint64(5, BigInt(input.length), true);
  let o = 13;
  for (let b = 0; b < blocks; b++) {
    const chunk = input.subarray(b * MAX, Math.min(input.length, (b + 1) * MAX));
    const header = (chunk.length << 3) | (b === blocks - 1 ? 1 : 0);
    out[o] = header & 0xff;
    out[o + 1] = (header >> 8) & 0xff;
    out[o + 2] = (header >> 16) & 0xff;
    out.set(chunk, o + 3);
    o += 3 + chunk.length;
  }
  return out;
}

/** An LZ4 block holding only literals: valid for every LZ4 block decoder. */
export function lz4LiteralBlock(input: Uint8Array): Uint8Array {
  const n = input.length;
  const extra = n >= 15 ? Math.floor((n - 15) / 255) + 1 : 0;
  const out = new Uint8Array(1 + extra + n);
  out[0] = Math.min(n, 15) << 4;
  let o = 1;
  if (n >= 15) {
    let rest = n - 15;
    while (rest >= 255) {
      out[o++] = 255;
      rest -= 255;
    }
    out[o++] = rest;
  }
  out.set(input, o);
  return out;
}

/** Hadoop's LZ4 framing (Parquet's deprecated LZ4 codec) around a literal-only block. */
function lz4Hadoop(input: Uint8Array): Uint8Array {
  const block = lz4LiteralBlock(input);
  const out = new Uint8Array(8 + block.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, input.length, false);
  v.setUint32(4, block.length, false);
  out.set(block, 8);
  return out;
}

const COMPRESSORS = {
  GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)),
  BROTLI: (b: Uint8Array) => new Uint8Array(brotliCompressSync(b)),
  ZSTD: zstdStored,
  LZ4_RAW: lz4LiteralBlock,
  LZ4: lz4Hadoop,
};

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Opens `path` and returns a writer of `schema` rows into it. */
export async function openParquetWriter(
  path: string,
  schema: StructType,
  settings: ParquetWriteSettings,
): Promise<OutputWriter> {
  const handle: FileHandle = await open(path, "w");
  const bytes = new ByteWriter();
  const flush = async (): Promise<void> => {
    if (bytes.index === 0) return;
    const chunk = new Uint8Array(bytes.buffer, 0, bytes.index).slice();
    bytes.index = 0;
    await handle.write(chunk, 0, chunk.length);
  };
  (bytes as unknown as { flush: () => Promise<void> }).flush = flush;
  bytes.finish = () => {};
  // hyparquet-writer cannot encode INT96: write those columns as FIXED_LEN_BYTE_ARRAY(12) (the
  // same bytes) and restore the INT96 type in the footer.
  const elements = settings.elements.map((e) =>
    hasInt96(e) ? { ...e, type: "FIXED_LEN_BYTE_ARRAY" as const, type_length: 12 } : { ...e },
  );
  const pw = new ParquetWriter({
    writer: bytes,
    schema: elements,
    codec: settings.codec,
    compressors: COMPRESSORS,
    kvMetadata: [
      { key: SPARK_METADATA_KEY, value: schema.json() },
      { key: "org.apache.spark.version", value: "4.0.0" },
    ],
    createdBy: "tspark (hyparquet-writer 0.17.0)",
  });
  const int96 = settings.outputTimestampType === "INT96";
  const millis = settings.outputTimestampType === "TIMESTAMP_MILLIS";
  const int96Columns = new Set(
    schema.fields.flatMap((f, i) => (f.dataType.kind === "timestamp" && int96 ? [i] : [])),
  );
  const writers = schema.fields.map((f) => columnWriter(f.dataType, int96, millis));
  const width = schema.fields.length;
  let columns: unknown[][] = schema.fields.map(() => []);
  let rows = 0;
  let size = 0;
  const flushGroup = async (): Promise<void> => {
    if (rows === 0) return;
    const columnData: ColumnSource[] = schema.fields.map((f, i) => ({
      name: f.name,
      data: writers[i]!.finish(columns[i]!),
      nullable: f.nullable,
      ...(int96Columns.has(i) ? { statistics: false, encoding: "PLAIN" as const } : {}),
    }));
    const n = rows;
    columns = schema.fields.map(() => []);
    rows = 0;
    size = 0;
    await pw.write({ columnData, rowGroupSize: n, pageSize: settings.pageSize });
    await flush();
  };
  return {
    async write(batch: RecordBatch): Promise<void> {
      // Rows [start, end) go to the current row group, which is written once the row that
      // reaches the size or row limit is in it; values are copied column by column.
      let start = 0;
      while (start < batch.numRows) {
        let end = start;
        do {
          for (let c = 0; c < width; c++) size += estimateSize(batch.columns[c]![end]);
          rows++;
          end++;
        } while (end < batch.numRows && size < settings.blockSize && rows < settings.rowLimit);
        for (let c = 0; c < width; c++) {
          const from = batch.columns[c]!;
          const to = columns[c]!;
          const keep = writers[c]!.keep;
          for (let r = start; r < end; r++) {
            const v = from[r];
            to.push(v === null || v === undefined ? null : keep(v));
          }
        }
        if (size >= settings.blockSize || rows >= settings.rowLimit) await flushGroup();
        start = end;
      }
    },
    async close(): Promise<void> {
      try {
        await flushGroup();
        // Restore INT96 in the footer (see above).
        settings.elements.forEach((e, i) => {
          if (hasInt96(e)) {
            const el = elements[i]!;
            el.type = "INT96";
            delete el.type_length;
          }
        });
        // INT96 chunks carry no statistics (INT96 has no defined sort order, and hyparquet-writer
        // fails encoding INT96 bounds): top-level INT96 columns are written without them, but a
        // nested INT96 leaf shares its top-level column's options with its siblings, so the
        // statistics computed over its FIXED_LEN_BYTE_ARRAY bytes are dropped here.
        const paths = int96Paths(settings.elements);
        for (const rg of pw.row_groups)
          for (const c of rg.columns)
            if (c.meta_data && paths.has(c.meta_data.path_in_schema.join("\u0000"))) {
              c.meta_data.type = "INT96";
              delete c.meta_data.statistics;
            }
        await pw.finish();
        await flush();
      } finally {
        await handle.close();
      }
    },
  };
}

/** The dotted paths of the INT96 leaves of a flat schema element list (root first). */
function int96Paths(elements: readonly SchemaElement[]): Set<string> {
  const out = new Set<string>();
  let i = 1;
  const walk = (prefix: string[], count: number): void => {
    for (let k = 0; k < count; k++) {
      const e = elements[i++]!;
      const path = [...prefix, e.name];
      if (e.type === undefined) walk(path, e.num_children ?? 0);
      else if (hasInt96(e)) out.add(path.join("\u0000"));
    }
  };
  walk([], elements[0]?.num_children ?? 0);
  return out;
}
