/**
 * The Parquet file format (Spark's ParquetFileFormat) over hyparquet (reading pages),
 * hyparquet-writer (writing) and hyparquet-compressors (codecs); nothing else in tspark imports
 * those libraries.
 *
 * Reading streams one row group at a time: only the column chunks of `requiredSchema` are read
 * and decoded (names matched case-insensitively unless `spark.sql.caseSensitive`), columns the
 * file lacks are null, and row groups whose statistics prove that no row passes the pushed
 * filters are skipped (`spark.sql.parquet.filterPushdown`, default true). A file that is not
 * Parquet is `FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER`, skipped with
 * `spark.sql.files.ignoreCorruptFiles=true`.
 *
 * Schema inference: the Spark schema in the footer (`org.apache.spark.sql.parquet.row.metadata`)
 * when present, else the Parquet schema converted (parquet-schema.ts); the first file only, or
 * every file merged with `mergeSchema` (option, else `spark.sql.parquet.mergeSchema`).
 *
 * Writing: options `compression` / `parquet.compression`, conf
 * `spark.sql.parquet.compression.codec` (snappy): none/uncompressed, snappy, gzip, brotli, zstd,
 * lz4, lz4_raw; file names end `.snappy.parquet`, `.gz.parquet`, `.zstd.parquet`, `.br.parquet`,
 * `.lz4hadoop.parquet`, `.lz4raw.parquet`, `.parquet`.
 *
 * Example: `df.write.parquet("/t")` then `spark.read.parquet("/t")` round-trips every type.
 */
import { open } from "node:fs/promises";
import { TsparkError } from "../../common/errors.js";
import { DEFAULT_BATCH_SIZE, type RecordBatch } from "../../data/record-batch.js";
import {
  ArrayType,
  asNullable,
  type DataType,
  DecimalType,
  MapType,
  quoteIdentifier,
  StructField,
  StructType,
} from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type {
  FileFormat,
  FileStatus,
  FormatContext,
  OutputWriter,
  ReadRequest,
  WriteJob,
} from "./file-format.js";
import { readFailure } from "./file-input.js";
import { type FieldReader, findChild, type LeafCursor, planField, readValue } from "./parquet-assembly.js";
import { decodeColumnChunk } from "./parquet-column-reader.js";
import { type ParquetFooter, readFooter, readFooterSync, readRange } from "./parquet-footer.js";
import { openParquetWriter, type ParquetWriteSettings } from "./parquet-output-writer.js";
import { selectRowGroups } from "./parquet-row-groups.js";
import {
  type ParquetReadConf,
  parquetToSpark,
  sparkSchemaFromFooter,
  sparkToParquet,
  unsupportedType,
} from "./parquet-schema.js";

function confBool(ctx: FormatContext, key: string, fallback: boolean): boolean {
  const v = ctx.conf(key);
  return v === undefined ? fallback : v.trim().toLowerCase() === "true";
}

function readConf(ctx: FormatContext): ParquetReadConf {
  return {
    binaryAsString: confBool(ctx, "spark.sql.parquet.binaryAsString", false),
    int96AsTimestamp: confBool(ctx, "spark.sql.parquet.int96AsTimestamp", true),
    inferTimestampNTZ: confBool(ctx, "spark.sql.parquet.inferTimestampNTZ.enabled", true),
    nanosAsLong: confBool(ctx, "spark.sql.legacy.parquet.nanosAsLong", false),
  };
}

/** The Spark schema of one file's footer (Spark's readSchemaFromFooter). */
export function footerSchema(footer: ParquetFooter, conf: ParquetReadConf): StructType {
  return sparkSchemaFromFooter(footer.metadata.key_value_metadata) ?? parquetToSpark(footer.root, conf);
}

/** Spark's StructType.merge for mergeSchema: same-named fields merge, new fields append. */
export function mergeSchemas(left: StructType, right: StructType, caseSensitive: boolean): StructType {
  const merged = mergeTypes(left, right, caseSensitive);
  if (merged === undefined || merged.kind !== "struct")
    throw new TsparkError("CANNOT_MERGE_SCHEMAS", {
      messageParameters: { left: `"${left.sql()}"`, right: `"${right.sql()}"` },
    });
  return merged;
}

