/**
 * StateStoreSaveExec (Spark's): stores this batch's merged aggregation buffers `[keys…, buffers…]`
 * under their keys and emits, by output mode:
 * - Complete: every key in the state (the whole result table), one row each;
 * - Update: the keys updated by this batch;
 * - Append: the keys whose event time (a window's end) is at or below the batch's eviction
 *   watermark, removing them (without a watermarked key the UnsupportedOperationChecker rejects
 *   Append before a query runs).
 * With a watermarked key (watermark-support.ts), Append and Update first drop the merged rows of
 * keys at or below the late-events watermark (counted in numRowsDroppedByWatermark, after partial
 * aggregation as in Spark), and Update removes the expired keys after emitting the updated ones.
 * Complete mode neither drops nor evicts. With tspark's `lateRows` on the key, the raw input rows
 * are dropped below the partial aggregate instead (LateRowsFilterExec calls `dropLateInput`), so
 * the view gets input rows and numRowsDroppedByWatermark counts them; the results are the same.
 * The final HashAggregate above turns the buffers into results. Progress name `stateStoreSave`.
 *
 * Fused execution: the planner hands the operator the partial aggregate below its chain
 * (PartialMerge → StateStoreRestore → PartialMerge, shown in explain as Spark shows them) and the
 * aggregate calls; `execute` then does what that chain does in one pass — per key, this batch's
 * partial buffers merged into fresh ones (B), then fresh ⊕ stored ⊕ B, the same merges in the
 * same order, so the same bits — with one hash lookup per input row and one state lookup per key.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AggregateCall, AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { internalError } from "../../common/errors.js";
import { drain, type ExecNode, type TaskContext } from "../../physical/exec-node.js";
import { stateKeyAt } from "../state/state-key.js";
import { cloneStateValue } from "../state/state-value.js";
import type { StructType } from "../../types/data-type.js";
import { aggregationStateValueSchema, attributesSchema } from "./aggregation-state-schema.js";
import { type StateRun, StateStoreWriter } from "./state-store-writer.js";
import { atOrBelowWatermark, type EventTimeColumn, findEventTimeColumn } from "./watermark-support.js";
import { type StateInfo, statePartitionerOf } from "./stateful-operator.js";
import type { StatePartitioner } from "../state/state-partitioner.js";

export class StateStoreSaveExec extends StateStoreWriter {
  readonly nodeName = "StateStoreSave";
  readonly operatorName = "stateStoreSave";
  /** The grouping attributes (Spark's key schema; empty for a global aggregate). */
  readonly stateKeySchema: StructType;
  /** The aggregation buffers of the calls (Spark's state format 2 value). */
  readonly stateValueSchema: StructType;
  /** The watermarked grouping key (a timestamp or window), if any. */
  private readonly eventTime: EventTimeColumn | undefined;

  /**
   * @param keys the grouping attributes (the first columns of the child's output; none for a global aggregate)
   * @param aggregates the aggregate calls whose buffers follow the keys
   * @param fused when given, the partial aggregate below the merge/restore/merge chain: execute
   *   runs the chain itself (see the file header)
   */
  constructor(
    child: ExecNode,
    private readonly keys: readonly AttributeReference[],
    aggregates: readonly AggregateCall[],
    info: StateInfo,
    private readonly fused?: { readonly partial: ExecNode; readonly aggregates: readonly AggregateCall[] },
  ) {
    super(child, info, keys.length > 0);
    this.eventTime = findEventTimeColumn(keys, info.allowMultipleEventTimeColumns);
    // The late rows are the raw input of the partial aggregate (LateRowsFilterExec).
    const input = fused ? fused.partial.children[0]?.output : undefined;
    this.routeLateRows(this.eventTime ? keys[this.eventTime.ordinal] : undefined, input ?? rawInputOf(child));
    this.stateKeySchema = attributesSchema(keys);
    this.stateValueSchema = aggregationStateValueSchema(aggregates);
  }

  /** One output row per key. */
  get uniqueKeyColumns(): number | undefined {
    return this.keys.length > 0 ? this.keys.length : undefined;
  }

  describe(): string {
    // Spark's fields: keys, state info, output mode, the two event-time watermarks, state format.
    const { watermarkForLateEventsMs: late, watermarkForEvictionMs: evict } = this.info;
    return `StateStoreSave [${this.keys.map(explainSql).join(", ")}], ${this.stateInfoString()}, ${this.outputModeName()}, ${late}, ${evict}, 2`;
  }

  /** Spark's: Append and Update act on a newer watermark (emit or evict). */
  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return this.info.outputMode !== "complete" && newWatermarkMs > this.info.watermarkForEvictionMs;
  }

  /**
   * For the LateRowsFilterExec below (late rows routed to a view): the late test on the raw input
   * rows' key value, the same as the merged rows' (undefined when nothing can be late).
   */
  lateInputTest(): ((keyValue: unknown) => boolean) | undefined {
    return this.routesLateRows ? this.lateKeyTest() : undefined;
  }

  /** For the LateRowsFilterExec below: drops raw input row `r` as late (counted, kept for the view). */
  dropLateInput(columns: readonly (readonly unknown[])[], r: number): void {
    const run = this.currentRun;
    if (!run) throw internalError("LateRowsFilter ran before its StateStoreSave opened its stores");
    this.recordLateRow(run, columns, r);
  }

  /** Whether the key values `keys` (a row's key columns) are late for this batch. */
  /** The partitioner of the grouping keys over `parts` stores. */
  private keyPartitioner(parts: number): StatePartitioner {
    return statePartitionerOf(
      this.info,
      this.keys.map((k) => k.dataType),
      parts,
    );
  }

  private lateKeyTest(): ((keyValue: unknown) => boolean) | undefined {
    const et = this.eventTime;
    if (!et || this.info.outputMode === "complete") return undefined;
    const wm = this.info.watermarkForLateEventsMs;
    return (v) => atOrBelowWatermark(et.micros(v), wm);
  }

  /**
   * Removes the keys at or below the eviction watermark from every store; returns their rows
   * (`[keys…, buffers…]`) when `emit` (Append), else none.
   */
  private evict(run: StateRun, emit: boolean): RecordBatch | undefined {
    const et = this.eventTime;
    if (!et || this.info.outputMode === "complete") return undefined;
    const start = this.now();
    const wm = this.info.watermarkForEvictionMs;
    const nKeys = this.keys.length;
    const width = this.child.output.length;
    const columns: unknown[][] = Array.from({ length: width }, () => []);
    let n = 0;
    for (const store of run.stores) {
      const expired: (readonly unknown[])[] = [];
      store.forEachEntry((key, value) => {
        if (!atOrBelowWatermark(et.micros(key[et.ordinal]), wm)) return;
        expired.push(key);
        if (!emit) return;
        for (let c = 0; c < nKeys; c++) columns[c]!.push(key[c]);
        const v = value as readonly unknown[];
        for (let c = nKeys; c < width; c++) {
          const x = v[c - nKeys];
          columns[c]!.push(x === null || typeof x !== "object" ? x : cloneStateValue(x));
        }
        n++;
      });
      for (const key of expired) store.remove(key);
      run.removed += expired.length;
    }
    run.removalsMs += Math.max(0, this.now() - start);
    return n > 0 ? { numRows: n, columns } : undefined;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const run = await this.openStores();
    const start = this.now();
    const late = this.lateKeyTest();
    const updated = this.fused
      ? await this.mergeAndSave(ctx, run, this.fused.partial, this.fused.aggregates, late)
      : await this.save(ctx, run, late);
    for (const b of updated) run.updated += b.numRows;
    run.updatesMs = Math.max(0, this.now() - start);
    const mode = this.info.outputMode;
    const nKeys = this.keys.length;
    const width = this.child.output.length;
    // The rows of every state partition leave as one batch, in partition order: the final
    // aggregate above projects without partition-sensitive state (its batches are untagged), and
    // one batch instead of one per partition saves an async step per partition through every
    // operator above (200 by default).
    if (mode === "append") {
      const closed = this.evict(run, true);
      if (closed) yield closed;
    } else if (mode === "update") {
      const rows = updated.filter((b) => b.numRows > 0);
      // The updated keys leave before the expired ones are removed (an updated key may be both).
      const out = rows.length === 1 ? rows[0]! : rows.length > 1 ? concatBatches(rows, width) : undefined;
      this.evict(run, false);
      if (out) yield out;
    } else if (mode === "complete") {
      let total = 0;
      for (const store of run.stores) total += store.numKeys();
      if (total === 0) return;
      const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(total));
      let i = 0;
      const copy = (key: readonly unknown[], value: unknown): void => {
        for (let c = 0; c < nKeys; c++) columns[c]![i] = key[c];
        const v = value as readonly unknown[];
        for (let c = nKeys; c < width; c++) {
          const x = v[c - nKeys];
          // Primitive buffers (counts, sums) need no copy; objects are copied for the merge above.
          columns[c]![i] = x === null || typeof x !== "object" ? x : cloneStateValue(x);
        }
        i++;
      };
      for (const store of run.stores) store.forEachEntry(copy);
      yield { numRows: total, columns };
    }
  }

  /** `batch` without the rows whose key is late (counted in `run.dropped`). */
  private dropLate(
    batch: RecordBatch,
    late: (keyValue: unknown) => boolean,
    ordinal: number,
    run: StateRun,
  ): RecordBatch {
    const col = batch.columns[ordinal]!;
    const kept: number[] = [];
    for (let r = 0; r < batch.numRows; r++) if (!late(col[r])) kept.push(r);
    if (kept.length === batch.numRows) return batch;
    run.dropped += batch.numRows - kept.length;
    return { ...batch, numRows: kept.length, columns: batch.columns.map((c) => kept.map((r) => c[r])) };
  }

  /**
   * Stores the child's rows (one per key, each batch holding one state partition's keys, tagged)
   * and returns them, by partition, as the keys this batch updated.
   */
  private async save(
    ctx: TaskContext,
    run: StateRun,
    late: ((keyValue: unknown) => boolean) | undefined,
  ): Promise<RecordBatch[]> {
    const stores = run.stores;
    const nKeys = this.keys.length;
    const et = this.eventTime?.ordinal ?? -1;
    const width = this.child.output.length;
    const parts = stores.length;
    const partitioner = this.keyPartitioner(parts);
    const batches = await drain(this.child, ctx);
    const out: RecordBatch[] = [];
    for (const input of batches) {
      const batch = late ? this.dropLate(input, late, et, run) : input;
      const cols = batch.columns;
      const tagged = batch.partitionId !== undefined && batch.partitionId < parts ? batch.partitionId : -1;
      for (let r = 0; r < batch.numRows; r++) {
        const k = stateKeyAt(cols, nKeys, r);
        const p = tagged >= 0 ? tagged : partitioner.ofColumns(cols, r, k);
        const keys = new Array<unknown>(nKeys);
        for (let c = 0; c < nKeys; c++) keys[c] = cols[c]![r];
        // The store owns a copy of the buffers: the row itself goes on to the final aggregate.
        const value = new Array<unknown>(width - nKeys);
        for (let c = nKeys; c < width; c++) value[c - nKeys] = cloneStateValue(cols[c]![r]);
        stores[p]!.putCompact(k, keys, value);
      }
      out.push(tagged >= 0 ? batch : { ...batch, partitionId: 0 });
    }
    return out.sort((a, b) => (a.partitionId ?? 0) - (b.partitionId ?? 0));
  }

  /** The fused chain (file header): partial rows in, the keys this batch updated out, by partition. */
  private async mergeAndSave(
    ctx: TaskContext,
    run: StateRun,
    partial: ExecNode,
    aggregates: readonly AggregateCall[],
    late: ((keyValue: unknown) => boolean) | undefined,
  ): Promise<RecordBatch[]> {
    const stores = run.stores;
    const kernels = aggregates.map((a) => a.bound!);
    const nAgg = kernels.length;
    const nKeys = this.keys.length;
    const parts = stores.length;
    const partitioner = this.keyPartitioner(parts);
    // Per state partition: key → group number, the groups' compact keys, key columns, buffers.
    const index: (Map<unknown, number> | undefined)[] = new Array(parts);
    const compact: unknown[][] = [];
    const columns: unknown[][][] = [];
    for await (const batch of partial.execute(ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const k = stateKeyAt(cols, nKeys, r);
        const p = partitioner.ofColumns(cols, r, k);
        let idx = index[p];
        if (!idx) {
          idx = new Map();
          index[p] = idx;
          compact[p] = [];
          columns[p] = Array.from({ length: nKeys + nAgg }, () => []);
        }
        const out = columns[p]!;
        let g = idx.get(k);
        if (g === undefined) {
          g = idx.size;
          idx.set(k, g);
          compact[p]!.push(k);
          for (let c = 0; c < nKeys; c++) out[c]!.push(cols[c]![r]);
          for (let j = 0; j < nAgg; j++) out[nKeys + j]!.push(kernels[j]!.init());
        }
        for (let j = 0; j < nAgg; j++) {
          const bufs = out[nKeys + j]!;
          bufs[g] = kernels[j]!.merge(bufs[g], cols[nKeys + j]![r]);
        }
      }
    }
    // Like Spark's hash aggregate, a global aggregation without input still has its one group.
    if (nKeys === 0 && !index[0]) {
      index[0] = new Map([["", 0]]);
      compact[0] = [""];
      columns[0] = kernels.map((kn) => [kn.init()]);
    }
    const result: RecordBatch[] = [];
    const et = this.eventTime?.ordinal ?? -1;
    for (let p = 0; p < parts; p++) {
      const idx = index[p];
      if (!idx) continue;
      const merged = columns[p]!;
      const keysOf = compact[p]!;
      const store = stores[p]!;
      let n = idx.size;
      let out = merged;
      if (late) {
        // Late keys (after this batch's partial aggregation, as Spark counts them) never reach the state.
        const kept: number[] = [];
        for (let g = 0; g < n; g++) if (!late(merged[et]![g])) kept.push(g);
        if (kept.length < n) {
          run.dropped += n - kept.length;
          out = merged.map((col) => kept.map((g) => col[g]));
          const keptKeys = kept.map((g) => keysOf[g]);
          keysOf.length = 0;
          keysOf.push(...keptKeys);
          n = kept.length;
          if (n === 0) continue;
        }
      }
      for (let g = 0; g < n; g++) {
        const stored = store.getCompact(keysOf[g]) as readonly unknown[] | undefined;
        const value = new Array<unknown>(nAgg);
        for (let j = 0; j < nAgg; j++) {
          const kn = kernels[j]!;
          let buf = kn.init();
          // The stored buffer is copied: merging may fold into its first argument.
          if (stored !== undefined) buf = kn.merge(buf, cloneStateValue(stored[j]));
          buf = kn.merge(buf, out[nKeys + j]![g]);
          out[nKeys + j]![g] = buf;
          value[j] = cloneStateValue(buf);
        }
        const keys = new Array<unknown>(nKeys);
        for (let c = 0; c < nKeys; c++) keys[c] = out[c]![g];
        store.putCompact(keysOf[g], keys, value);
      }
      result.push({ numRows: n, columns: out, partitionId: p });
    }
    return result;
  }
}

/** The input of the partial aggregate at the bottom of the merge/restore/merge chain below `node`. */
function rawInputOf(node: ExecNode): readonly AttributeReference[] {
  let n = node;
  while (n.children.length === 1 && n.nodeName !== "LateRowsFilter") n = n.children[0]!;
  return n.output;
}

/** The rows of `batches`, in order, as one untagged batch. */
function concatBatches(batches: readonly RecordBatch[], width: number): RecordBatch {
  let total = 0;
  for (const b of batches) total += b.numRows;
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(total));
  let o = 0;
  for (const b of batches) {
    for (let c = 0; c < width; c++) {
      const from = b.columns[c]!;
      const to = columns[c]!;
      for (let r = 0; r < b.numRows; r++) to[o + r] = from[r];
    }
    o += b.numRows;
  }
  return { numRows: total, columns };
}
