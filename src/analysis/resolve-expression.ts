/**
 * Expression resolution: names → attributes, function names → bound kernels, implicit casts,
 * extraction (`a.b`, `a[0]`, `m['k']`), type checks of built-in expression kinds.
 * Pure: (expression, input attributes, context) → resolved expression or a TsparkError.
 */
import { TsparkError } from "../common/errors.js";
import type {
  AggregateCall,
  AttributeReference,
  Cast,
  Expression,
  GeneratorCall,
  LambdaVariable,
  SortOrder,
  WindowExpression,
  WindowFrame,
  WindowFunctionCall,
} from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { evaluateConstant } from "../expressions/evaluate.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literal } from "../expressions/literal.js";
import { exists } from "../expressions/tree.js";
import { isResolved, nullableOf, typeOf } from "../expressions/typing.js";
import { bindCast, checkCast } from "../functions/core/cast.js";
import { typeMismatch, unexpectedInputType } from "../functions/errors.js";
import type { BindArg, FunctionDefinition } from "../functions/function-definition.js";
import {
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  NULL_TYPE,
  quoteIfNeeded,
  SHORT,
  sameTypeIgnoreNullability,
  STRING,
  TIMESTAMP,
} from "../types/data-type.js";
import { canImplicitCast, findWiderCommonType } from "../types/coercion.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import type { AnalyzerContext } from "./analyzer-context.js";
import { ambiguousReference, unresolvedColumn, unresolvedRoutine, wrongNumArgs } from "./errors.js";
import { extractValue } from "./extract-value.js";
import { groupingMarker } from "./resolve-grouping-analytics.js";
import { resolveSubquery } from "./resolve-subquery.js";
import { wrapUdf } from "./wrap-udf.js";
import {
  hasLambdaArgument,
  lambdaOutsideHigherOrder,
  resolveHigherOrderCall,
  resolveLambdaName,
  resolveLambdaVariable,
} from "./resolve-lambda.js";

/**
 * Spark's cast-alias functions (`int(x)` is `CAST(x AS INT)`); the cast stays out of column names,
 * as in Spark, where these casts carry no user-specified tag.
 */
const CAST_ALIASES: ReadonlyMap<string, DataType> = new Map<string, DataType>([
  ["bigint", LONG],
  ["binary", BINARY],
  ["boolean", BOOLEAN],
  ["date", DATE],
  ["decimal", new DecimalType(10, 0)],
  ["double", DOUBLE],
  ["float", FLOAT],
  ["int", INT],
  ["smallint", SHORT],
  ["string", STRING],
  ["timestamp", TIMESTAMP],
  ["tinyint", BYTE],
]);

/** Where an expression is being resolved. */
export interface Scope {
  readonly input: readonly AttributeReference[];
  /** Extra attributes tried when `input` has no match (ORDER BY / HAVING on hidden columns). */
  readonly fallback?: readonly AttributeReference[];
  /** Lambda variables in scope inside a lambda body, innermost first; they shadow columns. */
  readonly lambdas?: readonly LambdaVariable[];
}

/** Resolves expressions against a scope within one analyzer context. */
export class ExpressionResolver {
  /**
   * Attributes of the enclosing queries, innermost last, while a subquery is being resolved: a
   * name not found in the subquery's own scope resolves to an `outer_reference` to one of them.
   */
  readonly outerScopes: (readonly AttributeReference[])[] = [];
  /** Resolves a subquery's plan; installed by the Analyzer that owns this resolver. */
  resolvePlan: ((plan: LogicalPlan) => LogicalPlan) | undefined;

  /** The function of the window expression being resolved: an aggregate over a window may take
   * aggregates as arguments (`sum(sum(x)) OVER ()` in an aggregate query), a plain one may not. */
  private windowedFunction: Expression | undefined;
  constructor(readonly ctx: AnalyzerContext) {}

