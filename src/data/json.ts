/**
 * JSON text ⇄ internal values, with Spark's JSON semantics (Jackson parser/generator as configured
 * by Spark's `JSONOptions`). Used by from_json/to_json/get_json_object/json_tuple/schema_of_json and
 * by the JSON file source.
 *
 * Parsing keeps numbers as their source text (`JsonNumber`) so that longs beyond 2^53 and decimals
 * stay exact. Converting a parsed value to a Spark type follows PERMISSIVE mode: a value that does
 * not fit its field's type makes that field null (Spark's partial results); a malformed record
 * gives a struct of nulls (struct schema) or null (array/map schema).
 *
 * Writing follows Spark's `to_json`: struct fields in schema order, null struct fields omitted
 * (`ignoreNullFields`), null array elements and map values written as `null`, doubles as Java's
 * `Double.toString`, NaN/Infinity as quoted strings, decimals exact, timestamps as
 * `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session time zone (`2015-08-26T00:00:00.000Z`), dates as
 * `yyyy-MM-dd`, binary as base64.
 *
 *     {"a":1,"b":[1.5,null],"c":{"k":"v"},"t":"2015-08-26T00:00:00.000Z"}
 */
import { TsparkError } from "../common/errors.js";
import {
  ArrayType,
  type DataType,
  DecimalType,
  DOUBLE,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
} from "../types/data-type.js";
import {
  floorDiv,
  formatDate,
  formatYear,
  getTimeZone,
  MICROS_PER_SECOND,
  microsToFields,
  localMicrosToFields,
  parseDate,
  parseTimestamp,
  parseTimestampNtz,
  type TimeZone,
} from "./datetime.js";
import { parseDecimal, toPrecision } from "./decimal.js";
import { shortDecimalToDouble } from "./short-decimal.js";
import {
  calendarIntervalToString,
  decimalToJavaString,
  javaDoubleToString,
  javaFloatToString,
} from "./render.js";
import {
  castStringToDayTime,
  castStringToYearMonth,
  formatDayTimeInterval,
  formatYearMonthInterval,
} from "./interval.js";
import { type CalendarInterval, MapValue, normLong } from "./values.js";

// ---- parsed JSON ---------------------------------------------------------------------------------

/** A JSON number kept as its source text; `integral` when it has no fraction or exponent. */
export class JsonNumber {
  constructor(
    readonly text: string,
    readonly integral: boolean,
  ) {}
  /** The nearest double. */
  toNumber(): number {
    return Number(this.text);
  }
}

/** A JSON object: keys and values in source order (duplicates kept). */
export class JsonObject {
  constructor(
    readonly keys: string[],
    readonly values: JsonNode[],
  ) {}
  /** The value of the last entry named `key`, or undefined. */
  get(key: string): JsonNode | undefined {
    for (let i = this.keys.length - 1; i >= 0; i--) if (this.keys[i] === key) return this.values[i];
    return undefined;
  }
}

/** A parsed JSON value. */
export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | JsonObject;

/** Jackson features Spark exposes as JSON options (defaults are Spark's). */
export interface JsonParseOptions {
  /** `allowSingleQuotes` (Spark default true). */
  readonly allowSingleQuotes?: boolean;
  /** `allowComments` (default false): Java/C++ style comments. */
  readonly allowComments?: boolean;
  /** `allowUnquotedFieldNames` (default false). */
  readonly allowUnquotedFieldNames?: boolean;
  /** `allowNonNumericNumbers` (default true): NaN, Infinity, +INF, -INF… */
  readonly allowNonNumericNumbers?: boolean;
  /** `allowNumericLeadingZeros` (default false). */
  readonly allowNumericLeadingZeros?: boolean;
  /** `allowUnquotedControlChars` (default false). */
  readonly allowUnquotedControlChars?: boolean;
  /** `allowBackslashEscapingAnyCharacter` (default false). */
  readonly allowBackslashEscapingAnyCharacter?: boolean;
  /**
   * Remember each object's and array's source text (`sourceTextOf`), for Spark's exact string
   * parsing of file records (`spark.sql.json.enableExactStringParsing`).
   */
  readonly keepSource?: boolean;
}

/** Source texts of parsed objects and arrays, kept when parsing with `keepSource`. */
const SOURCE_TEXT = new WeakMap<object, string>();

/** The exact source text of an object or array parsed with `keepSource`, else undefined. */
export function sourceTextOf(node: JsonObject | JsonNode[]): string | undefined {
  return SOURCE_TEXT.get(node);
}

/** Jackson's default `StreamReadConstraints`: deeper documents and longer numbers are malformed. */
const MAX_NESTING_DEPTH = 1000;
const MAX_NUMBER_LENGTH = 1000;

/** An unquoted field name as Jackson reads one: a Java identifier (letters of any script, `_`, `$`). */
const UNQUOTED_NAME = /[\p{L}\p{Nl}\p{Sc}\p{Pc}][\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}]*/uy;

