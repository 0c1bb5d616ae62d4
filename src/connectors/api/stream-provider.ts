/**
 * Streaming connector providers: how `spark.readStream.format(name)` and
 * `df.writeStream.format(name)` find a source or sink (Spark's `StreamSourceProvider` /
 * `StreamSinkProvider`). Providers are registered by short name in `connectors/builtin.ts`.
 *
 * Life cycle:
 * - Source: `sourceSchema(request)` runs at `load()` (synchronously, as PySpark's load): it checks
 *   the options with Spark's errors and fixes the schema. `createSource(request, schema, ctx)` runs
 *   at every query (re)start and returns a fresh running `StreamSource`; `ctx.metadataPath` is the
 *   source's own directory in the checkpoint (`<checkpoint>/sources/<n>`).
 * - Sink: `createSink(request)` runs at `start()`; it checks the sink's options and the output
 *   mode (Spark's error when the sink does not support it) before the query starts.
 */
import type { DataSourceOptions } from "../file/data-source-options.js";
import type { FileSourceContext } from "../file/file-source.js";
import type { StructType } from "../../types/data-type.js";
import type { StreamSourceContext } from "../stream-option.js";
import type { OutputMode, StreamSink } from "./stream-sink.js";
import type { StreamSource } from "./stream-source.js";

/** What `readStream` gathered: the format's options, the user's schema and path. */
export interface StreamSourceRequest {
  /** The short name the user gave (`socket`, `rate`, `csv`…), lower-cased. */
  readonly format: string;
  readonly options: DataSourceOptions;
  readonly userSchema: StructType | undefined;
  /** `load(path)` / `csv(path)`: the path option (also in `options` as `path`). */
  readonly path: string | undefined;
  /** Session settings (conf, time zone, case sensitivity) for file formats. */
  readonly session: FileSourceContext;
}

/** A streaming source by short name. */
export interface StreamSourceProvider {
  readonly shortName: string;
  /** Checks the options and returns the source schema (at `load()`); throws Spark's errors. */
  sourceSchema(request: StreamSourceRequest): StructType;
  /** A running source for one query run. */
  createSource(request: StreamSourceRequest, schema: StructType, context: StreamSourceContext): StreamSource;
}

/** What `writeStream` gathered for the sink. */
export interface StreamSinkRequest {
  readonly format: string;
  readonly options: DataSourceOptions;
  readonly outputMode: OutputMode;
  /** `partitionBy(...)` columns (file sinks). */
  readonly partitionColumns: readonly string[];
  /** The query's output schema. */
  readonly schema: StructType;
  /** `queryName(...)`, if set. */
  readonly queryName: string | undefined;
  /** Session settings (conf, time zone, case sensitivity). */
  readonly session: FileSourceContext;
}

/** A streaming sink by short name. */
export interface StreamSinkProvider {
  readonly shortName: string;
  /** Builds the sink; throws Spark's error for bad options or an unsupported output mode. */
  createSink(request: StreamSinkRequest): StreamSink;
}
