/**
 * CSV text: a small record reader/writer with Spark's default options (`sep` ',', `quote` '"',
 * `escape` '\\', `nullValue` "", no comments) used by `from_csv`/`to_csv`/`schema_of_csv`, and
 * `CsvTokenizer`, the file source's tokenizer with univocity's rules as Spark configures them
 * (multi-character delimiters, escapes, `unescapedQuoteHandling`, multiLine records, limits).
 * Pure functions on strings; type conversion of fields is the caller's job.
 *
 * Example (default options):
 *
 *     a,"b,c","say \"hi\"",,""
 *
 * reads as the fields `a`, `b,c`, `say "hi"`, NULL (unquoted empty = nullValue) and `` (quoted
 * empty = emptyValue).
 */
import { TsparkError } from "../common/errors.js";

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

/** What the tokenizer does with a quote inside a quoted value not followed by a separator. */
export type UnescapedQuoteHandling =
  | "STOP_AT_DELIMITER"
  | "STOP_AT_CLOSING_QUOTE"
  | "BACK_TO_DELIMITER"
  | "SKIP_VALUE"
  | "RAISE_ERROR";

/**
 * Settings of the file-source tokenizer (Spark's CSV reader over univocity). Characters set to ""
 * are switched off. `lineSep` undefined ends a record at `\n`, `\r\n` or `\r` (multiLine input).
 */
export interface CsvTokenizerSettings {
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
  /** The character escaping the escape character before a quote (`charToEscapeQuoteEscaping`). */
  readonly escapeEscape: string;
  /** Records (multiLine) starting with this character are skipped. */
  readonly comment: string;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
  /** What a quoted empty value reads as. */
  readonly emptyValue: string;
  readonly maxColumns: number;
  /** -1: unlimited. */
  readonly maxCharsPerColumn: number;
  readonly unescapedQuoteHandling: UnescapedQuoteHandling;
  readonly lineSep?: string | undefined;
}

/** One tokenized record: its fields (null = unquoted empty or missing) and its raw text span. */
export interface CsvRecord {
  readonly fields: (string | null)[];
  readonly start: number;
  /** Offset after the record's text, before its line break. */
  readonly end: number;
  /** Offset where the next record starts. */
  readonly next: number;
}

const isWs = (c: number): boolean => c <= 32;

/**
 * Spark's CSV tokenizer (univocity's rules as Spark configures them): unquoted values are taken
 * verbatim up to the delimiter (no escape processing); quoted values honour doubled quotes, the
 * escape character before a quote and `charToEscapeQuoteEscaping`; text after a closing quote
 * follows `unescapedQuoteHandling`. Unquoted empty values read as null, quoted empty ones as
 * `emptyValue`; a trailing delimiter adds a null field. Too many columns, a too long value or an
 * unescaped quote under RAISE_ERROR throw `MALFORMED_CSV_RECORD`. Not re-entrant; build one per
 * reader.
 *
 *     a,"b,c","say \"hi\"",,"" → ["a", "b,c", "say \"hi\"", null, ""]
 */
export class CsvTokenizer {
  private text = "";
  private end = 0;
  private fields: (string | null)[] = [];
  private recordStart = 0;
  /** The line break detected in multiLine input (univocity's line separator detection). */
  private detected = "\n";
  /** Whether the record being read may end at a line break (multiLine input). */
  private multi = false;

  /** Whether a line without quote characters may be split at its delimiters (see `plainLine`). */
  private readonly plainSplit: boolean;

  constructor(readonly s: CsvTokenizerSettings) {
    this.plainSplit = s.delimiter.length > 0 && !s.ignoreLeadingWhiteSpace && !s.ignoreTrailingWhiteSpace;
  }

  /** Tokenizes one line (no line breaks inside; a record never spans lines). */
  parseLine(line: string): (string | null)[] {
    const plain = this.plainSplit ? this.plainLine(line) : undefined;
    if (plain !== undefined) return plain;
    this.text = line;
    this.end = line.length;
    this.recordStart = 0;
    return this.record(0, false).fields;
  }

  /**
   * What `record` gives a line holding no quote character when values are not trimmed: the text
   * between delimiters, empty values null, found with indexOf. Undefined when the line has a
   * quote or breaks a limit (the general path then reads it, and reports the limit).
   */
  private plainLine(line: string): (string | null)[] | undefined {
    const { delimiter: d, quote: q, maxColumns, maxCharsPerColumn } = this.s;
    if (q !== "" && line.includes(q)) return undefined;
    const fields: (string | null)[] = [];
    let i = 0;
    for (;;) {
      const j = line.indexOf(d, i);
      const end = j < 0 ? line.length : j;
      if (fields.length >= maxColumns) return undefined;
      if (maxCharsPerColumn >= 0 && end - i > maxCharsPerColumn) return undefined;
      fields.push(end === i ? null : line.slice(i, end));
      if (j < 0) return fields;
      i = j + d.length;
    }
  }

