/**
 * The table a `memory` sink exposes under the query's name (Spark's MemoryPlan): a leaf whose rows
 * are read from the sink each time a query over the table runs, so `spark.table(queryName)` and
 * `spark.sql("SELECT … FROM queryName")` see every batch stored so far.
 */
import type { AttributeReference } from "../../expressions/expression.js";
import type { ExecNode } from "../../physical/exec-node.js";
import { LocalTableScanExec } from "../../physical/local-table-scan-exec.js";
import type { DataSourceRelation, LogicalPlan } from "../../plans/logical-plan.js";
import { attributesOf } from "../../plans/output.js";
import type { StructType } from "../../types/data-type.js";

/** What a memory table reads: a memory sink, or a late-rows table (late-rows-table.ts). */
export interface MemoryRowSource {
  /** Every row of the table, in order (shared arrays, not to be mutated). */
  allRows(): (readonly unknown[])[];
}

/** The handle of a memory-sink table in a plan. */
export class MemoryTable {
  constructor(
    readonly sink: MemoryRowSource,
    /** The table's columns, in the sink's row order (the optimizer may keep only some). */
    readonly columns: readonly AttributeReference[],
  ) {}
}

/** A batch relation over the sink's rows, with attributes for `schema`. */
export function memoryTableRelation(sink: MemoryRowSource, schema: StructType): DataSourceRelation {
  // Without the fields' metadata, as the table has always been read (Spark's MemoryPlan keeps it).
  const output = attributesOf(schema.fields, { metadata: false });
  return {
    kind: "data_source_relation",
    sourceName: "memory",
    output,
    isStreaming: false,
    handle: new MemoryTable(sink, output),
  };
}

/** Leaf planner: scans the sink's current rows. */
export function planMemoryTableScan(p: LogicalPlan): ExecNode | undefined {
  if (p.kind !== "data_source_relation" || !(p.handle instanceof MemoryTable)) return undefined;
  const { sink, columns } = p.handle;
  const positions = p.output.map((a) => columns.findIndex((c) => c.exprId === a.exprId));
  const all = sink.allRows();
  const rows =
    positions.every((pos, i) => pos === i) && positions.length === columns.length
      ? all
      : all.map((r) => positions.map((pos) => r[pos]));
  return new LocalTableScanExec(p.output, rows);
}
