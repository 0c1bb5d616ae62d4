// Drives planIncremental the way MicroBatchExecution does, without sources or sinks: a streaming
// input is a `data_source_relation` leaf (isStreaming) whose rows are swapped in per batch; each
// batch is optimized, planned, executed to the end, then its state committed. A "restart" is a new
// StreamRun on the same state root (plans are per batch; only the state cache carries over).
import { DataFrame } from "../../src/api/data-frame.js";
import { SparkSession } from "../../src/index.js";
import type { OutputMode } from "../../src/connectors/api/stream-sink.js";
import type { AttributeReference } from "../../src/expressions/expression.js";
import { LocalTableScanExec } from "../../src/physical/local-table-scan-exec.js";
import type { LeafPlanner } from "../../src/physical/physical-planner.js";
import type { LogicalPlan } from "../../src/plans/logical-plan.js";
import { transformPlanDown } from "../../src/plans/plan-tree.js";
import {
  type IncrementalPlan,
  type IncrementalPlanContext,
  planIncremental,
} from "../../src/streaming/operators/incremental-planner.js";
import type { StateOperatorProgressFields } from "../../src/streaming/runtime/progress.js";

export const spark = SparkSession.builder
  .master("local[2]")
  .config("spark.sql.session.timeZone", "UTC")
  .create();

/** A streaming input named `name` with the DDL `schema`. */
export function streamInput(name: string, schema: string): DataFrame {
  const output = (spark.createDataFrame([], schema).plan as { output: readonly AttributeReference[] }).output;
  return new DataFrame(spark, {
    kind: "data_source_relation",
    sourceName: name,
    output,
    isStreaming: true,
    handle: name,
  });
}

/** Code generation on unless TSPARK_CODEGEN=false (the interpreter is the reference). */
export const CODEGEN = process.env.TSPARK_CODEGEN !== "false";

let roots = 0;
/** A fresh state root (a cache key only: the in-memory stores write nothing). */
export function newStateRoot(): string {
  roots++;
  return `/tmp/tspark-operators-test/${process.pid}-${roots}/state`;
}

/** One batch's outcome. */
export interface BatchResult {
  readonly rows: unknown[][];
  readonly plan: IncrementalPlan;
  readonly progress: StateOperatorProgressFields[];
}

/** Options of a run. */
export interface RunOptions {
  readonly stateRoot?: string;
  readonly numShufflePartitions?: number;
  /** The first batch id (a restart continues the id sequence). */
  readonly batchId?: number;
  readonly extra?: Partial<IncrementalPlanContext>;
}

/** Runs micro-batches of one query. */
export class StreamRun {
  readonly stateRoot: string;
  batchId: number;

  constructor(
    private readonly df: DataFrame,
    private readonly outputMode: OutputMode,
    private readonly opts: RunOptions = {},
  ) {
    this.stateRoot = opts.stateRoot ?? newStateRoot();
    this.batchId = opts.batchId ?? 0;
  }

  /** The same query restarted on the same state (the next batch id). */
  restart(): StreamRun {
    return new StreamRun(this.df, this.outputMode, {
      ...this.opts,
      stateRoot: this.stateRoot,
      batchId: this.batchId,
    });
  }

  /** Plans the next batch with `data` (rows per input name; a bare array feeds the only input). */
  plan(data: Record<string, unknown[][]> | unknown[][]): IncrementalPlan {
    const byName = Array.isArray(data) ? undefined : data;
    const leaf = (p: LogicalPlan): LogicalPlan => {
      if (p.kind !== "data_source_relation" || !p.isStreaming) return p;
      const rows = byName ? (byName[p.sourceName] ?? []) : (data as unknown[][]);
      return { ...p, handle: { rows } };
    };
    const optimized = spark.state.optimizer.execute(transformPlanDown(this.df.plan, leaf));
    const planner: LeafPlanner = (p) =>
      p.kind === "data_source_relation" && p.isStreaming
        ? new LocalTableScanExec(p.output, (p.handle as { rows: unknown[][] }).rows, "parallelize")
        : undefined;
    return planIncremental(optimized, [planner], {
      batchId: this.batchId,
      outputMode: this.outputMode,
      stateRoot: this.stateRoot,
      numShufflePartitions: this.opts.numShufflePartitions ?? 5,
      batchTimestampMs: 0,
      watermarkMs: 0,
      codegen: CODEGEN,
      ...this.opts.extra,
    });
  }

  /** Runs one batch to the end and commits its state. */
  async run(data: Record<string, unknown[][]> | unknown[][] = []): Promise<BatchResult> {
    const plan = this.plan(data);
    const rows = await collect(plan);
    for (const op of plan.statefulOperators) await op.commitState();
    this.batchId++;
    return { rows, plan, progress: plan.statefulOperators.map((o) => o.progress()) };
  }
}

/** Executes a plan's root to the end. */
export async function collect(plan: IncrementalPlan): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const b of plan.root.execute({ partitionId: 0, codegen: CODEGEN, defaultParallelism: 2 })) {
    for (let r = 0; r < b.numRows; r++) rows.push(b.columns.map((c) => c[r]));
  }
  return rows;
}

/** Rows in a canonical order, for order-insensitive comparison (Spark's CheckAnswer). */
export function sorted(rows: readonly unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
