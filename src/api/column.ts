/**
 * Column: a handle on an (unresolved) expression, with PySpark's Column methods. Immutable; every
 * method returns a new Column. Resolution happens when a DataFrame using it is built.
 */
import { TsparkError } from "../common/errors.js";
import type { Expression, SortOrder, WindowSpec } from "../expressions/expression.js";
import { literalFromJs } from "../expressions/literal.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";
import { parseDataType } from "../types/ddl.js";
import type { DataType } from "../types/data-type.js";

/** A Column or a column name. */
export type ColumnOrName = Column | string;

/** Anything accepted where PySpark accepts a Column or a literal value. */
export type ColumnOrLiteral = Column | string | number | bigint | boolean | null | Date | Uint8Array;

/** Builds a window spec holder; implemented by api/window.ts (kept as an interface to avoid a cycle). */
export interface WindowSpecLike {
  readonly spec: WindowSpec;
}

export class Column {
  constructor(readonly expr: Expression) {}

  // ---- naming --------------------------------------------------------------------------------
  /** `expr AS name`; several names for multi-output generators are joined by the caller. */
  alias(name: string, ...more: string[]): Column {
    if (more.length > 0) {
      return new Column({
        kind: "alias",
        child: this.expr,
        name: [name, ...more].join("\u0000"),
        exprId: nextExprId(),
      });
    }
    return new Column({ kind: "alias", child: this.expr, name, exprId: nextExprId() });
  }
  as(name: string, ...more: string[]): Column {
    return this.alias(name, ...more);
  }
  name(name: string): Column {
    return this.alias(name);
  }

  // ---- casts -----------------------------------------------------------------------------------
  cast(dataType: DataType | string): Column {
    const t = typeof dataType === "string" ? parseDataType(dataType) : dataType;
    return new Column({ kind: "cast", child: this.expr, dataType: t, mode: "ansi" });
  }
  astype(dataType: DataType | string): Column {
    return this.cast(dataType);
  }
  try_cast(dataType: DataType | string): Column {
    const t = typeof dataType === "string" ? parseDataType(dataType) : dataType;
    return new Column({ kind: "cast", child: this.expr, dataType: t, mode: "try" });
  }

  // ---- arithmetic ------------------------------------------------------------------------------
  plus(other: ColumnOrLiteral): Column {
    return this.op("+", other);
  }
  minus(other: ColumnOrLiteral): Column {
    return this.op("-", other);
  }
  multiply(other: ColumnOrLiteral): Column {
    return this.op("*", other);
  }
  divide(other: ColumnOrLiteral): Column {
    return this.op("/", other);
  }
  mod(other: ColumnOrLiteral): Column {
    return this.op("%", other);
  }
  /** Unary minus (`-col`). */
  negate(): Column {
    return call("-", this.expr);
  }
  /** `col ** other` (PySpark `__pow__`). */
  pow(other: ColumnOrLiteral): Column {
    return this.op("power", other);
  }
  bitwiseAND(other: ColumnOrLiteral): Column {
    return this.op("&", other);
  }
  bitwiseOR(other: ColumnOrLiteral): Column {
    return this.op("|", other);
  }
  bitwiseXOR(other: ColumnOrLiteral): Column {
    return this.op("^", other);
  }

  // ---- comparison ------------------------------------------------------------------------------
  equalTo(other: ColumnOrLiteral): Column {
    return this.op("=", other);
  }
  eq(other: ColumnOrLiteral): Column {
    return this.equalTo(other);
  }
  notEqual(other: ColumnOrLiteral): Column {
    return call("not", this.op("=", other).expr);
  }
  ne(other: ColumnOrLiteral): Column {
    return this.notEqual(other);
  }
  gt(other: ColumnOrLiteral): Column {
    return this.op(">", other);
  }
  geq(other: ColumnOrLiteral): Column {
    return this.op(">=", other);
  }
  ge(other: ColumnOrLiteral): Column {
    return this.geq(other);
  }
  lt(other: ColumnOrLiteral): Column {
    return this.op("<", other);
  }
  leq(other: ColumnOrLiteral): Column {
    return this.op("<=", other);
  }
  le(other: ColumnOrLiteral): Column {
    return this.leq(other);
  }
  eqNullSafe(other: ColumnOrLiteral): Column {
    return this.op("<=>", other);
  }

