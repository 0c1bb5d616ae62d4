/**
 * The Analyzer: turns an unresolved logical plan into a resolved one, bottom-up, one node at a
 * time (children first). Each node kind has one resolution step; the steps for aggregates,
 * generators, windows, joins and set operations live in their own files. `CheckAnalysis` runs last.
 * Deterministic and side-effect free apart from fresh expression ids.
 */
import { TsparkError } from "../common/errors.js";
import type { AttributeReference, Expression, SortOrder } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { evaluateConstant } from "../expressions/evaluate.js";
import { nextExprId } from "../expressions/expr-id.js";
import { exists, exprChildren } from "../expressions/tree.js";
import { toAttribute, typeOf } from "../expressions/typing.js";
import { outputOf } from "../plans/output.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { findWiderCommonType } from "../types/coercion.js";
import { NULL_TYPE } from "../types/data-type.js";
import type { AnalyzerContext } from "./analyzer-context.js";
import { checkAnalysis } from "./check-analysis.js";
import { alias, nameExpression } from "./naming.js";
import { resolveAggregate, resolveHaving, resolveSortOverAggregate } from "./resolve-aggregate.js";
import { ExpressionResolver } from "./resolve-expression.js";
import { extractGenerator } from "./resolve-generate.js";
import { resolveJoin } from "./resolve-join.js";
import { resolveSetOperation } from "./resolve-set-operation.js";
import { rewriteCorrelatedSubqueries } from "./rewrite-correlated-subqueries.js";
import { hasTimeWindowFunctions, resolveTimeWindows } from "./resolve-time-windows.js";
import { extractWindows } from "./resolve-window.js";
import { toSqlId } from "./suggestions.js";

export class Analyzer {
  readonly exprs: ExpressionResolver;
  /** Subtrees built already resolved by a rewrite (time windows): resolving them again is a no-op. */
  private readonly prebuilt = new WeakSet<LogicalPlan>();

  constructor(readonly ctx: AnalyzerContext) {
    this.exprs = new ExpressionResolver(ctx);
    this.exprs.resolvePlan = (p) => this.resolve(p);
  }

  /** Resolves and checks a whole plan. */
  execute(plan: LogicalPlan): LogicalPlan {
    const resolved = rewriteCorrelatedSubqueries(this.resolve(plan), this.exprs);
    checkAnalysis(resolved);
    return resolved;
  }

