/**
 * The late-rows views of a streaming query (tspark's opt-in `withWatermark(col, delay, {
 * lateRows })`, docs/event-time.md): which views its stateful operators route late rows to, and
 * the schema of each — the operator's input columns, then `watermark` TIMESTAMP and `batchId`
 * BIGINT (a stream-stream join's: the input's columns, `joinSide` STRING, then those two). Read from the analyzed plan at `start()`, which fails with
 * STREAMING_LATE_ROWS_SCHEMA_MISMATCH when two operators routing to one view drop rows of
 * different columns, and with STREAMING_LATE_ROWS_COLUMN_CONFLICT when an input column is named
 * like a column the view adds. A view whose watermark feeds no stateful operator gets the watermark's
 * columns (and stays empty).
 */
import { TsparkError } from "../../common/errors.js";
import type { AttributeReference } from "../../expressions/expression.js";
import { isStreamingPlan } from "../../analysis/unsupported-operation-checker.js";
import { lateRowsViewOf, watermarkDelayOf } from "../../plans/event-time.js";
import { childrenOf, type LogicalPlan } from "../../plans/logical-plan.js";
import { outputOf } from "../../plans/output.js";
import {
  LONG,
  StructField,
  STRING,
  StructType,
  sameTypeIgnoreNullability,
  TIMESTAMP,
} from "../../types/data-type.js";

/** The columns every late-rows view adds after the operator's input columns. */
export const LATE_ROWS_EXTRA_COLUMNS: readonly StructField[] = [
  new StructField("watermark", TIMESTAMP, false),
  new StructField("batchId", LONG, false),
];

/**
 * The column a stream-stream join's late-rows view adds before `watermark`: which input dropped
 * the row (`left` or `right`).
 */
export const JOIN_SIDE_COLUMN: StructField = new StructField("joinSide", STRING, false);

/** Late-rows view name → its schema. */
export function lateRowsViews(plan: LogicalPlan): Map<string, StructType> {
  const claimed = new Map<string, { schema: StructType; operator: string }>();
  const unclaimed = new Map<string, StructType>();
  const claim = (
    view: string,
    input: readonly AttributeReference[],
    operator: string,
    extras: readonly StructField[] = LATE_ROWS_EXTRA_COLUMNS,
  ): void => {
    for (const extra of extras) {
      const clash = input.find((a) => a.name.toLowerCase() === extra.name.toLowerCase());
      if (clash) {
        throw new TsparkError("STREAMING_LATE_ROWS_COLUMN_CONFLICT", {
          messageParameters: { operator, view, column: clash.name },
        });
      }
    }
    const schema = viewSchema(input, extras);
    const prior = claimed.get(view);
    if (!prior) {
      claimed.set(view, { schema, operator });
      return;
    }
    if (!sameColumns(prior.schema, schema)) {
      throw new TsparkError("STREAMING_LATE_ROWS_SCHEMA_MISMATCH", {
        messageParameters: {
          operator,
          schema: schema.simpleString(),
          view,
          otherOperator: prior.operator,
          otherSchema: prior.schema.simpleString(),
        },
      });
    }
  };
  const walk = (p: LogicalPlan): void => {
    // Children first: the operators nearest the source claim a view first (as the error reads).
    for (const c of childrenOf(p)) walk(c);
    if (!isStreamingPlan(p)) return;
    switch (p.kind) {
      case "event_time_watermark":
        if (p.lateRows !== undefined && !unclaimed.has(p.lateRows))
          unclaimed.set(p.lateRows, viewSchema(outputOf(p)));
        break;
      case "aggregate": {
        const key = p.groupingExpressions.find(
          (g): g is AttributeReference => g.kind === "attribute" && watermarkDelayOf(g) !== undefined,
        );
        const view = key ? lateRowsViewOf(key) : undefined;
        if (view !== undefined) claim(view, outputOf(p.child), "the aggregation");
        break;
      }
      case "deduplicate":
      case "distinct": {
        const input = outputOf(p.child);
        const et = input.find((a) => watermarkDelayOf(a) !== undefined);
        const view = et ? lateRowsViewOf(et) : undefined;
        const name =
          p.kind === "deduplicate" && p.withinWatermark === true
            ? "dropDuplicatesWithinWatermark"
            : "dropDuplicates";
        if (view !== undefined) claim(view, input, name);
        break;
      }
      case "join": {
        // A stream-stream join drops each input's late rows (by that input's event time).
        if (!isStreamingPlan(p.left) || !isStreamingPlan(p.right)) break;
        for (const side of [p.left, p.right]) {
          const input = outputOf(side);
          const et = input.find((a) => watermarkDelayOf(a) !== undefined);
          const view = et ? lateRowsViewOf(et) : undefined;
          if (view !== undefined)
            claim(view, input, "the stream-stream join", [JOIN_SIDE_COLUMN, ...LATE_ROWS_EXTRA_COLUMNS]);
        }
        break;
      }
      case "flat_map_groups_with_state": {
        // Late rows are dropped (before the function) only with EventTimeTimeout, and by
        // transformWithState in EventTime mode.
        const tws = p.transformWithState;
        if (tws ? tws.timeMode !== "EventTime" : p.timeout !== "EventTimeTimeout") break;
        const input = outputOf(p.child);
        const et = input.find((a) => watermarkDelayOf(a) !== undefined);
        const view = et ? lateRowsViewOf(et) : undefined;
        if (view !== undefined) claim(view, input, p.api);
        break;
      }
      default:
        break;
    }
  };
  walk(plan);
  const out = new Map<string, StructType>();
  for (const [view, schema] of unclaimed) out.set(view, claimed.get(view)?.schema ?? schema);
  for (const [view, { schema }] of claimed) out.set(view, schema);
  return out;
}

/** The view's schema for an operator with input `input` (without column metadata). */
function viewSchema(
  input: readonly AttributeReference[],
  extras: readonly StructField[] = LATE_ROWS_EXTRA_COLUMNS,
): StructType {
  return new StructType([...input.map((a) => new StructField(a.name, a.dataType, a.nullable)), ...extras]);
}

/** Same column names and types (nullability aside: a row is a row either way). */
function sameColumns(a: StructType, b: StructType): boolean {
  return (
    a.fields.length === b.fields.length &&
    a.fields.every(
      (f, i) => f.name === b.fields[i]!.name && sameTypeIgnoreNullability(f.dataType, b.fields[i]!.dataType),
    )
  );
}
