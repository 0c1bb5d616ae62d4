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
import { exists, exprChildren, transformDown, transformUp, withChildren } from "../expressions/tree.js";
import { typeOf } from "../expressions/typing.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { collectPlans, mapPlanExpressions, transformPlanUp } from "../plans/plan-tree.js";
import { BOOLEAN, INT } from "../types/data-type.js";
import type { ExpressionResolver } from "./resolve-expression.js";
import { outerReferencesOf } from "./resolve-subquery.js";

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
    case "sort": {
      // Without a LIMIT above it an ORDER BY does not change a subquery's rows.
      if (p.order.some(hasOuter)) throw notAllowed(p);
      const inner = pullOut(p.child);
      return { plan: { ...p, child: inner.plan }, preds: inner.preds };
    }
    case "join": {
      // Correlated filters below an inner join (or on a left join's preserved side) can move
      // above it: the join output still carries the columns they read.
      if (p.condition && hasOuter(p.condition)) throw notAllowed(p);
      const inner = p.joinType === "inner" || p.joinType === "cross";
      const l = inner || p.joinType === "left_outer" ? pullOut(p.left) : undefined;
      const r = inner ? pullOut(p.right) : undefined;
      if (!l && planHasOuter(p.left)) throw notAllowed(p);
      if (!r && planHasOuter(p.right)) throw notAllowed(p);
      return {
        plan: { ...p, left: l?.plan ?? p.left, right: r?.plan ?? p.right },
        preds: [...(l?.preds ?? []), ...(r?.preds ?? [])],
      };
    }
    default:
      if (planHasOuter(p)) throw notAllowed(p);
      return { plan: p, preds: [] };
  }
}

/**
 * An EXISTS subquery's rows matter only through whether there are any: a top ORDER BY and a
 * LIMIT above zero can go (`undefined` for LIMIT 0: no rows at all).
 */