  // ---- boolean ---------------------------------------------------------------------------------
  and(other: ColumnOrLiteral): Column {
    return new Column({ kind: "and", left: this.expr, right: toExprLiteral(other) });
  }
  or(other: ColumnOrLiteral): Column {
    return new Column({ kind: "or", left: this.expr, right: toExprLiteral(other) });
  }
  not(): Column {
    return call("not", this.expr);
  }

  // ---- predicates ------------------------------------------------------------------------------
  isNull(): Column {
    return call("isnull", this.expr);
  }
  isNotNull(): Column {
    return call("isnotnull", this.expr);
  }
  isNaN(): Column {
    return call("isnan", this.expr);
  }
  /** `col IN (values…)`; accepts values or one array of values. */
  isin(...values: (ColumnOrLiteral | readonly ColumnOrLiteral[])[]): Column {
    const flat =
      values.length === 1 && Array.isArray(values[0])
        ? (values[0] as ColumnOrLiteral[])
        : (values as ColumnOrLiteral[]);
    return call("in", this.expr, ...flat.map(toExprLiteral));
  }
  /** `(col >= lower) AND (col <= upper)`, as PySpark builds it. */
  between(lower: ColumnOrLiteral, upper: ColumnOrLiteral): Column {
    return this.geq(lower).and(this.leq(upper));
  }
  like(pattern: string): Column {
    return this.op("like", pattern);
  }
  rlike(pattern: string): Column {
    return this.op("rlike", pattern);
  }
  ilike(pattern: string): Column {
    return this.op("ilike", pattern);
  }
  contains(other: ColumnOrLiteral): Column {
    return this.op("contains", other);
  }
  startswith(other: ColumnOrLiteral): Column {
    return this.op("startswith", other);
  }
  endswith(other: ColumnOrLiteral): Column {
    return this.op("endswith", other);
  }
  substr(startPos: ColumnOrLiteral, length: ColumnOrLiteral): Column {
    return call("substr", this.expr, toExprLiteral(startPos), toExprLiteral(length));
  }

  // ---- nested access ---------------------------------------------------------------------------
  getField(name: string): Column {
    return new Column({ kind: "unresolved_extract", child: this.expr, extraction: literalFromJs(name) });
  }
  getItem(key: ColumnOrLiteral): Column {
    return new Column({ kind: "unresolved_extract", child: this.expr, extraction: toExprLiteral(key) });
  }
  withField(fieldName: string, col: Column): Column {
    return call("with_field", this.expr, literalFromJs(fieldName), col.expr);
  }
  dropFields(...fieldNames: string[]): Column {
    return call("drop_fields", this.expr, ...fieldNames.map((n) => literalFromJs(n)));
  }

  // ---- conditional -----------------------------------------------------------------------------
  /** Chains another branch onto a `when(...)` column. */
  when(condition: Column, value: ColumnOrLiteral): Column {
    if (this.expr.kind !== "case_when" || this.expr.elseValue !== undefined) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message:
            "when() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied.",
        },
      });
    }
    return new Column({
      ...this.expr,
      branches: [...this.expr.branches, [condition.expr, toExprLiteral(value)]],
    });
  }
  otherwise(value: ColumnOrLiteral): Column {
    if (this.expr.kind !== "case_when" || this.expr.elseValue !== undefined) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message:
            "otherwise() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied.",
        },
      });
    }
    return new Column({ ...this.expr, elseValue: toExprLiteral(value) });
  }

  // ---- ordering --------------------------------------------------------------------------------
  asc(): Column {
    return this.sortOrder("asc", "nulls_first");
  }
  asc_nulls_first(): Column {
    return this.sortOrder("asc", "nulls_first");
  }
  asc_nulls_last(): Column {
    return this.sortOrder("asc", "nulls_last");
  }
  desc(): Column {
    return this.sortOrder("desc", "nulls_last");
  }
  desc_nulls_first(): Column {
    return this.sortOrder("desc", "nulls_first");
  }
  desc_nulls_last(): Column {
    return this.sortOrder("desc", "nulls_last");
  }

  // ---- windows ---------------------------------------------------------------------------------
  over(window?: WindowSpecLike): Column {
    const spec: WindowSpec = window?.spec ?? { partitionBy: [], orderBy: [] };
    return new Column({ kind: "window_expression", function: this.expr, spec });
  }

  toString(): string {
    return `Column<'${columnNodeSql(this.expr)}'>`;
  }

  private op(name: string, other: ColumnOrLiteral): Column {
    return call(name, this.expr, toExprLiteral(other));
  }
  private sortOrder(direction: "asc" | "desc", nullOrdering: "nulls_first" | "nulls_last"): Column {
    const child = this.expr.kind === "sort_order" ? this.expr.child : this.expr;
    const so: SortOrder = { kind: "sort_order", child, direction, nullOrdering };
    return new Column(so);
  }
}

