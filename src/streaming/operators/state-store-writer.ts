/**
 * StateStoreWriter: what every state-writing operator shares (Spark's `StateStoreWriter` trait) —
 * opening its stores at the batch's version, committing or aborting them, numbering, the
 * `state info [...]` text of explain, and the progress figures.
 *
 * Per batch: `execute()` opens one store per state partition at version `batchId` (a second
 * execution starts over from the same version), updates them, and records its counts;
 * `commitState()` publishes version `batchId + 1` of every store (when the plan never pulled the
 * operator, the loaded state is committed unchanged, as for a batch without input);
 * `abortState()` drops the updates. Keyed operators use `numShufflePartitions` stores (keys hashed
 * by their StatePartitioner, state-partitioner.ts); keyless ones (global aggregate, limit) one store, as Spark's AllTuples
 * distribution gives them a single task.
 *
 * Late rows to a side output (tspark's opt-in `lateRows`, docs/event-time.md): an operator calls
 * `routeLateRows(eventTimeAttr)` once (in its constructor) with the attribute its late predicate
 * reads, then `recordLateRow(run, columns, r)` for every input row it drops as late (instead of
 * `run.dropped++`: it counts the row too). When the attribute names a late-rows view, the rows
 * gathered by the execution are handed to that view's table in `commitState()`, replacing what
 * an earlier run of the same batch wrote.
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import { internalError } from "../../common/errors.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import type { StructType } from "../../types/data-type.js";
import type { StateOperatorProgressFields } from "../runtime/progress.js";
import {
  DEFAULT_STATE_STORE_NAME,
  type ReadStateStore,
  type StateStore,
  type StateStoreProvider,
} from "../state/state-store.js";
import { commitStateStores } from "../state/state-commit.js";
import { stateStoreProviders } from "../state/state-store-registry.js";
import { lateRowsViewOf } from "../../plans/event-time.js";
import {
  type LateRowsOutput,
  type StateInfo,
  type StatefulOperator,
  withInputWatermarks,
} from "./stateful-operator.js";

/** One execution's stores and counts. */
export interface StateRun {
  /** Every store opened, by name (in `storeNames()` order) then partition. */
  readonly stores: readonly StateStore[];
  /** The partitions' stores of each name (`storeNames()`; the default store alone by default). */
  readonly storesByName: ReadonlyMap<string, readonly StateStore[]>;
  /** Rows written to state (Spark's numUpdatedStateRows). */
  updated: number;
  /** Rows removed from state (watermark eviction). */
  removed: number;
  /** Input rows dropped as late (Spark's numRowsDroppedByWatermark). */
  dropped: number;
  updatesMs: number;
  removalsMs: number;
  /** Operator-specific counters for `customMetrics`. */
  readonly custom: Map<string, number>;
  /** The late input rows gathered for the late-rows view (each + watermark µs + batch id). */
  readonly late: unknown[][];
}

/** Spark's OutputMode names, as explain shows them. */
const OUTPUT_MODE_NAMES = { append: "Append", update: "Update", complete: "Complete" } as const;

/**
 * The base of StateStoreSaveExec, StreamingDeduplicateExec and StreamingGlobalLimitExec: unary
 * operators whose output columns are their child's.
 */
export abstract class StateStoreWriter implements StatefulOperator {
  abstract readonly nodeName: string;
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  /** `stateOperators[].operatorName` in progress (`stateStoreSave`, `dedupe`, `globalLimit`). */
  abstract readonly operatorName: string;
  abstract describe(): string;
  abstract execute(ctx: TaskContext): AsyncIterable<RecordBatch>;
  abstract readonly stateKeySchema: StructType;
  abstract readonly stateValueSchema: StructType;
  /** Spark compares the value schema on restart unless the operator turns the check off. */
  readonly checksStateValueSchema: boolean = true;

  private id = -1;
  private run: StateRun | undefined;
  private lateRowsOutput: LateRowsOutput | undefined;
  /** Input ordinal of each view column, when the view orders them differently. */
  private latePositions: number[] | undefined;
  private committed = false;
  private commitMs = 0;
  private stateInfo: StateInfo;

  /**
   * @param child the input, whose columns are the output
   * @param info the batch's state settings
   * @param keyed whether the state is keyed (hash-partitioned over `numShufflePartitions` stores)
   */
  constructor(
    protected readonly child: ExecNode,
    info: StateInfo,
    private readonly keyed: boolean,
  ) {
    this.children = [child];
    this.output = child.output;
    this.stateInfo = info;
  }