function existsBody(p: LogicalPlan): LogicalPlan | undefined {
  switch (p.kind) {
    case "sort":
      return existsBody(p.child);
    case "limit":
      return p.limit > 0 ? existsBody(p.child) : undefined;
    case "project":
    case "subquery_alias":
    case "distinct": {
      const c = existsBody(p.child);
      return c && { ...p, child: c };
    }
    default:
      return p;
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

  const flagged = (plan: LogicalPlan): { plan: LogicalPlan; flag: AttributeReference } => {
    const flag: AttributeReference = {
      kind: "attribute",
      name: "alwaysTrue",
      dataType: BOOLEAN,
      nullable: true,
      exprId: nextExprId(),
      qualifier: [],
    };
    return {
      plan: {
        kind: "project",
        projectList: [
          ...outputOf(plan),
          { kind: "alias", child: literal(true, BOOLEAN), name: flag.name, exprId: flag.exprId },
        ],
        child: plan,
      },
      flag,
    };
  };

  /**
   * The domain of a correlated subquery: the distinct values of the outer columns it uses, under
   * fresh ids, and the null-safe condition joining them back to the outer rows.
   */
  const domainOf = (cur: LogicalPlan, outerAttrs: readonly AttributeReference[]) => {
    const fresh = outerAttrs.map((a) => ({ ...a, exprId: nextExprId(), qualifier: [] }));
    const domain: LogicalPlan = {
      kind: "distinct",
      child: {
        kind: "project",
        projectList: outerAttrs.map((a, i) => ({
          kind: "alias" as const,
          child: a,
          name: a.name,
          exprId: fresh[i]!.exprId,
        })),
        child: cur,
      },
    };
    const byId = new Map(outerAttrs.map((a, i) => [a.exprId, fresh[i]!] as const));
    // Correlated predicates read the domain's columns instead of the outer query's.
    const onDomain = (e: Expression) =>
      transformDown(e, (x) => (x.kind === "outer_reference" ? (byId.get(x.attr.exprId) ?? x.attr) : x));
    const backCond = andAll(outerAttrs.map((a, i) => call("<=>", [a, fresh[i]!])));
    return { fresh, domain, onDomain, backCond };
  };

  /** A correlated scalar subquery whose predicates are not all equalities: aggregate per domain value. */
  const scalarOverDomain = (
    x: Expression & { kind: "scalar_subquery" },
    cur: LogicalPlan,
    agg: LogicalPlan & { kind: "aggregate" },
  ): { value: Expression; child: LogicalPlan } => {
    const outerAttrs = outerReferencesOf(x.plan as LogicalPlan);
    const { fresh, domain, onDomain, backCond } = domainOf(cur, outerAttrs);
    const inner = pullOut(agg.child);
    const cond = andAll(inner.preds.map(onDomain));
    const joined: LogicalPlan = {
      kind: "join",
      left: domain,
      right: inner.plan,
      joinType: "inner",
      ...(cond ? { condition: cond } : {}),
    };
    const perDomain: LogicalPlan = {
      ...agg,
      groupingExpressions: [...agg.groupingExpressions, ...fresh],
      aggregateExpressions: [agg.aggregateExpressions[0]!, ...fresh],
      child: joined,
    };
    const valueAttr = outputOf(perDomain)[0]!;
    return finishScalar(cur, perDomain, valueAttr, agg, backCond);
  };

  /** Left-outer-joins the per-key aggregate and fixes the count bug. */
  const finishScalar = (
    cur: LogicalPlan,
    right: LogicalPlan,
    valueAttr: AttributeReference,
    agg: LogicalPlan & { kind: "aggregate" },
    cond: Expression | undefined,
    having?: Expression,
  ): { value: Expression; child: LogicalPlan } => {
    // A grouped subquery has no row at all for an unmatched key, so it stays NULL; so does one
    // whose HAVING drops the aggregate of no rows.
    const empty =
      agg.groupingExpressions.length > 0 || (having && !havingKeepsEmpty(having, agg))
        ? null
        : emptyAggregateValue(agg.aggregateExpressions[0]!);
    let r = right;
    let value: Expression = valueAttr;
    if (empty !== null) {
      // The count bug: an outer row without matches gets the aggregate of no rows (0 for
      // count), not NULL; a constant TRUE column tells matched rows apart.
      const f = flagged(right);
      r = f.plan;
      value = {
        kind: "case_when",
        branches: [[call("isnull", [f.flag]), literal(empty, typeOf(valueAttr))]],
        elseValue: valueAttr,
      };
    }
    return {
      value,
      child: {
        kind: "join",
        left: cur,
        right: r,
        joinType: "left_outer",
        ...(cond ? { condition: cond } : {}),
      },
    };
  };

  /** A correlated EXISTS used as a value: TRUE when its domain value has a match. */
  const existsOverDomain = (
    x: Expression & { kind: "exists_subquery" },
    cur: LogicalPlan,
  ): { value: Expression; child: LogicalPlan } => {
    const sub = x.plan as LogicalPlan;
    if (isGlobalAggregate(sub)) return { value: literal(true, BOOLEAN), child: cur };
    const outerAttrs = outerReferencesOf(sub);
    const { fresh, domain, onDomain, backCond } = domainOf(cur, outerAttrs);
    const inner = pullOut(sub);
    const cond = andAll(inner.preds.map(onDomain));
    const matched: LogicalPlan = {
      kind: "distinct",
      child: {
        kind: "project",
        projectList: fresh,
        child: {
          kind: "join",
          left: domain,
          right: inner.plan,
          joinType: "inner",
          ...(cond ? { condition: cond } : {}),
        },
      },
    };
    const f = flagged(matched);
    return {
      value: call("isnotnull", [f.flag]),
      child: {
        kind: "join",
        left: cur,
        right: f.plan,
        joinType: "left_outer",
        ...(backCond ? { condition: backCond } : {}),
      },
    };
  };

  /**
   * A correlated `v IN (sub)` used as a value (Spark's ExistenceJoin with null-aware matching):
   * per distinct value of the outer columns and of `v`, TRUE when a row matches, NULL when no row
   * matches but some comparison is NULL, FALSE when none does.
   */
  const inOverDomain = (
    x: Expression & { kind: "in_subquery" },
    cur: LogicalPlan,
  ): { value: Expression; child: LogicalPlan } => {
    const sub = x.plan as LogicalPlan;
    const keys = new Map<number, AttributeReference>();
    for (const a of outerReferencesOf(sub)) keys.set(a.exprId, a);
    for (const v of x.values)
      exists(v, (y) => {
        if (y.kind === "attribute" && !keys.has(y.exprId)) keys.set(y.exprId, y);
        return false;
      });
    const keyAttrs = [...keys.values()];
    const { fresh, domain, onDomain, backCond } = domainOf(cur, keyAttrs);
    const byId = new Map(keyAttrs.map((a, i) => [a.exprId, fresh[i]!] as const));
    const inner = pullOut(sub);
    const out = outputOf(inner.plan);
    const eq = andAll(
      x.values.map((v, i) =>
        call("=", [
          transformDown(v, (y) => (y.kind === "attribute" ? (byId.get(y.exprId) ?? y) : y)),
          out[i]!,
        ]),
      ),
    )!;
    const cond = andAll([
      ...inner.preds.map(onDomain),
      { kind: "or", left: eq, right: call("isnull", [eq]) },
    ]);
    const m: Expression = { kind: "alias", child: call("max", [eq]), name: "matched", exprId: nextExprId() };
    const perKey: LogicalPlan = {
      kind: "aggregate",
      groupingExpressions: fresh,
      aggregateExpressions: [...fresh, m],
      child: {
        kind: "join",
        left: domain,
        right: inner.plan,
        joinType: "inner",
        ...(cond ? { condition: cond } : {}),
      },
    };
    const mAttr = outputOf(perKey)[fresh.length]!;
    const f = flagged(perKey);
    return {
      value: {
        kind: "case_when",
        branches: [[call("isnull", [f.flag]), literal(false, BOOLEAN)]],
        elseValue: mAttr,
      },
      child: {
        kind: "join",
        left: cur,
        right: f.plan,
        joinType: "left_outer",
        ...(backCond ? { condition: backCond } : {}),
      },
    };
  };

  /**
   * A correlated scalar subquery without an aggregate (`(SELECT t.x)`, `(SELECT b FROM u WHERE
   * u.a = t.a)`): evaluated once per distinct outer value by joining that domain under its
   * projections and filters; more than one row for a value fails at run time.
   */
  const scalarWithoutAggregate = (
    sub: LogicalPlan,
    cur: LogicalPlan,
  ): { value: Expression; child: LogicalPlan } => {
    const outerAttrs = outerReferencesOf(sub);
    const { fresh, domain, onDomain, backCond } = domainOf(cur, outerAttrs);
    const push = (p: LogicalPlan): LogicalPlan => {
      switch (p.kind) {
        case "project":
          return { ...p, projectList: [...p.projectList.map(onDomain), ...fresh], child: push(p.child) };
        case "filter":
          return { ...p, condition: onDomain(p.condition), child: push(p.child) };
        case "subquery_alias":
          return { ...p, child: push(p.child) };
        case "sort":
          return { ...p, child: push(p.child) };
        default:
          return { kind: "join", left: domain, right: p, joinType: "inner" };
      }
    };
    const body = push(sub);
    const v = outputOf(body)[0]!;
    const value: Expression = {
      kind: "alias",
      child: call("first", [v]),
      name: v.name,
      exprId: nextExprId(),
    };
    const n: Expression = {
      kind: "alias",
      child: call("count", [literal(1, INT)]),
      name: "rows",
      exprId: nextExprId(),
    };
    const perKey: LogicalPlan = {
      kind: "aggregate",
      groupingExpressions: fresh,
      aggregateExpressions: [value, n, ...fresh],
      child: body,
    };
    const [vAttr, nAttr] = outputOf(perKey);
    // The run-time check Spark adds for a non-aggregated scalar subquery: one row per outer value.
    const checked: Expression = {
      kind: "call",
      name: "__single_row",
      args: [nAttr!, vAttr!],
      dataType: vAttr!.dataType,
      nullable: true,
      bound: {
        dataType: vAttr!.dataType,
        nullable: true,
        nullIntolerant: false,
        deterministic: false,
        display: (a) => a[1]!,
        eval: (rows, v) => {
          if (rows !== null && Number(rows) > 1) throw new TsparkError("SCALAR_SUBQUERY_TOO_MANY_ROWS");
          return v;
        },
      },
    };
    return {
      value: checked,
      child: {
        kind: "join",
        left: cur,
        right: perKey,
        joinType: "left_outer",
        ...(backCond ? { condition: backCond } : {}),
      },
    };
  };

  const rewriteScalars = (
    exprs: readonly Expression[],
    child: LogicalPlan,
  ): { exprs: Expression[]; child: LogicalPlan } => {
    let cur = child;
    const out = exprs.map((e) =>
      transformDown(e, (x) => {
        if (x.kind === "in_subquery" && isCorrelated(x)) {
          const r = inOverDomain(x, cur);
          cur = r.child;
          return r.value;
        }
        if (x.kind === "exists_subquery" && isCorrelated(x)) {
          const r = existsOverDomain(x, cur);
          cur = r.child;
          return r.value;
        }
        if (x.kind !== "scalar_subquery" || !isCorrelated(x)) return x;
        const sub = x.plan as LogicalPlan;
        const agg = topAggregate(sub);
        if (!agg && isSimpleChain(sub)) {
          const r = scalarWithoutAggregate(sub, cur);
          cur = r.child;
          return r.value;
        }
        if (!agg || (agg.groupingExpressions.length > 0 && !groupedByCorrelation(agg))) {
          throw new TsparkError(
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY",
          );
        }
        if (!pullOut(agg.child).preds.every(isEquiCorrelation)) {
          if (agg !== stripAliases(sub)) throw notAllowed(sub);
          const r = scalarOverDomain(x, cur, agg);
          cur = r.child;
          return r.value;
        }
        const having = havingOf(sub);
        const d = decorrelate(having ? havingAsValue(sub).plan : sub, cur);
        const r = finishScalar(cur, d.plan, d.rename(outputOf(d.plan)[0]!), agg, andAll(d.preds), having);
        cur = r.child;
        return r.value;
      }),
    );
    return { exprs: out, child: cur };
  };

  return transformPlanUp(plan, (node) => {
    const p = mapPlanExpressions(node, (e) =>
      exists(e, (x) => x.kind === "exists_subquery" && isCorrelated(x))
        ? transformDown(e, (x) => {
            if (x.kind !== "exists_subquery" || !isCorrelated(x)) return x;
            const body = existsBody(x.plan as LogicalPlan);
            return body ? { ...x, plan: body } : literal(false, BOOLEAN);
          })
        : e,
    );
    if (p.kind === "filter") {
      let child = p.child;
      let rewritten = false;
      const keep: Expression[] = [];
      for (const c of conjuncts(p.condition)) {
        const negated = c.kind === "call" && c.name === "not" && c.args.length === 1;
        const target = negated ? (c as Expression & { kind: "call" }).args[0]! : c;
        if (
          target.kind === "exists_subquery" &&
          isCorrelated(target) &&
          isGlobalAggregate(target.plan as LogicalPlan)
        ) {
          // A global aggregate always returns one row: EXISTS is TRUE, NOT EXISTS is FALSE.
          if (negated) keep.push(literal(false, BOOLEAN));
          rewritten = true;
          continue;
        }
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
      if (!rewritten && child === p.child && !keep.some((k) => exists(k, isCorrelated))) return p;
      const inputs = outputOf(p.child);
      let body: LogicalPlan = child;
      if (rest) {
        const r = rewriteScalars([rest], child);
        body = { kind: "filter", condition: r.exprs[0]!, child: r.child };
      }
      return outputOf(body).length === inputs.length
        ? body
        : { kind: "project", projectList: [...inputs], child: body };
    }
    if (p.kind === "project" && p.projectList.some((e) => exists(e, isCorrelated))) {
      const r = rewriteScalars(p.projectList, p.child);
      return { ...p, projectList: r.exprs, child: r.child };
    }
    if (p.kind === "join" && p.condition && exists(p.condition, isCorrelated)) {
      // A subquery in a join condition reads one side's columns: it becomes a column of that side
      // (Spark 4 rewrites it the same way, with an existence join under that side).
      const leftIds = new Set(outputOf(p.left).map((a) => a.exprId));
      const rightIds = new Set(outputOf(p.right).map((a) => a.exprId));
      let left = p.left;
      let right = p.right;
      const condition = transformDown(p.condition, (x) => {
        if (!isCorrelated(x)) return x;
        const used = outerReferencesOf(x.plan as LogicalPlan);
        if (x.kind === "in_subquery")
          for (const v of x.values)
            exists(v, (y) => {
              if (y.kind === "attribute") used.push(y);
              return false;
            });
        const onLeft = used.every((a) => leftIds.has(a.exprId));
        if (!onLeft && !used.every((a) => rightIds.has(a.exprId))) {
          throw new TsparkError(
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION",
            { messageParameters: { subqueryExpression: prettySqlSafe(x) } },
          );
        }
        const r = rewriteScalars([x], onLeft ? left : right);
        if (onLeft) left = r.child;
        else right = r.child;
        return r.exprs[0]!;
      });
      return { kind: "project", projectList: [...outputOf(p)], child: { ...p, left, right, condition } };
    }
    if (p.kind === "aggregate" && p.aggregateExpressions.some((e) => exists(e, isCorrelated))) {
      // The subquery joins the aggregate's input, so its value is per row: outside an aggregate
      // function it is the same for every row of a group (its outer columns are grouped), so
      // first() picks it; a GROUP BY on it (GROUP BY ALL) is then redundant (SPARK-46779).
      const perGroup = (e: Expression): Expression => {
        if (e.kind === "aggregate") return e;
        if (e.kind === "scalar_subquery" && isCorrelated(e)) return call("first", [e]);
        const cs = exprChildren(e);
        return cs.length === 0 ? e : withChildren(e, cs.map(perGroup));
      };
      const r = rewriteScalars(p.aggregateExpressions.map(perGroup), p.child);
      return {
        ...p,
        groupingExpressions: p.groupingExpressions.filter((g) => !exists(g, isCorrelated)),
        aggregateExpressions: r.exprs,
        child: r.child,
      };
    }
    return p;
  });
}

/** Projections, filters and ORDER BY over a relation that reads no outer column. */
function isSimpleChain(p: LogicalPlan): boolean {
  switch (p.kind) {
    case "project":
    case "filter":
    case "subquery_alias":
    case "sort":
      return p.kind !== "project" || !p.projectList.some((e) => exists(e, (x) => x.kind === "aggregate"))
        ? isSimpleChain(p.child)
        : false;
    case "aggregate":
      return false;
    default:
      return !planHasOuter(p) && !collectPlans(p).some((q) => q.kind === "aggregate");
  }
}

/** The Aggregate at the top of a scalar subquery (under aliases and projections), if any. */
function topAggregate(p: LogicalPlan): (LogicalPlan & { kind: "aggregate" }) | undefined {
  if (p.kind === "aggregate") return p;
  if (p.kind === "subquery_alias" || p.kind === "project") return topAggregate(p.child);
  if (p.kind === "filter" && !hasOuter(p.condition) && p.child.kind === "aggregate") return p.child;
  return undefined;
}

/** The HAVING condition directly over a scalar subquery's top Aggregate, if any. */
function havingOf(p: LogicalPlan): Expression | undefined {
  if (p.kind === "subquery_alias" || p.kind === "project") return havingOf(p.child);
  return p.kind === "filter" && p.child.kind === "aggregate" ? p.condition : undefined;
}

/**
 * Turns a scalar subquery's HAVING into its value (`CASE WHEN having THEN value END`), so that
 * every correlation key keeps a row and a missing row means "no input rows" (the count bug).
 */
function havingAsValue(p: LogicalPlan): { plan: LogicalPlan; renamed?: Map<number, AttributeReference> } {
  if (p.kind === "filter" && p.child.kind === "aggregate") {
    const renamed = new Map<number, AttributeReference>();
    const list = outputOf(p.child).map((a) => {
      const to: AttributeReference = { ...a, exprId: nextExprId(), nullable: true };
      renamed.set(a.exprId, to);
      const value: Expression = { kind: "case_when", branches: [[p.condition, a]] };
      return { kind: "alias" as const, child: value, name: a.name, exprId: to.exprId };
    });
    return { plan: { kind: "project", projectList: list, child: p.child }, renamed };
  }
  if (p.kind !== "project" && p.kind !== "subquery_alias") return { plan: p };
  const r = havingAsValue(p.child);
  const renamed = r.renamed;
  if (!renamed) return { plan: p };
  if (p.kind === "subquery_alias") return { ...r, plan: { ...p, child: r.plan } };
  const projectList = p.projectList.map((e) =>
    transformDown(e, (x) => {
      const to = x.kind === "attribute" ? renamed.get(x.exprId) : undefined;
      return to && x.kind === "attribute" ? { ...to, qualifier: x.qualifier } : x;
    }),
  );
  return { ...r, plan: { ...p, projectList, child: r.plan } };
}

/** Whether HAVING keeps the row an Aggregate makes from no input rows (unknown counts as kept). */
function havingKeepsEmpty(having: Expression, agg: LogicalPlan & { kind: "aggregate" }): boolean {
  const out = outputOf(agg);
  const byId = new Map<number, Expression>();
  agg.aggregateExpressions.forEach((e, i) => {
    const a = out[i];
    if (a) byId.set(a.exprId, literal(emptyAggregateValue(e), a.dataType));
  });
  try {
    const folded = transformUp(having, (x) => (x.kind === "attribute" ? (byId.get(x.exprId) ?? x) : x));
    if (exists(folded, (x) => x.kind === "attribute")) return true;
    return evaluateConstant(folded) === true;
  } catch {
    return true;
  }
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

function stripAliases(p: LogicalPlan): LogicalPlan {
  return p.kind === "subquery_alias" ? stripAliases(p.child) : p;
}

/** A subquery that is a global aggregate (always exactly one row). */
function isGlobalAggregate(p: LogicalPlan): boolean {
  const top = stripAliases(p);
  if (top.kind === "project") return isGlobalAggregate(top.child);
  return top.kind === "aggregate" && top.groupingExpressions.length === 0;
}

/** `inner = outer` (either order): the shape the plain join rewrite handles. */
function isEquiCorrelation(e: Expression): boolean {
  if (e.kind !== "call" || e.name !== "=" || e.args.length !== 2) return false;
  const side = (x: Expression) => {
    const outer = hasOuter(x);
    const inner = exists(x, (y) => y.kind === "attribute");
    return outer && !inner ? "outer" : inner && !outer ? "inner" : "mixed";
  };
  const a = side(e.args[0]!);
  const b = side(e.args[1]!);
  return (a === "outer" && b === "inner") || (a === "inner" && b === "outer");
}

/** GROUP BY only over inner columns that an equality binds to an outer column: one row per key. */
function groupedByCorrelation(agg: LogicalPlan & { kind: "aggregate" }): boolean {
  let preds: Expression[];
  try {
    preds = pullOut(agg.child).preds;
  } catch {
    return false;
  }
  if (!preds.every(isEquiCorrelation)) return false;
  const bound = new Set(innerAttrs(preds).map((a) => a.exprId));
  // A constant key (GROUP BY 'constant') does not split a correlation key's rows.
  return agg.groupingExpressions.every(
    (g) => g.kind === "literal" || (g.kind === "attribute" && bound.has(g.exprId)),
  );
}
