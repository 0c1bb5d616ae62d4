/**
 * Joins: conditions over both sides, USING columns (`join(other, "id")`), and fresh ids for a
 * right side that shares attributes with the left (self-joins).
 */
import { TsparkError } from "../common/errors.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { typeOf } from "../expressions/typing.js";
import type { Join, LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { BOOLEAN } from "../types/data-type.js";
import type { Analyzer } from "./analyzer.js";
import { toSqlId } from "./suggestions.js";

export function resolveJoin(
  analyzer: Analyzer,
  plan: Join,
  left: LogicalPlan,
  rightIn: LogicalPlan,
): LogicalPlan {
  const right = dedupRight(left, rightIn);
  const lout = outputOf(left);
  const rout = outputOf(right);
  if (plan.natural) {
    // Spark's NATURAL JOIN: the left side's columns that the right side also has, in left order.
    const eq = (a: string, b: string) =>
      analyzer.ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
    const common = lout.filter((l) => rout.some((r) => eq(l.name, r.name))).map((l) => l.name);
    const { natural: _natural, ...rest } = plan;
    return resolveUsing(analyzer, { ...rest, usingColumns: common }, left, right, lout, rout);
  }
  if (plan.usingColumns && plan.usingColumns.length > 0)
    return resolveUsing(analyzer, plan, left, right, lout, rout);
  if (!plan.condition) return { ...plan, left, right };
  const condition = analyzer.exprs.coerceTo(
    analyzer.exprs.resolve(plan.condition, { input: [...lout, ...rout] }),
    BOOLEAN,
  );
  if (typeOf(condition).kind !== "boolean") {
    throw new TsparkError("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", {
      messageParameters: {
        sqlExpr: '"join condition"',
        filter: '"join condition"',
        type: `"${typeOf(condition).sql()}"`,
      },
    });
  }
  return { ...plan, left, right, condition };
}

function resolveUsing(
  analyzer: Analyzer,
  plan: Join,
  left: LogicalPlan,
  right: LogicalPlan,
  lout: readonly AttributeReference[],
  rout: readonly AttributeReference[],
): LogicalPlan {
  const eq = (a: string, b: string) =>
    analyzer.ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  const pairs: [AttributeReference, AttributeReference][] = [];
  for (const name of plan.usingColumns ?? []) {
    const l = lout.find((a) => eq(a.name, name));
    const r = rout.find((a) => eq(a.name, name));
    if (!l || !r) {
      throw new TsparkError("UNRESOLVED_USING_COLUMN_FOR_JOIN", {
        messageParameters: {
          colName: toSqlId([name]),
          side: l ? "right" : "left",
          suggestion: (l ? rout : lout).map((a) => toSqlId([a.name])).join(", "),
        },
      });
    }
    pairs.push([l, r]);
  }
  let condition: Expression | undefined;
  for (const [l, r] of pairs) {
    const c = analyzer.exprs.resolve(
      { kind: "unresolved_function", name: "=", args: [l, r], isDistinct: false },
      { input: [...lout, ...rout] },
    );
    condition = condition ? { kind: "and", left: condition, right: c } : c;
  }
  const joinType = plan.joinType === "cross" ? "inner" : plan.joinType;
  const join: LogicalPlan = { kind: "join", left, right, joinType, ...(condition ? { condition } : {}) };
  const leftKeys = new Set(pairs.map(([l]) => l.exprId));
  const rightKeys = new Set(pairs.map(([, r]) => r.exprId));
  const keyCols: Expression[] = pairs.map(([l, r]) => {
    switch (joinType) {
      case "right_outer":
        return r;
      case "full_outer":
        return analyzer.alias(analyzer.exprs.resolveCoalesce([l, r]), l.name);
      default:
        return l;
    }
  });
  if (joinType === "left_semi" || joinType === "left_anti") {
    // Spark lists the USING keys first, then the left side's other columns.
    return {
      kind: "project",
      projectList: [...pairs.map(([l]) => l), ...lout.filter((a) => !leftKeys.has(a.exprId))],
      child: join,
    };
  }
  const projectList: Expression[] = [
    ...keyCols,
    ...lout.filter((a) => !leftKeys.has(a.exprId)),
    ...rout.filter((a) => !rightKeys.has(a.exprId)),
  ];
  const outputNullable = (e: Expression): Expression => e;
  return { kind: "project", projectList: projectList.map(outputNullable), child: join };
}

/** Gives the right side fresh attribute ids where they collide with the left's (self-join). */
function dedupRight(left: LogicalPlan, right: LogicalPlan): LogicalPlan {
  // Re-alias below any SubqueryAlias so the right side keeps its qualifier (`b.name` in a self-join).
  if (right.kind === "subquery_alias") {
    const child = dedupRight(left, right.child);
    return child === right.child ? right : { ...right, child };
  }
  const leftIds = new Set(outputOf(left).map((a) => a.exprId));
  const rout = outputOf(right);
  if (!rout.some((a) => leftIds.has(a.exprId))) return right;
  return {
    kind: "project",
    projectList: rout.map((a) =>
      leftIds.has(a.exprId) ? { kind: "alias", child: a, name: a.name, exprId: nextExprId() } : a,
    ),
    child: right,
  };
}