  /** The batch's state settings, with this operator's own input watermarks once they are set. */
  protected get info(): StateInfo {
    return this.stateInfo;
  }

  /** This operator's input watermarks for the batch (see StatefulOperator.setInputWatermarks). */
  setInputWatermarks(lateEventsMs: number, evictionMs: number): void {
    this.stateInfo = withInputWatermarks(this.stateInfo, lateEventsMs, evictionMs);
  }

  get operatorId(): number {
    if (this.id < 0) throw internalError(`${this.nodeName} has no operator id yet`);
    return this.id;
  }

  /** Set once by the planner, in Spark's top-down order, before the plan runs. */
  assignOperatorId(id: number): void {
    if (this.id >= 0) throw internalError(`${this.nodeName} already has operator id ${this.id}`);
    this.id = id;
  }

  /** Spark records the state info's partition count for keyless operators too (their one store aside). */
  get stateInfoNumPartitions(): number {
    return Math.max(1, this.info.numShufflePartitions);
  }

  /** How many stores this operator uses. */
  get numStatePartitions(): number {
    return this.keyed ? Math.max(1, this.info.numShufflePartitions) : 1;
  }

  /** Spark's StatefulOperatorStateInfo text, as explain shows it. */
  stateInfoString(): string {
    const root = this.info.stateRoot.startsWith("/") ? `file:${this.info.stateRoot}` : this.info.stateRoot;
    const op = this.id < 0 ? "?" : String(this.id);
    return `state info [ checkpoint = ${root}, runId = ${this.info.runId}, opId = ${op}, ver = ${this.info.batchId}, numPartitions = ${Math.max(1, this.info.numShufflePartitions)}]`;
  }

  /** The batch's output mode as explain shows it (`Append`, `Update`, `Complete`). */
  protected outputModeName(): string {
    return OUTPUT_MODE_NAMES[this.info.outputMode];
  }

  /** Read-only views of the committed version `batchId` of every store (StateStoreRestoreExec). */
  async readStores(): Promise<ReadStateStore[]> {
    const out: ReadStateStore[] = [];
    for (const provider of this.providers()) out.push(await provider.getReadStore(this.info.batchId));
    return out;
  }

  /** Opens this execution's stores at version `batchId`, dropping any earlier execution's updates. */
  protected async openStores(): Promise<StateRun> {
    this.abortState();
    this.committed = false;
    const stores: StateStore[] = [];
    const storesByName = new Map<string, StateStore[]>();
    for (const name of this.storeNames()) {
      const named: StateStore[] = [];
      const options = this.mayStartEmpty(name) ? { emptyIfNeverCommitted: true } : undefined;
      for (const provider of this.providers(name))
        named.push(await provider.getStore(this.info.batchId, options));
      storesByName.set(name, named);
      stores.push(...named);
    }
    const run: StateRun = {
      stores,
      storesByName,
      updated: 0,
      removed: 0,
      dropped: 0,
      updatesMs: 0,
      removalsMs: 0,
      custom: new Map(),
      late: [],
    };
    this.run = run;
    return run;
  }

  /**
   * Sends the rows this operator drops as late to the late-rows view `eventTime` carries (its
   * `tspark.lateRows` mark), if any; without it late rows are only counted. Called once, by the
   * constructor of an operator, with the event-time attribute of its late predicate.
   */
  protected routeLateRows(
    eventTime: AttributeReference | undefined,
    input: readonly AttributeReference[] = this.child.output,
  ): void {
    const view = eventTime === undefined ? undefined : lateRowsViewOf(eventTime);
    const out = view === undefined ? undefined : this.info.lateRows?.(view);
    if (!out) return;
    // The view's columns by name among the input's (start() derived them from the same plan).
    const names = out.schema.fields.slice(0, -2).map((f) => f.name);
    const positions = names.map((n) => input.findIndex((a) => a.name === n));
    if (positions.length !== input.length || positions.some((p) => p < 0)) {
      throw internalError(
        `${this.nodeName}: late-rows view ${view} has columns [${names.join(", ")}], the operator's input [${input.map((a) => a.name).join(", ")}]`,
      );
    }
    this.lateRowsOutput = out;
    this.latePositions = positions.every((p, i) => p === i) ? undefined : positions;
  }

