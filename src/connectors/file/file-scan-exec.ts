/**
 * FileScanExec: reads a `FileRelation`'s files through its format, appends partition values and
 * tags every batch with its Spark partition.
 *
 * Partitions follow Spark's FilePartition packing: files sorted by size (largest first) are packed
 * into partitions of at most `maxSplitBytes = min(spark.sql.files.maxPartitionBytes, max(
 * spark.sql.files.openCostInBytes, totalBytes / minPartitions))`, each file costing its size plus
 * the open cost, where minPartitions is `spark.sql.files.minPartitionNum` or the default
 * parallelism. Files are not split inside (a file larger than maxSplitBytes is one partition).
 *
 * Pushed filters are translated to `SourceFilter`s: those on partition columns prune whole files
 * (`PartitionFilters`), those on data columns go to the format as hints (`PushedFilters`). The
 * Filter operator above the scan still evaluates every predicate.
 */
import { TsparkError } from "../../common/errors.js";
import { ProgressBar } from "../../common/progress-bar.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference, Expression } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import type { BindContext } from "../../functions/function-definition.js";
import { bindCast } from "../../functions/core/cast.js";
import { InputFileBlockHolder } from "../../functions/core/input-file-block.js";
import { pathToFileURL } from "node:url";
import { compareValues } from "../../functions/collection/compare.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { STRING, type StructField, StructType } from "../../types/data-type.js";
import type { FileStatus, ReadRequest } from "./file-format.js";
import { fileUrl, readFailure } from "./file-input.js";
import type { FileRelation } from "./file-relation.js";
import { describeFilter, type SourceFilter, translateFilter } from "./source-filter.js";

const MB = 1024 * 1024;

function conjuncts(e: Expression): Expression[] {
  return e.kind === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function referencedIds(e: Expression, into: Set<number>): Set<number> {
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    const o = x as { kind?: unknown; exprId?: unknown };
    if (o.kind === "attribute" && typeof o.exprId === "number") into.add(o.exprId);
    for (const v of Object.values(o)) if (v !== null && typeof v === "object") visit(v);
  };
  visit(e);
  return into;
}

/**
 * Evaluates a source filter on one row's values: true, false, or undefined when unknown (NULL or a
 * column the row does not have). Used for partition pruning, where a file is skipped only on false.
 */
export function evaluateSourceFilter(
  f: SourceFilter,
  value: (column: string) => unknown,
): boolean | undefined {
  switch (f.kind) {
    case "And": {
      const l = evaluateSourceFilter(f.left, value);
      const r = evaluateSourceFilter(f.right, value);
      return l === false || r === false ? false : l === true && r === true ? true : undefined;
    }
    case "Or": {
      const l = evaluateSourceFilter(f.left, value);
      const r = evaluateSourceFilter(f.right, value);
      return l === true || r === true ? true : l === false && r === false ? false : undefined;
    }
    case "Not": {
      const c = evaluateSourceFilter(f.child, value);
      return c === undefined ? undefined : !c;
    }
    case "IsNull":
      return value(f.column) === null;
    case "IsNotNull":
      return value(f.column) !== null;
    case "In": {
      const v = value(f.column);
      if (v === null || v === undefined) return undefined;
      const cmp = compareValues(f.dataType);
      if (f.values.some((x) => x !== null && cmp(v, x) === 0)) return true;
      return f.values.includes(null) ? undefined : false;
    }
    case "StringStartsWith":
    case "StringEndsWith":
    case "StringContains": {
      const v = value(f.column);
      if (typeof v !== "string") return undefined;
      return f.kind === "StringStartsWith"
        ? v.startsWith(f.value)
        : f.kind === "StringEndsWith"
          ? v.endsWith(f.value)
          : v.includes(f.value);
    }
    default: {
      const v = value(f.column);
      if (v === undefined) return undefined;
      if (f.kind === "EqualNullSafe") {
        if (v === null || f.value === null) return v === f.value;
        return compareValues(f.dataType)(v, f.value) === 0;
      }
      if (v === null) return undefined;
      const c = compareValues(f.dataType)(v, f.value);
      switch (f.kind) {
        case "EqualTo":
          return c === 0;
        case "GreaterThan":
          return c > 0;
        case "GreaterThanOrEqual":
          return c >= 0;
        case "LessThan":
          return c < 0;
        case "LessThanOrEqual":
          return c <= 0;
      }
    }
  }
}

export class FileScanExec implements ExecNode {
  readonly nodeName = "FileScan";
  readonly children: readonly ExecNode[] = [];
  private readonly partitionFilters: SourceFilter[] = [];
  private readonly dataFilters: Expression[] = [];
  private readonly pushed: SourceFilter[] = [];
  private readonly partitionFilterExprs: Expression[] = [];