  /** Resolves every unresolved node of `e` against `scope` (stars are not allowed here). */
  resolve(e: Expression, scope: Scope): Expression {
    switch (e.kind) {
      case "literal":
      case "bound":
        return e;
      case "attribute":
        return this.resolveExisting(e, scope);
      case "unresolved_attribute":
        return this.resolveAttribute(e.nameParts, scope);
      case "star":
        throw new TsparkError("INVALID_USAGE_OF_STAR_OR_REGEX", {
          messageParameters: { elem: "'*'", prettyName: "expression" },
        });
      case "alias":
        return { ...e, child: this.resolve(e.child, scope) };
      case "cast":
        return this.resolveCast({ ...e, child: this.resolve(e.child, scope) });
      case "unresolved_function":
        return this.resolveFunction(e, scope);
      case "unresolved_extract": {
        const child = this.resolve(e.child, scope);
        const extraction = this.resolve(e.extraction, scope);
        return extractValue(child, extraction, this.ctx);
      }
      case "and":
      case "or": {
        const left = this.coerceTo(this.resolve(e.left, scope), BOOLEAN);
        const right = this.coerceTo(this.resolve(e.right, scope), BOOLEAN);
        for (const side of [left, right]) {
          if (typeOf(side).kind !== "boolean") {
            const whole = { ...e, left, right };
            throw typeMismatch("BINARY_OP_WRONG_TYPE", prettySql(whole), {
              inputType: '"BOOLEAN"',
              actualDataType: `"${typeOf(side).sql()}"`,
            });
          }
        }
        return { ...e, left, right };
      }
      case "case_when":
        return this.resolveCaseWhen(e, scope);
      case "coalesce":
        return this.resolveCoalesce(
          e.children.map((c) => this.resolve(c, scope)),
          e.display,
        );
      case "sort_order":
        return { ...e, child: this.resolve(e.child, scope) };
      case "window_expression":
        return this.resolveWindowExpression(e, scope);
      case "udf": {
        const args = e.args.map((a) => this.resolve(a, scope));
        return { ...e, args, fn: wrapUdf(e.userFn, args.map(typeOf), e.dataType) };
      }
      case "get_struct_field":
        return { ...e, child: this.resolve(e.child, scope) };
      case "lambda_variable":
        return resolveLambdaVariable(e, scope);
      case "lambda_function":
        // Only reached outside a function argument; inside one the higher-order call resolves it.
        throw lambdaOutsideHigherOrder();
      case "call":
      case "aggregate":
      case "generator":
      case "window_function":
        return isResolved(e) ? e : e;
      case "outer_reference":
        return e;
      case "scalar_subquery":
      case "exists_subquery":
      case "in_subquery":
        return resolveSubquery(this, e, scope);
    }
  }

