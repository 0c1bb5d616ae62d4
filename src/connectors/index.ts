/**
 * Connectors: the systems tspark reads and writes. `file/` is the file data source (listing,
 * partition discovery, the commit protocol) with its formats (text, CSV, JSON, Parquet) behind the
 * `FileFormat` port; `builtin.ts` is the one registry that wires concrete connectors by name.
 * May import every engine layer up to execution/; the api layer reaches connectors only through
 * the registry and the ports.
 */
export { DataSourceOptions } from "./file/data-source-options.js";
export type {
  FileFormat,
  FileStatus,
  FormatContext,
  OutputWriter,
  ReadRequest,
  WriteJob,
} from "./file/file-format.js";
export { describeFilter, type SourceFilter, translateFilter } from "./file/source-filter.js";
export { lookupFileFormat } from "./builtin.js";