/** Whether `s` holds four hex digits at `i`. */
function isHex4(s: string, i: number): boolean {
  if (i + 4 > s.length) return false;
  for (let k = i; k < i + 4; k++) {
    const c = s.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Thrown internally by the parser; callers of this module see `undefined` or a bad-record result. */
const SYNTAX = { syntaxError: true } as const;

/** Marks input that holds no JSON token at all (empty or blank). */
export const EMPTY_JSON: unique symbol = Symbol("EMPTY_JSON");

class Parser {
  /** Offset of the next character to read (the schema-directed readers below move it too). */
  pos = 0;
  private depth = 0;
  private readonly singleQuotes: boolean;
  private readonly comments: boolean;
  private readonly unquotedNames: boolean;
  private readonly nonNumeric: boolean;
  private readonly leadingZeros: boolean;
  private readonly controlChars: boolean;
  private readonly anyEscape: boolean;
  private readonly keepSource: boolean;

  constructor(
    private s: string,
    o: JsonParseOptions,
  ) {
    this.singleQuotes = o.allowSingleQuotes ?? true;
    this.comments = o.allowComments ?? false;
    this.unquotedNames = o.allowUnquotedFieldNames ?? false;
    this.nonNumeric = o.allowNonNumericNumbers ?? true;
    this.leadingZeros = o.allowNumericLeadingZeros ?? false;
    this.controlChars = o.allowUnquotedControlChars ?? false;
    this.anyEscape = o.allowBackslashEscapingAnyCharacter ?? false;
    this.keepSource = o.keepSource ?? false;
  }

  /** Starts over on another text (a parser is reused record after record). */
  reset(text: string): void {
    this.s = text;
    this.pos = 0;
    this.depth = 0;
  }

  /** The text being parsed. */
  get text(): string {
    return this.s;
  }

  atEnd(): boolean {
    this.skipWs();
    return this.pos >= this.s.length;
  }

  /** Skips whitespace (and comments, when allowed); the code of the next character (NaN at the end). */
  peek(): number {
    this.skipWs();
    return this.s.charCodeAt(this.pos);
  }

  /** After `peek`: whether a plain number (a digit, or '-' then a digit) starts here. */
  atPlainNumber(c: number): boolean {
    if (c >= 48 && c <= 57) return true;
    if (c !== 45) return false;
    const d = this.s.charCodeAt(this.pos + 1);
    return d >= 48 && d <= 57;
  }

  /**
   * Reads a plain number at `pos` (see `atPlainNumber`) with the same checks as `number`, leaving
   * `pos` after it; true when it is integral (no fraction, no exponent).
   */
  scanNumber(): boolean {
    const s = this.s;
    const start = this.pos;
    let i = start;
    let c = s.charCodeAt(i);
    if (c === 45) c = s.charCodeAt(++i);
    const intStart = i;
    while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
    const intDigits = i - intStart;
    if (intDigits === 0) throw SYNTAX;
    if (intDigits > 1 && s.charCodeAt(intStart) === 48 && !this.leadingZeros) throw SYNTAX;
    let integral = true;
    if (c === 46) {
      integral = false;
      c = s.charCodeAt(++i);
      const fracStart = i;
      while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
      if (i === fracStart) throw SYNTAX;
    }
    if (c === 101 || c === 69) {
      integral = false;
      c = s.charCodeAt(++i);
      if (c === 43 || c === 45) c = s.charCodeAt(++i);
      const expStart = i;
      while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
      if (i === expStart) throw SYNTAX;
    }
    if (i - start > MAX_NUMBER_LENGTH) throw SYNTAX;
    this.pos = i;
    return integral;
  }

  /** After `peek` saw '{': enters the object; true when it is empty (and then already left). */
  openObject(): boolean {
    if (++this.depth > MAX_NESTING_DEPTH) throw SYNTAX;
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) !== 125) return false;
    this.pos++;
    this.depth--;
    return true;
  }

  /** After '[' (seen by `peek`): enters the array; true when it is empty (and then already left). */
  openArray(): boolean {
    if (++this.depth > MAX_NESTING_DEPTH) throw SYNTAX;
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) !== 93) return false;
    this.pos++;
    this.depth--;
    return true;
  }

  /**
   * After a member or element: reads ',' (false: another one follows) or the closing `close`
   * character (true: the object or array is left); anything else is a syntax error.
   */
  nextOrClose(close: number): boolean {
    this.skipWs();
    const c = this.s.charCodeAt(this.pos++);
    if (c === close) {
      this.depth--;
      return true;
    }
    if (c !== 44) throw SYNTAX;
    return false;
  }

  /** A member's name (any form `fieldName` accepts). */
  memberName(): string {
    return this.fieldName();
  }

  /**
   * Whether the member name at `pos` (after whitespace) is written exactly `"name"`; if so it is
   * consumed. Only for names without '"', '\\' or control characters, whose source text is the
   * name itself.
   */
  matchName(name: string): boolean {
    this.skipWs();
    const s = this.s;
    const at = this.pos;
    if (s.charCodeAt(at) !== 34 || s.charCodeAt(at + 1 + name.length) !== 34 || !s.startsWith(name, at + 1))
      return false;
    this.pos = at + name.length + 2;
    return true;
  }

  /** Reads the ':' after a member name. */
  colon(): void {
    this.skipWs();
    if (this.s.charCodeAt(this.pos) !== 58) throw SYNTAX;
    this.pos++;
  }

  /** Skips one value with every check `value` makes, building nothing. */
  skipValue(): void {
    const c = this.peek();
    if (c === 34) {
      this.skipString(34);
    } else if (c === 123) {
      if (this.openObject()) return;
      do {
        this.fieldName();
        this.colon();
        this.skipValue();
      } while (!this.nextOrClose(125));
    } else if (c === 91) {
      if (this.openArray()) return;
      do this.skipValue();
      while (!this.nextOrClose(93));
    } else if (this.atPlainNumber(c)) {
      this.scanNumber();
    } else {
      this.value();
    }
  }

  /** Skips a string literal at `pos` with the checks `string` makes. */
  private skipString(quote: number): void {
    const s = this.s;
    let i = this.pos + 1;
    for (;;) {
      if (i >= s.length) throw SYNTAX;
      const c = s.charCodeAt(i);
      if (c === quote) {
        this.pos = i + 1;
        return;
      }
      if (c === 92) {
        const e = s.charCodeAt(i + 1);
        switch (e) {
          case 34:
          case 92:
          case 47:
          case 98:
          case 102:
          case 110:
          case 114:
          case 116:
            break;
          case 117:
            if (!isHex4(s, i + 2)) throw SYNTAX;
            i += 4;
            break;
          default:
            if (!(e === 39 && quote === 39) && !(this.anyEscape && !Number.isNaN(e))) throw SYNTAX;
        }
        i += 2;
        continue;
      }
      if (c < 32 && !this.controlChars) throw SYNTAX;
      i++;
    }
  }

  private skipWs(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        this.pos++;
      } else if (c === 47 && this.comments) {
        const d = s.charCodeAt(this.pos + 1);
        if (d === 47) {
          const nl = s.indexOf("\n", this.pos);
          this.pos = nl < 0 ? s.length : nl + 1;
        } else if (d === 42) {
          const end = s.indexOf("*/", this.pos + 2);
          if (end < 0) throw SYNTAX;
          this.pos = end + 2;
        } else {
          return;
        }
      } else if (c === 35 && this.comments) {
        // YAML-style comments are allowed by Jackson's ALLOW_YAML_COMMENTS only; Spark ties both
        // to allowComments.
        const nl = s.indexOf("\n", this.pos);
        this.pos = nl < 0 ? s.length : nl + 1;
      } else {
        return;
      }
    }
  }

  value(): JsonNode {
    this.skipWs();
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 34: // "
        return this.string(34);
      case 39: // '
        if (!this.singleQuotes) throw SYNTAX;
        return this.string(39);
      case 116: // t
        return this.keyword("true", true);
      case 102: // f
        return this.keyword("false", false);
      case 110: // n
        return this.keyword("null", null);
      case 78: // N
        if (!this.nonNumeric) throw SYNTAX;
        this.keyword("NaN", null);
        return new JsonNumber("NaN", false);
      case 73: // I
        if (!this.nonNumeric) throw SYNTAX;
        // Jackson takes a bare `Infinity`; `INF` only with a sign (`+INF`, `-INF`).
        this.keyword("Infinity", null);
        return new JsonNumber("Infinity", false);
      default:
        if (c === 45 || c === 43 || (c >= 48 && c <= 57) || c === 46) return this.number();
        throw SYNTAX;
    }
  }

  private keyword<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.pos)) throw SYNTAX;
    this.pos += word.length;
    const c = this.s.charCodeAt(this.pos);
    // A keyword must not run into more identifier characters (`truex`).
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) throw SYNTAX;
    return v;
  }

  private number(): JsonNode {
    const s = this.s;
    const start = this.pos;
    const c = s.charCodeAt(start);
    if (c === 45 || c === 43) {
      const neg = c === 45;
      const d = s.charCodeAt(start + 1);
      if (d === 73 || d === 78) {
        // -Infinity, +Infinity, -INF, +INF (allowNonNumericNumbers); a leading '+' needs it too.
        if (!this.nonNumeric) throw SYNTAX;
        this.pos = start + 1;
        if (s.startsWith("Infinity", start + 1)) this.keyword("Infinity", null);
        else if (s.startsWith("INF", start + 1)) this.keyword("INF", null);
        else throw SYNTAX;
        return new JsonNumber(neg ? "-Infinity" : "Infinity", false);
      }
      // A leading "+" is only valid in +INF / +Infinity (Jackson does not allow "+1" by default).
      if (!neg) throw SYNTAX;
    }
    const integral = this.scanNumber();
    return new JsonNumber(s.slice(start, this.pos), integral);
  }

  private string(quote: number): string {
    const s = this.s;
    let i = this.pos + 1;
    let out = "";
    let runStart = i;
    for (;;) {
      if (i >= s.length) throw SYNTAX;
      const c = s.charCodeAt(i);
      if (c === quote) {
        out += s.slice(runStart, i);
        this.pos = i + 1;
        return out;
      }
      if (c === 92) {
        out += s.slice(runStart, i);
        const e = s.charCodeAt(i + 1);
        switch (e) {
          case 34:
            out += '"';
            break;
          case 92:
            out += "\\";
            break;
          case 47:
            out += "/";
            break;
          case 98:
            out += "\b";
            break;
          case 102:
            out += "\f";
            break;
          case 110:
            out += "\n";
            break;
          case 114:
            out += "\r";
            break;
          case 116:
            out += "\t";
            break;
          case 117: {
            const hex = s.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw SYNTAX;
            out += String.fromCharCode(Number.parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            if (e === 39 && quote === 39) out += "'";
            else if (this.anyEscape && !Number.isNaN(e)) out += String.fromCharCode(e);
            else throw SYNTAX;
        }
        i += 2;
        runStart = i;
        continue;
      }
      if (c < 32 && !this.controlChars) throw SYNTAX;
      i++;
    }
  }

  private fieldName(): string {
    this.skipWs();
    const c = this.s.charCodeAt(this.pos);
    if (c === 34) return this.string(34);
    if (c === 39 && this.singleQuotes) return this.string(39);
    if (this.unquotedNames) {
      UNQUOTED_NAME.lastIndex = this.pos;
      const m = UNQUOTED_NAME.exec(this.s);
      if (m) {
        this.pos += m[0].length;
        return m[0];
      }
    }
    throw SYNTAX;
  }

  private object(): JsonObject {
    const start = this.pos;
    const o = this.objectBody();
    if (this.keepSource) SOURCE_TEXT.set(o, this.s.slice(start, this.pos));
    return o;
  }

  private array(): JsonNode[] {
    const start = this.pos;
    const a = this.arrayBody();
    if (this.keepSource) SOURCE_TEXT.set(a, this.s.slice(start, this.pos));
    return a;
  }

  private objectBody(): JsonObject {
    if (++this.depth > MAX_NESTING_DEPTH) throw SYNTAX;
    this.pos++;
    const keys: string[] = [];
    const values: JsonNode[] = [];
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 125) {
      this.pos++;
      this.depth--;
      return new JsonObject(keys, values);
    }
    for (;;) {
      keys.push(this.fieldName());
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 58) throw SYNTAX;
      this.pos++;
      values.push(this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 125) {
        this.depth--;
        return new JsonObject(keys, values);
      }
      if (c !== 44) throw SYNTAX;
    }
  }

  private arrayBody(): JsonNode[] {
    if (++this.depth > MAX_NESTING_DEPTH) throw SYNTAX;
    this.pos++;
    const out: JsonNode[] = [];
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 93) {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 93) {
        this.depth--;
        return out;
      }
      if (c !== 44) throw SYNTAX;
    }
  }
}

