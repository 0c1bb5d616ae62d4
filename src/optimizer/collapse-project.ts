/**
 * CollapseProject: Project(Project(x)) → one Project when the inner one is deterministic, by
 * substituting the inner aliases into the outer expressions (keeping the outer names and ids).
 */
import type { Expression } from "../expressions/expression.js";
import { transformPlanUp } from "../plans/plan-tree.js";
import { isDeterministic, substituteAliases } from "./expression-utils.js";
import type { OptimizerRule } from "./optimizer-rule.js";

function keepName(outer: Expression, inner: readonly Expression[]): Expression {
  if (outer.kind === "attribute") {
    const def = inner.find((e) => e.kind === "alias" && e.exprId === outer.exprId);
    if (def) return def;
    return outer;
  }
  if (outer.kind === "alias") return { ...outer, child: substituteAliases(outer.child, inner) };
  return substituteAliases(outer, inner);
}

export const CollapseProject: OptimizerRule = {
  name: "CollapseProject",
  apply: (plan) =>
    transformPlanUp(plan, (p) => {
      if (p.kind !== "project" || p.child.kind !== "project") return p;
      const inner = p.child.projectList;
      if (!inner.every(isDeterministic)) return p;
      return {
        kind: "project",
        projectList: p.projectList.map((e) => keepName(e, inner)),
        child: p.child.child,
      };
    }),
};
