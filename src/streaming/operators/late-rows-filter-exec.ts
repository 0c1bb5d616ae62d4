/**
 * LateRowsFilterExec (tspark, for the opt-in `lateRows` of an aggregation): sits below the partial
 * aggregate of a streaming aggregation whose watermarked grouping key routes late rows to a view,
 * and drops there — from the raw input — the rows whose key (a timestamp, a window's end) is at or
 * below the late-events watermark, handing each to its StateStoreSaveExec (`dropLateInput`), which
 * counts it and keeps it for the view. Spark drops merged (partially aggregated) rows instead;
 * lateness depends only on the key, so the groups that reach the state, and the results, are the
 * same — only numRowsDroppedByWatermark counts input rows instead of groups.
 *
 * Without a late predicate (Complete mode) rows pass unchanged. Explain shows
 * `LateRowsFilter <key>`.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";

/** What the filter needs from its StateStoreSaveExec. */
export interface LateInputSink {
  /** The late test on a key value for this batch, or undefined when nothing is late. */
  lateInputTest(): ((keyValue: unknown) => boolean) | undefined;
  /** Drops row `r` of `columns` as late (counted and kept for the view). */
  dropLateInput(columns: readonly (readonly unknown[])[], r: number): void;
}

export class LateRowsFilterExec implements ExecNode {
  readonly nodeName = "LateRowsFilter";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  private readonly ordinal: number;

  /**
   * @param key the watermarked grouping key among the child's output
   * @param sink the StateStoreSaveExec above (resolved at execution: it is built after this node)
   */
  constructor(
    private readonly child: ExecNode,
    private readonly key: AttributeReference,
    private readonly sink: () => LateInputSink,
  ) {
    this.children = [child];
    this.output = child.output;
    this.ordinal = child.output.findIndex((a) => a.exprId === key.exprId);
  }

  describe(): string {
    return `LateRowsFilter ${explainSql(this.key)}`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const sink = this.sink();
    const late = this.ordinal < 0 ? undefined : sink.lateInputTest();
    for await (const batch of this.child.execute(ctx)) {
      if (!late) {
        yield batch;
        continue;
      }
      const col = batch.columns[this.ordinal]!;
      const kept: number[] = [];
      for (let r = 0; r < batch.numRows; r++) {
        if (late(col[r])) sink.dropLateInput(batch.columns, r);
        else kept.push(r);
      }
      if (kept.length === batch.numRows) yield batch;
      else if (kept.length > 0) {
        const columns = batch.columns.map((c) => kept.map((r) => c[r]));
        yield batch.partitionId === undefined
          ? { numRows: kept.length, columns }
          : { numRows: kept.length, columns, partitionId: batch.partitionId };
      }
    }
  }
}
