/**
 * CheckAnalysis: last checks on a resolved plan (predicates are boolean, aggregates and
 * generators only where allowed).
 */
import { TsparkError } from "../common/errors.js";
import { prettySql } from "../expressions/display.js";
import { exists } from "../expressions/tree.js";
import { typeOf } from "../expressions/typing.js";
import { childrenOf, type LogicalPlan } from "../plans/logical-plan.js";

export function checkAnalysis(plan: LogicalPlan): void {
  if (plan.kind === "filter") {
    const t = typeOf(plan.condition);
    if (t.kind !== "boolean" && t.kind !== "null") {
      throw new TsparkError("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", {
        messageParameters: {
          sqlExpr: `"${prettySql(plan.condition)}"`,
          filter: `"${prettySql(plan.condition)}"`,
          type: `"${t.sql()}"`,
        },
      });
    }
    if (
      exists(
        plan.condition,
        (x) => x.kind === "aggregate" || x.kind === "window_expression" || x.kind === "generator",
      )
    ) {
      throw new TsparkError("INVALID_WHERE_CONDITION", {
        messageParameters: {
          condition: `"${prettySql(plan.condition)}"`,
          expressionList: prettySql(plan.condition),
        },
      });
    }
  }
  for (const c of childrenOf(plan)) checkAnalysis(c);
}
