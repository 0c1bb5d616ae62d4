/**
 * StreamingDeduplicateExec (Spark's, for `dropDuplicates` / `distinct` on a stream): emits the first
 * row of each key across all batches and remembers the keys seen in its state (value: null);
 * later rows with a known key are dropped and counted (`numDroppedDuplicateRows`). Progress name
 * `dedupe`.
 *
 * With a watermark (Spark's WatermarkSupport, watermark-support.ts): input rows whose event time is
 * at or below the late-events watermark are dropped first (numRowsDroppedByWatermark); when the
 * key holds the event-time column, keys at or below the eviction watermark are removed after the
 * batch (without it the state grows forever, as in Spark, SPARK-21546). With tspark's `lateRows`
 * the dropped rows (as the operator received them) go to the late-rows view (state-store-writer.ts).
 *
 * State must see every input row even when the consumer stops early (a limit above): the operator
 * then keeps pulling its input to the end without emitting (what Spark's StreamingLocalLimitExec
 * guarantees by consuming its child).
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { Expression } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { compileProjection } from "../../codegen/compile-pipeline.js";
import { bindAll } from "../../physical/bind-references.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { LONG, NULL_TYPE, StructField, StructType } from "../../types/data-type.js";
import { internalError } from "../../common/errors.js";
import { watermarkDelayOf } from "../../plans/event-time.js";
import { expressionsSchema } from "./aggregation-state-schema.js";
import { type StateRun, StateStoreWriter } from "./state-store-writer.js";
import { atOrBelowWatermark, type EventTimeColumn, findEventTimeColumn } from "./watermark-support.js";
import { type StateInfo, statePartitionerOf } from "./stateful-operator.js";

// Spark stores an empty row per key; its schema is a placeholder Spark does not check on restart.
const DUMMY_VALUE_SCHEMA = new StructType([new StructField("__dummy__", NULL_TYPE, true)]);

// DeduplicateWithinWatermark's value: when the key expires (µs).
const EXPIRES_AT_SCHEMA = new StructType([new StructField("expiresAtMicros", LONG, false)]);

export class StreamingDeduplicateExec extends StateStoreWriter {
  readonly nodeName: string;
  readonly operatorName: string;
  /** The deduplication columns. */
  readonly stateKeySchema: StructType;
  readonly stateValueSchema: StructType;
  override readonly checksStateValueSchema: boolean;
  private readonly inputEventTime: EventTimeColumn | undefined;
  private readonly keyEventTime: EventTimeColumn | undefined;
  /** Within the watermark: the delay (µs) a key is remembered past its first row's event time. */
  private readonly expiryMicros: number | undefined;

  /**
   * @param keys the deduplication keys over the child's output (all columns for `distinct`)
   * @param withinWatermark Spark's StreamingDeduplicateWithinWatermarkExec
   *   (`dropDuplicatesWithinWatermark`): a key's value is its expiry, first event time + delay
   */
  constructor(
    child: ExecNode,
    private readonly keys: readonly Expression[],
    info: StateInfo,
    withinWatermark = false,
  ) {
    super(child, info, keys.length > 0);
    this.stateKeySchema = expressionsSchema(keys);
    const multiple = info.allowMultipleEventTimeColumns;
    this.inputEventTime = findEventTimeColumn(child.output, multiple);
    this.keyEventTime = findEventTimeColumn(keys, multiple);
    this.routeLateRows(this.inputEventTime ? child.output[this.inputEventTime.ordinal] : undefined);
    this.nodeName = withinWatermark ? "StreamingDeduplicateWithinWatermark" : "StreamingDeduplicate";
    this.operatorName = withinWatermark ? "dedupeWithinWatermark" : "dedupe";
    this.stateValueSchema = withinWatermark ? EXPIRES_AT_SCHEMA : DUMMY_VALUE_SCHEMA;
    this.checksStateValueSchema = withinWatermark;
    if (withinWatermark) {
      const et = this.inputEventTime;
      const delay = et ? watermarkDelayOf(child.output[et.ordinal]!) : undefined;
      if (delay === undefined) {
        // The UnsupportedOperationChecker rejects the query before it runs.
        throw internalError("dropDuplicatesWithinWatermark without a watermarked input");
      }
      this.expiryMicros = delay * 1000;
    }
  }

  /** Removes the keys whose event time (or expiry, within the watermark) is at or below the eviction watermark. */
  private evictExpired(run: StateRun): void {
    const et = this.keyEventTime;
    const within = this.expiryMicros !== undefined;
    if (!et && !within) return;
    const start = this.now();
    const wm = this.info.watermarkForEvictionMs;
    for (const store of run.stores) {
      const expired: (readonly unknown[])[] = [];
      store.forEachEntry((key, value) => {
        const gone = within
          ? wm * 1000 >= ((value as readonly number[])[0] ?? 0)
          : atOrBelowWatermark(et!.micros(key[et!.ordinal]), wm);
        if (gone) expired.push(key);
      });
      for (const key of expired) store.remove(key);
      run.removed += expired.length;
    }
    run.removalsMs += Math.max(0, this.now() - start);
  }

  /** Spark's: act on any newer watermark (evict). */
  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return newWatermarkMs > this.info.watermarkForEvictionMs;
  }

  describe(): string {
    const { watermarkForLateEventsMs: late, watermarkForEvictionMs: evict } = this.info;
    return `StreamingDeduplicate [${this.keys.map(explainSql).join(", ")}], ${this.stateInfoString()}, ${late}, ${evict}`;
  }

  protected override customMetricDefaults(): readonly (readonly [string, number])[] {
    return [["numDroppedDuplicateRows", 0]];
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const run = await this.openStores();
    const start = this.now();
    const partitioner = statePartitionerOf(
      this.info,
      this.stateKeySchema.fields.map((f) => f.dataType),
      run.stores.length,
    );
    const proj = compileProjection(
      bindAll(this.keys, this.child.output),
      this.child.output.length,
      { partitionId: ctx.partitionId },
      ctx.codegen,
    );
    let dropped = 0;
    const et = this.inputEventTime;
    const lateWm = this.info.watermarkForLateEventsMs;
    const keep = (batch: RecordBatch): RecordBatch => {
      const k = proj.run(batch);
      const kept: number[] = [];
      const times = et ? batch.columns[et.ordinal]! : undefined;
      for (let r = 0; r < batch.numRows; r++) {
        if (times && atOrBelowWatermark(et!.micros(times[r]), lateWm)) {
          this.recordLateRow(run, batch.columns, r);
          continue;
        }
        const keys = k.columns.map((c) => c[r]);
        const store = run.stores[partitioner.ofKey(keys)]!;
        if (store.get(keys) !== undefined) {
          dropped++;
          continue;
        }
        if (this.expiryMicros === undefined) store.put(keys, null);
        else {
          // Spark reads a NULL event time as 0 here.
          const t = times ? (times[r] ?? 0) : 0;
          store.put(keys, [Number(t) + this.expiryMicros]);
        }
        run.updated++;
        kept.push(r);
      }
      const columns = batch.columns.map((c) => kept.map((r) => c[r]));
      return batch.partitionId === undefined
        ? { numRows: kept.length, columns }
        : { numRows: kept.length, columns, partitionId: batch.partitionId };
    };
    const input = this.child.execute(ctx)[Symbol.asyncIterator]();
    let finished = false;
    let failed = false;
    try {
      for (let next = await input.next(); !next.done; next = await input.next()) {
        const out = keep(next.value);
        if (out.numRows > 0) yield out;
      }
      finished = true;
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // An abandoned consumer: record the rest of the input in the state without emitting it.
      if (!finished && !failed)
        for (let next = await input.next(); !next.done; next = await input.next()) keep(next.value);
      run.updatesMs = Math.max(0, this.now() - start);
      run.custom.set("numDroppedDuplicateRows", dropped);
      if (!failed) this.evictExpired(run);
    }
  }
}
