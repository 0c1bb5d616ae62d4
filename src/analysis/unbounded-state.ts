/**
 * tspark's start-time warning (beyond Spark): the stateful operators of a streaming query that can
 * never evict state, so that it grows with every new key for the life of the query — Spark says
 * nothing and the query eventually runs out of memory or disk. One message per operator, naming
 * it and what would bound it. Pure; opt-in: with `tspark.sql.streaming.warnUnboundedState=true`,
 * `DataStreamWriter.start()` writes the messages to stderr as `WARN UnboundedState: …`.
 *
 * Never evicting: a streaming aggregation in Update or Complete mode whose grouping keys hold no
 * watermarked event-time column (or window over one) — Complete keeps every group by definition;
 * a `dropDuplicates` whose keys hold no watermarked column. (Append aggregations without a
 * watermark, and dropDuplicatesWithinWatermark without one, are rejected before start.)
 */
import { prettySql } from "../expressions/display.js";
import type { Expression } from "../expressions/expression.js";
import { exprChildren } from "../expressions/tree.js";
import { watermarkDelayOf } from "../plans/event-time.js";
import { childrenOf, type LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { isStreamingPlan, type StreamingOutputMode } from "./unsupported-operation-checker.js";

/** The warnings for `plan` (analyzed) run in `outputMode`; empty when all state is bounded. */
export function unboundedStateWarnings(plan: LogicalPlan, outputMode: StreamingOutputMode): string[] {
  const out: string[] = [];
  const visit = (p: LogicalPlan): void => {
    for (const c of childrenOf(p)) visit(c);
    if (!isStreamingPlan(p)) return;
    if (p.kind === "aggregate" && isStreamingPlan(p.child)) {
      if (p.groupingExpressions.length === 0) return; // one row of state
      if (p.groupingExpressions.some(hasWatermarkedColumn)) {
        if (outputMode !== "complete") return;
        out.push(
          `The streaming aggregation grouped by [${p.groupingExpressions.map((e) => prettySql(e)).join(", ")}] runs in Complete output mode, which keeps every group in state forever: use Append or Update mode to let the watermark evict closed groups.`,
        );
        return;
      }
      out.push(
        `The streaming aggregation grouped by [${p.groupingExpressions.map((e) => prettySql(e)).join(", ")}] keeps a state row for every distinct group forever: no grouping column is an event-time column with a watermark. Group by a window over a column marked with withWatermark (Append or Update mode) to bound it.`,
      );
    } else if ((p.kind === "deduplicate" && !p.withinWatermark) || p.kind === "distinct") {
      const keys = p.kind === "deduplicate" && p.keys.length > 0 ? p.keys : outputOf(p.child);
      if (keys.some(hasWatermarkedColumn)) return;
      out.push(
        `The streaming deduplication on [${keys.map((e) => prettySql(e)).join(", ")}] keeps every key it has seen forever: no key column is an event-time column with a watermark. Add the watermarked event-time column to the keys, or use dropDuplicatesWithinWatermark, to bound it.`,
      );
    }
  };
  visit(plan);
  return out;
}

function hasWatermarkedColumn(e: Expression): boolean {
  if (e.kind === "attribute" && watermarkDelayOf(e) !== undefined) return true;
  return exprChildren(e).some(hasWatermarkedColumn);
}
