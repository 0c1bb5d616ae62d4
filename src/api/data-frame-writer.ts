/**
 * DataFrameWriter (`df.write`): PySpark's writer for files. Settings accumulate (`mode`, `format`,
 * `option`, `partitionBy`), then `save(path)` — or a shortcut `csv` / `json` / `text` /
 * `parquet` — runs the query and writes it; the returned Promise resolves once the files are
 * committed (writes are atomic per job: see connectors/file/file-writer.ts).
 *
 * Python keyword arguments become one options object:
 * `await df.write.csv(path, { header: true, mode: "overwrite", partitionBy: ["year"] })`.
 */
import { TsparkError } from "../common/errors.js";
import { absoluteLocalPath } from "../connectors/file/file-input.js";
import { FileRelation } from "../connectors/file/file-relation.js";
import { fileFormatFor } from "../connectors/file/file-source.js";
import { childrenOf, type LogicalPlan } from "../plans/logical-plan.js";
import { type SaveMode, writeFiles } from "../connectors/file/file-writer.js";
import { fileSourceContext } from "./data-frame-reader.js";
import type { OptionValue } from "./option-map.js";
import type { DataFrame } from "./data-frame.js";
import { columnNamesOf, DataSourceBuilder } from "./data-source-builder.js";
import { ProgressBar } from "../common/progress-bar.js";

/** Keyword arguments of a writer shortcut: options plus `mode` and `partitionBy`. */
export type WriterOptions = {
  readonly mode?: string;
  readonly partitionBy?: string | readonly string[];
} & Readonly<Record<string, OptionValue | readonly string[]>>;

/** Whether the plan reads files rooted at `path` (Spark refuses to overwrite its own input). */
function readsPath(plan: LogicalPlan, path: string): boolean {
  if (plan.kind === "data_source_relation" && plan.handle instanceof FileRelation)
    return plan.handle.listing.rootPaths.includes(path);
  return childrenOf(plan).some((c) => readsPath(c, path));
}

const SAVE_MODES: Readonly<Record<string, SaveMode>> = {
  error: "errorifexists",
  errorifexists: "errorifexists",
  default: "errorifexists",
  append: "append",
  overwrite: "overwrite",
  ignore: "ignore",
};

export class DataFrameWriter extends DataSourceBuilder {
  private saveMode: SaveMode = "errorifexists";
  private partitionColumns: string[] = [];

  /** @internal use `df.write`. */
  constructor(private readonly df: DataFrame) {
    super();
  }

  /** `error`/`errorifexists` (default), `append`, `overwrite` or `ignore` (case-insensitive). */
  mode(saveMode: string | null | undefined): this {
    if (saveMode === null || saveMode === undefined) return this;
    const m = SAVE_MODES[saveMode.toLowerCase()];
    if (!m)
      throw new TsparkError("INVALID_SAVE_MODE", {
        messageParameters: { mode: `"${saveMode}"` },
      });
    this.saveMode = m;
    return this;
  }

  /** The output format: `csv`, `json`, `text`, `parquet`. */
  format(source: string): this {
    this.source = source;
    return this;
  }

  /** Partitions the output by these columns into `col=value` directories. */
  partitionBy(...cols: (string | readonly string[])[]): this {
    this.partitionColumns = columnNamesOf(cols);
    return this;
  }

  /** Runs the query and writes it to `path` (or the `path` option) in the chosen format. */
  async save(
    path?: string,
    format?: string,
    mode?: string,
    partitionBy?: string | readonly string[],
    options?: WriterOptions,
  ): Promise<void> {
    if (format !== undefined) this.format(format);
    if (mode !== undefined) this.mode(mode);
    if (partitionBy !== undefined) this.partitionBy(partitionBy);
    if (options) this.applyWriterKeywords(options);
    const spark = this.df.sparkSession;
    if (this.df.isStreaming)
      throw new TsparkError("CALL_ON_STREAMING_DATASET_UNSUPPORTED", {
        messageParameters: { methodName: "`write`" },
      });
    const opts = this.extraOptions.toDataSourceOptions();
    if (this.sourceOrDefault((k) => spark.state.getConf(k)).toLowerCase() === "noop") {
      // Spark's noop data source: runs the query to the end and writes nothing (no path needed).
      for await (const _batch of spark.state.execution(this.df.plan).batches()) {
        // discarded
      }
      return;
    }
    const target = path ?? opts.get("path");
    if (target === undefined)
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: "'path' is not specified: pass a path to save() or set the 'path' option.",
        },
      });
    const formatName = this.sourceOrDefault((k) => spark.state.getConf(k));
    const fmt = fileFormatFor(formatName);
    const abs = absoluteLocalPath(target);
    if (this.saveMode === "overwrite" && readsPath(this.df.plan, abs))
      throw new TsparkError("UNSUPPORTED_OVERWRITE.PATH", { messageParameters: { path: `file:${abs}` } });
    const ctx = fileSourceContext(spark.state);
    const qe = spark.state.execution(this.df.plan);
    const bar = ProgressBar.create((k) => spark.state.getConf(k), `Writing ${formatName} to ${abs}`);
    try {
      await writeFiles(qe.batches(), this.df.schema, {
        format: fmt,
        path: abs,
        mode: this.saveMode,
        partitionBy: this.partitionColumns,
        options: opts,
        ctx,
        caseSensitive: ctx.caseSensitive,
        ...(bar ? { onProgress: (n: number) => bar.update(n) } : {}),
      });
    } finally {
      bar?.finish();
    }
  }

  /** `df.write.csv(path, { header, sep, mode, … })`. */
  csv(path: string, options?: WriterOptions): Promise<void> {
    return this.shortcut("csv", path, options);
  }

  /** `df.write.json(path, { mode, compression, … })`. */
  json(path: string, options?: WriterOptions): Promise<void> {
    return this.shortcut("json", path, options);
  }

  /** `df.write.text(path)`: one string column per line. */
  text(path: string, options?: WriterOptions): Promise<void> {
    return this.shortcut("text", path, options);
  }

  /** `df.write.parquet(path, { mode, partitionBy, compression })`. */
  parquet(path: string, options?: WriterOptions): Promise<void> {
    return this.shortcut("parquet", path, options);
  }

  private shortcut(format: string, path: string, options?: WriterOptions): Promise<void> {
    this.format(format);
    if (options) this.applyWriterKeywords(options);
    return this.save(path);
  }

  private applyWriterKeywords(options: WriterOptions): void {
    this.applyKeywords(options, {
      mode: (v) => this.mode(v as string),
      partitionBy: (v) => this.partitionBy(v as string | readonly string[]),
    });
  }
}
