/**
 * The Spark SQL parser: recursive descent over the lexer's tokens, producing unresolved expressions
 * (`parseExpression`) and unresolved logical plans wrapped in statements (`parseStatement`).
 *
 * Expression precedence, lowest first (Spark's grammar):
 *   OR < AND < NOT < predicates (BETWEEN, IN, LIKE, RLIKE, IS …; one per operand)
 *   < comparison (= == <=> <> != < <= > >=) < | < ^ < & < shifts (<< >> >>>)
 *   < + - || < * / % DIV < unary - + ~ < postfix (.field, [index], ::type) < primary.
 *
 * Operators become `unresolved_function` nodes named as Spark's expressions print (`+`, `=`,
 * `not`, `between`, `in`, `like`, `concat` for `||`, `negative` for unary minus); a minus directly
 * before a number folds into a negative literal as Spark's grammar does. CTEs are inlined at each
 * reference by re-parsing their text, so every reference gets fresh expression ids.
 */
import { defaultTimeZone } from "../common/config.js";
import { type ErrorContext, TsparkError } from "../common/errors.js";
import type {
  Expression,
  FrameBoundary,
  Literal,
  SortOrder,
  UnresolvedFunction,
  WindowExpression,
  WindowFrame,
  WindowSpec,
} from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { FALSE_LITERAL, literal, literalFromJs, NULL_LITERAL, TRUE_LITERAL } from "../expressions/literal.js";
import { transformDown } from "../expressions/tree.js";
import type { JoinType, LogicalPlan } from "../plans/logical-plan.js";
import { BOOLEAN, CALENDAR_INTERVAL, type DataType, INT, LONG, STRING } from "../types/data-type.js";
import { parseDataType } from "../types/ddl.js";
import { positionOf, syntaxErrorAt, type Token, tokenize } from "./lexer.js";
import {
  addIntervalUnit,
  ansiIntervalLiteral,
  binaryLiteral,
  intervalStringUnits,
  numberLiteral,
  parseIntervalString,
  typedLiteral,
  unitToUnitIntervalLiteral,
} from "./literals.js";
import type { Statement } from "./statement.js";

/** Options that affect how literals are read. */
export interface ParserOptions {
  /** Session time zone for `TIMESTAMP '…'` literals without an offset (default UTC). */
  readonly timeZone?: string;
  /**
   * Values for parameter markers (`spark.sql(query, args)`): an object for `:name` markers or an
   * array for `?` markers. A value is a JS value (typed as `lit()` types it) or a Column.
   */
  readonly args?: Readonly<Record<string, unknown>> | readonly unknown[];
  /** `spark.sql.legacy.interval.enabled`: interval literals are CalendarIntervals (default false). */
  readonly legacyInterval?: boolean;
}

/** A Column (or anything holding an expression in `expr`) passed as a parameter value. */
function expressionOf(v: unknown): Expression | undefined {
  if (typeof v !== "object" || v === null || !("expr" in v)) return undefined;
  const e = (v as { expr: unknown }).expr;
  if (typeof e === "object" && e !== null && typeof (e as { kind?: unknown }).kind === "string") {
    return e as Expression;
  }
  return undefined;
}

/** Words that end an expression: never taken as an implicit alias or a bare column name. */
const CLAUSE_WORDS = new Set([
  "ALL",
  "AND",
  "ANTI",
  "AS",
  "ASC",
  "BETWEEN",
  "BY",
  "CLUSTER",
  "CROSS",
  "DESC",
  "DISTRIBUTE",
  "DIV",
  "ELSE",
  "END",
  "ESCAPE",
  "EXCEPT",
  "FILTER",
  "FOLLOWING",
  "FOR",
  "FROM",
  "FULL",
  "GROUP",
  "HAVING",
  "ILIKE",
  "IN",
  "INNER",
  "INTERSECT",
  "IS",
  "JOIN",
  "LATERAL",
  "LEFT",
  "LIKE",
  "LIMIT",
  "MINUS",
  "NATURAL",
  "NOT",
  "NULLS",
  "OFFSET",
  "ON",
  "OR",
  "ORDER",
  "OUTER",
  "OVER",
  "PRECEDING",
  "QUALIFY",
  "REGEXP",
  "RIGHT",
  "RLIKE",
  "SELECT",
  "SEMI",
  "SORT",
  "THEN",
  "UNION",
  "USING",
  "WHEN",
  "WHERE",
  "WINDOW",
  "WITH",
]);

/**
 * Words that can never be a bare column name: they end or join expressions. Other clause words
 * (`offset`, `limit`, `filter`, `window`, …) still work as column names, as in Spark's default mode.
 */
const RESERVED_IN_EXPRESSION = new Set([
  "AND",
  "ANTI",
  "AS",
  "BETWEEN",
  "BY",
  "CROSS",
  "ELSE",
  "END",
  "EXCEPT",
  "FROM",
  "FULL",
  "GROUP",
  "HAVING",
  "ILIKE",
  "IN",
  "INNER",
  "INTERSECT",
  "IS",
  "JOIN",
  "LATERAL",
  "LIKE",
  "MINUS",
  "NATURAL",
  "NOT",
  "ON",
  "OR",
  "ORDER",
  "RLIKE",
  "SELECT",
  "SEMI",
  "THEN",
  "UNION",
  "USING",
  "WHEN",
  "WHERE",
]);

/** Zero-argument functions Spark accepts without parentheses. */
const NILADIC = new Set(["CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_USER", "SESSION_USER", "USER"]);

/** Units of the `dateadd(UNIT, n, ts)` / `datediff(UNIT, a, b)` forms. */
const DATETIME_UNITS = new Set([
  "MICROSECOND",
  "MILLISECOND",
  "SECOND",
  "MINUTE",
  "HOUR",
  "DAY",
  "DAYOFYEAR",
  "WEEK",
  "MONTH",
  "QUARTER",
  "YEAR",
]);

const TYPED_LITERAL_WORDS = new Set(["DATE", "TIMESTAMP", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "X"]);

const QUERY_START = new Set(["SELECT", "WITH", "VALUES", "FROM", "TABLE"]);

/** The hidden select item carrying a QUALIFY condition. */
const QUALIFY_COLUMN = "__qualify";

/** Generators Spark accepts as table-valued functions in FROM. */
const GENERATOR_TVFS: ReadonlySet<string> = new Set([
  "explode",
  "explode_outer",
  "posexplode",
  "posexplode_outer",
  "inline",
  "inline_outer",
  "stack",
  "json_tuple",
]);

/** java.time's ZoneOffset id for a whole number of seconds: `Z`, `+10:00`, `-05:30:15`. */
function offsetId(seconds: number): string {
  if (seconds === 0) return "Z";
  const abs = Math.abs(seconds);
  const two = (n: number) => String(n).padStart(2, "0");
  const hms = `${two(Math.trunc(abs / 3600))}:${two(Math.trunc(abs / 60) % 60)}`;
  return `${seconds < 0 ? "-" : "+"}${hms}${abs % 60 === 0 ? "" : `:${two(abs % 60)}`}`;
}

function call(name: string, args: readonly Expression[]): UnresolvedFunction {
  return { kind: "unresolved_function", name, args, isDistinct: false };
}

function not(e: Expression): Expression {
  return call("not", [e]);
}

function unsupported(desc: string): TsparkError {
  return new TsparkError("UNSUPPORTED_FEATURE.DESC", { messageParameters: { desc } });
}

interface CteDef {
  readonly name: string;
  /** Token index of the CTE's query (after its `(`). */
  readonly start: number;
  /** The CTEs visible to this one (those defined before it). */
  readonly scope: readonly CteDef[];
  /** `WITH t(a, b) AS (…)`: names for the query's columns. */
  readonly columns?: readonly string[];
}

class Parser {
  private pos = 0;
  private readonly toks: Token[];
  private ctes: readonly CteDef[] = [];
  /** Window expressions written `OVER name`, waiting for the query's WINDOW clause. */
  private windowRefs = new Map<WindowExpression, string>();
  private readonly timeZone: string;
  private readonly legacyInterval: boolean;
  private readonly args: ParserOptions["args"];
  /** Next `?` marker's index into positional `args`. */
  private positionalIndex = 0;

  constructor(
    private readonly sql: string,
    options: ParserOptions = {},
  ) {
    this.toks = tokenize(sql);
    this.timeZone = options.timeZone ?? "UTC";
    this.legacyInterval = options.legacyInterval ?? false;
    this.args = options.args;
  }

  /** The value bound to a `:name` or `?` parameter marker, as a literal or the given expression. */
  private parameter(key: string | number, at: Token): Expression {
    const args = this.args;
    let value: unknown;
    let found = false;
    if (typeof key === "number") {
      if (Array.isArray(args) && key < args.length) {
        value = args[key];
        found = true;
      }
    } else if (args !== undefined && !Array.isArray(args) && Object.hasOwn(args, key)) {
      value = (args as Readonly<Record<string, unknown>>)[key];
      found = true;
    }
    if (!found) {
      throw new TsparkError("UNBOUND_SQL_PARAMETER", {
        messageParameters: { name: typeof key === "number" ? `_${at.offset}` : key },
        context: this.contextAt(at),
      });
    }
    const held = expressionOf(value);
    return held ?? literalFromJs(value);
  }

  // ---- token helpers ----------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.toks[Math.min(this.pos + ahead, this.toks.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }

  /** True when the token `ahead` is the bare word `word` (case-insensitive). */
  private isKw(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "ident" && t.text.toUpperCase() === word;
  }

  private acceptKw(word: string): boolean {
    if (!this.isKw(word)) return false;
    this.pos++;
    return true;
  }

  private expectKw(word: string): void {
    if (!this.acceptKw(word)) throw this.fail();
  }

