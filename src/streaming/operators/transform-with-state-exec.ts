/**
 * TransformWithStateExec (Spark 4's, for transformWithState / transformWithStateInPandas): runs
 * the user's StatefulProcessor over the rows of each grouping key, with state variables and timers
 * kept in the state store. Progress name `transformWithStateExec`.
 *
 * Stores: one named store per state variable (Spark's column families) and one for the timers
 * when the time mode is not None, each over the operator's partitions (a key lives in its state
 * partition, state-partitioner.ts, of every store); layouts in stateful-processor-handle-impl.ts.
 * The planner learns the variables by calling `init` with a PRE_INIT handle (Spark's driver-side
 * handle), so the stores and their schemas are known before the batch runs and are recorded in
 * the checkpoint (one schema file per store); a state variable added on restart starts empty.
 *
 * Per batch: transform-with-state-runner.ts's protocol, one state partition (Spark's task) after
 * the other, each with its own handle: init, the initial state (batch 0), the partition's keys
 * ascending, its expired timers, its TTL cleanup, close. In EventTime mode rows whose event time
 * ≤ watermarkForLateEventsMs are dropped first. Timers fire below the batch timestamp
 * (ProcessingTime) or watermarkForEvictionMs (EventTime, with a watermark).
 * The grouping key of each call is the handle's implicit key: state variables and timers act on
 * it. `shouldRunAnotherBatch`: always in ProcessingTime mode, otherwise when the input has a
 * watermark and the new one is past this batch's.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import { batchFromRows } from "../../data/record-batch.js";
import { TsparkError } from "../../common/errors.js";
import type { AttributeReference, Expression } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { GroupStateCall } from "../../physical/group-state-call.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import type { LogicalPlan } from "../../plans/logical-plan.js";
import { outputOf } from "../../plans/output.js";
import type { TransformWithStateSpec } from "../../plans/stateful-processor.js";
import { StructType } from "../../types/data-type.js";
import type { NamedStateStoreSchema } from "../checkpoint/state-checkpoint.js";
import { transformWithStatePropertiesJson } from "../checkpoint/transform-with-state-properties.js";
import { KeptExpiryIndexes } from "../state/kept-expiry-indexes.js";
import {
  SchemaCollectingHandle,
  type StateVariableInfo,
  TWS_CUSTOM_METRICS,
  timerStoreName,
  timerStoreSchema,
  variableStoreSchema,
} from "../../physical/stateful-processor-handle-impl.js";
import { type ProcessorGroup, runStatefulProcessor } from "../../physical/transform-with-state-runner.js";
import { type StateRun, StateStoreWriter } from "./state-store-writer.js";
import { type StateInfo, statePartitionerOf } from "./stateful-operator.js";
import { groupRowsByKey } from "./flat-map-groups-with-state-exec.js";
import { type EventTimeColumn, findEventTimeColumn } from "./watermark-support.js";

type Node = LogicalPlan & { kind: "flat_map_groups_with_state" };

/** Spark's StateVariableType of each kind of variable. */
const VARIABLE_TYPE_NAMES = { value: "ValueState", list: "ListState", map: "MapState" } as const;

export class TransformWithStateExec extends StateStoreWriter {
  readonly nodeName: string;
  readonly operatorName = "transformWithStateExec";
  override readonly output: readonly AttributeReference[];
  readonly stateKeySchema: StructType;
  readonly stateValueSchema: StructType;
  /** Every store with its schemas: the state variables in declaration order, then the timers. */
  readonly stateStores: readonly NamedStateStoreSchema[];
  /** The state variables `init` declares (from the planner's PRE_INIT call). */
  readonly variables: readonly StateVariableInfo[];
  /** Spark's TransformWithStateOperatorProperties: time mode, output mode, variables and timers. */
  readonly operatorPropertiesJson: string;
  private readonly spec: TransformWithStateSpec;
  private readonly fn: GroupStateCall;
  private readonly names: readonly string[];
  private readonly eventTime: (EventTimeColumn & { readonly index: number }) | undefined;
  /** The expiry indexes (timers, TTL) of the current execution, kept once its stores commit. */
  private indexes: KeptExpiryIndexes | undefined;