function mergeTypes(a: DataType, b: DataType, caseSensitive: boolean): DataType | undefined {
  if (a.kind === "struct" && b.kind === "struct") {
    const key = (n: string) => (caseSensitive ? n : n.toLowerCase());
    const fields: StructField[] = [];
    for (const f of a.fields) {
      const g = b.fields.find((x) => key(x.name) === key(f.name));
      if (g === undefined) fields.push(f);
      else {
        const t = mergeTypes(f.dataType, g.dataType, caseSensitive);
        if (t === undefined) return undefined;
        fields.push(new StructField(f.name, t, f.nullable || g.nullable, f.metadata));
      }
    }
    for (const g of b.fields) if (!a.fields.some((f) => key(f.name) === key(g.name))) fields.push(g);
    return new StructType(fields);
  }
  if (a.kind === "array" && b.kind === "array") {
    const e = mergeTypes(a.elementType, b.elementType, caseSensitive);
    return e && new ArrayType(e, a.containsNull || b.containsNull);
  }
  if (a.kind === "map" && b.kind === "map") {
    const k = mergeTypes(a.keyType, b.keyType, caseSensitive);
    const v = mergeTypes(a.valueType, b.valueType, caseSensitive);
    return k && v && new MapType(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  if (a.kind === "decimal" && b.kind === "decimal")
    return a.precision === b.precision && a.scale === b.scale
      ? new DecimalType(a.precision, a.scale)
      : undefined;
  return a.sql() === b.sql() ? a : undefined;
}

const CODECS: Readonly<Record<string, { codec: ParquetWriteSettings["codec"]; ext: string }>> = {
  none: { codec: "UNCOMPRESSED", ext: "" },
  uncompressed: { codec: "UNCOMPRESSED", ext: "" },
  snappy: { codec: "SNAPPY", ext: ".snappy" },
  gzip: { codec: "GZIP", ext: ".gz" },
  brotli: { codec: "BROTLI", ext: ".br" },
  zstd: { codec: "ZSTD", ext: ".zstd" },
  lz4: { codec: "LZ4", ext: ".lz4hadoop" },
  lz4_raw: { codec: "LZ4_RAW", ext: ".lz4raw" },
};

/** Spark's list in CODEC_NOT_AVAILABLE for Parquet. */
const SPARK_CODEC_NAMES = "brotli, uncompressed, lzo, snappy, lz4_raw, none, zstd, lz4, gzip";

function positiveOption(options: DataSourceOptions, key: string, fallback: number): number {
  const n = options.int(key, fallback);
  if (n <= 0)
    throw new TsparkError("INVALID_OPTION_VALUE", {
      messageParameters: { option: key, value: String(n), expected: "a positive integer" },
    });
  return n;
}

interface ParquetJob extends WriteJob {
  readonly settings: ParquetWriteSettings;
}

/** `UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE` for the first column Parquet cannot hold (read or write). */
function checkSupported(schema: StructType): void {
  for (const f of schema.fields)
    if (unsupportedType(f.dataType) !== undefined)
      throw new TsparkError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", {
        messageParameters: {
          format: "Parquet",
          columnName: quoteIdentifier(f.name),
          columnType: `"${f.dataType.sql()}"`,
        },
      });
}

