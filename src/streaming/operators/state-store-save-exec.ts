/**
 * StateStoreSaveExec (Spark's): stores this batch's merged aggregation buffers `[keys…, buffers…]`
 * under their keys and emits, by output mode:
 * - Complete: every key in the state (the whole result table), one row each;
 * - Update: the keys updated by this batch;
 * - Append: the keys whose event-time window closed, removing them (TODO(#7): needs the
 *   watermark; without one the UnsupportedOperationChecker rejects Append before a query runs, so
 *   here Append emits nothing).
 * The final HashAggregate above turns the buffers into results. Progress name `stateStoreSave`.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { drain, type ExecNode, type TaskContext } from "../../physical/exec-node.js";
import { statePartitionOf, stateKeyOf } from "../state/state-key.js";
import { cloneStateValue } from "../state/state-value.js";
import { StateStoreWriter } from "./state-store-writer.js";
import type { StateInfo } from "./stateful-operator.js";

export class StateStoreSaveExec extends StateStoreWriter {
  readonly nodeName = "StateStoreSave";
  readonly operatorName = "stateStoreSave";

  /** @param keys the grouping attributes (the first columns of the child's output; none for a global aggregate) */
  constructor(
    child: ExecNode,
    private readonly keys: readonly AttributeReference[],
    info: StateInfo,
  ) {
    super(child, info, keys.length > 0);
  }

  describe(): string {
    // Spark's fields: keys, state info, output mode, the two event-time watermarks, state format.
    const wm = this.info.watermarkMs;
    return `StateStoreSave [${this.keys.map(explainSql).join(", ")}], ${this.stateInfoString()}, ${this.outputModeName()}, ${wm}, ${wm}, 2`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const run = await this.openStores();
    const start = this.now();
    const nKeys = this.keys.length;
    const width = this.child.output.length;
    const parts = run.stores.length;
    const updatedRows: unknown[][][] = run.stores.map(() => []);
    for (const batch of await drain(this.child, ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const row = cols.map((c) => c[r]);
        const keys = row.slice(0, nKeys);
        const p = statePartitionOf(stateKeyOf(keys), parts);
        // The store owns a copy: the row itself goes on to the final aggregate.
        run.stores[p]!.put(keys, cloneStateValue(row.slice(nKeys)));
        run.updated++;
        updatedRows[p]!.push(row);
      }
    }
    run.updatesMs = Math.max(0, this.now() - start);
    // TODO(#7): with a watermark, Append emits and removes the keys at or below it, and Update
    // removes them after emitting the updated keys (numRowsRemoved, allRemovalsTimeMs).
    const mode = this.info.outputMode;
    for (let p = 0; p < parts; p++) {
      let rows: unknown[][];
      if (mode === "complete") {
        rows = [];
        for (const e of run.stores[p]!.iterator())
          rows.push([...e.key, ...(cloneStateValue(e.value) as unknown[])]);
      } else if (mode === "update") rows = updatedRows[p]!;
      else rows = [];
      if (rows.length === 0) continue;
      const columns: unknown[][] = Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
      yield { numRows: rows.length, columns, partitionId: p };
    }
  }
}
