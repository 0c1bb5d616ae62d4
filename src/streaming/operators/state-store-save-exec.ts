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
import { stateKeyAt, statePartitionOf } from "../state/state-key.js";
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
    // The child (a merge by state partition) yields each partition's keys once, tagged.
    const updated: RecordBatch[][] = run.stores.map(() => []);
    for (const batch of await drain(this.child, ctx)) {
      const cols = batch.columns;
      const tagged = batch.partitionId !== undefined && batch.partitionId < parts ? batch.partitionId : -1;
      for (let r = 0; r < batch.numRows; r++) {
        const k = stateKeyAt(cols, nKeys, r);
        const p = tagged >= 0 ? tagged : statePartitionOf(k, parts);
        const keys = new Array<unknown>(nKeys);
        for (let c = 0; c < nKeys; c++) keys[c] = cols[c]![r];
        // The store owns a copy of the buffers: the row itself goes on to the final aggregate.
        const value = new Array<unknown>(width - nKeys);
        for (let c = nKeys; c < width; c++) value[c - nKeys] = cloneStateValue(cols[c]![r]);
        run.stores[p]!.putCompact(k, keys, value);
      }
      run.updated += batch.numRows;
      if (tagged >= 0) updated[tagged]!.push(batch);
      else updated[0]!.push(batch);
    }
    run.updatesMs = Math.max(0, this.now() - start);
    // TODO(#7): with a watermark, Append emits and removes the keys at or below it, and Update
    // removes them after emitting the updated keys (numRowsRemoved, allRemovalsTimeMs).
    const mode = this.info.outputMode;
    for (let p = 0; p < parts; p++) {
      if (mode === "update") {
        for (const b of updated[p]!) if (b.numRows > 0) yield { ...b, partitionId: p };
      } else if (mode === "complete") {
        const store = run.stores[p]!;
        const n = store.numKeys();
        if (n === 0) continue;
        const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(n));
        let i = 0;
        for (const e of store.iterator()) {
          for (let c = 0; c < nKeys; c++) columns[c]![i] = e.key[c];
          const v = e.value as readonly unknown[];
          for (let c = nKeys; c < width; c++) columns[c]![i] = cloneStateValue(v[c - nKeys]);
          i++;
        }
        yield { numRows: n, columns, partitionId: p };
      }
    }
  }
}