  private isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "op" && t.text === op;
  }

  private acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  private expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.fail();
  }

  /** PARSE_SYNTAX_ERROR at the current (or given) token. */
  fail(tok: Token = this.peek(), hint = ""): TsparkError {
    const error = tok.kind === "eof" ? "end of input" : `'${tok.raw}'`;
    return syntaxErrorAt(this.sql, tok.offset, error, hint);
  }

  atEnd(): boolean {
    return this.peek().kind === "eof";
  }

  /** True when the input has no tokens other than semicolons (an empty statement). */
  onlySemicolons(): boolean {
    return this.toks.every((t) => t.kind === "eof" || (t.kind === "op" && t.text === ";"));
  }

  /** Fails if some `OVER name` never met a WINDOW clause defining it. */
  checkWindowRefs(): void {
    for (const name of this.windowRefs.values()) throw this.missingWindow(name);
  }

  /** Expects end of input (after optional semicolons); extra tokens are reported as Spark does. */
  expectEnd(): void {
    while (this.acceptOp(";")) {
      // Trailing semicolons are allowed.
    }
    if (!this.atEnd()) {
      const t = this.peek();
      throw this.fail(t, `: extra input '${t.raw}'`);
    }
  }

  private isIdentifierToken(ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "quoted_ident" || t.kind === "ident";
  }

  /** Any identifier (keywords allowed, as after AS or in a dotted name). */
  identifier(): string {
    const t = this.peek();
    if (t.kind === "ident" || t.kind === "quoted_ident") {
      this.pos++;
      return t.text;
    }
    throw this.fail();
  }

  multipartIdentifier(): string[] {
    const parts = [this.identifier()];
    while (this.acceptOp(".")) parts.push(this.identifier());
    return parts;
  }

  /** An implicit alias candidate: a quoted name, or a bare word that does not start a clause. */
  private isImplicitAlias(): boolean {
    const t = this.peek();
    if (t.kind === "quoted_ident") return true;
    if (t.kind === "ident" && t.text.toUpperCase() === "PIVOT" && this.isOp("(", 1)) return false;
    return t.kind === "ident" && !CLAUSE_WORDS.has(t.text.toUpperCase());
  }

  private identifierList(): string[] {
    this.expectOp("(");
    const names = [this.identifier()];
    while (this.acceptOp(",")) names.push(this.identifier());
    this.expectOp(")");
    return names;
  }

  // ---- statements -------------------------------------------------------------------------------

  statement(): Statement {
    if (this.isKw("EXPLAIN")) {
      this.pos++;
      let mode: "simple" | "extended" | "codegen" | "cost" | "formatted" = "simple";
      for (const m of ["EXTENDED", "CODEGEN", "COST", "FORMATTED", "LOGICAL"] as const) {
        if (this.acceptKw(m)) {
          mode = m === "LOGICAL" ? "simple" : (m.toLowerCase() as typeof mode);
          break;
        }
      }
      return { kind: "explain", mode, statement: this.statement() };
    }
    if (this.isKw("CREATE")) return this.createView();
    if (this.isKw("DROP")) {
      this.pos++;
      const table = this.acceptKw("TABLE");
      if (!table) this.expectKw("VIEW");
      let ifExists = false;
      if (this.acceptKw("IF")) {
        this.expectKw("EXISTS");
        ifExists = true;
      }
      return { kind: "drop_view", name: this.multipartIdentifier(), ifExists, table };
    }
    if (this.isKw("SET") && !this.isOp("(", 1)) return this.setStatement();
    if (this.isKw("RESET")) {
      const start = this.next();
      const rest = this.restOfStatementText(start);
      this.pos = this.toks.length - 1;
      return rest === "" ? { kind: "reset" } : { kind: "reset", key: rest };
    }
    if (this.isKw("SHOW")) return this.showStatement();
    if (this.isKw("DESCRIBE") || this.isKw("DESC")) {
      this.pos++;
      if (this.acceptKw("FUNCTION")) {
        const extended = this.acceptKw("EXTENDED");
        return { kind: "describe_function", name: this.describeFunctionName(), extended };
      }
      const isTable = this.acceptKw("TABLE");
      if (!isTable && (this.acceptKw("QUERY") || this.startsQuery())) {
        return { kind: "describe", query: this.query(), extended: false };
      }
      const extended = this.acceptKw("EXTENDED") || this.acceptKw("FORMATTED");
      const name = this.multipartIdentifier();
      if (this.isKw("PARTITION")) throw unsupported("DESCRIBE … PARTITION");
      if (this.isIdentifierToken()) {
        return { kind: "describe", name, column: this.multipartIdentifier(), extended };
      }
      return { kind: "describe", name, extended };
    }
    if (this.isKw("CACHE") || this.isKw("UNCACHE") || this.isKw("CLEAR") || this.isKw("REFRESH")) {
      return this.cacheStatement();
    }
    if (this.startsQuery()) return { kind: "query", plan: this.query() };
    throw this.fail();
  }

  /** `SHOW TABLES | VIEWS | [USER|SYSTEM|ALL] FUNCTIONS | COLUMNS …`. */
  private showStatement(): Statement {
    this.expectKw("SHOW");
    const namespaceClause = (): string[] | undefined =>
      this.acceptKw("IN") || this.acceptKw("FROM") ? this.multipartIdentifier() : undefined;
    if (this.acceptKw("TABLES") || this.isKw("VIEWS")) {
      const views = this.acceptKw("VIEWS");
      const namespace = namespaceClause();
      const hasLike = this.acceptKw("LIKE");
      let pattern: string | undefined;
      if (this.peek().kind === "string" || hasLike) pattern = this.expectString();
      return {
        kind: "show_tables",
        ...(namespace ? { namespace } : {}),
        ...(pattern !== undefined ? { pattern } : {}),
        ...(views ? { views } : {}),
      };
    }
    if (this.acceptKw("COLUMNS")) {
      if (!this.acceptKw("IN") && !this.acceptKw("FROM")) throw this.fail();
      const name = this.multipartIdentifier();
      const namespace = namespaceClause();
      return { kind: "show_columns", name, ...(namespace ? { namespace } : {}) };
    }
    let scope: "user" | "system" | "all" = "all";
    if (!this.isKw("FUNCTIONS") && this.isKw("FUNCTIONS", 1)) {
      const word = this.next();
      const w = word.text.toLowerCase();
      if (w !== "user" && w !== "system" && w !== "all") {
        throw new TsparkError("INVALID_SQL_SYNTAX.SHOW_FUNCTIONS_INVALID_SCOPE", {
          messageParameters: { scope: word.text },
          context: this.contextAt(word),
        });
      }
      scope = w;
    }
    this.expectKw("FUNCTIONS");
    namespaceClause();
    this.acceptKw("LIKE");
    let pattern: string | undefined;
    if (this.peek().kind === "string") pattern = this.expectString();
    else if (this.isIdentifierToken()) pattern = this.multipartIdentifier().join(".");
    return { kind: "show_functions", scope, ...(pattern !== undefined ? { pattern } : {}) };
  }

  /** DESCRIBE FUNCTION's name: an identifier, a string, or an operator such as `+` or `<=>`. */
  private describeFunctionName(): string {
    const t = this.peek();
    if (t.kind === "string") return this.expectString();
    if (t.kind === "op" && t.text !== "(" && t.text !== ")" && t.text !== "," && t.text !== ";") {
      this.pos++;
      return t.text;
    }
    return this.multipartIdentifier().join(".");
  }

  /** CACHE / UNCACHE / CLEAR CACHE / REFRESH statements (see CacheStatement). */
  private cacheStatement(): Statement {
    if (this.acceptKw("CLEAR")) {
      this.expectKw("CACHE");
      return { kind: "cache", action: "clear" };
    }
    if (this.acceptKw("UNCACHE")) {
      this.expectKw("TABLE");
      let ifExists = false;
      if (this.acceptKw("IF")) {
        this.expectKw("EXISTS");
        ifExists = true;
      }
      return { kind: "cache", action: "uncache", name: this.multipartIdentifier(), ifExists };
    }
    if (this.acceptKw("REFRESH")) {
      if (this.acceptKw("TABLE") || this.acceptKw("FUNCTION")) {
        return { kind: "cache", action: "refresh", name: this.multipartIdentifier() };
      }
      // `REFRESH 'path'` or `REFRESH path…`: the rest of the statement is the path.
      this.pos = this.toks.length - 1;
      return { kind: "cache", action: "refresh" };
    }
    this.expectKw("CACHE");
    this.acceptKw("LAZY");
    this.expectKw("TABLE");
    const name = this.multipartIdentifier();
    if (this.acceptKw("OPTIONS")) {
      this.expectOp("(");
      let depth = 1;
      while (depth > 0) {
        const t = this.next();
        if (t.kind === "eof") throw this.fail(t);
        if (t.kind === "op" && t.text === "(") depth++;
        if (t.kind === "op" && t.text === ")") depth--;
      }
    }
    const hasAs = this.acceptKw("AS");
    if (hasAs || this.startsQuery()) {
      return { kind: "cache", action: "cache", name, plan: this.query() };
    }
    return { kind: "cache", action: "cache", name };
  }

  private startsQuery(): boolean {
    const t = this.peek();
    if (t.kind === "op" && t.text === "(") return true;
    return t.kind === "ident" && QUERY_START.has(t.text.toUpperCase());
  }

  /** Raw SQL text from after `start` to the end (minus trailing semicolons), trimmed. */
  private restOfStatementText(start: Token): string {
    return this.sql
      .slice(start.offset + start.raw.length)
      .replace(/[\s;]+$/, "")
      .trim();
  }

  private setStatement(): Statement {
    const start = this.next();
    if (this.isKw("TIME") && this.isKw("ZONE", 1)) return this.setTimeZone();
    const rest = this.restOfStatementText(start);
    this.pos = this.toks.length - 1;
    if (rest === "") return { kind: "set" };
    if (rest === "-v") return { kind: "set", verbose: true };
    const eq = rest.indexOf("=");
    const unquote = (s: string) => {
      const t = s.trim();
      return t.length >= 2 && t.startsWith("`") && t.endsWith("`") ? t.slice(1, -1) : t;
    };
    if (eq < 0) return { kind: "set", key: unquote(rest) };
    return { kind: "set", key: unquote(rest.slice(0, eq)), value: rest.slice(eq + 1).trim() };
  }

  /**
   * `SET TIME ZONE 'zone' | LOCAL | INTERVAL …`: sets spark.sql.session.timeZone. An interval must be
   * a whole number of seconds within ±18 hours and becomes an offset id such as `+10:00`.
   */
  private setTimeZone(): Statement {
    const key = "spark.sql.session.timeZone";
    const zoneTok = this.peek();
    this.pos += 2;
    const atEnd = () => this.peek().kind === "eof" || this.isOp(";");
    const bad = () =>
      this.withContext(new TsparkError("_LEGACY_ERROR_TEMP_0045", { messageParameters: {} }), zoneTok);
    const t = this.peek();
    if (t.kind === "string" && (this.peek(1).kind === "eof" || this.isOp(";", 1))) {
      return { kind: "set", key, value: this.stringLiteral() };
    }
    if (this.isKw("LOCAL") && (this.peek(1).kind === "eof" || this.isOp(";", 1))) {
      this.pos++;
      return { kind: "set", key, value: defaultTimeZone() };
    }
    if (!this.isKw("INTERVAL")) throw bad();
    const lit = this.intervalLiteral();
    if (!atEnd() || lit.kind !== "literal") throw bad();
    let months = 0;
    let days = 0;
    let micros = 0;
    const v = lit.value;
    const type = lit.dataType;
    if (type.kind === "year_month_interval") months = v as number;
    else if (type.kind === "day_time_interval") {
      // A literal starting at DAY counts days apart from the time, as Spark's calendar interval does.
      const total = Number(v as number | bigint);
      if (type.startField === 0) {
        days = Math.trunc(total / 86_400_000_000);
        micros = total - days * 86_400_000_000;
      } else micros = total;
    } else {
      const ci = v as { months: number; days: number; micros: number };
      months = ci.months;
      days = ci.days;
      micros = ci.micros;
    }
    const outOfRange = (input: number) =>
      this.withContext(
        new TsparkError("INVALID_INTERVAL_FORMAT.TIMEZONE_INTERVAL_OUT_OF_RANGE", {
          messageParameters: { input: String(input) },
        }),
        zoneTok,
      );
    if (months !== 0) throw outOfRange(months);
    if (days !== 0) throw outOfRange(days);
    if (Math.abs(micros) > 18 * 3_600_000_000) throw outOfRange(Math.trunc(Math.abs(micros) / 3_600_000_000));
    if (micros % 1_000_000 !== 0) throw outOfRange(Math.trunc(micros / 1_000_000));
    return { kind: "set", key, value: offsetId(micros / 1_000_000) };
  }

  private createView(): Statement {
    const startTok = this.peek();
    this.expectKw("CREATE");
    let replace = false;
    if (this.acceptKw("OR")) {
      this.expectKw("REPLACE");
      replace = true;
    }
    const global = this.acceptKw("GLOBAL");
    const temporary = this.acceptKw("TEMPORARY") || this.acceptKw("TEMP");
    if (!this.isKw("VIEW")) {
      if (this.isKw("TABLE")) throw unsupported("CREATE TABLE is not supported; use a temporary view.");
      throw this.fail();
    }
    this.pos++;
    let ifNotExists = false;
    if (this.acceptKw("IF")) {
      this.expectKw("NOT");
      this.expectKw("EXISTS");
      ifNotExists = true;
    }
    const name = this.multipartIdentifier();
    const refuse = (errorClass: string, messageParameters: Record<string, string> = {}) =>
      new TsparkError(errorClass, { messageParameters, context: this.contextAt(startTok) });
    if (ifNotExists && replace) throw refuse("_LEGACY_ERROR_TEMP_0052");
    if (ifNotExists && temporary) throw refuse("_LEGACY_ERROR_TEMP_0053");
    if (temporary && name.length > 1) {
      throw refuse("TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS", {
        actualName: name.map((p) => `\`${p.replace(/`/g, "``")}\``).join("."),
      });
    }
    if (this.usingAhead()) return this.createTempViewUsing(name, replace, global, temporary, startTok);
    let columns: string[] | undefined;
    if (this.acceptOp("(")) {
      columns = [];
      do {
        columns.push(this.identifier());
        if (this.acceptKw("COMMENT")) this.expectString();
      } while (this.acceptOp(","));
      this.expectOp(")");
    }
    for (;;) {
      if (this.acceptKw("COMMENT")) {
        this.expectString();
        continue;
      }
      break;
    }
    this.expectKw("AS");
    const queryStart = this.peek();
    const query = this.query();
    // `CREATE VIEW v (a, b) AS …` names the view's columns (where the parser can rename them).
    let plan = query;
    if (columns) {
      try {
        plan = renameOutputs(query, columns);
      } catch (e) {
        if (!(e instanceof TsparkError) || e.errorClass !== "UNSUPPORTED_FEATURE.DESC") throw e;
      }
    }
    const sqlText = this.sql.slice(queryStart.offset, this.peek().offset).replace(/[\s;]+$/, "");
    return {
      kind: "create_view",
      name,
      replace,
      temporary,
      global,
      ifNotExists,
      ...(columns ? { columns } : {}),
      plan,
      sqlText,
    };
  }

  /** Whether a `USING provider` clause follows, after an optional parenthesised schema. */
  private usingAhead(): boolean {
    let i = 0;
    if (this.isOp("(")) {
      let depth = 0;
      for (; ; i++) {
        const t = this.peek(i);
        if (t.kind === "eof") return false;
        if (t.kind === "op" && t.text === "(") depth++;
        else if (t.kind === "op" && t.text === ")" && --depth === 0) break;
      }
      i++;
    }
    return this.isKw("USING", i);
  }

  /**
   * `CREATE [OR REPLACE] [GLOBAL] TEMPORARY VIEW name [(col type, …)] USING provider
   * [OPTIONS (key value, …)]` (Spark's CreateTempViewUsing).
   */
  private createTempViewUsing(
    name: string[],
    replace: boolean,
    global: boolean,
    temporary: boolean,
    startTok: Token,
  ): Statement {
    if (!temporary)
      throw unsupported(
        "CREATE VIEW … USING needs TEMPORARY (tables are not supported; use a temporary view).",
      );
    let schema: string | undefined;
    if (this.isOp("(")) {
      const open = this.next();
      let depth = 1;
      let close = open;
      while (depth > 0) {
        const t = this.next();
        if (t.kind === "eof") throw this.fail(t);
        if (t.kind === "op" && t.text === "(") depth++;
        else if (t.kind === "op" && t.text === ")") depth--;
        close = t;
      }
      schema = this.sql.slice(open.offset + 1, close.offset);
    }
    this.expectKw("USING");
    const provider = this.multipartIdentifier().join(".");
    const options: Record<string, string> = {};
    if (this.acceptKw("OPTIONS")) {
      this.expectOp("(");
      if (!this.isOp(")")) {
        do {
          const key =
            this.peek().kind === "string" ? this.expectString() : this.multipartIdentifier().join(".");
          this.acceptOp("=");
          const v = this.next();
          if (v.kind === "string" || v.kind === "number") options[key] = v.text;
          else if (v.kind === "ident" && /^(true|false)$/i.test(v.text)) options[key] = v.text.toLowerCase();
          else throw this.fail(v);
        } while (this.acceptOp(","));
      }
      this.expectOp(")");
    }
    if (name.length > 1)
      throw new TsparkError("TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS", {
        messageParameters: { actualName: name.map((p) => `\`${p.replace(/`/g, "``")}\``).join(".") },
        context: this.contextAt(startTok),
      });
    return {
      kind: "create_temp_view_using",
      name,
      replace,
      global,
      provider,
      options,
      ...(schema !== undefined ? { schema } : {}),
    };
  }

  private expectString(): string {
    const t = this.peek();
    if (t.kind !== "string") throw this.fail();
    this.pos++;
    return t.text;
  }

  // ---- queries ----------------------------------------------------------------------------------

  /** query := [WITH ctes] setExpression [ORDER BY …] [SORT/CLUSTER BY …] [LIMIT n] [OFFSET n]. */
  query(): LogicalPlan {
    const savedCtes = this.ctes;
    try {
      if (this.acceptKw("WITH")) {
        this.acceptKw("RECURSIVE");
        const defined: CteDef[] = [];
        do {
          const nameTok = this.peek();
          const name = this.identifier();
          if (defined.some((d) => d.name.toLowerCase() === name.toLowerCase())) {
            throw new TsparkError("DUPLICATED_CTE_NAMES", {
              messageParameters: { duplicateNames: `\`${name}\`` },
              context: this.contextAt(nameTok),
            });
          }
          const columns = this.isOp("(") ? this.identifierList() : undefined;
          this.acceptKw("AS");
          this.expectOp("(");
          const def: CteDef = { name, start: this.pos, scope: this.ctes, ...(columns ? { columns } : {}) };
          // Parse once now to validate the syntax; references re-parse for fresh ids.
          this.ctes = def.scope;
          const savedRefs = this.windowRefs;
          this.windowRefs = new Map();
          const validated = this.query();
          if (columns) renameOutputs(validated, columns);
          this.checkWindowRefs();
          this.windowRefs = savedRefs;
          this.expectOp(")");
          defined.push(def);
          this.ctes = [...savedCtes, ...defined];
        } while (this.acceptOp(","));
      }
      const body = this.setExpression();
      return this.queryOrganization(body);
    } finally {
      this.ctes = savedCtes;
    }
  }

  /**
   * The error context at token `t`: a ParseException's unless `parse` is false (errors Spark's
   * analyzer raises, which tspark checks while parsing).
   */
  private contextAt(t: Token, parse = true): ErrorContext {
    return { sqlText: this.sql, line: t.line, startPosition: t.column, parse };
  }

  private queryOrganization(input: LogicalPlan): LogicalPlan {
    let plan = input;
    if (this.isKw("ORDER") && this.isKw("BY", 1)) {
      this.pos += 2;
      plan = { kind: "sort", order: this.sortItems(), global: true, child: plan };
    } else if (this.isKw("SORT") && this.isKw("BY", 1)) {
      this.pos += 2;
      plan = { kind: "sort", order: this.sortItems(), global: false, child: plan };
    } else if (this.isKw("CLUSTER") && this.isKw("BY", 1)) {
      this.pos += 2;
      const exprs = this.expressionList();
      plan = {
        kind: "sort",
        order: exprs.map((e) => sortOrder(e, "asc")),
        global: false,
        child: plan,
      };
    } else if (this.isKw("DISTRIBUTE") && this.isKw("BY", 1)) {
      // Only affects partitioning, which tspark's results do not expose.
      this.pos += 2;
      this.expressionList();
      if (this.isKw("SORT") && this.isKw("BY", 1)) {
        this.pos += 2;
        plan = { kind: "sort", order: this.sortItems(), global: false, child: plan };
      }
    }
    if (this.isKw("WINDOW")) plan = this.windowClause()(plan);
    let limit: number | undefined;
    let offset: number | undefined;
    if (this.acceptKw("LIMIT")) {
      if (!this.acceptKw("ALL")) limit = this.limitValue("limit");
    }
    if (this.acceptKw("OFFSET")) offset = this.limitValue("offset");
    if (limit === undefined && this.acceptKw("LIMIT")) {
      if (!this.acceptKw("ALL")) limit = this.limitValue("limit");
    }
    if (offset !== undefined && offset > 0) plan = { kind: "offset", offset, child: plan };
    if (limit !== undefined) plan = { kind: "limit", limit, child: plan };
    return plan;
  }

  /** A LIMIT/OFFSET value: an integer constant expression (e.g. `10`, `2 * 5`, `CAST('3' AS INT)`). */
  private limitValue(name: "limit" | "offset"): number {
    const tok = this.peek();
    const e = this.expression();
    const v = constantInteger(e);
    const exprText = `"${this.sql.slice(tok.offset, this.peek().offset).trim()}"`;
    // A NULL (possibly cast) or a non-integer literal gets Spark's specific error class.
    const inner = e.kind === "cast" ? e.child : e;
    if (v === undefined && inner.kind === "literal" && inner.value === null) {
      throw new TsparkError("INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL", {
        messageParameters: { name, expr: exprText },
        context: this.contextAt(tok, false),
      });
    }
    if (e.kind === "literal" && (e.dataType.kind === "boolean" || e.dataType.kind === "string")) {
      throw new TsparkError("INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE", {
        messageParameters: { name, expr: exprText, dataType: `"${e.dataType.sql()}"` },
        context: this.contextAt(tok, false),
      });
    }
    if (v === undefined) {
      throw new TsparkError("INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE", {
        messageParameters: { name, expr: `"${this.sql.slice(tok.offset, this.peek().offset).trim()}"` },
        context: this.contextAt(tok, false),
      });
    }
    if (v < 0) {
      throw new TsparkError("INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", {
        messageParameters: {
          name,
          expr: `"${this.sql.slice(tok.offset, this.peek().offset).trim()}"`,
          v: String(v),
        },
        context: this.contextAt(tok, false),
      });
    }
    return v;
  }

  /** UNION / EXCEPT / MINUS, left-associative, over INTERSECT terms (which bind tighter). */
  private setExpression(): LogicalPlan {
    let left = this.intersectTerm();
    for (;;) {
      let op: "union" | "except" | undefined;
      if (this.acceptKw("UNION")) op = "union";
      else if (this.acceptKw("EXCEPT") || this.acceptKw("MINUS")) op = "except";
      else break;
      const isAll = this.setQuantifier();
      const right = this.intersectTerm();
      if (op === "union") {
        const u: LogicalPlan = {
          kind: "union",
          children: [left, right],
          byName: false,
          allowMissingColumns: false,
        };
        left = isAll ? u : { kind: "distinct", child: u };
      } else {
        left = { kind: "except", left, right, isAll };
      }
    }
    return left;
  }

  private intersectTerm(): LogicalPlan {
    let left = this.queryPrimary();
    while (this.acceptKw("INTERSECT")) {
      const isAll = this.setQuantifier();
      const right = this.queryPrimary();
      left = { kind: "intersect", left, right, isAll };
    }
    return left;
  }

  /** `ALL` → true; `DISTINCT` or nothing → false. */
  private setQuantifier(): boolean {
    if (this.acceptKw("ALL")) return true;
    this.acceptKw("DISTINCT");
    return false;
  }

  private queryPrimary(): LogicalPlan {
    if (this.isKw("SELECT")) return this.querySpecification(undefined);
    if (this.acceptKw("FROM")) {
      const from = this.fromRelations();
      if (!this.isKw("SELECT")) throw this.fail();
      return this.querySpecification(from);
    }
    if (this.isKw("VALUES")) return this.inlineTable();
    if (this.acceptKw("TABLE")) return { kind: "unresolved_relation", nameParts: this.multipartIdentifier() };
    if (this.acceptOp("(")) {
      const q = this.query();
      this.expectOp(")");
      return q;
    }
    throw this.fail();
  }

  /**
   * `PIVOT (aggs FOR col IN (v [AS a], …))` (or `FOR (c1, c2) IN ((v1, v2) [AS a], …)`): an Aggregate
   * whose only grouping item is a `__pivot(__pivot_columns(…), value…)` marker the analyzer expands
   * (each value is `__pivot_value(…)`, wrapped in an alias when named).
   */
  private pivotClause(child: LogicalPlan): LogicalPlan {
    this.pos++;
    this.expectOp("(");
    const aggs = this.namedExpressionList();
    this.expectKw("FOR");
    const columns: Expression[] = [];
    if (this.acceptOp("(")) {
      do columns.push(this.expression());
      while (this.acceptOp(","));
      this.expectOp(")");
    } else columns.push(this.primaryColumn());
    this.expectKw("IN");
    this.expectOp("(");
    const values: Expression[] = [];
    do {
      const e = this.expression();
      const parts = columns.length > 1 ? (ROW_CONSTRUCTOR_VALUES.get(e) ?? [e]) : [e];
      const value: Expression = call("__pivot_value", [...parts]);
      let name: string | undefined;
      if (this.acceptKw("AS")) name = this.identifier();
      else if (this.isImplicitAlias()) name = this.identifier();
      values.push(name === undefined ? value : { kind: "alias", child: value, name, exprId: nextExprId() });
    } while (this.acceptOp(","));
    this.expectOp(")");
    this.expectOp(")");
    return {
      kind: "aggregate",
      groupingExpressions: [call("__pivot", [call("__pivot_columns", columns), ...values])],
      aggregateExpressions: aggs,
      child,
    };
  }

  /** A column name for PIVOT … FOR (a plain, possibly qualified, identifier). */
  private primaryColumn(): Expression {
    return { kind: "unresolved_attribute", nameParts: this.multipartIdentifier() };
  }

  /** SELECT … [FROM …] [LATERAL VIEW …] [WHERE …] [GROUP BY …] [HAVING …]. */
  private querySpecification(fromFirst: LogicalPlan | undefined): LogicalPlan {
    this.expectKw("SELECT");
    let distinct = false;
    if (this.acceptKw("DISTINCT")) distinct = true;
    else this.acceptKw("ALL");
    const selectList = this.namedExpressionList();
    let plan: LogicalPlan;
    if (fromFirst) plan = fromFirst;
    else if (this.acceptKw("FROM")) plan = this.fromRelations();
    else plan = { kind: "local_relation", output: [], rows: [[]] };
    plan = this.lateralViews(plan);
    if (this.isKw("PIVOT") && this.isOp("(", 1)) plan = this.pivotClause(plan);
    if (this.acceptKw("WHERE")) plan = { kind: "filter", condition: this.expression(), child: plan };
    let grouping: Expression[] | undefined;
    if (this.isKw("GROUP") && this.isKw("BY", 1)) {
      this.pos += 2;
      if (this.isKw("ALL") && !this.isOp("(", 1) && !this.isOp(".", 1)) {
        // Spark parses GROUP BY ALL as a column named ALL; the analyzer expands it.
        grouping = [{ kind: "unresolved_attribute", nameParts: [this.next().text] }];
      } else {
        grouping = [this.groupingItem()];
        while (this.acceptOp(",")) grouping.push(this.groupingItem());
      }
      if (this.isKw("WITH") && (this.isKw("ROLLUP", 1) || this.isKw("CUBE", 1))) {
        this.pos++;
        const name = this.next().text.toLowerCase();
        grouping = [
          call(
            `__${name}`,
            grouping.map((g) => call("__grouping_set", [g])),
          ),
        ];
      } else if (this.isKw("GROUPING") && this.isKw("SETS", 1)) {
        // Hive's `GROUP BY a, b GROUPING SETS ((a), (b))`: the GROUP BY list fixes the columns.
        const sets = this.groupingAnalytics();
        grouping = [call("__hive_grouping_sets", [call("__grouping_set", grouping), ...sets.args])];
      }
    }
    let having: Expression | undefined;
    if (this.acceptKw("HAVING")) having = this.expression();
    const windows = this.isKw("WINDOW") ? this.windowClause() : undefined;
    let qualify: Expression | undefined;
    if (this.acceptKw("QUALIFY")) qualify = qualifyCondition(this.expression(), selectList);
    const items = qualify
      ? [
          ...selectList,
          { kind: "alias", child: qualify, name: QUALIFY_COLUMN, exprId: nextExprId() } as const,
        ]
      : selectList;
    if (grouping !== undefined || having !== undefined) {
      plan = {
        kind: "aggregate",
        groupingExpressions: grouping ?? [],
        aggregateExpressions: items,
        child: plan,
      };
      if (having !== undefined) plan = { kind: "filter", condition: having, child: plan, having: true };
    } else {
      plan = { kind: "project", projectList: items, child: plan };
    }
    if (qualify) {
      // QUALIFY filters on the select list's window results, then drops its helper column.
      const helper: Expression = { kind: "unresolved_attribute", nameParts: [QUALIFY_COLUMN] };
      plan = {
        kind: "project",
        projectList: [call("__star_except", [{ kind: "star" }, helper])],
        child: { kind: "filter", condition: helper, child: plan },
      };
    }
    if (distinct) plan = { kind: "distinct", child: plan };
    if (windows) plan = windows(plan);
    return plan;
  }

  /**
   * One GROUP BY item: an expression, or `ROLLUP(…)`, `CUBE(…)`, `GROUPING SETS (…)`, encoded as
   * calls to `__rollup` / `__cube` / `__grouping_sets` over `__grouping_set(…)` elements that the
   * analyzer expands.
   */
  private groupingItem(): Expression {
    if (
      ((this.isKw("ROLLUP") || this.isKw("CUBE")) && this.isOp("(", 1)) ||
      (this.isKw("GROUPING") && this.isKw("SETS", 1))
    ) {
      return this.groupingAnalytics();
    }
    return this.expression();
  }

  private groupingAnalytics(): UnresolvedFunction {
    if (this.isKw("GROUPING")) {
      this.pos += 2;
      this.expectOp("(");
      const elements: Expression[] = [];
      do {
        if (
          ((this.isKw("ROLLUP") || this.isKw("CUBE")) && this.isOp("(", 1)) ||
          (this.isKw("GROUPING") && this.isKw("SETS", 1))
        )
          elements.push(this.groupingAnalytics());
        else elements.push(this.groupingSet());
      } while (this.acceptOp(","));
      this.expectOp(")");
      return call("__grouping_sets", elements);
    }
    const name = this.next().text.toLowerCase();
    this.expectOp("(");
    const items: Expression[] = [this.groupingSet()];
    while (this.acceptOp(",")) items.push(this.groupingSet());
    this.expectOp(")");
    // Spark's grammar has no empty set inside ROLLUP/CUBE (group-analytics.sql.out).
    if (items.some((i) => i.kind === "unresolved_function" && i.args.length === 0)) {
      throw new TsparkError("_LEGACY_ERROR_TEMP_0051", {
        messageParameters: { element: name.toUpperCase() },
      });
    }
    return call(`__${name}`, items);
  }

  /** `(a, b)`, `()` or a single expression, as `__grouping_set(…)`. */
  private groupingSet(): Expression {
    if (this.isOp("(")) {
      const save = this.pos;
      this.pos++;
      if (this.acceptOp(")")) return call("__grouping_set", []);
      try {
        const items = [this.expression()];
        while (this.acceptOp(",")) items.push(this.expression());
        this.expectOp(")");
        if (this.isOp(",") || this.isOp(")")) return call("__grouping_set", items);
      } catch {
        // not a parenthesised list: an expression that starts with '('
      }
      this.pos = save;
    }
    return call("__grouping_set", [this.expression()]);
  }

  /** `WINDOW w AS (spec), …`: substitutes named windows into the plan's expressions. */
  /**
   * Parses `WINDOW name AS (spec), …` and returns the rewrite that replaces `OVER name` references
   * (in the query block, including a QUALIFY parsed after this clause) by their specs.
   */
  private windowClause(): (plan: LogicalPlan) => LogicalPlan {
    this.expectKw("WINDOW");
    const defs = new Map<string, WindowSpec>();
    do {
      const name = this.identifier();
      if (defs.has(name.toLowerCase())) {
        throw new TsparkError("INVALID_SQL_SYNTAX.REPETITIVE_WINDOW_DEFINITION", {
          messageParameters: { windowName: `\`${name}\`` },
        });
      }
      this.expectKw("AS");
      this.expectOp("(");
      let spec: WindowSpec;
      if (this.isIdentifierToken() && this.isOp(")", 1)) {
        const ref = this.identifier();
        const target = defs.get(ref.toLowerCase());
        if (!target) throw this.missingWindow(ref);
        spec = target;
      } else spec = this.windowSpecBody();
      this.expectOp(")");
      defs.set(name.toLowerCase(), spec);
    } while (this.acceptOp(","));
    const refs = this.windowRefs;
    const rewrite = (e: Expression): Expression =>
      transformDown(e, (x) => {
        if (x.kind !== "window_expression") return x;
        const name = refs.get(x);
        if (name === undefined) return x;
        const spec = defs.get(name.toLowerCase());
        if (!spec) throw this.missingWindow(name);
        refs.delete(x);
        return { kind: "window_expression", function: x.function, spec };
      });
    return (plan) => mapPlanExpressions(plan, rewrite);
  }

  private missingWindow(name: string): TsparkError {
    return new TsparkError("MISSING_WINDOW_SPECIFICATION", {
      messageParameters: { windowName: name, docroot: "https://spark.apache.org/docs/latest" },
    });
  }

  /** `VALUES row, row … [[AS] t(a, b)]`; a row is `(e, …)` or a single expression. */
  private inlineTable(): LogicalPlan {
    this.expectKw("VALUES");
    const rows: Expression[][] = [];
    do {
      if (this.acceptOp("(")) {
        // Spark accepts (and ignores) aliases on inline-table values: VALUES ("one", 1 AS one).
        const row: Expression[] = [];
        do {
          row.push(this.expression());
          if (this.acceptKw("AS")) this.identifier();
        } while (this.acceptOp(","));
        this.expectOp(")");
        // Spark unpacks a row that is itself a parenthesised tuple: VALUES (('a', 10)) has 2 columns.
        const tuple = row.length === 1 ? ROW_CONSTRUCTOR_VALUES.get(row[0]!) : undefined;
        rows.push(tuple ? [...tuple] : row);
      } else rows.push([this.expression()]);
    } while (this.acceptOp(","));
    let alias: string | undefined;
    let names: string[] | undefined;
    if (this.acceptKw("AS")) alias = this.identifier();
    else if (this.isImplicitAlias()) alias = this.identifier();
    if (alias !== undefined && this.isOp("(")) names = this.identifierList();
    const width = rows[0]?.length ?? 0;
    const table: LogicalPlan = {
      kind: "unresolved_inline_table",
      names: names ?? Array.from({ length: width }, (_, i) => `col${i + 1}`),
      rows,
    };
    return alias !== undefined ? { kind: "subquery_alias", alias, child: table } : table;
  }

  /** FROM list: comma-separated relations become inner joins without a condition. */
  private fromRelations(): LogicalPlan {
    let plan = this.relation();
    while (this.acceptOp(",")) {
      if (this.isKw("LATERAL")) {
        plan = this.joinsAfter(this.lateralRelation(plan, "inner"));
        continue;
      }
      const right = this.relation();
      plan = { kind: "join", left: plan, right, joinType: "inner" };
    }
    return plan;
  }

  private lateralViews(input: LogicalPlan): LogicalPlan {
    let plan = input;
    while (this.isKw("LATERAL") && this.isKw("VIEW", 1)) {
      this.pos += 2;
      const outer = this.acceptKw("OUTER");
      const name = this.multipartIdentifier().join(".").toLowerCase();
      this.expectOp("(");
      const args = this.isOp(")") ? [] : this.expressionList();
      this.expectOp(")");
      // The table alias is required by the grammar; it qualifies the generated columns.
      const qualifier = this.identifier();
      const aliasNames: string[] = [];
      if (this.acceptKw("AS") || this.isImplicitAlias()) {
        aliasNames.push(this.identifier());
        while (this.acceptOp(",")) aliasNames.push(this.identifier());
      }
      plan = {
        kind: "generate",
        generator: call(name, args),
        outer,
        generatorOutput: [],
        aliasNames,
        qualifier,
        child: plan,
      };
    }
    return plan;
  }

  /** relation := relationPrimary (joinType JOIN relationPrimary joinCriteria?)*. */
  private relation(): LogicalPlan {
    return this.joinsAfter(this.relationPrimary());
  }

  /** The `joinType JOIN relationPrimary joinCriteria?` chain after `first`. */
  private joinsAfter(first: LogicalPlan): LogicalPlan {
    let left = first;
    for (;;) {
      const natural = this.acceptKw("NATURAL");
      const joinType = this.joinType();
      if (joinType === undefined) {
        if (natural) throw this.fail();
        break;
      }
      if (natural && joinType === "cross") throw unsupported("NATURAL CROSS JOIN");
      if (!natural && this.isKw("LATERAL")) {
        left = this.lateralRelation(left, joinType);
        continue;
      }
      const right = this.relationPrimary();
      if (natural) {
        // USING over every column name both sides share, decided by the analyzer.
        left = { kind: "join", left, right, joinType, natural: true };
      } else if (this.acceptKw("ON")) {
        left = { kind: "join", left, right, joinType, condition: this.expression() };
      } else if (this.acceptKw("USING")) {
        left = { kind: "join", left, right, joinType, usingColumns: this.identifierList() };
      } else {
        left = { kind: "join", left, right, joinType };
      }
    }
    return left;
  }

  /** Consumes a join keyword sequence ending in JOIN; undefined (and nothing consumed) otherwise. */
  private joinType(): JoinType | undefined {
    let type: JoinType | undefined;
    if (this.acceptKw("JOIN")) return "inner";
    if (this.acceptKw("INNER")) type = "inner";
    else if (this.acceptKw("CROSS")) type = "cross";
    else if (this.acceptKw("LEFT")) {
      if (this.acceptKw("SEMI")) type = "left_semi";
      else if (this.acceptKw("ANTI")) type = "left_anti";
      else {
        this.acceptKw("OUTER");
        type = "left_outer";
      }
    } else if (this.acceptKw("RIGHT")) {
      this.acceptKw("OUTER");
      type = "right_outer";
    } else if (this.acceptKw("FULL")) {
      this.acceptKw("OUTER");
      type = "full_outer";
    } else if (this.acceptKw("SEMI")) type = "left_semi";
    else if (this.acceptKw("ANTI")) type = "left_anti";
    if (type === undefined) return undefined;
    // `t LEFT` cannot be anything else here: report the token after the join type.
    if (!this.acceptKw("JOIN")) throw this.fail();
    return type;
  }

  private relationPrimary(): LogicalPlan {
    if (this.isKw("LATERAL")) throw unsupported("LATERAL subqueries");
    if (this.isOp("(")) {
      const save = this.pos;
      this.pos++;
      let inner: LogicalPlan | undefined;
      let isQuery = false;
      if (this.startsQuery()) {
        // `(VALUES (1) AS a(x) JOIN …)` is a parenthesised relation too.
        const ambiguous = this.isOp("(") || this.isKw("VALUES");
        try {
          inner = this.query();
          this.expectOp(")");
          isQuery = true;
        } catch (e) {
          // `((a JOIN b))` starts like a query; retry it as a parenthesized relation.
          if (!ambiguous) throw e;
          inner = undefined;
        }
      }
      if (inner === undefined) {
        this.pos = save + 1;
        inner = this.relation();
        this.expectOp(")");
      }
      const alias = this.tableAlias();
      if (alias !== undefined) return this.aliased(alias, inner);
      return isQuery
        ? { kind: "subquery_alias", alias: "__auto_generated_subquery_name", child: inner }
        : inner;
    }
    if (this.isKw("VALUES")) return this.inlineTable();
    const nameTok = this.peek();
    const nameParts = this.multipartIdentifier();
    let plan: LogicalPlan;
    if (this.isOp("(")) plan = this.tableValuedFunction(nameParts, nameTok);
    else {
      const cte = nameParts.length === 1 ? this.lookupCte(nameParts[0]!) : undefined;
      plan = cte
        ? { kind: "subquery_alias", alias: cte.name, child: this.parseCte(cte) }
        : { kind: "unresolved_relation", nameParts };
    }
    if (this.isKw("TABLESAMPLE")) throw unsupported("TABLESAMPLE");
    const alias = this.tableAlias();
    return alias !== undefined ? this.aliased(alias, plan) : plan;
  }

  private aliased(alias: { name: string; columns?: string[] }, child: LogicalPlan): LogicalPlan {
    const renamed = alias.columns ? renameOutputs(child, alias.columns) : child;
    return { kind: "subquery_alias", alias: alias.name, child: renamed };
  }

  private tableAlias(): { name: string; columns?: string[] } | undefined {
    let name: string | undefined;
    if (this.acceptKw("AS")) name = this.identifier();
    else if (this.isImplicitAlias()) name = this.identifier();
    if (name === undefined) return undefined;
    if (this.isOp("(")) return { name, columns: this.identifierList() };
    return { name };
  }

  private lookupCte(name: string): CteDef | undefined {
    const lower = name.toLowerCase();
    for (let i = this.ctes.length - 1; i >= 0; i--) {
      const c = this.ctes[i]!;
      if (c.name.toLowerCase() === lower) return c;
    }
    return undefined;
  }

  /** Re-parses a CTE body in its definition scope; fresh ExprIds for each reference. */
  private parseCte(cte: CteDef): LogicalPlan {
    const savedPos = this.pos;
    const savedCtes = this.ctes;
    const savedRefs = this.windowRefs;
    try {
      this.pos = cte.start;
      this.ctes = cte.scope;
      this.windowRefs = new Map();
      const plan = this.query();
      return cte.columns ? renameOutputs(plan, cte.columns) : plan;
    } finally {
      this.pos = savedPos;
      this.ctes = savedCtes;
      this.windowRefs = savedRefs;
    }
  }

  /**
   * A generator in FROM (`explode(…)`, `stack(…)`, …) as Spark plans it: a Generate over `input`
   * (one empty row for a plain FROM item, the left side for a LATERAL join). A table alias
   * `AS t(a, b)` names the generated columns and qualifies them by `t`.
   */
  private generatorRelation(
    name: string,
    args: readonly Expression[],
    input: LogicalPlan | undefined,
    outer: boolean,
  ): LogicalPlan {
    const alias = this.isKw("TABLESAMPLE") ? undefined : this.tableAlias();
    return {
      kind: "generate",
      generator: call(name, args),
      outer,
      generatorOutput: [],
      aliasNames: alias?.columns ?? [],
      ...(alias ? { qualifier: alias.name } : {}),
      child: input ?? { kind: "local_relation", output: [], rows: [[]] },
    };
  }

  /**
   * `… [, | [INNER | CROSS | LEFT [OUTER]] JOIN] LATERAL generator(…) [alias]`: the generator runs
   * once per row of `left` (LEFT keeps rows where it yields nothing). LATERAL subqueries are not
   * supported.
   */
  private lateralRelation(left: LogicalPlan, joinType: JoinType): LogicalPlan {
    const lateralTok = this.next();
    const nameTok = this.peek();
    if (joinType !== "inner" && joinType !== "cross" && joinType !== "left_outer") {
      throw new TsparkError("INVALID_LATERAL_JOIN_TYPE", {
        messageParameters: { joinType: joinType.replace("_", " ").toUpperCase() },
        context: this.contextAt(lateralTok),
      });
    }
    if (this.isOp("(")) return this.lateralSubquery(left, joinType);
    if (!this.isIdentifierToken() || !this.isOp("(", 1)) throw this.fail();
    const name = this.identifier().toLowerCase();
    if (!GENERATOR_TVFS.has(name)) {
      throw new TsparkError("UNRESOLVABLE_TABLE_VALUED_FUNCTION", {
        messageParameters: { name: `\`${name}\`` },
        context: this.contextAt(nameTok, false),
      });
    }
    this.expectOp("(");
    const args = this.isOp(")") ? [] : this.expressionList();
    this.expectOp(")");
    let plan = this.generatorRelation(name, args, left, joinType === "left_outer");
    if (this.acceptKw("ON")) {
      const cond = this.expression();
      const trivial = cond.kind === "literal" && cond.value === true;
      if (!trivial) {
        if (joinType === "left_outer") throw unsupported("LEFT JOIN LATERAL with an ON condition");
        plan = { kind: "filter", condition: cond, child: plan };
      }
    }
    return plan;
  }

  /**
   * `LATERAL (SELECT exprs) [alias]` without FROM: one row per left row, so the select items
   * are computed beside the left side's columns (they may name those columns and the columns of
   * earlier LATERAL items). Subqueries with a FROM clause are not supported.
   */
  private lateralSubquery(left: LogicalPlan, joinType: JoinType): LogicalPlan {
    const startTok = this.peek();
    this.expectOp("(");
    let sub = this.query();
    this.expectOp(")");
    const alias = this.tableAlias();
    if (alias?.columns) sub = renameOutputs(sub, alias.columns);
    let on: Expression | undefined;
    if (this.acceptKw("ON")) {
      const cond = this.expression();
      if (!(cond.kind === "literal" && cond.value === true)) on = cond;
    }
    const child = sub.kind === "project" ? sub.child : undefined;
    const fromless = child?.kind === "local_relation" && child.output.length === 0 && child.rows.length === 1;
    if (sub.kind === "project" && fromless && !sub.projectList.some((e) => e.kind === "star")) {
      let plan: LogicalPlan = {
        kind: "project",
        projectList: [{ kind: "star" }, ...sub.projectList],
        child: left,
      };
      if (on !== undefined) {
        if (joinType === "left_outer") throw unsupported("LEFT JOIN LATERAL with an ON condition");
        plan = { kind: "filter", condition: on, child: plan };
      }
      return plan;
    }
    // `(SELECT * FROM rel [WHERE cond])`: the correlated WHERE is the join condition.
    const onlyStar =
      sub.kind === "project" && sub.projectList.length === 1 && sub.projectList[0]!.kind === "star";
    if (onlyStar && child !== undefined && child.kind !== "aggregate") {
      const rel = child.kind === "filter" && child.having !== true ? child.child : child;
      const where = child.kind === "filter" && child.having !== true ? child.condition : undefined;
      const conds = [where, on].filter((c): c is Expression => c !== undefined);
      const condition = conds.reduce<Expression | undefined>(
        (acc, c) => (acc === undefined ? c : { kind: "and", left: acc, right: c }),
        undefined,
      );
      const relation = alias ? { kind: "subquery_alias" as const, alias: alias.name, child: rel } : rel;
      return {
        kind: "join",
        left,
        right: relation,
        joinType: joinType === "cross" ? "inner" : joinType,
        ...(condition ? { condition } : {}),
      };
    }
    throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
      messageParameters: {
        desc: "LATERAL subqueries other than SELECT exprs without FROM or SELECT * FROM rel WHERE …",
      },
      context: this.contextAt(startTok),
    });
  }

  /** `range(end)`, `range(start, end[, step])` in FROM; other table functions are not supported. */
  private tableValuedFunction(nameParts: readonly string[], nameTok: Token): LogicalPlan {
    const name = nameParts.join(".").toLowerCase();
    this.expectOp("(");
    const args = this.isOp(")") ? [] : this.expressionList();
    this.expectOp(")");
    if (GENERATOR_TVFS.has(name)) return this.generatorRelation(name, args, undefined, false);
    if (name !== "range") {
      throw new TsparkError("UNRESOLVABLE_TABLE_VALUED_FUNCTION", {
        messageParameters: { name: `\`${name}\`` },
        context: this.contextAt(nameTok, false),
      });
    }
    // Spark casts each foldable argument to BIGINT: `range(6 + cos(3))` is range(5).
    const values = args.map((a) => {
      const v = constantNumber(a, true);
      return v === undefined || !Number.isFinite(v) ? undefined : Math.trunc(v);
    });
    if (values.some((v) => v === undefined) || values.length < 1 || values.length > 4) {
      throw new TsparkError("INVALID_SQL_SYNTAX", {
        messageParameters: { inputString: "range() takes 1 to 3 integer literal arguments." },
        context: this.contextAt(nameTok),
      });
    }
    const [a, b, c] = values as number[];
    const [start, end, step] = values.length === 1 ? [0, a!, 1] : [a!, b!, c ?? 1];
    return {
      kind: "range",
      start,
      end,
      step,
      output: [
        {
          kind: "attribute",
          name: "id",
          dataType: LONG,
          nullable: false,
          exprId: nextExprId(),
          qualifier: [],
        },
      ],
    };
  }

  // ---- expressions ------------------------------------------------------------------------------

  /** namedExpression := expression [[AS] alias | AS (a, b, …)]. */
  namedExpression(): Expression {
    const e = this.expression();
    if (
      e.kind === "star" &&
      this.isKw("EXCEPT") &&
      this.isOp("(", 1) &&
      !QUERY_START.has(this.peek(2).text.toUpperCase())
    ) {
      // `* EXCEPT (a, b.c)`: the star without those columns, expanded by the analyzer.
      this.pos += 2;
      const names: Expression[] = [];
      do names.push({ kind: "unresolved_attribute", nameParts: this.multipartIdentifier() });
      while (this.acceptOp(","));
      this.expectOp(")");
      return call("__star_except", [e, ...names]);
    }
    if (this.acceptKw("AS")) {
      if (this.isOp("(")) return this.multiAlias(e, this.identifierList());
      return { kind: "alias", child: e, name: this.identifier(), exprId: nextExprId() };
    }
    if (this.isOp("(") && this.isIdentifierToken(1) && (this.isOp(",", 2) || this.isOp(")", 2))) {
      return this.multiAlias(e, this.identifierList());
    }
    if (this.isImplicitAlias())
      return { kind: "alias", child: e, name: this.identifier(), exprId: nextExprId() };
    return e;
  }

  private multiAlias(e: Expression, names: readonly string[]): Expression {
    return { kind: "alias", child: e, name: names.join("\u0000"), exprId: nextExprId() };
  }

  private namedExpressionList(): Expression[] {
    const out = [this.namedExpression()];
    while (this.acceptOp(",")) out.push(this.namedExpression());
    return out;
  }

  expressionList(): Expression[] {
    const out = [this.expression()];
    while (this.acceptOp(",")) out.push(this.expression());
    return out;
  }

  expression(): Expression {
    return this.orExpression();
  }

  private orExpression(): Expression {
    let left = this.andExpression();
    while (this.acceptKw("OR")) left = { kind: "or", left, right: this.andExpression() };
    return left;
  }

  private andExpression(): Expression {
    let left = this.notExpression();
    while (this.acceptKw("AND")) left = { kind: "and", left, right: this.notExpression() };
    return left;
  }

  private notExpression(): Expression {
    if (this.acceptKw("NOT") || this.acceptOp("!")) return not(this.notExpression());
    return this.predicated();
  }

  /** valueExpression followed by at most one predicate. */
  private predicated(): Expression {
    const e = this.comparison();
    // Spark 4 accepts `!` wherever a predicate takes NOT (`x ! BETWEEN …`, `x IS ! NULL`).
    const negated = this.isKw("NOT") || this.isOp("!");
    const at = negated ? 1 : 0;
    const invert = (x: Expression): Expression => (negated ? not(x) : x);
    if (this.isKw("BETWEEN", at)) {
      this.pos += at + 1;
      const lower = this.comparison();
      this.expectKw("AND");
      const upper = this.comparison();
      return invert(call("between", [e, lower, upper]));
    }
    if (this.isKw("IN", at)) {
      this.pos += at + 1;
      this.expectOp("(");
      if (this.startsQuery() && !this.isOp("(")) {
        const plan = this.query();
        this.expectOp(")");
        const values =
          e.kind === "unresolved_function" && e.name === "struct"
            ? e.args
            : (ROW_CONSTRUCTOR_VALUES.get(e) ?? [e]);
        return invert({ kind: "in_subquery", values, plan });
      }
      const values = this.expressionList();
      this.expectOp(")");
      return invert(call("in", [e, ...values]));
    }
    if (this.isKw("LIKE", at) || this.isKw("ILIKE", at)) {
      const name = this.peek(at).text.toLowerCase();
      this.pos += at + 1;
      if (this.isKw("ANY") || this.isKw("SOME") || this.isKw("ALL")) {
        const all = this.next().text.toUpperCase() === "ALL";
        this.expectOp("(");
        if (this.isOp(")")) {
          throw new TsparkError("INVALID_SQL_SYNTAX", {
            messageParameters: { inputString: "Expected something between '(' and ')'." },
          });
        }
        const patterns = this.expressionList();
        this.expectOp(")");
        const parts = patterns.map((p) => invert(call(name, [e, p])));
        return parts.reduce((l, r) =>
          all ? { kind: "and", left: l, right: r } : { kind: "or", left: l, right: r },
        );
      }
      const pattern = this.comparison();
      if (this.acceptKw("ESCAPE")) {
        const escTok = this.peek();
        const esc = this.expectString();
        if (esc.length !== 1) {
          throw new TsparkError("INVALID_ESC", {
            messageParameters: { invalidEscape: `'${esc}'` },
            context: this.contextAt(escTok),
          });
        }
        return invert(call(name, [e, pattern, literal(esc, STRING)]));
      }
      return invert(call(name, [e, pattern]));
    }
    if (this.isKw("RLIKE", at) || this.isKw("REGEXP", at)) {
      this.pos += at + 1;
      return invert(call("rlike", [e, this.comparison()]));
    }
    if (this.isKw("IS")) {
      this.pos++;
      const isNot = this.acceptKw("NOT") || this.acceptOp("!");
      if (this.acceptKw("NULL")) return call(isNot ? "isnotnull" : "isnull", [e]);
      if (this.acceptKw("TRUE")) {
        const x = call("<=>", [e, TRUE_LITERAL]);
        return isNot ? not(x) : x;
      }
      if (this.acceptKw("FALSE")) {
        const x = call("<=>", [e, FALSE_LITERAL]);
        return isNot ? not(x) : x;
      }
      if (this.acceptKw("UNKNOWN")) return call(isNot ? "isnotnull" : "isnull", [e]);
      if (this.acceptKw("DISTINCT")) {
        this.expectKw("FROM");
        const x = call("<=>", [e, this.comparison()]);
        return isNot ? x : not(x);
      }
      throw this.fail();
    }
    if (negated) {
      // `a NOT b`: NOT here can only start a predicate.
      this.pos++;
      throw this.fail();
    }
    return e;
  }

  private comparison(): Expression {
    let left = this.bitOr();
    for (;;) {
      const t = this.peek();
      if (t.kind !== "op") return left;
      let name: string | undefined;
      let negate = false;
      switch (t.text) {
        case "=":
        case "==":
          name = "=";
          break;
        case "<=>":
        case "<":
        case "<=":
        case ">":
        case ">=":
          name = t.text;
          break;
        case "<>":
        case "!=":
          name = "=";
          negate = true;
          break;
        default:
          return left;
      }
      this.pos++;
      const right = this.bitOr();
      const c = call(name, [left, right]);
      left = negate ? not(c) : c;
    }
  }

  private binaryLevel(ops: Readonly<Record<string, string>>, operand: () => Expression): Expression {
    let left = operand();
    for (;;) {
      const t = this.peek();
      const name = t.kind === "op" ? ops[t.text] : undefined;
      if (name === undefined) return left;
      this.pos++;
      left = call(name, [left, operand()]);
    }
  }

  private bitOr(): Expression {
    return this.binaryLevel({ "|": "|" }, () => this.bitXor());
  }

  private bitXor(): Expression {
    return this.binaryLevel({ "^": "^" }, () => this.bitAnd());
  }

  private bitAnd(): Expression {
    return this.binaryLevel({ "&": "&" }, () => this.shift());
  }

  private shift(): Expression {
    return this.binaryLevel({ "<<": "<<", ">>": ">>", ">>>": ">>>" }, () => this.additive());
  }

  private additive(): Expression {
    return this.binaryLevel({ "+": "+", "-": "-", "||": "concat" }, () => this.multiplicative());
  }

  private multiplicative(): Expression {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      let name: string | undefined;
      if (t.kind === "op" && (t.text === "*" || t.text === "/" || t.text === "%")) name = t.text;
      else if (t.kind === "ident" && t.text.toUpperCase() === "DIV") name = "div";
      if (name === undefined) return left;
      this.pos++;
      left = call(name, [left, this.unary()]);
    }
  }

  private unary(): Expression {
    const t = this.peek();
    if (t.kind === "op") {
      if (t.text === "-") {
        this.pos++;
        if (this.peek().kind === "number") {
          const num = this.next();
          return this.postfix(this.numberLiteralAt(num, true));
        }
        // unary minus is "-" with one argument: shown as (- x), while negative(x) keeps its name
        return call("-", [this.unary()]);
      }
      if (t.text === "+") {
        this.pos++;
        return call("+", [this.unary()]);
      }
      if (t.text === "~") {
        this.pos++;
        return call("~", [this.unary()]);
      }
    }
    return this.postfix(this.primary());
  }

  private numberLiteralAt(tok: Token, negative: boolean): Literal {
    try {
      return numberLiteral(tok.text, negative);
    } catch (e) {
      throw this.withContext(e, tok);
    }
  }

  /** Adds the SQL position to an error thrown while converting a token. */
  private withContext(e: unknown, tok: Token): unknown {
    if (e instanceof TsparkError && e.context === undefined) {
      return new TsparkError(e.errorClass, {
        messageParameters: e.messageParameters,
        context: this.contextAt(tok),
        cause: e.cause,
      });
    }
    return e;
  }

  private postfix(base: Expression): Expression {
    let e = base;
    for (;;) {
      if (this.isOp(".")) {
        if (this.isOp("*", 1) && e.kind === "unresolved_attribute") {
          this.pos += 2;
          e = { kind: "star", target: e.nameParts };
          continue;
        }
        if (!this.isIdentifierToken(1)) {
          this.pos++;
          throw this.fail();
        }
        this.pos++;
        const field = this.identifier();
        e =
          e.kind === "unresolved_attribute"
            ? { kind: "unresolved_attribute", nameParts: [...e.nameParts, field] }
            : { kind: "unresolved_extract", child: e, extraction: literal(field, STRING) };
        continue;
      }
      if (this.acceptOp("[")) {
        const index = this.expression();
        this.expectOp("]");
        e = { kind: "unresolved_extract", child: e, extraction: index };
        continue;
      }
      if (this.acceptOp("::")) {
        e = { kind: "cast", child: e, dataType: this.dataType(), mode: "ansi" };
        continue;
      }
      return e;
    }
  }

  /**
   * A data type written in SQL: the token span is cut out of the text and handed to the DDL
   * parser, so CAST and `::` accept exactly what `parseDataType` accepts.
   */
  dataType(): DataType {
    const first = this.peek();
    if (first.kind !== "ident") throw this.fail();
    this.pos++;
    if (this.isOp("<")) {
      let depth = 0;
      for (;;) {
        const t = this.next();
        if (t.kind === "eof") throw this.fail(t);
        if (t.kind !== "op") continue;
        if (t.text === "<") depth++;
        else if (t.text === ">") depth--;
        else if (t.text === ">>") depth -= 2;
        else if (t.text === ">>>") depth -= 3;
        if (depth <= 0) break;
      }
    } else if (this.isOp("(")) {
      while (!this.isOp(")")) {
        if (this.atEnd()) throw this.fail();
        this.pos++;
      }
      this.pos++;
    } else if (
      first.text.toUpperCase() === "INTERVAL" &&
      /^(year|month|day|hour|minute|second)$/i.test(this.peek().text)
    ) {
      this.pos++;
      if (this.isKw("TO")) this.pos += 2;
    }
    const last = this.toks[this.pos - 1]!;
    const text = this.sql.slice(first.offset, last.offset + last.raw.length);
    try {
      return parseDataType(text);
    } catch (e) {
      if (e instanceof TsparkError && e.errorClass === "PARSE_SYNTAX_ERROR") {
        const inner = e.context?.startPosition ?? 0;
        const { line, column } = positionOf(this.sql, first.offset + inner);
        throw new TsparkError("PARSE_SYNTAX_ERROR", {
          messageParameters: e.messageParameters,
          context: { sqlText: this.sql, line, startPosition: column, parse: true },
        });
      }
      throw this.withContext(e, first);
    }
  }

  private primary(): Expression {
    const t = this.peek();
    switch (t.kind) {
      case "number":
        this.pos++;
        return this.numberLiteralAt(t, false);
      case "string":
        return literal(this.stringLiteral(), STRING);
      case "binary":
        this.pos++;
        try {
          return binaryLiteral(t.text);
        } catch (e) {
          throw this.withContext(e, t);
        }
      case "op":
        if (t.text === "*") {
          this.pos++;
          return { kind: "star" };
        }
        if (t.text === "(") return this.parenthesized();
        if (t.text === ":" && this.peek(1).kind === "ident" && this.peek(1).offset === t.offset + 1) {
          this.pos += 2;
          return this.parameter(this.peek(-1).text, t);
        }
        if (t.text === "?") {
          this.pos++;
          return this.parameter(this.positionalIndex++, t);
        }
        throw this.fail();
      case "quoted_ident":
        return this.nameOrCall();
      case "ident":
        return this.wordPrimary(t);
      default:
        throw this.fail();
    }
  }

  /** Adjacent string literals concatenate (`'a' 'b'` is `'ab'`). */
  private stringLiteral(): string {
    let s = "";
    while (this.peek().kind === "string") s += this.next().text;
    return s;
  }

  private parenthesized(): Expression {
    this.expectOp("(");
    if (this.isKw("SELECT") || this.isKw("WITH") || (this.isKw("FROM") && !this.isOp("(", 1))) {
      const plan = this.query();
      this.expectOp(")");
      return { kind: "scalar_subquery", plan };
    }
    const first = this.namedExpression();
    if (this.acceptOp(")")) {
      if (this.isOp("->")) return this.lambdaAfterParams([first]);
      return first;
    }
    const items = [first];
    while (this.acceptOp(",")) items.push(this.namedExpression());
    this.expectOp(")");
    if (this.isOp("->")) return this.lambdaAfterParams(items);
    return rowConstructor(items);
  }

  /**
   * The rest of a lambda `x -> body` / `(x, y) -> body` once its parameters are read (each must be a
   * plain name) and `->` is next. The body extends as far as an expression does.
   */
  private lambdaAfterParams(params: readonly Expression[]): Expression {
    const names = params.map((p) => {
      if (p.kind !== "unresolved_attribute" || p.nameParts.length !== 1) throw this.fail();
      return p.nameParts[0]!;
    });
    this.expectOp("->");
    const body = this.expression();
    return {
      kind: "lambda_function",
      params: names.map((name) => ({ kind: "lambda_variable", name, exprId: nextExprId() })),
      body,
    };
  }

  private wordPrimary(t: Token): Expression {
    const upper = t.text.toUpperCase();
    const nextTok = this.peek(1);
    const nextIsParen = nextTok.kind === "op" && nextTok.text === "(";
    switch (upper) {
      case "NULL":
        this.pos++;
        return NULL_LITERAL;
      case "TRUE":
        this.pos++;
        return literal(true, BOOLEAN);
      case "FALSE":
        this.pos++;
        return literal(false, BOOLEAN);
      case "CASE":
        return this.caseExpression();
      case "CAST":
      case "TRY_CAST":
        if (nextIsParen) {
          this.pos += 2;
          const child = this.expression();
          this.expectKw("AS");
          const dataType = this.dataType();
          this.expectOp(")");
          // Spark turns CAST(NULL AS <array/map/struct>) into a typed NULL literal, named `NULL`.
          if (
            upper === "CAST" &&
            child.kind === "literal" &&
            child.value === null &&
            child.dataType.kind === "null" &&
            (dataType.kind === "array" || dataType.kind === "map" || dataType.kind === "struct")
          ) {
            return literal(null, dataType);
          }
          return { kind: "cast", child, dataType, mode: upper === "CAST" ? "ansi" : "try" };
        }
        break;
      case "INTERVAL":
        if (
          nextTok.kind === "string" ||
          nextTok.kind === "number" ||
          (nextTok.kind === "op" && (nextTok.text === "-" || nextTok.text === "+"))
        ) {
          return this.intervalLiteral();
        }
        break;
      case "EXISTS":
        if (nextIsParen && (this.isKw("SELECT", 2) || this.isKw("WITH", 2) || this.isKw("FROM", 2))) {
          this.pos += 2;
          const plan = this.query();
          this.expectOp(")");
          return { kind: "exists_subquery", plan };
        }
        break;
      case "DATEADD":
      case "DATE_ADD":
      case "TIMESTAMPADD":
      case "DATEDIFF":
      case "DATE_DIFF":
      case "TIMEDIFF":
      case "TIMESTAMPDIFF":
        if (nextIsParen && this.isOp(",", 3)) {
          const unitTok = this.peek(2);
          const fn = upper.includes("ADD") ? "timestampadd" : "timestampdiff";
          if (unitTok.kind === "ident" && DATETIME_UNITS.has(unitTok.text.toUpperCase())) {
            this.pos += 4;
            const a = this.expression();
            this.expectOp(",");
            const b = this.expression();
            this.expectOp(")");
            return call(fn, [literal(unitTok.text.toUpperCase(), STRING), a, b]);
          }
          if (unitTok.kind === "string") this.rejectQuotedUnit(t.text.toLowerCase());
        }
        break;
      case "EXTRACT":
      case "DATE_PART":
        if (nextIsParen && this.isIdentifierToken(2) && this.isKw("FROM", 3)) {
          this.pos += 2;
          const field = this.identifier();
          this.expectKw("FROM");
          const source = this.expression();
          this.expectOp(")");
          return call("extract", [literal(field, STRING), source]);
        }
        break;
      case "SUBSTRING":
      case "SUBSTR":
        if (nextIsParen) {
          this.pos++;
          return this.substringCall(upper.toLowerCase());
        }
        break;
      case "TRIM":
        if (nextIsParen) {
          this.pos++;
          return this.trimCall();
        }
        break;
      case "POSITION":
        if (nextIsParen) {
          this.pos++;
          return this.positionCall();
        }
        break;
      case "OVERLAY":
        if (nextIsParen) {
          this.pos++;
          return this.overlayCall();
        }
        break;
      default:
        break;
    }
    if (nextTok.kind === "string" && !nextIsParen) {
      if (TYPED_LITERAL_WORDS.has(upper) || upper === "INTERVAL") {
        this.pos++;
        const value = this.stringLiteral();
        try {
          return typedLiteral(upper, value, this.timeZone);
        } catch (e) {
          throw this.withContext(e, t);
        }
      }
      if (!CLAUSE_WORDS.has(upper)) {
        try {
          return typedLiteral(upper, nextTok.text, this.timeZone);
        } catch (e) {
          throw this.withContext(e, t);
        }
      }
    }
    if (!nextIsParen && NILADIC.has(upper)) {
      this.pos++;
      return call(upper === "USER" || upper === "SESSION_USER" ? "current_user" : upper.toLowerCase(), []);
    }
    if (!nextIsParen && RESERVED_IN_EXPRESSION.has(upper)) throw this.fail();
    return this.nameOrCall();
  }

  /** A (dotted) name: a column reference, `t.*`, or a function call. */
  private nameOrCall(): Expression {
    const parts = [this.identifier()];
    while (this.isOp(".") && this.isIdentifierToken(1)) {
      this.pos++;
      parts.push(this.identifier());
    }
    if (this.isOp("(")) return this.functionCall(parts);
    if (this.isOp("->")) return this.lambdaAfterParams([{ kind: "unresolved_attribute", nameParts: parts }]);
    return { kind: "unresolved_attribute", nameParts: parts };
  }

  /**
   * The three-argument `dateadd`/`datediff`/… forms take a bare unit; a quoted one is Spark's
   * INVALID_PARAMETER_VALUE.DATETIME_UNIT (the two-argument forms with a string first are fine).
   */
  private rejectQuotedUnit(name: string): void {
    const start = this.pos;
    const unit = this.peek(2).raw;
    this.pos += 2;
    let count = 0;
    try {
      count = this.expressionList().length;
    } catch {
      count = 0;
    }
    this.pos = start;
    if (count !== 3) return;
    throw new TsparkError("INVALID_PARAMETER_VALUE.DATETIME_UNIT", {
      messageParameters: { functionName: `\`${name}\``, parameter: "`unit`", invalidValue: unit },
    });
  }

  private functionCall(nameParts: readonly string[]): Expression {
    const name = nameParts.join(".").toLowerCase();
    this.expectOp("(");
    let isDistinct = false;
    if (this.acceptKw("DISTINCT")) isDistinct = true;
    else if (this.isKw("ALL") && !this.isOp(")", 1) && !this.isOp(",", 1)) this.pos++;
    let args: Expression[] = [];
    let ignoreNulls: boolean | undefined;
    if (!this.isOp(")")) {
      // Spark's grammar lets STRUCT(...) name its fields: struct(a AS x, b).
      args = name === "struct" ? this.namedExpressionList() : this.expressionList();
      if (this.isKw("IGNORE") && this.isKw("NULLS", 1)) {
        this.pos += 2;
        ignoreNulls = true;
      } else if (this.isKw("RESPECT") && this.isKw("NULLS", 1)) {
        this.pos += 2;
        ignoreNulls = false;
      }
    }
    this.expectOp(")");
    if (
      name === "count" &&
      !isDistinct &&
      args.length === 1 &&
      args[0]!.kind === "star" &&
      !args[0]!.target
    ) {
      args = [literal(1, INT)];
    }
    if (this.isKw("WITHIN") && this.isKw("GROUP", 1)) args = this.withinGroup(name, args);
    let filter: Expression | undefined;
    if (this.isKw("FILTER") && this.isOp("(", 1)) {
      this.pos += 2;
      this.expectKw("WHERE");
      filter = this.expression();
      this.expectOp(")");
    }
    if (this.isKw("IGNORE") && this.isKw("NULLS", 1)) {
      this.pos += 2;
      ignoreNulls = true;
    } else if (this.isKw("RESPECT") && this.isKw("NULLS", 1)) {
      this.pos += 2;
      ignoreNulls = false;
    }
    const fn: UnresolvedFunction = {
      kind: "unresolved_function",
      name,
      args,
      isDistinct,
      ...(filter ? { filter } : {}),
      ...(ignoreNulls ? { ignoreNulls } : {}),
    };
    if (this.acceptKw("OVER")) {
      if (this.isIdentifierToken() && !this.isOp("(")) {
        const ref = this.identifier();
        const w: WindowExpression = {
          kind: "window_expression",
          function: fn,
          spec: { partitionBy: [], orderBy: [] },
        };
        this.windowRefs.set(w, ref);
        return w;
      }
      this.expectOp("(");
      // `OVER (w)`: a named window in parentheses.
      if (this.isIdentifierToken() && this.isOp(")", 1)) {
        const ref = this.identifier();
        this.expectOp(")");
        const w: WindowExpression = {
          kind: "window_expression",
          function: fn,
          spec: { partitionBy: [], orderBy: [] },
        };
        this.windowRefs.set(w, ref);
        return w;
      }
      const spec = this.windowSpecBody();
      this.expectOp(")");
      return { kind: "window_expression", function: fn, spec };
    }
    return fn;
  }

  /**
   * `f(args) WITHIN GROUP (ORDER BY x [DESC])` becomes the call `f(x, args…, reverse)`: the ordering
   * column first and a BOOLEAN "descending" flag last (`mode() WITHIN GROUP` becomes
   * `mode(x, true, reverse)`, deterministic). The inverse-distribution definitions render the
   * WITHIN GROUP form back as their column name.
   */
  private withinGroup(name: string, args: readonly Expression[]): Expression[] {
    this.pos += 2;
    this.expectOp("(");
    if (!((this.isKw("ORDER") || this.isKw("SORT")) && this.isKw("BY", 1))) this.expectKw("ORDER");
    this.pos += 2;
    const order = this.sortItems();
    this.expectOp(")");
    if (order.length !== 1) throw unsupported("WITHIN GROUP with more than one ordering column");
    const first = order[0]!;
    const reverse = first.direction === "desc" ? TRUE_LITERAL : FALSE_LITERAL;
    if (name === "mode") return [first.child, ...args, TRUE_LITERAL, reverse];
    return [first.child, ...args, reverse];
  }

  /** `[PARTITION|DISTRIBUTE BY …] [ORDER|SORT BY …] [ROWS|RANGE frame]` inside OVER ( … ). */
  private windowSpecBody(): WindowSpec {
    let partitionBy: Expression[] = [];
    let orderBy: SortOrder[] = [];
    if ((this.isKw("PARTITION") || this.isKw("DISTRIBUTE")) && this.isKw("BY", 1)) {
      this.pos += 2;
      partitionBy = this.expressionList();
    } else if (this.isKw("CLUSTER") && this.isKw("BY", 1)) {
      this.pos += 2;
      partitionBy = this.expressionList();
    }
    if ((this.isKw("ORDER") || this.isKw("SORT")) && this.isKw("BY", 1)) {
      this.pos += 2;
      orderBy = this.sortItems();
    }
    let frame: WindowFrame | undefined;
    if (this.isKw("ROWS") || this.isKw("RANGE")) {
      const frameType = this.next().text.toUpperCase() === "ROWS" ? "rows" : "range";
      if (this.acceptKw("BETWEEN")) {
        const lower = this.frameBound();
        this.expectKw("AND");
        const upper = this.frameBound();
        frame = { frameType, lower, upper };
      } else {
        frame = { frameType, lower: this.frameBound(), upper: { type: "current_row" } };
      }
    }
    return frame ? { partitionBy, orderBy, frame } : { partitionBy, orderBy };
  }

  private frameBound(): FrameBoundary {
    if (this.acceptKw("UNBOUNDED")) {
      if (this.acceptKw("PRECEDING")) return { type: "unbounded_preceding" };
      this.expectKw("FOLLOWING");
      return { type: "unbounded_following" };
    }
    if (this.acceptKw("CURRENT")) {
      this.expectKw("ROW");
      return { type: "current_row" };
    }
    const tok = this.peek();
    const e = this.additive();
    const v = constantNumber(e);
    if (v === undefined) {
      throw new TsparkError("INVALID_SQL_SYNTAX", {
        messageParameters: { inputString: "Frame bound value must be a literal." },
        context: this.contextAt(tok),
      });
    }
    if (this.acceptKw("PRECEDING")) return { type: "offset", value: -v, preceding: true };
    this.expectKw("FOLLOWING");
    return { type: "offset", value: v };
  }

  sortItems(): SortOrder[] {
    const out: SortOrder[] = [];
    do {
      const child = this.expression();
      let direction: "asc" | "desc" = "asc";
      if (this.acceptKw("DESC")) direction = "desc";
      else this.acceptKw("ASC");
      let nullOrdering: "nulls_first" | "nulls_last" = direction === "asc" ? "nulls_first" : "nulls_last";
      if (this.acceptKw("NULLS")) {
        if (this.acceptKw("FIRST")) nullOrdering = "nulls_first";
        else {
          this.expectKw("LAST");
          nullOrdering = "nulls_last";
        }
      }
      out.push({ kind: "sort_order", child, direction, nullOrdering });
    } while (this.acceptOp(","));
    return out;
  }

  /** CASE [x] WHEN … THEN … [ELSE …] END; the simple form becomes `x = v` conditions. */
  private caseExpression(): Expression {
    this.expectKw("CASE");
    const subject = this.isKw("WHEN") ? undefined : this.expression();
    const branches: [Expression, Expression][] = [];
    while (this.acceptKw("WHEN")) {
      const cond = this.expression();
      this.expectKw("THEN");
      const value = this.expression();
      branches.push([subject ? call("=", [subject, cond]) : cond, value]);
    }
    if (branches.length === 0) throw this.fail();
    let elseValue: Expression | undefined;
    if (this.acceptKw("ELSE")) elseValue = this.expression();
    this.expectKw("END");
    return elseValue ? { kind: "case_when", branches, elseValue } : { kind: "case_when", branches };
  }

  /**
   * `INTERVAL '1 day'`, `INTERVAL '3' HOUR`, `INTERVAL 1 DAY 2 HOURS`, `INTERVAL '1 02:03' DAY TO
   * MINUTE`: an ANSI interval literal (Spark 4's default), or a CalendarInterval one when
   * `legacyInterval` is set.
   */
  private intervalLiteral(): Expression {
    const start = this.peek();
    this.expectKw("INTERVAL");
    let iv: { months: number; days: number; micros: number } | null = { months: 0, days: 0, micros: 0 };
    const units: string[] = [];
    const pieces: string[] = [];
    let any = false;
    const invalid = (value: string) =>
      this.withContext(
        new TsparkError("INVALID_TYPED_LITERAL", {
          messageParameters: { valueType: '"INTERVAL"', value: `'${value}'` },
        }),
        start,
      );
    for (;;) {
      const t = this.peek();
      let negate = false;
      let signed = false;
      if (
        t.kind === "op" &&
        (t.text === "-" || t.text === "+") &&
        (this.peek(1).kind === "number" || this.peek(1).kind === "string")
      ) {
        negate = t.text === "-";
        signed = true;
      }
      const vt = this.peek(signed ? 1 : 0);
      if (vt.kind !== "string" && vt.kind !== "number") break;
      // After the first unit, a value continues the literal only when a unit follows it:
      // `interval '2' year - '4'` is a subtraction (interval.sql.out).
      const after = this.peek(signed ? 2 : 1);
      if (
        any &&
        !(
          after.kind === "ident" &&
          /^(year|month|week|day|hour|minute|second|millisecond|microsecond)s?$/i.test(after.text)
        )
      )
        break;
      if (signed) this.pos++;
      const value = vt.kind === "string" ? this.stringLiteral() : this.next().text;
      const unitTok = this.peek();
      if (unitTok.kind === "ident" && /^nanoseconds?$/i.test(unitTok.text)) {
        // The grammar accepts nanoseconds but no interval can hold them (interval.sql.out).
        throw new TsparkError("INVALID_INTERVAL_FORMAT.INVALID_UNIT", {
          messageParameters: {
            input: ` ${[...pieces, `${negate ? "-" : ""}${value} ${unitTok.text}`].join(" ")}`,
            unit: unitTok.text,
          },
        });
      }
      if (
        unitTok.kind === "ident" &&
        /^(year|month|week|day|hour|minute|second|millisecond|microsecond)s?$/i.test(unitTok.text)
      ) {
        this.pos++;
        if (this.isKw("TO")) {
          // Only one FROM TO unit pair per literal, alone (interval.sql.out _LEGACY_ERROR_TEMP_0024).
          const single = () =>
            this.withContext(new TsparkError("_LEGACY_ERROR_TEMP_0024", { messageParameters: {} }), start);
          if (any) throw single();
          this.pos++;
          const toTok = this.next();
          const more = this.peek();
          if (more.kind === "string" || more.kind === "number") throw single();
          try {
            const lit = unitToUnitIntervalLiteral(value, negate, unitTok.text, toTok.text);
            if (this.legacyInterval) {
              const v = lit.value as number | bigint;
              const legacy =
                lit.dataType.kind === "year_month_interval"
                  ? { months: v as number, days: 0, micros: 0 }
                  : { months: 0, days: 0, micros: Number(v) };
              return literal(legacy, CALENDAR_INTERVAL);
            }
            return lit;
          } catch (e) {
            throw this.withContext(e, start);
          }
        }
        // Blanks may follow the sign inside the quotes: interval '-\t 1' day (interval.sql.out).
        const trimmed = value.trim().replace(/^([+-])\s+/, "$1");
        const count = negate
          ? trimmed.startsWith("-")
            ? trimmed.slice(1)
            : `-${trimmed.replace(/^\+/, "")}`
          : trimmed;
        iv = iv && addIntervalUnit(iv, count, unitTok.text);
        units.push(unitTok.text.toLowerCase().replace(/s$/, ""));
        pieces.push(`${negate ? "-" : ""}${vt.kind === "string" ? `'${value}'` : value} ${unitTok.text}`);
      } else if (vt.kind === "string") {
        const parsed = parseIntervalString(value);
        iv = iv &&
          parsed && {
            months: iv.months + (negate ? -parsed.months : parsed.months),
            days: iv.days + (negate ? -parsed.days : parsed.days),
            micros: iv.micros + (negate ? -parsed.micros : parsed.micros),
          };
        units.push(...intervalStringUnits(value));
        pieces.push(`${negate ? "-" : ""}'${value}'`);
      } else throw this.fail(unitTok);
      any = true;
      if (iv === null) throw invalid(value);
    }
    if (!any || iv === null) throw this.fail();
    if (this.legacyInterval) return literal(iv, CALENDAR_INTERVAL);
    try {
      return ansiIntervalLiteral(iv, units, `interval ${pieces.join(" ")}`);
    } catch (e) {
      throw this.withContext(e, start);
    }
  }

  private substringCall(name: string): Expression {
    this.expectOp("(");
    const str = this.expression();
    if (this.acceptKw("FROM")) {
      const pos = this.expression();
      const args = [str, pos];
      if (this.acceptKw("FOR")) args.push(this.expression());
      this.expectOp(")");
      // Spark builds Substring directly for the FROM/FOR form, so `substr(s FROM 2)` is named substring.
      return call("substring", args);
    }
    const args = [str];
    while (this.acceptOp(",")) args.push(this.expression());
    this.expectOp(")");
    return call(name, args);
  }

  /** TRIM([BOTH|LEADING|TRAILING] [chars] FROM str) → trim/ltrim/rtrim([chars, ]str). */
  private trimCall(): Expression {
    this.expectOp("(");
    let name = "trim";
    let sawOption = false;
    if (this.acceptKw("BOTH")) sawOption = true;
    else if (this.acceptKw("LEADING")) {
      name = "ltrim";
      sawOption = true;
    } else if (this.acceptKw("TRAILING")) {
      name = "rtrim";
      sawOption = true;
    }
    if (sawOption && this.acceptKw("FROM")) {
      const str = this.expression();
      this.expectOp(")");
      return call(name, [str]);
    }
    const first = this.expression();
    if (this.acceptKw("FROM")) {
      const str = this.expression();
      this.expectOp(")");
      // Spark's two-argument trim functions take the trim characters first: trim(trimStr, str).
      return call(name, [first, str]);
    }
    if (sawOption) throw this.fail();
    const args = [first];
    while (this.acceptOp(",")) args.push(this.expression());
    this.expectOp(")");
    return call("trim", args);
  }

  /** POSITION(substr IN str) → locate(substr, str); otherwise a normal call. */
  private positionCall(): Expression {
    this.expectOp("(");
    const sub = this.comparison();
    if (this.acceptKw("IN")) {
      const str = this.expression();
      this.expectOp(")");
      return call("locate", [sub, str]);
    }
    const args = [sub];
    while (this.acceptOp(",")) args.push(this.expression());
    this.expectOp(")");
    return call("position", args);
  }

  /** OVERLAY(input PLACING replace FROM pos [FOR len]). */
  private overlayCall(): Expression {
    this.expectOp("(");
    const input = this.expression();
    if (this.acceptKw("PLACING")) {
      const replace = this.expression();
      this.expectKw("FROM");
      const pos = this.expression();
      const args = [input, replace, pos];
      if (this.acceptKw("FOR")) args.push(this.expression());
      this.expectOp(")");
      return call("overlay", args);
    }
    const args = [input];
    while (this.acceptOp(",")) args.push(this.expression());
    this.expectOp(")");
    return call("overlay", args);
  }
}

