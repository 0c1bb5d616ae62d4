/**
 * ConstantFolding + NullPropagation: evaluates constant sub-expressions once at planning time,
 * replaces null-intolerant calls with a NULL argument by a NULL literal, and `isnull` /
 * `isnotnull` of an expression that is never NULL by `false` / `true` (Spark's NullPropagation:
 * the `isnotnull(window)` a join on a tumbling window infers folds away instead of computing the
 * window twice per row). Errors (e.g. 1/0 in ANSI) are left for execution time, so a query that
 * never evaluates them does not fail.
 */
import type { Expression } from "../expressions/expression.js";
import { evaluateConstant } from "../expressions/evaluate.js";
import { literal } from "../expressions/literal.js";
import { transformUp } from "../expressions/tree.js";
import { nullableOf, typeOf } from "../expressions/typing.js";
import { BOOLEAN } from "../types/data-type.js";
import { mapPlanExpressions, transformPlanUp } from "../plans/plan-tree.js";
import type { OptimizerRule } from "./optimizer-rule.js";

function isConstant(e: Expression): boolean {
  switch (e.kind) {
    case "literal":
      return true;
    case "cast":
      return isConstant(e.child);
    case "call":
      return e.bound.deterministic !== false && !e.bound.makeEval && e.args.every(isConstant);
    case "and":
    case "or":
      return isConstant(e.left) && isConstant(e.right);
    case "case_when":
      return (
        e.branches.every(([c, v]) => isConstant(c) && isConstant(v)) &&
        (!e.elseValue || isConstant(e.elseValue))
      );
    case "coalesce":
      return e.children.every(isConstant);
    case "get_struct_field":
      return isConstant(e.child);
    default:
      return false;
  }
}

/** Folds constants in one expression. */
export function foldConstants(e: Expression): Expression {
  return transformUp(e, (x) => {
    if (x.kind === "literal" || x.kind === "alias") return x;
    if (
      x.kind === "call" &&
      x.bound.nullIntolerant !== false &&
      x.args.some((a) => a.kind === "literal" && a.value === null)
    ) {
      return literal(null, x.dataType);
    }
    if (
      x.kind === "call" &&
      (x.name === "isnotnull" || x.name === "isnull") &&
      x.args.length === 1 &&
      !nullableOf(x.args[0]!)
    )
      return literal(x.name === "isnotnull", BOOLEAN);
    if (x.kind === "cast" && x.child.kind === "literal" && x.child.value === null)
      return literal(null, x.dataType);
    if (!isConstant(x)) return x;
    try {
      return literal(evaluateConstant(x), typeOf(x));
    } catch {
      return x;
    }
  });
}

export const ConstantFolding: OptimizerRule = {
  name: "ConstantFolding",
  apply: (plan) => transformPlanUp(plan, (p) => mapPlanExpressions(p, foldConstants)),
};
