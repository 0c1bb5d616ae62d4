/** BooleanSimplification: `true AND x` → x, `false AND x` → false, `true OR x` → true, `NOT NOT x` → x. */
import type { Expression } from "../expressions/expression.js";
import { FALSE_LITERAL, TRUE_LITERAL } from "../expressions/literal.js";
import { transformUp } from "../expressions/tree.js";
import { mapPlanExpressions, transformPlanUp } from "../plans/plan-tree.js";
import type { OptimizerRule } from "./optimizer-rule.js";

const isTrue = (e: Expression) => e.kind === "literal" && e.value === true;
const isFalse = (e: Expression) => e.kind === "literal" && e.value === false;

export function simplifyBoolean(e: Expression): Expression {
  return transformUp(e, (x) => {
    if (x.kind === "and") {
      if (isTrue(x.left)) return x.right;
      if (isTrue(x.right)) return x.left;
      if (isFalse(x.left) || isFalse(x.right)) return FALSE_LITERAL;
    }
    if (x.kind === "or") {
      if (isFalse(x.left)) return x.right;
      if (isFalse(x.right)) return x.left;
      if (isTrue(x.left) || isTrue(x.right)) return TRUE_LITERAL;
    }
    if (x.kind === "call" && x.name === "not" && x.args[0]?.kind === "call" && x.args[0].name === "not") {
      return x.args[0].args[0]!;
    }
    return x;
  });
}

export const BooleanSimplification: OptimizerRule = {
  name: "BooleanSimplification",
  apply: (plan) => transformPlanUp(plan, (p) => mapPlanExpressions(p, simplifyBoolean)),
};
