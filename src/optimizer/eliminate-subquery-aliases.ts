/** EliminateSubqueryAliases: aliases only matter for name resolution, not execution. */
import { transformPlanUp } from "../plans/plan-tree.js";
import type { OptimizerRule } from "./optimizer-rule.js";

export const EliminateSubqueryAliases: OptimizerRule = {
  name: "EliminateSubqueryAliases",
  apply: (plan) => transformPlanUp(plan, (p) => (p.kind === "subquery_alias" ? p.child : p)),
};
