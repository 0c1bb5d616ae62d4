/**
 * The `csv` file format (Spark's CSVFileFormat): one record per line (or, with `multiLine`, quoted
 * values spanning lines), fields split by `sep`, optional header line at the start of every file,
 * values converted by the column types (csv-values.ts), schema inference by csv-infer-schema.ts,
 * malformed records handled by `mode`. Writing quotes values only when needed and names files
 * `.csv` (`.csv.gz` with `compression=gzip`).
 *
 *     id,name,when                  header=true, inferSchema=true
 *     1,"Smith, J",2024-01-31   →   Row(id=1, name='Smith, J', when=date(2024, 1, 31))
 *     2,,                       →   Row(id=2, name=None, when=None)
 *
 * Options: see csv-options.ts. Nested types (array, map, struct) and intervals of the legacy
 * CALENDAR type cannot be written (`UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE`).
 */
import { TsparkError } from "../../common/errors.js";
import { CsvTokenizer } from "../../data/csv.js";
import { DEFAULT_BATCH_SIZE, type RecordBatch } from "../../data/record-batch.js";
import {
  type DataType,
  NULL_TYPE,
  quoteIdentifier,
  type StructField,
  StructType,
} from "../../types/data-type.js";
import { CsvTypeInferrer, makeSafeHeader, toStructType } from "./csv-infer-schema.js";
import { type CsvReadOptions, type CsvWriteOptions, csvReadOptions, csvWriteOptions } from "./csv-options.js";
import { BAD, type FieldFormatter, type FieldParser, fieldFormatter, fieldParser } from "./csv-values.js";
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
  decodeText,
  fileUrl,
  outputCompression,
  readFailure,
  readLineChunks,
  readLinesSync,
  readWholeFile,
  readWholeFileSync,
  TextFileWriter,
} from "./file-input.js";

/** Java's `String.trim().isEmpty()`: nothing but characters ≤ U+0020. */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 32) return false;
  return true;
}

function trimStart(line: string): string {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) <= 32) i++;
  return line.slice(i);
}

/** Lines a line-based read skips after the header (Spark's `filterCommentAndEmpty`). */
function skippedDataLine(line: string, o: CsvReadOptions): boolean {
  return isBlank(line) || (o.comment !== "" && line.startsWith(o.comment));
}

/** Lines before the header that are not the header (Spark's `skipComments`). */
function skippedBeforeHeader(line: string, o: CsvReadOptions): boolean {
  return skippedDataLine(line, o);
}

/** A deterministic Bernoulli sampler for `samplingRatio` (seeded like Spark's, not the same stream). */
function sampler(ratio: number): () => boolean {
  if (ratio > 0.99) return () => true;
  let s = 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 < ratio;
  };
}

// ---------------------------------------------------------------------------------------------
// Schema inference