  /** `* EXCEPT (a, …)`: the star's columns without the named top-level ones. */
  private expandStarExcept(
    star: Expression,
    names: readonly Expression[],
    input: readonly AttributeReference[],
  ): Expression[] {
    const cols = this.expandStars([star], input);
    const attrs = cols.filter((c): c is AttributeReference => c.kind === "attribute");
    const drop = new Set<number>();
    const seen = new Set<string>();
    for (const n of names) {
      const key = n.kind === "unresolved_attribute" ? n.nameParts.join(".").toLowerCase() : "";
      // `s.* EXCEPT (f)`: the struct star's items are named fields, matched by name.
      const field =
        n.kind === "unresolved_attribute" && n.nameParts.length === 1
          ? cols.find((c) => c.kind === "alias" && this.eq(c.name, n.nameParts[0]!))
          : undefined;
      if (field?.kind === "alias") {
        if (seen.has(key))
          throw new TsparkError("EXCEPT_OVERLAPPING_COLUMNS", { messageParameters: { columns: key } });
        seen.add(key);
        drop.add(field.exprId);
        continue;
      }
      const resolved = this.resolve(n, { input: attrs });
      if (resolved.kind !== "attribute") {
        throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
          messageParameters: { desc: "SELECT * EXCEPT of a nested field" },
        });
      }
      if (seen.has(key) || drop.has(resolved.exprId)) {
        throw new TsparkError("EXCEPT_OVERLAPPING_COLUMNS", {
          messageParameters: {
            columns: names
              .map((x) => (x.kind === "unresolved_attribute" ? x.nameParts.join(".") : ""))
              .join(", "),
          },
        });
      }
      seen.add(key);
      drop.add(resolved.exprId);
    }
    return cols.filter((c) => !((c.kind === "attribute" || c.kind === "alias") && drop.has(c.exprId)));
  }

  /** Expands `*` / `t.*` / `s.*` (struct) in a list; other items are returned unchanged. */
  expandStars(items: readonly Expression[], input: readonly AttributeReference[]): Expression[] {
    const out: Expression[] = [];
    for (const item of items) {
      if (
        item.kind === "unresolved_function" &&
        item.name === "__star_except" &&
        item.args[0]?.kind === "star"
      ) {
        out.push(...this.expandStarExcept(item.args[0], item.args.slice(1), input));
        continue;
      }
      if (item.kind !== "star") {
        out.push(item);
        continue;
      }
      if (item.columns) {
        out.push(...item.columns);
        continue;
      }
      if (!item.target || item.target.length === 0) {
        out.push(...input);
        continue;
      }
      const target = item.target;
      const q = input.filter(
        (a) =>
          a.qualifier.length > 0 && this.eq(a.qualifier[a.qualifier.length - 1]!, target[target.length - 1]!),
      );
      if (q.length > 0 && target.length === 1) {
        out.push(...q);
        continue;
      }
      // `s.*` on a struct column expands its fields.
      const structExpr = this.resolveAttribute(target, { input });
      const t = typeOf(structExpr);
      if (t.kind !== "struct") {
        throw new TsparkError("INVALID_USAGE_OF_STAR_OR_REGEX", {
          messageParameters: { elem: `'${target.join(".")}.*'`, prettyName: "expression" },
        });
      }
      t.fields.forEach((f, i) => {
        out.push({
          kind: "alias",
          child: { kind: "get_struct_field", child: structExpr, ordinal: i, name: f.name },
          name: f.name,
          exprId: nextExprId(),
        });
      });
    }
    return out;
  }

  private eq(a: string, b: string): boolean {
    return this.ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  }

  private resolveExisting(a: AttributeReference, scope: Scope): Expression {
    const byId =
      scope.input.find((x) => x.exprId === a.exprId) ?? scope.fallback?.find((x) => x.exprId === a.exprId);
    if (byId) return byId;
    // A column taken from another DataFrame (df.col("x")) whose plan was rebuilt: match by name.
    return this.resolveAttribute([a.name], scope);
  }

  /** Resolves `a`, `t.a`, `a.b.c` (nested fields) against the scope. */
  resolveAttribute(parts: readonly string[], scope: Scope): Expression {
    const lambdaVar = resolveLambdaName(this, parts, scope);
    if (lambdaVar) return lambdaVar;
    const found =
      this.matchAttribute(parts, scope.input) ??
      (scope.fallback ? this.matchAttribute(parts, scope.fallback) : undefined);
    if (!found) {
      for (let i = this.outerScopes.length - 1; i >= 0; i--) {
        const outer = this.matchAttribute(parts, this.outerScopes[i]!);
        if (outer && outer.rest.length === 0) return { kind: "outer_reference", attr: outer.attr };
      }
      // Hive's virtual column for grouping_id() under GROUPING SETS / ROLLUP / CUBE.
      if (parts.length === 1 && parts[0]!.toLowerCase() === "grouping__id") {
        return {
          kind: "alias",
          child: groupingMarker("grouping_id", []),
          name: "grouping__id",
          exprId: nextExprId(),
        };
      }
      throw unresolvedColumn(parts, scope.input);
    }
    let expr: Expression = found.attr;
    for (const field of found.rest) {
      expr = extractValue(expr, literal(field, STRING), this.ctx, true);
    }
    return expr;
  }

  private matchAttribute(
    parts: readonly string[],
    input: readonly AttributeReference[],
  ): { attr: AttributeReference; rest: readonly string[] } | undefined {
    let matches: { attr: AttributeReference; rest: readonly string[] }[] = [];
    if (parts.length >= 2) {
      for (const a of input) {
        const q = a.qualifier[a.qualifier.length - 1];
        if (q !== undefined && this.eq(q, parts[0]!) && this.eq(a.name, parts[1]!))
          matches.push({ attr: a, rest: parts.slice(2) });
      }
    }
    if (matches.length === 0) {
      for (const a of input) if (this.eq(a.name, parts[0]!)) matches.push({ attr: a, rest: parts.slice(1) });
    }
    const seen = new Set<number>();
    matches = matches.filter((m) => {
      if (seen.has(m.attr.exprId)) return false;
      seen.add(m.attr.exprId);
      return true;
    });
    if (matches.length > 1)
      throw ambiguousReference(
        parts,
        matches.map((m) => m.attr),
      );
    return matches[0];
  }

  private resolveCast(e: Cast): Expression {
    if (e.castFn) return e;
    const from = typeOf(e.child);
    const mode = e.mode === "ansi" && !this.ctx.bind.ansi ? "legacy" : e.mode;
    checkCast(from, e.dataType, mode, prettySql(e));
    return { ...e, mode, castFn: bindCast(from, e.dataType, mode, this.ctx.bind) };
  }

  /** Wraps `e` in an implicit cast to `to` when its type differs and the cast is allowed. */
  coerceTo(e: Expression, to: DataType): Expression {
    const from = typeOf(e);
    if (sameTypeIgnoreNullability(from, to)) return e;
    if (from.kind !== "null" && !canImplicitCast(from, to, this.ctx.bind.ansi)) return e;
    return this.resolveCast({
      kind: "cast",
      child: e,
      dataType: to,
      mode: this.ctx.bind.ansi ? "ansi" : "legacy",
      implicit: true,
    });
  }

  private resolveCaseWhen(e: Expression & { kind: "case_when" }, scope: Scope): Expression {
    const conds = e.branches.map(([c]) => this.coerceTo(this.resolve(c, scope), BOOLEAN));
    const values = e.branches.map(([, v]) => this.resolve(v, scope));
    const elseValue = e.elseValue ? this.resolve(e.elseValue, scope) : undefined;
    const all = elseValue ? [...values, elseValue] : values;
    const target = this.commonType(all, e.display ?? "casewhen", () =>
      prettySql({
        ...e,
        branches: conds.map((c, i) => [c, values[i]!] as const),
        ...(elseValue ? { elseValue } : {}),
      }),
    );
    for (const c of conds) {
      if (typeOf(c).kind !== "boolean") {
        throw typeMismatch("UNEXPECTED_INPUT_TYPE", prettySql(e), {
          paramIndex: "first",
          requiredType: '"BOOLEAN"',
          inputSql: `"${prettySql(c)}"`,
          inputType: `"${typeOf(c).sql()}"`,
        });
      }
    }
    const branches = conds.map((c, i) => [c, this.coerceTo(values[i]!, target)] as const);
    return elseValue ? { ...e, branches, elseValue: this.coerceTo(elseValue, target) } : { ...e, branches };
  }

  /** COALESCE-like expression over resolved children. */
  resolveCoalesce(children: readonly Expression[], display?: string): Expression {
    const whole = { kind: "coalesce" as const, children, ...(display ? { display } : {}) };
    const target = this.commonType(children, display ?? "coalesce", () => prettySql(whole));
    return { ...whole, children: children.map((c) => this.coerceTo(c, target)) };
  }

  private commonType(exprs: readonly Expression[], functionName: string, sql: () => string): DataType {
    const types = exprs.map(typeOf);
    const nonNull = types.filter((t) => t.kind !== "null");
    if (nonNull.length === 0) return NULL_TYPE;
    const wider = findWiderCommonType(nonNull, this.ctx.bind.ansi);
    if (!wider) {
      throw typeMismatch("DATA_DIFF_TYPES", sql(), {
        functionName: `\`${functionName}\``,
        dataType: `[${types.map((t) => `"${t.sql()}"`).join(", ")}]`,
      });
    }
    return wider;
  }

  private resolveFunction(e: Expression & { kind: "unresolved_function" }, scope: Scope): Expression {
    const name = e.name.toLowerCase();
    // count(t.*) is rejected by Spark (count.sql.out); count(*) is count(1).
    if (
      name === "count" &&
      e.args.length === 1 &&
      e.args[0]!.kind === "star" &&
      e.args[0]!.target !== undefined
    ) {
      const target = e.args.find((a) => a.kind === "star")!;
      throw new TsparkError("_LEGACY_ERROR_TEMP_1021", {
        messageParameters: { targetString: target.kind === "star" ? (target.target ?? []).join(".") : "" },
      });
    }
    const rawArgs = e.args.some((a) => a.kind === "star") ? this.expandStars(e.args, scope.input) : e.args;
    // A lambda argument is resolved by the higher-order function that receives it (resolve-lambda.ts).
    const args = rawArgs.map((a) => (a.kind === "lambda_function" ? a : this.resolve(a, scope)));
    if (hasLambdaArgument(args)) {
      return resolveHigherOrderCall(this, e.name, this.ctx.registry.lookup(name), args, scope);
    }
    const filter = e.filter ? checkAggregateFilter(this.resolve(e.filter, scope)) : undefined;
    switch (name) {
      case "coalesce":
        if (args.length === 0) throw wrongNumArgs(name, 1, Number.POSITIVE_INFINITY, 0);
        return this.resolveCoalesce(args);
      case "nvl":
      case "ifnull":
        if (args.length !== 2) throw wrongNumArgs(name, 2, 2, args.length);
        return this.resolveCoalesce(args, name);
      case "if": {
        if (args.length !== 3) throw wrongNumArgs(name, 3, 3, args.length);
        return this.resolveCaseWhen(
          { kind: "case_when", branches: [[args[0]!, args[1]!]], elseValue: args[2]!, display: "if" },
          scope,
        );
      }
      case "grouping":
      case "grouping_id":
        if (name === "grouping" && args.length !== 1) throw wrongNumArgs(name, 1, 1, args.length);
        return groupingMarker(name, args);
      case "nvl2": {
        if (args.length !== 3) throw wrongNumArgs(name, 3, 3, args.length);
        const test = this.resolveFunction(
          { kind: "unresolved_function", name: "isnotnull", args: [args[0]!], isDistinct: false },
          scope,
        );
        return this.resolveCaseWhen(
          {
            kind: "case_when",
            branches: [[test, args[1]!]],
            elseValue: args[2]!,
            display: "nvl2",
            displayArgs: args,
          },
          scope,
        );
      }
      default:
        break;
    }
    // Unary minus/plus are the negative/positive functions, displayed as (- x) / (+ x).
    const unaryOp = args.length === 1 && (name === "-" || name === "+");
    const def = this.ctx.registry.lookup(unaryOp ? (name === "-" ? "negative" : "positive") : name);
    const castAlias = def ? undefined : CAST_ALIASES.get(name);
    if (castAlias) {
      if (args.length !== 1) throw wrongNumArgs(name, 1, 1, args.length);
      return this.resolveCast({
        kind: "cast",
        child: args[0]!,
        dataType: castAlias,
        mode: this.ctx.bind.ansi ? "ansi" : "legacy",
        implicit: true,
      });
    }
    if (!def) throw unresolvedRoutine(e.name);
    if (def.type === "scalar" && def.lambdaParams) {
      return resolveHigherOrderCall(this, e.name, def, args, scope);
    }

    if (name === "count" && args.length === 0) {
      // Spark points at the legacy flag that once allowed a parameterless count (count.sql.out).
      throw new TsparkError("WRONG_NUM_ARGS.WITH_SUGGESTION", {
        messageParameters: {
          functionName: "`count`",
          expectedNum: " >= 1",
          actualNum: "0",
          legacyNum: "0",
          legacyConfKey: '"spark.sql.legacy.allowParameterlessCount"',
          legacyConfValue: '"true"',
        },
      });
    }
    if (args.length < def.args.min || args.length > def.args.max) {
      throw wrongNumArgs(e.name, def.args.min, def.args.max, args.length);
    }
    // `first(x) IGNORE NULLS` is first(x, true): the flag travels as the boolean argument Spark's
    // first/last/any_value (second) and nth_value (third) take.
    if (def.type === "aggregate" && e.ignoreNulls === true) {
      const flagAt = name === "nth_value" ? 2 : IGNORE_NULLS_AGGREGATES.has(name) ? 1 : -1;
      if (flagAt >= 0 && args.length === flagAt) args.push(literal(true, BOOLEAN));
    }
    const coerced = this.coerceArgs(def, args, e.name);
    const bindArgs = coerced.map((a) => this.bindArg(a));
    switch (def.type) {
      case "scalar": {
        const bound = def.bind(bindArgs, this.ctx.bind);
        return {
          kind: "call",
          name: e.name,
          args: coerced,
          dataType: bound.dataType,
          nullable: bound.nullable,
          bound,
        };
      }
      case "aggregate": {
        if (this.windowedFunction !== e && coerced.some((a) => exists(a, (x) => x.kind === "aggregate"))) {
          throw new TsparkError("NESTED_AGGREGATE_FUNCTION");
        }
        const bound = def.bind(bindArgs, this.ctx.bind, e.isDistinct);
        const agg: AggregateCall = {
          kind: "aggregate",
          name: e.name,
          args: coerced,
          isDistinct: e.isDistinct,
          ...(filter ? { filter } : {}),
          ...(e.ignoreNulls !== undefined ? { ignoreNulls: e.ignoreNulls } : {}),
          dataType: bound.dataType,
          nullable: bound.nullable,
          bound,
        };
        // Spark's CheckAnalysis: an aggregate's input must be deterministic (`sum(rand())` fails).
        const nondeterministic = (x: Expression) =>
          (x.kind === "call" && x.bound.deterministic === false) || (x.kind === "udf" && !x.deterministic);
        if (coerced.some((a) => exists(a, nondeterministic))) {
          throw new TsparkError("AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION", {
            messageParameters: { sqlExpr: `"${prettySql(agg)}"` },
          });
        }
        return agg;
      }
      case "generator": {
        const bound = def.bind(bindArgs, this.ctx.bind, name.endsWith("_outer"));
        const g: GeneratorCall = {
          kind: "generator",
          name: e.name,
          args: coerced,
          outer: name.endsWith("_outer"),
          bound,
        };
        return g;
      }
      case "window": {
        const bound = def.bind(bindArgs, this.ctx.bind, e.ignoreNulls ?? false);
        const w: WindowFunctionCall = {
          kind: "window_function",
          name: e.name,
          args: coerced,
          ...(e.ignoreNulls !== undefined ? { ignoreNulls: e.ignoreNulls } : {}),
          dataType: bound.dataType,
          nullable: bound.nullable,
          bound,
        };
        return w;
      }
    }
  }

  private coerceArgs(def: FunctionDefinition, args: readonly Expression[], calledAs: string): Expression[] {
    if (!def.coerce) return [...args];
    const wanted = def.coerce(args.map(typeOf), this.ctx.bind.ansi);
    return args.map((a, i) => {
      const w = wanted[i];
      if (!w) return a;
      const from = typeOf(a);
      if (sameTypeIgnoreNullability(from, w)) return a;
      if (from.kind !== "null" && !canImplicitCast(from, w, this.ctx.bind.ansi)) {
        const callSql = `${calledAs}(${args.map((x) => prettySql(x)).join(", ")})`;
        throw unexpectedInputType(callSql, i, `"${w.sql()}"`, this.bindArg(a));
      }
      return this.resolveCast({
        kind: "cast",
        child: a,
        dataType: w,
        mode: this.ctx.bind.ansi ? "ansi" : "legacy",
        implicit: true,
      });
    });
  }

  /** Describes a resolved argument for `bind`, folding constants. */
  bindArg(a: Expression): BindArg {
    const foldable = isFoldable(a);
    // An aliased argument shows as Spark's Alias.sql (`a AS x`), so struct(a AS x) can name its field x.
    const sql = a.kind === "alias" ? `${prettySql(a.child)} AS ${quoteIfNeeded(a.name)}` : prettySql(a);
    const base = { dataType: typeOf(a), nullable: nullableOf(a), foldable, sql };
    return foldable ? { ...base, value: evaluateConstant(a) } : base;
  }

  private resolveWindowExpression(e: WindowExpression, scope: Scope): Expression {
    const outer = this.windowedFunction;
    this.windowedFunction = e.function;
    let fn: Expression;
    try {
      fn = this.resolve(e.function, scope);
    } finally {
      this.windowedFunction = outer;
    }
    if (fn.kind !== "aggregate" && fn.kind !== "window_function") {
      throw new TsparkError("UNSUPPORTED_EXPR_FOR_WINDOW", {
        messageParameters: { sqlExpr: `"${prettySql(fn)}"` },
      });
    }
    // Spark does not support FILTER on a windowed aggregate (window.sql.out).
    if (fn.kind === "aggregate" && fn.filter) throw new TsparkError("_LEGACY_ERROR_TEMP_1030");
    const partitionBy = e.spec.partitionBy.map((p) => this.resolve(p, scope));
    const orderBy = e.spec.orderBy.map((o) => {
      const r = this.resolve(o, scope);
      if (r.kind !== "sort_order")
        throw new TsparkError("INTERNAL_ERROR", { messageParameters: { message: "window order" } });
      return r;
    });
    if (fn.kind === "window_function" && orderBy.length === 0) {
      throw new TsparkError("WINDOW_FUNCTION_WITHOUT_ORDER_CLAUSE", {
        messageParameters: { funcName: `"${prettySql(fn)}"` },
      });
    }
    const frame: WindowFrame = e.spec.frame ?? defaultFrame(fn, orderBy.length > 0);
    checkRangeFrame(frame, orderBy, () =>
      prettySql({ ...e, function: fn, spec: { partitionBy, orderBy, frame } }),
    );
    return { ...e, function: fn, spec: { partitionBy, orderBy, frame } };
  }
}