/**
 * Parses the first JSON value of `text` (as Jackson reads one root token; trailing text is not
 * read). Returns `EMPTY_JSON` for blank input and `undefined` for malformed input.
 */
export function parseJson(
  text: string,
  options: JsonParseOptions = {},
): JsonNode | undefined | typeof EMPTY_JSON {
  const p = new Parser(text, options);
  try {
    if (p.atEnd()) return EMPTY_JSON;
    return p.value();
  } catch (e) {
    if (e === SYNTAX) return undefined;
    throw e;
  }
}

// ---- writing parsed JSON (Jackson's copyCurrentStructure) -------------------------------------------

/** Appends a JSON string literal with Jackson's escaping (control characters, `"` and `\`). */
export function quoteJsonString(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92) {
      needs = true;
      break;
    }
  }
  if (!needs) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92) {
      out += s[i];
      continue;
    }
    switch (c) {
      case 34:
        out += '\\"';
        break;
      case 92:
        out += "\\\\";
        break;
      case 8:
        out += "\\b";
        break;
      case 9:
        out += "\\t";
        break;
      case 10:
        out += "\\n";
        break;
      case 12:
        out += "\\f";
        break;
      case 13:
        out += "\\r";
        break;
      default:
        out += `\\u00${c.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return `${out}"`;
}

/** A JSON number re-written as Jackson copies it: integers verbatim, others as Java doubles. */
function writeNumberNode(n: JsonNumber): string {
  if (n.integral) return n.text.replace(/^(-?)0+(?=\d)/, "$1");
  const d = n.toNumber();
  return Number.isFinite(d) ? javaDoubleToString(d) : `"${javaDoubleToString(d)}"`;
}

