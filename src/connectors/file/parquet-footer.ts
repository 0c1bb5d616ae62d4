/**
 * Reading a Parquet file's footer: the trailing `<thrift FileMetaData><u32 length LE>PAR1`,
 * parsed by hyparquet, plus the raw (undecoded) column statistics of every row group, which the
 * row-group filter decodes itself because hyparquet's decoded bounds are lossy (decimals,
 * strings). Any failure — too short, bad magic, a length past the file start, undecodable thrift,
 * an inconsistent schema — is `FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER` naming the file.
 *
 * Example: a file ending in `…\x2a\x01\x00\x00PAR1` has a 298-byte footer just before those 8
 * bytes.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { open } from "node:fs/promises";
import type { FileMetaData } from "hyparquet";
import { parquetMetadata } from "hyparquet";
import { deserializeTCompactProtocol } from "hyparquet/src/thrift.js";
import { TsparkError } from "../../common/errors.js";
import { fileUrl, readFailure } from "./file-input.js";
import { type ParquetNode, parquetTree } from "./parquet-schema.js";

/** Raw statistics of one column chunk (Parquet's Statistics struct, bounds still encoded). */
export interface RawStatistics {
  readonly max?: Uint8Array;
  readonly min?: Uint8Array;
  readonly nullCount?: bigint;
  readonly maxValue?: Uint8Array;
  readonly minValue?: Uint8Array;
}

/** A parsed footer. */
export interface ParquetFooter {
  readonly metadata: FileMetaData;
  readonly root: ParquetNode;
  /** `stats[rowGroup][columnIndex]`. */
  readonly stats: readonly (readonly (RawStatistics | undefined)[])[];
  readonly fileSize: number;
}

const MAGIC = 0x31524150;

/** The footer error Spark raises for a file that is not readable Parquet. */
export function footerError(path: string, cause?: unknown): TsparkError {
  return new TsparkError("FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER", {
    messageParameters: { path: fileUrl(path) },
    cause,
  });
}

/** Parses footer bytes (the file's tail, ending with the magic) of a file of `fileSize` bytes. */
export function parseFooter(path: string, tail: Uint8Array, fileSize: number): ParquetFooter {
  try {
    const metadata = parquetMetadata(tail, { geoparquet: false });
    const root = parquetTree(metadata.schema);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    const len = view.getUint32(tail.byteLength - 8, true);
    const raw = deserializeTCompactProtocol({ view, offset: tail.byteLength - 8 - len }) as {
      field_4?: { field_1?: { field_3?: { field_12?: Record<string, unknown> } }[] }[];
    };
    const stats = (raw.field_4 ?? []).map((rg) =>
      (rg.field_1 ?? []).map((c): RawStatistics | undefined => {
        const s = c.field_3?.field_12;
        if (s === undefined) return undefined;
        const bytes = (v: unknown) => (v instanceof Uint8Array ? v : undefined);
        return {
          max: bytes(s.field_1),
          min: bytes(s.field_2),
          nullCount: typeof s.field_3 === "bigint" ? s.field_3 : undefined,
          maxValue: bytes(s.field_5),
          minValue: bytes(s.field_6),
        };
      }),
    );
    let leaves = 0;
    for (const e of metadata.schema) if (e.type !== undefined) leaves++;
    for (const rg of metadata.row_groups) {
      if (rg.columns.length !== leaves)
        throw new RangeError("row group column count does not match the schema");
      for (const c of rg.columns) {
        const m = c.meta_data;
        if (m === undefined) throw new RangeError("column chunk without metadata");
        const start = Number(m.dictionary_page_offset || m.data_page_offset);
        const size = Number(m.total_compressed_size);
        if (!(start >= 0 && size >= 0 && start + size <= fileSize))
          throw new RangeError("column chunk outside the file");
      }
    }
    return { metadata, root, stats, fileSize };
  } catch (e) {
    throw footerError(path, e);
  }
}

function checkTail(path: string, size: number, last8: Uint8Array): number {
  if (size < 12) throw footerError(path, new RangeError(`file of ${size} bytes is too short for Parquet`));
  const v = new DataView(last8.buffer, last8.byteOffset, 8);
  if (v.getUint32(4, true) !== MAGIC)
    throw footerError(path, new RangeError("missing PAR1 magic at the end"));
  const len = v.getUint32(0, true);
  if (len + 12 > size) throw footerError(path, new RangeError(`footer length ${len} exceeds the file`));
  return len;
}

/** Reads and parses the footer of a local file synchronously (schema inference is synchronous). */
export function readFooterSync(path: string): ParquetFooter {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw readFailure(path, e);
  }
  try {
    const size = fstatSync(fd).size;
    const last8 = new Uint8Array(8);
    if (size >= 8) readSync(fd, last8, 0, 8, size - 8);
    const len = checkTail(path, size, last8);
    const tail = new Uint8Array(len + 8);
    readSync(fd, tail, 0, len + 8, size - len - 8);
    return parseFooter(path, tail, size);
  } catch (e) {
    throw readFailure(path, e);
  } finally {
    closeSync(fd);
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Reads `length` bytes at `position`, failing if the file is shorter. */
export async function readRange(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new RangeError("unexpected end of file");
    done += bytesRead;
  }
  return buf;
}

/** Reads and parses the footer through an open handle. */
export async function readFooter(path: string, handle: FileHandle): Promise<ParquetFooter> {
  const size = (await handle.stat()).size;
  const last8 = size >= 8 ? await readRange(handle, size - 8, 8) : new Uint8Array(8);
  const len = checkTail(path, size, last8);
  const tail = await readRange(handle, size - len - 8, len + 8);
  return parseFooter(path, tail, size);
}