  constructor(
    private readonly relation: FileRelation,
    readonly output: readonly AttributeReference[],
    filters: readonly Expression[],
  ) {
    const names = new Map(output.map((a) => [a.exprId, a.name]));
    const partitionIds = new Set(
      output.filter((a) => relation.isPartitionColumn(a.name)).map((a) => a.exprId),
    );
    for (const f of filters.flatMap(conjuncts)) {
      const refs = [...referencedIds(f, new Set())];
      if (refs.length > 0 && refs.every((id) => partitionIds.has(id))) {
        this.partitionFilterExprs.push(f);
        const t = translateFilter(f, names);
        if (t) this.partitionFilters.push(t);
      } else if (!refs.some((id) => partitionIds.has(id))) {
        this.dataFilters.push(f);
        const t = translateFilter(f, names);
        if (t) this.pushed.push(t);
      }
    }
  }

  describe(): string {
    const list = (xs: readonly string[]) => `[${xs.join(", ")}]`;
    const readSchema = new StructType(
      this.relation.fileSchema.fields.filter((f) =>
        this.output.some((a) => sameName(a.name, f.name, this.relation.caseSensitive)),
      ),
    );
    const roots = this.relation.listing.rootPaths;
    return (
      `FileScan ${this.relation.format.shortName} [${this.output.map(explainSql).join(",")}] ` +
      `Batched: ${this.relation.format.shortName === "parquet"}, DataFilters: ${list(this.dataFilters.map(explainSql))}, ` +
      `Format: ${this.relation.format.displayName}, Location: InMemoryFileIndex(${roots.length} paths)[${roots.map(fileUrl).join(", ")}], ` +
      `PartitionFilters: ${list(this.partitionFilterExprs.map(explainSql))}, PushedFilters: ${list(this.pushed.map(describeFilter))}, ` +
      `ReadSchema: ${readSchema.simpleString()}`
    );
  }

  /** The files left after partition pruning, packed into Spark's partitions. */
  planPartitions(defaultParallelism: number): FileStatus[][] {
    const rel = this.relation;
    const part = rel.listing.partitioning;
    const bind = bindContextOf(rel);
    const typed = new Map<string, unknown[]>();
    const casts = part.schema.fields.map((f) =>
      f.dataType.kind === "string" ? (v: unknown) => v : bindCast(STRING, f.dataType, "ansi", bind),
    );
    // Empty files hold no rows and are not read (Spark's PartitioningAwareFileIndex.listFiles).
    const files = rel.listing.files.filter((file) => {
      if (file.size === 0) return false;
      const raw = part.valuesByFile.get(file.path);
      if (!raw) return part.schema.fields.length === 0;
      const values = raw.map((v, i) => (v === null ? null : casts[i]!(v)));
      typed.set(file.path, values);
      if (this.partitionFilters.length === 0) return true;
      const byName = (c: string) => {
        const i = part.schema.fields.findIndex((f) => sameName(f.name, c, rel.caseSensitive));
        return i < 0 ? undefined : values[i];
      };
      return this.partitionFilters.every((f) => evaluateSourceFilter(f, byName) !== false);
    });
    this.partitionValues = typed;
    const conf = (k: string, d: number) => {
      const v = rel.ctx.conf(k);
      return v === undefined ? d : parseBytes(v, k);
    };
    const maxPartitionBytes = conf("spark.sql.files.maxPartitionBytes", 128 * MB);
    const openCost = conf("spark.sql.files.openCostInBytes", 4 * MB);
    const minPartitions = conf("spark.sql.files.minPartitionNum", defaultParallelism);
    const total = files.reduce((s, f) => s + f.size + openCost, 0);
    const maxSplit = Math.min(
      maxPartitionBytes,
      Math.max(openCost, Math.floor(total / Math.max(1, minPartitions))),
    );
    const bySize = [...files].sort((a, b) => b.size - a.size);
    const out: FileStatus[][] = [];
    let current: FileStatus[] = [];
    let size = 0;
    for (const f of bySize) {
      if (current.length > 0 && size + f.size > maxSplit) {
        out.push(current);
        current = [];
        size = 0;
      }
      current.push(f);
      size += f.size + openCost;
    }
    if (current.length > 0) out.push(current);
    return out;
  }

