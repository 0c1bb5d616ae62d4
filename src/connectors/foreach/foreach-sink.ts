/**
 * The `foreach` streaming sink (Spark's ForeachWriterTable with PySpark's `foreach` rules): gives
 * every row of a batch, as a user value (data/external.ts `toExternal`: an object keyed by column
 * name), to a user function or to a writer object with `open` / `process` / `close`.
 *
 * Per partition of the batch (a run of consecutive RecordBatches with the same `partitionId`,
 * 0 when unset), with the batch id as the epoch id:
 * 1. `open(partitionId, epochId)`; when absent the partition is processed. A falsy result skips
 *    the partition's rows (they are still pulled) — user code uses this to skip an epoch it has
 *    already written.
 * 2. `process(row)` for each row (a returned Promise is awaited before the next row).
 * 3. `close(error)` always once `open` returned, with `null` on success, the error `process`
 *    threw, or `_LEGACY_ERROR_TEMP_2256` (the task failed) when producing the rows failed.
 * An error from `process` is then raised as `FOREACH_USER_FUNCTION_ERROR` (a TsparkError passes
 * unchanged); an error from `open` is raised as it is, without `close`. A partition that recurs
 * after another one is opened and closed again: each run is its own "task".
 *
 * After the batch's first partition is closed the sink passes `faultPoint("during-sink-write")`:
 * some rows of the batch have reached the writer, the batch is not committed. A batch re-run after
 * a crash there reaches `open` again with the same epoch id, which is how a writer skips a
 * partition it already wrote (Spark's ForeachWriter contract).
 *
 * Unlike Spark, one writer object serves every partition (JavaScript objects are not copied per
 * task), so partitions are processed one after another, never interleaved.
 */
import { TsparkError } from "../../common/errors.js";
import { faultPoint } from "../../common/fault-points.js";
import { toExternal } from "../../data/external.js";
import { type RecordBatch, rowAt } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";
import type { OutputMode, SinkBatch, StreamSink } from "../api/stream-sink.js";
import { wrapUserFunctionError } from "./user-function-error.js";

/** A row as the foreach sink hands it over: column name → user value. */
export type ForeachRow = Record<string, unknown>;

/** PySpark's writer-object shape for `foreach`: `process` is required, `open` and `close` optional. */
export interface ForeachWriter {
  open?(partitionId: number, epochId: number): boolean | Promise<boolean>;
  process(row: ForeachRow): unknown;
  close?(error: unknown): unknown;
}

/** What `foreach` accepts: a per-row function or a writer object. */
export type ForeachTarget = ((row: ForeachRow) => unknown) | ForeachWriter;

/**
 * Feeds every row to `target`. Contract: see the file comment; the constructor raises
 * `ATTRIBUTE_NOT_CALLABLE` (as PySpark's `foreach`) for an object whose `process` is not a
 * function or whose `open` / `close` is present but not a function.
 */
export class ForeachSink implements StreamSink {
  /** Spark's name for the table. */
  readonly description = "ForeachSink";
  /** foreach accepts Append, Update and Complete. */
  readonly supportedOutputModes: readonly OutputMode[] = ["append", "update", "complete"];
  private readonly writer: ForeachWriter;

  constructor(target: ForeachTarget) {
    this.writer = typeof target === "function" ? { process: target } : checkWriter(target);
  }

  async addBatch(batchId: number, data: SinkBatch): Promise<void> {
    const it = data.rows[Symbol.asyncIterator]();
    let next = await it.next();
    let first = true;
    while (!next.done) {
      next = await this.writePartition(it, next.value, batchId, data.schema);
      if (first) faultPoint("during-sink-write");
      first = false;
    }
  }

  /**
   * Runs open/process/close for the partition starting with `first`; returns the first batch of
   * the next partition (or the end of the stream).
   */
  private async writePartition(
    it: AsyncIterator<RecordBatch>,
    first: RecordBatch,
    epochId: number,
    schema: StructType,
  ): Promise<IteratorResult<RecordBatch>> {
    const w = this.writer;
    const partitionId = first.partitionId ?? 0;
    const opened = w.open === undefined ? true : Boolean(await w.open(partitionId, epochId));
    let failure: { readonly error: unknown; readonly inProcess: boolean } | undefined;
    let next: IteratorResult<RecordBatch> = { done: false, value: first };
    while (failure === undefined && !next.done && (next.value.partitionId ?? 0) === partitionId) {
      if (opened) failure = await processRows(w, next.value, schema);
      if (failure !== undefined) break;
      try {
        next = await it.next();
      } catch (e) {
        failure = { error: e, inProcess: false };
      }
    }
    if (w.close !== undefined) {
      const closeWith =
        failure === undefined
          ? null
          : failure.inProcess
            ? failure.error
            : new TsparkError("_LEGACY_ERROR_TEMP_2256", { cause: failure.error });
      try {
        await w.close(closeWith);
      } catch (e) {
        // The first failure is the one to report; close's own error only when all else went well.
        if (failure === undefined) throw e;
      }
    }
    if (failure !== undefined) {
      throw failure.inProcess
        ? wrapUserFunctionError("FOREACH_USER_FUNCTION_ERROR", failure.error)
        : failure.error;
    }
    return next;
  }
}

/** Calls `process` for each row of `b`; returns the error it threw, if any. */
async function processRows(
  w: ForeachWriter,
  b: RecordBatch,
  schema: StructType,
): Promise<{ readonly error: unknown; readonly inProcess: boolean } | undefined> {
  for (let r = 0; r < b.numRows; r++) {
    const row = toExternal(rowAt(b, r), schema) as ForeachRow;
    try {
      const done = w.process(row);
      if (isThenable(done)) await done;
    } catch (e) {
      return { error: e, inProcess: true };
    }
  }
  return undefined;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/** PySpark's checks on a writer object: `process` must be a function, `open`/`close` too if present. */
function checkWriter(target: ForeachWriter): ForeachWriter {
  const o = target as unknown as Record<string, unknown>;
  const notCallable = (attr: string): TsparkError =>
    new TsparkError("ATTRIBUTE_NOT_CALLABLE", { messageParameters: { attr_name: attr, obj_name: "f" } });
  if (typeof o.process !== "function") throw notCallable("process");
  for (const attr of ["open", "close"]) {
    if (o[attr] !== undefined && typeof o[attr] !== "function") throw notCallable(attr);
  }
  return target;
}
