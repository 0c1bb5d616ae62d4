/**
 * The CSV data source's options, read once per read or write from the case-insensitive option map
 * and the session conf, with Spark's defaults (CSVOptions): `sep`/`delimiter` (escapes such as
 * `\t`, several characters allowed), `quote`, `escape`, `charToEscapeQuoteEscaping`, `comment`,
 * `header`, `inferSchema`, `samplingRatio`, `nullValue`, `emptyValue`, `nanValue`, `positiveInf`,
 * `negativeInf`, `dateFormat`, `timestampFormat`, `timestampNTZFormat`, `preferDate`,
 * `enableDateTimeParsingFallback`, `ignoreLeadingWhiteSpace`, `ignoreTrailingWhiteSpace` (false
 * when reading, true when writing), `multiLine`, `encoding`/`charset`, `lineSep`, `maxColumns`,
 * `maxCharsPerColumn`, `enforceSchema`, `columnNameOfCorruptRecord`, `mode`, `locale`, `timeZone`,
 * `unescapedQuoteHandling`, `columnPruning`, `escapeQuotes`, `quoteAll`, `compression`/`codec`.
 */
import { TsparkError } from "../../common/errors.js";
import type { CsvTokenizerSettings, UnescapedQuoteHandling } from "../../data/csv.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FormatContext } from "./file-format.js";
import { lineSeparator as fileLineSeparator, textEncoding } from "./file-input.js";

/** How malformed records are handled (Spark's ParseMode). */
export type CsvParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

/** Options shared by reading and writing. */
interface CsvCommonOptions {
  readonly delimiter: string;
  /** "" when quoting is off (`quote` set to the empty string). */
  readonly quote: string;
  readonly escape: string;
  readonly charToEscapeQuoteEscaping: string | undefined;
  /** "" when unset. */
  readonly comment: string;
  readonly header: boolean;
  readonly nullValue: string;
  readonly dateFormat: string | undefined;
  readonly timestampFormat: string | undefined;
  readonly timestampNTZFormat: string | undefined;
  readonly encoding: string;
  readonly lineSep: string | undefined;
  readonly timeZone: string;
  /** BCP 47 language tag (`locale`, default en-US). */
  readonly locale: string;
  /** `spark.sql.legacy.timeParserPolicy` (default CORRECTED). */
  readonly timeParserPolicy: string;
}

/** Everything a CSV read needs. */
export interface CsvReadOptions extends CsvCommonOptions {
  readonly tokenizer: CsvTokenizerSettings;
  readonly inferSchema: boolean;
  readonly samplingRatio: number;
  readonly emptyValue: string;
  readonly nanValue: string;
  readonly positiveInf: string;
  readonly negativeInf: string;
  readonly preferDate: boolean;
  readonly enableDateTimeParsingFallback: boolean | undefined;
  readonly multiLine: boolean;
  readonly mode: CsvParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly enforceSchema: boolean;
  /** Parse only the required columns (`columnPruning` / `spark.sql.csv.parser.columnPruning.enabled`, off for multiLine). */
  readonly columnPruning: boolean;
  readonly caseSensitive: boolean;
  /** `spark.sql.timestampType` is TIMESTAMP_NTZ: inference gives TIMESTAMP_NTZ for zone-less values. */
  readonly inferTimestampNTZ: boolean;
}

/** Everything a CSV write needs. */
export interface CsvWriteOptions extends CsvCommonOptions {
  readonly escapeQuotes: boolean;
  readonly quoteAll: boolean;
  readonly emptyValue: string;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
}

function invalid(option: string, value: string, expected: string): TsparkError {
  return new TsparkError("INVALID_OPTION_VALUE", { messageParameters: { option, value, expected } });
}

/** One character, "" for the empty string (Spark's `\u0000`: feature off), else an error. */
function charOption(o: DataSourceOptions, key: string, fallback: string): string {
  const v = o.get(key);
  if (v === undefined) return fallback;
  if (v.length <= 1) return v === "\u0000" ? "" : v;
  throw invalid(key, v, "a single character");
}

function delimiterChar(part: string): string {
  if (part.length === 1) {
    if (part === "\\")
      throw new TsparkError("INVALID_DELIMITER_VALUE.SINGLE_BACKSLASH", { messageParameters: {} });
    return part;
  }
  switch (part) {
    case "\\t":
      return "\t";
    case "\\r":
      return "\r";
    case "\\b":
      return "\b";
    case "\\f":
      return "\f";
    case '\\"':
      return '"';
    case "\\'":
      return "'";
    case "\\\\":
      return "\\";
    default:
      throw new TsparkError("INVALID_DELIMITER_VALUE.UNSUPPORTED_SPECIAL_CHARACTER", {
        messageParameters: { str: part },
      });
  }
}

/** Spark's `sep` rule: backslash escapes (`\t`, `\\`…) decoded, several characters allowed. */
export function parseDelimiter(raw: string): string {
  if (raw.length === 0)
    throw new TsparkError("INVALID_DELIMITER_VALUE.EMPTY_STRING", { messageParameters: {} });
  let out = "";
  for (let i = 0; i < raw.length; ) {
    const n = raw[i] === "\\" ? 2 : 1;
    const part = raw.slice(i, i + n);
    out += delimiterChar(part);
    i += part.length;
  }
  return out;
}

function parseMode(raw: string | undefined): CsvParseMode {
  const m = (raw ?? "PERMISSIVE").toUpperCase();
  // Spark warns and falls back to PERMISSIVE for an unknown mode.
  return m === "DROPMALFORMED" || m === "FAILFAST" ? m : "PERMISSIVE";
}

