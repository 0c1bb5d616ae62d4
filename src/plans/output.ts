/**
 * The output attributes of a resolved logical plan (Spark's `LogicalPlan.output`).
 */
import { internalError } from "../common/errors.js";
import { withoutWatermarkDelay, withWatermarkDelay } from "./event-time.js";
import { nextExprId } from "../expressions/expr-id.js";
import type { AttributeReference } from "../expressions/expression.js";
import { toAttribute } from "../expressions/typing.js";
import type { StructField } from "../types/data-type.js";
import type { LogicalPlan } from "./logical-plan.js";

/**
 * Fresh attributes (new expression ids, no qualifier) for the fields of a schema: the output of a
 * new leaf (Spark's `toAttributes`). A field's metadata goes onto its attribute when it has any;
 * `{ metadata: false }` leaves it off.
 */
export function attributesOf(
  fields: readonly StructField[],
  options: { readonly metadata?: boolean } = {},
): AttributeReference[] {
  const withMetadata = options.metadata ?? true;
  return fields.map((f) => ({
    kind: "attribute",
    name: f.name,
    dataType: f.dataType,
    nullable: f.nullable,
    exprId: nextExprId(),
    qualifier: [],
    ...(withMetadata && Object.keys(f.metadata).length > 0 ? { metadata: f.metadata } : {}),
  }));
}

/** Output attributes of a resolved plan, in order. */
export function outputOf(plan: LogicalPlan): readonly AttributeReference[] {
  switch (plan.kind) {
    case "local_relation":
    case "range":
    case "data_source_relation":
    case "expand":
    case "flat_map_groups_with_state":
      return plan.output;
    case "subquery_alias":
      return outputOf(plan.child).map((a) => ({ ...a, qualifier: [plan.alias] }));
    case "project":
      return plan.projectList.map(toAttribute);
    case "aggregate":
      return plan.aggregateExpressions.map(toAttribute);
    case "filter":
    case "sort":
    case "limit":
    case "offset":
    case "distinct":
    case "deduplicate":
    case "sample":
      return outputOf(plan.child);
    case "join": {
      const l = outputOf(plan.left);
      const r = outputOf(plan.right);
      switch (plan.joinType) {
        case "left_semi":
        case "left_anti":
          return l;
        case "left_outer":
          return [...l, ...r.map((a) => ({ ...a, nullable: true }))];
        case "right_outer":
          return [...l.map((a) => ({ ...a, nullable: true })), ...r];
        case "full_outer":
          return [...l, ...r].map((a) => ({ ...a, nullable: true }));
        default:
          return [...l, ...r];
      }
    }
    case "union": {
      const first = outputOf(plan.children[0]!);
      return first.map((a, i) => ({
        ...a,
        nullable: plan.children.some((c) => outputOf(c)[i]?.nullable ?? true),
      }));
    }
    case "intersect": {
      // a row of INTERSECT is in both inputs, so a column is nullable only when both sides are
      const right = outputOf(plan.right);
      return outputOf(plan.left).map((a, i) => ({
        ...a,
        nullable: a.nullable && (right[i]?.nullable ?? true),
      }));
    }
    case "except":
      return outputOf(plan.left);
    case "event_time_watermark": {
      // The event-time column carries the delay; any other column loses an earlier mark (Spark).
      const et = plan.eventTime;
      if (et.kind !== "attribute") throw internalError("outputOf: event_time_watermark is not resolved");
      return outputOf(plan.child).map((a) =>
        a.exprId === et.exprId
          ? withWatermarkDelay(a, plan.delayMs, plan.lateRows)
          : withoutWatermarkDelay(a),
      );
    }
    case "generate":
      return [...outputOf(plan.child), ...plan.generatorOutput];
    case "window":
      return [...outputOf(plan.child), ...plan.windowExpressions.map(toAttribute)];
    case "unresolved_relation":
    case "unresolved_inline_table":
      throw internalError(`outputOf: plan '${plan.kind}' is not resolved`);
  }
}
