/**
 * The `json` file format (Spark's JsonFileFormat). Reading: JSON Lines by default — each line is a
 * record, blank lines are skipped, a line holding a top-level array gives one row per object — or,
 * with `multiLine`, each file is one record (an object or an array of objects). Records become
 * rows of the required columns; malformed records follow `mode` (PERMISSIVE keeps the fields that
 * fit and puts the record text in the corrupt-record column, DROPMALFORMED drops the record,
 * FAILFAST fails the read with `FAILED_READ_FILE.NO_HINT` caused by
 * `MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION`). Schema inference merges every record of every
 * file (data/json-schema-inference.ts).
 *
 * Writing: JSON Lines, one compact object per row with fields in schema order, null fields left
 * out (`ignoreNullFields`), each line ended by `lineSep` (default `\n`); files end in `.json`
 * (`.json.gz` with `compression=gzip`).
 *
 *     {"id":1,"name":"a","tags":["x","y"],"ts":"2024-01-02T03:04:05.000Z"}
 *     {"id":2,"price":12.50}
 *
 * Read options: multiLine, mode, columnNameOfCorruptRecord, primitivesAsString, prefersDecimal,
 * dropFieldIfAllNull, samplingRatio, inferTimestamp, allowComments, allowUnquotedFieldNames,
 * allowSingleQuotes, allowNumericLeadingZeros, allowNonNumericNumbers,
 * allowBackslashEscapingAnyCharacter, allowUnquotedControlChars, dateFormat, timestampFormat,
 * timestampNTZFormat, enableDateTimeParsingFallback, timeZone, encoding/charset, lineSep. Write options: ignoreNullFields,
 * dateFormat, timestampFormat, timestampNTZFormat, timeZone, encoding/charset, lineSep,
 * compression/codec, writeNonAsciiCharacterAsCodePoint, pretty.
 */