/** The values of each `(a, b)` row constructor, so `(a, b) IN (SELECT …)` can compare them one by one. */
const ROW_CONSTRUCTOR_VALUES = new WeakMap<Expression, readonly Expression[]>();

/**
 * `(a, b)` as Spark parses it: CreateStruct, shown as `named_struct(a, a, b, b)`, with fields named
 * after column references or aliases, else `colN`.
 */
function rowConstructor(items: readonly Expression[]): Expression {
  if (items.some((e) => e.kind === "star")) return call("struct", [...items]);
  const args: Expression[] = [];
  const values: Expression[] = [];
  items.forEach((e, i) => {
    const name =
      e.kind === "alias"
        ? e.name
        : e.kind === "unresolved_attribute"
          ? e.nameParts[e.nameParts.length - 1]!
          : `col${i + 1}`;
    const value = e.kind === "alias" ? e.child : e;
    args.push(literal(name, STRING), value);
    values.push(value);
  });
  const row = call("named_struct", args);
  ROW_CONSTRUCTOR_VALUES.set(row, values);
  return row;
}

/**
 * Applies a column alias list (`AS t(a, b)`, `WITH t(a, b)`) by renaming the query's select
 * items, as Spark's UnresolvedSubqueryColumnAliases does after resolution. Only shapes whose
 * output names are visible before resolution can be renamed here (a select list without `*`, an
 * inline table); others are rejected until the plan union has a node for this.
 */
