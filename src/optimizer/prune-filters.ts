/**
 * PruneFilters (Spark's rule, its part about constraints): a Filter's conjuncts that its child's
 * constraints already guarantee are dropped, and a Filter left with none is removed:
 *
 *     Filter(isnotnull(a) AND a > 1, Filter(a > 1, t))   →   Filter(a > 1, t)  →  (combined) …
 *     Filter(a > 1, Project(…, Filter(a > 1, t)))        →   Project(…, Filter(a > 1, t))
 *
 * Only deterministic conjuncts are dropped. Off when `spark.sql.constraintPropagation.enabled` is
 * false (Spark's constraints are then empty, so nothing is implied). `WHERE true` is dropped by
 * CombineFilters; unlike Spark, `WHERE false` does not become an empty relation.
 */
import { transformPlanUp } from "../plans/plan-tree.js";
import { constraintsOf, keyOf } from "./constraints.js";
import { andAll, conjuncts, isDeterministic } from "./expression-utils.js";
import { constraintPropagationEnabled } from "./infer-filters-from-constraints.js";
import type { OptimizerRule } from "./optimizer-rule.js";

export const PruneFilters: OptimizerRule = {
  name: "PruneFilters",
  apply: (plan) =>
    transformPlanUp(plan, (p) => {
      if (p.kind !== "filter") return p;
      const implied = constraintsOf(p.child);
      if (implied.size === 0) return p;
      const parts = conjuncts(p.condition);
      const kept = parts.filter((c) => !(isDeterministic(c) && implied.has(keyOf(c))));
      if (kept.length === parts.length) return p;
      const condition = andAll(kept);
      return condition === undefined ? p.child : { ...p, condition };
    }),
  enabled: constraintPropagationEnabled,
};
