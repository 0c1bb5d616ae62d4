/**
 * ColumnPruning: computes, top-down, which columns each operator's parent needs, drops unused
 * select items below the root and unused columns of in-memory relations, so operators carry only
 * what the query reads.
 */
import type { Expression } from "../expressions/expression.js";
import { lateRowsViewOf } from "../plans/event-time.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { mapPlanExpressions } from "../plans/plan-tree.js";
import { isDeterministic, references } from "./expression-utils.js";
import type { OptimizerRule } from "./optimizer-rule.js";

function refsOf(exprs: readonly Expression[], into: Set<number>): Set<number> {
  for (const e of exprs) references(e, into);
  return into;
}

function prune(p: LogicalPlan, required: Set<number> | undefined): LogicalPlan {
  const all = (c: LogicalPlan) => prune(c, undefined);
  switch (p.kind) {
    case "project": {
      const kept = required
        ? p.projectList.filter((e) => {
            const id = e.kind === "alias" || e.kind === "attribute" ? e.exprId : -1;
            return required.has(id) || !isDeterministic(e);
          })
        : p.projectList;
      return { ...p, projectList: kept, child: prune(p.child, refsOf(kept, new Set())) };
    }
    case "filter":
      return { ...p, child: prune(p.child, required ? refsOf([p.condition], new Set(required)) : undefined) };
    case "aggregate": {
      const aggs = required
        ? p.aggregateExpressions.filter((e) =>
            e.kind === "alias" || e.kind === "attribute" ? required.has(e.exprId) : true,
          )
        : p.aggregateExpressions;
      const kept =
        aggs.length === 0 && p.groupingExpressions.length === 0 ? p.aggregateExpressions.slice(0, 1) : aggs;
      // An aggregation that routes its late input rows to a view (tspark's `lateRows`) keeps
      // every input column: the view shows the rows whole.
      const routesLateRows = p.groupingExpressions.some(
        (g) => g.kind === "attribute" && lateRowsViewOf(g) !== undefined,
      );
      return {
        ...p,
        aggregateExpressions: kept,
        child: routesLateRows
          ? prune(p.child, undefined)
          : prune(p.child, refsOf([...p.groupingExpressions, ...kept], new Set())),
      };
    }
    case "sort":
      return { ...p, child: prune(p.child, required ? refsOf(p.order, new Set(required)) : undefined) };
    case "limit":
    case "offset":
    case "sample":
    case "subquery_alias":
      return { ...p, child: prune(p.child, required) };
    case "join": {
      if (!required) return { ...p, left: all(p.left), right: all(p.right) };
      const need = p.condition ? refsOf([p.condition], new Set(required)) : new Set(required);
      const l = new Set(
        outputOf(p.left)
          .map((a) => a.exprId)
          .filter((id) => need.has(id)),
      );
      const r = new Set(
        outputOf(p.right)
          .map((a) => a.exprId)
          .filter((id) => need.has(id)),
      );
      // A join input whose late rows go to a view (tspark's `lateRows`) keeps every column: the
      // view shows the rows whole.
      const routes = (side: LogicalPlan) => outputOf(side).some((a) => lateRowsViewOf(a) !== undefined);
      return {
        ...p,
        left: routes(p.left) ? all(p.left) : prune(p.left, l),
        right: routes(p.right) ? all(p.right) : prune(p.right, r),
      };
    }
    case "generate": {
      if (!required) return { ...p, child: all(p.child) };
      const need = refsOf([p.generator], new Set(required));
      return { ...p, child: prune(p.child, need) };
    }
    case "window": {
      if (!required) return { ...p, child: all(p.child) };
      const need = refsOf([...p.windowExpressions, ...p.partitionSpec, ...p.orderSpec], new Set(required));
      return { ...p, child: prune(p.child, need) };
    }
    case "expand": {
      // Spark's ColumnPruning through Expand: an output column nobody above reads leaves every
      // projection (a sliding window copies only the columns the aggregation uses). At least one
      // column stays, so that the operator still has rows to emit.
      if (!required) return { ...p, child: all(p.child) };
      const keep = p.output
        .map((_, c) => c)
        .filter(
          (c) =>
            required.has(p.output[c]!.exprId) || p.projections.some((proj) => !isDeterministic(proj[c]!)),
        );
      if (keep.length === 0) keep.push(0);
      const projections =
        keep.length === p.output.length
          ? p.projections
          : p.projections.map((proj) => keep.map((c) => proj[c]!));
      const output = keep.length === p.output.length ? p.output : keep.map((c) => p.output[c]!);
      const need = new Set<number>();
      for (const proj of projections) refsOf(proj, need);
      return { ...p, projections, output, child: prune(p.child, need) };
    }
    case "local_relation": {
      if (!required || p.isStreaming) return p;
      const keep = p.output.map((a, i) => [a, i] as const).filter(([a]) => required.has(a.exprId));
      if (keep.length === p.output.length) return p;
      return { ...p, output: keep.map(([a]) => a), rows: p.rows.map((r) => keep.map(([, i]) => r[i])) };
    }
    case "data_source_relation": {
      // Sources read only the columns the query uses (pushed filters' columns stay readable
      // because the Filter above them still needs them).
      if (!required || (p.isStreaming && p.prunable !== true)) return p;
      const kept = p.output.filter((a) => required.has(a.exprId));
      return kept.length === p.output.length ? p : { ...p, output: kept };
    }
    case "union":
    case "intersect":
    case "except":
    case "distinct":
    case "deduplicate":
    case "flat_map_groups_with_state":
      return mapChildrenAll(p);
    default:
      return p;
  }
}

function mapChildrenAll(p: LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case "union":
      return { ...p, children: p.children.map((c) => prune(c, undefined)) };
    case "intersect":
    case "except":
      return { ...p, left: prune(p.left, undefined), right: prune(p.right, undefined) };
    case "distinct":
      return { ...p, child: prune(p.child, undefined) };
    case "deduplicate":
    case "flat_map_groups_with_state":
      return { ...p, child: prune(p.child, undefined) };
    default:
      return mapPlanExpressions(p, (e) => e);
  }
}

export const ColumnPruning: OptimizerRule = {
  name: "ColumnPruning",
  apply: (plan) => prune(plan, undefined),
};