function renameOutputs(plan: LogicalPlan, names: readonly string[]): LogicalPlan {
  const mismatch = (n: number) =>
    new TsparkError("INVALID_SQL_SYNTAX", {
      messageParameters: {
        inputString: `the number of column aliases (${names.length}) does not match the number of columns (${n}).`,
      },
    });
  const renameList = (items: readonly Expression[]): Expression[] => {
    if (items.some((e) => e.kind === "star")) throw unsupported("column aliases over a SELECT * query");
    if (items.length !== names.length) throw mismatch(items.length);
    return items.map((e, i) => ({
      kind: "alias",
      child: e.kind === "alias" ? e.child : e,
      name: names[i]!,
      exprId: nextExprId(),
    }));
  };
  switch (plan.kind) {
    case "unresolved_inline_table":
      // The analyzer checks the row width against the names, as for `VALUES … AS t(a, b)`.
      return { ...plan, names: [...names] };
    case "subquery_alias":
      return { ...plan, child: renameOutputs(plan.child, names) };
    case "project": {
      // `SELECT * FROM VALUES …` (a common view body) renames the inline table itself.
      const only = plan.projectList.length === 1 ? plan.projectList[0]! : undefined;
      const inner = plan.child.kind === "subquery_alias" ? plan.child.child : plan.child;
      if (only?.kind === "star" && !only.target && inner.kind === "unresolved_inline_table") {
        return { ...plan, child: renameOutputs(plan.child, names) };
      }
      return { ...plan, projectList: renameList(plan.projectList) };
    }
    case "aggregate":
      return { ...plan, aggregateExpressions: renameList(plan.aggregateExpressions) };
    case "distinct":
    case "limit":
    case "offset":
      return { ...plan, child: renameOutputs(plan.child, names) };
    case "range": {
      if (names.length !== 1) throw mismatch(1);
      return { ...plan, output: plan.output.map((a) => ({ ...a, name: names[0]! })) };
    }
    default:
      throw unsupported(`column aliases over a ${plan.kind.replace(/_/g, " ")} query`);
  }
}

