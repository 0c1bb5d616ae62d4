/**
 * Expression text: Spark's generated column names (`toPrettySQL`: `(age + 1)`, `upper(name)`,
 * `count(1)`), error-message SQL, and explain strings (`name#3`). Function-specific syntax
 * (operators, `CASE`, `IN`) comes from the function definitions through `functionSql`.
 */
import { type DataType, quoteIfNeeded } from "../types/data-type.js";
import type { Expression, FrameBoundary, WindowSpec } from "./expression.js";

/** How to render. */
export interface DisplayOptions {
  /** Append `#exprId` to attributes (explain). */
  readonly withIds?: boolean;
  /** A function's own syntax (`(a + b)`), or undefined for the default `name(a, b)`. */
  readonly functionSql?: (name: string, args: readonly string[]) => string | undefined;
  /** Renders a literal value of a type as Spark's `Literal.toString` does. */
  readonly literalText?: (value: unknown, type: DataType) => string;
}

let defaultOptions: DisplayOptions = {};
/** Installs the session-independent defaults (function syntax table, literal text); called at startup. */
export function installDisplayDefaults(opts: DisplayOptions): void {
  defaultOptions = opts;
}

/** Spark's `toPrettySQL`: the generated column name of an expression. */
export function prettySql(e: Expression, opts: DisplayOptions = defaultOptions): string {
  return render(e.kind === "alias" ? e.child : e, { ...defaultOptions, ...opts });
}

/** Explain form with `#ids`. */
export function explainSql(e: Expression): string {
  return render(e, { ...defaultOptions, withIds: true });
}

/** Spark's `toSQLExpr` for messages: the pretty SQL in double quotes. */
export function quotedSql(e: Expression): string {
  return `"${prettySql(e)}"`;
}

/** Functions whose explain text (Spark's `toString`) is the plain call, unlike their SQL text. */
const EXPLAINED_AS_CALLS: ReadonlySet<string> = new Set(["isnull", "isnotnull"]);

function render(e: Expression, o: DisplayOptions): string {
  const r = (x: Expression): string => render(x, o);
  switch (e.kind) {
    case "literal":
      return e.text ?? literalText(e.value, e.dataType, o);
    case "unresolved_attribute": {
      const name = e.nameParts.map((p) => (p.includes(".") ? `\`${p}\`` : p)).join(".");
      // explain marks unresolved names with a quote, as Spark does ('name)
      return o.withIds ? `'${name}` : name;
    }
    case "star":
      return e.target ? `${e.target.join(".")}.*` : "*";
    case "attribute":
      return o.withIds ? `${e.name}#${e.exprId}${e.dataType.kind === "long" ? "L" : ""}` : e.name;
    case "bound":
      return `input[${e.ordinal}]`;
    case "alias":
      // A nested alias shows as Spark's Alias.sql (`b AS x`); a top-level one is the column name itself.
      return o.withIds
        ? `${r(e.child)} AS ${e.name}#${e.exprId}${typeSuffix(e.child)}`
        : `${r(e.child)} AS ${quoteIfNeeded(e.name)}`;
    case "cast":
      if (e.implicit && !o.withIds) return r(e.child);
      return `${e.mode === "try" ? "TRY_CAST" : "CAST"}(${r(e.child)} AS ${e.dataType.sql()})`;
    case "unresolved_function": {
      const args = e.args.map(r);
      if (o.withIds && EXPLAINED_AS_CALLS.has(e.name)) return `${e.name}(${args.join(", ")})`;
      if (o.withIds && !e.isDistinct && !o.functionSql?.(e.name, args))
        return `'${e.name}(${args.join(", ")})`;
      if (e.isDistinct) return `${e.name}(DISTINCT ${args.join(", ")})${filterText(e.filter, o)}`;
      return (o.functionSql?.(e.name, args) ?? `${e.name}(${args.join(", ")})`) + filterText(e.filter, o);
    }
    case "call": {
      const args = e.args.map(r);
      // Spark's IsNull/IsNotNull print as calls in plans (`isnotnull(a#1)`), as SQL in names.
      if (o.withIds && EXPLAINED_AS_CALLS.has(e.name)) return `${e.name}(${args.join(", ")})`;
      return e.bound.display?.(args) ?? o.functionSql?.(e.name, args) ?? `${e.name}(${args.join(", ")})`;
    }
    case "generator":
    case "window_function": {
      const args = e.args.map(r);
      return o.functionSql?.(e.name, args) ?? `${e.name}(${args.join(", ")})`;
    }
    case "aggregate": {
      const args = e.args.map(r);
      const plain = o.functionSql?.(e.name, args) ?? `${e.name}(${args.join(", ")})`;
      // DISTINCT goes inside the function's own text, which may add default arguments
      const body = !e.isDistinct
        ? plain
        : plain.startsWith(`${e.name}(`)
          ? `${e.name}(DISTINCT ${plain.slice(e.name.length + 1)}`
          : `${e.name}(DISTINCT ${args.join(", ")})`;
      return body + filterText(e.filter, o);
    }
    case "udf":
      return `${e.name}(${e.args.map(r).join(", ")})`;
    case "unresolved_extract":
      return extractText(r(e.child), e.extraction, o);
    case "get_struct_field":
      return `${r(e.child)}.${e.name}`;
    case "and":
      return `(${r(e.left)} AND ${r(e.right)})`;
    case "or":
      return `(${r(e.left)} OR ${r(e.right)})`;
    case "case_when": {
      if (e.display) {
        const args: string[] = [];
        if (e.displayArgs) args.push(...e.displayArgs.map(r));
        else {
          for (const [c, v] of e.branches) args.push(r(c), r(v));
          if (e.elseValue) args.push(r(e.elseValue));
        }
        return e.display === "if" ? `(IF(${args.join(", ")}))` : `${e.display}(${args.join(", ")})`;
      }
      let s = "CASE";
      for (const [c, v] of e.branches) s += ` WHEN ${r(c)} THEN ${r(v)}`;
      if (e.elseValue) s += ` ELSE ${r(e.elseValue)}`;
      return `${s} END`;
    }
    case "coalesce":
      return `${e.display ?? "coalesce"}(${e.children.map(r).join(", ")})`;
    case "sort_order":
      return `${r(e.child)} ${e.direction === "asc" ? "ASC" : "DESC"} ${e.nullOrdering === "nulls_first" ? "NULLS FIRST" : "NULLS LAST"}`;
    case "lambda_variable":
      // Spark names columns with `namedlambdavariable()` for every bound variable and shows an
      // unbound one by its name (error messages); explain shows name and id.
      if (o.withIds) return `lambda ${e.name}#${e.exprId}`;
      return e.dataType === undefined ? e.name : "namedlambdavariable()";
    case "lambda_function": {
      const parts = [r(e.body), ...e.params.map(r)];
      if (o.withIds) parts.push(e.hidden ? "true" : "false");
      return `lambdafunction(${parts.join(", ")})`;
    }
    case "window_expression":
      return `${r(e.function)} OVER (${windowSpecText(e.spec, o)})`;
    case "scalar_subquery":
      return `scalarsubquery(${(e.outerAttrs ?? []).map(r).join(", ")})`;
    case "exists_subquery":
      return `exists(${(e.outerAttrs ?? []).map(r).join(", ")})`;
    case "in_subquery": {
      const vs = e.values.map(r);
      const left = vs.length === 1 ? vs[0]! : `named_struct(${vs.join(", ")})`;
      return `(${left} IN (listquery(${(e.outerAttrs ?? []).map(r).join(", ")})))`;
    }
    case "outer_reference":
      return o.withIds ? `outer(${r(e.attr)})` : r(e.attr);
  }
}