/** Compact JSON text of a parsed value (Spark's re-serialisation of a JSON sub-tree). */
export function writeJsonNode(node: JsonNode): string {
  if (node === null) return "null";
  if (typeof node === "string") return quoteJsonString(node);
  if (typeof node === "boolean") return node ? "true" : "false";
  if (node instanceof JsonNumber) return writeNumberNode(node);
  if (Array.isArray(node)) {
    let out = "[";
    for (let i = 0; i < node.length; i++) {
      if (i > 0) out += ",";
      out += writeJsonNode(node[i] as JsonNode);
    }
    return `${out}]`;
  }
  let out = "{";
  for (let i = 0; i < node.keys.length; i++) {
    if (i > 0) out += ",";
    out += `${quoteJsonString(node.keys[i] as string)}:${writeJsonNode(node.values[i] as JsonNode)}`;
  }
  return `${out}}`;
}

// ---- JSON → internal values --------------------------------------------------------------------------

/** Options for converting JSON to a Spark type (a subset of Spark's `JSONOptions`). */
export interface JsonReadOptions extends JsonParseOptions {
  /** PERMISSIVE (default) or FAILFAST; DROPMALFORMED is for the file source only. */
  readonly mode?: "PERMISSIVE" | "FAILFAST" | "DROPMALFORMED";
  /** Session time zone used for timestamps without an explicit zone. */
  readonly timeZone?: string;
  /** Custom timestamp parser (e.g. from a `timestampFormat` option): micros or null when invalid. */
  readonly parseTimestamp?: (text: string) => number | null;
  /** Custom date parser (e.g. from a `dateFormat` option): days or null when invalid. */
  readonly parseDate?: (text: string) => number | null;
  /** Custom TIMESTAMP_NTZ parser (e.g. from a `timestampNTZFormat` option): micros or null. */
  readonly parseTimestampNtz?: (text: string) => number | null;
  /**
   * STRING fields holding numbers, objects or arrays keep their exact source text (parse with
   * `keepSource`); otherwise they are re-serialised compactly.
   */
  readonly exactStrings?: boolean;
}

/** Thrown by converters when a value does not fit its type. */
const BAD = { badValue: true } as const;

type Converter = (node: JsonNode) => unknown;

/** The strings Spark reads as FLOAT/DOUBLE specials when `allowNonNumericNumbers` is on. */
const NON_NUMERIC_STRINGS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "+Infinity": Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "+INF": Number.POSITIVE_INFINITY,
  "-INF": Number.NEGATIVE_INFINITY,
};

function integralConverter(min: bigint, max: bigint, long: boolean): Converter {
  return (node) => {
    if (node === null) return null;
    if (!(node instanceof JsonNumber) || !node.integral) throw BAD;
    const t = node.text;
    if (t.length < 16) {
      const n = Number(t);
      if (n < Number(min) || n > Number(max)) throw BAD;
      return n === 0 ? 0 : n;
    }
    const b = BigInt(t);
    if (b < min || b > max) throw BAD;
    return long ? normLong(b) : Number(b);
  };
}

function floatingConverter(isFloat: boolean, nonNumeric: boolean): Converter {
  return (node) => {
    if (node === null) return null;
    let d: number;
    if (node instanceof JsonNumber) d = node.toNumber();
    else if (typeof node === "string") {
      const special = nonNumeric ? NON_NUMERIC_STRINGS[node] : undefined;
      if (special === undefined) throw BAD;
      d = special;
    } else throw BAD;
    return isFloat ? Math.fround(d) : d;
  };
}

function decodeBase64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "base64"));
}

function encodeBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
}

/**
 * A datetime parse whose failure of any kind (unparseable text, a value out of range) makes the
 * field a bad value, as Spark's converters turn every parser exception into a bad record.
 */
function orBad(parse: (text: string) => number | null, text: string): number | null {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof TsparkError) throw BAD;
    throw e;
  }
}

/** `orBad` for Spark's default timestamp parsing in `tz` (no closure per value). */
function timestampOrBad(text: string, tz: TimeZone): number | null {
  try {
    return parseTimestamp(text, tz);
  } catch (e) {
    if (e instanceof TsparkError) throw BAD;
    throw e;
  }
}

/** Per-reader conversion state: set when some field of the current record did not fit its type. */
interface ConvState {
  failed: boolean;
}