  /** Resolves one plan node after its children. */
  resolve(plan: LogicalPlan): LogicalPlan {
    if (this.prebuilt.has(plan)) return plan;
    if (hasTimeWindowFunctions(plan)) {
      const rewritten = resolveTimeWindows(this, plan, (p) => {
        this.prebuilt.add(p);
        return p;
      });
      return this.resolve(rewritten);
    }
    switch (plan.kind) {
      case "local_relation":
      case "range":
      case "data_source_relation":
        return plan;
      case "unresolved_relation": {
        const found = this.ctx.lookupRelation(plan.nameParts);
        if (!found) {
          throw new TsparkError("TABLE_OR_VIEW_NOT_FOUND", {
            messageParameters: { relationName: toSqlId(plan.nameParts) },
          });
        }
        return { kind: "subquery_alias", alias: plan.nameParts[plan.nameParts.length - 1]!, child: found };
      }
      case "unresolved_inline_table":
        return this.resolveInlineTable(plan);
      case "subquery_alias":
        return { ...plan, child: this.resolve(plan.child) };
      case "project": {
        const child = this.resolve(plan.child);
        // A USING join keeps the key columns it drops as hidden columns (Spark's metadata output):
        // `testData3.a` or `df3.col("a")` after `join(…, ["a"])` still resolve, below the visible
        // columns.
        const hidden = usingJoinHiddenKeys(child);
        if (!hidden) return this.resolveProject(plan.projectList, child);
        const widened: LogicalPlan = {
          ...hidden.project,
          projectList: [...hidden.project.projectList, ...hidden.keys],
        };
        // `t.*` also takes t's hidden key, before the visible columns (Spark's qualified-access-only
        // metadata columns; using-join.sql.out, natural-join.sql.out).
        const withStars = plan.projectList.some((e) => e.kind === "star" && e.target && e.target.length > 0)
          ? plan.projectList.flatMap((e) =>
              e.kind === "star" && e.target && e.target.length > 0
                ? this.exprs.expandStars([e], [...hidden.keys, ...outputOf(child)])
                : [e],
            )
          : plan.projectList;
        const withHidden = () => this.resolveProject(withStars, widened, outputOf(child), hidden.keys);
        const ids = new Set(hidden.keys.map((k) => k.exprId));
        if (withStars.some((e) => exists(e, (x) => x.kind === "attribute" && ids.has(x.exprId)))) {
          return withHidden();
        }
        try {
          return this.resolveProject(plan.projectList, child);
        } catch (err) {
          if (!(err instanceof TsparkError && err.errorClass.startsWith("UNRESOLVED_COLUMN"))) throw err;
          try {
            return withHidden();
          } catch {
            throw err;
          }
        }
      }
      case "filter": {
        const child = this.resolve(plan.child);
        if (child.kind === "aggregate" || (child.kind === "project" && child.child.kind === "aggregate")) {
          const having = resolveHaving(this, plan.condition, child);
          if (having) return having;
        }
        const resolveOnTop = () =>
          this.withMissingReferences(child, (input, fallback) => {
            const condition = this.exprs.resolve(plan.condition, {
              input,
              ...(fallback ? { fallback } : {}),
            });
            return (c) => ({ ...plan, condition, child: c });
          });
        const windowed = windowsOverAggregate(child);
        if (!windowed) return resolveOnTop();
        if (plan.having) {
          // Spark's ExtractWindowExpressions always puts HAVING under the windows.
          const having = resolveHaving(this, plan.condition, windowed.aggregate);
          if (having) return windowed.rebuild(having);
        }
        try {
          return resolveOnTop();
        } catch (err) {
          // HAVING over a select list with window functions (Spark's ExtractWindowExpressions on
          // Filter(Aggregate)): the condition names aggregates or columns the windows' Project
          // dropped, so it filters the groups below the windows.
          const having = resolveHaving(this, plan.condition, windowed.aggregate);
          if (!having) throw err;
          return windowed.rebuild(having);
        }
      }
      case "aggregate":
        return resolveAggregate(
          this,
          plan.groupingExpressions,
          plan.aggregateExpressions,
          this.resolve(plan.child),
        );
      case "sort":
        return this.resolveSort(plan.order, plan.global, this.resolve(plan.child));
      case "limit":
      case "offset":
      case "distinct":
      case "sample":
        return { ...plan, child: this.resolve(plan.child) };
      case "deduplicate": {
        const child = this.resolve(plan.child);
        const input = outputOf(child);
        const keys =
          plan.keys.length === 0 ? [...input] : plan.keys.map((k) => this.exprs.resolve(k, { input }));
        return { ...plan, keys, child };
      }
      case "event_time_watermark": {
        const child = this.resolve(plan.child);
        const eventTime = this.exprs.resolve(plan.eventTime, { input: outputOf(child) });
        return { ...plan, eventTime, child };
      }
      case "flat_map_groups_with_state":
        return this.resolveFlatMapGroupsWithState(plan);
      case "join":
        return resolveJoin(this, plan, this.resolve(plan.left), this.resolve(plan.right));
      case "union":
      case "intersect":
      case "except":
        return resolveSetOperation(this, plan);
      case "generate": {
        // Already resolved (a parent re-resolving its child): new ids would orphan references above.
        if (plan.generator.kind === "generator" && plan.generatorOutput.length > 0) return plan;
        const child = this.resolve(plan.child);
        return extractGenerator(
          this,
          [plan.generator],
          child,
          plan.aliasNames,
          plan.outer,
          true,
          plan.qualifier,
        );
      }
      case "window":
      case "expand":
        return plan;
    }
  }

