/**
 * StateStoreRestoreExec (Spark's): for each row `[keys…, buffers…]` of this batch's merged partial
 * aggregates, emits the state's stored row for that key (when there is one) followed by the row
 * itself, so the PartialMerge stage above folds the stored buffers and this batch's together.
 * Reads the committed version `batchId` of its StateStoreSaveExec's stores; rows leave tagged with
 * their key's state partition (the shuffle Spark does before this operator).
 */
import { internalError } from "../../common/errors.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { stateKeyAt } from "../state/state-key.js";
import type { StatePartitioner } from "../state/state-partitioner.js";
import type { ReadStateStore } from "../state/state-store.js";
import { cloneStateValue } from "../state/state-value.js";

/** The state a restore reads: its save operator's stores and explain text. */
export interface RestoreSource {
  readStores(): Promise<ReadStateStore[]>;
  stateInfoString(): string;
}

export class StateStoreRestoreExec implements ExecNode {
  readonly nodeName = "StateStoreRestore";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];

  /**
   * @param keys the grouping attributes (the first columns of the child's output)
   * @param partitioner the state partitioner of the save operator (over its stores)
   * @param state resolves the save operator once the plan is built (the two share one state)
   */
  constructor(
    private readonly child: ExecNode,
    private readonly keys: readonly AttributeReference[],
    private readonly partitioner: StatePartitioner,
    private readonly state: () => RestoreSource,
  ) {
    this.children = [child];
    this.output = child.output;
  }

  describe(): string {
    // Spark's StateStoreRestoreExec: keys, state info, state format version (2).
    return `StateStoreRestore [${this.keys.map(explainSql).join(", ")}], ${this.state().stateInfoString()}, 2`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const stores = await this.state().readStores();
    const nKeys = this.keys.length;
    const width = this.child.output.length;
    const parts: (unknown[][] | undefined)[] = new Array(stores.length);
    const counts = new Array<number>(stores.length).fill(0);
    const partitioner = this.partitioner;
    if (partitioner.numPartitions !== stores.length) {
      throw internalError(
        `StateStoreRestore partitions keys over ${partitioner.numPartitions} partitions, its save has ${stores.length} stores`,
      );
    }
    for await (const batch of this.child.execute(ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const k = stateKeyAt(cols, nKeys, r);
        const p = partitioner.ofColumns(cols, r, k);
        let out = parts[p];
        if (!out) {
          out = Array.from({ length: width }, () => []);
          parts[p] = out;
        }
        const stored = stores[p]!.getCompact(k) as readonly unknown[] | undefined;
        if (stored !== undefined) {
          for (let c = 0; c < nKeys; c++) out[c]!.push(cols[c]![r]);
          // The stored buffers are copied: the merge above may fold into them.
          for (let c = nKeys; c < width; c++) out[c]!.push(cloneStateValue(stored[c - nKeys]));
          counts[p] = counts[p]! + 1;
        }
        for (let c = 0; c < width; c++) out[c]!.push(cols[c]![r]);
        counts[p] = counts[p]! + 1;
      }
    }
    for (let p = 0; p < parts.length; p++) {
      const out = parts[p];
      if (out) yield { numRows: counts[p]!, columns: out, partitionId: p };
    }
  }
}
