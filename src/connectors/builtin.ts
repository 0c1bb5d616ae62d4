/**
 * The registry of built-in connectors by Spark's short name (case-insensitive). The one place that
 * knows every concrete connector; everything else asks it by name.
 */
import { csvFormat } from "./file/csv-format.js";
import type { FileFormat } from "./file/file-format.js";
import { FILE_STREAM_SINK_PROVIDERS } from "./file/file-stream-sink.js";
import { FILE_STREAM_SOURCE_PROVIDERS } from "./file/file-stream-source.js";
import { jsonFormat } from "./file/json-format.js";
import { parquetFormat } from "./file/parquet-format.js";
import { textFormat } from "./file/text-format.js";
import type { StreamSinkProvider, StreamSourceProvider } from "./api/stream-provider.js";
import { consoleSinkProvider } from "./console/provider.js";
import { nexmarkSourceProvider } from "./nexmark/provider.js";
import { noopSinkProvider } from "./noop/provider.js";
import { ratePerMicroBatchSourceProvider, rateSourceProvider } from "./rate/provider.js";
import { socketSourceProvider } from "./socket/provider.js";

const FILE_FORMATS: readonly FileFormat[] = [csvFormat, jsonFormat, textFormat, parquetFormat];

/** The file format registered as `name` (case-insensitive), or undefined. */
export function lookupFileFormat(name: string): FileFormat | undefined {
  const n = name.toLowerCase();
  return FILE_FORMATS.find((f) => f.shortName === n);
}

// ---- streaming connectors -------------------------------------------------------------------
// Built lazily on first lookup: provider modules import this file (file formats), so the lists
// must not be evaluated while the module graph is still loading.

let streamSources: Map<string, StreamSourceProvider> | undefined;
let streamSinks: Map<string, StreamSinkProvider> | undefined;

function byName<T extends { readonly shortName: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((p) => [p.shortName.toLowerCase(), p]));
}

/** The streaming source registered as `name` (case-insensitive), or undefined. */
export function lookupStreamSource(name: string): StreamSourceProvider | undefined {
  streamSources ??= byName<StreamSourceProvider>([
    rateSourceProvider,
    ratePerMicroBatchSourceProvider,
    socketSourceProvider,
    nexmarkSourceProvider,
    ...FILE_STREAM_SOURCE_PROVIDERS,
  ]);
  return streamSources.get(name.toLowerCase());
}

/** The streaming sink registered as `name` (case-insensitive), or undefined. */
export function lookupStreamSink(name: string): StreamSinkProvider | undefined {
  streamSinks ??= byName<StreamSinkProvider>([
    // memory, foreach and foreachBatch are built by the writer (they need the session).
    consoleSinkProvider,
    noopSinkProvider,
    ...FILE_STREAM_SINK_PROVIDERS,
  ]);
  return streamSinks.get(name.toLowerCase());
}