  /** This execution's counts (undefined before `execute` opened the stores). */
  protected get currentRun(): StateRun | undefined {
    return this.run;
  }

  /** Whether this operator's late rows go to a late-rows view. */
  get routesLateRows(): boolean {
    return this.lateRowsOutput !== undefined;
  }

  /**
   * Drops input row `r` of `columns` as late: counts it (numRowsDroppedByWatermark) and, when the
   * operator routes late rows, keeps a copy with the late-events watermark and the batch id.
   */
  protected recordLateRow(run: StateRun, columns: readonly (readonly unknown[])[], r: number): void {
    run.dropped++;
    if (this.lateRowsOutput === undefined) return;
    const pos = this.latePositions;
    const width = pos ? pos.length : columns.length;
    const row = new Array<unknown>(width + 2);
    for (let c = 0; c < width; c++) row[c] = columns[pos ? pos[c]! : c]![r];
    row[width] = this.info.watermarkForLateEventsMs * 1000;
    row[width + 1] = this.info.batchId;
    run.late.push(row);
  }

  /** Milliseconds from the state clock (0 without one). */
  protected now(): number {
    return this.info.clock?.nowMillis() ?? 0;
  }

  async commitState(): Promise<void> {
    if (this.committed) return;
    const run = this.run ?? (await this.openStores());
    const start = this.now();
    // One operator delta file for every partition (state-commit.ts); passes `during-state-commit`.
    await commitStateStores(run.stores);
    // The late rows are written with the state: after the sink accepted the batch, replacing any
    // earlier run of this batch.
    this.lateRowsOutput?.replace(this.info.batchId, this.operatorId, run.late);
    this.commitMs = Math.max(0, this.now() - start);
    this.committed = true;
  }

  abortState(): void {
    if (this.committed || !this.run) return;
    for (const s of this.run.stores) s.abort();
    this.run = undefined;
  }

  progress(): StateOperatorProgressFields {
    const run = this.run;
    let numRowsTotal = 0;
    let memoryUsedBytes = 0;
    const custom = new Map<string, number>([...this.customMetricDefaults(), ...(run?.custom ?? [])]);
    for (const s of run?.stores ?? []) {
      const m = s.metrics();
      numRowsTotal += m.numKeys;
      memoryUsedBytes += m.memoryUsedBytes;
      for (const [k, v] of m.customMetrics) custom.set(k, (custom.get(k) ?? 0) + v);
    }
    return {
      operatorName: this.operatorName,
      numRowsTotal,
      numRowsUpdated: run?.updated ?? 0,
      allUpdatesTimeMs: run?.updatesMs ?? 0,
      numRowsRemoved: run?.removed ?? 0,
      allRemovalsTimeMs: run?.removalsMs ?? 0,
      commitTimeMs: this.commitMs,
      memoryUsedBytes,
      numRowsDroppedByWatermark: run?.dropped ?? 0,
      // Spark 4 reports the state info's partition count here (for keyless operators too), and
      // the stores actually used (one per task) as instances.
      numShufflePartitions: Math.max(1, this.info.numShufflePartitions),
      numStateStoreInstances: this.numStatePartitions,
      customMetrics: custom,
    };
  }

  /** The operator's own custom metrics with their value before any row was seen. */
  protected customMetricDefaults(): readonly (readonly [string, number])[] {
    return [];
  }

  /**
   * The names of the stores each partition has (Spark's column families): the default store alone,
   * unless the operator keeps several (transformWithState: one per state variable and the timers).
   * Fixed for an execution; `readStores` reads the default store only.
   */
  /**
   * Whether the store `name` may first appear after batch 0 (a transformWithState variable added
   * on restart): if it never committed, it opens empty at the batch's version instead of failing.
   */
  protected mayStartEmpty(_name: string): boolean {
    return false;
  }

  protected storeNames(): readonly string[] {
    return [DEFAULT_STATE_STORE_NAME];
  }

  /** The providers of this operator's partitions of store `name` (from the process-wide cache). */
  private providers(name: string = DEFAULT_STATE_STORE_NAME): StateStoreProvider[] {
    return stateStoreProviders(
      this.info.stateRoot,
      this.operatorId,
      this.numStatePartitions,
      this.info.storeConf,
      this.info.providerFactory,
      name,
    );
  }
}