/**
 * A QUALIFY condition with references to select-list aliases (`QUALIFY rank = 1`) replaced by the
 * aliased expressions, so it can be computed beside the select list.
 */
function qualifyCondition(cond: Expression, selectList: readonly Expression[]): Expression {
  const aliases = new Map<string, Expression>();
  for (const e of selectList) if (e.kind === "alias") aliases.set(e.name.toLowerCase(), e.child);
  return transformDown(cond, (x) => {
    if (x.kind !== "unresolved_attribute" || x.nameParts.length !== 1) return x;
    return aliases.get(x.nameParts[0]!.toLowerCase()) ?? x;
  });
}

function sortOrder(child: Expression, direction: "asc" | "desc"): SortOrder {
  return {
    kind: "sort_order",
    child,
    direction,
    nullOrdering: direction === "asc" ? "nulls_first" : "nulls_last",
  };
}

/** Folds an integer constant expression (literals, unary minus, + - *), or undefined. */
function constantInteger(e: Expression): number | undefined {
  const v = constantNumber(e);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

/** String functions whose value over a literal is its character count. */
const STRING_LENGTH: ReadonlySet<string> = new Set(["length", "char_length", "character_length", "len"]);

/** Math functions a constant argument (of `range`, LIMIT, …) may use. */
const UNARY_MATH: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  cos: Math.cos,
  exp: Math.exp,
  floor: Math.floor,
  ln: Math.log,
  sin: Math.sin,
  sqrt: Math.sqrt,
  tan: Math.tan,
};