function inferSchema(
  files: readonly FileStatus[],
  options: DataSourceOptions,
  ctx: FormatContext,
): StructType | undefined {
  if (files.length === 0) return undefined;
  const o = csvReadOptions(options, ctx);
  const tokenizer = new CsvTokenizer(o.tokenizer);
  const inferrer = new CsvTypeInferrer(o);
  const sample = sampler(o.samplingRatio);
  let header: string[] | undefined;
  let firstLine: string | undefined;
  let merged: DataType[] | undefined;
  for (const file of files) {
    let types: DataType[] | undefined;
    const onRecord = (tokens: (string | null)[]) => {
      if (header === undefined) return;
      types ??= header.map(() => NULL_TYPE);
      inferrer.inferRow(types, tokens);
    };
    try {
      if (o.multiLine) {
        const text = decodeText(readWholeFileSync(file.path), o.encoding);
        let first = true;
        for (let r = tokenizer.parseNext(text, 0); r !== undefined; r = tokenizer.parseNext(text, r.next)) {
          const isFirst = first;
          first = false;
          if (header === undefined) {
            header = makeSafeHeader(r.fields, o.header, o.caseSensitive, o.nullValue);
            // Without inferSchema only the header row is needed (Spark reads no further).
            if (!o.inferSchema) break;
            if (o.header) continue;
          } else if (isFirst && o.header) continue;
          if (sample()) onRecord(r.fields);
        }
      } else {
        for (const { line } of readLinesSync(file.path, { encoding: o.encoding, lineSep: o.lineSep })) {
          if (firstLine === undefined) {
            if (isBlank(line) || (o.comment !== "" && line.startsWith(o.comment))) continue;
            firstLine = line;
            header = makeSafeHeader(tokenizer.parseLine(line), o.header, o.caseSensitive, o.nullValue);
            if (!o.inferSchema) break;
            if (o.header) continue;
            if (sample()) onRecord(tokenizer.parseLine(line));
            continue;
          }
          if (!sample()) continue;
          if (skippedDataLine(line, o)) continue;
          if (o.header && line === firstLine) continue;
          onRecord(tokenizer.parseLine(line));
        }
      }
    } catch (e) {
      throw readFailure(file.path, e);
    }
    if (types !== undefined) merged = merged === undefined ? types : inferrer.mergeRowTypes(merged, types);
    if (header !== undefined && !o.inferSchema) break;
  }
  if (header === undefined) return new StructType([]);
  return toStructType(header, o.inferSchema ? merged : undefined);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One parsed output column of a read. */
interface ReadColumn {
  readonly out: number;
  readonly source: number;
  readonly parse: FieldParser;
}

/** The per-file plan of a read: which tokens feed which output columns, and how. */
interface ReadPlan {
  readonly o: CsvReadOptions;
  readonly tokenizer: CsvTokenizer;
  /** Output width (`requiredSchema`, including the corrupt-record column). */
  readonly width: number;
  /** Output position of the corrupt-record column, or -1. */
  readonly corruptIndex: number;
  /**
   * For each parsed required data column: its output position, the position of its token in the
   * tokenizer's fields (-1: none) and its parser.
   */
  readonly columns: readonly ReadColumn[];
  /** Token positions kept when pruning (undefined: all tokens are kept). */
  readonly select: readonly number[] | undefined;
  /** How many tokens a well-formed record has after selection. */
  readonly expectedTokens: number;
  /** Pruned read of no data column: one empty row per record, nothing parsed. */
  readonly skipParsing: boolean;
  /** Names the header is checked against (`enforceSchema=false`), in token order. */
  readonly headerNames: readonly string[];
  /** Scratch row of `width` values, refilled for every record (its values are copied out). */
  readonly row: unknown[];
}

function unsupported(f: StructField): TsparkError {
  return new TsparkError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", {
    messageParameters: {
      format: "CSV",
      columnName: quoteIdentifier(f.name),
      columnType: `"${f.dataType.sql()}"`,
    },
  });
}

/** The read checks Spark makes while planning a CSV scan (the corrupt-record column's type and use). */
function checkCsvRead(request: ReadRequest, ctx: FormatContext): void {
  const corruptName = csvReadOptions(request.options, ctx).columnNameOfCorruptRecord;
  const corruptField = request.dataSchema.fields.find((f) => f.name === corruptName);
  if (corruptField !== undefined && (corruptField.dataType.kind !== "string" || !corruptField.nullable))
    throw new TsparkError("INVALID_CORRUPT_RECORD_TYPE", {
      messageParameters: {
        columnName: quoteIdentifier(corruptName),
        actualType: `"${corruptField.dataType.sql()}"`,
      },
    });
  const required = request.requiredSchema.fields;
  if (required.length === 1 && required[0]?.name === corruptName)
    throw new TsparkError("UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN", { messageParameters: {} });
}