function filterText(f: Expression | undefined, o: DisplayOptions): string {
  return f ? ` FILTER (WHERE ${render(f, o)})` : "";
}

function extractText(child: string, extraction: Expression, o: DisplayOptions): string {
  if (extraction.kind === "literal" && typeof extraction.value === "string") {
    return `${child}[${render(extraction, o)}]`;
  }
  return `${child}[${render(extraction, o)}]`;
}

/** Spark's window spec text: `PARTITION BY a ORDER BY b ASC NULLS FIRST ROWS BETWEEN …`. */
export function windowSpecText(spec: WindowSpec, o: DisplayOptions = defaultOptions): string {
  const parts: string[] = [];
  if (spec.partitionBy.length > 0)
    parts.push(`PARTITION BY ${spec.partitionBy.map((p) => render(p, o)).join(", ")}`);
  if (spec.orderBy.length > 0) parts.push(`ORDER BY ${spec.orderBy.map((p) => render(p, o)).join(", ")}`);
  if (spec.frame) {
    const f = spec.frame;
    parts.push(
      `${f.frameType === "rows" ? "ROWS" : "RANGE"} BETWEEN ${boundaryText(f.lower)} AND ${boundaryText(f.upper)}`,
    );
  }
  return parts.join(" ");
}

function boundaryText(b: FrameBoundary): string {
  switch (b.type) {
    case "unbounded_preceding":
      return "UNBOUNDED PRECEDING";
    case "unbounded_following":
      return "UNBOUNDED FOLLOWING";
    case "current_row":
      return "CURRENT ROW";
    case "offset":
      return b.preceding ? `${-b.value} PRECEDING` : `${b.value} FOLLOWING`;
  }
}

function literalText(value: unknown, type: DataType, o: DisplayOptions): string {
  if (value === null) return "NULL";
  if (o.literalText) return o.literalText(value, type);
  return String(value);
}

function typeSuffix(e: Expression): string {
  const t = "dataType" in e ? e.dataType : undefined;
  return t && typeof t === "object" && t.kind === "long" ? "L" : "";
}