  /**
   * The next record of `text` at or after `pos` (multiLine input: quoted values may span lines;
   * blank lines and comment records are skipped), or undefined at the end.
   */
  parseNext(text: string, pos: number): CsvRecord | undefined {
    if (text !== this.text || pos === 0) this.detected = detectLineBreak(text);
    this.text = text;
    this.end = text.length;
    let i = pos;
    for (;;) {
      while (i < this.end && this.newlineAt(i) > 0) i += this.newlineAt(i);
      if (i >= this.end) return undefined;
      if (this.s.comment !== "" && text.startsWith(this.s.comment, i)) {
        while (i < this.end && this.newlineAt(i) === 0) i++;
        continue;
      }
      break;
    }
    this.recordStart = i;
    return this.record(i, true);
  }

  /**
   * Length of the line break at `i` (multiLine input only), 0 when none. With a detected `\r\n`
   * or `\r`, a lone `\n` also ends a record (univocity normalises the separator to `\n`).
   */
  private newlineAt(i: number): number {
    const t = this.text;
    const sep = this.s.lineSep;
    if (sep !== undefined) return t.startsWith(sep, i) ? sep.length : 0;
    const c = t.charCodeAt(i);
    if (c === 10) return 1;
    if (c !== 13 || this.detected === "\n") return 0;
    if (this.detected === "\r") return 1;
    return t.charCodeAt(i + 1) === 10 ? 2 : 0;
  }

  private atEol(k: number): boolean {
    return k >= this.end || (this.multi && this.newlineAt(k) > 0);
  }

  /** The end of an unquoted value starting at `i`: the next delimiter or line end. */
  private scanUnquoted(i: number): number {
    const t = this.text;
    const d = this.s.delimiter;
    if (!this.multi) {
      const k = t.indexOf(d, i);
      return k < 0 ? this.end : k;
    }
    const d0 = d.charCodeAt(0);
    let j = i;
    for (; j < this.end; j++) {
      const c = t.charCodeAt(j);
      if (c === d0 && t.startsWith(d, j)) break;
      if ((c === 10 || c === 13 || this.s.lineSep !== undefined) && this.newlineAt(j) > 0) break;
    }
    return j;
  }

