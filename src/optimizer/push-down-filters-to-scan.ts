/**
 * PushDownFiltersToScan: Filter(cond, DataSourceRelation) records the deterministic conjuncts of
 * `cond` that reference only the relation's columns (and no subquery) as the relation's
 * `pushedFilters` (Spark's FileSourceStrategy / V2ScanRelationPushDown split). The Filter stays:
 * sources treat pushed filters as hints. Streaming relations are left alone.
 */
import { canonicalKey } from "../expressions/canonical.js";
import type { Expression } from "../expressions/expression.js";
import { exists } from "../expressions/tree.js";
import { transformPlanUp } from "../plans/plan-tree.js";
import { conjuncts, isDeterministic, readsOnly } from "./expression-utils.js";
import type { OptimizerRule } from "./optimizer-rule.js";

export const PushDownFiltersToScan: OptimizerRule = {
  name: "PushDownFiltersToScan",
  apply: (plan) =>
    transformPlanUp(plan, (p) => {
      if (p.kind !== "filter" || p.child.kind !== "data_source_relation" || p.child.isStreaming) return p;
      const rel = p.child;
      const ids = new Set(rel.output.map((a) => a.exprId));
      const existing = rel.pushedFilters ?? [];
      const seen = new Set(existing.map((e) => canonicalKey(e)));
      const added: Expression[] = [];
      for (const c of conjuncts(p.condition)) {
        if (!isDeterministic(c) || exists(c, (x) => x.kind.endsWith("_subquery"))) continue;
        if (!readsOnly(c, ids)) continue;
        const key = canonicalKey(c);
        if (seen.has(key)) continue;
        seen.add(key);
        added.push(c);
      }
      if (added.length === 0) return p;
      return { ...p, child: { ...rel, pushedFilters: [...existing, ...added] } };
    }),
};