import { TsparkError } from "../../common/errors.js";
import { prettyJson } from "../../data/json-pretty.js";
import { JsonSchemaInferrer } from "../../data/json-schema-inference.js";
import { type JsonRecordResult, makeJsonRecordParser, makeJsonWriter } from "../../data/json.js";
import { DEFAULT_BATCH_SIZE, type RecordBatch } from "../../data/record-batch.js";
import { MapValue } from "../../data/values.js";
import { XORShiftRandom } from "../../functions/core/random.js";
import { type DataType, quoteIdentifier, StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type {
  FileFormat,
  FileStatus,
  FormatContext,
  OutputWriter,
  ReadRequest,
  WriteJob,
} from "./file-format.js";
import {
  fileUrl,
  lineSeparator,
  readFailure,
  readLineChunks,
  readLinesSync,
  readWholeFile,
  readWholeFileSync,
  TextFileWriter,
} from "./file-input.js";
import { decodeDocument, detectEncoding, makeEncoder, type TextEncoderFn } from "./json-charset.js";
import { textOutputCompression } from "./text-compression.js";
import { type JsonSourceOptions, jsonSourceOptions, jsonWriteOptions } from "./json-options.js";

/** Decodes a whole multiLine file: the `encoding` option, else Jackson's detection. */
function decodeWhole(buf: Uint8Array, encoding: string | undefined): string {
  return decodeDocument(buf, encoding ?? detectEncoding(buf));
}

/**
 * `samplingRatio` as Spark's `Dataset.sample(false, ratio, seed = 1)`: a Bernoulli cell sampler over
 * XORShiftRandom seeded `1 + partition index`; all files count as partition 0 (they share one
 * partition when small), so line-mode samples match Spark's for such reads.
 */
function sampler(ratio: number): () => boolean {
  if (ratio > 0.99) return () => true;
  const rng = new XORShiftRandom(1);
  return () => rng.nextDouble() < ratio;
}

/** Spark's `InternalRow.toString` as FAILFAST shows the bad row: `[v1,v2,…]`. */
function rowText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map(rowText).join(",")}]`;
  if (v instanceof MapValue)
    return `{${v.keys.map((k, i) => `${rowText(k)}:${rowText(v.values[i])}`).join(",")}}`;
  if (v instanceof Uint8Array) return `[${Array.from(v).join(",")}]`;
  return String(v);
}

/** Checks the corrupt-record column (Spark's `verifyColumnNameOfCorruptRecord`). */
function verifyCorruptColumn(schema: StructType, name: string): void {
  const f = schema.fields.find((x) => x.name === name);
  if (f && (f.dataType.kind !== "string" || !f.nullable))
    throw new TsparkError("INVALID_CORRUPT_RECORD_TYPE", {
      messageParameters: { columnName: quoteIdentifier(name), actualType: `"${f.dataType.sql()}"` },
    });
}

/** Rows of the required schema from parse results, with the mode applied, collected column-wise. */
class RowAssembler {
  private readonly corruptIdx: number;
  private readonly width: number;
  private columns: unknown[][];
  private numRows = 0;

  constructor(
    required: StructType,
    private readonly o: JsonSourceOptions,
    private readonly path: string,
  ) {
    this.corruptIdx = required.fields.findIndex((f) => f.name === o.columnNameOfCorruptRecord);
    this.width = required.fields.length;
    this.columns = this.emptyColumns();
  }

  get length(): number {
    return this.numRows;
  }

  private emptyColumns(): unknown[][] {
    const columns: unknown[][] = [];
    for (let c = 0; c < this.width; c++) columns.push([]);
    return columns;
  }

  /** A parsed row (or none: all nulls) with the corrupt-record column, if any, set to `text`. */
  private full(row: readonly unknown[] | null, text: string | null): unknown[] {
    if (this.corruptIdx < 0) return row ? (row as unknown[]) : new Array<unknown>(this.width).fill(null);
    const out = new Array<unknown>(this.width);
    let j = 0;
    for (let i = 0; i < this.width; i++) out[i] = i === this.corruptIdx ? text : row ? row[j++] : null;
    return out;
  }

  /** Appends `full(row, text)` to the columns without building it. */
  private append(row: readonly unknown[] | null, text: string | null): void {
    const columns = this.columns;
    const corrupt = this.corruptIdx;
    let j = 0;
    for (let c = 0; c < this.width; c++)
      (columns[c] as unknown[]).push(c === corrupt ? text : row === null ? null : (row[j++] ?? null));
    this.numRows++;
  }

  add(text: string, r: JsonRecordResult): void {
    if (r.ok) {
      for (const row of r.rows) this.append(row, null);
      return;
    }
    if (this.o.mode === "DROPMALFORMED") return;
    // FAILFAST names the first partial row; PERMISSIVE keeps every partial row (or one of nulls),
    // each with the record text, as Spark's FailureSafeParser does.
    if (this.o.mode === "FAILFAST") {
      const row = this.full(r.partials[0] ?? null, text);
      throw new TsparkError("FAILED_READ_FILE.NO_HINT", {
        messageParameters: { path: fileUrl(this.path) },
        cause: new TsparkError("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {
          messageParameters: {
            badRecord: row.length === 0 ? "[empty row]" : rowText(row),
            failFastMode: "FAILFAST",
          },
        }),
      });
    }
    if (r.partials.length <= 1) this.append(r.partials[0] ?? null, text);
    else for (const p of r.partials) this.append(p, text);
  }

  take(): RecordBatch {
    const batch: RecordBatch = { numRows: this.numRows, columns: this.columns };
    this.columns = this.emptyColumns();
    this.numRows = 0;
    return batch;
  }
}

/** The read checks Spark makes while planning a JSON scan (types, the corrupt-record column). */
function checkJsonRead(request: ReadRequest, ctx: FormatContext): void {
  const o = jsonSourceOptions(request.options, ctx);
  const required = request.requiredSchema;
  checkSupported(request.dataSchema);
  verifyCorruptColumn(request.dataSchema, o.columnNameOfCorruptRecord);
  if (required.fields.length === 1 && required.fields[0]?.name === o.columnNameOfCorruptRecord)
    throw new TsparkError("UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN", { messageParameters: {} });
}

async function* readJson(
  file: FileStatus,
  request: ReadRequest,
  ctx: FormatContext,
): AsyncIterable<RecordBatch> {
  const o = jsonSourceOptions(request.options, ctx);
  const required = request.requiredSchema;
  checkJsonRead(request, ctx);
  const actual = new StructType(required.fields.filter((f) => f.name !== o.columnNameOfCorruptRecord));
  // Spark reads compressed multiLine documents through a stream, where exact string parsing
  // does not apply: STRING fields then get re-serialised values.
  const streamed = o.multiLine && /\.(gz|deflate)$/.test(file.path);
  const parse = makeJsonRecordParser(
    actual,
    streamed ? { ...o.record, exactStrings: false, keepSource: false } : o.record,
  );
  const out = new RowAssembler(required, o, file.path);

  if (o.multiLine) {
    if (file.size === 0) return;
    const text = decodeWhole(await readWholeFile(file.path), o.encoding);
    out.add(text, parse(text));
    // The whole document is held anyway; its rows go out in batch-sized slices.
    const batch = out.take();
    for (let s = 0; s < batch.numRows; s += DEFAULT_BATCH_SIZE)
      yield sliceBatch(batch, s, DEFAULT_BATCH_SIZE);
    return;
  }

  const chunks = readLineChunks(file.path, {
    lineSep: o.lineSep,
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  for await (const lines of chunks) {
    for (const line of lines) {
      // Every record is parsed, even when no column is required (count()): Spark 2.4's
      // parser-skipping optimisation was reverted, so malformed and array lines count as parsed.
      out.add(line, parse(line));
      if (out.length >= DEFAULT_BATCH_SIZE) yield out.take();
    }
  }
  if (out.length > 0) yield out.take();
}

function sliceBatch(b: RecordBatch, start: number, n: number): RecordBatch {
  if (start === 0 && b.numRows <= n) return b;
  const end = Math.min(b.numRows, start + n);
  return { numRows: end - start, columns: b.columns.map((c) => c.slice(start, end)) };
}

/**
 * `writeNonAsciiCharacterAsCodePoint`: every UTF-16 unit above U+007F as `\uXXXX`. Outside string
 * literals compact JSON is ASCII, so escaping the whole line only touches strings and names.
 */
function escapeNonAscii(line: string): string {
  return line.replace(
    /[^\x00-\x7f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
}

/** Spark's `JsonFileFormat.supportDataType`: everything but CalendarInterval. */
function supported(t: DataType): boolean {
  switch (t.kind) {
    case "calendar_interval":
      return false;
    case "array":
      return supported(t.elementType);
    case "map":
      return supported(t.keyType) && supported(t.valueType);
    case "struct":
      return t.fields.every((f) => supported(f.dataType));
    default:
      return true;
  }
}

/** `UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE` for the first column JSON cannot hold (read or write). */
function checkSupported(schema: StructType): void {
  for (const f of schema.fields)
    if (!supported(f.dataType))
      throw new TsparkError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", {
        messageParameters: {
          format: "JSON",
          columnName: quoteIdentifier(f.name),
          columnType: `"${f.dataType.sql()}"`,
        },
      });
}

class JsonOutputWriter implements OutputWriter {
  private readonly toJson: (row: unknown) => string;
  private readonly width: number;
  private readonly asciiOnly: boolean;
  private readonly pretty: boolean;

  constructor(
    private readonly file: TextFileWriter,
    schema: StructType,
    options: DataSourceOptions,
    ctx: FormatContext,
    private readonly lineSep: string,
    private readonly encode: TextEncoderFn | undefined,
  ) {
    this.toJson = makeJsonWriter(schema, jsonWriteOptions(options, ctx));
    this.width = schema.fields.length;
    this.asciiOnly = options.bool("writeNonAsciiCharacterAsCodePoint", false);
    this.pretty = options.bool("pretty", false);
  }

  async write(batch: RecordBatch): Promise<void> {
    let chunk = "";
    const row = new Array<unknown>(this.width);
    for (let r = 0; r < batch.numRows; r++) {
      for (let c = 0; c < this.width; c++) row[c] = batch.columns[c]?.[r] ?? null;
      const compact = this.toJson(row);
      const line = this.pretty ? prettyJson(compact) : compact;
      chunk += (this.asciiOnly ? escapeNonAscii(line) : line) + this.lineSep;
      if (chunk.length >= 1 << 16) {
        await this.flush(chunk);
        chunk = "";
      }
    }
    if (chunk.length > 0) await this.flush(chunk);
  }

  private flush(chunk: string): Promise<void> {
    const enc = this.encode;
    return this.file.write(enc ? Buffer.from(enc(chunk)).toString("latin1") : chunk);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** The writer's encoder for a non-UTF-8 `encoding` / `charset`, checked; undefined for UTF-8. */
function writeEncoder(options: DataSourceOptions): TextEncoderFn | undefined {
  const enc = options.first("encoding", "charset");
  if (enc === undefined || enc.toLowerCase().replace(/[-_]/g, "") === "utf8") return undefined;
  return makeEncoder(enc);
}

/** Spark's `json` data source. */
export const jsonFormat: FileFormat = {
  shortName: "json",
  displayName: "JSON",

  inferSchema(
    files: readonly FileStatus[],
    options: DataSourceOptions,
    ctx: FormatContext,
  ): StructType | undefined {
    if (files.length === 0) return undefined;
    const o = jsonSourceOptions(options, ctx);
    const inferrer = new JsonSchemaInferrer(o.infer);
    const sample = sampler(o.samplingRatio);
    for (const file of files) {
      try {
        if (o.multiLine) {
          if (file.size > 0 && sample()) inferrer.add(decodeWhole(readWholeFileSync(file.path), o.encoding));
        } else {
          const lines = readLinesSync(file.path, {
            lineSep: o.lineSep,
            ...(o.encoding ? { encoding: o.encoding } : {}),
          });
          for (const { line } of lines) if (sample()) inferrer.add(line);
        }
      } catch (e) {
        // Inference errors (FAILFAST) are Spark's own classes; I/O failures name the file.
        if (e instanceof TsparkError && !e.errorClass.startsWith("FAILED_READ_FILE")) throw e;
        throw readFailure(file.path, e);
      }
      inferrer.endFile();
    }
    return inferrer.result();
  },

  checkRead: checkJsonRead,

  readFile(file: FileStatus, request: ReadRequest, ctx: FormatContext): AsyncIterable<RecordBatch> {
    return readJson(file, request, ctx);
  },

  prepareWrite(dataSchema: StructType, options: DataSourceOptions, ctx: FormatContext): WriteJob {
    checkSupported(dataSchema);
    lineSeparator(options);
    writeEncoder(options);
    jsonWriteOptions(options, ctx);
    const compression = textOutputCompression(options);
    return { dataSchema, options, extension: `.json${compression.suffix}` };
  },

  async createWriter(path: string, job: WriteJob, ctx: FormatContext): Promise<OutputWriter> {
    const encode = writeEncoder(job.options);
    // Non-UTF-8 bytes travel through the writer as ISO-8859-1 text, which it writes byte for byte.
    const file = new TextFileWriter(
      path,
      textOutputCompression(job.options),
      encode ? "iso-8859-1" : "utf-8",
    );
    const sep = lineSeparator(job.options) ?? "\n";
    return new JsonOutputWriter(file, job.dataSchema, job.options, ctx, sep, encode);
  },
};
