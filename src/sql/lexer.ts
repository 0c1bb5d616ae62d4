/**
 * The SQL lexer: turns Spark SQL text into tokens with positions. Keywords are not a separate
 * token kind: every bare word is an `ident` and the parser compares it case-insensitively, which
 * is how Spark's non-ANSI mode lets most keywords double as names.
 *
 * Covers Spark's lexical grammar: backquoted identifiers (a doubled backquote is a literal one),
 * single- and double-quoted strings with Spark's escapes, raw strings `r'…'`, numbers with type
 * suffixes (`L S Y D F BD`) and exponents, hex binary literals `X'…'`, `--` line comments and
 * nested `/* … *\/` block comments, and all operators.
 */
import { TsparkError } from "../common/errors.js";

/** Token kinds produced by the lexer. */
export type TokenKind = "ident" | "quoted_ident" | "string" | "number" | "binary" | "op" | "eof";

/** One token; `text` is the decoded value (identifier name, string contents, operator). */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Exact source text of the token (used in error messages). */
  readonly raw: string;
  /** 0-based character offset in the SQL text. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 0-based column within the line (Spark's `pos`). */
  readonly column: number;
}

// Longest first so that `<=>` wins over `<=` and `<`.
const OPERATORS = [
  "<=>",
  ">>>",
  "==",
  "!=",
  "<>",
  "<=",
  ">=",
  "<<",
  ">>",
  "||",
  "::",
  "->",
  "=>",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "~",
  "!",
  ".",
  ",",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ";",
  ":",
  "?",
];

const NUMBER_RE =
  /(?:(\d+)([LSYlsy])|((?:\d+\.\d*|\.\d+|\d+)(?:[Ee][+-]?\d+)?)(BD|bd|Bd|bD|[DdFf])?)(?![A-Za-z0-9_])/y;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Position info for an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}

/** A PARSE_SYNTAX_ERROR pointing at `offset` of `sqlText`. */
export function syntaxErrorAt(sqlText: string, offset: number, error: string, hint = ""): TsparkError {
  const { line, column } = positionOf(sqlText, offset);
  return new TsparkError("PARSE_SYNTAX_ERROR", {
    messageParameters: { error, hint },
    context: { sqlText, line, startPosition: column, parse: true },
  });
}

/**
 * Decodes the body of a quoted string with Spark's escapes: `\uXXXX`, three-digit octal `\NNN`,
 * `\0 \b \n \r \t \Z`, and `\%`/`\_` kept with their backslash (they are LIKE escapes); any other
 * escaped character stands for itself.
 */
export function unescapeSqlString(body: string): string {
  if (!body.includes("\\")) return body;
  let out = "";
  const n = body.length;
  let i = 0;
  while (i < n) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= n) {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1]!;
    if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 2, i + 6), 16));
      i += 6;
      continue;
    }
    const oct = body.slice(i + 1, i + 4);
    if (/^[0-3][0-7]{2}$/.test(oct)) {
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += 4;
      continue;
    }
    switch (e) {
      case "0":
        out += "\u0000";
        break;
      case "b":
        out += "\b";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "Z":
        out += "\u001A";
        break;
      case "%":
        out += "\\%";
        break;
      case "_":
        out += "\\_";
        break;
      default:
        out += e;
    }
    i += 2;
  }
  return out;
}

