/** CombineFilters: Filter(a, Filter(b, x)) → Filter(b AND a, x); drops `WHERE true`. */
import { transformPlanUp } from "../plans/plan-tree.js";
import type { OptimizerRule } from "./optimizer-rule.js";

export const CombineFilters: OptimizerRule = {
  name: "CombineFilters",
  apply: (plan) =>
    transformPlanUp(plan, (p) => {
      if (p.kind !== "filter") return p;
      if (p.condition.kind === "literal" && p.condition.value === true) return p.child;
      if (p.child.kind === "filter") {
        return {
          kind: "filter",
          condition: { kind: "and", left: p.child.condition, right: p.condition },
          child: p.child.child,
        };
      }
      return p;
    }),
};