/** Types a RANGE frame with value offsets can never order by (Spark's analysis rejects them). */
const NON_RANGE_ORDER_KINDS = new Set(["string", "boolean", "binary", "array", "map", "struct"]);

/** A RANGE frame with value offsets needs one ORDER BY key whose type can be offset (checked at
 * analysis, as Spark does, so the error comes from the DataFrame call that builds the window). */
function checkRangeFrame(frame: WindowFrame, orderBy: readonly SortOrder[], sqlExpr: () => string): void {
  checkFrameBounds(frame);
  if (frame.frameType !== "range") return;
  const lowerOffset = frame.lower.type === "offset";
  if (!lowerOffset && frame.upper.type !== "offset") return;
  if (orderBy.length === 0) {
    const whole = sqlExpr();
    const at = whole.indexOf(" OVER ");
    throw new TsparkError("DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER", {
      messageParameters: { sqlExpr: `"${at >= 0 ? whole.slice(at + 6) : whole}"` },
    });
  }
  if (orderBy.length !== 1) {
    throw new TsparkError("DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER", {
      messageParameters: { sqlExpr: `"${sqlExpr()}"`, orderSpec: orderBy.map((o) => prettySql(o)).join(",") },
    });
  }
  const t = typeOf(orderBy[0]!.child);
  // A numeric offset moves a DATE by days, but a timestamp needs an interval offset.
  if (t.kind === "timestamp" || t.kind === "timestamp_ntz") {
    throw new TsparkError("DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE", {
      messageParameters: {
        sqlExpr: `"${sqlExpr()}"`,
        orderSpecType: `"${t.sql()}"`,
        valueBoundaryType: '"INT"',
      },
    });
  }
  if (NON_RANGE_ORDER_KINDS.has(t.kind)) {
    throw new TsparkError("DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE", {
      messageParameters: {
        sqlExpr: `"${sqlExpr()}"`,
        location: lowerOffset ? "lower" : "upper",
        exprType: `"${t.sql()}"`,
        expectedType: '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")',
      },
    });
  }
}