function makeConverter(
  type: DataType,
  opts: JsonReadOptions,
  zone: () => TimeZone,
  state: ConvState,
): Converter {
  switch (type.kind) {
    case "null":
      return () => null;
    case "boolean":
      return (node) => {
        if (node === null) return null;
        if (typeof node !== "boolean") throw BAD;
        return node;
      };
    case "byte":
      return integralConverter(-128n, 127n, false);
    case "short":
      return integralConverter(-32768n, 32767n, false);
    case "int":
      return integralConverter(-2147483648n, 2147483647n, false);
    case "long":
      return integralConverter(-9223372036854775808n, 9223372036854775807n, true);
    case "float":
      return floatingConverter(true, opts.allowNonNumericNumbers ?? true);
    case "double":
      return floatingConverter(false, opts.allowNonNumericNumbers ?? true);
    case "decimal": {
      const { precision, scale } = type;
      return (node) => {
        if (node === null) return null;
        let text: string;
        if (node instanceof JsonNumber) text = node.text;
        else if (typeof node === "string" && node.length > 0) text = node;
        else throw BAD;
        const p = parseDecimal(text);
        if (!p) throw BAD;
        const v = toPrecision(p.unscaled, p.scale, precision, scale);
        if (v === undefined) throw BAD;
        return v;
      };
    }
    case "string": {
      // Spark 4 file sources take non-string values for STRING fields exactly as written
      // (enableExactStringParsing); from_json re-serialises them.
      const exact = opts.exactStrings ?? false;
      return (node) => {
        if (node === null) return null;
        if (typeof node === "string") return node;
        if (exact) {
          if (node instanceof JsonNumber) return node.text;
          if (node instanceof JsonObject || Array.isArray(node))
            return sourceTextOf(node) ?? writeJsonNode(node);
        }
        return writeJsonNode(node);
      };
    }
    case "binary":
      return (node) => {
        if (node === null) return null;
        if (typeof node !== "string") throw BAD;
        return decodeBase64(node);
      };
    case "date": {
      const parse = opts.parseDate ?? parseDate;
      return (node) => {
        if (node === null) return null;
        if (typeof node !== "string") throw BAD;
        const d = orBad(parse, node);
        if (d === null) throw BAD;
        return d;
      };
    }
    case "timestamp": {
      const custom = opts.parseTimestamp;
      return (node) => {
        if (node === null) return null;
        if (node instanceof JsonNumber && node.integral) {
          const secs = Number(node.text);
          const micros = secs * MICROS_PER_SECOND;
          if (!Number.isSafeInteger(micros)) throw BAD;
          return micros;
        }
        if (typeof node !== "string") throw BAD;
        const t = custom ? orBad(custom, node) : timestampOrBad(node, zone());
        if (t === null) throw BAD;
        return t;
      };
    }
    case "timestamp_ntz": {
      const parseNtz = opts.parseTimestampNtz ?? ((s: string) => parseTimestampNtz(s, false));
      return (node) => {
        if (node === null) return null;
        if (typeof node !== "string") throw BAD;
        const t = orBad(parseNtz, node);
        if (t === null) throw BAD;
        return t;
      };
    }
    case "calendar_interval":
      return (node) => {
        if (node === null) return null;
        throw BAD;
      };
    case "day_time_interval": {
      const { startField: s, endField: e } = type;
      return (node) => {
        if (node === null) return null;
        const v = typeof node === "string" ? castStringToDayTime(node, s, e) : null;
        if (v === null) throw BAD;
        return v;
      };
    }
    case "year_month_interval": {
      const { startField: s, endField: e } = type;
      return (node) => {
        if (node === null) return null;
        const v = typeof node === "string" ? castStringToYearMonth(node, s, e) : null;
        if (v === null) throw BAD;
        return v;
      };
    }
    case "array": {
      const elem = makeConverter(type.elementType, opts, zone, state);
      return (node) => {
        if (node === null) return null;
        if (!Array.isArray(node)) throw BAD;
        const out = new Array<unknown>(node.length);
        for (let i = 0; i < node.length; i++) out[i] = elem(node[i] as JsonNode);
        return out;
      };
    }
    case "map": {
      const val = makeConverter(type.valueType, opts, zone, state);
      const keyConv = makeConverter(type.keyType, opts, zone, state);
      const stringKeys = type.keyType.kind === "string";
      return (node) => {
        if (node === null) return null;
        if (!(node instanceof JsonObject)) throw BAD;
        const keys: unknown[] = [];
        const values: unknown[] = [];
        const seen = new Map<unknown, number>();
        for (let i = 0; i < node.keys.length; i++) {
          const rawKey = node.keys[i] as string;
          const k = stringKeys ? rawKey : keyConv(rawKey);
          const v = val(node.values[i] as JsonNode);
          const at = seen.get(k);
          if (at === undefined) {
            seen.set(k, keys.length);
            keys.push(k);
            values.push(v);
          } else {
            values[at] = v;
          }
        }
        return new MapValue(keys, values);
      };
    }
    case "struct": {
      const n = type.fields.length;
      const index = new Map<string, number>();
      for (let i = 0; i < n; i++) index.set((type.fields[i] as StructField).name, i);
      const convs = type.fields.map((f) => makeConverter(f.dataType, opts, zone, state));
      return (node) => {
        if (node === null) return null;
        if (!(node instanceof JsonObject)) throw BAD;
        const row = new Array<unknown>(n).fill(null);
        for (let i = 0; i < node.keys.length; i++) {
          const at = index.get(node.keys[i] as string);
          if (at === undefined) continue;
          try {
            row[at] = (convs[at] as Converter)(node.values[i] as JsonNode);
          } catch (e) {
            // Partial results: only the offending field becomes null; the reader decides from
            // `state.failed` whether the record counts as malformed (mode, corrupt-record column).
            if (e !== BAD) throw e;
            row[at] = null;
            state.failed = true;
          }
        }
        return row;
      };
    }
    default: {
      const unreachable: never = type;
      throw new TsparkError("UNSUPPORTED_DATATYPE", { messageParameters: { typeName: String(unreachable) } });
    }
  }
}

// ---- JSON text → internal values without a parse tree ------------------------------------------------

/**
 * Reads one value at the parser's position and converts it to a Spark type, as parsing it with
 * `Parser.value` and converting the tree with `makeConverter` would, but building no tree for
 * the common shapes (numbers, objects, arrays). Throws BAD only after the whole value has been
 * read (so the caller can go on with the record), SYNTAX when the text is malformed.
 */
type DirectConverter = (p: Parser) => unknown;

/** Member names that `Parser.matchName` can recognise by their source text. */
function literalName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92) return false;
  }
  return true;
}

/** Members of an object whose order is learnt: a record usually lists them as the last one did. */
const PREDICTED_MEMBERS = 64;

function makeDirectConverter(
  type: DataType,
  opts: JsonReadOptions,
  zone: () => TimeZone,
  state: ConvState,
): DirectConverter {
  const tree = makeConverter(type, opts, zone, state);
  switch (type.kind) {
    case "byte":
      return directIntegral(-128n, 127n, false, tree);
    case "short":
      return directIntegral(-32768n, 32767n, false, tree);
    case "int":
      return directIntegral(-2147483648n, 2147483647n, false, tree);
    case "long":
      return directIntegral(-9223372036854775808n, 9223372036854775807n, true, tree);
    case "float":
    case "double": {
      const isFloat = type.kind === "float";
      return (p) => {
        if (!p.atPlainNumber(p.peek())) return tree(p.value());
        const start = p.pos;
        p.scanNumber();
        const d = shortDecimalToDouble(p.text, start, p.pos) ?? Number(p.text.slice(start, p.pos));
        return isFloat ? Math.fround(d) : d;
      };
    }
    case "string": {
      if (!(opts.exactStrings ?? false)) return (p) => tree(p.value());
      // A number in a STRING field is kept as written (exact string parsing).
      return (p) => {
        if (!p.atPlainNumber(p.peek())) return tree(p.value());
        const start = p.pos;
        p.scanNumber();
        return p.text.slice(start, p.pos);
      };
    }
    case "struct":
      return directStruct(type, opts, zone, state, tree);
    case "array": {
      const elem = makeDirectConverter(type.elementType, opts, zone, state);
      return (p) => {
        if (p.peek() !== 91) return tree(p.value());
        const out: unknown[] = [];
        if (p.openArray()) return out;
        let bad = false;
        do {
          // After an element that does not fit, the rest is only checked (the array is BAD).
          if (bad) p.skipValue();
          else {
            try {
              out.push(elem(p));
            } catch (e) {
              if (e !== BAD) throw e;
              bad = true;
            }
          }
        } while (!p.nextOrClose(93));
        if (bad) throw BAD;
        return out;
      };
    }
    default:
      return (p) => tree(p.value());
  }
}

