/**
 * A small RFC-4180 CSV reader/writer with Spark's default options (`sep` ',', `quote` '"', `escape`
 * '\\', `nullValue` "", no comments). Used by `from_csv`/`to_csv`/`schema_of_csv` and by the CSV
 * file source. Pure functions on strings; type conversion of fields is the caller's job.
 *
 * Example (default options):
 *
 *     a,"b,c","say \"hi\"",,""
 *
 * reads as the fields `a`, `b,c`, `say "hi"`, NULL (unquoted empty = nullValue) and `` (quoted
 * empty = emptyValue).
 */

/** Reader/writer options, named as Spark's CSV options (lower-camel). */
export interface CsvOptions {
  readonly sep: string;
  readonly quote: string;
  readonly escape: string;
  /** A line starting with this character is skipped when reading ('' = comments off). */
  readonly comment: string;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
  /** The text that reads as NULL and that NULL is written as. */
  readonly nullValue: string;
  /** What a quoted empty field reads as. */
  readonly emptyValue: string;
  /** Quote every written field. */
  readonly quoteAll: boolean;
}

/** Spark's defaults for reading (from_csv, spark.read.csv). */
export const DEFAULT_CSV_OPTIONS: CsvOptions = {
  sep: ",",
  quote: '"',
  escape: "\\",
  comment: "",
  ignoreLeadingWhiteSpace: false,
  ignoreTrailingWhiteSpace: false,
  nullValue: "",
  emptyValue: "",
  quoteAll: false,
};

/** Options from Spark's option map (keys case-insensitive; unknown keys ignored). */
export function csvOptionsFrom(raw: Readonly<Record<string, string>>, forWrite = false): CsvOptions {
  const o: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) o[k.toLowerCase()] = v;
  const bool = (v: string | undefined, d: boolean): boolean =>
    v === undefined ? d : v.toLowerCase() === "true";
  const sep = o.sep ?? o.delimiter ?? ",";
  return {
    sep: sep === "\\t" ? "\t" : sep,
    quote: o.quote ?? '"',
    escape: o.escape ?? "\\",
    comment: o.comment ?? "",
    // Spark trims by default when writing, not when reading.
    ignoreLeadingWhiteSpace: bool(o.ignoreleadingwhitespace, forWrite),
    ignoreTrailingWhiteSpace: bool(o.ignoretrailingwhitespace, forWrite),
    nullValue: o.nullvalue ?? "",
    emptyValue: o.emptyvalue ?? (forWrite ? '""' : ""),
    quoteAll: bool(o.quoteall, false),
  };
}

/**
 * Reads CSV records from `text` starting at `start`; returns the fields of one record and the
 * offset after its line break. A quoted field may span lines. Unquoted fields equal to
 * `nullValue` read as null; a quoted empty field reads as `emptyValue`.
 */
export function readCsvRecord(
  text: string,
  o: CsvOptions = DEFAULT_CSV_OPTIONS,
  start = 0,
): { fields: (string | null)[]; next: number } {
  const fields: (string | null)[] = [];
  let i = start;
  const n = text.length;
  for (;;) {
    let value = "";
    let quoted = false;
    if (o.ignoreLeadingWhiteSpace) while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    if (o.quote !== "" && text.startsWith(o.quote, i)) {
      quoted = true;
      i += o.quote.length;
      for (;;) {
        if (i >= n) break;
        const c = text[i]!;
        if (o.escape !== "" && o.escape !== o.quote && c === o.escape && i + 1 < n) {
          // An escape protects the next character (usually the quote or the escape itself).
          const d = text[i + 1]!;
          if (d === o.quote || d === o.escape) {
            value += d;
            i += 2;
            continue;
          }
          value += c;
          i++;
          continue;
        }
        if (text.startsWith(o.quote, i)) {
          if (text.startsWith(o.quote, i + o.quote.length)) {
            value += o.quote; // RFC-4180 doubled quote
            i += 2 * o.quote.length;
            continue;
          }
          i += o.quote.length;
          break;
        }
        value += c;
        i++;
      }
      // Characters after the closing quote up to the separator are kept, as univocity does.
      while (i < n && !text.startsWith(o.sep, i) && text[i] !== "\n" && text[i] !== "\r") value += text[i++];
    } else {
      while (i < n && !text.startsWith(o.sep, i) && text[i] !== "\n" && text[i] !== "\r") value += text[i++];
    }
    if (o.ignoreTrailingWhiteSpace) value = value.replace(/[ \t]+$/, "");
    if (quoted) fields.push(value === "" ? o.emptyValue : value);
    else fields.push(value === o.nullValue ? null : value);
    if (i < n && text.startsWith(o.sep, i)) {
      i += o.sep.length;
      continue;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    return { fields, next: i };
  }
}

/** Every record of `text` (comment lines and blank lines skipped). */
export function readCsvRecords(text: string, o: CsvOptions = DEFAULT_CSV_OPTIONS): (string | null)[][] {
  const out: (string | null)[][] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === "\n" || text[i] === "\r") {
      i++;
      continue;
    }
    if (o.comment !== "" && text.startsWith(o.comment, i)) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    const r = readCsvRecord(text, o, i);
    out.push(r.fields);
    i = r.next;
  }
  return out;
}

/** Writes one record (no line break). Nulls become `nullValue`; fields needing quotes are quoted. */
export function writeCsvRecord(
  values: readonly (string | null)[],
  o: CsvOptions = DEFAULT_CSV_OPTIONS,
): string {
  const parts: string[] = [];
  for (const v of values) {
    if (v === null) {
      parts.push(o.nullValue);
      continue;
    }
    if (v === "") {
      parts.push(o.quoteAll ? `${o.quote}${o.quote}` : o.emptyValue);
      continue;
    }
    let s = v;
    if (o.ignoreLeadingWhiteSpace) s = s.replace(/^[ \t]+/, "");
    if (o.ignoreTrailingWhiteSpace) s = s.replace(/[ \t]+$/, "");
    const needs =
      o.quoteAll ||
      s.includes(o.sep) ||
      (o.quote !== "" && s.includes(o.quote)) ||
      s.includes("\n") ||
      s.includes("\r") ||
      (o.comment !== "" && s.startsWith(o.comment));
    if (!needs) {
      parts.push(s);
      continue;
    }
    const escaped = o.quote === "" ? s : s.split(o.quote).join(`${o.escape}${o.quote}`);
    parts.push(`${o.quote}${escaped}${o.quote}`);
  }
  return parts.join(o.sep);
}