/** A frame boundary as Spark's SpecifiedWindowFrame shows it in errors. */
function boundarySql(b: WindowFrame["lower"]): string {
  switch (b.type) {
    case "unbounded_preceding":
      return "UNBOUNDED PRECEDING";
    case "unbounded_following":
      return "UNBOUNDED FOLLOWING";
    case "current_row":
      return "CURRENT ROW";
    default:
      return String(b.value);
  }
}

function frameSql(frame: WindowFrame): string {
  const side = (b: WindowFrame["lower"]): string =>
    b.type === "offset" ? `${Math.abs(b.value)} ${b.value < 0 ? "PRECEDING" : "FOLLOWING"}` : boundarySql(b);
  return `${frame.frameType.toUpperCase()} BETWEEN ${side(frame.lower)} AND ${side(frame.upper)}`;
}

/** Spark's SpecifiedWindowFrame checks: bound order, lower ≤ upper, ROWS offsets fit an INT. */
function checkFrameBounds(frame: WindowFrame): void {
  const { lower, upper } = frame;
  if (lower.type === "unbounded_following" || upper.type === "unbounded_preceding") {
    throw new TsparkError("DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_INVALID_BOUND", {
      messageParameters: {
        sqlExpr: `"${frameSql(frame)}"`,
        lower: `"${boundarySql(lower)}"`,
        upper: `"${boundarySql(upper)}"`,
      },
    });
  }
  if (frame.frameType === "rows") {
    for (const [b, location] of [
      [lower, "lower"],
      [upper, "upper"],
    ] as const) {
      if (b.type === "offset" && (b.value > 2147483647 || b.value < -2147483648)) {
        throw new TsparkError("DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE", {
          messageParameters: {
            sqlExpr: `"${frameSql(frame)}"`,
            location,
            exprType: '"BIGINT"',
            expectedType: '"INT"',
          },
        });
      }
    }
  }
  if (lower.type === "offset" && upper.type === "offset" && lower.value > upper.value) {
    throw new TsparkError("DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON", {
      messageParameters: { sqlExpr: `"${frameSql(frame)}"`, comparison: "less than or equal" },
    });
  }
}

