/**
 * transformWithState over a batch DataFrame (Spark's TransformWithStateExec with
 * `isStreaming = false`): the processor runs once over all the input, with temporary in-memory
 * stores that are dropped afterwards (Spark uses a temporary state store per task). The initial
 * state, when given, is handed to the processor first. Processing time is the planner's clock;
 * there is no watermark (-1), so event-time timers never fire; processing-time timers fire when
 * already due.
 */
import type { Clock } from "../common/clock.js";
import { batchFromRows, type RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { internalError } from "../common/errors.js";
import type { ExecNode, TaskContext } from "./exec-node.js";
import { GroupStateCall } from "./group-state-call.js";
import {
  compactKeyOf,
  type KeyValueStore,
  SchemaCollectingHandle,
  timerStoreName,
} from "./stateful-processor-handle-impl.js";
import { type ProcessorGroup, runStatefulProcessor } from "./transform-with-state-runner.js";

/** A temporary store: the grouping key's compact form → the key and the value. */
class MapStore implements KeyValueStore {
  private readonly entries = new Map<unknown, { key: readonly unknown[]; value: unknown }>();

  get(key: readonly unknown[]): unknown {
    return this.entries.get(compactKeyOf(key))?.value;
  }

  put(key: readonly unknown[], value: unknown): void {
    this.entries.set(compactKeyOf(key), { key: [...key], value });
  }

  remove(key: readonly unknown[]): void {
    this.entries.delete(compactKeyOf(key));
  }

  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void {
    for (const e of this.entries.values()) fn(e.key, e.value);
  }
}

export class TransformWithStateBatchExec implements ExecNode {
  readonly nodeName = "TransformWithState";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  private readonly fn: GroupStateCall;

  constructor(
    private readonly child: ExecNode,
    private readonly node: LogicalPlan & { kind: "flat_map_groups_with_state" },
    private readonly clock: Clock,
  ) {
    this.children = [child];
    this.output = node.output;
    this.fn = new GroupStateCall(node, child.output);
  }

  describe(): string {
    const n = this.node;
    const list = (xs: readonly Expression[]) => `[${xs.map(explainSql).join(", ")}]`;
    return `${this.nodeName} ${list(n.groupingExpressions)}, ${list(this.output)}, ${n.transformWithState?.timeMode}`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const spec = this.node.transformWithState;
    if (!spec) throw internalError("TransformWithStateBatchExec without a processor");
    // The variables, as the streaming operator learns them (a PRE_INIT init).
    const collect = new SchemaCollectingHandle(spec.timeMode);
    spec.processor.init(collect);
    spec.processor.close();
    const names = [...collect.variables.map((v) => v.name), ...collect.deleted];
    if (spec.timeMode !== "None") names.push(timerStoreName(spec.timeMode));
    const stores = new Map<string, readonly KeyValueStore[]>(names.map((n) => [n, [new MapStore()]]));
    const fn = this.fn;
    const groups = new Map<unknown, ProcessorGroup>();
    for await (const batch of this.child.execute(ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const key = fn.keyAt(cols, r);
        const compact = compactKeyOf(key);
        let g = groups.get(compact);
        if (!g) {
          g = { key, compact, rows: [] };
          groups.set(compact, g);
        }
        g.rows.push(fn.rowsAt(cols, [r])[0]!);
      }
    }
    const batchTimestampMs = this.clock.nowMillis();
    const result = await runStatefulProcessor(
      {
        spec,
        fn,
        stores,
        partitionOf: () => 0,
        numPartitions: 1,
        closeAgain: true,
        batchTimestampMs,
        watermarkMs: -1,
        timerThresholdMs: spec.timeMode === "ProcessingTime" ? batchTimestampMs : undefined,
        withInitialState: true,
        count: () => {},
        rows: { updated: 0, removed: 0 },
        now: () => this.clock.nowMillis(),
      },
      groups.values(),
    );
    if (result.out.length > 0) yield batchFromRows(result.out, this.output.length);
  }
}
