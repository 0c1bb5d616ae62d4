/**
 * DDL type strings, as Spark's `DataType.fromDDL` / `StructType.fromDDL` read them:
 * `parseDataType("array<int>")`, `parseSchema("a INT, b STRING NOT NULL")`.
 *
 * Self-contained (the `types` layer may not import `sql/`): a tiny tokenizer plus a recursive
 * descent parser over Spark's type grammar. Type names are case-insensitive; field names keep their
 * case; backquoted names may contain anything (a doubled backquote is a literal one).
 */
import { TsparkError } from "../common/errors.js";
import {
  ArrayType,
  atomic,
  BINARY,
  BOOLEAN,
  BYTE,
  CALENDAR_INTERVAL,
  parseAnsiIntervalType,
  type DataType,
  DATE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  installDdlParser,
  type JsonValue,
  LONG,
  MapType,
  SHORT,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "./data-type.js";

type TokKind = "word" | "quoted" | "string" | "number" | "punct" | "eof";

interface Tok {
  readonly kind: TokKind;
  /** Text as written (for words and punctuation) or the decoded value (quoted names, strings). */
  readonly text: string;
  /** Source text of the token, used in error messages. */
  readonly raw: string;
  readonly offset: number;
}

const SIMPLE_TYPES: Readonly<Record<string, DataType>> = {
  string: STRING,
  boolean: BOOLEAN,
  bool: BOOLEAN,
  tinyint: BYTE,
  byte: BYTE,
  smallint: SHORT,
  short: SHORT,
  int: INT,
  integer: INT,
  bigint: LONG,
  long: LONG,
  float: FLOAT,
  real: FLOAT,
  double: DOUBLE,
  date: DATE,
  timestamp: TIMESTAMP,
  timestamp_ltz: TIMESTAMP,
  timestamp_ntz: TIMESTAMP_NTZ,
  binary: BINARY,
  void: atomic("null"),
  interval: CALENDAR_INTERVAL,
};

const DECIMAL_NAMES = new Set(["decimal", "dec", "numeric"]);
const MAX_DECIMAL_PRECISION = 38;

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      const w = text.slice(start, i);
      out.push({ kind: "word", text: w, raw: w, offset: start });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[0-9A-Za-z_]/.test(text[i]!)) i++;
      const w = text.slice(start, i);
      // Spark's lexer reads `1a` as an identifier; only pure digit runs are numbers.
      out.push({ kind: /^[0-9]+$/.test(w) ? "number" : "word", text: w, raw: w, offset: start });
      continue;
    }
    if (c === "`") {
      let name = "";
      i++;
      for (;;) {
        if (i >= n) throw syntaxError(text, { kind: "eof", text: "", raw: "", offset: n });
        if (text[i] === "`") {
          if (text[i + 1] === "`") {
            name += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += text[i];
        i++;
      }
      out.push({ kind: "quoted", text: name, raw: text.slice(start, i), offset: start });
      continue;
    }
    if (c === "'" || c === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= n) throw syntaxError(text, { kind: "eof", text: "", raw: "", offset: n });
        const d = text[i]!;
        if (d === "\\" && i + 1 < n) {
          const e = text[i + 1]!;
          s += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "0" ? "\0" : e;
          i += 2;
          continue;
        }
        if (d === c) {
          i++;
          break;
        }
        s += d;
        i++;
      }
      out.push({ kind: "string", text: s, raw: text.slice(start, i), offset: start });
      continue;
    }
    i++;
    out.push({ kind: "punct", text: c, raw: c, offset: start });
  }
  out.push({ kind: "eof", text: "", raw: "", offset: n });
  return out;
}

function syntaxError(sqlText: string, tok: Tok): TsparkError {
  const before = sqlText.slice(0, tok.offset);
  const line = before.split("\n").length;
  const startPosition = tok.offset - (before.lastIndexOf("\n") + 1);
  return new TsparkError("PARSE_SYNTAX_ERROR", {
    messageParameters: { error: tok.kind === "eof" ? "end of input" : `'${tok.raw}'`, hint: "" },
    context: { sqlText, line, startPosition },
  });
}

