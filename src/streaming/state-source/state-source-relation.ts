/**
 * The plan leaf of a batch read of a checkpoint's state (`spark.read.format("statestore")` and
 * `format("state-metadata")`): a `data_source_relation` whose handle is a `StateSourceRelation`,
 * and its scan. The schema is fixed when the DataFrame is built (`load()`), the rows are read
 * when an action runs — every action reads the checkpoint again, as Spark's scan does.
 */
import { explainSql } from "../../expressions/display.js";
import type { AttributeReference } from "../../expressions/expression.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { LogicalPlan } from "../../plans/logical-plan.js";
import { attributesOf } from "../../plans/output.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { internalError } from "../../common/errors.js";
import type { StructType } from "../../types/data-type.js";

/** Rows of one input partition, each as wide as the relation's schema. */
export interface StatePartitionRows {
  readonly partitionId: number;
  readonly rows: readonly (readonly unknown[])[];
}

/** A state read: its schema and how to produce its rows. */
export abstract class StateSourceRelation {
  /** The attributes of the relation's columns (created once, so that pruning keeps their ids). */
  readonly output: readonly AttributeReference[];

  constructor(
    /** The format name (`statestore`, `state-metadata`). */
    readonly sourceName: string,
    readonly schema: StructType,
  ) {
    this.output = attributesOf(schema.fields, { metadata: false });
  }

  /** What explain shows after the scan's name. */
  abstract description(): string;

  /** The rows, partition by partition (read from the checkpoint on every call). */
  abstract readPartitions(): AsyncIterable<StatePartitionRows>;

  /** The logical plan of the read. */
  toPlan(): LogicalPlan {
    return {
      kind: "data_source_relation",
      sourceName: this.sourceName,
      output: this.output,
      isStreaming: false,
      handle: this,
    };
  }
}

/** Leaf planner: a `DataSourceRelation` over a `StateSourceRelation` scans with `StateScanExec`. */
export function planStateSourceScan(p: LogicalPlan): ExecNode | undefined {
  if (p.kind !== "data_source_relation" || !(p.handle instanceof StateSourceRelation)) return undefined;
  return new StateScanExec(p.handle, p.output);
}

/** Spark's `BatchScan` over the state: one batch per input partition, tagged with its id. */
export class StateScanExec implements ExecNode {
  readonly nodeName = "BatchScan";
  readonly children: readonly ExecNode[] = [];
  /** Per output column, its index in the relation's rows (the optimizer may have pruned some). */
  private readonly columnIndexes: readonly number[];

  constructor(
    private readonly relation: StateSourceRelation,
    readonly output: readonly AttributeReference[],
  ) {
    this.columnIndexes = output.map((a) => {
      const i = relation.output.findIndex((o) => o.exprId === a.exprId);
      if (i < 0) throw internalError(`state scan column ${a.name} is not one of the relation's`);
      return i;
    });
  }

  describe(): string {
    return `BatchScan ${this.relation.sourceName}[${this.output.map(explainSql).join(", ")}] ${this.relation.description()}`;
  }

  async *execute(_ctx: TaskContext): AsyncIterable<RecordBatch> {
    const indexes = this.columnIndexes;
    for await (const { partitionId, rows } of this.relation.readPartitions()) {
      if (rows.length === 0) continue;
      const columns = indexes.map((c) => rows.map((r) => r[c] ?? null));
      yield { numRows: rows.length, columns, partitionId };
    }
  }
}