const IGNORE_NULLS_AGGREGATES = new Set(["first", "last", "first_value", "last_value", "any_value"]);

/** Spark's default frames: ranking/offset functions use ROWS up to the current row; aggregates
 * use RANGE … CURRENT ROW when ordered and the whole partition otherwise. */
export function defaultFrame(fn: Expression, ordered: boolean): WindowFrame {
  if (fn.kind === "window_function") {
    if ((fn.name === "lag" || fn.name === "lead") && fn.args.length >= 0) {
      const off = offsetOf(fn);
      const v = fn.name === "lag" ? -off : off;
      return { frameType: "rows", lower: { type: "offset", value: v }, upper: { type: "offset", value: v } };
    }
    // cume_dist counts peers, so its frame is a RANGE frame (Spark's CumeDist.frame).
    const frameType = fn.name.toLowerCase() === "cume_dist" ? "range" : "rows";
    return { frameType, lower: { type: "unbounded_preceding" }, upper: { type: "current_row" } };
  }
  if (ordered)
    return { frameType: "range", lower: { type: "unbounded_preceding" }, upper: { type: "current_row" } };
  return {
    frameType: "rows",
    lower: { type: "unbounded_preceding" },
    upper: { type: "unbounded_following" },
  };
}

function offsetOf(fn: WindowFunctionCall): number {
  const o = fn.args[1];
  if (o && o.kind === "literal" && typeof o.value === "number") return o.value;
  if (o && o.kind === "cast" && o.child.kind === "literal" && typeof o.child.value === "number")
    return o.child.value;
  return 1;
}