/** `integralConverter` reading the number's digits in place. */
function directIntegral(min: bigint, max: bigint, long: boolean, tree: Converter): DirectConverter {
  const numMin = Number(min);
  const numMax = Number(max);
  return (p) => {
    if (!p.atPlainNumber(p.peek())) return tree(p.value());
    const start = p.pos;
    if (!p.scanNumber()) throw BAD;
    const s = p.text;
    const end = p.pos;
    if (end - start >= 16) {
      // Beyond 15 characters the value may not be a safe integer (or has leading zeros, when
      // allowed): exact bigint checks.
      const b = BigInt(s.slice(start, end));
      if (b < min || b > max) throw BAD;
      return long ? normLong(b) : Number(b);
    }
    const neg = s.charCodeAt(start) === 45;
    let n = 0;
    for (let i = neg ? start + 1 : start; i < end; i++) n = n * 10 + (s.charCodeAt(i) - 48);
    if (neg) n = n === 0 ? 0 : -n;
    if (n < numMin || n > numMax) throw BAD;
    return n;
  };
}

/**
 * An object read member by member into a row of `type`'s fields, as `makeConverter`'s struct
 * converter does with a parsed object (unknown members skipped, a member that does not fit
 * leaves its field null and marks the record failed, duplicates: the last one wins). Member names
 * are first compared in place with the name the same position had in the previous record.
 */
function directStruct(
  type: StructType,
  opts: JsonReadOptions,
  zone: () => TimeZone,
  state: ConvState,
  tree: Converter,
): DirectConverter {
  const n = type.fields.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set((type.fields[i] as StructField).name, i);
  const convs = type.fields.map((f) => makeDirectConverter(f.dataType, opts, zone, state));
  // Member k of the previous record: its name (if matchable in place) and field (-1: unknown).
  const slotName: (string | undefined)[] = [];
  const slotField: number[] = [];
  return (p) => {
    if (p.peek() !== 123) return tree(p.value());
    const row = new Array<unknown>(n).fill(null);
    if (p.openObject()) return row;
    let k = 0;
    do {
      let at: number;
      const predicted = k < PREDICTED_MEMBERS ? slotName[k] : undefined;
      if (predicted !== undefined && p.matchName(predicted)) {
        at = slotField[k] as number;
      } else {
        const name = p.memberName();
        at = index.get(name) ?? -1;
        if (k < PREDICTED_MEMBERS) {
          slotName[k] = literalName(name) ? name : undefined;
          slotField[k] = at;
        }
      }
      k++;
      p.colon();
      if (at < 0) {
        p.skipValue();
        continue;
      }
      try {
        row[at] = (convs[at] as DirectConverter)(p);
      } catch (e) {
        if (e !== BAD) throw e;
        row[at] = null;
        state.failed = true;
      }
    } while (!p.nextOrClose(125));
    return row;
  };
}

/** `MALFORMED_RECORD_IN_PARSING` for FAILFAST mode. */
function malformed(text: string): TsparkError {
  return new TsparkError("MALFORMED_RECORD_IN_PARSING", {
    messageParameters: { badRecord: text, failFastMode: "FAILFAST" },
  });
}

/** Options of the record readers (`from_json` and the JSON file source). */
export interface JsonRecordOptions extends JsonReadOptions {
  /** `columnNameOfCorruptRecord` (default `_corrupt_record`): a STRING field receiving bad records' text. */
  readonly columnNameOfCorruptRecord?: string;
  /** The file source reads a root JSON array of objects as several rows; from_json does not. */
  readonly allowArrayAsStructs?: boolean;
}

function zoneGetter(options: JsonReadOptions): () => TimeZone {
  let tz: TimeZone | undefined;
  return () => {
    tz ??= getTimeZone(options.timeZone ?? "UTC");
    return tz;
  };
}

/**
 * One record's outcome: its rows (none for blank input), or malformed with Spark's partial
 * results — the rows converted so far with the fields that did not fit left null (every element's
 * row for a root array), none when the record could not be converted at all.
 */
export type JsonRecordResult =
  | { readonly ok: true; readonly rows: unknown[][] }
  | { readonly ok: false; readonly partials: unknown[][] };

const NO_ROWS: JsonRecordResult = { ok: true, rows: [] };
const BAD_RECORD: JsonRecordResult = { ok: false, partials: [] };

/**
 * Builds a parser from one JSON record (a line, or a whole file in multiLine mode) to rows of
 * `schema` (which holds no corrupt-record column), as Spark's `JacksonParser.parse`: blank input
 * gives no row; a root object one row; a root array of objects one row each when
 * `allowArrayAsStructs`. Anything else — bad syntax, another root, a NULL array element, a field
 * that does not fit its type — is malformed, with the partial rows (fields that did fit) when the
 * roots were objects. Modes are the caller's business. Build once per schema; not re-entrant.
 */
export function makeJsonRecordParser(
  schema: StructType,
  options: JsonRecordOptions = {},
): (text: string) => JsonRecordResult {
  const state: ConvState = { failed: false };
  const zone = zoneGetter(options);
  const conv = makeConverter(schema, options, zone, state);
  // The common record, one object, is read straight into its row (no parse tree).
  const direct = makeDirectConverter(schema, options, zone, state);
  const p = new Parser("", options);
  const arrays = options.allowArrayAsStructs ?? false;
  return (text) => {
    p.reset(text);
    try {
      if (p.atEnd()) return NO_ROWS;
      if (p.peek() === 123) {
        state.failed = false;
        const row = direct(p) as unknown[];
        return state.failed ? { ok: false, partials: [row] } : { ok: true, rows: [row] };
      }
    } catch (e) {
      if (e === SYNTAX) return BAD_RECORD;
      throw e;
    }
    const node = parseJson(text, options);
    if (node === EMPTY_JSON) return NO_ROWS;
    if (node === undefined) return BAD_RECORD;
    const roots = arrays && Array.isArray(node) ? node : undefined;
    if (roots === undefined) return BAD_RECORD;
    const rows: unknown[][] = [];
    let failed = false;
    for (const r of roots) {
      if (!(r instanceof JsonObject)) return BAD_RECORD;
      state.failed = false;
      rows.push(conv(r) as unknown[]);
      failed ||= state.failed;
    }
    return failed ? { ok: false, partials: rows } : { ok: true, rows };
  };
}

/**
 * Builds a reader from one JSON record (a line, or a whole file in multiLine mode) to rows of
 * `schema`, as Spark's JSON file source and `from_json` read them: blank input gives no row; a
 * root array of objects gives one row each when `allowArrayAsStructs`. A malformed record — bad
 * syntax, a root that is not an object, or a field that does not fit its type — follows `mode`:
 * PERMISSIVE gives one row (fields that did fit are kept, the others are null, and the record text
 * goes to the corrupt-record column when the schema has that STRING field), DROPMALFORMED gives
 * no row, FAILFAST throws `MALFORMED_RECORD_IN_PARSING`. Build once per schema; not re-entrant.
 */