function quoteHandling(raw: string | undefined): UnescapedQuoteHandling {
  const v = (raw ?? "STOP_AT_DELIMITER").toUpperCase();
  switch (v) {
    case "STOP_AT_DELIMITER":
    case "STOP_AT_CLOSING_QUOTE":
    case "BACK_TO_DELIMITER":
    case "SKIP_VALUE":
    case "RAISE_ERROR":
      return v;
    default:
      throw invalid(
        "unescapedQuoteHandling",
        raw ?? "",
        "one of STOP_AT_CLOSING_QUOTE, BACK_TO_DELIMITER, STOP_AT_DELIMITER, SKIP_VALUE, RAISE_ERROR",
      );
  }
}

function csvLineSep(o: DataSourceOptions): string | undefined {
  const sep = fileLineSeparator(o);
  if (sep !== undefined && sep.length > 2) throw invalid("lineSep", sep, "at most 1 character");
  return sep;
}

function common(o: DataSourceOptions, ctx: FormatContext): CsvCommonOptions {
  const quote = charOption(o, "quote", '"');
  const timeParserPolicy = (ctx.conf("spark.sql.legacy.timeParserPolicy") ?? "CORRECTED").toUpperCase();
  return {
    delimiter: parseDelimiter(o.first("sep", "delimiter") ?? ","),
    quote,
    escape: charOption(o, "escape", "\\"),
    charToEscapeQuoteEscaping: (() => {
      const v = o.get("charToEscapeQuoteEscaping");
      if (v === undefined || v === "") return undefined;
      if (v.length > 1) throw invalid("charToEscapeQuoteEscaping", v, "a single character");
      return v;
    })(),
    comment: charOption(o, "comment", ""),
    header: o.bool("header", false),
    nullValue: o.get("nullValue") ?? "",
    dateFormat: o.get("dateFormat"),
    // Under the LEGACY parser policy Spark reads timestamps with its old default pattern.
    timestampFormat:
      o.get("timestampFormat") ??
      (timeParserPolicy === "LEGACY" ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : undefined),
    timestampNTZFormat: o.get("timestampNTZFormat"),
    encoding: textEncoding(o),
    lineSep: csvLineSep(o),
    timeZone: o.get("timeZone") ?? ctx.timeZone,
    locale: o.get("locale") ?? "en-US",
    timeParserPolicy,
  };
}

/** Reads and checks the options of a CSV read. */
export function csvReadOptions(o: DataSourceOptions, ctx: FormatContext): CsvReadOptions {
  const c = common(o, ctx);
  const multiLine = o.bool("multiLine", false);
  const ratioRaw = o.get("samplingRatio");
  const samplingRatio = ratioRaw === undefined ? 1 : Number(ratioRaw.trim());
  if (!(samplingRatio > 0)) throw invalid("samplingRatio", ratioRaw ?? "", "a number greater than 0");
  const emptyValue = o.get("emptyValue") ?? "";
  const escapeEscape =
    c.charToEscapeQuoteEscaping ?? (c.escape !== c.quote && c.escape !== "" ? c.escape : "");
  const fallback =
    o.get("enableDateTimeParsingFallback") ?? ctx.conf("spark.sql.csv.enableDateTimeParsingFallback");
  const columnPruningConf =
    (ctx.conf("spark.sql.csv.parser.columnPruning.enabled") ?? "true").toLowerCase() !== "false";
  return {
    ...c,
    tokenizer: {
      delimiter: c.delimiter,
      quote: c.quote,
      escape: c.escape,
      escapeEscape,
      comment: c.comment,
      ignoreLeadingWhiteSpace: o.bool("ignoreLeadingWhiteSpace", false),
      ignoreTrailingWhiteSpace: o.bool("ignoreTrailingWhiteSpace", false),
      emptyValue,
      maxColumns: o.int("maxColumns", 20480),
      maxCharsPerColumn: o.int("maxCharsPerColumn", -1),
      unescapedQuoteHandling: quoteHandling(o.get("unescapedQuoteHandling")),
      lineSep: c.lineSep,
    },
    inferSchema: o.bool("inferSchema", false),
    samplingRatio,
    emptyValue,
    nanValue: o.get("nanValue") ?? "NaN",
    positiveInf: o.get("positiveInf") ?? "Inf",
    negativeInf: o.get("negativeInf") ?? "-Inf",
    preferDate: c.timeParserPolicy === "LEGACY" ? false : o.bool("preferDate", true),
    enableDateTimeParsingFallback:
      fallback === undefined ? undefined : fallback.trim().toLowerCase() === "true",
    multiLine,
    mode: parseMode(o.get("mode")),
    columnNameOfCorruptRecord:
      o.get("columnNameOfCorruptRecord") ??
      ctx.conf("spark.sql.columnNameOfCorruptRecord") ??
      "_corrupt_record",
    enforceSchema: o.bool("enforceSchema", true),
    columnPruning: o.bool("columnPruning", !multiLine && columnPruningConf),
    caseSensitive: (ctx.conf("spark.sql.caseSensitive") ?? "false").toLowerCase() === "true",
    inferTimestampNTZ:
      (ctx.conf("spark.sql.timestampType") ?? "TIMESTAMP_LTZ").toUpperCase() === "TIMESTAMP_NTZ",
  };
}

/** Reads and checks the options of a CSV write. */
export function csvWriteOptions(o: DataSourceOptions, ctx: FormatContext): CsvWriteOptions {
  return {
    ...common(o, ctx),
    escapeQuotes: o.bool("escapeQuotes", true),
    quoteAll: o.bool("quoteAll", false),
    emptyValue: o.get("emptyValue") ?? '""',
    ignoreLeadingWhiteSpace: o.bool("ignoreLeadingWhiteSpace", true),
    ignoreTrailingWhiteSpace: o.bool("ignoreTrailingWhiteSpace", true),
  };
}
