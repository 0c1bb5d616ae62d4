/**
 * Correlated subqueries become joins (Spark's RewritePredicateSubquery and
 * RewriteCorrelatedScalarSubquery), run as the Analyzer's last step because building the join
 * conditions needs the function registry:
 *
 *   Filter(EXISTS(sub) AND …, child)       → LeftSemi join of child and sub on sub's correlated predicates
 *   Filter(NOT EXISTS(sub), child)         → LeftAnti join
 *   Filter(x IN (sub), child)              → LeftSemi join on correlated predicates AND x = sub.col
 *   Filter(NOT (x IN (sub)), child)        → LeftAnti join on … AND (x = sub.col OR isnull(x = sub.col))
 *   Project/Filter using (SELECT agg …)     → LeftOuter join with the aggregate grouped by the
 *                                            correlated inner columns; the subquery becomes a column
 *
 * Correlated predicates are pulled out of Filters inside the subquery, through Projects (which
 * then also output the inner columns they use) and one Aggregate (which then groups by them).
 * Uncorrelated subqueries are left alone; they run once before the query.
 */
import { TsparkError } from "../common/errors.js";
import { prettySql } from "../expressions/display.js";
import { evaluateConstant } from "../expressions/evaluate.js";
import { nextExprId } from "../expressions/expr-id.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { literal } from "../expressions/literal.js";
import { exists, transformDown, transformUp } from "../expressions/tree.js";
import { typeOf } from "../expressions/typing.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { collectPlans, mapPlanExpressions, transformPlanUp } from "../plans/plan-tree.js";
import { BOOLEAN } from "../types/data-type.js";
import type { ExpressionResolver } from "./resolve-expression.js";

type Sub = { kind: "scalar_subquery" | "exists_subquery" | "in_subquery"; plan: unknown };

const hasOuter = (e: Expression): boolean => exists(e, (x) => x.kind === "outer_reference");

function isCorrelated(e: Expression): e is Expression & Sub {
  return (
    (e.kind === "scalar_subquery" || e.kind === "exists_subquery" || e.kind === "in_subquery") &&
    planHasOuter(e.plan as LogicalPlan)
  );
}

function planHasOuter(plan: LogicalPlan): boolean {
  for (const node of collectPlans(plan)) {
    let found = false;
    mapPlanExpressions(node, (e) => {
      if (!found && hasOuter(e)) found = true;
      return e;
    });
    if (found) return true;
  }
  return false;
}

