/**
 * DataStreamReader (`spark.readStream`): PySpark's streaming reader. Settings accumulate
 * (`format`, `schema`, `option`), then `load(path?)` — or a shortcut `text` / `csv` / `json` /
 * `parquet` / `table` — checks the source's options, fixes its schema and returns a streaming
 * DataFrame (`isStreaming` true) synchronously, as PySpark does. Nothing is read until a query
 * over it starts (`writeStream.start()`).
 *
 * Sources are looked up by short name in `connectors/builtin.ts` (`socket`, `rate`,
 * `rate-micro-batch`, `text`, `csv`, `json`, `parquet`); keyword arguments of the shortcuts are one
 * options object whose `schema` key sets the schema.
 */
import { TsparkError } from "../common/errors.js";
import { lookupStreamSource } from "../connectors/builtin.js";
import type { StreamSourceRequest } from "../connectors/api/stream-provider.js";
import { StreamingSourceHandle, streamingRelation } from "../streaming/runtime/streaming-relation.js";
import type { StructType } from "../types/data-type.js";
import type { DataFrame } from "./data-frame.js";
import { fileSourceContext, type ReaderOptions } from "./data-frame-reader.js";
import { DataSourceBuilder, requireNonEmptyString, schemaOf } from "./data-source-builder.js";
import type { SparkSession } from "./spark-session.js";

export class DataStreamReader extends DataSourceBuilder {
  private userSchema: StructType | undefined;

  /** @internal use `spark.readStream`. */
  constructor(private readonly spark: SparkSession) {
    super();
  }

  /** The source: `socket`, `rate`, `rate-micro-batch`, `text`, `csv`, `json`, `parquet`. */
  format(source: string): this {
    requireNonEmptyString("source", source);
    this.source = source;
    return this;
  }

  /** The schema, as a StructType or a DDL string (`"a INT, b STRING"`). */
  schema(schema: StructType | string): this {
    this.userSchema = schemaOf(schema);
    return this;
  }

  /**
   * The streaming DataFrame of the current source (default `spark.sql.sources.default`, parquet),
   * reading `path` for file sources.
   */
  load(path?: string, format?: string, schema?: StructType | string, options?: ReaderOptions): DataFrame {
    if (format !== undefined) this.format(format);
    if (schema !== undefined) this.schema(schema);
    if (options) this.applyReaderKeywords(options);
    if (path !== undefined) this.option("path", path);
    const name = this.sourceOrDefault((k) => this.spark.state.getConf(k)).toLowerCase();
    const provider = lookupStreamSource(name);
    if (!provider) {
      throw new TsparkError("DATA_SOURCE_NOT_FOUND", { messageParameters: { provider: name } });
    }
    const opts = this.extraOptions.toDataSourceOptions();
    const request: StreamSourceRequest = {
      format: name,
      options: opts,
      userSchema: this.userSchema,
      path: opts.get("path"),
      session: fileSourceContext(this.spark.state),
    };
    const sourceSchema = provider.sourceSchema(request);
    const handle = new StreamingSourceHandle(name, sourceSchema, (context) =>
      provider.createSource(request, sourceSchema, context),
    );
    return this.spark.fromPlan(streamingRelation(handle));
  }

  /** `spark.readStream.text(path, { wholetext, lineSep })`: one string column `value`. */
  text(path: string, options?: ReaderOptions): DataFrame {
    return this.shortcut("text", path, options);
  }

  /** `spark.readStream.csv(path, { schema, header, sep, … })`. */
  csv(path: string, options?: ReaderOptions): DataFrame {
    return this.shortcut("csv", path, options);
  }

  /** `spark.readStream.json(path, { schema, multiLine, … })`. */
  json(path: string, options?: ReaderOptions): DataFrame {
    return this.shortcut("json", path, options);
  }

  /** `spark.readStream.parquet(path, { schema, mergeSchema, … })`. */
  parquet(path: string, options?: ReaderOptions): DataFrame {
    return this.shortcut("parquet", path, options);
  }

  /**
   * A streaming temp view by name (a view defined over a streaming DataFrame); a batch view or
   * table is Spark's error for reading a non-streaming relation as a stream.
   */
  table(tableName: string): DataFrame {
    const df = this.spark.table(tableName);
    if (!df.isStreaming) {
      throw new TsparkError("UNSUPPORTED_FEATURE.TABLE_OPERATION", {
        messageParameters: {
          tableName: `\`${tableName}\``,
          operation: "either micro-batch or continuous scan",
        },
      });
    }
    return df;
  }

  private shortcut(format: string, path: string, options?: ReaderOptions): DataFrame {
    if (typeof path !== "string") {
      throw new TsparkError("NOT_STR", {
        messageParameters: { arg_name: "path", arg_type: typeof path },
      });
    }
    this.format(format);
    if (options) this.applyReaderKeywords(options);
    return this.load(path);
  }

  private applyReaderKeywords(options: ReaderOptions): void {
    this.applyKeywords(options, { schema: (v) => this.schema(v as StructType | string) });
  }
}