class DdlParser {
  private pos = 0;
  private readonly toks: Tok[];

  constructor(private readonly text: string) {
    this.toks = tokenize(text);
  }

  private peek(ahead = 0): Tok {
    return this.toks[Math.min(this.pos + ahead, this.toks.length - 1)]!;
  }

  private next(): Tok {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }

  private isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "punct" && t.text === p;
  }

  private isWord(w: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "word" && t.text.toLowerCase() === w;
  }

  private expectPunct(p: string): void {
    if (!this.isPunct(p)) throw syntaxError(this.text, this.peek());
    this.pos++;
  }

  fail(): TsparkError {
    return syntaxError(this.text, this.peek());
  }

  atEnd(): boolean {
    return this.peek().kind === "eof";
  }

  private integer(): number {
    const t = this.peek();
    if (t.kind !== "number") throw syntaxError(this.text, t);
    this.pos++;
    return Number(t.text);
  }

  /** dataType := complex | primitive ('(' INT (',' INT)* ')')? */
  dataType(): DataType {
    const t = this.peek();
    if (t.kind !== "word") throw syntaxError(this.text, t);
    const name = t.text.toLowerCase();
    if (name === "array" && this.isPunct("<", 1)) {
      this.pos += 2;
      const elem = this.dataType();
      this.closeAngle();
      return new ArrayType(elem, true);
    }
    if (name === "map" && this.isPunct("<", 1)) {
      this.pos += 2;
      const k = this.dataType();
      this.expectPunct(",");
      const v = this.dataType();
      this.closeAngle();
      return new MapType(k, v, true);
    }
    if (name === "struct" && this.isPunct("<", 1)) {
      this.pos += 2;
      const fields: StructField[] = [];
      if (!this.isPunct(">")) {
        fields.push(this.field(true));
        while (this.isPunct(",")) {
          this.pos++;
          fields.push(this.field(true));
        }
      }
      this.closeAngle();
      return new StructType(fields);
    }
    this.pos++;
    const params: number[] = [];
    if (this.isPunct("(")) {
      this.pos++;
      params.push(this.integer());
      while (this.isPunct(",")) {
        this.pos++;
        params.push(this.integer());
      }
      this.expectPunct(")");
    }
    if (DECIMAL_NAMES.has(name)) return decimalType(params, this.text);
    if ((name === "varchar" || name === "char" || name === "character") && params.length === 1) return STRING;
    if (name === "interval" && params.length === 0) {
      const ansi = this.ansiIntervalFields();
      if (ansi) return ansi;
    }
    const simple = params.length === 0 ? SIMPLE_TYPES[name] : undefined;
    if (simple) return simple;
    const shown = params.length > 0 ? `${name}(${params.join(",")})` : name;
    throw new TsparkError("UNSUPPORTED_DATATYPE", {
      messageParameters: { typeName: `"${shown.toUpperCase()}"` },
    });
  }

  /** After `INTERVAL`: `YEAR [TO MONTH]`, `DAY [TO SECOND]`, …; undefined (nothing read) if absent. */
  private ansiIntervalFields(): DataType | undefined {
    const unit = /^(year|month|day|hour|minute|second)$/i;
    const from = this.peek();
    if (from.kind !== "word" || !unit.test(from.text)) return undefined;
    this.pos++;
    let text = `interval ${from.text}`;
    const to = this.peek();
    if (to.kind === "word" && to.text.toLowerCase() === "to") {
      this.pos++;
      const end = this.peek();
      if (end.kind !== "word" || !unit.test(end.text)) throw syntaxError(this.text, end);
      this.pos++;
      text += ` to ${end.text}`;
    }
    const t = parseAnsiIntervalType(text);
    if (!t) throw syntaxError(this.text, this.peek(-1));
    return t;
  }

  /** `>` closing a complex type; the tokenizer never merges `>>`, so nested types just work. */
  private closeAngle(): void {
    this.expectPunct(">");
  }

  private fieldName(): string {
    const t = this.peek();
    if (t.kind === "word" || t.kind === "quoted") {
      this.pos++;
      return t.text;
    }
    throw syntaxError(this.text, t);
  }

  /**
   * One field: `name [:] type [NOT NULL] [COMMENT 'text']`. Inside `struct<…>` and in the
   * `a: int` schema form the colon is optional; in a table schema it is not written.
   */
  field(colonAllowed: boolean): StructField {
    const name = this.fieldName();
    if (colonAllowed && this.isPunct(":")) this.pos++;
    const dt = this.dataType();
    let nullable = true;
    const metadata: Record<string, JsonValue> = {};
    for (;;) {
      if (this.isWord("not") && this.isWord("null", 1)) {
        this.pos += 2;
        nullable = false;
        continue;
      }
      if (this.isWord("comment")) {
        this.pos++;
        const s = this.next();
        if (s.kind !== "string") throw syntaxError(this.text, s);
        metadata.comment = s.text;
        continue;
      }
      break;
    }
    return new StructField(name, dt, nullable, metadata);
  }

  /** Comma-separated fields up to end of input. */
  fieldList(): StructField[] {
    const fields: StructField[] = [this.field(true)];
    while (this.isPunct(",")) {
      this.pos++;
      fields.push(this.field(true));
    }
    return fields;
  }

  expectEnd(): void {
    if (!this.atEnd()) throw syntaxError(this.text, this.peek());
  }

  mark(): number {
    return this.pos;
  }

  reset(p: number): void {
    this.pos = p;
  }
}

