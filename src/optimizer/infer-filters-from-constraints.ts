/**
 * InferFiltersFromConstraints (Spark's rule of the same name): adds the filters a plan's
 * constraints imply but no operator evaluates yet (see constraints.ts), so that rows are dropped
 * as early as possible. In a stream-stream join this decides which rows each side buffers in its
 * state: `leftId = rightId` and a right-side `rightId % 2 = 0` give the left side
 * `leftId % 2 = 0` too (StreamingLeftSemiJoinSuite "self left semi join").
 *
 *   Filter(cond, child)  → Filter(new AND cond, child), new = its constraints not already the
 *                          child's or among cond's conjuncts (typically `isnotnull(a)` of the
 *                          columns a null-intolerant condition reads)
 *   Join(l, r, type, c)  → each side the join type lets rows be dropped from (inner, cross and left
 *                          semi: both; left outer and left anti: the right; right outer: the left;
 *                          full outer: none) gets a Filter of the constraints of l, r and c (with
 *                          those the join keys' equalities infer, and `isnotnull` of what they read)
 *                          that read only that side's columns and are not its constraints yet.
 *
 * Runs once, between two runs of the operator optimizations (Spark's "Infer Filters" batch), so
 * PushDownPredicates then moves the new filters down and CombineFilters merges them. Off when
 * `spark.sql.constraintPropagation.enabled` is false (Spark's switch for plans whose constraints
 * grow too large to compute).
 */
import type { Expression } from "../expressions/expression.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { transformPlanDown } from "../plans/plan-tree.js";
import {
  type ConstraintSet,
  constraintsOf,
  constructIsNotNullConstraints,
  inferAdditionalConstraints,
  minus,
  unionOf,
} from "./constraints.js";
import { andAll, conjuncts, isDeterministic, readsOnly } from "./expression-utils.js";
import type { OptimizerConf, OptimizerRule } from "./optimizer-rule.js";

/** Spark's getAllConstraints: both sides' constraints, the condition, and what equalities infer. */
function joinConstraints(left: LogicalPlan, right: LogicalPlan, condition?: Expression): ConstraintSet {
  const base = unionOf(constraintsOf(left), constraintsOf(right), condition ? conjuncts(condition) : []);
  return unionOf(base, inferAdditionalConstraints(base));
}

/** `plan` under a Filter of the `constraints` on its columns it does not guarantee yet. */
function inferNewFilter(plan: LogicalPlan, constraints: ConstraintSet): LogicalPlan {
  const output = outputOf(plan);
  const ids = new Set(output.map((a) => a.exprId));
  const candidates = unionOf(constraints, constructIsNotNullConstraints(constraints, output));
  const mine = new Map<string, Expression>();
  for (const [k, c] of candidates) if (readsOnly(c, ids) && isDeterministic(c)) mine.set(k, c);
  const fresh = andAll([...minus(mine, constraintsOf(plan)).values()]);
  return fresh ? { kind: "filter", condition: fresh, child: plan } : plan;
}

function infer(p: LogicalPlan): LogicalPlan {
  if (p.kind === "filter") {
    const fresh = minus(minus(constraintsOf(p), constraintsOf(p.child)), unionOf(conjuncts(p.condition)));
    const added = andAll([...fresh.values()]);
    return added ? { ...p, condition: { kind: "and", left: added, right: p.condition } } : p;
  }
  if (p.kind !== "join") return p;
  const both = p.joinType === "inner" || p.joinType === "cross" || p.joinType === "left_semi";
  const toLeft = both || p.joinType === "right_outer";
  const toRight = both || p.joinType === "left_outer" || p.joinType === "left_anti";
  if (!toLeft && !toRight) return p;
  const all = joinConstraints(p.left, p.right, p.condition);
  const left = toLeft ? inferNewFilter(p.left, all) : p.left;
  const right = toRight ? inferNewFilter(p.right, all) : p.right;
  return left === p.left && right === p.right ? p : { ...p, left, right };
}

/** Spark's `spark.sql.constraintPropagation.enabled` (default true): false turns the rule off. */
export const CONSTRAINT_PROPAGATION_ENABLED = "spark.sql.constraintPropagation.enabled";

/** Whether `spark.sql.constraintPropagation.enabled` is on (the rules that read constraints run). */
export function constraintPropagationEnabled(conf: OptimizerConf): boolean {
  return conf(CONSTRAINT_PROPAGATION_ENABLED)?.trim().toLowerCase() !== "false";
}

export const InferFiltersFromConstraints: OptimizerRule = {
  name: "InferFiltersFromConstraints",
  apply: (plan) => transformPlanDown(plan, infer),
  enabled: constraintPropagationEnabled,
};
