/**
 * The physical operator contract. An `ExecNode` produces its output as an async stream of
 * RecordBatches; consumers pull. Operators that must see all input (sort, aggregate, join build
 * side) hold state; everything else streams batch by batch.
 */
import type { RecordBatch } from "../data/record-batch.js";
import type { AttributeReference } from "../expressions/expression.js";

/** Per-execution settings shared by every operator of one run. */
export interface TaskContext {
  readonly partitionId: number;
  /** `tspark.codegen.enabled`: compile expressions to JS (true) or interpret them. */
  readonly codegen: boolean;
  readonly signal?: AbortSignal;
  /** Spark's `defaultParallelism`: how many partitions sources split their rows into. */
  readonly defaultParallelism?: number;
}

export interface ExecNode {
  /** Operator name as Spark's explain shows it (`Project`, `HashAggregate`, `Sort`). */
  readonly nodeName: string;
  readonly output: readonly AttributeReference[];
  readonly children: readonly ExecNode[];
  /** One-line description for explain (`Project [a#1, b#2]`). */
  describe(): string;
  /** Streams the operator's output. Each call starts a fresh execution. */
  execute(ctx: TaskContext): AsyncIterable<RecordBatch>;
  /**
   * When set: no two output rows have equal values in the first `uniqueKeyColumns` columns (as
   * grouping compares them), over the whole output. A final aggregation over such input needs no
   * hash table (StateStoreSaveExec's output: one row per key).
   */
  readonly uniqueKeyColumns?: number;
}

/** Reads every batch of a node into memory. */
export async function drain(node: ExecNode, ctx: TaskContext): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of node.execute(ctx)) if (b.numRows > 0) out.push(b);
  return out;
}