function planRead(request: ReadRequest, ctx: FormatContext): ReadPlan {
  checkCsvRead(request, ctx);
  const o = csvReadOptions(request.options, ctx);
  const corruptName = o.columnNameOfCorruptRecord;
  const required = request.requiredSchema.fields;
  const data = request.dataSchema.fields.filter((f) => f.name !== corruptName);
  const requiredData = required.filter((f) => f.name !== corruptName);
  const dataIndex = (name: string) => data.findIndex((f) => f.name === name);
  const pruning = o.columnPruning;
  const select =
    pruning && requiredData.length < data.length ? requiredData.map((f) => dataIndex(f.name)) : undefined;
  const columns: ReadColumn[] = [];
  required.forEach((f, out) => {
    if (f.name === corruptName) return;
    const parse = fieldParser(f.dataType, o);
    if (parse === undefined) throw unsupported(f);
    // With pruning the tokenizer's fields are read at the selected positions (univocity's
    // selected indexes), without building the selection.
    const source = dataIndex(f.name);
    columns.push({ out, source: select !== undefined && !select.includes(source) ? -1 : source, parse });
  });
  return {
    o,
    tokenizer: new CsvTokenizer(o.tokenizer),
    width: required.length,
    corruptIndex: required.findIndex((f) => f.name === corruptName),
    columns,
    select,
    expectedTokens: pruning ? requiredData.length : data.length,
    skipParsing: pruning && requiredData.length === 0,
    headerNames: (pruning ? requiredData : data).map((f) => f.name),
    row: new Array<unknown>(required.length).fill(null),
  };
}

/** Spark's CSVHeaderChecker with `enforceSchema=false`: header names must match the schema. */
function checkHeader(plan: ReadPlan, tokens: (string | null)[], path: string): void {
  const { o } = plan;
  if (o.enforceSchema) return;
  const names = plan.select === undefined ? tokens : plan.select.map((i) => tokens[i] ?? null);
  const header = names.map((n) => n ?? "null");
  const schema = plan.headerNames;
  const source = `CSV file: ${fileUrl(path)}`;
  let msg: string | undefined;
  if (header.length !== schema.length) {
    msg = `Number of column in CSV header is not equal to number of fields in the schema:\n Header length: ${header.length}, schema size: ${schema.length}\n${source}`;
  } else {
    for (let i = 0; i < header.length && msg === undefined; i++) {
      const h = header[i] as string;
      const s = schema[i] as string;
      if (o.caseSensitive ? h !== s : h.toLowerCase() !== s.toLowerCase())
        msg = `CSV header does not conform to the schema.\n Header: ${header.join(", ")}\n Schema: ${schema.join(", ")}\nExpected: ${s} but found: ${h}\n${source}`;
    }
  }
  if (msg !== undefined) throw new TsparkError("_LEGACY_ERROR_TEMP_3241", { messageParameters: { msg } });
}

/** Collects output rows column-wise. */
class RowSink {
  columns: unknown[][];
  numRows = 0;
  constructor(private readonly width: number) {
    this.columns = Array.from({ length: width }, () => []);
  }
  take(): RecordBatch {
    const b: RecordBatch = { numRows: this.numRows, columns: this.columns };
    this.columns = Array.from({ length: this.width }, () => []);
    this.numRows = 0;
    return b;
  }
}

