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
import { stateKeyAt } from "../state/state-key.js";
import type { StatePartitioner } from "../state/state-partitioner.js";

/** One state partition's groups: key → row index into `columns` (keys…, buffers…). */
interface PartitionGroups {
  readonly index: Map<unknown, number>;
  readonly columns: unknown[][];
}

export class MergeAggregateExec implements ExecNode {
  readonly nodeName = "HashAggregate";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];

  /**
   * @param keys the grouping attributes (the first columns of the child's output)
   * @param aggregates the aggregate calls whose buffers follow the keys, in order
   * @param partitioner maps keys to the state partitions (the save operator's)
   * @param inputByStatePartition the child's batches each hold the keys of one state partition,
   *   tagged with it (StateStoreRestoreExec's output), so no key needs hashing again
   */
  constructor(
    private readonly child: ExecNode,
    private readonly keys: readonly AttributeReference[],
    private readonly aggregates: readonly AggregateCall[],
    private readonly partitioner: StatePartitioner,
    private readonly inputByStatePartition = false,
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
    const nAgg = kernels.length;
    const nKeys = this.keys.length;
    const width = nKeys + nAgg;
    const partitioner = this.partitioner;
    const numPartitions = partitioner.numPartitions;
    const parts: (PartitionGroups | undefined)[] = new Array(numPartitions);
    for await (const batch of this.child.execute(ctx)) {
      const cols = batch.columns;
      const tagged =
        this.inputByStatePartition && batch.partitionId !== undefined && batch.partitionId < numPartitions
          ? batch.partitionId
          : -1;
      for (let r = 0; r < batch.numRows; r++) {
        const k = stateKeyAt(cols, nKeys, r);
        const p = tagged >= 0 ? tagged : partitioner.ofColumns(cols, r, k);
        let pg = parts[p];
        if (!pg) {
          pg = { index: new Map(), columns: Array.from({ length: width }, () => []) };
          parts[p] = pg;
        }
        const out = pg.columns;
        let i = pg.index.get(k);
        if (i === undefined) {
          i = pg.index.size;
          pg.index.set(k, i);
          for (let c = 0; c < nKeys; c++) out[c]!.push(cols[c]![r]);
          for (let j = 0; j < nAgg; j++) out[nKeys + j]!.push(kernels[j]!.init());
        }
        for (let j = 0; j < nAgg; j++) {
          const bufs = out[nKeys + j]!;
          bufs[i] = kernels[j]!.merge(bufs[i], cols[nKeys + j]![r]);
        }
      }
    }
    let any = false;
    for (let p = 0; p < parts.length; p++) {
      const pg = parts[p];
      if (!pg) continue;
      any = true;
      yield { numRows: pg.index.size, columns: pg.columns, partitionId: p };
    }
    // Like Spark's hash aggregate, a global aggregation without input still yields its one row.
    if (!any && nKeys === 0) {
      yield { numRows: 1, columns: kernels.map((kn) => [kn.init()]), partitionId: 0 };
    }
  }
}