  private fail(reason: string, at: number): never {
    // Spark fails the read here whatever the mode (univocity's TextParsingException).
    throw new TsparkError("MALFORMED_CSV_RECORD", {
      messageParameters: { badRecord: this.text.slice(this.recordStart, Math.min(at, this.end)) },
      cause: new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message: reason } }),
    });
  }

  private push(v: string | null, at: number): void {
    if (this.fields.length >= this.s.maxColumns)
      this.fail(
        `Number of columns processed may have exceeded limit of ${this.s.maxColumns} columns. Use settings.setMaxColumns(int) to define the maximum number of columns your input can have`,
        at,
      );
    if (v !== null && this.s.maxCharsPerColumn >= 0 && v.length > this.s.maxCharsPerColumn)
      this.fail(
        `Length of parsed input (${v.length}) exceeds the maximum number of characters defined in your parser settings (${this.s.maxCharsPerColumn}).`,
        at,
      );
    this.fields.push(v);
  }

  private record(start: number, multiLine: boolean): CsvRecord {
    const { delimiter: d, quote: q } = this.s;
    const t = this.text;
    this.fields = [];
    let i = start;
    this.multi = multiLine;
    for (;;) {
      if (this.s.ignoreLeadingWhiteSpace)
        while (!this.atEol(i) && isWs(t.charCodeAt(i)) && !t.startsWith(d, i)) i++;
      if (this.atEol(i) || t.startsWith(d, i)) this.push(null, i);
      else if (q !== "" && t[i] === q) i = this.quoted(i, multiLine);
      else {
        const j = this.scanUnquoted(i);
        let v = t.slice(i, j);
        if (this.s.ignoreTrailingWhiteSpace) v = trimEndWs(v);
        this.push(v === "" ? null : v, j);
        i = j;
      }
      if (!this.atEol(i) && t.startsWith(d, i)) {
        i += d.length;
        if (this.atEol(i)) {
          this.push(null, i);
          break;
        }
        continue;
      }
      break;
    }
    const end = i;
    if (multiLine && i < this.end) i += this.newlineAt(i);
    return { fields: this.fields, start, end, next: i };
  }

  /** Reads a quoted value starting at the quote at `i`; returns the offset after it. */
  private quoted(open: number, multiLine: boolean): number {
    const { delimiter: d, quote: q, escape: e, escapeEscape: ee } = this.s;
    const t = this.text;
    let v = "";
    let i = open + 1;
    for (;;) {
      if (i >= this.end) {
        // Unclosed quote at the end of the input: the value is what was read.
        this.push(v === "" ? this.s.emptyValue : v, i);
        return i;
      }
      const c = t[i] as string;
      if (c !== q && c !== e && c !== ee && !(multiLine && this.newlineAt(i) > 0)) {
        // A run of ordinary characters is taken at once.
        let j = i + 1;
        while (j < this.end) {
          const cj = t[j];
          if (cj === q || cj === e || cj === ee || (multiLine && this.newlineAt(j) > 0)) break;
          j++;
        }
        v += t.slice(i, j);
        i = j;
        continue;
      }
      if (multiLine && this.s.lineSep === undefined) {
        // Line breaks inside quotes are normalised to \n (normalizeLineEndingsWithinQuotes).
        const nl = this.newlineAt(i);
        if (nl > 0) {
          v += "\n";
          i += nl;
          continue;
        }
      }
      if (ee !== "" && c === ee && e !== "" && t[i + 1] === e && ee !== e) {
        // `charToEscapeQuoteEscaping` followed by the escape: the escape character itself.
        v += e;
        i += 2;
        continue;
      }
      if (e !== "" && e !== q && c === e) {
        const n = t[i + 1];
        if (n === q) {
          v += q;
          i += 2;
          continue;
        }
        if (ee === e && n === e) {
          v += e;
          i += 2;
          continue;
        }
        v += c;
        i++;
        continue;
      }
      if (c === q) {
        let close = i;
        if (e === q) {
          // The escape is the quote itself: a doubled quote is one quote (RFC 4180).
          if (t[i + 1] === q) {
            v += q;
            i += 2;
            continue;
          }
        } else {
          // Each quote directly after a quote is kept; the last of a run may close the value.
          while (t[close + 1] === q) {
            v += q;
            close++;
          }
        }
        // A closing quote: whitespace may follow before the delimiter or the line end.
        let j = close + 1;
        while (!this.atEol(j) && !t.startsWith(d, j) && isWs(t.charCodeAt(j))) j++;
        if (this.atEol(j) || t.startsWith(d, j)) {
          this.push(v === "" ? this.s.emptyValue : v, j);
          return j;
        }
        return this.unescapedQuote(open, close, v, multiLine);
      }
      v += c;
      i++;
    }
  }

  /** Text after the closing quote at `close` that is not a delimiter: Spark's quote handling. */
  private unescapedQuote(open: number, close: number, v: string, multiLine: boolean): number {
    const { delimiter: d, quote: q } = this.s;
    const t = this.text;
    switch (this.s.unescapedQuoteHandling) {
      case "RAISE_ERROR":
        return this.fail(
          `Unescaped quote character '${q}' inside quoted value of CSV field. To allow unescaped quotes, set 'parseUnescapedQuotes' to 'true' in the CSV parser settings. Cannot parse CSV input.`,
          close + 1,
        );
      case "SKIP_VALUE": {
        const j = this.scanUnquoted(close + 1);
        this.push(null, j);
        return j;
      }
      case "BACK_TO_DELIMITER": {
        // The value is re-read as unquoted text from its opening quote.
        const j = this.scanUnquoted(open);
        let raw = t.slice(open, j);
        if (this.s.ignoreTrailingWhiteSpace) raw = trimEndWs(raw);
        this.push(raw === "" ? null : raw, j);
        return j;
      }
      case "STOP_AT_DELIMITER": {
        const j = this.scanUnquoted(close + 1);
        let rest = t.slice(close + 1, j);
        if (this.s.ignoreTrailingWhiteSpace) rest = trimEndWs(rest);
        this.push(`${q}${v}${q}${rest}`, j);
        return j;
      }
      case "STOP_AT_CLOSING_QUOTE": {
        // The stray quote is kept and the value goes on to a quote followed by a delimiter.
        let value = `${v}${q}`;
        let i = close + 1;
        for (;;) {
          if (i >= this.end || (!multiLine && this.atEol(i))) break;
          const c = t[i] as string;
          if (c === q) {
            let j = i + 1;
            while (!this.atEol(j) && !t.startsWith(d, j) && isWs(t.charCodeAt(j))) j++;
            if (this.atEol(j) || t.startsWith(d, j)) {
              this.push(value, j);
              return j;
            }
          }
          value += c;
          i++;
        }
        this.push(value, i);
        return i;
      }
    }
  }
}

/** The first line break of `text` (`\r\n`, `\n` or `\r`); `\n` when there is none. */
function detectLineBreak(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return "\n";
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? "\r\n" : "\r";
  }
  return "\n";
}

function trimEndWs(s: string): string {
  let j = s.length;
  while (j > 0 && s.charCodeAt(j - 1) <= 32) j--;
  return j === s.length ? s : s.slice(0, j);
}