  private partitionValues = new Map<string, unknown[]>();

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const rel = this.relation;
    const partitions = this.planPartitions(ctx.defaultParallelism ?? 1);
    const partSchema = rel.listing.partitioning.schema;
    const fileSchema = rel.fileSchema;
    // Each output column comes from the file (index into requiredSchema) or a partition value.
    const required: StructField[] = [];
    const sources = this.output.map((a) => {
      const pi = partSchema.fields.findIndex((f) => sameName(f.name, a.name, rel.caseSensitive));
      if (pi >= 0) return { data: -1, partition: pi };
      const field = fileSchema.fields.find((f) => sameName(f.name, a.name, rel.caseSensitive));
      if (!field)
        throw new TsparkError("INTERNAL_ERROR", {
          messageParameters: { message: `file scan column '${a.name}' is not in the relation` },
        });
      required.push(field);
      return { data: required.length - 1, partition: -1 };
    });
    const request: ReadRequest = {
      dataSchema: fileSchema,
      requiredSchema: new StructType(required),
      filters: this.pushed,
      options: rel.options,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    };
    rel.format.checkRead?.(request, rel.ctx);
    // The reader options override the session's settings, as Spark's FileSourceOptions.
    const ignoreCorrupt = rel.options.bool(
      "ignoreCorruptFiles",
      rel.ctx.conf("spark.sql.files.ignoreCorruptFiles") === "true",
    );
    const ignoreMissing = rel.options.bool(
      "ignoreMissingFiles",
      rel.ctx.conf("spark.sql.files.ignoreMissingFiles") === "true",
    );
    const totalBytes = partitions.flat().reduce((n, f) => n + f.size, 0);
    const bar = ProgressBar.create(rel.ctx.conf, `Reading ${rel.format.shortName}`, {
      total: totalBytes,
      unit: "bytes",
    });
    let bytesDone = 0;
    try {
      for (let partitionId = 0; partitionId < partitions.length; partitionId++) {
        for (const file of partitions[partitionId]!) {
          bar?.update(bytesDone);
          yield* this.readOne(file, partitionId, request, sources, ctx, ignoreMissing, ignoreCorrupt);
          bytesDone += file.size;
        }
      }
    } finally {
      bar?.finish();
    }
  }

  private async *readOne(
    file: FileStatus,
    partitionId: number,
    request: ReadRequest,
    sources: readonly { readonly data: number; readonly partition: number }[],
    ctx: TaskContext,
    ignoreMissing: boolean,
    ignoreCorrupt: boolean,
  ): AsyncIterable<RecordBatch> {
    const values = this.partitionValues.get(file.path) ?? [];
    const uri = pathToFileURL(file.path).href;
    try {
      for await (const b of this.relation.format.readFile(file, request, this.relation.ctx)) {
        ctx.signal?.throwIfAborted();
        InputFileBlockHolder.set(uri, 0, file.size);
        const columns = sources.map((s) =>
          s.data >= 0 ? b.columns[s.data]! : new Array<unknown>(b.numRows).fill(values[s.partition] ?? null),
        );
        yield { numRows: b.numRows, columns, partitionId };
      }
    } catch (e) {
      const err = readFailure(file.path, e);
      if (ignoreMissing && err.errorClass === "FAILED_READ_FILE.FILE_NOT_EXIST") return;
      if (ignoreCorrupt && err.errorClass !== "FAILED_READ_FILE.FILE_NOT_EXIST" && !isMalformedRecord(err))
        return;
      throw err;
    } finally {
      InputFileBlockHolder.unset();
    }
  }
}

/** FAILFAST's malformed-record failures are data errors, never skipped as corrupt files. */
function isMalformedRecord(e: TsparkError): boolean {
  const cause = e.cause;
  return cause instanceof TsparkError && cause.errorClass.startsWith("MALFORMED_RECORD_IN_PARSING");
}

function sameName(a: string, b: string, caseSensitive: boolean): boolean {
  return caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
}

// Partition values are read in the `timeZone` option's zone, else the session's (Spark's
// PartitioningAwareFileIndex).
function bindContextOf(rel: FileRelation): BindContext {
  return {
    ansi: rel.ctx.conf("spark.sql.ansi.enabled") !== "false",
    timeZone: rel.options.get("timeZone") ?? rel.ctx.timeZone,
    conf: rel.ctx.conf,
    randomSeed: () => 0,
    currentTimeMicros: 0,
  };
}

/** Spark's byte-size confs: a number of bytes, or with a unit (`128m`, `4MB`, `1g`). */
function parseBytes(v: string, key: string): number {
  const m = /^\s*(\d+)\s*([kmgt]?)b?\s*$/i.exec(v);
  if (!m) throw new TsparkError("INVALID_CONF_VALUE", { messageParameters: { confValue: v, confName: key } });
  const unit = { "": 1, k: 1024, m: MB, g: 1024 * MB, t: 1024 * 1024 * MB }[(m[2] ?? "").toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}
