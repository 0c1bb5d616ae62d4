/**
 * CheckAnalysis: last checks on a resolved plan (predicates are boolean, aggregates and
 * generators only where allowed).
 */
import { TsparkError } from "../common/errors.js";
import { prettySql } from "../expressions/display.js";
import { exists } from "../expressions/tree.js";
import { typeOf } from "../expressions/typing.js";
import type { Expression } from "../expressions/expression.js";
import { childrenOf, type LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import type { DataType } from "../types/data-type.js";
import { toSqlId } from "./suggestions.js";

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
  checkNoMapInSetOperation(plan);
  if (plan.kind === "event_time_watermark") checkEventTimeType(plan.eventTime);
  for (const c of childrenOf(plan)) checkAnalysis(c);
}

/** withWatermark's column: a TIMESTAMP, or a window struct whose `end` is one (Spark's CheckAnalysis). */
function checkEventTimeType(eventTime: Expression): void {
  const t = typeOf(eventTime);
  if (t.kind === "timestamp") return;
  if (t.kind === "struct" && t.fields.find((f) => f.name === "end")?.dataType.kind === "timestamp") return;
  const name = eventTime.kind === "attribute" ? eventTime.name : prettySql(eventTime);
  throw new TsparkError("EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE", {
    messageParameters: { eventName: toSqlId([name]), eventType: `"${t.sql()}"` },
  });
}

function hasMapType(t: DataType): boolean {
  if (t.kind === "map") return true;
  if (t.kind === "array") return hasMapType(t.elementType);
  if (t.kind === "struct") return t.fields.some((f) => hasMapType(f.dataType));
  return false;
}

/** INTERSECT, EXCEPT, DISTINCT and dropDuplicates compare rows, and Spark cannot compare maps. */
function checkNoMapInSetOperation(plan: LogicalPlan): void {
  let cols: readonly Expression[];
  switch (plan.kind) {
    case "intersect":
    case "except":
      cols = outputOf(plan.left);
      break;
    case "distinct":
      cols = outputOf(plan.child);
      break;
    case "deduplicate":
      cols = plan.keys;
      break;
    default:
      return;
  }
  for (const c of cols) {
    const t = typeOf(c);
    if (hasMapType(t)) {
      throw new TsparkError("UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE", {
        messageParameters: {
          colName: toSqlId([c.kind === "attribute" ? c.name : prettySql(c)]),
          dataType: `"${t.sql()}"`,
        },
      });
    }
  }
}
