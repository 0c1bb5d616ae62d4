/**
 * SessionWindowStateStoreRestoreExec (Spark's): below the PartialMerge MergingSessions of a
 * streaming session-window aggregation. Its input is this batch's partial aggregates, one row per
 * group key and per-row session `[t, t + gap)`. It
 * - drops the late rows: those whose session ends at or before the late-events watermark
 *   (`session.end <= watermark`, Spark's WatermarkSupport predicate on the session struct), counted
 *   as numRowsDroppedByWatermark (its SessionWindowStateStoreSave reports them);
 * - for each group key of the batch, emits the key's rows together with its stored sessions (the
 *   committed version `batchId` of the save operator's stores), all sorted by session start, the
 *   rows of one key contiguous and tagged with the key's state partition.
 * The sessions of a key left untouched by the batch are not read (Spark's merge-sort iterator
 * reads only the keys of its input).
 */
import type { RecordBatch } from "../../data/record-batch.js";
import type { AttributeReference } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { drain, type ExecNode, type TaskContext } from "../../physical/exec-node.js";
import { watermarkDelayOf } from "../../plans/event-time.js";
import type { RestoreSource } from "./state-store-restore-exec.js";
import { type StateInfo, withInputWatermarks } from "./stateful-operator.js";
import { cloneStateValue } from "../state/state-value.js";
import {
  groupKeyPlacement,
  sessionPartitioner,
  groupKeyValues,
  type SessionLayout,
  type StoredSession,
  sessionBounds,
  sessionsByGroupKey,
} from "./session-window-state.js";

export class SessionWindowStateStoreRestoreExec implements ExecNode {
  readonly nodeName = "SessionWindowStateStoreRestore";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  /** Late rows dropped by the latest execution (read by the save operator's progress). */
  numRowsDroppedByWatermark = 0;

  /**
   * @param layout where the keys and the session are in the child's rows
   * @param state resolves the save operator once the plan is built (the two share one state)
   */
  constructor(
    private readonly child: ExecNode,
    private readonly layout: SessionLayout,
    private info: StateInfo,
    private readonly state: () => RestoreSource,
  ) {
    this.children = [child];
    this.output = child.output;
  }

  /** Its save operator's input watermarks (set through SessionWindowStateStoreSaveExec). */
  setInputWatermarks(lateEventsMs: number, evictionMs: number): void {
    this.info = withInputWatermarks(this.info, lateEventsMs, evictionMs);
  }

  describe(): string {
    // Spark's fields: keys, session, state info, the two event-time watermarks, state format 1.
    const { watermarkForLateEventsMs: late, watermarkForEvictionMs: evict } = this.info;
    return `SessionWindowStateStoreRestore [${this.layout.keys.map(explainSql).join(", ")}], ${explainSql(this.layout.session)}, ${this.state().stateInfoString()}, ${late}, ${evict}, 1`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    this.numRowsDroppedByWatermark = 0;
    const stores = await this.state().readStores();
    const layout = this.layout;
    const width = this.child.output.length;
    const lateBelow =
      watermarkDelayOf(layout.session) !== undefined ? this.info.watermarkForLateEventsMs * 1000 : undefined;
    // Per state partition: compact group key → the key's rows (input rows and stored sessions).
    const parts: (Map<unknown, unknown[][]> | undefined)[] = new Array(stores.length);
    const stored: (Map<unknown, StoredSession[]> | undefined)[] = new Array(stores.length);
    const partitioner = sessionPartitioner(layout, this.info, stores.length);
    for (const batch of await drain(this.child, ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const b = sessionBounds(cols[layout.sessionOrdinal]![r]);
        if (lateBelow !== undefined && b !== undefined && b[1] <= lateBelow) {
          this.numRowsDroppedByWatermark++;
          continue;
        }
        const [k, p] = groupKeyPlacement(groupKeyValues(cols, layout, r), partitioner);
        let groups = parts[p];
        if (!groups) {
          groups = new Map();
          parts[p] = groups;
        }
        let rows = groups.get(k);
        if (!rows) {
          rows = [];
          groups.set(k, rows);
          let index = stored[p];
          if (!index) {
            index = sessionsByGroupKey(stores[p]!, layout.keys.length);
            stored[p] = index;
          }
          // The stored buffers are copied: the merge above may fold into them.
          for (const s of index.get(k) ?? []) rows.push(s.value.map((v) => cloneStateValue(v)));
        }
        const row = new Array<unknown>(width);
        for (let c = 0; c < width; c++) row[c] = cols[c]![r];
        rows.push(row);
      }
    }
    const start = (row: readonly unknown[]): number => sessionBounds(row[layout.sessionOrdinal])?.[0] ?? 0;
    for (let p = 0; p < parts.length; p++) {
      const groups = parts[p];
      if (!groups) continue;
      const columns: unknown[][] = Array.from({ length: width }, () => []);
      let n = 0;
      for (const rows of groups.values()) {
        // A stable sort: a stored session precedes this batch's rows that start with it.
        rows.sort((a, b) => start(a) - start(b));
        for (const row of rows) {
          for (let c = 0; c < width; c++) columns[c]!.push(row[c]);
          n++;
        }
      }
      yield { numRows: n, columns, partitionId: p };
    }
  }
}
