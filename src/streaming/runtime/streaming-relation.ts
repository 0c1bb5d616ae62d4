/**
 * How a streaming source appears in a logical plan, and how one micro-batch's rows replace it.
 *
 * `spark.readStream…load()` builds a `data_source_relation` leaf with `isStreaming: true` whose
 * handle is a `StreamingSourceHandle` (Spark's StreamingRelation): the provider and request that
 * create a running `StreamSource` when a query starts. For every micro-batch, `MicroBatchExecution`
 * swaps each such leaf for one whose handle is a `StreamBatchHandle` holding exactly the rows the
 * source returned for the batch's offsets (Spark's incremental plan); `planStreamBatchScan` plans
 * it. The same handle object used twice in a plan (a self-union) is one source, as in Spark.
 */
import { internalError } from "../../common/errors.js";
import { batchActionOnStreamError } from "../../analysis/unsupported-operation-checker.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import type { StreamSource } from "../../connectors/api/stream-source.js";
import type { StreamSourceContext } from "../../connectors/stream-option.js";
import { childrenOf, type DataSourceRelation, type LogicalPlan } from "../../plans/logical-plan.js";
import { attributesOf } from "../../plans/output.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import type { StructType } from "../../types/data-type.js";

/** The recipe for a streaming source: what `load()` fixed, and how to start it for a query run. */
export class StreamingSourceHandle {
  constructor(
    /** The format the user named (`socket`, `rate`, `csv`, `memory`…). */
    readonly sourceName: string,
    readonly schema: StructType,
    /** Starts the source for one query run (a fresh instance, or the same MemoryStream). */
    readonly create: (context: StreamSourceContext) => StreamSource,
  ) {}
}

/**
 * One micro-batch's rows of one source (the incremental plan's leaf). `read(columns)` yields them
 * with only the given columns (ordinals into `fullOutput`, the source's schema), in that order;
 * the leaf's output may have been narrowed by column pruning, and the scan asks for its output.
 * A handle may be read once (a source read lazily, while the plan runs) unless it was built over
 * rows read beforehand.
 */
export class StreamBatchHandle {
  constructor(
    readonly fullOutput: readonly AttributeReference[],
    readonly read: (columns: readonly number[]) => AsyncIterable<RecordBatch>,
  ) {}

  /** A handle over rows already read (all columns of the source). */
  static of(fullOutput: readonly AttributeReference[], batches: readonly RecordBatch[]): StreamBatchHandle {
    return new StreamBatchHandle(fullOutput, async function* (columns) {
      for (const b of batches) yield selectColumns(b, columns, fullOutput.length);
    });
  }
}

/** `batch` with only `columns` (ordinals), in that order; the batch itself when that is all of them. */
export function selectColumns(batch: RecordBatch, columns: readonly number[], width: number): RecordBatch {
  if (columns.length === width && columns.every((c, i) => c === i)) return batch;
  return {
    numRows: batch.numRows,
    columns: columns.map((c) => batch.columns[c]!),
    ...(batch.partitionId !== undefined ? { partitionId: batch.partitionId } : {}),
  };
}

/** The streaming leaf `load()` returns (fresh attributes for the handle's schema). */
export function streamingRelation(handle: StreamingSourceHandle): DataSourceRelation {
  const output = attributesOf(handle.schema.fields);
  return { kind: "data_source_relation", sourceName: handle.sourceName, output, isStreaming: true, handle };
}

/** The streaming source leaves of a plan, in Spark's order (pre-order, left to right), each once. */
export function streamingSources(plan: LogicalPlan): StreamingSourceHandle[] {
  const out: StreamingSourceHandle[] = [];
  const walk = (p: LogicalPlan): void => {
    if (p.kind === "data_source_relation" && p.handle instanceof StreamingSourceHandle) {
      if (!out.includes(p.handle)) out.push(p.handle);
      return;
    }
    for (const c of childrenOf(p)) walk(c);
  };
  walk(plan);
  return out;
}

/** Scans one micro-batch's rows of one source (keeps the source's partition tags). */
export class StreamBatchScanExec implements ExecNode {
  readonly nodeName = "MicroBatchScan";
  readonly children: readonly ExecNode[] = [];
  constructor(
    readonly output: readonly AttributeReference[],
    private readonly data: StreamBatchHandle,
    private readonly sourceName: string,
  ) {}
  describe(): string {
    return `MicroBatchScan [${this.output.map((a) => `${a.name}#${a.exprId}`).join(", ")}] ${this.sourceName}`;
  }
  async *execute(_ctx: TaskContext): AsyncIterable<RecordBatch> {
    const ordinal = new Map(this.data.fullOutput.map((a, i) => [a.exprId, i]));
    const columns = this.output.map((a) => {
      const i = ordinal.get(a.exprId);
      if (i === undefined)
        throw internalError(`${a.name}#${a.exprId} is not a column of the ${this.sourceName} source`);
      return i;
    });
    yield* this.data.read(columns);
  }
}

/** The leaf planner for micro-batch leaves. */
export function planStreamBatchScan(p: LogicalPlan): ExecNode | undefined {
  if (p.kind !== "data_source_relation" || !(p.handle instanceof StreamBatchHandle)) return undefined;
  return new StreamBatchScanExec(p.output, p.handle, p.sourceName);
}

/**
 * A streaming source outside a running query (`df.explain()` on a streaming DataFrame): shows
 * Spark's `StreamingRelation` line; executing it is the batch-action error.
 */
export class StreamingRelationExec implements ExecNode {
  readonly nodeName = "StreamingRelation";
  readonly children: readonly ExecNode[] = [];
  constructor(
    readonly output: readonly AttributeReference[],
    private readonly sourceName: string,
  ) {}
  describe(): string {
    return `StreamingRelation ${this.sourceName}, [${this.output.map((a) => `${a.name}#${a.exprId}`).join(", ")}]`;
  }
  execute(_ctx: TaskContext): AsyncIterable<RecordBatch> {
    throw batchActionOnStreamError();
  }
}

/** The leaf planner for streaming sources outside a query (explain). */
export function planStreamingRelation(p: LogicalPlan): ExecNode | undefined {
  if (p.kind !== "data_source_relation" || !(p.handle instanceof StreamingSourceHandle)) return undefined;
  return new StreamingRelationExec(p.output, p.sourceName);
}
