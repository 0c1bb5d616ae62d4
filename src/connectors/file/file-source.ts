/**
 * Resolving a file read (Spark's DataSource.resolveRelation for file formats): look the format
 * up, list the paths, discover partitions, take the user's schema or infer one, and build the
 * `FileRelation`. Used by `spark.read` (and by the streaming file source for its schema).
 *
 *     resolveFileRelation(format, paths, userSchema, options, ctx)
 *       format  ← registry (DATA_SOURCE_NOT_FOUND if unknown)
 *       listing ← listFiles(paths)                       (PATH_NOT_FOUND for a missing path)
 *       schema  ← userSchema minus partition columns, or format.inferSchema(files)
 *                 (UNABLE_TO_INFER_SCHEMA when nothing to infer from)
 *       check   ← no duplicate column names (COLUMN_ALREADY_EXISTS)
 */
import { TsparkError } from "../../common/errors.js";
import { asNullable, StructType } from "../../types/data-type.js";
import { lookupFileFormat } from "../builtin.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FormatContext } from "./file-format.js";
import { type ListingContext, listFiles } from "./file-index.js";
import { FileRelation } from "./file-relation.js";

/** Everything a file read needs from the session. */
export interface FileSourceContext extends FormatContext, ListingContext {}

/** The registered file format `name` or `DATA_SOURCE_NOT_FOUND`. */
export function fileFormatFor(name: string): FileFormat {
  const f = lookupFileFormat(name);
  if (!f) throw new TsparkError("DATA_SOURCE_NOT_FOUND", { messageParameters: { provider: name } });
  return f;
}

/** Spark's duplicate-name check on a schema (case-insensitive unless `caseSensitive`). */
export function checkColumnNameDuplication(schema: StructType, caseSensitive: boolean): void {
  const seen = new Set<string>();
  for (const f of schema.fields) {
    const k = caseSensitive ? f.name : f.name.toLowerCase();
    if (seen.has(k))
      throw new TsparkError("COLUMN_ALREADY_EXISTS", { messageParameters: { columnName: `\`${f.name}\`` } });
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
  const listing = listFiles(paths, options, ctx, userSchema);
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
