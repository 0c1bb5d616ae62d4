/** RemoveNoopOperators (projects): a Project that outputs exactly its child's columns is dropped. */
import { outputOf } from "../plans/output.js";
import { transformPlanUp } from "../plans/plan-tree.js";
import type { OptimizerRule } from "./optimizer-rule.js";

export const RemoveNoopProject: OptimizerRule = {
  name: "RemoveNoopOperators",
  apply: (plan) =>
    transformPlanUp(plan, (p) => {
      if (p.kind !== "project") return p;
      const out = outputOf(p.child);
      const same =
        p.projectList.length === out.length &&
        p.projectList.every(
          (e, i) => e.kind === "attribute" && e.exprId === out[i]!.exprId && e.name === out[i]!.name,
        );
      return same ? p.child : p;
    }),
};