/** Converts one tokenized record and appends it (or not, or throws) per `mode`. */
function emitRecord(plan: ReadPlan, sink: RowSink, tokens: (string | null)[] | undefined, raw: string): void {
  const { o, columns, row } = plan;
  row.fill(null);
  let bad = false;
  if (!plan.skipParsing && tokens !== undefined) {
    // A pruned read selects exactly the required tokens (missing ones null): never a count mismatch.
    if (plan.select === undefined && tokens.length !== plan.expectedTokens) bad = true;
    const nullValue = o.nullValue;
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k] as ReadColumn;
      const t = tokens[c.source];
      if (t === undefined || t === null || t === nullValue) continue;
      const v = c.parse(t);
      if (v === BAD) bad = true;
      else row[c.out] = v;
    }
  }
  if (bad) {
    if (o.mode === "DROPMALFORMED") return;
    // The caller wraps it in FAILED_READ_FILE naming the file, as Spark's file scan does.
    if (o.mode === "FAILFAST")
      throw new TsparkError("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {
        messageParameters: { badRecord: raw, failFastMode: "FAILFAST" },
      });
    if (plan.corruptIndex >= 0) row[plan.corruptIndex] = raw;
  }
  const out = sink.columns;
  for (let i = 0; i < plan.width; i++) (out[i] as unknown[]).push(row[i]);
  sink.numRows++;
}

