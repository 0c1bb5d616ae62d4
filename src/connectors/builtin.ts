/**
 * The registry of built-in connectors by Spark's short name (case-insensitive). The one place that
 * knows every concrete connector; everything else asks it by name.
 */
import { csvFormat } from "./file/csv-format.js";
import type { FileFormat } from "./file/file-format.js";
import { jsonFormat } from "./file/json-format.js";
import { parquetFormat } from "./file/parquet-format.js";
import { textFormat } from "./file/text-format.js";

const FILE_FORMATS: readonly FileFormat[] = [csvFormat, jsonFormat, textFormat, parquetFormat];

/** The file format registered as `name` (case-insensitive), or undefined. */
export function lookupFileFormat(name: string): FileFormat | undefined {
  const n = name.toLowerCase();
  return FILE_FORMATS.find((f) => f.shortName === n);
}
