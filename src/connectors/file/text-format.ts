/**
 * The `text` file format (Spark's TextFileFormat): every line of a file is one row with a single
 * STRING column (`value` when inferred); with `wholetext` every file is one row holding its whole
 * content. Lines end at `\n`, `\r\n` or `\r`, or only at `lineSep` when that is set; a final
 * separator does not start an empty row. Writing takes exactly one STRING column and writes each
 * value followed by `lineSep` (default `\n`); a NULL value writes an empty line. Files are named
 * `.txt` (`.txt.gz` with `compression=gzip`).
 *
 *     hello world        → Row(value='hello world')
 *     second line        → Row(value='second line')
 *
 * Options: `wholetext` (read, default false), `lineSep` (read and write), `compression` / `codec`
 * (write: none, gzip, deflate). Values are UTF-8 both ways, as Spark's UTF8String bytes are: its
 * `encoding` option only encodes `lineSep`, so it is not read here.
 */
import { TsparkError } from "../../common/errors.js";
import { DEFAULT_BATCH_SIZE, type RecordBatch } from "../../data/record-batch.js";
import { quoteIdentifier, STRING, StructField, StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FileStatus, OutputWriter, ReadRequest, WriteJob } from "./file-format.js";
import { lineSeparator, readFailure, readLineChunks, readWholeFile, TextFileWriter } from "./file-input.js";
import { textOutputCompression } from "./text-compression.js";

/** The schema Spark gives a text source: one nullable STRING column `value`. */
export const TEXT_SCHEMA = new StructType([new StructField("value", STRING, true)]);

/**
 * Raises `UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE` for the first column that is not STRING (Spark's
 * `supportDataType` check, made before the single-column rule).
 */
function checkStringColumns(schema: StructType): void {
  for (const f of schema.fields) {
    if (f.dataType.kind !== "string")
      throw new TsparkError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", {
        messageParameters: {
          format: "Text",
          columnName: quoteIdentifier(f.name),
          columnType: `"${f.dataType.sql()}"`,
        },
      });
  }
}

/** Batches of one column (or of no column, when nothing is required), `size` rows at most. */
class Batcher {
  private values: unknown[] = [];
  constructor(private readonly width: number) {}

  push(v: string): void {
    this.values.push(v);
  }

  get length(): number {
    return this.values.length;
  }

  take(): RecordBatch {
    const n = this.values.length;
    const batch: RecordBatch = { numRows: n, columns: this.width === 0 ? [] : [this.values] };
    this.values = [];
    return batch;
  }
}

async function* readText(file: FileStatus, request: ReadRequest): AsyncIterable<RecordBatch> {
  const { requiredSchema, options, signal } = request;
  checkStringColumns(requiredSchema);
  const width = Math.min(requiredSchema.fields.length, 1);
  const out = new Batcher(width);
  if (options.bool("wholetext", false)) {
    // Hadoop's whole-file reader gives one record per file it is handed, even an empty one (whether
    // an empty file is read at all is the scan planner's decision).
    const content = await readWholeFile(file.path);
    // The whole file's bytes, a byte-order mark included (Hadoop's whole-file reader keeps it).
    out.push(new TextDecoder("utf-8", { ignoreBOM: true }).decode(content));
    yield out.take();
    return;
  }
  const lineSep = lineSeparator(options);
  const chunks = readLineChunks(file.path, { lineSep, ...(signal ? { signal } : {}) });
  try {
    for await (const lines of chunks) {
      for (const line of lines) {
        out.push(line);
        if (out.length >= DEFAULT_BATCH_SIZE) yield out.take();
      }
    }
  } catch (e) {
    throw readFailure(file.path, e);
  }
  if (out.length > 0) yield out.take();
}

class TextOutputWriter implements OutputWriter {
  constructor(
    private readonly file: TextFileWriter,
    private readonly lineSep: string,
  ) {}

  async write(batch: RecordBatch): Promise<void> {
    const col = batch.columns[0] ?? [];
    let chunk = "";
    for (let r = 0; r < batch.numRows; r++) {
      const v = col[r];
      chunk += typeof v === "string" ? v + this.lineSep : this.lineSep;
      if (chunk.length >= 1 << 16) {
        await this.file.write(chunk);
        chunk = "";
      }
    }
    if (chunk.length > 0) await this.file.write(chunk);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Spark's `text` data source. */
export const textFormat: FileFormat = {
  shortName: "text",
  displayName: "Text",

  inferSchema(): StructType | undefined {
    // Spark's text source has a fixed schema, even for an empty directory.
    return TEXT_SCHEMA;
  },

  readFile(file: FileStatus, request: ReadRequest): AsyncIterable<RecordBatch> {
    return readText(file, request);
  },

  prepareWrite(dataSchema: StructType, options: DataSourceOptions): WriteJob {
    checkStringColumns(dataSchema);
    if (dataSchema.fields.length !== 1)
      throw new TsparkError("_LEGACY_ERROR_TEMP_1290", {
        messageParameters: { schemaSize: String(dataSchema.fields.length) },
      });
    lineSeparator(options);
    const compression = textOutputCompression(options);
    return { dataSchema, options, extension: `.txt${compression.suffix}` };
  },

  async createWriter(path: string, job: WriteJob): Promise<OutputWriter> {
    const file = new TextFileWriter(path, textOutputCompression(job.options));
    return new TextOutputWriter(file, lineSeparator(job.options) ?? "\n");
  },
};
