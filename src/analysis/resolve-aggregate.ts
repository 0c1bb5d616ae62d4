/**
 * Aggregation: GROUP BY (ordinals, select-list aliases), the rule that every non-aggregated
 * column must be grouped (`MISSING_AGGREGATION` / `MISSING_GROUP_BY`), and HAVING / ORDER BY
 * clauses that mention aggregates or grouping columns missing from the select list.
 */
import { TsparkError } from "../common/errors.js";
import type { AttributeReference, Expression, SortOrder } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";
import { exprChildren, exists, stripAlias, transformDown } from "../expressions/tree.js";
import { toAttribute } from "../expressions/typing.js";
import type { Aggregate, LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { INT, NULL_TYPE } from "../types/data-type.js";
import type { Analyzer } from "./analyzer.js";
import { alias, nameExpression } from "./naming.js";
import { canonicalKey as canonical } from "../expressions/canonical.js";
import {
  groupingInfoOf,
  groupingRewriter,
  hasGroupingMarker,
  isGroupingAnalytics,
  resolveGroupingAnalytics,
} from "./resolve-grouping-analytics.js";
import { outerReferencesOf } from "./resolve-subquery.js";
import { extractWindows } from "./resolve-window.js";

/** Resolves an Aggregate node (or a SELECT with aggregates and no GROUP BY when `global`). */
export function resolveAggregate(
  analyzer: Analyzer,
  grouping: readonly Expression[],
  aggregateExprs: readonly Expression[],
  child: LogicalPlan,
  alreadyResolved = false,
): LogicalPlan {
  const input = outputOf(child);
  const pivot = grouping.length === 1 ? grouping[0] : undefined;
  if (!alreadyResolved && pivot?.kind === "unresolved_function" && pivot.name === "__pivot") {
    return resolvePivot(analyzer, pivot.args, aggregateExprs, child);
  }
  if (
    !alreadyResolved &&
    aggregateExprs.some((e) => e.kind === "star") &&
    grouping.some((g) => g.kind === "literal" && typeof g.value === "number" && Number.isInteger(g.value)) &&
    analyzer.ctx.bind.conf("spark.sql.groupByOrdinal") !== "false"
  ) {
    // Spark's ordinal resolution refuses `SELECT * … GROUP BY 1` (group-by-ordinal.sql.out).
    throw new TsparkError("STAR_GROUP_BY_POS");
  }
  if (!alreadyResolved && grouping.some(isGroupingAnalytics)) {
    const expanded = resolveGroupingAnalytics(
      analyzer,
      grouping,
      aggregateExprs,
      child,
      (g, aggList) => resolveGrouping(analyzer, g, input, aggList),
      checkGrouping,
    );
    // Windows over a ROLLUP/CUBE aggregate run after it, as for a plain GROUP BY.
    if (
      expanded.kind === "aggregate" &&
      expanded.aggregateExpressions.some((e) => exists(e, (x) => x.kind === "window_expression"))
    ) {
      const { agg, rewritten } = hoistWindowInputs(
        expanded.groupingExpressions,
        expanded.aggregateExpressions,
        expanded.child,
      );
      return extractWindows(rewritten, agg);
    }
    return expanded;
  }
  const aggList = alreadyResolved
    ? [...aggregateExprs]
    : analyzer.exprs
        .expandStars(aggregateExprs, input)
        .map((e) => nameExpression(analyzer.exprs.resolve(e, { input }), e));
  if (aggList.some(hasGroupingMarker)) throw new TsparkError("UNSUPPORTED_GROUPING_EXPRESSION");
  // GROUP BY ALL (when no column is named `all`): every select item without an aggregate.
  const groups = isGroupByAll(grouping, input)
    ? groupByAll(aggList)
    : grouping.map((g) => resolveGrouping(analyzer, g, input, aggList));
  const windowed = aggList.some((e) => exists(e, (x) => x.kind === "window_expression"));
  // Window functions over aggregates: aggregate first (window parts hidden), then the windows.
  if (windowed) {
    const { agg, rewritten } = hoistWindowInputs(groups, aggList, child);
    checkGrouping(groups, agg.aggregateExpressions);
    return extractWindows(rewritten, agg);
  }
  checkGrouping(groups, aggList);
  return { kind: "aggregate", groupingExpressions: groups, aggregateExpressions: aggList, child };
}

/**
 * PIVOT: group by every input column the aggregates and pivot columns do not read; each
 * (value, aggregate) pair becomes the aggregate over `if(col <=> value, arg, NULL)`, named after
 * the value (and the aggregate when there are several), as Spark's Pivot rewrite does.
 */
function resolvePivot(
  analyzer: Analyzer,
  marker: readonly Expression[],
  aggregateExprs: readonly Expression[],
  child: LogicalPlan,
): LogicalPlan {
  const input = outputOf(child);
  const colsMarker = marker[0]!;
  const columns = (colsMarker.kind === "unresolved_function" ? colsMarker.args : []).map((c) =>
    analyzer.exprs.resolve(c, { input }),
  );
  const resolvedAggs = aggregateExprs.map((e) => nameExpression(analyzer.exprs.resolve(e, { input }), e));
  const used = new Set<number>();
  for (const e of [...columns, ...resolvedAggs])
    exists(e, (x) => {
      if (x.kind === "attribute") used.add(x.exprId);
      return false;
    });
  const groups = input.filter((a) => !used.has(a.exprId));
  const fn = (name: string, args: Expression[]): Expression => ({
    kind: "unresolved_function",
    name,
    args,
    isDistinct: false,
  });
  const nullLit: Expression = { kind: "literal", value: null, dataType: NULL_TYPE };
  const oneLit: Expression = { kind: "literal", value: 1, dataType: INT };
  const pivoted: Expression[] = [];
  for (const v of marker.slice(1)) {
    const inner = v.kind === "alias" ? v.child : v;
    const parts = inner.kind === "unresolved_function" ? inner.args : [inner];
    const cond = parts
      .map((p, i) => fn("<=>", [columns[i]!, p]))
      .reduce((a, b) => ({ kind: "and", left: a, right: b }));
    const valueName =
      v.kind === "alias"
        ? v.name
        : parts.length === 1
          ? pivotValueName(parts[0]!)
          : `{${parts.map(pivotValueName).join(", ")}}`;
    aggregateExprs.forEach((e, i) => {
      const body = e.kind === "alias" ? e.child : e;
      const guarded =
        body.kind === "unresolved_function"
          ? {
              ...body,
              args: body.args.map((a) => fn("if", [cond, a.kind === "star" ? oneLit : a, nullLit])),
            }
          : body;
      const aggName = resolvedAggs[i]!.kind === "alias" ? (resolvedAggs[i] as { name: string }).name : "";
      const name = aggregateExprs.length === 1 ? valueName : `${valueName}_${aggName}`;
      pivoted.push({ kind: "alias", child: guarded, name, exprId: nextExprId() });
    });
  }
  return resolveAggregate(analyzer, groups, [...groups, ...pivoted], child);
}

/** A pivot value's column name: the literal's text (`dotNET`, `2012`), else its SQL. */
function pivotValueName(e: Expression): string {
  if (e.kind === "literal") return e.value === null ? "null" : String(e.value);
  try {
    return prettySql(e);
  } catch {
    return "value";
  }
}

function isGroupByAll(grouping: readonly Expression[], input: readonly AttributeReference[]): boolean {
  const g = grouping[0];
  return (
    grouping.length === 1 &&
    g !== undefined &&
    g.kind === "unresolved_attribute" &&
    g.nameParts.length === 1 &&
    g.nameParts[0]!.toLowerCase() === "all" &&
    !input.some((a) => a.name.toLowerCase() === "all")
  );
}

/** The GROUP BY ALL keys; an item mixing aggregates with ungrouped columns cannot be placed. */
function groupByAll(aggList: readonly Expression[]): Expression[] {
  const hasAgg = (e: Expression) => exists(e, (x) => x.kind === "aggregate");
  // A correlated scalar subquery reads its outer columns row by row (group-by-all.sql.out).
  const columnOutsideAgg = (e: Expression): boolean =>
    e.kind === "attribute" ||
    (e.kind === "scalar_subquery" && outerReferencesOf(e.plan as LogicalPlan).length > 0) ||
    (e.kind !== "aggregate" && exprChildren(e).some(columnOutsideAgg));
  for (const e of aggList) {
    if (hasAgg(e) && columnOutsideAgg(e)) throw new TsparkError("UNRESOLVED_ALL_IN_GROUP_BY");
  }
  return aggList.filter((e) => !hasAgg(e)).map(stripAlias);
}

function resolveGrouping(
  analyzer: Analyzer,
  g: Expression,
  input: readonly AttributeReference[],
  aggList: readonly Expression[],
): Expression {
  // spark.sql.groupByOrdinal=false makes them plain constants (group-by-ordinal.sql.out).
  if (
    g.kind === "literal" &&
    typeof g.value === "number" &&
    Number.isInteger(g.value) &&
    analyzer.ctx.bind.conf("spark.sql.groupByOrdinal") !== "false"
  ) {
    const item = aggList[g.value - 1];
    if (!item) {
      throw new TsparkError("GROUP_BY_POS_OUT_OF_RANGE", {
        messageParameters: { index: `${g.value}`, size: `${aggList.length}` },
      });
    }
    if (exists(item, (x) => x.kind === "aggregate")) {
      throw new TsparkError("GROUP_BY_POS_AGGREGATE", {
        messageParameters: { index: `${g.value}`, aggExpr: prettySql(stripAlias(item)) },
      });
    }
    return stripAlias(item);
  }
  let resolved: Expression;
  try {
    resolved = stripAlias(analyzer.exprs.resolve(g, { input }));
  } catch (err) {
    // GROUP BY a select-list alias (spark.sql.groupByAliases).
    if (g.kind === "unresolved_attribute" && g.nameParts.length === 1) {
      const name = g.nameParts[0]!.toLowerCase();
      const match = aggList.find((a) => a.kind === "alias" && a.name.toLowerCase() === name);
      if (match && match.kind === "alias" && !exists(match.child, (x) => x.kind === "aggregate"))
        return match.child;
    }
    throw err;
  }
  let agg: Expression | undefined;
  exists(resolved, (x) => {
    if (x.kind === "aggregate") agg ??= x;
    return x.kind === "aggregate";
  });
  if (agg) throw new TsparkError("GROUP_BY_AGGREGATE", { messageParameters: { sqlExpr: prettySql(agg) } });
  return resolved;
}

/** Throws when a select item uses a column that is neither grouped nor aggregated. */
function checkGrouping(groups: readonly Expression[], aggList: readonly Expression[]): void {
  const keys = new Set(groups.map(canonical));
  const visit = (e: Expression): void => {
    if (e.kind !== "alias" && keys.has(canonical(e))) return;
    if (e.kind === "aggregate" || e.kind === "window_expression") return;
    if (e.kind === "attribute") {
      if (groups.length === 0) throw new TsparkError("MISSING_GROUP_BY");
      throw new TsparkError("MISSING_AGGREGATION", {
        messageParameters: {
          expression: `"${prettySql(e)}"`,
          expressionAnyValue: `"any_value(${prettySql(e)})"`,
        },
      });
    }
    for (const c of exprChildren(e)) visit(c);
  };
  for (const a of aggList) visit(a);
}

/** Moves aggregate calls and grouping columns used by window expressions into the Aggregate. */
function hoistWindowInputs(
  groups: readonly Expression[],
  aggList: readonly Expression[],
  child: LogicalPlan,
): { agg: Aggregate; rewritten: Expression[] } {
  const hidden: Expression[] = [];
  const byKey = new Map<string, AttributeReference>();
  const groupKeys = new Set(groups.map(canonical));
  const hoist = (e: Expression): AttributeReference => {
    const key = canonical(e);
    let attr = byKey.get(key);
    if (!attr) {
      const a = alias(e, prettySql(e), true);
      hidden.push(a);
      attr = toAttribute(a);
      byKey.set(key, attr);
    }
    return attr;
  };
  const rewriteInWindow = (e: Expression): Expression =>
    transformDown(e, (x) => {
      if (x.kind === "aggregate") return hoist(x);
      if (x.kind !== "alias" && groupKeys.has(canonical(x))) return hoist(x);
      return x;
    });
  const rewritten = aggList.map((item) =>
    transformDown(item, (x) => {
      if (x.kind === "window_expression") {
        return {
          ...x,
          function:
            x.function.kind === "aggregate"
              ? { ...x.function, args: x.function.args.map(rewriteInWindow) }
              : rewriteInWindow(x.function),
          spec: {
            ...x.spec,
            partitionBy: x.spec.partitionBy.map(rewriteInWindow),
            orderBy: x.spec.orderBy.map((o) => rewriteInWindow(o) as SortOrder),
          },
        };
      }
      if (x.kind === "aggregate") return hoist(x);
      if (x.kind !== "alias" && x.kind !== "attribute" && groupKeys.has(canonical(x))) return hoist(x);
      if (x.kind === "attribute" && groupKeys.has(canonical(x))) return hoist(x);
      return x;
    }),
  );
  return {
    agg: { kind: "aggregate", groupingExpressions: groups, aggregateExpressions: hidden, child },
    rewritten,
  };
}

/**
 * Resolves expressions that sit above an Aggregate (HAVING, ORDER BY) and may name aggregate
 * calls or grouping columns that the select list does not output. Missing pieces are added to the
 * Aggregate as hidden columns. Returns undefined when nothing needed adding.
 */
function resolveAboveAggregate(
  analyzer: Analyzer,
  exprs: readonly Expression[],
  agg: Aggregate,
  preferBelow = false,
): { exprs: Expression[]; agg: Aggregate; changed: boolean } {
  const output = outputOf(agg);
  const info = groupingInfoOf(agg);
  const below = info ? info.input : outputOf(agg.child);
  const scope = preferBelow ? { input: below, fallback: output } : { input: output, fallback: below };
  const resolvedRaw = exprs.map((e) => analyzer.exprs.resolve(e, scope));
  if (!info && resolvedRaw.some(hasGroupingMarker)) throw new TsparkError("UNSUPPORTED_GROUPING_EXPRESSION");
  const resolved = info
    ? resolvedRaw.map(groupingRewriter(info.groupBy, info.groupAttrs, info.gidAttr))
    : resolvedRaw;
  const extra: Expression[] = [];
  const aggByKey = new Map<string, AttributeReference>();
  agg.aggregateExpressions.forEach((a) => {
    aggByKey.set(canonical(a), toAttribute(a));
  });
  const groupKeys = new Set(agg.groupingExpressions.map(canonical));
  const outIds = new Set(output.map((a) => a.exprId));
  const hoist = (x: Expression): AttributeReference => {
    const key = canonical(x);
    let attr = aggByKey.get(key);
    if (!attr) {
      const a = alias(x, prettySql(x), true);
      extra.push(a);
      attr = toAttribute(a);
      aggByKey.set(key, attr);
    }
    return attr;
  };
  const rewritten = resolved.map((e) =>
    transformDown(e, (x) => {
      if (x.kind === "aggregate") return hoist(x);
      if (x.kind === "attribute" && outIds.has(x.exprId)) return x;
      if (x.kind !== "alias" && x.kind !== "sort_order" && groupKeys.has(canonical(x))) return hoist(x);
      if (x.kind === "attribute") {
        throw new TsparkError("MISSING_AGGREGATION", {
          messageParameters: {
            expression: `"${prettySql(x)}"`,
            expressionAnyValue: `"any_value(${prettySql(x)})"`,
          },
        });
      }
      return x;
    }),
  );
  return {
    exprs: rewritten,
    agg: extra.length > 0 ? { ...agg, aggregateExpressions: [...agg.aggregateExpressions, ...extra] } : agg,
    changed: extra.length > 0,
  };
}

/** HAVING: a Filter directly over an Aggregate. */
export function resolveHaving(
  analyzer: Analyzer,
  condition: Expression,
  child: LogicalPlan,
): LogicalPlan | undefined {
  if (child.kind !== "aggregate") return undefined;
  const needs = exists(condition, (x) => x.kind === "unresolved_function" || x.kind === "aggregate");
  if (!needs) {
    try {
      const c = analyzer.exprs.resolve(condition, { input: outputOf(child) });
      if (!hasGroupingMarker(c)) return { kind: "filter", condition: c, child };
    } catch {
      // fall through: the condition names columns below the aggregate
    }
  }
  // Spark resolves HAVING columns against the grouping input before the SELECT aliases, so with
  // `SUM(a) AS b … GROUP BY b HAVING b > 10` the `b` is the grouping column (SPARK-31663); a name
  // that only works as an alias (or a non-grouped column shadowed by one) falls back to the alias.
  let r: ReturnType<typeof resolveAboveAggregate>;
  try {
    r = resolveAboveAggregate(analyzer, [condition], child, true);
  } catch {
    r = resolveAboveAggregate(analyzer, [condition], child);
  }
  const filter: LogicalPlan = { kind: "filter", condition: r.exprs[0]!, child: r.agg };
  return r.changed ? { kind: "project", projectList: [...outputOf(child)], child: filter } : filter;
}

/** ORDER BY over an Aggregate (or a Project of one). */
export function resolveSortOverAggregate(
  analyzer: Analyzer,
  order: readonly SortOrder[],
  global: boolean,
  child: LogicalPlan,
): LogicalPlan | undefined {
  if (child.kind !== "aggregate") return undefined;
  try {
    const plain = order.map((o) => analyzer.exprs.resolve(o, { input: outputOf(child) }) as SortOrder);
    if (!plain.some(hasGroupingMarker)) return { kind: "sort", order: plain, global, child };
  } catch {
    // fall through
  }
  const r = resolveAboveAggregate(analyzer, order, child);
  const sort: LogicalPlan = { kind: "sort", order: r.exprs as SortOrder[], global, child: r.agg };
  return r.changed ? { kind: "project", projectList: [...outputOf(child)], child: sort } : sort;
}
