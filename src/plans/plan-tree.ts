/**
 * Generic walks over logical plans: rebuild with new children, rewrite every expression of a node,
 * bottom-up plan rewrites.
 */
import type { Expression, SortOrder } from "../expressions/expression.js";
import { childrenOf, type LogicalPlan } from "./logical-plan.js";

/** Rebuilds `p` with new children (same order as `childrenOf`). */
export function withNewChildren(p: LogicalPlan, cs: readonly LogicalPlan[]): LogicalPlan {
  const old = childrenOf(p);
  if (old.length === cs.length && old.every((c, i) => c === cs[i])) return p;
  switch (p.kind) {
    case "local_relation":
    case "range":
    case "unresolved_relation":
    case "unresolved_inline_table":
    case "data_source_relation":
      return p;
    case "join":
    case "intersect":
    case "except":
      return { ...p, left: cs[0]!, right: cs[1]! };
    case "union":
      return { ...p, children: cs };
    default:
      return { ...p, child: cs[0]! };
  }
}

/** Bottom-up plan rewrite. */
export function transformPlanUp(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const cs = childrenOf(p);
  const rebuilt =
    cs.length === 0
      ? p
      : withNewChildren(
          p,
          cs.map((c) => transformPlanUp(c, f)),
        );
  return f(rebuilt);
}

/** Top-down plan rewrite (children of the rewritten node are then visited). */
export function transformPlanDown(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const r = f(p);
  const cs = childrenOf(r);
  return cs.length === 0
    ? r
    : withNewChildren(
        r,
        cs.map((c) => transformPlanDown(c, f)),
      );
}

/** Applies `f` to every expression held directly by `p`; returns `p` itself when nothing changed. */
export function mapPlanExpressions(p: LogicalPlan, f: (e: Expression) => Expression): LogicalPlan {
  let changed = false;
  const g = (e: Expression): Expression => {
    const r = f(e);
    if (r !== e) changed = true;
    return r;
  };
  const gs = (o: SortOrder): SortOrder => {
    const r = g(o);
    return r.kind === "sort_order" ? r : { ...o, child: r };
  };
  let out: LogicalPlan;
  switch (p.kind) {
    case "project":
      out = { ...p, projectList: p.projectList.map(g) };
      break;
    case "filter":
      out = { ...p, condition: g(p.condition) };
      break;
    case "aggregate":
      out = {
        ...p,
        groupingExpressions: p.groupingExpressions.map(g),
        aggregateExpressions: p.aggregateExpressions.map(g),
      };
      break;
    case "sort":
      out = { ...p, order: p.order.map(gs) };
      break;
    case "join":
      out = p.condition ? { ...p, condition: g(p.condition) } : p;
      break;
    case "deduplicate":
      out = { ...p, keys: p.keys.map(g) };
      break;
    case "event_time_watermark":
      out = { ...p, eventTime: g(p.eventTime) };
      break;
    case "flat_map_groups_with_state":
      out = { ...p, groupingExpressions: p.groupingExpressions.map(g) };
      break;
    case "generate":
      out = { ...p, generator: g(p.generator) };
      break;
    case "window":
      out = {
        ...p,
        windowExpressions: p.windowExpressions.map(g),
        partitionSpec: p.partitionSpec.map(g),
        orderSpec: p.orderSpec.map(gs),
      };
      break;
    case "expand":
      out = { ...p, projections: p.projections.map((ps) => ps.map(g)) };
      break;
    default:
      return p;
  }
  return changed ? out : p;
}

/** Pre-order list of all nodes. */
export function collectPlans(p: LogicalPlan, out: LogicalPlan[] = []): LogicalPlan[] {
  out.push(p);
  for (const c of childrenOf(p)) collectPlans(c, out);
  return out;
}