/** A constant numeric expression's value; `math` also folds `/` and UNARY_MATH (DOUBLE results). */
function constantNumber(e: Expression, math = false): number | undefined {
  if (e.kind === "literal") {
    if (typeof e.value === "number") return e.value;
    if (typeof e.value === "bigint") {
      if (e.dataType.kind === "decimal") {
        const scale = e.dataType.scale;
        return Number(e.value) / 10 ** scale;
      }
      return Number(e.value);
    }
    return undefined;
  }
  if (e.kind === "cast") {
    const inner = e.child;
    if (inner.kind === "literal" && typeof inner.value === "string" && /^\s*[+-]?\d+\s*$/.test(inner.value)) {
      return Number(inner.value);
    }
    return constantNumber(inner, math);
  }
  if (e.kind === "unresolved_function") {
    // `LIMIT length('SPARK')`: the character count of a string literal is a foldable INT.
    const arg = e.args[0];
    if (e.args.length === 1 && STRING_LENGTH.has(e.name.toLowerCase()) && arg?.kind === "literal") {
      return typeof arg.value === "string" ? [...arg.value].length : undefined;
    }
    const vs = e.args.map((x) => constantNumber(x, math));
    if (vs.some((v) => v === undefined)) return undefined;
    const [a, b] = vs as number[];
    switch (e.name) {
      case "negative":
        return vs.length === 1 ? -a! : undefined;
      case "positive":
        return vs.length === 1 ? a : undefined;
      case "+":
        return vs.length === 1 ? a : a! + b!;
      case "-":
        return vs.length === 1 ? -a! : a! - b!;
      case "*":
        return a! * b!;
      case "/":
        return math ? a! / b! : undefined;
      default:
        return math && vs.length === 1 ? UNARY_MATH[e.name.toLowerCase()]?.(a!) : undefined;
    }
  }
  return undefined;
}

