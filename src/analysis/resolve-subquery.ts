/**
 * Subquery expressions (`(SELECT …)`, `EXISTS (…)`, `x IN (SELECT …)`): resolves the subquery's
 * plan with the enclosing query's columns visible as outer references, checks its shape (one
 * column for a scalar subquery, matching arity for IN) and coerces IN's two sides to common types.
 */
import { TsparkError } from "../common/errors.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";
import type {
  AttributeReference,
  ExistsSubquery,
  Expression,
  InSubquery,
  ScalarSubquery,
} from "../expressions/expression.js";
import { exists } from "../expressions/tree.js";
import { typeOf } from "../expressions/typing.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { collectPlans, mapPlanExpressions } from "../plans/plan-tree.js";
import { findWiderCommonType } from "../types/coercion.js";
import { sameTypeIgnoreNullability } from "../types/data-type.js";
import type { ExpressionResolver, Scope } from "./resolve-expression.js";
import { rewriteCorrelatedSubqueries } from "./rewrite-correlated-subqueries.js";

/** Resolves one subquery expression in `scope` (the enclosing query's input). */
export function resolveSubquery(
  resolver: ExpressionResolver,
  e: ScalarSubquery | ExistsSubquery | InSubquery,
  scope: Scope,
): Expression {
  const resolvePlan = resolver.resolvePlan;
  if (!resolvePlan) {
    throw new TsparkError("INTERNAL_ERROR", { messageParameters: { message: "no subquery resolver" } });
  }
  resolver.outerScopes.push([...scope.input, ...(scope.fallback ?? [])]);
  let plan: LogicalPlan;
  try {
    // Subqueries nested in this one that refer to its columns become joins inside it.
    plan = rewriteCorrelatedSubqueries(resolvePlan(e.plan as LogicalPlan), resolver);
  } finally {
    resolver.outerScopes.pop();
  }
  const outerAttrs = outerReferencesOf(plan);
  const output = outputOf(plan);
  switch (e.kind) {
    case "scalar_subquery": {
      if (output.length !== 1) {
        throw new TsparkError(
          "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
          {
            messageParameters: { number: `${output.length}` },
          },
        );
      }
      return { ...e, plan, dataType: output[0]!.dataType, outerAttrs };
    }
    case "exists_subquery":
      return { ...e, plan, outerAttrs };
    case "in_subquery":
      return resolveIn(resolver, e, plan, output, scope, outerAttrs);
  }
}

function resolveIn(
  resolver: ExpressionResolver,
  e: InSubquery,
  plan: LogicalPlan,
  output: readonly AttributeReference[],
  scope: Scope,
  outerAttrs: readonly Expression[],
): Expression {
  const values = e.values.map((v) => resolver.resolve(v, scope));
  if (values.length !== output.length) {
    throw new TsparkError("DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH", {
      messageParameters: {
        leftLength: `${values.length}`,
        leftColumns: values.map((v) => `"${prettySql(v)}"`).join(", "),
        rightLength: `${output.length}`,
        rightColumns: output.map((a) => `"${a.name}"`).join(", "),
      },
    });
  }
  const targets = values.map((v, i) => {
    const lt = typeOf(v);
    const rt = output[i]!.dataType;
    if (sameTypeIgnoreNullability(lt, rt)) return lt;
    if (lt.kind === "null") return rt;
    if (rt.kind === "null") return lt;
    return findWiderCommonType([lt, rt], resolver.ctx.bind.ansi);
  });
  if (targets.some((t) => t === undefined)) {
    const bad = values.flatMap((v, i) => (targets[i] === undefined ? [prettySql(v)] : []));
    throw new TsparkError("DATATYPE_MISMATCH.IN_SUBQUERY_DATA_TYPE_MISMATCH", {
      messageParameters: {
        mismatchedColumns: bad.join(", "),
        leftType: `[${values.map((v) => `"${typeOf(v).sql()}"`).join(", ")}]`,
        rightType: `[${output.map((a) => `"${a.dataType.sql()}"`).join(", ")}]`,
      },
    });
  }
  const coercedValues = values.map((v, i) => resolver.coerceTo(v, targets[i]!));
  const needsCast = output.some((a, i) => !sameTypeIgnoreNullability(a.dataType, targets[i]!));
  const coercedPlan: LogicalPlan = needsCast
    ? {
        kind: "project",
        projectList: output.map((a, i) =>
          sameTypeIgnoreNullability(a.dataType, targets[i]!)
            ? a
            : { kind: "alias", child: resolver.coerceTo(a, targets[i]!), name: a.name, exprId: nextExprId() },
        ),
        child: plan,
      }
    : plan;
  return { ...e, values: coercedValues, plan: coercedPlan, outerAttrs };
}

/** The distinct outer attributes a resolved subquery plan refers to (one level of nesting). */
export function outerReferencesOf(plan: LogicalPlan): AttributeReference[] {
  const seen = new Map<number, AttributeReference>();
  for (const node of collectPlans(plan)) {
    mapPlanExpressions(node, (x) => {
      exists(x, (y) => {
        if (y.kind === "outer_reference" && !seen.has(y.attr.exprId)) seen.set(y.attr.exprId, y.attr);
        return false;
      });
      return x;
    });
  }
  return [...seen.values()];
}