function conjuncts(e: Expression): Expression[] {
  return e.kind === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function andAll(es: readonly Expression[]): Expression | undefined {
  return es.reduce<Expression | undefined>(
    (acc, c) => (acc ? { kind: "and", left: acc, right: c } : c),
    undefined,
  );
}

function notAllowed(e: Expression | LogicalPlan): TsparkError {
  const text = "kind" in e && e.kind in { filter: 1, project: 1 } ? e.kind : prettySqlSafe(e);
  return new TsparkError(
    "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED",
    {
      messageParameters: { treeNode: text },
    },
  );
}

function prettySqlSafe(e: Expression | LogicalPlan): string {
  try {
    return prettySql(e as Expression);
  } catch {
    return (e as LogicalPlan).kind;
  }
}

/** Inner attributes (not outer references) read by `preds`. */
function innerAttrs(preds: readonly Expression[]): AttributeReference[] {
  const seen = new Map<number, AttributeReference>();
  for (const p of preds) {
    transformDown(p, (x) => {
      if (x.kind === "outer_reference") return literal(null, BOOLEAN);
      if (x.kind === "attribute" && !seen.has(x.exprId)) seen.set(x.exprId, x);
      return x;
    });
  }
  return [...seen.values()];
}

/** Removes correlated conjuncts from the subquery plan; they come back with outer references kept. */
function pullOut(p: LogicalPlan): { plan: LogicalPlan; preds: Expression[] } {
  switch (p.kind) {
    case "filter": {
      const inner = pullOut(p.child);
      const parts = conjuncts(p.condition);
      const corr = parts.filter(hasOuter);
      const rest = andAll(parts.filter((c) => !hasOuter(c)));
      return {
        plan: rest ? { ...p, condition: rest, child: inner.plan } : inner.plan,
        preds: [...inner.preds, ...corr],
      };
    }
    case "subquery_alias":
    case "distinct": {
      const inner = pullOut(p.child);
      return { plan: { ...p, child: inner.plan }, preds: inner.preds };
    }
    case "project": {
      if (p.projectList.some(hasOuter)) throw notAllowed(p);
      const inner = pullOut(p.child);
      if (inner.preds.length === 0) return { plan: { ...p, child: inner.plan }, preds: [] };
      const have = new Set(outputOf(p).map((a) => a.exprId));
      const missing = innerAttrs(inner.preds).filter((a) => !have.has(a.exprId));
      return {
        plan: { ...p, projectList: [...p.projectList, ...missing], child: inner.plan },
        preds: inner.preds,
      };
    }
    case "aggregate": {
      if (p.aggregateExpressions.some(hasOuter) || p.groupingExpressions.some(hasOuter)) throw notAllowed(p);
      const inner = pullOut(p.child);
      if (inner.preds.length === 0) return { plan: { ...p, child: inner.plan }, preds: [] };
      const needed = innerAttrs(inner.preds);
      return {
        plan: {
          ...p,
          groupingExpressions: [...p.groupingExpressions, ...needed],
          aggregateExpressions: [...p.aggregateExpressions, ...needed],
          child: inner.plan,
        },
        preds: inner.preds,
      };
    }
    default:
      if (planHasOuter(p)) throw notAllowed(p);
      return { plan: p, preds: [] };
  }
}

/**
 * Decorrelates `sub` for a join with `left`: its correlated predicates with outer references turned
 * into plain attributes, and inner columns that collide with the left's ids renamed.
 */
function decorrelate(
  sub: LogicalPlan,
  left: LogicalPlan,
): { plan: LogicalPlan; preds: Expression[]; rename: (a: AttributeReference) => AttributeReference } {
  const { plan, preds } = pullOut(sub);
  const leftIds = new Set(outputOf(left).map((a) => a.exprId));
  const out = outputOf(plan);
  const renamed = new Map<number, AttributeReference>();
  let finalPlan = plan;
  if (out.some((a) => leftIds.has(a.exprId))) {
    const list = out.map((a) => {
      if (!leftIds.has(a.exprId)) return a;
      const id = nextExprId();
      renamed.set(a.exprId, { ...a, exprId: id });
      return { kind: "alias" as const, child: a, name: a.name, exprId: id };
    });
    finalPlan = { kind: "project", projectList: list, child: plan };
  }
  const rename = (a: AttributeReference) => renamed.get(a.exprId) ?? a;
  const fixed = preds.map((p) =>
    transformDown(p, (x) => {
      if (x.kind === "outer_reference") return x.attr;
      if (x.kind === "attribute") return rename(x);
      return x;
    }),
  );
  return { plan: finalPlan, preds: fixed, rename };
}

/** Rewrites the correlated subqueries of a resolved plan into joins. */
export function rewriteCorrelatedSubqueries(plan: LogicalPlan, resolver: ExpressionResolver): LogicalPlan {
  const call = (name: string, args: Expression[]): Expression => {
    const input: AttributeReference[] = [];
    for (const a of args)
      exists(a, (x) => {
        if (x.kind === "attribute") input.push(x);
        return false;
      });
    return resolver.resolve({ kind: "unresolved_function", name, args, isDistinct: false }, { input });
  };

  const rewriteScalars = (
    exprs: readonly Expression[],
    child: LogicalPlan,
  ): { exprs: Expression[]; child: LogicalPlan } => {
    let cur = child;
    const out = exprs.map((e) =>
      transformDown(e, (x) => {
        if (x.kind !== "scalar_subquery" || !isCorrelated(x)) return x;
        const sub = x.plan as LogicalPlan;
        const agg = topAggregate(sub);
        if (!agg || agg.groupingExpressions.length > 0) {
          throw new TsparkError(
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY",
          );
        }
        const d = decorrelate(sub, cur);
        const valueAttr = d.rename(outputOf(d.plan)[0]!);
        const empty = emptyAggregateValue(agg.aggregateExpressions[0]!);
        let right = d.plan;
        let value: Expression = valueAttr;
        if (empty !== null) {
          // The count bug: an outer row without matches gets the aggregate of no rows (0 for
          // count), not NULL; a constant TRUE column tells matched rows apart.
          const flagId = nextExprId();
          right = {
            kind: "project",
            projectList: [
              ...outputOf(d.plan),
              { kind: "alias", child: literal(true, BOOLEAN), name: "alwaysTrue", exprId: flagId },
            ],
            child: d.plan,
          };
          const flag: AttributeReference = {
            kind: "attribute",
            name: "alwaysTrue",
            dataType: BOOLEAN,
            nullable: true,
            exprId: flagId,
            qualifier: [],
          };
          value = {
            kind: "case_when",
            branches: [[call("isnull", [flag]), literal(empty, typeOf(valueAttr))]],
            elseValue: valueAttr,
          };
        }
        const cond = andAll(d.preds);
        cur = {
          kind: "join",
          left: cur,
          right,
          joinType: "left_outer",
          ...(cond ? { condition: cond } : {}),
        };
        return value;
      }),
    );
    return { exprs: out, child: cur };
  };

  return transformPlanUp(plan, (p) => {
    if (p.kind === "filter") {
      let child = p.child;
      const keep: Expression[] = [];
      for (const c of conjuncts(p.condition)) {
        const negated = c.kind === "call" && c.name === "not" && c.args.length === 1;
        const target = negated ? (c as Expression & { kind: "call" }).args[0]! : c;
        if ((target.kind === "exists_subquery" || target.kind === "in_subquery") && isCorrelated(target)) {
          const d = decorrelate(target.plan as LogicalPlan, child);
          const preds = [...d.preds];
          if (target.kind === "in_subquery") {
            const out = outputOf(d.plan);
            const eqs = target.values.map((v, i) => call("=", [v, d.rename(out[i]!)]));
            if (negated)
              preds.push(
                ...eqs.map((eq) => ({ kind: "or" as const, left: eq, right: call("isnull", [eq]) })),
              );
            else preds.push(...eqs);
          }
          const cond = andAll(preds);
          child = {
            kind: "join",
            left: child,
            right: d.plan,
            joinType: negated ? "left_anti" : "left_semi",
            ...(cond ? { condition: cond } : {}),
          };
          continue;
        }
        keep.push(c);
      }
      const rest = andAll(keep);
      if (child === p.child && !keep.some((k) => exists(k, isCorrelated))) return p;
      const inputs = outputOf(p.child);
      let body: LogicalPlan = child;
      if (rest) {
        if (exists(rest, (x) => isCorrelated(x) && x.kind !== "scalar_subquery")) throw notAllowed(rest);
        const r = rewriteScalars([rest], child);
        body = { kind: "filter", condition: r.exprs[0]!, child: r.child };
      }
      return outputOf(body).length === inputs.length
        ? body
        : { kind: "project", projectList: [...inputs], child: body };
    }
    if (p.kind === "project" && p.projectList.some((e) => exists(e, isCorrelated))) {
      if (p.projectList.some((e) => exists(e, (x) => isCorrelated(x) && x.kind !== "scalar_subquery"))) {
        throw notAllowed(p);
      }
      const r = rewriteScalars(p.projectList, p.child);
      return { ...p, projectList: r.exprs, child: r.child };
    }
    if (p.kind === "aggregate" && p.aggregateExpressions.some((e) => exists(e, isCorrelated))) {
      throw notAllowed(p);
    }
    return p;
  });
}

/** The Aggregate at the top of a scalar subquery (under aliases and projections), if any. */
function topAggregate(p: LogicalPlan): (LogicalPlan & { kind: "aggregate" }) | undefined {
  if (p.kind === "aggregate") return p;
  if (p.kind === "subquery_alias" || p.kind === "project") return topAggregate(p.child);
  return undefined;
}

/** The value of an aggregate output expression over no rows (0 for count), or null. */
function emptyAggregateValue(e: Expression): unknown {
  try {
    const folded = transformUp(e, (x) =>
      x.kind === "aggregate" && x.bound && x.dataType
        ? literal(x.bound.finish(x.bound.init()), x.dataType)
        : x,
    );
    if (exists(folded, (x) => x.kind === "attribute" || x.kind === "aggregate")) return null;
    return evaluateConstant(folded);
  } catch {
    return null;
  }
}