  /**
   * (flat)MapGroupsWithState / applyInPandasWithState: the grouping expressions over the child; a
   * grouping expression that is not a column becomes a column projected in front of the child's
   * (Spark's `applyInPandasWithState` aliases it by its SQL text), and the function sees the
   * child's own columns. Already resolved (a parent re-resolving it): unchanged.
   */
  private resolveFlatMapGroupsWithState(
    plan: LogicalPlan & { kind: "flat_map_groups_with_state" },
  ): LogicalPlan {
    if (plan.dataAttributes !== undefined) return plan;
    const child = this.resolve(plan.child);
    const input = outputOf(child);
    const grouping = plan.groupingExpressions.map((g) => nameExpression(this.exprs.resolve(g, { input }), g));
    if (grouping.every((g) => g.kind === "attribute")) {
      return { ...plan, groupingExpressions: grouping, dataAttributes: input, child };
    }
    const named = grouping.map((g) =>
      g.kind === "attribute" || g.kind === "alias" ? g : alias(g, prettySql(g)),
    );
    const keys = named.map(toAttribute);
    const project: LogicalPlan = {
      kind: "project",
      projectList: [...named.filter((g) => g.kind === "alias"), ...input],
      child,
    };
    return { ...plan, groupingExpressions: keys, dataAttributes: input, child: project };
  }

  /** SELECT list over a resolved child: stars, names, aggregates, generators, windows. */
  resolveProject(
    items: readonly Expression[],
    child: LogicalPlan,
    visible: readonly AttributeReference[] = outputOf(child),
    fallback?: readonly AttributeReference[],
  ): LogicalPlan {
    const input = visible;
    const scope = { input, ...(fallback ? { fallback } : {}) };
    const expanded = this.exprs.expandStars(items, input);
    const resolved = expanded.map((e) => nameExpression(this.exprs.resolve(e, scope), e));
    const hasAgg = resolved.some(containsAggOutsideWindow);
    if (hasAgg) return resolveAggregate(this, [], resolved, child, true);
    if (resolved.some((e) => exists(e, (x) => x.kind === "generator"))) {
      return extractGenerator(this, resolved, child, [], false, false);
    }
    if (resolved.some((e) => exists(e, (x) => x.kind === "window_expression"))) {
      return extractWindows(resolved, child);
    }
    return { kind: "project", projectList: resolved, child };
  }

  private resolveSort(order: readonly SortOrder[], global: boolean, child: LogicalPlan): LogicalPlan {
    const input = outputOf(child);
    // ORDER BY 1: ordinal positions refer to the select list.
    // spark.sql.orderByOrdinal=false makes them plain constants (order-by-ordinal.sql.out).
    const ordinals = this.ctx.bind.conf("spark.sql.orderByOrdinal") !== "false";
    const only = order.length === 1 ? order[0]! : undefined;
    if (
      only?.child.kind === "unresolved_attribute" &&
      only.child.nameParts.length === 1 &&
      only.child.nameParts[0]!.toLowerCase() === "all" &&
      !input.some((a) => a.name.toLowerCase() === "all")
    ) {
      // ORDER BY ALL (when no column is named `all`) sorts by every output column in turn.
      return this.resolveSort(
        input.map((a) => ({ ...only, child: a })),
        global,
        child,
      );
    }
    const withOrdinals = order.map((o) => {
      if (
        ordinals &&
        o.child.kind === "literal" &&
        typeof o.child.value === "number" &&
        Number.isInteger(o.child.value)
      ) {
        const idx = o.child.value;
        const target = input[idx - 1];
        if (!target) {
          throw new TsparkError("ORDER_BY_POS_OUT_OF_RANGE", {
            messageParameters: { index: `${idx}`, size: `${input.length}` },
          });
        }
        return { ...o, child: target as Expression };
      }
      return o;
    });
    if (child.kind === "aggregate" || (child.kind === "project" && child.child.kind === "aggregate")) {
      const r = resolveSortOverAggregate(this, withOrdinals, global, child);
      if (r) return r;
    }
    // ORDER BY after HAVING may name aggregates too: resolve it over the Aggregate under the
    // HAVING filter and put the filter back under the sort.
    const having =
      child.kind === "filter"
        ? child
        : child.kind === "project" && child.child.kind === "filter"
          ? child.child
          : undefined;
    if (having && having.child.kind === "aggregate") {
      const r = resolveSortOverAggregate(this, withOrdinals, global, having.child);
      const sort =
        r?.kind === "sort" ? r : r?.kind === "project" && r.child.kind === "sort" ? r.child : undefined;
      if (r && sort) {
        const filtered: LogicalPlan = { ...sort, child: { ...having, child: sort.child } };
        const top = r.kind === "project" ? { ...r, child: filtered } : filtered;
        return child.kind === "project" ? { ...child, child: top } : top;
      }
    }
    return this.withMissingReferences(child, (inp, fallback) => {
      const resolved = withOrdinals.map(
        (o) => this.exprs.resolve(o, { input: inp, ...(fallback ? { fallback } : {}) }) as SortOrder,
      );
      return (c) => ({ kind: "sort", order: resolved, global, child: c });
    });
  }

