/**
 * The file write job (Spark's FileFormatWriter with the default commit protocol): a DataFrame's
 * batches are written through a `FileFormat` into a hidden temporary directory, then committed
 * into place, so readers never see a partial write.
 *
 *     writeFiles(batches, schema, target)
 *       check mode vs target  (errorifexists: PATH_ALREADY_EXISTS; ignore: stop if it exists)
 *       check partitionBy     (COLUMN_NOT_FOUND, ALL_PARTITION_COLUMNS_NOT_ALLOWED)
 *       job ← format.prepareWrite(dataSchema)           (type/option errors before any file)
 *       for each batch of Spark partition p:
 *         rows → writer of (p, partition directory)     under <path>/_temporary/<jobId>/
 *       close writers; partition 0 always has a file (Spark keeps the schema of an empty write)
 *       commit: overwrite → delete old contents; move files into place; delete _temporary;
 *               write _SUCCESS
 *       on any failure: delete _temporary/<jobId>, raise TASK_WRITE_FAILED (cause kept)
 *
 * Layout, as Spark's: `<path>/[a=1/b=x/]part-00000-<jobId>-c000<ext>` plus `_SUCCESS`. With
 * `maxRecordsPerFile` (option, or `spark.sql.files.maxRecordsPerFile`; ≤ 0 is unlimited) a file
 * that is full is closed and the next rows go to `-c001`, `-c002`…; timestamp partition values are
 * formatted in the `timeZone` option's zone, else the session's.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { TsparkError } from "../../common/errors.js";
import type { RecordBatch } from "../../data/record-batch.js";
import { StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FormatContext, WriteJob } from "./file-format.js";
import { fileUrl } from "./file-input.js";
import { checkColumnNameDuplication } from "./file-source.js";
import { type PartitionColumnPlan, writePartFiles } from "./part-file-writer.js";

/** Spark's SaveMode, by the names `DataFrameWriter.mode` accepts. */
export type SaveMode = "errorifexists" | "append" | "overwrite" | "ignore";

/** Where and how to write. */
export interface WriteTarget {
  readonly format: FileFormat;
  /** Absolute output directory. */
  readonly path: string;
  readonly mode: SaveMode;
  readonly partitionBy: readonly string[];
  readonly options: DataSourceOptions;
  readonly ctx: FormatContext;
  readonly caseSensitive: boolean;
  /** Called after each batch with the rows written so far (progress reporting). */
  readonly onProgress?: (rowsWritten: number) => void;
}

/** What a finished write produced. */
export interface WriteResult {
  /** False when `ignore` mode found the target existing and wrote nothing. */
  readonly written: boolean;
  readonly numRows: number;
  /** Committed files, relative to the target path. */
  readonly files: readonly string[];
}

/** Validates partition columns and splits the schema into data and partition parts. */
export function planPartitionColumns(
  schema: StructType,
  partitionBy: readonly string[],
  caseSensitive: boolean,
): PartitionColumnPlan & { readonly dataSchema: StructType } {
  const norm = (n: string) => (caseSensitive ? n : n.toLowerCase());
  const seen = new Set<string>();
  for (const c of partitionBy) {
    if (seen.has(norm(c)))
      throw new TsparkError("COLUMN_ALREADY_EXISTS", { messageParameters: { columnName: `\`${c}\`` } });
    seen.add(norm(c));
  }
  const partitionIndexes = partitionBy.map((c) => {
    const i = schema.fields.findIndex((f) => norm(f.name) === norm(c));
    if (i < 0)
      throw new TsparkError("COLUMN_NOT_FOUND", {
        messageParameters: { colName: `\`${c}\``, caseSensitiveConfig: '"spark.sql.caseSensitive"' },
      });
    const t = schema.fields[i]!.dataType;
    if (t.kind === "array" || t.kind === "map" || t.kind === "struct")
      throw new TsparkError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", {
        messageParameters: {
          format: "partition column",
          columnName: `\`${schema.fields[i]!.name}\``,
          columnType: `"${t.sql()}"`,
        },
      });
    return i;
  });
  if (partitionIndexes.length > 0 && partitionIndexes.length === schema.fields.length)
    throw new TsparkError("ALL_PARTITION_COLUMNS_NOT_ALLOWED", { messageParameters: {} });
  const dataIndexes = schema.fields.map((_, i) => i).filter((i) => !partitionIndexes.includes(i));
  return {
    dataSchema: new StructType(dataIndexes.map((i) => schema.fields[i]!)),
    dataIndexes,
    partitionIndexes,
  };
}