function decimalType(params: readonly number[], text: string): DecimalType {
  if (params.length > 2) {
    throw new TsparkError("PARSE_SYNTAX_ERROR", { messageParameters: { error: `'${text}'`, hint: "" } });
  }
  const precision = params[0] ?? 10;
  const scale = params[1] ?? 0;
  if (precision > MAX_DECIMAL_PRECISION || precision < 1) {
    throw new TsparkError("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", {
      messageParameters: { precision: String(precision), maxPrecision: String(MAX_DECIMAL_PRECISION) },
    });
  }
  if (scale > precision) {
    throw new TsparkError("INVALID_PARAMETER_VALUE", {
      messageParameters: {
        parameter: "`scale`",
        functionName: "`decimal`",
        message: `Decimal scale (${scale}) cannot be greater than precision (${precision}).`,
      },
    });
  }
  return new DecimalType(precision, scale);
}

/**
 * Parses one Spark type name (`int`, `decimal(10,2)`, `array<struct<a:int,b string>>`).
 * Throws PARSE_SYNTAX_ERROR naming the offending token, or UNSUPPORTED_DATATYPE for unknown names.
 * Pure and deterministic; also installed as the hook behind `StructType.add(name, "type")`.
 */
export function parseDataType(text: string): DataType {
  const p = new DdlParser(text);
  if (p.atEnd()) throw p.fail();
  const dt = p.dataType();
  p.expectEnd();
  return dt;
}

/**
 * Parses a schema string as `StructType.fromDDL` does: `a INT, b STRING NOT NULL COMMENT 'x'`,
 * `a: int, b: string`, or a whole `struct<…>` type. Pure; installed behind `StructType.fromDDL`.
 */
export function parseSchema(text: string): StructType {
  const p = new DdlParser(text);
  if (p.atEnd()) return new StructType([]);
  const start = p.mark();
  // `struct<…>` alone is a type, not a field named "struct".
  try {
    const dt = p.dataType();
    if (dt.kind === "struct" && p.atEnd()) return dt;
  } catch {
    // Not a lone struct type: fall through to the field-list form.
  }
  p.reset(start);
  const fields = p.fieldList();
  p.expectEnd();
  return new StructType(fields);
}

installDdlParser(parseDataType, parseSchema);
