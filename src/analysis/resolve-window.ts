/**
 * Window expressions in a select list become Window nodes (one per partition/order spec) under a
 * Project that refers to their outputs, as Spark's ExtractWindowExpressions does.
 */
import type {
  AttributeReference,
  Expression,
  SortOrder,
  WindowExpression,
} from "../expressions/expression.js";
import { explainSql, prettySql } from "../expressions/display.js";
import { transformDown } from "../expressions/tree.js";
import { toAttribute } from "../expressions/typing.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { alias } from "./naming.js";

/** Rewrites resolved select items containing window expressions into Window + Project. */
export function extractWindows(items: readonly Expression[], child: LogicalPlan): LogicalPlan {
  const groups = new Map<
    string,
    { partition: readonly Expression[]; order: readonly SortOrder[]; aliases: Expression[] }
  >();
  const attrFor = new Map<WindowExpression, AttributeReference>();
  const register = (we: WindowExpression, name: string): AttributeReference => {
    const key = `${we.spec.partitionBy.map(explainSql).join(",")}|${we.spec.orderBy.map(explainSql).join(",")}`;
    let g = groups.get(key);
    if (!g) {
      g = { partition: we.spec.partitionBy, order: we.spec.orderBy, aliases: [] };
      groups.set(key, g);
    }
    const a = alias(we, name);
    g.aliases.push(a);
    const attr = toAttribute(a);
    attrFor.set(we, attr);
    return attr;
  };
  const projectList = items.map((item) => {
    if (item.kind === "alias" && item.child.kind === "window_expression") {
      const attr = register(item.child, item.name);
      return { ...attr, exprId: item.exprId };
    }
    return transformDown(item, (x) => (x.kind === "window_expression" ? register(x, prettySql(x)) : x));
  });
  let plan: LogicalPlan = child;
  for (const g of groups.values()) {
    plan = {
      kind: "window",
      windowExpressions: g.aliases,
      partitionSpec: g.partition,
      orderSpec: g.order,
      child: plan,
    };
  }
  // Keep the user's alias ids: the Window outputs use fresh ids, so re-alias to the item's id.
  const windowOut = outputOf(plan);
  const finalList = projectList.map((e, i) => {
    const item = items[i]!;
    if (item.kind === "alias" && item.child.kind === "window_expression" && e.kind === "attribute") {
      const produced = windowOut.find(
        (a) => a.name === e.name && attrFor.get(item.child as WindowExpression)?.exprId === a.exprId,
      );
      return produced ? { ...item, child: produced } : e;
    }
    return e;
  });
  return { kind: "project", projectList: finalList, child: plan };
}