export function makeJsonRowsReader(
  schema: StructType,
  options: JsonRecordOptions = {},
): (text: string) => unknown[][] {
  const corruptName = options.columnNameOfCorruptRecord ?? "_corrupt_record";
  const corruptIdx = schema.fields.findIndex((f) => f.name === corruptName && f.dataType.kind === "string");
  const dataSchema =
    corruptIdx < 0 ? schema : new StructType(schema.fields.filter((_, i) => i !== corruptIdx));
  const parse = makeJsonRecordParser(dataSchema, options);
  const width = schema.fields.length;
  const mode = options.mode ?? "PERMISSIVE";
  const full = (row: readonly unknown[] | null, text: string | null): unknown[] => {
    if (corruptIdx < 0) return row ? (row as unknown[]) : new Array<unknown>(width).fill(null);
    const out = new Array<unknown>(width);
    let j = 0;
    for (let i = 0; i < width; i++) out[i] = i === corruptIdx ? text : row ? row[j++] : null;
    return out;
  };
  return (text) => {
    const r = parse(text);
    if (r.ok) return corruptIdx < 0 ? r.rows : r.rows.map((row) => full(row, null));
    if (mode === "FAILFAST") throw malformed(text);
    if (mode === "DROPMALFORMED") return [];
    return [full(r.partials[0] ?? null, text)];
  };
}

/**
 * Builds a parser from JSON text to internal values of `type` (from_json). Build once per schema
 * and options; the returned function is pure. Blank input gives null; a malformed record gives a
 * struct of nulls (keeping the fields that did fit, and the text in the corrupt-record column if
 * the schema has one) for struct types and null otherwise; FAILFAST throws
 * `MALFORMED_RECORD_IN_PARSING`. A root object read with an array-of-struct schema gives a
 * one-element array, as Spark does.
 */
export function makeJsonReader(type: DataType, options: JsonRecordOptions = {}): (text: string) => unknown {
  if (type.kind === "struct") {
    const rows = makeJsonRowsReader(type, { ...options, allowArrayAsStructs: false });
    return (text) => rows(text)[0] ?? null;
  }
  const state: ConvState = { failed: false };
  const zone = zoneGetter(options);
  const conv = makeConverter(type, options, zone, state);
  const failFast = options.mode === "FAILFAST";
  const objectAsArray =
    type.kind === "array" && type.elementType.kind === "struct"
      ? makeConverter(type.elementType, options, zone, state)
      : undefined;
  const badRecord = (text: string): unknown => {
    if (failFast) throw malformed(text);
    return null;
  };
  return (text) => {
    const node = parseJson(text, options);
    if (node === EMPTY_JSON) return null;
    if (node === undefined) return badRecord(text);
    state.failed = false;
    try {
      const v = objectAsArray && node instanceof JsonObject ? [objectAsArray(node)] : conv(node);
      if (state.failed && failFast) throw malformed(text);
      return v;
    } catch (e) {
      if (e === BAD) return badRecord(text);
      throw e;
    }
  };
}

// ---- internal values → JSON ---------------------------------------------------------------------------