  /**
   * Resolves a Filter/Sort over `child`; when it names columns that a Project below dropped
   * (`select("a").filter(col("b") > 1)`), Spark's ResolveMissingReferences adds them to that
   * Project and projects them away again on top.
   */
  private withMissingReferences(
    child: LogicalPlan,
    build: (
      input: readonly AttributeReference[],
      fallback?: readonly AttributeReference[],
    ) => (c: LogicalPlan) => LogicalPlan,
  ): LogicalPlan {
    const input = outputOf(child);
    try {
      return build(input)(child);
    } catch (err) {
      if (
        !(
          child.kind === "project" &&
          err instanceof TsparkError &&
          err.errorClass.startsWith("UNRESOLVED_COLUMN")
        )
      )
        throw err;
      const below = outputOf(child.child);
      let make: (c: LogicalPlan) => LogicalPlan;
      try {
        make = build(input, below);
      } catch {
        throw err;
      }
      const have = new Set(input.map((a) => a.exprId));
      const probe = make(child);
      const used = new Set<number>();
      const scan = (e: Expression) =>
        exists(e, (x) => {
          if (x.kind === "attribute") used.add(x.exprId);
          return false;
        });
      if (probe.kind === "filter") scan(probe.condition);
      if (probe.kind === "sort") for (const o of probe.order) scan(o);
      const missing = below.filter((a) => !have.has(a.exprId) && used.has(a.exprId));
      const widened: LogicalPlan = { ...child, projectList: [...child.projectList, ...missing] };
      return { kind: "project", projectList: [...input], child: make(widened) };
    }
  }

