/**
 * The JSON data source's options (Spark's `JSONOptions` / `JSONOptionsInRead`) read from a
 * reader's or writer's `DataSourceOptions` and the session: Jackson parser features, parse mode,
 * corrupt-record column, inference switches, datetime patterns, multiLine, lineSep, encoding and
 * the writer's null handling.
 *
 * Contract: booleans accept `true`/`false` in any case (anything else is `INVALID_OPTION_VALUE`);
 * an unknown `mode` falls back to PERMISSIVE as Spark does; datetime patterns are compiled on first
 * use; the time zone is the `timeZone` option or the session's.
 */
import { TsparkError } from "../../common/errors.js";
import {
  floorDiv,
  parseDate as parseDefaultDate,
  getTimeZone,
  MICROS_PER_DAY,
  parseTimestamp,
  parseTimestampNtz,
} from "../../data/datetime.js";
import type { JsonFileInferOptions } from "../../data/json-schema-inference.js";
import type { JsonParseOptions, JsonRecordOptions, JsonWriteOptions } from "../../data/json.js";
import { getPattern } from "../../functions/datetime/datetime-pattern.js";
import { type DataType, TIMESTAMP, TIMESTAMP_NTZ } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FormatContext } from "./file-format.js";
import { lineSeparator } from "./file-input.js";
import { canDecode, isUtf32 } from "./json-charset.js";

/** Spark's parse modes. */
export type ParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

/** Everything the JSON source reads from its options. */
export interface JsonSourceOptions {
  readonly parse: JsonParseOptions;
  readonly mode: ParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly multiLine: boolean;
  /** Explicit `encoding` / `charset`, or undefined (UTF-8, BOM-detected for multiLine). */
  readonly encoding: string | undefined;
  readonly lineSep: string | undefined;
  readonly samplingRatio: number;
  /** Inference options (mode and corrupt column included). */
  readonly infer: JsonFileInferOptions;
  /** Record-conversion options (datetime parsers, time zone). */
  readonly record: JsonRecordOptions;
}

/** Spark's `ParseMode.fromString`: case-insensitive, anything unknown is PERMISSIVE. */
export function parseMode(options: DataSourceOptions): ParseMode {
  const m = (options.get("mode") ?? "PERMISSIVE").toUpperCase();
  return m === "DROPMALFORMED" || m === "FAILFAST" ? m : "PERMISSIVE";
}

/** Jackson features from the `allow*` options (Spark's defaults). */
export function jsonParseOptions(options: DataSourceOptions): JsonParseOptions {
  return {
    allowComments: options.bool("allowComments", false),
    allowUnquotedFieldNames: options.bool("allowUnquotedFieldNames", false),
    allowSingleQuotes: options.bool("allowSingleQuotes", true),
    allowNumericLeadingZeros: options.bool("allowNumericLeadingZeros", false),
    allowNonNumericNumbers: options.bool("allowNonNumericNumbers", true),
    allowBackslashEscapingAnyCharacter: options.bool("allowBackslashEscapingAnyCharacter", false),
    allowUnquotedControlChars: options.bool("allowUnquotedControlChars", false),
  };
}

function samplingRatio(options: DataSourceOptions): number {
  const raw = options.get("samplingRatio");
  if (raw === undefined) return 1;
  const v = Number(raw.trim());
  if (raw.trim() === "" || !Number.isFinite(v) || v <= 0)
    throw new TsparkError("INVALID_OPTION_VALUE", {
      messageParameters: {
        option: "samplingRatio",
        value: raw,
        expected: `a number greater than 0 (samplingRatio (${raw}) should be greater than 0)`,
      },
    });
  return v;
}

/** The explicit read encoding, checked as Spark's `JSONOptionsInRead.checkedEncoding`. */
function readEncoding(options: DataSourceOptions, multiLine: boolean, lineSep: string | undefined) {
  const enc = options.first("encoding", "charset");
  if (enc === undefined) return undefined;
  const bad = (option: string, value: string, expected: string) =>
    new TsparkError("INVALID_OPTION_VALUE", { messageParameters: { option, value, expected } });
  if (!canDecode(enc))
    throw bad("encoding", enc, "a character set name such as UTF-8, UTF-16LE or ISO-8859-1");
  const norm = enc.toLowerCase().replace(/[-_]/g, "");
  if (!multiLine && (norm === "utf16" || norm === "utf32"))
    throw bad(
      "encoding",
      enc,
      "a charset other than UTF-16 and UTF-32 when multiLine is disabled (name the byte order)",
    );
  if (!multiLine && isUtf32(enc))
    throw bad(
      "encoding",
      enc,
      "a charset other than UTF-32 when multiLine is disabled (tspark reads UTF-32 documents only)",
    );
  if (!multiLine && norm !== "utf8" && lineSep === undefined)
    throw bad(
      "lineSep",
      "(unset)",
      `a separator: the lineSep option must be specified for the ${enc} encoding`,
    );
  return enc;
}

/** A parse that fails by throwing (a value out of range) counts as not parsed. */
function orNull(parse: () => number | null): number | null {
  try {
    return parse();
  } catch (e) {
    if (e instanceof TsparkError) return null;
    throw e;
  }
}

/** The `spark.sql.timestampType` a zone-less timestamp string infers as. */
function sessionTimestampType(ctx: FormatContext): DataType {
  return (ctx.conf("spark.sql.timestampType") ?? "TIMESTAMP_LTZ").toUpperCase() === "TIMESTAMP_NTZ"
    ? TIMESTAMP_NTZ
    : TIMESTAMP;
}

