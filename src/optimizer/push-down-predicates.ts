/**
 * PushDownPredicates: moves filter conjuncts below projections (substituting aliases), below
 * aggregates (for conditions on grouping columns only), below a `withWatermark` (conditions that do
 * not read its event-time column), below an Expand (conditions on columns it passes through
 * unchanged) and into the sides of joins where the join type allows it, so fewer rows flow through
 * the rest of the plan. A join's own condition gives its single-side conjuncts to the side the join
 * type allows (Spark's PushPredicateThroughJoin).
 *
 * The watermark case changes what a stream's watermark sees, exactly as in Spark: rows a pushed
 * condition removes never reach the watermark node, so they do not advance it (StreamingJoinSuite
 * "left outer join with non-key condition violated" relies on it).
 */
import type { Expression } from "../expressions/expression.js";
import { exists } from "../expressions/tree.js";
import { windowColumnKindOf } from "../plans/event-time.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { transformPlanDown } from "../plans/plan-tree.js";
import { andAll, conjuncts, isDeterministic, references, substituteAliases } from "./expression-utils.js";
import type { OptimizerRule } from "./optimizer-rule.js";

function subset(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** A subquery inside a condition (kept out of join conditions, as Spark's canEvaluateWithinJoin). */
function hasSubquery(e: Expression): boolean {
  return exists(
    e,
    (x) => x.kind === "scalar_subquery" || x.kind === "exists_subquery" || x.kind === "in_subquery",
  );
}

function filterOver(condition: Expression | undefined, child: LogicalPlan): LogicalPlan {
  return condition ? { kind: "filter", condition, child } : child;
}

/**
 * Spark's PushPredicateThroughJoin for a join's own condition: inner and left semi joins give the
 * conjuncts on one side only to that side, a left outer (and left anti) join those on its right
 * side, a right outer join those on its left side; a full outer join keeps its condition.
 */
function pushJoinCondition(p: LogicalPlan): LogicalPlan {
  if (p.kind !== "join" || p.condition === undefined) return p;
  const t = p.joinType;
  const toLeftOk = t === "inner" || t === "cross" || t === "left_semi" || t === "right_outer";
  const toRightOk =
    t === "inner" || t === "cross" || t === "left_semi" || t === "left_outer" || t === "left_anti";
  if (!toLeftOk && !toRightOk) return p;
  const lids = new Set(outputOf(p.left).map((a) => a.exprId));
  const rids = new Set(outputOf(p.right).map((a) => a.exprId));
  const toLeft: Expression[] = [];
  const toRight: Expression[] = [];
  const stay: Expression[] = [];
  for (const c of conjuncts(p.condition)) {
    const refs = references(c);
    if (!isDeterministic(c) || refs.size === 0) stay.push(c);
    else if (toLeftOk && subset(refs, lids)) toLeft.push(c);
    else if (toRightOk && subset(refs, rids)) toRight.push(c);
    else stay.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0) return p;
  const condition = andAll(stay);
  const { condition: _old, ...rest } = p;
  return {
    ...rest,
    ...(condition ? { condition } : {}),
    left: filterOver(andAll(toLeft), p.left),
    right: filterOver(andAll(toRight), p.right),
  };
}

function push(p: LogicalPlan): LogicalPlan {
  if (p.kind === "join") return pushJoinCondition(p);
  if (p.kind !== "filter") return p;
  const child = p.child;
  const parts = conjuncts(p.condition);
  switch (child.kind) {
    case "project": {
      if (!child.projectList.every(isDeterministic)) return p;
      const movable = parts.filter(isDeterministic);
      const stay = parts.filter((c) => !isDeterministic(c));
      if (movable.length === 0) return p;
      const pushed = andAll(movable.map((c) => substituteAliases(c, child.projectList)));
      return filterOver(andAll(stay), { ...child, child: filterOver(pushed, child.child) });
    }
    case "aggregate": {
      const groupIds = new Set<number>();
      // A session window is merged by the aggregate: below it `session_window` is each row's own
      // [time, time + gap), not the session the condition is about, so it stays above.
      for (const g of child.groupingExpressions)
        if (g.kind === "attribute" && windowColumnKindOf(g) !== "session") groupIds.add(g.exprId);
      // Only conditions on grouping columns can move below the aggregate (never aggregate results).
      const ok = (c: Expression) => {
        const below = substituteAliases(c, child.aggregateExpressions);
        return isDeterministic(below) && subset(references(below), groupIds);
      };
      const movable = parts.filter(ok);
      if (movable.length === 0 || child.groupingExpressions.length === 0) return p;
      const stay = parts.filter((c) => !ok(c));
      const pushed = andAll(movable.map((c) => substituteAliases(c, child.aggregateExpressions)));
      return filterOver(andAll(stay), { ...child, child: filterOver(pushed, child.child) });
    }
    case "join": {
      const lids = new Set(outputOf(child.left).map((a) => a.exprId));
      const rids = new Set(outputOf(child.right).map((a) => a.exprId));
      const canLeft =
        child.joinType === "inner" ||
        child.joinType === "cross" ||
        child.joinType === "left_outer" ||
        child.joinType === "left_semi" ||
        child.joinType === "left_anti";
      const canRight =
        child.joinType === "inner" || child.joinType === "cross" || child.joinType === "right_outer";
      // Spark's PushPredicateThroughJoin: over an inner (or cross) join, a condition on both
      // sides joins the join condition (`FROM a, b WHERE a.k = b.k` becomes an equi-join).
      const intoJoin = child.joinType === "inner" || child.joinType === "cross";
      const toLeft: Expression[] = [];
      const toRight: Expression[] = [];
      const toJoin: Expression[] = [];
      const stay: Expression[] = [];
      for (const c of parts) {
        const refs = references(c);
        if (!isDeterministic(c) || refs.size === 0) stay.push(c);
        else if (canLeft && subset(refs, lids)) toLeft.push(c);
        else if (canRight && subset(refs, rids)) toRight.push(c);
        else if (intoJoin && subset(refs, new Set([...lids, ...rids])) && !hasSubquery(c)) toJoin.push(c);
        else stay.push(c);
      }
      if (toLeft.length === 0 && toRight.length === 0 && toJoin.length === 0) return p;
      const condition = andAll([...(child.condition ? [child.condition] : []), ...toJoin]);
      return filterOver(andAll(stay), {
        ...child,
        ...(condition ? { condition } : {}),
        left: filterOver(andAll(toLeft), child.left),
        right: filterOver(andAll(toRight), child.right),
      });
    }
    case "event_time_watermark": {
      // Conditions that do not read the event-time column go below the watermark node.
      const eventTime = references(child.eventTime);
      const movable = (c: Expression) => {
        if (!isDeterministic(c)) return false;
        for (const id of references(c)) if (eventTime.has(id)) return false;
        return true;
      };
      return splitBelow(p, parts, movable, child);
    }
    case "expand": {
      // Spark's PushPredicateThroughNonJoin over an Expand: a deterministic condition on columns
      // every projection passes through unchanged (a sliding window's `isnotnull(time)`) filters
      // the input rows once instead of each expanded copy.
      const input = new Set(outputOf(child.child).map((a) => a.exprId));
      const passedThrough = (id: number): boolean => {
        if (!input.has(id)) return false;
        const at = child.output.findIndex((a) => a.exprId === id);
        return (
          at >= 0 &&
          child.projections.every((proj) => {
            const e = proj[at];
            return e?.kind === "attribute" && e.exprId === id;
          })
        );
      };
      const movable = (c: Expression): boolean => {
        if (!isDeterministic(c) || hasSubquery(c)) return false;
        const refs = references(c);
        if (refs.size === 0) return false;
        for (const id of refs) if (!passedThrough(id)) return false;
        return true;
      };
      return splitBelow(p, parts, movable, child);
    }
    default:
      return p;
  }
}

export const PushDownPredicates: OptimizerRule = {
  name: "PushDownPredicates",
  apply: (plan) => transformPlanDown(plan, push),
};

/**
 * `p`'s conjuncts `parts` split around the unary node `child`: the `movable` ones filter its input,
 * the others stay above it; `p` itself when none can move.
 */
function splitBelow(
  p: LogicalPlan,
  parts: readonly Expression[],
  movable: (c: Expression) => boolean,
  child: Extract<LogicalPlan, { readonly kind: "expand" | "event_time_watermark" }>,
): LogicalPlan {
  const down = parts.filter(movable);
  if (down.length === 0) return p;
  return filterOver(andAll(parts.filter((c) => !movable(c))), {
    ...child,
    child: filterOver(andAll(down), child.child),
  });
}
