/**
 * FileRelation: the handle a batch file read puts in its `DataSourceRelation` (Spark's
 * HadoopFsRelation): the format, the listed files with their partitioning, the data schema and the
 * options. Built once by `spark.read…load()`; the physical planner turns the relation into a
 * `FileScanExec` (see `planFileScan`).
 *
 * Schema rule (Spark's): the relation's columns are the data columns in file order, where a data
 * column that is also a partition column keeps its place but takes the partition's type and values,
 * then the remaining partition columns in directory order.
 */
import type { AttributeReference } from "../../expressions/expression.js";
import type { LogicalPlan } from "../../plans/logical-plan.js";
import { attributesOf } from "../../plans/output.js";
import type { ExecNode } from "../../physical/exec-node.js";
import { StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FormatContext } from "./file-format.js";
import type { FileListing } from "./file-index.js";
import { FileScanExec } from "./file-scan-exec.js";

export class FileRelation {
  /** The relation's schema (data then partition columns, by Spark's overlap rule). */
  readonly schema: StructType;

  constructor(
    readonly format: FileFormat,
    readonly listing: FileListing,
    /** The files' data schema (user-given or inferred), partition columns included if the files hold them. */
    readonly dataSchema: StructType,
    readonly options: DataSourceOptions,
    readonly ctx: FormatContext,
    readonly caseSensitive: boolean,
  ) {
    const part = listing.partitioning.schema;
    const norm = (n: string) => (caseSensitive ? n : n.toLowerCase());
    const partByName = new Map(part.fields.map((f) => [norm(f.name), f]));
    const dataNames = new Set(dataSchema.fields.map((f) => norm(f.name)));
    this.schema = new StructType([
      ...dataSchema.fields.map((f) => partByName.get(norm(f.name)) ?? f),
      ...part.fields.filter((f) => !dataNames.has(norm(f.name))),
    ]);
  }

  /** Whether `name` is a partition column. */
  isPartitionColumn(name: string): boolean {
    const norm = (n: string) => (this.caseSensitive ? n : n.toLowerCase());
    return this.listing.partitioning.schema.fields.some((f) => norm(f.name) === norm(name));
  }

  /** The data schema without partition columns: what the format reads from each file. */
  get fileSchema(): StructType {
    return new StructType(this.dataSchema.fields.filter((f) => !this.isPartitionColumn(f.name)));
  }

  /** Fresh output attributes for a new DataFrame over this relation. */
  newOutput(): AttributeReference[] {
    // Without the fields' metadata, as file reads have always been (Spark's relation keeps it).
    return attributesOf(this.schema.fields, { metadata: false });
  }

  /** The logical plan of a batch read. */
  toPlan(): LogicalPlan {
    return {
      kind: "data_source_relation",
      sourceName: this.format.shortName,
      output: this.newOutput(),
      isStreaming: false,
      handle: this,
    };
  }
}

/** Leaf planner: a `DataSourceRelation` over a `FileRelation` scans with `FileScanExec`. */
export function planFileScan(p: LogicalPlan): ExecNode | undefined {
  if (p.kind !== "data_source_relation" || !(p.handle instanceof FileRelation)) return undefined;
  return new FileScanExec(p.handle, p.output, p.pushedFilters ?? []);
}
