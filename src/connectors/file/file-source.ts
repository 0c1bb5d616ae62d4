/**
 * Resolving a file read (Spark's DataSource.resolveRelation for file formats): look the format
 * up, list the paths, discover partitions, take the user's schema or infer one, and build the
 * `FileRelation`. Used by `spark.read` (and by the streaming file source for its schema).
 *
 *     resolveFileRelation(format, paths, userSchema, options, ctx)
 *       format  ← registry (DATA_SOURCE_NOT_FOUND if unknown)
 *       listing ← listFiles(paths)                       (PATH_NOT_FOUND for a missing path;
 *                 a file sink's output dir: its _spark_metadata log, see listInput)
 *       schema  ← userSchema minus partition columns, or format.inferSchema(files)
 *                 (UNABLE_TO_INFER_SCHEMA when nothing to infer from)
 *       check   ← partition values cast to the user schema's types (INVALID_PARTITION_COLUMN_CAST,
 *                 or NULL with spark.sql.sources.validatePartitionColumns=false)
 *       check   ← no duplicate column names (COLUMN_ALREADY_EXISTS)
 */
import { TsparkError } from "../../common/errors.js";
import { bindCast } from "../../functions/core/cast.js";
import { asNullable, STRING, StructType } from "../../types/data-type.js";
import { lookupFileFormat } from "../builtin.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FormatContext } from "./file-format.js";
import { type FileListing, type ListingContext, listFiles, listLoggedFiles } from "./file-index.js";
import { FileRelation } from "./file-relation.js";
import { readSinkOutputFiles, sinkMetadataRoot } from "./file-sink-log.js";

/** Everything a file read needs from the session. */
export interface FileSourceContext extends FormatContext, ListingContext {}

// Spark's backward-compatible provider names and format class names (DataSource.lookupDataSource).
const PROVIDER_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ["json", ["org.apache.spark.sql.json", "org.apache.spark.sql.execution.datasources.json"]],
      ["parquet", ["org.apache.spark.sql.parquet", "org.apache.spark.sql.execution.datasources.parquet"]],
      ["csv", ["com.databricks.spark.csv", "org.apache.spark.sql.execution.datasources.csv"]],
      ["text", ["org.apache.spark.sql.execution.datasources.text"]],
    ] as const
  ).flatMap(([format, packages]) =>
    packages.flatMap((pkg) => [
      [pkg, format],
      [`${pkg}.DefaultSource`, format],
    ]),
  ),
);
const FORMAT_CLASSES: Readonly<Record<string, string>> = {
  "org.apache.spark.sql.execution.datasources.json.JsonFileFormat": "json",
  "org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat": "parquet",
  "org.apache.spark.sql.execution.datasources.csv.CSVFileFormat": "csv",
  "org.apache.spark.sql.execution.datasources.text.TextFileFormat": "text",
};

/** The registered file format `name` (or a Spark provider/class name for it) or `DATA_SOURCE_NOT_FOUND`. */
export function fileFormatFor(name: string): FileFormat {
  const f = lookupFileFormat(PROVIDER_ALIASES[name] ?? FORMAT_CLASSES[name] ?? name);
  if (!f) throw new TsparkError("DATA_SOURCE_NOT_FOUND", { messageParameters: { provider: name } });
  return f;
}

/**
 * Spark's duplicate-name check on a schema (case-insensitive unless `caseSensitive`); the error
 * names the duplicate as compared (`aA`, `Aa` → `aa`).
 */
export function checkColumnNameDuplication(schema: StructType, caseSensitive: boolean): void {
  const seen = new Set<string>();
  for (const f of schema.fields) {
    const k = caseSensitive ? f.name : f.name.toLowerCase();
    if (seen.has(k))
      throw new TsparkError("COLUMN_ALREADY_EXISTS", { messageParameters: { columnName: `\`${k}\`` } });
    seen.add(k);
  }
}

