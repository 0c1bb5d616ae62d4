/**
 * CombineFilters (Spark's rule): `Filter(a, Filter(b, x))` → `Filter(b AND a', x)` where `a'` is
 * `a`'s conjuncts that are not already `b`'s (compared as canonical expressions, so `x = 1` and
 * `1 = x` are one); a lower condition that is not deterministic is left apart (merging would change
 * which rows it sees). Also drops `WHERE true`.
 */
import { transformPlanUp } from "../plans/plan-tree.js";
import { keyOf } from "./constraints.js";
import { andAll, conjuncts, isDeterministic } from "./expression-utils.js";
import type { OptimizerRule } from "./optimizer-rule.js";

export const CombineFilters: OptimizerRule = {
  name: "CombineFilters",
  apply: (plan) =>
    transformPlanUp(plan, (p) => {
      if (p.kind !== "filter") return p;
      if (p.condition.kind === "literal" && p.condition.value === true) return p.child;
      const lower = p.child;
      if (lower.kind !== "filter" || !isDeterministic(lower.condition)) return p;
      const seen = new Set(conjuncts(lower.condition).map(keyOf));
      const added = andAll(conjuncts(p.condition).filter((c) => !seen.has(keyOf(c))));
      if (added === undefined) return lower;
      return {
        kind: "filter",
        condition: { kind: "and", left: lower.condition, right: added },
        child: lower.child,
      };
    }),
};
