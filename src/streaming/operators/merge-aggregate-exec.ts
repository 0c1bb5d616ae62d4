/**
 * The PartialMerge stage of a streaming aggregation (Spark's HashAggregateExec in PartialMerge
 * mode, shown as `merge_<fn>`): rows `[keys…, buffers…]` in, one row per key and partition out,
 * each buffer a fresh one with every input buffer of that key merged into it, in input order.
 * Rows are grouped by their key's state partition, whatever partition they arrive from: this stands
 * in for the shuffle Spark runs before its first PartialMerge stage (partial results of one key from
 * several input partitions meet here).
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AggregateCall, AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { statePartitionOf, stateKeyOf } from "../state/state-key.js";

interface Group {
  readonly keys: unknown[];
  readonly buffers: unknown[];
}

export class MergeAggregateExec implements ExecNode {
  readonly nodeName = "HashAggregate";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];

  /**
   * @param keys the grouping attributes (the first columns of the child's output)
   * @param aggregates the aggregate calls whose buffers follow the keys, in order
   * @param numPartitions the number of state partitions keys are hashed to
   */
  constructor(
    private readonly child: ExecNode,
    private readonly keys: readonly AttributeReference[],
    private readonly aggregates: readonly AggregateCall[],
    private readonly numPartitions: number,
  ) {
    this.children = [child];
    this.output = child.output;
  }

  describe(): string {
    const fns = this.aggregates.map((a) => `merge_${explainSql(a)}`).join(", ");
    return `HashAggregate(keys=[${this.keys.map(explainSql).join(", ")}], functions=[${fns}])`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const kernels = this.aggregates.map((a) => a.bound!);
    const nKeys = this.keys.length;
    const partitions = new Map<number, Map<unknown, Group>>();
    for await (const batch of this.child.execute(ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const keys = cols.slice(0, nKeys).map((c) => c[r]);
        const k = stateKeyOf(keys);
        const p = statePartitionOf(k, this.numPartitions);
        let groups = partitions.get(p);
        if (!groups) {
          groups = new Map();
          partitions.set(p, groups);
        }
        let g = groups.get(k);
        if (!g) {
          g = { keys, buffers: kernels.map((kn) => kn.init()) };
          groups.set(k, g);
        }
        for (let j = 0; j < kernels.length; j++)
          g.buffers[j] = kernels[j]!.merge(g.buffers[j], cols[nKeys + j]![r]);
      }
    }
    // Like Spark's hash aggregate, a global aggregation without input still yields its one row.
    if (partitions.size === 0 && nKeys === 0) {
      partitions.set(0, new Map([["", { keys: [], buffers: kernels.map((kn) => kn.init()) }]]));
    }
    for (const p of [...partitions.keys()].sort((a, b) => a - b)) {
      const groups = partitions.get(p)!;
      const cols: unknown[][] = Array.from({ length: nKeys + kernels.length }, () => []);
      for (const g of groups.values()) {
        for (let i = 0; i < nKeys; i++) cols[i]!.push(g.keys[i]);
        for (let j = 0; j < kernels.length; j++) cols[nKeys + j]!.push(g.buffers[j]);
      }
      yield { numRows: groups.size, columns: cols, partitionId: p };
    }
  }
}