/** Applies `f` to every expression held directly by the plan nodes of a query (not through joins' children twice). */
function mapPlanExpressions(plan: LogicalPlan, f: (e: Expression) => Expression): LogicalPlan {
  switch (plan.kind) {
    case "project":
      return { ...plan, projectList: plan.projectList.map(f), child: mapPlanExpressions(plan.child, f) };
    case "aggregate":
      return {
        ...plan,
        aggregateExpressions: plan.aggregateExpressions.map(f),
        groupingExpressions: plan.groupingExpressions.map(f),
      };
    case "filter":
      return { ...plan, condition: f(plan.condition), child: mapPlanExpressions(plan.child, f) };
    case "sort":
      return {
        ...plan,
        order: plan.order.map((o) => f(o) as SortOrder),
        child: mapPlanExpressions(plan.child, f),
      };
    case "distinct":
    case "limit":
    case "offset":
      return { ...plan, child: mapPlanExpressions(plan.child, f) };
    default:
      return plan;
  }
}

function parseWith<T>(text: string, options: ParserOptions | undefined, body: (p: Parser) => T): T {
  const p = new Parser(text, options);
  return body(p);
}

/**
 * Parses a SQL expression, optionally aliased (`a + 1 AS b`), as `expr()`, `selectExpr`,
 * `filter("…")` and `withColumn` strings need. Throws PARSE_SYNTAX_ERROR with the position.
 */
