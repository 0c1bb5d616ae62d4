/**
 * Per-operator watermarks (Spark 3.5+'s WatermarkPropagator, written anew): which event-time
 * watermark each stateful operator of a batch's physical plan filters late rows and evicts state
 * with. Contract in docs/architecture.md ("Event time", "Watermark propagation").
 *
 * The simulation walks the plan children first and gives every node an output watermark, or none
 * (no event time flows out of it):
 *
 * - EventTimeWatermarkExec: the query's watermark of the batch (the "origin"). A watermark node
 *   below which a watermark already flows is refused (`_LEGACY_ERROR_TEMP_3076`): redefining the
 *   watermark needs the compatibility mode;
 * - a stateful operator: its INPUT watermark is the smallest of its children's outputs (none when
 *   none has one; the operator then works with 0); its output is `produceOutputWatermark(input)`
 *   (the input itself by default; a stream-stream join lowers it by how long its time-interval
 *   condition makes rows wait in state; flatMapGroupsWithState gives none);
 * - any other node: the smallest of its children's outputs (a union takes the slower input).
 *
 * An origin of 0 (no watermark yet) is not simulated: every operator gets 0, as in Spark.
 * A batch uses two simulations (MicroBatchExecution / the planner): with its own watermark for
 * eviction, and with the previous batch's watermark for late rows. With
 * `spark.sql.streaming.statefulOperator.allowMultiple=false` (Spark's UseSingleWatermarkPropagator)
 * every operator gets the global watermark and none of this runs.
 */
import { TsparkError } from "../../common/errors.js";
import type { ExecNode } from "../../physical/exec-node.js";
import { EventTimeWatermarkExec } from "./event-time-watermark-exec.js";
import type { StatefulOperator } from "./stateful-operator.js";

/** The input watermark (ms) of each stateful operator, by operator id; a missing id reads 0. */
export type OperatorWatermarks = ReadonlyMap<number, number>;

/** How the simulation recognises a stateful operator among the plan's nodes. */
export type StatefulOf = (node: ExecNode) => StatefulOperator | undefined;

/**
 * Simulates the propagation of the watermark `originMs` through the plan `root` (see the file
 * header) and returns each stateful operator's input watermark (ms, at least 0).
 */
export function propagateWatermark(
  root: ExecNode,
  originMs: number,
  statefulOf: StatefulOf,
): OperatorWatermarks {
  const inputs = new Map<number, number>();
  if (originMs === 0) return inputs;
  const visit = (node: ExecNode): number | undefined => {
    const fromChildren = node.children.map(visit).filter((w): w is number => w !== undefined);
    const input = fromChildren.length === 0 ? undefined : Math.min(...fromChildren);
    if (node instanceof EventTimeWatermarkExec) {
      if (input !== undefined) {
        throw new TsparkError("_LEGACY_ERROR_TEMP_3076", {
          messageParameters: { config: "spark.sql.streaming.statefulOperator.allowMultiple" },
        });
      }
      return originMs;
    }
    const op = statefulOf(node);
    if (op === undefined) return input;
    // Spark: an operator without an input watermark works with 0 (watermarks are never negative).
    inputs.set(op.operatorId, Math.max(input ?? 0, 0));
    if (input === undefined) return undefined;
    return op.produceOutputWatermark ? op.produceOutputWatermark(input) : input;
  };
  visit(root);
  return inputs;
}

/** An operator's watermark in `watermarks` (0 when it has none). */
export function operatorWatermark(watermarks: OperatorWatermarks, operatorId: number): number {
  return watermarks.get(operatorId) ?? 0;
}
