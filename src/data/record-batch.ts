/**
 * RecordBatch: a slice of rows stored by column. Column `c` holds the internal values
 * (data/values.ts) of every row, `null` for SQL NULL. The schema travels with the operator that
 * produced the batch, not with the batch.
 *
 * A batch and its column arrays are immutable once produced: operators never write into a
 * column they received, so a column may be passed through to an output batch unchanged (a
 * projection that keeps an input column shares its array).
 */
export interface RecordBatch {
  readonly numRows: number;
  readonly columns: readonly unknown[][];
  /**
   * The Spark partition these rows belong to, for partition-sensitive semantics
   * (monotonically_increasing_id, rand seeds, partial aggregation order). Sources tag their
   * batches; narrow operators keep the tag; operators that would follow a shuffle in Spark drop it.
   * Undefined means partition 0.
   */
  readonly partitionId?: number;
}

/** Spark's ParallelCollectionRDD slicing: slice i holds rows [i*n/p, (i+1)*n/p). */
export function sliceBounds(n: number, slices: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < slices; i++)
    out.push([Math.floor((i * n) / slices), Math.floor(((i + 1) * n) / slices)]);
  return out;
}

/** Rows per batch produced by scans and operators that re-chunk. */
export const DEFAULT_BATCH_SIZE = 4096;

/** A batch from row arrays. */
export function batchFromRows(rows: readonly (readonly unknown[])[], width: number): RecordBatch {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) {
      const v = row[c];
      columns[c]![r] = v === undefined ? null : v;
    }
  }
  return { numRows: rows.length, columns };
}

/** Row `r` of a batch as an array. */
export function rowAt(batch: RecordBatch, r: number): unknown[] {
  const out = new Array<unknown>(batch.columns.length);
  for (let c = 0; c < batch.columns.length; c++) out[c] = batch.columns[c]![r];
  return out;
}

/** All rows of a batch as arrays. */
export function batchToRows(batch: RecordBatch): unknown[][] {
  const rows: unknown[][] = new Array(batch.numRows);
  for (let r = 0; r < batch.numRows; r++) rows[r] = rowAt(batch, r);
  return rows;
}

/** Concatenates batches of the same width into one. */
export function concatBatches(batches: readonly RecordBatch[], width: number): RecordBatch {
  if (batches.length === 1) return batches[0]!;
  const columns: unknown[][] = Array.from({ length: width }, () => []);
  let n = 0;
  for (const b of batches) {
    for (let c = 0; c < width; c++) {
      const dst = columns[c]!;
      const src = b.columns[c]!;
      for (let r = 0; r < b.numRows; r++) dst.push(src[r]);
    }
    n += b.numRows;
  }
  return { numRows: n, columns };
}

/** Rows [start, end) of a batch. */
export function sliceBatch(batch: RecordBatch, start: number, end: number): RecordBatch {
  return { numRows: end - start, columns: batch.columns.map((c) => c.slice(start, end)) };
}