/** Lists `paths` and fixes the relation's schema; see the module comment for the steps. */
export function resolveFileRelation(
  formatName: string,
  paths: readonly string[],
  userSchema: StructType | undefined,
  options: DataSourceOptions,
  ctx: FileSourceContext,
): FileRelation {
  const format = fileFormatFor(formatName);
  const listing = userSchema
    ? checkPartitionValues(listInput(paths, options, ctx, userSchema), userSchema, options, ctx)
    : listInput(paths, options, ctx);
  const norm = (n: string) => (ctx.caseSensitive ? n : n.toLowerCase());
  let dataSchema: StructType;
  if (userSchema) {
    // The user's partition columns go to the end (their types already fixed the partitioning).
    const part = new Set(listing.partitioning.schema.fields.map((f) => norm(f.name)));
    dataSchema = new StructType(userSchema.fields.filter((f) => !part.has(norm(f.name))));
  } else {
    const inferred = format.inferSchema(listing.files, options, ctx);
    if (!inferred)
      throw new TsparkError("UNABLE_TO_INFER_SCHEMA", { messageParameters: { format: format.displayName } });
    dataSchema = inferred;
  }
  const relation = new FileRelation(format, listing, asNullable(dataSchema), options, ctx, ctx.caseSensitive);
  checkColumnNameDuplication(relation.schema, ctx.caseSensitive);
  return relation;
}

/**
 * Lists the input: a streaming file sink's output directory read alone through its
 * `_spark_metadata` log (unless `spark.sql.streaming.fileStreamSink.ignoreMetadata`), anything
 * else through the file system.
 */
function listInput(
  paths: readonly string[],
  options: DataSourceOptions,
  ctx: FileSourceContext,
  userSchema?: StructType,
): FileListing {
  const ignore =
    ctx.conf("spark.sql.streaming.fileStreamSink.ignoreMetadata")?.trim().toLowerCase() === "true";
  const sinkRoot = sinkMetadataRoot(paths, ignore);
  return sinkRoot === undefined
    ? listFiles(paths, options, ctx, userSchema)
    : listLoggedFiles(sinkRoot, readSinkOutputFiles(sinkRoot, ctx.conf), options, ctx, userSchema);
}

/**
 * Spark's check of partition values against the types a user schema gives them: a value that does
 * not cast is `INVALID_PARTITION_COLUMN_CAST`, or NULL when
 * `spark.sql.sources.validatePartitionColumns` is false. Returns the listing with such values nulled.
 */
function checkPartitionValues(
  listing: FileListing,
  userSchema: StructType,
  options: DataSourceOptions,
  ctx: FileSourceContext,
): FileListing {
  const norm = (n: string) => (ctx.caseSensitive ? n : n.toLowerCase());
  const user = new Set(userSchema.fields.map((f) => norm(f.name)));
  const fields = listing.partitioning.schema.fields;
  const checked = fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => user.has(norm(f.name)) && f.dataType.kind !== "string");
  if (checked.length === 0) return listing;
  const validate = ctx.conf("spark.sql.sources.validatePartitionColumns") !== "false";
  const bind = {
    ansi: false,
    timeZone: options.get("timeZone") ?? ctx.timeZone,
    conf: ctx.conf,
    randomSeed: () => 0,
    currentTimeMicros: 0,
  };
  const casts = checked.map(({ f }) => bindCast(STRING, f.dataType, "try", bind));
  const valuesByFile = new Map<string, readonly (string | null)[]>();
  for (const [file, raw] of listing.partitioning.valuesByFile) {
    let values = raw;
    checked.forEach(({ f, i }, k) => {
      const v = values[i];
      if (v === null || v === undefined || casts[k]!(v) !== null) return;
      if (validate)
        throw new TsparkError("INVALID_PARTITION_COLUMN_CAST", {
          messageParameters: {
            value: `'${v}'`,
            dataType: `"${f.dataType.sql()}"`,
            columnName: `\`${f.name}\``,
          },
        });
      values = values.map((x, j) => (j === i ? null : x));
    });
    valuesByFile.set(file, values);
  }
  return { ...listing, partitioning: { ...listing.partitioning, valuesByFile } };
}