/**
 * PySpark's `str(Column)` text (Spark 4's `ColumnNode.sql`): like the column name, except that
 * field access reads `c['x']['y']`, `withField` / `dropFields` read `update_field(c, x, y)` /
 * `drop_field(c, x)` (SPARK-49894), and a string field name is not quoted inside them.
 */
function columnNodeSql(e: Expression): string {
  if (
    e.kind === "unresolved_extract" &&
    e.extraction.kind === "literal" &&
    typeof e.extraction.value === "string"
  ) {
    return `${columnNodeSql(e.child)}['${e.extraction.value}']`;
  }
  if (e.kind === "unresolved_function" && (e.name === "with_field" || e.name === "drop_fields")) {
    const [child, ...rest] = e.args;
    const nameOf = (x: Expression | undefined): string =>
      x?.kind === "literal" && typeof x.value === "string" ? x.value : x ? columnNodeSql(x) : "";
    if (e.name === "with_field") {
      return `update_field(${columnNodeSql(child!)}, ${nameOf(rest[0])}, ${rest[1] ? columnNodeSql(rest[1]) : ""})`;
    }
    return rest.reduce((acc, f) => `drop_field(${acc}, ${nameOf(f)})`, columnNodeSql(child!));
  }
  return prettySql(e);
}

/** An unresolved function call column. */
export function call(name: string, ...args: Expression[]): Column {
  return new Column({ kind: "unresolved_function", name, args, isDistinct: false });
}

/** A Column, or a column name string, as an expression (strings are column names). */
export function toExpr(c: ColumnOrName): Expression {
  if (c instanceof Column) return c.expr;
  if (typeof c === "string") return nameToExpr(c);
  throw new TsparkError("ILLEGAL_ARGUMENT", {
    messageParameters: { message: `Expected a Column or a column name, got ${typeof c}.` },
  });
}

/** A Column as is; any other value becomes a literal (strings included, as in PySpark operators). */
export function toExprLiteral(c: ColumnOrLiteral | readonly unknown[]): Expression {
  if (c instanceof Column) return c.expr;
  return literalFromJs(c);
}

/** `"*"`, `"t.*"`, `"a.b"`, `` "`a.b`" `` → attribute or star. */
export function nameToExpr(name: string): Expression {
  if (name === "*") return { kind: "star" };
  const parts = parseAttributeName(name);
  if (parts.length > 1 && parts[parts.length - 1] === "*" && !name.endsWith("`*`")) {
    return { kind: "star", target: parts.slice(0, -1) };
  }
  return { kind: "unresolved_attribute", nameParts: parts };
}

/** Splits `a.b.c` into parts, honouring backquotes (`` `a.b`.c `` → [a.b, c]). */
export function parseAttributeName(name: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let inQuote = false;
  let i = 0;
  while (i < name.length) {
    const ch = name[i]!;
    if (inQuote) {
      if (ch === "`") {
        if (name[i + 1] === "`") {
          cur += "`";
          i += 2;
          continue;
        }
        inQuote = false;
      } else cur += ch;
    } else if (ch === "`") inQuote = true;
    else if (ch === ".") {
      parts.push(cur);
      cur = "";
    } else cur += ch;
    i++;
  }
  if (inQuote) {
    throw new TsparkError("PARSE_SYNTAX_ERROR", {
      messageParameters: { error: `'${name}'`, hint: ": unclosed backquote" },
    });
  }
  parts.push(cur);
  return parts;
}
