/**
 * The in-memory table behind a `lateRows` view (tspark's opt-in side output of late rows,
 * docs/event-time.md): the input rows stateful operators dropped as late, each followed by the
 * `watermark` it was compared with and its `batchId`. The API layer registers it as a temp view
 * (through `memoryTableRelation`, like a memory sink's table) and hands it to the query's stateful
 * operators, which write at the batch's state commit.
 *
 * Idempotent per batch: the rows are kept per (batch id, operator id), and a write replaces that
 * pair's rows, so a batch re-run after a crash or a restart replaces its late rows rather than
 * adding them twice. Rows read in batch order, then operator order, then arrival order.
 */
import type { StructType } from "../../types/data-type.js";
import type { MemoryRowSource } from "./memory-table.js";

export class LateRowsTable implements MemoryRowSource {
  /** batch id → operator id → rows. */
  private readonly batches = new Map<number, Map<number, readonly (readonly unknown[])[]>>();

  /**
   * @param schema the operators' input columns, then `watermark` TIMESTAMP and `batchId` BIGINT
   * @param queryId the query (stable across restarts) whose late rows the table holds: a restart
   *   of that query keeps the table, another query with the same view name gets a new one
   */
  constructor(
    readonly schema: StructType,
    readonly queryId: string,
  ) {}

  /** Replaces the late rows operator `operatorId` wrote for `batchId` (see the file header). */
  replace(batchId: number, operatorId: number, rows: readonly (readonly unknown[])[]): void {
    let ops = this.batches.get(batchId);
    if (!ops) {
      ops = new Map();
      this.batches.set(batchId, ops);
    }
    if (rows.length === 0) ops.delete(operatorId);
    else ops.set(operatorId, [...rows]);
    if (ops.size === 0) this.batches.delete(batchId);
  }

  allRows(): (readonly unknown[])[] {
    const out: (readonly unknown[])[] = [];
    for (const b of [...this.batches.keys()].sort((x, y) => x - y)) {
      const ops = this.batches.get(b)!;
      for (const o of [...ops.keys()].sort((x, y) => x - y)) out.push(...ops.get(o)!);
    }
    return out;
  }
}
