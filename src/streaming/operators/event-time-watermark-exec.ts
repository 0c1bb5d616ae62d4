/**
 * Spark's EventTimeWatermarkExec: `withWatermark(col, delay)` in a streaming plan. Rows pass
 * through unchanged; the node gathers the batch's event-time statistics (max/min/avg/count of the
 * event-time column in ms), which the engine's WatermarkTracker folds into the watermark after the
 * batch (docs/architecture.md "Event time"). The node filters nothing: late rows are dropped by
 * the stateful operators above it.
 *
 * A NULL event time counts as the epoch (0 ms), as in Spark, whose projection reads a null
 * timestamp as 0: it can lower `min`/`avg` in the progress, never the watermark's max.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { internalError } from "../../common/errors.js";
import { explainSql } from "../../expressions/display.js";
import { EventTimeStats, eventTimeMillis } from "../runtime/event-time-stats.js";

export class EventTimeWatermarkExec implements ExecNode {
  readonly nodeName = "EventTimeWatermark";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  /** This batch's statistics (reset by each execution). */
  stats = new EventTimeStats();
  private readonly ordinal: number;

  /**
   * @param eventTime the event-time attribute among the child's output
   * @param delayMs the delay threshold
   * @param delayText the delay as explain shows it (`10 seconds`)
   */
  constructor(
    private readonly child: ExecNode,
    readonly eventTime: AttributeReference,
    readonly delayMs: number,
    private readonly delayText: string,
    output: readonly AttributeReference[],
    /** tspark's opt-in idle timeout (see WatermarkTracker.advanceIdle). */
    readonly idleTimeoutMs?: number,
  ) {
    this.children = [child];
    this.output = output;
    this.ordinal = child.output.findIndex((a) => a.exprId === eventTime.exprId);
    if (this.ordinal < 0)
      throw internalError(`event-time column ${eventTime.name} is not in the watermark's input`);
  }

  describe(): string {
    return `EventTimeWatermark ${explainSql(this.eventTime)}, ${this.delayText}`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const stats = new EventTimeStats();
    this.stats = stats;
    const ord = this.ordinal;
    for await (const batch of this.child.execute(ctx)) {
      const col = batch.columns[ord]!;
      for (let r = 0; r < batch.numRows; r++) {
        const v = col[r];
        stats.add(v === null || v === undefined ? 0 : eventTimeMillis(Number(v)));
      }
      yield batch;
    }
  }
}