/** Whether a directory exists and holds anything. */
function exists(path: string): boolean {
  return existsSync(path);
}

/**
 * Writes `batches` (columns = `schema`) to `target`; see the module comment for the protocol.
 * Resolves once the files are committed.
 */
export async function writeFiles(
  batches: AsyncIterable<RecordBatch>,
  schema: StructType,
  target: WriteTarget,
): Promise<WriteResult> {
  const { format, path, mode } = target;
  if (exists(path)) {
    if (mode === "errorifexists")
      throw new TsparkError("PATH_ALREADY_EXISTS", { messageParameters: { outputPath: fileUrl(path) } });
    if (mode === "ignore") return { written: false, numRows: 0, files: [] };
  }
  checkColumnNameDuplication(schema, target.caseSensitive);
  // A plain file where the output directory goes cannot hold the job's temporary directory:
  // overwrite removes it first (Spark deletes the whole output path before writing).
  if (mode === "overwrite" && exists(path) && !statSync(path).isDirectory()) await rm(path, { force: true });
  const columns = planPartitionColumns(schema, target.partitionBy, target.caseSensitive);
  const job: WriteJob = format.prepareWrite(columns.dataSchema, target.options, target.ctx);
  const jobId = randomUUID();
  const tempRoot = join(path, "_temporary", jobId);
  const created: string[] = [];
  let numRows: number;
  try {
    await mkdir(tempRoot, { recursive: true });
    numRows = await writePartFiles(
      batches,
      schema,
      columns,
      {
        format,
        job,
        options: target.options,
        ctx: target.ctx,
        directory: tempRoot,
        fileId: () => jobId,
        ...(target.onProgress ? { onProgress: target.onProgress } : {}),
      },
      created,
    );
  } catch (e) {
    await rm(tempRoot, { recursive: true, force: true }).catch(() => undefined);
    await removeIfEmpty(join(path, "_temporary"));
    if (e instanceof TsparkError && e.errorClass === "TASK_WRITE_FAILED") throw e;
    throw new TsparkError("TASK_WRITE_FAILED", { messageParameters: { path: fileUrl(path) }, cause: e });
  }
  const files = await commitJob(path, tempRoot, created, mode === "overwrite");
  return { written: true, numRows, files };
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rm(dir, { recursive: true, force: true });
  } catch {
    // Already gone.
  }
}

/**
 * Moves the job's files into place. Overwrite removes the old contents first (everything but
 * other jobs' `_temporary` entries), so the directory never mixes old and new data.
 */
async function commitJob(
  path: string,
  tempRoot: string,
  files: readonly string[],
  overwrite: boolean,
): Promise<string[]> {
  if (overwrite) {
    for (const name of readdirSync(path)) {
      if (name === "_temporary") continue;
      await rm(join(path, name), { recursive: true, force: true });
    }
  }
  const committed: string[] = [];
  for (const f of files) {
    const rel = relative(tempRoot, f);
    const dest = join(path, rel);
    await mkdir(dirname(dest), { recursive: true });
    await rename(f, dest);
    committed.push(rel);
  }
  await rm(tempRoot, { recursive: true, force: true });
  await removeIfEmpty(join(path, "_temporary"));
  await writeFile(join(path, "_SUCCESS"), "");
  await stat(path);
  return committed.sort();
}