  private resolveInlineTable(plan: LogicalPlan & { kind: "unresolved_inline_table" }): LogicalPlan {
    const rows = plan.rows.map((r) => r.map((e) => this.exprs.resolve(e, { input: [] })));
    const width = rows[0]?.length ?? 0;
    for (const r of rows) {
      if (r.length !== width) {
        throw new TsparkError("INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH", {
          messageParameters: {
            expectedNumCols: `${width}`,
            actualNumCols: `${r.length}`,
            rowIndex: `${rows.indexOf(r)}`,
          },
        });
      }
    }
    if (plan.names.length > 0 && plan.names.length !== width) {
      throw new TsparkError("INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH", {
        messageParameters: {
          expectedNumCols: `${plan.names.length}`,
          actualNumCols: `${width}`,
          rowIndex: "0",
        },
      });
    }
    // Values must be constants: no aggregates, no non-deterministic calls (inline-table.sql.out).
    for (const r of rows) {
      for (const e of r) {
        const bad = exists(
          e,
          (x) =>
            x.kind === "aggregate" ||
            (x.kind === "call" && (x.bound.deterministic === false || x.bound.makeEval !== undefined)),
        );
        if (bad) {
          throw new TsparkError("INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE", {
            messageParameters: { expr: `"${prettySql(e)}"` },
          });
        }
      }
    }
    const names = plan.names.length > 0 ? plan.names : Array.from({ length: width }, (_, i) => `col${i + 1}`);
    const output: AttributeReference[] = [];
    const colExprs: Expression[][] = rows.map(() => []);
    for (let c = 0; c < width; c++) {
      const types = rows.map((r) => typeOf(r[c]!));
      const nonNull = types.filter((t) => t.kind !== "null");
      const target = nonNull.length === 0 ? NULL_TYPE : findWiderCommonType(nonNull, this.ctx.bind.ansi);
      if (!target) {
        throw new TsparkError("INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE", {
          messageParameters: { colName: toSqlId([names[c] ?? `col${c + 1}`]) },
        });
      }
      rows.forEach((r, i) => {
        colExprs[i]!.push(this.exprs.coerceTo(r[c]!, target));
      });
      output.push({
        kind: "attribute",
        name: names[c] ?? `col${c + 1}`,
        dataType: target,
        nullable: true,
        exprId: nextExprId(),
        qualifier: [],
      });
    }
    const values = colExprs.map((r) => r.map((e) => evaluateConstant(e)));
    const fixed = output.map((a, c) => ({ ...a, nullable: values.some((r) => r[c] === null) }));
    return { kind: "local_relation", output: fixed, rows: values };
  }

  /** Alias helper for steps. */
  alias(e: Expression, name: string): Expression {
    return alias(e, name);
  }
}

/** An aggregate call outside any window expression (those are window aggregates). */
function containsAggOutsideWindow(e: Expression): boolean {
  if (e.kind === "window_expression") return false;
  if (e.kind === "aggregate") return true;
  return exprChildren(e).some(containsAggOutsideWindow);
}

/**
 * `Project(Window(…Window(Aggregate)))`, the shape select lists with window functions over an
 * aggregate resolve to: the Aggregate and a function that puts a replacement (with the same
 * output) back under the windows.
 */
function windowsOverAggregate(
  plan: LogicalPlan,
): { aggregate: LogicalPlan; rebuild: (p: LogicalPlan) => LogicalPlan } | undefined {
  if (plan.kind !== "project" || plan.child.kind !== "window") return undefined;
  const windows: (LogicalPlan & { kind: "window" })[] = [];
  let cur: LogicalPlan = plan.child;
  while (cur.kind === "window") {
    windows.push(cur);
    cur = cur.child;
  }
  if (cur.kind !== "aggregate") return undefined;
  return {
    aggregate: cur,
    rebuild: (p) => {
      let inner = p;
      for (let i = windows.length - 1; i >= 0; i--) inner = { ...windows[i]!, child: inner };
      return { ...plan, child: inner };
    },
  };
}

/**
 * The key columns a USING join's Project dropped (the right keys, or both sides' keys for a full
 * outer join): a Project over an equi-join that drops only attributes compared in the condition.
 */
function usingJoinHiddenKeys(
  plan: LogicalPlan,
): { project: LogicalPlan & { kind: "project" }; keys: AttributeReference[] } | undefined {
  if (plan.kind !== "project" || plan.child.kind !== "join" || !plan.child.condition) return undefined;
  const keyIds = new Set<number>();
  const visit = (e: Expression): void => {
    if (e.kind === "and") {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === "call" && e.name === "=" && e.args.every((a) => a.kind === "attribute")) {
      for (const a of e.args) if (a.kind === "attribute") keyIds.add(a.exprId);
    }
  };
  visit(plan.child.condition);
  const kept = new Set<number>();
  for (const e of plan.projectList) if (e.kind === "attribute") kept.add(e.exprId);
  const dropped = outputOf(plan.child).filter((a) => !kept.has(a.exprId));
  if (dropped.length === 0 || !dropped.every((a) => keyIds.has(a.exprId))) return undefined;
  return { project: plan, keys: dropped };
}