/** The Parquet FileFormat. */
export const parquetFormat: FileFormat = {
  shortName: "parquet",
  displayName: "Parquet",

  inferSchema(
    files: readonly FileStatus[],
    options: DataSourceOptions,
    ctx: FormatContext,
  ): StructType | undefined {
    const merge = options.bool("mergeSchema", confBool(ctx, "spark.sql.parquet.mergeSchema", false));
    const ignoreCorrupt = confBool(ctx, "spark.sql.files.ignoreCorruptFiles", false);
    const caseSensitive = confBool(ctx, "spark.sql.caseSensitive", false);
    const conf = readConf(ctx);
    // Spark reads the first file in path order unless merging.
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    let result: StructType | undefined;
    // Without merging Spark touches only the first file: if it is skipped as corrupt, nothing is
    // inferred (UNABLE_TO_INFER_SCHEMA), as in Spark.
    for (const f of merge ? sorted : sorted.slice(0, 1)) {
      let schema: StructType;
      try {
        schema = footerSchema(readFooterSync(f.path), conf);
      } catch (e) {
        if (
          ignoreCorrupt &&
          e instanceof TsparkError &&
          e.errorClass === "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER"
        )
          continue;
        throw e;
      }
      if (!merge) return asNullable(schema);
      result = result === undefined ? schema : mergeSchemas(result, schema, caseSensitive);
    }
    return result && asNullable(result);
  },

  async *readFile(file: FileStatus, request: ReadRequest, ctx: FormatContext): AsyncIterable<RecordBatch> {
    checkSupported(request.dataSchema);
    const ignoreCorrupt = confBool(ctx, "spark.sql.files.ignoreCorruptFiles", false);
    const caseSensitive = confBool(ctx, "spark.sql.caseSensitive", false);
    const pushdown = confBool(ctx, "spark.sql.parquet.filterPushdown", true);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(file.path, "r");
    } catch (e) {
      throw readFailure(file.path, e);
    }
    try {
      let footer: ParquetFooter;
      try {
        footer = await readFooter(file.path, handle);
      } catch (e) {
        if (ignoreCorrupt) return;
        throw readFailure(file.path, e);
      }
      const { metadata, root } = footer;
      const cursors: LeafCursor[] = [];
      let readers: (FieldReader | undefined)[];
      let groups: number[];
      try {
        const pctx = { path: file.path, caseSensitive, cursors };
        readers = request.requiredSchema.fields.map((f) => {
          const node = findChild(root, f.name, caseSensitive);
          return node === undefined ? undefined : planField(node, f.dataType, pctx);
        });
        groups = pushdown
          ? selectRowGroups(
              root,
              metadata.row_groups.map((g) => g.num_rows),
              footer.stats,
              request.filters,
              caseSensitive,
            )
          : metadata.row_groups.map((_, i) => i);
      } catch (e) {
        if (e instanceof TsparkError) throw e;
        if (ignoreCorrupt) return;
        throw readFailure(file.path, e);
      }
      for (const g of groups) {
        request.signal?.throwIfAborted();
        const rg = metadata.row_groups[g]!;
        const numRows = Number(rg.num_rows);
        let columns: unknown[][];
        try {
          for (const c of cursors) {
            request.signal?.throwIfAborted();
            const chunk = rg.columns[c.node.columnIndex]!;
            const meta = chunk.meta_data!;
            const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
            const bytes = await readRange(handle, start, Number(meta.total_compressed_size));
            c.data = decodeColumnChunk(bytes, meta, c.node);
            c.pos = 0;
            c.vpos = 0;
          }
          columns = readers.map(() => new Array<unknown>(numRows));
          for (let r = 0; r < numRows; r++)
            for (let i = 0; i < readers.length; i++) {
              const reader = readers[i];
              columns[i]![r] = reader === undefined ? null : readValue(reader);
            }
          for (const c of cursors) c.data = undefined;
        } catch (e) {
          if (request.signal?.aborted) throw e;
          if (e instanceof TsparkError && e.errorClass !== "FAILED_READ_FILE.NO_HINT") throw e;
          if (ignoreCorrupt) return;
          throw readFailure(file.path, e);
        }
        for (let s = 0; s < numRows; s += DEFAULT_BATCH_SIZE) {
          const e = Math.min(numRows, s + DEFAULT_BATCH_SIZE);
          yield {
            numRows: e - s,
            columns: columns.map((col) => (s === 0 && e === numRows ? col : col.slice(s, e))),
          };
        }
      }
    } finally {
      await handle.close();
    }
  },

  prepareWrite(dataSchema: StructType, options: DataSourceOptions, ctx: FormatContext): WriteJob {
    checkSupported(dataSchema);
    const raw =
      options.first("compression", "parquet.compression") ??
      ctx.conf("spark.sql.parquet.compression.codec") ??
      "snappy";
    const codec = CODECS[raw.toLowerCase()];
    if (codec === undefined)
      throw new TsparkError("CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION", {
        messageParameters: { codecName: raw, availableCodecs: SPARK_CODEC_NAMES },
      });
    const tsType = (ctx.conf("spark.sql.parquet.outputTimestampType") ?? "INT96").toUpperCase();
    if (tsType !== "INT96" && tsType !== "TIMESTAMP_MICROS" && tsType !== "TIMESTAMP_MILLIS")
      throw new TsparkError("INVALID_CONF_VALUE", {
        messageParameters: {
          confName: "spark.sql.parquet.outputTimestampType",
          confValue: tsType,
          reason: "the value must be one of INT96, TIMESTAMP_MICROS, TIMESTAMP_MILLIS",
        },
      });
    const outputTimestampType = tsType;
    const elements = sparkToParquet(dataSchema, {
      writeLegacyFormat: confBool(ctx, "spark.sql.parquet.writeLegacyFormat", false),
      outputTimestampType,
    });
    const settings: ParquetWriteSettings = {
      codec: codec.codec,
      elements,
      outputTimestampType,
      blockSize: positiveOption(options, "parquet.block.size", 128 * 1024 * 1024),
      rowLimit: positiveOption(options, "parquet.block.row.count.limit", 1_000_000),
      pageSize: positiveOption(options, "parquet.page.size", 1024 * 1024),
    };
    const job: ParquetJob = { dataSchema, options, extension: `${codec.ext}.parquet`, settings };
    return job;
  },

  async createWriter(path: string, job: WriteJob): Promise<OutputWriter> {
    return openParquetWriter(path, job.dataSchema, (job as ParquetJob).settings);
  },
};