/**
 * Tokenizes SQL text. Always ends with an `eof` token. Throws PARSE_SYNTAX_ERROR for an
 * unterminated string, identifier or comment, or a character that starts no token.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (
    kind: TokenKind,
    text: string,
    start: number,
    end: number,
    startLine: number,
    startCol: number,
  ) => {
    tokens.push({ kind, text, raw: sql.slice(start, end), offset: start, line: startLine, column: startCol });
  };
  // Advances over [from, to) keeping line bookkeeping right for multi-line tokens and comments.
  const advanceTo = (to: number) => {
    for (let k = i; k < to; k++) {
      if (sql.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    i = to;
  };

  while (i < n) {
    const c = sql[i]!;
    const code = sql.charCodeAt(i);
    if (c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\f" || code === 0xa0) {
      advanceTo(i + 1);
      continue;
    }
    const start = i;
    const startLine = line;
    const startCol = i - lineStart;
    // Comments.
    if (c === "-" && sql[i + 1] === "-") {
      let j = i + 2;
      while (j < n && sql[j] !== "\n") j++;
      advanceTo(j);
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === "/" && sql[j + 1] === "*") {
          depth++;
          j += 2;
        } else if (sql[j] === "*" && sql[j + 1] === "/") {
          depth--;
          j += 2;
        } else j++;
      }
      if (depth > 0) {
        throw new TsparkError("UNCLOSED_BRACKETED_COMMENT", {
          context: { sqlText: sql, line: startLine, startPosition: startCol, parse: true },
        });
      }
      advanceTo(j);
      continue;
    }
    // Hex binary literal X'…' and raw strings r'…'.
    if ((c === "X" || c === "x") && sql[i + 1] === "'") {
      const close = sql.indexOf("'", i + 2);
      if (close < 0) throw syntaxErrorAt(sql, start, `'${sql.slice(start, start + 2)}'`);
      push("binary", sql.slice(i + 2, close), start, close + 1, startLine, startCol);
      advanceTo(close + 1);
      continue;
    }
    if ((c === "R" || c === "r") && (sql[i + 1] === "'" || sql[i + 1] === '"')) {
      const q = sql[i + 1]!;
      const close = sql.indexOf(q, i + 2);
      if (close < 0) throw syntaxErrorAt(sql, start, `'${c}${q}'`);
      push("string", sql.slice(i + 2, close), start, close + 1, startLine, startCol);
      advanceTo(close + 1);
      continue;
    }
    // Numbers (a digit, or a dot followed by a digit).
    if ((code >= 48 && code <= 57) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(sql);
      if (m) {
        push("number", m[0], start, i + m[0].length, startLine, startCol);
        advanceTo(i + m[0].length);
        continue;
      }
      if (c !== ".") {
        // Spark lexes `1a`, `2x_y` as identifiers.
        let j = i;
        while (j < n && WORD_CHAR.test(sql[j]!)) j++;
        push("ident", sql.slice(i, j), start, j, startLine, startCol);
        advanceTo(j);
        continue;
      }
    }
    if (WORD_CHAR.test(c) || c === "$") {
      let j = i;
      while (j < n && (WORD_CHAR.test(sql[j]!) || sql[j] === "$")) j++;
      push("ident", sql.slice(i, j), start, j, startLine, startCol);
      advanceTo(j);
      continue;
    }
    if (c === "`") {
      let name = "";
      let j = i + 1;
      for (;;) {
        if (j >= n) throw syntaxErrorAt(sql, start, `'${sql.slice(start)}'`);
        if (sql[j] === "`") {
          if (sql[j + 1] === "`") {
            name += "`";
            j += 2;
            continue;
          }
          j++;
          break;
        }
        name += sql[j];
        j++;
      }
      push("quoted_ident", name, start, j, startLine, startCol);
      advanceTo(j);
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw syntaxErrorAt(sql, start, `'${c}'`);
        const d = sql[j]!;
        if (d === "\\") {
          j += 2;
          continue;
        }
        if (d === c) break;
        j++;
      }
      push("string", unescapeSqlString(sql.slice(i + 1, j)), start, j + 1, startLine, startCol);
      advanceTo(j + 1);
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (op !== undefined) {
      push("op", op, start, i + op.length, startLine, startCol);
      advanceTo(i + op.length);
      continue;
    }
    throw syntaxErrorAt(sql, start, `'${c}'`);
  }
  tokens.push({ kind: "eof", text: "", raw: "", offset: n, line, column: n - lineStart });
  return tokens;
}