/** Spark's checks of an aggregate's FILTER (WHERE …) clause (`INVALID_AGGREGATE_FILTER.*`). */
function checkAggregateFilter(filter: Expression): Expression {
  const fail = (sub: string): TsparkError =>
    new TsparkError(`INVALID_AGGREGATE_FILTER.${sub}`, {
      messageParameters: { filterExpr: `"${prettySql(filter)}"` },
    });
  const t = typeOf(filter).kind;
  if (t !== "boolean" && t !== "null") throw fail("NOT_BOOLEAN");
  if (
    exists(
      filter,
      (x) => x.kind === "call" && (x.bound.deterministic === false || x.bound.makeEval !== undefined),
    )
  )
    throw fail("NON_DETERMINISTIC");
  // tspark's window expressions wrap aggregate nodes, so look for windows first.
  if (exists(filter, (x) => x.kind === "window_expression")) throw fail("CONTAINS_WINDOW_FUNCTION");
  if (exists(filter, (x) => x.kind === "aggregate")) throw fail("CONTAINS_AGGREGATE");
  return filter;
}

/** True for expressions without column references or non-deterministic parts. */
export function isFoldable(e: Expression): boolean {
  return !exists(
    e,
    (x) =>
      x.kind === "attribute" ||
      x.kind === "bound" ||
      x.kind === "unresolved_attribute" ||
      x.kind === "aggregate" ||
      x.kind === "generator" ||
      x.kind === "window_function" ||
      x.kind === "window_expression" ||
      x.kind === "udf" ||
      x.kind === "lambda_variable" ||
      x.kind === "lambda_function" ||
      x.kind === "scalar_subquery" ||
      x.kind === "exists_subquery" ||
      x.kind === "in_subquery" ||
      x.kind === "outer_reference" ||
      (x.kind === "call" && (x.bound.deterministic === false || x.bound.makeEval !== undefined)),
  );
}
