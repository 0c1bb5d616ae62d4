/**
 * MemoryStream: Spark's test source whose rows the test adds by hand (`addData`). Each `addData`
 * call is one offset: the first call returns `"0"`, the next `"1"`… (Spark's LongOffset JSON);
 * `getBatch(start, end)` returns exactly the rows of the calls in (start, end], each call's rows
 * as one partition (or dealt round-robin over `numPartitions`). Rows stay until `commit(end)`
 * discards the calls up to `end`, so a query restarted while the object lives replays an
 * uncommitted batch exactly.
 *
 * Rows are given as users give them to `createDataFrame` (data/external.ts): an object keyed by
 * field name, an array by position, or a bare value for a one-column schema.
 *
 *     const input = new MemoryStream("a INT, b STRING");
 *     input.addData({ a: 1, b: "x" }, [2, "y"]);   // → "0"
 *     new MemoryStream("value INT").addData(1, 2, 3);
 */
import { TsparkError } from "../../common/errors.js";
import { fromExternal } from "../../data/external.js";
import type { RecordBatch } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";
import { parseSchema } from "../../types/ddl.js";
import type { ReadLimit, SourceOffset, StreamSource } from "../api/stream-source.js";
import { type MemoryStreamOptions, parseMemoryStreamOptions } from "./options.js";

let nextId = 0;

function parseOffset(offset: SourceOffset): number {
  const t = offset.trim();
  if (!/^-?[0-9]+$/.test(t))
    throw new TsparkError("INTERNAL_ERROR", {
      messageParameters: {
        message: `The memory stream cannot read the offset ${offset}: expected a number.`,
      },
    });
  return Number(t);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A streaming source fed by the test through `addData` (Spark's MemoryStream). */
export class MemoryStream implements StreamSource {
  readonly schema: StructType;
  readonly description: string;
  /** Spark's per-JVM memory stream id (names the stream in plans). */
  readonly id: number;
  private readonly numPartitions: number | undefined;
  /** The rows of every addData call after lastOffsetCommitted, as internal rows. */
  private batches: unknown[][][] = [];
  private currentOffset = -1;
  private lastOffsetCommitted = -1;
  private availableNowEnd: number | undefined;

  constructor(schema: StructType | string, options: MemoryStreamOptions = {}) {
    this.schema = typeof schema === "string" ? parseSchema(schema) : schema;
    this.numPartitions = parseMemoryStreamOptions(options).numPartitions;
    this.id = nextId++;
    this.description = `MemoryStream[${this.schema.fields.map((f) => f.name).join(",")}]`;
  }

  /** Adds one batch of rows (validated against the schema) and returns its offset. */
  addData(...rows: unknown[]): SourceOffset {
    const converted = rows.map((row, i) => this.toRow(row, i));
    this.batches.push(converted);
    this.currentOffset++;
    return String(this.currentOffset);
  }

  private toRow(row: unknown, index: number): unknown[] {
    const fields = this.schema.fields;
    const only = fields.length === 1 ? fields[0] : undefined;
    const bare =
      only !== undefined &&
      ((Array.isArray(row) && only.dataType.kind === "array") ||
        (isPlainObject(row) && !(only.name in row)) ||
        (!Array.isArray(row) && !isPlainObject(row)));
    if (bare) return [fromExternal(row, only.dataType, `row ${index}.${only.name}`, only.nullable)];
    if (!Array.isArray(row) && !isPlainObject(row))
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `row ${index}: a single value needs a schema with one column, got ${fields.length}`,
        },
      });
    return fromExternal(row, this.schema, `row ${index}`, false) as unknown[];
  }

  /** Drops every row and offset (Spark's reset). */
  reset(): void {
    this.batches = [];
    this.currentOffset = -1;
    this.lastOffsetCommitted = -1;
    this.availableNowEnd = undefined;
  }

  /** Trigger.AvailableNow: rows added after this call wait for the next run. */
  prepareForTriggerAvailableNow(): void {
    this.availableNowEnd = this.currentOffset;
  }

  defaultReadLimit(): ReadLimit {
    return { kind: "all" };
  }

  /** The offset of the last addData call; undefined before the first. */
  async latestOffset(_start: SourceOffset | undefined, _limit: ReadLimit): Promise<SourceOffset | undefined> {
    const latest = this.availableNowEnd ?? this.currentOffset;
    return latest < 0 ? undefined : String(latest);
  }

  async *getBatch(
    start: SourceOffset | undefined,
    end: SourceOffset,
    signal?: AbortSignal,
  ): AsyncIterable<RecordBatch> {
    const startOrdinal = (start === undefined ? -1 : parseOffset(start)) + 1;
    const endOrdinal = parseOffset(end) + 1;
    const sliceStart = startOrdinal - this.lastOffsetCommitted - 1;
    const sliceEnd = endOrdinal - this.lastOffsetCommitted - 1;
    // As Spark's MemoryStream (a Scala slice clamps): offsets already committed by an earlier
    // query are gone, so a new query reading from the start gets what is still buffered.
    const blocks = this.batches.slice(Math.max(0, sliceStart), Math.max(0, sliceEnd));
    const width = this.schema.fields.length;
    const toBatch = (rows: unknown[][], partitionId: number): RecordBatch => ({
      numRows: rows.length,
      columns: Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? null)),
      partitionId,
    });
    if (this.numPartitions === undefined) {
      for (let p = 0; p < blocks.length; p++) {
        signal?.throwIfAborted();
        const block = blocks[p] as unknown[][];
        if (block.length > 0) yield toBatch(block, p);
      }
      return;
    }
    const all = blocks.flat();
    for (let p = 0; p < this.numPartitions; p++) {
      signal?.throwIfAborted();
      const rows = all.filter((_, i) => i % (this.numPartitions as number) === p);
      if (rows.length > 0) yield toBatch(rows, p);
    }
  }

  /** Discards the calls up to `end`; INTERNAL_ERROR when offsets are committed out of order. */
  async commit(end: SourceOffset): Promise<void> {
    const offset = parseOffset(end);
    const diff = offset - this.lastOffsetCommitted;
    if (diff < 0)
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: {
          message: `Offsets committed out of order: ${this.lastOffsetCommitted} followed by ${end}`,
        },
      });
    this.batches.splice(0, diff);
    this.lastOffsetCommitted = offset;
  }

  async stop(): Promise<void> {}
}
