/**
 * Plan text for `explain()`, in Spark's tree style:
 *   Project [name#0, (age#1 + 1) AS next#5]
 *   +- Filter (age#1 > 30)
 *      +- LocalRelation [name#0, age#1]
 */
import { explainSql } from "../expressions/display.js";
import type { Expression } from "../expressions/expression.js";
import { isResolved } from "../expressions/typing.js";
import { childrenOf, type LogicalPlan } from "./logical-plan.js";
import { mapPlanExpressions } from "./plan-tree.js";

/** Spark's names of the join types in plans (`LeftOuter`). */
export const JOIN_NAMES: Readonly<Record<string, string>> = {
  inner: "Inner",
  left_outer: "LeftOuter",
  right_outer: "RightOuter",
  full_outer: "FullOuter",
  left_semi: "LeftSemi",
  left_anti: "LeftAnti",
  cross: "Cross",
};

const list = (es: readonly Expression[]) => `[${es.map(explainSql).join(", ")}]`;

/** One node's line. Unresolved nodes are prefixed with `'` as Spark does. */
export function planNodeString(p: LogicalPlan): string {
  switch (p.kind) {
    case "local_relation":
      return p.rows.length === 0
        ? `LocalRelation <empty>, ${list(p.output)}`
        : `LocalRelation ${list(p.output)}`;
    case "range":
      return `Range (${p.start}, ${p.end}, step=${p.step})`;
    case "unresolved_relation":
      return `'UnresolvedRelation [${p.nameParts.join(", ")}], [], false`;
    case "unresolved_inline_table":
      return `'UnresolvedInlineTable [${p.names.join(", ")}], [${p.rows.map((r) => `[${r.map(explainSql).join(", ")}]`).join(", ")}]`;
    case "subquery_alias":
      return `SubqueryAlias ${p.alias}`;
    case "project":
      return `Project ${list(p.projectList)}`;
    case "filter":
      return `Filter ${explainSql(p.condition)}`;
    case "aggregate":
      return `Aggregate ${list(p.groupingExpressions)}, ${list(p.aggregateExpressions)}`;
    case "sort":
      return `Sort ${list(p.order)}, ${p.global}`;
    case "limit":
      return `GlobalLimit ${p.limit}`;
    case "offset":
      return `Offset ${p.offset}`;
    case "join":
      return `Join ${JOIN_NAMES[p.joinType]}${p.condition ? `, ${explainSql(p.condition)}` : ""}`;
    case "union":
      return `Union ${p.byName}, ${p.allowMissingColumns}`;
    case "intersect":
      return `Intersect ${p.isAll}`;
    case "except":
      return `Except ${p.isAll}`;
    case "distinct":
      return "Distinct";
    case "deduplicate":
      return `${p.withinWatermark ? "DeduplicateWithinWatermark" : "Deduplicate"} ${list(p.keys)}`;
    case "event_time_watermark":
      return `EventTimeWatermark ${explainSql(p.eventTime)}, ${p.delayText}`;
    case "flat_map_groups_with_state": {
      const tws = p.transformWithState;
      if (tws) {
        const name =
          p.api === "transformWithStateInPandas" ? "TransformWithStateInPandas" : "TransformWithState";
        const mode = p.outputMode === "append" ? "Append" : "Update";
        return `${name} ${list(p.groupingExpressions)}, ${list(p.output)}, ${tws.timeMode}, ${mode}`;
      }
      // Spark's node names: FlatMapGroupsInPandasWithState for applyInPandasWithState.
      const name =
        p.api === "applyInPandasWithState" ? "FlatMapGroupsInPandasWithState" : "FlatMapGroupsWithState";
      const mode = p.outputMode === "append" ? "Append" : "Update";
      return `${name} ${list(p.groupingExpressions)}, ${list(p.output)}, ${mode}, ${p.isMapGroupsWithState}, ${p.timeout}`;
    }
    case "generate":
      return `Generate ${explainSql(p.generator)}, ${p.outer}, ${list(p.generatorOutput)}`;
    case "window":
      return `Window ${list(p.windowExpressions)}, ${list(p.partitionSpec)}, ${list(p.orderSpec)}`;
    case "sample":
      return `Sample 0.0, ${p.fraction}, ${p.withReplacement}, ${p.seed}`;
    case "expand":
      return `Expand [${p.projections.map(list).join(", ")}], ${list(p.output)}`;
    case "data_source_relation":
      return p.isStreaming
        ? `StreamingRelation ${p.sourceName}, ${list(p.output)}`
        : `Relation [${p.output.map(explainSql).join(",")}] ${p.sourceName}`;
  }
}

/** Spark prefixes an operator whose expressions are not resolved yet with `'`. */
function marked(p: LogicalPlan): string {
  let unresolved = p.kind === "unresolved_relation" || p.kind === "unresolved_inline_table";
  mapPlanExpressions(p, (e) => {
    if (!isResolved(e)) unresolved = true;
    return e;
  });
  const line = planNodeString(p);
  return unresolved && !line.startsWith("'") ? `'${line}` : line;
}

/** The whole tree, Spark style. */
export function treeString(p: LogicalPlan): string {
  const lines: string[] = [];
  const walk = (node: LogicalPlan, prefix: string, childPrefix: string) => {
    lines.push(prefix + marked(node));
    const cs = childrenOf(node);
    cs.forEach((c, i) => {
      const last = i === cs.length - 1;
      walk(c, `${childPrefix}${last ? "+- " : ":- "}`, `${childPrefix}${last ? "   " : ":  "}`);
    });
  };
  walk(p, "", "");
  return lines.join("\n");
}
