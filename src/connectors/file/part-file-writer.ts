/**
 * The task side of every file write (Spark's FileFormatDataWriter with dynamic partitions): rows
 * go into part files under one directory, shared by the batch write job (file-writer.ts, into its
 * `_temporary` directory) and the streaming file sink (file-stream-sink.ts, straight into place).
 *
 *     for each batch of Spark partition p (empty batches skipped):
 *       unpartitioned: all rows → the open file of (p, "")
 *       partitioned:   rows grouped by their directory `a=1/b=x` (first-seen order, rows in order)
 *                      → the open file of (p, dir)
 *     a file of (p, dir) is  <directory>/<dir>/part-<p:05>-<fileId()>-c<n:03><ext>
 *       n counts the files of (p, dir): a full file (maxRecordsPerFile) or one closed to keep at
 *       most 64 open (least recently used first) is followed by the next n
 *     unpartitioned: the file of (0, "") exists even without rows (it keeps the schema)
 *
 * Commit and clean-up are the caller's: it learns every file as it is created.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { RecordBatch } from "../../data/record-batch.js";
import type { BindContext } from "../../functions/function-definition.js";
import { bindCast } from "../../functions/core/cast.js";
import { STRING, type StructType } from "../../types/data-type.js";
import type { DataSourceOptions } from "./data-source-options.js";
import type { FileFormat, FormatContext, OutputWriter, WriteJob } from "./file-format.js";
import { partitionDirectory } from "./partitioning.js";

// At most this many files open at once; the least recently used is closed (a later row for its
// directory opens the next `-c001` file), like Spark's concurrent output writers.
const MAX_OPEN_WRITERS = 64;

/** Which columns of the rows are written into the files and which name their directory. */
export interface PartitionColumnPlan {
  readonly dataIndexes: readonly number[];
  readonly partitionIndexes: readonly number[];
}

/** Where and how part files are written. */
export interface PartFileTarget {
  readonly format: FileFormat;
  /** The job `format.prepareWrite` returned for the data columns. */
  readonly job: WriteJob;
  readonly options: DataSourceOptions;
  readonly ctx: FormatContext;
  /** The directory the partition directories and files go under. */
  readonly directory: string;
  /** The id in a new file's name: the job's id, or a fresh UUID per file. */
  readonly fileId: () => string;
  /** Called after each non-empty batch with the rows written so far. */
  readonly onProgress?: (rowsWritten: number) => void;
}

interface OpenFile {
  writer: OutputWriter;
  rows: number;
}

/**
 * Writes `batches` (columns = `schema`) as part files; see the module comment for the layout.
 * Every file's path is pushed onto `created` before it is opened, so on failure the caller knows
 * what to delete; the open files are then closed (their errors ignored) and the error is rethrown.
 * Resolves, with the number of rows written, once every file is closed.
 */
export async function writePartFiles(
  batches: AsyncIterable<RecordBatch>,
  schema: StructType,
  columns: PartitionColumnPlan,
  target: PartFileTarget,
  created: string[],
): Promise<number> {
  const { format, job, ctx } = target;
  const { dataIndexes, partitionIndexes } = columns;
  const partitionNames = partitionIndexes.map((i) => schema.fields[i]!.name);
  const toText = partitionValueWriters(schema, partitionIndexes, target.options, ctx);
  const maxRecords = maxRecordsPerFile(target.options, ctx);
  const open = new Map<string, OpenFile>();
  const counters = new Map<string, number>();
  let numRows = 0;

  const writerFor = async (p: number, dir: string): Promise<OpenFile> => {
    const key = `${p}\u0000${dir}`;
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
    const name = `part-${String(p).padStart(5, "0")}-${target.fileId()}-c${String(counter).padStart(3, "0")}${job.extension}`;
    const file = join(target.directory, dir, name);
    await mkdir(dirname(file), { recursive: true });
    created.push(file);
    const entry = { writer: await format.createWriter(file, job, ctx), rows: 0 };
    open.set(key, entry);
    return entry;
  };

  // Writes rows to the open file of (p, dir), rolling over to the next file when
  // maxRecordsPerFile is reached.
  const writeRows = async (p: number, dir: string, cols: unknown[][], count: number) => {
    let start = 0;
    while (start < count) {
      let f = await writerFor(p, dir);
      if (maxRecords > 0 && f.rows >= maxRecords) {
        open.delete(`${p}\u0000${dir}`);
        await f.writer.close();
        f = await writerFor(p, dir);
      }
      const take = maxRecords > 0 ? Math.min(count - start, maxRecords - f.rows) : count - start;
      const slice = start === 0 && take === count ? cols : cols.map((c) => c.slice(start, start + take));
      await f.writer.write({ numRows: take, columns: slice });
      f.rows += take;
      start += take;
    }
  };

  try {
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
    return numRows;
  } catch (e) {
    for (const f of open.values()) await f.writer.close().catch(() => undefined);
    throw e;
  }
}

/** Converters of partition values to their directory text (timestamps in the `timeZone` option's zone, else the session's). */
function partitionValueWriters(
  schema: StructType,
  partitionIndexes: readonly number[],
  options: DataSourceOptions,
  ctx: FormatContext,
): ((v: unknown) => string)[] {
  const bind: BindContext = {
    ansi: ctx.conf("spark.sql.ansi.enabled") !== "false",
    timeZone: options.get("timeZone") ?? ctx.timeZone,
    conf: ctx.conf,
    randomSeed: () => 0,
    currentTimeMicros: 0,
  };
  return partitionIndexes.map((i) => {
    const t = schema.fields[i]!.dataType;
    return t.kind === "string"
      ? (v: unknown) => v as string
      : (bindCast(t, STRING, "legacy", bind) as (v: unknown) => string);
  });
}

/** `maxRecordsPerFile` (option, else `spark.sql.files.maxRecordsPerFile`); 0 when unlimited (≤ 0). */
function maxRecordsPerFile(options: DataSourceOptions, ctx: FormatContext): number {
  const v = options.get("maxRecordsPerFile") ?? ctx.conf("spark.sql.files.maxRecordsPerFile");
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
