/**
 * Spark's WatermarkTracker: the query's global event-time watermark, from the statistics of its
 * watermark nodes (EventTimeWatermarkExec, in plan pre-order), updated after each batch:
 *
 * - node i with rows this batch: its watermark becomes max(its watermark, maxEventTime − delay);
 *   a node that has never seen a row counts as 0 (so with the `min` policy the global watermark
 *   stays at 0 until every input has seen data);
 * - global = min (default) or max (`spark.sql.streaming.multipleWatermarkPolicy`, pinned in the
 *   checkpoint) over the nodes, and it only moves forward.
 *
 * The per-node watermarks live in memory only (as in Spark): a restarted query starts from the
 * global watermark in its logs and rebuilds them from the next batches.
 *
 * Beyond Spark (opt-in per node, `withWatermark(col, delay, { idleTimeout })`): `advanceIdle(now)`
 * moves the watermark of a node that has had no rows for at least its idle timeout as if its
 * event time had kept pace with processing time since its last rows: (max event time − delay) +
 * (now − time of the batch that brought them). The engine calls it on a trigger without data;
 * the advanced watermark is logged with the batch that uses it, so a re-run repeats it.
 */
import { TsparkError } from "../../common/errors.js";
import type { EventTimeStats } from "./event-time-stats.js";

export type MultipleWatermarkPolicy = "min" | "max";

export const MULTIPLE_WATERMARK_POLICY_CONF = "spark.sql.streaming.multipleWatermarkPolicy";

/** The policy named by the conf value (case-insensitive); anything else is an error. */
export function parseWatermarkPolicy(value: string | undefined): MultipleWatermarkPolicy {
  const v = (value ?? "min").trim().toLowerCase();
  if (v === "min" || v === "max") return v;
  throw new TsparkError("ILLEGAL_ARGUMENT", {
    messageParameters: {
      message: `Could not recognize watermark policy '${value}': the valid values are 'min' and 'max' (${MULTIPLE_WATERMARK_POLICY_CONF})`,
    },
  });
}

/** One watermark node's batch: its delay and statistics. */
export interface WatermarkNodeStats {
  readonly delayMs: number;
  readonly stats: EventTimeStats;
  readonly idleTimeoutMs?: number | undefined;
}

/** What the tracker remembers of a node for idle advances. */
interface NodeActivity {
  /** max event time − delay of the node's newest rows. */
  readonly base: number;
  /** The batch timestamp that brought them. */
  readonly atMs: number;
  readonly idleTimeoutMs: number;
}

export class WatermarkTracker {
  private readonly nodeWatermarks = new Map<number, number>();
  private readonly activity = new Map<number, NodeActivity>();
  private global: number;

  constructor(
    private readonly policy: MultipleWatermarkPolicy,
    initialWatermarkMs = 0,
  ) {
    this.global = initialWatermarkMs;
  }

  /** The global watermark (ms since the epoch). */
  get currentWatermarkMs(): number {
    return this.global;
  }

  /** Restores the global watermark from the logs (never moves it back). */
  setWatermark(ms: number): void {
    if (ms > this.global) this.global = ms;
  }

  /**
   * Folds a finished batch's watermark nodes (in plan pre-order) into the watermark;
   * `batchTimestampMs` (the batch's logged time) dates their rows for idle advances.
   */
  update(nodes: readonly WatermarkNodeStats[], batchTimestampMs = 0): void {
    if (nodes.length === 0) return;
    nodes.forEach((n, i) => {
      const prev = this.nodeWatermarks.get(i);
      if (n.stats.count > 0) {
        const wm = n.stats.max - n.delayMs;
        if (prev === undefined || wm > prev) this.nodeWatermarks.set(i, wm);
        if (n.idleTimeoutMs !== undefined) {
          const known = this.activity.get(i);
          this.activity.set(i, {
            base: Math.max(wm, known?.base ?? wm),
            atMs: batchTimestampMs,
            idleTimeoutMs: n.idleTimeoutMs,
          });
        }
      } else if (prev === undefined) {
        this.nodeWatermarks.set(i, 0);
      }
    });
    this.choose();
  }

  /** Idle advances at processing time `nowMs` (see the header); returns whether the watermark moved. */
  advanceIdle(nowMs: number): boolean {
    let moved = false;
    for (const [i, a] of this.activity) {
      const idleFor = nowMs - a.atMs;
      if (idleFor < a.idleTimeoutMs) continue;
      const wm = a.base + idleFor;
      if (wm > (this.nodeWatermarks.get(i) ?? Number.NEGATIVE_INFINITY)) {
        this.nodeWatermarks.set(i, wm);
        moved = true;
      }
    }
    if (!moved) return false;
    const before = this.global;
    this.choose();
    return this.global > before;
  }

  private choose(): void {
    const values = [...this.nodeWatermarks.values()];
    if (values.length === 0) return;
    const chosen = this.policy === "min" ? Math.min(...values) : Math.max(...values);
    if (chosen > this.global) this.global = chosen;
  }
}
