/**
 * DataFrameReader (`spark.read`): PySpark's reader. Settings accumulate (`format`, `schema`,
 * `option`), then `load(path)` — or a shortcut `csv` / `json` / `text` / `parquet` — lists the
 * files, fixes the schema (given or inferred) and returns a DataFrame synchronously, as PySpark
 * does. Rows are read when an action runs.
 *
 * Python keyword arguments become one options object: `spark.read.csv(path, { header: true,
 * inferSchema: true })`. Its `schema` key sets the schema (StructType or DDL); the other keys are
 * options (booleans and numbers written as Spark expects; `null`/`undefined` values ignored, as
 * PySpark ignores `None`).
 */
import { SQLConf } from "../common/config.js";
import { type FileSourceContext, resolveFileRelation } from "../connectors/file/file-source.js";
import { resolveStateSource } from "../streaming/state-source/index.js";
import type { StructType } from "../types/data-type.js";
import type { DataFrame } from "./data-frame.js";
import { DataSourceBuilder, schemaOf } from "./data-source-builder.js";
import type { OptionValue } from "./option-map.js";
import type { SessionState } from "./session-state.js";
import type { SparkSession } from "./spark-session.js";

/** Keyword arguments of a reader shortcut: options plus `schema`. */
export type ReaderOptions = { readonly schema?: StructType | string } & Readonly<
  Record<string, OptionValue | StructType>
>;

/** The file-source settings of a session (conf, time zone, case sensitivity). */
export function fileSourceContext(state: SessionState): FileSourceContext {
  return {
    conf: (k) => state.getConf(k),
    timeZone: state.getConf(SQLConf.SESSION_TIME_ZONE) ?? "UTC",
    caseSensitive: state.getBool(SQLConf.CASE_SENSITIVE),
    partitionTypeInference:
      state.getConf("spark.sql.sources.partitionColumnTypeInference.enabled") !== "false",
    ignoreMissingFiles: state.getConf("spark.sql.files.ignoreMissingFiles") === "true",
    ignoreInvalidPartitionPaths: state.getConf("spark.sql.files.ignoreInvalidPartitionPaths") === "true",
    timestampNtz: (state.getConf("spark.sql.timestampType") ?? "").toUpperCase() === "TIMESTAMP_NTZ",
  };
}

export class DataFrameReader extends DataSourceBuilder {
  private userSchema: StructType | undefined;

  /** @internal use `spark.read`. */
  constructor(private readonly spark: SparkSession) {
    super();
  }

  /** The input format: `csv`, `json`, `text`, `parquet`; `statestore`, `state-metadata` read a checkpoint. */
  format(source: string): this {
    this.source = source;
    return this;
  }

  /** The schema, as a StructType or a DDL string (`"a INT, b STRING"`); skips inference. */
  schema(schema: StructType | string): this {
    this.userSchema = schemaOf(schema);
    return this;
  }

  /**
   * Loads the files at `path` (a path, a directory, a glob, or several) with the current format
   * (default `spark.sql.sources.default`, parquet), schema and options.
   */
  load(
    path?: string | readonly string[],
    format?: string,
    schema?: StructType | string,
    options?: ReaderOptions,
  ): DataFrame {
    if (format !== undefined) this.format(format);
    if (schema !== undefined) this.schema(schema);
    if (options) this.applyReaderKeywords(options);
    const paths = path === undefined ? [] : typeof path === "string" ? [path] : [...path];
    const opts = this.extraOptions.toDataSourceOptions();
    const optPath = opts.get("path");
    if (paths.length === 0 && optPath !== undefined) paths.push(optPath);
    const formatName = this.sourceOrDefault((k) => this.spark.state.getConf(k));
    // Spark 4's state readers (`statestore`, `state-metadata`) take the checkpoint as their path.
    const state = resolveStateSource(formatName, paths.length === 1 ? opts.with("path", paths[0]!) : opts);
    if (state !== undefined) return this.spark.fromPlan(state.toPlan());
    // No paths is an empty read, as in Spark: the user's schema, or the format's own (text), else
    // UNABLE_TO_INFER_SCHEMA from the relation.
    const relation = resolveFileRelation(
      formatName,
      paths,
      this.userSchema,
      opts,
      fileSourceContext(this.spark.state),
    );
    return this.spark.fromPlan(relation.toPlan());
  }

  /** `spark.read.csv(path, { header, inferSchema, sep, … })`. */
  csv(path: string | readonly string[], options?: ReaderOptions): DataFrame {
    return this.shortcut("csv", path, options);
  }

  /** `spark.read.json(path, { multiLine, … })`. */
  json(path: string | readonly string[], options?: ReaderOptions): DataFrame {
    return this.shortcut("json", path, options);
  }

  /** `spark.read.text(path, { wholetext, lineSep })`: one string column `value`. */
  text(path: string | readonly string[], options?: ReaderOptions): DataFrame {
    return this.shortcut("text", path, options);
  }

  /**
   * `spark.read.parquet(path, …)`: PySpark's `parquet(*paths, **options)` — paths as separate
   * arguments or an array, options as a trailing object.
   */
  parquet(...args: (string | readonly string[] | ReaderOptions)[]): DataFrame {
    const paths: string[] = [];
    let options: ReaderOptions | undefined;
    for (const a of args) {
      if (typeof a === "string") paths.push(a);
      else if (Array.isArray(a)) paths.push(...(a as readonly string[]));
      else options = a as ReaderOptions;
    }
    return this.shortcut("parquet", paths, options);
  }

  /** A table or view by name (`spark.table`). */
  table(name: string): DataFrame {
    return this.spark.table(name);
  }

  private shortcut(format: string, path: string | readonly string[], options?: ReaderOptions): DataFrame {
    this.format(format);
    if (options) this.applyReaderKeywords(options);
    return this.load(path);
  }

  private applyReaderKeywords(options: ReaderOptions): void {
    this.applyKeywords(options, { schema: (v) => this.schema(v as StructType | string) });
  }
}