  constructor(
    child: ExecNode,
    private readonly node: Node,
    info: StateInfo,
    private readonly batchTimestampMs: number,
  ) {
    super(child, info, true);
    const spec = node.transformWithState;
    if (!spec)
      throw new TsparkError("INTERNAL_ERROR", { messageParameters: { message: "not a transformWithState" } });
    this.spec = spec;
    this.nodeName =
      node.api === "transformWithStateInPandas" ? "TransformWithStateInPandas" : "TransformWithState";
    this.output = node.output;
    this.fn = new GroupStateCall(node, child.output);
    this.stateKeySchema = this.fn.keySchema;
    // Spark's getColFamilySchemas: init on a PRE_INIT handle, then close.
    const collect = new SchemaCollectingHandle(spec.timeMode);
    spec.processor.init(collect);
    spec.processor.close();
    this.variables = collect.variables;
    const stores: NamedStateStoreSchema[] = this.variables.map((v) => ({
      storeName: v.name,
      ...variableStoreSchema(v, this.stateKeySchema),
    }));
    if (spec.timeMode !== "None") {
      stores.push({ storeName: timerStoreName(spec.timeMode), ...timerStoreSchema(this.stateKeySchema) });
    }
    this.stateStores = stores;
    this.operatorPropertiesJson = transformWithStatePropertiesJson({
      timeMode: spec.timeMode === "None" ? "NoTime" : spec.timeMode,
      outputMode: node.outputMode === "append" ? "Append" : "Update",
      stateVariables: [
        ...this.variables.map((v) => ({
          stateName: v.name,
          stateVariableType: VARIABLE_TYPE_NAMES[v.kind],
          ttlEnabled: v.ttlMs !== undefined,
        })),
        ...(spec.timeMode === "None"
          ? []
          : [
              {
                stateName: timerStoreName(spec.timeMode),
                stateVariableType: "TimerState" as const,
                ttlEnabled: false,
              },
            ]),
      ],
    });
    this.stateValueSchema = stores[0]?.valueSchema ?? new StructType([]);
    const deleted = collect.deleted.filter((n) => !stores.some((s) => s.storeName === n));
    this.names = [...stores.map((s) => s.storeName), ...deleted];
    const logicalInput = outputOf(node.child);
    const et = findEventTimeColumn(logicalInput, info.allowMultipleEventTimeColumns);
    const id = et === undefined ? undefined : logicalInput[et.ordinal]!.exprId;
    const index = id === undefined ? -1 : child.output.findIndex((a) => a.exprId === id);
    this.eventTime = et !== undefined && index >= 0 ? { ...et, index } : undefined;
    // Late rows (EventTime mode) go to the input's late-rows view, if it names one.
    if (spec.timeMode === "EventTime" && this.eventTime)
      this.routeLateRows(child.output[this.eventTime.index]);
  }

  protected override storeNames(): readonly string[] {
    return this.names;
  }

  /** A variable (or the timers of a time mode) added on restart starts empty, as in Spark. */
  protected override mayStartEmpty(_name: string): boolean {
    return true;
  }

  protected override customMetricDefaults(): readonly (readonly [string, number])[] {
    return TWS_CUSTOM_METRICS.map((m) => [m, 0] as const);
  }

  describe(): string {
    const n = this.node;
    const list = (xs: readonly Expression[]) => `[${xs.map(explainSql).join(", ")}]`;
    const mode = n.outputMode === "append" ? "Append" : "Update";
    return `${this.nodeName} ${list(n.groupingExpressions)}, ${list(n.dataAttributes ?? [])}, ${list(this.output)}, ${this.stateInfoString()}, ${this.spec.timeMode}, ${mode}, ${this.batchTimestampMs}, ${this.info.watermarkForLateEventsMs}, ${this.info.watermarkForEvictionMs}`;
  }