export function parseExpression(text: string, options?: ParserOptions): Expression {
  return parseWith(text, options, (p) => {
    if (p.atEnd()) throw p.fail();
    const e = p.namedExpression();
    p.expectEnd();
    p.checkWindowRefs();
    return e;
  });
}

/**
 * Parses one SQL statement (a trailing `;` is allowed). Throws PARSE_EMPTY_STATEMENT for blank
 * input and PARSE_SYNTAX_ERROR (with line and position) for malformed text.
 */
export function parseStatement(text: string, options?: ParserOptions): Statement {
  return parseWith(text, options, (p) => {
    if (p.onlySemicolons()) throw new TsparkError("PARSE_EMPTY_STATEMENT", {});
    const s = p.statement();
    p.expectEnd();
    p.checkWindowRefs();
    return s;
  });
}

/** Parses a query and returns its unresolved plan (`spark.sql` for queries, view bodies). */
export function parseQuery(text: string, options?: ParserOptions): LogicalPlan {
  const s = parseStatement(text, options);
  if (s.kind !== "query") {
    throw syntaxErrorAt(text, 0, `'${text.trim().split(/\s+/)[0] ?? ""}'`);
  }
  return s.plan;
}

/** Parses a dotted, possibly backquoted name: "a.`b.c`" → ["a", "b.c"]. */
export function parseMultipartIdentifier(text: string): string[] {
  return parseWith(text, undefined, (p) => {
    const parts = p.multipartIdentifier();
    p.expectEnd();
    return parts;
  });
}

/** Parses a data type written as SQL (`decimal(10, 2)`, `array<int>`). */
export function parseSqlDataType(text: string): DataType {
  return parseDataType(text);
}