/** Options for writing JSON (a subset of Spark's `JSONOptions`). */
export interface JsonWriteOptions {
  /** `ignoreNullFields` (default true, `spark.sql.jsonGenerator.ignoreNullFields`). */
  readonly ignoreNullFields?: boolean;
  /** Session time zone for timestamps (default UTC). */
  readonly timeZone?: string;
  /** Custom formatter for timestamps (e.g. from a `timestampFormat` option); default ISO with millis. */
  readonly formatTimestamp?: (micros: number) => string;
  /** Custom formatter for dates (e.g. from a `dateFormat` option); default `yyyy-MM-dd`. */
  readonly formatDate?: (days: number) => string;
  /** Custom formatter for TIMESTAMP_NTZ (e.g. from a `timestampNTZFormat` option). */
  readonly formatTimestampNtz?: (micros: number) => string;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** `XXX`: `Z` for a zero offset, else `+HH:MM` (with `:SS` when seconds are non-zero). */
function formatOffset(seconds: number): string {
  if (seconds === 0) return "Z";
  const sign = seconds < 0 ? "-" : "+";
  const abs = Math.abs(seconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  return `${sign}${pad2(h)}:${pad2(m)}${s ? `:${pad2(s)}` : ""}`;
}

/** Spark's default JSON timestamp format `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in zone `tz`. */
export function formatJsonTimestamp(micros: number, tz: TimeZone): string {
  const f = microsToFields(micros, tz);
  const offset = tz.fixedOffsetSeconds ?? tz.offsetAtUtc(floorDiv(micros, MICROS_PER_SECOND));
  return (
    `${formatYear(f.year)}-${pad2(f.month)}-${pad2(f.day)}T${pad2(f.hour)}:${pad2(f.minute)}:` +
    `${pad2(f.second)}.${pad3(Math.floor(f.micros / 1000))}${formatOffset(offset)}`
  );
}

/** Spark's default JSON TIMESTAMP_NTZ format `yyyy-MM-dd'T'HH:mm:ss[.SSS]`. */
export function formatJsonTimestampNtz(micros: number): string {
  const f = localMicrosToFields(micros);
  return (
    `${formatYear(f.year)}-${pad2(f.month)}-${pad2(f.day)}T${pad2(f.hour)}:${pad2(f.minute)}:` +
    `${pad2(f.second)}.${pad3(Math.floor(f.micros / 1000))}`
  );
}

type Writer = (v: unknown) => string;

function writeDouble(d: number): string {
  return Number.isFinite(d) ? javaDoubleToString(d) : `"${javaDoubleToString(d)}"`;
}

function writeFloat(d: number): string {
  return Number.isFinite(d) ? javaFloatToString(d) : `"${javaDoubleToString(d)}"`;
}

/** Map keys are written as their string form (Spark uses the key's `toString`). */
function keyText(type: DataType, opts: JsonWriteOptions, zone: () => TimeZone): (v: unknown) => string {
  switch (type.kind) {
    case "string":
      return (v) => v as string;
    case "array":
    case "struct":
    case "map": {
      const w = makeWriter(type, { ...opts, ignoreNullFields: false }, zone);
      return (v) => {
        // Spark prints complex keys via their internal toString; the closest stable form is the
        // JSON array of the values (`{"[1,2]":…}` for a struct key).
        const text = w(v);
        return type.kind === "struct" ? `[${text.replace(/^\{|\}$/g, "").replace(/"[^"]*":/g, "")}]` : text;
      };
    }
    case "date":
    case "timestamp":
    case "timestamp_ntz":
      // Spark writes the key's internal value (days or microseconds) here, not a formatted date.
      return (v) => String(v);
    default: {
      const w = makeWriter(type, opts, zone);
      return (v) => {
        const t = w(v);
        return t.startsWith('"') ? (JSON.parse(t) as string) : t;
      };
    }
  }
}

function makeWriter(type: DataType, opts: JsonWriteOptions, zone: () => TimeZone): Writer {
  switch (type.kind) {
    case "null":
      return () => "null";
    case "boolean":
      return (v) => (v ? "true" : "false");
    case "byte":
    case "short":
    case "int":
    case "long":
      return (v) => String(v);
    case "float":
      return (v) => writeFloat(v as number);
    case "double":
      return (v) => writeDouble(v as number);
    case "decimal": {
      const scale = type.scale;
      return (v) => decimalToJavaString(v as bigint, scale);
    }
    case "string":
      return (v) => quoteJsonString(v as string);
    case "binary":
      return (v) => `"${encodeBase64(v as Uint8Array)}"`;
    case "date": {
      const fmt = opts.formatDate ?? formatDate;
      return (v) => quoteJsonString(fmt(v as number));
    }
    case "timestamp": {
      const fmt = opts.formatTimestamp;
      if (fmt) return (v) => quoteJsonString(fmt(v as number));
      return (v) => `"${formatJsonTimestamp(v as number, zone())}"`;
    }
    case "timestamp_ntz": {
      const fmt = opts.formatTimestampNtz;
      if (fmt) return (v) => quoteJsonString(fmt(v as number));
      return (v) => `"${formatJsonTimestampNtz(v as number)}"`;
    }
    case "calendar_interval":
      return (v) => quoteJsonString(calendarIntervalToString(v as CalendarInterval));
    case "day_time_interval": {
      const { startField: s, endField: e } = type;
      return (v) => quoteJsonString(formatDayTimeInterval(v as number | bigint, s, e));
    }
    case "year_month_interval": {
      const { startField: s, endField: e } = type;
      return (v) => quoteJsonString(formatYearMonthInterval(v as number, s, e));
    }
    case "array": {
      const elem = makeWriter(type.elementType, opts, zone);
      return (v) => {
        const a = v as readonly unknown[];
        let out = "[";
        for (let i = 0; i < a.length; i++) {
          if (i > 0) out += ",";
          const x = a[i];
          out += x === null ? "null" : elem(x);
        }
        return `${out}]`;
      };
    }
    case "map": {
      const key = keyText(type.keyType, opts, zone);
      const val = makeWriter(type.valueType, opts, zone);
      return (v) => {
        const m = v as MapValue;
        let out = "{";
        for (let i = 0; i < m.keys.length; i++) {
          if (i > 0) out += ",";
          const x = m.values[i];
          out += `${quoteJsonString(key(m.keys[i]))}:${x === null ? "null" : val(x)}`;
        }
        return `${out}}`;
      };
    }
    case "struct": {
      const names = type.fields.map((f) => quoteJsonString(f.name));
      const writers = type.fields.map((f) => makeWriter(f.dataType, opts, zone));
      const ignoreNulls = opts.ignoreNullFields ?? true;
      const n = names.length;
      return (v) => {
        const row = v as readonly unknown[];
        let out = "{";
        let first = true;
        for (let i = 0; i < n; i++) {
          const x = row[i] ?? null;
          if (x === null && ignoreNulls) continue;
          if (!first) out += ",";
          first = false;
          out += `${names[i]}:${x === null ? "null" : (writers[i] as Writer)(x)}`;
        }
        return `${out}}`;
      };
    }
    default: {
      const unreachable: never = type;
      throw new TsparkError("UNSUPPORTED_DATATYPE", { messageParameters: { typeName: String(unreachable) } });
    }
  }
}

/**
 * Builds a writer from internal values of `type` (non-null) to compact JSON text, as `to_json` and
 * the JSON sink write them. Build once per type and options.
 */
export function makeJsonWriter(type: DataType, options: JsonWriteOptions = {}): (value: unknown) => string {
  let tz: TimeZone | undefined;
  const zone = (): TimeZone => {
    tz ??= getTimeZone(options.timeZone ?? "UTC");
    return tz;
  };
  return makeWriter(type, options, zone);
}

// ---- schema inference --------------------------------------------------------------------------------

/** Spark's `JsonInferSchema.compatibleType`: the merge of two inferred types (STRING as a last resort). */
export function mergeJsonTypes(a: DataType, b: DataType): DataType {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === b.kind && a.kind !== "decimal" && a.kind !== "array" && a.kind !== "struct") return a;
  const numeric = (t: DataType) => t.kind === "long" || t.kind === "double" || t.kind === "decimal";
  if (numeric(a) && numeric(b)) {
    if (a.kind === "double" || b.kind === "double") return DOUBLE;
    const da = a.kind === "decimal" ? a : new DecimalType(20, 0);
    const db = b.kind === "decimal" ? b : new DecimalType(20, 0);
    const scale = Math.max(da.scale, db.scale);
    const range = Math.max(da.precision - da.scale, db.precision - db.scale);
    return range + scale > 38 ? DOUBLE : new DecimalType(range + scale, scale);
  }
  if (
    (a.kind === "timestamp" && b.kind === "timestamp_ntz") ||
    (a.kind === "timestamp_ntz" && b.kind === "timestamp")
  )
    return TIMESTAMP;
  if (a.kind === "array" && b.kind === "array") {
    return new ArrayType(mergeJsonTypes(a.elementType, b.elementType), a.containsNull || b.containsNull);
  }
  if (a.kind === "struct" && b.kind === "struct") {
    const byName = new Map<string, DataType>();
    for (const f of a.fields) byName.set(f.name, f.dataType);
    for (const f of b.fields) {
      const prev = byName.get(f.name);
      byName.set(f.name, prev ? mergeJsonTypes(prev, f.dataType) : f.dataType);
    }
    const names = [...byName.keys()].sort();
    return new StructType(names.map((n) => new StructField(n, byName.get(n) as DataType, true)));
  }
  return STRING;
}

/** Replaces NULL types left by inference with STRING (Spark's `canonicalizeType`). */
export function canonicalizeJsonType(t: DataType): DataType {
  switch (t.kind) {
    case "null":
      return STRING;
    case "array":
      return new ArrayType(canonicalizeJsonType(t.elementType), t.containsNull);
    case "struct":
      return new StructType(
        t.fields.map((f) => new StructField(f.name, canonicalizeJsonType(f.dataType), true)),
      );
    default:
      return t;
  }
}