  /**
   * Spark's: always in ProcessingTime mode (timers and TTL act on time alone); otherwise when the
   * input has a watermark and it moved on (event-time timers, and the watermark passed on to the
   * operators after this one).
   */
  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    if (this.spec.timeMode === "ProcessingTime") return true;
    return this.eventTime !== undefined && newWatermarkMs > this.info.watermarkForEvictionMs;
  }

  /**
   * Spark's produceOutputWatermark: no event time flows out in ProcessingTime mode; otherwise the
   * input watermark (rows older than it fail when `eventTimeColumnName` marks an output column).
   */
  produceOutputWatermark(inputWatermarkMs: number): number | undefined {
    return this.spec.timeMode === "ProcessingTime" ? undefined : inputWatermarkMs;
  }

  /** The watermark the processor sees and event-time timers fire by (-1 without one). */
  private get watermarkMs(): number {
    return this.eventTime === undefined ? -1 : this.info.watermarkForEvictionMs;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const run = await this.openStores();
    const parts = this.numStatePartitions;
    // Spark hashes the grouping attributes (the key schema) into the partitions.
    const partitioner = statePartitionerOf(
      this.info,
      this.stateKeySchema.fields.map((f) => f.dataType),
      parts,
    );
    const rows = { updated: 0, removed: 0 };
    const groups = await this.groupInput(ctx, run);
    const mode = this.spec.timeMode;
    const indexes = new KeptExpiryIndexes();
    this.indexes = indexes;
    const result = await runStatefulProcessor(
      {
        spec: this.spec,
        fn: this.fn,
        stores: run.storesByName,
        partitionOf: (key, compact) => partitioner.ofKey(key, compact),
        numPartitions: parts,
        batchTimestampMs: this.batchTimestampMs,
        watermarkMs: this.watermarkMs,
        timerThresholdMs:
          mode === "ProcessingTime"
            ? this.batchTimestampMs
            : mode === "EventTime" && this.eventTime !== undefined
              ? this.info.watermarkForEvictionMs
              : undefined,
        withInitialState: this.info.batchId === 0,
        count: (metric, n = 1) => run.custom.set(metric, (run.custom.get(metric) ?? 0) + n),
        rows,
        now: () => this.now(),
        indexes,
      },
      groups.values(),
    );
    run.updatesMs = result.updatesMs;
    run.removalsMs = result.removalsMs;
    run.updated = rows.updated;
    run.removed = rows.removed;
    this.checkEventTimes(result.out);
    if (result.out.length > 0) yield batchFromRows(result.out, this.output.length);
  }

  /**
   * Commits the stores; the expiry indexes this execution kept up to date then follow the new
   * versions (the next batch reuses them instead of scanning the timers and TTL values).
   */
  override async commitState(): Promise<void> {
    await super.commitState();
    this.indexes?.committed();
    this.indexes = undefined;
  }

  /** Drops the updates; the expiry indexes that followed them are rebuilt next time. */
  override abortState(): void {
    super.abortState();
    this.indexes = undefined;
  }

  /** The input rows by key (late rows dropped in EventTime mode); the runner sorts the keys. */
  private groupInput(ctx: TaskContext, run: StateRun): Promise<Map<unknown, ProcessorGroup>> {
    const late = this.spec.timeMode === "EventTime" ? this.eventTime : undefined;
    return groupRowsByKey(this.child, ctx, this.fn, late, this.info.watermarkForLateEventsMs, (cols, r) =>
      this.recordLateRow(run, cols, r),
    );
  }

  /**
   * Spark's UpdateEventTimeColumnExec check for `eventTimeColumnName`: no output row may be older
   * than the late-events watermark (downstream operators would drop it as late).
   */
  private checkEventTimes(out: readonly unknown[][]): void {
    const name = this.spec.eventTimeColumn;
    if (name === undefined) return;
    const i = this.output.findIndex((a) => a.name.toLowerCase() === name.toLowerCase());
    if (i < 0) return;
    const watermarkMs = this.info.watermarkForLateEventsMs;
    for (const row of out) {
      const v = row[i];
      if (v === null || v === undefined) continue;
      const micros = typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v)));
      if (micros < BigInt(watermarkMs) * 1000n) {
        throw new TsparkError("EMITTING_ROWS_OLDER_THAN_WATERMARK_NOT_ALLOWED", {
          messageParameters: { currentWatermark: String(watermarkMs), emittedRowEventTime: String(micros) },
        });
      }
    }
  }
}