/** Reads every read-side JSON option. */
export function jsonSourceOptions(options: DataSourceOptions, ctx: FormatContext): JsonSourceOptions {
  const parse = jsonParseOptions(options);
  const mode = parseMode(options);
  const columnNameOfCorruptRecord =
    options.get("columnNameOfCorruptRecord") ??
    ctx.conf("spark.sql.columnNameOfCorruptRecord") ??
    "_corrupt_record";
  const multiLine = options.bool("multiLine", false);
  const lineSep = lineSeparator(options);
  const encoding = readEncoding(options, multiLine, lineSep);
  const timeZone = options.get("timeZone") ?? ctx.timeZone;
  const zone = getTimeZone(timeZone);
  const utc = getTimeZone("UTC");
  const policy = ctx.conf("spark.sql.legacy.timeParserPolicy") ?? "CORRECTED";
  const tsFormat = options.get("timestampFormat");
  const ntzFormat = options.get("timestampNTZFormat");
  const dateFormat = options.get("dateFormat");

  const parseTs =
    tsFormat === undefined
      ? undefined
      : (s: string) => getPattern(tsFormat, true).parse(s, zone, false, policy);
  const parseNtz =
    ntzFormat === undefined
      ? undefined
      : (s: string) => getPattern(ntzFormat, true).parse(s, utc, false, policy, true);
  const parseDate =
    dateFormat === undefined
      ? undefined
      : (s: string) => {
          const micros = getPattern(dateFormat, true).parse(s, utc, false, policy, true);
          return micros === null ? null : floorDiv(micros, MICROS_PER_DAY);
        };

  // enableDateTimeParsingFallback (or its conf): a custom pattern that fails falls back to
  // Spark's default parsing; without a custom pattern the default parsing is used anyway.
  const fallbackRaw =
    options.get("enableDateTimeParsingFallback") ?? ctx.conf("spark.sql.json.enableDateTimeParsingFallback");
  const fallback =
    fallbackRaw !== undefined &&
    options.with("enableDateTimeParsingFallback", fallbackRaw).bool("enableDateTimeParsingFallback", false);
  const readTs = parseTs && fallback ? (s: string) => parseTs(s) ?? parseTimestamp(s, zone) : parseTs;
  const readDate = parseDate && fallback ? (s: string) => parseDate(s) ?? parseDefaultDate(s) : parseDate;

  const exact =
    (ctx.conf("spark.sql.json.enableExactStringParsing") ?? "true").trim().toLowerCase() !== "false";

  const tsType = sessionTimestampType(ctx);
  const inferTimestamp = options.bool("inferTimestamp", false)
    ? (s: string): DataType | undefined => {
        const ntz = orNull(() => (parseNtz ? parseNtz(s) : parseTimestampNtz(s, false)));
        if (ntz !== null) return tsType;
        const ts = orNull(() => (parseTs ? parseTs(s) : parseTimestamp(s, zone)));
        return ts !== null ? TIMESTAMP : undefined;
      }
    : undefined;

  return {
    parse,
    mode,
    columnNameOfCorruptRecord,
    multiLine,
    encoding,
    lineSep,
    samplingRatio: samplingRatio(options),
    infer: {
      ...parse,
      primitivesAsString: options.bool("primitivesAsString", false),
      prefersDecimal: options.bool("prefersDecimal", false),
      dropFieldIfAllNull: options.bool("dropFieldIfAllNull", false),
      mode,
      columnNameOfCorruptRecord,
      ...(inferTimestamp ? { inferTimestamp } : {}),
    },
    record: {
      ...parse,
      ...(exact ? { exactStrings: true, keepSource: true } : {}),
      mode,
      timeZone,
      columnNameOfCorruptRecord,
      allowArrayAsStructs: true,
      ...(readTs ? { parseTimestamp: readTs } : {}),
      ...(parseNtz ? { parseTimestampNtz: parseNtz } : {}),
      ...(readDate ? { parseDate: readDate } : {}),
    },
  };
}

/** The JSON writer's options: null fields, datetime patterns, time zone. */
export function jsonWriteOptions(options: DataSourceOptions, ctx: FormatContext): JsonWriteOptions {
  const ignoreDefault =
    (ctx.conf("spark.sql.jsonGenerator.ignoreNullFields") ?? "true").trim().toLowerCase() !== "false";
  const timeZone = options.get("timeZone") ?? ctx.timeZone;
  const zone = getTimeZone(timeZone);
  const utc = getTimeZone("UTC");
  const tsFormat = options.get("timestampFormat");
  const ntzFormat = options.get("timestampNTZFormat");
  const dateFormat = options.get("dateFormat");
  // Compile now so that a bad pattern fails before any file is written.
  if (tsFormat !== undefined) getPattern(tsFormat, false);
  if (ntzFormat !== undefined) getPattern(ntzFormat, false);
  if (dateFormat !== undefined) getPattern(dateFormat, false);
  return {
    ignoreNullFields: options.bool("ignoreNullFields", ignoreDefault),
    timeZone,
    ...(tsFormat !== undefined
      ? { formatTimestamp: (micros: number) => getPattern(tsFormat, false).format(micros, zone) }
      : {}),
    ...(ntzFormat !== undefined
      ? { formatTimestampNtz: (micros: number) => getPattern(ntzFormat, false).format(micros, utc) }
      : {}),
    ...(dateFormat !== undefined
      ? { formatDate: (days: number) => getPattern(dateFormat, false).formatDate(days) }
      : {}),
  };
}
