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
import type { BindContext } from "../../functions/function-definition.js";
import { bindCast } from "../../functions/core/cast.js";
import { STRING, StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FormatContext, OutputWriter, WriteJob } from "./file-format.js";
import { fileUrl } from "./file-input.js";
import { checkColumnNameDuplication } from "./file-source.js";
import { partitionDirectory } from "./partitioning.js";

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

// At most this many files open at once; the least recently used is closed (a later row for its
// directory opens the next `-c001` file), like Spark's concurrent output writers.
const MAX_OPEN_WRITERS = 64;

function bindContextOf(ctx: FormatContext, timeZone: string): BindContext {
  return {
    ansi: ctx.conf("spark.sql.ansi.enabled") !== "false",
    timeZone,
    conf: ctx.conf,
    randomSeed: () => 0,
    currentTimeMicros: 0,
  };
}

/** Validates partition columns and splits the schema into data and partition parts. */
export function planPartitionColumns(
  schema: StructType,
  partitionBy: readonly string[],
  caseSensitive: boolean,
): { dataSchema: StructType; dataIndexes: number[]; partitionIndexes: number[] } {
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

/** `maxRecordsPerFile` (option, else `spark.sql.files.maxRecordsPerFile`); 0 when unlimited (≤ 0). */
function maxRecordsPerFile(target: WriteTarget): number {
  const v = target.options.get("maxRecordsPerFile") ?? target.ctx.conf("spark.sql.files.maxRecordsPerFile");
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Whether a directory exists and holds anything. */
function exists(path: string): boolean {
  return existsSync(path);
}

interface OpenFile {
  writer: OutputWriter;
  rows: number;
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
  const { dataSchema, dataIndexes, partitionIndexes } = planPartitionColumns(
    schema,
    target.partitionBy,
    target.caseSensitive,
  );
  const job: WriteJob = format.prepareWrite(dataSchema, target.options, target.ctx);
  const jobId = randomUUID();
  const tempRoot = join(path, "_temporary", jobId);
  const partitionNames = partitionIndexes.map((i) => schema.fields[i]!.name);
  // Timestamp partition values are written in the `timeZone` option's zone, else the session's.
  const partitionZone = target.options.get("timeZone") ?? target.ctx.timeZone;
  const maxRecords = maxRecordsPerFile(target);
  const toText = partitionIndexes.map((i) => {
    const t = schema.fields[i]!.dataType;
    return t.kind === "string"
      ? (v: unknown) => v as string
      : (bindCast(t, STRING, "legacy", bindContextOf(target.ctx, partitionZone)) as (v: unknown) => string);
  });
  const open = new Map<string, OpenFile>();
  const counters = new Map<string, number>();
  const created: string[] = [];
  let numRows = 0;

  const writerFor = async (sparkPartition: number, dir: string): Promise<OpenFile> => {
    const key = `${sparkPartition}\u0000${dir}`;
    const found = open.get(key);
    if (found) {
      // Refresh its place in the LRU order.
      open.delete(key);
      open.set(key, found);
      return found;
    }
    if (open.size >= MAX_OPEN_WRITERS) {
      const [oldestKey, oldest] = open.entries().next().value as [string, OpenFile];
      open.delete(oldestKey);
      await oldest.writer.close();
    }
    const counter = counters.get(key) ?? 0;
    counters.set(key, counter + 1);
    const name = `part-${String(sparkPartition).padStart(5, "0")}-${jobId}-c${String(counter).padStart(3, "0")}${job.extension}`;
    const file = join(tempRoot, dir, name);
    await mkdir(dirname(file), { recursive: true });
    const writer = await format.createWriter(file, job, target.ctx);
    created.push(file);
    const entry = { writer, rows: 0 };
    open.set(key, entry);
    return entry;
  };

  // Writes rows to the open file of (p, dir), rolling over to the next file when
  // maxRecordsPerFile is reached.
  const writeRows = async (p: number, dir: string, columns: unknown[][], count: number) => {
    let start = 0;
    while (start < count) {
      let f = await writerFor(p, dir);
      if (maxRecords > 0 && f.rows >= maxRecords) {
        const key = `${p}\u0000${dir}`;
        open.delete(key);
        await f.writer.close();
        f = await writerFor(p, dir);
      }
      const take = maxRecords > 0 ? Math.min(count - start, maxRecords - f.rows) : count - start;
      const slice =
        start === 0 && take === count ? columns : columns.map((c) => c.slice(start, start + take));
      await f.writer.write({ numRows: take, columns: slice });
      f.rows += take;
      start += take;
    }
  };

  try {
    await mkdir(tempRoot, { recursive: true });
    if (partitionIndexes.length === 0) await writerFor(0, "");
    for await (const batch of batches) {
      if (batch.numRows === 0) continue;
      const p = batch.partitionId ?? 0;
      if (partitionIndexes.length === 0) {
        await writeRows(
          p,
          "",
          dataIndexes.map((i) => batch.columns[i]!),
          batch.numRows,
        );
      } else {
        // Group the batch's rows by partition directory, keeping their order.
        const groups = new Map<string, number[]>();
        for (let r = 0; r < batch.numRows; r++) {
          const values = partitionIndexes.map((c, k) => {
            const v = batch.columns[c]![r];
            return v === null || v === undefined ? null : toText[k]!(v);
          });
          const dir = partitionDirectory(partitionNames, values);
          let g = groups.get(dir);
          if (!g) groups.set(dir, (g = []));
          g.push(r);
        }
        for (const [dir, rows] of groups) {
          await writeRows(
            p,
            dir,
            dataIndexes.map((i) => rows.map((r) => batch.columns[i]![r])),
            rows.length,
          );
        }
      }
      numRows += batch.numRows;
      target.onProgress?.(numRows);
    }
    for (const f of open.values()) await f.writer.close();
    open.clear();
  } catch (e) {
    for (const f of open.values()) await f.writer.close().catch(() => undefined);
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