async function* readCsv(
  file: FileStatus,
  request: ReadRequest,
  ctx: FormatContext,
): AsyncIterable<RecordBatch> {
  const plan = planRead(request, ctx);
  const { o, tokenizer } = plan;
  const sink = new RowSink(plan.width);
  const path = file.path;
  try {
    if (o.multiLine) {
      const text = decodeText(await readWholeFile(path), o.encoding);
      let first = o.header;
      for (let r = tokenizer.parseNext(text, 0); r !== undefined; r = tokenizer.parseNext(text, r.next)) {
        request.signal?.throwIfAborted();
        if (first) {
          first = false;
          checkHeader(plan, r.fields, path);
          continue;
        }
        emitRecord(plan, sink, r.fields, text.slice(r.start, r.end));
        if (sink.numRows >= DEFAULT_BATCH_SIZE) yield sink.take();
      }
    } else {
      let headerPending = o.header;
      const chunks = readLineChunks(path, {
        encoding: o.encoding,
        lineSep: o.lineSep,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      for await (const lines of chunks) {
        for (const line of lines) {
          if (headerPending) {
            if (skippedBeforeHeader(line, o)) continue;
            headerPending = false;
            if (!o.enforceSchema) checkHeader(plan, tokenizer.parseLine(line), path);
            continue;
          }
          if (skippedDataLine(line, o)) continue;
          emitRecord(plan, sink, plan.skipParsing ? undefined : tokenizer.parseLine(line), line);
          if (sink.numRows >= DEFAULT_BATCH_SIZE) yield sink.take();
        }
      }
    }
  } catch (e) {
    // Spark's file scan rethrows upgrade errors as they are (SparkUpgradeException).
    if (e instanceof TsparkError && e.errorClass.startsWith("INCONSISTENT_BEHAVIOR_CROSS_VERSION")) throw e;
    throw readFailure(path, e);
  }
  if (sink.numRows > 0) yield sink.take();
}

// ---------------------------------------------------------------------------------------------
// Writing

function writable(t: DataType): boolean {
  switch (t.kind) {
    case "array":
    case "map":
    case "struct":
    case "null":
    case "calendar_interval":
      return false;
    default:
      return true;
  }
}

/**
 * Encodes one record as univocity's writer does with Spark's settings: a value is quoted when it
 * holds the delimiter, a line break, the quote (with `escapeQuotes`), starts with the quote or the
 * comment character, or with `quoteAll`; inside quotes the quote is escaped with `escape` and the
 * escape with `charToEscapeQuoteEscaping` (default: the escape itself, unless it is the quote).
 * Values are trimmed first (`ignoreLeading/TrailingWhiteSpace`, on by default); NULL is written as
 * `nullValue` (quoted with `quoteAll`), an empty string as `emptyValue` (default `""`).
 */
class CsvLineEncoder {
  private readonly escapeEscape: string;
  constructor(private readonly o: CsvWriteOptions) {
    this.escapeEscape = o.charToEscapeQuoteEscaping ?? (o.escape !== o.quote ? o.escape : "");
  }

  field(v: string | null): string {
    const o = this.o;
    const q = o.quote;
    if (v === null) return o.quoteAll && q !== "" ? `${q}${o.nullValue}${q}` : o.nullValue;
    let s = v;
    if (o.ignoreLeadingWhiteSpace) s = trimStart(s);
    if (o.ignoreTrailingWhiteSpace) {
      let j = s.length;
      while (j > 0 && s.charCodeAt(j - 1) <= 32) j--;
      s = s.slice(0, j);
    }
    if (s === "") return o.emptyValue;
    const needs =
      o.quoteAll ||
      s.includes(o.delimiter) ||
      s.includes("\n") ||
      s.includes("\r") ||
      (q !== "" && ((o.escapeQuotes && s.includes(q)) || s.startsWith(q))) ||
      (o.comment !== "" && s.startsWith(o.comment));
    if (!needs || q === "") return s;
    const e = o.escape;
    let body = "";
    for (const c of s) {
      if (c === q) body += e + q;
      else if (c === e && this.escapeEscape !== "") body += this.escapeEscape + e;
      else body += c;
    }
    return `${q}${body}${q}`;
  }

  line(values: readonly (string | null)[]): string {
    let out = "";
    for (let i = 0; i < values.length; i++) {
      if (i > 0) out += this.o.delimiter;
      out += this.field(values[i] ?? null);
    }
    return out;
  }
}

class CsvOutputWriter implements OutputWriter {
  private readonly formatters: FieldFormatter[];
  private readonly encoder: CsvLineEncoder;
  private readonly lineSep: string;

  constructor(
    private readonly file: TextFileWriter,
    schema: StructType,
    o: CsvWriteOptions,
  ) {
    this.formatters = schema.fields.map((f) =>
      fieldFormatter(f.dataType, {
        ...o,
        nanValue: "NaN",
        positiveInf: "Inf",
        negativeInf: "-Inf",
        enableDateTimeParsingFallback: undefined,
      }),
    );
    this.encoder = new CsvLineEncoder(o);
    this.lineSep = o.lineSep ?? "\n";
  }

  /** The header line (column names), written when the file is opened. */
  headerLine(names: readonly string[]): string {
    return this.encoder.line(names) + this.lineSep;
  }

  async write(batch: RecordBatch): Promise<void> {
    let chunk = "";
    const values: (string | null)[] = new Array(this.formatters.length);
    for (let r = 0; r < batch.numRows; r++) {
      for (let c = 0; c < this.formatters.length; c++) {
        const v = batch.columns[c]?.[r];
        values[c] = v === null || v === undefined ? null : (this.formatters[c] as FieldFormatter)(v);
      }
      const line = this.encoder.line(values);
      // univocity's writer skips empty lines (a single NULL column with an empty nullValue).
      if (line.length === 0) continue;
      chunk += line + this.lineSep;
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

/** Spark's `csv` data source. */
export const csvFormat: FileFormat = {
  shortName: "csv",
  displayName: "CSV",

  inferSchema,

  checkRead: checkCsvRead,

  readFile(file: FileStatus, request: ReadRequest, ctx: FormatContext): AsyncIterable<RecordBatch> {
    return readCsv(file, request, ctx);
  },

  prepareWrite(dataSchema: StructType, options: DataSourceOptions, ctx: FormatContext): WriteJob {
    for (const f of dataSchema.fields) if (!writable(f.dataType)) throw unsupported(f);
    csvWriteOptions(options, ctx);
    const compression = outputCompression(options);
    return { dataSchema, options, extension: `.csv${compression.suffix}` };
  },

  async createWriter(path: string, job: WriteJob, ctx: FormatContext): Promise<OutputWriter> {
    const o = csvWriteOptions(job.options, ctx);
    const file = new TextFileWriter(path, outputCompression(job.options), o.encoding);
    const writer = new CsvOutputWriter(file, job.dataSchema, o);
    if (o.header) await file.write(writer.headerLine(job.dataSchema.fieldNames()));
    return writer;
  },
};
